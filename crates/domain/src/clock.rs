//! Time is injected wherever a rule depends on it (QR seconds, order lifetimes, token
//! expiry), so tests move time forward instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Milliseconds since the Unix epoch. A plain integer so it stores the same way in
/// SQLite and PostgreSQL.
pub type Timestamp = i64;

pub trait Clock: Send + Sync + 'static {
    fn now_ms(&self) -> Timestamp;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> Timestamp {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        d.as_millis() as Timestamp
    }
}

/// A clock that only moves when told to. Cloning shares the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(start: Timestamp) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }

    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn set(&self, now: Timestamp) {
        self.0.store(now, Ordering::SeqCst);
    }

    pub fn advance_secs(&self, secs: i64) {
        self.advance_ms(secs * 1000);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> Timestamp {
        self.0.load(Ordering::SeqCst)
    }
}

/// The system clock moved to start at a given instant and run on from there; the app's
/// `KRETSLOPP_CLOCK_START`, so an end-to-end run can be "the evening before a pickup".
#[derive(Debug, Clone, Copy)]
pub struct ShiftedClock {
    offset_ms: i64,
}

impl ShiftedClock {
    pub fn starting_at(start: Timestamp) -> Self {
        Self {
            offset_ms: start - SystemClock.now_ms(),
        }
    }
}

impl Clock for ShiftedClock {
    fn now_ms(&self) -> Timestamp {
        SystemClock.now_ms() + self.offset_ms
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now_ms(&self) -> Timestamp {
        (**self).now_ms()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced_and_clones_share_time() {
        let c = ManualClock::new(1_000);
        let c2 = c.clone();
        assert_eq!(c.now_ms(), 1_000);
        c2.advance_secs(2);
        assert_eq!(c.now_ms(), 3_000);
    }

    #[test]
    fn a_shifted_clock_starts_where_told_and_runs_on() {
        let c = ShiftedClock::starting_at(1_800_000_000_000);
        let t = c.now_ms();
        assert!((1_800_000_000_000..1_800_000_060_000).contains(&t));
        assert!(c.now_ms() >= t);
    }
}
