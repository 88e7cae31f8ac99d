//! Feeds end to end: the real bot against the local Discord API and a local
//! feed server (RSS, Atom, JSON Feed, a Telegram-preview-like page, a page
//! that advertises its feed, 304s, a failing feed, reordered and edited
//! items). Intervals are one second; the tests poll, they don't sleep for
//! outcomes.

mod support;

use std::future::Future;
use std::time::{Duration, Instant};

use clashwatch::config::Config;
use clashwatch::store::Store;
use serde_json::{json, Value};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db::{self, TestDb};
use support::discord::{DiscordSim, GuildSpec, OverwriteFor, SimConfig, SimUser, EMBED_LINKS};
use support::feed_server::{atom, json_feed, rss, telegram, FeedServer};

const RSS: &str = "application/rss+xml";
const HTML: &str = "text/html; charset=utf-8";

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

fn serve_articles(server: &FeedServer) {
    server.set("/old", HTML, &page("Old News", "Market report", &[
        "Shares rose on Friday as investors weighed the latest figures on inflation and jobs.",
        "Analysts said the outlook for the rest of the year remained uncertain for most sectors.",
    ]));
    server.set("/sotk", HTML, &page("Caucasus Wire", "Four Armenian soldiers killed near Sotk", &[
        "Four Armenian soldiers were killed and one was wounded on Friday when Azerbaijani forces shelled army positions near the village of Sotk, Armenia's Defense Ministry said.",
        "The ministry said the shelling began in the afternoon and lasted for several hours before the guns fell silent along that part of the border with Azerbaijan.",
    ]));
    server.set("/gao", HTML, &page("Sahel Monitor", "Twelve soldiers killed in attack near Gao", &[
        "Mali's army said on Friday that twelve Malian soldiers were killed when JNIM militants attacked a military base near Gao in the north of the country.",
        "The army said the attackers used motorbikes and a car bomb, and that reinforcements had been sent to the area as the search for the attackers went on.",
    ]));
}

fn feeds_config(db: &TestDb) -> Config {
    let mut config = test_config(db);
    config.feeds.min_interval_secs = 1;
    config.feeds.max_interval_secs = 1;
    config.feeds.host_interval_secs = 0;
    config.feeds.pause_after_secs = 3;
    config.feeds.poll_ms = 100;
    config.feeds.workers = 2;
    config.feeds.lease_secs = 5;
    config
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn opt(name: &str, value: &str) -> Value {
    json!({"type": 3, "name": name, "value": value})
}

fn channel(id: u64) -> Value {
    json!({"type": 7, "name": "channel", "value": id.to_string()})
}

/// Wait until `check` gives something, at most [`WAIT`].
async fn until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Wait until the feed at `path` was requested `n` more times.
async fn polls(server: &FeedServer, path: &str, n: u64) {
    let start = server.hits(path).requests;
    until(&format!("{n} polls of {path}"), || async {
        (server.hits(path).requests >= start + n).then_some(())
    })
    .await;
}

async fn feed_id(store: &Store, guild: u64, url: &str) -> i64 {
    store
        .feeds(guild as i64)
        .await
        .expect("feeds")
        .iter()
        .find(|f| f.feed_url == url)
        .map(|f| f.id)
        .unwrap_or_else(|| panic!("a feed {url}"))
}

async fn feed_jobs(store: &Store) -> usize {
    let pending = store.pending_jobs().await.expect("jobs");
    pending.iter().filter(|j| j.feed_id.is_some()).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_read_new_items_once_and_post_clashes() {
    for db in db::all().await {
        let sim = DiscordSim::start_with(SimConfig {
            guilds: vec![GuildSpec {
                name: "Caucasus Watch".into(),
                channels: ["general", "posts"].map(String::from).to_vec(),
            }],
            ..SimConfig::default()
        })
        .await;
        let server = FeedServer::start().await;
        serve_articles(&server);
        let item = |guid: &'static str, title: &'static str, path: &str| {
            (
                guid,
                title,
                Box::leak(server.url(path).into_boxed_str()) as &str,
            )
        };
        let old = item("g-old", "Market report", "/old");
        server.set("/rss", RSS, &rss("Caucasus Wire", &[old]));
        server.set("/atom", "application/atom+xml", &atom("Atom News", &[old]));
        server.set(
            "/json",
            "application/feed+json",
            &json_feed("JSON News", &[old]),
        );
        server.set(
            "/tg",
            HTML,
            &telegram("frontnews", &[(1, "Quiet night.", None)]),
        );
        server.set(
            "/front",
            HTML,
            &format!(
                r#"<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="{}"></head><body>Front page</body></html>"#,
                server.url("/atom")
            ),
        );
        server.set("/flaky", RSS, &rss("Flaky", &[old]));

        let bot = Bot::start_with(&sim, feeds_config(&db), None);
        ready(&sim).await;
        let guild = sim.guild_ids()[0];
        let named = |name: &str| {
            sim.channels()
                .iter()
                .find(|c| c.guild_id == guild && c.name == name)
                .map(|c| c.id)
                .expect("channel")
        };
        let (general, posts) = (named("general"), named("posts"));
        let moderator = SimUser::moderator("mod");
        let add = |options: Value| {
            let sim = &sim;
            let moderator = &moderator;
            async move { command(sim, general, moderator, "feeds", sub("add", options)).await }
        };

        let (text, ephemeral) = add(json!([
            opt("url", &server.url("/rss")),
            channel(posts),
            opt("region", "South Caucasus")
        ]))
        .await;
        assert!(ephemeral, "{text}");
        assert!(
            text.contains("Following")
                && text.contains("1 current item ")
                && text.contains("South Caucasus"),
            "{}: {text}",
            db.label
        );
        for path in ["/atom", "/json", "/flaky"] {
            let (text, _) = add(json!([opt("url", &server.url(path))])).await;
            assert!(text.contains("Following"), "{path}: {text}");
        }
        let (text, _) = add(json!([opt("url", &server.url("/tg")), channel(posts)])).await;
        assert!(text.contains("frontnews channel"), "{text}");
        // A page is followed to the feed it advertises: the Atom feed, followed already.
        let (text, _) = add(json!([opt("url", &server.url("/front"))])).await;
        assert!(text.contains("already follows"), "{text}");

        // Polled again (conditionally: 304s), and nothing posted or read.
        polls(&server, "/rss", 2).await;
        polls(&server, "/json", 2).await;
        assert!(
            server.hits("/rss").not_modified >= 1,
            "{:?}",
            server.hits("/rss")
        );
        assert!(
            sim.posted(posts).is_empty(),
            "the first fetch posts nothing"
        );
        assert_eq!(feed_jobs(&db.store).await, 0);
        assert!(db
            .store
            .recent_clashes(None, 0, 10)
            .await
            .expect("clashes")
            .is_empty());

        // A new clash item in the region, and one elsewhere: the first is posted once.
        let sotk = item("g-sotk", "Four Armenian soldiers killed near Sotk", "/sotk");
        let gao = item("g-gao", "Twelve soldiers killed near Gao", "/gao");
        server.set("/rss", RSS, &rss("Caucasus Wire", &[gao, sotk, old]));
        let Some(post) = sim
            // The first article read also builds the gazetteer: a slow,
            // shared machine may need longer than one WAIT.
            .wait_until(WAIT * 2, |s| s.posted(posts).first().cloned())
            .await
        else {
            let rss_id = feed_id(&db.store, guild, &server.url("/rss")).await;
            for (item, state) in db.store.feed_posts(rss_id).await.expect("items") {
                for j in db.store.message_jobs(-item).await.expect("jobs") {
                    eprintln!("{item} {state} {j:?}");
                }
            }
            panic!("{}: the new clash item is not posted", db.label);
        };
        let embeds = serde_json::to_string(&post.embeds()).expect("json");
        assert!(
            embeds.contains("Sotk") && embeds.contains("Caucasus Wire"),
            "{embeds}"
        );
        assert!(!post.pings_anyone());
        let rss_id = feed_id(&db.store, guild, &server.url("/rss")).await;
        until("both items read", || async {
            let states = db.store.feed_posts(rss_id).await.ok()?;
            let read = feed_jobs(&db.store).await == 0;
            (read && states.len() == 3).then_some(())
        })
        .await;
        polls(&server, "/rss", 2).await;
        assert_eq!(
            sim.posted(posts).len(),
            1,
            "{}: one post, the Sahel item is not posted",
            db.label
        );

        // Reordered, and headlines edited: nothing new.
        let sotk_edit = item("g-sotk", "UPDATE: Four soldiers killed near Sotk", "/sotk");
        let gao_edit = item("g-gao", "Twelve Malian soldiers killed near Gao", "/gao");
        server.set(
            "/rss",
            RSS,
            &rss("Caucasus Wire", &[old, sotk_edit, gao_edit]),
        );
        polls(&server, "/rss", 3).await;
        assert_eq!(feed_jobs(&db.store).await, 0);
        assert_eq!(db.store.feed_posts(rss_id).await.expect("items").len(), 3);
        assert_eq!(
            sim.posted(posts).len(),
            1,
            "reordering or editing reposts nothing"
        );

        // A Telegram post without a link is itself the article.
        server.set(
            "/tg",
            HTML,
            &telegram(
                "frontnews",
                &[
                    (1, "Quiet night.", None),
                    (2, "Two Azerbaijani soldiers were killed on Saturday when Armenian forces fired on positions near Kalbajar, Azerbaijan's Defense Ministry said.<br>The ministry said the firing lasted for an hour.", None),
                ],
            ),
        );
        let tg = sim
            .wait_until(WAIT, |s| s.posted(posts).get(1).cloned())
            .await
            .expect("the Telegram post is posted");
        let embeds = serde_json::to_string(&tg.embeds()).expect("json");
        assert!(
            embeds.contains("Kalbajar") && embeds.contains("frontnews channel"),
            "{embeds}"
        );

        // A failing feed backs off, then pauses with its reason; resume brings it back.
        server.fail("/flaky", Some(503));
        let flaky = feed_id(&db.store, guild, &server.url("/flaky")).await;
        let paused = until("the failing feed pauses", || async {
            db.store
                .feed(flaky)
                .await
                .ok()
                .flatten()
                .filter(|f| f.paused)
        })
        .await;
        assert!(paused.failures >= 2, "{paused:?}");
        assert!(
            paused.failures <= 4,
            "backed off, not polled every second: {paused:?}"
        );
        let reason = paused.paused_reason.clone().unwrap_or_default();
        assert!(
            reason.contains("no successful fetch") && reason.contains("503"),
            "{reason}"
        );
        let (text, _) = command(&sim, general, &moderator, "feeds", sub("list", json!([]))).await;
        assert!(
            text.contains("paused") && text.contains("no successful fetch"),
            "{text}"
        );
        assert!(
            text.contains("Caucasus Wire") && text.contains("items seen"),
            "{text}"
        );
        server.fail("/flaky", None);
        let (text, _) = command(
            &sim,
            general,
            &moderator,
            "feeds",
            sub("resume", json!([opt("feed", &flaky.to_string())])),
        )
        .await;
        assert!(text.contains("Resumed"), "{text}");
        until("the resumed feed fetched", || async {
            db.store
                .feed(flaky)
                .await
                .ok()
                .flatten()
                .filter(|f| !f.paused && f.failures == 0 && f.last_error.is_none())
        })
        .await;

        // A channel the bot can't post in pauses its feeds, with the reason.
        sim.forbid_channel(posts);
        let gao2 = item("g-sotk2", "Sotk again", "/sotk2");
        server.set("/sotk2", HTML, &page("Caucasus Wire", "Two more Armenian soldiers killed near Sotk", &[
            "Two Armenian soldiers were killed on Sunday when Azerbaijani forces shelled positions near Sotk, Armenia's Defense Ministry said.",
            "The ministry said the shelling began before dawn and lasted for several hours before the guns fell silent along that part of the border with Azerbaijan.",
            "Azerbaijan's Defense Ministry said its units had answered fire from Armenian positions and accused Armenia of a provocation along the border.",
        ]));
        server.set(
            "/rss",
            RSS,
            &rss("Caucasus Wire", &[gao2, old, sotk_edit, gao_edit]),
        );
        until("the new item is read", || async {
            let n = db.store.feed_posts(rss_id).await.ok()?.len();
            (n == 4 && feed_jobs(&db.store).await == 0).then_some(())
        })
        .await;
        let paused = until("the feed pauses on a 403", || async {
            db.store
                .feed(rss_id)
                .await
                .ok()
                .flatten()
                .filter(|f| f.paused)
        })
        .await;
        assert!(
            paused
                .paused_reason
                .as_deref()
                .is_some_and(|r| r.contains("can't post")),
            "{paused:?}"
        );

        let (text, _) = command(
            &sim,
            general,
            &moderator,
            "feeds",
            sub("remove", json!([opt("feed", &format!("#{rss_id}"))])),
        )
        .await;
        assert!(text.contains("Stopped following"), "{text}");
        bot.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_commands_refuse_with_reasons() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let server = FeedServer::start().await;
    server.set("/rss", RSS, &rss("Wire", &[]));
    server.set("/rss2", RSS, &rss("Wire 2", &[]));
    server.set(
        "/plain",
        HTML,
        "<!doctype html><html><body>No feed here.</body></html>",
    );
    let mut config = feeds_config(&db);
    config.feeds.max_per_server = 1;
    let bot = Bot::start_with(&sim, config, Some(sim.guild_id()));
    ready(&sim).await;
    let (general, news) = (sim.channel_id("general"), sim.channel_id("news"));
    let moderator = SimUser::moderator("mod");
    let member = SimUser::member("reader");
    let ask = |user: &'static SimUser, options: Value| {
        let sim = &sim;
        async move {
            let (text, ephemeral) = command(sim, general, user, "feeds", options).await;
            assert!(ephemeral, "answered in public: {text}");
            text
        }
    };
    let moderator: &'static SimUser = Box::leak(Box::new(moderator));
    let member: &'static SimUser = Box::leak(Box::new(member));

    let text = ask(member, sub("add", json!([opt("url", &server.url("/rss"))]))).await;
    assert!(text.contains("Only moderators"), "{text}");
    let text = ask(
        moderator,
        sub("add", json!([opt("url", &server.url("/plain"))])),
    )
    .await;
    assert!(
        text.contains("not a feed") && text.contains("Nothing was added"),
        "{text}"
    );
    let text = ask(
        moderator,
        sub("add", json!([opt("url", &server.url("/missing"))])),
    )
    .await;
    assert!(text.contains("HTTP 404"), "{text}");
    let text = ask(
        moderator,
        sub(
            "add",
            json!([
                opt("url", &server.url("/rss")),
                channel(news),
                opt("region", "Atlantis")
            ]),
        ),
    )
    .await;
    assert!(text.contains("don't know the region"), "{text}");
    let text = ask(
        moderator,
        sub(
            "add",
            json!([opt("url", &server.url("/rss")), opt("region", "Sahel")]),
        ),
    )
    .await;
    assert!(text.contains("give a `channel` too"), "{text}");
    let bot_role = OverwriteFor::Role(sim.bot_role(sim.guild_id()));
    sim.set_overwrite(news, bot_role, 0, EMBED_LINKS);
    let text = ask(
        moderator,
        sub(
            "add",
            json!([opt("url", &server.url("/rss")), channel(news)]),
        ),
    )
    .await;
    assert!(text.contains("**Embed Links**"), "{text}");
    let text = ask(
        moderator,
        sub("add", json!([opt("url", &server.url("/rss"))])),
    )
    .await;
    assert!(text.contains("Following"), "{text}");
    let text = ask(
        moderator,
        sub("add", json!([opt("url", &server.url("/rss2"))])),
    )
    .await;
    assert!(text.contains("the most it may"), "{text}");
    let text = ask(moderator, sub("remove", json!([opt("feed", "#999")]))).await;
    assert!(text.contains("follows no feed"), "{text}");
    let text = ask(
        moderator,
        sub("resume", json!([opt("feed", &server.url("/rss"))])),
    )
    .await;
    assert!(text.contains("is not paused"), "{text}");
    assert!(
        db.store
            .feeds(sim.guild_id() as i64)
            .await
            .expect("feeds")
            .len()
            == 1
    );
    bot.stop().await;
}
