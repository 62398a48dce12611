//! Animated QR content. BankID's app recomputes the HMAC, so only a server that knows
//! `qrStartSecret` can produce a valid code; the secret itself never leaves that server.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// `bankid.<qrStartToken>.<seconds>.<hex HMAC-SHA256(qrStartSecret, seconds)>`
pub fn qr_data(qr_start_token: &str, qr_start_secret: &str, seconds: u64) -> String {
    format!(
        "bankid.{qr_start_token}.{seconds}.{}",
        auth_code(qr_start_secret, seconds)
    )
}

fn auth_code(qr_start_secret: &str, seconds: u64) -> String {
    // The key is the secret's ASCII text itself, not a decoding of it.
    let mut mac = HmacSha256::new_from_slice(qr_start_secret.as_bytes()).expect("any key length");
    mac.update(seconds.to_string().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// QR content split into its parts, as the BankID app reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedQr {
    pub qr_start_token: String,
    pub seconds: u64,
    pub auth_code: String,
}

impl ScannedQr {
    pub fn parse(content: &str) -> Option<Self> {
        let mut parts = content.trim().split('.');
        if parts.next()? != "bankid" {
            return None;
        }
        let token = parts.next()?;
        let seconds = parts.next()?;
        let code = parts.next()?;
        if parts.next().is_some()
            || token.is_empty()
            || code.len() != 64
            || !code.bytes().all(|b| b.is_ascii_hexdigit())
            || seconds.is_empty()
            || !seconds.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        Some(Self {
            qr_start_token: token.to_owned(),
            seconds: seconds.parse().ok()?,
            auth_code: code.to_ascii_lowercase(),
        })
    }

    /// Whether the HMAC was made with this secret (constant-time comparison).
    pub fn is_signed_by(&self, qr_start_secret: &str) -> bool {
        let mut mac =
            HmacSha256::new_from_slice(qr_start_secret.as_bytes()).expect("any key length");
        mac.update(self.seconds.to_string().as_bytes());
        match hex::decode(&self.auth_code) {
            Ok(code) => mac.verify_slice(&code).is_ok(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "67df3917-fa0d-44e5-b327-edcc928297f8";
    const SECRET: &str = "d28db9a7-4cde-429e-a983-359be676944c";

    #[test]
    fn official_test_vector() {
        assert_eq!(
            qr_data(TOKEN, SECRET, 0),
            "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.0.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8"
        );
        assert_eq!(
            qr_data(TOKEN, SECRET, 1),
            "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.1.949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2"
        );
        assert_eq!(
            qr_data(TOKEN, SECRET, 2),
            "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.2.a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3"
        );
    }

    #[test]
    fn scanned_content_verifies_only_with_the_right_secret() {
        let scanned = ScannedQr::parse(&qr_data(TOKEN, SECRET, 7)).unwrap();
        assert_eq!(scanned.seconds, 7);
        assert_eq!(scanned.qr_start_token, TOKEN);
        assert!(scanned.is_signed_by(SECRET));
        assert!(!scanned.is_signed_by("another-secret"));
    }

    #[test]
    fn malformed_content_is_rejected() {
        for bad in [
            "",
            "bankid",
            "bankid.token.1",
            "otherapp.token.1.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8",
            "bankid.token.-1.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8",
            "bankid.token.1.zz69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8",
            "bankid.token.1.dc69.extra",
        ] {
            assert!(ScannedQr::parse(bad).is_none(), "{bad}");
        }
    }
}
