//! The usage example of each method's rustdoc: a call with every required value filled in, plus a
//! couple of optional ones, as structured data that `emit` prints.
//!
//! Values come from the schema where it has them: the request body's example, a parameter's
//! example, an ID's documented example, an enum value the example names. Where it has none, a
//! placeholder of the right type stands in. A list method's example walks every item with the
//! auto-paginating stream, which is what a caller usually wants.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::naming;
use super::parameters::ResolvedParam;
use super::types::Types;
use crate::ir::{
    BuilderDef, Construction, Deprecation, Example, ExampleCall, ExampleOutput, ExampleSetter,
    ExampleValue, Field, FieldRepr, FieldRule, PathArg, PathParam, Sensitivity, StructDef, TypeId,
    TypeKind, TypeRef,
};
use crate::spec;

/// How many optional parameters with an example value the method example sets.
const OPTIONAL_IN_EXAMPLE: usize = 2;

/// How many objects deep a struct literal goes, so that a recursive schema ends.
const MAX_DEPTH: usize = 4;

/// The example value the schema gives for each parameter and body property, by wire name.
pub(super) type Samples = BTreeMap<String, Value>;

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
pub(super) fn first_example(example: Option<&Value>, examples: Option<&Value>) -> Option<Value> {
    if let Some(example) = example {
        return Some(example.clone());
    }
    let (_, first) = examples?.as_mapping()?.iter().next()?;
    first.get("value").cloned()
}

/// The example of a method: its path arguments, its parameters, and what is done with the
/// result (`output`, and `shown`, the type a field is printed of: the response or a list item).
pub(super) fn example(
    types: &Types<'_>,
    resource: &[String],
    method: &str,
    path_params: &[PathParam],
    builder: Option<&BuilderDef>,
    (output, shown): (ExampleOutput, Option<&TypeRef>),
    samples: &Samples,
) -> Example {
    let values = Values { types };
    let path_args = path_params
        .iter()
        .map(|p| match (p.arg, &p.ty) {
            // An ID shows its own documented example, wherever it is used.
            (PathArg::Borrowed, TypeRef::Named(id)) => {
                ExampleValue::Ref(Box::new(values.named(*id, None, 0)))
            }
            (PathArg::Copied, ty) => values.argument(ty, &p.wire_name, samples.get(&p.wire_name)),
            // A free-text path parameter shows its own example, where it has one.
            (_, ty) => values.argument(ty, &p.wire_name, samples.get(&p.wire_name)),
        })
        .collect();
    Example {
        call: ExampleCall {
            accessors: resource.iter().map(|s| naming::snake(s)).collect(),
            method: method.to_owned(),
            path_args,
            setters: builder
                .map(|b| values.setters(b, samples))
                .unwrap_or_default(),
        },
        output,
        printed: shown.and_then(|ty| printed_field(types, ty)),
    }
}

/// The field an example prints of a value of type `ty`: one that is not sensitive nor
/// deprecated, preferably a required identifier (a newtype), then any required field, then any.
fn printed_field(types: &Types<'_>, ty: &TypeRef) -> Option<String> {
    let TypeRef::Named(id) = types.unalias(ty) else {
        return None;
    };
    let Some(TypeKind::Struct(s)) = types.get(*id).map(|t| &t.kind) else {
        return None;
    };
    let shown =
        |f: &&Field| f.sensitivity == Sensitivity::Plain && f.deprecated == Deprecation::Current;
    let required = |f: &&Field| f.repr == FieldRepr::Required;
    let identifier = |f: &&Field| match &f.ty {
        TypeRef::Named(id) => matches!(types.get(*id).map(|t| &t.kind), Some(TypeKind::Newtype(_))),
        _ => false,
    };
    let candidates = || s.fields.iter().filter(shown);
    let field = candidates()
        .find(|f| required(f) && identifier(f))
        .or_else(|| candidates().find(required))
        .or_else(|| candidates().next())?;
    Some(field.rust_name.clone())
}

/// A URL standing in for a URL property the schema has no example of.
fn placeholder_url(wire: &str) -> String {
    format!("https://example.com/{wire}")
}

/// A value of the request-side model `id` built from the schema's `sample`, as the answer a
/// webhook receiver returns in the crate's example.
pub(super) fn model_value(types: &Types<'_>, id: TypeId, sample: Option<&Value>) -> ExampleValue {
    Values { types }.named(id, sample, 0)
}

/// Makes example values from the type table.
struct Values<'t, 'a> {
    types: &'t Types<'a>,
}

impl Values<'_, '_> {
    /// The setters of the example: every required field, the first few optional ones the schema
    /// has an example for, and one field of each rule over several fields that none of those
    /// already sets.
    fn setters(&self, builder: &BuilderDef, samples: &Samples) -> Vec<ExampleSetter> {
        let fields = &builder.fields;
        let mut chosen: Vec<usize> = (0..fields.len())
            .filter(|&i| fields[i].field.repr.is_required())
            .collect();
        let optional = (0..fields.len())
            .filter(|&i| !fields[i].field.repr.is_required())
            .filter(|&i| samples.contains_key(&fields[i].field.wire_name))
            .take(OPTIONAL_IN_EXAMPLE);
        chosen.extend(optional);
        for rule in &builder.rules {
            let named = match rule {
                FieldRule::AtLeast { fields, .. } | FieldRule::ExactlyOne { fields } => fields,
            };
            if let Some(&first) = named.first() {
                if !named.iter().any(|i| chosen.contains(i)) {
                    chosen.push(first);
                }
            }
        }
        chosen.sort_unstable();
        chosen
            .into_iter()
            .map(|i| {
                let f = &fields[i].field;
                ExampleSetter {
                    method: fields[i].setter.method.clone(),
                    value: self.argument(&f.ty, &f.wire_name, samples.get(&f.wire_name)),
                }
            })
            .collect()
    }

    /// The documented example of a newtype, or a placeholder.
    fn documented_example(&self, id: TypeId) -> String {
        match self.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Newtype(n)) => n.example.clone(),
            _ => None,
        }
        .unwrap_or_else(|| "example".to_owned())
    }

    /// A value of type `ty` given to a setter: the schema's `sample` when it fits the type, a
    /// placeholder otherwise. Setters convert strings and take any iterator.
    fn argument(&self, ty: &TypeRef, wire: &str, sample: Option<&Value>) -> ExampleValue {
        match (self.types.unalias(ty), sample) {
            (TypeRef::String, Some(Value::String(s))) => ExampleValue::Str(s.clone()),
            (TypeRef::String, _) => ExampleValue::Str(format!("{wire}-example")),
            // Setters take `impl Into<SecretUrl>`, which a string literal is.
            (TypeRef::SecretUrl, Some(Value::String(s))) => ExampleValue::Str(s.clone()),
            (TypeRef::SecretUrl, _) => ExampleValue::Str(placeholder_url(wire)),
            (TypeRef::Array(item), Some(Value::Sequence(values))) if !values.is_empty() => {
                ExampleValue::Array(
                    values
                        .iter()
                        .map(|v| self.argument(item, wire, Some(v)))
                        .collect(),
                )
            }
            (TypeRef::Array(item), _) => ExampleValue::Array(vec![self.argument(item, wire, None)]),
            (TypeRef::OrNull(inner), _) => self.argument(inner, wire, sample),
            (ty, _) => self.scalar(ty, sample, 0),
        }
    }

    /// A value stored as it is, for a struct literal: a field needs the `String` and the `Vec`.
    fn owned(
        &self,
        ty: &TypeRef,
        wire: &str,
        sample: Option<&Value>,
        depth: usize,
    ) -> ExampleValue {
        match (self.types.unalias(ty), sample) {
            (TypeRef::String, Some(Value::String(s))) => ExampleValue::String(s.clone()),
            (TypeRef::String, _) => ExampleValue::String(format!("{wire}-example")),
            (TypeRef::SecretUrl, Some(Value::String(s))) => ExampleValue::SecretUrl(s.clone()),
            (TypeRef::SecretUrl, _) => ExampleValue::SecretUrl(placeholder_url(wire)),
            (TypeRef::Array(item), Some(Value::Sequence(values))) if !values.is_empty() => {
                ExampleValue::Vec(
                    values
                        .iter()
                        .map(|v| self.owned(item, wire, Some(v), depth))
                        .collect(),
                )
            }
            (TypeRef::Array(item), _) => {
                ExampleValue::Vec(vec![self.owned(item, wire, None, depth)])
            }
            (TypeRef::OrNull(_), _) => ExampleValue::None,
            (ty, _) => self.scalar(ty, sample, depth),
        }
    }

    /// Values other than strings and arrays, which are the same whether given or stored.
    fn scalar(&self, ty: &TypeRef, sample: Option<&Value>, depth: usize) -> ExampleValue {
        match (ty, sample) {
            (TypeRef::Bool, Some(Value::Bool(b))) => ExampleValue::Bool(*b),
            (TypeRef::Bool, _) => ExampleValue::Bool(true),
            (TypeRef::Integer(_), Some(Value::Number(n))) if n.as_i64().is_some() => {
                ExampleValue::Int(n.as_i64().unwrap_or(1))
            }
            (TypeRef::Integer(_), _) => ExampleValue::Int(1),
            (TypeRef::Number(_), Some(Value::Number(n))) => match n.as_f64() {
                Some(f) if f.is_finite() => ExampleValue::Float(f),
                _ => ExampleValue::Float(1.0),
            },
            (TypeRef::Number(_), _) => ExampleValue::Float(1.0),
            (TypeRef::DateTime, _) => ExampleValue::Now,
            (TypeRef::Date, Some(Value::String(s))) => date(s),
            (TypeRef::Date, _) => ExampleValue::DefaultDate,
            (TypeRef::Map(value), Some(Value::Mapping(map))) if **value == TypeRef::String => {
                ExampleValue::StringMap(
                    map.iter()
                        .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.to_owned())))
                        .collect(),
                )
            }
            (TypeRef::Named(id), _) => self.named(*id, sample, depth),
            (TypeRef::Json, _) => ExampleValue::Json(
                sample
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or_else(|| serde_json::Value::Object(serde_json::Map::new())),
            ),
            _ => ExampleValue::Default,
        }
    }

    /// A value of a named type: the enum variant or ID the sample names, else the first variant
    /// or the ID's documented example; a request-side object as a struct literal.
    fn named(&self, id: TypeId, sample: Option<&Value>, depth: usize) -> ExampleValue {
        let object = sample.and_then(Value::as_mapping);
        let text = sample.and_then(Value::as_str);
        match self.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Struct(s))
                if s.construction == Construction::Open && depth < MAX_DEPTH =>
            {
                self.struct_literal(id, s, object, depth)
            }
            Some(TypeKind::Enum(e)) => {
                let named = text.and_then(|s| e.variants.iter().find(|v| v.wire == s));
                match named.or(e.variants.first()) {
                    Some(v) => ExampleValue::Variant {
                        ty: id,
                        variant: v.rust_name.clone(),
                    },
                    None => ExampleValue::FromWire {
                        ty: id,
                        wire: "value".to_owned(),
                    },
                }
            }
            Some(TypeKind::Newtype(_)) => ExampleValue::Newtype {
                ty: id,
                value: text
                    .map(str::to_owned)
                    .unwrap_or_else(|| self.documented_example(id)),
            },
            // The first member the example can make a value of.
            Some(TypeKind::Union(u)) if depth < MAX_DEPTH => u
                .variants
                .iter()
                .map(|v| (v, self.owned(&v.ty, &v.rust_name, sample, depth + 1)))
                .find(|(_, value)| !matches!(value, ExampleValue::Missing { .. }))
                .map_or(ExampleValue::Missing { ty: id }, |(v, value)| {
                    ExampleValue::UnionVariant {
                        ty: id,
                        variant: v.rust_name.clone(),
                        value: Box::new(value),
                    }
                }),
            // A response-only object as a required request value would be a schema mistake the
            // crate's own doctests report; the example says what is missing.
            _ => ExampleValue::Missing { ty: id },
        }
    }

    /// A struct literal of a request-side object: the sample's values or placeholders for the
    /// required fields, nothing for the optional ones.
    fn struct_literal(
        &self,
        id: TypeId,
        def: &StructDef,
        sample: Option<&serde_yaml::Mapping>,
        depth: usize,
    ) -> ExampleValue {
        let fields = def
            .fields
            .iter()
            .map(|f| {
                let value = sample.and_then(|m| m.get(f.wire_name.as_str()));
                let value = match f.repr {
                    FieldRepr::Optional | FieldRepr::RequiredNullable => ExampleValue::None,
                    FieldRepr::OptionalNullable => ExampleValue::Unset,
                    FieldRepr::Required => self.owned(&f.ty, &f.wire_name, value, depth + 1),
                };
                (f.rust_name.clone(), value)
            })
            .collect();
        ExampleValue::Struct { ty: id, fields }
    }
}

/// A date for `2024-01-31`, or the default date when the text is not a date.
fn date(text: &str) -> ExampleValue {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
            (Ok(year), Ok(month), Ok(day)) => ExampleValue::Date { year, month, day },
            _ => ExampleValue::DefaultDate,
        },
        _ => ExampleValue::DefaultDate,
    }
}
