//! The one error type of the SDK, and the details each kind of failure carries.
//!
//! Every fallible call returns [`Error`]. Failures that the API reports (a non-2xx status) keep the
//! status, the headers and the body, because no error-body schema exists and callers may need any
//! of them. Failures caught before a request is sent ([`InvalidRequestError`]) and bad client
//! settings ([`Error::Config`]) never reach the network.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The result type of every fallible call in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to tell an answer from the API ([`Error::Status`]) apart from a transport
/// failure ([`Error::Connection`], [`Error::Timeout`]) or a mistake found before sending
/// ([`Error::InvalidRequest`], [`Error::Config`]).
///
/// ```no_run
/// # async fn demo(result: ~{ lib }~::Result<()>) {
/// match result {
///     Err(~{ lib }~::Error::Status(err)) if err.kind() == ~{ lib }~::StatusKind::NotFound => {
///         println!("not found: {}", err.message().unwrap_or("no message"));
///     }
///     Err(err) if err.is_retryable() => println!("transient failure: {err}"),
///     Err(err) => println!("failed: {err}"),
///     Ok(()) => {}
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status outside 2xx.
    #[error(transparent)]
    Status(StatusError),
    /// No complete response arrived: the connection failed, was reset, or the body could not be read.
    #[error("the request failed before a complete response arrived: {0}")]
    Connection(#[source] reqwest::Error),
    /// An attempt took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// A 2xx response body did not match the expected shape.
    #[error(transparent)]
    Decode(DecodeError),
    /// A parameter was rejected before anything was sent.
    #[error(transparent)]
    InvalidRequest(InvalidRequestError),
    /// The client could not be configured, for example because the API key is missing.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// Returns `true` when the SDK retries this failure by itself (up to `max_retries` times).
    ///
    /// Connection failures and timeouts are retryable. A status error is retryable when the
    /// response header `x-should-retry` says `true`, or, when that header is absent, for the
    /// statuses 408, 409, 429 and 500 or above.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connection(_) | Error::Timeout => true,
            Error::Status(err) => should_retry(err.status(), err.headers()),
            Error::Decode(_) | Error::InvalidRequest(_) | Error::Config(_) => false,
        }
    }

    /// Returns the status error when the API answered with a non-2xx status.
    pub fn as_status(&self) -> Option<&StatusError> {
        match self {
            Error::Status(err) => Some(err),
            _ => None,
        }
    }
}

/// Decides whether a response with this status and these headers is worth another attempt.
///
/// The server's `x-should-retry` header wins over the status, as in the official SDKs.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").map(|value| value.as_bytes()) {
        Some(b"true") => true,
        Some(b"false") => false,
        _ => matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error(),
    }
}

/// The API answered with a status outside 2xx.
///
/// The body is kept as JSON when it parses and as text when it does not, because the API
/// documents no error schema.
#[derive(Debug)]
pub struct StatusError {
    // Boxed so that `Result<T, Error>` stays small; a header map alone is about 100 bytes.
    inner: Box<StatusErrorInner>,
}

#[derive(Debug)]
struct StatusErrorInner {
    status: StatusCode,
    headers: HeaderMap,
    body: ErrorBody,
}

/// The broad class of a status error, for matching without comparing numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusKind {
    /// 400: the request was malformed or failed validation.
    BadRequest,
    /// 401: the API key is missing or wrong.
    Unauthorized,
    /// 403: the API key may not perform this operation.
    PermissionDenied,
    /// 404: the resource does not exist.
    NotFound,
    /// 409: the request conflicts with the current state of the resource.
    Conflict,
    /// 422: the request was well formed but could not be processed.
    UnprocessableEntity,
    /// 429: too many requests.
    RateLimited,
    /// 500 and above: the server failed.
    Server,
    /// Any other status outside 2xx.
    Other,
}

/// The body of an error response.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// The body parsed as JSON.
    Json(serde_json::Value),
    /// The body was not JSON (or was empty); this is its text, with invalid UTF-8 replaced.
    Text(String),
}

impl StatusError {
    /// Builds the error from a response; the body is parsed as JSON when possible.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let body = match serde_json::from_slice(body) {
            Ok(json) => ErrorBody::Json(json),
            Err(_) => ErrorBody::Text(String::from_utf8_lossy(body).into_owned()),
        };
        let inner = StatusErrorInner {
            status,
            headers,
            body,
        };
        StatusError {
            inner: Box::new(inner),
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.inner.status
    }

    /// The class of the status.
    pub fn kind(&self) -> StatusKind {
        StatusKind::from_status(self.inner.status)
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The response body.
    pub fn body(&self) -> &ErrorBody {
        &self.inner.body
    }

    /// The `message` string of a JSON body, when there is one.
    pub fn message(&self) -> Option<&str> {
        match &self.inner.body {
            ErrorBody::Json(json) => json.get("message")?.as_str(),
            ErrorBody::Text(_) => None,
        }
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.inner.status)?;
        if let Some(message) = self.message() {
            return write!(f, ": {message}");
        }
        match &self.inner.body {
            ErrorBody::Json(json) => write!(f, ": {}", truncate(&json.to_string())),
            ErrorBody::Text(text) if text.trim().is_empty() => f.write_str(" (no body)"),
            ErrorBody::Text(text) => write!(f, ": {}", truncate(text.trim())),
        }
    }
}

impl std::error::Error for StatusError {}

impl StatusKind {
    /// Classifies a status code.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => StatusKind::BadRequest,
            401 => StatusKind::Unauthorized,
            403 => StatusKind::PermissionDenied,
            404 => StatusKind::NotFound,
            409 => StatusKind::Conflict,
            422 => StatusKind::UnprocessableEntity,
            429 => StatusKind::RateLimited,
            500.. => StatusKind::Server,
            _ => StatusKind::Other,
        }
    }
}

/// A 2xx response body that did not match the expected type.
///
/// It keeps the body that failed and the path of the field where decoding stopped (for example
/// `items[0].createdAt`), so the mismatch can be reported without re-running the request.
#[derive(Debug)]
pub struct DecodeError {
    body: String,
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    /// Builds the error from the failed body, the path where decoding stopped and the cause.
    pub(crate) fn new(body: &[u8], path: String, source: serde_json::Error) -> Self {
        DecodeError {
            body: String::from_utf8_lossy(body).into_owned(),
            path,
            source,
        }
    }

    /// The body that failed to decode, with invalid UTF-8 replaced.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The path of the field where decoding failed, such as `items[0].email`; `.` for the root.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response body at `{}`: {}",
            self.path, self.source
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A parameter that was rejected before the request was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequestError {
    name: String,
    message: String,
}

impl InvalidRequestError {
    /// Builds the error for the parameter (or header, or body) called `name`.
    pub(crate) fn new(name: impl Into<String>, message: impl Into<String>) -> Self {
        InvalidRequestError {
            name: name.into(),
            message: message.into(),
        }
    }

    /// The wire name of the parameter, header or part of the request that was rejected.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Why it was rejected.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: `{}` {}", self.name, self.message)
    }
}

impl std::error::Error for InvalidRequestError {}

impl From<InvalidRequestError> for Error {
    fn from(err: InvalidRequestError) -> Self {
        Error::InvalidRequest(err)
    }
}

impl From<StatusError> for Error {
    fn from(err: StatusError) -> Self {
        Error::Status(err)
    }
}

impl From<DecodeError> for Error {
    fn from(err: DecodeError) -> Self {
        Error::Decode(err)
    }
}

/// Shortens a body for an error message; long HTML error pages would drown the status.
fn truncate(text: &str) -> String {
    const LIMIT: usize = 500;
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_type_can_cross_threads() {
        fn assert_traits<E: std::error::Error + Send + Sync + 'static>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn long_text_bodies_are_shortened_in_the_message() {
        let body = "é".repeat(2_000);
        let err = StatusError::new(StatusCode::BAD_GATEWAY, HeaderMap::new(), body.as_bytes());
        let shown = err.to_string();
        assert!(shown.starts_with("the API answered 502 Bad Gateway: éé"));
        assert!(shown.chars().count() < 600);
        assert_eq!(err.body(), &ErrorBody::Text(body));
    }

    #[test]
    fn an_empty_body_is_reported_as_such() {
        let err = StatusError::new(StatusCode::NOT_FOUND, HeaderMap::new(), b"");
        assert_eq!(err.to_string(), "the API answered 404 Not Found (no body)");
    }
}
