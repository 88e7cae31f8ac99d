//! Channels moderators asked the bot to read.

use sqlx::Row;

use super::{now, Result, Store};

impl Store {
    /// Start watching a channel; `false` when it was already watched.
    pub async fn watch_channel(&self, guild_id: i64, channel_id: i64, by: i64) -> Result<bool> {
        let r = sqlx::query(
            "INSERT INTO watched_channels (channel_id, guild_id, added_by, added_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (channel_id) DO NOTHING",
        )
        .bind(channel_id)
        .bind(guild_id)
        .bind(by)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Stop watching; `false` when it was not watched.
    pub async fn unwatch_channel(&self, guild_id: i64, channel_id: i64) -> Result<bool> {
        let r = sqlx::query("DELETE FROM watched_channels WHERE channel_id = $1 AND guild_id = $2")
            .bind(channel_id)
            .bind(guild_id)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    pub async fn is_watched(&self, channel_id: i64) -> Result<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM watched_channels WHERE channel_id = $1")
            .bind(channel_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// The watched channels of one server, oldest first.
    pub async fn watched_channels(&self, guild_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT channel_id FROM watched_channels WHERE guild_id = $1 ORDER BY added_at, channel_id",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("channel_id").map_err(Into::into))
            .collect()
    }
}
