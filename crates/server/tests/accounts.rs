//! Customer accounts through the API: first logins, legacy links and their limits, roles,
//! kommun filters, Mina uppgifter and privacy. Runs on SQLite and on PostgreSQL.

mod common;

use common::*;
use serde_json::{json, Value};

fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn contact(first: &str, email: &str) -> Value {
    json!({ "firstName": first, "lastName": "Ek", "email": email, "phone": "070-123 45 67" })
}

async fn link(s: &TestServer, token: &str, number: &str, four: &str) -> Resp {
    s.post(
        "/v1/onboarding/legacy-link",
        json!({ "customerNumber": number, "orgnrLastFour": four }),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn household_holder_is_found_by_personnummer_and_confirms_contact_details() {
    let s = TestServer::start().await;
    let karin = s.token(KARIN).await;
    let me = s.get("/v1/me", Some(&karin)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["account"], Value::Null, "not registered yet");
    assert_eq!(me.body["customers"][0]["id"], HOUSEHOLD_KARIN);
    assert_eq!(me.body["customers"][0]["role"], "holder");
    assert_eq!(me.body["activeCustomerId"], HOUSEHOLD_KARIN);

    // Every wrong field is named, and nothing is stored.
    let bad = json!({ "firstName": " ", "lastName": "Berg", "email": "karin@", "phone": "12", "lang": "de" });
    let r = s.call("PUT", "/v1/me/account", bad, Some(&karin)).await;
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (400, "application/problem+json")
    );
    assert_eq!(
        field_codes(&r.body),
        [
            ("firstName".into(), "required".into()),
            ("email".into(), "format".into()),
            ("phone".into(), "format".into()),
            ("lang".into(), "unknown".into()),
        ]
    );
    assert_eq!(
        s.get("/v1/me", Some(&karin)).await.body["account"],
        Value::Null
    );

    let good = json!({ "firstName": "Karin", "lastName": "Berg", "email": "Karin.Berg@Exempel.SE", "phone": "+46 70 111 22 33", "lang": "en" });
    let r = s.call("PUT", "/v1/me/account", good, Some(&karin)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["account"],
        json!({ "firstName": "Karin", "lastName": "Berg", "email": "Karin.Berg@exempel.se", "phone": "+46701112233", "lang": "en" })
    );
}

#[tokio::test]
async fn first_company_linker_becomes_administrator_and_the_customer_is_told() {
    let s = TestServer::start().await;
    let johan = s.token(JOHAN).await;
    let me = s.get("/v1/me", Some(&johan)).await;
    assert_eq!(me.body["customers"], json!([]));

    let r = link(&s, &johan, "52001", "4561").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["customerName"], "Grönt Kontor AB");
    assert_eq!(r.body["needsApproval"], false);

    // Skapa användarkonto validates every field before anything is linked.
    let mut bad =
        json!({ "firstName": "Johan", "lastName": "", "email": "x", "phone": "070-123 45 67" });
    bad["claimId"] = r.body["claimId"].clone();
    let e = s.post("/v1/onboarding/company", bad, Some(&johan)).await;
    assert_eq!(e.status, 400);
    assert_eq!(
        field_codes(&e.body),
        [
            ("lastName".into(), "required".into()),
            ("email".into(), "format".into())
        ]
    );
    assert_eq!(
        s.get("/v1/me", Some(&johan)).await.body["customers"],
        json!([])
    );

    let mut body = contact("Johan", "johan@grontkontor.example");
    body["claimId"] = r.body["claimId"].clone();
    let done = s
        .post("/v1/onboarding/company", body.clone(), Some(&johan))
        .await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(
        (done.body["role"].as_str(), done.body["status"].as_str()),
        (Some("admin"), Some("active"))
    );
    let me = s.get("/v1/me", Some(&johan)).await.body;
    assert_eq!(me["activeCustomerId"], GRONT_KONTOR);
    assert_eq!(me["account"]["email"], "johan@grontkontor.example");

    // The claim is single use.
    let again = s.post("/v1/onboarding/company", body, Some(&johan)).await;
    assert_eq!(
        (again.status, again.body["code"].as_str()),
        (404, Some("claim-not-found"))
    );

    let mails = s.mail_to("info@grontkontor.example");
    assert_eq!(
        mails.len(),
        1,
        "the customer's registered e-mail is told of every link"
    );
    assert!(
        mails[0]
            .subject()
            .contains("Ny inloggning kopplad till Grönt Kontor AB"),
        "{}",
        mails[0].subject()
    );
    assert!(mails[0].body().contains("Johan Ek") && mails[0].body().contains("In English"));
}

#[tokio::test]
async fn later_linkers_wait_for_an_administrator_who_approves_and_changes_their_role() {
    let s = TestServer::start().await;
    let johan = s.token(JOHAN).await;
    // The whole organisation number works too, and is checked.
    let r = link(&s, &johan, "30117", "556677-8890").await;
    assert_eq!(
        (r.status, field_codes(&r.body)),
        (400, vec![("orgnrLastFour".into(), "check-digit".into())])
    );
    let r = link(&s, &johan, "30117", "556677-8899").await;
    assert_eq!(r.body["needsApproval"], true, "{}", r.body);
    let mut body = contact("Johan", "johan@norrbageriet.example");
    body["claimId"] = r.body["claimId"].clone();
    let done = s.post("/v1/onboarding/company", body, Some(&johan)).await;
    assert_eq!(
        (done.body["role"].as_str(), done.body["status"].as_str()),
        (Some("user"), Some("pending"))
    );

    // Pending is not access.
    let r = s
        .get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&johan))
        .await;
    assert_eq!(r.status, 404);
    let admin_mail = s.mail_to("erik.lindqvist@norrbageriet.example");
    assert_eq!(admin_mail.len(), 1);
    assert!(admin_mail[0].subject().contains("väntar på godkännande"));

    let erik = s.token(ERIK).await;
    let members = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/members"),
            Some(&erik),
        )
        .await;
    assert_eq!(members.status, 200);
    let pending = members
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "pending")
        .unwrap()
        .clone();
    assert_eq!(pending["name"], "Johan Ek");
    let mid = pending["id"].as_str().unwrap();

    let r = s
        .call(
            "PATCH",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}"),
            json!({ "role": "admin" }),
            Some(&erik),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("member-pending"))
    );
    let r = s
        .post(
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}/approve"),
            Value::Null,
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert!(s.mail_to("johan@norrbageriet.example")[0]
        .subject()
        .contains("Du har nu åtkomst"));
    assert_eq!(
        s.get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&johan))
            .await
            .status,
        200
    );

    let r = s
        .call(
            "PATCH",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}"),
            json!({ "role": "admin" }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = s
        .call(
            "PATCH",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}"),
            json!({ "role": "holder" }),
            Some(&erik),
        )
        .await;
    assert_eq!(
        (r.status, field_codes(&r.body)),
        (400, vec![("role".into(), "not-allowed".into())])
    );

    // Johan, now administrator, demotes Erik; then Johan is the last one and cannot go.
    let erik_mid = s.member_id(&erik, NORRBAGERIET).await;
    let r = s
        .call(
            "PATCH",
            &format!("/v1/customers/{NORRBAGERIET}/members/{erik_mid}"),
            json!({ "role": "user" }),
            Some(&johan),
        )
        .await;
    assert_eq!(r.status, 204);
    let r = s
        .call(
            "PATCH",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}"),
            json!({ "role": "user" }),
            Some(&johan),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("last-owner"))
    );
    let r = s
        .call(
            "DELETE",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mid}"),
            Value::Null,
            Some(&johan),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("last-owner"))
    );

    // Removing a member ends their access with their very next request.
    let r = s
        .call(
            "DELETE",
            &format!("/v1/customers/{NORRBAGERIET}/members/{erik_mid}"),
            Value::Null,
            Some(&johan),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        s.get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&erik))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn wrong_digits_and_unknown_numbers_look_the_same_and_the_sixth_failure_is_refused() {
    let s = TestServer::start().await;
    let johan = s.token(JOHAN).await;
    let unknown = link(&s, &johan, "99999", "8899").await;
    let wrong = link(&s, &johan, "30117", "0000").await;
    assert_eq!(unknown.status, 422);
    assert_eq!((unknown.status, &unknown.body), (wrong.status, &wrong.body));
    assert_eq!(unknown.body["code"], "legacy-link-failed");

    // Malformed input is a field error and is not counted.
    let r = link(&s, &johan, "30117x", "88").await;
    assert_eq!(
        (r.status, field_codes(&r.body)),
        (
            400,
            vec![
                ("customerNumber".into(), "format".into()),
                ("orgnrLastFour".into(), "format".into())
            ]
        )
    );

    for n in ["11111", "22222", "33333"] {
        assert_eq!(link(&s, &johan, n, "1234").await.status, 422);
    }
    // Five failures used up; the sixth is refused whatever it says, even if right.
    let sixth = link(&s, &johan, "30117", "8899").await;
    assert_eq!(
        (sixth.status, sixth.body["code"].as_str()),
        (429, Some("legacy-link-attempts-exceeded"))
    );
    let seventh = link(&s, &johan, "99999", "0000").await;
    assert_eq!(
        sixth.body, seventh.body,
        "the refusal says nothing about the customer"
    );

    // The cap is per identity over 30 days.
    s.clock.advance_secs(31 * 24 * 3600);
    let johan = s.token(JOHAN).await;
    assert_eq!(link(&s, &johan, "30117", "8899").await.status, 201);
}

#[tokio::test]
async fn repeated_failures_on_one_number_lock_self_service_and_tell_the_customer() {
    let s = TestServer::start().await;
    // Five people each guess once at Grönt Kontor's number.
    for pnr in [ANNA, ERIK, SARA, KARIN, JOHAN] {
        let t = s.token(pnr).await;
        assert_eq!(link(&s, &t, "52002", "0000").await.status, 422);
    }
    let locked = s.mail_to("info@grontkontor.example");
    assert_eq!(locked.len(), 1);
    assert!(
        locked[0].subject().contains("spärrad"),
        "{}",
        locked[0].subject()
    );
    // Now even the right digits fail, identically, for a fresh person.
    let johan = s.token(JOHAN).await;
    let r = link(&s, &johan, "52001", "4561").await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (422, Some("legacy-link-failed"))
    );
    assert_eq!(s.mail_to("info@grontkontor.example").len(), 1, "told once");
}

#[tokio::test]
async fn one_identity_cannot_lock_a_company_out_of_linking() {
    let s = TestServer::start().await;
    // Karin hammers Norrbageriet's old number with wrong digits until she is capped.
    let karin = s.token(KARIN).await;
    for _ in 0..5 {
        assert_eq!(link(&s, &karin, "30117", "0000").await.status, 422);
    }
    assert_eq!(link(&s, &karin, "30117", "0000").await.status, 429);
    // Only she is locked: the rightful person with the right digits still links.
    let johan = s.token(JOHAN).await;
    let r = link(&s, &johan, "30117", "8899").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(
        s.mail_to("ekonomi@norrbageriet.example")
            .iter()
            .all(|m| !m.subject().contains("spärrad")),
        "no customer-wide lock"
    );
}

#[tokio::test]
async fn a_locked_customer_reopens_linking_from_its_email_without_an_administrator() {
    let s = TestServer::start().await;
    // Grönt Kontor has no administrator. Five people each guess wrong once: that locks it.
    for pnr in [ANNA, ERIK, SARA, KARIN, "199001012385"] {
        let t = s.token(pnr).await;
        assert_eq!(link(&s, &t, "52002", "0000").await.status, 422);
    }
    let mail = s.mail_to("info@grontkontor.example");
    assert_eq!(mail.len(), 1);
    let body = mail[0].body();
    let url = body
        .split_whitespace()
        .find(|w| w.contains("/v1/legacy-linking/reopen?token="))
        .unwrap_or_else(|| panic!("no reopen link in {body}"))
        .to_owned();
    let johan = s.token(JOHAN).await;
    assert_eq!(
        link(&s, &johan, "52001", "4561").await.status,
        422,
        "locked"
    );

    // Opening the link (a mail scanner does) changes nothing; it shows a button.
    for _ in 0..2 {
        let page = s.http.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Grönt Kontor AB") && html.contains("method=\"post\""),
            "{html}"
        );
        let head = s.http.head(&url).send().await.unwrap();
        assert_eq!(head.status(), 200);
    }
    assert_eq!(
        link(&s, &johan, "52001", "4561").await.status,
        422,
        "still locked"
    );

    // The button reopens it, once.
    let done = s.http.post(&url).send().await.unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("öppen igen"));
    let again = s.http.post(&url).send().await.unwrap();
    assert_eq!(again.status(), 404, "single use");
    assert_eq!(s.http.get(&url).send().await.unwrap().status(), 404);
    // The earlier failures are forgiven: Johan links, and becomes administrator.
    let r = link(&s, &johan, "52001", "4561").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["needsApproval"], false);
}

#[tokio::test]
async fn administrators_can_close_legacy_linking() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let path = format!("/v1/customers/{NORRBAGERIET}/legacy-linking");
    let r = s
        .call("PUT", &path, json!({ "open": false }), Some(&erik))
        .await;
    assert_eq!((r.status, &r.body), (200, &json!({ "open": false })));
    let d = s
        .get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&erik))
        .await;
    assert_eq!(d.body["legacyLinkingOpen"], false);
    let johan = s.token(JOHAN).await;
    assert_eq!(
        link(&s, &johan, "30117", "8899").await.body["code"],
        "legacy-link-failed"
    );
    let sara = s.token(SARA).await;
    assert_eq!(
        s.call("PUT", &path, json!({ "open": true }), Some(&sara))
            .await
            .status,
        403
    );
    assert_eq!(
        s.call("PUT", &path, json!({ "open": true }), Some(&erik))
            .await
            .status,
        200
    );
    assert_eq!(link(&s, &johan, "30117", "8899").await.status, 201);
}

#[tokio::test]
async fn byt_kund_switches_only_between_ones_own_customers() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let me = s.get("/v1/me", Some(&erik)).await.body;
    let ids: Vec<&str> = me["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [HOUSEHOLD_ANNA, NORRBAGERIET]);
    assert_eq!(me["activeCustomerId"], HOUSEHOLD_ANNA);
    let r = s
        .call(
            "PUT",
            "/v1/me/active-customer",
            json!({ "customerId": NORRBAGERIET }),
            Some(&erik),
        )
        .await;
    assert_eq!(
        (r.status, r.body["activeCustomerId"].as_str()),
        (200, Some(NORRBAGERIET))
    );
    let r = s
        .call(
            "PUT",
            "/v1/me/active-customer",
            json!({ "customerId": HOUSEHOLD_KARIN }),
            Some(&erik),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("customer-not-found"))
    );
    assert_eq!(
        s.get("/v1/me", Some(&erik)).await.body["activeCustomerId"],
        NORRBAGERIET
    );
}

#[tokio::test]
async fn kommun_filters_hold_only_kommuner_with_addresses() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let d = s
        .get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&sara))
        .await
        .body;
    assert_eq!(d["addressCount"], 12);
    let names: Vec<&str> = d["kommuner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Enköping", "Solna", "Stockholm", "Uppsala"]);
    let mine = d["memberId"].as_str().unwrap().to_owned();
    let path = format!("/v1/customers/{NORRBAGERIET}/members/{mine}/kommuner");

    let r = s
        .call(
            "PUT",
            &path,
            json!({ "kommuner": ["0184", "0180", "0180"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (200, &json!({ "kommuner": ["0180", "0184"] }))
    );
    let r = s
        .call(
            "PUT",
            &path,
            json!({ "kommuner": ["9999", "1480", "0380"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(
        (r.status, field_codes(&r.body)),
        (
            400,
            vec![
                ("kommuner[0]".into(), "unknown".into()),
                ("kommuner[1]".into(), "not-served".into())
            ]
        )
    );
    let d = s
        .get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&sara))
        .await
        .body;
    assert_eq!(
        d["myKommuner"],
        json!(["0180", "0184"]),
        "a refused change changes nothing"
    );

    // Sara cannot set the administrator's filter; the administrator can set hers.
    let erik = s.token(ERIK).await;
    let erik_mid = s.member_id(&erik, NORRBAGERIET).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{erik_mid}/kommuner"),
            json!({ "kommuner": [] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .call("PUT", &path, json!({ "kommuner": [] }), Some(&erik))
        .await;
    assert_eq!((r.status, &r.body), (200, &json!({ "kommuner": [] })));
    assert_eq!(
        s.get("/v1/kommuner", None)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        290
    );
}

#[tokio::test]
async fn mina_uppgifter_masks_identity_and_holders_and_delegates_edit_the_invoice_address() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let d = s
        .get(&format!("/v1/customers/{HOUSEHOLD_ANNA}"), Some(&anna))
        .await;
    assert_eq!(d.body["identityMasked"], "19850312-****");
    assert_eq!(d.body["kundnummer"], "100001");
    assert!(!d.body.to_string().contains("2387"));
    let erik = s.token(ERIK).await;
    let c = s
        .get(&format!("/v1/customers/{NORRBAGERIET}"), Some(&erik))
        .await;
    assert_eq!(c.body["identityMasked"], "556677-****");

    let path = format!("/v1/customers/{HOUSEHOLD_ANNA}/invoice-address");
    let address = json!({ "line1": "Storgatan 14", "line2": "c/o Andersson", "postalCode": "753 21", "city": "Uppsala" });
    // A delegate does what the holder does, except sharing (PRODUCT §1); a user does not.
    let r = s.call("PUT", &path, address.clone(), Some(&erik)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sara = s.token(SARA).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/invoice-address"),
            address.clone(),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 403, "users do not edit the invoice address");
    let r = s
        .call(
            "PUT",
            &path,
            json!({ "line1": "", "postalCode": "7532", "city": "Uppsala" }),
            Some(&anna),
        )
        .await;
    assert_eq!(
        (r.status, field_codes(&r.body)),
        (
            400,
            vec![
                ("line1".into(), "required".into()),
                ("postalCode".into(), "format".into())
            ]
        )
    );
    let r = s.call("PUT", &path, address, Some(&anna)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["postalCode"], "75321");
    let d = s
        .get(&format!("/v1/customers/{HOUSEHOLD_ANNA}"), Some(&erik))
        .await;
    assert_eq!(d.body["invoiceAddress"]["line2"], "c/o Andersson");
}

#[tokio::test]
async fn devices_export_and_account_deletion() {
    let s = TestServer::start().await;
    let phone = s.token(SARA).await;
    let laptop = s.token(SARA).await;
    let list = s.get("/v1/me/sessions", Some(&laptop)).await.body;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let other = list.iter().find(|d| d["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/v1/me/sessions/{other}"),
            Value::Null,
            Some(&laptop)
        )
        .await
        .status,
        204
    );
    assert_eq!(
        s.get("/v1/me", Some(&phone)).await.status,
        401,
        "that device is logged out"
    );
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/v1/me/sessions/{other}"),
            Value::Null,
            Some(&laptop)
        )
        .await
        .status,
        404
    );

    let export = s.get("/v1/me/export", Some(&laptop)).await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["memberships"][0]["customer"], "Norrbageriet AB");
    assert_eq!(
        export.body["account"]["email"],
        "sara.nilsson@norrbageriet.example"
    );
    assert!(!export.body.to_string().contains(SARA) && !export.body.to_string().contains("21260"));

    // Erik is Norrbageriet's only administrator: refused, with the reason.
    let erik = s.token(ERIK).await;
    let r = s.call("DELETE", "/v1/me", Value::Null, Some(&erik)).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("last-owner"))
    );
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("Norrbageriet AB"));
    assert_eq!(s.get("/v1/me", Some(&erik)).await.status, 200);

    assert_eq!(
        s.call("DELETE", "/v1/me", Value::Null, Some(&laptop))
            .await
            .status,
        204
    );
    assert_eq!(s.get("/v1/me", Some(&laptop)).await.status, 401);
    let members = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/members"),
            Some(&erik),
        )
        .await
        .body;
    assert!(members
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["name"] != "Sara Nilsson"));

    // Log out everywhere.
    let again = s.token(ERIK).await;
    assert_eq!(
        s.call("DELETE", "/v1/me/sessions", Value::Null, Some(&again))
            .await
            .status,
        204
    );
    assert_eq!(s.get("/v1/me", Some(&erik)).await.status, 401);
    assert_eq!(s.get("/v1/me", Some(&again)).await.status, 401);
}

#[tokio::test]
async fn two_instances_on_one_database_serve_one_person_interchangeably() {
    let s = TestServer::start().await;
    let (other, _dir) = s.another_instance().await;
    // Start the login on instance one; poll, complete and act on instance two.
    let (id, _) = s.start_qr_login().await;
    let order_ref = s.scan_current_qr(&id, JOHAN).await;
    s.sim("approve", json!({ "orderRef": order_ref })).await;
    s.clock.advance_secs(2);
    let http = reqwest::Client::new();
    let polled: Value = http
        .get(format!("{}/v1/auth/bankid/{id}", other.api))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(polled["status"], "complete", "{polled}");
    let token = polled["session"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let claim: Value = http
        .post(format!("{}/v1/onboarding/legacy-link", other.api))
        .bearer_auth(&token)
        .json(&json!({ "customerNumber": "52001", "orgnrLastFour": "4561" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut body = contact("Johan", "johan@grontkontor.example");
    body["claimId"] = claim["claimId"].clone();
    let r = s.post("/v1/onboarding/company", body, Some(&token)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let me: Value = http
        .get(format!("{}/v1/me", other.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["activeCustomerId"], GRONT_KONTOR);
    // Logging out on one instance ends the session on the other.
    assert_eq!(
        s.call("POST", "/v1/auth/logout", Value::Null, Some(&token))
            .await
            .status,
        204
    );
    let status = http
        .get(format!("{}/v1/me", other.api))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_person_who_ordered_bags_can_delete_their_account_and_the_order_stays_with_the_customer()
{
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let id = uuid::Uuid::new_v4().to_string();
    let r = s
        .post_keyed(
            &format!("/v1/customers/{NORRBAGERIET}/orders"),
            json!({ "id": id, "addressId": format!("{NORRBAGERIET}-a12"), "lines": [{ "colour": "gron", "rolls": 1 }] }),
            &sara,
            &id,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = s.call("DELETE", "/v1/me", Value::Null, Some(&sara)).await;
    assert_eq!(r.status, 204, "{}", r.body);
    let erik = s.token(ERIK).await;
    let order = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/orders/{id}"),
            Some(&erik),
        )
        .await;
    assert_eq!(order.status, 200, "{}", order.body);
    assert_eq!(order.body["orderedBy"], "Borttagen användare");
}
