//! The word tables of one language, read from `config/lang/<code>/words.toml`
//! and `config/lang/<code>/names.toml` (compiled in, parsed once). The files
//! say what each table means; forms are written lower-case and a trailing `*`
//! makes a stem ("погиб*" reads погиб, погибли, погибших).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::Weekday;
use serde::Deserialize;

use super::words::Lexicon;

/// Languages with tables, and their files.
const FILES: &[(&str, &str, &str)] = &[
    (
        "ar",
        include_str!("../../../config/lang/ar/words.toml"),
        include_str!("../../../config/lang/ar/names.toml"),
    ),
    (
        "ru",
        include_str!("../../../config/lang/ru/words.toml"),
        include_str!("../../../config/lang/ru/names.toml"),
    ),
    (
        "uk",
        include_str!("../../../config/lang/uk/words.toml"),
        include_str!("../../../config/lang/uk/names.toml"),
    ),
    (
        "fr",
        include_str!("../../../config/lang/fr/words.toml"),
        include_str!("../../../config/lang/fr/names.toml"),
    ),
    (
        "es",
        include_str!("../../../config/lang/es/words.toml"),
        include_str!("../../../config/lang/es/names.toml"),
    ),
];

/// Codes of the languages read through tables (English has its own reader).
pub fn languages() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(c, _, _)| *c)
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    numbers: NumbersSection,
    outcomes: OutcomesSection,
    /// Victim nouns by group; the lists `victims_one` and `victims_two` in
    /// this section are the forms that name one person (or two, an Arabic
    /// dual) without a count.
    victims: BTreeMap<String, Vec<String>>,
    cues: CuesSection,
    claims: BTreeMap<String, Vec<String>>,
    dates: DatesSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersSection {
    values: BTreeMap<String, u32>,
    #[serde(default)]
    scales: BTreeMap<String, u32>,
    #[serde(default)]
    vague: BTreeMap<String, u32>,
    approx_before: Vec<String>,
    #[serde(default)]
    approx_after: Vec<String>,
    not_counted_after: Vec<String>,
    #[serde(default)]
    digit_suffixes: Vec<String>,
    /// Number words that are also articles ("un", "una"): a count only
    /// right before a victim noun.
    #[serde(default)]
    articles: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomesSection {
    killed: Vec<String>,
    #[serde(default)]
    killed_one: Vec<String>,
    injured: Vec<String>,
    #[serde(default)]
    injured_one: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CuesSection {
    toll: Vec<String>,
    toll_to: Vec<String>,
    cumulative: Vec<String>,
    earlier: Vec<String>,
    #[serde(default)]
    hypothetical: Vec<String>,
    violence: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesSection {
    weekdays: BTreeMap<String, Vec<String>>,
    days_ago: BTreeMap<String, i64>,
    #[serde(default)]
    months: BTreeMap<String, u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesFile {
    #[serde(default)]
    parties: BTreeMap<String, Vec<String>>,
    /// Demonyms and adjectives: they name a side's people ("украинские").
    #[serde(default)]
    demonyms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    places: BTreeMap<String, Vec<String>>,
}

/// Parse errors name the file, so a broken table is found by the tests.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("config/lang/{code}/{file}: {source}")]
    Parse {
        code: &'static str,
        file: &'static str,
        source: Box<toml::de::Error>,
    },
    #[error("config/lang/{code}/words.toml: unknown weekday {day:?}")]
    Weekday { code: &'static str, day: String },
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn lexicon<T: Clone>(forms: &[String], value: T) -> Lexicon<T> {
    let mut l = Lexicon::default();
    for f in forms {
        l.add(f, value.clone());
    }
    l
}

impl Tables {
    pub fn parse(code: &'static str, words: &str, names: &str) -> Result<Tables, TableError> {
        let mut w: WordsFile = toml::from_str(words).map_err(|source| TableError::Parse {
            code,
            file: "words.toml",
            source: Box::new(source),
        })?;
        let victims_one = w.victims.remove("victims_one").unwrap_or_default();
        let victims_two = w.victims.remove("victims_two").unwrap_or_default();
        let n: NamesFile = toml::from_str(names).map_err(|source| TableError::Parse {
            code,
            file: "names.toml",
            source: Box::new(source),
        })?;
        let mut t = Tables {
            code,
            ..Tables::default()
        };
        for (f, v) in &w.numbers.values {
            t.numbers.add(f, *v);
        }
        for (f, v) in &w.numbers.scales {
            t.scales.add(f, *v);
        }
        for (f, v) in &w.numbers.vague {
            t.vague.add(f, *v);
        }
        t.approx_before = lexicon(&w.numbers.approx_before, ());
        t.approx_after = lexicon(&w.numbers.approx_after, ());
        t.not_counted_after = lexicon(&w.numbers.not_counted_after, ());
        t.digit_suffixes = lexicon(&w.numbers.digit_suffixes, ());
        t.articles = lexicon(&w.numbers.articles, ());
        for f in &w.outcomes.killed_one {
            t.killed.add(f, true);
        }
        for f in &w.outcomes.killed {
            t.killed.add(f, false);
        }
        for f in &w.outcomes.injured_one {
            t.injured.add(f, true);
        }
        for f in &w.outcomes.injured {
            t.injured.add(f, false);
        }
        let mut groups: Lexicon<Victim> = Lexicon::default();
        for (group, forms) in &w.victims {
            for f in forms {
                groups.add(
                    f,
                    Victim {
                        group: group.clone(),
                        alone: None,
                    },
                );
            }
        }
        // Forms naming one person (or two, an Arabic dual) alone belong to the
        // group their stem is listed in; added first, they win over it.
        let alone: Vec<(String, u32)> = victims_one
            .iter()
            .map(|f| (f.clone(), 1))
            .chain(victims_two.iter().map(|f| (f.clone(), 2)))
            .collect();
        for (f, n) in alone {
            let group = groups
                .at(&super::words::words(&f), 0)
                .map_or_else(|| "people".to_string(), |(v, _)| v.group);
            t.victims.add(
                &f,
                Victim {
                    group,
                    alone: Some(n),
                },
            );
        }
        for (group, forms) in &w.victims {
            for f in forms {
                if victims_one.contains(f) || victims_two.contains(f) {
                    continue;
                }
                t.victims.add(
                    f,
                    Victim {
                        group: group.clone(),
                        alone: None,
                    },
                );
            }
        }
        t.toll = lexicon(&w.cues.toll, ());
        t.toll_to = lexicon(&w.cues.toll_to, ());
        t.cumulative = lexicon(&w.cues.cumulative, ());
        t.earlier = lexicon(&w.cues.earlier, ());
        t.hypothetical = lexicon(&w.cues.hypothetical, ());
        t.violence = lexicon(&w.cues.violence, ());
        for (verb, forms) in &w.claims {
            for f in forms {
                t.claims.add(f, verb.clone());
            }
        }
        for (day, forms) in &w.dates.weekdays {
            let d = weekday(day).ok_or_else(|| TableError::Weekday {
                code,
                day: day.clone(),
            })?;
            for f in forms {
                t.dates.add(f, DateWord::Weekday(d));
            }
        }
        for (f, n) in &w.dates.days_ago {
            t.dates.add(f, DateWord::DaysAgo(*n));
        }
        for (f, m) in &w.dates.months {
            t.dates.add(f, DateWord::Month(*m));
        }
        for (name, forms) in &n.parties {
            for f in forms {
                t.parties.add(f, (name.clone(), false));
            }
        }
        for (name, forms) in &n.demonyms {
            for f in forms {
                t.parties.add(f, (name.clone(), true));
            }
        }
        for (name, forms) in &n.places {
            for f in forms {
                t.places.add(f, name.clone());
            }
        }
        Ok(t)
    }

    /// The tables of `code`, built on first use; `None` for a language
    /// without tables (or, never in a tested build, a table that fails to
    /// parse: the text is then read as it would be without tables).
    pub fn get(code: &str) -> Option<&'static Tables> {
        static ALL: OnceLock<Vec<Tables>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            FILES
                .iter()
                .filter_map(|(c, w, n)| Tables::parse(c, w, n).ok())
                .collect()
        });
        all.iter().find(|t| t.code == code)
    }

    /// The raw files of `code`, for the tests that check every entry.
    pub fn files(code: &str) -> Option<(&'static str, &'static str)> {
        FILES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, w, n)| (*w, *n))
    }
}
