//! Every fixture schema must produce a crate that compiles cleanly: no errors, no warnings, no
//! clippy findings, and doc examples that compile. The crates are generated into
//! `target/fixture-crates/` as one small workspace (sharing the repository's lock file, so
//! dependency versions match), checked with clippy, and their doctests built.
//!
//! A fixture `X.yaml` may come with behaviour tests, `X.behaviour.rs`: they become the test of a
//! crate `X-behaviour` in the same workspace that depends on the generated crate, and run here.

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
    let mut behaviour = Vec::new();
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
        let tests = path.with_extension("behaviour.rs");
        if tests.exists() {
            let crate_name = crate_name(&files);
            let package = write_behaviour_crate(&workspace, &stem, &crate_name, &tests);
            members.push(format!("{:?}", format!("{stem}-behaviour")));
            behaviour.push(package);
        }
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
        "--all-features",
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
    let doctests = cargo(&["test", "--workspace", "--all-features", "--doc", "--quiet"]);
    assert!(
        doctests.status.success(),
        "a fixture crate's doc examples do not compile:\n{}\n{}",
        String::from_utf8_lossy(&doctests.stdout),
        String::from_utf8_lossy(&doctests.stderr)
    );
    let mut args = vec!["test", "--quiet"];
    for package in &behaviour {
        args.extend(["-p", package.as_str()]);
    }
    if !behaviour.is_empty() {
        let tests = cargo(&args);
        assert!(
            tests.status.success(),
            "a fixture crate's behaviour tests fail:\n{}\n{}",
            String::from_utf8_lossy(&tests.stdout),
            String::from_utf8_lossy(&tests.stderr)
        );
        let ran = String::from_utf8_lossy(&tests.stdout);
        let some_ran = ran
            .lines()
            .any(|l| l.starts_with("test result: ok.") && !l.contains(" 0 passed"));
        assert!(some_ran, "no behaviour test ran:\n{ran}");
    }
}

/// The package name in a generated crate's manifest.
fn crate_name(files: &generator::Files) -> String {
    let manifest = files
        .get("Cargo.toml")
        .expect("a generated crate has a manifest");
    let parsed: toml::Table = toml::from_str(manifest).expect("the manifest is TOML");
    parsed["package"]["name"]
        .as_str()
        .expect("the package has a name")
        .to_owned()
}

/// Writes the crate that runs `tests` against the generated crate `dependency` in `stem/`, and
/// returns its package name.
fn write_behaviour_crate(workspace: &Path, stem: &str, dependency: &str, tests: &Path) -> String {
    let package = format!("{stem}-behaviour");
    let dir = workspace.join(&package);
    std::fs::create_dir_all(dir.join("tests")).expect("the behaviour crate's directory is made");
    std::fs::create_dir_all(dir.join("src")).expect("the behaviour crate's directory is made");
    let manifest = format!(
        "[package]\nname = {package:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dev-dependencies]\n{dependency} = {{ path = \"../{stem}\" }}\nserde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         wiremock = \"0.6\"\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest is written");
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Behaviour tests of a generated fixture crate.\n",
    )
    .expect("the library is written");
    std::fs::copy(tests, dir.join("tests/behaviour.rs")).expect("the tests are copied");
    package
}
