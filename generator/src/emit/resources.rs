//! Emitting the resource tree: one module per resource, with its handle (which owns a clone of
//! the client), the accessors of its children, one method per operation, and the operations'
//! builders (in `builder`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{Api, HttpMethod, Operation, PathArg, PathPart, Resource, ResponseBody};

/// The contents of one resource's module file; `top_level` resources also get their accessor on
/// the client.
pub fn generate_resource_file(api: &Api, resource: &Resource, top_level: bool) -> TokenStream {
    let name = ident(&resource.struct_name);
    let module_docs = resource.docs.iter().map(|d| format!(" {d}"));
    let docs = doc_attrs(&resource.docs);
    let child_modules = resource.children.iter().map(|c| ident(&c.module));
    let accessors = resource.children.iter().map(|c| {
        let module = ident(&c.module);
        expand_accessor(c, quote!(#module::), quote!(self.client.clone()))
    });
    let methods = resource.operations.iter().map(|op| expand_method(api, op));
    let builders = resource
        .operations
        .iter()
        .map(|op| super::builder::expand_operation_types(api, op));
    let client_accessor = top_level.then(|| {
        let accessor = expand_accessor(resource, quote!(), quote!(self.clone()));
        quote! {
            impl crate::Client {
                #accessor
            }
        }
    });
    quote! {
        #(#![doc = #module_docs])*
        #(pub mod #child_modules;)*

        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            client: crate::Client,
        }

        impl #name {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }

            #(#accessors)*
            #(#methods)*
        }

        #client_accessor
        #(#builders)*
    }
}

/// The accessor of a resource's handle, found under `module` (a path prefix), made from `client`.
fn expand_accessor(resource: &Resource, module: TokenStream, client: TokenStream) -> TokenStream {
    let accessor = ident(&resource.accessor);
    let ty = ident(&resource.struct_name);
    let docs = doc_attrs(&resource.docs);
    quote! {
        #docs
        pub fn #accessor(&self) -> #module #ty {
            #module #ty::new(#client)
        }
    }
}

/// The method of an operation: it takes the path arguments and returns the builder (or, for an
/// operation without fields, the request itself).
fn expand_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let example = super::examples::method_doc(api, &op.example);
    let deprecated = deprecated_attr(op.deprecated);
    let path_args = op.path_params.iter().map(|p| path_arg(api, p));
    let ty = ident(&op.type_name);
    let request = expand_request(op);
    let value = match &op.builder {
        Some(_) => quote!(#ty::new(#request)),
        None => request,
    };
    quote! {
        #docs
        ///
        /// # Example
        ///
        #example
        #deprecated
        pub fn #name(&self, #(#path_args)*) -> #ty {
            #value
        }
    }
}

/// The alias an operation without fields returns: the runtime's request for its response.
pub(super) fn request_alias(api: &Api, op: &Operation) -> TokenStream {
    let ty = ident(&op.type_name);
    let response = response_tokens(api, &op.response);
    let doc = format!(
        " The request [`{}`](Self) sends; `.await` it (or call `.send()`).",
        op.method_name
    );
    quote! {
        #[doc = #doc]
        pub type #ty = crate::Request<#response>;
    }
}

/// The Rust type of what a successful response carries.
pub(super) fn response_tokens(api: &Api, response: &ResponseBody) -> TokenStream {
    match response {
        ResponseBody::Json(ty) => type_tokens(api, ty),
        ResponseBody::Empty => quote!(()),
    }
}

/// The request for the operation's method and path, with the path's values checked.
fn expand_request(op: &Operation) -> TokenStream {
    let method = http_method(op.http_method);
    let operation = &op.operation_id;
    let template = &op.path_template;
    let idempotent = op.idempotent;
    let endpoint = quote! {
        crate::request::Endpoint {
            operation: #operation,
            method: #method,
            path: #template,
            idempotent: #idempotent,
        }
    };
    if op.path_params.is_empty() {
        return quote!(crate::Request::new(self.client.clone(), #endpoint));
    }
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(crate::encoding::PathPart::Literal(#text)),
        PathPart::Param(index) => {
            let p = &op.path_params[*index];
            let arg = ident(&p.rust_name);
            let wire = &p.wire_name;
            let value = match p.arg {
                PathArg::Str => quote!(#arg),
                PathArg::Borrowed => quote!(#arg.as_str()),
                PathArg::Copied => quote!(&#arg.to_string()),
            };
            quote!(crate::encoding::PathPart::Param { name: #wire, value: #value })
        }
    });
    let checks: Vec<TokenStream> = op
        .path_params
        .iter()
        .filter(|p| !p.constraints.is_empty())
        .map(|p| {
            let arg = ident(&p.rust_name);
            let checks =
                super::validation::value_checks(&p.wire_name, quote!(value), &p.constraints);
            quote! {
                let value = &#arg;
                #checks
            }
        })
        .collect();
    // Path values that break a constraint fail the request before anything is sent.
    let checked = (!checks.is_empty()).then(|| {
        quote! {
            let path = path.and_then(|path| {
                #(#checks)*
                Ok(path)
            });
        }
    });
    quote! {
        {
            let path = crate::encoding::build_path(&[#(#parts),*]);
            #checked
            crate::Request::with_path(self.client.clone(), #endpoint, path)
        }
    }
}

/// A path parameter of the method: borrowed, as a typed ID where the schema has one.
fn path_arg(api: &Api, p: &crate::ir::PathParam) -> TokenStream {
    let arg = ident(&p.rust_name);
    let ty = type_tokens(api, &p.ty);
    let ty = match p.arg {
        PathArg::Str => quote!(&str),
        PathArg::Borrowed => quote!(&#ty),
        PathArg::Copied => ty,
    };
    quote!(#arg: #ty,)
}

fn http_method(method: HttpMethod) -> TokenStream {
    match method {
        HttpMethod::Get => quote!(::reqwest::Method::GET),
        HttpMethod::Post => quote!(::reqwest::Method::POST),
        HttpMethod::Put => quote!(::reqwest::Method::PUT),
        HttpMethod::Patch => quote!(::reqwest::Method::PATCH),
        HttpMethod::Delete => quote!(::reqwest::Method::DELETE),
    }
}
