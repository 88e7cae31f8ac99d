use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use url::Url;

use super::guard::Blocked;

/// Why a page could not be fetched, worded for the person who posted the link.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid link: {0}")]
    InvalidUrl(String),
    #[error("not a web link: only http and https are read, not {0}")]
    UnsupportedScheme(String),
    #[error("blocked: {0}")]
    Blocked(#[from] Blocked),
    #[error("could not find {host}: {reason}")]
    Resolve { host: String, reason: String },
    #[error("could not connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("timed out after {} s", .0.as_secs())]
    TimedOut(Duration),
    #[error("HTTP {}", StatusText(*.0))]
    Status(u16),
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    #[error("bad redirect: {0}")]
    BadRedirect(String),
    #[error("too large: more than {}", Size(*.0))]
    TooLarge(u64),
    #[error("not an article: {0}")]
    NotArticle(String),
    #[error("the download broke off: {0}")]
    Read(String),
    #[error("request failed: {0}")]
    Request(String),
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// Whether trying the same link later may succeed: timeouts, connection
    /// and name-lookup failures, broken downloads, 408, 429 and 5xx. Every
    /// other error (blocked, too large, wrong type, 4xx, bad link) is
    /// permanent and retrying only repeats it.
    pub fn is_temporary(&self) -> bool {
        match self {
            FetchError::Resolve { .. }
            | FetchError::Connect { .. }
            | FetchError::TimedOut(_)
            | FetchError::Read(_)
            | FetchError::Request(_) => true,
            FetchError::Status(code) => *code == 408 || *code == 429 || *code >= 500,
            FetchError::InvalidUrl(_)
            | FetchError::UnsupportedScheme(_)
            | FetchError::Blocked(_)
            | FetchError::TooManyRedirects(_)
            | FetchError::BadRedirect(_)
            | FetchError::TooLarge(_)
            | FetchError::NotArticle(_)
            | FetchError::Client(_) => false,
        }
    }

    pub fn is_permanent(&self) -> bool {
        !self.is_temporary()
    }

    /// Turn a reqwest error for a request to `url` into a typed error. The
    /// resolver's own errors travel inside reqwest's as boxed sources, so the
    /// chain is searched for them first.
    pub(super) fn from_reqwest(err: reqwest::Error, url: &Url, connect_timeout: Duration) -> Self {
        let host = url.host_str().unwrap_or("the site").to_string();
        let mut source: Option<&(dyn StdError + 'static)> = err.source();
        let mut innermost = None;
        while let Some(cause) = source {
            if let Some(blocked) = cause.downcast_ref::<Blocked>() {
                return FetchError::Blocked(blocked.clone());
            }
            if let Some(failed) = cause.downcast_ref::<ResolveFailed>() {
                return FetchError::Resolve {
                    host: failed.host.clone(),
                    reason: failed.reason.clone(),
                };
            }
            innermost = Some(cause);
            source = cause.source();
        }
        let reason = innermost
            .map(ToString::to_string)
            .unwrap_or_else(|| err.to_string());
        if err.is_connect() {
            let reason = if err.is_timeout() {
                format!("no answer within {} s", connect_timeout.as_secs())
            } else {
                reason
            };
            FetchError::Connect { host, reason }
        } else if err.is_body() || err.is_decode() {
            FetchError::Read(reason)
        } else {
            FetchError::Request(reason)
        }
    }
}

/// A name lookup that failed (as opposed to one that was refused).
#[derive(Debug, thiserror::Error)]
#[error("could not find {host}: {reason}")]
pub(super) struct ResolveFailed {
    pub host: String,
    pub reason: String,
}

/// "404 Not Found", or just "599" for codes without a standard phrase.
struct StatusText(u16);

impl fmt::Display for StatusText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(reason) = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        Ok(())
    }
}

/// A byte count the way people say it: "5 MiB", "64 KiB", "1000 bytes".
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * 1024;
        let n = self.0;
        if n >= MIB && n.is_multiple_of(MIB) {
            write!(f, "{} MiB", n / MIB)
        } else if n >= MIB {
            write!(f, "{:.1} MiB", n as f64 / MIB as f64)
        } else if n >= KIB && n.is_multiple_of(KIB) {
            write!(f, "{} KiB", n / KIB)
        } else {
            write!(f, "{n} bytes")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::fetch::guard::BlockReason;

    #[test]
    fn messages_read_like_sentences() {
        let blocked = FetchError::Blocked(Blocked {
            host: "10.0.0.5".into(),
            reason: BlockReason::Private,
            via: None,
            resolved_from: None,
        });
        assert_eq!(
            blocked.to_string(),
            "blocked: 10.0.0.5 is a private address"
        );
        assert_eq!(
            FetchError::TooLarge(5 * 1024 * 1024).to_string(),
            "too large: more than 5 MiB"
        );
        assert_eq!(
            FetchError::TooLarge(64 * 1024).to_string(),
            "too large: more than 64 KiB"
        );
        assert_eq!(
            FetchError::NotArticle("application/pdf".into()).to_string(),
            "not an article: application/pdf"
        );
        assert_eq!(
            FetchError::TimedOut(Duration::from_secs(20)).to_string(),
            "timed out after 20 s"
        );
        assert_eq!(FetchError::Status(404).to_string(), "HTTP 404 Not Found");
        assert_eq!(FetchError::Status(599).to_string(), "HTTP 599");
        assert_eq!(
            FetchError::TooManyRedirects(5).to_string(),
            "too many redirects (more than 5)"
        );
    }

    #[test]
    fn temporary_versus_permanent() {
        assert!(FetchError::TimedOut(Duration::from_secs(1)).is_temporary());
        assert!(FetchError::Status(503).is_temporary());
        assert!(FetchError::Status(429).is_temporary());
        assert!(FetchError::Connect {
            host: "example.com".into(),
            reason: "refused".into()
        }
        .is_temporary());
        assert!(FetchError::Status(404).is_permanent());
        assert!(FetchError::Status(403).is_permanent());
        assert!(FetchError::TooLarge(1).is_permanent());
        assert!(FetchError::NotArticle("image/png".into()).is_permanent());
        assert!(FetchError::UnsupportedScheme("ftp".into()).is_permanent());
    }
}
