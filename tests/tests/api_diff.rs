//! The change report (`generator::diff`, `cargo xtask api-diff`): one snapshot per fixture pair
//! in `tests/fixtures/diff/<case>/` (`base.yaml` becomes `head.yaml`), holding the Markdown
//! report and the summary `cargo xtask codegen` prints; and the command's edges: no change
//! against itself, an unknown revision, a base schema that does not load.
//! A snapshot file that no case refers to any more fails the run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{self, CompareError, Source};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

/// Each case directory's name, sorted.
fn cases() -> Vec<String> {
    let dir = repo().join("tests/fixtures/diff");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/diff exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn report(case: &str) -> diff::Report {
    let read = |side: &str| {
        let label = format!("tests/fixtures/diff/{case}/{side}.yaml");
        let text = std::fs::read_to_string(repo().join(&label)).expect("fixture is readable");
        (text, label)
    };
    let (base, base_label) = read("base");
    let (head, head_label) = read("head");
    diff::compare_sources(
        Source {
            text: &base,
            label: &base_label,
        },
        Source {
            text: &head,
            label: &head_label,
        },
    )
    .unwrap_or_else(|e| panic!("{case}: both schemas should lower: {e}"))
}

/// One test holds every assertion, so it knows every snapshot name and can reject the rest.
#[test]
fn every_fixture_pair_has_its_report() {
    let mut names = BTreeSet::new();
    for case in cases() {
        let report = report(&case);
        assert!(!report.changes.is_empty(), "{case}: the pair should differ");
        let text = format!(
            "{}\n<!-- the summary `cargo xtask codegen` prints -->\n{}\n",
            diff::markdown(&report, "`base.yaml`", "`head.yaml`"),
            diff::summary(&report, "`base.yaml`")
        );
        insta::assert_snapshot!(case.clone(), text);
        names.insert(case);
    }
    let unreferenced: Vec<String> = std::fs::read_dir(repo().join("tests/tests/snapshots"))
        .expect("snapshot directory exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            Some(
                file.strip_prefix("api_diff__")?
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

#[test]
fn the_avara_schema_against_itself_has_no_change() {
    let source =
        std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("schema exists");
    let at = |label: &'static str| Source {
        text: &source,
        label,
    };
    let report = diff::compare_sources(at("HEAD:schema/openapi.yaml"), at("schema/openapi.yaml"))
        .expect("the Avara schema lowers");
    assert_eq!(report.changes, []);
    let bump = report.bump().expect("the version is semver");
    assert!(bump.is_met(), "no change needs no step: {bump:?}");
}

#[test]
fn a_version_below_the_step_fails_the_check() {
    let bump = report("request_fields").bump().expect("versions parse");
    assert_eq!(bump.minimum.to_string(), "0.2.0");
    assert!(!bump.is_met(), "0.1.0 does not take a breaking step");
    assert!(
        report("response_fields")
            .bump()
            .expect("versions parse")
            .is_met()
    );
}

#[test]
fn base_schema_errors_name_the_revision() {
    let broken = std::fs::read_to_string(repo().join("tests/fixtures/invalid/dangling_ref.yaml"))
        .expect("fixture is readable");
    let good = std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("schema exists");
    let error = diff::compare_sources(
        Source {
            text: &broken,
            label: "abc1234:schema/openapi.yaml",
        },
        Source {
            text: &good,
            label: "schema/openapi.yaml",
        },
    )
    .expect_err("a dangling $ref does not load");
    assert!(matches!(error, CompareError::Base(_)), "{error}");
    let message = error.to_string();
    assert!(
        message.starts_with("the base schema does not load:\nabc1234:schema/openapi.yaml:"),
        "{message}"
    );
}

fn xtask_api_diff(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--", "api-diff"])
        .args(args)
        .current_dir(repo())
        .output()
        .expect("cargo runs")
}

/// Whether git can answer here and the schema is as committed; the end-to-end checks of the
/// command need both (a source archive has no history, a schema being edited differs).
fn schema_is_committed() -> bool {
    git_works()
        && Command::new("git")
            .args(["diff", "--quiet", "HEAD", "--", "schema/openapi.yaml"])
            .current_dir(repo())
            .status()
            .is_ok_and(|s| s.success())
}

#[test]
fn xtask_api_diff_against_head_of_an_unchanged_tree_reports_no_change() {
    if !schema_is_committed() {
        eprintln!("skipped: no git history here, or schema/openapi.yaml differs from HEAD");
        return;
    }
    let output = xtask_api_diff(&["--base", "HEAD", "--check"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.starts_with("## SDK changes from `HEAD` to the working tree\n\nNo change"),
        "{stdout}"
    );
}

/// Whether git can read this repository's history.
fn git_works() -> bool {
    Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .current_dir(repo())
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn xtask_api_diff_names_an_unknown_revision() {
    if !git_works() {
        eprintln!("skipped: no git history here");
        return;
    }
    let output = xtask_api_diff(&["--base", "no-such-revision"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(
        stderr.contains("cannot read schema/openapi.yaml at `no-such-revision`"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
