//! Stage 2 of 3: lowering the OpenAPI model to the IR, where every decision is made.
//!
//! Naming, typing, `Option` wrapping, documentation text and the resource tree are decided here
//! and stored in [`crate::ir`]. Problems are collected as diagnostics and returned together, so one
//! run reports every independent mistake in the schema.

mod constraints;
mod docs;
mod examples;
mod keywords;
pub mod naming;
mod operations;
mod pagination;
mod parameters;
mod settings;
mod suggest;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use crate::error::{Diagnostic, SchemaErrors, pointer_join};
use crate::ir::{Api, Operation, Resource, TypeDef, TypeRef};
use crate::spec::{Document, Loaded, locate_diagnostic};
use naming::NameSet;

/// Lowers a loaded schema to the IR, or returns every problem found.
pub fn lower(loaded: &Loaded) -> Result<Api, SchemaErrors> {
    let mut lowerer = Lowerer::new(&loaded.document);
    let settings = lowerer.settings();
    lowerer.check_keywords();
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    let resources = lowerer.build_tree(operations);
    if lowerer.diagnostics.is_empty() {
        if let Some(settings) = settings {
            return Ok(Api {
                settings,
                types: lowerer.types,
                resources,
            });
        }
    }
    // A shared schema (a referenced parameter, say) is lowered once per use; report it once.
    let mut seen = BTreeSet::new();
    let mut diagnostics: Vec<Diagnostic> = lowerer
        .diagnostics
        .into_iter()
        .filter(|d| seen.insert((d.pointer.clone(), d.message.clone())))
        .map(|d| locate_diagnostic(&loaded.source, d))
        .collect();
    // Report in reading order; problems without a position come last.
    diagnostics.sort_by_key(|d| d.line_col.unwrap_or((usize::MAX, usize::MAX)));
    Err(SchemaErrors {
        file: loaded.file.clone(),
        diagnostics,
    })
}

/// The state of one lowering run.
struct Lowerer<'a> {
    doc: &'a Document,
    lib_name: String,
    types: Vec<TypeDef>,
    type_names: NameSet,
    /// Component key → Rust type name.
    component_names: IndexMap<String, String>,
    /// Pointer of an inline schema → the type made for it.
    inline_types: BTreeMap<String, TypeRef>,
    /// Type name → index into `types`, so lookups stay cheap on large schemas.
    type_index: BTreeMap<String, usize>,
    diagnostics: Vec<Diagnostic>,
}

/// An operation with its place in the resource tree.
struct Placed {
    resource: Vec<String>,
    pointer: String,
    operation: Operation,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document) -> Self {
        // Generated code names prelude types without a path, so no model may shadow them.
        let mut type_names = NameSet::default();
        for name in [
            "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Self_",
        ] {
            let _ = type_names.claim(name, "the Rust prelude (choose another schema name)");
        }
        Lowerer {
            doc,
            lib_name: doc.sdk.crate_name.replace('-', "_"),
            types: Vec::new(),
            type_names,
            component_names: IndexMap::new(),
            inline_types: BTreeMap::new(),
            type_index: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Adds a lowered type.
    fn push_type(&mut self, def: TypeDef) {
        self.type_index.insert(def.name.clone(), self.types.len());
        self.types.push(def);
    }

    /// The lowered type named `name`, if it has been lowered already.
    fn find_type(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).and_then(|&i| self.types.get(i))
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(pointer, message));
    }

    /// Arranges operations into the resource tree, in order of first appearance.
    fn build_tree(&mut self, placed: Vec<Placed>) -> Vec<Resource> {
        let mut nodes: IndexMap<String, Vec<(String, Operation)>> = IndexMap::new();
        for p in placed {
            for depth in 1..p.resource.len() {
                nodes.entry(p.resource[..depth].join(".")).or_default();
            }
            nodes
                .entry(p.resource.join("."))
                .or_default()
                .push((p.pointer, p.operation));
        }
        let described = &self.doc.sdk.resources;
        for key in described.keys() {
            if !nodes.contains_key(key) {
                self.error(
                    &pointer_join("/x-sdk/resources", key),
                    format!(
                        "describes resource `{key}`, but no operationId places an operation there"
                    ),
                );
            }
        }
        self.build_children(&mut nodes, "")
    }

    fn build_children(
        &mut self,
        nodes: &mut IndexMap<String, Vec<(String, Operation)>>,
        parent: &str,
    ) -> Vec<Resource> {
        let children: Vec<String> = nodes
            .keys()
            .filter(|k| match k.rsplit_once('.') {
                Some((p, _)) => p == parent,
                None => parent.is_empty(),
            })
            .cloned()
            .collect();
        children
            .into_iter()
            .map(|path| {
                let operations = nodes.get_mut(&path).map(std::mem::take).unwrap_or_default();
                let grandchildren = self.build_children(nodes, &path);
                self.make_resource(&path, operations, grandchildren)
            })
            .collect()
    }

    fn make_resource(
        &mut self,
        path: &str,
        operations: Vec<(String, Operation)>,
        children: Vec<Resource>,
    ) -> Resource {
        let segments: Vec<&str> = path.split('.').collect();
        let last = segments.last().copied().unwrap_or_default();
        let description = self.doc.sdk.resources.get(path).cloned();
        if description.is_none() {
            self.error(
                "/x-sdk/resources",
                format!("add a description for resource `{path}`"),
            );
        }
        let mut members = NameSet::default();
        for child in &children {
            let _ = members.claim(&child.accessor, &format!("/x-sdk/resources/{}", child.path));
        }
        let mut kept = Vec::new();
        for (pointer, op) in operations {
            match members.claim(&op.method_name, &pointer) {
                Ok(()) => kept.push(op),
                Err(previous) => self.error(
                    &pointer_join(&pointer, "operationId"),
                    format!(
                        "`{}` maps to method `{}` of `{path}`, which #{previous} already defines; give one of them another operationId",
                        op.operation_id, op.method_name
                    ),
                ),
            }
        }
        Resource {
            struct_name: naming::pascal(&segments.join(" ")),
            accessor: naming::snake(last),
            path: path.to_owned(),
            module: naming::module(&segments.join(" ")),
            docs: docs::docs_of(description.as_deref()),
            children,
            operations: kept,
        }
    }
}
