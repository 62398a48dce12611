//! The change feed behind `/v1/sync`: for each entity the app caches, what changed after a
//! moment within the person's view, as upserts and removals.
//!
//! One rule for every entity: a row carries `updated_at` (and `deleted_at` where it can be
//! removed). With no `since`, an entity answers everything the person sees. With `since`,
//! its *candidates* are the rows changed or removed after it; the candidates still in view
//! are upserts, the rest are removals (removed, or outside the member's kommun filter now).
//! Changes to memberships themselves (a new customer, role or filter) change the cursor's
//! digest and so give a reset (routes/sync.rs).
//!
//! Adding an entity: its table with `updated_at`/`deleted_at`, its wire type in `api`, a
//! function here, a list in `SyncResponse` and a `SyncEntity` variant.

use crate::problem::ApiError;
use crate::state::AppState;
use crate::store::accounts::{in_filter, split_kommuner};
use crate::store::services::{format_date, load_changed_services, ServiceRecord};
use kretslopp_api::{
    BagColour, BagOrder, FractionView, SyncAddress, SyncCustomer, SyncEntity, SyncException,
    SyncRemoval, SyncService,
};
use std::collections::BTreeSet;

/// Every stored time is ≥ 0: "changed after the beginning" is everything.
fn after(since: Option<i64>) -> i64 {
    since.unwrap_or(i64::MIN)
}

/// The customers the person is an active member of, with the member's role and filter.
/// Their digest decides between a delta and a reset, so it holds only membership facts,
/// not the customer's own fields (those arrive as deltas).
pub async fn memberships(
    state: &AppState,
    person_id: &str,
) -> Result<Vec<(SyncCustomer, i64)>, ApiError> {
    let rows: Vec<(String, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, c.kind, c.kundnummer, m.role, m.kommuner, c.updated_at FROM memberships m
         JOIN customers c ON c.id = m.customer_id
         WHERE m.person_id = $1 AND m.status = 'active' ORDER BY c.id",
    )
    .bind(person_id)
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|(id, name, kind, kundnummer, role, kommuner, updated_at)| {
            Ok((
                SyncCustomer {
                    id,
                    name,
                    kind: crate::access::stored_kind(&kind)?,
                    kundnummer,
                    role: crate::access::stored_role(&role)?,
                    kommuner: split_kommuner(&kommuner),
                },
                updated_at,
            ))
        })
        .collect()
}

/// The part of the person's view that a delta cannot carry: which customers, in which
/// role, through which kommun filter.
pub fn view_digest(members: &[(SyncCustomer, i64)]) -> String {
    let facts: Vec<_> = members
        .iter()
        .map(|(c, _)| (&c.id, c.role, &c.kommuner))
        .collect();
    crate::secrets::sha256_hex(&serde_json::to_string(&facts).expect("serialisable"))[..16]
        .to_owned()
}

/// Customers changed after `since`.
pub fn customers(members: &[(SyncCustomer, i64)], since: Option<i64>) -> Vec<SyncCustomer> {
    members
        .iter()
        .filter(|(_, updated_at)| *updated_at > after(since))
        .map(|(c, _)| c.clone())
        .collect()
}

pub struct Delta<T> {
    pub upserts: Vec<T>,
    pub removed: Vec<SyncRemoval>,
}

fn removals(entity: SyncEntity, ids: BTreeSet<String>) -> Vec<SyncRemoval> {
    ids.into_iter()
        .map(|id| SyncRemoval { entity, id })
        .collect()
}

pub async fn addresses(
    state: &AppState,
    customer: &SyncCustomer,
    since: Option<i64>,
) -> Result<Delta<SyncAddress>, ApiError> {
    let rows: Vec<(String, String, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, street, postal_code, city, kommunkod, deleted_at FROM addresses
         WHERE customer_id = $1 AND (updated_at > $2 OR deleted_at > $2) ORDER BY id",
    )
    .bind(&customer.id)
    .bind(after(since))
    .fetch_all(&state.db)
    .await?;
    let mut delta = Delta {
        upserts: Vec::new(),
        removed: Vec::new(),
    };
    let mut gone = BTreeSet::new();
    for (id, street, postal_code, city, kommunkod, deleted_at) in rows {
        if deleted_at.is_some() || !in_filter(&customer.kommuner, &kommunkod) {
            gone.insert(id);
            continue;
        }
        delta.upserts.push(SyncAddress {
            id,
            customer_id: customer.id.clone(),
            street,
            postal_code,
            city,
            kommunkod,
        });
    }
    if since.is_some() {
        delta.removed = removals(SyncEntity::Address, gone);
    }
    Ok(delta)
}

pub async fn fractions(
    state: &AppState,
    since: Option<i64>,
) -> Result<Vec<FractionView>, ApiError> {
    let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT code, name_sv, name_en, category, colour, icon FROM fractions WHERE updated_at > $1 ORDER BY sort_order",
    )
    .bind(after(since))
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name_sv, name_en, category, colour, icon)| FractionView {
                code,
                name_sv,
                name_en,
                category,
                colour,
                icon,
            },
        )
        .collect())
}

pub fn wire_service(customer_id: &str, s: ServiceRecord) -> SyncService {
    SyncService {
        id: s.view.id,
        customer_id: customer_id.to_owned(),
        address_id: s.view.address.id,
        fraction_code: s.view.fraction.code,
        container: s.view.container,
        interval_weeks: s.view.interval_weeks,
        weekday: s.view.weekday,
        season: s.view.season,
        anchor: format_date(s.rule.anchor),
        holiday_policy: s.policy.as_str().to_owned(),
        exceptions: s
            .exceptions
            .iter()
            .map(|e| {
                let (kind, date, moved_to) = e.to_parts();
                SyncException {
                    kind: kind.into(),
                    date,
                    moved_to,
                }
            })
            .collect(),
    }
}

pub async fn services(
    state: &AppState,
    customer: &SyncCustomer,
    since: Option<i64>,
) -> Result<Delta<SyncService>, ApiError> {
    let live = load_changed_services(state, &customer.id, &customer.kommuner, since).await?;
    let mut delta = Delta {
        upserts: Vec::with_capacity(live.len()),
        removed: Vec::new(),
    };
    if let Some(since) = since {
        // Changed but not live: removed, at a removed address, or filtered out now.
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT s.id FROM services s JOIN addresses a ON a.id = s.address_id
             WHERE a.customer_id = $1 AND (s.updated_at > $2 OR s.deleted_at > $2
                   OR a.updated_at > $2 OR a.deleted_at > $2)
             UNION
             SELECT e.service_id FROM service_exceptions e JOIN services s ON s.id = e.service_id
             JOIN addresses a ON a.id = s.address_id
             WHERE a.customer_id = $1 AND (e.updated_at > $2 OR e.deleted_at > $2)",
        )
        .bind(&customer.id)
        .bind(since)
        .fetch_all(&state.db)
        .await?;
        let mut gone: BTreeSet<String> = rows.into_iter().map(|(id,)| id).collect();
        for s in &live {
            gone.remove(&s.view.id);
        }
        delta.removed = removals(SyncEntity::Service, gone);
    }
    delta.upserts = live
        .into_iter()
        .map(|s| wire_service(&customer.id, s))
        .collect();
    Ok(delta)
}

/// The bag catalogue, if it changed after `since`. Colours are retired, never removed.
/// Sent whole when any colour changed, so the app keeps the display order.
pub async fn bag_colours(state: &AppState, since: Option<i64>) -> Result<Vec<BagColour>, ApiError> {
    if crate::store::orders::changed_colours(&state.db, after(since))
        .await?
        .is_empty()
    {
        return Ok(Vec::new());
    }
    crate::store::orders::catalogue(&state.db).await
}

/// The customer's bag orders changed after `since`, at addresses in the member's view.
pub async fn orders(
    state: &AppState,
    customer: &SyncCustomer,
    since: Option<i64>,
) -> Result<Delta<BagOrder>, ApiError> {
    let mut delta = Delta {
        upserts: Vec::new(),
        removed: Vec::new(),
    };
    let mut gone = BTreeSet::new();
    for r in crate::store::orders::of_customer(&state.db, &customer.id, after(since)).await? {
        if r.address_removed || !in_filter(&customer.kommuner, &r.kommunkod) {
            gone.insert(r.order.id);
        } else {
            delta.upserts.push(r.order);
        }
    }
    delta.removed = removals(SyncEntity::Order, gone);
    Ok(delta)
}

/// The person's notifications changed after `since`, for customers still in view.
pub async fn notifications(
    state: &AppState,
    person_id: &str,
    members: &[(SyncCustomer, i64)],
    since: Option<i64>,
) -> Result<Delta<kretslopp_api::Notification>, ApiError> {
    let (live, gone) =
        crate::store::notifications::changed(&state.db, person_id, after(since)).await?;
    let mut delta = Delta {
        upserts: Vec::new(),
        removed: Vec::new(),
    };
    let mut out = BTreeSet::new();
    for n in live {
        if members.iter().any(|(c, _)| c.id == n.customer_id) {
            delta.upserts.push(n);
        } else {
            out.insert(n.id);
        }
    }
    if since.is_some() {
        out.extend(gone);
        delta.removed = removals(SyncEntity::Notification, out);
    }
    Ok(delta)
}
