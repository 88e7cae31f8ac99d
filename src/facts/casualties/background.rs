//! Whether a sentence's figures belong to the reported event: earlier
//! events, cumulative tolls, round-ups of several shootings, hypotheticals,
//! other stories and reactions to earlier killings.

use super::*;
use crate::facts::tokens::{AnyOf, Runs};
use std::sync::LazyLock;

/// "has since", "have since": a running count of the war, unless the
/// sentence updates the event's own toll.
const SINCE_THEN: &[&str] = &["has since", "have since"];

/// "The death toll has since risen to 26": the event's toll, updated (it
/// replaces the earlier figure), not a count of the period since.
pub(super) fn toll_update(lower: &str) -> bool {
    let toll = [
        "death toll",
        "the toll",
        "number of dead",
        "number of deaths",
    ]
    .iter()
    .any(|w| contains_words(lower, w));
    toll && ["rose", "risen", "climbed", "increased", "reached", "jumped"]
        .iter()
        .any(|w| contains_words(lower, w))
}

/// "in October", "in late December": a month at least two before the
/// article's is another event.
pub(super) fn earlier_month(lower: &str, runs: &Runs, published_month: Option<u32>) -> bool {
    let Some(pm) = published_month else {
        return false;
    };
    lang::current()
        .lists
        .months
        .iter()
        .enumerate()
        .any(|(i, m)| {
            let back = (pm + 12 - (i as u32 + 1)) % 12;
            (2..=10).contains(&back)
                && runs.may_end_with(m)
                && ["in ", "in late ", "in early ", "in mid-", "since "]
                    .iter()
                    .any(|p| month_phrase(lower, &format!("{p}{m}")))
        })
}

/// `phrase` ("in december", "since october") as whole words, and not a
/// comparison's point in time ("the deadliest attack since October 7").
fn month_phrase(lower: &str, phrase: &str) -> bool {
    lower.match_indices(phrase).any(|(p, _)| {
        contains_words(&lower[p..], phrase)
            && !(phrase.starts_with("since ") && compares(&lower[..p]))
    })
}

/// Words before "since" that make it a comparison: "the deadliest since",
/// "the worst since", "the first since".
fn compares(before: &str) -> bool {
    before
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| (w.len() > 4 && w.ends_with("est")) || matches!(w, "worst" | "first" | "most"))
}

/// "In December, a car bomb killed 17": a month named as when something
/// happened, other than the event's own month and before it, is another
/// event. Needs the event's date; without one, [`earlier_month`] reads
/// months against the publication date.
pub(super) fn other_month(lower: &str, event: Option<chrono::NaiveDate>) -> bool {
    use chrono::Datelike;
    let Some(event) = event else {
        return false;
    };
    let em = event.month();
    lang::current()
        .lists
        .months
        .iter()
        .enumerate()
        .any(|(i, m)| {
            let back = (em + 12 - (i as u32 + 1)) % 12;
            (1..=10).contains(&back)
                && ["in ", "in late ", "in early ", "in mid-"]
                    .iter()
                    .any(|p| month_phrase(lower, &format!("{p}{m}")))
        })
}

pub fn background_cue(
    lower: &str,
    published_year: Option<i32>,
    published_month: Option<u32>,
) -> Option<&'static str> {
    let runs = Runs::of(lower);
    if earlier_month(lower, &runs, published_month) {
        return Some("earlier event");
    }
    if let Some(why) = period_cue(lower, &runs) {
        return Some(why);
    }
    if told_to_this_day(lower) {
        return Some("cumulative toll");
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
    let update = toll_update(lower);
    let lang = lang::current();
    if let Some((_, why)) = lang
        .background_rows(&runs)
        .into_iter()
        .map(|i| &lang.background[i])
        .filter(|(c, _)| !(update && SINCE_THEN.contains(c)))
        .find(|(c, _)| contains_words(lower, c))
    {
        return Some(why);
    }
    if round_up(lower) {
        return Some("other events");
    }
    // A year is a word that starts with four digits: without one, no
    // prefix below is followed by a year.
    let year = |r: &str| r.len() >= 4 && r.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    if !runs.iter().any(year) {
        return None;
    }
    // "in 2019", "since 2011", "the 2016 bombing": an earlier year than the
    // article's. (No prefix overlaps itself: its matches, left to right, are
    // where a search from after each match finds the next.)
    for prefix in ["in ", "since ", "during ", "the "] {
        for (p, _) in lower.match_indices(prefix) {
            let after = &lower[p + prefix.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 4 {
                if let Ok(y) = after[..4].parse::<i32>() {
                    let earlier = published_year.is_some_and(|py| y < py);
                    if earlier || (prefix == "since " && (1900..2100).contains(&y)) {
                        return Some("earlier event");
                    }
                }
            }
        }
    }
    None
}

/// Openers of a clause about something named before it: ", which", ", where".
pub(super) const RELATIVE_OPENERS: &[&str] = &[", which ", ", where "];

/// "..., where Israeli strikes have killed more than 34,000 people", "...,
/// which has claimed 15,000 lives": a toll in the present perfect in a
/// clause about the place or the war named before is counted to this day,
/// not the event's.
pub(super) fn told_to_this_day(lower: &str) -> bool {
    const HAVE: &[&str] = &["has", "have"];
    const TOLL: &[&str] = &["killed", "died", "claimed", "left", "wounded", "injured"];
    RELATIVE_OPENERS.iter().any(|opener| {
        lower.match_indices(opener).any(|(at, _)| {
            let words: Vec<&str> = lower[at + opener.len()..]
                .split_whitespace()
                .take_while(|w| !w.ends_with([';', '.']))
                .take(8)
                .collect();
            words.iter().enumerate().any(|(i, w)| {
                HAVE.contains(w)
                    && words[i + 1..words.len().min(i + 3)]
                        .iter()
                        .any(|v| TOLL.contains(&v.trim_end_matches(',')))
            })
        })
    })
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
    // Every alternative names "shooting": a text without it is not matched.
    .is_some_and(|re| lower.contains("shooting") && re.is_match(lower))
}

/// "At least 23 killed in separate attacks in Kabul, Farah and Helmand",
/// "killed in multiple attacks across the country": a toll told over
/// several attacks at once. In the lede it is the round-up's stated toll,
/// the event's, not the sum of the parts told further down. (Shootings are
/// left to [`round_up`]: a round-up of a city's shootings is no one event.)
pub(super) fn round_up_of_attacks(lower: &str) -> bool {
    if !may_round_up_attacks(lower) {
        return false;
    }
    const ATTACKS: &[&str] = &[
        "attacks",
        "strikes",
        "airstrikes",
        "raids",
        "bombings",
        "assaults",
        "ambushes",
        "blasts",
        "explosions",
    ];
    // One pass over the alphanumeric runs, keeping whether each of the last
    // three words was one of MANY.
    // A word shorter than every word of both lists is neither: not compared.
    let shortest = MANY
        .iter()
        .chain(ATTACKS)
        .map(|w| w.len())
        .min()
        .unwrap_or(0);
    let mut many_before = [false; 3];
    let mut found = false;
    crate::facts::tokens::word_runs(lower, crate::facts::tokens::Joins::NONE, |s, e, _, _| {
        let w = &lower[s..e];
        let long = w.len() >= shortest;
        found = found || (long && ATTACKS.contains(&w) && many_before.contains(&true));
        many_before = [many_before[1], many_before[2], long && MANY.contains(&w)];
    });
    found
}

/// The words of [`round_up_of_attacks`] that tell several attacks apart.
const MANY: &[&str] = &[
    "separate",
    "multiple",
    "several",
    "coordinated",
    "simultaneous",
    "series",
];

/// False when `lower` cannot be a round-up of attacks: it holds none of
/// `MANY` anywhere, so it need not be split to tell.
fn may_round_up_attacks(lower: &str) -> bool {
    static ANY_MANY: LazyLock<AnyOf> = LazyLock::new(|| AnyOf::new(MANY));
    ANY_MANY.in_text(lower)
}

/// "A day later, ...", "The next day ...", "Two weeks later": a time told
/// from the day of the sentence before, among a sentence's first words.
pub(super) fn counted_from_the_day_before(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    const SPANS: &[&str] = &[
        "day", "days", "week", "weeks", "month", "months", "hours", "hour",
    ];
    words.windows(2).any(|w| {
        (SPANS.contains(&w[0]) && matches!(w[1], "later" | "after"))
            || (matches!(w[0], "next" | "following") && matches!(w[1], "day" | "morning" | "week"))
    })
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
pub fn contains_words(lower: &str, phrase: &str) -> bool {
    // `contains` first: it needs no searcher built, and most phrases are absent.
    lower.contains(phrase)
        && lower.match_indices(phrase).any(|(p, _)| {
            let before = lower[..p].chars().next_back();
            let after = lower[p + phrase.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
}

pub(super) fn is_reaction_cue(t: &Token) -> bool {
    lang::current()
        .lists
        .reaction_cues
        .iter()
        .any(|c| t.lower.starts_with(c))
        && victim_group(t).is_none()
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

/// Words after "since" that make a toll a running count ("since the war
/// began", "since a 5 September ceasefire", "since then").
const SINCE_WHAT: &[&str] = &[
    "war",
    "conflict",
    "invasion",
    "truce",
    "ceasefire",
    "cease-fire",
    "offensive",
    "start",
    "beginning",
    "outbreak",
    "coup",
    "uprising",
    "then",
    "independence",
    "fighting",
    "insurgency",
    "took",
    "taking",
    "began",
    "escalation",
    "revolution",
    "occupation",
    "hostilities",
];

/// A toll over a period, from the shape of the words: "killed since ...",
/// "since the truce", "last April", "in the 1990s", "38 days of", "in the
/// last 38 days". Cues of one phrase are table rows (`cues.toml`); these
/// read a few words around a stop word.
fn period_cue(lower: &str, runs: &Runs) -> Option<&'static str> {
    // Every cue below is one of these words, or a decade ("1990s"), as a
    // word of its own: a sentence with none is not split.
    let decade = |r: &str| {
        r.len() == 5 && r.ends_with("0s") && r.as_bytes()[..4].iter().all(u8::is_ascii_digit)
    };
    if !runs
        .iter()
        .any(|r| matches!(r, "since" | "last" | "days" | "weeks" | "months" | "years") || decade(r))
    {
        return None;
    }
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"'))
        .filter(|w| !w.is_empty())
        .collect();
    let months = lang::current().lists.months;
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let next = |n: usize| {
            words
                .get(i + n)
                .map(|x| x.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
                .unwrap_or("")
        };
        match w {
            // "the deadliest day since the 2014 war" dates a comparison, not a toll.
            "since"
                if words[..i]
                    .iter()
                    .any(|w| w.ends_with("est") || matches!(*w, "worst" | "first" | "most")) => {}
            "since" => {
                let before = i.checked_sub(1).map(|p| words[p]).unwrap_or("");
                if matches!(before, "killed" | "dead" | "died" | "wounded" | "injured") {
                    return Some("cumulative toll");
                }
                if (1..=5).any(|n| {
                    let x = next(n);
                    SINCE_WHAT.contains(&x)
                        || months.contains(&x)
                        || x.len() == 4
                            && x.starts_with(['1', '2'])
                            && x.chars().all(|c| c.is_ascii_digit())
                }) {
                    return Some("cumulative toll");
                }
            }
            // "last April", "last fall"
            "last"
                if months.contains(&next(1))
                    || matches!(next(1), "fall" | "autumn" | "spring" | "summer" | "winter") =>
            {
                return Some("earlier event");
            }
            // "in the last 38 days", "38 days of horror"
            "days" | "weeks" | "months" | "years"
                if i > 0
                    && words[i - 1].chars().all(|c| c.is_ascii_digit())
                    && (next(1) == "of"
                        || (i >= 3
                            && words[i - 2] == "last"
                            && matches!(words[i - 3], "the" | "past"))) =>
            {
                return Some("cumulative toll");
            }
            _ => {
                // "the 1990s", "1980s"
                if w.len() == 5 && w.ends_with("0s") && w[..4].chars().all(|c| c.is_ascii_digit()) {
                    return Some("earlier event");
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_counted_from_the_day_before() {
        assert!(counted_from_the_day_before(
            "a day later, 11 soldiers were killed"
        ));
        assert!(counted_from_the_day_before(
            "two weeks later, a bomb went off"
        ));
        assert!(counted_from_the_day_before(
            "the next day, police found two bodies"
        ));
        assert!(!counted_from_the_day_before(
            "later, police said two were killed"
        ));
        assert!(!counted_from_the_day_before(
            "on monday, a day of strikes killed 12 people"
        ));
    }

    #[test]
    fn a_toll_told_to_this_day_in_a_clause_of_its_own() {
        assert!(told_to_this_day(
            "ministers met in the capital, where strikes have killed more than 30,000 people"
        ));
        assert!(told_to_this_day(
            "the fighting, which has claimed 15,000 lives, went on"
        ));
        assert!(told_to_this_day(
            "a strike hit the camp, where 12 people have been killed this week"
        ));
        assert!(!told_to_this_day(
            "a strike killed 12 people in the camp, where they had sheltered"
        ));
        assert!(!told_to_this_day(
            "five people have been killed in the attack"
        ));
    }

    #[test]
    fn an_earlier_year_names_an_earlier_event() {
        let cue = |s: &str| background_cue(s, Some(2024), Some(5));
        assert_eq!(
            cue("the 2016 market bombing killed more than 300 people"),
            Some("earlier event")
        );
        assert_eq!(
            cue("in 2019, a blast killed 12 people"),
            Some("earlier event")
        );
        assert_eq!(cue("the 2024 offensive killed 12 soldiers on monday"), None);
        assert_eq!(cue("the 300 people killed in the bombing"), None);
    }

    #[test]
    fn a_round_up_names_several_attacks_within_three_words_before() {
        assert!(round_up_of_attacks(
            "nine were killed in two separate suicide attacks on sunday"
        ));
        assert!(round_up_of_attacks("a series of airstrikes hit the town"));
        assert!(!round_up_of_attacks("several people died in the attacks"));
        assert!(!round_up_of_attacks("attacks on several towns"));
    }
}
