//! Delivers the core's pickup reminders. Desktop: a task that shows each reminder when it is
//! due, sleeping until the next one or until settings or a sync change the plan. Mobile: the
//! OS holds the schedule, so the app can be closed at 18:00; it is replaced on every change.

use kretslopp_client::Core;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let core = app.state::<Core>();
        loop {
            let wait = deliver(&app, &core).await;
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = core.reminders_changed() => {}
            }
        }
    });
}

#[cfg(desktop)]
async fn deliver(app: &AppHandle, core: &Core) -> std::time::Duration {
    match core.take_due_reminders().await {
        Ok((due, wait)) => {
            for n in due {
                let shown = app
                    .notification()
                    .builder()
                    .title(&n.title)
                    .body(&n.body)
                    .show();
                if let Err(e) = shown {
                    tracing::warn!(error = %e, "a reminder could not be shown");
                }
            }
            wait
        }
        Err(e) => {
            tracing::warn!(code = %e.code, "reminders could not be planned");
            std::time::Duration::from_secs(60)
        }
    }
}

#[cfg(mobile)]
async fn deliver(app: &AppHandle, core: &Core) -> std::time::Duration {
    use tauri_plugin_notification::Schedule;
    let notification = app.notification();
    let _ = notification.cancel_all();
    match core.upcoming_reminders().await {
        Ok(upcoming) => {
            let now = time::OffsetDateTime::now_utc();
            for n in upcoming {
                let Ok(at) = time::OffsetDateTime::from_unix_timestamp(n.at / 1000) else {
                    continue;
                };
                if at <= now {
                    continue;
                }
                let scheduled = notification
                    .builder()
                    .id(n.id)
                    .title(&n.title)
                    .body(&n.body)
                    .schedule(Schedule::At {
                        date: at,
                        repeating: false,
                        allow_while_idle: true,
                    })
                    .show();
                if let Err(e) = scheduled {
                    tracing::warn!(error = %e, "a reminder could not be scheduled");
                }
            }
        }
        Err(e) => tracing::warn!(code = %e.code, "reminders could not be planned"),
    }
    // The OS delivers; look again only when something changes (or daily, for the horizon).
    std::time::Duration::from_secs(24 * 3600)
}
