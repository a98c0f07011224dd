//! Checks of `schema/openapi.yaml` itself: the 63 endpoints, the 61 clinic roles, documentation,
//! and the facts of API_FACTS.md and API_FACTS_SURFACE.md the schema must encode (presence and
//! nullability, pagination, rules over several fields, bodies).

use std::path::Path;

use serde_yaml::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/openapi.yaml");
    let text = std::fs::read_to_string(&path).expect("schema/openapi.yaml is readable");
    serde_yaml::from_str(&text).expect("schema/openapi.yaml is valid YAML")
}

/// Every endpoint of the API, in the order of the endpoint index of API_FACTS_SURFACE.md section 1
/// (1-28 as in API_FACTS.md section 1): method, path, and the operation id, which is the
/// endpoint's SDK position.
const ENDPOINTS: [(&str, &str, &str); 63] = [
    ("POST", "/v1/autoScribe/users", "auto_scribe.users.invite"),
    ("GET", "/v1/autoScribe/users", "auto_scribe.users.list"),
    (
        "GET",
        "/v1/autoScribe/users/{userId}",
        "auto_scribe.users.retrieve",
    ),
    (
        "PATCH",
        "/v1/autoScribe/users/{userId}",
        "auto_scribe.users.update",
    ),
    (
        "POST",
        "/v1/autoScribe/users/revoke-access",
        "auto_scribe.users.revoke_access",
    ),
    (
        "POST",
        "/v1/autoScribe/users/reactivate",
        "auto_scribe.users.reactivate",
    ),
    (
        "GET",
        "/v1/autoScribe/users/invitations",
        "auto_scribe.users.invitations.list",
    ),
    (
        "GET",
        "/v1/autoScribe/users/invitations/{invitationId}",
        "auto_scribe.users.invitations.retrieve",
    ),
    (
        "PATCH",
        "/v1/autoScribe/users/invitations/{invitationId}",
        "auto_scribe.users.invitations.update",
    ),
    (
        "POST",
        "/v1/autoScribe/users/invitations/revoke",
        "auto_scribe.users.invitations.revoke",
    ),
    ("POST", "/v1/viewer/studies", "viewer.studies.create"),
    ("GET", "/v1/viewer/studies", "viewer.studies.list"),
    (
        "GET",
        "/v1/viewer/studies/{studyId}",
        "viewer.studies.retrieve",
    ),
    (
        "PATCH",
        "/v1/viewer/studies/{studyId}",
        "viewer.studies.update",
    ),
    ("POST", "/v1/viewer/studies/cancel", "viewer.studies.cancel"),
    (
        "POST",
        "/v1/viewer/studies/uncancel",
        "viewer.studies.uncancel",
    ),
    (
        "POST",
        "/v1/viewer/studies/reroute-url",
        "viewer.studies.reroute_url",
    ),
    (
        "GET",
        "/v1/viewer/studies/by-uid/{studyInstanceUid}",
        "viewer.studies.retrieve_by_uid",
    ),
    ("POST", "/v1/viewer/users", "viewer.users.invite"),
    ("GET", "/v1/viewer/users", "viewer.users.list"),
    ("GET", "/v1/viewer/users/{userId}", "viewer.users.retrieve"),
    ("PATCH", "/v1/viewer/users/{userId}", "viewer.users.update"),
    (
        "POST",
        "/v1/viewer/users/revoke-access",
        "viewer.users.revoke_access",
    ),
    (
        "POST",
        "/v1/viewer/users/reactivate",
        "viewer.users.reactivate",
    ),
    (
        "GET",
        "/v1/viewer/users/invitations",
        "viewer.users.invitations.list",
    ),
    (
        "GET",
        "/v1/viewer/users/invitations/{invitationId}",
        "viewer.users.invitations.retrieve",
    ),
    (
        "PATCH",
        "/v1/viewer/users/invitations/{invitationId}",
        "viewer.users.invitations.update",
    ),
    (
        "POST",
        "/v1/viewer/users/invitations/revoke",
        "viewer.users.invitations.revoke",
    ),
    // 29-63: API_FACTS_SURFACE.md section 1.
    (
        "POST",
        "/v1/autoScribe/clinicalReferences",
        "auto_scribe.clinical_references.create",
    ),
    (
        "GET",
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}",
        "auto_scribe.clinical_references.retrieve",
    ),
    (
        "PATCH",
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}",
        "auto_scribe.clinical_references.update",
    ),
    (
        "GET",
        "/v1/autoScribe/clinicalReferences",
        "auto_scribe.clinical_references.list",
    ),
    (
        "POST",
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}/delete",
        "auto_scribe.clinical_references.delete",
    ),
    (
        "GET",
        "/v1/autoScribe/clinicalReferences/byExternalReferenceId/{externalReferenceId}",
        "auto_scribe.clinical_references.retrieve_by_external_reference_id",
    ),
    (
        "POST",
        "/v1/autoScribe/ephemeral-sessions",
        "auto_scribe.ephemeral_sessions.create",
    ),
    (
        "POST",
        "/v1/autoScribe/studies",
        "auto_scribe.studies.create",
    ),
    (
        "GET",
        "/v1/autoScribe/studies/{studyId}",
        "auto_scribe.studies.retrieve",
    ),
    (
        "PATCH",
        "/v1/autoScribe/studies/{studyId}",
        "auto_scribe.studies.update",
    ),
    ("GET", "/v1/autoScribe/studies", "auto_scribe.studies.list"),
    (
        "POST",
        "/v1/autoScribe/studies/cancel",
        "auto_scribe.studies.cancel",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/reroute-url",
        "auto_scribe.studies.reroute_url",
    ),
    (
        "GET",
        "/v1/autoScribe/studies/by-uid/{studyInstanceUid}",
        "auto_scribe.studies.retrieve_by_uid",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/uncancel",
        "auto_scribe.studies.uncancel",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/viewer-only-reroute-url",
        "auto_scribe.studies.viewer_only_reroute_url",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/external",
        "auto_scribe.studies.external.create",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/external/delete",
        "auto_scribe.studies.external.delete",
    ),
    (
        "POST",
        "/v1/autoScribe/studies/external/reports",
        "auto_scribe.studies.external.reports.create",
    ),
    (
        "GET",
        "/v1/autoScribe/studies/external/reports/{externalReportId}",
        "auto_scribe.studies.external.reports.retrieve",
    ),
    (
        "GET",
        "/v1/autoScribe/studies/external/reports",
        "auto_scribe.studies.external.reports.list",
    ),
    ("GET", "/v1/autoScribe/reports", "auto_scribe.reports.list"),
    (
        "POST",
        "/v1/autoScribe/reports/{reportId}/addendum",
        "auto_scribe.reports.addendum",
    ),
    (
        "POST",
        "/v1/autoScribe/reports/{reportId}/cancel-addendum",
        "auto_scribe.reports.cancel_addendum",
    ),
    (
        "GET",
        "/v1/autoScribe/reports/pdf",
        "auto_scribe.reports.pdf",
    ),
    (
        "GET",
        "/v1/autoScribe/reports/text",
        "auto_scribe.reports.text",
    ),
    (
        "POST",
        "/v1/viewer/ephemeral-sessions",
        "viewer.ephemeral_sessions.create",
    ),
    ("POST", "/v1/express", "express.create"),
    ("GET", "/v1/express/{expressCustomerId}", "express.retrieve"),
    ("PATCH", "/v1/express/{expressCustomerId}", "express.update"),
    ("GET", "/v1/express", "express.list"),
    (
        "POST",
        "/v1/express/{expressCustomerId}/deactivate",
        "express.deactivate",
    ),
    (
        "POST",
        "/v1/express/{expressCustomerId}/reactivate",
        "express.reactivate",
    ),
    (
        "POST",
        "/v1/express/{expressCustomerId}/users",
        "express.users.add",
    ),
    (
        "DELETE",
        "/v1/express/{expressCustomerId}/users",
        "express.users.remove",
    ),
];

const CLINIC_ROLES: [&str; 61] = [
    "Doctor",
    "Physician",
    "Surgeon",
    "Radiologist",
    "Cardiologist",
    "Neurologist",
    "Urologist",
    "Gynecologist",
    "Endocrinologist",
    "Oncologist",
    "Radiation Oncologist",
    "Hematologist",
    "Gastroenterologist",
    "Pulmonologist",
    "Nephrologist",
    "Rheumatologist",
    "Dermatologist",
    "Ophthalmologist",
    "Otolaryngologist",
    "Pediatrician",
    "Obstetrician",
    "Psychiatrist",
    "Anesthesiologist",
    "Emergency Medicine Physician",
    "Family Medicine Physician",
    "Internal Medicine Physician",
    "Pathologist",
    "Nuclear Medicine Physician",
    "Pain Management Specialist",
    "Infectious Disease Specialist",
    "Immunologist",
    "Physician Assistant",
    "Nurse Practitioner",
    "Certified Registered Nurse Anesthetist",
    "Psychologist",
    "Medical Assistant",
    "Scribe",
    "Registered Nurse",
    "Nurse Manager",
    "Patient Care Coordinator",
    "Imaging Technologist",
    "Laboratory Technician",
    "Medical Laboratory Scientist",
    "Pathologists' Assistant",
    "Phlebotomist",
    "Pharmacist",
    "Pharmacy Technician",
    "Physical Therapist",
    "Occupational Therapist",
    "Speech-Language Pathologist",
    "Respiratory Therapist",
    "Nutritionist",
    "Front Desk Operator",
    "Revenue Cycle Manager",
    "Administrative Director",
    "Administrative Assistant",
    "Legal Administrator",
    "IT Administrator",
    "IT Support",
    "Software Engineer",
    "Other",
];

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every operation of the schema: method (upper case), path, operation id.
fn operations(doc: &Value) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths is a mapping") {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                found.push((
                    method.to_uppercase(),
                    path.as_str().unwrap_or_default().to_owned(),
                    op["operationId"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    found
}

#[test]
fn has_exactly_the_63_endpoints() {
    let mut expected: Vec<(String, String, String)> = ENDPOINTS
        .iter()
        .map(|(m, p, id)| (m.to_string(), p.to_string(), id.to_string()))
        .collect();
    let mut unique = expected.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 63, "the index lists each endpoint once");
    let mut found = operations(&schema());
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn clinic_role_has_the_61_values_in_order() {
    let doc = schema();
    let values: Vec<&str> = doc["components"]["schemas"]["ClinicRole"]["enum"]
        .as_sequence()
        .expect("ClinicRole has an enum")
        .iter()
        .map(|v| v.as_str().expect("string values"))
        .collect();
    assert_eq!(values, CLINIC_ROLES);
}

/// Collects the pointer of every operation, parameter and property without a description.
fn undocumented(doc: &Value) -> Vec<String> {
    let mut missing = Vec::new();
    let has_description = |v: &Value| {
        v.get("description")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.trim().is_empty())
    };
    for (path, item) in doc["paths"].as_mapping().into_iter().flatten() {
        let path = path.as_str().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            if !has_description(op) {
                missing.push(format!("{method} {path}"));
            }
            for (i, p) in op
                .get("parameters")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if p.get("$ref").is_none() && !has_description(p) {
                    missing.push(format!("{method} {path} parameter {i}"));
                }
            }
            walk(op, &format!("{method} {path}"), &mut missing);
        }
    }
    for (name, p) in doc["components"]["parameters"]
        .as_mapping()
        .into_iter()
        .flatten()
    {
        if !has_description(p) {
            missing.push(format!(
                "components.parameters.{}",
                name.as_str().unwrap_or_default()
            ));
        }
    }
    walk(
        &doc["components"]["schemas"],
        "components.schemas",
        &mut missing,
    );
    missing
}

/// Finds `properties` maps anywhere below `node` and checks each property's description.
fn walk(node: &Value, at: &str, missing: &mut Vec<String>) {
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                let key = key.as_str().unwrap_or_default();
                if key == "properties" {
                    for (name, prop) in value.as_mapping().into_iter().flatten() {
                        let name = name.as_str().unwrap_or_default();
                        let described = prop
                            .get("description")
                            .and_then(Value::as_str)
                            .is_some_and(|d| !d.trim().is_empty());
                        if !described {
                            missing.push(format!("{at}.properties.{name}"));
                        }
                    }
                }
                if key != "example" && key != "examples" {
                    walk(value, &format!("{at}.{key}"), missing);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{at}[{i}]"), missing);
            }
        }
        _ => {}
    }
}

#[test]
fn every_operation_parameter_and_property_is_described() {
    let missing = undocumented(&schema());
    assert!(missing.is_empty(), "missing descriptions: {missing:#?}");
}

#[test]
fn description_check_catches_a_missing_description() {
    let mut doc = schema();
    let props = &mut doc["components"]["schemas"]["Study"]["properties"]["studyId"];
    props
        .as_mapping_mut()
        .expect("studyId is a mapping")
        .remove("description");
    assert_eq!(
        undocumented(&doc),
        vec!["components.schemas.Study.properties.studyId".to_owned()]
    );
}

/// Whether a schema admits `null`: `type: 'null'`, a type list holding `'null'`, or an
/// `anyOf` / `oneOf` branch that does.
fn admits_null(schema: &Value) -> bool {
    let by_type = match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(types)) => types.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let by_branch = ["anyOf", "oneOf"].iter().any(|key| {
        schema
            .get(*key)
            .and_then(Value::as_sequence)
            .is_some_and(|branches| branches.iter().any(admits_null))
    });
    by_type || by_branch
}

/// The names in an object schema's `required` list.
fn required_names(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn nullability_decisions_are_in_the_schema() {
    let doc = schema();
    let schemas = &doc["components"]["schemas"];
    // Decision 2: nullable where the description says null, even though the official SDKs
    // type these as non-null; `inviterId` stays required, `invitedByApiKeyId` optional.
    for invitation in ["AutoScribeInvitation", "ViewerInvitation"] {
        let props = &schemas[invitation]["properties"];
        let required = required_names(&schemas[invitation]);
        assert!(
            admits_null(&props["inviterId"]),
            "{invitation}.inviterId is nullable"
        );
        assert!(
            required.contains(&"inviterId"),
            "{invitation}.inviterId stays required"
        );
        assert!(
            admits_null(&props["invitedByApiKeyId"]),
            "{invitation}.invitedByApiKeyId is nullable"
        );
        assert!(
            !required.contains(&"invitedByApiKeyId"),
            "{invitation}.invitedByApiKeyId stays optional"
        );
    }

    // Decision 3: studies update `assignedTo` is optional and nullable.
    let body = &doc["paths"]["/v1/viewer/studies/{studyId}"]["patch"]["requestBody"]["content"]["application/json"]
        ["schema"];
    let body_name = body["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .expect("the update body is a component");
    let body = &schemas[body_name];
    assert!(
        admits_null(&body["properties"]["assignedTo"]),
        "assignedTo is nullable"
    );
    assert!(
        !required_names(body).contains(&"assignedTo"),
        "assignedTo is optional"
    );

    // Decision 5: the null query filters are optional and nullable.
    let resolve = |p: &Value| match p.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            doc["components"]["parameters"][r.rsplit('/').next().unwrap_or_default()].clone()
        }
        None => p.clone(),
    };
    let params_of = |path: &str| -> Vec<Value> {
        doc["paths"][path]["get"]["parameters"]
            .as_sequence()
            .into_iter()
            .flatten()
            .map(resolve)
            .collect()
    };
    for (path, name) in [
        ("/v1/viewer/studies", "assignedTo"),
        ("/v1/viewer/studies", "expressCustomerId"),
        ("/v1/viewer/studies", "isCancelled"),
        ("/v1/autoScribe/users", "canCreateReports"),
    ] {
        let params = params_of(path);
        let param = params
            .iter()
            .find(|p| p["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("{path} has {name}"));
        assert!(admits_null(&param["schema"]), "{path} {name} is nullable");
        assert_ne!(
            param["required"].as_bool(),
            Some(true),
            "{path} {name} is optional"
        );
    }
}

#[test]
fn the_null_check_reads_types_and_branches_not_text() {
    let yaml = |text: &str| serde_yaml::from_str::<Value>(text).expect("yaml");
    assert!(admits_null(&yaml("type: [string, 'null']")));
    assert!(admits_null(&yaml("anyOf: [{$ref: '#/x'}, {type: 'null'}]")));
    assert!(!admits_null(&yaml("type: string")));
    assert!(!admits_null(&yaml(
        "{type: string, description: \"'null' if unset\"}"
    )));
}

// ---------------------------------------------------------------------------------------------
// The 35 endpoints of API_FACTS_SURFACE.md: presence and nullability, pagination, rules over
// several fields, and request bodies.
// ---------------------------------------------------------------------------------------------

/// Whether a key must be present (R) or may be absent (O), and whether its value may be `null`
/// (N): the R/O/N columns of the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    required: bool,
    nullable: bool,
}

/// R, not N.
const R: Key = Key {
    required: true,
    nullable: false,
};
/// R and N: the key is always there, its value may be `null`.
const RN: Key = Key {
    required: true,
    nullable: true,
};
/// O, not N.
const O: Key = Key {
    required: false,
    nullable: false,
};
/// O and N: absent, `null` or a value.
const ON: Key = Key {
    required: false,
    nullable: true,
};

/// The keys of one object, each with its presence and nullability.
type Keys = &'static [(&'static str, Key)];

/// The component a `$ref` names (`#/components/<kind>/<name>`), or the node itself.
fn resolved<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let mut parts = reference
                .strip_prefix("#/components/")
                .unwrap_or_else(|| panic!("{reference} points into components"))
                .splitn(2, '/');
            let (kind, name) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let target = &doc["components"][kind][name];
            assert!(!target.is_null(), "{reference} exists");
            target
        }
        None => node,
    }
}

/// The operation at `method` (lower case) and `path`.
fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    let op = &doc["paths"][path][method];
    assert!(op.is_mapping(), "{method} {path} exists");
    op
}

/// The resolved JSON schema of an operation's request body, if it has one.
fn body_schema<'a>(doc: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let body = operation(doc, method, path).get("requestBody")?;
    let schema = &resolved(doc, body)["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{method} {path}: the body is JSON");
    Some(resolved(doc, schema))
}

/// The resolved query parameters of an operation, in order.
fn query_parameters<'a>(doc: &'a Value, method: &str, path: &str) -> Vec<&'a Value> {
    operation(doc, method, path)["parameters"]
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|p| resolved(doc, p))
        .filter(|p| p["in"].as_str() == Some("query"))
        .collect()
}

/// Compares an object schema's properties with the facts' table: the same keys, each with the
/// facts' presence and nullability. Adds one line per difference to `problems`.
fn compare_object(at: &str, schema: &Value, expected: &[(&str, Key)], problems: &mut Vec<String>) {
    let properties = schema["properties"].as_mapping();
    let mut names: Vec<&str> = properties
        .into_iter()
        .flatten()
        .filter_map(|(name, _)| name.as_str())
        .collect();
    names.sort_unstable();
    let mut wanted: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    wanted.sort_unstable();
    if names != wanted {
        problems.push(format!(
            "{at}: has the keys {names:?}, the facts {wanted:?}"
        ));
    }
    let required = required_names(schema);
    for (name, key) in expected {
        let property = &schema["properties"][*name];
        if property.is_null() {
            continue;
        }
        let found = Key {
            required: required.contains(name),
            nullable: admits_null(property),
        };
        if found != *key {
            problems.push(format!(
                "{at}.{name}: the schema says {found:?}, the facts {key:?}"
            ));
        }
    }
}

/// Compares the query parameters of an operation with the facts' table, as `compare_object`.
fn compare_query(
    doc: &Value,
    method: &str,
    path: &str,
    expected: &[(&str, Key)],
    problems: &mut Vec<String>,
) {
    let at = format!("{method} {path} query");
    let params = query_parameters(doc, method, path);
    let mut names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    names.sort_unstable();
    let mut wanted: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    wanted.sort_unstable();
    if names != wanted {
        problems.push(format!("{at}: has {names:?}, the facts {wanted:?}"));
    }
    for (name, key) in expected {
        let Some(param) = params.iter().find(|p| p["name"].as_str() == Some(*name)) else {
            continue;
        };
        let found = Key {
            required: param["required"].as_bool() == Some(true),
            nullable: admits_null(&param["schema"]),
        };
        if found != *key {
            problems.push(format!(
                "{at} {name}: the schema says {found:?}, the facts {key:?}"
            ));
        }
    }
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "the schema disagrees with the facts:\n{}",
        problems.join("\n")
    );
}

/// API_FACTS_SURFACE.md section 3.4 (the object types, each key with its R/O/N) and 5.3.3
/// (`report.delivered` with decisions 15 and 26).
const OBJECT_TYPES: &[(&str, Keys)] = &[
    // 3.4.1
    (
        "ClinicalReference",
        &[
            ("clinicalReferenceId", R),
            ("createdAt", RN),
            ("isActive", R),
            ("name", R),
            ("type", R),
            ("updatedAt", RN),
            ("expressCustomer", ON),
            ("externalReferenceId", ON),
            ("metadata", O),
        ],
    ),
    // 3.4.2
    (
        "AutoScribeStudy",
        &[
            ("cancelledAt", RN),
            ("createdAt", RN),
            ("updatedAt", RN),
            ("isCancelled", R),
            ("reportMetadata", R),
            ("severity", R),
            ("studyDescription", R),
            ("studyId", R),
            ("studyInstanceUid", R),
            ("studyReportStatus", R),
            ("assignedTo", ON),
            ("createdByUser", ON),
            ("createdByApiKey", ON),
            ("expressCustomer", ON),
            ("clinicalHistory", ON),
            ("clinicalIndication", ON),
            ("externalPatientId", ON),
            ("modality", ON),
            ("technologistTechnique", ON),
            ("externalReportId", O),
            ("isCritical", O),
            ("metadata", O),
            ("priorReports", O),
            ("reportIds", O),
            ("studyType", O),
            ("technologistNotes", O),
        ],
    ),
    // 3.4.3: every key optional, none nullable.
    (
        "StudyReportMetadata",
        &[
            ("age", O),
            ("dateOfBirth", O),
            ("facilityName", O),
            ("height", O),
            ("mrn", O),
            ("patientName", O),
            ("procedure", O),
            ("referringPhysicianName", O),
            ("sex", O),
            ("studyDate", O),
            ("studyTime", O),
            ("weight", O),
        ],
    ),
    ("PatientHeight", &[("unit", R), ("value", R)]),
    ("PatientWeight", &[("unit", R), ("value", R)]),
    // 3.4.4: the same 12 keys, every one optional and nullable.
    (
        "StudyReportMetadataPatch",
        &[
            ("age", ON),
            ("dateOfBirth", ON),
            ("facilityName", ON),
            ("height", ON),
            ("mrn", ON),
            ("patientName", ON),
            ("procedure", ON),
            ("referringPhysicianName", ON),
            ("sex", ON),
            ("studyDate", ON),
            ("studyTime", ON),
            ("weight", ON),
        ],
    ),
    // 3.4.5
    (
        "PriorReport",
        &[
            ("reportText", R),
            ("externalStudyId", O),
            ("modality", O),
            ("studyDate", O),
            ("studyDescription", O),
        ],
    ),
    // 3.4.6
    (
        "Report",
        &[
            ("createdAt", RN),
            ("updatedAt", RN),
            ("isAddendum", R),
            ("isCritical", RN),
            ("reportId", R),
            ("signedAt", RN),
            ("snapshotMetadata", R),
            ("status", R),
            ("studyId", R),
            ("userId", R),
            ("reportPlainText", O),
        ],
    ),
    (
        "ReportIdWithStatus",
        &[("isCritical", RN), ("reportId", R), ("status", R)],
    ),
    // 3.4.7
    (
        "ReportPdf",
        &[
            ("isCritical", RN),
            ("presignedUrl", R),
            ("reportId", R),
            ("snapshotMetadata", R),
            ("studyId", R),
            ("studyInstanceUid", R),
        ],
    ),
    (
        "ReportText",
        &[
            ("isCritical", RN),
            ("reportId", R),
            ("snapshotMetadata", R),
            ("studyId", R),
            ("studyInstanceUid", R),
            ("plainText", O),
        ],
    ),
    // 3.4.8
    (
        "StudyReports",
        &[("reports", R), ("studyId", R), ("studyInstanceUid", R)],
    ),
    (
        "StudyReportPdfs",
        &[("reports", R), ("studyId", R), ("studyInstanceUid", R)],
    ),
    (
        "StudyReportTexts",
        &[("reports", R), ("studyId", R), ("studyInstanceUid", R)],
    ),
    // 3.4.9
    (
        "ExternalReportIdentifiers",
        &[
            ("externalReportId", R),
            ("studyId", R),
            ("studyInstanceUid", R),
        ],
    ),
    (
        "ExternalReport",
        &[
            ("createdAt", RN),
            ("externalReportId", R),
            ("studyId", R),
            ("studyInstanceUid", R),
            ("presignedUrl", ON),
            ("readerName", ON),
            ("reportText", ON),
            ("signedAt", ON),
            ("snapshotMetadata", O),
        ],
    ),
    (
        "ExternalReportSummary",
        &[
            ("createdAt", RN),
            ("externalReportId", R),
            ("hasReportText", R),
            ("reportPdfPresent", R),
            ("studyId", R),
            ("studyInstanceUid", R),
            ("readerName", ON),
            ("signedAt", ON),
        ],
    ),
    // 3.4.10, with decision 23 for `createdByUserId`.
    (
        "ExpressCustomer",
        &[
            ("createdAt", RN),
            ("updatedAt", RN),
            ("expressCustomerId", R),
            ("expressCustomerName", R),
            ("isActive", R),
            ("userCount", R),
            ("createdByApiKeyId", O),
            ("createdByUserId", ON),
            ("metadata", O),
        ],
    ),
    // 3.4.11 (the items of `viewportAssignments` are checked on their own).
    (
        "EphemeralHangingProtocol",
        &[("layout", R), ("viewportAssignments", R)],
    ),
    // 3.4.12 and 2.2: the `{ url }` shapes.
    ("EphemeralSessionUrl", &[("url", R)]),
    ("RerouteUrl", &[("url", R)]),
    // 5.3.3 with decision 15 (the fields of PyPI 0.3.0 optional and null-tolerant) and
    // decision 26 (`isCritical` non-null).
    (
        "ReportDeliveredEventData",
        &[
            ("isCritical", R),
            ("presignedUrl", R),
            ("reportId", R),
            ("studyId", R),
            ("plainText", O),
            ("studyInstanceUid", ON),
            ("externalPatientId", ON),
        ],
    ),
];

#[test]
fn the_object_types_have_the_keys_presence_and_nullability_of_the_facts() {
    let doc = schema();
    let mut problems = Vec::new();
    for (name, expected) in OBJECT_TYPES {
        let schema = &doc["components"]["schemas"][*name];
        if schema.is_null() {
            problems.push(format!("components.schemas.{name} is missing"));
            continue;
        }
        compare_object(name, schema, expected, &mut problems);
    }
    assert_no_problems(problems);

    // 3.4.11: `viewportAssignments` is never null, but each of its items may be.
    let assignments = &doc["components"]["schemas"]["EphemeralHangingProtocol"]["properties"]["viewportAssignments"];
    assert!(
        !admits_null(assignments),
        "viewportAssignments is not nullable"
    );
    assert!(
        admits_null(&assignments["items"]),
        "an item of viewportAssignments may be null"
    );
}

/// API_FACTS_SURFACE.md section 2: the request bodies of the new endpoints, with decision 23.
const REQUEST_BODIES: &[(&str, &str, Keys)] = &[
    // (29)
    (
        "post",
        "/v1/autoScribe/clinicalReferences",
        &[
            ("name", R),
            ("type", R),
            ("expressCustomerId", O),
            ("externalReferenceId", ON),
            ("metadata", O),
        ],
    ),
    // (31): `expressCustomerId` stays non-nullable (decision 23), `metadata` is N.
    (
        "patch",
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}",
        &[("expressCustomerId", O), ("metadata", ON), ("name", O)],
    ),
    // (35), (55)
    (
        "post",
        "/v1/autoScribe/ephemeral-sessions",
        &[("retrievalId", R), ("hangingProtocol", O), ("options", O)],
    ),
    (
        "post",
        "/v1/viewer/ephemeral-sessions",
        &[("retrievalId", R), ("hangingProtocol", O), ("options", O)],
    ),
    // (36)
    (
        "post",
        "/v1/autoScribe/studies",
        &[
            ("reportMetadata", R),
            ("severity", R),
            ("studyDescription", R),
            ("studyInstanceUid", R),
            ("assignedTo", O),
            ("clinicalHistory", ON),
            ("clinicalIndication", ON),
            ("expressCustomerId", O),
            ("externalPatientId", ON),
            ("metadata", O),
            ("modality", ON),
            ("priorReports", O),
            ("technologistNotes", O),
            ("technologistTechnique", ON),
        ],
    ),
    // (38): "Null clears", and decision 23 for `assignedTo` ("or null to unassign") and
    // `expressCustomerId` ("or null to remove").
    (
        "patch",
        "/v1/autoScribe/studies/{studyId}",
        &[
            ("assignedTo", ON),
            ("clinicalHistory", ON),
            ("clinicalIndication", ON),
            ("externalPatientId", ON),
            ("modality", ON),
            ("technologistTechnique", ON),
            ("expressCustomerId", ON),
            ("metadata", ON),
            ("priorReports", ON),
            ("reportMetadata", O),
            ("severity", O),
            ("studyDescription", O),
            ("technologistNotes", ON),
        ],
    ),
    // (40), (43), (46)
    (
        "post",
        "/v1/autoScribe/studies/cancel",
        &[("studyId", O), ("studyInstanceUid", O)],
    ),
    (
        "post",
        "/v1/autoScribe/studies/uncancel",
        &[("studyId", O), ("studyInstanceUid", O)],
    ),
    (
        "post",
        "/v1/autoScribe/studies/external/delete",
        &[("studyId", O), ("studyInstanceUid", O)],
    ),
    // (41): the user is required.
    (
        "post",
        "/v1/autoScribe/studies/reroute-url",
        &[
            ("assignedToUserId", R),
            ("studyId", O),
            ("studyInstanceUid", O),
        ],
    ),
    // (44)
    (
        "post",
        "/v1/autoScribe/studies/viewer-only-reroute-url",
        &[("studyId", O), ("studyInstanceUid", O), ("userId", O)],
    ),
    // (45)
    (
        "post",
        "/v1/autoScribe/studies/external",
        &[
            ("reportMetadata", R),
            ("severity", R),
            ("studyDescription", R),
            ("studyInstanceUid", R),
            ("expressCustomerId", O),
            ("externalPatientId", ON),
            ("metadata", O),
            ("modality", ON),
            ("readerName", O),
            ("reportFileName", O),
            ("reportFileUrl", O),
            ("reportText", O),
            ("signedAt", O),
        ],
    ),
    // (47)
    (
        "post",
        "/v1/autoScribe/studies/external/reports",
        &[
            ("readerName", O),
            ("reportFileName", O),
            ("reportFileUrl", O),
            ("reportText", O),
            ("signedAt", O),
            ("studyId", O),
            ("studyInstanceUid", O),
        ],
    ),
    // (56), (58): "Pass null to clear all metadata".
    (
        "post",
        "/v1/express",
        &[("expressCustomerName", R), ("metadata", O)],
    ),
    (
        "patch",
        "/v1/express/{expressCustomerId}",
        &[("expressCustomerName", O), ("metadata", ON)],
    ),
    // (62), (63)
    (
        "post",
        "/v1/express/{expressCustomerId}/users",
        &[("userId", R)],
    ),
    (
        "delete",
        "/v1/express/{expressCustomerId}/users",
        &[("userId", R)],
    ),
];

#[test]
fn the_request_bodies_have_the_keys_presence_and_nullability_of_the_facts() {
    let doc = schema();
    let mut problems = Vec::new();
    for (method, path, expected) in REQUEST_BODIES {
        match body_schema(&doc, method, path) {
            Some(body) => compare_object(
                &format!("{method} {path} body"),
                body,
                expected,
                &mut problems,
            ),
            None => problems.push(format!("{method} {path} has no request body")),
        }
    }
    assert_no_problems(problems);
}

/// API_FACTS_SURFACE.md section 2: the query parameters of the new GET endpoints, with decision
/// 23 for the clinical references' `expressCustomerId` and decision 27 (no name filter on the
/// Express list).
const QUERIES: &[(&str, Keys)] = &[
    // (32)
    (
        "/v1/autoScribe/clinicalReferences",
        &[
            ("cursor", O),
            ("expressCustomerId", ON),
            ("isActive", ON),
            ("limit", O),
            ("type", O),
        ],
    ),
    // (39)
    (
        "/v1/autoScribe/studies",
        &[
            ("assignedTo", ON),
            ("cursor", O),
            ("expressCustomerId", ON),
            ("isCancelled", ON),
            ("limit", O),
            ("severity", O),
            ("studyDescription", O),
            ("studyReportStatus", O),
            ("studyType", O),
        ],
    ),
    // (49)
    (
        "/v1/autoScribe/studies/external/reports",
        &[("cursor", O), ("limit", O), ("studyId", O)],
    ),
    // (50), (53), (54)
    (
        "/v1/autoScribe/reports",
        &[("studyId", O), ("studyInstanceUid", O)],
    ),
    (
        "/v1/autoScribe/reports/pdf",
        &[("reportId", O), ("studyId", O), ("studyInstanceUid", O)],
    ),
    (
        "/v1/autoScribe/reports/text",
        &[("reportId", O), ("studyId", O), ("studyInstanceUid", O)],
    ),
    // (59): only `cursor` and `limit`.
    ("/v1/express", &[("cursor", O), ("limit", O)]),
];

#[test]
fn the_query_parameters_have_the_presence_and_nullability_of_the_facts() {
    let doc = schema();
    let mut problems = Vec::new();
    for (path, expected) in QUERIES {
        compare_query(&doc, "get", path, expected, &mut problems);
    }
    assert_no_problems(problems);

    // (39): the report status filter is an array, sent comma-joined.
    let params = query_parameters(&doc, "get", "/v1/autoScribe/studies");
    let status = params
        .iter()
        .find(|p| p["name"].as_str() == Some("studyReportStatus"))
        .expect("studyReportStatus");
    assert_eq!(status["schema"]["type"].as_str(), Some("array"));
    assert_eq!(status["style"].as_str(), Some("form"));
    assert_eq!(status["explode"].as_bool(), Some(false));
}

#[test]
fn decision_23_nullability_described_but_not_typed_is_in_the_schema() {
    let doc = schema();
    let schemas = &doc["components"]["schemas"];

    // (38) `assignedTo` ("or null to unassign") and `expressCustomerId` ("or null to remove"):
    // optional and nullable, so absent, null and a value are three requests.
    let update = body_schema(&doc, "patch", "/v1/autoScribe/studies/{studyId}")
        .expect("the AutoScribe study update has a body");
    for name in ["assignedTo", "expressCustomerId"] {
        assert!(
            admits_null(&update["properties"][name]),
            "studies update {name} is nullable"
        );
        assert!(
            !required_names(update).contains(&name),
            "studies update {name} is optional"
        );
    }

    // (31) `expressCustomerId` stays non-nullable: no text mentions null.
    let update = body_schema(
        &doc,
        "patch",
        "/v1/autoScribe/clinicalReferences/{clinicalReferenceId}",
    )
    .expect("the clinical reference update has a body");
    assert!(
        !admits_null(&update["properties"]["expressCustomerId"]),
        "clinical references update expressCustomerId is not nullable"
    );

    // (32) the `expressCustomerId` filter ("pass null for clinic-wide references"), and
    // `isActive` as AF decision 5: optional and nullable query parameters.
    for name in ["expressCustomerId", "isActive"] {
        let params = query_parameters(&doc, "get", "/v1/autoScribe/clinicalReferences");
        let param = params
            .iter()
            .find(|p| p["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("the clinical references list has {name}"));
        assert!(admits_null(&param["schema"]), "{name} filter is nullable");
        assert_ne!(
            param["required"].as_bool(),
            Some(true),
            "{name} is optional"
        );
    }

    // ExpressCustomer `createdByUserId` ("null if created via API key"): optional and nullable.
    let customer = &schemas["ExpressCustomer"];
    assert!(
        admits_null(&customer["properties"]["createdByUserId"]),
        "createdByUserId is nullable"
    );
    assert!(
        !required_names(customer).contains(&"createdByUserId"),
        "createdByUserId is optional"
    );
}

/// Section 3.5: the six envelopes, by item key, and the nine list operations that return them.
const PAGINATED: [(&str, &str, &str); 9] = [
    ("/v1/autoScribe/users", "users", "AutoScribeUserList"),
    ("/v1/viewer/users", "users", "ViewerUserList"),
    ("/v1/viewer/studies", "studies", "StudyList"),
    ("/v1/autoScribe/studies", "studies", "AutoScribeStudyList"),
    (
        "/v1/autoScribe/users/invitations",
        "invitations",
        "AutoScribeInvitationList",
    ),
    (
        "/v1/viewer/users/invitations",
        "invitations",
        "ViewerInvitationList",
    ),
    (
        "/v1/autoScribe/clinicalReferences",
        "clinicalReferences",
        "ClinicalReferenceList",
    ),
    ("/v1/express", "expressCustomers", "ExpressCustomerList"),
    (
        "/v1/autoScribe/studies/external/reports",
        "reports",
        "ExternalReportList",
    ),
];

#[test]
fn x_pagination_marks_exactly_the_paginated_lists() {
    let doc = schema();
    let mut found: Vec<(String, String)> = Vec::new();
    for (method, path, _) in operations(&doc) {
        let op = operation(&doc, &method.to_lowercase(), &path);
        if let Some(pagination) = op.get("x-pagination") {
            found.push((
                format!("{method} {path}"),
                pagination["items"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    let mut expected: Vec<(String, String)> = PAGINATED
        .iter()
        .map(|(path, items, _)| (format!("GET {path}"), items.to_string()))
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);

    let mut envelopes: Vec<&str> = PAGINATED.iter().map(|(_, items, _)| *items).collect();
    envelopes.sort_unstable();
    envelopes.dedup();
    assert_eq!(envelopes.len(), 6, "six envelopes (section 3.5)");

    for (path, items, envelope) in PAGINATED {
        let op = operation(&doc, "get", path);
        let pagination = &op["x-pagination"];
        assert_eq!(pagination["cursorParam"].as_str(), Some("cursor"), "{path}");
        assert_eq!(pagination["nextCursor"].as_str(), Some("cursor"), "{path}");
        assert_eq!(pagination["hasMore"].as_str(), Some("hasMore"), "{path}");
        let response = &op["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(
            response["$ref"].as_str(),
            Some(format!("#/components/schemas/{envelope}").as_str()),
            "{path}"
        );
        let envelope = resolved(&doc, response);
        let required = required_names(envelope);
        assert!(
            required.contains(&items) && required.contains(&"hasMore"),
            "{path}"
        );
        assert!(!required.contains(&"cursor"), "{path}: cursor is optional");
        assert_eq!(
            envelope["properties"][items]["type"].as_str(),
            Some("array"),
            "{path}"
        );
        let cursor_params: Vec<_> = query_parameters(&doc, "get", path)
            .into_iter()
            .filter(|p| p["name"].as_str() == Some("cursor"))
            .collect();
        assert_eq!(cursor_params.len(), 1, "{path} takes a cursor");
    }

    // (50) returns every report at once, under the page-like key `reports`: not a page.
    let reports = operation(&doc, "get", "/v1/autoScribe/reports");
    assert!(reports.get("x-pagination").is_none());
    let response = resolved(
        &doc,
        &reports["responses"]["200"]["content"]["application/json"]["schema"],
    );
    assert!(response["properties"]["hasMore"].is_null());
    assert!(response["properties"]["cursor"].is_null());
}

/// The fields an object schema's `anyOf` of single-name `required` lists asks for, if it has
/// one (the JSON Schema form of "at least one of").
fn at_least_one_of_body(schema: &Value) -> Option<Vec<&str>> {
    let branches = schema.get("anyOf")?.as_sequence()?;
    branches
        .iter()
        .map(|branch| match required_names(branch).as_slice() {
            [name] if branch.as_mapping().is_some_and(|m| m.len() == 1) => Some(*name),
            _ => None,
        })
        .collect()
}

#[test]
fn the_at_least_one_rules_of_decision_22_are_in_the_schema() {
    let doc = schema();
    let study = ["studyId", "studyInstanceUid"];
    let report = ["reportId", "studyId", "studyInstanceUid"];
    let invitation = ["invitationId", "userId"];
    // Decision 22: the bodies of 40, 41, 43, 44, 46 and 47, and the invitation revokes (10, 28).
    // The Viewer's cancel, uncancel and reroute-url (15, 16, 17) share `StudyLookupRequest`
    // with 40, 43 and 46, and so share its rule; decision 22 does not name them.
    let mut expected_bodies: Vec<(String, Vec<&str>)> = [
        ("POST /v1/autoScribe/studies/cancel", &study[..]),
        ("POST /v1/autoScribe/studies/reroute-url", &study[..]),
        ("POST /v1/autoScribe/studies/uncancel", &study[..]),
        (
            "POST /v1/autoScribe/studies/viewer-only-reroute-url",
            &study[..],
        ),
        ("POST /v1/autoScribe/studies/external/delete", &study[..]),
        ("POST /v1/autoScribe/studies/external/reports", &study[..]),
        (
            "POST /v1/autoScribe/users/invitations/revoke",
            &invitation[..],
        ),
        ("POST /v1/viewer/users/invitations/revoke", &invitation[..]),
        ("POST /v1/viewer/studies/cancel", &study[..]),
        ("POST /v1/viewer/studies/uncancel", &study[..]),
        ("POST /v1/viewer/studies/reroute-url", &study[..]),
    ]
    .into_iter()
    .map(|(op, fields)| (op.to_owned(), fields.to_vec()))
    .collect();
    // Decision 22: the queries of 50, 53 and 54.
    let mut expected_queries: Vec<(String, Vec<&str>)> = [
        ("GET /v1/autoScribe/reports", &study[..]),
        ("GET /v1/autoScribe/reports/pdf", &report[..]),
        ("GET /v1/autoScribe/reports/text", &report[..]),
    ]
    .into_iter()
    .map(|(op, fields)| (op.to_owned(), fields.to_vec()))
    .collect();

    let mut bodies = Vec::new();
    let mut queries = Vec::new();
    for (method, path, _) in operations(&doc) {
        let lower = method.to_lowercase();
        let at = format!("{method} {path}");
        if let Some(body) = body_schema(&doc, &lower, &path) {
            for keyword in ["oneOf", "minProperties"] {
                assert!(body.get(keyword).is_none(), "{at}: no {keyword} rule");
            }
            if body.get("anyOf").is_some() {
                let fields = at_least_one_of_body(body)
                    .unwrap_or_else(|| panic!("{at}: anyOf holds single `required` lists"));
                // Giving both stays allowed: each field is optional on its own.
                for field in &fields {
                    assert!(
                        !body["properties"][*field].is_null(),
                        "{at}: {field} is a property"
                    );
                    assert!(
                        !required_names(body).contains(field),
                        "{at}: {field} is optional"
                    );
                }
                bodies.push((at.clone(), fields));
            }
        }
        if let Some(rule) = operation(&doc, &lower, &path).get("x-at-least-one-of") {
            let fields: Vec<&str> = rule
                .as_sequence()
                .unwrap_or_else(|| panic!("{at}: x-at-least-one-of is a list"))
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let params = query_parameters(&doc, &lower, &path);
            for field in &fields {
                let param = params
                    .iter()
                    .find(|p| p["name"].as_str() == Some(*field))
                    .unwrap_or_else(|| panic!("{at}: {field} is a query parameter"));
                assert_ne!(
                    param["required"].as_bool(),
                    Some(true),
                    "{at}: {field} is optional"
                );
            }
            queries.push((at, fields));
        }
    }
    bodies.sort();
    expected_bodies.sort();
    queries.sort();
    expected_queries.sort();
    assert_eq!(bodies, expected_bodies, "the bodies' anyOf of required");
    assert_eq!(
        queries, expected_queries,
        "the operations' x-at-least-one-of"
    );
}

#[test]
fn the_bodiless_posts_have_no_request_body_and_the_delete_has_one() {
    let doc = schema();
    // Section 4.1 and decision 14: the five POSTs that name their target in the path.
    let mut expected = vec![
        "POST /v1/autoScribe/clinicalReferences/{clinicalReferenceId}/delete".to_owned(),
        "POST /v1/autoScribe/reports/{reportId}/addendum".to_owned(),
        "POST /v1/autoScribe/reports/{reportId}/cancel-addendum".to_owned(),
        "POST /v1/express/{expressCustomerId}/deactivate".to_owned(),
        "POST /v1/express/{expressCustomerId}/reactivate".to_owned(),
    ];
    let mut bodiless = Vec::new();
    for (method, path, _) in operations(&doc) {
        let has_body = operation(&doc, &method.to_lowercase(), &path)
            .get("requestBody")
            .is_some();
        match method.as_str() {
            "GET" => assert!(!has_body, "GET {path} has no body"),
            _ if !has_body => bodiless.push(format!("{method} {path}")),
            _ => {}
        }
    }
    bodiless.sort();
    expected.sort();
    assert_eq!(bodiless, expected);

    // (63): the only DELETE, with a required JSON body naming the user.
    let delete = operation(&doc, "delete", "/v1/express/{expressCustomerId}/users");
    let body = resolved(&doc, &delete["requestBody"]);
    assert_eq!(body["required"].as_bool(), Some(true));
    let schema = body_schema(&doc, "delete", "/v1/express/{expressCustomerId}/users")
        .expect("the DELETE has a JSON body");
    assert_eq!(required_names(schema), ["userId"]);
    let deletes: Vec<_> = operations(&doc)
        .into_iter()
        .filter(|(method, _, _)| method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1, "{deletes:?}");
}

#[test]
fn the_external_reference_id_path_parameter_is_free_text() {
    // Decision 19: a plain string, no ID pattern (the SDK encodes it as one segment).
    let doc = schema();
    let op = operation(
        &doc,
        "get",
        "/v1/autoScribe/clinicalReferences/byExternalReferenceId/{externalReferenceId}",
    );
    let params: Vec<&Value> = op["parameters"]
        .as_sequence()
        .into_iter()
        .flatten()
        .map(|p| resolved(&doc, p))
        .collect();
    assert_eq!(params.len(), 1);
    let param = params[0];
    assert_eq!(param["name"].as_str(), Some("externalReferenceId"));
    assert_eq!(param["in"].as_str(), Some("path"));
    let schema = &param["schema"];
    assert!(schema.get("$ref").is_none(), "not an ID component");
    assert_eq!(schema["type"].as_str(), Some("string"));
    for keyword in ["pattern", "minLength", "maxLength", "format", "enum"] {
        assert!(schema.get(keyword).is_none(), "no {keyword}");
    }
}

#[test]
fn the_report_results_are_told_apart_by_the_reports_key() {
    // Decision 24: the list shape requires `reports`, the single shape has no such key.
    let doc = schema();
    for (union, list, single) in [
        ("ReportPdfResult", "StudyReportPdfs", "ReportPdf"),
        ("ReportTextResult", "StudyReportTexts", "ReportText"),
    ] {
        let schemas = &doc["components"]["schemas"];
        let members: Vec<&str> = schemas[union]["oneOf"]
            .as_sequence()
            .unwrap_or_else(|| panic!("{union} is a oneOf"))
            .iter()
            .filter_map(|m| m["$ref"].as_str())
            .filter_map(|r| r.strip_prefix("#/components/schemas/"))
            .collect();
        let mut sorted = members.clone();
        sorted.sort_unstable();
        let mut wanted = vec![list, single];
        wanted.sort_unstable();
        assert_eq!(sorted, wanted, "{union}");
        assert!(
            schemas[union].get("discriminator").is_none(),
            "{union} is untagged"
        );
        assert!(
            required_names(&schemas[list]).contains(&"reports"),
            "{list}"
        );
        assert!(
            schemas[single]["properties"]["reports"].is_null(),
            "{single}"
        );
    }
}

#[test]
fn the_presence_check_catches_a_changed_key() {
    let mut doc = schema();
    let study = &mut doc["components"]["schemas"]["AutoScribeStudyUpdateRequest"];
    study["properties"]["assignedTo"] = serde_yaml::from_str("{type: string}").expect("yaml");
    study["properties"]["extra"] = serde_yaml::from_str("{type: string}").expect("yaml");
    let body = body_schema(&doc, "patch", "/v1/autoScribe/studies/{studyId}").expect("a body");
    let expected = REQUEST_BODIES
        .iter()
        .find(|(method, path, _)| *method == "patch" && *path == "/v1/autoScribe/studies/{studyId}")
        .map(|(_, _, keys)| *keys)
        .expect("the update is in the table");
    let mut problems = Vec::new();
    compare_object("update", body, expected, &mut problems);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("extra"), "{problems:#?}");
    assert!(
        problems[1].starts_with(
            "update.assignedTo: the schema says Key { required: false, nullable: false }"
        ),
        "{problems:#?}"
    );

    let yaml = |text: &str| serde_yaml::from_str::<Value>(text).expect("yaml");
    assert_eq!(
        at_least_one_of_body(&yaml("anyOf: [{required: [a]}, {required: [b]}]")),
        Some(vec!["a", "b"])
    );
    assert_eq!(
        at_least_one_of_body(&yaml("anyOf: [{required: [a, b]}, {required: [c]}]")),
        None
    );
}
