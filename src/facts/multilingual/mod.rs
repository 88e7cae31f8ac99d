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

use crate::budget;
use crate::facts::knowledge::{Knowledge, PartyKind, PartyMention, Scan};
use crate::facts::numbers::SaturatingSum;
use crate::facts::sentences::Span;
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
    /// The country of unnamed victims here: of the place this sentence
    /// tells, else of the last one told before it, else the article's.
    local: Option<String>,
}

/// The sentences to read: `spans` (the shared splitter's, none longer than
/// the limit), Arabic ones cut at full stops and question marks too, which
/// the shared splitter (waiting for a capital) passes by.
fn split(text: &str, spans: &[Span], code: &str) -> Vec<Span> {
    if code != "ar" {
        return spans.to_vec();
    }
    let mut out = Vec::with_capacity(spans.len() * 2);
    for s in spans.iter().copied() {
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

/// The facts of an article in language `code`, read by the sentences
/// `spans` (cut at the length limit, so that the rules that look across a
/// sentence look across bounded text); `None` when the language has no
/// tables.
pub fn extract(input: &FactsInput, spans: &[Span], code: &str) -> Option<Facts> {
    let t = Tables::get(code)?;
    let text = input.text;
    let spans = split(text, spans, code);
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
        // A clock check a sentence: this reader has no tick in its loops.
        budget::check();
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
        r.background = background(t, r, anchor, input.published);
        if r.background.is_none() {
            // Of a sentence telling this event and another, only this
            // event's figures count.
            // Cues counted once a word, not once a figure and word: a
            // sentence of many figures has as many clauses over it.
            let n = if r.figures.is_empty() {
                0
            } else {
                r.words.len()
            };
            let mut cues_before = vec![0u32; n + 1];
            for k in 0..n {
                let cue = t.earlier.contains_at(&r.words, k)
                    || t.cumulative.contains_at(&r.words, k)
                    || t.other.contains_at(&r.words, k);
                cues_before[k + 1] = cues_before[k] + u32::from(cue);
            }
            let cued = |f: &Figure| {
                let (a, b) = (f.clause.0.min(n), f.clause.1.min(n));
                f.value >= WAR_SCALE || (a < b && cues_before[b] > cues_before[a])
            };
            let keep: Vec<bool> = r.figures.iter().map(|f| !cued(f)).collect();
            let mut keep = keep.into_iter();
            r.figures.retain(|_| keep.next().unwrap_or(true));
        }
    }
    // A sentence dated before the event day tells an earlier event, unless
    // it retells a count of this one ("hoy condenó el ataque en el que
    // murieron 10 militares" ... "el miércoles ... causaron la muerte a 10").
    let dated: Vec<bool> = reads
        .iter()
        .map(|r| r.background.is_none() && other_day(t, r, anchor, event_date))
        .collect();
    let counted: Vec<(Outcome, u32)> = reads
        .iter()
        .zip(&dated)
        .filter(|(r, d)| r.background.is_none() && !**d)
        .flat_map(|(r, _)| r.figures.iter().map(|f| (f.outcome, f.value)))
        .collect();
    for (r, d) in reads.iter_mut().zip(dated) {
        let retold = r
            .figures
            .iter()
            .any(|f| counted.contains(&(f.outcome, f.value)));
        if d && !retold {
            r.background = Some("earlier event");
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
        // In the title's order: its first state or place is the article's.
        p.sort_by_key(|m| m.start);
        pl.sort_by_key(|m| m.start);
        (p, pl)
    });
    let home = home_country(&scan, title_scan.as_ref());
    let mut carried: Option<String> = None;
    for r in &mut reads {
        let own = match (&title_scan, r.evidence.in_title) {
            (Some((_, title_places)), true) => sentence_country(r, title_places),
            _ => sentence_country(r, &scan.places),
        };
        if own.is_some() {
            carried = own;
        }
        r.local = carried.clone().or_else(|| home.clone());
    }
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
    let (mut casualties, totals, background) = tally(&reads);
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
    // A side's figure told by its enemy ("ЗСУ повідомили про 6 загиблих
    // окупантів") keeps who claims it, as in English.
    crate::facts::sides::claimed(&mut casualties, &claims);
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
        local: None,
    }
}

/// Prepositions of place before a country's name ("en Ukraine", "в Сирии",
/// "في اليمن"): the country is where it happened, not who acted.
fn is_locative(w: &Word) -> bool {
    matches!(
        w.key.as_str(),
        "en" | "au" | "aux" | "dans" | "в" | "во" | "на" | "у" | "під" | "في"
    )
}

/// The country a sentence places itself in: its first place with a
/// country, else a country named after a preposition of place.
fn sentence_country(r: &Read, places: &[crate::facts::knowledge::PlaceMention]) -> Option<String> {
    let (lo, hi) = (r.evidence.start, r.evidence.end);
    places
        .iter()
        .filter(|p| p.start >= lo && p.end <= hi)
        .find_map(|p| p.country.clone())
        .or_else(|| {
            r.parties
                .iter()
                .filter(|p| p.kind == PartyKind::Country && !p.demonym)
                .find(|p| {
                    r.words
                        .iter()
                        .position(|w| w.start == p.start)
                        .is_some_and(|k| k > 0 && is_locative(&r.words[k - 1]))
                })
                .map(|p| p.party.clone())
        })
}

/// The smallest count of dead or hurt read as a war's or campaign's toll
/// rather than one clash's: the deadliest single attacks of recent decades
/// stayed below it.
const WAR_SCALE: u32 = 10_000;

/// Why a sentence's figures are not the event's, if they are not.
fn background(
    t: &Tables,
    r: &Read,
    anchor: Option<NaiveDate>,
    published: Option<NaiveDate>,
) -> Option<&'static str> {
    if r.figures.is_empty() {
        return None;
    }
    // A cue in the clause of every figure ("ранее сообщалось о 10
    // пострадавших" beside this event's 12 is about another report).
    // An opening clause without a figure ("La veille, ...", "Ранее, ...")
    // sets the time of the whole sentence.
    let opener = casualties::opening_clause(&r.words)
        .filter(|&end| r.figures.iter().all(|f| f.clause.0 >= end))
        .unwrap_or(0);
    let in_clauses = |cues: &words::Lexicon<()>| {
        (0..opener).any(|k| cues.contains_at(&r.words, k))
            || r.figures
                .iter()
                .all(|f| (f.clause.0..f.clause.1).any(|k| cues.contains_at(&r.words, k)))
    };
    // Tens of thousands dead or hurt is a war's or a campaign's toll, not
    // one clash's ("потери ... составили 31 тысячу человек").
    if in_clauses(&t.cumulative) || r.figures.iter().all(|f| f.value >= WAR_SCALE) {
        return Some("cumulative toll");
    }
    if in_clauses(&t.hypothetical) {
        return Some("hypothetical");
    }
    if in_clauses(&t.earlier) {
        return Some("earlier event");
    }
    if in_clauses(&t.other) {
        return Some("other event");
    }
    // A year before the article's: an earlier event.
    let year = published.or(anchor).map(|d| d.year());
    let is_old_year = |w: &Word| {
        w.number
            .filter(|_| w.key.len() == 4)
            .and_then(|n| i32::try_from(n).ok())
            .is_some_and(|y| (1900..2100).contains(&y) && year.is_some_and(|a| y < a))
    };
    let old_year = r.words.iter().any(is_old_year);
    // An earlier year right by every figure ("qui avaient fait 32 morts en
    // 2016") dates it, whatever else the sentence tells of this week.
    let dated_old = r.figures.iter().all(|f| {
        let lo = f.span.0.saturating_sub(3);
        let hi = (f.span.1 + 3).min(r.words.len());
        r.words[lo..hi].iter().any(is_old_year)
    });
    if dated_old {
        return Some("earlier event");
    }
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
    None
}

/// Whether a sentence's figures are told with another day than the event's
/// ("В субботу ... четыре человека погибли" in a report of Sunday's strike).
fn other_day(t: &Tables, r: &Read, anchor: Option<NaiveDate>, event: Option<NaiveDate>) -> bool {
    let Some(event) = event else { return false };
    if r.figures.is_empty() {
        return false;
    }
    let days: Vec<NaiveDate> = dates::find(t, &r.words)
        .into_iter()
        .filter_map(|d| crate::facts::dates::resolve(d, anchor))
        .collect();
    !days.is_empty() && days.iter().all(|d| *d < event)
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

fn tally(reads: &[Read]) -> (Vec<Casualty>, Totals, Vec<BackgroundFigure>) {
    let mut killed: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut injured: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut background = Vec::new();
    // Every sentence's figure per outcome and key, before the largest wins.
    let mut parts: Vec<(usize, Outcome, Key, u32)> = Vec::new();
    for (index, r) in reads.iter().enumerate() {
        if let Some(why) = r.background {
            let k: u32 = r
                .figures
                .iter()
                .filter(|f| f.outcome == Outcome::Killed)
                .map(|f| f.value)
                .saturating_sum();
            let i: u32 = r
                .figures
                .iter()
                .filter(|f| f.outcome == Outcome::Injured)
                .map(|f| f.value)
                .saturating_sum();
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
                    .then(|| r.local.clone())
                    .flatten()
            });
            let e = here
                .entry((f.outcome, (side, f.group.clone())))
                .or_insert((0, false));
            e.0 = e.0.saturating_add(f.value);
            e.1 |= f.approximate;
        }
        for ((outcome, key), (value, approximate)) in here {
            parts.push((index, outcome, key.clone(), value));
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
        let mut sides: Vec<Option<String>> = table.keys().map(|k| k.0.clone()).collect();
        // Once per side: narrowing twice would take the groups off again.
        sides.dedup();
        for side in sides {
            let people = (side.clone(), "people".to_string());
            let Some(at) = table.get(&people).map(|c| c.sentence) else {
                continue;
            };
            let specific: u32 = table
                .iter()
                .filter(|(k, c)| k.0 == side && k.1 != "people" && c.sentence != at)
                .map(|(_, c)| c.value)
                .saturating_sum();
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
                .saturating_sum();
            if let Some(c) = table.get_mut(&unsided) {
                c.value = c.value.saturating_sub(sided);
            }
        }
        table.retain(|_, c| c.value > 0);
    };
    // A round-up's headline gives a side's toll that the body tells again
    // in parts ("Mueren al menos 56 militares en tres ataques": 38 soldiers
    // at a camp, 10 at a checkpoint, 8 police): when the body's figures for
    // that side add up to the headline's, its other groups are inside it.
    // (A headline count of "people" is narrowed below instead.)
    let within = |table: &mut BTreeMap<Key, Cell>, outcome: Outcome| {
        let headline: Vec<(Key, u32)> = table
            .iter()
            .filter(|(k, c)| reads[c.sentence].evidence.in_title && k.1 != "people")
            .map(|(k, c)| (k.clone(), c.value))
            .collect();
        for (key, value) in headline {
            // The body's parts: each count once (a part told twice, or the
            // headline's count told again, is no further part).
            let mut body: Vec<(&Key, u32)> = parts
                .iter()
                .filter(|(i, o, k, v)| {
                    *o == outcome
                        && k.0 == key.0
                        && !reads[*i].evidence.in_title
                        && !(*k == key && *v == value)
                })
                .map(|(_, _, k, v)| (k, *v))
                .collect();
            body.sort();
            body.dedup();
            if body.len() >= 2 && body.iter().map(|p| p.1).saturating_sum() == value {
                table.retain(|k, _| k.0 != key.0 || *k == key);
            }
        }
    };
    within(&mut killed, Outcome::Killed);
    within(&mut injured, Outcome::Injured);
    narrow(&mut killed);
    narrow(&mut injured);
    let totals = Totals {
        killed: killed.values().map(|c| c.value).saturating_sum(),
        injured: injured.values().map(|c| c.value).saturating_sum(),
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
        let Some((at, verb)) = (0..r.words.len())
            .find_map(|i| t.claims.at(&r.words, i).map(|(v, _)| (r.words[i].start, v)))
        else {
            continue;
        };
        // The speaker: the party named nearest the reporting verb, not one
        // that struck ("Des frappes russes ... selon les autorités
        // ukrainiennes").
        let named: Vec<&PartyMention> = r
            .parties
            .iter()
            .filter(|p| !p.demonym || p.kind == PartyKind::Country)
            .filter(|p| !casualties::attacker(t, &r.words, p))
            .collect();
        let Some(speaker) = named
            .iter()
            .min_by_key(|p| p.start.abs_diff(at).min(p.end.abs_diff(at)))
        else {
            continue;
        };
        let target = r
            .parties
            .iter()
            .find(|p| p.party != speaker.party && (!p.demonym || p.kind == PartyKind::Country))
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

/// Body sentences that, with the title, make the lede (as in the English
/// reader's `event::LEDE_SENTENCES`).
const LEDE_SENTENCES: usize = crate::facts::event::LEDE_SENTENCES;

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
    // The headline and the lede: the title and the first body sentences.
    let lede: Vec<&Read> = {
        let mut body = 0;
        reads
            .iter()
            .take_while(|r| {
                body += usize::from(!r.evidence.in_title);
                body <= LEDE_SENTENCES
            })
            .collect()
    };
    // A funeral, a trial, an inquiry, a film, a testimony or a crash story
    // retells its deaths; it reports an event only when the lede gives a
    // figure of its own, outside a sentence with such a cue.
    // Investigators and courts also give fresh tolls ("Слідчі повідомили,
    // що внаслідок удару загинули троє"): a figure told with a justice cue
    // is still the lede's own; one told with a memorial, a film, a
    // testimony or an accident is retold.
    let retold = |r: &Read| {
        (0..r.words.len()).any(|k| {
            t.not_event
                .at(&r.words, k)
                .is_some_and(|(kind, _)| kind != "justice")
        })
    };
    if lede.iter().any(|r| t.not_event.any(&r.words)) {
        let fresh = casualties.iter().any(|c| {
            lede.iter().any(|r| {
                r.evidence.in_title == c.evidence.in_title
                    && r.evidence.start == c.evidence.start
                    && !retold(r)
            })
        });
        if !fresh {
            return false;
        }
    }
    if !casualties.is_empty() {
        return true;
    }
    let lead: Vec<&Read> = reads.iter().take(3).collect();
    // Threats and conditions ("может ударить", "pourrait frapper") are no
    // clash, nor violence told with another time's figures.
    let violent = lead.iter().any(|r| {
        r.background.is_none() && t.violence.any(&r.words) && !t.hypothetical.any(&r.words)
    });
    let named = !scan.parties.is_empty()
        || !scan.places.is_empty()
        || title.is_some_and(|(p, pl)| !p.is_empty() || !pl.is_empty());
    violent && named && !lead.iter().all(|r| r.background.is_some())
}
