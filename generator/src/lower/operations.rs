//! The operations pass: every operation of `paths` with its SDK position, parameters, request
//! body and response. Path and query parameters, pagination and the rustdoc example have modules
//! of their own (`parameters`, `pagination`, `examples`).

use super::Diagnostics;
use super::builders::{self, param_field};
use super::docs::{self, docs_of};
use super::examples;
use super::naming;
use super::parameters;
use super::refs;
use super::tree::Placed;
use super::types::{Direction, Types, deprecation};
use super::unions;
use crate::error::pointer_join;
use crate::ir::{
    Access, ExampleOutput, Field, FieldRepr, FieldRule, HttpMethod, Operation, ParamField,
    ParamLocation, RequestBody, ResponseBody, WireNaming,
};
use crate::spec::{self, Document, PathItem, Schema};

/// Lowers every operation of every path, in document order.
pub(super) fn lower<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    diags: &mut Diagnostics,
) -> Vec<Placed> {
    let mut placed = Vec::new();
    for (path, item) in &doc.paths {
        let item_pointer = pointer_join("/paths", path);
        for (method, op) in item.operations() {
            let pointer = pointer_join(&item_pointer, method);
            let at = Site {
                path,
                method,
                item,
                op,
                pointer: &pointer,
            };
            if let Some(p) = lower_operation(doc, types, &at, diags) {
                placed.push(p);
            }
        }
    }
    placed
}

/// Where an operation is written.
struct Site<'a, 'p> {
    path: &'a str,
    method: &'a str,
    item: &'a PathItem,
    op: &'a spec::Operation,
    pointer: &'p str,
}

fn lower_operation<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    at: &Site<'a, '_>,
    diags: &mut Diagnostics,
) -> Option<Placed> {
    let (op, pointer) = (at.op, at.pointer);
    let segments = operation_segments(op, pointer, diags)?;
    let (method_segment, resource) = segments.split_last()?;
    let method_name = naming::snake(method_segment);
    let http_method = http_method(at.method);
    let op_name = naming::pascal(&segments.join(" "));
    let params = parameters::resolve_all(doc, at.item, op, pointer, diags);
    let (path_parts, path_params) = types.lower_path(at.path, &params, pointer, diags);
    let mut fields = types.lower_query(&params, diags);
    let query_count = fields.len();
    let lowered = lower_body(doc, types, op, pointer, &op_name, diags);
    let (body, mut rules) = (lowered.body, lowered.rules);
    for rule in &mut rules {
        shift(rule, query_count);
    }
    let body = match body {
        RequestBody::Value(index) => RequestBody::Value(index + query_count),
        other => other,
    };
    fields.extend(lowered.fields);
    rules.extend(query_rule(op, pointer, &fields, diags));
    let response = lower_response(doc, types, op, pointer, &op_name, diags)?;
    let pagination = types.lower_pagination(op, pointer, &response, &fields, diags);
    let type_name = naming::pascal(method_segment);
    let idempotent = op
        .idempotent
        .unwrap_or(!matches!(http_method, HttpMethod::Post));
    let builder = if fields.is_empty() {
        None
    } else {
        let input = builders::Input {
            type_name: &type_name,
            method_segment,
            fields,
            rules,
            body,
            model: lowered.model,
        };
        builders::make(types, input, pointer, diags)
    };
    let samples = examples::samples(op, &params);
    let result = match (&pagination, &response) {
        (Some(pages), _) => (ExampleOutput::Stream, Some(&pages.item)),
        (None, ResponseBody::Json(ty)) => (ExampleOutput::Await, Some(ty)),
        (None, ResponseBody::Empty) => (ExampleOutput::Await, None),
    };
    let example = examples::example(
        types,
        resource,
        &method_name,
        &path_params,
        builder.as_ref(),
        result,
        &samples,
    );
    Some(Placed {
        resource: resource.to_vec(),
        pointer: pointer.to_owned(),
        operation: Operation {
            method_name,
            operation_id: segments.join("."),
            http_method,
            path_template: at.path.to_owned(),
            path: path_parts,
            path_params,
            type_name,
            builder,
            body,
            response,
            pagination,
            docs: operation_docs(op, http_method, at.path, idempotent),
            example,
            deprecated: deprecation(Some(op.deprecated)),
            idempotent,
        },
    })
}

/// Splits and checks the operationId, which places the operation in the SDK tree.
fn operation_segments(
    op: &spec::Operation,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    let at = pointer_join(pointer, "operationId");
    let Some(id) = &op.operation_id else {
        diags.error(
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
        diags.error(
            &at,
            format!("`{id}` is not an SDK position; use dot-separated snake_case segments, resource path then method, e.g. `viewer.studies.list`"),
        );
        return None;
    }
    Some(segments)
}

/// What a request body becomes.
struct LoweredBody {
    /// Whether and how it is sent.
    body: RequestBody,
    /// Its properties as fields (or its one value as the field `body`).
    fields: Vec<ParamField>,
    /// Its rules over the fields, as indexes into `fields`.
    rules: Vec<FieldRule>,
    /// The body component it names, when it is a `$ref` to an object.
    model: Option<crate::ir::TypeId>,
}

/// The request body: whether one is sent, its properties as fields, and its rules over them.
fn lower_body<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    op: &'a spec::Operation,
    pointer: &str,
    op_name: &str,
    diags: &mut Diagnostics,
) -> LoweredBody {
    let none = LoweredBody {
        body: RequestBody::None,
        fields: Vec::new(),
        rules: Vec::new(),
        model: None,
    };
    let Some(body) = &op.request_body else {
        return none;
    };
    let mut at = pointer_join(pointer, "requestBody");
    let body = match &body.reference {
        None => body,
        Some(reference) => {
            let Some(target) = refs::resolve::<spec::RequestBody>(
                doc,
                reference,
                &pointer_join(&at, "$ref"),
                diags,
            ) else {
                return none;
            };
            at = target.pointer;
            target.item
        }
    };
    // `content: {}` declares that the operation sends nothing.
    if body.content.is_empty() {
        return none;
    }
    let mut found = None;
    for (media, content) in &body.content {
        let media_at = pointer_join(&pointer_join(&at, "content"), media);
        if media != "application/json" {
            diags.error(
                &media_at,
                format!("request bodies of type `{media}` are not supported; use application/json"),
            );
            continue;
        }
        match &content.schema {
            Some(schema) => found = Some((schema, pointer_join(&media_at, "schema"))),
            None => diags.error(&media_at, "a request body needs a `schema`"),
        }
    }
    let Some((schema, schema_at)) = found else {
        return none;
    };
    let written = (schema, schema_at.clone());
    let (schema, schema_at, owner, model) = match &schema.reference {
        Some(reference) => {
            let ref_at = pointer_join(&schema_at, "$ref");
            let Some(target) = refs::resolve::<Schema>(doc, reference, &ref_at, diags) else {
                return none;
            };
            let model = types.component(target.key);
            (
                target.item,
                target.pointer,
                naming::pascal(target.key),
                model,
            )
        }
        None => (schema, schema_at, format!("{op_name}Body"), None),
    };
    let view = types.object_view(schema, &schema_at, diags);
    if view.props.is_empty() {
        // Not an object with properties: the one value, as written, is the whole body.
        let context = format!("{op_name}Body");
        return match whole_body(types, body, written.0, &written.1, &context, diags) {
            Some(field) => LoweredBody {
                body: RequestBody::Value(0),
                fields: vec![field],
                rules: Vec::new(),
                model: None,
            },
            None => none,
        };
    }
    let lowered = types.lower_fields(&owner, &view, Direction::Request, None, diags);
    let mut fields = Vec::new();
    for (field, index) in lowered {
        let prop = &view.props[index];
        let constraints = types.constraints_of(prop.schema, &prop.pointer, &field.ty, diags);
        fields.push(param_field(field, ParamLocation::Body, constraints));
    }
    let rules = body_rules(schema, &schema_at, &fields, diags);
    LoweredBody {
        body: RequestBody::Json,
        fields,
        rules,
        model,
    }
}

/// A body that is one value (an enum, an array, free-form JSON): a required parameter `body`.
fn whole_body<'a>(
    types: &mut Types<'a>,
    body: &spec::RequestBody,
    schema: &'a Schema,
    at: &str,
    owner: &str,
    diags: &mut Diagnostics,
) -> Option<ParamField> {
    let resolved = types.resolve(schema, at, owner, Direction::Request, diags)?;
    let mut docs = docs_of(body.description.as_deref());
    if docs.is_empty() {
        docs.push("The request body.".to_owned());
    }
    let field = Field {
        rust_name: "body".to_owned(),
        wire_name: "body".to_owned(),
        docs,
        ty: resolved.ty,
        repr: if resolved.nullable {
            FieldRepr::RequiredNullable
        } else {
            FieldRepr::Required
        },
        access: Access::ReadWrite,
        naming: WireNaming::Rule,
        deprecated: deprecation(schema.deprecated),
        sensitivity: super::sensitive::sensitivity(types.doc, schema),
    };
    let constraints = types.constraints_of(schema, at, &field.ty, diags);
    Some(param_field(field, ParamLocation::Body, constraints))
}

/// The rules of a body object: `minProperties`, and `anyOf` / `oneOf` lists of `required`.
fn body_rules(
    schema: &Schema,
    at: &str,
    fields: &[ParamField],
    diags: &mut Diagnostics,
) -> Vec<FieldRule> {
    let mut rules = Vec::new();
    let every: Vec<usize> = (0..fields.len()).collect();
    if let Some(min) = schema.min_properties {
        rules.push(FieldRule::AtLeast {
            count: min,
            fields: every.clone(),
        });
    }
    if schema.max_properties.is_some() {
        diags.error(&pointer_join(at, "maxProperties"), "`maxProperties` on a request body is not checked before sending; remove it and state the rule in `description`");
    }
    if let Some((key, members)) = unions::members(schema) {
        if unions::is_rule_list(members) {
            let mut chosen = Vec::new();
            for (i, member) in members.iter().enumerate() {
                let member_at = pointer_join(&pointer_join(at, key), &i.to_string());
                match member.required.as_deref().unwrap_or_default() {
                    [name] => match fields.iter().position(|f| &f.field.wire_name == name) {
                        Some(index) => chosen.push(index),
                        None => diags.error(&pointer_join(&member_at, "required"), format!("`{name}` is not a property of this body")),
                    },
                    _ => diags.error(&member_at, "each member of a body rule names one property (`{required: [studyId]}`), one of which must be set"),
                }
            }
            rules.push(match key {
                "anyOf" => FieldRule::AtLeast {
                    count: 1,
                    fields: chosen,
                },
                _ => FieldRule::ExactlyOne { fields: chosen },
            });
        }
    }
    rules
}

/// `x-at-least-one-of` over the operation's parameters.
fn query_rule(
    op: &spec::Operation,
    pointer: &str,
    fields: &[ParamField],
    diags: &mut Diagnostics,
) -> Option<FieldRule> {
    let names = op.at_least_one_of.as_ref()?;
    let at = pointer_join(pointer, "x-at-least-one-of");
    let mut chosen = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match fields.iter().position(|f| &f.field.wire_name == name) {
            Some(index) => chosen.push(index),
            None => diags.error(
                &pointer_join(&at, &i.to_string()),
                format!("the operation has no query parameter or body property `{name}`"),
            ),
        }
    }
    if chosen.len() < 2 {
        diags.error(
            &at,
            "name at least two parameters, of which a request must set one",
        );
    }
    Some(FieldRule::AtLeast {
        count: 1,
        fields: chosen,
    })
}

/// Moves a body rule's field indexes past the query fields that come first.
fn shift(rule: &mut FieldRule, by: usize) {
    let fields = match rule {
        FieldRule::AtLeast { fields, .. } | FieldRule::ExactlyOne { fields } => fields,
    };
    for index in fields {
        *index += by;
    }
}

/// The body of the one 2xx response.
fn lower_response<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    op: &'a spec::Operation,
    pointer: &str,
    op_name: &str,
    diags: &mut Diagnostics,
) -> Option<ResponseBody> {
    let responses_at = pointer_join(pointer, "responses");
    let success: Vec<(&String, &spec::Response)> = op
        .responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .collect();
    let (code, response) = match success.as_slice() {
        [] => return Some(ResponseBody::Empty),
        [one] => *one,
        _ => {
            diags.error(
                &responses_at,
                "declare at most one 2xx response: the SDK method returns one type",
            );
            return None;
        }
    };
    let mut at = pointer_join(&responses_at, code);
    let response = match &response.reference {
        None => response,
        Some(reference) => {
            let target =
                refs::resolve::<spec::Response>(doc, reference, &pointer_join(&at, "$ref"), diags)?;
            at = target.pointer;
            target.item
        }
    };
    if response.content.is_empty() {
        return Some(ResponseBody::Empty);
    }
    let Some(schema) = response
        .content
        .get("application/json")
        .and_then(|c| c.schema.as_ref())
    else {
        diags.error(
            &at,
            "a 2xx response needs `content: application/json` with a `schema`, or no `content` when it has no body",
        );
        return None;
    };
    let schema_at = pointer_join(
        &pointer_join(&pointer_join(&at, "content"), "application/json"),
        "schema",
    );
    let context = format!("{op_name}Response");
    let resolved = types.resolve(schema, &schema_at, &context, Direction::Response, diags)?;
    Some(ResponseBody::Json(resolved.ty))
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

/// The method's rustdoc: summary, description, and the request it sends.
fn operation_docs(
    op: &spec::Operation,
    http_method: HttpMethod,
    path: &str,
    idempotent: bool,
) -> Vec<String> {
    let mut docs = docs_of(op.summary.as_deref());
    docs.extend(docs_of(op.description.as_deref()));
    docs.push(docs::sentence(&format!(
        "Sends `{} {path}`.",
        http_method.as_str()
    )));
    if !idempotent {
        docs.push(
            "Not idempotent: when an attempt fails after the request may have reached the \
             server (a timeout, a dropped connection), it is not sent again, and the error's \
             `outcome_unknown()` is `true`; `retry_unknown_outcome` opts into retrying it."
                .to_owned(),
        );
    }
    if op.deprecated {
        docs.push("**Deprecated** in the API description.".to_owned());
    }
    docs
}
