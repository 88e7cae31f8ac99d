//! Counts written in news prose: digits ("1,200"), number words ("four",
//! "twenty-five", "one hundred and twenty"), vague amounts with the
//! conventions of conflict-data coders ("dozens" = 12, "tens" = 10,
//! "hundreds" = 100) and the qualifiers that make a figure approximate
//! ("at least", "more than", "around", "up to").

use super::lang;
use super::tokens::{Token, TokenKind};

/// Adds counts without overflow: a hostile text can state billions several
/// times, and a wrapped total would be a wrong figure (a panic in debug builds).
pub trait SaturatingSum: Iterator<Item = u32> + Sized {
    fn saturating_sum(self) -> u32 {
        self.fold(0, u32::saturating_add)
    }
}

impl<I: Iterator<Item = u32>> SaturatingSum for I {}

/// A count read at some token position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    pub value: u32,
    pub approximate: bool,
    /// The count adds to figures already given ("another", "another 40").
    pub additive: bool,
    /// Only an article ("a", "an"): a count of one only before a singular noun.
    pub article: bool,
    /// Token range `[start, end)` covered, qualifier included.
    pub start: usize,
    pub end: usize,
}

fn tables() -> &'static lang::Numbers {
    &lang::current().numbers
}

fn word_value(w: &str) -> Option<u32> {
    unit_value(w).or_else(|| tens_value(w))
}

fn tens_value(w: &str) -> Option<u32> {
    tables().tens.get(w).copied()
}

fn unit_value(w: &str) -> Option<u32> {
    tables().units.get(w).copied()
}

/// "twenty-five", "forty", "seven"; `None` for "two-thirds" and non-numbers.
fn compound_word(w: &str) -> Option<u32> {
    if let Some(v) = word_value(w) {
        return Some(v);
    }
    let (a, b) = w.split_once('-')?;
    Some(tens_value(a)? + unit_value(b).filter(|v| (1..10).contains(v))?)
}

fn digits_value(w: &str) -> Option<u32> {
    // Grouped thousands ("1,200") are counts; decimals ("3.5") are not heads.
    if w.contains('.') {
        return None;
    }
    let plain: String = w.chars().filter(|c| *c != ',').collect();
    plain.parse::<u32>().ok()
}

/// Reads a count written in words starting at `i`: "one hundred and twenty",
/// "two thousand", "twenty five". Returns (value, tokens used).
fn word_number(tokens: &[Token], i: usize) -> Option<(u32, usize)> {
    let first = compound_word(&tokens.get(i)?.lower)?;
    let mut value = first;
    let mut j = i + 1;
    // "twenty five"
    if tens_value(&tokens[i].lower).is_some() {
        if let Some(u) = tokens
            .get(j)
            .and_then(|t| unit_value(&t.lower))
            .filter(|v| (1..10).contains(v))
        {
            value += u;
            j += 1;
        }
    }
    // "two dozen": twice twelve, not two and a dozen more.
    if tokens.get(j).is_some_and(|t| t.is("dozen")) {
        return Some((value.saturating_mul(12), j + 1 - i));
    }
    let mut total = 0u32;
    while let Some(t) = tokens.get(j) {
        let scale = match t.lower.as_str() {
            "hundred" => 100,
            "thousand" => 1000,
            _ => break,
        };
        value = value.saturating_mul(scale);
        j += 1;
        if scale == 1000 {
            total = total.saturating_add(value);
            value = 0;
        }
        // "one hundred and twenty"
        let and = tokens.get(j).is_some_and(|t| t.is("and"));
        let k = if and { j + 1 } else { j };
        if let Some((rest, used)) = tokens.get(k).and_then(|t| {
            compound_word(&t.lower).map(|v| {
                let mut v = v;
                let mut used = 1;
                if tens_value(&t.lower).is_some() {
                    if let Some(u) = tokens.get(k + 1).and_then(|n| unit_value(&n.lower)) {
                        if (1..10).contains(&u) {
                            v += u;
                            used = 2;
                        }
                    }
                }
                (v, used)
            })
        }) {
            if value == 0 || rest < 100 {
                value = value.saturating_add(rest);
                j = k + used;
                continue;
            }
        }
    }
    Some((total.saturating_add(value), j - i))
}

/// The count whose first token (qualifier included) is at `i`, if any.
/// First words a count can start with (besides digits): a cheap filter,
/// since every token of a sentence is tried.
fn may_start_count(w: &str) -> bool {
    use rustc_hash::FxHashSet;
    use std::sync::OnceLock;
    // Looked up for every token read: a fast hash, not SipHash.
    static FIRST: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    let first = FIRST.get_or_init(|| {
        let n = tables();
        let mut set: FxHashSet<&'static str> = n
            .qualifiers
            .iter()
            .filter_map(|q| q.first().copied())
            .collect();
        set.extend(n.units.keys().chain(n.tens.keys()).copied());
        set.extend(n.vague.iter().map(|(w, _)| *w));
        set.extend(["a", "an", "another", "both", "dozen", "half"]);
        set
    });
    // The part before the first hyphen, found by bytes ('-' is ASCII).
    first.contains(w)
        || w.bytes()
            .position(|b| b == b'-')
            .is_some_and(|k| first.contains(&w[..k]))
}

pub fn parse_at(tokens: &[Token], i: usize) -> Option<Quantity> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Number && !may_start_count(&t.lower) {
        return None;
    }
    let mut j = i;
    let mut approximate = false;
    for q in &tables().qualifiers {
        if q.iter()
            .enumerate()
            .all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.is(w)))
        {
            approximate = true;
            j = i + q.len();
            break;
        }
    }
    let mut q = parse_bare(tokens, j)?;
    if approximate && q.article {
        return None;
    }
    q.start = i;
    q.approximate |= approximate;
    Some(q)
}

/// Whether the token at `i` is a number used as something else than a head
/// count (a fraction, a unit, a time, an age or a year).
fn not_a_count(tokens: &[Token], start: usize, end: usize, value: u32, digits: bool) -> bool {
    let Some(next) = tokens.get(end) else {
        return false;
    };
    if next.is("shot") && people_shot(tokens, start, end) {
        return false;
    }
    if next.is_any(tables().not_counted_after) {
        return true;
    }
    // "shot three to four times", "two or three days": a range of a unit.
    if next.is_any(&["to", "or", "-"])
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokenKind::Number || word_value(&t.lower).is_some())
        && tokens
            .get(end + 2)
            .is_some_and(|t| t.is_any(tables().not_counted_after))
    {
        return true;
    }
    // "two gunshot wounds", "three stab wounds": wounds, not people.
    if next.is_any(&["wounds", "wound"])
        || (next.is_any(&["gunshot", "bullet", "stab", "puncture"])
            && tokens
                .get(end + 1)
                .is_some_and(|t| t.is_any(&["wounds", "wound"])))
    {
        return true;
    }
    // "4-month ceasefire", "3-storey"
    if next.is("-") {
        return true;
    }
    // "about 11 p.m.", "at 2 am": a time of day.
    let after = |n: usize| tokens.get(end + n).map_or("", |t| t.lower.as_str());
    let clock = matches!((after(0), after(1), after(2)), ("p" | "a", ".", "m"))
        || matches!(after(0), "pm" | "o'clock");
    // "the 4200 block", "2106 W. 4750 South": an address.
    let address = next.is_any(&["block", "blk"])
        || (digits
            && value >= 100
            && next.is_any(&["south", "north", "east", "west", "s", "n", "e", "w"]));
    if clock || address {
        return true;
    }
    // "four consecutive days", "two separate incidents"
    if next.is_any(&[
        "consecutive",
        "straight",
        "successive",
        "separate",
        "different",
        "more",
    ]) && tokens.get(end + 1).is_some_and(|n| {
        n.is_any(tables().not_counted_after)
            || n.is_any(&["incidents", "attacks", "occasions", "locations", "events"])
    }) {
        return true;
    }
    // "2019" as a year: no grouping comma, and not followed by a noun of people.
    digits && (1900..=2100).contains(&value) && !next.is_any(&["people", "persons", "civilians"])
}

/// "Four shot outside party", "2 shot, 1 killed": in a headline or clipped
/// phrase the count is of people shot. Not "fired two shots", "one shot to
/// the head", "with a single shot".
fn people_shot(tokens: &[Token], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|p| tokens.get(p));
    let fired = before.is_some_and(|t| {
        t.is_any(&[
            "fired", "fire", "fires", "firing", "heard", "hear", "with", "single", "one", "took",
            "take", "squeezed", "let", "off", "by",
        ])
    });
    let after = tokens.get(end + 1);
    let as_unit = after.is_some_and(|t| {
        t.is_any(&[
            "to", "was", "were", "rang", "fired", "that", "hit", "struck", "went", "from",
            "through", "into", "which", "of", "each", "apiece", "glasses", "gun", "guns",
        ])
    });
    !fired && !as_unit
}

const MONTHS: &[&str] = &[
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// A digit number read as a date ("March 13", "Feb. 13"), a clock time
/// ("6:00", "1:52"), an age ("Smith, 32,", "(17)", "aged 34") or a street
/// number ("the 100 block"), from the tokens around it.
fn digits_in_context(tokens: &[Token], i: usize) -> bool {
    let prev = |n: usize| i.checked_sub(n).and_then(|p| tokens.get(p));
    let next = |n: usize| tokens.get(i + n);
    let prev_word = match prev(1) {
        Some(t) if t.is(".") => prev(2),
        other => other,
    };
    if age_phrase(tokens, i) {
        return true;
    }
    // A list of ages: "ages 15, 18, and 22".
    let list_start = tokens[i.saturating_sub(12)..i]
        .iter()
        .rposition(|t| !(t.kind == TokenKind::Number || t.is_any(&[",", "and"])));
    if list_start.is_some_and(|p| tokens[i.saturating_sub(12) + p].is_any(&["ages", "aged", "age"]))
    {
        return true;
    }
    if prev_word.is_some_and(|t| {
        t.is_any(MONTHS)
            || t.is_any(&[
                "aged", "age", "ages", "no", "number", "route", "highway", "block", "room", "apt",
                "news", "channel", "local", "image", "photo", "photos", "video", "fox", "abc",
                "cbs", "nbc", "wsb", "kitv", "action", "unit", "suite", "channel", "grade",
                "flight", "#",
            ])
    }) {
        return true;
    }
    if next(1).is_some_and(|t| t.is(":")) && next(2).is_some_and(|t| t.kind == TokenKind::Number) {
        return true;
    }
    if prev(1).is_some_and(|t| t.is(":")) && prev(2).is_some_and(|t| t.kind == TokenKind::Number) {
        return true;
    }
    // Ages between commas or in brackets after a name: "Sanchez, 15, died".
    // Part of a name: "outside Cloud 9 that", "Route 66,".
    // Only digits: "Wounds Four" in a headline is a count.
    let named = tokens[i].kind == TokenKind::Number
        && prev(1).is_some_and(|t| t.capital && t.kind == TokenKind::Word)
        && i >= 2
        && prev(2).is_some_and(|t| t.kind == TokenKind::Word)
        && next(1).is_none_or(|t| {
            t.is_punct() || t.is_any(&["that", "in", "on", "at", "where", "which", "near"])
        });
    if named {
        return true;
    }
    // "Image 6 of 12", "one of 3"
    if prev(1).is_some_and(|t| t.is("of")) && prev(2).is_some_and(|t| t.kind == TokenKind::Number) {
        return true;
    }
    // "four people out of the 75 inside": the whole, not victims.
    let out_of =
        |n: usize| prev(n).is_some_and(|t| t.is("of")) && prev(n + 1).is_some_and(|t| t.is("out"));
    if out_of(1) || (prev(1).is_some_and(|t| t.is("the")) && out_of(2)) {
        return true;
    }
    // "Two women — both 19 — were shot": an age set off after "both".
    if prev(1).is_some_and(|t| t.is_any(&["both", "each"]))
        && next(1).is_some_and(|t| t.is_any(&["—", "–", "-", ",", ")", "."]))
    {
        return true;
    }
    let opens = prev(1).is_some_and(|t| t.is_any(&[",", "("]))
        && prev(2).is_some_and(|t| t.kind == TokenKind::Word || t.is("."));
    let closes = next(1).is_none_or(|t| t.is_any(&[",", ")", ".", "of", "and", "from", "—", "–"]));
    if opens && closes {
        return true;
    }
    // "Dennie Reeves, 66 and Ginger Reeves, 64 were found dead": after a
    // capitalized name, a small number is an age.
    let after_name = prev(1).is_some_and(|t| t.is(","))
        && prev(2).is_some_and(|t| t.kind == TokenKind::Word && t.capital);
    let age_follows = next(1).is_none_or(|t| {
        t.is_any(&[
            ",", "and", ")", ".", "were", "was", "is", "of", "died", "who", "had", "has",
        ])
    });
    if after_name && age_follows && digits_value(&tokens[i].lower).is_some_and(|v| v <= 110) {
        return true;
    }
    // Emergency numbers: "told 911 operators".
    if tokens[i].is("911") {
        return true;
    }
    // "father of 5", "mother of three"
    if prev(1).is_some_and(|t| t.is("of"))
        && prev(2).is_some_and(|t| {
            t.is_any(&[
                "father",
                "mother",
                "parent",
                "dad",
                "mom",
                "grandmother",
                "grandfather",
            ])
        })
    {
        return true;
    }
    next(1).is_some_and(|t| t.is_any(&["block", "year-old", "yr", "yrs", "years-old"]))
}

/// Ages told around a number: "younger than 12", "under the age of 8",
/// "all 16 or younger", "range in age from 19 to 34", "between 20 to 30 years
/// of age", "a 16 and 17-year-old", "a 2 yo boy", "Watkins Jr. 26", "another
/// woman, also 22,". A TV station's number ("told 13 News") is no count either.
fn age_phrase(tokens: &[Token], i: usize) -> bool {
    let prev = |n: usize| i.checked_sub(n).and_then(|p| tokens.get(p));
    let next = |n: usize| tokens.get(i + n);
    let is = |t: Option<&Token>, words: &[&str]| t.is_some_and(|t| t.is_any(words));
    if is(prev(1), &["than"]) && is(prev(2), &["younger", "older"]) {
        return true;
    }
    if is(prev(1), &["of"]) && is(prev(2), &["age"]) {
        return true;
    }
    if is(next(1), &["or"])
        && is(
            next(2),
            &["younger", "older", "under", "over", "above", "below"],
        )
    {
        return true;
    }
    // "from 19 to 34" after "age", or followed by "years".
    if is(prev(1), &["from", "between"]) {
        let after_age = is(prev(2), &["age", "ages", "aged"]) || is(prev(3), &["age", "ages"]);
        let years_after = (2..=4).any(|n| is(next(n), &["years", "year", "yrs"]));
        if after_age || years_after {
            return true;
        }
    }
    // The second of a range: "from 19 to 34", "between 20 and 30".
    if is(prev(1), &["to", "and", "-"])
        && prev(2).is_some_and(|t| t.kind == TokenKind::Number)
        && is(prev(3), &["from", "between"])
        && (is(prev(4), &["age", "ages", "aged"])
            || is(prev(5), &["age", "ages"])
            || is(next(1), &["years", "year", "yrs"]))
    {
        return true;
    }
    // "between 10 and 15 people were killed": the range is read at its
    // first number, the smaller (the most a report surely says).
    if is(prev(1), &["and", "to", "-"])
        && prev(2).is_some_and(|t| t.kind == TokenKind::Number)
        && is(prev(3), &["between"])
    {
        return true;
    }
    // "a 16 and 17-year-old"
    if is(next(1), &["and", "or", "to"])
        && next(2)
            .is_some_and(|t| t.lower.ends_with("-year-old") || t.lower.ends_with("-year-olds"))
    {
        return true;
    }
    if is(next(1), &["yo", "y.o", "yr", "yrs"]) || (is(next(1), &["y"]) && is(next(2), &["/"])) {
        return true;
    }
    // "Larry Watkins Jr. 26, were"
    let before_dot = if is(prev(1), &["."]) {
        prev(2)
    } else {
        prev(1)
    };
    if is(before_dot, &["jr", "sr", "ii", "iii"]) {
        return true;
    }
    // "another woman, also 22, was shot"; "both 31 and of Jackson"
    if is(prev(1), &["also", "both", "each"]) && is(next(1), &[",", ".", "and", "—", "–", "-"])
    {
        return true;
    }
    // "told 13 News"
    next(1).is_some_and(|t| t.capital && t.is("news"))
}

fn parse_bare(tokens: &[Token], i: usize) -> Option<Quantity> {
    let t = tokens.get(i)?;
    let q = |value: u32, end: usize, approximate: bool| Quantity {
        value,
        approximate,
        additive: false,
        article: false,
        start: i,
        end,
    };
    if t.kind == TokenKind::Number {
        let v = digits_value(&t.lower)?;
        if digits_in_context(tokens, i) || not_a_count(tokens, i, i + 1, v, !t.lower.contains(','))
        {
            return None;
        }
        // "between 6-8" / "6 to 8" / "between 10 and 15": the lower, most
        // conservative figure.
        let after_between = i > 0 && tokens[i - 1].is("between");
        if let Some(dash) = tokens
            .get(i + 1)
            .filter(|n| n.is("-") || n.is("to") || (after_between && n.is("and")))
        {
            if tokens
                .get(i + 2)
                .is_some_and(|n| n.kind == TokenKind::Number)
                && dash.end > 0
            {
                return Some(q(v, i + 3, true));
            }
        }
        return Some(q(v, i + 1, false));
    }
    let w = t.lower.as_str();
    match w {
        "a" | "an" => {
            let next = tokens.get(i + 1)?;
            return match next.lower.as_str() {
                "dozen" => Some(q(12, i + 2, false)),
                // "a total of 17": the count that follows.
                "total" if tokens.get(i + 2).is_some_and(|n| n.is("of")) => {
                    let mut inner = parse_bare(tokens, i + 3).filter(|n| !n.article)?;
                    inner.start = i;
                    Some(inner)
                }
                // "a number of", "a few", "a lot of": no figure.
                "number" | "few" | "lot" | "handful" | "series" | "group" => None,
                // "a large number of students", "an unknown number": no figure.
                "large" | "small" | "big" | "huge" | "growing" | "unknown" | "undisclosed"
                | "significant" | "considerable" | "high" | "substantial"
                    if tokens
                        .get(i + 2)
                        .is_some_and(|n| n.is_any(&["number", "group", "crowd"])) =>
                {
                    None
                }
                "score" => Some(q(20, i + 2, false)),
                "couple" if tokens.get(i + 2).is_some_and(|n| n.is("of")) => {
                    Some(q(2, i + 3, false))
                }
                "couple" => Some(q(2, i + 2, false)),
                "hundred" | "thousand" => {
                    let scale = if next.is("hundred") { 100 } else { 1000 };
                    Some(q(scale, i + 2, false))
                }
                _ => Some(Quantity {
                    article: true,
                    ..q(1, i + 1, false)
                }),
            };
        }
        "another" => {
            // "another 40 injured" adds forty; "another was injured" adds one.
            let mut inner = parse_bare(tokens, i + 1).filter(|n| !n.article);
            if let Some(n) = inner.as_mut() {
                n.start = i;
                n.additive = true;
                return inner;
            }
            return Some(Quantity {
                additive: true,
                ..q(1, i + 1, false)
            });
        }
        // "both men", "both died"; not "both sides" or "both the groups".
        "both" => {
            let next = tokens.get(i + 1)?;
            if next.kind != TokenKind::Word
                || next.is_any(&[
                    "sides",
                    "side",
                    "the",
                    "of",
                    "groups",
                    "parties",
                    "countries",
                    "sexes",
                ])
            {
                return None;
            }
            return Some(q(2, i + 1, false));
        }
        "dozen" => return Some(q(12, i + 1, false)),
        // "half a dozen soldiers": six.
        "half"
            if tokens.get(i + 1).is_some_and(|n| n.is_any(&["a", "an"]))
                && tokens.get(i + 2).is_some_and(|n| n.is("dozen")) =>
        {
            return Some(q(6, i + 3, false));
        }
        _ => {}
    }
    if let Some((_, v)) = tables().vague.iter().find(|(s, _)| *s == w) {
        let end = if tokens.get(i + 1).is_some_and(|n| n.is("of")) {
            i + 2
        } else {
            i + 1
        };
        return Some(q(*v, end, true));
    }
    let (v, used) = word_number(tokens, i)?;
    if used == 1 && digits_in_context(tokens, i) {
        return None;
    }
    if not_a_count(tokens, i, i + used, v, false) {
        return None;
    }
    Some(q(v, i + used, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::tokens::tokenize;

    fn read(text: &str) -> Option<(u32, bool)> {
        let toks = tokenize(text);
        parse_at(&toks, 0).map(|q| (q.value, q.approximate))
    }

    #[test]
    fn words_and_digits() {
        assert_eq!(read("four soldiers"), Some((4, false)));
        assert_eq!(read("twenty-five people"), Some((25, false)));
        assert_eq!(read("twenty five people"), Some((25, false)));
        assert_eq!(read("one hundred and twenty people"), Some((120, false)));
        assert_eq!(read("two thousand people"), Some((2000, false)));
        assert_eq!(read("1,200 people"), Some((1200, false)));
        assert_eq!(read("a dozen people"), Some((12, false)));
        assert_eq!(read("two dozen soldiers"), Some((24, false)));
        assert_eq!(read("half a dozen soldiers"), Some((6, false)));
    }

    #[test]
    fn vague_amounts_follow_coding_conventions() {
        assert_eq!(read("dozens of people"), Some((12, true)));
        assert_eq!(read("tens of people"), Some((10, true)));
        assert_eq!(read("hundreds of people"), Some((100, true)));
    }

    #[test]
    fn qualifiers_make_estimates() {
        for q in [
            "at least",
            "more than",
            "over",
            "around",
            "about",
            "nearly",
            "up to",
            "some",
        ] {
            assert_eq!(read(&format!("{q} 12 people")), Some((12, true)), "{q}");
        }
    }

    #[test]
    fn fractions_units_and_years_are_not_counts() {
        assert_eq!(read("two-thirds of them"), None);
        assert_eq!(read("two thirds of them"), None);
        assert_eq!(read("3 km away"), None);
        assert_eq!(read("2019 saw"), None);
        assert_eq!(read("5 times"), None);
        assert_eq!(read("four consecutive days"), None);
    }

    #[test]
    fn dates_times_and_ages_are_not_counts() {
        let toks = tokenize("the March 13 shooting at 6:00 p.m. Sanchez, 15, died, aged 34");
        for i in 0..toks.len() {
            if let Some(q) = parse_at(&toks, i) {
                assert!(q.article, "{:?} read as a count", toks[i].lower);
            }
        }
        assert_eq!(read("a total of 17 people"), Some((17, false)));
        assert_eq!(read("a number of people"), None);
    }
}
