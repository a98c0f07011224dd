//! The 63 operations of the SDK, each callable through the generated client in up to three
//! variants: every parameter set, only the required ones, and every nullable parameter null.
//! Where the schema asks for at least one of several fields (`studyId` or `studyInstanceUid`,
//! `invitationId` or `userId`, `reportId` or the study), "only the required ones" is one of them.
//!
//! Values are valid against the schema and sit on its boundaries where it has them: a Study
//! Instance UID of exactly 64 characters (and of one digit), 50 metadata pairs with 100-character
//! keys and 1000-character values (non-ASCII, so that both sides count characters, not bytes), 50
//! prior reports and 50 technologist notes of 1000 characters, 15-digit phone numbers (the
//! longest the descriptions allow), one-character names, empty strings where no minimum is set,
//! `limit` at 1 and at 100, the largest hanging protocol (4x4, empty viewports as `null`), and a
//! free-text external reference ID made of the characters a path must encode.
//!
//! The calls live in one file per part of the API (`operations/*.rs`); this file holds the table
//! of every operation, the values they share and how an outcome is read.

mod auto_scribe_reports;
mod auto_scribe_studies;
mod auto_scribe_users;
mod clinical_references;
mod ephemeral_sessions;
mod express;
mod viewer;

use std::collections::BTreeMap;
use std::fmt;

use avara::Client;
use avara::chrono::NaiveDate;
use avara::models::*;
use futures_util::future::BoxFuture;

use self::auto_scribe_reports::*;
use self::auto_scribe_studies::*;
use self::auto_scribe_users::*;
use self::clinical_references::*;
use self::ephemeral_sessions::*;
use self::express::*;
use self::viewer::*;

/// Which parameters a call sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Variant {
    /// Every parameter, required and optional, set to a value.
    Full,
    /// Only the required parameters.
    Required,
    /// The required parameters, and every nullable parameter set to null.
    Nulls,
}

/// What a successful call showed of the response.
#[derive(Debug)]
pub struct Seen {
    /// The `sl-violations` header, or `None` for list operations (their builders return pages,
    /// not responses, and the pages' headers are not read).
    pub violations: Option<String>,
}

/// The result of one call.
pub type Outcome = avara::Result<Seen>;

/// One SDK operation and the variants it has.
pub struct Operation {
    /// The `operationId`, which is also the SDK path (`viewer.studies.cancel`).
    pub name: &'static str,
    /// The variants that differ for this operation; `Nulls` only where a parameter is nullable.
    pub variants: &'static [Variant],
    call: fn(Client, Variant) -> BoxFuture<'static, Outcome>,
}

impl Operation {
    /// Calls the operation once; list operations fetch only their first page.
    pub fn call(&self, client: &Client, variant: Variant) -> BoxFuture<'static, Outcome> {
        (self.call)(client.clone(), variant)
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Variant::Full => "every parameter",
            Variant::Required => "required parameters only",
            Variant::Nulls => "nullable parameters null",
        })
    }
}

const BOTH: &[Variant] = &[Variant::Full, Variant::Required];
const ALL: &[Variant] = &[Variant::Full, Variant::Required, Variant::Nulls];

/// Every operation of the schema, in its order.
pub const OPERATIONS: &[Operation] = &[
    // AutoScribe users and invitations
    op("auto_scribe.users.invite", BOTH, |c, v| {
        Box::pin(auto_scribe_users_invite(c, v))
    }),
    op("auto_scribe.users.list", ALL, |c, v| {
        Box::pin(auto_scribe_users_list(c, v))
    }),
    op("auto_scribe.users.retrieve", BOTH, |c, v| {
        Box::pin(auto_scribe_users_retrieve(c, v))
    }),
    op("auto_scribe.users.update", ALL, |c, v| {
        Box::pin(auto_scribe_users_update(c, v))
    }),
    op("auto_scribe.users.revoke_access", BOTH, |c, v| {
        Box::pin(auto_scribe_users_revoke_access(c, v))
    }),
    op("auto_scribe.users.reactivate", BOTH, |c, v| {
        Box::pin(auto_scribe_users_reactivate(c, v))
    }),
    op("auto_scribe.users.invitations.list", BOTH, |c, v| {
        Box::pin(auto_scribe_invitations_list(c, v))
    }),
    op("auto_scribe.users.invitations.retrieve", BOTH, |c, v| {
        Box::pin(auto_scribe_invitations_retrieve(c, v))
    }),
    op("auto_scribe.users.invitations.update", ALL, |c, v| {
        Box::pin(auto_scribe_invitations_update(c, v))
    }),
    op("auto_scribe.users.invitations.revoke", BOTH, |c, v| {
        Box::pin(auto_scribe_invitations_revoke(c, v))
    }),
    // AutoScribe clinical references
    op("auto_scribe.clinical_references.create", ALL, |c, v| {
        Box::pin(clinical_references_create(c, v))
    }),
    op("auto_scribe.clinical_references.list", ALL, |c, v| {
        Box::pin(clinical_references_list(c, v))
    }),
    op("auto_scribe.clinical_references.retrieve", BOTH, |c, v| {
        Box::pin(clinical_references_retrieve(c, v))
    }),
    op("auto_scribe.clinical_references.update", ALL, |c, v| {
        Box::pin(clinical_references_update(c, v))
    }),
    op("auto_scribe.clinical_references.delete", BOTH, |c, v| {
        Box::pin(clinical_references_delete(c, v))
    }),
    op(
        "auto_scribe.clinical_references.retrieve_by_external_reference_id",
        BOTH,
        |c, v| Box::pin(clinical_references_retrieve_by_external_reference_id(c, v)),
    ),
    // AutoScribe ephemeral sessions
    op("auto_scribe.ephemeral_sessions.create", BOTH, |c, v| {
        Box::pin(auto_scribe_ephemeral_sessions_create(c, v))
    }),
    // AutoScribe studies
    op("auto_scribe.studies.create", ALL, |c, v| {
        Box::pin(auto_scribe_studies_create(c, v))
    }),
    op("auto_scribe.studies.list", ALL, |c, v| {
        Box::pin(auto_scribe_studies_list(c, v))
    }),
    op("auto_scribe.studies.retrieve", BOTH, |c, v| {
        Box::pin(auto_scribe_studies_retrieve(c, v))
    }),
    op("auto_scribe.studies.update", ALL, |c, v| {
        Box::pin(auto_scribe_studies_update(c, v))
    }),
    op("auto_scribe.studies.cancel", BOTH, |c, v| {
        Box::pin(auto_scribe_studies_cancel(c, v))
    }),
    op("auto_scribe.studies.reroute_url", BOTH, |c, v| {
        Box::pin(auto_scribe_studies_reroute_url(c, v))
    }),
    op("auto_scribe.studies.retrieve_by_uid", BOTH, |c, v| {
        Box::pin(auto_scribe_studies_retrieve_by_uid(c, v))
    }),
    op("auto_scribe.studies.uncancel", BOTH, |c, v| {
        Box::pin(auto_scribe_studies_uncancel(c, v))
    }),
    op(
        "auto_scribe.studies.viewer_only_reroute_url",
        BOTH,
        |c, v| Box::pin(auto_scribe_studies_viewer_only_reroute_url(c, v)),
    ),
    // AutoScribe external studies and external reports
    op("auto_scribe.studies.external.create", ALL, |c, v| {
        Box::pin(external_studies_create(c, v))
    }),
    op("auto_scribe.studies.external.delete", BOTH, |c, v| {
        Box::pin(external_studies_delete(c, v))
    }),
    op(
        "auto_scribe.studies.external.reports.create",
        BOTH,
        |c, v| Box::pin(external_reports_create(c, v)),
    ),
    op("auto_scribe.studies.external.reports.list", BOTH, |c, v| {
        Box::pin(external_reports_list(c, v))
    }),
    op(
        "auto_scribe.studies.external.reports.retrieve",
        BOTH,
        |c, v| Box::pin(external_reports_retrieve(c, v)),
    ),
    // AutoScribe reports
    op("auto_scribe.reports.list", BOTH, |c, v| {
        Box::pin(reports_list(c, v))
    }),
    op("auto_scribe.reports.addendum", BOTH, |c, v| {
        Box::pin(reports_addendum(c, v))
    }),
    op("auto_scribe.reports.cancel_addendum", BOTH, |c, v| {
        Box::pin(reports_cancel_addendum(c, v))
    }),
    op("auto_scribe.reports.pdf", BOTH, |c, v| {
        Box::pin(reports_pdf(c, v))
    }),
    op("auto_scribe.reports.text", BOTH, |c, v| {
        Box::pin(reports_text(c, v))
    }),
    // Viewer studies, users and invitations
    op("viewer.studies.create", BOTH, |c, v| {
        Box::pin(viewer_studies_create(c, v))
    }),
    op("viewer.studies.list", ALL, |c, v| {
        Box::pin(viewer_studies_list(c, v))
    }),
    op("viewer.studies.retrieve", BOTH, |c, v| {
        Box::pin(viewer_studies_retrieve(c, v))
    }),
    op("viewer.studies.update", ALL, |c, v| {
        Box::pin(viewer_studies_update(c, v))
    }),
    op("viewer.studies.cancel", BOTH, |c, v| {
        Box::pin(viewer_studies_cancel(c, v))
    }),
    op("viewer.studies.uncancel", BOTH, |c, v| {
        Box::pin(viewer_studies_uncancel(c, v))
    }),
    op("viewer.studies.reroute_url", BOTH, |c, v| {
        Box::pin(viewer_studies_reroute_url(c, v))
    }),
    op("viewer.studies.retrieve_by_uid", BOTH, |c, v| {
        Box::pin(viewer_studies_retrieve_by_uid(c, v))
    }),
    op("viewer.users.invite", BOTH, |c, v| {
        Box::pin(viewer_users_invite(c, v))
    }),
    op("viewer.users.list", BOTH, |c, v| {
        Box::pin(viewer_users_list(c, v))
    }),
    op("viewer.users.retrieve", BOTH, |c, v| {
        Box::pin(viewer_users_retrieve(c, v))
    }),
    op("viewer.users.update", ALL, |c, v| {
        Box::pin(viewer_users_update(c, v))
    }),
    op("viewer.users.revoke_access", BOTH, |c, v| {
        Box::pin(viewer_users_revoke_access(c, v))
    }),
    op("viewer.users.reactivate", BOTH, |c, v| {
        Box::pin(viewer_users_reactivate(c, v))
    }),
    op("viewer.users.invitations.list", BOTH, |c, v| {
        Box::pin(viewer_invitations_list(c, v))
    }),
    op("viewer.users.invitations.retrieve", BOTH, |c, v| {
        Box::pin(viewer_invitations_retrieve(c, v))
    }),
    op("viewer.users.invitations.update", ALL, |c, v| {
        Box::pin(viewer_invitations_update(c, v))
    }),
    op("viewer.users.invitations.revoke", BOTH, |c, v| {
        Box::pin(viewer_invitations_revoke(c, v))
    }),
    // Viewer ephemeral sessions
    op("viewer.ephemeral_sessions.create", BOTH, |c, v| {
        Box::pin(viewer_ephemeral_sessions_create(c, v))
    }),
    // Express customers and their users
    op("express.create", BOTH, |c, v| {
        Box::pin(express_create(c, v))
    }),
    op("express.list", BOTH, |c, v| Box::pin(express_list(c, v))),
    op("express.retrieve", BOTH, |c, v| {
        Box::pin(express_retrieve(c, v))
    }),
    op("express.update", ALL, |c, v| Box::pin(express_update(c, v))),
    op("express.deactivate", BOTH, |c, v| {
        Box::pin(express_deactivate(c, v))
    }),
    op("express.reactivate", BOTH, |c, v| {
        Box::pin(express_reactivate(c, v))
    }),
    op("express.users.add", BOTH, |c, v| {
        Box::pin(express_users_add(c, v))
    }),
    op("express.users.remove", BOTH, |c, v| {
        Box::pin(express_users_remove(c, v))
    }),
];

const fn op(
    name: &'static str,
    variants: &'static [Variant],
    call: fn(Client, Variant) -> BoxFuture<'static, Outcome>,
) -> Operation {
    Operation {
        name,
        variants,
        call,
    }
}

// --- Values -------------------------------------------------------------------------------

const USER: &str = "usr_0123456789abcdef0123456789abcdef";
const OTHER_USER: &str = "usr_fedcba9876543210fedcba9876543210";
const INVITATION: &str = "inv_0123456789abcdef0123456789abcdef";
const STUDY: &str = "stu_0123456789abcdef0123456789abcdef";
const CUSTOMER: &str = "cus_0123456789abcdef0123456789abcdef";
const REFERENCE: &str = "ref_0123456789abcdef0123456789abcdef";
const REPORT: &str = "rep_0123456789abcdef0123456789abcdef";
const EXTERNAL_REPORT: &str = "ext_0123456789abcdef0123456789abcdef";
/// A Study Instance UID of exactly 64 characters, the schema's maximum.
const LONGEST_UID: &str = "1.2.826.0.1.3680043.8.498.1234567890123456789012345678901234.567";
const CURSOR: &str = "eyJvZmZzZXQiOjIwfQ==";
/// Ten digits, the only length the schema allows.
const NPI: &str = "1234567893";
/// Fifteen digits, the longest phone number the API's description allows.
const LONGEST_PHONE: &str = "123456789012345";
/// The most items the schema allows in `priorReports` and `technologistNotes`.
const MOST_ITEMS: usize = 50;

fn user() -> UserId {
    UserId::new(USER).expect("a valid user ID")
}

fn other_user() -> UserId {
    UserId::new(OTHER_USER).expect("a valid user ID")
}

fn invitation() -> InvitationId {
    InvitationId::new(INVITATION).expect("a valid invitation ID")
}

fn study() -> StudyId {
    StudyId::new(STUDY).expect("a valid study ID")
}

fn customer() -> ExpressCustomerId {
    ExpressCustomerId::new(CUSTOMER).expect("a valid customer ID")
}

fn reference() -> ClinicalReferenceId {
    ClinicalReferenceId::new(REFERENCE).expect("a valid clinical reference ID")
}

fn report() -> ReportId {
    ReportId::new(REPORT).expect("a valid report ID")
}

fn external_report() -> ExternalReportId {
    ExternalReportId::new(EXTERNAL_REPORT).expect("a valid external report ID")
}

fn longest_uid() -> StudyInstanceUid {
    StudyInstanceUid::new(LONGEST_UID).expect("a valid Study Instance UID")
}

/// A Study Instance UID of one digit, the shortest the pattern allows.
fn shortest_uid() -> StudyInstanceUid {
    StudyInstanceUid::new("1").expect("a valid Study Instance UID")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// The largest metadata map the schema allows: 50 pairs, keys of 100 characters and values of
/// 1000, with multi-byte characters so that a byte count would exceed the limits.
fn largest_metadata() -> BTreeMap<String, String> {
    (0..50)
        .map(|i| {
            let key = format!("clé-{i:02}-{}", "k".repeat(93));
            let value = format!("{i:02}-{}", "é".repeat(997));
            (key, value)
        })
        .collect()
}

/// The most technologist notes the schema allows, each of the most characters (multi-byte).
fn longest_notes() -> Vec<String> {
    (0..MOST_ITEMS)
        .map(|i| format!("{i:02}-{}", "é".repeat(997)))
        .collect()
}

/// The most prior reports the schema allows, every key set.
fn most_prior_reports() -> Vec<PriorReport> {
    (0..MOST_ITEMS)
        .map(|i| PriorReport {
            report_text: format!("IMPRESSION: prior {i}, no acute abnormality."),
            external_study_id: Some(format!("EXT-{i:04}")),
            modality: Some("CT".to_owned()),
            study_date: Some("2024-01-15".to_owned()),
            study_description: Some("CT Head without contrast".to_owned()),
        })
        .collect()
}

/// Report metadata with every key set.
fn full_report_metadata() -> StudyReportMetadata {
    StudyReportMetadata {
        age: Some("34.5 years".to_owned()),
        date_of_birth: Some("1989-09-30".to_owned()),
        facility_name: Some("City Medical Center".to_owned()),
        height: Some(PatientHeight {
            unit: HeightUnit::In,
            value: 70.5,
        }),
        mrn: Some("MRN-2024-001234".to_owned()),
        patient_name: Some("Jane Doe".to_owned()),
        procedure: Some("MRI Brain with Contrast".to_owned()),
        referring_physician_name: Some("Dr. Michael Chen".to_owned()),
        sex: Some(Sex::Other),
        study_date: Some("2024-03-15".to_owned()),
        study_time: Some("14:30".to_owned()),
        weight: Some(PatientWeight {
            unit: WeightUnit::Lbs,
            value: 150.0,
        }),
    }
}

// --- Reading the outcome ----------------------------------------------------------------

const VIOLATIONS_HEADER: &str = "sl-violations";

fn seen<T>(result: avara::Result<(T, avara::Response)>) -> Outcome {
    let (_, response) = result?;
    let violations = response
        .headers()
        .get(VIOLATIONS_HEADER)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    Ok(Seen { violations })
}

fn first_page<T>(result: avara::Result<avara::Page<T>>) -> Outcome {
    result.map(|_| Seen { violations: None })
}
