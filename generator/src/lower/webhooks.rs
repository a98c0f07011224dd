//! The webhooks pass: each entry of OpenAPI 3.1's top-level `webhooks`, a request the API sends
//! to the integrator, with the type of its body and of the answer the API expects.

use super::Diagnostics;
use super::docs::docs_of;
use super::naming;
use super::refs;
use super::types::{Direction, Types, deprecation};
use crate::error::pointer_join;
use crate::ir::{TypeRef, Webhook};
use crate::spec::{self, Document, MediaType};

/// Lowers every webhook, in document order.
pub(super) fn lower<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    diags: &mut Diagnostics,
) -> Vec<Webhook> {
    let mut out = Vec::new();
    for (name, item) in &doc.webhooks {
        let item_at = pointer_join("/webhooks", name);
        let mut operations = item.operations();
        let Some((method, op)) = operations.next() else {
            diags.error(&item_at, "a webhook needs one operation (usually `post`) describing the request the API sends");
            continue;
        };
        if operations.next().is_some() {
            diags.error(
                &item_at,
                "a webhook has one operation: the request the API sends",
            );
        }
        let at = pointer_join(&item_at, method);
        let context = naming::pascal(name);
        let Some(payload) = payload(doc, types, op, &at, &context, diags) else {
            continue;
        };
        let response = answer(doc, types, op, &at, &context, diags);
        let mut docs = docs_of(op.summary.as_deref().or(item.summary.as_deref()));
        docs.extend(docs_of(
            op.description.as_deref().or(item.description.as_deref()),
        ));
        out.push(Webhook {
            name: name.clone(),
            docs,
            payload,
            response,
            deprecated: deprecation(Some(op.deprecated)),
        });
    }
    out
}

/// The type of the body the API sends.
fn payload<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    op: &spec::Operation,
    at: &str,
    context: &str,
    diags: &mut Diagnostics,
) -> Option<TypeRef> {
    let body_at = pointer_join(at, "requestBody");
    let Some(body) = &op.request_body else {
        diags.error(
            at,
            "a webhook needs a `requestBody`: the body the API sends",
        );
        return None;
    };
    let (body, body_at) = match &body.reference {
        None => (body, body_at),
        Some(reference) => {
            let target = refs::resolve::<spec::RequestBody>(
                doc,
                reference,
                &pointer_join(&body_at, "$ref"),
                diags,
            )?;
            (target.item, target.pointer)
        }
    };
    let (schema, schema_at) = json_schema(&body.content, &body_at, diags)?;
    let resolved = types.resolve(
        schema,
        &schema_at,
        &format!("{context}Payload"),
        Direction::Response,
        diags,
    )?;
    Some(resolved.ty)
}

/// The type of the answer the API reads, if its 2xx response has a body.
fn answer<'a>(
    doc: &'a Document,
    types: &mut Types<'a>,
    op: &spec::Operation,
    at: &str,
    context: &str,
    diags: &mut Diagnostics,
) -> Option<TypeRef> {
    let responses_at = pointer_join(at, "responses");
    let (code, response) = op
        .responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))?;
    let mut response_at = pointer_join(&responses_at, code);
    let response = match &response.reference {
        None => response,
        Some(reference) => {
            let target = refs::resolve::<spec::Response>(
                doc,
                reference,
                &pointer_join(&response_at, "$ref"),
                diags,
            )?;
            response_at = target.pointer;
            target.item
        }
    };
    if response.content.is_empty() {
        return None;
    }
    let (schema, schema_at) = json_schema(&response.content, &response_at, diags)?;
    // The application builds the answer, so it is lowered as something sent.
    let resolved = types.resolve(
        schema,
        &schema_at,
        &format!("{context}Response"),
        Direction::Request,
        diags,
    )?;
    Some(resolved.ty)
}

/// The `application/json` schema of a content map.
fn json_schema<'c>(
    content: &'c indexmap::IndexMap<String, MediaType>,
    at: &str,
    diags: &mut Diagnostics,
) -> Option<(&'c spec::Schema, String)> {
    let content_at = pointer_join(at, "content");
    let Some(media) = content.get("application/json") else {
        diags.error(&content_at, "webhook bodies must be `application/json`");
        return None;
    };
    let media_at = pointer_join(&content_at, "application/json");
    match &media.schema {
        Some(schema) => Some((schema, pointer_join(&media_at, "schema"))),
        None => {
            diags.error(&media_at, "needs a `schema`");
            None
        }
    }
}
