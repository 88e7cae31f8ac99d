//! Leases, fencing, retries and retention against real SQLite files and a
//! real PostgreSQL server, and the pipeline with an outbox that fails the
//! way Discord does. Each test names the bug it guards against.

mod support;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clashwatch::alerts::SendError;
use clashwatch::article::fetch::Fetcher;
use clashwatch::config::Config;
use clashwatch::pipeline::{IncomingMessage, Outbox, Pipeline};
use clashwatch::reply::Reply;
use clashwatch::store::{JobState, NewJob, NewSubscription, ReplyState, Store};
use support::article_server::{ArticleServer, Reply as Page};
use support::db;
use tokio_util::sync::CancellationToken;

fn job(message_id: i64, url: &str) -> NewJob {
    NewJob {
        guild_id: Some(1),
        channel_id: 10,
        message_id,
        position: 0,
        url: url.to_string(),
        host: url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default(),
        explicit: false,
    }
}

async fn exec(store: &Store, sql: &str) {
    sqlx::query(sql).execute(store.pool()).await.unwrap();
}

/// Bug: a job taken again after its lease ran out was never checked against
/// `max_attempts`, so a page that crashed or hung the worker was read forever.
#[tokio::test]
async fn an_expired_job_out_of_attempts_is_failed_with_a_reason() {
    for db in db::all().await {
        let s = &db.store;
        s.enqueue_jobs(&[job(1, "https://x.example/crash")])
            .await
            .unwrap();
        // Two readers die on the page (leases already run out).
        for w in ["a", "b"] {
            let j = s.claim_job(w, -1, 4, 2).await.unwrap();
            assert!(j.is_some(), "{}: attempt by {w}", db.label);
        }
        assert!(
            s.claim_job("c", 60, 4, 2).await.unwrap().is_none(),
            "{}: not taken a third time",
            db.label
        );
        let rescued = s.rescue_jobs(2).await.unwrap();
        assert_eq!(rescued.len(), 1, "{}", db.label);
        let j = s.job(rescued[0].id).await.unwrap().unwrap();
        assert_eq!(j.state, JobState::Failed);
        assert!(
            j.error.as_deref().unwrap_or("").contains("stopped 2 times"),
            "{:?}",
            j.error
        );
    }
}

/// Bug: outcome writes didn't check that the writer still held the lease:
/// a worker whose lease ran out overwrote the next holder's outcome, and its
/// retry could turn `done` back into `queued`.
#[tokio::test]
async fn outcome_writes_are_fenced_by_the_lease_holder() {
    for db in db::all().await {
        let s = &db.store;
        s.enqueue_jobs(&[job(2, "https://x.example/a")])
            .await
            .unwrap();
        let article = s
            .save_article(
                "https://x.example/a",
                &clashwatch::article::Article::default(),
                &clashwatch::facts::Facts::default(),
            )
            .await
            .unwrap();
        let slow = s.claim_job("slow", -1, 4, 4).await.unwrap().unwrap();
        let next = s.claim_job("next", 60, 4, 4).await.unwrap().unwrap();
        assert!(
            !s.renew_job(&slow, "slow", 60).await.unwrap(),
            "{}",
            db.label
        );
        assert!(s.renew_job(&next, "next", 60).await.unwrap());
        assert!(s.complete_job(&next, "next", article).await.unwrap());
        assert!(
            !s.retry_job(&slow, "slow", "timed out", 0).await.unwrap(),
            "{}: the old holder can't requeue a finished job",
            db.label
        );
        assert!(!s.fail_job(&slow, "slow", "boom").await.unwrap());
        let j = s.job(next.id).await.unwrap().unwrap();
        assert_eq!(j.state, JobState::Done, "{}", db.label);
        // The same worker id with an older claim is fenced too.
        assert!(!s.complete_job(&slow, "next", article).await.unwrap());
    }
}

async fn clash(s: &Store, short: &str) -> i64 {
    sqlx::query(
        "INSERT INTO clashes (short_id, event_date, event_at, title, countries, regions, parties, \
         places, killed_min, killed_max, injured_min, injured_max, sources, url, first_seen, \
         updated_at) VALUES ($1, NULL, 0, 't', '[]', '[]', '[]', '[]', 1, 1, 0, 0, 1, 'u', 0, 0)",
    )
    .bind(short)
    .execute(s.pool())
    .await
    .unwrap();
    sqlx::query("SELECT id FROM clashes WHERE short_id = $1")
        .bind(short)
        .fetch_one(s.pool())
        .await
        .map(|r| sqlx::Row::get::<i64, _>(&r, "id"))
        .unwrap()
}

async fn deliver_to(s: &Store, sub: i64, clash: i64, channel: i64, created: i64) {
    sqlx::query(
        "INSERT INTO deliveries (subscription_id, clash_id, channel_id, state, attempts, \
         created_at, updated_at, next_attempt_at, locked_until) \
         VALUES ($1, $2, $3, 'pending', 0, $4, $5, 0, 0)",
    )
    .bind(sub)
    .bind(clash)
    .bind(channel)
    .bind(created)
    .bind(created)
    .execute(s.pool())
    .await
    .unwrap();
}

/// Bugs: postponing an alert to space out a channel counted as an attempt
/// (a busy channel's alerts failed for good on their first real error), and
/// the spacing lived in one process's memory.
#[tokio::test]
async fn channel_spacing_and_order_live_in_the_store_and_cost_no_attempts() {
    for db in db::all().await {
        let s = &db.store;
        s.subscribe(
            &NewSubscription {
                guild_id: 1,
                channel_id: 50,
                region: "Caucasus",
                min_killed: 0,
                role_id: None,
                by: 9,
            },
            25,
        )
        .await
        .unwrap();
        let sub: i64 = sqlx::query("SELECT id FROM subscriptions")
            .fetch_one(s.pool())
            .await
            .map(|r| sqlx::Row::get(&r, "id"))
            .unwrap();
        let first = clash(s, "aaa111").await;
        let second = clash(s, "bbb222").await;
        deliver_to(s, sub, first, 50, 100).await;
        deliver_to(s, sub, second, 50, 200).await;

        // One process posts the first alert; the channel must now wait.
        let d = s.take_delivery("p1#1", 60).await.unwrap().expect("due");
        assert_eq!(d.clash_id, first, "{}: oldest first", db.label);
        assert!(
            s.take_delivery("p2#1", 60).await.unwrap().is_none(),
            "{}: one alert at a time per channel",
            db.label
        );
        let shown = (
            clashwatch::clashes::Range::exact(1),
            clashwatch::clashes::Range::exact(0),
            1,
        );
        assert!(s.delivery_sent(&d, 7001, shown, true, 3600).await.unwrap());
        // Another process (another token) sees the spacing too.
        for _ in 0..3 {
            assert!(
                s.take_delivery("p2#2", 60).await.unwrap().is_none(),
                "{}: spaced out",
                db.label
            );
        }
        exec(s, "UPDATE alert_channels SET next_post_at = 0").await;
        let d2 = s.take_delivery("p2#3", 60).await.unwrap().expect("due now");
        assert_eq!(d2.clash_id, second);
        assert_eq!(d2.attempts, 0, "{}: waiting was not an attempt", db.label);
        // A failed send is one; a stale token can't record anything.
        assert!(!s.delivery_retry(&d, 0, "late", false).await.unwrap());
        assert!(s.delivery_retry(&d2, 0, "HTTP 500", true).await.unwrap());
        let again = s
            .take_delivery("p1#2", 60)
            .await
            .unwrap()
            .expect("retry due");
        assert_eq!(again.attempts, 1);
        assert!(again.in_doubt, "{}: a 500 may have posted it", db.label);
    }
}

/// An outbox that fails the way Discord does, from a script, and remembers
/// what it posted (so `find_reply` can find a send whose answer was lost).
#[derive(Default)]
struct Flaky {
    script: Mutex<VecDeque<SendError>>,
    /// (reply_to, message id) actually created.
    posted: Mutex<Vec<(i64, i64)>>,
    calls: Mutex<usize>,
}

impl Outbox for Flaky {
    async fn send_reply(
        &self,
        _channel_id: i64,
        reply_to: i64,
        _reply: Reply,
        _nonce: String,
    ) -> Result<i64, SendError> {
        *self.calls.lock().unwrap() += 1;
        let next = self.script.lock().unwrap().pop_front();
        match next {
            // A 500 whose message was created all the same.
            Some(SendError::InDoubt(why)) if why == "created" => {
                self.posted.lock().unwrap().push((reply_to, 42));
                Err(SendError::InDoubt("HTTP 500".into()))
            }
            Some(e) => Err(e),
            None => {
                let mut posted = self.posted.lock().unwrap();
                let id = 9_000 + posted.len() as i64;
                posted.push((reply_to, id));
                Ok(id)
            }
        }
    }

    async fn find_reply(&self, _channel_id: i64, reply_to: i64) -> Result<Option<i64>, SendError> {
        Ok(self
            .posted
            .lock()
            .unwrap()
            .iter()
            .find(|(to, _)| *to == reply_to)
            .map(|(_, id)| *id))
    }

    async fn typing(&self, _channel_id: i64) {}
}

const PAGE: &str = "<html><head><title>Harvest festival opens</title></head><body><article>\
    <h1>Harvest festival opens</h1><p>The town's harvest festival opened on Saturday with music, \
    food stalls and a parade through the old market square.</p><p>Organisers expect thousands of \
    visitors over the weekend, and the weather forecast is kind.</p></article></body></html>";

fn config() -> Config {
    let mut c = Config::defaults();
    c.fetch.allow_private_addresses = true;
    c.jobs.poll_ms = 20;
    c.jobs.lease_secs = 2;
    c.jobs.rescue_secs = 1;
    c.jobs.reply_retry_base_secs = 1;
    c.bot.non_clash = clashwatch::config::NonClashReply::Note;
    c
}

async fn until(what: &str, f: impl Fn() -> bool) {
    for _ in 0..400 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

fn message(id: i64, content: String) -> IncomingMessage {
    IncomingMessage {
        guild_id: Some(1),
        channel_id: 10,
        message_id: id,
        content,
    }
}

/// Bug: a reply that failed once (Discord 5xx) stayed `sending` until the
/// next restart. Now it is retried while running, and a 500 whose message
/// was created anyway is found, not posted twice.
#[tokio::test]
async fn failed_replies_are_retried_while_running_and_sent_once() {
    for db in db::all().await {
        let server = ArticleServer::start(vec![("/a", Page::html(PAGE))]).await;
        let config = config();
        let p = Arc::new(Pipeline::new(
            db.store.clone(),
            Fetcher::new(&config.fetch).unwrap(),
            &config,
        ));
        let outbox = Arc::new(Flaky::default());
        outbox.script.lock().unwrap().extend([
            SendError::Temporary("HTTP 429".into()),
            SendError::InDoubt("created".into()),
        ]);
        let stop = CancellationToken::new();
        let workers = tokio::spawn(Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()));
        p.accept_message(&message(300, server.url("/a")))
            .await
            .unwrap();
        let store = db.store.clone();
        for _ in 0..300 {
            if store.reply_state(300).await.unwrap() == Some(ReplyState::Sent) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert_eq!(
            store.reply_state(300).await.unwrap(),
            Some(ReplyState::Sent),
            "{}: sent without a restart",
            db.label
        );
        assert_eq!(outbox.posted.lock().unwrap().len(), 1, "{}: once", db.label);
        assert_eq!(
            *outbox.calls.lock().unwrap(),
            2,
            "{}: 429, then the lost 500 found",
            db.label
        );
        stop.cancel();
        workers.await.unwrap();
    }
}

/// A reply whose message was deleted is dropped (documented choice), once,
/// and not retried.
#[tokio::test]
async fn a_reply_to_a_deleted_message_is_dropped() {
    let db = db::sqlite().await;
    let server = ArticleServer::start(vec![("/a", Page::html(PAGE))]).await;
    let config = config();
    let p = Arc::new(Pipeline::new(
        db.store.clone(),
        Fetcher::new(&config.fetch).unwrap(),
        &config,
    ));
    let outbox = Arc::new(Flaky::default());
    outbox
        .script
        .lock()
        .unwrap()
        .push_back(SendError::MessageGone("Unknown message".into()));
    let stop = CancellationToken::new();
    let workers = tokio::spawn(Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()));
    p.accept_message(&message(301, server.url("/a")))
        .await
        .unwrap();
    until("the send", || *outbox.calls.lock().unwrap() == 1).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(*outbox.calls.lock().unwrap(), 1, "not retried");
    assert_eq!(
        db.store.reply_state(301).await.unwrap(),
        Some(ReplyState::Skipped)
    );
    stop.cancel();
    workers.await.unwrap();
}

/// Bug: nothing was ever pruned. Old article texts are cleared (the rows,
/// facts and clash figures stay), finished jobs and settled replies go,
/// in batches; recent rows are untouched.
#[tokio::test]
async fn retention_prunes_in_batches_and_keeps_articles() {
    for db in db::all().await {
        let s = &db.store;
        let article = clashwatch::article::Article {
            title: Some("Old".into()),
            text: "Four soldiers were killed.".into(),
            ..Default::default()
        };
        let facts = clashwatch::facts::Facts::default();
        for i in 0..3 {
            s.save_article(&format!("https://x.example/{i}"), &article, &facts)
                .await
                .unwrap();
        }
        s.enqueue_jobs(&[job(1, "https://x.example/0"), job(2, "https://x.example/1")])
            .await
            .unwrap();
        exec(s, "UPDATE jobs SET state = 'done', updated_at = 1").await;
        exec(
            s,
            "UPDATE articles SET fetched_at = 1 WHERE url <> 'https://x.example/2'",
        )
        .await;
        let first = s.prune(86_400, 1).await.unwrap();
        assert_eq!((first.article_texts, first.jobs), (1, 1), "{}", db.label);
        let second = s.prune(86_400, 10).await.unwrap();
        assert_eq!((second.article_texts, second.jobs), (1, 1), "{}", db.label);
        assert_eq!(s.prune(86_400, 10).await.unwrap().total(), 0);
        let old = s
            .article_by_url("https://x.example/0", 0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(old.article.text, "", "{}: text cleared", db.label);
        assert_eq!(
            old.article.title.as_deref(),
            Some("Old"),
            "row and facts kept"
        );
        let recent = s
            .article_by_url("https://x.example/2", 0)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(recent.article.text, article.text);
    }
}

/// Bug: the lease was fixed (120 s) and never renewed, so a crash left a
/// link unanswered for two minutes, and a shorter lease would hand a slow
/// read to a second worker. Now a heartbeat keeps a short lease alive while
/// the page is read: another process never reads it a second time.
#[tokio::test]
async fn a_read_longer_than_its_lease_keeps_it_by_heartbeat() {
    for db in db::all().await {
        let server = ArticleServer::start(vec![(
            "/slow",
            Page::html(PAGE).delayed(Duration::from_millis(3000)),
        )])
        .await;
        let mut config = config();
        config.jobs.lease_secs = 1;
        let outbox = Arc::new(Flaky::default());
        let stop = CancellationToken::new();
        let mut workers = Vec::new();
        let mut pipelines = Vec::new();
        // Two processes sharing one queue.
        for _ in 0..2 {
            let p = Arc::new(Pipeline::new(
                db.store.clone(),
                Fetcher::new(&config.fetch).unwrap(),
                &config,
            ));
            workers.push(tokio::spawn(
                Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()),
            ));
            pipelines.push(p);
        }
        assert_ne!(pipelines[0].worker_id(), pipelines[1].worker_id());
        pipelines[0]
            .accept_message(&message(400, server.url("/slow")))
            .await
            .unwrap();
        until("the reply", || !outbox.posted.lock().unwrap().is_empty()).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(server.requests().len(), 1, "{}: read once", db.label);
        assert_eq!(outbox.posted.lock().unwrap().len(), 1, "{}", db.label);
        stop.cancel();
        for w in workers {
            w.await.unwrap();
        }
    }
}
