//! Swedish BankID, Relying Party API v6.
//!
//! - [`client`]: typed RP client (auth, sign, collect, cancel) over mTLS.
//! - [`qr`]: animated QR content, `bankid.<qrStartToken>.<seconds>.<HMAC>`.
//! - [`messages`]: which recommended user message (RFA) to show for a status.
//! - [`simulator`]: an HTTP server speaking the same protocol, with a control API and a
//!   web page acting as "the BankID app", for development, demos and tests.

pub mod client;
pub mod messages;
pub mod qr;
pub mod types;

#[cfg(feature = "simulator")]
pub mod simulator;

pub use client::{BankIdClient, BankIdError, ClientConfig, TlsConfig};
pub use types::*;
