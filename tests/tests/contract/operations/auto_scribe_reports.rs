//! AutoScribe reports: the study's list (not paginated), addendums (bodiless POSTs), and the PDF
//! and text lookups, whose response is one report or the study's list. Each lookup needs at
//! least one identifying parameter: the required-only calls give one.

use avara::Client;

use super::*;

pub(super) async fn reports_list(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().reports().list().study_id(study());
    let request = match variant {
        Variant::Full => request.study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request,
    };
    seen(request.send_with_response().await)
}

pub(super) async fn reports_addendum(client: Client, _: Variant) -> Outcome {
    let reports = client.auto_scribe().reports();
    seen(reports.addendum(&report()).send_with_response().await)
}

pub(super) async fn reports_cancel_addendum(client: Client, _: Variant) -> Outcome {
    let reports = client.auto_scribe().reports();
    seen(
        reports
            .cancel_addendum(&report())
            .send_with_response()
            .await,
    )
}

/// The required-only call looks up one report by its ID.
pub(super) async fn reports_pdf(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().reports().pdf().report_id(report());
    let request = match variant {
        Variant::Full => request.study_id(study()).study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request,
    };
    seen(request.send_with_response().await)
}

/// The required-only call looks up a study's reports by its UID.
pub(super) async fn reports_text(client: Client, variant: Variant) -> Outcome {
    let request = client.auto_scribe().reports().text();
    let request = match variant {
        Variant::Full => request
            .report_id(report())
            .study_id(study())
            .study_instance_uid(longest_uid()),
        Variant::Required | Variant::Nulls => request.study_instance_uid(shortest_uid()),
    };
    seen(request.send_with_response().await)
}
