//! Emitting the checks that run on request values before anything is sent.
//!
//! Each constraint of the IR becomes a call into the crate's `validate` module, applied to the
//! value where it is present; responses are never checked.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Constraint, FieldRepr, ParamsDef};

/// The body of a newtype's `new`: checks of the local `value: String`.
pub fn newtype_checks(type_name: &str, constraints: &[Constraint]) -> TokenStream {
    let checks = checks_for(type_name, quote!(value.as_str()), constraints);
    quote!(#(#checks)*)
}

/// `validate(&self)` for a parameters struct.
pub fn params_validate(p: &ParamsDef) -> TokenStream {
    let checks = p
        .fields
        .iter()
        .filter(|f| !f.constraints.is_empty())
        .map(|f| {
            let field = ident(&f.field.rust_name);
            let checks = checks_for(&f.field.wire_name, quote!(value), &f.constraints);
            match f.field.repr {
                // Each required field rebinds `value`, so the checks read the same for every kind.
                FieldRepr::Required => quote! {
                    let value = &self.#field;
                    #(#checks)*
                },
                FieldRepr::Optional | FieldRepr::RequiredNullable => quote! {
                    if let Some(value) = &self.#field {
                        #(#checks)*
                    }
                },
                FieldRepr::OptionalNullable => quote! {
                    if let crate::Nullable::Value(value) = &self.#field {
                        #(#checks)*
                    }
                },
            }
        });
    quote! {
        /// Checks every value against the schema's constraints.
        pub(crate) fn validate(&self) -> Result<(), crate::InvalidRequestError> {
            #(#checks)*
            Ok(())
        }
    }
}

/// One statement per constraint, applied to the expression `value`.
fn checks_for(name: &str, value: TokenStream, constraints: &[Constraint]) -> Vec<TokenStream> {
    constraints
        .iter()
        .map(|c| match c {
            Constraint::MinLength(n) => quote!(crate::validate::min_length(#name, #value, #n)?;),
            Constraint::MaxLength(n) => quote!(crate::validate::max_length(#name, #value, #n)?;),
            Constraint::Pattern(p) => quote! {
                {
                    static PATTERN: crate::validate::Pattern = crate::validate::Pattern::new(#p);
                    PATTERN.check(#name, #value)?;
                }
            },
            Constraint::Minimum(n) => quote!(crate::validate::minimum(#name, *#value, #n)?;),
            Constraint::Maximum(n) => quote!(crate::validate::maximum(#name, *#value, #n)?;),
            Constraint::ExclusiveMinimum(n) => {
                quote!(crate::validate::exclusive_minimum(#name, *#value, #n)?;)
            }
            Constraint::ExclusiveMaximum(n) => {
                quote!(crate::validate::exclusive_maximum(#name, *#value, #n)?;)
            }
            Constraint::MinEntries(n) => {
                quote!(crate::validate::min_entries(#name, #value.len(), #n)?;)
            }
            Constraint::MaxEntries(n) => {
                quote!(crate::validate::max_entries(#name, #value.len(), #n)?;)
            }
            Constraint::Keys(inner) => {
                let checks = checks_for(name, quote!(key.as_str()), inner);
                quote! {
                    for key in #value.keys() {
                        #(#checks)*
                    }
                }
            }
            Constraint::Values(inner) => {
                let checks = checks_for(name, quote!(item), inner);
                quote! {
                    for item in crate::validate::items(#value) {
                        #(#checks)*
                    }
                }
            }
        })
        .collect()
}
