//! Objects: the properties of an object schema (its own and those its `allOf` members bring),
//! and the struct and fields they become.

use super::Diagnostics;
use super::docs::{self, docs_of};
use super::naming::{self, NameSet};
use super::refs;
use super::types::{Direction, Types, deprecation};
use crate::error::pointer_join;
use crate::ir::{
    Access, Construction, DefaultImpl, Deprecation, Field, FieldRepr, Sensitivity, StructDef,
    WireNaming,
};
use crate::spec::{AdditionalProperties, Schema};

/// How deep `allOf` members may nest inside each other, so a cycle of references ends.
const MAX_ALL_OF_DEPTH: usize = 16;

/// One property of an object, with where it is defined.
pub(super) struct Prop<'b> {
    /// The wire name.
    pub name: &'b str,
    /// Its schema.
    pub schema: &'b Schema,
    /// The pointer of its schema.
    pub pointer: String,
}

/// The properties of an object schema with those of its `allOf` members merged in, in order.
pub(super) struct ObjectView<'b> {
    /// Every property, in document order, members first.
    pub props: Vec<Prop<'b>>,
    /// The wire names that must be present.
    pub required: Vec<String>,
}

/// `allOf: [{$ref: X}]` standing alone (with annotations only): the OpenAPI 3.0 way of putting a
/// description beside a reference. Returns the member and its pointer.
pub(super) fn single_ref<'s>(schema: &'s Schema, pointer: &str) -> Option<(String, &'s Schema)> {
    match schema.all_of.as_deref() {
        Some([member])
            if member.reference.is_some()
                && schema.properties.is_none()
                && schema.kind.is_none() =>
        {
            Some((pointer_join(&pointer_join(pointer, "allOf"), "0"), member))
        }
        _ => None,
    }
}

impl<'a> Types<'a> {
    /// The properties of `schema` at `pointer`, `allOf` members merged in; a property defined
    /// twice is reported at its second definition.
    pub(super) fn object_view<'b>(
        &self,
        schema: &'b Schema,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> ObjectView<'b>
    where
        'a: 'b,
    {
        let mut view = ObjectView {
            props: Vec::new(),
            required: Vec::new(),
        };
        self.collect(schema, pointer, &mut view, 0, diags);
        view
    }

    fn collect<'b>(
        &self,
        schema: &'b Schema,
        pointer: &str,
        view: &mut ObjectView<'b>,
        depth: usize,
        diags: &mut Diagnostics,
    ) where
        'a: 'b,
    {
        if depth > MAX_ALL_OF_DEPTH {
            diags.error(pointer, "`allOf` members refer to each other in a cycle");
            return;
        }
        for (i, member) in schema.all_of.iter().flatten().enumerate() {
            let at = pointer_join(&pointer_join(pointer, "allOf"), &i.to_string());
            match &member.reference {
                Some(reference) => {
                    let ref_at = pointer_join(&at, "$ref");
                    if let Some(target) = refs::resolve::<Schema>(self.doc, reference, &ref_at, diags) {
                        self.collect(target.item, &target.pointer, view, depth + 1, diags);
                    }
                }
                None if member.properties.is_some() || member.all_of.is_some() => {
                    self.collect(member, &at, view, depth + 1, diags);
                }
                None if member.required.is_some() && member.kind.is_none() => {
                    self.collect(member, &at, view, depth + 1, diags);
                }
                None => diags.error(
                    &at,
                    "an `allOf` member must be an object (a `$ref` to one, or a schema with `properties`), so that the members merge into one struct",
                ),
            }
        }
        for (name, property) in schema.properties.iter().flatten() {
            let at = pointer_join(&pointer_join(pointer, "properties"), name);
            if let Some(first) = view.props.iter().find(|p| p.name == name) {
                diags.error(
                    &at,
                    format!(
                        "property `{name}` is already defined at #{} by another `allOf` member; define it once",
                        first.pointer
                    ),
                );
                continue;
            }
            view.props.push(Prop {
                name,
                schema: property,
                pointer: at,
            });
        }
        for name in schema.required.iter().flatten() {
            if !view.required.contains(name) {
                view.required.push(name.clone());
            }
        }
    }

    /// Lowers an object schema into a struct named `name`.
    pub(super) fn lower_struct(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        dir: Direction,
        component: Option<&str>,
        diags: &mut Diagnostics,
    ) -> Option<StructDef> {
        if matches!(
            schema.additional_properties,
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Allowed(true))
        ) && schema.properties.is_some()
        {
            diags.error(
                &pointer_join(pointer, "additionalProperties"),
                "an object with both `properties` and `additionalProperties` is not supported; describe the extra keys as properties, or make the whole object a map",
            );
        }
        let view = self.object_view(schema, pointer, diags);
        self.check_required(&view, schema, pointer, diags);
        let tag = self.dropped_tag(component).map(str::to_owned);
        let mut fields: Vec<Field> = self
            .lower_fields(name, &view, dir, tag.as_deref(), diags)
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        let rename_all = naming::name_fields(&mut fields);
        let construction = match dir {
            Direction::Request | Direction::Both => Construction::Open,
            Direction::Response => Construction::Received,
        };
        let default =
            if construction == Construction::Open && fields.iter().all(|f| !f.repr.is_required()) {
                DefaultImpl::Derived
            } else {
                DefaultImpl::None
            };
        Some(StructDef {
            fields,
            construction,
            rename_all,
            default,
        })
    }

    /// Every name in `required` must be a property.
    pub(super) fn check_required(
        &self,
        view: &ObjectView<'_>,
        schema: &Schema,
        pointer: &str,
        diags: &mut Diagnostics,
    ) {
        for (i, name) in schema.required.iter().flatten().enumerate() {
            if !view.props.iter().any(|p| p.name == name) {
                diags.error(
                    &pointer_join(&pointer_join(pointer, "required"), &i.to_string()),
                    format!("`{name}` is listed as required but is not a property"),
                );
            }
        }
    }

    /// Lowers the properties of an object into fields, each with the index of its property in
    /// `view`. Properties only the other side sees (`readOnly` in requests, `writeOnly` in
    /// responses) and the tag a union carries are left out.
    pub(super) fn lower_fields(
        &mut self,
        owner: &str,
        view: &ObjectView<'_>,
        dir: Direction,
        tag: Option<&str>,
        diags: &mut Diagnostics,
    ) -> Vec<(Field, usize)> {
        let mut names = NameSet::default();
        let mut fields = Vec::new();
        for (index, prop) in view.props.iter().enumerate() {
            let access = match (prop.schema.read_only, prop.schema.write_only) {
                (Some(true), _) => Access::ReadOnly,
                (_, Some(true)) => Access::WriteOnly,
                _ => Access::ReadWrite,
            };
            let hidden = matches!(
                (dir, access),
                (Direction::Request, Access::ReadOnly) | (Direction::Response, Access::WriteOnly)
            );
            if hidden || tag == Some(prop.name) {
                continue;
            }
            let wire = prop.name;
            let rust_name = naming::snake(prop.schema.rust_name.as_deref().unwrap_or(wire));
            if let Err(previous) = names.claim(&rust_name, &prop.pointer) {
                diags.error(
                    &prop.pointer,
                    format!("property {wire:?} becomes field `{rust_name}`, like the property at #{previous}; property names must stay distinct after case conversion"),
                );
                continue;
            }
            let context = format!("{owner}{}", naming::pascal(wire));
            let Some(resolved) = self.resolve(prop.schema, &prop.pointer, &context, dir, diags)
            else {
                continue;
            };
            // In a type both sent and received, a property only one side sees is optional.
            let required = view.required.iter().any(|r| r == wire) && access == Access::ReadWrite;
            let deprecated = deprecation(prop.schema.deprecated);
            let mut docs = docs_of(prop.schema.description.as_deref());
            if docs.is_empty() {
                docs.push(docs::sentence(&format!("The `{wire}` property.")));
            }
            if deprecated == Deprecation::Deprecated {
                docs.push("**Deprecated** in the API description.".to_owned());
            }
            let sensitivity = super::sensitive::sensitivity(self.doc, prop.schema);
            if sensitivity == Sensitivity::Sensitive {
                docs.push("Sensitive: `Debug` shows it as `<redacted>`.".to_owned());
            }
            fields.push((
                Field {
                    rust_name,
                    wire_name: wire.to_owned(),
                    docs,
                    ty: resolved.ty,
                    repr: field_repr(required, resolved.nullable, dir),
                    access,
                    naming: WireNaming::Rule,
                    deprecated,
                    sensitivity,
                },
                index,
            ));
        }
        fields
    }
}

/// How a field is represented, from whether it is required and nullable, and its direction.
pub(super) fn field_repr(required: bool, nullable: bool, dir: Direction) -> FieldRepr {
    match (required, nullable, dir) {
        (true, false, _) => FieldRepr::Required,
        (true, true, _) => FieldRepr::RequiredNullable,
        (false, true, Direction::Request | Direction::Both) => FieldRepr::OptionalNullable,
        (false, _, _) => FieldRepr::Optional,
    }
}
