//! The burst: many members posting at once in many watched channels, some
//! messages with links to local article pages, while the local Discord API
//! fails a share of requests and drops the gateway. Run by
//! `tests/burst.rs` (500 messages, in CI) and `benches/burst.rs` (10,000,
//! documented in the README). The bot is the real binary with its default
//! limits (only the fetch guard is opened for the local pages).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use clashwatch::store::Store;
use serde_json::json;
use sqlx::Row;

use super::article_server::{ArticleServer, Reply as Page};
use super::bot::{command, BotProcess, WAIT};
use super::discord::{DiscordSim, FaultConfig, GuildSpec, SimConfig, SimUser};

#[derive(Debug, Clone)]
pub struct BurstSpec {
    pub messages: usize,
    pub channels: usize,
    pub members: usize,
    /// Messages that carry a link (spread evenly).
    pub links: usize,
    pub failure_share: f64,
    pub gateway_drops: usize,
    /// Give up waiting for the bot to drain after this long.
    pub timeout: Duration,
}

#[derive(Debug, Clone, Default)]
pub struct BurstReport {
    pub link_messages: usize,
    /// Link messages the bot queued (within its rate limits).
    pub accepted: usize,
    /// Link messages it refused (rate limits).
    pub refused: usize,
    /// Bot messages answering a refused message (rate-limit notices).
    pub notices: usize,
    /// Accepted messages with exactly one reply.
    pub answered_once: usize,
    /// Accepted messages with more than one reply.
    pub duplicated: usize,
    pub unanswered: usize,
    /// Jobs not finished when the bot stopped working.
    pub unfinished_jobs: usize,
    /// From the first message posted to the last accepted one answered.
    pub drain: Duration,
    pub peak_rss_mib: f64,
    pub injected_failures: HashMap<u16, usize>,
}

const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="article:published_time" content="2023-09-01T18:00:00Z">
</head><body><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
</article></body></html>"#;

fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Messages with jobs (accepted) and whether any job is unfinished.
async fn accepted(store: &Store) -> (HashSet<u64>, usize) {
    let rows = sqlx::query("SELECT message_id, state FROM jobs WHERE explicit = 0")
        .fetch_all(store.pool())
        .await
        .unwrap_or_default();
    let mut messages = HashSet::new();
    let mut unfinished = 0;
    for r in rows {
        messages.insert(r.get::<i64, _>("message_id") as u64);
        let state: String = r.get("state");
        if state == "queued" || state == "running" {
            unfinished += 1;
        }
    }
    (messages, unfinished)
}

pub async fn run(spec: &BurstSpec) -> BurstReport {
    let sim = DiscordSim::start_with(SimConfig {
        guilds: vec![GuildSpec {
            name: "Burst".into(),
            channels: (0..spec.channels).map(|c| format!("c{c}")).collect(),
        }],
        ..SimConfig::default()
    })
    .await;
    let paths: Vec<String> = (0..spec.links).map(|i| format!("/a/{i}")).collect();
    let server = ArticleServer::start(
        paths
            .iter()
            .map(|p| (p.as_str(), Page::html(PAGE)))
            .collect(),
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/burst.db", dir.path().display());
    let bot = BotProcess::start(
        &sim,
        &url,
        &[("CLASHWATCH_BOT__NON_CLASH", "note".to_string())],
    );
    assert!(sim.wait_ready(WAIT).await, "the bot connected");
    assert!(!sim.wait_for_commands(WAIT).await.is_empty());
    let moderator = SimUser::moderator("mod");
    let channels: Vec<u64> = sim.channels().iter().map(|c| c.id).collect();
    for c in &channels {
        command(
            &sim,
            *c,
            &moderator,
            "watch",
            json!([{"type": 1, "name": "add", "options": []}]),
        )
        .await;
    }
    let store = Store::open(&url, 2).await.expect("open the bot's database");
    sim.set_faults(FaultConfig {
        failure_share: spec.failure_share,
        rate_limited_share: 0.5,
        lost_answer_share: 0.5,
        retry_after: 0.5,
        nonce_window: Some(Duration::ZERO),
    });

    let members: Vec<SimUser> = (0..spec.members)
        .map(|m| SimUser::member(&format!("member{m}")))
        .collect();
    let every = (spec.messages / spec.links.max(1)).max(1);
    let drop_every = spec.messages / (spec.gateway_drops + 1);
    let mut link_messages = Vec::new();
    let started = Instant::now();
    for i in 0..spec.messages {
        let n = i / every;
        let is_link = i % every == 0 && n < spec.links;
        // Links are spread over every channel and member by their own count:
        // by the message's count they would all land in one channel (every
        // `every`-th message of a channel cycle) and hit its limit alone.
        let (channel, member) = if is_link {
            (
                channels[n % channels.len()],
                &members[(n * 7) % members.len()],
            )
        } else {
            (
                channels[i % channels.len()],
                &members[(i * 7) % members.len()],
            )
        };
        if is_link {
            link_messages.push(sim.post_message(
                channel,
                member,
                &format!("have you seen this {}", server.url(&paths[n])),
            ));
        } else {
            sim.post_message(channel, member, &format!("chatter number {i}"));
        }
        if spec.gateway_drops > 0 && drop_every > 0 && i > 0 && i % drop_every == 0 {
            sim.drop_gateway();
        }
        if i % 200 == 199 {
            tokio::task::yield_now().await;
        }
    }

    // Drained: every accepted message answered, no job unfinished, and
    // nothing new for a few seconds (so late duplicates would show).
    let deadline = Instant::now() + spec.timeout;
    let mut drained_at = None;
    let mut quiet_since = Instant::now();
    let mut last_posts = 0;
    loop {
        let (accepted, unfinished) = accepted(&store).await;
        let posts = sim.all_posted().len();
        if posts != last_posts {
            last_posts = posts;
            quiet_since = Instant::now();
        }
        let all_answered = accepted.iter().all(|m| !sim.replies_to(*m).is_empty());
        if all_answered && unfinished == 0 && !accepted.is_empty() {
            drained_at.get_or_insert_with(|| started.elapsed());
            if quiet_since.elapsed() > Duration::from_secs(5) {
                break;
            }
        } else {
            drained_at = None;
        }
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    let (accepted, unfinished_jobs) = accepted(&store).await;
    let mut report = BurstReport {
        link_messages: link_messages.len(),
        accepted: accepted.len(),
        refused: link_messages.len() - accepted.len(),
        unfinished_jobs,
        drain: drained_at.unwrap_or(spec.timeout),
        peak_rss_mib: peak_rss_mib(bot.pid()),
        injected_failures: sim.injected_failures(),
        ..BurstReport::default()
    };
    for m in &link_messages {
        let replies = sim.replies_to(*m).len();
        if accepted.contains(m) {
            match replies {
                0 => report.unanswered += 1,
                1 => report.answered_once += 1,
                _ => report.duplicated += 1,
            }
        } else {
            report.notices += replies;
        }
    }
    store.close().await;
    drop(bot);
    report
}
