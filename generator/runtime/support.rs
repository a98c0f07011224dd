//! Small types the generated code shares: the type states of request builders, the value an
//! enum keeps when it meets one it does not know, and the enum parse error.

use std::fmt;

/// The type state of a required field of a request builder that has not been set yet.
///
/// A builder with required fields has one type parameter, its state, which records for each
/// required field whether it is [`Set`] or `Unset`. Sending is only possible once every one is
/// `Set`, so forgetting a required field is a compile error rather than a failed request; the
/// compiler's message names the field when the request is sent with `.send()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unset;

/// The type state of a required field of a request builder that has been set; see [`Unset`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Set;

/// A value of a string enum that this version of the SDK does not know, kept exactly as received.
///
/// It can be read and compared, but only the SDK makes one. Code therefore cannot match on one
/// particular unknown value, which would silently stop matching once a later version of the SDK
/// knows that value and gives it a variant of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has an enum"
    )]
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

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
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has an enum"
    )]
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
