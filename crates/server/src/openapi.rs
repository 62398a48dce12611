//! The OpenAPI document, generated from the handlers and the `api` crate's types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kretslopp API", version = "1", description = "Backend of the Kretslopp customer app. Errors are application/problem+json (RFC 9457) with a stable `code`."),
    paths(
        crate::routes::login::start,
        crate::routes::login::poll,
        crate::routes::login::cancel,
        crate::routes::session::refresh,
        crate::routes::session::logout,
        crate::routes::account::me,
        crate::routes::account::put_account,
        crate::routes::account::put_active_customer,
        crate::routes::account::sessions,
        crate::routes::account::end_session,
        crate::routes::account::end_all_sessions,
        crate::routes::account::export,
        crate::routes::account::delete_me,
        crate::routes::onboarding::legacy_link,
        crate::routes::onboarding::register_company_user,
        crate::routes::legacy_reopen::page,
        crate::routes::legacy_reopen::reopen,
        crate::routes::customers::details,
        crate::routes::customers::put_invoice_address,
        crate::routes::customers::members,
        crate::routes::customers::change_role,
        crate::routes::customers::approve,
        crate::routes::customers::remove_member,
        crate::routes::customers::set_kommuner,
        crate::routes::customers::set_legacy_linking,
        crate::routes::customers::kommuner,
        crate::routes::services::services,
        crate::routes::services::calendar,
        crate::routes::calendar_export::ics_file,
        crate::routes::calendar_export::create_feed,
        crate::routes::calendar_export::revoke_feed,
        crate::routes::calendar_export::feed,
        crate::routes::sync::sync,
        crate::routes::meta::openapi,
        crate::routes::meta::health,
    ),
    modifiers(&BearerAuth),
    tags((name = "login", description = "Login with BankID"), (name = "session", description = "Session tokens"), (name = "account", description = "The logged-in person's own account, devices and data"), (name = "onboarding", description = "First login of a company user with an old customer number"), (name = "customers", description = "Customer accounts, members and roles"), (name = "services", description = "Services and the pickup calendar"), (name = "reference", description = "Reference data"), (name = "meta"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}
