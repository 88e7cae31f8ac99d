//! The real bot (`clashwatch::bot::run`, as `clashwatch run` starts it)
//! against a local Discord-compatible API and a local article server.

mod support;

use std::time::Duration;

use serde_json::json;
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, SimUser};

const CLASH_PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Armenia, Azerbaijan report casualties in border clash</title>
<meta property="og:site_name" content="Caucasus Wire">
<meta property="article:published_time" content="2023-09-01T18:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<h1>Armenia, Azerbaijan report casualties in border clash</h1>
<p>Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.</p>
<p>Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.</p>
<p>Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.</p>
<p>Armenia alleged that Azerbaijan had assembled troops near the border and attacked its positions with drones, mortars, and small arms fire.</p>
</article><footer>Copyright Caucasus Wire</footer></body></html>"#;

const EVERYONE_PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>@everyone read this: shelling near Sotk</title></head><body><article>
<h1>@everyone read this: shelling near Sotk</h1>
<p>Armenia's Defense Ministry said two Armenian soldiers were killed on Friday when Azerbaijani forces shelled positions near the village of Sotk, and @here three more were wounded.</p>
<p>Azerbaijan's Defense Ministry denied the accusation and said its forces had only returned fire along the border after an attack by Armenian units.</p>
</article></body></html>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watched_links_get_key_facts_and_commands_see_the_clash() {
    for db in db::all().await {
        let sim = DiscordSim::start().await;
        let server = ArticleServer::start(vec![
            ("/clash", Page::html(CLASH_PAGE)),
            ("/everyone", Page::html(EVERYONE_PAGE)),
        ])
        .await;
        let bot = Bot::start(&sim, &db).await;
        ready(&sim).await;
        let news = sim.channel_id("news");
        let offtopic = sim.channel_id("offtopic");
        let moderator = SimUser::moderator("mod");
        let member = SimUser::member("reader");

        // A member may not choose channels; the refusal is ephemeral.
        let (text, ephemeral) = command(
            &sim,
            news,
            &member,
            "watch",
            json!([{"type": 1, "name": "add", "options": []}]),
        )
        .await;
        assert!(text.contains("Only moderators"), "{}: {text}", db.label);
        assert!(ephemeral);
        let (text, _) = command(
            &sim,
            news,
            &moderator,
            "watch",
            json!([{"type": 1, "name": "add", "options": []}]),
        )
        .await;
        assert!(text.contains("read links"), "{text}");

        // A link in the watched channel: one reply under it with the key facts.
        let posted = sim.post_message(news, &member, &format!("look: {}", server.url("/clash")));
        let replies = sim
            .wait_until(WAIT, |s| {
                Some(s.replies_to(posted)).filter(|r| !r.is_empty())
            })
            .await;
        let replies = replies.expect("a reply to the link");
        assert_eq!(replies.len(), 1);
        let reply = &replies[0];
        assert!(!reply.pings_anyone());
        let embeds = reply.embeds();
        assert_eq!(embeds.len(), 1, "{}", reply.body);
        let embed = embeds[0].to_string();
        assert!(
            embed.contains("Armenia, Azerbaijan report casualties"),
            "{embed}"
        );
        assert!(embed.contains("4 killed"), "{}: {embed}", db.label);
        assert!(embed.contains("3 injured"), "{embed}");
        assert!(embed.contains("Figures quoted from the article"), "{embed}");

        // The same link in an unwatched channel: nothing.
        let ignored = sim.post_message(offtopic, &member, &server.url("/clash"));
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert!(
            sim.replies_to(ignored).is_empty(),
            "unwatched channel stays quiet"
        );

        // An article whose title tries to ping everyone pings no one.
        let posted = sim.post_message(news, &member, &server.url("/everyone"));
        let replies = sim
            .wait_until(WAIT, |s| {
                Some(s.replies_to(posted)).filter(|r| !r.is_empty())
            })
            .await
            .expect("a reply to the @everyone article");
        assert!(!replies[0].pings_anyone(), "{}", replies[0].body);
        assert_eq!(replies[0].body["allowed_mentions"]["parse"], json!([]));
        assert!(!replies[0].body.to_string().contains("@everyone"));

        // /clashes recent lists the clash, and region filters include sub-regions.
        let (text, _) = command(
            &sim,
            news,
            &member,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": []}]),
        )
        .await;
        assert!(
            text.contains("Sotk") || text.contains("Armenia"),
            "{}: {text}",
            db.label
        );
        let (text, _) = command(
            &sim,
            news,
            &member,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "South Caucasus"}, {"type": 4, "name": "days", "value": 36500}]}]),
        )
        .await;
        assert!(text.contains("Armenia"), "{}: {text}", db.label);
        let (text, _) = command(
            &sim,
            news,
            &member,
            "clashes",
            json!([{"type": 1, "name": "recent", "options": [{"type": 3, "name": "region", "value": "Sahel"}]}]),
        )
        .await;
        assert!(text.contains("No clashes"), "{text}");
        assert!(!text.contains("Armenia"), "{text}");

        bot.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_killed_mid_job_answers_once_after_restart() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let server = ArticleServer::start(vec![(
        "/slow",
        Page::html(CLASH_PAGE).delayed(Duration::from_millis(1500)),
    )])
    .await;
    let bot = Bot::start(&sim, &db).await;
    ready(&sim).await;
    let news = sim.channel_id("news");
    let moderator = SimUser::moderator("mod");
    command(
        &sim,
        news,
        &moderator,
        "watch",
        json!([{"type": 1, "name": "add", "options": []}]),
    )
    .await;
    let posted = sim.post_message(news, &moderator, &server.url("/slow"));
    // Killed while the page is being read.
    sim.wait_until(WAIT, |_| (server.requests().len() == 1).then_some(()))
        .await;
    bot.kill();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(sim.replies_to(posted).is_empty());

    let bot = Bot::start(&sim, &db).await;
    let replies = sim
        .wait_until(WAIT, |s| {
            Some(s.replies_to(posted)).filter(|r| !r.is_empty())
        })
        .await
        .expect("answered after restart");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(sim.replies_to(posted).len(), 1, "answered exactly once");
    assert_eq!(replies[0].embeds().len(), 1);
    bot.stop().await;
}
