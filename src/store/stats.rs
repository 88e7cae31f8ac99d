//! The `/clashes stats` rollup: per region and day, the sums of the clashes'
//! ranges, and per side the sums of each clash's range over the sources that
//! name it (tables `clash_stats_days` and `clash_stats_sides`, migration
//! 0008). A clash's share is added in the transaction that records it, and
//! taken out and added again when a source joins it, so the command reads at
//! most a few rows per day and side however many clashes there are.
//!
//! Anything that deletes or rewrites a clash, its sources or its regions must
//! do it between [`remove_clash`] and [`add_clash`] in one transaction, or
//! call [`Store::rebuild_clash_stats`].

use chrono::NaiveDate;
use sqlx::{Any, Row, Transaction};

use super::{Backend, Result, Store};
use crate::clashes::stats::{self, Stats};
use crate::clashes::Range;

/// Days since 1970-01-01 of a Unix time, rounded down (SQL's `/` and `%`
/// truncate toward zero; an event before 1970 still lands on its own day).
const DAY: &str = "(c.event_at - ((c.event_at % 86400) + 86400) % 86400) / 86400";

/// The region key that holds every clash.
pub const ALL_REGIONS: &str = "";

/// Each side one clash's sources name, with its range over them.
fn side_ranges_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "SELECT json_extract(j.value, '$.side') AS side, \
             MIN(json_extract(j.value, '$.killed')) AS killed_min, \
             MAX(json_extract(j.value, '$.killed')) AS killed_max, \
             MIN(json_extract(j.value, '$.injured')) AS injured_min, \
             MAX(json_extract(j.value, '$.injured')) AS injured_max \
             FROM clash_sources s, json_each(s.sides) j WHERE s.clash_id = $1 \
             GROUP BY json_extract(j.value, '$.side')"
        }
        Backend::Postgres => {
            "SELECT j->>'side' AS side, \
             MIN((j->>'killed')::BIGINT) AS killed_min, MAX((j->>'killed')::BIGINT) AS killed_max, \
             MIN((j->>'injured')::BIGINT) AS injured_min, MAX((j->>'injured')::BIGINT) AS injured_max \
             FROM clash_sources s, jsonb_array_elements(s.sides::jsonb) j WHERE s.clash_id = $1 \
             GROUP BY j->>'side'"
        }
    }
}

/// The clash's regions and the all-clashes key.
const REGIONS: &str =
    "SELECT region FROM clash_regions WHERE clash_id = $1 UNION ALL SELECT '' AS region";

/// Add `sign` (1 or -1) times clash `clash_id`'s share to the rollup.
async fn apply(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    clash_id: i64,
    sign: i64,
) -> Result<()> {
    // `WHERE` before `ON CONFLICT` also keeps SQLite from reading the
    // conflict clause as a join constraint.
    sqlx::query(&format!(
        "INSERT INTO clash_stats_days (region, day, clashes, killed_min, killed_max, injured_min, \
         injured_max) \
         SELECT r.region, {DAY}, $2, $2 * c.killed_min, $2 * c.killed_max, $2 * c.injured_min, \
         $2 * c.injured_max FROM clashes c CROSS JOIN ({REGIONS}) r WHERE c.id = $1 \
         ON CONFLICT (region, day) DO UPDATE SET clashes = clash_stats_days.clashes + excluded.clashes, \
         killed_min = clash_stats_days.killed_min + excluded.killed_min, \
         killed_max = clash_stats_days.killed_max + excluded.killed_max, \
         injured_min = clash_stats_days.injured_min + excluded.injured_min, \
         injured_max = clash_stats_days.injured_max + excluded.injured_max"
    ))
    .bind(clash_id)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO clash_stats_sides (region, day, side, clashes, killed_min, killed_max, \
         injured_min, injured_max) \
         SELECT r.region, {DAY}, k.side, $2, $2 * k.killed_min, $2 * k.killed_max, \
         $2 * k.injured_min, $2 * k.injured_max \
         FROM clashes c CROSS JOIN ({REGIONS}) r CROSS JOIN ({}) k WHERE c.id = $1 \
         ON CONFLICT (region, day, side) DO UPDATE SET \
         clashes = clash_stats_sides.clashes + excluded.clashes, \
         killed_min = clash_stats_sides.killed_min + excluded.killed_min, \
         killed_max = clash_stats_sides.killed_max + excluded.killed_max, \
         injured_min = clash_stats_sides.injured_min + excluded.injured_min, \
         injured_max = clash_stats_sides.injured_max + excluded.injured_max",
        side_ranges_sql(backend)
    ))
    .bind(clash_id)
    .bind(sign)
    .execute(&mut **tx)
    .await?;
    if sign < 0 {
        // Rows no clash counts in any more: only this clash's regions and day.
        for table in ["clash_stats_days", "clash_stats_sides"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE clashes = 0 AND region IN ({REGIONS}) \
                 AND day = (SELECT {DAY} FROM clashes c WHERE c.id = $1)"
            ))
            .bind(clash_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Count clash `clash_id` as it now stands (its row, sources and regions).
pub(super) async fn add_clash(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    clash_id: i64,
) -> Result<()> {
    apply(tx, backend, clash_id, 1).await
}

/// Stop counting clash `clash_id` as it now stands.
pub(super) async fn remove_clash(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    clash_id: i64,
) -> Result<()> {
    apply(tx, backend, clash_id, -1).await
}

fn figure(r: &sqlx::any::AnyRow, name: &str) -> Result<u32> {
    // Sums past u32 saturate, as the in-memory sums do.
    let v: i64 = r.try_get(name)?;
    Ok(u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

fn ranges(r: &sqlx::any::AnyRow) -> Result<(Range, Range)> {
    Ok((
        Range {
            min: figure(r, "killed_min")?,
            max: figure(r, "killed_max")?,
        },
        Range {
            min: figure(r, "injured_min")?,
            max: figure(r, "injured_max")?,
        },
    ))
}

fn day_number(d: NaiveDate) -> i64 {
    (d - NaiveDate::default()).num_days()
}

impl Store {
    /// `/clashes stats` for the clashes dated `from..=to` (UTC days),
    /// optionally only those in `region`: read from the rollup, never from
    /// the clashes themselves.
    pub async fn clash_stats(
        &self,
        region: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Stats> {
        let (from, to) = if from <= to { (from, to) } else { (to, from) };
        let region = region.unwrap_or(ALL_REGIONS);
        let days = sqlx::query(
            "SELECT day, clashes, killed_min, killed_max, injured_min, injured_max \
             FROM clash_stats_days WHERE region = $1 AND day >= $2 AND day <= $3",
        )
        .bind(region)
        .bind(day_number(from))
        .bind(day_number(to))
        .fetch_all(&self.pool)
        .await?;
        let sides = sqlx::query(
            "SELECT side, CAST(SUM(clashes) AS BIGINT) AS clashes, \
             CAST(SUM(killed_min) AS BIGINT) AS killed_min, \
             CAST(SUM(killed_max) AS BIGINT) AS killed_max, \
             CAST(SUM(injured_min) AS BIGINT) AS injured_min, \
             CAST(SUM(injured_max) AS BIGINT) AS injured_max \
             FROM clash_stats_sides WHERE region = $1 AND day >= $2 AND day <= $3 \
             GROUP BY side",
        )
        .bind(region)
        .bind(day_number(from))
        .bind(day_number(to))
        .fetch_all(&self.pool)
        .await?;
        let epoch = NaiveDate::default();
        let days = days
            .iter()
            .map(|r| {
                let (killed, injured) = ranges(r)?;
                Ok((
                    epoch + chrono::Duration::days(r.try_get::<i64, _>("day")?),
                    stats::DayStats {
                        clashes: figure(r, "clashes")?,
                        killed,
                        injured,
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let sides = sides
            .iter()
            .map(|r| {
                let (killed, injured) = ranges(r)?;
                Ok(stats::SideTotals {
                    side: r.try_get("side")?,
                    clashes: figure(r, "clashes")?,
                    killed,
                    injured,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(stats::from_totals(from, to, days, sides))
    }

    /// Recompute the whole rollup from the clashes: after a bulk load, or if
    /// something changed clashes without keeping it (see the module note).
    pub async fn rebuild_clash_stats(&self) -> Result<()> {
        let migration = match self.backend {
            Backend::Sqlite => include_str!("../../migrations/sqlite/0008_scale_stats.sql"),
            Backend::Postgres => include_str!("../../migrations/postgres/0008_scale_stats.sql"),
        };
        // The migration's own backfill, so there is one copy of it.
        let backfill = migration
            .split_once(BACKFILL_MARK)
            .map(|(_, sql)| sql)
            .ok_or_else(|| {
                super::StoreError::Corrupt("migration 0008 has no backfill section".into())
            })?;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM clash_stats_days")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM clash_stats_sides")
            .execute(&mut *tx)
            .await?;
        for statement in backfill.split(';').filter(|s| !s.trim().is_empty()) {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

const BACKFILL_MARK: &str = "-- Backfill from the clashes already stored.";
