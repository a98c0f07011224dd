//! Stage 1 of 3: the typed model of the OpenAPI 3.1 document, as far as the SDK reads it.
//!
//! Every keyword of OpenAPI 3.1 and JSON Schema 2020-12 is known to the loader ([`keywords`]):
//! the ones that shape the SDK are fields here; the ones that cannot change it (`externalDocs`,
//! `xml`, `$comment`, vendor extensions, ...) are taken out of the tree before it is read into
//! this model; the ones the SDK cannot honour are reported with the reason. Every struct still
//! denies unknown fields, as a safety net that the keyword table's tests keep unused. Nothing here
//! makes a decision about Rust code; it only mirrors the document.

pub mod keywords;
mod load;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_yaml::Value;

pub use load::{Loaded, load, locate, locate_diagnostic};

/// The root of an OpenAPI document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Document {
    /// The OpenAPI version; only `3.1.x` is accepted.
    pub openapi: String,
    /// The JSON Schema dialect of the schemas; only the OpenAPI 3.1 base dialect is read.
    pub json_schema_dialect: Option<String>,
    /// Title, version and descriptions of the API.
    pub info: Info,
    /// Servers; the first URL is the SDK's default base URL.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// Security requirements that apply to every operation.
    #[serde(default)]
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// Tags used to group operations in documentation.
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Path templates and their operations, in document order.
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    /// Requests the API sends to the integrator, by name, in document order.
    #[serde(default)]
    pub webhooks: IndexMap<String, PathItem>,
    /// Reusable schemas, parameters, request bodies, responses and security schemes.
    #[serde(default)]
    pub components: Components,
    /// SDK-wide settings (`x-sdk`).
    #[serde(rename = "x-sdk")]
    pub sdk: SdkSettings,
}

/// The `info` object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The version of the API description.
    pub version: String,
    /// A one-line summary.
    pub summary: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// The licence of the API description.
    pub license: Option<License>,
    /// Who to contact about the API.
    pub contact: Option<Contact>,
}

/// The `info.license` object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// The licence's name.
    pub name: String,
    /// An SPDX identifier.
    pub identifier: Option<String>,
    /// A URL to the licence text.
    pub url: Option<String>,
}

/// The `info.contact` object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A person or team.
    pub name: Option<String>,
    /// A web address.
    pub url: Option<String>,
    /// An email address.
    pub email: Option<String>,
}

/// One entry of `servers`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// The server's base URL.
    pub url: String,
    /// What the server is.
    pub description: Option<String>,
}

/// One entry of `tags`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// The tag's name.
    pub name: String,
    /// What the tag groups.
    pub description: Option<String>,
}

/// The `x-sdk` extension: settings of the generated crate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SdkSettings {
    /// Cargo package and library name.
    pub crate_name: String,
    /// Version of the generated crate.
    pub crate_version: String,
    /// One-line description for the generated `Cargo.toml`.
    pub crate_description: String,
    /// SPDX licence expression for the generated `Cargo.toml`.
    pub license: String,
    /// `repository` of the generated `Cargo.toml`.
    pub repository: Option<String>,
    /// `documentation` of the generated `Cargo.toml`.
    pub documentation: Option<String>,
    /// Product token of the `User-Agent` header; the crate version is appended.
    pub user_agent: String,
    /// Header that carries the attempt number of a request.
    pub retry_count_header: String,
    /// Default per-attempt timeout.
    pub default_timeout_seconds: u64,
    /// Default number of retries after the first attempt.
    pub default_max_retries: u32,
    /// Default limit on opening a connection; unset, only the attempt timeout bounds it.
    pub default_connect_timeout_seconds: Option<u64>,
    /// Names of the environment variables the client reads.
    pub env: EnvNames,
    /// Description of every node of the resource tree, keyed by dotted path.
    #[serde(default)]
    pub resources: IndexMap<String, String>,
    /// How the SDK receives the API's webhooks; without it, the webhook types are generated but
    /// no verifier is.
    pub webhooks: Option<SdkWebhooks>,
}

/// The `x-sdk.webhooks` object: the receiving side of the API's webhooks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SdkWebhooks {
    /// The component schema every delivery decodes into: a `oneOf` with a `discriminator`
    /// whose members are the payloads of the document's `webhooks`.
    pub event: String,
    /// The wire name of the envelope property that identifies a delivery, read by `Event::id`.
    pub id: Option<String>,
}

/// The `x-sdk.env` object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnvNames {
    /// Variable holding the API key.
    pub api_key: String,
    /// Variable overriding the base URL.
    pub base_url: String,
    /// Variable holding extra headers, one `Name: value` per line.
    pub custom_headers: String,
    /// Variable the official SDKs read their log level from; the generated docs show how to feed
    /// it to a `tracing` subscriber (the SDK itself, a library, installs none).
    #[serde(default)]
    pub log: Option<String>,
    /// Variable holding the key that webhook deliveries are signed with; needed with
    /// `x-sdk.webhooks`.
    #[serde(default)]
    pub webhook_key: Option<String>,
}

/// The `components` object.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Components {
    /// Named schemas; each becomes a Rust type.
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
    /// Named parameters, referenced from operations.
    #[serde(default)]
    pub parameters: IndexMap<String, Parameter>,
    /// Named request bodies, referenced from operations.
    #[serde(default)]
    pub request_bodies: IndexMap<String, RequestBody>,
    /// Named responses, referenced from operations.
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    /// Security schemes; documentation only.
    #[serde(default)]
    pub security_schemes: IndexMap<String, SecurityScheme>,
}

/// A security scheme; documentation only (the SDK sends the API key as a bearer token).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SecurityScheme {
    /// `http`, `apiKey`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP auth scheme, e.g. `bearer`.
    pub scheme: Option<String>,
    /// A hint about the token format.
    pub bearer_format: Option<String>,
    /// What the scheme is.
    pub description: Option<String>,
    /// The header, query or cookie parameter of an `apiKey` scheme.
    pub name: Option<String>,
    /// Where an `apiKey` scheme's parameter goes.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// The OAuth 2 flows of an `oauth2` scheme.
    pub flows: Option<Value>,
    /// The discovery URL of an `openIdConnect` scheme.
    pub open_id_connect_url: Option<String>,
}

/// A path item: the operations on one path template (or, under `webhooks`, one event).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    /// A short summary for all operations.
    pub summary: Option<String>,
    /// A description for all operations.
    pub description: Option<String>,
    /// Parameters shared by every operation of the path.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// `GET`.
    pub get: Option<Operation>,
    /// `PUT`.
    pub put: Option<Operation>,
    /// `POST`.
    pub post: Option<Operation>,
    /// `DELETE`.
    pub delete: Option<Operation>,
    /// `PATCH`.
    pub patch: Option<Operation>,
}

impl PathItem {
    /// The operations of this path, in a fixed order, with their lowercase method names.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("patch", &self.patch),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    }
}

/// One operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Operation {
    /// Dotted SDK position, e.g. `viewer.users.invitations.list`.
    pub operation_id: Option<String>,
    /// A short summary.
    pub summary: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// Documentation tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path and query parameters.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// The JSON request body.
    pub request_body: Option<RequestBody>,
    /// Responses by status code.
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    /// Security requirements overriding the document's.
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// Whether the operation is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Cursor pagination of a list operation (`x-pagination`).
    #[serde(rename = "x-pagination")]
    pub pagination: Option<Pagination>,
    /// Query parameters of which a request must set at least one (`x-at-least-one-of`).
    #[serde(rename = "x-at-least-one-of")]
    pub at_least_one_of: Option<Vec<String>>,
    /// Whether sending the operation twice has the effect of sending it once (`x-idempotent`);
    /// unset, it follows the HTTP method.
    #[serde(rename = "x-idempotent")]
    pub idempotent: Option<bool>,
}

/// The `x-pagination` extension.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Pagination {
    /// Array property of the response holding the page's items.
    pub items: String,
    /// Query parameter that takes the cursor.
    pub cursor_param: String,
    /// Response property holding the next cursor.
    pub next_cursor: String,
    /// Boolean response property saying whether more pages exist.
    pub has_more: Option<String>,
}

/// A path or query parameter, or a `$ref` to one in `components.parameters`.
///
/// The reference form is a field rather than a separate type so that an error inside an inline
/// parameter keeps its exact location; lowering checks that a `$ref` stands alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// `$ref: '#/components/parameters/...'`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// The wire name.
    pub name: Option<String>,
    /// Where the parameter goes.
    #[serde(rename = "in")]
    pub location: Option<ParameterIn>,
    /// Whether the parameter must be given.
    #[serde(default)]
    pub required: bool,
    /// What the parameter means.
    pub description: Option<String>,
    /// The value's schema.
    pub schema: Option<Schema>,
    /// Serialization style.
    pub style: Option<ParameterStyle>,
    /// Whether arrays repeat the key.
    pub explode: Option<bool>,
    /// An example value.
    pub example: Option<Value>,
    /// Named examples.
    pub examples: Option<Value>,
    /// Whether the parameter is deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// The Rust name of the field the parameter becomes (`x-rust-name`).
    #[serde(rename = "x-rust-name")]
    pub rust_name: Option<String>,
}

/// `in` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterIn {
    /// A placeholder of the path template.
    Path,
    /// A query string parameter.
    Query,
    /// A request header (refused by lowering, with the reason).
    Header,
    /// A cookie (refused by lowering, with the reason).
    Cookie,
}

/// `style` of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterStyle {
    /// Query default: `key=value`.
    Form,
    /// Path default.
    Simple,
    /// `;key=value` path parameters (refused by lowering).
    Matrix,
    /// `.value` path parameters (refused by lowering).
    Label,
    /// Space-joined arrays (refused by lowering).
    SpaceDelimited,
    /// Pipe-joined arrays (refused by lowering).
    PipeDelimited,
    /// `key[prop]=value` objects (refused by lowering).
    DeepObject,
}

/// A request body, or a `$ref` to one in `components.requestBodies`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// `$ref: '#/components/requestBodies/...'`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// What the body is.
    pub description: Option<String>,
    /// Whether a body must be sent.
    #[serde(default)]
    pub required: bool,
    /// Media types; only `application/json` is supported. Empty means the operation sends none.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

/// A response, or a `$ref` to one in `components.responses`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// `$ref: '#/components/responses/...'`.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// What the response means.
    pub description: Option<String>,
    /// Media types of the body.
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

/// A media type object.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// The body's schema.
    pub schema: Option<Schema>,
    /// An example body.
    pub example: Option<Value>,
    /// Named examples.
    pub examples: Option<Value>,
}

/// A schema object: the JSON Schema 2020-12 keywords that shape the SDK.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Schema {
    /// `$ref` to a component schema.
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    /// One type, or a list of types (a type and `"null"`).
    #[serde(rename = "type")]
    pub kind: Option<TypeSet>,
    /// A short title.
    pub title: Option<String>,
    /// What the value means.
    pub description: Option<String>,
    /// A format such as `date-time`.
    pub format: Option<String>,
    /// Allowed values.
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<Value>>,
    /// The one allowed value.
    #[serde(rename = "const")]
    pub constant: Option<Value>,
    /// Properties of an object.
    pub properties: Option<IndexMap<String, Schema>>,
    /// Required property names.
    pub required: Option<Vec<String>>,
    /// Schema of extra properties, or whether they are allowed.
    pub additional_properties: Option<AdditionalProperties>,
    /// Schema of property names.
    pub property_names: Option<Box<Schema>>,
    /// Minimum number of properties.
    pub min_properties: Option<u64>,
    /// Maximum number of properties.
    pub max_properties: Option<u64>,
    /// Schema of array items.
    pub items: Option<Box<Schema>>,
    /// Minimum number of items.
    pub min_items: Option<u64>,
    /// Maximum number of items.
    pub max_items: Option<u64>,
    /// Whether items must be distinct.
    pub unique_items: Option<bool>,
    /// Minimum string length in characters.
    pub min_length: Option<u64>,
    /// Maximum string length in characters.
    pub max_length: Option<u64>,
    /// A regular expression the string must match.
    pub pattern: Option<String>,
    /// Inclusive lower bound.
    pub minimum: Option<serde_json::Number>,
    /// Inclusive upper bound.
    pub maximum: Option<serde_json::Number>,
    /// Exclusive lower bound.
    pub exclusive_minimum: Option<serde_json::Number>,
    /// Exclusive upper bound.
    pub exclusive_maximum: Option<serde_json::Number>,
    /// The value the server assumes when none is sent.
    pub default: Option<Value>,
    /// Example values.
    pub examples: Option<Vec<Value>>,
    /// One example value.
    pub example: Option<Value>,
    /// Whether the value is deprecated.
    pub deprecated: Option<bool>,
    /// Whether the value only appears in responses.
    pub read_only: Option<bool>,
    /// Whether the value only appears in requests.
    pub write_only: Option<bool>,
    /// Every one of these schemas applies (merged into one object).
    pub all_of: Option<Vec<Schema>>,
    /// At least one of these schemas applies: a nullable type, a union, or a body rule.
    pub any_of: Option<Vec<Schema>>,
    /// Exactly one of these schemas applies: a nullable type, a union, or a body rule.
    pub one_of: Option<Vec<Schema>>,
    /// Which property tells the members of a union apart.
    pub discriminator: Option<Discriminator>,
    /// A schema the value must not match; read only as `not: {required: [name]}` on a member of
    /// a union decoded by shape, where it names a property the member never has.
    pub not: Option<Box<Schema>>,
    /// One-line description of each enum value (`x-enum-descriptions`).
    #[serde(rename = "x-enum-descriptions")]
    pub enum_descriptions: Option<IndexMap<String, String>>,
    /// The Rust name of the field a property becomes (`x-rust-name`), where the one made from
    /// its wire name would collide with another method.
    #[serde(rename = "x-rust-name")]
    pub rust_name: Option<String>,
    /// Whether the value is personal or clinical data, or a URL that grants access
    /// (`x-sensitive`): the SDK keeps it out of `Debug` output.
    #[serde(rename = "x-sensitive")]
    pub sensitive: Option<bool>,
}

/// The `discriminator` of a union.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Discriminator {
    /// The property whose value names the member.
    pub property_name: String,
    /// Property values and the members they name, where the value is not the member's name.
    #[serde(default)]
    pub mapping: IndexMap<String, String>,
}

/// A JSON type name, as `type` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`.
    Object,
    /// `null`.
    Null,
}

impl JsonType {
    /// Every type name, in the order messages list them.
    pub const ALL: [JsonType; 7] = [
        JsonType::String,
        JsonType::Integer,
        JsonType::Number,
        JsonType::Boolean,
        JsonType::Array,
        JsonType::Object,
        JsonType::Null,
    ];

    /// The name as written in a schema.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }
}

/// `type`: one name or a list of names.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TypeSet {
    /// `type: string`.
    One(JsonType),
    /// `type: [string, "null"]`.
    Many(Vec<JsonType>),
}

impl TypeSet {
    /// The listed types, in order.
    pub fn types(&self) -> &[JsonType] {
        match self {
            TypeSet::One(t) => std::slice::from_ref(t),
            TypeSet::Many(list) => list,
        }
    }
}

/// `additionalProperties`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` or `false`.
    Allowed(bool),
    /// A schema for the values.
    Schema(Box<Schema>),
}
