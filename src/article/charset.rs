//! Decoding page bytes to UTF-8: byte-order mark first, then the charset the
//! server declared, then `<meta charset>` / `http-equiv` in the first bytes of
//! the page, then UTF-8 (invalid bytes replaced, never an error).

use encoding_rs::Encoding;

/// How far into a page a `<meta charset>` is looked for (browsers use 1024;
/// real pages put long scripts first, so allow more).
const META_SNIFF_BYTES: usize = 4096;

/// Decode `bytes`, given the charset from a Content-Type header if any.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    let encoding = Encoding::for_bom(bytes)
        .map(|(enc, _)| enc)
        .or_else(|| declared.and_then(|label| Encoding::for_label(label.trim().as_bytes())))
        .or_else(|| sniff_meta_charset(bytes))
        .unwrap_or(encoding_rs::UTF_8);
    // `decode` strips a BOM of the chosen encoding and replaces bad bytes.
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// The charset named by `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
pub fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SNIFF_BYTES)];
    // Charset labels are ASCII, so a lossy ASCII view is enough to find them.
    let head: String = head
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                b.to_ascii_lowercase() as char
            } else {
                ' '
            }
        })
        .collect();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        rest = &rest[pos + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(cs) = tag.find("charset") {
            let value = tag[cs + 7..]
                .trim_start()
                .trim_start_matches('=')
                .trim_start()
                .trim_start_matches(['"', '\'']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(enc) = Encoding::for_label(&value.as_bytes()[..end]) {
                // A page that claims UTF-16 in ASCII-compatible bytes is lying;
                // browsers treat that as UTF-8.
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    return Some(encoding_rs::UTF_8);
                }
                return Some(enc);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_from_meta() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Привет, мир");
        let mut page = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
        page.extend_from_slice(&bytes);
        assert!(decode(&page, None).contains("Привет, мир"));
    }

    #[test]
    fn http_equiv_and_header() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Донбасс");
        let mut page =
            b"<meta http-equiv='Content-Type' content='text/html; charset=cp1251'>".to_vec();
        page.extend_from_slice(&bytes);
        assert!(decode(&page, None).contains("Донбасс"));
        assert!(decode(&bytes, Some("windows-1251")).contains("Донбасс"));
    }

    #[test]
    fn bom_wins_over_declaration() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice("Ереван".as_bytes());
        assert_eq!(decode(&page, Some("iso-8859-1")), "Ереван");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_an_error() {
        assert_eq!(decode(b"ok \xff ok", None), "ok \u{FFFD} ok");
    }
}
