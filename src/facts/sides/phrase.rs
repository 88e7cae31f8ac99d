//! What the words around a victim phrase tell of whose victims they are,
//! when the phrase names no party itself: a pronoun's antecedent ("killing
//! three of them"), a speaker's label for the enemy ("20 people that he
//! called terrorists"), the state's own ("government soldiers"), a
//! nationality in apposition ("43 people, most of them Ethiopian"), and an
//! attacker among the dead ("a bomber killed three people and himself").
//! The casualty reader calls these on each figure's tokens.

use super::words::{self, has, phrase_at};
use crate::facts::knowledge::{Knowledge, PartyKind, PartyMention};
use crate::facts::lang;
use crate::facts::numbers;
use crate::facts::tokens::{Token, TokenKind};

/// Side of victims named as the state's ("government soldiers"): the state
/// of the event's country, known only once the article is read
/// (`super::of_the_place` puts it in).
pub(crate) const STATE: &str = "\u{1}the state";

/// Side of victims a speaker labels as the enemy ("people he called
/// terrorists"): the speaker's opponent, known only once the article's
/// parties are (`super::of_the_speaker_or_group` puts it in).
pub(crate) const ENEMY: &str = "\u{1}the speaker's enemy";

/// Whether `side` is one of the placeholders above.
pub(crate) fn placeholder(side: Option<&str>) -> bool {
    side.is_some_and(|s| s == STATE || s == ENEMY)
}

/// Amends the side and group the casualty reader gave the victim phrase
/// `first..=last` of `toks` (tokens of `sentence`; `parties` its parties).
pub(crate) fn amend(
    sentence: &str,
    toks: &[Token],
    first: usize,
    last: usize,
    parties: &[PartyMention],
    side: &mut Option<String>,
    group: &mut Option<&'static str>,
) {
    if first > last || last >= toks.len() {
        return;
    }
    // "anti-Assad rebels", "anti-government militiamen": the party after
    // "anti-" is the one they fight.
    if toks[first..=last]
        .iter()
        .any(|t| t.lower.starts_with("anti-"))
    {
        let (lo, hi) = (toks[first].start, toks[last].end);
        let named = parties
            .iter()
            .find(|p| lo <= p.start && p.end <= hi && !sentence[..p.start].ends_with("anti-"));
        *side = named.map(|p| p.party.clone());
        if side.is_none() {
            return;
        }
    }
    if let Some(of) = of_them(toks, first, last) {
        let (ante_side, ante_group) = antecedent(toks, first, parties);
        // The party read after "of them" ("three of them, according to
        // Peshmerga sources") is no side of theirs; the antecedent's is.
        let from_the_phrase = parties
            .iter()
            .find(|p| toks[first].start <= p.start && p.end <= toks[of].start)
            .map(|p| p.party.clone());
        *side = from_the_phrase.or(ante_side);
        if ante_group.is_some() {
            *group = ante_group;
        }
        return;
    }
    if side.is_some() {
        return;
    }
    if labelled_by_speaker(toks, last) {
        *side = Some(ENEMY.to_string());
        *group = Some("militants");
        return;
    }
    // "a pro-government militia" counts no members of it.
    let article = numbers::parse_at(toks, first).is_some_and(|q| q.article);
    if !article
        && toks[first..=last]
            .iter()
            .any(|t| has(&words::get().state.words, &t.lower))
    {
        *side = Some(STATE.to_string());
        return;
    }
    // A nationality in apposition is read once the toll is counted
    // (`nationality_of`): the same victims told elsewhere without it must
    // stay in one count with them.
    if nationality_after(sentence, toks, last).is_some() {
        return;
    }
    *side = role_after(sentence, toks, last);
}

/// "Ali Haidar, a senior commander of Hezbollah,", "two men, both members
/// of the Taliban": an apposition after the victims that names their role
/// in an armed party names their side.
fn role_after(sentence: &str, toks: &[Token], last: usize) -> Option<String> {
    if !toks.get(last + 1).is_some_and(|t| t.is(",")) {
        return None;
    }
    let start = last + 2;
    if !toks
        .get(start)
        .is_some_and(|t| t.is_any(&["a", "an", "the", "both", "all", "one", "two"]))
    {
        return None;
    }
    let end = toks[start..]
        .iter()
        .position(|t| t.is_any(&[",", ".", ";", ":", "and", "who", "which"]))
        .map_or(toks.len(), |n| start + n);
    let roles = &words::get().roles.words;
    if !toks[start..end].iter().any(|t| has(roles, &t.lower)) {
        return None;
    }
    let (from, to) = (toks[start].start, toks[end - 1].end);
    Knowledge::global()
        .parties_in(&sentence[from..to])
        .into_iter()
        .find(|p| matches!(p.kind, PartyKind::Group | PartyKind::Country))
        .map(|p| p.party)
}

/// Where "of" stands in "three of them", "one of those", "two of whom".
fn of_them(toks: &[Token], first: usize, last: usize) -> Option<usize> {
    (first + 1..=last + 1).find(|&j| {
        toks.get(j).is_some_and(|t| t.is("of"))
            && toks
                .get(j + 1)
                .is_some_and(|t| t.is_any(&["them", "those", "whom"]))
    })
}

/// The victims "them" points back at in the same sentence ("wresting control
/// from the militants and killing three of them"): the nearest victim noun
/// before the count, its group, and the party named right before it.
fn antecedent(
    toks: &[Token],
    first: usize,
    parties: &[PartyMention],
) -> (Option<String>, Option<&'static str>) {
    let noun = (0..first)
        .rev()
        .take_while(|&i| !toks[i].is_any(&[".", ";"]))
        .find_map(|i| victim_group(&toks[i]).map(|g| (i, g)));
    let Some((at, group)) = noun else {
        return (None, None);
    };
    let from = toks[at.saturating_sub(3)].start;
    let side = parties
        .iter()
        .find(|p| p.start >= from && p.end <= toks[at].end)
        .map(|p| p.party.clone());
    (side, Some(group))
}

/// The victim group a word names, as the casualty reader's table has it
/// (a plural demonym names people: "Palestinians").
fn victim_group(t: &Token) -> Option<&'static str> {
    if t.kind != TokenKind::Word {
        return None;
    }
    lang::current().victim_group(t.base()).or_else(|| {
        (t.capital && Knowledge::global().people_of(t.base()).is_some()).then_some("people")
    })
}

/// "about 20 people that he called terrorists", "14 men whom the army
/// described as saboteurs": after the victim phrase ending at `last`, a verb
/// of naming within five words, then one of the labels.
fn labelled_by_speaker(toks: &[Token], last: usize) -> bool {
    let table = &words::get().labels;
    let mut j = last + 1;
    if toks.get(j).is_some_and(|t| t.is(",")) {
        j += 1;
    }
    if toks
        .get(j)
        .is_some_and(|t| t.is_any(&["that", "whom", "who", "which"]))
    {
        j += 1;
    }
    for k in j..toks.len().min(j + 5) {
        if toks[k].is_any(&[",", ".", ";", ":"]) {
            return false;
        }
        let Some(n) = phrase_at(toks, k, &table.naming) else {
            continue;
        };
        return toks[k + n..]
            .iter()
            .filter(|t| !(t.is_punct() || t.is_any(&["as", "the", "a"])))
            .take(1)
            .any(|t| has(&table.words, &t.lower));
    }
    false
}

/// The nationality told in apposition after the victims counted `value`
/// in `sentence` ("killing 28 people, most of them Somali" → Somalia).
#[cfg(test)]
pub(crate) fn nationality_of(sentence: &str, value: u32) -> Option<String> {
    nationality_of_either(sentence, value, 0)
}

/// `nationality_of(sentence, first).or_else(|| nationality_of(sentence,
/// second))`, the sentence read once for both.
pub(crate) fn nationality_of_either(sentence: &str, first: u32, second: u32) -> Option<String> {
    if first == 0 && second == 0 {
        return None;
    }
    // Without a word of some phrase that tells most of the victims, the
    // sentence is not tokenized.
    let majority = &words::get().nationality.majority;
    let lower = sentence.to_ascii_lowercase();
    if !majority.iter().any(|p| {
        p.split(' ')
            .all(|w| crate::facts::tokens::may_hold_word(&lower, w))
    }) {
        return None;
    }
    let toks = crate::facts::tokens::tokenize(sentence);
    // The count at each token, read once for both figures.
    let counts: Vec<Option<numbers::Quantity>> = (0..toks.len())
        .map(|i| numbers::parse_at(&toks, i))
        .collect();
    let of = |value: u32| {
        if value == 0 {
            return None;
        }
        counts.iter().find_map(|q| {
            let q = q.as_ref().filter(|q| q.value == value && !q.article)?;
            let noun =
                (q.end..toks.len().min(q.end + 4)).find(|&n| victim_group(&toks[n]).is_some())?;
            nationality_after(sentence, &toks, noun)
        })
    };
    of(first).or_else(|| of(second))
}

/// "43 people, most of them Ethiopian", "22 sailors (mostly Filipinos)": a
/// country whose people most of the victims are, told right after them.
fn nationality_after(sentence: &str, toks: &[Token], last: usize) -> Option<String> {
    let mut j = last + 1;
    while toks
        .get(j)
        .is_some_and(|t| t.is_punct() && !t.is_any(&[".", ";", ":"]))
    {
        j += 1;
    }
    let n = phrase_at(toks, j, &words::get().nationality.majority)?;
    let mut at = j + n;
    if toks.get(at).is_some_and(|t| t.is_any(&["from", "of"])) {
        at += 1;
    }
    let start = toks.get(at)?.start;
    Knowledge::global()
        .parties_in(&sentence[start..])
        .into_iter()
        .next()
        .filter(|p| p.start == 0 && p.kind == PartyKind::Country)
        .map(|p| p.party)
}

/// Whether `sentence` tells more of the victims of `group` just named: "A
/// third soldier was wounded", "two more soldiers died", "another
/// policeman".
pub(crate) fn more_of(sentence: &str, group: &str) -> bool {
    let table = &words::get().more.words;
    let toks = crate::facts::tokens::tokenize(sentence);
    (0..toks.len()).any(|i| {
        has(table, &toks[i].lower)
            && toks[i + 1..toks.len().min(i + 3)]
                .iter()
                .any(|t| victim_group(t) == Some(group) && t.lower != "others")
    })
}

/// "a bomber killed three people and himself", "two gunmen killed five
/// and themselves": the attackers among the dead, as (how many, token of
/// the reflexive), when the victims told before it (ending at `victims_end`,
/// killed by the verb at `verb`) are joined to it by "and" and the verb's
/// subject is an attacker.
pub(crate) fn attackers_among_the_dead(
    toks: &[Token],
    verb: usize,
    victims_end: usize,
) -> Option<(u32, usize)> {
    let table = &words::get().attackers;
    let and = victims_end + 1;
    let at = and + 1;
    if !toks.get(and).is_some_and(|t| t.is("and"))
        || !toks
            .get(at)
            .is_some_and(|t| has(&table.themselves, &t.lower))
    {
        return None;
    }
    // The subject: an attacker noun at most four words before the verb.
    let noun = (verb.saturating_sub(4)..verb)
        .rev()
        .find(|&i| has(&table.words, &toks[i].lower))?;
    let plural = toks[at].is("themselves");
    let value = if plural {
        // "Two suicide bombers ... themselves": their count, if told.
        (noun.saturating_sub(3)..noun)
            .find_map(|i| numbers::parse_at(toks, i).filter(|q| q.end <= noun && !q.article))
            .map_or(2, |q| q.value)
    } else {
        1
    };
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::tokens::tokenize;

    /// The side and group `amend` gives the phrase from the token holding
    /// `count` to the one holding `noun` (or the count itself).
    fn amended(
        sentence: &str,
        count: &str,
        noun: Option<&str>,
    ) -> (Option<String>, Option<&'static str>) {
        let toks = tokenize(sentence);
        let first = toks.iter().position(|t| t.lower == count).expect("count");
        let last = noun.map_or(first, |n| {
            first
                + toks[first..]
                    .iter()
                    .position(|t| t.lower == n)
                    .expect("noun")
        });
        let parties = Knowledge::global().parties_in(sentence);
        let mut side = parties
            .iter()
            .find(|p| toks[first].start <= p.start && p.end <= toks[last].end)
            .map(|p| p.party.clone());
        let mut group = toks[first..=last].iter().find_map(victim_group);
        amend(
            sentence, &toks, first, last, &parties, &mut side, &mut group,
        );
        (side, group)
    }

    #[test]
    fn them_points_back_at_the_victims_named_before() {
        let (side, group) = amended(
            "Kurdish units stormed the school, driving out the Islamic State militants and killing four of them, Peshmerga officers said.",
            "four",
            None,
        );
        assert_eq!(side.as_deref(), Some("Islamic State"));
        assert_eq!(group, Some("militants"));
        let (side, group) = amended(
            "Troops surrounded the gunmen and shot dead two of them, according to Pakistani police.",
            "two",
            None,
        );
        assert_eq!((side, group), (None, Some("militants")));
    }

    #[test]
    fn a_speakers_label_makes_the_victims_the_enemy() {
        let (side, group) = amended(
            "The minister said the operation killed 12 people whom he described as \"terrorists\".",
            "12",
            Some("people"),
        );
        assert_eq!(side.as_deref(), Some(ENEMY));
        assert_eq!(group, Some("militants"));
        // Naming them otherwise is no label.
        let (side, _) = amended(
            "The strike killed 12 people that residents called neighbours.",
            "12",
            Some("people"),
        );
        assert_eq!(side, None);
    }

    #[test]
    fn government_soldiers_are_the_states() {
        let (side, _) = amended(
            "Nine government soldiers were killed.",
            "nine",
            Some("soldiers"),
        );
        assert_eq!(side.as_deref(), Some(STATE));
        let (side, _) = amended(
            "About 40 pro-regime fighters died in the strikes.",
            "40",
            Some("fighters"),
        );
        assert_eq!(side.as_deref(), Some(STATE));
        // A party in the phrase says it first.
        let (side, _) = amended(
            "Six Syrian government soldiers were killed.",
            "six",
            Some("soldiers"),
        );
        assert_eq!(side.as_deref(), Some("Syria"));
    }

    #[test]
    fn a_nationality_in_apposition_is_the_victims_side() {
        assert_eq!(
            nationality_of(
                "The boat sank and 31 people, most of them Somali, drowned.",
                31
            )
            .as_deref(),
            Some("Somalia")
        );
        assert_eq!(
            nationality_of(
                "Reports said 40 migrants, including many Eritrean nationals, died.",
                40
            )
            .as_deref(),
            Some("Eritrea")
        );
        // "including two" tells of some, not most.
        assert_eq!(
            nationality_of("The blast killed 30 tourists, including two Britons.", 30),
            None
        );
        // Left for after the toll: the phrase keeps no side.
        let (side, _) = amended(
            "The boat sank and 31 people, most of them Somali, drowned.",
            "31",
            Some("people"),
        );
        assert_eq!(side, None);
    }

    #[test]
    fn a_role_in_an_apposition_names_the_party() {
        let (side, _) = amended(
            "The strike killed two men, both members of the Taliban, near Kunduz.",
            "two",
            Some("men"),
        );
        assert_eq!(side.as_deref(), Some("Taliban"));
        let (side, _) = amended(
            "The strike killed two men, residents of a Taliban-held village.",
            "two",
            Some("men"),
        );
        assert_eq!(side, None);
    }

    #[test]
    fn those_against_a_party_are_not_its_side() {
        let (side, _) = amended(
            "Clashes killed 15 anti-Assad fighters.",
            "15",
            Some("fighters"),
        );
        assert_eq!(side, None);
        let (side, _) = amended(
            "Clashes killed 15 anti-government fighters.",
            "15",
            Some("fighters"),
        );
        assert_eq!(side, None);
    }

    #[test]
    fn an_attacker_who_dies_with_his_victims() {
        let toks = tokenize("A bomber killed at least three people and himself near the embassy.");
        let verb = toks.iter().position(|t| t.is("killed")).unwrap();
        let people = toks.iter().position(|t| t.is("people")).unwrap();
        assert_eq!(
            attackers_among_the_dead(&toks, verb, people),
            Some((1, people + 2))
        );
        let toks = tokenize("Two suicide bombers killed 12 worshippers and themselves.");
        let verb = toks.iter().position(|t| t.is("killed")).unwrap();
        let noun = toks.iter().position(|t| t.is("worshippers")).unwrap();
        assert_eq!(
            attackers_among_the_dead(&toks, verb, noun).map(|a| a.0),
            Some(2)
        );
        // A victim's own reflexive is no attacker: the subject must be one.
        let toks = tokenize("The fire killed his wife and himself.");
        let verb = toks.iter().position(|t| t.is("killed")).unwrap();
        let wife = toks.iter().position(|t| t.is("wife")).unwrap();
        assert_eq!(attackers_among_the_dead(&toks, verb, wife), None);
    }
}
