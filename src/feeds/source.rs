//! A fetched document to a list of items: RSS 0.9x/1.0/2.0, Atom and JSON
//! Feed through feed-rs, a Telegram channel's web preview, and a page that
//! advertises its feed (`<link rel="alternate" type="application/rss+xml">`).

use feed_rs::model::Entry;
use feed_rs::parser;
use scraper::{Html, Selector};
use url::Url;

use super::telegram;
use crate::article::fetch::{Conditional, Document, FetchError, Fetcher, Validators};
use crate::article::links;
use crate::store::feeds::KIND_FEED;
use crate::store::FeedItem;

/// Why a URL could not be followed as a feed, worded for the moderator.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("this page is not a feed and does not link to one (no RSS, Atom or JSON Feed found)")]
    NotAFeed,
    #[error("the feed could not be read: {0}")]
    Malformed(String),
}

impl FeedError {
    /// Worth trying again later (the server may come back).
    pub fn is_temporary(&self) -> bool {
        match self {
            FeedError::Fetch(e) => e.is_temporary(),
            FeedError::NotAFeed | FeedError::Malformed(_) => false,
        }
    }
}

/// A feed's content, items oldest first.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub kind: &'static str,
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
    /// The feed's own refresh hint (RSS `<ttl>`), in seconds.
    pub ttl_secs: Option<u64>,
}

/// What a URL a moderator gave turned out to be.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The feed to poll (after discovery and redirects).
    pub feed_url: String,
    pub feed: ParsedFeed,
    pub validators: Validators,
    pub fresh_for: Option<u64>,
}

/// What a document is.
enum Parsed {
    Feed(ParsedFeed),
    /// A web page; the feeds it advertises.
    Page(Vec<Url>),
}

/// `t.me/<name>` (and `telegram.me`) is read through its web preview,
/// `t.me/s/<name>`; any other URL is kept.
pub fn normalize(raw: &str) -> String {
    let Ok(mut url) = Url::parse(raw.trim()) else {
        return raw.trim().to_string();
    };
    if telegram::is_telegram_host(&url) {
        let segments: Vec<String> = url
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        let name = match segments.as_slice() {
            [s, name, ..] if s == "s" => Some(name.clone()),
            [name, ..] => Some(name.clone()),
            [] => None,
        };
        if let Some(name) = name {
            url.set_path(&format!("/s/{name}"));
            url.set_query(None);
            url.set_fragment(None);
            let _ = url.set_host(Some("t.me"));
        }
    }
    url.to_string()
}

/// Fetch what a moderator gave and find the feed: the document itself, or
/// the first feed a page advertises (followed once, not further).
pub async fn resolve(fetcher: &Fetcher, raw: &str) -> Result<Resolved, FeedError> {
    let url = normalize(raw);
    let doc = fetch(fetcher, &url).await?;
    match parse(&doc)? {
        Parsed::Feed(feed) => Ok(resolved(doc, feed)),
        Parsed::Page(alternates) => {
            let Some(next) = alternates.into_iter().next() else {
                return Err(FeedError::NotAFeed);
            };
            let doc = fetch(fetcher, next.as_str()).await?;
            match parse(&doc)? {
                Parsed::Feed(feed) => Ok(resolved(doc, feed)),
                Parsed::Page(_) => Err(FeedError::NotAFeed),
            }
        }
    }
}

fn resolved(doc: Document, feed: ParsedFeed) -> Resolved {
    Resolved {
        feed_url: doc.url.to_string(),
        feed,
        validators: doc.validators,
        fresh_for: doc.fresh_for,
    }
}

async fn fetch(fetcher: &Fetcher, url: &str) -> Result<Document, FeedError> {
    match fetcher
        .fetch_conditional(url, &Validators::default())
        .await?
    {
        Conditional::Fetched(doc) => Ok(doc),
        // Nothing was asked conditionally: a 304 here is a broken server.
        Conditional::NotModified { .. } => Err(FeedError::Fetch(FetchError::Status(304))),
    }
}

/// A polled feed's document to its items. A feed that became a web page is
/// an error (it is not followed again on its own).
pub fn parse_feed(doc: &Document) -> Result<ParsedFeed, FeedError> {
    match parse(doc)? {
        Parsed::Feed(feed) => Ok(feed),
        Parsed::Page(_) => Err(FeedError::NotAFeed),
    }
}

fn looks_like_html(doc: &Document) -> bool {
    if let Some(essence) = doc.essence() {
        if essence == "text/html" || essence == "application/xhtml+xml" {
            return true;
        }
        if essence.contains("xml") || essence.contains("json") {
            return false;
        }
    }
    let head: String = String::from_utf8_lossy(&doc.bytes[..doc.bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn parse(doc: &Document) -> Result<Parsed, FeedError> {
    if telegram::is_telegram_host(&doc.url) || looks_like_html(doc) {
        let text = doc.text();
        if telegram::is_preview(&doc.url, &text) {
            return telegram::parse(&doc.url, &text).map(Parsed::Feed);
        }
        return Ok(Parsed::Page(alternates(&doc.url, &text)));
    }
    parse_syndication(doc).map(Parsed::Feed)
}

/// The feeds a page advertises, in its order.
fn alternates(base: &Url, html: &str) -> Vec<Url> {
    const TYPES: &[&str] = &[
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
    ];
    let page = Html::parse_document(html);
    let Ok(selector) = Selector::parse("link[rel][href][type]") else {
        return Vec::new();
    };
    page.select(&selector)
        .filter(|l| {
            let v = l.value();
            v.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("alternate"))
            }) && v
                .attr("type")
                .is_some_and(|t| TYPES.iter().any(|ty| t.trim().eq_ignore_ascii_case(ty)))
        })
        .filter_map(|l| base.join(l.value().attr("href")?.trim()).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .collect()
}

fn parse_syndication(doc: &Document) -> Result<ParsedFeed, FeedError> {
    let base = doc.url.to_string();
    // No generated ids: an item without a guid is known by its link (or title
    // and date), never by a hash that changes when its headline is edited.
    let parsed = parser::Builder::new()
        .base_uri(Some(base.as_str()))
        .id_generator(|_, _, _| String::new())
        .build()
        .parse(doc.bytes.as_slice())
        .map_err(|e| match e {
            parser::ParseFeedError::ParseError(parser::ParseErrorKind::NoFeedRoot) => {
                FeedError::NotAFeed
            }
            other => FeedError::Malformed(other.to_string()),
        })?;
    let mut items: Vec<FeedItem> = parsed.entries.iter().filter_map(item_of).collect();
    // Feeds list newest first: queue the oldest first.
    items.reverse();
    Ok(ParsedFeed {
        kind: KIND_FEED,
        title: parsed
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        items,
        ttl_secs: parsed.ttl.map(|m| u64::from(m) * 60),
    })
}

/// An entry's identity and link; `None` when it has neither id, link nor title.
fn item_of(entry: &Entry) -> Option<FeedItem> {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| canonical(&l.href))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let title = entry
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let published = entry.published.or(entry.updated).map(|d| d.timestamp());
    let key = if !entry.id.trim().is_empty() {
        format!("id:{}", entry.id.trim())
    } else if let Some(link) = &link {
        format!("url:{link}")
    } else {
        let title = title.as_deref()?;
        format!("td:{title}|{}", published.unwrap_or(0))
    };
    Some(FeedItem {
        key: cap(&key, 1000),
        url: link,
        title,
        body: None,
        published,
    })
}

/// The canonical form the job queue keys links on, so a story in two feeds
/// (or posted by a member) is read once.
pub(super) fn canonical(href: &str) -> String {
    links::canonicalize(href)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| href.trim().to_string())
}

pub(super) fn cap(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => s[..at].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, ct: &str, body: &str) -> Document {
        Document {
            url: Url::parse(url).expect("url"),
            content_type: Some(ct.to_string()),
            bytes: body.as_bytes().to_vec(),
            validators: Validators::default(),
            fresh_for: None,
        }
    }

    #[test]
    fn telegram_addresses_become_previews() {
        assert_eq!(
            normalize("https://t.me/somechan"),
            "https://t.me/s/somechan"
        );
        assert_eq!(
            normalize("https://t.me/s/somechan?before=5"),
            "https://t.me/s/somechan"
        );
        assert_eq!(
            normalize("https://example.com/feed"),
            "https://example.com/feed"
        );
    }

    #[test]
    fn items_are_known_by_guid_else_link_else_title_and_date() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><ttl>30</ttl>
<item><guid>g-1</guid><title>A</title><link>https://news.example/a?utm_source=x</link></item>
<item><title>B</title><link>/b</link></item>
<item><title>C</title><pubDate>Fri, 01 Sep 2023 08:00:00 GMT</pubDate></item>
</channel></rss>"#;
        let f = parse_feed(&doc(
            "https://news.example/feed",
            "application/rss+xml",
            rss,
        ))
        .expect("rss");
        let keys: Vec<&str> = f.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(
            keys,
            ["td:C|1693555200", "url:https://news.example/b", "id:g-1"]
        );
        assert_eq!(f.items[2].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(f.ttl_secs, Some(1800));
    }

    #[test]
    fn a_page_names_its_feed() {
        let html = r#"<!doctype html><html><head>
<link rel="alternate" type="application/atom+xml" href="/atom.xml">
<link rel="stylesheet" href="/s.css"></head><body>hi</body></html>"#;
        let d = doc("https://news.example/world/", "text/html", html);
        match parse(&d) {
            Ok(Parsed::Page(alts)) => {
                assert_eq!(
                    alts,
                    [Url::parse("https://news.example/atom.xml").expect("url")]
                )
            }
            _ => panic!("a page"),
        }
        let plain = doc(
            "https://news.example/",
            "text/html",
            "<html><body>x</body></html>",
        );
        assert!(matches!(parse_feed(&plain), Err(FeedError::NotAFeed)));
    }
}
