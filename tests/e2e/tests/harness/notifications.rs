//! A desktop notification server (the freedesktop `org.freedesktop.Notifications` D-Bus
//! service) on the test's own session bus, standing in for the one a desktop runs. The app
//! sends real notifications to it; the journey reads what arrived.

use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;
use zbus::zvariant::OwnedValue;

#[derive(Debug, Clone)]
pub struct Shown {
    pub summary: String,
    pub body: String,
}

struct Server {
    shown: mpsc::UnboundedSender<Shown>,
    next_id: u32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into()]
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        _app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let _ = self.shown.send(Shown { summary, body });
        self.next_id += 1;
        self.next_id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "kretslopp-e2e".into(),
            "Kretslopp".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

pub struct Notifications {
    received: mpsc::UnboundedReceiver<Shown>,
    _connection: zbus::Connection,
}

impl Notifications {
    /// Takes the notification service name on the session bus (scripts/with-keyring.sh
    /// provides a private bus).
    pub async fn start() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let connection = zbus::connection::Builder::session()
            .expect("a D-Bus session bus (run under scripts/with-keyring.sh)")
            .name("org.freedesktop.Notifications")
            .unwrap()
            .serve_at(
                "/org/freedesktop/Notifications",
                Server {
                    shown: tx,
                    next_id: 0,
                },
            )
            .unwrap()
            .build()
            .await
            .expect("the notification service name is free on the test bus");
        Self {
            received: rx,
            _connection: connection,
        }
    }

    /// The next notification shown, within `timeout`.
    pub async fn next(&mut self, timeout: Duration) -> Shown {
        tokio::time::timeout(timeout, self.received.recv())
            .await
            .expect("no notification arrived in time")
            .expect("the notification server stopped")
    }

    /// Notifications that arrive within `window`, to check that nothing more comes.
    pub async fn drain(&mut self, window: Duration) -> Vec<Shown> {
        let mut out = Vec::new();
        while let Ok(Some(n)) = tokio::time::timeout(window, self.received.recv()).await {
            out.push(n);
        }
        out
    }
}
