//! Emitting unions: an enum with one variant per member, and the serde code that picks the
//! member (by a tag property, by shape, or by JSON type). The shared work is in the runtime's
//! `unions` module, so each union adds only its table of members.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{Api, TypeDef, UnionDecoding, UnionDef};

/// The enum and its serde implementations.
pub(super) fn expand_union(api: &Api, def: &TypeDef, u: &UnionDef) -> TokenStream {
    match &u.decoding {
        UnionDecoding::Tagged {
            property,
            unknown_variant,
        } => tagged(api, def, u, property, unknown_variant),
        UnionDecoding::Shape => by_shape(api, def, u),
        UnionDecoding::Scalar => scalar(api, def, u),
    }
}

/// The variants as enum entries.
fn variants(api: &Api, u: &UnionDef) -> Vec<TokenStream> {
    u.variants
        .iter()
        .map(|v| {
            let docs = doc_attrs(&v.docs);
            let name = ident(&v.rust_name);
            let ty = type_tokens(api, &v.ty);
            quote!(#docs #name(#ty),)
        })
        .collect()
}

fn tagged(api: &Api, def: &TypeDef, u: &UnionDef, property: &str, unknown: &str) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let entries = variants(api, u);
    let unknown = ident(unknown);
    let unknown_doc = format!(
        " A value whose `{property}` this version of the SDK does not know, kept as received. \
         `Debug` shows only its `{property}`: the SDK cannot tell which of its properties are \
         sensitive."
    );
    let unknown_label = unknown.to_string();
    let names: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let first_tags: Vec<&str> = u
        .variants
        .iter()
        .map(|v| v.tags.first().map_or("", String::as_str))
        .collect();
    let decode_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let tags = &v.tags;
        quote!(Some(#(#tags)|*) => crate::unions::decode(value).map(Self::#variant),)
    });
    let tag_doc = format!(" The `{property}` of the value, which selects the variant.");
    let labels: Vec<&str> = u.variants.iter().map(|v| v.rust_name.as_str()).collect();
    quote! {
        #docs
        #[derive(Clone, PartialEq)]
        // Members are kept inline, as decoded: boxing them would cost every caller a
        // dereference to save memory only while a value is held.
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#entries)*
            #[doc = #unknown_doc]
            #unknown(::serde_json::Value),
        }

        /// Shows a known member as its own `Debug` does, and of an unknown one only its tag.
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#names(value) => f.debug_tuple(#labels).field(value).finish(),)*
                    Self::#unknown(value) => f
                        .debug_struct(#unknown_label)
                        .field(#property, &crate::unions::tag(value, #property))
                        .finish_non_exhaustive(),
                }
            }
        }

        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(Self::#names(_) => Some(#first_tags),)*
                    Self::#unknown(value) => crate::unions::tag(value, #property),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let decoded = match crate::unions::tag(&value, #property) {
                    #(#decode_arms)*
                    Some(_) => Ok(Self::#unknown(value)),
                    None => Err(crate::unions::missing_tag(#property)),
                };
                decoded.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => crate::unions::serialize_tagged(value, #property, #first_tags, serializer),)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}

fn by_shape(api: &Api, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let entries = variants(api, u);
    let type_name = &def.name;
    let names: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let candidates = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let label = &v.rust_name;
        let required = &v.required;
        let forbidden = &v.forbidden;
        quote! {
            crate::unions::Candidate {
                name: #label,
                required: &[#(#required),*],
                forbidden: &[#(#forbidden),*],
                decode: |value| crate::unions::decode(value).map(Self::#variant),
            },
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        // Members are kept inline, as decoded: boxing them would cost every caller a
        // dereference to save memory only while a value is held.
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#entries)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                crate::unions::decode_by_shape(value, #type_name, &[#(#candidates)*])
                    .map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
    }
}

fn scalar(api: &Api, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let entries = variants(api, u);
    let names: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#entries)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#names(value) => ::std::fmt::Display::fmt(value, f),)*
                }
            }
        }
    }
}
