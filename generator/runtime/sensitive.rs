//! Keeping sensitive values out of `Debug` output: [`SecretUrl`] for URLs that grant access, and
//! the placeholder the models' `Debug` shows in place of personal and clinical data.
//!
//! A value is sensitive when the API description marks it `x-sensitive`. Applications log what
//! they `Debug`-print, and in a hospital's logs a patient's name, a report's text or a presigned
//! link to a study's images is a breach; so the SDK's types never print them, and reading one is
//! always an explicit call.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::nullable::Nullable;

/// A URL that grants access to what it points at, such as a viewer session's tokenized link or a
/// presigned download URL: whoever holds it can open it.
///
/// `Debug` and `Display` show `<redacted>` instead of the URL, so a logged response or a
/// formatted error does not hand it out; [`expose_url`](Self::expose_url) gives the URL itself,
/// for the one place that opens or forwards it. On the wire it is the plain string.
///
/// ```
/// use ~{ lib }~::SecretUrl;
///
/// let url = SecretUrl::from("https://viewer.example/session?token=abc");
/// assert_eq!(format!("{url:?}"), "SecretUrl(<redacted>)");
/// assert_eq!(url.to_string(), "<redacted>");
/// assert_eq!(url.expose_url(), "https://viewer.example/session?token=abc");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretUrl(String);

impl SecretUrl {
    /// Wraps `url`; it is not parsed or checked (the API checks the URLs it is sent).
    pub fn new(url: impl Into<String>) -> Self {
        Self(url.into())
    }

    /// The URL itself. Whoever it is shown to can use it: pass it on, never log it.
    pub fn expose_url(&self) -> &str {
        &self.0
    }

    /// The URL itself, as an owned string; see [`expose_url`](Self::expose_url).
    pub fn into_exposed_url(self) -> String {
        self.0
    }
}

impl From<String> for SecretUrl {
    fn from(url: String) -> Self {
        Self(url)
    }
}

impl From<&str> for SecretUrl {
    fn from(url: &str) -> Self {
        Self(url.to_owned())
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SecretUrl").field(&Redacted).finish()
    }
}

/// Shows `<redacted>`; use [`SecretUrl::expose_url`] for the URL.
impl fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Redacted, f)
    }
}

/// What the models' `Debug` shows in place of a sensitive value: `<redacted>`.
#[allow(
    dead_code,
    reason = "generated code redacts only if the schema marks a value sensitive"
)]
pub(crate) struct Redacted;

#[allow(
    dead_code,
    reason = "generated code redacts only the presences its schema's sensitive fields have"
)]
impl Redacted {
    /// An optional sensitive value: `None`, or `Some(<redacted>)`.
    pub(crate) fn option<T>(value: &Option<T>) -> Option<Redacted> {
        value.as_ref().map(|_| Redacted)
    }

    /// A sensitive value that may be left out or `null`: `Unset`, `Null` or `Value(<redacted>)`.
    pub(crate) fn nullable<T>(value: &Nullable<T>) -> Nullable<Redacted> {
        match value {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(_) => Nullable::Value(Redacted),
        }
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_url_is_the_plain_string_on_the_wire() {
        let url: SecretUrl =
            serde_json::from_str("\"https://files.example/a.pdf?sig=1\"").expect("decodes");
        assert_eq!(url.expose_url(), "https://files.example/a.pdf?sig=1");
        assert_eq!(
            serde_json::to_string(&url).expect("encodes"),
            "\"https://files.example/a.pdf?sig=1\""
        );
        assert!(!format!("{url:?} {url}").contains("files.example"));
    }

    #[test]
    fn redacted_values_keep_their_presence() {
        assert_eq!(
            format!("{:?}", Redacted::option(&Some(1))),
            "Some(<redacted>)"
        );
        assert_eq!(format!("{:?}", Redacted::option::<u8>(&None)), "None");
        assert_eq!(
            format!("{:?}", Redacted::nullable(&Nullable::Value(1))),
            "Value(<redacted>)"
        );
        assert_eq!(
            format!("{:?}", Redacted::nullable::<u8>(&Nullable::Null)),
            "Null"
        );
    }
}
