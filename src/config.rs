//! Settings, layered: the embedded `config/default.toml` -> an optional file ->
//! `CLASHWATCH_<SECTION>__<KEY>` environment variables.
//!
//! The defaults are compiled in so the binary runs from any directory (and in
//! the container) with nothing beside it; the file on disk documents them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::Deserialize;

/// The defaults, exactly as shipped in `config/default.toml`.
pub const DEFAULTS_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<figment::Error>),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub log: LogConfig,
    pub fetch: FetchConfig,
    pub summarize: SummarizeConfig,
    pub database: DatabaseConfig,
    pub jobs: JobsConfig,
    pub bot: BotConfig,
    pub alerts: AlertsConfig,
    pub store: StoreConfig,
    pub catch_up: CatchUpConfig,
    pub facts: FactsConfig,
    #[serde(default)]
    pub metrics: MetricsConfig,
    pub feeds: FeedsConfig,
}

#[derive(Debug, Clone, Deserialize)]
pub struct StoreConfig {
    pub retention_days: i64,
    pub prune_interval_secs: u64,
    pub prune_batch: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CatchUpConfig {
    pub max_messages: u8,
    pub max_age_hours: i64,
}

/// How much of an article's text the fact extractor reads.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct FactsConfig {
    pub max_text_chars: usize,
    pub max_sentence_chars: usize,
}

impl FactsConfig {
    pub fn limits(&self) -> crate::facts::Limits {
        crate::facts::Limits {
            max_text_chars: self.max_text_chars,
            max_sentence_chars: self.max_sentence_chars.max(1),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct AlertsConfig {
    pub max_subscriptions_per_server: i64,
    pub channel_interval_secs: i64,
    pub send_gap_ms: u64,
    pub poll_ms: u64,
    pub lease_secs: i64,
    pub max_attempts: i64,
    pub retry_base_secs: i64,
    /// Channels sent to at once by one process (each channel in order).
    pub concurrency: usize,
    /// The default trusted sources (empty: `config/trusted_sources.toml`,
    /// compiled in).
    #[serde(default)]
    pub trusted_sources_file: String,
    /// Trusting a domain alerts for clashes first seen this many hours ago
    /// or later that it now makes trusted; older ones stay quiet.
    #[serde(default = "default_trust_catch_up_hours")]
    pub trust_catch_up_hours: i64,
}

fn default_trust_catch_up_hours() -> i64 {
    24
}

/// Feeds moderators add (`/feeds`): how often they are polled, how failures
/// back off, and how much they may post.
#[derive(Debug, Clone, Deserialize)]
pub struct FeedsConfig {
    pub max_per_server: i64,
    pub min_interval_secs: i64,
    pub max_interval_secs: i64,
    pub host_interval_secs: i64,
    pub pause_after_secs: i64,
    pub workers: usize,
    pub lease_secs: i64,
    pub poll_ms: u64,
    pub posts_per_channel_per_hour: i64,
}

/// The operators' listener (`/metrics`, `/health`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MetricsConfig {
    /// `""` is off; a port listens on 127.0.0.1; else `host:port`.
    pub listen: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobsConfig {
    pub workers: usize,
    pub per_host: i64,
    pub lease_secs: i64,
    pub max_attempts: i64,
    pub retry_base_secs: i64,
    pub cache_hours: i64,
    pub poll_ms: u64,
    pub rescue_secs: u64,
    pub reply_retry_base_secs: i64,
    pub reply_max_attempts: i64,
    /// CPU seconds one article may take to read (extraction and facts).
    pub read_cpu_secs: f64,
}

impl JobsConfig {
    /// A fresh budget for reading one article.
    pub fn read_budget(&self) -> crate::budget::ReadBudget {
        crate::budget::ReadBudget::from_secs(self.read_cpu_secs)
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NonClashReply {
    Silent,
    Note,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BotConfig {
    pub max_links_per_message: usize,
    pub non_clash: NonClashReply,
    pub max_claims: usize,
    pub typing_after_ms: u64,
    pub user_links_per_minute: u32,
    pub channel_links_per_minute: u32,
    pub user_commands_per_minute: u32,
    /// Gateway shards this process connects: `"auto"` or `"FIRST-LAST/TOTAL"`
    /// (see `bot::shards`).
    pub shards: String,
    /// Milliseconds between two IDENTIFYs in one identify bucket, across
    /// every process sharing the database (Discord asks for 5 s).
    pub identify_spacing_ms: u64,
    /// Register the slash commands when connected (only a process holding
    /// shard 0 does).
    pub register_commands: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogConfig {
    pub filter: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FetchConfig {
    pub allow_private_addresses: bool,
    /// Exact addresses the guard lets through while it stays on for every
    /// other address, every local host name and every redirect.
    #[serde(default)]
    pub exempt_addresses: Vec<std::net::IpAddr>,
    pub connect_timeout_secs: u64,
    pub timeout_secs: u64,
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    pub accept_language: String,
    pub user_agent: String,
    /// Deepest nesting of elements in a page read as an article.
    pub max_html_depth: usize,
    /// Most attributes on one element of a page read as an article.
    pub max_attributes: usize,
}

impl FetchConfig {
    pub fn html_limits(&self) -> crate::article::extract::HtmlLimits {
        crate::article::extract::HtmlLimits {
            max_depth: self.max_html_depth,
            max_attributes: self.max_attributes,
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout_secs)
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs)
    }

    /// The configured User-Agent, or one naming the bot and its version.
    pub fn user_agent(&self) -> String {
        if self.user_agent.trim().is_empty() {
            default_user_agent()
        } else {
            self.user_agent.clone()
        }
    }
}

impl Default for FetchConfig {
    fn default() -> Self {
        Config::defaults().fetch
    }
}

pub fn default_user_agent() -> String {
    format!(
        "clashwatch/{} (+https://github.com/clashwatch/clashwatch)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummarizeConfig {
    pub concurrency: usize,
    pub text_paragraphs: usize,
}

impl Config {
    /// The compiled-in defaults alone (no file, no environment).
    pub fn defaults() -> Config {
        // The embedded file is part of the binary and covered by tests, so a
        // failure here is a build defect, not bad input.
        Figment::from(Toml::string(DEFAULTS_TOML))
            .extract()
            .expect("config/default.toml is valid")
    }

    /// Defaults, then `file` (or `CLASHWATCH_CONFIG`, or `./clashwatch.toml`
    /// when present), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS_TOML));
        let chosen = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("CLASHWATCH_CONFIG").map(PathBuf::from));
        match chosen {
            Some(path) => {
                if !path.exists() {
                    return Err(ConfigError::MissingFile(path));
                }
                figment = figment.merge(Toml::file(path));
            }
            None => {
                let local = Path::new("clashwatch.toml");
                if local.exists() {
                    figment = figment.merge(Toml::file(local));
                }
            }
        }
        let mut config =
            Self::from_figment(figment.merge(Env::prefixed("CLASHWATCH_").split("__")))?;
        // The conventional variable wins, as every hosting platform sets it.
        if let Ok(url) = std::env::var("DATABASE_URL") {
            if !url.trim().is_empty() {
                config.database.url = url;
            }
        }
        Ok(config)
    }

    fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        figment
            .extract()
            .map_err(|e| ConfigError::Invalid(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_guard_is_on() {
        let c = Config::defaults();
        assert!(!c.fetch.allow_private_addresses);
        assert!(c.fetch.exempt_addresses.is_empty());
        assert_eq!(c.fetch.max_body_bytes, 5 * 1024 * 1024);
        assert_eq!(c.fetch.max_redirects, 5);
        assert!(c.fetch.user_agent().starts_with("clashwatch/"));
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API fixes the error type
    fn environment_overrides_file_and_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "[fetch]\ntimeout_secs = 7\nmax_redirects = 2\n",
            )?;
            jail.set_env("CLASHWATCH_FETCH__MAX_REDIRECTS", "3");
            let c = Config::load(Some(Path::new("custom.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(c.fetch.timeout_secs, 7);
            assert_eq!(c.fetch.max_redirects, 3);
            assert_eq!(c.summarize.concurrency, 8);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment's Jail API fixes the error type
    fn exempt_addresses_from_the_environment() {
        figment::Jail::expect_with(|jail| {
            jail.set_env(
                "CLASHWATCH_FETCH__EXEMPT_ADDRESSES",
                "[\"127.0.0.1\", \"::1\"]",
            );
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                c.fetch.exempt_addresses,
                vec![
                    std::net::IpAddr::from([127, 0, 0, 1]),
                    std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
                ]
            );
            Ok(())
        });
    }

    #[test]
    fn missing_file_is_a_clear_error() {
        let err = Config::load(Some(Path::new("/nonexistent/clashwatch.toml"))).unwrap_err();
        assert!(err.to_string().contains("does not exist"));
    }
}
