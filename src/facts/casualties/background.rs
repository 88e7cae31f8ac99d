//! Whether a sentence's figures belong to the reported event: earlier
//! events, cumulative tolls, round-ups of several shootings, hypotheticals,
//! other stories and reactions to earlier killings.

use super::*;

/// Phrases that put a sentence's figures outside the reported event, and why.
pub(super) const BACKGROUND_CUES: &[(&str, &str)] = &[
    ("last year", "earlier event"),
    ("previous year", "earlier event"),
    ("earlier this year", "earlier event"),
    ("in a separate incident", "separate event"),
    ("in another incident", "separate event"),
    ("in a similar incident", "separate event"),
    ("separate attack", "separate event"),
    ("previous attack", "earlier event"),
    ("since the war", "cumulative toll"),
    ("since the start", "cumulative toll"),
    ("since the beginning", "cumulative toll"),
    ("since the conflict", "cumulative toll"),
    ("since the fighting", "cumulative toll"),
    ("since the outbreak", "cumulative toll"),
    ("since the insurgency", "cumulative toll"),
    ("since the uprising", "cumulative toll"),
    ("so far this year", "cumulative toll"),
    ("this year", "cumulative toll"),
    ("to date", "cumulative toll"),
    ("over the past", "cumulative toll"),
    ("over the last", "cumulative toll"),
    ("in the past", "cumulative toll"),
    ("in recent", "cumulative toll"),
    ("the war has", "cumulative toll"),
    ("the conflict has", "cumulative toll"),
    ("which has killed", "cumulative toll"),
    ("that has killed", "cumulative toll"),
    ("have been killed since", "cumulative toll"),
    ("have died since", "cumulative toll"),
    ("since january", "cumulative toll"),
    ("every year", "cumulative toll"),
    ("each year", "cumulative toll"),
    ("a year", "cumulative toll"),
    ("homicides", "cumulative toll"),
    ("could kill", "hypothetical"),
    ("could have killed", "hypothetical"),
    ("could have been", "hypothetical"),
    ("would kill", "hypothetical"),
    ("would have", "hypothetical"),
    ("threatened to", "hypothetical"),
    ("vowed to", "hypothetical"),
    ("plotted to", "hypothetical"),
    ("plan to kill", "hypothetical"),
    ("planning to kill", "hypothetical"),
    ("tried to kill", "hypothetical"),
    ("attempt to kill", "hypothetical"),
    ("if", "hypothetical"),
    ("across the city", "other events"),
    ("throughout the day", "other events"),
    ("citywide", "other events"),
    ("in separate shootings", "other events"),
    ("separate incidents", "other events"),
    ("retaliation for", "earlier event"),
    ("revenge for", "earlier event"),
    ("earlier in the week", "earlier event"),
    ("other sources", "alternative report"),
    ("another source", "alternative report"),
    ("other reports", "alternative report"),
    ("different reports", "alternative report"),
    ("conflicting reports", "alternative report"),
];

/// Words saying a sentence is about a reaction to killings, not the killings
/// ("protested against the killing of two students").
pub(super) const REACTION_CUES: &[&str] = &[
    "riot",
    "enraged",
    "angered",
    "solidarity",
    "protest",
    "rally",
    "rallied",
    "demonstrat",
    "condemn",
    "demand",
    "mourn",
    "vigil",
    "marched",
    "sit-in",
    "outrage",
    "anniversary",
    "commemorat",
    "memorial",
    "funeral",
];

pub(super) const MONTH_NAMES: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "in October", "in late December": a month at least two before the
/// article's is another event.
pub(super) fn earlier_month(lower: &str, published_month: Option<u32>) -> bool {
    let Some(pm) = published_month else {
        return false;
    };
    MONTH_NAMES.iter().enumerate().any(|(i, m)| {
        let back = (pm + 12 - (i as u32 + 1)) % 12;
        (2..=10).contains(&back)
            && ["in ", "in late ", "in early ", "in mid-", "since "]
                .iter()
                .any(|p| contains_words(lower, &format!("{p}{m}")))
    })
}

pub(super) fn background_cue(
    lower: &str,
    published_year: Option<i32>,
    published_month: Option<u32>,
) -> Option<&'static str> {
    if earlier_month(lower, published_month) {
        return Some("earlier event");
    }
    // "RELATED: 2 killed in ...", "Read more: ..." lines are other stories.
    // "► Related:2-year-old boy finds rifle": past any bullet or symbol.
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    if ["related", "read more", "see also", "more:"]
        .iter()
        .any(|p| opening.starts_with(p))
        || starts_with_video_length(lower)
    {
        return Some("other story");
    }
    if let Some((_, why)) = BACKGROUND_CUES
        .iter()
        .find(|(c, _)| contains_words(lower, c))
    {
        return Some(why);
    }
    if round_up(lower) {
        return Some("other events");
    }
    // "in 2019", "since 2011": an earlier year than the article's.
    for prefix in ["in ", "since ", "during "] {
        let mut rest = lower;
        while let Some(p) = rest.find(prefix) {
            let after = &rest[p + prefix.len()..];
            let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() == 4 {
                if let Ok(y) = digits.parse::<i32>() {
                    let earlier = published_year.is_some_and(|py| y < py);
                    if earlier || (prefix == "since " && (1900..2100).contains(&y)) {
                        return Some("earlier event");
                    }
                }
            }
            rest = &rest[p + prefix.len()..];
        }
    }
    None
}

/// "2:40 Raw video: neighbor heard shots ...": a playlist entry of other
/// videos, its length first.
/// A toll summed over several shootings ("4 killed, 16 wounded in Wednesday
/// shootings across Chicago", "six people wounded in three shootings", "a
/// spate of shootings"): a round-up, not one event's toll.
pub(super) fn round_up(lower: &str) -> bool {
    use regex::Regex;
    use std::sync::OnceLock;
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"\b(?:in|from|during|after)\s+(?:(?:two|three|four|five|six|several|multiple|separate|\d+|weekend|overnight|[a-z]+day(?:'s)?|holiday|recent|other)\s+){0,3}(?:shootings|shooting incidents)\b|\b(?:spate|string|rash|wave|series) of (?:\w+ )?shootings\b|\bshootings (?:across|around|throughout|since)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(lower))
}

pub(super) fn starts_with_video_length(lower: &str) -> bool {
    let b = lower.trim_start().as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&digits)
        && b.get(digits) == Some(&b':')
        && b.get(digits + 1..digits + 3)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
        && b.get(digits + 3).is_some_and(|c| *c == b' ')
}

/// Whether `phrase` occurs in `lower` as whole words.
pub(super) fn contains_words(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(p, _)| {
        let before = lower[..p].chars().next_back();
        let after = lower[p + phrase.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Gatherings whose cause may be a death told in the same sentence.
pub(super) const PROTEST_CUES: &[&str] = &[
    "protest",
    "demonstrat",
    "riot",
    "rally",
    "rallied",
    "sit-in",
    "vigil",
    "mourn",
    "funeral",
    "solidarity",
    "marched",
];

pub(super) fn is_reaction_cue(t: &Token) -> bool {
    REACTION_CUES.iter().any(|c| t.lower.starts_with(c)) && victim_group(t).is_none()
}

/// Token index from which figures are a reaction's cause, not the event:
/// "staged a protest ... after two students died", "honour a man who died".
pub(super) fn reaction_from(toks: &[Token]) -> Option<usize> {
    let r = toks.iter().position(is_reaction_cue)?;
    let link = toks[r..].iter().position(|t| {
        t.is_any(&[
            "after",
            "against",
            "over",
            "demanding",
            "honour",
            "honor",
            "condemning",
            "following",
            "for",
            "wake",
        ])
    })?;
    Some(r + link)
}
