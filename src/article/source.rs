//! Turning a command-line input (a URL, an `.html` file or a `.txt` file)
//! into an [`Article`].

use std::path::{Path, PathBuf};

use url::Url;

use crate::budget::{ReadBudget, TooLong};

use super::charset;
use super::extract::{self, ExtractError, HtmlLimits};
use super::fetch::{FetchError, Fetcher, PageKind};
use super::links;
use super::not_article;
use super::Article;

/// What an input argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Url(String),
    HtmlFile(PathBuf),
    TextFile(PathBuf),
}

/// Why an input could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Extract(#[from] ExtractError),
    // The messages leave out the input: whoever reports them names it once.
    #[error("cannot read the file: {0}")]
    File(String),
    #[error("a folder, not a file: name the .html or .txt files in it")]
    Folder,
    #[error("not a link, an .html file or a .txt file")]
    Unknown,
    /// The input was read but is not an article: binary data, an empty file,
    /// a page without prose. The reason is worded for the person who gave it.
    #[error("not an article: {0}")]
    NotAnArticle(String),
    #[error("reading the article stopped unexpectedly: {0}")]
    Worker(String),
    #[error(transparent)]
    TooLong(#[from] TooLong),
}

impl Input {
    /// Classify an argument: `http(s)://...` (or any `scheme://`) is a URL,
    /// otherwise a path whose extension says how to read it.
    pub fn parse(arg: &str) -> Result<Input, SourceError> {
        if arg.contains("://") {
            return Ok(Input::Url(arg.to_string()));
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            return Err(SourceError::Folder);
        }
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(ext) if ext == "html" || ext == "htm" || ext == "xhtml" => {
                Ok(Input::HtmlFile(path))
            }
            Some(ext) if ext == "txt" || ext == "text" => Ok(Input::TextFile(path)),
            _ => Err(SourceError::Unknown),
        }
    }
}

/// Read one input into an article, refusing what is not one.
pub async fn read(input: &Input, fetcher: &Fetcher) -> Result<Article, SourceError> {
    read_within(
        input,
        fetcher,
        HtmlLimits::default(),
        &ReadBudget::unlimited(),
    )
    .await
}

/// [`read`], refusing pages whose shape goes past `limits` and stopping the
/// extraction when it has used up `budget`.
pub async fn read_within(
    input: &Input,
    fetcher: &Fetcher,
    limits: HtmlLimits,
    budget: &ReadBudget,
) -> Result<Article, SourceError> {
    let article = read_any(input, fetcher, limits, budget).await?;
    match not_article::refuse_article(&article) {
        Some(reason) => Err(SourceError::NotAnArticle(reason)),
        None => Ok(article),
    }
}

async fn read_any(
    input: &Input,
    fetcher: &Fetcher,
    limits: HtmlLimits,
    budget: &ReadBudget,
) -> Result<Article, SourceError> {
    let budget = budget.clone();
    match input {
        Input::Url(raw) => Ok(read_url(raw, fetcher, limits, budget).await?.0),
        // Reading, decoding and extracting are CPU work: done off the async
        // workers so several pages are read on all cores at once.
        Input::HtmlFile(path) => {
            let path = path.clone();
            on_blocking_thread(budget, move || {
                let html = read_file(&path)?;
                Ok(extract::extract_html_within(&html, None::<&Url>, &limits)?)
            })
            .await
        }
        Input::TextFile(path) => {
            let path = path.clone();
            on_blocking_thread(budget, move || {
                Ok(extract::from_plain_text(&read_file(&path)?))
            })
            .await
        }
    }
}

/// [`read_within`] for a URL, with the URL the page was finally read from
/// (after redirects, canonicalized): what the page is, as opposed to what
/// its own `<link rel=canonical>` claims.
pub async fn read_url_within(
    raw: &str,
    fetcher: &Fetcher,
    limits: HtmlLimits,
    budget: &ReadBudget,
) -> Result<(Article, Url), SourceError> {
    let (article, url) = read_url(raw, fetcher, limits, budget.clone()).await?;
    match not_article::refuse_article(&article) {
        Some(reason) => Err(SourceError::NotAnArticle(reason)),
        None => Ok((article, url)),
    }
}

async fn read_url(
    raw: &str,
    fetcher: &Fetcher,
    limits: HtmlLimits,
    budget: ReadBudget,
) -> Result<(Article, Url), SourceError> {
    let page = fetcher.fetch(raw).await?;
    // The fetcher refused binary types by header and signature; a
    // body declared as text can still be binary underneath.
    refuse(not_article::refuse_text(&page.body))?;
    let page_url = links::canonicalize(page.url.as_str()).unwrap_or(page.url);
    let final_url = page_url.clone();
    let article = match page.kind {
        PageKind::Html => {
            let html = page.body;
            on_blocking_thread(budget, move || {
                Ok(extract::extract_html_within(
                    &html,
                    Some(&page_url),
                    &limits,
                )?)
            })
            .await
        }
        PageKind::PlainText => {
            let mut article = extract::from_plain_text(&page.body);
            article.url = Some(page_url.to_string());
            article.site = page_url.host_str().map(str::to_string);
            Ok(article)
        }
    };
    Ok((article?, final_url))
}

fn refuse(reason: Option<String>) -> Result<(), SourceError> {
    reason.map_or(Ok(()), |r| Err(SourceError::NotAnArticle(r)))
}

async fn on_blocking_thread<F>(budget: ReadBudget, work: F) -> Result<Article, SourceError>
where
    F: FnOnce() -> Result<Article, SourceError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || budget.run(work))
        .await
        .map_err(|e| SourceError::Worker(e.to_string()))??
}

fn read_file(path: &Path) -> Result<String, SourceError> {
    let bytes = std::fs::read(path).map_err(|e| SourceError::File(e.to_string()))?;
    // A file named .html or .txt may be anything: look at what it holds.
    refuse(not_article::refuse_bytes(&bytes))?;
    // Local pages are decoded like fetched ones would be: BOM, then
    // <meta charset>, then UTF-8 with replacement.
    let text = charset::decode(&bytes, None);
    refuse(not_article::refuse_text(&text))?;
    Ok(text)
}
