//! A BankID server for development, demos and tests. It speaks the RP API v6 exactly —
//! `auth`, `sign`, `phone/auth`, `phone/sign`, `collect`, `cancel`, the `requirement.mrtd`
//! step-up; JSON names, lowercase statuses, `errorCode`/`details` bodies, order lifetimes,
//! collect windows — so the server under test cannot tell it from BankID, and it adds:
//!
//! - a control API under `/simulator/api/` that does what a person does in the BankID app
//!   (scan QR content, open with an autostart token, confirm a phone call, scan an ID
//!   document, approve, cancel, fail with a hint code);
//! - a web page at `/` acting as "the BankID app" for people trying the demo.
//!
//! State is in memory: a simulator restart is a BankID outage, which is realistic.

mod control;
mod orders;
mod rp;

use axum::Router;
use kretslopp_domain::Clock;
use std::sync::{Arc, Mutex};

pub use orders::{TestPerson, TEST_PERSONS};

/// Seconds a QR or autostart order may wait for the app before `startFailed`.
pub const START_TIMEOUT_SECS: i64 = 30;
/// Seconds an order may stay pending before `expiredTransaction`.
pub const ORDER_LIFETIME_SECS: i64 = 180;
/// How long a completed order can be collected.
pub const COMPLETE_COLLECT_WINDOW_SECS: i64 = 180;
/// How long a failed order can be collected.
pub const FAILED_COLLECT_WINDOW_SECS: i64 = 300;
/// How old scanned QR content may be, in seconds, before the app refuses it.
pub const QR_MAX_AGE_SECS: u64 = 5;

#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Mutex<orders::Orders>>,
    clock: Arc<dyn Clock>,
}

impl Simulator {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: Arc::new(Mutex::new(orders::Orders::default())),
            clock,
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .merge(rp::routes())
            .merge(control::routes())
            .fallback(rp::not_found)
            .with_state(self.clone())
    }

    fn now(&self) -> i64 {
        self.clock.now_ms()
    }
}

/// Serves the simulator on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    clock: Arc<dyn Clock>,
) -> std::io::Result<()> {
    axum::serve(listener, Simulator::new(clock).router()).await
}
