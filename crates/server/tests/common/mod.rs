//! A real server on a loopback port, over a real SQLite file (or PostgreSQL when
//! `KRETSLOPP_TEST_DATABASE_URL` is set), talking to the BankID simulator, with a manual clock.
#![allow(dead_code, unused_imports)]

use kretslopp_domain::ManualClock;
use kretslopp_server::testing::Backend;
use serde_json::{json, Value};
use std::sync::Arc;

pub use kretslopp_server::seed::{
    ANNA, ERIK, GRONT_KONTOR, HOUSEHOLD_ANNA, HOUSEHOLD_KARIN, JOHAN, KARIN, NORRBAGERIET, SARA,
};

pub struct TestServer {
    pub base: String,
    pub sim: String,
    pub clock: ManualClock,
    pub http: reqwest::Client,
    backend: Backend,
    _dir: tempfile::TempDir,
}

pub struct Resp {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl TestServer {
    pub async fn start() -> Self {
        let clock = ManualClock::new(1_800_000_000_000);
        let dir = tempfile::tempdir().unwrap();
        let backend = Backend::start(Arc::new(clock.clone()), dir.path())
            .await
            .unwrap();
        Self {
            base: backend.api.clone(),
            sim: backend.simulator.clone(),
            clock,
            // Tests see answers as sent, `Content-Encoding` included.
            http: reqwest::Client::builder().no_gzip().build().unwrap(),
            backend,
            _dir: dir,
        }
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let content_type = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = r.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Resp {
            status,
            content_type,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> Resp {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    pub async fn delete(&self, path: &str) -> Resp {
        self.send(self.http.delete(format!("{}{path}", self.base)))
            .await
    }

    /// Any method, with a JSON body unless `body` is null, as `token`.
    pub async fn call(&self, method: &str, path: &str, body: Value, token: Option<&str>) -> Resp {
        self.call_keyed(method, path, body, token, None).await
    }

    /// [`call`](Self::call) with an `Idempotency-Key`.
    pub async fn call_keyed(
        &self,
        method: &str,
        path: &str,
        body: Value,
        token: Option<&str>,
        key: Option<&str>,
    ) -> Resp {
        let mut req = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base));
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if !body.is_null() {
            req = req.json(&body);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        self.send(req).await
    }

    /// A `POST` with an `Idempotency-Key`, as the app's outbox sends it.
    pub async fn post_keyed(&self, path: &str, body: Value, token: &str, key: &str) -> Resp {
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .json(&body)
                .bearer_auth(token)
                .header("Idempotency-Key", format!("\"{key}\"")),
        )
        .await
    }

    pub fn database_url(&self) -> &str {
        &self.backend.database_url
    }

    /// E-mail the backend sent to `address` over SMTP.
    pub fn mail_to(&self, address: &str) -> Vec<kretslopp_server::testing::ReceivedMail> {
        self.backend.mail.to(address)
    }

    /// A second API instance on the same database and simulator.
    pub async fn another_instance(&self) -> (Backend, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let b = self
            .backend
            .start_another(Arc::new(self.clock.clone()), dir.path())
            .await
            .unwrap();
        (b, dir)
    }

    /// Runs SQL on the backend's database, as the company's own systems would change data.
    pub async fn exec(&self, sql: &str) {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.backend.database_url)
            .await
            .unwrap();
        sqlx::query(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }

    /// Logs in and returns the access token only.
    pub async fn token(&self, pnr: &str) -> String {
        self.login(pnr).await.0
    }

    /// Johan links Norrbageriet's old number and registers, so he waits for an
    /// administrator's approval; returns his pending member id, as Erik (admin) sees it.
    pub async fn johan_pending_at_norrbageriet(&self, johan: &str, erik: &str) -> String {
        let claim = self
            .post(
                "/v1/onboarding/legacy-link",
                json!({ "customerNumber": "30117", "orgnrLastFour": "8899" }),
                Some(johan),
            )
            .await;
        let r = self
            .post(
                "/v1/onboarding/company",
                json!({ "claimId": claim.body["claimId"], "firstName": "Johan", "lastName": "Ek", "email": "johan@example.se", "phone": "0701234567" }),
                Some(johan),
            )
            .await;
        assert_eq!(r.body["status"], "pending", "{}", r.body);
        let members = self
            .get(&format!("/v1/customers/{NORRBAGERIET}/members"), Some(erik))
            .await;
        members
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["status"] == "pending")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The caller's membership id on `customer`.
    pub async fn member_id(&self, token: &str, customer: &str) -> String {
        let r = self
            .get(&format!("/v1/customers/{customer}"), Some(token))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["memberId"].as_str().unwrap().to_owned()
    }

    pub async fn sim(&self, action: &str, body: Value) -> Value {
        self.backend.simulate(action, body).await.unwrap()
    }

    pub async fn start_qr_login(&self) -> (String, String) {
        let r = self
            .post(
                "/v1/auth/bankid",
                json!({ "method": "qr", "platform": "desktop" }),
                None,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        (
            r.body["loginId"].as_str().unwrap().to_owned(),
            r.body["qr"].as_str().unwrap().to_owned(),
        )
    }

    /// Scans the QR content the server hands out now, as a phone would.
    pub async fn scan_current_qr(&self, login_id: &str, pnr: &str) -> String {
        let state = self.get(&format!("/v1/auth/bankid/{login_id}"), None).await;
        let qr = state.body["qr"]
            .as_str()
            .expect("a QR code while waiting")
            .to_owned();
        let started = self
            .sim("scan", json!({ "qrData": qr, "personalNumber": pnr }))
            .await;
        started["orderRef"].as_str().unwrap().to_owned()
    }

    /// A complete QR login; returns (access token, refresh token).
    pub async fn login(&self, pnr: &str) -> (String, String) {
        let (id, _) = self.start_qr_login().await;
        let order_ref = self.scan_current_qr(&id, pnr).await;
        self.sim("approve", json!({ "orderRef": order_ref })).await;
        self.clock.advance_secs(2);
        let r = self.get(&format!("/v1/auth/bankid/{id}"), None).await;
        assert_eq!(r.body["status"], "complete", "{}", r.body);
        let s = &r.body["session"];
        (
            s["accessToken"].as_str().unwrap().to_owned(),
            s["refreshToken"].as_str().unwrap().to_owned(),
        )
    }
}

pub fn expected_qr_shape(qr: &str) -> bool {
    qr.starts_with("bankid.") && qr.split('.').count() == 4
}
