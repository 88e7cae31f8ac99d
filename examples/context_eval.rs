//! JSON lines `{"id", "text", "title"?, "published"?}` on stdin → the context
//! facts (no casualties) as JSON lines; used by scripts/eval_context.py.

use std::io::{BufRead, Write};

use clashwatch::facts::{context, sentences, FactsInput};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line?;
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let published = v["published"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let input = FactsInput {
            title: v["title"].as_str(),
            text,
            published,
            ..Default::default()
        };
        let c = context::analyze(&input, &sentences::split(text));
        let row = serde_json::json!({
            "id": v["id"],
            "is_clash_report": c.is_clash_report,
            "event_date": c.event_date,
            "countries": c.countries,
            "locations": c.locations,
            "regions": c.regions,
            "parties": c.parties,
            "claims": c.claims,
        });
        writeln!(out, "{row}")?;
    }
    Ok(())
}
