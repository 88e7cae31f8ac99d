//! The outcome phrase at a token: which outcome a word tells ("were killed",
//! "wounding", "shot dead"), how many tokens the phrase takes, and whether
//! the victims may follow it as its object.
//!
//! The language's table (`config/lang/<code>/outcomes.toml`) is read first:
//! its phrases, then (after the rules) its single words. The rules here are
//! the English words whose meaning depends on their neighbours ("shot at",
//! "survived by", "hit" after "bullet"): `outcome_at` is a table from the word
//! to the rule of its phrase shape, one `fn` per shape.

use super::*;

/// An outcome phrase found at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OutcomePhrase {
    pub(super) outcome: Outcome,
    /// Tokens the phrase takes ("shot dead" two, "killed" one).
    pub(super) len: usize,
    /// The word can take the victims as its object ("killing three",
    /// "killed 3 people"), not only follow them ("3 people died").
    pub(super) transitive: bool,
}

impl OutcomePhrase {
    const fn new(outcome: Outcome, len: usize, transitive: bool) -> Self {
        OutcomePhrase {
            outcome,
            len,
            transitive,
        }
    }
}

/// The token read and its neighbours.
#[derive(Clone, Copy)]
struct Around<'a> {
    toks: &'a [Token],
    k: usize,
}

impl<'a> Around<'a> {
    /// The word `n` tokens after the one read ("" past the end).
    fn next(&self, n: usize) -> &'a str {
        self.toks
            .get(self.k + n)
            .map(|t| t.lower.as_str())
            .unwrap_or("")
    }

    /// The tokens from the one read to the end of the sentence.
    fn rest(&self) -> &'a [Token] {
        &self.toks[self.k..]
    }
}

/// The outcome phrase at each token of a sentence, read once: the shapes
/// that walk the sentence (verb first, count first, lone victims, named
/// pairs) look here instead of reading the words again each.
pub(super) struct Outcomes(Vec<Option<OutcomePhrase>>);

impl Outcomes {
    pub(super) fn of(toks: &[Token]) -> Outcomes {
        Outcomes((0..toks.len()).map(|k| outcome_at(toks, k)).collect())
    }

    /// [`outcome_at`] the token `k` of the sentence read.
    pub(super) fn at(&self, k: usize) -> Option<OutcomePhrase> {
        self.0.get(k).copied().flatten()
    }
}

/// The outcome phrase starting at token `k`, if one does.
pub(super) fn outcome_at(toks: &[Token], k: usize) -> Option<OutcomePhrase> {
    let t = toks.get(k)?;
    // Phrases of the table ("lost their lives", "death toll") first: the
    // rules below read single words and their neighbours.
    if let Some(m) = lang::current().outcome_phrase(toks, k) {
        return Some(from_table(m));
    }
    let at = Around { toks, k };
    let w = t.lower.as_str();
    match w {
        "bodies" | "body" | "deaths" | "murders" | "murder" | "slaying" | "slayings"
        | "homicide" | "homicides" | "lives"
            if at.next(1) == "of" =>
        {
            Some(OutcomePhrase::new(Outcome::Killed, 1, true))
        }
        "death" if death_sentence(at) => None,
        "hit" | "struck" | "strikes" | "hits"
            if fatal_follow(at, 1).is_none() && hit_by_gunfire(at) =>
        {
            Some(OutcomePhrase::new(Outcome::Shot, 1, true))
        }
        "hit" | "struck" if fatal_follow(at, 1).is_none() && struck_by_a_bullet(at) => {
            Some(OutcomePhrase::new(Outcome::Shot, 1, false))
        }
        "shot" | "shooting" | "shoots" if shot_at(at) || shot_down(at) => None,
        "shot" | "shooting" | "shoots" | "stabbed" | "beaten" | "burnt" | "burned" | "hacked"
        | "bludgeoned" | "stoned" | "crushed" | "struck" | "chopped" => violent_act(at, w),
        "taken" | "rushed" | "transported" | "airlifted" | "flown" | "transferred"
            if taken_to_hospital(at) =>
        {
            Some(OutcomePhrase::new(Outcome::Shot, 1, false))
        }
        "treated" => treated(at).or_else(|| from_word(w)),
        "hits" | "hit" | "strikes" if hit_after_a_bullet(at) => {
            Some(OutcomePhrase::new(Outcome::Shot, 1, true))
        }
        "suffered" | "sustained" | "suffers" | "sustains" | "suffering" | "sustaining"
        | "received" => suffered_a_wound(at),
        "went" | "go" | "goes" | "showed" | "arrived" | "walked" | "checked" | "drove" | "came"
        | "sought"
            if went_to_hospital(at, w) =>
        {
            Some(at_hospital(at))
        }
        "released" | "discharged" if released_from_hospital(at) => {
            Some(OutcomePhrase::new(Outcome::Injured, 1, false))
        }
        "survived" | "survives" => survived(at),
        "recovering" if recovering(at) => Some(OutcomePhrase::new(Outcome::Injured, 1, false)),
        "sent" | "sends" | "sending" | "send" if sent_to_hospital(at) => {
            Some(OutcomePhrase::new(Outcome::Shot, 1, true))
        }
        "in" if matches!(at.next(1), "critical" | "stable" | "serious" | "grave") => {
            in_condition(at)
        }
        // Words that tell an outcome wherever they stand: the table's.
        _ => from_word(w),
    }
}

fn from_table(m: lang::OutcomeMatch) -> OutcomePhrase {
    let outcome = match m.outcome {
        OutcomeKind::Killed => Outcome::Killed,
        OutcomeKind::Injured => Outcome::Injured,
        OutcomeKind::Shot => Outcome::Shot,
    };
    OutcomePhrase::new(outcome, m.len, m.takes_object)
}

/// A word of the table that tells an outcome wherever it stands.
fn from_word(w: &str) -> Option<OutcomePhrase> {
    lang::current().outcome_word(w).map(from_table)
}

/// "death penalty", "sentenced to death": a sentence passed, no one killed.
fn death_sentence(at: Around) -> bool {
    matches!(
        at.next(1),
        "penalty" | "sentence" | "sentences" | "row" | "threat" | "threats"
    ) || (at.k >= 2
        && at.toks[at.k - 1].is("to")
        && at.toks[at.k - 2].is_any(&["sentenced", "condemned"]))
}

/// Words after an act of violence at `n - 1` that make it a death ("shot
/// dead", "beaten to death", "shot and killed"): how many tokens they take.
fn fatal_follow(at: Around, n: usize) -> Option<usize> {
    match (at.next(n), at.next(n + 1)) {
        ("dead", _) => Some(1),
        ("to", "death") => Some(2),
        ("and", "killed") | ("and", "died") => Some(2),
        ("and", "fatally") => Some(2),
        // "17-year-old shot, killed inside house"
        (",", "killed") => Some(2),
        _ => None,
    }
}

/// "Gunfire struck Milner and three others", "a bullet hit the boy": the
/// projectile is the subject, the victims the object.
fn hit_by_gunfire(at: Around) -> bool {
    (1..=2).any(|n| {
        at.k.checked_sub(n)
            .and_then(|p| at.toks.get(p))
            .is_some_and(|t| {
                t.is_any(&[
                    "gunfire", "bullet", "bullets", "shots", "rounds", "round", "pellets",
                    "shrapnel", "gunshot", "gunshots",
                ])
            })
    })
}

/// "was struck by a stray bullet", "hit in the crossfire": hit by gunfire.
fn struck_by_a_bullet(at: Around) -> bool {
    (1..=4).any(|n| {
        matches!(
            at.next(n),
            "bullet"
                | "bullets"
                | "shooting"
                | "crossfire"
                | "gunfire"
                | "round"
                | "rounds"
                | "pellets"
                | "shrapnel"
        )
    })
}

/// "He was shot at but the bullets missed him": fired at, not hit.
fn shot_at(at: Around) -> bool {
    at.next(1) == "at"
        && matches!(
            at.next(2),
            "him"
                | "her"
                | "them"
                | "me"
                | "us"
                | "police"
                | "officers"
                | "deputies"
                | "troopers"
                | "agents"
                | "someone"
                | "but"
                | ","
                | "."
                | "by"
                | "repeatedly"
                | "several"
                | "multiple"
        )
}

/// "Israel shot down a drone", "one of which was shot down": what is shot
/// down flies; people are shot dead or gunned down.
fn shot_down(at: Around) -> bool {
    at.next(1) == "down"
}

/// An act of violence ("shot", "stabbed", "beaten"): a death when the words
/// after say so ("shot dead", "beaten to death"; "burned alive" is the
/// table's); "shot"
/// alone is a hit, fate not told; the other acts alone tell no outcome.
fn violent_act(at: Around, w: &str) -> Option<OutcomePhrase> {
    if let Some(n) = fatal_follow(at, 1) {
        return Some(OutcomePhrase::new(Outcome::Killed, 1 + n, true));
    }
    if matches!(w, "shot" | "shooting" | "shoots") {
        if matches!(
            (at.next(1), at.next(2)),
            ("and", "wounded") | ("and", "injured")
        ) {
            return Some(OutcomePhrase::new(Outcome::Injured, 3, true));
        }
        // "shot himself" is the shooter's death, handled elsewhere.
        if matches!(at.next(1), "himself" | "herself") {
            return None;
        }
        return Some(OutcomePhrase::new(Outcome::Shot, 1, true));
    }
    None
}

/// "two men were rushed to a nearby hospital", "were taken to New Hanover
/// Regional Medical Center": hurt, fate not stated.
fn taken_to_hospital(at: Around) -> bool {
    at.next(1) == "to"
        && (2..=6).any(|n| {
            at.next(n).starts_with("hospital")
                || (matches!(at.next(n), "center" | "centre")
                    && matches!(at.next(n - 1), "medical" | "trauma" | "health"))
        })
}

/// "treated for injuries and stress": hurt and alive; "treated for gunshot
/// wounds", "treated and released" say only that they were hit.
fn treated(at: Around) -> Option<OutcomePhrase> {
    if at.next(1) == "for" && matches!(at.next(2), "injuries" | "injury" | "shock") {
        return Some(OutcomePhrase::new(Outcome::Injured, 1, false));
    }
    matches!(at.next(1), "for" | "at" | "and").then_some(OutcomePhrase::new(
        Outcome::Shot,
        1,
        false,
    ))
}

/// "a bullet hits and kills": after the projectile, "hit" is a hit even
/// when a death follows (the death is read at its own word).
fn hit_after_a_bullet(at: Around) -> bool {
    at.k > 0 && at.toks[at.k - 1].is_any(&["bullet", "bullets", "gunfire", "round", "pellets"])
}

/// "suffered a non-life-threatening wound", "sustained minor injuries": hurt,
/// and alive when the wound is told as minor; otherwise hit, fate not stated
/// ("suffered multiple gunshot wounds"). A fatal, stab or self-inflicted
/// wound is no hit by the shooter.
fn suffered_a_wound(at: Around) -> Option<OutcomePhrase> {
    let stop = |n: usize| matches!(at.next(n), "" | "." | ";" | "and" | "when" | "after");
    let noun = (1..=6)
        .take_while(|&n| !stop(n))
        .find(|&n| matches!(at.next(n), "injuries" | "injury" | "wound" | "wounds"))?;
    let told: Vec<&str> = (1..noun + 6)
        .take_while(|&n| !stop(n))
        .map(|n| at.next(n))
        .collect();
    // A stab wound is no gunshot; a self-inflicted one is no victim's.
    if told.iter().any(|w| {
        matches!(
            *w,
            "fatal" | "mortal" | "deadly" | "fatally" | "mortally" | "stab" | "knife"
        ) || w.starts_with("self-inflicted")
    }) {
        return None;
    }
    // "suffered injuries": people hurt; a wound may have killed.
    let injuries = matches!(at.next(noun), "injuries" | "injury");
    let outcome = if minor_wound(&told) || injuries {
        Outcome::Injured
    } else {
        Outcome::Shot
    };
    Some(OutcomePhrase::new(outcome, 1, false))
}

/// "minor", "non-life-threatening", "not life-threatening": a wound told as
/// one the victim lives through.
fn minor_wound(told: &[&str]) -> bool {
    told.iter().enumerate().any(|(i, w)| {
        matches!(*w, "minor" | "superficial" | "slight" | "graze")
            || (w.starts_with("non")
                && ["life", "fatal", "critical", "serious"]
                    .iter()
                    .any(|x| w.contains(x)))
            || (*w == "life-threatening"
                && i > 0
                && told[..i].iter().rev().take(3).any(|v| {
                    matches!(
                        *v,
                        "not" | "n't" | "weren't" | "wasn't" | "aren't" | "isn't"
                    )
                }))
    })
}

/// "showed up at a hospital with a gunshot wound", "drove herself to the
/// hospital": going to a hospital, in the same clause.
fn went_to_hospital(at: Around, w: &str) -> bool {
    (w != "drove" || matches!(at.next(1), "himself" | "herself" | "themselves"))
        && (1..=6)
            .take_while(|&n| !matches!(at.next(n), "" | "." | ";" | "," | "and" | "where"))
            .any(|n| at.next(n).starts_with("hospital"))
}

/// Who went to a hospital was hurt, and alive on arrival unless the
/// sentence tells a death ("went to the hospital, where he died").
fn at_hospital(at: Around) -> OutcomePhrase {
    let outcome = if super::death_told_after(at.toks, at.k) {
        Outcome::Shot
    } else {
        Outcome::Injured
    };
    OutcomePhrase::new(outcome, 1, false)
}

/// "both girls were released from the hospital": hurt and alive.
fn released_from_hospital(at: Around) -> bool {
    at.next(1) == "from" && (2..=4).any(|n| at.next(n).starts_with("hospital"))
}

/// "the third man survived", "both victims survived the shooting": hit and
/// alive. Not "is survived by" (an obituary), "survived three tours", or a
/// survival cut short ("survived ... before he died").
fn survived(at: Around) -> Option<OutcomePhrase> {
    let about_attack = (1..=4).any(|n| {
        matches!(
            at.next(n),
            "shooting"
                | "gunshot"
                | "wound"
                | "wounds"
                | "injuries"
                | "injury"
                | "shot"
                | "shots"
                | "gunfire"
                | "attack"
                | "being"
        )
    });
    let ok = match at.next(1) {
        "by" => false,
        "a" | "an" | "the" | "his" | "her" | "their" | "being" | "two" | "three" | "multiple"
        | "several" => about_attack,
        n => {
            n.is_empty()
                || !n.chars().next().is_some_and(char::is_alphanumeric)
                || matches!(n, "and" | "but" | "after" | "with" | "when" | "despite")
        }
    };
    let died_later = at
        .rest()
        .iter()
        .skip(1)
        .take(super::DEATH_AFTER_WINDOW)
        .any(|t| t.is_any(&["died", "dead", "dies", "succumbed", "death"]));
    (ok && !died_later).then_some(OutcomePhrase::new(Outcome::Injured, 1, false))
}

/// "is recovering at a hospital", "are recovering from wounds": hurt and
/// alive. Not "recovering the bodies".
fn recovering(at: Around) -> bool {
    matches!(
        at.next(1),
        "" | "." | "," | ";" | "from" | "at" | "in" | "after" | "and"
    )
}

/// "a shooting that sent four people to the hospital": hit, the dead among
/// them or not.
fn sent_to_hospital(at: Around) -> bool {
    (2..=8).any(|n| at.next(n).starts_with("hospital"))
}

/// "is in critical condition", "remains in serious but stable condition":
/// alive and hurt. The phrase runs to "condition".
fn in_condition(at: Around) -> Option<OutcomePhrase> {
    (2..=4)
        .find(|&n| at.next(n) == "condition")
        .map(|n| OutcomePhrase::new(Outcome::Injured, n + 1, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrase at the first token that is `word`.
    fn phrase(text: &str, word: &str) -> Option<OutcomePhrase> {
        let toks = tokenize(text);
        let k = toks.iter().position(|t| t.is(word)).expect("word in text");
        outcome_at(&toks, k)
    }

    fn is(outcome: Outcome, len: usize, transitive: bool) -> Option<OutcomePhrase> {
        Some(OutcomePhrase::new(outcome, len, transitive))
    }

    #[test]
    fn table_phrases_and_words() {
        assert_eq!(
            phrase("two soldiers lost their lives", "lost"),
            is(Outcome::Killed, 3, false)
        );
        assert_eq!(
            phrase("militants killed three", "killed"),
            is(Outcome::Killed, 1, true)
        );
        assert_eq!(phrase("the market opened", "opened"), None);
    }

    #[test]
    fn nouns_of_death_take_their_victims_after_of() {
        assert_eq!(
            phrase("the bodies of two men", "bodies"),
            is(Outcome::Killed, 1, true)
        );
        assert_eq!(
            phrase("the lives of three", "lives"),
            is(Outcome::Killed, 1, true)
        );
        assert_eq!(phrase("their lives changed", "lives"), None);
    }

    #[test]
    fn a_death_sentence_kills_no_one() {
        assert_eq!(phrase("faces the death penalty", "death"), None);
        assert_eq!(phrase("was sentenced to death", "death"), None);
        assert!(phrase("the death of two soldiers", "death").is_some());
    }

    #[test]
    fn fatal_follow_reads_the_words_after_an_act() {
        let toks = tokenize("shot and killed two");
        assert_eq!(fatal_follow(Around { toks: &toks, k: 0 }, 1), Some(2));
        let toks = tokenize("beaten to death");
        assert_eq!(fatal_follow(Around { toks: &toks, k: 0 }, 1), Some(2));
        let toks = tokenize("shot in the leg");
        assert_eq!(fatal_follow(Around { toks: &toks, k: 0 }, 1), None);
    }

    #[test]
    fn fatally_is_a_death_in_the_table() {
        assert_eq!(
            phrase("was fatally shot", "fatally"),
            is(Outcome::Killed, 2, true)
        );
        assert_eq!(
            phrase("was fatally hurt", "fatally"),
            is(Outcome::Killed, 1, false)
        );
    }

    #[test]
    fn gunfire_hits_its_object() {
        assert_eq!(
            phrase("gunfire struck three others", "struck"),
            is(Outcome::Shot, 1, true)
        );
        assert_eq!(phrase("the market was hit hard", "hit"), from_word("hit"));
    }

    #[test]
    fn struck_by_a_bullet_is_a_hit() {
        assert_eq!(
            phrase("was struck by a stray bullet", "struck"),
            is(Outcome::Shot, 1, false)
        );
    }

    #[test]
    fn shot_at_is_no_hit() {
        assert_eq!(phrase("he was shot at but missed", "shot"), None);
        assert_eq!(phrase("one of the drones was shot down", "shot"), None);
        assert_eq!(
            phrase("he was shot at the party", "shot"),
            is(Outcome::Shot, 1, true)
        );
    }

    #[test]
    fn violent_acts_kill_when_told_so() {
        assert_eq!(
            phrase("was shot dead", "shot"),
            is(Outcome::Killed, 2, true)
        );
        assert_eq!(
            phrase("were burned alive", "burned"),
            is(Outcome::Killed, 2, true)
        );
        assert_eq!(
            phrase("was shot and wounded", "shot"),
            is(Outcome::Injured, 3, true)
        );
        assert_eq!(phrase("shot himself", "shot"), None);
        assert_eq!(phrase("was stabbed in the arm", "stabbed"), None);
    }

    #[test]
    fn taken_to_hospital_is_a_hit() {
        assert_eq!(
            phrase("two men were rushed to a nearby hospital", "rushed"),
            is(Outcome::Shot, 1, false)
        );
        assert_eq!(
            phrase("were taken to the regional medical center", "taken"),
            is(Outcome::Shot, 1, false)
        );
        assert_eq!(phrase("were taken to a police station", "taken"), None);
    }

    #[test]
    fn treated_for_injuries_is_hurt() {
        assert_eq!(
            phrase("were treated for injuries", "treated"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(
            phrase("were treated and released", "treated"),
            is(Outcome::Shot, 1, false)
        );
    }

    #[test]
    fn hit_after_a_bullet_even_before_a_death() {
        assert_eq!(
            phrase("a bullet hit and killed him", "hit"),
            is(Outcome::Shot, 1, true)
        );
    }

    #[test]
    fn gunshot_wounds_are_a_hit_in_the_table() {
        assert_eq!(
            phrase("had gunshot wounds", "gunshot"),
            is(Outcome::Shot, 2, false)
        );
    }

    #[test]
    fn suffered_wounds_minor_or_not() {
        assert_eq!(
            phrase("suffered minor injuries", "suffered"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(
            phrase("suffered multiple gunshot wounds", "suffered"),
            is(Outcome::Shot, 1, false)
        );
        assert_eq!(
            phrase("suffered a wound that was not life-threatening", "suffered"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(phrase("suffered fatal wounds", "suffered"), None);
        assert_eq!(phrase("suffered losses", "suffered"), None);
    }

    #[test]
    fn went_to_hospital_is_hurt_unless_a_death_follows() {
        assert_eq!(
            phrase("showed up at a hospital with a wound", "showed"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(
            phrase("went to the hospital, where he died", "went"),
            is(Outcome::Shot, 1, false)
        );
        assert_eq!(phrase("drove to the hospital", "drove"), None);
    }

    #[test]
    fn a_death_is_looked_for_within_a_window_after_the_hit() {
        // Within the window: the same victim died.
        let near = format!(
            "went to the hospital {} where he died",
            "and waited there ".repeat(10)
        );
        assert_eq!(phrase(&near, "went"), is(Outcome::Shot, 1, false));
        // A death told a whole clause-chain later is no look-ahead of this
        // trigger: each trigger reads a bounded stretch, so a page that
        // repeats triggers costs linear time.
        let far = format!(
            "went to the hospital {} where he died",
            "and waited there ".repeat(super::super::DEATH_AFTER_WINDOW / 3 + 1)
        );
        assert_eq!(phrase(&far, "went"), is(Outcome::Injured, 1, false));
    }

    #[test]
    fn released_from_hospital_is_hurt() {
        assert_eq!(
            phrase("were released from the hospital", "released"),
            is(Outcome::Injured, 1, false)
        );
    }

    #[test]
    fn survived_is_hurt_and_alive() {
        assert_eq!(
            phrase("the third man survived.", "survived"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(
            phrase("both survived the shooting", "survived"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(phrase("he is survived by his wife", "survived"), None);
        assert_eq!(phrase("survived three tours", "survived"), None);
        assert_eq!(phrase("he survived, but later died", "survived"), None);
    }

    #[test]
    fn recovering_is_hurt() {
        assert_eq!(
            phrase("is recovering at a hospital", "recovering"),
            is(Outcome::Injured, 1, false)
        );
        assert_eq!(phrase("recovering the bodies", "recovering"), None);
    }

    #[test]
    fn sent_to_hospital_is_a_hit() {
        assert_eq!(
            phrase("sent four people to the hospital", "sent"),
            is(Outcome::Shot, 1, true)
        );
    }

    #[test]
    fn in_condition_runs_to_condition() {
        assert_eq!(
            phrase("is in critical condition", "in"),
            is(Outcome::Injured, 3, false)
        );
        assert_eq!(
            phrase("remains in serious but stable condition", "in"),
            is(Outcome::Injured, 5, false)
        );
        assert_eq!(phrase("in critical need", "in"), None);
    }
}
