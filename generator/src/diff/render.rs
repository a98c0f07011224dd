//! The report as text: Markdown to paste into a review, and a one-paragraph summary.

use super::rules::capitalize;
use super::{Bump, Change, Impact, Report, Step};

/// The report as Markdown: the counts and the version step, then one table per impact.
/// `base` and `head` name the two schemas (for example `main` and `the working tree`).
pub fn markdown(report: &Report, base: &str, head: &str) -> String {
    let mut out = format!("## SDK changes from {base} to {head}\n\n");
    if report.changes.is_empty() {
        out.push_str(
            "No change to the SDK's surface: operations, parameters, fields, types, enum values, \
             constraints, pagination and webhooks are the same (documentation is not compared).\n",
        );
    } else {
        out.push_str(&format!("{}.\n", counts(report)));
    }
    out.push_str(&format!("\n**Version:** {}\n", version(report)));
    for impact in Impact::ALL {
        let changes: Vec<&Change> = report.with_impact(impact).collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {}\n\n", capitalize(&impact.to_string())));
        out.push_str("| Where | Change | Why |\n|---|---|---|\n");
        for c in changes {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(&c.place.to_string()),
                cell(&c.what.to_string()),
                cell(c.rule.reason())
            ));
        }
    }
    out
}

/// The report in one paragraph: counts, version step, and the first breaking changes.
pub fn summary(report: &Report, base: &str) -> String {
    if report.changes.is_empty() {
        return format!("Against {base}, the SDK's surface has no change.");
    }
    let mut out = format!(
        "Against {base}, the SDK has {}. {}",
        counts(report),
        capitalize(&version(report))
    );
    let breaking: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.impact().is_breaking())
        .collect();
    const SHOWN: usize = 3;
    if !breaking.is_empty() {
        let listed: Vec<String> = breaking
            .iter()
            .take(SHOWN)
            .map(|c| format!("{} {}", c.place, c.what))
            .collect();
        out.push_str(&format!(" Breaking: {}", listed.join("; ")));
        if breaking.len() > SHOWN {
            out.push_str(&format!("; and {} more", breaking.len() - SHOWN));
        }
        out.push('.');
    }
    out
}

/// "2 breaking for Rust callers, 1 compatible".
fn counts(report: &Report) -> String {
    let parts: Vec<String> = Impact::ALL
        .iter()
        .map(|impact| (impact, report.with_impact(*impact).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(impact, n)| format!("{n} {impact}"))
        .collect();
    let total = report.changes.len();
    let noun = if total == 1 { "change" } else { "changes" };
    format!("{total} {noun}: {}", parts.join(", "))
}

/// The version step and whether the head's version takes it.
fn version(report: &Report) -> String {
    match report.bump() {
        Err(e) => format!("the version step cannot be worked out: {e}."),
        Ok(bump) => version_sentence(&bump, report.is_breaking()),
    }
}

fn version_sentence(bump: &Bump, breaking: bool) -> String {
    let verdict = if bump.is_met() {
        "which takes it"
    } else {
        "which is too low"
    };
    if bump.step == Step::None {
        return format!(
            "no step is needed from `{}`; `x-sdk.crateVersion` is `{}`, {verdict}.",
            bump.base, bump.head
        );
    }
    let kind = if breaking { "breaking" } else { "compatible" };
    let rules = match (bump.base.major, bump.base.minor) {
        (0, 0) => " (0.0.z: every release is breaking)",
        (0, _) => " (0.x rules)",
        _ => "",
    };
    format!(
        "{kind} changes need a {} step from `{}`{rules}: at least `{}`; `x-sdk.crateVersion` is \
         `{}`, {verdict}.",
        bump.step, bump.base, bump.minimum, bump.head
    )
}

/// A table cell: pipes escaped, so a pattern such as `a|b` stays in its column.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
