//! Emitting the typed builder of an operation's parameters: one type parameter per required
//! field, `Unset` until its setter is called, so `build` only exists once every required field
//! has a value, and optional fields set by name in any order.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::field_type;
use super::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{Api, FieldRepr, ParamField, ParamsDef, SetterInput, TypeRef};

/// The builder struct, its constructor, its setters and `build`.
pub(super) fn expand_builder(api: &Api, p: &ParamsDef) -> TokenStream {
    let name = ident(&p.name);
    let builder = ident(&p.builder_name);
    let required: Vec<&ParamField> = p
        .fields
        .iter()
        .filter(|f| f.setter.state_param.is_some())
        .collect();
    let states: Vec<Ident> = required
        .iter()
        .filter_map(|f| f.setter.state_param.as_deref())
        .map(ident)
        .collect();
    let all_fields: Vec<Ident> = p.fields.iter().map(|f| ident(&f.field.rust_name)).collect();
    let storage = p.fields.iter().map(|f| storage_field(api, f));
    let initial = p.fields.iter().map(initial_value);
    let generics_decl = (!states.is_empty()).then(|| quote!(<#(#states = crate::Unset),*>));
    let generics = (!states.is_empty()).then(|| quote!(<#(#states),*>));
    let unset_all = (!states.is_empty()).then(|| {
        let unset = states.iter().map(|_| quote!(crate::Unset));
        quote!(<#(#unset),*>)
    });
    let required_setters = required
        .iter()
        .enumerate()
        .map(|(i, f)| required_setter(api, &builder, &states, &all_fields, i, f));
    let optional_setters = p
        .fields
        .iter()
        .filter(|f| f.setter.state_param.is_none())
        .map(|f| optional_setter(api, f));
    let complete = required.iter().map(|f| field_type(api, &f.field));
    let docs = builder_docs(&p.name, &required);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct #builder #generics_decl {
            #(#storage)*
        }

        impl #builder #unset_all {
            fn new() -> Self {
                #builder { #(#initial)* }
            }
        }

        #(#required_setters)*

        impl #generics #builder #generics {
            #(#optional_setters)*
        }

        impl #builder<#(#complete),*> {
            /// Finishes the parameters.
            pub fn build(self) -> #name {
                #name { #(#all_fields: self.#all_fields,)* }
            }
        }
    }
}

/// The builder's docs: what it builds, and which setters `build` waits for.
fn builder_docs(name: &str, required: &[&ParamField]) -> TokenStream {
    let builder_doc = format!(" Builds [`{name}`]; see [`{name}::builder`].");
    let required_doc = (!required.is_empty()).then(|| {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.field.rust_name))
            .collect();
        let text = format!(
            " `build` becomes available once every required parameter is set: {}.",
            names.join(", ")
        );
        quote!(#[doc = ""] #[doc = #text])
    });
    quote! {
        #[doc = #builder_doc]
        #required_doc
    }
}

/// A field of the builder: a required field's type is its state parameter.
fn storage_field(api: &Api, f: &ParamField) -> TokenStream {
    let field = ident(&f.field.rust_name);
    match &f.setter.state_param {
        Some(state) => {
            let state = ident(state);
            quote!(#field: #state,)
        }
        None => {
            let ty = field_type(api, &f.field);
            quote!(#field: #ty,)
        }
    }
}

/// A field's value in a new builder: nothing set.
fn initial_value(f: &ParamField) -> TokenStream {
    let field = ident(&f.field.rust_name);
    match (&f.setter.state_param, f.field.repr) {
        (Some(_), _) => quote!(#field: crate::Unset,),
        (None, FieldRepr::OptionalNullable) => quote!(#field: crate::Nullable::Unset,),
        (None, _) => quote!(#field: None,),
    }
}

/// The setter of required field number `i`: available while its state is `Unset`, it moves
/// every field into a builder whose state for this field is the value's type.
fn required_setter(
    api: &Api,
    builder: &Ident,
    states: &[Ident],
    all_fields: &[Ident],
    i: usize,
    f: &ParamField,
) -> TokenStream {
    let others = states
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, s)| s);
    let before = states.iter().enumerate().map(|(j, s)| {
        if j == i {
            quote!(crate::Unset)
        } else {
            quote!(#s)
        }
    });
    let value_ty = field_type(api, &f.field);
    let after = states
        .iter()
        .enumerate()
        .map(|(j, s)| if j == i { value_ty.clone() } else { quote!(#s) });
    let field = ident(&f.field.rust_name);
    let (arg, convert) = setter_arg(api, f, &value_ty);
    let moves = all_fields.iter().map(|other| {
        if *other == field {
            quote!(#field: #convert,)
        } else {
            quote!(#other: self.#other,)
        }
    });
    let docs = setter_docs(&f.field.docs, "Sets this required parameter.");
    let deprecated = deprecated_attr(f.field.deprecated);
    quote! {
        impl<#(#others),*> #builder<#(#before),*> {
            #docs
            #deprecated
            pub fn #field(self, value: #arg) -> #builder<#(#after),*> {
                #builder { #(#moves)* }
            }
        }
    }
}

/// The setter of an optional field, and for a nullable one the setter that sends `null`.
fn optional_setter(api: &Api, f: &ParamField) -> TokenStream {
    let field = ident(&f.field.rust_name);
    let inner = type_tokens(api, &f.field.ty);
    let (arg, convert) = setter_arg(api, f, &inner);
    let docs = setter_docs(&f.field.docs, "Sets this optional parameter.");
    let set = match f.field.repr {
        FieldRepr::OptionalNullable => quote!(crate::Nullable::Value(#convert)),
        _ => quote!(Some(#convert)),
    };
    let null_setter = f.setter.null_setter.as_deref().map(|null| {
        let null = ident(null);
        quote! {
            /// Sends an explicit `null` for this parameter.
            pub fn #null(mut self) -> Self {
                self.#field = crate::Nullable::Null;
                self
            }
        }
    });
    let deprecated = deprecated_attr(f.field.deprecated);
    quote! {
        #docs
        #deprecated
        pub fn #field(mut self, value: #arg) -> Self {
            self.#field = #set;
            self
        }
        #null_setter
    }
}

/// The argument type of a setter and the expression converting `value` to the stored type.
fn setter_arg(api: &Api, f: &ParamField, value_ty: &TokenStream) -> (TokenStream, TokenStream) {
    match (f.setter.input, &f.field.ty) {
        (_, _) if f.field.repr == FieldRepr::RequiredNullable => (value_ty.clone(), quote!(value)),
        (SetterInput::Into, _) => (quote!(impl Into<#value_ty>), quote!(value.into())),
        (SetterInput::Iter, TypeRef::Array(item)) => {
            let item = type_tokens(api, item);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(value.into_iter().collect()),
            )
        }
        (SetterInput::IterInto, TypeRef::Array(item)) => {
            let item = type_tokens(api, item);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(value.into_iter().map(Into::into).collect()),
            )
        }
        _ => (value_ty.clone(), quote!(value)),
    }
}

fn setter_docs(docs: &[String], fallback: &str) -> TokenStream {
    if docs.is_empty() {
        doc_attrs(&[fallback.to_owned()])
    } else {
        doc_attrs(docs)
    }
}
