//! Where a sentence's figures happened: at the reported event's place, or
//! at another place the story turns to ("Elsewhere in Ramadi ... 20 gunmen
//! were dead" in a story of an attack on Kirkuk; "a 68-year-old man in
//! Kherson was killed" in a story of a drone attack on Kyiv).
//!
//! The event's places are those of the headline and the lede, one of them a
//! town or a city. A body sentence that puts something in another city (or
//! anywhere in another country) and names none of the event's places
//! tells another event; the next sentences of its paragraph that name no
//! place of their own stay there ("Several hours later, that onslaught had
//! been foiled"), and so does a sentence that points back at "that
//! onslaught". A new paragraph comes back to the event. A story whose lede
//! puts things in three places or more, or tells of attacks "across" a
//! region or of "separate attacks", is a round-up: its parts are the
//! event's, wherever they are.

use super::super::context::words_before;
use super::super::knowledge::{PlaceKind, PlaceMention};
use super::super::sentences::Span;
use super::super::sides::relative_clause_start;
use super::background::round_up_of_attacks;

/// Words right before a place that put something there.
const LOCATIVE: &[&str] = &["in", "near", "around", "outside", "at"];

/// A sentence about where the hurt were treated names the hospital's town,
/// not the event's ("taken to a hospital in Safed").
const CARE_WORDS: &[&str] = &[
    "hospital",
    "hospitals",
    "medical",
    "clinic",
    "clinics",
    "treated",
    "taken",
    "admitted",
    "airlifted",
    "transported",
];

/// Who sits in a capital rather than acts there ("the government in
/// Baghdad", "officials in Kyiv", "talks in Doha").
const SEATS: &[&str] = &[
    "government",
    "officials",
    "authorities",
    "ministry",
    "embassy",
    "talks",
    "leaders",
    "based",
    "headquartered",
];

/// Why a figure told at another place is left out.
pub(super) const OTHER_PLACE: &str = "other event";

/// Two names of one place: "Kyiv" and "Kyiv Oblast", "Deir ez-Zor" and
/// "Deir ez-Zor Governorate" share their first word.
fn same_place(a: &str, b: &str) -> bool {
    let first = |s: &str| {
        s.split([' ', '-'])
            .next()
            .unwrap_or(s)
            .to_lowercase()
            .to_string()
    };
    a == b || first(a) == first(b)
}

/// Nouns of an attack or a fight a later sentence points back to.
const ATTACK_NOUNS: &[&str] = &[
    "attack",
    "onslaught",
    "assault",
    "raid",
    "strike",
    "bombing",
    "blast",
    "explosion",
    "ambush",
    "offensive",
    "battle",
    "clash",
    "clashes",
    "fighting",
    "shelling",
];

/// "that onslaught", "the same attack", "this raid" among a sentence's
/// first words: the attack told just before.
fn names_that_attack(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .collect();
    words
        .windows(2)
        .any(|w| matches!(w[0], "that" | "this" | "same") && ATTACK_NOUNS.contains(&w[1]))
}

/// For every sentence of `sentences`, whether its figures were told at
/// another place than the event's. `places` are the places of `text` (byte
/// spans in it), `title_places` those of the headline, `lede` the number of
/// body sentences that, with the headline, make the lede. Linear in the
/// number of places and sentences.
pub(super) fn elsewhere(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    places: &[PlaceMention],
    title_places: &[PlaceMention],
    lede: usize,
) -> Vec<bool> {
    let mut out = vec![false; sentences.len()];
    let mut places: Vec<&PlaceMention> = places.iter().collect();
    places.sort_by_key(|p| p.start);
    let lede_end = sentences
        .get(lede.min(sentences.len()).saturating_sub(1))
        .map_or(0, |s| s.end);
    let mut event: Vec<&PlaceMention> = Vec::new();
    for p in title_places
        .iter()
        .chain(places.iter().copied().take_while(|p| p.end <= lede_end))
    {
        if p.kind != PlaceKind::Area && !event.iter().any(|e| same_place(&e.name, &p.name)) {
            event.push(p);
        }
    }
    let across = |s: &str| s.to_lowercase().split_whitespace().any(|w| w == "across");
    let lede_text = text.get(..lede_end).unwrap_or("");
    // Without a town or city of its own the event has no place to tell
    // others from: a province's towns may all be inside it.
    let specific = event.iter().any(|p| {
        matches!(
            p.kind,
            PlaceKind::Village | PlaceKind::Town | PlaceKind::City
        )
    });
    // Where the lede puts things ("in Kabul, Farah and Helmand"), not a
    // dateline ("Amman, Jordan (CNN)") or a place it only names.
    let mut located: Vec<&str> = title_places.iter().map(|p| p.name.as_str()).collect();
    for p in places.iter().take_while(|p| p.end <= lede_end) {
        let put = words_before(text, p.start, 0, 3)
            .iter()
            .any(|w| LOCATIVE.contains(&w.to_lowercase().as_str()));
        if put && !located.iter().any(|l| same_place(l, &p.name)) {
            located.push(&p.name);
        }
    }
    let round_up = located.len() >= 3
        || title.is_some_and(across)
        || across(lede_text)
        || title.is_some_and(|t| round_up_of_attacks(&t.to_lowercase()))
        || round_up_of_attacks(&lede_text.to_lowercase());
    if !specific || round_up {
        return out;
    }
    let event_countries: Vec<&str> = event.iter().filter_map(|p| p.country.as_deref()).collect();
    let mut next = places.iter().copied().peekable();
    let mut previous: Option<(usize, bool)> = None;
    for (i, s) in sentences.iter().enumerate() {
        // Places of a relative clause ("..., which holds talks in Doha")
        // say where something else is.
        let main_end = s.start + relative_clause_start(&text[s.start..s.end]);
        let here: Vec<&PlaceMention> = std::iter::from_fn(|| next.next_if(|p| p.start < s.end))
            .filter(|p| p.start >= s.start && p.end <= main_end)
            .collect();
        if i < lede {
            previous = Some((s.end, false));
            continue;
        }
        // Only a sentence that names a place, or follows one told elsewhere,
        // is read further.
        let was_elsewhere = previous.is_some_and(|(_, was)| was);
        if here.is_empty() && !was_elsewhere {
            previous = Some((s.end, false));
            continue;
        }
        let sentence = &text[s.start..s.end];
        let lower = sentence.to_lowercase();
        let care = lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| CARE_WORDS.contains(&w));
        let at_event = here
            .iter()
            .any(|p| event.iter().any(|e| same_place(&e.name, &p.name)));
        let other = !care
            && !at_event
            && here.iter().any(|p| {
                let foreign = p
                    .country
                    .as_deref()
                    .is_some_and(|c| !event_countries.is_empty() && !event_countries.contains(&c));
                // A town or a city is elsewhere; a district, province or
                // territory may hold the event's town.
                let kind = matches!(p.kind, PlaceKind::City | PlaceKind::Town);
                let before: Vec<String> = words_before(text, p.start, s.start, 3)
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect();
                (kind || foreign)
                    && before.iter().any(|w| LOCATIVE.contains(&w.as_str()))
                    && !before.iter().any(|w| SEATS.contains(&w.as_str()))
            });
        // "Several hours later, that onslaught had been foiled": the attack
        // told just before, whatever the paragraph.
        let same_paragraph = previous
            .is_some_and(|(end, _)| !text[end.min(s.start)..s.start].contains('\n'))
            || names_that_attack(&lower);
        out[i] = if at_event || other {
            other
        } else {
            same_paragraph && previous.is_some_and(|(_, was)| was)
        };
        previous = Some((s.end, out[i]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::knowledge::Knowledge;
    use crate::facts::sentences;

    fn scenes(title: &str, text: &str) -> Vec<bool> {
        let spans = sentences::split(text);
        let k = Knowledge::global();
        elsewhere(
            text,
            Some(title),
            &spans,
            &k.places_in(text),
            &k.places_in(title),
            2,
        )
    }

    #[test]
    fn a_city_other_than_the_events_is_another_event_for_its_paragraph() {
        let text = "Militants attacked a police post in Kirkuk on Friday. Two attackers were killed.\n\n\
                    Fighting also broke out in central Ramadi. Later 12 gunmen were dead, officials said.\n\n\
                    Police said four officers were hurt in the Kirkuk attack.\n\n\
                    Twelve more were hurt.";
        assert_eq!(
            scenes("Militants attack Kirkuk police post", text),
            vec![false, false, true, true, false, false]
        );
    }

    #[test]
    fn that_onslaught_points_back_and_a_dateline_is_no_place_of_the_event() {
        let text =
            "Amman, Jordan (CNN) Militants attacked Kirkuk on Friday. Three were killed.\n\n\
                    Gunmen also faced off in central Ramadi.\n\n\
                    Hours later, that onslaught had been foiled and 20 gunmen were dead.\n\n\
                    The government in Baghdad said 12 people were hurt.";
        assert_eq!(
            scenes("Militants attack Kirkuk", text),
            vec![false, false, true, true, false]
        );
    }

    #[test]
    fn the_hospitals_town_and_a_round_up_are_no_other_event() {
        let text = "A drone struck a market in Kherson, killing two people. Ten were hurt.\n\n\
                    Five were taken to a hospital in Mykolaiv.";
        assert_eq!(
            scenes("Drone strikes Kherson market", text),
            vec![false, false, false]
        );
        let text = "Strikes across the country killed nine people. Four died in Kharkiv.\n\n\
                    Three more died in Odesa.";
        assert_eq!(
            scenes("Russian strikes kill nine", text),
            vec![false, false, false]
        );
    }
}
