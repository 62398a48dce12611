//! The authorization matrix: every endpoint × every kind of caller → the expected status.
//! Built against the router's own route list, so a new endpoint without a row fails here.
//! Each route runs on a fresh backend; the callers go in an order that lets the allowed
//! ones change data last.

mod common;

use common::*;
use serde_json::{json, Value};

/// Callers, in the order they run. Each acts on its own customer: holder and delegate on
/// Anna's household, admin and user on Norrbageriet AB, and "other" — holder of another
/// household — on Anna's household, which is not theirs.
const ACTORS: [&str; 6] = ["anonymous", "other", "user", "delegate", "admin", "holder"];

#[rustfmt::skip]
const MATRIX: &[(&str, &str, [u16; 6])] = &[
    //                                                   anon other user deleg admin holder
    ("POST",   "/v1/auth/bankid",                        [201, 201, 201, 201, 201, 201]),
    ("GET",    "/v1/auth/bankid/{id}",                   [400, 400, 400, 400, 400, 400]),
    ("DELETE", "/v1/auth/bankid/{id}",                   [400, 400, 400, 400, 400, 400]),
    ("POST",   "/v1/auth/refresh",                       [401, 401, 401, 401, 401, 401]),
    ("POST",   "/v1/auth/logout",                        [401, 204, 204, 204, 204, 204]),
    ("GET",    "/v1/me",                                 [401, 200, 200, 200, 200, 200]),
    ("DELETE", "/v1/me",                                 [401, 409, 204, 409, 409, 409]),
    ("PUT",    "/v1/me/account",                         [401, 200, 200, 200, 200, 200]),
    ("PUT",    "/v1/me/active-customer",                 [401, 404, 200, 200, 200, 200]),
    ("GET",    "/v1/me/sessions",                        [401, 200, 200, 200, 200, 200]),
    // Delegate and admin are one person (Erik): his "log out everywhere" ends both.
    ("DELETE", "/v1/me/sessions",                        [401, 204, 204, 204, 401, 204]),
    ("DELETE", "/v1/me/sessions/{id}",                   [401, 404, 404, 404, 404, 204]),
    ("GET",    "/v1/me/export",                          [401, 200, 200, 200, 200, 200]),
    ("POST",   "/v1/onboarding/legacy-link",             [401, 201, 201, 201, 201, 201]),
    ("POST",   "/v1/onboarding/company",                 [401, 404, 404, 404, 404, 201]),
    // The lock e-mail's link: a capability, whoever holds it; without a live token, 404.
    ("GET",    "/v1/legacy-linking/reopen",              [404, 404, 404, 404, 404, 404]),
    ("POST",   "/v1/legacy-linking/reopen",              [404, 404, 404, 404, 404, 404]),
    ("GET",    "/v1/customers/{id}",                     [401, 404, 200, 200, 200, 200]),
    ("PUT",    "/v1/customers/{id}/invoice-address",     [401, 404, 403, 403, 200, 200]),
    ("GET",    "/v1/customers/{id}/members",             [401, 404, 403, 403, 200, 200]),
    ("PATCH",  "/v1/customers/{id}/members/{memberId}",  [401, 404, 403, 403, 204, 400]),
    ("DELETE", "/v1/customers/{id}/members/{memberId}",  [401, 404, 403, 403, 204, 204]),
    ("POST",   "/v1/customers/{id}/members/{memberId}/approve", [401, 404, 403, 403, 204, 409]),
    ("PUT",    "/v1/customers/{id}/members/{memberId}/kommuner", [401, 404, 200, 200, 200, 200]),
    ("PUT",    "/v1/customers/{id}/legacy-linking",      [401, 404, 403, 403, 200, 403]),
    ("GET",    "/v1/customers/{id}/services",            [401, 404, 200, 200, 200, 200]),
    ("GET",    "/v1/customers/{id}/calendar",            [401, 404, 200, 200, 200, 200]),
    ("GET",    "/v1/customers/{id}/calendar.ics",        [401, 404, 200, 200, 200, 200]),
    ("POST",   "/v1/customers/{id}/calendar-feed",       [401, 404, 201, 201, 201, 201]),
    ("DELETE", "/v1/customers/{id}/calendar-feed",       [401, 404, 204, 204, 204, 204]),
    ("GET",    "/v1/calendar-feeds/{token}",             [404, 404, 404, 404, 404, 404]),
    ("GET",    "/v1/sync",                               [401, 200, 200, 200, 200, 200]),
    ("GET",    "/v1/kommuner",                           [200, 200, 200, 200, 200, 200]),
    ("GET",    "/v1/openapi.json",                       [200, 200, 200, 200, 200, 200]),
    ("GET",    "/v1/health",                             [200, 200, 200, 200, 200, 200]),
];

struct World {
    /// Per actor: token, target customer, a member of that customer to act on.
    actors: Vec<(Option<String>, &'static str, String)>,
    holder_session: String,
    holder_claim: String,
}

async fn world(s: &TestServer) -> World {
    let anna = s.token(ANNA).await;
    let erik_h = s.token(ERIK).await;
    let erik_a = s.token(ERIK).await;
    let sara = s.token(SARA).await;
    let karin = s.token(KARIN).await;
    // A pending member on Norrbageriet, for approvals.
    let johan = s.token(JOHAN).await;
    let pending = s.johan_pending_at_norrbageriet(&johan, &erik_a).await;
    let delegate_member = s.member_id(&erik_h, HOUSEHOLD_ANNA).await;
    let user_member = s.member_id(&sara, NORRBAGERIET).await;
    let holder_session = s.get("/v1/me/sessions", Some(&anna)).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let holder_claim = s
        .post(
            "/v1/onboarding/legacy-link",
            json!({ "customerNumber": "52001", "orgnrLastFour": "4561" }),
            Some(&anna),
        )
        .await
        .body["claimId"]
        .as_str()
        .unwrap()
        .to_owned();
    World {
        actors: vec![
            (None, HOUSEHOLD_ANNA, delegate_member.clone()),
            (Some(karin), HOUSEHOLD_ANNA, delegate_member.clone()),
            (Some(sara), NORRBAGERIET, user_member.clone()),
            (Some(erik_h), HOUSEHOLD_ANNA, delegate_member.clone()),
            (Some(erik_a), NORRBAGERIET, user_member),
            (Some(anna), HOUSEHOLD_ANNA, delegate_member),
        ],
        holder_session,
        holder_claim,
    }
    .with_pending(pending)
}

impl World {
    /// Approvals act on the pending member instead.
    fn with_pending(mut self, pending: String) -> Self {
        self.actors.push((None, NORRBAGERIET, pending));
        self
    }

    fn pending(&self) -> &str {
        &self.actors[6].2
    }
}

fn request(w: &World, actor: usize, method: &str, template: &str) -> (String, Value) {
    let (_, customer, member) = &w.actors[actor];
    let member = if template.ends_with("/approve") && *customer == NORRBAGERIET {
        w.pending()
    } else {
        member.as_str()
    };
    let id = match template {
        t if t.starts_with("/v1/auth/bankid/") => "not-a-login-id",
        "/v1/me/sessions/{id}" => w.holder_session.as_str(),
        _ => customer,
    };
    let mut path = template.replace("{id}", id).replace("{memberId}", member);
    if template.ends_with("/calendar") || template.ends_with("/calendar.ics") {
        path.push_str("?from=2027-01-01&to=2027-03-31");
    }
    let contact = json!({ "firstName": "Test", "lastName": "Person", "email": "test@example.se", "phone": "0701234567" });
    let body = match (method, template) {
        ("POST", "/v1/auth/bankid") => json!({ "method": "qr", "platform": "desktop" }),
        ("POST", "/v1/auth/refresh") => json!({ "refreshToken": "klr_not-a-real-token" }),
        ("PUT", "/v1/me/account") => contact,
        ("PUT", "/v1/me/active-customer") => json!({ "customerId": customer }),
        ("POST", "/v1/onboarding/legacy-link") => {
            json!({ "customerNumber": "52001", "orgnrLastFour": "4561" })
        }
        ("POST", "/v1/onboarding/company") => {
            let mut c = contact;
            c["claimId"] = json!(w.holder_claim);
            c
        }
        ("PUT", t) if t.ends_with("/invoice-address") => {
            json!({ "line1": "Gatan 1", "postalCode": "11122", "city": "Stockholm" })
        }
        ("PATCH", _) => json!({ "role": "admin" }),
        ("PUT", t) if t.ends_with("/kommuner") => json!({ "kommuner": [] }),
        ("PUT", t) if t.ends_with("/legacy-linking") => json!({ "open": false }),
        ("POST", t) if t.ends_with("/calendar-feed") => json!({}),
        _ => Value::Null,
    };
    (path, body)
}

#[tokio::test]
async fn every_endpoint_has_a_row_and_every_row_is_an_endpoint() {
    let mut routes: Vec<(&str, &str)> = kretslopp_server::routes::ROUTES.to_vec();
    let mut rows: Vec<(&str, &str)> = MATRIX.iter().map(|(m, p, _)| (*m, *p)).collect();
    routes.sort();
    rows.sort();
    assert_eq!(
        rows, routes,
        "the authorization matrix must list exactly the router's routes"
    );
}

#[tokio::test]
async fn every_endpoint_answers_every_caller_as_the_matrix_says() {
    let mut failures = Vec::new();
    for (method, template, expected) in MATRIX {
        let s = TestServer::start().await;
        let w = world(&s).await;
        for (i, actor) in ACTORS.iter().enumerate() {
            let (path, body) = request(&w, i, method, template);
            let r = s.call(method, &path, body, w.actors[i].0.as_deref()).await;
            if r.status != expected[i] {
                failures.push(format!(
                    "{method} {template} as {actor}: {} (expected {}) {}",
                    r.status, expected[i], r.body
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_member_id_of_another_customer_is_not_found_through_ones_own() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let anna = s.token(ANNA).await;
    let anna_member = s.member_id(&anna, HOUSEHOLD_ANNA).await;
    // Erik administers Norrbageriet; Anna's household membership is not under it.
    for (method, suffix, body) in [
        ("PATCH", "", json!({ "role": "user" })),
        ("DELETE", "", Value::Null),
        ("POST", "/approve", Value::Null),
        ("PUT", "/kommuner", json!({ "kommuner": [] })),
    ] {
        let r = s
            .call(
                method,
                &format!("/v1/customers/{NORRBAGERIET}/members/{anna_member}{suffix}"),
                body,
                Some(&erik),
            )
            .await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (404, Some("member-not-found")),
            "{method} {suffix}"
        );
    }
    assert_eq!(
        s.get(&format!("/v1/customers/{HOUSEHOLD_ANNA}"), Some(&anna))
            .await
            .status,
        200
    );
}
