//! Bag orders in the store: the catalogue and orders as synced, and the outbox of orders
//! placed on this device. Placing checks the domain's rules against what the store holds
//! and queues the order in one write transaction, so "köad" is shown only for an order
//! that is on disk, and two orders to one address cannot both pass the check.

use super::{db_error, undecodable, Cache};
use crate::error::CoreError;
use kretslopp_api::{BagColour, BagLine, BagOrder, ErrorCode, NewBagOrder, OrderStatus};
use kretslopp_domain::bags::{check_order, Offer};
use sqlx::Row;

/// An order placed here and not yet accepted by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub seq: i64,
    /// The Idempotency-Key; for an order, its id.
    pub id: String,
    pub person_id: String,
    pub customer_id: String,
    pub order: NewBagOrder,
    pub refused: Option<(ErrorCode, String)>,
    pub attempts: u32,
    pub next_attempt_at: i64,
    pub created_at: i64,
}

fn entry(row: &sqlx::sqlite::SqliteRow) -> Result<OutboxEntry, CoreError> {
    let body: String = row.get("body");
    let order: NewBagOrder =
        serde_json::from_str(&body).map_err(|_| undecodable("queued order", &body))?;
    let state: String = row.get("state");
    let refused = match state.as_str() {
        "queued" => None,
        "refused" => {
            let code: Option<String> = row.get("refusal_code");
            let code = code.ok_or_else(|| undecodable("refusal", "no code"))?;
            // A code from a newer server reads as `unknown`, as on the wire.
            let code: ErrorCode = serde_json::from_value(serde_json::Value::String(code.clone()))
                .map_err(|_| undecodable("refusal code", &code))?;
            Some((
                code,
                row.get::<Option<String>, _>("refusal_detail")
                    .unwrap_or_default(),
            ))
        }
        other => return Err(undecodable("outbox state", other)),
    };
    Ok(OutboxEntry {
        seq: row.get("seq"),
        id: row.get("id"),
        person_id: row.get("person_id"),
        customer_id: row.get("customer_id"),
        order,
        refused,
        attempts: u32::try_from(row.get::<i64, _>("attempts")).unwrap_or(u32::MAX),
        next_attempt_at: row.get("next_attempt_at"),
        created_at: row.get("created_at"),
    })
}

fn colour(row: &sqlx::sqlite::SqliteRow) -> BagColour {
    let kommuner: String = row.get("kommuner");
    BagColour {
        code: row.get("code"),
        name_sv: row.get("name_sv"),
        name_en: row.get("name_en"),
        display_colour: row.get("display_colour"),
        fraction_code: row.get("fraction_code"),
        kommuner: kretslopp_domain::kommun::split_list(&kommuner),
        retired: row.get::<i64, _>("retired") != 0,
    }
}

fn order(row: &sqlx::sqlite::SqliteRow) -> Result<BagOrder, CoreError> {
    let lines: String = row.get("lines");
    let status: String = row.get("status");
    Ok(BagOrder {
        id: row.get("id"),
        customer_id: row.get("customer_id"),
        address_id: row.get("address_id"),
        lines: serde_json::from_str::<Vec<BagLine>>(&lines)
            .map_err(|_| undecodable("order lines", &lines))?,
        status: OrderStatus::stored(&status).ok_or_else(|| undecodable("order status", &status))?,
        ordered_by: row.get("ordered_by"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
        sent_at: row.get("sent_at"),
        delivered_at: row.get("delivered_at"),
        cancelled_at: row.get("cancelled_at"),
    })
}

const OUTBOX_COLUMNS: &str = "seq, id, person_id, customer_id, body, state, attempts, next_attempt_at, refusal_code, refusal_detail, created_at";

impl Cache {
    /// The bag catalogue in display order, retired colours included.
    pub async fn bag_colours(&self) -> Result<Vec<BagColour>, CoreError> {
        let rows = sqlx::query("SELECT * FROM bag_colours ORDER BY sort_order")
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(rows.iter().map(colour).collect())
    }

    /// The customer's orders as the server last said, newest first.
    pub async fn orders(&self, customer_id: &str) -> Result<Vec<BagOrder>, CoreError> {
        let rows =
            sqlx::query("SELECT * FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id")
                .bind(customer_id)
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        rows.iter().map(order).collect()
    }

    /// "Street, City" of every address the customer's orders and queued orders go to (not
    /// every address: a company has thousands).
    pub async fn order_addresses(
        &self,
        customer_id: &str,
    ) -> Result<std::collections::HashMap<String, String>, CoreError> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT id, street, city FROM addresses WHERE customer_id = ?1 AND (
                 id IN (SELECT address_id FROM orders WHERE customer_id = ?1)
                 OR id IN (SELECT json_extract(body, '$.addressId') FROM outbox WHERE customer_id = ?1))",
        )
        .bind(customer_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, street, city)| (id, format!("{street}, {city}")))
            .collect())
    }

    /// The outbox entries for one customer (all customers with `None`), oldest first.
    pub async fn outbox(&self, customer_id: Option<&str>) -> Result<Vec<OutboxEntry>, CoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ?1 IS NULL OR customer_id = ?1 ORDER BY seq"
        ))
        .bind(customer_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.iter().map(entry).collect()
    }

    /// The first queued entry of `person_id`: what the outbox sends next (FIFO).
    pub async fn outbox_head(&self, person_id: &str) -> Result<Option<OutboxEntry>, CoreError> {
        let row = sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE person_id = ? AND state = 'queued' ORDER BY seq LIMIT 1"
        ))
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db_error)?;
        row.as_ref().map(entry).transpose()
    }

    /// Checks `order` against the rules with what the store knows, then queues it for
    /// `person_id`, in one write transaction. The lines are stored as the rules made them.
    pub async fn queue_order(
        &self,
        person_id: &str,
        customer_id: &str,
        order: &NewBagOrder,
        now: i64,
    ) -> Result<NewBagOrder, CoreError> {
        let mut tx = self.begin_write().await?;
        let kommunkod: Option<(String,)> =
            sqlx::query_as("SELECT kommunkod FROM addresses WHERE id = ? AND customer_id = ?")
                .bind(&order.address_id)
                .bind(customer_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?;
        let (kommunkod,) = kommunkod.ok_or_else(|| {
            CoreError::new(
                ErrorCode::AddressNotFound,
                "no such address of this customer",
            )
        })?;
        let catalogue: Vec<BagColour> = sqlx::query("SELECT * FROM bag_colours")
            .fetch_all(&mut *tx)
            .await
            .map_err(db_error)?
            .iter()
            .map(colour)
            .collect();
        let (open,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM orders WHERE address_id = ?1 AND status IN ('received', 'sent'))
                  + (SELECT COUNT(*) FROM outbox WHERE state = 'queued' AND json_extract(body, '$.addressId') = ?1)",
        )
        .bind(&order.address_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let offers: Vec<Offer<'_>> = catalogue.iter().map(BagColour::offer).collect();
        let lines = check_order(&order.lines, &offers, &kommunkod, open > 0)
            .map_err(|r| CoreError::new(ErrorCode::from(&r), r.to_string()))?;
        let queued = NewBagOrder {
            lines,
            ..order.clone()
        };
        sqlx::query(
            "INSERT INTO outbox (id, person_id, customer_id, kind, body, state, created_at)
             VALUES (?, ?, ?, 'place-order', ?, 'queued', ?)",
        )
        .bind(&queued.id)
        .bind(person_id)
        .bind(customer_id)
        .bind(serde_json::to_string(&queued).map_err(db_error)?)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        crate::failpoint::hit("outbox-before-commit");
        tx.commit().await.map_err(db_error)?;
        crate::failpoint::hit("outbox-after-commit");
        Ok(queued)
    }

    /// The server accepted the entry: its answer replaces it, in one transaction.
    pub async fn outbox_confirmed(&self, id: &str, answer: &BagOrder) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        super::apply::upsert_order(&mut tx, answer).await?;
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)
    }

    /// Not sent this time; try again at `next_attempt_at`.
    pub async fn outbox_postponed(&self, id: &str, next_attempt_at: i64) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND state = 'queued'",
        )
        .bind(next_attempt_at)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// Refused for good: kept with the reason, never sent again.
    pub async fn outbox_refused(
        &self,
        id: &str,
        code: ErrorCode,
        detail: &str,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE outbox SET state = 'refused', refusal_code = ?, refusal_detail = ? WHERE id = ?",
        )
        .bind(code.as_str())
        .bind(detail)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(())
    }

    /// Ångra: drops a queued order before it is sent; `false` when none is queued.
    pub async fn outbox_undo(&self, id: &str) -> Result<bool, CoreError> {
        self.outbox_discard(id, "queued").await
    }

    /// Ta bort: drops a refused order once read; `false` when there is none.
    pub async fn outbox_dismiss(&self, id: &str) -> Result<bool, CoreError> {
        self.outbox_discard(id, "refused").await
    }

    async fn outbox_discard(&self, id: &str, state: &str) -> Result<bool, CoreError> {
        let done = sqlx::query("DELETE FROM outbox WHERE id = ? AND state = ?")
            .bind(id)
            .bind(state)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected() == 1)
    }

    /// The server's answer about one order (a cancellation), kept until the next sync.
    pub async fn store_order(&self, answer: &BagOrder) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        super::apply::upsert_order(&mut tx, answer).await?;
        tx.commit().await.map_err(db_error)
    }
}
