//! What reading an article costs per language: `facts::extract` over each
//! language's dev articles, reported per 1,000 characters of text, so a
//! language can be compared with English (issue target: no more than twice
//! English's cost per 1,000 characters).
//!
//! The articles are the shared eval set, read at bench time and never copied
//! into the repository: `$CLASHWATCH_EVAL_DIR`, else `../shared/eval/conflict`
//! or `../../shared/eval/conflict` from the package root (the integration
//! checkout and a worktree). Without them the bench says so and measures
//! nothing.
//!
//! `cargo bench --bench facts_languages -- --warm-up-time 1 --measurement-time 3`
//! Criterion's throughput line reads "K elem/s" = thousands of characters per
//! second; the summary printed first gives µs per 1,000 characters.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use clashwatch::facts::{self, FactsInput};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;

#[derive(Deserialize)]
struct Article {
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    text: String,
}

struct Owned {
    title: Option<String>,
    text: String,
    published: Option<NaiveDate>,
}

fn eval_dir() -> Option<PathBuf> {
    let candidates = std::env::var_os("CLASHWATCH_EVAL_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(["../shared/eval/conflict", "../../shared/eval/conflict"].map(PathBuf::from));
    candidates
        .into_iter()
        .find(|d| d.join("dev-multilingual.jsonl").is_file() && d.join("dev.jsonl").is_file())
}

/// The dev articles by language (English from `dev.jsonl`).
fn articles() -> Option<BTreeMap<String, Vec<Owned>>> {
    let dir = eval_dir()?;
    let mut by_lang: BTreeMap<String, Vec<Owned>> = BTreeMap::new();
    for file in ["dev.jsonl", "dev-multilingual.jsonl"] {
        let raw = std::fs::read_to_string(dir.join(file)).ok()?;
        for line in raw.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(a) = serde_json::from_str::<Article>(line) else {
                eprintln!("facts_languages: skipping a line of {file} that is no article");
                continue;
            };
            let published = a
                .published
                .as_deref()
                .and_then(|p| NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok());
            by_lang
                .entry(a.language.unwrap_or_else(|| "en".to_string()))
                .or_default()
                .push(Owned {
                    title: a.title,
                    text: a.text,
                    published,
                });
        }
    }
    Some(by_lang)
}

fn read_all(articles: &[Owned]) {
    for a in articles {
        black_box(facts::extract(&FactsInput {
            title: a.title.as_deref(),
            text: &a.text,
            published: a.published,
            ..Default::default()
        }));
    }
}

fn chars(articles: &[Owned]) -> u64 {
    articles
        .iter()
        .map(|a| {
            (a.text.chars().count() + a.title.as_deref().map_or(0, |t| t.chars().count())) as u64
        })
        .sum()
}

fn languages(c: &mut Criterion) {
    let Some(by_lang) = articles() else {
        eprintln!(
            "facts_languages: eval articles not found (set CLASHWATCH_EVAL_DIR to the folder of \
             dev.jsonl and dev-multilingual.jsonl); nothing measured"
        );
        return;
    };
    facts::warm_up();
    // A quick summary first: µs per 1,000 characters, and the ratio to English.
    let per_kchar = |articles: &[Owned]| {
        let rounds = 5;
        let start = Instant::now();
        for _ in 0..rounds {
            read_all(articles);
        }
        start.elapsed().as_secs_f64() * 1e6 / rounds as f64 / (chars(articles) as f64 / 1000.0)
    };
    let english = by_lang.get("en").map(|a| per_kchar(a));
    for (lang, articles) in &by_lang {
        let cost = per_kchar(articles);
        let ratio = english.map_or(String::new(), |e| format!(", {:.2}× English", cost / e));
        eprintln!(
            "facts_languages: {lang}: {} articles, {} chars, {cost:.1} µs per 1,000 chars{ratio}",
            articles.len(),
            chars(articles)
        );
    }
    let mut group = c.benchmark_group("facts per language");
    for (lang, articles) in &by_lang {
        group.throughput(Throughput::Elements(chars(articles)));
        group.bench_function(lang.as_str(), |b| b.iter(|| read_all(articles)));
    }
    group.finish();
}

// No plots: criterion draws them with system fonts when gnuplot is missing,
// and panics on a machine without fonts; the figures are printed anyway.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = languages
}
criterion_main!(benches);
