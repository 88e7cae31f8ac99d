//! Sentence splitting with byte spans, so every fact can point at its source.

/// A sentence as a byte range of the text it was split from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Split `text` into sentences: at line breaks, and after `.`, `!` or `?`
/// (with closing quotes) followed by whitespace and an upper-case letter,
/// digit or quote. Abbreviations ("U.S.", "Gen.") are not ends.
pub fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(text, start, i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
                end += 1;
            }
            // Closing curly quotes are multi-byte.
            while text[end..].starts_with('\u{201d}') || text[end..].starts_with('\u{2019}') {
                end += '\u{201d}'.len_utf8();
            }
            let rest = &text[end..];
            let after_space = rest.trim_start_matches([' ', '\t']);
            let spaced = after_space.len() < rest.len();
            let next = after_space.chars().next();
            let starts_sentence = next.is_some_and(|c| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201c}' | '\'')
            });
            if b == b'.' && is_abbreviation(&text[start..i]) {
                i += 1;
                continue;
            }
            if spaced && starts_sentence {
                push(text, start, end, &mut out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(Span {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// Whether the word just before a period is an abbreviation or initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return true; // an initial: "John F. Kennedy"
    }
    if word.contains('.') {
        return true; // "U.S." "a.m."
    }
    const ABBREVIATIONS: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cpl", "Pvt", "Adm",
        "Brig", "Cmdr", "Gov", "Sen", "Rep", "Rev", "St", "Jr", "Sr", "No", "Jan", "Feb", "Mar",
        "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "approx", "est", "Mt", "Ft",
    ];
    ABBREVIATIONS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_on_periods_and_lines() {
        assert_eq!(
            sentences("Four were killed. Gen. Smith said so.\nNext line here"),
            vec!["Four were killed.", "Gen. Smith said so.", "Next line here"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_quotes() {
        assert_eq!(
            sentences("U.S. forces left. He said \"no.\" Then 3 died."),
            vec!["U.S. forces left.", "He said \"no.\"", "Then 3 died."]
        );
    }
}
