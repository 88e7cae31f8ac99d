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
mod gazetteer;
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

use crate::budget;

/// The extractor's version, stored with every article's facts. Raise it when
/// a change reads articles differently: `clashwatch refacts` then reads the
/// stored articles of older versions again. 1 is every fact stored before
/// versions were kept.
pub const FACTS_VERSION: u32 = 7;

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
    /// Set when the text went past a reading limit: the facts are those of
    /// the part that was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<Truncated>,
    /// ISO 639-1 code of the text's language, as read from its letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// How much of a text the extractor reads (`[facts]` in the configuration).
/// A long news story is a few thousand words; these bound the work a text
/// written to hurt can cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Characters of text read; the rest is left unread.
    pub max_text_chars: usize,
    /// Longest sentence read as one; a longer one is read in pieces.
    pub max_sentence_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_text_chars: 200_000,
            max_sentence_chars: 3_000,
        }
    }
}

/// What a reading limit left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truncated {
    /// The text was longer than `max_text_chars`: only its first this many
    /// characters were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_chars_read: Option<usize>,
    /// The title was longer than `max_sentence_chars` and was cut.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub title_cut: bool,
    /// Sentences longer than `max_sentence_chars`, each read in pieces.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub long_sentences: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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
    extract_within(input, &Limits::default())
}

/// [`extract`], reading at most what `limits` allow.
pub fn extract_within(input: &FactsInput, limits: &Limits) -> Facts {
    let mut truncated = Truncated::default();
    let text = prefix_chars(input.text, limits.max_text_chars);
    if text.len() < input.text.len() {
        truncated.text_chars_read = Some(text.chars().count());
    }
    let title = input
        .title
        .map(|t| prefix_chars(t, limits.max_sentence_chars));
    truncated.title_cut = title.map(str::len) != input.title.map(str::len);
    let capped = FactsInput {
        title,
        text,
        ..*input
    };
    let input = &capped;
    let split = sentences::split_within(input.text, limits.max_sentence_chars);
    truncated.long_sentences = split.long_sentences;
    let spans = split.spans;
    budget::tick();
    let truncated_of = |t: Truncated| (t != Truncated::default()).then_some(t);
    // A language set with `lang::with_lang` (a table's example sentence) wins
    // over what the letters suggest: a short sentence may be too short to tell.
    let language = match lang::current().code {
        "en" => language::detect(input.title, input.text),
        code => Some(code),
    };
    // Languages with word tables are read through them; English (and any
    // language without tables) through the English reader.
    if let Some(l) = language.filter(|l| *l != "en") {
        if let Some(mut facts) = multilingual::extract(input, &spans, l) {
            facts.truncated = truncated_of(truncated);
            return facts;
        }
    }
    let context = context::analyze(input, &spans);
    budget::check();
    let found = casualties::extract(
        input.text,
        &spans,
        input.title,
        input.published,
        context.event_date,
        &context.places,
    );
    let mut totals = found.totals;
    if let Some(coded) = casualties::coded_fatalities(input.text) {
        totals.killed = coded;
    } else if let Some(events) = casualties::split_events(input.text) {
        totals.killed /= events;
    }
    budget::check();
    let mut casualties = found.casualties;
    let controlled = sides::controlled_places(input.text, &context.places);
    let lede_end = event::lede_end(&spans);
    let event_country = sides::event_country_in(
        input.title,
        input.text,
        &context.text_matches,
        &context.locations,
        &context.countries,
        lede_end,
        &controlled,
    );
    sides::of_the_place_in(
        &mut casualties,
        event_country.as_deref(),
        Some((input.text, &context.text_matches)),
    );
    sides::attackers_claimed(&mut casualties, input.text, &spans);
    sides::labelled_enemies(&mut casualties, &context.claims, &context.parties);
    sides::of_the_speaker_or_group(
        &mut casualties,
        &context.claims,
        &context.parties.belligerents,
    );
    sides::of_the_story(
        &mut casualties,
        &context.claims,
        event_country.as_deref(),
        &context.parties,
    );
    sides::claimed(&mut casualties, &context.claims);
    let casualties = casualties::per_part(casualties, &found.parts, |c| {
        sides::counted_once(sides::one_per_side_and_group(c))
    });
    sides::within_their_peoples_count(&casualties, &mut totals);
    let is_clash_report = context.is_clash_report
        && event::reports_event(
            input.title,
            input.published,
            lede_end,
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
        truncated: truncated_of(truncated),
        language: language.map(str::to_string),
    }
}

/// At most the first `max` characters of `s`, ending after a space when one
/// is near, so that no word is cut.
fn prefix_chars(s: &str, max: usize) -> &str {
    // No more chars than bytes: a short text is read whole without counting.
    if s.len() <= max {
        return s;
    }
    let Some((end, _)) = s.char_indices().nth(max) else {
        return s;
    };
    let head = &s[..end];
    match head.rfind(char::is_whitespace) {
        Some(space) if space >= end - end.min(200) => &head[..space],
        _ => head,
    }
}
