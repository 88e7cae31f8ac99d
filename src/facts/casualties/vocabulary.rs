//! Words the casualty reader knows, read from the language's tables
//! (`config/lang/en/*.toml`, see `facts::lang`): things that are no victims,
//! the words that end a clause or a victim phrase, and the like. Only the
//! generic group's name stays here: it is the output's word, not the text's.

use crate::facts::lang::{self, Lang};
use crate::facts::tokens::Token;

type Words = &'static [&'static str];

fn en() -> &'static Lang {
    lang::current()
}

/// Nouns that name people without a group of their own ("a 12-year-old").
pub(super) const GENERIC: &str = "people";

/// Whether `t` names a thing that can be hit or hurt but is no casualty
/// ("injuring one of the dogs"): the `non_person` list, by one hash lookup.
pub(super) fn is_non_person(t: &Token) -> bool {
    en().lists.non_person_set.contains(t.lower.as_str())
}

/// Groups that say who the victims were as persons, not which armed or
/// civilian side: repeated mentions of them ("a man", "the victim", "the
/// 17-year-old") are usually the same people, so they overlap like "people".
pub(super) fn person_groups() -> Words {
    en().lists.person_groups
}

/// Words that end the search from a count to its outcome: another clause.
pub(super) fn clause_breaks() -> Words {
    en().lists.clause_breaks
}

/// Outcome words that are nouns: their victim comes after them ("the death
/// of a teen"), never as a headline's subject.
pub(super) fn outcome_nouns() -> Words {
    en().lists.outcome_nouns
}

/// Verbs whose subject is the accused, not a victim ("two teens charged
/// with murder in the death of ...").
pub(super) fn accused() -> Words {
    en().lists.accused
}

/// Of `accused`, the verbs that end a victim phrase: "two men accused of
/// theft were beaten to death" are victims, "two teens charged with murder
/// in the death of" are not.
pub(super) fn prosecuted() -> Words {
    en().lists.prosecuted
}

/// Auxiliaries that mark a passive or a singular subject ("was killed").
pub(super) fn singular_aux() -> Words {
    en().lists.singular_aux
}

/// Negations that cancel an outcome in their clause ("no one was hurt").
pub(super) fn negations() -> Words {
    en().lists.negations
}

/// Capitalised words that are no victim's name.
pub(super) fn not_names() -> Words {
    en().lists.not_names
}

/// Nouns that name a known number of people ("Boy, Parents Hit In Shooting").
pub(super) fn implied_pairs() -> Words {
    en().lists.implied_pairs
}

/// State verbs a lone victim is the subject of, like a death verb ("Smith
/// suffered a wound", "he drove himself to a hospital").
pub(super) fn state_verbs() -> Words {
    en().lists.state_verbs
}
