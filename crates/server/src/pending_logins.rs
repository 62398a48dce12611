//! The pending logins this instance is polled for, kept in memory so that a poll between
//! two collects (every other poll: the app polls each second, BankID is collected every
//! two) reads no database row.
//!
//! The database stays the truth that instances share. A cached row is used only while its
//! collect is not due; when it is, the collect slot is claimed in the database, and a lost
//! claim (another instance collected, or the login ended there) reads the row again. So an
//! instance's answer can lag another instance's by at most the collect interval, and a
//! login ended on this instance leaves the cache at once and for good: a poll that read
//! the row while it was still pending, and finishes after the end, must not put that copy
//! back (later polls would say "pending" instead of "already used").

use crate::routes::login::{LoginRow, LOCAL_LIFETIME_MS};
use std::collections::HashMap;
use std::sync::Mutex;

/// Past this many pending logins the cache takes no more and polls read the database, so
/// a flood of started logins cannot grow memory without bound (~300 bytes each).
const CAPACITY: usize = 100_000;
/// How often logins that were started and never polled to an end are dropped.
const PRUNE_EVERY_MS: i64 = 10_000;

#[derive(Default)]
pub struct PendingLogins(Mutex<Inner>);

#[derive(Default)]
struct Inner {
    by_id_hash: HashMap<String, LoginRow>,
    /// Logins ended on this instance, and when: never cached again.
    ended: HashMap<String, i64>,
    pruned_at: i64,
}

impl PendingLogins {
    pub(crate) fn get(&self, id_hash: &str) -> Option<LoginRow> {
        self.lock().by_id_hash.get(id_hash).cloned()
    }

    /// Keeps a pending row; any other status takes the login out.
    pub(crate) fn put(&self, id_hash: &str, row: &LoginRow, now: i64) {
        let mut inner = self.lock();
        if !(0..PRUNE_EVERY_MS).contains(&(now - inner.pruned_at)) {
            inner
                .by_id_hash
                .retain(|_, r| now - r.started_at <= LOCAL_LIFETIME_MS);
            // Past its lifetime a login is expired wherever its row is read from.
            inner.ended.retain(|_, at| now - *at <= LOCAL_LIFETIME_MS);
            inner.pruned_at = now;
        }
        if row.status != "pending" {
            inner.end(id_hash, now);
            return;
        }
        if inner.ended.contains_key(id_hash) {
            return;
        }
        if inner.by_id_hash.len() < CAPACITY || inner.by_id_hash.contains_key(id_hash) {
            inner.by_id_hash.insert(id_hash.to_owned(), row.clone());
        }
    }

    /// The login ended on this instance (completed or cancelled).
    pub(crate) fn remove(&self, id_hash: &str, now: i64) {
        self.lock().end(id_hash, now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a map half-changed in a way that
        // matters: every entry is a whole row, and a wrong one is corrected at its next
        // collect. So a poisoned lock is used as it is.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    fn end(&mut self, id_hash: &str, now: i64) {
        self.by_id_hash.remove(id_hash);
        if self.ended.len() < CAPACITY {
            self.ended.insert(id_hash.to_owned(), now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_ended_here_is_not_cached_again_by_a_poll_that_read_it_before() {
        let logins = PendingLogins::default();
        let row = LoginRow::pending_qr(1_000);
        logins.put("a", &row, 1_000);
        // A second poll read the pending row; the first completes the login.
        let stale = logins.get("a").expect("cached");
        logins.remove("a", 1_500);
        logins.put("a", &stale, 1_600);
        assert!(logins.get("a").is_none());
        // Other logins are cached as before.
        logins.put("b", &row, 1_600);
        assert!(logins.get("b").is_some());
    }

    #[test]
    fn a_row_that_is_no_longer_pending_ends_the_login_here() {
        let logins = PendingLogins::default();
        let row = LoginRow::pending_qr(1_000);
        logins.put("a", &row, 1_000);
        let mut failed = row.clone();
        failed.status = "failed".into();
        logins.put("a", &failed, 2_000);
        logins.put("a", &row, 2_100);
        assert!(logins.get("a").is_none());
    }

    #[test]
    fn what_ended_is_forgotten_after_a_login_lifetime() {
        let logins = PendingLogins::default();
        logins.remove("a", 0);
        let later = LOCAL_LIFETIME_MS + PRUNE_EVERY_MS + 1;
        logins.put("b", &LoginRow::pending_qr(later), later);
        assert!(logins.lock().ended.is_empty());
    }
}
