//! Sharing and invitations (PRODUCT §7) on the real server: the e-mail read back over SMTP
//! with an independent MIME parser, the link's page, accepting after a BankID login, and
//! every way a token can be dead.

mod common;

use common::*;
use kretslopp_domain::Clock;
use serde_json::{json, Value};

const JOHAN_MAIL: &str = "johan.ek@exempel.se";

fn invites_of(customer: &str) -> String {
    format!("/v1/customers/{customer}/invites")
}

/// The invite e-mail's text and HTML parts, and the token from its links.
struct InviteMail {
    subject: String,
    text: String,
    html: String,
    token: String,
}

fn last_invite(s: &TestServer, to: &str) -> InviteMail {
    let mails = s.mail_to(to);
    let raw = mails.last().expect("an invite e-mail");
    let parsed = mail_parser::MessageParser::default()
        .parse(raw.data.as_bytes())
        .expect("a MIME message");
    let text = parsed.body_text(0).expect("a text part").into_owned();
    let html = parsed.body_html(0).expect("an HTML part").into_owned();
    let token = text
        .split("kretslopp://inbjudan/")
        .nth(1)
        .expect("the app link")
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    InviteMail {
        subject: parsed.subject().unwrap_or_default().to_owned(),
        text,
        html,
        token,
    }
}

async fn invite_johan(s: &TestServer, anna: &str) -> Value {
    let r = s
        .post(
            &invites_of(HOUSEHOLD_ANNA),
            json!({ "name": "Johan Ek", "email": JOHAN_MAIL, "phone": "070-123 45 99", "role": "delegate" }),
            Some(anna),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

fn account() -> Value {
    json!({ "firstName": "Johan", "lastName": "Ek", "email": JOHAN_MAIL, "phone": "0701234599" })
}

async fn accept(s: &TestServer, token: &str, invitee: &str, customer: &str) -> Resp {
    s.post(
        "/v1/invites/accept",
        json!({ "token": token, "customerId": customer, "account": account() }),
        Some(invitee),
    )
    .await
}

#[tokio::test]
async fn a_holder_shares_the_household_and_the_delegate_does_all_but_sharing_until_removed() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let invite = invite_johan(&s, &anna).await;
    assert_eq!(invite["role"], "delegate");
    assert_eq!(invite["invitedBy"], "Anna Andersson");
    assert_eq!(
        invite["expiresAt"].as_i64().unwrap() - invite["createdAt"].as_i64().unwrap(),
        14 * 24 * 3600 * 1000
    );

    // The e-mail: Swedish, text and HTML, both links, the expiry date.
    let mail = last_invite(&s, JOHAN_MAIL);
    assert!(
        mail.subject
            .contains("Anna Andersson vill dela sitt hushåll med dig"),
        "{}",
        mail.subject
    );
    assert!(kretslopp_domain::invites::is_token(&mail.token));
    let web = format!("{}/inbjudan/{}", s.base, mail.token);
    assert!(mail.text.contains(&web), "{}", mail.text);
    assert!(mail.text.contains("behörig person"), "{}", mail.text);
    assert!(
        mail.html.contains(&format!("href=\"{web}\"")),
        "{}",
        mail.html
    );
    assert!(mail
        .html
        .contains(&format!("href=\"kretslopp://inbjudan/{}\"", mail.token)));

    // The link's page: who, what, "Öppna i appen"; opening it (GET, HEAD) changes nothing.
    let page = s.http.get(&web).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["referrer-policy"], "no-referrer");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Anna Andersson vill dela sitt hushåll med dig"),
        "{html}"
    );
    assert!(html.contains("Öppna i appen"));
    assert!(html.contains(&format!("kretslopp://inbjudan/{}", mail.token)));
    let english = s
        .http
        .get(&web)
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("Open in the app"), "{english}");
    assert_eq!(
        s.http.head(&web).send().await.unwrap().status(),
        200,
        "HEAD answers like GET"
    );
    let pending = s.get(&invites_of(HOUSEHOLD_ANNA), Some(&anna)).await;
    assert_eq!(
        pending.body.as_array().unwrap().len(),
        1,
        "{}",
        pending.body
    );

    // Johan logs in, sees what he is invited to, confirms his details and accepts.
    let johan = s.token(JOHAN).await;
    let preview = s
        .post(
            "/v1/invites/lookup",
            json!({ "token": mail.token }),
            Some(&johan),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_eq!(preview.body["customerName"], "Anna Andersson");
    assert_eq!(preview.body["invitedBy"], "Anna Andersson");
    assert_eq!(preview.body["role"], "delegate");
    assert_eq!(preview.body["phone"], "+46701234599");
    let me = accept(&s, &mail.token, &johan, HOUSEHOLD_ANNA).await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["activeCustomerId"], HOUSEHOLD_ANNA);
    assert_eq!(me.body["account"]["firstName"], "Johan");
    let joined = &me.body["customers"][0];
    assert_eq!(joined["role"], "delegate");
    assert_eq!(joined["permissions"]["share"], false);
    assert_eq!(joined["permissions"]["editInvoiceAddress"], true);

    // Anna is told, sees him among the members and no pending invite.
    let told = s.mail_to("anna.andersson@exempel.se");
    assert!(
        told.iter()
            .any(|m| m.subject().contains("Johan Ek har tackat ja")),
        "{:?}",
        told.iter().map(|m| m.subject()).collect::<Vec<_>>()
    );
    let members = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/members"),
            Some(&anna),
        )
        .await;
    let johan_member = members
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Johan Ek")
        .expect("Johan is a member")
        .clone();
    assert_eq!(johan_member["role"], "delegate");
    let pending = s.get(&invites_of(HOUSEHOLD_ANNA), Some(&anna)).await;
    assert_eq!(pending.body, json!([]));

    // The delegate sees the calendar and can do what the holder does, except sharing.
    let services = format!("/v1/customers/{HOUSEHOLD_ANNA}/services");
    assert_eq!(s.get(&services, Some(&johan)).await.status, 200);
    let invoice = s
        .call(
            "PUT",
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/invoice-address"),
            json!({ "line1": "Gatan 1", "postalCode": "11122", "city": "Stockholm" }),
            Some(&johan),
        )
        .await;
    assert_eq!(invoice.status, 200, "{}", invoice.body);
    for (method, path) in [
        ("GET", invites_of(HOUSEHOLD_ANNA)),
        ("POST", invites_of(HOUSEHOLD_ANNA)),
        ("GET", format!("/v1/customers/{HOUSEHOLD_ANNA}/members")),
    ] {
        let body = json!({ "name": "Någon Annan", "email": "x@exempel.se", "role": "delegate" });
        let r = s.call(method, &path, body, Some(&johan)).await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.body);
        assert_eq!(r.body["code"], "forbidden");
    }
    let feed = s
        .post(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar-feed"),
            json!({}),
            Some(&johan),
        )
        .await;
    assert_eq!(feed.status, 201, "{}", feed.body);
    let feed_url = feed.body["url"].as_str().unwrap().to_owned();
    assert_eq!(s.http.get(&feed_url).send().await.unwrap().status(), 200);

    // Anna removes him: his access ends at once, his calendar feed too.
    let removed = s
        .call(
            "DELETE",
            &format!(
                "/v1/customers/{HOUSEHOLD_ANNA}/members/{}",
                johan_member["id"].as_str().unwrap()
            ),
            Value::Null,
            Some(&anna),
        )
        .await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    let after = s.get(&services, Some(&johan)).await;
    assert_eq!(after.status, 404, "{}", after.body);
    assert_eq!(s.http.get(&feed_url).send().await.unwrap().status(), 404);
    let me = s.get("/v1/me", Some(&johan)).await;
    assert_eq!(me.body["customers"], json!([]));
}

#[tokio::test]
async fn dead_wrong_and_foreign_tokens_each_get_their_own_answer_and_change_nothing() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let johan = s.token(JOHAN).await;
    let lookup = |token: String| {
        let s = &s;
        let johan = johan.clone();
        async move {
            s.post(
                "/v1/invites/lookup",
                json!({ "token": token }),
                Some(&johan),
            )
            .await
        }
    };

    // Malformed and unknown.
    for token in [
        "nonsense".to_owned(),
        format!("kli_{}", "A".repeat(43)),
        format!("klo_{}", "A".repeat(43)),
    ] {
        let r = lookup(token.clone()).await;
        assert_eq!(
            (r.status, r.body["code"].clone()),
            (404, json!("invite-not-found")),
            "{token}"
        );
    }

    // Revoked.
    let invite = invite_johan(&s, &anna).await;
    let revoked = last_invite(&s, JOHAN_MAIL).token;
    let r = s
        .call(
            "DELETE",
            &format!(
                "{}/{}",
                invites_of(HOUSEHOLD_ANNA),
                invite["id"].as_str().unwrap()
            ),
            Value::Null,
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 204);
    let r = lookup(revoked.clone()).await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (410, json!("invite-revoked"))
    );

    // Resent: a new link works, the old one does not.
    let invite = invite_johan(&s, &anna).await;
    let first = last_invite(&s, JOHAN_MAIL).token;
    let resent = s
        .post(
            &format!(
                "{}/{}/resend",
                invites_of(HOUSEHOLD_ANNA),
                invite["id"].as_str().unwrap()
            ),
            json!({}),
            Some(&anna),
        )
        .await;
    assert_eq!(resent.status, 200, "{}", resent.body);
    let second = last_invite(&s, JOHAN_MAIL).token;
    assert_ne!(first, second);
    assert_eq!(lookup(first).await.status, 404);
    assert_eq!(lookup(second.clone()).await.status, 200);

    // Another customer's id with this token: not found, and nothing joined.
    let r = accept(&s, &second, &johan, HOUSEHOLD_KARIN).await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (404, json!("invite-not-found"))
    );
    assert_eq!(
        s.get("/v1/me", Some(&johan)).await.body["customers"],
        json!([])
    );

    // Someone already a member (Anna herself) cannot use it; it stays open for Johan.
    let r = accept(&s, &second, &anna, HOUSEHOLD_ANNA).await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (409, json!("already-member"))
    );

    // Used.
    assert_eq!(
        accept(&s, &second, &johan, HOUSEHOLD_ANNA).await.status,
        200
    );
    let sara = s.token(SARA).await;
    let r = s
        .post(
            "/v1/invites/lookup",
            json!({ "token": second }),
            Some(&sara),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (410, json!("invite-used"))
    );

    // Expired: 14 days later the link is dead at once, before the job removes it; its
    // page says so without telling why.
    let karin = s.token(KARIN).await;
    let r = s
        .post(
            &invites_of(HOUSEHOLD_KARIN),
            json!({ "name": "Sara Nilsson", "email": "sara@exempel.se", "role": "delegate", "lang": "en" }),
            Some(&karin),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mail = last_invite(&s, "sara@exempel.se");
    assert!(
        mail.subject.contains("share their household"),
        "{}",
        mail.subject
    );
    s.clock.advance_secs(14 * 24 * 3600);
    let sara = s.token(SARA).await;
    let r = s
        .post(
            "/v1/invites/lookup",
            json!({ "token": mail.token }),
            Some(&sara),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (410, json!("invite-expired"))
    );
    let page = s
        .http
        .get(format!("{}/inbjudan/{}", s.base, mail.token))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("fungerar inte längre"));

    // Declined: the link is used up, and Johan is not a member of Karin's household.
    let r = s
        .post(
            &invites_of(HOUSEHOLD_KARIN),
            json!({ "name": "Johan Ek", "email": JOHAN_MAIL, "role": "delegate" }),
            Some(&s.token(KARIN).await),
        )
        .await;
    assert_eq!(r.status, 201);
    let token = last_invite(&s, JOHAN_MAIL).token;
    let johan = s.token(JOHAN).await;
    let r = s
        .post(
            "/v1/invites/decline",
            json!({ "token": token }),
            Some(&johan),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = accept(&s, &token, &johan, HOUSEHOLD_KARIN).await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (410, json!("invite-used"))
    );
}

#[tokio::test]
async fn only_owners_invite_and_only_to_roles_their_kind_of_customer_has() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    // Anna's household has no administrators; the field is named.
    let r = s
        .post(
            &invites_of(HOUSEHOLD_ANNA),
            json!({ "name": "Johan Ek", "email": "not-an-address", "role": "admin" }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let fields: Vec<_> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["email", "role"], "{}", r.body);
    assert!(s.mail_to("not-an-address").is_empty());
    // Erik, delegate of Anna's household, may not share it; as Norrbageriet's
    // administrator he invites a colleague as user.
    let r = s
        .post(
            &invites_of(HOUSEHOLD_ANNA),
            json!({ "name": "Johan Ek", "email": JOHAN_MAIL, "role": "delegate" }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .post(
            &invites_of(NORRBAGERIET),
            json!({ "name": "Johan Ek", "email": JOHAN_MAIL, "role": "user" }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // A second invite to the same address replaces the first: one pending, one link.
    let first = last_invite(&s, JOHAN_MAIL).token;
    let r = s
        .post(
            &invites_of(NORRBAGERIET),
            json!({ "name": "Johan Ek", "email": "JOHAN.EK@exempel.se", "role": "admin" }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 201);
    let list = s.get(&invites_of(NORRBAGERIET), Some(&erik)).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1, "{}", list.body);
    assert_eq!(list.body[0]["role"], "admin");
    let johan = s.token(JOHAN).await;
    let r = s
        .post(
            "/v1/invites/lookup",
            json!({ "token": first }),
            Some(&johan),
        )
        .await;
    assert_eq!(r.body["code"], "invite-revoked");
    // Another customer's invite id is not found.
    let id = list.body[0]["id"].as_str().unwrap();
    let r = s
        .call(
            "DELETE",
            &format!("{}/{id}", invites_of(HOUSEHOLD_ANNA)),
            Value::Null,
            Some(&anna),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].clone()),
        (404, json!("invite-not-found"))
    );
}

#[tokio::test]
async fn invites_sent_and_failed_tokens_are_limited() {
    let s = TestServer::start().await;
    let karin = s.token(KARIN).await;
    for i in 0..30 {
        let r = s
            .post(
                &invites_of(HOUSEHOLD_KARIN),
                json!({ "name": "Gäst Person", "email": format!("gast{i}@exempel.se"), "role": "delegate" }),
                Some(&karin),
            )
            .await;
        assert_eq!(r.status, 201, "invite {i}: {}", r.body);
    }
    let r = s
        .post(
            &invites_of(HOUSEHOLD_KARIN),
            json!({ "name": "Gäst Person", "email": "gast31@exempel.se", "role": "delegate" }),
            Some(&karin),
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(s.mail_to("gast31@exempel.se").is_empty());
    let good = last_invite(&s, "gast29@exempel.se").token;

    let johan = s.token(JOHAN).await;
    for _ in 0..10 {
        let r = s
            .post(
                "/v1/invites/lookup",
                json!({ "token": format!("kli_{}", uuid::Uuid::new_v4().simple().to_string().repeat(2)[..43].to_owned()) }),
                Some(&johan),
            )
            .await;
        assert_eq!(r.status, 404);
    }
    let r = s
        .post("/v1/invites/lookup", json!({ "token": good }), Some(&johan))
        .await;
    assert_eq!(r.status, 429, "past the limit even a good token waits");
    s.clock.advance_secs(3600);
    let johan = s.token(JOHAN).await;
    let r = s
        .post("/v1/invites/lookup", json!({ "token": good }), Some(&johan))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn the_job_removes_invites_not_accepted_within_14_days() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    invite_johan(&s, &anna).await;
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    s.clock.advance_secs(14 * 24 * 3600 - 60);
    let removed = kretslopp_server::jobs::run_once(&db, s.clock.now_ms())
        .await
        .unwrap();
    assert_eq!(removed.invites, 0);
    assert_eq!(
        s.get(&invites_of(HOUSEHOLD_ANNA), Some(&s.token(ANNA).await))
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    s.clock.advance_secs(60);
    // Two instances run the job at once: the invite is removed once.
    let now = s.clock.now_ms();
    let (a, b) = tokio::join!(
        kretslopp_server::jobs::run_once(&db, now),
        kretslopp_server::jobs::run_once(&db, now)
    );
    assert_eq!(a.unwrap().invites + b.unwrap().invites, 1);
    db.close().await;
}

#[tokio::test]
async fn app_link_files_are_served_only_when_configured() {
    let s = TestServer::start().await;
    for path in [
        "/.well-known/apple-app-site-association",
        "/.well-known/assetlinks.json",
    ] {
        assert_eq!(s.get(path, None).await.status, 404, "{path}");
    }
}
