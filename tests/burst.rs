//! The burst in small (500 messages in 10 watched channels from 200 members,
//! 50 with links), with 20% of the Discord API's requests failing and two
//! gateway drops: every accepted link answered exactly once, nothing left
//! unfinished. The full size is `cargo bench --bench burst` (see README).

mod support;

use std::time::Duration;

use support::burst::{run, BurstSpec};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_through_discord_errors_answers_every_accepted_link_once() {
    let report = run(&BurstSpec {
        // `BURST_MESSAGES=10000 BURST_LINKS=1000` runs the full size here too.
        messages: env("BURST_MESSAGES", 500),
        channels: 10,
        members: 200,
        links: env("BURST_LINKS", 50),
        failure_share: 0.2,
        gateway_drops: 2,
        timeout: Duration::from_secs(env("BURST_TIMEOUT_SECS", 90) as u64),
    })
    .await;
    println!("{report:#?}");
    assert_eq!(report.link_messages, env("BURST_LINKS", 50));
    assert!(report.accepted > 0, "{report:?}");
    assert_eq!(report.accepted + report.refused, report.link_messages);
    assert_eq!(report.duplicated, 0, "{report:?}");
    assert_eq!(report.unanswered, 0, "{report:?}");
    assert_eq!(report.answered_once, report.accepted, "{report:?}");
    assert_eq!(report.unfinished_jobs, 0, "{report:?}");
    assert!(
        report.injected_failures.values().sum::<usize>() > 0,
        "the API failed requests: {report:?}"
    );
}
