//! What the SDK logs over a whole tour (every operation, a retry, a second page): each call is a
//! span naming its operation and path template, and no span or event carries a value the tour
//! sent: no ID, no DICOM UID, no email, no query value, nothing from a body.
//!
//! The tour runs in this process (its own test binary, so that the process-wide subscriber sees
//! nothing else) against the mock API of the tour test.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

#[path = "../examples/tour.rs"]
#[allow(
    dead_code,
    reason = "the tour's `main` is not called here; its calls are"
)]
mod tour_example;
#[path = "../support/tour_server.rs"]
#[allow(
    dead_code,
    reason = "the tour test uses the rest of the mock API's helpers"
)]
mod tour_server;

/// Every span and event of the SDK, as `name=value` lines.
static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Recorder {
    next_id: AtomicU64,
}

struct Lines<'a>(&'a mut Vec<String>);

impl Visit for Lines<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl Recorder {
    fn keep(metadata: &Metadata<'_>, record: impl FnOnce(&mut Lines<'_>)) {
        if !metadata.target().starts_with("avara") {
            return;
        }
        let mut lines = vec![format!("{} {}", metadata.level(), metadata.name())];
        record(&mut Lines(&mut lines));
        LINES.lock().expect("recorder lock").push(lines.join(" "));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        Recorder::keep(span.metadata(), |lines| span.record(lines));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        // Values recorded on a span later are checked as well.
        let mut lines = Vec::new();
        values.record(&mut Lines(&mut lines));
        LINES.lock().expect("recorder lock").push(lines.join(" "));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        Recorder::keep(event.metadata(), |lines| event.record(lines));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every string the tour sent that the logs must not show: path segments that are values, query
/// values, and the strings of every JSON body.
fn values_sent(requests: &[wiremock::Request], templates: &BTreeSet<String>) -> BTreeSet<String> {
    fn strings(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::String(text) => {
                out.insert(text.clone());
            }
            Value::Array(items) => items.iter().for_each(|item| strings(item, out)),
            Value::Object(fields) => fields.values().for_each(|field| strings(field, out)),
            _ => {}
        }
    }
    let mut values = BTreeSet::new();
    for request in requests {
        for segment in request.url.path().split('/') {
            values.insert(segment.to_owned());
            let decoded = percent_decode(segment);
            values.insert(decoded);
        }
        for (_, value) in request.url.query_pairs() {
            values.insert(value.into_owned());
        }
        if let Ok(body) = serde_json::from_slice::<Value>(&request.body) {
            strings(&body, &mut values);
        }
    }
    // Literal path segments (`v1`, `users`) are in the templates the logs do name; numbers,
    // booleans and short words could appear in any log line by chance.
    values.retain(|value| {
        value.len() >= 5
            && value.parse::<f64>().is_err()
            && !templates
                .iter()
                .any(|template| template.split('/').any(|segment| segment == value))
    });
    values
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_tour_logs_operations_and_templates_but_no_value_it_sent() {
    tracing::subscriber::set_global_default(Recorder {
        next_id: AtomicU64::new(1),
    })
    .expect("no other subscriber in this test binary");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (requests, api) = runtime.block_on(async {
        let (server, api) = tour_server::start(&repo_root())
            .await
            .expect("the mock API starts");
        let client = avara::Client::builder()
            .api_key("sk-tour-logs-key")
            .base_url(server.uri())
            .build()
            .expect("client builds");
        tour_example::run(&client).await.expect("the tour runs");
        let requests = server.received_requests().await.expect("recording is on");
        (requests, api)
    });

    let lines = LINES.lock().expect("recorder lock").clone();
    let text = lines.join("\n");
    let templates: BTreeSet<String> = api
        .operations
        .iter()
        .map(|op| op.template.clone())
        .collect();

    // The recorder sees the SDK: one span per call, naming each operation and its template.
    let spans: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("DEBUG request "))
        .collect();
    assert!(
        spans.len() >= requests.len() - 2,
        "{} spans for {} requests (a retry and a second page share a call)",
        spans.len(),
        requests.len()
    );
    let mut operations = BTreeMap::new();
    for span in &spans {
        let operation = span
            .split(' ')
            .find_map(|field| field.strip_prefix("operation="))
            .expect("every span names its operation");
        let path = span
            .split(' ')
            .find_map(|field| field.strip_prefix("path="))
            .expect("every span names its path template");
        operations.insert(operation.to_owned(), path.to_owned());
    }
    assert_eq!(
        operations.len(),
        api.operations.len(),
        "every operation of the schema has its span: {operations:#?}"
    );
    for path in operations.values() {
        assert!(templates.contains(path), "`{path}` is not a path template");
    }
    assert!(
        text.contains("request failed, retrying"),
        "the retry is logged"
    );

    let values = values_sent(&requests, &templates);
    assert!(
        values.iter().any(|value| value.contains('@')),
        "the tour sends emails, so the check has something to find: {values:#?}"
    );
    let leaked: Vec<&String> = values
        .iter()
        .filter(|value| text.contains(value.as_str()))
        .collect();
    assert!(
        leaked.is_empty(),
        "values the tour sent appear in the logs: {leaked:#?}\n{text}"
    );
    assert!(
        !text.contains('@'),
        "an email-like value was logged:\n{text}"
    );
    assert!(
        !text.contains("sk-tour-logs-key"),
        "the key was logged:\n{text}"
    );
}
