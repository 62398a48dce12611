//! Starts the real API and the BankID simulator on loopback ports with an injected clock,
//! for the server's, the client's and the end-to-end tests.

use crate::{AppState, Config};
use kretslopp_domain::Clock;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub struct Backend {
    /// `http://127.0.0.1:<port>`
    pub api: String,
    /// `http://127.0.0.1:<port>` of the simulator.
    pub simulator: String,
    api_task: tokio::task::JoinHandle<()>,
    sim_task: tokio::task::JoinHandle<()>,
}

impl Backend {
    /// Database: `KRETSLOPP_TEST_DATABASE_URL` if set (PostgreSQL runs), else SQLite in `data_dir`.
    pub async fn start(clock: Arc<dyn Clock>, data_dir: &Path) -> anyhow::Result<Self> {
        let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let simulator = format!("http://{}", sim_listener.local_addr()?);
        let sim_clock = clock.clone();
        let sim_task = tokio::spawn(async move {
            let _ = kretslopp_bankid::simulator::serve(sim_listener, sim_clock).await;
        });
        let mut vars = HashMap::new();
        vars.insert(
            "KRETSLOPP_DATA_DIR".to_owned(),
            data_dir.display().to_string(),
        );
        vars.insert(
            "KRETSLOPP_BANKID_URL".to_owned(),
            format!("{simulator}/rp/v6.0/"),
        );
        vars.insert("KRETSLOPP_SEED_DEMO".to_owned(), "1".to_owned());
        if let Ok(url) = std::env::var("KRETSLOPP_TEST_DATABASE_URL") {
            vars.insert("KRETSLOPP_DATABASE_URL".to_owned(), url);
        }
        let config = Config::from_vars(vars)?;
        let state = AppState::from_config(&config, clock, None).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let api = format!("http://{}", listener.local_addr()?);
        let app = crate::router(state).into_make_service_with_connect_info::<SocketAddr>();
        let api_task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            api,
            simulator,
            api_task,
            sim_task,
        })
    }

    /// Does what a person does in the BankID app (scan, open, approve, cancel, fail) through
    /// the simulator's control API. An error carries the simulator's answer.
    pub async fn simulate(
        &self,
        action: &str,
        body: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        let resp = reqwest::Client::new()
            .post(format!("{}/simulator/api/{action}", self.simulator))
            .json(&body)
            .send()
            .await?;
        let ok = resp.status().is_success();
        let body: serde_json::Value = resp.json().await?;
        anyhow::ensure!(ok, "simulator {action}: {body}");
        Ok(body)
    }

    /// Takes the API off the network (the simulator stays), as an outage would.
    pub fn stop_api(&self) {
        self.api_task.abort();
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.api_task.abort();
        self.sim_task.abort();
    }
}
