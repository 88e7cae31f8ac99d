//! Finding article links in text and canonicalizing them, so the same article
//! posted twice is known as one.

use url::Url;

/// Why a link is not one we read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LinkError {
    #[error("not a valid link: {0}")]
    Invalid(String),
}

/// Parse and canonicalize an http(s) URL.
pub fn canonicalize(raw: &str) -> Result<Url, LinkError> {
    Url::parse(raw.trim()).map_err(|e| LinkError::Invalid(format!("{raw}: {e}")))
}

/// Article links in a chat message, canonical and without duplicates.
pub fn find_links(text: &str) -> Vec<Url> {
    let mut out: Vec<Url> = Vec::new();
    for word in text.split_whitespace() {
        if let Ok(u) = canonicalize(word) {
            if !out.contains(&u) {
                out.push(u);
            }
        }
    }
    out
}
