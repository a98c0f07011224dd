//! The generator benchmark: time and peak memory from reading a schema to the crate written.
//!
//! Each schema is measured in its own child process (`xtask bench --child-generator ...`), so
//! that the process's peak resident memory (`VmHWM`) belongs to that schema alone. A full run
//! builds xtask in release first and runs that binary; a quick run uses the running (debug)
//! binary and says so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};

use super::report::{Section, Table, Target, Verdict, median, mib, ms};
use super::{Mode, bench_dir, cargo, read_kib, run_capture};
use crate::{root, synthetic};

/// Synthetic sizes (operations) of a full run; a quick run drops the largest.
const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
/// The growth exponent that still counts as linear, allowing for noise.
const LINEAR: f64 = 1.10;

/// What one child measured for one schema.
pub struct Measured {
    label: String,
    pub operations: u64,
    types: u64,
    files: u64,
    lines: u64,
    /// Median milliseconds, read to written.
    pub total: f64,
    load: f64,
    lower: f64,
    emit: f64,
    write: f64,
    peak_kib: f64,
}

/// Runs in the child: `--schema PATH --label NAME --runs N --out DIR`. Prints one JSON line.
pub fn child(args: &[String]) -> Result<(), String> {
    let mut schema = None;
    let mut label = String::from("schema.yaml");
    let mut runs = 5;
    let mut out = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--schema" => schema = Some(PathBuf::from(value()?)),
            "--label" => label = value()?,
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let (Some(schema), Some(out)) = (schema, out) else {
        return Err("--schema and --out are required".into());
    };
    // The label names the schema in messages and file headers; it does not change the work.
    let file_label = schema.to_string_lossy().replace('\\', "/");
    let mut samples: Vec<[f64; 5]> = Vec::new();
    let mut shape = json!({});
    // Run 0 warms the page cache and the allocator; it is not counted. Every run writes into a
    // new directory, and the parent deletes them all after the last schema: ext4 makes creating
    // files slow for a while after many were deleted (its inode allocator skips recently deleted
    // inodes), which would measure the file system rather than the generator.
    for run in 0..=runs {
        let (times, files, api) =
            generate_once(&schema, &file_label, &out.join(format!("run-{run}")))?;
        if run > 0 {
            samples.push(times);
        }
        let lines: usize = files.values().map(|text| text.lines().count()).sum();
        shape = json!({
            "operations": count_operations(&api.resources),
            "types": api.types.len(),
            "files": files.len(),
            "lines": lines,
        });
    }
    let column = |i: usize| samples.iter().map(|s| s[i]).collect::<Vec<f64>>();
    let result = json!({
        "label": label,
        "shape": shape,
        "total_ms": column(0), "load_ms": column(1), "lower_ms": column(2),
        "emit_ms": column(3), "write_ms": column(4),
        "peak_kib": read_kib("/proc/self/status", "VmHWM:"),
    });
    println!("{result}");
    Ok(())
}

/// One run: read, load, lower, emit, write; the times in milliseconds (total first).
fn generate_once(
    schema: &Path,
    label: &str,
    out: &Path,
) -> Result<([f64; 5], generator::Files, generator::ir::Api), String> {
    let start = Instant::now();
    let source =
        std::fs::read_to_string(schema).map_err(|e| format!("{}: {e}", schema.display()))?;
    let loaded = generator::spec::load(&source, label).map_err(|e| e.to_string())?;
    let loaded_at = Instant::now();
    let api = generator::lower::lower(&loaded).map_err(|e| e.to_string())?;
    let lowered_at = Instant::now();
    let files = generator::emit::generate_crate(&api, label).map_err(|e| e.to_string())?;
    let emitted_at = Instant::now();
    generator::output::write(out, &files).map_err(|e| e.to_string())?;
    let written_at = Instant::now();
    let span = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1e3;
    let times = [
        span(start, written_at),
        span(start, loaded_at),
        span(loaded_at, lowered_at),
        span(lowered_at, emitted_at),
        span(emitted_at, written_at),
    ];
    Ok((times, files, api))
}

fn count_operations(resources: &[generator::ir::Resource]) -> usize {
    resources
        .iter()
        .map(|r| r.operations.len() + count_operations(&r.children))
        .sum()
}

/// Measures the Avara schema and every synthetic size, one child process each.
pub fn measure(mode: Mode) -> Result<Section, String> {
    let exe = match mode {
        Mode::Quick => {
            std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?
        }
        Mode::Full => release_xtask()?,
    };
    let dir = bench_dir().join("generator");
    let outputs = output_dir(&dir, "avara-bench");
    let _ = std::fs::remove_dir_all(&outputs);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let sizes: &[usize] = if mode == Mode::Quick {
        &SIZES[..3]
    } else {
        &SIZES
    };
    let mut jobs = vec![(
        "schema/openapi.yaml".to_owned(),
        root().join("schema/openapi.yaml"),
        runs(mode, 0),
    )];
    for &size in sizes {
        let path = write_synthetic(&dir, size)?;
        jobs.push((
            format!("synthetic, {size} operations"),
            path,
            runs(mode, size),
        ));
    }
    let mut measured = Vec::new();
    for (label, path, runs) in jobs {
        eprintln!(
            "bench: generator: {label} ({runs} timed {})",
            if runs == 1 { "run" } else { "runs" }
        );
        let out = outputs.join(measured.len().to_string());
        measured.push(run_child(&exe, &label, &path, runs, &out)?);
    }
    let _ = std::fs::remove_dir_all(&outputs);
    Ok(section(mode, &measured, sizes))
}

/// Runs the generator benchmark's child, the xtask binary `exe`, on one schema: `runs` timed
/// runs after an untimed one, each written under `out`.
///
/// The child's command line and output are the same at every commit since the benchmark began,
/// so `exe` may be the xtask of an earlier commit (see [`history`](super::history)).
pub fn run_child(
    exe: &Path,
    label: &str,
    schema: &Path,
    runs: u32,
    out: &Path,
) -> Result<Measured, String> {
    let mut command = Command::new(exe);
    command.args([
        "bench",
        "--child-generator",
        "--label",
        label,
        "--runs",
        &runs.to_string(),
    ]);
    command.arg("--schema").arg(schema).arg("--out").arg(out);
    let output = run_capture(&mut command)?;
    let value: Value = serde_json::from_str(output.trim())
        .map_err(|e| format!("generator child output `{output}`: {e}"))?;
    Ok(parse(&value))
}

/// Writes the synthetic schema of `size` operations as `dir/synthetic-{size}.yaml`.
pub fn write_synthetic(dir: &Path, size: usize) -> Result<PathBuf, String> {
    let path = dir.join(format!("synthetic-{size}.yaml"));
    std::fs::write(&path, synthetic::schema(size))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Where generated files go: `/dev/shm/{name}` on tmpfs when there is one, else `dir/out`.
///
/// On the ext4 disk of the machine these figures were first taken on, writing the same 85 files
/// took from 3 to 90 ms depending on how many files concurrent builds had deleted in the minutes
/// before (ext4's inode allocator skips recently deleted inodes), and grew from run to run; on
/// tmpfs the write stage measures the generator's own work.
pub fn output_dir(dir: &Path, name: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() && std::fs::create_dir_all(shm.join(name)).is_ok() {
        shm.join(name)
    } else {
        dir.join("out")
    }
}

/// Repetitions per schema: enough for a stable median, few where one run takes long.
pub fn runs(mode: Mode, size: usize) -> u32 {
    match (mode, size) {
        // A debug build takes about 8 s per run at 1,000 operations.
        (Mode::Quick, 1_000) => 1,
        (Mode::Quick, _) => 3,
        (Mode::Full, 10_000) => 5,
        (Mode::Full, 1_000) => 9,
        (Mode::Full, _) => 21,
    }
}

/// Builds xtask in release and returns the path of the binary.
pub fn release_xtask() -> Result<PathBuf, String> {
    eprintln!("bench: building xtask in release");
    run_capture(cargo().args(["build", "--release", "--quiet", "-p", "xtask"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    Ok(target
        .join("release")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX)))
}

fn parse(value: &Value) -> Measured {
    let med = |key: &str| {
        let samples: Vec<f64> = value[key]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        median(&samples)
    };
    let shape = |key: &str| value["shape"][key].as_u64().unwrap_or(0);
    Measured {
        label: value["label"].as_str().unwrap_or("?").to_owned(),
        operations: shape("operations"),
        types: shape("types"),
        files: shape("files"),
        lines: shape("lines"),
        total: med("total_ms"),
        load: med("load_ms"),
        lower: med("lower_ms"),
        emit: med("emit_ms"),
        write: med("write_ms"),
        peak_kib: value["peak_kib"].as_f64().unwrap_or(0.0),
    }
}

/// The exponent `k` in `time ∝ operations^k` between two measurements.
fn exponent(a: (f64, f64), b: (f64, f64)) -> f64 {
    (b.1 / a.1).ln() / (b.0 / a.0).ln()
}

fn section(mode: Mode, measured: &[Measured], sizes: &[usize]) -> Section {
    let (main, stages) = time_tables(measured);
    let synthetic = &measured[1..];
    let growth = growth_table(synthetic);
    let avara = &measured[0];
    let last = &synthetic[synthetic.len() - 1];
    let targets = targets(mode, avara, synthetic, sizes);
    let mut notes = dominant_stage(avara);
    notes.extend(dominant_stage(last));
    if mode == Mode::Quick {
        notes.push("Quick run: debug build of the generator, 3 runs per schema (1 at 1,000 operations), 10,000 operations skipped; targets are not judged.".into());
    }
    Section {
        title: "Generator",
        tables: vec![main, stages, growth],
        targets,
        notes,
        method: method(),
    }
}

/// The size, total time and memory of each schema, and its time per stage.
fn time_tables(measured: &[Measured]) -> (Table, Table) {
    let mut main = Table::new(
        "",
        &[
            "Schema",
            "Operations",
            "Types",
            "Files",
            "Lines out",
            "Median time (ms)",
            "Per operation (ms)",
            "Peak memory (MiB)",
        ],
    );
    let mut stages = Table::new(
        "Median time per stage (ms):",
        &[
            "Schema",
            "Read + parse YAML",
            "Lower to IR",
            "Emit (quote + prettyplease)",
            "Write files",
        ],
    );
    for m in measured {
        main.row(vec![
            m.label.clone(),
            m.operations.to_string(),
            m.types.to_string(),
            super::report::count(m.files),
            super::report::count(m.lines),
            ms(m.total),
            format!("{:.3}", m.total / m.operations.max(1) as f64),
            mib(m.peak_kib),
        ]);
        stages.row(vec![
            m.label.clone(),
            ms(m.load),
            ms(m.lower),
            ms(m.emit),
            ms(m.write),
        ]);
    }
    (main, stages)
}

/// The growth exponent between consecutive synthetic sizes, in total and per stage.
fn growth_table(synthetic: &[Measured]) -> Table {
    let mut growth = Table::new(
        "Growth exponent k in figure ∝ operations^k (1 is linear), in total and per stage:",
        &[
            "Between",
            "Time",
            "Peak memory",
            "Read + parse",
            "Lower",
            "Emit",
            "Write",
        ],
    );
    for pair in synthetic.windows(2) {
        let k = |f: fn(&Measured) -> f64| stage_exponent(pair, f);
        growth.row(vec![
            format!("{} → {} operations", pair[0].operations, pair[1].operations),
            k(|m| m.total),
            k(|m| m.peak_kib),
            k(|m| m.load),
            k(|m| m.lower),
            k(|m| m.emit),
            k(|m| m.write),
        ]);
    }
    growth
}

/// The generator's targets: the Avara schema's time, the largest size's time, linear growth.
fn targets(mode: Mode, avara: &Measured, synthetic: &[Measured], sizes: &[usize]) -> Vec<Target> {
    let judged = mode == Mode::Full;
    let last = &synthetic[synthetic.len() - 1];
    let last_pair = &synthetic[synthetic.len() - 2..];
    let k = exponent(
        (last_pair[0].operations as f64, last_pair[0].total),
        (last.operations as f64, last.total),
    );
    let mut targets = vec![Target {
        what: "Generator: Avara schema, read to written".into(),
        target: "< 20 ms".into(),
        measured: format!("{} ms", ms(avara.total)),
        verdict: Verdict::judge(avara.total < 20.0, judged),
        profile: stage_profile(avara),
    }];
    if sizes.contains(&10_000) {
        targets.push(Target {
            what: "Generator: 10,000 operations, read to written".into(),
            target: "< 2 s".into(),
            measured: super::report::secs(last.total / 1e3),
            verdict: Verdict::judge(last.total < 2_000.0, judged),
            profile: stage_profile(last),
        });
    }
    targets.push(Target {
        what: format!(
            "Generator: growth, {} → {} operations",
            last_pair[0].operations, last.operations
        ),
        target: format!("exponent ≤ {LINEAR:.2} (linear)"),
        measured: format!("{k:.2}"),
        verdict: Verdict::judge(k <= LINEAR, judged),
        profile: format!(
            "per stage: read + parse {}, lower {}, emit {}, write {}",
            stage_exponent(last_pair, |m| m.load),
            stage_exponent(last_pair, |m| m.lower),
            stage_exponent(last_pair, |m| m.emit),
            stage_exponent(last_pair, |m| m.write),
        ),
    });
    targets
}

/// The growth exponent of one figure (the total, a stage, the memory) between two sizes.
fn stage_exponent(pair: &[Measured], stage: fn(&Measured) -> f64) -> String {
    let k = exponent(
        (pair[0].operations as f64, stage(&pair[0])),
        (pair[1].operations as f64, stage(&pair[1])),
    );
    format!("{k:.2}")
}

/// Each stage's share of a schema's time, largest first.
fn stage_profile(m: &Measured) -> String {
    let mut stages = [
        ("read + parse YAML", m.load),
        ("lower", m.lower),
        ("emit (templates, syn, prettyplease)", m.emit),
        ("write", m.write),
    ];
    stages.sort_by(|a, b| b.1.total_cmp(&a.1));
    let parts: Vec<String> = stages
        .iter()
        .map(|(name, time)| {
            format!(
                "{name} {} ms ({:.0}%)",
                ms(*time),
                100.0 * time / m.total.max(f64::MIN_POSITIVE)
            )
        })
        .collect();
    parts.join(", ")
}

/// A note naming the stage that takes most of the time at the largest size.
fn dominant_stage(m: &Measured) -> Vec<String> {
    let stages = [
        ("reading and parsing the YAML", m.load),
        ("lowering", m.lower),
        ("emitting", m.emit),
        ("writing files", m.write),
    ];
    let Some((name, time)) = stages.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Vec::new();
    };
    vec![format!(
        "{}: {name} takes the most time, {} of {} ms ({:.0}%).",
        m.label,
        ms(time),
        ms(m.total),
        100.0 * time / m.total.max(f64::MIN_POSITIVE)
    )]
}

fn method() -> Vec<String> {
    vec![
        "- In process, through the generator library: `std::fs::read_to_string` of the schema, `generator::spec::load` (YAML parse and typed model), `generator::lower::lower`, `generator::emit::generate_crate` (all files rendered in memory, every `.rs` file through `syn` and `prettyplease`), then `generator::output::write` into a new, empty directory, so every run writes every file. The files are written to tmpfs (`/dev/shm`; `target/bench/` where there is none), each run into a directory of its own, all deleted after the last schema. On this machine's ext4 disk the write stage was dominated by the file system, not the generator: writing the Avara crate's 85 files took from 3 to 90 ms depending on how many files concurrent builds had deleted in the minutes before (`perf` showed ext4's inode allocator in `recently_deleted`, skipping recently freed inodes), and at 10,000 operations writing took from 0.8 to 15 s.".into(),
        "- Times are wall clock: the emitter renders files on every core (2 here), so emit and the total are not CPU time. Release build of xtask (`cargo build --release -p xtask`), one child process per schema, so each schema's peak memory is its own: the peak is `VmHWM` (peak resident set) from `/proc/self/status` at the end of the child, and includes the process's baseline (about 2 MiB).".into(),
        "- Allocator: xtask (the `cargo xtask codegen` binary, and these children) uses mimalloc as its global allocator; the generator library leaves that choice to the binary. About a third of the generator's time went to glibc's `malloc` and `free` (`perf`): when mimalloc was adopted, alternating runs on this machine measured glibc about a quarter slower at 1,000 operations (610 to 720 ms against 470 to 550 ms) and on the Avara schema (22 to 26 ms against 18 to 21 ms), with a lower peak memory (64 against 120 MiB at 1,000 operations, 9 against 33 MiB on the Avara schema). At 10,000 operations the totals overlapped (6.0 to 7.2 s against 5.3 to 6.7 s): emitting and writing were faster with mimalloc, reading the YAML slower (0.9 to 1.0 s against 1.0 to 1.5 s).".into(),
        "- One untimed warm-up run, then 21 timed runs (9 at 1,000 operations, 5 at 10,000); the figure is the median.".into(),
        "- The synthetic schemas come from `xtask/src/synthetic.rs`: resources of five operations (a paginated list with cursor, limit, an enum-array filter, a string filter with limits, a date-time and a nullable boolean filter; create with a body component; retrieve; update with nullable fields and a constrained string map; an archive action with an inline body). Every other resource is nested below its neighbour, with the parent ID in the path. Each resource has seven components: a patterned ID, two enums (one with `x-enum-descriptions`), an entity with 13 or 14 properties of every kind, a list envelope, and create and update bodies. So the number of models and enums grows in proportion to the operations.".into(),
        format!("- Growth exponent: `ln(t2 / t1) / ln(n2 / n1)` between consecutive synthetic sizes; the target counts as met when the exponent between the two largest sizes is at most {LINEAR:.2}, which allows for noise."),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_of_linear_and_quadratic_growth() {
        assert!((exponent((10.0, 5.0), (100.0, 50.0)) - 1.0).abs() < 1e-9);
        assert!((exponent((10.0, 5.0), (100.0, 500.0)) - 2.0).abs() < 1e-9);
    }
}
