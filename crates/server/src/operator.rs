//! `kretslopp-server orders …` and `pickups …`: what the company's operations do to bag
//! orders and the pickup calendar (in the demo, by hand). There is no HTTP endpoint for it, so no customer can reach it. Every
//! change goes through the domain's status machine, is in the audit log and reaches the
//! app by `/v1/sync` (the order's `updated_at`).

use crate::db::Db;
use crate::store::{notifications, orders};
use anyhow::{bail, Context};
use kretslopp_domain::bags::{order_number, OrderStatus};
use kretslopp_domain::notifications::Event;
use serde_json::json;

pub const USAGE: &str = "usage:
  kretslopp-server orders list                     open orders (mottagen, skickad)
  kretslopp-server orders set-status ORDER STATUS  ORDER: id or order number; STATUS: skickad, levererad or avbruten
  kretslopp-server pickups move SERVICE DATE TO    moves the pickup of DATE to TO (YYYY-MM-DD)";

/// Runs `args` (after `orders`) and returns what to print.
pub async fn orders(db: &Db, args: &[String], now: i64) -> anyhow::Result<String> {
    match args {
        [cmd] if cmd == "list" => list(db).await,
        [cmd, order, status] if cmd == "set-status" => set_status(db, order, status, now).await,
        _ => bail!("{USAGE}"),
    }
}

async fn list(db: &Db) -> anyhow::Result<String> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.status, c.name, a.street, o.lines FROM bag_orders o
         JOIN customers c ON c.id = o.customer_id JOIN addresses a ON a.id = o.address_id
         WHERE o.status IN ('received', 'sent') ORDER BY o.created_at",
    )
    .fetch_all(db)
    .await?;
    let mut out = String::from("number    status    customer, address: rolls\n");
    for (id, status, customer, street, lines) in rows {
        out.push_str(&format!(
            "{:<9} {:<9} {customer}, {street}: {lines}\n",
            order_number(&id),
            status
        ));
    }
    Ok(out)
}

async fn set_status(db: &Db, order: &str, status: &str, now: i64) -> anyhow::Result<String> {
    let next = OrderStatus::parse(status)
        .with_context(|| format!("{status:?} is not a status (skickad, levererad, avbruten)"))?;
    let mut tx = crate::db::begin_write(db).await?;
    // The full id, or the number the app and the e-mail show (unique prefix).
    let pattern = format!("{}%", order.to_lowercase());
    let ids: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM bag_orders WHERE id = $1 OR id LIKE $2")
            .bind(order)
            .bind(&pattern)
            .fetch_all(&mut *tx)
            .await?;
    let id = match ids.as_slice() {
        [(id,)] => id.clone(),
        [] => bail!("no order {order}"),
        _ => bail!("{order} names more than one order; give the whole id"),
    };
    let record = orders::by_id(&mut *tx, &id)
        .await
        .map_err(|e| anyhow::anyhow!(e.title))?
        .context("the order vanished")?;
    let from = record.order.status;
    if from == next {
        return Ok(format!(
            "{} is already {}",
            order_number(&id),
            next.as_str()
        ));
    }
    if !orders::set_status(&mut *tx, &id, from, next, now)
        .await
        .map_err(|e| anyhow::anyhow!(e.title))?
    {
        bail!(
            "{} is {}; it cannot become {}",
            order_number(&id),
            from.as_str(),
            next.as_str()
        );
    }
    crate::audit::record(
        &mut *tx,
        crate::audit::Entry {
            customer_id: Some(&record.order.customer_id),
            actor_id: None,
            action: "bag-order-status-changed",
            subject_id: Some(&id),
            detail: json!({ "from": from, "to": next }),
        },
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!(e.title))?;
    // The orderer hears of it in Avisering (and by sync in Mina beställningar).
    notifications::add(
        &mut tx,
        std::slice::from_ref(&record.person_id),
        &record.order.customer_id,
        &id,
        &Event::OrderStatus {
            order_id: id.clone(),
            number: order_number(&id),
            status: next,
        },
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!(e.title))?;
    tx.commit().await?;
    Ok(format!(
        "{} is now {} (was {})",
        order_number(&id),
        next.as_str(),
        from.as_str()
    ))
}

/// Runs `args` (after `pickups`) and returns what to print.
pub async fn pickups(db: &Db, args: &[String], now: i64) -> anyhow::Result<String> {
    match args {
        [cmd, service, date, to] if cmd == "move" => move_pickup(db, service, date, to, now).await,
        _ => bail!("{USAGE}"),
    }
}

/// A moved pickup: an exception on the service (the change feed carries it with the
/// service) and a notification to every member who sees the address.
async fn move_pickup(
    db: &Db,
    service_id: &str,
    date: &str,
    to: &str,
    now: i64,
) -> anyhow::Result<String> {
    use kretslopp_domain::calendar::{format_date, parse_date};
    let from =
        parse_date(date).map_err(|_| anyhow::anyhow!("{date:?} is not a date (YYYY-MM-DD)"))?;
    let to = parse_date(to).map_err(|_| anyhow::anyhow!("{to:?} is not a date (YYYY-MM-DD)"))?;
    if from == to {
        bail!("a pickup moved to its own date does not move");
    }
    let (from, to) = (format_date(from), format_date(to));
    let mut tx = crate::db::begin_write(db).await?;
    let service: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT a.customer_id, a.id, a.street, s.fraction_code || '|' || a.kommunkod FROM services s
         JOIN addresses a ON a.id = s.address_id
         WHERE s.id = $1 AND s.deleted_at IS NULL AND a.deleted_at IS NULL",
    )
    .bind(service_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((customer_id, address_id, street, codes)) = service else {
        bail!("no service {service_id}");
    };
    let (fraction_code, kommunkod) = codes.split_once('|').context("codes")?;
    sqlx::query(
        "UPDATE service_exceptions SET deleted_at = $3, updated_at = $3
         WHERE service_id = $1 AND date = $2 AND deleted_at IS NULL",
    )
    .bind(service_id)
    .bind(&from)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO service_exceptions (id, service_id, kind, date, moved_to, updated_at)
         VALUES ($1, $2, 'moved', $3, $4, $5)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(service_id)
    .bind(&from)
    .bind(&to)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let people = notifications::members(&mut tx, &customer_id, false, Some(kommunkod))
        .await
        .map_err(|e| anyhow::anyhow!(e.title))?;
    notifications::add(
        &mut tx,
        &people,
        &customer_id,
        service_id,
        &Event::PickupMoved {
            address_id,
            street: street.clone(),
            fraction_code: fraction_code.to_owned(),
            from: from.clone(),
            to: to.clone(),
        },
        now,
    )
    .await
    .map_err(|e| anyhow::anyhow!(e.title))?;
    tx.commit().await?;
    Ok(format!(
        "{service_id} ({street}): {from} moved to {to}; {} members told",
        people.len()
    ))
}
