//! The options of the drawing exports: which keys each takes, their
//! defaults, and a clear message for each wrong value.
//!
//! The boundary only reads what a page passed (a JS object) through
//! [`Given`], value by value as [`Value`]s; everything else (unknown keys,
//! types, choices, defaults) is decided here, so that a native test sees the
//! very messages a page gets. Every message starts with the export's name
//! and names the option: `mapUpdate: width is a finite number, got a string`.

use crate::chart::map::MapView;
use crate::chart::{Theme, ThemeName};
use crate::error::{quote, Error, Result};
use crate::query::Filter;

/// One value as a caller gave it, read by the boundary without judging it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, finite or not.
    Number(f64),
    /// A string.
    Text(String),
    /// Anything else, in words for messages: `"a boolean"`, `"an object"`,
    /// `"undefined"`...
    Other(&'static str),
}

impl Value {
    /// What the value is, for messages: `"a number"`, `"a string"`, or the
    /// words of [`Value::Other`].
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Number(_) => "a number",
            Value::Text(_) => "a string",
            Value::Other(what) => what,
        }
    }
}

/// An options object as the boundary sees it (in the browser, a JS object).
pub trait Given {
    /// The first of the object's own keys, in its order, for which `pick`
    /// is true.
    fn find_key(&self, pick: &dyn Fn(&str) -> bool) -> Option<String>;
    /// The value under `key`; `None` when absent, `undefined` or `null`.
    fn value(&self, key: &str) -> Option<Value>;
    /// The value under `key` read as a [`Filter`] (as a query's filter
    /// argument is read); `Ok(None)` when absent, `undefined` or `null`. A
    /// value that is not a filter is an [`Error::Argument`] (see
    /// [`not_a_filter`]).
    fn filter(&self, key: &str) -> Result<Option<Filter>>;
}

impl<G: Given + ?Sized> Given for &G {
    fn find_key(&self, pick: &dyn Fn(&str) -> bool) -> Option<String> {
        (**self).find_key(pick)
    }
    fn value(&self, key: &str) -> Option<Value> {
        (**self).value(key)
    }
    fn filter(&self, key: &str) -> Result<Option<Filter>> {
        (**self).filter(key)
    }
}

/// A JSON object as options (natively: tests, tools); `null` is absent.
impl Given for serde_json::Map<String, serde_json::Value> {
    fn find_key(&self, pick: &dyn Fn(&str) -> bool) -> Option<String> {
        self.keys().find(|k| pick(k)).cloned()
    }

    fn value(&self, key: &str) -> Option<Value> {
        use serde_json::Value as Json;
        Some(match self.get(key)? {
            Json::Null => return None,
            Json::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => Value::Text(s.clone()),
            Json::Bool(_) => Value::Other("a boolean"),
            Json::Array(_) => Value::Other("an array"),
            Json::Object(_) => Value::Other("an object"),
        })
    }

    fn filter(&self, key: &str) -> Result<Option<Filter>> {
        match self.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(object @ serde_json::Value::Object(_)) => Filter::from_json(object).map(Some),
            Some(_) => Err(not_a_filter(
                self.value(key).map_or("null", |v| v.describe()),
            )),
        }
    }
}

/// The error for a filter that is not an object; `what` says what it is
/// (`"a string"`, `"an array"`).
pub fn not_a_filter(what: &str) -> Error {
    Error::Argument(format!(
        "a filter is an object {{measures, regions, resolutions, text, as_of}}, got {what}"
    ))
}

/// An options argument as the boundary found it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Passed<G> {
    /// Nothing (`undefined` or `null`): every default.
    Nothing,
    /// An object.
    Object(G),
    /// Anything else, in words (`"a string"`, `"an array"`): an error.
    Other(&'static str),
}

/// Reads the options of the export `what`, option by option. A wrong value
/// reads as the default and its error is kept; the first one kept is the one
/// reported ([`Reader::finish`]), so a page is told about the first wrong
/// option in the export's order.
struct Reader<G> {
    what: &'static str,
    object: Option<G>,
    error: Option<Error>,
}

impl<G: Given> Reader<G> {
    /// Checks that `passed` is nothing or an object whose keys are all `known`
    /// (a typo in a page's script is reported rather than ignored).
    fn new(what: &'static str, passed: Passed<G>, known: &[&str]) -> Result<Reader<G>> {
        let object = match passed {
            Passed::Nothing => None,
            Passed::Other(it) => {
                return Err(Error::Argument(format!(
                    "{what}: the options are an object, got {it}"
                )))
            }
            Passed::Object(object) => {
                if let Some(key) = object.find_key(&|key| !known.contains(&key)) {
                    return Err(Error::Argument(format!(
                        "{what}: unknown option {} (known: {})",
                        quote(&key),
                        known.join(", ")
                    )));
                }
                Some(object)
            }
        };
        Ok(Reader {
            what,
            object,
            error: None,
        })
    }

    /// Keeps `error` unless an earlier one is kept.
    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// Keeps the error of the option `key`, which is `expected` and got `got`.
    fn wrong(&mut self, key: &str, expected: &str, got: &str) {
        let what = self.what;
        self.fail(Error::Argument(format!(
            "{what}: {key} is {expected}, got {got}"
        )));
    }

    /// `options` when every option read was right, else the first error.
    fn finish<T>(self, options: T) -> Result<T> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(options),
        }
    }

    /// The value under `key`, `None` when absent.
    fn get(&self, key: &str) -> Option<Value> {
        self.object.as_ref()?.value(key)
    }

    /// A finite number, or `default` when absent.
    fn number(&mut self, key: &str, default: f64) -> f64 {
        match self.get(key) {
            None => default,
            Some(Value::Number(n)) if n.is_finite() => n,
            Some(v) => {
                self.wrong(key, "a finite number", v.describe());
                default
            }
        }
    }

    /// A string, or `None` when absent.
    fn string(&mut self, key: &str) -> Option<String> {
        match self.get(key) {
            None => None,
            Some(Value::Text(s)) => Some(s),
            Some(v) => {
                self.wrong(key, "a string", v.describe());
                None
            }
        }
    }

    /// One of `choices`, or the first of them when absent.
    fn choice(&mut self, key: &str, choices: &[&'static str]) -> &'static str {
        let first = choices.first().copied().unwrap_or_default();
        let Some(given) = self.string(key) else {
            return first;
        };
        match choices.iter().find(|c| **c == given) {
            Some(choice) => choice,
            None => {
                let expected = format!("one of {}", choices.join(", "));
                self.wrong(key, &expected, &quote(&given));
                first
            }
        }
    }

    /// The width in px under `width`, 600 by default (clamped to 280..=1200
    /// when drawn).
    fn width(&mut self) -> f64 {
        self.number("width", DEFAULT_WIDTH)
    }

    /// The theme under `theme`: `"light"` (default) or `"dark"`.
    fn theme(&mut self) -> ThemeName {
        match self.choice("theme", &["light", "dark"]) {
            "dark" => ThemeName::Dark,
            _ => ThemeName::Light,
        }
    }

    /// The filter under `filter` (none: everything).
    fn filter(&mut self) -> Filter {
        let read = match self.object.as_ref() {
            Some(object) => object.filter("filter"),
            None => Ok(None),
        };
        match read {
            Ok(filter) => filter.unwrap_or_default(),
            Err(Error::Argument(message)) => {
                let what = self.what;
                self.fail(Error::Argument(format!("{what}: {message}")));
                Filter::default()
            }
            Err(other) => {
                self.fail(other);
                Filter::default()
            }
        }
    }
}

/// The width a picture is drawn at when none is given, px.
pub const DEFAULT_WIDTH: f64 = 600.0;

/// `mapBase`'s options: `{theme, view, id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapBaseOptions {
    /// The theme (light by default).
    pub theme: ThemeName,
    /// The story's countries (default) or the whole world.
    pub view: MapView,
    /// The prefix of the SVG's ids (`"map"` by default).
    pub id: String,
}

impl Default for MapBaseOptions {
    fn default() -> MapBaseOptions {
        MapBaseOptions {
            theme: ThemeName::Light,
            view: MapView::Story,
            id: "map".to_owned(),
        }
    }
}

impl MapBaseOptions {
    /// The keys it takes.
    pub const KEYS: &'static [&'static str] = &["theme", "view", "id"];

    /// Reads and checks them: `theme` `"light"` or `"dark"`, `view`
    /// `"story"` or `"world"`, `id` a string.
    pub fn read<G: Given>(passed: Passed<G>) -> Result<MapBaseOptions> {
        let mut r = Reader::new("mapBase", passed, Self::KEYS)?;
        let options = MapBaseOptions {
            theme: r.theme(),
            view: match r.choice("view", &["story", "world"]) {
                "world" => MapView::World,
                _ => MapView::Story,
            },
            id: r.string("id").unwrap_or_else(|| "map".to_owned()),
        };
        r.finish(options)
    }
}

/// `mapUpdate`'s options: `{width, filter, zoom}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MapUpdateOptions {
    /// The width in px (600 by default; drawn clamped to 280..=1200).
    pub width: f64,
    /// Which steps to show (none: every step).
    pub filter: Filter,
    /// The zoom's key (see `chart::zoom`): `"whole"` by default; a key that
    /// names nothing (a region without data, a stale link) shows the whole map.
    pub zoom: String,
}

impl Default for MapUpdateOptions {
    fn default() -> MapUpdateOptions {
        MapUpdateOptions {
            width: DEFAULT_WIDTH,
            filter: Filter::default(),
            zoom: "whole".to_owned(),
        }
    }
}

impl MapUpdateOptions {
    /// The keys it takes.
    pub const KEYS: &'static [&'static str] = &["width", "filter", "zoom"];

    /// Reads and checks them: `width` a finite number, `filter` a filter,
    /// `zoom` a string.
    pub fn read<G: Given>(passed: Passed<G>) -> Result<MapUpdateOptions> {
        let mut r = Reader::new("mapUpdate", passed, Self::KEYS)?;
        let options = MapUpdateOptions {
            width: r.width(),
            filter: r.filter(),
            zoom: r.string("zoom").unwrap_or_else(|| "whole".to_owned()),
        };
        r.finish(options)
    }
}

/// `timelinePart`'s options: `{width, theme, filter, id, max_steps}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePartOptions {
    /// The width in px (600 by default; drawn clamped to 280..=1200).
    pub width: f64,
    /// The theme (light by default).
    pub theme: ThemeName,
    /// Which steps to show (none: every step).
    pub filter: Filter,
    /// The prefix of the SVG's ids (`"timeline"` by default).
    pub id: String,
    /// How many steps to draw at most (200 by default; at least one
    /// country is drawn whatever its steps).
    pub max_steps: f64,
}

impl Default for TimelinePartOptions {
    fn default() -> TimelinePartOptions {
        TimelinePartOptions {
            width: DEFAULT_WIDTH,
            theme: ThemeName::Light,
            filter: Filter::default(),
            id: "timeline".to_owned(),
            max_steps: 200.0,
        }
    }
}

impl TimelinePartOptions {
    /// The keys it takes.
    pub const KEYS: &'static [&'static str] = &["width", "theme", "filter", "id", "max_steps"];

    /// Reads and checks them: `width` and `max_steps` finite numbers (a
    /// negative `max_steps` is 0), `theme` `"light"` or `"dark"`, `filter` a
    /// filter, `id` a string.
    pub fn read<G: Given>(passed: Passed<G>) -> Result<TimelinePartOptions> {
        let mut r = Reader::new("timelinePart", passed, Self::KEYS)?;
        let options = TimelinePartOptions {
            width: r.width(),
            theme: r.theme(),
            filter: r.filter(),
            id: r.string("id").unwrap_or_else(|| "timeline".to_owned()),
            max_steps: r.number("max_steps", 200.0).max(0.0),
        };
        r.finish(options)
    }
}

/// `figureCharts`' options: `{width, theme, id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureChartsOptions {
    /// The width in px (600 by default; drawn clamped to 280..=1200).
    pub width: f64,
    /// The theme (light by default).
    pub theme: ThemeName,
    /// The prefix of each chart's ids (`"fig"` by default): the charts are
    /// `{id}-0`, `{id}-1`...
    pub id: String,
}

impl Default for FigureChartsOptions {
    fn default() -> FigureChartsOptions {
        FigureChartsOptions {
            width: DEFAULT_WIDTH,
            theme: ThemeName::Light,
            id: "fig".to_owned(),
        }
    }
}

impl FigureChartsOptions {
    /// The keys it takes.
    pub const KEYS: &'static [&'static str] = &["width", "theme", "id"];

    /// Reads and checks them: `width` a finite number, `theme` `"light"`
    /// or `"dark"`, `id` a string.
    pub fn read<G: Given>(passed: Passed<G>) -> Result<FigureChartsOptions> {
        let mut r = Reader::new("figureCharts", passed, Self::KEYS)?;
        let options = FigureChartsOptions {
            width: r.width(),
            theme: r.theme(),
            id: r.string("id").unwrap_or_else(|| "fig".to_owned()),
        };
        r.finish(options)
    }
}

/// The theme `palette` is asked for: `"light"` or `"dark"`, nothing else.
pub fn palette_theme(theme: &Value) -> Result<Theme> {
    let name = match theme {
        Value::Text(name) => Theme::by_name(name).ok_or_else(|| quote(name)),
        other => Err(other.describe().to_owned()),
    };
    name.map_err(|got| {
        Error::Argument(format!(
            "palette: the theme is \"light\" or \"dark\", got {got}"
        ))
    })
}
