//! Statistics as stored: pickup records summed per address, fraction and month, and
//! Statistikarkivet, read from its own table. Both answer a `domain::statistics::Year`
//! within the member's kommun filter; nothing reads both.

use crate::problem::ApiError;
use crate::store::accounts::in_filter;
use kretslopp_api::StatisticsOverview;
use kretslopp_domain::statistics::{Series, StatisticsAddress, Year, MONTHS};
use sqlx::AnyPool;
use std::collections::HashMap;

/// The day the old system's history ends and pickup records begin. What came before is in
/// Statistikarkivet.
pub const MIGRATION_DATE: &str = "2025-01-01";

/// (address key, label, kommunkod, fraction, month 1–12, emptyings, grams)
type Cell = (String, String, String, String, i64, i64, Option<i64>);

/// The fraction codes in the catalogue's order.
async fn fraction_order(db: &AnyPool) -> Result<Vec<String>, ApiError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM fractions ORDER BY sort_order")
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

/// Cells (already ordered by address label) into a `Year`.
async fn year_of(
    db: &AnyPool,
    year: i32,
    cells: Vec<Cell>,
    kommuner: &[String],
) -> Result<Year, ApiError> {
    let mut fractions = fraction_order(db).await?;
    let mut out = Year::empty(year);
    let mut address_pos: HashMap<String, u32> = HashMap::new();
    let mut series_pos: HashMap<(u32, u32), usize> = HashMap::new();
    for (key, label, kommunkod, fraction, month, emptyings, grams) in cells {
        if !in_filter(kommuner, &kommunkod) || !(1..=MONTHS as i64).contains(&month) {
            continue;
        }
        let a = *address_pos.entry(key.clone()).or_insert_with(|| {
            out.addresses.push(StatisticsAddress {
                key,
                label,
                kommunkod,
            });
            out.addresses.len() as u32 - 1
        });
        let f = match fractions.iter().position(|c| *c == fraction) {
            Some(f) => f,
            None => {
                // A fraction no longer in the catalogue still counted then.
                fractions.push(fraction);
                fractions.len() - 1
            }
        } as u32;
        let s = *series_pos.entry((a, f)).or_insert_with(|| {
            out.series.push(Series {
                address: a,
                fraction: f,
                emptyings: vec![0; MONTHS],
                grams: vec![None; MONTHS],
            });
            out.series.len() - 1
        });
        let m = month as usize - 1;
        out.series[s].emptyings[m] = u32::try_from(emptyings).unwrap_or(u32::MAX);
        out.series[s].grams[m] = grams.and_then(|g| u64::try_from(g).ok());
    }
    // Positions are into the full catalogue; only fractions that occur are listed.
    let mut used = vec![None; fractions.len()];
    for s in &out.series {
        used[s.fraction as usize] = Some(0u32);
    }
    for (n, u) in used.iter_mut().flatten().enumerate() {
        *u = n as u32;
    }
    for s in &mut out.series {
        s.fraction = used[s.fraction as usize].expect("used");
    }
    out.fractions = fractions
        .into_iter()
        .zip(&used)
        .filter(|(_, u)| u.is_some())
        .map(|(c, _)| c)
        .collect();
    out.series.sort_by_key(|s| (s.address, s.fraction));
    Ok(out)
}

/// One year of pickup records, summed; addresses removed since are not in view.
pub async fn year(
    db: &AnyPool,
    customer_id: &str,
    kommuner: &[String],
    year: i32,
) -> Result<Year, ApiError> {
    let cells: Vec<Cell> = sqlx::query_as(
        "SELECT r.address_id, a.street || ', ' || a.city, a.kommunkod, r.fraction_code,
                CAST(substr(r.date, 6, 2) AS BIGINT) AS month,
                CAST(SUM(r.emptied) AS BIGINT), CAST(SUM(r.weight_g) AS BIGINT)
         FROM pickup_records r JOIN addresses a ON a.id = r.address_id
         WHERE r.customer_id = $1 AND r.date >= $2 AND r.date < $3 AND a.deleted_at IS NULL
         GROUP BY r.address_id, a.street, a.city, a.kommunkod, r.fraction_code, month
         ORDER BY a.street, a.city, r.address_id",
    )
    .bind(customer_id)
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{:04}-01-01", year + 1))
    .fetch_all(db)
    .await?;
    year_of(db, year, cells, kommuner).await
}

/// One year of Statistikarkivet.
pub async fn archive_year(
    db: &AnyPool,
    customer_id: &str,
    kommuner: &[String],
    year: i32,
) -> Result<Year, ApiError> {
    let cells: Vec<Cell> = sqlx::query_as(
        "SELECT address_label, address_label, kommunkod, fraction_code, month, emptyings, weight_g
         FROM statistics_archive WHERE customer_id = $1 AND year = $2
         ORDER BY address_label",
    )
    .bind(customer_id)
    .bind(i64::from(year))
    .fetch_all(db)
    .await?;
    year_of(db, year, cells, kommuner).await
}

/// The years with pickup records and the years in the archive.
pub async fn overview(db: &AnyPool, customer_id: &str) -> Result<StatisticsOverview, ApiError> {
    let (first, last): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT MIN(date), MAX(date) FROM pickup_records WHERE customer_id = $1")
            .bind(customer_id)
            .fetch_one(db)
            .await?;
    let year = |d: &Option<String>| d.as_deref().and_then(|d| d.get(..4)?.parse::<i32>().ok());
    let years = match (year(&first), year(&last)) {
        (Some(a), Some(b)) => (a..=b).collect(),
        _ => Vec::new(),
    };
    let archive: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT year FROM statistics_archive WHERE customer_id = $1 ORDER BY year",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await?;
    Ok(StatisticsOverview {
        years,
        archive_years: archive.into_iter().map(|(y,)| y as i32).collect(),
        migration_date: MIGRATION_DATE.to_owned(),
    })
}
