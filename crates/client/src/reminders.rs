//! Reminder settings and planning on top of the cache. The shell delivers: on desktop its
//! own timer asks [`Core::take_due_reminders`]; on mobile it hands
//! [`Core::upcoming_reminders`] to the OS scheduler. Both replan after every sync that
//! changed something and every settings change ([`Core::reminders_changed`]).

use crate::cache::Cache;
use crate::cache::CachedService;
use crate::cache::StoredReminders;
use crate::calendar;
use crate::core::Core;
use crate::error::{CoreError, FieldIssue};
use crate::messages;
use kretslopp_api::ErrorCode;
use kretslopp_domain::calendar::reminders::{
    format_time, parse_time, plan, PlannedPickup, Reminder, ReminderSettings,
};
use kretslopp_domain::calendar::{format_date, today_in_sweden};
use kretslopp_domain::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use ts_rs::TS;

/// How far ahead reminders are planned (and handed to a mobile OS, which caps pending ones).
const HORIZON_DAYS: i64 = 14;
/// The desktop timer looks again at least this often, so a suspended laptop catches up.
const MAX_WAIT: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettingsInput {
    pub enabled: bool,
    /// `HH:MM`, 12:00–23:59.
    pub time: String,
    /// The services left out; new services are included.
    pub excluded_service_ids: Vec<String>,
    /// The language of the notifications, `sv` or `en`.
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderServiceView {
    pub service_id: String,
    pub address_id: String,
    pub street: String,
    pub fraction_sv: String,
    pub fraction_en: String,
    pub colour: String,
    pub icon: String,
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NextReminderView {
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub at: i64,
    /// `YYYY-MM-DD` of the pickup.
    pub pickup_date: String,
    pub street: String,
    pub fractions_sv: Vec<String>,
    pub fractions_en: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettingsView {
    pub enabled: bool,
    pub time: String,
    /// The times to offer (`HH:MM`), from the domain's rule.
    pub time_choices: Vec<String>,
    pub services: Vec<ReminderServiceView>,
    pub next: Option<NextReminderView>,
}

/// A notification ready to show or schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: i32,
    pub key: String,
    pub at: i64,
    pub title: String,
    pub body: String,
}

/// The reminders of one customer's services from `now`, with the services they are about.
fn planned<'a>(
    services: &'a [CachedService],
    settings: &ReminderSettings,
    now: i64,
) -> Vec<(Reminder, Vec<&'a CachedService>)> {
    if !settings.enabled {
        return Vec::new();
    }
    let today = today_in_sweden(now);
    let pickups = calendar::pickups(services, today, today + time::Duration::days(HORIZON_DAYS));
    let planned: Vec<PlannedPickup> = pickups
        .iter()
        .map(|(s, p)| PlannedPickup {
            service_id: &s.id,
            address_id: &s.address.id,
            date: p.date,
        })
        .collect();
    let by_id: BTreeMap<&str, &CachedService> =
        services.iter().map(|s| (s.id.as_str(), s)).collect();
    plan(&planned, settings, now)
        .into_iter()
        .map(|r| {
            let about = r
                .service_ids
                .iter()
                .filter_map(|id| by_id.get(id.as_str()).copied())
                .collect();
            (r, about)
        })
        .collect()
}

/// The fraction names of the services a reminder is about, in `lang`.
fn fraction_names<'a>(about: &[&'a CachedService], lang: Lang) -> Vec<&'a str> {
    about
        .iter()
        .map(|s| match lang {
            Lang::Sv => s.fraction.name_sv.as_str(),
            Lang::En => s.fraction.name_en.as_str(),
        })
        .collect()
}

/// The street of a reminder's address (all its services share it).
fn street<'a>(about: &[&'a CachedService]) -> &'a str {
    about
        .first()
        .map(|s| s.address.street.as_str())
        .unwrap_or_default()
}

fn notice(r: &Reminder, about: &[&CachedService], lang: Lang) -> Notice {
    let (title, body) = messages::reminder(
        lang,
        &fraction_names(about, lang),
        street(about),
        r.pickup_date,
    );
    Notice {
        id: r.numeric_id(),
        key: r.key.clone(),
        at: r.at,
        title,
        body,
    }
}

/// Every planned reminder in `cache` from `now`, by time, including ones already shown.
async fn upcoming(cache: &Cache, now: i64) -> Result<Vec<Notice>, CoreError> {
    let mut out = Vec::new();
    for customer in cache.customers().await? {
        let stored = cache.reminders(&customer.id).await?;
        if !stored.settings.enabled {
            continue;
        }
        let schedules = cache.schedules(&customer.id).await?;
        for (r, about) in planned(&schedules.services, &stored.settings, now) {
            out.push(notice(&r, &about, stored.lang));
        }
    }
    out.sort_by(|a, b| (a.at, &a.key).cmp(&(b.at, &b.key)));
    Ok(out)
}

impl Core {
    /// Resolves when reminders should be planned again: settings changed or a sync brought
    /// news.
    pub async fn reminders_changed(&self) {
        self.reminders_changed.notified().await
    }

    /// Påminnelser for one customer: the choices, the services to choose among and the next
    /// reminder.
    pub async fn reminder_settings(
        &self,
        customer_id: &str,
    ) -> Result<ReminderSettingsView, CoreError> {
        let cache = self.open_cache().await?;
        let settings = cache.reminders(customer_id).await?.settings;
        let schedules = cache.schedules(customer_id).await?;
        let services = &schedules.services;
        let now = self.clock.now_ms();
        let mut next = None;
        for (r, about) in planned(services, &settings, now) {
            if r.at > now || !cache.was_reminded(&r.key).await? {
                next = Some((r, about));
                break;
            }
        }
        let next = next.map(|(r, about)| {
            let owned = |names: Vec<&str>| names.into_iter().map(str::to_owned).collect();
            NextReminderView {
                at: r.at,
                pickup_date: format_date(r.pickup_date),
                street: street(&about).to_owned(),
                fractions_sv: owned(fraction_names(&about, Lang::Sv)),
                fractions_en: owned(fraction_names(&about, Lang::En)),
            }
        });
        let mut services: Vec<ReminderServiceView> = services
            .iter()
            .map(|s| ReminderServiceView {
                service_id: s.id.clone(),
                address_id: s.address.id.clone(),
                street: s.address.street.clone(),
                fraction_sv: s.fraction.name_sv.clone(),
                fraction_en: s.fraction.name_en.clone(),
                colour: s.fraction.colour.clone(),
                icon: s.fraction.icon.clone(),
                selected: !settings.excluded.contains(&s.id),
            })
            .collect();
        services.sort_by(|a, b| (&a.street, &a.address_id).cmp(&(&b.street, &b.address_id)));
        Ok(ReminderSettingsView {
            enabled: settings.enabled,
            time: format_time(settings.time),
            time_choices: kretslopp_domain::calendar::reminders::time_choices()
                .into_iter()
                .map(format_time)
                .collect(),
            services,
            next,
        })
    }

    /// Saves Påminnelser for one customer. A wrong time, language or service id changes
    /// nothing.
    pub async fn save_reminder_settings(
        &self,
        customer_id: &str,
        input: &ReminderSettingsInput,
    ) -> Result<ReminderSettingsView, CoreError> {
        let cache = self.open_cache().await?;
        let known: BTreeSet<String> = cache
            .schedules(customer_id)
            .await?
            .services
            .iter()
            .map(|s| s.id.clone())
            .collect();
        let mut fields = Vec::new();
        let time = parse_time(&input.time);
        if let Err(e) = &time {
            fields.push(FieldIssue {
                field: "time".into(),
                code: e.code.into(),
            });
        }
        let lang = Lang::parse_code(&input.lang);
        if lang.is_err() {
            fields.push(FieldIssue {
                field: "lang".into(),
                code: "unknown".into(),
            });
        }
        for (i, id) in input.excluded_service_ids.iter().enumerate() {
            if !known.contains(id) {
                fields.push(FieldIssue {
                    field: format!("excludedServiceIds[{i}]"),
                    code: "unknown".into(),
                });
            }
        }
        let (Ok(time), Ok(lang), true) = (time, lang, fields.is_empty()) else {
            let mut e = CoreError::new(
                ErrorCode::ValidationFailed,
                "the reminder settings are not valid",
            );
            e.fields = fields;
            return Err(e);
        };
        let stored = StoredReminders {
            settings: ReminderSettings {
                enabled: input.enabled,
                time,
                excluded: input.excluded_service_ids.iter().cloned().collect(),
            },
            lang,
        };
        cache.save_reminders(customer_id, &stored).await?;
        self.reminders_changed.notify_one();
        self.reminder_settings(customer_id).await
    }

    /// Every planned reminder of the person on this device within the horizon, by time,
    /// including ones already shown (a mobile OS replaces its whole schedule).
    pub async fn upcoming_reminders(&self) -> Result<Vec<Notice>, CoreError> {
        match self.known_cache().await? {
            Some(cache) => upcoming(&cache, self.clock.now_ms()).await,
            None => Ok(Vec::new()),
        }
    }

    /// The reminders due now that this device has not shown yet (recorded as shown), and
    /// how long until the next one is due.
    pub async fn take_due_reminders(&self) -> Result<(Vec<Notice>, Duration), CoreError> {
        let Some(cache) = self.known_cache().await? else {
            return Ok((Vec::new(), MAX_WAIT));
        };
        let now = self.clock.now_ms();
        let upcoming = upcoming(&cache, now).await?;
        let mut due = Vec::new();
        let mut next = MAX_WAIT;
        for n in upcoming {
            if n.at > now {
                next = next.min(Duration::from_millis((n.at - now) as u64));
            } else if cache.mark_reminded(&n.key, now).await? {
                due.push(n);
            }
        }
        Ok((due, next))
    }
}
