//! sanctions-tracker: how states carried out the UN sanctions on North Korean
//! workers abroad, country by country.
//!
//! The crate is a pure core (data model, validation, queries, and rendering of
//! the map and charts to SVG strings, and `view`: what each export of the
//! widget computes) that builds and tests natively, plus one thin boundary
//! module, `web`, of `#[wasm_bindgen]` exports that only converts between JS
//! and Rust.

pub mod chart;
pub mod date;
pub mod error;
pub mod geo;
mod index;
pub mod lang;
pub mod model;
pub mod query;
pub mod seed;
mod sort;
pub mod untyped;
pub mod validate;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use date::{PartialDate, Precision};
pub use error::{Error, Problem, Result, Severity};
pub use model::Dataset;
pub use validate::Loaded;
