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
        crate::routes::session::me,
        crate::routes::meta::openapi,
        crate::routes::meta::health,
    ),
    modifiers(&BearerAuth),
    tags((name = "login", description = "Login with BankID"), (name = "session", description = "Sessions and the logged-in person"), (name = "meta"))
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
