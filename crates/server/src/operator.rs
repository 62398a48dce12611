//! `kretslopp-server orders …`: what the company's operations do to bag orders (in the
//! demo, by hand). There is no HTTP endpoint for it, so no customer can reach it. Every
//! change goes through the domain's status machine, is in the audit log and reaches the
//! app by `/v1/sync` (the order's `updated_at`).

use crate::db::Db;
use crate::store::orders;
use anyhow::{bail, Context};
use kretslopp_domain::bags::{order_number, OrderStatus};
use serde_json::json;

pub const USAGE: &str = "usage:
  kretslopp-server orders list                     open orders (mottagen, skickad)
  kretslopp-server orders set-status ORDER STATUS  ORDER: id or order number; STATUS: skickad, levererad or avbruten";

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
    tx.commit().await?;
    Ok(format!(
        "{} is now {} (was {})",
        order_number(&id),
        next.as_str(),
        from.as_str()
    ))
}
