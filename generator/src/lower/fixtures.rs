//! The fixtures pass: one value of every model the SDK receives, for `testing::fixtures`.
//!
//! The models that get a fixture are the structs and unions reachable from what the SDK
//! receives: the successful response of every operation and the body of every webhook, and every
//! type inside those (fields, array items, map values, union members). Callers cannot build them
//! (a received struct is `#[non_exhaustive]`), so a test starts from a fixture and sets fields.
//!
//! Values come from the schema's examples, walked through the types so that a model nested in an
//! example gets its part of it: a model takes the example closest to it (the whole example of a
//! response that returns it before a part of another one), and the first in schema order among
//! equally close ones (responses, then webhooks, then component examples). The value is then
//! read through the model's fields: keys the model does not read are dropped, and a required
//! field the example lacks, or gives a value of another type, is made from the schema. A model
//! no example reaches is made from the schema alone.

use std::collections::BTreeMap;

use serde_json::Value;

use super::naming;
use super::refs;
use crate::ir::{
    ExampleOrigin, Fixture, FixtureSource, Resource, ResponseBody, TypeDef, TypeId, TypeKind,
    TypeRef, Webhook,
};
use crate::spec::{self, Document, MediaType};

mod values;

use values::Table;

/// How many models deep a value made from the schema goes, so that a recursive schema ends.
const MAX_DEPTH: usize = 8;

/// The timestamp of a `date-time` value made from the schema.
const DATE_TIME: &str = "2024-01-01T00:00:00Z";

/// The calendar date of a `date` value made from the schema.
const DATE: &str = "2024-01-01";

/// The fixtures of every received model, in the order of the type table.
pub(super) fn lower(
    doc: &Document,
    types: &[TypeDef],
    resources: &[Resource],
    webhooks: &[Webhook],
) -> Vec<Fixture> {
    let table = Table { types };
    let roots = received_roots(resources, webhooks);
    let samples = Samples::collect(doc, &table, resources, webhooks);
    let models = table.reachable(&roots);
    models
        .into_iter()
        .filter(|&id| matches!(types[id.0].kind, TypeKind::Struct(_) | TypeKind::Union(_)))
        .map(|id| {
            let ty = TypeRef::Named(id);
            let (json, source) = match samples.best.get(&id) {
                Some(sample) => (
                    table.conform(&ty, Some(&sample.value), &samples, 0),
                    FixtureSource::Example {
                        origin: sample.origin.clone(),
                        at: sample.at.clone(),
                    },
                ),
                None => (table.made(&ty, &samples, 0), FixtureSource::Schema),
            };
            Fixture {
                ty: id,
                function: types[id.0].module.clone(),
                json,
                docs: docs(&types[id.0].name, &source),
                source,
            }
        })
        .collect()
}

/// The types the SDK receives at the top: operations' responses and webhooks' bodies.
fn received_roots(resources: &[Resource], webhooks: &[Webhook]) -> Vec<TypeRef> {
    let mut roots = Vec::new();
    for op in operations(resources) {
        if let ResponseBody::Json(ty) = &op.response {
            roots.push(ty.clone());
        }
    }
    roots.extend(webhooks.iter().map(|w| w.payload.clone()));
    roots
}

/// Every operation of the tree, parents before children.
fn operations(resources: &[Resource]) -> Vec<&crate::ir::Operation> {
    let mut out = Vec::new();
    for r in resources {
        out.extend(&r.operations);
        out.extend(operations(&r.children));
    }
    out
}

/// The documentation of a fixture: what it is and where its values come from.
fn docs(name: &str, source: &FixtureSource) -> Vec<String> {
    let from = match source {
        FixtureSource::Schema => {
            "made from the schema (required fields only, each a placeholder of its type)".to_owned()
        }
        FixtureSource::Example { origin, at } => {
            let example = match origin {
                ExampleOrigin::Response { method, path, name } => format!(
                    "the example{} of the response of `{} {path}`",
                    named(name.as_deref()),
                    method.as_str()
                ),
                ExampleOrigin::Webhook { webhook, name } => format!(
                    "the example{} of the webhook `{webhook}`",
                    named(name.as_deref())
                ),
                ExampleOrigin::Component { key } => format!("the example of the schema `{key}`"),
            };
            match at.as_str() {
                "" => format!("from {example}"),
                at => format!("from `{at}` in {example}"),
            }
        }
    };
    vec![
        format!("A value of [`{name}`](crate::models::{name}) for tests, {from}."),
        "Change what a test needs by setting fields on the value it returns.".to_owned(),
    ]
}

/// ` `name``, for an example that is one of several.
fn named(name: Option<&str>) -> String {
    name.map(|n| format!(" `{n}`")).unwrap_or_default()
}

/// A part of an example that reaches a model.
struct Sample {
    /// How many fields and items deep in the example the value sits.
    depth: usize,
    /// The value.
    value: Value,
    /// The example.
    origin: ExampleOrigin,
    /// Where in it.
    at: String,
}

/// The closest sample of each model.
struct Samples {
    best: BTreeMap<TypeId, Sample>,
}

impl Samples {
    /// Walks every example of the schema through its type: responses in schema order, then
    /// webhooks, then component schemas' own examples.
    fn collect(
        doc: &Document,
        table: &Table<'_>,
        resources: &[Resource],
        webhooks: &[Webhook],
    ) -> Samples {
        let mut samples = Samples {
            best: BTreeMap::new(),
        };
        let ops: BTreeMap<&str, &crate::ir::Operation> = operations(resources)
            .into_iter()
            .map(|op| (op.operation_id.as_str(), op))
            .collect();
        for (path, item) in &doc.paths {
            for (_, spec_op) in item.operations() {
                let Some(op) = spec_op.operation_id.as_deref().and_then(|id| ops.get(id)) else {
                    continue;
                };
                let (ResponseBody::Json(ty), Some(media)) =
                    (&op.response, success_media(doc, spec_op))
                else {
                    continue;
                };
                for (name, value) in examples(media) {
                    let origin = ExampleOrigin::Response {
                        method: op.http_method,
                        path: path.clone(),
                        name,
                    };
                    samples.walk(table, ty, &value, 0, String::new(), &origin);
                }
            }
        }
        for webhook in webhooks {
            let media = doc
                .webhooks
                .get(&webhook.name)
                .and_then(|item| item.operations().next())
                .and_then(|(_, op)| body_media(doc, op));
            for (name, value) in media.map(examples).unwrap_or_default() {
                let origin = ExampleOrigin::Webhook {
                    webhook: webhook.name.clone(),
                    name,
                };
                samples.walk(table, &webhook.payload, &value, 0, String::new(), &origin);
            }
        }
        for (key, schema) in &doc.components.schemas {
            let name = naming::pascal(key);
            let Some(id) = table.types.iter().position(|t| t.name == name) else {
                continue;
            };
            let values = schema
                .example
                .iter()
                .chain(schema.examples.iter().flatten());
            for value in values.filter_map(|v| serde_json::to_value(v).ok()) {
                let origin = ExampleOrigin::Component { key: key.clone() };
                samples.walk(
                    table,
                    &TypeRef::Named(TypeId(id)),
                    &value,
                    0,
                    String::new(),
                    &origin,
                );
            }
        }
        samples
    }

    /// Keeps `value` as the sample of `id` unless a closer or earlier one already stands.
    fn offer(&mut self, id: TypeId, depth: usize, value: &Value, at: &str, origin: &ExampleOrigin) {
        if self.best.get(&id).is_none_or(|s| s.depth > depth) {
            let sample = Sample {
                depth,
                value: value.clone(),
                origin: origin.clone(),
                at: at.to_owned(),
            };
            self.best.insert(id, sample);
        }
    }

    /// Records `value` for the models of `ty` and of everything inside it.
    fn walk(
        &mut self,
        table: &Table<'_>,
        ty: &TypeRef,
        value: &Value,
        depth: usize,
        at: String,
        origin: &ExampleOrigin,
    ) {
        match (ty, value) {
            (TypeRef::Named(id), _) => match &table.types[id.0].kind {
                TypeKind::Struct(def) => {
                    let Value::Object(object) = value else { return };
                    self.offer(*id, depth, value, &at, origin);
                    for f in &def.fields {
                        if let Some(v) = object.get(&f.wire_name) {
                            let at = join(&at, &f.wire_name);
                            self.walk(table, &f.ty, v, depth + 1, at, origin);
                        }
                    }
                }
                TypeKind::Union(def) => {
                    self.offer(*id, depth, value, &at, origin);
                    if let Some(member) = table.member(def, Some(value)) {
                        self.walk(table, &member.ty, value, depth, at, origin);
                    }
                }
                TypeKind::Alias(inner) => self.walk(table, inner, value, depth, at, origin),
                TypeKind::Enum(_) | TypeKind::Newtype(_) => {}
            },
            (TypeRef::Array(item), Value::Array(values)) => {
                for (i, v) in values.iter().enumerate() {
                    let at = format!("{at}[{i}]");
                    self.walk(table, item, v, depth + 1, at, origin);
                }
            }
            (TypeRef::Map(item), Value::Object(values)) => {
                for (k, v) in values {
                    let at = join(&at, k);
                    self.walk(table, item, v, depth + 1, at, origin);
                }
            }
            (TypeRef::OrNull(inner), _) => self.walk(table, inner, value, depth, at, origin),
            _ => {}
        }
    }
}

/// `at.key`, or `key` at the top.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// The JSON body of an operation's one 2xx response, following a `$ref` to a response component.
/// Lowering the operation has reported what is wrong with it, so a problem here is skipped.
fn success_media<'a>(doc: &'a Document, op: &'a spec::Operation) -> Option<&'a MediaType> {
    let (_, response) = op
        .responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))?;
    let response = match &response.reference {
        None => response,
        Some(reference) => {
            refs::component::<spec::Response>(doc, refs::key_of::<spec::Response>(reference)?)?.item
        }
    };
    response.content.get("application/json")
}

/// The JSON body of a request (a webhook's), following a `$ref` to a request body component.
fn body_media<'a>(doc: &'a Document, op: &'a spec::Operation) -> Option<&'a MediaType> {
    let body = op.request_body.as_ref()?;
    let body = match &body.reference {
        None => body,
        Some(reference) => {
            refs::component::<spec::RequestBody>(
                doc,
                refs::key_of::<spec::RequestBody>(reference)?,
            )?
            .item
        }
    };
    body.content.get("application/json")
}

/// A media type's `example`, or every entry of its `examples` with its key, in schema order.
fn examples(media: &MediaType) -> Vec<(Option<String>, Value)> {
    if let Some(example) = &media.example {
        return serde_json::to_value(example)
            .ok()
            .map(|v| vec![(None, v)])
            .unwrap_or_default();
    }
    let Some(entries) = media.examples.as_ref().and_then(|e| e.as_mapping()) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(key, entry)| {
            let value = serde_json::to_value(entry.get("value")?).ok()?;
            Some((key.as_str().map(str::to_owned), value))
        })
        .collect()
}
