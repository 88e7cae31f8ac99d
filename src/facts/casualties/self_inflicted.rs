//! "Shot himself": the shooter's own death, or a child's or an accident's
//! wound, where the one who fired is the victim.

use super::*;

/// The shooter's own death ("then shot himself", "before killing himself");
/// "accidentally shot himself in the leg" is an injury.
pub(super) fn suicide_mention(lower: &str) -> Option<Mention> {
    if !lower.contains("himself")
        && !lower.contains("herself")
        && !lower.contains("own life")
        && !lower.contains(" self")
    {
        return None;
    }
    const FATAL: &[&str] = &[
        "killed himself",
        "killed herself",
        "killing himself",
        "killing herself",
        "turned the gun on himself",
        "turned the gun on herself",
        "turning the gun on himself",
        "turning the gun on herself",
        "took his own life",
        "took her own life",
        "taking his own life",
        "fatally shot himself",
        "fatally shot herself",
    ];
    let outcome = if FATAL.iter().any(|p| lower.contains(p)) {
        Outcome::Killed
    } else if let Some((p, len)) = [
        "shot himself",
        "shot herself",
        "shooting himself",
        "shooting herself",
        "shoots himself",
        "shoots herself",
        // Headlines: "Boy, 4, shoots self in hand".
        "shot self",
        "shoots self",
        "shooting self",
    ]
    .iter()
    .find_map(|w| lower.find(w).map(|p| (p, w.len())))
    .filter(|&(p, len)| {
        // "before shooting himself" is as often told of a shooter who died
        // as of one who lived: only an accident's "shooting himself" counts.
        lower[p..p + len].starts_with("shot ")
            || lower[p..p + len].ends_with(" self")
            || accidental_self_shot(lower)
    }) {
        let after = &lower[p + len..];
        // "shoots self": a headline's accident, told as a wound.
        let non_fatal = lower[..p].ends_with("accidentally ")
            || lower[p..p + len].ends_with(" self")
            || after.trim_start().starts_with("in the")
            || after.trim_start().starts_with("while")
            || lower.contains("accident")
            || lower.contains("hospital")
            || lower.contains("condition");
        if non_fatal {
            Outcome::Shot
        } else {
            Outcome::Killed
        }
    } else {
        return None;
    };
    // "A 4-year-old boy found a gun and shot himself", "a man accidentally
    // shot himself while cleaning a rifle": the one who shot himself is the
    // victim, the same one other sentences count, not a shooter on top.
    let young = young_self_shooter(lower);
    // "shoots self" is a headline's accident: the one hurt is the victim.
    let self_form = ["shot self", "shoots self", "shooting self"]
        .iter()
        .any(|w| lower.contains(w));
    let child = young || self_form || accidental_self_shot(lower);
    // Such a shot is a wound unless the sentence tells of a death: "Boy, 12,
    // shot himself at home" alone does not say he died.
    let death_told = ["die", "dead", "death", "kill", "fatal", "suicide"]
        .iter()
        .any(|w| lower.contains(w));
    let outcome = if child && outcome == Outcome::Killed && !death_told {
        Outcome::Shot
    } else {
        outcome
    };
    let group = match (young, child) {
        (true, _) => "children",
        (false, true) => GENERIC,
        _ => "militants",
    };
    Some(Mention {
        name: Some(if child { CHILD_SELF } else { SHOOTER }.to_string()),
        ..Mention::new(outcome, 1, Some(group), 0, 0)
    })
}

/// An accident, not a suicide after shooting others.
pub(super) fn accidental_self_shot(lower: &str) -> bool {
    [
        "accident",
        "handling",
        "playing with",
        "cleaning",
        "unloading",
        "holster",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether the one who shot themself is a young child: the last person
/// named before "himself" is a child (a noun or an age under 13).
pub(super) fn young_self_shooter(lower: &str) -> bool {
    const CHILD: &[&str] = &[
        "boy",
        "girl",
        "child",
        "toddler",
        "kid",
        "infant",
        "baby",
        "preschooler",
    ];
    const ADULT: &[&str] = &[
        "man",
        "woman",
        "father",
        "mother",
        "husband",
        "wife",
        "gunman",
        "shooter",
        "suspect",
        "dad",
        "mom",
        "boyfriend",
        "girlfriend",
        "stepfather",
        "teen",
        "teenager",
        "officer",
        "deputy",
    ];
    // Victims the shooter may have hit first ("shot his 5-year-old daughter
    // and then himself"): skipped with their age, they say nothing of who
    // shot himself.
    const RELATIVE: &[&str] = &[
        "son",
        "daughter",
        "brother",
        "sister",
        "sons",
        "daughters",
        "children",
        "kids",
        "boys",
        "girls",
        "family",
        "cousin",
        "nephew",
        "niece",
    ];
    let young_age = |w: &str| {
        if w.contains("-month-old") {
            return true;
        }
        w.strip_suffix("-year-old")
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n < 13)
    };
    let Some(at) = ["himself", "herself", "own life"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min()
    else {
        return false;
    };
    // The person named last before "himself" is who shot himself; a
    // possessive ("mother's purse") names an owner, not a person acting.
    let mut words = lower[..at]
        .split(|c: char| !c.is_alphanumeric() && !matches!(c, '-' | '\'' | '\u{2019}'))
        .rev();
    // With no one else named, a young relative is the child ("his 6-year-old
    // brother found the pistol and shot himself").
    let mut young_relative = false;
    while let Some(w) = words.next() {
        if RELATIVE.contains(&w) {
            let mut ahead = words.clone();
            if ahead.next().is_some_and(young_age) {
                words = ahead;
                young_relative = true;
            }
            continue;
        }
        if CHILD.contains(&w) || young_age(w) {
            // "killed a 4-month-old baby before turning the gun on himself":
            // a child hit by someone is a victim, not who shot himself.
            let hit = words.clone().take(4).any(|v| {
                matches!(
                    v,
                    "killed" | "killing" | "shot" | "shooting" | "wounded" | "murdered" | "and"
                )
            });
            if hit {
                continue;
            }
            return true;
        }
        if ADULT.contains(&w) {
            return false;
        }
    }
    young_relative
}
