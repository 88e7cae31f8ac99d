//! Lease primitives shared by everything that must happen once across
//! processes (jobs, replies, alerts; feeds and scale-out reuse them): a
//! random worker id per process, a unique token per claim, the heartbeat
//! period and retry backoff.
//!
//! A lease is short and renewed by a heartbeat while the work goes on, so a
//! worker that dies (SIGKILL, OOM, a lost machine) lets go within one lease.
//! Every outcome is written under the claim's token: a worker whose lease
//! ran out can't overwrite what the next holder did.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// This process's identity in leases, and a source of claim tokens.
#[derive(Debug)]
pub struct Worker {
    id: String,
    claims: AtomicU64,
}

impl Worker {
    /// `host-pid-random`: two processes never share an id, even on one
    /// machine with `HOSTNAME` unset or in containers that reuse pids.
    pub fn new() -> Worker {
        Worker {
            id: format!("{}-{}-{:08x}", hostname(), std::process::id(), random_u32()),
            claims: AtomicU64::new(0),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// A token naming one claim by this worker; no two are equal.
    pub fn token(&self) -> String {
        format!(
            "{}#{}",
            self.id,
            self.claims.fetch_add(1, Ordering::Relaxed)
        )
    }
}

impl Default for Worker {
    fn default() -> Self {
        Worker::new()
    }
}

/// How often a holder renews a lease of `lease_secs`: three beats per lease,
/// so one slow database round trip doesn't lose it.
pub fn heartbeat_every(lease_secs: i64) -> Duration {
    Duration::from_millis((lease_secs.max(1) as u64 * 1000 / 3).max(100))
}

/// Delay before retry number `attempts` (1 = first retry): `base`, doubling,
/// capped at 2^10 × base.
pub fn backoff_secs(base: i64, attempts: i64) -> i64 {
    base.max(0).saturating_mul(1 << (attempts - 1).clamp(0, 10))
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "clashwatch".to_string())
}

/// 32 random bits from the OS-seeded keys std gives every `RandomState`
/// (no extra dependency for one number per process).
fn random_u32() -> u32 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish() as u32
}

/// The Discord snowflake of a moment (Unix seconds): messages with a larger
/// id were posted after it.
pub fn snowflake_at(unix_secs: i64) -> i64 {
    const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;
    (unix_secs.saturating_mul(1000) - DISCORD_EPOCH_MS).max(0) << 22
}

/// When a Discord snowflake was made, in Unix seconds.
pub fn snowflake_time(id: i64) -> i64 {
    ((id >> 22) + 1_420_070_400_000) / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worker_ids_and_tokens_are_unique() {
        let a = Worker::new();
        let b = Worker::new();
        assert_ne!(a.id(), b.id(), "two workers in one process differ too");
        assert_ne!(a.token(), a.token());
        assert!(a.token().starts_with(a.id()));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_secs(2, 1), 2);
        assert_eq!(backoff_secs(2, 3), 8);
        assert_eq!(backoff_secs(2, 50), 2048);
        assert_eq!(heartbeat_every(15), Duration::from_secs(5));
    }

    #[test]
    fn snowflakes_round_trip_to_the_second() {
        let t = 1_700_000_000;
        assert_eq!(snowflake_time(snowflake_at(t)), t);
    }
}
