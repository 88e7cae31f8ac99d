//! The event date: explicit dates ("September 1, 2023", "on 18 June",
//! "2023-09-01") and relative ones ("on Friday", "yesterday", "last night")
//! resolved against the publication date or, lacking one, the latest full date
//! written in the text (a dated embedded post, a dateline).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::facts::cues;
use crate::facts::sentences::Span;
use crate::facts::tokens::AnyOf;
use std::sync::LazyLock;

use super::context::is_background;

/// A date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRef {
    /// Day, month and year.
    Full(NaiveDate),
    /// Day and month; the year comes from the anchor.
    DayMonth {
        day: u32,
        month: u32,
    },
    Weekday(Weekday),
    /// Days before the anchor: "yesterday" (1), "today" (0), "last night" (1).
    DaysAgo(i64),
}

/// Date expressions of `sentence`, with their byte offsets in it.
pub fn find(sentence: &str) -> Vec<(usize, DateRef)> {
    let lower = sentence.to_ascii_lowercase();
    // Every date below holds a digit, a day's name ("monday", "yesterday",
    // "today": all end in "day") or a part of the day ("last night", "this
    // morning"): a sentence with none of them is not split into words.
    static PARTS_OF_DAYS: LazyLock<AnyOf> =
        LazyLock::new(|| AnyOf::new(&["day", "night", "evening", "morning", "afternoon"]));
    let may_date = lower.bytes().any(|b| b.is_ascii_digit()) || PARTS_OF_DAYS.in_text(&lower);
    if !may_date {
        return Vec::new();
    }
    let words = cues::words_lowered(sentence, &lower);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (at, w) = (&words[i].0, words[i].1.as_ref());
        let next = words.get(i + 1).map(|x| x.1.as_ref());
        let next2 = words.get(i + 2).map(|x| x.1.as_ref());
        if let Some(month) = month(w) {
            // "September 1, 2023" / "September 1"
            if let Some(day) = next.and_then(day_number) {
                if let Some(year) = next2.and_then(year_number) {
                    if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
                        out.push((*at, DateRef::Full(d)));
                        i += 3;
                        continue;
                    }
                }
                out.push((*at, DateRef::DayMonth { day, month }));
                i += 2;
                continue;
            }
        } else if let Some(day) = day_number(w) {
            // "1 September 2023" / "18 June"
            if let Some(month) = next.and_then(month) {
                if let Some(year) = next2.and_then(year_number) {
                    if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
                        out.push((*at, DateRef::Full(d)));
                        i += 3;
                        continue;
                    }
                }
                out.push((*at, DateRef::DayMonth { day, month }));
                i += 2;
                continue;
            }
        } else if let Some(d) = iso_date(w) {
            out.push((*at, DateRef::Full(d)));
        } else if let Some(day) = weekday(w) {
            out.push((*at, DateRef::Weekday(day)));
        } else {
            match (w, next) {
                ("yesterday", _) => out.push((*at, DateRef::DaysAgo(1))),
                ("today" | "tonight", _) => out.push((*at, DateRef::DaysAgo(0))),
                ("last", Some("night" | "evening")) => out.push((*at, DateRef::DaysAgo(1))),
                ("this", Some("morning" | "afternoon" | "evening")) => {
                    out.push((*at, DateRef::DaysAgo(0)))
                }
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// The anchor for relative dates: the publication date, else the latest full
/// date written in the text, else the latest date of the page outside it.
pub fn anchor(
    text: &str,
    published: Option<NaiveDate>,
    page_dates: &[NaiveDate],
) -> Option<NaiveDate> {
    published
        // A full date holds four digits in a row (a year, or an ISO date's
        // year): a text without them has none, and is not read again.
        .or_else(|| {
            has_four_digits(text).then_some(())?;
            find(text)
                .into_iter()
                .filter_map(|(_, d)| match d {
                    DateRef::Full(d) => Some(d),
                    _ => None,
                })
                .max()
        })
        .or_else(|| page_dates.iter().max().copied())
}

/// Whether `text` holds four ASCII digits in a row.
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// Resolve one expression against the anchor.
pub fn resolve(d: DateRef, anchor: Option<NaiveDate>) -> Option<NaiveDate> {
    match d {
        DateRef::Full(d) => Some(d),
        DateRef::DayMonth { day, month } => {
            let a = anchor?;
            let this_year = NaiveDate::from_ymd_opt(a.year(), month, day)?;
            // A day-month after the anchor belongs to the year before.
            if this_year > a + Duration::days(1) {
                NaiveDate::from_ymd_opt(a.year() - 1, month, day)
            } else {
                Some(this_year)
            }
        }
        DateRef::Weekday(w) => {
            let a = anchor?;
            let back = (7 + a.weekday().num_days_from_monday() as i64
                - w.num_days_from_monday() as i64)
                % 7;
            Some(a - Duration::days(back))
        }
        DateRef::DaysAgo(n) => Some(anchor? - Duration::days(n)),
    }
}

/// The date of the event: the first date of the first sentence that reports
/// violence and is not about an earlier event; else the first date anywhere
/// outside background sentences.
pub fn event_date(
    title: Option<&str>,
    text: &str,
    sentences: &[Span],
    published: Option<NaiveDate>,
    page_dates: &[NaiveDate],
) -> Option<NaiveDate> {
    // The anchor reads the whole text again: only a date short of a full
    // one needs it.
    let anchor_cell = std::cell::OnceCell::new();
    let anchor_of = || *anchor_cell.get_or_init(|| anchor(text, published, page_dates));
    let mut fallback = None;
    let title_span = title.map(|t| (t, true));
    let body = sentences.iter().map(|s| (&text[s.start..s.end], false));
    for (n, (sentence, in_title)) in title_span.into_iter().chain(body).enumerate() {
        if is_background(sentence) {
            continue;
        }
        // "killed since October 7": where a count starts, not the event.
        let since = |at: usize| {
            sentence.get(..at).is_some_and(|b| {
                b.trim_end()
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("since"))
            })
        };
        let Some(d) = find(sentence)
            .into_iter()
            .filter(|(at, _)| !since(*at))
            .find_map(|(_, d)| match d {
                DateRef::Full(d) => Some(d),
                d => resolve(d, anchor_of()),
            })
        else {
            continue;
        };
        // Far from the lede, a date days before the story came out is an
        // earlier strike told for context ("a strike on July 14 killed 90"),
        // not the reported event's.
        let in_lede = in_title || n <= usize::from(title.is_some()) + LEDE_DATE_SENTENCES;
        if !in_lede && published.is_some_and(|p| (p - d).num_days() > 3) {
            continue;
        }
        // (`cues::any(sentence, VIOLENCE)`, by the lists' hash table.)
        if cues::any_flagged(sentence, cues::F_VIOLENCE) {
            return Some(d);
        }
        fallback = fallback.or(Some(d));
    }
    fallback
}

/// Body sentences in which the event's date is looked for first.
const LEDE_DATE_SENTENCES: usize = 4;

fn month(w: &str) -> Option<u32> {
    let m = match w.trim_end_matches('.') {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn day_number(w: &str) -> Option<u32> {
    // Only digits parse (words hold no sign): most words end here.
    if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(w: &str) -> Option<i32> {
    (w.len() == 4)
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

fn iso_date(w: &str) -> Option<NaiveDate> {
    if w.len() != 10 || w.as_bytes().get(4) != Some(&b'-') {
        return None;
    }
    NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_anchor_is_the_latest_full_date_of_a_text_with_one() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            anchor("Posted 2023-09-01. On 3 May 2022 and on Friday", None, &[]),
            d(2023, 9, 1)
        );
        // No four digits in a row: no full date, the page's date then.
        assert_eq!(anchor("On 18 June, 30 were killed.", None, &[]), None);
        assert_eq!(
            anchor(
                "On 18 June, 30 were killed.",
                None,
                &[d(2020, 6, 19).unwrap()]
            ),
            d(2020, 6, 19)
        );
        assert!(has_four_digits("in 2019,") && !has_four_digits("at 10:30, 123 km"));
    }

    #[test]
    fn weekday_before_anchor() {
        let a = NaiveDate::from_ymd_opt(2023, 9, 1);
        assert_eq!(
            resolve(DateRef::Weekday(Weekday::Thu), a),
            NaiveDate::from_ymd_opt(2023, 8, 31)
        );
        assert_eq!(resolve(DateRef::Weekday(Weekday::Fri), a), a);
    }
}
