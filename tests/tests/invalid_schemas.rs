//! Broken schemas: each fixture in `tests/fixtures/invalid/` has one kind of mistake, and its
//! error message is snapshotted. `cargo xtask codegen` must fail on each, name the schema file,
//! and leave the output directory exactly as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

fn invalid_fixtures() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(repo().join("tests/fixtures/invalid"))
        .expect("tests/fixtures/invalid exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_broken_schema_gets_a_located_message() {
    let mut names = BTreeSet::new();
    for (name, path) in invalid_fixtures() {
        let source = std::fs::read_to_string(&path).expect("fixture is readable");
        let label = format!("tests/fixtures/invalid/{name}.yaml");
        let error = match generator::generate_source(&source, &label) {
            Ok(_) => panic!("{label} should be rejected"),
            Err(error) => error,
        };
        if let generator::Error::Schema(errors) = &error {
            for d in &errors.diagnostics {
                assert!(
                    d.line_col.is_some(),
                    "{label}: diagnostic at #{} has no line and column",
                    d.pointer
                );
            }
        } else {
            panic!("{label}: expected a schema error, got {error}");
        }
        insta::assert_snapshot!(name.clone(), error.to_string());
        names.insert(name);
    }
    let unreferenced: Vec<String> = std::fs::read_dir(repo().join("tests/tests/snapshots"))
        .expect("snapshot directory exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            Some(
                file.strip_prefix("invalid_schemas__")?
                    .strip_suffix(".snap")?
                    .to_owned(),
            )
        })
        .filter(|name| !names.contains(name))
        .collect();
    assert!(
        unreferenced.is_empty(),
        "snapshot files no test refers to (delete them): {unreferenced:?}"
    );
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("directory is readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.clone(),
                    std::fs::read(&path).expect("file is readable"),
                );
            }
        }
    }
    out
}

#[test]
fn xtask_codegen_fails_and_leaves_the_output_untouched() {
    let root = repo();
    let out = root.join("target/invalid-schemas-out");
    let _ = std::fs::remove_dir_all(&out);
    let small = root.join("tests/fixtures/small.yaml");
    let files =
        generator::generate(&small, "tests/fixtures/small.yaml").expect("small fixture generates");
    generator::output::write(&out, &files).expect("output is written");
    let before = tree(&out);
    for (name, _) in invalid_fixtures() {
        let schema = format!("tests/fixtures/invalid/{name}.yaml");
        let output = Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "codegen",
                "--schema",
                &schema,
                "--out",
            ])
            .arg(&out)
            .current_dir(&root)
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{schema}: exit status; stderr:\n{stderr}"
        );
        assert!(
            stderr.contains(&schema),
            "{schema}: the message names the file:\n{stderr}"
        );
        assert_eq!(tree(&out), before, "{schema}: the output directory changed");
    }
}
