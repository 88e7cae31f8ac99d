//! Facts of articles in the languages read through word tables (Arabic,
//! Russian, Ukrainian, French, Spanish; `config/lang/<code>/`). The steps are
//! those of the English reader — find figures, tie each to an outcome, a
//! victim group and a side, keep earlier events and cumulative tolls apart,
//! tally the event — with every word coming from the tables. Output names are
//! English: sides and places through the tables' spellings of the gazetteer.

pub mod casualties;
pub mod dates;
pub mod names;
pub mod numbers;
pub mod tables;
pub mod words;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::facts::knowledge::{Knowledge, PartyKind, PartyMention, Scan};
use crate::facts::sentences::{self, Span};
use crate::facts::{parties, places};
use crate::facts::{BackgroundFigure, Casualty, Claim, Evidence, Facts, FactsInput, Party, Totals};

use casualties::Figure;
use tables::{Outcome, Tables};
use words::Word;

/// Whether `code` is read through tables.
pub fn has_tables(code: &str) -> bool {
    Tables::get(code).is_some()
}

/// One sentence (or the title) read.
struct Read {
    evidence: Evidence,
    words: Vec<Word>,
    parties: Vec<PartyMention>,
    figures: Vec<Figure>,
    background: Option<&'static str>,
}

/// Sentences of `text`: the shared splitter, then Arabic full stops and
/// question marks, which the shared one (waiting for a capital) passes by.
fn split(text: &str, code: &str) -> Vec<Span> {
    let spans = sentences::split(text);
    if code != "ar" {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len() * 2);
    for s in spans {
        let piece = &text[s.start..s.end];
        let mut start = 0;
        for (i, c) in piece.char_indices() {
            let end = i + c.len_utf8();
            let next_space = piece[end..].starts_with(char::is_whitespace);
            if matches!(c, '.' | '؟' | '!' | '?') && next_space {
                push(&mut out, s.start, piece, start, end);
                start = end;
            }
        }
        push(&mut out, s.start, piece, start, piece.len());
    }
    out
}

fn push(out: &mut Vec<Span>, base: usize, piece: &str, start: usize, end: usize) {
    let part = &piece[start..end];
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    if lead + trail < part.len() {
        out.push(Span {
            start: base + start + lead,
            end: base + end - trail,
        });
    }
}

fn offset(mut words: Vec<Word>, by: usize) -> Vec<Word> {
    for w in &mut words {
        w.start += by;
        w.end += by;
    }
    words
}

/// The facts of an article in language `code`; `None` when the language has
/// no tables.
pub fn extract(input: &FactsInput, code: &str) -> Option<Facts> {
    let t = Tables::get(code)?;
    let text = input.text;
    let spans = split(text, code);
    let mut reads: Vec<Read> = Vec::with_capacity(spans.len() + 1);
    if let Some(title) = input.title {
        reads.push(read(
            t,
            title,
            Evidence {
                sentence: title.to_string(),
                start: 0,
                end: title.len(),
                in_title: true,
            },
            0,
        ));
    }
    for s in &spans {
        reads.push(read(
            t,
            text,
            crate::facts::context::evidence(text, *s),
            s.start,
        ));
    }
    let anchor = dates::anchor(t, text, &spans, input.published, input.page_dates);
    let event_date = dates::event_date(t, &reads_words(&reads), anchor);
    for r in &mut reads {
        r.background = background(t, r, anchor, event_date, input.published);
        if r.background.is_none() {
            // Of a sentence telling this event and another, only this
            // event's figures count.
            let cued = |f: &Figure| {
                (f.clause.0..f.clause.1).any(|k| {
                    t.earlier.contains_at(&r.words, k) || t.cumulative.contains_at(&r.words, k)
                })
            };
            let keep: Vec<bool> = r.figures.iter().map(|f| !cued(f)).collect();
            let mut keep = keep.into_iter();
            r.figures.retain(|_| keep.next().unwrap_or(true));
        }
    }
    // Places and parties: the gazetteer (Latin-script names) and the tables.
    let knowledge = Knowledge::global();
    let mut scan: Scan = knowledge.scan(text);
    for r in reads.iter().filter(|r| !r.evidence.in_title) {
        let (_, places) = names::scan(t, &r.words);
        scan.parties.extend(r.parties.iter().cloned());
        scan.places.extend(places);
    }
    scan.parties.sort_by_key(|p| p.start);
    scan.places.sort_by_key(|p| p.start);
    scan.parties.dedup_by(|a, b| a.start == b.start);
    scan.places.dedup_by(|a, b| a.start == b.start);
    let title_scan = input.title.map(|title| {
        let w = words::words(title);
        let (mut p, mut pl) = names::scan(t, &w);
        let k = knowledge.scan(title);
        p.extend(k.parties);
        pl.extend(k.places);
        (p, pl)
    });
    let home = home_country(&scan, title_scan.as_ref());
    let mut parties = parties::split(text, &spans, &scan.parties);
    let mut locations = places::locations(text, &spans, &scan);
    if let (Some(title), Some((_, title_places))) = (input.title, &title_scan) {
        for p in title_places {
            if locations.iter().any(|l| l.name == p.name) {
                continue;
            }
            locations.insert(
                0,
                crate::facts::Location {
                    name: p.name.clone(),
                    country: p.country.clone(),
                    evidence: Evidence {
                        sentence: title.to_string(),
                        start: 0,
                        end: title.len(),
                        in_title: true,
                    },
                },
            );
        }
    }
    let mut countries: Vec<String> = Vec::new();
    for c in locations
        .iter()
        .filter_map(|l| l.country.clone())
        .chain(home.clone())
    {
        if !countries.contains(&c) {
            countries.push(c);
        }
    }
    if countries.is_empty() {
        countries = places::countries(text, &locations, &scan, &parties);
    }
    let regions = places::regions(&locations, &countries);
    let (casualties, totals, background) = tally(&reads, home.as_deref());
    for c in &casualties {
        let Some(side) = &c.side else { continue };
        if parties.belligerents.iter().any(|p| &p.name == side) {
            continue;
        }
        let party = match parties.mentioned.iter().position(|p| &p.name == side) {
            Some(i) => parties.mentioned.remove(i),
            None => Party {
                name: side.clone(),
                evidence: c.evidence.clone(),
            },
        };
        parties.belligerents.push(party);
    }
    let claims = claims(t, &reads);
    let is_clash_report = is_clash_report(t, &reads, &casualties, &scan, title_scan.as_ref());
    Some(Facts {
        is_clash_report,
        event_date,
        countries,
        locations,
        regions,
        parties,
        casualties,
        totals,
        background,
        claims,
        // The caller knows what its reading limits left out.
        truncated: None,
        language: Some(code.to_string()),
    })
}

fn reads_words(reads: &[Read]) -> Vec<(&[Word], bool)> {
    reads
        .iter()
        .map(|r| (r.words.as_slice(), !r.figures.is_empty()))
        .collect()
}

/// Read one sentence of `text` (the title when `evidence.in_title`, which
/// then is `text` itself) at byte offset `base`.
fn read(t: &Tables, text: &str, evidence: Evidence, base: usize) -> Read {
    let sentence = &text[evidence.start..evidence.end];
    let w = offset(words::words(sentence), base);
    let (mut parties, _) = names::scan(t, &w);
    // Names spelled as in English ("Boko Haram", "Colombia") come from the
    // gazetteer itself.
    for mut m in Knowledge::global().parties_in(sentence) {
        m.start += base;
        m.end += base;
        if !parties.iter().any(|p| p.start < m.end && m.start < p.end) {
            parties.push(m);
        }
    }
    parties.sort_by_key(|p| p.start);
    let figures = casualties::figures(t, &w, &parties);
    Read {
        evidence,
        words: w,
        parties,
        figures,
        background: None,
    }
}

/// Why a sentence's figures are not the event's, if they are not.
fn background(
    t: &Tables,
    r: &Read,
    anchor: Option<NaiveDate>,
    event: Option<NaiveDate>,
    published: Option<NaiveDate>,
) -> Option<&'static str> {
    if r.figures.is_empty() {
        return None;
    }
    // A cue in the clause of every figure ("ранее сообщалось о 10
    // пострадавших" beside this event's 12 is about another report).
    let in_clauses = |cues: &words::Lexicon<()>| {
        r.figures
            .iter()
            .all(|f| (f.clause.0..f.clause.1).any(|k| cues.contains_at(&r.words, k)))
    };
    if in_clauses(&t.cumulative) {
        return Some("cumulative toll");
    }
    if in_clauses(&t.hypothetical) {
        return Some("hypothetical");
    }
    if in_clauses(&t.earlier) {
        return Some("earlier event");
    }
    // A year before the article's: an earlier event.
    let year = published.or(anchor).map(|d| d.year());
    let old_year = r.words.iter().any(|w| {
        w.number
            .filter(|_| w.key.len() == 4)
            .and_then(|n| i32::try_from(n).ok())
            .is_some_and(|y| (1900..2100).contains(&y) && year.is_some_and(|a| y < a))
    });
    let days: Vec<NaiveDate> = dates::find(t, &r.words)
        .into_iter()
        .filter_map(|d| crate::facts::dates::resolve(d, anchor))
        .collect();
    // "en octobre 2021" told in passing beside "samedi 15 avril" is no
    // earlier event.
    let recent = anchor.is_some_and(|a| days.iter().any(|d| (a - *d).num_days().abs() <= 7));
    if old_year && !recent {
        return Some("earlier event");
    }
    // Another day than the event's ("В субботу ... четыре человека погибли"
    // in a report of Sunday's strike).
    if let Some(event) = event {
        if !days.is_empty() && days.iter().all(|d| *d < event) {
            return Some("earlier event");
        }
    }
    None
}

/// The country the article is about: its first place, else the first state
/// it names (not by demonym), title first.
fn home_country(
    scan: &Scan,
    title: Option<&(
        Vec<PartyMention>,
        Vec<crate::facts::knowledge::PlaceMention>,
    )>,
) -> Option<String> {
    let title_place = title.and_then(|(_, pl)| pl.iter().find_map(|p| p.country.clone()));
    let title_state = title.and_then(|(p, _)| {
        p.iter()
            .find(|m| m.kind == PartyKind::Country && !m.demonym)
            .map(|m| m.party.clone())
    });
    title_place
        .or_else(|| scan.places.iter().take(3).find_map(|p| p.country.clone()))
        .or(title_state)
        .or_else(|| {
            scan.parties
                .iter()
                .find(|m| m.kind == PartyKind::Country && !m.demonym)
                .map(|m| m.party.clone())
        })
}

/// Groups whose side is the country where it happened when the text names none.
const LOCAL_GROUPS: &[&str] = &[
    "civilians",
    "people",
    "children",
    "women",
    "police",
    "soldiers",
];

#[derive(Default)]
struct Cell {
    value: u32,
    approximate: bool,
    evidence: Option<Evidence>,
    /// The sentence (index in the reads) the figure came from.
    sentence: usize,
}

type Key = (Option<String>, String);

fn tally(reads: &[Read], home: Option<&str>) -> (Vec<Casualty>, Totals, Vec<BackgroundFigure>) {
    let mut killed: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut injured: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut background = Vec::new();
    for (index, r) in reads.iter().enumerate() {
        if let Some(why) = r.background {
            let k: u32 = r
                .figures
                .iter()
                .filter(|f| f.outcome == Outcome::Killed)
                .map(|f| f.value)
                .sum();
            let i: u32 = r
                .figures
                .iter()
                .filter(|f| f.outcome == Outcome::Injured)
                .map(|f| f.value)
                .sum();
            background.push(BackgroundFigure {
                killed: k,
                injured: i,
                approximate: r.figures.iter().any(|f| f.approximate),
                why: why.to_string(),
                evidence: r.evidence.clone(),
            });
            continue;
        }
        // Figures of one sentence for the same victims add up ("5 силовиков,
        // 5 гражданских"); across sentences the largest is kept.
        let mut here: BTreeMap<(Outcome, Key), (u32, bool)> = BTreeMap::new();
        for f in &r.figures {
            let side = f.side.clone().or_else(|| {
                LOCAL_GROUPS
                    .contains(&f.group.as_str())
                    .then(|| home.map(str::to_string))
                    .flatten()
            });
            let e = here
                .entry((f.outcome, (side, f.group.clone())))
                .or_insert((0, false));
            e.0 = e.0.saturating_add(f.value);
            e.1 |= f.approximate;
        }
        for ((outcome, key), (value, approximate)) in here {
            let table = match outcome {
                Outcome::Killed => &mut killed,
                Outcome::Injured => &mut injured,
            };
            let cell = table.entry(key).or_default();
            if value > cell.value {
                cell.value = value;
                cell.approximate = approximate;
                cell.evidence = Some(r.evidence.clone());
                cell.sentence = index;
            }
        }
    }
    // Per side, a count of "people" told in another sentence overlaps the
    // specific groups: only what it adds beyond them is its own. Told in the
    // same sentence ("un enfant poignardé, deux personnes blessées") they
    // are different victims.
    let narrow = |table: &mut BTreeMap<Key, Cell>| {
        let sides: Vec<Option<String>> = table.keys().map(|k| k.0.clone()).collect();
        for side in sides {
            let people = (side.clone(), "people".to_string());
            let Some(at) = table.get(&people).map(|c| c.sentence) else {
                continue;
            };
            let specific: u32 = table
                .iter()
                .filter(|(k, c)| k.0 == side && k.1 != "people" && c.sentence != at)
                .map(|(_, c)| c.value)
                .sum();
            if let Some(c) = table.get_mut(&people) {
                c.value = c.value.saturating_sub(specific);
            }
        }
        // Figures without a side overlap those with one the same way.
        let unsided = (None, "people".to_string());
        if let Some(at) = table.get(&unsided).map(|c| c.sentence) {
            let sided: u32 = table
                .iter()
                .filter(|(k, c)| k.0.is_some() && c.sentence != at)
                .map(|(_, c)| c.value)
                .sum();
            if let Some(c) = table.get_mut(&unsided) {
                c.value = c.value.saturating_sub(sided);
            }
        }
        table.retain(|_, c| c.value > 0);
    };
    narrow(&mut killed);
    narrow(&mut injured);
    let totals = Totals {
        killed: killed.values().map(|c| c.value).sum(),
        injured: injured.values().map(|c| c.value).sum(),
    };
    let mut keys: Vec<Key> = killed.keys().chain(injured.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let k = killed.remove(&key).unwrap_or_default();
        let i = injured.remove(&key).unwrap_or_default();
        let Some(evidence) = k.evidence.clone().or(i.evidence.clone()) else {
            continue;
        };
        out.push(Casualty {
            side: key.0,
            group: Some(key.1),
            killed: k.value,
            injured: i.value,
            approximate: k.approximate || i.approximate,
            claimed_by: None,
            evidence,
        });
    }
    (out, totals, background)
}

/// Attributed statements: a sentence with a reporting verb and a party.
fn claims(t: &Tables, reads: &[Read]) -> Vec<Claim> {
    let mut out = Vec::new();
    for r in reads.iter().filter(|r| !r.evidence.in_title) {
        let Some(verb) = (0..r.words.len()).find_map(|i| t.claims.at(&r.words, i).map(|(v, _)| v))
        else {
            continue;
        };
        let mut named = r
            .parties
            .iter()
            .filter(|p| !p.demonym || p.kind == PartyKind::Country);
        let Some(speaker) = named.next() else {
            continue;
        };
        let target = named
            .find(|p| p.party != speaker.party)
            .map(|p| p.party.clone());
        out.push(Claim {
            speaker: speaker.party.clone(),
            verb,
            target,
            evidence: r.evidence.clone(),
        });
    }
    out
}

/// A clash report: a toll of this event, or armed violence told in the title
/// or the lead together with a party or a place.
fn is_clash_report(
    t: &Tables,
    reads: &[Read],
    casualties: &[Casualty],
    scan: &Scan,
    title: Option<&(
        Vec<PartyMention>,
        Vec<crate::facts::knowledge::PlaceMention>,
    )>,
) -> bool {
    if !casualties.is_empty() {
        return true;
    }
    let lead: Vec<&Read> = reads.iter().take(3).collect();
    // Threats and conditions ("может ударить", "pourrait frapper") are no clash.
    let violent = lead
        .iter()
        .any(|r| t.violence.any(&r.words) && !t.hypothetical.any(&r.words));
    let named = !scan.parties.is_empty()
        || !scan.places.is_empty()
        || title.is_some_and(|(p, pl)| !p.is_empty() || !pl.is_empty());
    violent && named && !lead.iter().all(|r| r.background.is_some())
}
