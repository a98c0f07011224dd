//! What an application's tests need to stand in for the API, behind the cargo feature
//! `test-util`.
//!
//! Enable the feature where the crate is a dev-dependency (`features = ["test-util"]` under
//! `[dev-dependencies]`), so that it stays out of release builds.
//!
//! - [`fixtures`]: a value of every model the API returns, to start a test from and change the
//!   fields the test cares about.

pub mod fixtures;
