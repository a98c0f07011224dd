//! Every fixture schema must produce a crate that compiles cleanly: no errors, no warnings, no
//! clippy findings, and doc examples that compile. The crates are generated into
//! `target/fixture-crates/` as one small workspace (sharing the repository's lock file, so
//! dependency versions match), checked with clippy, and their doctests built.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

#[test]
fn fixture_crates_pass_clippy_with_warnings_denied() {
    let root = repo();
    let workspace = root.join("target/fixture-crates");
    let mut members = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    for path in entries {
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let label = format!("tests/fixtures/{stem}.yaml");
        let files = generator::generate(&path, &label).unwrap_or_else(|e| panic!("{label}: {e}"));
        generator::output::write(&workspace.join(&stem), &files).expect("fixture crate is written");
        members.push(format!("{stem:?}"));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).expect("workspace manifest is written");
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .expect("lock file is copied");

    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&workspace)
            .env(
                "CARGO_TARGET_DIR",
                root.join("target/fixture-crates-target"),
            )
            .output()
            .expect("cargo runs")
    };
    let clippy = cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        clippy.status.success(),
        "a fixture crate does not compile cleanly:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    // Every method, the crate root and the runtime carry examples naming the fixture's own crate;
    // they are `no_run`, so this compiles them without sending anything.
    let doctests = cargo(&["test", "--workspace", "--doc", "--quiet"]);
    assert!(
        doctests.status.success(),
        "a fixture crate's doc examples do not compile:\n{}\n{}",
        String::from_utf8_lossy(&doctests.stdout),
        String::from_utf8_lossy(&doctests.stderr)
    );
}
