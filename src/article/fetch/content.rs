//! Deciding from the Content-Type header (or, without one, from the first
//! bytes) whether a response is a page we read.

use super::error::FetchError;
use super::PageKind;

/// What the Content-Type header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Declared {
    /// `None` when the header is missing or unparsable: sniff the body.
    pub kind: Option<PageKind>,
    pub charset: Option<String>,
}

/// Read the Content-Type header; refuse every type that is not a page.
pub(super) fn from_header(content_type: Option<&str>) -> Result<Declared, FetchError> {
    let Some(mime) = content_type.and_then(|ct| ct.trim().parse::<mime::Mime>().ok()) else {
        return Ok(Declared {
            kind: None,
            charset: None,
        });
    };
    let charset = mime
        .get_param(mime::CHARSET)
        .map(|c| c.as_str().to_string());
    let kind = match mime.essence_str() {
        "text/html" | "application/xhtml+xml" => PageKind::Html,
        "text/plain" => PageKind::PlainText,
        other => return Err(FetchError::NotArticle(other.to_string())),
    };
    Ok(Declared {
        kind: Some(kind),
        charset,
    })
}

/// Binary formats recognised by their first bytes, so a PDF or an image sent
/// without (or with a wrong) text type is still named in the refusal.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
];

/// Tags that open an HTML document, after the WHATWG sniffing rules.
const HTML_OPENERS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<br",
    "<p",
    "<meta",
    "<article",
    "<!--",
];

/// The binary type `bytes` start with, if any.
pub(crate) fn binary_type(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, name)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(name);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("video/mp4");
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    None
}

/// Confirm (or, without a declared type, decide) the kind of a body.
pub(super) fn settle(declared: Option<PageKind>, bytes: &[u8]) -> Result<PageKind, FetchError> {
    if let Some(name) = binary_type(bytes) {
        return Err(FetchError::NotArticle(name.to_string()));
    }
    if let Some(kind) = declared {
        return Ok(kind);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lowered: Vec<u8> = head[start..]
        .iter()
        .take(32)
        .map(u8::to_ascii_lowercase)
        .collect();
    let is_html = HTML_OPENERS.iter().any(|opener| {
        lowered.starts_with(opener.as_bytes())
            && lowered
                .get(opener.len())
                .is_none_or(|&b| b == b'>' || b.is_ascii_whitespace() || opener.ends_with("--"))
    });
    if is_html {
        return Ok(PageKind::Html);
    }
    // Text has no control bytes besides layout ones; UTF-16 pages are
    // recognised by their BOM only (and then decoded by the charset step).
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    let binary = !utf16
        && head
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b));
    if binary {
        return Err(FetchError::NotArticle(
            "binary data without a content type".into(),
        ));
    }
    Ok(PageKind::PlainText)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_type(ct: &str) -> String {
        match from_header(Some(ct)) {
            Err(FetchError::NotArticle(t)) => t,
            other => panic!("{ct}: {other:?}"),
        }
    }

    #[test]
    fn header_types() {
        let d = from_header(Some("text/html; charset=windows-1251")).expect("html");
        assert_eq!(d.kind, Some(PageKind::Html));
        assert_eq!(d.charset.as_deref(), Some("windows-1251"));
        let d = from_header(Some("Application/XHTML+XML")).expect("xhtml");
        assert_eq!(d.kind, Some(PageKind::Html));
        let d = from_header(Some("text/plain")).expect("text");
        assert_eq!(d.kind, Some(PageKind::PlainText));
        assert_eq!(from_header(None).expect("none").kind, None);
        assert_eq!(from_header(Some("")).expect("empty").kind, None);
        assert_eq!(refused_type("application/pdf"), "application/pdf");
        assert_eq!(refused_type("image/jpeg"), "image/jpeg");
        assert_eq!(refused_type("video/mp4; codecs=avc1"), "video/mp4");
        assert_eq!(refused_type("application/json"), "application/json");
    }

    #[test]
    fn sniffing_without_a_type() {
        assert_eq!(
            settle(None, b"  <!DOCTYPE html><html>").expect("html"),
            PageKind::Html
        );
        assert_eq!(
            settle(None, b"\xef\xbb\xbf<html lang=en>").expect("html"),
            PageKind::Html
        );
        assert_eq!(
            settle(None, b"Title\n\nSome text.").expect("text"),
            PageKind::PlainText
        );
        assert_eq!(
            settle(None, b"<abbr>not a document start").expect("text"),
            PageKind::PlainText
        );
        assert!(matches!(
            settle(None, b"%PDF-1.7 ..."),
            Err(FetchError::NotArticle(t)) if t == "application/pdf"
        ));
        assert!(matches!(
            settle(Some(PageKind::PlainText), b"\x89PNG\r\n\x1a\n...."),
            Err(FetchError::NotArticle(t)) if t == "image/png"
        ));
        assert!(settle(None, b"\x00\x01\x02\x03binary").is_err());
    }
}
