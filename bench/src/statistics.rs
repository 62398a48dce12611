//! Statistik for the 5,000-address company over two years (issue 14): the server's year
//! view (p50/p99, its size as JSON and on the wire), and in the app the cache write and
//! the summary the chart and tables are drawn from, read from the cache.

use crate::{report, CUSTOMER};
use kretslopp_client::cache::Cache;
use kretslopp_domain::statistics::{summarise, Filter, Year};
use kretslopp_server::testing::Backend;
use std::time::{Duration, Instant};

/// Pickup records for the company up to the test clock's day, then the measurements.
pub async fn run(
    backend: &Backend,
    http: &reqwest::Client,
    token: &str,
    dir: &std::path::Path,
    today: time::Date,
) -> anyhow::Result<()> {
    let db = kretslopp_server::db::connect(&backend.database_url).await?;
    let t = Instant::now();
    kretslopp_server::seed::statistics::add(&db, Some(CUSTOMER), today).await?;
    let (records,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM pickup_records WHERE customer_id = $1")
            .bind(CUSTOMER)
            .fetch_one(&db)
            .await?;
    db.close().await;
    let store = if backend.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "statistics ({store}): {records} pickup records written in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let url = format!("{}/v1/customers/{CUSTOMER}/statistics/2026", backend.api);
    let mut samples = Vec::new();
    let mut body = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let r = http.get(&url).bearer_auth(token).send().await?;
        anyhow::ensure!(r.status() == 200, "year view: {}", r.status());
        body = r.bytes().await?.to_vec();
        samples.push(t.elapsed());
    }
    report(
        &format!("statistics ({store}): year view of 5,000 addresses, server"),
        &mut samples,
        Duration::MAX,
    );
    let (wire_bytes, encoding) = crate::on_the_wire(&url, token).await?;
    let year: Year = serde_json::from_slice(&body)?;
    println!(
        "statistics ({store}): year view {} series, {:.2} MB JSON, {:.2} MB on the wire ({encoding})",
        year.series.len(),
        body.len() as f64 / 1e6,
        wire_bytes as f64 / 1e6
    );
    if store == "PostgreSQL" {
        return Ok(());
    }

    // The app: the year into the cache once, then what the screen waits for each time
    // it draws: the year read back and summarised for a filter.
    let cache = Cache::open(&dir.join("stats-cache"), "bench-stats").await?;
    let t = Instant::now();
    cache
        .set_statistics_year(CUSTOMER, false, &year, None, 0)
        .await?;
    println!(
        "statistics: writing the year into the app's cache: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    for (name, filter) in [
        ("all addresses", Filter::default()),
        (
            "one kommun",
            Filter {
                kommun: Some("0380".into()),
                address: None,
            },
        ),
    ] {
        let mut samples = Vec::new();
        let mut size = 0;
        for _ in 0..30 {
            let t = Instant::now();
            let cached = cache
                .statistics_year(CUSTOMER, false, 2026)
                .await?
                .expect("cached");
            let summary = summarise(&cached.year, &filter);
            size = serde_json::to_vec(&summary)?.len();
            samples.push(t.elapsed());
        }
        report(
            &format!("statistics: chart and tables from the cache, {name} (summary {:.2} MB to the webview)", size as f64 / 1e6),
            &mut samples,
            Duration::MAX,
        );
    }
    Ok(())
}
