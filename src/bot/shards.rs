//! Which gateway shards this process connects (`[bot] shards`), and its turn
//! in the cluster's gateway start queue.

use std::fmt;
use std::time::Duration;

use tracing::{info, warn};

use crate::store::Store;

/// `[bot] shards`: all of them in this process, or a fixed range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shards {
    /// As many as Discord recommends, all here (one shard against a local
    /// API). Right for a bot run as one process.
    Auto,
    /// Shards `first..=last` of `total`; other processes run the rest.
    Range { first: u32, last: u32, total: u32 },
}

#[derive(Debug, thiserror::Error)]
#[error(
    "[bot] shards = {given:?} is not a shard range: {why}. Write \"auto\", or \
     \"FIRST-LAST/TOTAL\" such as \"0-3/16\" (shards 0 to 3 of 16) or \"1/2\" (shard 1 of 2)"
)]
pub struct ShardsError {
    given: String,
    why: &'static str,
}

impl Shards {
    pub fn parse(text: &str) -> Result<Shards, ShardsError> {
        let t = text.trim();
        let fail = |why| ShardsError {
            given: text.to_string(),
            why,
        };
        if t.is_empty() || t.eq_ignore_ascii_case("auto") {
            return Ok(Shards::Auto);
        }
        let (range, total) = t
            .split_once('/')
            .ok_or_else(|| fail("the total is missing"))?;
        let number = |s: &str| s.trim().parse::<u32>().map_err(|_| fail("not a number"));
        let total = number(total)?;
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => (number(range)?, number(range)?),
        };
        if total == 0 {
            return Err(fail("the total must be at least 1"));
        }
        if first > last {
            return Err(fail("the first shard comes after the last"));
        }
        if last >= total {
            return Err(fail("shards are numbered from 0 to TOTAL-1"));
        }
        Ok(Shards::Range { first, last, total })
    }

    /// Whether this process holds shard 0 (which gets direct messages and
    /// registers the commands). `Auto` holds every shard.
    pub fn has_shard_zero(&self) -> bool {
        match self {
            Shards::Auto => true,
            Shards::Range { first, .. } => *first == 0,
        }
    }

    /// The shard ids this process connects, when fixed.
    pub fn ids(&self) -> Option<std::ops::RangeInclusive<u32>> {
        match self {
            Shards::Auto => None,
            Shards::Range { first, last, .. } => Some(*first..=*last),
        }
    }
}

impl fmt::Display for Shards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shards::Auto => write!(f, "auto"),
            Shards::Range { first, last, total } if first == last => write!(f, "{first}/{total}"),
            Shards::Range { first, last, total } => write!(f, "{first}-{last}/{total}"),
        }
    }
}

/// Discord's identify buckets the shards `ids` log in through: shard id
/// modulo `max_concurrency`.
pub fn buckets(ids: std::ops::RangeInclusive<u32>, max_concurrency: u32) -> Vec<i64> {
    let m = max_concurrency.max(1);
    let mut out: Vec<i64> = ids.map(|id| i64::from(id % m)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// This process's turn in the cluster's gateway start queue: Discord lets
/// one IDENTIFY through each identify bucket per 5 s, whichever process
/// sends it. The buckets are held in the database while this process's
/// shards log in (serenity spaces them within the process) and released
/// `spacing` after the last one's READY, so processes started together (a
/// compose file, a rolling deploy) log in one after the other.
pub struct LoginTurn {
    store: Store,
    buckets: Vec<i64>,
    spacing: Duration,
    shards: u32,
    ready: std::sync::Mutex<std::collections::HashSet<u32>>,
}

/// How long a process may hold the queue per shard before others go
/// anyway (it may have died while logging in).
const HOLD_PER_SHARD: Duration = Duration::from_secs(30);

impl LoginTurn {
    pub fn new(store: Store, buckets: Vec<i64>, shards: u32, spacing: Duration) -> LoginTurn {
        LoginTurn {
            store,
            buckets,
            spacing,
            shards: shards.max(1),
            ready: Default::default(),
        }
    }

    /// Wait until the buckets are free and take them.
    pub async fn wait(&self) -> anyhow::Result<()> {
        let hold = (self.spacing + HOLD_PER_SHARD) * self.shards;
        let mut said = false;
        loop {
            match self
                .store
                .begin_gateway_login(&self.buckets, hold.as_millis() as i64)
                .await?
            {
                None => return Ok(()),
                Some(wait_ms) => {
                    if !said {
                        info!(
                            wait_ms,
                            "another process is logging in to the gateway; waiting for its turn"
                        );
                        said = true;
                    }
                    let wait = Duration::from_millis(wait_ms.clamp(10, 1000) as u64);
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// A shard of this process got READY; after the last one the queue
    /// moves on, `spacing` later.
    pub async fn shard_ready(&self, shard: u32) {
        let all = {
            let mut ready = self.ready.lock().unwrap_or_else(|e| e.into_inner());
            ready.insert(shard) && ready.len() as u32 == self.shards
        };
        if all {
            if let Err(e) = self
                .store
                .end_gateway_login(&self.buckets, self.spacing.as_millis() as i64)
                .await
            {
                warn!(error = %e, "could not hand the gateway start queue on");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_bad_ones_say_how_to_write_them() {
        assert_eq!(Shards::parse("auto").ok(), Some(Shards::Auto));
        assert_eq!(Shards::parse("").ok(), Some(Shards::Auto));
        assert_eq!(
            Shards::parse("0-3/16").ok(),
            Some(Shards::Range {
                first: 0,
                last: 3,
                total: 16
            })
        );
        assert_eq!(
            Shards::parse(" 1/2 ").ok(),
            Some(Shards::Range {
                first: 1,
                last: 1,
                total: 2
            })
        );
        for bad in ["3-1/4", "0-4/4", "2/0", "x/2", "0-3", "1-/2"] {
            let e = Shards::parse(bad).unwrap_err().to_string();
            assert!(e.contains("0-3/16"), "{bad}: {e}");
        }
        assert_eq!(Shards::parse("1-1/2").unwrap().to_string(), "1/2");
        assert!(!Shards::parse("1/2").unwrap().has_shard_zero());
    }

    #[test]
    fn buckets_follow_max_concurrency() {
        assert_eq!(buckets(0..=3, 1), vec![0]);
        assert_eq!(buckets(14..=17, 16), vec![0, 1, 14, 15]);
    }
}
