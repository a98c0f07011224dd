//! The generated crate benchmark: its size, its dependency tree, how long it takes to build, and
//! how long `cargo check` takes after a one-line schema change.
//!
//! Builds run in a copy of `generated/` (`target/bench/crate/ws/avara`, a workspace of its own
//! with the repository's lock file and build profiles) and a target directory of their own, so
//! neither the repository's `generated/` nor its `target/` is touched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use serde_json::Value;

use super::report::{Section, Table, median, secs};
use super::{Mode, bench_dir, cargo, run_capture};
use crate::root;

/// Timed repetitions of each incremental build and of the check after a change.
const REPETITIONS: usize = 3;

/// Lines of one group of generated files.
#[derive(Default, Clone, Copy)]
pub struct Loc {
    pub files: u64,
    pub lines: u64,
    /// Lines that are neither blank nor comments (doc comments count as comments).
    pub code: u64,
}

/// The groups [`count_lines`] sorts the crate's files into.
pub const MODELS: &str = "src/models (one file per type)";
pub const RESOURCES: &str = "resource modules (handles and request builders)";

/// One unit of a `cargo build --timings` report.
pub struct Unit {
    pub name: String,
    pub duration: f64,
    pub frontend: Option<f64>,
    pub codegen: Option<f64>,
}

/// The copy of the crate that is built.
struct Workspace {
    dir: PathBuf,
    krate: PathBuf,
    target: PathBuf,
}

/// A profile's builds: cold (with every dependency), then the crate alone.
struct Builds {
    cold: f64,
    cold_units: Vec<Unit>,
    incremental: Vec<f64>,
    /// The avara unit of each incremental build, for its frontend/codegen split.
    own: Vec<Unit>,
}

pub fn measure(mode: Mode) -> Result<Section, String> {
    let generated = root().join("generated");
    let loc = count_lines(&generated)?;
    let deps = dependency_count(&["normal"])?;
    let deps_with_build = dependency_count(&["normal", "build"])?;
    let mut size = Table::new(
        "",
        &[
            "Part of generated/",
            "Files",
            "Lines",
            "Code lines (no blanks or comments)",
        ],
    );
    for (group, l) in &loc {
        size.row(vec![
            (*group).to_owned(),
            l.files.to_string(),
            super::report::count(l.lines),
            super::report::count(l.code),
        ]);
    }
    let mut figures = Table::new("", &["Figure", "Value"]);
    figures.row(vec![
        "Crates in the dependency tree (`cargo tree -e normal`, without avara)".into(),
        deps.to_string(),
    ]);
    figures.row(vec![
        "… counting build dependencies too (`-e normal,build`)".into(),
        deps_with_build.to_string(),
    ]);
    let mut section = Section {
        title: "Generated crate",
        tables: vec![size],
        targets: Vec::new(),
        notes: Vec::new(),
        method: method(),
    };
    if mode == Mode::Quick {
        section.tables.push(figures);
        section.notes.push("Quick run: the builds (cold, incremental and the check after a schema change) were skipped; they need several minutes of dependency builds.".into());
        return Ok(section);
    }
    let ws = prepare_workspace()?;
    let debug = measure_builds(&ws, &[])?;
    let release = measure_builds(&ws, &["--release"])?;
    let (check, change) = measure_check(&ws)?;
    let rows = [
        (
            "`cargo build -p avara` from scratch, with every dependency (debug)",
            secs(debug.cold),
        ),
        (
            "`cargo build -p avara` of the crate alone, dependencies built (debug)",
            secs(median(&debug.incremental)),
        ),
        (
            "`cargo build -p avara --release` from scratch, with every dependency",
            secs(release.cold),
        ),
        (
            "`cargo build -p avara --release` of the crate alone, dependencies built",
            secs(median(&release.incremental)),
        ),
        (
            "`cargo check` after a one-line schema change",
            secs(median(&check)),
        ),
    ];
    for (what, value) in rows {
        figures.row(vec![what.into(), value]);
    }
    section.tables.push(figures);
    section.tables.push(split_table(&debug, &release));
    section
        .tables
        .push(contributors_table(&debug.cold_units, &release.cold_units));
    section.tables.push(largest_files(&generated)?);
    match llvm_lines(&ws) {
        Some(table) => section.tables.push(table),
        None => section.notes.push("`cargo llvm-lines` is not installed (`cargo install cargo-llvm-lines`), so the crate's largest functions in LLVM IR are not listed.".into()),
    }
    section.notes.push(format!("The schema change: {change}."));
    section.notes.extend(findings(&debug, &release));
    Ok(section)
}

/// Lines per part of the crate: models, resources, the runtime, and the crate root.
pub fn count_lines(dir: &Path) -> Result<BTreeMap<&'static str, Loc>, String> {
    let mut groups: BTreeMap<&'static str, Loc> = BTreeMap::new();
    for (path, text) in read_tree(dir)? {
        if !path.ends_with(".rs") {
            continue;
        }
        let group = if path.starts_with("src/models/") {
            MODELS
        } else if generator::emit::is_runtime_file(&path) {
            "runtime (same for every schema)"
        } else if matches!(path.as_str(), "src/lib.rs" | "src/config.rs") {
            "crate root (lib.rs, config.rs)"
        } else {
            RESOURCES
        };
        let code = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count() as u64;
        for key in [group, "total"] {
            let entry = groups.entry(key).or_default();
            entry.files += 1;
            entry.lines += text.lines().count() as u64;
            entry.code += code;
        }
    }
    Ok(groups)
}

/// Every file under `dir` as `/`-separated relative path → contents.
pub fn read_tree(dir: &Path) -> Result<generator::Files, String> {
    let mut files = generator::Files::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let entries =
            std::fs::read_dir(&current).map_err(|e| format!("{}: {e}", current.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("{}: {e}", current.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(relative, text);
            }
        }
    }
    Ok(files)
}

/// The generated files with the most lines: where the crate's own size comes from.
fn largest_files(dir: &Path) -> Result<Table, String> {
    let mut files: Vec<(String, usize)> = read_tree(dir)?
        .into_iter()
        .filter(|(p, _)| p.ends_with(".rs"))
        .map(|(p, t)| (p, t.lines().count()))
        .collect();
    files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut table = Table::new("The largest generated files:", &["File", "Lines"]);
    for (path, lines) in files.into_iter().take(6) {
        table.row(vec![format!("`{path}`"), lines.to_string()]);
    }
    Ok(table)
}

/// The functions of the crate with the most LLVM IR in a release build, when `cargo llvm-lines`
/// is installed.
fn llvm_lines(ws: &Workspace) -> Option<Table> {
    eprintln!("bench: crate: cargo llvm-lines --release");
    let mut command = cargo();
    command
        .args(["llvm-lines", "--release", "-p", "avara", "--lib"])
        .current_dir(&ws.dir)
        .env("CARGO_TARGET_DIR", &ws.target);
    let output = run_capture(&mut command).ok()?;
    let mut table = Table::new(
        "The crate's largest functions in LLVM IR (`cargo llvm-lines --release`; generic functions count every instantiation):",
        &["Lines of IR", "Copies", "Function"],
    );
    for line in output.lines() {
        let Some((lines, rest)) = line.trim().split_once(' ') else {
            continue;
        };
        // `1853 (2.6%,  2.6%)    17 (1.1%,  1.1%)  name`: the name follows the second `%)`.
        let Some((copies, name)) = rest.split_once("%)").and_then(|(_, r)| r.split_once("%)"))
        else {
            continue;
        };
        let copies = copies.split_whitespace().next().unwrap_or("");
        let name = name.trim();
        if lines.parse::<u64>().is_ok() && table.rows.len() < 8 {
            let shown = if name == "(TOTAL)" {
                "(total)".to_owned()
            } else {
                format!("`{name}`")
            };
            table.row(vec![lines.to_owned(), copies.to_owned(), shown]);
        }
    }
    (!table.rows.is_empty()).then_some(table)
}

/// Distinct crates in `cargo tree -p avara` over the given edge kinds, avara itself excluded.
fn dependency_count(edges: &[&str]) -> Result<usize, String> {
    let output = run_capture(
        cargo()
            .args(["tree", "-p", "avara", "--prefix", "none", "-e"])
            .arg(edges.join(","))
            .current_dir(root()),
    )?;
    let crates: BTreeSet<&str> = output
        .lines()
        .map(|line| line.trim().trim_end_matches("(*)").trim())
        .filter(|line| !line.is_empty() && !line.starts_with("avara v") && !line.starts_with('['))
        .collect();
    Ok(crates.len())
}

/// Copies `generated/` into a workspace of its own, with the repository's lock file and profiles.
fn prepare_workspace() -> Result<Workspace, String> {
    let base = bench_dir().join("crate");
    let ws = Workspace {
        dir: base.join("ws"),
        krate: base.join("ws/avara"),
        target: target_dir(),
    };
    std::fs::create_dir_all(&ws.dir).map_err(|e| format!("{}: {e}", ws.dir.display()))?;
    let files = read_tree(&root().join("generated"))?;
    generator::output::write(&ws.krate, &files).map_err(|e| e.to_string())?;
    write_workspace(&ws.dir, "avara")?;
    // Cold builds start from nothing, every run.
    match std::fs::remove_dir_all(&ws.target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("{}: {e}", ws.target.display())),
    }
    Ok(ws)
}

/// The target directory of the crate's builds, where the cold builds leave every dependency.
pub fn target_dir() -> PathBuf {
    bench_dir().join("crate/target")
}

/// Makes `dir` a workspace of its own with the one member `member`, the repository's build
/// profiles and its lock file (so shared dependencies resolve to the versions the SDK uses).
pub fn write_workspace(dir: &Path, member: &str) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("Cargo.toml: {e}"))?;
    let text = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [\"{member}\"]\n\n{}",
        profile_sections(&manifest)
    );
    std::fs::write(dir.join("Cargo.toml"), text).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    Ok(())
}

/// The `[profile.*]` tables of a manifest, so the copy builds with the repository's settings.
fn profile_sections(manifest: &str) -> String {
    let mut keep = false;
    let mut out = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[profile");
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn cargo_in(ws: &Workspace, args: &[&str]) -> Command {
    cargo_at(&ws.dir, &ws.target, args)
}

/// A quiet cargo command run in the workspace `dir`, building into `target`.
pub fn cargo_at(dir: &Path, target: &Path, args: &[&str]) -> Command {
    let mut command = cargo();
    command
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target);
    command
}

/// Marks a file as changed (its modification time set to now), so cargo rebuilds its crate.
pub fn touch(path: &Path) -> Result<(), String> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.set_modified(SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs a command and returns its wall-clock time in seconds.
pub fn timed(command: &mut Command) -> Result<f64, String> {
    let start = Instant::now();
    run_capture(command)?;
    Ok(start.elapsed().as_secs_f64())
}

/// A cold build with every dependency, then the crate alone after touching `src/lib.rs`.
fn measure_builds(ws: &Workspace, profile: &[&str]) -> Result<Builds, String> {
    let name = if profile.is_empty() {
        "debug"
    } else {
        "release"
    };
    let args: Vec<&str> = ["build", "--timings"]
        .iter()
        .copied()
        .chain(profile.iter().copied())
        .collect();
    eprintln!("bench: crate: cold {name} build with every dependency");
    let cold = timed(&mut cargo_in(ws, &args))?;
    let cold_units = read_timings(&ws.target)?;
    let mut incremental = Vec::new();
    let mut own = Vec::new();
    for _ in 0..REPETITIONS {
        eprintln!("bench: crate: {name} build of the crate alone");
        touch(&ws.krate.join("src/lib.rs"))?;
        incremental.push(timed(&mut cargo_in(ws, &args))?);
        own.extend(
            read_timings(&ws.target)?
                .into_iter()
                .filter(|u| u.name == "avara"),
        );
    }
    Ok(Builds {
        cold,
        cold_units,
        incremental,
        own,
    })
}

/// The units of the latest `--timings` report in `target`.
pub fn read_timings(target: &Path) -> Result<Vec<Unit>, String> {
    let path = target.join("cargo-timings/cargo-timing.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = html
        .find("const UNIT_DATA = ")
        .ok_or("no UNIT_DATA in the timings report")?
        + "const UNIT_DATA = ".len();
    let end = html[start..]
        .find("\n];")
        .ok_or("unterminated UNIT_DATA in the timings report")?
        + start
        + 2;
    let units: Value =
        serde_json::from_str(&html[start..end]).map_err(|e| format!("timings report: {e}"))?;
    let section = |unit: &Value, name: &str| {
        let sections = unit["sections"].as_array()?;
        let found = sections.iter().find(|s| s[0] == name)?;
        Some(found[1]["end"].as_f64()? - found[1]["start"].as_f64()?)
    };
    Ok(units
        .as_array()
        .map(|units| {
            units
                .iter()
                .map(|u| Unit {
                    name: u["name"].as_str().unwrap_or("?").to_owned(),
                    duration: u["duration"].as_f64().unwrap_or(0.0),
                    frontend: section(u, "frontend"),
                    codegen: section(u, "codegen"),
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Time per crate (library, build script and its run together), largest first.
fn per_crate(units: &[Unit]) -> Vec<(String, f64)> {
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for unit in units {
        *totals.entry(&unit.name).or_default() += unit.duration;
    }
    let mut sorted: Vec<(String, f64)> =
        totals.into_iter().map(|(n, t)| (n.to_owned(), t)).collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    sorted
}

fn contributors_table(debug: &[Unit], release: &[Unit]) -> Table {
    let debug_sorted = per_crate(debug);
    let release_sorted = per_crate(release);
    let debug_sum: f64 = debug_sorted.iter().map(|c| c.1).sum();
    let release_sum: f64 = release_sorted.iter().map(|c| c.1).sum();
    let mut table = Table::new(
        "Biggest contributors to a cold build (`cargo build --timings`; seconds of compiler time per crate, build scripts included, share of the sum over all crates):",
        &["Rank", "Debug", "Release"],
    );
    for rank in 0..8 {
        let cell = |sorted: &[(String, f64)], sum: f64| {
            sorted
                .get(rank)
                .map(|(n, t)| format!("{n} {t:.1} s ({:.0}%)", 100.0 * t / sum))
                .unwrap_or_default()
        };
        table.row(vec![
            (rank + 1).to_string(),
            cell(&debug_sorted, debug_sum),
            cell(&release_sorted, release_sum),
        ]);
    }
    table
}

/// The crate's own compile time split into frontend (parsing, macros, type checking) and codegen.
fn split_table(debug: &Builds, release: &Builds) -> Table {
    let mut table = Table::new(
        "The crate alone, as rustc reports it (`--timings`, median of the incremental builds):",
        &[
            "Profile",
            "rustc total",
            "Frontend (parse, expand derives, type-check)",
            "Codegen (LLVM)",
        ],
    );
    for (name, builds) in [("debug", debug), ("release", release)] {
        let pick = |f: fn(&Unit) -> Option<f64>| {
            median(&builds.own.iter().filter_map(f).collect::<Vec<_>>())
        };
        table.row(vec![
            name.into(),
            secs(pick(|u| Some(u.duration))),
            secs(pick(|u| u.frontend)),
            secs(pick(|u| u.codegen)),
        ]);
    }
    table
}

/// Notes naming what dominates the builds.
fn findings(debug: &Builds, release: &Builds) -> Vec<String> {
    let top = |units: &[Unit]| {
        per_crate(units)
            .into_iter()
            .take(3)
            .map(|(n, t)| format!("{n} ({t:.1} s)"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let share = |units: &[Unit]| {
        let all: f64 = units.iter().map(|u| u.duration).sum();
        let own: f64 = units
            .iter()
            .filter(|u| u.name == "avara")
            .map(|u| u.duration)
            .sum();
        100.0 * own / all.max(f64::MIN_POSITIVE)
    };
    let mut notes = vec![format!(
        "Cold builds are dominated by dependencies: in debug {}; in release {}. The crate itself is {:.0}% (debug) and {:.0}% (release) of the compiler time of a cold build.",
        top(&debug.cold_units),
        top(&release.cold_units),
        share(&debug.cold_units),
        share(&release.cold_units)
    )];
    if per_crate(&release.cold_units)
        .first()
        .is_some_and(|(name, _)| name == "aws-lc-sys")
    {
        notes.push("`aws-lc-sys` is the C cryptography library behind `aws-lc-rs`, the default crypto provider of rustls, which reqwest's `rustls` feature enables; its build script compiles it with the C compiler.".into());
    }
    notes
}

/// `cargo check` of the copy after regenerating it from the schema with one description changed,
/// then after changing it back; both directions are one-line schema changes. Returns the times
/// and a description of the change.
fn measure_check(ws: &Workspace) -> Result<(Vec<f64>, String), String> {
    eprintln!("bench: crate: cargo check after a one-line schema change");
    timed(&mut cargo_in(ws, &["check"]))?;
    let label = "schema/openapi.yaml";
    let original =
        std::fs::read_to_string(root().join(label)).map_err(|e| format!("{label}: {e}"))?;
    let (changed, line) =
        change_one_line(&original).ok_or("no one-line description to change in the schema")?;
    let copy = bench_dir().join("crate/changed-openapi.yaml");
    std::fs::write(&copy, &changed).map_err(|e| format!("{}: {e}", copy.display()))?;
    let changed_files = generator::generate(&copy, label).map_err(|e| e.to_string())?;
    let original_files = generator::generate_source(&original, label).map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut touched = Vec::new();
    for _ in 0..REPETITIONS {
        for files in [&changed_files, &original_files] {
            let changes = generator::output::write(&ws.krate, files).map_err(|e| e.to_string())?;
            touched = changes.stale.clone();
            times.push(timed(&mut cargo_in(ws, &["check"]))?);
        }
    }
    Ok((
        times,
        format!(
            "the description on line {line} of `{label}`; regenerating rewrites {}",
            touched.join(", ")
        ),
    ))
}

/// The schema with its last plain one-line `description:` extended, and that line's number.
fn change_one_line(schema: &str) -> Option<(String, usize)> {
    let lines: Vec<&str> = schema.lines().collect();
    let index = lines.iter().rposition(|line| {
        let value = line
            .trim_start()
            .strip_prefix("description: ")
            .unwrap_or("");
        !value.is_empty() && !value.starts_with(['\'', '"', '>', '|'])
    })?;
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[index].push_str(" Changed by the benchmark.");
    Some((out.join("\n") + "\n", index + 1))
}

fn method() -> Vec<String> {
    vec![
        "- Lines: every `.rs` file under `generated/`; code lines exclude blank lines and `//` comments (doc comments included, `#[doc]` attributes counted as code).".into(),
        "- Dependencies: distinct crates printed by `cargo tree -p avara -e normal --prefix none` (proc macros included, avara itself not), and again with `-e normal,build`.".into(),
        "- Builds: `generated/` is copied into `target/bench/crate/ws/avara`, a workspace of its own with the repository's `Cargo.lock` and `[profile]` settings, built with its own target directory (`target/bench/crate/target`, deleted first, so the cold build compiles every dependency). The cold build is one `cargo build --timings` (wall clock); the crate alone is `src/lib.rs` touched then `cargo build --timings` again, 3 times, median wall clock (cargo's start-up and fingerprint checks included). The same for `--release`.".into(),
        "- Check after a schema change: after one untimed `cargo check`, the schema is copied with its last one-line `description:` extended, the copy is generated into the crate copy with `generator::output::write` (which rewrites only changed files), and `cargo check` is timed; then the original is written back and timed the same way. 3 rounds, 6 samples, median.".into(),
        "- Contributors: each crate's time in the cold build's `--timings` report (library, build script and its run summed). Crates build in parallel on 2 cores, so the sum exceeds the wall clock. The crate's own frontend/codegen split comes from the same report.".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_plain_description_is_changed() {
        let schema = "a:\n  description: First.\n  b:\n    description: 'Quoted.'\n    description: Last.\n    x: 1\n";
        let (changed, line) = change_one_line(schema).expect("a line to change");
        assert_eq!(line, 5);
        assert!(changed.contains("    description: Last. Changed by the benchmark.\n"));
        assert!(changed.contains("description: First.\n"));
    }

    #[test]
    fn profiles_are_copied_from_the_manifest() {
        let manifest = "[workspace]\nmembers = []\n\n[profile.dev]\ndebug = 1\n\n[profile.dev.package.\"*\"]\ndebug = false\n[lints]\nx = 1\n";
        assert_eq!(
            profile_sections(manifest),
            "[profile.dev]\ndebug = 1\n\n[profile.dev.package.\"*\"]\ndebug = false\n"
        );
    }
}
