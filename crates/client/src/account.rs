//! The customer-account actions of [`Core`]: one method per thing a person does in Mina
//! uppgifter, Byt kund, Administrera användare and the first-login screens. Each is one
//! authorised API call; the server decides what is allowed.

use crate::core::Core;
use crate::error::CoreError;
use kretslopp_api::ErrorCode;
use kretslopp_api::*;
use kretslopp_domain::{Lang, Role};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

impl Core {
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + Sync)>,
    ) -> Result<T, CoreError> {
        let api = &self.api;
        self.session
            .authorized(|token| {
                let method = method.clone();
                async move { api.expect(method, path, body, Some(&token)).await }
            })
            .await
    }

    /// For calls that answer 204 No Content.
    pub(crate) async fn send_empty(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + Sync)>,
    ) -> Result<(), CoreError> {
        let api = &self.api;
        self.session
            .authorized(|token| {
                let method = method.clone();
                async move {
                    api.call::<serde_json::Value>(method, path, body, Some(&token))
                        .await
                        .map(|_| ())
                }
            })
            .await
    }

    pub async fn me(&self) -> Result<Me, CoreError> {
        self.send(Method::GET, "v1/me", None::<&()>).await
    }

    pub async fn save_account(&self, input: &AccountInput) -> Result<Me, CoreError> {
        self.send(Method::PUT, "v1/me/account", Some(input)).await
    }

    pub async fn legacy_link(
        &self,
        input: &LegacyLinkRequest,
    ) -> Result<LegacyLinkClaim, CoreError> {
        self.send(Method::POST, "v1/onboarding/legacy-link", Some(input))
            .await
    }

    pub async fn register_company(
        &self,
        input: &RegisterCompanyUser,
    ) -> Result<CustomerSummary, CoreError> {
        self.send(Method::POST, "v1/onboarding/company", Some(input))
            .await
    }

    pub async fn switch_customer(&self, customer_id: &str) -> Result<Me, CoreError> {
        let body = ActiveCustomerRequest {
            customer_id: customer_id.to_owned(),
        };
        let me: Me = self
            .send(Method::PUT, "v1/me/active-customer", Some(&body))
            .await?;
        // An offline start shows the customer chosen last, not the one before.
        self.remember_me(&me).await;
        Ok(me)
    }

    pub async fn customer(&self, customer_id: &str) -> Result<CustomerDetails, CoreError> {
        self.send(Method::GET, &customer_path(customer_id, "")?, None::<&()>)
            .await
    }

    pub async fn save_invoice_address(
        &self,
        customer_id: &str,
        input: &InvoiceAddressInput,
    ) -> Result<InvoiceAddress, CoreError> {
        self.send(
            Method::PUT,
            &customer_path(customer_id, "/invoice-address")?,
            Some(input),
        )
        .await
    }

    pub async fn members(&self, customer_id: &str) -> Result<Vec<Member>, CoreError> {
        self.send(
            Method::GET,
            &customer_path(customer_id, "/members")?,
            None::<&()>,
        )
        .await
    }

    pub async fn change_role(
        &self,
        customer_id: &str,
        member_id: &str,
        role: Role,
    ) -> Result<(), CoreError> {
        let path = customer_path(customer_id, &format!("/members/{}", id(member_id)?))?;
        self.send_empty(Method::PATCH, &path, Some(&RoleChange { role }))
            .await
    }

    pub async fn approve_member(
        &self,
        customer_id: &str,
        member_id: &str,
    ) -> Result<(), CoreError> {
        let path = customer_path(customer_id, &format!("/members/{}/approve", id(member_id)?))?;
        self.send_empty(Method::POST, &path, Some(&serde_json::json!({})))
            .await
    }

    pub async fn remove_member(&self, customer_id: &str, member_id: &str) -> Result<(), CoreError> {
        let path = customer_path(customer_id, &format!("/members/{}", id(member_id)?))?;
        self.send_empty(Method::DELETE, &path, None::<&()>).await
    }

    pub async fn set_kommuner(
        &self,
        customer_id: &str,
        member_id: &str,
        kommuner: Vec<String>,
    ) -> Result<Vec<String>, CoreError> {
        let path = customer_path(
            customer_id,
            &format!("/members/{}/kommuner", id(member_id)?),
        )?;
        let saved: KommunFilter = self
            .send(Method::PUT, &path, Some(&KommunFilter { kommuner }))
            .await?;
        Ok(saved.kommuner)
    }

    pub async fn set_legacy_linking(
        &self,
        customer_id: &str,
        open: bool,
    ) -> Result<bool, CoreError> {
        let saved: LegacyLinkingSetting = self
            .send(
                Method::PUT,
                &customer_path(customer_id, "/legacy-linking")?,
                Some(&LegacyLinkingSetting { open }),
            )
            .await?;
        Ok(saved.open)
    }

    pub async fn devices(&self) -> Result<Vec<DeviceSession>, CoreError> {
        self.send(Method::GET, "v1/me/sessions", None::<&()>).await
    }

    pub async fn log_out_device(&self, session_id: &str) -> Result<(), CoreError> {
        self.send_empty(
            Method::DELETE,
            &format!("v1/me/sessions/{}", id(session_id)?),
            None::<&()>,
        )
        .await
    }

    /// Ends every session of the person, this device's included, and forgets it here.
    pub async fn log_out_everywhere(&self) -> Result<(), CoreError> {
        self.send_empty(Method::DELETE, "v1/me/sessions", None::<&()>)
            .await?;
        self.session.clear()
    }

    /// The person's data as pretty JSON, for saving as a file.
    pub async fn export_data(&self) -> Result<String, CoreError> {
        let data: serde_json::Value = self.send(Method::GET, "v1/me/export", None::<&()>).await?;
        Ok(serde_json::to_string_pretty(&data).expect("JSON value serialises"))
    }

    /// Deletes the person's account; on success this device forgets the session too.
    pub async fn delete_account(&self) -> Result<(), CoreError> {
        self.send_empty(Method::DELETE, "v1/me", None::<&()>)
            .await?;
        self.session.clear()
    }
}

impl Core {
    /// The calendar of the coming year as .ics text (reminder the evening before at 18).
    pub async fn calendar_ics(&self, customer_id: &str, lang: &str) -> Result<String, CoreError> {
        use kretslopp_domain::calendar::{format_date, today_in_sweden};
        let today = today_in_sweden(self.clock.now_ms());
        let from = format_date(today);
        let to = format_date(today + time::Duration::days(365));
        let lang = Lang::from_tag(lang).code();
        let path = format!(
            "{}?from={from}&to={to}&lang={lang}&alarmHour=18",
            customer_path(customer_id, "/calendar.ics")?
        );
        let api = &self.api;
        self.session
            .authorized(|token| {
                let path = path.clone();
                async move { api.get_text(&path, &token).await }
            })
            .await
    }

    /// A new subscription link for calendar apps (an earlier one stops working).
    pub async fn calendar_feed(
        &self,
        customer_id: &str,
        lang: &str,
    ) -> Result<CalendarFeed, CoreError> {
        let body = CalendarFeedRequest {
            lang: Some(Lang::from_tag(lang).code().to_owned()),
        };
        self.send(
            Method::POST,
            &customer_path(customer_id, "/calendar-feed")?,
            Some(&body),
        )
        .await
    }

    /// Stops the subscription link.
    pub async fn revoke_calendar_feed(&self, customer_id: &str) -> Result<(), CoreError> {
        self.send_empty(
            Method::DELETE,
            &customer_path(customer_id, "/calendar-feed")?,
            None::<&()>,
        )
        .await
    }
}

/// Ids go into URL paths, so only the characters our ids use are let through.
fn id(s: &str) -> Result<&str, CoreError> {
    if !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(s)
    } else {
        Err(CoreError::new(ErrorCode::InvalidId, "not an id"))
    }
}

fn customer_path(customer_id: &str, rest: &str) -> Result<String, CoreError> {
    Ok(format!("v1/customers/{}{rest}", id(customer_id)?))
}
