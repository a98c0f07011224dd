//! Lowering operations: SDK position, request body and response. Parameters, pagination and the
//! rustdoc example have modules of their own (`parameters`, `pagination`, `examples`).

use super::docs::{self, docs_of};
use super::examples::{self, ExampleCall};
use super::naming::{self, NameSet};
use super::suggest;
use super::types::Direction;
use super::{Lowerer, Placed};
use crate::error::pointer_join;
use crate::ir::{
    Field, FieldRepr, HttpMethod, Operation, ParamField, ParamLocation, ParamsDef, QueryParam,
    SetterInput, TypeDef, TypeKind, TypeRef,
};
use crate::spec::{self, PathItem};

const RESPONSE_PREFIX: &str = "#/components/responses/";
const SCHEMA_PREFIX: &str = "#/components/schemas/";

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
        let http_method = http_method(method);
        let op_name = naming::pascal(&segments.join(" "));
        let params = self.resolve_parameters(item, op, pointer);
        let (path_parts, path_params) = self.lower_path(path, &params, pointer);
        let mut fields = self.lower_query(&params);
        fields.extend(self.lower_body(op, pointer, &op_name));
        let query = query_params(&fields);
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
        let docs = operation_docs(op, http_method, path);
        let call = ExampleCall {
            resource,
            method: &method_name,
            path_params: &path_params,
            params: params_name.as_deref(),
            paginated: pagination.is_some(),
        };
        let example = self.example(&call, &examples::samples(op, &params));
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
}

/// The HTTP method of a path item key (`get`, `post`, ...), which the loader has checked.
fn http_method(method: &str) -> HttpMethod {
    match method {
        "get" => HttpMethod::Get,
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "patch" => HttpMethod::Patch,
        _ => HttpMethod::Delete,
    }
}

/// The query parameters among an operation's fields, in order, for the method to send.
fn query_params(fields: &[ParamField]) -> Vec<QueryParam> {
    fields
        .iter()
        .filter(|f| f.location != ParamLocation::Body)
        .map(|f| QueryParam {
            rust_name: f.field.rust_name.clone(),
            wire_name: f.field.wire_name.clone(),
            exploded: f.location == ParamLocation::QueryExploded,
        })
        .collect()
}

/// The method's rustdoc: summary, description, and the request it sends.
fn operation_docs(op: &spec::Operation, http_method: HttpMethod, path: &str) -> Vec<String> {
    let mut docs = docs_of(op.summary.as_deref());
    docs.extend(docs_of(op.description.as_deref()));
    docs.push(docs::sentence(&format!(
        "Sends `{} {path}`.",
        http_method.as_str()
    )));
    docs
}

pub(super) fn param_field(
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
