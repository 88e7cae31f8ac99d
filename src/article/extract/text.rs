//! The extractor's cleaned HTML fragment turned into paragraphs of plain text.
//!
//! The fragment is small and well formed (the extractor serialized it), so a
//! tag scanner is enough: block-level tags end a paragraph, everything else
//! is inline. Text inside links is counted so that a page whose "article" is
//! mostly links can be recognized as an index.

/// Paragraphs of the main text, with how much of their text sat in links.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Paragraphs {
    pub paragraphs: Vec<String>,
    /// Characters of text inside `<a>` elements.
    pub link_chars: usize,
    /// Characters of text in all.
    pub text_chars: usize,
}

/// Tags that start or end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Split an HTML fragment into paragraphs of text.
pub fn paragraphs(fragment: &str) -> Paragraphs {
    let mut out = Paragraphs::default();
    let mut current = String::new();
    let mut link_depth = 0usize;
    let mut rest = fragment;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, &mut current, rest, link_depth > 0);
            break;
        };
        push_text(&mut out, &mut current, &rest[..lt], link_depth > 0);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone '<' in text: keep it as text.
            push_text(&mut out, &mut current, &rest[lt..], link_depth > 0);
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name == "a" {
            if closing {
                link_depth = link_depth.saturating_sub(1);
            } else if !tag.ends_with('/') {
                link_depth += 1;
            }
        } else if BLOCK_TAGS.contains(&name.as_str()) {
            end_paragraph(&mut out, &mut current);
        } else if matches!(name.as_str(), "td" | "th") && !current.is_empty() {
            // Table cells of one row stay on one line, apart.
            current.push(' ');
        }
    }
    end_paragraph(&mut out, &mut current);
    out
}

fn push_text(out: &mut Paragraphs, current: &mut String, raw: &str, in_link: bool) {
    let decoded = decode_entities(raw);
    let added = decoded.chars().filter(|c| !c.is_whitespace()).count();
    out.text_chars += added;
    if in_link {
        out.link_chars += added;
    }
    current.push_str(&decoded);
}

fn end_paragraph(out: &mut Paragraphs, current: &mut String) {
    let mut p = String::with_capacity(current.len());
    for word in current.split_whitespace() {
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(word);
    }
    if !p.is_empty() {
        out.paragraphs.push(p);
    }
    current.clear();
}

/// Decode the character references a serializer writes, plus numeric ones.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(10)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| decode_reference(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn decode_reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_inline_tags_vanish() {
        let p = paragraphs("<h1>Title</h1><p>One <em>two</em>,\n three.</p><p>Four<br>five</p>");
        assert_eq!(p.paragraphs, ["Title", "One two, three.", "Four", "five"]);
    }

    #[test]
    fn entities_are_decoded() {
        let p = paragraphs("<p>A &amp; B &lt;3 &#8212; &#x2019;s &bogus; &</p>");
        assert_eq!(p.paragraphs, ["A & B <3 \u{2014} \u{2019}s &bogus; &"]);
    }

    #[test]
    fn link_text_is_counted() {
        let p = paragraphs(r#"<p><a href="/x">abc</a> de</p>"#);
        assert_eq!((p.link_chars, p.text_chars), (3, 5));
    }
}
