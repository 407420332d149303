//! The wasm boundary: the only module that touches wasm-bindgen.
//!
//! It stays thin. A [`Tracker`] handle keeps the validated dataset inside Rust
//! (nothing is copied across the boundary but what a call returns); JSON text
//! is parsed by the browser's `JSON.parse`, so no JSON parser ships in the wasm;
//! results are plain JS objects (`Serializer::json_compatible()`: no `Map`s).
//!
//! The release glue checks no argument types, so every export takes `JsValue`
//! and checks what it got: a wrong argument is a JS `Error`, never a panic (a
//! panic or trap in wasm would stop every widget on the page, as they share
//! one instance). Every [`crate::Error`] reaches JS through one conversion: a JS
//! `Error` whose `message` is the Rust `Display` text, with a `problems` array
//! of `{path, message, severity}`.

use crate::error::{Error, Problem, Result};
use crate::query::{Catalog, Filter, SortKey};
use crate::untyped::{BoundedValue, MAX_DEPTH};
use crate::validate::Loaded;
use js_sys::{Array, Reflect};
use serde::de::DeserializeSeed;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` taking the JS string as it is (js_sys's takes `&str`, a copy each way).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> std::result::Result<JsValue, JsValue>;
}

impl From<Error> for JsValue {
    /// The one conversion of a crate error into JS: an `Error` with the
    /// `Display` text as its message, a `problems` array of
    /// `{path, message, severity}`, a `kind` (`"json"`, `"invalid"`,
    /// `"argument"` or `"render"`), and for a JSON syntax error `line` and `column`.
    fn from(error: Error) -> JsValue {
        let js = js_sys::Error::new(&error.to_string());
        let problems = to_js(&error.problems()).unwrap_or_else(|_| Array::new().into());
        let kind = match &error {
            Error::Json { line, column, .. } => {
                set(&js, "line", &JsValue::from(*line as f64));
                set(&js, "column", &JsValue::from(*column as f64));
                "json"
            }
            Error::Invalid(_) => "invalid",
            Error::Argument(_) => "argument",
            Error::Render(_) => "render",
        };
        set(&js, "kind", &JsValue::from_str(kind));
        set(&js, "problems", &problems);
        js.into()
    }
}

/// Sets a property on an object we just made (which cannot fail).
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A Rust value as a plain JS value (objects, not `Map`s).
fn to_js<T: Serialize + ?Sized>(value: &T) -> std::result::Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// What a JS value is, for messages about wrong arguments.
fn describe(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_bigint() {
        "a BigInt"
    } else if value.is_symbol() {
        "a symbol"
    } else if value.is_function() {
        "a function"
    } else if Array::is_array(value) {
        "an array"
    } else {
        "an object"
    }
}

/// Reads a JS value (plain data, as `JSON.parse` makes) into an untyped tree and validates it.
fn load_js(value: JsValue) -> Result<Loaded> {
    let tree = BoundedValue(MAX_DEPTH)
        .deserialize(serde_wasm_bindgen::Deserializer::from(value))
        .map_err(|e| Error::Argument(format!("the dataset is not plain JSON data: {e}")))?;
    crate::validate::load_value(tree)
}

/// Parses JSON text (a JS string) with `JSON.parse`, then [`load_js`].
fn load_json_text(text: &JsValue) -> Result<Loaded> {
    match json_parse(text) {
        Ok(value) => load_js(value),
        Err(thrown) => Err(json_error(&text.as_string().unwrap_or_default(), &thrown)),
    }
}

/// A JSON syntax error with line and column. Browsers' messages differ and
/// Chromium's often give no position, so the text is scanned for the first
/// error ([`crate::untyped::syntax_error`]); the position in the browser's
/// message is only a fallback.
fn json_error(text: &str, thrown: &JsValue) -> Error {
    let browser_message = Reflect::get(thrown, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "not valid JSON".to_owned());
    let (offset, message) = match crate::untyped::syntax_error(text) {
        Some(found) => (found.utf16_offset(text), found.to_string()),
        None => (
            position_in(&browser_message).unwrap_or_else(|| text.encode_utf16().count()),
            browser_message,
        ),
    };
    let (line, column) = line_column(text, offset);
    Error::Json {
        line,
        column,
        message,
    }
}

/// The number after "position " in a `JSON.parse` message, if any.
fn position_in(message: &str) -> Option<usize> {
    let (_, rest) = message.split_once("position ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// 1-based line and column (in characters) of a UTF-16 offset in `text`.
// TODO: use crate::validate::line_column once the validate branch is merged.
fn line_column(text: &str, utf16_offset: usize) -> (usize, usize) {
    let (mut line, mut column, mut units) = (1, 1, 0);
    for c in text.chars() {
        if units >= utf16_offset {
            break;
        }
        units += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// A query's filter from JS: `undefined`/`null` for none, else an object
/// `{measures?, regions?, resolutions?, text?, as_of?}` (see [`Filter`]).
fn filter_arg(value: &JsValue) -> Result<Filter> {
    if value.is_undefined() || value.is_null() {
        return Ok(Filter::default());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::Argument(format!(
            "a filter is an object {{measures, regions, resolutions, text, as_of}}, got {}",
            describe(value)
        )));
    }
    Filter::deserialize(serde_wasm_bindgen::Deserializer::from(value.clone()))
        .map_err(|e| Error::Argument(format!("filter: {e}")))
}

/// A sort key from JS: `undefined`/`null` for by name, else `"name"`, `"first_step"` or `"step_count"`.
fn sort_arg(value: &JsValue) -> Result<SortKey> {
    if value.is_undefined() || value.is_null() {
        return Ok(SortKey::default());
    }
    match value.as_string() {
        Some(key) => SortKey::parse(&key),
        None => Err(Error::Argument(format!(
            "a sort key is \"name\", \"first_step\" or \"step_count\", got {}",
            describe(value)
        ))),
    }
}

/// A country code from JS: a string.
fn code_arg(value: &JsValue) -> Result<String> {
    value.as_string().ok_or_else(|| {
        Error::Argument(format!(
            "a country code is a string such as \"PL\", got {}",
            describe(value)
        ))
    })
}

/// A validated dataset, held in Rust and prepared for queries; JS keeps only this handle.
///
/// Make one with `Tracker.fromObject(obj)`, `Tracker.fromJson(text)` or
/// `Tracker.seed()`; each throws an `Error` with `problems` when the data is
/// not valid. Call `free()` when done with it.
#[wasm_bindgen]
pub struct Tracker {
    catalog: Catalog,
    warnings: Vec<Problem>,
}

impl From<Loaded> for Tracker {
    fn from(loaded: Loaded) -> Tracker {
        Tracker {
            catalog: Catalog::new(loaded.dataset),
            warnings: loaded.warnings,
        }
    }
}

#[wasm_bindgen]
impl Tracker {
    /// Loads a dataset from a JS object (e.g. the result of `JSON.parse` or `fetch().json()`).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(value: JsValue) -> std::result::Result<Tracker, JsValue> {
        if !value.is_object() {
            let hint = if value.is_string() {
                " (for JSON text use Tracker.fromJson)"
            } else {
                ""
            };
            return Err(Error::Argument(format!(
                "Tracker.fromObject expects a dataset object, got {}{hint}",
                describe(&value)
            ))
            .into());
        }
        Ok(load_js(value)?.into())
    }

    /// Loads a dataset from JSON text; a syntax error gives its line and column.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: JsValue) -> std::result::Result<Tracker, JsValue> {
        if !text.is_string() {
            return Err(Error::Argument(format!(
                "Tracker.fromJson expects JSON text (a string), got {}",
                describe(&text)
            ))
            .into());
        }
        Ok(load_json_text(&text)?.into())
    }

    /// Loads the built-in seed story (VOA, 28 September 2017).
    pub fn seed() -> std::result::Result<Tracker, JsValue> {
        Ok(load_json_text(&JsValue::from_str(crate::seed::SEED_JSON))?.into())
    }

    /// Keys and English labels of measures, regions and stages, for legends and filter menus:
    /// `{measures: [{key, label}], regions: [...], stages: [...]}`.
    pub fn labels() -> std::result::Result<JsValue, JsValue> {
        to_js(&crate::query::labels_en())
    }

    /// The dataset's metadata: `{title, summary?, publisher, byline?, published, as_of?, source_url, credits?, licence?}`.
    pub fn meta(&self) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.catalog.dataset().meta)
    }

    /// Problems that did not reject the data: an array of `{path, message, severity: "warning"}`.
    pub fn warnings(&self) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.warnings)
    }

    /// True when the dataset has a country with this alpha-2 code.
    #[wasm_bindgen(js_name = hasCountry)]
    pub fn has_country(&self, code: JsValue) -> std::result::Result<bool, JsValue> {
        Ok(self.catalog.dataset().country(&code_arg(&code)?).is_some())
    }

    /// What a filter selects: `{codes, country_count, total_countries, step_count}`.
    pub fn selection(&self, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.catalog.select(&filter_arg(&filter)?))
    }

    /// The selected countries' summaries (strongest measure, first and last step,
    /// step count...), sorted by `sort` (`"name"` by default, `"first_step"`, `"step_count"`).
    pub fn countries(
        &self,
        filter: JsValue,
        sort: JsValue,
    ) -> std::result::Result<JsValue, JsValue> {
        let (filter, sort) = (filter_arg(&filter)?, sort_arg(&sort)?);
        to_js(&self.catalog.summaries(&self.catalog.select(&filter), sort))
    }

    /// The same summaries grouped by region, west to east: `[{region, label, countries}]`.
    pub fn regions(&self, filter: JsValue, sort: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (filter, sort) = (filter_arg(&filter)?, sort_arg(&sort)?);
        to_js(
            &self
                .catalog
                .summaries_by_region(&self.catalog.select(&filter), sort),
        )
    }

    /// The selected steps across countries in date order, for the timeline.
    pub fn timeline(&self, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        to_js(
            &self
                .catalog
                .timeline(&self.catalog.select(&filter_arg(&filter)?)),
        )
    }

    /// One country's details (all its steps in date order, each flagged `matches`
    /// for the filter; its figures' ids), or `null` if the dataset has no such country.
    pub fn details(&self, code: JsValue, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (code, filter) = (code_arg(&code)?, filter_arg(&filter)?);
        let selection = self.catalog.select(&filter);
        to_js(&self.catalog.country_details(&code, &selection))
    }
}
