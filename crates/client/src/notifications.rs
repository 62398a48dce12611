//! Avisering in [`Core`]: the list comes with the sync into the cache; marking read is
//! written to the cache at once and sent when the server can be reached (right away, or
//! before the next sync), so it works offline like everything else.

use crate::core::Core;
use crate::error::CoreError;
use crate::view::{NotificationView, NotificationsView};
use kretslopp_api::MarkRead;

/// At most this many ids per request, as the server accepts.
const IDS_PER_REQUEST: usize = 500;

impl Core {
    /// Every notification from the cache, newest first, and how many are unread.
    pub async fn notifications(&self) -> Result<NotificationsView, CoreError> {
        let cache = self.open_cache().await?;
        let customers = cache.customers().await?;
        let fractions = cache.fractions().await?;
        let items: Vec<NotificationView> = cache
            .notifications()
            .await?
            .into_iter()
            .map(|n| NotificationView {
                customer_name: (customers.len() > 1)
                    .then(|| customers.iter().find(|c| c.id == n.customer_id))
                    .flatten()
                    .map(|c| c.name.clone()),
                fraction: match &n.event {
                    kretslopp_domain::notifications::Event::PickupMoved {
                        fraction_code, ..
                    } => fractions.iter().find(|f| f.code == *fraction_code).cloned(),
                    _ => None,
                },
                id: n.id,
                customer_id: n.customer_id,
                event: n.event,
                created_at: n.created_at,
                read: n.read,
            })
            .collect();
        Ok(NotificationsView {
            unread: items.iter().filter(|n| !n.read).count() as u32,
            items,
        })
    }

    /// Marks these read; the server hears of it now or with the next sync.
    pub async fn mark_notifications_read(
        &self,
        ids: &[String],
    ) -> Result<NotificationsView, CoreError> {
        self.open_cache().await?.mark_read(ids).await?;
        if let Err(e) = self.send_reads().await {
            tracing::info!(code = %e.code, "reads are sent with the next sync");
        }
        self.notifications().await
    }

    /// Tells the server what was read here and not sent yet.
    pub(crate) async fn send_reads(&self) -> Result<(), CoreError> {
        let cache = self.open_cache().await?;
        let unsent = cache.unsent_reads().await?;
        for chunk in unsent.chunks(IDS_PER_REQUEST) {
            let body = MarkRead {
                ids: chunk.to_vec(),
            };
            self.send_empty(reqwest::Method::POST, "v1/notifications/read", Some(&body))
                .await?;
            cache.reads_sent(chunk).await?;
        }
        Ok(())
    }
}
