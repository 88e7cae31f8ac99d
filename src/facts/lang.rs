//! Per-language word tables: `config/lang/<code>/*.toml`, compiled in and
//! parsed once, like the gazetteer. The casualty reader asks a [`Lang`] which
//! words are victims, outcomes, role cues and numbers, so a new language is
//! new tables, not new code. The format is described in
//! `config/lang/en/*.toml` and config/lang/en/FORMAT.md.
//!
//! Every row carries an example sentence with what the extractor must read
//! from it; `tests/facts_lang.rs` runs them all.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;

use super::tokens::Token;

/// The compiled-in sources of one language's tables.
struct Source {
    code: &'static str,
    lang: &'static str,
    victims: &'static str,
    outcomes: &'static str,
    words: &'static str,
    cues: &'static str,
    numbers: &'static str,
}

const SOURCES: &[Source] = &[Source {
    code: "en",
    lang: include_str!("../../config/lang/en/lang.toml"),
    victims: include_str!("../../config/lang/en/victims.toml"),
    outcomes: include_str!("../../config/lang/en/outcomes.toml"),
    words: include_str!("../../config/lang/en/words.toml"),
    cues: include_str!("../../config/lang/en/cues.toml"),
    numbers: include_str!("../../config/lang/en/numbers.toml"),
}];

#[derive(Debug, thiserror::Error)]
pub enum LangError {
    #[error("config/lang/{code}/{file}.toml: {source}")]
    Parse {
        code: String,
        file: &'static str,
        source: Box<toml::de::Error>,
    },
    #[error("config/lang/{code}/{file}.toml: {message}")]
    Invalid {
        code: String,
        file: &'static str,
        message: String,
    },
}

/// What an outcome word or phrase tells of its victims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Killed,
    Injured,
    /// Hit, fate not told.
    Shot,
}

/// An outcome found at a token: what it tells, how many tokens it spans,
/// whether the victims may follow it as object, and the table row's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeMatch {
    pub outcome: OutcomeKind,
    pub len: usize,
    pub takes_object: bool,
}

/// A row's example: a sentence and what must be read from it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    /// A casualty entry of this group must be found.
    pub group: Option<String>,
    /// A background figure with this `why` must be found.
    pub why: Option<String>,
    /// Read as the headline of `text` (a one-line body is used when absent).
    pub title: Option<String>,
    /// `is_clash_report` must be this.
    pub clash: Option<bool>,
}

/// Leaked once per process: the tables live as long as the program, and the
/// readers compare tokens against `&'static [&'static str]` slices.
type Words = &'static [&'static str];

fn leak_words(words: Vec<String>) -> Words {
    let v: Vec<&'static str> = words
        .into_iter()
        .map(|w| &*Box::leak(w.into_boxed_str()))
        .collect();
    Box::leak(v.into_boxed_slice())
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Whether a table entry matches a word: equal, or a stem ("kill*") the
/// word starts with.
pub fn entry_matches(entry: &str, word: &str) -> bool {
    match entry.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => entry == word,
    }
}

/// The named word lists of `words.toml`. Every language has every list; a
/// list its file leaves out is empty.
#[derive(Debug, Default)]
pub struct Lists {
    pub non_person: Words,
    pub person_groups: Words,
    pub clause_breaks: Words,
    pub outcome_nouns: Words,
    pub accused: Words,
    pub prosecuted: Words,
    pub singular_aux: Words,
    pub negations: Words,
    pub not_names: Words,
    pub implied_pairs: Words,
    pub state_verbs: Words,
    pub hints: Words,
    pub reaction_cues: Words,
    pub protest_cues: Words,
    pub months: Words,
}

/// Numbers of a language.
#[derive(Debug, Default)]
pub struct Numbers {
    /// 0..=19 in English; every form of a value (gender, case) maps to it.
    pub units: HashMap<&'static str, u32>,
    /// Multiples of ten that combine with a unit ("twenty-five").
    pub tens: HashMap<&'static str, u32>,
    /// Vague plurals valued by convention ("dozens" = 12).
    pub vague: Vec<(&'static str, u32)>,
    /// Phrases making a figure an estimate, as token sequences.
    pub qualifiers: Vec<Words>,
    pub not_counted_after: Words,
    /// Extra digit sets, zero first ("٠١٢٣٤٥٦٧٨٩").
    pub digits: Vec<Vec<char>>,
}

impl Numbers {
    /// The ASCII digit for a digit of any of the language's sets.
    pub fn ascii_digit(&self, c: char) -> Option<char> {
        if c.is_ascii_digit() {
            return Some(c);
        }
        self.digits.iter().find_map(|set| {
            set.iter()
                .position(|d| *d == c)
                .and_then(|i| char::from_digit(i as u32, 10))
        })
    }
}

#[derive(Debug)]
struct Phrase {
    words: Words,
    found: OutcomeMatch,
}

/// One language's tables.
#[derive(Debug)]
pub struct Lang {
    pub code: &'static str,
    pub name: &'static str,
    pub clitic_prefixes: Words,
    pub clitic_suffixes: Words,
    victims: HashMap<&'static str, &'static str>,
    victim_stems: Vec<(&'static str, &'static str)>,
    outcome_words: HashMap<&'static str, OutcomeMatch>,
    outcome_stems: Vec<(&'static str, OutcomeMatch)>,
    /// Phrases by their first word (stem phrases under ""), longest first.
    phrases: HashMap<&'static str, Vec<Phrase>>,
    pub lists: Lists,
    /// Role cues: (phrase, why), in table order.
    pub background: Vec<(&'static str, &'static str)>,
    /// Headline cues of war news that reports no new event: (phrase, kind).
    pub not_event: Vec<(&'static str, &'static str)>,
    pub numbers: Numbers,
    /// Every row's example, with the row it came from ("victims.toml: soldiers").
    pub examples: Vec<(String, Example)>,
}

// ---- the files as written --------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLang {
    code: String,
    name: String,
    #[serde(default)]
    clitics: RawClitics,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawClitics {
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    suffixes: Vec<String>,
    example: Option<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVictims {
    #[serde(default)]
    victim: Vec<RawVictim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVictim {
    group: String,
    words: Vec<String>,
    example: Example,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcomes {
    #[serde(default)]
    word: Vec<RawOutcomeWords>,
    #[serde(default)]
    phrase: Vec<RawOutcomePhrases>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcomeWords {
    outcome: OutcomeKind,
    takes_object: bool,
    words: Vec<String>,
    example: Example,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcomePhrases {
    outcome: OutcomeKind,
    takes_object: bool,
    phrases: Vec<String>,
    example: Example,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawList {
    words: Vec<String>,
    example: Option<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    #[serde(default)]
    lists: HashMap<String, RawList>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    #[serde(default)]
    background: Vec<RawCue>,
    #[serde(default)]
    not_event: Vec<RawNotEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotEvent {
    kind: String,
    phrases: Vec<String>,
    example: Example,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    why: String,
    phrases: Vec<String>,
    example: Example,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbers {
    #[serde(default)]
    digits: Vec<String>,
    #[serde(default)]
    unit: Vec<RawNumber>,
    #[serde(default)]
    ten: Vec<RawNumber>,
    #[serde(default)]
    vague: Vec<RawNumber>,
    #[serde(default)]
    qualifiers: Vec<String>,
    qualifier_example: Option<Example>,
    #[serde(default)]
    not_counted_after: Vec<String>,
    not_counted_example: Option<Example>,
    units_example: Option<Example>,
    tens_example: Option<Example>,
    vague_example: Option<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumber {
    value: u32,
    forms: Vec<String>,
}

const LIST_NAMES: &[&str] = &[
    "non_person",
    "person_groups",
    "clause_breaks",
    "outcome_nouns",
    "accused",
    "prosecuted",
    "singular_aux",
    "negations",
    "not_names",
    "implied_pairs",
    "state_verbs",
    "hints",
    "reaction_cues",
    "protest_cues",
    "months",
];

fn parse<T: serde::de::DeserializeOwned>(
    code: &str,
    file: &'static str,
    text: &str,
) -> Result<T, LangError> {
    toml::from_str(text).map_err(|source| LangError::Parse {
        code: code.to_string(),
        file,
        source: Box::new(source),
    })
}

fn load(src: &Source) -> Result<Lang, LangError> {
    let code = src.code;
    let invalid = |file: &'static str, message: String| LangError::Invalid {
        code: code.to_string(),
        file,
        message,
    };
    let raw_lang: RawLang = parse(code, "lang", src.lang)?;
    if raw_lang.code != code {
        return Err(invalid(
            "lang",
            format!("code {:?} in the folder of {code:?}", raw_lang.code),
        ));
    }
    let mut examples = Vec::new();
    if let Some(e) = raw_lang.clitics.example {
        examples.push(("lang.toml: clitics".to_string(), e));
    }

    let raw_victims: RawVictims = parse(code, "victims", src.victims)?;
    let mut victims = HashMap::default();
    let mut victim_stems = Vec::new();
    for row in raw_victims.victim {
        let group = leak(row.group);
        examples.push((format!("victims.toml: {group}"), row.example));
        for w in leak_words(row.words) {
            match w.strip_suffix('*') {
                Some(stem) => victim_stems.push((stem, group)),
                None => {
                    if victims.insert(*w, group).is_some() {
                        return Err(invalid("victims", format!("{w:?} is listed twice")));
                    }
                }
            }
        }
    }

    let raw_outcomes: RawOutcomes = parse(code, "outcomes", src.outcomes)?;
    let mut outcome_words = HashMap::default();
    let mut outcome_stems = Vec::new();
    for row in raw_outcomes.word {
        let found = OutcomeMatch {
            outcome: row.outcome,
            len: 1,
            takes_object: row.takes_object,
        };
        examples.push((
            format!("outcomes.toml: word {}", row.words.join("|")),
            row.example,
        ));
        for w in leak_words(row.words) {
            match w.strip_suffix('*') {
                Some(stem) => outcome_stems.push((stem, found)),
                None => {
                    if outcome_words.insert(*w, found).is_some() {
                        return Err(invalid("outcomes", format!("{w:?} is listed twice")));
                    }
                }
            }
        }
    }
    let mut phrases: HashMap<&'static str, Vec<Phrase>> = HashMap::default();
    for row in raw_outcomes.phrase {
        examples.push((
            format!("outcomes.toml: phrase {}", row.phrases.join("|")),
            row.example,
        ));
        for p in row.phrases {
            let words = leak_words(p.split_whitespace().map(str::to_string).collect());
            let Some(first) = words.first() else {
                return Err(invalid("outcomes", "an empty phrase".to_string()));
            };
            let key = if first.ends_with('*') { "" } else { *first };
            phrases.entry(key).or_default().push(Phrase {
                words,
                found: OutcomeMatch {
                    outcome: row.outcome,
                    len: words.len(),
                    takes_object: row.takes_object,
                },
            });
        }
    }
    for list in phrases.values_mut() {
        list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }

    let raw_words: RawWords = parse(code, "words", src.words)?;
    let mut lists = Lists::default();
    for (name, list) in raw_words.lists {
        let words = leak_words(list.words);
        if let Some(e) = list.example {
            examples.push((format!("words.toml: {name}"), e));
        }
        let slot = match name.as_str() {
            "non_person" => &mut lists.non_person,
            "person_groups" => &mut lists.person_groups,
            "clause_breaks" => &mut lists.clause_breaks,
            "outcome_nouns" => &mut lists.outcome_nouns,
            "accused" => &mut lists.accused,
            "prosecuted" => &mut lists.prosecuted,
            "singular_aux" => &mut lists.singular_aux,
            "negations" => &mut lists.negations,
            "not_names" => &mut lists.not_names,
            "implied_pairs" => &mut lists.implied_pairs,
            "state_verbs" => &mut lists.state_verbs,
            "hints" => &mut lists.hints,
            "reaction_cues" => &mut lists.reaction_cues,
            "protest_cues" => &mut lists.protest_cues,
            "months" => &mut lists.months,
            other => {
                return Err(invalid(
                    "words",
                    format!("unknown list {other:?}; known: {}", LIST_NAMES.join(", ")),
                ))
            }
        };
        *slot = words;
    }

    let raw_cues: RawCues = parse(code, "cues", src.cues)?;
    let mut background = Vec::new();
    for row in raw_cues.background {
        let why = leak(row.why);
        examples.push((format!("cues.toml: {why}"), row.example));
        for p in row.phrases {
            background.push((leak(p), why));
        }
    }
    let mut not_event = Vec::new();
    for row in raw_cues.not_event {
        let kind = leak(row.kind);
        examples.push((format!("cues.toml: not_event {kind}"), row.example));
        for p in row.phrases {
            not_event.push((leak(p), kind));
        }
    }

    let raw_numbers: RawNumbers = parse(code, "numbers", src.numbers)?;
    let value_map = |rows: Vec<RawNumber>| -> HashMap<&'static str, u32> {
        rows.into_iter()
            .flat_map(|r| {
                let v = r.value;
                leak_words(r.forms).iter().map(move |f| (*f, v))
            })
            .collect()
    };
    let mut digits = Vec::new();
    for set in raw_numbers.digits {
        let chars: Vec<char> = set.chars().collect();
        if chars.len() != 10 {
            return Err(invalid(
                "numbers",
                format!("digit set {set:?} has {} characters, not 10", chars.len()),
            ));
        }
        digits.push(chars);
    }
    let numbers = Numbers {
        units: value_map(raw_numbers.unit),
        tens: value_map(raw_numbers.ten),
        vague: raw_numbers
            .vague
            .into_iter()
            .flat_map(|r| {
                let v = r.value;
                leak_words(r.forms).iter().map(move |f| (*f, v))
            })
            .collect(),
        qualifiers: raw_numbers
            .qualifiers
            .iter()
            .map(|q| leak_words(q.split_whitespace().map(str::to_string).collect()))
            .collect(),
        not_counted_after: leak_words(raw_numbers.not_counted_after),
        digits,
    };
    for (name, e) in [
        ("qualifiers", raw_numbers.qualifier_example),
        ("not_counted_after", raw_numbers.not_counted_example),
        ("units", raw_numbers.units_example),
        ("tens", raw_numbers.tens_example),
        ("vague", raw_numbers.vague_example),
    ] {
        if let Some(e) = e {
            examples.push((format!("numbers.toml: {name}"), e));
        }
    }

    Ok(Lang {
        code,
        name: leak(raw_lang.name),
        clitic_prefixes: leak_words(raw_lang.clitics.prefixes),
        clitic_suffixes: leak_words(raw_lang.clitics.suffixes),
        victims,
        victim_stems,
        outcome_words,
        outcome_stems,
        phrases,
        lists,
        background,
        not_event,
        numbers,
        examples,
    })
}

fn all() -> &'static [Lang] {
    static ALL: OnceLock<Vec<Lang>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .map(|s| match load(s) {
                Ok(lang) => lang,
                // The tables are compiled in and checked by tests: a broken
                // one is a build defect, not an input error.
                Err(e) => panic!("{e}"),
            })
            .collect()
    })
}

/// Parses every compiled-in language, reporting the first broken table.
pub fn check_all() -> Result<(), LangError> {
    SOURCES.iter().try_for_each(|s| load(s).map(|_| ()))
}

/// The tables of a language, by ISO 639-1 code.
pub fn get(code: &str) -> Option<&'static Lang> {
    all().iter().find(|l| l.code == code)
}

/// The English tables.
pub fn en() -> &'static Lang {
    static EN: OnceLock<&'static Lang> = OnceLock::new();
    EN.get_or_init(|| get("en").unwrap_or(&all()[0]))
}

thread_local! {
    static CURRENT: std::cell::Cell<Option<&'static Lang>> = const { std::cell::Cell::new(None) };
}

/// The tables the readers on this thread use: the language set by
/// [`with_lang`], English otherwise.
pub fn current() -> &'static Lang {
    CURRENT.with(|c| c.get()).unwrap_or_else(en)
}

/// Runs `f` with `lang` as the readers' language on this thread (restored
/// after, even if `f` panics), so a language reaches every rule without each
/// taking it as a parameter.
pub fn with_lang<T>(lang: &'static Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<&'static Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(Some(lang))));
    f()
}

/// Codes of every compiled-in language.
pub fn codes() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|s| s.code)
}

impl Lang {
    /// The forms of `word` a table may list: the word, then the word without
    /// each clitic the language glues on.
    pub fn forms<'w>(&'w self, word: &'w str) -> impl Iterator<Item = &'w str> + 'w {
        std::iter::once(word)
            .chain(
                self.clitic_suffixes
                    .iter()
                    .filter_map(move |s| word.strip_suffix(s).filter(|w| !w.is_empty())),
            )
            .chain(
                self.clitic_prefixes
                    .iter()
                    .filter_map(move |p| word.strip_prefix(p).filter(|w| !w.is_empty())),
            )
    }

    /// The victim group of a word as it stands ("soldiers" → "soldiers").
    pub fn victim_group(&self, word: &str) -> Option<&'static str> {
        if let Some(g) = self.victims.get(word) {
            return Some(g);
        }
        self.victim_stems
            .iter()
            .find(|(stem, _)| word.starts_with(stem))
            .map(|(_, g)| *g)
    }

    /// The outcome a single word tells wherever it stands.
    pub fn outcome_word(&self, word: &str) -> Option<OutcomeMatch> {
        if let Some(m) = self.outcome_words.get(word) {
            return Some(*m);
        }
        self.outcome_stems
            .iter()
            .find(|(stem, _)| word.starts_with(stem))
            .map(|(_, m)| *m)
    }

    /// The longest outcome phrase starting at token `k`.
    pub fn outcome_phrase(&self, toks: &[Token], k: usize) -> Option<OutcomeMatch> {
        let first = toks.get(k)?.lower.as_str();
        let exact = self.phrases.get(first).into_iter().flatten();
        let stems = self.phrases.get("").into_iter().flatten();
        exact
            .chain(stems)
            .filter(|p| {
                p.words.iter().enumerate().all(|(i, e)| {
                    toks.get(k + i)
                        .is_some_and(|t| entry_matches(e, t.lower.as_str()))
                })
            })
            .max_by_key(|p| p.words.len())
            .map(|p| p.found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::tokens::tokenize;

    #[test]
    fn every_table_parses() {
        check_all().expect("tables parse");
        assert!(codes().any(|c| c == "en"));
    }

    #[test]
    fn stems_match_prefixes_and_words_match_whole() {
        assert!(entry_matches("demonstrat*", "demonstrators"));
        assert!(!entry_matches("kill", "killed"));
        assert!(entry_matches("kill", "kill"));
    }

    #[test]
    fn phrases_take_the_longest() {
        let toks = tokenize("two soldiers lost their lives");
        let m = en().outcome_phrase(&toks, 2).expect("phrase");
        assert_eq!((m.outcome, m.len), (OutcomeKind::Killed, 3));
        assert!(en().outcome_phrase(&toks, 1).is_none());
    }

    #[test]
    fn clitics_give_the_table_form() {
        let forms: Vec<&str> = en().forms("army's").collect();
        assert_eq!(forms, ["army's", "army"]);
    }

    #[test]
    fn digit_sets_map_to_ascii() {
        let n = Numbers {
            digits: vec!["٠١٢٣٤٥٦٧٨٩".chars().collect()],
            ..Numbers::default()
        };
        assert_eq!(n.ascii_digit('٣'), Some('3'));
        assert_eq!(n.ascii_digit('7'), Some('7'));
        assert_eq!(n.ascii_digit('x'), None);
    }
}
