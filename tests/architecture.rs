//! The layers of ARCHITECTURE.md, checked on the source: each layer names
//! the crate modules and outside crates it must not use. A new `use` that
//! crosses a line fails here with the file and the line, before the layering
//! quietly erodes.

use std::path::{Path, PathBuf};

/// One layer: its files, and what none of them may name.
struct Layer {
    name: &'static str,
    /// Paths under `src/` (a folder means everything in it).
    members: &'static [&'static str],
    /// Text that marks a forbidden dependency, e.g. `crate::store` or `serenity`.
    forbidden: &'static [&'static str],
}

const DISCORD: &[&str] = &["serenity", "poise"];

const LAYERS: &[Layer] = &[
    Layer {
        name: "core (pure)",
        members: &["facts", "regions.rs", "clashes"],
        forbidden: &[
            "crate::store",
            "crate::pipeline",
            "crate::alerts",
            "crate::commands",
            "crate::reply",
            "crate::bot",
            "crate::cli",
            "crate::article::fetch",
            "crate::article::source",
            "tokio",
            "sqlx",
            "reqwest",
            "std::fs",
            "std::net",
            "serenity",
            "poise",
        ],
    },
    Layer {
        name: "edges",
        members: &["article", "store"],
        forbidden: &[
            "crate::pipeline",
            "crate::alerts",
            "crate::commands",
            "crate::reply",
            "crate::bot",
            "crate::cli",
            "serenity",
            "poise",
        ],
    },
    Layer {
        name: "app",
        members: &[
            "pipeline.rs",
            "alerts.rs",
            "reply.rs",
            "commands.rs",
            "chart.rs",
            "ratelimit.rs",
            "feeds",
            "trust.rs",
        ],
        forbidden: &["crate::bot", "crate::cli", "serenity", "poise"],
    },
    Layer {
        name: "command-line adapter",
        members: &["cli"],
        forbidden: &["crate::bot", "serenity", "poise"],
    },
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("read src folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a line: comments and doc comments say "serenity" freely.
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    line.split("//").next().unwrap_or(line)
}

/// Whether `code` names `dep` as a path (`tokio::`, `use tokio;`), not as
/// part of another word (`tokio_util` is its own crate).
fn names(code: &str, dep: &str) -> bool {
    code.match_indices(dep).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + dep.len()..].chars().next();
        let starts = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let ends = after.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        starts && ends
    })
}

#[test]
fn every_layer_keeps_to_what_it_may_use() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut crossings = Vec::new();
    let mut checked = 0;
    for layer in LAYERS {
        let mut files = Vec::new();
        for member in layer.members {
            rust_files(&src.join(member), &mut files);
        }
        assert!(!files.is_empty(), "{}: no files", layer.name);
        for file in files {
            checked += 1;
            let text = std::fs::read_to_string(&file).expect("read source");
            for (n, line) in text.lines().enumerate() {
                let code = code_of(line);
                for dep in layer.forbidden {
                    if names(code, dep) {
                        crossings.push(format!(
                            "{}:{}: the {} layer uses {dep}: {}",
                            file.strip_prefix(&src).unwrap_or(&file).display(),
                            n + 1,
                            layer.name,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(
        crossings.is_empty(),
        "see ARCHITECTURE.md:\n{}",
        crossings.join("\n")
    );
}

#[test]
fn only_the_bot_adapter_speaks_discord() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let bot = src.join("bot");
    let outside: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&bot))
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("read source");
            text.lines()
                .enumerate()
                .filter(|(_, l)| DISCORD.iter().any(|d| names(code_of(l), d)))
                .map(|(n, l)| format!("{}:{}: {}", f.display(), n + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(outside.is_empty(), "{}", outside.join("\n"));
}

#[test]
fn the_checker_sees_what_it_should() {
    assert!(names("use tokio::sync::Notify;", "tokio"));
    assert!(!names("use tokio_util::sync::CancellationToken;", "tokio"));
    assert!(names("let x = crate::store::now();", "crate::store"));
    assert!(!names("crate::stores", "crate::store"));
    assert_eq!(code_of("//! talks to serenity"), "");
    assert_eq!(code_of("let a = 1; // serenity"), "let a = 1; ");
}
