//! Viewer studies, users and invitations. Cancel, uncancel and reroute-url need at least one of
//! `studyId` and `studyInstanceUid`: the required-only calls give the UID, so that a schema
//! requiring `studyId` would be caught.

use avara::Client;
use avara::models::*;

use super::*;

// --- Viewer studies -------------------------------------------------------------------------

pub(super) async fn viewer_studies_create(client: Client, variant: Variant) -> Outcome {
    // The required-only call also takes the shortest values: an empty description, a
    // one-digit UID.
    let (description, uid) = match variant {
        Variant::Full => ("CT Chest/Abdomen/Pelvis", longest_uid()),
        Variant::Required | Variant::Nulls => ("", shortest_uid()),
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

pub(super) async fn viewer_studies_list(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_studies_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .studies()
            .retrieve(&study())
            .send_with_response()
            .await,
    )
}

pub(super) async fn viewer_studies_update(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_studies_cancel(client: Client, variant: Variant) -> Outcome {
    let request = client.viewer().studies().cancel();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn viewer_studies_uncancel(client: Client, variant: Variant) -> Outcome {
    let request = client.viewer().studies().uncancel();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn viewer_studies_reroute_url(client: Client, variant: Variant) -> Outcome {
    let request = client.viewer().studies().reroute_url();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn viewer_studies_retrieve_by_uid(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn viewer_users_invite(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_users_list(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_users_retrieve(client: Client, _: Variant) -> Outcome {
    seen(
        client
            .viewer()
            .users()
            .retrieve(&user())
            .send_with_response()
            .await,
    )
}

pub(super) async fn viewer_users_update(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_users_revoke_access(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn viewer_users_reactivate(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn viewer_invitations_list(client: Client, variant: Variant) -> Outcome {
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

pub(super) async fn viewer_invitations_retrieve(client: Client, _: Variant) -> Outcome {
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

pub(super) async fn viewer_invitations_update(client: Client, variant: Variant) -> Outcome {
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

/// At least one of `invitationId` and `userId` is required: the required-only call gives the
/// user.
pub(super) async fn viewer_invitations_revoke(client: Client, variant: Variant) -> Outcome {
    let mut request = client
        .viewer()
        .users()
        .invitations()
        .revoke()
        .user_id(other_user());
    if variant == Variant::Full {
        request = request.invitation_id(invitation());
    }
    seen(request.send_with_response().await)
}
