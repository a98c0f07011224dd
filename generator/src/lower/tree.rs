//! The tree pass: operations arranged into the client's resource tree by their `operationId`,
//! each node described by `x-sdk.resources`.

use indexmap::IndexMap;

use super::Diagnostics;
use super::docs;
use super::naming::{self, NameSet};
use crate::error::pointer_join;
use crate::ir::{Operation, Resource};

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
    tree.children(&mut nodes, "")
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
        let mut members = NameSet::default();
        for child in &children {
            let _ = members.claim(&child.accessor, &format!("/x-sdk/resources/{}", child.path));
        }
        let mut kept = Vec::new();
        for (pointer, op) in operations {
            match members.claim(&op.method_name, &pointer) {
                Ok(()) => kept.push(op),
                Err(previous) => self.diags.error(
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
