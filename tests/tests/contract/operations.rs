//! The 28 operations of the SDK, each callable through the generated client in up to three
//! variants: every parameter set, only the required ones, and every nullable parameter null.
//!
//! Values are valid against the schema and sit on its boundaries where it has them: a Study
//! Instance UID of exactly 64 characters, 50 metadata pairs with 100-character keys and
//! 1000-character values (non-ASCII, so that both sides count characters, not bytes), 15-digit
//! phone numbers (the longest the descriptions allow), one-character names, `limit` at 1 and at 100.

use std::collections::BTreeMap;
use std::fmt;

use avara::Client;
use avara::chrono::NaiveDate;
use avara::models::*;
use futures_util::future::BoxFuture;

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
/// A Study Instance UID of exactly 64 characters, the schema's maximum.
pub const LONGEST_UID: &str = "1.2.826.0.1.3680043.8.498.1234567890123456789012345678901234.567";
const CURSOR: &str = "eyJvZmZzZXQiOjIwfQ==";
/// Ten digits, the only length the schema allows.
const NPI: &str = "1234567893";
/// Fifteen digits, the longest phone number the API's description allows.
const LONGEST_PHONE: &str = "123456789012345";

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

fn longest_uid() -> StudyInstanceUid {
    StudyInstanceUid::new(LONGEST_UID).expect("a valid Study Instance UID")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// The largest metadata map the schema allows: 50 pairs, keys of 100 characters and values of
/// 1000, with multi-byte characters so that a byte count would exceed the limits.
pub fn largest_metadata() -> BTreeMap<String, String> {
    (0..50)
        .map(|i| {
            let key = format!("clé-{i:02}-{}", "k".repeat(93));
            let value = format!("{i:02}-{}", "é".repeat(997));
            (key, value)
        })
        .collect()
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

// --- AutoScribe users -----------------------------------------------------------------------

async fn auto_scribe_users_invite(client: Client, variant: Variant) -> Outcome {
    let mut request = client
        .auto_scribe()
        .users()
        .invite()
        .can_create_reports(true)
        .can_manage_studies(false)
        .clinic_role(ClinicRole::Radiologist)
        .email("dr.johnson@hospital.org")
        .first_name("S")
        .has_dashboard_access(true)
        .last_name("J")
        .level(AssignableUserLevel::Member);
    if variant == Variant::Full {
        request = request
            .middle_name("M")
            .npi_number(NPI)
            .phone_number(LONGEST_PHONE)
            .suffix1("M")
            .suffix2("F");
    }
    seen(request.send_with_response().await)
}

async fn auto_scribe_users_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().users().list();
    match variant {
        Variant::Full => {
            request = request
                .can_create_reports(false)
                .cursor(CURSOR)
                .email("user@example.com")
                .first_name("John")
                .invited_source(InvitedSource::Dashboard)
                .last_name("Doe")
                .level(UserLevel::Owner)
                .limit(100);
        }
        Variant::Nulls => request = request.can_create_reports_null(),
        Variant::Required => {}
    }
    first_page(request.await)
}

async fn auto_scribe_users_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .auto_scribe()
            .users()
            .retrieve(&user())
            .send_with_response()
            .await,
    )
}

async fn auto_scribe_users_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().users().update(&user());
    match variant {
        Variant::Full => {
            request = request
                .can_create_reports(true)
                .can_manage_studies(true)
                .clinic_role(ClinicRole::SpeechLanguagePathologist)
                .first_name("S")
                .has_dashboard_access(false)
                .last_name("J")
                .level(AssignableUserLevel::Admin)
                .middle_name("M")
                .npi_number(NPI)
                .phone_number(LONGEST_PHONE)
                .suffix1("J")
                .suffix2("I");
        }
        Variant::Nulls => {
            request = request
                .clinic_role_null()
                .middle_name_null()
                .npi_number_null()
                .phone_number_null()
                .suffix1_null()
                .suffix2_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

async fn auto_scribe_users_revoke_access(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .auto_scribe()
            .users()
            .revoke_access()
            .user_id(user())
            .send_with_response()
            .await,
    )
}

async fn auto_scribe_users_reactivate(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .auto_scribe()
            .users()
            .reactivate()
            .user_id(user())
            .send_with_response()
            .await,
    )
}

// --- AutoScribe invitations -----------------------------------------------------------------

async fn auto_scribe_invitations_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().users().invitations().list();
    if variant == Variant::Full {
        request = request
            .cursor(CURSOR)
            .end_date(date(2024, 12, 31))
            .expired(InvitationExpiredFilter::NotExpired)
            .limit(1)
            .start_date(date(2024, 1, 1))
            .status([
                InvitationStatus::Sent,
                InvitationStatus::Accepted,
                InvitationStatus::Rejected,
                InvitationStatus::Revoked,
            ])
            .user_id(user());
    }
    first_page(request.await)
}

async fn auto_scribe_invitations_retrieve(client: Client, _: Variant) -> Outcome {
    let invitations = client.auto_scribe().users().invitations();
    seen(
        invitations
            .retrieve(&invitation())
            .send_with_response()
            .await,
    )
}

async fn auto_scribe_invitations_update(client: Client, variant: Variant) -> Outcome {
    let invitations = client.auto_scribe().users().invitations();
    let mut request = invitations.update(&invitation());
    match variant {
        Variant::Full => {
            request = request
                .can_create_reports(false)
                .can_manage_studies(false)
                .clinic_role(ClinicRole::PathologistsAssistant)
                .first_name("M")
                .has_dashboard_access(true)
                .last_name("C")
                .level(AssignableUserLevel::Member)
                .middle_name("A")
                .npi_number(NPI)
                .phone_number("5551234567")
                .suffix1("J")
                .suffix2("I");
        }
        Variant::Nulls => {
            request = request
                .clinic_role_null()
                .middle_name_null()
                .npi_number_null()
                .phone_number_null()
                .suffix1_null()
                .suffix2_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

async fn auto_scribe_invitations_revoke(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().users().invitations().revoke();
    if variant == Variant::Full {
        request = request.invitation_id(invitation()).user_id(user());
    }
    seen(request.send_with_response().await)
}

// --- Viewer studies -------------------------------------------------------------------------

async fn viewer_studies_create(client: Client, variant: Variant) -> Outcome {
    // The required-only call also takes the shortest values: an empty description, a
    // one-digit UID.
    let (description, uid) = match variant {
        Variant::Full => ("CT Chest/Abdomen/Pelvis", longest_uid()),
        Variant::Required | Variant::Nulls => {
            ("", StudyInstanceUid::new("1").expect("a valid UID"))
        }
    };
    let mut request = client
        .viewer()
        .studies()
        .create()
        .severity(Severity::Stat)
        .study_description(description)
        .study_instance_uid(uid);
    if variant == Variant::Full {
        request = request
            .assigned_to(user())
            .express_customer_id(customer())
            .metadata(largest_metadata());
    }
    seen(request.send_with_response().await)
}

async fn viewer_studies_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().studies().list();
    match variant {
        Variant::Full => {
            request = request
                .assigned_to(user())
                .cursor(CURSOR)
                .express_customer_id(customer())
                .is_cancelled(true)
                .limit(100)
                .severity(Severity::Normal)
                .study_description("CT Head")
                .study_viewer_status(StudyViewerStatus::Complete);
        }
        Variant::Nulls => {
            request = request
                .assigned_to_null()
                .express_customer_id_null()
                .is_cancelled_null();
        }
        Variant::Required => {}
    }
    first_page(request.await)
}

async fn viewer_studies_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .studies()
            .retrieve(&study())
            .send_with_response()
            .await,
    )
}

async fn viewer_studies_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().studies().update(&study());
    match variant {
        Variant::Full => {
            request = request
                .assigned_to(other_user())
                .metadata(largest_metadata())
                .severity(Severity::High)
                .study_description("CT Chest with Contrast")
                .study_viewer_status(StudyViewerStatus::Incomplete);
        }
        Variant::Nulls => request = request.assigned_to_null().metadata_null(),
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

async fn viewer_studies_cancel(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().studies().cancel();
    if variant == Variant::Full {
        request = request.study_id(study()).study_instance_uid(longest_uid());
    }
    seen(request.send_with_response().await)
}

async fn viewer_studies_uncancel(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().studies().uncancel();
    if variant == Variant::Full {
        request = request.study_id(study()).study_instance_uid(longest_uid());
    }
    seen(request.send_with_response().await)
}

async fn viewer_studies_reroute_url(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().studies().reroute_url();
    if variant == Variant::Full {
        request = request.study_id(study()).study_instance_uid(longest_uid());
    }
    seen(request.send_with_response().await)
}

async fn viewer_studies_retrieve_by_uid(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .studies()
            .retrieve_by_uid(&longest_uid())
            .send_with_response()
            .await,
    )
}

// --- Viewer users ---------------------------------------------------------------------------

async fn viewer_users_invite(client: Client, variant: Variant) -> Outcome {
    let mut request = client
        .viewer()
        .users()
        .invite()
        .can_manage_studies(true)
        .clinic_role(ClinicRole::Other)
        .email("tech@hospital.org")
        .first_name("A")
        .has_dashboard_access(false)
        .last_name("B")
        .level(AssignableUserLevel::Admin);
    if variant == Variant::Full {
        request = request
            .middle_name("C")
            .phone_number(LONGEST_PHONE)
            .suffix1("D")
            .suffix2("E");
    }
    seen(request.send_with_response().await)
}

async fn viewer_users_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().users().list();
    if variant == Variant::Full {
        request = request
            .cursor(CURSOR)
            .email("user@example.com")
            .first_name("John")
            .invited_source(InvitedSource::Api)
            .last_name("Doe")
            .level(UserLevel::Admin)
            .limit(1);
    }
    first_page(request.await)
}

async fn viewer_users_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .users()
            .retrieve(&user())
            .send_with_response()
            .await,
    )
}

async fn viewer_users_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().users().update(&user());
    match variant {
        Variant::Full => {
            request = request
                .can_manage_studies(false)
                .clinic_role(ClinicRole::Radiologist)
                .first_name("S")
                .has_dashboard_access(true)
                .last_name("J")
                .level(AssignableUserLevel::Member)
                .middle_name("M")
                .phone_number(LONGEST_PHONE)
                .suffix1("J")
                .suffix2("I");
        }
        Variant::Nulls => {
            request = request
                .clinic_role_null()
                .middle_name_null()
                .phone_number_null()
                .suffix1_null()
                .suffix2_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

async fn viewer_users_revoke_access(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .users()
            .revoke_access()
            .user_id(user())
            .send_with_response()
            .await,
    )
}

async fn viewer_users_reactivate(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .users()
            .reactivate()
            .user_id(user())
            .send_with_response()
            .await,
    )
}

// --- Viewer invitations ---------------------------------------------------------------------

async fn viewer_invitations_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().users().invitations().list();
    if variant == Variant::Full {
        request = request
            .cursor(CURSOR)
            .end_date(date(2025, 2, 28))
            .expired(InvitationExpiredFilter::Expired)
            .limit(100)
            .start_date(date(2024, 2, 29))
            .status([InvitationStatus::Revoked])
            .user_id(other_user());
    }
    first_page(request.await)
}

async fn viewer_invitations_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .users()
            .invitations()
            .retrieve(&invitation())
            .send_with_response()
            .await,
    )
}

async fn viewer_invitations_update(client: Client, variant: Variant) -> Outcome {
    let invitations = client.viewer().users().invitations();
    let mut request = invitations.update(&invitation());
    match variant {
        Variant::Full => {
            request = request
                .can_manage_studies(true)
                .clinic_role(ClinicRole::Radiologist)
                .first_name("M")
                .has_dashboard_access(true)
                .last_name("C")
                .level(AssignableUserLevel::Admin)
                .middle_name("A")
                .phone_number("5551234567")
                .suffix1("J")
                .suffix2("I");
        }
        Variant::Nulls => {
            request = request
                .clinic_role_null()
                .middle_name_null()
                .phone_number_null()
                .suffix1_null()
                .suffix2_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

async fn viewer_invitations_revoke(client: Client, variant: Variant) -> Outcome {
    let mut request = client.viewer().users().invitations().revoke();
    if variant == Variant::Full {
        request = request.invitation_id(invitation()).user_id(other_user());
    }
    seen(request.send_with_response().await)
}
