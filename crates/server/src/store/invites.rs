//! Invites as stored (PRODUCT §7). A token is looked up by its SHA-256 only; a dead invite
//! (expired, revoked, used) is still found, so the app can say which it is.

use crate::problem::ApiError;
use crate::secrets::sha256_hex;
use kretslopp_api::Invite;
use kretslopp_domain::invites::{is_token, InviteState};
use kretslopp_domain::Role;
use sqlx::{Any, Executor};

/// How long an accepted, declined or revoked invite is kept for the audit trail.
const ENDED_KEPT_MS: i64 = 30 * 24 * 3600 * 1000;

pub struct Found {
    pub id: String,
    pub customer_id: String,
    pub customer_name: String,
    pub customer_kind: String,
    pub role: Role,
    pub state: InviteState,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub inviter_id: String,
    pub expires_at: i64,
}

/// The invite a token names, whatever its state; `None` for a token of the wrong shape
/// (without touching the database) or one that names nothing.
pub async fn by_token<'e, E: Executor<'e, Database = Any>>(
    db: E,
    token: &str,
) -> Result<Option<Found>, ApiError> {
    if !is_token(token) {
        return Ok(None);
    }
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT i.id, i.customer_id, c.name, c.kind, i.role, i.state, i.name, i.email, i.phone, i.inviter_id, i.expires_at
         FROM invites i JOIN customers c ON c.id = i.customer_id WHERE i.token_hash = $1",
    )
    .bind(sha256_hex(token))
    .fetch_optional(db)
    .await?;
    row.map(
        |(
            id,
            customer_id,
            customer_name,
            customer_kind,
            role,
            state,
            name,
            email,
            phone,
            inviter_id,
            expires_at,
        )| {
            Ok(Found {
                id,
                customer_id,
                customer_name,
                customer_kind,
                role: crate::access::stored_role(&role)?,
                state: InviteState::stored(&state).ok_or_else(|| {
                    tracing::error!(state = %state, "unknown invite state in the database");
                    ApiError::internal()
                })?,
                name,
                email,
                phone,
                inviter_id,
                expires_at,
            })
        },
    )
    .transpose()
}

/// A customer's live invites (pending, not expired), newest first; `only` narrows to one.
pub async fn pending<'e, E: Executor<'e, Database = Any>>(
    db: E,
    customer_id: &str,
    only: Option<&str>,
    now: i64,
) -> Result<Vec<Invite>, ApiError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.id, i.role, i.name, i.email, i.phone,
                COALESCE(u.first_name || ' ' || u.last_name, p.given_name || ' ' || p.surname),
                i.created_at, i.sent_at, i.expires_at
         FROM invites i JOIN persons p ON p.id = i.inviter_id
         LEFT JOIN user_accounts u ON u.person_id = i.inviter_id
         WHERE i.customer_id = $1 AND i.state = 'pending' AND i.expires_at > $2
           AND ($3 = '' OR i.id = $3)
         ORDER BY i.sent_at DESC, i.id",
    )
    .bind(customer_id)
    .bind(now)
    .bind(only.unwrap_or(""))
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(
            |(id, role, name, email, phone, invited_by, created_at, sent_at, expires_at)| {
                Ok(Invite {
                    id,
                    customer_id: customer_id.to_owned(),
                    role: crate::access::stored_role(&role)?,
                    name,
                    email,
                    phone,
                    invited_by,
                    created_at,
                    sent_at,
                    expires_at,
                })
            },
        )
        .collect()
}

/// Ends a pending invite (`accepted`, `declined` or `revoked`); false if it was not
/// pending any more (a concurrent request ended it first).
pub async fn end<'e, E: Executor<'e, Database = Any>>(
    db: E,
    id: &str,
    state: InviteState,
    accepted_by: Option<&str>,
    now: i64,
) -> Result<bool, ApiError> {
    let n = sqlx::query(
        "UPDATE invites SET state = $2, ended_at = $3, accepted_by = $4 WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(state.as_str())
    .bind(now)
    .bind(accepted_by)
    .execute(db)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// The scheduled job: invites not accepted in time are removed, and ended ones once the
/// audit trail no longer needs them. One statement, so two instances can both run it.
pub async fn purge<'e, E: Executor<'e, Database = Any>>(db: E, now: i64) -> anyhow::Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM invites WHERE (state = 'pending' AND expires_at <= $1) OR (state <> 'pending' AND ended_at < $2)",
    )
    .bind(now)
    .bind(now - ENDED_KEPT_MS)
    .execute(db)
    .await?
    .rows_affected())
}

/// The links in the e-mail: the https page (and app link on phones), built from the
/// configured public URL, never from the request; and the desktop app's own scheme.
pub fn links(public_url: &str, token: &str) -> (String, String) {
    (
        format!("{}/inbjudan/{token}", public_url.trim_end_matches('/')),
        format!("kretslopp://inbjudan/{token}"),
    )
}

/// The last day an invite works, as the e-mail and the page say it (Swedish time).
pub fn expiry_day(expires_at: i64) -> time::Date {
    kretslopp_domain::calendar::swedish_time::local_datetime(expires_at).date()
}
