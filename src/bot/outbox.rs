//! Sending pipeline replies to Discord.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{ChannelId, Http, MessageId, Nonce};

use super::convert;
use crate::alerts::{AlertSink, SendError};
use crate::pipeline::Outbox;
use crate::reply::Reply;

pub struct DiscordOutbox {
    pub http: Arc<Http>,
}

impl Outbox for DiscordOutbox {
    async fn send_reply(
        &self,
        channel_id: i64,
        reply_to: i64,
        reply: Reply,
        nonce: String,
    ) -> Result<i64, String> {
        let channel = ChannelId::new(u64::try_from(channel_id).map_err(|e| e.to_string())?);
        let original = MessageId::new(u64::try_from(reply_to).map_err(|e| e.to_string())?);
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
            .map_err(|e| {
                note_rate_limit(&e);
                e.to_string()
            })
    }

    async fn typing(&self, channel_id: i64) {
        if let Ok(id) = u64::try_from(channel_id) {
            if let Err(e) = ChannelId::new(id).broadcast_typing(&self.http).await {
                tracing::debug!(error = %e, "typing indicator failed");
            }
        }
    }
}

/// Posts and edits region alerts.
pub struct DiscordAlerts {
    pub http: Arc<Http>,
}

/// Count a 429 that reached us (with serenity's own rate limiter off, as
/// against a self-hosted API, nothing waits for us).
fn note_rate_limit(e: &serenity::Error) {
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(resp)) = e {
        if resp.status_code.as_u16() == 429 {
            crate::metrics::discord_rate_limited(false);
        }
    }
}

/// 403 (no access) and 404 (channel deleted) won't heal by retrying.
fn classify(e: serenity::Error) -> SendError {
    note_rate_limit(&e);
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(resp)) = &e {
        let status = resp.status_code.as_u16();
        if status == 403 || status == 404 {
            return SendError::Gone(format!("HTTP {status}: {}", resp.error.message));
        }
    }
    SendError::Temporary(e.to_string())
}

fn channel(id: i64) -> Result<ChannelId, SendError> {
    u64::try_from(id)
        .ok()
        .filter(|v| *v != 0)
        .map(ChannelId::new)
        .ok_or_else(|| SendError::Gone(format!("invalid channel id {id}")))
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
            .send_message(&self.http, message)
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
        let message = MessageId::new(
            u64::try_from(message_id)
                .ok()
                .filter(|v| *v != 0)
                .ok_or_else(|| SendError::Gone(format!("invalid message id {message_id}")))?,
        );
        channel(channel_id)?
            .edit_message(&self.http, message, convert::edit(&alert))
            .await
            .map(|_| ())
            .map_err(classify)
    }
}
