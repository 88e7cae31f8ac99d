//! The real bot against links to pages written to hurt, served from a local
//! article server: each gets one reply with the reason, its job fails once
//! and is not tried again, and a normal link posted right after is answered.

mod support;

use std::time::Duration;

use clashwatch::store::JobState;
use serde_json::json;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, SimUser};

const CLASH_PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title>
</head><body><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
</article></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_links_fail_once_with_the_reason_and_the_next_is_answered() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    // Nested far deeper than any article: refused before it is parsed.
    let deep = format!(
        "<html><body>{}<p>Two soldiers were killed near the border.</p>",
        "<div>".repeat(100_000)
    );
    // Plain text that is all casualty reports: more than a test budget of CPU
    // time to read, so the read is stopped by its deadline.
    let heavy = format!(
        "Border report\n{}",
        "Four soldiers were killed and three civilians were wounded near Sotk, Armenia's Defense Ministry said. "
            .repeat(10_000)
    );
    let server = ArticleServer::start(vec![
        ("/deep", Page::html(&deep)),
        ("/heavy", Page::text(&heavy)),
        ("/clash", Page::html(CLASH_PAGE)),
    ])
    .await;
    let mut config = test_config(&db);
    // A normal article takes a few milliseconds even in a debug build; the
    // heavy one takes seconds.
    config.jobs.read_cpu_secs = 0.3;
    // A lease as long as in production would be; the test's 2 s could run
    // out while a loaded CI machine reads the heavy page (wall time), and a
    // job whose lease runs out is taken again by design.
    config.jobs.lease_secs = 60;
    let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
    ready(&sim).await;
    let news = sim.channel_id("news");
    let moderator = SimUser::moderator("mod");
    let member = SimUser::member("reader");
    command(
        &sim,
        news,
        &moderator,
        "watch",
        json!([{"type": 1, "name": "add", "options": []}]),
    )
    .await;

    let reply_to = |message: u64| {
        let sim = &sim;
        async move {
            let replies = sim
                .wait_until(WAIT, |s| {
                    Some(s.replies_to(message)).filter(|r| !r.is_empty())
                })
                .await
                .expect("a reply");
            assert_eq!(replies.len(), 1);
            replies[0].content().to_string()
        }
    };
    let deep_post = sim.post_message(news, &member, &server.url("/deep"));
    let text = reply_to(deep_post).await;
    assert!(
        text.contains("not an article: nested deeper than 512 levels"),
        "{text}"
    );
    let heavy_post = sim.post_message(news, &member, &server.url("/heavy"));
    let text = reply_to(heavy_post).await;
    assert!(text.contains("this page took too long to read"), "{text}");

    // The next link is read as usual.
    let clash_post = sim.post_message(news, &member, &server.url("/clash"));
    let replies = sim
        .wait_until(WAIT, |s| {
            Some(s.replies_to(clash_post)).filter(|r| !r.is_empty())
        })
        .await
        .expect("a reply to the normal link");
    let embeds = replies[0].embeds();
    assert_eq!(embeds.len(), 1, "{}", replies[0].body);
    assert!(embeds[0].to_string().contains("4 killed"), "{}", embeds[0]);

    // Several polls later, the failed jobs have still been tried once (a
    // too-long read is not a temporary failure), and answered once.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    for post in [deep_post, heavy_post] {
        let jobs = db.store.message_jobs(post as i64).await.expect("jobs");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].state, JobState::Failed, "{:?}", jobs[0]);
        assert_eq!(jobs[0].attempts, 1, "{:?}", jobs[0]);
        assert_eq!(sim.replies_to(post).len(), 1);
    }
    assert_eq!(server.requests().len(), 3, "each page fetched once");
    bot.stop().await;
}
