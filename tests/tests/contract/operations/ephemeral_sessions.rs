//! Ephemeral sessions of AutoScribe and of the Viewer: the same body, two endpoints.

use avara::Client;
use avara::models::*;
use serde_json::{Value, json};

use super::*;

/// The largest hanging protocol: a 4x4 grid, one entry per viewport, empty ones `null`.
fn largest_hanging_protocol() -> EphemeralHangingProtocol {
    EphemeralHangingProtocol {
        layout: ViewerLayout::V4x4,
        viewport_assignments: (0..16)
            .map(|i| (i % 4 != 3).then(|| format!("Axial T{i}")))
            .collect(),
    }
}

/// Free-form options of every JSON type, nested, as the webhook echoes them.
fn options() -> Value {
    json!({
        "studyInstanceUids": [LONGEST_UID, "1"],
        "priority": 2,
        "weight": 0.5,
        "urgent": true,
        "note": null,
        "source": {"system": "ris", "tags": ["a", {"b": []}]},
    })
}

pub(super) async fn auto_scribe_ephemeral_sessions_create(
    client: Client,
    variant: Variant,
) -> Outcome {
    let sessions = client.auto_scribe().ephemeral_sessions();
    let request = match variant {
        Variant::Full => sessions
            .create()
            .retrieval_id("order-12345")
            .hanging_protocol(largest_hanging_protocol())
            .options(options()),
        // No minimum length is set for the handle.
        Variant::Required | Variant::Nulls => sessions.create().retrieval_id(""),
    };
    seen(request.send_with_response().await)
}

pub(super) async fn viewer_ephemeral_sessions_create(client: Client, variant: Variant) -> Outcome {
    let sessions = client.viewer().ephemeral_sessions();
    let request = match variant {
        Variant::Full => sessions
            .create()
            .retrieval_id("order-67890")
            .hanging_protocol(EphemeralHangingProtocol {
                layout: ViewerLayout::V1x1,
                viewport_assignments: vec![None],
            })
            .options(json!({})),
        Variant::Required | Variant::Nulls => sessions.create().retrieval_id("o"),
    };
    seen(request.send_with_response().await)
}
