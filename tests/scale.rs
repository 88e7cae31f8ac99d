//! Scale-out end to end on PostgreSQL: two real `clashwatch run` processes
//! (gateway shards 0 and 1 of 2) and one `clashwatch worker` share one
//! database, against the local Discord API with servers on both shards.
//! Every link is answered once, every alert posted once, the commands are
//! registered once, the two logins are spaced by the database's start
//! queue, and after a SIGKILL of the worker mid-job the bot processes'
//! own workers finish its jobs.
//!
//! Needs `CLASHWATCH_TEST_POSTGRES` (skipped without it); leases are short
//! to keep it fast.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Row;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, BotProcess, WAIT};
use support::db;
use support::discord::{DiscordSim, GuildSpec, SimUser};

/// What the issue promises for the worker's jobs after its SIGKILL.
const WITHIN: Duration = Duration::from_secs(30);
const SPACING_MS: u64 = 1000;
/// Slow pages posted at most, one by one, until the worker process holds one.
const SLOW_PAGES: usize = 24;

fn page(site: &str, title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="2023-09-02T08:00:00Z">
</head><body><article><h1>{title}</h1>
{body}</article></body></html>"#
    )
}

fn caucasus(site: &str) -> String {
    page(site, "Armenia, Azerbaijan report casualties in border clash", &[
        "Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.",
        "Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.",
        "Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.",
    ])
}

fn sahel(site: &str) -> String {
    page(site, "Twelve soldiers killed in attack near Gao", &[
        "Mali's army said on Friday that twelve Malian soldiers were killed when JNIM militants attacked a military base near Gao in the north of the country.",
        "The army said the attackers used motorbikes and a car bomb, and that reinforcements had been sent to the area as the search for the attackers went on.",
    ])
}

fn settings(shards: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CLASHWATCH_BOT__SHARDS", shards.into()),
        (
            "CLASHWATCH_BOT__IDENTIFY_SPACING_MS",
            SPACING_MS.to_string(),
        ),
        // Global commands: the servers are on two shards.
        ("DISCORD_GUILD_ID", String::new()),
        ("CLASHWATCH_JOBS__LEASE_SECS", "3".into()),
        ("CLASHWATCH_ALERTS__LEASE_SECS", "3".into()),
        ("CLASHWATCH_JOBS__RESCUE_SECS", "1".into()),
        ("CLASHWATCH_JOBS__POLL_MS", "50".into()),
        ("CLASHWATCH_JOBS__PER_HOST", "32".into()),
        ("CLASHWATCH_JOBS__REPLY_RETRY_BASE_SECS", "1".into()),
        ("CLASHWATCH_ALERTS__POLL_MS", "100".into()),
        ("CLASHWATCH_ALERTS__RETRY_BASE_SECS", "1".into()),
        ("CLASHWATCH_ALERTS__CHANNEL_INTERVAL_SECS", "0".into()),
        ("CLASHWATCH_FETCH__TIMEOUT_SECS", "20".into()),
        ("CLASHWATCH_DATABASE__MAX_CONNECTIONS", "4".into()),
    ]
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn shard_of(guild: u64) -> u64 {
    (guild >> 22) % 2
}

/// A server on each shard, each with #news (watched) and #alerts
/// (subscribed to the South Caucasus): ids follow the clock, so servers
/// made a few milliseconds apart land on both shards.
async fn servers_on_both_shards(sim: &DiscordSim) -> Vec<(u64, u64, u64)> {
    let mut found: Vec<(u64, u64, u64)> = Vec::new();
    for n in 0..50 {
        let guild = sim.add_guild(GuildSpec {
            name: format!("Watchers {n}"),
            channels: vec!["news".into(), "alerts".into()],
        });
        if !found
            .iter()
            .any(|(g, _, _)| shard_of(*g) == shard_of(guild))
        {
            let channel = |name: &str| {
                sim.channels()
                    .iter()
                    .find(|c| c.guild_id == guild && c.name == name)
                    .map(|c| c.id)
                    .expect("channel")
            };
            found.push((guild, channel("news"), channel("alerts")));
        }
        if found.len() == 2 {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    panic!("no servers on both shards");
}

async fn one_reply_each(sim: &DiscordSim, messages: &[u64]) {
    for &m in messages {
        sim.wait_until(WAIT, |s| (!s.replies_to(m).is_empty()).then_some(()))
            .await
            .unwrap_or_else(|| panic!("no reply to message {m}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shard_processes_and_a_worker_do_everything_once() {
    let Some(db) = db::postgres().await else {
        eprintln!("skipped: set CLASHWATCH_TEST_POSTGRES to run the scale-out test");
        return;
    };
    let sim = DiscordSim::start().await;
    let servers = servers_on_both_shards(&sim).await;
    let mut routes: Vec<(String, Page)> = Vec::new();
    for n in 0..6 {
        routes.push((
            format!("/caucasus{n}"),
            Page::html(&caucasus(&format!("Wire {n}"))),
        ));
        routes.push((
            format!("/sahel{n}"),
            Page::html(&sahel(&format!("Monitor {n}"))),
        ));
    }
    // Slow pages keep workers busy, so the worker process gets one of them
    // however fast the bots' own workers claim.
    for n in 0..SLOW_PAGES {
        routes.push((
            format!("/slow{n}"),
            Page::html(&sahel(&format!("Slow {n}"))).delayed(Duration::from_secs(4)),
        ));
    }
    let server = ArticleServer::start(
        routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    )
    .await;

    // Both bots at once: the start queue spaces their logins.
    let worker = BotProcess::start_as("worker", &sim, &db.url, &settings("auto"));
    let bot0 = BotProcess::start(&sim, &db.url, &settings("0-0/2"));
    let bot1 = BotProcess::start(&sim, &db.url, &settings("1/2"));
    let both = sim
        .wait_until(WAIT, |s| {
            let shards: Vec<_> = s.identified_shards();
            (shards.len() >= 2).then_some(shards)
        })
        .await;
    let Some(identified) = both else {
        panic!(
            "both shards connected\nbot0:\n{}\nbot1:\n{}",
            bot0.log_tail(),
            bot1.log_tail()
        );
    };
    let mut asked: Vec<_> = identified.iter().map(|(s, _)| *s).collect();
    asked.sort();
    assert_eq!(
        asked,
        vec![Some((0, 2)), Some((1, 2))],
        "each process its shard"
    );
    let apart = identified[1].1.duration_since(identified[0].1);
    assert!(
        apart >= Duration::from_millis(SPACING_MS * 9 / 10),
        "logins spaced by the start queue: {apart:?}"
    );
    assert!(!sim.wait_for_commands(WAIT).await.is_empty());

    // Commands typed in each server are answered by that server's shard.
    let moderator = SimUser::moderator("mod");
    for (_, news, alerts) in &servers {
        let (text, _) = command(&sim, *news, &moderator, "watch", sub("add", json!([]))).await;
        assert!(text.contains("I'll read links"), "{text}");
        let (text, _) = command(
            &sim,
            *alerts,
            &moderator,
            "alerts",
            sub(
                "subscribe",
                json!([{"type": 3, "name": "region", "value": "South Caucasus"}]),
            ),
        )
        .await;
        assert!(text.contains("will get an alert"), "{text}");
    }

    // Links in both servers, the same clash reported in both.
    let mut messages = Vec::new();
    for (i, (_, news, _)) in servers.iter().enumerate() {
        let member = SimUser::member(&format!("reader{i}"));
        for n in (i..6).step_by(2) {
            messages.push(sim.post_message(*news, &member, &server.url(&format!("/caucasus{n}"))));
            messages.push(sim.post_message(*news, &member, &server.url(&format!("/sahel{n}"))));
        }
    }
    one_reply_each(&sim, &messages).await;
    for (_, _, alerts) in &servers {
        sim.wait_until(WAIT, |s| (!s.posted(*alerts).is_empty()).then_some(()))
            .await
            .expect("an alert in each subscribed channel");
    }

    // SIGKILL the worker while it reads: the bots' workers finish its jobs.
    let (_, news, _) = servers[0];
    let member = SimUser::member("late reader");
    // Post slow links one at a time until the worker process holds one of
    // their jobs: which process claims a job is a race, so one batch could
    // go entirely to the bots' workers.
    let tag = format!("-{}-", worker.pid());
    let mut slow: Vec<u64> = Vec::new();
    let held = async {
        loop {
            if slow.len() < SLOW_PAGES {
                let n = slow.len();
                slow.push(sim.post_message(news, &member, &server.url(&format!("/slow{n}"))));
            }
            let rows =
                sqlx::query("SELECT id FROM jobs WHERE state = 'running' AND locked_by LIKE $1")
                    .bind(format!("%{tag}%"))
                    .fetch_all(db.store.pool())
                    .await
                    .expect("jobs");
            if !rows.is_empty() {
                return rows
                    .iter()
                    .map(|r| r.try_get::<i64, _>("id").expect("id"))
                    .collect::<Vec<i64>>();
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    };
    let held = tokio::time::timeout(WAIT, held)
        .await
        .unwrap_or_else(|_| panic!("the worker took a job\n{}", worker.log_tail()));
    worker.kill();
    let killed = Instant::now();
    let finished = async {
        loop {
            let ids: Vec<String> = held.iter().map(i64::to_string).collect();
            let n: i64 = sqlx::query(&format!(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM jobs WHERE state = 'done' AND id IN ({})",
                ids.join(", ")
            ))
            .fetch_one(db.store.pool())
            .await
            .expect("jobs")
            .try_get("n")
            .expect("n");
            if n == held.len() as i64 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(WITHIN, finished)
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the worker's jobs were finished by the bots\nbot0:\n{}",
                bot0.log_tail()
            )
        });
    eprintln!(
        "the killed worker's {} job(s) finished {:.1} s after the SIGKILL",
        held.len(),
        killed.elapsed().as_secs_f32()
    );
    messages.extend(&slow);
    one_reply_each(&sim, &slow).await;

    // Long enough for a duplicate to show: a lease, a rescue pass, a retry.
    tokio::time::sleep(Duration::from_secs(5)).await;
    for &m in &messages {
        assert_eq!(sim.replies_to(m).len(), 1, "message {m} answered once");
    }
    for (guild, _, alerts) in &servers {
        assert_eq!(
            sim.posted(*alerts).len(),
            1,
            "server {guild} (shard {}): one alert for the one clash",
            shard_of(*guild)
        );
    }
    let registrations = sim
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count();
    assert_eq!(
        registrations, 1,
        "commands registered once, by shard 0's process"
    );
    drop(bot1);
    drop(bot0);
}
