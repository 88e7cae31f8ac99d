//! Clustering quality: precision and recall of "same clash" on article
//! pairs built from the fact extractor's output over the shared eval data.
//!
//! Run: `cargo run --release --example cluster_eval -- ../shared/eval/facts/gva-dev.jsonl ../shared/eval/facts/acled-dev.jsonl`
//!
//! Pairs (the data is read at run time, never copied):
//! - same event: two different articles about one Gun Violence Archive
//!   incident (`incident_id`);
//! - different events, same place, dates within three days: two GVA
//!   incidents in one city (what a place-only rule would wrongly merge);
//! - different events, same parties, different days: two ACLED events with
//!   the same two actors a few days apart;
//! - different events, same day, different parties: two ACLED events on one
//!   date in one country with no actor in common.
//!
//! Each article goes through `facts::extract` and `ClashSummary`, and the
//! pair through `clashes::merge::same_event`, exactly as the bot does.

use std::collections::HashMap;

use chrono::NaiveDate;
use clashwatch::article::Article;
use clashwatch::clashes::{ClashSummary, EventKey};
use clashwatch::facts::{self, FactsInput};
use serde_json::Value;

const PER_KIND: usize = 150;

fn key_of(v: &Value, published_field: &str) -> EventKey {
    let text = v["text"].as_str().unwrap_or_default();
    let published = v[published_field]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok());
    let title = v["title"].as_str();
    let f = facts::extract(&FactsInput {
        title,
        text,
        published,
        ..Default::default()
    });
    let article = Article {
        title: title.map(str::to_string),
        text: text.to_string(),
        published,
        ..Article::default()
    };
    ClashSummary::from_article("https://example.invalid/", &article, &f).key()
}

fn read(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read {path}: {e}"))
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn date(v: &Value, field: &str) -> Option<NaiveDate> {
    v[field]
        .as_str()
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok())
}

#[derive(Default)]
struct Tally {
    pairs: usize,
    merged: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gva_path = args
        .iter()
        .find(|a| a.contains("gva"))
        .expect("pass the gva-dev.jsonl path");
    let acled_path = args
        .iter()
        .find(|a| a.contains("acled"))
        .expect("pass the acled-dev.jsonl path");
    let gva = read(gva_path);
    let acled = read(acled_path);
    let mut tallies: Vec<(&str, bool, Tally)> = Vec::new();

    // GVA: same incident (positives) and same city, different incidents, close dates.
    let mut by_incident: HashMap<&str, Vec<&Value>> = HashMap::new();
    for v in &gva {
        if let Some(i) = v["incident_id"].as_str() {
            by_incident.entry(i).or_default().push(v);
        }
    }
    let mut incidents: Vec<_> = by_incident.into_iter().collect();
    incidents.sort_by_key(|(i, _)| *i);
    let mut same = Tally::default();
    for (_, articles) in incidents.iter().filter(|(_, a)| a.len() >= 2) {
        if same.pairs >= PER_KIND {
            break;
        }
        let (a, b) = (key_of(articles[0], "dct"), key_of(articles[1], "dct"));
        same.pairs += 1;
        same.merged += usize::from(clashwatch::clashes::merge::same_event(&a, &b));
    }
    tallies.push(("same GVA incident, two articles", true, same));

    let mut near = Tally::default();
    let firsts: Vec<&Value> = incidents.iter().map(|(_, a)| a[0]).collect();
    'outer: for (i, a) in firsts.iter().enumerate() {
        for b in &firsts[i + 1..] {
            if near.pairs >= PER_KIND {
                break 'outer;
            }
            let same_city = a["location"] == b["location"] && a["admin1"] == b["admin1"];
            let close = match (date(a, "dct"), date(b, "dct")) {
                (Some(x), Some(y)) => (x - y).num_days().abs() <= 3,
                _ => false,
            };
            if same_city && close {
                near.pairs += 1;
                near.merged += usize::from(clashwatch::clashes::merge::same_event(
                    &key_of(a, "dct"),
                    &key_of(b, "dct"),
                ));
            }
        }
    }
    tallies.push((
        "different GVA incidents, same city, ≤3 days apart",
        false,
        near,
    ));

    // ACLED: same actors on different days; different actors on the same day.
    let violent: Vec<&Value> = acled
        .iter()
        .filter(|v| v["actor2"].as_str().is_some_and(|a| !a.is_empty()))
        .filter(|v| {
            v["event_type"]
                .as_str()
                .is_some_and(|t| t != "Riots/Protests" && t != "Protests")
        })
        .collect();
    let actors = |v: &Value| {
        let mut a = [
            v["actor1"].as_str().unwrap_or_default().to_string(),
            v["actor2"].as_str().unwrap_or_default().to_string(),
        ];
        a.sort();
        a
    };
    let mut same_parties = Tally::default();
    let mut same_day = Tally::default();
    for (i, a) in violent.iter().enumerate() {
        for b in &violent[i + 1..] {
            let (Some(da), Some(db)) = (date(a, "event_date"), date(b, "event_date")) else {
                continue;
            };
            let gap = (da - db).num_days().abs();
            if same_parties.pairs < PER_KIND && actors(a) == actors(b) && (2..=10).contains(&gap) {
                same_parties.pairs += 1;
                same_parties.merged += usize::from(clashwatch::clashes::merge::same_event(
                    &key_of(a, "event_date"),
                    &key_of(b, "event_date"),
                ));
            }
            let disjoint = actors(a).iter().all(|x| !actors(b).contains(x));
            if same_day.pairs < PER_KIND && gap == 0 && a["country"] == b["country"] && disjoint {
                same_day.pairs += 1;
                same_day.merged += usize::from(clashwatch::clashes::merge::same_event(
                    &key_of(a, "event_date"),
                    &key_of(b, "event_date"),
                ));
            }
        }
        if same_parties.pairs >= PER_KIND && same_day.pairs >= PER_KIND {
            break;
        }
    }
    tallies.push((
        "ACLED, same two actors, 2-10 days apart",
        false,
        same_parties,
    ));
    tallies.push((
        "ACLED, same country and day, no actor in common",
        false,
        same_day,
    ));

    let (mut tp, mut fp, mut fn_, mut total) = (0, 0, 0, 0);
    for (name, positive, t) in &tallies {
        println!(
            "{name}: {} pairs, merged {} ({:.1}%)",
            t.pairs,
            t.merged,
            100.0 * t.merged as f64 / t.pairs.max(1) as f64
        );
        total += t.pairs;
        if *positive {
            tp += t.merged;
            fn_ += t.pairs - t.merged;
        } else {
            fp += t.merged;
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("pairs: {total}; same clash: precision {precision:.3}, recall {recall:.3}");
}
