//! What trusted sources cost where they are decided: recording a clash
//! (which queues its alerts, now per server's trust), a sighting (which
//! re-checks the alerts), a trusted source joining a clash that many
//! servers subscribe to, and `/clashes why` on it.
//!
//! Run (SQLite; PostgreSQL too when CLASHWATCH_BENCH_POSTGRES names a
//! server — the bench creates its own database there):
//!
//! ```text
//! cargo bench --bench trust
//! ```
//!
//! The store holds CLASHWATCH_BENCH_SERVERS servers (default 1,000), each
//! with two subscriptions to the Sahel region (one at min_killed 10) and
//! three trusted domains of its own, and the default domains; each round
//! adds a clash, so the last rounds run on a store with 100 more clashes
//! and 200,000 more deliveries. Prints p50, p99 and max per operation.

use std::time::{Duration, Instant};

use clashwatch::clashes::{ClashSummary, Range, SourceFigures};
use clashwatch::facts::Facts;
use clashwatch::store::{NewSighting, Origin, Outcome, Store};

const ROUNDS: usize = 100;

fn summary(i: usize, url: &str, killed: u32) -> ClashSummary {
    // One event per round: its own day and place, so rounds never merge.
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date")
        + chrono::Duration::days(3 * i as i64);
    ClashSummary {
        event_date: Some(day),
        title: format!("Soldiers killed near place {i}"),
        countries: vec!["Mali".into()],
        regions: vec!["Sahel".into()],
        parties: vec!["Mali".into(), "JNIM".into()],
        places: vec![format!("Place{i}")],
        killed: Range::exact(killed),
        injured: Range::exact(0),
        url: url.into(),
        terms: Vec::new(),
    }
}

async fn article(s: &Store, url: &str, domain: &str) -> anyhow::Result<i64> {
    let a = clashwatch::article::Article {
        url: Some(url.into()),
        title: Some("Soldiers killed".into()),
        text: "Fighting was reported.".into(),
        ..Default::default()
    };
    let facts = Facts {
        is_clash_report: true,
        ..Default::default()
    };
    let id = s.save_article(url, &a, &facts).await?;
    s.set_article_domain(id, domain, url).await?;
    Ok(id)
}

fn source(url: &str, domain: &str, killed: u32) -> SourceFigures {
    SourceFigures {
        site: domain.into(),
        url: url.into(),
        killed,
        injured: 0,
        attribution: None,
        sides: Vec::new(),
    }
}

async fn fill(s: &Store, servers: i64) -> anyhow::Result<()> {
    let defaults = clashwatch::trust::default_domains(None)?;
    s.set_default_trusted(&defaults).await?;
    let pool = s.pool();
    let mut subs = Vec::new();
    let mut domains = Vec::new();
    for g in 1..=servers {
        for c in 0..2 {
            subs.push(format!(
                "({g}, {}, 'Sahel', {}, 0, 9, 0)",
                g * 10 + c,
                if c == 0 { 0 } else { 10 }
            ));
        }
        for d in 0..3 {
            domains.push(format!(
                "({g}, 'site{}.example', 1, 9, 0)",
                (g * 3 + d) % 500
            ));
        }
    }
    for chunk in subs.chunks(500) {
        sqlx::query(&format!(
            "INSERT INTO subscriptions (guild_id, channel_id, region, min_killed, paused, \
             created_by, created_at) VALUES {}",
            chunk.join(", ")
        ))
        .execute(pool)
        .await?;
    }
    for chunk in domains.chunks(500) {
        sqlx::query(&format!(
            "INSERT INTO trusted_domains (guild_id, domain, trusted, changed_by, changed_at) \
             VALUES {} ON CONFLICT DO NOTHING",
            chunk.join(", ")
        ))
        .execute(pool)
        .await?;
    }
    Ok(())
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    println!(
        "{name:<58} p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
}

async fn run(s: &Store, label: &str, servers: i64) -> anyhow::Result<()> {
    let started = Instant::now();
    fill(s, servers).await?;
    println!(
        "{label}: {servers} servers, {} subscriptions, filled in {:.1} s",
        servers * 2,
        started.elapsed().as_secs_f64()
    );
    let (mut new, mut seen, mut joined, mut why) = (vec![], vec![], vec![], vec![]);
    for i in 0..ROUNDS {
        // A clash from a site nobody trusts: checked against every
        // subscription, alerts nobody.
        let url = format!("https://unknown{i}.example/a");
        let id = article(s, &url, &format!("unknown{i}.example")).await?;
        let t = Instant::now();
        let (clash, _) = s
            .add_to_clash(id, &summary(i, &url, 12), &source(&url, "x", 12))
            .await?;
        new.push(t.elapsed());
        // One server's member posts it: that server's two subscriptions.
        let guild = 1 + (i as i64 % servers);
        let t = Instant::now();
        s.record_sighting(&NewSighting {
            url: &url,
            guild_id: Some(guild),
            channel_id: Some(guild * 10 + 5),
            message_id: Some(i as i64 + 1),
            feed_id: None,
            origin: Origin::Channel,
            article_id: Some(id),
            domain: "x",
            outcome: Outcome::Clash,
            fetched_at: Some(0),
        })
        .await?;
        seen.push(t.elapsed());
        // A default-trusted wire joins: every server's alerts are queued.
        let wire = format!("https://www.reuters.com/world/{i}");
        let w = article(s, &wire, "reuters.com").await?;
        let t = Instant::now();
        s.add_to_clash(w, &summary(i, &wire, 14), &source(&wire, "reuters.com", 14))
            .await?;
        joined.push(t.elapsed());
        let t = Instant::now();
        clashwatch::commands::why::why(s, guild, &clash.short_id).await?;
        why.push(t.elapsed());
    }
    report(&format!("{label}: new clash, no trusted source"), new);
    report(&format!("{label}: a member's sighting (re-check)"), seen);
    report(
        &format!("{label}: trusted source joins ({} alerts)", servers * 2),
        joined,
    );
    report(&format!("{label}: /clashes why <clash id>"), why);
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    let servers: i64 = std::env::var("CLASHWATCH_BENCH_SERVERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000);
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let url = format!("sqlite://{}/bench.db", dir.path().display());
        let s = Store::open(&url, 4).await?;
        run(&s, "sqlite", servers).await?;
        if let Ok(admin) = std::env::var("CLASHWATCH_BENCH_POSTGRES") {
            sqlx::any::install_default_drivers();
            let name = format!("cw_bench_trust_{}", std::process::id());
            let pool = sqlx::AnyPool::connect(&admin).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await?;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            let s = Store::open(&format!("{base}/{name}"), 4).await?;
            let result = run(&s, "postgres", servers).await;
            s.close().await;
            sqlx::query(&format!("DROP DATABASE {name}"))
                .execute(&pool)
                .await?;
            result?;
        }
        Ok(())
    })
}
