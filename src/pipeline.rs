//! From a message with links to the reply under it: queue the links (durably,
//! before any work), read each article with a bounded worker pool, store the
//! article and its facts, and send one reply per message once all its links
//! are done. Transport-neutral: the bot adapter supplies an [`Outbox`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};
use url::Url;

use crate::article::fetch::Fetcher;
use crate::article::links;
use crate::article::source::{self, Input, SourceError};
use crate::clashes::{ClashSummary, SourceFigures};
use crate::config::{BotConfig, Config, JobsConfig, NonClashReply};
use crate::facts::{self, FactsInput};
use crate::reply::{self, Reply};
use crate::store::{self, Job, JobState, NewJob, ReplyState, Store, StoredArticle};

/// A chat message as the pipeline needs it.
#[derive(Debug, Clone)]
pub struct IncomingMessage {
    pub guild_id: Option<i64>,
    pub channel_id: i64,
    pub message_id: i64,
    pub content: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

/// Why an article could not be read, worded for the poster.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Source(#[from] SourceError),
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("the fact extractor failed on this page")]
    Crashed,
}

impl ReadError {
    /// Worth retrying later: timeouts, server errors, a busy database.
    pub fn is_temporary(&self) -> bool {
        match self {
            ReadError::Source(SourceError::Fetch(e)) => e.is_temporary(),
            ReadError::Source(_) => false,
            ReadError::Store(_) => true,
            ReadError::Crashed => false,
        }
    }
}

/// Where replies go: Discord in production, a recorder in tests.
pub trait Outbox: Send + Sync + 'static {
    /// Post `reply` in `channel_id` as a reply to `reply_to`. `nonce` is the
    /// same for every attempt at one reply, so the platform can drop a
    /// duplicate sent after a crash. Returns the new message's id.
    fn send_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
        reply: Reply,
        nonce: String,
    ) -> impl Future<Output = Result<i64, String>> + Send;

    /// Show that the bot is working in `channel_id`.
    fn typing(&self, channel_id: i64) -> impl Future<Output = ()> + Send;
}

pub struct Pipeline {
    store: Store,
    fetcher: Fetcher,
    jobs: JobsConfig,
    bot: BotConfig,
    wake: Notify,
    alerts_wake: Arc<Notify>,
    worker_id: String,
}

impl Pipeline {
    pub fn new(store: Store, fetcher: Fetcher, config: &Config) -> Pipeline {
        Pipeline {
            store,
            fetcher,
            jobs: config.jobs.clone(),
            bot: config.bot.clone(),
            wake: Notify::new(),
            alerts_wake: Arc::new(Notify::new()),
            worker_id: format!("{}-{}", hostname(), std::process::id()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Notified when a clash is recorded: alerts may be due.
    pub fn alerts_wake(&self) -> Arc<Notify> {
        Arc::clone(&self.alerts_wake)
    }

    /// The links of a message worth reading, in order, at most the configured number.
    pub fn links_in(&self, content: &str) -> Vec<Url> {
        let mut found = links::find_links(content);
        found.truncate(self.bot.max_links_per_message);
        found
    }

    /// Queue the links of a message (idempotent) and wake the workers.
    /// Returns how many links the message has (0: nothing to do).
    pub async fn accept_message(&self, msg: &IncomingMessage) -> Result<usize, PipelineError> {
        let found = self.links_in(&msg.content);
        if found.is_empty() {
            return Ok(0);
        }
        let jobs: Vec<NewJob> = found
            .iter()
            .enumerate()
            .map(|(i, url)| NewJob {
                guild_id: msg.guild_id,
                channel_id: msg.channel_id,
                message_id: msg.message_id,
                position: i as i64,
                url: url.to_string(),
                host: url.host_str().unwrap_or_default().to_string(),
            })
            .collect();
        let added = self.store.enqueue_jobs(&jobs).await?;
        debug!(
            message = msg.message_id,
            links = jobs.len(),
            added,
            "links queued"
        );
        self.wake.notify_waiters();
        Ok(jobs.len())
    }

    /// The article at `url` with its facts: from the store when read within
    /// the cache window, else fetched, extracted and stored.
    pub async fn read_article(&self, url: &str) -> Result<StoredArticle, ReadError> {
        let fresh_after = store::now() - self.jobs.cache_hours * 3600;
        if let Some(stored) = self.store.article_by_url(url, fresh_after).await? {
            debug!(url, "answered from the store");
            return Ok(stored);
        }
        let article = source::read(&Input::Url(url.to_string()), &self.fetcher).await?;
        // Extraction is CPU work: keep it off the async workers.
        let (article, facts) = tokio::task::spawn_blocking(move || {
            let facts = facts::extract(&FactsInput {
                title: article.title.as_deref(),
                text: &article.text,
                published: article.published,
                page_dates: &article.embed_dates,
            });
            (article, facts)
        })
        .await
        .map_err(|_| ReadError::Crashed)?;
        let id = self.store.save_article(url, &article, &facts).await?;
        if facts.is_clash_report {
            let summary = ClashSummary::from_article(url, &article, &facts);
            let source = SourceFigures::from_article(url, &article, &facts);
            let (clash, change) = self.store.add_to_clash(id, &summary, &source).await?;
            debug!(url, clash = %clash.short_id, ?change, "clash recorded");
            // Alerts were queued with the clash; the sender may have some to post.
            self.alerts_wake.notify_one();
        }
        Ok(StoredArticle {
            id,
            key_url: url.to_string(),
            article,
            facts,
            fetched_at: store::now(),
        })
    }

    /// Run `workers` job loops until `shutdown`, then hand back held jobs.
    pub async fn run_workers<O: Outbox>(
        self: Arc<Self>,
        outbox: Arc<O>,
        shutdown: CancellationToken,
    ) {
        let mut handles = Vec::new();
        for n in 0..self.jobs.workers.max(1) {
            let me = Arc::clone(&self);
            let outbox = Arc::clone(&outbox);
            let shutdown = shutdown.clone();
            handles.push(tokio::spawn(async move {
                me.worker_loop(n, outbox, shutdown).await
            }));
        }
        // Messages whose jobs all finished before a crash but whose reply
        // was never recorded get it now.
        if let Err(e) = self.resume_replies(outbox.as_ref()).await {
            warn!(error = %e, "could not resume unsent replies");
        }
        for h in handles {
            let _ = h.await;
        }
        match self.store.release_jobs(&self.worker_id).await {
            Ok(0) => {}
            Ok(n) => info!(jobs = n, "handed unfinished jobs back to the queue"),
            Err(e) => warn!(error = %e, "could not hand jobs back; their leases will expire"),
        }
    }

    async fn worker_loop<O: Outbox>(&self, n: usize, outbox: Arc<O>, shutdown: CancellationToken) {
        let poll = Duration::from_millis(self.jobs.poll_ms.max(10));
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let claimed = self
                .store
                .claim_job(&self.worker_id, self.jobs.lease_secs, self.jobs.per_host)
                .await;
            match claimed {
                Ok(Some(job)) => {
                    // Finish the job even during shutdown: it is short and bounded
                    // by the fetch timeout, and finishing beats redoing it.
                    self.process(job, outbox.as_ref()).await;
                }
                Ok(None) => {
                    tokio::select! {
                        _ = shutdown.cancelled() => return,
                        _ = self.wake.notified() => {}
                        _ = tokio::time::sleep(poll) => {}
                    }
                }
                Err(e) => {
                    warn!(worker = n, error = %e, "could not claim a job");
                    tokio::select! {
                        _ = shutdown.cancelled() => return,
                        _ = tokio::time::sleep(poll * 2) => {}
                    }
                }
            }
        }
    }

    async fn process<O: Outbox>(&self, job: Job, outbox: &O) {
        let typing_after = Duration::from_millis(self.bot.typing_after_ms);
        let started = std::time::Instant::now();
        let work = self.read_article(&job.url);
        tokio::pin!(work);
        let result = tokio::select! {
            r = &mut work => r,
            _ = tokio::time::sleep(typing_after) => {
                outbox.typing(job.channel_id).await;
                work.await
            }
        };
        let outcome = match &result {
            Ok(_) => crate::metrics::JobOutcome::Done,
            Err(e) if e.is_temporary() && job.attempts < self.jobs.max_attempts => {
                crate::metrics::JobOutcome::Retry
            }
            Err(_) => crate::metrics::JobOutcome::Failed,
        };
        crate::metrics::job_finished(outcome, started.elapsed());
        let recorded = match result {
            Ok(stored) => self.store.complete_job(job.id, stored.id).await,
            Err(e) if e.is_temporary() && job.attempts < self.jobs.max_attempts => {
                let delay = self
                    .jobs
                    .retry_base_secs
                    .saturating_mul(1 << (job.attempts - 1).clamp(0, 10));
                info!(url = %job.url, attempt = job.attempts, delay, error = %e, "will retry");
                self.store.retry_job(job.id, &e.to_string(), delay).await
            }
            Err(e) => {
                info!(url = %job.url, error = %e, "could not read article");
                self.store.fail_job(job.id, &e.to_string()).await
            }
        };
        if let Err(e) = recorded {
            warn!(job = job.id, error = %e, "could not record the job's outcome; its lease will expire");
            return;
        }
        if let Err(e) = self
            .reply_if_complete(job.message_id, job.channel_id, outbox)
            .await
        {
            warn!(message = job.message_id, error = %e, "could not send the reply");
        }
    }

    /// Send the message's reply if every one of its links is done and nobody
    /// else is sending it.
    pub async fn reply_if_complete<O: Outbox>(
        &self,
        message_id: i64,
        channel_id: i64,
        outbox: &O,
    ) -> Result<(), PipelineError> {
        let jobs = self.store.message_jobs(message_id).await?;
        if jobs.is_empty() || !jobs.iter().all(|j| j.state.is_final()) {
            return Ok(());
        }
        if !self
            .store
            .begin_reply(message_id, channel_id, self.jobs.lease_secs)
            .await?
        {
            return Ok(());
        }
        let reply = self.message_reply(&jobs).await?;
        let Some(reply) = reply else {
            self.store
                .finish_reply(message_id, ReplyState::Skipped, None)
                .await?;
            return Ok(());
        };
        match outbox
            .send_reply(channel_id, message_id, reply, format!("cw{message_id}"))
            .await
        {
            Ok(id) => {
                crate::metrics::reply_sent(true);
                self.store
                    .finish_reply(message_id, ReplyState::Sent, Some(id))
                    .await?;
            }
            Err(e) => {
                crate::metrics::reply_sent(false);
                // Left as "sending": the lease runs out and the reply is tried
                // again, with the same nonce.
                warn!(message = message_id, error = %e, "reply not sent");
            }
        }
        Ok(())
    }

    /// The reply for a message's finished jobs; `None` when there is nothing to say.
    pub async fn message_reply(&self, jobs: &[Job]) -> Result<Option<Reply>, PipelineError> {
        let mut embeds = Vec::new();
        let mut lines = Vec::new();
        for job in jobs {
            match job.state {
                JobState::Done => {
                    let Some(id) = job.article_id else { continue };
                    let Some(stored) = self.store.article(id).await? else {
                        continue;
                    };
                    if stored.facts.is_clash_report {
                        embeds.push(reply::article_embed(
                            &stored.article,
                            &stored.facts,
                            self.bot.max_claims,
                        ));
                    } else if self.bot.non_clash == NonClashReply::Note {
                        lines.push(format!(
                            "<{}>: not a report of fighting, nothing to summarize.",
                            job.url
                        ));
                    }
                }
                JobState::Failed => {
                    let why = job.error.as_deref().unwrap_or("unknown error");
                    lines.push(format!(
                        "Couldn't read <{}>: {}",
                        job.url,
                        reply::escape(why)
                    ));
                }
                JobState::Queued | JobState::Running => {}
            }
        }
        if embeds.is_empty() && lines.is_empty() {
            return Ok(None);
        }
        let content = (!lines.is_empty()).then(|| lines.join("\n"));
        Ok(Some(
            Reply {
                content,
                embeds,
                ephemeral: false,
                attachments: Vec::new(),
            }
            .fit(),
        ))
    }

    async fn resume_replies<O: Outbox>(&self, outbox: &O) -> Result<(), PipelineError> {
        for (message_id, channel_id) in self.store.unreplied_messages().await? {
            self.reply_if_complete(message_id, channel_id, outbox)
                .await?;
        }
        Ok(())
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "clashwatch".to_string())
}
