//! The link pipeline without Discord: a real store, a real local article
//! server, and an outbox that records what would be sent.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use clashwatch::alerts::SendError;
use clashwatch::article::fetch::Fetcher;
use clashwatch::config::{Config, NonClashReply};
use clashwatch::pipeline::{IncomingMessage, Outbox, Pipeline};
use clashwatch::reply::Reply;
use clashwatch::store::{JobState, ReplyState, Store};
use support::article_server::{ArticleServer, Reply as Page};
use support::db;
use tokio_util::sync::CancellationToken;

#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(i64, i64, Reply, String)>>,
    typing: Mutex<Vec<i64>>,
}

impl Outbox for Recorder {
    async fn send_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
        reply: Reply,
        nonce: String,
    ) -> Result<i64, SendError> {
        let mut sent = self.sent.lock().unwrap();
        sent.push((channel_id, reply_to, reply, nonce));
        Ok(9_000 + sent.len() as i64)
    }

    async fn typing(&self, channel_id: i64) {
        self.typing.lock().unwrap().push(channel_id);
    }
}

fn config() -> Config {
    let mut c = Config::defaults();
    // The article server is on 127.0.0.1: let the fetcher reach it.
    c.fetch.allow_private_addresses = true;
    c.fetch.timeout_secs = 3;
    c.jobs.poll_ms = 20;
    c.jobs.workers = 2;
    c.jobs.retry_base_secs = 0;
    c.bot.non_clash = NonClashReply::Note;
    c.bot.typing_after_ms = 100;
    c
}

fn pipeline(store: &Store, config: &Config) -> Arc<Pipeline> {
    Arc::new(Pipeline::new(
        store.clone(),
        Fetcher::new(&config.fetch).unwrap(),
        config,
    ))
}

fn message(id: i64, content: &str) -> IncomingMessage {
    IncomingMessage {
        guild_id: Some(1),
        channel_id: 10,
        message_id: id,
        content: content.to_string(),
    }
}

async fn until<F: Fn() -> bool>(what: &str, f: F) {
    for _ in 0..300 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

const PAGE: &str = "<html><head><title>Harvest festival opens</title></head><body><article>\
    <h1>Harvest festival opens</h1><p>The town's harvest festival opened on Saturday with music, \
    food stalls and a parade through the old market square.</p><p>Organisers expect thousands of \
    visitors over the weekend, and the weather forecast is kind.</p><p>Local bakers have prepared \
    a record number of loaves, and the brass band from the neighbouring village will play on both \
    evenings before the closing fireworks.</p></article></body></html>";

#[tokio::test]
async fn one_reply_per_message_with_every_link_accounted_for() {
    for db in db::all().await {
        let server = ArticleServer::start(vec![
            ("/festival", Page::html(PAGE)),
            ("/gone", Page::status(404)),
            (
                "/slow",
                Page::html(PAGE).delayed(Duration::from_millis(300)),
            ),
        ])
        .await;
        let config = config();
        let p = pipeline(&db.store, &config);
        let outbox = Arc::new(Recorder::default());
        let stop = CancellationToken::new();
        let workers = tokio::spawn(Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()));

        let text = format!(
            "look {} and {} and {}?utm_source=x and again {}",
            server.url("/festival"),
            server.url("/gone"),
            server.url("/slow"),
            server.url("/festival")
        );
        assert_eq!(
            p.accept_message(&message(500, &text)).await.unwrap(),
            3,
            "{}",
            db.label
        );
        // The same message again (gateway replay) queues nothing new.
        p.accept_message(&message(500, &text)).await.unwrap();

        until("the reply", || !outbox.sent.lock().unwrap().is_empty()).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = outbox.sent.lock().unwrap().clone();
        assert_eq!(sent.len(), 1, "{}: exactly one reply", db.label);
        let (channel, reply_to, reply, nonce) = &sent[0];
        assert_eq!((*channel, *reply_to), (10, 500));
        assert_eq!(nonce, "cw500");
        let content = reply.content.clone().unwrap_or_default();
        assert!(content.contains("HTTP 404"), "{}: {content}", db.label);
        assert!(content.contains("not a report of fighting"), "{content}");
        assert_eq!(
            db.store.reply_state(500).await.unwrap(),
            Some(ReplyState::Sent)
        );
        assert!(
            outbox.typing.lock().unwrap().contains(&10),
            "slow page shows typing"
        );

        // Posted again later: answered from the store, not fetched again.
        let fetches = server.requests().len();
        p.accept_message(&message(501, &server.url("/festival")))
            .await
            .unwrap();
        until("the second reply", || {
            outbox.sent.lock().unwrap().len() == 2
        })
        .await;
        assert_eq!(server.requests().len(), fetches, "{}: cached", db.label);

        stop.cancel();
        workers.await.unwrap();
    }
}

#[tokio::test]
async fn a_job_held_by_a_dead_worker_is_finished_once_after_restart() {
    for db in db::all().await {
        let server = ArticleServer::start(vec![("/a", Page::html(PAGE))]).await;
        let mut config = config();
        config.jobs.lease_secs = 1;
        let first = pipeline(&db.store, &config);
        first
            .accept_message(&message(700, &server.url("/a")))
            .await
            .unwrap();
        // A worker claims the job and dies without finishing (no release).
        let held = db
            .store
            .claim_job("dead-worker", 1, 4, 4)
            .await
            .unwrap()
            .expect("claimed");
        assert_eq!(held.state, JobState::Running);

        // The restarted process takes it over once the lease has run out.
        let second = pipeline(&db.store, &config);
        let outbox = Arc::new(Recorder::default());
        let stop = CancellationToken::new();
        let workers =
            tokio::spawn(Arc::clone(&second).run_workers(Arc::clone(&outbox), stop.clone()));
        until("the reply after restart", || {
            !outbox.sent.lock().unwrap().is_empty()
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(outbox.sent.lock().unwrap().len(), 1, "{}", db.label);
        let job = db.store.job(held.id).await.unwrap().unwrap();
        assert_eq!(job.state, JobState::Done);
        stop.cancel();
        workers.await.unwrap();
    }
}

#[tokio::test]
async fn temporary_failures_are_retried_then_reported() {
    for db in db::all().await {
        let server = ArticleServer::start(vec![("/busy", Page::status(503))]).await;
        let mut config = config();
        config.jobs.max_attempts = 2;
        let p = pipeline(&db.store, &config);
        let outbox = Arc::new(Recorder::default());
        let stop = CancellationToken::new();
        let workers = tokio::spawn(Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()));
        p.accept_message(&message(800, &server.url("/busy")))
            .await
            .unwrap();
        until("the failure reply", || {
            !outbox.sent.lock().unwrap().is_empty()
        })
        .await;
        assert_eq!(server.requests().len(), 2, "{}: one retry", db.label);
        let reply = outbox.sent.lock().unwrap()[0].2.clone();
        assert!(reply.content.unwrap().contains("503"));
        stop.cancel();
        workers.await.unwrap();
    }
}

#[tokio::test]
async fn graceful_shutdown_hands_back_nothing_lost() {
    let db = db::sqlite().await;
    let server = ArticleServer::start(vec![(
        "/a",
        Page::html(PAGE).delayed(Duration::from_millis(200)),
    )])
    .await;
    let config = config();
    let p = pipeline(&db.store, &config);
    let outbox = Arc::new(Recorder::default());
    let stop = CancellationToken::new();
    let workers = tokio::spawn(Arc::clone(&p).run_workers(Arc::clone(&outbox), stop.clone()));
    p.accept_message(&message(900, &server.url("/a")))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stop.cancel();
    workers.await.unwrap();
    // Either finished (and answered) or back in the queue: never stuck running.
    let jobs = db.store.message_jobs(900).await.unwrap();
    assert!(jobs.iter().all(|j| j.state != JobState::Running));
}
