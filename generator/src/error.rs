//! Errors of every stage, located in the schema the way a compiler locates them.
//!
//! A [`Diagnostic`] names the JSON pointer of the offending node and, when the YAML source is at
//! hand, its line and column. [`Error::Schema`] carries every diagnostic found in one run, so a
//! person fixing a schema sees all independent problems at once.

use std::fmt;
use std::path::PathBuf;

/// Anything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying failure.
        source: std::io::Error,
    },
    /// The schema is invalid or uses something the generator does not support.
    #[error("{0}")]
    Schema(SchemaErrors),
    /// An emitter produced text that is not valid Rust: a bug in the generator, not the schema.
    #[error("internal error: generated {file} is not valid Rust ({message}); please report this")]
    InvalidOutput {
        /// The generated file's path inside the crate.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// All problems found in one schema file.
#[derive(Debug)]
pub struct SchemaErrors {
    /// The schema file as the user named it.
    pub file: String,
    /// The problems, in document order of discovery.
    pub diagnostics: Vec<Diagnostic>,
}

/// One problem at one place in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer of the node, without the leading `#` (empty for the document root).
    pub pointer: String,
    /// 1-based line and column of the node, when known.
    pub line_col: Option<(usize, usize)>,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `pointer`, not yet located in the source text.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            pointer: pointer.into(),
            line_col: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", self.file)?;
            if let Some((line, col)) = d.line_col {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": #{}: {}", d.pointer, d.message)?;
        }
        if self.diagnostics.len() > 1 {
            write!(
                f,
                "\n{} problems found in {}",
                self.diagnostics.len(),
                self.file
            )?;
        }
        Ok(())
    }
}

/// Escapes one segment of a JSON pointer (RFC 6901).
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Joins a pointer and a segment.
pub fn pointer_join(base: &str, segment: &str) -> String {
    format!("{base}/{}", escape_pointer_segment(segment))
}
