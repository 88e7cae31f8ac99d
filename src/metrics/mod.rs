//! What operators watch: counters and gauges in the Prometheus text format,
//! served with a health check by [`http`] when `[metrics] listen` is set.
//!
//! The counters live in one process-wide registry so the pipeline, the alert
//! sender and the Discord adapter can count without being handed anything;
//! counting costs an atomic add, so it happens whether or not anyone scrapes.
//! Queue depths are read from the database at scrape time: the queue is
//! shared by every process on it, and the database is the only place that
//! knows its length.

pub mod http;

use std::sync::OnceLock;
use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// How a job (one link) ended this time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    /// Read and recorded.
    Done,
    /// A temporary failure; it will be tried again.
    Retry,
    /// Given up on.
    Failed,
}

impl JobOutcome {
    fn label(self) -> &'static str {
        match self {
            JobOutcome::Done => "done",
            JobOutcome::Retry => "retry",
            JobOutcome::Failed => "failed",
        }
    }
}

struct Metrics {
    registry: Registry,
    jobs: IntCounterVec,
    read_seconds: HistogramVec,
    replies: IntCounterVec,
    alerts: IntCounterVec,
    rate_limited: IntCounterVec,
    shards: IntGaugeVec,
    queue: IntGaugeVec,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("clashwatch".into()), None)?;
    let jobs = IntCounterVec::new(
        Opts::new("jobs_total", "Jobs (one link each) finished, by outcome"),
        &["outcome"],
    )?;
    let read_seconds = HistogramVec::new(
        HistogramOpts::new(
            "read_seconds",
            "Time to read one link: fetch, extract, facts and store (cache hits included)",
        )
        .buckets(vec![
            0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 60.0,
        ]),
        &["outcome"],
    )?;
    let replies = IntCounterVec::new(
        Opts::new(
            "replies_total",
            "Replies to links posted in Discord, by result",
        ),
        &["result"],
    )?;
    let alerts = IntCounterVec::new(
        Opts::new(
            "alerts_total",
            "Region alerts posted or edited, by result (failed: retried or given up)",
        ),
        &["result"],
    )?;
    let rate_limited = IntCounterVec::new(
        Opts::new(
            "discord_rate_limited_total",
            "Times Discord rate-limited a request (HTTP 429, or a wait for a spent bucket), by scope",
        ),
        &["scope"],
    )?;
    let shards = IntGaugeVec::new(
        Opts::new(
            "gateway_shard_connected",
            "1 when this process's gateway shard is connected, else 0",
        ),
        &["shard"],
    )?;
    let queue = IntGaugeVec::new(
        Opts::new(
            "queue_depth",
            "Work waiting in the shared database at the last scrape, by queue and state",
        ),
        &["queue", "state"],
    )?;
    registry.register(Box::new(jobs.clone()))?;
    registry.register(Box::new(read_seconds.clone()))?;
    registry.register(Box::new(replies.clone()))?;
    registry.register(Box::new(alerts.clone()))?;
    registry.register(Box::new(rate_limited.clone()))?;
    registry.register(Box::new(shards.clone()))?;
    registry.register(Box::new(queue.clone()))?;
    Ok(Metrics {
        registry,
        jobs,
        read_seconds,
        replies,
        alerts,
        rate_limited,
        shards,
        queue,
    })
}

/// The registry, or `None` if it could not be built (a programming error in
/// the names above, caught by the tests; counting then does nothing rather
/// than taking the bot down).
fn metrics() -> Option<&'static Metrics> {
    static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
    METRICS
        .get_or_init(|| match build() {
            Ok(m) => Some(m),
            Err(e) => {
                tracing::error!(error = %e, "metrics registry could not be built");
                None
            }
        })
        .as_ref()
}

/// A job ended after `took`.
pub fn job_finished(outcome: JobOutcome, took: Duration) {
    if let Some(m) = metrics() {
        m.jobs.with_label_values(&[outcome.label()]).inc();
        m.read_seconds
            .with_label_values(&[outcome.label()])
            .observe(took.as_secs_f64());
    }
}

/// A reply to a message was sent (or sending it failed).
pub fn reply_sent(ok: bool) {
    if let Some(m) = metrics() {
        m.replies
            .with_label_values(&[if ok { "sent" } else { "failed" }])
            .inc();
    }
}

/// An alert was posted or edited (or that failed).
pub fn alert_sent(ok: bool) {
    if let Some(m) = metrics() {
        m.alerts
            .with_label_values(&[if ok { "sent" } else { "failed" }])
            .inc();
    }
}

/// Discord made a request wait: `global` for the bot-wide limit.
pub fn discord_rate_limited(global: bool) {
    if let Some(m) = metrics() {
        m.rate_limited
            .with_label_values(&[if global { "global" } else { "route" }])
            .inc();
    }
}

/// Gateway shard `shard` connected or lost its connection.
pub fn shard_connected(shard: u32, connected: bool) {
    if let Some(m) = metrics() {
        m.shards
            .with_label_values(&[&shard.to_string()])
            .set(i64::from(connected));
    }
}

/// Record the queue depths read from the database.
pub(crate) fn set_queue_depths(depths: &[(&str, String, i64)]) {
    if let Some(m) = metrics() {
        m.queue.reset();
        for (queue, state, n) in depths {
            m.queue.with_label_values(&[*queue, state.as_str()]).set(*n);
        }
    }
}

/// Everything in the Prometheus text exposition format.
pub fn render() -> String {
    let Some(m) = metrics() else {
        return String::new();
    };
    let mut out = Vec::new();
    if let Err(e) = TextEncoder::new().encode(&m.registry.gather(), &mut out) {
        tracing::warn!(error = %e, "metrics could not be encoded");
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_builds_and_renders_what_was_counted() {
        assert!(build().is_ok());
        job_finished(JobOutcome::Retry, Duration::from_millis(300));
        shard_connected(3, true);
        let text = render();
        assert!(text.contains("clashwatch_jobs_total{outcome=\"retry\"}"));
        assert!(text.contains("clashwatch_read_seconds_bucket{outcome=\"retry\",le=\"0.5\"}"));
        assert!(text.contains("clashwatch_gateway_shard_connected{shard=\"3\"} 1"));
    }
}
