//! `/clashes recent` and `/clashes stats` latency on a store holding 100,000
//! clashes.
//!
//! Run: `cargo bench --bench recent` (SQLite; set CLASHWATCH_BENCH_POSTGRES to
//! a server URL to also measure PostgreSQL). Prints p50/p99 per query shape;
//! stats includes summing the period and drawing its PNG chart.

use std::time::{Duration, Instant};

use clashwatch::commands;
use clashwatch::store::Store;

const CLASHES: i64 = 100_000;
const ROUNDS: usize = 2_000;
const STATS_ROUNDS: usize = 40;
const REGIONS: &[&[&str]] = &[
    &[
        "South Caucasus",
        "Caucasus",
        "Western Asia",
        "Asia",
        "Armenia",
        "Azerbaijan",
    ],
    &["Sahel", "Western Africa", "Africa", "Mali"],
    &["Donbas", "Eastern Europe", "Europe", "Ukraine"],
    &["Gaza Strip", "Levant", "Western Asia", "Asia", "Palestine"],
    &["Kashmir", "Southern Asia", "Asia", "India", "Pakistan"],
];

async fn fill(store: &Store) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp();
    let mut tx = store.pool().begin().await?;
    for i in 0..CLASHES {
        let regions = REGIONS[(i % REGIONS.len() as i64) as usize];
        // Spread over the last 400 days, newest last.
        let at = now - (CLASHES - i) * 400 * 86_400 / CLASHES;
        let id: i64 = sqlx::Row::try_get(
            &sqlx::query(
                "INSERT INTO clashes (short_id, event_date, event_at, title, countries, regions, parties, \
                 places, killed_min, killed_max, injured_min, injured_max, sources, url, first_seen, updated_at) \
                 VALUES ($1, NULL, $2, $3, '[]', $4, '[\"Armenia\",\"Azerbaijan\"]', '[\"Sotk\"]', \
                 $5, $6, 1, 2, 1, $7, $8, $9) RETURNING id",
            )
            .bind(format!("b{i:07}"))
            .bind(at)
            .bind(format!("Border clash number {i}"))
            .bind(serde_json::to_string(regions)?)
            .bind(i % 7)
            .bind(i % 9)
            .bind(format!("https://news.example/{i}"))
            .bind(at)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?,
            "id",
        )?;
        for r in regions {
            sqlx::query(
                "INSERT INTO clash_regions (clash_id, region, event_at) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(*r)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(label: &str, store: &Store) -> anyhow::Result<()> {
    for (name, region, days) in [
        ("all regions, 7 days", None, 7),
        ("South Caucasus, 7 days", Some("South Caucasus"), 7),
        ("Sahel, 365 days", Some("Sahel"), 365),
    ] {
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let reply = commands::recent(store, region, days, 10).await?;
            times.push(t.elapsed());
            std::hint::black_box(reply);
        }
        times.sort();
        println!(
            "{label:8} recent {name:24} p50 {:>8.3} ms  p99 {:>8.3} ms",
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
    }
    for (name, region, days) in [
        ("South Caucasus, 30 days", Some("South Caucasus"), 30),
        ("all regions, 30 days", None, 30),
        ("all regions, 365 days", None, 365),
    ] {
        let mut times = Vec::with_capacity(STATS_ROUNDS);
        for _ in 0..STATS_ROUNDS {
            let t = Instant::now();
            let reply = commands::stats(store, region, days).await?;
            times.push(t.elapsed());
            std::hint::black_box(reply);
        }
        times.sort();
        println!(
            "{label:8} stats  {name:24} p50 {:>8.3} ms  p99 {:>8.3} ms",
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    // `cargo test --benches` runs benches with --test: keep that quick.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return Ok(());
    }
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let store = Store::open(&url, 4).await?;
        let t = Instant::now();
        fill(&store).await?;
        println!(
            "filled SQLite with {CLASHES} clashes in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        measure("sqlite", &store).await?;
        if let Ok(pg) = std::env::var("CLASHWATCH_BENCH_POSTGRES") {
            let store = Store::open(&pg, 8).await?;
            sqlx::query("TRUNCATE clashes CASCADE")
                .execute(store.pool())
                .await?;
            fill(&store).await?;
            measure("postgres", &store).await?;
        }
        Ok(())
    })
}
