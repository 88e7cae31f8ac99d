//! Region alerts: post each clash once to every channel subscribed to a
//! region it falls in, edit that message when later sources change the
//! figures, and pause a channel that can no longer be posted to.
//! Transport-neutral: the bot adapter supplies an [`AlertSink`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use crate::clashes::{who_says, Range, SourceFigures};
use crate::config::AlertsConfig;
use crate::lease::{self, Worker};
use crate::reply::{self, Embed, Reply, CLASH_COLOUR};
use crate::store::{self, ClashRow, Delivery, Store};

/// Why a message (a reply or an alert) could not be posted or edited.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The channel is gone or the bot may no longer post there (403,
    /// "Unknown Channel"): retrying won't help.
    #[error("{0}")]
    Gone(String),
    /// The message it answers or edits was deleted ("Unknown Message").
    #[error("{0}")]
    MessageGone(String),
    /// Discord refused this message itself (a 400): retrying the same
    /// message won't help, but the channel is fine.
    #[error("{0}")]
    Rejected(String),
    /// Refused for now (429 rate limit): worth retrying; nothing was posted.
    #[error("{0}")]
    Temporary(String),
    /// The request may have reached Discord (5xx, timeout, connection lost):
    /// worth retrying, after looking whether it was posted after all.
    #[error("{0}")]
    InDoubt(String),
}

impl SendError {
    /// The request may have gone through.
    pub fn in_doubt(&self) -> bool {
        matches!(self, SendError::InDoubt(_))
    }
}

/// Where alerts go: Discord in production, the simulator in tests.
pub trait AlertSink: Send + Sync + 'static {
    /// Post a new alert; `role` is the only mention it may ping. `nonce` is
    /// the same for every attempt, so a resend within Discord's nonce window
    /// is dropped by the platform. Returns the message id.
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

    /// An alert this bot posted in `channel_id` after `since` (Unix seconds)
    /// whose footer contains `marker`: a post that went out before a crash
    /// but was never recorded (Discord forgets nonces after a few minutes).
    fn find_alert(
        &self,
        channel_id: i64,
        since: i64,
        marker: &str,
    ) -> impl Future<Output = Result<Option<i64>, SendError>> + Send {
        let _ = (channel_id, since, marker);
        async { Ok(None) }
    }
}

pub struct Alerts {
    store: Store,
    config: AlertsConfig,
    wake: Arc<Notify>,
    worker: Worker,
}

/// What was shown before, for "what changed" in an edited alert.
type Shown = (Range, Range, i64);

impl Alerts {
    pub fn new(store: Store, config: &AlertsConfig, wake: Arc<Notify>) -> Alerts {
        Alerts {
            store,
            config: config.clone(),
            wake,
            worker: Worker::new(),
        }
    }

    /// Send due alerts until `shutdown`, to up to `[alerts] concurrency`
    /// channels at once: the store leases one alert per channel at a time,
    /// oldest first, so each channel still gets its alerts in order and one
    /// slow channel holds up only itself. A delivery in flight when the
    /// process dies keeps its row and is taken again after its lease.
    pub async fn run<S: AlertSink>(self: Arc<Self>, sink: Arc<S>, shutdown: CancellationToken) {
        let senders: Vec<_> = (0..self.config.concurrency.max(1))
            .map(|_| {
                let me = Arc::clone(&self);
                let sink = Arc::clone(&sink);
                let shutdown = shutdown.clone();
                tokio::spawn(async move { me.send_loop(sink.as_ref(), shutdown).await })
            })
            .collect();
        for s in senders {
            let _ = s.await;
        }
    }

    async fn send_loop<S: AlertSink>(&self, sink: &S, shutdown: CancellationToken) {
        loop {
            if shutdown.is_cancelled() {
                return;
            }
            let token = self.worker.token();
            let worked = match self
                .store
                .take_delivery(&token, self.config.lease_secs)
                .await
            {
                Ok(Some(d)) => {
                    // More may be due in other channels: wake another sender.
                    self.wake.notify_one();
                    self.deliver(d, sink).await;
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

    /// Post or edit one leased alert and record the outcome under its
    /// lease. The channel's spacing and order were settled by the store when
    /// it was leased: nothing here waits or postpones.
    async fn deliver<S: AlertSink>(&self, d: Delivery, sink: &S) {
        // The lease must outlast a hung request: give up on it in time for
        // the outcome to be recorded under the lease.
        let limit = Duration::from_secs((self.config.lease_secs.max(2) as u64) * 2 / 3);
        let outcome = match tokio::time::timeout(limit, self.try_deliver(&d, sink)).await {
            Ok(r) => r,
            Err(_) => Err(DeliverError::Send(SendError::InDoubt(
                "Discord did not answer in time".into(),
            ))),
        };
        match outcome {
            Ok(true) => {}
            Ok(false) => {
                info!(
                    channel = d.channel_id,
                    clash = d.clash_id,
                    "alert lease lost; another sender has it"
                );
            }
            Err(DeliverError::Send(SendError::Gone(why))) => {
                warn!(channel = d.channel_id, clash = d.clash_id, reason = %why,
                    "cannot post alerts in this channel any more: its subscriptions are paused");
                let reason = format!("I can't post there any more ({why})");
                self.log(&d, "failed", Some(&reason)).await;
                if let Err(e) = self.store.delivery_failed(&d, &reason).await {
                    warn!(error = %e, "could not pause a subscription");
                }
            }
            Err(DeliverError::Send(SendError::Rejected(why))) => {
                warn!(channel = d.channel_id, clash = d.clash_id, reason = %why, "Discord refused an alert");
                self.log(&d, "failed", Some(&format!("Discord refused it: {why}")))
                    .await;
                if let Err(e) = self.store.delivery_failed_once(&d, &why).await {
                    warn!(error = %e, "could not record a failed alert");
                }
            }
            Err(DeliverError::Send(e)) => {
                // Once in doubt, in doubt until a look in the channel settles it.
                self.retry(&d, &e.to_string(), e.in_doubt() || d.in_doubt)
                    .await;
            }
            Err(DeliverError::Store(e)) => {
                warn!(error = %e, clash = d.clash_id, "store error while sending an alert");
                self.retry(&d, &e.to_string(), false).await;
            }
        }
    }

    async fn retry(&self, d: &Delivery, why: &str, in_doubt: bool) {
        // `attempts` counts failed sends: this one is number attempts + 1.
        if d.attempts + 1 >= self.config.max_attempts {
            warn!(channel = d.channel_id, clash = d.clash_id, reason = %why, "giving up on an alert");
            self.log(
                d,
                "failed",
                Some(&format!("gave up after {} attempts: {why}", d.attempts + 1)),
            )
            .await;
            if let Err(e) = self.store.delivery_failed_once(d, why).await {
                warn!(error = %e, "could not record a failed alert");
            }
            return;
        }
        let backoff = lease::backoff_secs(self.config.retry_base_secs.max(1), d.attempts + 1);
        if let Err(e) = self
            .store
            .delivery_retry(d, store::now() + backoff, why, in_doubt)
            .await
        {
            warn!(error = %e, "could not schedule an alert retry");
        }
    }

    /// The delivery's server trusts none of the clash's sources any more (a
    /// moderator untrusted a domain after it was queued): a new alert is
    /// not posted; a posted one is left as it is.
    async fn no_trusted_source(&self, d: &Delivery) -> Result<bool, DeliverError> {
        let posted = match d.message_id {
            Some(m) => Some(m),
            None => {
                self.store
                    .alert_in_channel(d.channel_id, d.clash_id)
                    .await?
            }
        };
        match posted {
            Some(message_id) => {
                let kept = d.shown.unwrap_or_default();
                Ok(self
                    .store
                    .delivery_sent(d, message_id, kept, false, 0)
                    .await?)
            }
            None => {
                let why = "no source this server trusts any more";
                self.log(d, "not sent", Some(why)).await;
                self.store.delivery_failed_once(d, why).await?;
                Ok(true)
            }
        }
    }

    /// Add a line to the alert log `/clashes why` reads; a failure to log
    /// never stops an alert.
    async fn log(&self, d: &Delivery, event: &str, detail: Option<&str>) {
        if let Err(e) = self
            .store
            .log_alert(d.subscription_id, d.clash_id, d.channel_id, event, detail)
            .await
        {
            warn!(error = %e, clash = d.clash_id, "could not log an alert");
        }
    }

    /// `Ok(false)`: the lease was lost before the outcome was recorded.
    async fn try_deliver<S: AlertSink>(
        &self,
        d: &Delivery,
        sink: &S,
    ) -> Result<bool, DeliverError> {
        let Some(clash) = self.store.clash_by_id(d.clash_id).await? else {
            return Ok(true);
        };
        // A server's alert shows only the sources it trusts: their figures
        // and their count (`store::trust`).
        let sources = self
            .store
            .trusted_sources_for(d.clash_id, d.subscription_id)
            .await?;
        if sources.is_empty() {
            return self.no_trusted_source(d).await;
        }
        let clash = trusted_view(clash, &sources);
        let now_shown = (clash.summary.killed, clash.summary.injured, clash.sources);
        let spacing = self.config.channel_interval_secs.max(0);
        let message = match d.message_id {
            Some(m) => Some(m),
            // Another subscription of this channel posted it already.
            None => {
                self.store
                    .alert_in_channel(d.channel_id, d.clash_id)
                    .await?
            }
        };
        let mut replaces = None;
        if let Some(message_id) = message {
            if d.shown == Some(now_shown) && d.message_id.is_some() {
                return Ok(self
                    .store
                    .delivery_sent(d, message_id, now_shown, false, 0)
                    .await?);
            }
            let alert = render_alert(&clash, &sources, d.shown.filter(|_| d.message_id.is_some()));
            let edited = sink.edit_alert(d.channel_id, message_id, alert).await;
            crate::metrics::alert_sent(edited.is_ok());
            match edited {
                Ok(()) => {
                    info!(channel = d.channel_id, clash = %clash.short_id, "alert updated");
                    self.log(d, "edited", Some(&shown_text(&now_shown))).await;
                    return Ok(self
                        .store
                        .delivery_sent(d, message_id, now_shown, false, 0)
                        .await?);
                }
                // A moderator deleted the alert: the subscription stays and
                // the clash gets a fresh message.
                Err(SendError::MessageGone(why)) => {
                    info!(channel = d.channel_id, clash = %clash.short_id, reason = %why,
                        "the alert was deleted: posting it again");
                    self.store.forget_alert_message(d).await?;
                    self.log(
                        d,
                        "deleted",
                        Some("the alert was deleted; posting it again"),
                    )
                    .await;
                    replaces = Some(message_id);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let marker = format!("Clash {}", clash.short_id);
        if d.in_doubt {
            // Posted before a crash, never recorded: record it, don't repeat it.
            if let Some(found) = sink.find_alert(d.channel_id, d.queued_at, &marker).await? {
                info!(channel = d.channel_id, clash = %clash.short_id, "found an unrecorded alert");
                self.log(d, "posted", Some("found in the channel after a restart"))
                    .await;
                return Ok(self
                    .store
                    .delivery_sent(d, found, now_shown, true, spacing)
                    .await?);
            }
        }
        let mut alert = render_alert(&clash, &sources, None);
        if let Some(role) = d.role_id {
            alert.content = Some(format!("<@&{role}>"));
        }
        if !self.store.delivery_posting(d).await? {
            return Ok(false);
        }
        let nonce = nonce(d.channel_id, d.clash_id, replaces.unwrap_or(0));
        let posted = sink.post_alert(d.channel_id, alert, d.role_id, nonce).await;
        crate::metrics::alert_sent(posted.is_ok());
        let message_id = posted?;
        debug!(channel = d.channel_id, clash = %clash.short_id, "alert posted");
        self.log(d, "posted", Some(&shown_text(&now_shown))).await;
        Ok(self
            .store
            .delivery_sent(d, message_id, now_shown, true, spacing)
            .await?)
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
/// `replaces`: the deleted alert a fresh one stands for (0 for the first),
/// so the fresh post is not taken for a resend of the deleted one.
fn nonce(channel_id: i64, clash_id: i64, replaces: i64) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in channel_id
        .to_le_bytes()
        .iter()
        .chain(clash_id.to_le_bytes().iter())
        .chain(replaces.to_le_bytes().iter().filter(|_| replaces != 0))
    {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("al{h:016x}")
}

/// The clash as one server sees it: the headline figures and the source
/// count of the sources it trusts (`sources`, non-empty); the event's date,
/// places and parties are the clash's.
pub fn trusted_view(mut clash: ClashRow, sources: &[SourceFigures]) -> ClashRow {
    let (killed, injured, n) = store::shown_of(sources);
    clash.summary.killed = killed;
    clash.summary.injured = injured;
    clash.sources = n;
    clash
}

/// What an alert shows, for the alert log.
fn shown_text((killed, injured, n): &Shown) -> String {
    format!(
        "killed {}, injured {}, from {n} trusted source{}",
        killed.display(),
        injured.display(),
        if *n == 1 { "" } else { "s" }
    )
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
        assert_eq!(nonce(1, 2, 0), nonce(1, 2, 0));
        assert_ne!(nonce(1, 2, 0), nonce(2, 1, 0));
        assert_ne!(
            nonce(1, 2, 0),
            nonce(1, 2, 3),
            "a fresh alert is a new message"
        );
        assert!(nonce(i64::MAX, i64::MAX, i64::MAX).len() <= 25);
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
