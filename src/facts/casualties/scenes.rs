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
use super::super::tokens::contains_ignoring_ascii_case;
use super::background::{round_up as shootings_round_up, round_up_of_attacks};

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

/// What the headline and the lede tell of where the event happened.
struct Lede<'a> {
    /// The places the headline and the lede name (no cross-border area).
    event: Vec<&'a PlaceMention>,
    /// One of them is a town, a city or a village.
    specific: bool,
    /// The lede puts things in three places or more, or tells of attacks
    /// "across" a region or of "separate attacks".
    round_up: bool,
}

fn read_lede<'a>(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    places: &[&'a PlaceMention],
    title_places: &'a [PlaceMention],
    lede: usize,
) -> Lede<'a> {
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
    // The headline and the lede are lower-cased once for both tests below;
    // a text without "across" has no such word and is not split.
    let across =
        |lower: &str| lower.contains("across") && lower.split_whitespace().any(|w| w == "across");
    let title_lower = title.map(str::to_lowercase);
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
            .any(|w| LOCATIVE.contains(&w.as_str()));
        if put && !located.iter().any(|l| same_place(l, &p.name)) {
            located.push(&p.name);
        }
    }
    let lede_lower = lede_text.to_lowercase();
    let round_up = located.len() >= 3
        || title_lower.as_deref().is_some_and(across)
        || across(&lede_lower)
        || title_lower.as_deref().is_some_and(round_up_of_attacks)
        || round_up_of_attacks(&lede_lower);
    Lede {
        event,
        specific,
        round_up,
    }
}

/// For every sentence of `sentences`, whether its figures were told at
/// another place than the event's. `places` are the places of `text` (byte
/// spans in it), `title_places` those of the headline, `lede` the number of
/// body sentences that, with the headline, make the lede. Linear in the
/// number of places and sentences.
#[cfg(test)]
pub(super) fn elsewhere(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    places: &[PlaceMention],
    title_places: &[PlaceMention],
    lede: usize,
) -> Vec<bool> {
    elsewhere_and_parts(text, title, sentences, places, title_places, lede).0
}

/// [`elsewhere`] and [`parts`] of one text, its lede read once for both.
pub(super) fn elsewhere_and_parts(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    places: &[PlaceMention],
    title_places: &[PlaceMention],
    lede: usize,
) -> (Vec<bool>, Parts) {
    let places = by_start(places);
    let read = read_lede(text, title, sentences, &places, title_places, lede);
    let main_ends = main_clause_ends(text, sentences);
    (
        elsewhere_after(text, sentences, &main_ends, &places, &read, lede),
        parts_after(
            text,
            title,
            sentences,
            &main_ends,
            &places,
            title_places,
            &read,
            lede,
        ),
    )
}

/// Where each sentence's main clause ends: places of a relative clause
/// ("..., which holds talks in Doha") say where something else is.
fn main_clause_ends(text: &str, sentences: &[Span]) -> Vec<usize> {
    sentences
        .iter()
        .map(|s| s.start + relative_clause_start(&text[s.start..s.end]))
        .collect()
}

/// The places in text order.
fn by_start(places: &[PlaceMention]) -> Vec<&PlaceMention> {
    let mut places: Vec<&PlaceMention> = places.iter().collect();
    places.sort_by_key(|p| p.start);
    places
}

/// [`elsewhere`], the lede read (`places` in text order).
fn elsewhere_after(
    text: &str,
    sentences: &[Span],
    main_ends: &[usize],
    places: &[&PlaceMention],
    read: &Lede,
    lede: usize,
) -> Vec<bool> {
    let mut out = vec![false; sentences.len()];
    let (event, specific, round_up) = (&read.event, read.specific, read.round_up);
    if round_up {
        return out;
    }
    turned_elsewhere(text, sentences, places, event, lede, &mut out);
    if !specific {
        return out;
    }
    let event_countries: Vec<&str> = event.iter().filter_map(|p| p.country.as_deref()).collect();
    let mut next = places.iter().copied().peekable();
    let mut previous: Option<(usize, bool)> = None;
    for (i, s) in sentences.iter().enumerate() {
        let main_end = main_ends[i];
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
                if !(kind || foreign) {
                    return false;
                }
                let before = words_before(text, p.start, s.start, 3);
                before.iter().any(|w| LOCATIVE.contains(&w.as_str()))
                    && !before.iter().any(|w| SEATS.contains(&w.as_str()))
            });
        // "Several hours later, that onslaught had been foiled": the attack
        // told just before, whatever the paragraph.
        let same_paragraph = previous
            .is_some_and(|(end, _)| !text[end.min(s.start)..s.start].contains('\n'))
            || names_that_attack(&lower);
        out[i] = out[i]
            || if at_event || other {
                other
            } else {
                same_paragraph && previous.is_some_and(|(_, was)| was)
            };
        previous = Some((s.end, out[i]));
    }
    out
}

/// Words before a place that tell a part of the event happened there: the
/// locatives, and "of" ("the town of Wamena", "the district of Farah").
const PART_LOCATIVE: &[&str] = &["in", "near", "around", "outside", "at", "of"];

/// Words of a new attack told after another ("another airstrike hit tents",
/// "a second bomber"), after "another", "second", "third" or "separate".
const NEW_ATTACK: &[&str] = &[
    "attack",
    "airstrike",
    "strike",
    "raid",
    "bombing",
    "blast",
    "explosion",
    "ambush",
    "bomber",
    "shelling",
];

/// "another airstrike hit tents", "a third blast": a sentence that turns to
/// a new attack of the round-up.
fn tells_a_new_attack(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "another" | "second" | "third" | "separate")
            && words[i + 1..]
                .iter()
                .take(3)
                .any(|n| NEW_ATTACK.contains(n))
    })
}

/// "The raids coincided with violence elsewhere in Syria. More than 200
/// people were killed in Eastern Ghouta and in Idlib": a sentence that turns
/// "elsewhere" without a figure of its own, and the next one puts things in
/// places none of which is the event's, tells of those other places — even
/// when the event has no town of its own to tell them from.
fn turned_elsewhere(
    text: &str,
    sentences: &[Span],
    places: &[&PlaceMention],
    event: &[&PlaceMention],
    lede: usize,
    out: &mut [bool],
) {
    let mut next = places.iter().copied().peekable();
    let mut turned = false;
    for (i, s) in sentences.iter().enumerate() {
        let here: Vec<&PlaceMention> = std::iter::from_fn(|| next.next_if(|p| p.start < s.end))
            .filter(|p| p.start >= s.start)
            .collect();
        let sentence = &text[s.start..s.end];
        if i >= lede && turned && !here.is_empty() {
            let at_event = here
                .iter()
                .any(|p| event.iter().any(|e| same_place(&e.name, &p.name)));
            let put_there = here.iter().any(|p| {
                words_before(text, p.start, s.start, 3)
                    .iter()
                    .any(|w| LOCATIVE.contains(&w.as_str()))
            });
            if !at_event && put_there {
                out[i] = true;
            }
        }
        // Only a sentence without a figure turns: one with its own figure
        // is read by the "elsewhere" cue itself.
        // A sentence without "elsewhere" in any ASCII case has no such word
        // once lower-cased (only ASCII letters lower-case to its letters):
        // it is not lower-cased and split.
        turned = sentence.to_ascii_lowercase().contains("elsewhere") && {
            let lower = sentence.to_lowercase();
            let words = || lower.split(|c: char| !c.is_alphanumeric());
            words().any(|w| w == "elsewhere")
                && !words().any(|w| w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty())
        };
    }
}

/// "across Gaza", "across Ukraine": "across" before a name.
fn across_a_land(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.windows(2).any(|w| {
        w[0].eq_ignore_ascii_case("across") && w[1].chars().next().is_some_and(char::is_uppercase)
    })
}

/// The parts of an event a story tells place by place, each body sentence's
/// part (an index), or `None` in the lede and before the first part.
pub(super) struct Parts {
    pub of: Vec<Option<usize>>,
    /// The lede is a round-up (see [`elsewhere`]): "separate attacks" are
    /// its parts, not other events.
    pub round_up: bool,
}

/// "In Jayapura, one soldier and three students were killed ... In Wamena,
/// the toll rose to 22": a body sentence that puts something in a place
/// opens that place's part, and the sentences after it without a place of
/// their own go on with it ("Some 72 others were also injured"). The places
/// are the lede's towns and cities, or in a round-up any place short of a
/// cross-border area; in a round-up "another airstrike hit tents" opens a
/// part of its own. Not the town of a hospital or of a government.
#[cfg(test)]
pub(super) fn parts(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    places: &[PlaceMention],
    title_places: &[PlaceMention],
    lede: usize,
) -> Parts {
    elsewhere_and_parts(text, title, sentences, places, title_places, lede).1
}

/// [`parts`], the lede read (`places` in text order).
#[allow(clippy::too_many_arguments)]
fn parts_after(
    text: &str,
    title: Option<&str>,
    sentences: &[Span],
    main_ends: &[usize],
    places: &[&PlaceMention],
    title_places: &[PlaceMention],
    read: &Lede,
    lede: usize,
) -> Parts {
    let (event, round_up) = (&read.event, read.round_up);
    let lede_end = sentences
        .get(lede.min(sentences.len()).saturating_sub(1))
        .map_or(0, |s| s.end);
    // "across the city" may be one street's length: a round-up's parts are
    // told across a named land ("across Gaza") or as several attacks.
    let round_up = round_up
        && (title.is_some_and(across_a_land)
            || text.get(..lede_end).is_some_and(across_a_land)
            || title.is_some_and(|t| round_up_of_attacks(&t.to_lowercase()))
            || text
                .get(..lede_end)
                .is_some_and(|t| round_up_of_attacks(&t.to_lowercase())));
    let mut of = vec![None; sentences.len()];
    // A city's shootings told together are no one event's parts (see
    // `background::round_up`).
    // Every round-up of shootings names "shooting": a text without it is not
    // searched by the pattern.
    let of_shootings = |s: &str| {
        contains_ignoring_ascii_case(s, "shooting") && shootings_round_up(&s.to_lowercase())
    };
    if title.is_some_and(of_shootings) || of_shootings(text.get(..lede_end).unwrap_or("")) {
        return Parts { of, round_up };
    }
    let mut keys: Vec<String> = Vec::new();
    let mut current: Option<usize> = None;
    let mut next = places.iter().copied().peekable();
    for (i, s) in sentences.iter().enumerate() {
        let sentence = &text[s.start..s.end];
        let main_end = main_ends[i];
        let here: Vec<&PlaceMention> = std::iter::from_fn(|| next.next_if(|p| p.start < s.end))
            .filter(|p| p.start >= s.start && p.end <= main_end)
            .collect();
        // The first sentence tells the whole; the lede's next one may
        // already be a part ("At least 10 people were killed in Khan Younis").
        if i == 0 {
            continue;
        }
        let part_place = here.iter().find(|p| {
            // A round-up's one headline place is the whole's ("Strikes
            // across Gaza kill 19"), not a part.
            let whole = round_up
                && title_places.len() == 1
                && title_places.iter().any(|t| t.name == p.name);
            let allowed = if round_up {
                p.kind != PlaceKind::Area
            } else {
                matches!(
                    p.kind,
                    PlaceKind::Village | PlaceKind::Town | PlaceKind::City
                ) && event.iter().any(|e| same_place(&e.name, &p.name))
            };
            if !allowed || whole {
                return false;
            }
            // Outside a round-up, a part is told place first: "In Wamena,
            // the toll rose to 22".
            let opens = round_up || words_before(text, p.start, s.start, 4).len() <= 3;
            if !opens {
                return false;
            }
            let before = words_before(text, p.start, s.start, 3);
            before.iter().any(|w| PART_LOCATIVE.contains(&w.as_str()))
                && !before
                    .iter()
                    .any(|w| CARE_WORDS.contains(&w.as_str()) || SEATS.contains(&w.as_str()))
        });
        if let Some(p) = part_place {
            current = Some(match keys.iter().position(|k| same_place(k, &p.name)) {
                Some(k) => k,
                None => {
                    keys.push(p.name.clone());
                    keys.len() - 1
                }
            });
        } else if round_up && tells_a_new_attack(&sentence.to_lowercase()) {
            keys.push(String::new());
            current = Some(keys.len() - 1);
        }
        of[i] = current;
    }
    Parts { of, round_up }
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

    fn parts_of(title: &str, text: &str) -> (Vec<Option<usize>>, bool) {
        let spans = sentences::split(text);
        let k = Knowledge::global();
        let p = parts(
            text,
            Some(title),
            &spans,
            &k.places_in(text),
            &k.places_in(title),
            2,
        );
        (p.of, p.round_up)
    }

    #[test]
    fn a_place_opening_a_sentence_opens_its_part_until_the_next() {
        let text = "Riots broke out in Kharkiv and in the city of Odesa. Police blamed gangs.\n\n\
                    In Kharkiv, two protesters were killed.\n\n\
                    In Odesa, four people were killed. Some 20 others were hurt.\n\n\
                    In Kharkiv, the mayor called for calm.";
        let (of, round_up) = parts_of("Riots in Ukraine", text);
        assert!(!round_up);
        assert_eq!(of, vec![None, None, Some(0), Some(1), Some(1), Some(0)]);
    }

    #[test]
    fn a_round_ups_new_attack_opens_a_part_and_its_headline_place_is_the_whole() {
        let text =
            "Strikes killed 12 people across Gaza on Monday. Seven were killed in Rafah.\n\n\
                    Another airstrike hit a school, killing three.\n\n\
                    Officials in Gaza said the toll may rise.";
        let (of, round_up) = parts_of("Strikes across Gaza kill 12", text);
        assert!(round_up);
        assert_eq!(of, vec![None, Some(0), Some(1), Some(1)]);
    }

    #[test]
    fn shootings_across_a_city_have_no_parts() {
        let text = "Five people were shot in separate shootings across the city on Sunday. \
                    Two were hurt in Chicago.\n\n\
                    In Evanston, a man was shot.";
        let (of, _) = parts_of("Weekend shootings leave five hurt", text);
        assert!(of.iter().all(Option::is_none));
    }

    #[test]
    fn a_new_attack_and_a_named_land() {
        assert!(tells_a_new_attack(
            "gaza's civil defense said another airstrike hit tents"
        ));
        assert!(tells_a_new_attack(
            "a second car bomber targeted a compound"
        ));
        assert!(!tells_a_new_attack("another man was wounded"));
        assert!(across_a_land("strikes across Gaza"));
        assert!(!across_a_land("shootings across the city"));
    }

    #[test]
    fn after_a_turn_elsewhere_other_places_are_other_events() {
        let text = "Air raids hit fighters in Deir ez-Zor province overnight. More than 40 were \
                    killed.\n\n\
                    The raids came amid fighting elsewhere in Syria.\n\n\
                    More than 90 people were killed in Idlib and in Aleppo.\n\n\
                    In Deir ez-Zor, 12 more fighters were hurt.";
        assert_eq!(
            scenes("Air raids in Syria kill 40 fighters", text),
            vec![false, false, false, true, false]
        );
    }
}
