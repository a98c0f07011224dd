//! Emitting the checks that run on request values before anything is sent.
//!
//! Each constraint of the IR becomes a call into the crate's `validate` module, applied to the
//! value where it is present; responses are never checked.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Bound, BuilderDef, Constraint, FieldRepr, FieldRule, ParamField};

/// The body of a newtype's `new`: checks of the local `value: String`.
pub fn newtype_checks(type_name: &str, constraints: &[Constraint]) -> TokenStream {
    let checks = checks_for(type_name, quote!(value.as_str()), constraints);
    quote!(#(#checks)*)
}

/// The checks of one value (a path argument), given as a reference expression.
pub fn value_checks(name: &str, value: TokenStream, constraints: &[Constraint]) -> TokenStream {
    let checks = checks_for(name, value, constraints);
    quote!(#(#checks)*)
}

/// `validate(&self)` for a builder's fields, where a required value is an `Option` until set.
pub fn fields_validate(p: &BuilderDef) -> TokenStream {
    let checks = p
        .fields
        .iter()
        .filter(|f| !f.constraints.is_empty())
        .map(|f| {
            let field = ident(&f.field.rust_name);
            let checks = checks_for(&f.field.wire_name, quote!(value), &f.constraints);
            match f.field.repr {
                FieldRepr::Required | FieldRepr::Optional => quote! {
                    if let Some(value) = &self.#field {
                        #(#checks)*
                    }
                },
                FieldRepr::RequiredNullable => quote! {
                    if let Some(Some(value)) = &self.#field {
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
    let rules = p.rules.iter().map(|rule| rule_check(p, rule));
    quote! {
        /// Checks every value against the schema's constraints.
        fn validate(&self) -> Result<(), crate::InvalidRequestError> {
            #(#checks)*
            #(#rules)*
            Ok(())
        }
    }
}

/// The check of a rule over several fields: how many of them are set.
fn rule_check(p: &BuilderDef, rule: &FieldRule) -> TokenStream {
    let (count, fields) = match rule {
        FieldRule::AtLeast { count, fields } => (Some(*count), fields),
        FieldRule::ExactlyOne { fields } => (None, fields),
    };
    let fields: Vec<&ParamField> = fields.iter().filter_map(|&i| p.fields.get(i)).collect();
    let entries = fields.iter().map(|f| {
        let wire = &f.field.wire_name;
        let field = ident(&f.field.rust_name);
        let set = match f.field.repr {
            FieldRepr::Required | FieldRepr::RequiredNullable | FieldRepr::Optional => {
                quote!(self.#field.is_some())
            }
            FieldRepr::OptionalNullable => quote!(!self.#field.is_unset()),
        };
        quote!((#wire, #set))
    });
    match count {
        Some(count) => quote!(crate::validate::at_least(&[#(#entries),*], #count)?;),
        None => quote!(crate::validate::exactly_one(&[#(#entries),*])?;),
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
            Constraint::Minimum(n) => {
                let n = bound(*n);
                quote!(crate::validate::minimum(#name, *#value, #n)?;)
            }
            Constraint::Maximum(n) => {
                let n = bound(*n);
                quote!(crate::validate::maximum(#name, *#value, #n)?;)
            }
            Constraint::ExclusiveMinimum(n) => {
                let n = bound(*n);
                quote!(crate::validate::exclusive_minimum(#name, *#value, #n)?;)
            }
            Constraint::ExclusiveMaximum(n) => {
                let n = bound(*n);
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
            // Items that may be null are checked when they are not: `flatten` skips the nulls.
            Constraint::Values(inner) => match inner.as_slice() {
                [Constraint::UnlessNull(inner)] => {
                    let checks = checks_for(name, quote!(item), inner);
                    quote! {
                        for item in crate::validate::items(#value).flatten() {
                            #(#checks)*
                        }
                    }
                }
                _ => {
                    let checks = checks_for(name, quote!(item), inner);
                    quote! {
                        for item in crate::validate::items(#value) {
                            #(#checks)*
                        }
                    }
                }
            },
            Constraint::UnlessNull(inner) => {
                let checks = checks_for(name, quote!(value), inner);
                quote! {
                    if let Some(value) = #value {
                        #(#checks)*
                    }
                }
            }
        })
        .collect()
}

/// A bound as a literal without a suffix, so that it takes the type of the value it is compared
/// with (`i32`, `i64`, `f32` or `f64`).
fn bound(bound: Bound) -> proc_macro2::Literal {
    match bound {
        Bound::Int(n) => proc_macro2::Literal::i64_unsuffixed(n),
        Bound::Float(n) => proc_macro2::Literal::f64_unsuffixed(n),
    }
}
