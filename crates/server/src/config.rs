//! Configuration from `KRETSLOPP_*` environment variables (documented in the README).

use anyhow::{bail, Context};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankIdMode {
    /// The bundled simulator (started in-process unless `KRETSLOPP_BANKID_URL` is set).
    Simulator,
    /// BankID's test environment, with an RP test certificate.
    Test,
    /// BankID production, with the company's RP certificate.
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bankid_mode: BankIdMode,
    /// Overrides the RP API base URL of the mode.
    pub bankid_url: Option<Url>,
    pub bankid_cert: Option<PathBuf>,
    pub bankid_ca: Option<PathBuf>,
    /// Where the in-process simulator listens.
    pub simulator_listen: SocketAddr,
    /// Hex-encoded pepper for HMAC(personnummer). Generated into the data directory in
    /// simulator mode; required otherwise.
    pub pnr_pepper: Option<Vec<u8>>,
    /// Proxies whose `X-Forwarded-For` is believed when finding the end user's IP.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where BankID sends the person back after a mobile same-device login.
    pub app_return_url: Url,
    /// Load the demo data on start.
    pub seed_demo: bool,
    /// `smtp://host:port` or `smtps://user:pass@host`; without it e-mail goes to `mailbox_dir`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The demo's mailbox: one `.eml` file per message.
    pub mailbox_dir: PathBuf,
    /// The API's address as seen from outside (calendar feed URLs).
    pub public_url: String,
    /// First day (UTC) on which old customer numbers can no longer be linked.
    pub legacy_linking_ends: Option<kretslopp_domain::Timestamp>,
    /// Who may open this server's https links as the app (iOS universal links, Android
    /// app links): served under `/.well-known/`.
    pub app_links: AppLinks,
}

/// The apps verified for the https invite links. Empty lists: nothing is served (404).
#[derive(Debug, Clone, Default)]
pub struct AppLinks {
    /// `TEAMID.se.kretslopp.app`, from `KRETSLOPP_APPLE_APP_IDS` (comma-separated).
    pub apple_app_ids: Vec<String>,
    /// The Android application id (`KRETSLOPP_ANDROID_PACKAGE`, default the bundle identifier).
    pub android_package: String,
    /// SHA-256 fingerprints of the signing certificates, `AB:CD:…` (32 pairs), from
    /// `KRETSLOPP_ANDROID_CERT_FINGERPRINTS` (comma-separated).
    pub android_fingerprints: Vec<String>,
}

/// The bundle identifier in `src-tauri/tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "se.kretslopp.app";

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_vars(
            std::env::vars()
                .filter(|(k, _)| k.starts_with("KRETSLOPP_"))
                .collect(),
        )
    }

    pub fn from_vars(vars: HashMap<String, String>) -> anyhow::Result<Self> {
        let get = |k: &str| {
            vars.get(&format!("KRETSLOPP_{k}"))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let listen = get("LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen = listen
            .parse()
            .with_context(|| format!("KRETSLOPP_LISTEN: not an address: {listen}"))?;
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| ".data/server".into()));
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("kretslopp.db").display()));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            bail!("KRETSLOPP_DATABASE_URL must be a sqlite: or postgres:// URL");
        }
        let bankid_mode = match get("BANKID_MODE").as_deref().unwrap_or("simulator") {
            "simulator" => BankIdMode::Simulator,
            "test" => BankIdMode::Test,
            "production" => BankIdMode::Production,
            other => {
                bail!("KRETSLOPP_BANKID_MODE must be simulator, test or production, not {other:?}")
            }
        };
        let bankid_url = get("BANKID_URL")
            .map(|u| {
                Url::parse(&u).with_context(|| format!("KRETSLOPP_BANKID_URL: not a URL: {u}"))
            })
            .transpose()?;
        let bankid_cert = get("BANKID_CERT").map(PathBuf::from);
        let bankid_ca = get("BANKID_CA").map(PathBuf::from);
        if bankid_mode != BankIdMode::Simulator && (bankid_cert.is_none() || bankid_ca.is_none()) {
            bail!("BankID test and production need KRETSLOPP_BANKID_CERT (RP certificate + key, PEM) and KRETSLOPP_BANKID_CA (BankID's root CA, PEM)");
        }
        let simulator_listen = get("SIMULATOR_LISTEN").unwrap_or_else(|| "127.0.0.1:8081".into());
        let simulator_listen = simulator_listen.parse().with_context(|| {
            format!("KRETSLOPP_SIMULATOR_LISTEN: not an address: {simulator_listen}")
        })?;
        let pnr_pepper = get("PNR_PEPPER")
            .map(|h| hex::decode(&h).context("KRETSLOPP_PNR_PEPPER must be hex"))
            .transpose()?;
        if pnr_pepper.as_ref().is_some_and(|p| p.len() < 32) {
            bail!("KRETSLOPP_PNR_PEPPER must be at least 32 bytes (64 hex characters)");
        }
        if bankid_mode != BankIdMode::Simulator && pnr_pepper.is_none() {
            bail!("KRETSLOPP_PNR_PEPPER is required outside simulator mode");
        }
        let trusted_proxies = get("TRUSTED_PROXIES")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<ipnet::IpNet>()
                            .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                            .with_context(|| {
                                format!("KRETSLOPP_TRUSTED_PROXIES: not an IP or CIDR: {s}")
                            })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .transpose()?
            .unwrap_or_default();
        let app_return_url =
            get("APP_RETURN_URL").unwrap_or_else(|| "kretslopp://bankid/return".into());
        let app_return_url = Url::parse(&app_return_url)
            .with_context(|| format!("KRETSLOPP_APP_RETURN_URL: not a URL: {app_return_url}"))?;
        let seed_demo = matches!(get("SEED_DEMO").as_deref(), Some("1" | "true" | "yes"));
        let smtp_url = get("SMTP_URL");
        if let Some(u) = &smtp_url {
            if !(u.starts_with("smtp://") || u.starts_with("smtps://")) {
                bail!("KRETSLOPP_SMTP_URL must be an smtp:// or smtps:// URL");
            }
        }
        let mail_from =
            get("MAIL_FROM").unwrap_or_else(|| "Kretslopp <no-reply@kretslopp.example>".into());
        mail_from
            .parse::<lettre::message::Mailbox>()
            .with_context(|| format!("KRETSLOPP_MAIL_FROM: not an address: {mail_from}"))?;
        let mailbox_dir = get("MAILBOX_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("mailbox"));
        let legacy_linking_ends = get("LEGACY_LINKING_ENDS")
            .map(|d| {
                parse_date_ms(&d).with_context(|| {
                    format!("KRETSLOPP_LEGACY_LINKING_ENDS: not a date (YYYY-MM-DD): {d}")
                })
            })
            .transpose()?;
        let public_url = get("PUBLIC_URL").unwrap_or_else(|| format!("http://{listen}"));
        Url::parse(&public_url)
            .with_context(|| format!("KRETSLOPP_PUBLIC_URL: not a URL: {public_url}"))?;
        let list = |k: &str| -> Vec<String> {
            get(k)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let app_links = AppLinks {
            apple_app_ids: list("APPLE_APP_IDS"),
            android_package: get("ANDROID_PACKAGE").unwrap_or_else(|| APP_IDENTIFIER.into()),
            android_fingerprints: list("ANDROID_CERT_FINGERPRINTS"),
        };
        for id in &app_links.apple_app_ids {
            let well_formed = id.split_once('.').is_some_and(|(team, bundle)| {
                team.len() == 10
                    && team.bytes().all(|b| b.is_ascii_alphanumeric())
                    && !bundle.is_empty()
            });
            if !well_formed {
                bail!("KRETSLOPP_APPLE_APP_IDS: not TEAMID.bundle.id: {id}");
            }
        }
        for fp in &app_links.android_fingerprints {
            let pairs: Vec<&str> = fp.split(':').collect();
            if pairs.len() != 32
                || !pairs
                    .iter()
                    .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                bail!("KRETSLOPP_ANDROID_CERT_FINGERPRINTS: not a SHA-256 fingerprint (AB:CD:… 32 pairs): {fp}");
            }
        }
        Ok(Self {
            app_links,
            public_url,
            smtp_url,
            mail_from,
            mailbox_dir,
            legacy_linking_ends,
            listen,
            data_dir,
            database_url,
            bankid_mode,
            bankid_url,
            bankid_cert,
            bankid_ca,
            simulator_listen,
            pnr_pepper,
            trusted_proxies,
            app_return_url,
            seed_demo,
        })
    }
}

/// `YYYY-MM-DD` → Unix milliseconds at 00:00 UTC that day.
fn parse_date_ms(s: &str) -> anyhow::Result<kretslopp_domain::Timestamp> {
    let date = kretslopp_domain::calendar::parse_date(s)?;
    Ok(date.midnight().assume_utc().unix_timestamp() * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (format!("KRETSLOPP_{k}"), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_run_the_demo_on_sqlite_with_the_simulator() {
        let c = Config::from_vars(vars(&[])).unwrap();
        assert_eq!(c.bankid_mode, BankIdMode::Simulator);
        assert!(c.database_url.starts_with("sqlite://"));
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        for (k, v) in [
            ("LISTEN", "nowhere"),
            ("BANKID_MODE", "prod"),
            ("DATABASE_URL", "mysql://x"),
            ("TRUSTED_PROXIES", "10.0.0.0/99"),
            ("SMTP_URL", "http://mail"),
            ("MAIL_FROM", "not an address"),
            ("LEGACY_LINKING_ENDS", "2026-13-01"),
            ("APPLE_APP_IDS", "se.kretslopp.app"),
            ("ANDROID_CERT_FINGERPRINTS", "AB:CD"),
        ] {
            let err = Config::from_vars(vars(&[(k, v)])).unwrap_err().to_string();
            assert!(err.contains(&format!("KRETSLOPP_{k}")), "{err}");
        }
        let err = Config::from_vars(vars(&[("BANKID_MODE", "production")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("KRETSLOPP_BANKID_CERT"), "{err}");
    }

    #[test]
    fn trusted_proxies_accept_ips_and_cidrs() {
        let c = Config::from_vars(vars(&[("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")])).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
    }
}

#[test]
fn the_migration_end_date_is_midnight_utc() {
    assert_eq!(parse_date_ms("2027-01-01").unwrap(), 1_798_761_600_000);
}
