//! Demo statistics: what the trucks would have reported for every demo service from the
//! migration date until yesterday, and one year before it in Statistikarkivet. Weights
//! follow the seasons (garden waste in spring and autumn, less residual waste in the
//! July holidays, more at Christmas) with a deterministic spread, so every run gives
//! the same numbers and the charts say something.

use crate::store::statistics::MIGRATION_DATE;
use kretslopp_domain::calendar::{
    expand, format_date, parse_date, weekday_from_iso, HolidayPolicy, ScheduleRule,
};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use time::{Date, Month};

/// A stable number in 0..1 for a service and a day (FNV-1a, then a xorshift mix).
fn spread(service_id: &str, date: Date, salt: u64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in service_id.bytes().chain(date.to_julian_day().to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// What one pickup of `fraction` reported on `date`: emptied or not, and grams where the
/// truck weighs (paper and plastic packaging are not weighed).
pub fn outcome(service_id: &str, fraction: &str, company: bool, date: Date) -> (bool, Option<u64>) {
    let month = date.month();
    let summer_break = month == Month::July;
    let missed = if summer_break && !company { 0.12 } else { 0.02 };
    if spread(service_id, date, 1) < missed {
        return (false, None);
    }
    let (base_kg, seasonal): (f64, f64) = match (fraction, company) {
        ("rest", false) => (
            9.0,
            if month == Month::December {
                1.2
            } else if summer_break {
                0.85
            } else {
                1.0
            },
        ),
        ("mat", false) => (
            6.5,
            if matches!(month, Month::June | Month::July | Month::August) {
                1.15
            } else {
                1.0
            },
        ),
        ("tradgard", _) => (
            16.0,
            match month {
                Month::April => 0.8,
                Month::May | Month::June => 1.5,
                Month::July | Month::August => 0.9,
                Month::September | Month::October => 1.6,
                _ => 0.6,
            },
        ),
        ("rest", true) => (
            420.0,
            if summer_break {
                0.55
            } else if month == Month::December {
                1.1
            } else {
                1.0
            },
        ),
        ("mat", true) => (38.0, if summer_break { 0.6 } else { 1.0 }),
        _ => return (true, None),
    };
    let noise = 0.75 + 0.5 * spread(service_id, date, 2);
    // Trucks weigh to the 100 g.
    let hectograms = (base_kg * seasonal * noise * 10.0).round() as u64;
    (true, Some(hectograms * 100))
}

/// (customer, year, month, address label, kommun, fraction)
type ArchiveKey = (String, i64, i64, String, String, String);

type ServiceRow = (
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
);

/// Pickup records up to the day before `today`, and the archive year before the
/// migration, unless the database has them already.
pub async fn seed(db: &AnyPool, today: Date) -> anyhow::Result<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pickup_records")
        .fetch_one(db)
        .await?;
    if count > 0 {
        return Ok(());
    }
    add(db, None, today).await
}

/// Rows per multi-row INSERT (8 parameters each).
const ROWS_PER_STATEMENT: usize = 400;

/// What the trucks reported for every service (of `customer`, or all), in one
/// transaction, written in chunks as they are made (a 5,000-address company has millions).
pub async fn add(db: &AnyPool, customer: Option<&str>, today: Date) -> anyhow::Result<()> {
    let services: Vec<ServiceRow> = sqlx::query_as(
        "SELECT s.id, a.customer_id, a.id, s.fraction_code, c.kind, s.weekday, s.interval_weeks, s.anchor,
                s.season_from, s.season_to
         FROM services s JOIN addresses a ON a.id = s.address_id JOIN customers c ON c.id = a.customer_id
         WHERE s.deleted_at IS NULL AND ($1 = '' OR c.id = $1) ORDER BY s.id",
    )
    .bind(customer.unwrap_or(""))
    .fetch_all(db)
    .await?;
    let from = parse_date(MIGRATION_DATE)?;
    let Some(yesterday) = today.previous_day().filter(|d| *d >= from) else {
        return Ok(());
    };
    let archive_from = from.replace_year(from.year() - 1)?;
    let archive_to = from.previous_day().expect("not the first day");
    let mut records: Vec<Record> = Vec::with_capacity(ROWS_PER_STATEMENT);
    let mut archive: BTreeMap<ArchiveKey, (i64, Option<i64>)> = BTreeMap::new();
    let labels: std::collections::HashMap<String, (String, String)> =
        sqlx::query_as::<_, (String, String, String)>(
            "SELECT id, street || ', ' || city, kommunkod FROM addresses",
        )
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|(id, label, kommun)| (id, (label, kommun)))
        .collect();
    let mut customers = std::collections::BTreeSet::new();
    let mut tx = crate::db::begin_write(db).await?;
    for (
        id,
        customer,
        address,
        fraction,
        kind,
        weekday,
        interval,
        anchor,
        season_from,
        season_to,
    ) in services
    {
        let Some(weekday) = weekday_from_iso(weekday) else {
            continue;
        };
        let rule = ScheduleRule {
            weekday,
            interval_weeks: u8::try_from(interval).unwrap_or(1),
            anchor: parse_date(&anchor)?,
            season: season_from.zip(season_to).map(|(a, b)| (a as u8, b as u8)),
        };
        let company = kind == "company";
        customers.insert(customer.clone());
        for p in expand(&rule, &[], HolidayPolicy::NextWorkday, from, yesterday) {
            let (emptied, grams) = outcome(&id, &fraction, company, p.date);
            records.push((
                id.clone(),
                format_date(p.date),
                customer.clone(),
                address.clone(),
                fraction.clone(),
                emptied,
                grams,
            ));
            if records.len() == ROWS_PER_STATEMENT {
                insert(&mut tx, &records).await?;
                records.clear();
            }
        }
        let (label, kommun) = labels
            .get(&address)
            .map(|(l, k)| (l.to_uppercase(), k.clone()))
            .unwrap_or_default();
        for p in expand(
            &rule,
            &[],
            HolidayPolicy::NextWorkday,
            archive_from,
            archive_to,
        ) {
            let (emptied, grams) = outcome(&id, &fraction, company, p.date);
            let cell = archive
                .entry((
                    customer.clone(),
                    i64::from(p.date.year()),
                    i64::from(u8::from(p.date.month())),
                    label.clone(),
                    kommun.clone(),
                    fraction.clone(),
                ))
                .or_insert((0, None));
            cell.0 += i64::from(emptied);
            if let Some(g) = grams {
                cell.1 = Some(cell.1.unwrap_or(0) + g as i64);
            }
        }
    }
    insert(&mut tx, &records).await?;
    for c in &customers {
        for year in from.year()..=yesterday.year() {
            crate::store::statistics::rebuild(&mut tx, c, year).await?;
        }
    }
    for ((customer, year, month, label, kommun, fraction), (emptyings, grams)) in archive {
        sqlx::query(
            "INSERT INTO statistics_archive (customer_id, year, month, address_label, kommunkod, fraction_code, emptyings, weight_g)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(customer)
        .bind(year)
        .bind(month)
        .bind(label)
        .bind(kommun)
        .bind(fraction)
        .bind(emptyings)
        .bind(grams)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// (service, date, customer, address, fraction, emptied, grams)
type Record = (String, String, String, String, String, bool, Option<u64>);

async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    records: &[Record],
) -> anyhow::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO pickup_records (service_id, date, customer_id, address_id, fraction_code, emptied, weight_g, created_at) VALUES ",
    );
    for i in 0..records.len() {
        let b = i * 8;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(${},${},${},${},${},${},${},${})",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6,
            b + 7,
            b + 8
        ));
    }
    let mut q = sqlx::query(&sql);
    for (service, date, customer, address, fraction, emptied, grams) in records {
        q = q
            .bind(service)
            .bind(date)
            .bind(customer)
            .bind(address)
            .bind(fraction)
            .bind(i64::from(*emptied))
            .bind(grams.map(|g| g as i64))
            .bind(0i64);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
