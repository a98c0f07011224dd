//! The usage example of each method's rustdoc: a call with every required value filled in, as
//! text that compiles in a `no_run` doctest. Values come from the schema where it has them (an
//! ID's documented example, an enum's first value) and are placeholders of the right type
//! otherwise.

use super::Lowerer;
use super::naming;
use crate::ir::{PathParam, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// A usage example for the method's rustdoc; it must compile, so it only uses required values.
    pub(super) fn example(
        &self,
        resource: &[String],
        method: &str,
        path_params: &[PathParam],
        params: Option<&str>,
        paginated: bool,
    ) -> String {
        let lib = &self.lib_name;
        let mut lines = vec![format!("let client = {lib}::Client::from_env()?;")];
        let mut args: Vec<String> = path_params
            .iter()
            .map(|p| match &p.ty {
                TypeRef::Named(name) => format!(
                    "&{lib}::models::{name}::new({:?})?",
                    self.example_string(name)
                ),
                _ => format!("{:?}", format!("{}-example", p.wire_name)),
            })
            .collect();
        if let Some(params) = params {
            let def = self.find_type(params).and_then(|t| match &t.kind {
                TypeKind::Params(p) => Some(p),
                _ => None,
            });
            let required: Vec<_> = def
                .into_iter()
                .flat_map(|d| d.fields.iter())
                .filter(|f| f.state_param.is_some())
                .collect();
            if required.is_empty() {
                lines.push(format!("let params = {lib}::models::{params}::default();"));
            } else {
                lines.push(format!("let params = {lib}::models::{params}::builder()"));
                for f in required {
                    let value = self.example_value(&f.field.ty, &f.field.wire_name);
                    lines.push(format!("    .{}({value})", f.field.rust_name));
                }
                lines.push("    .build();".to_owned());
            }
            args.push("params".to_owned());
        }
        let call = format!(
            "client.{}().{}({})",
            resource
                .iter()
                .map(|s| naming::snake(s))
                .collect::<Vec<_>>()
                .join("()."),
            method,
            args.join(", ")
        );
        if paginated {
            lines.push(format!("let page = {call}.await?;"));
            lines.push("for item in page.items() {".to_owned());
            lines.push("    println!(\"{item:?}\");".to_owned());
            lines.push("}".to_owned());
        } else {
            lines.push(format!("let response = {call}.await?;"));
            lines.push("println!(\"{response:?}\");".to_owned());
        }
        lines.join("\n")
    }

    fn example_string(&self, newtype: &str) -> String {
        self.find_type(newtype)
            .and_then(|t| match &t.kind {
                TypeKind::Newtype(n) => n.example.clone(),
                _ => None,
            })
            .unwrap_or_else(|| "example".to_owned())
    }

    fn example_value(&self, ty: &TypeRef, wire: &str) -> String {
        let lib = &self.lib_name;
        match ty {
            TypeRef::String => format!("{:?}", format!("{wire}-example")),
            TypeRef::Bool => "true".to_owned(),
            TypeRef::Integer => "1".to_owned(),
            TypeRef::Number => "1.0".to_owned(),
            TypeRef::DateTime => format!("{lib}::chrono::Utc::now()"),
            TypeRef::Date => format!("{lib}::chrono::NaiveDate::default()"),
            TypeRef::Array(item) => format!("[{}]", self.example_value(item, wire)),
            TypeRef::Json | TypeRef::Map(_) => "Default::default()".to_owned(),
            TypeRef::Named(name) => match self.find_type(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => match e.variants.first() {
                    Some(v) => format!("{lib}::models::{name}::{}", v.rust_name),
                    None => format!(
                        "{lib}::models::{name}::{}(String::new())",
                        e.unknown_variant
                    ),
                },
                Some(TypeKind::Newtype(_)) => format!(
                    "{lib}::models::{name}::new({:?})?",
                    self.example_string(name)
                ),
                _ => "todo!(\"a value\")".to_owned(),
            },
        }
    }
}
