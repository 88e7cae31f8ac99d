//! Discord-style snowflake ids: milliseconds since the Discord epoch in the high bits, so ids grow
//! with time and sort like real ones (code that compares or orders ids sees realistic values).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// Shared by every simulator in the process so ids never collide between tests.
static LAST: AtomicU64 = AtomicU64::new(0);

pub fn next_id() -> u64 {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(DISCORD_EPOCH_MS);
    let candidate = (now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | (1 << 17);
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let id = candidate.max(last + 1);
        match LAST.compare_exchange_weak(last, id, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return id,
            Err(seen) => last = seen,
        }
    }
}

/// Random-looking hex for session ids and interaction tokens; uniqueness comes from the id.
pub fn token_for(id: u64, salt: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(id);
    hasher.write(salt.as_bytes());
    format!("{salt}{id:x}{:016x}", hasher.finish())
}
