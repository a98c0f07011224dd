//! The usage examples of the IR: calls and values as data, printed by `emit` with `quote!`.
//!
//! Lowering decides what an example calls and with which values (the schema's examples where it
//! has them, placeholders of the right type where it has none); it never writes Rust text. Every
//! place that shows an example (a method's rustdoc, the crate docs, the README) prints it with
//! the same function.

use serde::Serialize;

use super::TypeId;

/// A usage example: one call and what is done with its result.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The call.
    pub call: ExampleCall,
    /// What the example does with the result.
    pub output: ExampleOutput,
    /// The field of the response (of each item, for a stream) the example prints: a field that
    /// is not sensitive, since printing the whole value is what the examples teach. `None` when
    /// the result is not an object with such a field; the example then prints nothing.
    pub printed: Option<String>,
}

/// A call of one operation.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleCall {
    /// The resource accessors from the client, e.g. `["viewer", "studies"]`.
    pub accessors: Vec<String>,
    /// The method's Rust name.
    pub method: String,
    /// The path arguments, in order.
    pub path_args: Vec<ExampleValue>,
    /// The builder's setters called, in order.
    pub setters: Vec<ExampleSetter>,
}

/// One setter of an example.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleSetter {
    /// The setter's name.
    pub method: String,
    /// The value given.
    pub value: ExampleValue,
}

/// What an example does with the result of the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExampleOutput {
    /// Awaits the call and prints a field of the response.
    Await,
    /// Streams every item of a paginated list and prints a field of each one.
    Stream,
}

/// A value in an example.
#[derive(Debug, Clone, Serialize)]
pub enum ExampleValue {
    /// A string literal (`&'static str`).
    Str(String),
    /// An owned string, for a struct field (`"x".to_owned()`).
    String(String),
    /// A URL that grants access, for a struct field (`SecretUrl::from("...")`).
    SecretUrl(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// The current time.
    Now,
    /// A calendar date.
    Date {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
        /// The day of the month.
        day: u32,
    },
    /// The default of the value's type (`Default::default()`).
    Default,
    /// Free-form JSON: the schema's example (`{}` without one), written with `serde_json::json!`.
    Json(serde_json::Value),
    /// The default calendar date, when the schema's example is not a date.
    DefaultDate,
    /// A known variant of an enum.
    Variant {
        /// The enum.
        ty: TypeId,
        /// The variant's Rust name.
        variant: String,
    },
    /// An enum value built from a wire string, for an enum without known values.
    FromWire {
        /// The enum.
        ty: TypeId,
        /// The wire string.
        wire: String,
    },
    /// A newtype built (and checked) from a string: `Type::new("...")?`.
    Newtype {
        /// The newtype.
        ty: TypeId,
        /// The string.
        value: String,
    },
    /// A borrow of a value, for an argument taken by reference.
    Ref(Box<ExampleValue>),
    /// An array literal (`[a, b]`), for a setter that takes any iterator.
    Array(Vec<ExampleValue>),
    /// A vector (`vec![a, b]`), for a struct field.
    Vec(Vec<ExampleValue>),
    /// A map of strings.
    StringMap(Vec<(String, String)>),
    /// A struct literal.
    Struct {
        /// The struct.
        ty: TypeId,
        /// Field names and values, in order.
        fields: Vec<(String, ExampleValue)>,
    },
    /// A variant of a union, holding a value of its member.
    UnionVariant {
        /// The union.
        ty: TypeId,
        /// The variant's Rust name.
        variant: String,
        /// The member's value.
        value: Box<ExampleValue>,
    },
    /// `None`.
    None,
    /// `Nullable::Unset`.
    Unset,
    /// A value the example cannot make, named in a `todo!` so that its doctest says what is missing.
    Missing {
        /// The type that has no example value.
        ty: TypeId,
    },
}
