//! Everything about an article except its casualty figures: parties, places,
//! countries, regions, event date, claims and whether it reports a clash.
//! `analyze` is the one entry point the extractor calls.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use chrono::NaiveDate;

use crate::facts::cues;
use crate::facts::knowledge::{Knowledge, PlaceMention, TextMatches};
use crate::facts::sentences::Span;
use crate::facts::{claims, classify, dates, parties, places};
use crate::facts::{Claim, Evidence, FactsInput, Location, Parties};

/// The non-casualty facts of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub is_clash_report: bool,
    pub event_date: Option<NaiveDate>,
    pub countries: Vec<String>,
    pub locations: Vec<Location>,
    pub regions: Vec<String>,
    pub parties: Parties,
    pub claims: Vec<Claim>,
    /// Every place the text names, with its byte span, in text order: the
    /// casualty reader tells the event's places from others with them.
    pub places: Vec<PlaceMention>,
    /// The gazetteer's names in the text, for scans of parts of it.
    pub text_matches: TextMatches,
}

/// Analyze `input.text` split into `sentences` (from `facts::sentences::split`).
pub fn analyze(input: &FactsInput, sentences: &[Span]) -> Context {
    let text = input.text;
    let knowledge = Knowledge::global();
    let (scan, text_matches) = knowledge.scan_keeping(text);
    let parties = parties::split(text, sentences, &scan.parties);
    let mut parties = parties;
    if let Some(title) = input.title {
        add_title_parties(title, &mut parties);
    }
    let locations = places::locations(text, sentences, &scan);
    let countries = places::countries(text, &locations, &scan, &parties);
    let regions = places::regions(&locations, &countries);
    let event_date = dates::event_date(
        input.title,
        text,
        sentences,
        input.published,
        input.page_dates,
    );
    let claims = claims::claims(text, sentences, &scan.parties);
    let title_mentions = input
        .title
        .map(|t| knowledge.parties_in(t))
        .unwrap_or_default();
    let all_mentions: Vec<_> = scan
        .parties
        .iter()
        .chain(&title_mentions)
        .cloned()
        .collect();
    let is_clash_report = classify::is_clash_report(input.title, text, &all_mentions);
    Context {
        is_clash_report,
        event_date,
        countries,
        locations,
        regions,
        parties,
        claims,
        places: scan.places,
        text_matches,
    }
}

/// Parties fighting in the title ("Armenia, Azerbaijan report casualties in
/// border clash") are belligerents even when the body only mentions them.
fn add_title_parties(title: &str, parties: &mut Parties) {
    let span = Span {
        start: 0,
        end: title.len(),
    };
    let mentions = Knowledge::global().parties_in(title);
    let from_title = parties::split(title, &[span], &mentions);
    for mut p in from_title.belligerents {
        if parties.belligerents.iter().any(|b| b.name == p.name) {
            continue;
        }
        parties.mentioned.retain(|m| m.name != p.name);
        p.evidence.in_title = true;
        parties.belligerents.push(p);
    }
    for mut p in from_title.mentioned {
        let known = parties
            .belligerents
            .iter()
            .chain(&parties.mentioned)
            .any(|b| b.name == p.name);
        if !known {
            p.evidence.in_title = true;
            parties.mentioned.push(p);
        }
    }
}

/// The evidence for a fact found in `span` of `text`.
pub fn evidence(text: &str, span: Span) -> Evidence {
    Evidence {
        sentence: text[span.start..span.end].to_string(),
        start: span.start,
        end: span.end,
        in_title: false,
    }
}

/// The index of the sentence (of `sentences`, in text order and apart)
/// that holds `start..end`, by binary search.
pub fn sentence_of(sentences: &[Span], start: usize, end: usize) -> Option<usize> {
    let at = sentences.partition_point(|s| s.end < end);
    sentences
        .get(at)
        .filter(|s| s.start <= start && end <= s.end)
        .map(|_| at)
}

/// Bytes of text read around a position for a few words at first; a text
/// with longer words or runs of punctuation is read further, as far as needed.
const WORD_WINDOW: usize = 40;

/// The first `n` words (as [`cues::words`] reads them) of `text[from..to]`,
/// reading no further into the text than they need.
pub fn words_after(text: &str, from: usize, to: usize, n: usize) -> Vec<String> {
    let to = to.max(from);
    let mut window = WORD_WINDOW;
    loop {
        // End the window where no word runs across it, so that its words are
        // the first words of the whole range.
        let end = if to - from <= window {
            to
        } else {
            word_boundary_after(text, from + window).min(to)
        };
        let words = cues::words(&text[from..end]);
        if words.len() >= n || end >= to {
            return words
                .into_iter()
                .take(n)
                .map(|(_, w)| w.into_owned())
                .collect();
        }
        window = window.saturating_mul(4);
    }
}

/// The last `n` words of `text[from..to]`, lower-case, reading no further
/// back than they need.
pub fn words_before(text: &str, to: usize, from: usize, n: usize) -> Vec<String> {
    let from = from.min(to);
    let mut window = WORD_WINDOW;
    loop {
        let start = if to - from <= window {
            from
        } else {
            word_boundary_before(text, to - window).max(from)
        };
        let words = cues::words(&text[start..to]);
        if words.len() >= n || start <= from {
            let skip = words.len().saturating_sub(n);
            return words
                .into_iter()
                .skip(skip)
                .map(|(_, w)| w.into_owned())
                .collect();
        }
        window = window.saturating_mul(4);
    }
}

/// A char that [`cues::words`] never puts in a word.
fn ends_words(c: char) -> bool {
    !(c.is_alphanumeric() || c == '\'' || c == '-')
}

/// The first index at or after `at` (moved back to a char boundary) of a
/// char that ends words, or the end of the text.
fn word_boundary_after(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[at..]
        .char_indices()
        .find(|&(_, c)| ends_words(c))
        .map_or(text.len(), |(i, _)| at + i)
}

/// The last index at or before `at` of a char that ends words, or 0.
fn word_boundary_before(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends_words(c))
        .map_or(0, |(i, _)| i)
}

/// Links and embeds around an article body ("Read more: ...", a post's
/// signature line): their places and claims are not the article's.
pub fn is_boilerplate(sentence: &str) -> bool {
    let s = sentence.trim_start();
    let lower: String = s.chars().take(24).collect::<String>().to_lowercase();
    [
        "read more",
        "related:",
        "see also",
        "also read",
        "watch:",
        "recommended",
        "— ",
        "pic.twitter.com",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        || s.contains("pic.twitter.com")
}

/// Phrases of sentences about an earlier event or a cumulative toll.
const BACKGROUND_PHRASES: &[&str] = &[
    "last year",
    "previous year",
    "years ago",
    "since the war",
    "since the start",
    "since the beginning",
    "earlier this year",
    "last month",
];

/// Sentences about an earlier event or a cumulative toll: one of
/// `BACKGROUND_PHRASES` in the lower-cased sentence. Found by one automaton
/// in any ASCII case without lower-casing: no other char lower-cases to the
/// phrases' letters (only the Kelvin sign, to "k", and the dotted I, to an
/// "i" followed by a combining dot, give ASCII letters).
pub fn is_background(sentence: &str) -> bool {
    static FINDER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(BACKGROUND_PHRASES)
            .ok()
    });
    match finder {
        Some(f) => f.is_match(sentence),
        None => {
            let lower = sentence.to_lowercase();
            BACKGROUND_PHRASES.iter().any(|p| lower.contains(p))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_phrases_are_found_as_in_the_lower_cased_sentence() {
        for s in [
            "Last Year, 12 were killed",
            "LAST MONTH",
            "since the War began",
            "sınce the war",
            "SİNCE THE WAR",
            "\u{212a}illed last\u{a0}year",
            "two years  ago",
            "earlier this year's toll",
            "No background here",
        ] {
            let lower = s.to_lowercase();
            let by_lowering = BACKGROUND_PHRASES.iter().any(|p| lower.contains(p));
            assert_eq!(is_background(s), by_lowering, "{s:?}");
        }
    }

    #[test]
    fn only_two_chars_outside_ascii_lower_case_to_ascii_letters() {
        let mut found = Vec::new();
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            if c.to_lowercase().any(|l| l.is_ascii_alphabetic()) {
                found.push(c);
            }
        }
        assert_eq!(found, vec!['\u{130}', '\u{212a}']);
    }

    #[test]
    fn words_next_to_a_position_do_not_depend_on_the_window() {
        let text = "In the early hours of Tuesday, gunmen stormed the village of Kukawa-Bari \
                    and killed 12 people, residents told the state's news agency.";
        for at in 0..=text.len() {
            if !text.is_char_boundary(at) {
                continue;
            }
            for n in 1..6 {
                let all = cues::words(&text[..at]);
                let want: Vec<String> = all
                    .iter()
                    .skip(all.len().saturating_sub(n))
                    .map(|(_, w)| w.to_string())
                    .collect();
                assert_eq!(words_before(text, at, 0, n), want, "{at} {n}");
                let all = cues::words(&text[at..]);
                let want: Vec<String> = all.iter().take(n).map(|(_, w)| w.to_string()).collect();
                assert_eq!(words_after(text, at, text.len(), n), want, "{at} {n}");
            }
        }
    }
}
