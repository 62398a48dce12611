//! Bag colours and bag orders, for the order routes, the change feed and the operator's
//! subcommand.

use crate::problem::ApiError;
use crate::store::accounts::split_kommuner;
use kretslopp_api::{BagColour, BagLine, BagOrder, OrderStatus};
use kretslopp_domain::bags::Offer;
use sqlx::{Any, Executor};

type ColourRow = (String, String, String, String, String, String, Option<i64>);

const COLOUR_COLUMNS: &str =
    "code, name_sv, name_en, display_colour, fraction_code, kommuner, retired_at";

fn colour(
    (code, name_sv, name_en, display_colour, fraction_code, kommuner, retired_at): ColourRow,
) -> BagColour {
    BagColour {
        code,
        name_sv,
        name_en,
        display_colour,
        fraction_code,
        kommuner: split_kommuner(&kommuner),
        retired: retired_at.is_some(),
    }
}

/// The whole catalogue in display order, retired colours included.
pub async fn catalogue<'e, E: Executor<'e, Database = Any>>(
    db: E,
) -> Result<Vec<BagColour>, ApiError> {
    let rows: Vec<ColourRow> = sqlx::query_as(&format!(
        "SELECT {COLOUR_COLUMNS} FROM bag_colours ORDER BY sort_order, code"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(colour).collect())
}

/// Colours changed after `since` (all with none).
pub async fn changed_colours<'e, E: Executor<'e, Database = Any>>(
    db: E,
    since: i64,
) -> Result<Vec<BagColour>, ApiError> {
    let rows: Vec<ColourRow> = sqlx::query_as(&format!(
        "SELECT {COLOUR_COLUMNS} FROM bag_colours WHERE updated_at > $1 ORDER BY sort_order, code"
    ))
    .bind(since)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(colour).collect())
}

/// The catalogue as the order rules read it.
pub fn offers(catalogue: &[BagColour]) -> Vec<Offer<'_>> {
    catalogue.iter().map(BagColour::offer).collect()
}

/// An order with the kommun of its address (for the member's filter).
pub struct OrderRecord {
    pub order: BagOrder,
    pub kommunkod: String,
    pub person_id: String,
    /// The address was removed since.
    pub address_removed: bool,
}

type OrderRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    String,
    String,
    Option<i64>,
);

const ORDER_SELECT: &str = "SELECT o.id, o.customer_id, o.address_id, o.lines, o.status,
        p.given_name || ' ' || p.surname, o.created_at, o.updated_at, o.sent_at, o.delivered_at,
        o.cancelled_at, a.kommunkod, o.person_id, a.deleted_at
    FROM bag_orders o JOIN addresses a ON a.id = o.address_id JOIN persons p ON p.id = o.person_id";

fn record(row: OrderRow) -> Result<OrderRecord, ApiError> {
    let (
        id,
        customer_id,
        address_id,
        lines,
        status,
        ordered_by,
        created_at,
        updated_at,
        sent_at,
        delivered_at,
        cancelled_at,
        kommunkod,
        person_id,
        address_deleted,
    ) = row;
    let lines: Vec<BagLine> = serde_json::from_str(&lines).map_err(|_| {
        tracing::error!(order = %id, "unreadable order lines in the database");
        ApiError::internal()
    })?;
    let status = stored_status(&status)?;
    Ok(OrderRecord {
        order: BagOrder {
            id,
            customer_id,
            address_id,
            lines,
            status,
            ordered_by,
            created_at,
            updated_at,
            sent_at,
            delivered_at,
            cancelled_at,
        },
        kommunkod,
        person_id,
        address_removed: address_deleted.is_some(),
    })
}

pub fn stored_status(s: &str) -> Result<OrderStatus, ApiError> {
    OrderStatus::stored(s).ok_or_else(|| {
        tracing::error!(status = %s, "unknown order status in the database");
        ApiError::internal()
    })
}

/// One order by id, whoever's it is.
pub async fn by_id<'e, E: Executor<'e, Database = Any>>(
    db: E,
    order_id: &str,
) -> Result<Option<OrderRecord>, ApiError> {
    let row: Option<OrderRow> = sqlx::query_as(&format!("{ORDER_SELECT} WHERE o.id = $1"))
        .bind(order_id)
        .fetch_optional(db)
        .await?;
    row.map(record).transpose()
}

/// A customer's orders changed after `since`, newest first; an order whose address changed
/// counts as changed (it may have come back into a member's view).
pub async fn of_customer<'e, E: Executor<'e, Database = Any>>(
    db: E,
    customer_id: &str,
    since: i64,
) -> Result<Vec<OrderRecord>, ApiError> {
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE o.customer_id = $1 AND (o.updated_at > $2 OR a.updated_at > $2 OR a.deleted_at > $2)
         ORDER BY o.created_at DESC, o.id"
    ))
    .bind(customer_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(record).collect()
}

/// Whether the address has an order that is mottagen or skickad.
pub async fn has_open_order<'e, E: Executor<'e, Database = Any>>(
    db: E,
    address_id: &str,
) -> Result<bool, ApiError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM bag_orders WHERE address_id = $1 AND status IN ('received', 'sent')",
    )
    .bind(address_id)
    .fetch_optional(db)
    .await?;
    Ok(row.is_some())
}

/// Moves an order to `next` if the status machine allows it, stamping when.
pub async fn set_status<'e, E: Executor<'e, Database = Any>>(
    db: E,
    order_id: &str,
    from: OrderStatus,
    next: OrderStatus,
    now: i64,
) -> Result<bool, ApiError> {
    if !from.may_become(next) {
        return Ok(false);
    }
    let stamp = match next {
        OrderStatus::Sent => "sent_at",
        OrderStatus::Delivered => "delivered_at",
        OrderStatus::Cancelled => "cancelled_at",
        OrderStatus::Received => return Ok(false),
    };
    let done = sqlx::query(&format!(
        "UPDATE bag_orders SET status = $2, {stamp} = $3, updated_at = $3 WHERE id = $1 AND status = $4"
    ))
    .bind(order_id)
    .bind(next.as_str())
    .bind(now)
    .bind(from.as_str())
    .execute(db)
    .await?
    .rows_affected();
    Ok(done == 1)
}
