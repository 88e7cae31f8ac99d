//! Where the event happened: places named in the article, most specific first,
//! the countries they lie in, and the regions of the taxonomy above them.

use crate::facts::knowledge::{PartyKind, PlaceKind, Scan};
use crate::facts::sentences::Span;
use crate::facts::{Location, Parties};
use crate::regions::{RegionKind, Regions};

use rustc_hash::FxHashSet;

use super::context::{evidence, is_boilerplate, sentence_of};
use super::parties::SentenceMemo;
use crate::budget;

/// Places of the event, most specific first, each once.
///
/// Linear in the text: a place finds its sentence by binary search and is
/// kept once by name, however often it is named.
pub fn locations(text: &str, sentences: &[Span], scan: &Scan) -> Vec<Location> {
    let mut found: Vec<(PlaceKind, usize, Location)> = Vec::new();
    let mut names: FxHashSet<&str> = FxHashSet::default();
    let mut boilerplate = SentenceMemo::default();
    for (order, p) in scan.places.iter().enumerate() {
        budget::tick();
        if names.contains(p.name.as_str()) {
            continue;
        }
        let Some(at) = sentence_of(sentences, p.start, p.end) else {
            continue;
        };
        let s = &sentences[at];
        if *boilerplate.get(at, || is_boilerplate(&text[s.start..s.end])) {
            continue;
        }
        names.insert(p.name.as_str());
        found.push((
            p.kind,
            order,
            Location {
                name: p.name.clone(),
                country: p.country.clone(),
                evidence: evidence(text, *s),
            },
        ));
    }
    found.sort_by_key(|(kind, order, _)| (*kind, *order));
    found.into_iter().map(|(_, _, l)| l).collect()
}

/// Countries of the event: those of its places (most specific first), else
/// countries named after a locative preposition, else the belligerents' states.
pub fn countries(
    text: &str,
    locations: &[Location],
    scan: &Scan,
    parties: &Parties,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |c: &str, out: &mut Vec<String>| {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    };
    for l in locations {
        if let Some(c) = &l.country {
            add(c, &mut out);
        }
    }
    if !out.is_empty() {
        return out;
    }
    for m in scan
        .parties
        .iter()
        .filter(|m| m.kind == PartyKind::Country && !m.demonym)
    {
        let before = text[..m.start].trim_end();
        let prep = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(
            prep.as_str(),
            "in" | "inside"
                | "into"
                | "across"
                | "near"
                | "throughout"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "northeastern"
                | "northwestern"
                | "southeastern"
                | "southwestern"
        ) {
            add(&m.party, &mut out);
        }
    }
    if !out.is_empty() {
        return out;
    }
    let knowledge = crate::facts::knowledge::Knowledge::global();
    for p in &parties.belligerents {
        if let Some(c) = knowledge.party_country(&p.name) {
            add(c, &mut out);
        }
    }
    if !out.is_empty() {
        return out;
    }
    // A short report that names no place: the states of its actors
    // ("Egyptian Air Force strikes") are where it happened, most often.
    for m in scan
        .parties
        .iter()
        .filter(|m| m.kind != PartyKind::Organization)
    {
        if let Some(c) = knowledge.party_country(&m.party) {
            add(c, &mut out);
        }
    }
    out
}

/// Regions of the taxonomy above the event's places and countries: territories
/// first, then areas, subregions and continents.
pub fn regions(locations: &[Location], countries: &[String]) -> Vec<String> {
    let taxonomy = Regions::global();
    let mut names: Vec<&str> = Vec::new();
    for l in locations {
        for r in taxonomy.regions_of_place(&l.name, l.country.as_deref()) {
            if !names.contains(&r) {
                names.push(r);
            }
        }
    }
    for c in countries {
        for r in taxonomy.regions_of_country(c) {
            if !names.contains(&r) {
                names.push(r);
            }
        }
    }
    let rank = |n: &str| match taxonomy.get(n).map(|r| r.kind) {
        Some(RegionKind::Territory) => 0,
        Some(RegionKind::Area) => 1,
        Some(RegionKind::Subregion) => 2,
        _ => 3,
    };
    let mut ranked: Vec<(usize, usize, &str)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (rank(n), i, *n))
        .collect();
    ranked.sort();
    ranked.into_iter().map(|(_, _, n)| n.to_string()).collect()
}
