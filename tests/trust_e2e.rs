//! Trusted sources end to end: the real bot against the local Discord API
//! and two local article servers (127.0.0.1 and 127.0.0.2, two "domains").
//! A clash created only by another server's untrusted source alerts nobody
//! here and `/clashes why` says so; trusting the domain, or a member posting
//! the link here, then alerts once.

mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use serde_json::{json, Value};
use support::article_server::{ArticleServer, Reply as Page};
use support::bot::{command, ready, test_config, Bot, WAIT};
use support::db;
use support::discord::{DiscordSim, GuildSpec, SimConfig, SimUser};

fn page(date: &str, site: &str, title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!doctype html><html lang="en"><head><title>{title}</title>
<meta property="og:site_name" content="{site}">
<link rel="canonical" href="https://www.reuters.com/world/made-up">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body><article><h1>{title}</h1>
{body}</article></body></html>"#
    )
}

fn articles() -> Vec<(&'static str, Page)> {
    vec![
        ("/gao", Page::html(&page("2023-09-01", "Sahel Monitor", "Twelve soldiers killed in attack near Gao", &[
            "Mali's army said on Friday that twelve Malian soldiers were killed when JNIM militants attacked a military base near Gao in the north of the country.",
            "The army said the attackers used motorbikes and a car bomb, and that reinforcements had been sent to the area as the search for the attackers went on.",
        ]))),
        ("/slow", Page::html(&page("2023-09-21", "Slow Site", "Nothing happened", &[
            "A quiet day in the capital, where the markets opened on time and the weather was mild.",
        ])).delayed(Duration::from_secs(4))),
        ("/mopti", Page::html(&page("2023-09-20", "Sahel Monitor", "Eight soldiers killed in ambush near Mopti", &[
            "Mali's army said on Wednesday that eight Malian soldiers were killed when JNIM militants ambushed a supply convoy near Mopti in the centre of the country.",
            "The army said several vehicles were destroyed in the ambush and that air support had been called in as the fighting went on into the evening.",
        ]))),
    ]
}

fn sub(name: &str, options: Value) -> Value {
    json!([{"type": 1, "name": name, "options": options}])
}

fn string(name: &str, value: &str) -> Value {
    json!({"type": 3, "name": name, "value": value})
}

/// Long enough for a queued alert to have been sent.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_source_elsewhere_alerts_nobody_here_until_trusted() {
    for db in db::all().await {
        let sim = DiscordSim::start_with(SimConfig {
            guilds: vec![
                GuildSpec {
                    name: "Sahel Watch".into(),
                    channels: ["news", "alerts"].map(String::from).to_vec(),
                },
                GuildSpec {
                    name: "Elsewhere".into(),
                    channels: vec!["news".into()],
                },
            ],
            ..SimConfig::default()
        })
        .await;
        // The other server's "site" is 127.0.0.2: a domain nobody here trusts.
        let other =
            ArticleServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), articles()).await;
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
        let (news, alerts, news2) = (named(0, "news"), named(0, "alerts"), named(1, "news"));
        let moderator = SimUser::moderator("mod");
        let member = SimUser::member("reader");
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "alerts",
            sub("subscribe", json!([string("region", "Sahel")])),
        )
        .await;
        assert!(text.contains("Sahel"), "{}: {text}", db.label);
        command(&sim, news, &moderator, "watch", sub("add", json!([]))).await;
        command(&sim, news2, &moderator, "watch", sub("add", json!([]))).await;

        // The other server posts a link from a site this server doesn't trust
        // (whose page claims to be reuters.com: its own canonical link does
        // not count, where it was read from does).
        let gao = other.url("/gao");
        let posted = sim.post_message(news2, &member, &gao);
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| !s.replies_to(posted).is_empty())
        })
        .await
        .unwrap_or_else(|| panic!("{}: the other server got its reply", db.label));
        settle().await;
        let recorded = db.store.recent_clashes(None, 0, 10).await.expect("clashes");
        assert_eq!(recorded.len(), 1, "{}: the clash is recorded", db.label);
        assert!(
            sim.posted(alerts).is_empty(),
            "{}: no alert here from another server's untrusted source",
            db.label
        );

        // Members may not ask why; moderators get an ephemeral account that
        // names no channel of the other server.
        let (text, ephemeral) = command(
            &sim,
            alerts,
            &member,
            "clashes",
            sub("why", json!([string("target", &gao)])),
        )
        .await;
        assert!(text.contains("Only moderators") && ephemeral, "{text}");
        let (text, ephemeral) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("why", json!([string("target", &gao)])),
        )
        .await;
        assert!(ephemeral, "{text}");
        assert!(text.contains("elsewhere"), "{}: {text}", db.label);
        assert!(text.contains("not trusted here"), "{}: {text}", db.label);
        assert!(
            text.contains("not sent: no source this server trusts"),
            "{}: {text}",
            db.label
        );
        assert!(!text.contains(&news2.to_string()), "{}: {text}", db.label);
        assert!(!text.contains(&posted.to_string()), "{}: {text}", db.label);
        let short = &recorded[0].short_id;
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("why", json!([string("target", short)])),
        )
        .await;
        assert!(
            text.contains("No source of this clash is trusted here"),
            "{}: {text}",
            db.label
        );
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("show", json!([string("id", short)])),
        )
        .await;
        assert!(
            text.contains("127.0.0.2 · not trusted here"),
            "{}: {text}",
            db.label
        );

        // /sources: members are refused, a bare public suffix is refused.
        let (text, ephemeral) = command(
            &sim,
            alerts,
            &member,
            "sources",
            sub("trust", json!([string("domain", "127.0.0.2")])),
        )
        .await;
        assert!(text.contains("Only moderators") && ephemeral, "{text}");
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "sources",
            sub("trust", json!([string("domain", "co.uk")])),
        )
        .await;
        assert!(text.contains("public suffix"), "{text}");
        assert!(sim.posted(alerts).is_empty(), "{}", db.label);

        // Trusting the domain: the clash now alerts here, once.
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "sources",
            sub("trust", json!([string("domain", "http://127.0.0.2/")])),
        )
        .await;
        assert!(text.contains("now trust"), "{text}");
        sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(alerts).len() == 1))
            .await
            .unwrap_or_else(|| panic!("{}: trusting the domain alerts", db.label));
        let (text, _) = command(&sim, alerts, &moderator, "sources", sub("list", json!([]))).await;
        assert!(
            text.contains("Added here") && text.contains("127.0.0.2"),
            "{text}"
        );
        assert!(
            text.contains("reuters.com"),
            "the defaults are listed: {text}"
        );
        // The post is recorded just after Discord answers it.
        for _ in 0..100 {
            let states = db
                .store
                .deliveries_in_channel(alerts as i64)
                .await
                .expect("deliveries");
            if states.iter().all(|(_, state)| state == "sent") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("why", json!([string("target", short)])),
        )
        .await;
        assert!(text.contains("alert sent"), "{}: {text}", db.label);
        assert!(
            text.contains("posted"),
            "{}: the log says so: {text}",
            db.label
        );

        // Untrusted again, another clash from the other server: silent here...
        command(
            &sim,
            alerts,
            &moderator,
            "sources",
            sub("untrust", json!([string("domain", "127.0.0.2")])),
        )
        .await;
        let mopti = other.url("/mopti");
        let posted = sim.post_message(news2, &member, &mopti);
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| !s.replies_to(posted).is_empty())
        })
        .await
        .expect("a reply in the other server");
        settle().await;
        assert_eq!(
            db.store
                .recent_clashes(None, 0, 10)
                .await
                .expect("clashes")
                .len(),
            2,
            "{}",
            db.label
        );
        assert_eq!(sim.posted(alerts).len(), 1, "{}: still one alert", db.label);

        // ...until a member here posts the same link (answered from the
        // store): a sighting in a watched channel here is trusted here.
        let mine = sim.post_message(news, &member, &mopti);
        sim.wait_until(WAIT, |s| {
            Some(()).filter(|_| !s.replies_to(mine).is_empty())
        })
        .await
        .expect("a reply here");
        sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(alerts).len() == 2))
            .await
            .unwrap_or_else(|| panic!("{}: a member's link here alerts", db.label));
        settle().await;
        assert_eq!(sim.posted(alerts).len(), 2, "{}: once", db.label);
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("why", json!([string("target", &mopti)])),
        )
        .await;
        assert!(
            text.contains(&format!("<#{news}>")) && text.contains("seen 1 time elsewhere"),
            "{}: {text}",
            db.label
        );
        assert!(
            text.contains("trusted here: a member"),
            "{}: {text}",
            db.label
        );

        // A link still being read says so (the question is not left without
        // an answer while the page loads).
        let slow = other.url("/slow");
        let posted = sim.post_message(news, &member, &slow);
        let mut queued = false;
        for _ in 0..100 {
            if !db
                .store
                .message_jobs(posted as i64)
                .await
                .expect("jobs")
                .is_empty()
            {
                queued = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(queued, "{}: the slow link was queued", db.label);
        let (text, _) = command(
            &sim,
            alerts,
            &moderator,
            "clashes",
            sub("why", json!([string("target", &slow)])),
        )
        .await;
        assert!(
            text.contains("being read now") || text.contains("queued behind"),
            "{}: {text}",
            db.label
        );

        bot.stop().await;
    }
}

/// The domain that counts is where the article was finally read from: a
/// link through a redirect to a trusted site is trusted, and a trusted
/// site's link that redirects elsewhere is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_follows_redirects_to_the_final_domain() {
    let db = db::sqlite().await;
    let sim = DiscordSim::start_with(SimConfig {
        guilds: vec![
            GuildSpec {
                name: "Sahel Watch".into(),
                channels: vec!["alerts".into()],
            },
            GuildSpec {
                name: "Elsewhere".into(),
                channels: vec!["news".into()],
            },
        ],
        ..SimConfig::default()
    })
    .await;
    let trusted =
        ArticleServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), articles()).await;
    let plain = ArticleServer::start(articles()).await;
    let to_trusted = trusted.url("/gao");
    let to_plain = plain.url("/mopti");
    let shortener = ArticleServer::start(vec![("/s", Page::redirect(302, &to_trusted))]).await;
    let bouncer = ArticleServer::start_on(
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)),
        vec![("/b", Page::redirect(302, &to_plain))],
    )
    .await;
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
    let (alerts, news2) = (named(0, "alerts"), named(1, "news"));
    let moderator = SimUser::moderator("mod");
    let member = SimUser::member("reader");
    command(
        &sim,
        alerts,
        &moderator,
        "alerts",
        sub("subscribe", json!([string("region", "Sahel")])),
    )
    .await;
    command(
        &sim,
        alerts,
        &moderator,
        "sources",
        sub("trust", json!([string("domain", "127.0.0.2")])),
    )
    .await;
    command(&sim, news2, &moderator, "watch", sub("add", json!([]))).await;

    // A trusted site's link that lands elsewhere: not trusted.
    let posted = sim.post_message(news2, &member, &bouncer.url("/b"));
    sim.wait_until(WAIT, |s| {
        Some(()).filter(|_| !s.replies_to(posted).is_empty())
    })
    .await
    .expect("a reply in the other server");
    settle().await;
    assert!(
        sim.posted(alerts).is_empty(),
        "the final domain is 127.0.0.1"
    );

    // Another site's link that lands on the trusted one: trusted.
    let posted = sim.post_message(news2, &member, &shortener.url("/s"));
    sim.wait_until(WAIT, |s| {
        Some(()).filter(|_| !s.replies_to(posted).is_empty())
    })
    .await
    .expect("a reply in the other server");
    sim.wait_until(WAIT, |s| Some(()).filter(|_| s.posted(alerts).len() == 1))
        .await
        .expect("an alert: the article was read from a trusted domain");
    settle().await;
    assert_eq!(sim.posted(alerts).len(), 1);
    bot.stop().await;
}
