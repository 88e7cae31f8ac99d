//! Fault mode: the local Discord API misbehaves the way Discord does on a bad
//! day, so "exactly once" is shown by the bot rather than by the fake.
//!
//! - a share of the bot's channel requests (posts, edits, history) is
//!   answered 429 with `retry_after`, or 500; some 500s come *after* the
//!   message was created (the answer is lost, the message is there);
//! - nonces are forgotten after a window (Discord keeps them a few minutes),
//!   so a resend after a long outage is not de-duplicated by the API;
//! - gateway connections can be dropped (the bot must resume or re-identify);
//! - channel history (`GET /channels/{id}/messages`) is served, which the bot
//!   reads to catch up and to look for a send it did not record;
//! - members can delete their messages.
//!
//! Failures are chosen by a fixed-seed generator: a run is repeatable.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::Method;
use serde_json::{json, Value};

use super::state::{Outgoing, State};
use super::{DiscordSim, Shared};

/// What to break, and how often.
#[derive(Clone, Debug, Default)]
pub struct FaultConfig {
    /// Share (0..1) of the bot's channel requests that fail.
    pub failure_share: f64,
    /// Of those failures, the share answered 429 (the rest 500).
    pub rate_limited_share: f64,
    /// Of the 500s on message posts, the share where the message was created
    /// anyway (the bot can't tell from the answer).
    pub lost_answer_share: f64,
    /// `retry_after` of a 429, in seconds.
    pub retry_after: f64,
    /// Forget a nonce this long after its message was created.
    pub nonce_window: Option<Duration>,
}

#[derive(Debug, Default)]
pub struct Faults {
    pub config: FaultConfig,
    seed: u64,
    nonce_at: HashMap<(u64, String), Instant>,
    /// Failures injected, by status.
    pub injected: HashMap<u16, usize>,
    /// Messages created although their POST was answered 500.
    pub lost_answers: usize,
    /// Channels whose message posts are carried out but not answered until
    /// released: a bot killed meanwhile has posted without knowing it.
    pub held: HashSet<u64>,
    /// Message posts carried out in a held channel.
    pub held_posts: Vec<u64>,
}

impl Faults {
    /// Uniform in [0, 1), deterministic (xorshift64*).
    fn roll(&mut self) -> f64 {
        if self.seed == 0 {
            self.seed = 0x9E37_79B9_7F4A_7C15;
        }
        let mut x = self.seed;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.seed = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What fault mode does to one request.
pub(crate) enum Fault {
    None,
    /// Answer this instead of routing the request.
    Fail(u16, Value),
    /// Route the request, then answer 500 if it succeeded.
    LoseAnswer,
}

/// Only the bot's channel traffic fails: start-up, command registration and
/// interaction callbacks stay healthy, so tests fail on what they test.
pub(crate) fn before(state: &mut State, method: &Method, path: &str) -> Fault {
    let faults = &mut state.faults;
    if faults.config.failure_share <= 0.0 || !path.starts_with("/api/v10/channels/") {
        return Fault::None;
    }
    if faults.roll() >= faults.config.failure_share {
        return Fault::None;
    }
    let rate_limited = faults.roll() < faults.config.rate_limited_share;
    let status = if rate_limited { 429 } else { 500 };
    *faults.injected.entry(status).or_default() += 1;
    if !rate_limited
        && method == Method::POST
        && path.ends_with("/messages")
        && faults.roll() < faults.config.lost_answer_share
    {
        faults.lost_answers += 1;
        return Fault::LoseAnswer;
    }
    Fault::Fail(
        status,
        if rate_limited {
            json!({"message": "You are being rate limited.", "retry_after": faults.config.retry_after, "global": false})
        } else {
            server_error()
        },
    )
}

pub(crate) fn server_error() -> Value {
    json!({"message": "500: Internal Server Error", "code": 0})
}

/// Drop nonces older than the window before a post looks them up.
pub(crate) fn forget_old_nonces(state: &mut State, now: Instant) {
    let Some(window) = state.faults.config.nonce_window else {
        return;
    };
    let expired: Vec<(u64, String)> = state
        .faults
        .nonce_at
        .iter()
        .filter(|(_, at)| now.saturating_duration_since(**at) > window)
        .map(|(k, _)| k.clone())
        .collect();
    for key in expired {
        state.faults.nonce_at.remove(&key);
        state.nonces.remove(&key);
    }
}

pub(crate) fn noted_nonce(state: &mut State, key: (u64, String), at: Instant) {
    state.faults.nonce_at.insert(key, at);
}

/// `GET /channels/{id}/messages?limit=&before=&after=`: newest first, as
/// Discord answers.
pub(crate) fn history(
    state: &State,
    method: &Method,
    path: &str,
    query: Option<&str>,
) -> Option<(u16, Value)> {
    if method != Method::GET {
        return None;
    }
    let rest = path.strip_prefix("/api/v10/channels/")?;
    let channel: u64 = rest.strip_suffix("/messages")?.parse().ok()?;
    if state.channel(channel).is_none() {
        return Some((404, json!({"message": "Unknown Channel", "code": 10003})));
    }
    let param = |name: &str| -> Option<u64> {
        query?
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
    };
    let limit = param("limit").unwrap_or(50).clamp(1, 100) as usize;
    let mut found: Vec<(u64, Value)> = state
        .messages
        .iter()
        .filter(|(id, (c, _))| {
            *c == channel
                && param("before").is_none_or(|b| **id < b)
                && param("after").is_none_or(|a| **id > a)
        })
        .map(|(id, (_, m))| (*id, m.clone()))
        .collect();
    found.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    if param("after").is_some() && param("before").is_none() {
        // Discord answers the messages right after `after`, newest first.
        found.reverse();
        found.truncate(limit);
        found.reverse();
    } else {
        found.truncate(limit);
    }
    Some((
        200,
        Value::Array(found.into_iter().map(|(_, m)| m).collect()),
    ))
}

/// After a post in a held channel was carried out: wait for the release.
pub(crate) async fn hold(shared: &Arc<Shared>, method: &Method, path: &str) {
    if method != Method::POST {
        return;
    }
    let Some(channel) = path
        .strip_prefix("/api/v10/channels/")
        .and_then(|r| r.strip_suffix("/messages"))
        .and_then(|c| c.parse::<u64>().ok())
    else {
        return;
    };
    let mut rx = shared.changed.subscribe();
    let mut noted = false;
    loop {
        let held = shared.update_quiet(|state| {
            let held = state.faults.held.contains(&channel);
            if held && !noted {
                state.faults.held_posts.push(channel);
            }
            held
        });
        if !held {
            return;
        }
        if !noted {
            noted = true;
            shared.changed.send_modify(|v| *v += 1);
        }
        if rx.changed().await.is_err() {
            return;
        }
    }
}

impl DiscordSim {
    /// Carry out message posts to `channel_id` but hold their answers until
    /// [`Self::release_answers`].
    pub fn hold_answers(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.faults.held.insert(channel_id);
        });
    }

    pub fn release_answers(&self, channel_id: u64) {
        self.shared.update(|state| {
            state.faults.held.remove(&channel_id);
        });
    }

    /// Posts carried out in `channel_id` while its answers were held.
    pub fn held_posts(&self, channel_id: u64) -> usize {
        self.shared
            .lock()
            .faults
            .held_posts
            .iter()
            .filter(|c| **c == channel_id)
            .count()
    }

    /// Turn fault mode on (or change it).
    pub fn set_faults(&self, config: FaultConfig) {
        self.shared.update(|state| state.faults.config = config);
    }

    /// Failures injected so far, by HTTP status.
    pub fn injected_failures(&self) -> HashMap<u16, usize> {
        self.shared.lock().faults.injected.clone()
    }

    /// Close every gateway connection as a network drop would (code 4000:
    /// the bot may resume).
    pub fn drop_gateway(&self) {
        self.shared.update(|state| {
            for session in state.sessions.values_mut() {
                if let Some(tx) = session.tx.take() {
                    let _ = tx.send(Outgoing::Close(4000, "Unknown error"));
                }
            }
        });
    }

    /// A member deletes a message (no event is sent: the bot finds out when
    /// it replies).
    pub fn delete_message(&self, message_id: u64) {
        self.shared.update(|state| {
            state.messages.remove(&message_id);
        });
    }

    /// A moderator deletes one of the bot's messages.
    pub fn delete_bot_message(&self, message_id: u64) {
        self.delete_message(message_id);
    }
}
