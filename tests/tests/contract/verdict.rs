//! Judges call outcomes and collects the failures into one readable report.
//!
//! A failure names the operation (its `operationId`), the variant of the call, and the cause:
//! each violation Prism reported with its location (`request.body.studyId`) and message, or the
//! decode error with the serde path, the error and the body that failed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use avara::{Error, ErrorBody};
use serde_json::Value;

use crate::operations::{Operation, Outcome, Variant};

/// Which violations fail a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Any violation, of the request or of the response.
    Everything,
    /// Violations of the request only. In dynamic mode Prism's data generator produces some
    /// responses its own validator rejects (it ignores `maxProperties`, for one); those are
    /// counted and shown, not failed, since the SDK did not produce them.
    RequestsOnly,
}

/// One failed call (or several identical ones).
#[derive(Debug, Clone)]
pub struct Failure {
    /// The `operationId` of the operation.
    pub operation: &'static str,
    /// Which parameters the call set.
    pub variant: Variant,
    /// What went wrong, in one line.
    pub summary: String,
    /// Supporting detail (the body that failed to decode), from the first occurrence.
    pub detail: Option<String>,
    /// How many calls failed this way.
    pub count: usize,
    /// Whether no response arrived (connection failure, timeout), so Prism's log may explain.
    pub transport: bool,
}

/// Everything a run of calls found.
#[derive(Debug, Default)]
pub struct Report {
    /// How many calls were made.
    pub calls: usize,
    /// Keyed by operation, variant and the summary without positions (see [`grouping_key`]).
    failures: BTreeMap<(&'static str, Variant, String), Failure>,
    /// Response violations tolerated under [`Strictness::RequestsOnly`], by code and location.
    pub tolerated: BTreeMap<String, usize>,
}

impl Report {
    /// Judges one call.
    pub fn record(
        &mut self,
        operation: &Operation,
        variant: Variant,
        outcome: Outcome,
        strictness: Strictness,
    ) {
        self.calls += 1;
        let (summary, detail, transport) = match outcome {
            Ok(seen) => {
                let violations = seen
                    .violations
                    .as_deref()
                    .map(parse_violations)
                    .unwrap_or_default();
                let (failing, tolerated): (Vec<_>, Vec<_>) = violations
                    .into_iter()
                    .partition(|v| strictness == Strictness::Everything || v.is_request());
                for violation in tolerated {
                    *self.tolerated.entry(violation.pattern()).or_default() += 1;
                }
                if failing.is_empty() {
                    return;
                }
                let summary = format!(
                    "Prism answered 2xx but reported violations: {}",
                    join(&failing)
                );
                (summary, None, false)
            }
            Err(err) => describe(&err),
        };
        let key = (operation.name, variant, grouping_key(&summary));
        let failure = self.failures.entry(key).or_insert(Failure {
            operation: operation.name,
            variant,
            summary,
            detail,
            count: 0,
            transport,
        });
        failure.count += 1;
    }

    /// The failures, grouped: identical failures of one operation and variant appear once.
    pub fn failures(&self) -> impl Iterator<Item = &Failure> {
        self.failures.values()
    }

    /// Whether a call got no response at all, which Prism's log may explain.
    pub fn has_transport_failures(&self) -> bool {
        self.failures().any(|failure| failure.transport)
    }

    /// Whether no call failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }

    /// The whole report as text, one failure per paragraph.
    pub fn render(&self) -> String {
        let failed: usize = self.failures().map(|f| f.count).sum();
        let mut text = format!("{failed} of {} calls failed\n", self.calls);
        for failure in self.failures() {
            let _ = write!(text, "\n{failure}");
        }
        if !self.tolerated.is_empty() {
            text.push_str("\nresponse violations of Prism's own data generator (not failures):\n");
            for (pattern, count) in &self.tolerated {
                let _ = writeln!(text, "  {count:>5} × {pattern}");
            }
        }
        text
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let times = if self.count > 1 {
            format!(" [{} times]", self.count)
        } else {
            String::new()
        };
        writeln!(
            f,
            "{} ({}){times}: {}",
            self.operation, self.variant, self.summary
        )?;
        if let Some(detail) = &self.detail {
            writeln!(f, "    {detail}")?;
        }
        Ok(())
    }
}

/// One entry of Prism's `sl-violations` header or of the `validation` list of its error bodies.
#[derive(Debug)]
struct Violation {
    location: Vec<String>,
    code: String,
    message: String,
}

impl Violation {
    fn from_json(value: &Value) -> Violation {
        let location = value["location"]
            .as_array()
            .map(|parts| {
                parts
                    .iter()
                    .map(|part| {
                        part.as_str()
                            .map_or_else(|| part.to_string(), str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Violation {
            location,
            code: value["code"].as_str().unwrap_or("?").to_owned(),
            message: value["message"]
                .as_str()
                .unwrap_or("(no message)")
                .to_owned(),
        }
    }

    fn is_request(&self) -> bool {
        self.location.first().is_none_or(|first| first == "request")
    }

    /// The location with array indices replaced by `*`, and the code, to count similar ones.
    fn pattern(&self) -> String {
        let location: Vec<&str> = self
            .location
            .iter()
            .map(|part| {
                if part.bytes().all(|b| b.is_ascii_digit()) {
                    "*"
                } else {
                    part.as_str()
                }
            })
            .collect();
        format!("{} at {}", self.code, location.join("."))
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {} ({})",
            self.location.join("."),
            self.message,
            self.code
        )
    }
}

fn parse_violations(header: &str) -> Vec<Violation> {
    match serde_json::from_str::<Vec<Value>>(header) {
        Ok(list) => list.iter().map(Violation::from_json).collect(),
        // Prism truncates an oversized header behind "Too many violations!".
        Err(_) => vec![Violation {
            location: Vec::new(),
            code: "unparsed".to_owned(),
            message: header.to_owned(),
        }],
    }
}

fn join(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The summary and detail of a failed call, and whether it got no response at all.
fn describe(err: &Error) -> (String, Option<String>, bool) {
    match err {
        Error::Status(status) => {
            let mut violations = status
                .headers()
                .get("sl-violations")
                .map(|value| parse_violations(&String::from_utf8_lossy(value.as_bytes())))
                .unwrap_or_default();
            // A problem+json body (`--errors`, or a 422 Prism made up) lists them again.
            if let (true, ErrorBody::Json(body)) = (violations.is_empty(), status.body()) {
                let list = body["validation"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                violations = list.iter().map(Violation::from_json).collect();
            }
            let summary = if violations.is_empty() {
                format!("Prism answered {status}")
            } else {
                format!(
                    "Prism answered {} with violations: {}",
                    status.status(),
                    join(&violations)
                )
            };
            (summary, None, false)
        }
        Error::Decode(decode) => (
            format!("the SDK could not decode the response: {decode}"),
            Some(format!("body: {}", shorten(decode.body(), 1_000))),
            false,
        ),
        other => {
            let mut summary = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                let _ = write!(summary, ": {cause}");
                source = cause.source();
            }
            let transport = matches!(other, Error::Connection(_) | Error::Timeout(_));
            (summary, None, transport)
        }
    }
}

/// The summary without what varies between otherwise identical failures: array indices
/// (`users[2].email`) and serde_json's `at line 1 column 115`.
fn grouping_key(summary: &str) -> String {
    let summary = match summary.rfind(" at line ") {
        Some(at) if summary[at..].contains(" column ") => &summary[..at],
        _ => summary,
    };
    let mut key = String::with_capacity(summary.len());
    let mut in_brackets = false;
    for c in summary.chars() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            '0'..='9' if in_brackets => {
                if !key.ends_with('*') {
                    key.push('*');
                }
                continue;
            }
            _ => {}
        }
        key.push(c);
    }
    key
}

fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}… ({} bytes in all)", &text[..end], text.len()),
        None => text.to_owned(),
    }
}
