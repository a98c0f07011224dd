//! Turning wire names into Rust identifiers: case conversion, keywords, digits and punctuation.
//!
//! Every identifier in the generated code comes from here, so the rules live in one place and are
//! tested as tables. Collisions after conversion are detected by callers with [`NameSet`] and
//! reported, never merged.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::{Field, RenameRule, WireNaming};

/// Keywords of every edition, strict and reserved (2015, 2018 `async`/`await`/`dyn`/`try`, 2024 `gen`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A snake_case identifier for a field, argument, method or module.
///
/// `firstName` → `first_name`, `type` → `r#type`, `self` → `self_`, `2fa` → `_2fa`, `a.b` → `a_b`,
/// `ü` → `u00fc`.
pub fn snake(wire: &str) -> String {
    let name = words(wire).to_snake_case();
    escape(
        if name.is_empty() {
            "unnamed".to_owned()
        } else {
            name
        },
        "_",
    )
}

/// A PascalCase identifier for a type or enum variant.
///
/// `Pathologists' Assistant` → `PathologistsAssistant`, `IT Support` → `ItSupport`,
/// `not-expired` → `NotExpired`, `1x1` → `V1x1`, `Self` → `Self_`.
pub fn pascal(wire: &str) -> String {
    let name = words(wire).to_upper_camel_case();
    escape(
        if name.is_empty() {
            "Unnamed".to_owned()
        } else {
            name
        },
        "V",
    )
}

/// A module file stem: snake_case, and never a keyword (raw identifiers make poor file names).
pub fn module(wire: &str) -> String {
    let name = words(wire).to_snake_case();
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Replaces every character that cannot be part of an identifier with a word break, and spells
/// out non-ASCII letters (`ü` → ` u00fc `) so that distinct wire names stay distinct.
fn words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else if c == '\'' {
            // An apostrophe joins a word (`Pathologists'`), it does not start a new one.
        } else {
            out.push(' ');
        }
    }
    out
}

/// Makes `name` a valid identifier: digits first get `digit_prefix`, keywords become raw or get `_`.
fn escape(name: String, digit_prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// Whether `name` is a Rust keyword of any edition (or `_`), so it cannot name a crate.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

/// The identifier without a raw prefix, for building derived names (`r#type` → `type`).
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The wire name serde gives field `rust_name` under `rule` (serde's own algorithm:
/// `study_instance_uid` is `studyInstanceUid` in camelCase, not `studyInstanceUID`).
pub fn apply_rule(rule: RenameRule, rust_name: &str) -> String {
    let field = unraw(rust_name);
    match rule {
        RenameRule::Pascal => {
            let mut out = String::with_capacity(field.len());
            let mut capitalize = true;
            for c in field.chars() {
                if c == '_' {
                    capitalize = true;
                } else if capitalize {
                    out.push(c.to_ascii_uppercase());
                    capitalize = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        RenameRule::Camel => {
            let pascal = apply_rule(RenameRule::Pascal, field);
            let mut chars = pascal.chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => pascal,
            }
        }
        RenameRule::Kebab => field.replace('_', "-"),
        RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
    }
}

/// Every rule, in the order a tie prefers them.
const RULES: [RenameRule; 4] = [
    RenameRule::Camel,
    RenameRule::Pascal,
    RenameRule::Kebab,
    RenameRule::ScreamingSnake,
];

/// The rule that names the most of `fields` (Rust name, wire name) correctly, if it names more
/// of them than leaving the Rust names as they are does; the others need a `rename` of their own.
pub fn best_rename_rule<'f>(
    fields: impl Iterator<Item = (&'f str, &'f str)> + Clone,
) -> Option<RenameRule> {
    let as_is = fields
        .clone()
        .filter(|(rust, wire)| unraw(rust) == *wire)
        .count();
    let mut best: Option<(RenameRule, usize)> = None;
    for rule in RULES {
        let named = fields
            .clone()
            .filter(|(rust, wire)| apply_rule(rule, rust) == *wire)
            .count();
        if named > as_is && best.is_none_or(|(_, most)| named > most) {
            best = Some((rule, named));
        }
    }
    best.map(|(rule, _)| rule)
}

/// Names a set of fields the way serde will: the best `rename_all` rule for them, and each
/// field's naming under it.
pub fn name_fields(fields: &mut [Field]) -> Option<RenameRule> {
    let rule = best_rename_rule(
        fields
            .iter()
            .map(|f| (f.rust_name.as_str(), f.wire_name.as_str())),
    );
    for f in fields {
        let derived = match rule {
            Some(rule) => apply_rule(rule, &f.rust_name),
            None => unraw(&f.rust_name).to_owned(),
        };
        f.naming = if derived == f.wire_name {
            WireNaming::Rule
        } else {
            WireNaming::Explicit
        };
    }
    rule
}

/// Names already taken in one scope, with where each came from, to report collisions.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: BTreeMap<String, String>,
}

impl NameSet {
    /// Claims `name` for `origin`; returns the origin that already holds it, if any.
    pub fn claim(&mut self, name: &str, origin: &str) -> Result<(), String> {
        match self.taken.get(name) {
            Some(previous) => Err(previous.clone()),
            None => {
                self.taken.insert(name.to_owned(), origin.to_owned());
                Ok(())
            }
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let table = [
            ("firstName", "first_name"),
            ("suffix1", "suffix1"),
            ("hasMore", "has_more"),
            ("studyInstanceUid", "study_instance_uid"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("2fa", "_2fa"),
            ("1x1", "_1x1"),
            ("a.b", "a_b"),
            ("ü", "u00fc"),
            ("", "unnamed"),
            ("---", "unnamed"),
        ];
        for (wire, expected) in table {
            assert_eq!(snake(wire), expected, "snake({wire:?})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let table = [
            ("Pathologists' Assistant", "PathologistsAssistant"),
            ("IT Support", "ItSupport"),
            ("IT Administrator", "ItAdministrator"),
            ("not-expired", "NotExpired"),
            ("Speech-Language Pathologist", "SpeechLanguagePathologist"),
            (
                "Certified Registered Nurse Anesthetist",
                "CertifiedRegisteredNurseAnesthetist",
            ),
            ("APIKeyReference", "ApiKeyReference"),
            ("1x1", "V1x1"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("type", "Type"),
            ("ü", "U00fc"),
            ("", "Unnamed"),
        ];
        for (wire, expected) in table {
            assert_eq!(pascal(wire), expected, "pascal({wire:?})");
        }
    }

    #[test]
    fn rename_rules_follow_serde() {
        let table = [
            (RenameRule::Camel, "study_instance_uid", "studyInstanceUid"),
            (RenameRule::Camel, "suffix1", "suffix1"),
            (RenameRule::Camel, "r#type", "type"),
            (RenameRule::Pascal, "patient_id", "PatientId"),
            (RenameRule::Kebab, "max_age", "max-age"),
            (RenameRule::ScreamingSnake, "max_age", "MAX_AGE"),
        ];
        for (rule, rust, wire) in table {
            assert_eq!(apply_rule(rule, rust), wire, "{rule:?}({rust})");
        }
    }

    #[test]
    fn the_best_rule_names_most_fields_and_the_rest_are_renamed() {
        let best = |fields: &[(&str, &str)]| best_rename_rule(fields.iter().copied());
        assert_eq!(
            best(&[
                ("first_name", "firstName"),
                ("email", "email"),
                ("study_instance_uid", "studyInstanceUID")
            ]),
            Some(RenameRule::Camel)
        );
        assert_eq!(
            best(&[
                ("accession_number", "AccessionNumber"),
                ("patient_id", "PatientID")
            ]),
            Some(RenameRule::Pascal)
        );
        assert_eq!(
            best(&[("email", "email"), ("id", "id")]),
            None,
            "no rule is needed"
        );
        assert_eq!(best(&[]), None);
    }

    #[test]
    fn modules_are_never_raw() {
        assert_eq!(module("type"), "type_");
        assert_eq!(module("ClinicRole"), "clinic_role");
    }

    #[test]
    fn name_set_reports_the_first_owner() {
        let mut names = NameSet::default();
        assert!(names.claim("first_name", "#/a").is_ok());
        assert_eq!(names.claim("first_name", "#/b"), Err("#/a".to_owned()));
    }
}
