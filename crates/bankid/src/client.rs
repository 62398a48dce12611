//! The RP client. Every call is a JSON POST; against BankID's test and production
//! environments it authenticates with a client certificate and trusts only BankID's CA.

use crate::types::*;
use std::time::Duration;
use url::Url;

/// BankID's own base URLs. The simulator has its own, printed when it starts.
pub const TEST_BASE_URL: &str = "https://appapi2.test.bankid.com/rp/v6.0/";
pub const PRODUCTION_BASE_URL: &str = "https://appapi2.bankid.com/rp/v6.0/";

#[derive(Clone)]
pub struct TlsConfig {
    /// The RP certificate and its private key, PEM (BankID ships `.pem` next to `.p12`).
    pub client_identity_pem: Vec<u8>,
    /// BankID's server root CA, PEM. Only this CA is trusted.
    pub ca_pem: Vec<u8>,
}

#[derive(Clone)]
pub struct ClientConfig {
    pub base_url: Url,
    pub tls: Option<TlsConfig>,
    pub timeout: Duration,
}

impl ClientConfig {
    pub fn new(base_url: Url) -> Self {
        Self {
            base_url,
            tls: None,
            timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BankIdError {
    /// BankID answered with an error body.
    #[error("BankID error {status}: {code}")]
    Api {
        status: u16,
        code: ErrorCode,
        details: String,
    },
    #[error("BankID could not be reached: {0}")]
    Transport(String),
    #[error("BankID's answer could not be read: {0}")]
    Decode(String),
    #[error("invalid BankID client configuration: {0}")]
    Config(String),
}

/// reqwest's builder errors say only "builder error"; the cause is in the source chain.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[derive(Clone)]
pub struct BankIdClient {
    http: reqwest::Client,
    base: Url,
}

impl BankIdClient {
    pub fn new(config: ClientConfig) -> Result<Self, BankIdError> {
        // BankID's RP API neither redirects nor compresses its small JSON answers: a
        // redirect to follow would be a wrong or hostile endpoint, and both layers cost
        // CPU on every collect (about 7 % of the server's at 5,000 polls a second).
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .use_rustls_tls();
        if let Some(tls) = &config.tls {
            let identity = reqwest::Identity::from_pem(&tls.client_identity_pem)
                .map_err(|e| BankIdError::Config(format!("client certificate: {e}")))?;
            let ca = reqwest::Certificate::from_pem(&tls.ca_pem)
                .map_err(|e| BankIdError::Config(format!("CA certificate: {e}")))?;
            builder = builder
                .identity(identity)
                .tls_built_in_root_certs(false)
                .add_root_certificate(ca);
        }
        let http = builder
            .build()
            .map_err(|e| BankIdError::Config(error_chain(&e)))?;
        let mut base = config.base_url;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        Ok(Self { http, base })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    #[tracing::instrument(skip_all, name = "bankid.auth")]
    pub async fn auth(&self, req: &AuthRequest) -> Result<OrderResponse, BankIdError> {
        self.post("auth", req).await
    }

    #[tracing::instrument(skip_all, name = "bankid.sign")]
    pub async fn sign(&self, req: &SignRequest) -> Result<OrderResponse, BankIdError> {
        self.post("sign", req).await
    }

    #[tracing::instrument(skip_all, name = "bankid.phone_auth")]
    pub async fn phone_auth(&self, req: &PhoneRequest) -> Result<PhoneOrderResponse, BankIdError> {
        self.post("phone/auth", req).await
    }

    #[tracing::instrument(skip_all, name = "bankid.phone_sign")]
    pub async fn phone_sign(&self, req: &PhoneRequest) -> Result<PhoneOrderResponse, BankIdError> {
        self.post("phone/sign", req).await
    }

    #[tracing::instrument(skip_all, name = "bankid.collect")]
    pub async fn collect(&self, order_ref: &str) -> Result<CollectResponse, BankIdError> {
        self.post(
            "collect",
            &OrderRefRequest {
                order_ref: order_ref.to_owned(),
            },
        )
        .await
    }

    #[tracing::instrument(skip_all, name = "bankid.cancel")]
    pub async fn cancel(&self, order_ref: &str) -> Result<(), BankIdError> {
        let _: serde_json::Value = self
            .post(
                "cancel",
                &OrderRefRequest {
                    order_ref: order_ref.to_owned(),
                },
            )
            .await?;
        Ok(())
    }

    async fn post<Req: serde::Serialize, Res: serde::de::DeserializeOwned>(
        &self,
        endpoint: &str,
        body: &Req,
    ) -> Result<Res, BankIdError> {
        let url = self
            .base
            .join(endpoint)
            .map_err(|e| BankIdError::Config(e.to_string()))?;
        // `.json()` sends `Content-Type: application/json` without a charset, as BankID requires.
        let resp = self
            .http
            .post(url)
            .json(body)
            .send()
            .await
            .map_err(|e| BankIdError::Transport(e.to_string()))?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| BankIdError::Transport(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| BankIdError::Decode(e.to_string()));
        }
        match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(err) => Err(BankIdError::Api {
                status: status.as_u16(),
                code: err.error_code,
                details: err.details,
            }),
            Err(_) => Err(BankIdError::Api {
                status: status.as_u16(),
                code: ErrorCode::Unknown(format!("http{}", status.as_u16())),
                details: String::new(),
            }),
        }
    }
}
