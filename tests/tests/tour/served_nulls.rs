//! Which nullable response fields a JSON value sets to `null`, read against the schema: the
//! check behind the tour's test that the mock sends every nullable field of the endpoints after
//! the first 28 as `null` in some answer (issue 15: the responses the mock gives include the
//! variants the docs allow).
//!
//! A field is named by the JSON pointer of its property in the schema, as reached through `$ref`
//! (`/components/schemas/ExternalReport/properties/signedAt`), so that a type shared by several
//! responses counts once. A field is nullable when its `type` lists `null` or an `anyOf` or
//! `oneOf` branch is `type: 'null'`.

use std::collections::BTreeSet;

use serde_json::Value;

/// The nullable properties of every object type that a value of `schema` can hold, at any depth.
pub fn nullable_properties(doc: &Value, schema: &Value) -> BTreeSet<String> {
    let mut visited = BTreeSet::new();
    let mut nullable = BTreeSet::new();
    collect_nullable(doc, "", schema, &mut visited, &mut nullable);
    nullable
}

/// The properties that `value`, a value of `schema`, sets to `null`, at any depth. A value
/// of a union is read as each branch it fits: the branch's type and required keys.
pub fn nulls(doc: &Value, schema: &Value, value: &Value) -> BTreeSet<String> {
    let mut nulls = BTreeSet::new();
    collect_nulls(doc, "", schema, value, &mut nulls);
    nulls
}

fn collect_nullable(
    doc: &Value,
    at: &str,
    schema: &Value,
    visited: &mut BTreeSet<String>,
    nullable: &mut BTreeSet<String>,
) {
    let (at, schema) = resolve(doc, at, schema);
    if !visited.insert(at.clone()) {
        return;
    }
    for (name, property) in properties(schema) {
        let property_at = format!("{at}/properties/{name}");
        if admits_null(property) {
            nullable.insert(property_at.clone());
        }
        collect_nullable(doc, &property_at, property, visited, nullable);
    }
    for (key, child) in children(schema) {
        collect_nullable(doc, &format!("{at}/{key}"), child, visited, nullable);
    }
}

fn collect_nulls(
    doc: &Value,
    at: &str,
    schema: &Value,
    value: &Value,
    nulls: &mut BTreeSet<String>,
) {
    let (at, schema) = resolve(doc, at, schema);
    if let Some(object) = value.as_object() {
        let declared = schema["properties"].as_object();
        for (name, property) in properties(schema) {
            let property_at = format!("{at}/properties/{name}");
            match object.get(name) {
                Some(Value::Null) => {
                    nulls.insert(property_at);
                }
                Some(field) => collect_nulls(doc, &property_at, property, field, nulls),
                None => {}
            }
        }
        if let Some(values) = schema.get("additionalProperties").filter(|s| s.is_object()) {
            let undeclared = object
                .iter()
                .filter(|(name, _)| declared.is_none_or(|declared| !declared.contains_key(*name)));
            for (_, field) in undeclared {
                collect_nulls(
                    doc,
                    &format!("{at}/additionalProperties"),
                    values,
                    field,
                    nulls,
                );
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for item in array {
            collect_nulls(doc, &format!("{at}/items"), items, item, nulls);
        }
    }
    for (key, branch) in branches(schema) {
        if key.starts_with("allOf") || fits(doc, branch, value) {
            collect_nulls(doc, &format!("{at}/{key}"), branch, value, nulls);
        }
    }
}

/// The schema a `$ref` names, with its pointer; any other schema as it is, at `at`.
fn resolve<'a>(doc: &'a Value, at: &str, schema: &'a Value) -> (String, &'a Value) {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            let target = doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{at}: dangling $ref {reference}"));
            resolve(doc, pointer, target)
        }
        None => (at.to_owned(), schema),
    }
}

fn admits_null(schema: &Value) -> bool {
    let typed = schema["type"]
        .as_array()
        .is_some_and(|types| types.iter().any(|t| t == "null"));
    typed
        || ["anyOf", "oneOf"].iter().any(|key| {
            schema[*key]
                .as_array()
                .is_some_and(|branches| branches.iter().any(|branch| branch["type"] == "null"))
        })
}

fn properties(schema: &Value) -> impl Iterator<Item = (&String, &Value)> {
    schema["properties"].as_object().into_iter().flatten()
}

/// The branches of `allOf`, `anyOf` and `oneOf`, each with its key (`oneOf/1`).
fn branches(schema: &Value) -> impl Iterator<Item = (String, &Value)> {
    ["allOf", "anyOf", "oneOf"]
        .into_iter()
        .flat_map(move |key| {
            let branches = schema[key].as_array().into_iter().flatten();
            branches
                .enumerate()
                .map(move |(index, branch)| (format!("{key}/{index}"), branch))
        })
}

/// The subschemas of `schema` other than its properties: items, additional properties, branches.
fn children(schema: &Value) -> Vec<(String, &Value)> {
    let mut children: Vec<(String, &Value)> = ["items", "additionalProperties"]
        .into_iter()
        .filter_map(|key| {
            schema
                .get(key)
                .filter(|s| s.is_object())
                .map(|s| (key.to_owned(), s))
        })
        .collect();
    children.extend(branches(schema));
    children
}

/// Whether `value` can be a value of the union branch `branch`: its type admits the value's,
/// and an object has every key the branch requires. A `null` fits only a `type: 'null'` branch,
/// which holds no properties.
fn fits(doc: &Value, branch: &Value, value: &Value) -> bool {
    let (_, branch) = resolve(doc, "", branch);
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let admits = |t: &Value| t == kind || (t == "number" && kind == "integer");
    let typed = match &branch["type"] {
        Value::Null => kind != "null",
        Value::Array(types) => types.iter().any(admits),
        single => admits(single),
    };
    let required = branch["required"].as_array().into_iter().flatten();
    typed
        && required
            .filter_map(Value::as_str)
            .all(|key| value.get(key).is_some())
}
