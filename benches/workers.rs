//! Worker processes on one PostgreSQL: 1, 2 and 4 real `clashwatch worker`
//! processes read local article pages and post their replies to the local
//! Discord API. Prints links per second and the p50/p99 time from a link
//! being queued to its reply being posted, for each process count.
//!
//! Run: `CLASHWATCH_BENCH_POSTGRES=postgres://postgres:postgres@127.0.0.1:5432/postgres
//! cargo bench --bench workers` (`WORKERS_LINKS`: links per run, 400;
//! `WORKERS_COUNTS`: process counts, "1,2,4"). Every link is a distinct page
//! (no article cache); `[jobs] per_host` is raised so that the one local host
//! doesn't cap the readers (the default, 2, would).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use clashwatch::store::NewJob;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::BotProcess;
use support::db;
use support::discord::DiscordSim;

fn page(n: usize) -> String {
    let place = ["Sotk", "Norabak", "Kalbajar", "Jermuk", "Goris"][n % 5];
    let killed = 2 + n % 9;
    let mut body = format!(
        "<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their \
         shared border, report {n}.</p>\
         <p>Armenia's Defense Ministry reported that {killed} of its soldiers were killed and \
         another was injured in shelling near the border village of {place}.</p>\
         <p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its \
         positions across the border in the Kalbajar region, wounding three soldiers.</p>"
    );
    // A page of ordinary length: background paragraphs the reader goes through.
    for k in 0..12 {
        body.push_str(&format!(
            "<p>Paragraph {k}: the two countries have disputed the border for decades, and \
             observers from several organisations said the situation remained tense along the \
             line of contact near {place} while talks continued in the capital.</p>"
        ));
    }
    format!(
        r#"<!doctype html><html lang="en"><head><title>Border clash report {n}</title>
<meta property="og:site_name" content="Wire {n}">
<meta property="article:published_time" content="2023-09-01T18:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article><h1>Border clash report {n}</h1>
{body}</article><footer>Wire</footer></body></html>"#
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run(processes: usize, links: usize) {
    let Some(db) = db::postgres().await else {
        return;
    };
    let sim = DiscordSim::start().await;
    let channel = sim.channel_id("news");
    let member = support::discord::SimUser::member("reader");
    let paths: Vec<String> = (0..links).map(|i| format!("/a/{i}")).collect();
    let server = ArticleServer::start(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), Page::html(&page(i))))
            .collect(),
    )
    .await;
    let env = vec![
        ("CLASHWATCH_JOBS__PER_HOST", "64".to_string()),
        ("CLASHWATCH_JOBS__POLL_MS", "100".to_string()),
        ("CLASHWATCH_DATABASE__MAX_CONNECTIONS", "8".to_string()),
    ];
    let workers: Vec<BotProcess> = (0..processes)
        .map(|_| BotProcess::start_as("worker", &sim, &db.url, &env))
        .collect();
    // Up and polling: every worker has looked at the empty queue.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let messages: Vec<u64> = paths
        .iter()
        .map(|p| sim.post_message(channel, &member, &server.url(p)))
        .collect();
    let started = Instant::now();
    let jobs: Vec<NewJob> = messages
        .iter()
        .zip(&paths)
        .map(|(m, p)| NewJob {
            guild_id: Some(sim.guild_id() as i64),
            channel_id: channel as i64,
            message_id: *m as i64,
            position: 0,
            url: server.url(p),
            host: "127.0.0.1".into(),
            explicit: false,
        })
        .collect();
    db.store.enqueue_jobs(&jobs).await.expect("queue the links");
    let done = sim
        .wait_until(Duration::from_secs(900), |s| {
            messages
                .iter()
                .all(|m| !s.replies_to(*m).is_empty())
                .then_some(())
        })
        .await;
    let elapsed = started.elapsed();
    let mut latencies: Vec<Duration> = messages
        .iter()
        .filter_map(|m| {
            sim.replies_to(*m)
                .first()
                .map(|r| r.at.duration_since(started))
        })
        .collect();
    latencies.sort();
    let answered = latencies.len();
    let duplicated = messages
        .iter()
        .filter(|m| sim.replies_to(**m).len() > 1)
        .count();
    println!(
        "{processes} worker process(es): {answered}/{links} links answered{} in {:.1} s · \
         {:.1} links/s · link-to-reply p50 {:.2} s, p99 {:.2} s · duplicated {duplicated}",
        if done.is_some() { "" } else { " (timed out)" },
        elapsed.as_secs_f64(),
        answered as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64(),
        percentile(&latencies, 0.99).as_secs_f64(),
    );
    drop(workers);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    match std::env::var("CLASHWATCH_BENCH_POSTGRES") {
        Ok(url) => std::env::set_var("CLASHWATCH_TEST_POSTGRES", url),
        Err(_) if std::env::var_os("CLASHWATCH_TEST_POSTGRES").is_some() => {}
        Err(_) => {
            eprintln!("set CLASHWATCH_BENCH_POSTGRES to a PostgreSQL server to run this benchmark");
            return;
        }
    }
    let links: usize = std::env::var("WORKERS_LINKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let counts: Vec<usize> = std::env::var("WORKERS_COUNTS")
        .unwrap_or_else(|_| "1,2,4".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    println!(
        "{links} distinct local article pages per run, [jobs] workers = 4 per process, per_host 64"
    );
    for n in counts {
        run(n, links).await;
    }
}
