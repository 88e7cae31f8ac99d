//! Whether two reports are about the same clash (pure).
//!
//! Articles about one event rarely agree on wording, figures or even the
//! spelling of places, but they agree on who fought (parties), roughly where
//! (places, else countries) and when (within a day). Same parties on
//! different days, or different parties on the same day, are different
//! clashes.

use chrono::NaiveDate;

/// What merging looks at, for one article or for one known clash.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventKey {
    /// The event's day; `None` when no source says.
    pub date: Option<NaiveDate>,
    /// Belligerents, normalized ("Armenia", "Hamas").
    pub parties: Vec<String>,
    /// Places, most specific first.
    pub places: Vec<String>,
    pub countries: Vec<String>,
}

/// Event dates further apart than this are different clashes.
pub const MAX_DAYS_APART: i64 = 1;

fn overlap(a: &[String], b: &[String]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| y.eq_ignore_ascii_case(x)))
        .count()
}

/// Whether `a` and `b` report the same clash.
pub fn same_event(a: &EventKey, b: &EventKey) -> bool {
    match (a.date, b.date) {
        (Some(x), Some(y)) if (x - y).num_days().abs() > MAX_DAYS_APART => return false,
        // Without both dates there is too little to tie two reports together.
        (None, _) | (_, None) => return false,
        _ => {}
    }
    let parties = overlap(&a.parties, &b.parties);
    let places = overlap(&a.places, &b.places);
    let countries = overlap(&a.countries, &b.countries);
    if !a.parties.is_empty() && !b.parties.is_empty() && parties == 0 {
        return false;
    }
    places > 0 || (parties > 0 && countries > 0)
}

/// The first candidate that reports the same clash as `key`.
pub fn find_same<'a, T>(
    key: &EventKey,
    candidates: impl IntoIterator<Item = (T, &'a EventKey)>,
) -> Option<T> {
    candidates
        .into_iter()
        .find(|(_, k)| same_event(key, k))
        .map(|(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(
        date: (i32, u32, u32),
        parties: &[&str],
        places: &[&str],
        countries: &[&str],
    ) -> EventKey {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
        EventKey {
            date: NaiveDate::from_ymd_opt(date.0, date.1, date.2),
            parties: s(parties),
            places: s(places),
            countries: s(countries),
        }
    }

    #[test]
    fn same_parties_and_place_within_a_day_merge() {
        let a = key(
            (2023, 9, 1),
            &["Armenia", "Azerbaijan"],
            &["Sotk"],
            &["Armenia"],
        );
        let b = key(
            (2023, 9, 2),
            &["Azerbaijan", "Armenia"],
            &["Sotk", "Kalbajar"],
            &["Armenia", "Azerbaijan"],
        );
        assert!(same_event(&a, &b));
    }

    #[test]
    fn same_parties_days_apart_do_not() {
        let a = key(
            (2023, 9, 1),
            &["Armenia", "Azerbaijan"],
            &["Sotk"],
            &["Armenia"],
        );
        let b = key(
            (2023, 9, 5),
            &["Armenia", "Azerbaijan"],
            &["Sotk"],
            &["Armenia"],
        );
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn different_parties_same_day_do_not() {
        let a = key((2023, 9, 1), &["Armenia", "Azerbaijan"], &[], &["Armenia"]);
        let b = key((2023, 9, 1), &["Mali", "JNIM"], &["Gao"], &["Mali"]);
        assert!(!same_event(&a, &b));
    }
}
