//! A scripted transport for tests: a [`Client`](crate::Client) built with
//! [`ClientBuilder::mock_transport`](crate::ClientBuilder::mock_transport) sends nothing over the
//! network and gets its answers from a [`MockTransport`] instead, with the SDK's validation,
//! retries, decoding and error mapping still running.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;

use crate::error::{DecodeError, Error, StatusError, TransportError, TransportKind};

/// Answers requests from a script and records every request it sees.
///
/// Answers are given by operation (the dotted operation ID of the schema, such as `users.retrieve`) or
/// by method and concrete path. Each route answers its responses in turn and then repeats the
/// last one; a request that no route matches gets a `501` whose body names its operation. Clones
/// share the script and the record.
///
/// ```
/// # fn main() -> Result<(), ~{ lib }~::Error> {
/// use ~{ lib }~::testing::{MockResponse, MockTransport};
///
/// let mock = MockTransport::new()
///     .on("users.retrieve", MockResponse::status(503))
///     .on("users.retrieve", MockResponse::json(&serde_json::json!({ "any": "body" })));
/// let client = ~{ lib }~::Client::builder().mock_transport(mock.clone()).build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    routes: Vec<Route>,
    requests: Vec<RecordedRequest>,
}

struct Route {
    matcher: Matcher,
    responses: Vec<MockResponse>,
    /// How many requests this route answered.
    served: usize,
}

#[derive(PartialEq)]
enum Matcher {
    Operation(String),
    Path(Method, String),
}

/// One scripted answer: a response, or a transport failure.
#[derive(Clone)]
pub struct MockResponse {
    answer: Answer,
}

#[derive(Clone)]
enum Answer {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    Failure(TransportKind),
}

/// A request the mock transport received, as the SDK would have sent it.
#[derive(Clone)]
pub struct RecordedRequest {
    operation: Option<&'static str>,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
}

/// What the transport needs of one attempt.
pub(crate) struct MockCall<'a> {
    pub(crate) operation: Option<&'static str>,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a reqwest::Url,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
}

/// What the transport answered one attempt.
pub(crate) enum MockAnswer {
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
    },
    Failure(TransportError),
}

impl MockTransport {
    /// A transport with no routes: every request gets a `501`.
    pub fn new() -> Self {
        MockTransport::default()
    }

    /// Answers requests of the operation `operation` (such as `users.retrieve`) with
    /// `response`; calling it again for the same operation adds the next answer.
    pub fn on(self, operation: &str, response: MockResponse) -> Self {
        self.route(Matcher::Operation(operation.to_owned()), response)
    }

    /// Answers requests with this method and this concrete path (such as
    /// `/v1/users/usr_123`, without the query) with `response`; calling it again for the
    /// same route adds the next answer.
    pub fn on_route(self, method: Method, path: &str, response: MockResponse) -> Self {
        self.route(Matcher::Path(method, path.to_owned()), response)
    }

    fn route(self, matcher: Matcher, response: MockResponse) -> Self {
        {
            let mut state = self.lock();
            match state
                .routes
                .iter_mut()
                .find(|route| route.matcher == matcher)
            {
                Some(route) => route.responses.push(response),
                None => state.routes.push(Route {
                    matcher,
                    responses: vec![response],
                    served: 0,
                }),
            }
        }
        self
    }

    /// Every request received so far, oldest first; retries are separate requests.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Forgets the requests received so far, keeping the routes.
    pub fn clear_requests(&self) {
        self.lock().requests.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves a state that is still consistent.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the request and picks its answer.
    pub(crate) fn answer(&self, call: MockCall<'_>) -> MockAnswer {
        let recorded = RecordedRequest {
            operation: call.operation,
            method: call.method.clone(),
            path: call.url.path().to_owned(),
            query: call
                .url
                .query_pairs()
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
            headers: call.headers.clone(),
            body: call.body.map(<[u8]>::to_vec),
        };
        let mut state = self.lock();
        let route = state.routes.iter_mut().find(|route| match &route.matcher {
            Matcher::Operation(operation) => Some(operation.as_str()) == recorded.operation,
            Matcher::Path(method, path) => *method == recorded.method && *path == recorded.path,
        });
        let answer = match route {
            Some(route) => {
                let index = route.served.min(route.responses.len() - 1);
                route.served += 1;
                route.responses[index].answer.clone()
            }
            None => unmatched(&recorded),
        };
        state.requests.push(recorded);
        match answer {
            Answer::Response {
                status,
                headers,
                body,
            } => MockAnswer::Response {
                status,
                headers,
                body,
            },
            Answer::Failure(kind) => MockAnswer::Failure(TransportError::new(kind, None)),
        }
    }
}

/// The `501` for a request no route matches, naming what it was.
fn unmatched(request: &RecordedRequest) -> Answer {
    let message = format!(
        "the mock transport has no answer for {} {} (operation {})",
        request.method,
        request.path,
        request.operation.unwrap_or("none: a raw request"),
    );
    let body = serde_json::json!({ "message": message }).to_string();
    Answer::Response {
        status: StatusCode::NOT_IMPLEMENTED,
        headers: HeaderMap::new(),
        body: body.into_bytes(),
    }
}

/// Shows the routes and how many requests were received, not their contents.
impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockTransport")
            .field("routes", &state.routes.len())
            .field("requests", &state.requests.len())
            .finish()
    }
}

impl MockResponse {
    /// A `200` with this value as its JSON body.
    pub fn json<T: Serialize + ?Sized>(body: &T) -> Self {
        MockResponse::status(200).with_json(body)
    }

    /// A response with this status and an empty body.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999: a test's mistake.
    pub fn status(status: u16) -> Self {
        let status = StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("{status} is not an HTTP status"));
        MockResponse {
            answer: Answer::Response {
                status,
                headers: HeaderMap::new(),
                body: Vec::new(),
            },
        }
    }

    /// The attempt times out after the request was sent: the outcome is unknown.
    pub fn timeout() -> Self {
        MockResponse {
            answer: Answer::Failure(TransportKind::AttemptTimeout),
        }
    }

    /// The connection is refused: nothing was sent.
    pub fn connection_refused() -> Self {
        MockResponse {
            answer: Answer::Failure(TransportKind::Connect),
        }
    }

    /// The connection drops after the request was sent: the outcome is unknown.
    pub fn connection_lost() -> Self {
        MockResponse {
            answer: Answer::Failure(TransportKind::Interrupted),
        }
    }

    /// Sets the body to this value as JSON.
    ///
    /// # Panics
    ///
    /// When the value cannot be serialized as JSON (a map with non-string keys): a test's
    /// mistake.
    pub fn with_json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        let bytes = serde_json::to_vec(body)
            .unwrap_or_else(|err| panic!("the mock body is not JSON: {err}"));
        self.with_header("content-type", "application/json")
            .with_body(bytes)
    }

    /// Sets the body to these bytes.
    pub fn with_body(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        if let Answer::Response { body, .. } = &mut self.answer {
            *body = bytes.into();
        }
        self
    }

    /// Adds a header.
    ///
    /// # Panics
    ///
    /// When the name or the value cannot be sent in a header: a test's mistake.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Answer::Response { headers, .. } = &mut self.answer {
            let name = HeaderName::from_bytes(name.as_bytes())
                .unwrap_or_else(|_| panic!("`{name}` is not a header name"));
            let value = HeaderValue::from_str(value)
                .unwrap_or_else(|_| panic!("the value of `{name}` cannot be sent"));
            headers.append(name, value);
        }
        self
    }
}

impl fmt::Debug for MockResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.answer {
            Answer::Response { status, body, .. } => f
                .debug_struct("MockResponse")
                .field("status", status)
                .field("body_len", &body.len())
                .finish(),
            Answer::Failure(kind) => f.debug_tuple("MockResponse").field(kind).finish(),
        }
    }
}

impl RecordedRequest {
    /// The dotted operation ID, or `None` for a raw request (`Client::request`).
    pub fn operation(&self) -> Option<&'static str> {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path as sent, with its values percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters as sent, decoded, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The value of the first query parameter called `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The headers as sent, the client's defaults and `Authorization` included.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as sent, if the request had one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The body parsed as JSON, if the request had a JSON body.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(self.body.as_deref()?).ok()
    }
}

/// Shows the operation and the method, not the path, query, headers or body.
impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// A status error as the SDK returns it when the API answers `status` with these headers and
/// this body, after one attempt.
pub fn status_error(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Error {
    StatusError::new(status, headers, body).into()
}

/// An attempt timeout after the request was sent, after one attempt.
pub fn timeout_error() -> Error {
    TransportError::new(TransportKind::AttemptTimeout, None).into_error()
}

/// A connection error of this kind ([`TransportKind::Connect`] before anything was sent,
/// [`TransportKind::Interrupted`] after), after one attempt.
pub fn connection_error(kind: TransportKind) -> Error {
    TransportError::new(kind, None).into_error()
}

/// The error for a 2xx body that does not decode into `T`, as the SDK returns it; `None` when
/// the body does decode.
pub fn decode_error<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<Error> {
    crate::request::decode_json::<T>(body)
        .err()
        .map(|err: DecodeError| Error::from(err))
}
