//! The type pass: the table of generated types, and the lowering of schemas into it.
//!
//! [`Types`] owns the table. Component schemas get their ids first, so that any schema can refer
//! to any component, recursion included; inline objects, enums and unions get theirs when they
//! are met, named after where they appear (`ViewerStudiesListParams` + `Status` ...). Resolving
//! a schema gives a [`TypeRef`] and whether `null` is allowed; objects are in `objects`, unions in
//! `unions`, constraints in `constraints`.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::Diagnostics;
use super::docs::docs_of;
use super::naming::{self, NameSet};
use super::refs;
use crate::error::pointer_join;
use crate::ir::{
    Deprecation, EnumDef, FloatWidth, IntWidth, NewtypeDef, TypeDef, TypeId, TypeKind, TypeRef,
    Variant,
};
use crate::spec::{AdditionalProperties, Document, JsonType, Schema};

/// Whether a schema describes what the SDK sends or what it receives, which decides how optional
/// nulls are kept and whether callers may build the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Sent by the SDK (or built by the application, as a webhook answer): an optional nullable
    /// field is a tri-state, and the type is a plain struct.
    Request,
    /// Received by the SDK: an optional nullable field is an `Option`, and the type is
    /// `#[non_exhaustive]`.
    Response,
    /// Both sent and received (a component some requests and some responses use): built like
    /// something sent, with `readOnly` properties never sent and `writeOnly` ones never read.
    Both,
}

/// A schema's value type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// The type table being built, and what it needs to know about the document.
pub(super) struct Types<'a> {
    pub(super) doc: &'a Document,
    /// One slot per id: the name claimed for it, and the type once it has been lowered.
    slots: Vec<(String, Option<TypeDef>)>,
    names: NameSet,
    /// Component key → its id.
    components: IndexMap<String, TypeId>,
    /// Pointer of an inline schema → its type, so a schema read twice makes one type.
    inline: BTreeMap<String, TypeRef>,
    /// Components reachable from what the SDK sends.
    sent: BTreeSet<String>,
    /// Components reachable from what the SDK receives.
    received: BTreeSet<String>,
    /// Components that are members of a tagged union → the tag property the union carries.
    tagged_members: BTreeMap<String, String>,
}

impl<'a> Types<'a> {
    /// An empty table for `doc`. Generated code names prelude types without a path, so no
    /// model may shadow them.
    pub(super) fn new(doc: &'a Document) -> Self {
        let mut names = NameSet::default();
        for name in [
            "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Self_",
        ] {
            let _ = names.claim(name, "the Rust prelude (choose another schema name)");
        }
        Types {
            doc,
            slots: Vec::new(),
            names,
            components: IndexMap::new(),
            inline: BTreeMap::new(),
            sent: super::unions::sent_components(doc),
            received: super::unions::received_components(doc),
            tagged_members: super::unions::tagged_members(doc),
        }
    }

    /// Lowers every component schema into a named type, in schema order.
    pub(super) fn lower_components(&mut self, diags: &mut Diagnostics) {
        let schemas = &self.doc.components.schemas;
        for key in schemas.keys() {
            let pointer = pointer_join("/components/schemas", key);
            if let Some(id) = self.reserve(&naming::pascal(key), &pointer, diags) {
                self.components.insert(key.clone(), id);
            }
        }
        for (key, schema) in schemas {
            let pointer = pointer_join("/components/schemas", key);
            let dir = match (self.sent.contains(key), self.received.contains(key)) {
                (true, true) => Direction::Both,
                (true, false) => Direction::Request,
                (false, _) => Direction::Response,
            };
            if let Some(&id) = self.components.get(key) {
                self.define_named(id, schema, &pointer, dir, Some(key), diags);
            }
        }
    }

    /// The finished table. Every reserved id has been defined unless lowering reported an error.
    pub(super) fn finish(self, diags: &mut Diagnostics) -> Vec<TypeDef> {
        let mut out = Vec::with_capacity(self.slots.len());
        for (i, (_, slot)) in self.slots.into_iter().enumerate() {
            match slot {
                Some(def) => out.push(def),
                None if diags.0.is_empty() => {
                    diags.error("", format!("internal error: type {i} was never defined"));
                }
                None => {}
            }
        }
        out
    }

    /// The type behind an id, once it is defined.
    pub(super) fn get(&self, id: TypeId) -> Option<&TypeDef> {
        self.slots.get(id.0).and_then(|(_, def)| def.as_ref())
    }

    /// The Rust name of an id, defined or only reserved.
    pub(super) fn name(&self, id: TypeId) -> &str {
        self.slots.get(id.0).map_or("", |(name, _)| name.as_str())
    }

    /// The id of a component, by its key.
    pub(super) fn component(&self, key: &str) -> Option<TypeId> {
        self.components.get(key).copied()
    }

    /// The tag property a component drops because a tagged union carries it.
    pub(super) fn dropped_tag(&self, component: Option<&str>) -> Option<&str> {
        self.tagged_members.get(component?).map(String::as_str)
    }

    /// Claims `name` for a type defined at `pointer` and gives it an id; reports a collision.
    pub(super) fn reserve(
        &mut self,
        name: &str,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeId> {
        if let Err(previous) = self.names.claim(name, pointer) {
            let previous = if previous.starts_with('/') {
                format!("#{previous}")
            } else {
                previous
            };
            diags.error(
                pointer,
                format!("type name `{name}` is already used by {previous}; rename one of them"),
            );
            return None;
        }
        self.slots.push((name.to_owned(), None));
        Some(TypeId(self.slots.len() - 1))
    }

    /// Fills the slot of `id`.
    pub(super) fn define(&mut self, id: TypeId, def: TypeDef) {
        if let Some((_, slot)) = self.slots.get_mut(id.0) {
            *slot = Some(def);
        }
    }

    /// Lowers a schema that gets its own named type into the slot of `id`. `component` is its
    /// key when it is a component schema.
    fn define_named(
        &mut self,
        id: TypeId,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
        component: Option<&str>,
        diags: &mut Diagnostics,
    ) {
        let name = self.name(id).to_owned();
        let mut docs = docs_of(schema.description.as_deref().or(schema.title.as_deref()));
        if docs.is_empty() {
            docs.push(format!(
                "The `{name}` schema (the schema gives no description)."
            ));
        }
        if schema.reference.is_some() {
            diags.error(
                pointer,
                "a component schema cannot be only a `$ref`; reference the target directly",
            );
            return;
        }
        let Some(kind) = self.kind_of_named(&name, schema, pointer, dir, component, diags) else {
            return;
        };
        let deprecated = deprecation(schema.deprecated);
        if deprecated == Deprecation::Deprecated {
            docs.push("**Deprecated** in the API description.".to_owned());
        }
        self.define(
            id,
            TypeDef {
                module: naming::module(&name),
                name,
                docs,
                deprecated,
                kind,
            },
        );
    }

    fn kind_of_named(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
        component: Option<&str>,
        diags: &mut Diagnostics,
    ) -> Option<TypeKind> {
        if let Some((key, members)) = super::unions::members(schema) {
            if super::unions::is_nullable_pair(members) {
                diags.error(
                    &pointer_join(pointer, key),
                    "a component cannot be only a nullable form; name the non-null schema, and write the nullable form where it is used",
                );
                return None;
            }
            if !super::unions::is_rule_list(members) {
                return self
                    .lower_union(name, schema, pointer, dir, diags)
                    .map(TypeKind::Union);
            }
        }
        let types = non_null_types(schema);
        match types.as_slice() {
            [] if schema.all_of.is_some() || schema.properties.is_some() => Some(TypeKind::Struct(
                self.lower_struct(name, schema, pointer, dir, component, diags)?,
            )),
            [JsonType::Object] if schema.properties.is_some() || schema.all_of.is_some() => Some(
                TypeKind::Struct(self.lower_struct(name, schema, pointer, dir, component, diags)?),
            ),
            [JsonType::String] if schema.enumeration.is_some() => {
                Some(TypeKind::Enum(self.lower_enum(schema, pointer, diags)))
            }
            [JsonType::String]
                if !matches!(schema.format.as_deref(), Some("date" | "date-time"))
                    && !super::sensitive::is_secret_url(schema) =>
            {
                Some(TypeKind::Newtype(NewtypeDef {
                    constraints: self.constraints_of(schema, pointer, &TypeRef::String, diags),
                    example: example_string(schema),
                    sensitivity: super::sensitive::sensitivity(self.doc, schema),
                }))
            }
            [_, _, ..] if types.iter().all(|t| is_scalar(*t)) => self
                .lower_union(name, schema, pointer, dir, diags)
                .map(TypeKind::Union),
            // Other types have no struct of their own: the name becomes a type alias.
            [one] => {
                let context = format!("{name}Value");
                let ty = self.resolve_typed(*one, schema, pointer, &context, dir, diags)?;
                Some(TypeKind::Alias(ty))
            }
            [] => Some(TypeKind::Alias(TypeRef::Json)),
            many => {
                let list: Vec<String> = many.iter().map(|t| format!("`{}`", t.name())).collect();
                diags.error(
                    pointer,
                    format!(
                        "a named schema of types {} has no Rust type; a type list may combine scalar types and `'null'` only",
                        list.join(", ")
                    ),
                );
                None
            }
        }
    }

    /// The type an alias stands for, following aliases of aliases; any other type as it is.
    pub(super) fn unalias<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        // A cycle of aliases is reported where it is defined; the bound keeps this finite.
        for _ in 0..16 {
            match ty {
                TypeRef::Named(id) => match self.get(*id).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// Resolves a schema used in a property, parameter, body or item to a type reference,
    /// creating inline types named `context` where needed.
    pub(super) fn resolve(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<Resolved> {
        if let Some(reference) = &schema.reference {
            let at = pointer_join(pointer, "$ref");
            let target = refs::resolve::<Schema>(self.doc, reference, &at, diags)?;
            let id = self.component(target.key)?;
            return Some(Resolved {
                ty: TypeRef::Named(id),
                nullable: false,
            });
        }
        if let Some((key, members)) = super::unions::members(schema) {
            if super::unions::is_nullable_pair(members) {
                return self.resolve_nullable_pair(
                    members,
                    &pointer_join(pointer, key),
                    context,
                    dir,
                    diags,
                );
            }
            if !super::unions::is_rule_list(members) {
                let nullable = members.iter().any(super::unions::is_null);
                let ty = self.inline(context, schema, pointer, dir, diags)?;
                return Some(Resolved { ty, nullable });
            }
        }
        if let Some(single) = super::objects::single_ref(schema, pointer) {
            return self.resolve(single.1, &single.0, context, dir, diags);
        }
        let nullable = schema
            .kind
            .as_ref()
            .is_some_and(|k| k.types().contains(&JsonType::Null));
        let types = non_null_types(schema);
        let ty = match types.as_slice() {
            [] if schema.properties.is_some() || schema.all_of.is_some() => {
                self.inline(context, schema, pointer, dir, diags)?
            }
            [] if nullable => {
                diags.error(pointer, "a schema that is only `null` has no Rust type; describe the value it has when it is not null");
                return None;
            }
            [] => TypeRef::Json,
            [one] => self.resolve_typed(*one, schema, pointer, context, dir, diags)?,
            _ if types.iter().all(|t| is_scalar(*t)) => {
                self.inline(context, schema, pointer, dir, diags)?
            }
            _ => {
                diags.error(
                    &pointer_join(pointer, "type"),
                    "a type list may combine scalar types (`string`, `integer`, `number`, `boolean`) and `'null'`; for objects or arrays use `oneOf`",
                );
                return None;
            }
        };
        Some(Resolved { ty, nullable })
    }

    fn resolve_typed(
        &mut self,
        kind: JsonType,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        Some(match kind {
            JsonType::String if schema.enumeration.is_some() => {
                self.inline(context, schema, pointer, dir, diags)?
            }
            JsonType::String if super::sensitive::is_secret_url(schema) => TypeRef::SecretUrl,
            JsonType::String => match schema.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            JsonType::Integer => TypeRef::Integer(match schema.format.as_deref() {
                Some("int32") => IntWidth::I32,
                _ => IntWidth::I64,
            }),
            JsonType::Number => TypeRef::Number(match schema.format.as_deref() {
                Some("float") => FloatWidth::F32,
                _ => FloatWidth::F64,
            }),
            JsonType::Boolean => TypeRef::Bool,
            JsonType::Array => self.resolve_array(schema, pointer, context, dir, diags)?,
            JsonType::Object if schema.properties.is_some() || schema.all_of.is_some() => {
                self.inline(context, schema, pointer, dir, diags)?
            }
            JsonType::Object => self.resolve_map(schema, pointer, context, dir, diags)?,
            JsonType::Null => return None,
        })
    }

    /// `[{$ref or schema}, {type: 'null'}]`: the non-null member, nullable.
    fn resolve_nullable_pair(
        &mut self,
        members: &[Schema],
        pointer: &str,
        context: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<Resolved> {
        let (index, inner) = members
            .iter()
            .enumerate()
            .find(|(_, s)| !super::unions::is_null(s))?;
        let inner = self.resolve(
            inner,
            &pointer_join(pointer, &index.to_string()),
            context,
            dir,
            diags,
        )?;
        Some(Resolved {
            ty: inner.ty,
            nullable: true,
        })
    }

    /// An array: `Vec` of its items' type, which may itself be inline and named `{context}Item`.
    fn resolve_array(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        let Some(items) = &schema.items else {
            diags.error(pointer, "an array schema needs `items`");
            return None;
        };
        let at = pointer_join(pointer, "items");
        let item = self.resolve(items, &at, &format!("{context}Item"), dir, diags)?;
        Some(TypeRef::Array(Box::new(or_null(item))))
    }

    /// An object without properties: a string-keyed map when `additionalProperties` gives the
    /// value type, free-form JSON otherwise.
    fn resolve_map(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        match &schema.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                let at = pointer_join(pointer, "additionalProperties");
                let value = self.resolve(values, &at, &format!("{context}Value"), dir, diags)?;
                Some(TypeRef::Map(Box::new(or_null(value))))
            }
            _ => Some(TypeRef::Json),
        }
    }

    /// An inline object, enum or union named `name`, made once per place in the document.
    fn inline(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        // A request body component is read twice (as a model and as flattened parameters); its
        // inline types are made once and shared.
        if let Some(existing) = self.inline.get(pointer) {
            return Some(existing.clone());
        }
        let id = self.reserve(name, pointer, diags)?;
        self.inline.insert(pointer.to_owned(), TypeRef::Named(id));
        self.define_named(id, schema, pointer, dir, None, diags);
        Some(TypeRef::Named(id))
    }

    fn lower_enum(&mut self, schema: &Schema, pointer: &str, diags: &mut Diagnostics) -> EnumDef {
        let values = schema.enumeration.as_deref().unwrap_or_default();
        let mut names = NameSet::default();
        let mut variants = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let at = pointer_join(&pointer_join(pointer, "enum"), &i.to_string());
            let wire = match value {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Null => continue,
                _ => {
                    diags.error(&at, "only string enum values are supported");
                    continue;
                }
            };
            let rust_name = naming::pascal(&wire);
            if let Err(previous) = names.claim(&rust_name, &at) {
                diags.error(
                    &at,
                    format!("enum value {wire:?} becomes variant `{rust_name}`, like the value at #{previous}; enum values must stay distinct after case conversion"),
                );
                continue;
            }
            let description = schema
                .enum_descriptions
                .as_ref()
                .and_then(|d| d.get(&wire))
                .cloned();
            let docs = docs_of(Some(description.as_deref().unwrap_or(&format!("`{wire}`"))));
            variants.push(Variant {
                rust_name,
                wire,
                docs,
            });
        }
        if let Some(described) = &schema.enum_descriptions {
            for key in described.keys() {
                if !variants.iter().any(|v| &v.wire == key) {
                    diags.error(
                        &pointer_join(&pointer_join(pointer, "x-enum-descriptions"), key),
                        format!("describes {key:?}, which is not a value of this enum"),
                    );
                }
            }
        }
        let unknown_variant =
            unused_name(&names, &["Unknown", "UnknownValue", "UnrecognizedValue"]);
        EnumDef {
            variants,
            unknown_variant,
        }
    }
}

/// The first of `candidates` not taken in `names`, or a last resort that no wire value produces.
pub(super) fn unused_name(names: &NameSet, candidates: &[&str]) -> String {
    candidates
        .iter()
        .find(|n| !names.contains(n))
        .copied()
        .unwrap_or("UnknownWireValue")
        .to_owned()
}

/// The types a schema lists besides `null`.
pub(super) fn non_null_types(schema: &Schema) -> Vec<JsonType> {
    schema
        .kind
        .as_ref()
        .map(|k| {
            k.types()
                .iter()
                .copied()
                .filter(|t| *t != JsonType::Null)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether values of a JSON type are scalars.
pub(super) fn is_scalar(t: JsonType) -> bool {
    matches!(
        t,
        JsonType::String | JsonType::Integer | JsonType::Number | JsonType::Boolean
    )
}

/// An item or map value: `Option<T>` when it may be null.
fn or_null(resolved: Resolved) -> TypeRef {
    if resolved.nullable {
        TypeRef::OrNull(Box::new(resolved.ty))
    } else {
        resolved.ty
    }
}

/// `deprecated: true` as the IR says it.
pub(super) fn deprecation(flag: Option<bool>) -> Deprecation {
    if flag == Some(true) {
        Deprecation::Deprecated
    } else {
        Deprecation::Current
    }
}

/// The documented example of a string schema, for an ID's docs.
fn example_string(schema: &Schema) -> Option<String> {
    let value = schema
        .examples
        .as_ref()
        .and_then(|e| e.first())
        .or(schema.example.as_ref())?;
    value.as_str().map(str::to_owned)
}

/// The component key a schema's `$ref` names, for the reachability walks of `unions`.
pub(super) fn referenced_key(schema: &Schema) -> Option<&str> {
    refs::key_of::<Schema>(schema.reference.as_deref()?)
}
