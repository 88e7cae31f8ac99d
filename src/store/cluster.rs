//! Coordination between processes that share one database (scale-out):
//! the gateway start queue, cluster-wide leases for periodic work, and the
//! advisory locks that make some claims atomic across PostgreSQL sessions.

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Row;

use super::{Backend, Result, Store};

/// Advisory lock keys (PostgreSQL): one per kind of claim that must not
/// interleave between processes. 7261001 is the clash merge's.
pub(crate) const LOCK_ALERT_CLAIM: i64 = 7_261_032;
pub(crate) const LOCK_JOB_CLAIM: i64 = 7_261_033;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Take `key`'s transaction-scoped advisory lock on PostgreSQL (a no-op
    /// on SQLite, whose writers are serialized by `BEGIN IMMEDIATE`).
    pub(crate) async fn cluster_lock(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        key: i64,
    ) -> Result<()> {
        if self.backend == Backend::Postgres {
            sqlx::query(&format!("SELECT pg_advisory_xact_lock({key})"))
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Try to take `buckets` (Discord's identify buckets: shard id %
    /// max_concurrency) for a gateway login, for at most `hold_ms`. `None`:
    /// taken, log in now; `Some(ms)`: another process is logging in through
    /// one of them, try again in that many milliseconds.
    pub async fn begin_gateway_login(&self, buckets: &[i64], hold_ms: i64) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let mut busy_until = 0;
        for bucket in buckets {
            sqlx::query(
                "INSERT INTO gateway_starts (bucket, login_until_ms) VALUES ($1, 0) \
                 ON CONFLICT (bucket) DO NOTHING",
            )
            .bind(*bucket)
            .execute(&mut *tx)
            .await?;
            let row = sqlx::query(&format!(
                "SELECT login_until_ms FROM gateway_starts WHERE bucket = $1{lock}"
            ))
            .bind(*bucket)
            .fetch_one(&mut *tx)
            .await?;
            busy_until = busy_until.max(row.try_get::<i64, _>("login_until_ms")?);
        }
        if busy_until > now {
            tx.rollback().await?;
            return Ok(Some(busy_until - now));
        }
        self.set_login_until(&mut tx, buckets, now + hold_ms.max(0))
            .await?;
        tx.commit().await?;
        Ok(None)
    }

    /// This process's shards have logged in (READY): the next login through
    /// `buckets` may start `spacing_ms` from now.
    pub async fn end_gateway_login(&self, buckets: &[i64], spacing_ms: i64) -> Result<()> {
        let mut tx = self.begin_write().await?;
        self.set_login_until(&mut tx, buckets, now_ms() + spacing_ms.max(0))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_login_until(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        buckets: &[i64],
        until: i64,
    ) -> Result<()> {
        for bucket in buckets {
            sqlx::query("UPDATE gateway_starts SET login_until_ms = $1 WHERE bucket = $2")
                .bind(until)
                .bind(*bucket)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Take or renew the cluster-wide lease `name` for `holder` until
    /// `lease_ms` from now. `true`: `holder` has it (it was free, expired,
    /// or already `holder`'s); `false`: another process holds it.
    pub async fn hold_cluster_lease(
        &self,
        name: &str,
        holder: &str,
        lease_ms: i64,
    ) -> Result<bool> {
        let now = now_ms();
        let r = sqlx::query(
            "INSERT INTO cluster_leases (name, holder, until_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms \
             WHERE cluster_leases.holder = excluded.holder OR cluster_leases.until_ms < $4",
        )
        .bind(name)
        .bind(holder)
        .bind(now + lease_ms.max(1))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Let go of `name` if `holder` has it (a clean stop), so another
    /// process takes over without waiting for the lease to run out.
    pub async fn release_cluster_lease(&self, name: &str, holder: &str) -> Result<()> {
        sqlx::query("DELETE FROM cluster_leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
