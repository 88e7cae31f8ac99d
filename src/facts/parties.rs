//! Parties of an article: countries (by name, demonym, force or ministry),
//! armed groups and organizations, split into belligerents (fighting or
//! suffering casualties) and the merely mentioned.

use crate::facts::cues::{self, ARMED, VIOLENCE};
use crate::facts::knowledge::{PartyKind, PartyMention};
use crate::facts::sentences::Span;
use crate::facts::{Parties, Party};

use super::context::{evidence, is_boilerplate};

/// Nouns after a demonym or possessive that make the party an armed actor or
/// a victim side ("Azerbaijani forces", "Armenia's soldiers").
const FORCE_NOUNS: &[&str] = &[
    "forces",
    "force",
    "troops",
    "soldiers",
    "soldier",
    "army",
    "military",
    "militants",
    "positions",
    "servicemen",
    "border",
    "guards",
    "drones",
    "drone",
    "jets",
    "artillery",
    "police",
    "navy",
    "air",
    "defense",
    "defence",
    "armed",
    "fighters",
    "militia",
    "units",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "shelling",
    "attack",
    "attacks",
    "side",
    "casualties",
    "soldiers'",
    "warplanes",
    "tanks",
    "officer",
    "officers",
    "security",
];

/// Verbs whose subject is an armed actor.
const ATTACK_VERBS: &[&str] = &[
    "attacked",
    "attack",
    "attacks",
    "shelled",
    "fired",
    "struck",
    "killed",
    "ambushed",
    "clashed",
    "fought",
    "bombed",
    "launched",
    "captured",
    "seized",
    "raided",
    "used",
    "assembled",
    "shot",
    "stormed",
    "targeted",
    "hit",
    "kills",
    "kill",
    "strikes",
    "shells",
    "advanced",
    "invaded",
    "repelled",
    "downed",
    "opened",
];

const CASUALTY: &[&str] = &[
    "killed",
    "wounded",
    "injured",
    "dead",
    "died",
    "casualties",
    "wounding",
    "injuring",
];

/// One mention with the sentence it lies in.
pub struct Located<'a> {
    pub mention: &'a PartyMention,
    pub sentence: Span,
}

/// Split the mentions into belligerents and mentioned, each party once, in
/// order of first appearance; evidence is the sentence that decided.
pub fn split(text: &str, sentences: &[Span], mentions: &[PartyMention]) -> Parties {
    let located: Vec<Located> = mentions
        .iter()
        .filter_map(|m| {
            sentences
                .iter()
                .find(|s| s.start <= m.start && m.end <= s.end)
                .filter(|s| !is_boilerplate(&text[s.start..s.end]))
                .map(|&sentence| Located {
                    mention: m,
                    sentence,
                })
        })
        .collect();
    let mut out = Parties::default();
    for (i, l) in located.iter().enumerate() {
        let name = &l.mention.party;
        if out.belligerents.iter().any(|p| &p.name == name) {
            continue;
        }
        if fights(text, l, &located, i) {
            out.mentioned.retain(|p| &p.name != name);
            out.belligerents.push(Party {
                name: name.clone(),
                evidence: evidence(text, l.sentence),
            });
        } else if !out.mentioned.iter().any(|p| &p.name == name) {
            out.mentioned.push(Party {
                name: name.clone(),
                evidence: evidence(text, l.sentence),
            });
        }
    }
    out
}

fn fights(text: &str, l: &Located, all: &[Located], index: usize) -> bool {
    let m = l.mention;
    if m.kind == PartyKind::Organization {
        return false;
    }
    let sentence = &text[l.sentence.start..l.sentence.end];
    let words = cues::words(sentence);
    let violent = words.iter().any(|(_, w)| cues::is_in(w, VIOLENCE));
    if !violent {
        return false;
    }
    // Armed groups are armed actors wherever violence is reported.
    if m.kind == PartyKind::Group || m.force {
        return true;
    }
    let after = next_words(text, m.end, l.sentence.end, 3);
    // "Azerbaijani forces", "Armenia's Defense Ministry ... its soldiers".
    if after.iter().take(2).any(|w| {
        cues::is_in(
            w.trim_start_matches("'s").trim_end_matches("'s"),
            FORCE_NOUNS,
        )
    }) {
        return true;
    }
    let possessive = text[m.end..].starts_with("'s") || text[m.end..].starts_with("\u{2019}s");
    if possessive && after.iter().take(3).any(|w| cues::is_in(w, FORCE_NOUNS)) {
        return true;
    }
    // Subject of an attack verb: "Armenia had used drones to attack".
    if after
        .iter()
        .take(3)
        .filter(|w| !matches!(w.as_str(), "had" | "has" | "have" | "also" | "reportedly"))
        .take(1)
        .any(|w| cues::is_in(w, ATTACK_VERBS))
    {
        return true;
    }
    // The subject of a casualty report: "Armenia's Defense Ministry reported that
    // four of its soldiers were killed".
    let first_in_sentence = all[..index]
        .iter()
        .all(|o| o.sentence != l.sentence || o.mention.party == m.party);
    let its_victims = words.windows(2).any(|w| {
        w[0].1 == "its" && cues::is_in(&w[1].1, &["soldiers", "troops", "servicemen", "forces"])
    });
    if first_in_sentence && its_victims && words.iter().any(|(_, w)| cues::is_in(w, CASUALTY)) {
        return true;
    }
    // Two parties joined and then a toll or fight: "Armenia and Azerbaijan both
    // reported casualties", "fighting between X and Y".
    joined_in_fight(text, l, all)
}

fn joined_in_fight(text: &str, l: &Located, all: &[Located]) -> bool {
    let m = l.mention;
    for o in all {
        if o.sentence != l.sentence || o.mention.party == m.party {
            continue;
        }
        let (first, second) = if o.mention.start < m.start {
            (o.mention, m)
        } else {
            (m, o.mention)
        };
        let gap = text[first.end..second.start].trim();
        let gap = gap.trim_start_matches("'s").trim();
        if !matches!(gap, "and" | "," | "&" | "-" | "vs" | "vs." | "versus") {
            continue;
        }
        let before = prev_words(text, first.start, l.sentence.start, 3);
        if before.iter().any(|w| w == "between")
            && before
                .iter()
                .any(|w| cues::is_in(w, VIOLENCE) || cues::is_in(w, &["war", "conflict", "border"]))
        {
            return true;
        }
        let after = next_words(text, second.end, l.sentence.end, 4);
        if after
            .iter()
            .any(|w| cues::is_in(w, VIOLENCE) || cues::is_in(w, ARMED))
        {
            return true;
        }
    }
    false
}

fn next_words(text: &str, from: usize, to: usize, n: usize) -> Vec<String> {
    cues::words(&text[from..to.max(from)])
        .into_iter()
        .take(n)
        .map(|(_, w)| w.into_owned())
        .collect()
}

fn prev_words(text: &str, to: usize, from: usize, n: usize) -> Vec<String> {
    let w = cues::words(&text[from.min(to)..to]);
    let skip = w.len().saturating_sub(n);
    w.into_iter()
        .skip(skip)
        .map(|(_, w)| w.into_owned())
        .collect()
}
