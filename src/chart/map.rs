//! The map: every country filled by the strongest step it took in the
//! reader's selection, drawn through plotters onto the shared SVG backend.
//!
//! Geometry (projection, fitting, markers, hit testing) is in [`crate::geo`];
//! this module decides what each country looks like and writes it: one `<g>`
//! per country with its code, classes and a `<title>`, a pattern over each
//! measure's colour so colour is never the only carrier, name labels where
//! they fit, markers with leader lines for countries too small to tap, an
//! outline for the selected country, and a legend naming each measure in
//! words. It returns the [`MapLayout`] the caller keeps for hit testing, and a
//! text alternative generated from the same data.
//!
//! Findings (schema_version 2) never colour a country: a country whose only
//! steps in the selection are findings stays plain land, outlined with a
//! dashed line in the text colour (`<g class="has-finding" data-code>`; a
//! dashed ring round its marker), and the legend says "Findings only:
//! dashed outline".

use super::svg::{num, Group, Svg, SvgDoc};
use super::text::{self, FONT_STACK};
use super::theme::{Rgb, Theme, ThemeName};
use super::zoom::{self, Zoom, ZoomAt, MAX_ZOOM};
use super::{clamp_width, measure_words, LabelPlacer, Picture, Rect, Table, TextAlternative};
use crate::error::Result;
use crate::geo::{
    self, BBox, MapLayout, Marker, Point, Viewport, World, CLUSTER_RADIUS, MARKER_RADIUS,
};
use crate::model::{Dataset, Measure, Step};
use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, IntoDrawingArea, IntoFont, PathElement, Polygon as PlottersPolygon,
    Rectangle, ShapeStyle, Text, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Backend units per pixel: shapes are written to 0.1 px.
const SCALE: f64 = 10.0;
/// Width of the borders between countries, pixels.
const BORDER_PX: f64 = 0.5;
/// Width of the selected country's outline, pixels (over a halo twice as wide).
const OUTLINE_PX: f64 = 2.0;
/// Size of labels and legend text, pixels.
const FONT_PX: f64 = 12.0;
/// Legend swatch side, pixels.
const SWATCH_PX: f64 = 14.0;
/// Height of one legend row, pixels.
const LEGEND_ROW_PX: f64 = 22.0;
/// Padding around the legend and around labels, pixels.
const PAD_PX: f64 = 8.0;
/// A name label is drawn only where, grown by this (pixels), it touches its
/// country's shape (or sits beside its marker).
pub const LABEL_REACH_PX: f64 = 4.0;
/// Where a label is tried inside the part of a large country in view, as
/// shares of that part's box, when its centroid is out of view.
const INSIDE_SPOTS: [(f64, f64); 5] = [(0.5, 0.5), (0.3, 0.4), (0.7, 0.4), (0.3, 0.7), (0.7, 0.7)];

/// Which part of the world the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapView {
    /// Fitted to the dataset's countries (by their main landmass), with margin.
    #[default]
    Story,
    /// The whole world.
    World,
}

/// What the reader has chosen: the view, the selection and the pointer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapState {
    /// Story view or whole world.
    pub view: MapView,
    /// The selected country (outlined).
    pub selected: Option<String>,
    /// The hovered or focused country (highlighted).
    pub hovered: Option<String>,
    /// Codes of the countries in the current filter. Only these are filled
    /// (and get markers); other countries are drawn as plain land.
    pub included: Vec<String>,
    /// Ids of the steps in the current filter; `None` means every step of
    /// the included countries. A country is filled by the strongest measure
    /// among these.
    pub steps: Option<Vec<String>>,
    /// Prefix of the ids in the SVG (patterns); make it unique on the page.
    pub id: String,
}

impl MapState {
    /// The story view of every country and step of `dataset`, nothing selected.
    pub fn all(dataset: &Dataset) -> MapState {
        MapState {
            included: dataset.countries.iter().map(|c| c.code.clone()).collect(),
            id: "map".to_owned(),
            ..MapState::default()
        }
    }
}

/// A rendered map: the picture and what hit testing needs.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPicture {
    /// SVG, height and text alternative.
    pub picture: Picture,
    /// Shapes in pixels and markers, for [`geo::hit_test`]. The legend
    /// below the map (from `layout.viewport.height` down) hits nothing.
    pub layout: MapLayout,
}

/// One country that has steps in the selection.
#[derive(Debug, Clone, PartialEq)]
struct CountryData {
    name: String,
    strongest: Measure,
    steps: usize,
}

impl CountryData {
    /// Its tooltip: "Kuwait: Residence restriction, 3 steps".
    fn title(&self) -> String {
        format!(
            "{}: {}, {}",
            self.name,
            self.strongest.label_en(),
            plural(self.steps, "step", "steps")
        )
    }
}

/// A set of strings, filled one by one (collecting into a set would
/// instantiate a sort for it: wasm size).
fn str_set(items: &[String]) -> BTreeSet<&str> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item.as_str());
    }
    set
}

/// The countries with steps in the selection, by code.
fn selection_data(dataset: &Dataset, state: &MapState) -> BTreeMap<String, CountryData> {
    // Sets, not `contains` on the lists: 10,000 steps would take 10,000² comparisons.
    let included = str_set(&state.included);
    let ids = state.steps.as_deref().map(str_set);
    let mut out: BTreeMap<String, CountryData> = BTreeMap::new();
    for step in &dataset.steps {
        if !included.contains(step.country.as_str()) {
            continue;
        }
        if let Some(ids) = &ids {
            if !ids.contains(step.id.as_str()) {
                continue;
            }
        }
        add_step(dataset, &mut out, step);
    }
    out
}

/// The countries a map fills: each with steps in the selection, with its
/// strongest measure and number of steps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapData(BTreeMap<String, CountryData>, Findings);

/// Countries whose only steps in a selection are findings: code to name.
type Findings = BTreeMap<String, String>;

/// Adds `step`'s country to `out` if it is a finding of a country that
/// `data` (countries with measures) does not have.
fn add_finding(
    dataset: &Dataset,
    data: &BTreeMap<String, CountryData>,
    out: &mut Findings,
    step: &Step,
) {
    if step.is_finding() && !data.contains_key(&step.country) && !out.contains_key(&step.country) {
        let name = dataset
            .country(&step.country)
            .map_or_else(|| step.country.clone(), |c| c.name.as_str().to_owned());
        out.insert(step.country.clone(), name);
    }
}

/// The findings-only countries among `steps`, given the countries with measures.
fn findings_of<'a>(
    dataset: &Dataset,
    data: &BTreeMap<String, CountryData>,
    steps: impl IntoIterator<Item = &'a Step>,
) -> Findings {
    let mut out = Findings::new();
    for step in steps {
        add_finding(dataset, data, &mut out, step);
    }
    out
}

/// The steps of the selection of `state` (its `included` countries and `steps`).
fn selected_steps<'a>(dataset: &'a Dataset, state: &MapState) -> Vec<&'a Step> {
    let included = str_set(&state.included);
    let ids = state.steps.as_deref().map(str_set);
    dataset
        .steps
        .iter()
        .filter(|s| {
            included.contains(s.country.as_str())
                && ids.as_ref().map_or(true, |ids| ids.contains(s.id.as_str()))
        })
        .collect()
}

impl MapData {
    /// What a [`MapState`] selects (its `included` countries and `steps`).
    pub fn of_state(dataset: &Dataset, state: &MapState) -> MapData {
        let data = selection_data(dataset, state);
        let findings = findings_of(dataset, &data, selected_steps(dataset, state));
        MapData(data, findings)
    }

    /// The countries of `steps` (a selection's steps, none twice; fastest
    /// when each country's steps come together, as a selection gives them).
    pub fn of_steps<'a>(dataset: &Dataset, steps: impl IntoIterator<Item = &'a Step>) -> MapData {
        let mut out: BTreeMap<String, CountryData> = BTreeMap::new();
        // The run of steps of one country, counted before it is filed.
        let mut run: Option<(&str, Measure, usize)> = None;
        let mut findings: Vec<&Step> = Vec::new();
        for step in steps {
            // Findings never colour the map.
            let Some(measure) = step.ranked_measure() else {
                if step.is_finding() {
                    findings.push(step);
                }
                continue;
            };
            match &mut run {
                Some((code, strongest, n)) if *code == step.country => {
                    *strongest = (*strongest).min(measure);
                    *n += 1;
                }
                _ => {
                    if let Some(done) = run.take() {
                        add_run(dataset, &mut out, done);
                    }
                    run = Some((&step.country, measure, 1));
                }
            }
        }
        if let Some(done) = run {
            add_run(dataset, &mut out, done);
        }
        let findings = findings_of(dataset, &out, findings);
        MapData(out, findings)
    }

    /// How many countries have steps.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no country has a step.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Counts a step for its country (findings never colour the map).
fn add_step(dataset: &Dataset, out: &mut BTreeMap<String, CountryData>, step: &Step) {
    if let Some(measure) = step.ranked_measure() {
        add_run(dataset, out, (&step.country, measure, 1));
    }
}

/// Counts `n` steps of a country whose strongest measure is `strongest`.
fn add_run(
    dataset: &Dataset,
    out: &mut BTreeMap<String, CountryData>,
    (code, strongest, n): (&str, Measure, usize),
) {
    if let Some(entry) = out.get_mut(code) {
        entry.strongest = entry.strongest.min(strongest);
        entry.steps += n;
        return;
    }
    let name = dataset
        .country(code)
        .map_or_else(|| code.to_owned(), |c| c.name.as_str().to_owned());
    out.insert(
        code.to_owned(),
        CountryData {
            name,
            strongest,
            steps: n,
        },
    );
}

/// Pixels to backend units.
fn bu(v: f64) -> i32 {
    let v = (v * SCALE).round();
    if v.is_finite() {
        v.clamp(-1e8, 1e8) as i32
    } else {
        0
    }
}

fn bp(p: Point) -> (i32, i32) {
    (bu(p.x), bu(p.y))
}

fn stroke(color: Rgb, width_px: f64) -> ShapeStyle {
    color
        .to_plotters()
        .stroke_width((width_px * SCALE).round().max(1.0) as u32)
}

fn text_style(color: Rgb, bold: bool, pos: Pos) -> TextStyle<'static> {
    // FontFamily::Name: plotters' From<&str> would lower-case the name.
    let font = (
        plotters::style::FontFamily::Name(FONT_STACK),
        FONT_PX * SCALE,
    )
        .into_font();
    let font = if bold {
        font.style(plotters::style::FontStyle::Bold)
    } else {
        font
    };
    TextStyle {
        font,
        color: color.to_plotters().to_backend_color(),
        pos,
    }
}

type Area = DrawingArea<super::svg::SvgBackend, Shift>;

fn draw<E>(result: std::result::Result<(), E>) -> Result<()>
where
    E: std::fmt::Display,
{
    result.map_err(super::svg::render_error)
}

/// Fills every polygon of a shape, then lays the measure's pattern over it.
/// Holes are not cut out: the country inside (Lesotho in South Africa) is
/// drawn later, over them.
fn fill_shape(
    svg: &Svg,
    area: &Area,
    polygons: &[geo::Polygon],
    fill: Rgb,
    pattern: Option<&str>,
) -> Result<()> {
    let fill_all = || -> Result<()> {
        for p in polygons {
            if let Some(outer) = p.rings.first() {
                let points: Vec<(i32, i32)> = outer.iter().map(|&q| bp(q)).collect();
                draw(area.draw(&PlottersPolygon::new(points, fill.to_plotters().filled())))?;
            }
        }
        Ok(())
    };
    fill_all()?;
    if let Some(paint) = pattern {
        svg.with(|d| d.set_fill_override(Some(paint.to_owned())))?;
        let drawn = fill_all();
        svg.with(|d| d.set_fill_override(None))?;
        drawn?;
    }
    Ok(())
}

/// Strokes every ring of a shape (outlines for the selected or hovered country).
fn outline_shape(area: &Area, polygons: &[geo::Polygon], style: ShapeStyle) -> Result<()> {
    for p in polygons {
        for ring in &p.rings {
            let points: Vec<(i32, i32)> = ring.iter().map(|&q| bp(q)).collect();
            draw(area.draw(&PathElement::new(points, style)))?;
        }
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Joins names as English prose: "a", "a and b", "a, b and c".
fn prose_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The codes a story view is fitted to: the dataset's countries (so the map
/// does not jump when the reader filters), else the selection.
fn story_codes(dataset: &Dataset, state: &MapState) -> Vec<String> {
    if dataset.countries.is_empty() {
        state.included.clone()
    } else {
        dataset.countries.iter().map(|c| c.code.clone()).collect()
    }
}

/// Renders the map at `width` pixels (clamped to 280..=1200).
///
/// Countries with steps in the selection are filled with their strongest
/// measure's colour and pattern; the rest are plain land. Every country is a
/// `<g class="country …" data-code="PL">` with a `<title>`; classes are
/// `has-data`, `selected`, `hovered`, `measure-<key>`, and `no-code` for
/// features without an ISO code. Included countries too small to tap get a
/// marker (`<g class="marker …" data-code>`). The legend under the map names
/// each measure shown.
pub fn render_map(
    dataset: &Dataset,
    state: &MapState,
    width: f64,
    theme: &Theme,
) -> Result<MapPicture> {
    let world = geo::world()?;
    render_map_with(world, dataset, state, width, theme)
}

/// [`render_map`] on a given world (tests use small synthetic ones).
pub fn render_map_with(
    world: &World,
    dataset: &Dataset,
    state: &MapState,
    width: f64,
    theme: &Theme,
) -> Result<MapPicture> {
    let width = clamp_width(width);
    let data = selection_data(dataset, state);
    let findings = findings_of(dataset, &data, selected_steps(dataset, state));
    let viewport = viewport_of(world, &story_codes(dataset, state), state.view, width);
    let layout = geo::layout(world, viewport, &marker_codes(dataset, state, &data));
    let legend = Legend::new(&data, &findings, width);
    let height = viewport.height + legend.height();

    let alt = text_alternative(dataset, world, state, (&data, &findings), &layout);
    let id = if state.id.is_empty() {
        "map"
    } else {
        &state.id
    };
    let mut doc = SvgDoc::new(id, width, height).with_scale(SCALE);
    doc.set_title(&alt.title);
    doc.set_desc(&alt.description);
    doc.set_font_family(theme.font_family);
    doc.add_root_class("sanctions-map");
    let svg = Svg::new(doc);
    let patterns = define_patterns(&svg, theme, &legend.measures);

    {
        let area = svg.backend().into_drawing_area();
        draw(area.fill(&theme.background.to_plotters()))?;

        // Countries, borders inherited from the group.
        svg.with(|d| {
            d.open_group(
                &Group::new()
                    .class("countries")
                    .attr("stroke", &theme.border.to_hex())
                    .attr("stroke-width", &num(BORDER_PX))
                    .attr("stroke-linejoin", "round"),
            )
        })?;
        for shape in &layout.shapes {
            let code = shape.code.as_deref();
            let info = code.and_then(|c| data.get(c));
            let mut group = Group::new().class("country");
            let title = match (code, info) {
                (Some(c), Some(d)) => {
                    group = group
                        .class("has-data")
                        .class(&format!("measure-{}", d.strongest.key()))
                        .data("code", c);
                    d.title()
                }
                (Some(c), None) => {
                    group = group.data("code", c);
                    dataset
                        .country(c)
                        .map_or_else(|| shape.name.clone(), |k| k.name.as_str().to_owned())
                }
                (None, _) => {
                    group = group.class("no-code");
                    shape.name.clone()
                }
            };
            if code.is_some() && code == state.selected.as_deref() {
                group = group.class("selected");
            }
            if code.is_some() && code == state.hovered.as_deref() {
                group = group.class("hovered");
            }
            svg.with(|d| d.open_group(&group.title(&title)))?;
            match info {
                Some(d) => {
                    let style = theme.measure(d.strongest);
                    let pattern = patterns.get(&d.strongest).cloned().flatten();
                    fill_shape(&svg, &area, &shape.polygons, style.fill, pattern.as_deref())?;
                }
                None => fill_shape(&svg, &area, &shape.polygons, theme.land, None)?,
            }
            svg.with(|d| d.close_group())?;
        }
        svg.with(|d| d.close_group())?;

        // Hovered, then selected outlines, over every neighbour.
        for (code, color, class) in [
            (state.hovered.as_deref(), theme.hover, "hover-outline"),
            (
                state.selected.as_deref(),
                theme.selected,
                "selected-outline",
            ),
        ] {
            let Some(code) = code else { continue };
            let Some(shape) = layout
                .shapes
                .iter()
                .find(|s| s.code.as_deref() == Some(code))
            else {
                continue;
            };
            svg.with(|d| d.open_group(&Group::new().class(class).data("code", code)))?;
            outline_shape(
                &area,
                &shape.polygons,
                stroke(theme.background, OUTLINE_PX * 2.0),
            )?;
            outline_shape(&area, &shape.polygons, stroke(color, OUTLINE_PX))?;
            svg.with(|d| d.close_group())?;
        }

        draw_marks(&MarkContext {
            svg: &svg,
            area: &area,
            state,
            dataset,
            world,
            data: &data,
            findings: &findings,
            patterns: &patterns,
            theme,
            layout: &layout,
            legend: &legend,
            draw_markers: true,
        })?;
    }

    Ok(MapPicture {
        picture: Picture {
            svg: svg.to_svg()?,
            height,
            alt,
        },
        layout,
    })
}

/// The viewport of `view` at `width`: fitted to `story` or the whole world.
fn viewport_of(world: &World, story: &[String], view: MapView, width: f64) -> Viewport {
    match view {
        MapView::World => Viewport::whole_world(world, width),
        MapView::Story => Viewport::fit(world, story, width),
    }
}

/// Who gets a marker when too small, in priority order: the selected
/// country, then countries with data, then the rest of the selection; each
/// in the selection's order.
fn marker_codes(
    dataset: &Dataset,
    state: &MapState,
    data: &BTreeMap<String, CountryData>,
) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    if let Some(sel) = &state.selected {
        if dataset.country(sel).is_some() {
            codes.push(sel.clone());
        }
    }
    for has_data in [true, false] {
        for code in &state.included {
            if data.contains_key(code) == has_data && !codes.contains(code) {
                codes.push(code.clone());
            }
        }
    }
    codes
}

/// Defines the pattern of each measure in `measures` in `svg`'s document;
/// `None` for measures without one (solid) or not shown.
fn define_patterns(
    svg: &Svg,
    theme: &Theme,
    measures: &[Measure],
) -> BTreeMap<Measure, Option<String>> {
    let mut out = BTreeMap::new();
    for m in Measure::ALL {
        let s = theme.measure(m);
        let paint = if measures.contains(&m) {
            svg.with(|d| d.define_pattern(m.key(), s.pattern, s.ink))
                .ok()
                .flatten()
        } else {
            None
        };
        out.insert(m, paint);
    }
    out
}

/// Defines every measure's pattern in `doc` (a page may show any of them
/// later), as [`define_patterns`] does for those shown.
fn all_patterns(doc: &mut SvgDoc, theme: &Theme) -> BTreeMap<Measure, Option<String>> {
    let mut out = BTreeMap::new();
    for m in Measure::ALL {
        let s = theme.measure(m);
        out.insert(m, doc.define_pattern(m.key(), s.pattern, s.ink));
    }
    out
}

/// What a map legend item shows: a measure's colour, plain land, or the
/// dashed outline of a findings-only country.
#[derive(Debug, Clone, Copy, PartialEq)]
enum MapSwatch {
    /// A measure's colour and pattern.
    Measure(Measure),
    /// Plain land.
    Land,
    /// Plain land with a dashed outline: findings only.
    Findings,
}

/// The legend's words for findings-only countries.
const FINDINGS_LEGEND: &str = "Findings only: dashed outline";

/// The legend under the map: one item per measure shown, then plain land
/// (and findings only, when there are any), wrapped into rows that fit the width.
struct Legend {
    /// The measures shown, strongest first.
    measures: Vec<Measure>,
    /// Items: what the swatch shows and its label.
    items: Vec<(MapSwatch, String)>,
    /// Each row's items: x in pixels and index in `items`.
    rows: Vec<Vec<(f64, usize)>>,
}

impl Legend {
    fn new(data: &BTreeMap<String, CountryData>, findings: &Findings, width: f64) -> Legend {
        let mut measures: Vec<Measure> = data.values().map(|d| d.strongest).collect();
        super::sort_stable(&mut measures, &|a, b| a.cmp(b));
        measures.dedup();
        let mut items: Vec<(MapSwatch, String)> = measures
            .iter()
            .map(|&m| (MapSwatch::Measure(m), m.label_en().to_owned()))
            .collect();
        items.push((MapSwatch::Land, "No step in the selection".to_owned()));
        if !findings.is_empty() {
            items.push((MapSwatch::Findings, FINDINGS_LEGEND.to_owned()));
        }
        let mut rows: Vec<Vec<(f64, usize)>> = vec![Vec::new()];
        let mut x = PAD_PX;
        for (i, (_, label)) in items.iter().enumerate() {
            let label = text::ellipsize(
                label,
                width - 2.0 * PAD_PX - SWATCH_PX - 6.0,
                FONT_PX,
                false,
            );
            let item_w = SWATCH_PX + 6.0 + text::text_width(&label, FONT_PX, false);
            if x > PAD_PX && x + item_w > width - PAD_PX {
                rows.push(Vec::new());
                x = PAD_PX;
            }
            if let Some(row) = rows.last_mut() {
                row.push((x, i));
            }
            x += item_w + 16.0;
        }
        Legend {
            measures,
            items,
            rows,
        }
    }

    /// Its height under the map, pixels.
    fn height(&self) -> f64 {
        self.rows.len() as f64 * LEGEND_ROW_PX + PAD_PX
    }
}

/// What drawing the markers, labels and legend needs.
struct MarkContext<'a> {
    svg: &'a Svg,
    area: &'a Area,
    state: &'a MapState,
    dataset: &'a Dataset,
    world: &'a World,
    data: &'a BTreeMap<String, CountryData>,
    /// Countries whose only steps are findings: outlined, never filled.
    findings: &'a Findings,
    patterns: &'a BTreeMap<Measure, Option<String>>,
    theme: &'a Theme,
    layout: &'a MapLayout,
    legend: &'a Legend,
    /// Whether to draw the markers (else only keep their places free of labels).
    draw_markers: bool,
}

/// Draws what sits over the countries: markers with their leader lines,
/// name labels where they fit, and the legend band under the map. Returns
/// the labels drawn.
///
/// A label goes at its country or not at all: inside its main landmass when
/// it fits there, else just beside it or beside its marker; a country in a
/// cluster gets none (the cluster's number stands for it). Each label is a
/// `<g class="label" data-code>` of its background and text.
fn draw_marks(cx: &MarkContext<'_>) -> Result<Vec<MapLabel>> {
    let MarkContext {
        svg,
        area,
        state,
        world,
        data,
        patterns,
        theme,
        layout,
        legend,
        ..
    } = *cx;
    let viewport = layout.viewport;
    let width = viewport.width;

    // Markers with their leader lines.
    let mut placer = LabelPlacer::new(
        Some(Rect::new(0.0, 0.0, viewport.width, viewport.height)),
        2.0,
    );
    for m in &layout.markers {
        placer.reserve(Rect::new(m.at.x, m.at.y, 0.0, 0.0).inflate(MARKER_RADIUS));
    }
    let mut clustered: BTreeSet<&str> = BTreeSet::new();
    for c in &layout.clusters {
        placer.reserve(Rect::new(c.at.x, c.at.y, 0.0, 0.0).inflate(CLUSTER_RADIUS));
        for code in &c.codes {
            clustered.insert(code);
        }
    }
    let mut drawn: Vec<MapLabel> = Vec::new();
    draw_findings(cx)?;
    if cx.draw_markers {
        svg.with(|d| d.open_group(&Group::new().class("markers")))?;
        for m in &layout.markers {
            draw_marker(cx, m)?;
        }
        svg.with(|d| d.close_group())?;
    }

    // Name labels of the countries with data, selected first, where they fit.
    svg.with(|d| d.open_group(&Group::new().class("labels").attr("aria-hidden", "true")))?;
    let mut order: Vec<(&String, &CountryData)> = data.iter().collect();
    let key = |(c, d): &(&String, &CountryData)| {
        (Some(c.as_str()) != state.selected.as_deref(), d.strongest)
    };
    super::sort_stable(&mut order, &|a, b| key(a).cmp(&key(b)));
    for (code, d) in order {
        if clustered.contains(code.as_str()) {
            continue;
        }
        let label = text::ellipsize(&d.name, 140.0, FONT_PX, true);
        let w = text::text_width(&label, FONT_PX, true) + 6.0;
        let h = text::line_height(FONT_PX) + 2.0;
        let candidates: Vec<Rect> = match layout.markers.iter().find(|m| &m.code == code) {
            Some(m) => vec![
                Rect::new(m.at.x + MARKER_RADIUS + 3.0, m.at.y - h / 2.0, w, h),
                Rect::new(m.at.x - MARKER_RADIUS - 3.0 - w, m.at.y - h / 2.0, w, h),
                Rect::new(m.at.x - w / 2.0, m.at.y - MARKER_RADIUS - 3.0 - h, w, h),
                Rect::new(m.at.x - w / 2.0, m.at.y + MARKER_RADIUS + 3.0, w, h),
            ],
            None => match world.shape(code) {
                // Inside the main landmass if it fits there, else beside
                // it; zoomed in on a large country, on the part in view.
                Some(s) => {
                    let c = viewport.to_px(s.centroid);
                    let b = viewport.box_to_px(s.main_bbox());
                    let mut v = Vec::new();
                    if w + 4.0 <= b.width() && h + 4.0 <= b.height() {
                        v.push(Rect::new(c.x - w / 2.0, c.y - h / 2.0, w, h));
                        let seen = BBox {
                            min_x: b.min_x.max(0.0),
                            min_y: b.min_y.max(0.0),
                            max_x: b.max_x.min(viewport.width),
                            max_y: b.max_y.min(viewport.height),
                        };
                        if !seen.contains(c) {
                            for (fx, fy) in INSIDE_SPOTS {
                                let x = seen.min_x + seen.width() * fx;
                                let y = seen.min_y + seen.height() * fy;
                                v.push(Rect::new(x - w / 2.0, y - h / 2.0, w, h));
                            }
                        }
                    }
                    v.extend([
                        Rect::new(b.max_x + 3.0, c.y - h / 2.0, w, h),
                        Rect::new(b.min_x - 3.0 - w, c.y - h / 2.0, w, h),
                        Rect::new(c.x - w / 2.0, b.min_y - 3.0 - h, w, h),
                        Rect::new(c.x - w / 2.0, b.max_y + 3.0, w, h),
                    ]);
                    // Only where the label, grown by a little, touches its country.
                    v.retain(|r| {
                        s.touches(viewport.box_to_map(BBox {
                            min_x: r.x - LABEL_REACH_PX,
                            min_y: r.y - LABEL_REACH_PX,
                            max_x: r.right() + LABEL_REACH_PX,
                            max_y: r.bottom() + LABEL_REACH_PX,
                        }))
                    });
                    v
                }
                None => Vec::new(),
            },
        };
        let Some(rect) = candidates.into_iter().find(|r| placer.fits(r)) else {
            continue;
        };
        placer.place(rect);
        drawn.push(MapLabel {
            code: code.clone(),
            rect,
        });
        svg.with(|d| d.open_group(&Group::new().class("label").data("code", code)))?;
        draw(area.draw(&Rectangle::new(
            [
                (bu(rect.x), bu(rect.y)),
                (bu(rect.right()), bu(rect.bottom())),
            ],
            theme.background.to_plotters().mix(0.85).filled(),
        )))?;
        draw(area.draw(&Text::new(
            label,
            (bu(rect.x + rect.w / 2.0), bu(rect.y + rect.h / 2.0)),
            text_style(theme.text, true, Pos::new(HPos::Center, VPos::Center)),
        )))?;
        svg.with(|d| d.close_group())?;
    }
    svg.with(|d| d.close_group())?;

    // The legend band covers anything drawn past the map's bottom edge.
    let legend_top = viewport.height;
    svg.with(|d| d.open_group(&Group::new().class("legend")))?;
    draw(area.draw(&Rectangle::new(
        [
            (0, bu(legend_top)),
            (bu(width), bu(legend_top + legend.height())),
        ],
        theme.background.to_plotters().filled(),
    )))?;
    for (r, row) in legend.rows.iter().enumerate() {
        let y = legend_top + PAD_PX / 2.0 + r as f64 * LEGEND_ROW_PX + LEGEND_ROW_PX / 2.0;
        for &(x, i) in row {
            let Some((measure, label)) = legend.items.get(i) else {
                continue;
            };
            let swatch = [
                (bu(x), bu(y - SWATCH_PX / 2.0)),
                (bu(x + SWATCH_PX), bu(y + SWATCH_PX / 2.0)),
            ];
            let (fill, pattern) = match measure {
                MapSwatch::Measure(m) => {
                    (theme.measure(*m).fill, patterns.get(m).cloned().flatten())
                }
                MapSwatch::Land | MapSwatch::Findings => (theme.land, None),
            };
            draw(area.draw(&Rectangle::new(swatch, fill.to_plotters().filled())))?;
            if let Some(p) = pattern {
                svg.with(|d| d.set_fill_override(Some(p)))?;
                draw(area.draw(&Rectangle::new(swatch, fill.to_plotters().filled())))?;
                svg.with(|d| d.set_fill_override(None))?;
            }
            if *measure == MapSwatch::Findings {
                let ring = [
                    (bu(x), bu(y - SWATCH_PX / 2.0)),
                    (bu(x + SWATCH_PX), bu(y - SWATCH_PX / 2.0)),
                    (bu(x + SWATCH_PX), bu(y + SWATCH_PX / 2.0)),
                    (bu(x), bu(y + SWATCH_PX / 2.0)),
                    (bu(x), bu(y - SWATCH_PX / 2.0)),
                ];
                svg.with(|d| d.open_group(&dashed_group("legend-finding")))?;
                draw(area.draw(&PathElement::new(ring.to_vec(), stroke(theme.text, 1.5))))?;
                svg.with(|d| d.close_group())?;
            }
            let label =
                text::ellipsize(label, width - x - SWATCH_PX - 6.0 - PAD_PX, FONT_PX, false);
            draw(area.draw(&Text::new(
                label,
                (bu(x + SWATCH_PX + 6.0), bu(y)),
                text_style(theme.text, false, Pos::new(HPos::Left, VPos::Center)),
            )))?;
        }
    }
    svg.with(|d| d.close_group())?;
    Ok(drawn)
}

/// A group whose strokes are dashed (the findings-only outline).
fn dashed_group(class: &str) -> Group {
    Group::new()
        .class(class)
        .attr("fill", "none")
        .attr("stroke-dasharray", "3 2")
}

/// The dashed outlines of the countries whose only steps are findings (and
/// a dashed ring round their markers): plain land, never a measure's colour.
fn draw_findings(cx: &MarkContext<'_>) -> Result<()> {
    let MarkContext {
        svg,
        area,
        world,
        findings,
        theme,
        layout,
        ..
    } = *cx;
    if findings.is_empty() {
        return Ok(());
    }
    let viewport = layout.viewport;
    svg.with(|d| d.open_group(&Group::new().class("findings")))?;
    for (code, name) in findings {
        svg.with(|d| {
            d.open_group(
                &dashed_group("has-finding")
                    .data("code", code)
                    .title(&format!("{name}: findings only (not measures)")),
            )
        })?;
        if let Some(shape) = world.shape(code) {
            for p in &shape.polygons {
                if let Some(outer) = p.rings.first() {
                    let points: Vec<(i32, i32)> =
                        outer.iter().map(|&q| bp(viewport.to_px(q))).collect();
                    draw(area.draw(&PathElement::new(points, stroke(theme.text, 1.5))))?;
                }
            }
        }
        if let Some(m) = layout.markers.iter().find(|m| &m.code == code) {
            let r = bu(MARKER_RADIUS + 2.0).max(1) as u32;
            draw(area.draw(&Circle::new(bp(m.at), r, stroke(theme.text, 1.5))))?;
        }
        svg.with(|d| d.close_group())?;
    }
    svg.with(|d| d.close_group())
}

/// One marker: its leader line, then a disc filled and patterned like its country.
fn draw_marker(cx: &MarkContext<'_>, m: &Marker) -> Result<()> {
    let MarkContext {
        svg,
        area,
        state,
        dataset,
        world,
        data,
        patterns,
        theme,
        ..
    } = *cx;
    let info = data.get(&m.code);
    let name = info.map(|d| d.name.clone()).unwrap_or_else(|| {
        dataset
            .country(&m.code)
            .map(|c| c.name.as_str().to_owned())
            .or_else(|| world.name(&m.code).map(str::to_owned))
            .unwrap_or_else(|| m.code.clone())
    });
    let mut group = Group::new().class("marker").data("code", &m.code);
    let title = match info {
        Some(d) => {
            group = group
                .class("has-data")
                .class(&format!("measure-{}", d.strongest.key()));
            d.title()
        }
        None => name,
    };
    let selected = state.selected.as_deref() == Some(m.code.as_str());
    let hovered = state.hovered.as_deref() == Some(m.code.as_str());
    if selected {
        group = group.class("selected");
    }
    if hovered {
        group = group.class("hovered");
    }
    svg.with(|d| d.open_group(&group.title(&title)))?;
    if let Some((from, to)) = m.leader() {
        draw(area.draw(&PathElement::new(
            vec![bp(from), bp(to)],
            stroke(theme.text, 1.0),
        )))?;
        draw(area.draw(&Circle::new(
            bp(to),
            bu(1.5).max(1) as u32,
            theme.text.to_plotters().filled(),
        )))?;
    }
    let (fill, pattern) = match info {
        Some(d) => (
            theme.measure(d.strongest).fill,
            patterns.get(&d.strongest).cloned().flatten(),
        ),
        None => (theme.land, None),
    };
    let r = bu(MARKER_RADIUS).max(1) as u32;
    draw(area.draw(&Circle::new(bp(m.at), r, fill.to_plotters().filled())))?;
    if let Some(p) = pattern {
        svg.with(|d| d.set_fill_override(Some(p)))?;
        draw(area.draw(&Circle::new(bp(m.at), r, fill.to_plotters().filled())))?;
        svg.with(|d| d.set_fill_override(None))?;
    }
    let ring = if selected {
        stroke(theme.selected, OUTLINE_PX)
    } else if hovered {
        stroke(theme.hover, OUTLINE_PX)
    } else {
        stroke(theme.text, 1.0)
    };
    draw(area.draw(&Circle::new(bp(m.at), r, ring)))?;
    svg.with(|d| d.close_group())?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The map in two layers, for a page that keeps what it drew.

/// Base units per pixel of a map drawn at its widest (1200 px): a base's
/// shapes are written in whole base units, a tenth of a pixel there.
const BASE_UNITS: f64 = 10.0;
/// Points of a base's rings closer than this (base units, half a pixel at
/// 1200 px) to the last one kept are dropped.
const BASE_TOLERANCE: i64 = 5;

/// The map's shapes, drawn once per view and theme for a page that keeps them
/// while the reader filters and resizes (the widget): the sea and every
/// country as plain land, in *base units*, covering what the view shows at
/// any width from 280 to 1200 px. [`render_map_overlay`] then gives, for a
/// width and a selection, which part of the base to show, each country's fill
/// and what is drawn over the shapes; so a filter or a new width never
/// writes or parses the shapes again.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBase {
    /// An `<svg>` in base units: `<defs>` with each measure's pattern, the
    /// sea, and `<g class="countries">` (fill: the land colour) holding a
    /// `<g class="country" data-code="PL">` per country (`no-code` and no
    /// `data-code` for features without an ISO code) with a `<title>` naming
    /// it and one `<path>` of its outer rings, whose id is
    /// [`MapBase::path_id`]. Strokes are meant to be drawn with
    /// `vector-effect: non-scaling-stroke` (the page's stylesheet), as the
    /// base is scaled to the width.
    pub svg: String,
    /// The view it shows.
    pub view: MapView,
    /// The theme it was drawn in; its overlays use the same.
    pub theme: ThemeName,
    /// Prefix of its ids (and of its overlays').
    pub id: String,
    /// The paint of each measure's pattern in the base's own units
    /// (`url(#…)`), `None` for a solid measure. Scale it to the width with
    /// `patternTransform="scale(s)"`, `s` from [`MapOverlay::pattern_scale`].
    pub patterns: BTreeMap<Measure, Option<String>>,
    /// The map-unit point at base (0, 0).
    origin: Point,
    /// Base units per map unit.
    scale: f64,
    /// The codes a story view is fitted to.
    story: Vec<String>,
}

impl MapBase {
    /// The id of a country's `<path>` in the base (for a `<use>` laying a
    /// pattern over it).
    pub fn path_id(&self, code: &str) -> String {
        super::svg::token(&format!("{}-c-{code}", self.id))
    }
}

/// A country's look on a [`MapBase`]: the strongest measure it took in the
/// selection, and its tooltip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryFill {
    /// ISO code.
    pub code: String,
    /// Strongest measure in the selection: the fill colour and pattern.
    pub measure: Measure,
    /// Tooltip: "Kuwait: Residence restriction, 3 steps".
    pub title: String,
}

/// The markers of a [`MapBase`] at one width, drawn once for every country of
/// the dataset that needs one there, and shown, hidden and filled by the
/// page as the selection changes (so their places do not move with it).
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarkers {
    /// An `<svg>` of the map's size, in pixels: `<defs>` with each measure's
    /// pattern (see `patterns`) and `<g class="markers">` (which strokes the
    /// discs' rings) holding a `<g class="marker" data-code="QA">` per marker,
    /// placed by its `transform`, with a `<title>`, its leader line if it has
    /// one, and two discs: `circle.m-fill` (fill: the land colour until the
    /// page sets a measure's) and `circle.m-pat` (no fill, or a measure's
    /// pattern).
    pub svg: String,
    /// The picture's width, pixels.
    pub width: f64,
    /// The map's height (where the legend starts), pixels: the base is shown
    /// at (0, 0), `width` × `map_height`.
    pub map_height: f64,
    /// The part of the base shown, in base units: x, y, width, height (the
    /// base `<svg>`'s `viewBox`).
    pub crop: [f64; 4],
    /// Base units per pixel at this width: the scale of the base's patterns.
    pub pattern_scale: f64,
    /// The paint of each measure's pattern for the markers (`url(#…)`),
    /// `None` for a solid measure.
    pub patterns: BTreeMap<Measure, Option<String>>,
    /// The viewport and every marker and cluster placed.
    pub layout: MapLayout,
    /// The zoom it is drawn at.
    pub zoom: ZoomAt,
}

/// What changes over a [`MapBase`] and its [`MapMarkers`] with the selection.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOverlay {
    /// An `<svg>` of the picture's size, in pixels, whose content goes over
    /// the markers: name labels and the legend.
    pub svg: String,
    /// The picture's height, legend included, pixels.
    pub height: f64,
    /// Every country with steps in the selection, by code; every other
    /// country is plain land, and its marker too if it is in the selection.
    pub fills: Vec<CountryFill>,
    /// The map's text alternative for this selection.
    pub alt: TextAlternative,
    /// The viewport and the markers of the countries in the selection, for
    /// [`geo::hit_test_world`] (no shapes).
    pub layout: MapLayout,
    /// The name labels drawn, in pixels.
    pub labels: Vec<MapLabel>,
}

/// A country's name label as drawn over the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    /// The country's code.
    pub code: String,
    /// Its box (background included), pixels.
    pub rect: Rect,
}

/// Draws the base of `view` for `dataset` on `world` in `theme`, with ids
/// starting with `id`.
pub fn render_map_base(
    world: &World,
    dataset: &Dataset,
    view: MapView,
    theme: &Theme,
    id: &str,
) -> Result<MapBase> {
    let id = if id.is_empty() { "map" } else { id };
    let story: Vec<String> = dataset.countries.iter().map(|c| c.code.clone()).collect();
    // Every width's view lies within the union of the narrowest's and the
    // widest's (a story view only widens with the width).
    let frame_of = |w: f64| {
        let v = viewport_of(world, &story, view, w);
        BBox::of([
            v.to_map(Point::new(0.0, 0.0)),
            v.to_map(Point::new(v.width, v.height)),
        ])
    };
    let widest = viewport_of(world, &story, view, super::MAX_WIDTH);
    let frame = frame_of(super::MIN_WIDTH).union(frame_of(super::MAX_WIDTH));
    let scale = widest.scale * BASE_UNITS;
    let origin = Point::new(frame.min_x, frame.min_y);
    let (bw, bh) = (
        (frame.width() * scale).ceil().max(1.0),
        (frame.height() * scale).ceil().max(1.0),
    );

    let mut doc = SvgDoc::new(&format!("{id}-b"), bw, bh);
    doc.add_root_class("st-map-base");
    doc.set_background(Some(theme.background));
    let patterns = all_patterns(&mut doc, theme);
    doc.open_group(
        &Group::new()
            .class("countries")
            .attr("fill", &theme.land.to_hex())
            .attr("stroke", &theme.border.to_hex())
            .attr("stroke-width", &num(BORDER_PX))
            .attr("stroke-linejoin", "round"),
    );
    let base = MapBase {
        svg: String::new(),
        view,
        theme: theme.name,
        id: id.to_owned(),
        patterns,
        origin,
        scale,
        story,
    };
    let mut d = String::new();
    for shape in world.shapes() {
        d.clear();
        for p in &shape.polygons {
            if p.bbox.intersects(&frame) {
                if let Some(outer) = p.rings.first() {
                    base.write_ring(&mut d, outer);
                }
            }
        }
        if d.is_empty() {
            continue;
        }
        let (group, path_id) = match &shape.code {
            Some(code) => {
                let name = dataset
                    .country(code)
                    .map_or(shape.name.as_str(), |c| c.name.as_str());
                (
                    Group::new().class("country").data("code", code).title(name),
                    Some(base.path_id(code)),
                )
            }
            None => (
                Group::new()
                    .class("country")
                    .class("no-code")
                    .title(&shape.name),
                None,
            ),
        };
        doc.open_group(&group);
        match path_id {
            Some(pid) => doc.push_raw(&format!("<path id=\"{pid}\" d=\"{d}\"/>")),
            None => doc.push_raw(&format!("<path d=\"{d}\"/>")),
        }
        doc.close_group();
    }
    doc.close_group();
    Ok(MapBase {
        svg: doc.to_svg(),
        ..base
    })
}

impl MapBase {
    /// Appends a ring as path data in whole base units (`M x y l dx dy … z`),
    /// dropping points closer than half a pixel to the last one kept; a ring
    /// left with fewer than three distinct points is not written.
    fn write_ring(&self, out: &mut String, ring: &[Point]) {
        let mut kept: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
        for p in ring {
            let x = ((p.x - self.origin.x) * self.scale).round();
            let y = ((p.y - self.origin.y) * self.scale).round();
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            let q = (x.clamp(-1e9, 1e9) as i64, y.clamp(-1e9, 1e9) as i64);
            match kept.last() {
                Some(&(lx, ly))
                    if (q.0 - lx).pow(2) + (q.1 - ly).pow(2) < BASE_TOLERANCE * BASE_TOLERANCE => {}
                _ => kept.push(q),
            }
        }
        // The ring is closed by `z`: drop a last point on (or next to) the first.
        if let (Some(&first), Some(&last)) = (kept.first(), kept.last()) {
            if kept.len() > 1
                && (last.0 - first.0).pow(2) + (last.1 - first.1).pow(2)
                    < BASE_TOLERANCE * BASE_TOLERANCE
            {
                kept.pop();
            }
        }
        if kept.len() < 3 {
            return;
        }
        let mut prev = (0, 0);
        for (i, &(x, y)) in kept.iter().enumerate() {
            let (dx, dy) = (x - prev.0, y - prev.1);
            match i {
                0 => {
                    let _ = write!(out, "M{x} {y}");
                }
                1 => {
                    let _ = write!(out, "l{dx}");
                    push_signed(out, dy);
                }
                _ => {
                    push_signed(out, dx);
                    push_signed(out, dy);
                }
            }
            prev = (x, y);
        }
        out.push('z');
    }
}

/// Appends a number to path data, with a space before it unless its minus
/// sign separates it.
fn push_signed(out: &mut String, v: i64) {
    if v >= 0 {
        out.push(' ');
    }
    let _ = write!(out, "{v}");
}

/// Places and draws the markers of `base` at `width` (clamped to
/// 280..=1200) over the whole view: [`render_map_markers_at`] at
/// [`Zoom::Whole`].
pub fn render_map_markers(
    world: &World,
    dataset: &Dataset,
    base: &MapBase,
    width: f64,
) -> Result<MapMarkers> {
    render_map_markers_at(world, dataset, base, width, &Zoom::Whole)
}

/// Places and draws the markers of `base` at `width` (clamped to
/// 280..=1200) and `zoom`: one for every country of the dataset in view too
/// small to see or tap there, or known only by a point, in the dataset's
/// order of priority; crowded ones grouped into clusters (except at
/// [`MAX_ZOOM`], where a cluster could not zoom further).
pub fn render_map_markers_at(
    world: &World,
    dataset: &Dataset,
    base: &MapBase,
    width: f64,
    zoom: &Zoom,
) -> Result<MapMarkers> {
    let theme = Theme::of(base.theme);
    let width = clamp_width(width);
    let whole = viewport_of(world, &base.story, base.view, width);
    let at = zoom::resolve(world, dataset, whole, zoom);
    let viewport = zoom::zoomed(whole, at);
    let layout = geo::lay_out_zoomed(world, viewport, &base.story, at.k < MAX_ZOOM);
    let top_left = viewport.to_map(Point::new(0.0, 0.0));
    let units = base.scale / viewport.scale;
    let crop = [
        (top_left.x - base.origin.x) * base.scale,
        (top_left.y - base.origin.y) * base.scale,
        viewport.width * units,
        viewport.height * units,
    ];

    let mut doc = SvgDoc::new(&format!("{}-m", base.id), width, viewport.height);
    let patterns = all_patterns(&mut doc, &theme);
    // Each marker is placed by its group's transform and its discs inherit
    // the ring's stroke: a few tens of bytes each.
    let ink = theme.text.to_hex();
    let land = theme.land.to_hex();
    let r = num(MARKER_RADIUS);
    doc.open_group(
        &Group::new()
            .class("markers")
            .attr("fill", "none")
            .attr("stroke", &ink)
            .attr("stroke-width", "1"),
    );
    let name_of = |code: &str| -> String {
        dataset
            .country(code)
            .map(|c| c.name.as_str())
            .or_else(|| world.name(code))
            .unwrap_or(code)
            .to_owned()
    };
    for m in &layout.markers {
        let name = name_of(&m.code);
        doc.open_group(
            &Group::new()
                .class("marker")
                .data("code", &m.code)
                .attr(
                    "transform",
                    &format!("translate({} {})", num(m.at.x), num(m.at.y)),
                )
                .title(&name),
        );
        if let Some((from, to)) = m.leader() {
            let (fx, fy, tx, ty) = (
                num(from.x - m.at.x),
                num(from.y - m.at.y),
                num(to.x - m.at.x),
                num(to.y - m.at.y),
            );
            doc.push_raw(&format!(
                "<path d=\"M{fx} {fy}L{tx} {ty}\"/><circle cx=\"{tx}\" cy=\"{ty}\" r=\"1.5\" fill=\"{ink}\" stroke=\"none\"/>"
            ));
        }
        doc.push_raw(&format!(
            "<circle class=\"m-fill\" r=\"{r}\" fill=\"{land}\"/><circle class=\"m-pat\" r=\"{r}\"/>"
        ));
        doc.close_group();
    }
    // Clusters: a disc with the number of its countries, which zooms in.
    let cr = num(CLUSTER_RADIUS);
    let font = theme.font_family;
    for c in &layout.clusters {
        let names: Vec<String> = c.codes.iter().map(|code| name_of(code)).collect();
        doc.open_group(
            &Group::new()
                .class("cluster")
                .data("zoom", &c.zoom_key())
                .data("codes", &c.codes.join(" "))
                .attr(
                    "transform",
                    &format!("translate({} {})", num(c.at.x), num(c.at.y)),
                )
                .title(&format!("{}: zoom in", prose_list(&names))),
        );
        doc.push_raw(&format!(
            "<circle r=\"{cr}\" fill=\"{land}\" stroke-width=\"2\"/><text class=\"c-n\" text-anchor=\"middle\" dy=\"0.35em\" font-family=\"{}\" font-size=\"11\" font-weight=\"bold\" fill=\"{ink}\" stroke=\"none\">{}</text>",
            super::svg::escape_attr(font),
            c.codes.len()
        ));
        doc.close_group();
    }
    doc.close_group();
    Ok(MapMarkers {
        svg: doc.to_svg(),
        width,
        map_height: viewport.height,
        crop,
        pattern_scale: units,
        patterns,
        layout,
        zoom: at,
    })
}

/// Draws what goes over a [`MapBase`] and its [`MapMarkers`] for `state`,
/// whose countries with steps are `data`: each country's fill, the name
/// labels and the legend. `state.steps` is not read (`data` says it);
/// `state.view` and `state.id` are the base's; `state.selected` only puts its
/// label first (a page marks the selection itself).
pub fn render_map_overlay(
    world: &World,
    dataset: &Dataset,
    base: &MapBase,
    markers: &MapMarkers,
    state: &MapState,
    data: &MapData,
) -> Result<MapOverlay> {
    let theme = Theme::of(base.theme);
    let width = markers.width;
    let state = MapState {
        view: base.view,
        steps: None,
        ..state.clone()
    };
    let (data, findings) = (&data.0, &data.1);
    let included = str_set(&state.included);
    let layout = MapLayout {
        markers: markers
            .layout
            .markers
            .iter()
            .filter(|m| included.contains(m.code.as_str()))
            .cloned()
            .collect(),
        unknown: markers
            .layout
            .unknown
            .iter()
            .filter(|c| included.contains(c.as_str()))
            .cloned()
            .collect(),
        unplaced: markers
            .layout
            .unplaced
            .iter()
            .filter(|c| included.contains(c.as_str()))
            .cloned()
            .collect(),
        clusters: markers
            .layout
            .clusters
            .iter()
            .filter(|c| c.codes.iter().any(|code| included.contains(code.as_str())))
            .cloned()
            .collect(),
        ..markers.layout.clone()
    };
    let legend = Legend::new(data, findings, width);
    let height = markers.map_height + legend.height();
    let alt = text_alternative(dataset, world, &state, (data, findings), &layout);

    let mut doc = SvgDoc::new(&format!("{}-o", base.id), width, height).with_scale(SCALE);
    doc.set_font_family(theme.font_family);
    let svg = Svg::new(doc);
    let patterns = define_patterns(&svg, &theme, &legend.measures);
    let labels = {
        let area = svg.backend().into_drawing_area();
        draw_marks(&MarkContext {
            svg: &svg,
            area: &area,
            state: &state,
            dataset,
            world,
            data,
            findings,
            patterns: &patterns,
            theme: &theme,
            layout: &layout,
            legend: &legend,
            draw_markers: false,
        })?
    };
    let fills = data
        .iter()
        .map(|(code, d)| CountryFill {
            code: code.clone(),
            measure: d.strongest,
            title: d.title(),
        })
        .collect();
    Ok(MapOverlay {
        svg: svg.to_svg()?,
        height,
        fills,
        alt,
        layout,
        labels,
    })
}

/// Title, one paragraph and a table, from the same data the map draws.
fn text_alternative(
    dataset: &Dataset,
    world: &World,
    state: &MapState,
    (data, findings): (&BTreeMap<String, CountryData>, &Findings),
    layout: &MapLayout,
) -> TextAlternative {
    let title = "Strongest step taken, by country".to_owned();
    let mut rows: Vec<(&String, &CountryData)> = data.iter().collect();
    super::sort_stable(&mut rows, &|a, b| {
        a.1.strongest
            .cmp(&b.1.strongest)
            .then(a.1.name.cmp(&b.1.name))
    });

    let mut parts = Vec::new();
    let view = match state.view {
        MapView::Story => "The map shows the story's countries.",
        MapView::World => "The map shows the whole world.",
    };
    parts.push(view.to_owned());
    if rows.is_empty() {
        parts.push("No country in the selection has a recorded step.".to_owned());
    } else {
        let names: Vec<String> = rows
            .iter()
            .map(|(_, d)| format!("{} ({})", d.name, measure_words(d.strongest)))
            .collect();
        let n_steps: usize = rows.iter().map(|(_, d)| d.steps).sum();
        parts.push(format!(
            "{} in the selection took {}; each is coloured by its strongest step: {}.",
            plural(rows.len(), "country", "countries"),
            plural(n_steps, "step", "steps"),
            prose_list(&names)
        ));
    }
    if !findings.is_empty() {
        let names: Vec<String> = findings.values().cloned().collect();
        parts.push(format!(
            "{} {} only findings (not measures), drawn as plain land with a dashed outline: {}.",
            plural(names.len(), "country", "countries"),
            if names.len() == 1 { "has" } else { "have" },
            prose_list(&names)
        ));
    }
    let name_of = |code: &str| {
        data.get(code)
            .map(|d| d.name.clone())
            .or_else(|| dataset.country(code).map(|c| c.name.as_str().to_owned()))
            .or_else(|| world.name(code).map(str::to_owned))
            .unwrap_or_else(|| code.to_owned())
    };
    let marked: Vec<String> = layout.markers.iter().map(|m| name_of(&m.code)).collect();
    if !marked.is_empty() {
        parts.push(format!(
            "Too small to show at this size, {} {} marked by a circle.",
            prose_list(&marked),
            if marked.len() == 1 { "is" } else { "are" }
        ));
    }
    let grouped: Vec<String> = layout
        .clusters
        .iter()
        .flat_map(|c| &c.codes)
        .filter(|code| data.contains_key(code.as_str()))
        .map(|code| name_of(code))
        .collect();
    if !grouped.is_empty() {
        parts.push(format!(
            "Too crowded to show one by one at this size, {} {} grouped in numbered circles.",
            prose_list(&grouped),
            if grouped.len() == 1 { "is" } else { "are" }
        ));
    }
    let missing: Vec<String> = layout
        .unknown
        .iter()
        .chain(&layout.unplaced)
        .map(|c| name_of(c))
        .collect();
    if !missing.is_empty() {
        parts.push(format!("Not shown on the map: {}.", prose_list(&missing)));
    }

    TextAlternative {
        title,
        description: parts.join(" "),
        table: Table {
            caption: "Countries with steps in the selection".to_owned(),
            headers: vec![
                "Country".to_owned(),
                "Strongest step".to_owned(),
                "Steps".to_owned(),
            ],
            rows: rows
                .iter()
                .map(|(_, d)| {
                    vec![
                        d.name.clone(),
                        d.strongest.label_en().to_owned(),
                        d.steps.to_string(),
                    ]
                })
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Country, Meta, Region, Source, Stage, Step, StepKind};
    use crate::PartialDate;

    fn step(id: &str, country: &str, measure: Measure) -> Step {
        Step {
            id: id.into(),
            country: country.into(),
            kind: StepKind::Measure,
            finding: None,
            date: (PartialDate::year(2017)).into(),
            date_inferred: false,
            date_kind: Some(Stage::Reported),
            measure: Some(measure),
            description: "x".into(),
            resolutions: Vec::new(),
            status: Some(Stage::Reported),
            confidence: None,
            sources: vec![Source {
                publisher: "p".into(),
                url: "https://example.org".into(),
                title: None,
                title_inferred: false,
                date: None,
                quote: None,
            }],
            disputes: Vec::new(),
            note: None,
        }
    }

    fn small_dataset() -> Dataset {
        Dataset {
            schema_version: 1,
            meta: Meta {
                kind: Default::default(),
                title: "t".into(),
                summary: None,
                publisher: Some("p".into()),
                byline: None,
                published: Some(PartialDate::year(2017)),
                as_of: None,
                source_url: Some("https://example.org".into()),
                credits: Vec::new(),
                licence: None,
                maintainer: None,
                updated: None,
                language: None,
                translations: Vec::new(),
            },
            resolutions: Vec::new(),
            countries: vec![
                Country {
                    code: "KW".into(),
                    name: "Kuwait".into(),
                    regions: vec![Region::MiddleEast],
                    un_member: true,
                },
                Country {
                    code: "QA".into(),
                    name: "Qatar".into(),
                    regions: vec![Region::MiddleEast],
                    un_member: true,
                },
            ],
            steps: vec![
                step("a", "KW", Measure::VisaSuspension),
                step("b", "KW", Measure::ResidenceRestriction),
                step("c", "QA", Measure::Other),
            ],
            figures: Vec::new(),
        }
    }

    #[test]
    fn the_strongest_measure_is_taken_over_the_selection() {
        let d = small_dataset();
        let all = selection_data(&d, &MapState::all(&d));
        assert_eq!(all["KW"].strongest, Measure::ResidenceRestriction);
        assert_eq!(all["KW"].steps, 2);
        assert_eq!(all["QA"].strongest, Measure::Other);
        // Matches the dataset's own answer when nothing is filtered.
        for (code, info) in &all {
            assert_eq!(d.strongest_measure(code), Some(info.strongest));
        }
        let state = MapState {
            steps: Some(vec!["a".into()]),
            ..MapState::all(&d)
        };
        let some = selection_data(&d, &state);
        assert_eq!(some["KW"].strongest, Measure::VisaSuspension);
        assert_eq!(some["KW"].steps, 1);
        assert!(!some.contains_key("QA"));
        let none = MapState {
            included: vec!["QA".into()],
            ..MapState::all(&d)
        };
        assert_eq!(selection_data(&d, &none).len(), 1);
    }

    #[test]
    fn prose_lists_and_plurals() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(prose_list(&s(&[])), "");
        assert_eq!(prose_list(&s(&["a"])), "a");
        assert_eq!(prose_list(&s(&["a", "b"])), "a and b");
        assert_eq!(prose_list(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(plural(1, "step", "steps"), "1 step");
        assert_eq!(plural(0, "step", "steps"), "0 steps");
    }

    #[test]
    fn backend_units_never_overflow() {
        assert_eq!(bu(1.25), 13);
        assert_eq!(bu(f64::NAN), 0);
        assert_eq!(bu(f64::INFINITY), 0);
        assert_eq!(bu(1e300), 100_000_000);
    }

    #[test]
    fn an_empty_world_still_draws_a_picture() {
        // A world with no shapes at all still gives a picture (sea and legend).
        let world = World::new(Vec::new(), Vec::new(), geo::BBox::EMPTY);
        let d = small_dataset();
        let p = render_map_with(&world, &d, &MapState::all(&d), 400.0, &Theme::light()).unwrap();
        assert!(p.layout.shapes.is_empty());
        assert_eq!(p.layout.unknown, ["KW", "QA"]);
        assert!(p.picture.svg.contains(">Residence restriction</text>"));
    }
}
