//! Every row of every language table carries an example sentence and what
//! must be read from it; this runs them all, so a row that stops doing what
//! its example says fails here with the row's name.

use clashwatch::facts::{self, lang, FactsInput};

#[test]
fn every_table_example_reads_as_its_row_says() {
    lang::check_all().expect("every language table parses");
    let mut failures = Vec::new();
    let mut checked = 0;
    for code in lang::codes() {
        let tables = lang::get(code).expect("a listed language loads");
        for (row, example) in &tables.examples {
            checked += 1;
            let f = lang::with_lang(tables, || {
                facts::extract(&FactsInput {
                    title: example.title.as_deref(),
                    text: &example.text,
                    published: example.published,
                    ..Default::default()
                })
            });
            let mut wrong = Vec::new();
            if let Some(k) = example.killed {
                if f.totals.killed != k {
                    wrong.push(format!("killed {} (want {k})", f.totals.killed));
                }
            }
            if let Some(i) = example.injured {
                if f.totals.injured != i {
                    wrong.push(format!("injured {} (want {i})", f.totals.injured));
                }
            }
            if let Some(clash) = example.clash {
                if f.is_clash_report != clash {
                    wrong.push(format!(
                        "is_clash_report {} (want {clash})",
                        f.is_clash_report
                    ));
                }
            }
            if let Some(g) = &example.group {
                if !f.casualties.iter().any(|c| c.group.as_deref() == Some(g)) {
                    wrong.push(format!("no casualty of group {g:?}: {:?}", f.casualties));
                }
            }
            if let Some(why) = &example.why {
                if !f.background.iter().any(|b| &b.why == why) {
                    wrong.push(format!("no background {why:?}: {:?}", f.background));
                }
            }
            if !wrong.is_empty() {
                failures.push(format!(
                    "[{code}] {row}: {:?}: {}",
                    example.text,
                    wrong.join("; ")
                ));
            }
        }
    }
    assert!(checked > 20, "only {checked} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
