//! Articles and the facts extracted from them, keyed by canonical URL so a
//! link posted again is answered from here instead of fetched again.

use chrono::NaiveDate;
use sqlx::Row;

use super::{flag, now, Result, Store, StoreError};
use crate::article::Article;
use crate::facts::Facts;

/// An article as stored, with its facts.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub id: i64,
    /// The canonical URL the article is known by (the link as posted, canonicalized).
    pub key_url: String,
    pub article: Article,
    pub facts: Facts,
    pub fetched_at: i64,
}

impl Store {
    /// Insert or refresh the article known by `key_url`; returns its id.
    pub async fn save_article(
        &self,
        key_url: &str,
        article: &Article,
        facts: &Facts,
    ) -> Result<i64> {
        let t = now();
        let facts_json = serde_json::to_string(facts)
            .map_err(|e| StoreError::Corrupt(format!("facts do not serialize: {e}")))?;
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO articles (url, title, site, author, published, language, body, fetched_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (url) DO UPDATE SET title = excluded.title, site = excluded.site, \
               author = excluded.author, published = excluded.published, \
               language = excluded.language, body = excluded.body, fetched_at = excluded.fetched_at \
             RETURNING id",
        )
        .bind(key_url)
        .bind(article.title.as_deref())
        .bind(article.site.as_deref())
        .bind(article.author.as_deref())
        .bind(article.published.map(|d| d.to_string()))
        .bind(article.language.as_deref())
        .bind(&article.text)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        sqlx::query(
            "INSERT INTO facts (article_id, is_clash_report, event_date, killed, injured, json, extracted_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (article_id) DO UPDATE SET is_clash_report = excluded.is_clash_report, \
               event_date = excluded.event_date, killed = excluded.killed, \
               injured = excluded.injured, json = excluded.json, extracted_at = excluded.extracted_at, \
               version = excluded.version",
        )
        .bind(id)
        .bind(flag(facts.is_clash_report))
        .bind(facts.event_date.map(|d| d.to_string()))
        .bind(i64::from(facts.totals.killed))
        .bind(i64::from(facts.totals.injured))
        .bind(facts_json)
        .bind(t)
        .bind(i64::from(crate::facts::FACTS_VERSION))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The article known by `key_url`, if fetched at or after `min_fetched_at`.
    pub async fn article_by_url(
        &self,
        key_url: &str,
        min_fetched_at: i64,
    ) -> Result<Option<StoredArticle>> {
        let row = sqlx::query(&format!(
            "{ARTICLE_SELECT} WHERE a.url = $1 AND a.fetched_at >= $2"
        ))
        .bind(key_url)
        .bind(min_fetched_at)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(article_from_row).transpose()
    }

    pub async fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        let row = sqlx::query(&format!("{ARTICLE_SELECT} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(article_from_row).transpose()
    }
}

pub(super) const ARTICLE_SELECT: &str =
    "SELECT a.id, a.url, a.title, a.site, a.author, a.published, a.language, \
     a.body, a.fetched_at, f.json FROM articles a JOIN facts f ON f.article_id = a.id";

pub(super) fn article_from_row(row: &sqlx::any::AnyRow) -> Result<StoredArticle> {
    let published: Option<String> = row.try_get("published")?;
    let facts_json: String = row.try_get("json")?;
    let facts: Facts = serde_json::from_str(&facts_json)
        .map_err(|e| StoreError::Corrupt(format!("stored facts do not parse: {e}")))?;
    let url: String = row.try_get("url")?;
    Ok(StoredArticle {
        id: row.try_get("id")?,
        article: Article {
            url: Some(url.clone()),
            title: row.try_get("title")?,
            site: row.try_get("site")?,
            author: row.try_get("author")?,
            published: published.and_then(|p| NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
            language: row.try_get("language")?,
            text: row.try_get("body")?,
            // Only the fact extractor reads these, and its facts are stored.
            embed_dates: Vec::new(),
        },
        key_url: url,
        facts,
        fetched_at: row.try_get("fetched_at")?,
    })
}
