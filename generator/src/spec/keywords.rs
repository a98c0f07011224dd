//! Every keyword of OpenAPI 3.1 and JSON Schema 2020-12, and what the generator does with it.
//!
//! The loader walks the untyped YAML tree once, object by object, before reading it into the
//! typed model. At each key it knows which kind of object it is in and looks the key up in that
//! kind's table:
//!
//! - **supported** keys stay, and the typed model reads them (a test checks that the model's
//!   fields and the table's supported keys are the same set, kind by kind); a few are supported
//!   in one form only (`not`), which lowering checks and reports otherwise;
//! - **ignored** keys cannot change the SDK (`externalDocs`, `xml`, `$comment`, ...) and are taken
//!   out of the tree;
//! - **refused** keys would change what the SDK must do in a way it cannot (`if`,
//!   `patternProperties`, server variables, ...): each one is reported at its place with the
//!   reason, and taken out so that the rest of the document is still checked;
//! - any other key is a mistake, reported with the closest keyword of that object.
//!
//! Extensions (`x-...`) are this generator's own where the table lists them, and otherwise some
//! other tool's (`x-logo`), which are ignored, unless the name looks like a misspelling of one of
//! this generator's extensions, which is reported with the intended name.

use serde_yaml::Value;

use super::JsonType;
use crate::error::{Diagnostic, escape_pointer_segment};
use crate::suggest;

/// The objects of an OpenAPI document that have keywords of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document root.
    Document,
    /// `info`.
    Info,
    /// `info.contact`.
    Contact,
    /// `info.license`.
    License,
    /// An entry of `servers`.
    Server,
    /// An entry of `tags`.
    Tag,
    /// `components`.
    Components,
    /// A path item (under `paths` or `webhooks`).
    PathItem,
    /// An operation.
    Operation,
    /// A parameter, or a reference to one.
    Parameter,
    /// A request body, or a reference to one.
    RequestBody,
    /// A media type under `content`.
    MediaType,
    /// A response, or a reference to one.
    Response,
    /// A schema.
    Schema,
    /// A union's `discriminator`.
    Discriminator,
    /// A security scheme.
    SecurityScheme,
}

impl Kind {
    /// Every kind, for the tests that compare the table with the typed model and the README.
    pub const ALL: [Kind; 16] = [
        Kind::Document,
        Kind::Info,
        Kind::Contact,
        Kind::License,
        Kind::Server,
        Kind::Tag,
        Kind::Components,
        Kind::PathItem,
        Kind::Operation,
        Kind::Parameter,
        Kind::RequestBody,
        Kind::MediaType,
        Kind::Response,
        Kind::Schema,
        Kind::Discriminator,
        Kind::SecurityScheme,
    ];

    /// How messages name an object of this kind.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Document => "the document root",
            Kind::Info => "`info`",
            Kind::Contact => "`info.contact`",
            Kind::License => "`info.license`",
            Kind::Server => "a server",
            Kind::Tag => "a tag",
            Kind::Components => "`components`",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::MediaType => "a media type",
            Kind::Response => "a response",
            Kind::Schema => "a schema",
            Kind::Discriminator => "a discriminator",
            Kind::SecurityScheme => "a security scheme",
        }
    }
}

/// What the generator does with a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Read into the typed model; it shapes the SDK or is checked.
    Supported,
    /// Read into the typed model, but honoured in one form only, which the text describes;
    /// lowering reports any other use at its place.
    Limited(&'static str),
    /// Accepted and dropped, because it cannot change the SDK; the text says why.
    Ignored(&'static str),
    /// Reported as an error, because the SDK cannot honour it; the text says why.
    Refused(&'static str),
}

/// What a keyword's value holds, so the walk knows where to descend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Child {
    /// A value the walk does not look into (a string, an example, a list of names).
    Leaf,
    /// One object of a kind.
    Node(Kind),
    /// A map from names to objects of a kind.
    Map(Kind),
    /// A list of objects of a kind.
    List(Kind),
    /// A schema, or `true` / `false`.
    SchemaOrBool,
    /// The path templates of `paths`.
    Paths,
    /// The status codes of `responses`.
    Responses,
}

/// One keyword of one kind of object.
#[derive(Debug, Clone, Copy)]
pub struct Keyword {
    /// The key as written.
    pub name: &'static str,
    /// What the generator does with it.
    pub disposition: Disposition,
    child: Child,
}

const fn kw(name: &'static str, child: Child) -> Keyword {
    Keyword {
        name,
        disposition: Disposition::Supported,
        child,
    }
}

const fn limited(name: &'static str, child: Child, form: &'static str) -> Keyword {
    Keyword {
        name,
        disposition: Disposition::Limited(form),
        child,
    }
}

const fn ignored(name: &'static str, why: &'static str) -> Keyword {
    Keyword {
        name,
        disposition: Disposition::Ignored(why),
        child: Child::Leaf,
    }
}

const fn refused(name: &'static str, why: &'static str) -> Keyword {
    Keyword {
        name,
        disposition: Disposition::Refused(why),
        child: Child::Leaf,
    }
}

use Child::{Leaf, List, Map, Node};

const DOCS_ONLY: &str = "documentation only; the SDK's docs come from descriptions";
const EXAMPLES: &str = "examples are documentation; method examples come from inline `example`s";

const DOCUMENT: &[Keyword] = &[
    kw("openapi", Leaf),
    kw("info", Node(Kind::Info)),
    kw("jsonSchemaDialect", Leaf),
    kw("servers", List(Kind::Server)),
    kw("paths", Child::Paths),
    kw("webhooks", Map(Kind::PathItem)),
    kw("components", Node(Kind::Components)),
    kw("security", Leaf),
    kw("tags", List(Kind::Tag)),
    ignored("externalDocs", DOCS_ONLY),
    kw("x-sdk", Leaf),
];

const INFO: &[Keyword] = &[
    kw("title", Leaf),
    kw("summary", Leaf),
    kw("description", Leaf),
    ignored("termsOfService", DOCS_ONLY),
    kw("contact", Node(Kind::Contact)),
    kw("license", Node(Kind::License)),
    kw("version", Leaf),
];

const CONTACT: &[Keyword] = &[kw("name", Leaf), kw("url", Leaf), kw("email", Leaf)];

const LICENSE: &[Keyword] = &[kw("name", Leaf), kw("identifier", Leaf), kw("url", Leaf)];

const SERVER: &[Keyword] = &[
    kw("url", Leaf),
    kw("description", Leaf),
    refused(
        "variables",
        "the SDK's default base URL is one fixed URL; callers choose another with `ClientBuilder::base_url` or the base-URL environment variable",
    ),
];

const TAG: &[Keyword] = &[
    kw("name", Leaf),
    kw("description", Leaf),
    ignored("externalDocs", DOCS_ONLY),
];

const COMPONENTS: &[Keyword] = &[
    kw("schemas", Map(Kind::Schema)),
    kw("responses", Map(Kind::Response)),
    kw("parameters", Map(Kind::Parameter)),
    ignored("examples", EXAMPLES),
    kw("requestBodies", Map(Kind::RequestBody)),
    ignored(
        "headers",
        "response headers reach callers through `send_with_response`; their schemas do not change the SDK",
    ),
    kw("securitySchemes", Map(Kind::SecurityScheme)),
    ignored("links", DOCS_ONLY),
    refused(
        "callbacks",
        "the SDK does not receive callbacks; describe requests the API sends under the top-level `webhooks`",
    ),
    refused(
        "pathItems",
        "path items are not shared by reference; write each one under `paths`",
    ),
];

const PATH_ITEM: &[Keyword] = &[
    refused(
        "$ref",
        "path items are not shared by reference; write the operations here",
    ),
    kw("summary", Leaf),
    kw("description", Leaf),
    kw("get", Node(Kind::Operation)),
    kw("put", Node(Kind::Operation)),
    kw("post", Node(Kind::Operation)),
    kw("delete", Node(Kind::Operation)),
    refused(
        "options",
        "the SDK generates methods for GET, PUT, POST, PATCH and DELETE only",
    ),
    refused(
        "head",
        "the SDK generates methods for GET, PUT, POST, PATCH and DELETE only",
    ),
    kw("patch", Node(Kind::Operation)),
    refused(
        "trace",
        "the SDK generates methods for GET, PUT, POST, PATCH and DELETE only",
    ),
    refused(
        "servers",
        "every operation is sent to the client's one base URL",
    ),
    kw("parameters", List(Kind::Parameter)),
];

const OPERATION: &[Keyword] = &[
    kw("tags", Leaf),
    kw("summary", Leaf),
    kw("description", Leaf),
    ignored("externalDocs", DOCS_ONLY),
    kw("operationId", Leaf),
    kw("parameters", List(Kind::Parameter)),
    kw("requestBody", Node(Kind::RequestBody)),
    kw("responses", Child::Responses),
    refused(
        "callbacks",
        "the SDK does not receive callbacks; describe requests the API sends under the top-level `webhooks`",
    ),
    kw("deprecated", Leaf),
    kw("security", Leaf),
    refused(
        "servers",
        "every operation is sent to the client's one base URL",
    ),
    kw("x-pagination", Leaf),
    kw("x-at-least-one-of", Leaf),
    kw("x-idempotent", Leaf),
];

const PARAMETER: &[Keyword] = &[
    kw("$ref", Leaf),
    ignored("summary", DOCS_ONLY),
    kw("name", Leaf),
    kw("in", Leaf),
    kw("description", Leaf),
    kw("required", Leaf),
    kw("deprecated", Leaf),
    ignored(
        "allowEmptyValue",
        "deprecated in OpenAPI 3.1; the SDK sends the value it is given",
    ),
    kw("style", Leaf),
    kw("explode", Leaf),
    refused(
        "allowReserved",
        "the SDK percent-encodes every reserved character in query values, as the API's other SDKs do",
    ),
    kw("schema", Node(Kind::Schema)),
    kw("example", Leaf),
    kw("examples", Leaf),
    refused(
        "content",
        "a parameter serialized as a media type is not supported; describe its value with `schema`",
    ),
    kw("x-rust-name", Leaf),
];

const REQUEST_BODY: &[Keyword] = &[
    kw("$ref", Leaf),
    ignored("summary", DOCS_ONLY),
    kw("description", Leaf),
    kw("content", Map(Kind::MediaType)),
    kw("required", Leaf),
];

const MEDIA_TYPE: &[Keyword] = &[
    kw("schema", Node(Kind::Schema)),
    kw("example", Leaf),
    kw("examples", Leaf),
    ignored(
        "encoding",
        "it applies to multipart and form bodies; JSON bodies are not affected",
    ),
];

const RESPONSE: &[Keyword] = &[
    kw("$ref", Leaf),
    ignored("summary", DOCS_ONLY),
    kw("description", Leaf),
    ignored(
        "headers",
        "response headers reach callers through `send_with_response`; their schemas do not change the SDK",
    ),
    kw("content", Map(Kind::MediaType)),
    ignored("links", DOCS_ONLY),
];

const NOT_CHECKED: &str = "the SDK cannot check it before sending and would silently let values through; remove it and state the rule in `description`";

const SCHEMA: &[Keyword] = &[
    // Core.
    refused(
        "$schema",
        "every schema is read as JSON Schema 2020-12, the OpenAPI 3.1 dialect; remove it",
    ),
    refused(
        "$id",
        "schemas are referenced by `#/components/schemas/...`, not by identifier",
    ),
    kw("$ref", Leaf),
    refused(
        "$anchor",
        "schemas are referenced by `#/components/schemas/...`, not by anchor",
    ),
    refused(
        "$dynamicRef",
        "dynamic references are not supported; use `$ref` to a component",
    ),
    refused(
        "$dynamicAnchor",
        "dynamic references are not supported; use `$ref` to a component",
    ),
    refused(
        "$vocabulary",
        "every schema is read as JSON Schema 2020-12, the OpenAPI 3.1 dialect",
    ),
    ignored("$comment", "a comment for schema authors"),
    refused(
        "$defs",
        "local definitions are not supported; move them to `components/schemas` and reference them there",
    ),
    // Applicators.
    kw("allOf", List(Kind::Schema)),
    kw("anyOf", List(Kind::Schema)),
    kw("oneOf", List(Kind::Schema)),
    limited(
        "not",
        Node(Kind::Schema),
        "only as `not: {required: [name]}` on a member of a union decoded by shape, naming a property the member never has (see \"Schemas\"); beside `required`, `properties` may describe that name (annotations only), as linters ask; any other negated schema has no Rust type",
    ),
    refused(
        "if",
        "conditional schemas have no Rust type; use a union (`oneOf`) or describe the rule",
    ),
    refused(
        "then",
        "conditional schemas have no Rust type; use a union (`oneOf`) or describe the rule",
    ),
    refused(
        "else",
        "conditional schemas have no Rust type; use a union (`oneOf`) or describe the rule",
    ),
    refused("dependentSchemas", NOT_CHECKED),
    refused(
        "prefixItems",
        "tuples are not supported; use an object, or an array of one item type",
    ),
    kw("items", Node(Kind::Schema)),
    refused("contains", NOT_CHECKED),
    kw("properties", Map(Kind::Schema)),
    refused(
        "patternProperties",
        "maps keyed by pattern are not supported; use `additionalProperties` with `propertyNames`",
    ),
    kw("additionalProperties", Child::SchemaOrBool),
    kw("propertyNames", Node(Kind::Schema)),
    // Unevaluated.
    refused("unevaluatedItems", NOT_CHECKED),
    ignored(
        "unevaluatedProperties",
        "the SDK sends only the properties it describes, and reads responses that have more",
    ),
    // Validation.
    kw("type", Leaf),
    kw("enum", Leaf),
    kw("const", Leaf),
    refused("multipleOf", NOT_CHECKED),
    kw("maximum", Leaf),
    kw("exclusiveMaximum", Leaf),
    kw("minimum", Leaf),
    kw("exclusiveMinimum", Leaf),
    kw("maxLength", Leaf),
    kw("minLength", Leaf),
    kw("pattern", Leaf),
    kw("maxItems", Leaf),
    kw("minItems", Leaf),
    kw("uniqueItems", Leaf),
    refused("maxContains", NOT_CHECKED),
    refused("minContains", NOT_CHECKED),
    kw("maxProperties", Leaf),
    kw("minProperties", Leaf),
    kw("required", Leaf),
    refused("dependentRequired", NOT_CHECKED),
    // Format and content.
    kw("format", Leaf),
    ignored(
        "contentEncoding",
        "an annotation in JSON Schema 2020-12: the value stays a string",
    ),
    ignored(
        "contentMediaType",
        "an annotation in JSON Schema 2020-12: the value stays a string",
    ),
    ignored(
        "contentSchema",
        "an annotation in JSON Schema 2020-12: the value stays a string",
    ),
    // Meta-data.
    kw("title", Leaf),
    kw("description", Leaf),
    kw("default", Leaf),
    kw("deprecated", Leaf),
    kw("readOnly", Leaf),
    kw("writeOnly", Leaf),
    kw("examples", Leaf),
    // OpenAPI's additions.
    kw("discriminator", Node(Kind::Discriminator)),
    ignored("xml", "the SDK reads and writes JSON only"),
    ignored("externalDocs", DOCS_ONLY),
    kw("example", Leaf),
    refused(
        "nullable",
        "it is OpenAPI 3.0; in 3.1 write `type: [string, 'null']`, or `anyOf: [{$ref: ...}, {type: 'null'}]` for a reference",
    ),
    kw("x-enum-descriptions", Leaf),
    kw("x-rust-name", Leaf),
    kw("x-sensitive", Leaf),
];

const DISCRIMINATOR: &[Keyword] = &[kw("propertyName", Leaf), kw("mapping", Leaf)];

const SECURITY_SCHEME: &[Keyword] = &[
    kw("type", Leaf),
    kw("description", Leaf),
    kw("name", Leaf),
    kw("in", Leaf),
    kw("scheme", Leaf),
    kw("bearerFormat", Leaf),
    kw("flows", Leaf),
    kw("openIdConnectUrl", Leaf),
];

/// The keywords of one kind of object.
pub fn table(kind: Kind) -> &'static [Keyword] {
    match kind {
        Kind::Document => DOCUMENT,
        Kind::Info => INFO,
        Kind::Contact => CONTACT,
        Kind::License => LICENSE,
        Kind::Server => SERVER,
        Kind::Tag => TAG,
        Kind::Components => COMPONENTS,
        Kind::PathItem => PATH_ITEM,
        Kind::Operation => OPERATION,
        Kind::Parameter => PARAMETER,
        Kind::RequestBody => REQUEST_BODY,
        Kind::MediaType => MEDIA_TYPE,
        Kind::Response => RESPONSE,
        Kind::Schema => SCHEMA,
        Kind::Discriminator => DISCRIMINATOR,
        Kind::SecurityScheme => SECURITY_SCHEME,
    }
}

/// The table as Markdown, one section per kind of object, for `schema/README.md` (a test checks
/// that the README holds exactly this).
pub fn markdown() -> String {
    let mut out = String::new();
    for kind in Kind::ALL {
        out.push_str(&format!("\n#### {}\n\n", heading(kind)));
        out.push_str("| Keyword | What the generator does |\n|---|---|\n");
        for keyword in table(kind) {
            let what = match keyword.disposition {
                Disposition::Supported => "supported".to_owned(),
                Disposition::Limited(form) => format!("supported {form}"),
                Disposition::Ignored(why) => format!("ignored: {why}"),
                Disposition::Refused(why) => format!("refused: {why}"),
            };
            out.push_str(&format!(
                "| `{}` | {} |\n",
                keyword.name,
                what.replace('|', "\\|")
            ));
        }
    }
    out
}

/// The README heading of a kind's section.
fn heading(kind: Kind) -> &'static str {
    match kind {
        Kind::Document => "Document root",
        Kind::Info => "Info",
        Kind::Contact => "Contact",
        Kind::License => "License",
        Kind::Server => "Server",
        Kind::Tag => "Tag",
        Kind::Components => "Components",
        Kind::PathItem => "Path item (under `paths` and `webhooks`)",
        Kind::Operation => "Operation",
        Kind::Parameter => "Parameter",
        Kind::RequestBody => "Request body",
        Kind::MediaType => "Media type",
        Kind::Response => "Response",
        Kind::Schema => "Schema",
        Kind::Discriminator => "Discriminator",
        Kind::SecurityScheme => "Security scheme",
    }
}

/// Every extension this generator defines, with the kind of object it belongs to.
fn own_extensions() -> impl Iterator<Item = (&'static str, Kind)> {
    Kind::ALL.into_iter().flat_map(|kind| {
        table(kind)
            .iter()
            .filter(|k| k.name.starts_with("x-"))
            .map(move |k| (k.name, kind))
    })
}

/// Checks every key of the document, reports what the SDK cannot honour, and takes out of the
/// tree what the typed model does not read (ignored keywords, refused ones, other tools'
/// extensions).
pub fn check(tree: &mut Value) -> Vec<Diagnostic> {
    let mut walk = Walk::default();
    walk.node(Kind::Document, tree);
    walk.diagnostics
}

/// The state of one walk: where it is, and what it found.
#[derive(Default)]
struct Walk {
    /// The pointer segments of the current node, unescaped; joined only to report a problem.
    path: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Walk {
    fn report(&mut self, key: &str, message: String) {
        let mut pointer = String::new();
        for segment in self.path.iter().map(String::as_str).chain([key]) {
            pointer.push('/');
            pointer.push_str(&escape_pointer_segment(segment));
        }
        self.diagnostics.push(Diagnostic::new(pointer, message));
    }

    fn node(&mut self, kind: Kind, value: &mut Value) {
        // JSON Schema's boolean schemas: `true` takes any value, as `{}` does.
        if kind == Kind::Schema {
            match value {
                Value::Bool(true) => *value = Value::Mapping(serde_yaml::Mapping::new()),
                Value::Bool(false) => {
                    let key = self.path.pop().unwrap_or_default();
                    self.report(&key, "the schema `false` allows no value, so the SDK could neither send nor read one; remove the property".to_owned());
                    self.path.push(key);
                }
                _ => {}
            }
        }
        let Value::Mapping(map) = value else {
            // A wrong type is the typed model's to report, with the key's expected shape.
            return;
        };
        map.retain(|key, value| match key.as_str() {
            Some(key) => self.entry(kind, key, value),
            None => self.entry(kind, &key_text(key), value),
        });
    }

    /// Handles one key of an object of `kind`; returns whether it stays in the tree.
    fn entry(&mut self, kind: Kind, key: &str, value: &mut Value) -> bool {
        let Some(keyword) = table(kind).iter().find(|k| k.name == key) else {
            return self.unknown(kind, key);
        };
        match keyword.disposition {
            Disposition::Supported | Disposition::Limited(_) => {
                if kind == Kind::Schema && key == "type" && !self.type_names(value) {
                    return false;
                }
                self.path.push(key.to_owned());
                self.child(keyword.child, value);
                self.path.pop();
                true
            }
            Disposition::Ignored(_) => false,
            Disposition::Refused(why) => {
                self.report(key, format!("`{key}` is not supported: {why}"));
                false
            }
        }
    }

    fn child(&mut self, child: Child, value: &mut Value) {
        match child {
            Child::Leaf => {}
            Child::Node(kind) => self.node(kind, value),
            Child::SchemaOrBool => {
                if value.is_mapping() {
                    self.node(Kind::Schema, value);
                }
            }
            Child::Map(kind) => self.each_entry(value, |walk, _, v| walk.node(kind, v)),
            Child::List(kind) => {
                if let Value::Sequence(items) = value {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.path.push(i.to_string());
                        self.node(kind, item);
                        self.path.pop();
                    }
                }
            }
            Child::Paths => self.patterned(value, "a path template starting with `/`", |key| {
                key.starts_with('/')
            }),
            Child::Responses => self.patterned(
                value,
                "a status code (`200`, `4XX`) or `default`",
                is_response_key,
            ),
        }
    }

    /// Visits each entry of a map of named objects.
    fn each_entry(
        &mut self,
        value: &mut Value,
        mut visit: impl FnMut(&mut Self, &str, &mut Value),
    ) {
        if let Value::Mapping(map) = value {
            for (key, value) in map.iter_mut() {
                let key = key_text(key);
                self.path.push(key.clone());
                visit(self, &key, value);
                self.path.pop();
            }
        }
    }

    /// A map whose keys follow a pattern (`paths`, `responses`), where `x-` keys are extensions.
    fn patterned(&mut self, value: &mut Value, what: &str, valid: fn(&str) -> bool) {
        let Value::Mapping(map) = value else {
            return;
        };
        let kind = if what.starts_with("a path") {
            Kind::PathItem
        } else {
            Kind::Response
        };
        map.retain(|key, value| {
            let key = key_text(key);
            if key.starts_with("x-") {
                return self.extension(None, &key);
            }
            if !valid(&key) {
                self.report(&key, format!("`{key}` is not {what}"));
                return false;
            }
            self.path.push(key);
            self.node(kind, value);
            self.path.pop();
            true
        });
    }

    /// An unknown key: another tool's extension, a misspelt one of ours, or a mistake.
    fn unknown(&mut self, kind: Kind, key: &str) -> bool {
        if key.starts_with("x-") {
            return self.extension(Some(kind), key);
        }
        let names = table(kind)
            .iter()
            .filter(|k| !k.name.starts_with("x-"))
            .map(|k| k.name);
        let hint = match suggest::closest(key, names) {
            Some(close) => format!("; did you mean `{close}`?"),
            None => String::new(),
        };
        self.report(
            key,
            format!(
                "unknown key `{key}` in {}: not an OpenAPI 3.1 or JSON Schema keyword{hint}",
                kind.describe()
            ),
        );
        false
    }

    /// An extension not defined for `kind`: ours in the wrong place, a misspelling of ours, or
    /// another tool's (ignored). Always taken out of the tree.
    fn extension(&mut self, kind: Option<Kind>, key: &str) -> bool {
        if let Some((_, home)) = own_extensions().find(|(name, _)| *name == key) {
            self.report(
                key,
                format!(
                    "`{key}` belongs in {}, not in {}",
                    home.describe(),
                    kind.map_or("this map", Kind::describe)
                ),
            );
            return false;
        }
        let ours: Vec<(String, &'static str)> = own_extensions()
            .map(|(name, _)| (normalize_extension(name), name))
            .collect();
        let normalized = normalize_extension(key);
        let intended = suggest::closest(&normalized, ours.iter().map(|(n, _)| n.as_str()))
            .and_then(|close| ours.iter().find(|(n, _)| n == close))
            .map(|(_, name)| *name);
        if let Some(name) = intended {
            self.report(
                key,
                format!("unknown extension `{key}`: did you mean `{name}`?"),
            );
        }
        false
    }

    /// Checks the names in `type`; an unknown one is reported (and the key dropped).
    fn type_names(&mut self, value: &Value) -> bool {
        let names: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut ok = true;
        for name in names {
            let known = name
                .as_str()
                .is_some_and(|n| JsonType::ALL.iter().any(|t| t.name() == n));
            if known {
                continue;
            }
            ok = false;
            let text = match name {
                Value::String(s) => format!("`{s}`"),
                Value::Null => "an unquoted null (write `'null'` in quotes)".to_owned(),
                other => format!("`{}`", key_text(other)),
            };
            let hint = name
                .as_str()
                .and_then(|n| suggest::closest(n, JsonType::ALL.iter().map(|t| t.name())))
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            self.report(
                "type",
                format!(
                    "unknown type {text}: `type` takes `string`, `integer`, `number`, `boolean`, `array`, `object` or `'null'`{hint}"
                ),
            );
        }
        ok
    }
}

/// A status code (`200`), a range (`4XX`), or `default`.
fn is_response_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default"
        || (bytes.len() == 3
            && matches!(bytes[0], b'1'..=b'5')
            && (bytes[1..].iter().all(u8::is_ascii_digit) || &bytes[1..] == b"XX"))
}

/// An extension name reduced to letters and digits, so `x-Paginaton` compares with `x-pagination`.
fn normalize_extension(name: &str) -> String {
    name.trim_start_matches("x-")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A mapping key of any scalar type, as text (YAML keys such as `200` are integers).
pub(super) fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec;

    /// The field names a typed struct reads, as serde sees them (after renaming), captured by a
    /// deserializer that asks for a struct and reports the fields it was given.
    fn fields_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
        use serde::de::{self, Visitor};

        #[derive(Debug)]
        struct Captured(String);
        impl std::fmt::Display for Captured {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::error::Error for Captured {}
        impl de::Error for Captured {
            fn custom<M: std::fmt::Display>(message: M) -> Self {
                Captured(message.to_string())
            }
        }
        struct FieldNames;
        impl<'de> de::Deserializer<'de> for FieldNames {
            type Error = Captured;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
                Err(Captured(String::new()))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Captured> {
                Err(Captured(fields.join(" ")))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        match T::deserialize(FieldNames) {
            Err(Captured(names)) => names.split(' ').map(str::to_owned).collect(),
            Ok(_) => Vec::new(),
        }
    }

    fn supported(kind: Kind) -> Vec<String> {
        let mut names: Vec<String> = table(kind)
            .iter()
            .filter(|k| {
                matches!(
                    k.disposition,
                    Disposition::Supported | Disposition::Limited(_)
                )
            })
            .map(|k| k.name.to_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_supported_keywords_are_the_typed_model_fields() {
        let models: [(Kind, Vec<String>); 16] = [
            (Kind::Document, fields_of::<spec::Document>()),
            (Kind::Info, fields_of::<spec::Info>()),
            (Kind::Contact, fields_of::<spec::Contact>()),
            (Kind::License, fields_of::<spec::License>()),
            (Kind::Server, fields_of::<spec::Server>()),
            (Kind::Tag, fields_of::<spec::Tag>()),
            (Kind::Components, fields_of::<spec::Components>()),
            (Kind::PathItem, fields_of::<spec::PathItem>()),
            (Kind::Operation, fields_of::<spec::Operation>()),
            (Kind::Parameter, fields_of::<spec::Parameter>()),
            (Kind::RequestBody, fields_of::<spec::RequestBody>()),
            (Kind::MediaType, fields_of::<spec::MediaType>()),
            (Kind::Response, fields_of::<spec::Response>()),
            (Kind::Schema, fields_of::<spec::Schema>()),
            (Kind::Discriminator, fields_of::<spec::Discriminator>()),
            (Kind::SecurityScheme, fields_of::<spec::SecurityScheme>()),
        ];
        for (kind, mut fields) in models {
            fields.sort();
            assert!(!fields.is_empty(), "{kind:?}: no fields captured");
            assert_eq!(
                supported(kind),
                fields,
                "{kind:?}: the table's supported keywords and the typed model disagree"
            );
        }
    }

    /// `schema/README.md` lists every keyword with what the generator does, as the table says.
    /// With `UPDATE_README=1`, the test rewrites the README's list instead of failing.
    #[test]
    fn the_schema_readme_lists_the_table() {
        const START: &str = "<!-- keywords:start -->\n";
        const END: &str = "<!-- keywords:end -->";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/README.md");
        let readme = std::fs::read_to_string(&path).expect("schema/README.md is readable");
        let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
            panic!("schema/README.md has no `{START}` ... `{END}` block");
        };
        let listed = &readme[start + START.len()..end];
        let expected = format!("{}\n", markdown().trim());
        if listed == expected {
            return;
        }
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!(
                "{}{expected}{}",
                &readme[..start + START.len()],
                &readme[end..]
            );
            std::fs::write(&path, updated).expect("schema/README.md is written");
            return;
        }
        panic!(
            "schema/README.md's keyword list differs from the keyword table; run \
             `UPDATE_README=1 cargo test -p avara-generator the_schema_readme_lists_the_table` \
             and commit the README"
        );
    }

    #[test]
    fn every_keyword_is_listed_once_per_kind() {
        for kind in Kind::ALL {
            let mut names: Vec<&str> = table(kind).iter().map(|k| k.name).collect();
            let count = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), count, "{kind:?} lists a keyword twice");
        }
    }

    fn check_yaml(yaml: &str) -> (Value, Vec<String>) {
        let mut tree: Value = serde_yaml::from_str(yaml).expect("test YAML parses");
        let messages = check(&mut tree)
            .into_iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect();
        (tree, messages)
    }

    #[test]
    fn ignored_keywords_and_other_tools_extensions_leave_the_tree() {
        let (tree, messages) = check_yaml(
            "info: {title: T, termsOfService: https://x.test, x-logo: {url: a}}\nexternalDocs: {url: b}\npaths: {x-internal: true}",
        );
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            serde_yaml::to_string(&tree).expect("prints").trim(),
            "info:\n  title: T\npaths: {}"
        );
    }

    #[test]
    fn unknown_keys_are_reported_with_the_closest_keyword() {
        let (_, messages) = check_yaml(
            "components: {schemas: {A: {type: string, maxLenght: 3, properties: {b: {tpye: string}}}}}",
        );
        assert_eq!(
            messages,
            [
                "/components/schemas/A/maxLenght: unknown key `maxLenght` in a schema: not an OpenAPI 3.1 or JSON Schema keyword; did you mean `maxLength`?",
                "/components/schemas/A/properties/b/tpye: unknown key `tpye` in a schema: not an OpenAPI 3.1 or JSON Schema keyword; did you mean `type`?",
            ]
        );
    }

    #[test]
    fn refused_keywords_say_why() {
        let (_, messages) = check_yaml("components: {schemas: {A: {if: {type: string}}}}");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with(
                "/components/schemas/A/if: `if` is not supported: conditional schemas"
            )
        );
    }

    #[test]
    fn misspelt_and_misplaced_extensions_name_the_intended_one() {
        let (_, messages) = check_yaml(
            "paths: {/a: {get: {x-paginaton: {}, responses: {}}}}\ncomponents: {schemas: {A: {type: string, x-pagination: {}}}}",
        );
        assert_eq!(
            messages,
            [
                "/paths/~1a/get/x-paginaton: unknown extension `x-paginaton`: did you mean `x-pagination`?",
                "/components/schemas/A/x-pagination: `x-pagination` belongs in an operation, not in a schema",
            ]
        );
    }

    #[test]
    fn unknown_type_names_are_reported() {
        let (_, messages) =
            check_yaml("components: {schemas: {A: {type: strin}, B: {type: [string, null]}}}");
        assert_eq!(messages.len(), 2);
        assert!(
            messages[0].contains("unknown type `strin`")
                && messages[0].contains("did you mean `string`?")
        );
        assert!(messages[1].contains("an unquoted null"));
    }

    #[test]
    fn boolean_schemas_are_read() {
        let (tree, messages) =
            check_yaml("components: {schemas: {A: {properties: {any: true, none: false}}}}");
        assert_eq!(
            messages,
            [
                "/components/schemas/A/properties/none: the schema `false` allows no value, so the SDK could neither send nor read one; remove the property"
            ]
        );
        assert_eq!(
            tree["components"]["schemas"]["A"]["properties"]["any"],
            Value::Mapping(serde_yaml::Mapping::new())
        );
    }

    #[test]
    fn patterned_keys_are_checked() {
        let (_, messages) =
            check_yaml("paths: {v1/a: {}, /b: {get: {responses: {'200': {}, ok: {}}}}}");
        assert_eq!(
            messages,
            [
                "/paths/v1~1a: `v1/a` is not a path template starting with `/`",
                "/paths/~1b/get/responses/ok: `ok` is not a status code (`200`, `4XX`) or `default`",
            ]
        );
    }
}
