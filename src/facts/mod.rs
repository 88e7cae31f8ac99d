//! Facts: article text in, evidence-backed key facts out. Pure: no I/O, no
//! async; world knowledge comes from data files compiled in and parsed once.
//!
//! Layout: `sentences` (split with byte spans), `numbers` (number words and
//! qualifiers), `casualties` (killed/injured per side and group, background
//! figures, totals), `knowledge` (countries, demonyms, armed groups, places),
//! `parties`, `places`, `dates`, `claims`, `classify` (is it a clash report).

pub mod casualties;
pub mod claims;
pub mod classify;
pub mod context;
pub mod countries;
pub mod cues;
pub mod dates;
pub mod event;
pub mod knowledge;
pub mod lang;
pub mod language;
pub mod multilingual;
pub mod numbers;
pub mod parties;
pub mod places;
pub mod sentences;
pub mod sides;
pub mod tokens;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The extractor's version, stored with every article's facts. Raise it when
/// a change reads articles differently: `clashwatch refacts` then reads the
/// stored articles of older versions again. 1 is every fact stored before
/// versions were kept.
pub const FACTS_VERSION: u32 = 2;

/// What the extractor reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct FactsInput<'a> {
    pub title: Option<&'a str>,
    pub text: &'a str,
    /// Publication date, the anchor for relative dates ("on Friday").
    pub published: Option<NaiveDate>,
    /// Other dates that belong to the page but not its text (embedded posts):
    /// the anchor for relative dates when there is no publication date and
    /// no full date in the text.
    pub page_dates: &'a [NaiveDate],
}

/// The sentence a fact came from, with its byte span in the input text
/// (`text[start..end] == sentence`). Facts from the title point at the title
/// with `in_title: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub sentence: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_title: bool,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub is_clash_report: bool,
    pub event_date: Option<NaiveDate>,
    /// Countries where the event took place, most relevant first.
    pub countries: Vec<String>,
    /// Places named in the event, most specific first.
    pub locations: Vec<Location>,
    /// Regions of the taxonomy the event falls in (every level above a place).
    pub regions: Vec<String>,
    pub parties: Parties,
    /// Figures about this event, one entry per side and victim group.
    pub casualties: Vec<Casualty>,
    /// The event's toll from `casualties` (repeated mentions of the same
    /// victims counted once), never from `background`.
    pub totals: Totals,
    /// Figures about other or earlier events, cumulative tolls, hypotheticals.
    pub background: Vec<BackgroundFigure>,
    pub claims: Vec<Claim>,
    /// ISO 639-1 code of the text's language, as read from its letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    /// Fighting, or suffering casualties.
    pub belligerents: Vec<Party>,
    pub mentioned: Vec<Party>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Normalized name: a country ("Armenia") or an organization ("Hamas").
    pub name: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    /// The party the victims belong to; `None` when the text doesn't say.
    pub side: Option<String>,
    /// Victim group: "soldiers", "civilians", "police", "militants", "children"...
    pub group: Option<String>,
    pub killed: u32,
    pub injured: u32,
    /// A qualifier made a figure inexact ("at least", "more than", "around", "dozens").
    pub approximate: bool,
    /// The party that claims this figure about another side's losses ("The
    /// IDF said 20 terrorists were killed": Israel); `None` when the figure
    /// is a side's own or a neutral source's. Claimed figures count like
    /// any other (see README, Facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub killed: u32,
    pub injured: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackgroundFigure {
    pub killed: u32,
    pub injured: u32,
    pub approximate: bool,
    /// Why it is not counted: "earlier event", "cumulative toll", "hypothetical"...
    pub why: String,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Normalized party ("Azerbaijan" for "Azerbaijan's Defense Ministry").
    pub speaker: String,
    /// said, reported, alleged, accused, denied, claimed, blamed, warned...
    pub verb: String,
    pub target: Option<String>,
    pub evidence: Evidence,
}

/// Build the tables `extract` needs (the gazetteer above all) now, so the
/// first article does not wait for them. Safe to call from any thread.
pub fn warm_up() {
    knowledge::Knowledge::global();
}

/// Reads the facts of one article. Never panics, whatever the text.
pub fn extract(input: &FactsInput) -> Facts {
    let language = language::detect(input.title, input.text);
    // Languages with word tables are read through them; English (and any
    // language without tables) through the English reader.
    if let Some(facts) = language
        .filter(|l| *l != "en")
        .and_then(|l| multilingual::extract(input, l))
    {
        return facts;
    }
    let spans = sentences::split(input.text);
    let context = context::analyze(input, &spans);
    let found = casualties::extract(
        input.text,
        &spans,
        input.title,
        input.published,
        context.event_date,
    );
    let mut totals = found.totals;
    if let Some(coded) = casualties::coded_fatalities(input.text) {
        totals.killed = coded;
    } else if let Some(events) = casualties::split_events(input.text) {
        totals.killed /= events;
    }
    let mut casualties = found.casualties;
    sides::of_the_place(&mut casualties, &context.locations, &context.countries);
    sides::claimed(&mut casualties, &context.claims);
    let casualties = sides::one_per_side_and_group(casualties);
    let is_clash_report = context.is_clash_report
        && event::reports_event(
            input.title,
            input.published,
            event::lede_end(&spans),
            &casualties,
            &found.background,
        );
    let mut parties = context.parties;
    // A side that suffered casualties is a belligerent even when no sentence
    // says it fought.
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
    Facts {
        is_clash_report,
        event_date: context.event_date,
        countries: context.countries,
        locations: context.locations,
        regions: context.regions,
        parties,
        casualties,
        totals,
        background: found.background,
        claims: context.claims,
        language: language.map(str::to_string),
    }
}
