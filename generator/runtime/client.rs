//! The client handle and its builder: credentials, base URL, default headers and limits.
//!
//! A [`Client`] is an `Arc` around settings that never change after [`ClientBuilder::build`], so
//! it is cheap to clone and share between tasks. Everything product-specific (the default base
//! URL, the names of the environment variables, the user agent) comes from `crate::config`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::config;
use crate::error::{Error, Result};
use crate::request::Backoff;

/// A handle to the API.
///
/// Cloning is cheap and clones share one connection pool. The API key is kept as a sensitive
/// header value and never appears in `Debug` output, logs or errors.
///
/// Requests run on Tokio and use its timer for timeouts and retry pauses, so the runtime needs
/// the time driver enabled (`#[tokio::main]` enables it).
///
/// ```no_run
/// # fn main() -> Result<(), ~{ lib }~::Error> {
/// let client = ~{ lib }~::Client::builder()
///     .api_key("my-api-key")
///     .timeout(std::time::Duration::from_secs(20))
///     .build()?;
/// let same_pool = client.clone();
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    transport: Transport,
    /// The base URL without a trailing slash; operation paths start with `/`.
    base_url: String,
    /// Authorization, Accept, User-Agent and the default headers, sent on every request.
    headers: HeaderMap,
    retry_count_header: HeaderName,
    timeout: Duration,
    deadline: Option<Duration>,
    max_retries: u32,
    retry_unknown_outcome: bool,
    backoff: Backoff,
}

/// Where requests go: over HTTP, or to a scripted transport in tests.
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(feature = "test-util")]
    Mock(crate::mock::MockTransport),
}

/// Settings for a [`Client`], checked when [`ClientBuilder::build`] is called.
///
/// ```no_run
/// # fn main() -> Result<(), ~{ lib }~::Error> {
/// // The key, base URL and extra headers from the environment; explicit calls win.
/// let client = ~{ lib }~::ClientBuilder::from_env().max_retries(5).build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    retry_unknown_outcome: bool,
    backoff: Option<Backoff>,
    headers: Vec<(String, String)>,
    app_info: Option<(String, String)>,
    http_client: Option<reqwest::Client>,
    #[cfg(feature = "test-util")]
    mock: Option<crate::mock::MockTransport>,
    /// A problem found while reading the environment, reported by `build`.
    env_error: Option<String>,
}

impl Client {
    /// Builds a client from the environment: the API key, and optionally the base URL and
    /// extra headers. Fails when the API key variable is missing.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), ~{ lib }~::Error> {
    /// let client = ~{ lib }~::Client::from_env()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    /// Starts a builder with no settings; the API key must be given with [`ClientBuilder::api_key`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// Starts a request to any path of the API, for an endpoint or a field this version of the
    /// SDK does not know, with the client's key, headers, retries, timeouts and logging.
    ///
    /// `path` is appended to the base URL as given (starting with `/`, its values already
    /// percent-encoded). The request counts as idempotent by its method (every method but
    /// `POST`); [`RawRequest::idempotent`](crate::RawRequest::idempotent) says otherwise.
    ///
    /// ```no_run
    /// # async fn demo(client: ~{ lib }~::Client) -> ~{ lib }~::Result<()> {
    /// use ~{ lib }~::reqwest::Method;
    /// let response = client
    ///     .request(Method::GET, "/v1/new-endpoint")
    ///     .query_param("limit", "10")
    ///     .send()
    ///     .await?;
    /// let value: serde_json::Value = response.json()?;
    /// println!("{} {}", response.status(), value["count"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: reqwest::Method, path: &str) -> crate::request::RawRequest {
        crate::request::RawRequest::new(self.clone(), method, path)
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    pub(crate) fn retry_count_header(&self) -> &HeaderName {
        &self.inner.retry_count_header
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    pub(crate) fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.inner.deadline
    }

    pub(crate) fn retry_unknown_outcome(&self) -> bool {
        self.inner.retry_unknown_outcome
    }

    pub(crate) fn backoff(&self) -> Backoff {
        self.inner.backoff
    }
}

/// Shows the settings but only the names of the headers, so no credential can leak.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("max_retries", &inner.max_retries)
            .field("retry_unknown_outcome", &inner.retry_unknown_outcome)
            .field("headers", &inner.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Starts a builder with no settings.
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// Starts a builder from the environment variables named in the crate docs: the API key, the
    /// base URL and the extra headers (newline-separated `Name: value` lines). Empty variables
    /// count as unset. Later calls on the builder override what came from the environment.
    pub fn from_env() -> Self {
        let mut builder = ClientBuilder::new();
        builder.api_key = builder.read_env(config::API_KEY_ENV);
        builder.base_url = builder.read_env(config::BASE_URL_ENV);
        if let Some(text) = builder.read_env(config::CUSTOM_HEADERS_ENV) {
            builder.headers = parse_custom_headers(&text);
        }
        builder
    }

    /// Sets the API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sets the base URL, for example a staging server or a local mock.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets how long one attempt may take, from connecting to reading the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how long opening a connection (DNS, TCP and the TLS handshake) may take, so that an
    /// unreachable host fails fast instead of using the whole attempt timeout. Nothing was sent
    /// when it expires, so the attempt is retried for every operation. It applies to the HTTP
    /// client the builder creates, not to one given with [`ClientBuilder::http_client`], which
    /// keeps its own, and it is per client: connections are shared by all requests.
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// Limits every call as a whole: all its attempts and the pauses between them. Unset, a call
    /// is bounded by the attempt timeout times the attempts, plus the pauses.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets how many times a failed request is retried; `0` disables retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Retries a failure that may have reached the server (a timeout, a connection lost after
    /// sending) even for operations that are not idempotent, as the official SDKs do.
    ///
    /// Off by default: an invite or a create that timed out is not sent again, and its error's
    /// [`Error::outcome_unknown`] is `true`. With it on, such a request may take effect twice.
    pub fn retry_unknown_outcome(mut self, retry: bool) -> Self {
        self.retry_unknown_outcome = retry;
        self
    }

    /// Sets the pause before a retry when the server gives no `retry-after` hint: `initial`
    /// before the first retry, doubling up to `max`, each scaled down by up to a quarter at
    /// random. The default is 0.5 s up to 8 s; tests can use [`Duration::ZERO`].
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some(Backoff {
            initial,
            max: max.max(initial),
        });
        self
    }

    /// Adds a header to every request, replacing a default or earlier header of the same name.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds the application's name and version to the `User-Agent` header, after the SDK's own,
    /// so that the API's operators can tell applications apart.
    pub fn app_info(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.app_info = Some((name.into(), version.into()));
        self
    }

    /// Sends every request to `mock` instead of the network, for the application's tests: the
    /// SDK's validation, retries, decoding and error mapping run as they would against the API.
    /// The API key and the base URL are optional with it.
    #[cfg(feature = "test-util")]
    #[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
    pub fn mock_transport(mut self, mock: crate::testing::MockTransport) -> Self {
        self.mock = Some(mock);
        self
    }

    /// Uses this HTTP client (for proxies, custom TLS roots and so on) instead of a default one.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// Checks the settings and creates the client.
    ///
    /// Fails with [`Error::Config`] when the API key is missing, the base URL is not an
    /// `http` or `https` URL, or a header name or value cannot be sent.
    pub fn build(mut self) -> Result<Client> {
        if let Some(message) = self.env_error.take() {
            return Err(Error::Config(message));
        }
        #[cfg(feature = "test-util")]
        let mock = self.mock.take();
        #[cfg(feature = "test-util")]
        if mock.is_some() {
            // A scripted transport needs neither a real key nor a real server.
            self.api_key.get_or_insert_with(|| "test-key".to_owned());
            self.base_url
                .get_or_insert_with(|| "https://api.test".to_owned());
        }
        let user_agent = match self.app_info.take() {
            Some((name, version)) => format!("{} {name}/{version}", config::USER_AGENT),
            None => config::USER_AGENT.to_owned(),
        };
        let api_key = self
            .api_key
            .take()
            .filter(|key| !key.is_empty())
            .ok_or_else(|| {
                Error::Config(format!(
                    "no API key: set the {} environment variable or call ClientBuilder::api_key",
                    config::API_KEY_ENV
                ))
            })?;
        let base_url = match self.base_url.as_deref().or(config::DEFAULT_BASE_URL) {
            Some(url) => parse_base_url(url)?,
            None => {
                return Err(Error::Config(format!(
                    "no base URL: set the {} environment variable or call ClientBuilder::base_url",
                    config::BASE_URL_ENV
                )));
            }
        };
        #[cfg(feature = "test-util")]
        let transport = match mock {
            Some(mock) => Transport::Mock(mock),
            None => self.http_transport()?,
        };
        #[cfg(not(feature = "test-util"))]
        let transport = self.http_transport()?;
        let inner = ClientInner {
            transport,
            base_url,
            headers: client_headers(&api_key, &user_agent, &self.headers)?,
            retry_count_header: HeaderName::from_bytes(config::RETRY_COUNT_HEADER.as_bytes())
                .map_err(|_| Error::Config("the retry-count header name is invalid".to_owned()))?,
            timeout: self.timeout.unwrap_or(config::DEFAULT_TIMEOUT),
            deadline: self.deadline,
            max_retries: self.max_retries.unwrap_or(config::DEFAULT_MAX_RETRIES),
            retry_unknown_outcome: self.retry_unknown_outcome,
            backoff: self.backoff.unwrap_or(Backoff::DEFAULT),
        };
        Ok(Client {
            inner: Arc::new(inner),
        })
    }

    /// The HTTP client given, or a new one with the connect timeout.
    fn http_transport(&mut self) -> Result<Transport> {
        if let Some(http) = self.http_client.take() {
            return Ok(Transport::Http(http));
        }
        install_crypto_provider();
        let mut http = reqwest::Client::builder();
        if let Some(limit) = self.connect_timeout.or(config::DEFAULT_CONNECT_TIMEOUT) {
            http = http.connect_timeout(limit);
        }
        let http = http
            .build()
            .map_err(|err| Error::Config(format!("could not create the HTTP client: {err}")))?;
        Ok(Transport::Http(http))
    }

    /// Reads one variable; an empty one counts as unset and a non-UTF-8 one is kept for `build`.
    fn read_env(&mut self, name: &str) -> Option<String> {
        match std::env::var(name) {
            Ok(value) if value.is_empty() => None,
            Ok(value) => Some(value),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                self.env_error.get_or_insert(format!(
                    "the environment variable {name} is not valid UTF-8"
                ));
                None
            }
        }
    }
}

/// Hides the API key and the header values, which may carry credentials too.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("retry_unknown_outcome", &self.retry_unknown_outcome)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// With the `rustls-ring` feature alone, makes ring the process's TLS provider unless the
/// application installed one; with `rustls` (aws-lc-rs), reqwest picks that one itself.
fn install_crypto_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    {
        // An error means a provider is installed already, which is the application's choice.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Parses the custom-headers variable: one `Name: value` per line, both sides trimmed.
///
/// Lines without a colon or with an empty name are skipped, as in the official SDKs.
pub(crate) fn parse_custom_headers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

/// Parses a header; the error says what is wrong without echoing the value, which may be secret.
pub(crate) fn parse_header(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), &'static str> {
    let header_name =
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| "is not a valid header name")?;
    let header_value = HeaderValue::from_str(value)
        .map_err(|_| "has a value with characters that cannot be sent in a header")?;
    Ok((header_name, header_value))
}

fn parse_base_url(text: &str) -> Result<String> {
    let invalid = |why: &str| Error::Config(format!("invalid base URL `{text}`: {why}"));
    let url = reqwest::Url::parse(text).map_err(|err| invalid(&err.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The headers every request carries; the explicit default headers come last so they win.
fn client_headers(
    api_key: &str,
    user_agent: &str,
    defaults: &[(String, String)],
) -> Result<HeaderMap> {
    let mut authorization = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| {
        Error::Config("the API key contains characters that cannot be sent in a header".to_owned())
    })?;
    authorization.set_sensitive(true);
    let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
        Error::Config("the user agent (with the app info) cannot be sent in a header".to_owned())
    })?;

    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, authorization);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(USER_AGENT, user_agent);
    for (name, value) in defaults {
        let (name, value) = parse_header(name, value)
            .map_err(|why| Error::Config(format!("the default header `{name}` {why}")))?;
        headers.insert(name, value);
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_headers_are_name_value_lines() {
        let text = "X-Team: radiology\r\n\nbroken line\n  X-Trace :  a:b  \n: no name\n";
        let expected = [("X-Team", "radiology"), ("X-Trace", "a:b")];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        assert_eq!(parse_custom_headers(text), expected);
    }

    #[test]
    fn a_missing_key_names_the_environment_variable() {
        match ClientBuilder::new().build() {
            Err(Error::Config(message)) => {
                assert!(message.contains(config::API_KEY_ENV), "{message}")
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn base_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_base_url("http://127.0.0.1:4010/").ok().as_deref(),
            Some("http://127.0.0.1:4010")
        );
        assert_eq!(
            parse_base_url("https://x.test/api/").ok().as_deref(),
            Some("https://x.test/api")
        );
        assert!(parse_base_url("ftp://x.test").is_err());
        assert!(parse_base_url("not a url").is_err());
        assert!(parse_base_url("https://x.test/?a=b").is_err());
    }

    #[test]
    fn bad_default_headers_are_config_errors_that_hide_the_value() {
        let result = Client::builder()
            .api_key("k")
            .default_header("X-Secret", "bad\nvalue")
            .build();
        match result {
            Err(Error::Config(message)) => {
                assert!(
                    message.contains("X-Secret") && !message.contains("bad"),
                    "{message}"
                )
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn the_authorization_header_is_marked_sensitive() {
        let client = Client::builder().api_key("k").build();
        let sensitive = client.map(|client| {
            client
                .headers()
                .get(AUTHORIZATION)
                .map(HeaderValue::is_sensitive)
        });
        assert!(matches!(sensitive, Ok(Some(true))));
    }

    #[test]
    fn the_builder_hides_the_key_in_debug_output() {
        let shown = format!("{:?}", Client::builder().api_key("sk-very-secret"));
        assert!(!shown.contains("sk-very-secret"), "{shown}");
    }
}
