//! Validation through the public API: one failing input per rule, the
//! warnings, the JSON Schema's agreement with the model and the validator,
//! and a deterministic mutation loop that must never panic.
#![cfg(not(target_arch = "wasm32"))]

use sanctions_tracker::model::{
    Confidence, DatasetKind, FindingKind, Measure, Region, Stage, StepKind, SCHEMA_VERSION,
    SCHEMA_VERSIONS,
};
use sanctions_tracker::validate::{self, load_str, load_value, validate_value};
use sanctions_tracker::{Error, Problem, Severity};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// A small valid dataset that uses every field of the format at least once.
fn sample() -> Value {
    json!({
        "schema_version": 1,
        "meta": {
            "title": "How states curbed North Korean work abroad",
            "summary": "Steps reported after resolutions 2371 and 2375.",
            "publisher": "Example News",
            "byline": "A. Reporter",
            "published": "2017-09-28",
            "as_of": "2017-09-28",
            "source_url": "https://example.org/story",
            "credits": ["B. Helper contributed reporting."],
            "licence": "CC BY 4.0"
        },
        "resolutions": [
            {"id": "2371", "adopted": "2017-08-05", "requires": "No additional workers may be hired."},
            {"id": "2375", "adopted": "2017-09-11", "requires": "Work contracts may not be renewed."}
        ],
        "countries": [
            {"code": "PL", "name": "Poland", "region": "europe"},
            {"code": "KW", "name": "Kuwait", "region": "middle_east"},
            {"code": "SN", "name": "Senegal", "region": "africa"}
        ],
        "steps": [
            {
                "id": "pl-permits",
                "country": "PL",
                "date": "2017-09-27",
                "date_kind": "announced",
                "measure": "work_permit_freeze",
                "description": "No new work permits.",
                "resolutions": ["2371", "2375"],
                "status": "announced",
                "sources": [{
                    "publisher": "Example News",
                    "url": "https://example.org/story",
                    "title": "The story",
                    "date": "2017-09-28",
                    "quote": {"text": "no new permits", "speaker": "Foreign ministry", "translated": true}
                }],
                "note": "The labour ministry's instruction is undated."
            },
            {
                "id": "kw-residency",
                "country": "KW",
                "date": "2017-08",
                "date_kind": "reported",
                "measure": "residence_restriction",
                "description": "Residency permits not renewed.",
                "status": "reported",
                "sources": [{"publisher": "Example News", "url": "http://example.org/kw"}]
            },
            {
                "id": "sn-visas",
                "country": "SN",
                "date": "2017",
                "date_kind": "reported",
                "measure": "visa_suspension",
                "description": "Visas suspended.",
                "status": "in_force",
                "sources": [{"publisher": "Example News", "url": "https://example.org/sn"}]
            }
        ],
        "figures": [
            {
                "id": "pl-workers",
                "country": "PL",
                "metric": "North Korean workers",
                "unit": "workers",
                "kind": "level",
                "values": [
                    {"date": "2016-07", "value": 550},
                    {"date": "2017-01", "value": 400, "approximate": true, "covers": "Government estimate"}
                ],
                "source": {"publisher": "Example News", "url": "https://example.org/story"},
                "note": "Estimates."
            },
            {
                "id": "pl-visas",
                "country": "PL",
                "metric": "Work visas issued",
                "unit": "visas",
                "kind": "per_period",
                "values": [{"date": "2014", "value": 147}, {"date": "2015", "value": 129.0}],
                "source": {"publisher": "Example News", "url": "https://example.org/story"}
            }
        ]
    })
}

/// A small valid version 2 dataset (a compilation) that uses every field
/// version 2 added at least once.
fn sample_v2() -> Value {
    json!({
        "schema_version": 2,
        "meta": {
            "kind": "compilation",
            "title": "Measures against North Korean workers abroad, 2017-2020",
            "summary": "Synthetic test data.",
            "publisher": "Example Desk",
            "byline": "A. Editor",
            "published": "2020-06",
            "as_of": "2020-12-31",
            "source_url": "https://example.org/tracker",
            "credits": ["B. Helper"],
            "licence": "CC BY 4.0",
            "maintainer": "Example Desk data team",
            "updated": "2021-01-15",
            "language": "en",
            "translations": []
        },
        "resolutions": [
            {"id": "2371", "adopted": "2017-08-05", "requires": "No additional workers may be hired."},
            {"id": "2397", "adopted": "2017-12-22", "requires": "Workers repatriated within 24 months."}
        ],
        "countries": [
            {"code": "RU", "name": "Russia", "region": ["europe", "asia"]},
            {"code": "TW", "name": "Taiwan", "region": "asia", "un_member": false},
            {"code": "TR", "name": "Turkey"}
        ],
        "steps": [
            {
                "id": "ru-finding",
                "country": "RU",
                "kind": "finding",
                "finding": "non_compliance",
                "date": {"from": "2019-11", "to": "2020-02"},
                "date_inferred": true,
                "measure": "expulsion",
                "description": "Workers found on a building site.",
                "resolutions": ["unspecified"],
                "confidence": "low",
                "sources": [
                    {"publisher": "Paper A", "url": "https://example.org/a", "title": "Report on sites", "title_inferred": true},
                    {"publisher": "Paper B", "url": "https://example.org/b",
                     "quote": {"text": "Nous n'avons vu personne", "lang": "fr", "translated": false,
                               "translation": {"text": "We saw no one", "lang": "en"}}}
                ],
                "disputes": [
                    {"about": "number of workers", "claims": [
                        {"source": 0, "says": "31 workers"},
                        {"source": 1, "says": "none"}
                    ]}
                ]
            },
            {
                "id": "tw-ban",
                "country": "TW",
                "date": {"from": "2017-08-05"},
                "measure": "work_permit_freeze",
                "description": "No new work permits since the resolution.",
                "resolutions": ["2371"],
                "sources": [{"publisher": "Agency", "url": "https://example.org/tw",
                             "quote": {"text": "No permits are issued."}}]
            },
            {
                "id": "tr-statement",
                "country": "TR",
                "kind": "finding",
                "finding": "no_workers",
                "date": "2019-H2",
                "date_kind": "reported",
                "status": "reported",
                "description": "The government said there were no such workers.",
                "sources": [{"publisher": "Agency", "url": "https://example.org/tr"}]
            }
        ],
        "figures": [
            {
                "id": "ru-workers",
                "country": "RU",
                "metric": "North Korean workers",
                "unit": "workers",
                "kind": "level",
                "values": [
                    {"date": "2017", "value": 30000, "approximate": true, "covers": "Estimate", "source": 0},
                    {"date": "2017", "value": 40000, "source": 1, "note": "Paper B counts seasonal workers."},
                    {"date": "2018-H1", "at_least": 10000, "at_most": 20000, "confidence": "medium", "source": 1},
                    {"date": {"from": "2019-01", "to": "2019-06"}, "value": 9000, "peak": true}
                ],
                "sources": [
                    {"publisher": "Paper A", "url": "https://example.org/a"},
                    {"publisher": "Paper B", "url": "https://example.org/b"}
                ],
                "confidence": "high",
                "note": "Synthetic."
            }
        ]
    })
}

/// The version 2 sample after `change`.
fn changed_v2(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = sample_v2();
    change(&mut v);
    v
}

/// The sample after `change`.
fn changed(change: impl FnOnce(&mut Value)) -> Value {
    let mut v = sample();
    change(&mut v);
    v
}

/// The value at a JSON pointer, for changing it.
fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the sample"))
}

/// Removes the member or item a JSON pointer names.
fn remove(v: &mut Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match at(v, parent) {
        Value::Object(map) => {
            map.remove(last).unwrap();
        }
        Value::Array(items) => {
            items.remove(last.parse().unwrap());
        }
        _ => panic!("{parent} is not a container"),
    }
}

/// Every problem `load_value` reports (warnings of a loaded dataset, or the rejection's list).
fn problems(v: Value) -> Vec<Problem> {
    match load_value(v) {
        Ok(loaded) => loaded.warnings,
        Err(Error::Invalid(problems)) => problems,
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

fn errors(v: Value) -> Vec<Problem> {
    problems(v)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

/// Asserts that loading `v` fails with an error at `path` whose message contains every `needle`.
#[track_caller]
fn assert_error(v: Value, path: &str, needles: &[&str]) {
    let all = problems(v.clone());
    assert!(load_value(v).is_err(), "accepted, problems: {all:#?}");
    let found = all.iter().any(|p| {
        p.severity == Severity::Error
            && p.path == path
            && needles.iter().all(|n| p.message.contains(n))
    });
    assert!(
        found,
        "no error at {path} containing {needles:?}; got {all:#?}"
    );
}

/// Asserts that `v` loads, with a warning at `path` whose message contains every `needle`.
#[track_caller]
fn assert_warning(v: Value, path: &str, needles: &[&str]) {
    let loaded = load_value(v).unwrap_or_else(|e| panic!("rejected: {e}"));
    let found = loaded.warnings.iter().any(|p| {
        p.severity == Severity::Warning
            && p.path == path
            && needles.iter().all(|n| p.message.contains(n))
    });
    assert!(
        found,
        "no warning at {path} containing {needles:?}; got {:#?}",
        loaded.warnings
    );
}

// --- the sample ------------------------------------------------------------

#[test]
fn the_sample_loads_without_problems() {
    let loaded = load_value(sample()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let ds = &loaded.dataset;
    assert_eq!(ds.countries.len(), 3);
    assert_eq!(ds.steps.len(), 3);
    assert_eq!(ds.figures.len(), 2);
    assert_eq!(
        ds.steps[0].sources[0]
            .quote
            .as_ref()
            .unwrap()
            .speaker
            .as_ref()
            .unwrap()
            .as_str(),
        "Foreign ministry"
    );
    assert!(ds.figures[0].values[1].approximate);
    assert_eq!(ds.meta.licence.as_deref(), Some("CC BY 4.0"));
    assert!(validate_value(&sample()).is_empty());
}

#[test]
fn a_loaded_dataset_round_trips() {
    let first = load_value(sample()).unwrap().dataset;
    let again = load_str(&first.to_json_pretty()).unwrap();
    assert!(again.warnings.is_empty());
    assert_eq!(again.dataset, first);
}

// --- errors, one rule at a time --------------------------------------------

#[test]
fn malformed_json_reports_line_and_column() {
    let text = "{\n  \"schema_version\": 1,\n  \"meta\": {,}\n}";
    match load_str(text) {
        Err(Error::Json {
            line,
            column,
            message,
        }) => {
            assert_eq!((line, column), (3, 12), "{message}");
            assert!(!message.is_empty());
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    let Err(Error::Json { line, column, .. }) = load_str("{\"a\": \"ünterminated") else {
        panic!("expected a JSON error");
    };
    // serde_json points at the last character it read (the 20th byte, the 19th character).
    assert_eq!((line, column), (1, 19));
    let Err(e) = load_str("") else { panic!() };
    assert!(e.to_string().contains("line 1"), "{e}");
    // The problem list the browser shows gets the position too.
    let Err(e) = load_str("[1,]") else { panic!() };
    assert_eq!(e.problems()[0].path, "$");
    assert!(e.problems()[0].message.contains("column 4"), "{e}");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{}", sample());
    assert!(load_str(&text).is_ok());
}

#[test]
fn columns_count_characters_not_bytes_or_utf16_units() {
    // The x is the 6th character of line 2 (8th byte, 7th UTF-16 unit).
    let Err(Error::Json { line, column, .. }) = load_str("{\n\"é😀\" x}") else {
        panic!("expected a JSON error");
    };
    assert_eq!((line, column), (2, 6));
}

#[test]
fn wrong_types_are_errors() {
    assert_error(json!([]), "$", &["expected a dataset", "an empty array"]);
    assert_error(json!("x"), "$", &["expected a dataset", "\"x\""]);
    assert_error(
        changed(|v| *at(v, "/meta/title") = json!(42)),
        "meta.title",
        &["expected text", "the number 42"],
    );
    assert_error(
        changed(|v| *at(v, "/meta") = json!([])),
        "meta",
        &["an object", "an empty array"],
    );
    assert_error(
        changed(|v| *at(v, "/steps") = json!({})),
        "steps",
        &["an array", "found an object"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/1") = json!("kw")),
        "steps[1]",
        &["a step (an object)"],
    );
    assert_error(
        changed(|v| *at(v, "/meta/credits/0") = json!(true)),
        "meta.credits[0]",
        &["found true"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/sources/0/quote/translated") = json!("yes")),
        "steps[0].sources[0].quote.translated",
        &["true or false", "\"yes\""],
    );
    assert_error(
        changed(|v| *at(v, "/countries/0/code") = json!(616)),
        "countries[0].code",
        &["the number 616"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/resolutions/0") = json!(2371)),
        "steps[0].resolutions[0]",
        &["the number 2371", "\"2371\""],
    );
}

#[test]
fn missing_required_fields_are_errors() {
    assert_error(
        changed(|v| remove(v, "/meta/title")),
        "meta.title",
        &["missing required field"],
    );
    assert_error(
        changed(|v| remove(v, "/steps/2/date")),
        "steps[2].date",
        &["missing required field", "YYYY"],
    );
    assert_error(
        changed(|v| remove(v, "/figures/0/source/url")),
        "figures[0].source.url",
        &["missing required field", "http"],
    );
    assert_error(
        changed(|v| *at(v, "/meta/title") = Value::Null),
        "meta.title",
        &["found null"],
    );
}

#[test]
fn empty_required_text_is_an_error() {
    assert_error(
        changed(|v| *at(v, "/meta/title") = json!("   ")),
        "meta.title",
        &["empty", "\"   \""],
    );
    assert_error(
        changed(|v| *at(v, "/steps/1/description") = json!("")),
        "steps[1].description",
        &["empty"],
    );
    assert_error(
        changed(|v| *at(v, "/countries/2/name") = json!("\t\n")),
        "countries[2].name",
        &["empty"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/id") = json!(" ")),
        "steps[0].id",
        &["empty"],
    );
    // Optional text, when given, must not be empty either.
    assert_error(
        changed(|v| *at(v, "/steps/0/note") = json!("")),
        "steps[0].note",
        &["empty"],
    );
}

#[test]
fn unknown_enum_values_list_the_allowed_ones() {
    let measures: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
    assert_error(
        changed(|v| *at(v, "/steps/0/measure") = json!("ban")),
        "steps[0].measure",
        &measures,
    );
    let regions: Vec<&str> = Region::ALL.iter().map(|r| r.key()).collect();
    assert_error(
        changed(|v| *at(v, "/countries/1/region") = json!("gulf")),
        "countries[1].region",
        &regions,
    );
    let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
    assert_error(
        changed(|v| *at(v, "/steps/1/date_kind") = json!("effective")),
        "steps[1].date_kind",
        &stages,
    );
    assert_error(
        changed(|v| *at(v, "/steps/1/status") = json!("done")),
        "steps[1].status",
        &stages,
    );
    assert_error(
        changed(|v| *at(v, "/figures/1/kind") = json!("bars")),
        "figures[1].kind",
        &["per_period", "level"],
    );
    // A near miss gets a suggestion.
    assert_error(
        changed(|v| *at(v, "/steps/1/status") = json!("In force")),
        "steps[1].status",
        &["did you mean \"in_force\"?"],
    );
}

#[test]
fn country_codes_must_be_iso_alpha2() {
    let lower = changed(|v| {
        *at(v, "/countries/0/code") = json!("pl");
        for p in [
            "/steps/0/country",
            "/figures/0/country",
            "/figures/1/country",
        ] {
            *at(v, p) = json!("pl");
        }
    });
    assert_error(
        lower,
        "countries[0].code",
        &["\"pl\"", "upper case", "\"PL\""],
    );
    for bad in ["XX", "POL", "P1", "", "PLN"] {
        let v = changed(|v| *at(v, "/countries/2/code") = json!(bad));
        let path = "countries[2].code";
        assert!(errors(v).iter().any(|p| p.path == path), "{bad:?} accepted");
    }
    assert_error(
        changed(|v| *at(v, "/countries/2/code") = json!("XX")),
        "countries[2].code",
        &["ISO 3166-1 alpha-2"],
    );
}

#[test]
fn references_must_resolve() {
    assert_error(
        changed(|v| *at(v, "/steps/1/country") = json!("JP")),
        "steps[1].country",
        &["\"JP\"", "not one of the dataset's countries", "PL, KW, SN"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/1/country") = json!("QA")),
        "figures[1].country",
        &["\"QA\""],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/resolutions/1") = json!("2397")),
        "steps[0].resolutions[1]",
        &["\"2397\"", "2371, 2375"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/country") = json!("pl")),
        "steps[0].country",
        &["did you mean \"PL\"?"],
    );
    // Without any resolutions, a step's resolution cannot resolve.
    let none = changed(|v| {
        v.as_object_mut().unwrap().remove("resolutions");
    });
    assert_error(none, "steps[0].resolutions[0]", &["has none"]);
}

#[test]
fn duplicate_ids_are_errors() {
    assert_error(
        changed(|v| *at(v, "/steps/2/id") = json!("pl-permits")),
        "steps[2].id",
        &["duplicate", "\"pl-permits\"", "steps[0]"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/1/id") = json!("pl-workers")),
        "figures[1].id",
        &["duplicate", "figures[0]"],
    );
    assert_error(
        changed(|v| *at(v, "/countries/2/code") = json!("KW")),
        "countries[2].code",
        &["duplicate", "countries[1]"],
    );
    assert_error(
        changed(|v| *at(v, "/resolutions/1/id") = json!("2371")),
        "resolutions[1].id",
        &["duplicate", "resolutions[0]"],
    );
    // A step and a figure may share an id: they are different lists.
    assert!(load_value(changed(|v| *at(v, "/figures/0/id") = json!("pl-permits"))).is_ok());
}

#[test]
fn impossible_dates_are_errors() {
    assert_error(
        changed(|v| *at(v, "/steps/0/date") = json!("2017-13-01")),
        "steps[0].date",
        &["\"2017-13-01\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"],
    );
    assert_error(
        changed(|v| *at(v, "/resolutions/0/adopted") = json!("2017-02-29")),
        "resolutions[0].adopted",
        &["no such"],
    );
    assert_error(
        changed(|v| *at(v, "/meta/published") = json!("28 Sep 2017")),
        "meta.published",
        &["is not a date"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/0/values/0/date") = json!("2016-7")),
        "figures[0].values[0].date",
        &["is not a date"],
    );
    assert_error(
        changed(|v| *at(v, "/steps/0/sources/0/date") = json!(2017)),
        "steps[0].sources[0].date",
        &["the number 2017"],
    );
}

#[test]
fn urls_must_be_http_with_a_host() {
    for bad in [
        "ftp://example.org/x",
        "example.org/story",
        "https://",
        "https:// example.org",
        "mailto:a@b.org",
    ] {
        assert_error(
            changed(|v| *at(v, "/meta/source_url") = json!(bad)),
            "meta.source_url",
            &["http"],
        );
        assert_error(
            changed(|v| *at(v, "/steps/1/sources/0/url") = json!(bad)),
            "steps[1].sources[0].url",
            &["http"],
        );
    }
}

#[test]
fn only_schema_versions_1_and_2_are_read() {
    // Version 2 was added by issue 10: 1 and 2 are read, nothing else.
    assert_eq!(SCHEMA_VERSION, 2);
    assert_eq!(SCHEMA_VERSIONS, [1, 2]);
    assert!(load_value(changed(|v| *at(v, "/schema_version") = json!(2))).is_ok());
    assert_error(
        changed(|v| *at(v, "/schema_version") = json!(3)),
        "schema_version",
        &["3", "not supported", "reads schema_version 1 or 2"],
    );
    assert_error(
        changed(|v| *at(v, "/schema_version") = json!("1")),
        "schema_version",
        &["\"1\""],
    );
    assert_error(
        changed(|v| remove(v, "/schema_version")),
        "schema_version",
        &["missing"],
    );
}

#[test]
fn a_step_needs_a_source() {
    assert_error(
        changed(|v| *at(v, "/steps/2/sources") = json!([])),
        "steps[2].sources",
        &["no sources"],
    );
}

#[test]
fn a_figure_needs_values_with_distinct_dates() {
    assert_error(
        changed(|v| *at(v, "/figures/1/values") = json!([])),
        "figures[1].values",
        &["no values"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/1/values/1/date") = json!("2014")),
        "figures[1].values[1].date",
        &["duplicate date \"2014\"", "values[0]"],
    );
}

#[test]
fn counts_must_be_numbers_of_zero_or_more() {
    let path = "figures[0].values[1].value";
    assert_error(
        changed(|v| *at(v, "/figures/0/values/1/value") = json!(-1)),
        path,
        &["-1 is negative"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/0/values/1/value") = json!("400")),
        path,
        &["\"400\"", "without quotes"],
    );
    assert_error(
        changed(|v| *at(v, "/figures/0/values/1/value") = json!("about 400")),
        path,
        &["expected a number"],
    );
    // JSON has no NaN or Infinity; a JS NaN reaches the validator as null.
    assert_error(
        changed(|v| *at(v, "/figures/0/values/1/value") = Value::Null),
        path,
        &["found null"],
    );
    assert!(load_str(r#"{"a": NaN}"#).is_err());
    assert!(load_str(r#"{"a": 1e999}"#).is_err());
}

#[test]
fn a_quote_needs_text_and_speaker() {
    let quote = "/steps/0/sources/0/quote";
    assert_error(
        changed(|v| *at(v, &format!("{quote}/text")) = json!("")),
        "steps[0].sources[0].quote.text",
        &["empty"],
    );
    assert_error(
        changed(|v| remove(v, &format!("{quote}/speaker"))),
        "steps[0].sources[0].quote.speaker",
        &["missing"],
    );
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let v = changed(|v| {
        *at(v, "/schema_version") = json!(3);
        *at(v, "/meta/published") = json!("2017-02-30");
        *at(v, "/countries/0/region") = json!("nowhere");
        *at(v, "/steps/0/date") = json!("soon");
        *at(v, "/steps/1/measure") = json!(7);
        *at(v, "/steps/2/sources/0/url") = json!("ftp://x");
        *at(v, "/figures/0/values/0/value") = json!(-5);
        *at(v, "/figures/1/kind") = json!("pie");
    });
    let paths: BTreeSet<String> = errors(v).into_iter().map(|p| p.path).collect();
    let expected: BTreeSet<String> = [
        "schema_version",
        "meta.published",
        "countries[0].region",
        "steps[0].date",
        "steps[1].measure",
        "steps[2].sources[0].url",
        "figures[0].values[0].value",
        "figures[1].kind",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(paths, expected);
}

#[test]
fn a_rejection_carries_warnings_too() {
    let v = changed(|v| {
        *at(v, "/steps/0/date") = json!("2017-13");
        at(v, "/meta")
            .as_object_mut()
            .unwrap()
            .insert("subtitle".into(), json!("x"));
    });
    let Err(Error::Invalid(all)) = load_value(v) else {
        panic!("accepted")
    };
    assert!(all
        .iter()
        .any(|p| p.severity == Severity::Error && p.path == "steps[0].date"));
    assert!(all
        .iter()
        .any(|p| p.severity == Severity::Warning && p.path == "meta.subtitle"));
    // Display lists the errors only, one per line.
    let text = Error::Invalid(all).to_string();
    assert!(
        text.contains("1 error(s)") && text.contains("steps[0].date"),
        "{text}"
    );
}

#[test]
fn null_in_an_optional_field_means_absent() {
    // A JS object with `undefined` members reaches the validator with nulls.
    let v = changed(|v| {
        *at(v, "/meta/summary") = Value::Null;
        *at(v, "/meta/credits") = Value::Null;
        *at(v, "/steps/0/resolutions") = Value::Null;
        *at(v, "/steps/0/sources/0/quote/translated") = Value::Null;
        *at(v, "/figures/0/values/1/approximate") = Value::Null;
        *at(v, "/figures") = Value::Null;
    });
    let loaded = load_value(v).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let ds = loaded.dataset;
    assert_eq!(ds.meta.summary, None);
    assert!(
        ds.meta.credits.is_empty() && ds.steps[0].resolutions.is_empty() && ds.figures.is_empty()
    );
    assert!(!ds.steps[0].sources[0].quote.as_ref().unwrap().translated);
}

// --- warnings ----------------------------------------------------------------

#[test]
fn unknown_fields_are_warnings_with_a_suggestion() {
    let v = changed(|v| {
        let step = at(v, "/steps/0").as_object_mut().unwrap();
        let description = step.remove("description").unwrap();
        step.insert("descripton".into(), description);
    });
    // The misspelt field is also a missing one: an error, and the warning says why.
    assert_error(v.clone(), "steps[0].description", &["missing"]);
    assert!(problems(v)
        .iter()
        .any(|p| p.path == "steps[0].descripton"
            && p.message.contains("did you mean \"description\"?")));
    let v = changed(|v| {
        at(v, "/countries/0")
            .as_object_mut()
            .unwrap()
            .insert("population".into(), json!(38));
    });
    assert_warning(
        v,
        "countries[0].population",
        &["unknown field", "code, name, region"],
    );
    let v = changed(|v| {
        v.as_object_mut()
            .unwrap()
            .insert("weird key".into(), json!(1));
    });
    assert_warning(v, "$[\"weird key\"]", &["unknown field"]);
}

#[test]
fn a_country_without_steps_or_figures_is_a_warning() {
    let v = changed(|v| {
        at(v, "/countries")
            .as_array_mut()
            .unwrap()
            .push(json!({"code": "QA", "name": "Qatar", "region": "middle_east"}));
    });
    assert_warning(v, "countries[3]", &["\"QA\"", "no steps and no figures"]);
}

#[test]
fn dates_after_the_dataset_date_are_warnings() {
    assert_warning(
        changed(|v| *at(v, "/steps/1/date") = json!("2017-10")),
        "steps[1].date",
        &["after", "meta.as_of"],
    );
    // A month that contains the as-of day is not after it.
    assert!(
        load_value(changed(|v| *at(v, "/steps/1/date") = json!("2017-09")))
            .unwrap()
            .warnings
            .is_empty()
    );
    let v = changed(|v| {
        remove(v, "/meta/as_of");
        *at(v, "/figures/1/values/1/date") = json!("2018");
    });
    assert_warning(v, "figures[1].values[1].date", &["after", "meta.published"]);
}

#[test]
fn figure_values_out_of_order_are_a_warning() {
    let v = changed(|v| {
        *at(v, "/figures/1/values") =
            json!([{"date": "2015", "value": 1}, {"date": "2014", "value": 2}]);
    });
    assert_warning(v, "figures[1].values[1].date", &["date order"]);
}

#[test]
fn an_odd_date_kind_and_status_is_a_warning() {
    assert_warning(
        changed(|v| *at(v, "/steps/0/date_kind") = json!("in_force")),
        "steps[0]",
        &["in_force", "announced"],
    );
}

#[test]
fn a_resolution_listed_twice_is_a_warning() {
    assert_warning(
        changed(|v| *at(v, "/steps/0/resolutions") = json!(["2371", "2371"])),
        "steps[0].resolutions[1]",
        &["twice"],
    );
}

// --- robustness ----------------------------------------------------------------

#[test]
fn deep_nesting_never_panics() {
    // Beyond serde_json's recursion limit: a syntax error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(load_str(&deep), Err(Error::Json { .. })));
    // Nested within the limit in an unknown field: a warning, and the data loads.
    let nested = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let mut v = sample();
    v.as_object_mut()
        .unwrap()
        .insert("extra".into(), serde_json::from_str(&nested).unwrap());
    assert_eq!(load_value(v).unwrap().warnings.len(), 1);
}

#[test]
fn wrong_types_everywhere_never_panic() {
    let kinds = [
        json!(null),
        json!(true),
        json!(-1.5),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        json!([null]),
    ];
    for kind in &kinds {
        assert!(!validate_value(kind).is_empty());
        let mut v = sample();
        // Replace every member of every object at every depth by this kind.
        let pointers = pointers(&v);
        for p in &pointers {
            if let Some(slot) = v.pointer_mut(p) {
                *slot = kind.clone();
            }
        }
        let all = problems(v);
        assert!(all
            .iter()
            .all(|p| !p.path.is_empty() && !p.message.is_empty()));
    }
}

#[test]
fn a_large_dataset_loads() {
    let mut v = sample();
    let steps = at(&mut v, "/steps").as_array_mut().unwrap();
    let template = steps[1].clone();
    for i in 0..20_000 {
        let mut step = template.clone();
        step["id"] = json!(format!("kw-{i}"));
        steps.push(step);
    }
    let loaded = load_value(v).unwrap();
    assert_eq!(loaded.dataset.steps.len(), 20_003);
    // The same size, all wrong: every error is listed.
    let mut v = sample();
    let steps = at(&mut v, "/steps").as_array_mut().unwrap();
    for _ in 0..20_000 {
        steps.push(json!({"id": 1}));
    }
    let errors = errors(v);
    // Per bad step: id type, and seven missing required fields.
    assert_eq!(errors.len(), 20_000 * 8);
}

/// Every JSON pointer in `v`, parents before children.
fn pointers(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), v)];
    while let Some((p, v)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    stack.push((format!("{p}/{k}"), child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((format!("{p}/{i}"), child));
                }
            }
            _ => {}
        }
        if !p.is_empty() {
            out.push(p);
        }
    }
    out.sort_by_key(|p| p.matches('/').count());
    out
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The sample with one to three random changes: a field deleted, a value of
/// another type, a value copied from elsewhere, an array item duplicated.
fn mutant(rng: &mut Rng) -> Value {
    mutant_of(sample(), rng)
}

/// `v` with one to three random changes, as [`mutant`] makes them.
fn mutant_of(mut v: Value, rng: &mut Rng) -> Value {
    let replacements = [
        json!(null),
        json!(false),
        json!(0),
        json!(-3),
        json!(2.5),
        json!(""),
        json!(" "),
        json!("x"),
        json!("2017-02-30"),
        json!([]),
        json!({}),
    ];
    for _ in 0..=rng.below(3) {
        let pointers = pointers(&v);
        let Some(p) = pointers.get(rng.below(pointers.len().max(1))).cloned() else {
            break;
        };
        match rng.below(4) {
            0 => remove(&mut v, &p),
            1 => *at(&mut v, &p) = replacements[rng.below(replacements.len())].clone(),
            2 => {
                let other = pointers[rng.below(pointers.len())].clone();
                let copy = at(&mut v, &other).clone();
                *at(&mut v, &p) = copy;
            }
            _ => {
                let (parent, _) = p.rsplit_once('/').unwrap();
                if let Value::Array(items) = at(&mut v, parent) {
                    let item = items[0].clone();
                    items.push(item);
                }
            }
        }
    }
    v
}

#[test]
fn random_mutations_never_panic_and_always_have_paths() {
    let mut rng = Rng(0x5eed_2017_0928_0001);
    let (mut rejected, mut accepted) = (0, 0);
    for _ in 0..2_000 {
        let v = mutant(&mut rng);
        let listed = validate_value(&v);
        // The widget's path (text, parsed into the untyped tree) finds the same.
        let from_text = load_str(&v.to_string());
        match (&from_text, load_value(v.clone())) {
            (Ok(a), Ok(b)) => assert_eq!((&a.dataset, &a.warnings), (&b.dataset, &b.warnings)),
            (Err(a), Err(b)) => assert_eq!(a, &b),
            (a, b) => panic!("text and value disagree: {a:?} / {b:?} for {v}"),
        }
        match from_text {
            Ok(loaded) => {
                accepted += 1;
                assert!(listed.iter().all(|p| p.severity == Severity::Warning));
                assert_eq!(loaded.warnings, listed);
            }
            Err(Error::Invalid(problems)) => {
                rejected += 1;
                assert!(problems.iter().any(|p| p.severity == Severity::Error));
                for p in &problems {
                    assert!(!p.path.is_empty() && !p.message.is_empty(), "{p:?}");
                }
                // Every rejection is explained by a rule, never by data that
                // passed its checks but could not be built.
                assert!(listed.iter().any(|p| p.severity == Severity::Error));
                assert!(problems
                    .iter()
                    .all(|p| !p.message.contains("could not be read")));
                assert_eq!(problems, listed);
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        rejected > 1_000 && accepted > 100,
        "{rejected} rejected, {accepted} accepted"
    );
}

/// Checks what every load of text promises: a clean error or a dataset, never
/// a panic; a syntax error has a position inside the text.
#[track_caller]
fn check_text(text: &str) -> Result<(), Error> {
    match load_str(text) {
        Ok(_) => Ok(()),
        Err(Error::Json {
            line,
            column,
            message,
        }) => {
            let lines = text.split('\n').count();
            assert!(
                line >= 1 && line <= lines,
                "line {line} of {lines}: {message}"
            );
            let length = text.split('\n').nth(line - 1).unwrap().chars().count();
            assert!(
                column >= 1 && column <= length + 1,
                "column {column} of {length}: {message}"
            );
            assert!(
                !message.is_empty() && !message.contains(" at line"),
                "{message}"
            );
            Err(Error::Json {
                line,
                column,
                message,
            })
        }
        Err(Error::Invalid(problems)) => {
            assert!(problems.iter().any(|p| p.severity == Severity::Error));
            Err(Error::Invalid(problems))
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn truncated_and_garbled_text_never_panics() {
    let text = serde_json::to_string_pretty(&sample()).unwrap();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Every prefix (a download cut short) is a syntax error, except the whole.
    for &(i, _) in &chars {
        assert!(
            matches!(check_text(&text[..i]), Err(Error::Json { .. })),
            "prefix of {i} bytes"
        );
    }
    assert!(check_text(&text).is_ok());
    // One character replaced, inserted or deleted, at random places.
    let garbage = [
        '{', '}', '[', ']', '"', ',', ':', '\\', '\n', '\u{0}', 'x', '0', '-', 'é', '😀', ' ', 'n',
    ];
    let mut rng = Rng(0x5eed_2017_0928_0002);
    let (mut syntax, mut invalid, mut fine) = (0, 0, 0);
    for _ in 0..3_000 {
        let at = chars[rng.below(chars.len())].0;
        let c = garbage[rng.below(garbage.len())];
        let next = text[at..].chars().next().map_or(0, char::len_utf8);
        let changed = match rng.below(3) {
            0 => format!("{}{c}{}", &text[..at], &text[at + next..]),
            1 => format!("{}{c}{}", &text[..at], &text[at..]),
            _ => format!("{}{}", &text[..at], &text[at + next..]),
        };
        match check_text(&changed) {
            Ok(()) => fine += 1,
            Err(Error::Json { .. }) => syntax += 1,
            Err(_) => invalid += 1,
        }
    }
    assert!(
        syntax > 1_000 && invalid > 100 && fine > 100,
        "{syntax} syntax, {invalid} invalid, {fine} fine"
    );
    // Not JSON at all.
    for text in [
        "",
        "\u{feff}",
        "nul",
        "[",
        "{",
        "\"",
        "{\"schema_version\": 1",
        "[]]",
        "<html>",
        "\u{0}",
    ] {
        assert!(check_text(text).is_err(), "{text:?}");
    }
}

#[test]
fn nesting_is_bounded_in_text() {
    let limit = sanctions_tracker::untyped::MAX_DEPTH;
    let with_extra = |depth: usize| {
        let mut v = sample();
        v.as_object_mut()
            .unwrap()
            .insert("extra".into(), json!("HERE"));
        // One level is the dataset object itself.
        let nested = format!("{}{}", "[".repeat(depth - 1), "]".repeat(depth - 1));
        v.to_string().replace("\"HERE\"", &nested)
    };
    let loaded = load_str(&with_extra(limit)).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let Err(Error::Json { message, .. }) = load_str(&with_extra(limit + 1)) else {
        panic!("nesting past the limit is accepted")
    };
    assert_eq!(message, format!("nested more than {limit} levels deep"));
}

#[test]
fn a_field_given_twice_is_an_error() {
    let text = sample().to_string().replacen(
        "\"title\":\"The story\"",
        "\"title\":\"The story\",\"title\":\"Another\"",
        1,
    );
    assert!(text.contains("Another"));
    let Err(Error::Invalid(problems)) = load_str(&text) else {
        panic!("a key given twice is accepted")
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].path, "steps[0].sources[0].title");
    assert!(problems[0].message.contains("given twice"), "{problems:?}");
    // Also in an object with many members, and for unknown fields.
    let mut v = sample();
    let meta = at(&mut v, "/meta").as_object_mut().unwrap();
    for i in 0..20 {
        meta.insert(format!("x{i}"), json!(i));
    }
    let text = v.to_string().replacen("\"x7\":7", "\"x7\":7,\"x7\":8", 1);
    let Err(Error::Invalid(problems)) = load_str(&text) else {
        panic!("a key given twice is accepted")
    };
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{problems:#?}");
    assert_eq!(errors[0].path, "meta.x7");
    assert_eq!(problems.len(), 21, "20 unknown fields and the repeat");
}

#[test]
fn unknown_fields_are_reported_in_source_order() {
    let text = sample().to_string().replacen(
        "\"schema_version\":1",
        "\"zeta\":1,\"schema_version\":1,\"alpha\":2",
        1,
    );
    let warnings = load_str(&text).unwrap().warnings;
    let paths: Vec<&str> = warnings.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["zeta", "alpha"]);
}

#[test]
fn the_version_may_be_written_as_a_decimal() {
    // JSON.parse and JSON Schema read 1.0 as 1.
    let text = sample()
        .to_string()
        .replacen("\"schema_version\":1", "\"schema_version\":1.0", 1);
    assert!(load_str(&text).is_ok());
    assert_error(
        changed(|v| *at(v, "/schema_version") = json!(1.5)),
        "schema_version",
        &["1.5", "not supported"],
    );
}

// --- the JSON Schema ---------------------------------------------------------

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/dataset.schema.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The field list the validator knows for each object of the schema.
fn validator_fields(def: &str) -> &'static [&'static str] {
    match def {
        "dataset" => validate::DATASET_FIELDS,
        "meta" => validate::META_FIELDS,
        "resolution" => validate::RESOLUTION_FIELDS,
        "country" => validate::COUNTRY_FIELDS,
        "step" => validate::STEP_FIELDS,
        "source" => validate::SOURCE_FIELDS,
        "quote" => validate::QUOTE_FIELDS,
        "figure" => validate::FIGURE_FIELDS,
        "figure_value" => validate::FIGURE_VALUE_FIELDS,
        "dispute" => validate::DISPUTE_FIELDS,
        "claim" => validate::CLAIM_FIELDS,
        "translation" => validate::TRANSLATION_FIELDS,
        "period" => validate::PERIOD_FIELDS,
        other => panic!("no validator field list for {other}"),
    }
}

/// A checker for the part of JSON Schema 2020-12 the schema file uses. It
/// refuses any keyword it does not know, so it cannot silently skip a rule.
struct SchemaChecker {
    root: Value,
    patterns: HashMap<String, regex::Regex>,
}

impl SchemaChecker {
    fn new() -> Self {
        SchemaChecker {
            root: schema(),
            patterns: HashMap::new(),
        }
    }

    /// `(name, schema)` behind a `$ref` (`#/$defs/name`), else the schema itself.
    fn resolve<'a>(&'a self, schema: &'a Value) -> (Option<&'a str>, &'a Value) {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/$defs/").expect("local $defs refs only");
                (Some(name), &self.root["$defs"][name])
            }
            None => (None, schema),
        }
    }

    /// Whether `value` conforms; the path of the first failure otherwise.
    fn check(&mut self, schema: &Value, value: &Value, path: &str) -> Result<(), String> {
        // `false` rejects everything (a field version 1 does not have), `true` nothing.
        if let Some(ok) = schema.as_bool() {
            return if ok {
                Ok(())
            } else {
                Err(format!("{path}: not allowed"))
            };
        }
        let schema = schema.as_object().expect("a schema is an object");
        for (keyword, rule) in schema {
            let ok = match keyword.as_str() {
                "$schema" | "$defs" | "title" | "description" | "examples" | "format" => true,
                "$ref" => {
                    // Siblings of $ref here are annotations only.
                    assert!(schema.keys().all(|k| k == "$ref" || k == "description"));
                    let name = rule
                        .as_str()
                        .unwrap()
                        .strip_prefix("#/$defs/")
                        .expect("local $defs refs only");
                    let target = self.root["$defs"][name].clone();
                    return self.check(&target, value, path);
                }
                "type" => match rule.as_str().expect("single types only") {
                    "object" => value.is_object(),
                    "array" => value.is_array(),
                    "string" => value.is_string(),
                    "number" => value.is_number(),
                    "boolean" => value.is_boolean(),
                    "integer" => value.is_u64() || value.is_i64(),
                    other => panic!("type {other}"),
                },
                "if" => {
                    let branch = if self.check(rule, value, path).is_ok() {
                        schema.get("then")
                    } else {
                        schema.get("else")
                    };
                    if let Some(branch) = branch {
                        self.check(branch, value, path)?;
                    }
                    true
                }
                // Checked with their "if".
                "then" | "else" => true,
                "anyOf" => rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| self.check(s, value, path).is_ok()),
                "oneOf" => {
                    rule.as_array()
                        .unwrap()
                        .iter()
                        .filter(|s| self.check(s, value, path).is_ok())
                        .count()
                        == 1
                }
                "not" => self.check(rule, value, path).is_err(),
                "maxItems" => value
                    .as_array()
                    .map_or(true, |a| a.len() as u64 <= rule.as_u64().unwrap()),
                "uniqueItems" => {
                    assert_eq!(rule, &json!(true));
                    value.as_array().map_or(true, |a| {
                        a.iter()
                            .enumerate()
                            .all(|(i, x)| !a.iter().take(i).any(|y| y == x))
                    })
                }
                "const" => value == rule,
                "enum" => rule.as_array().unwrap().contains(value),
                "pattern" => match value.as_str() {
                    Some(s) => {
                        let pattern = rule.as_str().unwrap().to_owned();
                        let re = self
                            .patterns
                            .entry(pattern.clone())
                            .or_insert_with(|| regex::Regex::new(&pattern).unwrap());
                        re.is_match(s)
                    }
                    None => true,
                },
                "minimum" => value.as_f64().map_or(true, |x| x >= rule.as_f64().unwrap()),
                "minItems" => value
                    .as_array()
                    .map_or(true, |a| a.len() as u64 >= rule.as_u64().unwrap()),
                "required" => match value.as_object() {
                    Some(map) => rule
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|k| map.contains_key(k.as_str().unwrap())),
                    None => true,
                },
                "additionalProperties" => match value.as_object() {
                    // false: no member but the properties; a schema: every other member matches it.
                    Some(map) if rule == &json!(false) => map
                        .keys()
                        .all(|k| schema.get("properties").and_then(|p| p.get(k)).is_some()),
                    Some(map) => {
                        for (k, member) in map {
                            if schema.get("properties").and_then(|p| p.get(k)).is_none() {
                                self.check(rule, member, &format!("{path}/{k}"))?;
                            }
                        }
                        true
                    }
                    None => true,
                },
                "propertyNames" => match value.as_object() {
                    Some(map) => {
                        for k in map.keys() {
                            self.check(rule, &json!(k), &format!("{path}/{k} (name)"))?;
                        }
                        true
                    }
                    None => true,
                },
                "minProperties" => value
                    .as_object()
                    .map_or(true, |m| m.len() as u64 >= rule.as_u64().unwrap()),
                "properties" => {
                    if let Some(map) = value.as_object() {
                        for (k, member) in map {
                            if let Some(s) = rule.get(k) {
                                self.check(s, member, &format!("{path}/{k}"))?;
                            }
                        }
                    }
                    true
                }
                "items" => {
                    if let Some(items) = value.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            self.check(rule, item, &format!("{path}/{i}"))?;
                        }
                    }
                    true
                }
                other => panic!("the schema uses {other:?}, which this checker does not know"),
            };
            if !ok {
                return Err(format!("{path}: fails {keyword}"));
            }
        }
        Ok(())
    }

    fn conforms(&mut self, value: &Value) -> Result<(), String> {
        let root = self.root.clone();
        self.check(&root, value, "")
    }
}

/// Removes null object members (the validator reads them as absent fields).
fn without_null_members(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|_, m| !m.is_null());
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// Visits every object of `value` with the schema definition it is checked by:
/// `(definition name, definition, JSON pointer, validator path)`.
fn walk_objects(
    checker: &SchemaChecker,
    name: &str,
    schema: &Value,
    value: &Value,
    pointer: &str,
    path: &str,
    visit: &mut dyn FnMut(&str, &Value, &str, &str),
) {
    let (def, schema) = checker.resolve(schema);
    let name = def.unwrap_or(name);
    match value {
        Value::Object(map) if schema.get("properties").is_some() => {
            visit(name, schema, pointer, path);
            for (k, member) in map {
                let member_schema = &schema["properties"][k];
                let sep = if path.is_empty() { "" } else { "." };
                walk_objects(
                    checker,
                    k,
                    member_schema,
                    member,
                    &format!("{pointer}/{k}"),
                    &format!("{path}{sep}{k}"),
                    visit,
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_objects(
                    checker,
                    name,
                    &schema["items"],
                    item,
                    &format!("{pointer}/{i}"),
                    &format!("{path}[{i}]"),
                    visit,
                );
            }
        }
        _ => {}
    }
}

#[test]
fn schema_enums_and_version_equal_the_model() {
    let s = schema();
    let keys = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect()
    };
    let model = |keys: &[&str]| -> Vec<String> { keys.iter().map(|k| k.to_string()).collect() };
    let defs = &s["$defs"];
    assert_eq!(
        keys(&defs["step"]["properties"]["measure"]),
        model(&Measure::ALL.map(Measure::key))
    );
    assert_eq!(keys(&defs["region"]), model(&Region::ALL.map(Region::key)));
    assert_eq!(
        keys(&defs["confidence"]),
        model(&Confidence::ALL.map(Confidence::key))
    );
    assert_eq!(
        keys(&defs["step"]["properties"]["kind"]),
        model(&StepKind::ALL.map(StepKind::key))
    );
    assert_eq!(
        keys(&defs["step"]["properties"]["finding"]),
        model(&FindingKind::ALL.map(FindingKind::key))
    );
    assert_eq!(
        keys(&defs["meta"]["properties"]["kind"]),
        model(&DatasetKind::ALL.map(DatasetKind::key))
    );
    assert_eq!(keys(&defs["stage"]), model(&Stage::ALL.map(Stage::key)));
    assert_eq!(
        keys(&defs["figure"]["properties"]["kind"]),
        model(validate::FIGURE_KINDS)
    );
    assert_eq!(
        s["properties"]["schema_version"]["enum"],
        json!(SCHEMA_VERSIONS)
    );
    assert_eq!(
        s["$schema"],
        json!("https://json-schema.org/draft/2020-12/schema")
    );
}

#[test]
fn schema_fields_equal_the_validators_and_the_sample_uses_them_all() {
    let checker = SchemaChecker::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut defs: BTreeSet<String> = BTreeSet::new();
    // The version 1 sample and the version 2 sample together use every field.
    for sample in [sample(), sample_v2()] {
        walk_objects(
            &checker,
            "dataset",
            &checker.root,
            &sample,
            "",
            "",
            &mut |name, schema, pointer, _| {
                let properties: Vec<&str> = schema["properties"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                let mut known = validator_fields(name).to_vec();
                let mut listed = properties.clone();
                known.sort_unstable();
                listed.sort_unstable();
                assert_eq!(listed, known, "fields of {name}");
                defs.insert(name.to_owned());
                for k in sample.pointer(pointer).unwrap().as_object().unwrap().keys() {
                    seen.insert((name.to_owned(), k.clone()));
                }
            },
        );
    }
    // Every property of every object definition occurs in the sample, so the
    // tests below exercise all of them.
    for def in &defs {
        let schema = if def == "dataset" {
            &checker.root
        } else {
            &checker.root["$defs"][def.as_str()]
        };
        for k in schema["properties"].as_object().unwrap().keys() {
            assert!(
                seen.contains(&(def.clone(), k.clone())),
                "the sample lacks {def}.{k}"
            );
        }
    }
    assert_eq!(defs.len(), 12, "{defs:?}");
}

#[test]
fn every_field_the_schema_requires_is_required_by_the_validator_and_no_other() {
    let checker = SchemaChecker::new();
    let sample = sample();
    let mut cases = Vec::new();
    walk_objects(
        &checker,
        "dataset",
        &checker.root,
        &sample,
        "",
        "",
        &mut |name, schema, pointer, path| {
            let present = sample.pointer(pointer).unwrap().as_object().unwrap();
            // What this object requires: the definition's own list, the
            // branch of its `if` this object takes, and (the sample is
            // version 1) the version 1 overlay's list.
            let object = Value::Object(present.clone());
            let branch = match schema.get("if") {
                Some(test) if SchemaChecker::new().check(test, &object, "").is_ok() => {
                    schema.get("then")
                }
                Some(_) => schema.get("else"),
                None => None,
            };
            let overlay = &checker.root["$defs"][format!("{name}_v1")];
            let required: Vec<&str> = [Some(schema), branch, Some(overlay)]
                .into_iter()
                .flatten()
                .filter_map(|s| s["required"].as_array())
                .flatten()
                .map(|k| k.as_str().unwrap())
                .collect();
            for k in schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| present.contains_key(*k))
            {
                let sep = if path.is_empty() { "" } else { "." };
                cases.push((
                    format!("{pointer}/{k}"),
                    format!("{path}{sep}{k}"),
                    required.contains(&k.as_str()),
                ));
            }
        },
    );
    assert!(cases.len() > 40, "{}", cases.len());
    for (pointer, path, required) in cases {
        let mut v = sample.clone();
        remove(&mut v, &pointer);
        let errors = errors(v);
        if required {
            assert!(
                errors
                    .iter()
                    .any(|p| p.path == path && p.message.contains("missing required field")),
                "removing required {path}: {errors:#?}"
            );
        } else {
            // Without its countries or resolutions, references to them break; nothing else.
            assert!(
                errors
                    .iter()
                    .all(|p| p.path != path && p.message.contains("is not one of the dataset's")),
                "removing optional {path}: {errors:#?}"
            );
        }
    }
}

#[test]
fn the_sample_and_the_models_own_output_conform_to_the_schema() {
    let mut checker = SchemaChecker::new();
    for sample in [sample(), sample_v2()] {
        checker.conforms(&sample).unwrap();
        let dataset = load_value(sample).unwrap().dataset;
        checker
            .conforms(&serde_json::to_value(&dataset).unwrap())
            .unwrap();
    }
    // And the schema is not vacuous.
    for (pointer, bad) in [
        ("/steps/0/date", json!("2017-13-01")),
        ("/steps/0/measure", json!("ban")),
        ("/countries/0/code", json!("pl")),
        ("/meta/source_url", json!("ftp://x")),
        ("/meta/title", json!(" ")),
        ("/figures/0/values/0/value", json!(-1)),
        ("/steps/0/sources", json!([])),
        ("/schema_version", json!(3)),
        // Version 2's forms in a version 1 dataset.
        ("/steps/0/date", json!("2019-H2")),
        ("/steps/0/date", json!({"from": "2019"})),
        ("/countries/0/region", json!(["europe"])),
    ] {
        let v = changed(|v| *at(v, pointer) = bad.clone());
        assert!(
            checker.conforms(&v).is_err(),
            "schema accepts {bad} at {pointer}"
        );
    }
    // Fields version 2 added, in a version 1 dataset.
    for (object, key, added) in [
        ("/steps/0", "confidence", json!("low")),
        ("/steps/0", "kind", json!("measure")),
        ("/figures/0/values/0", "peak", json!(true)),
        ("/meta", "kind", json!("story")),
        ("/countries/0", "un_member", json!(true)),
        ("/steps/0/sources/0", "title_inferred", json!(false)),
    ] {
        let v = changed(|v| {
            at(v, object)
                .as_object_mut()
                .unwrap()
                .insert(key.into(), added.clone());
        });
        assert!(
            checker.conforms(&v).is_err(),
            "schema accepts {object}/{key} in version 1"
        );
        let mut v2 = v.clone();
        *at(&mut v2, "/schema_version") = json!(2);
        checker.conforms(&v2).unwrap();
    }
}

#[test]
fn what_the_validator_accepts_the_schema_accepts() {
    // The validator checks more than a schema can (ISO codes, references,
    // unique ids, real days), so the converse does not hold. Unknown fields
    // are only warnings for the validator and rejected by the schema.
    let mut checker = SchemaChecker::new();
    let mut rng = Rng(0x2375_0911);
    let (mut both, mut schema_rejected) = (0, 0);
    for _ in 0..2_000 {
        let v = mutant(&mut rng);
        let problems = problems(v.clone());
        let has_error = problems.iter().any(|p| p.severity == Severity::Error);
        let unknown_field = problems
            .iter()
            .any(|p| p.message.starts_with("unknown field"));
        let schema = checker.conforms(&without_null_members(v.clone()));
        if schema.is_err() {
            schema_rejected += 1;
        }
        if !has_error && !unknown_field {
            both += 1;
            assert!(
                schema.is_ok(),
                "validator accepts, schema rejects ({schema:?}): {v:#}"
            );
            let dataset = load_value(v).unwrap().dataset;
            checker
                .conforms(&serde_json::to_value(&dataset).unwrap())
                .unwrap();
        }
    }
    assert!(
        both > 100 && schema_rejected > 1_000,
        "{both} accepted, {schema_rejected} rejected by the schema"
    );
}

// --- schema_version 2 (issue 10), one rule at a time -------------------------

/// Asserts that loading `v` fails with an error at exactly `path` whose message is exactly `message`.
#[track_caller]
fn assert_exact_error(v: Value, path: &str, message: &str) {
    let all = problems(v.clone());
    assert!(load_value(v).is_err(), "accepted, problems: {all:#?}");
    assert!(
        all.iter()
            .any(|p| p.severity == Severity::Error && p.path == path && p.message == message),
        "no error {path}: {message}; got {all:#?}"
    );
}

/// Asserts that `v` loads with a warning at exactly `path` whose message is exactly `message`.
#[track_caller]
fn assert_exact_warning(v: Value, path: &str, message: &str) -> sanctions_tracker::Dataset {
    let loaded = load_value(v).unwrap_or_else(|e| panic!("rejected: {e}"));
    assert!(
        loaded
            .warnings
            .iter()
            .any(|p| p.severity == Severity::Warning && p.path == path && p.message == message),
        "no warning {path}: {message}; got {:#?}",
        loaded.warnings
    );
    loaded.dataset
}

/// Inserts `key: value` into the object at `pointer`.
fn insert(v: &mut Value, pointer: &str, key: &str, value: Value) {
    at(v, pointer)
        .as_object_mut()
        .unwrap()
        .insert(key.into(), value);
}

const NEEDS_V2: &str = "this field needs schema_version 2 (the dataset says schema_version 1)";

#[test]
fn the_v2_sample_loads_without_problems_and_round_trips() {
    let loaded = load_value(sample_v2()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let ds = &loaded.dataset;
    assert_eq!(ds.schema_version, 2);
    let again = load_str(&ds.to_json_pretty()).unwrap();
    assert!(again.warnings.is_empty(), "{:#?}", again.warnings);
    assert_eq!(&again.dataset, ds);
}

#[test]
fn a_v1_dataset_read_as_v2_gives_the_same_data() {
    let v1 = load_value(sample()).unwrap().dataset;
    let mut v2 = load_value(changed(|v| *at(v, "/schema_version") = json!(2)))
        .unwrap()
        .dataset;
    assert_eq!(v2.schema_version, 2);
    v2.schema_version = 1;
    assert_eq!(v2, v1);
}

#[test]
fn v2_fields_in_a_v1_dataset_are_errors() {
    let cases = [
        ("/meta", "kind", json!("story"), "meta.kind"),
        ("/meta", "maintainer", json!("Desk"), "meta.maintainer"),
        ("/meta", "updated", json!("2017-09-28"), "meta.updated"),
        ("/meta", "language", json!("en"), "meta.language"),
        (
            "/countries/0",
            "un_member",
            json!(true),
            "countries[0].un_member",
        ),
        ("/steps/0", "kind", json!("measure"), "steps[0].kind"),
        ("/steps/0", "finding", json!("other"), "steps[0].finding"),
        (
            "/steps/0",
            "date_inferred",
            json!(true),
            "steps[0].date_inferred",
        ),
        (
            "/steps/0",
            "confidence",
            json!("high"),
            "steps[0].confidence",
        ),
        ("/steps/0", "disputes", json!([]), "steps[0].disputes"),
        (
            "/steps/0/sources/0",
            "title_inferred",
            json!(true),
            "steps[0].sources[0].title_inferred",
        ),
        (
            "/steps/0/sources/0/quote",
            "lang",
            json!("pl"),
            "steps[0].sources[0].quote.lang",
        ),
        (
            "/steps/0/sources/0/quote",
            "translation",
            json!({"text": "x"}),
            "steps[0].sources[0].quote.translation",
        ),
        (
            "/figures/0",
            "confidence",
            json!("low"),
            "figures[0].confidence",
        ),
        (
            "/figures/0/values/0",
            "peak",
            json!(true),
            "figures[0].values[0].peak",
        ),
        (
            "/figures/0/values/0",
            "source",
            json!(0),
            "figures[0].values[0].source",
        ),
        (
            "/figures/0/values/0",
            "note",
            json!("n"),
            "figures[0].values[0].note",
        ),
        (
            "/figures/0/values/0",
            "at_least",
            json!(1),
            "figures[0].values[0].at_least",
        ),
        (
            "/figures/0/values/0",
            "at_most",
            json!(1),
            "figures[0].values[0].at_most",
        ),
        (
            "/figures/0/values/0",
            "confidence",
            json!("low"),
            "figures[0].values[0].confidence",
        ),
    ];
    for (object, key, value, path) in cases {
        assert_exact_error(
            changed(|v| insert(v, object, key, value.clone())),
            path,
            NEEDS_V2,
        );
        // The same field in version 2 is no error (but a finding needs kind "finding").
        if key == "finding" {
            continue;
        }
        let mut v = changed(|v| insert(v, object, key, value.clone()));
        *at(&mut v, "/schema_version") = json!(2);
        let errors = errors(v);
        assert!(errors.iter().all(|p| p.path != path), "{path}: {errors:#?}");
    }
    assert_exact_error(
        changed(|v| {
            insert(
                v,
                "/figures/0",
                "sources",
                json!([{"publisher": "P", "url": "https://example.org"}]),
            );
        }),
        "figures[0].sources",
        NEEDS_V2,
    );
    assert_exact_error(
        changed(|v| *at(v, "/steps/0/date") = json!("2019-H2")),
        "steps[0].date",
        "\"2019-H2\" (a half year) needs schema_version 2 (the dataset says schema_version 1)",
    );
    assert_exact_error(
        changed(|v| *at(v, "/steps/0/date") = json!({"from": "2017-09"})),
        "steps[0].date",
        "a period ({\"from\": …, \"to\": …}) needs schema_version 2 (the dataset says schema_version 1)",
    );
    assert_exact_error(
        changed(|v| *at(v, "/figures/0/values/0/date") = json!("2016-H2")),
        "figures[0].values[0].date",
        "\"2016-H2\" (a half year) needs schema_version 2 (the dataset says schema_version 1)",
    );
    assert_exact_error(
        changed(|v| *at(v, "/countries/0/region") = json!(["europe"])),
        "countries[0].region",
        "a list of regions needs schema_version 2 (the dataset says schema_version 1)",
    );
    assert_exact_error(
        changed(|v| *at(v, "/steps/0/resolutions/0") = json!("unspecified")),
        "steps[0].resolutions[0]",
        "\"unspecified\" (a resolution without its number) needs schema_version 2 (the dataset says schema_version 1)",
    );
    // What version 1 requires, version 1 still requires.
    for (pointer, path) in [
        ("/steps/0/date_kind", "steps[0].date_kind"),
        ("/steps/0/status", "steps[0].status"),
        (
            "/steps/0/sources/0/quote/speaker",
            "steps[0].sources[0].quote.speaker",
        ),
        ("/countries/0/region", "countries[0].region"),
        ("/meta/publisher", "meta.publisher"),
        ("/figures/0/source", "figures[0].source"),
        ("/figures/0/values/0/value", "figures[0].values[0].value"),
    ] {
        assert_error(
            changed(|v| remove(v, pointer)),
            path,
            &["missing required field"],
        );
    }
    // A version 1 quote in its own marks is left as it is, with no warning.
    let v = changed(|v| {
        *at(v, "/steps/0/sources/0/quote/text") = json!("\u{201c}no new permits\u{201d}")
    });
    let loaded = load_value(v).unwrap();
    assert!(loaded.warnings.is_empty());
    let quote = loaded.dataset.steps[0].sources[0].quote.clone().unwrap();
    assert_eq!(quote.text.as_str(), "\u{201c}no new permits\u{201d}");
}

#[test]
fn meta_kind_and_compilations() {
    assert_exact_error(
        changed_v2(|v| *at(v, "/meta/kind") = json!("anthology")),
        "meta.kind",
        "\"anthology\" is not a dataset kind; expected one of: story, compilation",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/meta/maintainer")),
        "meta.maintainer",
        "missing required field; expected text (a non-empty string)",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/meta/updated")),
        "meta.updated",
        "missing required field; expected a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    );
    // A compilation needs no publisher, URL or publication date; its date is then `updated`.
    let v = changed_v2(|v| {
        for key in ["publisher", "source_url", "published", "as_of"] {
            remove(v, &format!("/meta/{key}"));
        }
        *at(v, "/steps/2/date") = json!("2021-H2");
    });
    let ds = assert_exact_warning(
        v,
        "steps[2].date",
        "step dated \"2021-H2\", after the dataset's date (meta.updated \"2021-01-15\")",
    );
    assert_eq!(ds.meta.publisher, None);
    assert_eq!(
        ds.meta.as_of_date().map(|d| d.to_string()).as_deref(),
        Some("2021-01-15")
    );
    // A story still needs them, in version 2 too.
    assert_exact_error(
        changed_v2(|v| {
            *at(v, "/meta/kind") = json!("story");
            remove(v, "/meta/source_url");
        }),
        "meta.source_url",
        "missing required field; expected an http(s) URL with a host, such as \"https://example.org/story\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/meta/language") = json!("French")),
        "meta.language",
        "\"French\" is not a language tag; expected a BCP 47 language tag, such as \"fr\", \"de\", \"ko\", \"en\" or \"zh-Hant\"",
    );
}

#[test]
fn resolution_ids_are_digits_and_unspecified_is_a_reference() {
    assert_exact_error(
        changed_v2(|v| *at(v, "/resolutions/1/id") = json!("R-2397")),
        "resolutions[1].id",
        "\"R-2397\" is not a resolution number; expected its digits, such as \"2371\"",
    );
    let ds = load_value(sample_v2()).unwrap().dataset;
    assert_eq!(ds.resolutions[1].id, "2397");
    assert_eq!(ds.steps[0].resolutions, ["unspecified"]);
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/resolutions/0") = json!("2321")),
        "steps[0].resolutions[0]",
        "\"2321\" is not one of the dataset's resolutions (2371, 2397); write \"unspecified\" for a resolution a source mentions without its number",
    );
}

#[test]
fn countries_have_none_one_or_two_regions_and_may_not_be_un_members() {
    let ds = load_value(sample_v2()).unwrap().dataset;
    assert_eq!(ds.countries[0].regions, [Region::Europe, Region::Asia]);
    assert!(ds.countries[0].un_member);
    assert!(!ds.countries[1].un_member);
    assert!(ds.countries[2].regions.is_empty());
    assert_exact_error(
        changed_v2(|v| *at(v, "/countries/0/region") = json!(["europe", "asia", "africa"])),
        "countries[0].region",
        "3 regions; expected one or two (leave the field out when the sources give none)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/countries/0/region") = json!([])),
        "countries[0].region",
        "0 regions; expected one or two (leave the field out when the sources give none)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/countries/0/region") = json!(["europe", "europe"])),
        "countries[0].region[1]",
        "region \"europe\" is listed twice",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/countries/0/region") = json!(["europe", "siberia"])),
        "countries[0].region[1]",
        "\"siberia\" is not a region; expected one of: americas, europe, africa, middle_east, asia, oceania",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/countries/1/un_member") = json!("no")),
        "countries[1].un_member",
        "expected true or false, found \"no\"",
    );
}

#[test]
fn steps_are_measures_or_findings() {
    let ds = load_value(sample_v2()).unwrap().dataset;
    assert!(ds.steps[0].is_finding());
    assert_eq!(ds.steps[0].ranked_measure(), None);
    assert_eq!(
        ds.steps[1].ranked_measure(),
        Some(Measure::WorkPermitFreeze)
    );
    // A finding need not name a measure; a measure must.
    assert_eq!(ds.steps[2].measure, None);
    assert_exact_error(
        changed_v2(|v| remove(v, "/steps/1/measure")),
        "steps[1].measure",
        "missing required field; expected a measure",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/kind") = json!("observation")),
        "steps[0].kind",
        "\"observation\" is not a step kind; expected one of: measure, finding",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/finding") = json!("found")),
        "steps[0].finding",
        "\"found\" is not a kind of finding; expected one of: non_compliance, no_workers, other",
    );
    assert_exact_error(
        changed_v2(|v| insert(v, "/steps/1", "finding", json!("other"))),
        "steps[1].finding",
        "only a step of kind \"finding\" says what was found; add \"kind\": \"finding\" or leave this field out",
    );
    // Status and date kind are optional in version 2.
    assert_eq!((ds.steps[1].status, ds.steps[1].date_kind), (None, None));
    assert_eq!(ds.steps[2].status, Some(Stage::Reported));
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/confidence") = json!("sure")),
        "steps[0].confidence",
        "\"sure\" is not a confidence; expected one of: high, medium, low",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/date_inferred") = json!("yes")),
        "steps[0].date_inferred",
        "expected true or false, found \"yes\"",
    );
}

#[test]
fn dates_may_be_half_years_and_periods() {
    use sanctions_tracker::date::When;
    let ds = load_value(sample_v2()).unwrap().dataset;
    assert_eq!(
        ds.steps[0].date.display_en(),
        "November 2019 \u{2013} February 2020"
    );
    assert!(ds.steps[0].date_inferred);
    assert_eq!(ds.steps[1].date.display_en(), "since 5 August 2017");
    assert!(ds.steps[1].date.is_open());
    assert_eq!(ds.steps[2].date, When::parse("2019-H2").unwrap());
    assert_eq!(ds.steps[2].date.display_en(), "second half of 2019");
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/date") = json!({"from": "2019-11", "to": "2019-01"})),
        "steps[0].date.to",
        "\"2019-01\" is before the period's start (from \"2019-11\"); expected from <= to",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/date") = json!({"from": "2019-H2"})),
        "steps[0].date.from",
        "a period's from is a date (YYYY, YYYY-MM or YYYY-MM-DD), not a half year; for \"2019-H2\" write \"2019-07\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/date") = json!({"from": "2019", "to": "2020-H1"})),
        "steps[0].date.to",
        "a period's to is a date (YYYY, YYYY-MM or YYYY-MM-DD), not a half year; for \"2020-H1\" write \"2020-06\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/date") = json!({"to": "2019"})),
        "steps[0].date.from",
        "missing required field; expected a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/2/date") = json!("2019-H3")),
        "steps[2].date",
        "\"2019-H3\" is not a date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1 or YYYY-H2)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/2/date") = json!("2019-02-30")),
        "steps[2].date",
        "\"2019-02-30\" is not a date (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1 or YYYY-H2): there is no such month or day",
    );
    assert_exact_warning(
        changed_v2(|v| insert(v, "/steps/0/date", "until", json!("2020"))),
        "steps[0].date.until",
        "unknown field, ignored; known fields: from, to",
    );
}

#[test]
fn disputes_cite_the_steps_own_sources() {
    let ds = load_value(sample_v2()).unwrap().dataset;
    let dispute = &ds.steps[0].disputes[0];
    assert_eq!(
        dispute.about.as_ref().unwrap().as_str(),
        "number of workers"
    );
    assert_eq!(
        dispute.claims.iter().map(|c| c.source).collect::<Vec<_>>(),
        [0, 1]
    );
    let claim = "/steps/0/disputes/0/claims/1/source";
    assert_exact_error(
        changed_v2(|v| *at(v, claim) = json!(4)),
        "steps[0].disputes[0].claims[1].source",
        "4 is not one of this step's sources (it has 2)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, claim) = json!(0)),
        "steps[0].disputes[0].claims[1].source",
        "sources[0] is already cited by claims[0]; the claims of a dispute cite different sources",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, claim) = json!("B")),
        "steps[0].disputes[0].claims[1].source",
        "expected the index of one of this step's sources (a whole number, 0 for the first), found \"B\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, claim) = json!(-1)),
        "steps[0].disputes[0].claims[1].source",
        "expected the index of one of this step's sources (a whole number, 0 for the first), found the number -1",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/steps/0/disputes/0/claims/1")),
        "steps[0].disputes[0].claims",
        "1 claim(s); a dispute needs at least two, each citing a different source",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/steps/0/disputes/0/claims/0/says")),
        "steps[0].disputes[0].claims[0].says",
        "missing required field; expected text (a non-empty string)",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/steps/0/disputes/0/claims")),
        "steps[0].disputes[0].claims",
        "missing required field; expected an array of two or more claims",
    );
}

#[test]
fn quotes_have_a_language_a_translation_and_an_optional_speaker() {
    let ds = load_value(sample_v2()).unwrap().dataset;
    let quote = ds.steps[0].sources[1].quote.as_ref().unwrap();
    assert_eq!(quote.lang.as_deref(), Some("fr"));
    assert_eq!(quote.speaker, None);
    let translation = quote.translation.as_ref().unwrap();
    assert_eq!(translation.text.as_str(), "We saw no one");
    assert_eq!(translation.lang.as_deref(), Some("en"));
    assert!(ds.steps[0].sources[0].title_inferred);
    let q = "/steps/0/sources/1/quote";
    assert_exact_error(
        changed_v2(|v| *at(v, &format!("{q}/lang")) = json!("fr_FR")),
        "steps[0].sources[1].quote.lang",
        "\"fr_FR\" is not a language tag; expected a BCP 47 language tag, such as \"fr\", \"de\", \"ko\", \"en\" or \"zh-Hant\"",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, &format!("{q}/translation/text"))),
        "steps[0].sources[1].quote.translation.text",
        "missing required field; expected text (a non-empty string)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/steps/0/sources/0/title_inferred") = json!(1)),
        "steps[0].sources[0].title_inferred",
        "expected true or false, found the number 1",
    );
    // Quotation marks of the quote's own are removed, with a warning.
    for (text, open, close) in [
        (
            "\u{201c}Nous n'avons vu personne\u{201d}",
            '\u{201c}',
            '\u{201d}',
        ),
        ("\u{ab} Nous n'avons vu personne \u{bb}", '\u{ab}', '\u{bb}'),
        (
            "\u{201e}Nous n'avons vu personne\u{201c}",
            '\u{201e}',
            '\u{201c}',
        ),
        ("\"Nous n'avons vu personne\"", '"', '"'),
        (
            "\u{300c}Nous n'avons vu personne\u{300d}",
            '\u{300c}',
            '\u{300d}',
        ),
    ] {
        let ds = assert_exact_warning(
            changed_v2(|v| *at(v, &format!("{q}/text")) = json!(text)),
            "steps[0].sources[1].quote.text",
            &format!("the text begins with {open} and ends with {close}: these quotation marks were removed (the widget sets quotes in its own marks)"),
        );
        let quote = ds.steps[0].sources[1].quote.as_ref().unwrap();
        assert_eq!(quote.text.as_str(), "Nous n'avons vu personne");
    }
    assert_exact_warning(
        changed_v2(|v| *at(v, &format!("{q}/translation/text")) = json!("\u{201c}We saw no one\u{201d}")),
        "steps[0].sources[1].quote.translation.text",
        "the text begins with \u{201c} and ends with \u{201d}: these quotation marks were removed (the widget sets quotes in its own marks)",
    );
    // Marks that are not around the whole text stay.
    let v = changed_v2(|v| *at(v, &format!("{q}/text")) = json!("\"Yes\" and \"no\""));
    let loaded = load_value(v).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
}

#[test]
fn figures_have_sources_and_values_with_bounds() {
    let ds = load_value(sample_v2()).unwrap().dataset;
    let fig = &ds.figures[0];
    assert_eq!(fig.sources.len(), 2);
    assert_eq!(fig.confidence, Some(Confidence::High));
    let bound = &fig.values[2];
    assert_eq!(
        (bound.value, bound.at_least, bound.at_most),
        (None, Some(10000.0), Some(20000.0))
    );
    assert_eq!(bound.source_index(), 1);
    assert!(fig.values[3].peak);
    assert_eq!(fig.values[3].source_index(), 0);
    // One source as "source" is still read in version 2.
    let v = changed_v2(|v| {
        let first = at(v, "/figures/0/sources/0").clone();
        remove(v, "/figures/0/sources");
        insert(v, "/figures/0", "source", first);
        for i in 0..4 {
            if let Some(m) = at(v, &format!("/figures/0/values/{i}")).as_object_mut() {
                m.remove("source");
            }
        }
        remove(v, "/figures/0/values/1");
    });
    assert_eq!(load_value(v).unwrap().dataset.figures[0].sources.len(), 1);
    assert_exact_error(
        changed_v2(|v| {
            insert(
                v,
                "/figures/0",
                "source",
                json!({"publisher": "P", "url": "https://example.org"}),
            )
        }),
        "figures[0].sources",
        "give either \"source\" (one source) or \"sources\" (one or more), not both",
    );
    assert_exact_error(
        changed_v2(|v| remove(v, "/figures/0/sources")),
        "figures[0].sources",
        "missing required field; expected one or more sources (an array), or \"source\" (one)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/figures/0/sources") = json!([])),
        "figures[0].sources",
        "no sources; expected at least one",
    );
    let value = "/figures/0/values/2";
    assert_exact_error(
        changed_v2(|v| insert(v, value, "value", json!(15000))),
        "figures[0].values[2].value",
        "give either \"value\" or the bounds \"at_least\"/\"at_most\", not both",
    );
    assert_exact_error(
        changed_v2(|v| {
            remove(v, &format!("{value}/at_least"));
            remove(v, &format!("{value}/at_most"));
        }),
        "figures[0].values[2].value",
        "missing required field; expected a number (zero or more), or \"at_least\" and/or \"at_most\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, &format!("{value}/at_most")) = json!(5000)),
        "figures[0].values[2].at_most",
        "at_most (5000) is less than at_least (10000); expected at_least <= at_most",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, &format!("{value}/at_least")) = json!(-5)),
        "figures[0].values[2].at_least",
        "-5 is negative; expected a count of zero or more",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, &format!("{value}/source")) = json!(2)),
        "figures[0].values[2].source",
        "2 is not one of this figure's sources (it has 2)",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/figures/0/values/3/peak") = json!("yes")),
        "figures[0].values[3].peak",
        "expected true or false, found \"yes\"",
    );
    assert_exact_error(
        changed_v2(|v| *at(v, "/figures/0/values/2/confidence") = json!(3)),
        "figures[0].values[2].confidence",
        "expected a confidence (one of: high, medium, low), found the number 3 (write it in quotes: \"3\")",
    );
}

#[test]
fn values_for_one_date_are_one_per_source_and_a_conflict_needs_a_note() {
    // Same date, same source: an error.
    assert_exact_error(
        changed_v2(|v| *at(v, "/figures/0/values/1/source") = json!(0)),
        "figures[0].values[1].date",
        "duplicate date \"2017\" from the same source (sources[0]): this figure already has a value for it from that source at values[0]",
    );
    // Same date, different sources, different numbers, no note: both kept, with a warning.
    let ds = assert_exact_warning(
        changed_v2(|v| remove(v, "/figures/0/values/1/note")),
        "figures[0].values[1].date",
        "values[0] gives another number for \"2017\" from another source (sources[0]); both are kept and drawn: add a \"note\" to say why they differ",
    );
    assert_eq!(ds.figures[0].values.len(), 4);
    // The same number from two sources is no conflict.
    let v = changed_v2(|v| {
        remove(v, "/figures/0/values/1/note");
        *at(v, "/figures/0/values/1/value") = json!(30000);
    });
    assert!(load_value(v).unwrap().warnings.is_empty());
}

#[test]
fn the_35_country_tracker_fixture_validates_with_no_errors() {
    // bench/gen-tracker.mjs writes it (schema_version 2) and its version 1 squeeze.
    let v2 = load_str(include_str!("fixtures/tracker-35.json")).unwrap();
    assert_eq!(v2.dataset.schema_version, 2);
    assert_eq!(
        (
            v2.dataset.countries.len(),
            v2.dataset.steps.len(),
            v2.dataset.figures.len()
        ),
        (35, 80, 30)
    );
    // Its only warnings are quotes in their own quotation marks, tidied.
    for w in &v2.warnings {
        assert!(
            w.path.ends_with(".quote.text") && w.message.contains("quotation marks were removed"),
            "{w}"
        );
    }
    // What the validator accepts, the schema accepts; the model writes it back the same.
    let value: Value = serde_json::from_str(include_str!("fixtures/tracker-35.json")).unwrap();
    let mut checker = SchemaChecker::new();
    checker.conforms(&value).unwrap();
    checker
        .conforms(&serde_json::to_value(&v2.dataset).unwrap())
        .unwrap();
    let again = load_str(&v2.dataset.to_json_pretty()).unwrap();
    assert!(again.warnings.is_empty(), "{:#?}", again.warnings);
    assert_eq!(again.dataset, v2.dataset);
    let v1 = load_str(include_str!("fixtures/tracker-35-v1.json")).unwrap();
    assert!(v1.warnings.is_empty(), "{:#?}", v1.warnings);
    assert_eq!(v1.dataset.schema_version, 1);
}

#[test]
fn random_mutations_of_the_v2_sample_never_panic_and_the_schema_agrees() {
    let mut checker = SchemaChecker::new();
    let mut rng = Rng(0x2397_1222_0002);
    let (mut rejected, mut accepted) = (0, 0);
    for _ in 0..2_000 {
        let v = mutant_of(sample_v2(), &mut rng);
        let listed = validate_value(&v);
        let from_text = load_str(&v.to_string());
        match (&from_text, load_value(v.clone())) {
            (Ok(a), Ok(b)) => assert_eq!((&a.dataset, &a.warnings), (&b.dataset, &b.warnings)),
            (Err(a), Err(b)) => assert_eq!(a, &b),
            (a, b) => panic!("text and value disagree: {a:?} / {b:?} for {v}"),
        }
        match from_text {
            Ok(loaded) => {
                accepted += 1;
                assert_eq!(loaded.warnings, listed);
                let unknown_field = listed
                    .iter()
                    .any(|p| p.message.starts_with("unknown field"));
                if !unknown_field {
                    let schema = checker.conforms(&without_null_members(v.clone()));
                    assert!(
                        schema.is_ok(),
                        "validator accepts, schema rejects ({schema:?}): {v:#}"
                    );
                    checker
                        .conforms(&serde_json::to_value(&loaded.dataset).unwrap())
                        .unwrap();
                    // And what the model writes loads back the same.
                    let again = load_str(&loaded.dataset.to_json_pretty()).unwrap();
                    assert_eq!(again.dataset, loaded.dataset);
                }
            }
            Err(Error::Invalid(problems)) => {
                rejected += 1;
                for p in &problems {
                    assert!(!p.path.is_empty() && !p.message.is_empty(), "{p:?}");
                }
                assert!(problems.iter().any(|p| p.severity == Severity::Error));
                assert!(
                    problems
                        .iter()
                        .all(|p| !p.message.contains("could not be read")),
                    "{problems:#?} for {v}"
                );
                assert_eq!(problems, listed);
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert!(
        rejected > 500 && accepted > 100,
        "{rejected} rejected, {accepted} accepted"
    );
}

// ------------------------------------------------------- texts per language

/// The v2 sample with Korean declared and these texts given per language.
fn bilingual(change: impl FnOnce(&mut Value)) -> Value {
    changed_v2(|v| {
        *at(v, "/meta/translations") = json!(["ko"]);
        change(v);
    })
}

#[test]
fn a_text_may_be_given_per_language_and_reads_back_in_each() {
    let v = bilingual(|v| {
        *at(v, "/meta/title") = json!({"en": "Measures abroad", "ko": "해외 조치"});
        *at(v, "/countries/1/name") = json!({"en": "Taiwan", "ko-KR": "대만"});
    });
    let mut schema = SchemaChecker::new();
    schema.conforms(&v).unwrap();
    let mut bad = v.clone();
    *at(&mut bad, "/meta/title") = json!({"en": "T", "korean": "해외"});
    assert!(
        schema.conforms(&bad).is_err(),
        "the schema takes a key that is no language tag"
    );
    let loaded = load_value(v).unwrap();
    let ds = &loaded.dataset;
    assert_eq!(ds.meta.translations, ["ko"]);
    let title = &ds.meta.title;
    assert_eq!(title.as_str(), "Measures abroad");
    assert_eq!(title.get("ko"), "해외 조치");
    assert_eq!(title.get("ko-KR"), "해외 조치");
    assert_eq!(title.get("en"), "Measures abroad");
    // A language the text does not have falls back to the dataset's.
    assert_eq!(title.get("fr"), "Measures abroad");
    let taiwan = ds.country("TW").unwrap();
    assert_eq!(taiwan.name.as_str(), "Taiwan");
    assert_eq!(taiwan.name.get("ko"), "대만");
    // Every text without Korean is listed, with its path; the two given are not.
    let missing: Vec<&str> = loaded
        .warnings
        .iter()
        .filter(|p| p.message.contains("no \"ko\" text"))
        .map(|p| p.path.as_str())
        .collect();
    assert!(missing.contains(&"meta.summary"), "{missing:?}");
    assert!(missing.contains(&"countries[0].name"), "{missing:?}");
    assert!(!missing.contains(&"meta.title"));
    assert!(!missing.contains(&"countries[1].name"));
    assert!(loaded
        .warnings
        .iter()
        .all(|p| p.severity == Severity::Warning));
    let w = loaded
        .warnings
        .iter()
        .find(|p| p.path == "meta.summary")
        .unwrap();
    assert!(w.message.contains("see the \"en\" text"), "{}", w.message);
    // Written back as given, and read again to the same data.
    let json = ds.to_json_pretty();
    assert!(json.contains("\"ko\": \"해외 조치\""), "{json}");
    let again = load_str(&json).unwrap();
    assert_eq!(&again.dataset, ds);
}

#[test]
fn a_dataset_in_korean_needs_korean_in_every_text_given_per_language() {
    let v = changed_v2(|v| {
        *at(v, "/meta/language") = json!("ko");
        *at(v, "/meta/translations") = json!(["en"]);
        *at(v, "/meta/title") = json!({"en": "Measures abroad"});
    });
    assert_error(
        v,
        "meta.title",
        &["no text in the dataset's language \"ko\"", "\"en\""],
    );
    let v = changed_v2(|v| {
        *at(v, "/meta/language") = json!("ko");
        *at(v, "/meta/title") = json!({"ko": "해외 조치", "en": "Measures abroad"});
    });
    let loaded = load_value(v).unwrap();
    assert_eq!(loaded.dataset.meta.title.as_str(), "해외 조치");
    assert_eq!(loaded.dataset.meta.title.get("en"), "Measures abroad");
    // English is not declared: said once, where it is given.
    let undeclared: Vec<&Problem> = loaded
        .warnings
        .iter()
        .filter(|p| p.message.contains("is not in meta.translations"))
        .collect();
    assert_eq!(undeclared.len(), 1, "{:#?}", loaded.warnings);
    assert_eq!(undeclared[0].path, "meta.title.en");
}

#[test]
fn bad_texts_per_language_are_errors_at_their_key() {
    assert_error(
        bilingual(|v| *at(v, "/meta/title") = json!({"en": "T", "korean": "해외"})),
        "meta.title.korean",
        &["\"korean\" is not a language tag"],
    );
    assert_error(
        bilingual(|v| *at(v, "/meta/title") = json!({"en": "T", "ko": "  "})),
        "meta.title.ko",
        &["empty string"],
    );
    assert_error(
        bilingual(|v| *at(v, "/meta/title") = json!({"en": "T", "ko": 3})),
        "meta.title.ko",
        &["3"],
    );
    assert_error(
        bilingual(|v| *at(v, "/meta/title") = json!({})),
        "meta.title",
        &["no text in the dataset's language \"en\""],
    );
    // Version 1 has no texts per language.
    assert_error(
        changed(|v| *at(v, "/meta/title") = json!({"en": "T"})),
        "meta.title",
        &["needs schema_version 2"],
    );
    assert_error(
        changed(|v| {
            at(v, "/meta")
                .as_object_mut()
                .unwrap()
                .insert("translations".into(), json!(["ko"]));
        }),
        "meta.translations",
        &["needs schema_version 2"],
    );
    assert_error(
        bilingual(|v| *at(v, "/meta/translations") = json!(["ko", "x y"])),
        "meta.translations[1]",
        &["not a language tag"],
    );
}

#[test]
fn a_translation_list_that_names_the_default_or_a_language_twice_is_warned_of() {
    let loaded = load_value(changed_v2(|v| {
        *at(v, "/meta/translations") = json!(["en", "ko", "KO"])
    }))
    .unwrap();
    let at_path = |p: &str| {
        loaded
            .warnings
            .iter()
            .find(|w| w.path == p)
            .map(|w| w.message.clone())
    };
    assert!(at_path("meta.translations[0]")
        .unwrap()
        .contains("the dataset's own language"));
    assert!(at_path("meta.translations[2]")
        .unwrap()
        .contains("listed twice"));
    assert_eq!(loaded.dataset.meta.translations, ["ko"]);
}
