//! The pictures show the schema_version 2 facts of the synthetic
//! 35-country tracker (tests/fixtures/tracker-35.json): the timeline's
//! periods span their days (open ones to the axis end), findings and
//! confidence have their own marks and legend entries (only when used);
//! figures label bounds "≥ 120", "≤ 40", "120-300" and draw both values
//! two sources give for one date. Labels never overlap at 280-1200 px.
//! With `RENDER_OUT=dir` the SVGs are written there to look at.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::text_boxes;
use sanctions_tracker::chart::{render_figure, render_timeline, Picture, Theme};
use sanctions_tracker::model::{Confidence, Dataset, Step};
use sanctions_tracker::validate::load_str;

const FIXTURE: &str = include_str!("fixtures/tracker-35.json");
const WIDTHS: [f64; 5] = [280.0, 360.0, 600.0, 900.0, 1200.0];

fn dataset() -> Dataset {
    load_str(FIXTURE).expect("the v2 fixture loads").dataset
}

/// Writes the picture to `$RENDER_OUT/name.svg` when that variable is set.
fn save(name: &str, pic: &Picture) {
    if let Ok(dir) = std::env::var("RENDER_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}.svg"), &pic.svg).unwrap();
    }
}

fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// The numbers of a path's `d` (or of any attribute).
fn numbers(d: &str) -> Vec<f64> {
    d.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// No two texts overlap, all lie inside the picture, no inline style.
fn assert_no_overlaps(pic: &Picture, what: &str) {
    assert!(!pic.svg.contains("style="), "{what}: inline style");
    let doc = roxmltree::Document::parse(&pic.svg).expect("well-formed SVG");
    let w: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    let boxes = text_boxes(&doc);
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(
            ra.x >= -0.5 && ra.right() <= w + 0.5 && ra.bottom() <= pic.height + 0.5,
            "{what}: {a:?} {ra:?} outside"
        );
        for (b, rb) in boxes.iter().skip(i + 1) {
            assert!(
                !ra.overlaps(rb, 0.5),
                "{what}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
    for row in &pic.alt.table.rows {
        assert_eq!(row.len(), pic.alt.table.headers.len(), "{what}");
    }
}

fn timeline(d: &Dataset, width: f64) -> Picture {
    let steps: Vec<&Step> = d.steps.iter().collect();
    render_timeline(&steps, &d.countries, &d.resolutions, width, &Theme::light()).unwrap()
}

/// The x range of the axis line (the x-axis group's first path).
fn axis_ends(doc: &roxmltree::Document) -> (f64, f64) {
    let axis = doc
        .descendants()
        .find(|n| has_class(n, "x-axis"))
        .expect("an x axis");
    let d = axis
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .and_then(|p| p.attribute("d"))
        .expect("the axis line");
    let n = numbers(d);
    (n[0], n[2])
}

#[test]
fn timeline_spans_periods_from_first_to_last_day_and_open_ones_to_the_axis_end() {
    let d = dataset();
    for w in [360.0, 1200.0] {
        let pic = timeline(&d, w);
        let doc = roxmltree::Document::parse(&pic.svg).unwrap();
        let (a0, a1) = axis_ends(&doc);
        let step = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("data-step") == Some(id))
                .unwrap_or_else(|| panic!("step {id} drawn"))
        };
        // The span's rect, as (left, right).
        let span = |id: &str| {
            let r = step(id)
                .children()
                .find(|c| c.has_tag_name("rect"))
                .expect("a span");
            let x: f64 = r.attribute("x").unwrap().parse().unwrap();
            let width: f64 = r.attribute("width").unwrap().parse().unwrap();
            (x, x + width)
        };
        // syn-7: June 2019 - January 2020; syn-70: February 2018 - March 2019.
        let (s7, s70) = (span("syn-7"), span("syn-70"));
        assert!(has_class(&step("syn-7"), "period"));
        // Scale from these two: each end maps to its day on one linear axis.
        let day = |y, m, dd| sanctions_tracker::date::days_from_civil(y, m, dd) as f64;
        let (d70a, d70b) = (day(2018, 2, 1), day(2019, 4, 1));
        let px_per_day = (s70.1 - s70.0) / (d70b - d70a);
        let x_of = |t: f64| s70.0 + (t - d70a) * px_per_day;
        assert!((x_of(day(2019, 6, 1)) - s7.0).abs() <= 1.5, "{w}: {s7:?}");
        assert!((x_of(day(2020, 2, 1)) - s7.1).abs() <= 1.5, "{w}: {s7:?}");
        // Both within the axis.
        assert!(s7.0 >= a0 && s7.1 <= a1 && s70.0 >= a0);
        // syn-8: since 20 August 2017, open: from its day to the axis end, with an arrow.
        let open = step("syn-8");
        assert!(has_class(&open, "open") && has_class(&open, "period"));
        let s8 = span("syn-8");
        assert!((x_of(day(2017, 8, 20)) - s8.0).abs() <= 1.5, "{w}: {s8:?}");
        assert!(s8.1 >= a1 - 8.0, "{w}: open span ends {} before {a1}", s8.1);
        // The arrowhead: a closed path whose tip is the span's end.
        assert!(
            open.children().any(|c| c
                .attribute("d")
                .is_some_and(|d| d.ends_with('Z') && (numbers(d)[0] - s8.1).abs() <= 1.0)),
            "{w}: an arrow at the open end"
        );
    }
}

#[test]
fn findings_confidence_and_inferred_dates_have_their_marks_and_legend_entries() {
    let d = dataset();
    let pic = timeline(&d, 900.0);
    let doc = roxmltree::Document::parse(&pic.svg).unwrap();
    let steps: Vec<_> = doc.descendants().filter(|n| has_class(n, "step")).collect();
    assert_eq!(steps.len(), d.steps.len());
    for s in &d.steps {
        let g = steps
            .iter()
            .find(|n| n.attribute("data-step") == Some(s.id.as_str()))
            .unwrap();
        assert_eq!(has_class(g, "kind-finding"), s.is_finding(), "{}", s.id);
        if let Some(c) = s.confidence {
            assert!(has_class(g, &format!("confidence-{}", c.key())), "{}", s.id);
        }
        let ringed = g.descendants().any(|n| has_class(&n, "confidence-ring"));
        assert_eq!(
            ringed,
            matches!(s.confidence, Some(Confidence::Medium | Confidence::Low)),
            "{}",
            s.id
        );
        assert_eq!(has_class(g, "date-inferred"), s.date_inferred, "{}", s.id);
        // A finding's mark is in the text colour, never its measure's.
        if s.is_finding() {
            let text = Theme::light().text.to_hex();
            assert!(
                g.descendants()
                    .filter(|n| n.has_tag_name("path") || n.has_tag_name("polygon"))
                    .all(|n| n.attribute("stroke").map_or(true, |c| c == text)
                        && n.attribute("fill").map_or(true, |c| c == text
                            || c == Theme::light().background.to_hex()
                            || c == "none")),
                "{}",
                s.id
            );
        }
    }
    let legend: Vec<String> = doc
        .descendants()
        .filter(|n| has_class(n, "legend-item"))
        .map(|n| {
            n.descendants()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect()
        })
        .collect();
    for want in [
        "Finding (not a measure)",
        "Capped bar: period",
        "Arrow: since a date, still going",
        "Dashed ring: medium confidence",
        "Dotted ring: low confidence",
        "Dashed bar: date inferred",
    ] {
        assert!(legend.iter().any(|l| l == want), "{want} in {legend:?}");
    }
    // The text alternative says it all.
    let desc = &pic.alt.description;
    assert!(desc.contains("13 findings (not measures"), "{desc}");
    assert!(desc.contains("of low confidence (dotted ring)"), "{desc}");
    assert!(desc.contains("inferred by the editor"), "{desc}");
    assert!(desc.contains("to the end of the axis"), "{desc}");
    assert!(pic.alt.table.headers.iter().any(|h| h == "Confidence"));
    assert!(pic
        .alt
        .table
        .rows
        .iter()
        .any(|r| r[1].ends_with("(date inferred)")));
    assert!(pic.alt.table.rows.iter().any(|r| r[4] == "low?"));
}

#[test]
fn legend_entries_only_for_what_the_data_has() {
    let d = dataset();
    // Only measures of high confidence, dated to a day, none inferred.
    let plain: Vec<&Step> = d
        .steps
        .iter()
        .filter(|s| {
            !s.is_finding()
                && s.date.is_day()
                && !s.date_inferred
                && matches!(s.confidence, None | Some(Confidence::High))
        })
        .collect();
    assert!(!plain.is_empty());
    let pic =
        render_timeline(&plain, &d.countries, &d.resolutions, 600.0, &Theme::light()).unwrap();
    for absent in [
        "Finding",
        "Capped bar",
        "Arrow: since",
        "Dashed ring",
        "Dotted ring",
        "Dashed bar",
        "Bar: month",
    ] {
        assert!(!pic.svg.contains(absent), "{absent} in the legend");
    }
    assert!(
        !pic.alt.table.headers.iter().any(|h| h == "Confidence") || {
            plain.iter().any(|s| s.confidence.is_some())
        }
    );
}

#[test]
fn figures_label_bounds_and_draw_both_sources_of_a_date() {
    let d = dataset();
    let fig = |id: &str| d.figures.iter().find(|f| f.id == id).unwrap();
    // fig-5: 2016 between bounds, 2020 at most; fig-2: 2016 at least.
    let texts = |pic: &Picture| -> Vec<String> {
        let doc = roxmltree::Document::parse(&pic.svg).unwrap();
        text_boxes(&doc).into_iter().map(|(t, _)| t).collect()
    };
    let p5 = render_figure(fig("fig-5"), 600.0, &Theme::light()).unwrap();
    let v = &fig("fig-5").values[0];
    let range = format!(
        "{}-{}",
        sanctions_tracker::chart::format_number(v.at_least.unwrap()),
        sanctions_tracker::chart::format_number(v.at_most.unwrap())
    );
    assert!(texts(&p5).contains(&range), "{range} in {:?}", texts(&p5));
    assert!(p5.svg.contains("class=\"bar bound-range"));
    assert!(texts(&p5).iter().any(|t| t.starts_with("\u{2264} ")));
    assert!(p5.svg.contains("bound-at-most"));
    let p2 = render_figure(fig("fig-2"), 600.0, &Theme::light()).unwrap();
    let lo = sanctions_tracker::chart::format_number(fig("fig-2").values[0].at_least.unwrap());
    assert!(
        texts(&p2).contains(&format!("\u{2265} {lo}")),
        "{:?}",
        texts(&p2)
    );
    assert!(p2.svg.contains("bound-at-least"));
    assert!(p2.alt.table.headers.iter().any(|h| h == "Bound"));
    assert_eq!(p2.alt.table.rows[0][2], "lower bound");

    // fig-3: two sources give 2017; both bars drawn, side by side, a legend names both.
    let f3 = fig("fig-3");
    let p3 = render_figure(f3, 600.0, &Theme::light()).unwrap();
    let doc = roxmltree::Document::parse(&p3.svg).unwrap();
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| has_class(n, "bar") && n.attribute("data-date") == Some("2017"))
        .collect();
    assert_eq!(bars.len(), 2);
    let xs: Vec<f64> = bars
        .iter()
        .map(|b| {
            b.children()
                .find(|c| c.has_tag_name("rect"))
                .and_then(|r| r.attribute("x"))
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!((xs[0] - xs[1]).abs() > 4.0, "side by side: {xs:?}");
    assert_ne!(
        bars[0].attribute("data-source"),
        bars[1].attribute("data-source")
    );
    for s in &f3.sources {
        assert!(
            texts(&p3)
                .iter()
                .any(|t| t.starts_with(s.publisher.as_str())),
            "{} in the legend",
            s.publisher.as_str()
        );
    }
    assert!(p3
        .alt
        .description
        .contains("both are kept and drawn side by side"));
    assert!(p3.alt.table.headers.iter().any(|h| h == "Source"));
    assert!(p3.alt.table.headers.iter().any(|h| h == "Confidence"));
    // The value's note (why it differs) is in the table and under the chart.
    let noted = f3.values.iter().find(|v| v.note.is_some()).unwrap();
    let note = noted.note.as_ref().unwrap().as_str();
    assert!(p3
        .alt
        .table
        .rows
        .iter()
        .any(|r| r.last().is_some_and(|c| c.contains(note))));

    // fig-0 (a level): both values of July 2017 drawn as dots.
    let p0 = render_figure(fig("fig-0"), 600.0, &Theme::light()).unwrap();
    let doc = roxmltree::Document::parse(&p0.svg).unwrap();
    let dots = doc
        .descendants()
        .filter(|n| has_class(n, "dot") && n.attribute("data-date") == Some("2017-07"))
        .count();
    assert_eq!(dots, 2);
    // Low confidence values are marked.
    for f in &d.figures {
        let pic = render_figure(f, 600.0, &Theme::light()).unwrap();
        let marked = pic.svg.matches("confidence-outline").count();
        let doubtful = f
            .values
            .iter()
            .filter(|v| matches!(v.confidence, Some(Confidence::Medium | Confidence::Low)))
            .count();
        assert_eq!(marked, doubtful, "{}", f.id);
    }
}

#[test]
fn v2_pictures_never_overlap_labels_at_any_width() {
    let d = dataset();
    for w in WIDTHS {
        let t = timeline(&d, w);
        assert_no_overlaps(&t, &format!("timeline at {w}"));
        save(&format!("v2-timeline-{w}"), &t);
        for f in &d.figures {
            let pic = render_figure(f, w, &Theme::light()).unwrap();
            assert_no_overlaps(&pic, &format!("{} at {w}", f.id));
            save(&format!("v2-{}-{w}", f.id), &pic);
            let dark = render_figure(f, w, &Theme::dark()).unwrap();
            save(&format!("v2-{}-{w}-dark", f.id), &dark);
        }
    }
}

#[test]
fn map_outlines_findings_only_countries_and_says_so_in_the_legend() {
    use sanctions_tracker::chart::map::{render_map, MapState};
    let d = dataset();
    let only: Vec<&str> = d
        .countries
        .iter()
        .filter(|c| {
            d.steps_of(&c.code).next().is_some() && d.steps_of(&c.code).all(|s| s.is_finding())
        })
        .map(|c| c.code.as_str())
        .collect();
    assert!(!only.is_empty(), "the fixture has findings-only countries");
    for w in [360.0, 1200.0] {
        let map = render_map(&d, &MapState::all(&d), w, &Theme::light()).unwrap();
        save(&format!("v2-map-{w}"), &map.picture);
        let svg = &map.picture.svg;
        assert!(!svg.contains("style="));
        let doc = roxmltree::Document::parse(svg).unwrap();
        for code in &only {
            // Plain land: no measure class on its shape, a dashed outline over it.
            let country = doc
                .descendants()
                .find(|n| has_class(n, "country") && n.attribute("data-code") == Some(code));
            if let Some(c) = country {
                assert!(!has_class(&c, "has-data"), "{code} is not coloured");
            }
            let outline = doc
                .descendants()
                .find(|n| has_class(n, "has-finding") && n.attribute("data-code") == Some(code))
                .unwrap_or_else(|| panic!("{code} outlined at {w}"));
            assert!(outline.attribute("stroke-dasharray").is_some());
        }
        assert!(svg.contains("Findings only: dashed outline"));
        assert!(map
            .picture
            .alt
            .description
            .contains("only findings (not measures)"));
    }
    // Without findings, no such legend entry.
    let mut plain = d.clone();
    plain.steps.retain(|s| !s.is_finding());
    let map = render_map(&plain, &MapState::all(&plain), 600.0, &Theme::light()).unwrap();
    assert!(!map.picture.svg.contains("Findings only"));
    assert!(!map.picture.svg.contains("has-finding"));
}
