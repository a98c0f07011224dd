//! A tour of the SDK: every operation once, in order, against the server in `AVARA_BASE_URL`.
//!
//! ```sh
//! AVARA_BASE_URL=http://127.0.0.1:4010 AVARA_API_KEY=... cargo run --example tour
//! ```
//!
//! Each call prints `N name ok`; list calls walk every page with auto-pagination and print the
//! number of items seen. The first error is printed and the tour exits with status 1.
//!
//! The tour goes product by product: AutoScribe users (1-10), Viewer studies and users (11-28),
//! the explicit nulls of those endpoints (29-31), AutoScribe clinical references, ephemeral
//! sessions, studies, external studies and reports (32-57), the Viewer's ephemeral session (58),
//! Express customers and their users (59-66), and fields cleared with explicit nulls (67-69).

use std::collections::BTreeMap;
use std::process::ExitCode;

use avara::chrono::NaiveDate;
use avara::models::*;
use avara::prelude::*;
use avara::{Client, Nullable};
use serde_json::json;

const U: &str = "usr_1234567890abcdef1234567890abcdef";
const I: &str = "inv_1234567890abcdef1234567890abcdef";
const S: &str = "stu_1234567890abcdef1234567890abcdef";
const C: &str = "cus_1234567890abcdef1234567890abcdef";
const UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
const CUR: &str = "eyJvZmZzZXQiOjIwfQ==";
/// A clinical reference.
const R: &str = "ref_1234567890abcdef1234567890abcdef";
/// The integrator's own ID of that clinical reference: free text, sent as one path segment.
const XREF: &str = "FAC/001 NE";
/// An external (archive) study and its DICOM Study Instance UID.
const XS: &str = "stu_fedcba0987654321fedcba0987654321";
const XUID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.456";
/// An external report.
const EXT: &str = "ext_1234567890abcdef1234567890abcdef";
/// An AutoScribe report.
const REP: &str = "rep_1234567890abcdef1234567890abcdef";

#[tokio::main]
async fn main() -> ExitCode {
    match tour().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The error's own text never quotes the server; the tour's operator may read it.
            match error.as_status().and_then(avara::StatusError::message) {
                Some(message) => eprintln!("error: {error}: {message}"),
                None => eprintln!("error: {error}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn tour() -> avara::Result<()> {
    run(&Client::from_env()?).await
}

/// Every call of the tour, in order, with `client`.
pub(crate) async fn run(client: &Client) -> avara::Result<()> {
    let ids = Ids::parse()?;
    auto_scribe_users(client, &ids).await?;
    viewer(client, &ids).await?;
    explicit_nulls(client, &ids).await?;
    clinical_references(client, &ids).await?;
    auto_scribe_ephemeral_session(client).await?;
    auto_scribe_studies(client, &ids).await?;
    auto_scribe_reports(client, &ids).await?;
    viewer_ephemeral_session(client).await?;
    express(client, &ids).await?;
    clearing_fields(client, &ids).await
}

/// The IDs of the tour, checked once against their formats.
struct Ids {
    user: UserId,
    invitation: InvitationId,
    study: StudyId,
    customer: ExpressCustomerId,
    uid: StudyInstanceUid,
    reference: ClinicalReferenceId,
    external_study: StudyId,
    external_uid: StudyInstanceUid,
    external_report: ExternalReportId,
    report: ReportId,
}

impl Ids {
    fn parse() -> avara::Result<Ids> {
        Ok(Ids {
            user: UserId::new(U)?,
            invitation: InvitationId::new(I)?,
            study: StudyId::new(S)?,
            customer: ExpressCustomerId::new(C)?,
            uid: StudyInstanceUid::new(UID)?,
            reference: ClinicalReferenceId::new(R)?,
            external_study: StudyId::new(XS)?,
            external_uid: StudyInstanceUid::new(XUID)?,
            external_report: ExternalReportId::new(EXT)?,
            report: ReportId::new(REP)?,
        })
    }
}

fn ok(n: u32, name: &str) {
    println!("{n} {name} ok");
}

fn ok_count(n: u32, name: &str, count: usize) {
    println!("{n} {name} ok {count}");
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A string map such as `metadata`.
fn map<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// Calls 1-10: AutoScribe users and their invitations.
async fn auto_scribe_users(client: &Client, ids: &Ids) -> avara::Result<()> {
    let users = client.auto_scribe().users();
    users
        .invite()
        .can_create_reports(true)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson")
        .level(AssignableUserLevel::Member)
        .middle_name("Marie")
        .npi_number("1234567893")
        .phone_number("5551234567")
        .suffix1("MD")
        .suffix2("FACR")
        .await?;
    ok(1, "auto_scribe.users.invite");

    let seen: Vec<_> = users
        .list()
        .can_create_reports(true)
        .cursor(CUR)
        .email("user@example.com")
        .first_name("John")
        .invited_source(InvitedSource::Api)
        .last_name("Doe")
        .level(UserLevel::Member)
        .limit(20)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(2, "auto_scribe.users.list", seen.len());

    users.retrieve(&ids.user).await?;
    ok(3, "auto_scribe.users.retrieve");

    users
        .update(&ids.user)
        .can_create_reports(true)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson-Smith")
        .level(AssignableUserLevel::Admin)
        .middle_name("x")
        .npi_number("1234567893")
        .phone_number("5551234567")
        .suffix1("x")
        .suffix2("x")
        .await?;
    ok(4, "auto_scribe.users.update");

    users.revoke_access().user_id(ids.user.clone()).await?;
    ok(5, "auto_scribe.users.revoke_access");
    users.reactivate().user_id(ids.user.clone()).await?;
    ok(6, "auto_scribe.users.reactivate");

    let invitations = users.invitations();
    let seen: Vec<_> = invitations
        .list()
        .cursor(CUR)
        .end_date(date(2024, 12, 31))
        .expired(InvitationExpiredFilter::NotExpired)
        .limit(20)
        .start_date(date(2024, 1, 1))
        .status([InvitationStatus::Sent])
        .user_id(ids.user.clone())
        .into_stream()
        .try_collect()
        .await?;
    ok_count(7, "auto_scribe.users.invitations.list", seen.len());

    invitations.retrieve(&ids.invitation).await?;
    ok(8, "auto_scribe.users.invitations.retrieve");

    invitations
        .update(&ids.invitation)
        .can_create_reports(true)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .first_name("Michael")
        .has_dashboard_access(true)
        .last_name("Chen")
        .level(AssignableUserLevel::Member)
        .middle_name("x")
        .npi_number("1234567893")
        .phone_number("5551234567")
        .suffix1("x")
        .suffix2("x")
        .await?;
    ok(9, "auto_scribe.users.invitations.update");

    invitations
        .revoke()
        .invitation_id(ids.invitation.clone())
        .user_id(ids.user.clone())
        .await?;
    ok(10, "auto_scribe.users.invitations.revoke");
    Ok(())
}

/// Calls 11-28: Viewer studies, users and invitations.
async fn viewer(client: &Client, ids: &Ids) -> avara::Result<()> {
    let studies = client.viewer().studies();
    studies
        .create()
        .severity(Severity::High)
        .study_description("CT Chest/Abdomen/Pelvis")
        .study_instance_uid(ids.uid.clone())
        .assigned_to(ids.user.clone())
        .express_customer_id(ids.customer.clone())
        .metadata(map([("department", "radiology"), ("priority", "urgent")]))
        .await?;
    ok(11, "viewer.studies.create");

    let seen: Vec<_> = studies
        .list()
        .assigned_to(ids.user.clone())
        .cursor(CUR)
        .express_customer_id(ids.customer.clone())
        .is_cancelled(false)
        .limit(20)
        .severity(Severity::Normal)
        .study_description("CT Head")
        .study_viewer_status(StudyViewerStatus::Incomplete)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(12, "viewer.studies.list", seen.len());

    studies.retrieve(&ids.study).await?;
    ok(13, "viewer.studies.retrieve");

    studies
        .update(&ids.study)
        .assigned_to(ids.user.clone())
        .metadata(map([("foo", "string")]))
        .severity(Severity::Stat)
        .study_description("CT Chest/Abdomen/Pelvis with Contrast")
        .study_viewer_status(StudyViewerStatus::Complete)
        .await?;
    ok(14, "viewer.studies.update");

    studies
        .cancel()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(15, "viewer.studies.cancel");
    studies
        .uncancel()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(16, "viewer.studies.uncancel");
    studies
        .reroute_url()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(17, "viewer.studies.reroute_url");

    studies
        .retrieve_by_uid(&StudyInstanceUid::new("1.2.840.10008.5.1.4.1.1.2")?)
        .await?;
    ok(18, "viewer.studies.retrieve_by_uid");

    let users = client.viewer().users();
    users
        .invite()
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson")
        .level(AssignableUserLevel::Member)
        .middle_name("Marie")
        .phone_number("5551234567")
        .suffix1("MD")
        .suffix2("FACR")
        .await?;
    ok(19, "viewer.users.invite");

    let seen: Vec<_> = users
        .list()
        .cursor(CUR)
        .email("user@example.com")
        .first_name("John")
        .invited_source(InvitedSource::Api)
        .last_name("Doe")
        .level(UserLevel::Member)
        .limit(20)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(20, "viewer.users.list", seen.len());

    users.retrieve(&ids.user).await?;
    ok(21, "viewer.users.retrieve");

    users
        .update(&ids.user)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .first_name("Sarah")
        .has_dashboard_access(true)
        .last_name("Johnson-Smith")
        .level(AssignableUserLevel::Admin)
        .middle_name("x")
        .phone_number("5551234567")
        .suffix1("x")
        .suffix2("x")
        .await?;
    ok(22, "viewer.users.update");

    users.revoke_access().user_id(ids.user.clone()).await?;
    ok(23, "viewer.users.revoke_access");
    users.reactivate().user_id(ids.user.clone()).await?;
    ok(24, "viewer.users.reactivate");

    let invitations = users.invitations();
    let seen: Vec<_> = invitations
        .list()
        .cursor(CUR)
        .end_date(date(2024, 12, 31))
        .expired(InvitationExpiredFilter::NotExpired)
        .limit(20)
        .start_date(date(2024, 1, 1))
        .status([InvitationStatus::Sent])
        .user_id(ids.user.clone())
        .into_stream()
        .try_collect()
        .await?;
    ok_count(25, "viewer.users.invitations.list", seen.len());

    invitations.retrieve(&ids.invitation).await?;
    ok(26, "viewer.users.invitations.retrieve");

    invitations
        .update(&ids.invitation)
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Radiologist)
        .first_name("Michael")
        .has_dashboard_access(true)
        .last_name("Chen")
        .level(AssignableUserLevel::Member)
        .middle_name("x")
        .phone_number("5551234567")
        .suffix1("x")
        .suffix2("x")
        .await?;
    ok(27, "viewer.users.invitations.update");

    invitations
        .revoke()
        .invitation_id(ids.invitation.clone())
        .user_id(ids.user.clone())
        .await?;
    ok(28, "viewer.users.invitations.revoke");
    Ok(())
}

/// Calls 29-31: explicit nulls, which say "none" where leaving a field out says "no change" or
/// "no filter".
async fn explicit_nulls(client: &Client, ids: &Ids) -> avara::Result<()> {
    let studies = client.viewer().studies();
    studies.update(&ids.study).assigned_to_null().await?;
    ok(29, "viewer.studies.update");

    let seen: Vec<_> = client
        .auto_scribe()
        .users()
        .invitations()
        .list()
        .status([InvitationStatus::Sent, InvitationStatus::Accepted])
        .into_stream()
        .try_collect()
        .await?;
    ok_count(30, "auto_scribe.users.invitations.list", seen.len());

    let seen: Vec<_> = studies
        .list()
        .assigned_to_null()
        .into_stream()
        .try_collect()
        .await?;
    ok_count(31, "viewer.studies.list", seen.len());
    Ok(())
}

/// Calls 32-37: AutoScribe clinical references.
async fn clinical_references(client: &Client, ids: &Ids) -> avara::Result<()> {
    let references = client.auto_scribe().clinical_references();
    references
        .create()
        .name("City Medical Center")
        .r#type(ClinicalReferenceType::Facility)
        .express_customer_id(ids.customer.clone())
        .external_reference_id(XREF)
        .metadata(map([("region", "northeast"), ("system", "epic")]))
        .await?;
    ok(32, "auto_scribe.clinical_references.create");

    references.retrieve(&ids.reference).await?;
    ok(33, "auto_scribe.clinical_references.retrieve");

    references
        .update(&ids.reference)
        .express_customer_id(ids.customer.clone())
        .metadata(map([("region", "southwest")]))
        .name("City Medical Center - East Campus")
        .await?;
    ok(34, "auto_scribe.clinical_references.update");

    let seen: Vec<_> = references
        .list()
        .cursor(CUR)
        .express_customer_id(ids.customer.clone())
        .is_active(true)
        .limit(20)
        .r#type(ClinicalReferenceType::Facility)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(35, "auto_scribe.clinical_references.list", seen.len());

    references.delete(&ids.reference).await?;
    ok(36, "auto_scribe.clinical_references.delete");

    references.retrieve_by_external_reference_id(XREF).await?;
    ok(
        37,
        "auto_scribe.clinical_references.retrieve_by_external_reference_id",
    );
    Ok(())
}

/// Call 38: an AutoScribe ephemeral session, with free-form `options` echoed to the webhook.
async fn auto_scribe_ephemeral_session(client: &Client) -> avara::Result<()> {
    client
        .auto_scribe()
        .ephemeral_sessions()
        .create()
        .retrieval_id("order-12345")
        .hanging_protocol(EphemeralHangingProtocol {
            layout: ViewerLayout::V2x2,
            viewport_assignments: vec![
                Some("Axial T1".to_owned()),
                Some("Axial T2".to_owned()),
                None,
                Some("Sagittal T2".to_owned()),
            ],
        })
        .options(json!({
            "studyInstanceUids": [UID, XUID],
            "priority": 2,
            "source": {"system": "ris", "urgent": true},
        }))
        .await?;
    ok(38, "auto_scribe.ephemeral_sessions.create");
    Ok(())
}

/// Calls 39-52: AutoScribe studies, external (archive) studies and their reports.
async fn auto_scribe_studies(client: &Client, ids: &Ids) -> avara::Result<()> {
    let studies = client.auto_scribe().studies();
    studies
        .create()
        .report_metadata(StudyReportMetadata {
            age: Some("38 years".to_owned()),
            date_of_birth: Some("1985-07-20".to_owned()),
            facility_name: Some("City Medical Center".to_owned()),
            height: Some(PatientHeight {
                unit: HeightUnit::Cm,
                value: 165.5,
            }),
            mrn: Some("MRN-2024-001234".to_owned()),
            patient_name: Some("Jane Doe".to_owned()),
            procedure: Some("MRI Brain with Contrast".to_owned()),
            referring_physician_name: Some("Dr. Michael Chen".to_owned()),
            sex: Some(Sex::Female),
            study_date: Some("2024-03-15".to_owned()),
            study_time: Some("14:30".to_owned()),
            weight: Some(PatientWeight {
                unit: WeightUnit::Kg,
                value: 62.3,
            }),
        })
        .severity(Severity::High)
        .study_description("MRI Brain with Contrast")
        .study_instance_uid(ids.uid.clone())
        .assigned_to(ids.user.clone())
        .clinical_history("Migraine with aura for 6 months")
        .clinical_indication("Persistent headaches - rule out mass")
        .express_customer_id(ids.customer.clone())
        .external_patient_id("PAT-000123")
        .metadata(map([
            ("department", "neuroradiology"),
            ("priority", "urgent"),
        ]))
        .modality("MRI")
        .prior_reports([PriorReport {
            report_text: "IMPRESSION: No acute intracranial abnormality.".to_owned(),
            external_study_id: Some("EXT-2024-001".to_owned()),
            modality: Some("CT".to_owned()),
            study_date: Some("2024-01-15".to_owned()),
            study_description: Some("CT Head without contrast".to_owned()),
        }])
        .technologist_notes([
            "Patient moved during sequence 3",
            "Contrast: 15 mL gadobutrol IV",
        ])
        .technologist_technique("Axial T1 T2 FLAIR DWI and post-contrast T1")
        .await?;
    ok(39, "auto_scribe.studies.create");

    studies.retrieve(&ids.study).await?;
    ok(40, "auto_scribe.studies.retrieve");

    studies
        .update(&ids.study)
        .assigned_to(ids.user.clone())
        .clinical_history("Migraine with aura for 7 months")
        .clinical_indication("Headache follow-up")
        .express_customer_id(ids.customer.clone())
        .external_patient_id("PAT-000124")
        .metadata(map([("department", "neuroradiology")]))
        .modality("MR")
        .prior_reports([PriorReport {
            report_text: "IMPRESSION: Stable examination.".to_owned(),
            external_study_id: Some("EXT-2024-002".to_owned()),
            modality: Some("MRI".to_owned()),
            study_date: Some("2024-02-20".to_owned()),
            study_description: Some("MRI Brain without contrast".to_owned()),
        }])
        .report_metadata(StudyReportMetadataPatch {
            age: "39 years".to_owned().into(),
            date_of_birth: "1985-07-21".to_owned().into(),
            facility_name: "City Medical Center East".to_owned().into(),
            height: PatientHeight {
                unit: HeightUnit::In,
                value: 65.25,
            }
            .into(),
            mrn: "MRN-2024-001235".to_owned().into(),
            patient_name: "Jane A. Doe".to_owned().into(),
            procedure: "MRI Brain with and without Contrast".to_owned().into(),
            referring_physician_name: "Dr. Sarah Johnson".to_owned().into(),
            sex: Sex::Other.into(),
            study_date: "2024-03-16".to_owned().into(),
            study_time: "09:05".to_owned().into(),
            weight: PatientWeight {
                unit: WeightUnit::Lbs,
                value: 137.5,
            }
            .into(),
        })
        .severity(Severity::Stat)
        .study_description("MRI Brain with and without Contrast")
        .technologist_notes(["Repeat DWI acquired"])
        .technologist_technique("Axial T1 T2 FLAIR DWI SWI")
        .await?;
    ok(41, "auto_scribe.studies.update");

    let seen: Vec<_> = studies
        .list()
        .assigned_to(ids.user.clone())
        .cursor(CUR)
        .express_customer_id(ids.customer.clone())
        .is_cancelled(false)
        .limit(20)
        .severity(Severity::High)
        .study_description("MRI Brain")
        .study_report_status([StudyReportStatus::Assigned, StudyReportStatus::InProgress])
        .study_type(StudyType::Standard)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(42, "auto_scribe.studies.list", seen.len());

    studies
        .cancel()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(43, "auto_scribe.studies.cancel");

    studies
        .reroute_url()
        .assigned_to_user_id(ids.user.clone())
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(44, "auto_scribe.studies.reroute_url");

    studies.retrieve_by_uid(&ids.uid).await?;
    ok(45, "auto_scribe.studies.retrieve_by_uid");

    studies
        .uncancel()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(46, "auto_scribe.studies.uncancel");

    studies
        .viewer_only_reroute_url()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .user_id(ids.user.clone())
        .await?;
    ok(47, "auto_scribe.studies.viewer_only_reroute_url");

    let external = studies.external();
    external
        .create()
        .report_metadata(StudyReportMetadata {
            age: Some("52 years".to_owned()),
            date_of_birth: Some("1971-11-02".to_owned()),
            facility_name: Some("Northside Imaging".to_owned()),
            height: Some(PatientHeight {
                unit: HeightUnit::Cm,
                value: 180.0,
            }),
            mrn: Some("MRN-2019-000777".to_owned()),
            patient_name: Some("John Roe".to_owned()),
            procedure: Some("CT Head without Contrast".to_owned()),
            referring_physician_name: Some("Dr. Emily Park".to_owned()),
            sex: Some(Sex::Male),
            study_date: Some("2023-11-02".to_owned()),
            study_time: Some("16:10".to_owned()),
            weight: Some(PatientWeight {
                unit: WeightUnit::Kg,
                value: 81.0,
            }),
        })
        .severity(Severity::Normal)
        .study_description("CT Head without Contrast")
        .study_instance_uid(ids.external_uid.clone())
        .express_customer_id(ids.customer.clone())
        .external_patient_id("PAT-000123")
        .metadata(map([("source", "archive-import")]))
        .modality("CT")
        .reader_name("Dr. Emily Park")
        .report_file_name("ct-head-2023-11-02.pdf")
        .report_file_url("https://files.hospital.org/reports/ct-head-2023-11-02.pdf")
        .report_text("IMPRESSION: No acute intracranial hemorrhage.")
        .signed_at("2023-11-02 16:40 EST")
        .await?;
    ok(48, "auto_scribe.studies.external.create");

    external
        .delete()
        .study_id(ids.external_study.clone())
        .study_instance_uid(ids.external_uid.clone())
        .await?;
    ok(49, "auto_scribe.studies.external.delete");

    let reports = external.reports();
    reports
        .create()
        .reader_name("Dr. Emily Park")
        .report_file_name("ct-head-2023-11-02-addendum.png")
        .report_file_url("https://files.hospital.org/reports/ct-head-2023-11-02-addendum.png")
        .report_text("ADDENDUM: Findings discussed with the referring physician.")
        .signed_at("signed 2023-11-03 by phone")
        .study_id(ids.external_study.clone())
        .study_instance_uid(ids.external_uid.clone())
        .await?;
    ok(50, "auto_scribe.studies.external.reports.create");

    reports.retrieve(&ids.external_report).await?;
    ok(51, "auto_scribe.studies.external.reports.retrieve");

    let seen: Vec<_> = reports
        .list()
        .cursor(CUR)
        .limit(20)
        .study_id(ids.external_study.clone())
        .into_stream()
        .try_collect()
        .await?;
    ok_count(52, "auto_scribe.studies.external.reports.list", seen.len());
    Ok(())
}

/// Calls 53-57: the reports of an AutoScribe study, addendums, and the reports' PDF and text.
async fn auto_scribe_reports(client: &Client, ids: &Ids) -> avara::Result<()> {
    let reports = client.auto_scribe().reports();
    // Not paginated: every report of the study comes in one response.
    let study_reports = reports
        .list()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok_count(53, "auto_scribe.reports.list", study_reports.reports.len());

    reports.addendum(&ids.report).await?;
    ok(54, "auto_scribe.reports.addendum");
    reports.cancel_addendum(&ids.report).await?;
    ok(55, "auto_scribe.reports.cancel_addendum");

    // Looked up by report ID, the answer is that one report; by study, the study's list.
    reports
        .pdf()
        .report_id(ids.report.clone())
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(56, "auto_scribe.reports.pdf");
    reports
        .text()
        .study_id(ids.study.clone())
        .study_instance_uid(ids.uid.clone())
        .await?;
    ok(57, "auto_scribe.reports.text");
    Ok(())
}

/// Call 58: a Viewer ephemeral session.
async fn viewer_ephemeral_session(client: &Client) -> avara::Result<()> {
    client
        .viewer()
        .ephemeral_sessions()
        .create()
        .retrieval_id("order-67890")
        .hanging_protocol(EphemeralHangingProtocol {
            layout: ViewerLayout::V1x2,
            viewport_assignments: vec![None, Some("Coronal T2".to_owned())],
        })
        .options(json!({"studyInstanceUids": [UID]}))
        .await?;
    ok(58, "viewer.ephemeral_sessions.create");
    Ok(())
}

/// Calls 59-66: Express customers and the users linked to them.
async fn express(client: &Client, ids: &Ids) -> avara::Result<()> {
    let express = client.express();
    express
        .create()
        .express_customer_name("City Medical Center - Radiology Department")
        .metadata(map([("department", "radiology"), ("region", "northeast")]))
        .await?;
    ok(59, "express.create");

    express.retrieve(&ids.customer).await?;
    ok(60, "express.retrieve");

    express
        .update(&ids.customer)
        .express_customer_name("City Medical Center - Imaging")
        .metadata(map([("department", "imaging")]))
        .await?;
    ok(61, "express.update");

    let seen: Vec<_> = express
        .list()
        .cursor(CUR)
        .limit(20)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(62, "express.list", seen.len());

    express.deactivate(&ids.customer).await?;
    ok(63, "express.deactivate");
    express.reactivate(&ids.customer).await?;
    ok(64, "express.reactivate");

    let users = express.users();
    users.add(&ids.customer).user_id(ids.user.clone()).await?;
    ok(65, "express.users.add");
    users
        .remove(&ids.customer)
        .user_id(ids.user.clone())
        .await?;
    ok(66, "express.users.remove");
    Ok(())
}

/// Calls 67-69: clearing fields with explicit nulls, down to single keys of the report metadata.
async fn clearing_fields(client: &Client, ids: &Ids) -> avara::Result<()> {
    client
        .auto_scribe()
        .clinical_references()
        .update(&ids.reference)
        .metadata_null()
        .await?;
    ok(67, "auto_scribe.clinical_references.update");

    client
        .auto_scribe()
        .studies()
        .update(&ids.study)
        .assigned_to_null()
        .clinical_history_null()
        .clinical_indication_null()
        .express_customer_id_null()
        .external_patient_id_null()
        .metadata_null()
        .modality_null()
        .prior_reports_null()
        .report_metadata(StudyReportMetadataPatch {
            date_of_birth: Nullable::Null,
            height: Nullable::Null,
            mrn: Nullable::Null,
            procedure: Nullable::Null,
            study_time: Nullable::Null,
            ..StudyReportMetadataPatch::default()
        })
        .technologist_notes_null()
        .technologist_technique_null()
        .await?;
    ok(68, "auto_scribe.studies.update");

    client
        .express()
        .update(&ids.customer)
        .metadata_null()
        .await?;
    ok(69, "express.update");
    Ok(())
}
