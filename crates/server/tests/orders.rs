//! Colour-sorting bags over HTTP: placing, refusing, listing, cancelling, the operator's
//! status changes, and `Idempotency-Key` for every mutation.

mod common;

use common::*;
use kretslopp_domain::Clock;
use serde_json::{json, Value};

fn anna_home() -> String {
    format!("{HOUSEHOLD_ANNA}-a01") // Storgatan 12, Uppsala
}

fn anna_cabin() -> String {
    format!("{HOUSEHOLD_ANNA}-a02") // Sjövägen 4, Knivsta
}

fn orders_path() -> String {
    format!("/v1/customers/{HOUSEHOLD_ANNA}/orders")
}

fn order(id: &str, address: &str, lines: Value) -> Value {
    json!({ "id": id, "addressId": address, "lines": lines })
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn order_count(s: &TestServer, token: &str) -> usize {
    let r = s.get(&orders_path(), Some(token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap().len()
}

async fn operator(s: &TestServer, args: &[&str]) -> anyhow::Result<String> {
    let db = kretslopp_server::db::connect(s.database_url()).await?;
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let out = kretslopp_server::operator::orders(&db, &args, s.clock.now_ms()).await;
    db.close().await;
    out
}

#[tokio::test]
async fn an_order_is_placed_confirmed_by_mail_listed_and_synced() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let id = new_id();
    let body = order(
        &id,
        &anna_home(),
        json!([{ "colour": "gron", "rolls": 1 }, { "colour": "orange", "rolls": 1 }, { "colour": "gron", "rolls": 1 }]),
    );
    let r = s.post_keyed(&orders_path(), body, &anna, &id).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "received");
    assert_eq!(r.body["orderedBy"], "Anna Andersson");
    assert_eq!(
        r.body["lines"],
        json!([{ "colour": "gron", "rolls": 2 }, { "colour": "orange", "rolls": 1 }]),
        "one line per colour"
    );

    let mails = s.mail_to("anna.andersson@exempel.se");
    let mail = mails.last().expect("a confirmation");
    assert!(
        mail.subject().contains("sorteringspåsar"),
        "{}",
        mail.subject()
    );
    assert!(mail.data.contains(&id[..8].to_uppercase()));

    let list = s.get(&orders_path(), Some(&anna)).await;
    assert_eq!(list.body[0]["id"], id.as_str());
    let one = s.get(&format!("{}/{id}", orders_path()), Some(&anna)).await;
    assert_eq!(one.status, 200);

    // Erik, the household's delegate, sees it too; through sync as well as the list.
    let erik = s.token(ERIK).await;
    let sync = s.get("/v1/sync", Some(&erik)).await;
    assert!(sync.body["orders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["id"] == id.as_str()));
    let colours = sync.body["bagColours"].as_array().unwrap();
    assert!(colours
        .iter()
        .any(|c| c["code"] == "rod" && c["retired"] == true));
    assert!(colours
        .iter()
        .any(|c| c["code"] == "gron" && c["kommuner"] == json!([])));
}

#[tokio::test]
async fn every_broken_rule_has_its_own_code_and_changes_nothing() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let karin = s.token(KARIN).await;
    let cases = [
        (
            order(
                &new_id(),
                &anna_home(),
                json!([{ "colour": "gron", "rolls": 2 }, { "colour": "bla", "rolls": 2 }]),
            ),
            422,
            "order-too-many-rolls",
        ),
        (
            order(&new_id(), &anna_home(), json!([])),
            422,
            "order-no-rolls",
        ),
        (
            order(
                &new_id(),
                &anna_home(),
                json!([{ "colour": "gron", "rolls": 0 }]),
            ),
            422,
            "order-no-rolls",
        ),
        (
            order(
                &new_id(),
                &anna_home(),
                json!([{ "colour": "lila", "rolls": 1 }]),
            ),
            422,
            "bag-colour-unknown",
        ),
        (
            order(
                &new_id(),
                &anna_home(),
                json!([{ "colour": "rod", "rolls": 1 }]),
            ),
            422,
            "bag-colour-retired",
        ),
        // Grey is handed out in Uppsala, not in Knivsta.
        (
            order(
                &new_id(),
                &anna_cabin(),
                json!([{ "colour": "gra", "rolls": 1 }]),
            ),
            422,
            "bag-colour-not-offered",
        ),
        (
            order(
                &new_id(),
                &format!("{HOUSEHOLD_KARIN}-a01"),
                json!([{ "colour": "gron", "rolls": 1 }]),
            ),
            404,
            "address-not-found",
        ),
        (
            order(
                "not-a-uuid",
                &anna_home(),
                json!([{ "colour": "gron", "rolls": 1 }]),
            ),
            400,
            "validation-failed",
        ),
        (
            order(
                &new_id().to_uppercase(),
                &anna_home(),
                json!([{ "colour": "gron", "rolls": 1 }]),
            ),
            400,
            "validation-failed",
        ),
        (
            json!({ "id": new_id(), "addressId": anna_home(), "lines": [{ "colour": "gron", "rolls": -1 }] }),
            400,
            "invalid-body",
        ),
    ];
    for (body, status, code) in cases {
        let r = s
            .post_keyed(&orders_path(), body.clone(), &anna, &new_id())
            .await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (status, Some(code)),
            "{body} → {}",
            r.body
        );
        assert_eq!(r.content_type, "application/problem+json");
    }
    // Karin is not a member of Anna's household.
    let r = s
        .post_keyed(
            &orders_path(),
            order(
                &new_id(),
                &anna_home(),
                json!([{ "colour": "gron", "rolls": 1 }]),
            ),
            &karin,
            &new_id(),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("customer-not-found"))
    );
    assert_eq!(order_count(&s, &anna).await, 0);

    // Keys: none, malformed, two.
    let ok = order(
        &new_id(),
        &anna_home(),
        json!([{ "colour": "gron", "rolls": 1 }]),
    );
    let r = s.post(&orders_path(), ok.clone(), Some(&anna)).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("idempotency-key-required"))
    );
    let r = s
        .post_keyed(&orders_path(), ok.clone(), &anna, "short")
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("idempotency-key-invalid"))
    );
    let r = s
        .send(
            s.http
                .post(format!("{}{}", s.base, orders_path()))
                .json(&ok)
                .bearer_auth(&anna)
                .header("Idempotency-Key", new_id())
                .header("Idempotency-Key", new_id()),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("idempotency-key-invalid"))
    );
    assert_eq!(order_count(&s, &anna).await, 0);

    // One open order per address.
    let first = s.post_keyed(&orders_path(), ok, &anna, &new_id()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    let second = order(
        &new_id(),
        &anna_home(),
        json!([{ "colour": "bla", "rolls": 1 }]),
    );
    let r = s.post_keyed(&orders_path(), second, &anna, &new_id()).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("open-order-exists"))
    );
    // The other address may order at the same time.
    let cabin = order(
        &new_id(),
        &anna_cabin(),
        json!([{ "colour": "gron", "rolls": 3 }]),
    );
    assert_eq!(
        s.post_keyed(&orders_path(), cabin, &anna, &new_id())
            .await
            .status,
        201
    );
    assert_eq!(order_count(&s, &anna).await, 2);
}

#[tokio::test]
async fn a_retry_gets_the_first_answer_and_never_a_second_order() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let id = new_id();
    let body = order(&id, &anna_home(), json!([{ "colour": "gron", "rolls": 3 }]));
    let first = s.post_keyed(&orders_path(), body.clone(), &anna, &id).await;
    assert_eq!(first.status, 201);
    let again = s
        .send(
            s.http
                .post(format!("{}{}", s.base, orders_path()))
                .json(&body)
                .bearer_auth(&anna)
                .header("Idempotency-Key", format!("\"{id}\"")),
        )
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body, "the stored answer, replayed");
    assert_eq!(
        s.mail_to("anna.andersson@exempel.se").len(),
        1,
        "confirmed once"
    );

    // Same key, another body: 422, and nothing changes.
    let other = order(
        &id,
        &anna_cabin(),
        json!([{ "colour": "gron", "rolls": 1 }]),
    );
    let r = s.post_keyed(&orders_path(), other, &anna, &id).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (422, Some("idempotency-key-reused"))
    );

    // The scheduled job keeps the record for 30 days, then purges it; the order's own id
    // still finds the order.
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    s.clock.advance_secs(29 * 24 * 3600);
    let purged = kretslopp_server::jobs::run_once(&db, s.clock.now_ms())
        .await
        .unwrap()
        .idempotency;
    assert_eq!(purged, 0);
    let replay = s
        .post_keyed(&orders_path(), body.clone(), &s.token(ANNA).await, &id)
        .await;
    assert_eq!(replay.body, first.body, "still replayed on day 29");
    s.clock.advance_secs(2 * 24 * 3600);
    let anna = s.token(ANNA).await;
    let purged = kretslopp_server::jobs::run_once(&db, s.clock.now_ms())
        .await
        .unwrap()
        .idempotency;
    assert!(purged >= 1, "{purged}");
    db.close().await;
    let late = s.post_keyed(&orders_path(), body.clone(), &anna, &id).await;
    assert_eq!(late.status, 200, "{}", late.body);
    assert_eq!(late.body["id"], id.as_str());
    // The same id with other content, or from someone else, is not that order.
    let changed = order(&id, &anna_home(), json!([{ "colour": "gron", "rolls": 1 }]));
    let r = s
        .post_keyed(&orders_path(), changed, &anna, &new_id())
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("order-id-taken"))
    );
    let erik = s.token(ERIK).await;
    let r = s.post_keyed(&orders_path(), body, &erik, &new_id()).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("order-id-taken"))
    );
    assert_eq!(order_count(&s, &anna).await, 1);
}

#[tokio::test]
async fn concurrent_identical_requests_make_one_order() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let id = new_id();
    let body = order(&id, &anna_home(), json!([{ "colour": "bla", "rolls": 2 }]));
    let mut sends = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let req = s
            .http
            .post(format!("{}{}", s.base, orders_path()))
            .json(&body)
            .bearer_auth(&anna)
            .header("Idempotency-Key", format!("\"{id}\""));
        sends.spawn(async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        });
    }
    let answers = sends.join_all().await;
    assert!(
        answers.iter().any(|(status, _)| *status == 201),
        "{answers:?}"
    );
    for (status, body) in &answers {
        assert!(
            *status == 201 || (*status == 409 && body["code"] == "request-in-progress"),
            "{status} {body}"
        );
    }
    assert_eq!(order_count(&s, &anna).await, 1);
}

#[tokio::test]
async fn a_replay_checks_access_again_and_another_instance_replays_too() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    let id = new_id();
    let body = order(
        &id,
        &anna_cabin(),
        json!([{ "colour": "orange", "rolls": 1 }]),
    );
    assert_eq!(
        s.post_keyed(&orders_path(), body.clone(), &erik, &id)
            .await
            .status,
        201
    );

    // The retry goes to another instance on the same database: the same answer.
    let (other, _dir) = s.another_instance().await;
    let r = s
        .send(
            s.http
                .post(format!("{}{}", other.api, orders_path()))
                .json(&body)
                .bearer_auth(&erik)
                .header("Idempotency-Key", format!("\"{id}\"")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["id"], id.as_str());

    // Anna removes Erik; his replay is refused, not answered from the record.
    let member = s.member_id(&erik, HOUSEHOLD_ANNA).await;
    let removed = s
        .call(
            "DELETE",
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/members/{member}"),
            Value::Null,
            Some(&anna),
        )
        .await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    let r = s.post_keyed(&orders_path(), body, &erik, &id).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("customer-not-found"))
    );
    assert_eq!(order_count(&s, &anna).await, 1);
}

#[tokio::test]
async fn cancelling_and_the_operators_status_changes_follow_the_status_machine() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let (a, b) = (new_id(), new_id());
    let first = order(&a, &anna_home(), json!([{ "colour": "gron", "rolls": 1 }]));
    assert_eq!(
        s.post_keyed(&orders_path(), first, &anna, &a).await.status,
        201
    );
    let sync = s.get("/v1/sync", Some(&anna)).await;
    let cursor = sync.body["cursor"].as_str().unwrap().to_owned();

    let cancel = |id: &str| format!("{}/{id}/cancel", orders_path());
    let r = s.post_keyed(&cancel(&a), json!({}), &anna, &new_id()).await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (200, Some("cancelled")),
        "{}",
        r.body
    );
    assert!(r.body["cancelledAt"].is_i64());

    // The address is free again; the operator sends the new order.
    let second = order(&b, &anna_home(), json!([{ "colour": "gron", "rolls": 2 }]));
    assert_eq!(
        s.post_keyed(&orders_path(), second, &anna, &b).await.status,
        201
    );
    let listed = operator(&s, &["list"]).await.unwrap();
    assert!(
        listed.contains(&b[..8].to_uppercase()) && !listed.contains(&a[..8].to_uppercase()),
        "{listed}"
    );
    let out = operator(&s, &["set-status", &b[..8].to_uppercase(), "skickad"])
        .await
        .unwrap();
    assert!(out.contains("sent"), "{out}");
    let r = s.post_keyed(&cancel(&b), json!({}), &anna, &new_id()).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (409, Some("order-not-cancellable"))
    );
    // Only forward: a sent order cannot be cancelled or received again by the operator.
    assert!(operator(&s, &["set-status", &b, "avbruten"]).await.is_err());
    assert!(operator(&s, &["set-status", &b, "mottagen"]).await.is_err());
    assert!(operator(&s, &["set-status", &b, "shipped"]).await.is_err());
    assert!(operator(&s, &["set-status", "ffffffff", "levererad"])
        .await
        .is_err());

    // Both changes reach the app as a delta.
    s.clock.advance_secs(10);
    let delta = s
        .get(&format!("/v1/sync?cursor={cursor}"), Some(&anna))
        .await;
    assert_eq!(delta.body["reset"], false);
    let orders = delta.body["orders"].as_array().unwrap();
    let status = |id: &str| {
        orders
            .iter()
            .find(|o| o["id"] == id)
            .map(|o| o["status"].clone())
    };
    assert_eq!(status(&a), Some(json!("cancelled")));
    assert_eq!(status(&b), Some(json!("sent")));
    operator(&s, &["set-status", &b, "levererad"])
        .await
        .unwrap();
    let one = s.get(&format!("{}/{b}", orders_path()), Some(&anna)).await;
    assert_eq!(one.body["status"], "delivered");
    assert!(one.body["sentAt"].is_i64() && one.body["deliveredAt"].is_i64());
}

#[tokio::test]
async fn a_kommun_filter_hides_orders_elsewhere() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let sara = s.token(SARA).await;
    let path = format!("/v1/customers/{NORRBAGERIET}/orders");
    let (up, sthlm) = (new_id(), new_id());
    let uppsala = order(
        &up,
        &format!("{NORRBAGERIET}-a01"),
        json!([{ "colour": "gra", "rolls": 1 }]),
    );
    let stockholm = order(
        &sthlm,
        &format!("{NORRBAGERIET}-a05"),
        json!([{ "colour": "gul", "rolls": 1 }]),
    );
    assert_eq!(s.post_keyed(&path, uppsala, &sara, &up).await.status, 201);
    assert_eq!(
        s.post_keyed(&path, stockholm, &erik, &sthlm).await.status,
        201
    );
    let member = s.member_id(&sara, NORRBAGERIET).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{member}/kommuner"),
            json!({ "kommuner": ["0380"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = s.get(&path, Some(&sara)).await;
    let ids: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![up.as_str()]);
    assert_eq!(
        s.get(&format!("{path}/{sthlm}"), Some(&sara)).await.status,
        404
    );
    // Nor can she order to an address outside her filter.
    let r = s
        .post_keyed(
            &path,
            order(
                &new_id(),
                &format!("{NORRBAGERIET}-a06"),
                json!([{ "colour": "gron", "rolls": 1 }]),
            ),
            &sara,
            &new_id(),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("address-not-found"))
    );
}

#[tokio::test]
async fn any_mutation_takes_a_key_and_replays_its_answer() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let key = new_id();
    let path = format!("/v1/customers/{HOUSEHOLD_ANNA}/invoice-address");
    let put = |line1: &str| {
        s.http
            .put(format!("{}{path}", s.base))
            .bearer_auth(&anna)
            .header("Idempotency-Key", key.clone())
            .json(&json!({ "line1": line1, "postalCode": "75320", "city": "Uppsala" }))
    };
    let first = s.send(put("Storgatan 14")).await;
    assert_eq!(first.status, 200);
    let again = s.send(put("Storgatan 14")).await;
    assert_eq!(again.body, first.body);
    let other = s.send(put("Storgatan 16")).await;
    assert_eq!(
        (other.status, other.body["code"].as_str()),
        (422, Some("idempotency-key-reused"))
    );
    // Without a caller the key is only checked for form.
    let r = s
        .send(
            s.http
                .post(format!("{}/v1/auth/bankid", s.base))
                .header("Idempotency-Key", "x")
                .json(&json!({ "method": "qr", "platform": "desktop" })),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("idempotency-key-invalid"))
    );
}
