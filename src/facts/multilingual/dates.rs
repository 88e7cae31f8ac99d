//! Dates in the languages with tables: weekdays in their case forms ("в
//! воскресенье", "у неділю", "يوم الأحد", "dimanche", "el domingo"), words
//! for today and yesterday, and day-month(-year) dates ("1 вересня", "15
//! avril 2023", "07 مارس 2016"), resolved like English ones against the
//! publication date.

use chrono::NaiveDate;

use crate::facts::dates::{resolve, DateRef};
use crate::facts::sentences::Span;

use super::tables::{DateWord, Tables};
use super::words::{words, Word};

/// Date expressions of a sentence's words, in order.
pub fn find(t: &Tables, w: &[Word]) -> Vec<DateRef> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        // "15 avril 2023", "1 вересня"
        if let Some(day) = w[i]
            .number
            .filter(|d| (1..=31).contains(d) && w[i].key.len() <= 2)
        {
            // "5 de mayo": Spanish and French join day and month with "de".
            let gap = usize::from(w.get(i + 1).is_some_and(|x| x.key == "de"));
            if let Some((DateWord::Month(m), n)) = t.dates.at(w, i + 1 + gap) {
                let n = n + gap;
                let year = w
                    .get(i + 1 + n)
                    .and_then(|y| y.number.filter(|_| y.key.len() == 4))
                    .and_then(|y| i32::try_from(y).ok());
                let day = day as u32;
                match year.and_then(|y| NaiveDate::from_ymd_opt(y, m, day)) {
                    Some(d) => {
                        out.push(DateRef::Full(d));
                        i += 2 + n;
                    }
                    None => {
                        out.push(DateRef::DayMonth { day, month: m });
                        i += 1 + n;
                    }
                }
                continue;
            }
        }
        match t.dates.at(w, i) {
            Some((DateWord::Weekday(d), n)) => {
                out.push(DateRef::Weekday(d));
                i += n;
            }
            Some((DateWord::DaysAgo(k), n)) => {
                out.push(DateRef::DaysAgo(k));
                i += n;
            }
            Some((DateWord::Month(_), n)) => i += n,
            None => i += 1,
        }
    }
    out
}

/// The anchor for relative dates: the publication date, else the latest full
/// date of the text, else the latest date of the page.
pub fn anchor(
    t: &Tables,
    text: &str,
    spans: &[Span],
    published: Option<NaiveDate>,
    page_dates: &[NaiveDate],
) -> Option<NaiveDate> {
    published
        .or_else(|| {
            spans
                .iter()
                .flat_map(|s| find(t, &words(&text[s.start..s.end])))
                .filter_map(|d| match d {
                    DateRef::Full(d) => Some(d),
                    _ => None,
                })
                .max()
        })
        .or_else(|| page_dates.iter().max().copied())
}

/// The event's day: the first date of the first sentence with a figure, else
/// of the title or the first sentences.
pub fn event_date(
    t: &Tables,
    sentences: &[(&[Word], bool)],
    anchor: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let first = |w: &[Word]| find(t, w).into_iter().find_map(|d| resolve(d, anchor));
    sentences
        .iter()
        .filter(|(_, figures)| *figures)
        .find_map(|(w, _)| first(w))
        .or_else(|| sentences.iter().take(3).find_map(|(w, _)| first(w)))
}
