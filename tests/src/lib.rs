//! Test-only package: the generator's snapshot tests, schema checks and SDK behaviour tests live
//! in `tests/`. The repository README is included below so that its Rust example is compiled as a
//! doctest and cannot drift from the SDK.
#![doc = include_str!("../../README.md")]
