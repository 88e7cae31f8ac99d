//! The words the side rules read, from `config/lang/en/sides.toml`: compiled
//! in, parsed once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::facts::tokens::Token;

const SIDES_TOML: &str = include_str!("../../../config/lang/en/sides.toml");

/// A section's example: a sentence and the figures each side must get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    #[serde(default)]
    pub sides: BTreeMap<String, [u32; 2]>,
    #[serde(default)]
    pub claimed_by: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Verbs of naming ("called", "described as").
    pub naming: Vec<String>,
    /// A speaker's words for the other side's fighters.
    pub words: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Words naming victims as the state's ("government", "pro-regime").
    pub words: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nationality {
    /// Words before a nationality of most victims ("most of them").
    pub majority: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attackers {
    /// Nouns of those who carry out an attack.
    pub words: Vec<String>,
    /// Reflexives naming the attacker among the dead ("and himself").
    pub themselves: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claimed {
    /// Phrases followed by who attacked ("claimed by").
    pub before: Vec<String>,
    /// Phrases preceded by who attacked ("claimed responsibility").
    pub after: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speakers {
    /// Words of a title between a party and its verb of saying.
    pub titles: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fight {
    /// Nouns of a fight, before "between" two parties.
    pub words: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// Nouns of a role in an armed party ("commander", "member").
    pub words: Vec<String>,
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct More {
    /// Words before a victim noun telling more of the victims just named.
    pub words: Vec<String>,
    pub example: Option<Example>,
}

/// A rule without words, with its example.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub example: Option<Example>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideWords {
    pub labels: Labels,
    pub state: State,
    pub nationality: Nationality,
    pub attackers: Attackers,
    pub claimed: Claimed,
    pub speakers: Speakers,
    pub fight: Fight,
    pub roles: Roles,
    pub more: More,
    pub state_soldiers: Rule,
    pub enemy_killed: Rule,
}

impl SideWords {
    /// The examples of every section, with the section's name.
    pub fn examples(&self) -> Vec<(&'static str, &Example)> {
        [
            ("labels", self.labels.example.as_ref()),
            ("state", self.state.example.as_ref()),
            ("nationality", self.nationality.example.as_ref()),
            ("attackers", self.attackers.example.as_ref()),
            ("claimed", self.claimed.example.as_ref()),
            ("speakers", self.speakers.example.as_ref()),
            ("fight", self.fight.example.as_ref()),
            ("roles", self.roles.example.as_ref()),
            ("more", self.more.example.as_ref()),
            ("state_soldiers", self.state_soldiers.example.as_ref()),
            ("enemy_killed", self.enemy_killed.example.as_ref()),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()
    }
}

/// Parses the table; an error names what is wrong.
pub fn parse(source: &str) -> Result<SideWords, toml::de::Error> {
    toml::from_str(source)
}

/// The English side words. A table that fails to parse (a test catches it)
/// leaves the rules without words rather than stopping the bot.
pub fn get() -> &'static SideWords {
    static WORDS: OnceLock<SideWords> = OnceLock::new();
    WORDS.get_or_init(|| parse(SIDES_TOML).unwrap_or_default())
}

/// The number of tokens of the first phrase of `phrases` that `toks` hold
/// from `at` on (each phrase: words separated by one space).
pub fn phrase_at(toks: &[Token], at: usize, phrases: &[String]) -> Option<usize> {
    phrases.iter().find_map(|p| {
        let mut n = 0;
        for w in p.split(' ') {
            if toks.get(at + n).is_none_or(|t| t.lower != w) {
                return None;
            }
            n += 1;
        }
        Some(n)
    })
}

/// Whether `word` is one of `words`.
pub fn has(words: &[String], word: &str) -> bool {
    words.iter().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_every_section_has_an_example() {
        let words = parse(SIDES_TOML).expect("config/lang/en/sides.toml parses");
        assert_eq!(words.examples().len(), 11);
        assert!(!words.labels.naming.is_empty() && !words.claimed.before.is_empty());
    }
}
