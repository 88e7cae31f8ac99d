//! The bot (in process, on its own runtime) against a local Discord API in
//! fault mode: 500s (some after the message was created), 429s, dropped
//! gateway connections, nonces forgotten at once, alerts deleted by
//! moderators. Every link is still answered exactly once.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, FaultConfig, SimUser};

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

fn wire() -> Page {
    Page::html(&page("Caucasus Wire", "Armenia, Azerbaijan report casualties in border clash", &[
        "Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.",
        "Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.",
        "Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.",
    ]))
}

fn update() -> Page {
    Page::html(&page("Caucasus Wire", "Armenian death toll in border clash rises to six", &[
        "Six Armenian soldiers were killed in Friday's shelling by Azerbaijani forces near the villages of Sotk and Norabak, Armenia's Defense Ministry said, raising its earlier toll.",
        "The ministry said two of the soldiers died of their wounds in hospital, and that the situation on the border with Azerbaijan remained tense but calm overnight.",
    ]))
}

const FESTIVAL: &str = "<html><head><title>Harvest festival opens</title></head><body><article>\
    <h1>Harvest festival opens</h1><p>The town's harvest festival opened on Saturday with music, \
    food stalls and a parade through the old market square.</p><p>Organisers expect thousands of \
    visitors over the weekend, and the weather forecast is kind.</p><p>Local bakers have prepared \
    a record number of loaves, and the brass band from the neighbouring village will play on both \
    evenings before the closing fireworks.</p></article></body></html>";

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

/// Bug: a 404 "Unknown Message" on editing an alert a moderator deleted
/// paused every subscription of the channel. Now a fresh alert is posted and
/// the subscription stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_alert_is_posted_again_and_the_subscription_stays() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let server = ArticleServer::start(vec![("/wire", wire()), ("/update", update())]).await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
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
    sim.post_message(news, &moderator, &server.url("/wire"));
    let first = sim
        .wait_until(WAIT, |s| s.posted(alerts).first().map(|m| m.id))
        .await
        .expect("the first alert");
    sim.delete_bot_message(first);

    sim.post_message(news, &moderator, &server.url("/update"));
    sim.wait_until(WAIT, |s| (s.posted(alerts).len() == 2).then_some(()))
        .await
        .expect("a fresh alert replaces the deleted one");
    let fresh = &sim.posted(alerts)[1];
    assert!(
        fresh.embeds()[0].to_string().contains('6'),
        "{}",
        fresh.body
    );
    let subs = db.store.subscriptions(sim.guild_id() as i64).await.unwrap();
    assert!(subs.iter().all(|s| !s.paused), "{subs:?}");
    bot.stop().await;
}

/// `/clashes summarize` goes through the job queue and is answered by the
/// same code as a watched link, naming a non-clash article even with
/// `[bot] non_clash = "silent"`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summarize_is_a_job_and_always_answers() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let server = ArticleServer::start(vec![("/festival", Page::html(FESTIVAL))]).await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
    let news = sim.channel_id("news");
    let (text, _) = command(
        &sim,
        news,
        &SimUser::member("reader"),
        "clashes",
        sub(
            "summarize",
            json!([{"type": 3, "name": "url", "value": server.url("/festival")}]),
        ),
    )
    .await;
    assert!(text.contains("not a report of fighting"), "{text}");
    let explicit: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM jobs WHERE explicit = 1 AND state = 'done'")
            .fetch_one(db.store.pool())
            .await
            .map(|r| sqlx::Row::get(&r, "n"))
            .unwrap();
    assert_eq!(explicit, 1, "the request was a job on the queue");
    assert!(
        sim.posted(news).is_empty(),
        "answered through the interaction only"
    );
    bot.stop().await;
}

/// A flood of links while Discord fails a quarter of the requests (half of
/// the 500s after creating the message), nonces are forgotten at once and
/// the gateway drops twice: every link answered exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_link_is_answered_once_through_discord_errors() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let routes: Vec<(String, Page)> = (0..20)
        .map(|i| {
            (
                format!("/n/{i}"),
                if i % 2 == 0 {
                    wire()
                } else {
                    Page::html(FESTIVAL)
                },
            )
        })
        .collect();
    let server = ArticleServer::start(
        routes
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    )
    .await;
    let mut config = test_config(&db);
    config.bot.user_links_per_minute = 10_000;
    config.bot.channel_links_per_minute = 10_000;
    config.bot.non_clash = clashwatch::config::NonClashReply::Note;
    let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
    ready(&sim).await;
    let news = sim.channel_id("news");
    let general = sim.channel_id("general");
    let moderator = SimUser::moderator("mod");
    command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;
    command(&sim, general, &moderator, "watch", sub("add", json!([]))).await;
    sim.set_faults(FaultConfig {
        failure_share: 0.25,
        rate_limited_share: 0.5,
        lost_answer_share: 0.5,
        retry_after: 0.2,
        nonce_window: Some(Duration::ZERO),
    });
    let members: Vec<SimUser> = (0..5).map(|i| SimUser::member(&format!("m{i}"))).collect();
    let mut posted = Vec::new();
    for i in 0..20 {
        let channel = if i % 2 == 0 { news } else { general };
        posted.push(sim.post_message(channel, &members[i % 5], &server.url(&format!("/n/{i}"))));
        if i == 7 || i == 14 {
            sim.drop_gateway();
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
    let all = sim
        .wait_until(Duration::from_secs(60), |s| {
            posted
                .iter()
                .all(|m| !s.replies_to(*m).is_empty())
                .then_some(())
        })
        .await;
    let missing: Vec<_> = posted
        .iter()
        .filter(|m| sim.replies_to(**m).is_empty())
        .collect();
    assert!(all.is_some(), "unanswered: {missing:?}");
    tokio::time::sleep(Duration::from_secs(4)).await;
    for m in &posted {
        assert_eq!(
            sim.replies_to(*m).len(),
            1,
            "message {m} answered exactly once"
        );
    }
    let failures = sim.injected_failures();
    assert!(
        failures.values().sum::<usize>() > 0,
        "faults were injected: {failures:?}"
    );
    assert!(db.store.pending_jobs().await.unwrap().is_empty());
    bot.stop().await;
}
