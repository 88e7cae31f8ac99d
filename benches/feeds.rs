//! Feed polling at scale: 500 local feeds × 50 items, each feed on its own
//! loopback address (127.0.1.1, 127.0.1.2, …) so the per-host limit applies
//! per feed as it would on the internet. Three poll cycles are timed:
//!
//! 1. every feed has 5 new items (10 % of its 50) — full responses;
//! 2. nothing changed — every request is conditional and answered 304;
//! 3. again 10 % new items.
//!
//! A cycle is the poller's own work (claim, conditional fetch, parse, record
//! new items, queue their jobs) until no feed is due. It does NOT include
//! reading the new items' articles: those are queued as jobs for the
//! pipeline's workers, whose speed `benches/burst.rs` measures.
//!
//! ```text
//! cargo bench --bench feeds                     # SQLite, [feeds] workers from the defaults
//! FEEDS_BENCH_FEEDS=100 FEEDS_BENCH_WORKERS=16 cargo bench --bench feeds
//! CLASHWATCH_TEST_POSTGRES=postgres://… cargo bench --bench feeds   # on PostgreSQL
//! ```
//!
//! Peak memory is the process's VmHWM, which includes the 500 feed servers
//! running in the same process.

#[path = "../tests/support/feed_server.rs"]
#[allow(dead_code)]
mod feed_server;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clashwatch::article::fetch::Fetcher;
use clashwatch::config::Config;
use clashwatch::feeds::{self, Poller};
use clashwatch::pipeline::Pipeline;
use clashwatch::store::{NewFeed, Store};
use feed_server::{rss, FeedServer};

const ITEMS: usize = 50;
const NEW_PER_CYCLE: usize = 5;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The feed's current 50 items, newest first, after `generation` cycles.
fn feed_body(server: &FeedServer, feed: usize, generation: usize) -> String {
    let newest = ITEMS + generation * NEW_PER_CYCLE;
    let items: Vec<(String, String, String)> = (newest - ITEMS..newest)
        .rev()
        .map(|n| {
            (
                format!("f{feed}-i{n}"),
                format!("Item {n} of feed {feed}"),
                server.url(&format!("/a/{n}")),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(g, t, l)| (g.as_str(), t.as_str(), l.as_str()))
        .collect();
    rss(&format!("Feed {feed}"), &refs)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

async fn cycle(poller: &Arc<Poller>, workers: usize) -> (Duration, u64) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..workers {
        let poller = Arc::clone(poller);
        tasks.push(tokio::spawn(async move {
            let mut new = 0;
            while let Ok(Some((_, outcome))) = poller.poll_once().await {
                if let feeds::PollOutcome::Fetched { new: n, .. } = outcome {
                    new += n;
                }
            }
            new
        }));
    }
    let mut new = 0;
    for t in tasks {
        new += t.await.unwrap_or(0);
    }
    (started.elapsed(), new)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let n_feeds = env_usize("FEEDS_BENCH_FEEDS", 500);
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, label) = match std::env::var("CLASHWATCH_TEST_POSTGRES") {
        Ok(base) if !base.trim().is_empty() => {
            let name = format!("cw_feeds_bench_{}", std::process::id());
            let pool = sqlx::PgPool::connect(base.trim()).await.expect("postgres");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .expect("create database");
            let mut u = url::Url::parse(base.trim()).expect("url");
            u.set_path(&format!("/{name}"));
            (u.to_string(), "postgres")
        }
        _ => (
            format!("sqlite://{}/data/feeds.db", dir.path().display()),
            "sqlite",
        ),
    };
    let mut config = Config::defaults();
    config.database.url = url.clone();
    config.fetch.allow_private_addresses = true;
    config.feeds.host_interval_secs = 0;
    // Long intervals: a cycle polls each feed once, then the bench makes
    // every feed due for the next.
    config.feeds.min_interval_secs = 3600;
    config.feeds.max_interval_secs = 3600;
    config.feeds.max_per_server = i64::MAX;
    let workers = env_usize("FEEDS_BENCH_WORKERS", config.feeds.workers);
    let store = Store::open(&url, (workers as u32 + 2).max(5))
        .await
        .expect("store");
    // The bench's own handle, to make every feed due at the start of a cycle.
    let raw = sqlx::AnyPool::connect(&url).await.expect("a second pool");
    let fetcher = Fetcher::new(&config.fetch).expect("fetcher");
    let pipeline = Arc::new(Pipeline::new(store.clone(), fetcher.clone(), &config));

    eprintln!("starting {n_feeds} feed servers (one loopback address each)…");
    let mut servers = Vec::with_capacity(n_feeds);
    for i in 0..n_feeds {
        let ip = Ipv4Addr::new(127, 0, 1 + (i / 250) as u8, 1 + (i % 250) as u8);
        let server = FeedServer::start_on(IpAddr::V4(ip)).await;
        server.set("/feed", "application/rss+xml", &feed_body(&server, i, 0));
        servers.push(server);
    }

    // The first fetch, as `/feeds add` does it: every item recorded, none queued.
    let started = Instant::now();
    for (i, server) in servers.iter().enumerate() {
        let found = feeds::resolve(&fetcher, &server.url("/feed"))
            .await
            .expect("a feed");
        let host = url::Url::parse(&found.feed_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        store
            .add_feed(
                &NewFeed {
                    guild_id: 1 + (i as i64 % 50),
                    url: &found.feed_url,
                    feed_url: &found.feed_url,
                    kind: found.feed.kind,
                    title: found.feed.title.as_deref(),
                    host: &host,
                    channel_id: None,
                    region: None,
                    by: 1,
                    etag: found.validators.etag.as_deref(),
                    last_modified: found.validators.last_modified.as_deref(),
                    next_fetch_at: 0,
                },
                &found.feed.items,
                i64::MAX,
            )
            .await
            .expect("add");
    }
    let added = started.elapsed();
    println!(
        "feeds bench ({label}, {n_feeds} feeds x {ITEMS} items, {workers} poll workers): \
         first fetch of every feed (sequential, as /feeds add) {:.2} s",
        added.as_secs_f64()
    );

    let poller = Arc::new(Poller::new(Arc::clone(&pipeline), &config));
    let mut generation = 0;
    for (name, change) in [("10% new", true), ("unchanged", false), ("10% new", true)] {
        if change {
            generation += 1;
            for (i, s) in servers.iter().enumerate() {
                s.set("/feed", "application/rss+xml", &feed_body(s, i, generation));
            }
        }
        sqlx::query("UPDATE feeds SET next_fetch_at = 0")
            .execute(&raw)
            .await
            .expect("make every feed due");
        let before = total(&servers);
        let (took, new) = cycle(&poller, workers).await;
        let after = total(&servers);
        let requests = after.0 - before.0;
        let not_modified = after.1 - before.1;
        println!(
            "cycle ({name}): {:.3} s for {requests} requests ({:.1} ms per feed), \
             {not_modified} answered 304 (saved by conditional GET), {new} new items queued",
            took.as_secs_f64(),
            took.as_secs_f64() * 1000.0 / requests.max(1) as f64
        );
    }
    let totals = store.feed_totals().await.expect("totals");
    println!(
        "totals: {} fetches, {} answered 304 ({:.0}% saved), {} items recorded; peak memory (VmHWM, \
         servers included) {:.0} MB",
        totals.fetches,
        totals.not_modified,
        100.0 * totals.not_modified as f64 / totals.fetches.max(1) as f64,
        totals.items,
        peak_rss_mb()
    );
    let queued = store.pending_jobs().await.map(|j| j.len()).unwrap_or(0);
    println!("jobs queued for the readers (not read here): {queued}");
}

fn total(servers: &[FeedServer]) -> (u64, u64) {
    servers.iter().fold((0, 0), |(r, n), s| {
        let h = s.total_hits();
        (r + h.requests, n + h.not_modified)
    })
}
