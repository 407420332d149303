//! The widget's view of a dataset (`sanctions_tracker::view`), natively:
//! what each export of the browser boundary computes. The checks of the
//! options with the messages a page gets, what a page that updates in place
//! is given again and what is kept (the map in layers, the list's changes,
//! the timeline's parts), hit testing and the figures. tests/web.rs checks
//! the same exports through JS.

use sanctions_tracker::chart::map::{render_map, MapState, MapView};
use sanctions_tracker::chart::{Theme, ThemeName};
use sanctions_tracker::model::Measure;
use sanctions_tracker::query::Filter;
use sanctions_tracker::view::options::{palette_theme, DEFAULT_WIDTH};
use sanctions_tracker::view::{
    fill, palette, FigureChartsOptions, Given, MapBaseOptions, MapUpdateOptions, Passed,
    TimelinePartOptions, Value, View,
};
use sanctions_tracker::{Error, Result};
use serde_json::{json, Map as JsonMap, Value as Json};

fn seed() -> View {
    View::from(sanctions_tracker::seed::load().unwrap())
}

/// A JSON object as options.
fn object(value: Json) -> JsonMap<String, Json> {
    value.as_object().cloned().expect("an object")
}

/// The message of an argument error (any other result fails the test).
fn argument_error<T: std::fmt::Debug>(result: Result<T>) -> String {
    match result {
        Err(Error::Argument(message)) => message,
        other => panic!("expected an argument error, got {other:?}"),
    }
}

fn only(measure: Measure) -> Filter {
    Filter {
        measures: vec![measure],
        ..Filter::default()
    }
}

/// Options as the boundary reads a JS object, with values JSON cannot hold
/// (NaN, infinity, a BigInt); it holds no filter.
struct Pairs(Vec<(&'static str, Value)>);

impl Given for Pairs {
    fn find_key(&self, pick: &dyn Fn(&str) -> bool) -> Option<String> {
        self.0
            .iter()
            .map(|(k, _)| *k)
            .find(|k| pick(k))
            .map(str::to_owned)
    }
    fn value(&self, key: &str) -> Option<Value> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }
    fn filter(&self, _key: &str) -> Result<Option<Filter>> {
        Ok(None)
    }
}

// ------------------------------------------------------------- options ----

#[test]
fn nothing_passed_means_every_default() {
    let none = Passed::<&JsonMap<String, Json>>::Nothing;
    let base = MapBaseOptions::read(none).unwrap();
    assert_eq!(base, MapBaseOptions::default());
    assert_eq!(base.theme, ThemeName::Light);
    assert_eq!(base.view, MapView::Story);
    assert_eq!(base.id, "map");
    let update = MapUpdateOptions::read(none).unwrap();
    assert_eq!(update, MapUpdateOptions::default());
    assert_eq!(update.width, DEFAULT_WIDTH);
    assert!(update.filter.is_empty());
    let part = TimelinePartOptions::read(none).unwrap();
    assert_eq!(part, TimelinePartOptions::default());
    assert_eq!((part.id.as_str(), part.max_steps), ("timeline", 200.0));
    let figures = FigureChartsOptions::read(none).unwrap();
    assert_eq!(figures, FigureChartsOptions::default());
    assert_eq!(figures.id, "fig");
    // An empty object, and null values, are defaults too.
    let empty = object(json!({}));
    assert_eq!(MapBaseOptions::read(Passed::Object(&empty)).unwrap(), base);
    let nulls = object(
        json!({"width": null, "theme": null, "filter": null, "id": null, "max_steps": null}),
    );
    assert_eq!(
        TimelinePartOptions::read(Passed::Object(&nulls)).unwrap(),
        part
    );
}

#[test]
fn every_option_is_read() {
    let given = object(json!({"theme": "dark", "view": "world", "id": "w1"}));
    let base = MapBaseOptions::read(Passed::Object(&given)).unwrap();
    assert_eq!(base.theme, ThemeName::Dark);
    assert_eq!(base.view, MapView::World);
    assert_eq!(base.id, "w1");

    let given = object(json!({"width": 320, "filter": {"measures": ["visa_suspension"]}}));
    let update = MapUpdateOptions::read(Passed::Object(&given)).unwrap();
    assert_eq!(update.width, 320.0);
    assert_eq!(update.filter, only(Measure::VisaSuspension));

    let given = object(json!({
        "width": 5000, "theme": "dark", "filter": {"text": "permits"}, "id": "tl", "max_steps": -3
    }));
    let part = TimelinePartOptions::read(Passed::Object(&given)).unwrap();
    // Widths are clamped when drawn, not when read; a negative budget is none.
    assert_eq!(part.width, 5000.0);
    assert_eq!(part.theme, ThemeName::Dark);
    assert_eq!(part.filter.text, "permits");
    assert_eq!(part.id, "tl");
    assert_eq!(part.max_steps, 0.0);

    let given = object(json!({"width": 400.5, "id": "f"}));
    let figures = FigureChartsOptions::read(Passed::Object(&given)).unwrap();
    assert_eq!((figures.width, figures.id.as_str()), (400.5, "f"));
}

#[test]
fn wrong_options_are_errors_naming_the_export_and_the_option() {
    let cases: [(Json, &str, &str); 10] = [
        (
            json!({"width": "600"}),
            "mapUpdate",
            "mapUpdate: width is a finite number, got a string",
        ),
        (
            json!({"width": true}),
            "timelinePart",
            "timelinePart: width is a finite number, got a boolean",
        ),
        (
            json!({"theme": "pink"}),
            "timelinePart",
            "timelinePart: theme is one of light, dark, got \"pink\"",
        ),
        (
            json!({"theme": 1}),
            "figureCharts",
            "figureCharts: theme is a string, got a number",
        ),
        (
            json!({"view": "moon"}),
            "mapBase",
            "mapBase: view is one of story, world, got \"moon\"",
        ),
        (
            json!({"id": 5}),
            "mapBase",
            "mapBase: id is a string, got a number",
        ),
        (
            json!({"max_steps": "all"}),
            "timelinePart",
            "timelinePart: max_steps is a finite number, got a string",
        ),
        (
            json!({"selected": 1}),
            "mapBase",
            "mapBase: unknown option \"selected\" (known: theme, view, id)",
        ),
        (
            json!({"filter": "visa"}),
            "mapUpdate",
            "mapUpdate: a filter is an object {measures, regions, resolutions, text, as_of}, got a string",
        ),
        (
            json!({"filter": ["visa_suspension"]}),
            "timelinePart",
            "timelinePart: a filter is an object {measures, regions, resolutions, text, as_of}, got an array",
        ),
    ];
    for (given, export, expected) in cases {
        let given = object(given);
        let passed = Passed::Object(&given);
        let message = match export {
            "mapBase" => argument_error(MapBaseOptions::read(passed)),
            "mapUpdate" => argument_error(MapUpdateOptions::read(passed)),
            "timelinePart" => argument_error(TimelinePartOptions::read(passed)),
            _ => argument_error(FigureChartsOptions::read(passed)),
        };
        assert_eq!(message, expected);
    }
    // A filter's own problem is named after the export and the filter.
    let given = object(json!({"filter": {"measures": ["nope"]}}));
    let message = argument_error(MapUpdateOptions::read(Passed::Object(&given)));
    assert!(message.starts_with("mapUpdate: filter: "), "{message}");
    assert!(message.contains("nope"), "{message}");
    let given = object(json!({"filter": {"colour": "red"}}));
    let message = argument_error(TimelinePartOptions::read(Passed::Object(&given)));
    assert!(message.starts_with("timelinePart: filter: "), "{message}");
    assert!(message.contains("colour"), "{message}");
}

#[test]
fn options_that_are_not_an_object_are_errors() {
    for what in ["a string", "a number", "an array", "a function"] {
        let passed = Passed::<Pairs>::Other(what);
        assert_eq!(
            argument_error(MapBaseOptions::read(passed)),
            format!("mapBase: the options are an object, got {what}")
        );
    }
    let passed = Passed::<Pairs>::Other("a string");
    assert_eq!(
        argument_error(FigureChartsOptions::read(passed)),
        "figureCharts: the options are an object, got a string"
    );
}

#[test]
fn unknown_keys_are_found_before_any_value_is_read() {
    let given = object(json!({"width": "wide", "widht": 600}));
    assert_eq!(
        argument_error(MapUpdateOptions::read(Passed::Object(&given))),
        "mapUpdate: unknown option \"widht\" (known: width, filter, zoom)"
    );
    // A key another export knows is still unknown here.
    let given = object(json!({"max_steps": 5}));
    assert!(
        argument_error(MapUpdateOptions::read(Passed::Object(&given)))
            .contains("unknown option \"max_steps\"")
    );
}

#[test]
fn numbers_that_are_not_finite_and_values_of_other_kinds_are_refused() {
    for (value, got) in [
        (Value::Number(f64::NAN), "a number"),
        (Value::Number(f64::INFINITY), "a number"),
        (Value::Other("a boolean"), "a boolean"),
        (Value::Other("a BigInt"), "a BigInt"),
        (Value::Text("600".into()), "a string"),
    ] {
        let given = Pairs(vec![("width", value)]);
        assert_eq!(
            argument_error(MapUpdateOptions::read(Passed::Object(&given))),
            format!("mapUpdate: width is a finite number, got {got}")
        );
    }
    // Options are read in the export's order: the first wrong one is reported.
    let given = Pairs(vec![
        ("id", Value::Number(1.0)),
        ("theme", Value::Text("pink".into())),
    ]);
    assert!(
        argument_error(TimelinePartOptions::read(Passed::Object(&given)))
            .starts_with("timelinePart: theme")
    );
}

#[test]
fn the_palette_is_each_measures_fill_by_key() {
    for (name, theme) in [("light", Theme::light()), ("dark", Theme::dark())] {
        assert_eq!(palette_theme(&Value::Text(name.into())).unwrap(), theme);
        let colours = palette(&theme);
        assert_eq!(colours.len(), Measure::ALL.len());
        for m in Measure::ALL {
            let colour = fill(&theme, m);
            assert_eq!(colours.get(m.key()), Some(&colour));
            assert!(colour.starts_with('#') && colour.len() == 7, "{colour}");
        }
    }
    assert_ne!(palette(&Theme::light()), palette(&Theme::dark()));
    for (value, got) in [
        (Value::Text("pink".into()), "\"pink\""),
        (Value::Other("undefined"), "undefined"),
        (Value::Number(1.0), "a number"),
    ] {
        assert_eq!(
            argument_error(palette_theme(&value)),
            format!("palette: the theme is \"light\" or \"dark\", got {got}")
        );
    }
}

// ------------------------------------------------------ the map in layers ----

fn update(view: &mut View, width: f64, filter: Filter) -> (Option<String>, String, f64) {
    let u = view
        .map_update(MapUpdateOptions {
            width,
            filter,
            ..Default::default()
        })
        .unwrap();
    (u.markers.map(str::to_owned), u.svg, u.width)
}

#[test]
fn the_map_needs_a_base_first() {
    let mut view = seed();
    assert_eq!(
        argument_error(view.map_update(MapUpdateOptions::default())),
        "mapUpdate: draw the map's base with mapBase first"
    );
    assert!(view.map_table().is_none());
    assert!(view.hit_test(300.0, 100.0).is_none());
}

#[test]
fn the_base_is_plain_land_with_each_measures_paint() {
    let mut view = seed();
    let base = view.map_base(MapBaseOptions::default()).unwrap();
    assert!(base.svg.starts_with("<svg") && base.svg.ends_with("</svg>"));
    assert!(base.svg.contains("data-code=\"PL\"") && !base.svg.contains("has-data"));
    assert_eq!(base.land(), Theme::light().land.to_hex());
    let patterned: Vec<&str> = Measure::ALL
        .iter()
        .filter_map(|&m| base.pattern(m))
        .collect();
    assert!(!patterned.is_empty() && patterned.len() < Measure::ALL.len());
    for m in Measure::ALL {
        assert_eq!(base.fill(m), fill(&Theme::light(), m));
        if let Some(paint) = base.pattern(m) {
            assert!(paint.starts_with("url(#map-"), "{paint}");
            assert!(
                base.svg.contains(&paint[5..paint.len() - 1]),
                "{paint} in the base"
            );
        }
    }
    // The whole world draws more countries than the story's view.
    let story = base.svg.matches("class=\"country").count();
    let world = MapBaseOptions {
        view: MapView::World,
        ..MapBaseOptions::default()
    };
    let world = view.map_base(world).unwrap();
    assert!(world.svg.matches("class=\"country").count() > story);
}

#[test]
fn a_filter_change_keeps_the_base_and_the_markers() {
    let mut view = seed();
    view.map_base(MapBaseOptions::default()).unwrap();
    let (markers, every, width) = update(&mut view, 320.0, Filter::default());
    let markers = markers.expect("markers at a first width");
    assert!(markers.contains("data-code=\"KW\"") && markers.contains("data-code=\"QA\""));
    assert_eq!(width, 320.0);
    assert!(every.contains(">Residence restriction</text>"));
    assert_eq!(view.map_table().unwrap().rows.len(), 4);
    // Another filter at the same width: no new markers, a new overlay and table.
    let (markers, visa, _) = update(&mut view, 320.0, only(Measure::VisaSuspension));
    assert!(markers.is_none(), "the markers are kept");
    assert!(visa.contains(">Visa suspension</text>"));
    assert!(!visa.contains(">Residence restriction</text>"));
    let table = view.map_table().unwrap();
    let mut names: Vec<&str> = table.rows.iter().map(|r| r[0].as_str()).collect();
    names.sort();
    assert_eq!(names, ["Kuwait", "Senegal"]);
    // The same filter and width again: the same overlay, the markers kept.
    let (markers, again, _) = update(&mut view, 320.0, only(Measure::VisaSuspension));
    assert!(markers.is_none());
    assert_eq!(again, visa);
    // Back to every step: the overlay of the first update.
    let (_, back, _) = update(&mut view, 320.0, Filter::default());
    assert_eq!(back, every);
}

#[test]
fn a_width_or_theme_change_draws_again() {
    let mut view = seed();
    view.map_base(MapBaseOptions::default()).unwrap();
    let (first, _, _) = update(&mut view, 600.0, Filter::default());
    assert!(first.is_some());
    // A new width: new markers, at that width.
    let (wide, svg, width) = update(&mut view, 900.0, Filter::default());
    let wide = wide.expect("markers at a new width");
    assert_eq!(width, 900.0);
    assert!(svg.contains("width=\"900\"") && wide.contains("width=\"900\""));
    // Widths outside 280..=1200 are drawn at the nearest end.
    let (_, _, width) = update(&mut view, 10.0, Filter::default());
    assert_eq!(width, 280.0);
    let (markers, _, width) = update(&mut view, 5000.0, Filter::default());
    assert_eq!((markers.is_some(), width), (true, 1200.0));
    // A new theme is a new base: its own colours, and its markers are drawn
    // again even at the width of the last update.
    let light_land = Theme::light().land.to_hex();
    let dark = MapBaseOptions {
        theme: ThemeName::Dark,
        ..MapBaseOptions::default()
    };
    let base = view.map_base(dark).unwrap();
    assert_eq!(base.land(), Theme::dark().land.to_hex());
    assert_eq!(
        base.fill(Measure::Expulsion),
        fill(&Theme::dark(), Measure::Expulsion)
    );
    assert!(!base.svg.contains(&light_land));
    assert!(view.map_table().is_none(), "no table over a new base");
    let (markers, _, _) = update(&mut view, 1200.0, Filter::default());
    let markers = markers.expect("markers over a new base");
    assert!(!markers.contains(&light_land));
}

#[test]
fn an_update_says_where_the_base_goes() {
    let mut view = seed();
    view.map_base(MapBaseOptions::default()).unwrap();
    let u = view.map_update(MapUpdateOptions::default()).unwrap();
    assert_eq!(u.width, DEFAULT_WIDTH);
    assert!(
        u.map_height > 0.0 && u.height > u.map_height,
        "a legend below"
    );
    assert!(u.crop.iter().all(|v| v.is_finite()) && u.crop[2] > 0.0 && u.crop[3] > 0.0);
    assert!(u.pattern_scale > 0.0);
    for m in Measure::ALL {
        if let Some(paint) = u.marker_pattern(m) {
            assert!(paint.starts_with("url(#map-"), "{paint}");
        }
    }
    assert!(Measure::ALL.iter().any(|&m| u.marker_pattern(m).is_some()));
    assert!(!u.alt.title.is_empty());
    assert!(
        u.alt.description.contains("Kuwait"),
        "{}",
        u.alt.description
    );
    assert!(u.alt.description.contains("story's countries"));
}

/// Where the full map (drawn in one piece) puts the centre of `code` at `width`.
fn centre_of(width: f64, code: &str) -> (f64, f64) {
    let dataset = sanctions_tracker::seed::load().unwrap().dataset;
    let state = MapState::all(&dataset);
    let map = render_map(&dataset, &state, width, &Theme::light()).unwrap();
    let world = sanctions_tracker::geo::world().unwrap();
    let p = map
        .layout
        .viewport
        .to_px(world.shape(code).unwrap().centroid);
    (p.x, p.y)
}

#[test]
fn hit_testing_follows_the_last_map_drawn() {
    let mut view = seed();
    let (x, y) = centre_of(700.0, "PL");
    view.map_base(MapBaseOptions::default()).unwrap();
    assert!(view.hit_test(x, y).is_none(), "a base alone hits nothing");
    let u = view
        .map_update(MapUpdateOptions {
            width: 700.0,
            filter: Filter::default(),
            ..Default::default()
        })
        .unwrap();
    let height = u.height;
    assert_eq!(view.hit_test(x, y).as_deref(), Some("PL"));
    // The legend under the map, and points that are not finite, hit nothing.
    assert!(view.hit_test(2.0, height - 2.0).is_none());
    assert!(view.hit_test(f64::NAN, y).is_none());
    assert!(view.hit_test(x, f64::INFINITY).is_none());
    // At another width, the map of that width.
    let (x, y) = centre_of(1200.0, "PL");
    update(&mut view, 1200.0, Filter::default());
    assert_eq!(view.hit_test(x, y).as_deref(), Some("PL"));
    // A filter that leaves Poland out: it is still land and still hit.
    update(&mut view, 1200.0, only(Measure::VisaSuspension));
    assert_eq!(view.hit_test(x, y).as_deref(), Some("PL"));
    // A new base: nothing is hit until a map is drawn over it.
    view.map_base(MapBaseOptions::default()).unwrap();
    assert!(view.hit_test(x, y).is_none());
}

// ------------------------------------------------------------- the list ----

/// `changes` as (code, rest) pairs, sorted.
fn lines(changes: &str) -> Vec<(String, Vec<String>)> {
    let mut lines: Vec<(String, Vec<String>)> = changes
        .lines()
        .map(|l| {
            let mut parts = l.split('\t').map(str::to_owned);
            (parts.next().unwrap_or_default(), parts.collect())
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn list_changes_say_only_what_a_filter_changed() {
    let mut view = seed();
    let all = view.list_changes(Filter::default(), true);
    assert_eq!((all.count, all.total, all.step_count), (4, 4, 8));
    assert!(all.changes.ends_with('\n'));
    let first = lines(&all.changes);
    let codes: Vec<&str> = first.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["KW", "PL", "QA", "SN"]);
    // Kuwait: residence restriction (bit 1) and visa suspension (bit 4), 3 steps.
    let kw = &first[0].1;
    assert_eq!(kw[0], (1 << 1 | 1 << 4).to_string());
    assert_eq!(kw[1], "3");
    assert_eq!(kw.len(), 4, "measures, steps, first and last date");
    // The same filter again: nothing changed.
    assert!(view
        .list_changes(Filter::default(), false)
        .changes
        .is_empty());
    // Visa steps only: Poland and Qatar leave, Kuwait changes, Senegal stays.
    let visa = view.list_changes(only(Measure::VisaSuspension), false);
    assert_eq!((visa.count, visa.total), (2, 4));
    let changed = lines(&visa.changes);
    let codes: Vec<&str> = changed.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["KW", "PL", "QA"]);
    assert_eq!(changed[0].1[0], (1 << 4).to_string());
    assert!(changed[1].1.is_empty() && changed[2].1.is_empty());
    // `all` lists every country of the selection again, as for a new list.
    let again = view.list_changes(only(Measure::VisaSuspension), true);
    let codes: Vec<String> = lines(&again.changes).into_iter().map(|(c, _)| c).collect();
    assert_eq!(codes, ["KW", "SN"]);
    // Back to every step: the lines of the first call for those that changed.
    let back = view.list_changes(Filter::default(), false);
    for (code, rest) in lines(&back.changes) {
        let was = first.iter().find(|(c, _)| *c == code).unwrap();
        assert_eq!(&rest, &was.1, "{code}");
    }
}

#[test]
fn list_changes_follow_text_search_too() {
    let mut view = seed();
    view.list_changes(Filter::default(), true);
    let search = Filter {
        text: "zzzz-nothing".into(),
        ..Filter::default()
    };
    let none = view.list_changes(search, false);
    assert_eq!((none.count, none.step_count), (0, 0));
    // Every country left: each line is its code alone.
    assert_eq!(lines(&none.changes).len(), 4);
    assert!(none.changes.lines().all(|l| !l.contains('\t')));
}

// --------------------------------------------------------- the timeline ----

fn part(view: &mut View, max_steps: f64) -> (Option<String>, usize, usize, usize, usize) {
    let p = view
        .timeline_part(TimelinePartOptions {
            max_steps,
            ..TimelinePartOptions::default()
        })
        .unwrap();
    (
        p.svg.map(str::to_owned),
        p.shown_countries,
        p.total_countries,
        p.shown_steps,
        p.total_steps,
    )
}

#[test]
fn the_timeline_is_drawn_a_part_at_a_time() {
    let mut view = seed();
    assert!(view.timeline_table().is_none());
    let (svg, shown, total, steps, total_steps) = part(&mut view, 200.0);
    let svg = svg.expect("a first picture");
    assert!(svg.starts_with("<svg") && svg.contains("width=\"600\""));
    assert_eq!((shown, total, steps, total_steps), (4, 4, 8, 8));
    // Four steps: the list's first countries (Poland, 2 steps, then
    // Senegal, 1), not Kuwait's 3 more.
    let (svg, shown, _, steps, _) = part(&mut view, 4.0);
    let svg = svg.unwrap();
    assert_eq!((shown, steps), (2, 3));
    assert!(svg.contains("Poland") && svg.contains("Senegal") && !svg.contains("Kuwait"));
    // Its table: a row per step shown.
    assert_eq!(view.timeline_table().unwrap().rows.len(), 3);
    // At least one country, even over the budget.
    let (_, shown, total, steps, _) = part(&mut view, 0.0);
    assert_eq!((shown, total, steps), (1, 4, 2));
    assert_eq!(view.timeline_table().unwrap().rows.len(), 2);
}

#[test]
fn the_same_timeline_is_not_drawn_twice() {
    let mut view = seed();
    assert!(part(&mut view, 200.0).0.is_some());
    let (svg, shown, ..) = part(&mut view, 200.0);
    assert!(svg.is_none(), "the same picture again");
    assert_eq!(shown, 4, "and the same counts");
    // A budget that still fits every step is the same picture.
    assert!(part(&mut view, 100.0).0.is_none());
    // A new width, theme or id draws again.
    let changes = [
        TimelinePartOptions {
            width: 320.0,
            ..TimelinePartOptions::default()
        },
        TimelinePartOptions {
            width: 320.0,
            theme: ThemeName::Dark,
            ..TimelinePartOptions::default()
        },
        TimelinePartOptions {
            width: 320.0,
            theme: ThemeName::Dark,
            id: "tl-2".into(),
            ..TimelinePartOptions::default()
        },
    ];
    for options in changes {
        let p = view.timeline_part(options.clone()).unwrap();
        assert!(p.svg.is_some(), "{options:?}");
        assert!(view.timeline_part(options).unwrap().svg.is_none());
    }
    // Widths are drawn clamped: 5000 is the picture at 1200.
    let wide = |width: f64| TimelinePartOptions {
        width,
        ..TimelinePartOptions::default()
    };
    let svg = view.timeline_part(wide(5000.0)).unwrap().svg.unwrap();
    assert!(svg.contains("width=\"1200\""));
    assert!(view.timeline_part(wide(1200.0)).unwrap().svg.is_none());
}

#[test]
fn a_filter_narrows_the_timeline() {
    let mut view = seed();
    let residence = TimelinePartOptions {
        filter: only(Measure::ResidenceRestriction),
        id: "tl-test".into(),
        ..TimelinePartOptions::default()
    };
    let p = view.timeline_part(residence).unwrap();
    let svg = p.svg.unwrap();
    assert!(svg.contains("Kuwait") && svg.contains("Qatar"));
    assert!(!svg.contains("Poland") && !svg.contains("Senegal"));
    assert!(svg.contains("id=\"tl-test"));
    assert_eq!((p.shown_countries, p.total_countries), (2, 2));
    assert!(!p.alt.description.is_empty());
    // The list and the map asking for the same filter share its selection.
    let list = view.list_changes(only(Measure::ResidenceRestriction), true);
    assert_eq!(list.count, 2);
}

// ---------------------------------------------------------- the figures ----

#[test]
fn figure_charts_draw_a_countrys_figures() {
    let view = seed();
    let options = FigureChartsOptions {
        width: 400.0,
        id: "x".into(),
        ..FigureChartsOptions::default()
    };
    let charts = view.figure_charts("PL", &options).unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c.id).collect();
    assert_eq!(ids, ["pl-work-visas", "pl-workers-employed"]);
    let visas = &charts[0];
    assert!(visas.svg.contains("147") && visas.svg.contains("129"));
    assert!(visas.svg.contains("id=\"x-0") && charts[1].svg.contains("id=\"x-1"));
    assert!(visas.height > 0.0);
    assert_eq!(visas.alt.table.rows.len(), 4);
    // What the boundary hands to JS: {id, svg, height, alt: {title, description, table}}.
    let json = serde_json::to_value(visas).unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["alt", "height", "id", "svg"]);
    assert!(json["alt"]["table"]["rows"].is_array());
    for code in ["KW", "XX"] {
        assert!(view
            .figure_charts(code, &FigureChartsOptions::default())
            .unwrap()
            .is_empty());
    }
}

#[test]
fn a_metric_naming_its_country_is_not_followed_by_its_name() {
    let view = seed();
    let charts = view
        .figure_charts("PL", &FigureChartsOptions::default())
        .unwrap();
    for chart in &charts {
        assert!(
            !chart.alt.title.contains("Poland, Poland"),
            "{}",
            chart.alt.title
        );
        assert!(chart.alt.title.contains("Poland"), "{}", chart.alt.title);
    }
}
