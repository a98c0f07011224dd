//! Operations compared by operation id: endpoint, path parameters, request fields and rules,
//! body shape, response and pagination.
//!
//! An operation id that disappears while another appears on the same HTTP method and path
//! (placeholder names aside) is reported as one rename rather than a removal and an addition,
//! and the two are then compared like one operation: a reviewer sees that the method moved, and
//! what else changed with it.

use indexmap::IndexMap;

use super::constraints;
use super::surface::{
    Operation, RequestField, Surface, changed, compare_deprecation, location_text, repr_text,
    response_text, ty_text,
};
use super::{Aspect, Change, Place, Rule, What};
use crate::ir::FieldRepr;

/// Compares the operations of two surfaces.
pub(super) fn compare(base: &Surface, head: &Surface, out: &mut Vec<Change>) {
    let removed: Vec<&str> = base
        .operations
        .keys()
        .filter(|id| !head.operations.contains_key(*id))
        .map(String::as_str)
        .collect();
    let mut renamed: IndexMap<&str, &str> = IndexMap::new();
    for (id, op) in &head.operations {
        if base.operations.contains_key(id) {
            continue;
        }
        let same_endpoint = removed.iter().find(|old| {
            !renamed.values().any(|taken| taken == *old)
                && endpoint_key(&base.operations[**old]) == endpoint_key(op)
        });
        if let Some(old) = same_endpoint {
            renamed.insert(id, old);
        }
    }
    for old in &removed {
        if !renamed.values().any(|taken| taken == old) {
            out.push(Change {
                place: Place::Operation((*old).to_owned()),
                what: What::Removed,
                rule: Rule::OperationRemoved,
            });
        }
    }
    for (id, op) in &head.operations {
        let previous = match (base.operations.get(id), renamed.get(id.as_str())) {
            (Some(previous), _) => previous,
            (None, Some(old)) => {
                out.push(Change {
                    place: Place::Operation(id.clone()),
                    what: What::Renamed {
                        from: (*old).to_owned(),
                    },
                    rule: Rule::OperationRenamed,
                });
                &base.operations[*old]
            }
            (None, None) => {
                out.push(Change {
                    place: Place::Operation(id.clone()),
                    what: What::Added,
                    rule: Rule::OperationAdded,
                });
                continue;
            }
        };
        compare_operation(id, previous, op, out);
    }
}

/// The HTTP method and path with placeholder names erased: what identifies an endpoint.
fn endpoint_key(op: &Operation) -> (crate::ir::HttpMethod, String) {
    let mut path = String::new();
    let mut in_placeholder = false;
    for c in op.path_template.chars() {
        match c {
            '{' => in_placeholder = true,
            '}' => {
                in_placeholder = false;
                path.push_str("{}");
            }
            _ if !in_placeholder => path.push(c),
            _ => {}
        }
    }
    (op.http_method, path)
}

fn endpoint_text(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.as_str(), op.path_template)
}

fn compare_operation(id: &str, base: &Operation, head: &Operation, out: &mut Vec<Change>) {
    let place = || Place::Operation(id.to_owned());
    if endpoint_key(base) != endpoint_key(head) {
        out.push(changed(
            place(),
            Aspect::Endpoint,
            endpoint_text(base),
            endpoint_text(head),
            Rule::EndpointChanged,
        ));
    }
    compare_deprecation(place, base.deprecated, head.deprecated, out);
    if base.idempotent != head.idempotent {
        let text = |idempotent: bool| {
            if idempotent {
                "idempotent"
            } else {
                "not idempotent"
            }
        };
        let rule = if head.idempotent {
            Rule::BecameIdempotent
        } else {
            Rule::BecameNonIdempotent
        };
        out.push(changed(
            place(),
            Aspect::Idempotency,
            text(base.idempotent),
            text(head.idempotent),
            rule,
        ));
    }
    compare_path_params(id, base, head, out);
    compare_fields(id, &base.fields, &head.fields, out);
    if base.rules != head.rules {
        let list = |rules: &[String]| match rules {
            [] => "none".to_owned(),
            _ => rules.join("; "),
        };
        let added = head.rules.iter().any(|r| !base.rules.contains(r));
        let rule = if added {
            Rule::RuleAdded
        } else {
            Rule::RuleRemoved
        };
        let (from, to) = (list(&base.rules), list(&head.rules));
        out.push(changed(
            Place::RequestRules(id.to_owned()),
            Aspect::Rules,
            from,
            to,
            rule,
        ));
    }
    if base.whole_body != head.whole_body {
        let shape = |whole: bool| if whole { "one value" } else { "fields" };
        out.push(changed(
            Place::RequestBody(id.to_owned()),
            Aspect::Body,
            shape(base.whole_body),
            shape(head.whole_body),
            Rule::BodyShapeChanged,
        ));
    }
    if base.response != head.response {
        out.push(changed(
            Place::Response(id.to_owned()),
            Aspect::Type,
            response_text(base.response.as_ref()),
            response_text(head.response.as_ref()),
            Rule::ResponseChanged,
        ));
    }
    compare_pagination(id, base, head, out);
}

/// Path parameters are positional method arguments, so they are compared by position.
fn compare_path_params(id: &str, base: &Operation, head: &Operation, out: &mut Vec<Change>) {
    let count = base.path_params.len().max(head.path_params.len());
    for i in 0..count {
        let (b, h) = (base.path_params.get(i), head.path_params.get(i));
        let name = h.or(b).map(|p| p.wire_name.clone()).unwrap_or_default();
        let place = || Place::PathParam {
            operation: id.to_owned(),
            name: name.clone(),
        };
        let (b, h) = match (b, h) {
            (Some(b), Some(h)) => (b, h),
            (b, _) => {
                let (what, rule) = match b {
                    None => (What::Added, Rule::PathParamAdded),
                    Some(_) => (What::Removed, Rule::PathParamRemoved),
                };
                out.push(Change {
                    place: place(),
                    what,
                    rule,
                });
                continue;
            }
        };
        if b.wire_name != h.wire_name {
            out.push(Change {
                place: place(),
                what: What::Renamed {
                    from: b.wire_name.clone(),
                },
                rule: Rule::PathParamRenamed,
            });
        }
        if b.ty != h.ty {
            let (from, to) = (ty_text(&b.ty), ty_text(&h.ty));
            out.push(changed(
                place(),
                Aspect::Type,
                from,
                to,
                Rule::PathParamTypeChanged,
            ));
        } else {
            constraints::record(place, &b.constraints, &h.constraints, out);
        }
    }
}

fn compare_fields(
    id: &str,
    base: &IndexMap<String, RequestField>,
    head: &IndexMap<String, RequestField>,
    out: &mut Vec<Change>,
) {
    let place = |name: &str| Place::RequestField {
        operation: id.to_owned(),
        name: name.to_owned(),
    };
    for name in base.keys().filter(|name| !head.contains_key(*name)) {
        out.push(Change {
            place: place(name),
            what: What::Removed,
            rule: Rule::RequestFieldRemoved,
        });
    }
    for (name, h) in head {
        let Some(b) = base.get(name) else {
            let rule = if h.field.repr.is_required() {
                Rule::RequiredFieldAdded
            } else {
                Rule::OptionalFieldAdded
            };
            out.push(Change {
                place: place(name),
                what: What::Added,
                rule,
            });
            continue;
        };
        compare_field(|| place(name), b, h, out);
    }
}

fn compare_field(
    place: impl Fn() -> Place,
    base: &RequestField,
    head: &RequestField,
    out: &mut Vec<Change>,
) {
    let (b, h) = (&base.field, &head.field);
    if b.ty != h.ty {
        let (from, to) = (ty_text(&b.ty), ty_text(&h.ty));
        out.push(changed(
            place(),
            Aspect::Type,
            from,
            to,
            Rule::RequestFieldTypeChanged,
        ));
    } else {
        constraints::record(&place, &base.constraints, &head.constraints, out);
    }
    if let Some(rule) = presence_rule(b.repr, h.repr) {
        let (from, to) = (repr_text(b.repr), repr_text(h.repr));
        out.push(changed(place(), Aspect::Presence, from, to, rule));
    }
    let (from, to) = (
        location_text(base.location, &b.ty),
        location_text(head.location, &h.ty),
    );
    if from != to {
        out.push(changed(
            place(),
            Aspect::Location,
            from,
            to,
            Rule::FieldMoved,
        ));
    }
    compare_deprecation(place, b.deprecated, h.deprecated, out);
}

/// The rule for a request field whose presence or nullability changed; `None` when neither did.
///
/// Callers set fields through the operation's builder: a required field is checked at compile
/// time, an optional one has a setter and a `maybe_` setter, an optional nullable one also a
/// setter that sends `null`, and a required nullable one is set with an `Option`.
fn presence_rule(base: FieldRepr, head: FieldRepr) -> Option<Rule> {
    use FieldRepr::{Optional, OptionalNullable, Required, RequiredNullable};
    Some(match (base, head) {
        (Required, Required)
        | (RequiredNullable, RequiredNullable)
        | (Optional, Optional)
        | (OptionalNullable, OptionalNullable) => return None,
        (Optional | OptionalNullable, Required | RequiredNullable) => Rule::FieldMadeRequired,
        (RequiredNullable, _) | (Required, RequiredNullable) => Rule::RequiredNullChanged,
        (Required, Optional | OptionalNullable) => Rule::FieldMadeOptional,
        (Optional, OptionalNullable) => Rule::FieldMadeNullable,
        (OptionalNullable, Optional) => Rule::FieldMadeNonNullable,
    })
}

fn compare_pagination(id: &str, base: &Operation, head: &Operation, out: &mut Vec<Change>) {
    let place = || Place::Pagination(id.to_owned());
    let (b, h) = match (&base.pagination, &head.pagination) {
        (None, None) => return,
        (Some(b), Some(h)) => (b, h),
        (None, Some(_)) => {
            out.push(Change {
                place: place(),
                what: What::Added,
                rule: Rule::PaginationAdded,
            });
            return;
        }
        (Some(_), None) => {
            out.push(Change {
                place: place(),
                what: What::Removed,
                rule: Rule::PaginationRemoved,
            });
            return;
        }
    };
    if b.item != h.item {
        let (from, to) = (ty_text(&b.item), ty_text(&h.item));
        out.push(changed(
            place(),
            Aspect::Type,
            from,
            to,
            Rule::PaginationItemChanged,
        ));
    }
    if b.paging != h.paging {
        let (from, to) = (b.paging.clone(), h.paging.clone());
        out.push(changed(
            place(),
            Aspect::Paging,
            from,
            to,
            Rule::PagingChanged,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_rules_follow_what_callers_write() {
        use FieldRepr::*;
        assert_eq!(
            presence_rule(Optional, Required),
            Some(Rule::FieldMadeRequired)
        );
        assert_eq!(
            presence_rule(OptionalNullable, RequiredNullable),
            Some(Rule::FieldMadeRequired)
        );
        assert_eq!(
            presence_rule(Required, Optional),
            Some(Rule::FieldMadeOptional)
        );
        assert_eq!(
            presence_rule(Required, OptionalNullable),
            Some(Rule::FieldMadeOptional)
        );
        assert_eq!(
            presence_rule(Optional, OptionalNullable),
            Some(Rule::FieldMadeNullable)
        );
        assert_eq!(
            presence_rule(OptionalNullable, Optional),
            Some(Rule::FieldMadeNonNullable)
        );
        assert_eq!(
            presence_rule(Required, RequiredNullable),
            Some(Rule::RequiredNullChanged)
        );
        assert_eq!(
            presence_rule(RequiredNullable, Optional),
            Some(Rule::RequiredNullChanged)
        );
        assert_eq!(presence_rule(Optional, Optional), None);
    }

    #[test]
    fn endpoints_match_without_placeholder_names() {
        let op = |path: &str| Operation {
            http_method: crate::ir::HttpMethod::Get,
            path_template: path.to_owned(),
            path_params: Vec::new(),
            fields: IndexMap::new(),
            rules: Vec::new(),
            whole_body: false,
            response: None,
            pagination: None,
            deprecated: crate::ir::Deprecation::Current,
            idempotent: true,
        };
        assert_eq!(
            endpoint_key(&op("/a/{id}/b")),
            endpoint_key(&op("/a/{userId}/b"))
        );
        assert_ne!(endpoint_key(&op("/a/{id}")), endpoint_key(&op("/a/{id}/b")));
    }
}
