//! Attributed statements: who (a party) said, alleged, accused, denied... what
//! about whom, with the sentence. A denial is a denial; a denial that names no
//! target answers the last claim made against its speaker.

use crate::facts::cues;
use crate::facts::knowledge::{PartyKind, PartyMention};
use crate::facts::sentences::Span;
use crate::facts::Claim;

use rustc_hash::{FxHashMap, FxHashSet};

use super::context::{evidence, is_boilerplate, words_before};
use crate::budget;

/// Reporting verbs, by the form written → the normalized verb.
const VERBS: &[(&str, &str)] = &[
    ("said", "said"),
    ("says", "said"),
    ("say", "said"),
    ("stated", "stated"),
    ("told", "said"),
    ("reported", "reported"),
    ("reports", "reported"),
    ("alleged", "alleged"),
    ("alleges", "alleged"),
    ("accused", "accused"),
    ("accuses", "accused"),
    ("denied", "denied"),
    ("denies", "denied"),
    ("deny", "denied"),
    ("rejected", "denied"),
    ("dismissed", "denied"),
    ("claimed", "claimed"),
    ("claims", "claimed"),
    ("blamed", "blamed"),
    ("blames", "blamed"),
    ("warned", "warned"),
    ("warns", "warned"),
    ("confirmed", "confirmed"),
    ("confirms", "confirmed"),
    ("announced", "announced"),
    ("condemned", "condemned"),
    ("condemns", "condemned"),
    ("insisted", "said"),
    ("threatened", "threatened"),
    ("vowed", "vowed"),
];

/// The normalized verb of the form `word`, as [`VERBS`] pairs them: one
/// hash lookup a word of every sentence naming a party.
fn verb_of(word: &str) -> Option<&'static str> {
    static BY_FORM: std::sync::OnceLock<FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    BY_FORM
        .get_or_init(|| {
            let mut t = FxHashMap::default();
            // The first pair of a form wins, as a search of the list finds it.
            for &(form, verb) in VERBS {
                t.entry(form).or_insert(verb);
            }
            t
        })
        .get(word)
        .copied()
}

const ACCUSATIONS: &[&str] = &["accused", "alleged", "blamed", "condemned"];
const PLAIN: &[&str] = &["said", "stated"];

/// Claims of the text, in order; one per sentence, each naming a target.
///
/// Linear in the text: each sentence takes its mentions as one slice of the
/// (ordered) mentions, and a speaker is looked for only a few words back.
pub fn claims(text: &str, sentences: &[Span], mentions: &[PartyMention]) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    // The speaker of the latest claim against each party: whom a denial answers.
    let mut accuser_of: FxHashMap<String, String> = FxHashMap::default();
    // Mentions are in text order: those of a sentence follow those of the
    // sentences before it.
    let mut next_mention = 0;
    for s in sentences {
        budget::tick();
        let first = next_mention + mentions[next_mention..].partition_point(|m| m.start < s.start);
        let last = first + mentions[first..].partition_point(|m| m.start < s.end);
        next_mention = first;
        let sentence = &text[s.start..s.end];
        let in_sentence: Vec<&PartyMention> = mentions[first..last]
            .iter()
            .filter(|m| s.start <= m.start && m.end <= s.end)
            .collect();
        if in_sentence.is_empty() || is_boilerplate(sentence) {
            continue;
        }
        let words = cues::words(sentence);
        for (wi, (at, w)) in words.iter().enumerate() {
            budget::tick();
            let Some(verb) = verb_of(w) else {
                continue;
            };
            let verb_at = s.start + at;
            let Some(speaker) = speaker(text, s.start, &in_sentence, verb_at, &words, wi) else {
                continue;
            };
            let target = in_sentence
                .iter()
                .find(|m| m.start > verb_at && m.party != speaker.party)
                .map(|m| m.party.clone())
                .or_else(|| {
                    // "X denied the accusation": the accuser of X is the target.
                    (verb == "denied")
                        .then(|| accuser_of.get(&speaker.party).cloned())
                        .flatten()
                });
            // A statement about no other party is a report (its figures are
            // casualties with evidence), not a claim between parties.
            let Some(target) = target else {
                continue;
            };
            accuser_of.insert(target.clone(), speaker.party.clone());
            out.push(Claim {
                speaker: speaker.party.clone(),
                verb: verb.to_string(),
                target: Some(target),
                evidence: evidence(text, *s),
            });
            break;
        }
    }
    merge(out)
}

/// The party that speaks before the verb at `verb_at`.
fn speaker<'a>(
    text: &str,
    sentence_start: usize,
    mentions: &[&'a PartyMention],
    verb_at: usize,
    words: &[(usize, std::borrow::Cow<'_, str>)],
    verb_index: usize,
) -> Option<&'a PartyMention> {
    let before: Vec<&&PartyMention> = mentions.iter().filter(|m| m.end <= verb_at).collect();
    // A coordinated verb ("... and has accused") shares the clause subject.
    let prev: Vec<&str> = words[verb_index.saturating_sub(2)..verb_index]
        .iter()
        .map(|(_, w)| w.as_ref())
        .collect();
    let coordinated = prev.iter().any(|w| matches!(*w, "and" | "but"));
    if coordinated {
        return before
            .iter()
            .find(|m| !after_preposition(text, sentence_start, m.start))
            .map(|m| **m);
    }
    // A gap that is too long, or holds punctuation, is too long or holds it
    // for every mention further back too (mentions do not overlap): once
    // one fails, those ending no later are not looked at.
    let mut failed_end: Option<usize> = None;
    let nearest = before.iter().rev().find(|m| {
        if failed_end.is_some_and(|end| m.end <= end) {
            return false;
        }
        if !close_without_punctuation(&text[m.end..verb_at], 6) {
            failed_end = Some(failed_end.map_or(m.end, |end| end.max(m.end)));
            return false;
        }
        !after_preposition(text, sentence_start, m.start)
    })?;
    if nearest.kind == PartyKind::Country
        || nearest.kind == PartyKind::Group
        || nearest.kind == PartyKind::Organization
    {
        Some(**nearest)
    } else {
        None
    }
}

/// Whether `gap` holds no clause punctuation and at most `max_words` words
/// (as [`cues::words`] counts them). Read from its end, and only as far as
/// needed to know.
fn close_without_punctuation(gap: &str, max_words: usize) -> bool {
    let mut words = 0;
    // The word being read (from its end) has a letter or digit.
    let mut in_word = false;
    let mut word_has_alnum = false;
    for c in gap.chars().rev() {
        if matches!(c, ',' | ';' | ':' | '"' | '\u{201c}' | '\u{201d}') {
            return false;
        }
        let word_char = c.is_alphanumeric() || c == '\'' || c == '-';
        if word_char {
            in_word = true;
            word_has_alnum |= c.is_alphanumeric();
            continue;
        }
        if in_word && word_has_alnum {
            words += 1;
            if words > max_words {
                return false;
            }
        }
        in_word = false;
        word_has_alnum = false;
    }
    if in_word && word_has_alnum {
        words += 1;
    }
    words <= max_words
}

/// Whether the word before `at` is a preposition ("support for Azerbaijan").
fn after_preposition(text: &str, sentence_start: usize, at: usize) -> bool {
    let last = words_before(text, at, sentence_start, 1)
        .pop()
        .unwrap_or_default();
    matches!(
        last.as_str(),
        "of" | "for"
            | "to"
            | "in"
            | "on"
            | "with"
            | "against"
            | "by"
            | "from"
            | "at"
            | "into"
            | "over"
            | "about"
            | "toward"
            | "towards"
    )
}

/// One claim per speaker, verb and target. A plain statement ("X said Y had
/// shown disregard") and a report of it as an accusation ("X accused Y") are
/// one claim: the accusation's verb, the statement's sentence.
fn merge(claims: Vec<Claim>) -> Vec<Claim> {
    let mut seen: FxHashSet<(String, String, Option<String>)> = FxHashSet::default();
    let mut out: Vec<Claim> = Vec::new();
    for c in claims {
        if seen.insert((c.speaker.clone(), c.verb.clone(), c.target.clone())) {
            out.push(c);
        }
    }
    // Per speaker and target: whether one accuses, and the first plain statement.
    let mut accuses: FxHashSet<(&str, &str)> = FxHashSet::default();
    let mut statement: FxHashMap<(&str, &str), &Claim> = FxHashMap::default();
    for c in &out {
        let Some(target) = c.target.as_deref() else {
            continue;
        };
        let key = (c.speaker.as_str(), target);
        if ACCUSATIONS.contains(&c.verb.as_str()) {
            accuses.insert(key);
        } else if PLAIN.contains(&c.verb.as_str()) {
            statement.entry(key).or_insert(c);
        }
    }
    let mut merged: Vec<Claim> = Vec::new();
    for c in &out {
        let key = c.target.as_deref().map(|t| (c.speaker.as_str(), t));
        let reported_as_accusation =
            PLAIN.contains(&c.verb.as_str()) && key.is_some_and(|k| accuses.contains(&k));
        if reported_as_accusation {
            continue;
        }
        if ACCUSATIONS.contains(&c.verb.as_str()) {
            if let Some(statement) = key.and_then(|k| statement.get(&k)) {
                merged.push(Claim {
                    evidence: statement.evidence.clone(),
                    ..c.clone()
                });
                continue;
            }
        }
        merged.push(c.clone());
    }
    merged
}
