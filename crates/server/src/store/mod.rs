//! SQL grouped per area, for what more than one route needs. Route modules call these,
//! never each other; a handler is parse, authorize, call, answer.

pub mod accounts;
pub mod feed;
pub mod invites;
pub mod notifications;
pub mod orders;
pub mod services;
pub mod statistics;
