//! Emitting the type states of a builder with required fields: a module (`create`) with the
//! trait `State`, whose associated types say for each required field whether it is `Set` or
//! `Unset`; the state `Empty`, where none is set; one state per field (`SetSeverity<S>`), which
//! sets that field and keeps the others as in `S`; and one trait per field (`SeverityIsSet`),
//! implemented only for `Set`, whose `#[diagnostic::on_unimplemented]` message tells the caller
//! which setter to call.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{BuilderDef, FieldState, Operation};

/// The state module of a builder, if it has required fields.
pub(super) fn expand_state_module(op: &Operation, b: &BuilderDef) -> Option<TokenStream> {
    let module = ident(b.state_module.as_deref()?);
    let states: Vec<&FieldState> = b
        .fields
        .iter()
        .filter_map(|f| f.setter.state.as_ref())
        .collect();
    let setters: Vec<String> = b
        .fields
        .iter()
        .filter(|f| f.setter.state.is_some())
        .map(|f| f.setter.method.trim_start_matches("r#").to_owned())
        .collect();
    let assocs: Vec<_> = states.iter().map(|s| ident(&s.assoc)).collect();
    let markers = states.iter().enumerate().map(|(i, state)| {
        let marker = ident(&state.marker);
        let types = assocs.iter().enumerate().map(|(j, assoc)| {
            if i == j {
                quote!(type #assoc = crate::Set;)
            } else {
                quote!(type #assoc = S::#assoc;)
            }
        });
        let doc = format!(" The state `S` with `{}` set.", setters[i]);
        quote! {
            #[doc = #doc]
            pub struct #marker<S>(::std::marker::PhantomData<fn() -> S>);

            impl<S: State> State for #marker<S> {
                #(#types)*
            }
        }
    });
    let is_set = states.iter().zip(&setters).map(|(state, setter)| {
        let is_set = ident(&state.is_set);
        let message = format!("`{setter}` is required: call `.{setter}(..)` before sending");
        let label = format!("`{setter}` is not set");
        let doc = format!(" Says that `{setter}` is set.");
        quote! {
            #[doc = #doc]
            #[diagnostic::on_unimplemented(message = #message, label = #label)]
            pub trait #is_set {}

            impl #is_set for crate::Set {}
        }
    });
    let doc = format!(
        " The type states of [`{0}`]: which of its required fields are set.",
        op.type_name
    );
    let assoc_docs = setters.iter().map(|s| format!(" Whether `{s}` is set."));
    let with_body = with_body(b);
    Some(quote! {
        #[doc = #doc]
        pub mod #module {
            /// Which required fields are set: each one is [`Set`](crate::Set) or
            /// [`Unset`](crate::Unset).
            pub trait State {
                #(#[doc = #assoc_docs] type #assocs;)*
            }

            /// The state of a new builder: no required field is set.
            pub struct Empty;

            impl State for Empty {
                #(type #assocs = crate::Unset;)*
            }

            #(#markers)*
            #with_body
            #(#is_set)*
        }
    })
}

/// `WithBody<S>`: the state `.body(model)` leaves, with every required body field set.
fn with_body(b: &BuilderDef) -> Option<TokenStream> {
    let model = b.body_model.as_ref()?;
    let mut state = quote!(S);
    let mut any = false;
    for (_, index) in &model.fields {
        if let Some(field_state) = b.fields.get(*index).and_then(|f| f.setter.state.as_ref()) {
            let marker = ident(&field_state.marker);
            state = quote!(#marker<#state>);
            any = true;
        }
    }
    any.then(|| {
        quote! {
            /// The state `S` with every required body field set, as `.body(..)` leaves it.
            pub type WithBody<S> = #state;
        }
    })
}
