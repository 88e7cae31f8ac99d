//! Facts read by an older extractor, and their correction: the stored text
//! is read again, the article's facts replaced, and the figures it gives its
//! clash (and the clash's range over all sources) updated, without fetching
//! anything.

use sqlx::Row;

use super::articles::{article_from_row, ARTICLE_SELECT};
use super::clashes::{json, reconcile_figures};
use super::{flag, now, Result, Store, StoreError};
use crate::clashes::SourceFigures;
use crate::facts::Facts;

/// What replacing an article's facts did to its clash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// The clash the article is a source of, if any.
    pub clash_id: Option<i64>,
    /// The clash's killed/injured range moved.
    pub figures_changed: bool,
}

impl Store {
    /// Up to `limit` articles (ids above `after_id`, ascending) whose facts
    /// were read by an extractor older than `version`.
    pub async fn articles_with_facts_before(
        &self,
        version: u32,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<super::StoredArticle>> {
        let rows = sqlx::query(&format!(
            "{ARTICLE_SELECT} WHERE f.version < $1 AND a.id > $2 ORDER BY a.id LIMIT $3"
        ))
        .bind(i64::from(version))
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(article_from_row).collect()
    }

    /// How many articles have facts older than `version`.
    pub async fn count_facts_before(&self, version: u32) -> Result<i64> {
        let row = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM facts WHERE version < $1")
            .bind(i64::from(version))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Replace an article's facts with `facts` (read by extractor `version`)
    /// and, when the article is a clash's source, its figures there with
    /// `source`, then the clash's range over its sources. One transaction:
    /// a crash leaves the old facts and figures, or the new ones.
    pub async fn replace_facts(
        &self,
        article_id: i64,
        facts: &Facts,
        version: u32,
        source: &SourceFigures,
    ) -> Result<Refreshed> {
        let facts_json = serde_json::to_string(facts)
            .map_err(|e| StoreError::Corrupt(format!("facts do not serialize: {e}")))?;
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE facts SET is_clash_report = $1, event_date = $2, killed = $3, injured = $4, \
             json = $5, extracted_at = $6, version = $7 WHERE article_id = $8",
        )
        .bind(flag(facts.is_clash_report))
        .bind(facts.event_date.map(|d| d.to_string()))
        .bind(i64::from(facts.totals.killed))
        .bind(i64::from(facts.totals.injured))
        .bind(facts_json)
        .bind(now())
        .bind(i64::from(version))
        .bind(article_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Err(StoreError::Corrupt(format!(
                "article {article_id} has no facts row to replace"
            )));
        }
        let clash: Option<i64> =
            sqlx::query("SELECT clash_id FROM clash_sources WHERE article_id = $1")
                .bind(article_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| r.try_get("clash_id"))
                .transpose()?;
        let Some(clash_id) = clash else {
            tx.commit().await?;
            return Ok(Refreshed {
                clash_id: None,
                figures_changed: false,
            });
        };
        sqlx::query(
            "UPDATE clash_sources SET killed = $1, injured = $2, attribution = $3, sides = $4 \
             WHERE clash_id = $5 AND article_id = $6",
        )
        .bind(i64::from(source.killed))
        .bind(i64::from(source.injured))
        .bind(&source.attribution)
        .bind(json(&source.sides)?)
        .bind(clash_id)
        .bind(article_id)
        .execute(&mut *tx)
        .await?;
        let figures_changed = reconcile_figures(&mut tx, clash_id).await?;
        if figures_changed {
            // Alerts that show the old figures are edited; a threshold the
            // clash now meets (or no longer meets) is decided afresh.
            super::alerts::queue_alerts_in(&mut tx, clash_id).await?;
        }
        tx.commit().await?;
        Ok(Refreshed {
            clash_id: Some(clash_id),
            figures_changed,
        })
    }
}
