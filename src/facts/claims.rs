//! Attributed statements: who (a party) said, alleged, accused, denied... what
//! about whom, with the sentence. A denial is a denial; a denial that names no
//! target answers the last claim made against its speaker.

use crate::facts::cues;
use crate::facts::knowledge::{PartyKind, PartyMention};
use crate::facts::sentences::Span;
use crate::facts::Claim;

use super::context::{evidence, is_boilerplate};

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

const ACCUSATIONS: &[&str] = &["accused", "alleged", "blamed", "condemned"];
const PLAIN: &[&str] = &["said", "stated"];

/// Claims of the text, in order; one per sentence, each naming a target.
pub fn claims(text: &str, sentences: &[Span], mentions: &[PartyMention]) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for s in sentences {
        let sentence = &text[s.start..s.end];
        if is_boilerplate(sentence) {
            continue;
        }
        let in_sentence: Vec<&PartyMention> = mentions
            .iter()
            .filter(|m| s.start <= m.start && m.end <= s.end)
            .collect();
        if in_sentence.is_empty() {
            continue;
        }
        let words = cues::words(sentence);
        for (wi, (at, w)) in words.iter().enumerate() {
            let Some(&(_, verb)) = VERBS.iter().find(|(form, _)| form == w) else {
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
                        .then(|| {
                            out.iter()
                                .rev()
                                .find(|c| c.target.as_deref() == Some(&speaker.party))
                                .map(|c| c.speaker.clone())
                        })
                        .flatten()
                });
            // A statement about no other party is a report (its figures are
            // casualties with evidence), not a claim between parties.
            if target.is_none() {
                continue;
            }
            out.push(Claim {
                speaker: speaker.party.clone(),
                verb: verb.to_string(),
                target,
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
    let nearest = before.iter().rev().find(|m| {
        let gap = &text[m.end..verb_at];
        !gap.contains([',', ';', ':', '"', '\u{201c}', '\u{201d}'])
            && cues::words(gap).len() <= 6
            && !after_preposition(text, sentence_start, m.start)
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

/// Whether the word before `at` is a preposition ("support for Azerbaijan").
fn after_preposition(text: &str, sentence_start: usize, at: usize) -> bool {
    let before = &text[sentence_start..at];
    let last = cues::words(before)
        .pop()
        .map(|(_, w)| w.into_owned())
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
    let mut out: Vec<Claim> = Vec::new();
    for c in claims {
        if out
            .iter()
            .any(|o| o.speaker == c.speaker && o.verb == c.verb && o.target == c.target)
        {
            continue;
        }
        out.push(c);
    }
    let mut merged: Vec<Claim> = Vec::new();
    for c in &out {
        let reported_as_accusation = PLAIN.contains(&c.verb.as_str())
            && c.target.is_some()
            && out.iter().any(|a| {
                ACCUSATIONS.contains(&a.verb.as_str())
                    && a.speaker == c.speaker
                    && a.target == c.target
            });
        if reported_as_accusation {
            continue;
        }
        if ACCUSATIONS.contains(&c.verb.as_str()) && c.target.is_some() {
            if let Some(statement) = out.iter().find(|p| {
                PLAIN.contains(&p.verb.as_str()) && p.speaker == c.speaker && p.target == c.target
            }) {
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
