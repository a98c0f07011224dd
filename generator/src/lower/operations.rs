//! Lowering operations: SDK position, path template, parameters, body, response and pagination.

use super::docs::{self, docs_of};
use super::naming::{self, NameSet};
use super::suggest;
use super::types::{Direction, field_repr};
use super::{Lowerer, Placed};
use crate::error::pointer_join;
use crate::ir::{
    Field, FieldRepr, HttpMethod, Operation, PaginationDef, ParamField, ParamLocation, ParamsDef,
    PathParam, PathPart, QueryParam, SetterInput, TypeDef, TypeKind, TypeRef,
};
use crate::spec::{self, Parameter, ParameterIn, PathItem, Schema};

const PARAMETER_PREFIX: &str = "#/components/parameters/";
const RESPONSE_PREFIX: &str = "#/components/responses/";
const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A parameter after `$ref` resolution, with the pointer of its definition.
struct ResolvedParam<'a> {
    pointer: String,
    name: &'a str,
    location: ParameterIn,
    param: &'a Parameter,
    schema: &'a Schema,
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation of every path, in document order.
    pub(super) fn lower_operations(&mut self) -> Vec<Placed> {
        let mut placed = Vec::new();
        for (path, item) in &self.doc.paths {
            let item_pointer = pointer_join("/paths", path);
            if !path.starts_with('/') {
                self.error(&item_pointer, "a path must start with `/`");
                continue;
            }
            for (method, op) in item.operations() {
                let pointer = pointer_join(&item_pointer, method);
                if let Some(p) = self.lower_operation(path, method, item, op, &pointer) {
                    placed.push(p);
                }
            }
        }
        placed
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a PathItem,
        op: &'a spec::Operation,
        pointer: &str,
    ) -> Option<Placed> {
        let segments = self.operation_segments(op, pointer)?;
        let (method_segment, resource) = segments.split_last()?;
        let method_name = naming::snake(method_segment);
        let http_method = match method {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            _ => HttpMethod::Delete,
        };
        let op_name = naming::pascal(&segments.join(" "));
        let params = self.resolve_parameters(item, op, pointer);
        let (path_parts, path_params) = self.lower_path(path, &params, pointer);
        let mut fields = self.lower_query(&params);
        fields.extend(self.lower_body(op, pointer, &op_name));
        let query: Vec<QueryParam> = fields
            .iter()
            .filter(|f| f.location != ParamLocation::Body)
            .map(|f| QueryParam {
                rust_name: f.field.rust_name.clone(),
                wire_name: f.field.wire_name.clone(),
                exploded: f.location == ParamLocation::QueryExploded,
            })
            .collect();
        let has_body = op.request_body.is_some();
        let response = self.lower_response(op, pointer, &op_name)?;
        let pagination = self.lower_pagination(op, pointer, &response, &query);
        let method_path = format!(
            "{}::{}",
            naming::pascal(&resource.join(" ")),
            naming::unraw(&method_name)
        );
        let params_name = if fields.is_empty() {
            None
        } else {
            self.push_params(&format!("{op_name}Params"), fields, pointer, &method_path)
        };
        let mut docs = docs_of(op.summary.as_deref());
        docs.extend(docs_of(op.description.as_deref()));
        docs.push(docs::sentence(&format!(
            "Sends `{} {path}`.",
            http_method.as_str()
        )));
        let example = self.example(
            resource,
            &method_name,
            &path_params,
            params_name.as_deref(),
            pagination.is_some(),
        );
        Some(Placed {
            resource: resource.to_vec(),
            pointer: pointer.to_owned(),
            operation: Operation {
                method_name,
                operation_id: segments.join("."),
                http_method,
                path_template: path.to_owned(),
                path: path_parts,
                path_params,
                params: params_name,
                query,
                has_body,
                response,
                pagination,
                docs,
                example,
                deprecated: op.deprecated,
            },
        })
    }

    /// Splits and checks the operationId, which places the operation in the SDK tree.
    fn operation_segments(&mut self, op: &spec::Operation, pointer: &str) -> Option<Vec<String>> {
        let at = pointer_join(pointer, "operationId");
        let Some(id) = &op.operation_id else {
            self.error(
                pointer,
                "missing `operationId`; write the SDK position, e.g. `viewer.studies.list`",
            );
            return None;
        };
        let segments: Vec<String> = id.split('.').map(str::to_owned).collect();
        let valid = |s: &String| {
            s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if segments.len() < 2 || !segments.iter().all(valid) {
            self.error(
                &at,
                format!("`{id}` is not an SDK position; use dot-separated snake_case segments, resource path then method, e.g. `viewer.studies.list`"),
            );
            return None;
        }
        Some(segments)
    }

    /// Path-level and operation-level parameters, references resolved; the operation's win.
    fn resolve_parameters(
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

    fn resolve_parameter(&mut self, at: &str, param: &'a Parameter) -> Option<ResolvedParam<'a>> {
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
    fn lower_path(
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

    fn lower_path_param(&mut self, p: &ResolvedParam<'a>) -> Option<PathParam> {
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

    fn lower_query(&mut self, params: &[ResolvedParam<'a>]) -> Vec<ParamField> {
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

    fn lower_body(
        &mut self,
        op: &'a spec::Operation,
        pointer: &str,
        op_name: &str,
    ) -> Vec<ParamField> {
        let Some(body) = &op.request_body else {
            return Vec::new();
        };
        let at = pointer_join(pointer, "requestBody");
        let mut fields = Vec::new();
        for (media, content) in &body.content {
            let media_at = pointer_join(&pointer_join(&at, "content"), media);
            if media != "application/json" {
                self.error(
                    &media_at,
                    format!(
                        "request bodies of type `{media}` are not supported; use application/json"
                    ),
                );
                continue;
            }
            let Some(schema) = &content.schema else {
                self.error(&media_at, "a request body needs a `schema`");
                continue;
            };
            let (schema, schema_at, owner) = match &schema.reference {
                Some(reference) => {
                    let key = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or_default();
                    let Some(target) = self.doc.components.schemas.get(key) else {
                        let defined = self.doc.components.schemas.keys();
                        self.error(
                            &pointer_join(&pointer_join(&media_at, "schema"), "$ref"),
                            format!(
                                "`{reference}` points to a schema that does not exist; {}",
                                suggest::existing("schemas", key, defined)
                            ),
                        );
                        continue;
                    };
                    (
                        target,
                        pointer_join("/components/schemas", key),
                        naming::pascal(key),
                    )
                }
                None => (
                    schema,
                    pointer_join(&media_at, "schema"),
                    format!("{op_name}Body"),
                ),
            };
            if schema.properties.is_none() {
                self.error(
                    &schema_at,
                    "a request body must be an object with `properties`",
                );
                continue;
            }
            let lowered = self.lower_fields(&owner, schema, &schema_at, Direction::Request);
            for field in lowered {
                let prop = schema
                    .properties
                    .as_ref()
                    .and_then(|p| p.get(&field.wire_name));
                let constraints = match prop {
                    Some(prop) if prop.reference.is_none() => {
                        let prop_at =
                            pointer_join(&pointer_join(&schema_at, "properties"), &field.wire_name);
                        self.constraints_of(prop, &prop_at, &field.ty)
                    }
                    _ => Vec::new(),
                };
                fields.push(param_field(field, ParamLocation::Body, constraints));
            }
        }
        fields
    }

    fn push_params(
        &mut self,
        name: &str,
        fields: Vec<ParamField>,
        pointer: &str,
        method_path: &str,
    ) -> Option<String> {
        let builder_name = format!("{name}Builder");
        if !self.claim_type_name(name, pointer) || !self.claim_type_name(&builder_name, pointer) {
            return None;
        }
        let mut members = NameSet::default();
        for f in &fields {
            let names = [
                Some(naming::unraw(&f.field.rust_name).to_owned()),
                f.null_setter.clone(),
                f.state_param.clone(),
            ];
            for n in names.into_iter().flatten() {
                if let Err(previous) = members.claim(&n, &f.field.wire_name) {
                    self.error(
                        pointer,
                        format!("parameters `{previous}` and `{}` both become `{n}` in Rust; rename one of them", f.field.wire_name),
                    );
                }
            }
        }
        let all_optional = fields.iter().all(|f| f.state_param.is_none());
        let docs = vec![format!(
            "Parameters of [`{method_path}`](crate::resources::{method_path}), built with [`{name}::builder`]."
        )];
        self.push_type(TypeDef {
            name: name.to_owned(),
            module: naming::module(name),
            docs,
            kind: TypeKind::Params(ParamsDef {
                fields,
                builder_name,
                all_optional,
                method_path: method_path.to_owned(),
            }),
        });
        Some(name.to_owned())
    }

    fn lower_response(
        &mut self,
        op: &'a spec::Operation,
        pointer: &str,
        op_name: &str,
    ) -> Option<TypeRef> {
        let responses_at = pointer_join(pointer, "responses");
        let success: Vec<(&String, &spec::Response)> = op
            .responses
            .iter()
            .filter(|(code, _)| code.starts_with('2'))
            .collect();
        let [(code, response)] = success.as_slice() else {
            self.error(&responses_at, "declare exactly one 2xx response");
            return None;
        };
        let mut at = pointer_join(&responses_at, code);
        let response = match &response.reference {
            None => *response,
            Some(reference) => {
                let key = reference.strip_prefix(RESPONSE_PREFIX).unwrap_or_default();
                let Some(target) = self.doc.components.responses.get(key) else {
                    let defined = self.doc.components.responses.keys();
                    self.error(
                        &pointer_join(&at, "$ref"),
                        format!(
                            "`{reference}` does not point to an entry of {RESPONSE_PREFIX}; {}",
                            suggest::existing("responses", key, defined)
                        ),
                    );
                    return None;
                };
                at = pointer_join("/components/responses", key);
                target
            }
        };
        let Some(schema) = response
            .content
            .get("application/json")
            .and_then(|c| c.schema.as_ref())
        else {
            self.error(
                &at,
                "a 2xx response needs `content: application/json` with a `schema`",
            );
            return None;
        };
        let schema_at = pointer_join(
            &pointer_join(&pointer_join(&at, "content"), "application/json"),
            "schema",
        );
        let resolved = self.resolve(
            schema,
            &schema_at,
            &format!("{op_name}Response"),
            Direction::Response,
        )?;
        Some(resolved.ty)
    }

    fn lower_pagination(
        &mut self,
        op: &spec::Operation,
        pointer: &str,
        response: &TypeRef,
        query: &[QueryParam],
    ) -> Option<PaginationDef> {
        let pagination = op.pagination.as_ref()?;
        let at = pointer_join(pointer, "x-pagination");
        let fields = match response {
            TypeRef::Named(name) => self.find_type(name).and_then(|t| match &t.kind {
                TypeKind::Struct(s) => Some(s.fields.clone()),
                _ => None,
            }),
            _ => None,
        };
        let Some(fields) = fields else {
            self.error(&at, "a paginated operation must return an object type");
            return None;
        };
        let mut find = |key: &str, wire: &str| {
            let found = fields.iter().find(|f| f.wire_name == wire).cloned();
            if found.is_none() {
                let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                self.error(
                    &pointer_join(&at, key),
                    format!(
                        "the response has no property `{wire}`; it has: {}",
                        names.join(", ")
                    ),
                );
            }
            found
        };
        let items = find("items", &pagination.items);
        let cursor = find("nextCursor", &pagination.next_cursor);
        let has_more = pagination.has_more.as_ref().map(|h| find("hasMore", h));
        let item = match items.as_ref().map(|f| &f.ty) {
            Some(TypeRef::Array(item)) => Some((**item).clone()),
            Some(_) => {
                self.error(
                    &pointer_join(&at, "items"),
                    format!("`{}` must be an array", pagination.items),
                );
                None
            }
            None => None,
        };
        if cursor.as_ref().is_some_and(|c| c.ty != TypeRef::String) {
            self.error(
                &pointer_join(&at, "nextCursor"),
                format!("`{}` must be a string", pagination.next_cursor),
            );
        }
        if let Some(Some(h)) = &has_more {
            if h.ty != TypeRef::Bool {
                self.error(
                    &pointer_join(&at, "hasMore"),
                    format!("`{}` must be a boolean", h.wire_name),
                );
            }
        }
        if !query.iter().any(|q| q.wire_name == pagination.cursor_param) {
            self.error(
                &pointer_join(&at, "cursorParam"),
                format!(
                    "the operation has no query parameter `{}`",
                    pagination.cursor_param
                ),
            );
        }
        let (items, cursor, item) = (items?, cursor?, item?);
        let has_more_field = match has_more {
            Some(found) => Some(found.map(|h| (h.rust_name, h.repr))?),
            None => None,
        };
        Some(PaginationDef {
            item,
            items_field: items.rust_name,
            cursor_field: cursor.rust_name,
            cursor_repr: cursor.repr,
            has_more_field,
            cursor_param: pagination.cursor_param.clone(),
        })
    }

    /// A usage example for the method's rustdoc; it must compile, so it only uses required values.
    fn example(
        &self,
        resource: &[String],
        method: &str,
        path_params: &[PathParam],
        params: Option<&str>,
        paginated: bool,
    ) -> String {
        let lib = &self.lib_name;
        let mut lines = vec![format!("let client = {lib}::Client::from_env()?;")];
        let mut args: Vec<String> = path_params
            .iter()
            .map(|p| match &p.ty {
                TypeRef::Named(name) => format!(
                    "&{lib}::models::{name}::new({:?})?",
                    self.example_string(name)
                ),
                _ => format!("{:?}", format!("{}-example", p.wire_name)),
            })
            .collect();
        if let Some(params) = params {
            let def = self.find_type(params).and_then(|t| match &t.kind {
                TypeKind::Params(p) => Some(p),
                _ => None,
            });
            let required: Vec<_> = def
                .into_iter()
                .flat_map(|d| d.fields.iter())
                .filter(|f| f.state_param.is_some())
                .collect();
            if required.is_empty() {
                lines.push(format!("let params = {lib}::models::{params}::default();"));
            } else {
                lines.push(format!("let params = {lib}::models::{params}::builder()"));
                for f in required {
                    let value = self.example_value(&f.field.ty, &f.field.wire_name);
                    lines.push(format!("    .{}({value})", f.field.rust_name));
                }
                lines.push("    .build();".to_owned());
            }
            args.push("params".to_owned());
        }
        let call = format!(
            "client.{}().{}({})",
            resource
                .iter()
                .map(|s| naming::snake(s))
                .collect::<Vec<_>>()
                .join("()."),
            method,
            args.join(", ")
        );
        if paginated {
            lines.push(format!("let page = {call}.await?;"));
            lines.push("for item in page.items() {".to_owned());
            lines.push("    println!(\"{item:?}\");".to_owned());
            lines.push("}".to_owned());
        } else {
            lines.push(format!("let response = {call}.await?;"));
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        lines.join("\n")
    }

    fn example_string(&self, newtype: &str) -> String {
        self.find_type(newtype)
            .and_then(|t| match &t.kind {
                TypeKind::Newtype(n) => n.example.clone(),
                _ => None,
            })
            .unwrap_or_else(|| "example".to_owned())
    }

    fn example_value(&self, ty: &TypeRef, wire: &str) -> String {
        let lib = &self.lib_name;
        match ty {
            TypeRef::String => format!("{:?}", format!("{wire}-example")),
            TypeRef::Bool => "true".to_owned(),
            TypeRef::Integer => "1".to_owned(),
            TypeRef::Number => "1.0".to_owned(),
            TypeRef::DateTime => format!("{lib}::chrono::Utc::now()"),
            TypeRef::Date => format!("{lib}::chrono::NaiveDate::default()"),
            TypeRef::Array(item) => format!("[{}]", self.example_value(item, wire)),
            TypeRef::Json | TypeRef::Map(_) => "Default::default()".to_owned(),
            TypeRef::Named(name) => match self.find_type(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => match e.variants.first() {
                    Some(v) => format!("{lib}::models::{name}::{}", v.rust_name),
                    None => format!(
                        "{lib}::models::{name}::{}(String::new())",
                        e.unknown_variant
                    ),
                },
                Some(TypeKind::Newtype(_)) => format!(
                    "{lib}::models::{name}::new({:?})?",
                    self.example_string(name)
                ),
                _ => "todo!(\"a value\")".to_owned(),
            },
        }
    }
}

fn param_field(
    field: Field,
    location: ParamLocation,
    constraints: Vec<crate::ir::Constraint>,
) -> ParamField {
    // Derived names are built from the wire name, so keyword escapes never end up mid-identifier.
    let state_param = matches!(
        field.repr,
        FieldRepr::Required | FieldRepr::RequiredNullable
    )
    .then(|| naming::pascal(&format!("{} state", field.wire_name)));
    let null_setter = (field.repr == FieldRepr::OptionalNullable)
        .then(|| naming::snake(&format!("{} null", field.wire_name)));
    let setter_input = match &field.ty {
        TypeRef::String => SetterInput::Into,
        TypeRef::Array(item) if **item == TypeRef::String => SetterInput::IterInto,
        TypeRef::Array(_) => SetterInput::Iter,
        _ => SetterInput::Value,
    };
    ParamField {
        field,
        location,
        state_param,
        null_setter,
        constraints,
        setter_input,
    }
}
