//! Sensitivity: which values the SDK keeps out of `Debug` output (`x-sensitive`).
//!
//! A property is sensitive when its own schema says `x-sensitive: true`, or when what it is made
//! of does: a component it refers to, a member of its nullable form, its array items or its map
//! values. The nesting matters because a list of presigned URLs is marked on its items (each one
//! a `SecretUrl`), and a component such as a patient identifier can be marked once for every
//! property that uses it. An object's own sensitive properties are not followed: the object's
//! `Debug` already redacts them.

use super::refs;
use crate::ir::Sensitivity;
use crate::spec::{AdditionalProperties, Document, Schema};

/// How many references deep the search goes, so that a cycle of references ends.
const MAX_DEPTH: usize = 8;

/// Whether the value of `schema` is kept out of `Debug` output.
pub(super) fn sensitivity(doc: &Document, schema: &Schema) -> Sensitivity {
    if is_sensitive(doc, schema, 0) {
        Sensitivity::Sensitive
    } else {
        Sensitivity::Plain
    }
}

/// Whether `schema` is a URL that grants access: a `format: uri` string marked `x-sensitive`.
pub(super) fn is_secret_url(schema: &Schema) -> bool {
    schema.format.as_deref() == Some("uri") && schema.sensitive == Some(true)
}

fn is_sensitive(doc: &Document, schema: &Schema, depth: usize) -> bool {
    if schema.sensitive == Some(true) {
        return true;
    }
    if depth >= MAX_DEPTH {
        return false;
    }
    let referenced = schema
        .reference
        .as_deref()
        .and_then(refs::key_of::<Schema>)
        .and_then(|key| doc.components.schemas.get(key));
    let members = [&schema.any_of, &schema.one_of, &schema.all_of]
        .into_iter()
        .flatten()
        .flatten();
    let values = match &schema.additional_properties {
        Some(AdditionalProperties::Schema(values)) => Some(values.as_ref()),
        _ => None,
    };
    referenced
        .into_iter()
        .chain(members)
        .chain(schema.items.as_deref())
        .chain(values)
        .any(|inner| is_sensitive(doc, inner, depth + 1))
}
