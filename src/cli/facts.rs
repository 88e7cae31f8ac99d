//! `clashwatch facts`: JSON lines in (`{"id", "text", "title"?, "published"?}`),
//! one JSON line of facts out per input, in input order. A malformed line
//! gives an error line and the rest goes on.

use std::io::{BufRead, BufWriter, Write};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::budget::ReadBudget;
use crate::facts::{self, Facts, FactsInput};

/// Lines handed to the workers at a time: large enough to keep both cores
/// busy, small enough that output starts early on long streams.
const BATCH: usize = 4096;

#[derive(Debug, Deserialize)]
struct InputRecord {
    id: Value,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Debug, Serialize)]
struct OutputRecord<'a> {
    id: &'a Value,
    #[serde(flatten)]
    facts: &'a Facts,
}

/// The README's promise: `id` is the input's id, or its line number when
/// the line has none (so every output line has an `id` to join on).
#[derive(Debug, Serialize)]
struct ErrorRecord {
    id: Value,
    error: String,
}

/// "2023-09-01", or the date part of "2023-09-01T10:00:00Z".
fn parse_published(s: &str) -> Result<NaiveDate, String> {
    let day = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|e| format!("`published` is not a YYYY-MM-DD date ({s:?}): {e}"))
}

/// Limits for reading each text: what the extractor reads, and the CPU time
/// one text may take.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    pub limits: facts::Limits,
    /// Zero: no limit.
    pub read_cpu_secs: f64,
}

impl Settings {
    pub fn from_config(config: &crate::config::Config) -> Settings {
        Settings {
            limits: config.facts.limits(),
            read_cpu_secs: config.jobs.read_cpu_secs,
        }
    }
}

/// The output line (without newline) for input line number `line_no`.
pub fn process_line(line: &str, line_no: usize) -> String {
    process_line_with(line, line_no, &Settings::default())
}

fn process_line_with(line: &str, line_no: usize, settings: &Settings) -> String {
    let record: InputRecord = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            // Name the id when the line is JSON with an id but a bad field.
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or_else(|| line_no.into());
            return error_line(ErrorRecord {
                id,
                error: format!("malformed input: {e}"),
            });
        }
    };
    let published = match record.published.as_deref().map(parse_published) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(error)) => {
            return error_line(ErrorRecord {
                id: record.id,
                error,
            })
        }
    };
    let input = FactsInput {
        title: record.title.as_deref(),
        text: &record.text,
        published,
        page_dates: &[],
    };
    let budget = ReadBudget::from_secs(settings.read_cpu_secs);
    let facts = match budget.run(|| facts::extract_within(&input, &settings.limits)) {
        Ok(facts) => facts,
        Err(too_long) => {
            return error_line(ErrorRecord {
                id: record.id.clone(),
                error: too_long.to_string(),
            })
        }
    };
    serde_json::to_string(&OutputRecord {
        id: &record.id,
        facts: &facts,
    })
    .unwrap_or_else(|e| {
        error_line(ErrorRecord {
            id: record.id.clone(),
            error: format!("cannot write facts: {e}"),
        })
    })
}

fn error_line(e: ErrorRecord) -> String {
    serde_json::to_string(&e).unwrap_or_else(|_| r#"{"error":"unprintable error"}"#.to_string())
}

/// Lines a worker takes at a time: few enough that both finish together
/// whatever the lengths of the texts, enough that taking them costs nothing.
const BLOCK: usize = 16;

/// Processes `lines` (numbered from `first_no`) on `workers` threads and
/// returns the outputs in input order. Each worker takes the next block of
/// lines when done with one, so a worker with long texts does not leave the
/// other idle.
fn process_batch(
    lines: &[String],
    first_no: usize,
    workers: usize,
    settings: &Settings,
) -> Vec<String> {
    if workers <= 1 || lines.len() < 64 {
        return lines
            .iter()
            .enumerate()
            .map(|(k, l)| process_line_with(l, first_no + k, settings))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<String>> = vec![None; lines.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let from = next.fetch_add(BLOCK, Ordering::Relaxed);
                        if from >= lines.len() {
                            return done;
                        }
                        for (k, l) in lines.iter().enumerate().skip(from).take(BLOCK) {
                            done.push((k, process_line_with(l, first_no + k, settings)));
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            // A worker panic would be a bug: its lines get an error line below.
            for (k, line) in h.join().unwrap_or_default() {
                out[k] = Some(line);
            }
        }
    });
    out.into_iter()
        .enumerate()
        .map(|(k, line)| {
            line.unwrap_or_else(|| {
                error_line(ErrorRecord {
                    id: (first_no + k).into(),
                    error: "internal error while reading facts".to_string(),
                })
            })
        })
        .collect()
}

/// Reads JSON lines from `input` and writes facts lines to `output`.
pub fn run(input: impl BufRead, output: impl Write) -> std::io::Result<()> {
    run_with(input, output, &Settings::default())
}

/// [`run`] within `settings`.
pub fn run_with(
    input: impl BufRead,
    output: impl Write,
    settings: &Settings,
) -> std::io::Result<()> {
    let workers = std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(8);
    // The gazetteer takes tens of milliseconds to build: build it while the
    // first lines are read (the workers wait for it, not for each other).
    std::thread::spawn(facts::warm_up);
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut first_no = 1;
    let mut line_no = 0;
    let flush = |batch: &mut Vec<String>, first_no: usize, out: &mut BufWriter<_>| {
        for line in process_batch(batch, first_no, workers, settings) {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
        batch.clear();
        std::io::Result::Ok(())
    };
    for line in input.lines() {
        let line = line?;
        line_no += 1;
        if line.trim().is_empty() {
            continue;
        }
        if batch.is_empty() {
            first_no = line_no;
        }
        batch.push(line);
        if batch.len() >= BATCH {
            flush(&mut batch, first_no, &mut out)?;
        }
    }
    flush(&mut batch, first_no, &mut out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_str(input: &str) -> Vec<Value> {
        let mut out = Vec::new();
        run(input.as_bytes(), &mut out).expect("in-memory io");
        String::from_utf8(out)
            .expect("utf-8 output")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }

    #[test]
    fn one_line_per_input_and_errors_go_on() {
        let out = run_str(
            "{\"id\":\"a\",\"text\":\"Two soldiers were killed.\"}\nnot json\n{\"id\":7,\"text\":\"x\",\"published\":\"soon\"}\n{\"id\":\"b\",\"text\":\"Nothing happened.\",\"title\":\"Three killed\"}\n",
        );
        assert_eq!(out.len(), 4);
        assert_eq!(out[0]["id"], "a");
        assert_eq!(out[0]["totals"]["killed"], 2);
        assert_eq!(
            out[1]["id"], 2,
            "a line without an id is named by its number"
        );
        assert!(out[1]["error"].is_string());
        assert_eq!(out[2]["id"], 7);
        assert!(out[2]["error"].is_string());
        assert_eq!(out[3]["totals"]["killed"], 3);
    }

    #[test]
    fn keeps_order_across_workers() {
        let input: String = (0..500)
            .map(|i| {
                format!(
                    "{{\"id\":{i},\"text\":\"{} people were killed.\"}}\n",
                    i % 7
                )
            })
            .collect();
        let out = run_str(&input);
        assert_eq!(out.len(), 500);
        for (i, o) in out.iter().enumerate() {
            assert_eq!(o["id"], i);
            assert_eq!(o["totals"]["killed"], i % 7);
        }
    }
}
