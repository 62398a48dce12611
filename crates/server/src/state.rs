use crate::config::{BankIdMode, Config};
use crate::db::Db;
use anyhow::Context;
use kretslopp_bankid::{BankIdClient, ClientConfig, TlsConfig};
use kretslopp_domain::Clock;
use std::sync::Arc;
use url::Url;

/// Everything a handler needs; cheap to clone. Holds no per-user state: that lives in the
/// database, so several instances can serve one user.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub bankid: BankIdClient,
    pub clock: Arc<dyn Clock>,
    pub pepper: Vec<u8>,
    /// Base of the same-device launch URLs; BankID's own unless running the simulator.
    pub launch: LaunchBase,
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub app_return_url: Url,
    pub mailer: crate::mail::Mailer,
    /// Where the API is reached from outside; feed URLs are built from it, never from
    /// the request's Host header.
    pub public_url: String,
    /// When linking old customer numbers ends for everyone (migration period).
    pub legacy_linking_ends: Option<kretslopp_domain::Timestamp>,
    pub app_links: crate::config::AppLinks,
    /// Logins this instance polls, so most polls read no row (`pending_logins`).
    pub pending_logins: crate::pending_logins::PendingLogins,
    /// Writes the polls' collect claims and hints in batches (`login_writes`).
    pub login_writes: crate::login_writes::LoginWrites,
}

#[derive(Clone, Debug)]
pub enum LaunchBase {
    BankId,
    /// The simulator's "BankID app" page stands in for the BankID app.
    Simulator(Url),
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(inner: Inner) -> Self {
        Self(Arc::new(inner))
    }

    /// Builds the state from configuration; `bankid_base` is where the simulator runs when
    /// the caller started one.
    pub async fn from_config(
        config: &Config,
        clock: Arc<dyn Clock>,
        bankid_base: Option<Url>,
    ) -> anyhow::Result<Self> {
        let db = crate::db::connect(&config.database_url).await?;
        let pepper = match &config.pnr_pepper {
            Some(p) => p.clone(),
            None => demo_pepper(&config.data_dir)?,
        };
        let (base, tls, launch) = match config.bankid_mode {
            BankIdMode::Simulator => {
                let base =
                    config.bankid_url.clone().or(bankid_base).context(
                        "simulator mode needs a running simulator or KRETSLOPP_BANKID_URL",
                    )?;
                let mut page = base.clone();
                page.set_path("/");
                (base, None, LaunchBase::Simulator(page))
            }
            mode => {
                let default = if mode == BankIdMode::Test {
                    kretslopp_bankid::client::TEST_BASE_URL
                } else {
                    kretslopp_bankid::client::PRODUCTION_BASE_URL
                };
                let base = config
                    .bankid_url
                    .clone()
                    .unwrap_or_else(|| Url::parse(default).expect("constant URL"));
                let read = |p: &Option<std::path::PathBuf>| -> anyhow::Result<Vec<u8>> {
                    let p = p.as_ref().context("certificate path missing")?;
                    std::fs::read(p).with_context(|| format!("reading {}", p.display()))
                };
                let tls = TlsConfig {
                    client_identity_pem: read(&config.bankid_cert)?,
                    ca_pem: read(&config.bankid_ca)?,
                };
                (base, Some(tls), LaunchBase::BankId)
            }
        };
        if config.seed_demo {
            crate::seed::demo(&db, &pepper, clock.now_ms()).await?;
        }
        let mut client_config = ClientConfig::new(base);
        client_config.tls = tls;
        let bankid = BankIdClient::new(client_config)?;
        let login_writes = crate::login_writes::LoginWrites::start(
            db.clone(),
            clock.clone(),
            crate::routes::login::COLLECT_INTERVAL_MS,
        );
        Ok(Self::new(Inner {
            db,
            login_writes,
            bankid,
            clock,
            pepper,
            launch,
            trusted_proxies: config.trusted_proxies.clone(),
            app_return_url: config.app_return_url.clone(),
            mailer: crate::mail::Mailer::from_config(config)?,
            public_url: config.public_url.clone(),
            legacy_linking_ends: config.legacy_linking_ends,
            app_links: config.app_links.clone(),
            pending_logins: Default::default(),
        }))
    }
}

/// In simulator mode a random pepper is kept in the data directory, so the demo needs no
/// setup and restarts find the same persons.
fn demo_pepper(data_dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let path = data_dir.join("pnr-pepper.hex");
    if let Ok(hex_text) = std::fs::read_to_string(&path) {
        return hex::decode(hex_text.trim())
            .with_context(|| format!("{} is not hex", path.display()));
    }
    std::fs::create_dir_all(data_dir)?;
    let pepper: [u8; 32] = rand::random();
    std::fs::write(&path, hex::encode(pepper))?;
    Ok(pepper.to_vec())
}
