//! Emitting an operation's request builder: a struct holding the request and the fields' values,
//! one setter per field, the per-request options, and sending. A builder with required fields
//! has one type parameter, its state, which records which of them are set (see `state`);
//! sending needs all of them, and `.send()` names a missing one in the compiler's message.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::models::field_attrs;
use super::resources::{request_alias, response_tokens};
use super::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{
    Api, BuilderDef, FieldRepr, HttpMethod, Operation, PaginationDef, ParamField, ParamLocation,
    QueryArrays, RequestBody, SetterInput, TypeRef,
};

/// The types an operation's method returns: its builder, or the alias of its request.
pub(super) fn expand_operation_types(api: &Api, op: &Operation) -> TokenStream {
    match &op.builder {
        Some(b) => expand_builder(api, op, b),
        None => request_alias(api, op),
    }
}

/// What the generated pieces of one builder share.
struct Names<'a> {
    builder: Ident,
    fields: Ident,
    state: Option<Ident>,
    response: TokenStream,
    body: RequestBody,
    def: &'a BuilderDef,
}

fn expand_builder(api: &Api, op: &Operation, b: &BuilderDef) -> TokenStream {
    let n = Names {
        builder: ident(&op.type_name),
        fields: ident(&b.fields_struct),
        state: b.state_module.as_deref().map(ident),
        response: response_tokens(api, &op.response),
        body: op.body,
        def: b,
    };
    let (builder, fields, response) = (&n.builder, &n.fields, &n.response);
    let docs = builder_docs(op, b);
    let generics_decl = n.state.as_ref().map(|s| quote!(<S = #s::Empty>));
    let generics = n.state.as_ref().map(|_| quote!(<S>));
    let initial = n.state.as_ref().map(|s| quote!(<#s::Empty>));
    let retype = n.state.as_ref().map(|_| {
        quote! {
            fn retype<T>(self) -> #builder<T> {
                #builder { request: self.request, fields: self.fields, state: ::std::marker::PhantomData }
            }
        }
    });
    let state_field = n
        .state
        .as_ref()
        .map(|_| quote!(state: ::std::marker::PhantomData<fn() -> S>,));
    let state_init = n
        .state
        .as_ref()
        .map(|_| quote!(state: ::std::marker::PhantomData,));
    let setters = b.fields.iter().map(|f| setters(api, &n, f));
    let body_setter = body_model_setter(api, &n);
    let options = option_methods();
    let into_request = into_request(op, &n);
    let sending = sending(api, op, &n);
    let fields_struct = fields_struct(api, &n);
    let state_module = super::state::expand_state_module(op, b);
    let name = &op.type_name;
    quote! {
        #docs
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct #builder #generics_decl {
            request: crate::Request<#response>,
            fields: #fields,
            #state_field
        }

        impl #builder #initial {
            fn new(request: crate::Request<#response>) -> Self {
                #builder { request, fields: #fields::default(), #state_init }
            }
        }

        impl #generics #builder #generics {
            #(#setters)*
            #body_setter
            #options

            /// Checks the fields against the schema's rules, as sending does first.
            ///
            /// # Errors
            ///
            /// The first rule a value breaks, naming the field.
            pub fn validate(&self) -> Result<(), crate::InvalidRequestError> {
                self.fields.validate()
            }

            #retype
            #into_request
        }

        /// Shows no field values: they may be personal data.
        impl #generics ::std::fmt::Debug for #builder #generics {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name).finish_non_exhaustive()
            }
        }

        #sending
        #fields_struct
        #state_module
    }
}

/// The builder's docs: what it sends, how, and which fields it needs.
fn builder_docs(op: &Operation, b: &BuilderDef) -> TokenStream {
    let mut lines = vec![format!(
        "The request of `{}`: set its fields, then `.await` it (or call `.send()`).",
        op.method_name.trim_start_matches("r#")
    )];
    let required: Vec<String> = b
        .fields
        .iter()
        .filter(|f| f.setter.state.is_some())
        .map(|f| format!("`{}`", f.setter.method.trim_start_matches("r#")))
        .collect();
    if !required.is_empty() {
        lines.push(format!(
            "Required: {}. Sending is only possible once they are set; `.send()` names a missing one in the compiler's message.",
            required.join(", ")
        ));
    }
    doc_attrs(&lines)
}

/// The builder storage of a field: required values are `Option`s until set.
fn storage_type(api: &Api, f: &ParamField) -> TokenStream {
    let inner = type_tokens(api, &f.field.ty);
    match f.field.repr {
        FieldRepr::Required | FieldRepr::Optional => quote!(Option<#inner>),
        FieldRepr::RequiredNullable => quote!(Option<Option<#inner>>),
        FieldRepr::OptionalNullable => quote!(crate::Nullable<#inner>),
    }
}

/// The private struct of the fields' values; serialized as the JSON body when there is one.
fn fields_struct(api: &Api, n: &Names<'_>) -> TokenStream {
    let fields = &n.fields;
    let b = n.def;
    let serialized = n.body == RequestBody::Json;
    let serialize = serialized.then(|| quote!(::serde::Serialize,));
    let rename_all = serialized.then_some(b.rename_all).flatten().map(|rule| {
        let rule = rule.serde_name();
        quote!(#[serde(rename_all = #rule)])
    });
    let members = b.fields.iter().map(|f| {
        let name = ident(&f.field.rust_name);
        let ty = storage_type(api, f);
        let attrs =
            serialized.then(|| field_attrs(&f.field, f.location != ParamLocation::Body, true));
        quote!(#attrs #name: #ty,)
    });
    let validate = super::validation::fields_validate(b);
    quote! {
        #[derive(Clone, Default, #serialize)]
        #rename_all
        struct #fields {
            #(#members)*
        }

        impl #fields {
            #validate
        }
    }
}

/// A field's setters: the value, an `Option` of it, and `null`, as the field takes them.
fn setters(api: &Api, n: &Names<'_>, f: &ParamField) -> TokenStream {
    let field = ident(&f.field.rust_name);
    let setter = ident(&f.setter.method);
    let inner = type_tokens(api, &f.field.ty);
    let (arg, convert) = setter_arg(api, f, &inner);
    let docs = setter_docs(&f.field.docs);
    let deprecated = deprecated_attr(f.field.deprecated);
    let builder = &n.builder;
    let (returns, finish) = match (&f.setter.state, &n.state) {
        (Some(state), Some(module)) => {
            let marker = ident(&state.marker);
            (quote!(#builder<#module::#marker<S>>), quote!(self.retype()))
        }
        _ => (quote!(Self), quote!(self)),
    };
    let set = match f.field.repr {
        FieldRepr::Required | FieldRepr::Optional => quote!(Some(#convert)),
        FieldRepr::RequiredNullable => quote!(Some(Some(#convert))),
        FieldRepr::OptionalNullable => quote!(crate::Nullable::Value(#convert)),
    };
    let maybe = f.setter.maybe.as_deref().map(|maybe| {
        let maybe = ident(maybe);
        let stored = match f.field.repr {
            FieldRepr::OptionalNullable => quote!(value.into()),
            _ => quote!(value),
        };
        let doc = match f.field.repr {
            FieldRepr::OptionalNullable => " Sets this field from an `Option`: `Some` sends the value and `None` sends `null` (use the plain setter to send a value, and leave the field alone to send nothing).",
            _ => " Sets this field from an `Option`: `None` leaves it out of the request.",
        };
        let stored_ty = match f.field.repr {
            FieldRepr::OptionalNullable | FieldRepr::Optional => {
                let ty = type_tokens(api, &f.field.ty);
                quote!(Option<#ty>)
            }
            _ => quote!(Option<#inner>),
        };
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #maybe(mut self, value: #stored_ty) -> Self {
                self.fields.#field = #stored;
                self
            }
        }
    });
    let null = f.setter.null.as_deref().map(|null| {
        let null = ident(null);
        let value = match f.field.repr {
            FieldRepr::RequiredNullable => quote!(Some(None)),
            _ => quote!(crate::Nullable::Null),
        };
        quote! {
            /// Sends an explicit `null` for this field.
            #deprecated
            pub fn #null(mut self) -> #returns {
                self.fields.#field = #value;
                #finish
            }
        }
    });
    quote! {
        #docs
        #deprecated
        pub fn #setter(mut self, value: #arg) -> #returns {
            self.fields.#field = #set;
            #finish
        }
        #maybe
        #null
    }
}

/// The argument type of a setter and the expression converting `value` to the field's type.
fn setter_arg(api: &Api, f: &ParamField, value_ty: &TokenStream) -> (TokenStream, TokenStream) {
    match (f.setter.input, &f.field.ty) {
        (SetterInput::IterInto, TypeRef::Array(item)) => {
            let item = type_tokens(api, item);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(value.into_iter().map(Into::into).collect()),
            )
        }
        _ => (quote!(impl Into<#value_ty>), quote!(value.into())),
    }
}

fn setter_docs(docs: &[String]) -> TokenStream {
    if docs.is_empty() {
        doc_attrs(&["Sets this field.".to_owned()])
    } else {
        doc_attrs(docs)
    }
}

/// `.body(model)`: every body field at once, from the schema's named body model.
fn body_model_setter(api: &Api, n: &Names<'_>) -> Option<TokenStream> {
    let model = n.def.body_model.as_ref()?;
    let ty = type_tokens(api, &TypeRef::Named(model.ty));
    let builder = &n.builder;
    let sets_required = model
        .fields
        .iter()
        .any(|(_, index)| n.def.fields[*index].setter.state.is_some());
    let (returns, finish) = match &n.state {
        Some(module) if sets_required => (
            quote!(#builder<#module::WithBody<S>>),
            quote!(self.retype()),
        ),
        _ => (quote!(Self), quote!(self)),
    };
    let assignments = model.fields.iter().map(|(model_field, index)| {
        let f = &n.def.fields[*index];
        let from = ident(model_field);
        let to = ident(&f.field.rust_name);
        let value = match f.field.repr {
            FieldRepr::Required | FieldRepr::RequiredNullable => quote!(Some(body.#from)),
            FieldRepr::Optional | FieldRepr::OptionalNullable => quote!(body.#from),
        };
        quote!(self.fields.#to = #value;)
    });
    Some(quote! {
        /// Sets every body field from a model value, replacing what the setters set.
        pub fn body(mut self, body: #ty) -> #returns {
            #(#assignments)*
            #finish
        }
    })
}

/// The per-request options every builder has.
fn option_methods() -> TokenStream {
    quote! {
        /// Limits how long each attempt may take, overriding the client's timeout.
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.request = self.request.timeout(timeout);
            self
        }

        /// Limits the whole call, every attempt and the pauses between them, overriding the
        /// client's deadline.
        pub fn deadline(mut self, deadline: ::std::time::Duration) -> Self {
            self.request = self.request.deadline(deadline);
            self
        }

        /// Sets how many times this request is retried, overriding the client's setting.
        pub fn max_retries(mut self, max_retries: u32) -> Self {
            self.request = self.request.max_retries(max_retries);
            self
        }

        /// Whether a failure that may have reached the server (a timeout, a connection lost
        /// after sending) is retried even though the operation is not idempotent; overrides
        /// the client's setting.
        pub fn retry_unknown_outcome(mut self, retry: bool) -> Self {
            self.request = self.request.retry_unknown_outcome(retry);
            self
        }

        /// Adds a field to the JSON body, or replaces the field of the same wire name, for a
        /// field this version of the SDK does not know.
        pub fn extra_body(mut self, name: impl Into<String>, value: ::serde_json::Value) -> Self {
            self.request = self.request.extra_body(name, value);
            self
        }

        /// Adds a header, replacing a client default of the same name.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.request = self.request.header(name, value);
            self
        }

        /// Adds a query parameter, replacing a field of the same name.
        pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.request = self.request.query_param(name, value);
            self
        }

        /// Applies a set of options: limits that are set replace the current ones, headers and
        /// query parameters are added.
        pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
            self.request = self.request.with_options(options);
            self
        }
    }
}

/// The request with its query, its body and the result of checking its fields.
fn into_request(op: &Operation, n: &Names<'_>) -> TokenStream {
    let response = &n.response;
    let query: Vec<TokenStream> = n
        .def
        .fields
        .iter()
        .filter_map(|f| {
            let ParamLocation::Query(arrays) = f.location else {
                return None;
            };
            let field = ident(&f.field.rust_name);
            let wire = &f.field.wire_name;
            Some(match arrays {
                QueryArrays::Exploded => quote!(query.push_exploded(#wire, &self.fields.#field);),
                QueryArrays::Joined => quote!(query.push(#wire, &self.fields.#field);),
            })
        })
        .collect();
    let (query_setup, with_query) = if query.is_empty() {
        (None, None)
    } else {
        (
            Some(quote! {
                let mut query = crate::encoding::Query::new();
                #(#query)*
            }),
            Some(quote!(.with_query(query))),
        )
    };
    let with_body = match op.body {
        RequestBody::None => None,
        RequestBody::Json => Some(quote!(.with_json_body(&self.fields))),
        RequestBody::Value(index) => n.def.fields.get(index).map(|f| {
            let field = ident(&f.field.rust_name);
            quote!(.with_json_body(&self.fields.#field))
        }),
    };
    quote! {
        fn into_request(self) -> crate::Request<#response> {
            let checked = self.fields.validate();
            #query_setup
            self.request.check(checked) #with_query #with_body
        }
    }
}

/// `send`, `send_with_response` and `.await` (or, for a list, the first page and the stream),
/// available once every required field is set.
fn sending(api: &Api, op: &Operation, n: &Names<'_>) -> TokenStream {
    let builder = &n.builder;
    let response = &n.response;
    let (generics, bounds) = match &n.state {
        Some(module) => {
            let bounds = n.def.fields.iter().filter_map(|f| {
                let state = f.setter.state.as_ref()?;
                let (assoc, is_set) = (ident(&state.assoc), ident(&state.is_set));
                Some(quote!(S::#assoc: #module::#is_set))
            });
            (
                quote!(<S: #module::State>),
                Some(quote!(where #(#bounds),*)),
            )
        }
        None => (quote!(), None),
    };
    let self_ty = match &n.state {
        Some(_) => quote!(#builder<S>),
        None => quote!(#builder),
    };
    // Reads of one thing can say "not found" without an error.
    let optional = (op.http_method == HttpMethod::Get && op.pagination.is_none()).then(|| {
        quote! {
            /// Sends the request and gives `Ok(None)` when the API answers 404.
            ///
            /// # Errors
            ///
            /// As [`send`](Self::send), except a 404.
            pub async fn optional(self) -> crate::Result<Option<#response>> #bounds {
                self.into_request().optional().await
            }
        }
    });
    match &op.pagination {
        // The bounds sit on each method rather than on the `impl`, so that the compiler's error
        // for a missing field is the field's own message, not "the method exists but ...".
        None => quote! {
            impl #generics #self_ty {
                /// Sends the request and decodes the response; the same as `.await`.
                ///
                /// # Errors
                ///
                /// Any [`Error`](crate::Error): a field that breaks a rule, a failure to connect,
                /// a status outside 2xx, a body that does not decode.
                pub async fn send(self) -> crate::Result<#response> #bounds {
                    self.into_request().send().await
                }

                /// Sends the request and returns the decoded response with the response it came
                /// in: the status, the headers and the body's bytes.
                ///
                /// # Errors
                ///
                /// As [`send`](Self::send).
                pub async fn send_with_response(self) -> crate::Result<(#response, crate::Response)> #bounds {
                    self.into_request().send_with_response().await
                }

                #optional
            }

            impl #generics ::std::future::IntoFuture for #self_ty #bounds {
                type Output = crate::Result<#response>;
                type IntoFuture = ::futures_util::future::BoxFuture<'static, Self::Output>;

                fn into_future(self) -> Self::IntoFuture {
                    ::std::future::IntoFuture::into_future(self.into_request())
                }
            }
        },
        Some(p) => list_sending(api, p, n, &generics, &self_ty, bounds.as_ref()),
    }
}

fn list_sending(
    api: &Api,
    p: &PaginationDef,
    n: &Names<'_>,
    generics: &TokenStream,
    self_ty: &TokenStream,
    bounds: Option<&TokenStream>,
) -> TokenStream {
    let response = &n.response;
    let items_ty = type_tokens(api, &p.item);
    let split = super::pagination::expand_page_split(p, response);
    let cursor_param = &p.cursor_param;
    quote! {
        impl #generics #self_ty {
            /// Fetches the first page; the same as `.await`.
            ///
            /// # Errors
            ///
            /// Any [`Error`](crate::Error) of the first page's request.
            pub async fn send(self) -> crate::Result<crate::Page<#items_ty>> #bounds {
                self.into_list().send().await
            }

            /// Walks every item of every page, fetching each page only when the previous one is
            /// used up; an error ends the stream after it is yielded.
            pub fn into_stream(self) -> impl ::futures_util::Stream<Item = crate::Result<#items_ty>> + Send + Unpin + 'static #bounds {
                self.into_list().into_stream()
            }

            fn into_list(self) -> crate::pagination::ListRequest<#response, #items_ty> {
                crate::pagination::ListRequest::new(self.into_request(), #cursor_param, #split)
            }
        }

        impl #generics ::std::future::IntoFuture for #self_ty #bounds {
            type Output = crate::Result<crate::Page<#items_ty>>;
            type IntoFuture = ::futures_util::future::BoxFuture<'static, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::future::IntoFuture::into_future(self.into_list())
            }
        }
    }
}
