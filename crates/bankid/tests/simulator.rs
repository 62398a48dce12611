//! The RP client against the simulator over real HTTP on loopback, with a manual clock.

use kretslopp_bankid::qr::qr_data;
use kretslopp_bankid::*;
use kretslopp_domain::ManualClock;
use serde_json::{json, Value};
use std::sync::Arc;

struct Env {
    client: BankIdClient,
    clock: ManualClock,
    base: String,
    http: reqwest::Client,
}

async fn env() -> Env {
    let clock = ManualClock::new(1_800_000_000_000);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(simulator::serve(listener, Arc::new(clock.clone())));
    let base = format!("http://{addr}");
    let client = BankIdClient::new(ClientConfig::new(
        format!("{base}/rp/v6.0/").parse().unwrap(),
    ))
    .unwrap();
    Env {
        client,
        clock,
        base,
        http: reqwest::Client::new(),
    }
}

const ANNA: &str = "198503122387";

fn auth_req() -> AuthRequest {
    AuthRequest {
        end_user_ip: "192.0.2.10".into(),
        ..Default::default()
    }
}

impl Env {
    /// Collect as JSON, to check fields the typed client would hide.
    async fn raw_collect(&self, order_ref: &str) -> Value {
        self.http
            .post(format!("{}/rp/v6.0/collect", self.base))
            .json(&json!({ "orderRef": order_ref }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn control(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/simulator/api/{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }
}

fn code_of(e: BankIdError) -> String {
    match e {
        BankIdError::Api { code, .. } => code.to_string(),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn qr_login_completes_with_completion_data() {
    let env = env().await;
    let order = env.client.auth(&auth_req()).await.unwrap();
    let c = env.client.collect(&order.order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Pending, Some(HintCode::OutstandingTransaction))
    );

    env.clock.advance_secs(3);
    let qr = qr_data(&order.qr_start_token, &order.qr_start_secret, 3);
    let (status, body) = env
        .control("scan", json!({ "qrData": qr, "personalNumber": ANNA }))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["orderRef"], order.order_ref.as_str());
    let c = env.client.collect(&order.order_ref).await.unwrap();
    assert_eq!(c.hint_code, Some(HintCode::UserSign));

    let (status, _) = env
        .control("approve", json!({ "orderRef": order.order_ref }))
        .await;
    assert_eq!(status, 200);
    let c = env.client.collect(&order.order_ref).await.unwrap();
    assert_eq!(c.status, Status::Complete);
    assert_eq!(c.hint_code, None);
    let data = c.completion_data.unwrap();
    assert_eq!(data.user.personal_number, ANNA);
    assert_eq!(data.user.name, "Anna Andersson");
    assert_eq!(data.device.ip_address, "192.0.2.10");

    // Completed orders can be collected for three minutes, then BankID forgets them.
    env.clock.advance_secs(179);
    assert!(env.client.collect(&order.order_ref).await.is_ok());
    env.clock.advance_secs(2);
    assert_eq!(
        code_of(env.client.collect(&order.order_ref).await.unwrap_err()),
        "invalidParameters"
    );
}

#[tokio::test]
async fn qr_content_is_checked_like_the_real_app() {
    let env = env().await;
    let order = env.client.auth(&auth_req()).await.unwrap();
    env.clock.advance_secs(10);
    let forged = qr_data(&order.qr_start_token, "not-the-secret", 10);
    let (s, b) = env
        .control("scan", json!({ "qrData": forged, "personalNumber": ANNA }))
        .await;
    assert_eq!((s, b["errorCode"].as_str()), (400, Some("invalidQrCode")));
    let stale = qr_data(&order.qr_start_token, &order.qr_start_secret, 2);
    let (s, b) = env
        .control("scan", json!({ "qrData": stale, "personalNumber": ANNA }))
        .await;
    assert_eq!((s, b["errorCode"].as_str()), (400, Some("qrCodeExpired")));
    let (s, b) = env
        .control("scan", json!({ "qrData": "hello", "personalNumber": ANNA }))
        .await;
    assert_eq!((s, b["errorCode"].as_str()), (400, Some("invalidQrCode")));
    let fresh = qr_data(&order.qr_start_token, &order.qr_start_secret, 10);
    let (s, b) = env
        .control(
            "scan",
            json!({ "qrData": fresh, "personalNumber": "19850312-2388" }),
        )
        .await;
    assert_eq!(
        (s, b["errorCode"].as_str()),
        (400, Some("invalidParameters"))
    );
    let (s, _) = env
        .control("scan", json!({ "qrData": fresh, "personalNumber": ANNA }))
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn unstarted_orders_fail_with_start_failed_and_started_ones_expire() {
    let env = env().await;
    let a = env.client.auth(&auth_req()).await.unwrap();
    env.clock.advance_secs(29);
    assert_eq!(
        env.client.collect(&a.order_ref).await.unwrap().status,
        Status::Pending
    );
    env.clock.advance_secs(1);
    let c = env.client.collect(&a.order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Failed, Some(HintCode::StartFailed))
    );

    let b = env.client.auth(&auth_req()).await.unwrap();
    let (s, _) = env
        .control(
            "open",
            json!({ "autoStartToken": b.auto_start_token, "personalNumber": ANNA }),
        )
        .await;
    assert_eq!(s, 200);
    env.clock.advance_secs(180);
    let c = env.client.collect(&b.order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Failed, Some(HintCode::ExpiredTransaction))
    );
    // Failed orders stay collectable for five minutes.
    env.clock.advance_secs(299);
    assert!(env.client.collect(&b.order_ref).await.is_ok());
    env.clock.advance_secs(1);
    assert!(env.client.collect(&b.order_ref).await.is_err());
}

#[tokio::test]
async fn second_order_of_the_same_person_is_refused_and_cancels_the_first() {
    let env = env().await;
    let mut req = auth_req();
    req.requirement = Some(Requirement {
        personal_number: Some(ANNA.into()),
        ..Default::default()
    });
    let first = env.client.auth(&req).await.unwrap();
    let err = env.client.auth(&req).await.unwrap_err();
    assert_eq!(code_of(err), "alreadyInProgress");
    let c = env.client.collect(&first.order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Failed, Some(HintCode::Cancelled))
    );

    // Starting a second QR order as the same person also cancels the first.
    let one = env.client.auth(&auth_req()).await.unwrap();
    let two = env.client.auth(&auth_req()).await.unwrap();
    env.control(
        "open",
        json!({ "autoStartToken": one.auto_start_token, "personalNumber": ANNA }),
    )
    .await;
    env.control(
        "open",
        json!({ "autoStartToken": two.auto_start_token, "personalNumber": ANNA }),
    )
    .await;
    assert_eq!(
        env.client.collect(&one.order_ref).await.unwrap().hint_code,
        Some(HintCode::Cancelled)
    );
    assert_eq!(
        env.client.collect(&two.order_ref).await.unwrap().hint_code,
        Some(HintCode::UserSign)
    );
}

#[tokio::test]
async fn cancel_user_cancel_and_chosen_hint_codes() {
    let env = env().await;
    let a = env.client.auth(&auth_req()).await.unwrap();
    env.client.cancel(&a.order_ref).await.unwrap();
    assert_eq!(
        code_of(env.client.cancel(&a.order_ref).await.unwrap_err()),
        "invalidParameters"
    );
    assert_eq!(
        code_of(env.client.collect(&a.order_ref).await.unwrap_err()),
        "invalidParameters"
    );

    let b = env.client.auth(&auth_req()).await.unwrap();
    env.control(
        "open",
        json!({ "autoStartToken": b.auto_start_token, "personalNumber": ANNA }),
    )
    .await;
    env.control("cancel", json!({ "orderRef": b.order_ref }))
        .await;
    assert_eq!(
        env.client.collect(&b.order_ref).await.unwrap().hint_code,
        Some(HintCode::UserCancel)
    );

    let c = env.client.auth(&auth_req()).await.unwrap();
    env.control(
        "hint",
        json!({ "orderRef": c.order_ref, "hintCode": "somethingNew" }),
    )
    .await;
    let r = env.client.collect(&c.order_ref).await.unwrap();
    assert_eq!(
        (r.status, r.hint_code),
        (
            Status::Pending,
            Some(HintCode::Unknown("somethingNew".into()))
        )
    );
    env.control(
        "fail",
        json!({ "orderRef": c.order_ref, "hintCode": "certificateErr" }),
    )
    .await;
    assert_eq!(
        env.client.collect(&c.order_ref).await.unwrap().hint_code,
        Some(HintCode::CertificateErr)
    );
}

#[tokio::test]
async fn protocol_errors_look_like_bankid() {
    let env = env().await;
    let http = &env.http;
    let r = http
        .get(format!("{}/rp/v6.0/auth", env.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errorCode"],
        "methodNotAllowed"
    );
    let r = http
        .post(format!("{}/rp/v6.0/auth", env.base))
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"endUserIp":"192.0.2.1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let r = http
        .post(format!("{}/rp/v6.0/nope", env.base))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["errorCode"], "notFound");
    let err = env
        .client
        .auth(&AuthRequest {
            end_user_ip: "not-an-ip".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(code_of(err), "invalidParameters");
    let err = env.client.sign(&auth_req()).await.unwrap_err();
    assert_eq!(
        code_of(err),
        "invalidParameters",
        "sign requires userVisibleData"
    );
}

fn phone_req(initiator: CallInitiator) -> PhoneRequest {
    PhoneRequest {
        personal_number: ANNA.into(),
        call_initiator: initiator,
        user_visible_data: None,
        user_visible_data_format: None,
        user_non_visible_data: None,
        requirement: None,
    }
}

#[tokio::test]
async fn phone_auth_waits_for_the_call_to_be_confirmed_then_completes() {
    let env = env().await;
    // The wire answer has the order reference and nothing else: no QR, no autostart.
    let raw: Value = env
        .http
        .post(format!("{}/rp/v6.0/phone/auth", env.base))
        .json(&json!({ "personalNumber": ANNA, "callInitiator": "RP" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: Vec<&String> = raw.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["orderRef"], "{raw}");
    let order_ref = raw["orderRef"].as_str().unwrap().to_owned();
    let c = env.client.collect(&order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Pending, Some(HintCode::UserCallConfirm))
    );
    // Approving before confirming the call is not possible in the app.
    let (status, body) = env
        .control("approve", json!({ "orderRef": order_ref }))
        .await;
    assert_eq!(
        (status, body["errorCode"].as_str()),
        (400, Some("callNotConfirmed"))
    );
    let (status, _) = env
        .control("call", json!({ "orderRef": order_ref, "confirmed": true }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        env.client.collect(&order_ref).await.unwrap().hint_code,
        Some(HintCode::UserSign)
    );
    env.control("approve", json!({ "orderRef": order_ref }))
        .await;
    let c = env.client.collect(&order_ref).await.unwrap();
    assert_eq!(c.status, Status::Complete);
    let data = c.completion_data.unwrap();
    assert_eq!(data.user.personal_number, ANNA);
    assert_eq!(data.user.given_name, "Anna");
    assert!(data.step_up.is_none());

    // Through the typed client, the user calling in; declining the call fails the order.
    let order = env
        .client
        .phone_auth(&phone_req(CallInitiator::User))
        .await
        .unwrap();
    env.control(
        "call",
        json!({ "orderRef": order.order_ref, "confirmed": false }),
    )
    .await;
    let c = env.client.collect(&order.order_ref).await.unwrap();
    assert_eq!(
        (c.status, c.hint_code),
        (Status::Failed, Some(HintCode::UserDeclinedCall))
    );
}

#[tokio::test]
async fn phone_orders_are_validated_like_bankid_does() {
    let env = env().await;
    // Sign needs userVisibleData; auth does not.
    let e = env
        .client
        .phone_sign(&phone_req(CallInitiator::Rp))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), "invalidParameters");
    let mut sign = phone_req(CallInitiator::Rp);
    sign.user_visible_data = Some(base64_encode("Godkänn avtalet"));
    assert!(env.client.phone_sign(&sign).await.is_ok());
    // A second phone order for the same person while one is pending.
    let e = env
        .client
        .phone_auth(&phone_req(CallInitiator::Rp))
        .await
        .unwrap_err();
    assert_eq!(code_of(e), "alreadyInProgress");
    for bad in [
        json!({ "personalNumber": ANNA, "callInitiator": "rp" }),
        json!({ "personalNumber": ANNA }),
        json!({ "personalNumber": "198503122388", "callInitiator": "user" }),
        json!({ "personalNumber": "8503122387", "callInitiator": "user" }),
        json!({ "callInitiator": "user" }),
    ] {
        let r = env
            .http
            .post(format!("{}/rp/v6.0/phone/auth", env.base))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errorCode"], "invalidParameters", "{bad}");
    }
}

fn base64_encode(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[tokio::test]
async fn requiring_an_id_document_asks_for_it_and_reports_step_up() {
    let env = env().await;
    for passed in [true, false] {
        let order = env
            .client
            .auth(&AuthRequest {
                requirement: Some(Requirement {
                    mrtd: Some(true),
                    ..Default::default()
                }),
                ..auth_req()
            })
            .await
            .unwrap();
        let qr = qr_data(&order.qr_start_token, &order.qr_start_secret, 0);
        let (_, started) = env
            .control("scan", json!({ "qrData": qr, "personalNumber": ANNA }))
            .await;
        assert_eq!(started["idDocumentRequired"], true);
        let c = env.client.collect(&order.order_ref).await.unwrap();
        assert_eq!(c.hint_code, Some(HintCode::UserMrtd));
        assert_eq!(
            kretslopp_bankid::messages::for_collect(
                Status::Pending,
                c.hint_code.as_ref(),
                kretslopp_bankid::messages::Flow::Qr
            ),
            Some(kretslopp_domain::Rfa::Rfa23)
        );
        let (status, body) = env
            .control("approve", json!({ "orderRef": order.order_ref }))
            .await;
        assert_eq!(
            (status, body["errorCode"].as_str()),
            (400, Some("idDocumentPending"))
        );
        env.control(
            "id-document",
            json!({ "orderRef": order.order_ref, "passed": passed }),
        )
        .await;
        assert_eq!(
            env.client
                .collect(&order.order_ref)
                .await
                .unwrap()
                .hint_code,
            Some(HintCode::UserSign)
        );
        env.control("approve", json!({ "orderRef": order.order_ref }))
            .await;
        // On the wire: "stepUp": {"mrtd": <passed>}.
        let raw = env.raw_collect(&order.order_ref).await;
        assert_eq!(
            raw["completionData"]["stepUp"],
            json!({ "mrtd": passed }),
            "{raw}"
        );
    }
    // Without the requirement there is no stepUp at all.
    let order = env.client.auth(&auth_req()).await.unwrap();
    let qr = qr_data(&order.qr_start_token, &order.qr_start_secret, 0);
    env.control("scan", json!({ "qrData": qr, "personalNumber": ANNA }))
        .await;
    env.control("approve", json!({ "orderRef": order.order_ref }))
        .await;
    let raw = env.raw_collect(&order.order_ref).await;
    assert!(raw["completionData"].get("stepUp").is_none(), "{raw}");
}
