//! Lowering an operation's parameters: `$ref`s resolved, path-level ones merged with the
//! operation's, the path template split into literal and parameter parts, and the query
//! parameters as fields of the operation's parameters.

use super::Diagnostics;
use super::builders::param_field;
use super::docs::{self, docs_of};
use super::naming;
use super::objects::field_repr;
use super::refs;
use super::types::{Direction, Types, deprecation};
use crate::error::pointer_join;
use crate::ir::{
    Access, Deprecation, Field, ParamField, ParamLocation, PathArg, PathParam, PathPart,
    QueryArrays, TypeKind, TypeRef, WireNaming,
};
use crate::spec::{self, Parameter, ParameterIn, ParameterStyle, PathItem, Schema};

/// A parameter after `$ref` resolution, with the pointer of its definition.
pub(super) struct ResolvedParam<'a> {
    pub(super) pointer: String,
    pub(super) name: &'a str,
    pub(super) location: ParameterIn,
    pub(super) param: &'a Parameter,
    pub(super) schema: &'a Schema,
}

/// Path-level and operation-level parameters, references resolved; the operation's win.
pub(super) fn resolve_all<'a>(
    doc: &'a spec::Document,
    item: &'a PathItem,
    op: &'a spec::Operation,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Vec<ResolvedParam<'a>> {
    let item_pointer = parent(pointer);
    let declared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                pointer_join(&pointer_join(item_pointer, "parameters"), &i.to_string()),
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
        let Some(resolved) = resolve_one(doc, &at, param, diags) else {
            continue;
        };
        out.retain(|p| !(p.name == resolved.name && p.location == resolved.location));
        out.push(resolved);
    }
    out
}

/// The pointer one level up.
fn parent(pointer: &str) -> &str {
    pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or_default()
}

fn resolve_one<'a>(
    doc: &'a spec::Document,
    at: &str,
    param: &'a Parameter,
    diags: &mut Diagnostics,
) -> Option<ResolvedParam<'a>> {
    let (pointer, param) = match &param.reference {
        None => (at.to_owned(), param),
        Some(reference) => {
            let target =
                refs::resolve::<Parameter>(doc, reference, &pointer_join(at, "$ref"), diags)?;
            if param.name.is_some() || param.schema.is_some() || param.location.is_some() {
                diags.error(at, "a parameter `$ref` must stand alone; move the other keys to the referenced parameter");
            }
            (target.pointer, target.item)
        }
    };
    if param.reference.is_some() {
        diags.error(&pointer, "a referenced parameter cannot itself be a `$ref`");
        return None;
    }
    let (Some(name), Some(location), Some(schema)) = (&param.name, param.location, &param.schema)
    else {
        diags.error(&pointer, "a parameter needs `name`, `in` and `schema`");
        return None;
    };
    if let ParameterIn::Header | ParameterIn::Cookie = location {
        let what = if location == ParameterIn::Header {
            "header"
        } else {
            "cookie"
        };
        diags.error(
            &pointer_join(&pointer, "in"),
            format!("{what} parameters are not supported: the SDK sends the same headers on every request (the API key, the user agent, the client's default headers); callers add others per request with `.header(..)`"),
        );
        return None;
    }
    Some(ResolvedParam {
        pointer,
        name,
        location,
        param,
        schema,
    })
}

impl<'a> Types<'a> {
    /// Splits the path template and matches its placeholders with path parameters.
    pub(super) fn lower_path(
        &mut self,
        template: &str,
        params: &[ResolvedParam<'a>],
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> (Vec<PathPart>, Vec<PathParam>) {
        let item_pointer = parent(pointer).to_owned();
        let mut parts = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                diags.error(&item_pointer, "unclosed `{` in the path template");
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params.iter().find(|p| p.location == ParameterIn::Path && p.name == name) {
                Some(param) => {
                    if let Some(mut lowered) = self.lower_path_param(param, diags) {
                        while path_params.iter().any(|p| p.rust_name == lowered.rust_name) {
                            lowered.rust_name.push('_');
                        }
                        parts.push(PathPart::Param(path_params.len()));
                        path_params.push(lowered);
                    }
                }
                None => diags.error(
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
                diags.error(
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

    fn lower_path_param(
        &mut self,
        p: &ResolvedParam<'a>,
        diags: &mut Diagnostics,
    ) -> Option<PathParam> {
        if !p.param.required {
            diags.error(&p.pointer, "a path parameter must have `required: true`");
        }
        if !matches!(p.param.style, None | Some(ParameterStyle::Simple))
            || p.param.explode == Some(true)
        {
            diags.error(&pointer_join(&p.pointer, "style"), "path parameters are sent as one percent-encoded segment (`style: simple`); other styles are not supported");
        }
        let resolved = self.resolve(
            p.schema,
            &pointer_join(&p.pointer, "schema"),
            &naming::pascal(p.name),
            Direction::Request,
            diags,
        )?;
        let arg = match self.unalias(&resolved.ty) {
            TypeRef::String => Some(PathArg::Str),
            TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Bool => Some(PathArg::Copied),
            TypeRef::Named(id) => self
                .get(*id)
                .filter(|t| matches!(t.kind, TypeKind::Newtype(_) | TypeKind::Enum(_)))
                .map(|_| PathArg::Borrowed),
            _ => None,
        };
        let (Some(arg), false) = (arg, resolved.nullable) else {
            diags.error(&pointer_join(&p.pointer, "schema"), "a path parameter must be a non-null string, number, boolean, enum or ID; arrays, objects and unions have no one-segment form");
            return None;
        };
        let constraints = match arg {
            PathArg::Borrowed => Vec::new(),
            _ => self.constraints_of(
                p.schema,
                &pointer_join(&p.pointer, "schema"),
                &resolved.ty,
                diags,
            ),
        };
        Some(PathParam {
            rust_name: naming::snake(p.name),
            wire_name: p.name.to_owned(),
            ty: resolved.ty,
            arg,
            constraints,
            docs: docs_of(p.param.description.as_deref()),
        })
    }

    /// The query parameters as fields, in order.
    pub(super) fn lower_query(
        &mut self,
        params: &[ResolvedParam<'a>],
        diags: &mut Diagnostics,
    ) -> Vec<ParamField> {
        let mut fields = Vec::new();
        for p in params.iter().filter(|p| p.location == ParameterIn::Query) {
            if !matches!(p.param.style, None | Some(ParameterStyle::Form)) {
                diags.error(&pointer_join(&p.pointer, "style"), "query parameters are sent as `name=value` pairs (`style: form`); other styles are not supported");
                continue;
            }
            let schema_at = pointer_join(&p.pointer, "schema");
            let context = naming::pascal(p.name);
            let Some(resolved) =
                self.resolve(p.schema, &schema_at, &context, Direction::Request, diags)
            else {
                continue;
            };
            // `explode` defaults to true for `style: form`; it only changes how arrays travel.
            let arrays = match (&resolved.ty, p.param.explode) {
                (TypeRef::Array(_), Some(true) | None) => QueryArrays::Exploded,
                _ => QueryArrays::Joined,
            };
            if !self.is_query_value(&resolved.ty) {
                diags.error(&schema_at, "a query parameter must be a scalar, an enum, an ID or an array of them; objects and unions have no query form");
                continue;
            }
            let repr = field_repr(p.param.required, resolved.nullable, Direction::Request);
            let deprecated = deprecation(Some(
                p.param.deprecated || p.schema.deprecated == Some(true),
            ));
            let mut docs = docs_of(p.param.description.as_deref());
            if docs.is_empty() {
                docs.push(docs::sentence(&format!(
                    "The `{}` query parameter.",
                    p.name
                )));
            }
            if deprecated == Deprecation::Deprecated {
                docs.push("**Deprecated** in the API description.".to_owned());
            }
            let field = Field {
                rust_name: naming::snake(p.param.rust_name.as_deref().unwrap_or(p.name)),
                wire_name: p.name.to_owned(),
                docs,
                ty: resolved.ty,
                repr,
                access: Access::ReadWrite,
                naming: WireNaming::Rule,
                deprecated,
                sensitivity: super::sensitive::sensitivity(self.doc, p.schema),
            };
            let constraints = self.constraints_of(p.schema, &schema_at, &field.ty, diags);
            fields.push(param_field(
                field,
                ParamLocation::Query(arrays),
                constraints,
            ));
        }
        fields
    }

    /// Whether values of `ty` have a query-string form.
    fn is_query_value(&self, ty: &TypeRef) -> bool {
        match self.unalias(ty) {
            TypeRef::Array(item) => {
                !matches!(**item, TypeRef::Array(_)) && self.is_query_value(item)
            }
            TypeRef::Json | TypeRef::Map(_) | TypeRef::OrNull(_) => false,
            TypeRef::Named(id) => self
                .get(*id)
                .is_some_and(|t| matches!(t.kind, TypeKind::Enum(_) | TypeKind::Newtype(_))),
            _ => true,
        }
    }
}
