//! `clashwatch health`: ask a running clashwatch on this machine whether it
//! is healthy, for container health checks (the image has no curl). Exit 0
//! when `/health` answers 200, 1 otherwise, with the reason on stderr.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::config::Config;
use crate::metrics::http::probe_address;

#[derive(Debug, clap::Args)]
pub struct HealthArgs {
    /// Address to probe (`host:port`); default: `[metrics] listen` of the configuration.
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,

    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 5)]
    pub timeout: u64,
}

pub async fn run(config: &Config, args: HealthArgs) -> anyhow::Result<ExitCode> {
    let addr = match args.addr.as_deref() {
        Some(a) => probe_address(a),
        None => probe_address(&config.metrics.listen),
    }
    .context(
        "the health endpoint is off: set [metrics] listen (or CLASHWATCH_METRICS__LISTEN), \
         e.g. to 9187, for the bot to serve it",
    )?;
    let url = format!("http://{addr}/health");
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(args.timeout.max(1)))
        .build()
        .context("setting up the HTTP client")?;
    let response = match client.get(&url).send().await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("unhealthy: no answer from {url}: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if status.is_success() {
        println!("{}", body.trim());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("unhealthy: {url} answered {status}: {}", body.trim());
        Ok(ExitCode::FAILURE)
    }
}
