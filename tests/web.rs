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
    // A cycle would recurse without end; a function is not data.
    let cyclic = parse(TINY);
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    let with_function = parse(TINY);
    let f = js_sys::Function::new_no_args("return 1");
    Reflect::set(&with_function, &"extra".into(), &f).unwrap();
    for value in [cyclic, with_function] {
        let error = Tracker::from_object(value).err().expect("rejected");
        assert_eq!(get(&error, "kind").as_string().unwrap(), "argument");
        problems_of(&error);
    }
    assert!(Tracker::from_object(parse(TINY)).is_ok());
}

#[wasm_bindgen_test]
fn invalid_data_lists_problems_with_paths() {
    let bad = TINY.replace("\"date\": \"2017-09-27\"", "\"date\": \"2017-13-01\"");
    assert_ne!(bad, TINY);
    let error = Tracker::from_json(JsValue::from_str(&bad))
        .err()
        .expect("rejected");
    assert_eq!(get(&error, "kind").as_string().unwrap(), "invalid");
    let problems = problems_of(&error);
    assert!(
        problems
            .iter()
            .any(|(path, message, severity)| path == "steps[0].date"
                && message.contains("2017-13-01")
                && severity == "error"),
        "{problems:?}"
    );
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
