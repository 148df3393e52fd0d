//! Small helpers shared by the modules.

use std::cell::Cell;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// The longest prefix of `s` that is at most `max` bytes and ends at a character boundary.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    #[allow(clippy::indexing_slicing)] // end is a character boundary at most s.len()
    &s[..end]
}

/// The time from `now` until `at`, a Unix time (as a duration since the epoch); zero when it is
/// past. Durations since the epoch: no `SystemTime` arithmetic that could overflow.
pub(crate) fn until_unix_time(
    at: std::time::Duration,
    now: std::time::SystemTime,
) -> std::time::Duration {
    at.saturating_sub(unix_time(now))
}

/// `now` as a Unix time (a duration since the epoch); zero for a time before it.
pub(crate) fn unix_time(now: std::time::SystemTime) -> std::time::Duration {
    now.duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(std::time::Duration::ZERO)
}

/// A duration in whole seconds, rounded up, as `Retry-After` and the rate-limit headers send it.
pub(crate) fn seconds_up(duration: std::time::Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// An error and each of its sources, joined by `": "`.
pub(crate) fn source_chain(error: &dyn std::error::Error) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(error) = source {
        chain.push_str(": ");
        chain.push_str(&error.to_string());
        source = error.source();
    }
    chain
}

/// The message of a `serde_json` error without its " at line N column M" suffix.
pub(crate) fn without_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// The next number of this thread's generator: wyrand (Wang Yi's), seeded once per thread
/// from the process's random keys and a counter, so that no two threads share a sequence. Ids
/// need to be distinct, not secret; it costs a few instructions where SipHash cost hundreds
/// (BENCHMARKS.md).
pub(crate) fn next_random() -> u64 {
    thread_local! {
        static STATE: Cell<u64> = Cell::new(seed());
    }
    STATE.with(|state| {
        let s = state.get().wrapping_add(0xa076_1d64_78bd_642f);
        state.set(s);
        let t = u128::from(s) * u128::from(s ^ 0xe703_7ed1_a0b4_28db);
        // Both halves of the 128-bit product, folded: truncation is the point.
        #[allow(clippy::cast_possible_truncation)]
        let folded = (t >> 64) as u64 ^ t as u64;
        folded
    })
}

/// A seed for a thread's generator: SipHash, under keys drawn once per process, of a counter
/// no two threads share.
fn seed() -> u64 {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    static THREADS: AtomicU64 = AtomicU64::new(0);
    let keys = KEYS.get_or_init(RandomState::new);
    keys.hash_one(THREADS.fetch_add(1, Ordering::Relaxed))
}

/// A value, or `null` (Go's nil map or slice) as the type's default: for `deserialize_with`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncate_keeps_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc");
        // "é" is two bytes: cutting inside it backs off to before it.
        assert_eq!(truncate("aé", 2), "a");
        assert_eq!(truncate("😀", 3), "");
    }
}
