//! "Download data" and "Download image" natively (`sanctions_tracker::view`'s
//! `export_data` and `caption`): the rows are the list's selection for the
//! same filter, exactly; CSV quoting (RFC 4180), formula escaping (OWASP),
//! BOM and CRLF; the JSON parses and carries the citation and licence; the
//! captioned picture is XML with its title, source and credit.

#![cfg(not(target_arch = "wasm32"))]

use sanctions_tracker::chart::Theme;
use sanctions_tracker::model::Measure;
use sanctions_tracker::query::Filter;
use sanctions_tracker::view::caption::{captioned, credit_line, source_line};
use sanctions_tracker::view::export::{citation, csv_field, ExportFormat, BOM, CSV_COLUMNS};
use sanctions_tracker::view::View;
use serde_json::{json, Value as Json};

fn seed() -> View {
    View::from(sanctions_tracker::seed::load().unwrap())
}

fn view_of(data: Json) -> View {
    View::from(sanctions_tracker::validate::load_str(&data.to_string()).unwrap())
}

/// The seed story with its meta changed by `meta` and the first step's
/// description set to `description`.
fn seed_with(meta: Json, description: &str) -> View {
    let mut data: Json = serde_json::from_str(sanctions_tracker::seed::SEED_JSON).unwrap();
    for (k, v) in meta.as_object().unwrap() {
        data["meta"][k] = v.clone();
    }
    data["steps"][0]["description"] = json!(description);
    view_of(data)
}

/// A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = vec![];
    let mut record = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(
                    chars.next(),
                    Some('\n'),
                    "a CR outside quotes ends a record"
                );
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the text ends with CRLF"
    );
    records
}

/// The data rows of a CSV export (between the header and the empty record).
fn data_rows(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix(BOM).expect("a BOM first");
    let records = parse_csv(body);
    assert_eq!(records[0], CSV_COLUMNS.map(String::from).to_vec());
    let end = records
        .iter()
        .position(|r| r == &vec![String::new()])
        .expect("an empty record");
    records[1..end].to_vec()
}

/// The step ids the list and map's selection has for `filter`, in the export's order.
fn selected_ids(view: &View, filter: &Filter) -> Vec<String> {
    let catalog = view.catalog();
    let selection = catalog.select(filter);
    selection
        .codes()
        .flat_map(|c| selection.steps_of(c).unwrap().to_vec())
        .map(|i| catalog.dataset().steps[i].id.clone())
        .collect()
}

fn filters() -> Vec<Filter> {
    vec![
        Filter::default(),
        Filter {
            measures: vec![Measure::ResidenceRestriction],
            ..Filter::default()
        },
        Filter {
            text: "visa".into(),
            ..Filter::default()
        },
        Filter {
            text: "poland".into(),
            ..Filter::default()
        },
        Filter {
            text: "no such words anywhere".into(),
            ..Filter::default()
        },
        Filter {
            as_of: sanctions_tracker::date::PartialDate::month(2017, 9),
            ..Filter::default()
        },
    ]
}

#[test]
fn csv_rows_are_the_lists_selection_exactly() {
    let mut view = seed();
    for filter in filters() {
        let expected = selected_ids(&view, &filter);
        let list = view.list_changes(filter.clone(), true);
        assert_eq!(list.step_count, expected.len(), "{filter:?}");
        let rows = data_rows(&view.export_data(filter.clone(), ExportFormat::Csv));
        let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, expected, "{filter:?}");
        for r in &rows {
            assert_eq!(r.len(), CSV_COLUMNS.len());
        }
    }
}

#[test]
fn json_steps_are_the_lists_selection_exactly() {
    let mut view = seed();
    for filter in filters() {
        let expected = selected_ids(&view, &filter);
        let json: Json =
            serde_json::from_str(&view.export_data(filter.clone(), ExportFormat::Json)).unwrap();
        let ids: Vec<&str> = json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected, "{filter:?}");
        assert_eq!(json["step_count"], json!(expected.len()));
    }
}

#[test]
fn a_row_has_every_column_of_its_step() {
    let mut view = seed();
    let filter = Filter {
        text: "poland".into(),
        ..Filter::default()
    };
    let rows = data_rows(&view.export_data(filter.clone(), ExportFormat::Csv));
    let step = view
        .catalog()
        .dataset()
        .steps
        .iter()
        .find(|s| s.id == rows[0][0])
        .unwrap()
        .clone();
    let col = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let r = &rows[0];
    assert_eq!(r[col("country_code")], "PL");
    assert_eq!(r[col("country")], "Poland");
    assert_eq!(r[col("date")], step.date.to_string());
    assert_eq!(r[col("kind")], "measure");
    assert_eq!(r[col("measure")], "work_permit_freeze");
    assert_eq!(r[col("description")], step.description.as_str());
    assert_eq!(
        r[col("source_urls")],
        step.sources
            .iter()
            .map(|s| s.url.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let json: Json = serde_json::from_str(&view.export_data(filter, ExportFormat::Json)).unwrap();
    let s = &json["steps"][0];
    assert_eq!(s["country"], "Poland");
    assert_eq!(s["sources"][0]["url"], json!(step.sources[0].url));
    assert_eq!(s["description"], json!(step.description.as_str()));
}

#[test]
fn formula_like_cells_are_escaped() {
    for (cell, out) in [
        (
            "=HYPERLINK(\"http://x\")",
            "\"'=HYPERLINK(\"\"http://x\"\")\"",
        ),
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("a=b", "a=b"),
        ("2017-09", "2017-09"),
        ("", ""),
    ] {
        assert_eq!(csv_field(cell), out, "{cell:?}");
    }
    let mut view = seed_with(json!({}), "=1+2");
    let rows = data_rows(&view.export_data(Filter::default(), ExportFormat::Csv));
    let row = rows
        .iter()
        .find(|r| r[0] == "pl-no-new-work-permits")
        .unwrap();
    assert_eq!(row[9], "'=1+2");
}

#[test]
fn quotes_commas_and_newlines_are_quoted() {
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_field("plain words"), "plain words");
    let text = "Line one, with \"quotes\"\nline two; Łódź";
    let mut view = seed_with(json!({}), text);
    let csv = view.export_data(Filter::default(), ExportFormat::Csv);
    assert!(csv.starts_with('\u{feff}'));
    assert!(!csv.replace("\r\n", "").contains('\r'));
    let rows = data_rows(&csv);
    assert_eq!(
        rows.iter()
            .find(|r| r[0] == "pl-no-new-work-permits")
            .unwrap()[9],
        text
    );
    let json: Json =
        serde_json::from_str(&view.export_data(Filter::default(), ExportFormat::Json)).unwrap();
    let step = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "pl-no-new-work-permits")
        .unwrap();
    assert_eq!(step["description"], text);
}

#[test]
fn citation_and_licence_lines() {
    let mut view = seed();
    let meta = view.catalog().dataset().meta.clone();
    let cite = citation(&meta);
    assert_eq!(
        cite,
        "How states curbed North Korean work abroad after UN resolutions 2371 and 2375. Voice of America (VOA), published 2017-09-28. https://www.globalsecurity.org/wmd/library/news/dprk/2017/dprk-170928-voa01.htm"
    );
    let records = parse_csv(
        view.export_data(Filter::default(), ExportFormat::Csv)
            .trim_start_matches(BOM),
    );
    assert_eq!(
        records.last().unwrap(),
        &vec!["Citation".to_owned(), cite.clone()]
    );
    assert!(
        !records.iter().any(|r| r[0] == "Licence"),
        "no licence when the data states none"
    );
    let json: Json =
        serde_json::from_str(&view.export_data(Filter::default(), ExportFormat::Json)).unwrap();
    assert_eq!(json["citation"], json!(cite));
    assert!(json.get("licence").is_none());

    let mut licensed = seed_with(json!({"licence": "CC BY 4.0"}), "x");
    let records = parse_csv(
        licensed
            .export_data(Filter::default(), ExportFormat::Csv)
            .trim_start_matches(BOM),
    );
    assert_eq!(
        records.last().unwrap(),
        &vec!["Licence".to_owned(), "CC BY 4.0".to_owned()]
    );
    let json: Json =
        serde_json::from_str(&licensed.export_data(Filter::default(), ExportFormat::Json)).unwrap();
    assert_eq!(json["licence"], "CC BY 4.0");
    assert_eq!(json["publisher"], "Voice of America (VOA)");
    assert_eq!(json["published"], "2017-09-28");
}

#[test]
fn a_compilations_citation_names_its_maintainer_and_update() {
    let data: Json =
        serde_json::from_str(&std::fs::read_to_string("tests/fixtures/tracker-35.json").unwrap())
            .unwrap();
    let view = view_of(data);
    let meta = &view.catalog().dataset().meta;
    let cite = citation(meta);
    if let Some(m) = &meta.maintainer {
        assert!(
            cite.contains(&format!("maintained by {}", m.as_str())),
            "{cite}"
        );
    }
    if let Some(u) = meta.updated {
        assert!(cite.contains(&format!("updated {u}")), "{cite}");
    }
}

#[test]
fn format_names() {
    assert_eq!(ExportFormat::parse("csv").unwrap(), ExportFormat::Csv);
    assert_eq!(ExportFormat::parse("json").unwrap(), ExportFormat::Json);
    assert!(ExportFormat::parse("xlsx").is_err());
}

#[test]
fn a_captioned_picture_has_its_title_source_and_credit() {
    let view = seed();
    let meta = &view.catalog().dataset().meta;
    let picture = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"300\" viewBox=\"0 0 600 300\"><rect width=\"600\" height=\"300\" fill=\"#abcdef\"/></svg>";
    let out = captioned(meta, picture, "Map", 600.0, 300.0, &Theme::light(), 2.0);
    let doc = roxmltree::Document::parse(&out.svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("1200"));
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 600 {}", out.height).as_str())
    );
    assert!(out.height > 300.0 + 60.0);
    assert!(root
        .attribute("font-family")
        .unwrap()
        .ends_with("sans-serif"));
    let text: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("How states curbed"), "{text}");
    assert!(text.contains("Map"));
    assert!(
        text.contains("Source: Voice of America (VOA), 28 September 2017"),
        "{text}"
    );
    assert!(text.contains("By Kim Youngnam"), "{text}");
    assert!(source_line(meta).contains("globalsecurity.org"));
    assert!(credit_line(meta).ends_with("Graphic: sanctions-tracker"));
    assert!(
        doc.descendants()
            .any(|n| n.attribute("fill") == Some("#abcdef")),
        "the picture is inside"
    );
}
