//! Retention: old article texts, finished jobs and settled replies are
//! pruned in small batches, so a busy server's database stops growing and
//! no prune holds the write lock for long. Clashes, their per-source figures
//! and the articles' facts stay: an article row is kept with its text
//! cleared (deleting it would cascade to its clash figures). Sightings stay
//! as long as their clash; those that made none, and the alert log, go.
//! Feed items are a feed's memory of what it has read: one goes only when
//! its feed's latest full fetch no longer listed it, after the retention
//! period, and when nothing about it is still to be done.

use super::{now, Result, Store};

/// What one pruning pass removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub article_texts: u64,
    pub jobs: u64,
    pub replies: u64,
    /// Sightings that made no clash, and alert log lines.
    pub trust_log: u64,
    /// Feed items their feed no longer lists.
    pub feed_items: u64,
}

impl Pruned {
    pub fn total(&self) -> u64 {
        self.article_texts + self.jobs + self.replies + self.trust_log + self.feed_items
    }
}

impl Store {
    /// Prune up to `batch` rows of each kind older than `older_than_secs`.
    /// Call again while it returns a full batch.
    pub async fn prune(&self, older_than_secs: i64, batch: i64) -> Result<Pruned> {
        let t = now();
        let cutoff = t - older_than_secs;
        // Cleared, not NULL: SQLite can't drop the column's NOT NULL without
        // rebuilding the table. An empty body never answers a link: it is
        // older than any cache window.
        let article_texts = sqlx::query(
            "UPDATE articles SET body = '', pruned_at = $1 WHERE id IN ( \
               SELECT id FROM articles WHERE fetched_at < $2 AND pruned_at IS NULL \
               ORDER BY fetched_at LIMIT $3)",
        )
        .bind(t)
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let jobs = sqlx::query(
            "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs \
               WHERE state IN ('done', 'failed') AND updated_at < $1 ORDER BY updated_at LIMIT $2)",
        )
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        // A reply whose message still has jobs is kept: it is what says the
        // message was answered.
        let replies = sqlx::query(
            "DELETE FROM replies WHERE message_id IN (SELECT r.message_id FROM replies r \
               WHERE r.state IN ('sent', 'skipped', 'failed') AND r.updated_at < $1 \
               AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.message_id = r.message_id) \
               ORDER BY r.updated_at LIMIT $2)",
        )
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let trust_log = self.prune_trust_log(cutoff, batch).await?;
        // An item of its feed's latest listing has `last_listed_at` equal to
        // the feed's `listed_at` and stays, however long the feed answers
        // 304: forgetting it would post it again as new. A post still to be
        // sent, or a read still queued, keeps its item too.
        let feed_items = sqlx::query(
            "DELETE FROM feed_items WHERE id IN (SELECT i.id FROM feed_items i \
               WHERE i.last_listed_at < $1 \
               AND i.last_listed_at < (SELECT f.listed_at FROM feeds f WHERE f.id = i.feed_id) \
               AND i.post_state IN ('none', 'sent', 'failed') \
               AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = i.job_id \
                   AND j.state NOT IN ('done', 'failed')) \
               ORDER BY i.last_listed_at LIMIT $2)",
        )
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(Pruned {
            article_texts,
            jobs,
            replies,
            trust_log,
            feed_items,
        })
    }
}
