//! A public Telegram channel's web preview (`https://t.me/s/<name>`) read as
//! a feed: each post is an item. A post that links to an article is read
//! from that link; a post without one is itself the article (its text, its
//! date, the channel as the site).

use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

use super::source::{canonical, cap, FeedError, ParsedFeed};
use crate::store::feeds::KIND_TELEGRAM;
use crate::store::FeedItem;

/// Longest post text kept as an article.
const MAX_POST_CHARS: usize = 20_000;

pub fn is_telegram_host(url: &Url) -> bool {
    matches!(
        url.host_str(),
        Some("t.me" | "telegram.me" | "www.t.me" | "www.telegram.me")
    )
}

/// The page is a channel preview: on Telegram's host under `/s/`, or any
/// page built like one (a mirror, a test server).
pub fn is_preview(url: &Url, html: &str) -> bool {
    (is_telegram_host(url) && url.path().starts_with("/s/")) || html.contains("tgme_widget_message")
}

fn selector(css: &str) -> Result<Selector, FeedError> {
    Selector::parse(css).map_err(|e| FeedError::Malformed(format!("selector {css}: {e}")))
}

pub fn parse(page_url: &Url, html: &str) -> Result<ParsedFeed, FeedError> {
    let page = Html::parse_document(html);
    let messages = selector(".tgme_widget_message[data-post]")?;
    let text_sel = selector(".tgme_widget_message_text")?;
    let time_sel = selector("time[datetime]")?;
    let link_sel = selector("a[href]")?;
    let preview_sel = selector("a.tgme_widget_message_link_preview[href]")?;
    let title_sel = selector(".tgme_channel_info_header_title, meta[property=\"og:title\"]")?;
    let title = page.select(&title_sel).next().and_then(|e| {
        e.value()
            .attr("content")
            .map(str::to_string)
            .or_else(|| Some(e.text().collect::<String>()))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    });
    let mut items = Vec::new();
    for message in page.select(&messages) {
        let Some(post) = message.value().attr("data-post") else {
            continue;
        };
        let post = post.trim().trim_matches('/');
        let Ok(post_url) = Url::parse("https://t.me/").and_then(|b| b.join(post)) else {
            continue;
        };
        let text_el = message.select(&text_sel).next();
        let text = text_el.map(text_of).unwrap_or_default();
        let published = message
            .select(&time_sel)
            .next()
            .and_then(|t| t.value().attr("datetime"))
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.timestamp());
        let link = text_el
            .into_iter()
            .flat_map(|t| t.select(&link_sel))
            .chain(message.select(&preview_sel))
            .filter_map(|a| page_url.join(a.value().attr("href")?.trim()).ok())
            .find(|u| matches!(u.scheme(), "http" | "https") && !is_telegram_host(u));
        let first_line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| cap(l, 200));
        let item = match link {
            Some(link) => FeedItem {
                key: format!("id:tg:{post}"),
                url: Some(canonical(link.as_str())),
                title: first_line,
                body: None,
                published,
            },
            None if !text.trim().is_empty() => FeedItem {
                key: format!("id:tg:{post}"),
                url: Some(post_url.to_string()),
                title: first_line,
                body: Some(cap(text.trim(), MAX_POST_CHARS)),
                published,
            },
            // A photo or a sticker alone: nothing to read.
            None => continue,
        };
        items.push(item);
    }
    // The preview lists posts oldest first already.
    Ok(ParsedFeed {
        kind: KIND_TELEGRAM,
        title,
        items,
        ttl_secs: None,
    })
}

/// A post's text with its line breaks (`<br>`) as newlines.
fn text_of(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in el.descendants() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><meta property="og:title" content="Front News"></head><body>
<div class="tgme_widget_message" data-post="frontnews/10">
  <div class="tgme_widget_message_text">Read this: <a href="https://news.example/story?utm_source=tg">story</a></div>
  <a class="tgme_widget_message_date" href="https://t.me/frontnews/10"><time datetime="2023-09-01T08:00:00+00:00">8:00</time></a>
</div>
<div class="tgme_widget_message" data-post="frontnews/11">
  <div class="tgme_widget_message_text">Two soldiers were killed near Sotk.<br>Shelling continues.</div>
  <a class="tgme_widget_message_date" href="https://t.me/frontnews/11"><time datetime="2023-09-01T09:00:00+00:00">9:00</time></a>
</div>
<div class="tgme_widget_message" data-post="frontnews/12"><div class="photo"></div></div>
</body></html>"#;

    #[test]
    fn posts_with_and_without_links() {
        let url = Url::parse("https://t.me/s/frontnews").expect("url");
        assert!(is_preview(&url, PAGE));
        let f = parse(&url, PAGE).expect("parsed");
        assert_eq!(f.title.as_deref(), Some("Front News"));
        assert_eq!(f.items.len(), 2, "{:?}", f.items);
        assert_eq!(
            f.items[0].url.as_deref(),
            Some("https://news.example/story")
        );
        assert!(f.items[0].body.is_none());
        assert_eq!(f.items[1].url.as_deref(), Some("https://t.me/frontnews/11"));
        assert_eq!(
            f.items[1].body.as_deref(),
            Some("Two soldiers were killed near Sotk.\nShelling continues.")
        );
        assert_eq!(f.items[1].published, Some(1_693_558_800));
    }
}
