//! Totals over a period (pure): clashes and casualties per day, and killed
//! and injured by side. Sources disagree, so every sum is a range: the sum
//! of each clash's lowest figure to the sum of its highest. Nothing is
//! averaged and no figure is invented for a side a source does not name.

use chrono::NaiveDate;

use super::{Range, SideCount};

/// One clash as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashPoint {
    pub date: NaiveDate,
    pub killed: Range,
    pub injured: Range,
    /// Per source, its figures by side.
    pub sources: Vec<Vec<SideCount>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayStats {
    pub clashes: u32,
    pub killed: Range,
    pub injured: Range,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideTotals {
    pub side: String,
    /// Clashes in which some source gives this side a figure.
    pub clashes: u32,
    pub killed: Range,
    pub injured: Range,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub clashes: u32,
    pub killed: Range,
    pub injured: Range,
    /// Every day from `from` to `to`, empty days included (a chart needs them).
    pub days: Vec<(NaiveDate, DayStats)>,
    /// Most killed first.
    pub sides: Vec<SideTotals>,
}

impl Stats {
    pub fn is_empty(&self) -> bool {
        self.clashes == 0
    }
}

fn add(into: &mut Range, r: Range) {
    into.min = into.min.saturating_add(r.min);
    into.max = into.max.saturating_add(r.max);
}

/// Per side, the range over the sources that name that side.
fn side_ranges(sources: &[Vec<SideCount>]) -> Vec<(String, Range, Range)> {
    let mut out: Vec<(String, Range, Range)> = Vec::new();
    for source in sources {
        for s in source {
            match out.iter_mut().find(|(name, _, _)| *name == s.side) {
                Some((_, k, i)) => {
                    k.min = k.min.min(s.killed);
                    k.max = k.max.max(s.killed);
                    i.min = i.min.min(s.injured);
                    i.max = i.max.max(s.injured);
                }
                None => out.push((
                    s.side.clone(),
                    Range::exact(s.killed),
                    Range::exact(s.injured),
                )),
            }
        }
    }
    out
}

/// Most killed first, then most injured, then by name: the order people read.
fn sort_sides(sides: &mut [SideTotals]) {
    sides.sort_by(|a, b| {
        (b.killed.max, b.injured.max, &a.side).cmp(&(a.killed.max, a.injured.max, &b.side))
    });
}

/// Statistics from totals already summed per day and per side (the store's
/// rollup): the same [`Stats`] as [`compute`] gives for those clashes. Days
/// outside `from..=to` are ignored; missing days are empty.
pub fn from_totals(
    from: NaiveDate,
    to: NaiveDate,
    totals: Vec<(NaiveDate, DayStats)>,
    mut sides: Vec<SideTotals>,
) -> Stats {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let mut days: Vec<(NaiveDate, DayStats)> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, DayStats::default()))
        .collect();
    let mut stats = Stats {
        from,
        to,
        clashes: 0,
        killed: Range::default(),
        injured: Range::default(),
        days: Vec::new(),
        sides: Vec::new(),
    };
    for (date, total) in totals {
        let Ok(i) = usize::try_from((date - from).num_days()) else {
            continue;
        };
        let Some((_, day)) = days.get_mut(i) else {
            continue;
        };
        day.clashes = day.clashes.saturating_add(total.clashes);
        add(&mut day.killed, total.killed);
        add(&mut day.injured, total.injured);
        stats.clashes = stats.clashes.saturating_add(total.clashes);
        add(&mut stats.killed, total.killed);
        add(&mut stats.injured, total.injured);
    }
    sides.retain(|s| s.clashes > 0);
    sort_sides(&mut sides);
    stats.days = days;
    stats.sides = sides;
    stats
}

/// Statistics of the clashes dated `from..=to`; clashes outside are ignored.
pub fn compute(from: NaiveDate, to: NaiveDate, clashes: &[ClashPoint]) -> Stats {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let mut days: Vec<(NaiveDate, DayStats)> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| (d, DayStats::default()))
        .collect();
    let mut stats = Stats {
        from,
        to,
        clashes: 0,
        killed: Range::default(),
        injured: Range::default(),
        days: Vec::new(),
        sides: Vec::new(),
    };
    for c in clashes {
        if c.date < from || c.date > to {
            continue;
        }
        let Ok(i) = usize::try_from((c.date - from).num_days()) else {
            continue;
        };
        if let Some((_, day)) = days.get_mut(i) {
            day.clashes += 1;
            add(&mut day.killed, c.killed);
            add(&mut day.injured, c.injured);
        }
        stats.clashes += 1;
        add(&mut stats.killed, c.killed);
        add(&mut stats.injured, c.injured);
        for (side, killed, injured) in side_ranges(&c.sources) {
            let slot = match stats.sides.iter().position(|s| s.side == side) {
                Some(i) => i,
                None => {
                    stats.sides.push(SideTotals {
                        side,
                        clashes: 0,
                        killed: Range::default(),
                        injured: Range::default(),
                    });
                    stats.sides.len() - 1
                }
            };
            let s = &mut stats.sides[slot];
            s.clashes += 1;
            add(&mut s.killed, killed);
            add(&mut s.injured, injured);
        }
    }
    sort_sides(&mut stats.sides);
    stats.days = days;
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn side(name: &str, killed: u32, injured: u32) -> SideCount {
        SideCount {
            side: name.into(),
            killed,
            injured,
        }
    }

    fn range(min: u32, max: u32) -> Range {
        Range { min, max }
    }

    #[test]
    fn sums_ranges_per_day_and_side() {
        let clashes = vec![
            ClashPoint {
                date: d("2023-09-01"),
                killed: range(0, 4),
                injured: range(3, 4),
                sources: vec![
                    vec![side("Armenia", 4, 1), side("Azerbaijan", 0, 3)],
                    vec![side("Azerbaijan", 0, 3)],
                ],
            },
            ClashPoint {
                date: d("2023-09-01"),
                killed: Range::exact(2),
                injured: Range::exact(0),
                sources: vec![vec![side("Armenia", 2, 0)]],
            },
            ClashPoint {
                date: d("2023-09-03"),
                killed: Range::exact(1),
                injured: Range::exact(0),
                sources: vec![vec![side("Unknown side", 1, 0)]],
            },
            // Outside the period.
            ClashPoint {
                date: d("2023-08-20"),
                killed: Range::exact(50),
                injured: Range::exact(0),
                sources: vec![vec![side("Armenia", 50, 0)]],
            },
        ];
        let s = compute(d("2023-09-01"), d("2023-09-04"), &clashes);
        assert_eq!(s.clashes, 3);
        assert_eq!(s.killed, range(3, 7));
        assert_eq!(s.injured, range(3, 4));
        assert_eq!(s.days.len(), 4);
        assert_eq!(s.days[0].1.clashes, 2);
        assert_eq!(s.days[0].1.killed, range(2, 6));
        assert_eq!(s.days[1].1, DayStats::default());
        assert_eq!(s.days[2].1.killed, Range::exact(1));
        let names: Vec<&str> = s.sides.iter().map(|s| s.side.as_str()).collect();
        assert_eq!(names, ["Armenia", "Unknown side", "Azerbaijan"]);
        assert_eq!(s.sides[0].killed, Range::exact(6));
        assert_eq!(s.sides[0].clashes, 2);
        assert_eq!(s.sides[2].injured, Range::exact(3));
    }

    #[test]
    fn sources_that_differ_on_a_side_give_a_range() {
        let clashes = vec![ClashPoint {
            date: d("2024-01-10"),
            killed: range(3, 5),
            injured: Range::exact(0),
            sources: vec![vec![side("Mali", 3, 0)], vec![side("Mali", 5, 0)]],
        }];
        let s = compute(d("2024-01-01"), d("2024-01-30"), &clashes);
        assert_eq!(s.sides[0].killed, range(3, 5));
        assert_eq!(s.days.len(), 30);
    }

    #[test]
    fn empty_period() {
        let s = compute(d("2024-01-05"), d("2024-01-01"), &[]);
        assert!(s.is_empty());
        assert_eq!(s.from, d("2024-01-01"));
        assert_eq!(s.days.len(), 5);
    }
}
