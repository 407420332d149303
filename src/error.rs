//! The crate's one error type.
//!
//! Every fallible function in the core returns [`Error`]; the wasm boundary
//! (`web`) converts it once into a JS value. A dataset that fails validation
//! carries *every* problem found, each with the JSON path it is about.

use serde::Serialize;
use std::fmt::{self, Write as _};

/// How bad a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The dataset is wrong and is rejected.
    Error,
    /// The dataset is usable, but something is probably not what its author meant.
    Warning,
}

/// One thing wrong with a dataset, located by its JSON path (`steps[3].date`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path of the offending value, `$` for the whole document.
    pub path: String,
    /// What was found and what was expected, in plain words.
    pub message: String,
    /// Whether the problem rejects the dataset.
    pub severity: Severity,
}

impl Problem {
    /// A problem that rejects the dataset.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// A problem that is reported but does not reject the dataset.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
            severity: Severity::Warning,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Everything that can go wrong in sanctions-tracker.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The text is not JSON at all. Line and column are 1-based, column counted in characters.
    Json {
        /// 1-based line of the syntax error.
        line: usize,
        /// 1-based column (in characters) of the syntax error.
        column: usize,
        /// The parser's description of the error.
        message: String,
    },
    /// The JSON was read but the dataset is invalid: every error found (warnings too).
    Invalid(Vec<Problem>),
    /// A caller (usually JavaScript) passed an argument of the wrong kind.
    Argument(String),
    /// A picture could not be drawn.
    Render(String),
}

impl Error {
    /// The problems behind this error, as `{path, message}` items: a JSON syntax
    /// error becomes one problem at `$`.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Error::Invalid(problems) => problems.clone(),
            other => vec![Problem::error("$", other.to_string())],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid JSON at line {line}, column {column}: {message}"
            ),
            Error::Invalid(problems) => {
                let errors = problems
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count();
                write!(f, "invalid dataset: {errors} error(s)")?;
                for p in problems.iter().filter(|p| p.severity == Severity::Error) {
                    write!(f, "\n{p}")?;
                }
                Ok(())
            }
            Error::Argument(message) => write!(f, "bad argument: {message}"),
            Error::Render(message) => write!(f, "could not draw: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A string as JSON, cut to a readable length: how every message quotes
/// text it was given (instead of `{:?}`, whose escaping tables would add
/// several KB to the wasm).
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    let mut cut: String = s.chars().take(MAX).collect();
    let long = cut.len() < s.len();
    if long {
        cut.push('…');
    }
    let mut out = String::with_capacity(cut.len() + 2);
    json_string(&mut out, &cut);
    out
}

/// Appends `s` as a JSON string literal (quotes, backslashes and control
/// characters escaped). Written out rather than through serde_json's
/// serializer, which would add its formatting code to the wasm.
pub(crate) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
