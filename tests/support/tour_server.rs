//! The local mock of the Avara API that the tour runs against, and the runner of the tour
//! example. The mock answers each operation of `schema/openapi.yaml` with the operation's
//! documented `200` response: its `example`, or, for the report lookups whose response is one of
//! two shapes (`reports.pdf`, `reports.text`), the named example of the shape the request asks
//! for. It fails one request once with a 503 so that a retry shows on the wire, and gives the
//! Viewer studies list a second page so that the next-page request shows too. Bodiless POSTs are
//! answered like any other operation, whatever body and `Content-Type` they carry.
//!
//! The tour's acceptance test (`tests/tour.rs`) runs the tour against it directly, and the
//! contract tests (`tests/contract/`) run the tour through `prism proxy` in front of it. Both
//! include this file as a module, and both start the tour with [`run_example`].

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The cursor of the second page of the Viewer studies list.
pub const NEXT_CURSOR: &str = "eyJvZmZzZXQiOjQwfQ==";
/// The operation that fails once with a 503 before it succeeds.
pub const FLAKY: (&str, &str) = ("POST", "/v1/viewer/studies");
/// The list that has two pages.
pub const TWO_PAGES: &str = "/v1/viewer/studies";
/// The query parameter that makes a report lookup return one report instead of the study's list.
pub const REPORT_ID: &str = "reportId";
/// The name of a report lookup's `200` example of one report, found by [`REPORT_ID`].
pub const SINGLE_REPORT: &str = "singleReport";
/// The name of a report lookup's `200` example of every report of a study.
pub const STUDY_REPORTS: &str = "studyReports";

/// One operation of the schema, as the mock server needs it.
pub struct Operation {
    pub method: String,
    /// The path template, e.g. `/v1/viewer/studies/{studyId}`.
    pub template: String,
    /// The documented `200` response.
    pub response: Documented,
    /// For a paginated list, the key of the items in the envelope.
    pub items: Option<String>,
}

/// The `200` response an operation documents.
pub enum Documented {
    /// The response's one `example`.
    Example(Value),
    /// A report lookup's named `examples` of its two shapes: [`SINGLE_REPORT`] and
    /// [`STUDY_REPORTS`].
    Lookup { single: Value, list: Value },
}

impl Operation {
    /// The example the mock answers with: for a report lookup, the single report when the
    /// request names a [`REPORT_ID`] and the study's list when it names only the study.
    pub fn example(&self, by_report_id: bool) -> &Value {
        match &self.response {
            Documented::Example(example) => example,
            Documented::Lookup { single, .. } if by_report_id => single,
            Documented::Lookup { list, .. } => list,
        }
    }
}

/// The schema's operations and the SDK version from `x-sdk`.
pub struct Api {
    pub operations: Vec<Operation>,
    pub version: String,
}

/// Starts the mock API for the schema of the repository at `root`.
pub async fn start(root: &Path) -> Result<(MockServer, Arc<Api>), String> {
    let api = Arc::new(load_api(root)?);
    let server = MockServer::start().await;
    let responder = TourServer {
        api: Arc::clone(&api),
        failed_once: AtomicBool::new(false),
    };
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    Ok((server, api))
}

fn load_api(root: &Path) -> Result<Api, String> {
    let path = root.join("schema/openapi.yaml");
    let text =
        std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))?;
    let schema: Value = serde_yaml::from_str(&text).map_err(|err| format!("schema: {err}"))?;
    let version = schema["x-sdk"]["crateVersion"]
        .as_str()
        .ok_or("no x-sdk.crateVersion")?;
    let paths = schema["paths"].as_object().ok_or("no paths")?;
    let mut operations = Vec::new();
    for (template, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let media = &operation["responses"]["200"]["content"]["application/json"];
            let response = documented(media)
                .map_err(|why| format!("{method} {template}: the 200 response {why}"))?;
            operations.push(Operation {
                method: method.to_uppercase(),
                template: template.clone(),
                response,
                items: operation["x-pagination"]["items"]
                    .as_str()
                    .map(str::to_owned),
            });
        }
    }
    Ok(Api {
        operations,
        version: version.to_owned(),
    })
}

/// The example of a `200` response's media type, or its named examples of a report lookup.
fn documented(media: &Value) -> Result<Documented, String> {
    if let Some(example) = media.get("example") {
        return Ok(Documented::Example(example.clone()));
    }
    let examples = media["examples"]
        .as_object()
        .ok_or("has no `example` and no `examples`")?;
    let named = |name: &str| {
        examples
            .get(name)
            .and_then(|example| example.get("value"))
            .cloned()
            .ok_or_else(|| format!("has no example `{name}` with a `value`"))
    };
    if examples.len() != 2 {
        return Err(format!(
            "has {} named examples; the mock knows only `{SINGLE_REPORT}` and `{STUDY_REPORTS}`",
            examples.len()
        ));
    }
    Ok(Documented::Lookup {
        single: named(SINGLE_REPORT)?,
        list: named(STUDY_REPORTS)?,
    })
}

impl Api {
    /// The operation that `method` and `path` (percent-encoded) address, if any. Literal
    /// segments win over templated ones, as in the API: `/users/invitations` is not
    /// `/users/{userId}`.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let segments: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .filter(|operation| {
                let template: Vec<&str> = operation.template.split('/').collect();
                operation.method == method
                    && template.len() == segments.len()
                    && template.iter().zip(&segments).all(|(t, s)| {
                        *t == *s || (t.starts_with('{') && t.ends_with('}') && !s.is_empty())
                    })
            })
            .min_by_key(|operation| operation.template.matches('{').count())
    }
}

/// The mock API: the documented response of each operation, a 503 once for [`FLAKY`], and two
/// pages for [`TWO_PAGES`]. Other lists are one page. The last page of [`TWO_PAGES`] leaves the
/// `cursor` out and the other lists' single page sends `cursor: null`, the two ways the API ends
/// a list. Anything else is a 404.
struct TourServer {
    api: Arc<Api>,
    failed_once: AtomicBool,
}

impl Respond for TourServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (method, path) = (request.method.as_str(), request.url.path());
        let Some(operation) = self.api.operation(method, path) else {
            return ResponseTemplate::new(404)
                .set_body_json(json!({"message": "no such endpoint"}));
        };
        if (method, path) == FLAKY && !self.failed_once.swap(true, Ordering::SeqCst) {
            return ResponseTemplate::new(503).set_body_json(json!({"message": "try again"}));
        }
        let by_report_id = request.url.query_pairs().any(|(key, _)| key == REPORT_ID);
        let mut body = operation.example(by_report_id).clone();
        if operation.items.is_some() {
            let cursor = request.url.query_pairs().find(|(key, _)| key == "cursor");
            let first_of_two =
                path == TWO_PAGES && cursor.is_some_and(|(_, value)| value != NEXT_CURSOR);
            body["hasMore"] = json!(first_of_two);
            if first_of_two {
                body["cursor"] = json!(NEXT_CURSOR);
            } else if path != TWO_PAGES {
                body["cursor"] = Value::Null;
            } else if let Some(envelope) = body.as_object_mut() {
                envelope.remove("cursor");
            }
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

/// Runs the tour example with the README's command from the repository `root`, against
/// `base_url` with `api_key`, killing it if it takes too long (a pagination loop, say) so that
/// the test fails instead of hanging. The limit includes compiling it. `extra_env` adds variables
/// to the environment.
pub fn run_example(
    root: &Path,
    base_url: &str,
    api_key: &str,
    extra_env: &[(&str, &str)],
) -> Result<Output, String> {
    const LIMIT: Duration = Duration::from_secs(900);
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["run", "--quiet", "--example", "tour"])
        .current_dir(root)
        .env("AVARA_BASE_URL", base_url)
        .env("AVARA_API_KEY", api_key)
        .env_remove("AVARA_CUSTOM_HEADERS");
    command.envs(extra_env.iter().copied());
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cargo run: {err}"))?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait().map_err(|err| err.to_string())? {
            Some(status) => break status,
            None if started.elapsed() > LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the tour did not finish within {LIMIT:?}"));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let collect = |reader: JoinHandle<Vec<u8>>| reader.join().unwrap_or_default();
    Ok(Output {
        status,
        stdout: collect(stdout),
        stderr: collect(stderr),
    })
}

/// Reads `pipe` to the end on another thread, so that a full pipe never blocks the child.
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}
