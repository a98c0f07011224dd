//! What the SDK logs through `tracing`: one span per call naming the operation and the path
//! template, one event per attempt with the attempt number, status and duration, a warning for an
//! attempt that will be retried, and never the key or a value of the request.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};
use wiremock::{MockServer, ResponseTemplate};

use crate::common::{
    API_KEY, USER, failure, ok_json, retrieve_test_user, test_user_mock, viewer_user,
};

/// One event as it was recorded: its level and every field as text (`message` included).
#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// What one test recorded: every event of the SDK's crate, and every span's fields.
#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<Captured>>>,
    /// Everything recorded in spans, so that a key logged there would be caught too.
    span_text: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn events(&self) -> Vec<Captured> {
        self.events.lock().expect("recorder lock").clone()
    }

    /// Every value recorded anywhere, as one text to search.
    fn all_text(&self) -> String {
        let mut text = self.span_text.lock().expect("recorder lock").join("\n");
        for event in self.events() {
            for (name, value) in &event.fields {
                text.push_str(&format!("\n{name}={value}"));
            }
        }
        text
    }

    fn push_span_fields(&self, fields: BTreeMap<String, String>) {
        self.span_text
            .lock()
            .expect("recorder lock")
            .push(format!("{fields:?}"));
    }
}

struct FieldsToText<'a>(&'a mut BTreeMap<String, String>);

impl Visit for FieldsToText<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

thread_local! {
    /// The recorder of the test running on this thread, if it is recording.
    static CURRENT: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// The process-wide subscriber: it hands what happens on a thread to that thread's recorder.
///
/// One global subscriber rather than a scoped one per test, because tracing caches each
/// callsite's interest process-wide: with a single scoped subscriber alive, a callsite first
/// reached on another test's thread (which has none) is cached as never enabled, and the events
/// of the test that does record are silently dropped.
struct Router;

impl Router {
    fn with_recorder(f: impl FnOnce(&Recorder)) {
        CURRENT.with(|current| {
            if let Some(recorder) = current.borrow().as_ref() {
                f(recorder);
            }
        });
    }
}

impl Subscriber for Router {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut FieldsToText(&mut fields));
        Self::with_recorder(|recorder| recorder.push_span_fields(fields));
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = BTreeMap::new();
        values.record(&mut FieldsToText(&mut fields));
        Self::with_recorder(|recorder| recorder.push_span_fields(fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        if !event.metadata().target().starts_with("avara") {
            return;
        }
        Self::with_recorder(|recorder| {
            let mut fields = BTreeMap::new();
            event.record(&mut FieldsToText(&mut fields));
            recorder
                .events
                .lock()
                .expect("recorder lock")
                .push(Captured {
                    level: *event.metadata().level(),
                    fields,
                });
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Records what happens on this thread until the guard is dropped.
fn record_this_thread() -> (Recorder, impl Drop) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Router).expect("no other global subscriber");
    });
    // A callsite registered by another thread while the subscriber was being installed may have
    // cached "never"; asking every callsite again closes that window.
    tracing::callsite::rebuild_interest_cache();

    struct StopRecording;
    impl Drop for StopRecording {
        fn drop(&mut self) {
            CURRENT.with(|current| current.borrow_mut().take());
        }
    }
    let recorder = Recorder::default();
    CURRENT.with(|current| *current.borrow_mut() = Some(recorder.clone()));
    (recorder, StopRecording)
}

/// Runs one `retrieve` of a Viewer user against a server answering `responses` in turn, with
/// the recorder as the thread's subscriber (the test runtime polls everything on this thread).
async fn logged_retrieve(responses: Vec<ResponseTemplate>) -> (Recorder, avara::Result<()>) {
    let server = MockServer::start().await;
    test_user_mock(responses).mount(&server).await;
    let (recorder, guard) = record_this_thread();
    let result = retrieve_test_user(&server).await;
    drop(guard);
    (recorder, result)
}

#[tokio::test]
async fn a_retried_attempt_is_a_warning_and_the_final_one_a_debug_event() {
    let (recorder, result) = logged_retrieve(vec![failure(503), ok_json(viewer_user(USER))]).await;
    assert!(result.is_ok(), "{result:?}");

    let events = recorder.events();
    assert_eq!(events.len(), 2, "one event per attempt: {events:#?}");
    let spans = recorder.span_text.lock().expect("recorder lock").join("\n");
    for field in [
        r#""operation": "viewer.users.retrieve""#,
        r#""method": "GET""#,
        r#""path": "/v1/viewer/users/{userId}""#,
    ] {
        assert!(spans.contains(field), "the span names {field}:\n{spans}");
    }
    for (event, attempt, status) in [(&events[0], "1", "503"), (&events[1], "2", "200")] {
        assert_eq!(
            event.field("path"),
            None,
            "the span has the path: {event:#?}"
        );
        assert_eq!(event.field("attempt"), Some(attempt), "{event:#?}");
        assert_eq!(event.field("status"), Some(status), "{event:#?}");
        let elapsed = event.field("elapsed_ms").expect("a duration");
        assert!(elapsed.parse::<u64>().is_ok(), "{event:#?}");
    }
    assert_eq!(events[0].level, Level::WARN);
    assert_eq!(events[0].field("message"), Some("request failed, retrying"));
    assert_eq!(events[0].field("retry_in_ms"), Some("1"));
    assert_eq!(events[1].level, Level::DEBUG);
    assert_eq!(events[1].field("message"), Some("request succeeded"));
}

#[tokio::test]
async fn a_final_failure_is_a_debug_event_with_the_error() {
    let unauthorized = ResponseTemplate::new(401)
        .set_body_json(serde_json::json!({ "message": "invalid API key" }));
    let (recorder, result) = logged_retrieve(vec![unauthorized]).await;
    assert!(result.is_err(), "{result:?}");

    let events = recorder.events();
    assert_eq!(events.len(), 1, "a 401 is not retried: {events:#?}");
    assert_eq!(events[0].level, Level::DEBUG);
    assert_eq!(events[0].field("message"), Some("request failed"));
    assert_eq!(events[0].field("status"), Some("401"));
    assert_eq!(events[0].field("error"), Some("status"), "{:#?}", events[0]);
    let text = recorder.all_text();
    assert!(
        !text.contains("invalid API key"),
        "the server's message may quote the request, and is not logged:\n{text}"
    );
}

#[tokio::test]
async fn the_api_key_is_never_logged() {
    // Three attempts, two retried and one final failure: every kind of event the SDK logs.
    let bad = ResponseTemplate::new(400).set_body_json(serde_json::json!({ "message": "bad" }));
    let (recorder, result) = logged_retrieve(vec![failure(429), failure(503), bad]).await;
    assert!(result.is_err(), "{result:?}");

    let events = recorder.events();
    assert_eq!(events.len(), 3, "{events:#?}");
    let text = recorder.all_text();
    assert!(!text.contains(API_KEY), "the key was logged:\n{text}");
    assert!(
        !text.contains("Bearer"),
        "an Authorization header was logged:\n{text}"
    );
    assert!(
        text.contains("status=429"),
        "the recorder sees the fields:\n{text}"
    );
    assert!(!text.contains(USER), "a user ID was logged:\n{text}");
}
