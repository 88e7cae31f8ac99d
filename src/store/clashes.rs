//! Clash events and their sources.

use chrono::NaiveDate;
use sqlx::Row;

use sqlx::{Any, Transaction};

use super::{now, Backend, Result, Store, StoreError};
use crate::clashes::stats::ClashPoint;
use crate::clashes::{merge, range_of, short_id, ClashSummary, Range, SideCount, SourceFigures};

/// What recording an article did to the clashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashChange {
    /// The article reports a clash not known before.
    New,
    /// It joined a known clash; `figures_changed` when the clash's headline
    /// figures moved.
    Joined { figures_changed: bool },
    /// It was already a source (a retried job).
    Known,
}

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

pub(super) fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

const CLASH_COLUMNS: &str = "c.id, c.short_id, c.event_date, c.title, c.countries, c.regions, \
     c.parties, c.places, c.killed_min, c.killed_max, c.injured_min, c.injured_max, c.sources, \
     c.url, c.first_seen, c.terms";

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
            terms: parse(&row.try_get::<String, _>("terms")?)?,
        },
        sources: row.try_get("sources")?,
        first_seen: row.try_get("first_seen")?,
    })
}

impl Store {
    /// Record `article_id` as a source of a clash: the known clash it
    /// reports (same parties and places, dates within a day), else a new
    /// one. A retry for an article already recorded changes nothing.
    pub async fn add_to_clash(
        &self,
        article_id: i64,
        summary: &ClashSummary,
        source: &SourceFigures,
    ) -> Result<(ClashRow, ClashChange)> {
        if let Some(existing) = self.clash_of_article(article_id).await? {
            return Ok((existing, ClashChange::Known));
        }
        // Finding the clash and joining it must be one step, or two reports
        // of one event read at the same time would make two clashes.
        let _one_at_a_time = self.clash_lock.lock().await;
        let mut tx = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            // The same across processes sharing the database.
            sqlx::query("SELECT pg_advisory_xact_lock(7261001)")
                .execute(&mut *tx)
                .await?;
        }
        let known = sqlx::query(&format!(
            "SELECT {CLASH_COLUMNS} FROM clashes c JOIN clash_sources s ON s.clash_id = c.id \
             WHERE s.article_id = $1"
        ))
        .bind(article_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = known {
            return Ok((clash_from_row(&row)?, ClashChange::Known));
        }
        let key = summary.key();
        let candidates = match summary.event_date {
            Some(_) => {
                let at = event_at(summary, now());
                let window = (merge::MAX_DAYS_APART + 1) * 86_400;
                let rows = sqlx::query(&format!(
                    "SELECT {CLASH_COLUMNS} FROM clashes c \
                     WHERE c.event_at >= $1 AND c.event_at <= $2 AND c.event_date IS NOT NULL \
                     ORDER BY c.event_at DESC, c.id DESC LIMIT 500"
                ))
                .bind(at - window)
                .bind(at + window)
                .fetch_all(&mut *tx)
                .await?;
                rows.iter()
                    .map(clash_from_row)
                    .collect::<Result<Vec<_>>>()?
            }
            None => Vec::new(),
        };
        let keys: Vec<(usize, merge::EventKey)> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.summary.key()))
            .collect();
        let found = merge::find_same(&key, keys.iter().map(|(i, k)| (*i, k)));
        let (id, change) = match found {
            Some(i) => {
                let clash = &candidates[i];
                let changed =
                    join_clash(&mut tx, self.backend, clash, article_id, summary, source).await?;
                let reason = merge::why_same(&key, &keys[i].1);
                super::trust::set_merge_reason(&mut tx, clash.id, article_id, &reason).await?;
                (
                    clash.id,
                    ClashChange::Joined {
                        figures_changed: changed,
                    },
                )
            }
            None => {
                let id = insert_clash(&mut tx, self.backend, article_id, summary, source).await?;
                super::trust::set_merge_reason(&mut tx, id, article_id, super::trust::NEW_CLASH)
                    .await?;
                (id, ClashChange::New)
            }
        };
        super::alerts::queue_alerts_in(&mut tx, id).await?;
        tx.commit().await?;
        let row = self
            .clash_by_id(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("clash {id} vanished after insert")))?;
        Ok((row, change))
    }

    /// Every source of a clash with its own figures, oldest first.
    pub async fn clash_source_figures(&self, clash_id: i64) -> Result<Vec<SourceFigures>> {
        let rows = sqlx::query(
            "SELECT a.url, s.site, s.killed, s.injured, s.attribution, s.sides FROM clash_sources s \
             JOIN articles a ON a.id = s.article_id WHERE s.clash_id = $1 \
             ORDER BY s.added_at, s.article_id",
        )
        .bind(clash_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let url: String = r.try_get("url")?;
                Ok(SourceFigures {
                    site: r
                        .try_get::<Option<String>, _>("site")?
                        .unwrap_or_else(|| url.clone()),
                    url,
                    killed: u32::try_from(r.try_get::<i64, _>("killed")?).unwrap_or(0),
                    injured: u32::try_from(r.try_get::<i64, _>("injured")?).unwrap_or(0),
                    attribution: r.try_get("attribution")?,
                    sides: parse(&r.try_get::<String, _>("sides")?)?,
                })
            })
            .collect()
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

    /// Every clash dated at or after `since` (Unix seconds), optionally in
    /// `region`, with each source's figures by side: what `/clashes stats`
    /// adds up, one clash at a time. The command reads the rollup instead
    /// ([`Store::clash_stats`]); this is what the rollup is checked against.
    pub async fn clash_points(&self, region: Option<&str>, since: i64) -> Result<Vec<ClashPoint>> {
        let sql = match region {
            Some(_) => {
                "SELECT c.id, c.event_at, c.killed_min, c.killed_max, c.injured_min, c.injured_max, \
                 s.sides FROM (SELECT r.clash_id FROM clash_regions r WHERE r.region = $1 \
                 AND r.event_at >= $2) k \
                 JOIN clashes c ON c.id = k.clash_id \
                 LEFT JOIN clash_sources s ON s.clash_id = c.id ORDER BY c.id"
            }
            None => {
                "SELECT c.id, c.event_at, c.killed_min, c.killed_max, c.injured_min, c.injured_max, \
                 s.sides FROM (SELECT id FROM clashes WHERE event_at >= $1) k \
                 JOIN clashes c ON c.id = k.id \
                 LEFT JOIN clash_sources s ON s.clash_id = c.id ORDER BY c.id"
            }
        };
        let mut q = sqlx::query(sql);
        if let Some(region) = region {
            q = q.bind(region);
        }
        let rows = q.bind(since).fetch_all(&self.pool).await?;
        let mut out: Vec<(i64, ClashPoint)> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let sides: Option<String> = r.try_get("sides")?;
            let sides: Option<Vec<SideCount>> = sides.as_deref().map(parse).transpose()?;
            if let Some((last, point)) = out.last_mut() {
                if *last == id {
                    point.sources.extend(sides);
                    continue;
                }
            }
            let at: i64 = r.try_get("event_at")?;
            let date = chrono::DateTime::from_timestamp(at, 0)
                .map(|t| t.date_naive())
                .ok_or_else(|| StoreError::Corrupt(format!("clash {id} has event_at {at}")))?;
            let figure = |name: &str| -> Result<u32> {
                Ok(u32::try_from(r.try_get::<i64, _>(name)?).unwrap_or(0))
            };
            out.push((
                id,
                ClashPoint {
                    date,
                    killed: Range {
                        min: figure("killed_min")?,
                        max: figure("killed_max")?,
                    },
                    injured: Range {
                        min: figure("injured_min")?,
                        max: figure("injured_max")?,
                    },
                    sources: sides.into_iter().collect(),
                },
            ));
        }
        Ok(out.into_iter().map(|(_, p)| p).collect())
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

async fn add_source(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
    article_id: i64,
    source: &SourceFigures,
    t: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO clash_sources (clash_id, article_id, added_at, killed, injured, site, \
         attribution, sides) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(clash_id)
    .bind(article_id)
    .bind(t)
    .bind(i64::from(source.killed))
    .bind(i64::from(source.injured))
    .bind(&source.site)
    .bind(&source.attribution)
    .bind(json(&source.sides)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn add_regions(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
    regions: impl Iterator<Item = &String>,
    at: i64,
) -> Result<()> {
    for region in regions {
        sqlx::query(
            "INSERT INTO clash_regions (clash_id, region, event_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(clash_id)
        .bind(region)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_clash(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    article_id: i64,
    summary: &ClashSummary,
    source: &SourceFigures,
) -> Result<i64> {
    let t = now();
    let at = event_at(summary, t);
    // The short id needs the row id: insert with a placeholder, then set it.
    let id: i64 = sqlx::query(
        "INSERT INTO clashes (short_id, event_date, event_at, title, countries, regions, parties, \
         places, killed_min, killed_max, injured_min, injured_max, sources, url, first_seen, updated_at, \
         terms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $16) \
         RETURNING id",
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
    .bind(json(&summary.terms)?)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    sqlx::query("UPDATE clashes SET short_id = $1 WHERE id = $2")
        .bind(short_id(id))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    add_source(tx, id, article_id, source, t).await?;
    // Countries too, so `/clashes recent region:Armenia` works.
    add_regions(tx, id, summary.regions.iter().chain(&summary.countries), at).await?;
    super::stats::add_clash(tx, backend, id).await?;
    Ok(id)
}

fn union(into: &mut Vec<String>, more: &[String]) {
    for m in more {
        if !into.iter().any(|x| x.eq_ignore_ascii_case(m)) {
            into.push(m.clone());
        }
    }
}

/// Add a source to a known clash and reconcile its headline figures (the
/// range over all sources). Returns whether those figures changed.
async fn join_clash(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    clash: &ClashRow,
    article_id: i64,
    summary: &ClashSummary,
    source: &SourceFigures,
) -> Result<bool> {
    let t = now();
    // Its share of the statistics changes with the new source and regions.
    super::stats::remove_clash(tx, backend, clash.id).await?;
    add_source(tx, clash.id, article_id, source, t).await?;
    let (killed, injured, sources) = source_ranges(tx, clash.id).await?;
    let mut merged = clash.summary.clone();
    union(&mut merged.parties, &summary.parties);
    union(&mut merged.places, &summary.places);
    union(&mut merged.countries, &summary.countries);
    union(&mut merged.regions, &summary.regions);
    union(&mut merged.terms, &summary.terms);
    merged.terms.truncate(3 * merge::MAX_TERMS);
    sqlx::query(
        "UPDATE clashes SET countries = $1, regions = $2, parties = $3, places = $4, \
         killed_min = $5, killed_max = $6, injured_min = $7, injured_max = $8, sources = $9, \
         updated_at = $10, terms = $11 WHERE id = $12",
    )
    .bind(json(&merged.countries)?)
    .bind(json(&merged.regions)?)
    .bind(json(&merged.parties)?)
    .bind(json(&merged.places)?)
    .bind(i64::from(killed.min))
    .bind(i64::from(killed.max))
    .bind(i64::from(injured.min))
    .bind(i64::from(injured.max))
    .bind(sources as i64)
    .bind(t)
    .bind(json(&merged.terms)?)
    .bind(clash.id)
    .execute(&mut **tx)
    .await?;
    let at = event_at(&clash.summary, clash.first_seen);
    add_regions(
        tx,
        clash.id,
        summary.regions.iter().chain(&summary.countries),
        at,
    )
    .await?;
    super::stats::add_clash(tx, backend, clash.id).await?;
    Ok(killed != clash.summary.killed || injured != clash.summary.injured)
}

/// The killed and injured ranges over a clash's sources' figures, and how
/// many sources it has.
async fn source_ranges(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
) -> Result<(Range, Range, usize)> {
    let rows = sqlx::query("SELECT killed, injured FROM clash_sources WHERE clash_id = $1")
        .bind(clash_id)
        .fetch_all(&mut **tx)
        .await?;
    let figures: Vec<SourceFigures> = rows
        .iter()
        .map(|r| {
            Ok(SourceFigures {
                site: String::new(),
                url: String::new(),
                killed: u32::try_from(r.try_get::<i64, _>("killed")?).unwrap_or(0),
                injured: u32::try_from(r.try_get::<i64, _>("injured")?).unwrap_or(0),
                attribution: None,
                sides: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
    Ok((
        range_of(&figures, |s| s.killed),
        range_of(&figures, |s| s.injured),
        figures.len(),
    ))
}

/// Set a clash's killed/injured range to the range over its sources' figures
/// (after a source's figures were corrected). Returns whether it moved.
pub(super) async fn reconcile_figures(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
) -> Result<bool> {
    let (killed, injured, _) = source_ranges(tx, clash_id).await?;
    let before = sqlx::query(
        "SELECT killed_min, killed_max, injured_min, injured_max FROM clashes WHERE id = $1",
    )
    .bind(clash_id)
    .fetch_one(&mut **tx)
    .await?;
    let old =
        |c: &str| -> Result<u32> { Ok(u32::try_from(before.try_get::<i64, _>(c)?).unwrap_or(0)) };
    let unchanged = (killed.min, killed.max, injured.min, injured.max)
        == (
            old("killed_min")?,
            old("killed_max")?,
            old("injured_min")?,
            old("injured_max")?,
        );
    if unchanged {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE clashes SET killed_min = $1, killed_max = $2, injured_min = $3, injured_max = $4, \
         updated_at = $5 WHERE id = $6",
    )
    .bind(i64::from(killed.min))
    .bind(i64::from(killed.max))
    .bind(i64::from(injured.min))
    .bind(i64::from(injured.max))
    .bind(now())
    .bind(clash_id)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}
