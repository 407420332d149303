//! The wasm boundary: the only module that touches wasm-bindgen.
//!
//! It stays thin: it only converts between JS and Rust (reads arguments,
//! builds the JS answers, converts errors). What each export computes, and
//! what a page that updates in place keeps between calls, is the core's
//! [`crate::view`], tested natively. A [`Tracker`] handle keeps the validated
//! dataset inside Rust (nothing is copied across the boundary but what a call
//! returns).
//!
//! A dataset crosses the boundary once, as JSON text (a JS object is turned
//! into text by `JSON.stringify` first): reading a JS object value by value
//! costs a call across the boundary per value, several times the whole parse
//! in Rust. Rust then parses, validates and builds the dataset in one pass
//! ([`crate::validate::load_str`], the same pipeline as natively); results
//! are plain JS objects (no `Map`s), written as JSON text and read by one
//! `JSON.parse` (see `to_js`).
//!
//! The release glue checks no argument types, so every export takes `JsValue`
//! and checks what it got: a wrong argument is a JS `Error`, never a panic (a
//! panic or trap in wasm would stop every widget on the page, as they share
//! one instance). Every [`crate::Error`] reaches JS through one conversion: a JS
//! `Error` whose `message` is the Rust `Display` text, with a `problems` array
//! of `{path, message, severity}`.

use crate::chart::TextAlternative;
use crate::error::{Error, Result};
use crate::model::Measure;
use crate::query::{Filter, SortKey};
use crate::validate::Loaded;
use crate::view::options::{self, not_a_filter};
use crate::view::{
    self, FigureChartsOptions, Given, MapBaseOptions, MapUpdateOptions, Passed,
    TimelinePartOptions, Value, View,
};
use js_sys::{Array, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

impl From<Error> for JsValue {
    /// The one conversion of a crate error into JS: an `Error` with the
    /// `Display` text as its message, a `problems` array of
    /// `{path, message, severity}`, a `kind` (`"json"`, `"invalid"`,
    /// `"argument"` or `"render"`), and for a JSON syntax error `line` and `column`.
    fn from(error: Error) -> JsValue {
        let js = js_sys::Error::new(&error.to_string());
        let problems = to_js(error.problems().as_slice()).unwrap_or_else(|_| Array::new().into());
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

/// A Rust value as a plain JS value (objects, not `Map`s): written as JSON
/// text in Rust, read by one `JSON.parse`. The values are JSON data (strings,
/// finite numbers, booleans, `null`, arrays, objects), so this is the object
/// a JS serializer would build, with less wasm: serde_json's writer, one copy
/// of it per type, is far smaller than building JS values field by field
/// across the boundary.
fn to_js<T: Serialize + ?Sized>(value: &T) -> std::result::Result<JsValue, JsValue> {
    // Cannot fail for these types (no maps with non-string keys, no custom errors).
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&text)
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
        return Err(not_a_filter(describe(value)));
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

/// An options object of a drawing export, read for [`crate::view::options`]
/// key by key.
#[derive(Clone, Copy)]
struct JsObject<'a>(&'a JsValue);

impl Given for JsObject<'_> {
    fn find_key(&self, pick: &dyn Fn(&str) -> bool) -> Option<String> {
        let keys = js_sys::Object::keys(&js_sys::Object::from(self.0.clone()));
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if pick(&key) {
                return Some(key);
            }
        }
        None
    }

    fn value(&self, key: &str) -> Option<Value> {
        present(self.0, key).map(|v| value_of(&v))
    }

    fn filter(&self, key: &str) -> Result<Option<Filter>> {
        present(self.0, key).map(|v| filter_arg(&v)).transpose()
    }
}

/// The value under `key` of `object`, `None` when absent, `undefined` or `null`.
fn present(object: &JsValue, key: &str) -> Option<JsValue> {
    let value = Reflect::get(object, &JsValue::from_str(key)).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// A JS value as a number, a string, or words saying what else it is.
fn value_of(value: &JsValue) -> Value {
    if let Some(n) = value.as_f64() {
        Value::Number(n)
    } else if let Some(s) = value.as_string() {
        Value::Text(s)
    } else {
        Value::Other(describe(value))
    }
}

/// An options argument: nothing (`undefined`, `null`), an object, or else.
fn passed(value: &JsValue) -> Passed<JsObject<'_>> {
    if value.is_undefined() || value.is_null() {
        Passed::Nothing
    } else if !value.is_object() || Array::is_array(value) || value.is_function() {
        Passed::Other(describe(value))
    } else {
        Passed::Object(JsObject(value))
    }
}

/// A validated dataset, held in Rust and prepared for queries; JS keeps only this handle.
///
/// Make one with `Tracker.fromObject(obj)`, `Tracker.fromJson(text)` or
/// `Tracker.seed()`; each throws an `Error` with `problems` when the data is
/// not valid. Call `free()` when done with it.
#[wasm_bindgen]
pub struct Tracker {
    /// The dataset and what a page that updates in place was last given:
    /// each export converts its arguments, asks the view, and converts the answer.
    view: View,
}

impl From<Loaded> for Tracker {
    fn from(loaded: Loaded) -> Tracker {
        Tracker {
            view: View::from(loaded),
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
        to_js(&self.view.catalog().dataset().meta)
    }

    /// Problems that did not reject the data: an array of `{path, message, severity: "warning"}`.
    pub fn warnings(&self) -> std::result::Result<JsValue, JsValue> {
        to_js(self.view.warnings())
    }

    /// True when the dataset has a country with this alpha-2 code.
    #[wasm_bindgen(js_name = hasCountry)]
    pub fn has_country(&self, code: JsValue) -> std::result::Result<bool, JsValue> {
        let catalog = self.view.catalog();
        Ok(catalog.dataset().country(&code_arg(&code)?).is_some())
    }

    /// What a filter selects: `{codes, country_count, total_countries, step_count}`.
    pub fn selection(&self, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.view.catalog().select(&filter_arg(&filter)?))
    }

    /// The selected countries' summaries (strongest measure, first and last step,
    /// step count...), sorted by `sort` (`"name"` by default, `"first_step"`, `"step_count"`).
    pub fn countries(
        &self,
        filter: JsValue,
        sort: JsValue,
    ) -> std::result::Result<JsValue, JsValue> {
        let (filter, sort) = (filter_arg(&filter)?, sort_arg(&sort)?);
        let catalog = self.view.catalog();
        to_js(&catalog.summaries(&catalog.select(&filter), sort))
    }

    /// The same summaries grouped by region, west to east: `[{region, label, countries}]`.
    pub fn regions(&self, filter: JsValue, sort: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (filter, sort) = (filter_arg(&filter)?, sort_arg(&sort)?);
        let catalog = self.view.catalog();
        to_js(&catalog.summaries_by_region(&catalog.select(&filter), sort))
    }

    /// The selected steps across countries in date order, for the timeline.
    pub fn timeline(&self, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        let catalog = self.view.catalog();
        to_js(&catalog.timeline(&catalog.select(&filter_arg(&filter)?)))
    }

    /// One country's details (all its steps in date order, each flagged `matches`
    /// for the filter; its figures' ids), or `null` if the dataset has no such country.
    pub fn details(&self, code: JsValue, filter: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (code, filter) = (code_arg(&code)?, filter_arg(&filter)?);
        let catalog = self.view.catalog();
        to_js(&catalog.country_details(&code, &catalog.select(&filter)))
    }

    /// What the widget shows around its pictures: `{title, summary, publisher,
    /// byline, published, published_text, as_of, as_of_text, source_url,
    /// credits, licence, country_count, step_count, figure_count, measures,
    /// regions, resolutions}`; `measures` (strongest first) and `regions`
    /// (west to east) are `[{key, label}]` of those the data uses,
    /// `resolutions` `[{id, adopted, adopted_text, requires}]`.
    pub fn overview(&self) -> std::result::Result<JsValue, JsValue> {
        to_js(&self.view.catalog().overview())
    }

    /// The fill colour of each measure in a theme (`"light"` or `"dark"`),
    /// as `{measure_key: "#rrggbb"}`: the map's colours, for the list's badges.
    pub fn palette(theme: JsValue) -> std::result::Result<JsValue, JsValue> {
        let theme = options::palette_theme(&value_of(&theme))?;
        to_js(&view::palette(&theme))
    }

    /// The country at a point of the last map drawn (by `mapUpdate` over the
    /// last `mapBase`), in the SVG's own coordinates (pixels of the width it
    /// was drawn at): its code, or `null` for the sea, the legend, or before
    /// any map was drawn over the last base. Any country of the world can
    /// come back, not only the dataset's.
    #[wasm_bindgen(js_name = hitTest)]
    pub fn hit_test(&self, x: JsValue, y: JsValue) -> std::result::Result<JsValue, JsValue> {
        let (Some(px), Some(py)) = (x.as_f64(), y.as_f64()) else {
            return Err(Error::Argument(format!(
                "hitTest expects two numbers, got {} and {}",
                describe(&x),
                describe(&y)
            ))
            .into());
        };
        let hit = self.view.hit_test(px, py);
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
        let options = FigureChartsOptions::read(passed(&options))?;
        to_js(&self.view.figure_charts(&code, &options)?)
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
        let options = MapBaseOptions::read(passed(&options))?;
        let base = self.view.map_base(options)?;
        let out = Out::new();
        let (fills, patterns) = (Out::new(), Out::new());
        for m in Measure::ALL {
            fills.str(m.key(), &base.fill(m));
            patterns.opt_str(m.key(), base.pattern(m));
        }
        out.str("svg", base.svg);
        out.str("land", &base.land());
        out.val("fills", fills.0);
        out.val("patterns", patterns.0);
        Ok(out.0)
    }

    /// What goes over the last `mapBase` at a width, for a filter and a zoom:
    /// `mapUpdate({width, filter, zoom})`, with `width` in px (280 to 1200,
    /// default 600), `filter` as for `regions` and `zoom` a zoom key
    /// (`"whole"`, the default; a key of `targets`; a cluster's `data-zoom`;
    /// or `"@x,y,k"`: the centre as a share of the whole view and the
    /// factor, 1 to 16), returns `{svg, markers, marker_patterns, width,
    /// height, map_height, crop, pattern_scale, alt: {title, description},
    /// zoom: {key, label, x, y, k}, targets: [{key, label}], labels: [{code,
    /// x, y, w, h}], clusters: [{key, codes, x, y}]}`: `zoom` is the zoom
    /// drawn (a key that names nothing draws the whole map), `targets` the
    /// whole map and each region with data, `labels` the name labels drawn
    /// and `clusters` the groups of crowded markers shown (`<g
    /// class="cluster" data-zoom data-codes>` in `markers`), in px. The base goes at (0, 0), `width` × `map_height` px,
    /// with `crop` (x, y, width, height) as its `viewBox` and its patterns
    /// scaled by `pattern_scale`. `markers` is an `<svg>` of the markers and
    /// clusters of every country that needs one at this width and zoom
    /// (`null` when both are those of the previous call: keep them): show those of the countries in
    /// the selection, filled like their country (`marker_patterns` are their
    /// patterns). `svg`'s content (labels, legend) goes over them. Each
    /// country (shape and marker) is filled by the strongest measure of its
    /// steps in the selection (the first of its `measures` in `listChanges`),
    /// plain land without: the base's `fills` and `patterns`. The table of
    /// the text alternative is `mapTable()`. Hit testing (`hitTest`) then
    /// uses this map.
    #[wasm_bindgen(js_name = mapUpdate)]
    pub fn map_update(&mut self, options: JsValue) -> std::result::Result<JsValue, JsValue> {
        let options = MapUpdateOptions::read(passed(&options))?;
        let update = self.view.map_update(options)?;
        let out = Out::new();
        out.str("svg", &update.svg);
        out.opt_str("markers", update.markers);
        let patterns = Out::new();
        for m in Measure::ALL {
            patterns.opt_str(m.key(), update.marker_pattern(m));
        }
        out.val("marker_patterns", patterns.0);
        out.num("width", update.width);
        out.num("height", update.height);
        out.num("map_height", update.map_height);
        let crop = Array::new();
        for v in update.crop {
            crop.push(&JsValue::from_f64(v));
        }
        out.val("crop", crop.into());
        out.num("pattern_scale", update.pattern_scale);
        out.val("alt", alt_text(update.alt));
        let zoom = Out::new();
        zoom.str("key", &update.zoom.key);
        zoom.str("label", &update.zoom.label);
        zoom.num("x", update.zoom.at.x);
        zoom.num("y", update.zoom.at.y);
        zoom.num("k", update.zoom.at.k);
        out.val("zoom", zoom.0);
        let targets = Array::new();
        for t in update.targets {
            let o = Out::new();
            o.str("key", &t.key);
            o.str("label", &t.label);
            targets.push(&o.0);
        }
        out.val("targets", targets.into());
        let labels = Array::new();
        for l in &update.labels {
            let o = Out::new();
            o.str("code", &l.code);
            o.num("x", l.rect.x);
            o.num("y", l.rect.y);
            o.num("w", l.rect.w);
            o.num("h", l.rect.h);
            labels.push(&o.0);
        }
        out.val("labels", labels.into());
        let clusters = Array::new();
        for c in &update.clusters {
            let o = Out::new();
            o.str("key", &c.key);
            let codes = Array::new();
            for code in &c.codes {
                codes.push(&JsValue::from_str(code));
            }
            o.val("codes", codes.into());
            o.num("x", c.x);
            o.num("y", c.y);
            clusters.push(&o.0);
        }
        out.val("clusters", clusters.into());
        Ok(out.0)
    }

    /// The table of the last `mapUpdate`'s text alternative, `{caption,
    /// headers, rows}` (one row per country with steps in the selection), or
    /// `null` before any: fetched when the reader opens it.
    #[wasm_bindgen(js_name = mapTable)]
    pub fn map_table(&self) -> std::result::Result<JsValue, JsValue> {
        match self.view.map_table() {
            Some(table) => to_js(table),
            None => Ok(JsValue::NULL),
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
        let options = TimelinePartOptions::read(passed(&options))?;
        let part = self.view.timeline_part(options)?;
        let out = Out::new();
        out.opt_str("svg", part.svg);
        out.num("height", part.height);
        out.val("alt", alt_text(part.alt));
        out.num("shown_countries", part.shown_countries as f64);
        out.num("total_countries", part.total_countries as f64);
        out.num("shown_steps", part.shown_steps as f64);
        out.num("total_steps", part.total_steps as f64);
        Ok(out.0)
    }

    /// The table of the last `timelinePart`'s text alternative, `{caption,
    /// headers, rows}`, or `null` before any: fetched when the reader opens it.
    #[wasm_bindgen(js_name = timelineTable)]
    pub fn timeline_table(&self) -> std::result::Result<JsValue, JsValue> {
        match self.view.timeline_table() {
            Some(table) => to_js(table),
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
        let list = self
            .view
            .list_changes(filter, all.as_bool().unwrap_or(false));
        let out = Out::new();
        out.num("count", f64::from(list.count));
        out.num("total", list.total as f64);
        out.num("step_count", list.step_count as f64);
        out.str("changes", &list.changes);
        Ok(out.0)
    }
}

#[wasm_bindgen]
impl Tracker {
    /// "Download data": the steps `filter` shows (the list's and the map's
    /// selection) as text, `format` `"csv"` (RFC 4180, UTF-8 with a byte
    /// order mark, CRLF, formula-like cells prefixed with `'`) or `"json"`,
    /// with the dataset's citation and licence (see `src/view/export.rs`).
    #[wasm_bindgen(js_name = exportData)]
    pub fn export_data(
        &mut self,
        filter: JsValue,
        format: JsValue,
    ) -> std::result::Result<String, JsValue> {
        let filter = filter_arg(&filter)?;
        let format = view::export::ExportFormat::parse(&format.as_string().unwrap_or_default())?;
        Ok(self.view.export_data(filter, format))
    }

    /// "Download image": `captioned(svg, {label, width, height, theme, scale})`
    /// gives `{svg, width, height}`: the picture `svg` (SVG text, `width` ×
    /// `height` px as shown) under the dataset's title and `label`, over its
    /// source and credit lines, drawn `scale` (1 by default) times larger.
    pub fn captioned(
        &self,
        svg: JsValue,
        options: JsValue,
    ) -> std::result::Result<JsValue, JsValue> {
        let picture = svg.as_string().unwrap_or_default();
        if !picture.starts_with("<svg") {
            return Err(Error::Argument(format!(
                "captioned: expected SVG text, got {}",
                describe(&svg)
            ))
            .into());
        }
        let get = |key: &str| {
            Reflect::get(&options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        };
        let number = |key: &str, default: f64| {
            get(key)
                .as_f64()
                .filter(|v| v.is_finite())
                .unwrap_or(default)
        };
        let theme = get("theme").as_string().unwrap_or_default();
        let theme = crate::chart::Theme::by_name(&theme).unwrap_or_else(crate::chart::Theme::light);
        let label = get("label").as_string().unwrap_or_default();
        let out = view::caption::captioned(
            &self.view.catalog().dataset().meta,
            &picture,
            &label,
            number("width", 600.0).clamp(1.0, 10_000.0),
            number("height", 400.0).clamp(0.0, 100_000.0),
            &theme,
            number("scale", 1.0).clamp(0.1, 8.0),
        );
        let js = Out::new();
        js.str("svg", &out.svg);
        js.num("width", out.width);
        js.num("height", out.height);
        Ok(js.0)
    }
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
