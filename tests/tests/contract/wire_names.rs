//! Checks the names the SDK puts on the wire against the schema, which Prism does not do.
//!
//! Prism accepts a query parameter the operation does not declare, and a body property its
//! schema does not declare (request bodies allow additional properties). A field the SDK sends
//! under a wrong name would therefore pass Prism as an unknown extra while the real field is
//! simply absent. This check reads the requests that reached the upstream server and reports,
//! per operation, every name the schema does not declare and every declared name that no call
//! sent (the "every parameter" calls set them all).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The query parameter and body property names of one operation.
#[derive(Debug, Default)]
struct Names {
    query: BTreeSet<String>,
    body: BTreeSet<String>,
}

/// Every problem found in `requests`, each naming the operation and the field.
pub fn check(schema: &Value, requests: &[wiremock::Request]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut sent: BTreeMap<String, Names> = BTreeMap::new();
    let mut declared: BTreeMap<String, Names> = BTreeMap::new();
    for request in requests {
        let verb = request.method.as_str().to_lowercase();
        let Some((path_item, operation)) = find_operation(schema, &verb, request.url.path()) else {
            problems.push(format!(
                "{} {}: no operation of the schema matches",
                request.method,
                request.url.path()
            ));
            continue;
        };
        let name = operation["operationId"].as_str().unwrap_or("?").to_owned();
        let names = sent.entry(name.clone()).or_default();
        names
            .query
            .extend(request.url.query_pairs().map(|(key, _)| key.into_owned()));
        if let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&request.body) {
            names.body.extend(body.keys().cloned());
        }
        declared
            .entry(name)
            .or_insert_with(|| declared_names(schema, path_item, operation));
    }
    for (operation, sent) in &sent {
        let declared = &declared[operation];
        for (place, sent, declared) in [
            ("query parameter", &sent.query, &declared.query),
            ("body property", &sent.body, &declared.body),
        ] {
            for unknown in sent.difference(declared) {
                problems.push(format!("{operation}: the SDK sent {place} `{unknown}`, which the schema does not declare"));
            }
            for missing in declared.difference(sent) {
                problems.push(format!(
                    "{operation}: the schema declares {place} `{missing}`, but no call sent it"
                ));
            }
        }
    }
    problems
}

/// The path item and operation that `path` and `verb` address; literal segments win over
/// templated ones, as they do in Prism.
fn find_operation<'a>(schema: &'a Value, verb: &str, path: &str) -> Option<(&'a Value, &'a Value)> {
    let segments: Vec<&str> = path.split('/').collect();
    schema["paths"]
        .as_object()?
        .iter()
        .filter(|(template, item)| {
            let parts: Vec<&str> = template.split('/').collect();
            item.get(verb).is_some()
                && parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(part, segment)| part.starts_with('{') || part == segment)
        })
        .min_by_key(|(template, _)| template.matches('{').count())
        .map(|(_, item)| (item, &item[verb]))
}

fn declared_names(schema: &Value, path_item: &Value, operation: &Value) -> Names {
    let parameters = [&path_item["parameters"], &operation["parameters"]];
    let query = parameters
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .map(|parameter| resolve(schema, parameter))
        .filter(|parameter| parameter["in"] == "query")
        .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
        .collect();
    let body_schema = resolve(
        schema,
        &operation["requestBody"]["content"]["application/json"]["schema"],
    );
    let body = body_schema["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect());
    Names {
        query,
        body: body.unwrap_or_default(),
    }
}

fn resolve<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(pointer) = node["$ref"]
        .as_str()
        .and_then(|reference| reference.strip_prefix('#'))
    {
        node = schema.pointer(pointer).unwrap_or(&Value::Null);
    }
    node
}
