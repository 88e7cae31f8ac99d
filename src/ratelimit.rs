//! Per-user and per-channel limits on link reading and commands, so one
//! person (or one busy channel) cannot make the bot fetch without end.

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::BotConfig;

pub struct RateLimits {
    user_links: DefaultKeyedRateLimiter<i64>,
    channel_links: DefaultKeyedRateLimiter<i64>,
    user_commands: DefaultKeyedRateLimiter<i64>,
}

/// What was refused, for a friendly message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    User,
    Channel,
}

impl Refusal {
    pub fn message(self) -> &'static str {
        match self {
            Refusal::User => "You're sending links faster than I can read them — give me a minute.",
            Refusal::Channel => {
                "This channel is busy — I'll catch up in a minute; repost anything I missed."
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

    /// Forget keys that are back to full quota (call now and then).
    pub fn prune(&self) {
        self.user_links.retain_recent();
        self.channel_links.retain_recent();
        self.user_commands.retain_recent();
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
}
