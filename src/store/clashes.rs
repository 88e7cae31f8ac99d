//! Clash events and their sources.

use chrono::NaiveDate;
use sqlx::Row;

use super::{now, Result, Store, StoreError};
use crate::clashes::{short_id, ClashSummary, Range};

/// A stored clash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClashRow {
    pub id: i64,
    pub short_id: String,
    pub summary: ClashSummary,
    pub sources: i64,
    pub first_seen: i64,
}

fn event_at(summary: &ClashSummary, fallback: i64) -> i64 {
    summary
        .event_date
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(fallback)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

const CLASH_COLUMNS: &str = "c.id, c.short_id, c.event_date, c.title, c.countries, c.regions, \
     c.parties, c.places, c.killed_min, c.killed_max, c.injured_min, c.injured_max, c.sources, \
     c.url, c.first_seen";

fn clash_from_row(row: &sqlx::any::AnyRow) -> Result<ClashRow> {
    let range = |a: &str, b: &str| -> Result<Range> {
        Ok(Range {
            min: u32::try_from(row.try_get::<i64, _>(a)?).unwrap_or(0),
            max: u32::try_from(row.try_get::<i64, _>(b)?).unwrap_or(0),
        })
    };
    let event_date: Option<String> = row.try_get("event_date")?;
    Ok(ClashRow {
        id: row.try_get("id")?,
        short_id: row.try_get("short_id")?,
        summary: ClashSummary {
            event_date: event_date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            title: row.try_get("title")?,
            countries: parse(&row.try_get::<String, _>("countries")?)?,
            regions: parse(&row.try_get::<String, _>("regions")?)?,
            parties: parse(&row.try_get::<String, _>("parties")?)?,
            places: parse(&row.try_get::<String, _>("places")?)?,
            killed: range("killed_min", "killed_max")?,
            injured: range("injured_min", "injured_max")?,
            url: row.try_get("url")?,
        },
        sources: row.try_get("sources")?,
        first_seen: row.try_get("first_seen")?,
    })
}

impl Store {
    /// Record a new clash whose first source is `article_id`; if the article
    /// already belongs to a clash, that clash is returned unchanged.
    pub async fn record_clash(&self, article_id: i64, summary: &ClashSummary) -> Result<ClashRow> {
        if let Some(existing) = self.clash_of_article(article_id).await? {
            return Ok(existing);
        }
        let t = now();
        let at = event_at(summary, t);
        let mut tx = self.pool.begin().await?;
        // The short id needs the row id: insert with a placeholder, then set it.
        let id: i64 = sqlx::query(
            "INSERT INTO clashes (short_id, event_date, event_at, title, countries, regions, parties, \
             places, killed_min, killed_max, injured_min, injured_max, sources, url, first_seen, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15) RETURNING id",
        )
        .bind(format!("pending-{article_id}-{t}"))
        .bind(summary.event_date.map(|d| d.to_string()))
        .bind(at)
        .bind(&summary.title)
        .bind(json(&summary.countries)?)
        .bind(json(&summary.regions)?)
        .bind(json(&summary.parties)?)
        .bind(json(&summary.places)?)
        .bind(i64::from(summary.killed.min))
        .bind(i64::from(summary.killed.max))
        .bind(i64::from(summary.injured.min))
        .bind(i64::from(summary.injured.max))
        .bind(&summary.url)
        .bind(t)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        sqlx::query("UPDATE clashes SET short_id = $1 WHERE id = $2")
            .bind(short_id(id))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO clash_sources (clash_id, article_id, added_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(article_id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
        // Countries too, so `/clashes recent region:Armenia` works.
        for region in summary.regions.iter().chain(&summary.countries) {
            sqlx::query(
                "INSERT INTO clash_regions (clash_id, region, event_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(region)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.clash_by_id(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("clash {id} vanished after insert")))
    }

    pub async fn clash_of_article(&self, article_id: i64) -> Result<Option<ClashRow>> {
        let row = sqlx::query(&format!(
            "SELECT {CLASH_COLUMNS} FROM clashes c JOIN clash_sources s ON s.clash_id = c.id \
             WHERE s.article_id = $1"
        ))
        .bind(article_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(clash_from_row).transpose()
    }

    pub async fn clash_by_id(&self, id: i64) -> Result<Option<ClashRow>> {
        let row = sqlx::query(&format!(
            "SELECT {CLASH_COLUMNS} FROM clashes c WHERE c.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(clash_from_row).transpose()
    }

    /// The clash people know by `short_id` (case-insensitive).
    pub async fn clash_by_short_id(&self, short: &str) -> Result<Option<ClashRow>> {
        let row = sqlx::query(&format!(
            "SELECT {CLASH_COLUMNS} FROM clashes c WHERE c.short_id = $1"
        ))
        .bind(short.trim().to_ascii_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(clash_from_row).transpose()
    }

    /// Clashes that happened at or after `since` (Unix seconds), newest
    /// first, optionally only those in `region` (any level of the taxonomy).
    pub async fn recent_clashes(
        &self,
        region: Option<&str>,
        since: i64,
        limit: i64,
    ) -> Result<Vec<ClashRow>> {
        let rows = match region {
            Some(region) => {
                sqlx::query(&format!(
                "SELECT {CLASH_COLUMNS} FROM clash_regions r JOIN clashes c ON c.id = r.clash_id \
                     WHERE r.region = $1 AND r.event_at >= $2 \
                     ORDER BY r.event_at DESC, r.clash_id DESC LIMIT $3"
            ))
                .bind(region)
                .bind(since)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {CLASH_COLUMNS} FROM clashes c WHERE c.event_at >= $1 \
                     ORDER BY c.event_at DESC, c.id DESC LIMIT $2"
                ))
                .bind(since)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(clash_from_row).collect()
    }

    /// The ids of the articles behind a clash, oldest first.
    pub async fn clash_sources(&self, clash_id: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT article_id FROM clash_sources WHERE clash_id = $1 ORDER BY added_at, article_id",
        )
        .bind(clash_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("article_id").map_err(Into::into))
            .collect()
    }
}
