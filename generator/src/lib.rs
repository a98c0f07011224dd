//! Generates a Rust SDK crate from an OpenAPI 3.1 schema.
//!
//! The pipeline runs in three one-way stages, each in its own module tree:
//!
//! 1. [`spec`]: the YAML file is read into a typed model of the supported OpenAPI subset.
//! 2. [`lower`]: the model becomes the [`ir`], where every naming and typing decision is made.
//! 3. [`emit`]: the IR is printed as the crate's files, all in memory.
//!
//! [`output`] then compares or writes those files, and [`diff`] compares two lowered schemas to
//! say what a change does to the SDK's users. Nothing about one particular API lives here:
//! everything specific comes from the schema.

pub mod diff;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod output;
pub mod spec;
mod suggest;

use std::path::Path;

pub use emit::Files;
pub use error::{Diagnostic, Error, SchemaErrors};

/// Loads and lowers the schema in `source`, read from the file named `file`.
pub fn lower_source(source: &str, file: &str) -> Result<ir::Api, Error> {
    let loaded = spec::load(source, file).map_err(Error::Schema)?;
    lower::lower(&loaded).map_err(Error::Schema)
}

/// Renders the whole crate for the schema in `source` (read from `file`), in memory.
pub fn generate_source(source: &str, file: &str) -> Result<Files, Error> {
    let api = lower_source(source, file)?;
    emit::generate_crate(&api, file)
}

/// Reads the schema at `schema` and renders the crate; `label` names the schema in headers and
/// messages (for example `schema/openapi.yaml`, independent of the working directory).
pub fn generate(schema: &Path, label: &str) -> Result<Files, Error> {
    let source = std::fs::read_to_string(schema).map_err(|source| Error::Io {
        path: schema.to_owned(),
        source,
    })?;
    generate_source(&source, label)
}
