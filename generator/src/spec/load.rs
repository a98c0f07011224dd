//! Reading a schema file into a [`Document`], with errors located by line, column and pointer.
//!
//! Loading happens in three steps. The YAML is first parsed into an untyped tree, so syntax errors
//! come straight from the parser with their position. The keyword walk ([`super::keywords`])
//! then checks every key against OpenAPI 3.1 and JSON Schema 2020-12, reports all the problems it
//! finds at once, and takes out what the typed model does not read. Last, the tree is
//! deserialized into the typed model; when that fails, it is deserialized again through
//! `serde_path_to_error`, which names the path of a wrong value, and [`locate`] turns that path
//! back into a line and column. Tracking paths costs time on every node, so only a schema that
//! has a problem pays for it.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Document;
use crate::error::{Diagnostic, SchemaErrors, escape_pointer_segment};

/// A loaded schema: the typed document and the text it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The typed document.
    pub document: Document,
    /// The YAML source, kept to locate later diagnostics.
    pub source: String,
    /// The file name used in messages.
    pub file: String,
}

/// Parses `source` (read from `file`) into a [`Document`].
pub fn load(source: &str, file: &str) -> Result<Loaded, SchemaErrors> {
    let fail = |diagnostic: Diagnostic| SchemaErrors {
        file: file.to_owned(),
        diagnostics: vec![diagnostic],
    };
    if source.trim().is_empty() {
        return Err(fail(Diagnostic {
            pointer: String::new(),
            line_col: Some((1, 1)),
            message: "the schema file is empty; expected an OpenAPI 3.1 document".into(),
        }));
    }
    let mut tree: serde_yaml::Value = serde_yaml::from_str(source).map_err(|e| {
        // Problems of the whole file (such as several documents) have no position of their own.
        let line_col = e
            .location()
            .map(|l| (l.line(), l.column()))
            .or(Some((1, 1)));
        fail(Diagnostic {
            pointer: String::new(),
            line_col,
            message: format!("invalid YAML: {}", describe_yaml_error(&e.to_string())),
        })
    })?;
    check_version(&tree).map_err(|d| fail(locate_diagnostic(source, d)))?;
    check_root_keys(&tree, source).map_err(fail)?;
    let problems = super::keywords::check(&mut tree);
    if !problems.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = problems
            .into_iter()
            .map(|d| locate_diagnostic(source, d))
            .collect();
        diagnostics.sort_by_key(|d| d.line_col.unwrap_or((usize::MAX, usize::MAX)));
        return Err(SchemaErrors {
            file: file.to_owned(),
            diagnostics,
        });
    }
    if let Ok(document) = Document::deserialize(&tree) {
        return Ok(Loaded {
            document,
            source: source.to_owned(),
            file: file.to_owned(),
        });
    }
    let document = serde_path_to_error::deserialize::<_, Document>(tree).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let message = describe_serde_error(e.inner(), e.path());
        fail(locate_diagnostic(source, Diagnostic::new(pointer, message)))
    })?;
    Ok(Loaded {
        document,
        source: source.to_owned(),
        file: file.to_owned(),
    })
}

/// Fills in the line and column of a diagnostic from the YAML source.
pub fn locate_diagnostic(source: &str, mut diagnostic: Diagnostic) -> Diagnostic {
    if diagnostic.line_col.is_none() {
        diagnostic.line_col = locate(source, &diagnostic.pointer);
    }
    diagnostic
}

/// Rejects documents that are not OpenAPI 3.1 before the typed model reports confusing errors.
fn check_version(tree: &serde_yaml::Value) -> Result<(), Diagnostic> {
    let Some(map) = tree.as_mapping() else {
        return Err(Diagnostic::new(
            "",
            "expected an OpenAPI document (a YAML mapping at the top level)",
        ));
    };
    match map.get("openapi") {
        None if map.contains_key("swagger") => Err(Diagnostic::new(
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.1 (`openapi: 3.1.0`)",
        )),
        None => Err(Diagnostic::new(
            "",
            "missing `openapi` key; expected `openapi: 3.1.0`",
        )),
        Some(serde_yaml::Value::String(v)) if v.starts_with("3.1") => Ok(()),
        Some(v) => Err(Diagnostic::new(
            "/openapi",
            format!(
                "unsupported OpenAPI version {}; this generator reads OpenAPI 3.1 (`openapi: 3.1.0`)",
                serde_yaml::to_string(v).unwrap_or_default().trim()
            ),
        )),
    }
}

/// The keys every document needs, and what each one holds.
const ROOT_KEYS: &[(&str, &str)] = &[
    ("info", "the API's title and version"),
    (
        "x-sdk",
        "the settings of the generated crate, see schema/README.md",
    ),
];

/// OpenAPI 3.1 asks for at least one of these.
const CONTENT_KEYS: [&str; 3] = ["paths", "webhooks", "components"];

/// Names every missing top-level key at once; a file that stops mid-line is said to look cut off,
/// and the message points at its end.
fn check_root_keys(tree: &serde_yaml::Value, source: &str) -> Result<(), Diagnostic> {
    let mut missing: Vec<String> = ROOT_KEYS
        .iter()
        .filter(|(key, _)| tree.get(key).is_none())
        .map(|(key, what)| format!("`{key}` ({what})"))
        .collect();
    if CONTENT_KEYS.iter().all(|key| tree.get(key).is_none()) {
        missing.push("`paths` (the operations; or `webhooks` or `components`)".to_owned());
    }
    if missing.is_empty() {
        return Ok(());
    }
    let plural = if missing.len() > 1 { "keys" } else { "key" };
    let mut message = format!("missing required {plural} {}", missing.join(", "));
    let mut line_col = (1, 1);
    if !source.ends_with('\n') {
        message.push_str("; the file ends here without a final newline, so it looks cut off");
        let last = source.lines().last().unwrap_or_default();
        line_col = (source.lines().count().max(1), last.chars().count() + 1);
    }
    Err(Diagnostic {
        pointer: String::new(),
        line_col: Some(line_col),
        message,
    })
}

/// Rewords serde's messages where they would mislead a schema author: names the key and says in
/// plain words what it takes.
fn describe_serde_error(error: &serde_yaml::Error, path: &serde_path_to_error::Path) -> String {
    let text = error.to_string();
    let key = last_key(path);
    if let Some(rest) = text.strip_prefix("missing field ") {
        return format!("missing required key {rest}");
    }
    if let Some(rest) = text.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let hint = if field.trim_matches('`').starts_with("x-") {
            "an extension this generator does not define (see schema/README.md)"
        } else {
            "a keyword this generator does not support"
        };
        let expected = expected.trim_start_matches(" one of").trim();
        return format!("unknown key {field}: {hint}; supported here: {expected}");
    }
    if let Some(rest) = text.strip_prefix("unknown variant ") {
        return format!("`{key}` does not take {rest}");
    }
    if text.contains("untagged enum TypeSet") {
        return "`type` must be a type name, or a list of one type and \"null\" such as `[string, \"null\"]`".into();
    }
    if text.contains("untagged enum AdditionalProperties") {
        return "`additionalProperties` must be `true`, `false` or a schema".into();
    }
    let found_expected = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "))
        .and_then(|rest| rest.split_once(", expected "));
    match found_expected {
        Some((found, _)) if key.starts_with("exclusiveM") && found.starts_with("boolean") => {
            format!(
                "`{key}` is a number in OpenAPI 3.1 (the bound itself), not the 3.0 boolean; write `{key}: 0` in place of `{}: 0` and `{key}: true`",
                if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                }
            )
        }
        Some((found, expected)) => format!(
            "`{key}` must be {}, not {}",
            plain_expected(expected),
            plain_found(found)
        ),
        None => text,
    }
}

/// The last key of a path (or `entry N of key` for a list item), as the message's subject.
fn last_key(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path
        .iter()
        .filter(|s| !matches!(s, Segment::Unknown))
        .collect();
    let name = |s: &Segment| match s {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => String::new(),
    };
    match segments.as_slice() {
        [.., parent, Segment::Seq { index }] => format!("{}[{index}]", name(parent)),
        [.., last] => name(last),
        [] => "the document".into(),
    }
}

/// What serde expected, in the words of a YAML author.
fn plain_expected(expected: &str) -> String {
    let plain = match expected {
        "a sequence" => "a list (such as `[a, b]` or one `- item` per line)",
        "a map" => "a mapping of keys to values",
        "a string" => "a string (quote it if YAML reads it as a number or boolean)",
        "a boolean" => "`true` or `false`",
        "u64" | "u32" => "a whole number, 0 or more",
        "a JSON number" => "a number",
        other if other.starts_with("struct ") => "a mapping of keys to values",
        other => other,
    };
    plain.to_owned()
}

/// What serde found, in the words of a YAML author.
fn plain_found(found: &str) -> String {
    match found {
        "unit value" => "empty (null)".into(),
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        other => format!("the {other}"),
    }
}

/// Rewords libyaml's message: drops the position the prefix already gives, and says how to fix
/// the common mistakes.
fn describe_yaml_error(text: &str) -> String {
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text, None),
    };
    let problem = problem.split(" at line ").next().unwrap_or(problem);
    let opened_at = |what: &str| {
        context
            .and_then(|c| c.strip_prefix(what))
            .map(|at| at.replace(" column ", ", column "))
    };
    if let Some(at) = opened_at("parsing a flow sequence at ") {
        return format!(
            "the `[` at {at} is never closed; add the missing `]`, or quote the value if the bracket is text"
        );
    }
    if let Some(at) = opened_at("parsing a flow mapping at ") {
        return format!(
            "the `{{` at {at} is never closed; add the missing `}}`, or quote the value if the brace is text"
        );
    }
    let hint = if problem.contains("mapping values are not allowed") {
        "; a value contains `: `, so quote the value"
    } else if problem.contains("cannot start any plain token") {
        "; the value starts with a character YAML reserves (such as `@`, `%` or a backtick), so quote it"
    } else if problem.contains("tab") {
        "; indent with spaces, YAML does not allow tabs there"
    } else if problem.contains("did not find expected key") {
        "; check the indentation of this line against the keys around it"
    } else if problem.contains("duplicate entry") {
        "; a key may appear only once in a mapping"
    } else if problem.contains("unexpected end of stream") {
        "; the file ends inside a quoted value or block, so it looks cut off"
    } else {
        ""
    };
    format!("{problem}{hint}")
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&escape_pointer_segment(&text));
    }
    pointer
}

/// Finds the 1-based line and column of the node at a JSON pointer in YAML text.
///
/// It walks the YAML with a deserializer that skips every sibling and, on reaching the node, fails
/// on purpose: the YAML parser stamps that failure with the node's position. When the pointer
/// leads nowhere (a missing key), the nearest existing ancestor is located instead.
pub fn locate(source: &str, pointer: &str) -> Option<(usize, usize)> {
    if pointer.is_empty() {
        return Some((1, 1));
    }
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .trim_start_matches('/')
            .split('/')
            .map(unescape)
            .collect()
    };
    (0..=segments.len())
        .rev()
        .find_map(|depth| locate_exact(source, &segments[..depth]))
}

const FOUND: &str = "\u{0}found";

fn locate_exact(source: &str, segments: &[String]) -> Option<(usize, usize)> {
    let deserializer = serde_yaml::Deserializer::from_str(source);
    match Seek(segments).deserialize(deserializer) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

struct Seek<'a>(&'a [String]);

impl<'de> DeserializeSeed<'de> for Seek<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.0.is_empty() {
            // Consuming the node makes the parser stamp the failure with the node's own position.
            return deserializer.deserialize_any(Found);
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seek<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.0.split_first() else {
            return Ok(());
        };
        while let Some(key) = map.next_key::<ScalarKey>()? {
            if &key.0 == wanted {
                return map.next_value_seed(Seek(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.0.split_first() else {
            return Ok(());
        };
        let Ok(wanted) = wanted.parse::<usize>() else {
            return Ok(());
        };
        let mut index = 0;
        loop {
            if index == wanted {
                return seq.next_element_seed(Seek(rest)).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Fails on whatever node it is given, so that the failure carries that node's position.
struct Found;

impl<'de> Visitor<'de> for Found {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
}

/// A mapping key of any scalar type, as text (YAML keys such as `200` are integers).
struct ScalarKey(String);

impl<'de> de::Deserialize<'de> for ScalarKey {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        Ok(ScalarKey(super::keywords::key_text(&value)))
    }
}
