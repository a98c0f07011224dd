//! Emitting the resource tree: one struct per resource, one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{FieldRepr, HttpMethod, Operation, PaginationDef, PathPart, Resource, TypeRef};

/// The contents of `src/resources/<module>.rs` for one resource (its children have their own files).
pub fn generate_resource_file(resource: &Resource, lib_name: &str) -> TokenStream {
    let name = ident(&resource.struct_name);
    let docs = doc_attrs(&resource.docs);
    let accessors = resource
        .children
        .iter()
        .map(|c| expand_accessor(c, quote!(self.client), quote!('a)));
    let methods = resource
        .operations
        .iter()
        .map(|op| expand_operation(op, lib_name));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }

            #(#accessors)*
            #(#methods)*
        }
    }
}

/// `client.viewer()` and friends: the accessors of the top-level resources.
pub fn generate_client_accessors(resources: &[Resource]) -> TokenStream {
    let accessors = resources
        .iter()
        .map(|c| expand_accessor(c, quote!(self), quote!('_)));
    quote! {
        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// An accessor returning a child resource that borrows `client` for `lifetime`.
fn expand_accessor(child: &Resource, client: TokenStream, lifetime: TokenStream) -> TokenStream {
    let accessor = ident(&child.accessor);
    let ty = ident(&child.struct_name);
    let docs = doc_attrs(&child.docs);
    quote! {
        #docs
        pub fn #accessor(&self) -> crate::resources::#ty<#lifetime> {
            crate::resources::#ty::new(#client)
        }
    }
}

fn expand_operation(op: &Operation, lib_name: &str) -> TokenStream {
    let name = ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let example = example_doc(&op.example, lib_name);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let path_args = op.path_params.iter().map(path_arg);
    let params_arg = op.params.as_deref().map(|p| {
        let ty = ident(p);
        quote!(params: crate::models::#ty,)
    });
    let path = expand_path(op);
    let method = http_method(op.http_method);
    let query = expand_query(op);
    // A parameter that breaks a schema constraint fails the request before anything is sent.
    let validate = op.params.is_some().then(|| {
        quote! {
            let path = params.validate().map_err(crate::Error::from).and(path);
        }
    });
    let body = op.has_body.then(|| quote!(.with_json_body(&params)));
    let response = type_tokens(&op.response);
    let request = quote! {
        crate::Request::<#response>::new(self.client.clone(), #method, path)
            #query
            #body
    };
    let (ret, value) = match &op.pagination {
        None => (quote!(crate::Request<#response>), request),
        Some(p) => {
            let item = type_tokens(&p.item);
            let split = expand_page_split(p, &response);
            let cursor_param = &p.cursor_param;
            (
                quote!(crate::ListRequest<#response, #item>),
                quote!(crate::ListRequest::new(#request, #cursor_param, #split)),
            )
        }
    };
    let query_setup = expand_query_setup(op);
    quote! {
        #docs
        ///
        /// # Example
        ///
        #example
        #deprecated
        pub fn #name(&self, #(#path_args)* #params_arg) -> #ret {
            #path
            #validate
            #query_setup
            #value
        }
    }
}

/// A path parameter of the method: borrowed, as a typed ID where the schema has one.
fn path_arg(p: &crate::ir::PathParam) -> TokenStream {
    let arg = ident(&p.rust_name);
    let ty = match &p.ty {
        TypeRef::String => quote!(&str),
        other => {
            let ty = type_tokens(other);
            quote!(&#ty)
        }
    };
    quote!(#arg: #ty,)
}

/// Builds the operation's query parameters from `params`, in schema order.
fn expand_query_setup(op: &Operation) -> Option<TokenStream> {
    (!op.query.is_empty()).then(|| {
        let pushes = op.query.iter().map(|q| {
            let field = ident(&q.rust_name);
            let wire = &q.wire_name;
            if q.exploded {
                quote!(query.push_exploded(#wire, &params.#field);)
            } else {
                quote!(query.push(#wire, &params.#field);)
            }
        });
        quote! {
            let mut query = crate::encoding::Query::new();
            #(#pushes)*
        }
    })
}

fn expand_path(op: &Operation) -> TokenStream {
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(crate::encoding::PathPart::Literal(#text)),
        PathPart::Param(index) => {
            let p = &op.path_params[*index];
            let arg = ident(&p.rust_name);
            let wire = &p.wire_name;
            let value = match p.ty {
                TypeRef::String => quote!(#arg),
                _ => quote!(#arg.as_str()),
            };
            quote!(crate::encoding::PathPart::Param { name: #wire, value: #value })
        }
    });
    quote! {
        let path = crate::encoding::build_path(&[#(#parts),*]);
    }
}

fn expand_query(op: &Operation) -> Option<TokenStream> {
    (!op.query.is_empty()).then(|| quote!(.with_query(query)))
}

fn expand_page_split(p: &PaginationDef, response: &TokenStream) -> TokenStream {
    let items = ident(&p.items_field);
    let cursor = ident(&p.cursor_field);
    let next_cursor = match p.cursor_repr {
        FieldRepr::Required => quote!(Some(page.#cursor)),
        _ => quote!(page.#cursor),
    };
    let has_more = match &p.has_more_field {
        None => quote!(None),
        Some((field, FieldRepr::Required)) => {
            let field = ident(field);
            quote!(Some(page.#field))
        }
        Some((field, _)) => {
            let field = ident(field);
            quote!(page.#field)
        }
    };
    quote! {
        |page: #response| crate::pagination::PageParts {
            items: page.#items,
            next_cursor: #next_cursor,
            has_more: #has_more,
        }
    }
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

/// The example as a `no_run` doctest inside an async function returning the crate's `Result`.
fn example_doc(example: &str, lib_name: &str) -> TokenStream {
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example() -> {lib_name}::Result<()> {{"),
    ];
    lines.extend(example.lines().map(str::to_owned));
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}
