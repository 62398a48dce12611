//! The Kretslopp app's core. It has no Tauri dependency: the shell in `src-tauri` only
//! adapts commands to [`Core`]. Tokens never leave this crate except into the OS keyring.

pub mod account;
pub mod api_client;
pub mod cache;
pub mod calendar;
pub mod core;
pub mod deeplink;
pub mod error;
pub mod events;
pub mod failpoint;
pub mod first_screen;
pub mod launch;
pub mod login;
pub mod messages;
pub mod notifications;
pub mod offline;
pub mod orders;
pub mod paths;
pub mod qr_svg;
pub mod reminders;
pub mod secret_store;
pub mod session;
pub mod sharing;
pub mod statistics;
pub mod sync;
pub mod view;

pub use crate::core::{Core, CoreConfig};
/// The API's wire types and the shared roles, as the shell and UI see them.
pub mod api {
    pub use kretslopp_api::*;
    pub use kretslopp_domain::{CustomerKind, Role};
}
pub use error::CoreError;
