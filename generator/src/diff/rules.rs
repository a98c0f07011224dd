//! The classification rules of the change report: one [`Rule`] per kind of change, each with
//! its impact and its reason. The README's table is printed from [`Rule::ALL`] and checked
//! against it by a test, so the two cannot disagree.

use std::fmt;

/// How a change affects the SDK's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Impact {
    /// Code that compiled against the base SDK may no longer compile.
    BreakingRust,
    /// Code still compiles, but a program that worked may fail at run time: the SDK refuses or
    /// sends something it did not before, or SDKs built from the base misread the API as the
    /// head describes it.
    BreakingWire,
    /// Nothing that worked stops working.
    Compatible,
}

impl Impact {
    /// Every impact, most severe first.
    pub const ALL: [Impact; 3] = [
        Impact::BreakingRust,
        Impact::BreakingWire,
        Impact::Compatible,
    ];

    /// Whether the change needs the breaking semver step.
    pub fn is_breaking(self) -> bool {
        self != Impact::Compatible
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Impact::BreakingRust => "breaking for Rust callers",
            Impact::BreakingWire => "breaking on the wire",
            Impact::Compatible => "compatible",
        })
    }
}

macro_rules! rules {
    ($($(#[doc = $doc:literal])* $name:ident: $impact:ident, $when:literal, $reason:literal;)*) => {
        /// A kind of change, with its impact and reason.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($(#[doc = $doc])* $name,)*
        }

        impl Rule {
            /// Every rule, in the order of the README's table.
            pub const ALL: &'static [Rule] = &[$(Rule::$name,)*];

            /// How a change of this kind affects the SDK's users.
            pub fn impact(self) -> Impact {
                match self {
                    $(Rule::$name => Impact::$impact,)*
                }
            }

            /// The situation the rule covers, as a sentence fragment.
            pub fn when(self) -> &'static str {
                match self {
                    $(Rule::$name => $when,)*
                }
            }

            /// Why the change has this impact.
            pub fn reason(self) -> &'static str {
                match self {
                    $(Rule::$name => $reason,)*
                }
            }
        }
    };
}

rules! {
    /// `x-sdk.crateName` changed.
    CrateRenamed: BreakingRust, "the crate's name changes",
        "dependents name the crate in `Cargo.toml` and in every path";
    /// An environment variable the client reads is renamed.
    EnvRenamed: BreakingWire, "an environment variable the client reads is renamed",
        "programs configured through the old variable silently lose that setting";
    /// The default base URL changed.
    BaseUrlChanged: BreakingWire, "the default base URL changes",
        "programs that rely on the default reach another server";
    /// A default of the client (timeout, retries) changed.
    ClientDefaultChanged: Compatible, "a default of the client (timeout, retries) changes",
        "no call changes shape, and callers who set the value keep it";
    /// An operation is new.
    OperationAdded: Compatible, "an operation is added", "a new method; existing calls are unaffected";
    /// An operation is gone.
    OperationRemoved: BreakingRust, "an operation is removed", "calls to the method no longer compile";
    /// An operation id changed on the same endpoint.
    OperationRenamed: BreakingRust,
        "an operation id changes and the HTTP method and path stay (detected as a rename)",
        "the method moves to another name or resource: calls to the old one no longer compile";
    /// The HTTP method or path of an operation changed.
    EndpointChanged: BreakingWire, "an operation's HTTP method or path changes",
        "the call compiles as before, but SDKs built from the base send requests to an endpoint \
         the API no longer describes";
    /// An operation is now idempotent.
    BecameIdempotent: Compatible, "an operation becomes idempotent (`x-idempotent`)",
        "the SDK now also retries it after a timeout or a dropped connection, which the schema \
         says is safe; calls compile and send the same requests";
    /// An operation is no longer idempotent.
    BecameNonIdempotent: BreakingWire, "an operation stops being idempotent",
        "calls compile as before, but a timeout or a dropped connection that the SDK used to \
         retry now fails with an unknown outcome, which callers must handle";
    /// A path parameter is new.
    PathParamAdded: BreakingRust, "a path parameter is added",
        "path parameters are method arguments: calls pass one argument too few";
    /// A path parameter is gone.
    PathParamRemoved: BreakingRust, "a path parameter is removed",
        "path parameters are method arguments: calls pass one argument too many";
    /// A path parameter has a new wire name and the same position and type.
    PathParamRenamed: Compatible, "a path parameter's name in the template changes",
        "arguments are positional and the URL is built the same way";
    /// A path parameter's type changed.
    PathParamTypeChanged: BreakingRust, "a path parameter's type changes",
        "the method argument has another type: calls that pass the old one no longer compile";
    /// A required request field is new.
    RequiredFieldAdded: BreakingRust, "a required query or body field is added",
        "required fields are checked at compile time: calls that do not set it no longer compile";
    /// An optional request field is new.
    OptionalFieldAdded: Compatible, "an optional query or body field is added",
        "a new setter; calls that do not use it are unaffected";
    /// A request field is gone.
    RequestFieldRemoved: BreakingRust, "a query or body field is removed",
        "its setter is gone: calls that set it no longer compile";
    /// A request field's type changed.
    RequestFieldTypeChanged: BreakingRust, "a query or body field's type changes",
        "its setter takes another type: calls that pass the old one no longer compile";
    /// An optional request field became required.
    FieldMadeRequired: BreakingRust, "an optional query or body field becomes required",
        "required fields are checked at compile time: calls that do not set it no longer compile";
    /// A required request field became optional.
    FieldMadeOptional: Compatible, "a required query or body field becomes optional",
        "calls that set it compile as before; it may now be left out";
    /// An optional request field may now be null.
    FieldMadeNullable: Compatible, "an optional query or body field becomes nullable",
        "a setter that sends `null` is added; the others are unchanged";
    /// An optional request field may no longer be null.
    FieldMadeNonNullable: BreakingRust, "an optional nullable query or body field stops being nullable",
        "the setter that sends `null` is gone: calls that use it no longer compile";
    /// A required request field became nullable, stopped being nullable, or a required nullable
    /// one became optional.
    RequiredNullChanged: BreakingRust,
        "a required query or body field becomes nullable or stops being nullable, or a required \
         nullable one becomes optional",
        "a required field that may be null is set with an `Option`: its setter's type changes";
    /// A request field is sent elsewhere.
    FieldMoved: BreakingWire,
        "a field moves between query and body, or an array between comma-joined and repeated",
        "the setter is unchanged, but SDKs built from the base send it where the API no longer \
         reads it";
    /// A rule over several request fields is new (or changed).
    RuleAdded: BreakingWire, "a rule over several request fields is added or changed",
        "the SDK now refuses, before sending, requests that passed before";
    /// A rule over several request fields is gone.
    RuleRemoved: Compatible, "a rule over several request fields is removed",
        "every request accepted before is still accepted";
    /// Constraints tightened.
    ConstraintTightened: BreakingWire,
        "a constraint is added or tightened (on a field, a path parameter or an ID)",
        "values accepted before are now refused by the SDK's checks, before sending or when an \
         ID is made";
    /// Constraints loosened.
    ConstraintLoosened: Compatible, "a constraint is removed or loosened",
        "every value accepted before is still accepted";
    /// Constraints changed both ways (a new pattern, say).
    ConstraintChanged: BreakingWire, "a constraint changes in a way that is neither tighter nor looser (a new pattern)",
        "some values accepted before are now refused by the SDK's checks";
    /// A body changed between one whole value and an object's fields.
    BodyShapeChanged: BreakingRust, "a request body changes between one whole value and an object's fields",
        "a whole-value body is one `body` argument and an object body is a setter per field: \
         calls change shape";
    /// The response type changed.
    ResponseChanged: BreakingRust, "what an operation returns changes",
        "the call's result has another type";
    /// Pagination is new.
    PaginationAdded: BreakingRust, "pagination is added to an operation",
        "the method returns a list request: awaiting it gives a page, not the response, so code \
         that used the response no longer compiles";
    /// Pagination is gone.
    PaginationRemoved: BreakingRust, "pagination is removed from an operation",
        "the method no longer returns a list request: streams and pages no longer compile";
    /// The item type of a listing changed.
    PaginationItemChanged: BreakingRust, "the item type of a listing changes",
        "streams and pages yield another type";
    /// The fields or parameter a listing pages with changed.
    PagingChanged: BreakingWire, "the fields or cursor parameter a listing walks pages with change",
        "the call compiles as before, but SDKs built from the base walk pages with the old \
         fields and stop or fail";
    /// A type is new.
    TypeAdded: Compatible, "a type is added", "a new name; nothing that exists changes";
    /// A type is gone.
    TypeRemoved: BreakingRust, "a type is removed (a type renamed is removed and added)",
        "code that names it no longer compiles";
    /// A type changed kind.
    TypeKindChanged: BreakingRust, "a type changes kind (struct, enum, newtype, union, alias)",
        "code that builds, matches or reads it no longer compiles";
    /// A model callers built is now built by the API only.
    ModelClosed: BreakingRust, "a request model becomes a response model (`#[non_exhaustive]`)",
        "callers can no longer build it with a struct literal";
    /// A model the API built can now be built by callers.
    ModelOpened: Compatible, "a response model becomes a request model (a plain struct)",
        "callers may now build it; every use of it compiles as before";
    /// A field of a request model is new.
    ModelFieldAdded: BreakingRust, "a field is added to a request model (required or optional)",
        "request models are plain structs that callers build with struct literals, which must \
         name every field";
    /// A field of a response model is new.
    ResponseFieldAdded: Compatible, "a field is added to a response model (required or optional)",
        "response models are `#[non_exhaustive]`: no caller builds them or names every field, \
         and SDKs built from the base ignore the new key";
    /// A field of a model is gone.
    ModelFieldRemoved: BreakingRust, "a field is removed from a model",
        "code that reads or sets it no longer compiles";
    /// A field of a model changed type.
    ModelFieldTypeChanged: BreakingRust, "a model field's type changes",
        "code that reads or sets it with the old type no longer compiles";
    /// A model field's Rust wrapper changed.
    ModelFieldWrapperChanged: BreakingRust,
        "a model field changes between `T`, `Option<T>` and `Nullable<T>` (made nullable or \
         non-nullable, required or optional)",
        "the field's Rust type changes: code that reads or sets it no longer compiles";
    /// A response field may now be missing.
    ResponseKeyMayBeMissing: BreakingWire, "a required nullable response field becomes optional",
        "the Rust type stays `Option<T>`, but SDKs built from the base require the key and fail \
         to read responses without it";
    /// A response field is now always present.
    ResponseKeyAlwaysPresent: Compatible, "an optional response field becomes required and nullable",
        "the Rust type stays `Option<T>`, and the key is read as before";
    /// A request model field must now be sent.
    RequestKeyRequired: BreakingWire, "an optional request model field becomes required and nullable",
        "the Rust type stays `Option<T>`, but SDKs built from the base leave the key out, which \
         the API now requires";
    /// A request model field may now be left out.
    RequestKeyOptional: Compatible, "a required nullable request model field becomes optional",
        "the Rust type stays `Option<T>`; leaving the key out is now allowed";
    /// A field's `readOnly` / `writeOnly` widened.
    AccessWidened: Compatible, "a model field stops being `readOnly` or `writeOnly`",
        "the field is now sent or read where it was not; no code changes";
    /// A field's `readOnly` / `writeOnly` narrowed.
    AccessNarrowed: BreakingWire, "a model field becomes `readOnly` or `writeOnly`",
        "the field stays in the struct, but the SDK stops sending or reading it";
    /// Something is deprecated, or no longer deprecated.
    DeprecationChanged: Compatible, "something is deprecated, or stops being deprecated",
        "`#[deprecated]` warns; it does not break a build";
    /// An enum value is new.
    EnumValueAdded: Compatible, "an enum value is added",
        "enums are `#[non_exhaustive]` and keep unknown values: matches already have a wildcard \
         arm, and SDKs built from the base read the value as unknown";
    /// An enum value is gone.
    EnumValueRemoved: BreakingRust, "an enum value is removed",
        "code that names the variant no longer compiles";
    /// A union member is new.
    UnionVariantAdded: Compatible, "a union member is added",
        "unions are `#[non_exhaustive]`: matches already have a wildcard arm";
    /// A union member is gone.
    UnionVariantRemoved: BreakingRust, "a union member is removed",
        "code that names the variant no longer compiles";
    /// A union member's type changed.
    UnionVariantTypeChanged: BreakingRust, "a union member's type changes",
        "code that builds or matches the variant with the old type no longer compiles";
    /// A union member's tags changed.
    UnionTagsChanged: BreakingWire, "the tags that select a union member change",
        "SDKs built from the base read such values as another member or as unknown";
    /// A tagged union stopped being tagged.
    UnionUntagged: BreakingRust, "a tagged union stops being tagged",
        "its variant for unknown tags is gone: code that names it no longer compiles";
    /// A union decodes differently.
    UnionDecodingChanged: BreakingWire, "a union tells its members apart another way",
        "the same values may now be read as other members";
    /// A type alias names another type.
    AliasTargetChanged: BreakingRust, "a type alias names another type",
        "code that uses the alias with the old type no longer compiles";
    /// A webhook is new.
    WebhookAdded: Compatible, "a webhook is added", "a new event; existing handlers are unaffected";
    /// A webhook is gone.
    WebhookRemoved: BreakingWire, "a webhook is removed",
        "the API no longer sends it: handlers written for it are never called";
    /// A webhook's body or answer changed type.
    WebhookTypeChanged: BreakingRust, "a webhook's payload or answer changes type",
        "handlers read or build another type";
    /// `x-sdk.webhooks` is added: the crate gains its `webhooks` module.
    ReceiverAdded: Compatible, "the crate starts receiving webhooks (`x-sdk.webhooks` is added)",
        "a new module behind a new cargo feature; nothing that exists changes";
    /// `x-sdk.webhooks` is removed: the `webhooks` module and its feature are gone.
    ReceiverRemoved: BreakingRust, "the crate stops receiving webhooks (`x-sdk.webhooks` is removed)",
        "receivers use the `webhooks` module and enable its feature, and both are gone";
    /// `x-sdk.webhooks.event` names another union.
    ReceiverEventChanged: BreakingRust, "`webhooks::Event` becomes another union",
        "receivers match the variants of the old union";
}

/// The rules as a Markdown table, as the README lists them.
pub fn rules_table() -> String {
    let mut out = String::from("| When | Impact | Why |\n|---|---|---|\n");
    for rule in Rule::ALL {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            capitalize(rule.when()),
            rule.impact(),
            rule.reason()
        ));
    }
    out
}

/// The text with its first letter in upper case.
pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README lists the rules as the table says. With `UPDATE_README=1`, the test rewrites
    /// the README's list instead of failing.
    #[test]
    fn the_readme_lists_the_rules() {
        const START: &str = "<!-- api-diff-rules:start -->\n";
        const END: &str = "<!-- api-diff-rules:end -->";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
        let readme = std::fs::read_to_string(&path).expect("README.md is readable");
        let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
            panic!("README.md has no `{START}` ... `{END}` block");
        };
        let expected = rules_table();
        if readme[start + START.len()..end] == expected {
            return;
        }
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!(
                "{}{expected}{}",
                &readme[..start + START.len()],
                &readme[end..]
            );
            std::fs::write(&path, updated).expect("README.md is written");
            return;
        }
        panic!(
            "README.md's api-diff rules differ from the rule table; run `UPDATE_README=1 cargo \
             test -p avara-generator the_readme_lists_the_rules` and commit the README"
        );
    }

    #[test]
    fn every_rule_has_text() {
        for rule in Rule::ALL {
            assert!(
                !rule.when().is_empty() && !rule.reason().is_empty(),
                "{rule:?}"
            );
        }
    }
}
