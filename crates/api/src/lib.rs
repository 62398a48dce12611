//! The wire types of the backend API, version 1. The server serialises them, the app core
//! deserialises them, and the OpenAPI document is generated from them, so the three cannot
//! disagree.

pub mod account;
pub mod auth;
pub mod codes;
pub mod problem;
pub mod services;

pub use account::*;
pub use auth::*;
pub use codes::*;
pub use problem::*;
pub use services::*;
