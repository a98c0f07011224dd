//! Lowering the crate settings (`info`, `servers`, `x-sdk`), each checked where it is written.
//!
//! These values end up in the generated `Cargo.toml`, `config.rs`, `lib.rs` and in HTTP headers, so
//! each one is held to the rules of the place it goes: a crate name Cargo accepts, a semver
//! version, header names and values HTTP can carry, environment variable names a shell can set,
//! and an absolute base URL. Emitters escape every value anyway; these checks exist so that a
//! mistake is reported at its line instead of surfacing later as a crate that fails at run time.
//! The checks are pure functions returning the message, tested beside them.

use super::Diagnostics;
use super::docs;
use super::naming;
use crate::ir::Settings;
use crate::spec::Document;

/// The JSON Schema dialects the schemas may declare: OpenAPI 3.1's own (the default) and the
/// JSON Schema 2020-12 it builds on.
const DIALECTS: [&str; 2] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Checks every setting and builds them.
pub(super) fn lower(doc: &Document, diags: &mut Diagnostics) -> Option<Settings> {
    let sdk = &doc.sdk;
    let checks: [(&str, Result<(), String>); 7] = [
        ("/info/title", check_one_line("the title", &doc.info.title)),
        ("/x-sdk/crateName", check_crate_name(&sdk.crate_name)),
        ("/x-sdk/crateVersion", check_version(&sdk.crate_version)),
        ("/x-sdk/license", check_license(&sdk.license)),
        ("/x-sdk/userAgent", check_user_agent(&sdk.user_agent)),
        (
            "/x-sdk/retryCountHeader",
            check_header_name(&sdk.retry_count_header),
        ),
        (
            "/x-sdk/defaultTimeoutSeconds",
            check_timeout(sdk.default_timeout_seconds),
        ),
    ];
    for (pointer, result) in checks {
        if let Err(message) = result {
            diags.error(pointer, message);
        }
    }
    if let Some(seconds) = sdk.default_connect_timeout_seconds {
        let check = check_timeout(seconds).and_then(|()| {
            if seconds > sdk.default_timeout_seconds {
                Err(format!(
                    "a connect timeout of {seconds} s is longer than the attempt timeout \
                     (`defaultTimeoutSeconds`: {} s), which already bounds connecting",
                    sdk.default_timeout_seconds
                ))
            } else {
                Ok(())
            }
        });
        if let Err(message) = check {
            diags.error("/x-sdk/defaultConnectTimeoutSeconds", message);
        }
    }
    if let Some(dialect) = &doc.json_schema_dialect {
        if !DIALECTS.contains(&dialect.trim_end_matches('#')) {
            diags.error(
                    "/jsonSchemaDialect",
                    format!("the schemas are read as JSON Schema 2020-12 (the OpenAPI 3.1 dialect), not `{dialect}`; remove `jsonSchemaDialect` or set it to {}", DIALECTS[0]),
                );
        }
    }
    for (key, url) in [
        ("repository", &sdk.repository),
        ("documentation", &sdk.documentation),
    ] {
        if let Some(Err(message)) = url.as_deref().map(check_https_url) {
            diags.error(&format!("/x-sdk/{key}"), message);
        }
    }
    check_env_names(doc, diags);
    // Without a server, callers give the base URL themselves.
    let server = doc.servers.first();
    if let Some(Err(message)) = server.map(|s| check_base_url(&s.url)) {
        diags.error("/servers/0/url", message);
    }
    Some(Settings {
        crate_name: sdk.crate_name.clone(),
        lib_name: sdk.crate_name.replace('-', "_"),
        crate_version: sdk.crate_version.clone(),
        crate_description: sdk.crate_description.clone(),
        license: sdk.license.clone(),
        repository: sdk.repository.clone(),
        documentation: sdk.documentation.clone(),
        api_title: doc.info.title.clone(),
        api_description: doc.info.description.as_deref().map(docs::plain_lines),
        default_base_url: server.map(|s| s.url.trim_end_matches('/').to_owned()),
        user_agent: sdk.user_agent.clone(),
        retry_count_header: sdk.retry_count_header.to_ascii_lowercase(),
        default_timeout_seconds: sdk.default_timeout_seconds,
        default_max_retries: sdk.default_max_retries,
        default_connect_timeout_seconds: sdk.default_connect_timeout_seconds,
        api_key_env: sdk.env.api_key.clone(),
        base_url_env: sdk.env.base_url.clone(),
        custom_headers_env: sdk.env.custom_headers.clone(),
        log_env: sdk.env.log.clone(),
    })
}

/// Each environment variable name must be one a shell can set; and the variables mean
/// different things, so one name cannot serve two of them.
fn check_env_names(doc: &Document, diags: &mut Diagnostics) {
    let env = &doc.sdk.env;
    let mut names = vec![
        ("apiKey", &env.api_key),
        ("baseUrl", &env.base_url),
        ("customHeaders", &env.custom_headers),
    ];
    names.extend(env.log.as_ref().map(|log| ("log", log)));
    names.extend(env.webhook_key.as_ref().map(|key| ("webhookKey", key)));
    for (i, (key, name)) in names.iter().enumerate() {
        if let Err(message) = check_env_name(name) {
            diags.error(&format!("/x-sdk/env/{key}"), message);
        }
        if let Some((first, _)) = names[..i].iter().find(|(_, n)| n == name) {
            diags.error(
                    &format!("/x-sdk/env/{key}"),
                    format!("`{name}` is already the name of `env.{first}`; each variable needs its own name"),
                );
        }
    }
}

/// A Cargo package name: lowercase ASCII letters, digits, `-` and `_`, starting with a letter, at
/// most 64 characters, and not a Rust keyword once `-` becomes `_` (it is also the library name).
pub(super) fn check_crate_name(name: &str) -> Result<(), String> {
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid_chars || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(format!(
            "{name:?} is not a valid crate name: use lowercase letters, digits, `-` or `_`, starting with a letter (e.g. `acme-sdk`)"
        ));
    }
    if name.len() > 64 {
        return Err(format!(
            "the crate name is {} characters long; Cargo allows at most 64",
            name.len()
        ));
    }
    let lib = name.replace('-', "_");
    if naming::is_keyword(&lib) {
        return Err(format!(
            "`{name}` is a Rust keyword and cannot name a library; choose another crate name (e.g. `{name}-sdk`)"
        ));
    }
    Ok(())
}

/// A semver version: `MAJOR.MINOR.PATCH`, then an optional `-pre.release` and `+build`.
pub(super) fn check_version(version: &str) -> Result<(), String> {
    let error = || {
        format!(
            "{version:?} is not a semver version; write `MAJOR.MINOR.PATCH` with an optional `-pre-release` and `+build`, e.g. `0.1.0` or `1.2.0-beta.1`"
        )
    };
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let core_ok = numbers.len() == 3 && numbers.iter().all(|n| is_numeric_identifier(n));
    let pre_ok = pre.is_none_or(|p| {
        p.split('.').all(|id| {
            is_alphanumeric_identifier(id)
                && (!id.bytes().all(|b| b.is_ascii_digit()) || is_numeric_identifier(id))
        })
    });
    let build_ok = build.is_none_or(|b| b.split('.').all(is_alphanumeric_identifier));
    if core_ok && pre_ok && build_ok {
        Ok(())
    } else {
        Err(error())
    }
}

/// `0`, or digits without a leading zero.
fn is_numeric_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// ASCII letters, digits and `-`, at least one.
fn is_alphanumeric_identifier(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An SPDX licence expression, checked for its alphabet only: identifiers, `AND`, `OR`, `WITH` and
/// parentheses.
pub(super) fn check_license(license: &str) -> Result<(), String> {
    let valid = license.chars().any(|c| c.is_ascii_alphanumeric())
        && license
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-+()".contains(c));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{license:?} is not an SPDX licence expression; write identifiers such as `MIT` or `MIT OR Apache-2.0`"
        ))
    }
}

/// The product token of the `User-Agent` header: printable ASCII, as `HeaderValue` requires, and no
/// surrounding spaces (HTTP would drop them).
pub(super) fn check_user_agent(user_agent: &str) -> Result<(), String> {
    let printable = user_agent.bytes().all(|b| (b' '..=b'~').contains(&b));
    if !printable || user_agent.trim() != user_agent || user_agent.is_empty() {
        return Err(format!(
            "{user_agent:?} cannot be sent as a `User-Agent` header; use printable ASCII without leading or trailing spaces, e.g. `acme-rust`"
        ));
    }
    Ok(())
}

/// An HTTP header name: a non-empty token (RFC 9110: letters, digits and ``!#$%&'*+-.^_`|~``).
pub(super) fn check_header_name(name: &str) -> Result<(), String> {
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if token {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid HTTP header name; use letters, digits and `-` (no spaces or `:`), e.g. `X-Retry-Count`"
        ))
    }
}

/// A timeout of zero would fail every request before it is sent.
pub(super) fn check_timeout(seconds: u64) -> Result<(), String> {
    if seconds == 0 {
        return Err("a timeout of 0 seconds fails every request; use at least 1".into());
    }
    Ok(())
}

/// An environment variable name a shell can set: `[A-Za-z_][A-Za-z0-9_]*`.
pub(super) fn check_env_name(name: &str) -> Result<(), String> {
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{name:?} is not a valid environment variable name; use letters, digits and `_`, not starting with a digit, e.g. `ACME_API_KEY`"
        ))
    }
}

/// Text that goes on one line (a `//!` line of the crate documentation): no control characters.
pub(super) fn check_one_line(what: &str, text: &str) -> Result<(), String> {
    if text.chars().any(char::is_control) {
        return Err(format!(
            "{what} must be one line of text without control characters; move the rest to `description`"
        ));
    }
    Ok(())
}

/// The default base URL: an absolute `http` or `https` URL with a host and no query or fragment,
/// written with the characters a URL may contain (RFC 3986, percent-escapes included).
/// A link for `Cargo.toml`: an `https` URL that crates.io shows as a link.
pub(super) fn check_https_url(url: &str) -> Result<(), String> {
    let valid = url
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(is_url_char));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{url:?} is not a usable link: write an absolute `https://` URL without spaces"
        ))
    }
}

pub(super) fn check_base_url(url: &str) -> Result<(), String> {
    let fail = |why: &str| Err(format!("{url:?} is not a usable base URL: {why}"));
    let Some((scheme, rest)) = url.split_once("://") else {
        return fail("write an absolute URL such as `https://api.example.com/v1`");
    };
    if scheme != "http" && scheme != "https" {
        return fail("the scheme must be `http` or `https`");
    }
    if rest.contains(['?', '#']) {
        return fail("remove the query or fragment; the SDK appends paths to the base URL");
    }
    if rest.contains(['{', '}']) {
        return fail("server variables (`{name}`) are not supported; write the URL out in full");
    }
    if let Some(c) = rest.chars().find(|&c| !is_url_char(c)) {
        let mut utf8 = [0; 4];
        let encoded: String = c
            .encode_utf8(&mut utf8)
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect();
        return fail(&format!(
            "{c:?} cannot appear in a URL; percent-encode it as `{encoded}`"
        ));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) if !host_port.ends_with(']') => (host, Some(port)),
        _ => (host_port, None),
    };
    if host.is_empty() {
        return fail("the URL has no host");
    }
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return fail("the port must be a number from 0 to 65535");
    }
    Ok(())
}

/// Characters allowed in a URL after the scheme: unreserved, reserved and `%`.
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/@!$&'()*+,;=%[]".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names() {
        for ok in ["avara", "acme-sdk", "a_b2"] {
            assert_eq!(check_crate_name(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "Avara",
            "2fa",
            "a b",
            "a\"b",
            "fn",
            "self",
            &"a".repeat(65),
        ] {
            assert!(check_crate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions_are_semver() {
        for ok in [
            "0.1.0",
            "1.2.3-beta.1",
            "1.0.0-0.3.7",
            "1.0.0+build.5",
            "1.0.0-x-y+z",
        ] {
            assert_eq!(check_version(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "1",
            "1.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0-01",
            "1.0.0+",
            "1.0.0-a..b",
            "not-a-version",
            "1.0.0\"",
            "v1.0.0",
        ] {
            assert!(check_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn header_names_are_tokens() {
        assert_eq!(check_header_name("X-Retry-Count"), Ok(()));
        for bad in ["", "bad header:", "X\"", "X\nY", "é"] {
            assert!(check_header_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_agents_are_printable_ascii() {
        assert_eq!(check_user_agent("acme-rust"), Ok(()));
        assert_eq!(check_user_agent("acme \"rust\" (beta)"), Ok(()));
        for bad in ["", " acme", "acme\n", "ä", "a\u{7f}"] {
            assert!(check_user_agent(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn environment_variable_names() {
        for ok in ["ACME_API_KEY", "_X", "a1"] {
            assert_eq!(check_env_name(ok), Ok(()), "{ok}");
        }
        for bad in ["", "1A", "A-B", "A\"B", "A B", "É"] {
            assert!(check_env_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_urls() {
        for ok in [
            "https://api.example.com",
            "http://localhost:4010/v1/",
            "https://[::1]:8080",
            "https://user@host/a%20b",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "/v1",
            "ftp://host",
            "https://",
            "https://host?x=1",
            "https://host/#top",
            "https://host/a\"b",
            "https://host/a b",
            "https://{region}.host",
            "https://host:99999",
            "https://host:port",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn licences_and_titles() {
        assert_eq!(check_license("MIT OR Apache-2.0"), Ok(()));
        assert_eq!(check_https_url("https://docs.rs/avara"), Ok(()));
        assert!(check_https_url("http://docs.rs/avara").is_err());
        assert!(check_https_url("https://").is_err());
        assert!(check_https_url("https://a b").is_err());
        assert!(check_license("MIT\"").is_err());
        assert!(check_license("").is_err());
        assert_eq!(check_one_line("the title", "Say \"hi\" \\ API"), Ok(()));
        assert!(check_one_line("the title", "Two\nlines").is_err());
    }
}
