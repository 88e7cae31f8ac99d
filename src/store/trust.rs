//! Trusted sources per server. Clashes are shared across servers, alerts are
//! not: a server is alerted only for a clash with a source it trusts, and
//! an alert shows only those sources' figures.
//!
//! A source (an article of a clash) is trusted in a server when the server
//! saw it itself (a member's message in one of its watched channels, an
//! item of one of its feeds), or when the registrable domain of the URL it
//! was finally read from is on the server's list: the defaults
//! (`default_trusted_domains`) minus what the server removed, plus what it
//! added (`trusted_domains`).

use sqlx::{Any, Row, Transaction};

use super::{now, Result, Store, StoreError};
use crate::clashes::{range_of, Range, SourceFigures};

/// The merge reason of an article that started its clash.
pub(super) const NEW_CLASH: &str =
    "started a new clash: no known clash had the same parties and places within a day";

/// SQL that is true when the article `article` (a column) is a trusted
/// source in the server `guild` (a column or a cast parameter).
pub(super) fn trusted_sql(article: &str, guild: &str) -> String {
    format!(
        "(EXISTS (SELECT 1 FROM sightings tg WHERE tg.article_id = {article} \
           AND tg.guild_id = {guild} AND tg.origin IN ('channel', 'feed')) \
         OR EXISTS (SELECT 1 FROM article_domains ad WHERE ad.article_id = {article} AND ( \
           EXISTS (SELECT 1 FROM trusted_domains td WHERE td.guild_id = {guild} \
             AND td.domain = ad.domain AND td.trusted = 1) \
           OR (EXISTS (SELECT 1 FROM default_trusted_domains dd WHERE dd.domain = ad.domain) \
             AND NOT EXISTS (SELECT 1 FROM trusted_domains td WHERE td.guild_id = {guild} \
               AND td.domain = ad.domain AND td.trusted = 0)))))"
    )
}

/// Queue the alerts a clash (`$1`) earns, at time `$2`-`$4`: for each
/// active subscription to a region it falls in, the highest killed figure
/// among the sources its server trusts must meet `min_killed`. The same
/// rule as [`trusted_sql`], set-based: the servers that trust each source
/// are found from the few sources of the clash, not by asking each of
/// thousands of subscriptions about every source.
pub(super) const QUEUE_TRUSTED_ALERTS: &str = "\
    WITH k AS (SELECT CAST($1 AS BIGINT) AS clash_id), \
    src AS (SELECT cs.article_id, cs.killed, ad.domain FROM k \
      JOIN clash_sources cs ON cs.clash_id = k.clash_id \
      LEFT JOIN article_domains ad ON ad.article_id = cs.article_id), \
    cand AS (SELECT s.id, s.guild_id, s.channel_id, s.min_killed FROM k \
      JOIN clash_regions r ON r.clash_id = k.clash_id \
      JOIN subscriptions s ON s.region = r.region WHERE s.paused = 0), \
    g AS (SELECT DISTINCT guild_id FROM cand), \
    trusted AS ( \
      SELECT sg.guild_id, src.killed FROM src \
        JOIN sightings sg ON sg.article_id = src.article_id AND sg.origin IN ('channel', 'feed') \
        JOIN g ON g.guild_id = sg.guild_id \
      UNION ALL \
      SELECT td.guild_id, src.killed FROM src \
        JOIN trusted_domains td ON td.domain = src.domain AND td.trusted = 1 \
        JOIN g ON g.guild_id = td.guild_id \
      UNION ALL \
      SELECT g.guild_id, src.killed FROM src \
        JOIN default_trusted_domains dd ON dd.domain = src.domain CROSS JOIN g \
        WHERE NOT EXISTS (SELECT 1 FROM trusted_domains td WHERE td.guild_id = g.guild_id \
          AND td.domain = src.domain AND td.trusted = 0)), \
    best AS (SELECT guild_id, MAX(killed) AS top FROM trusted GROUP BY guild_id) \
    INSERT INTO deliveries (subscription_id, clash_id, channel_id, state, attempts, \
      created_at, updated_at, next_attempt_at, locked_until) \
    SELECT cand.id, k.clash_id, cand.channel_id, 'pending', 0, $2, $3, $4, 0 \
    FROM cand JOIN best ON best.guild_id = cand.guild_id CROSS JOIN k \
    WHERE cand.min_killed <= best.top \
    ON CONFLICT (subscription_id, clash_id) DO NOTHING";

/// Record why `article_id` joined `clash_id` (or started it).
pub(super) async fn set_merge_reason(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
    article_id: i64,
    reason: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE clash_sources SET merge_reason = $1 WHERE clash_id = $2 AND article_id = $3",
    )
    .bind(reason)
    .bind(clash_id)
    .bind(article_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Figures as an alert shows them: killed, injured, number of sources.
pub type Shown = (Range, Range, i64);

/// The figures of `sources` as an alert shows them.
pub fn shown_of(sources: &[SourceFigures]) -> Shown {
    (
        range_of(sources, |s| s.killed),
        range_of(sources, |s| s.injured),
        sources.len() as i64,
    )
}

/// One source of a clash as a server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedSource {
    pub figures: SourceFigures,
    /// Registrable domain of the URL it was read from, when known.
    pub domain: Option<String>,
    pub trusted: bool,
    /// Why it joined the clash.
    pub merge_reason: Option<String>,
    pub added_at: i64,
    pub article_id: i64,
}

/// A server's own change to the default list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustChoice {
    pub domain: String,
    pub trusted: bool,
}

fn source_from_row(r: &sqlx::any::AnyRow) -> Result<TrustedSource> {
    let url: String = r.try_get("url")?;
    let sides: String = r.try_get("sides")?;
    Ok(TrustedSource {
        figures: SourceFigures {
            site: r
                .try_get::<Option<String>, _>("site")?
                .unwrap_or_else(|| url.clone()),
            url,
            killed: u32::try_from(r.try_get::<i64, _>("killed")?).unwrap_or(0),
            injured: u32::try_from(r.try_get::<i64, _>("injured")?).unwrap_or(0),
            attribution: r.try_get("attribution")?,
            sides: serde_json::from_str(&sides).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        },
        domain: r.try_get("domain")?,
        trusted: r.try_get::<i64, _>("trusted")? != 0,
        merge_reason: r.try_get("merge_reason")?,
        added_at: r.try_get("added_at")?,
        article_id: r.try_get("article_id")?,
    })
}

impl Store {
    /// Replace the default trusted list with `domains` (registrable domains).
    pub async fn set_default_trusted(&self, domains: &[String]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM default_trusted_domains")
            .execute(&mut *tx)
            .await?;
        for d in domains {
            sqlx::query(
                "INSERT INTO default_trusted_domains (domain) VALUES ($1) ON CONFLICT DO NOTHING",
            )
            .bind(d)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The default trusted list, sorted.
    pub async fn default_trusted(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT domain FROM default_trusted_domains ORDER BY domain")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| r.try_get("domain").map_err(Into::into))
            .collect()
    }

    /// Trust (`true`) or stop trusting `domain` in a server. Trusting a
    /// domain queues the alerts that clashes first seen since `since` now
    /// earn there. Returns whether anything changed.
    pub async fn set_trust(
        &self,
        guild_id: i64,
        domain: &str,
        trusted: bool,
        by: i64,
        since: i64,
    ) -> Result<bool> {
        let is_default =
            sqlx::query("SELECT 1 AS x FROM default_trusted_domains WHERE domain = $1")
                .bind(domain)
                .fetch_optional(&self.pool)
                .await?
                .is_some();
        let before = self.trust_choice(guild_id, domain).await?;
        let was = before.unwrap_or(is_default);
        let mut tx = self.begin_write().await?;
        if trusted == is_default {
            // Back to the default: no row needed.
            sqlx::query("DELETE FROM trusted_domains WHERE guild_id = $1 AND domain = $2")
                .bind(guild_id)
                .bind(domain)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query(
                "INSERT INTO trusted_domains (guild_id, domain, trusted, changed_by, changed_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, domain) DO UPDATE SET \
                 trusted = excluded.trusted, changed_by = excluded.changed_by, \
                 changed_at = excluded.changed_at",
            )
            .bind(guild_id)
            .bind(domain)
            .bind(i64::from(trusted))
            .bind(by)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        if trusted && !was {
            let clashes = sqlx::query(
                "SELECT DISTINCT cs.clash_id FROM clash_sources cs \
                 JOIN article_domains ad ON ad.article_id = cs.article_id \
                 JOIN clashes c ON c.id = cs.clash_id \
                 WHERE ad.domain = $1 AND c.first_seen >= $2",
            )
            .bind(domain)
            .bind(since)
            .fetch_all(&mut *tx)
            .await?;
            for r in &clashes {
                super::alerts::queue_alerts_in(&mut tx, r.try_get("clash_id")?).await?;
            }
        }
        tx.commit().await?;
        Ok(was != trusted)
    }

    async fn trust_choice(&self, guild_id: i64, domain: &str) -> Result<Option<bool>> {
        let row =
            sqlx::query("SELECT trusted FROM trusted_domains WHERE guild_id = $1 AND domain = $2")
                .bind(guild_id)
                .bind(domain)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<i64, _>("trusted")? != 0),
            None => None,
        })
    }

    /// Whether `domain` is trusted in a server (defaults included).
    pub async fn is_trusted_domain(&self, guild_id: i64, domain: &str) -> Result<bool> {
        if let Some(choice) = self.trust_choice(guild_id, domain).await? {
            return Ok(choice);
        }
        Ok(
            sqlx::query("SELECT 1 AS x FROM default_trusted_domains WHERE domain = $1")
                .bind(domain)
                .fetch_optional(&self.pool)
                .await?
                .is_some(),
        )
    }

    /// A server's changes to the default list, by domain.
    pub async fn trust_choices(&self, guild_id: i64) -> Result<Vec<TrustChoice>> {
        let rows = sqlx::query(
            "SELECT domain, trusted FROM trusted_domains WHERE guild_id = $1 ORDER BY domain",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(TrustChoice {
                    domain: r.try_get("domain")?,
                    trusted: r.try_get::<i64, _>("trusted")? != 0,
                })
            })
            .collect()
    }

    /// Remember where an article was finally read from.
    pub async fn set_article_domain(
        &self,
        article_id: i64,
        domain: &str,
        final_url: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO article_domains (article_id, domain, final_url) VALUES ($1, $2, $3) \
             ON CONFLICT (article_id) DO UPDATE SET domain = excluded.domain, \
             final_url = excluded.final_url",
        )
        .bind(article_id)
        .bind(domain)
        .bind(final_url)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The registrable domain an article was read from, when recorded.
    pub async fn article_domain(&self, article_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT domain FROM article_domains WHERE article_id = $1")
            .bind(article_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("domain")?),
            None => None,
        })
    }

    /// Every source of a clash, oldest first, with whether `guild_id`
    /// trusts it.
    pub async fn sources_in_guild(
        &self,
        clash_id: i64,
        guild_id: i64,
    ) -> Result<Vec<TrustedSource>> {
        let trusted = trusted_sql("cs.article_id", "q.guild_id");
        let rows = sqlx::query(&format!(
            "SELECT a.url, cs.site, cs.killed, cs.injured, cs.attribution, cs.sides, \
             cs.merge_reason, cs.added_at, cs.article_id, dom.domain, \
             CASE WHEN {trusted} THEN 1 ELSE 0 END AS trusted \
             FROM clash_sources cs JOIN articles a ON a.id = cs.article_id \
             JOIN (SELECT CAST($1 AS BIGINT) AS guild_id) q ON 1 = 1 \
             LEFT JOIN article_domains dom ON dom.article_id = cs.article_id \
             WHERE cs.clash_id = $2 ORDER BY cs.added_at, cs.article_id"
        ))
        .bind(guild_id)
        .bind(clash_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(source_from_row).collect()
    }

    /// The sources of a clash the server of `subscription_id` trusts,
    /// oldest first: what its alert shows.
    pub async fn trusted_sources_for(
        &self,
        clash_id: i64,
        subscription_id: i64,
    ) -> Result<Vec<SourceFigures>> {
        let trusted = trusted_sql("cs.article_id", "s.guild_id");
        let rows = sqlx::query(&format!(
            "SELECT a.url, cs.site, cs.killed, cs.injured, cs.attribution, cs.sides, \
             cs.merge_reason, cs.added_at, cs.article_id, NULL AS domain, 1 AS trusted \
             FROM clash_sources cs JOIN articles a ON a.id = cs.article_id \
             JOIN subscriptions s ON s.id = $1 \
             WHERE cs.clash_id = $2 AND {trusted} ORDER BY cs.added_at, cs.article_id"
        ))
        .bind(subscription_id)
        .bind(clash_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| source_from_row(r).map(|s| s.figures))
            .collect()
    }
}

/// Mark for an edit the posted alerts of a clash whose server's trusted
/// figures (or number of trusted sources) differ from what they show. A
/// server left with no trusted source keeps its alert as it is.
pub(super) async fn mark_stale_trusted(
    tx: &mut Transaction<'static, Any>,
    clash_id: i64,
    t: i64,
) -> Result<u64> {
    let trusted = trusted_sql("cs.article_id", "s.guild_id");
    let rows = sqlx::query(&format!(
        "SELECT d.subscription_id, d.shown_killed_min, d.shown_killed_max, \
         d.shown_injured_min, d.shown_injured_max, d.shown_sources, cs.killed, cs.injured \
         FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id \
         JOIN clash_sources cs ON cs.clash_id = d.clash_id AND {trusted} \
         WHERE d.clash_id = $1 AND d.state = 'sent' ORDER BY d.subscription_id"
    ))
    .bind(clash_id)
    .fetch_all(&mut **tx)
    .await?;
    // Per delivery: what it shows, and its server's trusted figures now.
    let mut per: Vec<(i64, [Option<i64>; 5], Vec<SourceFigures>)> = Vec::new();
    for r in &rows {
        let sub: i64 = r.try_get("subscription_id")?;
        let figures = SourceFigures {
            site: String::new(),
            url: String::new(),
            killed: u32::try_from(r.try_get::<i64, _>("killed")?).unwrap_or(0),
            injured: u32::try_from(r.try_get::<i64, _>("injured")?).unwrap_or(0),
            attribution: None,
            sides: Vec::new(),
        };
        match per.last_mut() {
            Some((last, _, sources)) if *last == sub => sources.push(figures),
            _ => per.push((
                sub,
                [
                    r.try_get("shown_killed_min")?,
                    r.try_get("shown_killed_max")?,
                    r.try_get("shown_injured_min")?,
                    r.try_get("shown_injured_max")?,
                    r.try_get("shown_sources")?,
                ],
                vec![figures],
            )),
        }
    }
    let mut marked = 0;
    for (sub, shown, sources) in per {
        let (k, i, n) = shown_of(&sources);
        let now_shown = [
            Some(i64::from(k.min)),
            Some(i64::from(k.max)),
            Some(i64::from(i.min)),
            Some(i64::from(i.max)),
            Some(n),
        ];
        if now_shown != shown {
            marked += sqlx::query(
                "UPDATE deliveries SET state = 'edit', next_attempt_at = $1 \
                 WHERE subscription_id = $2 AND clash_id = $3 AND state = 'sent'",
            )
            .bind(t)
            .bind(sub)
            .bind(clash_id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        }
    }
    Ok(marked)
}
