//! `cargo xtask`: the project's commands. Argument parsing only; the work is in the generator.
//!
//! - `cargo xtask codegen [--schema PATH] [--out DIR] [--check]`
//! - `cargo xtask api-diff [--base REV] [--check]`: what the schema change does to the SDK's
//!   users, and the version step it needs.
//! - `cargo xtask semver-checks [CASE...]`: the change reports of the diff fixtures beside
//!   cargo-semver-checks' verdicts on the crates generated from them.
//! - `cargo xtask test`: everything CI runs (schema lint, tests, snapshots, clippy, docs).
//! - `cargo xtask bench [--quick] [--write]`: the benchmarks, and `BENCHMARKS.md`.

mod api_diff;
mod bench;
mod semver_checks;
mod synthetic;
mod test;

/// The generator allocates many small token trees; mimalloc makes `cargo xtask codegen` about a
/// quarter faster than glibc's allocator (figures in BENCHMARKS.md, under "How it was measured").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--schema PATH] [--out DIR] [--check]
      Generate the SDK crate (defaults: schema/openapi.yaml, generated/).
      --check writes nothing and fails when the crate is stale.
      When files changed, prints a summary of the SDK changes against HEAD's schema.
  cargo xtask api-diff [--base REV] [--check]
      Print, as Markdown, what schema/openapi.yaml in the working tree changes for the SDK's
      users against the schema at REV (default: the merge base with main, else HEAD), and the
      version step it needs. --check fails when x-sdk.crateVersion does not take that step.
  cargo xtask semver-checks [CASE...]
      For each pair in tests/fixtures/diff/ (or the CASEs named), generate both crates, run
      cargo-semver-checks (installed under target/tools/) and compare its verdict with the
      report's; writes target/api-diff-semver/comparison.md. Slow; not part of CI.
  cargo xtask test
      Run every check CI runs.
  cargo xtask bench [--quick] [--write] [--only generator|crate|history|peer|runtime]
      Run the benchmarks and print a table; --write updates BENCHMARKS.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("api-diff") => api_diff::run(&args[1..]),
        Some("semver-checks") => semver_checks::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_owned)
        .unwrap_or_default()
}

fn codegen(args: &[String]) -> Result<(), String> {
    let mut schema = PathBuf::from("schema/openapi.yaml");
    let mut out = PathBuf::from("generated");
    let mut check = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--schema" => schema = rest.next().ok_or("--schema needs a path")?.into(),
            "--out" => out = rest.next().ok_or("--out needs a directory")?.into(),
            "--check" => check = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    // Relative paths are taken from the repository root, so the command works from any directory.
    let label = schema.to_string_lossy().replace('\\', "/");
    let schema = root().join(&schema);
    let out = root().join(&out);
    let source =
        std::fs::read_to_string(&schema).map_err(|e| format!("{}: {e}", schema.display()))?;
    let api = generator::lower_source(&source, &label).map_err(|e| e.to_string())?;
    let files = generator::emit::generate_crate(&api, &label).map_err(|e| e.to_string())?;
    if check {
        let changes = generator::output::diff(&out, &files).map_err(|e| e.to_string())?;
        if changes.is_empty() {
            println!("{} is up to date ({} files)", out.display(), files.len());
            return Ok(());
        }
        return Err(format!(
            "{} is stale:\n{}\nrun `cargo xtask codegen` and commit the result",
            out.display(),
            changes.describe()
        ));
    }
    let changes = generator::output::write(&out, &files).map_err(|e| e.to_string())?;
    if changes.is_empty() {
        println!("{} is up to date ({} files)", out.display(), files.len());
    } else {
        println!("wrote {}:\n{}", out.display(), changes.describe());
        println!("\n{}", api_diff::codegen_summary(&api, &label));
    }
    Ok(())
}
