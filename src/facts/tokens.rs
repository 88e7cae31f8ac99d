//! Word tokens with byte spans, the unit the number and casualty rules read.

/// One token of a sentence: a word (letters, digits, inner hyphens and
/// apostrophes), a number ("1,200", "3.5") or a single punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased text, curly apostrophes folded to `'`.
    pub lower: String,
    /// Byte span in the text the tokens were read from.
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Starts with an upper-case letter in the text (names, headlines).
    pub capital: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// Digits with optional thousands separators or a decimal part.
    Number,
    Punct,
}

impl Token {
    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }

    pub fn is_any(&self, words: &[&str]) -> bool {
        words.contains(&self.lower.as_str())
    }

    pub fn is_punct(&self) -> bool {
        self.kind == TokenKind::Punct
    }

    /// The word without a trailing possessive ("armenia's" -> "armenia").
    pub fn base(&self) -> &str {
        let w = self.lower.as_str();
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix('\''))
            .unwrap_or(w)
    }
}

/// The alphanumeric runs of a lower-cased text, to rule phrases out before
/// searching for them. A phrase found as whole words (bounded by non-
/// alphanumeric chars or the text's ends) starts with a run of the text
/// (its own leading alphanumeric run) and ends with one.
pub struct Runs<'a>(rustc_hash::FxHashSet<&'a str>);

impl<'a> Runs<'a> {
    pub fn of(lower: &'a str) -> Self {
        let mut runs = rustc_hash::FxHashSet::default();
        word_runs(lower, Joins::NONE, |s, e, _, _| {
            runs.insert(&lower[s..e]);
        });
        Runs(runs)
    }

    /// False when `phrase` cannot occur in the text as whole words: its
    /// leading alphanumeric run is no run of the text.
    pub fn may_start(&self, phrase: &str) -> bool {
        let end = leading_run_end(phrase);
        end == 0 || self.0.contains(&phrase[..end])
    }

    /// False when a phrase ending in `word` after a non-alphanumeric char
    /// cannot occur in the text as whole words: `word` (all alphanumeric)
    /// is no run of the text.
    pub fn may_end_with(&self, word: &str) -> bool {
        word.is_empty() || !word.chars().all(is_alphanumeric) || self.0.contains(word)
    }

    /// The text's distinct runs, in no order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().copied()
    }
}

/// The end of `s`'s leading alphanumeric run (`s.find(|c|
/// !is_alphanumeric(c))`, or its length): ASCII by bytes, the rest by chars.
pub(crate) fn leading_run_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let ascii = bytes
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    if ascii < bytes.len() && !bytes[ascii].is_ascii() {
        return ascii
            + s[ascii..]
                .find(|c: char| !is_alphanumeric(c))
                .unwrap_or(s.len() - ascii);
    }
    ascii
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c)
}

/// Chars below this are classified by a table built once.
const TABLE_END: usize = 0x800;
const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;

/// Classes of the chars below U+0800 (Latin, Greek, Cyrillic, Hebrew,
/// Arabic): the standard library searches the Unicode tables for each char
/// outside ASCII, which costs hundreds of instructions a letter of an
/// Arabic or Russian text.
fn classes() -> &'static [u8; TABLE_END] {
    static TABLE: std::sync::OnceLock<Box<[u8; TABLE_END]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u8; TABLE_END]);
        for (u, class) in t.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(u as u32) {
                if c.is_alphabetic() {
                    *class |= ALPHABETIC;
                }
                if c.is_alphanumeric() {
                    *class |= ALPHANUMERIC;
                }
            }
        }
        t
    })
}

/// ASCII bytes [`word_runs`] takes inside a word besides letters and digits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Joins(u8);

impl Joins {
    pub const NONE: Joins = Joins(0);
    pub const APOSTROPHE: Joins = Joins(APOSTROPHE);
    pub const APOSTROPHE_HYPHEN: Joins = Joins(APOSTROPHE | HYPHEN);

    /// Whether `b` is one of these bytes.
    #[inline]
    pub fn has(self, b: u8) -> bool {
        BYTE_CLASS[usize::from(b)] & self.0 != 0
    }
}

/// What a byte is to [`word_runs`], as bits: one table lookup a byte instead
/// of a chain of range tests.
const WORD: u8 = 1;
const UPPER: u8 = 2;
const APOSTROPHE: u8 = 4;
const HYPHEN: u8 = 8;
/// A byte of a char outside ASCII: the char decides.
const WIDE: u8 = 16;

static BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if !b.is_ascii() {
            WIDE
        } else if b.is_ascii_uppercase() {
            WORD | UPPER
        } else if b.is_ascii_alphanumeric() {
            WORD
        } else if b == b'\'' {
            APOSTROPHE
        } else if b == b'-' {
            HYPHEN
        } else {
            0
        };
        i += 1;
    }
    table
}

/// Calls `each(start, end, ascii, upper)` for every run of alphanumeric
/// chars (and the ASCII bytes `joins` names inside words) of `text`. ASCII
/// is read as bytes, and whether a run is ASCII and has capitals is noted on
/// the way, so each word is read once: the word splitters of the cue and
/// gazetteer scans share it.
#[inline]
pub(crate) fn word_runs(text: &str, joins: Joins, mut each: impl FnMut(usize, usize, bool, bool)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let accept = WORD | joins.0;
    // The char at `i` (a char boundary below `n`) and whether it is a word char.
    let wide = |i: usize| -> (bool, usize) {
        match text[i..].chars().next() {
            Some(c) => (is_alphanumeric(c), c.len_utf8()),
            None => (false, n - i),
        }
    };
    let mut i = 0;
    'runs: while i < n {
        // Up to the next word char: ASCII by bytes, in a tight loop.
        loop {
            let class = BYTE_CLASS[usize::from(bytes[i])];
            if class & accept != 0 {
                break;
            }
            if class & WIDE == 0 {
                i += 1;
            } else {
                let (word, len) = wide(i);
                if word {
                    break;
                }
                i += len;
            }
            if i >= n {
                break 'runs;
            }
        }
        // The run: whether it is ASCII and has capitals is noted on the way
        // (the classes of its ASCII bytes are or-ed together).
        let start = i;
        let mut ascii = true;
        let mut seen = 0;
        loop {
            while i < n {
                let class = BYTE_CLASS[usize::from(bytes[i])];
                if class & accept == 0 {
                    break;
                }
                seen |= class;
                i += 1;
            }
            if i < n && BYTE_CLASS[usize::from(bytes[i])] & WIDE != 0 {
                let (word, len) = wide(i);
                if word {
                    ascii = false;
                    i += len;
                    continue;
                }
            }
            break;
        }
        each(start, i, ascii, seen & UPPER != 0);
    }
}

/// `w` lower-cased, borrowed when it already is; `ascii` and `upper` as
/// [`word_runs`] noted them.
pub(crate) fn lowered(w: &str, ascii: bool, upper: bool) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if ascii {
        if upper {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        }
    } else if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// [`char::is_alphanumeric`], by table for the common scripts.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match classes().get(c as usize) {
        Some(class) => class & ALPHANUMERIC != 0,
        None => c.is_alphanumeric(),
    }
}

/// [`char::is_alphabetic`], by table for the common scripts.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match classes().get(c as usize) {
        Some(class) => class & ALPHABETIC != 0,
        None => c.is_alphabetic(),
    }
}

/// Whether a token of a text whose ASCII lower-case copy is `lower` may be
/// the word `word` (its `lower`): `false` only when `word` does not occur in
/// `lower`, a test far cheaper than tokenizing a sentence to look for the
/// word. Only ASCII letters lower-case to ASCII letters but for the Kelvin
/// sign ('K' to 'k'), so a word with a 'k' or with other chars than ASCII
/// letters and spaces may always be there.
pub(crate) fn may_hold_word(lower: &str, word: &str) -> bool {
    let plain = word
        .bytes()
        .all(|b| (b.is_ascii_lowercase() && b != b'k') || b == b' ');
    word.is_empty() || !plain || lower.contains(word)
}

/// Whether `text.to_lowercase()` holds `needle`, found without a lower-case
/// copy. `needle` is ASCII without capitals or a 'k' and does not end in 'i':
/// then no other char than an ASCII one lower-cases into a match (the Kelvin
/// sign gives a 'k'; 'İ' gives an 'i' with a combining dot after it).
pub(crate) fn contains_ignoring_ascii_case(text: &str, needle: &str) -> bool {
    debug_assert!(
        needle
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'k')
            && !needle.ends_with('i')
    );
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    // Candidates by the first letter in either case (memchr2 reads many
    // bytes at a time), then the rest compared where one starts.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), t).any(|at| {
        t.get(at..at + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Fixed words looked for in many short texts, each one's searcher built
/// once (`str::contains` builds a searcher every call).
pub(crate) struct AnyOf(Vec<memchr::memmem::Finder<'static>>);

impl AnyOf {
    pub(crate) fn new(words: &[&'static str]) -> AnyOf {
        AnyOf(
            words
                .iter()
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
                .collect(),
        )
    }

    /// Whether `text` holds one of the words (anywhere, as `str::contains`).
    pub(crate) fn in_text(&self, text: &str) -> bool {
        self.0.iter().any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// Split `text` into tokens. Never fails; every span lies on char boundaries.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            out.push(Token {
                lower: c.to_string(),
                start,
                end: start + c.len_utf8(),
                kind: TokenKind::Punct,
                capital: false,
            });
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut all_digits = c.is_ascii_digit();
        // Inner joiners are kept only when a word character follows them.
        while let Some(&(i, d)) = chars.peek() {
            if is_word_char(d) {
                all_digits &= d.is_ascii_digit();
                end = i + d.len_utf8();
                chars.next();
                continue;
            }
            let joiner = matches!(d, '-' | '\'' | '\u{2019}' | ',' | '.');
            if !joiner {
                break;
            }
            let next = text[i + d.len_utf8()..].chars().next();
            let numeric_joiner = matches!(d, ',' | '.');
            let ok = match next {
                Some(n) if numeric_joiner => all_digits && n.is_ascii_digit(),
                Some(n) => is_word_char(n),
                None => false,
            };
            // "soldiers'" keeps its trailing apostrophe as a possessive.
            let trailing_possessive = d == '\'' && next.is_none_or(|n| !is_word_char(n));
            if trailing_possessive && text[start..i].ends_with(['s', 'S']) {
                end = i + 1;
                chars.next();
                break;
            }
            if !ok {
                break;
            }
            if !numeric_joiner {
                all_digits = false;
            }
            chars.next();
        }
        let raw = &text[start..end];
        // ASCII (most words): one allocation, and no curly apostrophe to fold.
        let lower = if raw.is_ascii() {
            raw.to_ascii_lowercase()
        } else {
            raw.to_lowercase().replace('\u{2019}', "'")
        };
        let kind = if lower.starts_with(|c: char| c.is_ascii_digit())
            && lower
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            lower,
            start,
            end,
            kind,
            capital: c.is_uppercase(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_a_token_may_be_is_found_in_any_case() {
        let text = "Fighting BETWEEN the army and \u{212a}illers, Mostly at night.";
        let lower = text.to_ascii_lowercase();
        for word in ["between", "mostly", "army", "at"] {
            assert!(may_hold_word(&lower, word), "{word}");
            assert!(tokenize(text).iter().any(|t| t.is(word)), "{word}");
        }
        assert!(!may_hold_word(&lower, "among"));
        // The Kelvin sign lower-cases to 'k': a word with one may be there.
        assert!(tokenize(text).iter().any(|t| t.is("killers")));
        assert!(may_hold_word(&lower, "killers"));
        // Not a plain lower-case ASCII word: no test is made.
        assert!(may_hold_word(&lower, "tués"));
        assert!(may_hold_word(&lower, "Army"));
    }

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            words("Armenia's 1,200 twenty-five, 12-year-old. End"),
            vec![
                "armenia's",
                "1,200",
                "twenty-five",
                ",",
                "12-year-old",
                ".",
                "end"
            ]
        );
    }

    #[test]
    fn char_classes_are_the_standard_ones() {
        for u in 0..0x3000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{u:#x}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{u:#x}");
        }
    }

    /// `word_runs` as it read every char one at a time before: the runs
    /// and their flags must not change.
    fn runs_char_by_char(
        text: &str,
        joins: impl Fn(u8) -> bool,
    ) -> Vec<(usize, usize, bool, bool)> {
        let mut out = Vec::new();
        let mut start = None;
        let (mut ascii, mut upper) = (true, false);
        for (i, c) in text.char_indices() {
            let b = text.as_bytes()[i];
            let word_char = if b.is_ascii() {
                b.is_ascii_alphanumeric() || joins(b)
            } else {
                c.is_alphanumeric()
            };
            if word_char {
                if start.is_none() {
                    start = Some(i);
                    (ascii, upper) = (true, false);
                }
                ascii &= b.is_ascii();
                upper |= b.is_ascii_uppercase();
            } else if let Some(s) = start.take() {
                out.push((s, i, ascii, upper));
            }
        }
        if let Some(s) = start {
            out.push((s, text.len(), ascii, upper));
        }
        out
    }

    #[test]
    fn a_leading_run_ends_where_find_says() {
        for s in [
            "",
            "x",
            "abc def",
            "été 12",
            "ab1é-x",
            "-x",
            "دمشق في",
            "年 x",
            "ab\u{0307}c",
        ] {
            let want = s.find(|c: char| !is_alphanumeric(c)).unwrap_or(s.len());
            assert_eq!(leading_run_end(s), want, "{s:?}");
        }
    }

    #[test]
    fn word_runs_are_the_runs_of_word_chars() {
        let texts = [
            "",
            " ",
            "a",
            "A",
            "Zwölf “soldiers’” 3.5 km",
            "  Two-day 'strike' at O'Neil's -- killed 12; ÉTÉ été\u{212a}elvin",
            "قالت مصادر طبية إن ثلاثة أشخاص قتلوا",
            "Вчора ввечері у Харкові-2 загинули",
            "end-",
            "-start",
            "x\u{0307}y İstanbul ß 東京 123abc",
        ];
        let joiners: [(Joins, &dyn Fn(u8) -> bool); 3] = [
            (Joins::NONE, &|_| false),
            (Joins::APOSTROPHE, &|b| b == b'\''),
            (Joins::APOSTROPHE_HYPHEN, &|b| b == b'\'' || b == b'-'),
        ];
        for text in texts {
            for (joins, by_char) in joiners {
                let mut got = Vec::new();
                word_runs(text, joins, |s, e, a, u| got.push((s, e, a, u)));
                assert_eq!(got, runs_char_by_char(text, by_char), "{text:?}");
                for b in 0..=255u8 {
                    assert_eq!(joins.has(b), by_char(b), "{b}");
                }
            }
        }
    }

    #[test]
    fn spans_point_into_text() {
        let text = "Zwölf “soldiers’” 3.5 km";
        for t in tokenize(text) {
            assert!(text.get(t.start..t.end).is_some());
        }
    }

    #[test]
    fn ascii_case_blind_search_agrees_with_lower_casing() {
        for text in [
            "A SHOOTING in town",
            "Shootings",
            "shoot ing",
            "SHOOTİNG",
            "the ſhooting",
            "the Israeli-CONTROLLED Golan",
            "",
            "tiroteo",
        ] {
            assert_eq!(
                contains_ignoring_ascii_case(text, "-controlled"),
                text.to_lowercase().contains("-controlled"),
                "{text}"
            );
            assert_eq!(
                contains_ignoring_ascii_case(text, "shooting"),
                text.to_lowercase().contains("shooting"),
                "{text}"
            );
        }
    }

    #[test]
    fn any_of_finds_what_contains_finds() {
        let words = AnyOf::new(&["day", "night", "évening"]);
        for text in [
            "on monday",
            "last night.",
            "the évening",
            "nothing",
            "",
            "da y",
        ] {
            let expected = ["day", "night", "évening"].iter().any(|w| text.contains(w));
            assert_eq!(words.in_text(text), expected, "{text}");
        }
    }
}
