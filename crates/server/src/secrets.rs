//! Random tokens and their hashes. Tokens carry a short prefix so a leaked one is
//! recognisable (secret scanners, support); only the SHA-256 is ever stored.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The token in a lock e-mail's "reopen linking" link.
pub const LEGACY_REOPEN_PREFIX: &str = "klo_";

/// `prefix` + 256 random bits, base64url without padding.
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The key persons are stored under: HMAC-SHA256(pepper, personnummer). A plain hash
/// would be reversible, as there are only a few million personnummer per year.
pub fn pnr_key(pepper: &[u8], personnummer: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(pepper).expect("any key length");
    mac.update(personnummer.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `s` looks like a token of this kind, before touching the database.
pub fn is_well_formed(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|rest| {
        rest.len() == 43
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_well_formed_and_hash_stably() {
        let a = random_token("kla_");
        let b = random_token("kla_");
        assert_ne!(a, b);
        assert!(is_well_formed(&a, "kla_"));
        assert!(!is_well_formed(&a, "klr_"));
        assert!(!is_well_formed("kla_short", "kla_"));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn pnr_key_depends_on_the_pepper() {
        assert_ne!(
            pnr_key(b"one", "198503122387"),
            pnr_key(b"two", "198503122387")
        );
        assert_eq!(
            pnr_key(b"one", "198503122387"),
            pnr_key(b"one", "198503122387")
        );
    }
}
