//! Region alerts end to end: the real bot against the local Discord API and
//! a local article server. Several articles about one clash, from two
//! servers, make one clash and one alert message, edited as figures change.

mod support;

use std::time::Duration;

use clashwatch::store::Store;
use serde_json::{json, Value};
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, GuildSpec, SimConfig, SimUser};

fn page(site: &str, title: &str, paragraphs: &[&str]) -> String {
    page_on("2023-09-02", site, title, paragraphs)
}

fn page_on(date: &str, site: &str, title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>
{body}</article><footer>Copyright {site}</footer></body></html>"#
    )
}

fn articles() -> Vec<(&'static str, Page)> {
    vec![
        ("/wire", Page::html(&page("Caucasus Wire", "Armenia, Azerbaijan report casualties in border clash", &[
            "Armenia and Azerbaijan both reported casualties on Friday from fighting near their shared border, north of the breakaway region of Nagorno-Karabakh.",
            "Armenia's Defense Ministry reported that four of its soldiers were killed and another was injured in shelling near the border villages of Sotk and Norabak.",
            "Azerbaijan's Defense Ministry said that Armenia had used drones to attack its positions across the border in the Kalbajar region, wounding three soldiers.",
        ]))),
        ("/yerevan", Page::html(&page("Yerevan Ledger", "Four Armenian soldiers killed near Sotk", &[
            "Four Armenian soldiers were killed and one was wounded on Friday when Azerbaijani forces shelled army positions near the village of Sotk, Armenia's Defense Ministry said.",
            "The ministry said the shelling began in the afternoon and lasted for several hours before the guns fell silent along that part of the border with Azerbaijan.",
        ]))),
        ("/baku", Page::html(&page("Baku Courier", "Azerbaijan says three soldiers wounded in Kalbajar", &[
            "Azerbaijan's Defense Ministry said on Friday that three Azerbaijani soldiers were wounded near Kalbajar when Armenian forces attacked its positions with drones near Sotk.",
            "The ministry said its units had taken retaliatory measures and accused Armenia of a provocation along the border, which the two countries have disputed for decades.",
        ]))),
        ("/update", Page::html(&page("Caucasus Wire", "Armenian death toll in border clash rises to six", &[
            "Six Armenian soldiers were killed in Friday's shelling by Azerbaijani forces near the villages of Sotk and Norabak, Armenia's Defense Ministry said, raising its earlier toll.",
            "The ministry said two of the soldiers died of their wounds in hospital, and that the situation on the border with Azerbaijan remained tense but calm overnight.",
        ]))),
        ("/sahel", Page::html(&page("Sahel Monitor", "Twelve soldiers killed in attack near Gao", &[
            "Mali's army said on Friday that twelve Malian soldiers were killed when JNIM militants attacked a military base near Gao in the north of the country.",
            "The army said the attackers used motorbikes and a car bomb, and that reinforcements had been sent to the area as the search for the attackers went on.",
        ]))),
    ]
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn region(r: &str) -> Value {
    json!({"type": 3, "name": "region", "value": r})
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

/// The embeds a channel's alert shows now: its last edit, else as posted.
fn embed_text(sim: &DiscordSim, channel: u64) -> String {
    match sim.message_edits(channel).last() {
        Some((_, edit)) => edit["embeds"].to_string(),
        None => sim
            .messages(channel)
            .iter()
            .map(|m| m["embeds"].to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

async fn clashes(store: &Store) -> Vec<clashwatch::store::ClashRow> {
    store.recent_clashes(None, 0, 50).await.expect("clashes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_clash_many_sources_one_alert() {
    for db in db::all().await {
        let sim = DiscordSim::start_with(SimConfig {
            guilds: vec![
                GuildSpec {
                    name: "Caucasus Watch".into(),
                    channels: ["general", "news", "alerts", "offtopic", "big"]
                        .map(String::from)
                        .to_vec(),
                },
                GuildSpec {
                    name: "Second Server".into(),
                    channels: vec!["news".into()],
                },
            ],
            ..SimConfig::default()
        })
        .await;
        let server = ArticleServer::start(articles()).await;
        let bot = Bot::start_with(&sim, test_config(&db), None);
        ready(&sim).await;
        let channels = sim.channels();
        let named = |guild: usize, name: &str| {
            let g = sim.guild_ids()[guild];
            channels
                .iter()
                .find(|c| c.guild_id == g && c.name == name)
                .map(|c| c.id)
                .expect("channel")
        };
        let (news, alerts, big, offtopic) = (
            named(0, "news"),
            named(0, "alerts"),
            named(0, "big"),
            named(0, "offtopic"),
        );
        let news2 = named(1, "news");
        let moderator = SimUser::moderator("mod");
        let member = SimUser::member("reader");

        // Members may not subscribe; moderators may.
        let (text, ephemeral) = command(
            &sim,
            alerts,
            &member,
            "alerts",
            sub("subscribe", json!([region("South Caucasus")])),
        )
        .await;
        assert!(text.contains("Only moderators") && ephemeral, "{text}");
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "alerts",
            sub("subscribe", json!([region("South Caucasus")])),
        )
        .await;
        assert!(text.contains("South Caucasus"), "{}: {text}", db.label);
        let (text, _) = command(
            &sim,
            big,
            &moderator,
            "alerts",
            sub(
                "subscribe",
                json!([region("Caucasus"), {"type": 4, "name": "min_killed", "value": 5}]),
            ),
        )
        .await;
        assert!(text.contains("at least 5 killed"), "{text}");
        let (text, _) = command(
            &sim,
            offtopic,
            &moderator,
            "alerts",
            sub("subscribe", json!([region("Sahel")])),
        )
        .await;
        assert!(text.contains("Sahel"), "{text}");
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "alerts",
            sub("subscribe", json!([region("Atlantis")])),
        )
        .await;
        assert!(text.contains("don't know the region"), "{text}");
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;
        command(&sim, news2, &moderator, "watch", sub("add", json!([]))).await;

        // Three articles about one clash, posted in two servers.
        for (channel, path) in [(news, "/wire"), (news2, "/yerevan"), (news, "/baku")] {
            let posted = sim.post_message(channel, &member, &server.url(path));
            sim.wait_until(WAIT, |s| {
                Some(()).filter(|_| !s.replies_to(posted).is_empty())
            })
            .await
            .unwrap_or_else(|| panic!("{}: no reply to {path}", db.label));
        }
        sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(alerts).len() == 1))
            .await
            .expect("an alert in #alerts");
        settle().await;
        let recorded = clashes(&db.store).await;
        assert_eq!(recorded.len(), 1, "{}: {recorded:?}", db.label);
        assert_eq!(recorded[0].sources, 3, "{}", db.label);
        assert_eq!(
            sim.posted(alerts).len(),
            1,
            "{}: one alert, not one per article",
            db.label
        );
        let alert = &sim.posted(alerts)[0];
        assert!(!alert.pings_anyone());
        let shown = embed_text(&sim, alerts);
        // The second server's source adds to the clash but is not one this
        // server trusts: the alert here shows this server's two.
        assert!(shown.contains("Sources (2)"), "{}: {shown}", db.label);
        assert!(
            shown.contains("per "),
            "differing figures say who says what: {shown}"
        );
        // Below the threshold of 5 killed: silent.
        assert!(sim.posted(big).is_empty(), "{}", db.label);

        // A Sahel clash: nothing in #alerts; #offtopic is forbidden to the bot,
        // so its subscription is paused instead of retried forever.
        sim.forbid_channel(offtopic);
        let posted = sim.post_message(news, &member, &server.url("/sahel"));
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| !s.replies_to(posted).is_empty())
        })
        .await
        .expect("a reply to the Sahel article");
        let paused = async {
            for _ in 0..100 {
                let subs = db
                    .store
                    .subscriptions(sim.guild_ids()[0] as i64)
                    .await
                    .expect("subs");
                if subs
                    .iter()
                    .any(|s| s.channel_id == offtopic as i64 && s.paused)
                {
                    return true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            false
        };
        assert!(
            paused.await,
            "{}: a 403 channel's subscription is paused",
            db.label
        );
        let (text, _) = command(&sim, alerts, &moderator, "alerts", sub("list", json!([]))).await;
        assert!(text.contains("paused") && text.contains("403"), "{text}");
        assert_eq!(
            sim.posted(alerts).len(),
            1,
            "{}: no Sahel alert in #alerts",
            db.label
        );

        // A fourth source with higher figures, posted here: the alert is
        // edited, not reposted, and the 5-killed subscription now fires.
        let posted = sim.post_message(news, &member, &server.url("/update"));
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| !s.replies_to(posted).is_empty())
        })
        .await
        .expect("a reply to the update");
        sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(big).len() == 1))
            .await
            .expect("the 5-killed subscription fires once a source reports 6");
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| {
                s.message_edits(alerts)
                    .iter()
                    .any(|(_, e)| e.to_string().contains("Updated"))
            })
        })
        .await
        .expect("the alert is edited with what changed");
        settle().await;
        assert_eq!(sim.posted(alerts).len(), 1, "{}", db.label);
        assert_eq!(sim.posted(big).len(), 1, "{}", db.label);
        assert_eq!(
            clashes(&db.store).await.len(),
            2,
            "{}: the clash and the Sahel one",
            db.label
        );

        bot.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_between_recording_and_sending_delivers_once() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start().await;
    let server = ArticleServer::start(articles()).await;
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
        sub("subscribe", json!([region("Caucasus")])),
    )
    .await;
    command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;

    // Discord hangs on the alert; the bot dies while waiting.
    sim.stall_channel(alerts);
    sim.post_message(news, &moderator, &server.url("/wire"));
    sim.wait_until(WAIT, |s| Some(()).filter(|_| s.stalled_posts(alerts) > 0))
        .await
        .expect("the alert was being sent");
    bot.kill();
    sim.release_channel(alerts);

    let bot = Bot::start(&sim, &db).await;
    sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(alerts).len() == 1))
        .await
        .expect("the alert arrives after the restart");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sim.posted(alerts).len(), 1, "delivered exactly once");
    bot.stop().await;
}

/// `/clashes stats`: totals by side for the period and a PNG chart that
/// decodes at the chart's size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clashes_stats_replies_with_totals_and_a_chart() {
    let today = chrono::Utc::now().date_naive();
    let days_ago = |n: i64| (today - chrono::Duration::days(n)).to_string();
    let caucasus = page_on(
        &days_ago(2),
        "Caucasus Wire",
        "Armenian soldiers killed in border shelling",
        &[
            "Four Armenian soldiers were killed when Azerbaijani forces shelled army positions near the village of Sotk, Armenia's Defense Ministry said.",
            "Azerbaijan's Defense Ministry said three Azerbaijani soldiers were wounded near Kalbajar when Armenian forces attacked its positions with drones.",
            "The shelling began in the afternoon and lasted for several hours before the guns fell silent along that part of the border, the ministry said.",
        ],
    );
    let sahel = page_on(
        &days_ago(5),
        "Sahel Monitor",
        "Twelve soldiers killed in attack near Gao",
        &[
            "Mali's army said that twelve Malian soldiers were killed when JNIM militants attacked a military base near Gao in the north of the country.",
            "The army said the attackers used motorbikes and a car bomb, and that reinforcements had been sent to the area as the search for the attackers went on.",
            "Residents of the town said they heard explosions and heavy gunfire for more than an hour before the attackers withdrew into the countryside.",
        ],
    );
    for db in db::all().await {
        let sim = DiscordSim::start().await;
        let server = ArticleServer::start(vec![
            ("/caucasus", Page::html(&caucasus)),
            ("/sahel", Page::html(&sahel)),
        ])
        .await;
        let bot = Bot::start(&sim, &db).await;
        ready(&sim).await;
        let news = sim.channel_id("news");
        let moderator = SimUser::moderator("mod");
        let member = SimUser::member("reader");
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;
        for path in ["/caucasus", "/sahel"] {
            let posted = sim.post_message(news, &member, &server.url(path));
            sim.wait_until(WAIT, |s| {
                Some(()).filter(|_| !s.replies_to(posted).is_empty())
            })
            .await
            .unwrap_or_else(|| panic!("{}: no reply to {path}", db.label));
        }
        assert_eq!(clashes(&db.store).await.len(), 2, "{}", db.label);

        let stats = |options: Value| {
            let id = sim.slash_command(news, &member, "clashes", sub("stats", options));
            let sim = &sim;
            async move {
                // Deferred first, then the answer.
                let responses = sim.wait_for_interaction_response(id, 2, WAIT).await;
                assert_eq!(responses[0].callback_type, Some(5), "stats defers");
                (
                    support::bot::text_of(&responses),
                    sim.interaction_uploads(id),
                )
            }
        };

        let (text, uploads) = stats(json!([region("South Caucasus")])).await;
        assert!(text.contains("1 clash"), "{}: {text}", db.label);
        assert!(
            text.contains(r#""name":"Armenia","value":"4 killed\nin 1 clash""#),
            "{text}"
        );
        assert!(
            text.contains(r#""name":"Azerbaijan","value":"3 injured\nin 1 clash""#),
            "{text}"
        );
        assert!(
            !text.contains("Mali"),
            "Sahel is not in the South Caucasus: {text}"
        );
        assert!(text.contains("attachment://clashes.png"), "{text}");
        assert_eq!(uploads.len(), 1, "{}: one chart", db.label);
        assert_eq!(uploads[0].filename, "clashes.png");
        let decoder = png::Decoder::new(uploads[0].bytes.as_slice());
        let info = decoder
            .read_info()
            .expect("the chart is a PNG")
            .info()
            .clone();
        assert_eq!(
            (info.width, info.height),
            (clashwatch::chart::WIDTH, clashwatch::chart::HEIGHT)
        );

        let (text, uploads) = stats(json!([{"type": 4, "name": "days", "value": 30}])).await;
        assert!(
            text.contains("2 clashes") && text.contains("**16** killed"),
            "{text}"
        );
        assert_eq!(uploads.len(), 1);

        // Nothing in the last day: said plainly, no empty chart.
        let (text, uploads) = stats(json!([{"type": 4, "name": "days", "value": 1}])).await;
        assert!(text.contains("No clashes recorded"), "{text}");
        assert!(uploads.is_empty());

        let (text, _) = stats(json!([region("Atlantis")])).await;
        assert!(text.contains("don't know the region"), "{text}");
        bot.stop().await;
    }
}
