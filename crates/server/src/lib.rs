//! The Kretslopp backend: a versioned REST API over SQLite or PostgreSQL.
//!
//! Layout: [`config`] reads `KRETSLOPP_*`; [`db`] opens the pool and migrates;
//! [`routes`] holds the handlers, one module per area; [`sessions`] issues and checks
//! tokens; [`access`] scopes every customer resource by the caller's membership;
//! [`mail`] and [`notices`] send account e-mails; [`audit`] records changes;
//! [`problem`] turns errors into `application/problem+json`.

pub mod access;
pub mod audit;
pub mod client_ip;
pub mod conditional;
pub mod config;
pub mod db;
pub mod html;
pub mod ics;
pub mod idempotency;
pub mod jobs;
pub mod login_writes;
pub mod mail;
pub mod notices;
pub mod openapi;
pub mod operator;
pub mod pending_logins;
pub mod problem;
pub mod rate_limit;
pub mod routes;
pub mod secrets;
pub mod seed;
pub mod serve;
pub mod sessions;
pub mod state;
pub mod store;
pub mod testing;
pub mod texts;

pub use config::Config;
pub use state::AppState;

/// The whole HTTP API.
pub fn router(state: AppState) -> axum::Router {
    routes::router(state)
}
