//! The article edge: find and canonicalize links, fetch pages safely, and
//! extract the article (title, text, metadata) from what was fetched.

pub mod charset;
pub mod extract;
pub mod fetch;
pub mod links;
pub mod not_article;
pub mod source;

use chrono::NaiveDate;
use serde::Serialize;

/// One article as the rest of clashwatch sees it, whatever it was read from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// Canonical URL: the page's own `<link rel=canonical>` when it has one,
    /// else the fetched URL canonicalized; `None` for local files without one.
    pub url: Option<String>,
    pub title: Option<String>,
    /// Site name ("Reuters"), from metadata or the host.
    pub site: Option<String>,
    pub author: Option<String>,
    /// Publication date (the day, in the page's own time zone when given).
    pub published: Option<NaiveDate>,
    /// ISO 639-1 code ("en"), from the page's markup or detected from the text.
    pub language: Option<String>,
    /// Main text, paragraphs separated by one blank line.
    pub text: String,
    /// Dates of embedded social posts removed from the text: not part of the
    /// article, but the anchor for "on Friday" when the page has no date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embed_dates: Vec<NaiveDate>,
}

impl Article {
    /// Paragraphs of the main text, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }
}
