//! Contract tests: the generated SDK against Prism, a mock server built from
//! `schema/openapi.yaml`, so that the schema and the SDK cannot disagree unnoticed.
//!
//! Every test starts its own Prism on a free port of 127.0.0.1 and stops it when it ends, also
//! when it fails (see `prism.rs`). Prism comes from `node_modules/.bin/prism`; run `npm ci` in
//! the repository root first. Each test calls all 63 operations through the SDK, with every
//! parameter set, with only the required ones, and with the nullable ones null (`operations.rs`):
//!
//! - against the schema's examples (`prism mock --errors`): any violation of a request or of a
//!   response fails;
//! - against random responses (`prism mock --dynamic`), 20 rounds: every response must decode;
//! - through `prism proxy --errors` in front of a local server that answers with the examples
//!   cut down to their required properties (`upstream.rs`); the requests that reach that server
//!   are also checked for the names the schema declares (`wire_names.rs`), which Prism does not
//!   check;
//! - the `tour` example through `prism proxy --errors` in front of the tour's own mock API
//!   (`../support/tour_server.rs`, with its retried 503 and its second page);
//! - against deliberately broken copies of the schema, to show that each kind of disagreement
//!   is reported with the operation and the field.
//!
//! List operations fetch their first page only. Their builders return pages, not responses,
//! and the pages' headers are not read, so Prism's `sl-violations` header is not seen for them. Their
//! violations still fail them: Prism answers 422 to a request that violates the schema, and
//! with `--errors` (static and proxy modes) 500 to a response that does; the SDK reports both
//! as status errors carrying the headers and the body, where the violations are listed.

mod operations;
mod prism;
#[path = "../../support/tour_server.rs"]
#[allow(
    dead_code,
    reason = "the tour's own test reads more of the mock than this one"
)]
mod tour_server;
mod upstream;
mod verdict;
mod wire_names;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use avara::Client;
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::operations::OPERATIONS;
use crate::prism::{Mode, Prism};
use crate::verdict::{Report, Strictness};

/// How many times the dynamic test calls each operation in each variant.
const DYNAMIC_ROUNDS: usize = 20;

/// Calls in flight at once; Prism is one Node.js process on a two-core machine.
const CONCURRENCY: usize = 4;

/// A new operation in the schema must get a row in `operations.rs`, or it would go untested.
#[test]
fn the_calls_cover_every_operation_of_the_schema() {
    let schema = load_schema();
    let mut in_schema: Vec<&str> = schema["paths"]
        .as_object()
        .expect("the schema has paths")
        .values()
        .flat_map(|item| item.as_object().into_iter().flat_map(|item| item.values()))
        .filter_map(|operation| operation["operationId"].as_str())
        .collect();
    in_schema.sort_unstable();
    let mut called: Vec<&str> = OPERATIONS.iter().map(|operation| operation.name).collect();
    called.sort_unstable();
    assert_eq!(
        called, in_schema,
        "operations.rs and the schema list different operations"
    );
    assert_eq!(called.len(), 63);
}

#[tokio::test]
async fn every_request_passes_prism_and_every_example_decodes() {
    let started = Instant::now();
    let prism = start("static", &schema_path(), &Mode::Static { errors: true });
    let report = run(&prism, 1, Strictness::Everything).await;
    assert_passed(
        &report,
        &prism,
        "prism mock --errors (the schema's examples)",
    );
    assert_no_logged_violations(&prism, "prism mock --errors");
    eprintln!(
        "static: {} calls in {:.1?}",
        report.calls,
        started.elapsed()
    );
}

#[tokio::test]
async fn random_responses_the_schema_allows_all_decode() {
    let started = Instant::now();
    let prism = start("dynamic", &schema_path(), &Mode::Dynamic);
    let report = run(&prism, DYNAMIC_ROUNDS, Strictness::RequestsOnly).await;
    assert_passed(&report, &prism, "prism mock --dynamic (random responses)");
    eprintln!(
        "dynamic: {} calls in {:.1?}\n{}",
        report.calls,
        started.elapsed(),
        report.render()
    );
}

#[tokio::test]
async fn the_sdk_and_the_tour_pass_prism_proxy_validating_both_directions() {
    let started = Instant::now();
    let schema = load_schema();
    let upstream = upstream::start(&schema).await;
    let mode = Mode::Proxy {
        upstream: upstream.uri(),
    };
    let prism = start("proxy", &schema_path(), &mode);

    let report = run(&prism, 1, Strictness::Everything).await;
    assert_passed(
        &report,
        &prism,
        "prism proxy --errors (required-only responses)",
    );
    assert_no_logged_violations(&prism, "prism proxy --errors");
    let forwarded = upstream.received_requests().await.unwrap_or_default();
    assert_eq!(
        forwarded.len(),
        report.calls,
        "every call should reach the upstream server through Prism"
    );
    let problems = wire_names::check(&schema, &forwarded);
    assert!(
        problems.is_empty(),
        "the SDK's wire names do not match the schema:\n{}",
        problems.join("\n")
    );

    // The tour, through a second Prism in front of the mock API the tour's own test uses.
    let (tour_api, _) = tour_server::start(&repo_root())
        .await
        .unwrap_or_else(|err| panic!("the tour's mock API: {err}"));
    let tour_mode = Mode::Proxy {
        upstream: tour_api.uri(),
    };
    let tour_prism = start("proxy-tour", &schema_path(), &tour_mode);
    let output = tour_server::run_example(
        &repo_root(),
        &tour_prism.base_url(),
        "contract-test-key",
        &[],
    )
    .unwrap_or_else(|err| panic!("the tour through prism proxy: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let ok_lines = stdout
        .lines()
        .filter(|line| line.split(' ').nth(2) == Some("ok"))
        .count();
    assert!(
        output.status.success() && ok_lines == 69,
        "the tour through prism proxy should exit 0 with 69 `ok` lines; it exited with {} after {ok_lines}:\n\
         --- stdout ---\n{stdout}\n--- stderr ---\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        tour_prism.output()
    );
    assert_no_logged_violations(&tour_prism, "prism proxy --errors, during the tour");
    let reached = tour_api.received_requests().await.unwrap_or_default();
    let flaky = reached
        .iter()
        .filter(|r| (r.method.as_str(), r.url.path()) == tour_server::FLAKY)
        .count();
    assert_eq!(flaky, 2, "the 503 and its retry both went through Prism");
    let studies_pages = reached
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == tour_server::TWO_PAGES)
        .count();
    assert_eq!(
        studies_pages, 3,
        "both pages of step 12, and step 31, went through Prism"
    );
    eprintln!(
        "proxy: {} calls and the tour ({} requests) in {:.1?}",
        report.calls,
        reached.len(),
        started.elapsed()
    );
}

/// Deliberate breakage: the schema requires a request field that the SDK lets a caller leave
/// out. Prism rejects the calls that leave it out, naming the field.
#[tokio::test]
async fn a_request_field_required_by_the_schema_only_is_reported() {
    let mut schema = load_schema();
    let lookup = schema
        .pointer_mut("/components/schemas/StudyLookupRequest")
        .expect("StudyLookupRequest");
    lookup["required"] = json!(["studyId"]);
    let broken = write_schema("broken-request-required", &schema);

    let prism = start(
        "broken-request-required",
        &broken,
        &Mode::Static { errors: true },
    );
    let report = run(&prism, 1, Strictness::Everything).await;
    eprintln!(
        "{} (StudyLookupRequest requires studyId):\n{}",
        broken.display(),
        report.render()
    );

    for operation in [
        "viewer.studies.cancel",
        "viewer.studies.uncancel",
        "viewer.studies.reroute_url",
        "auto_scribe.studies.cancel",
        "auto_scribe.studies.uncancel",
        "auto_scribe.studies.external.delete",
    ] {
        assert_reported(&report, operation, "'studyId'");
    }
    assert_only_about(&report, &["'studyId'"]);
}

/// Deliberate breakage: the schema lets the server leave out a response field that the SDK
/// requires. The upstream behind `prism proxy` leaves it out, Prism accepts that, and the SDK's
/// decode error names the field.
#[tokio::test]
async fn a_response_field_optional_in_the_schema_only_is_reported() {
    let mut schema = load_schema();
    let required = schema
        .pointer_mut("/components/schemas/Study/required")
        .and_then(Value::as_array_mut)
        .expect("Study has required fields");
    required.retain(|name| name != "studyDescription");
    let broken = write_schema("broken-response-optional", &schema);

    let upstream = upstream::start(&schema).await;
    let mode = Mode::Proxy {
        upstream: upstream.uri(),
    };
    let prism = start("broken-response-optional", &broken, &mode);
    let report = run(&prism, 1, Strictness::Everything).await;
    eprintln!(
        "{} (Study.studyDescription optional):\n{}",
        broken.display(),
        report.render()
    );

    let returning_a_study = [
        "viewer.studies.create",
        "viewer.studies.list",
        "viewer.studies.retrieve",
        "viewer.studies.update",
        "viewer.studies.retrieve_by_uid",
    ];
    for operation in returning_a_study {
        assert_reported(&report, operation, "missing field `studyDescription`");
    }
    assert_only_about(&report, &["missing field `studyDescription`"]);
}

/// Deliberate breakage: the schema renames a request field and the SDK keeps the old name.
/// Prism lets both through (an undeclared property is allowed, the renamed one is optional), so
/// the wire-name check has to report it.
#[tokio::test]
async fn a_request_field_renamed_in_the_schema_only_is_reported() {
    let mut schema = load_schema();
    let properties = schema
        .pointer_mut("/components/schemas/ViewerUserUpdateRequest/properties")
        .and_then(Value::as_object_mut)
        .expect("ViewerUserUpdateRequest has properties");
    let middle_name = properties.remove("middleName").expect("middleName");
    properties.insert("middleInitial".to_owned(), middle_name);
    let broken = write_schema("broken-request-renamed", &schema);

    let upstream = upstream::start(&schema).await;
    let mode = Mode::Proxy {
        upstream: upstream.uri(),
    };
    let prism = start("broken-request-renamed", &broken, &mode);
    let report = run(&prism, 1, Strictness::Everything).await;
    let problems = wire_names::check(
        &schema,
        &upstream.received_requests().await.unwrap_or_default(),
    );
    eprintln!(
        "{} (ViewerUserUpdateRequest.middleName renamed middleInitial):\n{}\n{}",
        broken.display(),
        report.render(),
        problems.join("\n")
    );

    assert!(
        report.passed(),
        "Prism is expected to let the renamed field through:\n{}",
        report.render()
    );
    assert_eq!(
        problems,
        [
            "viewer.users.update: the SDK sent body property `middleName`, which the schema does not declare",
            "viewer.users.update: the schema declares body property `middleInitial`, but no call sent it",
        ]
    );
}

/// Deliberate breakage: the schema lets the server send `null` where the SDK expects a value.
/// Prism's random responses send it, and the SDK's decode error names the field.
#[tokio::test]
async fn a_response_field_nullable_in_the_schema_only_is_reported() {
    let mut schema = load_schema();
    let email = schema
        .pointer_mut("/components/schemas/ViewerUser/properties/email")
        .expect("ViewerUser.email");
    email["type"] = json!(["string", "null"]);
    let broken = write_schema("broken-response-nullable", &schema);

    let prism = start("broken-response-nullable", &broken, &Mode::Dynamic);
    let report = run(&prism, 10, Strictness::RequestsOnly).await;
    eprintln!(
        "{} (ViewerUser.email nullable):\n{}",
        broken.display(),
        report.render()
    );

    // Twenty calls, each null about half the time: a miss is about one run in a million.
    assert_reported(
        &report,
        "viewer.users.retrieve",
        "`email`: invalid type: null",
    );
    assert_only_about(&report, &["email`: invalid type: null"]);
}

/// Calls every operation in every variant `rounds` times, a few calls at a time.
async fn run(prism: &Prism, rounds: usize, strictness: Strictness) -> Report {
    let client = Client::builder()
        .api_key("contract-test-key")
        .base_url(prism.base_url())
        .max_retries(0)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("the client builds");
    let calls = (0..rounds).flat_map(|_| {
        OPERATIONS.iter().flat_map(|operation| {
            operation
                .variants
                .iter()
                .map(move |variant| (operation, *variant))
        })
    });
    let outcomes: Vec<_> = futures_util::stream::iter(calls)
        .map(|(operation, variant)| {
            let call = operation.call(&client, variant);
            async move { (operation, variant, call.await) }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut report = Report::default();
    for (operation, variant, outcome) in outcomes {
        report.record(operation, variant, outcome, strictness);
    }
    report
}

fn assert_passed(report: &Report, prism: &Prism, against: &str) {
    if !report.passed() {
        let log = if report.has_transport_failures() {
            prism.output()
        } else {
            String::new()
        };
        panic!(
            "the SDK does not match the schema, against {against}:\n{}\n{log}",
            report.render()
        );
    }
}

/// Fails if Prism logged a violation, also one it did not turn into an error response.
fn assert_no_logged_violations(prism: &Prism, against: &str) {
    let violations = prism.logged_violations();
    assert!(
        violations.is_empty(),
        "{against}: Prism logged {} violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

fn assert_reported(report: &Report, operation: &str, field: &str) {
    assert!(
        report
            .failures()
            .any(|failure| failure.operation == operation && failure.summary.contains(field)),
        "expected a failure of {operation} naming `{field}`; the report was:\n{}",
        report.render()
    );
}

/// Fails if the report holds a failure unrelated to the deliberate breakage.
fn assert_only_about(report: &Report, fields: &[&str]) {
    let unrelated: Vec<String> = report
        .failures()
        .filter(|failure| !fields.iter().any(|field| failure.summary.contains(field)))
        .map(ToString::to_string)
        .collect();
    assert!(
        unrelated.is_empty(),
        "failures unrelated to {fields:?}:\n{}",
        unrelated.join("\n")
    );
}

/// Starts Prism or fails the test with Prism's output (or with how to install it).
fn start(label: &str, schema: &Path, mode: &Mode) -> Prism {
    Prism::start(label, schema, mode).unwrap_or_else(|err| panic!("{err}"))
}

/// The repository root, which holds `schema/` and `node_modules/`.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_owned()
}

/// A directory for Prism's logs and the broken schemas, kept after the run for inspection.
fn scratch_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contract");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|err| panic!("cannot create {}: {err}", dir.display()));
    dir
}

fn schema_path() -> PathBuf {
    repo_root().join("schema/openapi.yaml")
}

/// The schema as JSON, to change it in a test.
fn load_schema() -> Value {
    let path = schema_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Writes a changed schema for Prism; JSON, so no YAML quoting can change a value.
fn write_schema(name: &str, schema: &Value) -> PathBuf {
    let path = scratch_dir().join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(schema).expect("a JSON value serializes");
    std::fs::write(&path, text)
        .unwrap_or_else(|err| panic!("cannot write {}: {err}", path.display()));
    path
}
