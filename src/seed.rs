//! The seed story's dataset, compiled in as the widget's default.
//!
//! The same file is served as `www/data/north-korean-workers-2017.json`, so
//! what a journalist downloads as an example is exactly what the widget shows.

/// JSON text of the seed dataset (VOA, 28 September 2017).
pub const SEED_JSON: &str = include_str!("../www/data/north-korean-workers-2017.json");

/// The seed dataset, parsed and validated (the same pipeline as any dataset: [`crate::validate::load_str`]).
pub fn load() -> crate::Result<crate::Loaded> {
    crate::validate::load_str(SEED_JSON)
}
