//! OpenAPI 3.1 to 3.0, as the peer benchmark's progenitor reads it.
//!
//! progenitor reads OpenAPI 3.0 through the `openapiv3` crate; our schemas are 3.1. This is a
//! mechanical conversion of the YAML tree (`serde_yaml::Value`), not a general one: it handles
//! what our schemas (`schema/openapi.yaml` and `xtask/src/synthetic.rs`) use, and what 3.1 spells
//! differently from 3.0 in ways that progenitor 0.15 rejects or misreads:
//!
//! - `openapi: 3.0.3`.
//! - In a schema, a type list becomes one type: `type: [string, 'null']` is `type: string` with
//!   `nullable: true`. `openapiv3` reads `type` as one string and refuses the whole document
//!   otherwise ("invalid type: sequence, expected a string"). Several non-null types become an
//!   `anyOf` of one schema per type (none of our schemas has one).
//! - `anyOf` or `oneOf` with a `{type: 'null'}` member: the member is dropped and the schema gets
//!   `nullable: true`; a single remaining member becomes `allOf: [X]`, the 3.0 idiom for a `$ref`
//!   with siblings. progenitor panics on a `null` type ("not yet implemented: invalid type:
//!   null"); for one member it generates the same `Option<X>` from `allOf`, `anyOf` and `oneOf`.
//!   A schema of type `null` alone becomes `enum: [null]` with `nullable: true`.
//! - `const: V` becomes `enum: [V]`; a numeric `exclusiveMinimum` or `exclusiveMaximum` becomes
//!   `minimum` or `maximum` with the boolean form (the stricter bound when both are given).
//! - In a schema, the list `examples` becomes `example`, its first item. The `examples` maps of
//!   parameters and media types are 3.0 already and stay.
//! - Every `x-` key is dropped (`x-sdk`, `x-pagination`, `x-enum-descriptions`...), and so are the
//!   3.1-only parts of the document: `webhooks`, `jsonSchemaDialect`, `components.pathItems`,
//!   `info.summary` and `license.identifier`. Property, path and component names are kept even
//!   when they start with `x-`, and example, default and enum values are never changed.
//!
//! 3.1 keywords that `openapiv3` ignores are left as they are: `propertyNames`,
//! `patternProperties`, `$ref` siblings such as `description`. progenitor then generates without
//! those constraints; that is its reading of the schema, not an error of the conversion.

use serde_yaml::{Mapping, Value};

/// The 3.0 version written into the converted document.
const VERSION: &str = "3.0.3";

/// Keys of a schema whose value is one schema.
const SUBSCHEMA: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keys of a schema whose value is a list of schemas.
const SUBSCHEMA_LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keys of a schema whose value maps names to schemas.
const SUBSCHEMA_MAPS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];
/// Keys whose value is data (an example, a default, allowed values), copied as it is.
const DATA: [&str; 5] = ["example", "examples", "default", "enum", "const"];
/// 3.1-only keys of the document root, dropped.
const ROOT_ONLY_31: [&str; 2] = ["webhooks", "jsonSchemaDialect"];

/// Reads the YAML text of an OpenAPI 3.1 document and returns its 3.0 form.
pub fn convert(source: &str) -> Result<Value, String> {
    let document: Value =
        serde_yaml::from_str(source).map_err(|e| format!("the schema is not YAML: {e}"))?;
    Ok(document_30(document))
}

/// The 3.0 form of a 3.1 document.
fn document_30(document: Value) -> Value {
    let Value::Mapping(mut root) = document else {
        return document;
    };
    for key in ROOT_ONLY_31 {
        root.remove(key);
    }
    if let Some(Value::Mapping(info)) = root.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Mapping(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    if let Some(Value::Mapping(components)) = root.get_mut("components") {
        components.remove("pathItems");
    }
    root.insert("openapi".into(), VERSION.into());
    object(Value::Mapping(root))
}

/// A part of the document outside schemas: `x-` keys dropped, schemas found and converted.
fn object(value: Value) -> Value {
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .filter(|(key, _)| !is_extension(key))
                .map(|(key, value)| {
                    let value = match key.as_str() {
                        Some("schema") => schema(value),
                        Some("schemas") => map_values(value, schema),
                        // An example object's `value` and a parameter's `example` are data.
                        Some("value" | "example") => value,
                        _ => object(value),
                    };
                    (key, value)
                })
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(object).collect()),
        other => other,
    }
}

/// A schema: its subschemas converted, then its own 3.1 forms rewritten.
fn schema(value: Value) -> Value {
    let Value::Mapping(map) = value else {
        // `true`, `false` and anything malformed are left for progenitor to judge.
        return value;
    };
    let mut out = Mapping::new();
    for (key, value) in map {
        if is_extension(&key) {
            continue;
        }
        let name = key.as_str().unwrap_or_default();
        let value = if SUBSCHEMA.contains(&name) {
            schema(value)
        } else if SUBSCHEMA_LISTS.contains(&name) {
            sequence_items(value, schema)
        } else if SUBSCHEMA_MAPS.contains(&name) {
            map_values(value, schema)
        } else if DATA.contains(&name) {
            value
        } else {
            object(value)
        };
        out.insert(key, value);
    }
    type_list(&mut out);
    null_union(&mut out, "anyOf");
    null_union(&mut out, "oneOf");
    if let Some(value) = out.remove("const") {
        out.insert("enum".into(), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = out.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            out.entry("example".into()).or_insert(first);
        }
    }
    exclusive_bound(&mut out, "exclusiveMinimum", "minimum", |a, b| a >= b);
    exclusive_bound(&mut out, "exclusiveMaximum", "maximum", |a, b| a <= b);
    Value::Mapping(out)
}

/// `type: [X, 'null']` to `type: X` and `nullable: true`.
fn type_list(schema: &mut Mapping) {
    let Some(Value::Sequence(types)) = schema.get("type") else {
        return;
    };
    let (nulls, types): (Vec<Value>, Vec<Value>) = types
        .iter()
        .cloned()
        .partition(|t| t.as_str() == Some("null"));
    schema.remove("type");
    if !nulls.is_empty() {
        set_nullable(schema);
    }
    match types.len() {
        0 => only_null(schema),
        1 => {
            schema.insert("type".into(), types.into_iter().next().unwrap_or_default());
        }
        _ => {
            let alternatives = types
                .into_iter()
                .map(|t| Value::Mapping(Mapping::from_iter([("type".into(), t)])))
                .collect();
            schema.insert("anyOf".into(), Value::Sequence(alternatives));
        }
    }
}

/// `anyOf` / `oneOf` with a `{type: 'null'}` member to `nullable: true` and the other members.
fn null_union(schema: &mut Mapping, key: &str) {
    let Some(Value::Sequence(members)) = schema.get(key) else {
        return;
    };
    let (nulls, rest): (Vec<Value>, Vec<Value>) = members.iter().cloned().partition(is_null_schema);
    if nulls.is_empty() {
        return;
    }
    schema.remove(key);
    set_nullable(schema);
    match rest.len() {
        0 => only_null(schema),
        1 => {
            let all_of = schema
                .entry("allOf".into())
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(all_of) = all_of {
                all_of.extend(rest);
            }
        }
        _ => {
            schema.insert(key.into(), Value::Sequence(rest));
        }
    }
}

/// A schema that allows only `null`, in 3.0 terms.
fn only_null(schema: &mut Mapping) {
    set_nullable(schema);
    schema.insert("enum".into(), Value::Sequence(vec![Value::Null]));
}

fn set_nullable(schema: &mut Mapping) {
    schema.insert("nullable".into(), Value::Bool(true));
}

/// A member of a union that is the `null` type (a converted one too: `enum: [null]`).
fn is_null_schema(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("null")
        || value.get("enum") == Some(&Value::Sequence(vec![Value::Null]))
}

/// A numeric 3.1 `exclusiveMinimum: n` to `minimum: n` and `exclusiveMinimum: true`, keeping
/// whichever of the two bounds is stricter (`stricter(exclusive, inclusive)`).
fn exclusive_bound(
    schema: &mut Mapping,
    exclusive: &str,
    inclusive: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(bound) = schema.get(exclusive).filter(|v| v.is_number()).cloned() else {
        return;
    };
    schema.remove(exclusive);
    let current = schema.get(inclusive).and_then(Value::as_f64);
    let bound_value = bound.as_f64().unwrap_or_default();
    if current.is_none_or(|inclusive_value| stricter(bound_value, inclusive_value)) {
        schema.insert(inclusive.into(), bound);
        schema.insert(exclusive.into(), Value::Bool(true));
    }
}

fn is_extension(key: &Value) -> bool {
    key.as_str().is_some_and(|k| k.starts_with("x-"))
}

/// A map whose keys are names (kept as they are) with each value converted.
fn map_values(value: Value, convert: fn(Value) -> Value) -> Value {
    match value {
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(name, value)| (name, convert(value)))
                .collect(),
        ),
        other => other,
    }
}

fn sequence_items(value: Value, convert: fn(Value) -> Value) -> Value {
    match value {
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(convert).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts a YAML document and compares it with the expected YAML, both parsed (the order
    /// of keys does not count).
    fn assert_converts(from: &str, to: &str) {
        let from: Value = serde_yaml::from_str(from).expect("the input is YAML");
        let to: Value = serde_yaml::from_str(to).expect("the expected output is YAML");
        assert_eq!(document_30(from), to);
    }

    /// A document with one component schema, as YAML lines indented under `S:`.
    fn with_schema(body: &str) -> String {
        let body: String = body.lines().map(|l| format!("      {l}\n")).collect();
        format!("openapi: 3.0.3\ncomponents:\n  schemas:\n    S:\n{body}")
    }

    #[test]
    fn the_version_and_the_31_only_parts_change() {
        assert_converts(
            "openapi: 3.1.0\njsonSchemaDialect: x\ninfo:\n  title: T\n  summary: S\n  license:\n    name: A\n    identifier: Apache-2.0\nwebhooks:\n  a: {}\ncomponents:\n  pathItems:\n    p: {}\n",
            "openapi: 3.0.3\ninfo:\n  title: T\n  license:\n    name: A\ncomponents: {}\n",
        );
    }

    #[test]
    fn a_nullable_type_list_becomes_one_type() {
        assert_converts(
            &with_schema(
                "type: object\nproperties:\n  a:\n    type: [string, 'null']\n    maxLength: 3\n  b:\n    type: ['null']\n  c:\n    type: [string, integer]\n",
            ),
            &with_schema(
                "type: object\nproperties:\n  a:\n    maxLength: 3\n    nullable: true\n    type: string\n  b:\n    nullable: true\n    enum: [null]\n  c:\n    anyOf:\n      - type: string\n      - type: integer\n",
            ),
        );
    }

    #[test]
    fn a_union_with_null_becomes_nullable() {
        assert_converts(
            &with_schema(
                "properties:\n  a:\n    anyOf:\n      - $ref: '#/components/schemas/T'\n      - type: 'null'\n    description: D\n  b:\n    oneOf:\n      - type: string\n      - type: integer\n      - type: 'null'\n  c:\n    oneOf:\n      - type: string\n      - type: integer\n",
            ),
            &with_schema(
                "properties:\n  a:\n    description: D\n    nullable: true\n    allOf:\n      - $ref: '#/components/schemas/T'\n  b:\n    nullable: true\n    oneOf:\n      - type: string\n      - type: integer\n  c:\n    oneOf:\n      - type: string\n      - type: integer\n",
            ),
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds_take_their_30_forms() {
        assert_converts(
            &with_schema(
                "properties:\n  a:\n    const: fixed\n  b:\n    type: string\n    examples: [first, second]\n  c:\n    type: integer\n    exclusiveMinimum: 0\n    minimum: -5\n    exclusiveMaximum: 10\n    maximum: 8\n",
            ),
            &with_schema(
                "properties:\n  a:\n    enum: [fixed]\n  b:\n    type: string\n    example: first\n  c:\n    type: integer\n    minimum: 0\n    maximum: 8\n    exclusiveMinimum: true\n",
            ),
        );
    }

    #[test]
    fn extensions_are_dropped_but_names_and_data_are_kept() {
        assert_converts(
            "openapi: 3.1.0\nx-sdk: {a: 1}\npaths:\n  x-p: 1\n  /a:\n    get:\n      x-pagination: {}\n      parameters:\n        - name: q\n          in: query\n          example: {x-data: 1}\n          schema: {type: string, x-enum-descriptions: {}}\ncomponents:\n  schemas:\n    x-named:\n      type: object\n      properties:\n        x-request-id: {type: string}\n      default: {x-kept: true}\n",
            "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n          example: {x-data: 1}\n          schema: {type: string}\ncomponents:\n  schemas:\n    x-named:\n      type: object\n      properties:\n        x-request-id: {type: string}\n      default: {x-kept: true}\n",
        );
    }

    #[test]
    fn media_type_examples_stay_a_map() {
        assert_converts(
            "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: D\n          content:\n            application/json:\n              examples:\n                one:\n                  x-note: n\n                  value: {x-data: 1}\n",
            "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: D\n          content:\n            application/json:\n              examples:\n                one:\n                  value: {x-data: 1}\n",
        );
    }

    #[test]
    fn text_is_read_and_written_back_in_order() {
        let document = convert("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
            .expect("the document converts");
        assert_eq!(
            serde_yaml::to_string(&document).expect("the document serializes"),
            "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n"
        );
        assert!(convert("a: [").is_err());
    }
}
