//! The first screen in one call. At a cold start every round trip between the webview
//! and the core waits for the webview's main thread, which is busy loading and rendering;
//! asking for the session, then the pickups, then the unread count is three such waits
//! and three renders before Hem shows its pickups (docs/performance.md).

use crate::view::StartupView;
use crate::{Core, CoreError};

impl Core {
    /// The session, and what Hem shows from the cache for its active customer. The cache
    /// failing leaves Hem without pickups rather than the app without a session; the
    /// next sync fills them in.
    pub async fn startup(&self) -> Result<StartupView, CoreError> {
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
