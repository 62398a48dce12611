//! The OpenAPI document, generated from the handlers (as the router declares them) and
//! the `api` crate's types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kretslopp API", version = "1", description = "Backend of the Kretslopp customer app. Errors are application/problem+json (RFC 9457) with a stable `code`."),
    // Paths come from the router (routes::api), declared once with each handler.
    modifiers(&BearerAuth),
    tags((name = "login", description = "Login with BankID"), (name = "session", description = "Session tokens"), (name = "account", description = "The logged-in person's own account, devices and data"), (name = "onboarding", description = "First login of a company user with an old customer number"), (name = "customers", description = "Customer accounts, members and roles"), (name = "services", description = "Services and the pickup calendar"), (name = "orders", description = "Colour-sorting bags"), (name = "sharing", description = "Sharing a household and inviting colleagues by e-mail"), (name = "statistics", description = "Statistik and Statistikarkivet, as JSON and CSV"), (name = "notifications", description = "Avisering: marking notifications read (the list comes by sync)"), (name = "reference", description = "Reference data"), (name = "meta"))
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
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                ("GET", &mut item.get),
                ("PUT", &mut item.put),
                ("POST", &mut item.post),
                ("DELETE", &mut item.delete),
                ("PATCH", &mut item.patch),
                ("HEAD", &mut item.head),
                ("OPTIONS", &mut item.options),
                ("TRACE", &mut item.trace),
            ];
            for (method, op) in operations {
                let Some(op) = op else { continue };
                let mutation = matches!(method, "POST" | "PUT" | "PATCH" | "DELETE");
                if mutation {
                    idempotency_key(op, method, path);
                }
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
                let authenticated = op.security.as_ref().is_some_and(|s| !s.is_empty());
                if authenticated {
                    add("401", "Missing, invalid, expired or revoked access token");
                }
                if mutation {
                    add(
                        "400",
                        "The Idempotency-Key header is missing where required, or malformed",
                    );
                }
                if mutation && authenticated {
                    add("409", "The first request with this Idempotency-Key is still being answered; retry shortly");
                    add("422", "This Idempotency-Key was used for another request");
                }
            }
        }
    }
}

/// Every mutation takes an `Idempotency-Key` (idempotency.rs), required where listed.
fn idempotency_key(op: &mut utoipa::openapi::path::Operation, method: &str, path: &str) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::{ObjectBuilder, Required, Type};
    let required = crate::idempotency::REQUIRED
        .iter()
        .any(|(m, p)| *m == method && *p == path);
    let parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(if required { Required::True } else { Required::False })
        .description(Some(
            "A new random key (a UUID) per request, the same key when retrying it; a Structured Field string (quoted) or a bare token. \
             Answers are kept and replayed for 30 days, scoped by the caller; the same key with another request is a 422.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^\"?[A-Za-z0-9_.:~-]{16,255}\"?$")),
        ))
        .build();
    op.parameters.get_or_insert_with(Vec::new).push(parameter);
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
