//! Keyword checks that hold wherever a schema appears: component, parameter, body or response.
//!
//! Lowering proper reads only the keywords it implements. This pass visits every schema node of
//! the document once and reports, at the keyword's own place, what would otherwise be ignored:
//! keywords the generator does not implement (`uniqueItems`, `readOnly`, `writeOnly`), keywords
//! beside a `$ref` or a nullable union, keywords that cannot apply to the declared `type`, formats
//! outside the supported list, and limits that no value can meet.

use super::Lowerer;
use crate::error::pointer_join;
use crate::spec::{AdditionalProperties, Document, Schema, TypeSet};

/// Keywords that only document a value; they may stand beside anything.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "example",
    "deprecated",
];

/// Supported `format` values by type.
const FORMATS: &[(&str, &[&str])] = &[
    ("string", &["date-time", "date", "uuid", "email", "uri"]),
    ("integer", &["int32", "int64"]),
    ("number", &["float", "double"]),
];

impl<'a> Lowerer<'a> {
    /// Checks the keywords of every schema in the document.
    pub(super) fn check_keywords(&mut self) {
        for (pointer, schema) in schema_roots(self.doc) {
            self.check_schema(schema, &pointer, None);
        }
    }

    /// Checks one schema node and its subschemas; `implied` is the type its place gives it when it
    /// declares none (`propertyNames` are strings).
    fn check_schema(&mut self, schema: &Schema, pointer: &str, implied: Option<&str>) {
        let at = |key: &str| pointer_join(pointer, key);
        for (key, set) in [
            ("uniqueItems", schema.unique_items),
            ("readOnly", schema.read_only),
            ("writeOnly", schema.write_only),
        ] {
            if set == Some(true) {
                self.error(&at(key), unsupported_flag(key));
            }
        }
        let present = keywords_present(schema);
        if schema.reference.is_some() || schema.any_of.is_some() || schema.one_of.is_some() {
            self.check_wrapper(schema, pointer, &present);
            return;
        }
        let types = declared_types(schema, implied);
        for key in &present {
            if let Some(message) = misplaced(key, schema, types.as_deref()) {
                self.error(&at(key), message);
            }
        }
        for (key, message) in contradictions(schema) {
            self.error(&at(key), message);
        }
        self.check_children(schema, pointer);
    }

    /// A `$ref` or an `anyOf`/`oneOf` stands for another schema: only annotations may sit beside it.
    fn check_wrapper(&mut self, schema: &Schema, pointer: &str, present: &[&'static str]) {
        let (wrapper, hint) = match (&schema.reference, &schema.any_of, &schema.one_of) {
            (Some(_), _, _) => ("$ref", "move it into the referenced schema"),
            (None, Some(_), _) => ("anyOf", "move it into the non-null alternative"),
            _ => ("oneOf", "move it into the non-null alternative"),
        };
        for key in present {
            if *key != wrapper && !ANNOTATIONS.contains(key) {
                self.error(
                    &pointer_join(pointer, key),
                    format!("`{key}` beside `{wrapper}` would be ignored; {hint}"),
                );
            }
        }
        for (key, alternatives) in [("anyOf", &schema.any_of), ("oneOf", &schema.one_of)] {
            for (i, alternative) in alternatives.iter().flatten().enumerate() {
                let at = pointer_join(&pointer_join(pointer, key), &i.to_string());
                self.check_schema(alternative, &at, None);
            }
        }
    }

    fn check_children(&mut self, schema: &Schema, pointer: &str) {
        for (name, property) in schema.properties.iter().flatten() {
            let at = pointer_join(&pointer_join(pointer, "properties"), name);
            self.check_schema(property, &at, None);
        }
        if let Some(items) = &schema.items {
            self.check_schema(items, &pointer_join(pointer, "items"), None);
        }
        if let Some(AdditionalProperties::Schema(values)) = &schema.additional_properties {
            self.check_schema(values, &pointer_join(pointer, "additionalProperties"), None);
        }
        if let Some(names) = &schema.property_names {
            self.check_schema(
                names,
                &pointer_join(pointer, "propertyNames"),
                Some("string"),
            );
        }
    }
}

/// Every place a schema can start, with its pointer, in document order.
fn schema_roots(doc: &Document) -> Vec<(String, &Schema)> {
    let mut roots = Vec::new();
    for (path, item) in &doc.paths {
        let item_at = pointer_join("/paths", path);
        for (i, p) in item.parameters.iter().enumerate() {
            let at = pointer_join(&pointer_join(&item_at, "parameters"), &i.to_string());
            roots.extend(p.schema.as_ref().map(|s| (pointer_join(&at, "schema"), s)));
        }
        for (method, op) in item.operations() {
            let op_at = pointer_join(&item_at, method);
            for (i, p) in op.parameters.iter().enumerate() {
                let at = pointer_join(&pointer_join(&op_at, "parameters"), &i.to_string());
                roots.extend(p.schema.as_ref().map(|s| (pointer_join(&at, "schema"), s)));
            }
            if let Some(body) = &op.request_body {
                let at = pointer_join(&op_at, "requestBody");
                roots.extend(content_schemas(&at, &body.content));
            }
            for (code, response) in &op.responses {
                let at = pointer_join(&pointer_join(&op_at, "responses"), code);
                roots.extend(content_schemas(&at, &response.content));
            }
        }
    }
    let components = &doc.components;
    for (key, p) in &components.parameters {
        let at = pointer_join("/components/parameters", key);
        roots.extend(p.schema.as_ref().map(|s| (pointer_join(&at, "schema"), s)));
    }
    for (key, response) in &components.responses {
        let at = pointer_join("/components/responses", key);
        roots.extend(content_schemas(&at, &response.content));
    }
    for (key, schema) in &components.schemas {
        roots.push((pointer_join("/components/schemas", key), schema));
    }
    roots
}

fn content_schemas<'a>(
    at: &str,
    content: &'a indexmap::IndexMap<String, crate::spec::MediaType>,
) -> Vec<(String, &'a Schema)> {
    content
        .iter()
        .filter_map(|(media, m)| {
            let media_at = pointer_join(&pointer_join(at, "content"), media);
            m.schema
                .as_ref()
                .map(|s| (pointer_join(&media_at, "schema"), s))
        })
        .collect()
}

fn unsupported_flag(key: &str) -> String {
    match key {
        "uniqueItems" => "`uniqueItems: true` is not supported: the SDK would neither check nor keep it; remove it and state the rule in `description`".into(),
        "readOnly" => "`readOnly: true` is not supported: the SDK would still send this property in requests; remove it and use separate request and response schemas".into(),
        _ => "`writeOnly: true` is not supported: the SDK would still expect this property in responses; remove it and use separate request and response schemas".into(),
    }
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
        ("anyOf", s.any_of.is_some()),
        ("oneOf", s.one_of.is_some()),
        ("x-enum-descriptions", s.enum_descriptions.is_some()),
    ];
    flags
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(key, _)| key)
        .collect()
}

/// The JSON types a schema admits besides `null`: from `type`, from `properties`, or from its
/// place. `None` when `type` is malformed or unknown (lowering reports that); empty when untyped.
pub(super) fn declared_types(schema: &Schema, implied: Option<&str>) -> Option<Vec<String>> {
    let names: Vec<String> = match &schema.kind {
        Some(TypeSet::One(t)) => vec![t.clone()],
        Some(TypeSet::Many(list)) => list.clone(),
        None if schema.properties.is_some() => vec!["object".into()],
        None => implied.map(str::to_owned).into_iter().collect(),
    };
    let known = [
        "string", "integer", "number", "boolean", "array", "object", "null",
    ];
    if !names.iter().all(|n| known.contains(&n.as_str())) {
        return None;
    }
    Some(names.into_iter().filter(|n| n != "null").collect())
}

/// The type a keyword applies to, for keywords that apply to one kind of value.
pub(super) fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "enum" | "x-enum-descriptions" => "string",
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
    let list: Vec<String> = supported.iter().map(|f| format!("`{f}`")).collect();
    Some(format!(
        "format `{format}` is not supported on `{t}`; use one of {} or remove it and say it in `description`",
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
