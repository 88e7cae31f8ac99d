//! A byte-level pass that drops the parts of a page no reader sees before the
//! page is parsed into a tree.
//!
//! On news pages about two thirds of the bytes are scripts, styles, inline SVG
//! and HTML comments. Parsing them into nodes, and then cloning those nodes in
//! the extractor's fallback copies, is most of the cost of reading a page, so
//! they are cut out first. JSON-LD blocks are kept: they carry the metadata.

/// Elements whose whole content is dropped, with their closing tag.
const DROPPED_ELEMENTS: [&[u8]; 4] = [b"script", b"style", b"svg", b"template"];

/// Class names of embedded social posts (a tweet's text and byline are not
/// the article's words).
const SOCIAL_EMBED_CLASSES: [&[u8]; 5] = [
    b"twitter-tweet",
    b"twitter-video",
    b"instagram-media",
    b"tiktok-embed",
    b"reddit-embed",
];

/// `html` without comments, scripts (JSON-LD excepted), styles, SVG,
/// templates and embedded social posts.
pub fn strip_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied_to = 0;
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        let start = pos + rel;
        let rest = &bytes[start..];
        let skip_to = if rest.starts_with(b"<!--") {
            Some(find(bytes, start + 4, b"-->").map_or(bytes.len(), |i| i + 3))
        } else {
            dropped_element_end(bytes, start)
        };
        match skip_to {
            Some(end) => {
                // Both ends sit on ASCII bytes ('<' and '>' or the end), so
                // they are char boundaries.
                out.push_str(&html[copied_to..start]);
                // Keep words on either side apart.
                out.push(' ');
                copied_to = end;
                pos = end;
            }
            None => pos = start + 1,
        }
    }
    out.push_str(&html[copied_to..]);
    out
}

/// When an element to drop opens at `start`, the index just past its end.
fn dropped_element_end(bytes: &[u8], start: usize) -> Option<usize> {
    let name_start = start + 1;
    if starts_with_tag(bytes, name_start, b"blockquote") {
        return social_embed_end(bytes, start);
    }
    let name = DROPPED_ELEMENTS
        .iter()
        .find(|name| starts_with_tag(bytes, name_start, name))?;
    let open_end = find(bytes, name_start, b">").map_or(bytes.len(), |i| i + 1);
    if name.eq_ignore_ascii_case(b"script") && is_json_ld(&bytes[start..open_end]) {
        return None;
    }
    if open_end >= 2 && bytes[open_end - 2] == b'/' && !name.eq_ignore_ascii_case(b"script") {
        // A self-closed <svg/>: nothing inside.
        return Some(open_end);
    }
    let mut search = open_end;
    loop {
        let Some(close) = find(bytes, search, b"</") else {
            return Some(bytes.len());
        };
        let name_end = close + 2 + name.len();
        if name_end <= bytes.len() && bytes[close + 2..name_end].eq_ignore_ascii_case(name) {
            return Some(find(bytes, name_end, b">").map_or(bytes.len(), |i| i + 1));
        }
        search = close + 2;
    }
}

fn starts_with_tag(bytes: &[u8], name_start: usize, name: &[u8]) -> bool {
    let end = name_start + name.len();
    end < bytes.len()
        && bytes[name_start..end].eq_ignore_ascii_case(name)
        && matches!(
            bytes[end],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/'
        )
}

/// The end of a `<blockquote>` holding an embedded post, nested quotes included.
fn social_embed_end(bytes: &[u8], start: usize) -> Option<usize> {
    let open_end = find(bytes, start, b">").map_or(bytes.len(), |i| i + 1);
    let tag = &bytes[start..open_end];
    if !SOCIAL_EMBED_CLASSES.iter().any(|class| {
        tag.windows(class.len())
            .any(|w| w.eq_ignore_ascii_case(class))
    }) {
        return None;
    }
    let mut depth = 1usize;
    let mut pos = open_end;
    while let Some(lt) = find(bytes, pos, b"<") {
        if starts_with_tag(bytes, lt + 1, b"blockquote") {
            depth += 1;
        } else if bytes[lt + 1..].starts_with(b"/") && starts_with_tag(bytes, lt + 2, b"blockquote")
        {
            depth -= 1;
            if depth == 0 {
                return Some(find(bytes, lt, b">").map_or(bytes.len(), |i| i + 1));
            }
        }
        pos = lt + 1;
    }
    Some(bytes.len())
}

fn is_json_ld(open_tag: &[u8]) -> bool {
    open_tag
        .windows(b"ld+json".len())
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// First index at or after `from` where `needle` starts.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut pos = from;
    while pos < bytes.len() {
        let i = pos + memchr(first, &bytes[pos..])?;
        if bytes[i..].starts_with(needle) {
            return Some(i);
        }
        pos = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::strip_inert;

    #[test]
    fn drops_scripts_styles_comments_and_svg() {
        let html = "<p>a</p><script>var x = '<p>no</p>';</script><STYLE>p{}</STYLE>\
                    <!-- hidden --><svg viewBox='0 0 1 1'><title>icon</title></svg><p>b</p>";
        let out = strip_inert(html);
        assert!(out.contains("<p>a</p>") && out.contains("<p>b</p>"));
        for gone in ["var x", "p{}", "hidden", "icon"] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
    }

    #[test]
    fn drops_embedded_tweets_but_not_quotes() {
        let html = r#"<p>a</p><blockquote class="twitter-tweet"><p>Shots fired <a href="x">pic.twitter.com/x</a></p>&mdash; Name (@name) <blockquote>in</blockquote></blockquote><blockquote><p>A real quote</p></blockquote>"#;
        let out = strip_inert(html);
        assert!(
            !out.contains("Shots fired") && !out.contains("(@name)"),
            "{out}"
        );
        assert!(out.contains("A real quote"));
    }

    #[test]
    fn keeps_json_ld_and_lookalike_tags() {
        let html = r#"<script type="application/ld+json">{"a":1}</script><scripture>x</scripture>"#;
        let out = strip_inert(html);
        assert!(out.contains(r#"{"a":1}"#));
        assert!(out.contains("<scripture>x</scripture>"));
    }

    #[test]
    fn unterminated_parts_drop_the_rest_without_panicking() {
        assert_eq!(strip_inert("<p>é</p><!-- open").trim(), "<p>é</p>");
        assert_eq!(strip_inert("<p>é</p><script>if (a<b)").trim(), "<p>é</p>");
        assert_eq!(strip_inert("é<"), "é<");
    }
}
