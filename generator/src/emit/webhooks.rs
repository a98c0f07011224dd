//! Emitting `src/webhooks.rs`, the receiver of the API's webhooks (behind the cargo feature
//! `webhooks`): its documentation, the re-exports of the event union and the types a handler
//! answers with, the event's accessors, and the table that decodes a verified body into its
//! event. The verification itself is runtime code (`runtime/webhooks/verify.rs`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, type_tokens};
use crate::ir::{Api, Receiver, TypeRef};

/// The contents of `src/webhooks.rs`.
pub fn generate(api: &Api, receiver: &Receiver) -> TokenStream {
    let docs = module_docs(api, receiver)
        .into_iter()
        .map(|l| format!(" {l}"));
    let docs = docs.map(|l| if l == " " { String::new() } else { l });
    let event = ident(&api.ty(receiver.event).name);
    let unknown = ident(&receiver.unknown_variant);
    // The payloads and the answers, each once, in the order of the events.
    let mut exported: Vec<TypeRef> = Vec::new();
    for e in &receiver.events {
        let answer = api.webhooks[e.webhook].response.clone();
        for ty in std::iter::once(TypeRef::Named(e.payload)).chain(answer) {
            if matches!(ty, TypeRef::Named(_)) && !exported.contains(&ty) {
                exported.push(ty);
            }
        }
    }
    let exports = exported.iter().map(|ty| type_tokens(api, ty));
    let tag = Literal::string(&receiver.tag);
    let arms = receiver.events.iter().map(|e| {
        let variant = ident(&e.variant);
        let tags = e.tags.iter().map(|t| Literal::string(t));
        quote! {
            #(#tags)|* => verify::decode_payload(value, &event_type).map(Event::#variant),
        }
    });
    let (id_accessor, unknown_check) = match &receiver.id {
        None => (None, None),
        Some(wire) => {
            let wire = Literal::string(wire);
            let arms = receiver.events.iter().map(|e| {
                let variant = ident(&e.variant);
                let field = ident(e.id_field.as_deref().unwrap_or_default());
                quote!(Self::#variant(event) => event.#field.as_str(),)
            });
            let doc = format!(
                " The event's identifier: the envelope's `{}`.",
                receiver.id.as_deref().unwrap_or_default()
            );
            (
                Some(quote! {
                    #[doc = #doc]
                    pub fn id(&self) -> &str {
                        match self {
                            #(#arms)*
                            Self::#unknown(value) => value
                                .get(#wire)
                                .and_then(::serde_json::Value::as_str)
                                .unwrap_or_default(),
                        }
                    }
                }),
                Some(quote!(verify::require_string(&value, #wire, &event_type)?;)),
            )
        }
    };
    let type_doc = format!(
        " The event's type: the envelope's `{}`, which selects the variant.",
        receiver.tag
    );
    quote! {
        #(#![doc = #docs])*

        mod verify;

        pub use verify::{
            parse_unverified, WebhookError, Webhooks, DEFAULT_TOLERANCE, HEADER_ID,
            HEADER_SIGNATURE, HEADER_TIMESTAMP, KEY_ENV,
        };
        pub use crate::models::#event as Event;
        #(pub use #exports;)*

        impl Event {
            #id_accessor

            #[doc = #type_doc]
            pub fn event_type(&self) -> &str {
                self.tag().unwrap_or_default()
            }
        }

        /// Decodes a verified body into its event: a known type into its variant, strictly; any
        /// other type into the unknown variant, as received.
        fn decode(value: ::serde_json::Value) -> Result<Event, WebhookError> {
            let event_type = verify::event_type(&value, #tag)?;
            match event_type.as_str() {
                #(#arms)*
                _ => {
                    #unknown_check
                    Ok(Event::#unknown(value))
                }
            }
        }
    }
}

/// The module's documentation, as lines.
fn module_docs(api: &Api, receiver: &Receiver) -> Vec<String> {
    let s = &api.settings;
    let lib = &s.lib_name;
    let event = &api.ty(receiver.event).name;
    let mut lines = vec![
        format!("Receiving the webhooks of the {}: verify a delivery, then answer its event.", s.api_title),
        String::new(),
        format!("This module is compiled with the cargo feature `webhooks` (`{lib} = {{ version = \"{}\", features = [\"webhooks\"] }}`), so that an application that only calls the API does not build the cryptography.", major_minor(&s.crate_version)),
        String::new(),
        "[`Webhooks::verify`] checks a delivery the way the Standard Webhooks libraries do (HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, any `v1` entry of `webhook-signature`, a timestamp within five minutes of now) and only then decodes the body into an [`Event`]. An event of a type this version of the crate does not know is not an error: it arrives as `Event::Unknown`, with its JSON. [`parse_unverified`] decodes without verifying, for tests and replays.".to_owned(),
        String::new(),
        format!("The key comes from [`Webhooks::new`] or, with [`Webhooks::from_env`], from `{}`; a missing key is an error, never a reason to skip verification. Build the verifier once, when the application starts, and share it.", receiver.key_env),
        String::new(),
        "# Receiving a delivery".to_owned(),
        String::new(),
        "```no_run".to_owned(),
    ];
    lines.extend(super::examples::receiver_lines(api, receiver));
    lines.extend([
        "```".to_owned(),
        String::new(),
        "Verify the body exactly as it arrived: take it as bytes from the web framework (axum's `Bytes`, actix-web's `web::Bytes`), not as a parsed JSON value, because JSON that is parsed and serialized again no longer matches its signature. The framework's `HeaderMap` is the `http` crate's, which is this crate's `reqwest::header::HeaderMap`.".to_owned(),
        String::new(),
        "# Events".to_owned(),
        String::new(),
        format!("Each event is a variant of [`Event`] (the `{event}` union of the models); an event that expects an answer has a type for it, which serializes to exactly the JSON the API reads."),
        String::new(),
        format!("| `{}` | Variant | Answer |", receiver.tag),
        "|---|---|---|".to_owned(),
    ]);
    for e in &receiver.events {
        let webhook = &api.webhooks[e.webhook];
        let payload = &api.ty(e.payload).name;
        let answer = match &webhook.response {
            Some(TypeRef::Named(id)) => format!("[`{}`]", api.ty(*id).name),
            Some(_) => "JSON".to_owned(),
            None => "none".to_owned(),
        };
        let tags: Vec<String> = e.tags.iter().map(|t| format!("`{t}`")).collect();
        lines.push(format!(
            "| {} | [`{}`](Event::{}) ([`{payload}`]) | {answer} |",
            tags.join(", "),
            e.variant,
            e.variant
        ));
    }
    lines
}

/// The `MAJOR.MINOR` of a version, as a dependency line names it (`0.2`, `1.4`).
fn major_minor(version: &str) -> &str {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    match core.match_indices('.').nth(1) {
        Some((end, _)) => &core[..end],
        None => core,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dependency_line_names_major_and_minor() {
        assert_eq!(super::major_minor("0.2.0"), "0.2");
        assert_eq!(super::major_minor("1.14.3-beta.1+build.5"), "1.14");
        assert_eq!(super::major_minor("3.1"), "3.1");
    }
}
