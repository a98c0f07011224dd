//! AutoScribe studies, external (archive) studies and external reports. The lookups by study
//! need at least one of `studyId` and `studyInstanceUid`: the required-only calls give one.

use avara::models::*;
use avara::{Client, Nullable};

use super::*;

pub(super) async fn auto_scribe_studies_create(client: Client, variant: Variant) -> Outcome {
    // The required-only calls also take the smallest values: empty report metadata (every key
    // is optional), an empty description, a one-digit UID.
    let (metadata, description, uid) = match variant {
        Variant::Full => (
            full_report_metadata(),
            "MRI Brain with Contrast",
            longest_uid(),
        ),
        Variant::Required | Variant::Nulls => (StudyReportMetadata::default(), "", shortest_uid()),
    };
    let mut request = client
        .auto_scribe()
        .studies()
        .create()
        .report_metadata(metadata)
        .severity(Severity::High)
        .study_description(description)
        .study_instance_uid(uid);
    match variant {
        Variant::Full => {
            request = request
                .assigned_to(user())
                .clinical_history("Migraine with aura for 6 months")
                .clinical_indication("Persistent headaches - rule out mass")
                .express_customer_id(customer())
                .external_patient_id("PAT-000123")
                .metadata(largest_metadata())
                .modality("MRI")
                .prior_reports(most_prior_reports())
                .technologist_notes(longest_notes())
                .technologist_technique("Axial T1 T2 FLAIR DWI");
        }
        Variant::Nulls => {
            request = request
                .clinical_history_null()
                .clinical_indication_null()
                .external_patient_id_null()
                .modality_null()
                .technologist_technique_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

pub(super) async fn auto_scribe_studies_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().studies().list();
    match variant {
        Variant::Full => {
            request = request
                .assigned_to(user())
                .cursor(CURSOR)
                .express_customer_id(customer())
                .is_cancelled(true)
                .limit(100)
                .severity(Severity::Stat)
                .study_description("MRI Brain")
                .study_report_status([
                    StudyReportStatus::Unassigned,
                    StudyReportStatus::Assigned,
                    StudyReportStatus::InProgress,
                    StudyReportStatus::Completed,
                    StudyReportStatus::AddendumActive,
                ])
                .study_type(StudyType::External);
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

pub(super) async fn auto_scribe_studies_retrieve(client: Client, _: Variant) -> Outcome {
    let studies = client.auto_scribe().studies();
    seen(studies.retrieve(&study()).send_with_response().await)
}

pub(super) async fn auto_scribe_studies_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().studies().update(&study());
    match variant {
        Variant::Full => {
            request = request
                .assigned_to(other_user())
                .clinical_history("Migraine with aura for 7 months")
                .clinical_indication("Headache follow-up")
                .express_customer_id(customer())
                .external_patient_id("PAT-000124")
                .metadata(largest_metadata())
                .modality("MR")
                .prior_reports(most_prior_reports())
                .report_metadata(full_report_metadata_patch())
                .severity(Severity::Normal)
                .study_description("MRI Brain with and without Contrast")
                .technologist_notes(longest_notes())
                .technologist_technique("Axial T1 T2 FLAIR DWI SWI");
        }
        Variant::Nulls => {
            request = request
                .assigned_to_null()
                .clinical_history_null()
                .clinical_indication_null()
                .express_customer_id_null()
                .external_patient_id_null()
                .metadata_null()
                .modality_null()
                .prior_reports_null()
                .report_metadata(null_report_metadata_patch())
                .technologist_notes_null()
                .technologist_technique_null();
        }
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

/// A report metadata change that sets every key.
fn full_report_metadata_patch() -> StudyReportMetadataPatch {
    let StudyReportMetadata {
        age,
        date_of_birth,
        facility_name,
        height,
        mrn,
        patient_name,
        procedure,
        referring_physician_name,
        sex,
        study_date,
        study_time,
        weight,
    } = full_report_metadata();
    StudyReportMetadataPatch {
        age: age.into(),
        date_of_birth: date_of_birth.into(),
        facility_name: facility_name.into(),
        height: height.into(),
        mrn: mrn.into(),
        patient_name: patient_name.into(),
        procedure: procedure.into(),
        referring_physician_name: referring_physician_name.into(),
        sex: sex.into(),
        study_date: study_date.into(),
        study_time: study_time.into(),
        weight: weight.into(),
    }
}

/// A report metadata change that clears every key.
fn null_report_metadata_patch() -> StudyReportMetadataPatch {
    StudyReportMetadataPatch {
        age: Nullable::Null,
        date_of_birth: Nullable::Null,
        facility_name: Nullable::Null,
        height: Nullable::Null,
        mrn: Nullable::Null,
        patient_name: Nullable::Null,
        procedure: Nullable::Null,
        referring_physician_name: Nullable::Null,
        sex: Nullable::Null,
        study_date: Nullable::Null,
        study_time: Nullable::Null,
        weight: Nullable::Null,
    }
}

pub(super) async fn auto_scribe_studies_cancel(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().studies().cancel();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

/// The user is required; of the study, the required-only call gives the ID.
pub(super) async fn auto_scribe_studies_reroute_url(client: Client, variant: Variant) -> Outcome {
    let request = client
        .auto_scribe()
        .studies()
        .reroute_url()
        .assigned_to_user_id(user())
        .study_id(study());
    let request = match variant {
        Variant::Full => request.study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request,
    };
    seen(request.send_with_response().await)
}

pub(super) async fn auto_scribe_studies_retrieve_by_uid(client: Client, _: Variant) -> Outcome {
    let studies = client.auto_scribe().studies();
    seen(
        studies
            .retrieve_by_uid(&longest_uid())
            .send_with_response()
            .await,
    )
}

pub(super) async fn auto_scribe_studies_uncancel(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().studies().uncancel();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn auto_scribe_studies_viewer_only_reroute_url(
    client: Client,
    variant: Variant,
) -> Outcome {
    let request = client.auto_scribe().studies().viewer_only_reroute_url();
    let request = match variant {
        Variant::Full => request
            .study_id(study())
            .study_instance_uid(longest_uid())
            .user_id(other_user()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(longest_uid()),
    };
    seen(request.send_with_response().await)
}

// --- External studies -----------------------------------------------------------------------

pub(super) async fn external_studies_create(client: Client, variant: Variant) -> Outcome {
    let (metadata, description, uid) = match variant {
        Variant::Full => (
            full_report_metadata(),
            "CT Head without Contrast",
            longest_uid(),
        ),
        Variant::Required | Variant::Nulls => (StudyReportMetadata::default(), "", shortest_uid()),
    };
    let mut request = client
        .auto_scribe()
        .studies()
        .external()
        .create()
        .report_metadata(metadata)
        .severity(Severity::Normal)
        .study_description(description)
        .study_instance_uid(uid);
    match variant {
        Variant::Full => {
            request = request
                .express_customer_id(customer())
                .external_patient_id("PAT-000123")
                .metadata(largest_metadata())
                .modality("CT")
                .reader_name("Dr. Emily Park")
                .report_file_name("ct-head-2023-11-02.pdf")
                .report_file_url("https://files.hospital.org/reports/ct-head-2023-11-02.pdf")
                .report_text("IMPRESSION: No acute intracranial hemorrhage.")
                // Free text, not a date-time.
                .signed_at("2023-11-02 16:40 EST");
        }
        Variant::Nulls => request = request.external_patient_id_null().modality_null(),
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

pub(super) async fn external_studies_delete(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().studies().external().delete();
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}

// --- External reports -----------------------------------------------------------------------

pub(super) async fn external_reports_create(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().studies().external().reports().create();
    let request = match variant {
        Variant::Full => request
            .reader_name("Dr. Emily Park")
            .report_file_name("addendum.webp")
            .report_file_url("https://files.hospital.org/reports/addendum.webp")
            .report_text("ADDENDUM: Findings discussed with the referring physician.")
            .signed_at("signed 2023-11-03 by phone")
            .study_id(study())
            .study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_id(study()),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn external_reports_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().studies().external().reports().list();
    if variant == Variant::Full {
        request = request.cursor(CURSOR).limit(100).study_id(study());
    }
    first_page(request.await)
}

pub(super) async fn external_reports_retrieve(client: Client, _: Variant) -> Outcome {
    let reports = client.auto_scribe().studies().external().reports();
    seen(
        reports
            .retrieve(&external_report())
            .send_with_response()
            .await,
    )
}
