//! Whose victims: the sides the casualty reader could not read from the
//! victim phrase itself, figures one side claims about another, and one
//! entry per side and group.

use super::knowledge::{Knowledge, PartyKind, PlaceMention, Scan, TextMatches};
use super::numbers::SaturatingSum;
use super::sentences::Span;
use super::tokens::contains_ignoring_ascii_case;
use super::{Casualty, Claim, Evidence, Location, Party};

pub(crate) mod phrase;
pub mod words;

pub(crate) use phrase::{amend, attackers_among_the_dead};

/// Groups that are people of the place where they were hit: civilians,
/// police, "people". Soldiers and fighters may be either side's, so a place
/// says nothing of theirs.
const OF_THE_PLACE: &[&str] = &[
    "civilians",
    "people",
    "children",
    "women",
    "men",
    "students",
    "protesters",
    "police",
    "adults",
];

/// Where the reported event took place, as far as the article tells: the
/// place or country the headline puts it in ("Israeli airstrikes hit Yemen",
/// "offensive against Kurdish fighters in Syria"), else the country of the
/// first place the lede names, else the country the lede's words put it in
/// ("US strikes on Yemen killed 16"), else of the article's most specific
/// place, else its first country.
pub fn event_country(
    title: Option<&str>,
    lede: &str,
    locations: &[Location],
    countries: &[String],
    lede_end: usize,
    controlled: &[(String, String)],
) -> Option<String> {
    event_country_by(
        title,
        || located_country(lede),
        locations,
        countries,
        lede_end,
        controlled,
    )
}

/// [`event_country`] with the lede `text[..lede_end]` read through the
/// names `found` in `text` ([`Knowledge::scan_keeping`]).
pub fn event_country_in(
    title: Option<&str>,
    text: &str,
    found: &TextMatches,
    locations: &[Location],
    countries: &[String],
    lede_end: usize,
    controlled: &[(String, String)],
) -> Option<String> {
    let lede_country = || match text.get(..lede_end) {
        Some(_) => located_country_part(text, found, 0, lede_end),
        None => located_country(""),
    };
    event_country_by(
        title,
        lede_country,
        locations,
        countries,
        lede_end,
        controlled,
    )
}

fn event_country_by(
    title: Option<&str>,
    lede_country: impl FnOnce() -> Option<String>,
    locations: &[Location],
    countries: &[String],
    lede_end: usize,
    controlled: &[(String, String)],
) -> Option<String> {
    let run_by = title.and_then(|t| {
        let first = Knowledge::global().places_in(t).into_iter().next()?;
        controlled
            .iter()
            .find(|(name, _)| *name == first.name)
            .map(|(_, state)| state.clone())
    });
    run_by
        .or_else(|| title.and_then(located_country))
        .or_else(|| {
            locations
                .iter()
                .filter(|l| l.country.is_some() && l.evidence.start < lede_end)
                .min_by_key(|l| l.evidence.start)
                .and_then(|l| l.country.clone())
        })
        .or_else(lede_country)
        .or_else(|| {
            locations
                .iter()
                .find(|l| l.country.is_some())
                .and_then(|l| l.country.clone())
        })
        .or_else(|| countries.first().cloned())
}

/// Words after which a country's name is where something happened ("in
/// Israel, 63 people were treated", "strikes hit Yemen"), not who acted.
const LOCATIVE: &[&str] = &[
    "in",
    "inside",
    "across",
    "near",
    "into",
    "throughout",
    "hit",
    "hits",
    "struck",
    "strikes",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
];

/// Attacks whose target "on"/"against" names ("strikes on Yemen").
const AIMED: &[&str] = &[
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "attack",
    "attacks",
    "raid",
    "raids",
    "offensive",
    "assault",
    "bombing",
    "bombardment",
    "shelling",
];

/// Nouns after which a country's name is an adjective ("US embassy").
const ATTRIBUTIVE: &[&str] = &[
    "embassy",
    "consulate",
    "border",
    "forces",
    "troops",
    "army",
    "military",
    "government",
    "officials",
    "soldiers",
    "base",
    "bases",
    "positions",
    "side",
    "airstrikes",
    "strikes",
];

/// The country a phrase puts its event in: of the first place it names, or
/// a country named after a locative word, whichever comes first.
fn located_country(phrase: &str) -> Option<String> {
    located_by(phrase, || Knowledge::global().scan(phrase))
}

/// [`located_country`] of `text[from..to]`, read through the names `found`
/// in `text`.
fn located_country_part(text: &str, found: &TextMatches, from: usize, to: usize) -> Option<String> {
    located_by(&text[from..to], || {
        Knowledge::global().scan_part(text, found, from, to)
    })
}

/// [`located_country`] of `phrase`, whose scan `scan` gives.
fn located_by(phrase: &str, scan: impl FnOnce() -> Scan) -> Option<String> {
    if let Some(state) = controlling_state(phrase) {
        return Some(state);
    }
    let scan = scan();
    let place = scan
        .places
        .iter()
        .find(|p| p.country.is_some())
        .map(|p| (p.start, p.country.clone()));
    let country = scan
        .parties
        .iter()
        .filter(|m| m.kind == PartyKind::Country && !m.demonym && !m.force)
        .find(|m| {
            // "near US embassy", "in Israeli-held": a name used as an
            // adjective says whose thing it is, not where.
            let next = phrase[m.end..]
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or("")
                .to_lowercase();
            if ATTRIBUTIVE.contains(&next.as_str()) {
                return false;
            }
            let before = phrase[..m.start].trim_end();
            let mut words = before
                .rsplit(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase);
            let word = words.next().unwrap_or_default();
            // "strikes on Yemen", "an offensive against Syria": where the
            // attack fell.
            let aimed = matches!(word.as_str(), "on" | "against")
                && words.next().is_some_and(|w| AIMED.contains(&w.as_str()));
            aimed || LOCATIVE.contains(&word.as_str())
        })
        .map(|m| (m.start, Some(m.party.clone())));
    match (place, country) {
        (Some(p), Some(c)) => {
            if p.0 <= c.0 {
                p.1
            } else {
                c.1
            }
        }
        (p, c) => p.or(c).and_then(|x| x.1),
    }
}

/// Suffixes that name the state running a place: "the Israeli-controlled
/// Golan Heights". (Held and occupied ground is left to its place: a
/// front line moves, and its people are the country's they were.)
const CONTROLLED: &[&str] = &["-controlled", "-annexed", "-administered"];

/// The state a phrase says runs the place it names ("a village in the
/// Israeli-controlled Golan Heights" → Israel): the people of a place are
/// of the state that runs it. Only a state: a "Houthi-controlled" city's
/// people are not the Houthis'.
fn controlling_state(phrase: &str) -> Option<String> {
    let lower = phrase.to_lowercase();
    CONTROLLED.iter().find_map(|suffix| {
        let at = lower.find(suffix)?;
        let word_start = phrase[..at]
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |i| i + 1);
        Knowledge::global()
            .parties_in(&phrase[word_start..at])
            .into_iter()
            .find(|m| m.kind == PartyKind::Country)
            .map(|m| m.party)
    })
}

/// Places the text says a state runs ("the Israeli-controlled Golan
/// Heights"), with that state: a headline that names only the place puts
/// the event in the state that runs it.
pub fn controlled_places(text: &str, places: &[PlaceMention]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in places {
        let from = text[..p.start]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        let before = &text[from..p.start];
        if !CONTROLLED
            .iter()
            .any(|c| contains_ignoring_ascii_case(before, c))
        {
            continue;
        }
        if let Some(state) = controlling_state(before) {
            if !out.iter().any(|(n, _)| *n == p.name) {
                out.push((p.name.clone(), state));
            }
        }
    }
    out
}

/// "Russian shelling killed two civilians in Kherson": victims the text
/// names no party for, of a group that lives where it was hit (or of no
/// named group: "30 killed in a strike on a school"), belong to the country
/// of the place their sentence names, else of the event's country. A place
/// told in a relative clause ("the Taliban, which holds talks in Doha") is
/// not where the victims were. The attacker's demonym ("Russian shelling")
/// is never the victims' side: it is not in the victim phrase, so the
/// casualty reader left the side empty.
pub fn of_the_place(casualties: &mut [Casualty], event_country: Option<&str>) {
    of_the_place_in(casualties, event_country, None)
}

/// [`of_the_place`], the sentences of the casualties' evidence read
/// through the names `found` in the `text` they are of, when given.
pub fn of_the_place_in(
    casualties: &mut [Casualty],
    event_country: Option<&str>,
    text: Option<(&str, &TextMatches)>,
) {
    of_the_state(casualties, event_country);
    // "28 people, most of them Somali": whoever they were, where. Read
    // before anything else, so the same count told elsewhere without it
    // (the headline's) is theirs too.
    for c in casualties.iter_mut() {
        if c.side.is_none() && !c.evidence.in_title {
            c.side = phrase::nationality_of_either(&c.evidence.sentence, c.killed, c.injured);
        }
    }
    let told: Vec<Told> = casualties
        .iter()
        .filter(|c| !phrase::placeholder(c.side.as_deref()))
        .filter_map(|c| Some((c.killed, c.injured, c.side.clone()?, c.group.clone())))
        .collect();
    // A toll of a fight between two countries' sides, counted without a
    // group: people the article counts without a group are of either side.
    let of_both = casualties
        .iter()
        .filter(|c| c.side.is_none() && generic(c.group.as_deref()))
        .any(|c| between_two_parties(&c.evidence.sentence));
    for c in casualties.iter_mut() {
        if c.side.is_some() || !c.group.as_deref().is_none_or(|g| OF_THE_PLACE.contains(&g)) {
            continue;
        }
        if of_both && generic(c.group.as_deref()) {
            continue;
        }
        let sentence = c.evidence.sentence.as_str();
        let main_end = relative_clause_start(sentence);
        let ev = &c.evidence;
        c.side = match text {
            Some((text, found)) if !ev.in_title && text.get(ev.start..ev.end) == Some(sentence) => {
                located_country_part(text, found, ev.start, ev.start + main_end)
            }
            _ => located_country(&sentence[..main_end]),
        };
        if c.side.is_none() {
            if let Some((side, group)) = same_count_told_of(c, &told) {
                // The same victims: one entry with the other figure.
                c.side = Some(side);
                c.group = group;
            }
        }
        if c.side.is_none() {
            c.side = event_country.map(str::to_string);
        }
    }
}

/// Whether `sentence` tells a fight between the sides of two countries:
/// "fighting between Ukrainian forces and pro-Russia separatists",
/// "clashes between Israeli troops and Hezbollah" (not "between the army
/// and the RSF": a civil war's dead are the country's people).
fn between_two_parties(sentence: &str) -> bool {
    if !super::tokens::may_hold_word(&sentence.to_ascii_lowercase(), "between") {
        return false;
    }
    let toks = super::tokens::tokenize(sentence);
    let Some(at) = (1..toks.len()).find(|&i| {
        toks[i].is("between")
            && toks[i.saturating_sub(3)..i]
                .iter()
                .any(|t| words::has(&words::get().fight.words, &t.lower))
    }) else {
        return false;
    };
    // The clause after "between": up to its end or a dozen words.
    let end = toks[at..]
        .iter()
        .take(14)
        .position(|t| t.is_any(&[",", ";", ".", ":"]))
        .map_or_else(
            || toks[toks.len().min(at + 14) - 1].end,
            |n| toks[at + n].start,
        );
    let from = toks[at].end;
    let parties = Knowledge::global().parties_in(&sentence[from..end]);
    let armed = |p: &&super::knowledge::PartyMention| p.kind != PartyKind::Organization;
    let mut named = parties.iter().filter(armed);
    let Some(first) = named.next() else {
        return false;
    };
    let knowledge = Knowledge::global();
    let country = |p: &super::knowledge::PartyMention| {
        knowledge
            .party_country(&p.party)
            .map_or_else(|| p.party.clone(), str::to_string)
    };
    named.any(|p| {
        country(p) != country(first) && sentence[from + first.end..from + p.start].contains(" and ")
    })
}

/// Counts at least this large, told twice in one article, count the same
/// victims: a coincidence of two different tolls that large is rare.
const SAME_VICTIMS_FROM: u32 = 10;

/// "as many as 80 Russians were killed" and, further down, "more than 80
/// men were killed": a figure whose own sentence names neither party nor
/// place, told with the same large count as a figure of a known side, is
/// those victims again, of that side.
fn same_count_told_of(c: &Casualty, told: &[Told]) -> Option<(String, Option<String>)> {
    let same = |a: u32, b: u32| a >= SAME_VICTIMS_FROM && a == b;
    let mut found = told
        .iter()
        .filter(|(k, i, _, _)| same(c.killed, *k) || same(c.injured, *i));
    let (_, _, side, group) = found.next()?;
    // Two sides told with that count: no telling which.
    found
        .all(|(_, _, s, _)| s == side)
        .then(|| (side.clone(), group.clone()))
}

/// A figure of a known side: killed, injured, side, group.
type Told = (u32, u32, String, Option<String>);

/// Victims named as the state's ("nine government soldiers", "pro-regime
/// fighters") are of the state of the event's country.
fn of_the_state(casualties: &mut [Casualty], event_country: Option<&str>) {
    let state = event_country
        .filter(|c| Knowledge::global().party_kind(c) == Some(PartyKind::Country))
        .map(str::to_string);
    for c in casualties.iter_mut() {
        if c.side.as_deref() == Some(phrase::STATE) {
            c.side = state.clone();
        }
    }
}

/// Where a relative clause ("..., which", "..., who") starts in a sentence,
/// or its end.
pub(crate) fn relative_clause_start(sentence: &str) -> usize {
    // Every mark starts with a comma: the first comma a mark starts at is
    // where the first of them is found (one pass, no searcher per mark).
    const MARKS: [&str; 4] = [", which ", ", who ", ", whose ", ", where "];
    let bytes = sentence.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b',')
        .map(|(i, _)| i)
        .find(|&i| MARKS.iter().any(|m| bytes[i..].starts_with(m.as_bytes())))
        .unwrap_or(sentence.len())
}

/// Soldiers whose side the victim phrase does not tell, in a sentence a
/// country's own voice tells ("The Malian armed forces said only two
/// soldiers had died"), are that country's; fighters, militants and
/// attackers whose group the phrase does not tell are the article's armed
/// group, the first one it names among those fighting ("four militants were
/// killed by security forces" in a story of an al-Shabaab attack): the
/// attackers' own dead are the attackers' side.
pub fn of_the_speaker_or_group(
    casualties: &mut [Casualty],
    claims: &[Claim],
    belligerents: &[Party],
) {
    let knowledge = Knowledge::global();
    let armed_group = belligerents
        .iter()
        .find(|p| knowledge.party_kind(&p.name) == Some(PartyKind::Group))
        .map(|p| p.name.clone());
    for c in casualties.iter_mut() {
        if phrase::placeholder(c.side.as_deref()) {
            c.side = None;
        }
        if c.side.is_some() {
            continue;
        }
        match c.group.as_deref() {
            Some("soldiers") => {
                // A statement about no other party is no claim: the
                // sentence's subject speaks then ("The Malian armed forces
                // said only two soldiers had died").
                c.side = claims
                    .iter()
                    .filter(|k| same_sentence(&k.evidence, &c.evidence))
                    .find(|k| knowledge.party_kind(&k.speaker) == Some(PartyKind::Country))
                    .map(|k| k.speaker.clone())
                    .or_else(|| {
                        speaker_of(&c.evidence.sentence)
                            .filter(|s| knowledge.party_kind(s) == Some(PartyKind::Country))
                    });
            }
            Some("militants") => {
                c.side = armed_group
                    .clone()
                    .filter(|g| !acts_in(&c.evidence.sentence, g));
            }
            _ => {}
        }
    }
}

/// What is left once the parties have spoken: more of the victims just
/// named ("A third soldier was wounded") are of their side; militants a
/// party says it killed ("The Israeli military said it had killed about 20
/// militants") are of the party it fights; and soldiers of no named party,
/// in a story where the event's country is the only state fighting, are
/// that state's ("Militants kill 15 soldiers in Burkina Faso ambush"); where
/// another state fights too ("Israeli soldiers in southern Lebanon"), there
/// is no telling.
pub fn of_the_story(
    casualties: &mut [Casualty],
    claims: &[Claim],
    event_country: Option<&str>,
    parties: &super::Parties,
) {
    let knowledge = Knowledge::global();
    let belligerents = &parties.belligerents;
    // The other sides the article tells victims of, as parties.
    let victims: Vec<Party> = casualties
        .iter()
        .filter_map(|c| {
            Some(Party {
                name: c.side.clone()?,
                evidence: c.evidence.clone(),
            })
        })
        .collect();
    for c in casualties.iter_mut() {
        if c.side.is_some() || c.group.as_deref() != Some("militants") {
            continue;
        }
        let armed = |s: &String| {
            matches!(
                knowledge.party_kind(s),
                Some(PartyKind::Country | PartyKind::Group)
            )
        };
        c.side = speaker_in(claims, &c.evidence).filter(armed).and_then(|s| {
            opponent_of(&s, belligerents)
                .or_else(|| opponent_of(&s, &victims))
                .or_else(|| opponent_of(&s, &parties.mentioned))
        });
    }
    for i in 0..casualties.len() {
        if casualties[i].side.is_some() {
            continue;
        }
        let Some(group) = casualties[i].group.clone() else {
            continue;
        };
        if !phrase::more_of(&casualties[i].evidence.sentence, &group) {
            continue;
        }
        casualties[i].side = casualties[..i]
            .iter()
            .rev()
            .find(|c| c.group.as_deref() == Some(group.as_str()) && c.side.is_some())
            .and_then(|c| c.side.clone());
    }
    let Some(state) = event_country.filter(|c| knowledge.party_kind(c) == Some(PartyKind::Country))
    else {
        return;
    };
    let other_state = belligerents
        .iter()
        .any(|p| p.name != state && knowledge.party_kind(&p.name) == Some(PartyKind::Country));
    if other_state {
        return;
    }
    for c in casualties.iter_mut() {
        if c.side.is_none() && c.group.as_deref() == Some("soldiers") {
            c.side = Some(state.to_string());
        }
    }
}

/// "Ukraine's interior minister said the operation killed about 20 people
/// that he called terrorists": victims a speaker labels as the enemy are of
/// the party the speaker fights (a belligerent, else a party the article
/// names), and the figure is the speaker's claim about them.
pub fn labelled_enemies(casualties: &mut [Casualty], claims: &[Claim], parties: &super::Parties) {
    for c in casualties.iter_mut() {
        if c.side.as_deref() == Some(phrase::ENEMY) {
            c.side = speaker_in(claims, &c.evidence).and_then(|s| {
                opponent_of(&s, &parties.belligerents)
                    .or_else(|| opponent_of(&s, &parties.mentioned))
            });
        }
    }
}

/// The party that tells the figure of a sentence: the speaker of a claim
/// made there, else the subject of its verb of saying.
fn speaker_in(claims: &[Claim], evidence: &Evidence) -> Option<String> {
    claims
        .iter()
        .find(|k| same_sentence(&k.evidence, evidence))
        .map(|k| k.speaker.clone())
        .or_else(|| speaker_of(&evidence.sentence))
}

/// The party `speaker` fights in the article: the first belligerent that is
/// neither the speaker, nor a group based in the speaker's country, nor an
/// organization.
fn opponent_of(speaker: &str, belligerents: &[Party]) -> Option<String> {
    let knowledge = Knowledge::global();
    belligerents
        .iter()
        .map(|p| p.name.as_str())
        .find(|&name| {
            name != speaker
                && match knowledge.party_kind(name) {
                    Some(PartyKind::Country) => true,
                    Some(PartyKind::Group) => knowledge.party_country(name) != Some(speaker),
                    _ => false,
                }
        })
        .map(str::to_string)
}

/// "a bomber killed three people and himself. The attack was later claimed
/// by ISIL": attackers killed in an attack whose group their own sentence
/// or the next one names as its author are of that group (before the
/// article's first armed group is taken for theirs). `spans`: the
/// sentences of `text`.
pub fn attackers_claimed(casualties: &mut [Casualty], text: &str, spans: &[Span]) {
    for c in casualties.iter_mut() {
        if c.side.is_some() || c.group.as_deref() != Some("militants") || c.evidence.in_title {
            continue;
        }
        let Some(at) = spans.iter().position(|s| s.start == c.evidence.start) else {
            continue;
        };
        c.side = spans[at..spans.len().min(at + 2)]
            .iter()
            .filter_map(|s| text.get(s.start..s.end))
            .find_map(author_named);
    }
}

/// The armed group a sentence names as an attack's author: "claimed by X",
/// "X claimed responsibility".
fn author_named(sentence: &str) -> Option<String> {
    let table = &words::get().claimed;
    let toks = super::tokens::tokenize(sentence);
    let parties = Knowledge::global().parties_in(sentence);
    let groups = || parties.iter().filter(|p| p.kind == PartyKind::Group);
    (0..toks.len()).find_map(|i| {
        if let Some(n) = words::phrase_at(&toks, i, &table.before) {
            // The author named within four words after the phrase.
            let from = toks.get(i + n)?.start;
            let to = toks.get(i + n + 4).map_or(sentence.len(), |t| t.end);
            return groups()
                .find(|p| p.start >= from && p.start < to)
                .map(|p| p.party.clone());
        }
        words::phrase_at(&toks, i, &table.after)?;
        // The author right before the phrase, at most two words between.
        let at = toks[i].start;
        let from = toks[i.saturating_sub(3)].start;
        groups()
            .rfind(|p| p.end <= at && p.start >= from)
            .map(|p| p.party.clone())
    })
}

/// Words that make a party named right before them the one who struck
/// ("ISIL claims an attack that killed two dozen fighters").
const ATTACKER_VERBS: &[&str] = &[
    "claim", "claims", "claimed", "attack", "attacks", "attacked", "stormed", "storm", "killed",
    "kill", "kills", "launched", "launches", "ambushed", "ambush", "seized", "fired", "shelled",
];

/// Whether `sentence` tells `party` as the one attacking: named, then one
/// of `ATTACKER_VERBS` within three words.
fn acts_in(sentence: &str, party: &str) -> bool {
    Knowledge::global()
        .parties_in(sentence)
        .iter()
        .filter(|m| m.party == party)
        .any(|m| {
            sentence[m.end..]
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(3)
                .any(|w| ATTACKER_VERBS.contains(&w.to_lowercase().as_str()))
        })
}

fn same_sentence(a: &Evidence, b: &Evidence) -> bool {
    a.start == b.start && a.end == b.end && a.in_title == b.in_title
}

/// A figure told by a party about another's losses ("The IDF said 20
/// terrorists were killed") keeps who claims it. A party telling its own
/// losses, or a ministry, a hospital or a monitor (no armed party), claims
/// nothing about an enemy.
pub fn claimed(casualties: &mut [Casualty], claims: &[Claim]) {
    let knowledge = Knowledge::global();
    for c in casualties.iter_mut() {
        // "The army said it neutralised 35 terrorists": fighters of no
        // named side that an armed party tells of are its enemy, as its claim.
        let enemy_fighters = c.side.is_none() && c.group.as_deref() == Some("militants");
        if c.side.is_none() && !enemy_fighters {
            continue;
        }
        // Claims between the same two parties are merged into their first
        // sentence: a later sentence's speaker is read from the sentence.
        let speaker = match claims
            .iter()
            .find(|k| same_sentence(&k.evidence, &c.evidence))
        {
            Some(claim) => claim.speaker.clone(),
            None => match speaker_of(&c.evidence.sentence) {
                Some(s) => s,
                None => continue,
            },
        };
        let speaker = speaker.as_str();
        // A group telling of unnamed fighters may tell of its own.
        if c.side.is_none() && knowledge.party_kind(speaker) != Some(PartyKind::Country) {
            continue;
        }
        let armed = matches!(
            knowledge.party_kind(speaker),
            Some(PartyKind::Country | PartyKind::Group)
        );
        // A group's claim about its own country's people is its own side's;
        // not about that country's soldiers or police, whom it fights
        // ("Al-Shabaab claimed to have killed 25 soldiers").
        let state_forces = matches!(c.group.as_deref(), Some("soldiers" | "police"));
        let same = c.side.as_deref().is_some_and(|side| {
            speaker == side || (knowledge.party_country(speaker) == Some(side) && !state_forces)
        });
        if armed && !same {
            c.claimed_by = Some(speaker.to_string());
        }
    }
}

/// Verbs a speaker tells a figure with.
const SAY: &[&str] = &["said", "says", "claimed", "claims", "reported", "announced"];

/// The party that tells a sentence's figure: the last party named before
/// its first saying verb ("The IDF said \"20 terrorists\" were killed" →
/// Israel).
fn speaker_of(sentence: &str) -> Option<String> {
    let verb_at = super::cues::words(sentence)
        .into_iter()
        .find(|(_, w)| SAY.contains(&w.to_lowercase().as_str()))
        .map(|(at, _)| at)?;
    // The subject right before the verb: "The IDF said", "Israel's army
    // said"; not a party further back ("Danish's deputy spokesperson, said").
    Knowledge::global()
        .parties_in(&sentence[..verb_at])
        .into_iter()
        .next_back()
        .filter(|m| {
            let gap = &sentence[m.end..verb_at];
            matches!(m.kind, PartyKind::Country | PartyKind::Group)
                && !gap.contains([',', ';', '(', ')', '"'])
                && ((gap.len() <= 20 && gap.split_whitespace().count() <= 2) || a_title(gap))
        })
        .map(|m| m.party)
}

/// Whether `gap` is a speaker's title and name ("'s army spokesman Dan
/// Ezra", "Interior Minister Ola Rud"): at most six words, each a title
/// word or capitalized, at least one a title word.
fn a_title(gap: &str) -> bool {
    let titles = &words::get().speakers.titles;
    let gap = gap.trim_start_matches("'s").trim_start_matches("\u{2019}s");
    let words: Vec<&str> = gap.split_whitespace().collect();
    let title = |w: &str| words::has(titles, &w.to_lowercase());
    (1..=6).contains(&words.len())
        && words.iter().any(|w| title(w))
        && words
            .iter()
            .all(|w| title(w) || w.chars().next().is_some_and(char::is_uppercase))
}

/// One entry per side and group: repeated mentions of the same victims
/// (headline, lede, body) are one figure, the largest, as in the totals. A
/// side's killed and injured told in different sentences stay two entries,
/// each with its own sentence.
pub fn one_per_side_and_group(casualties: Vec<Casualty>) -> Vec<Casualty> {
    let mut out: Vec<Casualty> = Vec::new();
    /// (side, group, index of the largest killed, index of the largest injured)
    type Best = (Option<String>, Option<String>, Option<usize>, Option<usize>);
    let mut best: Vec<Best> = Vec::new();
    for (i, c) in casualties.iter().enumerate() {
        // A figure told without a victim noun ("30 killed in a strike")
        // counts the same people as one told with "people".
        let group = c.group.clone().or_else(|| Some("people".to_string()));
        // "In addition, two suicide bombers blew themselves up": more
        // victims than those told before, never the same ones again.
        let more =
            crate::facts::casualties::adds_to_the_before(&c.evidence.sentence.to_lowercase());
        let same = best.iter().position(|b| b.0 == c.side && b.1 == group);
        let slot = match same.filter(|_| !more) {
            Some(p) => p,
            None => {
                best.push((c.side.clone(), group, None, None));
                best.len() - 1
            }
        };
        let b = &mut best[slot];
        if c.killed > 0 && b.2.is_none_or(|k| casualties[k].killed < c.killed) {
            b.2 = Some(i);
        }
        if c.injured > 0 && b.3.is_none_or(|k| casualties[k].injured < c.injured) {
            b.3 = Some(i);
        }
        if c.killed == 0 && c.injured == 0 && b.2.is_none() && b.3.is_none() {
            b.2 = Some(i);
        }
    }
    for (_, _, k, j) in best {
        match (k, j) {
            (Some(k), Some(j)) if k == j => out.push(casualties[k].clone()),
            (Some(k), Some(j)) => {
                let mut killed = casualties[k].clone();
                killed.injured = 0;
                let mut injured = casualties[j].clone();
                injured.killed = 0;
                out.push(killed);
                out.push(injured);
            }
            (Some(k), None) => {
                let mut c = casualties[k].clone();
                c.injured = 0;
                out.push(c);
            }
            (None, Some(j)) => {
                let mut c = casualties[j].clone();
                c.killed = 0;
                out.push(c);
            }
            (None, None) => {}
        }
    }
    out
}

/// Words of a vague amount and the value they are read as (the
/// conflict-data coders' convention: "dozens" = 12, "hundreds" = 100).
const VAGUE: &[(&str, u32)] = &[
    ("tens", 10),
    ("dozens", 12),
    ("scores", 20),
    ("hundreds", 100),
    ("thousands", 1000),
];

/// Whether `value` of `c` was read from a vague amount word ("hundreds
/// injured") rather than told as a number.
fn vague(c: &Casualty, value: u32) -> bool {
    c.approximate && {
        let lower = c.evidence.sentence.to_lowercase();
        lower
            .split(|ch: char| !ch.is_alphanumeric())
            .any(|w| VAGUE.iter().any(|(word, v)| *word == w && *v == value))
    }
}

/// Groups that name no particular kind of victim.
fn generic(group: Option<&str>) -> bool {
    group.is_none_or(|g| g == "people")
}

/// "Israeli attacks kill at least 19 Palestinians" and, further down, "the
/// body of a child": a side's figure told of people in general and its
/// figures of particular groups told in other sentences are the same
/// victims counted twice. The larger count stays: the groups when they add
/// up to at least the general figure, else the general figure. Figures of
/// one sentence ("two union members ... and six workers were shot dead") are
/// different victims and all stay.
pub fn counted_once(casualties: Vec<Casualty>) -> Vec<Casualty> {
    let mut out = casualties;
    let mut zeroed = vec![false; out.len()];
    let sides: Vec<String> = out.iter().filter_map(|c| c.side.clone()).collect();
    let mut done: Vec<&str> = Vec::new();
    for side in &sides {
        if done.contains(&side.as_str()) {
            continue;
        }
        done.push(side);
        for killed in [true, false] {
            let value = |c: &Casualty| if killed { c.killed } else { c.injured };
            let of_side: Vec<usize> = (0..out.len())
                .filter(|&i| out[i].side.as_deref() == Some(side.as_str()) && value(&out[i]) > 0)
                .collect();
            let (general, groups): (Vec<usize>, Vec<usize>) = of_side
                .into_iter()
                .partition(|&i| generic(out[i].group.as_deref()));
            let [g] = general.as_slice() else { continue };
            if groups.is_empty()
                || groups
                    .iter()
                    .any(|&i| same_sentence(&out[i].evidence, &out[*g].evidence))
            {
                continue;
            }
            let parts: u32 = groups.iter().map(|&i| value(&out[i])).saturating_sum();
            // "hundreds injured" beside "15 policemen": a vague amount
            // tells no more than the exact figures of the groups.
            let general_value = value(&out[*g]);
            let drop: Vec<usize> = if general_value <= parts || vague(&out[*g], general_value) {
                vec![*g]
            } else {
                groups
            };
            for i in drop {
                if killed {
                    out[i].killed = 0;
                } else {
                    out[i].injured = 0;
                }
                zeroed[i] = true;
            }
        }
    }
    out.into_iter()
        .zip(zeroed)
        .filter(|(c, z)| !*z || c.killed > 0 || c.injured > 0)
        .map(|(c, _)| c)
        .collect()
}

/// "Gaza's health ministry said 32 Palestinians have been killed" and,
/// further down, "The IDF said 20 terrorists were killed, most of them from
/// Islamic Jihad": fighters of a group based in a country, told in another
/// sentence than a count of that country's people, are among those people —
/// most often one side's claim about the other's dead inside the other's own
/// count. Both entries stay, each with its source; the toll counts those
/// victims once, so when `totals` added the group's figure to the people's,
/// it comes off again (only while it is at most the people's count).
pub fn within_their_peoples_count(casualties: &[Casualty], totals: &mut super::Totals) {
    let knowledge = Knowledge::global();
    for killed in [true, false] {
        let value = |c: &Casualty| if killed { c.killed } else { c.injured };
        let total = if killed {
            &mut totals.killed
        } else {
            &mut totals.injured
        };
        for people in casualties
            .iter()
            .filter(|c| generic(c.group.as_deref()) && value(c) > 0)
        {
            let Some(country) = people.side.as_deref() else {
                continue;
            };
            if knowledge.party_kind(country) != Some(PartyKind::Country) {
                continue;
            }
            let fighters: u32 = casualties
                .iter()
                .filter(|c| {
                    c.side.as_deref().is_some_and(|s| {
                        knowledge.party_kind(s) == Some(PartyKind::Group)
                            && knowledge.party_country(s) == Some(country)
                    }) && !same_sentence(&c.evidence, &people.evidence)
                })
                .map(value)
                .saturating_sum();
            let added = value(people).saturating_add(fighters);
            if fighters > 0 && fighters <= value(people) && *total >= added {
                *total -= fighters;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Evidence;

    #[test]
    fn a_relative_clause_starts_at_the_first_mark() {
        for s in [
            "",
            ",",
            "Two died, which is rare, who said, whose car",
            "Police, who arrived, whose car, where it, which",
            "a, b, c,, who x",
            "none here , which",
            "ends with , who",
            "ends with , who ",
        ] {
            let want = [", which ", ", who ", ", whose ", ", where "]
                .iter()
                .filter_map(|m| s.find(m))
                .min()
                .unwrap_or(s.len());
            assert_eq!(relative_clause_start(s), want, "{s:?}");
        }
    }

    fn casualty(side: Option<&str>, group: &str, killed: u32, injured: u32, at: usize) -> Casualty {
        Casualty {
            side: side.map(str::to_string),
            group: Some(group.to_string()),
            killed,
            injured,
            approximate: false,
            claimed_by: None,
            evidence: Evidence {
                sentence: format!("sentence {at}"),
                start: at,
                end: at + 10,
                in_title: false,
            },
        }
    }

    /// Each side's killed and injured, summed over its entries.
    fn per_side(facts: &crate::facts::Facts, side: &str) -> [u32; 2] {
        facts
            .casualties
            .iter()
            .filter(|c| c.side.as_deref() == Some(side))
            .fold([0, 0], |[k, i], c| [k + c.killed, i + c.injured])
    }

    #[test]
    fn every_side_words_example_reads_as_it_says() {
        for (name, ex) in words::get().examples() {
            let facts = crate::facts::extract(&crate::facts::FactsInput {
                text: &ex.text,
                ..Default::default()
            });
            for (side, want) in &ex.sides {
                assert_eq!(
                    per_side(&facts, side),
                    *want,
                    "[{name}] {side} in {:?}: {:#?}",
                    ex.text,
                    facts.casualties
                );
            }
            for (side, speaker) in &ex.claimed_by {
                assert!(
                    facts
                        .casualties
                        .iter()
                        .any(|c| c.side.as_deref() == Some(side)
                            && c.claimed_by.as_deref() == Some(speaker)),
                    "[{name}] {side} claimed by {speaker} in {:?}: {:#?}",
                    ex.text,
                    facts.casualties
                );
            }
        }
    }

    #[test]
    fn repeated_mentions_are_one_entry_each_figure_with_its_sentence() {
        let merged = one_per_side_and_group(vec![
            casualty(Some("Palestine"), "people", 19, 0, 0),
            casualty(Some("Palestine"), "people", 10, 0, 20),
            casualty(Some("Palestine"), "people", 4, 30, 40),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            (
                merged[0].killed,
                merged[0].injured,
                merged[0].evidence.start
            ),
            (19, 0, 0)
        );
        assert_eq!(
            (
                merged[1].killed,
                merged[1].injured,
                merged[1].evidence.start
            ),
            (0, 30, 40)
        );
    }

    #[test]
    fn civilians_of_a_named_place_are_its_country() {
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence: "Russian shelling killed two civilians in Kherson.".into(),
                start: 0,
                end: 49,
                in_title: false,
            },
            ..casualty(None, "civilians", 2, 0, 0)
        }];
        of_the_place(&mut c, None);
        assert_eq!(c[0].side.as_deref(), Some("Ukraine"));
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence: "In Israel, 63 people were treated for injuries.".into(),
                start: 0,
                end: 48,
                in_title: false,
            },
            ..casualty(None, "people", 0, 63, 0)
        }];
        of_the_place(&mut c, Some("Palestine"));
        assert_eq!(c[0].side.as_deref(), Some("Israel"));
    }

    #[test]
    fn a_toll_of_a_fight_between_two_parties_has_no_one_side() {
        assert!(between_two_parties(
            "Fighting between Ukrainian forces and pro-Russia separatists killed 7 people in Donetsk."
        ));
        assert!(!between_two_parties(
            "Fighting in Donetsk between midnight and dawn killed 7 people."
        ));
        assert!(!between_two_parties(
            "Fighting between Ukrainian units killed 7 people in Donetsk."
        ));
        // A civil war's: the country's people.
        assert!(!between_two_parties(
            "Clashes between Sudanese troops and the RSF killed 12 people in Omdurman."
        ));
        let fight = |sentence: &str, group: &str, killed: u32, at: usize| Casualty {
            evidence: Evidence {
                sentence: sentence.into(),
                start: at,
                end: at + sentence.len(),
                in_title: false,
            },
            ..casualty(None, group, killed, 0, at)
        };
        let mut c = vec![
            fight(
                "Clashes between Israeli troops and Hezbollah killed 12 people in Khiam.",
                "people",
                12,
                0,
            ),
            casualty(None, "people", 3, 30, 100),
            fight(
                "Clashes between Israeli troops and Hezbollah killed 4 civilians in Khiam.",
                "civilians",
                4,
                200,
            ),
        ];
        of_the_place(&mut c, Some("Lebanon"));
        assert_eq!(c[0].side, None);
        assert_eq!(c[1].side, None);
        // Civilians are named: of the place.
        assert_eq!(c[2].side.as_deref(), Some("Lebanon"));
    }

    #[test]
    fn fighters_take_no_side_from_a_place() {
        let mut c = vec![casualty(None, "militants", 2, 0, 0)];
        of_the_place(&mut c, Some("Mali"));
        assert_eq!(c[0].side, None);
    }

    #[test]
    fn the_headline_puts_the_event_where_it_hit() {
        let got = event_country(
            Some("Israeli airstrikes hit Yemen day after Tel Aviv drone attack"),
            "",
            &[],
            &["Israel".to_string()],
            0,
            &[],
        );
        assert_eq!(got.as_deref(), Some("Yemen"));
        let got = event_country(
            Some("Turkey launches offensive in Syria"),
            "",
            &[],
            &[],
            0,
            &[],
        );
        assert_eq!(got.as_deref(), Some("Syria"));
        // No place in the headline: the lede's target.
        let got = event_country(
            Some("Rebels say strikes killed 16"),
            "US and British strikes on Yemen killed 16 people.",
            &[],
            &["United States".to_string(), "Yemen".to_string()],
            0,
            &[],
        );
        assert_eq!(got.as_deref(), Some("Yemen"));
    }

    #[test]
    fn the_people_of_a_place_a_state_runs_are_that_states() {
        let text = "A rocket hit a village in the Israeli-controlled Golan Heights.";
        let places = Knowledge::global().places_in(text);
        let controlled = controlled_places(text, &places);
        assert_eq!(
            controlled,
            vec![("Golan Heights".to_string(), "Israel".to_string())]
        );
        let got = event_country(
            Some("Rocket kills 12 in Golan Heights"),
            "",
            &[],
            &[],
            0,
            &controlled,
        );
        assert_eq!(got.as_deref(), Some("Israel"));
        assert_eq!(
            located_country("29 people were hurt in Majdal Shams, a village in the Israeli-controlled Golan Heights").as_deref(),
            Some("Israel")
        );
        // A group's hold says nothing of whose people live there.
        assert_eq!(controlling_state("in Houthi-controlled Sanaa"), None);
    }

    #[test]
    fn soldiers_a_countrys_forces_tell_of_are_its_own() {
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence: "The Malian armed forces said that only two soldiers had died.".into(),
                start: 0,
                end: 61,
                in_title: false,
            },
            side: None,
            ..casualty(None, "soldiers", 2, 0, 0)
        }];
        of_the_speaker_or_group(&mut c, &[], &[]);
        assert_eq!(c[0].side.as_deref(), Some("Mali"));
    }

    #[test]
    fn a_figure_told_by_the_enemy_is_its_claim() {
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence:
                    "The IDF said \"20 terrorists\" were killed, most of them from Islamic Jihad."
                        .into(),
                start: 0,
                end: 74,
                in_title: false,
            },
            ..casualty(Some("Palestinian Islamic Jihad"), "militants", 20, 0, 0)
        }];
        claimed(&mut c, &[]);
        assert_eq!(c[0].claimed_by.as_deref(), Some("Israel"));
        // A group telling its own dead claims nothing.
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence: "Islamic Jihad said 20 of its fighters were killed.".into(),
                start: 0,
                end: 50,
                in_title: false,
            },
            ..casualty(Some("Palestinian Islamic Jihad"), "militants", 20, 0, 0)
        }];
        claimed(&mut c, &[]);
        assert_eq!(c[0].claimed_by, None);
        // A state's forces telling of fighters of no named side: its enemy.
        let said = |sentence: &str| {
            let mut c = vec![Casualty {
                evidence: Evidence {
                    sentence: sentence.into(),
                    start: 0,
                    end: sentence.len(),
                    in_title: false,
                },
                ..casualty(None, "militants", 35, 0, 0)
            }];
            claimed(&mut c, &[]);
            c[0].claimed_by.clone()
        };
        assert_eq!(
            said("The Nigerian army said it neutralised 35 terrorists.").as_deref(),
            Some("Nigeria")
        );
        assert_eq!(said("Police said 35 militants were killed."), None);
    }

    #[test]
    fn a_place_in_a_relative_clause_is_not_where_the_victims_were() {
        let sentence = "Ten civilians were killed in the attack claimed by the Taliban, which holds talks in Doha, Qatar.";
        let mut c = vec![Casualty {
            evidence: Evidence {
                sentence: sentence.into(),
                start: 0,
                end: sentence.len(),
                in_title: false,
            },
            ..casualty(None, "civilians", 10, 0, 0)
        }];
        of_the_place(&mut c, Some("Afghanistan"));
        assert_eq!(c[0].side.as_deref(), Some("Afghanistan"));
    }

    #[test]
    fn a_general_figure_and_its_groups_count_once() {
        let merged = counted_once(vec![
            casualty(Some("Palestine"), "people", 19, 0, 0),
            casualty(Some("Palestine"), "children", 1, 0, 20),
        ]);
        let killed: u32 = merged.iter().map(|c| c.killed).sum();
        assert_eq!(killed, 19);
        let merged = counted_once(vec![
            casualty(Some("Sudan"), "people", 4, 0, 0),
            casualty(Some("Sudan"), "protesters", 4, 80, 20),
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].killed, merged[0].injured), (4, 80));
        // Figures of one sentence are different victims.
        let merged = counted_once(vec![
            casualty(Some("Myanmar"), "people", 2, 0, 0),
            casualty(Some("Myanmar"), "civilians", 6, 0, 0),
        ]);
        assert_eq!(merged.iter().map(|c| c.killed).sum::<u32>(), 8);
    }

    #[test]
    fn attackers_dead_are_the_armed_group_and_soldiers_the_speaker() {
        let party = |name: &str| Party {
            name: name.to_string(),
            evidence: Evidence {
                sentence: String::new(),
                start: 0,
                end: 0,
                in_title: false,
            },
        };
        let mut c = vec![
            casualty(None, "militants", 4, 0, 0),
            casualty(None, "soldiers", 2, 0, 30),
        ];
        let claims = vec![Claim {
            speaker: "Mali".to_string(),
            verb: "said".to_string(),
            target: None,
            evidence: c[1].evidence.clone(),
        }];
        of_the_speaker_or_group(&mut c, &claims, &[party("Kenya"), party("Al-Shabaab")]);
        assert_eq!(c[0].side.as_deref(), Some("Al-Shabaab"));
        assert_eq!(c[1].side.as_deref(), Some("Mali"));
    }
}
