//! The store against real SQLite files and a real PostgreSQL server.

mod support;

use clashwatch::article::Article;
use clashwatch::facts::{Facts, Totals};
use clashwatch::store::{JobState, NewJob, ReplyState};
use support::db;

fn job(message_id: i64, position: i64, url: &str) -> NewJob {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    NewJob {
        guild_id: Some(1),
        channel_id: 10,
        message_id,
        position,
        url: url.to_string(),
        host,
        explicit: false,
    }
}

#[tokio::test]
async fn enqueue_is_idempotent_per_message_and_url() {
    for db in db::all().await {
        let s = &db.store;
        let jobs = [
            job(100, 0, "https://a.example/1"),
            job(100, 1, "https://b.example/2"),
        ];
        assert_eq!(s.enqueue_jobs(&jobs).await.unwrap(), 2, "{}", db.label);
        assert_eq!(s.enqueue_jobs(&jobs).await.unwrap(), 0, "{}", db.label);
        assert_eq!(
            s.enqueue_jobs(&[job(101, 0, "https://a.example/1")])
                .await
                .unwrap(),
            1
        );
        assert_eq!(s.pending_jobs().await.unwrap().len(), 3, "{}", db.label);
    }
}

#[tokio::test]
async fn claim_respects_per_host_limit_and_leases() {
    for db in db::all().await {
        let s = &db.store;
        s.enqueue_jobs(&[
            job(1, 0, "https://same.example/a"),
            job(2, 0, "https://same.example/b"),
            job(3, 0, "https://other.example/c"),
        ])
        .await
        .unwrap();
        let a = s
            .claim_job("w1", 60, 1, 4)
            .await
            .unwrap()
            .expect("first job");
        assert_eq!(a.url, "https://same.example/a", "{}", db.label);
        assert_eq!(a.state, JobState::Running);
        assert_eq!(a.attempts, 1);
        // same.example already has one running: the next claim skips it.
        let c = s
            .claim_job("w2", 60, 1, 4)
            .await
            .unwrap()
            .expect("other host");
        assert_eq!(c.host, "other.example", "{}", db.label);
        assert!(
            s.claim_job("w2", 60, 1, 4).await.unwrap().is_none(),
            "{}",
            db.label
        );
        s.complete_job(&a, "w1", 0).await.ok();
    }
}

#[tokio::test]
async fn expired_lease_is_claimed_again_and_release_hands_back() {
    for db in db::all().await {
        let s = &db.store;
        s.enqueue_jobs(&[job(7, 0, "https://x.example/a")])
            .await
            .unwrap();
        // A lease that has already run out: as if the worker died.
        let first = s.claim_job("dead", -1, 4, 4).await.unwrap().expect("claim");
        let again = s
            .claim_job("alive", 60, 4, 4)
            .await
            .unwrap()
            .expect("reclaimed");
        assert_eq!(first.id, again.id, "{}", db.label);
        assert_eq!(again.attempts, 2);
        assert_eq!(s.release_jobs("alive").await.unwrap(), 1);
        let j = s.job(again.id).await.unwrap().unwrap();
        assert_eq!(j.state, JobState::Queued, "{}", db.label);
        assert_eq!(j.attempts, 1);
    }
}

#[tokio::test]
async fn retry_waits_and_failure_is_final() {
    for db in db::all().await {
        let s = &db.store;
        s.enqueue_jobs(&[job(8, 0, "https://y.example/a")])
            .await
            .unwrap();
        let j = s.claim_job("w", 60, 4, 4).await.unwrap().unwrap();
        assert!(s
            .retry_job(&j, "w", "timed out after 20 s", 3600)
            .await
            .unwrap());
        assert!(
            s.claim_job("w", 60, 4, 4).await.unwrap().is_none(),
            "{}",
            db.label
        );
        // The claim that retried it no longer holds it: its write is refused.
        assert!(!s.fail_job(&j, "w", "HTTP 404 Not Found").await.unwrap());
        sqlx::query("UPDATE jobs SET next_attempt_at = 0")
            .execute(s.pool())
            .await
            .unwrap();
        let j = s.claim_job("w", 60, 4, 4).await.unwrap().unwrap();
        assert!(s.fail_job(&j, "w", "HTTP 404 Not Found").await.unwrap());
        let j = s.job(j.id).await.unwrap().unwrap();
        assert_eq!(j.state, JobState::Failed);
        assert_eq!(j.error.as_deref(), Some("HTTP 404 Not Found"));
        assert!(s.pending_jobs().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn articles_round_trip_with_facts() {
    for db in db::all().await {
        let s = &db.store;
        let article = Article {
            url: Some("https://news.example/a".into()),
            title: Some("Clash at the border".into()),
            site: Some("News".into()),
            published: chrono::NaiveDate::from_ymd_opt(2023, 9, 1),
            text: "Four soldiers were killed.".into(),
            ..Article::default()
        };
        let facts = Facts {
            is_clash_report: true,
            totals: Totals {
                killed: 4,
                injured: 0,
            },
            ..Facts::default()
        };
        let id = s
            .save_article("https://news.example/a", &article, &facts)
            .await
            .unwrap();
        let again = s
            .save_article("https://news.example/a", &article, &facts)
            .await
            .unwrap();
        assert_eq!(id, again, "{}", db.label);
        let stored = s
            .article_by_url("https://news.example/a", 0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.article.title, article.title);
        assert_eq!(stored.article.published, article.published);
        assert_eq!(stored.facts, facts);
        assert!(s
            .article_by_url("https://news.example/a", i64::MAX)
            .await
            .unwrap()
            .is_none());
    }
}

#[tokio::test]
async fn watched_channels_and_replies() {
    for db in db::all().await {
        let s = &db.store;
        assert!(s.watch_channel(1, 10, 99).await.unwrap());
        assert!(!s.watch_channel(1, 10, 99).await.unwrap());
        s.watch_channel(1, 11, 99).await.unwrap();
        assert_eq!(s.watched_channels(1).await.unwrap(), vec![10, 11]);
        assert!(s.is_watched(10).await.unwrap());
        assert!(s.unwatch_channel(1, 10).await.unwrap());
        assert!(!s.is_watched(10).await.unwrap(), "{}", db.label);

        let claim = s
            .begin_reply(500, 11, "a#1", 60)
            .await
            .unwrap()
            .expect("first claim");
        assert!(!claim.in_doubt);
        // Claimed and its lease still runs: a second worker must not send.
        assert!(
            s.begin_reply(500, 11, "b#1", 60).await.unwrap().is_none(),
            "{}",
            db.label
        );
        // A claim whose lease ran out (crash before recording) is taken
        // again, in doubt: the sender looks before it posts.
        s.begin_reply(600, 11, "a#2", -1).await.unwrap().unwrap();
        let again = s.begin_reply(600, 11, "b#2", 60).await.unwrap();
        assert!(again.is_some_and(|c| c.in_doubt), "{}", db.label);
        assert!(s
            .finish_reply(&claim, ReplyState::Sent, Some(501), None)
            .await
            .unwrap());
        assert!(
            s.begin_reply(500, 11, "c#1", -100).await.unwrap().is_none(),
            "{}",
            db.label
        );
        assert_eq!(s.reply_state(500).await.unwrap(), Some(ReplyState::Sent));
    }
}

#[tokio::test]
async fn sqlite_file_is_created_in_wal_mode() {
    let db = db::sqlite().await;
    let path = db.url.trim_start_matches("sqlite://");
    assert!(std::path::Path::new(path).exists());
    let row: (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(row.0.to_lowercase(), "wal");
}

/// Many workers recording articles and clashes at once, as the bot's pool
/// does: every write waits its turn; none fails with "database is locked"
/// (on SQLite a transaction that read first used to lose the race at once).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_all_succeed() {
    use clashwatch::clashes::{ClashSummary, SourceFigures};
    for db in db::all().await {
        let store = std::sync::Arc::new(db.store.clone());
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = std::sync::Arc::clone(&store);
            tasks.push(tokio::spawn(async move {
                let url = format!("https://news{}.example/story/{i}", i % 10);
                let article = Article {
                    url: Some(url.clone()),
                    title: Some(format!("Clash number {i}")),
                    published: chrono::NaiveDate::from_ymd_opt(2023, 9, 1 + i % 20),
                    text: "Four soldiers were killed.".into(),
                    ..Article::default()
                };
                let facts = Facts {
                    is_clash_report: true,
                    countries: vec!["Armenia".into()],
                    totals: Totals {
                        killed: i,
                        injured: 0,
                    },
                    ..Facts::default()
                };
                let id = store.save_article(&url, &article, &facts).await?;
                let summary = ClashSummary::from_article(&url, &article, &facts);
                let source = SourceFigures::from_article(&url, &article, &facts);
                store.add_to_clash(id, &summary, &source).await?;
                store.save_article(&url, &article, &facts).await
            }));
        }
        for t in tasks {
            let result = t.await.expect("task");
            assert!(result.is_ok(), "{}: {result:?}", db.label);
        }
        let clashes = db.store.recent_clashes(None, 0, 100).await.unwrap();
        let sources: i64 = clashes.iter().map(|c| c.sources).sum();
        assert_eq!(sources, 40, "{}: every article is a source once", db.label);
    }
}

fn feed_item(n: u32) -> clashwatch::store::FeedItem {
    clashwatch::store::FeedItem {
        key: format!("id:item-{n}"),
        url: Some(format!("https://news.example/{n}")),
        title: Some(format!("Item {n}")),
        body: None,
        published: None,
    }
}

/// Poll `feed_id` once (claimed now) with `items`, or a 304 with `None`.
async fn poll(
    s: &clashwatch::store::Store,
    feed_id: i64,
    items: Option<&[clashwatch::store::FeedItem]>,
) -> u64 {
    sqlx::query("UPDATE feeds SET next_fetch_at = 0 WHERE id = $1")
        .bind(feed_id)
        .execute(s.pool())
        .await
        .unwrap();
    let feed = s
        .claim_feed("poller", 60)
        .await
        .unwrap()
        .expect("the feed is due");
    let polled = clashwatch::store::Polled {
        items,
        etag: None,
        last_modified: None,
        next_fetch_at: i64::MAX / 2,
    };
    s.feed_polled(&feed, "poller", &polled)
        .await
        .unwrap()
        .expect("the claim holds")
}

/// Retention forgets the items a feed stopped listing, never those its
/// latest listing still shows (even through weeks of 304s: forgetting them
/// would post them again), nor one whose read is still queued.
#[tokio::test]
async fn feed_items_are_forgotten_only_once_the_feed_stops_listing_them() {
    for db in db::all().await {
        let s = &db.store;
        let first: Vec<_> = (1..=3).map(feed_item).collect();
        let added = s
            .add_feed(
                &clashwatch::store::NewFeed {
                    guild_id: 1,
                    url: "https://news.example/feed",
                    feed_url: "https://news.example/feed",
                    kind: clashwatch::store::feeds::KIND_FEED,
                    title: None,
                    host: "news.example",
                    channel_id: None,
                    region: None,
                    by: 7,
                    etag: None,
                    last_modified: None,
                    next_fetch_at: 0,
                },
                &first,
                10,
            )
            .await
            .unwrap();
        let clashwatch::store::FeedAdded::Added { id: feed, .. } = added else {
            panic!("{}: feed not added: {added:?}", db.label);
        };
        // Items 1-3 are listed, then the feed moves on to 2-4 (4 is new:
        // its read is queued), then answers 304 for a long time.
        let second: Vec<_> = (2..=4).map(feed_item).collect();
        assert_eq!(poll(s, feed, Some(&second)).await, 1, "{}", db.label);
        assert_eq!(poll(s, feed, None).await, 0, "{}", db.label);
        // Everything happened long ago, the latest listing included (item 1
        // was last listed a minute before it: both polls may share a second).
        sqlx::query("UPDATE feed_items SET last_listed_at = last_listed_at - 100000000")
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE feed_items SET last_listed_at = last_listed_at - 60 WHERE item_key = 'id:item-1'")
            .execute(s.pool())
            .await
            .unwrap();
        sqlx::query("UPDATE feeds SET listed_at = listed_at - 100000000")
            .execute(s.pool())
            .await
            .unwrap();
        let pruned = s.prune(86_400, 100).await.unwrap();
        assert_eq!(pruned.feed_items, 1, "{}: {pruned:?}", db.label);
        let keys: Vec<String> = sqlx::query_scalar("SELECT item_key FROM feed_items ORDER BY id")
            .fetch_all(s.pool())
            .await
            .unwrap();
        assert_eq!(
            keys,
            ["id:item-2", "id:item-3", "id:item-4"],
            "{}: only the unlisted item 1 goes",
            db.label
        );
        // Listed again later: still known, nothing new to read.
        assert_eq!(poll(s, feed, Some(&second)).await, 0, "{}", db.label);
        // The feed drops 2 and 3; 4's read is still queued, so only 2 and 3 go.
        let third = vec![feed_item(5)];
        assert_eq!(poll(s, feed, Some(&third)).await, 1, "{}", db.label);
        sqlx::query("UPDATE feed_items SET last_listed_at = 1 WHERE item_key <> 'id:item-5'")
            .execute(s.pool())
            .await
            .unwrap();
        let pruned = s.prune(86_400, 100).await.unwrap();
        assert_eq!(pruned.feed_items, 2, "{}: {pruned:?}", db.label);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feed_items")
            .fetch_one(s.pool())
            .await
            .unwrap();
        assert_eq!(
            left, 2,
            "{}: item 4 (queued read) and 5 (listed) stay",
            db.label
        );
    }
}

/// A write whose caller gives up at any moment (a timeout around an alert's
/// delivery, a worker that lost its lease) must leave no transaction open:
/// sqlx ends a custom `BEGIN` in two steps, and a caller dropped between
/// them used to leave its pooled connection holding SQLite's write lock for
/// good, so every other writer failed with "database is locked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_given_up_at_any_moment_leaves_the_database_writable() {
    use std::time::{Duration, Instant};
    for db in db::all().await {
        for i in 0..1500u64 {
            let jobs = [job(1000 + i as i64, 0, "https://news.example/a")];
            // From "at once" to "after the commit", in steps of 1 µs.
            let _ =
                tokio::time::timeout(Duration::from_micros(i % 300), db.store.enqueue_jobs(&jobs))
                    .await;
        }
        // Another process (its own pool) writes next; then this one again.
        let other = clashwatch::store::Store::open(&db.url, 1)
            .await
            .expect("a second connection");
        let started = Instant::now();
        let written = tokio::time::timeout(
            Duration::from_secs(5),
            other.enqueue_jobs(&[job(1, 0, "https://news.example/b")]),
        )
        .await;
        assert!(
            matches!(written, Ok(Ok(1))),
            "{}: another writer got in ({written:?} after {:?})",
            db.label,
            started.elapsed()
        );
        for n in 0..8 {
            let mine = tokio::time::timeout(
                Duration::from_secs(5),
                db.store
                    .enqueue_jobs(&[job(2 + n, 0, "https://news.example/c")]),
            )
            .await;
            assert!(matches!(mine, Ok(Ok(1))), "{}: {mine:?}", db.label);
        }
        let seen = other.message_jobs(2).await.expect("read back");
        assert_eq!(seen.len(), 1, "{}: the writes were committed", db.label);
    }
}
