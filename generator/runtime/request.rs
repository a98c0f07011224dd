//! One API call: what generated operations build, the options callers add, and how it is sent.
//!
//! A [`Request`] is built synchronously by a generated method and does nothing until awaited.
//! Mistakes found while building it (a bad path parameter, a body that cannot be serialized) are
//! kept and returned when it is awaited, so that nothing is sent. Sending retries transient
//! failures with the backoff of the official SDKs and resends the same body bytes each time, but
//! never repeats a request that may have reached the server unless the operation is idempotent
//! (or the caller opts in), so that a timeout cannot turn one invite into two.

use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::{Client, Transport, parse_header};
use crate::encoding::Query;
use crate::error::{
    DecodeError, Error, InvalidRequestError, Result, StatusError, TransportError, TransportKind,
};

/// A request that has been built but not sent; `.await` it to send it.
///
/// ```no_run
/// # async fn demo(request: ~{ lib }~::Request<serde_json::Value>) -> ~{ lib }~::Result<()> {
/// let value = request
///     .timeout(std::time::Duration::from_secs(5))
///     .max_retries(0)
///     .header("X-Request-Id", "abc-123")
///     .await?;
/// # Ok(())
/// # }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct Request<T> {
    client: Client,
    /// What to send, or the error found while building it.
    spec: Result<RequestSpec>,
    output: PhantomData<fn() -> T>,
}

/// Per-request settings, which override the client's for one call.
///
/// The same options can be set one by one on a [`Request`], or collected here once and applied
/// to several requests with [`Request::with_options`].
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    retry_unknown_outcome: Option<bool>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    extra_body: Vec<(String, serde_json::Value)>,
}

/// A successful response as received: its status, headers and body bytes, returned beside the
/// decoded value by `send_with_response`.
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    attempts: u32,
}

/// What the generated code knows about an operation: its name, method and path template, for
/// logs that carry no values, and whether it may be repeated after an ambiguous failure.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The dotted operation ID, such as `viewer.studies.retrieve`.
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    /// The path as the schema writes it, with `{placeholders}` instead of values.
    pub(crate) path: &'static str,
    /// Whether sending it twice has the effect of sending it once.
    pub(crate) idempotent: bool,
}

impl Endpoint {
    /// The operation ID and path template of requests made with [`Client::request`]; their
    /// concrete path is not logged, since it may hold IDs.
    const RAW_OPERATION: &'static str = "raw";
    const RAW_PATH: &'static str = "(raw path)";

    /// The operation ID, or `None` for a raw request.
    #[allow(
        dead_code,
        reason = "read by the test kit's transport, which is behind a feature"
    )]
    fn raw_operation(&self) -> Option<&'static str> {
        (self.operation != Endpoint::RAW_OPERATION).then_some(self.operation)
    }
}

/// Everything needed to send (and resend) a request; cloned for each page of a list.
#[derive(Clone)]
pub(crate) struct RequestSpec {
    endpoint: Endpoint,
    /// The path with its values encoded.
    path: String,
    query: Query,
    /// The serialized JSON body, kept as bytes so that every attempt sends the same bytes.
    body: Option<Vec<u8>>,
    options: RequestOptions,
}

/// The parts of a request that stay the same across attempts, checked once before the first.
struct Prepared {
    url: reqwest::Url,
    headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
    /// The body every attempt sends, with the caller's extra fields.
    body: Option<Vec<u8>>,
    /// When the whole call must be over, if it has a deadline.
    deadline: Option<Instant>,
    /// Whether a failure that may have reached the server is sent again.
    repeat_ambiguous: bool,
}

impl<T> Request<T> {
    /// Starts a request for a path without parameters.
    #[allow(
        dead_code,
        reason = "generated code starts requests only if the schema has an operation"
    )]
    pub(crate) fn new(client: Client, endpoint: Endpoint) -> Self {
        let path = endpoint.path.to_owned();
        Request::with_path(client, endpoint, Ok(path))
    }

    /// Starts a request for a path whose parameters are already encoded; an error found while
    /// encoding them (an empty or `..` segment) is returned when the request is sent.
    #[allow(
        dead_code,
        reason = "generated code starts requests only if the schema has an operation"
    )]
    pub(crate) fn with_path(client: Client, endpoint: Endpoint, path: Result<String>) -> Self {
        let spec = path.map(|path| RequestSpec {
            endpoint,
            path,
            query: Query::new(),
            body: None,
            options: RequestOptions::default(),
        });
        Request {
            client,
            spec,
            output: PhantomData,
        }
    }

    /// Keeps the first problem the request's values have (a broken constraint), to return it when
    /// the request is sent, so that nothing is sent.
    #[allow(
        dead_code,
        reason = "generated code checks values only if the schema has constraints"
    )]
    pub(crate) fn check(mut self, checked: Result<(), InvalidRequestError>) -> Self {
        if let (Ok(_), Err(err)) = (&self.spec, checked) {
            self.spec = Err(err.into());
        }
        self
    }

    /// Sets the query parameters of the operation.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a query parameter"
    )]
    pub(crate) fn with_query(mut self, query: Query) -> Self {
        if let Ok(spec) = &mut self.spec {
            spec.query = query;
        }
        self
    }

    /// Serializes the JSON body now; a serialization error is returned when the request is awaited.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a request body"
    )]
    pub(crate) fn with_json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        if let Ok(spec) = &mut self.spec {
            match serde_json::to_vec(body) {
                Ok(bytes) => spec.body = Some(bytes),
                Err(err) => {
                    self.spec = Err(InvalidRequestError::new("body", err.to_string()).into())
                }
            }
        }
        self
    }

    /// Limits how long each attempt may take, overriding the client's timeout.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with_options(RequestOptions::new().timeout(timeout))
    }

    /// Limits the whole call, every attempt and the pauses between them, overriding the
    /// client's deadline.
    pub fn deadline(self, deadline: Duration) -> Self {
        self.with_options(RequestOptions::new().deadline(deadline))
    }

    /// Sets how many times this request is retried, overriding the client's setting.
    pub fn max_retries(self, max_retries: u32) -> Self {
        self.with_options(RequestOptions::new().max_retries(max_retries))
    }

    /// Whether a failure that may have reached the server (a timeout, a connection lost after
    /// sending) is retried even though the operation is not idempotent, as the official SDKs
    /// do; overrides the client's setting. Idempotent operations are retried either way.
    pub fn retry_unknown_outcome(self, retry: bool) -> Self {
        self.with_options(RequestOptions::new().retry_unknown_outcome(retry))
    }

    /// Adds a header, replacing a client default of the same name.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.with_options(RequestOptions::new().header(name, value))
    }

    /// Adds a query parameter, replacing an operation parameter of the same name.
    pub fn query_param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.with_options(RequestOptions::new().query_param(name, value))
    }

    /// Adds a field to the JSON body, or replaces the operation's field of the same wire name,
    /// for a field this version of the SDK does not know. A request without a body gets a JSON
    /// object with the extra fields.
    pub fn extra_body(self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.with_options(RequestOptions::new().extra_body(name, value))
    }

    /// Applies a set of options: limits that are set replace the current ones, headers and query
    /// parameters are added.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        if let Ok(spec) = &mut self.spec {
            spec.options.merge(options);
        }
        self
    }

    /// Splits the request into the client and what to send, for pagination.
    pub(crate) fn into_parts(self) -> (Client, Result<RequestSpec>) {
        (self.client, self.spec)
    }
}

impl<T: DeserializeOwned> Request<T> {
    /// Sends the request and decodes the body; the same as `.await`.
    pub async fn send(self) -> Result<T> {
        Ok(self.send_with_response().await?.0)
    }

    /// Sends the request and returns the decoded body with the response it came in: the status,
    /// the headers and the body's bytes.
    ///
    /// ```no_run
    /// # async fn demo(request: ~{ lib }~::Request<serde_json::Value>) -> ~{ lib }~::Result<()> {
    /// let (value, response) = request.send_with_response().await?;
    /// println!("{} {:?}", response.status(), response.headers().get("x-request-id"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_with_response(self) -> Result<(T, Response)> {
        let spec = self.spec?;
        send_spec(&self.client, &spec).await
    }

    /// Sends the request and gives `Ok(None)` when the API answers 404, for operations that
    /// retrieve one thing ("does this study exist?").
    ///
    /// ```no_run
    /// # async fn demo(request: ~{ lib }~::Request<serde_json::Value>) -> ~{ lib }~::Result<()> {
    /// match request.optional().await? {
    ///     Some(value) => println!("found {}", value["id"]),
    ///     None => println!("no such thing"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn optional(self) -> Result<Option<T>> {
        match self.send().await {
            Ok(value) => Ok(Some(value)),
            Err(Error::Status(err)) if err.status() == StatusCode::NOT_FOUND => Ok(None),
            Err(err) => Err(err),
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for Request<T> {
    type Output = Result<T>;
    type IntoFuture = BoxFuture<'static, Result<T>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

/// A request to any path, made with [`Client::request`], for an endpoint or a field this version
/// of the SDK does not know. It keeps the client's key, headers, retries, timeouts and logging;
/// `.await` (or [`RawRequest::send`]) gives the 2xx [`Response`], whose body
/// [`Response::json`] decodes into any type. Other statuses are [`Error::Status`] as usual.
#[must_use = "a request does nothing until it is awaited"]
pub struct RawRequest {
    request: Request<()>,
}

impl RawRequest {
    pub(crate) fn new(client: Client, method: Method, path: &str) -> Self {
        let idempotent = method != Method::POST;
        let endpoint = Endpoint {
            operation: Endpoint::RAW_OPERATION,
            method,
            path: Endpoint::RAW_PATH,
            idempotent,
        };
        let path = if path.starts_with('/') {
            Ok(path.to_owned())
        } else {
            Err(InvalidRequestError::new("path", "must start with `/`").into())
        };
        RawRequest {
            request: Request::with_path(client, endpoint, path),
        }
    }

    /// Sends this value as the JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.request = self.request.with_json_body(body);
        self
    }

    /// Says whether sending it twice has the effect of sending it once, which decides whether a
    /// timeout after sending is retried; by default every method but `POST` is.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        if let Ok(spec) = &mut self.request.spec {
            spec.endpoint.idempotent = idempotent;
        }
        self
    }

    /// Adds a query parameter.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request = self.request.query_param(name, value);
        self
    }

    /// Adds a header, replacing a client default of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    /// Applies a set of options (timeouts, retries, headers, query parameters, body fields).
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.request = self.request.with_options(options);
        self
    }

    /// Sends the request and returns the 2xx response; the same as `.await`.
    pub async fn send(self) -> Result<Response> {
        let (client, spec) = self.request.into_parts();
        execute(&client, &spec?).await
    }
}

impl IntoFuture for RawRequest {
    type Output = Result<Response>;
    type IntoFuture = BoxFuture<'static, Result<Response>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("spec", &self.request.spec)
            .finish_non_exhaustive()
    }
}

impl RequestOptions {
    /// No options: everything comes from the client.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Limits how long each attempt may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits the whole call: every attempt and the pauses between them.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets how many times the request is retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Whether a failure that may have reached the server is retried for an operation that is
    /// not idempotent.
    pub fn retry_unknown_outcome(mut self, retry: bool) -> Self {
        self.retry_unknown_outcome = Some(retry);
        self
    }

    /// Adds a field to the JSON body, replacing the operation's field of the same wire name.
    pub fn extra_body(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.extra_body.push((name.into(), value));
        self
    }

    /// Adds a header; an invalid name or value is reported when the request is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter that replaces any other parameter of the same name.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    fn merge(&mut self, other: RequestOptions) {
        self.timeout = other.timeout.or(self.timeout);
        self.deadline = other.deadline.or(self.deadline);
        self.max_retries = other.max_retries.or(self.max_retries);
        self.retry_unknown_outcome = other.retry_unknown_outcome.or(self.retry_unknown_outcome);
        self.headers.extend(other.headers);
        self.query.extend(other.query);
        self.extra_body.extend(other.extra_body);
    }
}

/// Shows header and query names only: headers may carry credentials, and query values IDs.
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(name, _)| name.clone()).collect()
        };
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("retry_unknown_outcome", &self.retry_unknown_outcome)
            .field("headers", &names(&self.headers))
            .field("query", &names(&self.query))
            .field(
                "extra_body",
                &self
                    .extra_body
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Shows the operation and the path template, not the values of the path, query or body.
impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("operation", &self.endpoint.operation)
            .field("method", &self.endpoint.method)
            .field("path", &self.endpoint.path)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Response {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// How many attempts were made; the last one got this response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Decodes the body as any type, for fields this version of the SDK does not model.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        self.decode()
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        decode_json(&self.body)
    }
}

/// Shows the status and the header names and the body's size: header values may carry
/// credentials, and bodies personal data.
impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl RequestSpec {
    /// Sets a query parameter for the next page; it also replaces a caller's parameter of the
    /// same name, which would otherwise pin every page to the caller's value.
    pub(crate) fn set_query_param(&mut self, name: &str, value: &str) {
        self.query.set(name, value);
        self.options.query.retain(|(key, _)| key != name);
    }

    /// The value a parameter will be sent with, after the caller's parameters are applied.
    pub(crate) fn query_param(&self, name: &str) -> Option<&str> {
        let extra = self.options.query.iter().rev().find(|(key, _)| key == name);
        extra
            .map(|(_, value)| value.as_str())
            .or_else(|| self.query.get(name))
    }
}

/// Sends a request and decodes a 2xx body, for pagination, which has no [`Request`] to await.
pub(crate) async fn send_spec<T: DeserializeOwned>(
    client: &Client,
    spec: &RequestSpec,
) -> Result<(T, Response)> {
    let response = execute(client, spec).await?;
    let value = response
        .decode()
        .map_err(|err| Error::from(err).with_attempts(response.attempts))?;
    Ok((value, response))
}

/// Sends a request, retrying transient failures, and returns the 2xx response.
///
/// The call is one `request` span naming the operation and the path template; its events carry
/// the attempt, the status, the time taken and the kind of failure, never a value of the
/// request or the response.
async fn execute(client: &Client, spec: &RequestSpec) -> Result<Response> {
    use tracing::Instrument;
    let endpoint = &spec.endpoint;
    let span = tracing::debug_span!(
        "request",
        operation = endpoint.operation,
        method = endpoint.method.as_str(),
        path = endpoint.path,
    );
    retry_loop(client, spec).instrument(span).await
}

async fn retry_loop(client: &Client, spec: &RequestSpec) -> Result<Response> {
    let prepared = prepare(client, spec)?;
    let mut retries = 0;
    loop {
        let started = Instant::now();
        let result = attempt(client, spec, &prepared, retries).await;
        let attempts = retries + 1;
        let retry_in = match &result {
            Err(err) if retries < prepared.max_retries && worth_repeating(err, &prepared) => {
                let headers = err.as_status().map(StatusError::headers);
                let delay = retry_delay(retries, headers, Utc::now(), client.backoff(), jitter());
                // A pause that would end after the deadline cannot lead to an answer in time.
                let in_time = prepared
                    .deadline
                    .is_none_or(|deadline| Instant::now() + delay < deadline);
                in_time.then_some(delay)
            }
            _ => None,
        };
        log_attempt(attempts, started.elapsed(), &result, retry_in);
        match (retry_in, result) {
            (Some(delay), _) => tokio::time::sleep(delay).await,
            (None, Ok(mut response)) => {
                response.attempts = attempts;
                return Ok(response);
            }
            (None, Err(err)) => return Err(err.with_attempts(attempts)),
        }
        retries += 1;
    }
}

/// Whether a failed attempt is sent again: a status in the retry list and a failure before
/// sending always are; one that may have reached the server only when repeating it is safe.
fn worth_repeating(err: &Error, prepared: &Prepared) -> bool {
    match err.as_transport() {
        Some(transport) if transport.kind() == TransportKind::Deadline => false,
        Some(transport) if transport.outcome_unknown() => prepared.repeat_ambiguous,
        _ => err.is_retryable(),
    }
}

/// Builds the URL and headers once; bad per-request headers are reported here, before sending.
fn prepare(client: &Client, spec: &RequestSpec) -> Result<Prepared> {
    let mut query = spec.query.clone();
    for (name, value) in &spec.options.query {
        query.set(name, value);
    }
    let mut url = format!("{}{}", client.base_url(), spec.path);
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.encode());
    }
    let url = reqwest::Url::parse(&url)
        .map_err(|err| InvalidRequestError::new("url", err.to_string()))?;

    let body = body_with_extra_fields(spec)?;
    let mut headers = client.headers().clone();
    if body.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    for (name, value) in &spec.options.headers {
        let (name, value) =
            parse_header(name, value).map_err(|why| InvalidRequestError::new(name, why))?;
        headers.insert(name, value);
    }
    let options = &spec.options;
    let timeout = options.timeout.unwrap_or_else(|| client.timeout());
    let max_retries = options.max_retries.unwrap_or_else(|| client.max_retries());
    let deadline = options
        .deadline
        .or_else(|| client.deadline())
        .map(|deadline| Instant::now() + deadline);
    let retry_unknown_outcome = options
        .retry_unknown_outcome
        .unwrap_or_else(|| client.retry_unknown_outcome());
    Ok(Prepared {
        url,
        headers,
        timeout,
        max_retries,
        body,
        deadline,
        repeat_ambiguous: spec.endpoint.idempotent || retry_unknown_outcome,
    })
}

/// The operation's body with the caller's extra fields set in it.
fn body_with_extra_fields(spec: &RequestSpec) -> Result<Option<Vec<u8>>> {
    let extra = &spec.options.extra_body;
    if extra.is_empty() {
        return Ok(spec.body.clone());
    }
    let mut body = match &spec.body {
        None => serde_json::Map::new(),
        Some(bytes) => match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => {
                return Err(InvalidRequestError::new(
                    "body",
                    "takes no extra fields: the operation's body is not a JSON object",
                )
                .into());
            }
        },
    };
    for (name, value) in extra {
        body.insert(name.clone(), value.clone());
    }
    let bytes = serde_json::to_vec(&body)
        .map_err(|err| InvalidRequestError::new("body", err.to_string()))?;
    Ok(Some(bytes))
}

/// Sends one attempt and reads the whole body within the timeout.
async fn attempt(
    client: &Client,
    spec: &RequestSpec,
    prepared: &Prepared,
    retries: u32,
) -> Result<Response> {
    let mut headers = prepared.headers.clone();
    // A caller who sets the retry-count header keeps their value, as in the official SDKs.
    if !headers.contains_key(client.retry_count_header()) {
        headers.insert(
            client.retry_count_header().clone(),
            HeaderValue::from(retries),
        );
    }
    #[cfg_attr(
        not(feature = "test-util"),
        expect(
            clippy::infallible_destructuring_match,
            reason = "the test kit's transport is the other variant"
        )
    )]
    let http = match client.transport() {
        Transport::Http(http) => http,
        #[cfg(feature = "test-util")]
        Transport::Mock(mock) => return mock_attempt(mock, spec, prepared, &headers),
    };
    let mut builder = http
        .request(spec.endpoint.method.clone(), prepared.url.clone())
        .headers(headers);
    if let Some(body) = &prepared.body {
        builder = builder.body(body.clone());
    }
    let exchange = async {
        let response = builder.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = Vec::from(response.bytes().await?);
        Ok::<_, reqwest::Error>(Response {
            status,
            headers,
            body,
            attempts: retries + 1,
        })
    };
    // The attempt ends at its timeout, or at the call's deadline when that comes first.
    let (limit, kind) = match prepared.deadline {
        Some(deadline) if deadline < Instant::now() + prepared.timeout => (
            deadline.saturating_duration_since(Instant::now()),
            TransportKind::Deadline,
        ),
        _ => (prepared.timeout, TransportKind::AttemptTimeout),
    };
    let raw = match tokio::time::timeout(limit, exchange).await {
        Err(_elapsed) => return Err(TransportError::new(kind, None).into_error()),
        Ok(Err(err)) => return Err(TransportError::from_reqwest(err).into_error()),
        Ok(Ok(raw)) => raw,
    };
    if raw.status.is_success() {
        Ok(raw)
    } else {
        Err(StatusError::new(raw.status, raw.headers, &raw.body).into())
    }
}

/// One attempt answered by the test kit's scripted transport, mapped as an HTTP answer would be.
#[cfg(feature = "test-util")]
fn mock_attempt(
    mock: &crate::mock::MockTransport,
    spec: &RequestSpec,
    prepared: &Prepared,
    headers: &HeaderMap,
) -> Result<Response> {
    use crate::mock::{MockAnswer, MockCall};
    let call = MockCall {
        operation: spec.endpoint.raw_operation(),
        method: &spec.endpoint.method,
        url: &prepared.url,
        headers,
        body: prepared.body.as_deref(),
    };
    match mock.answer(call) {
        MockAnswer::Failure(err) => Err(err.into_error()),
        MockAnswer::Response {
            status,
            headers,
            body,
        } if status.is_success() => Ok(Response {
            status,
            headers,
            body,
            attempts: 1,
        }),
        MockAnswer::Response {
            status,
            headers,
            body,
        } => Err(StatusError::new(status, headers, &body).into()),
    }
}

/// Decodes a JSON body, recording where in the document a mismatch happened.
pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    // An empty body reads as `null`, so that operations without content can decode into `()`.
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    // Tracking the path costs time on every field, so it is done only to explain a failure.
    serde_json::from_slice(text).map_err(|_| explain_decode_error::<T>(body, text))
}

/// Decodes `text` again, tracking the path, to build the error for a body that failed to decode.
fn explain_decode_error<T: DeserializeOwned>(body: &[u8], text: &[u8]) -> DecodeError {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(err) => {
            let path = err.path().to_string();
            DecodeError::new(body, path, err.into_inner())
        }
        Ok(_) => match deserializer.end() {
            Err(err) => DecodeError::new(body, ".".to_owned(), err),
            // Unreachable in practice: both decoders read the same text. Report it as plain text.
            Ok(()) => DecodeError::new(
                body,
                ".".to_owned(),
                serde::de::Error::custom("the body could not be decoded"),
            ),
        },
    }
}

/// How long to wait before retry number `retries + 1`.
///
/// The server's hint wins when it is between 0 and 60 seconds: `retry-after-ms` (milliseconds),
/// else `retry-after` as seconds or as an HTTP date. Otherwise the delay is
/// `min(initial * 2^retries, max)` (0.5 s and 8 s by default) scaled by `jitter`, which callers
/// draw from (0.75, 1].
pub(crate) fn retry_delay(
    retries: u32,
    headers: Option<&HeaderMap>,
    now: DateTime<Utc>,
    backoff: Backoff,
    jitter: f64,
) -> Duration {
    headers
        .and_then(|headers| server_delay(headers, now))
        .unwrap_or_else(|| backoff.delay(retries, jitter))
}

/// The pause before a retry when the server gives no hint: doubling from `initial`, at most
/// `max`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Backoff {
    pub(crate) initial: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    /// The official SDKs' back-off: 0.5 s, doubling up to 8 s.
    pub(crate) const DEFAULT: Backoff = Backoff {
        initial: Duration::from_millis(500),
        max: Duration::from_secs(8),
    };

    fn delay(self, retries: u32, jitter: f64) -> Duration {
        let (initial, max) = (self.initial.as_secs_f64(), self.max.as_secs_f64());
        // Capping the exponent keeps the power finite; the result is capped long before that.
        let nominal = (initial * 2f64.powi(retries.min(16) as i32)).min(max);
        Duration::from_secs_f64(nominal * jitter.clamp(0.0, 1.0))
    }
}

fn server_delay(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let header = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    let millis = header("retry-after-ms").and_then(|text| text.parse::<f64>().ok());
    let seconds = match millis {
        Some(millis) => millis / 1000.0,
        None => {
            let text = header("retry-after")?;
            match text.parse::<f64>() {
                Ok(seconds) => seconds,
                Err(_) => seconds_until(text, now)?,
            }
        }
    };
    // The comparisons are false for NaN, so only finite, positive values reach `from_secs_f64`.
    (seconds > 0.0 && seconds <= 60.0).then(|| Duration::from_secs_f64(seconds))
}

/// Seconds from `now` until an HTTP date such as `Wed, 21 Oct 2015 07:28:00 GMT`.
fn seconds_until(date: &str, now: DateTime<Utc>) -> Option<f64> {
    let date = DateTime::parse_from_rfc2822(date).ok()?;
    let millis = date
        .with_timezone(&Utc)
        .signed_duration_since(now)
        .num_milliseconds();
    Some(millis as f64 / 1000.0)
}

/// A factor in (0.75, 1] that spreads out retries from many clients.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, RandomState};
    // Each `RandomState` is seeded differently, which is random enough to spread retries and
    // avoids a dependency on a random number crate.
    let random = RandomState::new().hash_one(Instant::now());
    // The top 53 bits as a fraction in [0, 1), the same construction as `rand`'s `f64`.
    let unit = (random >> 11) as f64 / (1u64 << 53) as f64;
    1.0 - 0.25 * unit
}

/// Records one attempt: debug when it is final, warn when it will be retried. The span of the
/// call names the operation and the path template; nothing here carries a value.
fn log_attempt(
    attempt: u32,
    elapsed: Duration,
    result: &Result<Response>,
    retry_in: Option<Duration>,
) {
    let elapsed_ms = elapsed.as_millis() as u64;
    let status = match result {
        Ok(raw) => Some(raw.status.as_u16()),
        Err(err) => err.as_status().map(|err| err.status().as_u16()),
    };
    match (result, retry_in) {
        (Err(error), Some(delay)) => tracing::warn!(
            attempt,
            status,
            elapsed_ms,
            retry_in_ms = delay.as_millis() as u64,
            error = error.kind_name(),
            "request failed, retrying"
        ),
        (Err(error), None) => tracing::debug!(
            attempt,
            status,
            elapsed_ms,
            error = error.kind_name(),
            outcome_unknown = error.outcome_unknown(),
            "request failed"
        ),
        (Ok(_), _) => tracing::debug!(attempt, status, elapsed_ms, "request succeeded"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(value) {
                map.insert(*name, value);
            }
        }
        map
    }

    fn delay(pairs: &[(&'static str, &str)]) -> Duration {
        retry_delay(0, Some(&headers(pairs)), Utc::now(), Backoff::DEFAULT, 1.0)
    }

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_eight() {
        let secs: Vec<f64> = (0..7)
            .map(|n| retry_delay(n, None, Utc::now(), Backoff::DEFAULT, 1.0).as_secs_f64())
            .collect();
        assert_eq!(secs, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]);
        assert_eq!(
            retry_delay(u32::MAX, None, Utc::now(), Backoff::DEFAULT, 1.0),
            Duration::from_secs(8)
        );
    }

    #[test]
    fn jitter_scales_the_backoff_down_by_at_most_a_quarter() {
        assert_eq!(
            retry_delay(0, None, Utc::now(), Backoff::DEFAULT, 0.75),
            Duration::from_millis(375)
        );
        for _ in 0..100 {
            let factor = jitter();
            assert!(factor > 0.75 && factor <= 1.0, "{factor}");
        }
    }

    #[test]
    fn retry_after_seconds_are_honoured_up_to_a_minute() {
        assert_eq!(delay(&[("retry-after", "60")]), Duration::from_secs(60));
        assert_eq!(
            delay(&[("retry-after", "1.5")]),
            Duration::from_millis(1500)
        );
        assert_eq!(delay(&[("retry-after", "61")]), Duration::from_millis(500));
        assert_eq!(delay(&[("retry-after", "0")]), Duration::from_millis(500));
        assert_eq!(delay(&[("retry-after", "-10")]), Duration::from_millis(500));
        assert_eq!(delay(&[("retry-after", "NaN")]), Duration::from_millis(500));
        assert_eq!(
            delay(&[("retry-after", "soon")]),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn retry_after_ms_comes_first() {
        let both = [("retry-after-ms", "10"), ("retry-after", "30")];
        assert_eq!(delay(&both), Duration::from_millis(10));
        let unparsable_ms = [("retry-after-ms", "x"), ("retry-after", "30")];
        assert_eq!(delay(&unparsable_ms), Duration::from_secs(30));
        assert_eq!(
            delay(&[("retry-after-ms", "60001")]),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn retry_after_http_dates_count_from_now() {
        let now =
            DateTime::parse_from_rfc3339("2015-10-21T07:27:30Z").map(|d| d.with_timezone(&Utc));
        let Ok(now) = now else {
            panic!("bad test date")
        };
        let map = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
        assert_eq!(
            retry_delay(0, Some(&map), now, Backoff::DEFAULT, 1.0),
            Duration::from_secs(30)
        );
        let past = headers(&[("retry-after", "Wed, 21 Oct 2015 07:27:00 GMT")]);
        assert_eq!(
            retry_delay(0, Some(&past), now, Backoff::DEFAULT, 1.0),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn an_empty_body_decodes_as_null_and_trailing_text_is_an_error() {
        assert!(decode_json::<()>(b"").is_ok());
        assert!(decode_json::<Option<u32>>(b"  ").is_ok_and(|value| value.is_none()));
        let err = decode_json::<u32>(b"1 2").err();
        assert_eq!(err.as_ref().map(DecodeError::body), Some("1 2"));
    }
}
