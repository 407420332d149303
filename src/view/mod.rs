//! The widget's view of a dataset: what each export of the browser boundary
//! computes, without JS.
//!
//! A [`View`] holds a validated dataset (as a [`Catalog`]) and what a page
//! that updates in place was last given: the map in layers, the list's lines,
//! the last selection and the last timeline picture. Each drawing method is
//! one export of `src/web.rs` (`mapBase`, `mapUpdate`, `mapTable`, `hitTest`,
//! `listChanges`, `timelinePart`, `timelineTable`, `figureCharts`,
//! `exportData`, `captioned`), taking
//! checked Rust values ([`options`]) and giving Rust results that the
//! boundary only converts to JS; the queries are [`View::catalog`]'s. So
//! natively, `cargo test` reaches everything the widget asks of Rust.

pub mod caption;
pub mod export;
mod figures;
mod list;
mod map;
pub mod options;
mod timeline;

pub use figures::{fill, palette, FigureChart};
pub use list::ListChanges;
pub use map::{BaseDrawn, ClusterDrawn, MapUpdate, ZoomDrawn};
pub use options::{
    FigureChartsOptions, Given, MapBaseOptions, MapUpdateOptions, Passed, TimelinePartOptions,
    Value,
};
pub use timeline::TimelinePart;

use crate::chart::map::MapData;
use crate::chart::Picture;
use crate::error::Problem;
use crate::query::{Catalog, Filter, Selection};
use crate::validate::Loaded;

/// A validated dataset prepared for queries, and what the widget last drew
/// of it (see the module's documentation).
#[derive(Debug)]
pub struct View {
    catalog: Catalog,
    warnings: Vec<Problem>,
    /// What a page that updates in place was last given (boxed: the handle
    /// that holds a view stays small).
    kept: Box<Kept>,
}

impl From<Loaded> for View {
    fn from(loaded: Loaded) -> View {
        View {
            catalog: Catalog::new(loaded.dataset),
            warnings: loaded.warnings,
            kept: Box::default(),
        }
    }
}

impl View {
    /// The dataset prepared for queries (selections, summaries, details).
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The problems that did not reject the data (severity warning).
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }
}

/// What a [`View`] keeps between the calls of a page that updates in place.
#[derive(Debug, Default)]
struct Kept {
    /// The map in layers (`map_base`, `map_update`), when the page draws it so.
    layers: Option<map::Layers>,
    /// The list as the last `list_changes` left it: a line per country of the
    /// dataset, in its order, empty for those not in the selection.
    list_lines: Vec<String>,
    /// The last filter asked for and what it selected (a filter change asks
    /// the list, the map and the timeline in turn).
    selection: Option<(Filter, Selection)>,
    /// Every country's code in the list's order.
    order: Option<Vec<String>>,
    /// The map's countries with data for the last filter `map_update` had.
    map_data: Option<(Filter, MapData)>,
    /// What the last `timeline_part` drew it from, and the picture.
    timeline: Option<(timeline::TimelineKey, Picture)>,
}

/// What `filter` selects, from `kept` when it was the last filter asked for
/// (else selected now and kept).
fn select_kept<'k>(
    catalog: &Catalog,
    kept: &'k mut Option<(Filter, Selection)>,
    filter: Filter,
) -> &'k Selection {
    if kept.as_ref().map_or(true, |(f, _)| *f != filter) {
        *kept = None;
    }
    &kept
        .get_or_insert_with(|| {
            let selection = catalog.select(&filter);
            (filter, selection)
        })
        .1
}
