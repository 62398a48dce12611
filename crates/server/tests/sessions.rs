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
    // Exactly the answer that was lost, not a new pair.
    assert_eq!(retry.body["accessToken"], lost.body["accessToken"]);
    assert_eq!(retry.body["refreshToken"], lost.body["refreshToken"]);
    assert_eq!(retry.body["expiresIn"], 15 * 60 - 30, "{}", retry.body);
    assert_eq!(s.get("/v1/me", Some(&lost_access)).await.status, 200);
}

#[tokio::test]
async fn a_replayed_refresh_token_cannot_branch_or_take_over_the_session() {
    let s = TestServer::start().await;
    let (_, r1) = s.login(ANNA).await;
    // The rightful holder rotates R1 to R2.
    let holder = s
        .post("/v1/auth/refresh", json!({ "refreshToken": r1 }), None)
        .await;
    let a2 = holder.body["accessToken"].as_str().unwrap().to_owned();
    let r2 = holder.body["refreshToken"].as_str().unwrap().to_owned();
    // Someone replays R1 within the grace window: they learn nothing new...
    s.clock.advance_secs(10);
    let replay = s
        .post("/v1/auth/refresh", json!({ "refreshToken": r1 }), None)
        .await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.body["refreshToken"].as_str(), Some(r2.as_str()));
    assert_eq!(replay.body["accessToken"].as_str(), Some(a2.as_str()));
    // ...and the holder is not logged out: their access token and R2 still work.
    assert_eq!(s.get("/v1/me", Some(&a2)).await.status, 200);
    let next = s
        .post("/v1/auth/refresh", json!({ "refreshToken": r2 }), None)
        .await;
    assert_eq!(next.status, 200, "{}", next.body);
    // Once R2 has rotated, R1 opens nothing at all.
    let late = s
        .post("/v1/auth/refresh", json!({ "refreshToken": r1 }), None)
        .await;
    assert_eq!(
        (late.status, late.body["code"].as_str()),
        (401, Some("invalid-refresh-token"))
    );
    let a3 = next.body["accessToken"].as_str().unwrap();
    assert_eq!(s.get("/v1/me", Some(a3)).await.status, 200);
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_yield_one_successor() {
    let s = TestServer::start().await;
    let (_, r1) = s.login(ANNA).await;
    let body = json!({ "refreshToken": r1 });
    let (a, b, c) = tokio::join!(
        s.post("/v1/auth/refresh", body.clone(), None),
        s.post("/v1/auth/refresh", body.clone(), None),
        s.post("/v1/auth/refresh", body.clone(), None)
    );
    let mut successors = std::collections::HashSet::new();
    for r in [a, b, c] {
        match r.status {
            200 => {
                successors.insert(r.body["refreshToken"].as_str().unwrap().to_owned());
            }
            409 => assert_eq!(r.body["code"], "refresh-in-progress"),
            other => panic!("{other} {}", r.body),
        }
    }
    assert_eq!(successors.len(), 1, "{successors:?}");
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
