//! Clash events (pure): what one or more articles about the same fighting
//! say, reconciled openly. Each article's figures stay with it; the headline
//! shows a range when sources differ, never an average.

use chrono::NaiveDate;
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
            places: facts.locations.iter().map(|l| l.name.clone()).collect(),
            killed: Range::exact(facts.totals.killed),
            injured: Range::exact(facts.totals.injured),
            url: url.to_string(),
        }
    }
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
    fn short_ids_are_unique_and_short() {
        let ids: HashSet<String> = (1..20_000).map(short_id).collect();
        assert_eq!(ids.len(), 19_999);
        assert!(ids.iter().all(|s| s.len() == 6));
    }

    #[test]
    fn range_display() {
        assert_eq!(Range::exact(4).display(), "4");
        assert_eq!(Range { min: 3, max: 5 }.display(), "3–5");
    }
}
