//! The intermediate representation: what the SDK is, with every decision already made.
//!
//! Lowering (`crate::lower`) builds an [`Api`] from the schema; emitters (`crate::emit`) only print
//! it. Names here are final Rust identifiers (keywords already escaped), wire names are exactly what
//! travels over HTTP, and documentation is final text. Types live in one table, [`Api::types`],
//! and everything else refers to them by [`TypeId`]. The IR is plain data and derives `Debug` and
//! `Serialize` so that it can be snapshotted.

use serde::Serialize;

mod example;
mod fixture;

pub use example::{Example, ExampleCall, ExampleOutput, ExampleSetter, ExampleValue};
pub use fixture::{ExampleOrigin, Fixture, FixtureSource};

/// The whole SDK.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Crate metadata and client settings.
    pub settings: Settings,
    /// Every generated model, enum, newtype and union; a [`TypeId`] is an index into this list.
    pub types: Vec<TypeDef>,
    /// The top-level resources of the client (`client.viewer()`, ...).
    pub resources: Vec<Resource>,
    /// The requests the API sends to the integrator (OpenAPI `webhooks`), in schema order.
    pub webhooks: Vec<Webhook>,
    /// How the SDK verifies and decodes those requests (`x-sdk.webhooks`), if it does.
    pub receiver: Option<Receiver>,
    /// One value of every model the SDK receives, for tests (`testing::fixtures`), in the order
    /// of [`Api::types`].
    pub fixtures: Vec<Fixture>,
}

impl Api {
    /// The type a [`TypeId`] refers to.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// A reference to an entry of [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub usize);

/// Crate metadata and client settings, from `info`, `servers` and `x-sdk`.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Cargo package name.
    pub crate_name: String,
    /// Library name as used in Rust paths (`-` replaced by `_`).
    pub lib_name: String,
    /// Crate version.
    pub crate_version: String,
    /// One-line description for `Cargo.toml`.
    pub crate_description: String,
    /// SPDX licence expression.
    pub license: String,
    /// `repository` of the generated `Cargo.toml`, if the schema gives one.
    pub repository: Option<String>,
    /// `documentation` of the generated `Cargo.toml`, if the schema gives one.
    pub documentation: Option<String>,
    /// The API's title.
    pub api_title: String,
    /// The API's description, for the crate documentation.
    pub api_description: Option<String>,
    /// Default base URL (the first server), if the schema names one.
    pub default_base_url: Option<String>,
    /// Product token of the `User-Agent` header.
    pub user_agent: String,
    /// Header carrying the attempt number.
    pub retry_count_header: String,
    /// Default per-attempt timeout in seconds.
    pub default_timeout_seconds: u64,
    /// Default number of retries.
    pub default_max_retries: u32,
    /// Default limit on opening a connection, in seconds, if the schema sets one.
    pub default_connect_timeout_seconds: Option<u64>,
    /// Environment variable holding the API key.
    pub api_key_env: String,
    /// Environment variable overriding the base URL.
    pub base_url_env: String,
    /// Environment variable holding extra headers.
    pub custom_headers_env: String,
    /// Environment variable conventionally holding the log filter, named in the docs.
    pub log_env: Option<String>,
}

/// Whether something is deprecated in the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Deprecation {
    /// In use.
    Current,
    /// Marked `deprecated: true`: printed as `#[deprecated]` and a doc line.
    Deprecated,
}

/// A generated type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Rust type name (PascalCase).
    pub name: String,
    /// Module file stem under `src/models/` (snake_case).
    pub module: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// Whether the schema marks the type deprecated.
    pub deprecated: Deprecation,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a generated type.
#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    /// A struct deserialized from (and serialized to) a JSON object.
    Struct(StructDef),
    /// A string enum that keeps unknown values.
    Enum(EnumDef),
    /// A string newtype such as an ID.
    Newtype(NewtypeDef),
    /// One of several types (`oneOf` / `anyOf`).
    Union(UnionDef),
    /// Another name for a type that has no struct of its own (an integer, an array, a map).
    Alias(TypeRef),
}

/// A JSON object model.
#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    /// The fields, in schema order.
    pub fields: Vec<Field>,
    /// Whether callers may build it with a struct literal.
    pub construction: Construction,
    /// The serde rule that names most fields; the others are renamed one by one.
    pub rename_all: Option<RenameRule>,
    /// Whether the struct has a `Default`: a model callers build whose fields are all optional,
    /// so that `Model { x: .., ..Default::default() }` works.
    pub default: DefaultImpl,
}

/// Whether a type implements `Default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DefaultImpl {
    /// Derived.
    Derived,
    /// None.
    None,
}

/// A serde `rename_all` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RenameRule {
    /// `camelCase`.
    Camel,
    /// `PascalCase`.
    Pascal,
    /// `kebab-case`.
    Kebab,
    /// `SCREAMING_SNAKE_CASE`.
    ScreamingSnake,
}

impl RenameRule {
    /// The rule's name in `#[serde(rename_all = "...")]`.
    pub fn serde_name(self) -> &'static str {
        match self {
            RenameRule::Camel => "camelCase",
            RenameRule::Pascal => "PascalCase",
            RenameRule::Kebab => "kebab-case",
            RenameRule::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        }
    }
}

/// How serde finds a field's wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum WireNaming {
    /// From the Rust name, by the struct's `rename_all` rule (or as it is, without one).
    Rule,
    /// Written out: `#[serde(rename = "...")]`.
    Explicit,
}

/// Who builds values of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Construction {
    /// Callers build it (a request body): a plain struct.
    Open,
    /// Only the API builds it (a response): `#[non_exhaustive]`, so that a field the API adds
    /// later is not a breaking change of the SDK.
    Received,
}

/// A field of a model or of an operation's parameters.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Rust field name (snake_case, keyword-safe).
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// The value type without any `Option`/`Nullable` wrapper.
    pub ty: TypeRef,
    /// How presence and null are represented.
    pub repr: FieldRepr,
    /// Which side sees the field, in a type that is both sent and received.
    pub access: Access,
    /// Whether serde needs the wire name written out.
    pub naming: WireNaming,
    /// Whether the schema marks the property deprecated.
    pub deprecated: Deprecation,
    /// Whether the value is kept out of `Debug` output (`x-sensitive`).
    pub sensitivity: Sensitivity,
}

/// Whether a value may be shown in `Debug` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sensitivity {
    /// Shown as it is.
    Plain,
    /// Personal or clinical data, or a URL that grants access (`x-sensitive: true`): `Debug`
    /// shows `<redacted>` in its place, and whether it is present.
    Sensitive,
}

/// Which side of the API sees a field (`readOnly` / `writeOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Access {
    /// Sent and received.
    ReadWrite,
    /// Only received: never serialized.
    ReadOnly,
    /// Only sent: never deserialized.
    WriteOnly,
}

/// How a field's presence and nullability map to Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FieldRepr {
    /// Required, never null: `T`.
    Required,
    /// Required key whose value may be null: `Option<T>`, and the key must be present.
    RequiredNullable,
    /// Optional key, never null (or null read as absent): `Option<T>`, omitted when `None`.
    Optional,
    /// Optional key that may be null, in a request: `Nullable<T>` (unset, null or a value).
    OptionalNullable,
}

impl FieldRepr {
    /// Whether a value must be given.
    pub fn is_required(self) -> bool {
        matches!(self, FieldRepr::Required | FieldRepr::RequiredNullable)
    }
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer of the given width.
    Integer(IntWidth),
    /// A floating-point number of the given width.
    Number(FloatWidth),
    /// A timestamp (`chrono::DateTime<Utc>`).
    DateTime,
    /// A calendar date (`chrono::NaiveDate`).
    Date,
    /// A URL that grants access (`format: uri` with `x-sensitive: true`): the runtime's
    /// `SecretUrl`, which shows the URL only through an explicit accessor.
    SecretUrl,
    /// Any JSON value.
    Json,
    /// A generated type.
    Named(TypeId),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`: ordered, so output and requests are deterministic.
    Map(Box<TypeRef>),
    /// `Option<T>`: an array item or map value that may be null.
    OrNull(Box<TypeRef>),
}

/// The Rust integer of an `integer` schema, from its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IntWidth {
    /// `format: int32`: `i32`.
    I32,
    /// `format: int64`, or no format: `i64`.
    I64,
}

/// The Rust float of a `number` schema, from its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FloatWidth {
    /// `format: float`: `f32`.
    F32,
    /// `format: double`, or no format: `f64`.
    F64,
}

/// A string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumDef {
    /// Known values, in schema order.
    pub variants: Vec<Variant>,
    /// Name of the variant that keeps any value not in the schema.
    pub unknown_variant: String,
}

/// One value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// The exact wire string.
    pub wire: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
}

/// A string newtype.
#[derive(Debug, Clone, Serialize)]
pub struct NewtypeDef {
    /// Constraints checked when a value is constructed from a string (not when deserialized).
    pub constraints: Vec<Constraint>,
    /// An example value for documentation.
    pub example: Option<String>,
    /// Whether `Debug` shows the value (`x-sensitive` on the component).
    pub sensitivity: Sensitivity,
}

/// A value that is one of several types.
#[derive(Debug, Clone, Serialize)]
pub struct UnionDef {
    /// The members, in schema order.
    pub variants: Vec<UnionVariant>,
    /// How a received value is matched to a member.
    pub decoding: UnionDecoding,
}

/// How a union tells its members apart.
#[derive(Debug, Clone, Serialize)]
pub enum UnionDecoding {
    /// By the string in one property (`discriminator`); a value no member claims is kept, as
    /// raw JSON, in the variant `unknown_variant`.
    Tagged {
        /// The wire name of the property.
        property: String,
        /// Name of the variant that keeps a value with an unknown tag.
        unknown_variant: String,
    },
    /// By shape: members are ruled out by the properties they forbid (present) and by the
    /// required properties another member forbids (absent); one member left is decoded alone,
    /// otherwise the members whose required properties are all present are tried, those with the
    /// most required properties first.
    Shape,
    /// By JSON type: a string, a number, a boolean.
    Scalar,
}

/// One member of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// The member's type.
    pub ty: TypeRef,
    /// For a tagged union, the property values that select this member.
    pub tags: Vec<String>,
    /// For a union decoded by shape, the wire names of the member's required properties.
    pub required: Vec<String>,
    /// For a union decoded by shape, the wire names of the properties the member never has
    /// (`not: {required: [name]}`): a value with one of them is not this member.
    pub forbidden: Vec<String>,
}

/// A rule a value must satisfy before it is sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Constraint {
    /// At least this many characters.
    MinLength(u64),
    /// At most this many characters.
    MaxLength(u64),
    /// Must match this regular expression.
    Pattern(String),
    /// At least this value.
    Minimum(Bound),
    /// At most this value.
    Maximum(Bound),
    /// Greater than this value.
    ExclusiveMinimum(Bound),
    /// Less than this value.
    ExclusiveMaximum(Bound),
    /// At most this many entries (maps) or items (arrays).
    MaxEntries(u64),
    /// At least this many entries (maps) or items (arrays).
    MinEntries(u64),
    /// Every map key satisfies these.
    Keys(Vec<Constraint>),
    /// Every map value or array item satisfies these.
    Values(Vec<Constraint>),
    /// The value satisfies these unless it is null (an item or map value that may be null).
    UnlessNull(Vec<Constraint>),
}

/// A numeric bound, typed like the value it bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Bound {
    /// A bound of an integer.
    Int(i64),
    /// A bound of a floating-point number.
    Float(f64),
}

/// The request builder of an operation with query or body fields.
#[derive(Debug, Clone, Serialize)]
pub struct BuilderDef {
    /// The private struct holding the fields' values (`CreateFields`).
    pub fields_struct: String,
    /// The module with the builder's type states (`create`), when some field is required.
    pub state_module: Option<String>,
    /// Every field, query and body, in schema order.
    pub fields: Vec<ParamField>,
    /// Rules over several fields, checked before sending.
    pub rules: Vec<FieldRule>,
    /// The serde rule that names most body fields; the others are renamed one by one.
    pub rename_all: Option<RenameRule>,
    /// The named body model a caller may give whole (`.body(model)`), where the schema names one.
    pub body_model: Option<BodyModel>,
}

/// A body component that fills the body fields of a builder at once.
#[derive(Debug, Clone, Serialize)]
pub struct BodyModel {
    /// The model.
    pub ty: TypeId,
    /// The model's fields (Rust name) and the builder field (index) each one sets.
    pub fields: Vec<(String, usize)>,
}

/// A parameter field.
#[derive(Debug, Clone, Serialize)]
pub struct ParamField {
    /// The field itself.
    pub field: Field,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Constraints checked before sending.
    pub constraints: Vec<Constraint>,
    /// How callers set it.
    pub setter: Setter,
}

/// The builder methods of a field.
#[derive(Debug, Clone, Serialize)]
pub struct Setter {
    /// The setter (`severity`).
    pub method: String,
    /// The setter taking an `Option` (`maybe_severity`), for an optional field.
    pub maybe: Option<String>,
    /// The setter sending an explicit null (`assigned_to_null`), for a nullable field.
    pub null: Option<String>,
    /// The type-state names of a required field.
    pub state: Option<FieldState>,
    /// What the setter accepts.
    pub input: SetterInput,
}

/// The names that track whether a required field has been set.
#[derive(Debug, Clone, Serialize)]
pub struct FieldState {
    /// The associated type of the state trait (`Severity`).
    pub assoc: String,
    /// The state after the field is set (`SetSeverity<S>`).
    pub marker: String,
    /// The trait that says the field is set, with the compiler's message when it is not
    /// (`SeverityIsSet`).
    pub is_set: String,
}

/// What a builder method accepts for a field of type `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetterInput {
    /// `impl Into<T>`.
    Into,
    /// `impl IntoIterator<Item = impl Into<U>>` collected into `Vec<U>`, so that `["a", "b"]`
    /// is accepted for strings.
    IterInto,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the query string.
    Query(QueryArrays),
    /// A property of the JSON body.
    Body,
}

/// How an array travels in the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryArrays {
    /// One key, values comma-joined (`explode: false`).
    Joined,
    /// The key repeated per value (`explode: true`, the default).
    Exploded,
}

/// A rule over several fields of a request; the fields are indexes into [`BuilderDef::fields`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FieldRule {
    /// At least `count` of these fields must be set.
    AtLeast {
        /// How many.
        count: u64,
        /// The fields.
        fields: Vec<usize>,
    },
    /// Exactly one of these fields must be set.
    ExactlyOne {
        /// The fields.
        fields: Vec<usize>,
    },
}

/// A node of the client's resource tree: a module with a handle and its operations' builders.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// The handle's struct name (e.g. `Invitations`).
    pub struct_name: String,
    /// Accessor method on the parent (e.g. `invitations`).
    pub accessor: String,
    /// Dotted path in the tree (e.g. `viewer.users.invitations`).
    pub path: String,
    /// The module's name (e.g. `invitations`, so `crate::viewer::users::invitations`).
    pub module: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// Child resources.
    pub children: Vec<Resource>,
    /// The operations of this resource.
    pub operations: Vec<Operation>,
}

/// One endpoint method.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Rust method name.
    pub method_name: String,
    /// The dotted operation id from the schema.
    pub operation_id: String,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// The path template as written in the schema.
    pub path_template: String,
    /// The path split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Path parameters, in template order; they are the method's leading arguments.
    pub path_params: Vec<PathParam>,
    /// The type the method returns: the builder, or for an operation without fields an alias of
    /// the runtime's request (`Create`, `Retrieve`).
    pub type_name: String,
    /// The builder, for an operation with query or body fields.
    pub builder: Option<BuilderDef>,
    /// What the request carries as its body.
    pub body: RequestBody,
    /// What a successful response carries.
    pub response: ResponseBody,
    /// Cursor pagination, for list operations.
    pub pagination: Option<PaginationDef>,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// The usage example of the method's rustdoc.
    pub example: Example,
    /// Whether the operation is deprecated.
    pub deprecated: Deprecation,
    /// Whether sending it twice has the effect of sending it once, so that a failure that leaves
    /// the outcome unknown may be retried: `x-idempotent`, else every method but POST.
    pub idempotent: bool,
}

/// What a request sends as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RequestBody {
    /// No body and no `Content-Type`.
    None,
    /// The body fields of the parameters, as a JSON object.
    Json,
    /// One field (an index into [`BuilderDef::fields`]) is the whole body, for a body that is not
    /// an object with properties.
    Value(usize),
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ResponseBody {
    /// A JSON value of this type.
    Json(TypeRef),
    /// Nothing the SDK reads: the call returns `()`.
    Empty,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl HttpMethod {
    /// The method as written in HTTP.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// A placeholder; the index into `Operation::path_params`.
    Param(usize),
}

/// A path parameter.
#[derive(Debug, Clone, Serialize)]
pub struct PathParam {
    /// Rust argument name.
    pub rust_name: String,
    /// Name in the template.
    pub wire_name: String,
    /// The value type: a string, a newtype or enum, or a number or boolean.
    pub ty: TypeRef,
    /// How the method takes the argument and turns it into a segment.
    pub arg: PathArg,
    /// Constraints checked before sending (those of a newtype are checked when it is made).
    pub constraints: Vec<Constraint>,
    /// Documentation.
    pub docs: Vec<String>,
}

/// How a path argument is taken and written into the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PathArg {
    /// `&str`, written as it is.
    Str,
    /// `&T` of a newtype or enum, written with `as_str()`.
    Borrowed,
    /// `T` of a number or boolean, written with `to_string()`.
    Copied,
}

/// Cursor pagination of a list operation.
#[derive(Debug, Clone, Serialize)]
pub struct PaginationDef {
    /// Type of one item.
    pub item: TypeRef,
    /// Field of the response holding the items.
    pub items_field: String,
    /// Field of the response holding the next cursor.
    pub cursor_field: String,
    /// How the cursor field is represented (`Required` means a plain `String`).
    pub cursor_repr: FieldRepr,
    /// Field of the response saying whether more pages exist, and its representation.
    pub has_more_field: Option<(String, FieldRepr)>,
    /// Wire name of the cursor query parameter.
    pub cursor_param: String,
}

/// The receiving side of the webhooks: the `webhooks` module, behind the cargo feature of the
/// same name, which verifies a delivery's signature and decodes it into the event union.
#[derive(Debug, Clone, Serialize)]
pub struct Receiver {
    /// The tagged union every delivery decodes into, re-exported as `webhooks::Event`.
    pub event: TypeId,
    /// The wire name of the union's tag property (`type`), read by `Event::event_type`.
    pub tag: String,
    /// The union's variant for a type the crate does not know.
    pub unknown_variant: String,
    /// The wire name of the envelope property identifying a delivery, read by `Event::id`.
    pub id: Option<String>,
    /// The environment variable `Webhooks::from_env` reads the signing key from.
    pub key_env: String,
    /// One entry per member of the union, in its order.
    pub events: Vec<ReceivedEvent>,
    /// The answer the documentation's receiver returns: an index into `events` and the value,
    /// from the schema's example of that webhook's response; the smallest one is shown.
    pub example: Option<(usize, ExampleValue)>,
}

/// One event the receiver decodes: a member of the event union and the webhook that sends it.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedEvent {
    /// The union variant (`StudyAccessRequested`).
    pub variant: String,
    /// The tag values that select it (`study.access_requested`).
    pub tags: Vec<String>,
    /// The payload type.
    pub payload: TypeId,
    /// Index into [`Api::webhooks`] of the webhook whose body this is.
    pub webhook: usize,
    /// The Rust name of the payload's id field, when the receiver has an id property.
    pub id_field: Option<String>,
}

/// A request the API sends to the integrator: one entry of OpenAPI's `webhooks`.
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// The entry's key in `webhooks` (for Avara, the event type such as `report.delivered`).
    pub name: String,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// The type of the body the API sends.
    pub payload: TypeRef,
    /// The type of the body the API expects back, if it reads one.
    pub response: Option<TypeRef>,
    /// Whether the webhook is deprecated.
    pub deprecated: Deprecation,
}
