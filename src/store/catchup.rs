//! What catch-up on start needs: the newest message with links the bot saw
//! in each watched channel, so the history after it can be read.

use sqlx::Row;

use super::{Result, Store};

/// A watched channel and where reading its history starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchedChannel {
    pub guild_id: i64,
    pub channel_id: i64,
    /// The newest message with links seen there, if any.
    pub last_message_id: Option<i64>,
    /// When the channel was watched (Unix seconds): nothing before is read.
    pub added_at: i64,
}

impl Store {
    /// A message with links arrived in `channel_id`: remember it as the
    /// newest seen there. Returns whether the channel is watched (one
    /// statement instead of a read and a write).
    pub async fn saw_message(&self, channel_id: i64, message_id: i64) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE watched_channels SET last_message_id = CASE \
               WHEN last_message_id IS NULL OR last_message_id < $1 THEN $2 \
               ELSE last_message_id END WHERE channel_id = $3",
        )
        .bind(message_id)
        .bind(message_id)
        .bind(channel_id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// The newest message with links seen in `channel_id` now (the gateway
    /// may have seen more since [`Store::all_watched_channels`] was read).
    pub async fn last_seen_message(&self, channel_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT last_message_id FROM watched_channels WHERE channel_id = $1")
            .bind(channel_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => r.try_get("last_message_id")?,
            None => None,
        })
    }

    /// Every watched channel, in every server.
    pub async fn all_watched_channels(&self) -> Result<Vec<WatchedChannel>> {
        let rows = sqlx::query(
            "SELECT guild_id, channel_id, last_message_id, added_at FROM watched_channels \
             ORDER BY channel_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(WatchedChannel {
                    guild_id: r.try_get("guild_id")?,
                    channel_id: r.try_get("channel_id")?,
                    last_message_id: r.try_get("last_message_id")?,
                    added_at: r.try_get("added_at")?,
                })
            })
            .collect()
    }
}
