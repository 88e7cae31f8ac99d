//! Crashes for real: the `clashwatch` binary runs as a child process against
//! the local Discord API and is killed with SIGKILL mid-fetch, mid-reply and
//! mid-alert, then started again on the same database. Each link must be
//! answered, and each alert posted, exactly once, within 30 s of the restart.
//!
//! The local API forgets nonces at once here (`nonce_window: 0`), so a
//! duplicate would show: "exactly once" is the bot's doing, not the API's.
//! Leases are short (`CLASHWATCH_JOBS__LEASE_SECS=3`) to keep the tests
//! fast; `CLASHWATCH_CRASH_LEASE_SECS=15` runs them with the default lease.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, BotProcess, WAIT};
use support::db::{self, TestDb};
use support::discord::{DiscordSim, FaultConfig, SimConfig, SimUser};

/// What the issue promises after a restart.
const WITHIN: Duration = Duration::from_secs(30);

const CLASH_PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="article:published_time" content="2023-09-01T18:00:00Z">
</head><body><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
</article></body></html>"#;

fn lease_secs() -> String {
    std::env::var("CLASHWATCH_CRASH_LEASE_SECS").unwrap_or_else(|_| "3".into())
}

fn settings() -> Vec<(&'static str, String)> {
    vec![
        ("CLASHWATCH_JOBS__LEASE_SECS", lease_secs()),
        ("CLASHWATCH_ALERTS__LEASE_SECS", lease_secs()),
        ("CLASHWATCH_JOBS__RESCUE_SECS", "1".into()),
        ("CLASHWATCH_JOBS__POLL_MS", "50".into()),
        ("CLASHWATCH_JOBS__REPLY_RETRY_BASE_SECS", "1".into()),
        ("CLASHWATCH_ALERTS__POLL_MS", "100".into()),
        ("CLASHWATCH_ALERTS__RETRY_BASE_SECS", "1".into()),
        ("CLASHWATCH_ALERTS__CHANNEL_INTERVAL_SECS", "0".into()),
        ("CLASHWATCH_BOT__TYPING_AFTER_MS", "200".into()),
        ("CLASHWATCH_FETCH__TIMEOUT_SECS", "10".into()),
    ]
}

async fn forgetful_sim() -> DiscordSim {
    let sim = DiscordSim::start_with(SimConfig::default()).await;
    sim.set_faults(FaultConfig {
        nonce_window: Some(Duration::ZERO),
        ..FaultConfig::default()
    });
    sim
}

/// Start the binary and wait until it is connected (the `n`th READY).
async fn start(sim: &DiscordSim, db: &TestDb, n: usize) -> BotProcess {
    let bot = BotProcess::start(sim, &db.url, &settings());
    assert!(
        sim.wait_for_ready_count(n, WAIT).await,
        "{}: the bot connected",
        db.label
    );
    assert!(!sim.wait_for_commands(WAIT).await.is_empty());
    bot
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

async fn replies_within(sim: &DiscordSim, message: u64, within: Duration) -> Option<Duration> {
    let started = Instant::now();
    sim.wait_until(within, |s| {
        (!s.replies_to(message).is_empty()).then_some(())
    })
    .await
    .map(|()| started.elapsed())
}

/// Polls `check` (a look at the store) every 100 ms for up to 30 s; returns
/// how long it took to hold.
async fn store_within<F, Fut>(mut check: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while started.elapsed() < WITHIN {
        if check().await {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

/// Long enough for a second reply to show up if one were coming: a lease,
/// a rescue pass and a retry.
async fn settle() {
    let lease: u64 = lease_secs().parse().unwrap_or(3);
    tokio::time::sleep(Duration::from_secs(lease + 2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_fetch_answers_once_after_restart() {
    for db in db::all().await {
        let sim = forgetful_sim().await;
        let server = ArticleServer::start(vec![(
            "/slow",
            Page::html(CLASH_PAGE).delayed(Duration::from_millis(2500)),
        )])
        .await;
        let bot = start(&sim, &db, 1).await;
        let news = sim.channel_id("news");
        let moderator = SimUser::moderator("mod");
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;

        let posted = sim.post_message(news, &moderator, &server.url("/slow"));
        sim.wait_until(WAIT, |_| (!server.requests().is_empty()).then_some(()))
            .await
            .expect("the page is being read");
        tokio::time::sleep(Duration::from_millis(400)).await;
        bot.kill();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert!(
            sim.replies_to(posted).is_empty(),
            "{}: the dead bot said nothing",
            db.label
        );

        let bot = start(&sim, &db, 2).await;
        let took = replies_within(&sim, posted, WITHIN).await;
        let took = took.unwrap_or_else(|| {
            panic!(
                "{}: answered within 30 s of the restart; the bot logged:\n{}",
                db.label,
                bot.log_tail()
            )
        });
        settle().await;
        assert_eq!(
            sim.replies_to(posted).len(),
            1,
            "{}: answered exactly once",
            db.label
        );
        assert_eq!(sim.replies_to(posted)[0].embeds().len(), 1);
        println!(
            "{}: mid-fetch kill → reply {took:?} after the restart",
            db.label
        );
        drop(bot);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_reply_answers_once_after_the_nonce_is_forgotten() {
    for db in db::all().await {
        let sim = forgetful_sim().await;
        let server = ArticleServer::start(vec![("/clash", Page::html(CLASH_PAGE))]).await;
        let bot = start(&sim, &db, 1).await;
        let news = sim.channel_id("news");
        let moderator = SimUser::moderator("mod");
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;

        // Discord creates the reply but the bot dies before it hears back.
        sim.hold_answers(news);
        let posted = sim.post_message(news, &moderator, &server.url("/clash"));
        sim.wait_until(WAIT, |s| (s.held_posts(news) > 0).then_some(()))
            .await
            .expect("the reply was being sent");
        bot.kill();
        sim.release_answers(news);
        assert_eq!(
            sim.replies_to(posted).len(),
            1,
            "the reply exists, unrecorded"
        );
        // A busy channel: the reply is no longer among the newest 100.
        let member = SimUser::member("chatty");
        for i in 0..150 {
            sim.post_message(news, &member, &format!("chatter {i}"));
        }

        let bot = start(&sim, &db, 2).await;
        let store = db.store.clone();
        let took = store_within(|| {
            let store = store.clone();
            async move {
                store.reply_state(posted as i64).await.ok().flatten()
                    == Some(clashwatch::store::ReplyState::Sent)
            }
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "{}: recorded as sent within 30 s of the restart; the bot logged:\n{}",
                db.label,
                bot.log_tail()
            )
        });
        settle().await;
        assert_eq!(
            sim.replies_to(posted).len(),
            1,
            "{}: not sent again, though the nonce is forgotten",
            db.label
        );
        println!(
            "{}: mid-reply kill → reply recorded {took:?} after the restart",
            db.label
        );
        drop(bot);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_alert_posts_it_once_after_restart() {
    for db in db::all().await {
        let sim = forgetful_sim().await;
        let server = ArticleServer::start(vec![("/clash", Page::html(CLASH_PAGE))]).await;
        let bot = start(&sim, &db, 1).await;
        let news = sim.channel_id("news");
        let alerts = sim.channel_id("alerts");
        let moderator = SimUser::moderator("mod");
        command(
            &sim,
            alerts,
            &moderator,
            "alerts",
            sub(
                "subscribe",
                json!([{"type": 3, "name": "region", "value": "Caucasus"}]),
            ),
        )
        .await;
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;

        // The alert is created, the bot dies before recording it.
        sim.hold_answers(alerts);
        let posted = sim.post_message(news, &moderator, &server.url("/clash"));
        sim.wait_until(WAIT, |s| (s.held_posts(alerts) > 0).then_some(()))
            .await
            .expect("the alert was being posted");
        bot.kill();
        sim.release_answers(alerts);

        let bot = start(&sim, &db, 2).await;
        let store = db.store.clone();
        let took = store_within(|| {
            let store = store.clone();
            async move {
                let states = store
                    .deliveries_in_channel(alerts as i64)
                    .await
                    .unwrap_or_default();
                !states.is_empty() && states.iter().all(|(_, s)| s == "sent")
            }
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "{}: the alert is recorded as sent within 30 s of the restart; the bot logged:\n{}",
                db.label,
                bot.log_tail()
            )
        });
        replies_within(&sim, posted, WITHIN)
            .await
            .unwrap_or_else(|| panic!("{}: the link is answered", db.label));
        settle().await;
        assert_eq!(sim.posted(alerts).len(), 1, "{}: one alert", db.label);
        assert_eq!(sim.replies_to(posted).len(), 1, "{}: one reply", db.label);
        println!(
            "{}: mid-alert kill → alert recorded {took:?} after the restart",
            db.label
        );
        drop(bot);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_posted_while_down_are_answered_once_on_start() {
    let db = db::sqlite().await;
    let sim = forgetful_sim().await;
    let server = ArticleServer::start(vec![
        ("/before", Page::html(CLASH_PAGE)),
        ("/while-down", Page::html(CLASH_PAGE)),
    ])
    .await;
    let bot = start(&sim, &db, 1).await;
    let news = sim.channel_id("news");
    let member = SimUser::member("reader");
    command(
        &sim,
        news,
        &SimUser::moderator("mod"),
        "watch",
        sub("add", json!([])),
    )
    .await;
    let before = sim.post_message(news, &member, &server.url("/before"));
    if replies_within(&sim, before, WAIT).await.is_none() {
        panic!("answered live; the bot logged:\n{}", bot.log_tail());
    }
    bot.terminate();

    let missed = sim.post_message(
        news,
        &member,
        &format!("while you were out: {}", server.url("/while-down")),
    );
    let chatter = sim.post_message(news, &member, "no links here");
    let bot = start(&sim, &db, 2).await;
    if replies_within(&sim, missed, WITHIN).await.is_none() {
        panic!(
            "the link posted while the bot was down is answered; the bot logged:\n{}",
            bot.log_tail()
        );
    }
    settle().await;
    assert_eq!(sim.replies_to(missed).len(), 1);
    assert_eq!(
        sim.replies_to(before).len(),
        1,
        "the one answered before is not answered again"
    );
    assert!(sim.replies_to(chatter).is_empty());
    drop(bot);
}
