//! A byte-level pass that drops the parts of a page no reader sees before the
//! page is parsed into a tree.
//!
//! On news pages about two thirds of the bytes are scripts, styles, inline SVG
//! and HTML comments. Parsing them into nodes, and then cloning those nodes in
//! the extractor's fallback copies, is most of the cost of reading a page, so
//! they are cut out first. JSON-LD blocks are kept: they carry the metadata.

use crate::budget;

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
///
/// Linear in the page: every search moves forward from where the last one
/// stopped, and a tag that is looked into is skipped as a whole (the `<`s
/// inside one unterminated tag are not tags of their own).
pub fn strip_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied_to = 0;
    let mut pos = 0;
    let mut tag_ends = TagEnds::default();
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        budget::tick();
        let start = pos + rel;
        let rest = &bytes[start..];
        let seen = if rest.starts_with(b"<!--") {
            Seen::Drop(find(bytes, start + 4, b"-->").map_or(bytes.len(), |i| i + 3))
        } else {
            look_at_tag(bytes, start, &mut tag_ends)
        };
        match seen {
            Seen::Drop(end) => {
                // Both ends sit on ASCII bytes ('<' and '>' or the end), so
                // they are char boundaries.
                out.push_str(&html[copied_to..start]);
                // Keep words on either side apart.
                out.push(' ');
                copied_to = end;
                pos = end;
            }
            Seen::Keep(end) => pos = end,
        }
    }
    out.push_str(&html[copied_to..]);
    out
}

/// What to do with the markup at a `<`: drop it up to an index, or keep it
/// and go on scanning from an index.
enum Seen {
    Drop(usize),
    Keep(usize),
}

/// The next `>` at or after a position, remembered: many `<` before one far
/// `>` (or before none) must not each search to it.
#[derive(Default)]
struct TagEnds {
    /// The last answer: searched from `.0`, found `.1` (`None`: no `>` left).
    last: Option<(usize, Option<usize>)>,
}

impl TagEnds {
    /// Just past the tag that opens before `from`: its `>`, or the end.
    fn after(&mut self, bytes: &[u8], from: usize) -> usize {
        let found = match self.last {
            Some((searched_from, found))
                if searched_from <= from && found.is_none_or(|f| f >= from) =>
            {
                found
            }
            _ => find(bytes, from, b">"),
        };
        self.last = Some((from, found));
        found.map_or(bytes.len(), |i| i + 1)
    }
}

/// Look at the element that may open at `start`.
fn look_at_tag(bytes: &[u8], start: usize, tag_ends: &mut TagEnds) -> Seen {
    let name_start = start + 1;
    if starts_with_tag(bytes, name_start, b"blockquote") {
        let open_end = tag_ends.after(bytes, name_start);
        return match social_embed_end(bytes, &bytes[start..open_end], open_end) {
            Some(end) => Seen::Drop(end),
            None => Seen::Keep(open_end),
        };
    }
    let Some(name) = DROPPED_ELEMENTS
        .iter()
        .find(|name| starts_with_tag(bytes, name_start, name))
    else {
        return Seen::Keep(start + 1);
    };
    let open_end = tag_ends.after(bytes, name_start);
    let is_script = name.eq_ignore_ascii_case(b"script");
    if !is_script && open_end >= 2 && bytes[open_end - 2] == b'/' {
        // A self-closed <svg/>: nothing inside.
        return Seen::Drop(open_end);
    }
    let end = element_end(bytes, open_end, name);
    if is_script && is_json_ld(&bytes[start..open_end]) {
        // Kept whole: it carries the metadata, and its text is not markup.
        return Seen::Keep(end);
    }
    Seen::Drop(end)
}

/// Just past the end tag of the element `name` whose content starts at
/// `from`, or the end of the page.
fn element_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut search = from;
    loop {
        let Some(close) = find(bytes, search, b"</") else {
            return bytes.len();
        };
        let name_end = close + 2 + name.len();
        if name_end <= bytes.len() && bytes[close + 2..name_end].eq_ignore_ascii_case(name) {
            return find(bytes, name_end, b">").map_or(bytes.len(), |i| i + 1);
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

/// The end of a `<blockquote>` holding an embedded post (its open tag is
/// `tag`, its content starts at `open_end`), nested quotes included.
fn social_embed_end(bytes: &[u8], tag: &[u8], open_end: usize) -> Option<usize> {
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
    fn many_tags_before_one_far_end_stay_linear() {
        // Each of these once searched the rest of the page (the time is
        // measured by scripts/hostile_bench.sh).
        for unit in [
            "<blockquote ",
            "<script type=\"application/ld+json\" ",
            "<svg ",
        ] {
            let html = format!("<article><p>Text.</p>{}", unit.repeat(100_000));
            assert!(
                strip_inert(&html).starts_with("<article><p>Text.</p>"),
                "{unit}"
            );
        }
    }

    #[test]
    fn text_inside_json_ld_is_not_markup() {
        let html = r#"<script type="application/ld+json">{"a":"<!-- x"}</script><p>kept</p>"#;
        let out = strip_inert(html);
        assert!(
            out.contains("<p>kept</p>") && out.contains(r#"{"a":"<!-- x"}"#),
            "{out}"
        );
    }

    #[test]
    fn unterminated_parts_drop_the_rest_without_panicking() {
        assert_eq!(strip_inert("<p>é</p><!-- open").trim(), "<p>é</p>");
        assert_eq!(strip_inert("<p>é</p><script>if (a<b)").trim(), "<p>é</p>");
        assert_eq!(strip_inert("é<"), "é<");
    }
}
