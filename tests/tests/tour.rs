//! Acceptance test of the tour example (`tests/examples/tour.rs`).
//!
//! A local mock server answers the 28 endpoints of `schema/openapi.yaml` with the schema's own
//! `200` examples; the tour runs against it as a separate process (`cargo run --example tour`),
//! and the requests it made are checked against API_FACTS: method, path, query string, JSON body
//! and headers. The server also answers one request with a 503 once, to see the retry on the
//! wire, and gives the Viewer studies list a second page, to see the next-page request.
//!
//! The tour runs once per test binary; each test below checks one aspect of that run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, OnceLock};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

#[path = "../support/tour_server.rs"]
mod tour_server;

use tour_server::{Api, FLAKY, TWO_PAGES};

const API_KEY: &str = "sk-tour-test-key";
const U: &str = "usr_1234567890abcdef1234567890abcdef";
const I: &str = "inv_1234567890abcdef1234567890abcdef";
const S: &str = "stu_1234567890abcdef1234567890abcdef";
const C: &str = "cus_1234567890abcdef1234567890abcdef";
const UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
/// The tour's starting cursor `eyJvZmZzZXQiOjIwfQ==` as it must appear in a query string.
const CURSOR: &str = "eyJvZmZzZXQiOjIwfQ%3D%3D";
/// The cursor of the second page of the Viewer studies list ([`NEXT_CURSOR`]) as sent.
const NEXT_CURSOR_SENT: &str = "eyJvZmZzZXQiOjQwfQ%3D%3D";

/// What the tour printed and what the server received.
struct TourRun {
    output: Output,
    requests: Vec<Request>,
    api: Arc<Api>,
}

/// One request the tour must make, as API_FACTS describes it.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    method: &'static str,
    path: String,
    /// Query pairs exactly as sent (still percent-encoded), sorted.
    query: Vec<(String, String)>,
    body: Option<Value>,
    retry_count: &'static str,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The one run of the tour shared by every test.
fn tour() -> &'static TourRun {
    static RUN: OnceLock<Result<TourRun, String>> = OnceLock::new();
    match RUN.get_or_init(run_tour) {
        Ok(run) => run,
        Err(err) => panic!("the tour could not be run: {err}"),
    }
}

fn run_tour() -> Result<TourRun, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| err.to_string())?;
    runtime.block_on(async {
        let (server, api) = tour_server::start(&repo_root()).await?;
        // The mock server runs on its own thread, so blocking here while the tour runs is fine.
        let output = tour_server::run_example(&repo_root(), &server.uri(), API_KEY, &[])?;
        let requests = server
            .received_requests()
            .await
            .ok_or("request recording is off")?;
        Ok(TourRun {
            output,
            requests,
            api,
        })
    })
}

/// The query pairs of a query string, still percent-encoded, sorted.
fn raw_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Expected query pairs, sorted like [`raw_pairs`].
fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// A GET without a body.
fn get(path: String, pairs: &[(&str, &str)]) -> Expected {
    Expected {
        method: "GET",
        path,
        query: query(pairs),
        body: None,
        retry_count: "0",
    }
}

/// A request with a JSON body and no query.
fn send(method: &'static str, path: String, body: Value) -> Expected {
    Expected {
        method,
        path,
        query: Vec::new(),
        body: Some(body),
        retry_count: "0",
    }
}

/// The query of the AutoScribe and Viewer users lists in steps 2 and 20.
fn users_query(with_can_create_reports: bool) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("cursor", CURSOR),
        ("email", "user%40example.com"),
        ("firstName", "John"),
        ("invitedSource", "api"),
        ("lastName", "Doe"),
        ("level", "member"),
        ("limit", "20"),
    ];
    if with_can_create_reports {
        pairs.push(("canCreateReports", "true"));
    }
    pairs
}

/// The query of the two invitations lists in steps 7 and 25.
fn invitations_query() -> [(&'static str, &'static str); 7] {
    [
        ("cursor", CURSOR),
        ("endDate", "2024-12-31"),
        ("expired", "not-expired"),
        ("limit", "20"),
        ("startDate", "2024-01-01"),
        ("status", "sent"),
        ("userId", U),
    ]
}

/// The query of the Viewer studies list in step 12, with the cursor of one of its pages.
fn studies_query(cursor: &'static str) -> [(&'static str, &'static str); 8] {
    [
        ("assignedTo", U),
        ("cursor", cursor),
        ("expressCustomerId", C),
        ("isCancelled", "false"),
        ("limit", "20"),
        ("severity", "normal"),
        ("studyDescription", "CT%20Head"),
        ("studyViewerStatus", "incomplete"),
    ]
}

/// A user or invitation update body (steps 4, 9, 22, 27); AutoScribe adds two fields.
fn update_body(first: &str, last: &str, level: &str, auto_scribe: bool) -> Value {
    let mut body = json!({
        "canManageStudies": true, "clinicRole": "Radiologist", "firstName": first,
        "hasDashboardAccess": true, "lastName": last, "level": level, "middleName": "x",
        "phoneNumber": "5551234567", "suffix1": "x", "suffix2": "x",
    });
    if auto_scribe {
        body["canCreateReports"] = json!(true);
        body["npiNumber"] = json!("1234567893");
    }
    body
}

/// An invite body (steps 1 and 19); AutoScribe adds two fields.
fn invite_body(auto_scribe: bool) -> Value {
    let mut body = json!({
        "canManageStudies": true, "clinicRole": "Radiologist", "email": "dr.johnson@hospital.org",
        "firstName": "Sarah", "hasDashboardAccess": true, "lastName": "Johnson", "level": "member",
        "middleName": "Marie", "phoneNumber": "5551234567", "suffix1": "MD", "suffix2": "FACR",
    });
    if auto_scribe {
        body["canCreateReports"] = json!(true);
        body["npiNumber"] = json!("1234567893");
    }
    body
}

/// One step of the tour: the name it prints and the requests it must make.
struct Step {
    name: &'static str,
    requests: Vec<Expected>,
    /// For a list, the number of pages the server serves; the tour prints the item count.
    pages: Option<usize>,
}

/// A step that makes one request.
fn call(name: &'static str, request: Expected) -> Step {
    Step {
        name,
        requests: vec![request],
        pages: None,
    }
}

/// A list step, with one request per page.
fn list(name: &'static str, pages: Vec<Expected>) -> Step {
    let count = pages.len();
    Step {
        name,
        requests: pages,
        pages: Some(count),
    }
}

impl Step {
    /// The same step when the server fails its first attempt: the request is sent again,
    /// identical but for the retry count.
    fn retried(mut self) -> Step {
        let mut again = self.requests[0].clone();
        again.retry_count = "1";
        self.requests.push(again);
        self
    }

    /// The line the tour prints for this step.
    fn line(&self, number: usize, api: &Api) -> String {
        match self.pages {
            None => format!("{number} {} ok", self.name),
            Some(pages) => {
                let count = pages * items_per_page(api, &self.requests[0].path);
                format!("{number} {} ok {count}", self.name)
            }
        }
    }
}

/// The 31 steps of the tour in order, with their requests as API_FACTS sections 3 and 4
/// describe them.
#[rustfmt::skip] // A table: one step per line.
fn steps() -> Vec<Step> {
    let study = json!({"studyId": S, "studyInstanceUid": UID});
    let revoke = json!({"invitationId": I, "userId": U});
    let user = json!({"userId": U});
    let create = json!({
        "severity": "high", "studyDescription": "CT Chest/Abdomen/Pelvis", "studyInstanceUid": UID,
        "assignedTo": U, "expressCustomerId": C,
        "metadata": {"department": "radiology", "priority": "urgent"},
    });
    let update = json!({
        "assignedTo": U, "metadata": {"foo": "string"}, "severity": "stat",
        "studyDescription": "CT Chest/Abdomen/Pelvis with Contrast", "studyViewerStatus": "complete",
    });
    let a = "/v1/autoScribe/users".to_owned();
    let ai = format!("{a}/invitations");
    let vs = "/v1/viewer/studies".to_owned();
    let vu = "/v1/viewer/users".to_owned();
    let vi = format!("{vu}/invitations");
    let post = |path: String, body: &Value| send("POST", path, body.clone());
    let patch = |path: String, body: Value| send("PATCH", path, body);
    vec![
        call("auto_scribe.users.invite", post(a.clone(), &invite_body(true))),
        list("auto_scribe.users.list", vec![get(a.clone(), &users_query(true))]),
        call("auto_scribe.users.retrieve", get(format!("{a}/{U}"), &[])),
        call("auto_scribe.users.update", patch(format!("{a}/{U}"), update_body("Sarah", "Johnson-Smith", "admin", true))),
        call("auto_scribe.users.revoke_access", post(format!("{a}/revoke-access"), &user)),
        call("auto_scribe.users.reactivate", post(format!("{a}/reactivate"), &user)),
        list("auto_scribe.users.invitations.list", vec![get(ai.clone(), &invitations_query())]),
        call("auto_scribe.users.invitations.retrieve", get(format!("{ai}/{I}"), &[])),
        call("auto_scribe.users.invitations.update", patch(format!("{ai}/{I}"), update_body("Michael", "Chen", "member", true))),
        call("auto_scribe.users.invitations.revoke", post(format!("{ai}/revoke"), &revoke)),
        call("viewer.studies.create", post(vs.clone(), &create)).retried(),
        list("viewer.studies.list", vec![get(vs.clone(), &studies_query(CURSOR)), get(vs.clone(), &studies_query(NEXT_CURSOR_SENT))]),
        call("viewer.studies.retrieve", get(format!("{vs}/{S}"), &[])),
        call("viewer.studies.update", patch(format!("{vs}/{S}"), update)),
        call("viewer.studies.cancel", post(format!("{vs}/cancel"), &study)),
        call("viewer.studies.uncancel", post(format!("{vs}/uncancel"), &study)),
        call("viewer.studies.reroute_url", post(format!("{vs}/reroute-url"), &study)),
        call("viewer.studies.retrieve_by_uid", get(format!("{vs}/by-uid/1.2.840.10008.5.1.4.1.1.2"), &[])),
        call("viewer.users.invite", post(vu.clone(), &invite_body(false))),
        list("viewer.users.list", vec![get(vu.clone(), &users_query(false))]),
        call("viewer.users.retrieve", get(format!("{vu}/{U}"), &[])),
        call("viewer.users.update", patch(format!("{vu}/{U}"), update_body("Sarah", "Johnson-Smith", "admin", false))),
        call("viewer.users.revoke_access", post(format!("{vu}/revoke-access"), &user)),
        call("viewer.users.reactivate", post(format!("{vu}/reactivate"), &user)),
        list("viewer.users.invitations.list", vec![get(vi.clone(), &invitations_query())]),
        call("viewer.users.invitations.retrieve", get(format!("{vi}/{I}"), &[])),
        call("viewer.users.invitations.update", patch(format!("{vi}/{I}"), update_body("Michael", "Chen", "member", false))),
        call("viewer.users.invitations.revoke", post(format!("{vi}/revoke"), &revoke)),
        call("viewer.studies.update", patch(format!("{vs}/{S}"), json!({"assignedTo": null}))),
        list("auto_scribe.users.invitations.list", vec![get(ai, &[("status", "sent%2Caccepted")])]),
        list("viewer.studies.list", vec![get(vs, &[("assignedTo", "")])]),
    ]
}

/// Every request of the tour in order.
fn expected_requests() -> Vec<Expected> {
    steps().into_iter().flat_map(|step| step.requests).collect()
}

/// A received request in the shape of [`Expected`].
fn observed(request: &Request) -> Expected {
    let method = ["GET", "POST", "PATCH"]
        .into_iter()
        .find(|method| *method == request.method.as_str())
        .unwrap_or("OTHER");
    let body = (!request.body.is_empty()).then(|| {
        serde_json::from_slice(&request.body).unwrap_or(Value::String("<not JSON>".into()))
    });
    Expected {
        method,
        path: request.url.path().to_owned(),
        query: raw_pairs(request.url.query()),
        body,
        retry_count: match header(request, "x-stainless-retry-count") {
            Some("0") => "0",
            Some("1") => "1",
            _ => "other",
        },
    }
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The number of items the server serves in one page of the list at `path`.
fn items_per_page(api: &Api, path: &str) -> usize {
    let operation = api.operation("GET", path).expect("a list operation");
    let items = operation.items.as_deref().expect("a paginated operation");
    operation.example[items].as_array().map_or(0, Vec::len)
}

#[test]
fn the_tour_exits_successfully() {
    let output = &tour().output;
    assert!(
        output.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_tour_prints_every_step_and_the_item_counts() {
    let run = tour();
    let steps = steps();
    assert_eq!(steps.len(), 31);
    let expected: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(index, step)| step.line(index + 1, &run.api))
        .collect();
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        expected,
        "stderr:\n{}",
        String::from_utf8_lossy(&run.output.stderr)
    );
    assert!(
        items_per_page(&run.api, TWO_PAGES) > 0,
        "the two-page list must serve items"
    );
}

#[test]
fn every_request_has_the_method_path_query_and_body_of_api_facts() {
    let run = tour();
    let observed: Vec<Expected> = run.requests.iter().map(observed).collect();
    let expected = expected_requests();
    for (n, (seen, wanted)) in observed.iter().zip(&expected).enumerate() {
        assert_eq!(seen, wanted, "request {n} differs");
    }
    assert_eq!(observed.len(), expected.len(), "number of requests");
}

#[test]
fn unassigning_a_study_sends_exactly_an_explicit_null() {
    let run = tour();
    let patches: Vec<&[u8]> = run
        .requests
        .iter()
        .filter(|request| {
            request.method.as_str() == "PATCH"
                && request.url.path() == format!("/v1/viewer/studies/{S}")
        })
        .map(|request| request.body.as_slice())
        .collect();
    assert_eq!(patches.len(), 2);
    assert_eq!(
        String::from_utf8_lossy(patches[1]),
        r#"{"assignedTo":null}"#
    );
}

#[test]
fn every_request_carries_the_key_the_user_agent_and_json_headers() {
    let run = tour();
    let user_agent = format!("avara-rust/{}", run.api.version);
    let authorization = format!("Bearer {API_KEY}");
    assert!(!run.requests.is_empty());
    for request in &run.requests {
        let what = format!("{} {}", request.method, request.url);
        assert_eq!(
            header(request, "authorization"),
            Some(authorization.as_str()),
            "{what}"
        );
        assert_eq!(
            header(request, "user-agent"),
            Some(user_agent.as_str()),
            "{what}"
        );
        assert_eq!(
            header(request, "accept"),
            Some("application/json"),
            "{what}"
        );
        let content_type = header(request, "content-type");
        match request.method.as_str() {
            "GET" => assert_eq!((content_type, request.body.len()), (None, 0), "{what}"),
            _ => assert_eq!(content_type, Some("application/json"), "{what}"),
        }
    }
}

#[test]
fn every_request_carries_its_attempt_number() {
    let run = tour();
    let counts: Vec<Option<&str>> = run
        .requests
        .iter()
        .map(|request| header(request, "x-stainless-retry-count"))
        .collect();
    let expected: Vec<Option<&str>> = expected_requests()
        .iter()
        .map(|request| Some(request.retry_count))
        .collect();
    assert_eq!(counts, expected, "0 on every first attempt, 1 on the retry");
}

#[test]
fn the_503_is_retried_once_with_a_byte_identical_request() {
    let run = tour();
    let attempts: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| (request.method.as_str(), request.url.path()) == FLAKY)
        .collect();
    assert_eq!(attempts.len(), 2, "one failure and one retry");
    let (first, retry) = (attempts[0], attempts[1]);
    assert_eq!(retry.url, first.url);
    assert_eq!(retry.body, first.body);
    let without_count = |request: &Request| -> BTreeMap<String, Vec<u8>> {
        request
            .headers
            .iter()
            .filter(|(name, _)| name.as_str() != "x-stainless-retry-count")
            .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
            .collect()
    };
    assert_eq!(without_count(retry), without_count(first));
    assert_eq!(header(first, "x-stainless-retry-count"), Some("0"));
    assert_eq!(header(retry, "x-stainless-retry-count"), Some("1"));
}

#[test]
fn the_second_page_repeats_the_query_with_only_the_cursor_changed() {
    let run = tour();
    let lists: Vec<&Request> = run
        .requests
        .iter()
        .filter(|request| request.method.as_str() == "GET" && request.url.path() == TWO_PAGES)
        .collect();
    assert_eq!(lists.len(), 3, "two pages for step 12 and one for step 31");
    let pairs = |request: &Request| raw_pairs(request.url.query());
    let without_cursor = |request: &Request| -> Vec<(String, String)> {
        pairs(request)
            .into_iter()
            .filter(|(key, _)| key != "cursor")
            .collect()
    };
    assert_eq!(without_cursor(lists[1]), without_cursor(lists[0]));
    let cursor = |request: &Request| pairs(request).into_iter().find(|(key, _)| key == "cursor");
    assert_eq!(
        cursor(lists[0]),
        Some(("cursor".to_owned(), CURSOR.to_owned()))
    );
    assert_eq!(
        cursor(lists[1]),
        Some(("cursor".to_owned(), NEXT_CURSOR_SENT.to_owned()))
    );
}

#[test]
fn the_tour_calls_each_of_the_28_endpoints() {
    let run = tour();
    assert_eq!(run.api.operations.len(), 28, "the schema has 28 operations");
    let called: Vec<(&str, &str)> = run
        .requests
        .iter()
        .filter_map(|request| {
            run.api
                .operation(request.method.as_str(), request.url.path())
        })
        .map(|operation| (operation.method.as_str(), operation.template.as_str()))
        .collect();
    let missing: Vec<_> = run
        .api
        .operations
        .iter()
        .map(|operation| (operation.method.as_str(), operation.template.as_str()))
        .filter(|operation| !called.contains(operation))
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
    assert_eq!(
        called.len(),
        run.requests.len(),
        "every request addressed a schema operation"
    );
}

/// A separate run against a server that refuses every request: the tour prints the first error
/// and exits with a failure, and the client it made with `Client::from_env` sends the headers of
/// `AVARA_CUSTOM_HEADERS`.
#[test]
fn the_tour_stops_at_the_first_error_and_sends_the_custom_headers_of_the_environment() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (output, requests) = runtime.block_on(async {
        let server = MockServer::start().await;
        let refusal = ResponseTemplate::new(403)
            .set_body_json(json!({"message": "this key may not invite users"}));
        Mock::given(any())
            .respond_with(refusal)
            .mount(&server)
            .await;
        let headers = "X-Clinic-Tag: north-wing\nX-Trace: on";
        let output = tour_server::run_example(
            &repo_root(),
            &server.uri(),
            API_KEY,
            &[("AVARA_CUSTOM_HEADERS", headers)],
        )
        .expect("the tour runs");
        let requests = server.received_requests().await.expect("recording is on");
        (output, requests)
    });

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert_eq!(stdout, "", "no step succeeded");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("this key may not invite users"),
        "{stderr}"
    );
    assert_eq!(
        requests.len(),
        1,
        "a 403 is not retried, and nothing follows it"
    );
    assert_eq!(header(&requests[0], "x-clinic-tag"), Some("north-wing"));
    assert_eq!(header(&requests[0], "x-trace"), Some("on"));
}
