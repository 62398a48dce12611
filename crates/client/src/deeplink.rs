//! Deep links are untrusted input (any program can start the app with a URL argument).
//! They are parsed into a closed set of routes, exactly, or refused.

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeepLink {
    /// BankID sent the person back after a mobile same-device login.
    BankIdReturn { nonce: String },
}

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
    if url.scheme() != SCHEME {
        return Err(DeepLinkError::Scheme);
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
        || url.fragment().is_some()
    {
        return Err(DeepLinkError::Params);
    }
    match (url.host_str(), url.path()) {
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
