//! Coder's notes in conflict datasets that state the figure outright
//! ("Fatalities coded as 4", "split across 2 events").

/// A coder's note stating the figure outright ("Fatalities coded as 4",
/// "Fatalities are split across 2 events (3)"): it overrides what the prose says.
pub fn coded_fatalities(text: &str) -> Option<u32> {
    use regex::Regex;
    use std::sync::OnceLock;
    if !text.contains("coded as") && !text.contains("split") {
        return None;
    }
    static SPLIT: OnceLock<Option<Regex>> = OnceLock::new();
    if let Some(re) = SPLIT
        .get_or_init(|| {
            Regex::new(
                r"(?i)(\d+) fatalit(?:y|ies) (?:are |were )?split (?:among|across|between) (\d+) events",
            )
            .ok()
        })
        .as_ref()
    {
        if let Some(c) = re.captures(text) {
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            let events: u32 = c.get(2)?.as_str().parse().ok()?;
            return n.checked_div(events);
        }
    }
    // "fatalities coded as 10 and spread across two locations": this event's share.
    static SHARE: OnceLock<Option<Regex>> = OnceLock::new();
    if let Some(re) = SHARE
        .get_or_init(|| {
            Regex::new(
                r"(?i)coded as (\d+)[^.]{0,40}?(?:split|spread)(?: up)? (?:across|between|among) (?:the )?(\w+) (?:locations|events)",
            )
            .ok()
        })
        .as_ref()
    {
        if let Some(c) = re.captures(text) {
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            return n.checked_div(small_number(c.get(2)?.as_str())?);
        }
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)fatalities(?: and injuries)? (?:are |were )?(?:coded as (\d+)|split across \d+ events \((\d+)\))|coded as (\d+) fatalit",
            )
            .ok()
        })
        .as_ref()?;
    let caps = re.captures_iter(text).last()?;
    let m = caps
        .get(1)
        .or_else(|| caps.get(2))
        .or_else(|| caps.get(3))?;
    m.as_str().parse().ok()
}

/// "Fatalities split between 2 events" with no coded figure: the prose toll
/// covers all of them, this event is one share. Returns the number of events.
pub fn split_events(text: &str) -> Option<u32> {
    use regex::Regex;
    use std::sync::OnceLock;
    if !text.contains("split") && !text.contains("spread") {
        return None;
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)fatalit(?:y|ies) (?:are |were )?(?:split|spread)(?: up)? (?:across|between|among) (?:the )?(\w+) (?:locations|events)(?:\s*\(\d)?",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(text)?;
    // "split across 2 events (8)" states this event's figure: not a share.
    if c.get(0)?.as_str().ends_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    small_number(c.get(1)?.as_str()).filter(|&n| n > 1)
}

/// "2" or "two" up to twelve.
pub(super) fn small_number(w: &str) -> Option<u32> {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let lower = w.to_ascii_lowercase();
    lower.parse().ok().or_else(|| {
        WORDS
            .iter()
            .position(|x| *x == lower)
            .and_then(|p| u32::try_from(p).ok())
    })
}
