//! The few pages the server shows in a browser (links from e-mails): one look, one set of
//! headers. Such a page's URL carries a secret, so it must not travel on in a Referer,
//! sit in a cache or be framed.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use kretslopp_domain::Lang;

pub fn page(status: StatusCode, lang: Lang, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <title>{title}</title><style>\
         body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b2b22;background:#fbfdfb}}\
         h1{{font-size:1.4rem;line-height:1.3}}h2{{font-size:1.1rem;margin-top:2rem}}\
         .brand{{font-weight:700;color:#1f6b45;letter-spacing:.02em}}\
         .card{{background:#fff;border:1px solid #d5e3da;border-radius:.6rem;padding:1rem 1.2rem;margin:1rem 0}}\
         dl{{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}}dt{{color:#4a5d52}}dd{{margin:0;font-weight:600}}\
         button,.button{{display:inline-block;font:inherit;font-weight:600;padding:.7rem 1.3rem;border-radius:.4rem;border:0;background:#1f6b45;color:#fff;cursor:pointer;text-decoration:none}}\
         button:focus-visible,a:focus-visible{{outline:3px solid #0b3d25;outline-offset:2px}}\
         ol{{padding-left:1.3rem}}li{{margin:.3rem 0}}.lang{{float:right;font-size:.95rem}}\
         a{{color:#145233}}.muted{{color:#4a5d52;font-size:.95rem}}\
         </style></head><body>{body}</body></html>",
        lang = lang.code(),
        title = escape(title),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            ),
        ],
        page,
    )
        .into_response()
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">Ö&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Ö&amp;&#39;&lt;/a&gt;"
        );
    }
}
