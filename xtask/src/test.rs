//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! 1. install the pinned npm tools (`npm ci`) when they are missing;
//! 2. lint the schema with Redocly;
//! 3. run every test of the workspace, with snapshots checked, never written;
//! 4. clippy with warnings denied, on every target;
//! 5. rustdoc of the SDK with warnings denied.

use std::path::Path;
use std::process::Command;

use crate::root;

/// Runs the checks. `--skip-npm` skips the npm steps (for machines without Node.js).
pub fn run(args: &[String]) -> Result<(), String> {
    let skip_npm = args.iter().any(|a| a == "--skip-npm");
    if let Some(unknown) = args.iter().find(|a| *a != "--skip-npm") {
        return Err(format!("unknown argument `{unknown}`; usage: cargo xtask test [--skip-npm]"));
    }
    let root = root();
    if !skip_npm {
        if !root.join("node_modules/.bin/redocly").exists() {
            step(&root, "install npm tools", Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
        }
        step(&root, "lint the schema", Command::new("node_modules/.bin/redocly").args(["lint", "schema/openapi.yaml"]))?;
    }
    step(
        &root,
        "run the tests",
        Command::new("cargo")
            .args(["test", "--workspace", "--all-targets", "--no-fail-fast"])
            .env("INSTA_UPDATE", "no")
            .env("INSTA_FORCE_PASS", "0"),
    )?;
    step(&root, "run the doctests", Command::new("cargo").args(["test", "--workspace", "--doc"]))?;
    step(
        &root,
        "clippy",
        Command::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    step(
        &root,
        "rustdoc of the SDK",
        Command::new("cargo").args(["doc", "-p", "avara", "--no-deps"]).env("RUSTDOCFLAGS", "-D warnings"),
    )?;
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
