//! Main-text and metadata extraction from HTML pages and plain text.
//!
//! Interface used by the rest of the crate (filled in by the extract work):
//! `extract_html(html, page_url) -> Result<Article, ExtractError>` and
//! `from_plain_text(text) -> Article`.

use url::Url;

use super::Article;

/// Why a page holds no article we can report on.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found on the page")]
    NoText,
}

pub fn extract_html(html: &str, page_url: Option<&Url>) -> Result<Article, ExtractError> {
    let options = trafilatura::Options::default();
    let result = trafilatura::extract(html, &options).map_err(|_| ExtractError::NoText)?;
    let text = result.content_text.trim().to_string();
    if text.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(Article {
        url: page_url.map(Url::to_string),
        title: Some(result.metadata.title).filter(|t| !t.is_empty()),
        text,
        ..Article::default()
    })
}

/// A plain-text article: the first non-empty line is the title, the rest the body.
pub fn from_plain_text(text: &str) -> Article {
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let title = lines.next().map(str::to_string);
    let body: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    Article {
        title,
        text: body.join("\n\n"),
        ..Article::default()
    }
}
