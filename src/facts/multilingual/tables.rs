//! The word tables of one language, compiled from the shared per-language
//! tables (`config/lang/<code>/`, format in `config/lang/en/FORMAT.md`,
//! loaded by [`crate::facts::lang`]) into the phrase lexicons this reader
//! matches with: forms are folded like the text's words (Arabic alef forms,
//! clitics), a trailing `*` makes a stem and several words a phrase.

use std::sync::OnceLock;

use chrono::Weekday;

use super::words::Lexicon;
use crate::facts::lang::{self, Lang, OutcomeKind};

/// Codes of the languages read through this reader: every language with
/// tables but English, which has its own reader.
pub fn languages() -> impl Iterator<Item = &'static str> {
    lang::codes().filter(|c| *c != "en")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Killed,
    Injured,
}

/// What a victim word tells: its group, and how many it names alone (one for
/// a singular, two for an Arabic dual), if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Victim {
    pub group: String,
    pub alone: Option<u32>,
}

/// A date word: a weekday, or days before publication ("вчера" = 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWord {
    Weekday(Weekday),
    DaysAgo(i64),
    Month(u32),
}

#[derive(Debug, Default)]
pub struct Tables {
    pub code: &'static str,
    /// Cardinal and collective numerals in every case and gender.
    pub numbers: Lexicon<u32>,
    /// Words that multiply the number before them ("тысяч", "آلاف").
    pub scales: Lexicon<u32>,
    /// Vague amounts, valued as conflict-data coders do ("десятки" = 10).
    pub vague: Lexicon<u32>,
    /// Phrases before a count that make it approximate ("не менее").
    pub approx_before: Lexicon<()>,
    /// Phrases after the victims that make the count approximate ("على الأقل").
    pub approx_after: Lexicon<()>,
    /// A word after a digit count that makes it no head count ("лет", "км").
    pub not_counted_after: Lexicon<()>,
    /// Words a digit count joined by a hyphen still is a count with ("5-ро").
    pub digit_suffixes: Lexicon<()>,
    /// Number words that double as articles ("un", "una").
    pub articles: Lexicon<()>,
    /// Outcome words; `true` for a singular form ("погиб", "a été tué").
    pub killed: Lexicon<bool>,
    pub injured: Lexicon<bool>,
    pub victims: Lexicon<Victim>,
    /// Words naming a toll ("число погибших", "حصيلة", "bilan").
    pub toll: Lexicon<()>,
    /// Where a toll's new count follows ("до", "إلى", "à").
    pub toll_to: Lexicon<()>,
    /// A sentence with one of these tells a cumulative toll.
    pub cumulative: Lexicon<()>,
    /// A sentence with one of these tells an earlier or another event.
    pub earlier: Lexicon<()>,
    /// A sentence with one of these tells what might happen, not what did.
    pub hypothetical: Lexicon<()>,
    /// A sentence with one of these tells another incident than the
    /// article's ("en ese ataque", "في هجوم آخر").
    pub other: Lexicon<()>,
    /// Headline and lede cues of war news without a new event of its own
    /// (a funeral, a trial, an inquiry, a film, a testimony, an accident) →
    /// the kind, for people reading.
    pub not_event: Lexicon<&'static str>,
    /// Words of armed violence, for telling clash reports.
    pub violence: Lexicon<()>,
    /// Reporting verbs → the English verb of a claim.
    pub claims: Lexicon<String>,
    pub dates: Lexicon<DateWord>,
    /// Names of parties (countries, groups, forces, demonyms) → English name.
    pub parties: Lexicon<(String, bool)>,
    /// Names of places → English name.
    pub places: Lexicon<String>,
}

fn lexicon<T: Clone>(forms: &[&str], value: T) -> Lexicon<T> {
    let mut l = Lexicon::default();
    for f in forms {
        l.add(f, value.clone());
    }
    l
}

impl Tables {
    /// Compiles `lang`'s tables. The order forms are added in is the
    /// tables' order: on a tie the first wins (a singular form before its
    /// stem's row).
    pub fn from_lang(lang: &Lang) -> Tables {
        let mut t = Tables {
            code: lang.code,
            ..Tables::default()
        };
        let n = &lang.numbers;
        for (f, v) in n.units.iter().chain(&n.tens) {
            t.numbers.add(f, *v);
        }
        for (f, v) in &n.scales {
            t.scales.add(f, *v);
        }
        for (f, v) in &n.vague {
            t.vague.add(f, *v);
        }
        for q in &n.qualifiers {
            t.approx_before.add(&q.join(" "), ());
        }
        for q in &n.qualifiers_after {
            t.approx_after.add(&q.join(" "), ());
        }
        t.not_counted_after = lexicon(n.not_counted_after, ());
        t.digit_suffixes = lexicon(n.digit_suffixes, ());
        t.articles = lexicon(n.articles, ());
        for row in &lang.outcome_rows {
            let table = match row.outcome {
                OutcomeKind::Killed => &mut t.killed,
                // Shot, fate not told: counted as hit, like injured.
                OutcomeKind::Injured | OutcomeKind::Shot => &mut t.injured,
            };
            for f in row.forms {
                table.add(f, row.singular);
            }
        }
        // Forms naming one person (or two, an Arabic dual) alone come first,
        // so they win over their group's stem.
        for row in &lang.victim_rows {
            for (forms, n) in [(row.one, 1), (row.two, 2)] {
                for f in forms {
                    t.victims.add(
                        f,
                        Victim {
                            group: row.group.to_string(),
                            alone: Some(n),
                        },
                    );
                }
            }
        }
        for row in &lang.victim_rows {
            for f in row.words {
                if row.one.contains(f) || row.two.contains(f) {
                    continue;
                }
                t.victims.add(
                    f,
                    Victim {
                        group: row.group.to_string(),
                        alone: None,
                    },
                );
            }
        }
        for toll in &lang.tolls {
            for f in toll.phrases {
                t.toll.add(f, ());
            }
            for f in toll.to {
                t.toll_to.add(f, ());
            }
        }
        for (phrase, why) in &lang.background {
            let table = match *why {
                "cumulative toll" => &mut t.cumulative,
                "earlier event" => &mut t.earlier,
                "hypothetical" => &mut t.hypothetical,
                "other event" => &mut t.other,
                _ => continue,
            };
            table.add(phrase, ());
        }
        for (phrase, kind) in &lang.not_event {
            t.not_event.add(phrase, *kind);
        }
        t.violence = lexicon(lang.lists.violence, ());
        for (f, verb) in &lang.claims {
            t.claims.add(f, verb.to_string());
        }
        for (f, d) in &lang.dates.weekdays {
            t.dates.add(f, DateWord::Weekday(*d));
        }
        for (f, n) in &lang.dates.days_ago {
            t.dates.add(f, DateWord::DaysAgo(*n));
        }
        for (f, m) in &lang.dates.months {
            t.dates.add(f, DateWord::Month(*m));
        }
        for (f, name) in &lang.names.parties {
            t.parties.add(f, (name.to_string(), false));
        }
        for (f, name) in &lang.names.demonyms {
            t.parties.add(f, (name.to_string(), true));
        }
        for (f, name) in &lang.names.places {
            t.places.add(f, name.to_string());
        }
        t
    }

    /// The tables of `code`, built on first use; `None` for English and for
    /// a language without tables.
    pub fn get(code: &str) -> Option<&'static Tables> {
        static ALL: OnceLock<Vec<Tables>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            languages()
                .filter_map(lang::get)
                .map(Tables::from_lang)
                .collect()
        });
        all.iter().find(|t| t.code == code)
    }
}
