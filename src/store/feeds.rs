//! Feeds a server follows, the items they listed, and the posts of new items
//! in a feed's channel.
//!
//! Everything that must happen once lives in rows, leased like jobs: a poll
//! (`feeds.locked_by`), a post (`feed_items.post_locked_by`). The schedule
//! is `feeds.next_fetch_at`, so any process on the database may poll a feed
//! when it is due, and two never poll one feed at once.

use sqlx::{Any, Row, Transaction};

use super::{now, Backend, Result, Store};

/// What kind of source a feed is.
pub const KIND_FEED: &str = "feed";
pub const KIND_TELEGRAM: &str = "telegram";

/// One feed as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: i64,
    pub guild_id: i64,
    /// What the moderator gave.
    pub url: String,
    /// What is polled.
    pub feed_url: String,
    pub kind: String,
    pub title: Option<String>,
    pub host: String,
    pub channel_id: Option<i64>,
    pub region: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub next_fetch_at: i64,
    pub failures: i64,
    pub last_fetch_at: Option<i64>,
    pub last_success_at: i64,
    pub last_error: Option<String>,
    pub items_seen: i64,
    pub fetches: i64,
    pub not_modified: i64,
    pub paused: bool,
    pub paused_reason: Option<String>,
    /// The claim's token while leased.
    pub locked_by: Option<String>,
}

const FEED_COLUMNS: &str = "id, guild_id, url, feed_url, kind, title, host, channel_id, region, \
    etag, last_modified, next_fetch_at, failures, last_fetch_at, last_success_at, last_error, \
    items_seen, fetches, not_modified, paused, paused_reason, locked_by";

fn feed_from_row(r: &sqlx::any::AnyRow) -> Result<Feed> {
    Ok(Feed {
        id: r.try_get("id")?,
        guild_id: r.try_get("guild_id")?,
        url: r.try_get("url")?,
        feed_url: r.try_get("feed_url")?,
        kind: r.try_get("kind")?,
        title: r.try_get("title")?,
        host: r.try_get("host")?,
        channel_id: r.try_get("channel_id")?,
        region: r.try_get("region")?,
        etag: r.try_get("etag")?,
        last_modified: r.try_get("last_modified")?,
        next_fetch_at: r.try_get("next_fetch_at")?,
        failures: r.try_get("failures")?,
        last_fetch_at: r.try_get("last_fetch_at")?,
        last_success_at: r.try_get("last_success_at")?,
        last_error: r.try_get("last_error")?,
        items_seen: r.try_get("items_seen")?,
        fetches: r.try_get("fetches")?,
        not_modified: r.try_get("not_modified")?,
        paused: r.try_get::<i64, _>("paused")? != 0,
        paused_reason: r.try_get("paused_reason")?,
        locked_by: r.try_get("locked_by")?,
    })
}

/// One item a feed lists, as the poller read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// Identity: `id:<guid>`, else `url:<canonical link>`, else `td:<title and date>`.
    pub key: String,
    /// The canonical link to read (a Telegram post's own address when it has no link).
    pub url: Option<String>,
    pub title: Option<String>,
    /// The article itself, for a post without a link.
    pub body: Option<String>,
    /// Unix seconds.
    pub published: Option<i64>,
}

/// A feed as a moderator adds it, with what its first fetch found.
#[derive(Debug, Clone)]
pub struct NewFeed<'a> {
    pub guild_id: i64,
    pub url: &'a str,
    pub feed_url: &'a str,
    pub kind: &'a str,
    pub title: Option<&'a str>,
    pub host: &'a str,
    pub channel_id: Option<i64>,
    pub region: Option<&'a str>,
    pub by: i64,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub next_fetch_at: i64,
}

/// What adding a feed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedAdded {
    /// Its items are recorded as seen; none will be read or posted.
    Added { id: i64, items: u64 },
    /// The server follows this feed already (its id).
    Exists(i64),
    /// The server has `cap` feeds already.
    AtCap(i64),
}

/// A successful poll, to record.
#[derive(Debug, Clone)]
pub struct Polled<'a> {
    /// `None` for a 304: nothing changed.
    pub items: Option<&'a [FeedItem]>,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub next_fetch_at: i64,
}

/// A post of a feed item in its feed's channel, leased to one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedPost {
    pub item_id: i64,
    pub feed_id: i64,
    pub channel_id: i64,
    pub job_id: Option<i64>,
    /// Failed sends so far.
    pub attempts: i64,
    pub token: String,
    pub feed_title: Option<String>,
}

/// An item's body, for reading a link-less post without fetching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineItem {
    pub url: String,
    pub title: Option<String>,
    pub body: String,
    pub published: Option<i64>,
    /// The feed's title: the post's site.
    pub site: Option<String>,
}

/// Request counts over every feed, for the benchmark and operators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedTotals {
    pub feeds: i64,
    pub fetches: i64,
    pub not_modified: i64,
    pub items: i64,
}

impl Store {
    /// Add a feed with the items its first fetch listed, all marked seen: a
    /// new feed posts nothing until it lists something new.
    pub async fn add_feed(
        &self,
        new: &NewFeed<'_>,
        items: &[FeedItem],
        cap: i64,
    ) -> Result<FeedAdded> {
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query("SELECT id FROM feeds WHERE guild_id = $1 AND feed_url = $2")
            .bind(new.guild_id)
            .bind(new.feed_url)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            return Ok(FeedAdded::Exists(row.try_get("id")?));
        }
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM feeds WHERE guild_id = $1")
            .bind(new.guild_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if n >= cap {
            return Ok(FeedAdded::AtCap(cap));
        }
        let t = now();
        let id: i64 = sqlx::query(
            "INSERT INTO feeds (guild_id, url, feed_url, kind, title, host, channel_id, region, \
             etag, last_modified, next_fetch_at, locked_until, failures, last_fetch_at, \
             last_success_at, items_seen, fetches, not_modified, paused, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 0, $12, $13, 0, 1, 0, 0, \
             $14, $15) RETURNING id",
        )
        .bind(new.guild_id)
        .bind(new.url)
        .bind(new.feed_url)
        .bind(new.kind)
        .bind(new.title)
        .bind(new.host)
        .bind(new.channel_id)
        .bind(new.region)
        .bind(new.etag)
        .bind(new.last_modified)
        .bind(new.next_fetch_at)
        .bind(t)
        .bind(t)
        .bind(new.by)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        let mut added = 0;
        for item in items {
            if insert_item(&mut tx, id, item, t).await?.is_some() {
                added += 1;
            }
        }
        sqlx::query("UPDATE feeds SET items_seen = $1, listed_at = $2 WHERE id = $3")
            .bind(added as i64)
            .bind(t)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(FeedAdded::Added { id, items: added })
    }

    /// A server's feeds, oldest first.
    pub async fn feeds(&self, guild_id: i64) -> Result<Vec<Feed>> {
        let rows = sqlx::query(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = $1 ORDER BY id"
        ))
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(feed_from_row).collect()
    }

    pub async fn feed(&self, id: i64) -> Result<Option<Feed>> {
        let row = sqlx::query(&format!("SELECT {FEED_COLUMNS} FROM feeds WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(feed_from_row).transpose()
    }

    /// Remove one of a server's feeds with its items. Queued reads of its
    /// items still finish (they feed clashes), but nothing more is posted.
    pub async fn remove_feed(&self, guild_id: i64, feed_id: i64) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM feed_items WHERE feed_id IN \
             (SELECT id FROM feeds WHERE id = $1 AND guild_id = $2)",
        )
        .bind(feed_id)
        .bind(guild_id)
        .execute(&mut *tx)
        .await?;
        let r = sqlx::query("DELETE FROM feeds WHERE id = $1 AND guild_id = $2")
            .bind(feed_id)
            .bind(guild_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(r.rows_affected() > 0)
    }

    /// Resume a paused feed: polled at once, its failures forgotten, the
    /// pause clock started again. `false` when the server has no such feed.
    pub async fn resume_feed(&self, guild_id: i64, feed_id: i64) -> Result<bool> {
        let t = now();
        let r = sqlx::query(
            "UPDATE feeds SET paused = 0, paused_reason = NULL, failures = 0, \
             last_success_at = $1, next_fetch_at = $2 WHERE id = $3 AND guild_id = $4",
        )
        .bind(t)
        .bind(t)
        .bind(feed_id)
        .bind(guild_id)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Lease the feed most overdue for a poll to the claim `token`, in one
    /// statement. A host with a poll in flight, or fetched too recently
    /// (`feed_hosts`), waits: one request at a time per host.
    pub async fn claim_feed(&self, token: &str, lease_secs: i64) -> Result<Option<Feed>> {
        let t = now();
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(&format!(
            "UPDATE feeds SET locked_by = $1, locked_until = $2 \
             WHERE id = ( \
                 SELECT f.id FROM feeds f \
                 WHERE f.paused = 0 AND f.next_fetch_at <= $3 AND f.locked_until < $4 \
                 AND NOT EXISTS (SELECT 1 FROM feeds o WHERE o.host = f.host \
                     AND o.locked_until >= $5) \
                 AND NOT EXISTS (SELECT 1 FROM feed_hosts h WHERE h.host = f.host \
                     AND h.next_fetch_at > $6) \
                 ORDER BY f.next_fetch_at, f.id LIMIT 1 {lock}) \
             AND locked_until < $7 \
             RETURNING {FEED_COLUMNS}"
        ))
        .bind(token)
        .bind(t + lease_secs)
        .bind(t)
        .bind(t)
        .bind(t)
        .bind(t)
        .bind(t)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feed_from_row).transpose()
    }

    /// A host was just fetched: the next request to it waits until `next_at`.
    pub async fn host_fetched(&self, host: &str, next_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO feed_hosts (host, next_fetch_at) VALUES ($1, $2) \
             ON CONFLICT (host) DO UPDATE SET next_fetch_at = excluded.next_fetch_at",
        )
        .bind(host)
        .bind(next_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Record a successful poll under its claim: new items are marked seen
    /// and queued for reading (oldest first, behind members' links), the
    /// validators and the next poll time are kept, failures forgotten.
    /// Returns how many items were new, or `None` when the claim no longer
    /// holds the feed (nothing is recorded).
    pub async fn feed_polled(
        &self,
        feed: &Feed,
        token: &str,
        p: &Polled<'_>,
    ) -> Result<Option<u64>> {
        let t = now();
        let mut tx = self.begin_write().await?;
        let held = sqlx::query(
            "UPDATE feeds SET failures = 0, last_fetch_at = $1, last_success_at = $2, \
             last_error = NULL, etag = COALESCE($3, etag), \
             last_modified = COALESCE($4, last_modified), next_fetch_at = $5, \
             fetches = fetches + 1, not_modified = not_modified + $6, \
             locked_by = NULL, locked_until = 0 WHERE id = $7 AND locked_by = $8",
        )
        .bind(t)
        .bind(t)
        .bind(p.etag)
        .bind(p.last_modified)
        .bind(p.next_fetch_at)
        .bind(i64::from(p.items.is_none()))
        .bind(feed.id)
        .bind(token)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 0 {
            return Ok(None);
        }
        if p.items.is_some() {
            sqlx::query("UPDATE feeds SET listed_at = $1 WHERE id = $2")
                .bind(t)
                .bind(feed.id)
                .execute(&mut *tx)
                .await?;
        }
        let mut added = 0u64;
        for item in p.items.unwrap_or_default() {
            let Some(item_id) = insert_item(&mut tx, feed.id, item, t).await? else {
                continue;
            };
            added += 1;
            let Some(url) = item.url.as_deref() else {
                continue;
            };
            let host = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            let job = sqlx::query(
                "INSERT INTO jobs (guild_id, channel_id, message_id, position, url, host, state, \
                 attempts, next_attempt_at, created_at, updated_at, explicit, feed_id, priority) \
                 VALUES ($1, $2, $3, 0, $4, $5, 'queued', 0, $6, $7, $8, 0, $9, 1) \
                 ON CONFLICT (message_id, url) DO NOTHING RETURNING id",
            )
            .bind(feed.guild_id)
            .bind(feed.channel_id.unwrap_or(0))
            .bind(-item_id)
            .bind(url)
            .bind(&host)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(feed.id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(job) = job {
                sqlx::query("UPDATE feed_items SET job_id = $1 WHERE id = $2")
                    .bind(job.try_get::<i64, _>("id")?)
                    .bind(item_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if added > 0 {
            sqlx::query("UPDATE feeds SET items_seen = items_seen + $1 WHERE id = $2")
                .bind(added as i64)
                .bind(feed.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(added))
    }

    /// Record a failed poll under its claim: the error is shown in
    /// `/feeds list`, the next poll waits `next_fetch_at`; `pause` pauses the
    /// feed with that reason. `false` when the claim no longer holds it.
    pub async fn feed_failed(
        &self,
        feed: &Feed,
        token: &str,
        error: &str,
        next_fetch_at: i64,
        pause: Option<&str>,
    ) -> Result<bool> {
        let t = now();
        let r = sqlx::query(
            "UPDATE feeds SET failures = failures + 1, last_fetch_at = $1, last_error = $2, \
             next_fetch_at = $3, fetches = fetches + 1, \
             paused = CASE WHEN $4 = 1 THEN 1 ELSE paused END, \
             paused_reason = COALESCE($5, paused_reason), locked_by = NULL, locked_until = 0 \
             WHERE id = $6 AND locked_by = $7",
        )
        .bind(t)
        .bind(error)
        .bind(next_fetch_at)
        .bind(i64::from(pause.is_some()))
        .bind(pause)
        .bind(feed.id)
        .bind(token)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Hand back every feed poll `token`'s worker holds (a stop).
    pub async fn release_feeds(&self, worker: &str) -> Result<u64> {
        let r = sqlx::query(
            "UPDATE feeds SET locked_by = NULL, locked_until = 0 WHERE locked_by LIKE $1",
        )
        .bind(format!("{worker}#%"))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected())
    }

    /// A feed item whose text is the article (a Telegram post without a
    /// link); `None` for items read from their link.
    pub async fn inline_feed_item(&self, item_id: i64) -> Result<Option<InlineItem>> {
        let row = sqlx::query(
            "SELECT i.url, i.title, i.body, i.published, f.title AS site FROM feed_items i \
             JOIN feeds f ON f.id = i.feed_id WHERE i.id = $1 AND i.body IS NOT NULL",
        )
        .bind(item_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(InlineItem {
            url: row.try_get::<Option<String>, _>("url")?.unwrap_or_default(),
            title: row.try_get("title")?,
            body: row
                .try_get::<Option<String>, _>("body")?
                .unwrap_or_default(),
            published: row.try_get("published")?,
            site: row.try_get("site")?,
        }))
    }

    /// A feed item's article was read (`article_id`, `None` when it could
    /// not be): when its feed posts in a channel and the article joined a
    /// clash (in the feed's region, when it has one), its post is queued.
    /// Returns whether a post was queued.
    pub async fn feed_item_read(&self, item_id: i64, article_id: Option<i64>) -> Result<bool> {
        let t = now();
        let r = sqlx::query(
            "UPDATE feed_items SET post_state = 'pending', post_next_at = $1, \
             post_channel = (SELECT f.channel_id FROM feeds f WHERE f.id = feed_items.feed_id) \
             WHERE id = $2 AND post_state = 'none' AND EXISTS (SELECT 1 FROM feeds f \
                 WHERE f.id = feed_items.feed_id AND f.channel_id IS NOT NULL \
                 AND EXISTS (SELECT 1 FROM clash_sources cs WHERE cs.article_id = $3 \
                     AND (f.region IS NULL OR EXISTS (SELECT 1 FROM clash_regions cr \
                         WHERE cr.clash_id = cs.clash_id AND cr.region = f.region))))",
        )
        .bind(t)
        .bind(item_id)
        .bind(article_id.unwrap_or(0))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Lease the next feed post due, in one statement. Per channel: one post
    /// at a time, the channel's spacing (`alert_channels`, shared with
    /// alerts) and at most `per_hour` feed posts in the last hour; the rest
    /// wait their turn.
    pub async fn take_feed_post(
        &self,
        token: &str,
        lease_secs: i64,
        per_hour: i64,
    ) -> Result<Option<FeedPost>> {
        let t = now();
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE OF i SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let row = sqlx::query(&format!(
            "UPDATE feed_items SET post_locked_by = $1, post_locked_until = $2, \
                 post_state = 'sending' \
             WHERE id = ( \
                 SELECT i.id FROM feed_items i \
                 WHERE i.post_state IN ('pending', 'sending') AND i.post_next_at <= $3 \
                 AND i.post_locked_until < $4 \
                 AND NOT EXISTS (SELECT 1 FROM feed_items o WHERE o.post_channel = i.post_channel \
                     AND o.post_state = 'sending' AND o.post_locked_until >= $5) \
                 AND NOT EXISTS (SELECT 1 FROM alert_channels ac \
                     WHERE ac.channel_id = i.post_channel AND ac.next_post_at > $6) \
                 AND (SELECT COUNT(*) FROM feed_items p WHERE p.post_channel = i.post_channel \
                     AND p.posted_at > $7) < $8 \
                 ORDER BY i.post_next_at, i.id LIMIT 1 {lock}) \
             AND post_locked_until < $9 \
             RETURNING id, feed_id, post_channel, job_id, post_attempts"
        ))
        .bind(token)
        .bind(t + lease_secs)
        .bind(t)
        .bind(t)
        .bind(t)
        .bind(t)
        .bind(t - 3600)
        .bind(per_hour)
        .bind(t)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let feed_id: i64 = row.try_get("feed_id")?;
        let title = sqlx::query("SELECT title FROM feeds WHERE id = $1")
            .bind(feed_id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get::<Option<String>, _>("title"))
            .transpose()?
            .flatten();
        Ok(Some(FeedPost {
            item_id: row.try_get("id")?,
            feed_id,
            channel_id: row
                .try_get::<Option<i64>, _>("post_channel")?
                .unwrap_or_default(),
            job_id: row.try_get("job_id")?,
            attempts: row.try_get("post_attempts")?,
            token: token.to_string(),
            feed_title: title,
        }))
    }

    /// The post went out: record its message and start the channel's spacing.
    pub async fn feed_post_sent(
        &self,
        post: &FeedPost,
        message_id: i64,
        spacing_secs: i64,
    ) -> Result<bool> {
        let t = now();
        let mut tx = self.begin_write().await?;
        let held = sqlx::query(
            "UPDATE feed_items SET post_state = 'sent', post_message_id = $1, posted_at = $2, \
             post_error = NULL, post_locked_by = NULL, post_locked_until = 0 \
             WHERE id = $3 AND post_locked_by = $4",
        )
        .bind(message_id)
        .bind(t)
        .bind(post.item_id)
        .bind(&post.token)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 0 {
            return Ok(false);
        }
        if spacing_secs > 0 {
            sqlx::query(
                "INSERT INTO alert_channels (channel_id, next_post_at) VALUES ($1, $2) \
                 ON CONFLICT (channel_id) DO UPDATE SET next_post_at = excluded.next_post_at",
            )
            .bind(post.channel_id)
            .bind(t + spacing_secs)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A temporary failure: try again at `retry_at`.
    pub async fn feed_post_retry(&self, post: &FeedPost, retry_at: i64, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE feed_items SET post_state = 'pending', post_next_at = $1, \
             post_attempts = post_attempts + 1, post_error = $2, post_locked_by = NULL, \
             post_locked_until = 0 WHERE id = $3 AND post_locked_by = $4",
        )
        .bind(retry_at)
        .bind(error)
        .bind(post.item_id)
        .bind(&post.token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Give up on one post (refused, or out of attempts).
    pub async fn feed_post_failed(&self, post: &FeedPost, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE feed_items SET post_state = 'failed', post_error = $1, post_locked_by = NULL, \
             post_locked_until = 0 WHERE id = $2 AND post_locked_by = $3",
        )
        .bind(error)
        .bind(post.item_id)
        .bind(&post.token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The channel can't be posted to: this post fails and every feed posting
    /// there is paused with the reason, until `/feeds resume`.
    pub async fn feed_channel_gone(&self, post: &FeedPost, reason: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE feed_items SET post_state = 'failed', post_error = $1, post_locked_by = NULL, \
             post_locked_until = 0 WHERE post_channel = $2 AND post_state IN ('pending', 'sending')",
        )
        .bind(reason)
        .bind(post.channel_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE feeds SET paused = 1, paused_reason = $1 WHERE channel_id = $2")
            .bind(reason)
            .bind(post.channel_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The posts of a feed's items: (item id, state), for tests and status.
    pub async fn feed_posts(&self, feed_id: i64) -> Result<Vec<(i64, String)>> {
        let rows =
            sqlx::query("SELECT id, post_state FROM feed_items WHERE feed_id = $1 ORDER BY id")
                .bind(feed_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("post_state")?)))
            .collect()
    }

    /// Totals over every feed.
    pub async fn feed_totals(&self) -> Result<FeedTotals> {
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) AS feeds, CAST(COALESCE(SUM(fetches), 0) AS BIGINT) AS fetches, \
             CAST(COALESCE(SUM(not_modified), 0) AS BIGINT) AS not_modified, \
             CAST(COALESCE(SUM(items_seen), 0) AS BIGINT) AS items FROM feeds",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(FeedTotals {
            feeds: row.try_get("feeds")?,
            fetches: row.try_get("fetches")?,
            not_modified: row.try_get("not_modified")?,
            items: row.try_get("items")?,
        })
    }
}

/// Record one item as listed at `t`; `Some(id)` when it is new to the feed.
/// An item whose key is new but whose link the feed listed before (a guid
/// that changed with an edit) is not new. Marking a known item listed keeps
/// it from retention while the feed still shows it.
async fn insert_item(
    tx: &mut Transaction<'static, Any>,
    feed_id: i64,
    item: &FeedItem,
    t: i64,
) -> Result<Option<i64>> {
    let known = sqlx::query(
        "UPDATE feed_items SET last_listed_at = $1 \
         WHERE feed_id = $2 AND (item_key = $3 OR url = $4)",
    )
    .bind(t)
    .bind(feed_id)
    .bind(&item.key)
    .bind(item.url.as_deref())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if known > 0 {
        return Ok(None);
    }
    let row = sqlx::query(
        "INSERT INTO feed_items (feed_id, item_key, url, title, body, published, post_state, \
         created_at, last_listed_at) VALUES ($1, $2, $3, $4, $5, $6, 'none', $7, $8) \
         ON CONFLICT (feed_id, item_key) DO NOTHING RETURNING id",
    )
    .bind(feed_id)
    .bind(&item.key)
    .bind(item.url.as_deref())
    .bind(item.title.as_deref())
    .bind(item.body.as_deref())
    .bind(item.published)
    .bind(t)
    .bind(t)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get::<i64, _>("id"))
        .transpose()
        .map_err(Into::into)
}
