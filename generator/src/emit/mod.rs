//! Stage 3 of 3: printing the IR as the files of the SDK crate. No decisions are made here.
//!
//! File-level text with a few holes comes from askama templates (`templates/`); per-item code is
//! built with `quote!`. Every `.rs` file, template output included, goes through
//! `syn::parse_file` and `prettyplease`, so formatting never depends on template whitespace or on
//! the installed rustfmt, and invalid Rust is caught here with the file's name.

mod builder;
mod examples;
mod fixtures;
mod models;
mod pagination;
mod resources;
mod runtime;
mod state;
mod templates;
mod unions;
mod validation;
mod webhooks;

use std::collections::BTreeMap;
use std::sync::Mutex;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Error;
use crate::ir::{Api, Deprecation, FloatWidth, IntWidth, Resource, TypeRef};

/// The rendered crate: path relative to the crate root → file contents.
pub type Files = BTreeMap<String, String>;

/// Whether a crate path is a runtime module, identical for every schema.
pub fn is_runtime_file(path: &str) -> bool {
    path.strip_prefix("src/")
        .is_some_and(|name| runtime::NAMES.contains(&name))
}

/// Renders every file of the crate for `api`; `schema_label` names the schema in file headers.
pub fn generate_crate(api: &Api, schema_label: &str) -> Result<Files, Error> {
    // The marker is what lets the writer replace this file later (see `output`).
    let header = format!(
        "{} by `cargo xtask codegen` from {schema_label}. Do not edit.",
        crate::output::GENERATED_MARKER
    );
    let mut files = Files::new();
    // Every per-item file is independent: render them on all cores. The results land in a sorted
    // map, so the output does not depend on which thread finished first.
    let mut jobs: Vec<(String, Job<'_>)> = vec![
        ("src/lib.rs".into(), Job::Text(templates::lib_rs(api)?)),
        (
            "src/config.rs".into(),
            Job::Text(templates::config_rs(api)?),
        ),
        (
            "src/models/mod.rs".into(),
            Job::Tokens(Box::new(|| generate_models_mod(api))),
        ),
    ];
    for def in &api.types {
        let path = format!("src/models/{}.rs", def.module);
        jobs.push((
            path,
            Job::Tokens(Box::new(move || models::generate_type_file(api, def))),
        ));
    }
    let lib_name = api.settings.lib_name.as_str();
    for (resource, file, top_level) in resource_files(&api.resources) {
        jobs.push((
            file,
            Job::Tokens(Box::new(move || {
                resources::generate_resource_file(api, resource, top_level)
            })),
        ));
    }
    jobs.push((
        "src/testing/fixtures.rs".into(),
        Job::Tokens(Box::new(|| fixtures::generate(api))),
    ));
    if let Some(receiver) = &api.receiver {
        jobs.push((
            "src/webhooks.rs".into(),
            Job::Tokens(Box::new(move || webhooks::generate(api, receiver))),
        ));
    }
    for (path, text) in render_all(jobs)? {
        files.insert(path, format!("// {header}\n\n{text}"));
    }
    // The runtime is hand-formatted and its `//` comments explain it; prettyplease would drop them,
    // so it is copied as written, with the library name filled in. A unit test parses it.
    for (name, source) in runtime::render(lib_name)? {
        if name == runtime::WEBHOOKS && api.receiver.is_none() {
            continue;
        }
        files.insert(format!("src/{name}"), format!("// {header}\n\n{source}"));
    }
    // Templates lose their final newline when rendered; text files end with exactly one.
    let cargo_toml = templates::cargo_toml(api)?;
    files.insert(
        "Cargo.toml".into(),
        format!("# {header}\n\n{}\n", cargo_toml.trim_end()),
    );
    let readme = templates::readme(api)?;
    files.insert(
        "README.md".into(),
        format!("<!-- {header} -->\n\n{}\n", readme.trim_end()),
    );
    Ok(files)
}

/// One Rust file to render: template text, or tokens built when the job runs.
enum Job<'a> {
    Text(String),
    Tokens(Box<dyn FnOnce() -> TokenStream + Send + 'a>),
}

/// Renders every job (parse, then pretty-print), spread over the available cores.
///
/// Each thread takes the next job not yet taken, so one thread never sits idle while another
/// works through a queue of large files. The caller stores the results by path, so which thread
/// rendered which file never shows in the output.
fn render_all(jobs: Vec<(String, Job<'_>)>) -> Result<Vec<(String, String)>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let queue = Mutex::new(jobs.into_iter());
    let results: Vec<Result<Vec<(String, String)>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| scope.spawn(|| render_from_queue(&queue)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::InvalidOutput {
                        file: "?".into(),
                        message: "an emitter panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut rendered = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(files) => rendered.extend(files),
            Err(e) => errors.push(e),
        }
    }
    // Report the same error whichever thread met it first: the one of the first file by name.
    errors.sort_by_key(|e| match e {
        Error::InvalidOutput { file, .. } => file.clone(),
        _ => String::new(),
    });
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(rendered),
    }
}

/// Renders jobs from the shared queue until it is empty, or until one fails.
fn render_from_queue(
    queue: &Mutex<std::vec::IntoIter<(String, Job<'_>)>>,
) -> Result<Vec<(String, String)>, Error> {
    let mut done = Vec::new();
    // A poisoned lock means a panic on another thread, which `render_all` reports.
    while let Some((path, job)) = queue.lock().ok().and_then(|mut jobs| jobs.next()) {
        let file = match job {
            Job::Text(text) => parse_text(&path, &text)?,
            Job::Tokens(build) => parse_tokens(&path, build())?,
        };
        done.push((path, prettyplease::unparse(&file)));
    }
    Ok(done)
}

/// Parses template output as a Rust file.
fn parse_text(path: &str, source: &str) -> Result<syn::File, Error> {
    syn::parse_file(source).map_err(|e| invalid(path, e))
}

/// Parses `quote!` output as a Rust file, without printing it to text first.
fn parse_tokens(path: &str, tokens: TokenStream) -> Result<syn::File, Error> {
    syn::parse2(tokens).map_err(|e| invalid(path, e))
}

fn invalid(path: &str, e: syn::Error) -> Error {
    Error::InvalidOutput {
        file: path.to_owned(),
        message: e.to_string(),
    }
}

/// Every resource with the path of its module's file (`src/viewer/studies.rs`) and whether it is
/// at the top of the tree, parents before children.
fn resource_files(roots: &[Resource]) -> Vec<(&Resource, String, bool)> {
    fn walk<'a>(resources: &'a [Resource], dir: &str, out: &mut Vec<(&'a Resource, String, bool)>) {
        for r in resources {
            out.push((r, format!("{dir}/{}.rs", r.module), dir == "src"));
            walk(&r.children, &format!("{dir}/{}", r.module), out);
        }
    }
    let mut out = Vec::new();
    walk(roots, "src", &mut out);
    out
}

fn generate_models_mod(api: &Api) -> TokenStream {
    let mods = api.types.iter().map(|t| ident(&t.module));
    let exports = api.types.iter().map(|t| {
        let (module, name) = (ident(&t.module), ident(&t.name));
        quote!(pub use #module::#name;)
    });
    quote! {
        //! The data types the operations send and receive: models, enums, IDs and unions.
        #(mod #mods;)*
        #(#exports)*
    }
}

/// An identifier token for a name lowering has already made valid (raw identifiers included).
fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc = "..."]` attributes, one paragraph each, separated by blank doc lines.
fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let mut lines = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.push(format!(" {p}"));
    }
    quote!(#(#[doc = #lines])*)
}

/// `#[deprecated]` for something the schema marks deprecated.
fn deprecated_attr(deprecated: Deprecation) -> Option<TokenStream> {
    (deprecated == Deprecation::Deprecated).then(|| quote!(#[deprecated]))
}

/// The Rust type for a type reference.
fn type_tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(IntWidth::I32) => quote!(i32),
        TypeRef::Integer(IntWidth::I64) => quote!(i64),
        TypeRef::Number(FloatWidth::F32) => quote!(f32),
        TypeRef::Number(FloatWidth::F64) => quote!(f64),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::SecretUrl => quote!(crate::SecretUrl),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(id) => {
            let name = ident(&api.ty(*id).name);
            quote!(crate::models::#name)
        }
        TypeRef::Array(item) => {
            let item = type_tokens(api, item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
        TypeRef::OrNull(inner) => {
            let inner = type_tokens(api, inner);
            quote!(Option<#inner>)
        }
    }
}
