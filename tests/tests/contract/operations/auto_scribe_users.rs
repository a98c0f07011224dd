//! AutoScribe users and their invitations.

use avara::Client;
use avara::models::*;

use super::*;

// --- AutoScribe users -----------------------------------------------------------------------

pub(super) async fn auto_scribe_users_invite(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_users_list(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_users_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .auto_scribe()
            .users()
            .retrieve(&user())
            .send_with_response()
            .await,
    )
}

pub(super) async fn auto_scribe_users_update(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_users_revoke_access(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_users_reactivate(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_invitations_list(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn auto_scribe_invitations_retrieve(client: Client, _: Variant) -> Outcome {
    let invitations = client.auto_scribe().users().invitations();
    seen(
        invitations
            .retrieve(&invitation())
            .send_with_response()
            .await,
    )
}

pub(super) async fn auto_scribe_invitations_update(client: Client, variant: Variant) -> Outcome {
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

/// At least one of `invitationId` and `userId` is required: the required-only call gives the
/// invitation.
pub(super) async fn auto_scribe_invitations_revoke(client: Client, variant: Variant) -> Outcome {
    let mut request = client
        .auto_scribe()
        .users()
        .invitations()
        .revoke()
        .invitation_id(invitation());
    if variant == Variant::Full {
        request = request.user_id(user());
    }
    seen(request.send_with_response().await)
}
