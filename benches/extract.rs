//! Extraction alone (no process start, no file reading) over the evaluation
//! pages in `../shared/eval/extraction/html` (override with
//! `CLASHWATCH_EVAL_HTML`). Skipped with a note when the folder is missing:
//! the pages are licensed for evaluation only and never live in this repo.

use std::path::PathBuf;

use clashwatch::article::charset;
use clashwatch::article::extract::extract_html;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn pages() -> Vec<String> {
    let dir = std::env::var_os("CLASHWATCH_EVAL_HTML")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/eval/extraction/html"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{}: not found, extraction benchmark skipped", dir.display());
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| charset::decode(&bytes, None))
        .collect()
}

fn bench_extract(c: &mut Criterion) {
    let pages = pages();
    if pages.is_empty() {
        return;
    }
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("eval_pages", |b| {
        b.iter(|| {
            pages
                .iter()
                .filter(|html| extract_html(html, None).is_ok())
                .count()
        })
    });
    group.finish();
}

// No plots: criterion draws them with system fonts when gnuplot is missing,
// and panics on a machine without fonts; the figures are printed anyway.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = bench_extract
}
criterion_main!(benches);
