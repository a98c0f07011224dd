//! File-level templates: the crate's `Cargo.toml`, `README.md`, `lib.rs` and `config.rs`.
//!
//! Each template gets the IR's [`Settings`](crate::ir::Settings) plus a few lists computed here
//! from the IR; the templates themselves hold only fixed text and holes. Every schema string that
//! fills a hole inside quotes goes through a filter that writes it as a literal of the target
//! language (`toml_str` in `Cargo.toml`, `rust_str` in `.rs` files), so any text stays text.

use askama::Template;

use crate::error::Error;
use crate::ir::{Api, FieldRepr, ResponseBody, Settings, TypeKind, TypeRef};

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
struct CargoToml<'a> {
    s: &'a Settings,
    /// Whether the crate has the `webhooks` module and feature.
    webhooks: bool,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct Readme<'a> {
    s: &'a Settings,
    example: &'a str,
    /// The example receiver of the webhooks, and the variable holding their key.
    webhooks: Option<(String, &'a str)>,
    /// A fixture function and a string field of its model, for the example of `test-util`.
    fixture: Option<(&'a str, &'a str)>,
}

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
struct LibRs<'a> {
    s: &'a Settings,
    docs: Vec<String>,
    example: &'a str,
    /// The modules of the top-level resources (`viewer`, ...).
    modules: Vec<&'a str>,
    /// Whether the crate has the `webhooks` module and feature.
    webhooks: bool,
}

#[derive(Template)]
#[template(path = "config.rs.askama", escape = "none")]
struct ConfigRs<'a> {
    s: &'a Settings,
    /// The variable holding the webhooks' key, when the crate receives them.
    webhook_key_env: Option<&'a str>,
}

/// Filters the templates call; each one is a pure function of its input.
mod filters {
    use std::fmt::Display;

    /// The value as a TOML basic string, quotes included.
    #[askama::filter_fn]
    pub fn toml_str(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::toml_string(&value.to_string()))
    }

    /// The value as a Rust string literal, quotes included.
    #[askama::filter_fn]
    pub fn rust_str(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(proc_macro2::Literal::string(&value.to_string()).to_string())
    }
}

/// `text` as a TOML basic string: quotes and backslashes escaped, control characters as escapes.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() && (c as u32) < 0x80 => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render(name: &str, template: &impl Template) -> Result<String, Error> {
    template.render().map_err(|e| Error::InvalidOutput {
        file: name.to_owned(),
        message: e.to_string(),
    })
}

/// The example shown in the crate docs and README: the first operation of the tree, as lines.
fn first_example(api: &Api) -> String {
    fn find(resources: &[crate::ir::Resource]) -> Option<&crate::ir::Example> {
        resources.iter().find_map(|r| {
            r.operations
                .first()
                .map(|o| &o.example)
                .or_else(|| find(&r.children))
        })
    }
    find(&api.resources)
        .map(|example| super::examples::lines(api, example).join("\n"))
        .unwrap_or_default()
}

/// For the README: the fixture of the first model an operation of the tree returns that has a
/// required string field, and that field.
fn fixture_example(api: &Api) -> Option<(&str, &str)> {
    fn operations(resources: &[crate::ir::Resource]) -> Vec<&crate::ir::Operation> {
        let mut out = Vec::new();
        for r in resources {
            out.extend(&r.operations);
            out.extend(operations(&r.children));
        }
        out
    }
    operations(&api.resources).into_iter().find_map(|op| {
        let ResponseBody::Json(TypeRef::Named(id)) = &op.response else {
            return None;
        };
        let fixture = api.fixtures.iter().find(|f| f.ty == *id)?;
        let TypeKind::Struct(def) = &api.ty(*id).kind else {
            return None;
        };
        let field = def
            .fields
            .iter()
            .find(|field| field.ty == TypeRef::String && field.repr == FieldRepr::Required)?;
        Some((fixture.function.as_str(), field.rust_name.as_str()))
    })
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api) -> Result<String, Error> {
    render(
        "Cargo.toml",
        &CargoToml {
            s: &api.settings,
            webhooks: api.receiver.is_some(),
        },
    )
}

/// `README.md` of the generated crate.
pub fn readme(api: &Api) -> Result<String, Error> {
    render(
        "README.md",
        &Readme {
            s: &api.settings,
            example: &first_example(api),
            webhooks: api.receiver.as_ref().map(|r| {
                let lines = super::examples::receiver_lines(api, r);
                (lines.join("\n"), r.key_env.as_str())
            }),
            fixture: fixture_example(api),
        },
    )
}

/// `src/lib.rs` of the generated crate.
pub fn lib_rs(api: &Api) -> Result<String, Error> {
    let docs = api
        .settings
        .api_description
        .as_deref()
        .map(|d| d.lines().map(str::trim_end).map(str::to_owned).collect())
        .unwrap_or_default();
    render(
        "src/lib.rs",
        &LibRs {
            s: &api.settings,
            docs,
            example: &first_example(api),
            modules: api.resources.iter().map(|r| r.module.as_str()).collect(),
            webhooks: api.receiver.is_some(),
        },
    )
}

/// `src/config.rs` of the generated crate.
pub fn config_rs(api: &Api) -> Result<String, Error> {
    render(
        "src/config.rs",
        &ConfigRs {
            s: &api.settings,
            webhook_key_env: api.receiver.as_ref().map(|r| r.key_env.as_str()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::toml_string;

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("plain"), "\"plain\"");
        assert_eq!(toml_string("Say \"hi\""), "\"Say \\\"hi\\\"\"");
        assert_eq!(toml_string("a\\b"), "\"a\\\\b\"");
        assert_eq!(
            toml_string("1\n2\t\u{1}\u{7f}é"),
            "\"1\\n2\\t\\u0001\\u007Fé\""
        );
    }
}
