//! The wasm boundary (`sanctions_tracker::web`), run in headless Chromium by
//! `wasm-pack test --headless --chrome` (debug build). The release build that
//! `make demo` serves is tested by tests/e2e/release.test.mjs.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use sanctions_tracker::web::Tracker;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A small dataset that is valid under every rule of the format.
const TINY: &str = r#"{
  "schema_version": 1,
  "meta": {
    "title": "Test data",
    "publisher": "Test desk",
    "published": "2017-09-28",
    "source_url": "https://example.org/story"
  },
  "resolutions": [
    {"id": "2371", "adopted": "2017-08-05", "requires": "Caps the work permits of North Korean workers."}
  ],
  "countries": [{"code": "PL", "name": "Poland", "region": "europe"}],
  "steps": [
    {
      "id": "pl-1",
      "country": "PL",
      "date": "2017-09-27",
      "date_kind": "announced",
      "measure": "work_permit_freeze",
      "description": "No new work permits.",
      "resolutions": ["2371"],
      "status": "announced",
      "sources": [{"publisher": "Test desk", "url": "https://example.org/story", "date": "2017-09-28"}]
    }
  ],
  "figures": []
}"#;

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap()
}

fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

/// Asserts `value` is a plain object (prototype `Object.prototype`), not a `Map`.
fn assert_plain_object(value: &JsValue) {
    assert!(value.is_object(), "{value:?} is not an object");
    assert!(!value.is_instance_of::<js_sys::Map>(), "got a Map");
    let proto = Object::get_prototype_of(value);
    assert!(
        Object::is(&proto, &Object::get_prototype_of(&Object::new())),
        "not a plain object"
    );
}

/// Asserts `error` is a JS Error carrying a non-empty `problems` array of `{path, message, severity}`.
fn problems_of(error: &JsValue) -> Vec<(String, String, String)> {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "{error:?} is not an Error"
    );
    let problems = get(error, "problems");
    assert!(Array::is_array(&problems), "problems is not an array");
    let list: Vec<_> = Array::from(&problems)
        .iter()
        .map(|p| {
            assert_plain_object(&p);
            (
                get(&p, "path").as_string().unwrap(),
                get(&p, "message").as_string().unwrap(),
                get(&p, "severity").as_string().unwrap(),
            )
        })
        .collect();
    assert!(!list.is_empty(), "no problems listed");
    list
}

fn message_of(error: &JsValue) -> String {
    error.unchecked_ref::<js_sys::Error>().message().into()
}

#[wasm_bindgen_test]
fn loads_from_an_object() {
    let tracker = Tracker::from_object(parse(TINY)).unwrap();
    let meta = tracker.meta().unwrap();
    assert_plain_object(&meta);
    assert_eq!(get(&meta, "title").as_string().unwrap(), "Test data");
    assert_eq!(get(&meta, "published").as_string().unwrap(), "2017-09-28");
    assert_eq!(
        get(&meta, "source_url").as_string().unwrap(),
        "https://example.org/story"
    );
    // Fields the data does not give stay absent: never invented.
    assert!(get(&meta, "licence").is_undefined());
}

#[wasm_bindgen_test]
fn loads_from_json_text() {
    let tracker = Tracker::from_json(JsValue::from_str(TINY)).unwrap();
    let meta = tracker.meta().unwrap();
    assert_eq!(get(&meta, "publisher").as_string().unwrap(), "Test desk");
    let warnings = tracker.warnings().unwrap();
    assert!(Array::is_array(&warnings));
    for w in Array::from(&warnings).iter() {
        assert_plain_object(&w);
        assert_eq!(get(&w, "severity").as_string().unwrap(), "warning");
    }
}

#[wasm_bindgen_test]
fn object_and_text_give_the_same_dataset() {
    let a = Tracker::from_object(parse(TINY)).unwrap().meta().unwrap();
    let b = Tracker::from_json(JsValue::from_str(TINY))
        .unwrap()
        .meta()
        .unwrap();
    assert_eq!(
        JSON::stringify(&a).unwrap().as_string(),
        JSON::stringify(&b).unwrap().as_string()
    );
}

#[wasm_bindgen_test]
fn loads_the_seed_story() {
    let tracker = Tracker::seed().unwrap();
    let meta = tracker.meta().unwrap();
    assert_plain_object(&meta);
    // From the issue: VOA's story of 28 Sep 2017 as republished by GlobalSecurity.org.
    assert_eq!(get(&meta, "published").as_string().unwrap(), "2017-09-28");
    assert!(get(&meta, "source_url")
        .as_string()
        .unwrap()
        .ends_with("/dprk-170928-voa01.htm"));
    // JSON.parse in the browser and serde_json natively read the same metadata.
    let native = sanctions_tracker::seed::load().unwrap().dataset.meta;
    let native = serde_wasm_bindgen::to_value(&native).unwrap();
    let native = JSON::stringify(&native).unwrap().as_string();
    // to_value turns nothing here into a Map: meta has no maps.
    assert_eq!(JSON::stringify(&meta).unwrap().as_string(), native);
}

#[wasm_bindgen_test]
fn malformed_json_gives_line_and_column() {
    // Chromium's message for this one gives no position at all.
    let text = "{\n  \"schema_version\": 1,\n  \"meta\": tru\n}";
    let error = Tracker::from_json(JsValue::from_str(text))
        .err()
        .expect("malformed JSON is rejected");
    assert_eq!(get(&error, "kind").as_string().unwrap(), "json");
    assert_eq!(get(&error, "line").as_f64(), Some(3.0));
    assert_eq!(get(&error, "column").as_f64(), Some(14.0));
    let message = message_of(&error);
    assert!(message.contains("line 3, column 14"), "{message}");
    let problems = problems_of(&error);
    assert_eq!(problems[0].0, "$");
    assert_eq!(problems[0].2, "error");
}

#[wasm_bindgen_test]
fn line_and_column_count_characters_after_non_ascii_text() {
    // "é" and "😀" are one character each (two UTF-16 units for the emoji).
    let text = "[\"é😀\",\n \"ü\" \"x\"]";
    let error = Tracker::from_json(JsValue::from_str(text)).err().unwrap();
    assert_eq!(get(&error, "line").as_f64(), Some(2.0));
    assert_eq!(get(&error, "column").as_f64(), Some(6.0));
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_errors_not_panics() {
    let cases = [
        Tracker::from_json(JsValue::from_f64(42.0)),
        Tracker::from_json(JsValue::UNDEFINED),
        Tracker::from_json(JsValue::NULL),
        Tracker::from_json(parse(TINY)),
        Tracker::from_object(JsValue::from_f64(42.0)),
        Tracker::from_object(JsValue::UNDEFINED),
        Tracker::from_object(JsValue::NULL),
        Tracker::from_object(JsValue::from_str(TINY)),
    ];
    for result in cases {
        let error = result.err().expect("a wrong argument is rejected");
        assert_eq!(get(&error, "kind").as_string().unwrap(), "argument");
        let message = message_of(&error);
        assert!(
            message.starts_with("bad argument: Tracker.from"),
            "{message}"
        );
        problems_of(&error);
    }
    // The instance still works afterwards.
    assert!(Tracker::from_json(JsValue::from_str(TINY)).is_ok());
}

#[wasm_bindgen_test]
fn a_string_passed_as_object_gets_a_hint() {
    let error = Tracker::from_object(JsValue::from_str(TINY)).err().unwrap();
    assert!(message_of(&error).contains("Tracker.fromJson"));
}

#[wasm_bindgen_test]
fn objects_that_are_not_json_data_are_errors() {
    // A cycle, a BigInt and too deep a nesting cannot be JSON: argument errors, never a trap.
    let cyclic = parse(TINY);
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let with_bigint = parse(TINY);
    Reflect::set(
        &with_bigint,
        &"extra".into(),
        &js_sys::BigInt::from(7u64).into(),
    )
    .unwrap();
    let deep = parse(TINY);
    let mut inner = JsValue::from(Array::new());
    for _ in 0..200 {
        inner = Array::of1(&inner).into();
    }
    Reflect::set(&deep, &"extra".into(), &inner).unwrap();
    for value in [cyclic, with_bigint, deep] {
        let error = Tracker::from_object(value).err().expect("rejected");
        assert_eq!(get(&error, "kind").as_string().unwrap(), "argument");
        assert!(
            message_of(&error).contains("not plain JSON data"),
            "{}",
            message_of(&error)
        );
        assert!(get(&error, "line").is_undefined());
        problems_of(&error);
    }
    assert!(Tracker::from_object(parse(TINY)).is_ok());
}

#[wasm_bindgen_test]
fn text_cut_inside_an_emoji_loads_with_a_warning_where_it_is() {
    // "Workers 😀" cut after the first half of the emoji's UTF-16 pair, as
    // `.slice()` on a JS string does. JSON.stringify writes the lone half as
    // an escape; JSON.parse reads it back as it was.
    let cut = TINY.replacen(
        "\"No new work permits.\"",
        "\"No new work permits \\ud83d\"",
        1,
    );
    assert_ne!(cut, TINY);
    let object = parse(&cut);
    for tracker in [
        Tracker::from_object(object).expect("an object with a lone surrogate loads"),
        Tracker::from_json(JsValue::from_str(&cut))
            .expect("text with a lone surrogate escape loads"),
    ] {
        let warnings = Array::from(&tracker.warnings().unwrap());
        assert_eq!(warnings.length(), 1);
        let warning = warnings.get(0);
        assert_eq!(
            get(&warning, "path").as_string().unwrap(),
            "steps[0].description"
        );
        assert!(get(&warning, "message")
            .as_string()
            .unwrap()
            .contains("U+FFFD"));
        let details = tracker
            .details(JsValue::from_str("PL"), JsValue::UNDEFINED)
            .unwrap();
        let shown = JSON::stringify(&details).unwrap().as_string().unwrap();
        assert!(shown.contains("No new work permits \u{FFFD}"), "{shown}");
    }
}

#[wasm_bindgen_test]
fn an_object_is_read_as_json_stringify_writes_it() {
    // Functions and `undefined` are left out, as JSON.stringify does: an
    // optional field that is `undefined` is absent, and so is a function.
    let value = parse(TINY);
    let meta = get(&value, "meta");
    Reflect::set(&meta, &"summary".into(), &JsValue::UNDEFINED).unwrap();
    let f = js_sys::Function::new_no_args("return 1");
    Reflect::set(&value, &"extra".into(), &f).unwrap();
    let tracker = Tracker::from_object(value).unwrap();
    assert!(get(&tracker.meta().unwrap(), "summary").is_undefined());
    assert_eq!(Array::from(&tracker.warnings().unwrap()).length(), 0);
    // A required field that is `undefined` is missing.
    let value = parse(TINY);
    Reflect::set(&get(&value, "meta"), &"title".into(), &JsValue::UNDEFINED).unwrap();
    let error = Tracker::from_object(value).err().expect("rejected");
    assert_eq!(get(&error, "kind").as_string().unwrap(), "invalid");
    assert!(problems_of(&error)
        .iter()
        .any(|(path, message, _)| path == "meta.title" && message.contains("missing")));
}

#[wasm_bindgen_test]
fn json_text_nested_to_the_limit_loads_and_past_it_is_a_json_error() {
    let limit = sanctions_tracker::untyped::MAX_DEPTH;
    let nested = |depth: usize| {
        let extra = format!("{}{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
        TINY.replacen(
            "\"schema_version\": 1,",
            &format!("\"schema_version\": 1, \"extra\": {extra},"),
            1,
        )
    };
    let tracker = Tracker::from_json(JsValue::from_str(&nested(limit))).unwrap();
    assert_eq!(Array::from(&tracker.warnings().unwrap()).length(), 1);
    let error = Tracker::from_json(JsValue::from_str(&nested(limit + 1)))
        .err()
        .expect("rejected");
    assert_eq!(get(&error, "kind").as_string().unwrap(), "json");
    assert!(
        message_of(&error).contains("nested more than"),
        "{}",
        message_of(&error)
    );
}

#[wasm_bindgen_test]
fn a_field_given_twice_is_an_error_with_its_path() {
    let text = TINY.replacen(
        "\"id\": \"pl-1\",",
        "\"id\": \"pl-1\", \"id\": \"pl-2\",",
        1,
    );
    let error = Tracker::from_json(JsValue::from_str(&text))
        .err()
        .expect("rejected");
    assert_invalid_at(&error, "steps[0].id", "twice");
}

/// Asserts that `error` rejected the data, with an error at `at` whose message contains `needle`.
fn assert_invalid_at(error: &JsValue, at: &str, needle: &str) {
    assert_eq!(get(error, "kind").as_string().unwrap(), "invalid");
    let problems = problems_of(error);
    assert!(
        problems.iter().any(|(path, message, severity)| path == at
            && message.contains(needle)
            && severity == "error"),
        "{problems:?}"
    );
}

#[wasm_bindgen_test]
fn invalid_data_lists_problems_with_paths() {
    let bad = TINY.replace("\"date\": \"2017-09-27\"", "\"date\": \"2017-13-01\"");
    assert_ne!(bad, TINY);
    let error = Tracker::from_json(JsValue::from_str(&bad))
        .err()
        .expect("rejected");
    assert_invalid_at(&error, "steps[0].date", "2017-13-01");
    let message = message_of(&error);
    assert!(message.contains("steps[0].date"), "{message}");
}

#[wasm_bindgen_test]
fn every_problem_is_listed_not_just_the_first() {
    let bad = TINY
        .replace("\"date\": \"2017-09-27\"", "\"date\": \"2017-13-01\"")
        .replace("\"code\": \"PL\"", "\"code\": \"XX\"");
    let error = Tracker::from_object(parse(&bad)).err().expect("rejected");
    let problems = problems_of(&error);
    let paths: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
    assert!(paths.contains(&"steps[0].date"), "{paths:?}");
    assert!(paths.contains(&"countries[0].code"), "{paths:?}");
}

fn strings(value: &JsValue, key: &str) -> Vec<String> {
    Array::from(value)
        .iter()
        .map(|item| get(&item, key).as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn queries_return_plain_data() {
    let tracker = Tracker::from_json(JsValue::from_str(TINY)).unwrap();

    let countries = tracker
        .countries(JsValue::UNDEFINED, JsValue::UNDEFINED)
        .unwrap();
    assert!(Array::is_array(&countries));
    assert_eq!(strings(&countries, "code"), ["PL"]);
    let poland = Array::from(&countries).get(0);
    assert_plain_object(&poland);
    assert_eq!(
        get(&poland, "strongest").as_string().unwrap(),
        "work_permit_freeze"
    );
    assert_eq!(get(&poland, "step_count").as_f64(), Some(1.0));

    let regions = tracker
        .regions(JsValue::NULL, JsValue::from_str("step_count"))
        .unwrap();
    assert_eq!(strings(&regions, "region"), ["europe"]);
    let europe = Array::from(&regions).get(0);
    assert_plain_object(&europe);
    assert_eq!(strings(&get(&europe, "countries"), "code"), ["PL"]);

    let details = tracker
        .details(JsValue::from_str("PL"), JsValue::UNDEFINED)
        .unwrap();
    assert_plain_object(&details);
    assert_eq!(strings(&get(&details, "steps"), "id"), ["pl-1"]);
    assert!(tracker
        .details(JsValue::from_str("XX"), JsValue::UNDEFINED)
        .unwrap()
        .is_null());

    let timeline = tracker.timeline(JsValue::UNDEFINED).unwrap();
    assert_eq!(strings(&timeline, "id"), ["pl-1"]);

    assert!(tracker.has_country(JsValue::from_str("PL")).unwrap());
    assert!(!tracker.has_country(JsValue::from_str("KW")).unwrap());

    let labels = Tracker::labels().unwrap();
    assert_plain_object(&labels);
    assert_eq!(Array::from(&get(&labels, "measures")).length(), 7);
}

#[wasm_bindgen_test]
fn filters_narrow_every_query() {
    let tracker = Tracker::from_json(JsValue::from_str(TINY)).unwrap();
    let none = parse(r#"{"measures": ["visa_suspension"]}"#);
    let selection = tracker.selection(none.clone()).unwrap();
    assert_plain_object(&selection);
    assert_eq!(get(&selection, "country_count").as_f64(), Some(0.0));
    assert_eq!(get(&selection, "total_countries").as_f64(), Some(1.0));
    assert_eq!(
        Array::from(&tracker.countries(none.clone(), JsValue::UNDEFINED).unwrap()).length(),
        0
    );
    assert_eq!(
        Array::from(&tracker.timeline(none.clone()).unwrap()).length(),
        0
    );
    let details = tracker.details(JsValue::from_str("PL"), none).unwrap();
    assert_eq!(get(&details, "selected").as_bool(), Some(false));

    let search = parse(r#"{"text": "PERMITS", "regions": ["europe"], "as_of": "2017-09"}"#);
    assert_eq!(
        strings(
            &tracker.countries(search, JsValue::UNDEFINED).unwrap(),
            "code"
        ),
        ["PL"]
    );
}

#[wasm_bindgen_test]
fn query_arguments_are_checked() {
    let tracker = Tracker::from_json(JsValue::from_str(TINY)).unwrap();
    let u = || JsValue::UNDEFINED;
    let cases = [
        tracker.countries(JsValue::from_f64(42.0), u()),
        tracker.countries(JsValue::from_str("europe"), u()),
        tracker.countries(Array::new().into(), u()),
        tracker.countries(parse(r#"{"bogus": 1}"#), u()),
        tracker.countries(parse(r#"{"measures": ["nope"]}"#), u()),
        tracker.countries(parse(r#"{"as_of": "2017-13"}"#), u()),
        tracker.countries(u(), JsValue::from_f64(1.0)),
        tracker.countries(u(), JsValue::from_str("size")),
        tracker.regions(JsValue::TRUE, u()),
        tracker.timeline(JsValue::from_f64(0.0)),
        tracker.selection(JsValue::from_str("")),
        tracker.details(JsValue::from_f64(1.0), u()),
        tracker.details(u(), u()),
        tracker.details(JsValue::from_str("PL"), JsValue::from_f64(1.0)),
    ];
    for result in cases {
        let error = result.expect_err("a wrong argument is rejected");
        assert_eq!(get(&error, "kind").as_string().unwrap(), "argument");
        problems_of(&error);
    }
    assert!(tracker.has_country(JsValue::NULL).is_err());
    assert!(tracker.has_country(JsValue::from_f64(5.0)).is_err());
}

#[wasm_bindgen_test]
fn the_seed_story_has_its_four_countries() {
    let tracker = Tracker::seed().unwrap();
    let regions = tracker
        .regions(JsValue::UNDEFINED, JsValue::UNDEFINED)
        .unwrap();
    let mut codes: Vec<String> = Array::from(&regions)
        .iter()
        .flat_map(|group| strings(&get(&group, "countries"), "code"))
        .collect();
    codes.sort();
    assert_eq!(codes, ["KW", "PL", "QA", "SN"]);
    let kuwait = tracker
        .details(JsValue::from_str("KW"), JsValue::UNDEFINED)
        .unwrap();
    assert!(
        strings(&get(&kuwait, "steps"), "measure").contains(&"residence_restriction".to_owned())
    );
}

// ---------------------------------------------------------------------------
// Rendering exports: mapBase + mapUpdate + hitTest, timelinePart, figureCharts, overview, palette.

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

fn svg_of(drawn: &JsValue) -> String {
    assert_plain_object(drawn);
    let svg = get(drawn, "svg").as_string().unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    assert!(svg.ends_with("</svg>"));
    svg
}

/// The first cells of a `{caption, headers, rows}` table (the countries of
/// the map's table), sorted.
fn first_cells(table: &JsValue) -> Vec<String> {
    let mut cells: Vec<String> = Array::from(&get(table, "rows"))
        .iter()
        .map(|row| Array::from(&row).get(0).as_string().unwrap())
        .collect();
    cells.sort();
    cells
}

/// Draws the map at `width` for `filter` over the last base; the `mapUpdate` answer.
fn map_at(tracker: &mut Tracker, width: f64, filter: &str) -> JsValue {
    tracker
        .map_update(options(&[
            ("width", JsValue::from_f64(width)),
            ("filter", parse(filter)),
        ]))
        .unwrap()
}

/// Where the full map (the core renderer, natively) puts `code` at `width`:
/// the centre of its largest polygon's bounding box.
fn native_centre(width: f64, code: &str) -> sanctions_tracker::geo::Point {
    let dataset = sanctions_tracker::seed::load().unwrap().dataset;
    let state = sanctions_tracker::chart::map::MapState::all(&dataset);
    let theme = sanctions_tracker::chart::Theme::light();
    let native =
        sanctions_tracker::chart::map::render_map(&dataset, &state, width, &theme).unwrap();
    let shape = native
        .layout
        .shapes
        .iter()
        .find(|s| s.code.as_deref() == Some(code))
        .unwrap();
    let main = shape
        .polygons
        .iter()
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .unwrap();
    sanctions_tracker::geo::BBox::of(main.rings[0].iter().copied()).center()
}

#[wasm_bindgen_test]
fn the_map_draws_the_seed_countries_with_a_text_alternative() {
    let mut tracker = Tracker::seed().unwrap();
    let base = tracker
        .map_base(options(&[("theme", JsValue::from_str("dark"))]))
        .unwrap();
    let story = svg_of(&base);
    for code in ["PL", "KW", "QA", "SN", "DE"] {
        assert!(story.contains(&format!("data-code=\"{code}\"")), "{code}");
    }
    // The dark theme is drawn, not the default light one.
    let light = Tracker::seed().unwrap().map_base(JsValue::NULL).unwrap();
    let land = |base: &JsValue| get(base, "land").as_string().unwrap();
    assert_ne!(land(&base), land(&light));

    let drawn = map_at(&mut tracker, 600.0, "{}");
    let svg = svg_of(&drawn);
    assert_eq!(get(&drawn, "width").as_f64(), Some(600.0));
    assert!(svg.contains("width=\"600\""));
    let alt = get(&drawn, "alt");
    assert_plain_object(&alt);
    assert!(!get(&alt, "title").as_string().unwrap().is_empty());
    let description = get(&alt, "description").as_string().unwrap();
    assert!(description.contains("Kuwait"), "{description}");
    assert!(description.contains("story's countries"), "{description}");
    // The countries with data are the four that took steps: not Germany.
    let table = tracker.map_table().unwrap();
    assert_plain_object(&table);
    assert_eq!(
        first_cells(&table),
        ["Kuwait", "Poland", "Qatar", "Senegal"]
    );
    assert!(!description.contains("Germany"));

    // The whole world draws many more countries than the story's view.
    let world = svg_of(
        &tracker
            .map_base(options(&[("view", JsValue::from_str("world"))]))
            .unwrap(),
    );
    assert!(world.matches("class=\"country").count() > story.matches("class=\"country").count());
    let drawn = map_at(&mut tracker, 600.0, "{}");
    let description = get(&get(&drawn, "alt"), "description").as_string().unwrap();
    assert!(description.contains("whole world"), "{description}");
}

#[wasm_bindgen_test]
fn hit_test_finds_the_country_under_a_point_of_the_last_map() {
    let mut tracker = Tracker::seed().unwrap();
    let at = |x: f64, y: f64| (JsValue::from_f64(x), JsValue::from_f64(y));
    let (x, y) = at(10.0, 10.0);
    assert!(
        tracker.hit_test(x, y).unwrap().is_null(),
        "no map drawn yet"
    );

    // Where the full map puts Poland at this width.
    let width = 600.0;
    let centre = native_centre(width, "PL");
    tracker.map_base(JsValue::NULL).unwrap();
    let (x, y) = at(centre.x, centre.y);
    assert!(tracker.hit_test(x, y).unwrap().is_null(), "a base alone");
    let drawn = map_at(&mut tracker, width, "{}");
    let (x, y) = at(centre.x, centre.y);
    assert_eq!(tracker.hit_test(x, y).unwrap().as_string().unwrap(), "PL");
    // The legend under the map hits nothing.
    let height = get(&drawn, "height").as_f64().unwrap();
    assert!(height > get(&drawn, "map_height").as_f64().unwrap());
    let (x, y) = at(2.0, height - 2.0);
    assert!(tracker.hit_test(x, y).unwrap().is_null());
    // A new base: nothing is hit until a map is drawn over it.
    tracker.map_base(JsValue::NULL).unwrap();
    let (x, y) = at(centre.x, centre.y);
    assert!(
        tracker.hit_test(x, y).unwrap().is_null(),
        "a new base alone"
    );
    // Wrong arguments are errors, not panics.
    assert!(tracker
        .hit_test(JsValue::from_str("1"), JsValue::from_f64(1.0))
        .is_err());
    assert!(tracker.hit_test(JsValue::UNDEFINED, JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn filters_narrow_the_map_and_the_timeline() {
    let mut tracker = Tracker::seed().unwrap();
    let residence = r#"{"measures": ["residence_restriction"]}"#;
    tracker.map_base(JsValue::NULL).unwrap();
    let every = svg_of(&map_at(&mut tracker, 600.0, "{}"));
    assert!(every.contains(">Work-permit freeze</text>"));
    let overlay = svg_of(&map_at(&mut tracker, 600.0, residence));
    assert!(overlay.contains(">Residence restriction</text>"));
    assert!(!overlay.contains(">Work-permit freeze</text>"));
    assert_eq!(
        first_cells(&tracker.map_table().unwrap()),
        ["Kuwait", "Qatar"]
    );

    let all = svg_of(&tracker.timeline_part(JsValue::UNDEFINED).unwrap());
    for name in ["Poland", "Kuwait", "Qatar", "Senegal"] {
        assert!(all.contains(name), "{name} on the timeline");
    }
    let some = tracker
        .timeline_part(options(&[
            ("filter", parse(residence)),
            ("width", JsValue::from_f64(320.0)),
            ("id", JsValue::from_str("tl-test")),
        ]))
        .unwrap();
    let svg = svg_of(&some);
    assert!(svg.contains("width=\"320\""));
    assert!(svg.contains("Kuwait") && svg.contains("Qatar"));
    assert!(!svg.contains("Poland") && !svg.contains("Senegal"));
    assert!(svg.contains("id=\"tl-test"));
    assert_eq!(get(&some, "shown_countries").as_f64(), Some(2.0));
    assert!(!get(&get(&some, "alt"), "description")
        .as_string()
        .unwrap()
        .is_empty());
}

#[wasm_bindgen_test]
fn figure_charts_draw_a_countrys_figures() {
    let tracker = Tracker::seed().unwrap();
    let charts = Array::from(
        &tracker
            .figure_charts(
                JsValue::from_str("PL"),
                options(&[("width", JsValue::from_f64(400.0))]),
            )
            .unwrap(),
    );
    let ids: Vec<String> = charts
        .iter()
        .map(|c| get(&c, "id").as_string().unwrap())
        .collect();
    assert_eq!(ids, ["pl-work-visas", "pl-workers-employed"]);
    let visas = svg_of(&charts.get(0));
    assert!(visas.contains("147") && visas.contains("129"));
    let table = get(&get(&charts.get(0), "alt"), "table");
    assert_eq!(Array::from(&get(&table, "rows")).length(), 4);
    for code in ["KW", "XX"] {
        let none = tracker
            .figure_charts(JsValue::from_str(code), JsValue::UNDEFINED)
            .unwrap();
        assert_eq!(Array::from(&none).length(), 0, "{code} has no figures");
    }
}

#[wasm_bindgen_test]
fn overview_and_palette_are_plain_data() {
    let tracker = Tracker::seed().unwrap();
    let overview = tracker.overview().unwrap();
    assert_plain_object(&overview);
    assert_eq!(
        get(&overview, "as_of_text").as_string().unwrap(),
        "28 September 2017"
    );
    assert_eq!(get(&overview, "country_count").as_f64().unwrap(), 4.0);
    assert_eq!(
        strings(&get(&overview, "measures"), "key"),
        [
            "residence_restriction",
            "work_permit_freeze",
            "employment_approval_halt",
            "visa_suspension"
        ]
    );
    assert_eq!(
        strings(&get(&overview, "regions"), "label"),
        ["Europe", "Africa", "Middle East"]
    );
    assert_eq!(
        strings(&get(&overview, "resolutions"), "adopted_text"),
        ["5 August 2017", "11 September 2017"]
    );
    for theme in ["light", "dark"] {
        let palette = Tracker::palette(JsValue::from_str(theme)).unwrap();
        assert_plain_object(&palette);
        let colour = get(&palette, "visa_suspension").as_string().unwrap();
        assert!(colour.starts_with('#') && colour.len() == 7, "{colour}");
    }
    assert!(Tracker::palette(JsValue::from_str("pink")).is_err());
    assert!(Tracker::palette(JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn rendering_options_are_checked_not_trusted() {
    type Export = fn(&mut Tracker, JsValue) -> Result<JsValue, JsValue>;
    // Each export with the options it knows.
    let exports: [(&str, Export, &[&str]); 3] = [
        ("mapBase", Tracker::map_base, &["theme", "view", "id"]),
        (
            "mapUpdate",
            Tracker::map_update,
            &["width", "filter", "zoom"],
        ),
        (
            "timelinePart",
            Tracker::timeline_part,
            &["width", "theme", "filter", "id", "max_steps"],
        ),
    ];
    // Bad options, and the option each is about (none: not an object).
    let bad_options = [
        (JsValue::from_str("wide"), None),
        (JsValue::from_f64(600.0), None),
        (Array::new().into(), None),
        (
            options(&[("width", JsValue::from_str("600"))]),
            Some("width"),
        ),
        (
            options(&[("width", JsValue::from_f64(f64::NAN))]),
            Some("width"),
        ),
        (
            options(&[("theme", JsValue::from_str("pink"))]),
            Some("theme"),
        ),
        (
            options(&[("view", JsValue::from_str("moon"))]),
            Some("view"),
        ),
        (options(&[("id", JsValue::from_f64(5.0))]), Some("id")),
        (
            options(&[("max_steps", JsValue::from_str("all"))]),
            Some("max_steps"),
        ),
        (
            options(&[("selected", JsValue::from_f64(1.0))]),
            Some("selected"),
        ),
        (
            options(&[("filter", parse(r#"{"measures": ["nope"]}"#))]),
            Some("filter"),
        ),
        (
            options(&[("colour", JsValue::from_str("red"))]),
            Some("colour"),
        ),
        (options(&[("zoom", JsValue::from_f64(2.0))]), Some("zoom")),
    ];
    let mut tracker = Tracker::seed().unwrap();
    // A base, so that what mapUpdate rejects is its options.
    tracker.map_base(JsValue::NULL).unwrap();
    for (name, export, known) in exports {
        for (bad, key) in &bad_options {
            let error = export(&mut tracker, bad.clone()).expect_err("rejected");
            assert_eq!(get(&error, "kind").as_string().unwrap(), "argument");
            let message = message_of(&error);
            assert!(message.contains(name), "{message}");
            if let Some(key) = key {
                assert!(message.contains(key), "{message}");
                // A known option is checked for its value, not refused as unknown.
                let unknown = message.contains("unknown option");
                assert_eq!(unknown, !known.contains(key), "{message}");
            }
            problems_of(&error);
        }
    }
    assert!(tracker
        .figure_charts(JsValue::from_f64(5.0), JsValue::UNDEFINED)
        .is_err());
    assert!(tracker
        .figure_charts(JsValue::from_str("PL"), JsValue::from_str("x"))
        .is_err());
    // Widths outside 280..=1200 are drawn at the nearest end, not refused.
    let narrow = map_at(&mut tracker, 10.0, "{}");
    assert_eq!(get(&narrow, "width").as_f64(), Some(280.0));
    assert!(svg_of(&narrow).contains("width=\"280\""));
    let wide = tracker
        .timeline_part(options(&[("width", JsValue::from_f64(5000.0))]))
        .unwrap();
    assert!(svg_of(&wide).contains("width=\"1200\""));
    // null and undefined options mean the defaults.
    svg_of(&tracker.map_base(JsValue::NULL).unwrap());
    let drawn = tracker.map_update(JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&drawn, "width").as_f64(), Some(600.0));
    svg_of(&drawn);
    svg_of(&tracker.timeline_part(JsValue::NULL).unwrap());
}

// In-place exports: mapBase + mapUpdate + mapTable, listChanges, timelinePart + timelineTable.

/// `listChanges`' lines as (code, rest) pairs.
fn change_lines(out: &JsValue) -> Vec<(String, Vec<String>)> {
    get(out, "changes")
        .as_string()
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.split('\t').map(str::to_owned);
            (parts.next().unwrap(), parts.collect())
        })
        .collect()
}

#[wasm_bindgen_test]
fn list_changes_say_only_what_a_filter_changed() {
    let mut tracker = Tracker::seed().unwrap();
    let all = tracker.list_changes(JsValue::NULL, JsValue::TRUE).unwrap();
    assert_plain_object(&all);
    assert_eq!(get(&all, "count").as_f64(), Some(4.0));
    assert_eq!(get(&all, "total").as_f64(), Some(4.0));
    let lines = change_lines(&all);
    assert_eq!(lines.len(), 4);
    // Kuwait: residence restriction (bit 1) and visa suspension (bit 4), 3 steps.
    let kw = lines.iter().find(|(c, _)| c == "KW").unwrap();
    assert_eq!(kw.1[0], (1 << 1 | 1 << 4).to_string());
    assert_eq!(kw.1[1], "3");
    // The same filter again: nothing changed.
    let same = tracker.list_changes(JsValue::NULL, JsValue::FALSE).unwrap();
    assert!(change_lines(&same).is_empty());
    // Visa steps only: Poland and Qatar leave, Kuwait changes, Senegal stays as it was.
    let visa = parse(r#"{"measures": ["visa_suspension"]}"#);
    let out = tracker.list_changes(visa, JsValue::FALSE).unwrap();
    assert_eq!(get(&out, "count").as_f64(), Some(2.0));
    let mut lines = change_lines(&out);
    lines.sort();
    let codes: Vec<&str> = lines.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["KW", "PL", "QA"]);
    assert_eq!(lines[0].1[0], (1 << 4).to_string());
    assert!(lines[1].1.is_empty() && lines[2].1.is_empty(), "{lines:?}");
    assert!(tracker
        .list_changes(JsValue::from_str("visa"), JsValue::FALSE)
        .is_err());
}

#[wasm_bindgen_test]
fn the_map_in_layers_updates_and_hit_tests_like_the_full_map() {
    let mut tracker = Tracker::seed().unwrap();
    // No base yet: an error, not a panic.
    assert!(tracker.map_update(JsValue::NULL).is_err());
    assert!(tracker.map_table().unwrap().is_null());
    let base = tracker
        .map_base(options(&[("id", JsValue::from_str("w1"))]))
        .unwrap();
    let svg = svg_of(&base);
    assert!(svg.contains("data-code=\"PL\"") && !svg.contains("has-data"));
    let fills = get(&base, "fills");
    assert_plain_object(&fills);
    assert!(get(&fills, "residence_restriction")
        .as_string()
        .unwrap()
        .starts_with('#'));
    assert!(get(&base, "land").as_string().unwrap().starts_with('#'));

    let update = |tracker: &mut Tracker, width: f64, filter: &str| {
        tracker
            .map_update(options(&[
                ("width", JsValue::from_f64(width)),
                ("filter", parse(filter)),
            ]))
            .unwrap()
    };
    let first = update(&mut tracker, 320.0, "{}");
    assert_plain_object(&first);
    let markers = get(&first, "markers")
        .as_string()
        .expect("markers at a new width");
    assert!(markers.contains("data-code=\"KW\"") && markers.contains("data-code=\"QA\""));
    assert_eq!(Array::from(&get(&first, "crop")).length(), 4);
    let overlay = get(&first, "svg").as_string().unwrap();
    assert!(overlay.contains(">Residence restriction</text>"));
    // The same width: the markers are kept.
    let again = update(&mut tracker, 320.0, r#"{"measures": ["visa_suspension"]}"#);
    assert!(get(&again, "markers").is_null());
    let overlay = get(&again, "svg").as_string().unwrap();
    assert!(overlay.contains(">Visa suspension</text>"));
    assert!(!overlay.contains(">Residence restriction</text>"));
    let table = tracker.map_table().unwrap();
    assert_eq!(Array::from(&get(&table, "rows")).length(), 2);

    // Hit testing follows the layers at their width.
    let native_at = |width: f64, code: &str| {
        let dataset = sanctions_tracker::seed::load().unwrap().dataset;
        let state = sanctions_tracker::chart::map::MapState::all(&dataset);
        let theme = sanctions_tracker::chart::Theme::light();
        let p = sanctions_tracker::chart::map::render_map(&dataset, &state, width, &theme).unwrap();
        let world = sanctions_tracker::geo::world().unwrap();
        p.layout.viewport.to_px(world.shape(code).unwrap().centroid)
    };
    update(&mut tracker, 700.0, "{}");
    let pl = native_at(700.0, "PL");
    let hit = tracker
        .hit_test(JsValue::from_f64(pl.x), JsValue::from_f64(pl.y))
        .unwrap();
    assert_eq!(hit.as_string().as_deref(), Some("PL"));
    update(&mut tracker, 1200.0, "{}");
    let pl = native_at(1200.0, "PL");
    let hit = tracker
        .hit_test(JsValue::from_f64(pl.x), JsValue::from_f64(pl.y))
        .unwrap();
    assert_eq!(hit.as_string().as_deref(), Some("PL"));
    // Unknown options are reported.
    assert!(tracker
        .map_update(options(&[("widht", JsValue::from_f64(1.0))]))
        .is_err());
}

#[wasm_bindgen_test]
fn the_timeline_is_drawn_a_part_at_a_time_and_not_twice() {
    let mut tracker = Tracker::seed().unwrap();
    let part = |tracker: &mut Tracker, max: f64| {
        tracker
            .timeline_part(options(&[
                ("width", JsValue::from_f64(600.0)),
                ("max_steps", JsValue::from_f64(max)),
            ]))
            .unwrap()
    };
    let whole = part(&mut tracker, 200.0);
    assert_plain_object(&whole);
    svg_of(&whole);
    assert_eq!(get(&whole, "shown_countries").as_f64(), Some(4.0));
    assert_eq!(get(&whole, "total_countries").as_f64(), Some(4.0));
    assert_eq!(get(&whole, "total_steps").as_f64(), Some(8.0));
    // The same picture again: no svg.
    assert!(get(&part(&mut tracker, 200.0), "svg").is_null());
    // Four steps: the list's first countries (Poland, 2 steps, then
    // Senegal, 1), not Kuwait's 3 more.
    let four = part(&mut tracker, 4.0);
    let svg = svg_of(&four);
    assert_eq!(get(&four, "shown_countries").as_f64(), Some(2.0));
    assert_eq!(get(&four, "shown_steps").as_f64(), Some(3.0));
    assert!(svg.contains("Poland") && svg.contains("Senegal") && !svg.contains("Kuwait"));
    // At least one country, even over the budget.
    assert_eq!(
        get(&part(&mut tracker, 0.0), "shown_countries").as_f64(),
        Some(1.0)
    );
    let table = tracker.timeline_table().unwrap();
    assert_eq!(Array::from(&get(&table, "rows")).length(), 2);
}

#[wasm_bindgen_test]
fn map_update_zooms_and_says_what_it_drew() {
    // The 35-country fixture: crowded small countries on a phone.
    let text = include_str!("fixtures/tracker-35-v1.json");
    let mut tracker = Tracker::from_json(JsValue::from_str(text)).unwrap();
    tracker.map_base(JsValue::NULL).unwrap();
    let whole = map_at(&mut tracker, 320.0, "{}");
    let zoom = get(&whole, "zoom");
    assert_plain_object(&zoom);
    assert_eq!(get(&zoom, "key").as_string().unwrap(), "whole");
    assert_eq!(get(&zoom, "label").as_string().unwrap(), "Whole map");
    assert_eq!(get(&zoom, "k").as_f64().unwrap(), 1.0);
    let targets: Vec<String> = Array::from(&get(&whole, "targets"))
        .iter()
        .map(|t| get(&t, "key").as_string().unwrap())
        .collect();
    assert_eq!(targets[0], "whole");
    assert!(targets.iter().any(|t| t == "europe"));
    let clusters = Array::from(&get(&whole, "clusters"));
    assert!(clusters.length() > 0, "clusters on a phone");
    let cluster = clusters.get(0);
    let key = get(&cluster, "key").as_string().unwrap();
    assert!(key.starts_with("c:"));
    assert!(Array::from(&get(&cluster, "codes")).length() >= 3);
    let labels = Array::from(&get(&whole, "labels"));
    for l in labels.iter() {
        assert!(get(&l, "code").as_string().is_some());
        assert!(get(&l, "w").as_f64().unwrap() > 0.0);
    }
    // Zoomed to the cluster: a smaller crop of the base, the same picture size.
    let crop = |answer: &JsValue| -> Vec<f64> {
        Array::from(&get(answer, "crop"))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let zoomed = tracker
        .map_update(options(&[
            ("width", JsValue::from_f64(320.0)),
            ("zoom", JsValue::from_str(&key)),
        ]))
        .unwrap();
    assert_eq!(get(&get(&zoomed, "zoom"), "key").as_string().unwrap(), key);
    assert!(get(&get(&zoomed, "zoom"), "k").as_f64().unwrap() > 1.0);
    assert!(crop(&zoomed)[2] < crop(&whole)[2]);
    assert_eq!(
        get(&zoomed, "map_height").as_f64(),
        get(&whole, "map_height").as_f64()
    );
    assert!(get(&zoomed, "markers").as_string().is_some(), "new markers");
    // A key that names nothing draws the whole map.
    let stale = tracker
        .map_update(options(&[
            ("width", JsValue::from_f64(320.0)),
            ("zoom", JsValue::from_str("atlantis")),
        ]))
        .unwrap();
    assert_eq!(
        get(&get(&stale, "zoom"), "key").as_string().unwrap(),
        "whole"
    );
    assert_eq!(crop(&stale), crop(&whole));
}
