//! The fixtures of the IR: one value of each received model, as JSON, for `testing::fixtures`.
//!
//! Lowering chooses the value (the schema's examples where they reach the model, a value made
//! from the schema where none does) and says where it comes from; `emit` prints one function per
//! fixture that decodes it.

use serde::Serialize;

use super::{HttpMethod, TypeId};

/// A value of one model, built by a function of `testing::fixtures`.
#[derive(Debug, Clone, Serialize)]
pub struct Fixture {
    /// The model.
    pub ty: TypeId,
    /// The function's name (the model's module name, so unique and keyword-safe).
    pub function: String,
    /// The JSON the function decodes, which the model reads.
    pub json: serde_json::Value,
    /// Where the values come from.
    pub source: FixtureSource,
    /// Documentation paragraphs, saying where the values come from.
    pub docs: Vec<String>,
}

/// Where a fixture's values come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum FixtureSource {
    /// An example of the schema, or a part of one; required fields it lacks are made from the
    /// schema.
    Example {
        /// The example.
        origin: ExampleOrigin,
        /// Where in it the value sits, as a path of keys and indexes (`users[0]`); empty for the
        /// whole example.
        at: String,
    },
    /// Made from the schema: the required fields, each with a value of its type (the first
    /// enum value, an ID's documented example, a fixed date).
    Schema,
}

/// An example of the schema that a fixture's values come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ExampleOrigin {
    /// The example of an operation's successful response.
    Response {
        /// The operation's HTTP method.
        method: HttpMethod,
        /// The operation's path template.
        path: String,
        /// The key of the example in the response's `examples`, when it is one of several.
        name: Option<String>,
    },
    /// The example of the body of a webhook.
    Webhook {
        /// The webhook's key in `webhooks`.
        webhook: String,
        /// The key of the example in the body's `examples`, when it is one of several.
        name: Option<String>,
    },
    /// An example of a component schema (its `examples` or `example`).
    Component {
        /// The component's key.
        key: String,
    },
}
