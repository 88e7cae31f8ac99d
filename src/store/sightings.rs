//! Sightings (every time a link is seen, and where) and the alert log: what
//! `/clashes why` reads to explain what the bot decided in one server.

use sqlx::Row;

use super::alerts::Subscription;
use super::{now, Result, Store};

/// Where a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A member's message in a watched channel (or caught up from one).
    Channel,
    /// `/clashes summarize` or "Key facts": someone asked; not a source the
    /// server chose, so not trusted for that alone.
    Request,
    /// An item of one of the server's feeds.
    Feed,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Channel => "channel",
            Origin::Request => "request",
            Origin::Feed => "feed",
        }
    }

    fn parse(s: &str) -> Origin {
        match s {
            "channel" => Origin::Channel,
            "feed" => Origin::Feed,
            _ => Origin::Request,
        }
    }
}

/// What reading the link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A clash report (its clash is found from the article).
    Clash,
    NotClash,
    /// It could not be read: the reason, worded for the poster.
    Error(String),
}

/// One sighting as the pipeline (or the feed poller) reports it.
#[derive(Debug, Clone)]
pub struct NewSighting<'a> {
    pub url: &'a str,
    pub guild_id: Option<i64>,
    pub channel_id: Option<i64>,
    pub message_id: Option<i64>,
    /// The feed whose item it was (engineer feeds' feed id).
    pub feed_id: Option<i64>,
    pub origin: Origin,
    pub article_id: Option<i64>,
    pub domain: &'a str,
    pub outcome: Outcome,
    /// When the article was fetched (it may have been read earlier and
    /// answered from the store).
    pub fetched_at: Option<i64>,
}

/// A recorded sighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub url: String,
    pub guild_id: Option<i64>,
    pub channel_id: Option<i64>,
    pub message_id: Option<i64>,
    pub feed_id: Option<i64>,
    pub origin: Origin,
    pub article_id: Option<i64>,
    pub clash_id: Option<i64>,
    pub domain: String,
    pub outcome: Outcome,
    pub fetched_at: Option<i64>,
    pub seen_at: i64,
}

/// A link of this server's still being read (its job is not finished).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadInFlight {
    pub channel_id: i64,
    pub running: bool,
    pub attempts: i64,
    /// Why the last attempt failed, when it is waiting to retry.
    pub error: Option<String>,
    pub next_attempt_at: i64,
}

/// One line of the alert log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertEvent {
    pub subscription_id: i64,
    pub channel_id: i64,
    /// "posted", "edited", "deleted", "failed".
    pub event: String,
    pub detail: Option<String>,
    pub at: i64,
}

/// Where one of a server's subscriptions stands with one clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionState {
    pub subscription: Subscription,
    /// The clash falls in the subscription's region.
    pub in_region: bool,
    /// The highest killed figure among the sources this server trusts;
    /// `None` when it trusts none.
    pub trusted_killed_max: Option<i64>,
    /// The delivery row: state, message, last error.
    pub delivery: Option<(String, Option<i64>, Option<String>)>,
    /// The channel may get its next new alert at (spacing).
    pub next_post_at: Option<i64>,
}

const SIGHTING_COLUMNS: &str = "url, guild_id, channel_id, message_id, feed_id, origin, \
     article_id, clash_id, domain, outcome, error, fetched_at, seen_at";

fn nonzero(v: i64) -> Option<i64> {
    (v != 0).then_some(v)
}

fn sighting_from_row(r: &sqlx::any::AnyRow) -> Result<Sighting> {
    let outcome: String = r.try_get("outcome")?;
    let error: Option<String> = r.try_get("error")?;
    Ok(Sighting {
        url: r.try_get("url")?,
        guild_id: nonzero(r.try_get("guild_id")?),
        channel_id: nonzero(r.try_get("channel_id")?),
        message_id: nonzero(r.try_get("message_id")?),
        feed_id: nonzero(r.try_get("feed_id")?),
        origin: Origin::parse(&r.try_get::<String, _>("origin")?),
        article_id: r.try_get("article_id")?,
        clash_id: r.try_get("clash_id")?,
        domain: r.try_get("domain")?,
        outcome: match outcome.as_str() {
            "clash" => Outcome::Clash,
            "not_clash" => Outcome::NotClash,
            _ => Outcome::Error(error.unwrap_or_default()),
        },
        fetched_at: r.try_get("fetched_at")?,
        seen_at: r.try_get("seen_at")?,
    })
}

impl Store {
    /// Record a sighting (once: a retried job changes nothing) and, when
    /// the article is part of a clash, queue the alerts it may now earn: a
    /// server that saw it in its own channel or feed trusts it. Returns the
    /// clash's id.
    pub async fn record_sighting(&self, s: &NewSighting<'_>) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let clash_id: Option<i64> = match s.article_id {
            Some(article) => {
                match sqlx::query("SELECT clash_id FROM clash_sources WHERE article_id = $1")
                    .bind(article)
                    .fetch_optional(&mut *tx)
                    .await?
                {
                    Some(r) => Some(r.try_get("clash_id")?),
                    None => None,
                }
            }
            None => None,
        };
        let (outcome, error) = match &s.outcome {
            Outcome::Clash => ("clash", None),
            Outcome::NotClash => ("not_clash", None),
            Outcome::Error(e) => ("error", Some(e.as_str())),
        };
        sqlx::query(
            "INSERT INTO sightings (url, guild_id, channel_id, message_id, feed_id, origin, \
             article_id, clash_id, domain, outcome, error, fetched_at, seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (url, guild_id, channel_id, message_id, feed_id) DO UPDATE SET \
             article_id = excluded.article_id, clash_id = excluded.clash_id, \
             domain = excluded.domain, outcome = excluded.outcome, error = excluded.error, \
             fetched_at = excluded.fetched_at",
        )
        .bind(s.url)
        .bind(s.guild_id.unwrap_or(0))
        .bind(s.channel_id.unwrap_or(0))
        .bind(s.message_id.unwrap_or(0))
        .bind(s.feed_id.unwrap_or(0))
        .bind(s.origin.as_str())
        .bind(s.article_id)
        .bind(clash_id)
        .bind(s.domain)
        .bind(outcome)
        .bind(error)
        .bind(s.fetched_at)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if let Some(clash) = clash_id {
            super::alerts::queue_alerts_in(&mut tx, clash).await?;
        }
        tx.commit().await?;
        Ok(clash_id)
    }

    /// Every sighting of a link, oldest first.
    pub async fn sightings_of_url(&self, url: &str) -> Result<Vec<Sighting>> {
        let rows = sqlx::query(&format!(
            "SELECT {SIGHTING_COLUMNS} FROM sightings WHERE url = $1 ORDER BY seen_at, id"
        ))
        .bind(url)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(sighting_from_row).collect()
    }

    /// Every sighting of a clash's articles, oldest first.
    pub async fn sightings_of_clash(&self, clash_id: i64) -> Result<Vec<Sighting>> {
        let rows = sqlx::query(&format!(
            "SELECT {SIGHTING_COLUMNS} FROM sightings WHERE clash_id = $1 ORDER BY seen_at, id"
        ))
        .bind(clash_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(sighting_from_row).collect()
    }

    /// This server's links at `url` still being read: (channel, state,
    /// attempts, last error, next attempt), oldest first.
    pub async fn reads_in_flight(&self, url: &str, guild_id: i64) -> Result<Vec<ReadInFlight>> {
        let rows = sqlx::query(
            "SELECT channel_id, state, attempts, error, next_attempt_at FROM jobs \
             WHERE url = $1 AND guild_id = $2 AND state IN ('queued', 'running') \
             ORDER BY created_at, id",
        )
        .bind(url)
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReadInFlight {
                    channel_id: r.try_get("channel_id")?,
                    running: r.try_get::<String, _>("state")? == "running",
                    attempts: r.try_get("attempts")?,
                    error: r.try_get("error")?,
                    next_attempt_at: r.try_get("next_attempt_at")?,
                })
            })
            .collect()
    }

    /// Add a line to the alert log.
    pub async fn log_alert(
        &self,
        subscription_id: i64,
        clash_id: i64,
        channel_id: i64,
        event: &str,
        detail: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO alert_log (subscription_id, clash_id, channel_id, event, detail, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(subscription_id)
        .bind(clash_id)
        .bind(channel_id)
        .bind(event)
        .bind(detail)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The alert log of a clash in one server, oldest first.
    pub async fn alert_log(&self, guild_id: i64, clash_id: i64) -> Result<Vec<AlertEvent>> {
        let rows = sqlx::query(
            "SELECT l.subscription_id, l.channel_id, l.event, l.detail, l.at FROM alert_log l \
             JOIN subscriptions s ON s.id = l.subscription_id \
             WHERE l.clash_id = $1 AND s.guild_id = $2 ORDER BY l.at, l.id",
        )
        .bind(clash_id)
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AlertEvent {
                    subscription_id: r.try_get("subscription_id")?,
                    channel_id: r.try_get("channel_id")?,
                    event: r.try_get("event")?,
                    detail: r.try_get("detail")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }

    /// Each of a server's subscriptions with what decides its alert for
    /// one clash.
    pub async fn subscription_states(
        &self,
        guild_id: i64,
        clash_id: i64,
    ) -> Result<Vec<SubscriptionState>> {
        let trusted = super::trust::trusted_sql("cs.article_id", "s.guild_id");
        let rows = sqlx::query(&format!(
            "SELECT s.id, s.guild_id, s.channel_id, s.region, s.min_killed, s.role_id, s.paused, \
             s.paused_reason, \
             CASE WHEN EXISTS (SELECT 1 FROM clash_regions r WHERE r.clash_id = $1 \
               AND r.region = s.region) THEN 1 ELSE 0 END AS in_region, \
             (SELECT MAX(cs.killed) FROM clash_sources cs WHERE cs.clash_id = $2 \
               AND {trusted}) AS trusted_max, \
             d.state AS d_state, d.message_id AS d_message, d.error AS d_error, \
             ac.next_post_at \
             FROM subscriptions s \
             LEFT JOIN deliveries d ON d.subscription_id = s.id AND d.clash_id = $3 \
             LEFT JOIN alert_channels ac ON ac.channel_id = s.channel_id \
             WHERE s.guild_id = $4 ORDER BY s.channel_id, s.region"
        ))
        .bind(clash_id)
        .bind(clash_id)
        .bind(clash_id)
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let state: Option<String> = r.try_get("d_state")?;
                Ok(SubscriptionState {
                    subscription: Subscription {
                        id: r.try_get("id")?,
                        guild_id: r.try_get("guild_id")?,
                        channel_id: r.try_get("channel_id")?,
                        region: r.try_get("region")?,
                        min_killed: r.try_get("min_killed")?,
                        role_id: r.try_get("role_id")?,
                        paused: r.try_get::<i64, _>("paused")? != 0,
                        paused_reason: r.try_get("paused_reason")?,
                    },
                    in_region: r.try_get::<i64, _>("in_region")? != 0,
                    trusted_killed_max: r.try_get("trusted_max")?,
                    delivery: match state {
                        Some(st) => Some((st, r.try_get("d_message")?, r.try_get("d_error")?)),
                        None => None,
                    },
                    next_post_at: r.try_get("next_post_at")?,
                })
            })
            .collect()
    }

    /// Prune sightings that made no clash and alert log lines older than
    /// `cutoff`, up to `batch` of each. Sightings of a clash stay with it.
    pub(super) async fn prune_trust_log(&self, cutoff: i64, batch: i64) -> Result<u64> {
        let sightings = sqlx::query(
            "DELETE FROM sightings WHERE id IN (SELECT id FROM sightings \
               WHERE clash_id IS NULL AND seen_at < $1 ORDER BY seen_at LIMIT $2)",
        )
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let log = sqlx::query(
            "DELETE FROM alert_log WHERE id IN (SELECT id FROM alert_log \
               WHERE at < $1 ORDER BY at LIMIT $2)",
        )
        .bind(cutoff)
        .bind(batch)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(sightings + log)
    }
}
