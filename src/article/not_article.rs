//! Recognising inputs that are not articles before the extractor turns them
//! into "text": binary files (whatever their name or Content-Type says),
//! empty files and pages without prose. Each check returns the reason a
//! person is told, so `summarize` and the bot say the same thing.

/// How much of the start of an input is looked at for binary content.
pub const SNIFF_BYTES: usize = 8 * 1024;

/// Why the raw bytes of an input (a local file) are not an article, if they
/// are not: empty, a known binary format, or binary data.
pub fn refuse_bytes(bytes: &[u8]) -> Option<String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some("the file is empty".to_string());
    }
    if let Some(mime) = crate::article::fetch::binary_type(bytes) {
        return Some(format!(
            "it is {} ({mime}), not a web page or text",
            describe_mime(mime)
        ));
    }
    // UTF-16 text is full of NUL bytes; its byte-order mark says what it is
    // and the decoder turns it into ordinary text, checked below.
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if !utf16 && head.iter().any(|&b| is_binary_control(b.into())) {
        return Some(BINARY.to_string());
    }
    None
}

/// Why decoded text (a fetched page or a decoded file) is not an article:
/// control characters near the start mean the bytes were not text, whatever
/// the server said they were.
pub fn refuse_text(text: &str) -> Option<String> {
    let mut seen = 0;
    for c in text.chars() {
        if is_binary_control(c) {
            return Some(BINARY.to_string());
        }
        seen += c.len_utf8();
        if seen >= SNIFF_BYTES {
            break;
        }
    }
    None
}

/// Why an extracted article is not one: nothing but a title, or no words.
pub fn refuse_article(article: &super::Article) -> Option<String> {
    let has_words = |s: &str| s.chars().any(char::is_alphanumeric);
    if has_words(&article.text) {
        return None;
    }
    Some(match article.title.as_deref().filter(|t| has_words(t)) {
        Some(_) => "there is no article text after the title line".to_string(),
        None => "there is no readable text in it".to_string(),
    })
}

const BINARY: &str =
    "it contains binary data (NUL or control bytes near the start), not a web page or text";

/// C0 control characters that never occur in text. Tab, line feed, form feed,
/// carriage return and escape do (escape in old ISO-2022 pages).
fn is_binary_control(c: char) -> bool {
    c < '\u{20}' && !matches!(c, '\t' | '\n' | '\u{0c}' | '\r' | '\u{1b}')
}

/// "application/pdf" as a person would call it.
fn describe_mime(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "a PDF document",
        "application/zip" => "a ZIP archive (or an office document)",
        "application/gzip" => "a gzip-compressed file",
        m if m.starts_with("image/") => "an image",
        m if m.starts_with("video/") => "a video",
        m if m.starts_with("audio/") => "a sound file",
        _ => "a binary file",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;

    #[test]
    fn known_signatures_are_named() {
        let cases: [(&[u8], &str); 5] = [
            (b"%PDF-1.7\n%\xe2\xe3", "a PDF document (application/pdf)"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "an image (image/png)"),
            (b"\xff\xd8\xff\xe0\0\x10JFIF", "an image (image/jpeg)"),
            (b"PK\x03\x04\x14\0\0\0", "a ZIP archive"),
            (b"\x1f\x8b\x08\0\0\0", "a gzip-compressed file"),
        ];
        for (bytes, expected) in cases {
            let reason = refuse_bytes(bytes).expect("refused");
            assert!(reason.contains(expected), "{reason}");
        }
    }

    #[test]
    fn control_bytes_near_the_start_are_binary() {
        let mut bytes = b"<html><body><p>Looks like a page".to_vec();
        bytes.extend_from_slice(&[0, 1, 2, 3, 0xfe, 0x00]);
        assert_eq!(refuse_bytes(&bytes).as_deref(), Some(BINARY));
        assert_eq!(
            refuse_text("Title\n\nText\u{0}more").as_deref(),
            Some(BINARY)
        );
        // Past the first 8 KB, a stray byte is the page's problem, not a sign of binary.
        let late = format!("{}\u{1}", "a".repeat(SNIFF_BYTES));
        assert_eq!(refuse_text(&late), None);
    }

    #[test]
    fn text_and_utf16_pass() {
        assert_eq!(refuse_bytes(b"Title\r\n\r\n\tText with a tab.\x0c"), None);
        assert_eq!(refuse_bytes(b"\xff\xfeT\0i\0t\0l\0e\0"), None);
        assert_eq!(
            refuse_bytes("Заголовок\n\nТекст.".as_bytes()),
            None,
            "non-Latin UTF-8 is text"
        );
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(refuse_bytes(b"").as_deref(), Some("the file is empty"));
        assert_eq!(
            refuse_bytes(b" \n\t\r\n").as_deref(),
            Some("the file is empty")
        );
        let title_only = Article {
            title: Some("Clashes on the border".into()),
            ..Article::default()
        };
        assert_eq!(
            refuse_article(&title_only).as_deref(),
            Some("there is no article text after the title line")
        );
        let punctuation = Article {
            title: Some("***".into()),
            text: "--- ...".into(),
            ..Article::default()
        };
        assert_eq!(
            refuse_article(&punctuation).as_deref(),
            Some("there is no readable text in it")
        );
        let real = Article {
            text: "Two soldiers were killed.".into(),
            ..Article::default()
        };
        assert_eq!(refuse_article(&real), None);
    }
}
