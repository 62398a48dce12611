//! The RP client's mutual TLS, against a real TLS server that demands a client certificate
//! (tests/mtls/fake_bankid.py; test-only certificates in tests/mtls/).

use kretslopp_bankid::{BankIdClient, BankIdError, ClientConfig, HintCode, TlsConfig};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    // The runtime value: a shared target directory may hold a binary built in another checkout.
    let dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    Path::new(&dir).join("tests/mtls").join(name)
}

struct FakeBankId {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl FakeBankId {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port_file = dir.path().join("port");
        let child = Command::new("python3")
            .arg(fixture("fake_bankid.py"))
            .arg(&port_file)
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let port = loop {
            if let Ok(Ok(p)) = std::fs::read_to_string(&port_file).map(|s| s.trim().parse::<u16>())
            {
                break p;
            }
            assert!(
                Instant::now() < deadline,
                "the fake BankID server did not start"
            );
            std::thread::sleep(Duration::from_millis(50)); // waiting for the process, not for time
        };
        Self {
            child,
            port,
            _dir: dir,
        }
    }

    fn client(&self, identity: Option<&str>, ca: &str) -> Result<BankIdClient, BankIdError> {
        let mut config = ClientConfig::new(
            format!("https://localhost:{}/rp/v6.0/", self.port)
                .parse()
                .unwrap(),
        );
        config.tls = Some(TlsConfig {
            client_identity_pem: identity
                .map(|f| std::fs::read(fixture(f)).unwrap())
                .unwrap_or_default(),
            ca_pem: std::fs::read(fixture(ca)).unwrap(),
        });
        BankIdClient::new(config)
    }
}

impl Drop for FakeBankId {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn with_the_rp_certificate_and_the_right_ca_the_call_goes_through() {
    let server = FakeBankId::start();
    let client = server
        .client(Some("rp-identity.pem"), "test-ca.pem")
        .unwrap();
    let r = client.collect("x").await.unwrap();
    assert_eq!(
        r.order_ref, "FP Testcert Kretslopp",
        "the server saw our client certificate"
    );
    assert_eq!(r.hint_code, Some(HintCode::OutstandingTransaction));
}

#[tokio::test]
async fn a_server_certificate_from_another_ca_is_refused() {
    let server = FakeBankId::start();
    let client = server
        .client(Some("rp-identity.pem"), "other-ca.pem")
        .unwrap();
    assert!(matches!(
        client.collect("x").await,
        Err(BankIdError::Transport(_))
    ));
}

#[tokio::test]
async fn an_empty_rp_certificate_is_refused_before_any_connection() {
    let server = FakeBankId::start();
    // BankID always needs the RP certificate, so a client without one cannot be built.
    assert!(matches!(
        server.client(None, "test-ca.pem"),
        Err(BankIdError::Config(_))
    ));
}

#[test]
fn unreadable_certificates_are_configuration_errors() {
    let mut config = ClientConfig::new("https://localhost:1/rp/v6.0/".parse().unwrap());
    config.tls = Some(TlsConfig {
        client_identity_pem: b"not a pem".to_vec(),
        ca_pem: b"nor this".to_vec(),
    });
    assert!(matches!(
        BankIdClient::new(config),
        Err(BankIdError::Config(_))
    ));
}
