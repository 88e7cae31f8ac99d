//! The durable job queue: one row per (message, link), inserted before any
//! work starts. Workers claim jobs with a short lease that a heartbeat
//! renews while the work goes on; a crashed worker's lease runs out within
//! seconds and the job is claimed again, so nothing is lost. Every outcome
//! is written under the claim that holds the job (see `FENCE`).

use sqlx::Row;

use super::{now, Backend, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for a worker (also after a temporary failure, until `next_attempt_at`).
    Queued,
    /// Claimed by a worker whose lease runs until `locked_until`.
    Running,
    Done,
    /// Gave up: a permanent failure, or temporary ones past the retry limit.
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<JobState> {
        Ok(match s {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            other => return Err(StoreError::Corrupt(format!("unknown job state {other:?}"))),
        })
    }

    /// Finished for good, one way or the other.
    pub fn is_final(self) -> bool {
        matches!(self, JobState::Done | JobState::Failed)
    }
}

/// A link seen in a message, to be queued.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub guild_id: Option<i64>,
    pub channel_id: i64,
    pub message_id: i64,
    /// Order of the link in the message, so replies keep it.
    pub position: i64,
    /// Canonical URL.
    pub url: String,
    pub host: String,
    /// See [`Job::explicit`].
    pub explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub guild_id: Option<i64>,
    pub channel_id: i64,
    pub message_id: i64,
    pub position: i64,
    pub url: String,
    pub host: String,
    pub state: JobState,
    pub attempts: i64,
    pub article_id: Option<i64>,
    pub error: Option<String>,
    /// Asked for with a command: answered through the interaction, not with
    /// a reply in the channel.
    pub explicit: bool,
    /// The feed whose item this is (its `message_id` is the negated feed
    /// item id); `None` for a member's link.
    pub feed_id: Option<i64>,
}

const JOB_COLUMNS: &str = "id, guild_id, channel_id, message_id, position, url, host, state, \
                           attempts, article_id, error, explicit, feed_id";

/// The claim that holds a job: its worker and the attempt the claim counted
/// (parameters `$n`, `$n+1`, `$n+2` = id, worker, attempts). An outcome is
/// written only under it: a worker whose lease ran out must not overwrite
/// the outcome of the worker that took the job after it.
fn fence(n: usize) -> String {
    format!(
        "id = ${} AND state = 'running' AND locked_by = ${} AND attempts = ${}",
        n,
        n + 1,
        n + 2
    )
}

fn job_from_row(row: &sqlx::any::AnyRow) -> Result<Job> {
    Ok(Job {
        id: row.try_get("id")?,
        guild_id: row.try_get("guild_id")?,
        channel_id: row.try_get("channel_id")?,
        message_id: row.try_get("message_id")?,
        position: row.try_get("position")?,
        url: row.try_get("url")?,
        host: row.try_get("host")?,
        state: JobState::parse(&row.try_get::<String, _>("state")?)?,
        attempts: row.try_get("attempts")?,
        article_id: row.try_get("article_id")?,
        error: row.try_get("error")?,
        explicit: row.try_get::<i64, _>("explicit")? != 0,
        feed_id: row.try_get("feed_id")?,
    })
}

impl Store {
    /// Queue the links of one message. Idempotent on (message, URL): a
    /// message seen twice (gateway replay, restart) queues nothing new.
    /// Returns how many jobs were new.
    pub async fn enqueue_jobs(&self, jobs: &[NewJob]) -> Result<u64> {
        let t = now();
        let mut tx = self.begin_write().await?;
        let mut added = 0;
        for job in jobs {
            let r = sqlx::query(
                "INSERT INTO jobs (guild_id, channel_id, message_id, position, url, host, state, \
                 attempts, next_attempt_at, created_at, updated_at, explicit) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8, $9, $10) \
                 ON CONFLICT (message_id, url) DO NOTHING",
            )
            .bind(job.guild_id)
            .bind(job.channel_id)
            .bind(job.message_id)
            .bind(job.position)
            .bind(&job.url)
            .bind(&job.host)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(i64::from(job.explicit))
            .execute(&mut *tx)
            .await?;
            added += r.rows_affected();
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Claim the oldest ready job (members' links before feed items) whose host has fewer than `per_host` jobs
    /// running, leasing it to `worker` for `lease_secs`. A job whose lease ran
    /// out (its worker died or hung) is ready again while it has attempts
    /// left; past `max_attempts` it waits for [`Store::rescue_jobs`] to fail
    /// it, so a page that kills the reader is not read forever.
    pub async fn claim_job(
        &self,
        worker: &str,
        lease_secs: i64,
        per_host: i64,
        max_attempts: i64,
    ) -> Result<Option<Job>> {
        let t = now();
        let lock = match self.backend {
            // Several processes share one Postgres queue: skip rows another
            // transaction is claiming instead of waiting on them.
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            // SQLite serializes writers; the UPDATE re-checks the state.
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $2, \
                 attempts = attempts + 1, updated_at = $3 \
             WHERE id = ( \
                 SELECT j.id FROM jobs j \
                 WHERE ((j.state = 'queued' AND j.next_attempt_at <= $4) \
                    OR (j.state = 'running' AND j.locked_until < $5 AND j.attempts < $9)) \
                 AND (SELECT COUNT(*) FROM jobs r WHERE r.host = j.host AND r.state = 'running' \
                      AND r.locked_until >= $6) < $7 \
                 ORDER BY j.priority, j.id LIMIT 1 {lock}) \
             AND (state = 'queued' OR (state = 'running' AND locked_until < $8 AND attempts < $10)) \
             RETURNING {JOB_COLUMNS}"
        );
        // The per-host count reads rows other claims are changing: without
        // one lock, two PostgreSQL claims can both see room for one more job
        // on a host and both take one. SQLite's writers are serialized already.
        let query = sqlx::query(&sql)
            .bind(worker)
            .bind(t + lease_secs)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(per_host)
            .bind(t)
            .bind(max_attempts)
            .bind(max_attempts);
        let row = match self.backend {
            Backend::Postgres => {
                let mut tx = self.begin_write().await?;
                self.cluster_lock(&mut tx, super::cluster::LOCK_JOB_CLAIM)
                    .await?;
                let row = query.fetch_optional(&mut *tx).await?;
                tx.commit().await?;
                row
            }
            Backend::Sqlite => query.fetch_optional(&self.pool).await?,
        };
        row.as_ref().map(job_from_row).transpose()
    }

    /// Extend the lease of a job still held by this claim (the heartbeat).
    /// `false`: the lease was lost (it ran out and another worker took the
    /// job, or it was rescued); the holder must stop and write nothing.
    pub async fn renew_job(&self, job: &Job, worker: &str, lease_secs: i64) -> Result<bool> {
        let t = now();
        let r = sqlx::query(&format!(
            "UPDATE jobs SET locked_until = $1, updated_at = $2 WHERE {}",
            fence(3)
        ))
        .bind(t + lease_secs)
        .bind(t)
        .bind(job.id)
        .bind(worker)
        .bind(job.attempts)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The job succeeded: its article (and facts) are stored under
    /// `article_id`. `false` when this claim no longer holds the job (its
    /// outcome is not recorded).
    pub async fn complete_job(&self, job: &Job, worker: &str, article_id: i64) -> Result<bool> {
        let r = sqlx::query(&format!(
            "UPDATE jobs SET state = 'done', article_id = $1, error = NULL, locked_by = NULL, \
             locked_until = NULL, updated_at = $2 WHERE {}",
            fence(3)
        ))
        .bind(article_id)
        .bind(now())
        .bind(job.id)
        .bind(worker)
        .bind(job.attempts)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The job failed for good; `error` is the line shown to the poster.
    /// Fenced like [`Store::complete_job`].
    pub async fn fail_job(&self, job: &Job, worker: &str, error: &str) -> Result<bool> {
        let r = sqlx::query(&format!(
            "UPDATE jobs SET state = 'failed', error = $1, locked_by = NULL, locked_until = NULL, \
             updated_at = $2 WHERE {}",
            fence(3)
        ))
        .bind(error)
        .bind(now())
        .bind(job.id)
        .bind(worker)
        .bind(job.attempts)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// A temporary failure: queue the job again after `delay_secs`. Fenced
    /// like [`Store::complete_job`], so a worker that lost its lease can't
    /// turn a finished job back into a queued one.
    pub async fn retry_job(
        &self,
        job: &Job,
        worker: &str,
        error: &str,
        delay_secs: i64,
    ) -> Result<bool> {
        let t = now();
        let r = sqlx::query(&format!(
            "UPDATE jobs SET state = 'queued', error = $1, next_attempt_at = $2, locked_by = NULL, \
             locked_until = NULL, updated_at = $3 WHERE {}",
            fence(4)
        ))
        .bind(error)
        .bind(t + delay_secs)
        .bind(t)
        .bind(job.id)
        .bind(worker)
        .bind(job.attempts)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Fail the jobs whose lease ran out on their last allowed attempt: each
    /// reader stopped (crashed, hung, was killed) on the page every time.
    /// Returns them, so their messages can be answered.
    pub async fn rescue_jobs(&self, max_attempts: i64) -> Result<Vec<Job>> {
        let t = now();
        let rows = sqlx::query(&format!(
            "UPDATE jobs SET state = 'failed', error = $1, locked_by = NULL, locked_until = NULL, \
             updated_at = $2 WHERE state = 'running' AND locked_until < $3 AND attempts >= $4 \
             RETURNING {JOB_COLUMNS}"
        ))
        .bind(format!(
            "reading this page stopped {max_attempts} times without finishing \
             (it may be too slow or too large); I gave up"
        ))
        .bind(t)
        .bind(t)
        .bind(max_attempts)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(job_from_row).collect()
    }

    /// Hand back every job `worker` holds (graceful shutdown), without
    /// counting the attempt against it.
    pub async fn release_jobs(&self, worker: &str) -> Result<u64> {
        let r = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = CASE WHEN attempts > 0 THEN attempts - 1 \
             ELSE 0 END, locked_by = NULL, locked_until = NULL, updated_at = $1 \
             WHERE state = 'running' AND locked_by = $2",
        )
        .bind(now())
        .bind(worker)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected())
    }

    /// Every job of one message, in link order.
    pub async fn message_jobs(&self, message_id: i64) -> Result<Vec<Job>> {
        let rows = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE message_id = $1 ORDER BY position, id"
        ))
        .bind(message_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(job_from_row).collect()
    }

    /// Jobs not yet final, oldest first (for status and tests).
    pub async fn pending_jobs(&self) -> Result<Vec<Job>> {
        let rows = sqlx::query(&format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE state IN ('queued', 'running') ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(job_from_row).collect()
    }

    /// Job state as stored, for one job.
    pub async fn job(&self, job_id: i64) -> Result<Option<Job>> {
        let row = sqlx::query(&format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"))
            .bind(job_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(job_from_row).transpose()
    }
}
