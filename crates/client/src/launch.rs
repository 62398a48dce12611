//! Opening BankID on this device. The server proposes launch URLs; the app picks the one for
//! its platform and opens it only if it has exactly the shape BankID documents (or, in the
//! demo, points at the configured simulator page). The opener's Rust API does no scope
//! check of its own, so this is the check.

use crate::error::CoreError;
use base64::Engine;
use kretslopp_api::ErrorCode;
use kretslopp_api::{LaunchUrls, Platform};
use rand::RngCore;
use url::Url;

pub fn platform() -> Platform {
    if cfg!(any(target_os = "android", target_os = "ios")) {
        Platform::Mobile
    } else {
        Platform::Desktop
    }
}

pub fn pick(launch: &LaunchUrls, platform: Platform) -> &str {
    match platform {
        Platform::Desktop => &launch.desktop,
        Platform::Mobile => &launch.mobile,
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn only_token(url: &Url, extra: &[(&str, &str)]) -> bool {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.len() == 1 + extra.len()
        && pairs[0].0 == "autostarttoken"
        && is_uuid(&pairs[0].1)
        && extra
            .iter()
            .zip(&pairs[1..])
            .all(|((k, v), (pk, pv))| k == pk && v == pv)
        && url.fragment().is_none()
}

/// Checks a launch URL before it is handed to the operating system.
pub fn validate(raw: &str, demo_page: Option<&Url>) -> Result<Url, CoreError> {
    let bad = || {
        CoreError::new(
            ErrorCode::InvalidLaunchUrl,
            "refusing to open an unexpected launch URL",
        )
    };
    let url = Url::parse(raw).map_err(|_| bad())?;
    let ok = match url.scheme() {
        "bankid" => {
            url.host().is_none() && url.path() == "/" && only_token(&url, &[("redirect", "null")])
        }
        "https" => {
            url.host_str() == Some("app.bankid.com")
                && url.port().is_none()
                && url.path() == "/"
                && only_token(&url, &[])
        }
        _ => demo_page.is_some_and(|page| {
            url.scheme() == page.scheme()
                && url.host_str() == page.host_str()
                && url.port_or_known_default() == page.port_or_known_default()
                && url.path() == page.path()
                && only_token(&url, &[])
        }),
    };
    if ok && url.username().is_empty() && url.password().is_none() {
        Ok(url)
    } else {
        Err(bad())
    }
}

/// A nonce for BankID's `returnUrl`: 256 random bits, URL-safe.
pub fn new_return_nonce() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = "7c40b5c9-fa0d-44e5-b327-edcc928297f8";

    #[test]
    fn accepts_bankids_documented_forms() {
        assert!(validate(
            &format!("bankid:///?autostarttoken={T}&redirect=null"),
            None
        )
        .is_ok());
        assert!(validate(&format!("https://app.bankid.com/?autostarttoken={T}"), None).is_ok());
    }

    #[test]
    fn accepts_the_demo_page_only_when_configured() {
        let page = Url::parse("http://127.0.0.1:8081/").unwrap();
        let url = format!("http://127.0.0.1:8081/?autostarttoken={T}");
        assert!(validate(&url, Some(&page)).is_ok());
        assert!(validate(&url, None).is_err());
        assert!(validate(
            &format!("http://127.0.0.1:9999/?autostarttoken={T}"),
            Some(&page)
        )
        .is_err());
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            format!("bankid:///?autostarttoken={T}&redirect=https://evil.example"),
            format!("bankid:///?autostarttoken={T}"),
            "bankid:///?autostarttoken=not-a-uuid&redirect=null".to_owned(),
            format!("https://app.bankid.com.evil.example/?autostarttoken={T}"),
            format!("https://app.bankid.com/?autostarttoken={T}&redirect=x"),
            format!("https://user@app.bankid.com/?autostarttoken={T}"),
            format!("http://app.bankid.com/?autostarttoken={T}"),
            format!("file:///?autostarttoken={T}"),
            "javascript:alert(1)".to_owned(),
        ] {
            assert!(validate(&bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn picks_by_platform_and_nonces_are_fresh() {
        let l = LaunchUrls {
            desktop: "d".into(),
            mobile: "m".into(),
        };
        assert_eq!(pick(&l, Platform::Desktop), "d");
        assert_eq!(pick(&l, Platform::Mobile), "m");
        assert_ne!(new_return_nonce(), new_return_nonce());
        assert_eq!(new_return_nonce().len(), 43);
    }
}
