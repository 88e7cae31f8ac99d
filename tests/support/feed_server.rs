//! A local feed server on loopback: documents by path that a test changes
//! while the bot polls them, an ETag per version (so conditional requests
//! get 304 when nothing changed), paths that fail, and a count of requests
//! and 304s per path.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::task::JoinHandle;

#[derive(Debug, Clone)]
struct Doc {
    content_type: String,
    body: String,
    version: u64,
    /// Answer this status instead of the document.
    fail: Option<u16>,
    /// Send an ETag and honour If-None-Match.
    etag: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Hits {
    pub requests: u64,
    pub not_modified: u64,
}

#[derive(Default)]
struct Shared {
    docs: HashMap<String, Doc>,
    hits: HashMap<String, Hits>,
}

pub struct FeedServer {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    task: JoinHandle<()>,
}

impl FeedServer {
    pub async fn start() -> FeedServer {
        FeedServer::start_on(IpAddr::V4(Ipv4Addr::LOCALHOST)).await
    }

    /// On a given loopback address (the benchmark gives each feed its own
    /// host: 127.0.x.y).
    pub async fn start_on(ip: IpAddr) -> FeedServer {
        assert!(ip.is_loopback(), "test servers listen on loopback only");
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let app = Router::new()
            .fallback(serve)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FeedServer { addr, shared, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Serve `body` at `path` (a new version: a new ETag).
    pub fn set(&self, path: &str, content_type: &str, body: &str) {
        let mut s = self.shared.lock().expect("feed server state");
        let version = s.docs.get(path).map(|d| d.version + 1).unwrap_or(1);
        s.docs.insert(
            path.to_string(),
            Doc {
                content_type: content_type.to_string(),
                body: body.to_string(),
                version,
                fail: None,
                etag: true,
            },
        );
    }

    /// Serve `body` at `path` without validators (every poll gets it all).
    pub fn set_plain(&self, path: &str, content_type: &str, body: &str) {
        self.set(path, content_type, body);
        if let Some(d) = self.shared.lock().expect("state").docs.get_mut(path) {
            d.etag = false;
        }
    }

    /// Answer `status` at `path` from now on (`None`: serve it again).
    pub fn fail(&self, path: &str, status: Option<u16>) {
        let mut s = self.shared.lock().expect("feed server state");
        let doc = s.docs.entry(path.to_string()).or_insert_with(|| Doc {
            content_type: "text/plain".into(),
            body: String::new(),
            version: 1,
            fail: None,
            etag: false,
        });
        doc.fail = status;
    }

    pub fn hits(&self, path: &str) -> Hits {
        self.shared
            .lock()
            .expect("feed server state")
            .hits
            .get(path)
            .copied()
            .unwrap_or_default()
    }

    pub fn total_hits(&self) -> Hits {
        let s = self.shared.lock().expect("feed server state");
        s.hits.values().fold(Hits::default(), |a, h| Hits {
            requests: a.requests + h.requests,
            not_modified: a.not_modified + h.not_modified,
        })
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(State(shared): State<Arc<Mutex<Shared>>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let headers: HeaderMap = req.headers().clone();
    let mut s = shared.lock().expect("feed server state");
    let doc = s.docs.get(&path).cloned();
    let hits = s.hits.entry(path).or_default();
    hits.requests += 1;
    let Some(doc) = doc else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    if let Some(status) = doc.fail {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (code, format!("status {status}")).into_response();
    }
    let etag = format!("\"v{}\"", doc.version);
    if doc.etag
        && headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        hits.not_modified += 1;
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, doc.content_type.clone())],
        doc.body.clone(),
    )
        .into_response();
    if doc.etag {
        if let Ok(v) = etag.parse() {
            response.headers_mut().insert(header::ETAG, v);
        }
    }
    response
}

/// An RSS 2.0 feed of `(guid, title, link)` items, newest first.
pub fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(guid, t, link)| {
            format!(
                "<item><guid isPermaLink=\"false\">{guid}</guid><title>{t}</title><link>{link}</link>\
                 <pubDate>Fri, 01 Sep 2023 08:00:00 GMT</pubDate></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title>\
         <link>http://example.invalid/</link><description>d</description>\n{items}</channel></rss>"
    )
}

/// An Atom feed of `(id, title, link)` entries.
pub fn atom(title: &str, entries: &[(&str, &str, &str)]) -> String {
    let entries: String = entries
        .iter()
        .map(|(id, t, link)| {
            format!(
                "<entry><id>{id}</id><title>{t}</title><link href=\"{link}\"/>\
                 <updated>2023-09-01T08:00:00Z</updated></entry>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{title}</title><id>urn:feed</id><updated>2023-09-01T08:00:00Z</updated>\n{entries}</feed>"
    )
}

/// A JSON Feed 1.1 of `(id, title, url)` items.
pub fn json_feed(title: &str, items: &[(&str, &str, &str)]) -> String {
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(
            |(id, t, url)| serde_json::json!({"id": id, "title": t, "url": url, "content_text": t}),
        )
        .collect();
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": items,
    })
    .to_string()
}

/// A page built like a Telegram channel's web preview: `(post id, text,
/// link)` posts, oldest first.
pub fn telegram(channel: &str, posts: &[(u32, &str, Option<&str>)]) -> String {
    let posts: String = posts
        .iter()
        .map(|(id, text, link)| {
            let link = link
                .map(|l| format!(" <a href=\"{l}\">{l}</a>"))
                .unwrap_or_default();
            format!(
                "<div class=\"tgme_widget_message\" data-post=\"{channel}/{id}\">\
                 <div class=\"tgme_widget_message_text\">{text}{link}</div>\
                 <a class=\"tgme_widget_message_date\" href=\"https://t.me/{channel}/{id}\">\
                 <time datetime=\"2023-09-01T08:00:00+00:00\">8:00</time></a></div>\n"
            )
        })
        .collect();
    format!(
        "<!doctype html><html><head><meta property=\"og:title\" content=\"{channel} channel\"></head>\
         <body><div class=\"tgme_channel_info_header_title\">{channel} channel</div>\n{posts}</body></html>"
    )
}
