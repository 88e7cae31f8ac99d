//! The shape of a page, checked before it is parsed: how deep its elements
//! nest and how many attributes one element carries.
//!
//! The HTML parser does work in proportion to the depth of open elements for
//! every tag, and compares each attribute of a tag with the ones before it,
//! so a page of 200,000 nested `<div>`s, or one tag with 200,000 attributes,
//! would hold a reader for hours. No article nests hundreds of levels deep or
//! puts hundreds of attributes on one element, so such a page is refused with
//! the reason.
//!
//! One pass over the bytes with the parser's tokenizer rules (quoted
//! attribute values, comments, raw-text elements) and the tree builder's
//! main rules for the stack of open elements (void elements, elements that
//! close the one before, a `<p>` closed by a block, end tags that match no
//! open element). Where those rules are simplified the count errs high,
//! never low: an attacker cannot nest deeper than it says.

use rustc_hash::FxHashMap;

use super::ExtractError;
use crate::budget;

/// How far a page may go before it is refused as not an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlLimits {
    /// Deepest nesting of elements.
    pub max_depth: usize,
    /// Most attributes on one element.
    pub max_attributes: usize,
}

impl Default for HtmlLimits {
    fn default() -> Self {
        HtmlLimits {
            max_depth: 512,
            max_attributes: 256,
        }
    }
}

/// Elements that never hold others.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
    b"frame",
    b"basefont",
    b"bgsound",
    b"image",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// Elements whose start closes an open `<p>` (in button scope). `<table>`
/// does too, but not on pages in quirks mode: left out, the count errs high.
const CLOSES_P: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"center",
    b"details",
    b"dialog",
    b"dir",
    b"div",
    b"dl",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"header",
    b"hgroup",
    b"main",
    b"menu",
    b"nav",
    b"ol",
    b"p",
    b"search",
    b"section",
    b"summary",
    b"ul",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"pre",
    b"listing",
    b"form",
    b"li",
    b"dd",
    b"dt",
    b"hr",
    b"xmp",
];

/// Elements that hide a `<p>` opened outside them from the rule above.
const BUTTON_SCOPE: &[&[u8]] = &[
    b"applet",
    b"caption",
    b"html",
    b"table",
    b"td",
    b"th",
    b"marquee",
    b"object",
    b"template",
    b"button",
    b"math",
    b"svg",
    b"mi",
    b"mo",
    b"mn",
    b"ms",
    b"mtext",
    b"annotation-xml",
    b"foreignobject",
    b"desc",
];

/// The parser's "special" elements: a `<li>` (or `<dd>`, `<dt>`) closes the
/// open one only up through elements that are not among these (or are
/// `address`, `div` or `p`).
const SPECIAL: &[&[u8]] = &[
    b"applet",
    b"area",
    b"article",
    b"aside",
    b"base",
    b"basefont",
    b"bgsound",
    b"blockquote",
    b"body",
    b"br",
    b"button",
    b"caption",
    b"center",
    b"col",
    b"colgroup",
    b"dd",
    b"details",
    b"dir",
    b"dl",
    b"dt",
    b"embed",
    b"fieldset",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"frame",
    b"frameset",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"header",
    b"hgroup",
    b"hr",
    b"html",
    b"iframe",
    b"img",
    b"input",
    b"keygen",
    b"li",
    b"link",
    b"listing",
    b"main",
    b"marquee",
    b"menu",
    b"meta",
    b"nav",
    b"noembed",
    b"noframes",
    b"noscript",
    b"object",
    b"ol",
    b"param",
    b"plaintext",
    b"pre",
    b"script",
    b"search",
    b"section",
    b"select",
    b"source",
    b"style",
    b"summary",
    b"table",
    b"tbody",
    b"td",
    b"template",
    b"textarea",
    b"tfoot",
    b"th",
    b"thead",
    b"title",
    b"tr",
    b"track",
    b"ul",
    b"wbr",
    b"xmp",
    b"mi",
    b"mo",
    b"mn",
    b"ms",
    b"mtext",
    b"annotation-xml",
    b"foreignobject",
    b"desc",
    b"math",
    b"svg",
];

/// Groups of elements one of which, opened right inside another of the same
/// group, closes it instead of nesting.
const SIBLINGS: &[&[&[u8]]] = &[
    &[b"option"],
    &[b"optgroup"],
    &[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6"],
    &[b"a"],
    &[b"button"],
    &[b"nobr"],
    &[b"rb", b"rt", b"rp", b"rtc"],
];

/// Open elements that a later start tag closes when it is still reachable:
/// a `<p>` (closed by a block), a `<li>`, a `<dd>`/`<dt>`, a table row and a
/// table cell (closed by the next one).
#[derive(Clone, Copy)]
enum Closable {
    Paragraph = 0,
    ListItem = 1,
    DefinitionItem = 2,
    Row = 3,
    Cell = 4,
}

const CLOSABLE: [Closable; 5] = [
    Closable::Paragraph,
    Closable::ListItem,
    Closable::DefinitionItem,
    Closable::Row,
    Closable::Cell,
];

impl Closable {
    /// The element is one of this kind.
    fn is(self, name: &[u8]) -> bool {
        match self {
            Closable::Paragraph => name == b"p",
            Closable::ListItem => name == b"li",
            Closable::DefinitionItem => name == b"dd" || name == b"dt",
            Closable::Row => name == b"tr",
            Closable::Cell => name == b"td" || name == b"th",
        }
    }

    /// Opening the element closes the reachable open one of this kind.
    fn closed_by(self, name: &[u8]) -> bool {
        match self {
            Closable::Paragraph => is_in(name, CLOSES_P),
            _ => self.is(name),
        }
    }

    /// An open one outside the element can no longer be reached.
    fn hidden_by(self, name: &[u8]) -> bool {
        match self {
            Closable::Paragraph => is_in(name, BUTTON_SCOPE),
            Closable::ListItem | Closable::DefinitionItem => {
                is_in(name, SPECIAL) && !matches!(name, b"address" | b"div" | b"p")
            }
            Closable::Row => matches!(name, b"table" | b"template" | b"html"),
            Closable::Cell => matches!(name, b"table" | b"template" | b"html" | b"tr"),
        }
    }
}

/// Elements the parser keeps one of, merging the attributes of repeats.
const SINGLETONS: &[&[u8]] = &[b"html", b"head", b"body"];

/// What the rules above say about one element name, worked out once per
/// name a page uses: a page has tens of thousands of tags and a few dozen
/// names.
#[derive(Debug, Clone, Copy)]
struct Kind {
    void: bool,
    raw_text: bool,
    singleton: bool,
    plaintext: bool,
    form: bool,
    foreign: bool,
    table: bool,
    row: bool,
    sibling_group: Option<usize>,
    is: [bool; 5],
    closes: [bool; 5],
    hides: [bool; 5],
}

impl Kind {
    fn of(name: &[u8]) -> Kind {
        Kind {
            void: is_in(name, VOID),
            raw_text: is_in(name, RAW_TEXT),
            singleton: is_in(name, SINGLETONS),
            plaintext: name == b"plaintext",
            form: name == b"form",
            foreign: name == b"svg" || name == b"math",
            table: name == b"table",
            row: name == b"tr",
            sibling_group: SIBLINGS.iter().position(|group| is_in(name, group)),
            is: CLOSABLE.map(|kind| kind.is(name)),
            closes: CLOSABLE.map(|kind| kind.closed_by(name)),
            hides: CLOSABLE.map(|kind| kind.hidden_by(name)),
        }
    }
}

/// Element names seen so far, by number.
#[derive(Default)]
struct Names {
    ids: FxHashMap<Vec<u8>, usize>,
    kinds: Vec<Kind>,
}

impl Names {
    /// The number of the (lower-cased) `name`.
    fn id(&mut self, name: &[u8]) -> usize {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.kinds.len();
        self.kinds.push(Kind::of(name));
        self.ids.insert(name.to_vec(), id);
        id
    }
}

/// Refuse `html` when it nests deeper or puts more attributes on one element
/// than `limits` allow.
pub fn check(html: &str, limits: &HtmlLimits) -> Result<(), ExtractError> {
    let b = html.as_bytes();
    let mut names = Names::default();
    let mut open = OpenElements::default();
    let mut name = Vec::new();
    // Attributes of all `<html>` and `<body>` tags land on one element each.
    let mut singleton_attributes: FxHashMap<usize, usize> = FxHashMap::default();
    let mut pos = 0;
    while let Some(lt) = find_byte(b, pos, b'<') {
        budget::tick();
        let Some(&next) = b.get(lt + 1) else { break };
        match next {
            b'!' if b[lt..].starts_with(b"<!--") => {
                pos = find(b, lt + 4, b"-->").map_or(b.len(), |i| i + 3);
                continue;
            }
            b'!' | b'?' => {
                pos = find_byte(b, lt, b'>').map_or(b.len(), |i| i + 1);
                continue;
            }
            _ => {}
        }
        let closing = next == b'/';
        let name_start = lt + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // `</1>` is a bogus comment; a `<` before anything else is text.
            pos = if closing {
                find_byte(b, lt, b'>').map_or(b.len(), |i| i + 1)
            } else {
                lt + 1
            };
            continue;
        }
        let tag = read_tag(b, name_start);
        pos = tag.end;
        if tag.attributes > limits.max_attributes {
            return Err(ExtractError::TooManyAttributes {
                max: limits.max_attributes,
            });
        }
        name.clear();
        name.extend(b[tag.name.0..tag.name.1].iter().map(u8::to_ascii_lowercase));
        let id = names.id(&name);
        let kind = names.kinds[id];
        if closing {
            open.close(id, &names);
            continue;
        }
        if kind.singleton {
            let n = singleton_attributes.entry(id).or_default();
            *n += tag.attributes;
            if *n > limits.max_attributes {
                return Err(ExtractError::TooManyAttributes {
                    max: limits.max_attributes,
                });
            }
            continue;
        }
        if open.foreign == 0 && kind.raw_text {
            pos = raw_text_end(b, pos, &name);
            continue;
        }
        if open.foreign == 0 && kind.plaintext {
            break;
        }
        open.open(id, tag.self_closing, &mut names);
        // <html> and <body> sit above everything else.
        if open.stack.len() + 2 > limits.max_depth {
            return Err(ExtractError::TooDeep {
                max: limits.max_depth,
            });
        }
    }
    Ok(())
}

struct Tag {
    /// Where its name sits in the page.
    name: (usize, usize),
    attributes: usize,
    self_closing: bool,
    /// Just past the tag's `>` (or the end of the page).
    end: usize,
}

/// Read the tag whose name starts at `i`, as the parser's tokenizer does: a
/// `>` inside a quoted value does not end it.
fn read_tag(b: &[u8], mut i: usize) -> Tag {
    let name_start = i;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut tag = Tag {
        name: (name_start, i),
        attributes: 0,
        self_closing: false,
        end: b.len(),
    };
    loop {
        budget::tick();
        // Before an attribute name.
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let Some(&c) = b.get(i) else { return tag };
        match c {
            b'>' => {
                tag.end = i + 1;
                return tag;
            }
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    tag.self_closing = true;
                    tag.end = i + 2;
                    return tag;
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name (a leading '=' belongs to it).
        tag.attributes += 1;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                i = find_byte(b, i + 1, q).map_or(b.len(), |j| j + 1);
            }
            _ => {
                while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

#[derive(Default)]
struct OpenElements {
    stack: Vec<Frame>,
    /// Open elements by name number, so that an end tag matching nothing
    /// open costs nothing and one that matches pops what it closes.
    counts: Vec<usize>,
    /// Open `<svg>` and `<math>`: inside them `<x/>` holds nothing.
    foreign: usize,
}

struct Frame {
    id: usize,
    kind: Kind,
    /// For each kind of [`Closable`], where the reachable open one sits in
    /// the stack.
    reachable: [Option<usize>; 5],
}

impl OpenElements {
    fn open(&mut self, id: usize, self_closing: bool, names: &mut Names) {
        let kind = names.kinds[id];
        if kind.void || (self_closing && self.foreign > 0) {
            return;
        }
        // A second form inside a form is dropped.
        if kind.form && self.count(id) > 0 {
            return;
        }
        for k in CLOSABLE {
            if kind.closes[k as usize] {
                if let Some(at) = self.stack.last().and_then(|f| f.reachable[k as usize]) {
                    self.truncate(at);
                }
            }
        }
        if let (Some(top), Some(group)) = (self.stack.last(), kind.sibling_group) {
            if top.kind.sibling_group == Some(group) {
                self.truncate(self.stack.len() - 1);
            }
        }
        // A row straight inside a table goes into a <tbody> the parser adds.
        if kind.row && self.stack.last().is_some_and(|f| f.kind.table) {
            let tbody = names.id(b"tbody");
            self.push(tbody, names.kinds[tbody]);
        }
        self.push(id, kind);
    }

    fn count(&self, id: usize) -> usize {
        self.counts.get(id).copied().unwrap_or(0)
    }

    fn push(&mut self, id: usize, kind: Kind) {
        let at = self.stack.len();
        let parent = self.stack.last().map(|f| f.reachable).unwrap_or_default();
        let reachable = CLOSABLE.map(|k| {
            if kind.is[k as usize] {
                Some(at)
            } else if kind.hides[k as usize] {
                None
            } else {
                parent[k as usize]
            }
        });
        if kind.foreign {
            self.foreign += 1;
        }
        if self.counts.len() <= id {
            self.counts.resize(id + 1, 0);
        }
        self.counts[id] += 1;
        self.stack.push(Frame {
            id,
            kind,
            reachable,
        });
    }

    fn close(&mut self, id: usize, names: &Names) {
        if self.count(id) == 0 || names.kinds[id].void {
            return;
        }
        if let Some(at) = self.stack.iter().rposition(|f| f.id == id) {
            // Everything above the closed element goes with it; each frame is
            // popped once, so this is paid for by its push.
            self.truncate(at);
        }
    }

    /// Pop the frames from `len` up.
    fn truncate(&mut self, len: usize) {
        while self.stack.len() > len {
            let Some(frame) = self.stack.pop() else { break };
            if frame.kind.foreign {
                self.foreign = self.foreign.saturating_sub(1);
            }
            if let Some(n) = self.counts.get_mut(frame.id) {
                *n = n.saturating_sub(1);
            }
        }
    }
}

/// Where the text of a raw-text element that opened before `from` ends: at
/// its end tag, or the end of the page.
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut pos = from;
    while let Some(lt) = find(b, pos, b"</") {
        let end = lt + 2 + name.len();
        if end <= b.len() && b[lt + 2..end].eq_ignore_ascii_case(name) {
            return lt;
        }
        pos = lt + 2;
    }
    b.len()
}

fn is_in(name: &[u8], list: &[&[u8]]) -> bool {
    list.contains(&name)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|i| from + i)
}

/// First index at or after `from` where `needle` starts.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut pos = from;
    while let Some(i) = find_byte(b, pos, first) {
        if b[i..].starts_with(needle) {
            return Some(i);
        }
        pos = i + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(html: &str, max_depth: usize) -> bool {
        let limits = HtmlLimits {
            max_depth,
            max_attributes: 256,
        };
        check(html, &limits).is_ok()
    }

    #[test]
    fn deep_nesting_is_refused_with_the_reason() {
        let html = format!("{}<p>text</p>", "<div>".repeat(600));
        let err = check(&html, &HtmlLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an article: nested deeper than 512 levels"
        );
        let fine = format!("{}<p>text</p>{}", "<div>".repeat(400), "</div>".repeat(400));
        assert!(check(&fine, &HtmlLimits::default()).is_ok());
    }

    #[test]
    fn closed_elements_do_not_add_up() {
        let html = "<div><span>a</span></div>".repeat(10_000);
        assert!(depth_ok(&html, 8));
    }

    #[test]
    fn elements_the_parser_does_not_nest_are_not_counted() {
        // A container, then a unit repeated 100 times: as deep as the parser
        // makes it (`<html>` and `<body>` included), not 100 times deeper.
        for (container, unit, depth) in [
            ("", "<p>one", 3),
            ("<ul>", "<li>a", 4),
            ("<ul>", "<li><p><b>b</b>", 6),
            ("<dl>", "<dt>a<dd><p>b", 5),
            ("<table>", "<tr><td><p>1<td><span>2", 7),
            ("", "<br><img src=x><hr>", 2),
            ("<math>", "<mi/>", 3),
            ("", "<title><div><div></title>", 3),
            ("", "<!-- <div><div> -->", 2),
            ("", "<p title='<div><div>'>x</p>", 3),
            ("", "</div></span><p>a</b></i>", 3),
        ] {
            let html = format!("{container}{}", unit.repeat(100));
            assert!(depth_ok(&html, depth), "{unit}");
        }
        // What the parser does nest is counted.
        assert!(!depth_ok(&"<p>a<div>b".repeat(10), 10));
        assert!(!depth_ok("<span><span><span><span><span><b><i>", 6));
    }

    #[test]
    fn many_attributes_are_refused() {
        let many: String = (0..300).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let err = check(&format!("<p{many}>x</p>"), &HtmlLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an article: an element with more than 256 attributes"
        );
        // Repeated <body> tags merge their attributes into one element.
        let bodies: String = (0..300).map(|i| format!("<body b{i}>")).collect();
        assert!(check(&bodies, &HtmlLimits::default()).is_err());
        let few: String = (0..20).map(|i| format!(" data-x{i}='v>{i}'")).collect();
        assert!(check(
            &format!("<div{few}>x</div>").repeat(100),
            &HtmlLimits::default()
        )
        .is_ok());
    }

    #[test]
    fn unterminated_and_odd_markup_does_not_panic() {
        for html in [
            "<", "<p", "<p a=", "<p a='", "</", "<!", "<!--", "<?x", "<a/", "é<é>", "<p/ >",
            "<script>",
        ] {
            let _ = check(html, &HtmlLimits::default());
        }
    }
}
