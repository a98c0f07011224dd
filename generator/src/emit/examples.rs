//! Printing the IR's usage examples, and wrapping one for each place it appears: a method's
//! rustdoc, the crate docs and the README all show the same statements, printed here once.
//!
//! Examples become doc text, not code, so they are printed as text in a fixed layout (one
//! statement per line, a builder's setters one per line) rather than built with `quote!` and
//! formatted by prettyplease: formatting every example that way cost about 70 µs per operation,
//! a quarter of the generator's time on large schemas. Literals and identifiers still come from
//! `proc_macro2`, so escaping is the same as in generated code; the crate's doctests compile every
//! example.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Api, Example, ExampleOutput, ExampleValue, Receiver};

/// The example's statements as lines of Rust, for the body of an async function that returns the
/// crate's `Result`.
pub(super) fn lines(api: &Api, example: &Example) -> Vec<String> {
    let printer = Printer { api };
    let call = &example.call;
    let args: Vec<String> = call.path_args.iter().map(|v| printer.value(v)).collect();
    let mut lines = vec![format!(
        "let client = {}::Client::from_env()?;",
        printer.lib()
    )];
    let accessors: String = call
        .accessors
        .iter()
        .map(|a| format!(".{}()", name(a)))
        .collect();
    let target = format!(
        "client{accessors}.{}({})",
        name(&call.method),
        args.join(", ")
    );
    // The call on the first line, each setter on one of its own, then what is done with it.
    let mut chain = vec![target];
    for setter in &call.setters {
        chain.push(format!(
            "    .{}({})",
            name(&setter.method),
            printer.value(&setter.value)
        ));
    }
    let printed = example.printed.as_deref().map(name);
    let (binding, end) = match (example.output, &printed) {
        (ExampleOutput::Stream, _) => ("let mut items = ", ".into_stream();"),
        (ExampleOutput::Await, Some(_)) => ("let response = ", ".await?;"),
        (ExampleOutput::Await, None) => ("", ".await?;"),
    };
    chain[0] = format!("{binding}{}", chain[0]);
    if chain.len() == 1 {
        chain[0].push_str(end);
    } else {
        chain.push(format!("    {end}"));
    }
    lines.extend(chain);
    // One field, not the whole value: examples are copied into applications, whose logs should
    // not learn to print responses that hold personal data.
    match (example.output, printed) {
        (ExampleOutput::Stream, printed) => {
            lines.insert(0, format!("use {}::prelude::*;", printer.lib()));
            match printed {
                Some(field) => {
                    lines.push("while let Some(item) = items.try_next().await? {".to_owned());
                    lines.push(format!("    println!(\"{{:?}}\", item.{field});"));
                }
                None => lines.push("while let Some(_item) = items.try_next().await? {".to_owned()),
            }
            lines.push("}".to_owned());
        }
        (ExampleOutput::Await, Some(field)) => {
            lines.push(format!("println!(\"{{:?}}\", response.{field});"));
        }
        (ExampleOutput::Await, None) => {}
    }
    lines
}

/// The example receiver of the webhooks: a function that verifies a delivery, matches its event
/// and answers. The crate's docs and README show it.
pub(super) fn receiver_lines(api: &Api, receiver: &Receiver) -> Vec<String> {
    let printer = Printer { api };
    let lib = printer.lib();
    let mut lines = vec![
        format!("use {lib}::webhooks::{{Event, Webhooks}};"),
        String::new(),
        "/// Answers one delivery: `body` exactly as received, `headers` those of the request."
            .to_owned(),
        "fn receive(".to_owned(),
        "    hooks: &Webhooks,".to_owned(),
        "    body: &[u8],".to_owned(),
        format!("    headers: &{lib}::reqwest::header::HeaderMap,"),
        ") -> Result<Vec<u8>, Box<dyn std::error::Error>> {".to_owned(),
        "    let event = hooks.verify(body, headers)?;".to_owned(),
    ];
    if receiver.id.is_some() {
        lines.push("    println!(\"{} {}\", event.id(), event.event_type());".to_owned());
    }
    lines.push("    let answer = match event {".to_owned());
    if let Some((index, answer)) = &receiver.example {
        let variant = name(&receiver.events[*index].variant);
        lines.push(format!("        Event::{variant}(_) => {{"));
        lines.push(format!(
            "            let answer = {};",
            printer.value(answer)
        ));
        lines.push("            serde_json::to_vec(&answer)?".to_owned());
        lines.push("        }".to_owned());
    }
    lines.extend([
        "        // A type newer than this version of the crate: acknowledge it.".to_owned(),
        format!(
            "        Event::{}(_) => b\"{{}}\".to_vec(),",
            name(&receiver.unknown_variant)
        ),
        "        _ => b\"{}\".to_vec(),".to_owned(),
        "    };".to_owned(),
        "    Ok(answer)".to_owned(),
        "}".to_owned(),
    ]);
    lines
}

/// The example as a `no_run` doctest in a method's rustdoc.
pub(super) fn method_doc(api: &Api, example: &Example) -> TokenStream {
    let lib = &api.settings.lib_name;
    let mut lines = vec![
        "```no_run".to_owned(),
        format!("# async fn example() -> {lib}::Result<()> {{"),
    ];
    lines.extend(self::lines(api, example));
    lines.extend(["# Ok(())".to_owned(), "# }".to_owned(), "```".to_owned()]);
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

/// An identifier as written in source (raw identifiers keep their `r#`).
fn name(rust_name: &str) -> String {
    let ident: Ident = ident(rust_name);
    ident.to_string()
}

/// A JSON value as the tokens of `serde_json::json!`: JSON itself, except that strings are Rust
/// literals (JSON's `\u0001` escapes are not Rust's).
fn json(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::String(s) => Literal::string(s).to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Literal::string(k), json(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// Prints values of one crate's examples.
struct Printer<'a> {
    api: &'a Api,
}

impl Printer<'_> {
    fn lib(&self) -> String {
        name(&self.api.settings.lib_name)
    }

    fn model(&self, id: crate::ir::TypeId) -> String {
        format!("{}::models::{}", self.lib(), name(&self.api.ty(id).name))
    }

    fn list(&self, items: &[ExampleValue]) -> String {
        items
            .iter()
            .map(|i| self.value(i))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One value, as a Rust expression.
    fn value(&self, v: &ExampleValue) -> String {
        let lib = self.lib();
        match v {
            ExampleValue::Str(s) => Literal::string(s).to_string(),
            ExampleValue::String(s) => format!("{}.to_owned()", Literal::string(s)),
            ExampleValue::SecretUrl(s) => format!("{lib}::SecretUrl::from({})", Literal::string(s)),
            ExampleValue::Bool(b) => b.to_string(),
            ExampleValue::Int(n) => n.to_string(),
            ExampleValue::Float(f) => Literal::f64_unsuffixed(*f).to_string(),
            ExampleValue::Now => format!("{lib}::chrono::Utc::now()"),
            ExampleValue::Date { year, month, day } => format!(
                "{lib}::chrono::NaiveDate::from_ymd_opt({year}, {month}, {day}).unwrap_or_default()"
            ),
            ExampleValue::DefaultDate => format!("{lib}::chrono::NaiveDate::default()"),
            ExampleValue::Default => "Default::default()".to_owned(),
            ExampleValue::Json(value) => format!("serde_json::json!({})", json(value)),
            ExampleValue::Variant { ty, variant } => {
                format!("{}::{}", self.model(*ty), name(variant))
            }
            ExampleValue::FromWire { ty, wire } => {
                format!("{}::from_wire({})", self.model(*ty), Literal::string(wire))
            }
            ExampleValue::Newtype { ty, value } => {
                format!("{}::new({})?", self.model(*ty), Literal::string(value))
            }
            ExampleValue::Ref(inner) => format!("&{}", self.value(inner)),
            ExampleValue::Array(items) => format!("[{}]", self.list(items)),
            ExampleValue::Vec(items) => format!("vec![{}]", self.list(items)),
            ExampleValue::StringMap(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "({}.to_owned(), {}.to_owned())",
                            Literal::string(k),
                            Literal::string(v)
                        )
                    })
                    .collect();
                format!(
                    "::std::collections::BTreeMap::from([{}])",
                    entries.join(", ")
                )
            }
            ExampleValue::Struct { ty, fields } => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(field, v)| format!("{}: {}", name(field), self.value(v)))
                    .collect();
                format!("{} {{ {} }}", self.model(*ty), fields.join(", "))
            }
            ExampleValue::UnionVariant { ty, variant, value } => {
                format!(
                    "{}::{}({})",
                    self.model(*ty),
                    name(variant),
                    self.value(value)
                )
            }
            ExampleValue::None => "None".to_owned(),
            ExampleValue::Unset => format!("{lib}::Nullable::Unset"),
            // Typed, so that a setter taking `impl Into<T>` accepts it.
            ExampleValue::Missing { ty } => format!(
                "{{ let missing: {} = todo!({}); missing }}",
                self.model(*ty),
                Literal::string(&format!("a {}", self.api.ty(*ty).name))
            ),
        }
    }
}
