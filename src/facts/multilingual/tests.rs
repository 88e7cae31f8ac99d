//! The example sentences of the tables in `config/lang/<code>/` (each row's
//! `example` and `also`): each is read and checked against what it must
//! give, and every entry of the tables must occur in one of them.

use super::tables::{languages, Tables};
use super::words::{words, Lexicon};
use crate::facts::lang::{self, Example};
use crate::facts::FactsInput;

/// Every example sentence of a language's tables (each row's, and the
/// `also` sentences).
fn examples(code: &str) -> Vec<&'static Example> {
    lang::get(code)
        .unwrap_or_else(|| panic!("no tables for {code}"))
        .examples
        .iter()
        .map(|(_, e)| e)
        .collect()
}

#[test]
fn examples_read_as_written() {
    let mut failures = Vec::new();
    for code in languages() {
        for ex in examples(code) {
            let input = FactsInput {
                title: ex.title.as_deref(),
                text: &ex.text,
                published: ex.published,
                page_dates: &[],
            };
            let Some(f) = super::extract(&input, code) else {
                failures.push(format!("{code}: no tables"));
                continue;
            };
            let mut wrong = Vec::new();
            if let Some(k) = ex.killed {
                if f.totals.killed != k {
                    wrong.push(format!("killed {} not {k}", f.totals.killed));
                }
            }
            if let Some(i) = ex.injured {
                if f.totals.injured != i {
                    wrong.push(format!("injured {} not {i}", f.totals.injured));
                }
            }
            for (side, [k, i]) in &ex.sides {
                let got: (u32, u32) = f
                    .casualties
                    .iter()
                    .filter(|c| c.side.as_deref() == Some(side))
                    .fold((0, 0), |a, c| (a.0 + c.killed, a.1 + c.injured));
                if got != (*k, *i) {
                    wrong.push(format!("{side} {got:?} not ({k}, {i})"));
                }
            }
            for p in &ex.parties {
                let all = f.parties.belligerents.iter().chain(&f.parties.mentioned);
                if !all.clone().any(|x| &x.name == p) {
                    wrong.push(format!("party {p} missing"));
                }
            }
            for p in &ex.places {
                if !f.locations.iter().any(|l| &l.name == p) {
                    wrong.push(format!("place {p} missing"));
                }
            }
            if ex.date.is_some() && f.event_date != ex.date {
                wrong.push(format!("date {:?} not {:?}", f.event_date, ex.date));
            }
            if let Some(c) = ex.clash {
                if f.is_clash_report != c {
                    wrong.push(format!("clash {}", f.is_clash_report));
                }
            }
            if let Some(b) = ex.background {
                if f.background.is_empty() == b {
                    wrong.push(format!("background {:?}", f.background));
                }
            }
            if let Some(v) = &ex.claim {
                if !f.claims.iter().any(|c| &c.verb == v) {
                    wrong.push(format!("claim {v} missing: {:?}", f.claims));
                }
            }
            // Every figure points at the sentence it came from.
            for c in &f.casualties {
                let e = &c.evidence;
                let source = if e.in_title {
                    ex.title.as_deref().unwrap_or_default()
                } else {
                    ex.text.as_str()
                };
                if source.get(e.start..e.end) != Some(e.sentence.as_str()) {
                    wrong.push(format!("evidence span {}..{} off", e.start, e.end));
                }
            }
            if !wrong.is_empty() {
                failures.push(format!("{code}: {:?}: {}", ex.text, wrong.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Entries of a table that no example sentence contains.
fn uncovered<T: Clone>(table: &Lexicon<T>, sentences: &[Vec<super::words::Word>]) -> Vec<String> {
    table
        .entries()
        .filter(|entry| {
            let mut one: Lexicon<()> = Lexicon::default();
            one.add(entry, ());
            !sentences.iter().any(|w| one.any(w))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_table_entry_has_an_example() {
    let mut missing = Vec::new();
    for code in languages() {
        let t = Tables::get(code).unwrap();
        let sentences: Vec<_> = examples(code)
            .iter()
            .flat_map(|e| {
                let mut v = vec![words(&e.text)];
                if let Some(t) = &e.title {
                    v.push(words(t));
                }
                v
            })
            .collect();
        let tables: Vec<(&str, Vec<String>)> = vec![
            ("numbers", uncovered(&t.numbers, &sentences)),
            ("scales", uncovered(&t.scales, &sentences)),
            ("vague", uncovered(&t.vague, &sentences)),
            ("approx_before", uncovered(&t.approx_before, &sentences)),
            ("approx_after", uncovered(&t.approx_after, &sentences)),
            (
                "not_counted_after",
                uncovered(&t.not_counted_after, &sentences),
            ),
            ("digit_suffixes", uncovered(&t.digit_suffixes, &sentences)),
            ("killed", uncovered(&t.killed, &sentences)),
            ("injured", uncovered(&t.injured, &sentences)),
            ("victims", uncovered(&t.victims, &sentences)),
            ("toll", uncovered(&t.toll, &sentences)),
            ("toll_to", uncovered(&t.toll_to, &sentences)),
            ("cumulative", uncovered(&t.cumulative, &sentences)),
            ("earlier", uncovered(&t.earlier, &sentences)),
            ("hypothetical", uncovered(&t.hypothetical, &sentences)),
            ("violence", uncovered(&t.violence, &sentences)),
            ("claims", uncovered(&t.claims, &sentences)),
            ("dates", uncovered(&t.dates, &sentences)),
            ("parties", uncovered(&t.parties, &sentences)),
            ("places", uncovered(&t.places, &sentences)),
        ];
        for (name, entries) in tables {
            if !entries.is_empty() {
                missing.push(format!("{code} {name}: {}", entries.join(", ")));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn every_place_is_in_the_gazetteer() {
    let mut missing = Vec::new();
    for code in languages() {
        let names = &lang::get(code).expect("tables").names;
        let mut places: Vec<&str> = names.places.iter().map(|(_, n)| *n).collect();
        places.dedup();
        for name in places {
            // The table names a place as the gazetteer does, so an English
            // article and this one name it alike.
            match super::names::place_info(name) {
                Some(p) if p.name == name => {}
                Some(p) => missing.push(format!("{code}: {name} is {:?}", p.name)),
                None => missing.push(format!("{code}: {name}")),
            }
        }
        let k = crate::facts::knowledge::Knowledge::global();
        for (_, name) in names.parties.iter().chain(&names.demonyms) {
            if k.party_kind(name).is_none() {
                missing.push(format!("{code}: party {name}"));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:?}");
}
