//! Small types the generated models share: the builder's `Unset` marker and the enum parse error.

use std::fmt;

/// Marks a required parameter that a builder has not been given yet.
///
/// A parameters builder has one type parameter per required field, `Unset` until its setter is
/// called. `build()` only exists once none of them is `Unset`, so forgetting a required parameter
/// is a compile error rather than a failed request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unset;

/// The error of parsing a string that is not a known value of an enum.
///
/// Deserialization never fails this way (unknown values are kept); only [`str::parse`] does, for
/// callers who want to be told about a typo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEnumError {
    type_name: &'static str,
    value: String,
}

impl ParseEnumError {
    pub(crate) fn new(type_name: &'static str, value: &str) -> Self {
        ParseEnumError {
            type_name,
            value: value.to_owned(),
        }
    }

    /// The enum that was asked for.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The string that is not one of its values.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for ParseEnumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a known {} value",
            self.value, self.type_name
        )
    }
}

impl std::error::Error for ParseEnumError {}
