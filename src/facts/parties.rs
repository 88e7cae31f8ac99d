//! Parties of an article: countries (by name, demonym, force or ministry),
//! armed groups and organizations, split into belligerents (fighting or
//! suffering casualties) and the merely mentioned.

use crate::facts::cues;
use crate::facts::knowledge::{PartyKind, PartyMention};
use crate::facts::sentences::Span;
use crate::facts::{Parties, Party};

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use super::context::{evidence, is_boilerplate, sentence_of, words_after, words_before};
use crate::budget;

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
    // "pro-Russia separatists", "Iranian-backed rebels": the side they
    // fight for.
    "separatists",
    "insurgents",
    "rebels",
    "mercenaries",
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
///
/// Linear in the text: a mention finds its sentence by binary search, reads
/// its sentence's words once per sentence, and compares itself only with the
/// other mentions of that sentence (which a sentence's length bounds).
pub fn split(text: &str, sentences: &[Span], mentions: &[PartyMention]) -> Parties {
    let mut boilerplate = SentenceMemo::default();
    let located: Vec<Located> = mentions
        .iter()
        .filter_map(|m| {
            let at = sentence_of(sentences, m.start, m.end)?;
            let sentence = sentences[at];
            let skip = *boilerplate.get(at, || is_boilerplate(&text[sentence.start..sentence.end]));
            (!skip).then_some(Located {
                mention: m,
                sentence,
            })
        })
        .collect();
    let mut out = Parties::default();
    let mut belligerent: FxHashSet<&str> = FxHashSet::default();
    let mut mentioned: FxHashSet<&str> = FxHashSet::default();
    let mut sentence_words = SentenceMemo::default();
    // The mentions of the sentence of mention `i`: `located[group.0..group.1]`
    // (mentions come in text order, so a sentence's are together).
    let mut group = (0, 0);
    for (i, l) in located.iter().enumerate() {
        budget::tick();
        if i >= group.1 {
            let end = located[i..]
                .iter()
                .position(|o| o.sentence != l.sentence)
                .map_or(located.len(), |n| i + n);
            group = (i, end);
        }
        let name = l.mention.party.as_str();
        if belligerent.contains(name) {
            continue;
        }
        let words = sentence_words.get(l.sentence.start, || {
            let words = cues::words(&text[l.sentence.start..l.sentence.end]);
            // `flags` tells VIOLENCE's words by one hash lookup a word.
            let violent = words
                .iter()
                .any(|(_, w)| cues::flags(w) & cues::F_VIOLENCE != 0);
            (words, violent)
        });
        if fights(text, l, &located[group.0..group.1], i - group.0, words) {
            if mentioned.remove(name) {
                out.mentioned.retain(|p| p.name != name);
            }
            belligerent.insert(name);
            out.belligerents.push(Party {
                name: name.to_string(),
                evidence: evidence(text, l.sentence),
            });
        } else if mentioned.insert(name) {
            out.mentioned.push(Party {
                name: name.to_string(),
                evidence: evidence(text, l.sentence),
            });
        }
    }
    out
}

/// The last value computed for a sentence, computed again only for another
/// sentence: the mentions of one sentence come one after another.
pub struct SentenceMemo<T> {
    last: Option<(usize, T)>,
}

impl<T> Default for SentenceMemo<T> {
    fn default() -> Self {
        SentenceMemo { last: None }
    }
}

impl<T> SentenceMemo<T> {
    /// The value for the sentence keyed `key`, from `compute` when it is new.
    pub fn get(&mut self, key: usize, compute: impl FnOnce() -> T) -> &T {
        if self.last.as_ref().is_some_and(|(k, _)| *k != key) {
            self.last = None;
        }
        &self.last.get_or_insert_with(|| (key, compute())).1
    }
}

type Words<'t> = (Vec<(usize, Cow<'t, str>)>, bool);

/// `all` are the mentions of `l`'s sentence, `l` at `index`; `sentence` its
/// words and whether any of them reports violence.
fn fights(text: &str, l: &Located, all: &[Located], index: usize, sentence: &Words) -> bool {
    let m = l.mention;
    if m.kind == PartyKind::Organization {
        return false;
    }
    let (words, violent) = sentence;
    if !violent {
        return false;
    }
    // Armed groups are armed actors wherever violence is reported.
    if m.kind == PartyKind::Group || m.force {
        return true;
    }
    let after = words_after(text, m.end, l.sentence.end, 3);
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
    let first_in_sentence = all[..index].iter().all(|o| o.mention.party == m.party);
    if first_in_sentence {
        let its_victims = words.windows(2).any(|w| {
            w[0].1 == "its" && cues::is_in(&w[1].1, &["soldiers", "troops", "servicemen", "forces"])
        });
        if its_victims && words.iter().any(|(_, w)| cues::is_in(w, CASUALTY)) {
            return true;
        }
    }
    // Two parties joined and then a toll or fight: "Armenia and Azerbaijan both
    // reported casualties", "fighting between X and Y".
    joined_in_fight(text, l, all)
}

/// `all`: the mentions of `l`'s sentence.
fn joined_in_fight(text: &str, l: &Located, all: &[Located]) -> bool {
    let m = l.mention;
    for o in all {
        if o.mention.party == m.party {
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
        let before = words_before(text, first.start, l.sentence.start, 3);
        if before.iter().any(|w| w == "between")
            && before.iter().any(|w| {
                cues::flags(w) & cues::F_VIOLENCE != 0
                    || cues::is_in(w, &["war", "conflict", "border"])
            })
        {
            return true;
        }
        let after = words_after(text, second.end, l.sentence.end, 4);
        if after
            .iter()
            .any(|w| cues::flags(w) & (cues::F_VIOLENCE | cues::F_ARMED) != 0)
        {
            return true;
        }
    }
    false
}
