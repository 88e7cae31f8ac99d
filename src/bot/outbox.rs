//! Sending pipeline replies to Discord.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{ChannelId, Http, MessageId, Nonce};

use super::convert;
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
            .map_err(|e| e.to_string())
    }

    async fn typing(&self, channel_id: i64) {
        if let Ok(id) = u64::try_from(channel_id) {
            if let Err(e) = ChannelId::new(id).broadcast_typing(&self.http).await {
                tracing::debug!(error = %e, "typing indicator failed");
            }
        }
    }
}
