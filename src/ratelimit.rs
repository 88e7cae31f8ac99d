//! Per-user and per-channel limits on link reading and commands, so one
//! person (or one busy channel) cannot make the bot fetch without end.
//!
//! The token buckets live in this process's memory. That holds with several
//! processes too: a channel's messages all arrive through the one gateway
//! shard that serves its server, so one process sees all of a channel's
//! traffic; a member posting in servers served by different processes gets a
//! budget in each, a looser bound on fetching but nothing anyone sees twice.
//! What members do see — the "slow down" notice, at most one per member and
//! one per channel per window — is claimed in the store, shared by all.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::BotConfig;
use crate::store::notices::NoticeClaim;
use crate::store::{self, Store};

/// How long one rate-limit notice speaks for: the limits are per minute.
pub const NOTICE_WINDOW_SECS: i64 = 60;

pub struct RateLimits {
    user_links: DefaultKeyedRateLimiter<i64>,
    channel_links: DefaultKeyedRateLimiter<i64>,
    user_commands: DefaultKeyedRateLimiter<i64>,
    /// Notice windows this process knows to be taken, and until when: in a
    /// flood, every refused message after the first is dropped without
    /// asking the store again.
    notices: Mutex<HashMap<(bool, i64), i64>>,
}

/// What was refused, for a friendly message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    User,
    Channel,
}

impl Refusal {
    /// What the member is told. Refused links are dropped, never queued, so
    /// this promises nothing about reading them later.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::User => {
                "You're posting links faster than I can read them, so I'm skipping your links \
                 for about a minute. Post a link again after that if you want its key facts."
            }
            Refusal::Channel => {
                "This channel is getting more links than I can read, so I'm skipping new ones \
                 here for about a minute. Post a link again after that if you want its key facts."
            }
        }
    }
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    pub fn new(config: &BotConfig) -> RateLimits {
        RateLimits {
            user_links: RateLimiter::keyed(per_minute(config.user_links_per_minute)),
            channel_links: RateLimiter::keyed(per_minute(config.channel_links_per_minute)),
            user_commands: RateLimiter::keyed(per_minute(config.user_commands_per_minute)),
            notices: Mutex::new(HashMap::new()),
        }
    }

    /// Take `links` tokens for this user and channel, or say who is over.
    pub fn allow_links(&self, user: i64, channel: i64, links: usize) -> Result<(), Refusal> {
        let n = NonZeroU32::new(u32::try_from(links).unwrap_or(u32::MAX).max(1))
            .unwrap_or(NonZeroU32::MIN);
        if !matches!(self.user_links.check_key_n(&user, n), Ok(Ok(()))) {
            return Err(Refusal::User);
        }
        if !matches!(self.channel_links.check_key_n(&channel, n), Ok(Ok(()))) {
            return Err(Refusal::Channel);
        }
        Ok(())
    }

    pub fn allow_command(&self, user: i64) -> bool {
        self.user_commands.check_key(&user).is_ok()
    }

    /// Whether to tell `user` in `channel` that their links were refused:
    /// yes at most once per member and once per channel per
    /// [`NOTICE_WINDOW_SECS`], whichever process saw the link. The rest of a
    /// flood is dropped quietly. When the store can't say, no notice: a
    /// missed notice is better than a flood of them.
    pub async fn claim_notice(&self, store: &Store, user: i64, channel: i64) -> bool {
        let now = store::now();
        {
            let known = self.known_notices();
            let held = |key| known.get(&key).is_some_and(|until| *until > now);
            if held((true, channel)) || held((false, user)) {
                return false;
            }
        }
        let claim = store
            .claim_rate_notice(user, channel, NOTICE_WINDOW_SECS)
            .await;
        let mut known = self.known_notices();
        match claim {
            Ok(NoticeClaim::Granted { until }) => {
                known.insert((true, channel), until);
                known.insert((false, user), until);
                true
            }
            Ok(NoticeClaim::Held {
                channel: true,
                until,
            }) => {
                known.insert((true, channel), until);
                false
            }
            Ok(NoticeClaim::Held { until, .. }) => {
                known.insert((false, user), until);
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not claim a rate-limit notice");
                false
            }
        }
    }

    fn known_notices(&self) -> std::sync::MutexGuard<'_, HashMap<(bool, i64), i64>> {
        // The map is a cache: a panic while it was held leaves it usable.
        self.notices.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forget keys that are back to full quota (call now and then).
    pub fn prune(&self) {
        self.user_links.retain_recent();
        self.channel_links.retain_recent();
        self.user_commands.retain_recent();
        let now = store::now();
        self.known_notices().retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn users_and_channels_are_limited_separately() {
        let mut bot = Config::defaults().bot;
        bot.user_links_per_minute = 3;
        bot.channel_links_per_minute = 4;
        let limits = RateLimits::new(&bot);
        assert!(limits.allow_links(1, 100, 2).is_ok());
        assert!(limits.allow_links(1, 100, 1).is_ok());
        assert_eq!(limits.allow_links(1, 100, 1), Err(Refusal::User));
        assert!(limits.allow_links(2, 100, 1).is_ok());
        assert_eq!(limits.allow_links(3, 100, 1), Err(Refusal::Channel));
        assert!(limits.allow_links(3, 200, 1).is_ok());
    }

    #[test]
    fn notices_promise_nothing_about_refused_links() {
        for refusal in [Refusal::User, Refusal::Channel] {
            let text = refusal.message().to_lowercase();
            for promise in ["catch up", "later", "i'll read", "queued", "missed"] {
                assert!(!text.contains(promise), "{promise:?} in {text:?}");
            }
            assert!(text.contains("skipping"), "{text}");
        }
    }

    #[tokio::test]
    async fn one_notice_per_member_and_per_channel_per_window() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("notices.db").display());
        let store = Store::open(&url, 2).await.expect("store");
        let limits = RateLimits::new(&Config::defaults().bot);
        // Another process sharing the database: its own memory, same store.
        let other = RateLimits::new(&Config::defaults().bot);
        assert!(limits.claim_notice(&store, 1, 100).await);
        assert!(!limits.claim_notice(&store, 1, 100).await, "same member");
        assert!(!limits.claim_notice(&store, 2, 100).await, "same channel");
        assert!(
            !limits.claim_notice(&store, 1, 200).await,
            "member told already"
        );
        assert!(!other.claim_notice(&store, 2, 100).await, "other process");
        assert!(!other.claim_notice(&store, 1, 300).await, "other process");
        assert!(
            other.claim_notice(&store, 3, 300).await,
            "new member, new channel"
        );
        // A member held back by a channel's notice was not told, so may be
        // told in another channel.
        assert!(limits.claim_notice(&store, 2, 400).await);
    }
}
