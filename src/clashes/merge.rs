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
    /// Salient words of the reports ([`salient_terms`]): names of people,
    /// streets, units and places the gazetteer may not know.
    pub terms: Vec<String>,
}

/// At most this many terms describe one report (and one clash).
pub const MAX_TERMS: usize = 60;

/// Capitalized words that name no one in particular.
const COMMON: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "for",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "they",
    "he",
    "she",
    "we",
    "it",
    "in",
    "on",
    "at",
    "of",
    "to",
    "by",
    "with",
    "from",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "no",
    "not",
    "mr",
    "mrs",
    "ms",
    "dr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
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
    "police",
    "officers",
    "officer",
    "department",
    "sheriff",
    "county",
    "city",
    "state",
    "street",
    "avenue",
    "road",
    "news",
    "said",
    "says",
    "according",
    "reuters",
    "associated",
    "press",
    "afp",
    "ap",
    "updated",
    "update",
    "copyright",
    "rights",
    "reserved",
    "photo",
    "video",
    "click",
    "read",
    "more",
    "share",
    "facebook",
    "twitter",
    "email",
    "ministry",
    "defense",
    "defence",
    "army",
    "forces",
    "military",
    "government",
    "president",
    "minister",
    "spokesman",
    "spokesperson",
    "authorities",
    "officials",
    "official",
    "people",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "hospital",
    "medical",
    "center",
    "centre",
    "university",
    "school",
    "high",
    "park",
    "side",
    "full",
    "caption",
    "posted",
    "channel",
    "radio",
    "television",
    "javascript",
    "download",
    "apple",
    "android",
    "follow",
    "subscribe",
    "action",
    "group",
    "unit",
    "public",
    "safety",
    "chief",
    "general",
    "god",
    "crime",
    "crimestoppers",
    "investigators",
    "detective",
    "detectives",
    "captain",
    "lieutenant",
    "sergeant",
    "deputy",
    "deputies",
    "agency",
    "office",
    "service",
    "services",
    "national",
    "international",
    "united",
    "new",
    "breaking",
    "live",
    "watch",
    "photos",
    "gallery",
    "advertisement",
    "story",
    "continue",
    "reading",
    "related",
    "latest",
    "local",
    "world",
    "daily",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
];

/// The words that tell one report from another about similar events:
/// capitalized words inside sentences (names), lowercased, in order of
/// first appearance, without the common ones. Sentence-initial words are
/// skipped: there a capital says nothing.
pub fn salient_terms(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let starts_sentence = sentence_start;
        sentence_start = raw.ends_with(['.', '!', '?', ':', '"', '”']) || raw.ends_with(".\"");
        if starts_sentence || word.chars().count() < 3 {
            continue;
        }
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_uppercase() || word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
            continue;
        }
        let word = word.split('\'').next().unwrap_or(word).to_lowercase();
        if word.chars().count() < 3 || COMMON.contains(&word.as_str()) || out.contains(&word) {
            continue;
        }
        out.push(word);
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// A report with fewer names than this is judged as if it had this many:
/// two short reports sharing one name are not thereby the same event.
const MIN_TERMS_BASE: usize = 6;

/// Shared terms over the smaller set (1.0: one's names are all in the other).
fn term_overlap(a: &[String], b: &[String]) -> (usize, f64) {
    let shared = a.iter().filter(|t| b.contains(t)).count();
    let smaller = a.len().min(b.len()).max(MIN_TERMS_BASE);
    (shared, shared as f64 / smaller as f64)
}

/// Terms minus the words of names already compared as places or countries:
/// a shared city says nothing more the second time.
pub fn terms_beyond_places(
    terms: Vec<String>,
    places: &[String],
    countries: &[String],
) -> Vec<String> {
    let known: Vec<String> = places
        .iter()
        .chain(countries)
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    terms.into_iter().filter(|t| !known.contains(t)).collect()
}

/// Event dates further apart than this are different clashes.
pub const MAX_DAYS_APART: i64 = 1;

fn overlap(a: &[String], b: &[String]) -> usize {
    a.iter()
        .filter(|x| b.iter().any(|y| y.eq_ignore_ascii_case(x)))
        .count()
}

/// How much two reports must share to be one clash.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// With shared places (or parties and countries), the share of terms
    /// that confirms it; below it, two reports that both have names are
    /// different events in the same place.
    pub confirm: f64,
    /// Without shared places, the share of terms that alone makes one
    /// clash (places the gazetteer doesn't know)...
    pub alone: f64,
    /// ...and the fewest shared terms for that.
    pub alone_min: usize,
}

/// Chosen on the pairs of `examples/cluster_eval.rs` for the best balance
/// of precision and recall; see its note for the figures.
pub const TUNING: Tuning = Tuning {
    confirm: 0.2,
    alone: 0.3,
    alone_min: 3,
};

/// Whether `a` and `b` report the same clash.
pub fn same_event(a: &EventKey, b: &EventKey) -> bool {
    same_event_tuned(a, b, &TUNING)
}

pub fn same_event_tuned(a: &EventKey, b: &EventKey, t: &Tuning) -> bool {
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
    let (shared, share) = term_overlap(&a.terms, &b.terms);
    let named = a.terms.len() >= 3 && b.terms.len() >= 3;
    // Both name places and none is shared: different places, unless the
    // names below say otherwise.
    let apart = places == 0 && !a.places.is_empty() && !b.places.is_empty();
    if places > 0 || (parties > 0 && countries > 0 && !apart) {
        return !named || share >= t.confirm;
    }
    named && shared >= t.alone_min && share >= t.alone
}

/// Why `a` was taken for the same clash as `b`, in words for a moderator:
/// the shared parties, places or countries and the dates ([`same_event`]
/// decides; this only says what it looked at).
pub fn why_same(a: &EventKey, b: &EventKey) -> String {
    let shared = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter()
            .filter(|v| y.iter().any(|w| w.eq_ignore_ascii_case(v)))
            .take(4)
            .cloned()
            .collect()
    };
    let mut parts = Vec::new();
    let parties = shared(&a.parties, &b.parties);
    if !parties.is_empty() {
        parts.push(format!("same parties ({})", parties.join(", ")));
    }
    let places = shared(&a.places, &b.places);
    if !places.is_empty() {
        parts.push(format!("same places ({})", places.join(", ")));
    } else {
        let countries = shared(&a.countries, &b.countries);
        if !countries.is_empty() {
            parts.push(format!("same countries ({})", countries.join(", ")));
        }
    }
    let (terms, _) = term_overlap(&a.terms, &b.terms);
    if terms > 0 {
        parts.push(format!("{terms} names in common"));
    }
    match (a.date, b.date) {
        (Some(x), Some(y)) if x == y => parts.push(format!("same date ({x})")),
        (Some(x), Some(y)) => parts.push(format!("dates a day apart ({x}, {y})")),
        _ => {}
    }
    parts.join("; ")
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
            terms: Vec::new(),
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

    fn with_terms(mut k: EventKey, text: &str) -> EventKey {
        k.terms = terms_beyond_places(salient_terms(text), &k.places, &k.countries);
        k
    }

    #[test]
    fn salient_terms_are_names_inside_sentences() {
        let t = salient_terms(
            "Police said Jodi Silva was shot on Edwards Street in Houston. The Houston \
             Police Department said Silva, 19, died at Ben Taub Hospital on Monday.",
        );
        assert_eq!(t, ["jodi", "silva", "edwards", "houston", "ben", "taub"]);
        let t = terms_beyond_places(t, &["Houston".to_string()], &[]);
        assert!(!t.contains(&"houston".to_string()));
    }

    #[test]
    fn two_shootings_in_one_city_on_one_day_stay_apart() {
        let city = key((2015, 9, 29), &[], &["Chicago"], &["United States"]);
        let a = with_terms(
            city.clone(),
            "A boy was shot inside a home on Wabash Avenue, said officer Jose Estrada. \
             The boy, Tavon Tanner, was taken to Comer Children's Hospital by Chicago firefighters.",
        );
        let b = with_terms(
            city,
            "Three people were killed in Fuller Park when a gunman opened fire, said \
             spokesman Anthony Guglielmi. Witnesses said the gunman fled toward Halsted Street.",
        );
        assert!(!same_event(&a, &b));
    }

    #[test]
    fn reports_sharing_names_merge_without_a_known_place() {
        let blank = key((2014, 10, 4), &[], &[], &[]);
        let a = with_terms(
            blank.clone(),
            "Two people died after a shooting in Berclair, police said. Officers found \
             Marcus Lyle and Dontae Reed outside the Kirby Oaks apartments on Summer Avenue.",
        );
        let b = with_terms(
            blank,
            "Police in Memphis said Marcus Lyle, 22, and Dontae Reed were killed in Berclair \
             and two others were critically injured near Summer Avenue.",
        );
        assert!(same_event(&a, &b));
    }
}
