//! The client: headers on every request, credentials kept out of output, raw responses, and the
//! thread-safety of what it returns.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{
    API_KEY, USER, client, closed_base_url, header, received, user_id, viewer_user,
};

/// The version of the generated crate: `x-sdk.crateVersion` of the schema it was generated from.
fn sdk_version() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("schema/openapi.yaml is readable");
    let schema: serde_yaml::Value = serde_yaml::from_str(&text).expect("the schema is YAML");
    schema["x-sdk"]["crateVersion"]
        .as_str()
        .expect("x-sdk.crateVersion is a string")
        .to_owned()
}

async fn server_answering_user() -> MockServer {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(201)
        .insert_header("x-request-id", "req_9")
        .set_body_json(viewer_user(USER));
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn every_request_carries_the_bearer_key() {
    let server = server_answering_user().await;
    client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect("retrieves");
    let expected = format!("Bearer {API_KEY}");
    assert_eq!(
        header(&received(&server).await[0], "authorization"),
        Some(expected.as_str())
    );
}

#[tokio::test]
async fn every_request_carries_the_user_agent_and_accepts_json() {
    let server = server_answering_user().await;
    client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect("retrieves");
    let request = &received(&server).await[0];
    // The SDK's version is the schema's `x-sdk.crateVersion`, from which the crate was generated.
    let expected = format!("avara-rust/{}", sdk_version());
    assert_eq!(header(request, "user-agent"), Some(expected.as_str()));
    assert_eq!(header(request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn default_headers_are_sent_and_a_request_header_overrides_them() {
    let server = server_answering_user().await;
    let client = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .default_header("X-Team", "radiology")
        .default_header("X-Env", "test")
        .build()
        .expect("client builds");

    client
        .viewer()
        .users()
        .retrieve(&user_id())
        .header("X-Env", "override")
        .await
        .expect("retrieves");

    let request = &received(&server).await[0];
    assert_eq!(header(request, "x-team"), Some("radiology"));
    assert_eq!(header(request, "x-env"), Some("override"));
}

#[test]
fn the_api_key_never_appears_in_debug_output() {
    let builder = avara::Client::builder().api_key(API_KEY);
    let client = builder.clone().build().expect("client builds");
    let request = client
        .viewer()
        .users()
        .retrieve(&user_id())
        .header("Authorization", format!("Bearer {API_KEY}"));
    let shown = format!("{builder:?} {client:?} {request:?}");
    assert!(!shown.contains(API_KEY), "{shown}");
    assert!(shown.contains("api.avarasoftware.com"), "{shown}");
}

#[tokio::test]
async fn request_options_can_be_applied_as_a_set() {
    let server = server_answering_user().await;
    let options = avara::RequestOptions::new()
        .header("X-Trace-Id", "t-1")
        .query_param("debug", "1")
        .timeout(std::time::Duration::from_secs(5));
    client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .with_options(options)
        .await
        .expect("retrieves");
    let request = &received(&server).await[0];
    assert_eq!(header(request, "x-trace-id"), Some("t-1"));
    assert_eq!(request.url.query(), Some("debug=1"));
}

#[tokio::test]
async fn send_with_response_exposes_status_and_headers() {
    let server = server_answering_user().await;

    let (user, response) = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .send_with_response()
        .await
        .expect("retrieves");

    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(&b"req_9"[..])
    );
    assert_eq!(user.user_id.as_str(), USER);
}

#[test]
fn a_missing_key_is_a_config_error() {
    let result = avara::Client::builder().build();
    assert!(
        matches!(&result, Err(avara::Error::Config(message)) if message.contains("AVARA_API_KEY")),
        "{result:?}"
    );
}

#[test]
fn a_base_url_with_a_query_is_a_config_error() {
    let result = avara::Client::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:1/?a=b")
        .build();
    assert!(
        matches!(&result, Err(avara::Error::Config(message)) if message.contains("base URL")),
        "{result:?}"
    );
}

#[test]
fn requests_pages_and_streams_can_move_between_threads() {
    fn send_static<T: Send + 'static>(_: &T) {}
    let client = avara::Client::builder()
        .api_key("k")
        .build()
        .expect("client builds");
    send_static(&client);
    let users = client.viewer().users();
    send_static(&std::future::IntoFuture::into_future(
        users.retrieve(&user_id()),
    ));
    send_static(&std::future::IntoFuture::into_future(users.list()));
    send_static(&users.list().into_stream());
}

#[tokio::test]
async fn a_caller_supplied_http_client_sends_the_requests() {
    let server = server_answering_user().await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(
        "x-from-caller-client",
        reqwest::header::HeaderValue::from_static("yes"),
    );
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .expect("an HTTP client");
    let client = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .http_client(http)
        .build()
        .expect("client builds");

    client
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect("retrieves");

    let request = &received(&server).await[0];
    assert_eq!(header(request, "x-from-caller-client"), Some("yes"));
    let expected = format!("Bearer {API_KEY}");
    assert_eq!(header(request, "authorization"), Some(expected.as_str()));
}

#[tokio::test]
async fn errors_never_show_the_api_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "no"})),
        )
        .mount(&server)
        .await;
    let status = client(&server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect_err("a 401");

    let offline = avara::Client::builder()
        .api_key(API_KEY)
        .base_url(closed_base_url())
        .max_retries(0)
        .build()
        .expect("client builds");
    let connection = offline
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .expect_err("nothing listens");

    for error in [status, connection] {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(API_KEY), "{shown}");
    }
}
