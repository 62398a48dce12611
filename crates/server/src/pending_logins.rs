//! The pending logins this instance is polled for, kept in memory so that a poll between
//! two collects (every other poll: the app polls each second, BankID is collected every
//! two) reads no database row.
//!
//! The database stays the truth that instances share. A cached row is used only while its
//! collect is not due; when it is, the collect slot is claimed in the database, and a lost
//! claim (another instance collected, or the login ended there) reads the row again. So an
//! instance's answer can lag another instance's by at most the collect interval, and a
//! login ended on this instance leaves the cache at once.

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
    pruned_at: i64,
}

impl PendingLogins {
    pub(crate) fn get(&self, id_hash: &str) -> Option<LoginRow> {
        self.lock().by_id_hash.get(id_hash).cloned()
    }

    /// Keeps a pending row; any other status takes the login out.
    pub(crate) fn put(&self, id_hash: &str, row: &LoginRow, now: i64) {
        let mut inner = self.lock();
        if row.status != "pending" {
            inner.by_id_hash.remove(id_hash);
            return;
        }
        if !(0..PRUNE_EVERY_MS).contains(&(now - inner.pruned_at)) {
            inner
                .by_id_hash
                .retain(|_, r| now - r.started_at <= LOCAL_LIFETIME_MS);
            inner.pruned_at = now;
        }
        if inner.by_id_hash.len() < CAPACITY || inner.by_id_hash.contains_key(id_hash) {
            inner.by_id_hash.insert(id_hash.to_owned(), row.clone());
        }
    }

    pub(crate) fn remove(&self, id_hash: &str) {
        self.lock().by_id_hash.remove(id_hash);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a map half-changed in a way that
        // matters: every entry is a whole row, and a wrong one is corrected at its next
        // collect. So a poisoned lock is used as it is.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
