//! Generated models on their own: enum wire strings, unknown values, required nulls, tri-states.

use avara::Nullable;
use avara::models::*;

#[test]
fn clinic_role_round_trips_all_61_wire_strings() {
    assert_eq!(ClinicRole::KNOWN.len(), 61);
    for role in ClinicRole::KNOWN {
        let json = serde_json::to_string(role).expect("serializes");
        assert_eq!(json, format!("\"{}\"", role.as_str()));
        let back: ClinicRole = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(&back, role);
        assert!(back.is_known());
        assert_eq!(role.as_str().parse::<ClinicRole>().as_ref(), Ok(role));
        assert_eq!(role.to_string(), role.as_str());
    }
    assert_eq!(
        ClinicRole::PathologistsAssistant.as_str(),
        "Pathologists' Assistant"
    );
    assert_eq!(ClinicRole::ItSupport.as_str(), "IT Support");
    assert_eq!(
        ClinicRole::SpeechLanguagePathologist.as_str(),
        "Speech-Language Pathologist"
    );
    assert_eq!(InvitationExpiredFilter::NotExpired.as_str(), "not-expired");
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back_unchanged() {
    let role: ClinicRole =
        serde_json::from_str("\"PACS Administrator\"").expect("an old value still reads");
    assert!(
        matches!(&role, ClinicRole::Unknown(value) if value.as_str() == "PACS Administrator"),
        "{role:?}"
    );
    assert_eq!(role.as_str(), "PACS Administrator");
    assert_eq!(role, ClinicRole::from_wire("PACS Administrator"));
    assert!(!role.is_known());
    assert_eq!(
        serde_json::to_string(&role).expect("serializes"),
        "\"PACS Administrator\""
    );
    let error = "PACS Administrator"
        .parse::<ClinicRole>()
        .expect_err("parse is strict");
    assert_eq!(error.value(), "PACS Administrator");
    assert_eq!(error.type_name(), "ClinicRole");
}

#[test]
fn required_nullable_fields_must_be_present() {
    let user = r#"{"canManageStudies":true,"clinicRole":"Astronaut","createdAt":null,"email":"a@b.c",
        "firstName":"A","hasDashboardAccess":false,"invitedSource":"robot","lastLoginAt":null,
        "lastName":"B","level":"superuser","userId":"usr_1234567890abcdef1234567890abcdef","extra":1}"#;
    let parsed: ViewerUser =
        serde_json::from_str(user).expect("nulls, unknown values and fields read");
    assert_eq!(parsed.created_at, None);
    assert_eq!(parsed.level, UserLevel::from_wire("superuser"));
    assert!(!parsed.level.is_known());
    let without_created_at = user.replace(r#""createdAt":null,"#, "");
    let error =
        serde_json::from_str::<ViewerUser>(&without_created_at).expect_err("createdAt is required");
    assert!(error.to_string().contains("createdAt"), "{error}");
}

#[test]
fn tri_state_fields_serialize_as_absent_null_or_value() {
    let update = |assigned_to| ViewerStudyUpdateRequest {
        assigned_to,
        metadata: Nullable::Unset,
        severity: None,
        study_description: None,
        study_viewer_status: None,
    };
    let unset = update(Nullable::Unset);
    assert_eq!(serde_json::to_string(&unset).expect("serializes"), "{}");
    let null = update(Nullable::Null);
    assert_eq!(null.assigned_to, Nullable::Null);
    assert_eq!(
        serde_json::to_string(&null).expect("serializes"),
        r#"{"assignedTo":null}"#
    );
    let user = UserId::new("usr_1234567890abcdef1234567890abcdef").expect("valid");
    let value = update(Nullable::Value(user));
    assert_eq!(
        serde_json::to_string(&value).expect("serializes"),
        r#"{"assignedTo":"usr_1234567890abcdef1234567890abcdef"}"#
    );
}
