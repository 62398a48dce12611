//! HTTP client of the backend API (reqwest + rustls). Problem documents become
//! [`CoreError`]s carrying the server's `code`.

use crate::error::CoreError;
use kretslopp_api::ErrorCode;
use kretslopp_api::*;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;
use url::Url;

#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: Url,
}

#[derive(Debug)]
pub enum ApiFailure {
    /// The server answered with a problem document (or an unreadable error).
    Problem {
        status: u16,
        code: ErrorCode,
        detail: String,
        fields: Vec<FieldError>,
        /// `Retry-After` in seconds, when the server said when to come back.
        retry_after: Option<u64>,
    },
    /// The server could not be reached.
    Network(String),
}

impl From<ApiFailure> for CoreError {
    fn from(f: ApiFailure) -> Self {
        match f {
            ApiFailure::Problem {
                code,
                detail,
                fields,
                retry_after,
                ..
            } => CoreError {
                retry_after,
                fields: fields
                    .into_iter()
                    .map(|f| crate::error::FieldIssue {
                        field: f.field,
                        code: f.code,
                    })
                    .collect(),
                ..CoreError::new(code, detail)
            },
            ApiFailure::Network(m) => CoreError::network(m),
        }
    }
}

impl ApiFailure {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiFailure::Problem { code, .. } => *code,
            ApiFailure::Network(_) => ErrorCode::Network,
        }
    }
}

impl ApiClient {
    pub fn new(base: Url) -> Result<Self, CoreError> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            // A company's first sync is megabytes of JSON; gzip makes it a fraction of that.
            .gzip(true)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("Kretslopp/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CoreError::new(ErrorCode::Config, e.to_string()))?;
        Ok(Self { http, base })
    }

    /// Any API call; `None` for 204 No Content.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
        token: Option<&str>,
    ) -> Result<Option<T>, ApiFailure> {
        self.call_keyed(method, path, body, token, None).await
    }

    /// [`call`](Self::call) with an `Idempotency-Key`, sent as a Structured Field string.
    pub async fn call_keyed<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
        token: Option<&str>,
        key: Option<&str>,
    ) -> Result<Option<T>, ApiFailure> {
        let url = self
            .base
            .join(path)
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        let mut req = self.http.request(method, url);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", format!("\"{k}\""));
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        let status = resp.status();
        if status == StatusCode::NO_CONTENT {
            return Ok(None);
        }
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| bad_response(status, e));
        }
        Err(failure(status, &bytes, retry_after))
    }

    /// Any API call that answers with a body.
    pub async fn expect<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
        token: Option<&str>,
    ) -> Result<T, ApiFailure> {
        self.call(method, path, body, token)
            .await?
            .ok_or_else(|| bad_response(StatusCode::NO_CONTENT, "empty response"))
    }

    /// [`expect`](Self::expect) with an `Idempotency-Key`.
    pub async fn expect_keyed<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
        token: &str,
        key: &str,
    ) -> Result<T, ApiFailure> {
        self.call_keyed(method, path, body, Some(token), Some(key))
            .await?
            .ok_or_else(|| bad_response(StatusCode::NO_CONTENT, "empty response"))
    }

    pub async fn start_login(
        &self,
        req: &StartLoginRequest,
    ) -> Result<StartLoginResponse, ApiFailure> {
        self.expect(Method::POST, "v1/auth/bankid", Some(req), None)
            .await
    }

    pub async fn poll_login(&self, login_id: &str) -> Result<LoginState, ApiFailure> {
        self.expect(
            Method::GET,
            &format!("v1/auth/bankid/{login_id}"),
            None::<&()>,
            None,
        )
        .await
    }

    pub async fn cancel_login(&self, login_id: &str) -> Result<(), ApiFailure> {
        self.call::<serde_json::Value>(
            Method::DELETE,
            &format!("v1/auth/bankid/{login_id}"),
            None::<&()>,
            None,
        )
        .await?;
        Ok(())
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<SessionTokens, ApiFailure> {
        let body = RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        };
        self.expect(Method::POST, "v1/auth/refresh", Some(&body), None)
            .await
    }

    pub async fn logout(&self, access_token: &str) -> Result<(), ApiFailure> {
        self.call::<serde_json::Value>(
            Method::POST,
            "v1/auth/logout",
            Some(&serde_json::json!({})),
            Some(access_token),
        )
        .await?;
        Ok(())
    }

    pub async fn me(&self, access_token: &str) -> Result<Me, ApiFailure> {
        self.expect(Method::GET, "v1/me", None::<&()>, Some(access_token))
            .await
    }
}

/// What an error answer stands for: its problem document, or else the bare status.
fn failure(status: StatusCode, body: &[u8], retry_after: Option<u64>) -> ApiFailure {
    match serde_json::from_slice::<Problem>(body) {
        Ok(p) => ApiFailure::Problem {
            status: p.status,
            code: p.code,
            detail: p.detail.unwrap_or(p.title),
            fields: p.errors,
            retry_after,
        },
        Err(_) => ApiFailure::Problem {
            status: status.as_u16(),
            code: if status.is_server_error() {
                ErrorCode::ServerError
            } else {
                ErrorCode::UnexpectedAnswer
            },
            detail: String::new(),
            fields: Vec::new(),
            retry_after,
        },
    }
}

/// A success answer whose body does not parse.
fn bad_response(status: StatusCode, e: impl std::fmt::Display) -> ApiFailure {
    ApiFailure::Problem {
        status: status.as_u16(),
        code: ErrorCode::BadResponse,
        detail: e.to_string(),
        fields: Vec::new(),
        retry_after: None,
    }
}

/// reqwest errors quote the URL, which for logins contains the secret login id.
fn without_url(e: reqwest::Error) -> String {
    e.without_url().to_string()
}

/// What `GET /v1/sync` answered.
pub enum SyncAnswer {
    NotModified,
    Changed {
        body: Box<SyncResponse>,
        etag: Option<String>,
    },
    /// 429 or 503 with `Retry-After`: the server asks to come back later.
    RetryLater(std::time::Duration),
}

impl ApiClient {
    /// `GET /v1/sync`, with the cursor and the ETag of the previous answer.
    pub async fn sync(
        &self,
        access_token: &str,
        cursor: Option<&str>,
        etag: Option<&str>,
    ) -> Result<SyncAnswer, ApiFailure> {
        let mut url = self
            .base
            .join("v1/sync")
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        if let Some(c) = cursor {
            url.query_pairs_mut().append_pair("cursor", c);
        }
        match self.conditional(url, access_token, etag).await {
            Ok(IfChanged::NotModified) => Ok(SyncAnswer::NotModified),
            Ok(IfChanged::Changed { body, etag }) => Ok(SyncAnswer::Changed {
                body: Box::new(body),
                etag,
            }),
            // The server asks to come back later, and says when.
            Err(ApiFailure::Problem {
                status: 429 | 503,
                retry_after: Some(secs),
                ..
            }) => Ok(SyncAnswer::RetryLater(std::time::Duration::from_secs(secs))),
            Err(e) => Err(e),
        }
    }
}

impl ApiClient {
    /// A `GET` whose answer is text, not JSON (calendar files).
    pub async fn get_text(&self, path: &str, access_token: &str) -> Result<String, ApiFailure> {
        let url = self
            .base
            .join(path)
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        let resp = self
            .http
            .get(url)
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        let status = resp.status();
        let text = resp
            .text()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        if status.is_success() {
            return Ok(text);
        }
        Err(failure(status, text.as_bytes(), None))
    }
}

/// A conditional `GET`'s answer.
pub enum IfChanged<T> {
    NotModified,
    Changed { body: T, etag: Option<String> },
}

impl ApiClient {
    /// A `GET` with `If-None-Match`: a copy the app holds is not sent again.
    pub async fn get_if_changed<T: DeserializeOwned>(
        &self,
        path: &str,
        access_token: &str,
        etag: Option<&str>,
    ) -> Result<IfChanged<T>, ApiFailure> {
        let url = self
            .base
            .join(path)
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        self.conditional(url, access_token, etag).await
    }

    async fn conditional<T: DeserializeOwned>(
        &self,
        url: Url,
        access_token: &str,
        etag: Option<&str>,
    ) -> Result<IfChanged<T>, ApiFailure> {
        let mut req = self.http.get(url).bearer_auth(access_token);
        if let Some(e) = etag {
            req = req.header(reqwest::header::IF_NONE_MATCH, e);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        let status = resp.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(IfChanged::NotModified);
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header(reqwest::header::ETAG);
        let retry_after =
            header(reqwest::header::RETRY_AFTER).and_then(|v| v.trim().parse::<u64>().ok());
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| ApiFailure::Network(without_url(e)))?;
        if status.is_success() {
            let body = serde_json::from_slice(&bytes).map_err(|e| bad_response(status, e))?;
            return Ok(IfChanged::Changed { body, etag });
        }
        Err(failure(status, &bytes, retry_after))
    }
}
