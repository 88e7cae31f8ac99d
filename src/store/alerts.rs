//! Region subscriptions and alert deliveries.
//!
//! A delivery row is written for each (subscription, clash) before anything
//! is sent, so a crash or restart neither loses nor repeats an alert: a row
//! is `pending` (to post), `sending` (leased to a sender), `sent` (with the
//! message id and the figures it shows), `edit` (sent, figures changed since)
//! or `failed` (the channel is gone; its subscription is paused).

use sqlx::{Any, Row, Transaction};

use super::{now, Backend, Result, Store};
use crate::clashes::Range;

/// One channel's subscription to one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub guild_id: i64,
    pub channel_id: i64,
    pub region: String,
    pub min_killed: i64,
    pub role_id: Option<i64>,
    pub paused: bool,
    pub paused_reason: Option<String>,
}

/// A subscription as a moderator asks for it. `Store::subscribe` takes the
/// region's canonical name.
#[derive(Debug, Clone, Copy)]
pub struct NewSubscription<'a> {
    pub guild_id: i64,
    pub channel_id: i64,
    pub region: &'a str,
    pub min_killed: i64,
    pub role_id: Option<i64>,
    /// The moderator's user id.
    pub by: i64,
}

/// What `/alerts subscribe` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscribed {
    Added,
    /// The channel already had this region: its threshold and role changed.
    Updated,
    /// The server has `cap` subscriptions already.
    AtCap(i64),
}

/// An alert to post or edit, leased to one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub subscription_id: i64,
    pub clash_id: i64,
    pub channel_id: i64,
    pub role_id: Option<i64>,
    /// Set when the alert was posted: edit this message.
    pub message_id: Option<i64>,
    /// Figures the posted alert shows, to mark what changed.
    pub shown: Option<(Range, Range, i64)>,
    /// Failed sends so far (waiting for the channel's spacing and editing
    /// are not attempts).
    pub attempts: i64,
    /// The claim's token: outcomes are recorded only under it.
    pub token: String,
    /// When the delivery was queued (Unix seconds): a message posted before
    /// it can't be this alert.
    pub queued_at: i64,
    /// An earlier sender may have posted it and died before recording it.
    pub in_doubt: bool,
}

/// `error` of a delivery whose post may have reached Discord unrecorded.
const IN_DOUBT: &str = "in doubt";

const SUBSCRIPTION_COLUMNS: &str =
    "id, guild_id, channel_id, region, min_killed, role_id, paused, paused_reason";

fn subscription_from_row(r: &sqlx::any::AnyRow) -> Result<Subscription> {
    Ok(Subscription {
        id: r.try_get("id")?,
        guild_id: r.try_get("guild_id")?,
        channel_id: r.try_get("channel_id")?,
        region: r.try_get("region")?,
        min_killed: r.try_get("min_killed")?,
        role_id: r.try_get("role_id")?,
        paused: r.try_get::<i64, _>("paused")? != 0,
        paused_reason: r.try_get("paused_reason")?,
    })
}

fn range(r: &sqlx::any::AnyRow, min: &str, max: &str) -> Result<Option<Range>> {
    let lo: Option<i64> = r.try_get(min)?;
    let hi: Option<i64> = r.try_get(max)?;
    Ok(lo.zip(hi).map(|(lo, hi)| Range {
        min: u32::try_from(lo).unwrap_or(0),
        max: u32::try_from(hi).unwrap_or(0),
    }))
}

impl Store {
    /// Subscribe a channel to a region (its canonical name), or change the
    /// threshold and role of an existing subscription.
    pub async fn subscribe(&self, sub: &NewSubscription<'_>, cap: i64) -> Result<Subscribed> {
        let NewSubscription {
            guild_id,
            channel_id,
            region,
            min_killed,
            role_id,
            by,
        } = *sub;
        let updated = sqlx::query(
            "UPDATE subscriptions SET min_killed = $1, role_id = $2 \
             WHERE channel_id = $3 AND region = $4 AND guild_id = $5",
        )
        .bind(min_killed)
        .bind(role_id)
        .bind(channel_id)
        .bind(region)
        .bind(guild_id)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() > 0 {
            return Ok(Subscribed::Updated);
        }
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM subscriptions WHERE guild_id = $1")
            .bind(guild_id)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        if n >= cap {
            return Ok(Subscribed::AtCap(cap));
        }
        sqlx::query(
            "INSERT INTO subscriptions (guild_id, channel_id, region, min_killed, role_id, paused, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7) \
             ON CONFLICT (channel_id, region) DO NOTHING",
        )
        .bind(guild_id)
        .bind(channel_id)
        .bind(region)
        .bind(min_killed)
        .bind(role_id)
        .bind(by)
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(Subscribed::Added)
    }

    /// `false` when the channel had no such subscription.
    pub async fn unsubscribe(&self, guild_id: i64, channel_id: i64, region: &str) -> Result<bool> {
        let r = sqlx::query(
            "DELETE FROM subscriptions WHERE guild_id = $1 AND channel_id = $2 AND region = $3",
        )
        .bind(guild_id)
        .bind(channel_id)
        .bind(region)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// A server's subscriptions, by channel then region.
    pub async fn subscriptions(&self, guild_id: i64) -> Result<Vec<Subscription>> {
        let rows = sqlx::query(&format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE guild_id = $1 \
             ORDER BY channel_id, region"
        ))
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(subscription_from_row).collect()
    }

    /// Pause (with a reason) or resume every subscription of a channel.
    /// Returns how many changed.
    pub async fn set_channel_paused(
        &self,
        guild_id: Option<i64>,
        channel_id: i64,
        paused: bool,
        reason: Option<&str>,
    ) -> Result<u64> {
        let r = sqlx::query(
            "UPDATE subscriptions SET paused = $1, paused_reason = $2 \
             WHERE channel_id = $3 AND ($4 = 0 OR guild_id = $5) AND paused <> $6",
        )
        .bind(i64::from(paused))
        .bind(reason.filter(|_| paused))
        .bind(channel_id)
        .bind(i64::from(guild_id.is_some()))
        .bind(guild_id.unwrap_or(0))
        .bind(i64::from(paused))
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected())
    }

    /// Queue the alerts a clash earns now (see [`queue_alerts_in`]).
    pub async fn queue_alerts(&self, clash_id: i64) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = queue_alerts_in(&mut tx, clash_id).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Lease the next alert due to be posted or edited to the claim `token`
    /// for `lease_secs`, in one statement (two senders never pick the same
    /// row). Per channel, kept in the store so every process agrees: one
    /// alert at a time, new alerts in the order their clashes earned them,
    /// and no new alert before the channel's spacing (`alert_channels`)
    /// allows. Edits, and a second subscription's share of a message
    /// already posted, are not held back by the spacing. A lease that ran
    /// out (its sender died) makes the delivery due again, in doubt.
    pub async fn take_delivery(&self, token: &str, lease_secs: i64) -> Result<Option<Delivery>> {
        // On PostgreSQL two senders could otherwise both pass the "no other
        // alert of this channel in flight" test (it reads rows the other is
        // leasing in a snapshot that doesn't show the lease yet). Claims take
        // one short statement each, so one lock for all of them costs little;
        // SQLite's writers are serialized already.
        let t = now();
        let lock = match self.backend {
            Backend::Postgres => "FOR UPDATE OF d SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let open = "('pending', 'sending', 'edit')";
        let sql = format!(
            "UPDATE deliveries SET locked_until = $1, locked_by = $2, \
             state = CASE WHEN state = 'pending' THEN 'sending' ELSE state END \
             WHERE (subscription_id, clash_id) = ( \
               SELECT d.subscription_id, d.clash_id FROM deliveries d \
               WHERE d.state IN {open} AND d.next_attempt_at <= $3 AND d.locked_until < $4 \
               AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.channel_id = d.channel_id \
                   AND o.state IN {open} AND o.locked_until >= $5) \
               AND (d.state = 'edit' OR d.message_id IS NOT NULL \
                 OR EXISTS (SELECT 1 FROM deliveries p WHERE p.channel_id = d.channel_id \
                   AND p.clash_id = d.clash_id AND p.message_id IS NOT NULL) \
                 OR (NOT EXISTS (SELECT 1 FROM alert_channels ac \
                       WHERE ac.channel_id = d.channel_id AND ac.next_post_at > $6) \
                   AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.channel_id = d.channel_id \
                       AND o.state IN ('pending', 'sending') AND o.message_id IS NULL \
                       AND (o.created_at < d.created_at OR (o.created_at = d.created_at \
                         AND (o.clash_id < d.clash_id OR (o.clash_id = d.clash_id \
                           AND o.subscription_id < d.subscription_id))))))) \
               ORDER BY d.next_attempt_at, d.created_at, d.clash_id, d.subscription_id \
               LIMIT 1 {lock}) \
             AND locked_until < $7 \
             RETURNING subscription_id, clash_id"
        );
        let query = sqlx::query_as::<_, (i64, i64)>(&sql)
            .bind(t + lease_secs)
            .bind(token)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(t)
            .bind(t);
        let taken = match self.backend {
            Backend::Postgres => {
                let mut tx = self.begin_write().await?;
                self.cluster_lock(&mut tx, super::cluster::LOCK_ALERT_CLAIM)
                    .await?;
                let taken = query.fetch_optional(&mut *tx).await?;
                tx.commit().await?;
                taken
            }
            Backend::Sqlite => query.fetch_optional(&self.pool).await?,
        };
        let Some((sub, clash)) = taken else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT d.subscription_id, d.clash_id, d.channel_id, d.message_id, d.attempts, \
             d.shown_killed_min, d.shown_killed_max, d.shown_injured_min, d.shown_injured_max, \
             d.shown_sources, d.created_at, d.error, s.role_id FROM deliveries d \
             JOIN subscriptions s ON s.id = d.subscription_id \
             WHERE d.subscription_id = $1 AND d.clash_id = $2",
        )
        .bind(sub)
        .bind(clash)
        .fetch_one(&self.pool)
        .await?;
        let killed = range(&row, "shown_killed_min", "shown_killed_max")?;
        let injured = range(&row, "shown_injured_min", "shown_injured_max")?;
        let sources: Option<i64> = row.try_get("shown_sources")?;
        Ok(Some(Delivery {
            subscription_id: sub,
            clash_id: clash,
            channel_id: row.try_get("channel_id")?,
            role_id: row.try_get("role_id")?,
            message_id: row.try_get("message_id")?,
            shown: killed
                .zip(injured)
                .zip(sources)
                .map(|((k, i), s)| (k, i, s)),
            attempts: row.try_get("attempts")?,
            token: token.to_string(),
            queued_at: row.try_get("created_at")?,
            in_doubt: row.try_get::<Option<String>, _>("error")?.as_deref() == Some(IN_DOUBT),
        }))
    }

    /// The sender is about to post a new alert: if it dies before recording
    /// the message, the next sender looks for it in the channel first.
    pub async fn delivery_posting(&self, d: &Delivery) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE deliveries SET error = $1 WHERE subscription_id = $2 AND clash_id = $3 \
             AND locked_by = $4",
        )
        .bind(IN_DOUBT)
        .bind(d.subscription_id)
        .bind(d.clash_id)
        .bind(&d.token)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The alert message already posted for this clash in this channel by
    /// another subscription (one clash is one message per channel).
    pub async fn alert_in_channel(&self, channel_id: i64, clash_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT message_id FROM deliveries WHERE channel_id = $1 AND clash_id = $2 \
             AND message_id IS NOT NULL LIMIT 1",
        )
        .bind(channel_id)
        .bind(clash_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => r.try_get("message_id")?,
            None => None,
        })
    }

    /// The alert is posted (or edited) and shows these figures. Every
    /// delivery of the clash in that channel shares the message. `posted`:
    /// a new message went out, so the channel's next new alert waits
    /// `spacing_secs`. `false` when `d`'s claim no longer holds the lease.
    pub async fn delivery_sent(
        &self,
        d: &Delivery,
        message_id: i64,
        shown: (Range, Range, i64),
        posted: bool,
        spacing_secs: i64,
    ) -> Result<bool> {
        let (killed, injured, sources) = shown;
        let mut tx = self.begin_write().await?;
        let t = now();
        let held = sqlx::query(
            "UPDATE deliveries SET locked_until = 0, locked_by = NULL \
             WHERE subscription_id = $1 AND clash_id = $2 AND locked_by = $3",
        )
        .bind(d.subscription_id)
        .bind(d.clash_id)
        .bind(&d.token)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE deliveries SET state = 'sent', message_id = $1, shown_killed_min = $2, \
             shown_killed_max = $3, shown_injured_min = $4, shown_injured_max = $5, \
             shown_sources = $6, error = NULL, updated_at = $7 \
             WHERE channel_id = $8 AND clash_id = $9 AND state <> 'failed' \
             AND (locked_until < $10 OR (subscription_id = $11))",
        )
        .bind(message_id)
        .bind(i64::from(killed.min))
        .bind(i64::from(killed.max))
        .bind(i64::from(injured.min))
        .bind(i64::from(injured.max))
        .bind(sources)
        .bind(t)
        .bind(d.channel_id)
        .bind(d.clash_id)
        .bind(t)
        .bind(d.subscription_id)
        .execute(&mut *tx)
        .await?;
        if posted && spacing_secs > 0 {
            sqlx::query(
                "INSERT INTO alert_channels (channel_id, next_post_at) VALUES ($1, $2) \
                 ON CONFLICT (channel_id) DO UPDATE SET next_post_at = excluded.next_post_at",
            )
            .bind(d.channel_id)
            .bind(t + spacing_secs)
            .execute(&mut *tx)
            .await?;
        }
        // A source may have joined while this was being sent.
        mark_stale(&mut tx, d.clash_id, t).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A failed send: try again at `retry_at`; counts as an attempt.
    /// `in_doubt`: the request may have reached Discord (5xx, timeout).
    pub async fn delivery_retry(
        &self,
        d: &Delivery,
        retry_at: i64,
        error: &str,
        in_doubt: bool,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE deliveries SET next_attempt_at = $1, locked_until = 0, locked_by = NULL, \
             attempts = attempts + 1, error = $2, updated_at = $3, \
             state = CASE WHEN state = 'sending' AND $4 = 0 THEN 'pending' ELSE state END \
             WHERE subscription_id = $5 AND clash_id = $6 AND locked_by = $7",
        )
        .bind(retry_at)
        .bind(if in_doubt { IN_DOUBT } else { error })
        .bind(now())
        .bind(i64::from(in_doubt))
        .bind(d.subscription_id)
        .bind(d.clash_id)
        .bind(&d.token)
        .execute(&self.pool)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// The posted alert was deleted (a moderator removed it): forget the
    /// message in this channel, so the next send posts a fresh one.
    pub async fn forget_alert_message(&self, d: &Delivery) -> Result<()> {
        sqlx::query(
            "UPDATE deliveries SET message_id = NULL, shown_killed_min = NULL, \
             shown_killed_max = NULL, shown_injured_min = NULL, shown_injured_max = NULL, \
             shown_sources = NULL, state = CASE WHEN state = 'failed' THEN state ELSE 'pending' END \
             WHERE channel_id = $1 AND clash_id = $2 AND subscription_id <> $3",
        )
        .bind(d.channel_id)
        .bind(d.clash_id)
        .bind(d.subscription_id)
        .execute(&self.pool)
        .await?;
        sqlx::query(
            "UPDATE deliveries SET message_id = NULL, state = 'sending' \
             WHERE subscription_id = $1 AND clash_id = $2 AND locked_by = $3",
        )
        .bind(d.subscription_id)
        .bind(d.clash_id)
        .bind(&d.token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The channel can't be posted to: stop this delivery and pause the
    /// channel's subscriptions with the reason, so they are not retried
    /// forever.
    pub async fn delivery_failed(&self, d: &Delivery, reason: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE deliveries SET state = 'failed', locked_until = 0, locked_by = NULL, \
             error = $1, updated_at = $2 \
             WHERE channel_id = $3 AND state IN ('pending', 'sending', 'edit')",
        )
        .bind(reason)
        .bind(now())
        .bind(d.channel_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE subscriptions SET paused = 1, paused_reason = $1 WHERE channel_id = $2",
        )
        .bind(reason)
        .bind(d.channel_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Give up on one alert after repeated temporary failures; the
    /// subscription stays active.
    pub async fn delivery_failed_once(&self, d: &Delivery, reason: &str) -> Result<()> {
        sqlx::query(
            "UPDATE deliveries SET state = 'failed', locked_until = 0, locked_by = NULL, \
             error = $1, updated_at = $2 \
             WHERE subscription_id = $3 AND clash_id = $4 AND locked_by = $5",
        )
        .bind(reason)
        .bind(now())
        .bind(d.subscription_id)
        .bind(d.clash_id)
        .bind(&d.token)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many alerts were delivered (or are due) to a channel; for tests and
    /// `/alerts list`.
    pub async fn deliveries_in_channel(&self, channel_id: i64) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT clash_id, state FROM deliveries WHERE channel_id = $1 ORDER BY created_at, clash_id",
        )
        .bind(channel_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("clash_id")?, r.try_get("state")?)))
            .collect()
    }
}

/// Queue the alerts a clash now earns: one per active subscription to a
/// region it falls in whose threshold the highest killed figure of the
/// sources its server trusts meets (no trusted source, no alert: see
/// `store::trust`), unless that (subscription, clash) has a delivery
/// already. Alerts already posted that show other figures than their
/// server's trusted sources give now are marked for an edit.
/// Runs in the transaction that records the clash, so a crash can't record
/// a clash and lose its alerts. Returns how many deliveries were added or
/// marked.
pub(super) async fn queue_alerts_in(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
) -> Result<u64> {
    let t = now();
    let added = sqlx::query(super::trust::QUEUE_TRUSTED_ALERTS)
        .bind(clash_id)
        .bind(t)
        .bind(t)
        .bind(t)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    // Posted alerts showing other figures than the clash has now are edited.
    let marked = mark_stale(tx, clash_id, t).await?;
    Ok(added + marked)
}

/// Mark for an edit the posted alerts of a clash whose figures or source
/// count differ from what their server's trusted sources give now.
async fn mark_stale(tx: &mut Transaction<'static, Any>, clash_id: i64, t: i64) -> Result<u64> {
    super::trust::mark_stale_trusted(tx, clash_id, t).await
}
