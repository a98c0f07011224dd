//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! 1. install the pinned npm tools (`npm ci`) when one of them is missing: Redocly lints the
//!    schema, and the contract tests start Prism;
//! 2. lint the schema with Redocly;
//! 3. check the formatting of the hand-written Rust (rustfmt): the generator, its runtime files
//!    (each read from standard input, so that no `mod` declaration is followed), xtask and the
//!    tests (the generated models and resources are prettyplease's output);
//! 4. run every test of the workspace, with snapshots checked, never written;
//! 5. clippy with warnings denied, on every target, then on the SDK with its default features
//!    only, with none, and with each other transport feature set;
//! 6. rustdoc of the SDK with warnings denied, with every feature and with none.

use std::path::Path;
use std::process::Command;

use crate::root;

/// The transport feature sets of the SDK other than the default, checked one by one.
const TRANSPORT_FEATURE_SETS: [&str; 3] = ["rustls-ring,system-proxy", "native-tls", "rustls,gzip"];

/// The npm tools the checks run, installed from `package-lock.json`.
const NPM_TOOLS: [&str; 2] = ["node_modules/.bin/redocly", "node_modules/.bin/prism"];

/// Runs the checks. Node.js is required: the schema lint and the contract tests need it.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(unknown) = args.first() {
        return Err(format!(
            "unknown argument `{unknown}`; usage: cargo xtask test"
        ));
    }
    let root = root();
    if NPM_TOOLS.iter().any(|tool| !root.join(tool).exists()) {
        step(
            &root,
            "install npm tools",
            Command::new("npm").args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    step(
        &root,
        "lint the schema",
        Command::new("node_modules/.bin/redocly").args(["lint", "schema/openapi.yaml"]),
    )?;
    step(
        &root,
        "check formatting",
        Command::new("cargo").args([
            "fmt",
            "--package",
            "avara-generator",
            "--package",
            "xtask",
            "--package",
            "avara-tests",
            "--check",
        ]),
    )?;
    check_runtime_formatting(&root)?;
    step(
        &root,
        "run the tests",
        Command::new("cargo")
            .args(["test", "--workspace", "--all-targets", "--no-fail-fast"])
            .env("INSTA_UPDATE", "no")
            .env("INSTA_FORCE_PASS", "0"),
    )?;
    step(
        &root,
        "run the doctests",
        Command::new("cargo").args(["test", "--workspace", "--doc"]),
    )?;
    step(
        &root,
        "clippy",
        Command::new("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // The workspace build turns on the SDK's optional features, `test-util` and `webhooks` (the
    // tests use them); an application that asks for none builds the crate without them, so that
    // build is checked too.
    step(
        &root,
        "clippy of the SDK without its optional features",
        Command::new("cargo").args([
            "clippy",
            "-p",
            "avara",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        &root,
        "clippy of the SDK without any feature",
        Command::new("cargo").args([
            "clippy",
            "-p",
            "avara",
            "--lib",
            "--no-default-features",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    // Each TLS choice compiles different code in reqwest and in the client; one check each.
    for features in TRANSPORT_FEATURE_SETS {
        step(
            &root,
            &format!("clippy of the SDK with the features {features}"),
            Command::new("cargo")
                .args(["clippy", "-p", "avara", "--lib", "--no-default-features"])
                .args(["--features", features, "--", "-D", "warnings"]),
        )?;
    }
    for features in ["--all-features", "--no-default-features"] {
        step(
            &root,
            &format!("rustdoc of the SDK ({features})"),
            Command::new("cargo")
                .args(["doc", "-p", "avara", "--no-deps", features])
                .env("RUSTDOCFLAGS", "-D warnings"),
        )?;
    }
    println!("\nxtask test: all checks passed");
    Ok(())
}

fn step(root: &Path, name: &str, command: &mut Command) -> Result<(), String> {
    println!("\n==> {name}: {command:?}");
    let status = command
        .current_dir(root)
        .status()
        .map_err(|e| format!("{name}: could not start {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

/// Checks that every runtime file is as rustfmt formats it. Each file goes through rustfmt's
/// standard input, where `mod` declarations are not followed: a runtime file may declare a module
/// whose file only the generator writes (`testing.rs` declares `fixtures`). Given on standard
/// input, `--check` prints a difference but always succeeds, so the output is compared instead.
fn check_runtime_formatting(root: &Path) -> Result<(), String> {
    println!("\n==> check formatting of the runtime files: rustfmt --edition 2024 --emit stdout");
    let mut unformatted = Vec::new();
    for file in runtime_files(root)? {
        let source = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let formatted = rustfmt_stdin(&source).map_err(|e| format!("{}: {e}", file.display()))?;
        if formatted != source {
            unformatted.push(file.display().to_string());
        }
    }
    if unformatted.is_empty() {
        return Ok(());
    }
    Err(format!(
        "check formatting of the runtime files failed; run `rustfmt --edition 2024` on:\n  {}",
        unformatted.join("\n  ")
    ))
}

/// `source` as rustfmt formats it.
fn rustfmt_stdin(source: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    use std::process::Stdio;

    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start rustfmt: {e}"))?;
    // Writing all of the input before reading is safe: rustfmt reads its whole input first.
    child
        .stdin
        .take()
        .ok_or("rustfmt has no standard input")?
        .write_all(source)
        .map_err(|e| format!("writing to rustfmt: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("waiting for rustfmt: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed ({}): it could not parse the file",
            output.status
        ));
    }
    Ok(output.stdout)
}

/// The runtime files the generator copies into the crate, which `cargo fmt` does not reach (they
/// are included as text, not as modules), sorted so the command line is the same every time.
fn runtime_files(root: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut dirs = vec![root.join("generator/runtime")];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{}: no runtime files",
            root.join("generator/runtime").display()
        ));
    }
    Ok(files)
}
