//! Beside the pipeline: what a schema change does to the SDK's users, from two lowered IRs.
//!
//! [`compare`] reads two [`ir::Api`] values (the base, and the head it is compared with) and
//! returns a [`Report`]: every change to the SDK's surface, each with where it is ([`Place`]),
//! what changed ([`What`]) and the [`Rule`] that classifies it (breaking for Rust callers,
//! breaking on the wire, or compatible) with its reason. [`Report::bump`] turns the report into
//! the semver step the crate must take; [`markdown`] and [`summary`] print it.
//!
//! The comparison works on wire-level facts (operation ids, HTTP methods and paths, wire names,
//! types by name, presence and nullability, constraints), read from the IR once by the
//! `surface` module, never on the names of builders or setters: the SDK's Rust shape can change
//! without changing what a schema change means to its callers.

mod constraints;
mod operations;
mod render;
mod rules;
mod semver;
mod surface;
mod types;

use std::fmt;

use crate::ir;

pub use render::{markdown, summary};
pub use rules::{Impact, Rule, rules_table};
pub use semver::{Bump, Step, Version, VersionError};

/// Every change from one schema to another, in the order they were found: settings, operations,
/// types, then webhooks.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The base's `x-sdk.crateVersion`.
    pub base_version: String,
    /// The head's `x-sdk.crateVersion`.
    pub head_version: String,
    /// The changes.
    pub changes: Vec<Change>,
}

/// One change to the SDK's surface.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where it is.
    pub place: Place,
    /// What changed there.
    pub what: What,
    /// The rule that classifies it and says why.
    pub rule: Rule,
}

/// Where a change is, named as the schema names things (operation ids, wire names, types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A crate setting, by its place in the schema (`x-sdk.crateName`, `servers`, ...).
    Setting(&'static str),
    /// An operation, by its operation id.
    Operation(String),
    /// A path parameter of an operation, by its position in the path and its wire name.
    PathParam {
        /// The operation id.
        operation: String,
        /// The parameter's wire name (the head's, when it was renamed).
        name: String,
    },
    /// A query parameter or body property of an operation's request, by its wire name.
    RequestField {
        /// The operation id.
        operation: String,
        /// The wire name.
        name: String,
    },
    /// The rules over several fields of an operation's request.
    RequestRules(String),
    /// The request body of an operation, as a whole.
    RequestBody(String),
    /// What an operation returns.
    Response(String),
    /// The pagination of an operation.
    Pagination(String),
    /// A type, by its name.
    Type(String),
    /// A field of a model, by its wire name.
    TypeField {
        /// The type's name.
        ty: String,
        /// The field's wire name.
        name: String,
    },
    /// A value of a string enum, by its wire string.
    EnumValue {
        /// The type's name.
        ty: String,
        /// The wire string.
        value: String,
    },
    /// A member of a union, by its variant name.
    UnionVariant {
        /// The type's name.
        ty: String,
        /// The variant's name.
        variant: String,
    },
    /// A webhook, by its key in `webhooks`.
    Webhook(String),
}

/// What changed at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// It had another name: an operation on the same HTTP method and path, or a path
    /// parameter in the same position.
    Renamed {
        /// The name it had.
        from: String,
    },
    /// One of its aspects changed.
    Changed {
        /// Which aspect.
        aspect: Aspect,
        /// The aspect in the base, as text.
        from: String,
        /// The aspect in the head, as text.
        to: String,
    },
}

/// The aspect of a place that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// A setting's value.
    Value,
    /// The HTTP method and path of an operation.
    Endpoint,
    /// The type of a value.
    Type,
    /// Whether a field is required and whether it may be null.
    Presence,
    /// Where a request field is sent (query or body, arrays joined or repeated).
    Location,
    /// The checks a value must pass.
    Constraints,
    /// The rules over several fields of a request.
    Rules,
    /// Which side of the API sees a field (`readOnly`, `writeOnly`).
    Access,
    /// Whether it is deprecated.
    Deprecation,
    /// What kind of type it is (struct, enum, newtype, union, alias).
    Kind,
    /// Who builds values of a model.
    Construction,
    /// Whether a request body is one value or an object's fields.
    Body,
    /// How a union tells its members apart.
    Decoding,
    /// The tags that select a union member.
    Tags,
    /// The fields and parameter a listing walks pages with.
    Paging,
    /// Whether an operation may be sent again after an ambiguous failure.
    Idempotency,
}

/// Compares two lowered schemas: what changes for the SDK's users when `base` becomes `head`.
pub fn compare(base: &ir::Api, head: &ir::Api) -> Report {
    let (base, head) = (surface::Surface::of(base), surface::Surface::of(head));
    let mut changes = Vec::new();
    surface::compare_settings(&base.settings, &head.settings, &mut changes);
    operations::compare(&base, &head, &mut changes);
    types::compare(&base, &head, &mut changes);
    types::compare_webhooks(&base, &head, &mut changes);
    Report {
        base_version: base.settings.crate_version,
        head_version: head.settings.crate_version,
        changes,
    }
}

/// A schema's text and the name its errors are reported under (for the base, `REV:path`).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The YAML text.
    pub text: &'a str,
    /// The label of `lower_source`, which locates its errors.
    pub label: &'a str,
}

/// Why two schemas could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The base schema does not load.
    #[error("the base schema does not load:\n{0}")]
    Base(crate::Error),
    /// The head schema does not load.
    #[error("the schema does not load:\n{0}")]
    Head(crate::Error),
}

/// Lowers both schemas and compares them.
pub fn compare_sources(base: Source<'_>, head: Source<'_>) -> Result<Report, CompareError> {
    let base = crate::lower_source(base.text, base.label).map_err(CompareError::Base)?;
    let head = crate::lower_source(head.text, head.label).map_err(CompareError::Head)?;
    Ok(compare(&base, &head))
}

impl Change {
    /// How the change affects the SDK's users.
    pub fn impact(&self) -> Impact {
        self.rule.impact()
    }
}

impl Report {
    /// The changes with this impact, in report order.
    pub fn with_impact(&self, impact: Impact) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.impact() == impact)
    }

    /// Whether some change is breaking, for Rust callers or on the wire.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact().is_breaking())
    }

    /// The version step the changes need and the lowest head version that takes it.
    pub fn bump(&self) -> Result<Bump, VersionError> {
        semver::bump(&self.base_version, &self.head_version, &self.changes)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Setting(key) => write!(f, "`{key}`"),
            Place::Operation(id) => write!(f, "`{id}`"),
            Place::PathParam { operation, name } => {
                write!(f, "`{operation}` path parameter `{name}`")
            }
            Place::RequestField { operation, name } => write!(f, "`{operation}` field `{name}`"),
            Place::RequestRules(id) => write!(f, "`{id}` request"),
            Place::RequestBody(id) => write!(f, "`{id}` request body"),
            Place::Response(id) => write!(f, "`{id}` response"),
            Place::Pagination(id) => write!(f, "`{id}` pagination"),
            Place::Type(name) => write!(f, "type `{name}`"),
            Place::TypeField { ty, name } => write!(f, "`{ty}` field `{name}`"),
            Place::EnumValue { ty, value } => write!(f, "`{ty}` value `{value}`"),
            Place::UnionVariant { ty, variant } => write!(f, "`{ty}` variant `{variant}`"),
            Place::Webhook(name) => write!(f, "webhook `{name}`"),
        }
    }
}

impl fmt::Display for What {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::Added => f.write_str("added"),
            What::Removed => f.write_str("removed"),
            What::Renamed { from } => write!(f, "renamed from `{from}`"),
            What::Changed { aspect, from, to } => write!(f, "{aspect}: {from} → {to}"),
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Aspect::Value => "value",
            Aspect::Endpoint => "endpoint",
            Aspect::Type => "type",
            Aspect::Presence => "presence",
            Aspect::Location => "sent in",
            Aspect::Constraints => "constraints",
            Aspect::Rules => "rules",
            Aspect::Access => "access",
            Aspect::Deprecation => "deprecation",
            Aspect::Kind => "kind",
            Aspect::Construction => "construction",
            Aspect::Body => "body",
            Aspect::Decoding => "decoding",
            Aspect::Tags => "tags",
            Aspect::Paging => "paging",
            Aspect::Idempotency => "idempotency",
        })
    }
}
