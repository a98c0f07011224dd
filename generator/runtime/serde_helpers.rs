//! Serde adapters that generated models name in attributes such as
//! `#[serde(deserialize_with = "crate::serde_helpers::required_nullable")]`.

use serde::{Deserialize, Deserializer};

/// Deserializes a field that is required but may be `null`, into an `Option`.
///
/// Serde treats a missing `Option` field as `None`. Naming this function in `deserialize_with`
/// turns that off, so a missing key is an error while `null` still reads as `None`.
#[allow(
    dead_code,
    reason = "generated code calls this only if the schema has a required nullable field"
)]
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct User {
        #[serde(rename = "lastLoginAt", deserialize_with = "super::required_nullable")]
        last_login_at: Option<String>,
    }

    #[test]
    fn null_reads_as_none_and_a_missing_key_is_an_error() {
        let never: User =
            serde_json::from_str(r#"{"lastLoginAt":null}"#).expect("null is accepted");
        assert_eq!(never.last_login_at, None);
        let once: User = serde_json::from_str(r#"{"lastLoginAt":"2024-01-01T00:00:00Z"}"#)
            .expect("a value is accepted");
        assert_eq!(once.last_login_at.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert!(serde_json::from_str::<User>("{}").is_err());
    }
}
