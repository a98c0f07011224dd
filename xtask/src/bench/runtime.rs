//! The runtime benchmark: runs `cargo bench -p avara-tests --bench runtime` (the program is
//! `tests/benches/runtime.rs`) and turns the JSON line it prints last into a section.

use serde_json::Value;

use super::report::{Section, Table, Target, Verdict, mib, ms};
use super::{Mode, cargo, run_capture};
use crate::root;

/// Formats one figure for the table.
type Show = fn(f64) -> String;

/// How much slower than the `chrono` floor the SDK may be, in time and in peak memory.
const WITHIN: f64 = 1.05;
/// How much slower than the String-field floor the SDK may stream.
const WITHIN_STRINGS: f64 = 1.10;

pub fn measure(mode: Mode) -> Result<Section, String> {
    let mut command = cargo();
    command
        .args([
            "bench",
            "--quiet",
            "-p",
            "avara-tests",
            "--bench",
            "runtime",
        ])
        .current_dir(root());
    if mode == Mode::Quick {
        // The dev profile reuses the dependencies `cargo test` has built; a release build of
        // reqwest, rustls and aws-lc alone takes minutes on two cores.
        command.args(["--profile", "dev", "--", "--quick"]);
    }
    eprintln!("bench: runtime: {command:?}");
    let output = run_capture(&mut command)?;
    let line = output
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("BENCH-JSON "))
        .ok_or_else(|| format!("the runtime benchmark printed no result line:\n{output}"))?;
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("runtime result `{line}`: {e}"))?;
    Ok(section(mode, &value))
}

fn section(mode: Mode, v: &Value) -> Section {
    let judged = mode == Mode::Full && v["profile"] == "release";
    let f = |path: &[&str]| {
        path.iter()
            .fold(v, |value, key| &value[*key])
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    let users = v["users"].as_u64().unwrap_or(0);
    let calls = v["retrieve_calls"].as_u64().unwrap_or(0);
    let mut table = Table::new(
        "",
        &[
            "Benchmark",
            "SDK",
            "Floor (reqwest + serde_json, chrono timestamps)",
            "SDK / floor",
            "String-field floor",
            "SDK / String floor",
            "Floor into the SDK's models",
        ],
    );
    let ratio = |key: &str| f(&[key, "sdk"]) / f(&[key, "floor"]);
    let ratio_strings = |key: &str| f(&[key, "sdk"]) / f(&[key, "floor_strings"]);
    let rows: [(String, &str, Show); 5] = [
        (
            format!(
                "Stream {} users, pages of {} (median ms)",
                super::report::count(users),
                v["page_size"]
            ),
            "stream_ms",
            ms,
        ),
        (
            format!(
                "`retrieve`, median latency of {} calls (µs)",
                super::report::count(calls)
            ),
            "retrieve_us",
            one_decimal,
        ),
        (
            "`retrieve`, 99th percentile (µs)".into(),
            "retrieve_p99_us",
            one_decimal,
        ),
        (
            "Stream: peak resident memory of the client process (MiB)".into(),
            "peak_rss_kib",
            mib,
        ),
        (
            "Stream: peak growth over the process's baseline (MiB)".into(),
            "peak_growth_kib",
            mib,
        ),
    ];
    for (what, key, show) in rows {
        table.row(vec![
            what,
            show(f(&[key, "sdk"])),
            show(f(&[key, "floor"])),
            format!("{:.3}", ratio(key)),
            show(f(&[key, "floor_strings"])),
            format!("{:.3}", ratio_strings(key)),
            show(f(&[key, "floor_sdk_models"])),
        ]);
    }
    let target = |what: &str, within: f64, measured: f64, key: &str| Target {
        what: format!("Runtime: {what}"),
        target: format!("≤ {within:.2}×"),
        measured: format!("{measured:.3}×"),
        verdict: Verdict::judge(measured <= within, judged),
        profile: split(key, |k, c| f(&[k, c])),
    };
    let targets = vec![
        target(
            "streaming every user, SDK vs String-field floor",
            WITHIN_STRINGS,
            ratio_strings("stream_ms"),
            "stream_ms",
        ),
        target(
            "streaming every user, SDK vs chrono floor",
            WITHIN,
            ratio("stream_ms"),
            "stream_ms",
        ),
        target(
            "median `retrieve` latency, SDK vs chrono floor",
            WITHIN,
            ratio("retrieve_us"),
            "retrieve_us",
        ),
        target(
            "99th percentile `retrieve` latency, SDK vs chrono floor",
            WITHIN,
            ratio("retrieve_p99_us"),
            "retrieve_p99_us",
        ),
        target(
            "peak resident memory of streaming, SDK vs chrono floor (unchanged: one page at a time)",
            WITHIN,
            ratio("peak_rss_kib"),
            "peak_rss_kib",
        ),
    ];
    let stream = |key: &str| f(&["stream_ms", key]);
    let mut notes = vec![explain(
        stream("floor_strings"),
        stream("floor"),
        stream("floor_sdk_models"),
        stream("sdk"),
    )];
    if !judged {
        notes.push("Quick run: built with the dev profile (unoptimized), with fewer rounds and calls; the ratios of a debug build are not the ones the targets are about.".into());
    }
    Section {
        title: "Runtime",
        tables: vec![table],
        targets,
        notes,
        method: method(v),
    }
}

/// A figure of the SDK against the floors, split by the diagnostic clients: what the timestamps
/// cost, what the SDK's models cost, and what the rest of the SDK costs.
fn split(key: &str, figure: impl Fn(&str, &str) -> f64) -> String {
    let [strings, floor, models, sdk] =
        ["floor_strings", "floor", "floor_sdk_models", "sdk"].map(|client| figure(key, client));
    let show = |delta: f64| {
        if key.ends_with("_kib") {
            format!("{:+.2} MiB", delta / 1024.0)
        } else if key.ends_with("_ms") {
            format!("{delta:+.1} ms")
        } else {
            format!("{delta:+.1} µs")
        }
    };
    format!(
        "from the String-field floor: chrono timestamps {}, the SDK's models {}, the SDK's request path (building, validation, pagination, headers, retries, decoding) {}",
        show(floor - strings),
        show(models - floor),
        show(sdk - models)
    )
}

/// Splits the SDK's streaming time over the String-field floor into its parts, from the
/// diagnostic clients.
fn explain(strings: f64, floor: f64, models: f64, sdk: f64) -> String {
    let share = |from: f64, to: f64| {
        format!(
            "{:+.1} ms ({:+.0}%)",
            to - from,
            100.0 * (to - from) / strings
        )
    };
    format!(
        "Where the SDK's streaming time goes, relative to the String-field floor ({} ms): parsing the timestamps with chrono {}; decoding into the SDK's models instead of plain structs {}; the rest of the SDK (request building and validation, pagination, headers, body copy, timeout, decoding) {}.",
        ms(strings),
        share(strings, floor),
        share(floor, models),
        share(models, sdk)
    )
}

fn one_decimal(value: f64) -> String {
    format!("{value:.1}")
}

fn method(v: &Value) -> Vec<String> {
    vec![
        format!(
            "- `cargo bench -p avara-tests --bench runtime` (`tests/benches/runtime.rs`, {} build). A hyper 1 HTTP/1.1 server on 127.0.0.1, on its own thread and single-threaded Tokio runtime, serves {} Viewer users (every required field of `ViewerUser` and most optional ones, about 360 bytes each) from JSON rendered before the clock starts: `GET /v1/viewer/users` in pages of {} with a cursor, and `GET /v1/viewer/users/{{userId}}`. The clients run on the main thread, in a single-threaded runtime of their own.",
            v["profile"].as_str().unwrap_or("?"),
            super::report::count(v["users"].as_u64().unwrap_or(0)),
            v["page_size"]
        ),
        "- The SDK: `client.viewer().users().list(limit 100).into_stream()`, every item consumed; `client.viewer().users().retrieve(&id)`. The floor: a hand-written loop with `reqwest` (same version and features as the SDK, default client) and `serde_json::from_slice` into hand-written `#[derive(Deserialize)]` structs (strings for IDs and enums, `chrono` timestamps), building the same URLs and sending the same headers. The String-field floor is the same loop and structs with the timestamps left as `String`, the least decoding a client could do. A fourth client, the floor decoding into `avara::models` instead of its own structs, splits the SDK's overhead into the cost of its models and that of its request path. The targets compare the SDK with the floor, and its streaming with the String-field floor too.".into(),
        format!(
            "- Streaming: one untimed warm-up round, then {} rounds, each running the four clients in an order that rotates between rounds; median per client. Latency: 100 untimed calls per client, then {} timed calls per client in blocks of 10, the clients taking turns block by block (the order rotating); median and 99th percentile of the single calls.",
            v["stream_rounds"],
            super::report::count(v["retrieve_calls"].as_u64().unwrap_or(0))
        ),
        format!(
            "- Memory: each client streams every user in a child process of its own ({} per client, interleaved, median), reporting `VmHWM` (peak resident set) from `/proc/self/status`, and its growth over `VmRSS` just before streaming (runtime and HTTP client already built). The server's memory is not included.",
            v["memory_runs"]
        ),
    ]
}
