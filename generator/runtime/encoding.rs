//! Turns typed parameters into the text of a URL: path segments and the query string.
//!
//! Generated operations build their path with [`build_path`] and their query with [`Query`]; both
//! percent-encode here so that no caller-supplied value can change the shape of the URL. Query
//! values come in through two traits: [`QueryScalar`] for single values (implemented by the
//! generator for each enum) and [`QueryValue`] for the containers around them (`Option`,
//! [`Nullable`](crate::Nullable), `Vec`).

use std::borrow::Cow;
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, InvalidRequestError};
use crate::nullable::Nullable;

/// Characters escaped in a query name or value: everything except RFC 3986 "unreserved".
const QUERY_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters escaped in a path parameter: everything except RFC 3986 `pchar` minus `/`.
///
/// This is the set the official SDKs use, so `/`, `?`, `#`, `%` and space are escaped and a value
/// always stays one segment.
#[allow(
    dead_code,
    reason = "generated code builds paths only if the schema has an operation"
)]
const SEGMENT_ESCAPED: &AsciiSet = &QUERY_ESCAPED
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// One piece of a path template.
#[derive(Debug, Clone, Copy)]
#[allow(
    dead_code,
    reason = "generated code builds paths only if the schema has an operation"
)]
pub(crate) enum PathPart<'a> {
    /// Fixed text from the template, copied as is.
    Literal(&'a str),
    /// A caller-supplied value, encoded as exactly one segment.
    #[allow(
        dead_code,
        reason = "generated code builds this only if the schema has a path parameter"
    )]
    Param {
        /// The parameter's wire name, used in the error when the value is rejected.
        name: &'a str,
        /// The value as given by the caller.
        value: &'a str,
    },
}

/// Joins a path template, encoding each parameter as a single segment.
///
/// An empty value, `.` or `..` is rejected: they would address a different resource than the
/// one the operation names. The error is returned rather than the request sent.
#[allow(
    dead_code,
    reason = "generated code builds paths only if the schema has an operation"
)]
pub(crate) fn build_path(parts: &[PathPart<'_>]) -> Result<String, Error> {
    let mut path = String::new();
    for part in parts {
        match *part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Param { name, value } => {
                check_segment(name, value)?;
                path.extend(utf8_percent_encode(value, SEGMENT_ESCAPED));
            }
        }
    }
    Ok(path)
}

#[allow(
    dead_code,
    reason = "generated code builds paths only if the schema has an operation"
)]
fn check_segment(name: &str, value: &str) -> Result<(), InvalidRequestError> {
    match value {
        "" => Err(InvalidRequestError::new(name, "must not be empty")),
        "." | ".." => Err(InvalidRequestError::new(
            name,
            format!("must not be `{value}`"),
        )),
        _ => Ok(()),
    }
}

/// The query parameters of one request, in the order they were pushed, not yet encoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// An empty query.
    #[allow(
        dead_code,
        reason = "generated code builds queries only if the schema has a query parameter"
    )]
    pub(crate) fn new() -> Self {
        Query::default()
    }

    /// Adds a parameter; arrays become one comma-joined value and unset values add nothing.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has a query parameter"
    )]
    pub(crate) fn push<V: QueryValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.append_to(name, self);
    }

    /// Adds a parameter; arrays become one pair per element (OpenAPI `explode: true`).
    // Not every schema has an exploded array parameter, so generated code may never call this.
    #[allow(
        dead_code,
        reason = "generated code calls this only if the schema has an exploded array query parameter"
    )]
    pub(crate) fn push_exploded<V: QueryValue + ?Sized>(&mut self, name: &str, value: &V) {
        value.append_exploded_to(name, self);
    }

    /// Adds one raw pair; the building block of the [`QueryValue`] implementations.
    pub fn append(&mut self, name: &str, value: &str) {
        self.pairs.push((name.to_owned(), value.to_owned()));
    }

    /// Replaces every pair called `name` by one pair, keeping the position of the first.
    pub(crate) fn set(&mut self, name: &str, value: &str) {
        match self.pairs.iter().position(|(key, _)| key == name) {
            Some(first) => {
                self.pairs[first].1 = value.to_owned();
                let mut index = 0;
                self.pairs.retain(|(key, _)| {
                    index += 1;
                    index - 1 == first || key != name
                });
            }
            None => self.append(name, value),
        }
    }

    /// The value of the first pair called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Returns `true` when no pair was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The encoded query string, without the leading `?`.
    pub(crate) fn encode(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.pairs {
            if !out.is_empty() {
                out.push('&');
            }
            // Writing into a String cannot fail.
            let _ = write!(
                out,
                "{}={}",
                utf8_percent_encode(name, QUERY_ESCAPED),
                utf8_percent_encode(value, QUERY_ESCAPED)
            );
        }
        out
    }
}

/// A single value that can appear in a query string.
///
/// The SDK implements it for strings, numbers, booleans and dates; every generated enum
/// implements it with its wire name.
pub trait QueryScalar {
    /// The value as it appears in the query, before percent-encoding.
    fn to_query(&self) -> Cow<'_, str>;
}

/// Anything a generated operation may put in its query: a scalar or a container of scalars.
pub trait QueryValue {
    /// Appends this value under `name`; an array becomes one comma-joined value.
    fn append_to(&self, name: &str, query: &mut Query);

    /// Appends this value under `name`; an array becomes one pair per element.
    fn append_exploded_to(&self, name: &str, query: &mut Query) {
        self.append_to(name, query);
    }
}

impl<S: QueryScalar + ?Sized> QueryValue for S {
    fn append_to(&self, name: &str, query: &mut Query) {
        query.append(name, &self.to_query());
    }
}

impl<V: QueryValue> QueryValue for Option<V> {
    fn append_to(&self, name: &str, query: &mut Query) {
        if let Some(value) = self {
            value.append_to(name, query);
        }
    }

    fn append_exploded_to(&self, name: &str, query: &mut Query) {
        if let Some(value) = self {
            value.append_exploded_to(name, query);
        }
    }
}

/// `Unset` adds nothing, `Null` adds the name with an empty value (`key=`), as the TypeScript and
/// C# SDKs do, and `Value` adds the value.
impl<V: QueryValue> QueryValue for Nullable<V> {
    fn append_to(&self, name: &str, query: &mut Query) {
        match self {
            Nullable::Unset => {}
            Nullable::Null => query.append(name, ""),
            Nullable::Value(value) => value.append_to(name, query),
        }
    }

    fn append_exploded_to(&self, name: &str, query: &mut Query) {
        match self {
            Nullable::Value(value) => value.append_exploded_to(name, query),
            other => other.append_to(name, query),
        }
    }
}

/// An empty array adds nothing, like in the official SDKs.
impl<S: QueryScalar> QueryValue for Vec<S> {
    fn append_to(&self, name: &str, query: &mut Query) {
        if self.is_empty() {
            return;
        }
        let joined: Vec<Cow<'_, str>> = self.iter().map(QueryScalar::to_query).collect();
        query.append(name, &joined.join(","));
    }

    fn append_exploded_to(&self, name: &str, query: &mut Query) {
        for value in self {
            query.append(name, &value.to_query());
        }
    }
}

impl<S: QueryScalar + ?Sized> QueryScalar for &S {
    fn to_query(&self) -> Cow<'_, str> {
        (**self).to_query()
    }
}

impl QueryScalar for str {
    fn to_query(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryScalar for String {
    fn to_query(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl QueryScalar for bool {
    fn to_query(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

/// Implements [`QueryScalar`] through `Display`, which prints numbers without decoration.
macro_rules! query_scalar_via_display {
    ($($ty:ty),*) => {$(
        impl QueryScalar for $ty {
            fn to_query(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

query_scalar_via_display!(i32, i64, u32, u64, f64);

/// Dates are sent as `YYYY-MM-DD`.
impl QueryScalar for chrono::NaiveDate {
    fn to_query(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
}

/// Timestamps are sent in RFC 3339 with a `Z` suffix.
impl QueryScalar for chrono::DateTime<chrono::Utc> {
    fn to_query(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(value: &str) -> Result<String, Error> {
        build_path(&[
            PathPart::Literal("/v1/items/"),
            PathPart::Param {
                name: "itemId",
                value,
            },
        ])
    }

    #[test]
    fn a_path_parameter_is_one_segment() {
        assert_eq!(
            param("a/b?c#d% e").ok().as_deref(),
            Some("/v1/items/a%2Fb%3Fc%23d%25%20e")
        );
        assert_eq!(
            param("x?admin=true").ok().as_deref(),
            Some("/v1/items/x%3Fadmin=true")
        );
        assert_eq!(
            param("id_1:@!$&'()*+,;=").ok().as_deref(),
            Some("/v1/items/id_1:@!$&'()*+,;=")
        );
        assert_eq!(param("é").ok().as_deref(), Some("/v1/items/%C3%A9"));
    }

    #[test]
    fn dot_segments_and_empty_values_are_rejected_with_the_parameter_name() {
        for value in ["", ".", ".."] {
            match param(value) {
                Err(Error::InvalidRequest(err)) => assert_eq!(err.name(), "itemId"),
                other => panic!("{value:?} gave {other:?}"),
            }
        }
        assert!(param("...").is_ok());
        assert!(param("%2e").is_ok_and(|path| path.ends_with("%252e")));
    }

    #[test]
    fn query_values_are_encoded_as_rfc3986_unreserved() {
        let mut query = Query::new();
        query.push("q", "CT Head, a=b&c/d");
        query.push("limit", &20u32);
        query.push("ratio", &20.5f64);
        query.push("flag", &false);
        assert_eq!(
            query.encode(),
            "q=CT%20Head%2C%20a%3Db%26c%2Fd&limit=20&ratio=20.5&flag=false"
        );
    }

    #[test]
    fn containers_follow_the_wire_conventions() {
        let mut query = Query::new();
        query.push("unset", &Nullable::<String>::Unset);
        query.push("none", &None::<String>);
        query.push("empty", &Vec::<String>::new());
        query.push("assignedTo", &Nullable::<String>::Null);
        query.push("status", &Some(vec!["sent", "accepted"]));
        query.push_exploded("tag", &Some(vec!["a", "b"]));
        query.push("id", &Nullable::Value("id_1".to_owned()));
        assert_eq!(
            query.encode(),
            "assignedTo=&status=sent%2Caccepted&tag=a&tag=b&id=id_1"
        );
    }

    #[test]
    fn dates_use_iso_formats() {
        use chrono::TimeZone;
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29);
        assert_eq!(
            date.map(|d| d.to_query().into_owned()).as_deref(),
            Some("2024-02-29")
        );
        let time = chrono::Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).single();
        assert_eq!(
            time.map(|t| t.to_query().into_owned()).as_deref(),
            Some("2024-01-02T03:04:05Z")
        );
    }

    #[test]
    fn set_replaces_in_place() {
        let mut query = Query::new();
        query.push("a", "1");
        query.push("cursor", "old");
        query.push("b", "2");
        query.push("cursor", "older");
        query.set("cursor", "new");
        query.set("c", "3");
        assert_eq!(query.encode(), "a=1&cursor=new&b=2&c=3");
        assert_eq!(query.get("cursor"), Some("new"));
    }
}
