//! Lowering an operation's parameters: `$ref`s resolved, path-level ones merged with the
//! operation's, the path template split into literal and parameter parts, and the query
//! parameters as fields of the operation's parameters struct.

use super::docs::{self, docs_of};
use super::naming;
use super::operations::param_field;
use super::types::{Direction, field_repr};
use super::{Lowerer, suggest};
use crate::error::pointer_join;
use crate::ir::{Field, ParamField, ParamLocation, PathParam, PathPart, TypeKind, TypeRef};
use crate::spec::{self, Parameter, ParameterIn, PathItem, Schema};

const PARAMETER_PREFIX: &str = "#/components/parameters/";

/// A parameter after `$ref` resolution, with the pointer of its definition.
pub(super) struct ResolvedParam<'a> {
    pub(super) pointer: String,
    pub(super) name: &'a str,
    pub(super) location: ParameterIn,
    pub(super) param: &'a Parameter,
    pub(super) schema: &'a Schema,
}

impl<'a> Lowerer<'a> {
    /// Path-level and operation-level parameters, references resolved; the operation's win.
    pub(super) fn resolve_parameters(
        &mut self,
        item: &'a PathItem,
        op: &'a spec::Operation,
        pointer: &str,
    ) -> Vec<ResolvedParam<'a>> {
        let item_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p)
            .unwrap_or_default()
            .to_owned();
        let declared = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    pointer_join(&pointer_join(&item_pointer, "parameters"), &i.to_string()),
                    p,
                )
            })
            .chain(op.parameters.iter().enumerate().map(|(i, p)| {
                (
                    pointer_join(&pointer_join(pointer, "parameters"), &i.to_string()),
                    p,
                )
            }));
        let mut out: Vec<ResolvedParam<'a>> = Vec::new();
        for (at, param) in declared {
            let Some(resolved) = self.resolve_parameter(&at, param) else {
                continue;
            };
            out.retain(|p| !(p.name == resolved.name && p.location == resolved.location));
            out.push(resolved);
        }
        out
    }

    pub(super) fn resolve_parameter(
        &mut self,
        at: &str,
        param: &'a Parameter,
    ) -> Option<ResolvedParam<'a>> {
        let (pointer, param) = match &param.reference {
            None => (at.to_owned(), param),
            Some(reference) => {
                let key = reference.strip_prefix(PARAMETER_PREFIX);
                let target =
                    key.and_then(|k| self.doc.components.parameters.get(k).map(|p| (k, p)));
                let Some((key, target)) = target else {
                    let wanted = key.unwrap_or(reference);
                    let defined = self.doc.components.parameters.keys();
                    self.error(
                        &pointer_join(at, "$ref"),
                        format!(
                            "`{reference}` does not point to an entry of {PARAMETER_PREFIX}; {}",
                            suggest::existing("parameters", wanted, defined)
                        ),
                    );
                    return None;
                };
                if param.name.is_some() || param.schema.is_some() || param.location.is_some() {
                    self.error(at, "a parameter `$ref` must stand alone; move the other keys to the referenced parameter");
                }
                (pointer_join("/components/parameters", key), target)
            }
        };
        if param.reference.is_some() {
            self.error(&pointer, "a referenced parameter cannot itself be a `$ref`");
            return None;
        }
        let (Some(name), Some(location), Some(schema)) =
            (&param.name, param.location, &param.schema)
        else {
            self.error(&pointer, "a parameter needs `name`, `in` and `schema`");
            return None;
        };
        Some(ResolvedParam {
            pointer,
            name,
            location,
            param,
            schema,
        })
    }

    /// Splits the path template and matches its placeholders with path parameters.
    pub(super) fn lower_path(
        &mut self,
        template: &str,
        params: &[ResolvedParam<'a>],
        pointer: &str,
    ) -> (Vec<PathPart>, Vec<PathParam>) {
        let item_pointer = pointer
            .rsplit_once('/')
            .map(|(p, _)| p)
            .unwrap_or_default()
            .to_owned();
        let mut parts = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(&item_pointer, "unclosed `{` in the path template");
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params.iter().find(|p| p.location == ParameterIn::Path && p.name == name) {
                Some(param) => {
                    if let Some(mut lowered) = self.lower_path_param(param) {
                        // The method's parameters struct is an argument named `params`.
                        while lowered.rust_name == "params" || path_params.iter().any(|p| p.rust_name == lowered.rust_name) {
                            lowered.rust_name.push('_');
                        }
                        parts.push(PathPart::Param(path_params.len()));
                        path_params.push(lowered);
                    }
                }
                None => self.error(
                    pointer,
                    format!("the path template has `{{{name}}}` but the operation declares no path parameter `{name}`; add one with `in: path`"),
                ),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for p in params.iter().filter(|p| p.location == ParameterIn::Path) {
            if !template.contains(&format!("{{{}}}", p.name)) {
                self.error(
                    &p.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{template}`",
                        p.name
                    ),
                );
            }
        }
        (parts, path_params)
    }

    pub(super) fn lower_path_param(&mut self, p: &ResolvedParam<'a>) -> Option<PathParam> {
        if !p.param.required {
            self.error(&p.pointer, "a path parameter must have `required: true`");
        }
        let resolved = self.resolve(
            p.schema,
            &pointer_join(&p.pointer, "schema"),
            &naming::pascal(p.name),
            Direction::Request,
        )?;
        let is_string_like = match &resolved.ty {
            TypeRef::String => true,
            TypeRef::Named(name) => self
                .find_type(name)
                .is_some_and(|t| matches!(t.kind, TypeKind::Newtype(_))),
            _ => false,
        };
        if !is_string_like || resolved.nullable {
            self.error(&pointer_join(&p.pointer, "schema"), "a path parameter must be a non-null string or a reference to a named string schema");
            return None;
        }
        Some(PathParam {
            rust_name: naming::snake(p.name),
            wire_name: p.name.to_owned(),
            ty: resolved.ty,
            docs: docs_of(p.param.description.as_deref()),
        })
    }

    pub(super) fn lower_query(&mut self, params: &[ResolvedParam<'a>]) -> Vec<ParamField> {
        let mut fields = Vec::new();
        for p in params.iter().filter(|p| p.location == ParameterIn::Query) {
            let context = naming::pascal(p.name);
            let Some(resolved) = self.resolve(
                p.schema,
                &pointer_join(&p.pointer, "schema"),
                &context,
                Direction::Request,
            ) else {
                continue;
            };
            let exploded = p.param.explode.unwrap_or(true);
            let location = match (&resolved.ty, exploded) {
                (TypeRef::Array(_), true) => ParamLocation::QueryExploded,
                _ => ParamLocation::Query,
            };
            if matches!(resolved.ty, TypeRef::Json | TypeRef::Map(_)) {
                self.error(
                    &pointer_join(&p.pointer, "schema"),
                    "object-valued query parameters are not supported",
                );
                continue;
            }
            let repr = field_repr(p.param.required, resolved.nullable, Direction::Request);
            let mut docs = docs_of(p.param.description.as_deref());
            if docs.is_empty() {
                docs.push(docs::sentence(&format!(
                    "The `{}` query parameter.",
                    p.name
                )));
            }
            let field = Field {
                rust_name: naming::snake(p.name),
                wire_name: p.name.to_owned(),
                docs,
                ty: resolved.ty,
                repr,
            };
            let constraints =
                self.constraints_of(p.schema, &pointer_join(&p.pointer, "schema"), &field.ty);
            fields.push(param_field(field, location, constraints));
        }
        fields
    }
}
