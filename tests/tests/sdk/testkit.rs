//! The test kit (`test-util`) as an application uses it, through public items only: a client on
//! a scripted transport, fixtures, and the error constructors; then the escape hatches and
//! `.optional()` against the local mock server.

use std::time::Duration;

use avara::models::{AssignableUserLevel, ClinicRole, UserId};
use avara::prelude::*;
use avara::reqwest::{Method, StatusCode, header::HeaderMap};
use avara::testing::{self, MockResponse, MockTransport, fixtures};
use avara::{Error, StatusKind, TransportKind};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{API_KEY, USER, client, header, ok_json, received, user_id, viewer_user};

/// A client answered by `mock`, with no pause between retries.
fn scripted(mock: &MockTransport) -> avara::Client {
    avara::Client::builder()
        .mock_transport(mock.clone())
        .retry_backoff(Duration::ZERO, Duration::ZERO)
        .build()
        .expect("a scripted client builds without a key or a base URL")
}

/// What the application under test might do: look a user up, treating "not found" as `None`.
async fn display_name(client: &avara::Client, id: &UserId) -> avara::Result<Option<String>> {
    match client.viewer().users().retrieve(id).await {
        Ok(user) => Ok(Some(format!("{} {}", user.first_name, user.last_name))),
        Err(Error::Status(err)) if err.kind() == StatusKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

#[tokio::test]
async fn a_scripted_retrieve_returns_a_fixture() {
    let mut user = fixtures::viewer_user();
    user.first_name = "Ada".to_owned();
    let mock = MockTransport::new().on("viewer.users.retrieve", MockResponse::json(&user));
    let client = scripted(&mock);

    let name = display_name(&client, &user.user_id)
        .await
        .expect("scripted");
    let retrieved = client
        .viewer()
        .users()
        .retrieve(&user.user_id)
        .await
        .expect("scripted");

    assert_eq!(name.as_deref(), Some(&*format!("Ada {}", user.last_name)));
    assert_eq!(retrieved, user);
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].operation(), Some("viewer.users.retrieve"));
    assert_eq!(requests[0].method(), Method::GET);
    assert_eq!(
        requests[0].path(),
        format!("/v1/viewer/users/{}", user.user_id.as_str())
    );
}

#[tokio::test]
async fn a_scripted_404_is_matched_by_the_application() {
    let not_found = MockResponse::status(404).with_json(&json!({ "message": "no such user" }));
    let mock = MockTransport::new().on("viewer.users.retrieve", not_found);
    let client = scripted(&mock);

    assert_eq!(display_name(&client, &user_id()).await.ok(), Some(None));
    let optional = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .optional()
        .await;
    assert!(matches!(optional, Ok(None)), "{optional:?}");
    assert_eq!(mock.requests().len(), 2, "a 404 is not retried");
}

#[tokio::test]
async fn a_scripted_list_of_two_pages_is_streamed_to_the_end() {
    let mut first = fixtures::viewer_user_list();
    first.users = vec![fixtures::viewer_user(), fixtures::viewer_user()];
    first.has_more = true;
    first.cursor = Some("page-2".to_owned());
    let mut second = fixtures::viewer_user_list();
    second.users = vec![fixtures::viewer_user()];
    second.has_more = false;
    second.cursor = None;
    let mock = MockTransport::new()
        .on("viewer.users.list", MockResponse::json(&first))
        .on("viewer.users.list", MockResponse::json(&second));
    let client = scripted(&mock);

    let users: Vec<_> = client
        .viewer()
        .users()
        .list()
        .limit(2)
        .into_stream()
        .try_collect()
        .await
        .expect("both pages");

    assert_eq!(users.len(), 3);
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].query_param("cursor"), None);
    assert_eq!(requests[0].query_param("limit"), Some("2"));
    assert_eq!(requests[1].query_param("cursor"), Some("page-2"));
}

#[tokio::test]
async fn retries_still_run_on_a_scripted_transport() {
    let user = fixtures::viewer_user();
    let mock = MockTransport::new()
        .on("viewer.users.retrieve", MockResponse::status(503))
        .on("viewer.users.retrieve", MockResponse::json(&user));
    let client = scripted(&mock);

    let (retrieved, response) = client
        .viewer()
        .users()
        .retrieve(&user.user_id)
        .send_with_response()
        .await
        .expect("the retry succeeds");

    assert_eq!(retrieved, user);
    assert_eq!(response.attempts(), 2);
    let retry_counts: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| r.headers()["x-stainless-retry-count"].clone())
        .collect();
    assert_eq!(retry_counts, ["0", "1"]);

    // A scripted timeout of an invite is not repeated, as against the API.
    let mock = MockTransport::new().on("viewer.users.invite", MockResponse::timeout());
    let result = invite(&scripted(&mock)).await;
    let err = result.expect_err("a timeout");
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(mock.requests().len(), 1);
}

async fn invite(client: &avara::Client) -> avara::Result<avara::models::ViewerInvitedUser> {
    client
        .viewer()
        .users()
        .invite()
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson")
        .level(AssignableUserLevel::Member)
        .await
}

#[tokio::test]
async fn the_scripted_transport_records_the_body_and_validation_still_runs() {
    let mock = MockTransport::new().on(
        "viewer.users.invite",
        MockResponse::json(&fixtures::viewer_invited_user()),
    );
    let client = scripted(&mock);

    invite(&client).await.expect("scripted");

    let requests = mock.requests();
    let body = requests[0].json().expect("a JSON body");
    assert_eq!(body["email"], "dr.johnson@hospital.org");
    assert_eq!(body["clinicRole"], "Radiologist");
    assert_eq!(
        requests[0].headers()["content-type"],
        "application/json",
        "{:?}",
        requests[0]
    );

    // An unscripted operation gets a 501 that names it.
    let result = client.viewer().studies().list().await;
    let Err(Error::Status(err)) = result else {
        panic!("expected the mock's 501, got {result:?}")
    };
    assert_eq!(err.status(), StatusCode::NOT_IMPLEMENTED);
    assert!(
        err.message()
            .is_some_and(|m| m.contains("viewer.studies.list")),
        "{:?}",
        err.message()
    );
}

#[tokio::test]
async fn scripted_routes_match_by_method_and_path() {
    let user = fixtures::viewer_user();
    let route = format!("/v1/viewer/users/{}", user.user_id.as_str());
    let mock = MockTransport::new().on_route(Method::GET, &route, MockResponse::json(&user));
    let client = scripted(&mock);

    let found = client.viewer().users().retrieve(&user.user_id).await;
    assert_eq!(found.ok(), Some(user));
    let someone_else = UserId::new("usr_ffffffffffffffffffffffffffffffff").expect("an ID");
    let other = client.viewer().users().retrieve(&someone_else).await;
    assert!(
        matches!(&other, Err(Error::Status(e)) if e.status().as_u16() == 501),
        "{other:?}"
    );
}

#[test]
fn every_error_an_application_matches_on_can_be_built() {
    let mut headers = HeaderMap::new();
    headers.insert("x-request-id", "req_1".parse().expect("a header value"));
    let err = testing::status_error(StatusCode::NOT_FOUND, headers, br#"{"message":"gone"}"#);
    let Error::Status(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.kind(), StatusKind::NotFound);
    assert_eq!(status.message(), Some("gone"));
    assert_eq!(status.headers()["x-request-id"], "req_1");

    let timeout = testing::timeout_error();
    assert!(matches!(timeout, Error::Timeout(_)) && timeout.outcome_unknown());

    let refused = testing::connection_error(TransportKind::Connect);
    assert!(matches!(refused, Error::Connection(_)) && !refused.outcome_unknown());
    let lost = testing::connection_error(TransportKind::Interrupted);
    assert!(lost.outcome_unknown());

    let decode = testing::decode_error::<avara::models::ViewerUser>(br#"{"userId": 1}"#);
    assert!(matches!(decode, Some(Error::Decode(_))), "{decode:?}");
    assert!(testing::decode_error::<u32>(b"7").is_none());
}

#[tokio::test]
async fn a_raw_request_reaches_any_path_with_the_clients_settings() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/viewer/new-endpoint"))
        .respond_with(ok_json(json!({ "count": 3 })))
        .mount(&server)
        .await;

    let response = client(&server)
        .request(Method::POST, "/v1/viewer/new-endpoint")
        .json(&json!({ "flag": true }))
        .query_param("scope", "all")
        .await
        .expect("a 200");

    let value: serde_json::Value = response.json().expect("JSON");
    assert_eq!(value["count"], 3);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body(), br#"{"count":3}"#);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("scope=all"));
    assert_eq!(
        header(&requests[0], "authorization"),
        Some(&*format!("Bearer {API_KEY}"))
    );
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(body, json!({ "flag": true }));

    let relative = client(&server).request(Method::GET, "v1/x").await;
    assert!(
        matches!(&relative, Err(Error::InvalidRequest(e)) if e.name() == "path"),
        "{relative:?}"
    );
}

#[tokio::test]
async fn an_extra_body_field_is_sent_with_the_operations_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v1/viewer/users/{USER}")))
        .respond_with(ok_json(viewer_user(USER)))
        .mount(&server)
        .await;

    client(&server)
        .viewer()
        .users()
        .update(&user_id())
        .first_name("Ada")
        .extra_body("preferredLanguage", json!("fr"))
        .await
        .expect("a 200");

    let requests = received(&server).await;
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(
        body,
        json!({ "firstName": "Ada", "preferredLanguage": "fr" })
    );
}

#[tokio::test]
async fn optional_gives_none_on_404_and_the_value_on_200() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/viewer/users/{USER}")))
        .respond_with(ok_json(viewer_user(USER)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "message": "no" })))
        .mount(&server)
        .await;
    let client = client(&server);

    let found = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .optional()
        .await;
    assert_eq!(
        found.expect("a 200").map(|user| user.user_id),
        Some(user_id())
    );
    let other = UserId::new("usr_ffffffffffffffffffffffffffffffff").expect("an ID");
    let missing = client.viewer().users().retrieve(&other).optional().await;
    assert!(matches!(missing, Ok(None)), "{missing:?}");
}

#[tokio::test]
async fn app_info_is_added_to_the_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_json(viewer_user(USER)))
        .mount(&server)
        .await;
    let client = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .app_info("radiology-portal", "2.1.0")
        .build()
        .expect("client builds");

    client
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect("a 200");

    let requests = received(&server).await;
    let expected = format!("avara-rust/{} radiology-portal/2.1.0", avara::VERSION);
    assert_eq!(header(&requests[0], "user-agent"), Some(expected.as_str()));
}
