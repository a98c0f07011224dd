//! The results of a benchmark run as plain data, and their rendering as Markdown: the same
//! tables are printed to the terminal and written to `BENCHMARKS.md`.

use std::fmt::Write;

/// One part of the report (generator, generated crate, runtime).
pub struct Section {
    /// The heading, e.g. `Generator`.
    pub title: &'static str,
    /// Tables of figures, in order.
    pub tables: Vec<Table>,
    /// The targets this section judges.
    pub targets: Vec<Target>,
    /// Findings worth reading next to the figures (what dominates, what was skipped).
    pub notes: Vec<String>,
    /// How the figures were measured, as Markdown paragraphs or list items.
    pub method: Vec<String>,
}

/// A table with a header row.
pub struct Table {
    /// A line printed above the table, or empty.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Vec<String>>,
}

/// A target from the issue and whether this run met it.
pub struct Target {
    /// What is measured, e.g. `Avara schema, read to written`.
    pub what: String,
    /// The target, e.g. `< 20 ms`.
    pub target: String,
    /// The measured figure.
    pub measured: String,
    /// Whether it was met; `None` when this run cannot judge it (a quick run in debug builds).
    pub verdict: Verdict,
    /// Where the time goes, from this run's profile of the figure (its stages, the compiler's
    /// phases); shown beside a target that was missed.
    pub profile: String,
}

/// Whether a target was met.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    NotJudged,
}

impl Verdict {
    /// `Met` when `ok`, but only on a run whose figures count.
    pub fn judge(ok: bool, judged: bool) -> Verdict {
        match (judged, ok) {
            (false, _) => Verdict::NotJudged,
            (true, true) => Verdict::Met,
            (true, false) => Verdict::NotMet,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "**not met**",
            Verdict::NotJudged => "not judged (quick run)",
        }
    }
}

impl Table {
    pub fn new(caption: impl Into<String>, columns: &[&str]) -> Self {
        Table {
            caption: caption.into(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// A Markdown table with padded columns, readable as plain text too.
pub fn markdown_table(table: &Table) -> String {
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = String::new();
    if !table.caption.is_empty() {
        let _ = write!(out, "{}\n\n", table.caption);
    }
    out.push_str(&line(&table.columns));
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(&rules));
    for row in &table.rows {
        out.push_str(&line(row));
    }
    out
}

/// The table of every target of every section.
pub fn targets_table(sections: &[Section]) -> Table {
    let mut table = Table::new(
        "",
        &[
            "Target",
            "Goal",
            "Measured",
            "Verdict",
            "Where the time goes (missed targets)",
        ],
    );
    for target in sections.iter().flat_map(|s| &s.targets) {
        let profile = match target.verdict {
            Verdict::NotMet => target.profile.clone(),
            Verdict::Met | Verdict::NotJudged => String::new(),
        };
        table.row(vec![
            target.what.clone(),
            target.target.clone(),
            target.measured.clone(),
            target.verdict.label().to_owned(),
            profile,
        ]);
    }
    table
}

/// A section as Markdown: tables, notes, and (for the file) how it was measured.
pub fn section_markdown(section: &Section, with_method: bool) -> String {
    let mut out = format!("## {}\n\n", section.title);
    for table in &section.tables {
        out.push_str(&markdown_table(table));
        out.push('\n');
    }
    for note in &section.notes {
        let _ = writeln!(out, "- {note}");
    }
    if !section.notes.is_empty() {
        out.push('\n');
    }
    if with_method && !section.method.is_empty() {
        let _ = write!(
            out,
            "### How it was measured\n\n{}\n\n",
            section.method.join("\n")
        );
    }
    out
}

/// Milliseconds with a precision that suits their size.
pub fn ms(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// Seconds with two decimals.
pub fn secs(value: f64) -> String {
    format!("{value:.2} s")
}

/// KiB as MiB with one decimal.
pub fn mib(kib: f64) -> String {
    format!("{:.1}", kib / 1024.0)
}

/// A count with thousands separators, e.g. `12,345`.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The median of `values` (the mean of the middle two for an even count); 0 when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_counts_and_tables() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(999), "999");
        let mut table = Table::new("", &["a", "bb"]);
        table.row(vec!["xyz".into(), "1".into()]);
        assert_eq!(
            markdown_table(&table),
            "| a   | bb |\n| --- | -- |\n| xyz | 1  |\n"
        );
    }
}
