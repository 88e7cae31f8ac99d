//! The GeoNames gazetteer (`config/places.tsv`) as lookup tables made when
//! the crate is built: `build.rs` includes this file and writes [`build`]'s
//! tables next to the crate's other build outputs; [`FileTables`] reads
//! them at start-up without hashing tens of thousands of names.
//!
//! The tables hold what the knowledge base's start-up used to find in the
//! file row by row: every row (name, country code, population), every
//! distinct key with its place links (row, and whether through an alternate
//! name) in file order, the first word of every key with the most words a
//! key starting with it has, and the [`prefix_add`] hashes of the first two,
//! three... words of every key of several words. Offsets point into the
//! file's own text (compiled in as well), so no name is copied.
#![allow(dead_code)]

/// Marks a link reached only through one of the place's alternate names.
pub const ALTERNATE: u32 = 1 << 31;

const MAGIC: u32 = 0x6761_7a31;
const K: u64 = 0xf135_7aea_2e62_a9c5;

/// A hash of a byte string (the same at build time and at run time).
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    #[inline]
    fn mix(h: u64, w: u64) -> u64 {
        (h ^ w).wrapping_mul(K).rotate_left(26)
    }
    #[inline]
    fn u64_at(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    }
    #[inline]
    fn u32_at(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    }
    let n = b.len();
    let mut h = (n as u64).wrapping_mul(K);
    // Short strings (most words) by two loads that may overlap: the length
    // is in the hash, so no two strings read the same.
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = mix(h, u64_at(b, i));
            i += 8;
        }
        h = mix(h, u64_at(b, n - 8));
    } else if n >= 4 {
        h = mix(h, u32_at(b, 0) | (u32_at(b, n - 4) << 32));
    } else if n > 0 {
        h = mix(
            h,
            u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16),
        );
    }
    h ^= h >> 32;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

/// The hash of a sequence of words, `word` added to the hash `h` of the
/// words before it (0 for none).
#[inline]
pub fn prefix_add(h: u64, word: &[u8]) -> u64 {
    (h.rotate_left(5) ^ hash_bytes(word)).wrapping_mul(K)
}

/// The value a prefix hash is stored and looked up as (never 0: an empty
/// slot of the table).
#[inline]
pub fn prefix_value(h: u64) -> u64 {
    h | 1
}

/// The rows of the file as `Knowledge` reads them: (name, country code,
/// population, keys joined by '|'); comments and short rows left out.
pub fn rows(tsv: &str) -> impl Iterator<Item = (&str, &str, &str, &str)> {
    tsv.split('\n').filter_map(|line| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with('#') {
            return None;
        }
        let mut cols = line.split('\t');
        let (Some(name), Some(code), Some(pop), Some(keys)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            return None;
        };
        Some((name, code, pop, keys))
    })
}

fn offset(tsv: &str, part: &str) -> u32 {
    (part.as_ptr() as usize - tsv.as_ptr() as usize) as u32
}

/// Bits of a slot that hold its entry (+ 1); the bits above hold the top
/// bits of the entry's hash, so that most slots of other words are passed
/// over without reading their entries.
const ENTRY_BITS: u32 = 20;
const ENTRY_MASK: u32 = (1 << ENTRY_BITS) - 1;

/// The tag of a hash: its top bits, where a slot keeps them.
#[inline]
fn tag(hash: u64) -> u32 {
    ((hash >> (64 - (32 - ENTRY_BITS))) as u32) << ENTRY_BITS
}

/// An open-addressing table (linear probing, size a power of two, at most
/// `1 / spread` full) of `n` entries whose hashes `hash(i)` gives: slot =
/// entry + 1, tagged.
fn table(n: usize, spread: usize, hash: impl Fn(usize) -> u64) -> Vec<u32> {
    assert!(n < ENTRY_MASK as usize, "too many entries for a table");
    let size = (n * spread).next_power_of_two().max(16);
    let mask = size - 1;
    let mut t = vec![0u32; size];
    for i in 0..n {
        let h = hash(i);
        let mut at = (h as usize) & mask;
        while t[at] != 0 {
            at = (at + 1) & mask;
        }
        t[at] = (i as u32 + 1) | tag(h);
    }
    t
}

/// The entry of `table` (made by [`table`]) that `hash` and `is` pick, by
/// probing up to an empty slot.
#[inline]
fn probe(table: &Words, hash: u64, mut is: impl FnMut(usize) -> bool) -> Option<usize> {
    let mask = table.len() - 1;
    let want = tag(hash);
    let mut at = (hash as usize) & mask;
    loop {
        let slot = table.get(at);
        if slot == 0 {
            return None;
        }
        if slot & !ENTRY_MASK == want {
            let e = ((slot & ENTRY_MASK) - 1) as usize;
            if is(e) {
                return Some(e);
            }
        }
        at = (at + 1) & mask;
    }
}

/// The tables of `tsv` (the text of `config/places.tsv`), as bytes.
pub fn build(tsv: &str) -> Vec<u8> {
    use std::collections::HashMap;
    let mut row_words: Vec<u32> = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    let mut code_index: HashMap<&str, u32> = HashMap::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut key_index: HashMap<&str, usize> = HashMap::new();
    let mut key_links: Vec<Vec<u32>> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    let mut first_max: Vec<u32> = Vec::new();
    let mut prefixes: std::collections::HashSet<u64> = Default::default();
    for (row, (name, code, pop, row_keys)) in rows(tsv).enumerate() {
        let ci = *code_index.entry(code).or_insert_with(|| {
            codes.push(code);
            codes.len() as u32 - 1
        });
        let population: u64 = pop.parse().unwrap_or(0);
        row_words.extend([
            offset(tsv, name),
            name.len() as u32,
            ci,
            population as u32,
            (population >> 32) as u32,
        ]);
        for (n, key) in row_keys.split('|').enumerate() {
            if key.is_empty() {
                continue;
            }
            let ki = *key_index.entry(key).or_insert_with(|| {
                keys.push(key);
                key_links.push(Vec::new());
                keys.len() - 1
            });
            let flag = if n > 0 { ALTERNATE } else { 0 };
            key_links[ki].push(row as u32 | flag);
            // The key's starts.
            let first = key.split(' ').next().unwrap_or(key);
            let words = 1 + key.bytes().filter(|&c| c == b' ').count();
            if words > 1 {
                let mut h = 0;
                for (k, part) in key.split(' ').enumerate() {
                    h = prefix_add(h, part.as_bytes());
                    if k > 0 {
                        prefixes.insert(prefix_value(h));
                    }
                }
            }
            let fi = *first_index.entry(first).or_insert_with(|| {
                firsts.push(first);
                first_max.push(0);
                firsts.len() - 1
            });
            first_max[fi] = first_max[fi].max(words as u32);
        }
    }
    let mut key_words: Vec<u32> = Vec::with_capacity(keys.len() * 4);
    let mut links: Vec<u32> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let start = links.len() as u32;
        links.extend(&key_links[k]);
        key_words.extend([
            offset(tsv, key),
            key.len() as u32,
            start,
            links.len() as u32,
        ]);
    }
    let key_table = table(keys.len(), 2, |i| hash_bytes(keys[i].as_bytes()));
    let mut first_words: Vec<u32> = Vec::with_capacity(firsts.len() * 3);
    for (f, first) in firsts.iter().enumerate() {
        first_words.extend([offset(tsv, first), first.len() as u32, first_max[f]]);
    }
    let first_table = table(firsts.len(), 4, |i| hash_bytes(firsts[i].as_bytes()));
    let mut prefix_list: Vec<u64> = prefixes.into_iter().collect();
    prefix_list.sort_unstable();
    let size = (prefix_list.len() * 2).next_power_of_two().max(16);
    let mut prefix_table = vec![0u64; size];
    for &p in &prefix_list {
        let mut at = (p as usize) & (size - 1);
        while prefix_table[at] != 0 {
            at = (at + 1) & (size - 1);
        }
        prefix_table[at] = p;
    }
    let mut code_words: Vec<u32> = Vec::new();
    for c in &codes {
        code_words.extend([offset(tsv, c), c.len() as u32]);
    }
    let prefix_words: Vec<u32> = prefix_table
        .iter()
        .flat_map(|&p| [p as u32, (p >> 32) as u32])
        .collect();
    let sections: [&[u32]; 8] = [
        &row_words,
        &code_words,
        &key_words,
        &links,
        &key_table,
        &first_words,
        &first_table,
        &prefix_words,
    ];
    let mut out: Vec<u32> = vec![MAGIC, tsv.len() as u32];
    out.extend(sections.iter().map(|s| s.len() as u32));
    for s in sections {
        out.extend_from_slice(s);
    }
    out.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// A section of [`build`]'s tables: little-endian `u32`s, read where they
/// lie (nothing is copied or decoded at start-up).
#[derive(Clone, Copy)]
pub struct Words(&'static [u8]);

impl Words {
    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        let b = &self.0[i * 4..i * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    pub fn range(&self, from: usize, to: usize) -> Words {
        Words(&self.0[from * 4..to * 4])
    }

    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// [`build`]'s tables, read back.
pub struct FileTables {
    /// name offset, name length, code index, population low, high.
    rows: Words,
    /// offset, length of each distinct country code.
    codes: Words,
    /// offset, length, links start, links end of each distinct key.
    keys: Words,
    /// row | [`ALTERNATE`], each key's in file order.
    links: Words,
    key_table: Words,
    /// offset, length, most words of each distinct first word.
    firsts: Words,
    first_table: Words,
    /// Prefix hashes, low and high halves.
    prefix_table: Words,
    tsv: &'static str,
}

impl FileTables {
    /// The tables of `bytes`, made by [`build`] from `tsv`; `None` when
    /// they are not (another file, or no tables).
    pub fn read(bytes: &'static [u8], tsv: &'static str) -> Option<FileTables> {
        let all = Words(bytes.get(..bytes.len() / 4 * 4)?);
        if all.len() < 10 || all.get(0) != MAGIC || all.get(1) as usize != tsv.len() {
            return None;
        }
        let mut at = 10;
        let mut sections = Vec::with_capacity(8);
        for i in 2..10 {
            let len = all.get(i) as usize;
            if at + len > all.len() {
                return None;
            }
            sections.push(all.range(at, at + len));
            at += len;
        }
        let t = FileTables {
            rows: sections[0],
            codes: sections[1],
            keys: sections[2],
            links: sections[3],
            key_table: sections[4],
            firsts: sections[5],
            first_table: sections[6],
            prefix_table: sections[7],
            tsv,
        };
        let ok = t.key_table.len().is_power_of_two()
            && t.first_table.len().is_power_of_two()
            && (t.prefix_table.len() / 2).is_power_of_two()
            && t.codes().all(|c| !c.is_empty());
        ok.then_some(t)
    }

    #[inline]
    fn bytes(&self, off: u32, len: u32) -> &'static [u8] {
        &self.tsv.as_bytes()[off as usize..(off + len) as usize]
    }

    fn text(&self, off: u32, len: u32) -> &'static str {
        &self.tsv[off as usize..(off + len) as usize]
    }

    pub fn row_count(&self) -> usize {
        self.rows.len() / 5
    }

    /// Name, country code index and population of row `r`.
    pub fn row(&self, r: usize) -> (&'static str, usize, u64) {
        let w = |i: usize| self.rows.get(r * 5 + i);
        (
            self.text(w(0), w(1)),
            w(2) as usize,
            u64::from(w(3)) | (u64::from(w(4)) << 32),
        )
    }

    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.codes.len() / 2)
            .map(|c| self.text(self.codes.get(c * 2), self.codes.get(c * 2 + 1)))
    }

    pub fn key_count(&self) -> usize {
        self.keys.len() / 4
    }

    pub fn key(&self, k: usize) -> &'static str {
        self.text(self.keys.get(k * 4), self.keys.get(k * 4 + 1))
    }

    /// The index of `key` among the file's keys.
    pub fn find_key(&self, key: &str) -> Option<usize> {
        self.find_key_hashed(key, hash_bytes(key.as_bytes()))
    }

    /// [`find_key`](Self::find_key) of a key whose [`hash_bytes`] is `hash`.
    #[inline]
    pub fn find_key_hashed(&self, key: &str, hash: u64) -> Option<usize> {
        probe(&self.key_table, hash, |k| {
            let len = self.keys.get(k * 4 + 1);
            len as usize == key.len() && self.bytes(self.keys.get(k * 4), len) == key.as_bytes()
        })
    }

    /// Key `k`'s links: row | [`ALTERNATE`].
    pub fn links(&self, k: usize) -> Words {
        self.links.range(
            self.keys.get(k * 4 + 2) as usize,
            self.keys.get(k * 4 + 3) as usize,
        )
    }

    /// The most words a key starting with `word` has.
    pub fn first_word(&self, word: &str) -> Option<usize> {
        self.first_word_hashed(word, hash_bytes(word.as_bytes()))
    }

    /// [`first_word`](Self::first_word) of a word whose [`hash_bytes`] is `hash`.
    #[inline]
    pub fn first_word_hashed(&self, word: &str, hash: u64) -> Option<usize> {
        let f = probe(&self.first_table, hash, |f| {
            let len = self.firsts.get(f * 3 + 1);
            len as usize == word.len() && self.bytes(self.firsts.get(f * 3), len) == word.as_bytes()
        })?;
        Some(self.firsts.get(f * 3 + 2) as usize)
    }

    pub fn first_words(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        (0..self.firsts.len() / 3).map(|f| {
            let w = |i: usize| self.firsts.get(f * 3 + i);
            (self.text(w(0), w(1)), w(2) as usize)
        })
    }

    fn prefix(&self, i: usize) -> u64 {
        u64::from(self.prefix_table.get(i * 2))
            | (u64::from(self.prefix_table.get(i * 2 + 1)) << 32)
    }

    /// Whether `value` ([`prefix_value`]) is the hash of the first words
    /// of a key.
    #[inline]
    pub fn has_prefix(&self, value: u64) -> bool {
        let mask = self.prefix_table.len() / 2 - 1;
        let mut at = (value as usize) & mask;
        loop {
            let p = self.prefix(at);
            if p == value {
                return true;
            }
            if p == 0 {
                return false;
            }
            at = (at + 1) & mask;
        }
    }

    pub fn prefixes(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.prefix_table.len() / 2)
            .map(|i| self.prefix(i))
            .filter(|&p| p != 0)
    }
}

/// A table of words built at run time, looked up by [`hash_bytes`] (so one
/// hash of a word serves it and [`FileTables`]).
#[derive(Debug, Default)]
pub struct WordTable<V> {
    slots: Vec<u32>,
    entries: Vec<(Box<str>, V)>,
}

impl<V> WordTable<V> {
    pub fn new(entries: Vec<(Box<str>, V)>) -> WordTable<V> {
        let slots = table(entries.len(), 4, |i| hash_bytes(entries[i].0.as_bytes()));
        WordTable { slots, entries }
    }

    /// The value of `word`, whose [`hash_bytes`] is `hash`.
    #[inline]
    pub fn get(&self, word: &str, hash: u64) -> Option<&V> {
        let mask = self.slots.len() - 1;
        let want = tag(hash);
        let mut at = (hash as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return None;
            }
            if slot & !ENTRY_MASK == want {
                let (w, v) = &self.entries[((slot & ENTRY_MASK) - 1) as usize];
                if w.as_bytes() == word.as_bytes() {
                    return Some(v);
                }
            }
            at = (at + 1) & mask;
        }
    }
}
