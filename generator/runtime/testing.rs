//! What an application's tests need to stand in for the API, behind the cargo feature
//! `test-util`.
//!
//! Enable the feature where the crate is a dev-dependency (`features = ["test-util"]` under
//! `[dev-dependencies]`), so that it stays out of release builds.
//!
//! - [`MockTransport`]: answers a [`Client`](crate::Client) built with
//!   [`ClientBuilder::mock_transport`](crate::ClientBuilder::mock_transport) from a script, by
//!   operation or by method and path, and records the requests it saw; the SDK's validation,
//!   retries, decoding and error mapping run as they would against the API;
//! - [`status_error`], [`timeout_error`], [`connection_error`] and [`decode_error`]: every error
//!   an application matches on, for code that takes a `Result` from elsewhere;
//! - [`fixtures`]: a value of every model the API returns, to start a test from and change the
//!   fields the test cares about.
//!
//! Set [`ClientBuilder::retry_backoff`](crate::ClientBuilder::retry_backoff) to zero in tests
//! that script retries, so that they do not wait for the back-off.

pub mod fixtures;

pub use crate::mock::{
    MockResponse, MockTransport, RecordedRequest, connection_error, decode_error, status_error,
    timeout_error,
};
