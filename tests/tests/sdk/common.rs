//! Helpers shared by the behaviour tests: a client pointed at the mock server, response bodies
//! shaped like the API's, and a responder that answers a fixed sequence.

use std::sync::atomic::{AtomicUsize, Ordering};

use avara::models::{ExpressCustomerId, StudyId, UserId};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const API_KEY: &str = "sk-test-very-secret";
pub const USER: &str = "usr_1234567890abcdef1234567890abcdef";
pub const OTHER_USER: &str = "usr_fedcba0987654321fedcba0987654321";
pub const STUDY: &str = "stu_1234567890abcdef1234567890abcdef";
pub const CUSTOMER: &str = "cus_1234567890abcdef1234567890abcdef";

/// A client for `server` with the test key and default settings.
pub fn client(server: &MockServer) -> avara::Client {
    avara::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("client builds")
}

pub fn user_id() -> UserId {
    UserId::new(USER).expect("valid user id")
}

pub fn study_id() -> StudyId {
    StudyId::new(STUDY).expect("valid study id")
}

/// A numbered user id such as `usr_…0003`, for pages of distinct users.
pub fn numbered_user(n: u32) -> String {
    format!("usr_{n:032x}")
}

/// A Viewer user as the API returns it.
pub fn viewer_user(id: &str) -> Value {
    json!({
        "canManageStudies": true,
        "clinicRole": "Radiologist",
        "createdAt": "2024-01-15T10:00:00Z",
        "email": format!("{id}@example.test"),
        "firstName": "Sarah",
        "hasDashboardAccess": true,
        "invitedSource": "api",
        "lastLoginAt": null,
        "lastName": "Johnson",
        "level": "member",
        "userId": id,
    })
}

/// A Viewer study as the API returns it.
pub fn study(id: &str) -> Value {
    json!({
        "cancelledAt": null,
        "createdAt": "2024-01-15T10:00:00Z",
        "isCancelled": false,
        "severity": "normal",
        "studyDescription": "CT Head",
        "studyId": id,
        "studyInstanceUid": "1.2.840.10008.5.1.4.1.1.2",
        "studyViewerStatus": "incomplete",
        "updatedAt": "2024-01-15T10:00:00Z",
    })
}

/// An Express customer as the API returns it.
pub fn express_customer(id: &str) -> Value {
    json!({
        "createdAt": "2024-02-01T10:00:00Z",
        "expressCustomerId": id,
        "expressCustomerName": "City Medical Center - Imaging",
        "isActive": true,
        "updatedAt": null,
        "userCount": 12,
        "createdByUserId": null,
    })
}

pub fn customer_id() -> ExpressCustomerId {
    ExpressCustomerId::new(CUSTOMER).expect("valid customer id")
}

/// A 200 answer with `body` as JSON.
pub fn ok_json(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A page of Viewer users as the API returns it.
pub fn users_page(ids: &[&str], cursor: Option<&str>, has_more: bool) -> ResponseTemplate {
    let users: Vec<Value> = ids.iter().map(|id| viewer_user(id)).collect();
    let mut body = json!({ "users": users, "hasMore": has_more });
    if let Some(cursor) = cursor {
        body["cursor"] = json!(cursor);
    }
    ok_json(body)
}

/// An empty last page of any list whose items sit under `items`.
pub fn empty_page(items: &str) -> ResponseTemplate {
    ok_json(json!({ items: [], "hasMore": false }))
}

/// A retryable failure that asks for a 1 ms pause, so retry tests do not wait for the backoff.
pub fn failure(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("retry-after-ms", "1")
        .set_body_json(json!({"message": "try again"}))
}

/// Answers with each response in turn, then repeats the last one.
pub struct Sequence {
    responses: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Sequence {
    pub fn new(responses: Vec<ResponseTemplate>) -> Self {
        Sequence {
            responses,
            next: AtomicUsize::new(0),
        }
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let index = self
            .next
            .fetch_add(1, Ordering::SeqCst)
            .min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

/// The requests the server received so far.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The value of one header of a received request.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// A mock answering `GET /v1/viewer/users/{USER}` with `responses` in turn; the caller mounts it.
pub fn test_user_mock(responses: Vec<ResponseTemplate>) -> Mock {
    Mock::given(method("GET"))
        .and(path(format!("/v1/viewer/users/{USER}")))
        .respond_with(Sequence::new(responses))
}

/// One `retrieve` of the test user with the default client, the value dropped.
pub async fn retrieve_test_user(server: &MockServer) -> avara::Result<()> {
    client(server)
        .viewer()
        .users()
        .retrieve(&user_id())
        .await
        .map(drop)
}

/// A base URL on 127.0.0.1 where nothing listens, so a request fails to connect.
pub fn closed_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("bound");
    drop(listener);
    format!("http://{address}")
}

/// A server that must receive no request at all; `verify` checks it.
pub async fn server_expecting_nothing() -> MockServer {
    let server = MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}
