//! Lowering constraints: the limits of a schema that the SDK checks before sending a request.
//!
//! Constraints are read where a value is sent (a newtype, a query parameter, a body property),
//! with the Rust type the value has there. A limit that cannot be checked on that type is an
//! error at its keyword rather than something dropped; one that does not apply to the schema's
//! declared type at all is reported by the keyword checks (`keywords`) instead, once.

use super::Lowerer;
use super::keywords;
use crate::error::pointer_join;
use crate::ir::{Constraint, TypeKind, TypeRef};
use crate::spec::{AdditionalProperties, Schema, TypeSet};

impl Lowerer<'_> {
    /// The constraints of a schema that can be checked before sending a value of type `ty`.
    pub(super) fn constraints_of(
        &mut self,
        schema: &Schema,
        pointer: &str,
        ty: &TypeRef,
    ) -> Vec<Constraint> {
        // A nullable union holds its constraints in the non-null alternative.
        for (key, alternatives) in [("anyOf", &schema.any_of), ("oneOf", &schema.one_of)] {
            let is_null = |s: &Schema| matches!(&s.kind, Some(TypeSet::One(t)) if t == "null");
            if let Some((i, inner)) = alternatives
                .iter()
                .flatten()
                .enumerate()
                .find(|(_, s)| !is_null(s))
            {
                let at = pointer_join(&pointer_join(pointer, key), &i.to_string());
                return self.constraints_of(inner, &at, ty);
            }
        }
        let mut out = Vec::new();
        for (key, constraint) in self.own_constraints(schema, pointer) {
            if self.constraint_fits(schema, key, ty, &pointer_join(pointer, key)) {
                out.push(constraint);
            }
        }
        if let Some(names) = &schema.property_names {
            let at = pointer_join(pointer, "propertyNames");
            let keys = self.constraints_of(names, &at, &TypeRef::String);
            if !keys.is_empty() && self.constraint_fits(schema, "propertyNames", ty, &at) {
                out.push(Constraint::Keys(keys));
            }
        }
        let values = match (&schema.additional_properties, &schema.items, ty) {
            (Some(AdditionalProperties::Schema(v)), _, TypeRef::Map(value)) => {
                self.constraints_of(v, &pointer_join(pointer, "additionalProperties"), value)
            }
            (_, Some(items), TypeRef::Array(item)) if items.reference.is_none() => {
                self.constraints_of(items, &pointer_join(pointer, "items"), item)
            }
            _ => Vec::new(),
        };
        if !values.is_empty() {
            out.push(Constraint::Values(values));
        }
        out
    }

    /// The constraints a schema states about its own value, each with its keyword.
    fn own_constraints(
        &mut self,
        schema: &Schema,
        pointer: &str,
    ) -> Vec<(&'static str, Constraint)> {
        let mut out = Vec::new();
        if let Some(n) = schema.min_length {
            out.push(("minLength", Constraint::MinLength(n)));
        }
        if let Some(n) = schema.max_length {
            out.push(("maxLength", Constraint::MaxLength(n)));
        }
        if let Some(p) = &schema.pattern {
            // The SDK checks patterns with the same engine, so one that compiles here works there.
            match regex_lite::Regex::new(p) {
                Ok(_) => out.push(("pattern", Constraint::Pattern(p.clone()))),
                Err(e) => self.error(
                    &pointer_join(pointer, "pattern"),
                    format!("`{p}` is not a supported regular expression: {e}"),
                ),
            }
        }
        let bounds = [
            (
                "minimum",
                &schema.minimum,
                Constraint::Minimum as fn(i64) -> Constraint,
            ),
            ("maximum", &schema.maximum, Constraint::Maximum),
            (
                "exclusiveMinimum",
                &schema.exclusive_minimum,
                Constraint::ExclusiveMinimum,
            ),
            (
                "exclusiveMaximum",
                &schema.exclusive_maximum,
                Constraint::ExclusiveMaximum,
            ),
        ];
        for (key, bound, make) in bounds {
            if let Some(number) = bound {
                match number.as_i64() {
                    Some(n) => out.push((key, make(n))),
                    None => self.error(
                        &pointer_join(pointer, key),
                        "only integer bounds are supported",
                    ),
                }
            }
        }
        for (key, count, make) in [
            (
                "minProperties",
                schema.min_properties,
                Constraint::MinEntries as fn(u64) -> Constraint,
            ),
            (
                "maxProperties",
                schema.max_properties,
                Constraint::MaxEntries,
            ),
            ("minItems", schema.min_items, Constraint::MinEntries),
            ("maxItems", schema.max_items, Constraint::MaxEntries),
        ] {
            if let Some(n) = count {
                out.push((key, make(n)));
            }
        }
        out
    }

    /// Whether the SDK can check keyword `key` on a value of type `ty`; reports it when not.
    fn constraint_fits(&mut self, schema: &Schema, key: &str, ty: &TypeRef, at: &str) -> bool {
        let fits = match keywords::keyword_type(key) {
            Some("string") => *ty == TypeRef::String,
            Some("integer") => *ty == TypeRef::Integer,
            Some("array") => matches!(ty, TypeRef::Array(_)),
            Some("object") => matches!(ty, TypeRef::Map(_)),
            _ => true,
        };
        let implied = matches!(ty, TypeRef::String).then_some("string");
        let declared = keywords::declared_types(schema, implied);
        // A keyword that does not apply to the declared type is reported by the keyword checks.
        if !fits && declared.is_some_and(|types| keywords::applies(key, &types)) {
            let what = self.describe_type(ty);
            self.error(
                at,
                format!("`{key}` cannot be checked before sending on {what}; remove it (the server still enforces it)"),
            );
        }
        fits
    }

    /// How a value of type `ty` is called in messages.
    fn describe_type(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::String => "a string".into(),
            TypeRef::Bool => "a boolean".into(),
            TypeRef::Integer => "an integer".into(),
            TypeRef::Number => "a `number` (only `integer` bounds are checked)".into(),
            TypeRef::DateTime => "a date-time".into(),
            TypeRef::Date => "a date".into(),
            TypeRef::Json => {
                "free-form JSON (give `additionalProperties` a schema to make it a map)".into()
            }
            TypeRef::Array(_) => "an array".into(),
            TypeRef::Map(_) => "a map".into(),
            TypeRef::Named(name) => match self.find_type(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => format!("the enum `{name}`"),
                Some(TypeKind::Newtype(_)) => format!("`{name}` (put it in that schema)"),
                _ => format!("the object `{name}` (only maps have entry limits)"),
            },
        }
    }
}
