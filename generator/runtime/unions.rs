//! Decoding the unions the generator emits: one member chosen by a tag property, or by shape.
//!
//! A generated union reads the value as JSON first and hands it here with its table of members.
//! A tagged union picks the member its tag names and keeps a value with an unknown tag as it was
//! received.
//!
//! A union decoded by shape first rules members out by the keys they forbid (the schema's
//! `not: {required: [key]}`): a member is out when a key it forbids is present, or when a key
//! it requires is absent while another member forbids that key (that key is then what tells
//! the two apart). When exactly one member is left, it is decoded strictly and its own error is
//! the one reported, with the path in the value: a single report missing a field says which
//! field, not that no member matched. Otherwise, among the members left, it picks the member
//! whose required properties are all present, the one with the most required properties when
//! several are, so that a member whose keys are a subset of another's never wins by accident;
//! then it decodes that member strictly, so a malformed value reports what is wrong with it
//! instead of passing as a smaller member. When no member fits, the error names each member and
//! what rules it out.
#![allow(
    dead_code,
    reason = "a schema uses only some kinds of union; the others go unused"
)]

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One member of a union decoded by shape.
pub(crate) struct Candidate<T> {
    /// The variant's name, for the error message.
    pub(crate) name: &'static str,
    /// The wire names of the member's required properties.
    pub(crate) required: &'static [&'static str],
    /// The wire names of the properties the member never has: one present rules it out.
    pub(crate) forbidden: &'static [&'static str],
    /// Decodes the value as this member.
    pub(crate) decode: fn(Value) -> Result<T, String>,
}

/// The string in `property` of an object, if there is one.
pub(crate) fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// The error for a tagged union's value without its tag.
pub(crate) fn missing_tag(property: &str) -> String {
    format!("missing the `{property}` property that says which kind of value this is")
}

/// Decodes a value as `T`; the error says where in the value decoding stopped.
pub(crate) fn decode<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let path = err.path().to_string();
        match path.as_str() {
            "." => err.into_inner().to_string(),
            _ => format!("at `{path}`: {}", err.into_inner()),
        }
    })
}

/// Decodes a value as the one member its keys leave, or else as the member, by number of
/// required properties, whose required properties it has.
pub(crate) fn decode_by_shape<T>(
    value: Value,
    union: &str,
    candidates: &[Candidate<T>],
) -> Result<T, String> {
    let Some(object) = value.as_object() else {
        return Err(format!("expected an object for `{union}`"));
    };
    let ruled_out: Vec<Option<String>> = candidates
        .iter()
        .map(|c| ruled_out(c, object, candidates))
        .collect();
    let mut left = candidates
        .iter()
        .zip(&ruled_out)
        .filter(|(_, why)| why.is_none());
    if let (Some((only, _)), None) = (left.next(), left.next()) {
        let others: Vec<String> = candidates
            .iter()
            .zip(&ruled_out)
            .filter_map(|(c, why)| Some(format!("{}: {}", c.name, why.as_ref()?)))
            .collect();
        let others = match others.as_slice() {
            [] => String::new(),
            _ => format!(" ({})", others.join("; ")),
        };
        return (only.decode)(value).map_err(|why| {
            format!(
                "the value can only be `{union}::{}`{others}, but does not decode as one: {why}",
                only.name
            )
        });
    }
    let mut order: Vec<(&Candidate<T>, &Option<String>)> =
        candidates.iter().zip(&ruled_out).collect();
    order.sort_by_key(|(c, _)| std::cmp::Reverse(c.required.len()));
    let mut reasons = Vec::new();
    for (candidate, ruled_out) in order {
        if let Some(why) = ruled_out {
            reasons.push(format!("{}: {why}", candidate.name));
            continue;
        }
        let missing: Vec<String> = candidate
            .required
            .iter()
            .filter(|key| !object.contains_key(**key))
            .map(|key| format!("`{key}`"))
            .collect();
        if missing.is_empty() {
            return (candidate.decode)(value).map_err(|why| {
                format!(
                    "the value has the required properties of `{union}::{}` but does not decode as one: {why}",
                    candidate.name
                )
            });
        }
        reasons.push(format!(
            "{}: missing {}",
            candidate.name,
            missing.join(", ")
        ));
    }
    Err(format!(
        "the value matches no member of `{union}` ({})",
        reasons.join("; ")
    ))
}

/// Why the keys of `object` rule `candidate` out, if they do: it has a key the member forbids,
/// or lacks a key the member requires and another member forbids.
fn ruled_out<T>(
    candidate: &Candidate<T>,
    object: &serde_json::Map<String, Value>,
    candidates: &[Candidate<T>],
) -> Option<String> {
    if let Some(key) = candidate
        .forbidden
        .iter()
        .find(|k| object.contains_key(**k))
    {
        return Some(format!("has `{key}`, which it must not have"));
    }
    let selector = candidate.required.iter().find(|key| {
        !object.contains_key(**key)
            && candidates
                .iter()
                .any(|other| !std::ptr::eq(other, candidate) && other.forbidden.contains(key))
    })?;
    Some(format!("missing `{selector}`"))
}

/// Serializes a member of a tagged union with its tag property added.
pub(crate) fn serialize_tagged<V: Serialize, S: Serializer>(
    value: &V,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let Value::Object(object) = &mut json {
        object.insert(property.to_owned(), Value::String(tag.to_owned()));
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Single {
        id: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct List {
        id: String,
        items: Vec<u32>,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Single(Single),
        List(List),
    }

    const CANDIDATES: &[Candidate<Either>] = &[
        Candidate {
            name: "Single",
            required: &["id"],
            forbidden: &[],
            decode: |v| decode(v).map(Either::Single),
        },
        Candidate {
            name: "List",
            required: &["id", "items"],
            forbidden: &[],
            decode: |v| decode(v).map(Either::List),
        },
    ];

    #[test]
    fn the_member_with_the_most_required_keys_present_wins() {
        let list = decode_by_shape(
            serde_json::json!({"id": "a", "items": [1]}),
            "Either",
            CANDIDATES,
        );
        assert!(matches!(list, Ok(Either::List(_))), "{list:?}");
        let single = decode_by_shape(serde_json::json!({"id": "a"}), "Either", CANDIDATES);
        assert!(matches!(single, Ok(Either::Single(_))), "{single:?}");
    }

    #[test]
    fn a_malformed_member_reports_its_own_error_and_never_passes_as_a_smaller_one() {
        let err = decode_by_shape(
            serde_json::json!({"id": "a", "items": ["x"]}),
            "Either",
            CANDIDATES,
        );
        assert_eq!(
            err.err().as_deref(),
            Some(
                "the value has the required properties of `Either::List` but does not decode as one: at `items[0]`: invalid type: string \"x\", expected u32"
            )
        );
    }

    #[test]
    fn a_value_that_fits_nothing_names_every_member() {
        let err = decode_by_shape(serde_json::json!({}), "Either", CANDIDATES);
        assert_eq!(
            err.err().as_deref(),
            Some(
                "the value matches no member of `Either` (List: missing `id`, `items`; Single: missing `id`)"
            )
        );
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Report {
        id: String,
        url: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Study {
        reports: Vec<Report>,
    }

    #[derive(Debug, PartialEq)]
    enum Lookup {
        Report(Report),
        Study(Study),
    }

    /// A report never has `reports`, so that key tells it from a study, whichever has more
    /// required keys.
    const BY_KEY: &[Candidate<Lookup>] = &[
        Candidate {
            name: "Report",
            required: &["id", "url"],
            forbidden: &["reports"],
            decode: |v| decode(v).map(Lookup::Report),
        },
        Candidate {
            name: "Study",
            required: &["reports"],
            forbidden: &[],
            decode: |v| decode(v).map(Lookup::Study),
        },
    ];

    #[test]
    fn a_forbidden_key_rules_a_member_out_even_when_it_has_more_required_keys() {
        let study = decode_by_shape(
            serde_json::json!({"reports": [], "id": "a", "url": "u"}),
            "Lookup",
            BY_KEY,
        );
        assert!(matches!(study, Ok(Lookup::Study(_))), "{study:?}");
        let report = decode_by_shape(serde_json::json!({"id": "a", "url": "u"}), "Lookup", BY_KEY);
        assert!(matches!(report, Ok(Lookup::Report(_))), "{report:?}");
    }

    #[test]
    fn a_required_key_another_member_forbids_selects_the_one_member_left_and_its_error() {
        let err = decode_by_shape(serde_json::json!({"id": "a"}), "Lookup", BY_KEY);
        assert_eq!(
            err.err().as_deref(),
            Some(
                "the value can only be `Lookup::Report` (Study: missing `reports`), but does not decode as one: missing field `url`"
            )
        );
        let err = decode_by_shape(
            serde_json::json!({"reports": [{"id": "a", "url": "u"}, {"id": "b"}]}),
            "Lookup",
            BY_KEY,
        );
        assert_eq!(
            err.err().as_deref(),
            Some(
                "the value can only be `Lookup::Study` (Report: has `reports`, which it must not have), but does not decode as one: at `reports[1]`: missing field `url`"
            )
        );
    }

    #[test]
    fn members_all_ruled_out_are_each_named_with_the_reason() {
        let both_forbid = &[
            Candidate {
                forbidden: &["reports"],
                ..BY_KEY[0]
            },
            Candidate {
                forbidden: &["id"],
                ..BY_KEY[1]
            },
        ];
        let err = decode_by_shape(
            serde_json::json!({"reports": [], "id": "a"}),
            "Lookup",
            both_forbid,
        );
        assert_eq!(
            err.err().as_deref(),
            Some(
                "the value matches no member of `Lookup` (Report: has `reports`, which it must not have; Study: has `id`, which it must not have)"
            )
        );
    }

    #[test]
    fn a_tag_is_added_when_serializing() {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        let result = serialize_tagged(&serde_json::json!({"a": 1}), "type", "x", &mut serializer);
        assert!(result.is_ok());
        assert_eq!(String::from_utf8_lossy(&out), r#"{"a":1,"type":"x"}"#);
    }
}
