//! The burst benchmark: the real `clashwatch run` binary, default limits,
//! against the local Discord API failing 20% of requests (500 and 429, half
//! of the 500s after creating the message, nonces forgotten at once) with two
//! gateway drops. Prints accepted and refused link messages, notices, time
//! to drain and the bot's peak memory.
//!
//! Run: `cargo bench --bench burst` (10,000 messages in 10 channels from 200
//! members, 1,000 with links). `BURST_MESSAGES`, `BURST_LINKS` change the size.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use support::burst::{run, BurstSpec};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let spec = BurstSpec {
        messages: env("BURST_MESSAGES", 10_000),
        channels: 10,
        members: 200,
        links: env("BURST_LINKS", 1_000),
        failure_share: 0.2,
        gateway_drops: 2,
        timeout: Duration::from_secs(env("BURST_TIMEOUT_SECS", 900) as u64),
    };
    println!("{spec:?}");
    let r = run(&spec).await;
    println!("{r:#?}");
    println!(
        "link messages {} · accepted {} · refused {} · notices {} · answered once {} · \
         duplicated {} · unanswered {} · unfinished jobs {} · drained in {:.1} s · peak RSS {:.0} MiB",
        r.link_messages,
        r.accepted,
        r.refused,
        r.notices,
        r.answered_once,
        r.duplicated,
        r.unanswered,
        r.unfinished_jobs,
        r.drain.as_secs_f64(),
        r.peak_rss_mib
    );
}
