//! `cargo xtask semver-checks [CASE...]`: the change report of each diff fixture pair beside the
//! verdict of cargo-semver-checks on the two crates generated from it.
//!
//! For each `tests/fixtures/diff/<case>/`, both schemas are generated (with
//! `generator::generate_source`, whatever shape the SDK has at the time) into
//! `target/api-diff-semver/<case>/{base,head}/sdk/`, and `cargo semver-checks --release-type patch`
//! runs between them, so that every lint is checked. The two verdicts agree when the report
//! finds a change breaking for Rust callers exactly when cargo-semver-checks finds a breaking
//! (major) lint; breaking on the wire is invisible to cargo-semver-checks by nature and is
//! listed apart. The table goes to `target/api-diff-semver/comparison.md`.
//!
//! cargo-semver-checks is installed on first use into `target/tools/cargo-semver-checks/`.
//! The crates share one target directory, so dependencies are built once. Slow (minutes per
//! case on two cores), so CI does not run it.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{self, Impact, Source};

use crate::root;

/// Where the tool is installed, and where the crates and the comparison go.
const TOOL_ROOT: &str = "target/tools/cargo-semver-checks";
const WORK: &str = "target/api-diff-semver";
const FIXTURES: &str = "tests/fixtures/diff";

/// One case's two verdicts.
struct Row {
    case: String,
    /// The report's changes breaking for Rust callers, by place.
    rust: Vec<String>,
    /// The report's changes breaking on the wire, by place.
    wire: Vec<String>,
    /// cargo-semver-checks' summary line, and the lints that failed with their level.
    tool: ToolVerdict,
}

struct ToolVerdict {
    summary: String,
    breaking: bool,
    /// The lints that failed, then those that warned (`warning: ...`).
    failures: Vec<String>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let root = root();
    let bin = install(&root)?;
    let cases = cases(&root, args)?;
    let work = root.join(WORK);
    let mut rows = Vec::new();
    for case in &cases {
        println!("==> {case}");
        rows.push(compare_case(&root, &bin, &work, case)?);
    }
    let table = render(&rows);
    let path = work.join("comparison.md");
    std::fs::write(&path, &table).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("\n{table}\nwritten to {}", path.display());
    Ok(())
}

/// The tool's `bin` directory, installing it there first if it is missing.
fn install(root: &Path) -> Result<PathBuf, String> {
    let tool_root = root.join(TOOL_ROOT);
    let bin = tool_root.join("bin");
    if bin.join("cargo-semver-checks").exists() {
        return Ok(bin);
    }
    println!(
        "installing cargo-semver-checks into {}",
        tool_root.display()
    );
    let status = Command::new("cargo")
        .args(["install", "--locked", "cargo-semver-checks", "--root"])
        .arg(&tool_root)
        .status()
        .map_err(|e| format!("could not run cargo install: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo install cargo-semver-checks failed ({status})"
        ));
    }
    Ok(bin)
}

/// The case directories, all of them or those named.
fn cases(root: &Path, named: &[String]) -> Result<Vec<String>, String> {
    let dir = root.join(FIXTURES);
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut all: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    if let Some(unknown) = named.iter().find(|n| !all.contains(n)) {
        return Err(format!(
            "no case `{unknown}` in {FIXTURES}; there are: {}",
            all.join(", ")
        ));
    }
    if !named.is_empty() {
        all.retain(|c| named.contains(c));
    }
    Ok(all)
}

fn compare_case(root: &Path, bin: &Path, work: &Path, case: &str) -> Result<Row, String> {
    let read = |side: &str| {
        let label = format!("{FIXTURES}/{case}/{side}.yaml");
        let text =
            std::fs::read_to_string(root.join(&label)).map_err(|e| format!("{label}: {e}"))?;
        Ok::<_, String>((text, label))
    };
    let (base, base_label) = read("base")?;
    let (head, head_label) = read("head")?;
    for (side, text, label) in [("base", &base, &base_label), ("head", &head, &head_label)] {
        write_crate(root, &work.join(case).join(side), text, label)?;
    }
    let report = diff::compare_sources(
        Source {
            text: &base,
            label: &base_label,
        },
        Source {
            text: &head,
            label: &head_label,
        },
    )
    .map_err(|e| e.to_string())?;
    let places = |impact: Impact| -> Vec<String> {
        report
            .with_impact(impact)
            .map(|c| format!("{} {}", c.place, c.what))
            .collect()
    };
    Ok(Row {
        case: case.to_owned(),
        rust: places(Impact::BreakingRust),
        wire: places(Impact::BreakingWire),
        tool: semver_checks(bin, work, case)?,
    })
}

/// Generates the crate of one schema into `dir/sdk/`, in a workspace of its own at `dir/` (the
/// repository's workspace would otherwise claim it) with the repository's lock file, so that
/// every crate builds with the same dependencies in the shared target directory.
fn write_crate(root: &Path, dir: &Path, text: &str, label: &str) -> Result<(), String> {
    let files = generator::generate_source(text, label).map_err(|e| e.to_string())?;
    generator::output::write(&dir.join("sdk"), &files).map_err(|e| e.to_string())?;
    let manifest = dir.join("Cargo.toml");
    std::fs::write(
        &manifest,
        "[workspace]\nresolver = \"3\"\nmembers = [\"sdk\"]\n",
    )
    .map_err(|e| format!("{}: {e}", manifest.display()))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("{}: {e}", dir.join("Cargo.lock").display()))?;
    Ok(())
}

/// Runs `cargo semver-checks` on the head crate against the base crate.
fn semver_checks(bin: &Path, work: &Path, case: &str) -> Result<ToolVerdict, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_owned()];
    paths.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(paths).map_err(|e| e.to_string())?;
    let dir = work.join(case);
    let output = Command::new("cargo")
        .args([
            "semver-checks",
            "--release-type",
            "patch",
            "--manifest-path",
        ])
        .arg(dir.join("head/sdk/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("base/sdk"))
        .env("PATH", path)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| format!("could not run cargo semver-checks: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let log = dir.join("semver-checks.log");
    std::fs::write(&log, &text).map_err(|e| format!("{}: {e}", log.display()))?;
    parse(&text).ok_or_else(|| {
        format!(
            "{case}: cargo semver-checks gave no verdict ({}); see {}",
            output.status,
            log.display()
        )
    })
}

/// The verdict in cargo-semver-checks' output: its `Summary` line, and each `--- failure` or
/// `--- warning` lint with the items it names under `Failed in:`.
fn parse(text: &str) -> Option<ToolVerdict> {
    let summary = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("Summary "))?
        .to_owned();
    let mut failures: Vec<String> = Vec::new();
    let mut in_items = false;
    for line in text.lines().map(str::trim) {
        let lint = [("--- failure ", ""), ("--- warning ", "warning: ")]
            .iter()
            .find_map(|(prefix, kind)| Some((*kind, line.strip_prefix(prefix)?)));
        if let Some((kind, rest)) = lint {
            // `name: description ---`: the name is enough beside the items.
            let name = rest.split_once(": ").map_or(rest, |(name, _)| name);
            failures.push(format!("{kind}{name}:"));
            in_items = false;
        } else if line == "Failed in:" {
            in_items = true;
        } else if line.is_empty() || line.starts_with("Building") {
            in_items = false;
        } else if let (true, Some(last)) = (in_items, failures.last_mut()) {
            last.push_str(if last.ends_with(':') { " " } else { ", " });
            last.push_str(item(line));
        }
    }
    Some(ToolVerdict {
        breaking: summary.contains("new major version"),
        summary,
        failures,
    })
}

/// An item of `Failed in:` without the file it was found in.
fn item(line: &str) -> &str {
    [", previously in file ", " in file ", ", in ", " in /"]
        .iter()
        .find_map(|sep| line.split_once(sep).map(|(item, _)| item))
        .unwrap_or(line)
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| Case | Report: breaking for Rust callers | Report: breaking on the wire (invisible to \
         cargo-semver-checks) | cargo-semver-checks | Agree |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let list = |items: &[String]| match items {
            [] => "none".to_owned(),
            _ => items.join("<br>"),
        };
        let agree = match (row.rust.is_empty(), row.tool.breaking) {
            (true, false) | (false, true) => "yes",
            (false, false) => "no: cargo-semver-checks sees no breaking change",
            (true, true) => "no: the report sees no change breaking for Rust callers",
        };
        let tool = if row.tool.failures.is_empty() {
            row.tool.summary.clone()
        } else {
            format!("{}<br>{}", row.tool.summary, row.tool.failures.join("<br>"))
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {agree} |\n",
            row.case,
            list(&row.rust).replace('|', "\\|"),
            list(&row.wire).replace('|', "\\|"),
            tool.replace('|', "\\|")
        ));
    }
    out
}
