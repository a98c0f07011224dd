//! Lowering constraints: the limits of a schema that the SDK checks before sending a request.
//!
//! Constraints are read where a value is sent (a newtype, a query parameter, a body property),
//! with the Rust type the value has there. A limit that cannot be checked on that type is an
//! error at its keyword rather than something dropped; one that does not apply to the schema's
//! declared type at all is reported by the keyword checks (`checks`) instead, once.

use super::Diagnostics;
use super::checks;
use super::refs;
use super::types::{Types, referenced_key};
use super::unions;
use crate::error::pointer_join;
use crate::ir::{Bound, Constraint, TypeKind, TypeRef};
use crate::spec::{AdditionalProperties, Schema};

impl Types<'_> {
    /// The constraints of a schema that can be checked before sending a value of type `ty`.
    pub(super) fn constraints_of(
        &self,
        schema: &Schema,
        pointer: &str,
        ty: &TypeRef,
        diags: &mut Diagnostics,
    ) -> Vec<Constraint> {
        // A reference to an alias brings the alias's constraints; other references are checked
        // where their type is made (a newtype's constructor) or not at all (objects).
        if let Some(key) = referenced_key(schema) {
            let target = refs::component::<Schema>(self.doc, key);
            let alias = self
                .component(key)
                .and_then(|id| match self.get(id).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => Some(inner.clone()),
                    _ => None,
                });
            return match (target, alias) {
                (Some(target), Some(inner)) => {
                    self.constraints_of(target.item, &target.pointer, &inner, diags)
                }
                _ => Vec::new(),
            };
        }
        // A nullable union holds its constraints in the non-null alternative.
        if let Some((key, members)) = unions::members(schema) {
            if unions::is_nullable_pair(members) {
                if let Some((i, inner)) = members
                    .iter()
                    .enumerate()
                    .find(|(_, s)| !unions::is_null(s))
                {
                    let at = pointer_join(&pointer_join(pointer, key), &i.to_string());
                    return self.constraints_of(inner, &at, ty, diags);
                }
            }
        }
        // An item or value that may be null is checked when it is not.
        if let TypeRef::OrNull(inner) = ty {
            let inner = self.constraints_of(schema, pointer, inner, diags);
            return if inner.is_empty() {
                inner
            } else {
                vec![Constraint::UnlessNull(inner)]
            };
        }
        let mut out = Vec::new();
        for (key, constraint) in self.own_constraints(schema, pointer, ty, diags) {
            if self.constraint_fits(schema, key, ty, &pointer_join(pointer, key), diags) {
                out.push(constraint);
            }
        }
        if let Some(names) = &schema.property_names {
            let at = pointer_join(pointer, "propertyNames");
            let keys = self.constraints_of(names, &at, &TypeRef::String, diags);
            if !keys.is_empty() && self.constraint_fits(schema, "propertyNames", ty, &at, diags) {
                out.push(Constraint::Keys(keys));
            }
        }
        let values = match (&schema.additional_properties, &schema.items, ty) {
            (Some(AdditionalProperties::Schema(v)), _, TypeRef::Map(value)) => self.constraints_of(
                v,
                &pointer_join(pointer, "additionalProperties"),
                value,
                diags,
            ),
            (_, Some(items), TypeRef::Array(item)) => {
                self.constraints_of(items, &pointer_join(pointer, "items"), item, diags)
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
        &self,
        schema: &Schema,
        pointer: &str,
        ty: &TypeRef,
        diags: &mut Diagnostics,
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
                Err(e) => diags.error(
                    &pointer_join(pointer, "pattern"),
                    format!("`{p}` is not a supported regular expression: {e}"),
                ),
            }
        }
        let bounds = [
            (
                "minimum",
                &schema.minimum,
                Constraint::Minimum as fn(Bound) -> Constraint,
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
            let Some(number) = bound else { continue };
            let bound = match (ty, number.as_i64()) {
                (TypeRef::Number(_), _) => number.as_f64().map(Bound::Float),
                (_, Some(n)) => Some(Bound::Int(n)),
                (_, None) => None,
            };
            match bound {
                Some(bound) => out.push((key, make(bound))),
                None => diags.error(
                    &pointer_join(pointer, key),
                    format!("`{key}: {number}` is not a whole number, but it bounds an integer; write a whole number or make the value a `number`"),
                ),
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
    fn constraint_fits(
        &self,
        schema: &Schema,
        key: &str,
        ty: &TypeRef,
        at: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        let fits = match checks::keyword_type(key) {
            Some("string") => *ty == TypeRef::String,
            Some("integer") => matches!(ty, TypeRef::Integer(_) | TypeRef::Number(_)),
            Some("array") => matches!(ty, TypeRef::Array(_)),
            Some("object") => matches!(ty, TypeRef::Map(_)),
            _ => true,
        };
        let implied = matches!(ty, TypeRef::String).then_some("string");
        let declared = checks::declared_types(schema, implied);
        // A keyword that does not apply to the declared type is reported by the keyword checks.
        if !fits && declared.is_some_and(|types| checks::applies(key, &types)) {
            let what = self.describe_type(ty);
            diags.error(
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
            TypeRef::Integer(_) => "an integer".into(),
            TypeRef::Number(_) => "a number".into(),
            TypeRef::DateTime => "a date-time".into(),
            TypeRef::Date => "a date".into(),
            TypeRef::SecretUrl => "a secret URL".into(),
            TypeRef::Json => {
                "free-form JSON (give `additionalProperties` a schema to make it a map)".into()
            }
            TypeRef::Array(_) => "an array".into(),
            TypeRef::Map(_) => "a map".into(),
            TypeRef::OrNull(inner) => self.describe_type(inner),
            TypeRef::Named(id) => {
                let name = self.name(*id);
                match self.get(*id).map(|t| &t.kind) {
                    Some(TypeKind::Enum(_)) => format!("the enum `{name}`"),
                    Some(TypeKind::Newtype(_)) => format!("`{name}` (put it in that schema)"),
                    Some(TypeKind::Union(_)) => format!("the union `{name}`"),
                    Some(TypeKind::Alias(inner)) => self.describe_type(inner),
                    _ => format!("the object `{name}` (only maps have entry limits)"),
                }
            }
        }
    }
}
