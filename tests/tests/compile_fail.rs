//! A request builder with a required field left unset does not compile, and the compiler's
//! message names the field and the setter to call.
//!
//! Each case is a tiny crate in `target/compile-fail/` that depends on `avara`, built with the
//! fixture crates' target directory (the same lock file, so the dependencies are built once).
//! A case that must compile runs beside the one that must not, so a failure cannot come from
//! anything else.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

/// Builds `main` as the binary of a crate called `name` and returns cargo's output.
fn build(name: &str, main: &str) -> Output {
    build_with(name, main, &["test-util", "webhooks"])
}

/// Builds `main` against `avara` with exactly these features (and its default ones).
fn build_with(name: &str, main: &str, features: &[&str]) -> Output {
    let root = repo();
    let dir = root.join("target/compile-fail").join(name);
    std::fs::create_dir_all(dir.join("src")).expect("the case's directory is made");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\navara = {{ path = {:?}, features = {features:?} }}\n\
         serde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest is written");
    std::fs::write(dir.join("src/main.rs"), main).expect("the case is written");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lock is copied");
    Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            root.join("target/fixture-crates-target"),
        )
        .output()
        .expect("cargo runs")
}

/// A `Create` with `severity` and `study_description` set, and `study_instance_uid` set or not.
fn create_study(set_uid: &str) -> String {
    format!(
        r#"#[allow(dead_code)]
async fn create(client: avara::Client, uid: avara::models::StudyInstanceUid) -> avara::Result<()> {{
    client
        .viewer()
        .studies()
        .create()
        .severity(avara::models::Severity::High)
        .study_description("CT Chest")
        {set_uid}
        .send()
        .await?;
    Ok(())
}}

fn main() {{}}
"#
    )
}

#[test]
fn a_missing_required_field_is_a_compile_error_that_names_it() {
    let complete = build(
        "required-field-set",
        &create_study(".study_instance_uid(uid)"),
    );
    assert!(
        complete.status.success(),
        "the complete request should compile:\n{}",
        String::from_utf8_lossy(&complete.stderr)
    );
    let missing = build("required-field-missing", &create_study(""));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        !missing.status.success(),
        "a request without `study_instance_uid` compiled"
    );
    assert!(
        stderr.contains(
            "error[E0277]: `study_instance_uid` is required: call `.study_instance_uid(..)` before sending"
        ),
        "the error does not name the field:\n{stderr}"
    );
    assert!(
        stderr.contains("`study_instance_uid` is not set"),
        "the error's label does not name the field:\n{stderr}"
    );
    assert!(
        !stderr.contains("`severity` is required"),
        "a field that is set is reported missing:\n{stderr}"
    );
}

/// An application's test that uses the test kit: a scripted client and a fixture.
const USES_THE_TEST_KIT: &str = r#"
fn main() {
    let user = avara::testing::fixtures::auto_scribe_user();
    let mock = avara::testing::MockTransport::new()
        .on("auto_scribe.users.retrieve", avara::testing::MockResponse::json(&user));
    let client = avara::Client::builder().mock_transport(mock).build();
    assert!(client.is_ok());
}
"#;

#[test]
fn the_test_kit_exists_only_with_its_feature() {
    let with = build_with("test-kit-on", USES_THE_TEST_KIT, &["test-util"]);
    assert!(
        with.status.success(),
        "the test kit should compile with `test-util`:\n{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let without = build_with("test-kit-off", USES_THE_TEST_KIT, &[]);
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(
        !without.status.success(),
        "the test kit compiled without `test-util`"
    );
    assert!(
        stderr.contains("could not find `testing` in `avara`")
            && stderr.contains("no method named `mock_transport`"),
        "the build failed for another reason:\n{stderr}"
    );
}

/// The Rust examples of the repository's README, each as it is written: `rust,no_run` blocks
/// must compile (a block without `main` gets an empty one) and `rust,compile_fail` blocks must not.
#[test]
fn the_readme_examples_compile_as_they_say() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md is readable");
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in readme.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) if info.starts_with("rust") => {
                current = Some((info.to_owned(), String::new()));
            }
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(
        blocks.len() >= 3,
        "the README's Rust examples were not found"
    );
    for (i, (info, mut text)) in blocks.into_iter().enumerate() {
        if !text.contains("fn main") {
            text.push_str("\nfn main() {}\n");
        }
        let output = build(&format!("readme-example-{i}"), &text);
        let compiles = output.status.success();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if info.contains("compile_fail") {
            assert!(!compiles, "README example {i} ({info}) compiles:\n{text}");
            if let Some(code) = info.split(',').find(|p| p.starts_with('E')) {
                assert!(
                    stderr.contains(code),
                    "README example {i} fails without {code}:\n{stderr}"
                );
            }
        } else {
            assert!(
                compiles,
                "README example {i} ({info}) does not compile:\n{text}\n{stderr}"
            );
        }
    }
}
