//! Feeds a server follows: polled on a schedule kept in the store, each new
//! item's link queued for the same workers, reader, facts and clash merging
//! as a member's link, and — when the feed has a channel — each new item
//! that is a clash report posted there, one message per item, through the
//! alerts' sink.
//!
//! The way MonitoRSS does it: an item is known by its guid, else its link,
//! else its title and date; the first fetch (at `/feeds add`) records every
//! item and posts nothing; conditional requests and the feed's cache hints
//! within `[feeds] min_interval_secs`..`max_interval_secs`; one request at
//! a time per host; failures back off, doubling, and a feed without a
//! successful fetch for `pause_after_secs` is paused with the reason.

mod post;
pub mod source;
mod telegram;

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::alerts::AlertSink;
use crate::article::fetch::{Conditional, Validators};
use crate::config::{Config, FeedsConfig};
use crate::lease::{self, Worker};
use crate::pipeline::Pipeline;
use crate::store::{self, Feed, Polled};

pub use source::{normalize, resolve, FeedError, ParsedFeed, Resolved};

/// How one poll of one feed ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollOutcome {
    /// The feed answered; `new` items were queued (0 for a 304).
    Fetched { new: u64, not_modified: bool },
    /// It failed; `paused` when that paused it.
    Failed { error: String, paused: bool },
    /// Another process took the feed over (our lease ran out).
    Lost,
}

/// Polls due feeds and posts their new clash items.
pub struct Poller {
    pipeline: Arc<Pipeline>,
    config: FeedsConfig,
    alerts: crate::config::AlertsConfig,
    max_claims: usize,
    worker: Worker,
}

impl Poller {
    pub fn new(pipeline: Arc<Pipeline>, config: &Config) -> Poller {
        Poller {
            pipeline,
            config: config.feeds.clone(),
            alerts: config.alerts.clone(),
            max_claims: config.bot.max_claims,
            worker: Worker::new(),
        }
    }

    /// Start `[feeds] workers` pollers and the feed poster; they stop with
    /// `shutdown`. One call, so a process without a gateway can run it too.
    pub fn spawn<S: AlertSink>(
        pipeline: Arc<Pipeline>,
        config: &Config,
        sink: Arc<S>,
        shutdown: CancellationToken,
    ) -> JoinHandle<()> {
        let me = Arc::new(Poller::new(pipeline, config));
        tokio::spawn(async move {
            let mut tasks = Vec::new();
            for _ in 0..me.config.workers.max(1) {
                let me = Arc::clone(&me);
                let shutdown = shutdown.clone();
                tasks.push(tokio::spawn(async move { me.poll_loop(shutdown).await }));
            }
            tasks.push(tokio::spawn({
                let me = Arc::clone(&me);
                let shutdown = shutdown.clone();
                async move { me.post_loop(sink, shutdown).await }
            }));
            for t in tasks {
                let _ = t.await;
            }
            if let Err(e) = me.pipeline.store().release_feeds(me.worker.id()).await {
                warn!(error = %e, "could not hand feed polls back; their leases will expire");
            }
        })
    }

    async fn poll_loop(&self, shutdown: CancellationToken) {
        let idle = Duration::from_millis(self.config.poll_ms.max(10));
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let worked = match self.poll_once().await {
                Ok(Some(_)) => true,
                Ok(None) => false,
                Err(e) => {
                    warn!(error = %e, "could not poll feeds");
                    false
                }
            };
            if !worked {
                tokio::select! {
                    _ = shutdown.cancelled() => return,
                    _ = tokio::time::sleep(idle) => {}
                }
            }
        }
    }

    /// Claim one due feed and poll it; `None` when no feed is due.
    pub async fn poll_once(&self) -> Result<Option<(Feed, PollOutcome)>, store::StoreError> {
        let store = self.pipeline.store();
        let token = self.worker.token();
        let Some(feed) = store.claim_feed(&token, self.config.lease_secs).await? else {
            return Ok(None);
        };
        let outcome = self.poll(&feed, &token).await?;
        Ok(Some((feed, outcome)))
    }

    async fn poll(&self, feed: &Feed, token: &str) -> Result<PollOutcome, store::StoreError> {
        let store = self.pipeline.store();
        let validators = Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        };
        let fetched = self
            .pipeline
            .fetcher()
            .fetch_conditional(&feed.feed_url, &validators)
            .await;
        let t = store::now();
        store
            .host_fetched(&feed.host, t + self.config.host_interval_secs.max(0))
            .await?;
        let result = match fetched {
            Ok(Conditional::NotModified { fresh_for }) => {
                Ok((None, fresh_for, None, Validators::default()))
            }
            Ok(Conditional::Fetched(doc)) => source::parse_feed(&doc).map(|parsed| {
                let fresh = doc.fresh_for;
                let ttl = parsed.ttl_secs;
                (Some(parsed), fresh, ttl, doc.validators)
            }),
            Err(e) => Err(FeedError::from(e)),
        };
        match result {
            Ok((parsed, fresh_for, ttl, validators)) => {
                let next = t + self.interval(fresh_for.max(ttl));
                let polled = Polled {
                    items: parsed.as_ref().map(|p| p.items.as_slice()),
                    etag: validators.etag.as_deref(),
                    last_modified: validators.last_modified.as_deref(),
                    next_fetch_at: next,
                };
                match store.feed_polled(feed, token, &polled).await? {
                    Some(new) => {
                        if new > 0 {
                            debug!(feed = feed.id, new, "new feed items queued");
                            self.pipeline.wake_workers();
                        }
                        Ok(PollOutcome::Fetched {
                            new,
                            not_modified: parsed.is_none(),
                        })
                    }
                    None => Ok(PollOutcome::Lost),
                }
            }
            Err(e) => {
                let error = e.to_string();
                let failures = feed.failures + 1;
                let backoff = lease::backoff_secs(self.config.min_interval_secs.max(1), failures);
                let silent_for = t - feed.last_success_at;
                let pause = (silent_for >= self.config.pause_after_secs).then(|| {
                    format!(
                        "no successful fetch for {}; last error: {error}",
                        span(silent_for)
                    )
                });
                if let Some(reason) = &pause {
                    info!(feed = feed.id, url = %feed.feed_url, %reason, "feed paused");
                } else {
                    debug!(feed = feed.id, url = %feed.feed_url, %error, backoff, "feed fetch failed");
                }
                if !store
                    .feed_failed(feed, token, &error, t + backoff, pause.as_deref())
                    .await?
                {
                    return Ok(PollOutcome::Lost);
                }
                Ok(PollOutcome::Failed {
                    error,
                    paused: pause.is_some(),
                })
            }
        }
    }

    fn interval(&self, hint: Option<u64>) -> i64 {
        interval(&self.config, hint)
    }
}

/// Seconds to a feed's next poll: its own hint (Cache-Control, Expires,
/// `<ttl>`) within `[feeds] min_interval_secs`..`max_interval_secs`, else
/// the minimum.
pub fn interval(config: &FeedsConfig, hint: Option<u64>) -> i64 {
    let min = config.min_interval_secs.max(1);
    let max = config.max_interval_secs.max(min);
    hint.map(|h| i64::try_from(h).unwrap_or(max))
        .unwrap_or(min)
        .clamp(min, max)
}

/// "7 days", "3 hours", "40 s": how long a feed has been failing.
fn span(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        s if s >= 2 * 86_400 => format!("{} days", s / 86_400),
        s if s >= 2 * 3600 => format!("{} hours", s / 3600),
        s if s >= 120 => format!("{} minutes", s / 60),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(7 * 86_400), "7 days");
        assert_eq!(span(3 * 3600), "3 hours");
        assert_eq!(span(5), "5 s");
    }
}
