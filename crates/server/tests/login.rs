mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn qr_login_completes_and_the_person_is_greeted_by_name() {
    let s = TestServer::start().await;
    let (id, first_qr) = s.start_qr_login().await;
    assert!(expected_qr_shape(&first_qr));
    assert!(first_qr.contains(".0."), "second 0 first: {first_qr}");

    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(
        (r.body["status"].as_str(), r.body["rfa"].as_str()),
        (Some("pending"), Some("RFA1"))
    );
    s.clock.advance_secs(1);
    let r2 = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_ne!(r.body["qr"], r2.body["qr"], "new QR content every second");
    assert!(r2.body["qr"].as_str().unwrap().contains(".1."));

    let (access, _) = s.login(ANNA).await;
    let me = s.get("/v1/me", Some(&access)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["name"], "Anna Andersson");
    assert!(
        !me.body.to_string().contains(ANNA),
        "no personnummer in /v1/me"
    );
}

#[tokio::test]
async fn status_follows_the_bankid_app_and_collect_is_throttled() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let path = format!("/v1/auth/bankid/{id}");
    let order_ref = s.scan_current_qr(&id, ANNA).await; // this poll collected at t=0
                                                        // Within two seconds of the last collect BankID is not asked again.
    s.clock.advance_ms(1500);
    let r = s.get(&path, None).await;
    assert_eq!(r.body["hintCode"], "outstandingTransaction");
    s.clock.advance_ms(500);
    let r = s.get(&path, None).await;
    assert_eq!(
        (r.body["hintCode"].as_str(), r.body["rfa"].as_str()),
        (Some("userSign"), Some("RFA9"))
    );
    assert!(r.body.get("qr").is_none(), "no QR once scanned");

    s.sim("cancel", json!({ "orderRef": order_ref })).await;
    s.clock.advance_secs(2);
    let r = s.get(&path, None).await;
    assert_eq!(
        (
            r.body["status"].as_str(),
            r.body["hintCode"].as_str(),
            r.body["rfa"].as_str()
        ),
        (Some("failed"), Some("userCancel"), Some("RFA6"))
    );
}

#[tokio::test]
async fn unscanned_qr_fails_with_rfa17b_and_unknown_hints_map_to_rfa21_and_rfa22() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    s.clock.advance_secs(30);
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(
        (r.body["status"].as_str(), r.body["rfa"].as_str()),
        (Some("failed"), Some("RFA17B"))
    );

    let (id, _) = s.start_qr_login().await;
    let order_ref = s.scan_current_qr(&id, ANNA).await;
    s.sim(
        "hint",
        json!({ "orderRef": order_ref, "hintCode": "futurePendingCode" }),
    )
    .await;
    s.clock.advance_secs(2);
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(r.body["rfa"], "RFA21");
    s.sim(
        "fail",
        json!({ "orderRef": order_ref, "hintCode": "futureFailedCode" }),
    )
    .await;
    s.clock.advance_secs(2);
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(
        (r.body["status"].as_str(), r.body["rfa"].as_str()),
        (Some("failed"), Some("RFA22"))
    );
}

#[tokio::test]
async fn same_device_login_returns_launch_urls_and_uses_rfa13() {
    let s = TestServer::start().await;
    let r = s
        .post(
            "/v1/auth/bankid",
            json!({ "method": "sameDevice", "platform": "desktop" }),
            None,
        )
        .await;
    assert_eq!(r.status, 201);
    let launch = r.body["launch"]["desktop"].as_str().unwrap();
    assert!(
        launch.starts_with(&format!("{}/?autostarttoken=", s.sim)),
        "{launch}"
    );
    let id = r.body["loginId"].as_str().unwrap();
    let poll = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(poll.body["rfa"], "RFA13");
    assert!(poll.body.get("qr").is_none());
    let token = launch.split("autostarttoken=").nth(1).unwrap();
    let started = s
        .sim(
            "open",
            json!({ "autoStartToken": token, "personalNumber": ANNA }),
        )
        .await;
    s.sim("approve", json!({ "orderRef": started["orderRef"] }))
        .await;
    s.clock.advance_secs(2);
    let done = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(done.body["status"], "complete");
}

#[tokio::test]
async fn cancel_ends_the_login_and_further_use_gets_clear_errors() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let path = format!("/v1/auth/bankid/{id}");
    assert_eq!(s.delete(&path).await.status, 204);
    let r = s.get(&path, None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (410, Some("login-cancelled"))
    );
    assert_eq!(r.content_type, "application/problem+json");
    let r = s.delete(&path).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (410, Some("login-cancelled"))
    );
}

#[tokio::test]
async fn unknown_malformed_and_foreign_login_ids_are_refused_without_side_effects() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let unknown = format!("kli_{}", "A".repeat(43));
    for (path, status, code) in [
        (format!("/v1/auth/bankid/{unknown}"), 404, "login-not-found"),
        (
            "/v1/auth/bankid/not-a-login".to_owned(),
            400,
            "invalid-login-id",
        ),
        (format!("/v1/auth/bankid/{}x", id), 400, "invalid-login-id"),
    ] {
        let r = s.get(&path, None).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (status, Some(code)),
            "{path}"
        );
        assert_eq!(r.content_type, "application/problem+json");
        let r = s.delete(&path).await;
        assert_eq!(r.status, status, "{path}");
    }
    // The real login is untouched by all of that.
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(r.body["status"], "pending");
}

#[tokio::test]
async fn a_completed_login_delivers_its_session_exactly_once() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let order_ref = s.scan_current_qr(&id, ANNA).await;
    s.sim("approve", json!({ "orderRef": order_ref })).await;
    s.clock.advance_secs(2);
    let path = format!("/v1/auth/bankid/{id}");
    // Several polls at the moment of completion (two windows, or an attacker racing the
    // app): exactly one gets a session.
    let (a, b, c, d) = tokio::join!(
        s.get(&path, None),
        s.get(&path, None),
        s.get(&path, None),
        s.get(&path, None)
    );
    let polls = [a, b, c, d];
    let sessions: Vec<&str> = polls
        .iter()
        .filter_map(|r| r.body["session"]["accessToken"].as_str())
        .collect();
    assert_eq!(
        sessions.len(),
        1,
        "{:?}",
        polls.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    for r in polls.iter().filter(|r| r.body["session"].is_null()) {
        assert!(
            r.status == 410 && r.body["code"] == "login-already-used"
                || r.status == 200 && r.body["status"] == "pending",
            "{} {}",
            r.status,
            r.body
        );
    }
    assert_eq!(
        s.get("/v1/me", Some(sessions[0])).await.status,
        200,
        "the one session works"
    );
    // Every later poll says the login is finished, and hands out nothing.
    for _ in 0..3 {
        let r = s.get(&path, None).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (410, Some("login-already-used"))
        );
    }
    assert_eq!(
        s.get("/v1/me", Some(sessions[0])).await.status,
        200,
        "and is not revoked"
    );
    let devices = s.get("/v1/me/sessions", Some(sessions[0])).await;
    assert_eq!(
        devices.body.as_array().map(Vec::len),
        Some(1),
        "{}",
        devices.body
    );
}

#[tokio::test]
async fn start_validates_its_input_field_by_field() {
    let s = TestServer::start().await;
    let cases = [
        (json!({ "method": "qr" }), 400, "invalid-body"),
        (
            json!({ "method": "fax", "platform": "desktop" }),
            400,
            "invalid-body",
        ),
        (
            json!({ "method": "qr", "platform": "desktop", "extra": 1 }),
            400,
            "invalid-body",
        ),
        (
            json!({ "method": "qr", "platform": "desktop", "lang": "de" }),
            400,
            "validation-failed",
        ),
        (
            json!({ "method": "sameDevice", "platform": "mobile" }),
            400,
            "validation-failed",
        ),
        (
            json!({ "method": "sameDevice", "platform": "mobile", "returnNonce": "short" }),
            400,
            "validation-failed",
        ),
        (
            json!({ "method": "qr", "platform": "desktop", "returnNonce": "a".repeat(30) }),
            400,
            "validation-failed",
        ),
    ];
    for (body, status, code) in cases {
        let r = s.post("/v1/auth/bankid", body.clone(), None).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (status, Some(code)),
            "{body}"
        );
    }
    let r = s
        .post(
            "/v1/auth/bankid",
            json!({ "method": "sameDevice", "platform": "mobile", "lang": "sv" }),
            None,
        )
        .await;
    assert_eq!(r.body["errors"][0]["field"], "returnNonce");
    let r = s
        .send(
            s.http
                .post(format!("{}/v1/auth/bankid", s.base))
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (415, Some("unsupported-media-type"))
    );
    let ok = s
        .post(
            "/v1/auth/bankid",
            json!({ "method": "sameDevice", "platform": "mobile", "returnNonce": "n".repeat(32) }),
            None,
        )
        .await;
    assert_eq!(ok.status, 201);
    assert!(ok.body["launch"]["mobile"]
        .as_str()
        .unwrap()
        .contains("autostarttoken="));
}

#[tokio::test]
async fn ipv6_clients_are_limited_per_64_and_mapped_ipv4_counts_as_ipv4() {
    let s = TestServer::start().await;
    let max = kretslopp_server::rate_limit::LOGIN_START.max;
    let start_from = |ip: String| {
        s.send(
            s.http
                .post(format!("{}/v1/auth/bankid", s.base))
                .header("x-forwarded-for", ip)
                .json(&json!({ "method": "qr", "platform": "desktop" })),
        )
    };
    // A new address of the same /64 for every start buys nothing.
    for i in 0..max {
        let r = start_from(format!("2001:db8:7:7::{:x}", i + 1)).await;
        assert_eq!(r.status, 201, "{i}: {}", r.body);
    }
    let r = start_from("2001:db8:7:7:dead:beef:0:1".into()).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (429, Some("too-many-requests"))
    );
    // The neighbouring /64 is another subscriber.
    assert_eq!(start_from("2001:db8:7:8::1".into()).await.status, 201);
    // ::ffff:a.b.c.d is a.b.c.d: one budget, not two.
    for i in 0..max {
        let ip = if i % 2 == 0 {
            "198.51.100.7"
        } else {
            "::ffff:198.51.100.7"
        };
        assert_eq!(start_from(ip.into()).await.status, 201, "{i}");
    }
    assert_eq!(start_from("::ffff:198.51.100.7".into()).await.status, 429);
    assert_eq!(start_from("198.51.100.7".into()).await.status, 429);
}

#[tokio::test]
async fn login_starts_are_limited_per_address_and_the_limit_resets() {
    let s = TestServer::start().await;
    let max = kretslopp_server::rate_limit::LOGIN_START.max;
    for _ in 0..max {
        s.start_qr_login().await;
    }
    let r = s
        .post(
            "/v1/auth/bankid",
            json!({ "method": "qr", "platform": "desktop" }),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (429, Some("too-many-requests"))
    );
    assert_eq!(r.content_type, "application/problem+json");
    let raw = s
        .http
        .post(format!("{}/v1/auth/bankid", s.base))
        .json(&json!({ "method": "qr", "platform": "desktop" }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 429);
    let retry_after: u64 = raw.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    s.clock
        .advance_ms(kretslopp_server::rate_limit::LOGIN_START.window_ms);
    s.start_qr_login().await;
}

/// Each instance keeps the logins it polls in memory between collects; the database stays
/// the truth they share. A login that ends on one instance is seen as ended on the other
/// by its next collect slot at the latest, and the session is handed out once.
#[tokio::test]
async fn a_login_ended_on_one_instance_ends_on_the_other_within_the_collect_interval() {
    let s = TestServer::start().await;
    let (other, _dir) = s.another_instance().await;
    let http = reqwest::Client::new();
    let poll_other = |id: String| {
        let (http, api) = (http.clone(), other.api.clone());
        async move {
            let r = http
                .get(format!("{api}/v1/auth/bankid/{id}"))
                .send()
                .await
                .unwrap();
            (
                r.status().as_u16(),
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };

    // Completed on the other instance: this one, which polled it before, answers 410.
    let (id, _) = s.start_qr_login().await;
    let order_ref = s.scan_current_qr(&id, ANNA).await; // this instance collects at t=0
    s.sim("approve", json!({ "orderRef": order_ref })).await;
    s.clock.advance_secs(2);
    let (status, body) = poll_other(id.clone()).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("complete")));
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (410, Some("login-already-used")),
        "{}",
        r.body
    );

    // Cancelled on this instance between two of its collects: gone here at once, and on
    // the other instance too.
    let (id, _) = s.start_qr_login().await;
    s.scan_current_qr(&id, ERIK).await;
    s.clock.advance_ms(500);
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/v1/auth/bankid/{id}"),
            serde_json::Value::Null,
            None
        )
        .await
        .status,
        204
    );
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(r.status, 410, "{}", r.body);
    let (status, body) = poll_other(id.clone()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("login-cancelled")),
        "{body}"
    );

    // Polled on both, cancelled on the other: this instance may answer from memory until
    // its collect is due, never longer.
    let (id, _) = s.start_qr_login().await;
    s.scan_current_qr(&id, SARA).await; // this instance collects now
    let (status, _) = poll_other(id.clone()).await; // the other reads the row
    assert_eq!(status, 200);
    s.clock.advance_ms(500);
    let r = http
        .delete(format!("{}/v1/auth/bankid/{id}", other.api))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    s.clock.advance_ms(1500);
    let r = s.get(&format!("/v1/auth/bankid/{id}"), None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (410, Some("login-cancelled")),
        "{}",
        r.body
    );
}

/// The polls' writes are batched (`login_writes`); concurrent polls of one login that all
/// find its collect due still claim the slot once, and the newest hint is the one stored.
#[tokio::test]
async fn concurrent_claims_of_one_login_let_one_poll_collect_and_the_newest_hint_wins() {
    let s = TestServer::start().await;
    let (id, _) = s.start_qr_login().await;
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    let writes = kretslopp_server::login_writes::LoginWrites::start(
        db.clone(),
        std::sync::Arc::new(s.clock.clone()),
        2000,
    );
    let id_hash = kretslopp_server::secrets::sha256_hex(&id);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (writes, id_hash) = (writes.clone(), id_hash.clone());
        tasks.spawn(async move { writes.claim(&id_hash).await });
    }
    let claims = tasks.join_all().await;
    let won: Vec<_> = claims.iter().filter(|c| matches!(c, Ok(Some(_)))).collect();
    assert_eq!(won.len(), 1, "{claims:?}");
    assert!(claims.iter().all(Result::is_ok));
    // Within the interval nobody may claim; after it, one again.
    s.clock.advance_ms(1999);
    assert_eq!(writes.claim(&id_hash).await, Ok(None));
    s.clock.advance_ms(1);
    assert!(matches!(writes.claim(&id_hash).await, Ok(Some(_))));

    let (a, b) = tokio::join!(
        writes.hint(&id_hash, Some("started".into())),
        writes.hint(&id_hash, Some("userSign".into()))
    );
    assert_eq!((a, b), (Ok(()), Ok(())));
    let stored: Option<String> =
        sqlx::query_scalar("SELECT hint_code FROM bankid_logins WHERE id_hash = $1")
            .bind(&id_hash)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some("userSign"));

    // An unknown or ended login is never claimed.
    assert_eq!(writes.claim("0".repeat(64).as_str()).await, Ok(None));
    s.call(
        "DELETE",
        &format!("/v1/auth/bankid/{id}"),
        serde_json::Value::Null,
        None,
    )
    .await;
    s.clock.advance_ms(2000);
    assert_eq!(writes.claim(&id_hash).await, Ok(None));
}
