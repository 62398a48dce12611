//! Writing one sync answer: a reset empties every synced table first; a delta upserts what
//! is listed and removes what is in `removed` (an address takes its services with it).

use super::{db_error, Cache};
use crate::error::CoreError;
use kretslopp_api::{SyncEntity, SyncResponse};
use sqlx::{QueryBuilder, Sqlite, Transaction};

/// Rows per multi-row INSERT: well below SQLite's limit of bound parameters.
const ROWS_PER_STATEMENT: usize = 500;

/// The synced tables, children first, so a reset never trips a foreign key. Statistics
/// are fetched apart from the sync, but within the member's view, which a reset may have
/// changed (a new kommun filter): they go too, and are fetched again when next opened.
const SYNCED_TABLES: [&str; 11] = [
    "statistics_series",
    "statistics_addresses",
    "statistics_years",
    "statistics_available",
    "orders",
    "bag_colours",
    "service_exceptions",
    "services",
    "addresses",
    "fractions",
    "customers",
];

async fn exec(
    tx: &mut Transaction<'_, Sqlite>,
    sql: &str,
    binds: &[&str],
) -> Result<(), CoreError> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&mut **tx).await.map_err(db_error)?;
    Ok(())
}

async fn remove(
    tx: &mut Transaction<'_, Sqlite>,
    entity: SyncEntity,
    id: &str,
) -> Result<(), CoreError> {
    let statements: &[&str] = match entity {
        SyncEntity::Customer => &[
            "DELETE FROM notifications WHERE customer_id = ?",
            "DELETE FROM statistics_series WHERE customer_id = ?",
            "DELETE FROM statistics_addresses WHERE customer_id = ?",
            "DELETE FROM statistics_years WHERE customer_id = ?",
            "DELETE FROM statistics_available WHERE customer_id = ?",
            "DELETE FROM orders WHERE customer_id = ?",
            "DELETE FROM services WHERE customer_id = ?",
            "DELETE FROM addresses WHERE customer_id = ?",
            "DELETE FROM reminder_settings WHERE customer_id = ?",
            "DELETE FROM customers WHERE id = ?",
        ],
        SyncEntity::Address => &[
            "DELETE FROM orders WHERE address_id = ?",
            "DELETE FROM services WHERE address_id = ?",
            "DELETE FROM addresses WHERE id = ?",
        ],
        SyncEntity::Fraction => &["DELETE FROM fractions WHERE code = ?"],
        SyncEntity::Service => &["DELETE FROM services WHERE id = ?"],
        SyncEntity::BagColour => &["DELETE FROM bag_colours WHERE code = ?"],
        SyncEntity::Order => &["DELETE FROM orders WHERE id = ?"],
        SyncEntity::Notification => &["DELETE FROM notifications WHERE id = ?"],
    };
    for sql in statements {
        exec(tx, sql, &[id]).await?;
    }
    Ok(())
}

/// The server's view of one order.
pub(super) async fn upsert_order(
    tx: &mut Transaction<'_, Sqlite>,
    o: &kretslopp_api::BagOrder,
) -> Result<(), CoreError> {
    sqlx::query(
        "INSERT OR REPLACE INTO orders (id, customer_id, address_id, lines, status, ordered_by,
             created_at, updated_at, sent_at, delivered_at, cancelled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&o.id)
    .bind(&o.customer_id)
    .bind(&o.address_id)
    .bind(serde_json::to_string(&o.lines).map_err(db_error)?)
    .bind(o.status.as_str())
    .bind(&o.ordered_by)
    .bind(o.created_at)
    .bind(o.updated_at)
    .bind(o.sent_at)
    .bind(o.delivered_at)
    .bind(o.cancelled_at)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

impl Cache {
    /// Applies one sync answer and records it as the last successful sync at `now`.
    pub async fn apply(&self, r: &SyncResponse, now: i64) -> Result<(), CoreError> {
        let mut tx = self.begin_write().await?;
        if r.reset {
            for table in SYNCED_TABLES {
                exec(&mut tx, &format!("DELETE FROM {table}"), &[]).await?;
            }
            super::notifications::reset(&mut tx).await?;
        }
        for c in &r.customers {
            sqlx::query(
                "INSERT OR REPLACE INTO customers (id, name, kind, kundnummer, role, kommuner)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&c.id)
            .bind(&c.name)
            .bind(c.kind.as_str())
            .bind(&c.kundnummer)
            .bind(c.role.as_str())
            .bind(c.kommuner.join(","))
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        // Many rows per statement: each statement is a round trip to SQLite's thread, and a
        // company's first sync writes thousands of addresses and tens of thousands of services.
        for chunk in r.addresses.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO addresses (id, customer_id, street, postal_code, city, kommunkod) ",
            );
            q.push_values(chunk, |mut row, a| {
                row.push_bind(&a.id)
                    .push_bind(&a.customer_id)
                    .push_bind(&a.street)
                    .push_bind(&a.postal_code)
                    .push_bind(&a.city)
                    .push_bind(&a.kommunkod);
            });
            q.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        for f in &r.fractions {
            sqlx::query(
                "INSERT OR REPLACE INTO fractions (code, name_sv, name_en, category, colour, icon)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&f.code)
            .bind(&f.name_sv)
            .bind(&f.name_en)
            .bind(&f.category)
            .bind(&f.colour)
            .bind(&f.icon)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        for chunk in r.services.chunks(ROWS_PER_STATEMENT) {
            if !r.reset {
                // Replacing a row drops its exceptions (cascade); the answer has them all.
                let mut q = QueryBuilder::<Sqlite>::new("DELETE FROM services WHERE id IN (");
                let mut ids = q.separated(", ");
                for s in chunk {
                    ids.push_bind(&s.id);
                }
                q.push(")");
                q.build().execute(&mut *tx).await.map_err(db_error)?;
            }
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT INTO services (id, customer_id, address_id, fraction_code, container, weekday,
                     interval_weeks, anchor, season_from, season_to, holiday_policy) ",
            );
            q.push_values(chunk, |mut row, s| {
                row.push_bind(&s.id)
                    .push_bind(&s.customer_id)
                    .push_bind(&s.address_id)
                    .push_bind(&s.fraction_code)
                    .push_bind(&s.container)
                    .push_bind(i64::from(s.weekday))
                    .push_bind(i64::from(s.interval_weeks))
                    .push_bind(&s.anchor)
                    .push_bind(s.season.map(|(from, _)| i64::from(from)))
                    .push_bind(s.season.map(|(_, to)| i64::from(to)))
                    .push_bind(&s.holiday_policy);
            });
            q.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        let exceptions: Vec<_> = r
            .services
            .iter()
            .flat_map(|s| s.exceptions.iter().map(move |e| (&s.id, e)))
            .collect();
        for chunk in exceptions.chunks(ROWS_PER_STATEMENT) {
            let mut q = QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO service_exceptions (service_id, kind, date, moved_to) ",
            );
            q.push_values(chunk, |mut row, (id, e)| {
                row.push_bind(*id)
                    .push_bind(&e.kind)
                    .push_bind(&e.date)
                    .push_bind(&e.moved_to);
            });
            q.build().execute(&mut *tx).await.map_err(db_error)?;
        }
        if !r.bag_colours.is_empty() {
            // The catalogue comes whole whenever a colour changed, in display order.
            exec(&mut tx, "DELETE FROM bag_colours", &[]).await?;
        }
        for (i, c) in r.bag_colours.iter().enumerate() {
            sqlx::query(
                "INSERT OR REPLACE INTO bag_colours (code, name_sv, name_en, display_colour, fraction_code, kommuner, retired, sort_order)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&c.code)
            .bind(&c.name_sv)
            .bind(&c.name_en)
            .bind(&c.display_colour)
            .bind(&c.fraction_code)
            .bind(c.kommuner.join(","))
            .bind(c.retired)
            .bind(i as i64)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        for o in &r.orders {
            upsert_order(&mut tx, o).await?;
        }
        for n in &r.notifications {
            super::notifications::upsert(&mut tx, n).await?;
        }
        for removal in &r.removed {
            remove(&mut tx, removal.entity, &removal.id).await?;
        }
        sqlx::query("UPDATE sync_state SET cursor = ?, last_sync = ? WHERE id = 1")
            .bind(&r.cursor)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        tx.commit().await.map_err(db_error)?;
        self.forget_schedules();
        Ok(())
    }
}
