//! Conditional fetches for feeds: the same guard, redirects, deadline and
//! size cap as pages, plus the validators (ETag, Last-Modified) that let a
//! server answer 304 with no body, and the cache hints it gives.

use reqwest::header::{
    HeaderMap, ACCEPT, CACHE_CONTROL, CONTENT_TYPE, ETAG, EXPIRES, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED,
};
use url::Url;

use super::{body, content, parse_web_url, redirect_target, FetchError, Fetcher};
use crate::article::charset;

/// What feeds are asked for: the feed formats first, pages last (a page may
/// advertise its feed).
const ACCEPT_FEEDS: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
    application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.1";

/// What the last fetch of a document returned, to ask "changed since?".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A fetched document (a feed, or a page that may advertise one).
#[derive(Debug, Clone)]
pub struct Document {
    /// The URL the body came from, after redirects.
    pub url: Url,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub validators: Validators,
    /// Seconds the server says the document stays fresh (Cache-Control
    /// max-age, else Expires).
    pub fresh_for: Option<u64>,
}

impl Document {
    /// The body as text, by the declared charset or the document's own.
    pub fn text(&self) -> String {
        let charset = self
            .content_type
            .as_deref()
            .and_then(|ct| ct.parse::<mime::Mime>().ok())
            .and_then(|m| m.get_param(mime::CHARSET).map(|c| c.as_str().to_string()));
        charset::decode(&self.bytes, charset.as_deref())
    }

    /// The media type without parameters, lowercased ("application/rss+xml").
    pub fn essence(&self) -> Option<String> {
        self.content_type
            .as_deref()
            .and_then(|ct| ct.parse::<mime::Mime>().ok())
            .map(|m| m.essence_str().to_ascii_lowercase())
    }
}

/// How a conditional fetch ended.
#[derive(Debug, Clone)]
pub enum Conditional {
    /// 304: unchanged since the validators; the hints may be renewed.
    NotModified {
        fresh_for: Option<u64>,
    },
    Fetched(Document),
}

impl Fetcher {
    /// Fetch `url` as a feed, asking "changed since?" with `validators`.
    pub async fn fetch_conditional(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Conditional, FetchError> {
        let url = parse_web_url(url)?;
        match tokio::time::timeout(self.timeout, self.conditional_following(url, validators)).await
        {
            Ok(result) => result,
            Err(_) => Err(FetchError::TimedOut(self.timeout)),
        }
    }

    async fn conditional_following(
        &self,
        mut url: Url,
        validators: &Validators,
    ) -> Result<Conditional, FetchError> {
        let mut redirects = 0;
        loop {
            self.check_literal_host(&url)?;
            let mut request = self.client.get(url.clone()).header(ACCEPT, ACCEPT_FEEDS);
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag.as_str());
            }
            if let Some(since) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, since.as_str());
            }
            let response = request
                .send()
                .await
                .map_err(|e| FetchError::from_reqwest(e, &url, self.connect_timeout))?;
            let status = response.status();
            if status.as_u16() == 304 {
                return Ok(Conditional::NotModified {
                    fresh_for: fresh_for(response.headers()),
                });
            }
            if status.is_redirection() {
                if let Some(next) = redirect_target(&url, &response)? {
                    if redirects >= self.max_redirects {
                        return Err(FetchError::TooManyRedirects(self.max_redirects));
                    }
                    redirects += 1;
                    url = next;
                    continue;
                }
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let headers = response.headers();
            let header = |name| {
                headers
                    .get(name)
                    .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                    .map(str::to_string)
            };
            let content_type = header(CONTENT_TYPE);
            let validators = Validators {
                etag: header(ETAG),
                last_modified: header(LAST_MODIFIED),
            };
            let fresh = fresh_for(headers);
            let bytes = body::read_capped(response, self.max_body_bytes).await?;
            if let Some(name) = content::binary_type(&bytes) {
                return Err(FetchError::NotArticle(name.to_string()));
            }
            return Ok(Conditional::Fetched(Document {
                url,
                content_type,
                bytes: bytes.to_vec(),
                validators,
                fresh_for: fresh,
            }));
        }
    }
}

/// Cache-Control `max-age` (or `s-maxage`), else `Expires` minus now.
fn fresh_for(headers: &HeaderMap) -> Option<u64> {
    let cache_control = headers
        .get_all(CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|d| {
            let (name, value) = d.trim().split_once('=')?;
            matches!(
                name.trim().to_ascii_lowercase().as_str(),
                "max-age" | "s-maxage"
            )
            .then(|| value.trim().trim_matches('"').parse::<u64>().ok())
            .flatten()
        })
        .max();
    if cache_control.is_some() {
        return cache_control;
    }
    let expires = headers.get(EXPIRES)?.to_str().ok()?;
    let at = chrono::DateTime::parse_from_rfc2822(expires).ok()?;
    u64::try_from((at.timestamp() - chrono::Utc::now().timestamp()).max(0)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn max_age_wins_over_expires() {
        let mut h = HeaderMap::new();
        h.insert(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=600"),
        );
        h.insert(
            EXPIRES,
            HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        );
        assert_eq!(fresh_for(&h), Some(600));
        let mut h = HeaderMap::new();
        h.insert(
            EXPIRES,
            HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
        );
        assert_eq!(fresh_for(&h), Some(0));
        assert_eq!(fresh_for(&HeaderMap::new()), None);
    }
}
