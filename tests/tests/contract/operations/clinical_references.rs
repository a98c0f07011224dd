//! AutoScribe clinical references.

use avara::Client;
use avara::models::*;

use super::*;

/// An external reference ID made of what a path segment must encode: `/`, a space, `?`, `#`,
/// `%` and a non-ASCII letter.
const ENCODED_EXTERNAL_REFERENCE_ID: &str = "FAC/001 NE?#%é";

pub(super) async fn clinical_references_create(client: Client, variant: Variant) -> Outcome {
    // The required-only call takes the shortest name: the schema sets no minimum.
    let name = if variant == Variant::Full { "C" } else { "" };
    let mut request = client
        .auto_scribe()
        .clinical_references()
        .create()
        .name(name)
        .r#type(ClinicalReferenceType::Facility);
    match variant {
        Variant::Full => {
            request = request
                .express_customer_id(customer())
                .external_reference_id(ENCODED_EXTERNAL_REFERENCE_ID)
                .metadata(largest_metadata());
        }
        Variant::Nulls => request = request.external_reference_id_null(),
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

pub(super) async fn clinical_references_list(client: Client, variant: Variant) -> Outcome {
    let mut request = client.auto_scribe().clinical_references().list();
    match variant {
        Variant::Full => {
            request = request
                .cursor(CURSOR)
                .express_customer_id(customer())
                .is_active(false)
                .limit(1)
                .r#type(ClinicalReferenceType::ReferringProvider);
        }
        Variant::Nulls => request = request.express_customer_id_null().is_active_null(),
        Variant::Required => {}
    }
    first_page(request.await)
}

pub(super) async fn clinical_references_retrieve(client: Client, _: Variant) -> Outcome {
    let references = client.auto_scribe().clinical_references();
    seen(references.retrieve(&reference()).send_with_response().await)
}

pub(super) async fn clinical_references_update(client: Client, variant: Variant) -> Outcome {
    let mut request = client
        .auto_scribe()
        .clinical_references()
        .update(&reference());
    match variant {
        Variant::Full => {
            request = request
                .express_customer_id(customer())
                .metadata(largest_metadata())
                .name("City Medical Center - East Campus");
        }
        Variant::Nulls => request = request.metadata_null(),
        Variant::Required => {}
    }
    seen(request.send_with_response().await)
}

/// A POST without a body.
pub(super) async fn clinical_references_delete(client: Client, _: Variant) -> Outcome {
    let references = client.auto_scribe().clinical_references();
    seen(references.delete(&reference()).send_with_response().await)
}

/// Every call gives the ID as one path segment; the full one has characters to encode.
pub(super) async fn clinical_references_retrieve_by_external_reference_id(
    client: Client,
    variant: Variant,
) -> Outcome {
    let external_reference_id = match variant {
        Variant::Full => ENCODED_EXTERNAL_REFERENCE_ID,
        Variant::Required | Variant::Nulls => "FAC-001",
    };
    let references = client.auto_scribe().clinical_references();
    seen(
        references
            .retrieve_by_external_reference_id(external_reference_id)
            .send_with_response()
            .await,
    )
}
