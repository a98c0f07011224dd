//! An operation's request builder: the names of its struct, its type states and every setter,
//! the serde naming of its body, the body model a caller may give whole, and the checks that no
//! two of its methods share a name.

use super::Diagnostics;
use super::naming::{self, NameSet};
use super::types::Types;
use crate::ir::{
    BodyModel, BuilderDef, Constraint, Field, FieldRepr, FieldRule, FieldState, ParamField,
    ParamLocation, RequestBody, Setter, SetterInput, TypeId, TypeKind, TypeRef,
};

/// Methods every builder has (sending, options, checks), which no field's setter may take.
const RESERVED: &[&str] = &[
    "send",
    "send_with_response",
    "into_stream",
    "validate",
    "body",
    "timeout",
    "max_retries",
    "header",
    "query_param",
    "with_options",
    "optional",
    "extra_body",
    "into_request",
    "into_list",
    "retype",
    "new",
];

/// What the operations pass knows when it makes a builder.
pub(super) struct Input<'i> {
    /// The builder's name (`Create`).
    pub type_name: &'i str,
    /// The method's segment of the `operationId` (`create`).
    pub method_segment: &'i str,
    /// Every query and body field, in order.
    pub fields: Vec<ParamField>,
    /// Rules over the fields.
    pub rules: Vec<FieldRule>,
    /// How the body is sent.
    pub body: RequestBody,
    /// The body component, when the body is a `$ref` to one.
    pub model: Option<TypeId>,
}

/// The builder of an operation with fields; `None` when two of its methods would share a name.
pub(super) fn make(
    types: &Types<'_>,
    input: Input<'_>,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<BuilderDef> {
    let Input {
        type_name,
        method_segment,
        mut fields,
        rules,
        body,
        model,
    } = input;
    if !names_are_distinct(&fields, body, pointer, diags) {
        return None;
    }
    let state_module = fields
        .iter()
        .any(|f| f.setter.state.is_some())
        .then(|| naming::module(method_segment));
    let mut body_fields: Vec<Field> = fields
        .iter()
        .filter(|f| f.location == ParamLocation::Body)
        .map(|f| f.field.clone())
        .collect();
    let rename_all = naming::name_fields(&mut body_fields);
    let mut named = body_fields.into_iter();
    for f in fields
        .iter_mut()
        .filter(|f| f.location == ParamLocation::Body)
    {
        if let Some(with_naming) = named.next() {
            f.field.naming = with_naming.naming;
        }
    }
    let body_model = match body {
        RequestBody::Json => model.and_then(|id| body_model(types, id, &fields)),
        _ => None,
    };
    Some(BuilderDef {
        fields_struct: format!("{type_name}Fields"),
        state_module,
        fields,
        rules,
        rename_all,
        body_model,
    })
}

/// The model's fields matched with the builder's body fields by wire name.
fn body_model(types: &Types<'_>, id: TypeId, fields: &[ParamField]) -> Option<BodyModel> {
    let Some(TypeKind::Struct(s)) = types.get(id).map(|t| &t.kind) else {
        return None;
    };
    let pairs = s
        .fields
        .iter()
        .filter_map(|m| {
            let index = fields.iter().position(|f| {
                f.location == ParamLocation::Body && f.field.wire_name == m.wire_name
            })?;
            Some((m.rust_name.clone(), index))
        })
        .collect();
    Some(BodyModel {
        ty: id,
        fields: pairs,
    })
}

/// Every setter, option method and type-state name of the builder is its own.
fn names_are_distinct(
    fields: &[ParamField],
    body: RequestBody,
    pointer: &str,
    diags: &mut Diagnostics,
) -> bool {
    let mut methods = NameSet::default();
    for reserved in RESERVED {
        let _ = methods.claim(reserved, "");
    }
    let mut states = NameSet::default();
    let mut ok = true;
    for (index, f) in fields.iter().enumerate() {
        // A body that is one value is set with `body`, the name the option would have.
        let whole_body = body == RequestBody::Value(index);
        let setter = &f.setter;
        let names = [
            Some(&setter.method),
            setter.maybe.as_ref(),
            setter.null.as_ref(),
        ];
        for name in names.into_iter().flatten() {
            let name = naming::unraw(name);
            if whole_body && name == "body" {
                continue;
            }
            if let Err(previous) = methods.claim(name, &f.field.wire_name) {
                ok = false;
                let clash = if previous.is_empty() {
                    format!("the builder's own method `.{name}()`")
                } else {
                    format!("a method of `{previous}`")
                };
                diags.error(
                    pointer,
                    format!(
                        "`{}` becomes the setter `.{name}()`, which is also {clash}; give the property or parameter `x-rust-name` to name it otherwise",
                        f.field.wire_name
                    ),
                );
            }
        }
        if let Some(state) = &setter.state {
            if let Err(previous) = states.claim(&state.assoc, &f.field.wire_name) {
                ok = false;
                diags.error(
                    pointer,
                    format!("`{previous}` and `{}` both become `{}` in Rust; give one of them `x-rust-name`", f.field.wire_name, state.assoc),
                );
            }
        }
    }
    ok
}

/// A field as a builder field, with the names of its setters.
pub(super) fn param_field(
    field: Field,
    location: ParamLocation,
    constraints: Vec<Constraint>,
) -> ParamField {
    // Derived names are built from the name without its raw prefix, so `r#type` gives
    // `maybe_type`, never `maybe_r#type`.
    let base = naming::unraw(&field.rust_name).to_owned();
    let state = field.repr.is_required().then(|| {
        let assoc = naming::pascal(&base);
        FieldState {
            marker: format!("Set{assoc}"),
            is_set: format!("{assoc}IsSet"),
            assoc,
        }
    });
    let maybe = (!field.repr.is_required()).then(|| naming::snake(&format!("maybe {base}")));
    let null = matches!(
        field.repr,
        FieldRepr::OptionalNullable | FieldRepr::RequiredNullable
    )
    .then(|| naming::snake(&format!("{base} null")));
    let input = match &field.ty {
        TypeRef::Array(_) => SetterInput::IterInto,
        _ => SetterInput::Into,
    };
    ParamField {
        setter: Setter {
            method: field.rust_name.clone(),
            maybe,
            null,
            state,
            input,
        },
        field,
        location,
        constraints,
    }
}
