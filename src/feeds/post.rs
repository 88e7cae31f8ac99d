//! Posting a feed's new clash items in its channel, one message per item,
//! through the alerts' sink and with the alerts' rules: a post is leased to
//! one sender, temporary failures retry with backoff up to
//! `[alerts] max_attempts`, a channel the bot can no longer post in (403,
//! unknown channel) pauses the feeds posting there, and the channel spacing
//! of `alert_channels` is shared with alerts.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::Poller;
use crate::alerts::{AlertSink, SendError};
use crate::lease;
use crate::reply::{self, Reply};
use crate::store::{self, FeedPost};

impl Poller {
    pub(super) async fn post_loop<S: AlertSink>(&self, sink: Arc<S>, shutdown: CancellationToken) {
        let idle = Duration::from_millis(self.config.poll_ms.max(10));
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let worked = match self.post_once(sink.as_ref()).await {
                Ok(w) => w,
                Err(e) => {
                    warn!(error = %e, "could not post feed items");
                    false
                }
            };
            let pause = if worked {
                Duration::from_millis(self.alerts.send_gap_ms)
            } else {
                idle
            };
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// Post one due feed item; `false` when none is due.
    pub async fn post_once<S: AlertSink>(&self, sink: &S) -> Result<bool, store::StoreError> {
        let store = self.pipeline.store();
        let token = self.worker.token();
        let Some(post) = store
            .take_feed_post(
                &token,
                self.alerts.lease_secs,
                self.config.posts_per_channel_per_hour.max(1),
            )
            .await?
        else {
            return Ok(false);
        };
        let Some(message) = self.render(&post).await? else {
            store.feed_post_failed(&post, "the article is gone").await?;
            return Ok(true);
        };
        // The lease must outlast a hung request.
        let limit = Duration::from_secs((self.alerts.lease_secs.max(2) as u64) * 2 / 3);
        let nonce = format!("fd{}", post.item_id);
        let sent = match tokio::time::timeout(
            limit,
            sink.post_alert(post.channel_id, message, None, nonce),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => Err(SendError::InDoubt("Discord did not answer in time".into())),
        };
        match sent {
            Ok(message_id) => {
                debug!(
                    channel = post.channel_id,
                    item = post.item_id,
                    "feed item posted"
                );
                let spacing = self.alerts.channel_interval_secs.max(0);
                if !store.feed_post_sent(&post, message_id, spacing).await? {
                    info!(item = post.item_id, "feed post lease lost after sending");
                }
            }
            Err(SendError::Gone(why)) => {
                warn!(channel = post.channel_id, reason = %why,
                    "cannot post feed items in this channel any more: its feeds are paused");
                let reason = format!("I can't post in <#{}> any more ({why})", post.channel_id);
                store.feed_channel_gone(&post, &reason).await?;
            }
            Err(e @ (SendError::Rejected(_) | SendError::MessageGone(_))) => {
                warn!(channel = post.channel_id, error = %e, "Discord refused a feed post");
                store.feed_post_failed(&post, &e.to_string()).await?;
            }
            Err(e) if post.attempts + 1 >= self.alerts.max_attempts => {
                warn!(channel = post.channel_id, error = %e, "giving up on a feed post");
                store.feed_post_failed(&post, &e.to_string()).await?;
            }
            Err(e) => {
                // The nonce is the same on the next attempt: a post that went
                // through after all is dropped by Discord within its window.
                let backoff =
                    lease::backoff_secs(self.alerts.retry_base_secs.max(1), post.attempts + 1);
                store
                    .feed_post_retry(&post, store::now() + backoff, &e.to_string())
                    .await?;
            }
        }
        Ok(true)
    }

    /// The item's key facts, as a member's link is answered, with the feed named.
    async fn render(&self, post: &FeedPost) -> Result<Option<Reply>, store::StoreError> {
        let store = self.pipeline.store();
        let Some(job_id) = post.job_id else {
            return Ok(None);
        };
        let Some(article_id) = store.job(job_id).await?.and_then(|j| j.article_id) else {
            return Ok(None);
        };
        let Some(stored) = store.article(article_id).await? else {
            return Ok(None);
        };
        let mut embed = reply::article_embed(&stored.article, &stored.facts, self.max_claims);
        let from = format!(
            "From the feed {}",
            post.feed_title.as_deref().unwrap_or("added with /feeds")
        );
        embed.footer = Some(match embed.footer.take() {
            Some(f) => format!("{from} · {f}"),
            None => from,
        });
        Ok(Some(
            Reply {
                content: None,
                embeds: vec![embed],
                ephemeral: false,
                attachments: Vec::new(),
            }
            .fit(),
        ))
    }
}
