//! Serde adapters that generated models name in `#[serde(...)]` attributes.
//!
//! This module is public only so that the attributes resolve; it is not part of the documented API.

use serde::{Deserialize, Deserializer};

/// Deserializes a field that is required but may be `null`, into an `Option`.
///
/// Serde treats a missing `Option` field as `None`. Naming this function in `deserialize_with`
/// turns that off, so a missing key is an error while `null` still reads as `None`:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct User {
///     #[serde(rename = "lastLoginAt", deserialize_with = "avara::serde_helpers::required_nullable")]
///     last_login_at: Option<String>,
/// }
///
/// let never: User = serde_json::from_str(r#"{"lastLoginAt":null}"#)?;
/// assert_eq!(never.last_login_at, None);
/// assert!(serde_json::from_str::<User>("{}").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[allow(dead_code, reason = "generated code calls this only if the schema has a required nullable field")]
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}
