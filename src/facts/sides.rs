//! Whose victims: the sides the casualty reader could not read from the
//! victim phrase itself, figures one side claims about another, and one
//! entry per side and group.

use super::knowledge::{Knowledge, PartyKind};
use super::{Casualty, Claim, Location};

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

/// "Russian shelling killed two civilians in Kherson": victims the text
/// names no party for, of a group that lives where it was hit, belong to the
/// country of the place their sentence names, else of the event's first
/// place, else of the article's first country. The attacker's demonym
/// ("Russian shelling") is never the victims' side: it is not in the victim
/// phrase, so the casualty reader left the side empty.
pub fn of_the_place(casualties: &mut [Casualty], locations: &[Location], countries: &[String]) {
    let knowledge = Knowledge::global();
    let event_country = locations
        .iter()
        .find_map(|l| l.country.clone())
        .or_else(|| countries.first().cloned());
    for c in casualties.iter_mut() {
        if c.side.is_some()
            || !c
                .group
                .as_deref()
                .is_some_and(|g| OF_THE_PLACE.contains(&g))
        {
            continue;
        }
        let here = knowledge
            .places_in(&c.evidence.sentence)
            .into_iter()
            .find_map(|p| p.country);
        c.side = here.or_else(|| event_country.clone());
    }
}

/// A figure told by a party about another's losses ("The IDF said 20
/// terrorists were killed") keeps who claims it. A party telling its own
/// losses, or a ministry, a hospital or a monitor (no armed party), claims
/// nothing about an enemy.
pub fn claimed(casualties: &mut [Casualty], claims: &[Claim]) {
    let knowledge = Knowledge::global();
    for c in casualties.iter_mut() {
        let Some(side) = c.side.as_deref() else {
            continue;
        };
        let Some(claim) = claims.iter().find(|k| {
            k.evidence.start == c.evidence.start
                && k.evidence.end == c.evidence.end
                && k.evidence.in_title == c.evidence.in_title
        }) else {
            continue;
        };
        let speaker = claim.speaker.as_str();
        let armed = matches!(
            knowledge.party_kind(speaker),
            Some(PartyKind::Country | PartyKind::Group)
        );
        // A group's claim about its own country's people is its own side's.
        let same = speaker == side || knowledge.party_country(speaker) == Some(side);
        if armed && !same {
            c.claimed_by = Some(speaker.to_string());
        }
    }
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
        let slot = match best.iter().position(|b| b.0 == c.side && b.1 == c.group) {
            Some(p) => p,
            None => {
                best.push((c.side.clone(), c.group.clone(), None, None));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Evidence;

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
        of_the_place(&mut c, &[], &[]);
        assert_eq!(c[0].side.as_deref(), Some("Ukraine"));
    }

    #[test]
    fn fighters_take_no_side_from_a_place() {
        let mut c = vec![casualty(None, "militants", 2, 0, 0)];
        of_the_place(&mut c, &[], &["Mali".to_string()]);
        assert_eq!(c[0].side, None);
    }
}
