//! The committed `generated/` crate must be exactly what the schema and generator produce.

use std::path::Path;

#[test]
fn generated_crate_is_up_to_date() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository");
    let files = generator::generate(&repo.join("schema/openapi.yaml"), "schema/openapi.yaml")
        .unwrap_or_else(|e| panic!("the schema should generate: {e}"));
    let changes =
        generator::output::diff(&repo.join("generated"), &files).expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale:\n{}\n\nrun `cargo xtask codegen`, review the diff and commit it",
        changes.describe()
    );
}

#[test]
fn a_changed_enum_value_is_reported_as_a_stale_file() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository");
    let source = std::fs::read_to_string(repo.join("schema/openapi.yaml")).expect("schema exists");
    // A value no example in the schema uses, so that only the enum's own file changes.
    let changed = source.replacen(
        "- \"Cardiologist\"\n",
        "- \"Cardiologist (Interventional)\"\n",
        1,
    );
    assert!(
        changed != source,
        "the ClinicRole enum lists \"Cardiologist\" as a quoted sequence item"
    );
    let files =
        generator::generate_source(&changed, "schema/openapi.yaml").expect("still generates");
    let changes =
        generator::output::diff(&repo.join("generated"), &files).expect("generated/ is readable");
    assert_eq!(
        changes.stale,
        vec!["src/models/clinic_role.rs".to_owned()],
        "{}",
        changes.describe()
    );
    assert!(changes.missing.is_empty() && changes.extra.is_empty());
}
