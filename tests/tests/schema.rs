//! Checks of `schema/openapi.yaml` itself: the endpoints, the 61 clinic roles, and documentation.

use std::path::Path;

use serde_yaml::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/openapi.yaml");
    let text = std::fs::read_to_string(&path).expect("schema/openapi.yaml is readable");
    serde_yaml::from_str(&text).expect("schema/openapi.yaml is valid YAML")
}

const ENDPOINTS: [(&str, &str); 28] = [
    ("POST", "/v1/autoScribe/users"),
    ("GET", "/v1/autoScribe/users"),
    ("GET", "/v1/autoScribe/users/{userId}"),
    ("PATCH", "/v1/autoScribe/users/{userId}"),
    ("POST", "/v1/autoScribe/users/revoke-access"),
    ("POST", "/v1/autoScribe/users/reactivate"),
    ("GET", "/v1/autoScribe/users/invitations"),
    ("GET", "/v1/autoScribe/users/invitations/{invitationId}"),
    ("PATCH", "/v1/autoScribe/users/invitations/{invitationId}"),
    ("POST", "/v1/autoScribe/users/invitations/revoke"),
    ("POST", "/v1/viewer/studies"),
    ("GET", "/v1/viewer/studies"),
    ("GET", "/v1/viewer/studies/{studyId}"),
    ("PATCH", "/v1/viewer/studies/{studyId}"),
    ("POST", "/v1/viewer/studies/cancel"),
    ("POST", "/v1/viewer/studies/uncancel"),
    ("POST", "/v1/viewer/studies/reroute-url"),
    ("GET", "/v1/viewer/studies/by-uid/{studyInstanceUid}"),
    ("POST", "/v1/viewer/users"),
    ("GET", "/v1/viewer/users"),
    ("GET", "/v1/viewer/users/{userId}"),
    ("PATCH", "/v1/viewer/users/{userId}"),
    ("POST", "/v1/viewer/users/revoke-access"),
    ("POST", "/v1/viewer/users/reactivate"),
    ("GET", "/v1/viewer/users/invitations"),
    ("GET", "/v1/viewer/users/invitations/{invitationId}"),
    ("PATCH", "/v1/viewer/users/invitations/{invitationId}"),
    ("POST", "/v1/viewer/users/invitations/revoke"),
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

#[test]
fn has_exactly_the_28_endpoints() {
    let doc = schema();
    let mut found: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths is a mapping") {
        for method in METHODS {
            if item.get(method).is_some() {
                found.push((
                    method.to_uppercase(),
                    path.as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    let mut expected: Vec<(String, String)> = ENDPOINTS
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
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
