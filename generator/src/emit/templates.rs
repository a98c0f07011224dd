//! File-level templates: the crate's `Cargo.toml`, `README.md`, `lib.rs` and `config.rs`.
//!
//! Each template gets the IR's [`Settings`](crate::ir::Settings) plus a few lists computed here
//! from the IR; the templates themselves hold only fixed text and holes.

use askama::Template;

use crate::error::Error;
use crate::ir::{Api, Settings};

#[derive(Template)]
#[template(path = "Cargo.toml.askama", escape = "none")]
struct CargoToml<'a> {
    s: &'a Settings,
}

#[derive(Template)]
#[template(path = "README.md.askama", escape = "none")]
struct Readme<'a> {
    s: &'a Settings,
    example: &'a str,
}

#[derive(Template)]
#[template(path = "lib.rs.askama", escape = "none")]
struct LibRs<'a> {
    s: &'a Settings,
    docs: Vec<String>,
    example: &'a str,
}

#[derive(Template)]
#[template(path = "config.rs.askama", escape = "none")]
struct ConfigRs<'a> {
    s: &'a Settings,
}

fn render(name: &str, template: &impl Template) -> Result<String, Error> {
    template.render().map_err(|e| Error::InvalidOutput {
        file: name.to_owned(),
        message: e.to_string(),
    })
}

/// The example shown in the crate docs and README: the first operation of the tree.
fn first_example(api: &Api) -> &str {
    fn find(resources: &[crate::ir::Resource]) -> Option<&str> {
        resources.iter().find_map(|r| {
            r.operations
                .first()
                .map(|o| o.example.as_str())
                .or_else(|| find(&r.children))
        })
    }
    find(&api.resources).unwrap_or("")
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api) -> Result<String, Error> {
    render("Cargo.toml", &CargoToml { s: &api.settings })
}

/// `README.md` of the generated crate.
pub fn readme(api: &Api) -> Result<String, Error> {
    render(
        "README.md",
        &Readme {
            s: &api.settings,
            example: first_example(api),
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
            example: first_example(api),
        },
    )
}

/// `src/config.rs` of the generated crate.
pub fn config_rs(api: &Api) -> Result<String, Error> {
    render("src/config.rs", &ConfigRs { s: &api.settings })
}
