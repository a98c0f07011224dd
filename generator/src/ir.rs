//! The intermediate representation: what the SDK is, with every decision already made.
//!
//! Lowering (`crate::lower`) builds an [`Api`] from the schema; emitters (`crate::emit`) only print
//! it. Names here are final Rust identifiers (keywords already escaped), wire names are exactly what
//! travels over HTTP, and documentation is final text. The IR is plain data and derives `Debug` and
//! `Serialize` so that it can be snapshotted.

use serde::Serialize;

/// The whole SDK.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// Crate metadata and client settings.
    pub settings: Settings,
    /// Every generated type: models, enums, newtypes and operation parameters, in schema order.
    pub types: Vec<TypeDef>,
    /// The top-level resources of the client (`client.viewer()`, ...).
    pub resources: Vec<Resource>,
}

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
    /// The API's title.
    pub api_title: String,
    /// The API's description, for the crate documentation.
    pub api_description: Option<String>,
    /// Default base URL (first server).
    pub default_base_url: String,
    /// Product token of the `User-Agent` header.
    pub user_agent: String,
    /// Header carrying the attempt number.
    pub retry_count_header: String,
    /// Default per-attempt timeout in seconds.
    pub default_timeout_seconds: u64,
    /// Default number of retries.
    pub default_max_retries: u32,
    /// Environment variable holding the API key.
    pub api_key_env: String,
    /// Environment variable overriding the base URL.
    pub base_url_env: String,
    /// Environment variable holding extra headers.
    pub custom_headers_env: String,
    /// Environment variable conventionally holding the log filter, named in the docs.
    pub log_env: Option<String>,
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
    /// The parameters of one operation, built with a typed builder.
    Params(ParamsDef),
}

/// A JSON object model.
#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    /// The fields, in schema order.
    pub fields: Vec<Field>,
    /// Whether callers may build it with a struct literal.
    pub construction: Construction,
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

/// A field of a model or of a parameters struct.
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
}

impl Field {
    /// Whether the Rust name differs from the wire name, so serde needs a `rename`.
    pub fn needs_rename(&self) -> bool {
        self.rust_name.strip_prefix("r#").unwrap_or(&self.rust_name) != self.wire_name
    }
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

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    Integer,
    /// `f64`.
    Number,
    /// A timestamp (`chrono::DateTime<Utc>`).
    DateTime,
    /// A calendar date (`chrono::NaiveDate`).
    Date,
    /// Any JSON value.
    Json,
    /// A generated type, by name.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`: ordered, so output and requests are deterministic.
    Map(Box<TypeRef>),
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
    Minimum(i64),
    /// At most this value.
    Maximum(i64),
    /// Greater than this value.
    ExclusiveMinimum(i64),
    /// Less than this value.
    ExclusiveMaximum(i64),
    /// At most this many entries (maps) or items (arrays).
    MaxEntries(u64),
    /// At least this many entries (maps) or items (arrays).
    MinEntries(u64),
    /// Every map key satisfies these.
    Keys(Vec<Constraint>),
    /// Every map value or array item satisfies these.
    Values(Vec<Constraint>),
}

/// The parameters of one operation (query and body; path parameters are method arguments).
#[derive(Debug, Clone, Serialize)]
pub struct ParamsDef {
    /// Every parameter, query and body, in schema order.
    pub fields: Vec<ParamField>,
    /// Name of the typed builder (`<Params>Builder`).
    pub builder_name: String,
    /// Whether every field is optional, so the struct can implement `Default`.
    pub all_optional: bool,
    /// The method these parameters belong to, for documentation (`viewer().studies().list()`).
    pub method_path: String,
}

/// A parameter field.
#[derive(Debug, Clone, Serialize)]
pub struct ParamField {
    /// The field itself.
    pub field: Field,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Name of the builder's type parameter tracking a required field (`None` when optional).
    pub state_param: Option<String>,
    /// Name of the builder method that sends an explicit null (`Some` for `OptionalNullable`).
    pub null_setter: Option<String>,
    /// Constraints checked before sending.
    pub constraints: Vec<Constraint>,
    /// What the builder method accepts.
    pub setter_input: SetterInput,
}

/// What a builder method accepts for a field of type `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetterInput {
    /// `impl Into<T>` (strings).
    Into,
    /// `impl IntoIterator<Item = U>` collected into `T` (arrays).
    Iter,
    /// `impl IntoIterator<Item = impl Into<String>>` collected into `T` (arrays of strings), so
    /// that `["a", "b"]` is accepted.
    IterInto,
    /// `T` itself.
    Value,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the query string; arrays comma-joined into one key.
    Query,
    /// In the query string; arrays repeat the key.
    QueryExploded,
    /// A property of the JSON body.
    Body,
}

/// A node of the client's resource tree.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// Rust struct name (e.g. `ViewerUsersInvitations`).
    pub struct_name: String,
    /// Accessor method on the parent (e.g. `invitations`).
    pub accessor: String,
    /// Dotted path in the tree (e.g. `viewer.users.invitations`).
    pub path: String,
    /// Module file stem under `src/resources/`.
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
    /// The parameters struct (query and body), if the operation has any.
    pub params: Option<String>,
    /// Query parameters, in schema order (also fields of the params struct).
    pub query: Vec<QueryParam>,
    /// Whether a JSON body is sent (the params struct serialized without its query fields).
    pub has_body: bool,
    /// Type of the successful response body.
    pub response: TypeRef,
    /// Cursor pagination, for list operations.
    pub pagination: Option<PaginationDef>,
    /// Documentation paragraphs.
    pub docs: Vec<String>,
    /// A compiling usage example for the rustdoc (body of an async fn returning the crate's Result).
    pub example: String,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
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
    /// The value type (`String` or a string newtype).
    pub ty: TypeRef,
    /// Documentation.
    pub docs: Vec<String>,
}

/// A query parameter of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct QueryParam {
    /// Field name in the params struct.
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Whether arrays repeat the key.
    pub exploded: bool,
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
