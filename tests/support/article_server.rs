//! A small HTTP/1.1 server on loopback for tests that fetch pages: fixed
//! replies by path, with knobs for the awkward cases (slow starts, trickled
//! bodies, redirects, gzip, bodies without a length). It records every
//! connection and request so tests can assert what the client sent, and
//! whether it connected at all.

use std::collections::HashMap;
use std::io::{ErrorKind, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flate2::write::GzEncoder;
use flate2::Compression;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One canned response.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before sending anything.
    pub delay: Duration,
    /// Send the body in 1 KiB pieces, this far apart.
    pub trickle: Option<Duration>,
    /// Send `Content-Length` (else the body ends when the connection closes).
    pub with_length: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Reply {
        let headers = content_type
            .map(|ct| vec![("Content-Type".to_string(), ct.to_string())])
            .unwrap_or_default();
        Reply {
            status,
            headers,
            body: body.into(),
            delay: Duration::ZERO,
            trickle: None,
            with_length: true,
        }
    }

    pub fn html(body: &str) -> Reply {
        Reply::new(200, Some("text/html; charset=utf-8"), body)
    }

    pub fn text(body: &str) -> Reply {
        Reply::new(200, Some("text/plain; charset=utf-8"), body)
    }

    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, Some(content_type), body)
    }

    pub fn untyped(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, None, body)
    }

    pub fn status(status: u16) -> Reply {
        Reply::new(status, Some("text/plain"), format!("status {status}\n"))
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::new(status, None, Vec::new()).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    pub fn trickled(mut self, interval: Duration) -> Reply {
        self.trickle = Some(interval);
        self
    }

    pub fn without_length(mut self) -> Reply {
        self.with_length = false;
        self
    }

    /// Compress the body with gzip and say so in `Content-Encoding`.
    pub fn gzipped(mut self) -> Reply {
        self.body = gzip(&self.body);
        self.header("Content-Encoding", "gzip")
    }
}

/// `len` bytes of spaces, gzip-compressed in pieces (never all in memory):
/// a gzip bomb whose compressed size is about a thousandth of `len`.
pub fn gzip_bomb(len: usize) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let piece = vec![b' '; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(piece.len());
        encoder
            .write_all(&piece[..n])
            .expect("writing to a Vec cannot fail");
        left -= n;
    }
    encoder.finish().expect("writing to a Vec cannot fail")
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

/// What the client sent.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
}

/// A running server; stops when dropped.
pub struct ArticleServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Request>>>,
    task: JoinHandle<()>,
}

impl ArticleServer {
    /// Serve `routes` (path without query -> reply) on 127.0.0.1.
    pub async fn start(routes: Vec<(&str, Reply)>) -> ArticleServer {
        ArticleServer::start_on(IpAddr::V4(Ipv4Addr::LOCALHOST), routes).await
    }

    /// Serve on a given loopback address (127.0.0.0/8 or ::1 only).
    pub async fn start_on(ip: IpAddr, routes: Vec<(&str, Reply)>) -> ArticleServer {
        assert!(ip.is_loopback(), "test servers listen on loopback only");
        let listener = TcpListener::bind((ip, 0))
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let routes: Arc<HashMap<String, Reply>> = Arc::new(
            routes
                .into_iter()
                .map(|(path, reply)| (path.to_string(), reply))
                .collect(),
        );
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let connections = Arc::clone(&connections);
            let requests = Arc::clone(&requests);
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    connections.fetch_add(1, Ordering::SeqCst);
                    let routes = Arc::clone(&routes);
                    let requests = Arc::clone(&requests);
                    tokio::spawn(async move {
                        // A client that gives up mid-reply is what several
                        // tests are about; its write errors mean nothing.
                        let _ = serve(stream, &routes, &requests).await;
                    });
                }
            })
        };
        ArticleServer {
            addr,
            connections,
            requests,
            task,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://<addr><path>`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for ArticleServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    routes: &HashMap<String, Reply>,
    requests: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let path = request
        .target
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    if let Ok(mut log) = requests.lock() {
        log.push(request);
    }
    let reply = routes
        .get(&path)
        .cloned()
        .unwrap_or_else(|| Reply::status(404));
    tokio::time::sleep(reply.delay).await;
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if reply.with_length {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).await?;
    match reply.trickle {
        Some(interval) => {
            for piece in reply.body.chunks(1024) {
                stream.write_all(piece).await?;
                stream.flush().await?;
                tokio::time::sleep(interval).await;
            }
        }
        None => stream.write_all(&reply.body).await?,
    }
    stream.shutdown().await
}

/// Read one request head; `None` when the client closed before sending one.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 64 * 1024 {
            return Err(std::io::Error::new(ErrorKind::InvalidData, "head too long"));
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let target = first.next().unwrap_or_default().to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Some(Request {
        method,
        target,
        headers,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A listening socket that never answers, to prove a client did not even
/// connect: the kernel completes handshakes into the backlog whether or not
/// anyone accepts, so a non-blocking accept tells whether one happened.
pub struct SilentListener {
    listener: std::net::TcpListener,
}

impl SilentListener {
    /// Bind `ip` (loopback only) on any free port, or on `port`.
    pub fn bind(ip: IpAddr, port: u16) -> std::io::Result<SilentListener> {
        assert!(ip.is_loopback(), "test listeners bind loopback only");
        let listener = std::net::TcpListener::bind((ip, port))?;
        listener.set_nonblocking(true)?;
        Ok(SilentListener { listener })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Whether any connection has arrived so far.
    pub fn was_contacted(&self) -> bool {
        match self.listener.accept() {
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::WouldBlock => false,
            Err(e) => panic!("accept failed: {e}"),
        }
    }
}
