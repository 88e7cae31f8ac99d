//! Words of a non-English sentence with their byte spans, folded for lookup,
//! and the phrase lexicons the word tables compile into.
//!
//! Folding: lower case, apostrophes unified (Ukrainian "п’ятеро", "п'ятеро"),
//! Arabic short vowels and tatweel dropped and alef forms merged, Eastern
//! Arabic and Persian digits read as ASCII digits. An Arabic word also offers
//! itself without its clitics (و ف, then ب ل ك, then ال: "والجرحى" → "جرحى"),
//! so one table form serves every prefixed spelling.

use rustc_hash::FxHashMap as HashMap;

/// One word or number of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded form.
    pub key: String,
    /// Byte span in the text.
    pub start: usize,
    pub end: usize,
    /// Digits (thousands groups and the decimal part folded away).
    pub number: Option<u64>,
    /// A decimal ("3,5"): no head count.
    pub decimal: bool,
    /// Punctuation mark (one char).
    pub punct: bool,
    /// Starts upper case in the text.
    pub capital: bool,
    /// Folded forms without Arabic clitics, longest first (empty elsewhere).
    pub stripped: Vec<String>,
    /// An Arabic "and"/"so" clitic led the word: it opens a new clause.
    pub conj: bool,
}

impl Word {
    /// The forms a table entry may match: the word, then its clitic-free forms.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.key.as_str()).chain(self.stripped.iter().map(String::as_str))
    }
}

fn arabic_digit(c: char) -> Option<char> {
    match c {
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        _ => None,
    }
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// Fold one word for lookup.
pub fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            // Arabic short vowels, shadda, sukun, tatweel, superscript alef.
            '\u{064B}'..='\u{0652}' | '\u{0640}' | '\u{0670}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            '\u{2019}' | '\u{02BC}' | '`' | '\u{2018}' => out.push('\''),
            'ё' => out.push('е'),
            c => {
                if let Some(d) = arabic_digit(c) {
                    out.push(d);
                } else {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }
    out
}

/// Clitic-free forms of a folded Arabic word, longest first.
fn strip_clitics(w: &str) -> (Vec<String>, bool) {
    let mut out: Vec<String> = Vec::new();
    let mut conj = false;
    let chars: Vec<char> = w.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|c| is_arabic(*c)) {
        return (out, conj);
    }
    let mut rest: &[char] = &chars;
    fn push(r: &[char], out: &mut Vec<String>) {
        let s: String = r.iter().collect();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if matches!(rest[0], 'و' | 'ف') && rest.len() > 3 {
        rest = &rest[1..];
        conj = true;
        push(rest, &mut out);
    }
    // "لل" is ل + ال with the alef dropped.
    if rest.len() > 4 && rest[0] == 'ل' && rest[1] == 'ل' {
        push(&rest[2..], &mut out);
    }
    if matches!(rest[0], 'ب' | 'ل' | 'ك') && rest.len() > 3 {
        rest = &rest[1..];
        push(rest, &mut out);
    }
    if rest.len() > 3 && rest[0] == 'ا' && rest[1] == 'ل' {
        push(&rest[2..], &mut out);
    }
    (out, conj)
}

fn is_word_char(c: char) -> bool {
    crate::facts::tokens::is_alphanumeric(c)
        || ('\u{064B}'..='\u{0652}').contains(&c)
        || c == '\u{0640}'
}

/// Thin, no-break and narrow no-break spaces group thousands ("50 000").
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}' | ' ')
}

/// Split `text` into words. Never fails; spans lie on char boundaries.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() || arabic_digit(c).is_some() {
            let (end, number, decimal) = read_number(text, start);
            while it.peek().is_some_and(|&(i, _)| i < end) {
                it.next();
            }
            out.push(Word {
                key: fold(&text[start..end]),
                start,
                end,
                number,
                decimal,
                punct: false,
                capital: false,
                stripped: Vec::new(),
                conj: false,
            });
            continue;
        }
        if !is_word_char(c) {
            out.push(Word {
                key: fold(&c.to_string()),
                start,
                end: start + c.len_utf8(),
                number: None,
                decimal: false,
                punct: true,
                capital: false,
                stripped: Vec::new(),
                conj: false,
            });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = it.peek() {
            // Digits glued to letters ("24عاما") end the word.
            if d.is_ascii_digit() || arabic_digit(d).is_some() {
                break;
            }
            if is_word_char(d) {
                end = i + d.len_utf8();
                it.next();
                continue;
            }
            let joiner = matches!(d, '-' | '\'' | '\u{2019}' | '\u{02BC}');
            let next = text[i + d.len_utf8()..].chars().next();
            // French elision ("l'État", "d'un", "qu'il"): the article is a
            // word of its own; Ukrainian "п'ять" keeps its apostrophe.
            let elided = matches!(d, '\'' | '\u{2019}')
                && matches!(
                    text[start..i].to_lowercase().as_str(),
                    "l" | "d" | "j" | "m" | "n" | "s" | "t" | "c" | "qu" | "jusqu" | "lorsqu"
                );
            if elided {
                end = i + d.len_utf8();
                it.next();
                break;
            }
            if joiner && next.is_some_and(crate::facts::tokens::is_alphabetic) {
                end = i + d.len_utf8();
                it.next();
                continue;
            }
            break;
        }
        let key = fold(&text[start..end]);
        let (stripped, conj) = strip_clitics(&key);
        out.push(Word {
            key,
            start,
            end,
            number: None,
            decimal: false,
            punct: false,
            capital: c.is_uppercase(),
            stripped,
            conj,
        });
    }
    out
}

/// A number starting at `start`: digits, thousands grouped by a space of any
/// width, a dot or a comma followed by exactly three digits ("50 000",
/// "1.200", "1,200"), a decimal part after a comma or dot otherwise ("3,5").
/// Returns (end, integer value, decimal).
fn read_number(text: &str, start: usize) -> (usize, Option<u64>, bool) {
    let digit = |c: char| {
        if c.is_ascii_digit() {
            Some(c)
        } else {
            arabic_digit(c)
        }
    };
    let mut value = String::new();
    let mut end = start;
    let mut decimal = false;
    let rest = &text[start..];
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(d) = digit(c) {
            value.push(d);
            end = start + i + c.len_utf8();
            continue;
        }
        let sep = is_group_space(c) || matches!(c, ',' | '.' | '٬' | '٫');
        if !sep || value.is_empty() {
            break;
        }
        // What follows the separator: a group of exactly three digits?
        let after = &rest[i + c.len_utf8()..];
        let group: String = after.chars().take_while(|c| digit(*c).is_some()).collect();
        let group_len = group.chars().count();
        let three = group_len == 3;
        if three && !matches!(c, '٫') {
            // A space only groups when the leading part is short ("50 000",
            // not "2024 100").
            if is_group_space(c) && value.len() > 3 {
                break;
            }
            for d in group.chars() {
                value.push(digit(d).unwrap_or('0'));
            }
            let skip = c.len_utf8() + group.len();
            end = start + i + skip;
            while chars.peek().is_some_and(|&(j, _)| j < i + skip) {
                chars.next();
            }
            continue;
        }
        if matches!(c, ',' | '.' | '٫') && group_len > 0 && !is_group_space(c) {
            decimal = true;
            end = start + i + c.len_utf8() + group.len();
        }
        break;
    }
    (end, value.parse().ok(), decimal)
}

/// One word of a table phrase: an exact form, or a stem ("погиб*").
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Exact(String),
    Stem(String),
}

impl Part {
    fn parse(s: &str) -> Part {
        match s.strip_suffix('*') {
            Some(stem) => Part::Stem(fold(stem)),
            None => Part::Exact(fold(s)),
        }
    }

    fn matches(&self, w: &Word) -> bool {
        match self {
            Part::Exact(e) => w.forms().any(|f| f == e),
            Part::Stem(s) => w.forms().any(|f| f.starts_with(s.as_str())),
        }
    }
}

/// Stem phrase lists to try at a word: one list, or several to merge in
/// table order.
enum StemLists<'a> {
    One(&'a [usize]),
    Many(Vec<&'a [usize]>),
}

/// Phrases of one table, each with a value, matched at a word position. The
/// longest phrase wins.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    phrases: Vec<(Vec<Part>, T, String)>,
    /// First exact form → phrases starting with it; stems are tried in order.
    by_first: HashMap<String, Vec<usize>>,
    /// Phrases starting with a stem, by the stem's first char (an empty stem
    /// under `None`), in table order: a word is tried only on the stems its
    /// forms can start with.
    stems: HashMap<Option<char>, Vec<usize>>,
    /// Every stem phrase in table order.
    all_stems: Vec<usize>,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            phrases: Vec::new(),
            by_first: HashMap::default(),
            stems: HashMap::default(),
            all_stems: Vec::new(),
        }
    }
}

impl<T: Clone> Lexicon<T> {
    pub fn add(&mut self, phrase: &str, value: T) {
        let mut parts: Vec<Part> = Vec::new();
        for piece in phrase.split_whitespace() {
            // "l'an": the elided article is a word of its own in the text.
            let split = words(piece.trim_end_matches('*'));
            if split.len() > 1 && split.iter().all(|w| !w.punct) {
                let last = split.len() - 1;
                for (k, w) in split.into_iter().enumerate() {
                    if k == last && piece.ends_with('*') {
                        parts.push(Part::Stem(w.key));
                    } else {
                        parts.push(Part::Exact(w.key));
                    }
                }
            } else {
                parts.push(Part::parse(piece));
            }
        }
        if parts.is_empty() {
            return;
        }
        let i = self.phrases.len();
        match &parts[0] {
            Part::Exact(e) => self.by_first.entry(e.clone()).or_default().push(i),
            Part::Stem(s) => {
                self.stems.entry(s.chars().next()).or_default().push(i);
                self.all_stems.push(i);
            }
        }
        self.phrases.push((parts, value, phrase.to_string()));
    }

    /// The longest phrase starting at `i`: (value, words used).
    pub fn at(&self, words: &[Word], i: usize) -> Option<(T, usize)> {
        let w = words.get(i)?;
        let mut best: Option<(usize, usize)> = None;
        let merged: Vec<usize>;
        let stems = match self.stems_for(w) {
            StemLists::One(list) => list,
            StemLists::Many(lists) => {
                merged = {
                    let mut v = lists.concat();
                    v.sort_unstable();
                    v
                };
                &merged
            }
        };
        let candidates = w
            .forms()
            .filter_map(|f| self.by_first.get(f))
            .flatten()
            .chain(stems.iter());
        for &p in candidates {
            let parts = &self.phrases[p].0;
            let fits = parts
                .iter()
                .enumerate()
                .all(|(k, part)| words.get(i + k).is_some_and(|w| part.matches(w)));
            if fits && best.is_none_or(|(_, n)| parts.len() > n) {
                best = Some((p, parts.len()));
            }
        }
        best.map(|(p, n)| (self.phrases[p].1.clone(), n))
    }

    /// The stem phrases that may start at `w`, in table order: those whose
    /// stem starts with the first char of one of its forms (the others
    /// cannot match), and empty stems.
    fn stems_for(&self, w: &Word) -> StemLists<'_> {
        const MAX: usize = 8;
        let mut lists: [&[usize]; MAX] = [&[]; MAX];
        let mut n = 0;
        // First chars already looked up; `None` (empty stems) always is.
        let mut seen: [Option<char>; MAX] = [None; MAX];
        let mut n_seen = 1;
        let firsts = std::iter::once(None).chain(w.forms().map(|f| f.chars().next()));
        for (k, c) in firsts.enumerate() {
            if k > 0 {
                if seen[..n_seen].contains(&c) {
                    continue;
                }
                if n_seen == MAX {
                    return StemLists::One(&self.all_stems);
                }
                seen[n_seen] = c;
                n_seen += 1;
            }
            if let Some(list) = self.stems.get(&c).filter(|l| !l.is_empty()) {
                lists[n] = list;
                n += 1;
            }
        }
        match n {
            0 => StemLists::One(&[]),
            1 => StemLists::One(lists[0]),
            _ => StemLists::Many(lists[..n].to_vec()),
        }
    }

    pub fn contains_at(&self, words: &[Word], i: usize) -> bool {
        self.at(words, i).is_some()
    }

    /// Whether any phrase occurs in `words`.
    pub fn any(&self, words: &[Word]) -> bool {
        (0..words.len()).any(|i| self.contains_at(words, i))
    }

    /// Every phrase as written in the table, for coverage tests.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(|(_, _, s)| s.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.key).collect()
    }

    #[test]
    fn numbers_in_every_notation() {
        let w = words("погибли 50\u{00A0}000 и 1\u{202F}200 человек, ٣ قتلى, 2,5 km, 1.200 morts");
        let n: Vec<_> = w.iter().filter_map(|w| w.number).collect();
        assert_eq!(n, vec![50_000, 1_200, 3, 2, 1_200]);
        assert!(w.iter().any(|w| w.decimal));
    }

    #[test]
    fn arabic_words_offer_clitic_free_forms() {
        let w = words("والجرحى بالمدينة للجيش");
        assert_eq!(w[0].stripped, vec!["الجرحي", "جرحي"]);
        assert!(w[0].conj);
        assert!(w[1].stripped.contains(&"مدينة".to_string()));
        assert!(w[2].stripped.contains(&"جيش".to_string()));
    }

    #[test]
    fn digits_glued_to_letters_split() {
        assert_eq!(keys("(24عاما)"), vec!["(", "24", "عاما", ")"]);
    }

    #[test]
    fn apostrophes_fold() {
        assert_eq!(keys("п’ятеро"), keys("п'ятеро"));
    }

    #[test]
    fn stems_and_phrases() {
        let mut l = Lexicon::default();
        l.add("погиб*", 1);
        l.add("не менее", 2);
        let w = words("Погибших не менее");
        assert_eq!(l.at(&w, 0), Some((1, 1)));
        assert_eq!(l.at(&w, 1), Some((2, 2)));
    }

    #[test]
    fn spans_point_into_text() {
        let text = "قُتل ٦٠ شخصا، «Ужасное утро» 50 000";
        for w in words(text) {
            assert!(text.get(w.start..w.end).is_some());
        }
    }
}
