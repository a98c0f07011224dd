//! Property tests: the loader and lowering never panic on mutated or truncated schemas, and every
//! error they return is located (a line and column in the file, and a JSON pointer).

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
        Ok(_) => Ok(true),
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

#[test]
fn the_unmutated_fixtures_generate() {
    for name in [
        "tests/fixtures/small.yaml",
        "tests/fixtures/full.yaml",
        "schema/openapi.yaml",
    ] {
        assert_eq!(check(&fixture(name)).ok(), Some(true), "{name}");
    }
}
