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
/// No message of this type carries a value of the request or the response (an ID in the path, a
/// body, a header value): they may be patient data or credentials, and errors end up in logs. The
/// accessors ([`StatusError::body`], [`DecodeError::body`]) give them to code that asks.
///
/// ```no_run
/// # async fn demo(result: ~{ lib }~::Result<()>) {
/// match result {
///     Err(~{ lib }~::Error::Status(err)) if err.kind() == ~{ lib }~::StatusKind::NotFound => {
///         println!("not found: {}", err.message().unwrap_or("no message"));
///     }
///     Err(err) if err.outcome_unknown() => {
///         println!("no answer after {} attempts; look before repeating", err.attempts());
///     }
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
    /// No complete response arrived: the connection could not be opened, or it failed after the
    /// request was sent.
    #[error(transparent)]
    Connection(TransportError),
    /// Opening the connection, an attempt or the whole call took longer than allowed.
    #[error(transparent)]
    Timeout(TransportError),
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
    /// Returns `true` for a transient failure: a status the SDK retries, or a transport failure.
    ///
    /// A status error is retryable when the response header `x-should-retry` says `true`, or,
    /// when that header is absent, for the statuses 408, 409, 429 and 500 or above. Transport
    /// failures are retryable, but the SDK repeats one that happened after the request was sent
    /// only for idempotent operations (see [`Error::outcome_unknown`]).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connection(_) | Error::Timeout(_) => true,
            Error::Status(err) => should_retry(err.status(), err.headers()),
            Error::Decode(_) | Error::InvalidRequest(_) | Error::Config(_) => false,
        }
    }

    /// Returns `true` when the request may have reached the API but no answer came back (a
    /// timeout, or a connection lost after sending), so the API may or may not have acted on it.
    ///
    /// The SDK does not repeat such a request for an operation that is not idempotent (an
    /// invite, a create), unless the client or the request opts in with
    /// `retry_unknown_outcome`: look at the API's state before repeating it.
    pub fn outcome_unknown(&self) -> bool {
        self.as_transport()
            .is_some_and(TransportError::outcome_unknown)
    }

    /// How many attempts were made: `0` when the request was refused before sending.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Status(err) => err.attempts(),
            Error::Connection(err) | Error::Timeout(err) => err.attempts(),
            Error::Decode(err) => err.attempts(),
            Error::InvalidRequest(_) | Error::Config(_) => 0,
        }
    }

    /// Returns the status error when the API answered with a non-2xx status.
    pub fn as_status(&self) -> Option<&StatusError> {
        match self {
            Error::Status(err) => Some(err),
            _ => None,
        }
    }

    /// Returns the transport failure of a connection error or a timeout.
    pub fn as_transport(&self) -> Option<&TransportError> {
        match self {
            Error::Connection(err) | Error::Timeout(err) => Some(err),
            _ => None,
        }
    }

    /// A short name of the kind of failure, without any value, for logs and metrics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::Status(_) => "status",
            Error::Connection(err) | Error::Timeout(err) => err.kind().name(),
            Error::Decode(_) => "decode",
            Error::InvalidRequest(_) => "invalid_request",
            Error::Config(_) => "config",
        }
    }

    /// Sets the number of attempts made, once the call is over.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        match &mut self {
            Error::Status(err) => err.inner.attempts = attempts,
            Error::Connection(err) | Error::Timeout(err) => err.attempts = attempts,
            Error::Decode(err) => err.attempts = attempts,
            Error::InvalidRequest(_) | Error::Config(_) => {}
        }
        self
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

/// No complete response arrived: what failed, whether the request may have reached the API,
/// and after how many attempts.
///
/// Its message and its source never include the URL, which holds IDs.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportKind,
    attempts: u32,
    source: Option<reqwest::Error>,
}

/// What stopped an attempt before a complete response arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be opened (refused, DNS, TLS handshake): nothing was sent.
    Connect,
    /// Opening the connection took longer than the connect timeout: nothing was sent.
    ConnectTimeout,
    /// The connection failed after the request was sent, before the whole response arrived.
    Interrupted,
    /// The attempt took longer than the attempt timeout.
    AttemptTimeout,
    /// The call's deadline, over all attempts and the pauses between them, passed.
    Deadline,
}

impl TransportKind {
    /// A short name without spaces, for logs and metrics.
    pub fn name(self) -> &'static str {
        match self {
            TransportKind::Connect => "connect",
            TransportKind::ConnectTimeout => "connect_timeout",
            TransportKind::Interrupted => "interrupted",
            TransportKind::AttemptTimeout => "attempt_timeout",
            TransportKind::Deadline => "deadline",
        }
    }

    /// Whether the request may have reached the API.
    pub fn may_have_been_sent(self) -> bool {
        !matches!(self, TransportKind::Connect | TransportKind::ConnectTimeout)
    }

    fn is_timeout(self) -> bool {
        matches!(
            self,
            TransportKind::ConnectTimeout | TransportKind::AttemptTimeout | TransportKind::Deadline
        )
    }
}

impl TransportError {
    pub(crate) fn new(kind: TransportKind, source: Option<reqwest::Error>) -> Self {
        TransportError {
            kind,
            attempts: 1,
            // reqwest's message names the URL, which holds IDs.
            source: source.map(reqwest::Error::without_url),
        }
    }

    /// Classifies a failure of reqwest: before the connection was open, nothing was sent.
    pub(crate) fn from_reqwest(err: reqwest::Error) -> Self {
        let kind = match (err.is_connect(), err.is_timeout()) {
            (true, true) => TransportKind::ConnectTimeout,
            (true, false) => TransportKind::Connect,
            (false, true) => TransportKind::AttemptTimeout,
            (false, false) => TransportKind::Interrupted,
        };
        TransportError::new(kind, Some(err))
    }

    /// What stopped the attempt.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the request may have reached the API, which then may have acted on it.
    pub fn outcome_unknown(&self) -> bool {
        self.kind.may_have_been_sent()
    }

    /// Wraps it in the variant of [`Error`] that matches its kind.
    pub(crate) fn into_error(self) -> Error {
        if self.kind.is_timeout() {
            Error::Timeout(self)
        } else {
            Error::Connection(self)
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            TransportKind::Connect => "could not connect to the API",
            TransportKind::ConnectTimeout => "connecting to the API timed out",
            TransportKind::Interrupted => "the connection failed before the response arrived",
            TransportKind::AttemptTimeout => "the request timed out",
            TransportKind::Deadline => "the call's deadline passed",
        })?;
        write_attempts(f, self.attempts)?;
        if self.outcome_unknown() {
            f.write_str("; the API may have received the request")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|err| err as &(dyn std::error::Error + 'static))
    }
}

fn write_attempts(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    match attempts {
        0 | 1 => Ok(()),
        n => write!(f, " (after {n} attempts)"),
    }
}

/// The API answered with a status outside 2xx.
///
/// The body is kept as JSON when it parses and as text when it does not, because the API
/// documents no error schema. Its message is the status alone and its `Debug` leaves out the
/// body and the header values: the server's message may quote what the request sent.
pub struct StatusError {
    // Boxed so that `Result<T, Error>` stays small; a header map alone is about 100 bytes.
    inner: Box<StatusErrorInner>,
}

struct StatusErrorInner {
    status: StatusCode,
    headers: HeaderMap,
    body: ErrorBody,
    attempts: u32,
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
            attempts: 1,
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
    ///
    /// It is not part of the error's message: the server may quote what the request sent.
    pub fn message(&self) -> Option<&str> {
        match &self.inner.body {
            ErrorBody::Json(json) => json.get("message")?.as_str(),
            ErrorBody::Text(_) => None,
        }
    }

    /// How many attempts were made; the last one got this answer.
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.inner.status)?;
        write_attempts(f, self.inner.attempts)
    }
}

/// Shows the status, the header names and the body's kind and size, not their values.
impl fmt::Debug for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let body = match &inner.body {
            ErrorBody::Json(_) => "json",
            ErrorBody::Text(text) if text.is_empty() => "empty",
            ErrorBody::Text(_) => "text",
        };
        f.debug_struct("StatusError")
            .field("status", &inner.status)
            .field("headers", &inner.headers.keys().collect::<Vec<_>>())
            .field("body", &body)
            .field("attempts", &inner.attempts)
            .finish()
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
/// `items[0].createdAt`), so the mismatch can be reported without re-running the request. Its
/// message names the path and what was expected but not the value found, and its `Debug` leaves
/// the body out: both may be patient data. [`DecodeError::body`] gives the body to code that asks.
pub struct DecodeError {
    body: String,
    path: String,
    /// serde's explanation with the values it quotes left out.
    reason: String,
    attempts: u32,
}

impl DecodeError {
    /// Builds the error from the failed body, the path where decoding stopped and the cause.
    pub(crate) fn new(body: &[u8], path: String, source: serde_json::Error) -> Self {
        DecodeError {
            body: String::from_utf8_lossy(body).into_owned(),
            path,
            reason: without_values(&source),
            attempts: 1,
        }
    }

    /// How many attempts were made; the last one got this body.
    pub fn attempts(&self) -> u32 {
        self.attempts
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
            self.path, self.reason
        )
    }
}

/// Shows the path and the reason, and only the body's size.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &self.path)
            .field("reason", &self.reason)
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// serde's message about a mismatch, without the value it quotes: `invalid type: string "Ada",
/// expected u32` becomes `invalid type: string, expected u32`. Syntax errors keep their line and column.
fn without_values(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let (text, position) = match text.rsplit_once(" at line ") {
        Some((text, position)) => (text, Some(position)),
        None => (text.as_str(), None),
    };
    // Only mismatches of data quote values (`string "Ada"`, ``integer `7` ``); their kind
    // (`string`, `null`) stays. A missing field names the field, which is schema, not data.
    let quoting = [
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
    ]
    .into_iter()
    .find(|prefix| text.starts_with(prefix))
    .filter(|_| err.classify() == serde_json::error::Category::Data);
    let reason = match quoting {
        Some(prefix) => {
            let (found, expected) = match text.find(", expected ") {
                Some(at) => (&text[prefix.len()..at], &text[at..]),
                None => (&text[prefix.len()..], ""),
            };
            let kind = found
                .trim_start_matches(':')
                .split(['"', '`'])
                .next()
                .unwrap_or("")
                .trim();
            if kind.is_empty() {
                format!("{prefix}{expected}")
            } else {
                format!("{prefix}: {kind}{expected}")
            }
        }
        None => text.to_owned(),
    };
    match position {
        Some(position) => format!("{reason} at line {position}"),
        None => reason,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_type_can_cross_threads() {
        fn assert_traits<E: std::error::Error + Send + Sync + 'static>() {}
        assert_traits::<Error>();
    }

    #[test]
    fn a_status_error_shows_neither_the_body_nor_header_values() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-echo",
            reqwest::header::HeaderValue::from_static("ada@example.test"),
        );
        let body = br#"{"message":"no user ada@example.test"}"#;
        let err = StatusError::new(StatusCode::NOT_FOUND, headers, body);
        assert_eq!(err.to_string(), "the API answered 404 Not Found");
        assert_eq!(err.message(), Some("no user ada@example.test"));
        let shown = format!("{err:?}");
        assert!(!shown.contains("ada@"), "{shown}");
        let err = Error::from(err).with_attempts(3);
        assert_eq!(
            err.to_string(),
            "the API answered 404 Not Found (after 3 attempts)"
        );
        assert_eq!(err.attempts(), 3);
    }

    #[test]
    fn a_decode_error_names_the_path_and_the_expectation_but_not_the_value() {
        let body = br#"{"n":"Ada Lovelace"}"#;
        let source = serde_json::from_slice::<u32>(br#""Ada Lovelace""#).err();
        let Some(source) = source else {
            panic!("a string decoded as a number")
        };
        let err = DecodeError::new(body, "n".to_owned(), source);
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("Ada"), "{shown}");
        assert!(
            shown.contains("invalid type: string, expected u32"),
            "{shown}"
        );
        assert_eq!(err.body(), r#"{"n":"Ada Lovelace"}"#);
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let source = serde_json::from_slice::<Vec<u32>>(b"[1,").err();
        let Some(source) = source else {
            panic!("broken JSON decoded")
        };
        let reason = without_values(&source);
        assert!(reason.contains("at line 1 column 3"), "{reason}");
    }
}
