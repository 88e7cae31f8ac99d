//! SSRF-safe HTTP fetching of article pages.
//!
//! Every URL is hostile until checked. The guard runs in two places because
//! reqwest resolves in one of two ways: IP-literal hosts never reach a
//! resolver, so they are checked here before each request (the first and
//! every redirect); names go through [`resolver::GuardedResolver`], which
//! refuses local names and checks every address before reqwest may connect
//! to it. Redirects are followed by hand so each hop passes the same checks,
//! and one deadline covers the whole fetch, redirects and body included.

mod body;
mod conditional;
mod content;
mod error;
pub mod guard;
mod resolver;

pub use conditional::{Conditional, Document, Validators};
pub use error::FetchError;
// Local files are checked against the same signatures as fetched bodies.
pub(crate) use content::binary_type;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, LOCATION};
use reqwest::{redirect, Client, Response};
use url::{Host, Url};

use crate::article::charset;
use crate::config::FetchConfig;
use guard::AddressPolicy;
use resolver::GuardedResolver;

/// What we ask servers for: pages first, plain text next, anything else last
/// (a server that only has a PDF still answers, and is refused by type).
const ACCEPT_PAGES: &str = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1";

/// What a page turned out to be once its content type was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Html,
    PlainText,
}

/// A fetched page, decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    /// The URL the body came from, after redirects.
    pub url: Url,
    pub kind: PageKind,
    pub body: String,
}

/// Reusable, cheap to clone HTTP fetcher with the address guard built in.
#[derive(Clone)]
pub struct Fetcher {
    client: Client,
    policy: Arc<AddressPolicy>,
    timeout: Duration,
    connect_timeout: Duration,
    max_body_bytes: u64,
    max_redirects: usize,
}

impl Fetcher {
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let policy = Arc::new(AddressPolicy {
            allow_all: config.allow_private_addresses,
            exempt: config.exempt_addresses.clone(),
        });
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPT_PAGES));
        let language = HeaderValue::from_str(config.accept_language.trim()).map_err(|_| {
            FetchError::Client(format!(
                "accept_language {:?} is not a valid header value",
                config.accept_language
            ))
        })?;
        headers.insert(ACCEPT_LANGUAGE, language);
        let client = Client::builder()
            .user_agent(config.user_agent())
            .default_headers(headers)
            // Redirects are followed in `fetch` so every hop is checked.
            .redirect(redirect::Policy::none())
            // A proxy would resolve the target itself, out of the guard's
            // sight; the environment must not be able to turn one on.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver::new(Arc::clone(&policy))))
            .connect_timeout(config.connect_timeout())
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;
        Ok(Fetcher {
            client,
            policy,
            timeout: config.timeout(),
            connect_timeout: config.connect_timeout(),
            max_body_bytes: config.max_body_bytes,
            max_redirects: config.max_redirects,
        })
    }

    /// Fetch `url`, following at most `max_redirects` redirects, and return
    /// the page if it is HTML or plain text within the size limit.
    pub async fn fetch(&self, url: &str) -> Result<FetchedPage, FetchError> {
        let url = parse_web_url(url)?;
        match tokio::time::timeout(self.timeout, self.fetch_following(url)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::TimedOut(self.timeout)),
        }
    }

    async fn fetch_following(&self, mut url: Url) -> Result<FetchedPage, FetchError> {
        let mut redirects = 0;
        loop {
            self.check_literal_host(&url)?;
            let response = self
                .client
                .get(url.clone())
                .send()
                .await
                .map_err(|e| FetchError::from_reqwest(e, &url, self.connect_timeout))?;
            let status = response.status();
            if status.is_redirection() {
                if let Some(next) = redirect_target(&url, &response)? {
                    if redirects >= self.max_redirects {
                        return Err(FetchError::TooManyRedirects(self.max_redirects));
                    }
                    redirects += 1;
                    tracing::debug!(from = %url, to = %next, "following redirect");
                    url = next;
                    continue;
                }
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            return self.read_page(url, response).await;
        }
    }

    /// IP-literal hosts bypass the resolver, so the guard sees them here.
    fn check_literal_host(&self, url: &Url) -> Result<(), FetchError> {
        match url.host() {
            Some(Host::Ipv4(ip)) => Ok(self.policy.check_ip(ip.into())?),
            Some(Host::Ipv6(ip)) => Ok(self.policy.check_ip(ip.into())?),
            Some(Host::Domain(_)) => Ok(()),
            None => Err(FetchError::InvalidUrl(format!("{url}: no host"))),
        }
    }

    async fn read_page(&self, url: Url, response: Response) -> Result<FetchedPage, FetchError> {
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let declared = content::from_header(content_type.as_deref())?;
        let bytes = body::read_capped(response, self.max_body_bytes).await?;
        let kind = content::settle(declared.kind, &bytes)?;
        let body = charset::decode(&bytes, declared.charset.as_deref());
        Ok(FetchedPage { url, kind, body })
    }
}

/// Parse a link and require http or https.
fn parse_web_url(raw: &str) -> Result<Url, FetchError> {
    let url = Url::parse(raw.trim()).map_err(|e| FetchError::InvalidUrl(format!("{raw}: {e}")))?;
    check_scheme(&url)?;
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::UnsupportedScheme(other.to_string())),
    }
}

/// Where a 3xx response points, resolved against the current URL; `None`
/// when it has no Location (then it is reported as the status it is).
fn redirect_target(current: &Url, response: &Response) -> Result<Option<Url>, FetchError> {
    let Some(location) = response.headers().get(LOCATION) else {
        return Ok(None);
    };
    let location = location
        .to_str()
        .map_err(|_| FetchError::BadRedirect("the Location header is not text".into()))?;
    let next = current
        .join(location.trim())
        .map_err(|e| FetchError::BadRedirect(format!("{location}: {e}")))?;
    check_scheme(&next)?;
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_schemes() {
        for raw in [
            "ftp://example.com/a",
            "file:///etc/passwd",
            "gopher://example.com/",
            "data:text/html,hi",
        ] {
            assert!(
                matches!(parse_web_url(raw), Err(FetchError::UnsupportedScheme(_))),
                "{raw}"
            );
        }
        assert!(matches!(
            parse_web_url("not a url"),
            Err(FetchError::InvalidUrl(_))
        ));
        assert!(parse_web_url(" https://example.com/a ").is_ok());
    }

    #[test]
    fn bad_accept_language_is_a_setup_error() {
        let config = FetchConfig {
            accept_language: "en\nX-Evil: 1".into(),
            ..FetchConfig::default()
        };
        assert!(matches!(Fetcher::new(&config), Err(FetchError::Client(_))));
    }
}
