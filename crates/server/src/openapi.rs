//! The OpenAPI document, generated from the handlers (as the router declares them) and
//! the `api` crate's types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kretslopp API", version = "1", description = "Backend of the Kretslopp customer app. Errors are application/problem+json (RFC 9457) with a stable `code`."),
    // Paths come from the router (routes::api), declared once with each handler.
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

/// The answers every operation of a kind can give, whatever its handler says: they come
/// from the extractors and layers all routes share (problem.rs, routes::harden). Added
/// where an operation does not document them itself, so the document lists every status
/// an operation can answer.
struct StandardErrors;

impl Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
                &mut item.head,
                &mut item.options,
                &mut item.trace,
            ];
            for op in operations.into_iter().flatten() {
                let mut add = |status: &str, description: &str| {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| problem_response(description).into());
                };
                add("500", "Something went wrong on our side");
                add(
                    "503",
                    "The server could not answer in time (or BankID is unavailable); try again",
                );
                if op.request_body.is_some() {
                    add(
                        "400",
                        "The body is not valid JSON, or has a wrong or missing field",
                    );
                    add("408", "The body was not received in time");
                    add("413", "The body is larger than this endpoint accepts");
                    add("415", "The body is not application/json");
                }
                let has_params = op.parameters.as_ref().is_some_and(|ps| {
                    ps.iter()
                        .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query))
                });
                if has_params {
                    add(
                        "400",
                        "A path or query parameter is malformed (for example not UTF-8)",
                    );
                }
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add("401", "Missing, invalid, expired or revoked access token");
                }
            }
        }
    }
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            kretslopp_api::PROBLEM_CONTENT_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// The whole document: the routes' operations, with the answers every operation of a
/// kind can give added ([`StandardErrors`]).
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = crate::routes::api().into_openapi();
    StandardErrors.modify(&mut doc);
    doc
}

pub fn json() -> String {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        document()
            .to_pretty_json()
            .expect("the OpenAPI document serialises")
    })
    .clone()
}
