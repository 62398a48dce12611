//! Mina aktiva tjänster and Hämtkalender through the API, on the demo data. The test clock
//! stands at 2027-01-15.

mod common;

use common::*;
use serde_json::Value;

#[tokio::test]
async fn services_list_each_address_with_container_and_next_pickup() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let r = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/services"),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let list = r.body.as_array().unwrap();
    assert_eq!(list.len(), 6, "two addresses × three services");
    let rest = &list[list
        .iter()
        .position(|x| x["id"] == format!("{HOUSEHOLD_ANNA}-a01-rest"))
        .unwrap()];
    assert_eq!(rest["container"], "Kärl 190 l");
    assert_eq!(rest["fraction"]["nameSv"], "Restavfall");
    assert_eq!(rest["intervalWeeks"], 2);
    // Monday fortnightly from 2026-01-05; the 18 January pickup was moved to the 20th.
    assert_eq!(rest["nextPickup"], "2027-01-20");
    let garden = list
        .iter()
        .find(|x| x["fraction"]["code"] == "tradgard")
        .unwrap();
    assert_eq!(garden["season"], serde_json::json!([15, 46]));
}

#[tokio::test]
async fn the_calendar_shows_moved_pickups_with_their_original_date() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let path = format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar?from=2026-12-01&to=2027-01-31&serviceId={HOUSEHOLD_ANNA}-a01-rest");
    let r = s.get(&path, Some(&anna)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let entries: Vec<(String, Value)> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_owned(),
                e["originalDate"].clone(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("2026-12-07".into(), Value::Null),
            ("2026-12-21".into(), Value::Null),
            ("2027-01-04".into(), Value::Null),
            ("2027-01-20".into(), Value::from("2027-01-18")),
        ]
    );
    // Seasonal garden waste has no pickups in winter.
    let r = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar?from=2026-12-01&to=2027-02-28"),
            Some(&anna),
        )
        .await;
    assert!(r
        .body
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["fractionCode"] != "tradgard"));
}

#[tokio::test]
async fn the_kommun_filter_narrows_services_and_calendar() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let mine = s.member_id(&sara, NORRBAGERIET).await;
    let all = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/services"),
            Some(&sara),
        )
        .await;
    assert_eq!(
        all.body.as_array().unwrap().len(),
        48,
        "12 addresses × 4 services"
    );
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{mine}/kommuner"),
            serde_json::json!({ "kommuner": ["0184"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 200);
    let solna = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/services"),
            Some(&sara),
        )
        .await;
    let solna = solna.body.as_array().unwrap();
    assert_eq!(solna.len(), 8);
    assert!(solna.iter().all(|x| x["address"]["kommunkod"] == "0184"));
    let cal = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/calendar?from=2027-02-01&to=2027-02-28"),
            Some(&sara),
        )
        .await;
    let ids: std::collections::HashSet<&str> = solna
        .iter()
        .map(|x| x["address"]["id"].as_str().unwrap())
        .collect();
    assert!(cal
        .body
        .as_array()
        .unwrap()
        .iter()
        .all(|e| ids.contains(e["addressId"].as_str().unwrap())));
}

#[tokio::test]
async fn bad_ranges_and_unknown_ids_get_clear_errors() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let base = format!("/v1/customers/{HOUSEHOLD_ANNA}/calendar");
    for (query, field, code) in [
        ("from=2027-01-01&to=2029-02-01", "to", "range-too-long"),
        ("from=2027-02-01&to=2027-01-01", "to", "before-from"),
        ("from=2027-13-01&to=2027-12-31", "from", "format"),
        ("from=yesterday&to=2027-12-31", "from", "format"),
    ] {
        let r = s.get(&format!("{base}?{query}"), Some(&anna)).await;
        assert_eq!(r.status, 400, "{query}: {}", r.body);
        assert_eq!(
            (
                r.body["errors"][0]["field"].as_str(),
                r.body["errors"][0]["code"].as_str()
            ),
            (Some(field), Some(code)),
            "{query}"
        );
    }
    let r = s
        .get(
            &format!("{base}?from=2027-01-01&to=2027-01-31&addressId=nope"),
            Some(&anna),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("address-not-found"))
    );
    let foreign = format!("{NORRBAGERIET}-a01-rest");
    let r = s
        .get(
            &format!("{base}?from=2027-01-01&to=2027-01-31&serviceId={foreign}"),
            Some(&anna),
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("service-not-found"))
    );
    let r = s.get(&format!("{base}?from=2027-01-01"), Some(&anna)).await;
    assert_eq!(
        r.status, 400,
        "a missing parameter is a bad request: {}",
        r.body
    );
}
