//! Reading a response body under a byte cap.

use futures::StreamExt;
use reqwest::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use reqwest::Response;

use super::error::FetchError;

/// Read the body, failing as soon as more than `limit` bytes have arrived.
///
/// reqwest decompresses gzip/brotli/deflate inside the stream, so the bytes
/// counted here are the decompressed ones: a small gzip bomb stops at the cap
/// instead of inflating into memory.
pub(super) async fn read_capped(response: Response, limit: u64) -> Result<Vec<u8>, FetchError> {
    // A declared length is only the real size when nothing was decompressed
    // (reqwest drops both headers when it decodes); refuse early then.
    if !response.headers().contains_key(CONTENT_ENCODING) {
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|len| len > limit) {
            return Err(FetchError::TooLarge(limit));
        }
    }
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| FetchError::Read(innermost_message(&e)))?;
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(FetchError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn innermost_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
