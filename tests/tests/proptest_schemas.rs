//! Property tests: the loader and lowering never panic on mutated or truncated schemas, and every
//! error they return is located (a line and column in the file, and a JSON pointer). When
//! generation succeeds, every emitted `.rs` file parses as Rust and `Cargo.toml` parses as TOML,
//! and the settings read back from both are exactly the schema's text: quotes, backslashes,
//! newlines and other odd characters are escaped, never pasted.

use std::path::Path;

use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Runs the whole pipeline, checking the properties; returns whether generation succeeded.
fn check(source: &str) -> Result<bool, TestCaseError> {
    match generator::generate_source(source, "fuzz.yaml") {
        Ok(files) => {
            check_output(source, &files)?;
            Ok(true)
        }
        Err(generator::Error::Schema(errors)) => {
            prop_assert!(!errors.diagnostics.is_empty());
            for d in &errors.diagnostics {
                prop_assert!(d.line_col.is_some(), "unlocated diagnostic: {d:?}");
                prop_assert!(!d.message.is_empty());
            }
            let text = errors.to_string();
            prop_assert!(
                text.starts_with("fuzz.yaml:"),
                "message does not name the file: {text}"
            );
            Ok(false)
        }
        Err(other) => Err(TestCaseError::fail(format!("not a schema error: {other}"))),
    }
}

/// The generated files read back: Rust parses, the manifest parses, and settings round-trip.
fn check_output(source: &str, files: &generator::Files) -> Result<(), TestCaseError> {
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".rs")) {
        if let Err(e) = syn::parse_file(text) {
            return Err(TestCaseError::fail(format!("{path} is not Rust: {e}")));
        }
    }
    let schema: Value =
        serde_yaml::from_str(source).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let sdk = |key: &str| schema["x-sdk"][key].as_str().unwrap_or_default().to_owned();
    let manifest: toml::Table = files["Cargo.toml"]
        .parse()
        .map_err(|e| TestCaseError::fail(format!("Cargo.toml is not TOML: {e}")))?;
    let package = &manifest["package"];
    for (toml_key, sdk_key) in [
        ("name", "crateName"),
        ("version", "crateVersion"),
        ("description", "crateDescription"),
        ("license", "license"),
    ] {
        let expected = sdk(sdk_key);
        prop_assert_eq!(package[toml_key].as_str(), Some(expected.as_str()));
    }
    let config = string_consts(&files["src/config.rs"])?;
    let env = |key: &str| {
        schema["x-sdk"]["env"][key]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    prop_assert_eq!(&config["API_KEY_ENV"], &env("apiKey"));
    prop_assert_eq!(&config["BASE_URL_ENV"], &env("baseUrl"));
    prop_assert_eq!(&config["CUSTOM_HEADERS_ENV"], &env("customHeaders"));
    Ok(())
}

/// The `&str` constants of a Rust file, by name, with their values.
fn string_consts(text: &str) -> Result<std::collections::BTreeMap<String, String>, TestCaseError> {
    let file = syn::parse_file(text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Const(c) => match &*c.expr {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some((c.ident.to_string(), s.value())),
                _ => None,
            },
            _ => None,
        })
        .collect())
}

/// Text that breaks string literals, comments, TOML and headers when pasted unescaped.
const ODD: &[&str] = &[
    "\"", "\\", "\n", "\r\n", "\r", "\t", "'", "`", "{", "}", "[", "]", "#", ": ", " ", "*/", "/*",
    "//", "$", "%", "\"#", "r#\"", "\u{0}", "\u{7f}", "\u{85}", "\u{200b}", "\u{2028}", "\u{feff}",
    "é", "ü", "\\u{41}", "\"\"\"", "\n\n",
];

/// Inserts `ODD[choice % ODD.len()]` into the string at `path`, or into its key when `rename`.
fn insert_odd(root: &mut Value, path: &[Value], choice: usize, rename: bool) {
    let odd = ODD[choice % ODD.len()];
    let spliced = |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        let at = (choice / ODD.len()) % (chars.len() + 1);
        let mut out: String = chars[..at].iter().collect();
        out.push_str(odd);
        out.extend(&chars[at..]);
        out
    };
    if rename {
        let Some((last, parent_path)) = path.split_last() else {
            return;
        };
        if let (Some(Value::Mapping(parent)), Some(key)) =
            (node_mut(root, parent_path), last.as_str())
        {
            let renamed = spliced(key);
            if let Some(v) = parent.remove(last) {
                parent.insert(Value::from(renamed), v);
            }
        }
        return;
    }
    if let Some(Value::String(text)) = node_mut(root, path) {
        *text = spliced(text);
    }
}

/// Every node of a YAML tree, as a path of keys and indices.
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                prefix.push(k.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Value::from(i as u64));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(root: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut node = root;
    for key in path {
        node = match (node, key) {
            (Value::Sequence(items), Value::Number(n)) => items.get_mut(n.as_u64()? as usize)?,
            (Value::Mapping(map), key) => map.get_mut(key)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Applies mutation `kind` at the node `path` of `root`.
fn mutate(root: &mut Value, path: &[Value], kind: u8) {
    let replacement = match kind % 10 {
        0 => Value::Null,
        1 => Value::from("x"),
        2 => Value::from(7),
        3 => Value::from(true),
        4 => Value::Mapping(Mapping::new()),
        5 => Value::Sequence(vec![Value::from("null")]),
        6 => Value::from("#/components/schemas/Nowhere"),
        _ => {
            // Structural mutations on the parent: remove the key, rename it, or add a stranger.
            let Some((last, parent_path)) = path.split_last() else {
                return;
            };
            if let Some(Value::Mapping(parent)) = node_mut(root, parent_path) {
                match kind % 10 {
                    7 => {
                        parent.remove(last);
                    }
                    8 => {
                        if let Some(v) = parent.remove(last) {
                            let renamed = format!("{}X", last.as_str().unwrap_or("k"));
                            parent.insert(Value::from(renamed), v);
                        }
                    }
                    _ => {
                        parent.insert(Value::from("x-unknown"), Value::from(1));
                    }
                }
            }
            return;
        }
    };
    if let Some(node) = node_mut(root, path) {
        *node = replacement;
    }
}

fn mutated_fixture(name: &'static str) -> impl Strategy<Value = String> {
    let tree: Value = serde_yaml::from_str(&fixture(name)).expect("fixture parses");
    let mut all = Vec::new();
    paths(&tree, &mut Vec::new(), &mut all);
    let count = all.len();
    prop::collection::vec((0..count, any::<u8>()), 1..4).prop_map(move |mutations| {
        let mut doc = tree.clone();
        for (index, kind) in mutations {
            mutate(&mut doc, &all[index], kind);
        }
        serde_yaml::to_string(&doc).unwrap_or_default()
    })
}

/// Strategy: the fixture with one to three odd strings spliced into string values or keys;
/// `under` limits the places to paths that start with one of those top-level keys.
fn odd_strings(
    name: &'static str,
    under: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let tree: Value = serde_yaml::from_str(&fixture(name)).expect("fixture parses");
    let mut all = Vec::new();
    paths(&tree, &mut Vec::new(), &mut all);
    let places: Vec<Vec<Value>> = all
        .into_iter()
        .filter(|p| {
            under.is_empty()
                || p.first()
                    .and_then(Value::as_str)
                    .is_some_and(|k| under.contains(&k))
        })
        .collect();
    let count = places.len();
    prop::collection::vec((0..count, any::<usize>(), any::<bool>()), 1..4).prop_map(
        move |mutations| {
            let mut doc = tree.clone();
            for (index, choice, rename) in mutations {
                insert_odd(&mut doc, &places[index], choice, rename);
            }
            serde_yaml::to_string(&doc).unwrap_or_default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_small_schemas_never_panic(source in mutated_fixture("tests/fixtures/small.yaml")) {
        check(&source)?;
    }

    #[test]
    fn mutated_feature_schemas_never_panic(source in mutated_fixture("tests/fixtures/full.yaml")) {
        check(&source)?;
    }

    #[test]
    fn mutated_hostile_schemas_never_panic(source in mutated_fixture("tests/fixtures/hostile.yaml")) {
        check(&source)?;
    }

    #[test]
    fn mutated_avara_schemas_never_panic(source in mutated_fixture("schema/openapi.yaml")) {
        check(&source)?;
    }

    #[test]
    fn odd_characters_in_settings_are_escaped_or_rejected(
        source in odd_strings("tests/fixtures/small.yaml", &["info", "servers", "x-sdk"])
    ) {
        check(&source)?;
    }

    #[test]
    fn odd_characters_in_feature_schemas_are_escaped_or_rejected(
        source in odd_strings("tests/fixtures/full.yaml", &[])
    ) {
        check(&source)?;
    }

    #[test]
    fn odd_characters_in_hostile_schemas_are_escaped_or_rejected(
        source in odd_strings("tests/fixtures/hostile.yaml", &[])
    ) {
        check(&source)?;
    }

    #[test]
    fn truncated_schemas_never_panic(cut in 0usize..100_000) {
        let text = fixture("tests/fixtures/full.yaml");
        let mut end = cut % (text.len() + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        check(&text[..end])?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(&text)?;
    }
}

/// Exhaustive where it is cheap: every odd fragment in every string and key of the settings
/// (`info`, `servers`, `x-sdk`) of the small fixture, one at a time.
#[test]
fn every_odd_fragment_in_every_setting_is_escaped_or_rejected() {
    let tree: Value =
        serde_yaml::from_str(&fixture("tests/fixtures/small.yaml")).expect("fixture parses");
    let mut all = Vec::new();
    paths(&tree, &mut Vec::new(), &mut all);
    let settings = all.into_iter().filter(|p| {
        p.first()
            .and_then(Value::as_str)
            .is_some_and(|k| ["info", "servers", "x-sdk"].contains(&k))
    });
    for path in settings {
        for (choice, odd) in ODD.iter().enumerate() {
            for rename in [false, true] {
                let mut doc = tree.clone();
                // `choice + ODD.len()` splices after the first character, `choice` before it.
                insert_odd(&mut doc, &path, choice + ODD.len(), rename);
                let source = serde_yaml::to_string(&doc).unwrap_or_default();
                if let Err(e) = check(&source) {
                    panic!("{path:?} with {odd:?} (rename: {rename}): {e}");
                }
            }
        }
    }
}

#[test]
fn the_unmutated_fixtures_generate() {
    for name in [
        "tests/fixtures/small.yaml",
        "tests/fixtures/full.yaml",
        "tests/fixtures/hostile.yaml",
        "schema/openapi.yaml",
    ] {
        assert_eq!(check(&fixture(name)).ok(), Some(true), "{name}");
    }
}
