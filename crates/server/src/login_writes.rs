//! The writes of login polls, batched: collect-slot claims and new hint codes.
//!
//! Before a poll asks BankID it claims the order's collect slot in the database, so that
//! instances sharing it call BankID at most once per two seconds per order; when BankID
//! gives a new hint code, the poll stores it for the other instances. With every pending
//! login polled each second that is a write per login every two seconds — 2,500 a second
//! for 5,000 logins, and 5,000 in the second after they were all scanned. As a statement
//! each they queue for SQLite's single write lock, whose busy handler sleeps (the login
//! benchmark's p99 of ~0.5–1 s). Here one task takes every write waiting and writes them
//! as one statement per kind. It waits a millisecond after the first write for others to
//! join: without that, writes arriving one by one made batches of about three, some 850
//! statements a second for 5,000 logins, each a hand-off to SQLite's worker thread and a
//! commit; with it the server used a sixth less CPU under that load (docs/performance.md).
//! A poll that collects then waits for BankID's answer from across the internet anyway.

use crate::db::Db;
use kretslopp_domain::Clock;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// At most this many writes in one batch (far below SQLite's bound-variable limit).
const BATCH: usize = 256;

/// How long the first write of a batch waits for others to join it.
const GATHER: std::time::Duration = std::time::Duration::from_millis(1);

/// `Err` is a database error, already logged.
type Reply<T> = oneshot::Sender<Result<T, ()>>;

enum Write {
    Claim(String, Reply<Option<i64>>),
    Hint(String, Option<String>, Reply<()>),
}

#[derive(Clone)]
pub struct LoginWrites(mpsc::UnboundedSender<Write>);

impl LoginWrites {
    /// Starts the task that writes; it ends when the last handle is dropped.
    pub fn start(db: Db, clock: Arc<dyn Clock>, collect_interval_ms: i64) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(write_batches(db, clock, collect_interval_ms, rx));
        Self(tx)
    }

    /// Claims the collect slot of the pending login `id_hash`: the claim's time if this
    /// caller may collect now, `None` if another collected within the interval or the
    /// login is no longer pending.
    pub async fn claim(&self, id_hash: &str) -> Result<Option<i64>, ()> {
        self.ask(|reply| Write::Claim(id_hash.to_owned(), reply))
            .await
    }

    /// Stores the hint code BankID gave for the pending login `id_hash`.
    pub async fn hint(&self, id_hash: &str, hint: Option<String>) -> Result<(), ()> {
        self.ask(|reply| Write::Hint(id_hash.to_owned(), hint, reply))
            .await
    }

    /// Queues a write and waits for its batch; `Err` if the batch's database write failed
    /// (logged once for the whole batch).
    async fn ask<T>(&self, write: impl FnOnce(Reply<T>) -> Write) -> Result<T, ()> {
        let (reply, answer) = oneshot::channel();
        self.0.send(write(reply)).map_err(|_| ())?;
        answer.await.map_err(|_| ())?
    }
}

async fn write_batches(
    db: Db,
    clock: Arc<dyn Clock>,
    collect_interval_ms: i64,
    mut rx: mpsc::UnboundedReceiver<Write>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        if batch.len() < BATCH {
            tokio::time::sleep(GATHER).await;
            while batch.len() < BATCH {
                match rx.try_recv() {
                    Ok(write) => batch.push(write),
                    Err(_) => break,
                }
            }
        }
        let mut claims = Vec::new();
        let mut hints = Vec::new();
        for write in batch.drain(..) {
            match write {
                Write::Claim(id, reply) => claims.push((id, reply)),
                Write::Hint(id, hint, reply) => hints.push((id, hint, reply)),
            }
        }
        let now = clock.now_ms();
        match write(&db, now, collect_interval_ms, &claims, &hints).await {
            Ok(mut claimed) => {
                claimed.sort_unstable();
                for (id, reply) in claims {
                    // Two polls of one login in one batch: the first takes the slot.
                    let won = match claimed.binary_search(&id) {
                        Ok(i) => {
                            claimed.remove(i);
                            true
                        }
                        Err(_) => false,
                    };
                    let _ = reply.send(Ok(won.then_some(now)));
                }
                for (_, _, reply) in hints {
                    let _ = reply.send(Ok(()));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "database error writing login polls");
                for (_, reply) in claims {
                    let _ = reply.send(Err(()));
                }
                for (_, _, reply) in hints {
                    let _ = reply.send(Err(()));
                }
            }
        }
    }
}

fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hints, then the claims, each one statement on its own (they need not be atomic
/// together, and a statement alone is one round trip to SQLite's worker thread instead of
/// three with BEGIN and COMMIT); the ids whose slot was claimed.
async fn write(
    db: &Db,
    now: i64,
    collect_interval_ms: i64,
    claims: &[(String, Reply<Option<i64>>)],
    hints: &[(String, Option<String>, Reply<()>)],
) -> Result<Vec<String>, sqlx::Error> {
    if !hints.is_empty() {
        // A later hint of the same login in one batch is the newer one: SQL's CASE takes
        // the first match, so the list goes newest first.
        let cases = (0..hints.len())
            .map(|i| format!("WHEN ${} THEN CAST(${} AS TEXT)", 2 * i + 1, 2 * i + 2))
            .collect::<Vec<_>>()
            .join(" ");
        let sql = format!(
            "UPDATE bankid_logins SET hint_code = CASE id_hash {cases} END
             WHERE status = 'pending' AND id_hash IN ({})",
            placeholders(2 * hints.len() + 1, hints.len())
        );
        let mut query = sqlx::query(&sql);
        for (id, hint, _) in hints.iter().rev() {
            query = query.bind(id.as_str()).bind(hint.as_deref());
        }
        for (id, _, _) in hints {
            query = query.bind(id.as_str());
        }
        query.execute(db).await?;
    }
    let mut claimed = Vec::new();
    if !claims.is_empty() {
        let mut ids: Vec<&str> = claims.iter().map(|(id, _)| id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let sql = format!(
            "UPDATE bankid_logins SET last_collect_at = $1
             WHERE status = 'pending' AND (last_collect_at IS NULL OR last_collect_at <= $2)
               AND id_hash IN ({})
             RETURNING id_hash",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query_scalar::<_, String>(&sql)
            .bind(now)
            .bind(now - collect_interval_ms);
        for id in ids {
            query = query.bind(id);
        }
        claimed = query.fetch_all(db).await?;
    }
    Ok(claimed)
}
