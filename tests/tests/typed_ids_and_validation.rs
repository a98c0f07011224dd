//! Typed IDs and request validation generated from the schema's constraints.
//!
//! IDs are checked when made from a string and never when read from a response. A request that
//! breaks a constraint fails with `Error::InvalidRequest` naming the field and the rule before
//! anything is sent: the client points at a closed port, so an attempt to send would surface as
//! a connection error instead.

use std::collections::BTreeMap;

use avara::models::*;
use avara::{Client, Error};

const U: &str = "usr_1234567890abcdef1234567890abcdef";

/// A client whose base URL has nothing listening.
fn offline_client() -> Client {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("bound").port();
    drop(listener);
    Client::builder()
        .api_key("test-key")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .expect("client")
}

/// Asserts `result` is an invalid-request error about `field` whose message mentions `rule`.
fn assert_invalid<T: std::fmt::Debug>(result: avara::Result<T>, field: &str, rule: &str) {
    match result {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!(e.name(), field, "{e}");
            assert!(
                e.message().contains(rule),
                "message {:?} should mention {rule:?}",
                e.message()
            );
        }
        other => panic!("expected an invalid-request error about {field}, got {other:?}"),
    }
}

#[test]
fn ids_are_checked_when_made_from_strings() {
    assert_eq!(UserId::new(U).expect("valid").as_str(), U);
    assert_eq!(U.parse::<UserId>().expect("valid").to_string(), U);
    assert_invalid(UserId::new("usr_123"), "UserId", "pattern");
    assert_invalid(
        UserId::new("USR_1234567890ABCDEF1234567890ABCDEF"),
        "UserId",
        "pattern",
    );
    assert_invalid(StudyId::new(U), "StudyId", "pattern");
    assert_invalid(InvitationId::new("inv_"), "InvitationId", "pattern");
    assert_invalid(
        ExpressCustomerId::new("cus_xyz"),
        "ExpressCustomerId",
        "pattern",
    );
    assert_invalid(
        StudyInstanceUid::new("1.2.abc"),
        "StudyInstanceUid",
        "pattern",
    );
    assert!(StudyInstanceUid::new("1.2.840.10008.5.1.4.1.1.2").is_ok());
}

#[test]
fn ids_serialize_as_plain_strings_and_are_not_checked_when_read() {
    let id = UserId::new(U).expect("valid");
    assert_eq!(
        serde_json::to_string(&id).expect("serializes"),
        format!("\"{U}\"")
    );
    let odd: UserId = serde_json::from_str("\"user-42\"").expect("a new server format still reads");
    assert_eq!(odd.as_ref(), "user-42");
    let reference: UserReference =
        serde_json::from_str(r#"{"email":"a@b.c","userId":"not-a-usr-id","firstName":""}"#)
            .expect("responses are not validated");
    assert_eq!(reference.user_id.as_str(), "not-a-usr-id");
    assert_eq!(reference.first_name.as_deref(), Some(""));
}

#[tokio::test]
async fn min_length_is_enforced_before_sending() {
    let result = offline_client()
        .viewer()
        .users()
        .update(&UserId::new(U).expect("valid"))
        .first_name("")
        .await;
    assert_invalid(result, "firstName", "at least 1 characters");
}

#[tokio::test]
async fn max_length_is_enforced_before_sending() {
    let metadata = BTreeMap::from([("note".to_owned(), "x".repeat(1001))]);
    let result = offline_client()
        .viewer()
        .studies()
        .update(&StudyId::new("stu_1234567890abcdef1234567890abcdef").expect("valid"))
        .metadata(metadata)
        .await;
    assert_invalid(result, "metadata", "at most 1000 characters");
}

#[tokio::test]
async fn map_key_length_is_enforced_before_sending() {
    let metadata = BTreeMap::from([("k".repeat(101), "v".to_owned())]);
    let result = offline_client()
        .viewer()
        .studies()
        .update(&StudyId::new("stu_1234567890abcdef1234567890abcdef").expect("valid"))
        .metadata(metadata)
        .await;
    assert_invalid(result, "metadata", "at most 100 characters");
}

#[tokio::test]
async fn map_entry_count_is_enforced_before_sending() {
    let metadata: BTreeMap<String, String> =
        (0..51).map(|i| (format!("k{i}"), "v".to_owned())).collect();
    let create = offline_client()
        .viewer()
        .studies()
        .create()
        .severity(Severity::Normal)
        .study_description("CT Head")
        .study_instance_uid(StudyInstanceUid::new("1.2.3").expect("valid"))
        .metadata(metadata);
    assert_invalid(create.await, "metadata", "at most 50 entries");
}

#[tokio::test]
async fn patterns_are_enforced_before_sending() {
    let result = offline_client()
        .auto_scribe()
        .users()
        .update(&UserId::new(U).expect("valid"))
        .npi_number("123456789")
        .await;
    assert_invalid(result, "npiNumber", "at least 10 characters");
    // Ten characters, so only the pattern is broken.
    let result = offline_client()
        .auto_scribe()
        .users()
        .update(&UserId::new(U).expect("valid"))
        .npi_number("12345abcde")
        .await;
    assert_invalid(result, "npiNumber", "pattern");
}

#[test]
fn ids_convert_and_look_up_like_strings() {
    let checked: UserId = U.try_into().expect("valid");
    assert_eq!(UserId::try_from(U.to_owned()).expect("valid"), checked);
    assert_invalid(UserId::try_from("usr_1"), "UserId", "pattern");

    // A stored ID in a format the API no longer gives out can still be sent back.
    let legacy = UserId::unchecked("usr_LEGACY42");
    assert_eq!(legacy.as_str(), "usr_LEGACY42");

    let mut names = std::collections::HashMap::new();
    names.insert(checked, "Sarah");
    assert_eq!(
        names.get(U),
        Some(&"Sarah"),
        "a map keyed by ID is searched with a &str"
    );
}

#[tokio::test]
async fn maximum_lengths_of_strings_are_enforced_before_sending() {
    let result = offline_client()
        .auto_scribe()
        .users()
        .update(&UserId::new(U).expect("valid"))
        .npi_number("12345678901")
        .await;
    assert_invalid(result, "npiNumber", "at most 10 characters");

    // A DICOM UID is at most 64 characters; this one has 65 and matches the pattern.
    let long_uid = format!("1.{}", "2".repeat(63));
    assert_invalid(
        StudyInstanceUid::new(&long_uid),
        "StudyInstanceUid",
        "at most 64",
    );
}

#[test]
fn responses_that_break_the_request_constraints_still_decode() {
    let names = "x".repeat(200);
    let metadata: serde_json::Map<String, serde_json::Value> = (0..60)
        .map(|i| {
            (
                format!("{i:0>150}"),
                serde_json::Value::from("v".repeat(1500)),
            )
        })
        .collect();
    let study = serde_json::json!({
        "cancelledAt": null, "createdAt": null, "updatedAt": null,
        "isCancelled": false, "severity": "normal", "studyViewerStatus": "incomplete",
        "studyDescription": "",
        "studyId": "study-7",
        "studyInstanceUid": format!("1.{}", "2".repeat(100)),
        "metadata": metadata,
    });
    let study: Study = serde_json::from_value(study).expect("a study with 60 long entries reads");
    assert_eq!(study.metadata.map(|m| m.len()), Some(60));
    assert_eq!(study.study_id.as_str(), "study-7");

    let user = serde_json::json!({
        "canCreateReports": true, "canManageStudies": false, "clinicRole": "Radiologist",
        "createdAt": null, "lastLoginAt": null, "email": "a@b.c",
        "firstName": "", "lastName": names, "hasDashboardAccess": true,
        "invitedSource": "api", "level": "member", "userId": U,
        "middleName": "", "npiNumber": "123", "phoneNumber": "+1 (555) 123-4567",
        "suffix1": "", "suffix2": "",
    });
    let user: AutoScribeUser = serde_json::from_value(user).expect("short names and NPI read");
    assert_eq!(user.npi_number.as_deref(), Some("123"));
    assert_eq!(user.first_name, "");
}

#[tokio::test]
async fn integer_ranges_are_enforced_before_sending() {
    for (limit, rule) in [(0, "at least 1"), (101, "at most 100")] {
        let result = offline_client().viewer().users().list().limit(limit).await;
        assert_invalid(result.map(|page| page.items().len()), "limit", rule);
    }
}

#[tokio::test]
async fn a_valid_request_does_reach_the_network() {
    // The counterpart of the tests above: with valid values the closed port is what fails.
    match offline_client().viewer().users().list().limit(100).await {
        Err(Error::Connection(_)) => {}
        other => panic!(
            "expected a connection error, got {:?}",
            other.map(|p| p.items().len())
        ),
    }
}
