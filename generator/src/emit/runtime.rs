//! The SDK runtime: hand-written modules copied into every generated crate unchanged.
//!
//! They live in `generator/runtime/` as ordinary Rust files and contain nothing specific to one
//! API; product values come from the generated `config.rs`. They are parsed to catch mistakes but
//! not reprinted, because their `//` comments carry the reasoning and prettyplease drops them.

/// File name under `src/` and contents of each runtime module.
pub const FILES: &[(&str, &str)] = &[
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("encoding.rs", include_str!("../../runtime/encoding.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    (
        "serde_helpers.rs",
        include_str!("../../runtime/serde_helpers.rs"),
    ),
    ("support.rs", include_str!("../../runtime/support.rs")),
    ("validate.rs", include_str!("../../runtime/validate.rs")),
];
