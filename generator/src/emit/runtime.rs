//! The SDK runtime: hand-written modules copied into every generated crate.
//!
//! They live in `generator/runtime/` as ordinary Rust files. Product values (environment
//! variables, the default base URL, the user agent) come from the generated `config.rs`; the
//! runtime holds the conventions every generated SDK shares: retries, errors, pagination and
//! encoding. Each file is an askama template with a single hole, the library name, which its doc
//! examples need (`~{ lib }~::Client`). They are parsed to catch mistakes but not reprinted,
//! because their `//` comments carry the reasoning and prettyplease drops them.

use askama::Template;

use crate::error::Error;

/// Declares one template per runtime file and the list of their names.
macro_rules! runtime_files {
    ($($file:literal => $template:ident),* $(,)?) => {
        $(
            #[derive(Template)]
            #[template(path = $file, syntax = "runtime", escape = "none")]
            #[allow(dead_code, reason = "only the files with doc examples name the library")]
            struct $template<'a> {
                /// The library name of the generated crate, as doc examples `use` it.
                lib: &'a str,
            }
        )*

        /// File names under `src/` of the runtime modules, sorted.
        pub const NAMES: &[&str] = &[$($file),*];

        /// Renders every runtime module for the library `lib`: file name under `src/` and text.
        pub fn render(lib: &str) -> Result<Vec<(&'static str, String)>, Error> {
            let rendered = [$(($file, $template { lib }.render())),*];
            rendered
                .into_iter()
                .map(|(name, text)| {
                    let text = text.map_err(|e| Error::InvalidOutput {
                        file: format!("src/{name}"),
                        message: e.to_string(),
                    })?;
                    // Rendering drops the final newline; a source file ends with exactly one.
                    Ok((name, format!("{}\n", text.trim_end())))
                })
                .collect()
        }
    };
}

runtime_files! {
    "client.rs" => ClientRs,
    "encoding.rs" => EncodingRs,
    "error.rs" => ErrorRs,
    "mock.rs" => MockRs,
    "nullable.rs" => NullableRs,
    "pagination.rs" => PaginationRs,
    "request.rs" => RequestRs,
    "sensitive.rs" => SensitiveRs,
    "serde_helpers.rs" => SerdeHelpersRs,
    "support.rs" => SupportRs,
    "testing.rs" => TestingRs,
    "unions.rs" => UnionsRs,
    "validate.rs" => ValidateRs,
    "webhooks/verify.rs" => WebhooksVerifyRs,
}

/// The runtime module of the webhook receiver, in the crate only when the schema has one.
pub const WEBHOOKS: &str = "webhooks/verify.rs";

#[cfg(test)]
mod tests {
    #[test]
    fn every_runtime_file_renders_to_valid_rust_naming_the_library() {
        let files = super::render("some_sdk").expect("the runtime renders");
        assert_eq!(files.len(), super::NAMES.len());
        for (name, text) in &files {
            if let Err(e) = syn::parse_file(text) {
                panic!("generator/runtime/{name} is not valid Rust once rendered: {e}");
            }
            assert!(!text.contains("~{"), "{name}: a hole was left unfilled");
            assert!(!text.contains("avara"), "{name}: names one SDK's crate");
        }
        let client = &files
            .iter()
            .find(|(name, _)| *name == "client.rs")
            .expect("client.rs")
            .1;
        assert!(client.contains("some_sdk::Client::builder()"), "{client}");
    }
}
