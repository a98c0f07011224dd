//! Types compared by name (models and their fields, enums and their values, IDs and their
//! constraints, unions, aliases), and webhooks by key.
//!
//! A type renamed in the schema is a type removed and a type added: its name is what callers
//! write, so nothing would be gained by pairing the two.

use indexmap::IndexMap;

use super::constraints;
use super::surface::{
    Field, Kind, Surface, Ty, Type, access_text, changed, compare_deprecation, repr_text,
    response_text, ty_text,
};
use super::{Aspect, Change, Place, Rule, What};
use crate::ir::{Access, Construction, FieldRepr, UnionDecoding};

/// Compares the types of two surfaces.
pub(super) fn compare(base: &Surface, head: &Surface, out: &mut Vec<Change>) {
    for name in base.types.keys().filter(|n| !head.types.contains_key(*n)) {
        out.push(Change {
            place: Place::Type(name.clone()),
            what: What::Removed,
            rule: Rule::TypeRemoved,
        });
    }
    for (name, h) in &head.types {
        match base.types.get(name) {
            Some(b) => compare_type(name, b, h, out),
            None => out.push(Change {
                place: Place::Type(name.clone()),
                what: What::Added,
                rule: Rule::TypeAdded,
            }),
        }
    }
}

/// Compares the webhooks of two surfaces.
pub(super) fn compare_webhooks(base: &Surface, head: &Surface, out: &mut Vec<Change>) {
    let place = |name: &str| Place::Webhook(name.to_owned());
    for name in base
        .webhooks
        .keys()
        .filter(|n| !head.webhooks.contains_key(*n))
    {
        let (what, rule) = (What::Removed, Rule::WebhookRemoved);
        out.push(Change {
            place: place(name),
            what,
            rule,
        });
    }
    for (name, h) in &head.webhooks {
        let Some(b) = base.webhooks.get(name) else {
            let (what, rule) = (What::Added, Rule::WebhookAdded);
            out.push(Change {
                place: place(name),
                what,
                rule,
            });
            continue;
        };
        if b.payload != h.payload {
            let (from, to) = (ty_text(&b.payload), ty_text(&h.payload));
            out.push(changed(
                place(name),
                Aspect::Type,
                from,
                to,
                Rule::WebhookTypeChanged,
            ));
        }
        if b.response != h.response {
            let from = response_text(b.response.as_ref());
            let to = response_text(h.response.as_ref());
            out.push(changed(
                place(name),
                Aspect::Type,
                from,
                to,
                Rule::WebhookTypeChanged,
            ));
        }
    }
}

fn compare_type(name: &str, base: &Type, head: &Type, out: &mut Vec<Change>) {
    let place = || Place::Type(name.to_owned());
    compare_deprecation(place, base.deprecated, head.deprecated, out);
    match (&base.kind, &head.kind) {
        (
            Kind::Struct {
                fields: b,
                construction: from,
            },
            Kind::Struct {
                fields: h,
                construction: to,
            },
        ) => {
            if from != to {
                let rule = match to {
                    Construction::Received => Rule::ModelClosed,
                    Construction::Open => Rule::ModelOpened,
                };
                let (from, to) = (construction_text(*from), construction_text(*to));
                out.push(changed(place(), Aspect::Construction, from, to, rule));
            }
            compare_model_fields(name, *to, b, h, out);
        }
        (Kind::Enum { values: b }, Kind::Enum { values: h }) => compare_values(name, b, h, out),
        (Kind::Newtype { constraints: b }, Kind::Newtype { constraints: h }) => {
            constraints::record(place, b, h, out);
        }
        (
            Kind::Union {
                variants: b,
                decoding: from,
            },
            Kind::Union {
                variants: h,
                decoding: to,
            },
        ) => {
            compare_decoding(name, from, to, out);
            compare_variants(name, b, h, out);
        }
        (Kind::Alias(b), Kind::Alias(h)) => {
            if b != h {
                let (from, to) = (ty_text(b), ty_text(h));
                out.push(changed(
                    place(),
                    Aspect::Type,
                    from,
                    to,
                    Rule::AliasTargetChanged,
                ));
            }
        }
        (b, h) => {
            let (from, to) = (kind_text(b), kind_text(h));
            out.push(changed(
                place(),
                Aspect::Kind,
                from,
                to,
                Rule::TypeKindChanged,
            ));
        }
    }
}

fn kind_text(kind: &Kind) -> &'static str {
    match kind {
        Kind::Struct { .. } => "struct",
        Kind::Enum { .. } => "enum",
        Kind::Newtype { .. } => "newtype",
        Kind::Union { .. } => "union",
        Kind::Alias(_) => "alias",
    }
}

fn construction_text(construction: Construction) -> &'static str {
    match construction {
        Construction::Open => "request model (plain struct)",
        Construction::Received => "response model (`#[non_exhaustive]`)",
    }
}

/// The fields of a model, judged by who builds the head's model.
fn compare_model_fields(
    ty: &str,
    construction: Construction,
    base: &IndexMap<String, Field>,
    head: &IndexMap<String, Field>,
    out: &mut Vec<Change>,
) {
    let place = |name: &str| Place::TypeField {
        ty: ty.to_owned(),
        name: name.to_owned(),
    };
    for name in base.keys().filter(|n| !head.contains_key(*n)) {
        let (what, rule) = (What::Removed, Rule::ModelFieldRemoved);
        out.push(Change {
            place: place(name),
            what,
            rule,
        });
    }
    for (name, h) in head {
        let Some(b) = base.get(name) else {
            let rule = match construction {
                Construction::Open => Rule::ModelFieldAdded,
                Construction::Received => Rule::ResponseFieldAdded,
            };
            out.push(Change {
                place: place(name),
                what: What::Added,
                rule,
            });
            continue;
        };
        if b.ty != h.ty {
            let (from, to) = (ty_text(&b.ty), ty_text(&h.ty));
            out.push(changed(
                place(name),
                Aspect::Type,
                from,
                to,
                Rule::ModelFieldTypeChanged,
            ));
        }
        if b.repr != h.repr {
            let rule = model_presence_rule(construction, b.repr, h.repr);
            let (from, to) = (repr_text(b.repr), repr_text(h.repr));
            out.push(changed(place(name), Aspect::Presence, from, to, rule));
        }
        if b.access != h.access {
            let rule = match h.access {
                Access::ReadWrite => Rule::AccessWidened,
                Access::ReadOnly | Access::WriteOnly => Rule::AccessNarrowed,
            };
            let (from, to) = (access_text(b.access), access_text(h.access));
            out.push(changed(place(name), Aspect::Access, from, to, rule));
        }
        compare_deprecation(|| place(name), b.deprecated, h.deprecated, out);
    }
}

/// The Rust wrapper of a model field: `T`, `Option<T>` or `Nullable<T>`.
fn wrapper(repr: FieldRepr) -> &'static str {
    match repr {
        FieldRepr::Required => "T",
        FieldRepr::RequiredNullable | FieldRepr::Optional => "Option<T>",
        FieldRepr::OptionalNullable => "Nullable<T>",
    }
}

/// The rule for a model field whose presence or nullability changed (`base != head`).
fn model_presence_rule(construction: Construction, base: FieldRepr, head: FieldRepr) -> Rule {
    // With the wrapper unchanged, the change is between required nullable and optional: both
    // `Option<T>`, told apart only by whether the key may be missing.
    match (construction, base) {
        _ if wrapper(base) != wrapper(head) => Rule::ModelFieldWrapperChanged,
        (Construction::Received, FieldRepr::RequiredNullable) => Rule::ResponseKeyMayBeMissing,
        (Construction::Received, _) => Rule::ResponseKeyAlwaysPresent,
        (Construction::Open, FieldRepr::Optional) => Rule::RequestKeyRequired,
        (Construction::Open, _) => Rule::RequestKeyOptional,
    }
}

fn compare_values(ty: &str, base: &[String], head: &[String], out: &mut Vec<Change>) {
    let place = |value: &str| Place::EnumValue {
        ty: ty.to_owned(),
        value: value.to_owned(),
    };
    for value in base.iter().filter(|v| !head.contains(v)) {
        let (what, rule) = (What::Removed, Rule::EnumValueRemoved);
        out.push(Change {
            place: place(value),
            what,
            rule,
        });
    }
    for value in head.iter().filter(|v| !base.contains(v)) {
        let (what, rule) = (What::Added, Rule::EnumValueAdded);
        out.push(Change {
            place: place(value),
            what,
            rule,
        });
    }
}

fn decoding_text(decoding: &UnionDecoding) -> String {
    match decoding {
        UnionDecoding::Tagged { property, .. } => format!("tagged by `{property}`"),
        UnionDecoding::Shape => "by shape".to_owned(),
        UnionDecoding::Scalar => "by JSON type".to_owned(),
    }
}

fn compare_decoding(ty: &str, base: &UnionDecoding, head: &UnionDecoding, out: &mut Vec<Change>) {
    let (from, to) = (decoding_text(base), decoding_text(head));
    if from == to {
        return;
    }
    let rule = match (base, head) {
        (UnionDecoding::Tagged { .. }, UnionDecoding::Tagged { .. }) => Rule::UnionDecodingChanged,
        (UnionDecoding::Tagged { .. }, _) => Rule::UnionUntagged,
        _ => Rule::UnionDecodingChanged,
    };
    out.push(changed(
        Place::Type(ty.to_owned()),
        Aspect::Decoding,
        from,
        to,
        rule,
    ));
}

// Members decoded by shape are tried by their required properties, which come from the
// members' own types; those types are compared on their own, so the lists are not.
fn compare_variants(
    ty: &str,
    base: &IndexMap<String, (Ty, Vec<String>)>,
    head: &IndexMap<String, (Ty, Vec<String>)>,
    out: &mut Vec<Change>,
) {
    let place = |variant: &str| Place::UnionVariant {
        ty: ty.to_owned(),
        variant: variant.to_owned(),
    };
    for name in base.keys().filter(|n| !head.contains_key(*n)) {
        let (what, rule) = (What::Removed, Rule::UnionVariantRemoved);
        out.push(Change {
            place: place(name),
            what,
            rule,
        });
    }
    for (name, (h_ty, h_tags)) in head {
        let Some((b_ty, b_tags)) = base.get(name) else {
            let (what, rule) = (What::Added, Rule::UnionVariantAdded);
            out.push(Change {
                place: place(name),
                what,
                rule,
            });
            continue;
        };
        if b_ty != h_ty {
            let (from, to) = (ty_text(b_ty), ty_text(h_ty));
            out.push(changed(
                place(name),
                Aspect::Type,
                from,
                to,
                Rule::UnionVariantTypeChanged,
            ));
        }
        if b_tags != h_tags {
            let tags = |t: &[String]| {
                let quoted: Vec<String> = t.iter().map(|t| format!("`{t}`")).collect();
                if quoted.is_empty() {
                    "none".to_owned()
                } else {
                    quoted.join(", ")
                }
            };
            let (from, to) = (tags(b_tags), tags(h_tags));
            out.push(changed(
                place(name),
                Aspect::Tags,
                from,
                to,
                Rule::UnionTagsChanged,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_presence_follows_the_rust_type_then_the_key() {
        use Construction::*;
        use FieldRepr::*;
        let rule = model_presence_rule;
        assert_eq!(
            rule(Received, Required, RequiredNullable),
            Rule::ModelFieldWrapperChanged
        );
        assert_eq!(
            rule(Received, RequiredNullable, Required),
            Rule::ModelFieldWrapperChanged
        );
        assert_eq!(
            rule(Open, Optional, OptionalNullable),
            Rule::ModelFieldWrapperChanged
        );
        assert_eq!(
            rule(Received, RequiredNullable, Optional),
            Rule::ResponseKeyMayBeMissing
        );
        assert_eq!(
            rule(Received, Optional, RequiredNullable),
            Rule::ResponseKeyAlwaysPresent
        );
        assert_eq!(
            rule(Open, Optional, RequiredNullable),
            Rule::RequestKeyRequired
        );
        assert_eq!(
            rule(Open, RequiredNullable, Optional),
            Rule::RequestKeyOptional
        );
    }
}
