//! The map in layers, for a page that keeps them while the reader filters
//! and resizes: a base drawn once, what goes over it at each width and
//! filter, its table, and hit testing on the last map drawn.

use super::{fill, select_kept, MapBaseOptions, MapUpdateOptions, View};
use crate::chart::map::{
    render_map_base, render_map_markers_at, render_map_overlay, MapBase, MapData, MapLabel,
    MapMarkers, MapState,
};
use crate::chart::zoom::{self, Zoom, ZoomAt, ZoomTarget};
use crate::chart::{clamp_width, Table, TextAlternative, Theme};
use crate::error::{Error, Result};
use crate::geo::{self, MapLayout};
use crate::model::Measure;
use std::collections::BTreeMap;

/// The map in layers, as a [`View`] keeps it between calls.
#[derive(Debug)]
pub(super) struct Layers {
    /// The last base drawn.
    base: MapBase,
    /// The theme it is drawn in.
    theme: Theme,
    /// Its markers at the last width and zoom (the zoom's key).
    markers: Option<(String, MapMarkers)>,
    /// The zoom targets of the dataset (the whole map, each region with data).
    targets: Vec<ZoomTarget>,
    /// The markers and viewport of the last update, for hit testing.
    layout: Option<MapLayout>,
    /// The last update's text alternative.
    alt: TextAlternative,
}

/// What `mapBase` gives: `{svg, land, fills, patterns}` (the colours and
/// paints by measure: [`BaseDrawn::fill`], [`BaseDrawn::pattern`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaseDrawn<'a> {
    /// An `<svg>` of the sea and every country as plain land, in base units.
    pub svg: &'a str,
    /// The theme it is drawn in.
    pub theme: &'a Theme,
    /// Each measure's pattern paint in the base.
    patterns: &'a BTreeMap<Measure, Option<String>>,
}

impl BaseDrawn<'_> {
    /// The land colour (`#rrggbb`).
    pub fn land(&self) -> String {
        self.theme.land.to_hex()
    }

    /// The fill colour of `measure` (`#rrggbb`).
    pub fn fill(&self, measure: Measure) -> String {
        fill(self.theme, measure)
    }

    /// The paint of `measure`'s pattern in the base (`url(#…)`), `None` for
    /// a solid measure.
    pub fn pattern(&self, measure: Measure) -> Option<&str> {
        paint(self.patterns, measure)
    }
}

/// What `mapUpdate` gives: `{svg, markers, marker_patterns, width, height,
/// map_height, crop, pattern_scale, alt: {title, description}, zoom: {key,
/// label, x, y, k}, targets: [{key, label}], labels: [{code, x, y, w, h}],
/// clusters: [{key, codes, x, y}]}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapUpdate<'a> {
    /// An `<svg>` of the picture's size whose content (labels, legend) goes
    /// over the base and the markers.
    pub svg: String,
    /// The `<svg>` of every marker at this width; `None` when the width is
    /// that of the previous update (the page keeps the markers it has).
    pub markers: Option<&'a str>,
    /// Each measure's pattern paint for the markers
    /// ([`MapUpdate::marker_pattern`]).
    marker_patterns: &'a BTreeMap<Measure, Option<String>>,
    /// The picture's width, px (clamped to 280..=1200).
    pub width: f64,
    /// Its height, legend included, px.
    pub height: f64,
    /// The map's height (where the legend starts), px.
    pub map_height: f64,
    /// The part of the base shown (x, y, width, height in base units).
    pub crop: [f64; 4],
    /// Base units per px: the scale of the base's patterns.
    pub pattern_scale: f64,
    /// The map's text alternative; its table is [`View::map_table`]'s.
    pub alt: &'a TextAlternative,
    /// The zoom drawn: its key (normalised: a key that named nothing is
    /// `whole`), where it looks and its name ("Europe").
    pub zoom: ZoomDrawn,
    /// The zoom targets a page offers as buttons.
    pub targets: &'a [ZoomTarget],
    /// The name labels drawn over the map, px.
    pub labels: Vec<MapLabel>,
    /// The clusters shown (those with a country in the selection): their
    /// zoom key, countries and centre, px.
    pub clusters: Vec<ClusterDrawn>,
}

/// The zoom a [`MapUpdate`] is drawn at.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoomDrawn {
    /// Its key: `whole`, a region's, a cluster's (`c:KW+QA+BH`) or `@x,y,k`.
    pub key: String,
    /// Its name for a reader: "Whole map", "Europe", "2.5 times".
    pub label: String,
    /// Where it looks in the whole view.
    pub at: ZoomAt,
}

/// A cluster as a [`MapUpdate`] shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterDrawn {
    /// The zoom that opens it (`c:KW+QA+BH`).
    pub key: String,
    /// Its countries.
    pub codes: Vec<String>,
    /// Its centre, px.
    pub x: f64,
    /// Its centre, px.
    pub y: f64,
}

impl MapUpdate<'_> {
    /// The paint of `measure`'s pattern for the markers (`url(#…)`), `None`
    /// for a solid measure.
    pub fn marker_pattern(&self, measure: Measure) -> Option<&str> {
        paint(self.marker_patterns, measure)
    }
}

/// The paint of `measure` in `patterns`.
fn paint(patterns: &BTreeMap<Measure, Option<String>>, measure: Measure) -> Option<&str> {
    patterns.get(&measure).and_then(|p| p.as_deref())
}

impl View {
    /// Draws the map's shapes once (the `mapBase` export), in `options`'
    /// theme and view: the sea and every country as plain land. It replaces
    /// the previous base; nothing is hit ([`View::hit_test`]) and there is no
    /// table until [`View::map_update`] draws over it.
    pub fn map_base(&mut self, options: MapBaseOptions) -> Result<BaseDrawn<'_>> {
        let MapBaseOptions { theme, view, id } = options;
        let theme = Theme::of(theme);
        let world = geo::world()?;
        let base = render_map_base(world, self.catalog.dataset(), view, &theme, &id)?;
        let layers = self.kept.layers.insert(Layers {
            base,
            theme,
            markers: None,
            targets: zoom::zoom_targets(world, self.catalog.dataset()),
            layout: None,
            alt: TextAlternative::default(),
        });
        Ok(BaseDrawn {
            svg: &layers.base.svg,
            theme: &layers.theme,
            patterns: &layers.base.patterns,
        })
    }

    /// What goes over the last base at a width, filter and zoom (the
    /// `mapUpdate` export): each country with steps in the selection is
    /// filled by its strongest measure. The markers are drawn again only at a
    /// new width or zoom, and the countries with data found again only for a
    /// new filter; the base is never drawn again (a theme or view change is a
    /// new [`View::map_base`]; a zoom is a new crop of it). An error before
    /// any base.
    pub fn map_update(&mut self, options: MapUpdateOptions) -> Result<MapUpdate<'_>> {
        let MapUpdateOptions {
            width,
            filter,
            zoom: zoom_key,
        } = options;
        let (zoom, zoom_key) = match Zoom::parse(&zoom_key) {
            Some(Zoom::At(at)) => (Zoom::At(at), at.key()),
            Some(Zoom::Whole) | None => (Zoom::Whole, "whole".to_owned()),
            Some(z) => (z, zoom_key.trim().to_owned()),
        };
        let width = clamp_width(width);
        let world = geo::world()?;
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let dataset = catalog.dataset();
        let fresh = kept.map_data.as_ref().map_or(true, |(f, _)| *f != filter);
        let selection = select_kept(catalog, &mut kept.selection, filter.clone());
        let Some(layers) = kept.layers.as_mut() else {
            return Err(Error::Argument(
                "mapUpdate: draw the map's base with mapBase first".to_owned(),
            ));
        };
        let state = MapState {
            included: selection.codes().map(str::to_owned).collect(),
            ..MapState::default()
        };
        // A new width with the same filter: the same countries with data.
        if fresh {
            let data = MapData::of_steps(
                dataset,
                selection
                    .codes()
                    .filter_map(|code| selection.steps_of(code))
                    .flatten()
                    .filter_map(|&i| dataset.steps.get(i)),
            );
            kept.map_data = Some((filter, data));
        }
        let Some((_, data)) = kept.map_data.as_ref() else {
            return Err(Error::Render("mapUpdate: no data".to_owned()));
        };
        let redraw = layers
            .markers
            .as_ref()
            .map_or(true, |(z, m)| m.width != width || *z != zoom_key);
        if redraw {
            let m = render_map_markers_at(world, dataset, &layers.base, width, &zoom)?;
            layers.markers = Some((zoom_key.clone(), m));
        }
        let Some((_, markers)) = layers.markers.as_ref() else {
            return Err(Error::Render("mapUpdate: no markers".to_owned()));
        };
        let overlay = render_map_overlay(world, dataset, &layers.base, markers, &state, data)?;
        let at = markers.zoom;
        // A zoom that resolved to the whole view is named so.
        let (zoom, zoom_key) = if at.k <= 1.0 {
            (Zoom::Whole, "whole".to_owned())
        } else {
            (zoom, zoom_key)
        };
        let label = zoom::zoom_label(&zoom, at, |code| {
            dataset
                .country(code)
                .map(|c| c.name.as_str().to_owned())
                .or_else(|| world.name(code).map(str::to_owned))
                .unwrap_or_else(|| code.to_owned())
        });
        layers.alt = overlay.alt;
        if at.k > 1.0 {
            layers.alt.description = format!("Zoomed to {label}. {}", layers.alt.description);
        }
        let clusters = overlay
            .layout
            .clusters
            .iter()
            .map(|c| ClusterDrawn {
                key: c.zoom_key(),
                codes: c.codes.clone(),
                x: c.at.x,
                y: c.at.y,
            })
            .collect();
        layers.layout = Some(overlay.layout);
        Ok(MapUpdate {
            svg: overlay.svg,
            markers: redraw.then_some(markers.svg.as_str()),
            marker_patterns: &markers.patterns,
            width: markers.width,
            height: overlay.height,
            map_height: markers.map_height,
            crop: markers.crop,
            pattern_scale: markers.pattern_scale,
            alt: &layers.alt,
            zoom: ZoomDrawn {
                key: zoom_key,
                label,
                at,
            },
            targets: &layers.targets,
            labels: overlay.labels,
            clusters,
        })
    }

    /// The table of the last update's text alternative (one row per country
    /// with steps in its selection): `None` before any update over the last
    /// base (the `mapTable` export).
    pub fn map_table(&self) -> Option<&Table> {
        match &self.kept.layers {
            Some(layers) if layers.layout.is_some() => Some(&layers.alt.table),
            _ => None,
        }
    }

    /// The country at `(x, y)` of the last map drawn (by [`View::map_update`]
    /// over the last base), in px of the width it was drawn at: its code
    /// (any country of the world, not only the dataset's), or `None` for
    /// the sea, the legend, a point that is not finite, or before any map
    /// was drawn over the last base (the `hitTest` export).
    pub fn hit_test(&self, x: f64, y: f64) -> Option<String> {
        let layout = self.kept.layers.as_ref()?.layout.as_ref()?;
        geo::hit_test_world(geo::world().ok()?, layout, x, y)
    }
}
