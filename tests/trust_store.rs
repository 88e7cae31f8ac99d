//! Trusted sources and sightings in the store, against real SQLite files and
//! a real PostgreSQL server: who gets an alert, with which figures, and what
//! is kept for `/clashes why`.

mod support;

use clashwatch::clashes::{ClashSummary, Range, SourceFigures};
use clashwatch::facts::Facts;
use clashwatch::store::{NewSighting, NewSubscription, Origin, Outcome, Store};
use support::db;

const HERE: i64 = 1;
const ELSEWHERE: i64 = 2;

fn summary(url: &str, killed: u32) -> ClashSummary {
    ClashSummary {
        event_date: chrono::NaiveDate::from_ymd_opt(2023, 9, 1),
        title: "Twelve soldiers killed near Gao".into(),
        countries: vec!["Mali".into()],
        regions: vec!["Sahel".into()],
        parties: vec!["Mali".into(), "JNIM".into()],
        places: vec!["Gao".into()],
        killed: Range::exact(killed),
        injured: Range::exact(0),
        url: url.into(),
        terms: Vec::new(),
    }
}

/// An article from `url` with `killed`, recorded in its clash the way the
/// pipeline does (domain first, then the clash).
async fn read(s: &Store, url: &str, domain: &str, killed: u32) -> i64 {
    let article = clashwatch::article::Article {
        url: Some(url.into()),
        title: Some("Soldiers killed near Gao".into()),
        text: "Fighting was reported.".into(),
        ..Default::default()
    };
    let facts = Facts {
        is_clash_report: true,
        ..Default::default()
    };
    let id = s.save_article(url, &article, &facts).await.unwrap();
    s.set_article_domain(id, domain, url).await.unwrap();
    let source = SourceFigures {
        site: domain.into(),
        url: url.into(),
        killed,
        injured: 0,
        attribution: None,
        sides: Vec::new(),
    };
    s.add_to_clash(id, &summary(url, killed), &source)
        .await
        .unwrap();
    id
}

async fn seen(s: &Store, url: &str, article: i64, guild: i64, message: i64, origin: Origin) {
    s.record_sighting(&NewSighting {
        url,
        guild_id: Some(guild),
        channel_id: Some(guild * 100),
        message_id: Some(message),
        feed_id: None,
        origin,
        article_id: Some(article),
        domain: "x",
        outcome: Outcome::Clash,
        fetched_at: Some(0),
    })
    .await
    .unwrap();
}

async fn subscribe(s: &Store, guild: i64, channel: i64, min_killed: i64) -> i64 {
    s.subscribe(
        &NewSubscription {
            guild_id: guild,
            channel_id: channel,
            region: "Sahel",
            min_killed,
            role_id: None,
            by: 9,
        },
        25,
    )
    .await
    .unwrap();
    s.subscriptions(guild)
        .await
        .unwrap()
        .into_iter()
        .find(|x| x.channel_id == channel)
        .unwrap()
        .id
}

async fn queued(s: &Store, channel: i64) -> usize {
    s.deliveries_in_channel(channel).await.unwrap().len()
}

#[tokio::test]
async fn alerts_follow_each_servers_trust_and_its_figures() {
    for db in db::all().await {
        let s = &db.store;
        s.set_default_trusted(&["reuters.com".to_string()])
            .await
            .unwrap();
        let here = subscribe(s, HERE, 10, 0).await;
        let here_big = subscribe(s, HERE, 11, 20).await;
        let there = subscribe(s, ELSEWHERE, 20, 0).await;

        // Another server's member posts a made-up page: it alerts there only.
        let fake = "https://made-up.example/a";
        let a = read(s, fake, "made-up.example", 100).await;
        assert_eq!(queued(s, 10).await, 0, "{}", db.label);
        seen(s, fake, a, ELSEWHERE, 501, Origin::Channel).await;
        seen(s, fake, a, ELSEWHERE, 501, Origin::Channel).await;
        assert_eq!(
            queued(s, 20).await,
            1,
            "{}: alerts where it was posted",
            db.label
        );
        assert_eq!(queued(s, 10).await, 0, "{}: not here", db.label);
        let clash = s.clash_of_article(a).await.unwrap().unwrap();
        assert_eq!(
            s.sightings_of_clash(clash.id).await.unwrap().len(),
            1,
            "{}: a repeated sighting is one row",
            db.label
        );
        // Asking about it here is recorded, but doesn't make it trusted.
        seen(s, fake, a, HERE, 601, Origin::Request).await;
        assert_eq!(queued(s, 10).await, 0, "{}", db.label);

        // A default-trusted outlet joins with 12 killed: alerts here, and
        // here's figures are the outlet's alone.
        let wire = "https://www.reuters.com/world/gao";
        read(s, wire, "reuters.com", 12).await;
        assert_eq!(queued(s, 10).await, 1, "{}", db.label);
        assert_eq!(
            queued(s, 11).await,
            0,
            "{}: min_killed 20 counts trusted figures (12), not the fake 100",
            db.label
        );
        let shown: Vec<u32> = s
            .trusted_sources_for(clash.id, here)
            .await
            .unwrap()
            .iter()
            .map(|x| x.killed)
            .collect();
        assert_eq!(shown, vec![12], "{}", db.label);
        let there_shown = s.trusted_sources_for(clash.id, there).await.unwrap();
        assert_eq!(there_shown.len(), 2, "{}: there trusts both", db.label);
        let states = s.subscription_states(HERE, clash.id).await.unwrap();
        let big = states
            .iter()
            .find(|x| x.subscription.id == here_big)
            .unwrap();
        assert_eq!(big.trusted_killed_max, Some(12), "{}", db.label);
        assert!(big.delivery.is_none());

        // A server may drop a default: then nothing here is trusted.
        assert!(s.set_trust(HERE, "reuters.com", false, 9, 0).await.unwrap());
        assert!(!s.is_trusted_domain(HERE, "reuters.com").await.unwrap());
        assert!(s.is_trusted_domain(ELSEWHERE, "reuters.com").await.unwrap());
        let sources = s.sources_in_guild(clash.id, HERE).await.unwrap();
        assert!(sources.iter().all(|x| !x.trusted), "{}", db.label);
        assert_eq!(
            sources[0]
                .merge_reason
                .as_deref()
                .map(|r| r.starts_with("started")),
            Some(true),
            "{}",
            db.label
        );
        assert!(
            sources[1]
                .merge_reason
                .as_deref()
                .is_some_and(|r| r.contains("same parties") && r.contains("Gao")),
            "{}: {:?}",
            db.label,
            sources[1].merge_reason
        );
        // Trusting the fake domain here (within the catch-up window) alerts
        // the 20-killed subscription now.
        assert!(s
            .set_trust(HERE, "made-up.example", true, 9, 0)
            .await
            .unwrap());
        assert_eq!(queued(s, 11).await, 1, "{}", db.label);
        assert!(!s
            .set_trust(HERE, "made-up.example", true, 9, 0)
            .await
            .unwrap());
        let choices = s.trust_choices(HERE).await.unwrap();
        assert_eq!(choices.len(), 2, "{}: {choices:?}", db.label);
        // Back to the default removes the server's row.
        s.set_trust(HERE, "reuters.com", true, 9, 0).await.unwrap();
        assert_eq!(s.trust_choices(HERE).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn sightings_of_a_clash_stay_and_the_rest_is_pruned() {
    for db in db::all().await {
        let s = &db.store;
        let url = "https://news.example/a";
        let a = read(s, url, "news.example", 3).await;
        seen(s, url, a, HERE, 1, Origin::Channel).await;
        s.record_sighting(&NewSighting {
            url: "https://broken.example/x",
            guild_id: Some(HERE),
            channel_id: Some(100),
            message_id: Some(2),
            feed_id: None,
            origin: Origin::Channel,
            article_id: None,
            domain: "broken.example",
            outcome: Outcome::Error("the site answered 404".into()),
            fetched_at: None,
        })
        .await
        .unwrap();
        let clash = s.clash_of_article(a).await.unwrap().unwrap();
        s.log_alert(7, clash.id, 100, "posted", None).await.unwrap();
        sqlx::query("UPDATE sightings SET seen_at = 1")
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE alert_log SET at = 1")
            .execute(s.pool())
            .await
            .unwrap();
        let pruned = s.prune(86_400, 10).await.unwrap();
        assert_eq!(pruned.trust_log, 2, "{}: {pruned:?}", db.label);
        assert!(s
            .sightings_of_url("https://broken.example/x")
            .await
            .unwrap()
            .is_empty());
        let kept = s.sightings_of_url(url).await.unwrap();
        assert_eq!(kept.len(), 1, "{}: kept with its clash", db.label);
        assert_eq!(kept[0].clash_id, Some(clash.id));
    }
}

/// Links read before the upgrade: the migration turns their jobs into
/// sightings, so a server keeps trusting what its members posted.
#[tokio::test]
async fn the_upgrade_turns_finished_jobs_into_sightings() {
    let sql = include_str!("../migrations/sqlite/0031_trust_sources.sql");
    let backfill = &sql[sql.rfind("INSERT INTO sightings").expect("the backfill")..];
    for db in db::all().await {
        let s = &db.store;
        let sub = subscribe(s, HERE, 10, 0).await;
        let url = "https://news.example/old";
        let a = read(s, url, "news.example", 4).await;
        let job = clashwatch::store::NewJob {
            guild_id: Some(HERE),
            channel_id: 100,
            message_id: 77,
            position: 0,
            url: url.into(),
            host: "news.example".into(),
            explicit: false,
        };
        s.enqueue_jobs(&[job]).await.unwrap();
        sqlx::query("UPDATE jobs SET state = 'done', article_id = $1")
            .bind(a)
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query("DELETE FROM sightings")
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query(backfill.trim().trim_end_matches(';'))
            .execute(s.pool())
            .await
            .unwrap();
        let seen = s.sightings_of_url(url).await.unwrap();
        assert_eq!(seen.len(), 1, "{}", db.label);
        assert_eq!(seen[0].origin, Origin::Channel);
        assert_eq!(seen[0].outcome, Outcome::Clash);
        let clash = s.clash_of_article(a).await.unwrap().unwrap();
        assert_eq!(seen[0].clash_id, Some(clash.id));
        assert_eq!(
            s.trusted_sources_for(clash.id, sub).await.unwrap().len(),
            1,
            "{}: posted here, so trusted here",
            db.label
        );
    }
}
