//! The fetcher against real HTTP servers on loopback. Every address used is
//! in 127.0.0.0/8 or ::1: private, link-local and metadata ranges are tested
//! through the pure classifier (src/article/fetch/guard.rs), never with
//! traffic.

mod support;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use clashwatch::article::fetch::guard::BlockReason;
use clashwatch::article::fetch::{FetchError, Fetcher, PageKind};
use clashwatch::article::source::{self, Input};
use clashwatch::config::FetchConfig;
use support::article_server::{gzip_bomb, ArticleServer, Reply, SilentListener};

const V4: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);
const V6: IpAddr = IpAddr::V6(Ipv6Addr::LOCALHOST);

/// Production settings with short timeouts: the guard is on.
fn guarded() -> FetchConfig {
    FetchConfig {
        connect_timeout_secs: 1,
        timeout_secs: 2,
        ..FetchConfig::default()
    }
}

/// The guard explicitly off, for pages served from 127.0.0.1.
fn unguarded() -> FetchConfig {
    FetchConfig {
        allow_private_addresses: true,
        ..guarded()
    }
}

/// The guard on, with only 127.0.0.1 exempt.
fn exempting_127_0_0_1() -> FetchConfig {
    FetchConfig {
        exempt_addresses: vec![V4],
        ..guarded()
    }
}

fn fetcher(config: &FetchConfig) -> Fetcher {
    Fetcher::new(config).expect("fetcher")
}

const PAGE: &str = "<!doctype html><html lang=en><head><title>Ceasefire holds</title></head>\
    <body><article><h1>Ceasefire holds</h1><p>Both sides reported a quiet night.</p></article></body></html>";

#[tokio::test]
async fn serves_a_page_with_the_guard_off() {
    let server = ArticleServer::start(vec![("/news/1", Reply::html(PAGE))]).await;
    let config = FetchConfig {
        accept_language: "hy-AM,ru;q=0.8".into(),
        ..unguarded()
    };
    let page = fetcher(&config)
        .fetch(&server.url("/news/1?x=1"))
        .await
        .expect("page");
    assert_eq!(page.kind, PageKind::Html);
    assert!(page.body.contains("Both sides reported a quiet night."));
    assert_eq!(page.url.as_str(), server.url("/news/1?x=1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let headers = &requests[0].headers;
    assert_eq!(requests[0].method, "GET");
    assert!(headers["user-agent"].starts_with("clashwatch/"));
    assert_eq!(headers["accept-language"], "hy-AM,ru;q=0.8");
    assert!(headers["accept"].starts_with("text/html"));
}

#[tokio::test]
async fn the_guard_is_on_by_default() {
    let server = ArticleServer::start(vec![("/", Reply::html(PAGE))]).await;
    let err = fetcher(&FetchConfig::default())
        .fetch(&server.url("/"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FetchError::Blocked(b) if b.reason == BlockReason::Loopback),
        "{err}"
    );
    assert_eq!(err.to_string(), "blocked: 127.0.0.1 is a loopback address");
    assert!(err.is_permanent());
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn every_spelling_of_loopback_is_refused_without_a_connection() {
    let v4 = SilentListener::bind(V4, 0).expect("bind 127.0.0.1");
    let v6 = SilentListener::bind(V6, 0).expect("bind ::1");
    let p = v4.port();
    let q = v6.port();
    let hostile = [
        format!("http://127.0.0.1:{p}/"),
        format!("http://2130706433:{p}/"),
        format!("http://0x7f.1:{p}/"),
        format!("http://0x7f000001:{p}/"),
        format!("http://0x7F.0x0.0x0.0x1:{p}/"),
        format!("http://0177.0.0.1:{p}/"),
        format!("http://017700000001:{p}/"),
        format!("http://0177.1:{p}/"),
        format!("http://127.1:{p}/"),
        format!("http://127.0.1:{p}/"),
        format!("http://127.0.0.1.:{p}/"),
        format!("http://%31%32%37.0.0.1:{p}/"),
        format!("http://１２７．０．０．１:{p}/"),
        format!("http://①②⑦.⓪.⓪.①:{p}/"),
        format!("http://0:{p}/"),
        format!("http://0.0.0.0:{p}/"),
        format!("http://example.com@127.0.0.1:{p}/"),
        format!("https://127.0.0.1:{p}/"),
        format!("HTTP://127.0.0.1:{p}/"),
        format!("http://localhost:{p}/"),
        format!("http://localhost.:{p}/"),
        format!("http://LOCALHOST:{p}/"),
        format!("http://LocalHost.:{p}/"),
        format!("http://news.localhost:{p}/"),
        format!("http://localhost.localdomain:{p}/"),
        format!("http://[::ffff:127.0.0.1]:{p}/"),
        format!("http://[::ffff:7f00:1]:{p}/"),
        format!("http://[0:0:0:0:0:ffff:127.0.0.1]:{p}/"),
        format!("http://[::127.0.0.1]:{p}/"),
        format!("http://[64:ff9b::127.0.0.1]:{p}/"),
        format!("http://[::ffff:0.0.0.0]:{p}/"),
        format!("http://[::1]:{q}/"),
        format!("http://[0:0:0:0:0:0:0:1]:{q}/"),
        format!("http://[::]:{q}/"),
        format!("http://[::]:{p}/"),
    ];
    let fetcher = fetcher(&guarded());
    for url in &hostile {
        match fetcher.fetch(url).await {
            Err(FetchError::Blocked(blocked)) => {
                assert!(
                    matches!(
                        blocked.reason,
                        BlockReason::Loopback
                            | BlockReason::LocalName
                            | BlockReason::Unspecified
                            | BlockReason::Reserved
                    ),
                    "{url}: {blocked}"
                );
            }
            other => panic!("{url}: expected a refusal, got {other:?}"),
        }
        assert!(!v4.was_contacted(), "{url} reached 127.0.0.1");
        assert!(!v6.was_contacted(), "{url} reached ::1");
    }
}

#[tokio::test]
async fn refusals_say_what_was_refused() {
    let fetcher = fetcher(&guarded());
    let message = |url: &'static str| {
        let fetcher = fetcher.clone();
        async move { fetcher.fetch(url).await.unwrap_err().to_string() }
    };
    assert_eq!(
        message("http://2130706433/").await,
        "blocked: 127.0.0.1 is a loopback address"
    );
    assert_eq!(
        message("http://[::ffff:127.0.0.1]/").await,
        "blocked: ::ffff:127.0.0.1 is a loopback address (127.0.0.1 inside)"
    );
    assert_eq!(
        message("http://localhost./").await,
        "blocked: localhost. is a local host name"
    );
    assert_eq!(
        message("file:///etc/passwd").await,
        "not a web link: only http and https are read, not file"
    );
}

#[tokio::test]
async fn a_redirect_to_another_local_address_is_refused() {
    let other_v4 =
        SilentListener::bind(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), 0).expect("bind 127.0.0.2");
    let p2 = other_v4.port();
    let v6 = SilentListener::bind(V6, 0).expect("bind ::1");
    let p6 = v6.port();
    let named = SilentListener::bind(V4, 0).expect("bind 127.0.0.1");
    let pn = named.port();
    let targets = [
        ("/to-127-0-0-2", format!("http://127.0.0.2:{p2}/")),
        ("/to-hex", format!("http://0x7f.0.0.2:{p2}/")),
        ("/to-decimal", format!("http://2130706434:{p2}/")),
        ("/to-mapped", format!("http://[::ffff:127.0.0.2]:{p2}/")),
        ("/to-v6", format!("http://[::1]:{p6}/")),
        ("/to-localhost", format!("http://localhost:{pn}/")),
        ("/to-localhost-dot", format!("http://localhost.:{pn}/")),
    ];
    let mut routes: Vec<(&str, Reply)> = targets
        .iter()
        .map(|(path, to)| (*path, Reply::redirect(302, to)))
        .collect();
    // A relative hop that stays allowed, then one that is not.
    routes.push(("/hop", Reply::redirect(301, "/to-127-0-0-2")));
    routes.push(("/to-ftp", Reply::redirect(307, "ftp://127.0.0.1/file")));
    routes.push(("/to-page", Reply::redirect(308, "/page")));
    routes.push(("/page", Reply::html(PAGE)));
    let server = ArticleServer::start(routes).await;
    let fetcher = fetcher(&exempting_127_0_0_1());

    // The exemption itself works: redirects within 127.0.0.1 are followed.
    let page = fetcher.fetch(&server.url("/to-page")).await.expect("page");
    assert_eq!(page.url.as_str(), server.url("/page"));

    for (path, to) in &targets {
        let err = fetcher.fetch(&server.url(path)).await.unwrap_err();
        assert!(
            matches!(err, FetchError::Blocked(_)),
            "{path} -> {to}: {err}"
        );
    }
    let err = fetcher.fetch(&server.url("/hop")).await.unwrap_err();
    assert!(matches!(err, FetchError::Blocked(_)), "{err}");
    let err = fetcher.fetch(&server.url("/to-ftp")).await.unwrap_err();
    assert!(matches!(err, FetchError::UnsupportedScheme(_)), "{err}");

    // The first hop was really served each time; the targets never saw a
    // connection.
    assert!(server.requests().iter().any(|r| r.target == "/to-v6"));
    assert!(!other_v4.was_contacted());
    assert!(!v6.was_contacted());
    assert!(!named.was_contacted());
}

#[tokio::test]
async fn at_most_the_configured_number_of_redirects() {
    let server = ArticleServer::start(vec![
        ("/r1", Reply::redirect(302, "/r2")),
        ("/r2", Reply::redirect(301, "/r3")),
        ("/r3", Reply::redirect(303, "/r4")),
        ("/r4", Reply::redirect(307, "/r5")),
        ("/r5", Reply::redirect(308, "/page")),
        ("/r0", Reply::redirect(302, "/r1")),
        ("/page", Reply::html(PAGE)),
    ])
    .await;
    let fetcher = fetcher(&unguarded());
    let page = fetcher
        .fetch(&server.url("/r1"))
        .await
        .expect("5 redirects");
    assert_eq!(page.url.as_str(), server.url("/page"));
    let err = fetcher.fetch(&server.url("/r0")).await.unwrap_err();
    assert_eq!(err.to_string(), "too many redirects (more than 5)");
    assert!(err.is_permanent());
}

#[tokio::test]
async fn body_cap_on_plain_bodies() {
    const CAP: u64 = 64 * 1024;
    let big = vec![b'a'; 200 * 1024];
    let server = ArticleServer::start(vec![
        ("/declared", Reply::text(&String::from_utf8_lossy(&big))),
        (
            "/streamed",
            Reply::typed("text/plain", big.clone()).without_length(),
        ),
        (
            "/exact",
            Reply::typed("text/plain", vec![b'b'; CAP as usize]),
        ),
    ])
    .await;
    let config = FetchConfig {
        max_body_bytes: CAP,
        ..unguarded()
    };
    let fetcher = fetcher(&config);
    for path in ["/declared", "/streamed"] {
        let err = fetcher.fetch(&server.url(path)).await.unwrap_err();
        assert!(matches!(err, FetchError::TooLarge(CAP)), "{path}: {err}");
        assert_eq!(err.to_string(), "too large: more than 64 KiB");
        assert!(err.is_permanent());
    }
    let page = fetcher
        .fetch(&server.url("/exact"))
        .await
        .expect("at the cap");
    assert_eq!(page.body.len(), CAP as usize);
}

#[tokio::test]
async fn body_cap_counts_decompressed_bytes() {
    const CAP: u64 = 256 * 1024;
    let bomb = gzip_bomb(16 * 1024 * 1024);
    // Small enough on the wire that only decompressed counting catches it.
    assert!(
        (bomb.len() as u64) < CAP / 4,
        "bomb is {} bytes",
        bomb.len()
    );
    let server = ArticleServer::start(vec![
        (
            "/bomb",
            Reply::typed("text/html", bomb).header("Content-Encoding", "gzip"),
        ),
        ("/gzipped", Reply::html(PAGE).gzipped()),
    ])
    .await;
    let config = FetchConfig {
        max_body_bytes: CAP,
        ..unguarded()
    };
    let fetcher = fetcher(&config);
    let err = fetcher.fetch(&server.url("/bomb")).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge(CAP)), "{err}");
    let page = fetcher
        .fetch(&server.url("/gzipped"))
        .await
        .expect("gzip page");
    assert!(page.body.contains("Both sides reported a quiet night."));
}

#[tokio::test]
async fn slow_servers_time_out() {
    let server = ArticleServer::start(vec![
        (
            "/slow-start",
            Reply::html(PAGE).delayed(Duration::from_secs(30)),
        ),
        (
            "/slow-body",
            Reply::typed("text/html", vec![b'x'; 100 * 1024]).trickled(Duration::from_millis(200)),
        ),
    ])
    .await;
    let config = FetchConfig {
        timeout_secs: 1,
        ..unguarded()
    };
    let fetcher = fetcher(&config);
    for path in ["/slow-start", "/slow-body"] {
        let started = Instant::now();
        let err = fetcher.fetch(&server.url(path)).await.unwrap_err();
        let took = started.elapsed();
        assert!(matches!(err, FetchError::TimedOut(_)), "{path}: {err}");
        assert_eq!(err.to_string(), "timed out after 1 s");
        assert!(err.is_temporary());
        assert!(took < Duration::from_millis(2500), "{path} took {took:?}");
    }
}

#[tokio::test]
async fn http_errors_are_reported_by_status() {
    let server = ArticleServer::start(vec![
        ("/gone", Reply::status(410)),
        ("/busy", Reply::status(503)),
        ("/limited", Reply::status(429)),
        ("/no-location", Reply::new(302, None, Vec::new())),
    ])
    .await;
    let fetcher = fetcher(&unguarded());
    let err = fetcher.fetch(&server.url("/missing")).await.unwrap_err();
    assert_eq!(err.to_string(), "HTTP 404 Not Found");
    assert!(err.is_permanent());
    let err = fetcher.fetch(&server.url("/gone")).await.unwrap_err();
    assert_eq!(err.to_string(), "HTTP 410 Gone");
    assert!(err.is_permanent());
    for path in ["/busy", "/limited"] {
        let err = fetcher.fetch(&server.url(path)).await.unwrap_err();
        assert!(err.is_temporary(), "{path}: {err}");
    }
    let err = fetcher
        .fetch(&server.url("/no-location"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "HTTP 302 Found");
}

#[tokio::test]
async fn a_closed_port_is_a_temporary_connection_error() {
    let port = SilentListener::bind(V4, 0).expect("bind").port();
    // The listener is dropped: nothing listens on that port now.
    let err = fetcher(&unguarded())
        .fetch(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err
        .to_string()
        .starts_with("could not connect to 127.0.0.1: "));
    assert!(err.is_temporary());
}

#[tokio::test]
async fn documents_that_are_not_pages_are_refused_by_type() {
    let server = ArticleServer::start(vec![
        (
            "/report.pdf",
            Reply::typed("application/pdf", "%PDF-1.7\n..."),
        ),
        (
            "/photo",
            Reply::typed("image/jpeg", vec![0xff, 0xd8, 0xff, 0xe0]),
        ),
        ("/clip", Reply::typed("video/mp4", vec![0u8; 16])),
        ("/feed", Reply::typed("application/json", "{}")),
        ("/untyped.pdf", Reply::untyped("%PDF-1.4\n...")),
        ("/mislabelled", Reply::typed("text/plain", "%PDF-1.4\n...")),
    ])
    .await;
    let fetcher = fetcher(&unguarded());
    let cases = [
        ("/report.pdf", "not an article: application/pdf"),
        ("/photo", "not an article: image/jpeg"),
        ("/clip", "not an article: video/mp4"),
        ("/feed", "not an article: application/json"),
        ("/untyped.pdf", "not an article: application/pdf"),
        ("/mislabelled", "not an article: application/pdf"),
    ];
    for (path, message) in cases {
        let err = fetcher.fetch(&server.url(path)).await.unwrap_err();
        assert_eq!(err.to_string(), message, "{path}");
        assert!(err.is_permanent());
    }
}

#[tokio::test]
async fn plain_text_and_untyped_pages_are_read() {
    let server = ArticleServer::start(vec![
        ("/note.txt", Reply::text("Title\n\nBody text.")),
        ("/untyped", Reply::untyped(PAGE)),
        ("/xhtml", Reply::typed("application/xhtml+xml", PAGE)),
    ])
    .await;
    let fetcher = fetcher(&unguarded());
    let page = fetcher.fetch(&server.url("/note.txt")).await.expect("text");
    assert_eq!(page.kind, PageKind::PlainText);
    assert_eq!(page.body, "Title\n\nBody text.");
    let page = fetcher
        .fetch(&server.url("/untyped"))
        .await
        .expect("sniffed");
    assert_eq!(page.kind, PageKind::Html);
    let page = fetcher.fetch(&server.url("/xhtml")).await.expect("xhtml");
    assert_eq!(page.kind, PageKind::Html);
}

#[tokio::test]
async fn windows_1251_pages_are_decoded() {
    let text = "Обстрел продолжался всю ночь, сообщили в Донецке.";
    let (encoded, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let body = |head: &str| {
        let mut page = format!("<html><head>{head}<title>t</title></head><body><p>").into_bytes();
        page.extend_from_slice(&encoded);
        page.extend_from_slice(b"</p></body></html>");
        page
    };
    let server = ArticleServer::start(vec![
        (
            "/header",
            Reply::typed("text/html; charset=windows-1251", body("")),
        ),
        (
            "/meta",
            Reply::typed("text/html", body("<meta charset=\"windows-1251\">")),
        ),
        (
            "/http-equiv",
            Reply::untyped(body(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=cp1251\">",
            )),
        ),
    ])
    .await;
    let fetcher = fetcher(&unguarded());
    for path in ["/header", "/meta", "/http-equiv"] {
        let page = fetcher.fetch(&server.url(path)).await.expect(path);
        assert!(page.body.contains(text), "{path}: {}", page.body);
    }
}

#[tokio::test]
async fn tracking_parameters_do_not_reach_the_article_url() {
    let server = ArticleServer::start(vec![(
        "/story",
        Reply::text("Shelling near the border\n\nTwo villages were hit overnight."),
    )])
    .await;
    let fetcher = fetcher(&unguarded());
    let posted = server.url("/story?id=42&utm_source=telegram&fbclid=AbC#comments");
    let article = source::read(&Input::Url(posted), &fetcher)
        .await
        .expect("article");
    assert_eq!(article.url, Some(server.url("/story?id=42")));
    assert_eq!(article.title.as_deref(), Some("Shelling near the border"));
}

/// The "no connection" assertions above are only worth something if the
/// listener does notice a connection.
#[test]
fn a_silent_listener_notices_a_connection() {
    let listener = SilentListener::bind(V4, 0).expect("bind");
    assert!(!listener.was_contacted());
    let _stream = std::net::TcpStream::connect((V4, listener.port())).expect("connect");
    // The handshake completes in the kernel; give the backlog a moment.
    let deadline = Instant::now() + Duration::from_secs(2);
    while !listener.was_contacted() {
        assert!(Instant::now() < deadline, "connection not seen");
        std::thread::sleep(Duration::from_millis(10));
    }
}
