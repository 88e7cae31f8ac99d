//! The real `clashwatch run` binary against the local Discord-compatible API
//! and local article servers: time from MESSAGE_CREATE to the reply's POST
//! over 200 links with 20 in flight, and the bot's resident memory idle and
//! under that load.
//!
//! Run: `cargo bench --bench bot_latency`. Article pages are the shared
//! extraction benchmark's pages when `../shared/eval/extraction/html` exists
//! (real news pages, read at run time, never copied), else a small built-in
//! page. The bot runs with its default settings except: link rate limits are
//! lifted (one benchmark user posts 200 links) and the fetch guard lets it
//! reach 127.0.0.x; articles that are not clash reports get the one-line note
//! so that every link is answered. Pages are spread over 10 loopback hosts so the per-host
//! politeness limit acts as it would on varied news sites. Any other
//! `CLASHWATCH_*` variable in the environment reaches the bot too, e.g.
//! `CLASHWATCH_JOBS__WORKERS=16 cargo bench --bench bot_latency`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use support::article_server::{ArticleServer, Reply as Page};
use support::discord::{DiscordSim, SimUser};

const LINKS: usize = 200;
const IN_FLIGHT: usize = 20;
const HOSTS: u8 = 10;
const WAIT: Duration = Duration::from_secs(60);

const FALLBACK_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Border clash</title></head><body><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
</article></body></html>"#;

fn pages() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/extraction/html");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    found.sort();
    let pages: Vec<String> = found
        .iter()
        .take(LINKS)
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    if pages.is_empty() {
        println!("(no shared eval pages: using the built-in page)");
        vec![FALLBACK_PAGE.to_string()]
    } else {
        println!(
            "pages: {} real news pages from the shared benchmark",
            pages.len()
        );
        pages
    }
}

/// Resident and peak resident memory of a process, in MiB (Linux).
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let sim = DiscordSim::start().await;
    let pages = pages();
    let mut servers = Vec::new();
    for h in 0..HOSTS {
        let routes: Vec<(String, Page)> = (0..LINKS)
            .filter(|i| i % HOSTS as usize == h as usize)
            .map(|i| (format!("/news/{i}"), Page::html(&pages[i % pages.len()])))
            .collect();
        let routes = routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect();
        servers.push(
            ArticleServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, h + 1)), routes).await,
        );
    }

    let data = tempfile::tempdir()?;
    let db = data.path().join("bench.db");
    let child = Command::new(env!("CARGO_BIN_EXE_clashwatch"))
        .arg("run")
        .env("DISCORD_TOKEN", sim.token())
        .env("DISCORD_API_URL", sim.base_url())
        .env("DISCORD_GUILD_ID", sim.guild_id().to_string())
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("CLASHWATCH_FETCH__ALLOW_PRIVATE_ADDRESSES", "true")
        .env("CLASHWATCH_BOT__USER_LINKS_PER_MINUTE", "100000")
        .env("CLASHWATCH_BOT__CHANNEL_LINKS_PER_MINUTE", "100000")
        .env("CLASHWATCH_BOT__NON_CLASH", "note")
        // The bot's own warnings only; `CLASHWATCH_BENCH_LOG` shows more.
        .env(
            "RUST_LOG",
            std::env::var("CLASHWATCH_BENCH_LOG")
                .unwrap_or_else(|_| "warn,trafilatura=error,html5ever=error".into()),
        )
        .stdout(Stdio::null())
        .spawn()?;
    let pid = child.id();
    let _child = KillOnDrop(child);
    anyhow::ensure!(sim.wait_ready(WAIT).await, "the bot did not connect");
    anyhow::ensure!(
        !sim.wait_for_commands(WAIT).await.is_empty(),
        "no commands registered"
    );

    let news = sim.channel_id("news");
    let moderator = SimUser::moderator("mod");
    let poster = SimUser::member("poster");
    let id = sim.slash_command(
        news,
        &moderator,
        "watch",
        json!([{"type": 1, "name": "add", "options": []}]),
    );
    anyhow::ensure!(
        !sim.wait_for_interaction_response(id, 1, WAIT)
            .await
            .is_empty(),
        "/watch add unanswered"
    );

    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle, _) = memory_mib(pid);

    let started = Instant::now();
    let mut outstanding: Vec<u64> = Vec::new();
    let mut done: Vec<u64> = Vec::new();
    let mut next = 0;
    let mut peak_rss = idle;
    while done.len() < LINKS {
        while outstanding.len() < IN_FLIGHT && next < LINKS {
            let host = next % HOSTS as usize;
            let url = servers[host].url(&format!("/news/{next}"));
            outstanding.push(sim.post_message(news, &poster, &format!("news: {url}")));
            next += 1;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        let (answered, waiting): (Vec<u64>, Vec<u64>) = outstanding
            .iter()
            .partition(|m| !sim.replies_to(**m).is_empty());
        done.extend(answered);
        outstanding = waiting;
        peak_rss = peak_rss.max(memory_mib(pid).0);
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the bot stopped answering"
        );
    }
    let wall = started.elapsed();
    let mut latencies: Vec<Duration> = done.iter().filter_map(|m| sim.reply_latency(*m)).collect();
    latencies.sort();
    let (after, hwm) = memory_mib(pid);

    let embeds = done
        .iter()
        .filter(|m| sim.replies_to(**m).iter().any(|r| !r.embeds().is_empty()))
        .count();
    println!(
        "links: {LINKS}, {IN_FLIGHT} in flight, {} replies with key facts, {:.1} links/s",
        embeds,
        LINKS as f64 / wall.as_secs_f64()
    );
    println!(
        "MESSAGE_CREATE -> reply POST: median {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.9).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        percentile(&latencies, 1.0).as_secs_f64() * 1e3,
    );
    println!("resident memory: idle {idle:.1} MiB, peak under load {peak_rss:.1} MiB (high-water {hwm:.1} MiB), after {after:.1} MiB");
    Ok(())
}
