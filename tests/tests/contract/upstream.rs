//! A stand-in for the real API behind `prism proxy`: a wiremock server that answers every
//! operation of a schema with that operation's response example, cut down to its required
//! properties.
//!
//! Cutting the examples down is deliberate. Prism's dynamic mode always fills optional
//! properties, and the examples fill most of them, so without this server no test would show
//! that the SDK accepts a response in which every optional property is absent.

use serde_json::{Map, Value};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Starts the server with one mock per operation of `schema` (an OpenAPI document as JSON).
pub async fn start(schema: &Value) -> MockServer {
    let server = MockServer::start().await;
    let paths = schema["paths"].as_object().expect("the schema has paths");
    for (template, item) in paths {
        for verb in METHODS {
            let Some(operation) = item.get(verb) else {
                continue;
            };
            let (status, body) = minimal_response(schema, operation)
                .unwrap_or_else(|why| panic!("{} {template}: {why}", verb.to_uppercase()));
            // Literal paths win over templated ones: `/users/invitations` is not `/users/{userId}`.
            let priority = if template.contains('{') { 5 } else { 1 };
            Mock::given(method(verb.to_uppercase().as_str()))
                .and(path_regex(path_pattern(template)))
                .respond_with(ResponseTemplate::new(status).set_body_json(body))
                .with_priority(priority)
                .mount(&server)
                .await;
        }
    }
    server
}

/// The status and required-only example body of the operation's 2xx response.
fn minimal_response(schema: &Value, operation: &Value) -> Result<(u16, Value), String> {
    let responses = operation["responses"].as_object().ok_or("no responses")?;
    let (code, response) = responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))
        .ok_or("no 2xx response")?;
    let status = code
        .parse()
        .map_err(|_| format!("status `{code}` is not a number"))?;
    let media = &response["content"]["application/json"];
    let example = media
        .get("example")
        .or_else(|| media["examples"].as_object()?.values().next()?.get("value"))
        .ok_or("the 2xx response has no example")?;
    Ok((status, required_only(example, &media["schema"], schema)))
}

/// `^/v1/viewer/studies/[^/]+$` for `/v1/viewer/studies/{studyId}`.
fn path_pattern(template: &str) -> String {
    let mut pattern = String::from("^");
    for segment in template.split('/').skip(1) {
        pattern.push('/');
        if segment.starts_with('{') {
            pattern.push_str("[^/]+");
        } else {
            assert!(
                segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "path segment `{segment}` would need regex escaping"
            );
            pattern.push_str(segment);
        }
    }
    pattern.push('$');
    pattern
}

/// `value` without the object properties its schema does not require, at every depth.
fn required_only(value: &Value, schema: &Value, document: &Value) -> Value {
    let schema = resolve(schema, document);
    if value.is_null() {
        return Value::Null;
    }
    // The nullable form `anyOf: [{$ref}, {type: 'null'}]`: a non-null value matches the $ref.
    if let Some(branches) = schema["anyOf"].as_array() {
        let branch = branches
            .iter()
            .find(|branch| branch["type"] != "null")
            .unwrap_or(&Value::Null);
        return required_only(value, branch, document);
    }
    match value {
        Value::Object(object) => {
            let Some(properties) = schema["properties"].as_object() else {
                // A map such as `metadata`: its keys are data, not properties.
                return value.clone();
            };
            let required: Vec<&str> = schema["required"]
                .as_array()
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let kept: Map<String, Value> = object
                .iter()
                .filter(|(name, _)| required.contains(&name.as_str()))
                .map(|(name, field)| {
                    let field_schema = properties.get(name).unwrap_or(&Value::Null);
                    (name.clone(), required_only(field, field_schema, document))
                })
                .collect();
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| required_only(item, &schema["items"], document))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// Follows `$ref`s to `#/...` until a schema without one.
fn resolve<'a>(mut schema: &'a Value, document: &'a Value) -> &'a Value {
    while let Some(reference) = schema["$ref"].as_str() {
        let pointer = reference.strip_prefix('#').expect("only local references");
        schema = document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
    }
    schema
}
