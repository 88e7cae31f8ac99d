//! `clashwatch summarize`: read inputs concurrently, print them in input order.

use std::io::Write;
use std::process::ExitCode;

use futures::stream::{self, StreamExt};
use serde::Serialize;

use super::{OutputFormat, SummarizeArgs};
use crate::article::fetch::Fetcher;
use crate::article::source::{self, Input, SourceError};
use crate::article::Article;
use crate::config::Config;
use crate::facts::{self, Facts, FactsInput};

/// One line of `--format json` output. New sections (facts) are added as
/// optional fields so existing readers keep working.
#[derive(Debug, Serialize)]
pub struct SummaryRecord<'a> {
    /// The argument exactly as given.
    pub source: &'a str,
    #[serde(flatten)]
    pub article: &'a Article,
    pub facts: &'a Facts,
}

/// The line printed instead of a record when an input fails.
#[derive(Debug, Serialize)]
struct ErrorRecord<'a> {
    source: &'a str,
    error: String,
}

pub async fn run(config: &Config, args: SummarizeArgs) -> anyhow::Result<ExitCode> {
    // The gazetteer takes tens of milliseconds to build: build it on a
    // spare core while the first pages are read, not after.
    std::thread::spawn(facts::warm_up);
    let fetcher = Fetcher::new(&config.fetch)?;
    let concurrency = config.summarize.concurrency.max(1);
    type Outcome = Result<(Article, Facts), SourceError>;
    let html_limits = config.fetch.html_limits();
    let facts_limits = config.facts.limits();
    let results: Vec<(String, Outcome)> = stream::iter(args.inputs)
        .map(|arg| {
            let fetcher = fetcher.clone();
            // Each input has its own CPU budget, for extraction and facts.
            let budget = config.jobs.read_budget();
            async move {
                let article = match Input::parse(&arg) {
                    Ok(input) => source::read_within(&input, &fetcher, html_limits, &budget).await,
                    Err(e) => Err(e),
                };
                // Facts are CPU work too: on the blocking pool, in parallel.
                let result = match article {
                    Ok(article) => {
                        match tokio::task::spawn_blocking(move || {
                            budget.run(|| {
                                let facts = facts_within(&article, &facts_limits);
                                (article, facts)
                            })
                        })
                        .await
                        {
                            Ok(Ok(pair)) => Ok(pair),
                            Ok(Err(too_long)) => Err(SourceError::TooLong(too_long)),
                            Err(e) => Err(SourceError::Worker(e.to_string())),
                        }
                    }
                    Err(e) => Err(e),
                };
                (arg, result)
            }
        })
        .buffered(concurrency)
        .collect()
        .await;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for (i, (arg, result)) in results.iter().enumerate() {
        match result {
            Ok((article, facts)) => match args.format {
                OutputFormat::Json => {
                    let record = SummaryRecord {
                        source: arg,
                        article,
                        facts,
                    };
                    serde_json::to_writer(&mut out, &record)?;
                    writeln!(out)?;
                }
                OutputFormat::Text => {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    write!(
                        out,
                        "{}\n{}",
                        render_text(arg, article, config.summarize.text_paragraphs),
                        render_facts(facts)
                    )?;
                }
            },
            Err(e) => {
                failed += 1;
                eprintln!("{arg}: {e}");
                if args.format == OutputFormat::Json {
                    serde_json::to_writer(
                        &mut out,
                        &ErrorRecord {
                            source: arg,
                            error: e.to_string(),
                        },
                    )?;
                    writeln!(out)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What a person wants at a terminal: the metadata, then the opening paragraphs.
pub fn render_text(source: &str, article: &Article, paragraphs: usize) -> String {
    let mut s = String::new();
    s.push_str(article.title.as_deref().unwrap_or("(no title)"));
    s.push('\n');
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            s.push_str(&format!("  {name:<10} {v}\n"));
        }
    };
    field("site:", article.site.clone());
    field("author:", article.author.clone());
    field("published:", article.published.map(|d| d.to_string()));
    // A local file has no URL unless the page names its own; its path is
    // not one, so it is labelled as what it is.
    match &article.url {
        Some(url) => field("url:", Some(url.clone())),
        None if !source.contains("://") => field("file:", Some(source.to_string())),
        None => field("url:", Some(source.to_string())),
    }
    field("language:", article.language.clone());
    s.push('\n');
    let total = article.paragraphs().count();
    for p in article.paragraphs().take(paragraphs) {
        s.push_str(p);
        s.push_str("\n\n");
    }
    if total > paragraphs {
        s.push_str(&format!("[... {} more paragraphs]\n", total - paragraphs));
    }
    s
}

/// The facts of an article read from any source.
pub fn facts_of(article: &Article) -> Facts {
    facts_within(article, &facts::Limits::default())
}

/// [`facts_of`], reading at most what `limits` allow.
pub fn facts_within(article: &Article, limits: &facts::Limits) -> Facts {
    facts::extract_within(
        &FactsInput {
            title: article.title.as_deref(),
            text: &article.text,
            published: article.published,
            page_dates: &article.embed_dates,
        },
        limits,
    )
}

/// The key-facts block of `--format text`.
pub fn render_facts(facts: &Facts) -> String {
    let mut s = String::from("Key facts");
    if !facts.is_clash_report {
        s.push_str(" (not a report of fighting)");
    }
    s.push('\n');
    let mut line = |name: &str, value: String| {
        if !value.is_empty() {
            s.push_str(&format!("  {name:<13} {value}\n"));
        }
    };
    line(
        "event date:",
        facts.event_date.map(|d| d.to_string()).unwrap_or_default(),
    );
    let names = |v: &[crate::facts::Party]| {
        v.iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line("belligerents:", names(&facts.parties.belligerents));
    line("mentioned:", names(&facts.parties.mentioned));
    line(
        "where:",
        facts
            .locations
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    line("regions:", facts.regions.join(", "));
    for c in &facts.casualties {
        let side = c.side.as_deref().unwrap_or("unknown side");
        let group = c.group.as_deref().unwrap_or("people");
        line(
            "casualties:",
            format!(
                "{side}: {} ({group}) — \"{}\"",
                figures(c.killed, c.injured, c.approximate),
                c.evidence.sentence
            ),
        );
    }
    line(
        "totals:",
        // No figure at all is no line, not "0 killed, 0 injured".
        match (facts.totals.killed, facts.totals.injured) {
            (0, 0) => String::new(),
            (k, i) => figures(k, i, false),
        },
    );
    for b in &facts.background {
        line(
            "background:",
            format!(
                "{} ({}) — \"{}\"",
                figures(b.killed, b.injured, b.approximate),
                b.why,
                b.evidence.sentence
            ),
        );
    }
    for c in &facts.claims {
        let target = c
            .target
            .as_deref()
            .map(|t| format!(" → {t}"))
            .unwrap_or_default();
        line(
            "claim:",
            format!(
                "{} {}{target} — \"{}\"",
                c.speaker, c.verb, c.evidence.sentence
            ),
        );
    }
    s
}

/// "about 300 killed" for a figure the article gives as approximate ("around
/// 300", "dozens"), and no "0 injured" the article never said: an outcome it
/// gives no figure for is left out.
fn figures(killed: u32, injured: u32, approximate: bool) -> String {
    let about = if approximate { "about " } else { "" };
    match (killed, injured) {
        (0, 0) => "no one killed or injured".to_string(),
        (k, 0) => format!("{about}{k} killed"),
        (0, i) => format!("{about}{i} injured"),
        (k, i) => format!("{about}{k} killed, {about}{i} injured"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_figures_say_so_and_missing_outcomes_are_left_out() {
        assert_eq!(figures(300, 0, true), "about 300 killed");
        assert_eq!(figures(3, 0, false), "3 killed");
        assert_eq!(figures(0, 12, false), "12 injured");
        assert_eq!(figures(2, 5, true), "about 2 killed, about 5 injured");
        assert_eq!(figures(0, 0, false), "no one killed or injured");
    }

    #[test]
    fn a_local_file_is_not_shown_as_a_url() {
        let article = Article {
            title: Some("T".into()),
            text: "Body.".into(),
            ..Article::default()
        };
        let text = render_text("news/story.html", &article, 3);
        assert!(text.contains("file:      news/story.html"), "{text}");
        assert!(!text.contains("url:"), "{text}");
        let fetched = Article {
            url: Some("https://example.com/a".into()),
            ..article
        };
        let text = render_text("https://example.com/a?utm=x", &fetched, 3);
        assert!(
            text.contains("url:       https://example.com/a\n"),
            "{text}"
        );
    }
}
