mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn access_tokens_expire_and_refresh_rotates() {
    let s = TestServer::start().await;
    let (access, refresh) = s.login(ANNA).await;
    s.clock.advance_secs(15 * 60);
    let r = s.get("/v1/me", Some(&access)).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("invalid-token"))
    );

    let r = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let access2 = r.body["accessToken"].as_str().unwrap().to_owned();
    let refresh2 = r.body["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(refresh, refresh2);
    assert_eq!(s.get("/v1/me", Some(&access2)).await.status, 200);
}

#[tokio::test]
async fn a_lost_refresh_answer_is_recovered_within_the_grace_window() {
    let s = TestServer::start().await;
    let (_, refresh) = s.login(ANNA).await;
    let lost = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    let lost_access = lost.body["accessToken"].as_str().unwrap().to_owned();
    s.clock.advance_secs(30);
    let retry = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    assert_eq!(retry.status, 200);
    let access = retry.body["accessToken"].as_str().unwrap();
    assert_eq!(s.get("/v1/me", Some(access)).await.status, 200);
    assert_eq!(
        s.get("/v1/me", Some(&lost_access)).await.status,
        401,
        "the lost pair is replaced"
    );
}

#[tokio::test]
async fn reusing_an_old_refresh_token_after_the_grace_window_ends_the_session() {
    let s = TestServer::start().await;
    let (_, refresh) = s.login(ANNA).await;
    let r = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    let current_access = r.body["accessToken"].as_str().unwrap().to_owned();
    let current_refresh = r.body["refreshToken"].as_str().unwrap().to_owned();
    s.clock.advance_secs(61);
    let stolen = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    assert_eq!(
        (stolen.status, stolen.body["code"].as_str()),
        (401, Some("invalid-refresh-token"))
    );
    assert_eq!(s.get("/v1/me", Some(&current_access)).await.status, 401);
    let r = s
        .post(
            "/v1/auth/refresh",
            json!({ "refreshToken": current_refresh }),
            None,
        )
        .await;
    assert_eq!(r.status, 401, "the whole session is revoked");
}

#[tokio::test]
async fn logout_revokes_the_session_immediately() {
    let s = TestServer::start().await;
    let (access, refresh) = s.login(ANNA).await;
    let r = s.post("/v1/auth/logout", json!({}), Some(&access)).await;
    assert_eq!(r.status, 204);
    assert_eq!(s.get("/v1/me", Some(&access)).await.status, 401);
    let r = s
        .post("/v1/auth/refresh", json!({ "refreshToken": refresh }), None)
        .await;
    assert_eq!(r.status, 401);
    let r = s.post("/v1/auth/logout", json!({}), Some(&access)).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("invalid-token"))
    );
}

#[tokio::test]
async fn missing_and_malformed_credentials_get_problem_documents() {
    let s = TestServer::start().await;
    let r = s.get("/v1/me", None).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    assert_eq!(r.content_type, "application/problem+json");
    let r = s.get("/v1/me", Some("kla_garbage")).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("invalid-token"))
    );
    let r = s
        .post("/v1/auth/refresh", json!({ "refreshToken": "nope" }), None)
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("invalid-refresh-token"))
    );
}

#[tokio::test]
async fn the_same_person_logging_in_twice_is_one_person_with_two_sessions() {
    let s = TestServer::start().await;
    let (a1, _) = s.login(ANNA).await;
    let (a2, _) = s.login(ANNA).await;
    let m1 = s.get("/v1/me", Some(&a1)).await;
    let m2 = s.get("/v1/me", Some(&a2)).await;
    assert_eq!(m1.body["personId"], m2.body["personId"]);
    s.post("/v1/auth/logout", json!({}), Some(&a1)).await;
    assert_eq!(
        s.get("/v1/me", Some(&a2)).await.status,
        200,
        "logging out one device keeps the other"
    );
}
