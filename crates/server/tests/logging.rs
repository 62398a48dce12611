//! No personnummer and no token may appear in any log line.

mod common;

use common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_whole_login_logs_neither_personnummer_nor_tokens() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let order_ref = s.scan_current_qr(&id, ANNA).await;
    s.sim("approve", json!({ "orderRef": order_ref })).await;
    s.clock.advance_secs(2);
    let done = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    let access = done.body["session"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let refresh = done.body["session"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();
    s.post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    s.post("/v1/auth/logout", json!({}), Some(&access)).await;

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("login complete"),
        "the log was captured:\n{log}"
    );
    for secret in [ANNA, "19850312-2387", &id, &access, &refresh] {
        assert!(
            !log.contains(secret),
            "a secret leaked into the log:\n{log}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_invite_from_e_mail_to_accepted_logs_no_token() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let r = s
        .post(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/invites"),
            json!({ "name": "Johan Ek", "email": "johan@exempel.se", "role": "delegate" }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let raw = s.mail_to("johan@exempel.se").pop().unwrap().data;
    let text = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    let token = text
        .split("kretslopp://inbjudan/")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let page = s
        .http
        .get(format!("{}/inbjudan/{token}", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let johan = s.token(JOHAN).await;
    let account = json!({ "firstName": "Johan", "lastName": "Ek", "email": "johan@exempel.se", "phone": "0701234599" });
    let r = s
        .post(
            "/v1/invites/accept",
            json!({ "token": token, "customerId": HOUSEHOLD_ANNA, "account": account }),
            Some(&johan),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("e-mail sent"), "the log was captured:\n{log}");
    let body = &token["kli_".len()..];
    assert!(
        !log.contains(body),
        "the invite token leaked into the log:\n{log}"
    );
}
