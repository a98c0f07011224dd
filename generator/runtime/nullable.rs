//! A value that can be left out, set to `null`, or set, for fields where those three differ.
//!
//! `Option` cannot say "send `null`" and "send nothing" at once, yet PATCH bodies and some query
//! filters give the two different meanings (for example `null` unassigns, absent leaves as is).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is either left out ([`Nullable::Unset`]), explicitly `null`, or a value.
///
/// In a request body, `Unset` omits the key, `Null` sends `null` and `Value` sends the value. In a
/// query, `Unset` omits the parameter and `Null` sends it with an empty value (`key=`). In a
/// response, a missing key reads as `Unset` and `null` as `Null`.
///
/// ```
/// use ~{ lib }~::Nullable;
///
/// let keep: Nullable<String> = Nullable::Unset;
/// let clear: Nullable<String> = Nullable::Null;
/// let set: Nullable<String> = "id_1".to_owned().into();
/// let none: Nullable<String> = None.into();
/// assert!(keep.is_unset() && clear.is_null() && none.is_null());
/// assert_eq!(set.as_value().map(String::as_str), Some("id_1"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent at all; the server keeps its current value.
    #[default]
    Unset,
    /// Sent as `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Returns `true` for [`Nullable::Unset`]; serde's `skip_serializing_if` uses it.
    pub fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    /// Returns `true` for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Unset | Nullable::Null => None,
        }
    }

    /// The value, if there is one, consuming `self`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Unset | Nullable::Null => None,
        }
    }

    /// Applies `f` to the value, keeping `Unset` and `Null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` is an explicit `null`: an `Option` says "this value or none", and for a nullable field
/// none is `null`.
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

/// `Unset` serializes as `null` too; a field that may be unset must carry
/// `#[serde(default, skip_serializing_if = "Nullable::is_unset")]` so that it is left out instead.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

/// `null` reads as `Null` and any other value as `Value`; a missing key reads as `Unset` only
/// when the field has `#[serde(default)]`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        name: Nullable<String>,
    }

    #[test]
    fn the_three_states_serialize_differently() -> serde_json::Result<()> {
        let json = |name| serde_json::to_string(&Patch { name });
        assert_eq!(json(Nullable::Unset)?, "{}");
        assert_eq!(json(Nullable::Null)?, r#"{"name":null}"#);
        assert_eq!(json(Nullable::Value("x".to_owned()))?, r#"{"name":"x"}"#);
        Ok(())
    }

    #[test]
    fn the_three_states_deserialize_back() -> serde_json::Result<()> {
        let read = |text| serde_json::from_str::<Patch>(text).map(|patch| patch.name);
        assert_eq!(read("{}")?, Nullable::Unset);
        assert_eq!(read(r#"{"name":null}"#)?, Nullable::Null);
        assert_eq!(read(r#"{"name":"x"}"#)?, Nullable::Value("x".to_owned()));
        Ok(())
    }
}
