//! The wire types of the backend API, version 1. The server serialises them, the app core
//! deserialises them, and the OpenAPI document is generated from them, so the three cannot
//! disagree.

/// Every wire type: camelCase JSON, an OpenAPI schema and (for the app) a TypeScript type.
macro_rules! wire {
    ($($item:item)*) => {$(
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "camelCase")]
        $item
    )*};
}

pub mod account;
pub mod auth;
pub mod codes;
pub mod invites;
pub mod orders;
pub mod problem;
pub mod services;
pub mod statistics;

pub use account::*;
pub use auth::*;
pub use codes::*;
pub use invites::*;
pub use orders::*;
pub use problem::*;
pub use services::*;
pub use statistics::*;
