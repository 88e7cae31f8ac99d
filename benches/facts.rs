//! Speed of the fact extractor: the project's founding example, a conflict
//! report written for this bench, and — when the evaluation data sits next
//! to the repository — the articles of the shared conflict and GVA sets,
//! read at bench time (never copied in). Set `CLASHWATCH_EVAL_DIR` to the
//! directory holding `conflict/` and `facts/`; without it, `../shared/eval`
//! and `../../shared/eval` are tried, and the group is skipped when neither
//! exists.
//!
//! `cargo bench --bench facts -- --warm-up-time 1 --measurement-time 3`

use std::path::{Path, PathBuf};

use clashwatch::facts::{self, FactsInput};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// A wire-style conflict report with the shapes the reader has to tell
/// apart: a headline toll, per-side figures, a claim, an update, a
/// cumulative toll and an earlier attack.
const CONFLICT_REPORT: &str = "\
KABUL, Afghanistan — Gunmen stormed a police checkpoint in the western province of Farah \
on Saturday, killing at least nine officers and wounding four others, a provincial spokesman said.\n\n\
The Taliban claimed responsibility and said 15 soldiers had been killed in the attack.\n\n\
Two of the attackers were also killed when security forces arrived, the spokesman added.\n\n\
By evening the death toll had risen to 11, hospital officials said.\n\n\
In a separate incident in Helmand province, a roadside bomb wounded three civilians.\n\n\
Last year, a similar assault on the same district killed 30 people.\n\n\
More than 3,000 members of the security forces have been killed since the start of the year, \
according to the interior ministry.";

fn extract(title: Option<&str>, text: &str) -> facts::Facts {
    facts::extract(black_box(&FactsInput {
        title,
        text,
        published: None,
        ..Default::default()
    }))
}

fn fixtures(c: &mut Criterion) {
    let raw = include_str!("../tests/fixtures/seed-armenia-azerbaijan.txt");
    let (title, text) = raw.split_once('\n').unwrap_or(("", raw));
    facts::warm_up();
    c.bench_function("facts::extract seed article", |b| {
        b.iter(|| extract(Some(title), text))
    });
    c.bench_function("facts::extract conflict report", |b| {
        b.iter(|| extract(Some("Gunmen kill nine police in Farah"), CONFLICT_REPORT))
    });
}

fn eval_dir() -> Option<PathBuf> {
    let candidates = std::env::var_os("CLASHWATCH_EVAL_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain(["../shared/eval", "../../shared/eval"].map(PathBuf::from));
    candidates.into_iter().find(|d| d.join("conflict").is_dir())
}

/// (title, text) of every record of a JSON-lines file; unreadable lines are
/// skipped.
fn records(path: &Path) -> Vec<(Option<String>, String)> {
    let Ok(raw) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    raw.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let text = v.get("text")?.as_str()?.to_string();
            let title = v.get("title").and_then(|t| t.as_str()).map(str::to_string);
            Some((title, text))
        })
        .collect()
}

fn eval_sets(c: &mut Criterion) {
    let Some(dir) = eval_dir() else {
        eprintln!("facts bench: no evaluation data found, eval groups skipped");
        return;
    };
    for (name, file, limit) in [
        ("conflict dev articles", "conflict/dev.jsonl", usize::MAX),
        ("GVA articles (first 300)", "facts/gva-dev.jsonl", 300),
    ] {
        let mut rows = records(&dir.join(file));
        rows.truncate(limit);
        if rows.is_empty() {
            continue;
        }
        let bytes: usize = rows.iter().map(|(_, t)| t.len()).sum();
        let mut group = c.benchmark_group(format!("facts::extract {name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function("all", |b| {
            b.iter(|| {
                for (title, text) in &rows {
                    black_box(extract(title.as_deref(), text));
                }
            })
        });
        group.finish();
    }
}

// No plots: criterion draws them with system fonts when gnuplot is missing,
// and panics on a machine without fonts; the figures are printed anyway.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = fixtures, eval_sets
}
criterion_main!(benches);
