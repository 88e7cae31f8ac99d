//! World knowledge for fact extraction: countries, demonyms, forces, armed
//! groups and organizations, places and regions. Built once from data compiled
//! into the binary (keshvar's ISO data, `config/countries.toml`,
//! `config/groups.toml`, `config/places.toml`, `config/places.tsv` from
//! GeoNames, `config/regions.toml`) into one Aho-Corasick automaton, so a text is
//! scanned once whatever the size of the gazetteer.

use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::facts::countries::Countries;
use crate::facts::gazetteer::{self, FileTables};
use crate::regions::{RegionKind, Regions};

const GROUPS_TOML: &str = include_str!("../../config/groups.toml");
const PLACES_TOML: &str = include_str!("../../config/places.toml");
const PLACES_TSV: &str = include_str!("../../config/places.tsv");
/// `PLACES_TSV`'s lookup tables, made by `build.rs` (see `gazetteer`).
const PLACES_TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    Country,
    /// Armed group, militia, insurgency.
    Group,
    /// Ministry-less organization (UN, ICRC, NGO).
    Organization,
}

/// A party named in a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyMention {
    /// Normalized name ("Armenia" for "Armenian", "Armenia's").
    pub party: String,
    pub kind: PartyKind,
    pub start: usize,
    pub end: usize,
    /// Named by its demonym ("Azerbaijani soldiers").
    pub demonym: bool,
    /// Named by one of its forces or seats of power ("the IDF", "the Kremlin").
    pub force: bool,
}

/// How specific a place is; lower is more specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Village,
    Town,
    City,
    District,
    Province,
    /// A region of the taxonomy inside one or two states ("Nagorno-Karabakh").
    Territory,
    /// A cross-border region, subregion or continent ("Sahel").
    Area,
}

/// A place named in a text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMention {
    pub name: String,
    pub country: Option<String>,
    pub start: usize,
    pub end: usize,
    pub kind: PlaceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Demonym,
    Force,
}

#[derive(Debug)]
struct PartyDef {
    name: String,
    kind: PartyKind,
    /// Where a group is based; the state itself for a country.
    country: Option<String>,
}

#[derive(Debug)]
struct PlaceDef {
    /// Borrowed from the compiled-in files where it can be: the gazetteer's
    /// tens of thousands of names cost no allocation at start-up.
    name: Cow<'static, str>,
    country: Option<Cow<'static, str>>,
    kind: PlaceKind,
    population: u64,
    curated: bool,
}

#[derive(Debug, Default)]
struct Surface {
    /// The surface as written, kept for exact-case comparison only.
    pattern: Option<String>,
    /// Whole-match case must equal the pattern (acronyms: "IS", "ADF").
    exact_case: bool,
    /// The text must start upper-case where the pattern does ("Turkey", not "turkey").
    cap_first: bool,
    party: Option<(usize, Role)>,
    /// This surface's places: `Knowledge::place_links[places.0..places.1]`,
    /// one vector for all surfaces (a vector each was most of start-up's
    /// allocations).
    places: (u32, u32),
}

/// Marks a place link reached only through one of the place's alternate
/// names (GeoNames lists "New York" for a Ukrainian village).
const ALTERNATE: u32 = gazetteer::ALTERNATE;

/// The surface of every name of the GeoNames file that is no curated name:
/// it needs a capital, and its places are the file's.
static FILE_SURFACE: Surface = Surface {
    pattern: None,
    exact_case: false,
    cap_first: true,
    party: None,
    places: (0, 0),
};

/// The GeoNames file's names, read from the tables made at build time:
/// surfaces from `first_surface` on are its keys, places from `first_place`
/// on its rows.
struct FileIndex {
    tables: FileTables,
    first_surface: usize,
    first_place: usize,
    /// Display name of the country of each of the file's country codes.
    countries: Vec<&'static str>,
}

/// A place of the knowledge base (curated or of the GeoNames file).
#[derive(Debug, Clone, Copy)]
struct PlaceRef<'a> {
    name: &'a str,
    country: Option<&'a str>,
    kind: PlaceKind,
    population: u64,
    curated: bool,
}

pub struct Knowledge {
    /// Normalized surface ("al shabaab") → index in `surfaces`.
    index: HashMap<Cow<'static, str>, usize>,
    /// First word of any surface → the most words a surface starting with it
    /// has, and whether one of them may match text that does not start with
    /// a capital (most need one: a GeoNames town's "police" is no place).
    /// (Looked up through `first_table`; kept for the tests.)
    #[cfg_attr(not(test), allow(dead_code))]
    first_words: HashMap<Cow<'static, str>, (usize, bool)>,
    /// [`WordsHash`] of the first two, three... words of every surface of
    /// several words: a run of words whose start is in none is no surface's
    /// start, and is not looked up (a hash shared by chance only costs a
    /// lookup).
    prefixes: HashSet<u64>,
    /// `first_words` again, looked up by the hash the file's tables use.
    first_table: gazetteer::WordTable<(usize, bool)>,
    /// `index` again, looked up so.
    index_table: gazetteer::WordTable<usize>,
    surfaces: Vec<Surface>,
    /// Place indices of all surfaces, each surface's in the order they were
    /// added, `ALTERNATE` set on alternate names.
    place_links: Vec<u32>,
    parties: Vec<PartyDef>,
    places: Vec<PlaceDef>,
    party_by_name: HashMap<String, usize>,
    /// Plural demonyms used as nouns for people ("palestinians" → Palestine).
    demonym_nouns: HashMap<String, usize>,
    /// The GeoNames file's names when read from the build's tables (the
    /// fields above then hold the curated names only); `None` when the
    /// file was read into them at start-up.
    file: Option<FileIndex>,
}

#[derive(Debug, Deserialize)]
struct GroupsFile {
    group: Vec<GroupRow>,
}

#[derive(Debug, Deserialize)]
struct GroupRow {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    country: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct PlacesFile {
    place: Vec<PlaceRow>,
}

#[derive(Debug, Deserialize)]
struct PlaceRow {
    name: String,
    country: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// The names [`Knowledge::scan_keeping`] found in a text: (start, end,
/// surface), in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMatches(Vec<(usize, usize, usize)>);

impl TextMatches {
    /// The names of `text[from..to]` (offsets in the part), when neither
    /// end cuts a word or one of the names.
    fn within(&self, text: &str, from: usize, to: usize) -> Option<Vec<(usize, usize, usize)>> {
        let cuts_word = |at: usize| {
            let word = |c: Option<char>| c.is_some_and(crate::facts::tokens::is_alphanumeric);
            word(text[..at].chars().next_back()) && word(text[at..].chars().next())
        };
        if from > to || cuts_word(from) || cuts_word(to) {
            return None;
        }
        let m = &self.0;
        let first = m.partition_point(|&(_, end, _)| end <= from);
        let mut out = Vec::new();
        for &(start, end, si) in &m[first..] {
            if start >= to {
                break;
            }
            if start < from || end > to {
                return None;
            }
            out.push((start - from, end - from, si));
        }
        Some(out)
    }
}

/// Both the parties and the places of one text, resolved together (a place name
/// shared by several countries goes to the one the text is about).
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub parties: Vec<PartyMention>,
    pub places: Vec<PlaceMention>,
}

struct Builder {
    surfaces: Vec<Surface>,
    index: HashMap<Cow<'static, str>, usize>,
    /// (surface, place link) in the order they were added.
    links: Vec<(u32, u32)>,
}

impl Builder {
    /// The slot of `pattern`'s surface, made when new.
    fn surface(&mut self, pattern: &str) -> Option<usize> {
        let pattern = pattern.trim();
        if pattern.len() < 2 {
            return None;
        }
        let key = normalize(pattern);
        if key.is_empty() {
            return None;
        }
        let exact_case = needs_exact_case(pattern);
        let cap_first = pattern.chars().next().is_some_and(char::is_uppercase);
        let i = self.slot(Cow::Owned(key), || Surface {
            pattern: exact_case.then(|| pattern.to_string()),
            exact_case,
            cap_first,
            ..Surface::default()
        });
        Some(i)
    }

    fn slot(&mut self, key: Cow<'static, str>, new: impl FnOnce() -> Surface) -> usize {
        match self.index.get(key.as_ref()) {
            Some(&i) => i,
            None => {
                let i = self.surfaces.len();
                self.surfaces.push(new());
                self.index.insert(key, i);
                i
            }
        }
    }

    fn party(&mut self, pattern: &str, party: usize, role: Role) {
        if let Some(i) = self.surface(pattern) {
            let s = &mut self.surfaces[i];
            // The first claim on a surface wins: countries load before groups.
            if s.party.is_none() {
                s.party = Some((party, role));
            }
        }
    }

    fn place(&mut self, pattern: &str, place: usize) {
        if let Some(si) = self.surface(pattern) {
            self.link(si, place, false);
        }
    }

    fn link(&mut self, si: usize, place: usize, alternate: bool) {
        let flag = if alternate { ALTERNATE } else { 0 };
        self.links.push((si as u32, place as u32 | flag));
    }

    /// Every surface's place links side by side, each surface's in the
    /// order they were added (a counting sort by surface).
    fn place_links(&mut self) -> Vec<u32> {
        let mut next = vec![0u32; self.surfaces.len() + 1];
        for &(si, _) in &self.links {
            next[si as usize + 1] += 1;
        }
        for i in 1..next.len() {
            next[i] += next[i - 1];
        }
        for (si, s) in self.surfaces.iter_mut().enumerate() {
            s.places = (next[si], next[si + 1]);
        }
        let mut out = vec![0u32; self.links.len()];
        for &(si, link) in &self.links {
            out[next[si as usize] as usize] = link;
            next[si as usize] += 1;
        }
        out
    }
}

/// Acronyms and short names collide with words in other cases ("IS"/"is").
fn needs_exact_case(p: &str) -> bool {
    let letters: Vec<char> = p.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() <= 4
        || letters.iter().all(|c| c.is_uppercase())
        || p.split([' ', '-'])
            .any(|w| w.chars().skip(1).any(char::is_uppercase) && !w.contains('\''))
}

fn plural(demonym: &str) -> Option<String> {
    let lower = demonym.to_ascii_lowercase();
    if lower.ends_with('s')
        || lower.ends_with("sh")
        || lower.ends_with("ch")
        || lower.ends_with("ese")
    {
        return None;
    }
    Some(format!("{demonym}s"))
}

impl FileIndex {
    /// The build's tables of the file, when they are the compiled-in
    /// file's and every country code of it is known (else the file is read
    /// at start-up, which leaves out the rows of unknown codes).
    fn load(
        countries: &'static Countries,
        first_surface: usize,
        first_place: usize,
    ) -> Option<FileIndex> {
        let tables = FileTables::read(PLACES_TABLES, PLACES_TSV)?;
        let countries = tables
            .codes()
            .map(|code| countries.get(code).map(|c| c.name.as_str()))
            .collect::<Option<Vec<_>>>()?;
        Some(FileIndex {
            tables,
            first_surface,
            first_place,
            countries,
        })
    }

    fn place(&self, row: usize) -> PlaceRef<'static> {
        let (name, code, population) = self.tables.row(row);
        PlaceRef {
            name,
            country: Some(self.countries[code]),
            kind: if population >= 100_000 {
                PlaceKind::City
            } else {
                PlaceKind::Town
            },
            population,
            curated: false,
        }
    }
}

/// A surface's place links (place index | `ALTERNATE`), the file's rows
/// moved to their place indices.
enum Links<'a> {
    Curated(std::slice::Iter<'a, u32>),
    /// The file's links and the index of its first place.
    File(gazetteer::Words, usize, u32),
}

impl Iterator for Links<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match self {
            Links::Curated(links) => links.next().copied(),
            Links::File(links, at, first_place) => {
                if *at >= links.len() {
                    return None;
                }
                let l = links.get(*at);
                *at += 1;
                Some(((l & !ALTERNATE) + *first_place) | (l & ALTERNATE))
            }
        }
    }
}

impl Knowledge {
    /// The process-wide knowledge, built on first use.
    pub fn global() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(Knowledge::load)
    }

    fn load() -> Knowledge {
        Self::load_with(true)
    }

    /// The knowledge base, the GeoNames file read from the build's tables
    /// when `tables` (and they fit), else at start-up.
    fn load_with(tables: bool) -> Knowledge {
        let countries = Countries::global();
        let regions = Regions::global();
        let mut b = Builder {
            surfaces: Vec::new(),
            index: HashMap::default(),
            links: Vec::new(),
        };
        let mut parties = Vec::new();
        let mut party_by_name = HashMap::default();
        let mut demonym_nouns: HashMap<String, usize> = HashMap::default();
        for c in countries.all() {
            let i = parties.len();
            parties.push(PartyDef {
                name: c.name.clone(),
                kind: PartyKind::Country,
                country: Some(c.name.clone()),
            });
            party_by_name.insert(c.name.to_lowercase(), i);
            b.party(&c.name, i, Role::Name);
            for a in &c.aliases {
                b.party(a, i, Role::Name);
            }
            for d in &c.demonyms {
                b.party(d, i, Role::Demonym);
                if let Some(p) = plural(d) {
                    b.party(&p, i, Role::Demonym);
                    demonym_nouns.insert(p.to_lowercase(), i);
                }
            }
            for f in &c.forces {
                b.party(f, i, Role::Force);
            }
        }
        // Config files are compiled in and parsed by tests; a parse failure
        // leaves that table empty rather than stopping the bot.
        let groups: GroupsFile =
            toml::from_str(GROUPS_TOML).unwrap_or(GroupsFile { group: Vec::new() });
        for g in groups.group {
            let i = parties.len();
            let kind = match g.kind.as_deref() {
                Some("organization") => PartyKind::Organization,
                _ => PartyKind::Group,
            };
            let country = g
                .country
                .as_deref()
                .and_then(|c| countries.canonical(c))
                .map(str::to_string);
            party_by_name.insert(g.name.to_lowercase(), i);
            b.party(&g.name, i, Role::Name);
            for a in &g.aliases {
                b.party(a, i, Role::Name);
            }
            parties.push(PartyDef {
                name: g.name,
                kind,
                country,
            });
        }

        let mut places = Vec::new();
        for r in regions.all() {
            let (kind, country) = match r.kind {
                RegionKind::Territory => (
                    PlaceKind::Territory,
                    (r.countries.len() == 1).then(|| r.countries[0].clone()),
                ),
                _ => (PlaceKind::Area, None),
            };
            let i = places.len();
            places.push(PlaceDef {
                name: Cow::Owned(r.name.clone()),
                country: country.map(Cow::Owned),
                kind,
                population: 0,
                curated: true,
            });
            b.place(&r.name, i);
            for a in &r.aliases {
                b.place(a, i);
            }
        }
        let curated: PlacesFile =
            toml::from_str(PLACES_TOML).unwrap_or(PlacesFile { place: Vec::new() });
        for p in curated.place {
            let kind = match p.kind.as_str() {
                "village" => PlaceKind::Village,
                "town" => PlaceKind::Town,
                "district" => PlaceKind::District,
                "province" => PlaceKind::Province,
                _ => PlaceKind::City,
            };
            let i = places.len();
            b.place(&p.name, i);
            for a in &p.aliases {
                b.place(a, i);
            }
            places.push(PlaceDef {
                name: Cow::Owned(p.name),
                country: countries.canonical(&p.country).map(Cow::Borrowed),
                kind,
                population: 0,
                curated: true,
            });
        }
        // Surfaces below this index are the curated names (countries,
        // demonyms, groups, hand-kept places): one lookup tells both whether
        // a key is curated and where its slot is.
        let curated_surfaces = b.surfaces.len();
        let file = tables
            .then(|| FileIndex::load(countries, curated_surfaces, places.len()))
            .flatten();
        if let Some(file) = file {
            // The file's names are looked up in its tables after the curated
            // ones: a curated name is found first, as when a file's key that
            // is a curated one is left out of the index.
            let mut starts = Starts::with_capacity(b.index.len());
            for (key, &si) in &b.index {
                starts.add(key.clone(), !needs_capital(&b.surfaces[si]));
            }
            return Knowledge::assemble(
                b,
                starts,
                parties,
                places,
                party_by_name,
                demonym_nouns,
                Some(file),
            );
        }
        b.surfaces.reserve(160_000);
        b.index.reserve(160_000);
        b.links.reserve(200_000);
        places.reserve(60_000);
        // The curated keys' starts are added to those of the file's keys,
        // which a thread of their own finds while the index is built.
        let curated_keys: Vec<(Cow<'static, str>, usize)> =
            b.index.iter().map(|(k, &si)| (k.clone(), si)).collect();
        let starts = std::thread::scope(|scope| {
            let file_starts = scope.spawn(|| {
                let mut starts = Starts::with_capacity(160_000);
                let mut last_country: Option<(&str, bool)> = None;
                for (_, code, _, keys) in tsv_rows() {
                    let known = match last_country {
                        Some((c, known)) if c == code => known,
                        _ => {
                            let known = countries.get(code).is_some();
                            last_country = Some((code, known));
                            known
                        }
                    };
                    if known {
                        // Every key of a row of a known country is a key of
                        // the index (a curated one's the same key).
                        for key in fields(keys, b'|').filter(|k| !k.is_empty()) {
                            // The file's surfaces all need a capital.
                            starts.add(Cow::Borrowed(key), false);
                        }
                    }
                }
                starts
            });
            Self::add_places_file(&mut b, &mut places, countries, curated_surfaces);
            file_starts.join()
        });
        let mut starts = match starts {
            Ok(s) => s,
            // The thread cannot fail; were it to, the starts are found here.
            Err(_) => {
                let mut s = Starts::with_capacity(b.index.len());
                for (key, &si) in &b.index {
                    s.add(key.clone(), !needs_capital(&b.surfaces[si]));
                }
                s
            }
        };
        // (A key of the file that is a curated one's is the curated surface:
        // its own flag is added here.)
        for (key, si) in curated_keys {
            starts.add(key, !needs_capital(&b.surfaces[si]));
        }
        Knowledge::assemble(
            b,
            starts,
            parties,
            places,
            party_by_name,
            demonym_nouns,
            None,
        )
    }

    /// The GeoNames places of the compiled-in file, added to `b` and
    /// `places` (names of `curated_surfaces` and above are not the file's).
    fn add_places_file(
        b: &mut Builder,
        places: &mut Vec<PlaceDef>,
        countries: &'static Countries,
        curated_surfaces: usize,
    ) {
        // The file is grouped by country: look each code up once per run.
        let mut last_country: Option<(&str, Option<&crate::facts::countries::Country>)> = None;
        for (name, code, pop, keys) in tsv_rows() {
            let country = match last_country {
                Some((c, found)) if c == code => found,
                _ => {
                    let found = countries.get(code);
                    last_country = Some((code, found));
                    found
                }
            };
            let Some(country) = country else {
                continue;
            };
            let population = pop.parse().unwrap_or(0);
            let i = places.len();
            let mut any = false;
            // Keys come normalized from scripts/gen_places.py: no work per
            // name. The first is the place's own name, the rest alternates.
            for (n, key) in fields(keys, b'|').enumerate() {
                // Country names, demonyms, group names and hand-kept places are
                // not towns elsewhere ("Armenia" in Colombia).
                if key.is_empty() {
                    continue;
                }
                // One hash of the key whether it is new or not.
                let si = match b.index.entry(Cow::Borrowed(key)) {
                    Entry::Occupied(e) if *e.get() < curated_surfaces => continue,
                    Entry::Occupied(e) => *e.get(),
                    Entry::Vacant(e) => {
                        let si = b.surfaces.len();
                        b.surfaces.push(Surface {
                            cap_first: true,
                            ..Surface::default()
                        });
                        e.insert(si);
                        si
                    }
                };
                b.link(si, i, n > 0);
                any = true;
            }
            if any {
                places.push(PlaceDef {
                    name: Cow::Borrowed(name),
                    country: Some(Cow::Borrowed(country.name.as_str())),
                    kind: if population >= 100_000 {
                        PlaceKind::City
                    } else {
                        PlaceKind::Town
                    },
                    population,
                    curated: false,
                });
            }
        }
    }

    /// The country whose people a plural demonym names ("palestinians" →
    /// "Palestine"), for a lower-case word.
    pub fn people_of(&self, word: &str) -> Option<&str> {
        self.demonym_nouns
            .get(word)
            .map(|&i| self.parties[i].name.as_str())
    }

    /// Parties named in `text`, in order of appearance, longest match first at
    /// each position, on word boundaries.
    pub fn parties_in(&self, text: &str) -> Vec<PartyMention> {
        // The parties of `scan`, without resolving its places.
        self.matches(text)
            .into_iter()
            .filter_map(|(start, end, si)| self.party_mention(start, end, si))
            .collect()
    }

    /// Surface `si` (curated, or a name of the GeoNames file).
    #[inline]
    fn surface(&self, si: usize) -> &Surface {
        self.surfaces.get(si).unwrap_or(&FILE_SURFACE)
    }

    /// Surface `si`'s place links.
    fn links(&self, si: usize) -> Links<'_> {
        match (&self.file, self.surfaces.get(si)) {
            (_, Some(s)) => {
                Links::Curated(self.place_links[s.places.0 as usize..s.places.1 as usize].iter())
            }
            (Some(f), None) => Links::File(
                f.tables.links(si - f.first_surface),
                0,
                f.first_place as u32,
            ),
            (None, None) => Links::Curated([].iter()),
        }
    }

    /// Place `i` (curated, or a row of the GeoNames file).
    fn place(&self, i: usize) -> PlaceRef<'_> {
        match (self.places.get(i), &self.file) {
            (Some(p), _) => PlaceRef {
                name: &p.name,
                country: p.country.as_deref(),
                kind: p.kind,
                population: p.population,
                curated: p.curated,
            },
            (None, Some(f)) => f.place(i - f.first_place),
            (None, None) => unreachable!("place links point at places"),
        }
    }

    /// The surface of the key `key`.
    #[inline]
    fn find(&self, key: &str) -> Option<usize> {
        let hash = gazetteer::hash_bytes(key.as_bytes());
        if let Some(&si) = self.index_table.get(key, hash) {
            return Some(si);
        }
        let f = self.file.as_ref()?;
        f.tables
            .find_key_hashed(key, hash)
            .map(|k| f.first_surface + k)
    }

    /// The most words a key starting with `word` has, and whether one of
    /// them may match text without a capital.
    #[cfg(test)]
    fn first_word(&self, word: &str) -> Option<(usize, bool)> {
        self.first_word_of(word, true)
    }

    /// [`Knowledge::first_word`] of a word written with a capital or not:
    /// without one, the file's names are not looked up, since every one of
    /// them needs a capital (`cap_first`), and the hand-kept ones alone tell.
    #[inline]
    fn first_word_of(&self, word: &str, capital: bool) -> Option<(usize, bool)> {
        let hash = gazetteer::hash_bytes(word.as_bytes());
        let curated = self.first_table.get(word, hash).copied();
        let from_file = self
            .file
            .as_ref()
            .filter(|_| capital)
            .and_then(|f| f.tables.first_word_hashed(word, hash));
        match (curated, from_file) {
            (Some((n, lower_ok)), Some(m)) => Some((n.max(m), lower_ok)),
            (Some(c), None) => Some(c),
            (None, Some(m)) => Some((m, false)),
            (None, None) => None,
        }
    }

    /// Whether `h` is the [`WordsHash`] of the first words of a key.
    #[inline]
    fn has_prefix(&self, h: u64) -> bool {
        self.prefixes.contains(&h) || self.file.as_ref().is_some_and(|f| f.tables.has_prefix(h))
    }

    fn party_mention(&self, start: usize, end: usize, si: usize) -> Option<PartyMention> {
        let (p, role) = self.surface(si).party?;
        let def = &self.parties[p];
        Some(PartyMention {
            party: def.name.clone(),
            kind: def.kind,
            start,
            end,
            demonym: role == Role::Demonym,
            force: role == Role::Force,
        })
    }

    /// Places named in `text`, in order of appearance.
    pub fn places_in(&self, text: &str) -> Vec<PlaceMention> {
        self.scan(text).places
    }

    /// Parties and places of `text` in one pass.
    pub fn scan(&self, text: &str) -> Scan {
        self.scan_matches(text, self.matches(text))
    }

    /// [`scan`](Self::scan) of `text`, and the names it found, for
    /// [`scan_part`](Self::scan_part) to read parts of `text` by.
    pub fn scan_keeping(&self, text: &str) -> (Scan, TextMatches) {
        let found = self.matches(text);
        let scan = self.scan_matches(text, found.clone());
        (scan, TextMatches(found))
    }

    /// [`scan`](Self::scan) of `text[from..to]`, whose names are those
    /// `found` (the names of the whole `text`) holds there when neither end
    /// cuts a word or a name (names are matched left to right from word to
    /// word: from a word where none ends, the scan of a part goes as that
    /// of the whole); else the part is scanned anew.
    pub fn scan_part(&self, text: &str, found: &TextMatches, from: usize, to: usize) -> Scan {
        let part = &text[from..to];
        match found.within(text, from, to) {
            Some(m) => self.scan_matches(part, m),
            None => self.scan(part),
        }
    }

    /// Parties and places of `text` from its names `found` (by `matches`).
    fn scan_matches(&self, text: &str, found: Vec<(usize, usize, usize)>) -> Scan {
        let mut parties = Vec::new();
        let mut raw_places: Vec<(usize, usize, usize)> = Vec::new();
        for (start, end, si) in found {
            if let Some(m) = self.party_mention(start, end, si) {
                parties.push(m);
            } else if self.links(si).next().is_some() {
                raw_places.push((start, end, si));
            }
        }
        let mut context: HashSet<&str> = parties
            .iter()
            .filter(|m| m.kind == PartyKind::Country)
            .map(|m| m.party.as_str())
            .collect();
        let named = context.clone();
        // A bare name looked up on its own (the multilingual reader's
        // English names) has no prose around it to judge by.
        let lookup = |start: usize, end: usize| text.trim().len() == end - start;
        // Candidates a reader would take for this place: a gazetteer town
        // met as part of a person's name or of a longer hyphenated name, or
        // only through an alternate spelling of a country the text never
        // names, is no place of the text.
        let raw_places: Vec<(usize, usize, Vec<usize>)> = raw_places
            .into_iter()
            .map(|(start, end, s): (usize, usize, usize)| {
                if lookup(start, end) {
                    return (start, end, self.places_of(s).collect());
                }
                let loose = loose_match(text, start, end);
                let kept: Vec<usize> = self
                    .places_of(s)
                    .filter(|&i| {
                        let p = self.place(i);
                        if p.curated {
                            return true;
                        }
                        let unnamed = !p.country.is_some_and(|c| named.contains(c));
                        !(loose || (unnamed && self.is_alternate(s, i)))
                    })
                    .collect();
                (start, end, kept)
            })
            .filter(|(_, _, kept)| !kept.is_empty())
            .collect();
        // A small town of a country the text neither names nor places
        // anything else in is a name that happens to be a town's.
        // Different places count, not mentions of one ("Vargas" twice).
        let mut support: HashMap<&str, usize> = HashMap::default();
        let mut counted: HashSet<usize> = HashSet::default();
        for (_, _, candidates) in &raw_places {
            let mut seen: Vec<&str> = Vec::new();
            for &i in candidates {
                if let Some(c) = self.place(i).country {
                    if !seen.contains(&c) && counted.insert(i) {
                        seen.push(c);
                        *support.entry(c).or_insert(0) += 1;
                    }
                }
            }
        }
        let raw_places: Vec<(usize, usize, Vec<usize>)> = raw_places
            .into_iter()
            .map(|(start, end, mut candidates)| {
                let bare = lookup(start, end);
                candidates.retain(|&i| {
                    let p = self.place(i);
                    if bare {
                        return true;
                    }
                    let Some(c) = p.country else {
                        return true;
                    };
                    p.curated
                        || p.population >= LONE_TOWN_POPULATION
                        || named.contains(c)
                        || support.get(c).is_some_and(|&n| n >= 2)
                });
                (start, end, candidates)
            })
            .filter(|(_, _, kept)| !kept.is_empty())
            .collect();
        for (_, _, candidates) in &raw_places {
            if let [only] = candidates.as_slice() {
                if let Some(c) = self.place(*only).country {
                    context.insert(c);
                }
            }
        }
        let places = raw_places
            .into_iter()
            .filter_map(|(start, end, candidates)| {
                let best = candidates.iter().copied().max_by_key(|&i| {
                    let p = self.place(i);
                    let in_context = p.country.is_some_and(|c| context.contains(c));
                    (in_context, p.curated, p.population)
                })?;
                let p = self.place(best);
                Some(PlaceMention {
                    name: p.name.to_string(),
                    country: p.country.map(str::to_string),
                    start,
                    end,
                    kind: p.kind,
                })
            })
            .collect();
        Scan { parties, places }
    }

    /// The places `s` names, in the order they were added (a place may come
    /// twice).
    fn places_of(&self, si: usize) -> impl Iterator<Item = usize> + '_ {
        self.links(si).map(|l| (l & !ALTERNATE) as usize)
    }

    /// Whether `s` reaches place `i` through one of its alternate names.
    fn is_alternate(&self, si: usize, i: usize) -> bool {
        self.links(si).any(|l| l == i as u32 | ALTERNATE)
    }

    /// Longest known surface at each word position, left to right, without
    /// overlaps: (start, end, surface index).
    /// The knowledge base from its built parts: the lookup tables of the
    /// index and of the first words are made here, once for both ways of
    /// reading the GeoNames file.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        mut b: Builder,
        starts: Starts,
        parties: Vec<PartyDef>,
        places: Vec<PlaceDef>,
        party_by_name: HashMap<String, usize>,
        demonym_nouns: HashMap<String, usize>,
        file: Option<FileIndex>,
    ) -> Knowledge {
        let Starts {
            first_words,
            prefixes,
        } = starts;
        let place_links = b.place_links();
        Knowledge {
            index_table: index_table(&b.index),
            index: b.index,
            first_table: first_table(&first_words),
            first_words,
            prefixes,
            surfaces: b.surfaces,
            place_links,
            parties,
            places,
            party_by_name,
            demonym_nouns,
            file,
        }
    }

    fn matches(&self, text: &str) -> Vec<(usize, usize, usize)> {
        // One lower-case copy of the text, not one per capitalized word.
        let lower = text.to_ascii_lowercase();
        let words = words(text, &lower);
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < words.len() {
            let capital = text[words[i].0..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let Some((max_n, lower_ok)) = self.first_word_of(words[i].2.as_ref(), capital) else {
                i += 1;
                continue;
            };
            // No surface starting here may match a word without a capital:
            // `case_ok` would turn each down.
            if !lower_ok && !capital {
                i += 1;
                continue;
            }
            let mut found = None;
            // Words of one name are joined by a space, hyphen, apostrophe or dot.
            let mut n_ok = 1;
            while n_ok < max_n && i + n_ok < words.len() {
                let gap = &text[words[i + n_ok - 1].1..words[i + n_ok].0];
                if gap.len() > 2
                    || !gap
                        .chars()
                        .all(|c| matches!(c, ' ' | '-' | '\'' | '.' | '\u{2019}'))
                {
                    break;
                }
                n_ok += 1;
            }
            // Only as many words as some surface starts with.
            let mut h = WordsHash::default();
            h.add(&words[i].2);
            let mut n_known = 1;
            while n_known < n_ok {
                h.add(&words[i + n_known].2);
                if !self.has_prefix(h.value()) {
                    break;
                }
                n_known += 1;
            }
            let n_ok = n_known;
            for n in (1..=n_ok).rev() {
                key.clear();
                for (j, w) in words[i..i + n].iter().enumerate() {
                    if j > 0 {
                        key.push(' ');
                    }
                    key.push_str(&w.2);
                }
                if let Some(si) = self.find(key.as_str()) {
                    let (start, end) = (words[i].0, words[i + n - 1].1);
                    if case_ok(self.surface(si), &text[start..end]) {
                        found = Some((start, end, si, n));
                        break;
                    }
                }
            }
            match found {
                Some((start, end, si, n)) => {
                    out.push((start, end, si));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Kind of a party by normalized name.
    pub fn party_kind(&self, name: &str) -> Option<PartyKind> {
        self.party_by_name
            .get(&name.to_lowercase())
            .map(|&i| self.parties[i].kind)
    }

    /// The state a party belongs to: itself for a country, the base of a group.
    pub fn party_country(&self, name: &str) -> Option<&str> {
        self.party_by_name
            .get(&name.to_lowercase())
            .and_then(|&i| self.parties[i].country.as_deref())
    }

    /// Number of surface forms known (for diagnostics).
    pub fn surface_count(&self) -> usize {
        let from_file = self.file.as_ref().map_or(0, |f| {
            (0..f.tables.key_count())
                .filter(|&k| !self.index.contains_key(f.tables.key(k)))
                .count()
        });
        self.surfaces.len() + from_file
    }
}

/// `index` as a [`gazetteer::WordTable`].
fn index_table(index: &HashMap<Cow<'static, str>, usize>) -> gazetteer::WordTable<usize> {
    gazetteer::WordTable::new(
        index
            .iter()
            .map(|(k, &si)| (Box::from(k.as_ref()), si))
            .collect(),
    )
}

/// `first_words` as a [`gazetteer::WordTable`].
fn first_table(
    first_words: &HashMap<Cow<'static, str>, (usize, bool)>,
) -> gazetteer::WordTable<(usize, bool)> {
    gazetteer::WordTable::new(
        first_words
            .iter()
            .map(|(w, &v)| (Box::from(w.as_ref()), v))
            .collect(),
    )
}

/// Capitalized words that may stand right before a place without being
/// part of a name ("In Wamena", "Northern Kagara").
const BEFORE_A_PLACE: &[&str] = &[
    "in",
    "at",
    "on",
    "from",
    "near",
    "to",
    "the",
    "of",
    "across",
    "outside",
    "inside",
    "into",
    "around",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "and",
    "but",
    "when",
    "while",
    "after",
    "before",
    "since",
    "during",
    "for",
    "by",
    "with",
    "both",
    "rural",
    "downtown",
    "besieged",
    "embattled",
];

/// Capitalized words that may follow a place's name ("Wamena District").
const AFTER_A_PLACE: &[&str] = &[
    "oblast",
    "province",
    "region",
    "district",
    "governorate",
    "state",
    "county",
    "city",
    "town",
    "village",
    "camp",
    "valley",
    "strip",
    "airport",
    "municipality",
    "area",
    "raion",
];

/// Towns smaller than this, of a country the text gives no other sign
/// of, are not taken for places.
const LONE_TOWN_POPULATION: u64 = 50_000;

/// A match that reads as part of something longer: inside a hyphenated
/// name ("Dasht" of "Dasht-e-Barchi"), next to another capitalized word
/// ("Jorge Luis Vargas", "Khaled Faraj"), or a short acronym ("UPI").
/// Gazetteer towns met so are names of people and agencies far more often
/// than places.
fn loose_match(text: &str, start: usize, end: usize) -> bool {
    let found = &text[start..end];
    let before = &text[..start];
    let after = &text[end..];
    let mut back = before.chars().rev();
    let mut ahead = after.chars();
    let hyphen_before = back.next() == Some('-') && back.next().is_some_and(char::is_alphanumeric);
    let hyphen_after = ahead.next() == Some('-') && ahead.next().is_some_and(char::is_alphanumeric);
    if hyphen_before || hyphen_after {
        return true;
    }
    let letters = found.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 && found.chars().all(|c| !c.is_lowercase()) {
        return true;
    }
    let capital_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
    };
    let previous = before
        .strip_suffix(' ')
        .filter(|b| b.ends_with(char::is_alphanumeric))
        .and_then(|b| b.rsplit(|c: char| !c.is_alphanumeric()).next())
        .filter(|w| capital_word(w))
        .is_some_and(|w| !BEFORE_A_PLACE.contains(&w.to_lowercase().as_str()));
    let next = after
        .strip_prefix(' ')
        .and_then(|a| a.split(|c: char| !c.is_alphanumeric()).next())
        .filter(|w| capital_word(w))
        .is_some_and(|w| !AFTER_A_PLACE.contains(&w.to_lowercase().as_str()));
    previous || next
}

/// A hash of a sequence of words, added one at a time: the same for a
/// surface's key split at its spaces and for the text's words it is made of.
/// (The build's tables of the GeoNames file hold the same hashes.)
#[derive(Default)]
struct WordsHash(u64);

impl WordsHash {
    fn add(&mut self, word: &str) {
        self.0 = gazetteer::prefix_add(self.0, word.as_bytes());
    }

    fn value(&self) -> u64 {
        gazetteer::prefix_value(self.0)
    }
}

/// What [`Knowledge::matches`] knows of the keys' starts: the most words a
/// key starting with a word has, and the [`WordsHash`] of the first two,
/// three... words of every key of several words.
struct Starts {
    first_words: HashMap<Cow<'static, str>, (usize, bool)>,
    prefixes: HashSet<u64>,
}

impl Starts {
    fn with_capacity(n: usize) -> Starts {
        Starts {
            first_words: HashMap::with_capacity_and_hasher(n, Default::default()),
            prefixes: HashSet::default(),
        }
    }

    /// Notes one key, and whether its surface may match text that does not
    /// start with a capital (adding a key twice changes nothing).
    fn add(&mut self, key: Cow<'static, str>, lower_ok: bool) {
        // Keys are words joined by single spaces (ASCII): split by bytes.
        let first_end = key.bytes().position(|c| c == b' ').unwrap_or(key.len());
        let n = 1 + key.bytes().filter(|&c| c == b' ').count();
        if n > 1 {
            let mut h = WordsHash::default();
            for (k, part) in fields(&key, b' ').enumerate() {
                h.add(part);
                if k > 0 {
                    self.prefixes.insert(h.value());
                }
            }
        }
        let first: Cow<'static, str> = match key {
            Cow::Borrowed(k) => Cow::Borrowed(&k[..first_end]),
            Cow::Owned(mut k) => {
                k.truncate(first_end);
                Cow::Owned(k)
            }
        };
        let e = self.first_words.entry(first).or_insert((0, false));
        *e = (e.0.max(n), e.1 || lower_ok);
    }
}

/// The rows of the compiled-in GeoNames file: (name, country code,
/// population, keys joined by '|'); comments and short rows left out.
fn tsv_rows() -> impl Iterator<Item = (&'static str, &'static str, &'static str, &'static str)> {
    // By bytes: `str::split` on a char is slow for short fields, and the
    // file is ASCII-separated.
    fields(PLACES_TSV, b'\n').filter_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') {
            return None;
        }
        let mut cols = fields(line, b'\t');
        let (Some(name), Some(code), Some(pop), Some(keys)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            return None;
        };
        Some((name, code, pop, keys))
    })
}

/// The parts of `line` between `sep` bytes (an ASCII separator), as
/// `str::split` gives them.
fn fields(line: &str, sep: u8) -> impl Iterator<Item = &str> {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let end = match find_byte(&bytes[start..], sep) {
            Some(k) => start + k,
            None => {
                done = true;
                bytes.len()
            }
        };
        // `sep` is ASCII, so both ends are char boundaries.
        let field = &line[start..end];
        start = end + 1;
        Some(field)
    })
}

/// The index of the first `sep` byte of `bytes`, eight bytes at a time
/// (the gazetteer file is read twice at start-up, by two threads).
fn find_byte(bytes: &[u8], sep: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let pattern = LO * u64::from(sep);
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A zero byte of `x` is a `sep`; the lowest byte flagged is the
        // first zero (a borrow only flags bytes above a zero).
        let x = u64::from_le_bytes(word) ^ pattern;
        let found = x.wrapping_sub(LO) & !x & HI;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b == sep).map(|k| i + k)
}

/// Lower-case words of a name joined by single spaces: "al-Shabaab" and
/// "Al Shabaab" are one key, "U.S." is "u s".
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for w in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Alphanumeric runs of `text` with their byte spans, lower-cased: an ASCII
/// run is borrowed from `lower` (`text.to_ascii_lowercase()`, same offsets).
fn words<'a>(text: &'a str, lower: &'a str) -> Vec<(usize, usize, Cow<'a, str>)> {
    let mut out = Vec::with_capacity(text.len() / 5);
    crate::facts::tokens::word_runs(
        text,
        crate::facts::tokens::Joins::NONE,
        |s, e, ascii, upper| {
            let w = if ascii {
                Cow::Borrowed(&lower[s..e])
            } else {
                crate::facts::tokens::lowered(&text[s..e], ascii, upper)
            };
            out.push((s, e, w))
        },
    );
    out
}

/// Whether `case_ok(s, found)` is false for every `found` whose first char
/// (alphanumeric: matches start at a word) is not upper-case.
fn needs_capital(s: &Surface) -> bool {
    if s.exact_case {
        return s.pattern.as_deref().is_none_or(|p| {
            p.chars()
                .find(|c| c.is_alphanumeric())
                .is_none_or(char::is_uppercase)
        });
    }
    s.cap_first
}

fn case_ok(s: &Surface, found: &str) -> bool {
    if s.exact_case {
        fn letters(t: &str) -> impl Iterator<Item = char> + '_ {
            t.chars().filter(|c| c.is_alphanumeric())
        }
        return s
            .pattern
            .as_deref()
            .is_some_and(|p| letters(found).eq(letters(p)));
    }
    !s.cap_first || found.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_files_parse() {
        toml::from_str::<GroupsFile>(GROUPS_TOML).unwrap();
        toml::from_str::<PlacesFile>(PLACES_TOML).unwrap();
    }

    #[test]
    fn names_of_several_words_are_found_through_their_known_starts() {
        let k = Knowledge::global();
        let mut h = WordsHash::default();
        h.add("al");
        h.add("shabaab");
        assert!(k.has_prefix(h.value()));
        let found = k.parties_in("Fighters of Al-Shabaab attacked a base.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end), (12, 22), "both words");
    }

    #[test]
    fn the_starts_are_those_of_every_key_of_the_index() {
        let k = Knowledge::load_with(false);
        assert!(k.file.is_none());
        let mut want = Starts::with_capacity(k.index.len());
        for (key, &si) in &k.index {
            want.add(key.clone(), !needs_capital(&k.surfaces[si]));
        }
        assert_eq!(k.first_words, want.first_words);
        assert_eq!(k.prefixes, want.prefixes);
    }

    /// What a surface looks like from outside: its flags, party and places.
    fn surface_view(k: &Knowledge, si: usize) -> String {
        let s = k.surface(si);
        let places: Vec<String> = k
            .links(si)
            .map(|l| {
                let p = k.place((l & !ALTERNATE) as usize);
                format!(
                    "{} {:?} {:?} {} {} {}",
                    p.name,
                    p.country,
                    p.kind,
                    p.population,
                    p.curated,
                    l & ALTERNATE != 0
                )
            })
            .collect();
        let party = s.party.map(|(p, role)| (k.parties[p].name.clone(), role));
        format!(
            "{:?} {} {} {:?} {:?}",
            s.pattern, s.exact_case, s.cap_first, party, places
        )
    }

    #[test]
    fn the_builds_tables_give_what_reading_the_file_gives() {
        let read = Knowledge::load_with(false);
        let k = Knowledge::load_with(true);
        let f = k.file.as_ref().expect("the build's tables fit the file");
        assert_eq!(k.surface_count(), read.surface_count());
        // Every key: the same surface, flags, party and places (in order).
        for (key, &si) in &read.index {
            let found = k.find(key).unwrap_or_else(|| panic!("{key:?}"));
            assert_eq!(surface_view(&k, found), surface_view(&read, si), "{key:?}");
        }
        for key in (0..f.tables.key_count()).map(|i| f.tables.key(i)) {
            assert!(read.index.contains_key(key), "{key:?}");
        }
        // The starts: the same first words and prefixes.
        for (w, &v) in &read.first_words {
            assert_eq!(k.first_word(w), Some(v), "{w:?}");
        }
        for (w, _) in f.tables.first_words() {
            assert!(read.first_words.contains_key(w), "{w:?}");
        }
        for h in &read.prefixes {
            assert!(k.has_prefix(*h));
        }
        for h in f.tables.prefixes().chain(k.prefixes.iter().copied()) {
            assert!(read.prefixes.contains(&h));
        }
        assert!(
            !k.has_prefix(gazetteer::prefix_value(12345))
                || read.prefixes.contains(&gazetteer::prefix_value(12345))
        );
        // Scans agree.
        for text in [
            "Gunmen killed 12 people in Maiduguri, Borno State, Nigeria, on Monday.",
            "Fighters of Al-Shabaab attacked a base near Mogadishu; Kenyan troops responded.",
            "Russian shelling of Kherson and Kyiv killed two civilians, Ukraine said.",
            "Police in New York said the bus was found in Springfield.",
        ] {
            let (a, b) = (k.scan(text), read.scan(text));
            assert_eq!(a.parties, b.parties, "{text}");
            assert_eq!(a.places, b.places, "{text}");
        }
    }

    #[test]
    fn a_part_is_scanned_as_on_its_own() {
        let k = Knowledge::global();
        for text in [
            "Gunmen killed 12 people in Maiduguri, Borno State, on Monday; al-Shabaab fighters fled to New York.",
            "In Kherson, Russian shelling killed two civilians. Ukraine's army said Kyiv was hit.",
            "Police in Dasht-e-Barchi said the Islamic State claimed it. ÉTÉ à Bogotá, Colombia.",
        ] {
            let (whole, found) = k.scan_keeping(text);
            let alone = k.scan(text);
            assert_eq!((&whole.parties, &whole.places), (&alone.parties, &alone.places));
            let ends: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (n, &from) in ends.iter().enumerate() {
                for &to in ends[n..].iter().step_by(3) {
                    let part = k.scan_part(text, &found, from, to);
                    let alone = k.scan(&text[from..to]);
                    assert_eq!(part.parties, alone.parties, "{from} {to}");
                    assert_eq!(part.places, alone.places, "{from} {to}");
                }
            }
        }
    }

    #[test]
    fn a_byte_is_found_where_position_finds_it() {
        let text = b"ab\tcd\t\t|x|\n0123456789abcdef\x80\xff\t\x01\x00|end\n";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let hay = &text[start..end];
                for sep in [b'\t', b'\n', b'|', b' ', 0, 0x80, 0xff, 0x01] {
                    assert_eq!(
                        find_byte(hay, sep),
                        hay.iter().position(|&b| b == sep),
                        "{start} {end} {sep}"
                    );
                }
            }
        }
    }

    #[test]
    fn fields_are_what_str_split_gives() {
        for line in [
            "",
            "a",
            "a\tb",
            "\ta\t",
            "name\tUA\t120\tkyiv|kiev",
            "é\tü\t\t",
        ] {
            let ours: Vec<&str> = fields(line, b'\t').collect();
            let std: Vec<&str> = line.split('\t').collect();
            assert_eq!(ours, std, "{line:?}");
        }
    }

    #[test]
    fn a_surface_keeps_its_places_in_order_and_their_alternate_names() {
        let k = Knowledge::global();
        let si = k.find("kyiv").unwrap();
        let places: Vec<usize> = k.places_of(si).collect();
        assert!(!places.is_empty());
        assert!(places.iter().all(|&i| !k.is_alternate(si, i)
            || i < k.places.len() + k.file.as_ref().map_or(0, |f| f.tables.row_count())));
    }
}
