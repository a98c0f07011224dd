//! The SDK's surface as wire-level facts, read from the IR in one place.
//!
//! Everything the comparison looks at is here, keyed the way the schema names it: operations by
//! operation id, request fields and model fields by wire name, types by name (a [`TypeRef`]
//! becomes a [`Ty`] that names its type), webhooks by key. Builder, setter and module names are
//! left out on purpose: when the SDK's Rust shape changes, only this module follows the IR.

use std::fmt;

use indexmap::IndexMap;

use super::{Aspect, Change, Place, Rule, What};
use crate::ir::{
    self, Access, Api, Constraint, Construction, Deprecation, FieldRepr, FieldRule, FloatWidth,
    HttpMethod, IntWidth, ParamLocation, QueryArrays, RequestBody, ResponseBody, TypeKind, TypeRef,
    UnionDecoding,
};

/// One schema's surface.
pub(super) struct Surface {
    pub settings: Settings,
    /// By operation id, in the order of the resource tree.
    pub operations: IndexMap<String, Operation>,
    /// By type name, in the order of the type table.
    pub types: IndexMap<String, Type>,
    /// By key in `webhooks`.
    pub webhooks: IndexMap<String, Webhook>,
}

/// The crate settings that callers depend on.
pub(super) struct Settings {
    pub crate_name: String,
    pub crate_version: String,
    pub envs: [(&'static str, String); 3],
    pub base_url: Option<String>,
    pub defaults: [(&'static str, u64); 2],
    /// The event union of the webhook receiver and the variable holding its key, if the crate
    /// receives webhooks.
    pub receiver: Option<(String, String)>,
}

pub(super) struct Operation {
    pub http_method: HttpMethod,
    pub path_template: String,
    /// In template order: they are positional arguments.
    pub path_params: Vec<PathParam>,
    /// Query and body fields, by wire name.
    pub fields: IndexMap<String, RequestField>,
    pub rules: Vec<FieldRuleText>,
    pub whole_body: bool,
    pub response: Option<Ty>,
    pub pagination: Option<Pagination>,
    pub deprecated: Deprecation,
    pub idempotent: bool,
}

pub(super) struct PathParam {
    pub wire_name: String,
    pub ty: Ty,
    pub constraints: Vec<Constraint>,
}

pub(super) struct RequestField {
    pub field: Field,
    pub location: ParamLocation,
    pub constraints: Vec<Constraint>,
}

/// A field of a request or of a model, without its Rust names and docs.
pub(super) struct Field {
    pub ty: Ty,
    pub repr: FieldRepr,
    pub access: Access,
    pub deprecated: Deprecation,
}

/// A rule over several request fields, by wire names; as text, since rules are compared whole.
pub(super) type FieldRuleText = String;

pub(super) struct Pagination {
    pub item: Ty,
    /// Everything else a listing walks pages with, as text.
    pub paging: String,
}

pub(super) struct Type {
    pub kind: Kind,
    pub deprecated: Deprecation,
}

pub(super) enum Kind {
    Struct {
        fields: IndexMap<String, Field>,
        construction: Construction,
    },
    Enum {
        values: Vec<String>,
    },
    Newtype {
        constraints: Vec<Constraint>,
    },
    Union {
        /// By variant name: the member's type and its tags.
        variants: IndexMap<String, (Ty, Vec<String>)>,
        decoding: UnionDecoding,
    },
    Alias(Ty),
}

pub(super) struct Webhook {
    pub payload: Ty,
    pub response: Option<Ty>,
}

/// A type reference with named types by name, so that two schemas' references compare.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    String,
    Bool,
    Integer(IntWidth),
    Number(FloatWidth),
    DateTime,
    Date,
    SecretUrl,
    Json,
    Named(String),
    Array(Box<Ty>),
    Map(Box<Ty>),
    OrNull(Box<Ty>),
}

impl Surface {
    pub fn of(api: &Api) -> Surface {
        let mut operations = IndexMap::new();
        let mut stack: Vec<&ir::Resource> = api.resources.iter().rev().collect();
        while let Some(resource) = stack.pop() {
            for op in &resource.operations {
                operations.insert(op.operation_id.clone(), operation(api, op));
            }
            stack.extend(resource.children.iter().rev());
        }
        let types = api
            .types
            .iter()
            .map(|t| (t.name.clone(), ty_def(api, t)))
            .collect();
        let webhooks = api
            .webhooks
            .iter()
            .map(|w| {
                let hook = Webhook {
                    payload: Ty::of(api, &w.payload),
                    response: w.response.as_ref().map(|r| Ty::of(api, r)),
                };
                (w.name.clone(), hook)
            })
            .collect();
        Surface {
            settings: settings(api),
            operations,
            types,
            webhooks,
        }
    }
}

fn settings(api: &Api) -> Settings {
    let s = &api.settings;
    Settings {
        crate_name: s.crate_name.clone(),
        crate_version: s.crate_version.clone(),
        envs: [
            ("x-sdk.env.apiKey", s.api_key_env.clone()),
            ("x-sdk.env.baseUrl", s.base_url_env.clone()),
            ("x-sdk.env.customHeaders", s.custom_headers_env.clone()),
        ],
        base_url: s.default_base_url.clone(),
        defaults: [
            ("x-sdk.defaultTimeoutSeconds", s.default_timeout_seconds),
            ("x-sdk.defaultMaxRetries", u64::from(s.default_max_retries)),
        ],
        receiver: api
            .receiver
            .as_ref()
            .map(|r| (api.ty(r.event).name.clone(), r.key_env.clone())),
    }
}

fn operation(api: &Api, op: &ir::Operation) -> Operation {
    let params = op.builder.as_ref();
    let param_fields = params.map_or(&[][..], |p| &p.fields[..]);
    let wire = |i: &usize| format!("`{}`", param_fields[*i].field.wire_name);
    let rules = params
        .map_or(&[][..], |p| &p.rules[..])
        .iter()
        .map(|rule| match rule {
            FieldRule::AtLeast { count, fields } => {
                let mut names: Vec<String> = fields.iter().map(wire).collect();
                names.sort();
                format!("at least {count} of {}", names.join(", "))
            }
            FieldRule::ExactlyOne { fields } => {
                let mut names: Vec<String> = fields.iter().map(wire).collect();
                names.sort();
                format!("exactly one of {}", names.join(", "))
            }
        })
        .collect();
    let fields = param_fields
        .iter()
        .map(|f| {
            let field = RequestField {
                field: field(api, &f.field),
                location: f.location,
                constraints: f.constraints.clone(),
            };
            (f.field.wire_name.clone(), field)
        })
        .collect();
    Operation {
        http_method: op.http_method,
        path_template: op.path_template.clone(),
        path_params: op
            .path_params
            .iter()
            .map(|p| PathParam {
                wire_name: p.wire_name.clone(),
                ty: Ty::of(api, &p.ty),
                constraints: p.constraints.clone(),
            })
            .collect(),
        fields,
        rules,
        whole_body: matches!(op.body, RequestBody::Value(_)),
        response: match &op.response {
            ResponseBody::Json(ty) => Some(Ty::of(api, ty)),
            ResponseBody::Empty => None,
        },
        pagination: op.pagination.as_ref().map(|p| pagination(api, p)),
        deprecated: op.deprecated,
        idempotent: op.idempotent,
    }
}

fn pagination(api: &Api, p: &ir::PaginationDef) -> Pagination {
    let has_more = p
        .has_more_field
        .as_ref()
        .map_or_else(|| "none".to_owned(), |(name, _)| format!("`{name}`"));
    Pagination {
        item: Ty::of(api, &p.item),
        paging: format!(
            "items `{}`, cursor `{}` ({}), has more {has_more}, cursor parameter `{}`",
            p.items_field,
            p.cursor_field,
            repr_text(p.cursor_repr),
            p.cursor_param
        ),
    }
}

fn field(api: &Api, f: &ir::Field) -> Field {
    Field {
        ty: Ty::of(api, &f.ty),
        repr: f.repr,
        access: f.access,
        deprecated: f.deprecated,
    }
}

fn ty_def(api: &Api, t: &ir::TypeDef) -> Type {
    let kind = match &t.kind {
        TypeKind::Struct(s) => Kind::Struct {
            fields: s
                .fields
                .iter()
                .map(|f| (f.wire_name.clone(), field(api, f)))
                .collect(),
            construction: s.construction,
        },
        TypeKind::Enum(e) => Kind::Enum {
            values: e.variants.iter().map(|v| v.wire.clone()).collect(),
        },
        TypeKind::Newtype(n) => Kind::Newtype {
            constraints: n.constraints.clone(),
        },
        TypeKind::Union(u) => Kind::Union {
            variants: u
                .variants
                .iter()
                .map(|v| (v.rust_name.clone(), (Ty::of(api, &v.ty), v.tags.clone())))
                .collect(),
            decoding: u.decoding.clone(),
        },
        TypeKind::Alias(target) => Kind::Alias(Ty::of(api, target)),
    };
    Type {
        kind,
        deprecated: t.deprecated,
    }
}

impl Ty {
    pub fn of(api: &Api, ty: &TypeRef) -> Ty {
        let boxed = |inner: &TypeRef| Box::new(Ty::of(api, inner));
        match ty {
            TypeRef::String => Ty::String,
            TypeRef::Bool => Ty::Bool,
            TypeRef::Integer(w) => Ty::Integer(*w),
            TypeRef::Number(w) => Ty::Number(*w),
            TypeRef::DateTime => Ty::DateTime,
            TypeRef::Date => Ty::Date,
            TypeRef::SecretUrl => Ty::SecretUrl,
            TypeRef::Json => Ty::Json,
            TypeRef::Named(id) => Ty::Named(api.ty(*id).name.clone()),
            TypeRef::Array(item) => Ty::Array(boxed(item)),
            TypeRef::Map(value) => Ty::Map(boxed(value)),
            TypeRef::OrNull(inner) => Ty::OrNull(boxed(inner)),
        }
    }

    /// Whether this is an array, whose query encoding (joined or repeated) matters.
    pub fn is_array(&self) -> bool {
        matches!(self, Ty::Array(_))
    }
}

/// The Rust spelling, which reviewers of an SDK read most easily.
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::String => f.write_str("String"),
            Ty::Bool => f.write_str("bool"),
            Ty::Integer(IntWidth::I32) => f.write_str("i32"),
            Ty::Integer(IntWidth::I64) => f.write_str("i64"),
            Ty::Number(FloatWidth::F32) => f.write_str("f32"),
            Ty::Number(FloatWidth::F64) => f.write_str("f64"),
            Ty::DateTime => f.write_str("DateTime<Utc>"),
            Ty::Date => f.write_str("NaiveDate"),
            Ty::SecretUrl => f.write_str("SecretUrl"),
            Ty::Json => f.write_str("serde_json::Value"),
            Ty::Named(name) => f.write_str(name),
            Ty::Array(item) => write!(f, "Vec<{item}>"),
            Ty::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            Ty::OrNull(inner) => write!(f, "Option<{inner}>"),
        }
    }
}

/// A type in a report cell.
pub(super) fn ty_text(ty: &Ty) -> String {
    format!("`{ty}`")
}

/// A response type in a report cell; `()` when nothing is read.
pub(super) fn response_text(ty: Option<&Ty>) -> String {
    ty.map_or_else(|| "`()`".to_owned(), ty_text)
}

/// Presence and nullability in the schema's terms.
pub(super) fn repr_text(repr: FieldRepr) -> &'static str {
    match repr {
        FieldRepr::Required => "required",
        FieldRepr::RequiredNullable => "required, nullable",
        FieldRepr::Optional => "optional",
        FieldRepr::OptionalNullable => "optional, nullable",
    }
}

/// Where a request field is sent; for arrays in the query, how they are written.
pub(super) fn location_text(location: ParamLocation, ty: &Ty) -> &'static str {
    match location {
        ParamLocation::Body => "body",
        ParamLocation::Query(_) if !ty.is_array() => "query",
        ParamLocation::Query(QueryArrays::Joined) => "query, comma-joined",
        ParamLocation::Query(QueryArrays::Exploded) => "query, repeated",
    }
}

pub(super) fn access_text(access: Access) -> &'static str {
    match access {
        Access::ReadWrite => "read and written",
        Access::ReadOnly => "read-only",
        Access::WriteOnly => "write-only",
    }
}

pub(super) fn deprecation_text(deprecated: Deprecation) -> &'static str {
    match deprecated {
        Deprecation::Current => "current",
        Deprecation::Deprecated => "deprecated",
    }
}

/// A change of one aspect, with both sides as text.
pub(super) fn changed(
    place: Place,
    aspect: Aspect,
    from: impl Into<String>,
    to: impl Into<String>,
    rule: Rule,
) -> Change {
    Change {
        place,
        what: What::Changed {
            aspect,
            from: from.into(),
            to: to.into(),
        },
        rule,
    }
}

/// Records a deprecation change of `place`, if any.
pub(super) fn compare_deprecation(
    place: impl FnOnce() -> Place,
    base: Deprecation,
    head: Deprecation,
    out: &mut Vec<Change>,
) {
    if base != head {
        out.push(changed(
            place(),
            Aspect::Deprecation,
            deprecation_text(base),
            deprecation_text(head),
            Rule::DeprecationChanged,
        ));
    }
}

/// Whether the crate receives webhooks, into which union, with the key from which variable.
fn compare_receiver(base: &Settings, head: &Settings, out: &mut Vec<Change>) {
    let quoted = |s: &str| format!("`{s}`");
    let place = || Place::Setting("x-sdk.webhooks");
    match (&base.receiver, &head.receiver) {
        (None, None) => {}
        (None, Some((event, _))) => out.push(changed(
            place(),
            Aspect::Value,
            "none",
            quoted(event),
            Rule::ReceiverAdded,
        )),
        (Some((event, _)), None) => out.push(changed(
            place(),
            Aspect::Value,
            quoted(event),
            "none",
            Rule::ReceiverRemoved,
        )),
        (Some((from_event, from_key)), Some((to_event, to_key))) => {
            if from_event != to_event {
                out.push(changed(
                    Place::Setting("x-sdk.webhooks.event"),
                    Aspect::Value,
                    quoted(from_event),
                    quoted(to_event),
                    Rule::ReceiverEventChanged,
                ));
            }
            if from_key != to_key {
                out.push(changed(
                    Place::Setting("x-sdk.env.webhookKey"),
                    Aspect::Value,
                    quoted(from_key),
                    quoted(to_key),
                    Rule::EnvRenamed,
                ));
            }
        }
    }
}

/// The crate settings callers depend on: its name, environment variables and client defaults.
pub(super) fn compare_settings(base: &Settings, head: &Settings, out: &mut Vec<Change>) {
    let quoted = |s: &str| format!("`{s}`");
    if base.crate_name != head.crate_name {
        out.push(changed(
            Place::Setting("x-sdk.crateName"),
            Aspect::Value,
            quoted(&base.crate_name),
            quoted(&head.crate_name),
            Rule::CrateRenamed,
        ));
    }
    for ((key, from), (_, to)) in base.envs.iter().zip(&head.envs) {
        if from != to {
            let rule = Rule::EnvRenamed;
            out.push(changed(
                Place::Setting(key),
                Aspect::Value,
                quoted(from),
                quoted(to),
                rule,
            ));
        }
    }
    if base.base_url != head.base_url {
        let url = |u: &Option<String>| u.as_deref().map_or_else(|| "none".to_owned(), quoted);
        out.push(changed(
            Place::Setting("servers"),
            Aspect::Value,
            url(&base.base_url),
            url(&head.base_url),
            Rule::BaseUrlChanged,
        ));
    }
    compare_receiver(base, head, out);
    for ((key, from), (_, to)) in base.defaults.iter().zip(&head.defaults) {
        if from != to {
            let rule = Rule::ClientDefaultChanged;
            out.push(changed(
                Place::Setting(key),
                Aspect::Value,
                from.to_string(),
                to.to_string(),
                rule,
            ));
        }
    }
}
