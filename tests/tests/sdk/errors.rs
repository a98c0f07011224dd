//! How failures surface: status errors, decode errors, timeouts and refused connections; and
//! what a response may contain without failing (unknown enum values and fields).

use std::time::{Duration, Instant};

use avara::models::{ClinicRole, InvitedSource, UserLevel, ViewerUser};
use avara::{Error, ErrorBody, StatusKind};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{OTHER_USER, USER, client, closed_base_url, ok_json, user_id, viewer_user};

/// A server that answers every GET with `template`.
async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// Retrieves the test user from a server that answers with `body`.
async fn retrieve_user(body: serde_json::Value) -> avara::Result<ViewerUser> {
    let server = server_answering(ok_json(body)).await;
    client(&server).viewer().users().retrieve(&user_id()).await
}

#[tokio::test]
async fn each_status_maps_to_its_kind_with_status_headers_body_and_message() {
    // Status, kind, and whether the error says it is worth retrying.
    let cases = [
        (400, StatusKind::BadRequest, false),
        (401, StatusKind::Unauthorized, false),
        (403, StatusKind::PermissionDenied, false),
        (404, StatusKind::NotFound, false),
        (408, StatusKind::Other, true),
        (409, StatusKind::Conflict, true),
        (422, StatusKind::UnprocessableEntity, false),
        (429, StatusKind::RateLimited, true),
        (500, StatusKind::Server, true),
        (503, StatusKind::Server, true),
        (418, StatusKind::Other, false),
    ];
    for (status, kind, retryable) in cases {
        let body = json!({"error": "Nope", "message": format!("failed with {status}")});
        let template = ResponseTemplate::new(status)
            .insert_header("x-request-id", "req_1")
            .set_body_json(&body);
        let server = server_answering(template).await;

        let result = client(&server)
            .viewer()
            .users()
            .retrieve(&user_id())
            .max_retries(0)
            .await;

        let error = result.expect_err("a status error");
        assert_eq!(error.is_retryable(), retryable, "{status}");
        let Error::Status(err) = error else {
            panic!("{status}: expected a status error, got {error:?}")
        };
        assert_eq!(err.status().as_u16(), status);
        assert_eq!(err.kind(), kind, "{status}");
        assert_eq!(
            err.headers().get("x-request-id").map(|v| v.as_bytes()),
            Some(&b"req_1"[..])
        );
        assert_eq!(err.body(), &ErrorBody::Json(body));
        let message = format!("failed with {status}");
        assert_eq!(err.message(), Some(message.as_str()));
        // The server's message may quote the request: it is an accessor, not the error's text.
        assert!(!err.to_string().contains(&message), "{err}");
    }
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_as_text() {
    let template = ResponseTemplate::new(502).set_body_string("<html>Bad gateway</html>");
    let server = server_answering(template).await;

    let result = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .max_retries(0)
        .await;

    let Err(Error::Status(err)) = result else {
        panic!("expected a status error, got {result:?}")
    };
    assert_eq!(
        err.body(),
        &ErrorBody::Text("<html>Bad gateway</html>".to_owned())
    );
    assert_eq!(err.message(), None);
    assert_eq!(err.to_string(), "the API answered 502 Bad Gateway");
}

#[tokio::test]
async fn unknown_enum_values_are_kept_and_serialize_back_unchanged() {
    let mut body = viewer_user(USER);
    body["clinicRole"] = json!("Astronaut");
    body["level"] = json!("superuser");
    body["invitedSource"] = json!("robot");

    let user = retrieve_user(body).await.expect("decodes");

    assert_eq!(user.clinic_role, ClinicRole::from_wire("Astronaut"));
    assert_eq!(user.level, UserLevel::from_wire("superuser"));
    assert_eq!(user.invited_source, InvitedSource::from_wire("robot"));
    assert!(!user.clinic_role.is_known() && !user.level.is_known());
    assert!(matches!(&user.invited_source, InvitedSource::Unknown(v) if v.as_str() == "robot"));
    let again = serde_json::to_value(&user).expect("serializes");
    assert_eq!(again["clinicRole"], "Astronaut");
    assert_eq!(again["level"], "superuser");
    assert_eq!(again["invitedSource"], "robot");
}

#[tokio::test]
async fn the_retired_role_pacs_administrator_is_an_unknown_value() {
    let mut body = viewer_user(USER);
    body["clinicRole"] = json!("PACS Administrator");

    let user = retrieve_user(body).await.expect("decodes");

    assert_eq!(
        user.clinic_role,
        ClinicRole::from_wire("PACS Administrator")
    );
    assert_eq!(user.clinic_role.as_str(), "PACS Administrator");
}

#[tokio::test]
async fn unknown_fields_in_responses_are_ignored() {
    let mut body = viewer_user(USER);
    body["addedNextYear"] = json!({"nested": [1, 2, 3]});

    let user = retrieve_user(body).await.expect("decodes");

    assert_eq!(user.user_id.as_str(), USER);
}

#[tokio::test]
async fn a_decode_error_carries_the_body_and_the_path() {
    let mut broken = viewer_user(OTHER_USER);
    broken["email"] = json!(5);
    let body = json!({"users": [viewer_user(USER), broken], "hasMore": false}).to_string();
    let template = ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json");
    let server = server_answering(template).await;

    let result = client(&server).viewer().users().list().await;

    let Err(Error::Decode(err)) = result else {
        panic!("expected a decode error, got {result:?}")
    };
    assert_eq!(err.path(), "users[1].email");
    assert_eq!(err.body(), body);
    assert!(err.to_string().contains("users[1].email"), "{err}");
}

#[tokio::test]
async fn a_missing_required_nullable_field_is_a_decode_error() {
    let mut body = viewer_user(USER);
    body.as_object_mut()
        .map(|fields| fields.remove("lastLoginAt"));

    let result = retrieve_user(body).await;

    assert!(
        matches!(&result, Err(Error::Decode(err)) if err.to_string().contains("lastLoginAt")),
        "{result:?}"
    );
}

fn slow_user() -> ResponseTemplate {
    ok_json(viewer_user(USER)).set_delay(Duration::from_secs(5))
}

#[tokio::test]
async fn a_slow_response_is_a_timeout() {
    let server = server_answering(slow_user()).await;
    let started = Instant::now();

    let result = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .await;

    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_client_timeout_applies_when_the_request_sets_none() {
    let server = server_answering(slow_user()).await;
    let client = avara::Client::builder()
        .api_key("k")
        .base_url(server.uri())
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .expect("client builds");

    let result = client.viewer().users().retrieve(&user_id()).await;

    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_connection_error() {
    let client = avara::Client::builder()
        .api_key("k")
        .base_url(closed_base_url())
        .build()
        .expect("client builds");

    let result = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .max_retries(0)
        .await;

    assert!(
        matches!(&result, Err(err @ Error::Connection(_)) if err.is_retryable()),
        "{result:?}"
    );
}
