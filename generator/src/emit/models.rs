//! Emitting the models: structs, enums, newtypes, unions and aliases, one file each.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident, type_tokens};
use crate::ir::{
    Access, Api, Construction, DefaultImpl, EnumDef, Field, FieldRepr, NewtypeDef, Sensitivity,
    StructDef, TypeDef, TypeKind, WireNaming,
};

/// The contents of `src/models/<module>.rs` for one type.
pub fn generate_type_file(api: &Api, def: &TypeDef) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => expand_struct(api, def, s),
        TypeKind::Enum(e) => expand_enum(def, e),
        TypeKind::Newtype(n) => expand_newtype(def, n),
        TypeKind::Union(u) => super::unions::expand_union(api, def, u),
        TypeKind::Alias(ty) => {
            let (name, docs, ty) = (ident(&def.name), doc_attrs(&def.docs), type_tokens(api, ty));
            quote!(#docs pub type #name = #ty;)
        }
    };
    let deprecated = deprecated_attr(def.deprecated);
    // The attribute goes on the item, which every expansion starts with after its docs.
    quote!(#deprecated #body)
}

fn expand_struct(api: &Api, def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let fields = s.fields.iter().map(|f| expand_field(api, f));
    let non_exhaustive =
        (s.construction == Construction::Received).then(|| quote!(#[non_exhaustive]));
    let rename_all = s.rename_all.map(|rule| {
        let rule = rule.serde_name();
        quote!(#[serde(rename_all = #rule)])
    });
    let default = (s.default == DefaultImpl::Derived).then(|| quote!(Default,));
    let redacting = s
        .fields
        .iter()
        .any(|f| f.sensitivity == Sensitivity::Sensitive);
    let (derive_debug, debug_impl) = if redacting {
        (None, Some(redacting_debug(def, s)))
    } else {
        (Some(quote!(Debug,)), None)
    };
    quote! {
        #docs
        #[derive(#derive_debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #rename_all
        #non_exhaustive
        pub struct #name {
            #(#fields)*
        }

        #debug_impl
    }
}

/// `Debug` of a struct with sensitive fields: every field, each sensitive one as `<redacted>`,
/// with its presence kept (`None`, `Some(<redacted>)`; `Unset`, `Null`, `Value(<redacted>)`).
fn redacting_debug(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        let value = match (f.sensitivity, f.repr) {
            (Sensitivity::Plain, _) => quote!(&self.#field),
            (Sensitivity::Sensitive, FieldRepr::Required) => quote!(&crate::sensitive::Redacted),
            (Sensitivity::Sensitive, FieldRepr::RequiredNullable | FieldRepr::Optional) => {
                quote!(&crate::sensitive::Redacted::option(&self.#field))
            }
            (Sensitivity::Sensitive, FieldRepr::OptionalNullable) => {
                quote!(&crate::sensitive::Redacted::nullable(&self.#field))
            }
        };
        quote!(.field(#label, #value))
    });
    quote! {
        /// Shows every field, the sensitive ones (personal and clinical data, URLs that grant
        /// access) as `<redacted>`.
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

/// A model's field with its serde attributes.
fn expand_field(api: &Api, f: &Field) -> TokenStream {
    let docs = doc_attrs(&f.docs);
    let name = ident(&f.rust_name);
    let ty = field_type(api, f);
    let deprecated = deprecated_attr(f.deprecated);
    let serde = field_attrs(f, false, false);
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// A field's serde attributes: its wire name, whether it is left out (`skip`, for a builder's
/// query fields), which side sees it, and how absence and null are written. In a builder's
/// storage (`builder`), a required value is an `Option` until it is set.
pub(super) fn field_attrs(f: &Field, skip: bool, builder: bool) -> Option<TokenStream> {
    let mut serde = Vec::new();
    if f.naming == WireNaming::Explicit {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    match (skip, f.access) {
        (true, _) => serde.push(quote!(skip)),
        // Only received: read when present, never sent.
        (false, Access::ReadOnly) => serde.push(quote!(default, skip_serializing)),
        (false, access) => {
            if access == Access::WriteOnly {
                serde.push(quote!(skip_deserializing));
            }
            serde.extend(match (builder, f.repr) {
                (true, FieldRepr::Required | FieldRepr::RequiredNullable) => {
                    Some(quote!(skip_serializing_if = "Option::is_none"))
                }
                (_, repr) => presence_attrs(repr),
            });
        }
    }
    (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]))
}

/// The serde attributes of a field's presence and nullability.
fn presence_attrs(repr: FieldRepr) -> Option<TokenStream> {
    match repr {
        FieldRepr::Required => None,
        FieldRepr::RequiredNullable => Some(quote!(
            deserialize_with = "crate::serde_helpers::required_nullable"
        )),
        FieldRepr::Optional => Some(quote!(default, skip_serializing_if = "Option::is_none")),
        FieldRepr::OptionalNullable => Some(quote!(
            default,
            skip_serializing_if = "crate::Nullable::is_unset"
        )),
    }
}

/// The Rust type of a field, wrapper included.
pub(super) fn field_type(api: &Api, f: &Field) -> TokenStream {
    let inner = type_tokens(api, &f.ty);
    match f.repr {
        FieldRepr::Required => inner,
        FieldRepr::RequiredNullable | FieldRepr::Optional => quote!(Option<#inner>),
        FieldRepr::OptionalNullable => quote!(crate::Nullable<#inner>),
    }
}

fn expand_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let unknown = ident(&e.unknown_variant);
    let type_name = &def.name;
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_docs = e.variants.iter().map(|v| doc_attrs(&v.docs));
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let unknown_doc = format!(
        " Values this version of the SDK does not know are kept in [`{0}`]({type_name}::{0}) instead of failing to deserialize.",
        e.unknown_variant
    );
    let conversions = enum_conversions(&name, &unknown, type_name);
    quote! {
        #docs
        ///
        #[doc = #unknown_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value not known to this version of the SDK, kept exactly as received.
            #unknown(crate::UnknownValue),
        }

        impl #name {
            /// Every known value, in schema order.
            pub const KNOWN: &'static [#name] = &[#(#name::#variants),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #wires,)*
                    #name::#unknown(value) => value.as_str(),
                }
            }

            /// The variant for a wire value; an unknown value is kept, never rejected.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    #(#wires => #name::#variants,)*
                    other => #name::#unknown(crate::UnknownValue::new(other)),
                }
            }

            /// Whether this is one of the values in [`Self::KNOWN`].
            pub fn is_known(&self) -> bool {
                !matches!(self, #name::#unknown(_))
            }
        }

        #conversions
    }
}

/// `Display`, `FromStr`, serde and query encoding of an enum, all through its wire strings.
fn enum_conversions(name: &Ident, unknown: &Ident, type_name: &str) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Parses a known value; use [`from_wire`](Self::from_wire) to accept unknown ones too.
        impl ::std::str::FromStr for #name {
            type Err = crate::ParseEnumError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match Self::from_wire(value) {
                    #name::#unknown(_) => Err(crate::ParseEnumError::new(#type_name, value)),
                    known => Ok(known),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }

        impl crate::encoding::QueryScalar for #name {
            fn to_query(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    }
}

fn expand_newtype(def: &TypeDef, n: &NewtypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(&def.docs);
    let type_name = &def.name;
    let checks = super::validation::newtype_checks(&def.name, &n.constraints);
    let conversions = newtype_conversions(&name);
    let (derive_debug, debug_impl) = match n.sensitivity {
        Sensitivity::Plain => (Some(quote!(Debug,)), None),
        Sensitivity::Sensitive => (
            None,
            Some(quote! {
                /// Shows the type, not the value: it is personal or clinical data.
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_tuple(#type_name).field(&crate::sensitive::Redacted).finish()
                    }
                }
            }),
        ),
    };
    quote! {
        #docs
        ///
        /// Constructing one with [`new`](Self::new) or [`str::parse`] checks the format before
        /// anything is sent; values read from responses are taken as they are.
        #[derive(#derive_debug Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(String);

        #debug_impl

        impl #name {
            #[doc = concat!("Checks `value` and wraps it as a [`", #type_name, "`].")]
            ///
            /// # Errors
            ///
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the rule the value breaks.
            pub fn new(value: impl Into<String>) -> crate::Result<Self> {
                let value = value.into();
                #checks
                Ok(Self(value))
            }

            /// Wraps `value` without checking it: for a value the API gave out earlier (stored,
            /// say), which must be sendable back even if the API has changed its format since.
            pub fn unchecked(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value as an owned string.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        #conversions
    }
}

/// `AsRef<str>`, `Display`, `FromStr` (checking), `Into<String>` and query encoding of a newtype.
fn newtype_conversions(name: &Ident) -> TokenStream {
    quote! {
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Lets a map keyed by this type be searched with a `&str`.
        impl ::std::borrow::Borrow<str> for #name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::Error;

            fn from_str(value: &str) -> crate::Result<Self> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for #name {
            type Error = crate::Error;

            fn try_from(value: String) -> crate::Result<Self> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for #name {
            type Error = crate::Error;

            fn try_from(value: &str) -> crate::Result<Self> {
                Self::new(value)
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> Self {
                value.0
            }
        }

        impl crate::encoding::QueryScalar for #name {
            fn to_query(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(&self.0)
            }
        }
    }
}
