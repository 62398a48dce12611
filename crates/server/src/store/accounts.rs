//! People's user accounts and memberships as stored: contact details, kommun filters, and
//! the household holder's first login. Shared by the account, onboarding, customer and
//! login routes, which never call each other.

use crate::problem::{ApiError, Fields};
use kretslopp_domain::{contact, Lang};

/// Validated contact details, shared by registration and editing.
pub struct ValidAccount {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub lang: Lang,
}

pub fn validate_account(
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
    lang: Option<&str>,
    fields: &mut Fields,
) -> Option<ValidAccount> {
    let first_name = fields.check("firstName", contact::name(first_name));
    let last_name = fields.check("lastName", contact::name(last_name));
    let email = fields.check("email", contact::email(email));
    let phone = fields.check("phone", contact::phone(phone));
    let lang = fields.check("lang", lang.map_or(Ok(Lang::Sv), Lang::parse_code));
    Some(ValidAccount {
        first_name: first_name?,
        last_name: last_name?,
        email: email?,
        phone: phone?,
        lang: lang?,
    })
}

/// Creates or updates the person's user account (inside the caller's transaction).
pub async fn upsert_account<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    person_id: &str,
    a: &ValidAccount,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO user_accounts (person_id, first_name, last_name, email, phone, lang, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (person_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
             email = excluded.email, phone = excluded.phone, lang = excluded.lang, updated_at = excluded.updated_at",
    )
    .bind(person_id)
    .bind(&a.first_name)
    .bind(&a.last_name)
    .bind(&a.email)
    .bind(&a.phone)
    .bind(a.lang.code())
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub fn split_kommuner(s: &str) -> Vec<String> {
    kretslopp_domain::kommun::split_list(s)
}

/// Whether an address in `kommunkod` is in a member's view (an empty filter shows all).
pub fn in_filter(kommuner: &[String], kommunkod: &str) -> bool {
    kretslopp_domain::kommun::in_list(kommuner, kommunkod)
}

/// Household first login: the customers whose agreement holder has this personnummer
/// (matched by HMAC) get the person as holder.
pub async fn attach_households(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    person_id: &str,
    pnr_hmac: &str,
    now: i64,
) -> Result<(), ApiError> {
    let found: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM customers WHERE kind = 'household' AND holder_pnr_hmac = $1",
    )
    .bind(pnr_hmac)
    .fetch_all(&mut **tx)
    .await?;
    for (customer_id,) in found {
        sqlx::query(
            "INSERT INTO memberships (id, customer_id, person_id, role, status, kommuner, created_at, approved_at)
             VALUES ($1, $2, $3, 'holder', 'active', '', $4, $4)
             ON CONFLICT (customer_id, person_id) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&customer_id)
        .bind(person_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A person's name as others see it (their account's, else BankID's) and their language.
pub async fn display_name<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    person_id: &str,
) -> Result<(String, Lang), ApiError> {
    let (name, lang): (String, Option<String>) = sqlx::query_as(
        "SELECT COALESCE(u.first_name || ' ' || u.last_name, p.given_name || ' ' || p.surname), u.lang
         FROM persons p LEFT JOIN user_accounts u ON u.person_id = p.id WHERE p.id = $1",
    )
    .bind(person_id)
    .fetch_one(db)
    .await?;
    Ok((name, Lang::from_tag(lang.as_deref().unwrap_or("sv"))))
}

/// A customer's name (the caller has loaded its membership, so it exists).
pub async fn customer_name<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    id: &str,
) -> Result<String, ApiError> {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM customers WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    Ok(name)
}
