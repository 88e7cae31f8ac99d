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

/// An output line's shape: `id`, then the facts' fields. Written by
/// [`output_line`] without serde's flattening (tests check they agree).
#[cfg(test)]
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
    output_line(&record.id, &facts).unwrap_or_else(|e| {
        error_line(ErrorRecord {
            id: record.id.clone(),
            error: format!("cannot write facts: {e}"),
        })
    })
}

/// The output line of `facts`: `{"id":ID,` and the facts object's fields,
/// what serializing an `OutputRecord` gives, without serde's flattening
/// (it goes through a map of fields, a third of the cost of writing a line).
fn output_line(id: &Value, facts: &Facts) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut out, id)?;
    let at = out.len();
    serde_json::to_writer(&mut out, facts)?;
    if out.len() == at + 2 {
        // No field: `{}`.
        out.truncate(at);
        out.push(b'}');
    } else {
        out[at] = b',';
    }
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
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
/// other idle. `meanwhile` runs on the calling thread while they work (the
/// batch before is written and the next read then).
fn process_batch(
    lines: &[String],
    first_no: usize,
    workers: usize,
    settings: &Settings,
    meanwhile: impl FnOnce(),
) -> Vec<String> {
    if workers <= 1 || lines.len() < 64 {
        meanwhile();
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
        meanwhile();
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
    run_batched(input, output, settings, BATCH)
}

/// The non-blank lines of an input in batches of `size`.
struct Batches<L> {
    lines: L,
    /// Lines read so far, blank ones included.
    line_no: usize,
    size: usize,
}

impl<L: Iterator<Item = std::io::Result<String>>> Batches<L> {
    /// The next batch and the number of its first line; empty at the end.
    fn next_batch(&mut self) -> std::io::Result<(usize, Vec<String>)> {
        let mut batch = Vec::with_capacity(self.size.min(BATCH));
        let mut first_no = self.line_no + 1;
        while batch.len() < self.size {
            let Some(line) = self.lines.next() else {
                break;
            };
            let line = line?;
            self.line_no += 1;
            if line.trim().is_empty() {
                continue;
            }
            if batch.is_empty() {
                first_no = self.line_no;
            }
            batch.push(line);
        }
        Ok((first_no, batch))
    }
}

fn write_lines(out: &mut impl Write, lines: Vec<String>) -> std::io::Result<()> {
    for line in lines {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// [`run_with`] in batches of `size` lines. While the workers read one
/// batch, this thread writes the one before and reads the next.
fn run_batched(
    input: impl BufRead,
    output: impl Write,
    settings: &Settings,
    size: usize,
) -> std::io::Result<()> {
    let workers = std::thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(8);
    // The gazetteer takes tens of milliseconds to build: build it while the
    // first lines are read (the workers wait for it, not for each other).
    std::thread::spawn(facts::warm_up);
    let mut out = BufWriter::with_capacity(1 << 16, output);
    let mut batches = Batches {
        lines: input.lines(),
        line_no: 0,
        size: size.max(1),
    };
    let mut next = Some(batches.next_batch());
    // Outputs of the batch before, not written yet.
    let mut done: Vec<String> = Vec::new();
    loop {
        let (first_no, batch) = match next.take() {
            Some(Ok(b)) => b,
            Some(Err(e)) => {
                // The batches before are written; the one that failed is not.
                write_lines(&mut out, done)?;
                return Err(e);
            }
            None => break,
        };
        if batch.is_empty() {
            break;
        }
        let previous = std::mem::take(&mut done);
        let mut written = Ok(());
        done = process_batch(&batch, first_no, workers, settings, || {
            written = write_lines(&mut out, previous);
            next = Some(batches.next_batch());
        });
        written?;
    }
    write_lines(&mut out, done)?;
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
    fn a_line_is_what_the_flattened_record_gives() {
        for text in [
            "Two soldiers were killed and three wounded in Kabul on Monday.",
            "Nothing happened.",
            "Police said 12 militants were killed, the army said.",
        ] {
            let facts = facts::extract(&FactsInput {
                title: Some("Clash"),
                text,
                published: None,
                page_dates: &[],
            });
            for id in [Value::from("a\"b"), Value::from(7), Value::Null] {
                let want = serde_json::to_string(&OutputRecord {
                    id: &id,
                    facts: &facts,
                })
                .unwrap();
                assert_eq!(output_line(&id, &facts).unwrap(), want);
            }
        }
        let empty = serde_json::to_string(&OutputRecord {
            id: &Value::from(1),
            facts: &Facts::default(),
        })
        .unwrap();
        assert_eq!(
            output_line(&Value::from(1), &Facts::default()).unwrap(),
            empty
        );
    }

    #[test]
    fn batches_keep_order_numbers_and_blank_lines() {
        let line = |i: usize| match i % 50 {
            9 => "not json\n".to_string(),
            _ => format!(
                "{{\"id\":{i},\"text\":\"{} people were killed.\"}}\n",
                i % 5
            ),
        };
        let run_in = |input: &str, size: usize| {
            let mut out = Vec::new();
            run_batched(input.as_bytes(), &mut out, &Settings::default(), size).unwrap();
            String::from_utf8(out).unwrap()
        };
        let input: String = (0..300).map(line).collect();
        let whole = run_in(&input, BATCH);
        assert_eq!(whole.lines().count(), 300);
        for size in [1, 7, 64, 100] {
            assert_eq!(run_in(&input, size), whole, "batches of {size}");
        }
        // Blank lines give no output line.
        let input: String = (0..300)
            .map(|i| {
                if i % 50 == 7 {
                    "\n".to_string()
                } else {
                    line(i)
                }
            })
            .collect();
        for size in [7, BATCH] {
            assert_eq!(
                run_in(&input, size).lines().count(),
                294,
                "batches of {size}"
            );
        }
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
