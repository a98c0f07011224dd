//! The tree pass: operations arranged into the client's resource tree by their `operationId`,
//! each node described by `x-sdk.resources`. Each node becomes a module of the crate
//! (`viewer::studies`) with a handle (`Studies`), the operations' builders (`Create`, `List`) and
//! their type-state modules (`create`); no two of those may share a name.

use indexmap::IndexMap;

use super::Diagnostics;
use super::docs;
use super::naming::{self, NameSet};
use crate::error::pointer_join;
use crate::ir::{Operation, Resource};

/// The crate's own top-level modules and re-exports, which no top-level resource may shadow.
const CRATE_MODULES: &[&str] = &[
    "chrono",
    "client",
    "config",
    "encoding",
    "error",
    "models",
    "nullable",
    "pagination",
    "prelude",
    "request",
    "reqwest",
    "serde_helpers",
    "support",
    "testing",
    "unions",
    "validate",
    "webhooks",
];

/// An operation with its place in the resource tree.
pub(super) struct Placed {
    /// The resource segments of its `operationId`.
    pub resource: Vec<String>,
    /// Where it is written.
    pub pointer: String,
    /// The operation.
    pub operation: Operation,
}

/// Arranges operations into the resource tree, in order of first appearance.
pub(super) fn build(
    placed: Vec<Placed>,
    described: &IndexMap<String, String>,
    diags: &mut Diagnostics,
) -> Vec<Resource> {
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
    for key in described.keys() {
        if !nodes.contains_key(key) {
            diags.error(
                &pointer_join("/x-sdk/resources", key),
                format!("describes resource `{key}`, but no operationId places an operation there"),
            );
        }
    }
    let mut tree = Tree { described, diags };
    let roots = tree.children(&mut nodes, "");
    for root in &roots {
        if CRATE_MODULES.contains(&root.module.as_str()) {
            tree.diags.error(
                &pointer_join("/x-sdk/resources", &root.path),
                format!("the resource `{}` would be the module `{}`, which the crate itself needs; choose another first segment of the operationIds", root.path, root.module),
            );
        }
    }
    roots
}

struct Tree<'t> {
    described: &'t IndexMap<String, String>,
    diags: &'t mut Diagnostics,
}

impl Tree<'_> {
    fn children(
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
                let grandchildren = self.children(nodes, &path);
                self.resource(&path, operations, grandchildren)
            })
            .collect()
    }

    fn resource(
        &mut self,
        path: &str,
        operations: Vec<(String, Operation)>,
        children: Vec<Resource>,
    ) -> Resource {
        let segments: Vec<&str> = path.split('.').collect();
        let last = segments.last().copied().unwrap_or_default();
        let description = self.described.get(path).cloned();
        if description.is_none() {
            self.diags.error(
                "/x-sdk/resources",
                format!("add a description for resource `{path}`"),
            );
        }
        let struct_name = naming::pascal(last);
        let mut members = NameSet::default();
        let mut items = NameSet::default();
        let mut modules = NameSet::default();
        let _ = items.claim(&struct_name, &format!("the handle of `{path}`"));
        for child in &children {
            let origin = format!("the resource `{}`", child.path);
            let _ = members.claim(&child.accessor, &origin);
            let _ = modules.claim(&child.module, &origin);
        }
        let mut kept = Vec::new();
        for (pointer, op) in operations {
            let at = pointer_join(&pointer, "operationId");
            if let Err(previous) = members.claim(&op.method_name, &format!("#{pointer}")) {
                self.diags.error(
                    &at,
                    format!(
                        "`{}` maps to method `{}` of `{path}`, which {previous} already defines; give one of them another operationId",
                        op.operation_id, op.method_name
                    ),
                );
                continue;
            }
            let mut clash = |set: &mut NameSet, name: &str| {
                if let Err(previous) = set.claim(name, &format!("#{pointer}")) {
                    self.diags.error(
                        &at,
                        format!("`{}` needs the name `{name}` in the module of `{path}`, which {previous} already uses; give one of them another operationId", op.operation_id),
                    );
                }
            };
            clash(&mut items, &op.type_name);
            if let Some(builder) = &op.builder {
                clash(&mut items, &builder.fields_struct);
                if let Some(module) = &builder.state_module {
                    clash(&mut modules, module);
                }
            }
            kept.push(op);
        }
        Resource {
            struct_name,
            accessor: naming::snake(last),
            path: path.to_owned(),
            module: naming::module(last),
            docs: docs::docs_of(description.as_deref()),
            children,
            operations: kept,
        }
    }
}
