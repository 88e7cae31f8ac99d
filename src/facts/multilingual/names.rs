//! Parties and places named in another script or language, as the English
//! gazetteer knows them: "Херсоне" → Kherson (Ukraine), "украинские" →
//! Ukraine, "الإسرائيلي" → Israel, "palestiniens" → Palestine.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::facts::knowledge::{Knowledge, PartyKind, PartyMention, PlaceKind, PlaceMention};

use super::tables::Tables;
use super::words::Word;

/// Where an English place name of the tables lies, from the gazetteer.
#[derive(Debug, Clone)]
pub struct PlaceInfo {
    pub name: String,
    pub country: Option<String>,
    pub kind: PlaceKind,
}

/// The gazetteer's entry for an English place name: the most specific place
/// of that exact name, else a country of that name (a place that is a state).
pub fn place_info(english: &str) -> Option<PlaceInfo> {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<String, Option<PlaceInfo>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(c) = cache.lock() {
        if let Some(found) = c.get(english) {
            return found.clone();
        }
    }
    let k = Knowledge::global();
    let found = k
        .places_in(english)
        .into_iter()
        .find(|p| p.start == 0 && p.end == english.len())
        .map(|p| PlaceInfo {
            name: p.name,
            country: p.country,
            kind: p.kind,
        });
    if let Ok(mut c) = cache.lock() {
        c.insert(english.to_string(), found.clone());
    }
    found
}

/// Party and place mentions of `words` (spans already in the text's bytes).
pub fn scan(t: &Tables, words: &[Word]) -> (Vec<PartyMention>, Vec<PlaceMention>) {
    let k = Knowledge::global();
    let mut parties = Vec::new();
    let mut places = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(((name, demonym), n)) = t.parties.at(words, i) {
            let kind = k.party_kind(&name).unwrap_or(PartyKind::Group);
            parties.push(PartyMention {
                party: name,
                kind,
                start: words[i].start,
                end: words[i + n - 1].end,
                demonym,
                force: false,
            });
            i += n;
            continue;
        }
        if let Some((name, n)) = t.places.at(words, i) {
            if let Some(info) = place_info(&name) {
                places.push(PlaceMention {
                    name: info.name,
                    country: info.country,
                    start: words[i].start,
                    end: words[i + n - 1].end,
                    kind: info.kind,
                });
            }
            i += n;
            continue;
        }
        i += 1;
    }
    (parties, places)
}
