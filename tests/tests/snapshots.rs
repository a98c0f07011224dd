//! Snapshot tests of the generator's output.
//!
//! Every file emitted for each fixture schema in `tests/fixtures/` is snapshotted (the runtime
//! modules, which do not depend on the schema, once), with the lowered IR of each fixture and of
//! the Avara schema.
//! A snapshot file that no test refers to any more fails the run, so stale snapshots cannot pile
//! up. Review changes with `cargo insta review`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

fn fixtures() -> Vec<(String, String)> {
    let dir = repo().join("tests/fixtures");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let stem = p
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (
                stem,
                std::fs::read_to_string(&p).expect("fixture is readable"),
            )
        })
        .collect();
    out.sort();
    out
}

fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace(['/', '.'], "_"))
}

/// One test holds every assertion, so it knows every snapshot name and can reject the rest.
#[test]
fn generated_files_match_snapshots() {
    let mut names = BTreeSet::new();
    let mut runtime_done = BTreeSet::new();
    for (fixture, source) in fixtures() {
        let label = format!("tests/fixtures/{fixture}.yaml");
        let api = generator::lower_source(&source, &label)
            .unwrap_or_else(|e| panic!("fixture {fixture} should lower: {e}"));
        let ir = serde_json::to_string_pretty(&api).expect("the IR serializes");
        let name = format!("{fixture}__ir");
        insta::assert_snapshot!(name.clone(), ir);
        names.insert(name);
        let files = generator::generate_source(&source, &label)
            .unwrap_or_else(|e| panic!("fixture {fixture} should generate: {e}"));
        for (path, contents) in &files {
            // A runtime file is the same in every crate that has it: snapshotted once.
            let name = if generator::emit::is_runtime_file(path) {
                if !runtime_done.insert(path.clone()) {
                    continue;
                }
                snapshot_name("runtime", path)
            } else {
                snapshot_name(&fixture, path)
            };
            insta::assert_snapshot!(name.clone(), contents);
            names.insert(name);
        }
    }

    let source =
        std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("schema exists");
    let api =
        generator::lower_source(&source, "schema/openapi.yaml").expect("the Avara schema lowers");
    let ir = serde_json::to_string_pretty(&api).expect("the IR serializes");
    insta::assert_snapshot!("avara_ir", ir);
    names.insert("avara_ir".to_owned());

    let dir = repo().join("tests/tests/snapshots");
    let unreferenced: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshot directory exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|f| {
            Some(
                f.strip_prefix("snapshots__")?
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

/// The test files that keep insta snapshots; each checks that it refers to all of its own.
const SNAPSHOT_OWNERS: [&str; 3] = ["snapshots", "invalid_schemas", "api_diff"];

/// No snapshot outside the checked ones: a `.snap` file anywhere else under `tests/`, or in the
/// snapshot directory under another test's name, or a pending `.snap.new`, fails the run.
#[test]
fn every_snapshot_file_belongs_to_a_test_that_checks_it() {
    let tests = repo().join("tests");
    let snapshot_dir = tests.join("tests/snapshots");
    let mut stray = Vec::new();
    let mut stack = vec![tests];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let is_snapshot = name.ends_with(".snap")
                || name.ends_with(".snap.new")
                || name.ends_with(".pending-snap");
            let owned = path.parent() == Some(snapshot_dir.as_path())
                && name.ends_with(".snap")
                && SNAPSHOT_OWNERS
                    .iter()
                    .any(|owner| name.starts_with(&format!("{owner}__")));
            if is_snapshot && !owned {
                stray.push(path.display().to_string());
            }
        }
    }
    stray.sort();
    assert!(
        stray.is_empty(),
        "snapshot files no test checks (accept or reject pending ones with `cargo insta review`, \
         delete stale ones): {stray:?}"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let source =
        std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("schema exists");
    let first = generator::generate_source(&source, "schema/openapi.yaml").expect("generates");
    let second = generator::generate_source(&source, "schema/openapi.yaml").expect("generates");
    assert_eq!(first, second);
}

#[test]
fn every_file_carries_the_generated_header() {
    let source =
        std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("schema exists");
    let files = generator::generate_source(&source, "schema/openapi.yaml").expect("generates");
    for (path, contents) in &files {
        let first = contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated by `cargo xtask codegen` from schema/openapi.yaml"),
            "{path} starts with {first:?}"
        );
    }
}
