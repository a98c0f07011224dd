//! What goes on the wire: path segments, JSON bodies, query strings and extra headers.

use avara::Error;
use avara::models::{InvitationStatus, StudyId, StudyInstanceUid, UserId};
use avara::viewer::studies::{List, Update};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer};

use crate::common::{
    CUSTOMER, OTHER_USER, STUDY, USER, client, customer_id, empty_page, express_customer, header,
    ok_json, received, server_expecting_nothing, study, study_id, viewer_user,
};

/// A server that answers anything with a study, which every request below can decode.
async fn server_answering_study() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(study(STUDY)))
        .mount(&server)
        .await;
    server
}

/// The body sent by one `PATCH /v1/viewer/studies/{id}` with the fields `set` sets.
async fn sent_update(set: impl FnOnce(Update) -> Update) -> Vec<u8> {
    let server = server_answering_study().await;
    set(client(&server).viewer().studies().update(&study_id()))
        .await
        .expect("updates");
    received(&server).await.remove(0).body
}

/// The query string sent by one page of the Viewer studies list with the filters `set` sets.
async fn sent_studies_query(set: impl FnOnce(List) -> List) -> Option<String> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(empty_page("studies"))
        .mount(&server)
        .await;
    set(client(&server).viewer().studies().list())
        .await
        .expect("page decodes");
    received(&server).await[0].url.query().map(str::to_owned)
}

// IDs that skip the format check, as a stored ID from an earlier API version would; the path
// encoding must still protect the request.

fn unchecked_user(value: &str) -> UserId {
    UserId::unchecked(value)
}

fn unchecked_study(value: &str) -> StudyId {
    StudyId::unchecked(value)
}

fn unchecked_uid(value: &str) -> StudyInstanceUid {
    StudyInstanceUid::unchecked(value)
}

#[tokio::test]
async fn a_path_parameter_is_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(viewer_user(USER)))
        .mount(&server)
        .await;
    let id = unchecked_user("usr_a/b?c#d% e");

    let result = client(&server).viewer().users().retrieve(&id).await;

    assert!(result.is_ok(), "{result:?}");
    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.path(),
        "/v1/viewer/users/usr_a%2Fb%3Fc%23d%25%20e"
    );
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_rejected_without_a_request() {
    let server = server_expecting_nothing().await;
    let client = client(&server);

    for value in ["", ".", ".."] {
        let result = client
            .viewer()
            .users()
            .retrieve(&unchecked_user(value))
            .await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(err)) if err.name() == "userId"),
            "{value:?}: {result:?}"
        );
        let result = client
            .viewer()
            .studies()
            .update(&unchecked_study(value))
            .await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(err)) if err.name() == "studyId"),
            "{value:?}: {result:?}"
        );
        let uid = unchecked_uid(value);
        let result = client.viewer().studies().retrieve_by_uid(&uid).await;
        assert!(
            matches!(&result, Err(Error::InvalidRequest(err)) if err.name() == "studyInstanceUid"),
            "{value:?}: {result:?}"
        );
    }
    server.verify().await;
}

#[test]
fn a_malformed_id_is_rejected_when_it_is_made() {
    let user = UserId::new(format!("{USER}/../x"));
    assert!(
        matches!(&user, Err(Error::InvalidRequest(err)) if err.name() == "UserId"),
        "{user:?}"
    );
    let study = "..".parse::<StudyId>();
    assert!(
        matches!(&study, Err(Error::InvalidRequest(err)) if err.name() == "StudyId"),
        "{study:?}"
    );
    let uid = StudyInstanceUid::new("1.2/../3");
    assert!(
        matches!(&uid, Err(Error::InvalidRequest(err)) if err.name() == "StudyInstanceUid"),
        "{uid:?}"
    );
}

#[tokio::test]
async fn an_unset_patch_field_sends_an_empty_object() {
    let body = sent_update(|update| update).await;
    assert_eq!(String::from_utf8_lossy(&body), "{}");
}

#[tokio::test]
async fn a_null_patch_field_sends_null() {
    let body = sent_update(|update| update.assigned_to_null()).await;
    assert_eq!(String::from_utf8_lossy(&body), r#"{"assignedTo":null}"#);
}

#[tokio::test]
async fn a_patch_field_with_a_value_sends_the_value() {
    let user = UserId::new(OTHER_USER).expect("valid id");
    let body = sent_update(|update| update.assigned_to(user)).await;
    let expected = format!(r#"{{"assignedTo":"{OTHER_USER}"}}"#);
    assert_eq!(String::from_utf8_lossy(&body), expected);
}

#[tokio::test]
async fn a_json_body_is_sent_with_its_content_type() {
    let server = server_answering_study().await;
    client(&server)
        .viewer()
        .studies()
        .update(&study_id())
        .await
        .expect("updates");
    let request = &received(&server).await[0];
    assert_eq!(header(request, "content-type"), Some("application/json"));
}

/// A body whose fields are all optional, with none set, still goes out as `{}` (AF section 4.7),
/// on an operation with no rule over its fields: an Express customer update.
#[tokio::test]
async fn an_all_optional_body_with_nothing_set_sends_an_empty_json_object() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ok_json(express_customer(CUSTOMER)))
        .mount(&server)
        .await;
    client(&server)
        .express()
        .update(&customer_id())
        .await
        .expect("updates");
    let request = &received(&server).await[0];
    assert_eq!(request.body, b"{}");
    assert_eq!(header(request, "content-type"), Some("application/json"));
}

#[tokio::test]
async fn a_get_sends_no_body_and_no_content_type() {
    let server = server_answering_study().await;
    client(&server)
        .viewer()
        .studies()
        .retrieve(&study_id())
        .await
        .expect("retrieves");
    let request = &received(&server).await[0];
    assert!(request.body.is_empty());
    assert_eq!(header(request, "content-type"), None);
}

#[tokio::test]
async fn query_parameters_stay_out_of_the_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(empty_page("studies"))
        .mount(&server)
        .await;
    client(&server)
        .viewer()
        .studies()
        .list()
        .limit(20)
        .assigned_to_null()
        .await
        .expect("page decodes");
    let request = &received(&server).await[0];
    assert_eq!(request.url.query(), Some("assignedTo=&limit=20"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_null_query_filter_is_sent_with_an_empty_value() {
    assert_eq!(
        sent_studies_query(|list| list.assigned_to_null())
            .await
            .as_deref(),
        Some("assignedTo=")
    );
}

#[tokio::test]
async fn an_unset_query_filter_is_not_sent() {
    assert_eq!(sent_studies_query(|list| list).await, None);
}

#[tokio::test]
async fn a_boolean_query_filter_is_sent_as_a_word() {
    assert_eq!(
        sent_studies_query(|list| list.is_cancelled(false))
            .await
            .as_deref(),
        Some("isCancelled=false")
    );
}

#[tokio::test]
async fn a_null_boolean_filter_is_sent_with_an_empty_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(empty_page("users"))
        .mount(&server)
        .await;
    client(&server)
        .auto_scribe()
        .users()
        .list()
        .can_create_reports_null()
        .await
        .expect("page decodes");
    assert_eq!(
        received(&server).await[0].url.query(),
        Some("canCreateReports=")
    );
}

#[tokio::test]
async fn an_array_query_filter_is_comma_joined_with_the_comma_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(empty_page("invitations"))
        .mount(&server)
        .await;
    client(&server)
        .auto_scribe()
        .users()
        .invitations()
        .list()
        .status([InvitationStatus::Sent, InvitationStatus::Accepted])
        .await
        .expect("page decodes");
    assert_eq!(
        received(&server).await[0].url.query(),
        Some("status=sent%2Caccepted")
    );
}

#[tokio::test]
async fn an_extra_query_param_is_added_and_replaces_one_of_the_same_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(empty_page("users"))
        .mount(&server)
        .await;

    let list = client(&server)
        .viewer()
        .users()
        .list()
        .limit(10)
        .query_param("limit", "5")
        .query_param("debug", "a b");
    list.await.expect("page decodes");

    assert_eq!(
        received(&server).await[0].url.query(),
        Some("limit=5&debug=a%20b")
    );
}

#[tokio::test]
async fn an_extra_header_is_sent() {
    let server = server_answering_study().await;
    client(&server)
        .viewer()
        .studies()
        .retrieve(&study_id())
        .header("X-Trace-Id", "trace-1")
        .await
        .expect("retrieves");
    assert_eq!(
        header(&received(&server).await[0], "x-trace-id"),
        Some("trace-1")
    );
}

#[tokio::test]
async fn an_invalid_extra_header_is_rejected_without_a_request() {
    let server = server_expecting_nothing().await;
    let result = client(&server)
        .viewer()
        .studies()
        .retrieve(&study_id())
        .header("Bad Name", "x")
        .await;
    assert!(
        matches!(&result, Err(Error::InvalidRequest(err)) if err.name() == "Bad Name"),
        "{result:?}"
    );
    server.verify().await;
}
