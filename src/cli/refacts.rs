//! `clashwatch refacts`: read again, from the stored text, every article whose
//! facts an older extractor read (`facts::FACTS_VERSION`), replace its facts
//! and correct the figures it gives its clash. Nothing is fetched.

use std::process::ExitCode;

use anyhow::Context;

use crate::clashes::{ClashSummary, SourceFigures};
use crate::config::Config;
use crate::facts::{self, Facts, FactsInput, FACTS_VERSION};
use crate::store::{Store, StoredArticle};

/// What a run corrected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Articles read again.
    pub articles: u64,
    /// Articles whose killed/injured totals changed.
    pub totals_changed: u64,
    /// Clashes whose figure range moved.
    pub clashes_changed: u64,
    /// Articles that now report a clash and were recorded as one.
    pub clashes_added: u64,
}

/// Facts of a stored article, read again from its stored text.
fn facts_again(stored: &StoredArticle) -> Facts {
    let article = &stored.article;
    facts::extract(&FactsInput {
        title: article.title.as_deref(),
        text: &article.text,
        published: article.published,
        page_dates: &article.embed_dates,
    })
}

/// Re-extract, `batch` articles at a time, every article of `store` whose
/// facts are older than this extractor. Safe to stop and run again: each
/// article is corrected in one transaction and then no longer older.
pub async fn refresh_all(store: &Store, batch: i64) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let mut after = 0i64;
    loop {
        let stale = store
            .articles_with_facts_before(FACTS_VERSION, after, batch.max(1))
            .await
            .context("listing articles with older facts")?;
        let Some(last) = stale.last() else {
            break;
        };
        after = last.id;
        for stored in stale {
            let old = stored.facts.totals;
            let (stored, facts) = tokio::task::spawn_blocking(move || {
                let facts = facts_again(&stored);
                (stored, facts)
            })
            .await
            .context("the extractor crashed")?;
            let url = stored.key_url.as_str();
            let source = SourceFigures::from_article(url, &stored.article, &facts);
            let refreshed = store
                .replace_facts(stored.id, &facts, FACTS_VERSION, &source)
                .await
                .with_context(|| format!("replacing the facts of {url}"))?;
            report.articles += 1;
            if facts.totals != old {
                report.totals_changed += 1;
            }
            if refreshed.figures_changed {
                report.clashes_changed += 1;
            }
            if refreshed.clash_id.is_none() && facts.is_clash_report {
                let summary = ClashSummary::from_article(url, &stored.article, &facts);
                store
                    .add_to_clash(stored.id, &summary, &source)
                    .await
                    .with_context(|| format!("recording the clash of {url}"))?;
                report.clashes_added += 1;
            }
        }
    }
    Ok(report)
}

pub async fn run(config: &Config, batch: i64) -> anyhow::Result<ExitCode> {
    let store = Store::open(&config.database.url, config.database.max_connections)
        .await
        .context("opening the database")?;
    let waiting = store.count_facts_before(FACTS_VERSION).await?;
    eprintln!("{waiting} article(s) with facts older than version {FACTS_VERSION}");
    let report = refresh_all(&store, batch).await?;
    println!(
        "read again: {} article(s); totals changed: {}; clashes corrected: {}; clashes added: {}",
        report.articles, report.totals_changed, report.clashes_changed, report.clashes_added
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
