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

use crate::alerts::SendError;
use crate::article::extract::HtmlLimits;
use crate::article::fetch::Fetcher;
use crate::article::links;
use crate::article::source::{self, SourceError};
use crate::clashes::{ClashSummary, SourceFigures};
use crate::config::{BotConfig, CatchUpConfig, Config, JobsConfig, NonClashReply, StoreConfig};
use crate::facts::{self, FactsInput};
use crate::lease::{self, Worker};
use crate::reply::{self, Reply};
use crate::store::{self, Job, JobState, NewJob, ReplyClaim, ReplyState, Store, StoredArticle};

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
    /// same for every attempt at one reply, so the platform drops a
    /// duplicate sent within its nonce window. Returns the new message's id.
    fn send_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
        reply: Reply,
        nonce: String,
    ) -> impl Future<Output = Result<i64, SendError>> + Send;

    /// The bot's reply to `reply_to` if one is in the channel already: a
    /// send that went out before a crash but was never recorded (Discord
    /// forgets nonces after a few minutes, so the nonce alone can't stop a
    /// duplicate after a longer outage).
    fn find_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
    ) -> impl Future<Output = Result<Option<i64>, SendError>> + Send {
        let _ = (channel_id, reply_to);
        async { Ok(None) }
    }

    /// Show that the bot is working in `channel_id`.
    fn typing(&self, channel_id: i64) -> impl Future<Output = ()> + Send;
}

/// A message from a channel's history, for catch-up.
#[derive(Debug, Clone)]
pub struct HistoryMessage {
    pub id: i64,
    /// Posted by a bot (this one included) or a webhook: not a member's link.
    pub from_bot: bool,
    pub content: String,
}

/// Reads a channel's recent messages (Discord's history, in production).
pub trait ChannelHistory: Send + Sync {
    /// Up to `limit` of the newest messages in `channel_id`, any order.
    fn recent_messages(
        &self,
        channel_id: i64,
        limit: u8,
    ) -> impl Future<Output = Result<Vec<HistoryMessage>, String>> + Send;
}

/// What catch-up found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaughtUp {
    pub channels: usize,
    /// Messages with links posted while the bot was away, now queued.
    pub messages: usize,
}

pub struct Pipeline {
    store: Store,
    fetcher: Fetcher,
    jobs: JobsConfig,
    bot: BotConfig,
    retention: StoreConfig,
    catch_up: CatchUpConfig,
    wake: Notify,
    alerts_wake: Arc<Notify>,
    /// Notified when an explicit request's job finishes.
    requests_done: Notify,
    worker: Worker,
    html_limits: HtmlLimits,
    facts_limits: facts::Limits,
}

impl Pipeline {
    pub fn new(store: Store, fetcher: Fetcher, config: &Config) -> Pipeline {
        Pipeline {
            store,
            fetcher,
            jobs: config.jobs.clone(),
            bot: config.bot.clone(),
            retention: config.store.clone(),
            catch_up: config.catch_up.clone(),
            wake: Notify::new(),
            alerts_wake: Arc::new(Notify::new()),
            requests_done: Notify::new(),
            worker: Worker::new(),
            html_limits: config.fetch.html_limits(),
            facts_limits: config.facts.limits(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// This process's id in job leases.
    pub fn worker_id(&self) -> &str {
        self.worker.id()
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
        self.enqueue(msg.guild_id, msg.channel_id, msg.message_id, &found, false)
            .await?;
        Ok(found.len())
    }

    async fn enqueue(
        &self,
        guild_id: Option<i64>,
        channel_id: i64,
        message_id: i64,
        urls: &[Url],
        explicit: bool,
    ) -> Result<u64, PipelineError> {
        let jobs: Vec<NewJob> = urls
            .iter()
            .enumerate()
            .map(|(i, url)| NewJob {
                guild_id,
                channel_id,
                message_id,
                position: i as i64,
                url: url.to_string(),
                host: url.host_str().unwrap_or_default().to_string(),
                explicit,
            })
            .collect();
        let added = self.store.enqueue_jobs(&jobs).await?;
        debug!(
            message = message_id,
            links = jobs.len(),
            added,
            "links queued"
        );
        self.wake.notify_waiters();
        Ok(added)
    }

    /// An explicit request (`/clashes summarize`, "Key facts"): the links go
    /// through the same queue, workers and limits as a watched channel's,
    /// and the answer is rendered by the same code, always saying what each
    /// link turned out to be. `request_id` is unique per request (the
    /// interaction's id). Waits for the jobs, at most `wait`.
    pub async fn request(
        &self,
        guild_id: Option<i64>,
        channel_id: i64,
        request_id: i64,
        urls: &[Url],
        wait: Duration,
    ) -> Result<Reply, PipelineError> {
        self.enqueue(guild_id, channel_id, request_id, urls, true)
            .await?;
        let deadline = tokio::time::Instant::now() + wait;
        let poll = Duration::from_millis(self.jobs.poll_ms.clamp(10, 500));
        loop {
            let done = self.requests_done.notified();
            tokio::pin!(done);
            done.as_mut().enable();
            let jobs = self.store.message_jobs(request_id).await?;
            if jobs.iter().all(|j| j.state.is_final()) {
                return Ok(self.message_reply(&jobs, true).await?.unwrap_or_else(|| {
                    Reply::text("I found nothing to summarize in those links.")
                }));
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(Reply::text(
                    "I'm still reading that; it is queued behind other links. \
                     Ask again in a few minutes and I'll answer from what I read.",
                ));
            }
            tokio::select! {
                _ = done => {}
                _ = tokio::time::sleep(poll) => {}
                _ = tokio::time::sleep_until(deadline) => {}
            }
        }
    }

    /// The article at `url` with its facts: from the store when read within
    /// the cache window, else fetched, extracted and stored.
    pub async fn read_article(&self, url: &str) -> Result<StoredArticle, ReadError> {
        let fresh_after = store::now() - self.jobs.cache_hours * 3600;
        if let Some(stored) = self.store.article_by_url(url, fresh_after).await? {
            debug!(url, "answered from the store");
            return Ok(stored);
        }
        // One CPU budget for extraction and facts together: a page written
        // to take hours fails here instead of holding a worker.
        let budget = self.jobs.read_budget();
        let (article, final_url) =
            source::read_url_within(url, &self.fetcher, self.html_limits, &budget).await?;
        self.digest(url, article, final_url.as_str(), budget).await
    }

    /// Facts for an article already in hand (fetched, or a feed post that is
    /// its own article), stored, and the clash recorded. `read_from` is where
    /// it was finally read (after redirects): trusted domains match on it.
    async fn digest(
        &self,
        url: &str,
        article: crate::article::Article,
        read_from: &str,
        budget: crate::budget::ReadBudget,
    ) -> Result<StoredArticle, ReadError> {
        let limits = self.facts_limits;
        // Extraction is CPU work: keep it off the async workers.
        let (article, facts) = tokio::task::spawn_blocking(move || {
            let facts = budget.run(|| {
                facts::extract_within(
                    &FactsInput {
                        title: article.title.as_deref(),
                        text: &article.text,
                        published: article.published,
                        page_dates: &article.embed_dates,
                    },
                    &limits,
                )
            });
            (article, facts)
        })
        .await
        .map_err(|_| ReadError::Crashed)?;
        let facts = facts.map_err(SourceError::from)?;
        let id = self.store.save_article(url, &article, &facts).await?;
        // Trusted domains match where the page was read from, never what
        // the page says about itself; recorded before the clash is, so its
        // alerts see it.
        if let Some(domain) = crate::trust::domain_of_url(read_from) {
            self.store
                .set_article_domain(id, &domain, read_from)
                .await?;
        }
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

    /// A feed item's article: a post without a link is read from its own
    /// text (the feed is its site), anything else from its link.
    async fn read_feed_item(&self, job: &Job) -> Result<StoredArticle, ReadError> {
        let Some(item) = self.store.inline_feed_item(-job.message_id).await? else {
            return self.read_article(&job.url).await;
        };
        let fresh_after = store::now() - self.jobs.cache_hours * 3600;
        if let Some(stored) = self.store.article_by_url(&job.url, fresh_after).await? {
            return Ok(stored);
        }
        let published = item
            .published
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map(|d| d.date_naive());
        let article = crate::article::Article {
            url: Some(item.url.clone()),
            title: item.title.clone(),
            site: item.site.clone(),
            author: None,
            published,
            language: None,
            text: item.body.clone(),
            embed_dates: Vec::new(),
        };
        self.digest(&job.url, article, &item.url, self.jobs.read_budget())
            .await
    }

    /// The fetcher every read goes through (feeds use it too: one guard).
    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    /// Wake idle workers: jobs were queued by someone else (the feed poller).
    pub fn wake_workers(&self) {
        self.wake.notify_waiters();
    }

    /// Hand back every job this process holds, for a stop that can't wait
    /// for the workers to finish them. Returns how many were handed back.
    pub async fn hand_back_jobs(&self) -> Result<u64, store::StoreError> {
        self.store.release_jobs(self.worker.id()).await
    }

    /// Run `workers` job loops until `shutdown`, then hand back held jobs.
    /// Beside them a rescue tick fails jobs that ran out of attempts and
    /// (re)sends replies that are due, and a pruning tick applies retention.
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
        handles.push(tokio::spawn({
            let me = Arc::clone(&self);
            let outbox = Arc::clone(&outbox);
            let shutdown = shutdown.clone();
            async move { me.rescue_loop(outbox, shutdown).await }
        }));
        handles.push(tokio::spawn({
            let me = Arc::clone(&self);
            let shutdown = shutdown.clone();
            async move { me.prune_loop(shutdown).await }
        }));
        for h in handles {
            let _ = h.await;
        }
        match self.store.release_jobs(self.worker.id()).await {
            Ok(0) => {}
            Ok(n) => info!(jobs = n, "handed unfinished jobs back to the queue"),
            Err(e) => warn!(error = %e, "could not hand jobs back; their leases will expire"),
        }
    }

    /// At start and then every `rescue_secs`: messages whose jobs all
    /// finished before a crash but whose reply was never recorded, replies
    /// whose send failed, and jobs whose reader died on their last attempt.
    async fn rescue_loop<O: Outbox>(&self, outbox: Arc<O>, shutdown: CancellationToken) {
        let every = Duration::from_secs(self.jobs.rescue_secs.max(1));
        loop {
            // Once per cluster: the process holding the lease does it.
            if self.cluster_turn("rescue", every).await {
                if let Err(e) = self.rescue(outbox.as_ref()).await {
                    warn!(error = %e, "rescue pass failed");
                }
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(every) => {}
            }
        }
        self.leave_cluster_turn("rescue").await;
    }

    /// Whether this process does the periodic task `name` now: it holds (or
    /// takes, or renews) the task's cluster-wide lease, which lasts three
    /// periods so one slow pass doesn't hand it over. A database error
    /// counts as a yes: doing the work twice is safe, skipping it is not.
    async fn cluster_turn(&self, name: &str, every: Duration) -> bool {
        let lease_ms = (every.as_millis() as i64).saturating_mul(3);
        match self
            .store
            .hold_cluster_lease(name, self.worker.id(), lease_ms)
            .await
        {
            Ok(held) => held,
            Err(e) => {
                warn!(task = name, error = %e, "could not read the task's cluster lease");
                true
            }
        }
    }

    /// A clean stop lets another process take the task at once.
    async fn leave_cluster_turn(&self, name: &str) {
        if let Err(e) = self
            .store
            .release_cluster_lease(name, self.worker.id())
            .await
        {
            debug!(task = name, error = %e, "could not release the task's cluster lease");
        }
    }

    /// One rescue pass (see [`Pipeline::run_workers`]).
    pub async fn rescue<O: Outbox>(&self, outbox: &O) -> Result<(), PipelineError> {
        let rescued = self.store.rescue_jobs(self.jobs.max_attempts).await?;
        if rescued.iter().any(|j| j.explicit) {
            self.requests_done.notify_waiters();
        }
        for job in &rescued {
            warn!(url = %job.url, attempts = job.attempts, "reading stopped on every attempt: giving up");
        }
        for (message_id, channel_id) in self.store.unreplied_messages().await? {
            self.reply_if_complete(message_id, channel_id, outbox)
                .await?;
        }
        Ok(())
    }

    async fn prune_loop(&self, shutdown: CancellationToken) {
        let every = Duration::from_secs(self.retention.prune_interval_secs.max(1));
        let older_than = self.retention.retention_days.max(1) * 86_400;
        let batch = self.retention.prune_batch.max(1);
        loop {
            // Batch after batch, yielding between them, until one comes back
            // short; once per cluster, by the process holding the lease.
            while self.cluster_turn("prune", every).await {
                match self.store.prune(older_than, batch).await {
                    Ok(p) if p.total() > 0 => {
                        debug!(?p, "pruned old rows");
                        if p.article_texts < batch as u64
                            && p.jobs < batch as u64
                            && p.replies < batch as u64
                        {
                            break;
                        }
                    }
                    Ok(_) => break,
                    Err(e) => {
                        warn!(error = %e, "pruning failed");
                        break;
                    }
                }
                if shutdown.is_cancelled() {
                    break;
                }
                tokio::task::yield_now().await;
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(every) => {}
            }
        }
        self.leave_cluster_turn("prune").await;
    }

    async fn worker_loop<O: Outbox>(&self, n: usize, outbox: Arc<O>, shutdown: CancellationToken) {
        let poll = Duration::from_millis(self.jobs.poll_ms.max(10));
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let claimed = self
                .store
                .claim_job(
                    self.worker.id(),
                    self.jobs.lease_secs,
                    self.jobs.per_host,
                    self.jobs.max_attempts,
                )
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
        let worker = self.worker.id();
        let started = std::time::Instant::now();
        let work = async {
            if job.feed_id.is_some() {
                self.read_feed_item(&job).await
            } else {
                self.read_article(&job.url).await
            }
        };
        tokio::pin!(work);
        // An explicit request's interaction shows its own "thinking…"; a
        // feed item has nobody waiting.
        let typing = tokio::time::sleep(Duration::from_millis(self.bot.typing_after_ms));
        tokio::pin!(typing);
        let mut typed = job.explicit || job.feed_id.is_some();
        let beat = lease::heartbeat_every(self.jobs.lease_secs);
        let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        let result = loop {
            tokio::select! {
                r = &mut work => break r,
                _ = &mut typing, if !typed => {
                    typed = true;
                    outbox.typing(job.channel_id).await;
                }
                _ = heartbeat.tick() => {
                    match self.store.renew_job(&job, worker, self.jobs.lease_secs).await {
                        Ok(true) => {}
                        Ok(false) => {
                            warn!(url = %job.url, "lease lost while reading; another worker has the job");
                            return;
                        }
                        // The lease may still hold; the next beat tries again.
                        Err(e) => warn!(url = %job.url, error = %e, "could not renew a job's lease"),
                    }
                }
            }
        };
        let retried = matches!(&result, Err(e)
            if e.is_temporary() && !job.explicit && job.attempts < self.jobs.max_attempts);
        if !retried {
            self.record_sighting(&job, &result).await;
        }
        let outcome = match &result {
            Ok(_) => crate::metrics::JobOutcome::Done,
            Err(e)
                if e.is_temporary() && !job.explicit && job.attempts < self.jobs.max_attempts =>
            {
                crate::metrics::JobOutcome::Retry
            }
            Err(_) => crate::metrics::JobOutcome::Failed,
        };
        crate::metrics::job_finished(outcome, started.elapsed());
        let article_id = result.as_ref().ok().map(|stored| stored.id);
        let recorded = match result {
            Ok(stored) => self.store.complete_job(&job, worker, stored.id).await,
            // The poster of an explicit request is waiting: tell them now.
            Err(e)
                if e.is_temporary() && !job.explicit && job.attempts < self.jobs.max_attempts =>
            {
                let delay = lease::backoff_secs(self.jobs.retry_base_secs, job.attempts);
                info!(url = %job.url, attempt = job.attempts, delay, error = %e, "will retry");
                self.store
                    .retry_job(&job, worker, &e.to_string(), delay)
                    .await
            }
            Err(e) => {
                info!(url = %job.url, error = %e, "could not read article");
                self.store.fail_job(&job, worker, &e.to_string()).await
            }
        };
        match recorded {
            Ok(true) => {}
            Ok(false) => {
                warn!(
                    job = job.id,
                    "lease lost before the outcome was recorded; another worker has the job"
                );
                return;
            }
            Err(e) => {
                warn!(job = job.id, error = %e, "could not record the job's outcome; its lease will expire");
                return;
            }
        }
        if job.explicit {
            self.requests_done.notify_waiters();
            return;
        }
        if job.feed_id.is_some() {
            // A feed item gets no reply; its post, if its feed has a channel,
            // is queued for the feed poster.
            if let Err(e) = self.store.feed_item_read(-job.message_id, article_id).await {
                warn!(job = job.id, error = %e, "could not queue a feed item's post");
            }
            return;
        }
        if let Err(e) = self
            .reply_if_complete(job.message_id, job.channel_id, outbox)
            .await
        {
            warn!(message = job.message_id, error = %e, "could not send the reply");
        }
    }

    /// Record where and when a job's link was seen and what reading it gave
    /// (also when the article was answered from the store), and wake the
    /// alert sender when the sighting may earn an alert: a server trusts
    /// links posted in its own watched channels.
    async fn record_sighting(&self, job: &Job, result: &Result<StoredArticle, ReadError>) {
        let (article_id, outcome, fetched_at) = match result {
            Ok(stored) => (
                Some(stored.id),
                if stored.facts.is_clash_report {
                    store::Outcome::Clash
                } else {
                    store::Outcome::NotClash
                },
                Some(stored.fetched_at),
            ),
            Err(e) => (None, store::Outcome::Error(e.to_string()), None),
        };
        let domain = match article_id {
            Some(id) => self.store.article_domain(id).await.ok().flatten(),
            None => None,
        }
        .or_else(|| crate::trust::domain_of_url(&job.url))
        .unwrap_or_default();
        // A feed item's job has no message of its own (its `message_id` is
        // the negated item id): the feed is where it was seen.
        let (channel_id, message_id, origin) = match job.feed_id {
            Some(_) => (None, None, store::Origin::Feed),
            None if job.explicit => (
                Some(job.channel_id),
                Some(job.message_id),
                store::Origin::Request,
            ),
            None => (
                Some(job.channel_id),
                Some(job.message_id),
                store::Origin::Channel,
            ),
        };
        let seen = store::NewSighting {
            url: &job.url,
            guild_id: job.guild_id,
            channel_id,
            message_id,
            feed_id: job.feed_id,
            origin,
            article_id,
            domain: &domain,
            outcome,
            fetched_at,
        };
        match self.store.record_sighting(&seen).await {
            Ok(Some(_)) => self.alerts_wake.notify_one(),
            Ok(None) => {}
            Err(e) => warn!(url = %job.url, error = %e, "could not record where a link was seen"),
        }
    }

    /// Send the message's reply if every one of its links is done and nobody
    /// else is sending it. A send that fails is retried by the rescue tick
    /// with backoff; one that may have gone out before a crash is looked for
    /// in the channel before it is sent again.
    pub async fn reply_if_complete<O: Outbox>(
        &self,
        message_id: i64,
        channel_id: i64,
        outbox: &O,
    ) -> Result<(), PipelineError> {
        let jobs = self.store.message_jobs(message_id).await?;
        if jobs.is_empty()
            || jobs
                .iter()
                .any(|j| j.explicit || j.feed_id.is_some() || !j.state.is_final())
        {
            return Ok(());
        }
        let token = self.worker.token();
        let Some(claim) = self
            .store
            .begin_reply(message_id, channel_id, &token, self.jobs.lease_secs)
            .await?
        else {
            return Ok(());
        };
        let outcome = self.send_claimed_reply(&claim, &jobs, outbox).await?;
        let failed = match outcome {
            Sent::Posted(id) => Ok(id),
            Sent::Nothing => Err(None),
            Sent::Failed(e) => {
                crate::metrics::reply_sent(false);
                Err(Some(e))
            }
        };
        let recorded = match failed {
            Ok(id) => {
                crate::metrics::reply_sent(true);
                self.store
                    .finish_reply(&claim, ReplyState::Sent, Some(id), None)
                    .await?
            }
            Err(None) => {
                self.store
                    .finish_reply(&claim, ReplyState::Skipped, None, None)
                    .await?
            }
            Err(Some(SendError::MessageGone(why))) => {
                // Documented choice: the poster deleted the message, so its
                // answer would stand alone in the channel; it is dropped.
                info!(message = message_id, reason = %why, "the message was deleted before its reply: dropped");
                self.store
                    .finish_reply(
                        &claim,
                        ReplyState::Skipped,
                        None,
                        Some("the message was deleted"),
                    )
                    .await?
            }
            Err(Some(e @ (SendError::Gone(_) | SendError::Rejected(_)))) => {
                warn!(message = message_id, error = %e, "reply refused for good");
                self.store
                    .finish_reply(&claim, ReplyState::Failed, None, Some(&e.to_string()))
                    .await?
            }
            Err(Some(e)) if claim.attempts + 1 >= self.jobs.reply_max_attempts => {
                warn!(message = message_id, error = %e, "reply not sent after every attempt: giving up");
                self.store
                    .finish_reply(&claim, ReplyState::Failed, None, Some(&e.to_string()))
                    .await?
            }
            Err(Some(e)) => {
                let delay =
                    lease::backoff_secs(self.jobs.reply_retry_base_secs.max(1), claim.attempts + 1);
                info!(message = message_id, error = %e, delay, "reply not sent; will retry");
                // Once in doubt, in doubt until a look in the channel settles it.
                let why = if e.in_doubt() || claim.in_doubt {
                    "in doubt".to_string()
                } else {
                    e.to_string()
                };
                self.store
                    .retry_reply(&claim, store::now() + delay, &why)
                    .await?
            }
        };
        if !recorded {
            warn!(
                message = message_id,
                "reply lease lost before its outcome was recorded"
            );
        }
        Ok(())
    }

    /// The send itself: look first when an earlier send may have gone out,
    /// then post, within the lease.
    async fn send_claimed_reply<O: Outbox>(
        &self,
        claim: &ReplyClaim,
        jobs: &[Job],
        outbox: &O,
    ) -> Result<Sent, PipelineError> {
        let limit = Duration::from_secs(self.jobs.lease_secs.max(2) as u64 * 2 / 3);
        if claim.in_doubt {
            match tokio::time::timeout(limit, outbox.find_reply(claim.channel_id, claim.message_id))
                .await
            {
                Ok(Ok(Some(id))) => {
                    info!(
                        message = claim.message_id,
                        "found an unrecorded reply: not sending it again"
                    );
                    return Ok(Sent::Posted(id));
                }
                Ok(Ok(None)) => {}
                Ok(Err(e)) => return Ok(Sent::Failed(e)),
                Err(_) => {
                    return Ok(Sent::Failed(SendError::Temporary(
                        "reading the channel timed out".into(),
                    )))
                }
            }
        }
        let Some(reply) = self.message_reply(jobs, false).await? else {
            return Ok(Sent::Nothing);
        };
        let send = outbox.send_reply(
            claim.channel_id,
            claim.message_id,
            reply,
            format!("cw{}", claim.message_id),
        );
        Ok(match tokio::time::timeout(limit, send).await {
            Ok(Ok(id)) => Sent::Posted(id),
            Ok(Err(e)) => Sent::Failed(e),
            Err(_) => Sent::Failed(SendError::InDoubt("Discord did not answer in time".into())),
        })
    }

    /// The reply for a message's finished jobs; `None` when there is nothing
    /// to say. `explicit`: someone asked, so articles that are not clash
    /// reports are named as such whatever `[bot] non_clash` says.
    pub async fn message_reply(
        &self,
        jobs: &[Job],
        explicit: bool,
    ) -> Result<Option<Reply>, PipelineError> {
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
                    } else if explicit || self.bot.non_clash == NonClashReply::Note {
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

    /// Links posted in watched channels while the bot was away: each
    /// channel's history after the newest message it saw (at most
    /// `[catch_up] max_messages`, none older than `max_age_hours` or than the
    /// watch itself) is queued like live messages. Jobs and replies are
    /// keyed by message, so a message seen live as well is answered once.
    pub async fn catch_up<H: ChannelHistory>(
        &self,
        history: &H,
    ) -> Result<CaughtUp, PipelineError> {
        let mut found = CaughtUp::default();
        let oldest = store::now() - self.catch_up.max_age_hours.max(0) * 3600;
        for ch in self.store.all_watched_channels().await? {
            found.channels += 1;
            let mut messages = match history
                .recent_messages(ch.channel_id, self.catch_up.max_messages)
                .await
            {
                Ok(m) => m,
                Err(e) => {
                    warn!(channel = ch.channel_id, error = %e, "could not read a watched channel's history");
                    continue;
                }
            };
            // Read after the history: messages the gateway delivered
            // meanwhile were accepted or refused there, not here.
            let seen = self
                .store
                .last_seen_message(ch.channel_id)
                .await?
                .or(ch.last_message_id);
            let after = seen
                .unwrap_or(0)
                .max(lease::snowflake_at(oldest.max(ch.added_at)));
            messages.retain(|m| m.id > after && !m.from_bot);
            messages.sort_by_key(|m| m.id);
            for m in messages {
                let incoming = IncomingMessage {
                    guild_id: Some(ch.guild_id),
                    channel_id: ch.channel_id,
                    message_id: m.id,
                    content: m.content,
                };
                if self.accept_message(&incoming).await? > 0 {
                    found.messages += 1;
                    self.store.saw_message(ch.channel_id, m.id).await?;
                }
            }
        }
        if found.messages > 0 {
            info!(
                messages = found.messages,
                channels = found.channels,
                "caught up on links posted while away"
            );
        }
        Ok(found)
    }
}

/// How a claimed reply's send ended.
enum Sent {
    Posted(i64),
    /// Nothing to say (only articles that are not clash reports, notes off).
    Nothing,
    Failed(SendError),
}
