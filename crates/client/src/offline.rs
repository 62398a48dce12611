//! The offline side of [`Core`]: syncing into the cache and answering the calendar screens
//! from it, with or without a network.

use crate::api_client::SyncAnswer;
use crate::cache::Cache;
use crate::calendar;
use crate::core::Core;
use crate::error::CoreError;
use crate::events::CoreEvent;
use crate::view::{MonthView, PickupView, SyncStatusView};
use kretslopp_api::ServiceView;
use kretslopp_api::{Disposition, ErrorCode};
use kretslopp_domain::calendar::{format_date, next_pickup};
use std::sync::Arc;

const CURRENT_PERSON: &str = "current-person";
/// How long the sync loop rests when there is nobody to sync for.
const IDLE_WAIT: std::time::Duration = std::time::Duration::from_secs(3600);

impl Core {
    fn cache_dir(&self) -> std::path::PathBuf {
        self.config.data_dir.join("cache")
    }

    /// Notes whose cache this device shows, for starting offline.
    pub(crate) fn remember_person(&self, person_id: &str) {
        let dir = self.cache_dir();
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = std::fs::write(dir.join(CURRENT_PERSON), person_id);
        }
    }

    /// On logout the person's cache is deleted: the device keeps nothing of them.
    pub(crate) async fn forget_cache(&self) {
        if let Some((person, cache)) = self.cache.lock().await.take() {
            cache.close().await;
            let dir = self.cache_dir();
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(dir.join(format!("cache-{person}.sqlite{suffix}")));
            }
        }
        let _ = std::fs::remove_file(self.cache_dir().join(CURRENT_PERSON));
    }

    /// Closes the cache cleanly (its files are whole on disk when this returns), for an
    /// app that is about to quit.
    pub async fn shut_down(&self) {
        if let Some((_, cache)) = self.cache.lock().await.take() {
            cache.close().await;
        }
    }

    /// Keeps the person's account and customers as the server last said, for offline starts.
    pub(crate) async fn remember_me(&self, me: &kretslopp_api::Me) {
        if let Ok(cache) = self.open_cache().await {
            if let Err(e) = cache.set_account_snapshot(me).await {
                tracing::warn!(code = %e.code, "the account answer could not be kept offline");
            }
        }
    }

    pub(crate) async fn cached_me(&self) -> Option<kretslopp_api::Me> {
        let cache = self.open_cache().await.ok()?;
        match cache.account_snapshot().await {
            Ok(me) => me,
            Err(e) => {
                // Shown as "not confirmed offline" rather than a half-read account.
                tracing::error!(code = %e.code, "the cached account answer is unreadable");
                None
            }
        }
    }

    fn known_person(&self) -> Option<String> {
        std::fs::read_to_string(self.cache_dir().join(CURRENT_PERSON))
            .ok()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
    }

    /// The cache of the person last seen on this device, without asking the server.
    pub(crate) async fn known_cache(&self) -> Result<Option<Arc<Cache>>, CoreError> {
        match self.known_person() {
            Some(person) => self.cache_of(person).await.map(Some),
            None => Ok(None),
        }
    }

    pub(crate) async fn open_cache(&self) -> Result<Arc<Cache>, CoreError> {
        Ok(self.open_cache_with_owner().await?.1)
    }

    /// [`open_cache`](Self::open_cache), with whose cache it is.
    pub(crate) async fn open_cache_with_owner(&self) -> Result<(String, Arc<Cache>), CoreError> {
        let person = match self.known_person() {
            Some(p) => p,
            None => {
                let me = self.me().await?;
                self.remember_person(&me.person_id);
                me.person_id
            }
        };
        let cache = self.cache_of(person.clone()).await?;
        Ok((person, cache))
    }

    /// The cache of `person`, whoever the device showed last.
    pub(crate) async fn cache_for(&self, person: &str) -> Result<Arc<Cache>, CoreError> {
        self.cache_of(person.to_owned()).await
    }

    async fn cache_of(&self, person: String) -> Result<Arc<Cache>, CoreError> {
        let mut slot = self.cache.lock().await;
        if let Some((owner, cache)) = slot.as_ref() {
            if *owner == person {
                return Ok(cache.clone());
            }
        }
        if let Some((_, old)) = slot.take() {
            old.close().await;
        }
        let cache = Arc::new(Cache::open(&self.cache_dir(), &person).await?);
        *slot = Some((person, cache.clone()));
        Ok(cache)
    }

    /// Syncs the cache with the server (one request when nothing changed). A cursor the
    /// server does not accept is dropped and the sync starts over, rather than failing on
    /// every attempt. Whatever else goes wrong, the answer says when to try again: only an
    /// ended session is an error (the person must log in), so the automatic sync can
    /// never stop after a failure.
    pub async fn sync_now(&self) -> Result<SyncStatusView, CoreError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let first = match self.sync_once().await {
            Err(e)
                if e.code == ErrorCode::ValidationFailed
                    && e.fields.iter().any(|f| f.field == "cursor") =>
            {
                tracing::warn!("the server refused the cached sync cursor; starting over");
                self.open_cache().await?.forget_cursor().await?;
                self.sync_once().await
            }
            other => other,
        };
        let status = match first {
            Ok(status) => {
                // The server is reachable: whatever the outbox holds can go now.
                self.outbox_wake.notify_one();
                status
            }
            Err(e) if e.disposition() == Disposition::LogInAgain => return Err(e),
            Err(e) => {
                tracing::warn!(code = %e.code, "sync failed; trying again later");
                let last_sync = match self.open_cache().await {
                    Ok(cache) => cache.last_sync().await.unwrap_or(None),
                    Err(_) => None,
                };
                SyncStatusView {
                    last_sync,
                    offline: e.disposition() == Disposition::RetryLater,
                    changed: false,
                    next_sync_in_ms: self.sync_failed(None).as_millis() as u64,
                    problem: Some(e.code),
                }
            }
        };
        self.next_sync_ms
            .store(status.next_sync_in_ms, std::sync::atomic::Ordering::Relaxed);
        self.sync_rescheduled.notify_one();
        self.events.emit(CoreEvent::SyncFinished {
            status: status.clone(),
        });
        Ok(status)
    }

    /// One turn of the automatic sync loop (the shell runs it, as it runs the reminder
    /// loop): syncs if someone is logged in and says how long to wait before the next turn.
    /// Every sync's answer sets that wait — the normal interval, or a backoff after a
    /// failure — so the loop cannot stop after an error.
    pub async fn sync_when_due(&self) -> std::time::Duration {
        let logged_in = self.session.has_session().unwrap_or_else(|e| {
            tracing::warn!(code = %e.code, "the keyring could not be read; not syncing");
            false
        });
        if !logged_in {
            // Logged out: nothing to sync until a login's first sync re-arms the loop.
            return IDLE_WAIT;
        }
        match self.sync_now().await {
            Ok(status) => std::time::Duration::from_millis(status.next_sync_in_ms),
            Err(_) => IDLE_WAIT,
        }
    }

    /// How long until the automatic sync is due, by the last sync's answer.
    pub fn next_sync_in(&self) -> std::time::Duration {
        std::time::Duration::from_millis(
            self.next_sync_ms.load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// Completes when a sync ran for another reason (Uppdatera, a login, a change of
    /// customer), so the loop waits from that one instead.
    pub async fn sync_rescheduled(&self) {
        self.sync_rescheduled.notified().await
    }

    /// The automatic sync, for the app's lifetime (the shell spawns it beside the reminder
    /// loop): due after the last sync's `next_sync_in_ms`, re-armed whenever a sync ran
    /// for another reason.
    pub async fn run_sync_loop(&self) {
        let mut wait = self.next_sync_in();
        loop {
            tokio::select! {
                _ = tokio::time::sleep(wait) => wait = self.sync_when_due().await,
                _ = self.sync_rescheduled() => wait = self.next_sync_in(),
            }
        }
    }

    async fn sync_once(&self) -> Result<SyncStatusView, CoreError> {
        let cache = self.open_cache().await?;
        // Reads made offline first, so the answer already has them.
        if let Err(e) = self.send_reads().await {
            tracing::info!(code = %e.code, "reads not sent; the sync tells");
        }
        let cursor = cache.cursor().await?;
        let etag = cache.etag().await?;
        let api = &self.api;
        let answer = self
            .session
            .authorized(|token| {
                let (cursor, etag) = (cursor.clone(), etag.clone());
                async move { api.sync(&token, cursor.as_deref(), etag.as_deref()).await }
            })
            .await;
        let now = self.clock.now_ms();
        let ok = |changed: bool, next: std::time::Duration| SyncStatusView {
            last_sync: Some(now),
            offline: false,
            changed,
            next_sync_in_ms: next.as_millis() as u64,
            problem: None,
        };
        match answer? {
            SyncAnswer::NotModified => {
                cache.touch(now).await?;
                Ok(ok(false, self.sync_succeeded()))
            }
            SyncAnswer::Changed { body, etag } => {
                let changed = body.reset
                    || !body.customers.is_empty()
                    || !body.addresses.is_empty()
                    || !body.fractions.is_empty()
                    || !body.services.is_empty()
                    || !body.bag_colours.is_empty()
                    || !body.orders.is_empty()
                    || !body.notifications.is_empty()
                    || !body.removed.is_empty();
                let orders_changed = body.reset
                    || !body.orders.is_empty()
                    || body
                        .removed
                        .iter()
                        .any(|r| r.entity == kretslopp_api::SyncEntity::Order);
                cache.apply(&body, now).await?;
                cache.set_etag(etag.as_deref()).await?;
                if changed {
                    self.reminders_changed.notify_one();
                }
                if orders_changed {
                    self.events.emit(CoreEvent::OrdersChanged);
                }
                Ok(ok(changed, self.sync_succeeded()))
            }
            SyncAnswer::RetryLater(after) => Ok(SyncStatusView {
                last_sync: cache.last_sync().await?,
                offline: false,
                changed: false,
                next_sync_in_ms: self.sync_failed(Some(after)).as_millis() as u64,
                problem: Some(ErrorCode::TooManyRequests),
            }),
        }
    }

    fn sync_succeeded(&self) -> std::time::Duration {
        self.sync_failures
            .store(0, std::sync::atomic::Ordering::Relaxed);
        crate::sync::INTERVAL
    }

    fn sync_failed(&self, retry_after: Option<std::time::Duration>) -> std::time::Duration {
        let attempt = self
            .sync_failures
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        crate::sync::backoff(attempt, retry_after, rand::random::<f64>())
    }

    /// Mina aktiva tjänster from the cache, each with its next pickup from today.
    pub async fn services_offline(&self, customer_id: &str) -> Result<Vec<ServiceView>, CoreError> {
        let schedules = self.open_cache().await?.schedules(customer_id).await?;
        let today = kretslopp_domain::calendar::today_in_sweden(self.clock.now_ms());
        Ok(schedules
            .services
            .iter()
            .map(|s| {
                let next = next_pickup(&s.rule, &s.exceptions, s.policy, today);
                s.view(next.map(|p| format_date(p.date)))
            })
            .collect())
    }

    /// Hämtkalender, one month, from the cache.
    pub async fn calendar_month(
        &self,
        customer_id: &str,
        year: i32,
        month: u8,
    ) -> Result<MonthView, CoreError> {
        let month = time::Month::try_from(month)
            .map_err(|_| CoreError::new(ErrorCode::InvalidMonth, "a month is 1–12"))?;
        let schedules = self.open_cache().await?.schedules(customer_id).await?;
        Ok(calendar::month(&schedules, year, month))
    }

    /// The next pickup of each service, from the cache.
    pub async fn next_pickups(&self, customer_id: &str) -> Result<Vec<PickupView>, CoreError> {
        let schedules = self.open_cache().await?.schedules(customer_id).await?;
        let today = kretslopp_domain::calendar::today_in_sweden(self.clock.now_ms());
        Ok(calendar::next_pickups(&schedules.services, today)
            .into_iter()
            .map(|(s, p)| PickupView::new(s, p))
            .collect())
    }
}
