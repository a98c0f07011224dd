//! Reading a schema file into a [`Document`], with errors located by line, column and pointer.
//!
//! Loading happens in two steps. The YAML is first parsed into an untyped tree, so syntax errors
//! come straight from the parser with their position. The tree is then deserialized into the typed
//! model through `serde_path_to_error`, which names the path of a wrong or unknown key; [`locate`]
//! turns that path back into a line and column.

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
    let tree: serde_yaml::Value = serde_yaml::from_str(source).map_err(|e| {
        // Problems of the whole file (such as several documents) have no position of their own.
        let line_col = e
            .location()
            .map(|l| (l.line(), l.column()))
            .or(Some((1, 1)));
        fail(Diagnostic {
            pointer: String::new(),
            line_col,
            message: format!("invalid YAML: {e}"),
        })
    })?;
    check_version(&tree).map_err(|d| fail(locate_diagnostic(source, d)))?;
    let document = serde_path_to_error::deserialize::<_, Document>(tree).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let message = describe_serde_error(e.inner());
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

/// Rewords serde's messages where they would mislead a schema author.
fn describe_serde_error(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
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
    text
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
        Ok(ScalarKey(match value {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            other => serde_yaml::to_string(&other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        }))
    }
}
