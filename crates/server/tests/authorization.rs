//! The authorization matrix: every endpoint × every kind of caller → the expected status.
//! Built against the router's own route list, so a new endpoint without a row fails here.
//! Each route runs on a fresh backend; the callers go in an order that lets the allowed
//! ones change data last.

mod common;

use common::*;
use kretslopp_domain::{may, Action, Role};
use serde_json::{json, Value};

/// Callers, in the order they run. Each acts on its own customer: holder and delegate on
/// Anna's household, admin and user on Norrbageriet AB, and "other" — holder of another
/// household — on Anna's household, which is not theirs.
const ACTORS: [&str; 6] = ["anonymous", "other", "user", "delegate", "admin", "holder"];

/// What a route answers each caller. Customer routes derive from the permission table
/// (`domain::may`), so a change to who may do what changes this test with it.
#[derive(Clone, Copy)]
enum Rule {
    /// The same for every caller: public routes, or ones that fail before any identity.
    Fixed([u16; 6]),
    /// The caller's own account: anonymous 401, everyone else `ok`; `except` are cells
    /// whose answer depends on the caller's data (their last owner, someone else's id).
    Session {
        ok: u16,
        except: &'static [(usize, u16)],
    },
    /// A customer's resource: anonymous 401, a non-member 404, a member `ok` if their
    /// role may do `action` (`None`: any member) and else 403.
    Member {
        action: Option<Action>,
        ok: u16,
        except: &'static [(usize, u16)],
    },
}

/// The role each member actor has on the customer it acts on.
const ROLES: [Option<Role>; 6] = [
    None,
    None,
    Some(Role::User),
    Some(Role::Delegate),
    Some(Role::Admin),
    Some(Role::Holder),
];

impl Rule {
    fn expected(self, actor: usize) -> u16 {
        let pick = |except: &[(usize, u16)], otherwise: u16| {
            except
                .iter()
                .find(|(a, _)| *a == actor)
                .map_or(otherwise, |(_, s)| *s)
        };
        match self {
            Rule::Fixed(all) => all[actor],
            Rule::Session { ok, except } => pick(except, if actor == 0 { 401 } else { ok }),
            Rule::Member { action, ok, except } => pick(
                except,
                match (actor, ROLES[actor]) {
                    (0, _) => 401,
                    (_, None) => 404,
                    (_, Some(role)) if action.is_none_or(|a| may(role, a)) => ok,
                    _ => 403,
                },
            ),
        }
    }
}

const fn member(action: Action, ok: u16) -> Rule {
    Rule::Member {
        action: Some(action),
        ok,
        except: &[],
    }
}

const fn any_member(ok: u16) -> Rule {
    Rule::Member {
        action: None,
        ok,
        except: &[],
    }
}

const fn session(ok: u16) -> Rule {
    Rule::Session { ok, except: &[] }
}

#[rustfmt::skip]
const MATRIX: &[(&str, &str, Rule)] = &[
    ("POST",   "/v1/auth/bankid",                        Rule::Fixed([201; 6])),
    ("GET",    "/v1/auth/bankid/{id}",                   Rule::Fixed([400; 6])),
    ("DELETE", "/v1/auth/bankid/{id}",                   Rule::Fixed([400; 6])),
    ("POST",   "/v1/auth/refresh",                       Rule::Fixed([401; 6])),
    ("POST",   "/v1/auth/logout",                        session(204)),
    ("GET",    "/v1/me",                                 session(200)),
    // Only Sara (a user) is nobody's last owner.
    ("DELETE", "/v1/me",                                 Rule::Session { ok: 204, except: &[(1, 409), (3, 409), (4, 409), (5, 409)] }),
    ("PUT",    "/v1/me/account",                         session(200)),
    // "Other" asks for Anna's household, which is not theirs.
    ("PUT",    "/v1/me/active-customer",                 Rule::Session { ok: 200, except: &[(1, 404)] }),
    ("GET",    "/v1/me/sessions",                        session(200)),
    // Delegate and admin are one person (Erik): his "log out everywhere" ends both.
    ("DELETE", "/v1/me/sessions",                        Rule::Session { ok: 204, except: &[(4, 401)] }),
    // The session id is Anna's: only she can end it.
    ("DELETE", "/v1/me/sessions/{id}",                   Rule::Session { ok: 204, except: &[(1, 404), (2, 404), (3, 404), (4, 404)] }),
    ("GET",    "/v1/me/export",                          session(200)),
    ("POST",   "/v1/onboarding/legacy-link",             session(201)),
    // The claim is Anna's.
    ("POST",   "/v1/onboarding/company",                 Rule::Session { ok: 201, except: &[(1, 404), (2, 404), (3, 404), (4, 404)] }),
    // The lock e-mail's link: a capability, whoever holds it; without a live token, 404.
    ("GET",    "/v1/legacy-linking/reopen",              Rule::Fixed([404; 6])),
    ("POST",   "/v1/legacy-linking/reopen",              Rule::Fixed([404; 6])),
    ("GET",    "/v1/customers/{id}",                     any_member(200)),
    ("PUT",    "/v1/customers/{id}/invoice-address",     member(Action::EditInvoiceAddress, 200)),
    ("GET",    "/v1/customers/{id}/members",             member(Action::ManageMembers, 200)),
    ("PATCH",  "/v1/customers/{id}/members/{memberId}",  member(Action::ChangeRoles, 204)),
    ("DELETE", "/v1/customers/{id}/members/{memberId}",  member(Action::ManageMembers, 204)),
    // The holder's target, the delegate, is already active.
    ("POST",   "/v1/customers/{id}/members/{memberId}/approve", Rule::Member { action: Some(Action::ManageMembers), ok: 204, except: &[(5, 409)] }),
    // Users and delegates set their own filter; owners set another member's.
    ("PUT",    "/v1/customers/{id}/members/{memberId}/kommuner", any_member(200)),
    ("PUT",    "/v1/customers/{id}/legacy-linking",      member(Action::SetLegacyLinking, 200)),
    // The user's (delegate's) order to the same address is still open when the admin (holder) orders.
    ("POST",   "/v1/customers/{id}/invites",             member(Action::Share, 201)),
    ("GET",    "/v1/customers/{id}/invites",             member(Action::Share, 200)),
    // The invite is the holder's (admin's) own, made in the world; revoked by the time it is resent.
    ("POST",   "/v1/customers/{id}/invites/{inviteId}/resend", member(Action::Share, 200)),
    ("DELETE", "/v1/customers/{id}/invites/{inviteId}",  member(Action::Share, 204)),
    // Without a live token: the caller's identity is all that is checked.
    ("POST",   "/v1/invites/lookup",                     session(404)),
    ("POST",   "/v1/invites/accept",                     session(404)),
    ("POST",   "/v1/invites/decline",                    session(404)),
    ("GET",    "/inbjudan/{token}",                      Rule::Fixed([404; 6])),
    ("GET",    "/.well-known/apple-app-site-association", Rule::Fixed([404; 6])),
    ("GET",    "/.well-known/assetlinks.json",           Rule::Fixed([404; 6])),
    ("POST",   "/v1/customers/{id}/orders",              Rule::Member { action: Some(Action::OrderBags), ok: 201, except: &[(4, 409), (5, 409)] }),
    ("GET",    "/v1/customers/{id}/orders",              any_member(200)),
    ("GET",    "/v1/customers/{id}/orders/{orderId}",    any_member(200)),
    // Cancelling a cancelled order is done already: 200 again.
    ("POST",   "/v1/customers/{id}/orders/{orderId}/cancel", member(Action::OrderBags, 200)),
    ("GET",    "/v1/customers/{id}/services",            any_member(200)),
    ("GET",    "/v1/customers/{id}/calendar",            any_member(200)),
    ("GET",    "/v1/customers/{id}/calendar.ics",        any_member(200)),
    ("POST",   "/v1/customers/{id}/calendar-feed",       any_member(201)),
    ("DELETE", "/v1/customers/{id}/calendar-feed",       any_member(204)),
    ("GET",    "/v1/calendar-feeds/{token}",             Rule::Fixed([404; 6])),
    ("GET",    "/v1/sync",                               session(200)),
    ("POST",   "/v1/notifications/read",                 session(204)),
    ("GET",    "/v1/customers/{id}/statistics",          any_member(200)),
    ("GET",    "/v1/customers/{id}/statistics/{year}",   any_member(200)),
    ("GET",    "/v1/customers/{id}/statistics/{year}/csv", any_member(200)),
    ("GET",    "/v1/customers/{id}/archive/{year}",      any_member(200)),
    ("GET",    "/v1/customers/{id}/archive/{year}/csv",  any_member(200)),
    ("GET",    "/v1/kommuner",                           Rule::Fixed([200; 6])),
    ("GET",    "/v1/openapi.json",                       Rule::Fixed([200; 6])),
    ("GET",    "/v1/health",                             Rule::Fixed([200; 6])),
];

/// The table as the matrix has always been read: every status, per caller.
#[test]
fn the_derived_matrix_says_what_the_permission_table_says() {
    let row = |method: &str, path: &str| -> [u16; 6] {
        let rule = MATRIX
            .iter()
            .find(|(m, p, _)| *m == method && *p == path)
            .unwrap()
            .2;
        std::array::from_fn(|a| rule.expected(a))
    };
    //                                                              anon other user deleg admin holder
    assert_eq!(
        row("PUT", "/v1/customers/{id}/invoice-address"),
        [401, 404, 403, 200, 200, 200]
    );
    assert_eq!(
        row("PUT", "/v1/customers/{id}/legacy-linking"),
        [401, 404, 403, 403, 200, 403]
    );
    assert_eq!(
        row("PATCH", "/v1/customers/{id}/members/{memberId}"),
        [401, 404, 403, 403, 204, 403]
    );
    assert_eq!(
        row("GET", "/v1/customers/{id}/services"),
        [401, 404, 200, 200, 200, 200]
    );
}

struct World {
    /// Per actor: token, target customer, a member of that customer to act on.
    actors: Vec<(Option<String>, &'static str, String)>,
    holder_session: String,
    holder_claim: String,
    /// An open bag order of Anna's household and one of Norrbageriet.
    orders: Vec<(&'static str, String)>,
    /// A pending invite of each.
    invites: Vec<(&'static str, String)>,
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
    let mut orders = Vec::new();
    for (customer, token, address) in [
        (HOUSEHOLD_ANNA, &anna, "a02"),
        (NORRBAGERIET, &erik_a, "a12"),
    ] {
        let id = uuid::Uuid::new_v4().to_string();
        let r = s
            .post_keyed(
                &format!("/v1/customers/{customer}/orders"),
                json!({ "id": id, "addressId": format!("{customer}-{address}"), "lines": [{ "colour": "gron", "rolls": 1 }] }),
                token,
                &id,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        orders.push((customer, id));
    }
    let mut invites = Vec::new();
    for (customer, token, role) in [
        (HOUSEHOLD_ANNA, &anna, "delegate"),
        (NORRBAGERIET, &erik_a, "user"),
    ] {
        let r = s
            .post(
                &format!("/v1/customers/{customer}/invites"),
                json!({ "name": "Inbjuden Person", "email": "inbjuden@exempel.se", "role": role }),
                Some(token),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        invites.push((customer, r.body["id"].as_str().unwrap().to_owned()));
    }
    World {
        orders,
        invites,
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
    let order = w
        .orders
        .iter()
        .find(|(c, _)| c == customer)
        .map_or("", |(_, o)| o.as_str());
    let invite = w
        .invites
        .iter()
        .find(|(c, _)| c == customer)
        .map_or("", |(_, i)| i.as_str());
    let mut path = template
        .replace("{id}", id)
        .replace("{memberId}", member)
        .replace("{orderId}", order)
        .replace("{inviteId}", invite)
        .replace("{token}", "kli_not-a-live-token")
        .replace("{year}", "2025");
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
        ("POST", "/v1/customers/{id}/orders") => json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "addressId": format!("{customer}-a01"),
            "lines": [{ "colour": "gron", "rolls": 1 }],
        }),
        ("POST", t) if t.ends_with("/invites") => {
            let role = if *customer == NORRBAGERIET {
                "user"
            } else {
                "delegate"
            };
            json!({ "name": "Ny Person", "email": "ny@exempel.se", "role": role })
        }
        ("POST", t) if t.ends_with("/resend") => json!({}),
        ("POST", "/v1/notifications/read") => json!({ "ids": ["not-one-of-theirs"] }),
        ("POST", "/v1/invites/lookup" | "/v1/invites/decline") => {
            json!({ "token": "kli_not-a-live-token" })
        }
        ("POST", "/v1/invites/accept") => json!({
            "token": "kli_not-a-live-token",
            "customerId": customer,
            "account": { "firstName": "Test", "lastName": "Person", "email": "test@example.se", "phone": "0701234567" },
        }),
        _ => Value::Null,
    };
    (path, body)
}

#[tokio::test]
async fn every_endpoint_has_a_row_and_every_row_is_an_endpoint() {
    let routes = kretslopp_server::routes::list();
    let mut rows: Vec<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    rows.sort();
    assert_eq!(
        rows, routes,
        "the authorization matrix must list exactly the router's routes"
    );
}

#[tokio::test]
async fn every_endpoint_answers_every_caller_as_the_matrix_says() {
    let mut failures = Vec::new();
    for (method, template, rule) in MATRIX {
        let s = TestServer::start().await;
        let w = world(&s).await;
        for (i, actor) in ACTORS.iter().enumerate() {
            let (path, body) = request(&w, i, method, template);
            let key = uuid::Uuid::new_v4().to_string();
            let mutation = matches!(*method, "POST" | "PUT" | "PATCH" | "DELETE");
            let r = s
                .call_keyed(
                    method,
                    &path,
                    body,
                    w.actors[i].0.as_deref(),
                    mutation.then_some(key.as_str()),
                )
                .await;
            let expected = rule.expected(i);
            if r.status != expected {
                failures.push(format!(
                    "{method} {template} as {actor}: {} (expected {expected}) {}",
                    r.status, r.body
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
