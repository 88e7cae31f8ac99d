//! Sentence splitting with byte spans, so every fact can point at its source.

use crate::budget;

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
    split_within(text, usize::MAX).spans
}

/// Sentences of a text, each at most a given length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentences {
    pub spans: Vec<Span>,
    /// Sentences longer than the limit, read as several pieces.
    pub long_sentences: usize,
}

/// [`split`], with every sentence longer than `max_chars` characters cut into
/// pieces of at most that length (at a space where there is one): the rules
/// that look across a sentence then look across at most that much text.
///
/// One pass: the word before each period is known from the last space seen,
/// not searched for backwards.
pub fn split_within(text: &str, max_chars: usize) -> Sentences {
    let mut out = Sentences::default();
    let bytes = text.as_bytes();
    let mut start = 0;
    // Where the word being read began (after a space or '('), and the last
    // period seen: an abbreviation check reads the word before a period.
    let mut word_start = 0;
    let mut last_dot: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        budget::tick();
        let b = bytes[i];
        if b >= 0x80 {
            // Only a char's first byte decodes; spaces beyond ASCII (no-break
            // space) end a word too.
            if let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
                if c.is_whitespace() {
                    word_start = i + c.len_utf8();
                }
            }
            i += 1;
            continue;
        }
        if b.is_ascii_whitespace() || b == b'\x0b' || b == b'(' {
            word_start = i + 1;
        }
        if b == b'\n' {
            push(text, start, i, max_chars, &mut out);
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
            if b == b'.' {
                let word_from = word_start.max(start);
                let dotted = last_dot.is_some_and(|d| d >= word_from);
                last_dot = Some(i);
                if is_abbreviation(&text[word_from..i], dotted) {
                    i += 1;
                    continue;
                }
            }
            if spaced && starts_sentence {
                push(text, start, end, max_chars, &mut out);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push(text, start, text.len(), max_chars, &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, max_chars: usize, out: &mut Sentences) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return;
    }
    let (start, end) = (start + lead, end - trail);
    if end - start <= max_chars {
        // Never more characters than bytes.
        out.spans.push(Span { start, end });
        return;
    }
    let mut from = start;
    let mut cut_any = false;
    while from < end {
        budget::tick();
        let rest = &text[from..end];
        let Some((limit, _)) = rest.char_indices().nth(max_chars) else {
            out.spans.push(Span { start: from, end });
            break;
        };
        cut_any = true;
        // Cut after the last space of the piece, so no word is split, unless
        // the piece has none in its second half.
        let cut = rest[..limit]
            .rfind(char::is_whitespace)
            .filter(|&at| at >= limit / 2)
            .unwrap_or(limit);
        let piece = rest[..cut].trim_end();
        if !piece.is_empty() {
            out.spans.push(Span {
                start: from,
                end: from + piece.len(),
            });
        }
        let next = &rest[cut..];
        from += cut + (next.len() - next.trim_start().len());
    }
    if cut_any {
        out.long_sentences += 1;
    }
}

/// Whether the word just before a period is an abbreviation or initial;
/// `dotted` when the word itself has a period ("U.S", "a.m").
fn is_abbreviation(word: &str, dotted: bool) -> bool {
    if word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return true; // an initial: "John F. Kennedy"
    }
    if dotted {
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
    fn long_sentences_are_read_in_pieces_cut_at_spaces() {
        let text = "Four were killed near the border in the night. Short one.";
        let split = split_within(text, 20);
        let pieces: Vec<&str> = split.spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            pieces,
            vec![
                "Four were killed",
                "near the border in",
                "the night.",
                "Short one."
            ]
        );
        assert_eq!(split.long_sentences, 1);
        // Without spaces, at a character boundary.
        let text = "é".repeat(50);
        let split = split_within(&text, 20);
        assert_eq!(split.spans.len(), 3);
        assert!(split
            .spans
            .iter()
            .all(|s| text[s.start..s.end].chars().count() <= 20));
        assert_eq!(split_within("One. Two.", 20).long_sentences, 0);
    }

    #[test]
    fn periods_without_spaces_are_one_sentence() {
        let text = "a.".repeat(1000);
        assert_eq!(sentences(&text), vec![text.as_str()]);
        assert_eq!(
            sentences("He met Gen.\u{a0}Smith. U.S.A. troops left."),
            vec!["He met Gen.\u{a0}Smith.", "U.S.A. troops left."]
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
