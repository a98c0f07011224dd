//! The peer benchmark: the same schemas through progenitor, the leading Rust OpenAPI generator.
//!
//! For the Avara schema and the synthetic schemas of 100 and 1,000 operations: the time each
//! generator takes as a whole process (ours is the `xtask codegen` binary, the runs of the two
//! interleaved), the lines each writes, and each generated crate's own build time in debug and
//! release with its dependencies built first, also divided by the operations. Our generator
//! reads the 3.1 schema; progenitor reads OpenAPI 3.0, so it reads the schema converted by
//! [`openapi30`](super::openapi30).
//!
//! progenitor's CLI, `cargo-progenitor`, is installed at a pinned version into
//! `target/bench/peer/tools` by a full run when it is missing; a quick run never installs it and
//! skips the section without it. Nothing in the tests uses it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::crate_build::{Unit, cargo_at, read_timings, read_tree, timed, touch, write_workspace};
use super::generation::{output_dir, release_xtask, write_synthetic};
use super::report::{Section, Table, Target, Verdict, count, median, ms, secs};
use super::{Mode, bench_dir, cargo, openapi30, run_capture};
use crate::root;

/// The newest cargo-progenitor on crates.io when this was written; it needs Rust 1.88.
const PROGENITOR_VERSION: &str = "0.15.1";
/// Synthetic sizes (operations) measured besides the Avara schema.
const SIZES: [usize; 2] = [100, 1_000];
/// Timed generations per generator and schema in a full run, and at 1,000 operations or more.
const RUNS: usize = 11;
const RUNS_LARGE: usize = 5;
/// Timed builds of each crate alone, per profile; one at 1,000 operations or more, where a
/// release build of one crate takes minutes on two cores.
const REPETITIONS: usize = 3;
const REPETITIONS_LARGE: usize = 1;
/// The HTTP methods of an OpenAPI path item: each one is an operation.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The two generators compared.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    /// Ours: `xtask codegen`.
    Avara,
    /// `cargo-progenitor`.
    Progenitor,
}

const TOOLS: [Tool; 2] = [Tool::Avara, Tool::Progenitor];

/// The cargo profiles the crates are built with.
#[derive(Clone, Copy)]
enum Profile {
    Debug,
    Release,
}

const PROFILES: [Profile; 2] = [Profile::Debug, Profile::Release];

/// A schema both generators read.
struct Schema {
    /// How the report names it, e.g. `synthetic, 100 operations`.
    label: String,
    /// Its name in directories and crate names, e.g. `synthetic-100`.
    slug: String,
    /// The OpenAPI 3.1 file our generator reads.
    source: PathBuf,
    /// Its 3.0 form, which progenitor reads.
    converted: PathBuf,
    operations: usize,
}

/// The binaries that generate, and where their outputs go.
struct Generators {
    xtask: PathBuf,
    progenitor: PathBuf,
    /// A directory on tmpfs when there is one.
    out: PathBuf,
}

/// What one generator made of one schema.
#[derive(Default)]
struct Outcome {
    /// Milliseconds per timed run of the whole process.
    generation_ms: Vec<f64>,
    /// `.rs` files and their lines in the output.
    files: u64,
    lines: u64,
    /// Seconds per timed build of the crate alone, per profile in the order of [`PROFILES`].
    build_s: [Vec<f64>; 2],
    /// rustc's frontend and codegen seconds of each timed build (`--timings`), per profile.
    phases_s: [Vec<(f64, f64)>; 2],
    /// Why the generator, or its crate's build, failed.
    failure: Option<String>,
}

/// One schema's results, one outcome per tool in the order of [`TOOLS`].
struct Measured {
    schema: Schema,
    outcomes: [Outcome; 2],
}

pub fn measure(mode: Mode) -> Result<Section, String> {
    let dir = bench_dir().join("peer");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let progenitor = progenitor_binary(&dir);
    if !is_installed(&dir) {
        if mode == Mode::Quick {
            let message = format!(
                "skipped: cargo-progenitor {PROGENITOR_VERSION} is not installed in {}; a full run (`cargo xtask bench --only peer`) installs it, a quick run never does.",
                progenitor.display()
            );
            eprintln!("bench: peer: {message}");
            return Ok(section(mode, &[], vec![message]));
        }
        install(&dir)?;
    }
    let generators = Generators {
        xtask: match mode {
            Mode::Quick => {
                std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?
            }
            Mode::Full => release_xtask()?,
        },
        progenitor,
        out: output_dir(&dir, "avara-bench-peer"),
    };
    let _ = std::fs::remove_dir_all(&generators.out);
    let mut measured = Vec::new();
    for schema in prepare_schemas(&dir)? {
        let mut outcomes = [Outcome::default(), Outcome::default()];
        measure_generation(mode, &generators, &schema, &mut outcomes);
        measured.push(Measured { schema, outcomes });
    }
    let _ = std::fs::remove_dir_all(&generators.out);
    let mut notes = Vec::new();
    if mode == Mode::Full {
        for m in &mut measured {
            measure_builds(&dir, &generators, &m.schema, &mut m.outcomes)?;
        }
    } else {
        notes.push("Quick run: our generator is the running debug build of xtask (progenitor is its release install), 3 runs per schema (1 at 1,000 operations), and the crates are not built; targets are not judged.".into());
    }
    for m in &measured {
        for (tool, outcome) in TOOLS.iter().zip(&m.outcomes) {
            if let Some(failure) = &outcome.failure {
                notes.push(format!("{}, {}: {failure}", m.schema.label, tool.name()));
            }
        }
    }
    Ok(section(mode, &measured, notes))
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Avara => "Avara (`xtask codegen`)",
            Tool::Progenitor => "progenitor",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Tool::Avara => "avara",
            Tool::Progenitor => "progenitor",
        }
    }

    /// The command that generates `schema` into `out`, a directory that does not exist yet.
    fn command(self, generators: &Generators, schema: &Schema, out: &Path) -> Command {
        match self {
            Tool::Avara => {
                let mut command = Command::new(&generators.xtask);
                command
                    .arg("codegen")
                    .arg("--schema")
                    .arg(&schema.source)
                    .arg("--out")
                    .arg(out);
                command
            }
            Tool::Progenitor => {
                // The binary directly, as ours is run: `cargo progenitor` would add cargo's start.
                let mut command = Command::new(&generators.progenitor);
                command
                    .arg("progenitor")
                    .arg("-i")
                    .arg(&schema.converted)
                    .arg("-o")
                    .arg(out)
                    .args(["-n", &format!("progenitor-{}", schema.slug)])
                    .args(["-v", "0.1.0"]);
                command
            }
        }
    }
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        }
    }

    fn build_args(self) -> &'static [&'static str] {
        match self {
            Profile::Debug => &["build"],
            Profile::Release => &["build", "--release"],
        }
    }
}

fn progenitor_binary(dir: &Path) -> PathBuf {
    dir.join("tools/bin")
        .join(format!("cargo-progenitor{}", std::env::consts::EXE_SUFFIX))
}

/// Whether the pinned version is installed: the binary, and cargo's record of its version.
fn is_installed(dir: &Path) -> bool {
    let record = std::fs::read_to_string(dir.join("tools/.crates.toml")).unwrap_or_default();
    progenitor_binary(dir).is_file()
        && record.contains(&format!("\"cargo-progenitor {PROGENITOR_VERSION} "))
}

/// `cargo install --locked` of the pinned version into `target/bench/peer/tools`.
fn install(dir: &Path) -> Result<(), String> {
    let tools = dir.join("tools");
    eprintln!(
        "bench: peer: installing cargo-progenitor {PROGENITOR_VERSION} into {} (once; several minutes)",
        tools.display()
    );
    run_capture(
        cargo()
            .args(["install", "--locked", "--quiet", "cargo-progenitor"])
            .arg("--version")
            .arg(format!("={PROGENITOR_VERSION}"))
            .arg("--root")
            .arg(&tools),
    )?;
    if is_installed(dir) {
        Ok(())
    } else {
        Err(format!(
            "cargo install reported success but {} is missing",
            progenitor_binary(dir).display()
        ))
    }
}

/// The Avara schema and the synthetic ones, each with its 3.0 conversion written beside it.
fn prepare_schemas(dir: &Path) -> Result<Vec<Schema>, String> {
    let mut sources = vec![(
        "schema/openapi.yaml".to_owned(),
        "avara".to_owned(),
        root().join("schema/openapi.yaml"),
    )];
    for size in SIZES {
        sources.push((
            format!("synthetic, {size} operations"),
            format!("synthetic-{size}"),
            write_synthetic(dir, size)?,
        ));
    }
    sources
        .into_iter()
        .map(|(label, slug, source)| {
            let text = std::fs::read_to_string(&source)
                .map_err(|e| format!("{}: {e}", source.display()))?;
            let document =
                openapi30::convert(&text).map_err(|e| format!("{}: {e}", source.display()))?;
            let converted = dir.join(format!("{slug}-3.0.yaml"));
            let yaml = serde_yaml::to_string(&document).map_err(|e| e.to_string())?;
            std::fs::write(&converted, yaml)
                .map_err(|e| format!("{}: {e}", converted.display()))?;
            Ok(Schema {
                label,
                slug,
                source,
                converted,
                operations: count_operations(&document),
            })
        })
        .collect()
}

fn count_operations(document: &serde_yaml::Value) -> usize {
    document
        .get("paths")
        .and_then(serde_yaml::Value::as_mapping)
        .map(|paths| {
            paths
                .values()
                .filter_map(serde_yaml::Value::as_mapping)
                .flat_map(|item| item.keys())
                .filter(|key| key.as_str().is_some_and(|k| METHODS.contains(&k)))
                .count()
        })
        .unwrap_or(0)
}

/// Timed runs of both generators, taking turns (the order swapping every run), each into a new
/// directory; then the size of the last output.
fn measure_generation(
    mode: Mode,
    generators: &Generators,
    schema: &Schema,
    outcomes: &mut [Outcome; 2],
) {
    let runs = match (mode, schema.operations) {
        (Mode::Quick, n) if n >= 1_000 => 1,
        (Mode::Quick, _) => 3,
        (Mode::Full, n) if n >= 1_000 => RUNS_LARGE,
        (Mode::Full, _) => RUNS,
    };
    eprintln!(
        "bench: peer: generating {} ({runs} timed runs per generator)",
        schema.label
    );
    let base = generators.out.join(&schema.slug);
    // Run 0 warms the page cache and is not counted.
    for run in 0..=runs {
        let mut order = TOOLS;
        order.rotate_left(run % TOOLS.len());
        for tool in order {
            let outcome = &mut outcomes[tool as usize];
            if outcome.failure.is_some() {
                continue;
            }
            let out = base.join(format!("{}-{run}", tool.slug()));
            match timed_process(&mut tool.command(generators, schema, &out)) {
                Ok(elapsed) if run > 0 => outcome.generation_ms.push(elapsed * 1e3),
                Ok(_) => {}
                Err(e) => outcome.failure = Some(format!("generation failed: {e}")),
            }
        }
    }
    for tool in TOOLS {
        let outcome = &mut outcomes[tool as usize];
        if outcome.failure.is_none() {
            match read_tree(&base.join(format!("{}-{runs}", tool.slug()))) {
                Ok(files) => {
                    let rust = files.iter().filter(|(path, _)| path.ends_with(".rs"));
                    for (_, text) in rust {
                        outcome.files += 1;
                        outcome.lines += text.lines().count() as u64;
                    }
                }
                Err(e) => outcome.failure = Some(e),
            }
        }
    }
}

/// Runs a whole process with its output captured, returning its wall-clock time in seconds;
/// on failure, the last lines of what it printed.
fn timed_process(command: &mut Command) -> Result<f64, String> {
    let start = Instant::now();
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start {command:?}: {e}"))?;
    let elapsed = start.elapsed().as_secs_f64();
    if output.status.success() {
        return Ok(elapsed);
    }
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = printed
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with(char::is_numeric))
        .collect();
    Err(format!(
        "{} ({}): {}",
        command.get_program().to_string_lossy(),
        output.status,
        lines[lines.len().saturating_sub(4)..].join(" / ")
    ))
}

/// Each generator's crate, generated into a workspace of its own, built once per profile
/// (dependencies included, untimed), then built alone after touching `src/lib.rs`, the two
/// crates taking turns.
fn measure_builds(
    dir: &Path,
    generators: &Generators,
    schema: &Schema,
    outcomes: &mut [Outcome; 2],
) -> Result<(), String> {
    // One target directory for every crate: each dependency is built once per profile.
    let target = dir.join("target");
    let workspaces = generate_workspaces(dir, generators, schema, outcomes)?;
    for profile in PROFILES {
        for (tool, ws) in TOOLS.iter().zip(&workspaces) {
            let outcome = &mut outcomes[*tool as usize];
            if outcome.failure.is_some() {
                continue;
            }
            eprintln!(
                "bench: peer: {}: {} build of {}'s crate with its dependencies",
                schema.label,
                profile.name(),
                tool.slug()
            );
            if let Err(e) = run_capture(&mut cargo_at(ws, &target, profile.build_args())) {
                let name = profile.name();
                outcome.failure = Some(format!("the crate does not build ({name}): {e}"));
            }
        }
        let repetitions = if schema.operations >= 1_000 {
            REPETITIONS_LARGE
        } else {
            REPETITIONS
        };
        for round in 0..repetitions {
            let mut order = TOOLS;
            order.rotate_left(round % TOOLS.len());
            for tool in order {
                let outcome = &mut outcomes[tool as usize];
                if outcome.failure.is_some() {
                    continue;
                }
                eprintln!(
                    "bench: peer: {}: {} build of {}'s crate alone",
                    schema.label,
                    profile.name(),
                    tool.slug()
                );
                let ws = &workspaces[tool as usize];
                touch(&ws.join("crate/src/lib.rs"))?;
                let args = [profile.build_args(), &["--timings"]].concat();
                let elapsed = timed(&mut cargo_at(ws, &target, &args))?;
                outcome.build_s[profile as usize].push(elapsed);
                // Only the touched crate is rebuilt, so the report's units are its own.
                let units = read_timings(&target)?;
                let phase = |f: fn(&Unit) -> Option<f64>| units.iter().filter_map(f).sum::<f64>();
                outcome.phases_s[profile as usize]
                    .push((phase(|u| u.frontend), phase(|u| u.codegen)));
            }
        }
    }
    Ok(())
}

/// A new workspace per generator (`target/bench/peer/ws/{schema}-{tool}`) with the crate it
/// generates from `schema` as its member `crate`; in the order of [`TOOLS`].
fn generate_workspaces(
    dir: &Path,
    generators: &Generators,
    schema: &Schema,
    outcomes: &mut [Outcome; 2],
) -> Result<Vec<PathBuf>, String> {
    let mut workspaces = Vec::new();
    for tool in TOOLS {
        let ws = dir
            .join("ws")
            .join(format!("{}-{}", schema.slug, tool.slug()));
        let _ = std::fs::remove_dir_all(&ws);
        std::fs::create_dir_all(&ws).map_err(|e| format!("{}: {e}", ws.display()))?;
        write_workspace(&ws, "crate")?;
        let outcome = &mut outcomes[tool as usize];
        if outcome.failure.is_none() {
            let generated = timed_process(&mut tool.command(generators, schema, &ws.join("crate")));
            if let Err(e) = generated {
                outcome.failure = Some(format!("generation failed: {e}"));
            }
        }
        workspaces.push(ws);
    }
    Ok(workspaces)
}

fn section(mode: Mode, measured: &[Measured], notes: Vec<String>) -> Section {
    let mut tables = Vec::new();
    let mut targets = Vec::new();
    if !measured.is_empty() {
        tables.push(figures_table(measured));
        tables.push(ratios_table(measured));
    }
    let largest = measured.iter().max_by_key(|m| m.schema.operations);
    if let (Mode::Full, Some(largest)) = (mode, largest) {
        targets = build_targets(largest);
    }
    Section {
        title: "Peer: progenitor",
        tables,
        targets,
        notes,
        method: method(),
    }
}

/// A figure's cell: the median, or a dash when there is nothing to show.
fn cell(samples: &[f64], show: impl Fn(f64) -> String) -> String {
    if samples.is_empty() {
        "—".into()
    } else {
        show(median(samples))
    }
}

/// Milliseconds of build per operation.
fn per_operation(samples: &[f64], operations: usize) -> Vec<f64> {
    samples
        .iter()
        .map(|s| s * 1e3 / operations.max(1) as f64)
        .collect()
}

fn figures_table(measured: &[Measured]) -> Table {
    let mut table = Table::new(
        "Per schema and generator: generation as a whole process (median ms), the `.rs` files written, and the generated crate's own build with its dependencies built (median s, and ms per operation):",
        &[
            "Schema",
            "Generator",
            "Operations",
            "Generation (ms)",
            "Files",
            "Lines",
            "Debug build (s)",
            "Debug per operation (ms)",
            "Release build (s)",
            "Release per operation (ms)",
        ],
    );
    for m in measured {
        for (tool, o) in TOOLS.iter().zip(&m.outcomes) {
            let ops = m.schema.operations;
            let mut row = vec![
                m.schema.label.clone(),
                tool.name().into(),
                ops.to_string(),
                cell(&o.generation_ms, ms),
                count(o.files),
                count(o.lines),
            ];
            for builds in &o.build_s {
                row.push(cell(builds, secs));
                row.push(cell(&per_operation(builds, ops), ms));
            }
            table.row(row);
        }
    }
    table
}

/// Avara / progenitor of a figure; a dash when either is missing.
fn ratio(m: &Measured, figure: fn(&Outcome) -> f64) -> Option<f64> {
    let [ours, theirs] = &m.outcomes;
    let (a, b) = (figure(ours), figure(theirs));
    (a.is_finite() && b.is_finite() && b > 0.0).then_some(a / b)
}

fn median_or_nan(samples: &[f64]) -> f64 {
    if samples.is_empty() {
        f64::NAN
    } else {
        median(samples)
    }
}

fn ratios_table(measured: &[Measured]) -> Table {
    let mut table = Table::new(
        "Avara / progenitor (below 1: ours is faster or smaller):",
        &[
            "Schema",
            "Generation time",
            "Lines",
            "Debug build",
            "Release build",
        ],
    );
    let show = |r: Option<f64>| r.map_or("—".into(), |r| format!("{r:.2}×"));
    for m in measured {
        table.row(vec![
            m.schema.label.clone(),
            show(ratio(m, |o| median_or_nan(&o.generation_ms))),
            show(ratio(m, |o| o.lines as f64)),
            show(ratio(m, |o| {
                median_or_nan(&o.build_s[Profile::Debug as usize])
            })),
            show(ratio(m, |o| {
                median_or_nan(&o.build_s[Profile::Release as usize])
            })),
        ]);
    }
    table
}

/// The targets: our crate's own build time per operation at most progenitor's, per profile.
fn build_targets(m: &Measured) -> Vec<Target> {
    PROFILES
        .into_iter()
        .map(|profile| {
            let ops = m.schema.operations;
            let per_op =
                |o: &Outcome| median_or_nan(&per_operation(&o.build_s[profile as usize], ops));
            let [ours, theirs] = &m.outcomes;
            let (a, b) = (per_op(ours), per_op(theirs));
            let measured = if a.is_finite() && b.is_finite() {
                format!("{} against {} ms ({:.2}×)", ms(a), ms(b), a / b)
            } else {
                "not measured (a crate did not generate or build)".into()
            };
            let phases = |tool: Tool| {
                let samples = &m.outcomes[tool as usize].phases_s[profile as usize];
                let frontend = median(&samples.iter().map(|p| p.0).collect::<Vec<_>>());
                let codegen = median(&samples.iter().map(|p| p.1).collect::<Vec<_>>());
                format!(
                    "{}: frontend (parse, expand, type-check) {}, codegen (LLVM) {}",
                    tool.name(),
                    secs(frontend),
                    secs(codegen)
                )
            };
            Target {
                what: format!(
                    "Peer: generated crate's own {} build per operation, {} operations, Avara vs progenitor",
                    profile.name(),
                    count(ops as u64)
                ),
                target: "≤ 1.00×".into(),
                measured,
                verdict: Verdict::judge(a <= b, a.is_finite() && b.is_finite()),
                profile: format!(
                    "rustc's phases (`--timings`, median): {}; {}",
                    phases(Tool::Avara),
                    phases(Tool::Progenitor)
                ),
            }
        })
        .collect()
}

fn method() -> Vec<String> {
    vec![
        format!("- progenitor: `cargo-progenitor` {PROGENITOR_VERSION} (the newest on crates.io when the section was written; it needs Rust 1.88), installed by the first full run with `cargo install --locked` into `target/bench/peer/tools`, and run with its defaults (positional interface, merged tags): `cargo-progenitor progenitor -i SCHEMA -o DIR -n NAME -v 0.1.0`. It writes `Cargo.toml` and one `src/lib.rs`, formatted by running `rustfmt`; the generated crate depends on `progenitor-client`, which holds its runtime, so its lines do not count that runtime, while ours count the runtime files the generated crate carries (about 2,600 lines)."),
        "- Schemas: `schema/openapi.yaml` and the synthetic schemas of 100 and 1,000 operations of the generator section (`xtask/src/synthetic.rs`). Our generator reads them as they are (OpenAPI 3.1); progenitor reads OpenAPI 3.0, converted by `xtask/src/bench/openapi30.rs` (type lists with `null` and unions with a `null` member become `nullable: true`, `const` a one-value `enum`, schema `examples` the first `example`; `x-` keys, `webhooks` and other 3.1-only parts dropped; its doc comment lists every change and why). The operations are the HTTP methods under `paths`.".into(),
        format!("- Generation: each generator as a whole process, the binary run directly (ours is the release build of xtask, `xtask codegen --schema SCHEMA --out DIR`; a quick run uses the debug build), each run into a new directory on tmpfs (`/dev/shm`, where there is one) with its output captured. One untimed run each, then {RUNS} timed runs each ({RUNS_LARGE} at 1,000 operations), the two generators taking turns and swapping the order every run; median wall clock."),
        format!("- Builds: each generated crate in a workspace of its own (`target/bench/peer/ws/`, the repository's `Cargo.lock` and `[profile]` settings, so dependencies they share resolve to the same versions), all built into one target directory (`target/bench/peer/target`). Per profile, each crate is built once with its dependencies (untimed), then `src/lib.rs` is touched and `cargo build --timings` (`--release`) timed (rustc's frontend and codegen phases of the crate read from the timings report), {REPETITIONS} times per crate ({REPETITIONS_LARGE} at 1,000 operations, where one release build takes minutes), the two crates taking turns; median wall clock, cargo's start-up and fingerprint checks included, as in the generated crate section. Per operation is that time divided by the schema's operations."),
        "- The targets take the 1,000-operation schema, where the per-operation cost has left the fixed cost of a crate (cargo, the crate root, our runtime) behind.".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_the_methods_of_the_path_items() {
        let document: serde_yaml::Value = serde_yaml::from_str(
            "paths:\n  /a:\n    parameters: []\n    get: {}\n    post: {}\n  /b:\n    summary: S\n    delete: {}\n",
        )
        .expect("the document is YAML");
        assert_eq!(count_operations(&document), 3);
    }
}
