//! A byte-level pass that drops blocks made of links before the page is
//! parsed: navigation and category lists, "related stories" boxes, lists of
//! other headlines, and boxes whose class names them as such.
//!
//! The extractor (favoring recall) keeps such blocks when they sit next to
//! the article, and with links dropped from its output they can no longer be
//! told from prose afterwards. Here the markup still says which text is a
//! link, so a container whose text is nearly all link text, over several
//! links, is cut out. One pass with a stack of open containers; tags the
//! scanner does not track (`span`, `li`, headings...) only carry text.
//!
//! The same pass joins an article body that the page split in two around an
//! advertisement (two twin `<div class="...body...">` a few words apart):
//! the extractor would otherwise keep only the first half.

use crate::budget;

/// Containers judged on their link density.
const CONTAINERS: [&[u8]; 9] = [
    b"div", b"section", b"aside", b"nav", b"ul", b"ol", b"footer", b"form", b"p",
];

/// Fewest links in a container dropped as a link block: one or two links
/// in a short block are as often a credit or a "source" line of the article.
const MIN_LINKS: usize = 3;
/// Share of a container's text that sits in links above which it is a list
/// of links rather than prose with links in it.
const MIN_LINK_SHARE: f64 = 0.8;
/// Fewest paragraphs in a row that are each one link (a "you may also
/// like" list written as paragraphs) dropped together.
const MIN_LINK_PARAGRAPH_RUN: usize = 3;
/// When blocks holding more than this share of the page's text would go,
/// the page is itself a list of links (an index); it is left whole so that
/// it is refused as an index, not read as a few stray lines.
const MAX_DROPPED_SHARE: f64 = 0.8;

/// Deepest nesting of containers tracked.
const MAX_DEPTH: usize = 256;
/// Longest markup searched for the end of a tag link.
const MAX_TAG_LINK_BYTES: usize = 1024;

struct Frame {
    name: &'static [u8],
    /// Its index in [`CONTAINERS`].
    kind: usize,
    start: usize,
    text: usize,
    link_text: usize,
    links: usize,
    /// Links open when the container opened: an `<a>` left unclosed inside
    /// it must not turn the rest of the page into link text.
    link_depth: usize,
    /// Its class or id names a box that is never the article ("related",
    /// "newsletter"...).
    named_boilerplate: bool,
    /// Where the class of a `<div>` whose class says "body" sits in the page.
    body_class: Option<(usize, usize)>,
}

/// An article-body container that ended, kept to see whether the body
/// continues in a twin container after an advertisement.
struct EndedBody {
    class: (usize, usize),
    close: usize,
    depth: usize,
    text_seen: usize,
}

#[derive(Default)]
struct Scanner {
    stack: Vec<Frame>,
    /// Open containers of each kind of [`CONTAINERS`]: a closing tag that
    /// matches none is passed over without searching the stack.
    open: [usize; CONTAINERS.len()],
    dropped: Vec<(usize, usize)>,
    dropped_text: usize,
    total_text: usize,
    link_depth: usize,
    /// Paragraphs in a row, so far, whose whole text is one link each, with
    /// their text.
    link_paragraphs: Vec<(usize, usize)>,
    link_paragraphs_text: usize,
    /// Links to tag pages in a row, with only punctuation between them.
    tag_links: Vec<(usize, usize)>,
    last_body: Option<EndedBody>,
}

/// `html` without its link-dense containers.
pub fn drop_link_blocks(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut sc = Scanner::default();
    let mut pos = 0;
    while pos < bytes.len() {
        budget::tick();
        let Some(rel) = bytes[pos..].iter().position(|&b| b == b'<') else {
            sc.text(&bytes[pos..]);
            break;
        };
        let lt = pos + rel;
        sc.text(&bytes[pos..lt]);
        let Some(gt_rel) = bytes[lt..].iter().position(|&b| b == b'>') else {
            break;
        };
        let gt = lt + gt_rel;
        let tag = &bytes[lt + 1..gt];
        pos = gt + 1;
        let (closing, name) = match tag.split_first() {
            Some((b'/', rest)) => (true, tag_name(rest)),
            Some((c, _)) if c.is_ascii_alphabetic() => (false, tag_name(tag)),
            _ => continue,
        };
        if name.eq_ignore_ascii_case(b"a") {
            if closing {
                sc.link_depth = sc.link_depth.saturating_sub(1);
            } else if let Some(end) = tag_link_end(tag, bytes, pos) {
                // Links to a post's tags: one alone may be a word of the
                // prose, a row of them is the tag cloud.
                sc.tag_links.push((lt, end));
                pos = end;
            } else {
                sc.link_depth += 1;
                if let Some(top) = sc.stack.last_mut() {
                    top.links += 1;
                }
            }
            continue;
        }
        let Some(kind) = CONTAINERS.iter().position(|c| name.eq_ignore_ascii_case(c)) else {
            continue;
        };
        let tracked = CONTAINERS[kind];
        if !closing {
            // A block opening ends a paragraph left open, as in the parser.
            if sc.stack.last().is_some_and(|f| f.name == b"p") {
                sc.close_top(lt);
            }
            // Past this depth the page is nested beyond any real layout;
            // its further containers are not judged, which keeps the
            // searches of the stack short on hostile input.
            if !tag.ends_with(b"/") && sc.stack.len() < MAX_DEPTH {
                let body_class = if tracked == b"div" {
                    body_class(tag).map(|(a, b)| (lt + 1 + a, lt + 1 + b))
                } else {
                    None
                };
                if let (Some(class), Some(last)) = (body_class, &sc.last_body) {
                    if last.depth == sc.stack.len()
                        && bytes[class.0..class.1] == bytes[last.class.0..last.class.1]
                        && sc.total_text - last.text_seen <= MAX_BODY_GAP_TEXT
                    {
                        // The article body split around an advertisement:
                        // join the two halves, or the extractor keeps only
                        // the first.
                        sc.dropped.push((last.close, pos));
                    }
                }
                sc.open[kind] += 1;
                sc.stack.push(Frame {
                    name: tracked,
                    kind,
                    start: lt,
                    text: 0,
                    link_text: 0,
                    links: 0,
                    link_depth: sc.link_depth,
                    named_boilerplate: names_boilerplate(tag),
                    body_class,
                });
            }
            continue;
        }
        // Close the innermost open container of that name, and any left
        // unclosed inside it (the frames passed over are popped: the search
        // is paid for by their pushes).
        if sc.open[kind] == 0 {
            continue;
        }
        let Some(depth) = sc.stack.iter().rposition(|f| f.name == tracked) else {
            continue;
        };
        while sc.stack.len() > depth + 1 {
            sc.close_top(lt);
        }
        let ended_body = sc
            .stack
            .last()
            .filter(|f| !is_link_block(f))
            .and_then(|f| f.body_class);
        sc.close_top(pos);
        if let Some(class) = ended_body {
            sc.last_body = Some(EndedBody {
                class,
                close: lt,
                depth,
                text_seen: sc.total_text,
            });
        }
    }
    sc.end_link_paragraphs();
    sc.end_tag_links();
    if sc.dropped.is_empty() || sc.dropped_text as f64 > MAX_DROPPED_SHARE * sc.total_text as f64 {
        return html.to_string();
    }
    // Blocks end in document order of their closing tags, so an outer block
    // comes after the inner ones it contains: sort by start and skip the
    // ranges already covered.
    let mut dropped = sc.dropped;
    dropped.sort_unstable();
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    for (start, end) in dropped {
        if start < copied_to {
            copied_to = copied_to.max(end);
            continue;
        }
        // Both ends sit on ASCII bytes ('<' and just past '>'), so they are
        // char boundaries.
        out.push_str(&html[copied_to..start]);
        out.push(' ');
        copied_to = end;
    }
    out.push_str(&html[copied_to..]);
    out
}

impl Scanner {
    fn text(&mut self, text: &[u8]) {
        let n = text.iter().filter(|b| !b.is_ascii_whitespace()).count();
        if n == 0 {
            return;
        }
        self.total_text += n;
        if text.iter().any(u8::is_ascii_alphanumeric) {
            self.end_tag_links();
        }
        let in_link = self.link_depth > 0;
        if !in_link && self.stack.last().is_none_or(|f| f.name != b"p") {
            // Prose (or a heading) between link paragraphs ends their run.
            self.end_link_paragraphs();
        }
        if let Some(top) = self.stack.last_mut() {
            top.text += n;
            if in_link {
                top.link_text += n;
            }
        }
    }

    /// Pop the innermost container, which ends at `end`, and judge it.
    fn close_top(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        self.open[frame.kind] -= 1;
        self.link_depth = frame.link_depth;
        if is_link_block(&frame) {
            self.dropped.push((frame.start, end));
            self.dropped_text += frame.text;
            // A dropped block's text no longer counts for its parent.
            return;
        }
        if frame.name == b"p" && frame.text > 0 {
            if frame.links == 1 && frame.link_text == frame.text {
                self.link_paragraphs.push((frame.start, end));
                self.link_paragraphs_text += frame.text;
            } else {
                self.end_link_paragraphs();
            }
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.text += frame.text;
            parent.link_text += frame.link_text;
            parent.links += frame.links;
        }
    }

    fn end_tag_links(&mut self) {
        if self.tag_links.len() >= MIN_LINKS {
            self.dropped.append(&mut self.tag_links);
        }
        self.tag_links.clear();
    }

    fn end_link_paragraphs(&mut self) {
        if self.link_paragraphs.len() >= MIN_LINK_PARAGRAPH_RUN {
            self.dropped.append(&mut self.link_paragraphs);
            self.dropped_text += self.link_paragraphs_text;
        }
        self.link_paragraphs.clear();
        self.link_paragraphs_text = 0;
    }
}

/// Words in a class or id that name a box beside the article: other
/// stories, sign-up forms, recommendation widgets.
const BOILERPLATE_NAMES: [&[u8]; 12] = [
    b"related",
    b"newsletter",
    b"recommend",
    b"latest-news",
    b"more-stories",
    b"also-read",
    b"signup",
    b"sign-up",
    b"outbrain",
    b"taboola",
    b"most-popular",
    b"promo",
];
/// A box so named is still kept when it holds this much text outside links:
/// a wrapper around the article may carry such a class ("has-related").
const MAX_NAMED_BOX_PROSE: usize = 600;

/// Most text between two halves of a split article body (an advertisement's
/// label, a caption).
const MAX_BODY_GAP_TEXT: usize = 200;

/// The span of the class value of a tag whose class names a body
/// ("article__body", "story-body"), relative to the tag.
fn body_class(tag: &[u8]) -> Option<(usize, usize)> {
    let at = find_ci(tag, 0, b"class=")? + b"class=".len();
    let quoted = matches!(tag.get(at), Some(b'"' | b'\''));
    let start = at + usize::from(quoted);
    let len = tag[start..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'') || (!quoted && b.is_ascii_whitespace()))
        .unwrap_or(tag.len() - start);
    let value = &tag[start..start + len];
    find_ci(value, 0, b"body").map(|_| (start, start + len))
}

fn names_boilerplate(tag: &[u8]) -> bool {
    [b"class=".as_slice(), b"id="].iter().any(|attr| {
        let Some(value) = attribute_value(tag, attr) else {
            return false;
        };
        let end = value
            .iter()
            .position(|&b| matches!(b, b'"' | b'\''))
            .unwrap_or(value.len());
        BOILERPLATE_NAMES
            .iter()
            .any(|name| find_ci(&value[..end], 0, name).is_some())
    })
}

/// What follows `attr` (`b"class="`) in a tag, past an opening quote; the
/// caller finds where the value ends.
fn attribute_value<'a>(tag: &'a [u8], attr: &[u8]) -> Option<&'a [u8]> {
    let value = &tag[find_ci(tag, 0, attr)? + attr.len()..];
    Some(
        value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value),
    )
}

fn is_link_block(frame: &Frame) -> bool {
    if frame.named_boilerplate && frame.text.saturating_sub(frame.link_text) <= MAX_NAMED_BOX_PROSE
    {
        return true;
    }
    frame.links >= MIN_LINKS
        && frame.text > 0
        && frame.link_text as f64 >= MIN_LINK_SHARE * frame.text as f64
}

/// Where a link to a tag page that opened just before `from` ends (just past
/// its `</a>`); `None` for other links, or when no `</a` follows closely (a
/// tag name is short; looking no further keeps the pass linear).
fn tag_link_end(tag: &[u8], bytes: &[u8], from: usize) -> Option<usize> {
    if !is_tag_link(tag) {
        return None;
    }
    let window = &bytes[from..bytes.len().min(from + MAX_TAG_LINK_BYTES)];
    let close = find_ci(window, 0, b"</a")? + from;
    let gt = bytes[close..].iter().position(|&b| b == b'>')?;
    Some(close + gt + 1)
}

/// `<a ... rel="tag">` (WordPress writes `rel="tag"` or `rel="category tag"`).
fn is_tag_link(tag: &[u8]) -> bool {
    let Some(value) = attribute_value(tag, b"rel=") else {
        return false;
    };
    let end = value
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b'>') || b == b'/')
        .unwrap_or(value.len());
    value[..end]
        .split(u8::is_ascii_whitespace)
        .any(|w| w.eq_ignore_ascii_case(b"tag"))
}

fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    &tag[..end]
}

/// First index at or after `from` where `needle` starts, ASCII case ignored.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::drop_link_blocks;

    #[test]
    fn drops_a_list_of_links_and_keeps_prose_with_links() {
        let html = r#"<body><div><p>Troops moved in on <a href="/a">Monday</a>, officials said, and the fighting spread to the north.</p></div>
            <ul><li><a href="/1">Politics</a></li><li><a href="/2">Economy</a></li><li><a href="/3">Sport</a></li></ul>
            <p>The talks resume next week.</p></body>"#;
        let out = drop_link_blocks(html);
        assert!(out.contains("Troops moved in on"), "{out}");
        assert!(out.contains("The talks resume"), "{out}");
        assert!(!out.contains("Politics") && !out.contains("Sport"), "{out}");
    }

    #[test]
    fn drops_named_boxes_unless_they_hold_prose() {
        let prose = "The ceasefire held through a second night, monitors said. ".repeat(20);
        let html = format!(
            r#"<body><div class="article has-related"><p>{prose}</p></div>
            <section class="Newsletter-container"><h3>Morning Briefing</h3><p>Get the day's stories in your inbox.</p></section>
            <div class="latest-news-box"><ul><li><a href="/1">Headline one</a><h4>A summary of the first story</h4></li></ul></div></body>"#
        );
        let out = drop_link_blocks(&html);
        assert!(out.contains("The ceasefire held"), "{out}");
        assert!(
            !out.contains("Morning Briefing") && !out.contains("Headline one"),
            "{out}"
        );
    }

    #[test]
    fn twin_body_halves_are_joined_only_across_a_short_gap() {
        let html = r#"<div><div class="article__body"><p>One.</p></div></div><div class="ad">Advertisement</div><div><div class="article__body"><p>Two.</p></div></div>"#;
        let out = drop_link_blocks(html);
        assert_eq!(out.matches("article__body").count(), 1, "{out}");
        assert!(out.contains("One.") && out.contains("Two."), "{out}");
        let far = html.replace("Advertisement", &"Other words. ".repeat(30));
        assert_eq!(drop_link_blocks(&far), far);
    }

    #[test]
    fn a_page_that_is_all_links_is_left_whole() {
        let html = r#"<body><ul><li><a href="/1">One headline here</a></li><li><a href="/2">Two headline</a></li><li><a href="/3">Three</a></li></ul></body>"#;
        assert_eq!(drop_link_blocks(html), html);
    }

    #[test]
    fn deep_nesting_and_unclosed_tag_links_stay_fast() {
        let html = format!(
            "{}{}<p>text</p>",
            "<div>".repeat(50_000),
            r#"<a rel="tag">x"#.repeat(20_000)
        );
        let out = drop_link_blocks(&format!("{html}{}", "</ul>".repeat(50_000)));
        assert!(out.contains("<p>text</p>"));
    }

    #[test]
    fn unclosed_and_stray_tags_do_not_panic() {
        for html in [
            "<div><a>x",
            "</div></ul><a></a>",
            "<ul><li><a>é</a><a>é</a><a>é",
            "<",
        ] {
            let _ = drop_link_blocks(html);
        }
    }
}
