//! Rate-limit notices: who was last told to slow down, and until when.

use sqlx::Row;

use super::{now, Result, Store};

/// What a claim for a rate-limit notice came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeClaim {
    /// Send the notice; member and channel are both taken until then.
    Granted { until: i64 },
    /// The channel (`channel: true`) or the member already had one this
    /// window, which lasts until `until`.
    Held { channel: bool, until: i64 },
}

impl Store {
    /// Claim the right to send one rate-limit notice to `user` in `channel`
    /// for the next `window_secs`: granted only when neither the member nor the
    /// channel had one in the current window, and then both are taken at once.
    /// The conditional upserts make two processes racing for one notice
    /// agree on a single winner.
    pub async fn claim_rate_notice(
        &self,
        user: i64,
        channel: i64,
        window_secs: i64,
    ) -> Result<NoticeClaim> {
        let now = now();
        let until = now + window_secs.max(1);
        let mut tx = self.begin_write().await?;
        for (scope, id) in [("channel", channel), ("user", user)] {
            let claimed = sqlx::query(
                "INSERT INTO rate_notices (scope, id, until) VALUES ($1, $2, $3) \
                 ON CONFLICT (scope, id) DO UPDATE SET until = excluded.until \
                 WHERE rate_notices.until <= $4",
            )
            .bind(scope)
            .bind(id)
            .bind(until)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !claimed {
                let held: i64 =
                    sqlx::query("SELECT until FROM rate_notices WHERE scope = $1 AND id = $2")
                        .bind(scope)
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("until")?;
                tx.rollback().await?;
                return Ok(NoticeClaim::Held {
                    channel: scope == "channel",
                    until: held,
                });
            }
        }
        // Windows long over are of no use to anyone; a notice is rare
        // enough to carry this small sweep.
        sqlx::query("DELETE FROM rate_notices WHERE until < $1")
            .bind(now - 3600)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(NoticeClaim::Granted { until })
    }
}
