//! The receiver pass: `x-sdk.webhooks` names the tagged union every delivery decodes into, and
//! this pass ties each of its members to the webhook that sends it.
//!
//! The union and the `webhooks` section describe the same events twice, so they must agree: a
//! member no webhook sends, or a webhook whose payload is not a member (its deliveries would decode
//! as unknown), is a mistake in the schema and is reported where it is written.

use super::Diagnostics;
use super::types::Types;
use crate::error::pointer_join;
use crate::ir::{
    ExampleValue, ReceivedEvent, Receiver, TypeId, TypeKind, TypeRef, UnionDecoding, Webhook,
};
use crate::spec::Document;

const AT: &str = "/x-sdk/webhooks";

/// Lowers `x-sdk.webhooks`, if the schema has it.
pub(super) fn lower(
    doc: &Document,
    types: &Types<'_>,
    webhooks: &[Webhook],
    diags: &mut Diagnostics,
) -> Option<Receiver> {
    let settings = doc.sdk.webhooks.as_ref()?;
    let key_env = doc.sdk.env.webhook_key.clone();
    if key_env.is_none() {
        diags.error(
            "/x-sdk/env",
            "`x-sdk.webhooks` needs `webhookKey`: the environment variable `Webhooks::from_env` reads the signing key from (e.g. `ACME_WEBHOOK_KEY`)",
        );
    }
    if doc.webhooks.is_empty() {
        diags.error(
            AT,
            "the document has no top-level `webhooks` to receive; describe the requests the API sends there, or remove `x-sdk.webhooks`",
        );
        return None;
    }
    let event_at = pointer_join(AT, "event");
    let Some(event) = types.component(&settings.event) else {
        let hint = crate::suggest::closest(
            &settings.event,
            doc.components.schemas.keys().map(String::as_str),
        )
        .map(|name| format!("; did you mean `{name}`?"))
        .unwrap_or_default();
        diags.error(
            &event_at,
            format!(
                "`{}` is not a schema under `components/schemas`{hint}",
                settings.event
            ),
        );
        return None;
    };
    let union_at = pointer_join("/components/schemas", &settings.event);
    let union = match types.get(event).map(|def| &def.kind) {
        Some(TypeKind::Union(union)) => union,
        Some(_) => {
            diags.error(
                &event_at,
                format!(
                    "`{}` must be a `oneOf` with a `discriminator`, one member per event, so that a delivery decodes by its type",
                    settings.event
                ),
            );
            return None;
        }
        // Lowering the component failed and has said why.
        None => return None,
    };
    let UnionDecoding::Tagged {
        property,
        unknown_variant,
    } = &union.decoding
    else {
        diags.error(
            &union_at,
            "the event union needs a `discriminator`: a delivery is matched to its event by a property, not by its shape",
        );
        return None;
    };
    let id = settings.id.clone();
    let mut events = Vec::new();
    for (index, variant) in union.variants.iter().enumerate() {
        let member_at = pointer_join(&pointer_join(&union_at, "oneOf"), &index.to_string());
        let Some(payload) = named(types, &variant.ty) else {
            diags.error(
                &member_at,
                "each member of the event union must be a `$ref` to an object schema",
            );
            continue;
        };
        let Some(webhook) = webhooks
            .iter()
            .position(|w| named(types, &w.payload) == Some(payload))
        else {
            diags.error(
                &member_at,
                format!(
                    "`{}` is not the `requestBody` of any entry of `webhooks`; add the webhook that sends it, or remove it from the union",
                    types.name(payload)
                ),
            );
            continue;
        };
        let id_field = match &id {
            None => None,
            Some(wire) => match id_field(types, payload, wire) {
                Ok(field) => Some(field),
                Err(message) => {
                    diags.error(&member_at, message);
                    continue;
                }
            },
        };
        events.push(ReceivedEvent {
            variant: variant.rust_name.clone(),
            tags: variant.tags.clone(),
            payload,
            webhook,
            id_field,
        });
    }
    for webhook in webhooks {
        let member = named(types, &webhook.payload).is_some_and(|id| {
            union
                .variants
                .iter()
                .any(|v| named(types, &v.ty) == Some(id))
        });
        if !member {
            diags.error(
                &pointer_join("/webhooks", &webhook.name),
                format!(
                    "the body of this webhook is not a member of `{}`, so its deliveries would decode as unknown; add it to the union's `oneOf` and `discriminator.mapping`",
                    settings.event
                ),
            );
        }
    }
    let example = smallest_answer(doc, types, webhooks, &events);
    Some(Receiver {
        event,
        tag: property.clone(),
        unknown_variant: unknown_variant.clone(),
        id,
        key_env: key_env?,
        events,
        example,
    })
}

/// The answer of the event whose response example makes the smallest value, for the crate's
/// example receiver; the first such event on a tie, so the choice is stable.
fn smallest_answer(
    doc: &Document,
    types: &Types<'_>,
    webhooks: &[Webhook],
    events: &[ReceivedEvent],
) -> Option<(usize, ExampleValue)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            let webhook = &webhooks[event.webhook];
            let answer = named(types, webhook.response.as_ref()?)?;
            let sample = response_sample(doc, &webhook.name);
            let value = super::examples::model_value(types, answer, sample.as_ref());
            Some((index, value))
        })
        .min_by_key(|(_, value)| size(value))
}

/// The example of a webhook's 2xx JSON response, when the schema gives one inline.
fn response_sample(doc: &Document, webhook: &str) -> Option<serde_yaml::Value> {
    let (_, op) = doc.webhooks.get(webhook)?.operations().next()?;
    let (_, response) = op
        .responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))?;
    let media = response.content.get("application/json")?;
    super::examples::first_example(media.example.as_ref(), media.examples.as_ref())
}

/// How many values an example value holds, itself included.
fn size(value: &ExampleValue) -> usize {
    1 + match value {
        ExampleValue::Ref(inner) => size(inner),
        ExampleValue::UnionVariant { value, .. } => size(value),
        ExampleValue::Array(items) | ExampleValue::Vec(items) => items.iter().map(size).sum(),
        ExampleValue::Struct { fields, .. } => fields.iter().map(|(_, v)| size(v)).sum(),
        ExampleValue::StringMap(entries) => entries.len(),
        _ => 0,
    }
}

/// The generated type a reference names, looking through aliases.
fn named(types: &Types<'_>, ty: &TypeRef) -> Option<TypeId> {
    match types.unalias(ty) {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

/// The Rust name of the payload's required string field called `wire` on the wire.
fn id_field(types: &Types<'_>, payload: TypeId, wire: &str) -> Result<String, String> {
    let name = types.name(payload);
    let Some(TypeKind::Struct(def)) = types.get(payload).map(|d| &d.kind) else {
        return Err(format!("`{name}` must be an object schema"));
    };
    let Some(field) = def.fields.iter().find(|f| f.wire_name == wire) else {
        return Err(format!(
            "`{name}` has no property `{wire}`, which `x-sdk.webhooks.id` names as every event's identifier"
        ));
    };
    let is_string = match types.unalias(&field.ty) {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(types.get(*id).map(|d| &d.kind), Some(TypeKind::Newtype(_))),
        _ => false,
    };
    if !is_string || field.repr != crate::ir::FieldRepr::Required {
        return Err(format!(
            "`{name}.{wire}` must be a required string that is never null: it identifies the delivery"
        ));
    }
    Ok(field.rust_name.clone())
}
