//! Main-text and metadata extraction from HTML pages and plain text.
//!
//! The page is first stripped of what no reader sees (scripts, styles,
//! comments, embedded social posts) and of blocks that are lists of links
//! (menus, "related stories", tag clouds), then the `trafilatura` extractor finds
//! the main content, which is split into paragraphs, cleaned of in-article
//! boilerplate ("Read more:", share bars, cookie notices) and checked: a page
//! with too little prose, or prose that is mostly links, is refused with the
//! reason instead of being reported as an article.

mod boilerplate;
mod metadata;
mod prune;
mod shape;
mod strip;
mod text;

use url::Url;

use super::Article;
use crate::budget;

pub use boilerplate::is_boilerplate;
pub use shape::HtmlLimits;
pub use strip::strip_inert;

/// Fewest words of main text accepted as an article.
const MIN_ARTICLE_WORDS: usize = 40;
/// Below this many words, a page with a password field is a login page...
const LOGIN_PAGE_MAX_WORDS: usize = 150;
/// ... unless one paragraph is this long: a login or paywall page says a
/// sentence or two, while a short news item with a sign-in form in the site
/// header has a paragraph of real prose.
const LOGIN_PAGE_MAX_PARAGRAPH_WORDS: usize = 50;
/// An index page's "text" is a list of headlines: many short lines and not
/// one paragraph of prose.
const INDEX_MIN_LINES: usize = 12;
const PROSE_MIN_WORDS: usize = 20;
/// ... and most of the page's text sits in links (a table of results has
/// short lines too, but little of it is links).
const INDEX_MIN_LINK_SHARE: f64 = 0.5;

/// Why a page holds no article we can report on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("no article text found: the page has no readable text")]
    Empty,
    #[error(
        "no article text found: only {words} words of text; the page looks like a login, paywall or index page"
    )]
    TooShort { words: usize },
    #[error(
        "no article text found: the page looks like a login page (a password field and only {words} words of text)"
    )]
    LoginPage { words: usize },
    #[error(
        "no article text found: the page looks like an index page (a list of headlines, no paragraphs of prose)"
    )]
    IndexPage,
    #[error("not an article: nested deeper than {max} levels")]
    TooDeep { max: usize },
    #[error("not an article: an element with more than {max} attributes")]
    TooManyAttributes { max: usize },
}

/// Read the article in an HTML page. `page_url` is the URL it was fetched
/// from, when known; it resolves relative canonical links and serves as the
/// URL when the page names none.
pub fn extract_html(html: &str, page_url: Option<&Url>) -> Result<Article, ExtractError> {
    extract_html_within(html, page_url, &HtmlLimits::default())
}

/// [`extract_html`], refusing before parsing a page whose shape goes past
/// `limits` (the parser's work grows with the square of nesting depth and
/// of attributes per element).
pub fn extract_html_within(
    html: &str,
    page_url: Option<&Url>,
    limits: &HtmlLimits,
) -> Result<Article, ExtractError> {
    let stripped = strip::strip_inert(html);
    shape::check(&stripped, limits)?;
    let mut options = trafilatura::Options::default()
        .with_focus(trafilatura::ExtractionFocus::FavorRecall)
        // Keeping links changes which blocks the extractor keeps, for the worse.
        .with_links(false);
    options.exclude_comments = true;
    if let Some(url) = page_url {
        options = options.with_url(url.clone());
    }
    let pruned = prune::drop_link_blocks(&stripped);
    budget::check();
    // The parser and extractor cannot be stopped midway; the shape check
    // above bounds their work, and the budget is checked again after them.
    let result = trafilatura::extract(&pruned, &options).map_err(|_| ExtractError::Empty)?;
    budget::check();
    let found = text::paragraphs(&result.content_html);
    let meta = metadata::collect(&result.metadata, &stripped, page_url, &result.content_text);

    let cleaned = boilerplate::clean(found.paragraphs);
    let mut paragraphs = cleaned.paragraphs;
    drop_leading_title(&mut paragraphs, meta.title.as_deref());
    let words: usize = paragraphs.iter().map(|p| word_count(p)).sum();
    if words == 0 {
        return Err(ExtractError::Empty);
    }
    if words < LOGIN_PAGE_MAX_WORDS
        && paragraphs
            .iter()
            .all(|p| word_count(p) < LOGIN_PAGE_MAX_PARAGRAPH_WORDS)
        && has_password_field(&stripped)
    {
        return Err(ExtractError::LoginPage { words });
    }
    if words < MIN_ARTICLE_WORDS {
        return Err(ExtractError::TooShort { words });
    }
    if looks_like_index(&paragraphs, words) && page_link_share(&stripped) > INDEX_MIN_LINK_SHARE {
        return Err(ExtractError::IndexPage);
    }
    Ok(Article {
        url: meta.url,
        title: meta.title,
        site: meta.site,
        author: meta.author,
        published: meta.published,
        language: meta.language,
        text: paragraphs.join("\n\n"),
        embed_dates: cleaned.embed_dates,
    })
}

/// A plain-text article: the first non-empty line is the title, each further
/// line a paragraph; boilerplate lines are dropped.
pub fn from_plain_text(text: &str) -> Article {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().map(str::to_string);
    let cleaned = boilerplate::clean(lines.map(str::to_string).collect());
    let body = cleaned.paragraphs.join("\n\n");
    Article {
        language: metadata::detect_language(&body),
        title,
        text: body,
        embed_dates: cleaned.embed_dates,
        ..Article::default()
    }
}

/// The extractor often keeps the headline as the first block; it is already
/// the title.
fn drop_leading_title(paragraphs: &mut Vec<String>, title: Option<&str>) {
    let Some(title) = title else { return };
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let title = norm(title);
    if title.is_empty() {
        return;
    }
    if paragraphs.first().is_some_and(|p| norm(p) == title) {
        paragraphs.remove(0);
    }
}

/// Words in a text, counting each CJK character as a word (those scripts
/// don't separate words with spaces).
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            let cjk = w.chars().filter(|&c| is_cjk(c)).count();
            if cjk == 0 {
                1
            } else {
                cjk + usize::from(w.chars().count() > cjk)
            }
        })
        .sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // ideographs
        | 0xAC00..=0xD7AF) // hangul
}

fn looks_like_index(paragraphs: &[String], words: usize) -> bool {
    if paragraphs.len() < INDEX_MIN_LINES || words == 0 {
        return false;
    }
    let prose: usize = paragraphs
        .iter()
        .map(|p| word_count(p))
        .filter(|&n| n >= PROSE_MIN_WORDS)
        .sum();
    prose == 0
}

/// Share of the page's visible text that is link text.
fn page_link_share(html: &str) -> f64 {
    let body = html
        .find("<body")
        .or_else(|| html.find("<BODY"))
        .map_or(html, |i| &html[i..]);
    let counted = text::paragraphs(body);
    if counted.text_chars == 0 {
        return 0.0;
    }
    counted.link_chars as f64 / counted.text_chars as f64
}

fn has_password_field(html: &str) -> bool {
    let bytes = html.as_bytes();
    let needle = b"password";
    bytes.windows(needle.len()).enumerate().any(|(i, w)| {
        w.eq_ignore_ascii_case(needle) && {
            // `type="password"`, `type=password` or `type='password'`.
            let before = &bytes[i.saturating_sub(7)..i];
            let before = before
                .strip_suffix(b"\"")
                .or_else(|| before.strip_suffix(b"'"))
                .unwrap_or(before);
            before.len() >= 5 && before[before.len() - 5..].eq_ignore_ascii_case(b"type=")
        }
    })
}
