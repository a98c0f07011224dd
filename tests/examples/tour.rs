//! A tour of the SDK: every operation once, in order, against the server in `AVARA_BASE_URL`.
//!
//! ```sh
//! AVARA_BASE_URL=http://127.0.0.1:4010 AVARA_API_KEY=... cargo run --example tour
//! ```
//!
//! Each call prints `N name ok`; list calls walk every page with auto-pagination and print the
//! number of items seen. The first error is printed and the tour exits with status 1.

use std::collections::BTreeMap;
use std::process::ExitCode;

use avara::chrono::NaiveDate;
use avara::models::*;
use avara::prelude::*;

const U: &str = "usr_1234567890abcdef1234567890abcdef";
const I: &str = "inv_1234567890abcdef1234567890abcdef";
const S: &str = "stu_1234567890abcdef1234567890abcdef";
const C: &str = "cus_1234567890abcdef1234567890abcdef";
const UID: &str = "1.2.840.113619.2.55.3.604688119.868.1234567890.123";
const CUR: &str = "eyJvZmZzZXQiOjIwfQ==";

#[tokio::main]
async fn main() -> ExitCode {
    match tour().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
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

async fn tour() -> avara::Result<()> {
    let client = avara::Client::from_env()?;
    let (user, invitation, study) = (UserId::new(U)?, InvitationId::new(I)?, StudyId::new(S)?);
    let (customer, uid) = (ExpressCustomerId::new(C)?, StudyInstanceUid::new(UID)?);

    let auto_scribe = client.auto_scribe();
    let users = auto_scribe.users();
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

    users.retrieve(&user).await?;
    ok(3, "auto_scribe.users.retrieve");

    users
        .update(&user)
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

    users.revoke_access().user_id(user.clone()).await?;
    ok(5, "auto_scribe.users.revoke_access");
    users.reactivate().user_id(user.clone()).await?;
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
        .user_id(user.clone())
        .into_stream()
        .try_collect()
        .await?;
    ok_count(7, "auto_scribe.users.invitations.list", seen.len());

    invitations.retrieve(&invitation).await?;
    ok(8, "auto_scribe.users.invitations.retrieve");

    invitations
        .update(&invitation)
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
        .invitation_id(invitation.clone())
        .user_id(user.clone())
        .await?;
    ok(10, "auto_scribe.users.invitations.revoke");

    let studies = client.viewer().studies();
    let metadata = BTreeMap::from([
        ("department".to_owned(), "radiology".to_owned()),
        ("priority".to_owned(), "urgent".to_owned()),
    ]);
    studies
        .create()
        .severity(Severity::High)
        .study_description("CT Chest/Abdomen/Pelvis")
        .study_instance_uid(uid.clone())
        .assigned_to(user.clone())
        .express_customer_id(customer.clone())
        .metadata(metadata)
        .await?;
    ok(11, "viewer.studies.create");

    let seen: Vec<_> = studies
        .list()
        .assigned_to(user.clone())
        .cursor(CUR)
        .express_customer_id(customer.clone())
        .is_cancelled(false)
        .limit(20)
        .severity(Severity::Normal)
        .study_description("CT Head")
        .study_viewer_status(StudyViewerStatus::Incomplete)
        .into_stream()
        .try_collect()
        .await?;
    ok_count(12, "viewer.studies.list", seen.len());

    studies.retrieve(&study).await?;
    ok(13, "viewer.studies.retrieve");

    studies
        .update(&study)
        .assigned_to(user.clone())
        .metadata(BTreeMap::from([("foo".to_owned(), "string".to_owned())]))
        .severity(Severity::Stat)
        .study_description("CT Chest/Abdomen/Pelvis with Contrast")
        .study_viewer_status(StudyViewerStatus::Complete)
        .await?;
    ok(14, "viewer.studies.update");

    studies
        .cancel()
        .study_id(study.clone())
        .study_instance_uid(uid.clone())
        .await?;
    ok(15, "viewer.studies.cancel");
    studies
        .uncancel()
        .study_id(study.clone())
        .study_instance_uid(uid.clone())
        .await?;
    ok(16, "viewer.studies.uncancel");
    studies
        .reroute_url()
        .study_id(study.clone())
        .study_instance_uid(uid.clone())
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

    users.retrieve(&user).await?;
    ok(21, "viewer.users.retrieve");

    users
        .update(&user)
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

    users.revoke_access().user_id(user.clone()).await?;
    ok(23, "viewer.users.revoke_access");
    users.reactivate().user_id(user.clone()).await?;
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
        .user_id(user.clone())
        .into_stream()
        .try_collect()
        .await?;
    ok_count(25, "viewer.users.invitations.list", seen.len());

    invitations.retrieve(&invitation).await?;
    ok(26, "viewer.users.invitations.retrieve");

    invitations
        .update(&invitation)
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
        .invitation_id(invitation.clone())
        .user_id(user.clone())
        .await?;
    ok(28, "viewer.users.invitations.revoke");

    studies.update(&study).assigned_to_null().await?;
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
