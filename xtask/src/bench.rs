//! `cargo xtask bench`: the generator, generated-crate, before-and-after (earlier commits), peer
//! (progenitor) and runtime benchmarks.
//!
//! Runs every benchmark, prints the tables, and with `--write` replaces `BENCHMARKS.md` with the
//! figures, the machine, the date, the commit and how each figure was measured. `--quick` runs a
//! reduced version (debug builds, fewer repetitions, no crate builds, and no progenitor unless
//! a full run installed it) that finishes in under two minutes once the workspace's dependencies
//! are built. Nothing here is a test: no figure ever fails the command; targets are reported as
//! met or not.

mod crate_build;
mod generation;
mod history;
mod openapi30;
mod peer;
mod report;
mod runtime;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::root;
use report::{Section, Verdict};

const USAGE: &str =
    "usage: cargo xtask bench [--quick] [--write] [--only generator|crate|history|peer|runtime]";

/// How thorough a run is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Debug builds, few repetitions, no crate builds; targets are not judged.
    Quick,
    /// Release builds and every measurement.
    Full,
}

/// The benchmark sections, in the order they run.
const SECTIONS: [&str; 5] = ["generator", "crate", "history", "peer", "runtime"];

pub fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("--child-generator") {
        return generation::child(&args[1..]);
    }
    let mut mode = Mode::Full;
    let mut write = false;
    let mut only = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--quick" => mode = Mode::Quick,
            "--write" => write = true,
            "--only" => {
                only = Some(
                    rest.next()
                        .filter(|s| SECTIONS.contains(&s.as_str()))
                        .ok_or(USAGE)?
                        .clone(),
                )
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if write && (mode == Mode::Quick || only.is_some()) {
        return Err(
            "--write records a full run of every benchmark; drop --quick and --only".into(),
        );
    }
    let started = Instant::now();
    let machine = Machine::read();
    eprintln!(
        "bench: {} run on {}, load average {}",
        mode_name(mode),
        machine.cpu,
        machine.load_start
    );
    let mut sections = Vec::new();
    let mut loads = Vec::new();
    for name in SECTIONS
        .iter()
        .filter(|s| only.as_deref().is_none_or(|o| o == **s))
    {
        let section_start = Instant::now();
        let load_before = load_average();
        let section = match *name {
            "generator" => generation::measure(mode)?,
            "crate" => crate_build::measure(mode)?,
            "history" => history::measure(mode)?,
            "peer" => peer::measure(mode)?,
            _ => runtime::measure(mode)?,
        };
        eprintln!(
            "bench: {name} done in {:.0} s",
            section_start.elapsed().as_secs_f64()
        );
        loads.push(format!(
            "{}: {load_before} → {}",
            section.title,
            load_average()
        ));
        sections.push(section);
    }
    let machine = machine.finish(started.elapsed().as_secs_f64(), loads);
    print_report(mode, &machine, &sections);
    if write {
        let path = root().join("BENCHMARKS.md");
        std::fs::write(&path, benchmarks_md(&machine, &sections))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Quick => "quick",
        Mode::Full => "full",
    }
}

/// Where the benchmarks keep their files: `target/bench/`.
pub fn bench_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("bench")
}

/// The cargo that runs xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command, returning its stdout; on failure the error holds its stderr.
pub fn run_capture(command: &mut Command) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not start {command:?}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A `kB` figure from a `/proc` file, e.g. `VmHWM:` of `/proc/self/status`; 0 when unavailable.
pub fn read_kib(file: &str, key: &str) -> f64 {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with(key))?;
            line[key.len()..].split_whitespace().next()?.parse().ok()
        })
        .unwrap_or(0.0)
}

/// The machine and the state of the repository during the run.
struct Machine {
    cpu: String,
    cores: usize,
    memory_gib: f64,
    os: String,
    rustc: String,
    commit: String,
    date: String,
    load_start: String,
    load_end: String,
    /// The load average before and after each section.
    section_loads: Vec<String>,
    duration_s: f64,
}

impl Machine {
    fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")
                    .and_then(|rest| rest.split_once(':'))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let output = |program: &str, args: &[&str]| {
            run_capture(Command::new(program).args(args).current_dir(root()))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let dirty = !output("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty();
        let commit = output("git", &["rev-parse", "--short=12", "HEAD"]);
        Machine {
            cpu,
            cores: std::thread::available_parallelism()
                .map(usize::from)
                .unwrap_or(1),
            memory_gib: read_kib("/proc/meminfo", "MemTotal:") / 1024.0 / 1024.0,
            os: std::fs::read_to_string("/proc/sys/kernel/osrelease")
                .map(|s| format!("Linux {}", s.trim()))
                .unwrap_or_default(),
            rustc: output("rustc", &["--version"]),
            commit: if dirty {
                format!("{commit} (with uncommitted changes to tracked files)")
            } else {
                commit
            },
            date: utc_now(),
            load_start: load_average(),
            load_end: String::new(),
            section_loads: Vec::new(),
            duration_s: 0.0,
        }
    }

    fn finish(mut self, duration_s: f64, section_loads: Vec<String>) -> Machine {
        self.load_end = load_average();
        self.section_loads = section_loads;
        self.duration_s = duration_s;
        self
    }
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The current UTC time as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3_600,
        rest % 3_600 / 60
    )
}

fn print_report(mode: Mode, machine: &Machine, sections: &[Section]) {
    println!(
        "\n# cargo xtask bench ({} run, {:.0} s, load average {} → {})\n",
        mode_name(mode),
        machine.duration_s,
        machine.load_start,
        machine.load_end
    );
    for section in sections {
        println!("{}", report::section_markdown(section, false));
    }
    println!(
        "## Targets\n\n{}",
        report::markdown_table(&report::targets_table(sections))
    );
}

fn benchmarks_md(machine: &Machine, sections: &[Section]) -> String {
    let targets: Vec<_> = sections.iter().flat_map(|s| &s.targets).collect();
    let met = targets.iter().filter(|t| t.verdict == Verdict::Met).count();
    let mut run = report::Table::new("", &["", ""]);
    for (key, value) in [
        ("Date", machine.date.clone()),
        ("Commit", machine.commit.clone()),
        (
            "CPU",
            format!("{} ({} cores available)", machine.cpu, machine.cores),
        ),
        ("Memory", format!("{:.1} GiB", machine.memory_gib)),
        ("OS", machine.os.clone()),
        ("Rust", machine.rustc.clone()),
        (
            "Load average (1, 5, 15 min)",
            format!(
                "{} at the start, {} at the end",
                machine.load_start, machine.load_end
            ),
        ),
        ("Load average per section", machine.section_loads.join("; ")),
        (
            "Duration of the run",
            format!("{:.0} s", machine.duration_s),
        ),
    ] {
        run.row(vec![key.into(), value]);
    }
    let mut out = String::from(
        "# Benchmarks\n\nWritten by `cargo xtask bench --write`; do not edit by hand, run it again. \
         `cargo xtask bench` prints the same tables without writing this file, and \
         `cargo xtask bench --quick` runs a reduced version in debug builds.\n\n\
         The machine is a 2-core virtual machine shared with other builds: absolute times move with \
         the load (recorded below, per section too), by a factor of two for cold builds under heavy \
         load; the ratios against the floor, measured with the clients interleaved, move much less.\n\n",
    );
    out.push_str(&format!("## The run\n\n{}\n", report::markdown_table(&run)));
    out.push_str(&format!(
        "## Targets\n\n{met} of {} targets met.\n\n{}\n",
        targets.len(),
        report::markdown_table(&report::targets_table(sections))
    ));
    for section in sections {
        out.push_str(&report::section_markdown(section, true));
    }
    out.trim_end().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_date_is_a_civil_date() {
        let date = super::utc_now();
        assert_eq!(date.len(), "2026-01-01 00:00 UTC".len(), "{date}");
        assert!(date.starts_with("20"), "{date}");
    }
}
