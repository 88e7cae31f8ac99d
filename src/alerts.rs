//! Region alerts: post each clash once to every channel subscribed to a
//! region it falls in, edit that message when later sources change the
//! figures, and pause a channel that can no longer be posted to.
//! Transport-neutral: the bot adapter supplies an [`AlertSink`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::clashes::{who_says, Range, SourceFigures};
use crate::config::AlertsConfig;
use crate::reply::{self, Embed, Reply, CLASH_COLOUR};
use crate::store::{self, ClashRow, Delivery, Store};

/// Why an alert could not be posted.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The channel is gone or the bot may no longer post there (403, 404):
    /// retrying won't help.
    #[error("{0}")]
    Gone(String),
    /// Worth retrying: Discord 5xx, timeouts, rate limits.
    #[error("{0}")]
    Temporary(String),
}

/// Where alerts go: Discord in production, the simulator in tests.
pub trait AlertSink: Send + Sync + 'static {
    /// Post a new alert; `role` is the only mention it may ping. `nonce` is
    /// the same for every attempt, so a resend after a crash is dropped by
    /// the platform. Returns the message id.
    fn post_alert(
        &self,
        channel_id: i64,
        alert: Reply,
        role: Option<i64>,
        nonce: String,
    ) -> impl Future<Output = Result<i64, SendError>> + Send;

    /// Replace a posted alert's content (no new pings).
    fn edit_alert(
        &self,
        channel_id: i64,
        message_id: i64,
        alert: Reply,
    ) -> impl Future<Output = Result<(), SendError>> + Send;
}

pub struct Alerts {
    store: Store,
    config: AlertsConfig,
    wake: Arc<Notify>,
}

/// What was shown before, for "what changed" in an edited alert.
type Shown = (Range, Range, i64);

impl Alerts {
    pub fn new(store: Store, config: &AlertsConfig, wake: Arc<Notify>) -> Alerts {
        Alerts {
            store,
            config: config.clone(),
            wake,
        }
    }

    /// Send due alerts until `shutdown`. A delivery in flight when the
    /// process dies keeps its row and is taken again after its lease.
    pub async fn run<S: AlertSink>(self: Arc<Self>, sink: Arc<S>, shutdown: CancellationToken) {
        let mut last_in_channel: HashMap<i64, tokio::time::Instant> = HashMap::new();
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let worked = match self.store.take_delivery(self.config.lease_secs).await {
                Ok(Some(d)) => {
                    self.deliver(d, sink.as_ref(), &mut last_in_channel).await;
                    true
                }
                Ok(None) => false,
                Err(e) => {
                    warn!(error = %e, "could not read due alerts");
                    false
                }
            };
            let pause = if worked {
                Duration::from_millis(self.config.send_gap_ms)
            } else {
                Duration::from_millis(self.config.poll_ms)
            };
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = self.wake.notified(), if !worked => {}
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }

    async fn deliver<S: AlertSink>(
        &self,
        d: Delivery,
        sink: &S,
        last_in_channel: &mut HashMap<i64, tokio::time::Instant>,
    ) {
        // Spread a channel's alerts out: too soon after the last one, try later.
        let gap = Duration::from_secs(self.config.channel_interval_secs.max(0) as u64);
        if let Some(last) = last_in_channel.get(&d.channel_id) {
            let wait = gap.saturating_sub(last.elapsed());
            if !wait.is_zero() {
                let at = store::now() + wait.as_secs().max(1) as i64;
                if let Err(e) = self.store.delivery_retry(&d, at, "spreading out").await {
                    warn!(error = %e, "could not postpone an alert");
                }
                return;
            }
        }
        match self.try_deliver(&d, sink).await {
            Ok(()) => {
                last_in_channel.insert(d.channel_id, tokio::time::Instant::now());
            }
            Err(DeliverError::Send(SendError::Gone(why))) => {
                warn!(channel = d.channel_id, clash = d.clash_id, reason = %why,
                    "cannot post alerts in this channel any more: its subscriptions are paused");
                let reason = format!("I can't post there any more ({why})");
                if let Err(e) = self.store.delivery_failed(&d, &reason).await {
                    warn!(error = %e, "could not pause a subscription");
                }
            }
            Err(DeliverError::Send(SendError::Temporary(why))) => {
                self.retry(&d, &why).await;
            }
            Err(DeliverError::Store(e)) => {
                warn!(error = %e, clash = d.clash_id, "store error while sending an alert");
                self.retry(&d, &e.to_string()).await;
            }
        }
    }

    async fn retry(&self, d: &Delivery, why: &str) {
        if d.attempts >= self.config.max_attempts {
            warn!(channel = d.channel_id, clash = d.clash_id, reason = %why, "giving up on an alert");
            if let Err(e) = self.store.delivery_failed_once(d, why).await {
                warn!(error = %e, "could not record a failed alert");
            }
            return;
        }
        let backoff = self.config.retry_base_secs.max(1) << (d.attempts.clamp(1, 10) - 1);
        if let Err(e) = self
            .store
            .delivery_retry(d, store::now() + backoff, why)
            .await
        {
            warn!(error = %e, "could not schedule an alert retry");
        }
    }

    async fn try_deliver<S: AlertSink>(&self, d: &Delivery, sink: &S) -> Result<(), DeliverError> {
        let Some(clash) = self.store.clash_by_id(d.clash_id).await? else {
            return Ok(());
        };
        let sources = self.store.clash_source_figures(d.clash_id).await?;
        let now_shown = (clash.summary.killed, clash.summary.injured, clash.sources);
        let message = match d.message_id {
            Some(m) => Some(m),
            // Another subscription of this channel posted it already.
            None => {
                self.store
                    .alert_in_channel(d.channel_id, d.clash_id)
                    .await?
            }
        };
        match message {
            Some(message_id) => {
                if d.shown != Some(now_shown) {
                    let alert = render_alert(&clash, &sources, d.shown);
                    let edited = sink.edit_alert(d.channel_id, message_id, alert).await;
                    crate::metrics::alert_sent(edited.is_ok());
                    edited?;
                    info!(channel = d.channel_id, clash = %clash.short_id, "alert updated");
                }
                self.store
                    .delivery_sent(d, message_id, now_shown.0, now_shown.1, now_shown.2)
                    .await?;
            }
            None => {
                let mut alert = render_alert(&clash, &sources, None);
                if let Some(role) = d.role_id {
                    alert.content = Some(format!("<@&{role}>"));
                }
                let nonce = nonce(d.channel_id, d.clash_id);
                let posted = sink.post_alert(d.channel_id, alert, d.role_id, nonce).await;
                crate::metrics::alert_sent(posted.is_ok());
                let message_id = posted?;
                debug!(channel = d.channel_id, clash = %clash.short_id, "alert posted");
                self.store
                    .delivery_sent(d, message_id, now_shown.0, now_shown.1, now_shown.2)
                    .await?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
enum DeliverError {
    #[error(transparent)]
    Send(#[from] SendError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

/// A nonce for one alert in one channel: the same on every attempt, at most
/// 25 characters (Discord's limit). FNV-1a: stable across builds, unlike
/// std's hasher.
fn nonce(channel_id: i64, clash_id: i64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in channel_id
        .to_le_bytes()
        .iter()
        .chain(clash_id.to_le_bytes().iter())
    {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("al{h:016x}")
}

fn changed(label: &str, before: &Range, now: &Range) -> Option<String> {
    (before != now).then(|| format!("{label} {} → {}", before.display(), now.display()))
}

/// The alert for a clash. `before` is what an earlier version of the same
/// message showed: the changes are marked at the top.
pub fn render_alert(clash: &ClashRow, sources: &[SourceFigures], before: Option<Shown>) -> Reply {
    let s = &clash.summary;
    let mut lines = Vec::new();
    if let Some((killed, injured, n)) = before {
        let mut what: Vec<String> = [
            changed("killed", &killed, &s.killed),
            changed("injured", &injured, &s.injured),
        ]
        .into_iter()
        .flatten()
        .collect();
        if n != clash.sources {
            what.push(format!("sources {n} → {}", clash.sources));
        }
        if !what.is_empty() {
            lines.push(format!("**Updated:** {}", what.join("; ")));
        }
    }
    lines.push(format!(
        "{} · {}",
        s.event_date
            .map(|d| d.format("%-d %B %Y").to_string())
            .unwrap_or_else(|| "date unknown".into()),
        reply::escape(
            &s.places
                .iter()
                .take(3)
                .chain(s.countries.iter().take(2))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    ));
    if !s.parties.is_empty() {
        lines.push(reply::escape(&s.parties.join(" · ")));
    }
    let mut embed = Embed {
        title: Some(reply::truncate(
            &format!("New clash: {}", reply::escape(&s.title)),
            reply::limits::TITLE,
        )),
        url: Some(s.url.clone()),
        colour: Some(CLASH_COLOUR),
        description: Some(lines.join("\n")),
        footer: Some(format!(
            "Clash {} · /clashes show {} · figures quoted from the articles",
            clash.short_id, clash.short_id
        )),
        ..Embed::default()
    };
    let figure = |range: &Range, detail: Option<String>| match detail {
        Some(d) => format!("{} ({})", range.display(), reply::escape(&d)),
        None => range.display(),
    };
    embed.field(
        "Killed",
        figure(&s.killed, who_says(sources, |x| x.killed)),
        true,
    );
    embed.field(
        "Injured",
        figure(&s.injured, who_says(sources, |x| x.injured)),
        true,
    );
    let listed: Vec<String> = sources
        .iter()
        .take(5)
        .map(|x| format!("[{}]({})", reply::escape(&x.site), x.url))
        .collect();
    embed.field(
        format!("Sources ({})", clash.sources),
        if listed.is_empty() {
            "—".to_string()
        } else {
            listed.join(" · ")
        },
        false,
    );
    Reply {
        content: None,
        embeds: vec![embed],
        ephemeral: false,
        attachments: Vec::new(),
    }
    .fit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clashes::ClashSummary;

    fn clash(killed: Range, sources: i64) -> ClashRow {
        ClashRow {
            id: 1,
            short_id: "abc123".into(),
            summary: ClashSummary {
                event_date: chrono::NaiveDate::from_ymd_opt(2023, 9, 1),
                title: "Border clash *today*".into(),
                countries: vec!["Armenia".into()],
                regions: vec!["South Caucasus".into()],
                parties: vec!["Armenia".into(), "Azerbaijan".into()],
                places: vec!["Sotk".into()],
                killed,
                injured: Range::exact(1),
                url: "https://news.example/a".into(),
                terms: Vec::new(),
            },
            sources,
            first_seen: 0,
        }
    }

    #[test]
    fn nonces_are_stable_and_short() {
        assert_eq!(nonce(1, 2), nonce(1, 2));
        assert_ne!(nonce(1, 2), nonce(2, 1));
        assert!(nonce(i64::MAX, i64::MAX).len() <= 25);
    }

    #[test]
    fn an_edited_alert_says_what_changed() {
        let r = render_alert(
            &clash(Range { min: 4, max: 6 }, 2),
            &[],
            Some((Range::exact(4), Range::exact(1), 1)),
        );
        let d = r.embeds[0].description.clone().unwrap_or_default();
        assert!(
            d.contains("**Updated:** killed 4 → 4–6; sources 1 → 2"),
            "{d}"
        );
        assert!(r.embeds[0]
            .title
            .as_deref()
            .is_some_and(|t| t.contains("\\*today\\*")));
    }
}
