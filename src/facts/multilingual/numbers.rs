//! Counts in the languages with tables: digits in any notation, number words
//! in their case and gender forms ("двое", "خمسة وعشرين", "vingt-cinq"),
//! vague amounts ("une dizaine", "عشرات") and the phrases that make a count
//! approximate.

use super::tables::{DateWord, Tables};
use super::words::Word;

/// A count read at some word position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub value: u32,
    pub approximate: bool,
    /// Word range `[start, end)`, qualifier included.
    pub start: usize,
    pub end: usize,
    /// Where the number itself starts (after the qualifier).
    pub number_at: usize,
}

/// The count starting at `i`, if any.
pub fn count_at(t: &Tables, words: &[Word], i: usize) -> Option<Count> {
    let (approximate, j) = match t.approx_before.at(words, i) {
        Some(((), n)) if words.get(i + n).is_some() => (true, i + n),
        _ => (false, i),
    };
    let (value, end, vague) = bare(t, words, j)?;
    Some(Count {
        value,
        approximate: approximate || vague,
        start: i,
        end,
        number_at: j,
    })
}

/// (value, end, vague) of a number at `i`.
fn bare(t: &Tables, words: &[Word], i: usize) -> Option<(u32, usize, bool)> {
    let w = words.get(i)?;
    if let Some(n) = w.number {
        if w.decimal || !digits_are_a_count(t, words, i) {
            return None;
        }
        let mut value = u32::try_from(n).ok()?;
        let mut end = i + 1;
        if let Some((scale, used)) = t.scales.at(words, end) {
            value = value.saturating_mul(scale);
            end += used;
        }
        if t.not_counted_after.contains_at(words, end) || date_after(t, words, end) {
            return None;
        }
        // A range "57-100": the lower, most conservative figure.
        if words.get(end).is_some_and(|w| w.key == "-" || w.key == "–")
            && words.get(end + 1).is_some_and(|w| w.number.is_some())
        {
            let rest = bare(t, words, end + 1).map_or(end + 2, |(_, e, _)| e);
            return Some((value, rest, true));
        }
        return Some((value, end, false));
    }
    if let Some((v, used)) = t.vague.at(words, i) {
        return Some((v, i + used, true));
    }
    if matches!(t.dates.at(words, i), Some((DateWord::Weekday(_), _))) {
        return None; // "الاثنين" is Monday before it is "the two"
    }
    let (mut value, used) = t
        .numbers
        .at(words, i)
        .or_else(|| hyphenated(t, &words[i]).map(|v| (v, 1)))?;
    let mut end = i + used;
    // "un ataque" is no count; "un soldado", "un jeune soldat" is one.
    if used == 1 && t.articles.contains_at(words, i) {
        // "une attaque jihadiste" is an attack, whoever it names.
        let victim_next = (i + 1..(i + 3).min(words.len()))
            .take_while(|&k| !t.violence.contains_at(words, k))
            .any(|k| t.victims.contains_at(words, k));
        if !victim_next {
            return None;
        }
        return Some((value, end, false));
    }
    // Compounds: "двадцать пять", "خمسة وعشرون", "treinta y dos", "vingt et un".
    loop {
        let joined = words
            .get(end)
            .is_some_and(|w| matches!(w.key.as_str(), "y" | "et" | "و" | "і" | "и" | "та"));
        let k = if joined { end + 1 } else { end };
        let Some((next, n)) = t.numbers.at(words, k) else {
            break;
        };
        let teen = value < 10 && next == 10 && !joined;
        let tens_then_unit = value >= 20 && value % 10 == 0 && next < 10 && value < 100;
        // Arabic puts units first ("خمسة وعشرون"); French counts in twenties
        // ("quatre vingts").
        let unit_then_tens =
            t.code == "ar" && value < 10 && (20..100).contains(&next) && next % 10 == 0;
        if t.code == "fr" && value == 4 && next == 20 {
            value = 80;
            end = k + n;
            continue;
        }
        let hundreds_then = value >= 100 && value % 100 == 0 && next < 100;
        if teen || tens_then_unit || unit_then_tens || hundreds_then {
            value += next;
            end = k + n;
        } else {
            break;
        }
    }
    if let Some((scale, n)) = t.scales.at(words, end) {
        value = value.saturating_mul(scale);
        end += n;
    }
    if t.not_counted_after.contains_at(words, end) || date_after(t, words, end) {
        return None;
    }
    Some((value, end, false))
}

/// A number word written with hyphens: "vingt-cinq", "quatre-vingt-dix",
/// "dix-sept"; `None` unless every part is a number word.
fn hyphenated(t: &Tables, w: &Word) -> Option<u32> {
    // A dash alone ("Пострадали - 51") is punctuation, not a number.
    if w.punct || !w.key.contains('-') {
        return None;
    }
    let mut total = 0u32;
    let mut last = 0u32;
    for part in w.key.split('-').filter(|p| !p.is_empty() && *p != "et") {
        let pw = super::words::words(part);
        let (v, _) = t.numbers.at(&pw, 0)?;
        // "quatre-vingt": four twenties; "deux-cents": two hundreds.
        if (v == 20 || v == 100) && last > 0 && last < 10 && total == last {
            total = last * v;
        } else {
            total += v;
        }
        last = v;
    }
    Some(total)
}

/// A day of a month ("29 листопада", "15 avril", "07 مارس") is no count.
fn date_after(t: &Tables, words: &[Word], i: usize) -> bool {
    let gap = usize::from(words.get(i).is_some_and(|w| w.key == "de"));
    matches!(t.dates.at(words, i + gap), Some((DateWord::Month(_), _)))
}

/// Digits that are no head count: a year, a time ("8:15"), part of a name
/// ("Су-24", "MH17"), a digit before a hyphenated word ("3-хвилинний",
/// "10-ї") unless the word is a numeral ending ("5-ро").
fn digits_are_a_count(t: &Tables, words: &[Word], i: usize) -> bool {
    let w = &words[i];
    let value = w.number.unwrap_or(0);
    let prev = i.checked_sub(1).and_then(|p| words.get(p));
    let next = words.get(i + 1);
    let glued = |a: &Word, b: &Word| a.end == b.start;
    if next.is_some_and(|n| n.key == ":" && glued(w, n)) {
        return false;
    }
    if prev.is_some_and(|p| p.key == ":" && glued(p, w)) {
        return false;
    }
    // Glued to a word before it ("Су-24", "MH17"), except an Arabic
    // conjunction or preposition clitic ("و25 جريحا").
    let clitic = |p: &Word| matches!(p.key.as_str(), "و" | "ف" | "ب" | "ل");
    if prev
        .is_some_and(|p| (p.key == "-" && glued(p, w)) || (!p.punct && !clitic(p) && glued(p, w)))
    {
        return false;
    }
    // "346e", "3km", "24عاما": an ordinal, a unit or an age.
    if next.is_some_and(|n| !n.punct && n.number.is_none() && glued(w, n)) {
        return false;
    }
    if let Some(dash) = next.filter(|n| n.key == "-" && glued(w, n)) {
        let suffix_ok = words.get(i + 2).is_some_and(|s| {
            glued(dash, s) && (s.number.is_some() || t.digit_suffixes.contains_at(words, i + 2))
        });
        if !suffix_ok {
            return false;
        }
    }
    // A year: four digits, no grouping, in the years news reaches.
    let plain = w.key.chars().all(|c| c.is_ascii_digit());
    if plain && w.key.len() == 4 && (1900..=2100).contains(&value) {
        let people_after = t.victims.contains_at(words, i + 1);
        return people_after;
    }
    true
}
