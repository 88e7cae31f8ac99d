//! One reply per message with links. The row is written before the reply is
//! sent, so a restart knows whether a message was answered.

use sqlx::Row;

use super::{now, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyState {
    /// Claimed for sending; a crash here means "maybe sent": the resend uses
    /// the same nonce so Discord drops the duplicate.
    Sending,
    Sent,
    /// Nothing to say (no clash articles and notes are off).
    Skipped,
}

impl ReplyState {
    fn as_str(self) -> &'static str {
        match self {
            ReplyState::Sending => "sending",
            ReplyState::Sent => "sent",
            ReplyState::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> Result<ReplyState> {
        Ok(match s {
            "sending" => ReplyState::Sending,
            "sent" => ReplyState::Sent,
            "skipped" => ReplyState::Skipped,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown reply state {other:?}"
                )))
            }
        })
    }
}

impl Store {
    /// Claim the sending of a message's reply for `lease_secs`. `true` when
    /// the caller should send it: nobody claimed it before, or an earlier
    /// claim ran out without the reply being recorded as sent (a crash).
    pub async fn begin_reply(
        &self,
        message_id: i64,
        channel_id: i64,
        lease_secs: i64,
    ) -> Result<bool> {
        let t = now();
        let inserted = sqlx::query(
            "INSERT INTO replies (message_id, channel_id, state, locked_until, created_at, updated_at) \
             VALUES ($1, $2, 'sending', $3, $4, $5) ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(channel_id)
        .bind(t + lease_secs)
        .bind(t)
        .bind(t)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(true);
        }
        let reclaimed = sqlx::query(
            "UPDATE replies SET locked_until = $1, updated_at = $2 \
             WHERE message_id = $3 AND state = 'sending' AND locked_until < $4",
        )
        .bind(t + lease_secs)
        .bind(t)
        .bind(message_id)
        .bind(t)
        .execute(&self.pool)
        .await?;
        Ok(reclaimed.rows_affected() == 1)
    }

    /// Record how the reply ended.
    pub async fn finish_reply(
        &self,
        message_id: i64,
        state: ReplyState,
        reply_id: Option<i64>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE replies SET state = $1, reply_message_id = $2, updated_at = $3 WHERE message_id = $4",
        )
        .bind(state.as_str())
        .bind(reply_id)
        .bind(now())
        .bind(message_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn reply_state(&self, message_id: i64) -> Result<Option<ReplyState>> {
        let row = sqlx::query("SELECT state FROM replies WHERE message_id = $1")
            .bind(message_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some(ReplyState::parse(&r.try_get::<String, _>("state")?)?)),
            None => Ok(None),
        }
    }
}

impl Store {
    /// Messages whose jobs are all final but that have no finished reply:
    /// what a crash between the last job and the reply leaves behind.
    pub async fn unreplied_messages(&self) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT j.message_id, MIN(j.channel_id) AS channel_id FROM jobs j \
             LEFT JOIN replies r ON r.message_id = j.message_id \
             WHERE r.message_id IS NULL OR r.state = 'sending' \
             GROUP BY j.message_id \
             HAVING CAST(SUM(CASE WHEN j.state IN ('queued', 'running') THEN 1 ELSE 0 END) AS BIGINT) = 0",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("message_id")?, r.try_get("channel_id")?)))
            .collect()
    }
}
