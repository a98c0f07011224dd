//! Stage 2 of 3: lowering the OpenAPI model to the IR, where every decision is made.
//!
//! Naming, typing, `Option` wrapping, documentation text and the resource tree are decided here
//! and stored in [`crate::ir`]. Lowering runs as passes, each a function of what it reads that
//! returns what it makes; [`lower`] calls them in order:
//!
//! 1. [`settings::lower`]: crate settings from `info`, `servers` and `x-sdk`;
//! 2. [`checks::check`]: keyword checks that hold wherever a schema appears;
//! 3. [`types::Types::lower_components`]: every component schema becomes a type in the table;
//! 4. [`operations::lower`]: every operation, with the inline types it needs;
//! 5. [`webhooks::lower`]: every entry of `webhooks`;
//! 6. [`receiver::lower`]: the event union of `x-sdk.webhooks` tied to the webhooks;
//! 7. [`tree::build`]: the operations arranged into the resource tree;
//! 8. [`fixtures::lower`]: a value of every received model for `testing::fixtures`, from the
//!    schema's examples, once the type table is complete.
//!
//! Problems are collected as diagnostics and returned together, so one run reports every
//! independent mistake in the schema.

mod builders;
mod checks;
mod constraints;
mod docs;
mod examples;
mod fixtures;
pub mod naming;
mod objects;
mod operations;
mod pagination;
mod parameters;
mod receiver;
mod refs;
mod sensitive;
mod settings;
mod tree;
mod types;
mod unions;
mod webhooks;

use std::collections::BTreeSet;

use crate::error::{Diagnostic, SchemaErrors};
use crate::ir::Api;
use crate::spec::{Loaded, locate_diagnostic};

/// Lowers a loaded schema to the IR, or returns every problem found.
pub fn lower(loaded: &Loaded) -> Result<Api, SchemaErrors> {
    let doc = &loaded.document;
    let mut diags = Diagnostics::default();
    let settings = settings::lower(doc, &mut diags);
    checks::check(doc, &mut diags);
    let mut types = types::Types::new(doc);
    types.lower_components(&mut diags);
    let placed = operations::lower(doc, &mut types, &mut diags);
    let webhooks = webhooks::lower(doc, &mut types, &mut diags);
    let receiver = receiver::lower(doc, &types, &webhooks, &mut diags);
    let resources = tree::build(placed, &doc.sdk.resources, &mut diags);
    let types = types.finish(&mut diags);
    match (settings, diags.0.is_empty()) {
        (Some(settings), true) => Ok(Api {
            // The walk indexes the table, which is whole only when lowering found no problem.
            fixtures: fixtures::lower(doc, &types, &resources, &webhooks),
            settings,
            types,
            resources,
            webhooks,
            receiver,
        }),
        _ => Err(report(loaded, diags)),
    }
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem at `pointer`.
    pub(crate) fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.0.push(Diagnostic::new(pointer, message));
    }
}

/// Locates and sorts the diagnostics, each reported once.
fn report(loaded: &Loaded, diags: Diagnostics) -> SchemaErrors {
    // A shared schema (a referenced parameter, say) is lowered once per use; report it once.
    let mut seen = BTreeSet::new();
    let mut diagnostics: Vec<Diagnostic> = diags
        .0
        .into_iter()
        .filter(|d| seen.insert((d.pointer.clone(), d.message.clone())))
        .map(|d| locate_diagnostic(&loaded.source, d))
        .collect();
    // Report in reading order; problems without a position come last.
    diagnostics.sort_by_key(|d| d.line_col.unwrap_or((usize::MAX, usize::MAX)));
    SchemaErrors {
        file: loaded.file.clone(),
        diagnostics,
    }
}
