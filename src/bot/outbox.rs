//! Sending pipeline replies and alerts to Discord, reading channel history,
//! and sorting Discord's errors into what the app layer can act on.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{ChannelId, GetMessages, Http, MessageId, Nonce, UserId};
use tokio::sync::OnceCell;

use super::convert;
use crate::alerts::{AlertSink, SendError};
use crate::lease;
use crate::pipeline::{ChannelHistory, HistoryMessage, Outbox};
use crate::reply::Reply;

/// Discord's JSON error codes the bot tells apart.
const UNKNOWN_CHANNEL: isize = 10003;
const UNKNOWN_MESSAGE: isize = 10008;

pub struct DiscordOutbox {
    pub http: Arc<Http>,
    me: OnceCell<UserId>,
}

impl DiscordOutbox {
    pub fn new(http: Arc<Http>) -> DiscordOutbox {
        DiscordOutbox {
            http,
            me: OnceCell::new(),
        }
    }

    /// The newest messages of a channel (at most 100: one request).
    async fn latest(
        &self,
        channel_id: i64,
        limit: u8,
    ) -> Result<Vec<serenity::Message>, SendError> {
        channel(channel_id)?
            .messages(&self.http, GetMessages::new().limit(limit.clamp(1, 100)))
            .await
            .map_err(classify)
    }

    /// The bot's own messages posted after `after` (a message id or a
    /// moment's snowflake) that satisfy `wanted`, reading forward page by
    /// page: in a busy channel the message looked for may lie hundreds of
    /// messages back from the newest. Bounded, as Discord rate-limits history.
    async fn find_mine_after(
        &self,
        channel_id: i64,
        after: i64,
        wanted: impl Fn(&serenity::Message) -> bool,
    ) -> Result<Option<i64>, SendError> {
        const PAGES: usize = 20;
        let me = self.me().await?;
        let channel = channel(channel_id)?;
        let mut after = MessageId::new(u64::try_from(after).unwrap_or(0).max(1));
        for _ in 0..PAGES {
            // A page that fails is tried again at once a few times: one
            // failed page would otherwise undo the whole look.
            let mut tries = 0;
            let page = loop {
                match channel
                    .messages(&self.http, GetMessages::new().after(after).limit(100))
                    .await
                    .map_err(classify)
                {
                    Ok(page) => break page,
                    Err(e @ (SendError::Temporary(_) | SendError::InDoubt(_))) if tries < 3 => {
                        tries += 1;
                        tracing::debug!(error = %e, "reading history failed; trying again");
                        tokio::time::sleep(std::time::Duration::from_millis(300 * tries)).await;
                    }
                    Err(e) => return Err(e),
                }
            };
            if let Some(found) = page.iter().find(|m| m.author.id == me && wanted(m)) {
                return Ok(Some(found.id.get() as i64));
            }
            match page.iter().map(|m| m.id).max() {
                Some(newest) if page.len() == 100 => after = newest,
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    async fn me(&self) -> Result<UserId, SendError> {
        self.me
            .get_or_try_init(|| async {
                self.http
                    .get_current_user()
                    .await
                    .map(|u| u.id)
                    .map_err(classify)
            })
            .await
            .copied()
    }
}

/// Sorts Discord's answers: 5xx and lost connections may have gone through
/// (in doubt), 429 did not (temporary), 403 and "Unknown Channel" won't heal
/// (gone), "Unknown Message" names a deleted message, and another 4xx
/// refuses this message only.
/// Count a 429 that reached us (with serenity's own rate limiter off, as
/// against a self-hosted API, nothing waits for us).
fn note_rate_limit(e: &serenity::Error) {
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(resp)) = e {
        if resp.status_code.as_u16() == 429 {
            crate::metrics::discord_rate_limited(false);
        }
    }
}

fn classify(e: serenity::Error) -> SendError {
    note_rate_limit(&e);
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(resp)) = &e {
        let status = resp.status_code.as_u16();
        let what = format!("HTTP {status}: {}", resp.error.message);
        let reference_gone = resp.error.errors.iter().any(|err| {
            err.code == "REPLIES_UNKNOWN_MESSAGE" || err.path.contains("message_reference")
        });
        return match status {
            429 => SendError::Temporary(what),
            500..=599 => SendError::InDoubt(what),
            404 if resp.error.code == UNKNOWN_MESSAGE => SendError::MessageGone(what),
            400 if reference_gone => SendError::MessageGone(what),
            403 | 404 if resp.error.code == UNKNOWN_CHANNEL || status == 403 => {
                SendError::Gone(what)
            }
            404 => SendError::Gone(what),
            _ => SendError::Rejected(what),
        };
    }
    SendError::InDoubt(e.to_string())
}

fn channel(id: i64) -> Result<ChannelId, SendError> {
    u64::try_from(id)
        .ok()
        .filter(|v| *v != 0)
        .map(ChannelId::new)
        .ok_or_else(|| SendError::Gone(format!("invalid channel id {id}")))
}

fn message_id(id: i64) -> Result<MessageId, SendError> {
    u64::try_from(id)
        .ok()
        .filter(|v| *v != 0)
        .map(MessageId::new)
        .ok_or_else(|| SendError::Rejected(format!("invalid message id {id}")))
}

impl Outbox for DiscordOutbox {
    async fn send_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
        reply: Reply,
        nonce: String,
    ) -> Result<i64, SendError> {
        let channel = channel(channel_id)?;
        let original = message_id(reply_to)?;
        // Discord keeps nonces for a few minutes: a resend after a crash with
        // the same nonce returns the first message instead of a duplicate.
        let message = convert::message(&reply)
            .reference_message((channel, original))
            .nonce(Nonce::String(nonce))
            .enforce_nonce(true);
        channel
            .send_message(&self.http, message)
            .await
            .map(|m| m.id.get() as i64)
            .map_err(classify)
    }

    async fn find_reply(&self, channel_id: i64, reply_to: i64) -> Result<Option<i64>, SendError> {
        // A reply comes after the message it answers.
        self.find_mine_after(channel_id, reply_to, |m| {
            m.message_reference
                .as_ref()
                .and_then(|r| r.message_id)
                .is_some_and(|id| id.get() as i64 == reply_to)
        })
        .await
    }

    async fn typing(&self, channel_id: i64) {
        if let Ok(id) = u64::try_from(channel_id) {
            if let Err(e) = ChannelId::new(id).broadcast_typing(&self.http).await {
                tracing::debug!(error = %e, "typing indicator failed");
            }
        }
    }
}

impl ChannelHistory for DiscordOutbox {
    async fn recent_messages(
        &self,
        channel_id: i64,
        limit: u8,
    ) -> Result<Vec<HistoryMessage>, String> {
        let messages = self
            .latest(channel_id, limit)
            .await
            .map_err(|e| e.to_string())?;
        Ok(messages
            .into_iter()
            .map(|m| HistoryMessage {
                id: m.id.get() as i64,
                from_bot: m.author.bot || m.webhook_id.is_some(),
                content: m.content,
            })
            .collect())
    }
}

/// Posts and edits region alerts.
pub struct DiscordAlerts {
    pub outbox: Arc<DiscordOutbox>,
}

impl AlertSink for DiscordAlerts {
    async fn post_alert(
        &self,
        channel_id: i64,
        alert: Reply,
        role: Option<i64>,
        nonce: String,
    ) -> Result<i64, SendError> {
        let mut mentions = convert::no_mentions();
        // The subscription's role is the only mention an alert may make.
        if let Some(r) = role.and_then(|r| u64::try_from(r).ok()).filter(|r| *r != 0) {
            mentions = mentions.roles(vec![serenity::RoleId::new(r)]);
        }
        let message = convert::message(&alert)
            .allowed_mentions(mentions)
            .nonce(Nonce::String(nonce))
            .enforce_nonce(true);
        channel(channel_id)?
            .send_message(&self.outbox.http, message)
            .await
            .map(|m| m.id.get() as i64)
            .map_err(classify)
    }

    async fn edit_alert(
        &self,
        channel_id: i64,
        message_id: i64,
        alert: Reply,
    ) -> Result<(), SendError> {
        let message = self::message_id(message_id)?;
        channel(channel_id)?
            .edit_message(&self.outbox.http, message, convert::edit(&alert))
            .await
            .map(|_| ())
            .map_err(classify)
    }

    async fn find_alert(
        &self,
        channel_id: i64,
        since: i64,
        marker: &str,
    ) -> Result<Option<i64>, SendError> {
        // A minute of slack for clocks that disagree.
        self.outbox
            .find_mine_after(channel_id, lease::snowflake_at(since - 60), |m| {
                m.embeds
                    .iter()
                    .any(|e| e.footer.as_ref().is_some_and(|f| f.text.contains(marker)))
            })
            .await
    }
}
