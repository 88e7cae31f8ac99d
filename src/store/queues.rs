//! What operators ask the database: is it there, and how much work waits.

use sqlx::Row;

use super::{Result, Store};

impl Store {
    /// A round trip to the database.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Unfinished work by queue and state: jobs (links) queued or running,
    /// alert deliveries not yet sent or given up. Shared by every process on
    /// the database.
    pub async fn queue_depths(&self) -> Result<Vec<(&'static str, String, i64)>> {
        let mut out = Vec::new();
        for (queue, sql) in [
            (
                "jobs",
                "SELECT state, CAST(COUNT(*) AS BIGINT) AS n FROM jobs \
                 WHERE state IN ('queued', 'running') GROUP BY state",
            ),
            (
                "alerts",
                "SELECT state, CAST(COUNT(*) AS BIGINT) AS n FROM deliveries \
                 WHERE state NOT IN ('sent', 'failed') GROUP BY state",
            ),
        ] {
            for r in sqlx::query(sql).fetch_all(&self.pool).await? {
                out.push((queue, r.try_get("state")?, r.try_get("n")?));
            }
        }
        Ok(out)
    }
}
