//! The first screen in one call. At a cold start every round trip between the webview
//! and the core waits for the webview's main thread, which is busy loading and rendering;
//! asking for the session, then the pickups, then the unread count is three such waits
//! and three renders before Hem shows its pickups (docs/performance.md).
//!
//! The shell also asks for it once at launch ([`Core::prepare_startup`]), while the webview
//! starts its processes and loads the page: reading the keyring entry, the cache and, if
//! the network is there, the account then overlaps that wait instead of following it.

use crate::view::StartupView;
use crate::{Core, CoreError};

/// The answer read at launch, until the UI's first `startup` takes it.
#[derive(Default)]
pub(crate) enum FirstAnswer {
    /// Nobody asked yet.
    #[default]
    Unasked,
    /// Read, waiting to be taken (boxed: the answer is large, the other states empty).
    Ready(Box<Result<StartupView, CoreError>>),
    /// Taken (or asked for before it was read): later calls read afresh.
    Taken,
}

impl Core {
    /// Reads the first screen's answer ahead of the UI's asking; call once at launch.
    /// The UI's first [`Core::startup`] waits for it rather than reading a second time.
    pub async fn prepare_startup(&self) {
        let mut slot = self.first_answer.lock().await;
        if matches!(*slot, FirstAnswer::Unasked) {
            *slot = FirstAnswer::Ready(Box::new(self.read_startup().await));
        }
    }

    /// The first screen: the launch's answer the first time (see [`Core::prepare_startup`]),
    /// read afresh after that (a reload of the page).
    pub async fn startup(&self) -> Result<StartupView, CoreError> {
        let mut slot = self.first_answer.lock().await;
        match std::mem::replace(&mut *slot, FirstAnswer::Taken) {
            FirstAnswer::Ready(answer) => *answer,
            FirstAnswer::Unasked | FirstAnswer::Taken => {
                drop(slot);
                self.read_startup().await
            }
        }
    }

    /// The session, and what Hem shows from the cache for its active customer. The cache
    /// failing leaves Hem without pickups rather than the app without a session; the
    /// next sync fills them in.
    async fn read_startup(&self) -> Result<StartupView, CoreError> {
        let session = self.session().await?;
        let active = session
            .me
            .as_ref()
            .filter(|me| me.account.is_some())
            .and_then(|me| me.active_customer_id.clone());
        let (pickups, unread) = match active {
            Some(id) => {
                let pickups = self.next_pickups(&id).await.unwrap_or_else(|e| {
                    tracing::warn!(code = ?e.code, "no cached pickups at startup");
                    Vec::new()
                });
                let unread = self.notifications().await.map_or(0, |n| n.unread);
                (pickups, unread)
            }
            None => (Vec::new(), 0),
        };
        Ok(StartupView {
            session,
            pickups,
            unread,
            invite_waiting: self.has_invite(),
        })
    }
}
