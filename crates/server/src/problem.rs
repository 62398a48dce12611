//! Every error leaves the server as `application/problem+json` with a stable `code`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kretslopp_api::{ErrorCode, FieldError, Problem, PROBLEM_CONTENT_TYPE};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub title: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, title: &'static str) -> Self {
        Self {
            status,
            code,
            title,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    pub fn field(mut self, field: &str, code: &str, message: &str) -> Self {
        self.errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
        self
    }

    pub fn bad_request(code: ErrorCode, title: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, title)
    }

    /// One field of the request is wrong; says which and why.
    pub fn invalid_field(field: &str, code: &str, message: &str) -> Self {
        Self::bad_request(
            ErrorCode::ValidationFailed,
            "The request has invalid fields",
        )
        .field(field, code, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "Log in to use this endpoint",
        )
    }

    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidToken,
            "The access token is invalid, expired or revoked",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            "Something went wrong on our side",
        )
    }

    pub fn not_found_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "There is no such endpoint",
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            "This endpoint does not support that method",
        )
    }

    pub fn to_problem(&self) -> Problem {
        Problem {
            type_uri: format!("urn:kretslopp:problem:{}", self.code),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.to_problem()).unwrap_or_default();
        let mut resp = (self.status, body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        // The error text can quote SQL but never bound values, so it is safe to log.
        tracing::error!(error = %e, "database error");
        Self::internal()
    }
}

/// `Json<T>` whose rejections are problem documents naming what was wrong.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                    "Send the body as application/json",
                ),
                JsonRejection::JsonDataError(e) => ApiError::bad_request(
                    ErrorCode::InvalidBody,
                    "The request body has a wrong or missing field",
                )
                .detail(e.body_text()),
                JsonRejection::JsonSyntaxError(_) => ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    "The request body is not valid JSON",
                ),
                other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
                other if caused_by_timeout(&other) => request_timeout(),
                other => ApiError::bad_request(
                    ErrorCode::InvalidBody,
                    "The request body could not be read",
                )
                .detail(other.body_text()),
            }),
        }
    }
}

/// A body that could not be read whole: too large, or too slow.
pub fn unreadable_body(e: &axum::Error) -> ApiError {
    if caused_by_timeout(e) {
        request_timeout()
    } else {
        payload_too_large()
    }
}

fn payload_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        "The request body is larger than this endpoint accepts",
    )
}

fn request_timeout() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RequestTimeout,
        "The request was not received in time",
    )
}

/// Whether a body rejection comes from `RequestBodyTimeoutLayer` giving up on a slow client.
fn caused_by_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The problem document for an error answer that was not written as one: a rejection
/// from an extractor (a path that does not decode), a timeout, a panic. Keeps the status,
/// so nothing leaves the server as text/plain or with an empty body.
pub fn for_status(status: StatusCode) -> ApiError {
    match status {
        StatusCode::BAD_REQUEST => ApiError::bad_request(
            ErrorCode::InvalidRequest,
            "The request could not be read (check the path and its encoding)",
        ),
        StatusCode::NOT_FOUND => ApiError::not_found_route(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(),
        StatusCode::REQUEST_TIMEOUT => request_timeout(),
        StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            status,
            ErrorCode::UnsupportedMediaType,
            "Send the body as application/json",
        ),
        StatusCode::SERVICE_UNAVAILABLE => ApiError::new(
            status,
            ErrorCode::TemporarilyUnavailable,
            "The server could not answer in time; try again",
        ),
        s if s.is_server_error() => ApiError {
            status: s,
            ..ApiError::internal()
        },
        s => ApiError::new(s, ErrorCode::RequestRefused, "The request was refused"),
    }
}

/// Middleware: error answers without a problem body get one (see [`for_status`]).
pub async fn ensure_problem(resp: Response) -> Response {
    let status = resp.status();
    // Rejections from extractors and layers are text/plain or have no body; our own
    // answers are problem documents, or pages (text/html) meant for a browser.
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return resp;
    }
    let mut fixed = for_status(status).into_response();
    // Keep what the original answer told the client about retrying or allowed methods.
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = resp.headers().get(&name) {
            fixed.headers_mut().insert(name, v.clone());
        }
    }
    fixed
}

/// For `CatchPanicLayer`: a handler that panicked answers 500 like any other failure, and
/// the process keeps serving everyone else.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %what, "a request handler panicked");
    ApiError::internal().into_response()
}

/// Collects every invalid field of a request, so one answer lists them all.
#[derive(Default)]
pub struct Fields {
    error: Option<ApiError>,
}

impl Fields {
    pub fn check<T>(
        &mut self,
        field: &str,
        result: Result<T, kretslopp_domain::Invalid>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.code, e.message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, code: &str, message: &str) {
        let err = self.error.take().unwrap_or_else(|| {
            ApiError::bad_request(
                ErrorCode::ValidationFailed,
                "The request has invalid fields",
            )
        });
        self.error = Some(err.field(field, code, message));
    }

    /// `Err` with every field error, or `Ok` when all were fine.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// `Query<T>` whose rejections are problem documents naming what was wrong.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequestParts<S>
    for ApiQuery<T>
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e| {
                ApiError::bad_request(
                    ErrorCode::InvalidQuery,
                    "The query string has a wrong or missing parameter",
                )
                .detail(e.body_text())
            })
    }
}
