//! Which failures are retried, how often, how long the SDK waits, and what it resends.

use std::time::{Duration, Instant};

use avara::{Error, StatusKind};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    Sequence, USER, client, failure, header, ok_json, received, retrieve_test_user, study,
    study_id, test_user_mock, user_id, viewer_user,
};

/// Serves `responses` in turn to `GET /v1/viewer/users/{id}`, expects `expected_requests`, and
/// returns the outcome of one retrieve.
async fn retrieve_with(
    responses: Vec<ResponseTemplate>,
    expected_requests: u64,
) -> (MockServer, avara::Result<()>) {
    let server = MockServer::start().await;
    test_user_mock(responses)
        .expect(expected_requests)
        .mount(&server)
        .await;
    let result = retrieve_test_user(&server).await;
    server.verify().await;
    (server, result)
}

fn ok_user() -> ResponseTemplate {
    ok_json(viewer_user(USER))
}

#[tokio::test]
async fn a_429_is_retried_until_success() {
    let (_server, result) = retrieve_with(vec![failure(429), ok_user()], 2).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_503_is_retried_until_success() {
    let (_server, result) = retrieve_with(vec![failure(503), ok_user()], 2).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn each_attempt_is_numbered_and_resends_the_same_body() {
    let server = MockServer::start().await;
    let ok = ok_json(study(crate::common::STUDY));
    Mock::given(method("PATCH"))
        .respond_with(Sequence::new(vec![failure(429), failure(503), ok]))
        .expect(3)
        .mount(&server)
        .await;

    let result = client(&server)
        .viewer()
        .studies()
        .update(&study_id())
        .assigned_to_null()
        .study_description("CT Head")
        .await;

    assert!(result.is_ok(), "{result:?}");
    let requests = received(&server).await;
    let counts: Vec<_> = requests
        .iter()
        .map(|r| header(r, "x-stainless-retry-count"))
        .collect();
    assert_eq!(counts, [Some("0"), Some("1"), Some("2")]);
    let bodies: Vec<&[u8]> = requests.iter().map(|r| r.body.as_slice()).collect();
    let expected: &[u8] = br#"{"assignedTo":null,"studyDescription":"CT Head"}"#;
    assert_eq!(bodies, [expected; 3]);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 409, 429, 500, 502, 503, 504, 599] {
        let (_server, result) = retrieve_with(vec![failure(status), ok_user()], 2).await;
        assert!(result.is_ok(), "{status}: {result:?}");
    }
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 418, 422] {
        let (_server, result) = retrieve_with(vec![failure(status), ok_user()], 1).await;
        assert!(
            matches!(&result, Err(Error::Status(err)) if err.status() == status),
            "{status}: {result:?}"
        );
    }
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let slow = ok_user().set_delay(Duration::from_secs(5));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![slow, ok_user()]))
        .expect(2)
        .mount(&server)
        .await;
    let result = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .await;
    assert!(result.is_ok(), "{result:?}");
    server.verify().await;
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let (_server, result) = retrieve_with(vec![failure(400), ok_user()], 1).await;
    assert!(
        matches!(&result, Err(Error::Status(err)) if err.kind() == StatusKind::BadRequest),
        "{result:?}"
    );
}

#[tokio::test]
async fn x_should_retry_false_stops_the_retry_of_a_503() {
    let refused = failure(503).insert_header("x-should-retry", "false");
    let (_server, result) = retrieve_with(vec![refused, ok_user()], 1).await;
    assert!(
        matches!(&result, Err(Error::Status(err)) if err.status() == 503),
        "{result:?}"
    );
}

#[tokio::test]
async fn x_should_retry_true_retries_a_400() {
    let asked = failure(400).insert_header("x-should-retry", "true");
    let (_server, result) = retrieve_with(vec![asked, ok_user()], 2).await;
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn by_default_a_request_is_retried_twice() {
    let (_server, result) = retrieve_with(vec![failure(500)], 3).await;
    assert!(
        matches!(&result, Err(Error::Status(err)) if err.kind() == StatusKind::Server),
        "{result:?}"
    );
}

#[tokio::test]
async fn max_retries_per_request_overrides_the_default() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(failure(500))
        .expect(2)
        .mount(&server)
        .await;
    let result = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .max_retries(1)
        .await;
    assert!(result.is_err());
    server.verify().await;
}

#[tokio::test]
async fn retry_after_ms_replaces_the_backoff() {
    // Without the header the first retry waits at least 375 ms (0.5 s times the jitter).
    let hinted = ResponseTemplate::new(503).insert_header("retry-after-ms", "10");
    let started = Instant::now();
    let (_server, result) = retrieve_with(vec![hinted, ok_user()], 2).await;
    let elapsed = started.elapsed();
    assert!(result.is_ok(), "{result:?}");
    assert!(
        elapsed >= Duration::from_millis(10) && elapsed < Duration::from_millis(350),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_retry_count_header_set_by_the_caller_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![failure(503), ok_user()]))
        .mount(&server)
        .await;
    let result = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .header("X-Stainless-Retry-Count", "42")
        .await;
    assert!(result.is_ok(), "{result:?}");
    let requests = received(&server).await;
    let counts: Vec<_> = requests
        .iter()
        .map(|r| header(r, "x-stainless-retry-count"))
        .collect();
    assert_eq!(counts, [Some("42"), Some("42")]);
}
