//! One reply per message with links. The row is written before the reply is
//! sent, so a restart knows whether a message was answered. A sender holds a
//! lease on the row (`locked_by` is its claim token, so only it records the
//! outcome); a send that failed waits in `retry` and is tried again, with
//! backoff, by whichever process's rescue tick comes first.

use sqlx::Row;

use super::{now, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyState {
    /// Claimed for sending; a crash here means "maybe sent": the next sender
    /// looks for it in the channel before posting again.
    Sending,
    /// The last send failed without reaching Discord; tried again later.
    Retry,
    Sent,
    /// Nothing to say (no clash articles and notes are off), or the message
    /// it answers was deleted: the reply is dropped (see `error`).
    Skipped,
    /// Gave up: the channel is gone, the bot may not post there, or every
    /// attempt failed.
    Failed,
}

impl ReplyState {
    fn as_str(self) -> &'static str {
        match self {
            ReplyState::Sending => "sending",
            ReplyState::Retry => "retry",
            ReplyState::Sent => "sent",
            ReplyState::Skipped => "skipped",
            ReplyState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<ReplyState> {
        Ok(match s {
            "sending" => ReplyState::Sending,
            "retry" => ReplyState::Retry,
            "sent" => ReplyState::Sent,
            "skipped" => ReplyState::Skipped,
            "failed" => ReplyState::Failed,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "unknown reply state {other:?}"
                )))
            }
        })
    }
}

/// A reply leased to one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyClaim {
    pub message_id: i64,
    pub channel_id: i64,
    /// The claim's token: outcomes are recorded only under it.
    pub token: String,
    /// Failed sends so far.
    pub attempts: i64,
    /// An earlier sender may have posted it and died before recording it:
    /// look in the channel before posting again.
    pub in_doubt: bool,
}

impl Store {
    /// Claim the sending of a message's reply for `lease_secs` under
    /// `token` (unique per claim). `Some` when the caller should send it:
    /// nobody claimed it before, an earlier claim ran out without the reply
    /// being recorded (a crash: `in_doubt`), or a failed send is due again.
    pub async fn begin_reply(
        &self,
        message_id: i64,
        channel_id: i64,
        token: &str,
        lease_secs: i64,
    ) -> Result<Option<ReplyClaim>> {
        let t = now();
        let inserted = sqlx::query(
            "INSERT INTO replies (message_id, channel_id, state, locked_until, locked_by, \
             created_at, updated_at) VALUES ($1, $2, 'sending', $3, $4, $5, $6) \
             ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(channel_id)
        .bind(t + lease_secs)
        .bind(token)
        .bind(t)
        .bind(t)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Some(ReplyClaim {
                message_id,
                channel_id,
                token: token.to_string(),
                attempts: 0,
                in_doubt: false,
            }));
        }
        // 'sending' with a lapsed lease: its sender died mid-send.
        let row = sqlx::query(
            "UPDATE replies SET locked_until = $1, locked_by = $2, updated_at = $3, \
             error = CASE WHEN state = 'sending' THEN 'in doubt' ELSE error END, state = 'sending' \
             WHERE message_id = $4 AND ((state = 'sending' AND locked_until < $5) \
             OR (state = 'retry' AND next_attempt_at <= $6)) \
             RETURNING channel_id, attempts, error",
        )
        .bind(t + lease_secs)
        .bind(token)
        .bind(t)
        .bind(message_id)
        .bind(t)
        .bind(t)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(ReplyClaim {
            message_id,
            channel_id: row.try_get("channel_id")?,
            token: token.to_string(),
            attempts: row.try_get("attempts")?,
            in_doubt: row.try_get::<Option<String>, _>("error")?.as_deref() == Some("in doubt"),
        }))
    }

    /// Record how the reply ended (`Sent`, `Skipped`, `Failed`), if `claim`
    /// still holds it. `false`: the lease was lost and nothing was written.
    pub async fn finish_reply(
        &self,
        claim: &ReplyClaim,
        state: ReplyState,
        reply_id: Option<i64>,
        why: Option<&str>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE replies SET state = $1, reply_message_id = $2, error = $3, locked_by = NULL, \
             locked_until = 0, updated_at = $4 WHERE message_id = $5 AND locked_by = $6",
        )
        .bind(state.as_str())
        .bind(reply_id)
        .bind(why)
        .bind(now())
        .bind(claim.message_id)
        .bind(&claim.token)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A send failed before reaching Discord (or Discord said no for now):
    /// try again at `retry_at`. Fenced like [`Store::finish_reply`].
    pub async fn retry_reply(&self, claim: &ReplyClaim, retry_at: i64, why: &str) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE replies SET state = 'retry', attempts = attempts + 1, next_attempt_at = $1, \
             error = $2, locked_by = NULL, locked_until = 0, updated_at = $3 \
             WHERE message_id = $4 AND locked_by = $5",
        )
        .bind(retry_at)
        .bind(why)
        .bind(now())
        .bind(claim.message_id)
        .bind(&claim.token)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
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

    /// Messages whose jobs are all final but whose reply is not settled and
    /// can be claimed now: what a crash between the last job and the reply
    /// leaves behind, and failed sends whose retry is due. Requests made
    /// with a command are answered through their interaction, not here.
    pub async fn unreplied_messages(&self) -> Result<Vec<(i64, i64)>> {
        let t = now();
        let rows = sqlx::query(
            "SELECT j.message_id, MIN(j.channel_id) AS channel_id FROM jobs j \
             LEFT JOIN replies r ON r.message_id = j.message_id \
             WHERE j.explicit = 0 AND j.feed_id IS NULL AND (r.message_id IS NULL \
                OR (r.state = 'sending' AND r.locked_until < $1) \
                OR (r.state = 'retry' AND r.next_attempt_at <= $2)) \
             GROUP BY j.message_id \
             HAVING CAST(SUM(CASE WHEN j.state IN ('queued', 'running') THEN 1 ELSE 0 END) AS BIGINT) = 0 \
             ORDER BY j.message_id LIMIT 500",
        )
        .bind(t)
        .bind(t)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("message_id")?, r.try_get("channel_id")?)))
            .collect()
    }
}
