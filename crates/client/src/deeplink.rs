//! Deep links are untrusted input (any program can start the app with a URL argument).
//! They are parsed into a closed set of routes, exactly, or refused.

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// BankID sent the person back after a mobile same-device login.
    BankIdReturn { nonce: String },
    /// An invite e-mail's link: `kretslopp://inbjudan/<token>` on desktop, or the https
    /// link of [`APP_LINK_HOST`] that phones hand to the app. Only navigates: accepting
    /// is the person's own, authenticated, step.
    Invite { token: String },
}

/// The https host whose `/inbjudan/…` links the mobile apps claim (tauri.conf.json).
pub const APP_LINK_HOST: &str = "app.kretslopp.se";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeepLinkError {
    #[error("not a Kretslopp link")]
    Scheme,
    #[error("unknown Kretslopp link")]
    Route,
    #[error("the link's parameters are wrong")]
    Params,
}

pub const SCHEME: &str = "kretslopp";

pub fn parse(raw: &str) -> Result<DeepLink, DeepLinkError> {
    if raw.len() > 512 {
        return Err(DeepLinkError::Params);
    }
    let url = Url::parse(raw).map_err(|_| DeepLinkError::Scheme)?;
    let app_link = url.scheme() == "https" && url.host_str() == Some(APP_LINK_HOST);
    if url.scheme() != SCHEME && !app_link {
        return Err(DeepLinkError::Scheme);
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
        || url.fragment().is_some()
    {
        return Err(DeepLinkError::Params);
    }
    if app_link {
        return invite(url.path().strip_prefix("/inbjudan/"), &url);
    }
    match (url.host_str(), url.path()) {
        (Some("inbjudan"), path) => invite(path.strip_prefix('/'), &url),
        (Some("bankid"), "/return") => {
            let pairs: Vec<_> = url.query_pairs().collect();
            match pairs.as_slice() {
                [(k, v)] if k == "nonce" && is_nonce(v) => Ok(DeepLink::BankIdReturn {
                    nonce: v.to_string(),
                }),
                _ => Err(DeepLinkError::Params),
            }
        }
        _ => Err(DeepLinkError::Route),
    }
}

/// `token` is what follows `/inbjudan/`: exactly one token, nothing after it.
fn invite(token: Option<&str>, url: &Url) -> Result<DeepLink, DeepLinkError> {
    let token = token.ok_or(DeepLinkError::Route)?;
    if url.query().is_some() || !kretslopp_domain::invites::is_token(token) {
        return Err(DeepLinkError::Params);
    }
    Ok(DeepLink::Invite {
        token: token.to_owned(),
    })
}

fn is_nonce(v: &str) -> bool {
    (22..=64).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn parses_the_bankid_return() {
        assert_eq!(
            parse(&format!("kretslopp://bankid/return?nonce={N}")),
            Ok(DeepLink::BankIdReturn { nonce: N.into() })
        );
    }

    const T: &str = "kli_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    #[test]
    fn parses_invite_links_of_the_app_scheme_and_the_app_link_host() {
        for raw in [
            format!("kretslopp://inbjudan/{T}"),
            format!("https://app.kretslopp.se/inbjudan/{T}"),
        ] {
            assert_eq!(
                parse(&raw),
                Ok(DeepLink::Invite { token: T.into() }),
                "{raw}"
            );
        }
        for (raw, want) in [
            (
                format!("https://evil.example/inbjudan/{T}"),
                DeepLinkError::Scheme,
            ),
            (
                format!("http://app.kretslopp.se/inbjudan/{T}"),
                DeepLinkError::Scheme,
            ),
            (
                format!("https://app.kretslopp.se/other/{T}"),
                DeepLinkError::Route,
            ),
            (
                format!("kretslopp://inbjudan/{T}/more"),
                DeepLinkError::Params,
            ),
            (
                format!("kretslopp://inbjudan/{T}?lang=en"),
                DeepLinkError::Params,
            ),
            (format!("kretslopp://inbjudan/{T}#x"), DeepLinkError::Params),
            (
                format!("kretslopp://inbjudan:99/{T}"),
                DeepLinkError::Params,
            ),
            (
                "kretslopp://inbjudan/kli_short".to_owned(),
                DeepLinkError::Params,
            ),
            ("kretslopp://inbjudan/".to_owned(), DeepLinkError::Params),
            (
                format!("kretslopp://inbjudan/{}", T.replace("kli_", "klo_")),
                DeepLinkError::Params,
            ),
        ] {
            assert_eq!(parse(&raw), Err(want), "{raw}");
        }
    }

    proptest::proptest! {
        /// Whatever arrives, the parser answers without panicking, and anything it accepts
        /// prints back to exactly the link it came from: no half-understood link passes.
        #[test]
        fn accepted_links_are_exactly_the_closed_set(raw in "(kretslopp|https|http)://(inbjudan|bankid|app\\.kretslopp\\.se|x)(/[a-zA-Z0-9_?=&#%./-]{0,80})?") {
            if let Ok(link) = parse(&raw) {
                let back = match link {
                    DeepLink::BankIdReturn { nonce } => format!("kretslopp://bankid/return?nonce={nonce}"),
                    DeepLink::Invite { token } if raw.starts_with("https") => format!("https://{APP_LINK_HOST}/inbjudan/{token}"),
                    DeepLink::Invite { token } => format!("kretslopp://inbjudan/{token}"),
                };
                proptest::prop_assert_eq!(back, raw);
            }
        }

        #[test]
        fn any_invite_token_shape_round_trips(body in "[A-Za-z0-9_-]{43}") {
            let raw = format!("kretslopp://inbjudan/kli_{body}");
            proptest::prop_assert_eq!(parse(&raw), Ok(DeepLink::Invite { token: format!("kli_{body}") }));
        }

        #[test]
        fn arbitrary_text_never_panics(raw in "\\PC{0,600}") {
            let _ = parse(&raw);
        }
    }

    #[test]
    fn refuses_everything_else() {
        let cases = [
            (
                format!("https://bankid/return?nonce={N}"),
                DeepLinkError::Scheme,
            ),
            ("not a url".to_owned(), DeepLinkError::Scheme),
            (
                format!("kretslopp://bankid/other?nonce={N}"),
                DeepLinkError::Route,
            ),
            (
                format!("kretslopp://evil/return?nonce={N}"),
                DeepLinkError::Route,
            ),
            (
                "kretslopp://bankid/return".to_owned(),
                DeepLinkError::Params,
            ),
            (
                "kretslopp://bankid/return?nonce=short".to_owned(),
                DeepLinkError::Params,
            ),
            (
                format!("kretslopp://bankid/return?nonce={N}&x=1"),
                DeepLinkError::Params,
            ),
            (
                format!("kretslopp://bankid/return?nonce={N}#frag"),
                DeepLinkError::Params,
            ),
            (
                format!("kretslopp://u:p@bankid/return?nonce={N}"),
                DeepLinkError::Params,
            ),
            (
                format!("kretslopp://bankid/return?nonce={}", "a".repeat(600)),
                DeepLinkError::Params,
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(&raw), Err(want), "{raw}");
        }
    }
}
