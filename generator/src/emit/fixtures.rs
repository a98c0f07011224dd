//! Emitting `src/testing/fixtures.rs` (behind the cargo feature `test-util`): one function per
//! fixture of the IR, which decodes the fixture's JSON into its model, and a test that calls
//! every one of them.

use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::{Api, Fixture};

/// The contents of `src/testing/fixtures.rs`.
pub fn generate(api: &Api) -> TokenStream {
    let lib = &api.settings.lib_name;
    let mut docs = vec![
        "Values of the models the API returns, for an application's tests.".to_owned(),
        "The models are `#[non_exhaustive]`, so a test cannot build one with a struct literal; \
         it starts from a fixture and sets the fields it cares about. Each function returns a \
         fresh value, taken from the API description's examples where they cover the model, \
         made from its schema otherwise; each function's documentation says which."
            .to_owned(),
    ];
    if let Some(first) = api.fixtures.first() {
        docs.push(format!(
            "```\nlet value = {lib}::testing::fixtures::{}();\n```",
            first.function
        ));
    }
    docs.push("# Panics".to_owned());
    docs.push(
        "A function panics only if its JSON does not decode into its model; the crate's own \
         tests call every function, so none does."
            .to_owned(),
    );
    let docs = doc_lines(&docs);
    let functions = api.fixtures.iter().map(|f| function(api, f));
    let calls = api.fixtures.iter().map(|f| {
        let name = ident(&f.function);
        quote!(let _ = super::#name();)
    });
    // A schema whose responses carry no model has no fixtures, and nothing to decode them with.
    let support = (!api.fixtures.is_empty()).then(|| {
        quote! {
            /// Decodes the JSON of the fixture `function`; a failure names the field that did not
        /// decode.
        fn decode<T: ::serde::de::DeserializeOwned>(function: &str, json: &str) -> T {
            let deserializer = &mut ::serde_json::Deserializer::from_str(json);
            ::serde_path_to_error::deserialize(deserializer)
                .unwrap_or_else(|e| panic!("the fixture `{function}` does not decode: {e}"))
        }

            #[cfg(test)]
            mod tests {
                #[test]
                fn every_fixture_decodes() {
                    #(#calls)*
                }
            }
        }
    });
    quote! {
        #(#![doc = #docs])*

        #(#functions)*

        #support
    }
}

/// The function of one fixture.
fn function(api: &Api, fixture: &Fixture) -> TokenStream {
    let model = ident(&api.ty(fixture.ty).name);
    let name = ident(&fixture.function);
    let docs = doc_attrs(&fixture.docs);
    let example = format!(
        "```\nlet value: {lib}::models::{model} = {lib}::testing::fixtures::{}();\n```",
        fixture.function,
        lib = api.settings.lib_name,
    );
    let example = doc_lines(&[String::new(), example]);
    let function = Literal::string(&fixture.function);
    let json = raw_string(&serde_json::to_string_pretty(&fixture.json).unwrap_or_default());
    quote! {
        #docs
        #(#[doc = #example])*
        pub fn #name() -> crate::models::#model {
            decode(#function, #json)
        }
    }
}

/// Doc lines, each with its leading space, a blank line between paragraphs.
fn doc_lines(paragraphs: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| format!(" {l}")));
    }
    lines
}

/// A raw string literal of `text`, with as many `#` as it needs to hold any `"#` inside.
fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    // A raw string of any text is a valid literal, so parsing it cannot fail.
    Literal::from_str(&format!("r{fence}\"{text}\"{fence}"))
        .unwrap_or_else(|_| Literal::string(text))
}
