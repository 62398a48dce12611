//! Statistik and Statistikarkivet over HTTP: the year's figures equal the pickup records
//! summed independently in SQL, the kommun filter applies, the archive stays apart, and
//! the CSV reads back in an independent parser in both formats.

mod common;

use common::*;
use kretslopp_domain::statistics::{summarise, Filter, Year};
use serde_json::json;
use std::collections::BTreeMap;

async fn year(s: &TestServer, token: &str, customer: &str, path: &str) -> Year {
    let r = s
        .get(&format!("/v1/customers/{customer}/{path}"), Some(token))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let y: Year = serde_json::from_value(r.body).unwrap();
    y.check().unwrap();
    y
}

/// Per fraction: (emptyings, grams) straight from the records, for the customer's
/// addresses in `kommuner` (none: all).
async fn summed_in_sql(
    s: &TestServer,
    customer: &str,
    year: i32,
    kommuner: &[&str],
) -> BTreeMap<String, (i64, i64)> {
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(s.database_url()).await.unwrap();
    let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT r.fraction_code, a.kommunkod, r.emptied, r.weight_g FROM pickup_records r
         JOIN addresses a ON a.id = r.address_id
         WHERE r.customer_id = $1 AND r.date LIKE $2",
    )
    .bind(customer)
    .bind(format!("{year}-%"))
    .fetch_all(&db)
    .await
    .unwrap();
    db.close().await;
    let mut out = BTreeMap::new();
    for (fraction, kommun, emptied, grams) in rows {
        if !kommuner.is_empty() && !kommuner.contains(&kommun.as_str()) {
            continue;
        }
        let e = out.entry(fraction).or_insert((0, 0));
        e.0 += emptied;
        e.1 += grams.unwrap_or(0);
    }
    out
}

fn by_fraction(y: &Year) -> BTreeMap<String, (i64, i64)> {
    let s = summarise(y, &Filter::default());
    s.fractions
        .iter()
        .zip(&s.totals)
        .map(|(f, a)| {
            (
                f.clone(),
                (i64::from(a.emptyings), a.grams.unwrap_or(0) as i64),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_year_is_the_pickup_records_summed() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let o = s
        .get(
            &format!("/v1/customers/{NORRBAGERIET}/statistics"),
            Some(&erik),
        )
        .await;
    assert_eq!(o.status, 200, "{}", o.body);
    // The test clock is January 2027: two years and a fortnight of records.
    assert_eq!(
        o.body,
        json!({ "years": [2025, 2026, 2027], "archiveYears": [2024], "migrationDate": "2025-01-01" })
    );
    for y in [2025, 2026] {
        let got = year(&s, &erik, NORRBAGERIET, &format!("statistics/{y}")).await;
        assert_eq!(got.year, y);
        assert_eq!(got.addresses.len(), 12, "every address of the company");
        assert_eq!(
            by_fraction(&got),
            summed_in_sql(&s, NORRBAGERIET, y, &[]).await
        );
    }
    // Paper is emptied but never weighed; residual waste is weighed.
    let y = year(&s, &erik, NORRBAGERIET, "statistics/2026").await;
    let sum = summarise(&y, &Filter::default());
    let paper = sum.fractions.iter().position(|f| f == "papper").unwrap();
    assert!(sum.totals[paper].emptyings > 0);
    assert_eq!(sum.totals[paper].grams, None);
    let rest = sum.fractions.iter().position(|f| f == "rest").unwrap();
    assert!(
        sum.totals[rest].grams.unwrap() > 100_000_000,
        "tonnes a year"
    );
    // Seasons: the July holidays empty less residual waste than May.
    assert!(sum.months[6][rest].grams < sum.months[4][rest].grams);

    // A household: garden waste only in its season, more in spring and autumn than winter.
    let anna = s.token(ANNA).await;
    let h = year(&s, &anna, HOUSEHOLD_ANNA, "statistics/2026").await;
    assert_eq!(
        by_fraction(&h),
        summed_in_sql(&s, HOUSEHOLD_ANNA, 2026, &[]).await
    );
    let hs = summarise(&h, &Filter::default());
    let garden = hs.fractions.iter().position(|f| f == "tradgard").unwrap();
    assert_eq!(hs.months[0][garden].emptyings, 0);
    assert!(hs.months[4][garden].grams > hs.months[7][garden].grams);
}

#[tokio::test]
async fn the_kommun_filter_applies_to_statistics_and_the_archive() {
    let s = TestServer::start().await;
    let sara = s.token(SARA).await;
    let me = s.member_id(&sara, NORRBAGERIET).await;
    let r = s
        .call(
            "PUT",
            &format!("/v1/customers/{NORRBAGERIET}/members/{me}/kommuner"),
            json!({ "kommuner": ["0380"] }),
            Some(&sara),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let y = year(&s, &sara, NORRBAGERIET, "statistics/2026").await;
    assert!(!y.addresses.is_empty());
    assert!(y.addresses.iter().all(|a| a.kommunkod == "0380"));
    assert_eq!(
        by_fraction(&y),
        summed_in_sql(&s, NORRBAGERIET, 2026, &["0380"]).await
    );
    let a = year(&s, &sara, NORRBAGERIET, "archive/2024").await;
    assert!(!a.addresses.is_empty());
    assert!(a.addresses.iter().all(|a| a.kommunkod == "0380"));
}

#[tokio::test]
async fn the_archive_is_apart_from_the_pickup_records() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let archive = year(&s, &anna, HOUSEHOLD_ANNA, "archive/2024").await;
    assert!(!archive.series.is_empty());
    // The old system's address text, not today's address ids.
    assert!(archive
        .addresses
        .iter()
        .all(|a| a.label == a.key && a.label == a.label.to_uppercase()));
    // No pickup records before the migration; no archive after it.
    assert!(year(&s, &anna, HOUSEHOLD_ANNA, "statistics/2024")
        .await
        .series
        .is_empty());
    assert!(year(&s, &anna, HOUSEHOLD_ANNA, "archive/2025")
        .await
        .series
        .is_empty());
    // Changing a pickup record never changes the archive.
    s.exec("UPDATE pickup_records SET weight_g = 1 WHERE date < '2025-02-01'")
        .await;
    assert_eq!(
        year(&s, &anna, HOUSEHOLD_ANNA, "archive/2024").await,
        archive
    );
}

#[tokio::test]
async fn bad_years_and_formats_are_refused_clearly() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    for bad in ["20x6", "1899", "99999", "-2026", "2026.0"] {
        let r = s
            .get(
                &format!("/v1/customers/{HOUSEHOLD_ANNA}/statistics/{bad}"),
                Some(&anna),
            )
            .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert_eq!(r.body["errors"][0]["field"], "year", "{}", r.body);
    }
    let r = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_ANNA}/statistics/2026/csv?format=xlsx&lang=de"),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["format", "lang"]);
    let r = s
        .get(
            &format!("/v1/customers/{HOUSEHOLD_KARIN}/statistics/2026"),
            Some(&anna),
        )
        .await;
    assert_eq!(r.status, 404, "not her customer");
}

#[tokio::test]
async fn an_unchanged_year_is_a_304() {
    let s = TestServer::start().await;
    let anna = s.token(ANNA).await;
    let url = format!("{}/v1/customers/{HOUSEHOLD_ANNA}/statistics/2026", s.base);
    let first = s.http.get(&url).bearer_auth(&anna).send().await.unwrap();
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = s
        .http
        .get(&url)
        .bearer_auth(&anna)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

async fn csv_text(s: &TestServer, token: &str, path: &str) -> (String, String, String) {
    let r = s
        .http
        .get(format!("{}{path}", s.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    (ct, cd, r.text().await.unwrap())
}

#[tokio::test]
async fn the_csv_reads_back_in_an_independent_parser_in_both_formats() {
    let s = TestServer::start().await;
    let erik = s.token(ERIK).await;
    let y = year(&s, &erik, NORRBAGERIET, "statistics/2026").await;
    let total = summarise(&y, &Filter::default()).total;

    let (ct, cd, sv) = csv_text(
        &s,
        &erik,
        &format!("/v1/customers/{NORRBAGERIET}/statistics/2026/csv"),
    )
    .await;
    assert!(ct.starts_with("text/csv; charset=utf-8"), "{ct}");
    assert_eq!(cd, "attachment; filename=\"kretslopp-statistik-2026.csv\"");
    let body = sv
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let (en_ct, en_cd, en) = csv_text(
        &s,
        &erik,
        &format!("/v1/customers/{NORRBAGERIET}/archive/2024/csv?format=rfc4180&lang=en"),
    )
    .await;
    assert!(en_ct.starts_with("text/csv"));
    assert_eq!(
        en_cd,
        "attachment; filename=\"kretslopp-statistics-archive-2024.csv\""
    );
    assert!(!en.starts_with('\u{feff}'));
    assert!(en.starts_with("Year,Month,Address,Municipality,Fraction,Emptyings,Weight (kg)\r\n"));

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "År",
            "Månad",
            "Adress",
            "Kommun",
            "Fraktion",
            "Antal tömningar",
            "Vikt (kg)"
        ]
    );
    let (mut emptyings, mut grams) = (0u32, 0u64);
    let mut fractions = std::collections::BTreeSet::new();
    for r in reader.records() {
        let r = r.unwrap();
        assert_eq!(&r[0], "2026");
        fractions.insert(r[4].to_owned());
        emptyings += r[5].parse::<u32>().unwrap();
        if !r[6].is_empty() {
            assert!(!r[6].contains('.'), "decimal comma: {}", &r[6]);
            let kg: f64 = r[6].replace(',', ".").parse().unwrap();
            grams += (kg * 1000.0).round() as u64;
        }
    }
    assert_eq!(emptyings, total.emptyings);
    assert_eq!(Some(grams), total.grams);
    assert!(
        fractions.contains("Restavfall") && fractions.contains("Pappersförpackningar")
            || fractions.contains("Restavfall"),
        "{fractions:?}"
    );

    let mut plain = csv::Reader::from_reader(en.as_bytes());
    let rows: Vec<_> = plain.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.len() == 7 && &r[0] == "2024"));
    assert!(rows.iter().any(|r| r[6].contains('.')), "decimal point");
}
