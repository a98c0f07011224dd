//! Lowering schemas to types: component schemas, inline objects and enums, field representations.

use indexmap::IndexMap;

use super::Lowerer;
use super::docs::{self, docs_of};
use super::naming::{self, NameSet};
use super::suggest;
use crate::error::pointer_join;
use crate::ir::{
    Construction, EnumDef, Field, FieldRepr, NewtypeDef, StructDef, TypeDef, TypeKind, TypeRef,
    Variant,
};
use crate::spec::{AdditionalProperties, Schema, TypeSet};

/// Whether a schema describes a request or a response, which decides how optional nulls are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// Sent by the SDK: an optional nullable field is a tri-state.
    Request,
    /// Received by the SDK: an optional nullable field is an `Option`.
    Response,
}

/// A schema's value type and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// Lowers every component schema into a named type, in schema order.
    pub(super) fn lower_components(&mut self) {
        let schemas = &self.doc.components.schemas;
        for key in schemas.keys() {
            let pointer = pointer_join("/components/schemas", key);
            let name = naming::pascal(key);
            self.claim_type_name(&name, &pointer);
            self.component_names.insert(key.clone(), name);
        }
        // A component used as a request body describes what the SDK sends, so an optional field
        // that may be null is a tri-state there, as in the operation's parameters.
        let bodies = self.request_body_components();
        for (key, schema) in schemas {
            let pointer = pointer_join("/components/schemas", key);
            let dir = if bodies.contains(key.as_str()) {
                Direction::Request
            } else {
                Direction::Response
            };
            if let Some(name) = self.component_names.get(key).cloned() {
                self.lower_named(&name, schema, &pointer, dir);
            }
        }
    }

    /// Keys of the component schemas that some operation references as its JSON request body.
    fn request_body_components(&self) -> std::collections::BTreeSet<&'a str> {
        let doc: &'a crate::spec::Document = self.doc;
        doc.paths
            .values()
            .flat_map(|item| item.operations().map(|(_, op)| op))
            .filter_map(|op| {
                op.request_body
                    .as_ref()?
                    .content
                    .get("application/json")?
                    .schema
                    .as_ref()?
                    .reference
                    .as_deref()
            })
            .filter_map(|r| r.strip_prefix(COMPONENT_PREFIX))
            .collect()
    }

    /// Claims a type name, reporting a collision with the place that already holds it.
    pub(super) fn claim_type_name(&mut self, name: &str, pointer: &str) -> bool {
        match self.type_names.claim(name, pointer) {
            Ok(()) => true,
            Err(previous) => {
                self.error(
                    pointer,
                    format!(
                        "type name `{name}` is already used by {}; rename one of them",
                        if previous.starts_with('/') {
                            format!("#{previous}")
                        } else {
                            previous
                        }
                    ),
                );
                false
            }
        }
    }

    /// Lowers a schema that gets its own named type and pushes the type.
    fn lower_named(&mut self, name: &str, schema: &Schema, pointer: &str, dir: Direction) {
        let mut docs = docs_of(schema.description.as_deref().or(schema.title.as_deref()));
        if docs.is_empty() {
            docs.push(format!(
                "The `{name}` schema (the schema gives no description)."
            ));
        }
        let module = naming::module(name);
        if schema.reference.is_some() {
            self.error(
                pointer,
                "a component schema cannot be only a `$ref`; reference the target directly",
            );
            return;
        }
        let (kind_name, _) = match self.type_name_of(schema, pointer) {
            Some(k) => k,
            None => return,
        };
        let kind = match kind_name.as_str() {
            "string" if schema.enumeration.is_some() => {
                TypeKind::Enum(self.lower_enum(schema, pointer))
            }
            "string"
                if schema.format.is_none()
                    || matches!(schema.format.as_deref(), Some("uuid" | "email" | "uri")) =>
            {
                TypeKind::Newtype(NewtypeDef {
                    constraints: self.constraints_of(schema, pointer, &TypeRef::String),
                    example: example_string(schema),
                })
            }
            "object" => TypeKind::Struct(self.lower_struct(name, schema, pointer, dir)),
            other => {
                self.error(
                    pointer,
                    format!(
                        "a named schema of type `{other}`{} is not supported; use an object, a string enum or a string",
                        schema.format.as_deref().map(|f| format!(" (format `{f}`)")).unwrap_or_default()
                    ),
                );
                return;
            }
        };
        self.push_type(TypeDef {
            name: name.to_owned(),
            module,
            docs,
            kind,
        });
    }

    /// The `type` of a schema and whether it lists `"null"`.
    fn type_name_of(&mut self, schema: &Schema, pointer: &str) -> Option<(String, bool)> {
        match &schema.kind {
            Some(TypeSet::One(t)) => Some((t.clone(), t == "null")),
            Some(TypeSet::Many(list)) => {
                let non_null: Vec<&String> = list.iter().filter(|t| *t != "null").collect();
                if let ([only], 2) = (non_null.as_slice(), list.len()) {
                    Some(((*only).clone(), true))
                } else {
                    self.error(
                        &pointer_join(pointer, "type"),
                        "a type list must be one type and \"null\", e.g. `[string, \"null\"]`",
                    );
                    None
                }
            }
            None if schema.properties.is_some() => Some(("object".to_owned(), false)),
            // No type at all: any JSON value.
            None => Some(("any".to_owned(), false)),
        }
    }

    fn lower_enum(&mut self, schema: &Schema, pointer: &str) -> EnumDef {
        let values = schema.enumeration.as_deref().unwrap_or_default();
        let mut names = NameSet::default();
        let mut variants = Vec::new();
        for (i, value) in values.iter().enumerate() {
            let at = pointer_join(&pointer_join(pointer, "enum"), &i.to_string());
            let wire = match value {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Null => continue,
                _ => {
                    self.error(&at, "only string enum values are supported");
                    continue;
                }
            };
            let rust_name = naming::pascal(&wire);
            if let Err(previous) = names.claim(&rust_name, &at) {
                self.error(
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
                    self.error(
                        &pointer_join(&pointer_join(pointer, "x-enum-descriptions"), key),
                        format!("describes {key:?}, which is not a value of this enum"),
                    );
                }
            }
        }
        let unknown_variant = ["Unknown", "UnknownValue", "UnrecognizedValue"]
            .into_iter()
            .find(|n| !names.contains(n))
            .unwrap_or("UnknownWireValue")
            .to_owned();
        EnumDef {
            variants,
            unknown_variant,
        }
    }

    fn lower_struct(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
    ) -> StructDef {
        if matches!(
            schema.additional_properties,
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Allowed(true))
        ) && schema.properties.is_some()
        {
            self.error(
                &pointer_join(pointer, "additionalProperties"),
                "an object with both `properties` and `additionalProperties` is not supported",
            );
        }
        let fields = self.lower_fields(name, schema, pointer, dir);
        let construction = match dir {
            Direction::Request => Construction::Open,
            Direction::Response => Construction::Received,
        };
        StructDef {
            fields,
            construction,
        }
    }

    /// Lowers the properties of an object schema into fields.
    pub(super) fn lower_fields(
        &mut self,
        owner: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
    ) -> Vec<Field> {
        let empty = IndexMap::new();
        let properties = schema.properties.as_ref().unwrap_or(&empty);
        let required = schema.required.as_deref().unwrap_or_default();
        for (i, name) in required.iter().enumerate() {
            if !properties.contains_key(name) {
                self.error(
                    &pointer_join(&pointer_join(pointer, "required"), &i.to_string()),
                    format!("`{name}` is listed as required but is not a property"),
                );
            }
        }
        let mut names = NameSet::default();
        let mut fields = Vec::new();
        for (wire, prop) in properties {
            let at = pointer_join(&pointer_join(pointer, "properties"), wire);
            let rust_name = naming::snake(wire);
            if let Err(previous) = names.claim(&rust_name, &at) {
                self.error(
                    &at,
                    format!("property {wire:?} becomes field `{rust_name}`, like the property at #{previous}; property names must stay distinct after case conversion"),
                );
                continue;
            }
            let context = format!("{owner}{}", naming::pascal(wire));
            let Some(resolved) = self.resolve(prop, &at, &context, dir) else {
                continue;
            };
            let is_required = required.contains(wire);
            let repr = field_repr(is_required, resolved.nullable, dir);
            let mut docs = docs_of(prop.description.as_deref());
            if docs.is_empty() {
                docs.push(docs::sentence(&format!("The `{wire}` property.")));
            }
            fields.push(Field {
                rust_name,
                wire_name: wire.clone(),
                docs,
                ty: resolved.ty,
                repr,
            });
        }
        fields
    }

    /// Resolves a schema used in a property, parameter or body to a type reference, creating
    /// inline types named `context` where needed.
    pub(super) fn resolve(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
    ) -> Option<Resolved> {
        if let Some(reference) = &schema.reference {
            return self
                .resolve_ref(reference, &pointer_join(pointer, "$ref"))
                .map(|ty| Resolved {
                    ty,
                    nullable: false,
                });
        }
        for (key, alternatives) in [("anyOf", &schema.any_of), ("oneOf", &schema.one_of)] {
            if let Some(alternatives) = alternatives {
                return self.resolve_nullable_union(
                    alternatives,
                    &pointer_join(pointer, key),
                    context,
                    dir,
                );
            }
        }
        let (kind, nullable) = self.type_name_of(schema, pointer)?;
        let ty = match kind.as_str() {
            "string" if schema.enumeration.is_some() => {
                self.lower_inline(context, schema, pointer, dir)?
            }
            "string" => match schema.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            "integer" => TypeRef::Integer,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Bool,
            "array" => self.resolve_array(schema, pointer, context, dir)?,
            "object" if schema.properties.is_some() => {
                self.lower_inline(context, schema, pointer, dir)?
            }
            "object" => self.resolve_map(schema, pointer, context, dir)?,
            "any" => TypeRef::Json,
            "null" => {
                self.error(pointer, "a schema that is only `null` is not supported");
                return None;
            }
            other => {
                self.error(
                    &pointer_join(pointer, "type"),
                    format!("unknown type `{other}`"),
                );
                return None;
            }
        };
        Some(Resolved { ty, nullable })
    }

    /// An array: `Vec` of its items' type, which may itself be inline and named `{context}Item`.
    fn resolve_array(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
    ) -> Option<TypeRef> {
        let Some(items) = &schema.items else {
            self.error(pointer, "an array schema needs `items`");
            return None;
        };
        let item = self.resolve(
            items,
            &pointer_join(pointer, "items"),
            &format!("{context}Item"),
            dir,
        )?;
        Some(TypeRef::Array(Box::new(item.ty)))
    }

    /// An object without properties: a string-keyed map when `additionalProperties` gives the
    /// value type, free-form JSON otherwise.
    fn resolve_map(
        &mut self,
        schema: &Schema,
        pointer: &str,
        context: &str,
        dir: Direction,
    ) -> Option<TypeRef> {
        match &schema.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                let value = self.resolve(
                    values,
                    &pointer_join(pointer, "additionalProperties"),
                    &format!("{context}Value"),
                    dir,
                )?;
                Some(TypeRef::Map(Box::new(value.ty)))
            }
            _ => Some(TypeRef::Json),
        }
    }

    fn lower_inline(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
    ) -> Option<TypeRef> {
        // A request body component is read twice (as a model and as flattened parameters); its
        // inline types are made once and shared.
        if let Some(existing) = self.inline_types.get(pointer) {
            return Some(existing.clone());
        }
        self.inline_types
            .insert(pointer.to_owned(), TypeRef::Named(name.to_owned()));
        if !self.claim_type_name(name, pointer) {
            return None;
        }
        self.lower_named(name, schema, pointer, dir);
        Some(TypeRef::Named(name.to_owned()))
    }

    fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Option<TypeRef> {
        let Some(key) = reference.strip_prefix(COMPONENT_PREFIX) else {
            self.error(pointer, format!("`{reference}` is not supported; schema references must point into {COMPONENT_PREFIX}"));
            return None;
        };
        match self.component_names.get(key) {
            Some(name) => Some(TypeRef::Named(name.clone())),
            None => {
                let defined = self.doc.components.schemas.keys();
                self.error(
                    pointer,
                    format!(
                        "`{reference}` points to a schema that does not exist; {}",
                        suggest::existing("schemas", key, defined)
                    ),
                );
                None
            }
        }
    }

    fn resolve_nullable_union(
        &mut self,
        alternatives: &[Schema],
        pointer: &str,
        context: &str,
        dir: Direction,
    ) -> Option<Resolved> {
        let is_null = |s: &Schema| matches!(&s.kind, Some(TypeSet::One(t)) if t == "null");
        let non_null: Vec<(usize, &Schema)> = alternatives
            .iter()
            .enumerate()
            .filter(|(_, s)| !is_null(s))
            .collect();
        let ([(index, schema)], 2) = (non_null.as_slice(), alternatives.len()) else {
            self.error(
                pointer,
                "only the nullable form `[{$ref: ...}, {type: 'null'}]` is supported here",
            );
            return None;
        };
        let (index, schema) = (*index, *schema);
        let inner = self.resolve(
            schema,
            &pointer_join(pointer, &index.to_string()),
            context,
            dir,
        )?;
        Some(Resolved {
            ty: inner.ty,
            nullable: true,
        })
    }
}

/// How a field is represented, from whether it is required and nullable, and its direction.
pub(super) fn field_repr(required: bool, nullable: bool, dir: Direction) -> FieldRepr {
    match (required, nullable, dir) {
        (true, false, _) => FieldRepr::Required,
        (true, true, _) => FieldRepr::RequiredNullable,
        (false, true, Direction::Request) => FieldRepr::OptionalNullable,
        (false, _, _) => FieldRepr::Optional,
    }
}

fn example_string(schema: &Schema) -> Option<String> {
    let value = schema
        .examples
        .as_ref()
        .and_then(|e| e.first())
        .or(schema.example.as_ref())?;
    value.as_str().map(str::to_owned)
}
