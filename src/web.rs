//! The wasm boundary: the only module that touches wasm-bindgen.
//!
//! It stays thin. A [`Tracker`] handle keeps the validated dataset inside Rust
//! (nothing is copied across the boundary but what a call returns). A dataset
//! crosses the boundary once, as JSON text (a JS object is turned into text by
//! `JSON.stringify` first): reading a JS object value by value costs a call
//! across the boundary per value, several times the whole parse in Rust. Rust
//! then parses, validates and builds the dataset in one pass
//! ([`crate::validate::load_str`], the same pipeline as natively); results
//! are plain JS objects (`Serializer::json_compatible()`: no `Map`s).
//!
//! The release glue checks no argument types, so every export takes `JsValue`
//! and checks what it got: a wrong argument is a JS `Error`, never a panic (a
//! panic or trap in wasm would stop every widget on the page, as they share
//! one instance). Every [`crate::Error`] reaches JS through one conversion: a JS
//! `Error` whose `message` is the Rust `Display` text, with a `problems` array
//! of `{path, message, severity}`.

use crate::chart::map::{
    render_map_base, render_map_markers, render_map_overlay, MapBase, MapData, MapMarkers,
    MapState, MapView,
};
use crate::chart::{
    clamp_width, render_figure_with, render_timeline_with, FigureOptions, Picture, Table,
    TextAlternative, Theme, ThemeName, TimelineOptions,
};
use crate::error::{quote, Error, Problem, Result};
use crate::geo::{self, MapLayout};
use crate::model::{Country, Measure, Step};
use crate::query::{Catalog, Filter, Selection, SortKey};
use crate::validate::Loaded;
use js_sys::{Array, Reflect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

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

/// Reads a JS object as plain JSON data: `JSON.stringify` writes it as text
/// (one copy into Rust), then [`crate::validate::load_str`]. What JSON cannot hold is an
/// [`Error::Argument`]: a cycle, a BigInt, or nesting deeper than
/// [`crate::untyped::MAX_DEPTH`] levels. Like `JSON.stringify`, members that
/// are functions, symbols or `undefined` are left out (absent).
fn load_js(value: &JsValue) -> Result<Loaded> {
    let not_data =
        |why: String| Error::Argument(format!("the dataset is not plain JSON data: {why}"));
    let text = js_sys::JSON::stringify(value).map_err(|thrown| {
        not_data(
            Reflect::get(&thrown, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "JSON.stringify failed".to_owned()),
        )
    })?;
    let Some(text) = JsValue::from(text).as_string() else {
        return Err(not_data(format!(
            "JSON.stringify gave no text for {}",
            describe(value)
        )));
    };
    crate::validate::load_str(&text).map_err(|e| match e {
        // A position in text the caller never saw means nothing to them.
        Error::Json { message, .. } => not_data(message),
        other => other,
    })
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

/// The options object of a rendering export, read key by key: `undefined` or
/// `null` for all defaults; any key not in `allowed` is an error, so a typo
/// in the page's script is reported rather than silently ignored.
struct Options {
    what: &'static str,
    object: Option<JsValue>,
}

impl Options {
    fn new(what: &'static str, value: &JsValue, allowed: &[&str]) -> Result<Options> {
        if value.is_undefined() || value.is_null() {
            return Ok(Options { what, object: None });
        }
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            return Err(Error::Argument(format!(
                "{what}: the options are an object, got {}",
                describe(value)
            )));
        }
        let keys = js_sys::Object::keys(&js_sys::Object::from(value.clone()));
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(Error::Argument(format!(
                    "{what}: unknown option {} (known: {})",
                    quote(&key),
                    allowed.join(", ")
                )));
            }
        }
        Ok(Options {
            what,
            object: Some(value.clone()),
        })
    }

    /// The value under `key`, `None` when absent, `undefined` or `null`.
    fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        let value = Reflect::get(object, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// A finite number (the width in px), or `default`.
    fn number(&self, key: &str, default: f64) -> Result<f64> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(n) if n.is_finite() => Ok(n),
                _ => Err(Error::Argument(format!(
                    "{}: {key} is a finite number, got {}",
                    self.what,
                    describe(&v)
                ))),
            },
        }
    }

    /// A string, or `None` when absent.
    fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| {
                Error::Argument(format!(
                    "{}: {key} is a string, got {}",
                    self.what,
                    describe(&v)
                ))
            }),
        }
    }

    /// One of `choices`, or the first of them when absent.
    fn choice(&self, key: &str, choices: &[&'static str]) -> Result<&'static str> {
        let Some(given) = self.string(key)? else {
            return Ok(choices.first().copied().unwrap_or_default());
        };
        choices
            .iter()
            .copied()
            .find(|c| *c == given)
            .ok_or_else(|| {
                Error::Argument(format!(
                    "{}: {key} is one of {}, got {}",
                    self.what,
                    choices.join(", "),
                    quote(&given)
                ))
            })
    }

    /// The width in px under `width` (600 by default), clamped to 280..=1200
    /// as the renderers draw it.
    fn width(&self) -> Result<f64> {
        Ok(clamp_width(self.number("width", 600.0)?))
    }

    /// The theme (`"light"` by default, or `"dark"`).
    fn theme(&self) -> Result<Theme> {
        let name = self.choice("theme", &["light", "dark"])?;
        Ok(Theme::by_name(name).unwrap_or_else(Theme::light))
    }

    /// The filter under `filter` (none: everything).
    fn filter(&self) -> Result<Filter> {
        match self.get("filter") {
            None => Ok(Filter::default()),
            Some(v) => filter_arg(&v).map_err(|e| match e {
                Error::Argument(message) => Error::Argument(format!("{}: {message}", self.what)),
                other => other,
            }),
        }
    }
}

/// A figure's chart as JS gets it: `{id, svg, height, alt: {title,
/// description, table}}`.
#[derive(Serialize)]
struct Drawn<'a> {
    /// The figure's id.
    id: &'a str,
    svg: &'a str,
    height: f64,
    alt: &'a TextAlternative,
}

impl<'a> Drawn<'a> {
    fn of(picture: &'a Picture, id: &'a str) -> Drawn<'a> {
        Drawn {
            id,
            svg: &picture.svg,
            height: picture.height,
            alt: &picture.alt,
        }
    }
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
    /// What a page that updates in place was last given (`mapBase`,
    /// `mapUpdate`, `listChanges`, `timelinePart`).
    kept: Box<Kept>,
}

impl From<Loaded> for Tracker {
    fn from(loaded: Loaded) -> Tracker {
        Tracker {
            catalog: Catalog::new(loaded.dataset),
            warnings: loaded.warnings,
            kept: Box::default(),
        }
    }
}

#[wasm_bindgen]
impl Tracker {
    /// Loads a dataset from a JS object (e.g. the result of `JSON.parse` or
    /// `fetch().json()`), read as `JSON.stringify` writes it. Given the text,
    /// `Tracker.fromJson` is faster (no stringify).
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
        Ok(load_js(&value)?.into())
    }

    /// Loads a dataset from JSON text; a syntax error gives its line and column.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: JsValue) -> std::result::Result<Tracker, JsValue> {
        let Some(text) = text.as_string() else {
            return Err(Error::Argument(format!(
                "Tracker.fromJson expects JSON text (a string), got {}",
                describe(&text)
            ))
            .into());
        };
        Ok(crate::validate::load_str(&text)?.into())
    }

    /// Loads the built-in seed story (VOA, 28 September 2017).
    pub fn seed() -> std::result::Result<Tracker, JsValue> {
        Ok(crate::validate::load_str(crate::seed::SEED_JSON)?.into())
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
    /// What the widget shows around its pictures: `{title, summary, publisher,
    /// byline, published, published_text, as_of, as_of_text, source_url,
    /// credits, licence, country_count, step_count, figure_count, measures,
    /// regions, resolutions}`; `measures` (strongest first) and `regions`
    /// (west to east) are `[{key, label}]` of those the data uses,
    /// `resolutions` `[{id, adopted, adopted_text, requires}]`.
    pub fn overview(&self) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.catalog.overview())
    }

    /// The fill colour of each measure in a theme (`"light"` or `"dark"`),
    /// as `{measure_key: "#rrggbb"}`: the map's colours, for the list's badges.
    pub fn palette(theme: JsValue) -> std::result::Result<JsValue, JsValue> {
        let name = theme.as_string().unwrap_or_default();
        let theme = Theme::by_name(&name).ok_or_else(|| {
            Error::Argument(format!(
                "palette: the theme is \"light\" or \"dark\", got {}",
                if theme.is_string() {
                    quote(&name)
                } else {
                    describe(&theme).to_owned()
                }
            ))
        })?;
        let colours: BTreeMap<&str, String> = Measure::ALL
            .into_iter()
            .map(|m| (m.key(), theme.measure(m).fill.to_hex()))
            .collect();
        to_js(&colours)
    }

    /// The country at a point of the last map drawn (by `mapUpdate` over the
    /// last `mapBase`), in the SVG's own coordinates (pixels of the width it
    /// was drawn at): its code, or `null` for the sea, the legend, or before
    /// any map was drawn over the last base. Any country of the world can
    /// come back, not only the dataset's.
    #[wasm_bindgen(js_name = hitTest)]
    pub fn hit_test(&self, x: JsValue, y: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (Some(x), Some(y)) = (x.as_f64(), y.as_f64()) else {
            return Err(Error::Argument(format!(
                "hitTest expects two numbers, got {} and {}",
                describe(&x),
                describe(&y)
            ))
            .into());
        };
        let layout = self.kept.layers.as_ref().and_then(|l| l.layout.as_ref());
        let hit = match (layout, geo::world()) {
            (Some(layout), Ok(world)) => geo::hit_test_world(world, layout, x, y),
            _ => None,
        };
        Ok(hit.map_or(JsValue::NULL, |code| JsValue::from_str(&code)))
    }

    /// Draws a country's figures, one chart each, in dataset order:
    /// `figureCharts(code, {width, theme, id})` returns `[{id, svg, height,
    /// alt}]` (`id` the figure's), empty for a country without figures or
    /// not in the dataset.
    #[wasm_bindgen(js_name = figureCharts)]
    pub fn figure_charts(
        &self,
        code: JsValue,
        options: JsValue,
    ) -> std::result::Result<JsValue, JsValue> {
        let code = code_arg(&code)?;
        let opts = Options::new("figureCharts", &options, &["width", "theme", "id"])?;
        let width = opts.width()?;
        let theme = opts.theme()?;
        let prefix = opts.string("id")?.unwrap_or_else(|| "fig".to_owned());
        let d = self.catalog.dataset();
        let name = d.country(&code).map(|c| c.name.as_str());
        let mut pictures = Vec::new();
        for (i, fig) in d.figures_of(&code).enumerate() {
            let id = format!("{prefix}-{i}");
            // A metric that already names the country ("workers employed
            // in Poland") is not followed by ", Poland" again.
            let country_name = name.filter(|n| !fig.metric.as_str().contains(n));
            let options = FigureOptions {
                id: Some(&id),
                country_name,
            };
            pictures.push((
                fig.id.as_str(),
                render_figure_with(fig, width, &theme, &options)?,
            ));
        }
        let drawn: Vec<Drawn> = pictures.iter().map(|(id, p)| Drawn::of(p, id)).collect();
        to_js(&drawn)
    }

    /// Draws the map's shapes once, for a page that keeps them while the
    /// reader filters and resizes: `mapBase({theme, view, id})`, with `theme`
    /// `"light"` (default) or `"dark"`, `view` `"story"` (default: fitted to
    /// the dataset's countries) or `"world"`, `id` a prefix for the SVG's
    /// ids, returns `{svg, land, fills, patterns}`: an `<svg>` of the
    /// sea and every country as plain land, in its own units (see
    /// `mapUpdate` for where it goes), the land colour, and each measure's
    /// fill colour and pattern paint (`url(#…)` or `null`) in the base,
    /// keyed by measure. Then call `mapUpdate` for each width and filter.
    #[wasm_bindgen(js_name = mapBase)]
    pub fn map_base(&mut self, options: JsValue) -> std::result::Result<JsValue, JsValue> {
        let opts = Options::new("mapBase", &options, &["theme", "view", "id"])?;
        let theme = opts.theme()?;
        let view = match opts.choice("view", &["story", "world"])? {
            "world" => MapView::World,
            _ => MapView::Story,
        };
        let id = opts.string("id")?.unwrap_or_else(|| "map".to_owned());
        let world = geo::world()?;
        let base = render_map_base(world, self.catalog.dataset(), view, &theme, &id)?;
        let fills = Out::new();
        let patterns = Out::new();
        for m in Measure::ALL {
            fills.str(m.key(), &theme.measure(m).fill.to_hex());
            patterns.opt_str(m.key(), base.patterns.get(&m).and_then(|p| p.as_deref()));
        }
        let out = Out::new();
        out.str("svg", &base.svg);
        out.str("land", &theme.land.to_hex());
        out.val("fills", fills.0);
        out.val("patterns", patterns.0);
        self.kept.layers = Some(Layers {
            base,
            markers: None,
            layout: None,
            table: Table::default(),
        });
        Ok(out.0)
    }

    /// What goes over the last `mapBase` at a width and for a filter:
    /// `mapUpdate({width, filter})`, with `width` in px (280 to 1200, default
    /// 600) and `filter` as for `regions`, returns `{svg, markers,
    /// marker_patterns, width, height, map_height, crop, pattern_scale, alt:
    /// {title, description}}`. The base goes at (0, 0), `width` × `map_height` px,
    /// with `crop` (x, y, width, height) as its `viewBox` and its patterns
    /// scaled by `pattern_scale`. `markers` is an `<svg>` of the markers of
    /// every country that needs one at this width (`null` when the width is
    /// that of the previous call: keep them): show those of the countries in
    /// the selection, filled like their country (`marker_patterns` are their
    /// patterns). `svg`'s content (labels, legend) goes over them. Each
    /// country (shape and marker) is filled by the strongest measure of its
    /// steps in the selection (the first of its `measures` in `listChanges`),
    /// plain land without: the base's `fills` and `patterns`. The table of
    /// the text alternative is `mapTable()`. Hit testing (`hitTest`) then
    /// uses this map.
    #[wasm_bindgen(js_name = mapUpdate)]
    pub fn map_update(&mut self, options: JsValue) -> std::result::Result<JsValue, JsValue> {
        let opts = Options::new("mapUpdate", &options, &["width", "filter"])?;
        let width = opts.width()?;
        let filter = opts.filter()?;
        let world = geo::world()?;
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let dataset = catalog.dataset();
        let fresh = kept.map_data.as_ref().map_or(true, |(f, _)| *f != filter);
        let selection = select_kept(catalog, &mut kept.selection, filter.clone());
        let Some(layers) = kept.layers.as_mut() else {
            return Err(Error::Argument(
                "mapUpdate: draw the map's base with mapBase first".to_owned(),
            )
            .into());
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
            return Err(Error::Render("mapUpdate: no data".to_owned()).into());
        };
        let redraw = layers.markers.as_ref().map_or(true, |m| m.width != width);
        if redraw {
            layers.markers = Some(render_map_markers(world, dataset, &layers.base, width)?);
        }
        let Some(markers) = layers.markers.as_ref() else {
            return Err(Error::Render("mapUpdate: no markers".to_owned()).into());
        };
        let overlay = render_map_overlay(world, dataset, &layers.base, markers, &state, data)?;
        let out = Out::new();
        out.str("svg", &overlay.svg);
        out.opt_str("markers", redraw.then_some(markers.svg.as_str()));
        let patterns = Out::new();
        for m in Measure::ALL {
            patterns.opt_str(m.key(), markers.patterns.get(&m).and_then(|p| p.as_deref()));
        }
        out.val("marker_patterns", patterns.0);
        out.num("width", markers.width);
        out.num("height", overlay.height);
        out.num("map_height", markers.map_height);
        let crop = Array::new();
        for v in markers.crop {
            crop.push(&JsValue::from_f64(v));
        }
        out.val("crop", crop.into());
        out.num("pattern_scale", markers.pattern_scale);
        out.val("alt", alt_text(&overlay.alt));
        layers.table = overlay.alt.table;
        layers.layout = Some(overlay.layout);
        Ok(out.0)
    }

    /// The table of the last `mapUpdate`'s text alternative, `{caption,
    /// headers, rows}` (one row per country with steps in the selection), or
    /// `null` before any: fetched when the reader opens it.
    #[wasm_bindgen(js_name = mapTable)]
    pub fn map_table(&self) -> std::result::Result<JsValue, JsValue> {
        match &self.kept.layers {
            Some(layers) if layers.layout.is_some() => to_js(&layers.table),
            _ => Ok(JsValue::NULL),
        }
    }

    /// Draws the timeline of the first countries a filter keeps, in the
    /// list's order, as many as fit in `max_steps` steps (at least one
    /// country): `timelinePart({width, theme, filter, id, max_steps})`
    /// returns `{svg, height, alt: {title, description}, shown_countries,
    /// total_countries, shown_steps, total_steps}`, with `svg` `null` when
    /// the picture would be the one the previous call drew (same steps,
    /// width, theme and id: keep it). A large dataset's timeline is thus
    /// drawn a part at a time; `max_steps` defaults to 200. The table of its
    /// text alternative is `timelineTable()`.
    #[wasm_bindgen(js_name = timelinePart)]
    pub fn timeline_part(&mut self, options: JsValue) -> std::result::Result<JsValue, JsValue> {
        let opts = Options::new(
            "timelinePart",
            &options,
            &["width", "theme", "filter", "id", "max_steps"],
        )?;
        let width = opts.width()?;
        let theme = opts.theme()?;
        let filter = opts.filter()?;
        let id = opts.string("id")?.unwrap_or_else(|| "timeline".to_owned());
        let max_steps = opts.number("max_steps", 200.0)?.max(0.0);
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let d = catalog.dataset();
        // The list's order (regions west to east, names), once.
        let order = kept.order.get_or_insert_with(|| {
            catalog
                .summaries_by_region(&catalog.select(&Filter::default()), SortKey::Name)
                .into_iter()
                .flat_map(|g| g.countries.into_iter().map(|c| c.code))
                .collect()
        });
        let selection = select_kept(catalog, &mut kept.selection, filter);
        let mut codes: Vec<&str> = Vec::new();
        let mut indices: Vec<usize> = Vec::new();
        let mut total_countries = 0;
        for code in order.iter() {
            let own = selection.steps_of(code).unwrap_or_default();
            if own.is_empty() {
                continue;
            }
            total_countries += 1;
            let fits = (indices.len() + own.len()) as f64 <= max_steps;
            if codes.len() == total_countries - 1 && (fits || codes.is_empty()) {
                codes.push(code);
                indices.extend_from_slice(own);
            }
        }
        let key = TimelineKey {
            width,
            theme: theme.name,
            id,
            steps: indices,
        };
        let unchanged = kept.timeline.as_ref().is_some_and(|(k, _)| *k == key);
        if !unchanged {
            let countries: Vec<Country> =
                codes.iter().filter_map(|c| d.country(c).cloned()).collect();
            let steps: Vec<&Step> = key.steps.iter().filter_map(|&i| d.steps.get(i)).collect();
            let picture = render_timeline_with(
                &steps,
                &countries,
                &d.resolutions,
                width,
                &theme,
                &TimelineOptions {
                    id: Some(&key.id),
                    title: None,
                },
            )?;
            kept.timeline = Some((key, picture));
        }
        let Some((key, picture)) = kept.timeline.as_ref() else {
            return Err(Error::Render("timelinePart: no picture".to_owned()).into());
        };
        let out = Out::new();
        out.opt_str("svg", (!unchanged).then_some(picture.svg.as_str()));
        out.num("height", picture.height);
        out.val("alt", alt_text(&picture.alt));
        out.num("shown_countries", codes.len() as f64);
        out.num("total_countries", total_countries as f64);
        out.num("shown_steps", key.steps.len() as f64);
        out.num("total_steps", selection.step_count() as f64);
        Ok(out.0)
    }

    /// The table of the last `timelinePart`'s text alternative, `{caption,
    /// headers, rows}`, or `null` before any: fetched when the reader opens it.
    #[wasm_bindgen(js_name = timelineTable)]
    pub fn timeline_table(&self) -> std::result::Result<JsValue, JsValue> {
        match &self.kept.timeline {
            Some((_, picture)) => to_js(&picture.alt.table),
            None => Ok(JsValue::NULL),
        }
    }

    /// What a filter changes in the country list since the last call, for a
    /// page that keeps its list and updates it in place:
    /// `listChanges(filter, all)` returns `{count, total, step_count,
    /// changes}`: how many countries and steps the filter keeps, of how many
    /// countries, and `changes` as text, one line per country that entered,
    /// left or changed: `code` alone when it left the selection, else
    /// `code\tmeasures\tsteps\tfirst\tlast` with `measures` a bit mask
    /// over `Tracker.labels().measures` (bit 0 the strongest), the number of
    /// matching steps and the first and last step's dates in words. With
    /// `all` true, every country of the selection is listed (for a new list).
    #[wasm_bindgen(js_name = listChanges)]
    pub fn list_changes(
        &mut self,
        filter: JsValue,
        all: JsValue,
    ) -> std::result::Result<JsValue, JsValue> {
        let filter = filter_arg(&filter)?;
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let countries = &catalog.dataset().countries;
        if all.as_bool().unwrap_or(false) || kept.list_lines.len() != countries.len() {
            kept.list_lines = vec![String::new(); countries.len()];
        }
        let selection = select_kept(catalog, &mut kept.selection, filter);
        // A line per country, in the dataset's order; empty when not selected.
        let mut lines = vec![String::new(); countries.len()];
        let mut count = 0;
        for c in catalog.summaries(selection, SortKey::Name) {
            let mask: u32 = c
                .measures
                .iter()
                .filter_map(|m| Measure::ALL.iter().position(|x| x == m))
                .map(|i| 1u32 << i)
                .sum();
            let line = format!(
                "{}\t{mask}\t{}\t{}\t{}",
                c.code,
                c.step_count,
                c.first_step_text.as_deref().unwrap_or_default(),
                c.last_step_text.as_deref().unwrap_or_default()
            );
            if let Some(slot) = countries
                .iter()
                .position(|k| k.code == c.code)
                .and_then(|i| lines.get_mut(i))
            {
                *slot = line;
                count += 1;
            }
        }
        let mut changes = String::new();
        for ((country, old), new) in countries.iter().zip(&kept.list_lines).zip(&lines) {
            if old == new {
                continue;
            }
            if new.is_empty() {
                changes.push_str(&country.code);
            } else {
                changes.push_str(new);
            }
            changes.push('\n');
        }
        let out = Out::new();
        out.num("count", f64::from(count));
        out.num("total", countries.len() as f64);
        out.num("step_count", selection.step_count() as f64);
        out.str("changes", &changes);
        kept.list_lines = lines;
        Ok(out.0)
    }
}

/// What a [`Tracker`] keeps between the calls of a page that updates in place.
#[derive(Default)]
struct Kept {
    /// The map in layers (`mapBase`, `mapUpdate`), when the page draws it so.
    layers: Option<Layers>,
    /// The list as the last `listChanges` left it: a line per country of the
    /// dataset, in its order, empty for those not in the selection.
    list_lines: Vec<String>,
    /// The last filter asked for and what it selected (a filter change asks
    /// the list, the map and the timeline in turn).
    selection: Option<(Filter, Selection)>,
    /// Every country's code in the list's order.
    order: Option<Vec<String>>,
    /// The map's countries with data for the last filter `mapUpdate` had.
    map_data: Option<(Filter, MapData)>,
    /// What the last `timelinePart` drew it from, and the picture.
    timeline: Option<(TimelineKey, Picture)>,
}

/// What a timeline part is drawn from: the same key, the same picture.
#[derive(PartialEq)]
struct TimelineKey {
    width: f64,
    theme: ThemeName,
    id: String,
    /// Indices of its steps in the dataset.
    steps: Vec<usize>,
}

/// The map in layers, as a [`Tracker`] keeps it between calls.
struct Layers {
    /// The last `mapBase`.
    base: MapBase,
    /// Its markers at the last width.
    markers: Option<MapMarkers>,
    /// The markers and viewport of the last `mapUpdate`, for hit testing.
    layout: Option<MapLayout>,
    /// The last update's table.
    table: Table,
}

/// What `filter` selects, from `kept` when it was the last filter asked for.
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

/// A plain JS object being filled in (the in-place exports build their
/// answers so rather than through serde, which costs wasm size per type).
struct Out(JsValue);

impl Out {
    fn new() -> Out {
        Out(js_sys::Object::new().into())
    }

    fn val(&self, key: &str, value: JsValue) {
        set(&self.0, key, &value);
    }

    fn str(&self, key: &str, value: &str) {
        self.val(key, JsValue::from_str(value));
    }

    /// A string, or `null`.
    fn opt_str(&self, key: &str, value: Option<&str>) {
        self.val(key, value.map_or(JsValue::NULL, JsValue::from_str));
    }

    fn num(&self, key: &str, value: f64) {
        self.val(key, JsValue::from_f64(value));
    }
}

/// A text alternative without its table: `{title, description}`.
fn alt_text(alt: &TextAlternative) -> JsValue {
    let out = Out::new();
    out.str("title", &alt.title);
    out.str("description", &alt.description);
    out.0
}
