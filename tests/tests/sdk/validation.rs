//! Request validation: a value the schema forbids is an `Error::InvalidRequest` naming the field,
//! returned before anything is sent.

use std::collections::BTreeMap;

use avara::Error;
use avara::models::{
    AssignableUserLevel, AutoScribeInvitedUser, ClinicRole, Severity, Study, StudyInstanceUid,
};
use avara::prelude::*;
use avara::viewer::studies::Studies;
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer};

use crate::common::{
    STUDY, client, ok_json, received, server_expecting_nothing, study, study_id, user_id,
};

/// Asserts that `result` is an invalid-request error about `field`.
fn assert_invalid<T: std::fmt::Debug>(result: &avara::Result<T>, field: &str) {
    assert!(
        matches!(result, Err(Error::InvalidRequest(err)) if err.name() == field),
        "expected an invalid `{field}`, got {result:?}"
    );
}

fn metadata(entries: usize) -> BTreeMap<String, String> {
    (0..entries)
        .map(|n| (format!("key{n}"), "value".to_owned()))
        .collect()
}

/// Sends an AutoScribe invitation with every required field and `npi_number`.
async fn invite(client: &avara::Client, npi_number: &str) -> avara::Result<AutoScribeInvitedUser> {
    client
        .auto_scribe()
        .users()
        .invite()
        .can_create_reports(true)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson")
        .level(AssignableUserLevel::Member)
        .npi_number(npi_number)
        .await
}

/// Creates a study with every required field and `metadata`.
async fn create_study(
    studies: &Studies,
    metadata: BTreeMap<String, String>,
) -> avara::Result<Study> {
    studies
        .create()
        .severity(Severity::Normal)
        .study_description("CT Head")
        .study_instance_uid(StudyInstanceUid::new("1.2.840.10008.5.1.4.1.1.2").expect("valid uid"))
        .metadata(metadata)
        .await
}

#[tokio::test]
async fn a_limit_of_zero_is_rejected_without_a_request() {
    let server = server_expecting_nothing().await;

    let result = client(&server).viewer().studies().list().limit(0).await;

    assert_invalid(&result, "limit");
    server.verify().await;
}

#[tokio::test]
async fn a_limit_above_100_ends_the_stream_with_an_error_and_sends_nothing() {
    let server = server_expecting_nothing().await;

    let results: Vec<_> = client(&server)
        .viewer()
        .studies()
        .list()
        .limit(101)
        .into_stream()
        .take(10)
        .collect()
        .await;

    assert_eq!(results.len(), 1, "{results:?}");
    assert_invalid(&results[0], "limit");
    server.verify().await;
}

#[tokio::test]
async fn an_npi_number_of_nine_digits_is_rejected_without_a_request() {
    let server = server_expecting_nothing().await;

    let result = invite(&client(&server), "123456789").await;

    assert_invalid(&result, "npiNumber");
    server.verify().await;
}

#[tokio::test]
async fn an_npi_number_with_a_letter_is_rejected_in_an_update() {
    let server = server_expecting_nothing().await;

    let result = client(&server)
        .auto_scribe()
        .users()
        .update(&user_id())
        .npi_number("123456789x")
        .await;

    assert_invalid(&result, "npiNumber");
    server.verify().await;
}

#[tokio::test]
async fn metadata_with_51_entries_is_rejected_without_a_request() {
    let server = server_expecting_nothing().await;

    let result = create_study(&client(&server).viewer().studies(), metadata(51)).await;

    assert_invalid(&result, "metadata");
    server.verify().await;
}

#[tokio::test]
async fn a_metadata_key_over_100_characters_is_rejected_in_an_update() {
    let server = server_expecting_nothing().await;
    let long_key = BTreeMap::from([("k".repeat(101), "value".to_owned())]);

    let result = client(&server)
        .viewer()
        .studies()
        .update(&study_id())
        .metadata(long_key)
        .await;

    assert_invalid(&result, "metadata");
    server.verify().await;
}

#[tokio::test]
async fn values_at_the_limits_are_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_json(
            json!({"studies": [study(STUDY)], "hasMore": false}),
        ))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok_json(study(STUDY)))
        .mount(&server)
        .await;
    let client = client(&server);
    let studies = client.viewer().studies();

    for limit in [1, 100] {
        studies.list().limit(limit).await.expect("lists");
    }
    create_study(&studies, metadata(50)).await.expect("creates");

    assert_eq!(received(&server).await.len(), 3);
}
