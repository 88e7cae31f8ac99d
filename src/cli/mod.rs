//! Command-line adapter: argument parsing and terminal/JSON rendering. No
//! business logic lives here; it calls the article, facts and app layers.

pub mod facts;
pub mod health;
pub mod refacts;
pub mod summarize;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "clashwatch",
    version,
    about = "Key facts of conflict news articles, quoted from the article"
)]
pub struct Cli {
    /// Configuration file layered over the defaults (else $CLASHWATCH_CONFIG, else ./clashwatch.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Discord bot (needs DISCORD_TOKEN in the environment or .env).
    Run,
    /// Read articles (URLs, .html or .txt files) and print their main text and metadata.
    Summarize(SummarizeArgs),
    /// Read JSON lines {"id", "text", "title"?, "published"?} on stdin; write one JSON line of facts per input.
    Facts,
    /// Read again, from the stored text, the articles whose facts an older extractor read, and
    /// correct their clashes' figures (nothing is fetched).
    Refacts(RefactsArgs),
    /// Exit 0 when the running bot on this machine answers its health check ([metrics] listen).
    Health(health::HealthArgs),
    /// Read articles and send replies and alerts without a gateway connection, beside bot
    /// processes sharing one PostgreSQL database (needs DISCORD_TOKEN).
    Worker,
    /// Register the slash commands with Discord and exit (at deploy, when no bot process
    /// registers them: `[bot] register_commands = false`).
    Register,
}

#[derive(Debug, clap::Args)]
pub struct RefactsArgs {
    /// Articles read per database round trip.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(i64).range(1..=10_000))]
    pub batch: i64,
}

#[derive(Debug, clap::Args)]
pub struct SummarizeArgs {
    /// Output format: `text` for people, `json` for one JSON object per input per line.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// URLs (http/https), .html files or .txt files (first line is the title).
    #[arg(required = true, value_name = "URL|FILE")]
    pub inputs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}
