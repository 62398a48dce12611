//! Delta sync: a full answer first, then only changes; nothing changed is one small answer
//! (and a 304 with its ETag); schedule changes, removals and membership changes arrive.

mod common;

use common::*;
use kretslopp_domain::Clock;
use serde_json::Value;

async fn sync(s: &TestServer, token: &str, cursor: Option<&str>) -> (u16, Value, String, usize) {
    let mut url = format!("{}/v1/sync", s.base);
    if let Some(c) = cursor {
        url.push_str(&format!("?cursor={c}"));
    }
    let r = s.http.get(url).bearer_auth(token).send().await.unwrap();
    let status = r.status().as_u16();
    let etag = r
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = r.text().await.unwrap();
    let len = text.len();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        etag,
        len,
    )
}

#[tokio::test]
async fn first_sync_has_everything_then_nothing_changed_is_small_and_cacheable() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let (status, full, _, _) = sync(&s, &erik, None).await;
    assert_eq!(status, 200);
    assert_eq!(full["reset"], true);
    let customers: Vec<&str> = full["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(customers.len(), 2);
    assert_eq!(full["services"].as_array().unwrap().len(), 6 + 48);
    assert_eq!(full["fractions"].as_array().unwrap().len(), 9);
    let moved = full["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == format!("{HOUSEHOLD_ANNA}-a01-rest"))
        .unwrap();
    assert_eq!(moved["exceptions"][0]["movedTo"], "2027-01-20");
    assert_eq!(moved["anchor"], "2026-01-05");

    // Changes from the last seconds before a sync come once more (commits may still have
    // been in flight); after that, nothing changed is the same small answer every time.
    s.clock.advance_secs(60);
    let (_, settle, _, _) = sync(&s, &erik, full["cursor"].as_str()).await;
    assert_eq!(settle["reset"], false);
    s.clock.advance_secs(60);
    let cursor = settle["cursor"].as_str().unwrap();
    let (status, delta, etag, bytes) = sync(&s, &erik, Some(cursor)).await;
    assert_eq!(status, 200);
    assert_eq!(delta["reset"], false);
    assert!(delta["services"].as_array().unwrap().is_empty());
    assert!(bytes <= 1024, "a no-change sync is {bytes} bytes");
    let (_, again, etag2, _) = sync(&s, &erik, Some(cursor)).await;
    assert_eq!((&again["cursor"], &etag), (&delta["cursor"], &etag2));
    let r = s
        .http
        .get(format!("{}/v1/sync?cursor={cursor}", s.base))
        .bearer_auth(&erik)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
}

#[tokio::test]
async fn moved_pickups_and_removed_services_arrive_as_deltas() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let (_, first, _, _) = sync(&s, &anna, None).await;
    s.clock.advance_secs(60);
    let (_, full, _, _) = sync(&s, &anna, first["cursor"].as_str()).await;
    s.clock.advance_secs(60);
    let now = s.clock.now_ms();
    // A holiday shift entered by the company, and a service ending.
    s.exec(&format!(
        "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
         VALUES ('x-new', '{HOUSEHOLD_ANNA}-a02-mat', 'moved', '2027-02-02', '2027-02-03', {now})"
    ))
    .await;
    s.exec(&format!(
        "UPDATE services SET deleted_at = {now} WHERE id = '{HOUSEHOLD_ANNA}-a02-tradgard'"
    ))
    .await;
    s.clock.advance_secs(10);
    let (status, delta, _, _) = sync(&s, &anna, full["cursor"].as_str()).await;
    assert_eq!(status, 200);
    assert_eq!(delta["reset"], false);
    let ids: Vec<&str> = delta["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [format!("{HOUSEHOLD_ANNA}-a02-mat")]);
    assert_eq!(delta["services"][0]["exceptions"][0]["date"], "2027-02-02");
    assert_eq!(
        delta["removed"],
        serde_json::json!([{ "entity": "service", "id": format!("{HOUSEHOLD_ANNA}-a02-tradgard") }])
    );
    assert_ne!(delta["cursor"], full["cursor"]);
}

#[tokio::test]
async fn membership_or_filter_changes_reset_and_bad_cursors_are_refused() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let (_, full, _, _) = sync(&s, &sara, None).await;
    assert_eq!(full["services"].as_array().unwrap().len(), 48);
    let me = s.member_id(&sara, NORRBAGERIET).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{me}/kommuner"),
            serde_json::json!({ "kommuner": ["0184"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 200);
    let (_, after, _, _) = sync(&s, &sara, full["cursor"].as_str()).await;
    assert_eq!(after["reset"], true, "a new filter is a new view");
    assert_eq!(after["services"].as_array().unwrap().len(), 8);

    for bad in ["not-base64!", "eyJ2IjoxfQ", &"A".repeat(600)] {
        let r = s.get(&format!("/v1/sync?cursor={bad}"), Some(&sara)).await;
        assert_eq!(
            (r.status, r.body["errors"][0]["field"].as_str()),
            (400, Some("cursor")),
            "{bad}: {}",
            r.body
        );
    }
    // A cursor over 30 days old gets everything again.
    s.clock.advance_secs(31 * 24 * 3600);
    let sara = s.token(SARA).await;
    let (_, old, _, _) = sync(&s, &sara, after["cursor"].as_str()).await;
    assert_eq!(old["reset"], true);
}

#[tokio::test]
async fn forged_and_borrowed_cursors_are_refused() {
    use base64::Engine;
    let b64 = &base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let (_, full, _, _) = sync(&s, &anna, None).await;
    let cursor = full["cursor"].as_str().unwrap().to_owned();
    let (payload, tag) = cursor.split_once('.').expect("payload.tag");
    let mut claims: serde_json::Value =
        serde_json::from_slice(&b64.decode(payload).unwrap()).unwrap();
    let refused = |r: &Resp, what: &str| {
        assert_eq!(
            (r.status, r.body["errors"][0]["field"].as_str()),
            (400, Some("cursor")),
            "{what}: {}",
            r.body
        );
    };
    // Extreme times inside the cursor, with the old tag and with none: never arithmetic,
    // never a delta.
    for t in [i64::MIN, -1, i64::MAX, s.clock.now_ms() + 3_600_000] {
        claims["t"] = t.into();
        let forged = b64.encode(serde_json::to_vec(&claims).unwrap());
        for c in [
            format!("{forged}.{tag}"),
            forged.clone(),
            format!("{forged}."),
        ] {
            let r = s.get(&format!("/v1/sync?cursor={c}"), Some(&anna)).await;
            refused(&r, &format!("t={t}"));
        }
    }
    // Anna's cursor is hers: Erik cannot sync from it.
    let erik = s.token(ERIK).await;
    let r = s
        .get(&format!("/v1/sync?cursor={cursor}"), Some(&erik))
        .await;
    refused(&r, "borrowed");
    // Her own, untouched, still works.
    let (status, delta, _, _) = sync(&s, &anna, Some(&cursor)).await;
    assert_eq!((status, &delta["reset"]), (200, &serde_json::json!(false)));
}

/// Norrbageriet's address ids, as the seed numbers them.
fn norr_address(n: u32) -> String {
    format!("{NORRBAGERIET}-a{n:02}")
}

#[tokio::test]
async fn each_address_and_fraction_is_named_once_and_services_refer_to_them() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let (_, full, _, _) = sync(&s, &sara, None).await;
    let addresses: Vec<&str> = full["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(addresses.len(), 12);
    for service in full["services"].as_array().unwrap() {
        assert!(service.get("address").is_none() && service.get("fraction").is_none());
        let address = service["addressId"].as_str().unwrap();
        assert!(addresses.contains(&address), "{address} is listed once");
        let code = &service["fractionCode"];
        assert!(full["fractions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| &f["code"] == code));
    }
}

#[tokio::test]
async fn customer_and_address_changes_arrive_as_deltas_not_resets() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let (_, first, _, _) = sync(&s, &sara, None).await;
    s.clock.advance_secs(60);
    let (_, settled, _, _) = sync(&s, &sara, first["cursor"].as_str()).await;
    s.clock.advance_secs(60);
    let now = s.clock.now_ms();
    s.exec(&format!(
        "UPDATE customers SET name = 'Norrbageriet i Uppland AB', updated_at = {now} WHERE id = '{NORRBAGERIET}'"
    ))
    .await;
    s.exec(&format!(
        "UPDATE addresses SET street = 'Drottninggatan 73', updated_at = {now} WHERE id = '{}'",
        norr_address(1)
    ))
    .await;
    s.clock.advance_secs(10);
    let (_, delta, _, _) = sync(&s, &sara, settled["cursor"].as_str()).await;
    assert_eq!(delta["reset"], false, "{delta}");
    assert_eq!(delta["customers"][0]["name"], "Norrbageriet i Uppland AB");
    assert_eq!(delta["addresses"].as_array().unwrap().len(), 1);
    assert_eq!(delta["addresses"][0]["street"], "Drottninggatan 73");
    // The services at the changed address come along (their address may have entered the view).
    assert!(delta["services"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["addressId"] == norr_address(1).as_str()));
    assert!(delta["removed"].as_array().unwrap().is_empty());

    // An address that moves out of the member's filter leaves the view, with its services.
    let me = s.member_id(&sara, NORRBAGERIET).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{me}/kommuner"),
            serde_json::json!({ "kommuner": ["0180"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 200);
    let (_, filtered, _, _) = sync(&s, &sara, delta["cursor"].as_str()).await;
    assert_eq!(filtered["reset"], true, "a new filter is a new view");
    s.clock.advance_secs(60);
    let (_, settled, _, _) = sync(&s, &sara, filtered["cursor"].as_str()).await;
    s.clock.advance_secs(60);
    let now = s.clock.now_ms();
    s.exec(&format!(
        "UPDATE addresses SET kommunkod = '0184', updated_at = {now} WHERE id = '{}'",
        norr_address(2)
    ))
    .await;
    s.clock.advance_secs(10);
    let (_, moved, _, _) = sync(&s, &sara, settled["cursor"].as_str()).await;
    assert_eq!(moved["reset"], false);
    let removed = moved["removed"].as_array().unwrap();
    assert!(removed.contains(&serde_json::json!({ "entity": "address", "id": norr_address(2) })));
    let services_gone = removed.iter().filter(|r| r["entity"] == "service").count();
    assert!(services_gone >= 1, "{moved}");
    assert!(moved["services"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn sync_answers_are_gzip_when_asked_and_the_etag_holds_for_either_encoding() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let plain = s
        .http
        .get(format!("{}/v1/sync", s.base))
        .bearer_auth(&sara)
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let etag = plain.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let plain_len = plain.bytes().await.unwrap().len();
    let gzip = s
        .http
        .get(format!("{}/v1/sync", s.base))
        .bearer_auth(&sara)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert_eq!(gzip.headers()["etag"].to_str().unwrap(), etag);
    let gzip_len = gzip.bytes().await.unwrap().len();
    assert!(gzip_len * 5 < plain_len, "{gzip_len} of {plain_len} bytes");
    for encoding in ["gzip", "identity"] {
        let r = s
            .http
            .get(format!("{}/v1/sync", s.base))
            .bearer_auth(&sara)
            .header("accept-encoding", encoding)
            .header("if-none-match", etag.trim_start_matches("W/"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 304, "{encoding}");
    }
}
