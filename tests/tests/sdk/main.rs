//! Behaviour tests of the generated `avara` crate against a local mock server (127.0.0.1 only).
//!
//! Each test checks one behaviour of the SDK runtime through the real generated API: retries,
//! timeouts, errors, pagination, what goes on the wire, and request validation. Everything lives
//! in one test binary so that the mock server and the crate are linked once.

mod client;
mod common;
mod errors;
mod logging;
mod pagination;
mod retries;
mod safety;
mod surface;
mod testkit;
mod validation;
mod wire;
