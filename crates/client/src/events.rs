//! What the core tells the UI without being asked: one enum, sent on one channel the shell
//! forwards to the webview (`CORE_EVENT`), with its TypeScript type generated like the
//! commands'. Screens refresh from these instead of being told by whoever happened to
//! cause the change; the bag outbox and arriving deep links add their own variants.

use crate::view::SyncStatusView;
use serde::Serialize;
use ts_rs::TS;

/// The name the shell emits every [`CoreEvent`] under.
pub const CORE_EVENT: &str = "core-event";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum CoreEvent {
    /// A sync finished, successfully or not; screens showing cached data reload when
    /// `status.changed`.
    SyncFinished { status: SyncStatusView },
    /// An order was queued, answered, refused or cancelled; Mina beställningar reloads.
    OrdersChanged,
    /// An invite link arrived; the core holds its token (the UI never sees it) until the
    /// person has logged in and accepts or declines.
    InviteOpened,
    /// A link arrived that is not one of the app's; the UI says so.
    LinkRefused { code: kretslopp_api::ErrorCode },
}

/// The core's side of the channel: any number of listeners, none needed.
pub struct Events(tokio::sync::broadcast::Sender<CoreEvent>);

impl Default for Events {
    fn default() -> Self {
        // A UI that falls this far behind only needs the newest state anyway.
        Self(tokio::sync::broadcast::channel(32).0)
    }
}

impl Events {
    pub fn emit(&self, event: CoreEvent) {
        // No listener (tests, a closing window) is fine: the event is a notification.
        let _ = self.0.send(event);
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<CoreEvent> {
        self.0.subscribe()
    }
}
