//! `/clashes stats` and `/clashes recent` on a store holding 1,000,000
//! clashes, each with 1–3 sources naming sides, spread over 400 days.
//!
//! Run (SQLite, then PostgreSQL when CLASHWATCH_BENCH_POSTGRES names a
//! server; the bench creates and drops its own database there):
//!
//! ```text
//! CLASHWATCH_BENCH_POSTGRES=postgres://postgres:postgres@127.0.0.1:5432/postgres \
//!     cargo bench --bench recent
//! ```
//!
//! CLASHWATCH_BENCH_CLASHES sets another size. The store is filled with
//! set-based SQL (a recursive CTE on SQLite, generate_series on PostgreSQL)
//! and the stats rollup rebuilt from it, as the migration does. Prints p50,
//! p99 and max per query shape: the stats query (what the command reads
//! from the database) apart from drawing the chart, and the whole command.

use std::time::{Duration, Instant};

use clashwatch::commands;
use clashwatch::store::{Backend, Store};

const DEFAULT_CLASHES: i64 = 1_000_000;
const ROUNDS: usize = 300;
const CHART_ROUNDS: usize = 30;

/// Region sets a clash falls in (all levels, countries included).
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

const SIDES: &[&str] = &[
    "Armenia",
    "Azerbaijan",
    "Mali",
    "JNIM",
    "Ukraine",
    "Russia",
    "Israel",
    "Hamas",
    "India",
    "Pakistan",
    "Wagner Group",
    "Side not given",
];

/// `n(i)`: the numbers 1..=count.
fn numbers(backend: Backend, count: i64) -> String {
    match backend {
        Backend::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})"
        ),
        Backend::Postgres => {
            format!("WITH n(i) AS (SELECT CAST(g AS BIGINT) FROM generate_series(1, {count}) g)")
        }
    }
}

fn values(rows: impl Iterator<Item = String>) -> String {
    rows.collect::<Vec<_>>().join(", ")
}

/// Fill the store with `count` clashes in a handful of set-based statements.
/// Clash i has 1 + i % 3 sources; source j reports (i + 3j) % 7 killed and
/// (2i + j) % 5 injured, names side i % 12 always and side (i + 5) % 12 when
/// i + j is even, so sources disagree and ranges appear.
async fn fill(store: &Store, count: i64) -> anyhow::Result<()> {
    let backend = store.backend();
    let now = chrono::Utc::now().timestamp();
    let n = numbers(backend, count);
    // Sources as (clash i, source j, article id, killed, injured).
    let sources = format!(
        "{n}, js(j) AS (VALUES (0), (1), (2)), \
         src(i, j, article_id, killed, injured) AS (SELECT i, j, i * 3 + j, (i + 3 * j) % 7, \
         (2 * i + j) % 5 FROM n CROSS JOIN js WHERE j < 1 + i % 3)"
    );
    let sides = format!(
        "sides(k, name) AS (VALUES {})",
        values(
            SIDES
                .iter()
                .enumerate()
                .map(|(k, s)| format!("({k}, '{s}')"))
        )
    );
    let regions = format!(
        "regions(r, name) AS (VALUES {})",
        values(
            REGIONS
                .iter()
                .enumerate()
                .flat_map(|(r, names)| names.iter().map(move |name| format!("({r}, '{name}')")))
        )
    );
    // Spread over the last 400 days, scattered rather than in id order.
    let at = format!("({now} - (i * 2654435761) % (400 * 86400))");
    let statements = [
        format!(
            "{sources} INSERT INTO articles (id, url, body, fetched_at) \
             SELECT article_id, 'https://bench.example/' || CAST(article_id AS TEXT), '', {now} \
             FROM src"
        ),
        format!(
            "{sources} INSERT INTO clashes (id, short_id, event_date, event_at, title, countries, \
             regions, parties, places, killed_min, killed_max, injured_min, injured_max, sources, \
             url, first_seen, updated_at, terms) \
             SELECT i, 'b' || CAST(i AS TEXT), NULL, {at}, 'Border clash ' || CAST(i AS TEXT), \
             '[]', '[]', '[\"Armenia\",\"Azerbaijan\"]', '[\"Sotk\"]', MIN(killed), MAX(killed), \
             MIN(injured), MAX(injured), COUNT(*), \
             'https://bench.example/' || CAST(i * 3 AS TEXT), {now}, {now}, '[]' \
             FROM src GROUP BY i"
        ),
        format!(
            "{sources}, {sides} INSERT INTO clash_sources (clash_id, article_id, added_at, killed, \
             injured, site, attribution, sides) \
             SELECT i, article_id, {now}, killed, injured, 'bench.example', NULL, \
             '[{{\"side\":\"' || a.name || '\",\"killed\":' || CAST((killed + 1) / 2 AS TEXT) || \
             ',\"injured\":' || CAST(injured AS TEXT) || '}}' || \
             CASE WHEN (i + j) % 2 = 0 THEN ',{{\"side\":\"' || b.name || '\",\"killed\":' || \
             CAST(killed / 2 AS TEXT) || ',\"injured\":0}}' ELSE '' END || ']' \
             FROM src JOIN sides a ON a.k = i % {k} JOIN sides b ON b.k = (i + 5) % {k}",
            k = SIDES.len()
        ),
        format!(
            "{n}, {regions} INSERT INTO clash_regions (clash_id, region, event_at) \
             SELECT i, name, {at} FROM n JOIN regions ON r = i % {}",
            REGIONS.len()
        ),
    ];
    let mut tx = store.pool().begin().await?;
    for sql in &statements {
        sqlx::query(sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    if backend == Backend::Postgres {
        // Keep later inserts from colliding with the ids given here.
        for table in ["articles", "clashes"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .execute(store.pool())
            .await?;
        }
    }
    store.rebuild_clash_stats().await?;
    sqlx::query("ANALYZE").execute(store.pool()).await?;
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(label: &str, what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label:8} {what:44} n {:>4}  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        times.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.99)),
        ms(times[times.len() - 1]),
    );
}

async fn measure(label: &str, store: &Store) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    for (name, region, days) in [
        ("all regions, 365 days", None, 365),
        ("all regions, 30 days", None, 30),
        ("South Caucasus, 365 days", Some("South Caucasus"), 365),
        ("Sahel, 30 days", Some("Sahel"), 30),
    ] {
        let from = today - chrono::Duration::days(days - 1);
        let mut times = Vec::with_capacity(ROUNDS);
        let mut last = None;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let stats = store.clash_stats(region, from, today).await?;
            times.push(t.elapsed());
            last = Some(stats);
        }
        if let Some(s) = &last {
            println!(
                "{label:8} stats of {name}: {} clashes, {} killed, {} sides",
                s.clashes,
                s.killed.display(),
                s.sides.len()
            );
        }
        report(label, &format!("stats query  {name}"), times);
        if days == 365 && region.is_none() {
            let stats = last.expect("measured");
            let mut times = Vec::with_capacity(CHART_ROUNDS);
            for _ in 0..CHART_ROUNDS {
                let t = Instant::now();
                let png = clashwatch::chart::render_png(&stats, "Clashes, last 365 days")?;
                times.push(t.elapsed());
                std::hint::black_box(png);
            }
            report(label, &format!("stats chart  {name}"), times);
            let mut times = Vec::with_capacity(CHART_ROUNDS);
            for _ in 0..CHART_ROUNDS {
                let t = Instant::now();
                let reply = commands::stats(store, region, days as u32).await?;
                times.push(t.elapsed());
                std::hint::black_box(reply);
            }
            report(
                label,
                &format!("stats command (query + chart) {name}"),
                times,
            );
        }
    }
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
        report(label, &format!("recent       {name}"), times);
    }
    Ok(())
}

async fn bench(label: &str, url: &str, count: i64) -> anyhow::Result<()> {
    let store = Store::open(url, 8).await?;
    let t = Instant::now();
    fill(&store, count).await?;
    println!(
        "{label:8} filled with {count} clashes (and rebuilt the stats rollup) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    measure(label, &store).await?;
    store.close().await;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    // `cargo test --benches` runs benches with --test: keep that quick.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return Ok(());
    }
    let count = std::env::var("CLASHWATCH_BENCH_CLASHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CLASHES);
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        bench("sqlite", &url, count).await?;
        drop(dir);
        if let Ok(admin_url) = std::env::var("CLASHWATCH_BENCH_POSTGRES") {
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&admin_url).await?;
            let name = "clashwatch_bench_stats";
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&admin)
                .await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await?;
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url);
            let result = bench("postgres", &format!("{base}/{name}"), count).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&admin)
                .await?;
            result?;
        }
        Ok(())
    })
}
