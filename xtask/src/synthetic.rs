//! Synthetic OpenAPI schemas of any size, for `cargo xtask bench`.
//!
//! [`schema`] writes the YAML of an API with exactly `operations` operations, shaped like the
//! Avara schema so that the generator does proportional work: resources of five operations each
//! (a paginated list with query filters, create, retrieve, update and an action), every other
//! resource nested below its neighbour with the parent's ID in the path, and per resource an ID
//! type, an entity with properties of every kind, a list envelope, create and update bodies and
//! two enums. The text is built by hand so that xtask needs no YAML library.

use std::fmt::Write;

/// Operations per resource: list, create, retrieve, update, archive.
const OPS_PER_RESOURCE: usize = 5;
/// Resources per top-level service (the first segment of an `operationId`).
const RESOURCES_PER_SERVICE: usize = 10;

/// The YAML text of a valid schema with exactly `operations` operations.
pub fn schema(operations: usize) -> String {
    let resources: Vec<Resource> = (0..operations.div_ceil(OPS_PER_RESOURCE))
        .map(|index| {
            Resource::new(
                index,
                (operations - index * OPS_PER_RESOURCE).min(OPS_PER_RESOURCE),
            )
        })
        .collect();
    let mut out = String::with_capacity(operations * 4_000);
    write_header(&mut out, operations);
    out.push_str("paths:\n");
    for resource in &resources {
        write_paths(&mut out, resource);
    }
    write_shared_components(&mut out);
    for resource in &resources {
        write_schemas(&mut out, resource);
    }
    write_sdk(&mut out, &resources);
    out
}

/// One resource of the synthetic API and where it sits.
struct Resource {
    /// `r` in `res{r}`: unique across the API.
    index: usize,
    /// How many of the five operations it has (fewer only for the last resource).
    ops: usize,
    /// The resource it is nested below, for odd indexes.
    parent: Option<usize>,
}

impl Resource {
    fn new(index: usize, ops: usize) -> Self {
        Resource {
            index,
            ops,
            parent: (index % 2 == 1).then(|| index - 1),
        }
    }

    fn service(&self) -> usize {
        self.index / RESOURCES_PER_SERVICE
    }

    /// The dotted SDK position, e.g. `svc0.res0.res1`.
    fn sdk_path(&self) -> String {
        match self.parent {
            Some(p) => format!("svc{}.res{p}.res{}", self.service(), self.index),
            None => format!("svc{}.res{}", self.service(), self.index),
        }
    }

    /// The URL of the collection, e.g. `/v1/svc0/res0/{res0Id}/res1`.
    fn collection_url(&self) -> String {
        match self.parent {
            Some(p) => format!(
                "/v1/svc{}/res{p}/{{res{p}Id}}/res{}",
                self.service(),
                self.index
            ),
            None => format!("/v1/svc{}/res{}", self.service(), self.index),
        }
    }

    /// The path parameters shared by every URL of the resource below its collection.
    fn parent_param(&self, out: &mut String) {
        if let Some(p) = self.parent {
            path_param(out, p);
        }
    }
}

fn write_header(out: &mut String, operations: usize) {
    let _ = write!(
        out,
        "openapi: 3.1.0
info:
  title: Synthetic API
  version: 1.0.0
  description: A synthetic API with {operations} operations, written by `cargo xtask bench`.
servers:
  - url: https://api.synthetic.test
security:
  - bearerAuth: []
"
    );
}

fn path_param(out: &mut String, resource: usize) {
    let _ = write!(
        out,
        "      - name: res{resource}Id
        in: path
        required: true
        description: Identifies the res{resource} item.
        schema:
          $ref: '#/components/schemas/Res{resource}Id'
"
    );
}

/// The operation fields every operation shares, after its `operationId`.
fn operation_head(out: &mut String, r: &Resource, method: &str, summary: &str) {
    let _ = write!(
        out,
        "      operationId: {path}.{method}
      summary: {summary} res{index} items
      description: >-
        {summary}s res{index} items. This text stands in for the paragraph of documentation that a
        real operation carries, so that the generated rustdoc has a realistic size.
      tags: [Synthetic]
",
        path = r.sdk_path(),
        index = r.index,
    );
}

/// The success response (a component schema) and the shared error responses.
fn responses(out: &mut String, status: u16, schema: &str) {
    let _ = write!(
        out,
        "      responses:
        '{status}':
          description: The result.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/{schema}'
        4XX:
          $ref: '#/components/responses/ClientError'
        5XX:
          $ref: '#/components/responses/ServerError'
"
    );
}

fn json_body(out: &mut String, schema: &str) {
    let _ = write!(
        out,
        "      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/{schema}'
"
    );
}

fn write_paths(out: &mut String, r: &Resource) {
    let i = r.index;
    let collection = r.collection_url();
    let _ = writeln!(out, "  {collection}:");
    if r.parent.is_some() {
        out.push_str("    parameters:\n");
        r.parent_param(out);
    }
    if r.ops > 0 {
        write_list(out, r);
    }
    if r.ops > 1 {
        out.push_str("    post:\n");
        operation_head(out, r, "create", "Create");
        json_body(out, &format!("Res{i}CreateRequest"));
        responses(out, 201, &format!("Res{i}Item"));
    }
    if r.ops > 2 {
        let _ = writeln!(out, "  {collection}/{{res{i}Id}}:\n    parameters:");
        r.parent_param(out);
        path_param(out, i);
        out.push_str("    get:\n");
        operation_head(out, r, "retrieve", "Retrieve");
        responses(out, 200, &format!("Res{i}Item"));
    }
    if r.ops > 3 {
        out.push_str("    patch:\n");
        operation_head(out, r, "update", "Update");
        json_body(out, &format!("Res{i}UpdateRequest"));
        responses(out, 200, &format!("Res{i}Item"));
    }
    if r.ops > 4 {
        write_action(out, r);
    }
}

fn write_list(out: &mut String, r: &Resource) {
    let i = r.index;
    out.push_str("    get:\n");
    operation_head(out, r, "list", "List");
    let _ = write!(
        out,
        "      x-pagination:
        items: items
        cursorParam: cursor
        nextCursor: nextCursor
        hasMore: hasMore
      parameters:
        - $ref: '#/components/parameters/Cursor'
        - $ref: '#/components/parameters/Limit'
        - name: status
          in: query
          description: Only items in one of these states.
          style: form
          explode: false
          schema:
            type: array
            items:
              $ref: '#/components/schemas/Res{i}Status'
        - name: search
          in: query
          description: Only items whose name contains this text.
          schema:
            type: string
            minLength: 1
            maxLength: 200
        - name: createdAfter
          in: query
          description: Only items created after this instant.
          schema:
            type: string
            format: date-time
        - name: archived
          in: query
          description: Archived filter; null matches items whose state is unknown.
          schema:
            type: [boolean, 'null']
"
    );
    responses(out, 200, &format!("Res{i}ItemList"));
}

fn write_action(out: &mut String, r: &Resource) {
    let i = r.index;
    let _ = writeln!(
        out,
        "  {}/{{res{i}Id}}/archive:\n    parameters:",
        r.collection_url()
    );
    r.parent_param(out);
    path_param(out, i);
    out.push_str("    post:\n");
    operation_head(out, r, "archive", "Archive");
    out.push_str(
        "      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                reason:
                  type: string
                  description: Why the item is archived.
                  maxLength: 500
                notify:
                  type: boolean
                  description: Whether to notify the owner.
",
    );
    responses(out, 200, &format!("Res{i}Item"));
}

fn write_shared_components(out: &mut String) {
    out.push_str(
        "components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  parameters:
    Cursor:
      name: cursor
      in: query
      description: Cursor from the previous page.
      schema:
        type: string
    Limit:
      name: limit
      in: query
      description: Number of items per page (1-100).
      schema:
        type: integer
        minimum: 1
        maximum: 100
        default: 20
  responses:
    ClientError:
      description: The request was rejected.
      content:
        application/json:
          schema:
            type: object
            additionalProperties: true
    ServerError:
      description: The server failed.
      content:
        application/json:
          schema:
            type: object
            additionalProperties: true
  schemas:
",
    );
}

/// The seven component schemas of one resource.
fn write_schemas(out: &mut String, r: &Resource) {
    let i = r.index;
    let _ = write!(
        out,
        "    Res{i}Id:
      type: string
      description: Identifies a res{i} item.
      pattern: '^r{i}_[0-9a-f]{{16}}$'
      examples: [r{i}_0123456789abcdef]
    Res{i}Status:
      type: string
      description: Where a res{i} item is in its life.
      enum: [draft, active, on-hold, Archived Item, \"Owner's Pick\"]
      x-enum-descriptions:
        draft: Not yet published.
        active: In use.
    Res{i}Kind:
      type: string
      description: What kind of res{i} item it is.
      enum: [standard, premium, legacy, internal]
"
    );
    write_entity(out, r);
    let _ = write!(
        out,
        "    Res{i}ItemList:
      type: object
      description: One page of res{i} items.
      required: [items, hasMore]
      properties:
        items:
          type: array
          description: The items on this page.
          items:
            $ref: '#/components/schemas/Res{i}Item'
        hasMore:
          type: boolean
          description: Whether more pages exist.
        nextCursor:
          type: [string, 'null']
          description: Cursor of the next page.
"
    );
    write_bodies(out, i);
}

fn write_entity(out: &mut String, r: &Resource) {
    let i = r.index;
    let _ = write!(
        out,
        "    Res{i}Item:
      type: object
      description: A res{i} item.
      required: [id, name, status, kind, active, createdAt, updatedAt]
      properties:
        id:
          $ref: '#/components/schemas/Res{i}Id'
          description: The item's ID.
        name:
          type: string
          description: The item's name.
        status:
          $ref: '#/components/schemas/Res{i}Status'
        kind:
          $ref: '#/components/schemas/Res{i}Kind'
        active:
          type: boolean
          description: Whether the item is active.
        createdAt:
          type: string
          format: date-time
          description: When the item was created.
        updatedAt:
          type: [string, 'null']
          format: date-time
          description: When the item was last changed; null if never.
        count:
          type: integer
          format: int64
          description: How many times the item was used.
        score:
          type: number
          format: double
          description: A score between 0 and 1.
        tags:
          type: array
          description: Free-form tags.
          items:
            type: string
        metadata:
          type: object
          description: Key-value pairs attached to the item.
          additionalProperties:
            type: string
        dimensions:
          type: object
          description: Size of the item.
          required: [width]
          properties:
            width:
              type: number
              description: Width in metres.
            height:
              type: number
              description: Height in metres.
        note:
          type: [string, 'null']
          description: A note; null when removed.
"
    );
    if let Some(p) = r.parent {
        let _ = write!(
            out,
            "        parentId:
          $ref: '#/components/schemas/Res{p}Id'
          description: The res{p} item this one belongs to.
"
        );
    }
}

fn write_bodies(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "    Res{i}CreateRequest:
      type: object
      description: A new res{i} item.
      required: [name, kind]
      properties:
        name:
          type: string
          description: The item's name.
          minLength: 1
          maxLength: 100
        kind:
          $ref: '#/components/schemas/Res{i}Kind'
        tags:
          type: array
          description: Free-form tags.
          maxItems: 20
          items:
            type: string
            maxLength: 40
        code:
          type: string
          description: An external code of ten digits.
          pattern: '^[0-9]{{10}}$'
    Res{i}UpdateRequest:
      type: object
      description: Changes to a res{i} item; absent fields are kept.
      properties:
        name:
          type: string
          description: The item's new name.
          minLength: 1
        status:
          $ref: '#/components/schemas/Res{i}Status'
        note:
          type: [string, 'null']
          description: A note; null removes it.
          maxLength: 1000
        ownerId:
          description: Another item that owns this one; null removes the owner.
          anyOf:
            - $ref: '#/components/schemas/Res{i}Id'
            - type: 'null'
        metadata:
          type: [object, 'null']
          description: Replaces the metadata; null clears it.
          maxProperties: 50
          propertyNames:
            maxLength: 100
          additionalProperties:
            type: string
            maxLength: 1000
"
    );
}

/// The `tags` and `x-sdk` blocks, with a description for every node of the resource tree.
fn write_sdk(out: &mut String, resources: &[Resource]) {
    out.push_str(
        "tags:
  - name: Synthetic
    description: Every synthetic operation.
x-sdk:
  crateName: synthetic
  crateVersion: 0.1.0
  crateDescription: A synthetic SDK for benchmarks.
  license: Apache-2.0
  userAgent: synthetic-rust
  retryCountHeader: X-Retry-Count
  defaultTimeoutSeconds: 60
  defaultMaxRetries: 2
  env:
    apiKey: SYNTHETIC_API_KEY
    baseUrl: SYNTHETIC_BASE_URL
    customHeaders: SYNTHETIC_CUSTOM_HEADERS
  resources:
",
    );
    for r in resources {
        if r.index % RESOURCES_PER_SERVICE == 0 {
            let _ = writeln!(out, "    svc{s}: Service {s}.", s = r.service());
        }
        let _ = writeln!(out, "    {}: The res{} items.", r.sdk_path(), r.index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every size the benchmark uses (and a few awkward ones) must generate without error.
    #[test]
    fn synthetic_schemas_generate() {
        for operations in [1, 3, 7, 10, 100] {
            let text = schema(operations);
            let api = generator::lower_source(&text, "synthetic.yaml")
                .unwrap_or_else(|e| panic!("{operations} ops: {e}"));
            let count: usize = count_operations(&api.resources);
            assert_eq!(count, operations);
            generator::generate_source(&text, "synthetic.yaml")
                .unwrap_or_else(|e| panic!("{operations} ops: {e}"));
        }
    }

    fn count_operations(resources: &[generator::ir::Resource]) -> usize {
        resources
            .iter()
            .map(|r| r.operations.len() + count_operations(&r.children))
            .sum()
    }
}
