//! The one resolver of `$ref`s into `components`, for every kind of component.
//!
//! A reference is `#/components/<section>/<name>`. [`resolve`] follows it to the component and
//! returns the component with the pointer of its definition, or reports, at the `$ref`, what is
//! wrong with it and which names do exist.

use indexmap::IndexMap;

use super::Diagnostics;
use crate::error::pointer_join;
use crate::spec::{Document, Parameter, RequestBody, Response, Schema};
use crate::suggest;

/// What every reference into the components starts with.
pub(super) const COMPONENTS: &str = "#/components/";

/// A kind of component that can be referenced.
pub(super) trait Component: Sized + 'static {
    /// The section under `components` (`schemas`, `parameters`, ...).
    const SECTION: &'static str;
    /// What messages call these components.
    const WHAT: &'static str;
    /// What messages call one of them.
    const ONE: &'static str;
    /// The section's entries.
    fn section(doc: &Document) -> &IndexMap<String, Self>;
}

impl Component for Schema {
    const ONE: &'static str = "a schema";
    const SECTION: &'static str = "schemas";
    const WHAT: &'static str = "schemas";
    fn section(doc: &Document) -> &IndexMap<String, Self> {
        &doc.components.schemas
    }
}

impl Component for Parameter {
    const ONE: &'static str = "a parameter";
    const SECTION: &'static str = "parameters";
    const WHAT: &'static str = "parameters";
    fn section(doc: &Document) -> &IndexMap<String, Self> {
        &doc.components.parameters
    }
}

impl Component for RequestBody {
    const ONE: &'static str = "a request body";
    const SECTION: &'static str = "requestBodies";
    const WHAT: &'static str = "request bodies";
    fn section(doc: &Document) -> &IndexMap<String, Self> {
        &doc.components.request_bodies
    }
}

impl Component for Response {
    const ONE: &'static str = "a response";
    const SECTION: &'static str = "responses";
    const WHAT: &'static str = "responses";
    fn section(doc: &Document) -> &IndexMap<String, Self> {
        &doc.components.responses
    }
}

/// A component a reference points to.
pub(super) struct Target<'a, T> {
    /// Its name in the section.
    pub key: &'a str,
    /// The component.
    pub item: &'a T,
    /// The pointer of its definition (`/components/schemas/Name`).
    pub pointer: String,
}

/// The component named by the key of a section, without a `$ref`.
pub(super) fn component<'a, T: Component>(doc: &'a Document, key: &str) -> Option<Target<'a, T>> {
    let (key, item) = T::section(doc).get_key_value(key)?;
    Some(Target {
        key,
        item,
        pointer: pointer_join(&format!("/components/{}", T::SECTION), key),
    })
}

/// The key a reference names in the section of `T`, if it points into that section.
pub(super) fn key_of<T: Component>(reference: &str) -> Option<&str> {
    reference
        .strip_prefix(COMPONENTS)?
        .strip_prefix(T::SECTION)?
        .strip_prefix('/')
}

/// Follows `reference`, written at `at` (the pointer of the `$ref` key itself).
pub(super) fn resolve<'a, T: Component>(
    doc: &'a Document,
    reference: &str,
    at: &str,
    diags: &mut Diagnostics,
) -> Option<Target<'a, T>> {
    let section = format!("{COMPONENTS}{}/", T::SECTION);
    let Some(key) = key_of::<T>(reference) else {
        diags.error(
            at,
            format!(
                "`{reference}` is not supported here; these references must point into {section}"
            ),
        );
        return None;
    };
    // A pointer segment may be escaped (`~1` for `/`); component names rarely need it.
    let key = key.replace("~1", "/").replace("~0", "~");
    match component(doc, &key) {
        Some(target) => Some(target),
        None => {
            diags.error(
                at,
                format!(
                    "`{reference}` points to {} that does not exist; {}",
                    T::ONE,
                    suggest::existing(T::WHAT, &key, T::section(doc).keys())
                ),
            );
            None
        }
    }
}
