//! When to sync again after a failure: exponential backoff with full jitter, capped, and
//! never sooner than the server's `Retry-After`.

use std::time::Duration;

pub const BASE: Duration = Duration::from_secs(2);
pub const CAP: Duration = Duration::from_secs(15 * 60);
/// How often a healthy app syncs on its own.
pub const INTERVAL: Duration = Duration::from_secs(15 * 60);

/// The delay before retry number `attempt` (0 = the first retry). `jitter` is a random
/// number in `0.0..1.0`, injected so the rule is testable.
pub fn backoff(attempt: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let exp = BASE
        .saturating_mul(2u32.saturating_pow(attempt.min(20)))
        .min(CAP);
    let jittered = exp.mul_f64(jitter.clamp(0.0, 1.0)).max(BASE / 2);
    match retry_after {
        Some(server) => jittered.max(server),
        None => jittered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_with_jitter_up_to_the_cap() {
        assert_eq!(backoff(0, None, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(3, None, 1.0), Duration::from_secs(16));
        assert_eq!(backoff(3, None, 0.5), Duration::from_secs(8));
        assert_eq!(backoff(30, None, 1.0), CAP);
        assert_eq!(
            backoff(5, None, 0.0),
            Duration::from_secs(1),
            "never a busy loop"
        );
    }

    #[test]
    fn honours_retry_after() {
        assert_eq!(
            backoff(0, Some(Duration::from_secs(120)), 0.3),
            Duration::from_secs(120)
        );
        assert_eq!(backoff(10, Some(Duration::from_secs(1)), 1.0), CAP);
    }
}
