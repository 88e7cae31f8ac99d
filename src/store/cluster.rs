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

    /// Reserve a turn in the gateway start queue for `shards` IDENTIFYs sent
    /// `spacing_ms` apart (as serenity sends them), touching `buckets`
    /// (Discord's identify buckets: shard id % max_concurrency). Returns how
    /// many milliseconds from now the first may be sent; every later
    /// reservation in those buckets starts after this one's last IDENTIFY.
    pub async fn reserve_gateway_start(
        &self,
        buckets: &[i64],
        shards: i64,
        spacing_ms: i64,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        let lock = match self.backend {
            Backend::Postgres => " FOR UPDATE",
            Backend::Sqlite => "",
        };
        let mut start = now;
        for bucket in buckets {
            sqlx::query(
                "INSERT INTO gateway_starts (bucket, next_at_ms) VALUES ($1, 0) \
                 ON CONFLICT (bucket) DO NOTHING",
            )
            .bind(*bucket)
            .execute(&mut *tx)
            .await?;
            let row = sqlx::query(&format!(
                "SELECT next_at_ms FROM gateway_starts WHERE bucket = $1{lock}"
            ))
            .bind(*bucket)
            .fetch_one(&mut *tx)
            .await?;
            start = start.max(row.try_get::<i64, _>("next_at_ms")?);
        }
        let next = start + shards.max(1) * spacing_ms.max(0);
        for bucket in buckets {
            sqlx::query("UPDATE gateway_starts SET next_at_ms = $1 WHERE bucket = $2")
                .bind(next)
                .bind(*bucket)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(start - now)
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
