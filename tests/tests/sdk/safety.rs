//! Retries that never duplicate a write, and bounded waits: what the SDK does when a request may
//! or may not have reached the server, the connect timeout and the deadline over a whole call.

use std::time::{Duration, Instant};

use avara::models::{AssignableUserLevel, AutoScribeInvitedUser, ClinicRole};
use avara::{Error, RequestOptions, TransportKind};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    API_KEY, Sequence, USER, closed_base_url, failure, ok_json, received, user_id, viewer_user,
};

const INVITE_PATH: &str = "/v1/autoScribe/users";

/// A client with a short attempt timeout and no pause between retries.
fn quick_client(base_url: &str) -> avara::ClientBuilder {
    avara::Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .timeout(Duration::from_millis(200))
        .retry_backoff(Duration::ZERO, Duration::ZERO)
}

/// The user an invite returns.
fn invited_user() -> serde_json::Value {
    json!({
        "canCreateReports": false,
        "canManageStudies": true,
        "clinicRole": "Radiologist",
        "createdAt": "2024-01-15T10:00:00Z",
        "email": "dr.johnson@hospital.org",
        "firstName": "Sarah",
        "hasDashboardAccess": true,
        "invitedSource": "api",
        "lastLoginAt": null,
        "lastName": "Johnson",
        "level": "member",
        "userId": USER,
    })
}

/// An answer that arrives long after the client's attempt timeout: the server has the request.
fn too_slow() -> ResponseTemplate {
    ok_json(invited_user()).set_delay(Duration::from_secs(3))
}

async fn server_answering_invites(responses: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INVITE_PATH))
        .respond_with(Sequence::new(responses))
        .mount(&server)
        .await;
    server
}

/// Sends an invite with every required field and these options.
async fn invite_with(
    client: &avara::Client,
    options: RequestOptions,
) -> avara::Result<(AutoScribeInvitedUser, avara::Response)> {
    client
        .auto_scribe()
        .users()
        .invite()
        .can_create_reports(false)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson")
        .level(AssignableUserLevel::Member)
        .with_options(options)
        .send_with_response()
        .await
}

async fn invite(client: &avara::Client) -> avara::Result<(AutoScribeInvitedUser, avara::Response)> {
    invite_with(client, RequestOptions::new()).await
}

async fn invites_received(server: &MockServer) -> usize {
    received(server)
        .await
        .iter()
        .filter(|request| request.url.path() == INVITE_PATH)
        .count()
}

#[tokio::test]
async fn an_invite_that_times_out_after_the_server_received_it_is_sent_once() {
    let server = server_answering_invites(vec![too_slow()]).await;
    let client = quick_client(&server.uri()).build().expect("client builds");

    let result = invite(&client).await;

    let Err(err @ Error::Timeout(_)) = &result else {
        panic!("expected a timeout, got {result:?}")
    };
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.as_transport().map(|t| t.kind()),
        Some(TransportKind::AttemptTimeout)
    );
    assert_eq!(
        invites_received(&server).await,
        1,
        "the invite was repeated"
    );
}

#[tokio::test]
async fn the_opt_in_retries_an_invite_whose_outcome_is_unknown() {
    // Per request.
    let server = server_answering_invites(vec![too_slow()]).await;
    let client = quick_client(&server.uri()).build().expect("client builds");
    let result = invite_with(&client, RequestOptions::new().retry_unknown_outcome(true)).await;
    let attempts = result.as_ref().err().map(Error::attempts);
    assert_eq!(attempts, Some(3), "{result:?}");
    assert_eq!(invites_received(&server).await, 3);

    // Per client, and the request can turn it off again.
    let server =
        server_answering_invites(vec![too_slow(), too_slow(), ok_json(invited_user())]).await;
    let client = quick_client(&server.uri())
        .retry_unknown_outcome(true)
        .build()
        .expect("client builds");
    let (user, response) = invite(&client).await.expect("the third attempt succeeds");
    assert_eq!(user.user_id.as_str(), USER);
    assert_eq!(response.attempts(), 3);
    assert_eq!(invites_received(&server).await, 3);

    let server = server_answering_invites(vec![too_slow()]).await;
    let client = quick_client(&server.uri())
        .retry_unknown_outcome(true)
        .build()
        .expect("client builds");
    let result = invite_with(&client, RequestOptions::new().retry_unknown_outcome(false)).await;
    assert_eq!(result.err().map(|err| err.attempts()), Some(1));
    assert_eq!(invites_received(&server).await, 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_an_invite() {
    let client = quick_client(&closed_base_url())
        .build()
        .expect("client builds");

    let result = invite(&client).await;

    let Err(err @ Error::Connection(_)) = &result else {
        panic!("expected a connection error, got {result:?}")
    };
    assert!(!err.outcome_unknown(), "nothing was sent: {err}");
    assert_eq!(err.attempts(), 3, "{err}");
    assert_eq!(
        err.as_transport().map(|t| t.kind()),
        Some(TransportKind::Connect)
    );
}

#[tokio::test]
async fn a_503_and_a_409_on_an_invite_are_retried_as_the_other_sdks_do() {
    let server =
        server_answering_invites(vec![failure(503), failure(409), ok_json(invited_user())]).await;
    let client = quick_client(&server.uri()).build().expect("client builds");

    let (_, response) = invite(&client).await.expect("the third attempt succeeds");

    assert_eq!(response.attempts(), 3);
    assert_eq!(invites_received(&server).await, 3);

    // Out of retries, the status error says how many attempts were made.
    let server = server_answering_invites(vec![failure(503)]).await;
    let client = quick_client(&server.uri()).build().expect("client builds");
    let result = invite(&client).await;
    let Err(err @ Error::Status(status)) = &result else {
        panic!("expected a status error, got {result:?}")
    };
    assert_eq!(status.status().as_u16(), 503);
    assert_eq!(err.attempts(), 3);
    assert_eq!(
        err.to_string(),
        "the API answered 503 Service Unavailable (after 3 attempts)"
    );
    assert!(!err.outcome_unknown());
}

#[tokio::test]
async fn a_retrieve_that_times_out_is_retried() {
    let server = MockServer::start().await;
    let slow = ok_json(viewer_user(USER)).set_delay(Duration::from_secs(3));
    Mock::given(method("GET"))
        .and(path(format!("/v1/viewer/users/{USER}")))
        .respond_with(Sequence::new(vec![
            slow.clone(),
            slow,
            ok_json(viewer_user(USER)),
        ]))
        .mount(&server)
        .await;
    let client = quick_client(&server.uri()).build().expect("client builds");

    let (user, response) = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .send_with_response()
        .await
        .expect("the third attempt succeeds");

    assert_eq!(user.user_id.as_str(), USER);
    assert_eq!(response.attempts(), 3);
    assert_eq!(received(&server).await.len(), 3);
}

/// A TCP listener on 127.0.0.1 that accepts connections and never says a word, so a TLS
/// handshake with it never completes. It stops when the returned task is aborted.
async fn silent_listener() -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let address = listener.local_addr().expect("bound");
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    (format!("https://{address}"), task)
}

#[tokio::test]
async fn a_handshake_that_never_completes_fails_within_the_connect_timeout() {
    let (base_url, listener) = silent_listener().await;
    let client = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .expect("client builds");
    let started = Instant::now();

    let result = client.viewer().users().retrieve(&user_id()).await;

    let elapsed = started.elapsed();
    listener.abort();
    let Err(err @ Error::Timeout(transport)) = &result else {
        panic!("expected a timeout, got {result:?}")
    };
    assert_eq!(transport.kind(), TransportKind::ConnectTimeout, "{err}");
    assert!(!err.outcome_unknown(), "nothing was sent: {err}");
    assert!(
        elapsed < Duration::from_secs(5),
        "took {elapsed:?}: the attempt timeout applied, not the connect timeout"
    );
}

#[tokio::test]
async fn the_deadline_bounds_every_attempt_and_pause_together() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/viewer/users/{USER}")))
        .respond_with(ok_json(viewer_user(USER)).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_secs(2))
        .max_retries(5)
        .retry_backoff(Duration::ZERO, Duration::ZERO)
        .build()
        .expect("client builds");
    let started = Instant::now();

    let result = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .deadline(Duration::from_millis(500))
        .await;

    let elapsed = started.elapsed();
    let Err(err @ Error::Timeout(transport)) = &result else {
        panic!("expected a timeout, got {result:?}")
    };
    assert_eq!(transport.kind(), TransportKind::Deadline, "{err}");
    assert_eq!(err.attempts(), 1, "the deadline ended the first attempt");
    assert!(
        elapsed < Duration::from_millis(1500),
        "took {elapsed:?} against a deadline of 500 ms"
    );
}
