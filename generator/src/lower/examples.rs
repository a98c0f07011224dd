//! The usage example of each method's rustdoc: a call with every required value filled in, plus a
//! couple of optional ones, as text that compiles in a `no_run` doctest.
//!
//! Values come from the schema where it has them: the request body's example, a parameter's
//! example, an ID's documented example, an enum value the example names. Where it has none, a
//! placeholder of the right type stands in. A list method's example walks every item with the
//! auto-paginating stream, which is what a caller usually wants.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::Lowerer;
use super::naming;
use super::parameters::ResolvedParam;
use crate::ir::{Construction, FieldRepr, ParamField, PathParam, TypeKind, TypeRef};
use crate::spec;

/// How many optional parameters with an example value the method example sets.
const OPTIONAL_IN_EXAMPLE: usize = 2;

/// The example value the schema gives for each parameter and body property, by wire name.
pub(super) type Samples = BTreeMap<String, Value>;

/// What the example calls.
pub(super) struct ExampleCall<'x> {
    /// The resource path of the method, e.g. `["viewer", "studies"]`.
    pub resource: &'x [String],
    /// The method's Rust name.
    pub method: &'x str,
    /// Its path parameters, in order.
    pub path_params: &'x [PathParam],
    /// The name of its parameters struct, if it has one.
    pub params: Option<&'x str>,
    /// Whether it returns a paginated list.
    pub paginated: bool,
}

/// The example values of an operation: the request body's example (its first named example when
/// it has no single one), then each parameter's.
pub(super) fn samples(op: &spec::Operation, params: &[ResolvedParam<'_>]) -> Samples {
    let mut out = Samples::new();
    let body = op
        .request_body
        .as_ref()
        .and_then(|body| body.content.get("application/json"))
        .and_then(|media| first_example(media.example.as_ref(), media.examples.as_ref()));
    if let Some(Value::Mapping(body)) = body {
        for (key, value) in body {
            if let Some(key) = key.as_str() {
                out.insert(key.to_owned(), value.clone());
            }
        }
    }
    for p in params {
        let value = first_example(p.param.example.as_ref(), p.param.examples.as_ref())
            .or_else(|| p.schema.example.clone())
            .or_else(|| p.schema.examples.as_ref()?.first().cloned());
        if let Some(value) = value {
            out.insert(p.name.to_owned(), value);
        }
    }
    out
}

/// `example`, or the `value` of the first entry of an OpenAPI `examples` map.
fn first_example(example: Option<&Value>, examples: Option<&Value>) -> Option<Value> {
    if let Some(example) = example {
        return Some(example.clone());
    }
    let (_, first) = examples?.as_mapping()?.iter().next()?;
    first.get("value").cloned()
}

impl<'a> Lowerer<'a> {
    /// A usage example for the method's rustdoc.
    pub(super) fn example(&self, call: &ExampleCall<'_>, samples: &Samples) -> String {
        let lib = &self.lib_name;
        let mut lines = vec![format!("let client = {lib}::Client::from_env()?;")];
        let mut args: Vec<String> = call
            .path_params
            .iter()
            .map(|p| match &p.ty {
                TypeRef::Named(name) => format!(
                    "&{lib}::models::{name}::new({:?})?",
                    self.example_string(name)
                ),
                _ => format!("{:?}", format!("{}-example", p.wire_name)),
            })
            .collect();
        if let Some(params) = call.params {
            lines.extend(self.params_lines(params, samples));
            args.push("params".to_owned());
        }
        let target = format!(
            "client.{}().{}({})",
            call.resource
                .iter()
                .map(|s| naming::snake(s))
                .collect::<Vec<_>>()
                .join("()."),
            call.method,
            args.join(", ")
        );
        if call.paginated {
            lines.insert(0, "use futures_util::TryStreamExt;".to_owned());
            lines.push(format!("let mut items = {target}.into_stream();"));
            lines.push("while let Some(item) = items.try_next().await? {".to_owned());
            lines.push("    println!(\"{item:?}\");".to_owned());
            lines.push("}".to_owned());
        } else {
            lines.push(format!("let response = {target}.await?;"));
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        lines.join("\n")
    }

    /// The statement building the parameters: every required one, and the first few optional
    /// ones the schema has an example for.
    fn params_lines(&self, params: &str, samples: &Samples) -> Vec<String> {
        let lib = &self.lib_name;
        let fields: Vec<&ParamField> = self
            .find_type(params)
            .and_then(|t| match &t.kind {
                TypeKind::Params(p) => Some(p.fields.iter().collect()),
                _ => None,
            })
            .unwrap_or_default();
        let required = fields.iter().filter(|f| f.state_param.is_some());
        let optional = fields
            .iter()
            .filter(|f| f.state_param.is_none() && samples.contains_key(&f.field.wire_name))
            .take(OPTIONAL_IN_EXAMPLE);
        let setters: Vec<String> = required
            .chain(optional)
            .map(|f| {
                let sample = samples.get(&f.field.wire_name);
                let value = self.example_value(&f.field.ty, &f.field.wire_name, sample);
                format!("    .{}({value})", f.field.rust_name)
            })
            .collect();
        if setters.is_empty() {
            return vec![format!("let params = {lib}::models::{params}::default();")];
        }
        let mut lines = vec![format!("let params = {lib}::models::{params}::builder()")];
        lines.extend(setters);
        lines.push("    .build();".to_owned());
        lines
    }

    fn example_string(&self, newtype: &str) -> String {
        self.find_type(newtype)
            .and_then(|t| match &t.kind {
                TypeKind::Newtype(n) => n.example.clone(),
                _ => None,
            })
            .unwrap_or_else(|| "example".to_owned())
    }

    /// Rust source for a value of type `ty`: the schema's `sample` when it fits the type, a
    /// placeholder otherwise.
    fn example_value(&self, ty: &TypeRef, wire: &str, sample: Option<&Value>) -> String {
        let lib = &self.lib_name;
        match (ty, sample) {
            (TypeRef::String, Some(Value::String(s))) => format!("{s:?}"),
            (TypeRef::String, _) => format!("{:?}", format!("{wire}-example")),
            (TypeRef::Bool, Some(Value::Bool(b))) => b.to_string(),
            (TypeRef::Bool, _) => "true".to_owned(),
            (TypeRef::Integer, Some(Value::Number(n))) if n.as_i64().is_some() => n.to_string(),
            (TypeRef::Integer, _) => "1".to_owned(),
            (TypeRef::Number, Some(Value::Number(n))) => match n.as_f64() {
                Some(f) if f.is_finite() => format!("{f:?}"),
                _ => "1.0".to_owned(),
            },
            (TypeRef::Number, _) => "1.0".to_owned(),
            (TypeRef::DateTime, _) => format!("{lib}::chrono::Utc::now()"),
            (TypeRef::Date, Some(Value::String(s))) => date_literal(lib, s),
            (TypeRef::Date, _) => format!("{lib}::chrono::NaiveDate::default()"),
            (TypeRef::Array(item), Some(Value::Sequence(values))) if !values.is_empty() => {
                let items: Vec<String> = values
                    .iter()
                    .map(|v| self.example_value(item, wire, Some(v)))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            (TypeRef::Array(item), _) => format!("[{}]", self.example_value(item, wire, None)),
            (TypeRef::Map(value), Some(Value::Mapping(map))) if **value == TypeRef::String => {
                string_map_literal(map)
            }
            (TypeRef::Json | TypeRef::Map(_), _) => "Default::default()".to_owned(),
            (TypeRef::Named(name), _) => self.named_value(name, sample, 0),
        }
    }

    /// A value of a named type: the enum variant or ID the sample names, else the first variant
    /// or the ID's documented example; a request-side object as a struct literal. `depth` counts
    /// the objects around this one, so that a recursive schema ends.
    fn named_value(&self, name: &str, sample: Option<&Value>, depth: usize) -> String {
        let lib = &self.lib_name;
        let object = sample.and_then(Value::as_mapping);
        let sample = sample.and_then(Value::as_str);
        match self.find_type(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) if s.construction == Construction::Open && depth < 4 => {
                self.struct_literal(name, s, object, depth)
            }
            Some(TypeKind::Enum(e)) => {
                let named = sample.and_then(|s| e.variants.iter().find(|v| v.wire == s));
                match named.or(e.variants.first()) {
                    Some(v) => format!("{lib}::models::{name}::{}", v.rust_name),
                    None => format!("{lib}::models::{name}::from_wire(\"value\")"),
                }
            }
            Some(TypeKind::Newtype(_)) => {
                let value = sample
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.example_string(name));
                format!("{lib}::models::{name}::new({value:?})?")
            }
            // A response-only object as a required request value would be a schema mistake the
            // crate's own doctests report; the example says what is missing.
            _ => format!("todo!(\"a {name}\")"),
        }
    }

    /// A struct literal of a request-side object: the sample's values or placeholders for the
    /// required fields, nothing for the optional ones.
    fn struct_literal(
        &self,
        name: &str,
        def: &crate::ir::StructDef,
        sample: Option<&serde_yaml::Mapping>,
        depth: usize,
    ) -> String {
        let lib = &self.lib_name;
        let fields: Vec<String> = def
            .fields
            .iter()
            .map(|f| {
                let value = sample.and_then(|m| m.get(f.wire_name.as_str()));
                let value = match (&f.repr, &f.ty) {
                    (FieldRepr::Optional | FieldRepr::RequiredNullable, _) => "None".to_owned(),
                    (FieldRepr::OptionalNullable, _) => format!("{lib}::Nullable::Unset"),
                    (FieldRepr::Required, ty) => {
                        self.owned_value(ty, &f.wire_name, value, depth + 1)
                    }
                };
                format!("{}: {value}", f.rust_name)
            })
            .collect();
        format!("{lib}::models::{name} {{ {} }}", fields.join(", "))
    }

    /// A value stored as it is, for a struct literal: setters convert `&str` and arrays, a field
    /// needs the `String` and the `Vec` themselves.
    fn owned_value(
        &self,
        ty: &TypeRef,
        wire: &str,
        sample: Option<&Value>,
        depth: usize,
    ) -> String {
        match (ty, sample) {
            (TypeRef::String, _) => format!("{}.to_owned()", self.example_value(ty, wire, sample)),
            (TypeRef::Array(item), Some(Value::Sequence(values))) if !values.is_empty() => {
                let items: Vec<String> = values
                    .iter()
                    .map(|v| self.owned_value(item, wire, Some(v), depth))
                    .collect();
                format!("vec![{}]", items.join(", "))
            }
            (TypeRef::Array(item), _) => {
                format!("vec![{}]", self.owned_value(item, wire, None, depth))
            }
            (TypeRef::Named(name), _) => self.named_value(name, sample, depth),
            _ => self.example_value(ty, wire, sample),
        }
    }
}

/// `NaiveDate::from_ymd_opt(2024, 1, 31)` for `2024-01-31`, or the default date when the text is
/// not a date.
fn date_literal(lib: &str, text: &str) -> String {
    let parts: Vec<Option<u32>> = text.split('-').map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [Some(y), Some(m), Some(d)] => {
            format!("{lib}::chrono::NaiveDate::from_ymd_opt({y}, {m}, {d}).unwrap_or_default()")
        }
        _ => format!("{lib}::chrono::NaiveDate::default()"),
    }
}

/// A `BTreeMap<String, String>` holding the string entries of a sample object.
fn string_map_literal(map: &serde_yaml::Mapping) -> String {
    let entries: Vec<String> = map
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?, v.as_str()?)))
        .map(|(k, v)| format!("({k:?}.to_owned(), {v:?}.to_owned())"))
        .collect();
    format!(
        "::std::collections::BTreeMap::from([{}])",
        entries.join(", ")
    )
}
