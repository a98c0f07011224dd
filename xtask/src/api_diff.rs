//! `cargo xtask api-diff`: what the schema change in the working tree does to the SDK's users,
//! against the schema at a git revision. The comparison is `generator::diff`; this file reads
//! the base through `git show` and parses arguments.

use std::path::Path;
use std::process::Command;

use generator::diff::{self, Source};

use crate::root;

/// The schema, relative to the repository root.
const SCHEMA: &str = "schema/openapi.yaml";

/// Runs `cargo xtask api-diff [--base REV] [--check]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut base = None;
    let mut check = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--base" => base = Some(rest.next().ok_or("--base needs a revision")?.clone()),
            "--check" => check = true,
            other => return Err(format!("unknown argument `{other}`\n{}", crate::USAGE)),
        }
    }
    let root = root();
    let base = match base {
        Some(rev) => rev,
        None => default_base(&root),
    };
    let base_text = schema_at(&root, &base, SCHEMA)?;
    let head_path = root.join(SCHEMA);
    let head_text =
        std::fs::read_to_string(&head_path).map_err(|e| format!("{}: {e}", head_path.display()))?;
    let base_label = format!("{base}:{SCHEMA}");
    let report = diff::compare_sources(
        Source {
            text: &base_text,
            label: &base_label,
        },
        Source {
            text: &head_text,
            label: SCHEMA,
        },
    )
    .map_err(|e| e.to_string())?;
    print!(
        "{}",
        diff::markdown(&report, &format!("`{base}`"), "the working tree")
    );
    if !check {
        return Ok(());
    }
    let bump = report.bump().map_err(|e| e.to_string())?;
    if bump.is_met() {
        println!(
            "\napi-diff --check: `x-sdk.crateVersion` {} takes the {} step",
            bump.head, bump.step
        );
        Ok(())
    } else {
        Err(format!(
            "api-diff --check: `x-sdk.crateVersion` is {} but the changes since `{base}` need at \
             least {} (a {} step from {}); raise it in {SCHEMA}",
            bump.head, bump.minimum, bump.step, bump.base
        ))
    }
}

/// The merge base of `HEAD` with `main`, or `HEAD` when there is none (no `main`, a shallow
/// clone): the comparison a review of the branch wants.
fn default_base(root: &Path) -> String {
    match git(root, &["merge-base", "HEAD", "main"]) {
        // Twelve hex digits name a commit unambiguously in any repository this size, and read
        // better in the report and in error locations than forty.
        Ok(out) if !out.trim().is_empty() => out.trim().chars().take(12).collect(),
        _ => {
            eprintln!("api-diff: no merge base with `main`; comparing with HEAD");
            "HEAD".to_owned()
        }
    }
}

/// The text of `path` at `rev`.
pub fn schema_at(root: &Path, rev: &str, path: &str) -> Result<String, String> {
    git(root, &["show", &format!("{rev}:{path}")])
        .map_err(|e| format!("cannot read {path} at `{rev}`: {e}"))
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("`git {}` printed non-UTF-8", args.join(" ")))
}

/// The one-paragraph summary `cargo xtask codegen` prints when its output changed: the schema
/// against `HEAD`'s. It never fails: without git, or without a schema at `HEAD`, it says why it
/// has nothing to say.
pub fn codegen_summary(head: &generator::ir::Api, schema: &str) -> String {
    let root = root();
    let base_text = match schema_at(&root, "HEAD", schema) {
        Ok(text) => text,
        Err(e) => return format!("api-diff skipped: {e}"),
    };
    let label = format!("HEAD:{schema}");
    match generator::lower_source(&base_text, &label) {
        Ok(base) => {
            let report = diff::compare(&base, head);
            let mut text = diff::summary(&report, "HEAD");
            // `api-diff` reads the default schema only.
            if !report.changes.is_empty() && schema == SCHEMA {
                text.push_str(" Details: `cargo xtask api-diff --base HEAD`.");
            }
            text
        }
        Err(e) => format!("api-diff skipped: the schema at HEAD does not load:\n{e}"),
    }
}
