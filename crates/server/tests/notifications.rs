//! Avisering: events reach exactly the people they concern through the change feed, read
//! state is per person and syncs, a handled approval is read for everyone, and old
//! notifications leave the list.

mod common;

use common::*;
use kretslopp_domain::Clock;
use serde_json::{json, Value};

async fn notifications(s: &TestServer, token: &str) -> Vec<Value> {
    let r = s.get("/v1/sync", Some(token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["notifications"].as_array().unwrap().clone()
}

async fn operator(s: &TestServer, area: &str, args: &[&str]) -> String {
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let now = s.clock.now_ms();
    let out = match area {
        "orders" => kretslopp_server::operator::orders(&db, &args, now).await,
        _ => kretslopp_server::operator::pickups(&db, &args, now).await,
    };
    db.close().await;
    out.unwrap()
}

#[tokio::test]
async fn an_order_status_change_tells_the_orderer_and_read_state_syncs() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    assert!(notifications(&s, &anna).await.is_empty());
    let id = uuid::Uuid::new_v4().to_string();
    let r = s
        .post_keyed(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/orders"),
            json!({ "id": id, "addressId": format!("{HOUSEHOLD_ANNA}-a01"), "lines": [{ "colour": "gron", "rolls": 1 }] }),
            &anna,
            &id,
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    operator(&s, "orders", &["set-status", &id, "skickad"]).await;

    let list = notifications(&s, &anna).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        list[0]["event"],
        json!({ "kind": "order-status", "orderId": id, "number": id[..8].to_uppercase(), "status": "sent" })
    );
    assert_eq!(list[0]["customerId"], HOUSEHOLD_ANNA);
    assert_eq!(list[0]["read"], false);
    assert!(
        notifications(&s, &erik).await.is_empty(),
        "only the orderer"
    );

    // Erik cannot mark Anna's read; Anna can, and a delta carries it.
    let nid = list[0]["id"].as_str().unwrap().to_owned();
    let r = s
        .post(
            "/v1/notifications/read",
            json!({ "ids": [nid] }),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(notifications(&s, &anna).await[0]["read"], false);
    let first = s.get("/v1/sync", Some(&anna)).await;
    let cursor = first.body["cursor"].as_str().unwrap().to_owned();
    s.clock.advance_secs(10);
    let r = s
        .post(
            "/v1/notifications/read",
            json!({ "ids": [nid] }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 204);
    let delta = s
        .get(&format!("/v1/sync?cursor={cursor}"), Some(&anna))
        .await;
    assert_eq!(delta.body["reset"], false);
    assert_eq!(
        delta.body["notifications"][0]["read"], true,
        "{}",
        delta.body
    );
    // Again: nothing changes, no error.
    let r = s
        .post(
            "/v1/notifications/read",
            json!({ "ids": [nid] }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 204);

    let too_many: Vec<String> = (0..501).map(|i| i.to_string()).collect();
    let r = s
        .post(
            "/v1/notifications/read",
            json!({ "ids": too_many }),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["field"], "ids", "{}", r.body);
}

#[tokio::test]
async fn a_moved_pickup_tells_everyone_who_sees_the_address() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let erik = s.token(ERIK).await;
    let sara = s.token(SARA).await;
    let service = format!("{HOUSEHOLD_ANNA}-a01-rest");
    let out = operator(
        &s,
        "pickups",
        &["move", &service, "2027-02-01", "2027-02-03"],
    )
    .await;
    assert!(out.contains("2 members told"), "{out}");
    for token in [&anna, &erik] {
        let list = notifications(&s, token).await;
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["event"]["kind"], "pickup-moved");
        assert_eq!(list[0]["event"]["from"], "2027-02-01");
        assert_eq!(list[0]["event"]["to"], "2027-02-03");
        assert_eq!(list[0]["event"]["street"], "Storgatan 12");
    }
    assert!(
        notifications(&s, &sara).await.is_empty(),
        "another customer"
    );
    // The calendar has it too.
    let r = s.get("/v1/sync", Some(&anna)).await;
    let svc = r.body["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == service.as_str())
        .unwrap()
        .clone();
    assert!(svc["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["date"] == "2027-02-01" && e["movedTo"] == "2027-02-03"));
    // Bad input changes nothing.
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    let bad = kretslopp_server::operator::pickups(
        &db,
        &[
            "move".into(),
            service.clone(),
            "2027-02-30".into(),
            "2027-03-01".into(),
        ],
        s.clock.now_ms(),
    )
    .await;
    assert!(bad.unwrap_err().to_string().contains("not a date"));
    db.close().await;
}

#[tokio::test]
async fn a_waiting_approval_is_read_for_every_administrator_once_handled() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let johan = s.token(JOHAN).await;
    let pending = s.johan_pending_at_norrbageriet(&johan, &erik).await;
    let list = notifications(&s, &erik).await;
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0]["event"],
        json!({ "kind": "approval-waiting", "memberId": pending, "name": "Johan Ek" })
    );
    let sara = s.token(SARA).await;
    assert!(
        notifications(&s, &sara).await.is_empty(),
        "users do not approve"
    );
    s.clock.advance_secs(10);
    let r = s
        .post(
            &format!("/v1/customers/{NORRBAGERIET}/members/{pending}/approve"),
            json!(null),
            Some(&erik),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(notifications(&s, &erik).await[0]["read"], true);
}

#[tokio::test]
async fn old_notifications_leave_the_list() {
    let s = TestServer::start().await;
    operator(
        &s,
        "pickups",
        &[
            "move",
            &format!("{HOUSEHOLD_ANNA}-a01-rest"),
            "2027-02-01",
            "2027-02-03",
        ],
    )
    .await;
    s.clock.advance_secs(91 * 24 * 3600);
    // Still listed until the job runs; the app holds a fresh cursor.
    let anna = s.token(ANNA).await;
    let first = s.get("/v1/sync", Some(&anna)).await;
    let cursor = first.body["cursor"].as_str().unwrap().to_owned();
    let id = first.body["notifications"][0]["id"].clone();
    assert!(id.is_string(), "listed before the job");
    s.clock.advance_secs(60);
    let db = kretslopp_server::db::connect(s.database_url())
        .await
        .unwrap();
    let removed = kretslopp_server::jobs::run_once(&db, s.clock.now_ms())
        .await
        .unwrap();
    db.close().await;
    assert_eq!(removed.notifications, 2, "Anna's and Erik's");
    let delta = s
        .get(&format!("/v1/sync?cursor={cursor}"), Some(&anna))
        .await;
    assert!(
        delta.body["removed"]
            .as_array()
            .unwrap()
            .contains(&json!({ "entity": "notification", "id": id })),
        "{}",
        delta.body["removed"]
    );
}
