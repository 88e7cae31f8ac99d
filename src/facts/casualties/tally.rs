//! From the figures of every sentence to the event's toll: one entry per
//! side and group, victims counted once, the wounded bounded by the headline.

use super::*;
use crate::facts::numbers::SaturatingSum;

pub(super) fn assemble(mut figures: Vec<SentenceFigures>) -> Extracted {
    let mut out = Extracted::default();
    resolve_self_shooters(&mut figures);
    for (n, f) in figures.iter_mut().enumerate() {
        for m in f.mentions.iter_mut() {
            m.sentence = n;
        }
    }
    let parts = Parted::of(&figures);
    for f in &figures {
        // One entry per side, group and status in a sentence: "four of its soldiers
        // were killed and another was injured" is one entry, 4 killed 1 injured.
        type Entry = (
            Option<String>,
            Option<&'static str>,
            Option<&'static str>,
            u32,
            u32,
            bool,
        );
        let mut entries: Vec<Entry> = Vec::new();
        for m in f.mentions.iter().filter(|m| !m.among_counted) {
            let (k, i) = match m.outcome {
                Outcome::Killed => (m.value, 0),
                Outcome::Injured | Outcome::Shot => (0, m.value),
            };
            // The whole event's figure of a story told place by place is
            // its total, kept in `totals`: the entries are the parts.
            let whole = f.part.is_none() && m.background.is_none();
            if whole && ((k > 0 && parts.killed) || (i > 0 && parts.injured)) {
                continue;
            }
            match entries
                .iter_mut()
                .find(|e| e.0 == m.side && e.1 == m.group && e.2 == m.background)
            {
                Some(e) => {
                    e.3 = e.3.saturating_add(k);
                    e.4 = e.4.saturating_add(i);
                    e.5 |= m.approximate;
                }
                None => entries.push((m.side.clone(), m.group, m.background, k, i, m.approximate)),
            }
        }
        for (side, group, background, killed, injured, approximate) in entries {
            match background {
                Some(why) => out.background.push(BackgroundFigure {
                    killed,
                    injured,
                    approximate,
                    why: why.to_string(),
                    evidence: f.evidence.clone(),
                }),
                None => {
                    out.casualties.push(super::Casualty {
                        side,
                        group: group.map(str::to_string),
                        killed,
                        injured,
                        approximate,
                        claimed_by: None,
                        evidence: f.evidence.clone(),
                    });
                    out.parts.push(f.part.filter(|_| parts.any()));
                }
            }
        }
    }
    enumerations(&mut figures);
    named_dead_not_hurt(&mut figures);
    let counted: Vec<&Mention> = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .filter(|m| !m.part_of && m.background.is_none())
        .collect();
    let killed = title_or_body_toll(&figures, &counted, |o| o == Outcome::Killed);
    let injured = toll(&counted, |o| o == Outcome::Injured);
    let shot = toll(&counted, |o| o == Outcome::Shot);
    // People shot and not killed are injured; the shooter's own death is
    // not one of the people shot.
    let shot_and_killed: Vec<&Mention> = counted
        .iter()
        .copied()
        .filter(|m| m.name.as_deref() != Some(SHOOTER))
        .collect();
    let victims_killed = toll(&shot_and_killed, |o| o == Outcome::Killed);
    let injured = injured.max(shot.saturating_sub(victims_killed));
    let (killed, injured) = headline_bounds(&figures, &counted, killed, injured);
    // A story told place by place: its toll is the parts' sum, or the whole
    // when that is larger (a part left untold).
    let killed = if parts.killed {
        killed.max(parts.toll(&figures, &counted, |o| o == Outcome::Killed))
    } else {
        killed
    };
    let injured = if parts.injured {
        injured.max(parts.toll(&figures, &counted, |o| o != Outcome::Killed))
    } else {
        injured
    };
    let killed = stated_total(&counted, Outcome::Killed).unwrap_or(killed);
    let injured = stated_total(&counted, Outcome::Injured).unwrap_or(injured);
    out.totals = Totals { killed, injured };
    out
}

/// Whether the story tells the event place by place (two parts or more with
/// figures of the event), and which outcomes its parts count.
struct Parted {
    keys: Vec<usize>,
    killed: bool,
    injured: bool,
}

impl Parted {
    fn of(figures: &[SentenceFigures]) -> Parted {
        let mut keys: Vec<usize> = Vec::new();
        let (mut killed, mut injured) = (false, false);
        for f in figures {
            let Some(part) = f.part else { continue };
            for m in f.mentions.iter().filter(|m| m.background.is_none()) {
                if !keys.contains(&part) {
                    keys.push(part);
                }
                killed |= m.outcome == Outcome::Killed;
                injured |= m.outcome != Outcome::Killed;
            }
        }
        if keys.len() < 2 {
            return Parted {
                keys: Vec::new(),
                killed: false,
                injured: false,
            };
        }
        Parted {
            keys,
            killed,
            injured,
        }
    }

    fn any(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The parts' tolls added up, each part's victims counted once.
    fn toll(
        &self,
        figures: &[SentenceFigures],
        counted: &[&Mention],
        want: impl Fn(Outcome) -> bool + Copy,
    ) -> u32 {
        self.keys
            .iter()
            .map(|&key| {
                let of_part: Vec<&Mention> = counted
                    .iter()
                    .copied()
                    .filter(|m| figures.get(m.sentence).is_some_and(|f| f.part == Some(key)))
                    .collect();
                toll(&of_part, want)
            })
            .saturating_sum()
    }
}

/// A round-up's toll stated in the lede ("At least 23 killed in separate
/// attacks"), the largest when headline and lede both state one: the parts
/// told further down are inside it, never added to it.
fn stated_total(counted: &[&Mention], outcome: Outcome) -> Option<u32> {
    counted
        .iter()
        .filter(|m| m.stated_total && m.outcome == outcome && !m.additive)
        .map(|m| m.value)
        .max()
}

/// The dead the headline counts are the body's dead told again ("ISIL
/// claims attack that killed two dozen fighters" over "Twenty-seven members
/// of the PMF were killed"), even when the two name them differently: the
/// larger of the headline's toll and the body's, never their sum.
fn title_or_body_toll(
    figures: &[SentenceFigures],
    counted: &[&Mention],
    want: impl Fn(Outcome) -> bool + Copy,
) -> u32 {
    let in_title = |m: &&Mention| figures.get(m.sentence).is_some_and(|f| f.evidence.in_title);
    let (title, body): (Vec<&Mention>, Vec<&Mention>) = counted.iter().copied().partition(in_title);
    if title.iter().any(|m| want(m.outcome)) && body.iter().any(|m| want(m.outcome)) {
        toll(&title, want).max(toll(&body, want))
    } else {
        toll(counted, want)
    }
}

/// "5 shot, 1 killed at bus stop" over a body that also tells of other
/// shootings, of victims counted twice or of figures from elsewhere: the
/// headline gives the toll of the event the article is about, and the event's
/// wounded are at most the headline's. Only a headline figure told with a
/// number, and told again in the body, bounds ("Man shot" says nothing of
/// how many).
pub(super) fn headline_bounds(
    figures: &[SentenceFigures],
    counted: &[&Mention],
    killed: u32,
    injured: u32,
) -> (u32, u32) {
    let headline: Vec<&Mention> = counted
        .iter()
        .copied()
        .filter(|m| figures.get(m.sentence).is_some_and(|f| f.evidence.in_title))
        .collect();
    // The headline's figure must be told again in the body ("Four people
    // were shot"): a headline read wrong ("2 teens, man wounded" read as 2)
    // bounds nothing.
    let bound = |want: &dyn Fn(Outcome) -> bool, total: u32| {
        let counted_figure =
            |m: &&Mention| want(m.outcome) && !m.additive && (m.explicit || m.value > 1);
        if !headline.iter().any(counted_figure) {
            return total;
        }
        let figure = toll(&headline, want);
        let told_again = counted.iter().any(|m| {
            counted_figure(m)
                && m.value == figure
                && figures
                    .get(m.sentence)
                    .is_some_and(|f| !f.evidence.in_title)
        });
        if told_again {
            total.min(figure)
        } else {
            total
        }
    };
    // Deaths are not bounded: a headline counts the victims, and the
    // shooter who then died comes on top ("Man kills daughter, himself").
    (killed, bound(&|o| o != Outcome::Killed, injured))
}

/// "Acen was hurt ... Acen died": a person named among the dead is not also
/// among the wounded.
pub(super) fn named_dead_not_hurt(figures: &mut [SentenceFigures]) {
    let dead: Vec<String> = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .filter(|m| m.outcome == Outcome::Killed && m.background.is_none())
        .filter_map(|m| m.name.clone())
        .filter(|n| n != SHOOTER && n != CHILD_SELF)
        .collect();
    if dead.is_empty() {
        return;
    }
    for m in figures.iter_mut().flat_map(|f| f.mentions.iter_mut()) {
        if m.outcome != Outcome::Killed
            && m.value == 1
            && m.name.as_ref().is_some_and(|n| dead.contains(n))
        {
            m.part_of = true;
        }
    }
}

/// "Five people were shot. A 32-year-old was shot in the head ... Another
/// 20-year-old was shot in the arm": once a figure for an outcome is given,
/// "another" goes through the victims it counts, one by one, and adds no one.
/// It adds one only right after a figure of its own outcome ("Two men were
/// shot. Another man was shot in the leg"), or after a lone victim of its own
/// outcome when no figure was given ("A man was shot in the arm. Another man
/// was shot in the leg"). After victims of the other outcome ("killed four
/// people. Another person was wounded") it means one beyond those: the first
/// of its own outcome, or one of those its figure counts. The victims it
/// names are then at least the ones listed so far.
pub(super) fn enumerations(figures: &mut [SentenceFigures]) {
    let class = |o: Outcome| usize::from(o != Outcome::Killed);
    let mut figure_seen = [false; 2];
    let mut listed = [0u32; 2];
    // Class of the previous victim phrase, and whether it was a figure.
    let mut previous: Option<(usize, bool)> = None;
    for f in figures.iter_mut() {
        let mut single_here = [false; 2];
        for m in f.mentions.iter_mut() {
            if m.part_of || m.background.is_some() {
                continue;
            }
            let c = class(m.outcome);
            let figure = !m.additive && (m.value > 1 || m.explicit);
            // "one woman was shot in the head and another in the abdomen":
            // after "one", "another" is the second.
            let plural = !m.additive && m.value > 1;
            if m.additive && m.one_more && figure_seen[c] {
                // One of the victims the figure counts, listed with another.
                m.additive = false;
            } else if m.additive {
                let adds = match previous {
                    Some((p, was_figure)) if p == c => was_figure || !figure_seen[c],
                    _ => false,
                };
                if !adds {
                    listed[c] = listed[c].saturating_add(m.value);
                    m.additive = false;
                    m.value = listed[c];
                }
            } else if figure {
                figure_seen[c] = true;
                listed[c] = 0;
            } else if !single_here[c] {
                single_here[c] = true;
                listed[c] = listed[c].saturating_add(1);
            }
            previous = Some((c, plural));
        }
    }
}

/// The event's toll for one outcome: per side and group the largest figure
/// (plus figures given as "another"), summed over groups; generic figures
/// ("people") overlap the groups, so the larger of the two counts.
pub(super) fn toll(mentions: &[&Mention], want: impl Fn(Outcome) -> bool) -> u32 {
    // The shooter's own death comes on top of the victims, once.
    let shooter = mentions
        .iter()
        .any(|m| want(m.outcome) && m.name.as_deref() == Some(SHOOTER));
    let others: Vec<&Mention> = mentions
        .iter()
        .copied()
        .filter(|m| m.name.as_deref() != Some(SHOOTER))
        .collect();
    victims_toll(&others, &want).saturating_add(u32::from(shooter))
}

/// Name given to the shooter's own death, kept apart from the victims.
pub(super) const SHOOTER: &str = "(shooter)";

/// Name given to a young child's or an accidental self-inflicted shot: the
/// one who shot himself is the victim, so every "shot himself" of the article
/// is that victim, not a shooter on top of one.
pub(super) const CHILD_SELF: &str = "(child self)";

/// When any sentence shows the one who shot themself is a young child, the
/// article's other "shot himself" mentions are that child too.
pub(super) fn resolve_self_shooters(figures: &mut [SentenceFigures]) {
    let child = figures
        .iter()
        .flat_map(|f| f.mentions.iter())
        .any(|m| m.name.as_deref() == Some(CHILD_SELF));
    for m in figures.iter_mut().flat_map(|f| f.mentions.iter_mut()) {
        let own = matches!(m.name.as_deref(), Some(SHOOTER) | Some(CHILD_SELF));
        if own && child {
            m.name = None;
            if m.group == Some("militants") {
                m.group = Some(GENERIC);
            }
        } else if own {
            m.name = Some(SHOOTER.to_string());
        }
    }
}

pub(super) fn victims_toll(mentions: &[&Mention], want: &impl Fn(Outcome) -> bool) -> u32 {
    struct Bucket<'a> {
        side: Option<&'a str>,
        group: Option<&'static str>,
        max: u32,
        extra: u32,
    }
    let mut buckets: Vec<Bucket> = Vec::new();
    let mut generic_max = 0u32;
    let mut generic_extra = 0u32;
    for m in mentions.iter().filter(|m| want(m.outcome)) {
        let generic = m.side.is_none() && m.group.is_none_or(|g| person_groups().contains(&g));
        if generic {
            if m.additive {
                generic_extra = generic_extra.saturating_add(m.value);
            } else {
                generic_max = generic_max.max(m.value);
            }
            continue;
        }
        let side = m.side.as_deref();
        let pos = buckets
            .iter()
            .position(|b| b.side == side && b.group == m.group);
        let b = match pos {
            Some(p) => &mut buckets[p],
            None => {
                buckets.push(Bucket {
                    side,
                    group: m.group,
                    max: 0,
                    extra: 0,
                });
                let last = buckets.len() - 1;
                &mut buckets[last]
            }
        };
        if m.additive {
            b.extra = b.extra.saturating_add(m.value);
        } else {
            b.max = b.max.max(m.value);
        }
    }
    // A group without a side is the same victims as that group with a side
    // when only one side has it ("three Azerbaijani soldiers ... the soldiers").
    // Figures told as more ("In addition, two suicide bombers") add to the
    // group's largest figure, whichever of the two tells the side.
    buckets.sort_by_key(|b| b.side.is_none());
    let mut merged: Vec<(Option<&str>, Option<&'static str>, u32, u32)> = Vec::new();
    for b in &buckets {
        if b.side.is_none() {
            let sided: Vec<usize> = merged
                .iter()
                .enumerate()
                .filter(|(_, e)| e.0.is_some() && e.1 == b.group)
                .map(|(i, _)| i)
                .collect();
            if sided.len() == 1 {
                let e = &mut merged[sided[0]];
                e.2 = e.2.max(b.max);
                e.3 = e.3.saturating_add(b.extra);
                continue;
            }
        }
        merged.push((b.side, b.group, b.max, b.extra));
    }
    let specific: u32 = merged
        .iter()
        .map(|e| e.2.saturating_add(e.3))
        .saturating_sum();
    // Figures sharing one outcome word add up to one clause total.
    let mut clauses: Vec<((usize, usize), u32)> = Vec::new();
    for m in mentions.iter().filter(|m| want(m.outcome) && !m.additive) {
        match clauses.iter_mut().find(|c| c.0 == (m.sentence, m.verb)) {
            Some(c) => c.1 = c.1.saturating_add(m.value),
            None => clauses.push(((m.sentence, m.verb), m.value)),
        }
    }
    let clause_max = clauses.iter().map(|c| c.1).max().unwrap_or(0);
    // Victims named differently are different people.
    let mut names: Vec<&str> = mentions
        .iter()
        .filter(|m| want(m.outcome))
        .filter_map(|m| m.name.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    let clause_max = clause_max.max(names.len().try_into().unwrap_or(u32::MAX));
    // "three were killed. In addition, two ISIS bombers blew themselves up":
    // a group told only as more is on top of the people told before.
    let only_more: u32 = merged
        .iter()
        .filter(|e| e.2 == 0)
        .map(|e| e.3)
        .saturating_sum();
    specific.max(
        generic_max
            .max(clause_max)
            .saturating_add(generic_extra)
            .saturating_add(only_more),
    )
}
