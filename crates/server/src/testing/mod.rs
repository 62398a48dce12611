//! Starts the real API and the BankID simulator on loopback ports with an injected clock,
//! for the server's, the client's and the end-to-end tests. E-mail goes over SMTP to a
//! loopback sink. With `KRETSLOPP_TEST_DATABASE_URL=postgres://…` every backend gets a
//! database of its own on that server, so tests run in parallel on PostgreSQL too.

pub mod proxy;
pub mod smtp;

use crate::{AppState, Config};
use kretslopp_domain::Clock;
pub use smtp::{ReceivedMail, SmtpSink};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A fixed, public pepper for tests, so several instances agree on person keys.
pub const TEST_PEPPER: &str = "746573742d6f6e6c792d7065707065722d6b726574736c6f70702d3031323334";

pub struct Backend {
    /// `http://127.0.0.1:<port>`
    pub api: String,
    /// `http://127.0.0.1:<port>` of the simulator.
    pub simulator: String,
    /// The database this backend uses (shared by `start_another`).
    pub database_url: String,
    /// What the backend sent by e-mail.
    pub mail: SmtpSink,
    smtp_url: String,
    data_dir: std::path::PathBuf,
    api_task: tokio::task::JoinHandle<()>,
    sim_task: Option<tokio::task::JoinHandle<()>>,
}

impl Backend {
    /// A new backend with its own simulator, mail sink and database (SQLite in `data_dir`,
    /// or a fresh PostgreSQL database when `KRETSLOPP_TEST_DATABASE_URL` is set).
    pub async fn start(clock: Arc<dyn Clock>, data_dir: &Path) -> anyhow::Result<Self> {
        let sim_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let simulator = format!("http://{}", sim_listener.local_addr()?);
        let sim_clock = clock.clone();
        let sim_task = tokio::spawn(async move {
            let _ = kretslopp_bankid::simulator::serve(sim_listener, sim_clock).await;
        });
        let database_url = match std::env::var("KRETSLOPP_TEST_DATABASE_URL") {
            Ok(admin) if !admin.is_empty() => fresh_postgres_database(&admin).await?,
            _ => format!("sqlite://{}", data_dir.join("kretslopp.db").display()),
        };
        let (mail, smtp_url) = SmtpSink::start().await?;
        let mut backend =
            Self::serve(clock, data_dir, &simulator, &database_url, mail, smtp_url).await?;
        backend.sim_task = Some(sim_task);
        Ok(backend)
    }

    /// A second API instance on the same database, simulator and mail sink: what a load
    /// balancer in front of several stateless instances looks like.
    pub async fn start_another(
        &self,
        clock: Arc<dyn Clock>,
        data_dir: &Path,
    ) -> anyhow::Result<Self> {
        Self::serve(
            clock,
            data_dir,
            &self.simulator,
            &self.database_url,
            self.mail.clone(),
            self.smtp_url.clone(),
        )
        .await
    }

    async fn serve(
        clock: Arc<dyn Clock>,
        data_dir: &Path,
        simulator: &str,
        database_url: &str,
        mail: SmtpSink,
        smtp_url: String,
    ) -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let (api, api_task) = Self::serve_on(
            listener,
            clock,
            data_dir,
            simulator,
            database_url,
            &smtp_url,
        )
        .await?;
        Ok(Self {
            api,
            simulator: simulator.to_owned(),
            database_url: database_url.to_owned(),
            mail,
            smtp_url,
            data_dir: data_dir.to_owned(),
            api_task,
            sim_task: None,
        })
    }

    /// Brings the API back on its old address after `stop_api`, on the same database.
    pub async fn restart_api(&mut self, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
        self.api_task.abort();
        let addr = self.api.trim_start_matches("http://").to_owned();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let listener = loop {
            match tokio::net::TcpListener::bind(&addr).await {
                Ok(l) => break l,
                Err(e) if std::time::Instant::now() > deadline => return Err(e.into()),
                // The aborted server may not have released the port yet.
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        };
        let (_, task) = Self::serve_on(
            listener,
            clock,
            &self.data_dir.clone(),
            &self.simulator.clone(),
            &self.database_url.clone(),
            &self.smtp_url.clone(),
        )
        .await?;
        self.api_task = task;
        Ok(())
    }

    async fn serve_on(
        listener: tokio::net::TcpListener,
        clock: Arc<dyn Clock>,
        data_dir: &Path,
        simulator: &str,
        database_url: &str,
        smtp_url: &str,
    ) -> anyhow::Result<(String, tokio::task::JoinHandle<()>)> {
        let api = format!("http://{}", listener.local_addr()?);
        let vars: HashMap<String, String> = [
            ("PUBLIC_URL", api.clone()),
            ("DATA_DIR", data_dir.display().to_string()),
            ("BANKID_URL", format!("{simulator}/rp/v6.0/")),
            ("DATABASE_URL", database_url.to_owned()),
            ("SEED_DEMO", "1".to_owned()),
            ("PNR_PEPPER", TEST_PEPPER.to_owned()),
            ("SMTP_URL", smtp_url.to_owned()),
            // Tests stand in for a load balancer on loopback: X-Forwarded-For is believed
            // from there, so a test can speak for clients at other addresses.
            ("TRUSTED_PROXIES", "127.0.0.1/32".to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (format!("KRETSLOPP_{k}"), v))
        .collect();
        let config = Config::from_vars(vars)?;
        let state = AppState::from_config(&config, clock, None).await?;
        let app = crate::router(state);
        let api_task = tokio::spawn(async move {
            let timeouts = crate::serve::Timeouts::default();
            crate::serve::serve(listener, app, &timeouts, std::future::pending()).await
        });
        Ok((api, api_task))
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

    /// Runs SQL on the backend's database, as the company's own systems change data.
    pub async fn exec(&self, sql: &str) -> anyhow::Result<()> {
        self.exec_batch(&[sql.to_owned()]).await
    }

    /// Runs many statements in one transaction (bulk test data).
    pub async fn exec_batch(&self, statements: &[String]) -> anyhow::Result<()> {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.database_url).await?;
        let mut tx = pool.begin().await?;
        for sql in statements {
            sqlx::query(sql).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        pool.close().await;
        Ok(())
    }

    /// Takes the API off the network (the simulator stays), as an outage would.
    pub fn stop_api(&self) {
        self.api_task.abort();
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.api_task.abort();
        if let Some(t) = &self.sim_task {
            t.abort();
        }
    }
}

/// Creates an empty database on the PostgreSQL server of `admin_url` and returns its URL.
/// A new, empty database on the PostgreSQL server of `admin_url`; its URL.
pub async fn fresh_postgres_database(admin_url: &str) -> anyhow::Result<String> {
    use sqlx::{Connection, Executor};
    let mut url = url::Url::parse(admin_url)?;
    let name = format!("kretslopp_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    admin.close().await?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}
