//! Validation: walks the untyped JSON and lists every problem with its path.
//! (Placeholder API; implemented in its own change.)

use crate::error::{Error, Problem, Result};
use crate::model::Dataset;

/// A dataset that passed validation, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed dataset.
    pub dataset: Dataset,
    /// Problems that do not reject the data.
    pub warnings: Vec<Problem>,
}

/// Every problem (errors and warnings) in an untyped dataset.
pub fn validate_value(_value: &serde_json::Value) -> Vec<Problem> {
    Vec::new()
}

/// Validates an untyped dataset and, if it has no errors, types it.
pub fn load_value(value: serde_json::Value) -> Result<Loaded> {
    let warnings = validate_value(&value);
    let dataset = serde_json::from_value(value)
        .map_err(|e| Error::Invalid(vec![Problem::error("$", e.to_string())]))?;
    Ok(Loaded { dataset, warnings })
}

/// Parses JSON text natively (with line and column on a syntax error), then [`load_value`].
pub fn load_str(text: &str) -> Result<Loaded> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    load_value(value)
}
