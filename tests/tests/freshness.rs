//! The committed `generated/` crate must be exactly what the schema and generator produce.

use std::path::Path;

#[test]
fn generated_crate_is_up_to_date() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the repository");
    let files = generator::generate(&repo.join("schema/openapi.yaml"), "schema/openapi.yaml")
        .unwrap_or_else(|e| panic!("the schema should generate: {e}"));
    let changes = generator::output::diff(&repo.join("generated"), &files).expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale:\n{}\n\nrun `cargo xtask codegen`, review the diff and commit it",
        changes.describe()
    );
}
