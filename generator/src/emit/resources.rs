//! Emitting the resource tree: one struct per resource, one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{
    Api, FieldRepr, HttpMethod, Operation, PaginationDef, ParamLocation, PathArg, PathPart,
    QueryArrays, RequestBody, Resource, ResponseBody,
};

/// The contents of `src/resources/<module>.rs` for one resource (its children have their own files).
pub fn generate_resource_file(api: &Api, resource: &Resource) -> TokenStream {
    let name = ident(&resource.struct_name);
    let docs = doc_attrs(&resource.docs);
    let accessors = resource
        .children
        .iter()
        .map(|c| expand_accessor(c, quote!(self.client), quote!('a)));
    let methods = resource
        .operations
        .iter()
        .map(|op| expand_operation(api, op));
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

fn expand_operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.method_name);
    let docs = doc_attrs(&op.docs);
    let example = super::examples::method_doc(api, &op.example);
    let deprecated = deprecated_attr(op.deprecated);
    let path_args = op.path_params.iter().map(|p| path_arg(api, p));
    let params_arg = op.params.as_ref().map(|p| {
        let ty = ident(&p.name);
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
    let body = match (op.body, &op.params) {
        (RequestBody::Json, _) => Some(quote!(.with_json_body(&params))),
        (RequestBody::Value(index), Some(params)) => params.fields.get(index).map(|f| {
            let field = ident(&f.field.rust_name);
            quote!(.with_json_body(&params.#field))
        }),
        _ => None,
    };
    let response = match &op.response {
        ResponseBody::Json(ty) => type_tokens(api, ty),
        ResponseBody::Empty => quote!(()),
    };
    let request = quote! {
        crate::Request::<#response>::new(self.client.clone(), #method, path)
            #query
            #body
    };
    let (ret, value) = match &op.pagination {
        None => (quote!(crate::Request<#response>), request),
        Some(p) => {
            let item = type_tokens(api, &p.item);
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

/// Builds the operation's query parameters from `params`, in schema order.
fn expand_query_setup(op: &Operation) -> Option<TokenStream> {
    let query = query_fields(op);
    (!query.is_empty()).then(|| {
        let pushes = query.iter().map(|(f, arrays)| {
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            match arrays {
                QueryArrays::Exploded => quote!(query.push_exploded(#wire, &params.#field);),
                QueryArrays::Joined => quote!(query.push(#wire, &params.#field);),
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
        let path = crate::encoding::build_path(&[#(#parts),*]);
        #checked
    }
}

fn expand_query(op: &Operation) -> Option<TokenStream> {
    (!query_fields(op).is_empty()).then(|| quote!(.with_query(query)))
}

/// The fields of an operation that go in the query string, in order.
fn query_fields(op: &Operation) -> Vec<(&crate::ir::Field, QueryArrays)> {
    op.params
        .iter()
        .flat_map(|p| &p.fields)
        .filter_map(|f| match f.location {
            ParamLocation::Query(arrays) => Some((&f.field, arrays)),
            ParamLocation::Body => None,
        })
        .collect()
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
