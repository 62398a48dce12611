//! Beställ påsar and Mina beställningar: orders placed into the outbox (also offline) and
//! sent exactly once by the outbox loop, beside the sync loop.
//!
//! - Placing checks the domain's rules with the cache and queues the order in one SQLite
//!   transaction (`Cache::queue_order`); the order is "köad" from then on.
//! - The loop sends queued orders oldest first, each with its id as `Idempotency-Key`, and
//!   only with the session of the person who placed them. What happens after a failure is
//!   `ErrorCode::disposition`, as for sync: retry later with backoff (honouring
//!   `Retry-After`), wait for a new login, or — refused for good — keep the order as
//!   "avvisad" with the server's reason, never sent again.
//! - An accepted order replaces its outbox entry in one transaction; then a sync re-reads
//!   the orders, so the server's view wins.

use crate::cache::OutboxEntry;
use crate::core::Core;
use crate::error::CoreError;
use crate::events::CoreEvent;
use kretslopp_api::{
    BagColour, BagLine, BagOrder, Disposition, ErrorCode, NewBagOrder, OrderStatus,
};
use kretslopp_domain::bags::{order_number, MAX_ROLLS};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;

/// Where an order stands, as Mina beställningar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OrderState {
    /// Köad: on this device, not yet accepted by the server.
    Queued,
    /// Avvisad: the server refused it; `refusal` says why.
    Refused,
    Received,
    Sent,
    Delivered,
    Cancelled,
}

impl From<OrderStatus> for OrderState {
    fn from(s: OrderStatus) -> Self {
        match s {
            OrderStatus::Received => OrderState::Received,
            OrderStatus::Sent => OrderState::Sent,
            OrderStatus::Delivered => OrderState::Delivered,
            OrderStatus::Cancelled => OrderState::Cancelled,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BagColourView {
    pub code: String,
    pub name_sv: String,
    pub name_en: String,
    /// `#rrggbb`.
    pub display_colour: String,
}

impl From<&BagColour> for BagColourView {
    fn from(c: &BagColour) -> Self {
        Self {
            code: c.code.clone(),
            name_sv: c.name_sv.clone(),
            name_en: c.name_en.clone(),
            display_colour: c.display_colour.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderLineView {
    pub colour: BagColourView,
    pub rolls: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub id: String,
    /// The short number the confirmation e-mail names too.
    pub number: String,
    /// "Storgatan 12, Uppsala"; empty if the address left the person's view.
    pub address: String,
    pub lines: Vec<OrderLineView>,
    pub state: OrderState,
    /// Who placed it (the server's answer; none while köad).
    pub ordered_by: Option<String>,
    /// Unix ms.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number | null")]
    pub sent_at: Option<i64>,
    #[ts(type = "number | null")]
    pub delivered_at: Option<i64>,
    #[ts(type = "number | null")]
    pub cancelled_at: Option<i64>,
    /// Why the server refused it (the UI says it in words).
    pub refusal: Option<ErrorCode>,
    /// Avbryt: mottagen at the server, or köad here (then it is simply not sent).
    pub may_cancel: bool,
    /// Ta bort: a refused order, once read.
    pub may_dismiss: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderAddressView {
    pub id: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// The colours handed out in this address's kommun, in catalogue order.
    pub colours: Vec<BagColourView>,
    /// The number of the open (or köad) order here, which blocks another.
    pub open_order: Option<String>,
}

/// Beställ påsar: what may be ordered where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OrderFormView {
    pub addresses: Vec<OrderAddressView>,
    pub max_rolls: u32,
}

/// The form's answer: rolls per colour code to one address.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlaceOrderInput {
    pub address_id: String,
    pub lines: Vec<BagLine>,
}

/// What one flush did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlushReport {
    pub confirmed: u32,
    pub refused: u32,
    /// Queued entries left, and when the first may be tried again.
    pub waiting: u32,
    pub retry_in: Option<Duration>,
}

/// The loop's rest when nothing is queued; placing an order or a sync wakes it.
const IDLE: Duration = Duration::from_secs(15 * 60);

/// An order still on this device: köad, or avvisad with the server's reason.
fn queued_view(
    e: OutboxEntry,
    catalogue: &[BagColour],
    labels: &std::collections::HashMap<String, String>,
) -> OrderView {
    OrderView {
        number: order_number(&e.id),
        address: labels.get(&e.order.address_id).cloned().unwrap_or_default(),
        lines: lines_view(&e.order.lines, catalogue),
        state: if e.refused.is_some() {
            OrderState::Refused
        } else {
            OrderState::Queued
        },
        ordered_by: None,
        created_at: e.created_at,
        sent_at: None,
        delivered_at: None,
        cancelled_at: None,
        may_cancel: e.refused.is_none(),
        may_dismiss: e.refused.is_some(),
        refusal: e.refused.map(|(code, _)| code),
        id: e.id,
    }
}

fn lines_view(lines: &[BagLine], catalogue: &[BagColour]) -> Vec<OrderLineView> {
    lines
        .iter()
        .map(|l| OrderLineView {
            colour: catalogue
                .iter()
                .find(|c| c.code == l.colour)
                .map(BagColourView::from)
                .unwrap_or_else(|| BagColourView {
                    code: l.colour.clone(),
                    name_sv: l.colour.clone(),
                    name_en: l.colour.clone(),
                    display_colour: "#888888".into(),
                }),
            rolls: l.rolls,
        })
        .collect()
}

impl Core {
    /// Beställ påsar: each address with the colours offered there, from the cache.
    pub async fn order_form(&self, customer_id: &str) -> Result<OrderFormView, CoreError> {
        let cache = self.open_cache().await?;
        let catalogue = cache.bag_colours().await?;
        let addresses = cache.addresses(customer_id).await?;
        let server = cache.orders(customer_id).await?;
        let queued = cache.outbox(Some(customer_id)).await?;
        let open_at = |address_id: &str| {
            server
                .iter()
                .find(|o| o.address_id == address_id && o.status.is_open())
                .map(|o| order_number(&o.id))
                .or_else(|| {
                    queued
                        .iter()
                        .find(|e| e.refused.is_none() && e.order.address_id == address_id)
                        .map(|e| order_number(&e.id))
                })
        };
        Ok(OrderFormView {
            addresses: addresses
                .iter()
                .map(|a| OrderAddressView {
                    id: a.id.clone(),
                    street: a.street.clone(),
                    postal_code: a.postal_code.clone(),
                    city: a.city.clone(),
                    colours: catalogue
                        .iter()
                        .filter(|c| c.offer().offered_in(&a.kommunkod))
                        .map(BagColourView::from)
                        .collect(),
                    open_order: open_at(&a.id),
                })
                .collect(),
            max_rolls: MAX_ROLLS,
        })
    }

    /// Mina beställningar: köad and avvisad orders first, then the server's, newest first.
    pub async fn orders(&self, customer_id: &str) -> Result<Vec<OrderView>, CoreError> {
        let cache = self.open_cache().await?;
        let catalogue = cache.bag_colours().await?;
        let labels = cache.order_addresses(customer_id).await?;
        let mut out: Vec<OrderView> = cache
            .outbox(Some(customer_id))
            .await?
            .into_iter()
            .rev()
            .map(|e| queued_view(e, &catalogue, &labels))
            .collect();
        out.extend(
            cache
                .orders(customer_id)
                .await?
                .into_iter()
                .map(|o| OrderView {
                    number: order_number(&o.id),
                    address: labels.get(&o.address_id).cloned().unwrap_or_default(),
                    lines: lines_view(&o.lines, &catalogue),
                    state: o.status.into(),
                    ordered_by: Some(o.ordered_by),
                    created_at: o.created_at,
                    sent_at: o.sent_at,
                    delivered_at: o.delivered_at,
                    cancelled_at: o.cancelled_at,
                    refusal: None,
                    may_cancel: o.status.may_cancel(),
                    may_dismiss: false,
                    id: o.id,
                }),
        );
        Ok(out)
    }

    /// Places an order: checked against the rules with what the cache knows and queued,
    /// also offline. The outbox loop sends it; the answer arrives as `OrdersChanged`.
    pub async fn place_order(
        &self,
        customer_id: &str,
        input: &PlaceOrderInput,
    ) -> Result<OrderView, CoreError> {
        let (person, cache) = self.open_cache_with_owner().await?;
        let order = NewBagOrder {
            id: uuid::Uuid::new_v4().to_string(),
            address_id: input.address_id.clone(),
            lines: input.lines.clone(),
        };
        cache
            .queue_order(&person, customer_id, &order, self.clock.now_ms())
            .await?;
        self.outbox_wake.notify_one();
        self.events.emit(CoreEvent::OrdersChanged);
        let entry = cache
            .outbox(Some(customer_id))
            .await?
            .into_iter()
            .find(|e| e.id == order.id)
            .ok_or_else(|| CoreError::new(ErrorCode::CacheError, "the queued order vanished"))?;
        let labels = cache.order_addresses(customer_id).await?;
        Ok(queued_view(entry, &cache.bag_colours().await?, &labels))
    }

    /// Avbryt: a köad order is simply not sent; a mottagen one is cancelled at the server
    /// (online only).
    pub async fn cancel_order(
        &self,
        customer_id: &str,
        order_id: &str,
    ) -> Result<Vec<OrderView>, CoreError> {
        {
            // Not while the outbox may be sending this very order.
            let _sending = self.outbox_lock.lock().await;
            if self.open_cache().await?.outbox_undo(order_id).await? {
                self.events.emit(CoreEvent::OrdersChanged);
                return self.orders(customer_id).await;
            }
        }
        let key = uuid::Uuid::new_v4().to_string();
        let path = format!("v1/customers/{customer_id}/orders/{order_id}/cancel");
        let api = &self.api;
        let answer: BagOrder = self
            .session
            .authorized(|token| {
                let (path, key) = (path.clone(), key.clone());
                async move {
                    api.expect_keyed(Method::POST, &path, None::<&()>, &token, &key)
                        .await
                }
            })
            .await?;
        self.open_cache().await?.store_order(&answer).await?;
        self.events.emit(CoreEvent::OrdersChanged);
        self.orders(customer_id).await
    }

    /// Ta bort: forgets a refused order once the person has read why.
    pub async fn dismiss_order(
        &self,
        customer_id: &str,
        order_id: &str,
    ) -> Result<Vec<OrderView>, CoreError> {
        if self.open_cache().await?.outbox_dismiss(order_id).await? {
            self.events.emit(CoreEvent::OrdersChanged);
        }
        self.orders(customer_id).await
    }

    /// How many orders wait on this device to be sent, for every customer: logging out
    /// deletes the device's data, these included, so the app asks first.
    pub async fn queued_orders(&self) -> Result<u32, CoreError> {
        let Some(cache) = self.known_cache().await? else {
            return Ok(0);
        };
        Ok(cache
            .outbox(None)
            .await?
            .iter()
            .filter(|e| e.refused.is_none())
            .count() as u32)
    }

    /// Sends what is queued and due, oldest first, with the session's own person's entries
    /// only. Stops at the first entry that must wait (order is kept).
    pub async fn flush_outbox(&self) -> Result<FlushReport, CoreError> {
        let _one_at_a_time = self.outbox_lock.lock().await;
        let mut report = FlushReport::default();
        // Nothing queued: no request at all.
        let Some(cache) = self.known_cache().await? else {
            return Ok(report);
        };
        if !cache
            .outbox(None)
            .await?
            .iter()
            .any(|e| e.refused.is_none())
        {
            return Ok(report);
        }
        // Whose session this is, asked of the server: entries are only ever sent with the
        // session of the person who placed them.
        let me = match self.me().await {
            Ok(me) => me,
            Err(e) if e.disposition() == Disposition::RetryLater => {
                // The server is away: the next entry waits its backoff (and Retry-After).
                let (owner, cache) = self.open_cache_with_owner().await?;
                if let Some(head) = cache.outbox_head(&owner).await? {
                    let wait = crate::sync::backoff(
                        head.attempts,
                        e.retry_after.map(Duration::from_secs),
                        rand::random(),
                    );
                    let due =
                        (self.clock.now_ms() + wait.as_millis() as i64).max(head.next_attempt_at);
                    cache.outbox_postponed(&head.id, due).await?;
                    report.retry_in = Some(Duration::from_millis(
                        (due - self.clock.now_ms()).max(0) as u64,
                    ));
                }
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        let cache = self.cache_for(&me.person_id).await?;
        loop {
            let Some(entry) = cache.outbox_head(&me.person_id).await? else {
                break;
            };
            let now = self.clock.now_ms();
            if entry.next_attempt_at > now {
                report.retry_in = Some(Duration::from_millis((entry.next_attempt_at - now) as u64));
                break;
            }
            match self.send_order(&entry).await {
                Ok(order) => {
                    cache.outbox_confirmed(&entry.id, &order).await?;
                    report.confirmed += 1;
                }
                Err(e) => match e.disposition() {
                    Disposition::RetryLater => {
                        let wait = crate::sync::backoff(
                            entry.attempts,
                            e.retry_after.map(Duration::from_secs),
                            rand::random(),
                        );
                        cache
                            .outbox_postponed(&entry.id, now + wait.as_millis() as i64)
                            .await?;
                        report.retry_in = Some(wait);
                        break;
                    }
                    Disposition::LogInAgain => break,
                    Disposition::Refused => {
                        tracing::info!(code = %e.code, "an order was refused for good");
                        cache.outbox_refused(&entry.id, e.code, &e.message).await?;
                        report.refused += 1;
                    }
                },
            }
        }
        report.waiting = cache
            .outbox(None)
            .await?
            .iter()
            .filter(|e| e.refused.is_none() && e.person_id == me.person_id)
            .count() as u32;
        if report.confirmed + report.refused > 0 {
            self.events.emit(CoreEvent::OrdersChanged);
        }
        Ok(report)
    }

    async fn send_order(&self, entry: &OutboxEntry) -> Result<BagOrder, CoreError> {
        let path = format!("v1/customers/{}/orders", entry.customer_id);
        let api = &self.api;
        self.session
            .authorized(|token| {
                let path = path.clone();
                async move {
                    api.expect_keyed(Method::POST, &path, Some(&entry.order), &token, &entry.id)
                        .await
                }
            })
            .await
    }

    /// One turn of the outbox loop: flush, then sync if anything was answered (the
    /// server's view wins); returns how long to rest.
    pub async fn outbox_when_due(&self) -> Duration {
        match self.flush_outbox().await {
            Ok(report) => {
                if report.confirmed + report.refused > 0 {
                    if let Err(e) = self.sync_now().await {
                        tracing::info!(code = %e.code, "no sync after sending orders");
                    }
                }
                report.retry_in.unwrap_or(IDLE)
            }
            Err(e) => {
                tracing::warn!(code = %e.code, "the outbox could not be sent");
                IDLE
            }
        }
    }

    /// The outbox, for the app's lifetime (the shell spawns it beside the sync loop):
    /// woken by a new order and by every successful sync (the network is back).
    pub async fn run_outbox_loop(&self) {
        let mut wait = Duration::ZERO;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.outbox_wake.notified() => {}
            }
            wait = self.outbox_when_due().await;
        }
    }
}
