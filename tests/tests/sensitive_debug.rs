//! Sensitive values never reach `Debug` output, checked on every generated model that has a field
//! the schema marks `x-sensitive`.
//!
//! The models are found in the IR of `schema/openapi.yaml`, not listed by hand: for each one, a
//! JSON object is built from its fields, with a distinct marker in every string (and number) of
//! every field. Markers under a sensitive field are secret, the others plain. The object is
//! decoded into the real model, and its `Debug` must hold every plain marker (so every field is
//! printed, and the check can see a value when one is there) and no secret one. The Rust type of
//! each model comes from `debug_of!`, whose list must name exactly the models the IR has.

use std::collections::BTreeSet;
use std::path::Path;

use generator::ir::{Access, Api, Sensitivity, StructDef, TypeKind, TypeRef, UnionDecoding};
use serde_json::{Map, Value, json};

/// How many objects deep a value goes; deeper optional fields are left out.
const MAX_DEPTH: usize = 6;

/// Lists the models with sensitive fields, and decodes one of them by name.
macro_rules! debug_of {
    ($($model:ident),* $(,)?) => {
        /// Every model the list names.
        const LISTED: &[&str] = &[$(stringify!($model)),*];

        /// The `Debug` of `value` decoded as the model `name`; `None` for a name not listed.
        fn debug_of(name: &str, value: Value) -> Option<Result<String, serde_json::Error>> {
            match name {
                $(stringify!($model) => Some(
                    serde_json::from_value::<avara::models::$model>(value).map(|m| format!("{m:?}")),
                ),)*
                _ => None,
            }
        }
    };
}

debug_of! {
    AutoScribeInvitation,
    AutoScribeInvitationUpdateRequest,
    AutoScribeInvitedUser,
    AutoScribeStudy,
    AutoScribeStudyCreateRequest,
    AutoScribeStudyUpdateRequest,
    AutoScribeUser,
    AutoScribeUserInviteRequest,
    AutoScribeUserUpdateRequest,
    ClinicalContextEnrichmentDocument,
    ClinicalContextEnrichmentDocumentUrl,
    ClinicalContextEnrichmentRequestedEventData,
    ClinicalContextEnrichmentRequestedResponse,
    EphemeralAccessRequestedResponse,
    EphemeralSessionUrl,
    ExternalReport,
    ExternalReportCreateRequest,
    ExternalReportSummary,
    ExternalStudyCreateRequest,
    ModalityWorklistItem,
    PatientStudyEnrichmentRequestedEventData,
    PatientStudyEnrichmentRequestedResponse,
    PriorReport,
    Report,
    ReportDeliveredEventData,
    ReportPdf,
    ReportText,
    RerouteUrl,
    SecondaryCaptureAccessRequestedResponse,
    StudyAccessRequestedMediaUrl,
    StudyAccessRequestedResponse,
    StudyReportMetadata,
    StudyReportMetadataPatch,
    UserReference,
    ViewerInvitation,
    ViewerInvitationUpdateRequest,
    ViewerInvitedUser,
    ViewerUser,
    ViewerUserInviteRequest,
    ViewerUserUpdateRequest,
}

fn api() -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/openapi.yaml");
    let source = std::fs::read_to_string(path).expect("the schema is readable");
    generator::lower_source(&source, "schema/openapi.yaml").expect("the schema lowers")
}

/// The models with a sensitive field, by name.
fn sensitive_models(api: &Api) -> Vec<(&str, &StructDef)> {
    api.types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct(s)
                if s.fields
                    .iter()
                    .any(|f| f.sensitivity == Sensitivity::Sensitive) =>
            {
                Some((t.name.as_str(), s))
            }
            _ => None,
        })
        .collect()
}

/// Builds JSON values from the IR, with a new marker in each string and number, and remembers
/// which markers are secret.
struct Filler<'a> {
    api: &'a Api,
    next: usize,
    secret: Vec<String>,
    plain: Vec<String>,
}

impl Filler<'_> {
    fn marker(&mut self, secret: bool) -> String {
        self.next += 1;
        let marker = if secret {
            format!("SECRET-{:04}-", self.next)
        } else {
            format!("plain-{:04}-", self.next)
        };
        self.remember(marker.clone(), secret);
        marker
    }

    /// A number that shows as itself in `Debug`, unlike any other in the value.
    fn number(&mut self, secret: bool) -> u64 {
        self.next += 1;
        let number = 970_000 + self.next as u64;
        self.remember(number.to_string(), secret);
        number
    }

    fn remember(&mut self, marker: String, secret: bool) {
        if secret {
            self.secret.push(marker);
        } else {
            self.plain.push(marker);
        }
    }

    fn object(&mut self, s: &StructDef, secret: bool, depth: usize) -> Map<String, Value> {
        let mut object = Map::new();
        for f in &s.fields {
            // Never read from JSON, so never in a decoded value.
            if f.access == Access::WriteOnly || (depth > MAX_DEPTH && !f.repr.is_required()) {
                continue;
            }
            let secret = secret || f.sensitivity == Sensitivity::Sensitive;
            let value = self.value(&f.ty, secret, depth);
            object.insert(f.wire_name.clone(), value);
        }
        object
    }

    fn value(&mut self, ty: &TypeRef, secret: bool, depth: usize) -> Value {
        match ty {
            TypeRef::String => Value::String(self.marker(secret)),
            TypeRef::SecretUrl => json!(format!("https://files.example/{}", self.marker(secret))),
            TypeRef::Bool => json!(true),
            TypeRef::Integer(_) => json!(self.number(secret)),
            TypeRef::Number(_) => json!(self.number(secret) as f64 + 0.5),
            TypeRef::DateTime => json!("2024-01-15T10:30:00Z"),
            TypeRef::Date => json!("2024-01-15"),
            TypeRef::Json => json!({ "note": self.marker(secret) }),
            TypeRef::Array(item) => json!([self.value(item, secret, depth)]),
            TypeRef::Map(value) => json!({ "key": self.value(value, secret, depth) }),
            TypeRef::OrNull(inner) => self.value(inner, secret, depth),
            TypeRef::Named(id) => self.named(*id, secret, depth),
        }
    }

    fn named(&mut self, id: generator::ir::TypeId, secret: bool, depth: usize) -> Value {
        let api = self.api;
        match &api.ty(id).kind {
            TypeKind::Struct(s) => Value::Object(self.object(s, secret, depth + 1)),
            // An enum keeps a value it does not know, so a marker reads.
            TypeKind::Enum(_) => Value::String(self.marker(secret)),
            TypeKind::Newtype(n) => {
                Value::String(self.marker(secret || n.sensitivity == Sensitivity::Sensitive))
            }
            TypeKind::Alias(inner) => self.value(inner, secret, depth),
            TypeKind::Union(u) => {
                let first = u.variants.first().expect("a union has members");
                let mut value = self.value(&first.ty, secret, depth);
                if let (UnionDecoding::Tagged { property, .. }, Value::Object(object)) =
                    (&u.decoding, &mut value)
                {
                    let tag = first.tags.first().expect("a tagged member has a tag");
                    object.insert(property.clone(), json!(tag));
                }
                value
            }
        }
    }
}

#[test]
fn no_model_shows_a_sensitive_value_in_debug() {
    let api = api();
    let models = sensitive_models(&api);
    let found: BTreeSet<&str> = models.iter().map(|(name, _)| *name).collect();
    let listed: BTreeSet<&str> = LISTED.iter().copied().collect();
    assert_eq!(
        found, listed,
        "debug_of! must list exactly the models with sensitive fields"
    );
    // The schema marks names, contact details, patient data, report text and access URLs in
    // this many models; fewer means markings were lost.
    assert!(models.len() >= 40, "only {} models", models.len());
    let (mut secrets, mut plains) = (0, 0);
    for (name, s) in models {
        let mut filler = Filler {
            api: &api,
            next: 0,
            secret: Vec::new(),
            plain: Vec::new(),
        };
        let value = Value::Object(filler.object(s, false, 0));
        let debug = debug_of(name, value.clone())
            .expect("listed")
            .unwrap_or_else(|e| panic!("{name} does not decode {value}: {e}"));
        assert!(!filler.secret.is_empty(), "{name}: no sensitive value set");
        for secret in &filler.secret {
            assert!(
                !debug.contains(secret.as_str()),
                "{name}: `{secret}` is in its Debug:\n{debug}"
            );
        }
        for plain in &filler.plain {
            assert!(
                debug.contains(plain.as_str()),
                "{name}: `{plain}` is missing from its Debug, which should print every field:\n{debug}"
            );
        }
        assert!(debug.contains("<redacted>"), "{name}: {debug}");
        secrets += filler.secret.len();
        plains += filler.plain.len();
    }
    // The check sees values: plain markers were found in the output.
    assert!(
        secrets > 100 && plains > 100,
        "{secrets} secret, {plains} plain"
    );
}

#[test]
fn redaction_keeps_presence_and_field_names() {
    let user: avara::models::ViewerInvitation = serde_json::from_value(json!({
        "canManageStudies": true,
        "clinicId": "6f1c2d3e-0000-4000-8000-000000000000",
        "clinicRole": "Radiologist",
        "createdAt": null,
        "email": "jane@hospital.example",
        "expiry": null,
        "firstName": "Jane",
        "hasDashboardAccess": false,
        "invitationId": "inv_1234567890abcdef1234567890abcdef",
        "invitedSource": "api",
        "inviterId": null,
        "lastName": "Doe",
        "level": "member",
        "status": "sent",
        "updatedAt": null,
        "userId": "usr_1234567890abcdef1234567890abcdef",
        "middleName": null,
        "phoneNumber": "5551234567"
    }))
    .expect("decodes");
    let debug = format!("{user:?}");
    assert!(debug.contains("email: <redacted>"), "{debug}");
    assert!(debug.contains("middle_name: None"), "{debug}");
    assert!(debug.contains("phone_number: Some(<redacted>)"), "{debug}");
    assert!(
        debug.contains("inv_1234567890abcdef1234567890abcdef"),
        "{debug}"
    );
    assert!(!debug.contains("Jane") && !debug.contains("5551234567"));
}

#[test]
fn an_access_url_shows_only_through_its_accessor() {
    let session: avara::models::EphemeralSessionUrl =
        serde_json::from_value(json!({"url": "https://viewer.example/s?token=t0ken"}))
            .expect("decodes");
    assert!(!format!("{session:?} {}", session.url).contains("t0ken"));
    assert_eq!(
        session.url.expose_url(),
        "https://viewer.example/s?token=t0ken"
    );
    assert_eq!(
        serde_json::to_value(&session).expect("encodes"),
        json!({"url": "https://viewer.example/s?token=t0ken"})
    );
}

#[test]
fn an_unknown_event_shows_only_its_type() {
    let event: avara::models::WebhookEvent = serde_json::from_value(json!({
        "id": "whe_1234567890abcdef1234567890abcdef",
        "type": "patient.merged",
        "data": {"patientName": "Jane Doe", "mrn": "MRN-1"}
    }))
    .expect("an unknown type decodes");
    let debug = format!("{event:?}");
    assert!(debug.contains("patient.merged"), "{debug}");
    assert!(
        !debug.contains("Jane") && !debug.contains("MRN-1"),
        "{debug}"
    );
}
