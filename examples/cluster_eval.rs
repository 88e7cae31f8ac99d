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
//! `CONFIRM`, `ALONE` and `ALONE_MIN` in the environment try other
//! thresholds than `merge::TUNING`; `DIAG=1` prints the ACLED same-day
//! pairs it merged, to study the mistakes.

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

fn same_clash(a: &EventKey, b: &EventKey) -> bool {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    let t = clashwatch::clashes::merge::Tuning {
        confirm: env("CONFIRM").unwrap_or(clashwatch::clashes::merge::TUNING.confirm),
        alone: env("ALONE").unwrap_or(clashwatch::clashes::merge::TUNING.alone),
        alone_min: env("ALONE_MIN")
            .map(|v| v as usize)
            .unwrap_or(clashwatch::clashes::merge::TUNING.alone_min),
    };
    clashwatch::clashes::merge::same_event_tuned(a, b, &t)
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

/// Days from the incident (GVA gives "January 27": the year is the
/// report's) to the report's publication.
fn days_after_incident(v: &Value) -> Option<i64> {
    let published = date(v, "dct")?;
    let day = v["event_date"].as_str()?;
    let year = published.format("%Y").to_string();
    let mut incident = NaiveDate::parse_from_str(&format!("{day} {year}"), "%B %d %Y").ok()?;
    if incident > published {
        incident = NaiveDate::parse_from_str(
            &format!(
                "{day} {}",
                published.format("%Y").to_string().parse::<i32>().ok()? - 1
            ),
            "%B %d %Y",
        )
        .ok()?;
    }
    Some((published - incident).num_days())
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
    // Positives: two reports of one incident published within three days of
    // it, as when several outlets cover the same shooting. Follow-ups weeks
    // later (arrests, trials) are counted apart: by the rule (event
    // dates within a day) they are not expected to merge.
    let mut same = Tally::default();
    let mut later = Tally::default();
    for (_, articles) in incidents.iter().filter(|(_, a)| a.len() >= 2) {
        let fresh: Vec<&Value> = articles
            .iter()
            .copied()
            .filter(|v| days_after_incident(v).is_some_and(|d| (0..=3).contains(&d)))
            .collect();
        let (tally, a, b) = if fresh.len() >= 2 {
            (&mut same, fresh[0], fresh[1])
        } else {
            (&mut later, articles[0], articles[1])
        };
        if tally.pairs >= PER_KIND {
            continue;
        }
        tally.pairs += 1;
        tally.merged += usize::from(same_clash(&key_of(a, "dct"), &key_of(b, "dct")));
    }
    tallies.push((
        "same GVA incident, two reports within 3 days of it",
        true,
        same,
    ));
    println!(
        "(not scored) same GVA incident, a report published later than 3 days after it: {} pairs, merged {} ({:.1}%)",
        later.pairs,
        later.merged,
        100.0 * later.merged as f64 / later.pairs.max(1) as f64
    );

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
            // One article listing two incidents is not two reports.
            if same_city && close && a["text"] != b["text"] {
                near.pairs += 1;
                near.merged += usize::from(same_clash(&key_of(a, "dct"), &key_of(b, "dct")));
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
                same_parties.merged += usize::from(same_clash(
                    &key_of(a, "event_date"),
                    &key_of(b, "event_date"),
                ));
            }
            let disjoint = actors(a).iter().all(|x| !actors(b).contains(x));
            if same_day.pairs < PER_KIND && gap == 0 && a["country"] == b["country"] && disjoint {
                if std::env::var("DIAG").is_ok() {
                    let (ka, kb) = (key_of(a, "event_date"), key_of(b, "event_date"));
                    if same_clash(&ka, &kb) {
                        eprintln!("FP {ka:?}\n   {kb:?}\n   {}\n   {}", a["text"], b["text"]);
                    }
                }
                same_day.pairs += 1;
                same_day.merged += usize::from(same_clash(
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
