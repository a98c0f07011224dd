//! Emitting how a list operation's envelope comes apart into a page: its items, its next cursor
//! and its "has more" flag.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{FieldRepr, PaginationDef};

/// A function from the envelope to `PageParts`, for the runtime's `ListRequest`.
pub(super) fn expand_page_split(p: &PaginationDef, response: &TokenStream) -> TokenStream {
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
