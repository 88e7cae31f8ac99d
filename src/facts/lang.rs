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

use super::tokens::{leading_run_end, Runs, Token};

/// The compiled-in sources of one language's tables.
struct Source {
    code: &'static str,
    lang: &'static str,
    victims: &'static str,
    outcomes: &'static str,
    words: &'static str,
    cues: &'static str,
    numbers: &'static str,
    /// `names.toml`: parties and places in this language's spelling (languages
    /// other than English).
    names: Option<&'static str>,
    /// `dates.toml`: weekdays, days before publication, month names.
    dates: Option<&'static str>,
}

/// The files of a language other than English, which has the two extra
/// files (`names.toml`, `dates.toml`).
macro_rules! source {
    ($code:literal) => {
        Source {
            code: $code,
            lang: include_str!(concat!("../../config/lang/", $code, "/lang.toml")),
            victims: include_str!(concat!("../../config/lang/", $code, "/victims.toml")),
            outcomes: include_str!(concat!("../../config/lang/", $code, "/outcomes.toml")),
            words: include_str!(concat!("../../config/lang/", $code, "/words.toml")),
            cues: include_str!(concat!("../../config/lang/", $code, "/cues.toml")),
            numbers: include_str!(concat!("../../config/lang/", $code, "/numbers.toml")),
            names: Some(include_str!(concat!(
                "../../config/lang/",
                $code,
                "/names.toml"
            ))),
            dates: Some(include_str!(concat!(
                "../../config/lang/",
                $code,
                "/dates.toml"
            ))),
        }
    };
}

const SOURCES: &[Source] = &[
    Source {
        code: "en",
        lang: include_str!("../../config/lang/en/lang.toml"),
        victims: include_str!("../../config/lang/en/victims.toml"),
        outcomes: include_str!("../../config/lang/en/outcomes.toml"),
        words: include_str!("../../config/lang/en/words.toml"),
        cues: include_str!("../../config/lang/en/cues.toml"),
        numbers: include_str!("../../config/lang/en/numbers.toml"),
        names: None,
        dates: None,
    },
    source!("ar"),
    source!("ru"),
    source!("uk"),
    source!("fr"),
    source!("es"),
];

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
    // The keys below are checked by the multilingual reader's tests
    // (`src/facts/multilingual/tests.rs`).
    /// Publication date the text is read against.
    pub published: Option<chrono::NaiveDate>,
    /// `event_date` must be this.
    pub date: Option<chrono::NaiveDate>,
    /// Side (English name) → [killed, injured] read for it.
    #[serde(default)]
    pub sides: std::collections::BTreeMap<String, [u32; 2]>,
    /// Parties that must be found (English names).
    #[serde(default)]
    pub parties: Vec<String>,
    /// Places that must be found (the gazetteer's names).
    #[serde(default)]
    pub places: Vec<String>,
    /// Whether some figure must (true) or must not (false) be background.
    pub background: Option<bool>,
    /// A claim with this English verb must be found.
    pub claim: Option<String>,
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
    /// Words of armed violence: a report without one tells no clash.
    pub violence: Words,
    /// `non_person` by hash: every noun after a count is tested against it.
    pub non_person_set: rustc_hash::FxHashSet<&'static str>,
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
    /// Words multiplying the number before them ("тысяч" = 1000).
    pub scales: Vec<(&'static str, u32)>,
    /// Phrases after the victims making their count an estimate ("على الأقل").
    pub qualifiers_after: Vec<Words>,
    /// Endings a digit takes after a hyphen and still counts ("5-ро").
    pub digit_suffixes: Words,
    /// Number words that double as articles ("un", "una").
    pub articles: Words,
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

/// An outcome row as written, for readers that compile their own lexicon.
#[derive(Debug)]
pub struct OutcomeRow {
    pub outcome: OutcomeKind,
    /// The forms tell one victim without a count ("погиб").
    pub singular: bool,
    /// Words and phrases (words separated by one space), stems with `*`.
    pub forms: Words,
}

/// A victim row as written: the group, its forms, and the forms among them
/// that name one person (or two, an Arabic dual) without a count.
#[derive(Debug)]
pub struct VictimRow {
    pub group: &'static str,
    pub words: Words,
    pub one: Words,
    pub two: Words,
}

/// Words naming a toll ("число погибших") and those after which its new
/// count follows ("до").
#[derive(Debug)]
pub struct Toll {
    pub phrases: Words,
    pub to: Words,
}

/// Date words of `dates.toml`.
#[derive(Debug, Default)]
pub struct DateWords {
    pub weekdays: Vec<(&'static str, chrono::Weekday)>,
    /// Days before publication ("вчера" = 1).
    pub days_ago: Vec<(&'static str, i64)>,
    pub months: Vec<(&'static str, u32)>,
}

/// `names.toml`: (form, English name) pairs.
#[derive(Debug, Default)]
pub struct Names {
    pub parties: Vec<(&'static str, &'static str)>,
    /// Adjectives and nouns naming a side's people ("украинские").
    pub demonyms: Vec<(&'static str, &'static str)>,
    pub places: Vec<(&'static str, &'static str)>,
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
    /// Outcome rows in file order (words, then phrases).
    pub outcome_rows: Vec<OutcomeRow>,
    /// Victim rows in file order.
    pub victim_rows: Vec<VictimRow>,
    pub tolls: Vec<Toll>,
    /// Reporting phrases → the English verb of the claim ("заявил*" → "said").
    pub claims: Vec<(&'static str, &'static str)>,
    pub dates: DateWords,
    pub names: Names,
    /// `lists.hints` as one automaton, built on first use (`None` if it
    /// could not be built: then each hint is searched for in turn).
    hint_finder: OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// `background` rows by their phrase's first word, built on first use.
    background_index: OnceLock<CueIndex>,
}

/// Rows of a cue table by the leading word of their phrase, so a sentence
/// looks up its own few words instead of testing every row.
#[derive(Debug, Default)]
struct CueIndex {
    by_first: HashMap<&'static str, Vec<usize>>,
    /// Rows whose phrase starts with no word (a symbol): tested always.
    always: Vec<usize>,
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
    #[serde(default)]
    one: Vec<String>,
    #[serde(default)]
    two: Vec<String>,
    /// More sentences the row is checked on.
    #[serde(default)]
    also: Vec<Example>,
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
    #[serde(default)]
    singular: bool,
    #[serde(default)]
    also: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcomePhrases {
    outcome: OutcomeKind,
    takes_object: bool,
    phrases: Vec<String>,
    example: Example,
    #[serde(default)]
    singular: bool,
    #[serde(default)]
    also: Vec<Example>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawList {
    words: Vec<String>,
    example: Option<Example>,
    #[serde(default)]
    also: Vec<Example>,
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
    #[serde(default)]
    toll: Vec<RawToll>,
    #[serde(default)]
    claim: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawToll {
    phrases: Vec<String>,
    to: Vec<String>,
    example: Example,
    #[serde(default)]
    also: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    verb: String,
    phrases: Vec<String>,
    example: Example,
    #[serde(default)]
    also: Vec<Example>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDates {
    weekdays: Option<RawDateSection<Vec<String>>>,
    days_ago: Option<RawDateSection<i64>>,
    months: Option<RawDateSection<u32>>,
}

/// A section of `dates.toml` or `names.toml`: key → forms (or forms → value),
/// with the example the section is checked on.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDateSection<T> {
    example: Example,
    #[serde(default)]
    also: Vec<Example>,
    words: std::collections::BTreeMap<String, T>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNames {
    parties: Option<RawDateSection<Vec<String>>>,
    demonyms: Option<RawDateSection<Vec<String>>>,
    places: Option<RawDateSection<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotEvent {
    kind: String,
    phrases: Vec<String>,
    example: Example,
    #[serde(default)]
    also: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    why: String,
    phrases: Vec<String>,
    example: Example,
    #[serde(default)]
    also: Vec<Example>,
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
    #[serde(default)]
    scale: Vec<RawNumber>,
    scale_example: Option<Example>,
    #[serde(default)]
    qualifiers_after: Vec<String>,
    qualifier_after_example: Option<Example>,
    #[serde(default)]
    digit_suffixes: Vec<String>,
    digit_suffix_example: Option<Example>,
    #[serde(default)]
    articles: Vec<String>,
    article_example: Option<Example>,
    /// More sentences the numbers are checked on.
    #[serde(default)]
    also: Vec<Example>,
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
    "violence",
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

/// A row's example and its `also` sentences, named after the row.
fn push_examples(
    examples: &mut Vec<(String, Example)>,
    row: String,
    example: Example,
    also: Vec<Example>,
) {
    for (i, e) in std::iter::once(example).chain(also).enumerate() {
        let name = if i == 0 {
            row.clone()
        } else {
            format!("{row} (also {i})")
        };
        examples.push((name, e));
    }
}

fn weekday(name: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    Some(match name {
        "mon" => Mon,
        "tue" => Tue,
        "wed" => Wed,
        "thu" => Thu,
        "fri" => Fri,
        "sat" => Sat,
        "sun" => Sun,
        _ => return None,
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
    let mut victim_rows = Vec::new();
    for row in raw_victims.victim {
        let group = leak(row.group);
        push_examples(
            &mut examples,
            format!("victims.toml: {group}"),
            row.example,
            row.also,
        );
        let words = leak_words(row.words);
        victim_rows.push(VictimRow {
            group,
            words,
            one: leak_words(row.one),
            two: leak_words(row.two),
        });
        for w in words {
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
    let mut outcome_rows = Vec::new();
    for row in raw_outcomes.word {
        let found = OutcomeMatch {
            outcome: row.outcome,
            len: 1,
            takes_object: row.takes_object,
        };
        push_examples(
            &mut examples,
            format!("outcomes.toml: word {}", row.words.join("|")),
            row.example,
            row.also,
        );
        let words = leak_words(row.words);
        outcome_rows.push(OutcomeRow {
            outcome: row.outcome,
            singular: row.singular,
            forms: words,
        });
        for w in words {
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
        push_examples(
            &mut examples,
            format!("outcomes.toml: phrase {}", row.phrases.join("|")),
            row.example,
            row.also,
        );
        outcome_rows.push(OutcomeRow {
            outcome: row.outcome,
            singular: row.singular,
            forms: leak_words(row.phrases.clone()),
        });
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
        let mut also = list.also.into_iter();
        if let Some(e) = list.example.or_else(|| also.next()) {
            push_examples(
                &mut examples,
                format!("words.toml: {name}"),
                e,
                also.collect(),
            );
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
            "violence" => &mut lists.violence,
            other => {
                return Err(invalid(
                    "words",
                    format!("unknown list {other:?}; known: {}", LIST_NAMES.join(", ")),
                ))
            }
        };
        *slot = words;
    }
    lists.non_person_set = lists.non_person.iter().copied().collect();

    let raw_cues: RawCues = parse(code, "cues", src.cues)?;
    let mut background = Vec::new();
    for row in raw_cues.background {
        let why = leak(row.why);
        push_examples(
            &mut examples,
            format!("cues.toml: {why}"),
            row.example,
            row.also,
        );
        for p in row.phrases {
            background.push((leak(p), why));
        }
    }
    let mut not_event = Vec::new();
    for row in raw_cues.not_event {
        let kind = leak(row.kind);
        push_examples(
            &mut examples,
            format!("cues.toml: not_event {kind}"),
            row.example,
            row.also,
        );
        for p in row.phrases {
            not_event.push((leak(p), kind));
        }
    }
    let mut tolls = Vec::new();
    for row in raw_cues.toll {
        push_examples(
            &mut examples,
            "cues.toml: toll".to_string(),
            row.example,
            row.also,
        );
        tolls.push(Toll {
            phrases: leak_words(row.phrases),
            to: leak_words(row.to),
        });
    }
    let mut claims = Vec::new();
    for row in raw_cues.claim {
        let verb = leak(row.verb);
        push_examples(
            &mut examples,
            format!("cues.toml: claim {verb}"),
            row.example,
            row.also,
        );
        for p in row.phrases {
            claims.push((leak(p), verb));
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
        scales: raw_numbers
            .scale
            .into_iter()
            .flat_map(|r| {
                let v = r.value;
                leak_words(r.forms).iter().map(move |f| (*f, v))
            })
            .collect(),
        qualifiers_after: raw_numbers
            .qualifiers_after
            .iter()
            .map(|q| leak_words(q.split_whitespace().map(str::to_string).collect()))
            .collect(),
        digit_suffixes: leak_words(raw_numbers.digit_suffixes),
        articles: leak_words(raw_numbers.articles),
    };
    for (name, e) in [
        ("qualifiers", raw_numbers.qualifier_example),
        ("not_counted_after", raw_numbers.not_counted_example),
        ("units", raw_numbers.units_example),
        ("tens", raw_numbers.tens_example),
        ("vague", raw_numbers.vague_example),
        ("scale", raw_numbers.scale_example),
        ("qualifiers_after", raw_numbers.qualifier_after_example),
        ("digit_suffixes", raw_numbers.digit_suffix_example),
        ("articles", raw_numbers.article_example),
    ] {
        if let Some(e) = e {
            examples.push((format!("numbers.toml: {name}"), e));
        }
    }
    for (i, e) in raw_numbers.also.into_iter().enumerate() {
        examples.push((format!("numbers.toml: also {}", i + 1), e));
    }

    let raw_dates: RawDates = match src.dates {
        Some(text) => parse(code, "dates", text)?,
        None => RawDates::default(),
    };
    let mut dates = DateWords::default();
    if let Some(sec) = raw_dates.weekdays {
        push_examples(
            &mut examples,
            "dates.toml: weekdays".to_string(),
            sec.example,
            sec.also,
        );
        for (day, forms) in sec.words {
            let Some(d) = weekday(&day) else {
                return Err(invalid(
                    "dates",
                    format!("unknown weekday {day:?} (mon, tue, ... sun)"),
                ));
            };
            dates
                .weekdays
                .extend(leak_words(forms).iter().map(|f| (*f, d)));
        }
    }
    if let Some(sec) = raw_dates.days_ago {
        push_examples(
            &mut examples,
            "dates.toml: days_ago".to_string(),
            sec.example,
            sec.also,
        );
        dates.days_ago = sec.words.into_iter().map(|(f, n)| (leak(f), n)).collect();
    }
    if let Some(sec) = raw_dates.months {
        push_examples(
            &mut examples,
            "dates.toml: months".to_string(),
            sec.example,
            sec.also,
        );
        dates.months = sec.words.into_iter().map(|(f, m)| (leak(f), m)).collect();
    }

    let raw_names: RawNames = match src.names {
        Some(text) => parse(code, "names", text)?,
        None => RawNames::default(),
    };
    let mut names = Names::default();
    for (key, sec, slot) in [
        ("parties", raw_names.parties, &mut names.parties),
        ("demonyms", raw_names.demonyms, &mut names.demonyms),
        ("places", raw_names.places, &mut names.places),
    ] {
        let Some(sec) = sec else { continue };
        push_examples(
            &mut examples,
            format!("names.toml: {key}"),
            sec.example,
            sec.also,
        );
        for (name, forms) in sec.words {
            let name = leak(name);
            slot.extend(leak_words(forms).iter().map(|f| (*f, name)));
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
        outcome_rows,
        victim_rows,
        tolls,
        claims,
        dates,
        names,
        hint_finder: OnceLock::new(),
        background_index: OnceLock::new(),
    })
}

/// The tables of `SOURCES[i]`, parsed on first use: a run over English
/// notes parses no other language's tables.
fn loaded(i: usize) -> &'static Lang {
    static LOADED: [OnceLock<Lang>; SOURCES.len()] = [const { OnceLock::new() }; SOURCES.len()];
    LOADED[i].get_or_init(|| match load(&SOURCES[i]) {
        Ok(lang) => lang,
        // The tables are compiled in and checked by tests: a broken
        // one is a build defect, not an input error.
        Err(e) => panic!("{e}"),
    })
}

/// Parses every compiled-in language, reporting the first broken table.
pub fn check_all() -> Result<(), LangError> {
    SOURCES.iter().try_for_each(|s| load(s).map(|_| ()))
}

/// The tables of a language, by ISO 639-1 code.
pub fn get(code: &str) -> Option<&'static Lang> {
    let i = SOURCES.iter().position(|s| s.code == code)?;
    Some(loaded(i))
}

/// The English tables.
pub fn en() -> &'static Lang {
    static EN: OnceLock<&'static Lang> = OnceLock::new();
    EN.get_or_init(|| get("en").unwrap_or_else(|| loaded(0)))
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
    /// Whether `lower` holds any of `lists.hints` anywhere (stems and
    /// phrases, inside words too), as `lower.contains(hint)` for each hint
    /// would tell, in one pass over the text.
    pub fn has_hint(&self, lower: &str) -> bool {
        let finder = self
            .hint_finder
            .get_or_init(|| aho_corasick::AhoCorasick::new(self.lists.hints).ok());
        match finder {
            Some(f) => f.is_match(lower),
            None => self.lists.hints.iter().any(|w| lower.contains(w)),
        }
    }

    /// The `background` rows (indices, in table order) whose phrase may occur
    /// as whole words in a text with these word `runs`: those whose leading
    /// word is one of the runs, and those that start with no word. The same
    /// rows `runs.may_start(phrase)` lets through.
    pub fn background_rows(&self, runs: &Runs) -> Vec<usize> {
        let index = self.background_index.get_or_init(|| {
            let mut index = CueIndex::default();
            for (i, (phrase, _)) in self.background.iter().enumerate() {
                let end = leading_run_end(phrase);
                if end == 0 {
                    index.always.push(i);
                } else {
                    index.by_first.entry(&phrase[..end]).or_default().push(i);
                }
            }
            index
        });
        let mut rows = index.always.clone();
        for word in runs.iter() {
            if let Some(r) = index.by_first.get(word) {
                rows.extend_from_slice(r);
            }
        }
        rows.sort_unstable();
        rows
    }

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
    fn a_hint_is_found_anywhere_as_a_substring_search_finds_it() {
        for code in codes() {
            let lang = get(code).expect("listed language");
            for text in [
                "two soldiers were killed on the road",
                "the ceasefire held overnight",
                "a farmer was wounded by shrapnel",
                "",
                "skilled workers met in the hospitality trade",
            ] {
                let one_by_one = lang.lists.hints.iter().any(|w| text.contains(w));
                assert_eq!(lang.has_hint(text), one_by_one, "{code}: {text:?}");
            }
        }
        assert!(en().has_hint("skilled workers"), "inside a word, as before");
        assert!(!en().has_hint("the ceasefire held"));
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
