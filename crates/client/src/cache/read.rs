//! The app's queries on the typed tables.

use super::{db_error, undecodable, Cache};
use crate::error::CoreError;
use kretslopp_api::{AddressView, FractionView, ServiceView, SyncCustomer};
use kretslopp_domain::calendar::{Exception, HolidayPolicy, ScheduleRule};
use kretslopp_domain::{CustomerKind, Role};
use std::collections::HashMap;
use std::sync::Arc;

/// A cached service, decoded: its schedule ready to expand, its address and fraction shared
/// with the other services there.
#[derive(Debug, Clone)]
pub struct CachedService {
    pub id: String,
    pub customer_id: String,
    pub address: Arc<AddressView>,
    pub fraction: Arc<FractionView>,
    pub container: String,
    pub rule: ScheduleRule,
    pub policy: HolidayPolicy,
    pub exceptions: Vec<Exception>,
}

impl CachedService {
    /// As Mina aktiva tjänster shows it, with the next pickup from `today`.
    pub fn view(&self, next_pickup: Option<String>) -> ServiceView {
        ServiceView {
            id: self.id.clone(),
            address: (*self.address).clone(),
            fraction: (*self.fraction).clone(),
            container: self.container.clone(),
            interval_weeks: self.rule.interval_weeks,
            weekday: self.rule.weekday.number_from_monday(),
            season: self.rule.season,
            next_pickup,
        }
    }
}

/// Every service of one customer, decoded once, in listing order (address, then service).
#[derive(Debug, Default)]
pub struct Schedules {
    pub services: Vec<CachedService>,
    /// Per service, which group of identical schedules it belongs to (same weekday,
    /// interval, phase, season and holiday policy), so a month expands each group once;
    /// `None` for a service with exceptions of its own.
    pub phases: Vec<Option<usize>>,
    pub phase_count: usize,
}

type Phase = (time::Weekday, u8, i32, Option<(u8, u8)>, HolidayPolicy);

impl Schedules {
    pub fn new(services: Vec<CachedService>) -> Self {
        let mut groups: HashMap<Phase, usize> = HashMap::new();
        let phases = services
            .iter()
            .map(|s| {
                if !s.exceptions.is_empty() {
                    return None;
                }
                // Rules pick up on the same days when their anchors are a whole number
                // of periods apart.
                let period = 7 * i32::from(s.rule.interval_weeks.max(1));
                let key = (
                    s.rule.weekday,
                    s.rule.interval_weeks,
                    s.rule.anchor.to_julian_day().rem_euclid(period),
                    s.rule.season,
                    s.policy,
                );
                let next = groups.len();
                Some(*groups.entry(key).or_insert(next))
            })
            .collect();
        Self {
            services,
            phases,
            phase_count: groups.len(),
        }
    }
}

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
    String,
);

impl Cache {
    /// The fractions catalogue, in the server's order.
    pub async fn fractions(&self) -> Result<Vec<FractionView>, CoreError> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT code, name_sv, name_en, category, colour, icon FROM fractions ORDER BY rowid",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
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

    pub async fn customers(&self) -> Result<Vec<SyncCustomer>, CoreError> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, name, kind, kundnummer, role, kommuner FROM customers ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|(id, name, kind, kundnummer, role, kommuner)| {
                Ok(SyncCustomer {
                    kind: CustomerKind::parse(&kind)
                        .ok_or_else(|| undecodable("customer kind", &kind))?,
                    role: Role::parse(&role).ok_or_else(|| undecodable("role", &role))?,
                    kommuner: kretslopp_domain::kommun::split_list(&kommuner),
                    id,
                    name,
                    kundnummer,
                })
            })
            .collect()
    }

    /// Every service of `customer_id`, decoded once and kept until the next sync writes.
    pub async fn schedules(&self, customer_id: &str) -> Result<Arc<Schedules>, CoreError> {
        if let Some(known) = self
            .schedules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(customer_id)
        {
            return Ok(known.clone());
        }
        let loaded = Arc::new(Schedules::new(self.load(customer_id, None).await?));
        self.schedules
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(customer_id.to_owned(), loaded.clone());
        Ok(loaded)
    }

    /// The services at one address (a month view's query).
    pub async fn services_at(
        &self,
        customer_id: &str,
        address_id: &str,
    ) -> Result<Vec<CachedService>, CoreError> {
        self.load(customer_id, Some(address_id)).await
    }

    /// The customer's addresses (within the member's kommun filter), by street.
    pub async fn addresses(&self, customer_id: &str) -> Result<Vec<AddressView>, CoreError> {
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, street, postal_code, city, kommunkod FROM addresses
             WHERE customer_id = ? ORDER BY street, city, id",
        )
        .bind(customer_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, street, postal_code, city, kommunkod)| AddressView {
                id,
                street,
                postal_code,
                city,
                kommunkod,
            })
            .collect())
    }

    async fn load(
        &self,
        customer_id: &str,
        address_id: Option<&str>,
    ) -> Result<Vec<CachedService>, CoreError> {
        // One address or all: two spellings of each query, so each can use its index.
        let only = |column: &str| match address_id {
            Some(_) => format!(" AND {column} = ?2"),
            None => String::new(),
        };
        let addresses: Vec<(String, String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT id, street, postal_code, city, kommunkod FROM addresses
             WHERE customer_id = ?1{}",
            only("id")
        ))
        .bind(customer_id)
        .bind(address_id.unwrap_or_default())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        let addresses: HashMap<String, Arc<AddressView>> = addresses
            .into_iter()
            .map(|(id, street, postal_code, city, kommunkod)| {
                let view = AddressView {
                    id: id.clone(),
                    street,
                    postal_code,
                    city,
                    kommunkod,
                };
                (id, Arc::new(view))
            })
            .collect();
        let fractions: HashMap<String, Arc<FractionView>> = self
            .fractions()
            .await?
            .into_iter()
            .map(|f| (f.code.clone(), Arc::new(f)))
            .collect();
        let mut exceptions: HashMap<String, Vec<Exception>> = HashMap::new();
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(&format!(
            "SELECT e.service_id, e.kind, e.date, e.moved_to FROM service_exceptions e
             JOIN services s ON s.id = e.service_id
             WHERE s.customer_id = ?1{}
             ORDER BY e.service_id, e.date, e.kind",
            only("s.address_id")
        ))
        .bind(customer_id)
        .bind(address_id.unwrap_or_default())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        for (service_id, kind, date, moved_to) in rows {
            let e = Exception::from_parts(&kind, &date, moved_to.as_deref())
                .ok_or_else(|| undecodable("exception", &format!("{kind} {date}")))?;
            exceptions.entry(service_id).or_default().push(e);
        }
        let rows: Vec<ServiceRow> = sqlx::query_as(&format!(
            "SELECT id, customer_id, address_id, fraction_code, container, weekday, interval_weeks,
                    anchor, season_from, season_to, holiday_policy
             FROM services WHERE customer_id = ?1{}
             ORDER BY address_id, id",
            only("address_id")
        ))
        .bind(customer_id)
        .bind(address_id.unwrap_or_default())
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        rows.into_iter()
            .map(|row| {
                let (id, customer_id, address_id, fraction_code, container) =
                    (row.0, row.1, row.2, row.3, row.4);
                let (weekday, interval, anchor, season, policy) = (
                    row.5,
                    row.6,
                    row.7,
                    // Out of range reads as week 0, which the rule refuses.
                    row.8
                        .zip(row.9)
                        .map(|(a, b)| (u8::try_from(a).unwrap_or(0), u8::try_from(b).unwrap_or(0))),
                    row.10,
                );
                let rule = ScheduleRule::from_parts(weekday, interval, &anchor, season)
                    .ok_or_else(|| undecodable("schedule", &id))?;
                Ok(CachedService {
                    address: addresses
                        .get(&address_id)
                        .cloned()
                        .ok_or_else(|| undecodable("address of a service", &id))?,
                    fraction: fractions
                        .get(&fraction_code)
                        .cloned()
                        .ok_or_else(|| undecodable("fraction of a service", &id))?,
                    policy: HolidayPolicy::parse(&policy)
                        .ok_or_else(|| undecodable("holiday policy", &policy))?,
                    exceptions: exceptions.remove(&id).unwrap_or_default(),
                    id,
                    customer_id,
                    container,
                    rule,
                })
            })
            .collect()
    }
}
