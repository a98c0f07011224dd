//! `avara::testing::fixtures` (cargo feature `test-util`): a fixture for every model the SDK
//! receives, holding the values of the schema's examples.

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::ir::{
    Api, Construction, ExampleOrigin, FixtureSource, HttpMethod, Resource, ResponseBody, TypeKind,
    TypeRef,
};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

fn schema_source() -> String {
    std::fs::read_to_string(repo().join("schema/openapi.yaml")).expect("the schema is readable")
}

fn api() -> Api {
    generator::lower_source(&schema_source(), "schema/openapi.yaml").expect("the schema lowers")
}

fn returned(resources: &[Resource], out: &mut BTreeSet<String>, api: &Api) {
    for r in resources {
        for op in &r.operations {
            if let ResponseBody::Json(TypeRef::Named(id)) = &op.response {
                out.insert(api.ty(*id).name.clone());
            }
        }
        returned(&r.children, out, api);
    }
}

#[test]
fn every_model_an_operation_returns_or_a_webhook_sends_has_a_fixture() {
    let api = api();
    let with_fixture: BTreeSet<String> = api
        .fixtures
        .iter()
        .map(|f| api.ty(f.ty).name.clone())
        .collect();
    let mut needed = BTreeSet::new();
    returned(&api.resources, &mut needed, &api);
    assert!(needed.len() > 20, "{needed:?}");
    for webhook in &api.webhooks {
        if let TypeRef::Named(id) = &webhook.payload {
            needed.insert(api.ty(*id).name.clone());
        }
    }
    // Nothing a caller cannot build (a `#[non_exhaustive]` struct) lacks a fixture.
    for def in &api.types {
        if let TypeKind::Struct(s) = &def.kind {
            if s.construction == Construction::Received {
                needed.insert(def.name.clone());
            }
        }
    }
    let missing: Vec<&String> = needed.difference(&with_fixture).collect();
    assert!(missing.is_empty(), "models without a fixture: {missing:?}");
    // One function each, as the generated file has them (its own test calls every one).
    let file = std::fs::read_to_string(repo().join("generated/src/testing/fixtures.rs"))
        .expect("generated/src/testing/fixtures.rs is readable");
    let functions = file.lines().filter(|l| l.starts_with("pub fn ")).count();
    assert_eq!(functions, api.fixtures.len());
}

#[test]
fn the_user_fixture_holds_the_example_of_the_response_that_returns_a_user() {
    let schema: serde_yaml::Value = serde_yaml::from_str(&schema_source()).expect("YAML");
    let example = &schema["paths"]["/v1/autoScribe/users/{userId}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["example"];
    let example = serde_json::to_value(example).expect("the example is JSON");
    assert!(example.is_object(), "{example}");

    let user = avara::testing::fixtures::auto_scribe_user();
    assert_eq!(serde_json::to_value(&user).expect("serializes"), example);
    assert_eq!(user.first_name, "Sarah");
    assert_eq!(
        user.user_id.as_str(),
        "usr_1234567890abcdef1234567890abcdef"
    );

    let api = api();
    let fixture = api
        .fixtures
        .iter()
        .find(|f| api.ty(f.ty).name == "AutoScribeUser")
        .expect("a fixture of AutoScribeUser");
    assert_eq!(fixture.json, example);
    assert_eq!(
        fixture.source,
        FixtureSource::Example {
            origin: ExampleOrigin::Response {
                method: HttpMethod::Get,
                path: "/v1/autoScribe/users/{userId}".to_owned(),
                name: None,
            },
            at: String::new(),
        }
    );
}

#[test]
fn a_nested_model_takes_its_part_of_its_parents_example() {
    // `PatientHeight` has no example of its own: its values are the `height` of a study's.
    let height = avara::testing::fixtures::patient_height();
    assert_eq!(height.value, 165.5);
    let api = api();
    let fixture = api
        .fixtures
        .iter()
        .find(|f| api.ty(f.ty).name == "PatientHeight")
        .expect("a fixture of PatientHeight");
    let FixtureSource::Example { origin, at } = &fixture.source else {
        panic!("made from the schema: {:?}", fixture.source);
    };
    assert_eq!(at, "reportMetadata.height");
    assert_eq!(
        origin,
        &ExampleOrigin::Response {
            method: HttpMethod::Post,
            path: "/v1/autoScribe/studies".to_owned(),
            name: None,
        }
    );
}

#[test]
fn a_test_starts_from_a_fixture_and_sets_the_fields_it_needs() {
    let mut user = avara::testing::fixtures::auto_scribe_user();
    user.first_name = "Ada".into();
    assert_eq!(user.first_name, "Ada");
    assert_eq!(user.last_name, "Johnson");
    // Each call returns a fresh value.
    assert_eq!(
        avara::testing::fixtures::auto_scribe_user().first_name,
        "Sarah"
    );
}
