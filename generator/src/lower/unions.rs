//! Unions (`oneOf` / `anyOf`, and type lists of several scalars) and what the document's shape
//! says about components: which ones the SDK sends, and which ones a tagged union carries.
//!
//! A `oneOf` or `anyOf` is one of four things:
//! - `[X, {type: 'null'}]`: X, nullable (see `Types::resolve`);
//! - a list of `required` lists beside `properties`: a rule that a request sets one of several
//!   fields (read by the operations pass);
//! - members with a `discriminator`: a union tagged by one property, which keeps an unknown tag;
//! - objects without one: a union decoded by shape, where a member may name a property it never
//!   has (`not: {required: [name]}`); scalars: a union decoded by JSON type.

use std::collections::{BTreeMap, BTreeSet};

use super::Diagnostics;
use super::docs::docs_of;
use super::naming::{self, NameSet};
use super::refs;
use super::types::{Direction, Types, is_scalar, non_null_types, referenced_key, unused_name};
use crate::error::pointer_join;
use crate::ir::{TypeRef, UnionDecoding, UnionDef, UnionVariant};
use crate::spec::{AdditionalProperties, Document, JsonType, Schema};

/// The members of a schema's `anyOf` or `oneOf`, with the keyword.
pub(super) fn members(schema: &Schema) -> Option<(&'static str, &[Schema])> {
    match (&schema.any_of, &schema.one_of) {
        (Some(members), _) => Some(("anyOf", members)),
        (None, Some(members)) => Some(("oneOf", members)),
        (None, None) => None,
    }
}

/// `{type: 'null'}`.
pub(super) fn is_null(schema: &Schema) -> bool {
    schema
        .kind
        .as_ref()
        .is_some_and(|k| k.types() == [JsonType::Null])
}

/// `[X, {type: 'null'}]`, in either order.
pub(super) fn is_nullable_pair(members: &[Schema]) -> bool {
    members.len() == 2 && members.iter().filter(|m| is_null(m)).count() == 1
}

/// Members that each only list `required` names: a rule over an object's own properties.
pub(super) fn is_rule_list(members: &[Schema]) -> bool {
    !members.is_empty()
        && members.iter().all(|m| {
            m.required.is_some()
                && m.reference.is_none()
                && m.kind.is_none()
                && m.properties.is_none()
                && members_of(m).is_none()
        })
}

fn members_of(schema: &Schema) -> Option<&[Schema]> {
    members(schema).map(|(_, m)| m)
}

impl<'a> Types<'a> {
    /// Lowers a union named `name`.
    pub(super) fn lower_union(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<UnionDef> {
        let Some((key, members)) = members(schema) else {
            return type_list_union(schema, pointer);
        };
        let at = pointer_join(pointer, key);
        let mut lowered = Vec::new();
        for (i, member) in members.iter().enumerate() {
            if is_null(member) {
                continue;
            }
            let member_at = pointer_join(&at, &i.to_string());
            let context = format!("{name}Variant{}", i + 1);
            let resolved = self.resolve(member, &member_at, &context, dir, diags)?;
            lowered.push((member, member_at, resolved.ty));
        }
        if lowered.is_empty() {
            diags.error(&at, "a union needs at least one member that is not `null`");
            return None;
        }
        let kinds: Vec<MemberKind> = lowered
            .iter()
            .map(|(member, _, ty)| self.member_kind(member, ty))
            .collect();
        if let Some(discriminator) = &schema.discriminator {
            let property = &discriminator.property_name;
            return self.tagged(
                pointer,
                property,
                &discriminator.mapping,
                &lowered,
                &kinds,
                diags,
            );
        }
        if kinds.iter().all(|k| *k == MemberKind::Object) {
            return Some(self.by_shape(&lowered, diags));
        }
        if kinds.iter().all(|k| *k == MemberKind::Scalar) {
            let types = lowered.into_iter().map(|(_, _, ty)| ty).collect();
            return scalar_union(&at, types, diags);
        }
        diags.error(
            &at,
            "the members of a union must all be objects (told apart by a `discriminator`, or by their required properties) or all scalars (`string`, `integer`, `number`, `boolean`)",
        );
        None
    }

    /// Whether a member is an object or a scalar, read from its schema (a component may not be
    /// lowered yet).
    fn member_kind(&self, member: &Schema, ty: &TypeRef) -> MemberKind {
        let schema = referenced_key(member)
            .and_then(|key| self.doc.components.schemas.get(key))
            .unwrap_or(member);
        let types = non_null_types(schema);
        let object = schema.properties.is_some()
            || schema.all_of.is_some()
            || types == [JsonType::Object] && !matches!(ty, TypeRef::Json | TypeRef::Map(_));
        match ty {
            TypeRef::Named(_) if object => MemberKind::Object,
            TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool => {
                MemberKind::Scalar
            }
            _ => MemberKind::Other,
        }
    }

    /// A union told apart by the string in `property`.
    fn tagged(
        &mut self,
        pointer: &str,
        property: &str,
        mapping: &indexmap::IndexMap<String, String>,
        members: &[(&Schema, String, TypeRef)],
        kinds: &[MemberKind],
        diags: &mut Diagnostics,
    ) -> Option<UnionDef> {
        let at = pointer_join(pointer, "discriminator");
        let mut names = NameSet::default();
        let base = self.variant_names(members);
        let mut variants = Vec::new();
        for ((member, member_at, ty), (kind, rust_name)) in
            members.iter().zip(kinds.iter().zip(base))
        {
            let Some(key) = referenced_key(member).filter(|_| *kind == MemberKind::Object) else {
                diags.error(member_at, "a member of a union with a `discriminator` must be a `$ref` to an object component");
                continue;
            };
            let mut tags: Vec<String> = mapping
                .iter()
                .filter(|(_, target)| {
                    refs::key_of::<Schema>(target).unwrap_or(target.as_str()) == key
                })
                .map(|(tag, _)| tag.clone())
                .collect();
            if tags.is_empty() {
                tags.push(key.to_owned());
            }
            self.check_tag_property(key, property, member_at, diags);
            if names.claim(&rust_name, member_at).is_err() {
                diags.error(
                    member_at,
                    format!("two members become variant `{rust_name}`"),
                );
                continue;
            }
            variants.push(UnionVariant {
                docs: vec![format!("The `{property}` is {}.", quoted_list(&tags, "or"))],
                rust_name,
                ty: ty.clone(),
                tags,
                required: Vec::new(),
                forbidden: Vec::new(),
            });
        }
        for (tag, target) in mapping {
            let key = refs::key_of::<Schema>(target).unwrap_or(target.as_str());
            if !members
                .iter()
                .any(|(m, _, _)| referenced_key(m) == Some(key))
            {
                diags.error(
                    &pointer_join(&pointer_join(&at, "mapping"), tag),
                    format!("maps `{tag}` to `{target}`, which is not a member of this union"),
                );
            }
        }
        let unknown_variant = unused_name(&names, &["Unknown", "UnknownVariant", "Unrecognized"]);
        Some(UnionDef {
            variants,
            decoding: UnionDecoding::Tagged {
                property: property.to_owned(),
                unknown_variant,
            },
        })
    }

    /// The tag property must be a required string of the member.
    fn check_tag_property(&self, key: &str, property: &str, at: &str, diags: &mut Diagnostics) {
        let Some(target) = refs::component::<Schema>(self.doc, key) else {
            return;
        };
        let mut scratch = Diagnostics::default();
        let view = self.object_view(target.item, &target.pointer, &mut scratch);
        let found = view.props.iter().find(|p| p.name == property);
        let is_string = found.is_some_and(|p| non_null_types(p.schema) == [JsonType::String]);
        if !is_string || !view.required.iter().any(|r| r == property) {
            diags.error(
                at,
                format!("`{key}` must have a required string property `{property}`, the union's discriminator"),
            );
        }
    }

    /// A union of objects, decoded by shape: by the properties the members require, and by
    /// those they forbid (`not: {required: [name]}`, whose form and place the keyword checks
    /// have seen to).
    fn by_shape(
        &mut self,
        members: &[(&Schema, String, TypeRef)],
        diags: &mut Diagnostics,
    ) -> UnionDef {
        let names = self.variant_names(members);
        let mut variants = Vec::new();
        for ((member, member_at, ty), rust_name) in members.iter().zip(names) {
            let (schema, at) =
                match referenced_key(member).and_then(|k| refs::component::<Schema>(self.doc, k)) {
                    Some(target) => (target.item, target.pointer),
                    None => (*member, member_at.clone()),
                };
            let mut scratch = Diagnostics::default();
            let view = self.object_view(schema, &at, &mut scratch);
            let forbidden = schema
                .not
                .as_ref()
                .and_then(|not| not.required.clone())
                .unwrap_or_default();
            for (i, key) in forbidden.iter().enumerate() {
                let own = view.props.iter().any(|p| p.name == *key) || view.required.contains(key);
                if own {
                    let names_at = pointer_join(&pointer_join(&at, "not"), "required");
                    diags.error(
                        &pointer_join(&names_at, &i.to_string()),
                        format!("`not` forbids `{key}`, which this schema itself declares or requires; take `{key}` out of the schema or out of `not`"),
                    );
                }
            }
            let required = view.required;
            let docs = docs_of(member.description.as_deref());
            let without = match forbidden.as_slice() {
                [] => String::new(),
                keys => format!(", and without {}", quoted_list(keys, "or")),
            };
            variants.push(UnionVariant {
                docs: if docs.is_empty() {
                    vec![format!(
                        "A body with {}{without}.",
                        quoted_list(&required, "and")
                    )]
                } else {
                    docs
                },
                rust_name,
                ty: ty.clone(),
                tags: Vec::new(),
                required,
                forbidden,
            });
        }
        UnionDef {
            variants,
            decoding: UnionDecoding::Shape,
        }
    }

    /// Variant names from the members' types: component names without the suffix they all
    /// share (`StudyAccessRequestedEvent` → `StudyAccessRequested` when every member ends in
    /// `Event`), inline members by position.
    fn variant_names(&self, members: &[(&Schema, String, TypeRef)]) -> Vec<String> {
        let full: Vec<String> = members
            .iter()
            .enumerate()
            .map(|(i, (member, _, ty))| match (ty, &member.title) {
                (_, Some(title)) => naming::pascal(title),
                (TypeRef::Named(id), None) if member.reference.is_some() => {
                    self.name(*id).to_owned()
                }
                _ => format!("Variant{}", i + 1),
            })
            .collect();
        strip_common_suffix(full)
    }
}

/// What kind of value a union member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberKind {
    Object,
    Scalar,
    Other,
}

/// `type: [string, integer]`: a union of the listed scalar types.
fn type_list_union(schema: &Schema, pointer: &str) -> Option<UnionDef> {
    let types = non_null_types(schema)
        .into_iter()
        .filter(|t| is_scalar(*t))
        .map(|t| match t {
            JsonType::String => TypeRef::String,
            JsonType::Integer => TypeRef::Integer(crate::ir::IntWidth::I64),
            JsonType::Number => TypeRef::Number(crate::ir::FloatWidth::F64),
            _ => TypeRef::Bool,
        })
        .collect();
    scalar_union(
        &pointer_join(pointer, "type"),
        types,
        &mut Diagnostics::default(),
    )
}

/// A union of scalar types, one variant per JSON type; integers are tried before numbers.
fn scalar_union(at: &str, types: Vec<TypeRef>, diags: &mut Diagnostics) -> Option<UnionDef> {
    let rank = |ty: &TypeRef| match ty {
        TypeRef::Bool => 0,
        TypeRef::Integer(_) => 1,
        TypeRef::Number(_) => 2,
        _ => 3,
    };
    let mut sorted = types;
    sorted.sort_by_key(rank);
    let mut variants: Vec<UnionVariant> = Vec::new();
    for ty in sorted {
        let (rust_name, doc) = match ty {
            TypeRef::Bool => ("Bool", "A boolean."),
            TypeRef::Integer(_) => ("Integer", "An integer."),
            TypeRef::Number(_) => ("Number", "A number."),
            _ => ("String", "A string."),
        };
        if variants.iter().any(|v| v.rust_name == rust_name) {
            diags.error(at, format!("two members of this union are both JSON {}s; a union of scalars needs one member per JSON type", rust_name.to_lowercase()));
            return None;
        }
        variants.push(UnionVariant {
            rust_name: rust_name.to_owned(),
            docs: vec![doc.to_owned()],
            ty,
            tags: Vec::new(),
            required: Vec::new(),
            forbidden: Vec::new(),
        });
    }
    Some(UnionDef {
        variants,
        decoding: UnionDecoding::Scalar,
    })
}

/// Drops the last PascalCase words all names share, as long as every name keeps at least one
/// word and the names stay distinct.
fn strip_common_suffix(names: Vec<String>) -> Vec<String> {
    if names.len() < 2 {
        return names;
    }
    let words: Vec<Vec<&str>> = names.iter().map(|n| pascal_words(n)).collect();
    let mut shared = 0;
    loop {
        let next = shared + 1;
        let candidate = words.iter().all(|w| w.len() > next)
            && words
                .iter()
                .all(|w| w[w.len() - next] == words[0][words[0].len() - next]);
        if !candidate {
            break;
        }
        shared = next;
    }
    if shared == 0 {
        return names;
    }
    let stripped: Vec<String> = words
        .iter()
        .map(|w| w[..w.len() - shared].concat())
        .collect();
    let distinct: BTreeSet<&String> = stripped.iter().collect();
    if distinct.len() == stripped.len() {
        stripped
    } else {
        names
    }
}

/// `StudyAccessRequestedEvent` → `["Study", "Access", "Requested", "Event"]`.
fn pascal_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

/// `a`, `` `a` or `b` `` (or `and`), for docs.
fn quoted_list(items: &[String], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("`{t}`")).collect();
    match quoted.as_slice() {
        [] => "none".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

/// The components reachable from what the SDK sends or the application builds: operation
/// parameters and request bodies, and the answers webhooks expect. They are lowered as
/// [`Direction::Request`], so that callers can build them.
pub(super) fn sent_components(doc: &Document) -> BTreeSet<String> {
    let mut roots: Vec<&Schema> = Vec::new();
    for item in doc.paths.values() {
        let params = item
            .parameters
            .iter()
            .chain(item.operations().flat_map(|(_, op)| op.parameters.iter()));
        for param in params {
            let param = match param
                .reference
                .as_deref()
                .and_then(refs::key_of::<crate::spec::Parameter>)
            {
                Some(key) => doc.components.parameters.get(key).unwrap_or(param),
                None => param,
            };
            roots.extend(param.schema.as_ref());
        }
        for (_, op) in item.operations() {
            let Some(body) = &op.request_body else {
                continue;
            };
            let body = match body
                .reference
                .as_deref()
                .and_then(refs::key_of::<crate::spec::RequestBody>)
            {
                Some(key) => doc.components.request_bodies.get(key).unwrap_or(body),
                None => body,
            };
            roots.extend(body.content.values().filter_map(|m| m.schema.as_ref()));
        }
    }
    for item in doc.webhooks.values() {
        for (_, op) in item.operations() {
            let answers = op
                .responses
                .iter()
                .filter(|(code, _)| code.starts_with('2'));
            for (_, response) in answers {
                roots.extend(response.content.values().filter_map(|m| m.schema.as_ref()));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for root in roots {
        reach(doc, root, &mut seen);
    }
    seen
}

/// The components reachable from what the SDK receives: 2xx responses and webhook bodies.
pub(super) fn received_components(doc: &Document) -> BTreeSet<String> {
    let mut roots: Vec<&Schema> = Vec::new();
    for item in doc.paths.values() {
        for (_, op) in item.operations() {
            for (code, response) in &op.responses {
                if !code.starts_with('2') {
                    continue;
                }
                let response = match response
                    .reference
                    .as_deref()
                    .and_then(refs::key_of::<crate::spec::Response>)
                {
                    Some(key) => doc.components.responses.get(key).unwrap_or(response),
                    None => response,
                };
                roots.extend(response.content.values().filter_map(|m| m.schema.as_ref()));
            }
        }
    }
    for item in doc.webhooks.values() {
        for (_, op) in item.operations() {
            let Some(body) = &op.request_body else {
                continue;
            };
            roots.extend(body.content.values().filter_map(|m| m.schema.as_ref()));
        }
    }
    let mut seen = BTreeSet::new();
    for root in roots {
        reach(doc, root, &mut seen);
    }
    seen
}

/// Adds every component `schema` refers to, directly or through other components.
fn reach(doc: &Document, schema: &Schema, seen: &mut BTreeSet<String>) {
    if let Some(key) = referenced_key(schema) {
        if seen.insert(key.to_owned()) {
            if let Some(target) = doc.components.schemas.get(key) {
                reach(doc, target, seen);
            }
        }
    }
    let children = schema
        .properties
        .iter()
        .flat_map(|p| p.values())
        .chain(schema.items.as_deref())
        .chain(schema.property_names.as_deref())
        .chain(match &schema.additional_properties {
            Some(AdditionalProperties::Schema(s)) => Some(s.as_ref()),
            _ => None,
        })
        .chain(schema.all_of.iter().flatten())
        .chain(schema.any_of.iter().flatten())
        .chain(schema.one_of.iter().flatten());
    for child in children {
        reach(doc, child, seen);
    }
}

/// Member components of tagged unions, with the tag property the union carries for them.
pub(super) fn tagged_members(doc: &Document) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for schema in doc.components.schemas.values() {
        let (Some(discriminator), Some(members)) = (&schema.discriminator, members_of(schema))
        else {
            continue;
        };
        for member in members {
            if let Some(key) = referenced_key(member) {
                out.insert(key.to_owned(), discriminator.property_name.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_lose_the_suffix_every_member_shares() {
        let names =
            |list: &[&str]| strip_common_suffix(list.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            names(&["StudyAccessRequestedEvent", "ReportDeliveredEvent"]),
            ["StudyAccessRequested", "ReportDelivered"]
        );
        assert_eq!(
            names(&["StudyReportPdfs", "ReportPdf"]),
            ["StudyReportPdfs", "ReportPdf"]
        );
        assert_eq!(names(&["Event", "OtherEvent"]), ["Event", "OtherEvent"]);
        assert_eq!(names(&["AEvent", "AEvent2"]), ["AEvent", "AEvent2"]);
    }
}
