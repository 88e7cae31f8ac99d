//! Speed of the fact extractor on the project's founding example.

use clashwatch::facts::{self, FactsInput};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn seed(c: &mut Criterion) {
    let raw = include_str!("../tests/fixtures/seed-armenia-azerbaijan.txt");
    let (title, text) = raw.split_once('\n').unwrap_or(("", raw));
    c.bench_function("facts::extract seed article", |b| {
        b.iter(|| {
            facts::extract(black_box(&FactsInput {
                title: Some(title),
                text,
                published: None,
                ..Default::default()
            }))
        })
    });
}

criterion_group!(benches, seed);
criterion_main!(benches);
