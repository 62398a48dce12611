//! Writing one sync answer: a reset empties every synced table first; a delta upserts what
//! is listed and removes what is in `removed` (an address takes its services with it).

use super::{db_error, Cache};
use crate::error::CoreError;
use kretslopp_api::{SyncEntity, SyncResponse};
use sqlx::{Sqlite, Transaction};

/// The synced tables, children first, so a reset never trips a foreign key.
const SYNCED_TABLES: [&str; 5] = [
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
            "DELETE FROM services WHERE customer_id = ?",
            "DELETE FROM addresses WHERE customer_id = ?",
            "DELETE FROM reminder_settings WHERE customer_id = ?",
            "DELETE FROM customers WHERE id = ?",
        ],
        SyncEntity::Address => &[
            "DELETE FROM services WHERE address_id = ?",
            "DELETE FROM addresses WHERE id = ?",
        ],
        SyncEntity::Fraction => &["DELETE FROM fractions WHERE code = ?"],
        SyncEntity::Service => &["DELETE FROM services WHERE id = ?"],
    };
    for sql in statements {
        exec(tx, sql, &[id]).await?;
    }
    Ok(())
}

impl Cache {
    /// Applies one sync answer and records it as the last successful sync at `now`.
    pub async fn apply(&self, r: &SyncResponse, now: i64) -> Result<(), CoreError> {
        let mut tx = self.pool.begin().await.map_err(db_error)?;
        if r.reset {
            for table in SYNCED_TABLES {
                exec(&mut tx, &format!("DELETE FROM {table}"), &[]).await?;
            }
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
        for a in &r.addresses {
            sqlx::query(
                "INSERT OR REPLACE INTO addresses (id, customer_id, street, postal_code, city, kommunkod)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(&a.id)
            .bind(&a.customer_id)
            .bind(&a.street)
            .bind(&a.postal_code)
            .bind(&a.city)
            .bind(&a.kommunkod)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
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
        for s in &r.services {
            // Replacing the row drops its exceptions (cascade); the answer has them all.
            exec(&mut tx, "DELETE FROM services WHERE id = ?", &[&s.id]).await?;
            sqlx::query(
                "INSERT INTO services (id, customer_id, address_id, fraction_code, container, weekday,
                     interval_weeks, anchor, season_from, season_to, holiday_policy)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&s.id)
            .bind(&s.customer_id)
            .bind(&s.address_id)
            .bind(&s.fraction_code)
            .bind(&s.container)
            .bind(i64::from(s.weekday))
            .bind(i64::from(s.interval_weeks))
            .bind(&s.anchor)
            .bind(s.season.map(|(from, _)| i64::from(from)))
            .bind(s.season.map(|(_, to)| i64::from(to)))
            .bind(&s.holiday_policy)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
            for e in &s.exceptions {
                sqlx::query(
                    "INSERT OR REPLACE INTO service_exceptions (service_id, kind, date, moved_to)
                     VALUES (?, ?, ?, ?)",
                )
                .bind(&s.id)
                .bind(&e.kind)
                .bind(&e.date)
                .bind(&e.moved_to)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            }
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
