//! Lowering the `x-pagination` extension of a list operation: which fields of the response
//! envelope hold the items, the next cursor and the "has more" flag, and which query parameter
//! carries the cursor. Every name is checked against the response and the parameters.

use super::Diagnostics;
use super::types::Types;
use crate::error::pointer_join;
use crate::ir::{Field, PaginationDef, ParamField, ParamLocation, ResponseBody, TypeKind, TypeRef};
use crate::spec;

impl Types<'_> {
    /// The pagination of a list operation, with every name in `x-pagination` checked.
    pub(super) fn lower_pagination(
        &self,
        op: &spec::Operation,
        pointer: &str,
        response: &ResponseBody,
        params: &[ParamField],
        diags: &mut Diagnostics,
    ) -> Option<PaginationDef> {
        let pagination = op.pagination.as_ref()?;
        let at = pointer_join(pointer, "x-pagination");
        let fields = match response {
            ResponseBody::Json(TypeRef::Named(id)) => self.get(*id).and_then(|t| match &t.kind {
                TypeKind::Struct(s) => Some(s.fields.clone()),
                _ => None,
            }),
            _ => None,
        };
        let Some(fields) = fields else {
            diags.error(&at, "a paginated operation must return an object type");
            return None;
        };
        let mut find = |key: &str, wire: &str| {
            let found = fields.iter().find(|f| f.wire_name == wire).cloned();
            if found.is_none() {
                let names: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
                diags.error(
                    &pointer_join(&at, key),
                    format!(
                        "the response has no property `{wire}`; it has: {}",
                        names.join(", ")
                    ),
                );
            }
            found
        };
        let items = find("items", &pagination.items);
        let cursor = find("nextCursor", &pagination.next_cursor);
        let has_more = pagination.has_more.as_ref().map(|h| find("hasMore", h));
        let item = match items.as_ref().map(|f| &f.ty) {
            Some(TypeRef::Array(item)) => Some((**item).clone()),
            Some(_) => {
                diags.error(
                    &pointer_join(&at, "items"),
                    format!("`{}` must be an array", pagination.items),
                );
                None
            }
            None => None,
        };
        check_cursor_and_flag(&at, pagination, cursor.as_ref(), &has_more, params, diags);
        let (items, cursor, item) = (items?, cursor?, item?);
        let has_more_field = match has_more {
            Some(found) => Some(found.map(|h| (h.rust_name, h.repr))?),
            None => None,
        };
        Some(PaginationDef {
            item,
            items_field: items.rust_name,
            cursor_field: cursor.rust_name,
            cursor_repr: cursor.repr,
            has_more_field,
            cursor_param: pagination.cursor_param.clone(),
        })
    }
}

/// The next cursor must be a string, the "has more" flag a boolean, and the cursor parameter
/// one of the operation's query parameters.
fn check_cursor_and_flag(
    at: &str,
    pagination: &spec::Pagination,
    cursor: Option<&Field>,
    has_more: &Option<Option<Field>>,
    params: &[ParamField],
    diags: &mut Diagnostics,
) {
    if cursor.is_some_and(|c| c.ty != TypeRef::String) {
        diags.error(
            &pointer_join(at, "nextCursor"),
            format!("`{}` must be a string", pagination.next_cursor),
        );
    }
    if let Some(Some(h)) = has_more {
        if h.ty != TypeRef::Bool {
            diags.error(
                &pointer_join(at, "hasMore"),
                format!("`{}` must be a boolean", h.wire_name),
            );
        }
    }
    let is_query = |p: &&ParamField| matches!(p.location, ParamLocation::Query(_));
    if !params
        .iter()
        .filter(is_query)
        .any(|q| q.field.wire_name == pagination.cursor_param)
    {
        diags.error(
            &pointer_join(at, "cursorParam"),
            format!(
                "the operation has no query parameter `{}`",
                pagination.cursor_param
            ),
        );
    }
}
