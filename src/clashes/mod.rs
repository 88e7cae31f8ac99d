//! Clash events (pure): what one or more articles about the same fighting
//! say, reconciled openly. Each article's figures stay with it; the headline
//! shows a range when sources differ, never an average.

pub mod merge;
pub mod stats;

use chrono::NaiveDate;

pub use merge::EventKey;
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::facts::Facts;

/// The headline view of a clash, as stored and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClashSummary {
    pub event_date: Option<NaiveDate>,
    pub title: String,
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    pub parties: Vec<String>,
    pub places: Vec<String>,
    pub killed: Range,
    pub injured: Range,
    /// The first source's URL.
    pub url: String,
    /// Salient words of its sources (see `merge::salient_terms`).
    #[serde(default)]
    pub terms: Vec<String>,
}

/// Lowest and highest figure any source gives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl Range {
    pub fn exact(n: u32) -> Range {
        Range { min: n, max: n }
    }

    /// "4" or "3–5".
    pub fn display(&self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}–{}", self.min, self.max)
        }
    }
}

impl ClashSummary {
    /// The summary a single clash article gives.
    pub fn from_article(url: &str, article: &Article, facts: &Facts) -> ClashSummary {
        let places: Vec<String> = facts.locations.iter().map(|l| l.name.clone()).collect();
        let terms = merge::terms_beyond_places(
            merge::salient_terms(&article.text),
            &places,
            &facts.countries,
        );
        ClashSummary {
            event_date: facts.event_date.or(article.published),
            title: article.title.clone().unwrap_or_else(|| url.to_string()),
            countries: facts.countries.clone(),
            regions: facts.regions.clone(),
            parties: facts
                .parties
                .belligerents
                .iter()
                .map(|p| p.name.clone())
                .collect(),
            places,
            killed: Range::exact(facts.totals.killed),
            injured: Range::exact(facts.totals.injured),
            url: url.to_string(),
            terms,
        }
    }
}

impl ClashSummary {
    /// What merging compares.
    pub fn key(&self) -> EventKey {
        EventKey {
            date: self.event_date,
            parties: self.parties.clone(),
            places: self.places.clone(),
            countries: self.countries.clone(),
            terms: self.terms.clone(),
        }
    }
}

/// One source of a clash with its own figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFigures {
    /// Site name, else the host.
    pub site: String,
    pub url: String,
    pub killed: u32,
    pub injured: u32,
    /// Who the article says gave the figures ("Armenia" for "Armenia's
    /// Defense Ministry reported..."), when it says.
    pub attribution: Option<String>,
    /// Its figures by side.
    pub sides: Vec<SideCount>,
}

/// What one source says one side lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideCount {
    pub side: String,
    pub killed: u32,
    pub injured: u32,
}

/// Name of the part of a toll no side is given for.
pub const NO_SIDE: &str = "Side not given";

/// An article's toll by side: its entries summed per side (facts gives one
/// entry per side and group, repeated mentions of the same victims counted
/// once, and one per part of a story told place by place — different
/// victims);
/// what the totals hold beyond the named sides goes to [`NO_SIDE`], so the
/// sides always add up to the article's totals, never more.
pub fn side_counts(facts: &Facts) -> Vec<SideCount> {
    let mut groups: Vec<(&str, Option<&str>, u32, u32)> = Vec::new();
    for c in &facts.casualties {
        let Some(side) = c.side.as_deref() else {
            continue;
        };
        let group = c.group.as_deref();
        match groups
            .iter_mut()
            .find(|(s, g, _, _)| *s == side && *g == group)
        {
            Some((_, _, k, i)) => {
                *k = (*k).saturating_add(c.killed);
                *i = (*i).saturating_add(c.injured);
            }
            None => groups.push((side, group, c.killed, c.injured)),
        }
    }
    let mut out: Vec<SideCount> = Vec::new();
    for (side, _, killed, injured) in groups {
        match out.iter_mut().find(|s| s.side == side) {
            Some(s) => {
                s.killed = s.killed.saturating_add(killed);
                s.injured = s.injured.saturating_add(injured);
            }
            None => out.push(SideCount {
                side: side.to_string(),
                killed,
                injured,
            }),
        }
    }
    // Never more than the article's own totals.
    let mut left_killed = facts.totals.killed;
    let mut left_injured = facts.totals.injured;
    for s in &mut out {
        s.killed = s.killed.min(left_killed);
        s.injured = s.injured.min(left_injured);
        left_killed -= s.killed;
        left_injured -= s.injured;
    }
    out.retain(|s| s.killed > 0 || s.injured > 0);
    if left_killed > 0 || left_injured > 0 {
        out.push(SideCount {
            side: NO_SIDE.to_string(),
            killed: left_killed,
            injured: left_injured,
        });
    }
    out
}

impl SourceFigures {
    pub fn from_article(url: &str, article: &Article, facts: &Facts) -> SourceFigures {
        let site = article
            .site
            .clone()
            .or_else(|| {
                url::Url::parse(url).ok().and_then(|u| {
                    u.host_str()
                        .map(|h| h.trim_start_matches("www.").to_string())
                })
            })
            .unwrap_or_else(|| url.to_string());
        SourceFigures {
            site,
            url: url.to_string(),
            killed: facts.totals.killed,
            injured: facts.totals.injured,
            attribution: attribution(facts),
            sides: side_counts(facts),
        }
    }

    fn label(&self) -> String {
        match &self.attribution {
            Some(who) => format!("{who}, via {}", self.site),
            None => self.site.clone(),
        }
    }
}

/// The speaker of the statement the main casualty figure comes from.
fn attribution(facts: &Facts) -> Option<String> {
    let main = facts
        .casualties
        .iter()
        .max_by_key(|c| c.killed.saturating_add(c.injured))?;
    facts
        .claims
        .iter()
        .find(|c| c.evidence.start == main.evidence.start && c.evidence.end == main.evidence.end)
        .map(|c| c.speaker.clone())
}

/// The range of one figure over the sources.
pub fn range_of(sources: &[SourceFigures], figure: impl Fn(&SourceFigures) -> u32) -> Range {
    let mut values = sources.iter().map(&figure);
    let Some(first) = values.next() else {
        return Range::default();
    };
    values.fold(Range::exact(first), |r, v| Range {
        min: r.min.min(v),
        max: r.max.max(v),
    })
}

/// Who says what, when the sources differ on a figure: "4 per Armenia, via
/// Caucasus Wire; 0 per Baku Daily". `None` when they agree: the figure
/// speaks for itself. Never an average.
pub fn who_says(
    sources: &[SourceFigures],
    figure: impl Fn(&SourceFigures) -> u32,
) -> Option<String> {
    let r = range_of(sources, &figure);
    if r.min == r.max {
        return None;
    }
    let mut parts: Vec<(u32, String)> = Vec::new();
    for s in sources {
        let v = figure(s);
        match parts.iter_mut().find(|(n, _)| *n == v) {
            Some((_, who)) => {
                who.push_str(", ");
                who.push_str(&s.label());
            }
            None => parts.push((v, s.label())),
        }
    }
    parts.sort_by_key(|p| std::cmp::Reverse(p.0));
    Some(
        parts
            .iter()
            .map(|(n, who)| format!("{n} per {who}"))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Short ids people can type: the row id scrambled by a bijection modulo
/// 36^6 (multiplying by a number coprime to 36), written in base 36. Unique
/// for the first two billion clashes, and not guessable as a sequence.
pub fn short_id(id: i64) -> String {
    const SPACE: u64 = 36u64.pow(6);
    const MULTIPLIER: u64 = 1_000_003; // prime, so coprime to 36
    let mut n = (id.unsigned_abs() % SPACE) * MULTIPLIER % SPACE;
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn side_counts_add_up_to_the_totals() {
        let text = "Armenia's Defense Ministry reported that four of its soldiers were killed and \
                    another was injured. Three Azerbaijani soldiers were wounded, Baku said. \
                    Four Armenian soldiers were killed in the shelling.";
        let facts = crate::facts::extract(&crate::facts::FactsInput {
            title: None,
            text,
            published: None,
            page_dates: &[],
        });
        let sides = side_counts(&facts);
        let get = |name: &str| sides.iter().find(|s| s.side == name).cloned();
        // The repeated four are counted once.
        let armenia = get("Armenia").expect("Armenia");
        assert_eq!((armenia.killed, armenia.injured), (4, 1));
        let azerbaijan = get("Azerbaijan").expect("Azerbaijan");
        assert_eq!((azerbaijan.killed, azerbaijan.injured), (0, 3));
        let killed: u32 = sides.iter().map(|s| s.killed).sum();
        let injured: u32 = sides.iter().map(|s| s.injured).sum();
        assert_eq!(
            (killed, injured),
            (facts.totals.killed, facts.totals.injured)
        );
    }

    #[test]
    fn side_counts_add_the_parts_of_a_round_up() {
        let text = "Israeli strikes killed at least 12 people across Gaza on Monday, health \
                    officials said. Seven people were killed in a strike on a house in Rafah.\n\n\
                    Another airstrike hit a school, killing three people.\n\n\
                    Two people were killed when a drone struck a car in Gaza City.";
        let facts = crate::facts::extract(&crate::facts::FactsInput {
            title: Some("Strikes across Gaza kill at least 12"),
            text,
            published: None,
            page_dates: &[],
        });
        let sides = side_counts(&facts);
        let killed: u32 = sides.iter().map(|s| s.killed).sum();
        assert_eq!(killed, 12);
        assert!(sides.iter().all(|s| s.side != NO_SIDE), "{sides:?}");
    }

    #[test]
    fn short_ids_are_unique_and_short() {
        let ids: HashSet<String> = (1..20_000).map(short_id).collect();
        assert_eq!(ids.len(), 19_999);
        assert!(ids.iter().all(|s| s.len() == 6));
    }

    fn source(site: &str, killed: u32, who: Option<&str>) -> SourceFigures {
        SourceFigures {
            site: site.into(),
            url: format!("https://{site}/a"),
            killed,
            injured: 1,
            attribution: who.map(str::to_string),
            sides: Vec::new(),
        }
    }

    #[test]
    fn sources_that_agree_give_one_figure() {
        let s = [source("a.example", 4, None), source("b.example", 4, None)];
        assert_eq!(range_of(&s, |s| s.killed), Range::exact(4));
        assert_eq!(who_says(&s, |s| s.killed), None);
    }

    #[test]
    fn sources_that_differ_give_a_range_and_who_says_what() {
        let s = [
            source("Wire", 4, Some("Armenia")),
            source("Daily", 0, Some("Azerbaijan")),
            source("Post", 4, None),
        ];
        assert_eq!(range_of(&s, |s| s.killed), Range { min: 0, max: 4 });
        assert_eq!(
            who_says(&s, |s| s.killed).as_deref(),
            Some("4 per Armenia, via Wire, Post; 0 per Azerbaijan, via Daily")
        );
    }

    #[test]
    fn range_display() {
        assert_eq!(Range::exact(4).display(), "4");
        assert_eq!(Range { min: 3, max: 5 }.display(), "3–5");
    }
}
