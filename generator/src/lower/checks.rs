//! Keyword checks that hold wherever a schema appears: component, parameter, body, response or
//! webhook.
//!
//! Lowering proper reads only the keywords that apply where it looks. This pass visits every
//! schema node of the document once and reports, at the keyword's own place, what would
//! otherwise be ignored: keywords beside a `$ref` or a nullable union, a `discriminator` without
//! a union, keywords that cannot apply to the declared `type`, formats outside the supported
//! list, `uniqueItems: true`, limits that no value can meet, and `not` in any form or place but
//! `not: {required: [name]}` on an object member of a union decoded by shape.

use std::collections::BTreeSet;

use super::Diagnostics;
use super::unions;
use crate::error::escape_pointer_segment;
use crate::spec::{AdditionalProperties, Document, JsonType, MediaType, Schema};

/// Keywords that only document a value, or say which side sees it; they may stand beside anything.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Supported `format` values by type. String formats other than `date-time` and `date` leave
/// the value a string; they document it.
const FORMATS: &[(&str, &[&str])] = &[
    (
        "string",
        &[
            "date-time",
            "date",
            "time",
            "duration",
            "uuid",
            "email",
            "idn-email",
            "uri",
            "uri-reference",
            "uri-template",
            "iri",
            "iri-reference",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "json-pointer",
            "relative-json-pointer",
            "regex",
            "password",
            "byte",
        ],
    ),
    ("integer", &["int32", "int64"]),
    ("number", &["float", "double"]),
];

/// `not` anywhere but on a member of a union decoded by shape.
const NOT_A_MEMBER: &str = "`not: {required: [...]}` is supported only on an object that is a member of a union decoded by shape (a `oneOf` or `anyOf` of objects without a `discriminator`), where it names a property that tells the member from the others; this schema is not one";

/// Checks the keywords of every schema in the document.
pub(super) fn check(doc: &Document, diags: &mut Diagnostics) {
    let mut check = Check {
        path: Vec::new(),
        diags,
        shape_members: BTreeSet::new(),
        negated_components: Vec::new(),
    };
    for (root, schema) in schema_roots(doc) {
        check.path = root;
        check.schema(schema, Place::Other);
    }
    // A component is a member of a union wherever a union refers to it, which may come later in
    // the document than the component itself.
    for (path, key) in std::mem::take(&mut check.negated_components) {
        if !check.shape_members.contains(&key) {
            check.path = path;
            check.error("not", NOT_A_MEMBER.into());
        }
    }
}

/// A walk over schemas that knows where it is and builds a pointer only to report a problem.
struct Check<'d> {
    path: Vec<String>,
    diags: &'d mut Diagnostics,
    /// Components referenced as members of a union decoded by shape.
    shape_members: BTreeSet<String>,
    /// Object components with a well-formed `not`, by path and key: allowed once the walk knows
    /// a union decoded by shape refers to them.
    negated_components: Vec<(Vec<String>, String)>,
}

/// Where a schema sits, as far as the checks need to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Anywhere that gives the schema no rule of its own.
    Other,
    /// Under `propertyNames`: a string unless it says otherwise.
    PropertyNames,
    /// An inline member of a union decoded by shape (a `oneOf` or `anyOf` without a
    /// `discriminator`).
    ShapeMember,
}

impl Check<'_> {
    fn error(&mut self, key: &str, message: String) {
        let mut pointer = String::new();
        for segment in self.path.iter().map(String::as_str).chain([key]) {
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(segment));
        }
        self.diags.error(&pointer, message);
    }

    fn within(&mut self, segments: &[&str], schema: &Schema, place: Place) {
        let depth = self.path.len();
        self.path.extend(segments.iter().map(|s| (*s).to_owned()));
        self.schema(schema, place);
        self.path.truncate(depth);
    }

    /// Checks one schema node and its subschemas; `place` says what its place implies (the type
    /// `propertyNames` have when they declare none, whether a `not` may stand there).
    fn schema(&mut self, schema: &Schema, place: Place) {
        if schema.unique_items == Some(true) {
            self.error("uniqueItems", "`uniqueItems: true` is not supported: the SDK would neither check nor keep it; remove it and state the rule in `description`".into());
        }
        let present = keywords_present(schema);
        if schema.reference.is_some() {
            return self.beside("$ref", "move it into the referenced schema", &present);
        }
        if schema.discriminator.is_some() && unions::members(schema).is_none() {
            self.error("discriminator", "a `discriminator` tells the members of a `oneOf` or `anyOf` apart; this schema has neither".into());
        }
        if let Some((key, members)) = unions::members(schema) {
            if unions::is_nullable_pair(members) {
                self.beside(key, "move it into the non-null alternative", &present);
                return self.members(key, members, Place::Other);
            }
            if !unions::is_rule_list(members) {
                self.beside_union(key, &present);
                if schema.discriminator.is_some() {
                    return self.members(key, members, Place::Other);
                }
                let referenced = members.iter().filter_map(super::types::referenced_key);
                self.shape_members.extend(referenced.map(str::to_owned));
                return self.members(key, members, Place::ShapeMember);
            }
        }
        let implied = (place == Place::PropertyNames).then_some("string");
        let types = declared_types(schema, implied);
        for key in &present {
            if let Some(message) = misplaced(key, schema, types.as_deref()) {
                self.error(key, message);
            }
        }
        for (key, message) in contradictions(schema) {
            self.error(key, message);
        }
        if let Some(not) = &schema.not {
            self.negation(not, place, types.as_deref().unwrap_or_default());
        }
        self.children(schema);
    }

    /// `not` is read in one form, `not: {required: [name]}`, and in one place: an object member
    /// of a union decoded by shape, inline or as a component such a union refers to (checked
    /// when the walk is over). `properties` beside `required` that only annotate the name
    /// (`{name: {description: ...}}`) change nothing, and are accepted for linters that want
    /// every required name defined and described.
    fn negation(&mut self, not: &Schema, place: Place, types: &[String]) {
        let names = not.required.as_deref().unwrap_or_default();
        let neutral = not.properties.iter().flatten().all(|(name, schema)| {
            names.contains(name)
                && keywords_present(schema)
                    .iter()
                    .all(|k| ANNOTATIONS.contains(k))
        });
        let mut found: Vec<String> = keywords_present(not)
            .into_iter()
            .filter(|k| !matches!(*k, "required" | "properties"))
            .map(|k| format!("`{k}`"))
            .collect();
        if !neutral {
            found.push("`properties` that do more than describe the required name".to_owned());
        }
        if not.required.is_none() || !found.is_empty() {
            let found = match found.as_slice() {
                [] => "this one has no `required`".to_owned(),
                _ => format!("this one has {}", found.join(", ")),
            };
            let message = format!(
                "`not` is supported only as `not: {{required: [name]}}`, naming a property that a member of a union decoded by shape never has (any other negated schema has no Rust type); {found}"
            );
            return self.error("not", message);
        }
        if names.len() != 1 {
            return self.error("not", "`not: {required: [...]}` must name exactly one property: with several it forbids only having all of them at once, and with none it forbids every value; keep the one property that tells this member from the others".into());
        }
        let object = types.iter().any(|t| t == "object");
        let component = match self.path.as_slice() {
            [components, schemas, key] if components == "components" && schemas == "schemas" => {
                Some(key.clone())
            }
            _ => None,
        };
        match (object, place, component) {
            (true, Place::ShapeMember, _) => {}
            (true, _, Some(key)) => self.negated_components.push((self.path.clone(), key)),
            _ => self.error("not", NOT_A_MEMBER.into()),
        }
    }

    /// A `$ref` or a nullable union stands for another schema: only annotations may sit beside it.
    fn beside(&mut self, wrapper: &str, hint: &str, present: &[&'static str]) {
        for key in present {
            if *key != wrapper && !ANNOTATIONS.contains(key) {
                self.error(
                    key,
                    format!("`{key}` beside `{wrapper}` would be ignored; {hint}"),
                );
            }
        }
    }

    /// A union: its members, a discriminator and annotations; a `type` must say what the members
    /// are.
    fn beside_union(&mut self, wrapper: &str, present: &[&'static str]) {
        for key in present {
            let allowed = *key == wrapper
                || ANNOTATIONS.contains(key)
                || matches!(*key, "discriminator" | "type");
            if !allowed {
                self.error(
                    key,
                    format!("`{key}` beside the union `{wrapper}` would be ignored; move it into the members"),
                );
            }
        }
    }

    fn members(&mut self, key: &str, members: &[Schema], place: Place) {
        for (i, member) in members.iter().enumerate() {
            self.within(&[key, &i.to_string()], member, place);
        }
    }

    fn children(&mut self, schema: &Schema) {
        for (name, property) in schema.properties.iter().flatten() {
            self.within(&["properties", name], property, Place::Other);
        }
        if let Some(items) = &schema.items {
            self.within(&["items"], items, Place::Other);
        }
        if let Some(AdditionalProperties::Schema(values)) = &schema.additional_properties {
            self.within(&["additionalProperties"], values, Place::Other);
        }
        if let Some(names) = &schema.property_names {
            self.within(&["propertyNames"], names, Place::PropertyNames);
        }
        for (i, member) in schema.all_of.iter().flatten().enumerate() {
            self.within(&["allOf", &i.to_string()], member, Place::Other);
        }
        // The members of a rule list (`anyOf: [{required: [a]}, ...]`) name properties of this
        // schema; they are no schemas of their own to check, and a `not` among them is no member's.
        let Some((key, members)) = unions::members(schema).filter(|(_, m)| unions::is_rule_list(m))
        else {
            return;
        };
        for (i, member) in members.iter().enumerate() {
            if member.not.is_some() {
                let depth = self.path.len();
                self.path.extend([key.to_owned(), i.to_string()]);
                self.error("not", NOT_A_MEMBER.into());
                self.path.truncate(depth);
            }
        }
    }
}

/// Every place a schema can start, as pointer segments, in document order.
fn schema_roots(doc: &Document) -> Vec<(Vec<String>, &Schema)> {
    let mut roots = Vec::new();
    let seg = |parts: &[&str]| parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
    for (section, items) in [("paths", &doc.paths), ("webhooks", &doc.webhooks)] {
        for (path, item) in items {
            for (i, p) in item.parameters.iter().enumerate() {
                let at = seg(&[section, path, "parameters", &i.to_string(), "schema"]);
                roots.extend(p.schema.as_ref().map(|s| (at, s)));
            }
            for (method, op) in item.operations() {
                for (i, p) in op.parameters.iter().enumerate() {
                    let at = seg(&[
                        section,
                        path,
                        method,
                        "parameters",
                        &i.to_string(),
                        "schema",
                    ]);
                    roots.extend(p.schema.as_ref().map(|s| (at, s)));
                }
                if let Some(body) = &op.request_body {
                    let at = seg(&[section, path, method, "requestBody"]);
                    roots.extend(content_schemas(&at, &body.content));
                }
                for (code, response) in &op.responses {
                    let at = seg(&[section, path, method, "responses", code]);
                    roots.extend(content_schemas(&at, &response.content));
                }
            }
        }
    }
    let components = &doc.components;
    for (key, p) in &components.parameters {
        let at = seg(&["components", "parameters", key, "schema"]);
        roots.extend(p.schema.as_ref().map(|s| (at, s)));
    }
    for (key, body) in &components.request_bodies {
        let at = seg(&["components", "requestBodies", key]);
        roots.extend(content_schemas(&at, &body.content));
    }
    for (key, response) in &components.responses {
        let at = seg(&["components", "responses", key]);
        roots.extend(content_schemas(&at, &response.content));
    }
    for (key, schema) in &components.schemas {
        roots.push((seg(&["components", "schemas", key]), schema));
    }
    roots
}

fn content_schemas<'a>(
    at: &[String],
    content: &'a indexmap::IndexMap<String, MediaType>,
) -> Vec<(Vec<String>, &'a Schema)> {
    content
        .iter()
        .filter_map(|(media, m)| {
            let mut path = at.to_vec();
            path.extend(["content".to_owned(), media.clone(), "schema".to_owned()]);
            m.schema.as_ref().map(|s| (path, s))
        })
        .collect()
}

/// The keywords a schema sets, by their names in the file.
pub(super) fn keywords_present(s: &Schema) -> Vec<&'static str> {
    let flags = [
        ("$ref", s.reference.is_some()),
        ("type", s.kind.is_some()),
        ("title", s.title.is_some()),
        ("description", s.description.is_some()),
        ("format", s.format.is_some()),
        ("enum", s.enumeration.is_some()),
        ("const", s.constant.is_some()),
        ("properties", s.properties.is_some()),
        ("required", s.required.is_some()),
        ("additionalProperties", s.additional_properties.is_some()),
        ("propertyNames", s.property_names.is_some()),
        ("minProperties", s.min_properties.is_some()),
        ("maxProperties", s.max_properties.is_some()),
        ("items", s.items.is_some()),
        ("minItems", s.min_items.is_some()),
        ("maxItems", s.max_items.is_some()),
        ("uniqueItems", s.unique_items.is_some()),
        ("minLength", s.min_length.is_some()),
        ("maxLength", s.max_length.is_some()),
        ("pattern", s.pattern.is_some()),
        ("minimum", s.minimum.is_some()),
        ("maximum", s.maximum.is_some()),
        ("exclusiveMinimum", s.exclusive_minimum.is_some()),
        ("exclusiveMaximum", s.exclusive_maximum.is_some()),
        ("default", s.default.is_some()),
        ("examples", s.examples.is_some()),
        ("example", s.example.is_some()),
        ("deprecated", s.deprecated.is_some()),
        ("readOnly", s.read_only.is_some()),
        ("writeOnly", s.write_only.is_some()),
        ("allOf", s.all_of.is_some()),
        ("anyOf", s.any_of.is_some()),
        ("oneOf", s.one_of.is_some()),
        ("discriminator", s.discriminator.is_some()),
        ("not", s.not.is_some()),
        ("x-enum-descriptions", s.enum_descriptions.is_some()),
    ];
    flags
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(key, _)| key)
        .collect()
}

/// The JSON types a schema admits besides `null`: from `type`, from `properties` or `allOf`, or
/// from its place; empty when untyped. (`Option` for the callers that cannot tell the type.)
pub(super) fn declared_types(schema: &Schema, implied: Option<&str>) -> Option<Vec<String>> {
    let names: Vec<String> = match &schema.kind {
        Some(set) => set
            .types()
            .iter()
            .filter(|t| **t != JsonType::Null)
            .map(|t| t.name().to_owned())
            .collect(),
        None if schema.properties.is_some() || schema.all_of.is_some() => vec!["object".into()],
        None => implied.map(str::to_owned).into_iter().collect(),
    };
    Some(names)
}

/// The type a keyword applies to, for keywords that apply to one kind of value.
pub(super) fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "enum" | "const" | "x-enum-descriptions" => {
            "string"
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => "integer",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "propertyNames"
        | "minProperties"
        | "maxProperties" => "object",
        _ => return None,
    })
}

/// Whether keyword `key` applies to a value of one of `types`.
pub(super) fn applies(key: &str, types: &[String]) -> bool {
    match keyword_type(key) {
        Some("integer") => types.iter().any(|t| t == "integer" || t == "number"),
        Some(wanted) => types.iter().any(|t| t == wanted),
        None => true,
    }
}

/// Why keyword `key` is out of place in `schema` (typed `types`), if it is.
fn misplaced(key: &str, schema: &Schema, types: Option<&[String]>) -> Option<String> {
    let types = types?;
    if key == "format" {
        return misplaced_format(schema.format.as_deref().unwrap_or_default(), types);
    }
    if key == "x-enum-descriptions" && schema.enumeration.is_none() {
        return Some("`x-enum-descriptions` describes enum values, but this schema has no `enum`; add the `enum` or remove the descriptions".into());
    }
    let wanted = keyword_type(key)?;
    if applies(key, types) {
        return None;
    }
    let wanted = if wanted == "integer" {
        "integer or number"
    } else {
        wanted
    };
    Some(match (types.first(), key) {
        (None, _) => format!(
            "`{key}` needs a type: add `type: {}`",
            wanted.split(' ').next().unwrap_or(wanted)
        ),
        (Some(t), "enum") => format!(
            "`enum` is supported on strings only, and this schema is `{t}`; remove `enum` and list the values in `description`"
        ),
        (Some(t), _) => format!(
            "`{key}` applies to {wanted} values, but this schema is `{t}`; remove it or change `type`"
        ),
    })
}

fn misplaced_format(format: &str, types: &[String]) -> Option<String> {
    let Some(t) = types.first() else {
        return Some("`format` needs a type: add `type: string`".into());
    };
    let supported = FORMATS
        .iter()
        .find(|(name, _)| name == t)
        .map(|(_, formats)| *formats)
        .unwrap_or_default();
    if supported.contains(&format) {
        return None;
    }
    if supported.is_empty() {
        return Some(format!(
            "`format` does not apply to `{t}` values; remove it"
        ));
    }
    if format == "binary" {
        return Some("format `binary` (raw bytes) is not supported: the SDK sends and reads JSON; describe a base64 string with `format: byte`, or a URL to the file".into());
    }
    let list: Vec<String> = supported.iter().take(6).map(|f| format!("`{f}`")).collect();
    let more = if supported.len() > 6 {
        ", the other JSON Schema formats"
    } else {
        ""
    };
    Some(format!(
        "format `{format}` is not supported on `{t}`; use one of {}{more}, or remove it and say it in `description`",
        list.join(", ")
    ))
}

/// Pairs of limits that no value can meet, as (keyword of the lower limit, message).
pub(super) fn contradictions(s: &Schema) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let counts = [
        ("minLength", s.min_length, "maxLength", s.max_length),
        ("minItems", s.min_items, "maxItems", s.max_items),
        (
            "minProperties",
            s.min_properties,
            "maxProperties",
            s.max_properties,
        ),
    ];
    for (low_key, low, high_key, high) in counts {
        if let (Some(low), Some(high)) = (low, high) {
            if low > high {
                out.push((low_key, empty_range(low_key, &low, high_key, &high)));
            }
        }
    }
    let lows = [
        ("minimum", &s.minimum, false),
        ("exclusiveMinimum", &s.exclusive_minimum, true),
    ];
    let highs = [
        ("maximum", &s.maximum, false),
        ("exclusiveMaximum", &s.exclusive_maximum, true),
    ];
    for (low_key, low, low_exclusive) in lows {
        for (high_key, high, high_exclusive) in highs {
            let (Some(low), Some(high)) = (low, high) else {
                continue;
            };
            let (l, h) = (low.as_f64().unwrap_or(0.0), high.as_f64().unwrap_or(0.0));
            if l > h || (l == h && (low_exclusive || high_exclusive)) {
                out.push((low_key, empty_range(low_key, low, high_key, high)));
            }
        }
    }
    out
}

fn empty_range(
    low_key: &str,
    low: &dyn std::fmt::Display,
    high_key: &str,
    high: &dyn std::fmt::Display,
) -> String {
    format!(
        "`{low_key}: {low}` and `{high_key}: {high}` leave no valid value; lower `{low_key}` or raise `{high_key}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("test schema parses")
    }

    #[test]
    fn limits_that_leave_no_value() {
        let keys = |yaml: &str| -> Vec<&str> {
            contradictions(&schema(yaml))
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        };
        assert_eq!(keys("{minLength: 5, maxLength: 3}"), ["minLength"]);
        assert_eq!(keys("{minItems: 2, maxItems: 1}"), ["minItems"]);
        assert_eq!(
            keys("{minProperties: 2, maxProperties: 1}"),
            ["minProperties"]
        );
        assert_eq!(keys("{minimum: 10, maximum: 5}"), ["minimum"]);
        assert_eq!(
            keys("{exclusiveMinimum: 5, maximum: 5}"),
            ["exclusiveMinimum"]
        );
        assert_eq!(keys("{minimum: 5, exclusiveMaximum: 5}"), ["minimum"]);
        assert!(keys("{minimum: 5, maximum: 5, minLength: 1, maxLength: 1}").is_empty());
        assert!(keys("{exclusiveMinimum: 1, exclusiveMaximum: 3}").is_empty());
    }

    #[test]
    fn keywords_must_fit_the_type() {
        let check = |yaml: &str, key: &str| {
            let s = schema(yaml);
            misplaced(key, &s, declared_types(&s, None).as_deref())
        };
        assert_eq!(check("{type: string, minLength: 1}", "minLength"), None);
        assert_eq!(check("{type: integer, minimum: 1}", "minimum"), None);
        assert_eq!(
            check("{type: [array, 'null'], maxItems: 1}", "maxItems"),
            None
        );
        assert!(check("{type: integer, maxLength: 3}", "maxLength").is_some());
        assert!(check("{maxLength: 3}", "maxLength").is_some());
        assert!(check("{type: integer, enum: [1]}", "enum").is_some());
        assert!(check("{type: string, format: binary}", "format").is_some());
        assert_eq!(check("{type: string, format: uuid}", "format"), None);
        assert_eq!(check("{type: integer, format: int64}", "format"), None);
    }
}
