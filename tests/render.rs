//! The charts' public API on a realistic dataset (the seed story's figures
//! and steps, built here from the model types): structure of each SVG, its
//! text alternative, escaping of hostile text, labels that never overlap at
//! any width, and no panic on degenerate data.
//! Native only (roxmltree is a native dev-dependency); the same pictures are
//! checked in a browser by tests/render_browser.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use sanctions_tracker::chart::{
    render_figure, render_figure_with, render_timeline, FigureOptions, Picture, Rect, Theme,
};
use sanctions_tracker::model::{
    Country, Figure, FigureKind, FigureValue, Measure, Region, Resolution, Source, Stage, Step,
    StepKind, Text,
};
use sanctions_tracker::PartialDate;

const WIDTHS: [f64; 4] = [280.0, 320.0, 600.0, 1200.0];

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn voa() -> Source {
    Source {
        publisher: Text::from("Voice of America"),
        url: "https://www.voanews.com/".into(),
        title: Some(Text::from(
            "North Korean Workers Overseas Feeling Sanctions' Squeeze",
        )),
        title_inferred: false,
        date: Some(date("2017-09-28")),
        quote: None,
    }
}

fn value(d: &str, v: f64, approximate: bool, covers: Option<&str>) -> FigureValue {
    FigureValue {
        date: date(d).into(),
        value: Some(v),
        at_least: None,
        at_most: None,
        peak: false,
        approximate,
        covers: covers.map(Text::from),
        source: None,
        confidence: None,
        note: None,
    }
}

fn visas() -> Figure {
    Figure {
        id: "pl-work-visas".into(),
        country: "PL".into(),
        metric: Text::from("Work visas issued by the Polish consul in Pyongyang"),
        unit: Text::from("visas"),
        kind: FigureKind::PerPeriod,
        values: vec![
            value("2014", 147.0, false, None),
            value("2015", 129.0, false, None),
            value("2016", 0.0, false, None),
            value("2017", 0.0, false, Some("up to late September 2017")),
        ],
        sources: vec![voa()],
        confidence: None,
        note: None,
    }
}

fn workers() -> Figure {
    Figure {
        id: "pl-workers".into(),
        country: "PL".into(),
        metric: Text::from("North Korean workers employed in Poland"),
        unit: Text::from("workers"),
        kind: FigureKind::Level,
        values: vec![
            value("2016-07", 550.0, false, None),
            value("2017-01", 400.0, true, None),
        ],
        sources: vec![voa()],
        confidence: None,
        note: Some(Text::from("Polish government estimates.")),
    }
}

fn countries() -> Vec<Country> {
    [
        ("PL", "Poland", Region::Europe),
        ("SN", "Senegal", Region::Africa),
        ("KW", "Kuwait", Region::MiddleEast),
        ("QA", "Qatar", Region::MiddleEast),
    ]
    .into_iter()
    .map(|(code, name, region)| Country {
        code: code.into(),
        name: Text::from(name),
        regions: vec![region],
        un_member: true,
    })
    .collect()
}

fn resolutions() -> Vec<Resolution> {
    vec![
        Resolution {
            id: "2371".into(),
            adopted: date("2017-08-05"),
            requires: Text::from("No additional North Korean workers."),
        },
        Resolution {
            id: "2375".into(),
            adopted: date("2017-09-11"),
            requires: Text::from("No new work authorizations for North Korean workers."),
        },
    ]
}

fn step(id: &str, country: &str, d: &str, measure: Measure, status: Stage, what: &str) -> Step {
    Step {
        id: id.into(),
        country: country.into(),
        kind: StepKind::Measure,
        finding: None,
        date: date(d).into(),
        date_inferred: false,
        date_kind: Some(if status == Stage::Reported {
            Stage::Reported
        } else {
            status
        }),
        measure: Some(measure),
        description: Text::from(what),
        resolutions: vec!["2371".into()],
        status: Some(status),
        confidence: None,
        sources: vec![voa()],
        disputes: Vec::new(),
        note: None,
    }
}

fn steps() -> Vec<Step> {
    vec![
        step(
            "pl-work-permits",
            "PL",
            "2017-09-27",
            Measure::WorkPermitFreeze,
            Stage::Announced,
            "Provincial offices told to withhold decisions on work permits.",
        ),
        step(
            "kw-visas",
            "KW",
            "2017-08",
            Measure::VisaSuspension,
            Stage::InForce,
            "Entry visas of any kind stopped.",
        ),
        step(
            "kw-residence",
            "KW",
            "2017-08",
            Measure::ResidenceRestriction,
            Stage::InForce,
            "Expired residency permits not renewed.",
        ),
        step(
            "sn-visas",
            "SN",
            "2017-09",
            Measure::VisaSuspension,
            Stage::Reported,
            "Entry and short-stay visas suspended.",
        ),
        step(
            "qa-approvals",
            "QA",
            "2017-09",
            Measure::EmploymentApprovalHalt,
            Stage::Reported,
            "Approvals of employment requests discontinued.",
        ),
        step(
            "qa-residence",
            "QA",
            "2017-09",
            Measure::ResidenceRestriction,
            Stage::Reported,
            "Renewal of residence discontinued.",
        ),
    ]
}

fn timeline(width: f64, theme: &Theme) -> Picture {
    let steps = steps();
    let refs: Vec<&Step> = steps.iter().collect();
    render_timeline(&refs, &countries(), &resolutions(), width, theme).unwrap()
}

/// Writes the picture to `$RENDER_OUT/name.svg` when that variable is set
/// (to look at the pictures); does nothing otherwise.
fn save(name: &str, pic: &Picture) {
    if let Ok(dir) = std::env::var("RENDER_OUT") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}.svg"), &pic.svg).unwrap();
    }
}

/// Parses the SVG (panicking with the document if it is not XML) and checks
/// what every picture must have.
fn check_common(pic: &Picture) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(&pic.svg)
        .unwrap_or_else(|e| panic!("not XML: {e}\n{}", pic.svg));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let w: f64 = root.attribute("width").unwrap().parse().unwrap();
    let h: f64 = root.attribute("height").unwrap().parse().unwrap();
    assert_eq!(
        root.attribute("viewBox"),
        Some(
            format!(
                "0 0 {} {}",
                root.attribute("width").unwrap(),
                root.attribute("height").unwrap()
            )
            .as_str()
        )
    );
    assert!((h - pic.height).abs() < 0.1);
    assert!((280.0..=1200.0).contains(&w));
    // aria-labelledby names the title and desc, which hold the text alternative.
    let ids: Vec<&str> = root
        .attribute("aria-labelledby")
        .unwrap()
        .split(' ')
        .collect();
    assert_eq!(ids.len(), 2);
    let title = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(ids[0]))
        .unwrap();
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(title.text().unwrap_or(""), pic.alt.title);
    let desc = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(ids[1]))
        .unwrap();
    assert_eq!(desc.tag_name().name(), "desc");
    assert_eq!(desc.text().unwrap_or(""), pic.alt.description);
    assert!(!pic.alt.description.is_empty());
    // No inline styles, scripts or event handlers anywhere.
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            assert_ne!(
                a.name(),
                "style",
                "style attribute on <{}>",
                n.tag_name().name()
            );
            assert!(
                !a.name().starts_with("on"),
                "handler {} on <{}>",
                a.name(),
                n.tag_name().name()
            );
        }
        assert_ne!(n.tag_name().name(), "script");
        assert_ne!(n.tag_name().name(), "foreignObject");
    }
    assert!(!pic.svg.contains("style="));
    // Every table row has a cell per heading.
    for row in &pic.alt.table.rows {
        assert_eq!(row.len(), pic.alt.table.headers.len());
    }
    doc
}

/// The box of every `<text>` element (none of them rotated).
fn text_boxes(doc: &roxmltree::Document) -> Vec<(String, Rect)> {
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        assert!(n.attribute("transform").is_none(), "rotated text");
    }
    common::text_boxes(doc)
}

/// Whether the element's class list has `class`.
fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

/// The elements of `doc` with `class`.
fn with_class<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
    class: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| has_class(n, class)).collect()
}

/// The boxes of the figure charts' bars and dots.
fn mark_boxes(doc: &roxmltree::Document) -> Vec<Rect> {
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| has_class(n, "bar") || has_class(n, "dot"))
        .filter_map(|g| {
            g.children()
                .find(|c| c.is_element() && !c.has_tag_name("title"))
        })
        .map(|s| match s.tag_name().name() {
            "rect" => Rect::new(
                num(&s, "x"),
                num(&s, "y"),
                num(&s, "width"),
                num(&s, "height"),
            ),
            _ => {
                let r = num(&s, "r");
                Rect::new(num(&s, "cx") - r, num(&s, "cy") - r, 2.0 * r, 2.0 * r)
            }
        })
        .collect()
}

/// Asserts that no two texts overlap, that none covers a bar or dot, and
/// that all lie inside the picture.
fn assert_no_overlaps(pic: &Picture, what: &str) {
    let doc = check_common(pic);
    let root = doc.root_element();
    let w: f64 = root.attribute("width").unwrap().parse().unwrap();
    let boxes = text_boxes(&doc);
    assert!(!boxes.is_empty());
    for m in mark_boxes(&doc) {
        for (t, r) in &boxes {
            assert!(
                !r.overlaps(&m, 0.5),
                "{what}: {t:?} {r:?} covers a mark {m:?}"
            );
        }
    }
    for (i, (a, ra)) in boxes.iter().enumerate() {
        assert!(
            ra.x >= -0.5
                && ra.right() <= w + 0.5
                && ra.y >= -0.5
                && ra.bottom() <= pic.height + 0.5,
            "{what}: {a:?} {ra:?} outside {w}x{}",
            pic.height
        );
        for (b, rb) in boxes.iter().skip(i + 1) {
            assert!(
                !ra.overlaps(rb, 0.5),
                "{what}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
}

fn texts(doc: &roxmltree::Document) -> Vec<String> {
    text_boxes(doc).into_iter().map(|(t, _)| t).collect()
}

#[test]
fn bar_chart_of_visas_per_year() {
    let opts = FigureOptions {
        id: Some("w1-visas"),
        country_name: Some("Poland"),
    };
    let pic = render_figure_with(&visas(), 600.0, &Theme::light(), &opts).unwrap();
    save("figure-visas-600", &pic);
    let doc = check_common(&pic);
    let bars = with_class(&doc, "bar");
    assert_eq!(bars.len(), 4);
    // Each bar is drawn, zeros included (as a stub on the baseline), and has a tooltip.
    for bar in &bars {
        let rect = bar.children().find(|c| c.has_tag_name("rect")).unwrap();
        let h: f64 = rect.attribute("height").unwrap().parse().unwrap();
        assert!(h >= 2.0, "bar too thin to see: {h}");
        assert!(bar.children().any(|c| c.has_tag_name("title")));
    }
    let zeros = bars
        .iter()
        .filter(|b| b.attribute("class").unwrap().contains("zero"))
        .count();
    assert_eq!(zeros, 2);
    let t = texts(&doc);
    for label in ["147", "129", "0", "0\u{b9}", "2014", "2015", "2016", "2017"] {
        assert!(t.iter().any(|s| s == label), "no label {label:?} in {t:?}");
    }
    assert!(t.iter().any(|s| s.starts_with("Source: Voice of America")));
    assert!(t.iter().any(|s| s.contains("up to late September 2017")));
    assert_eq!(
        pic.alt.title,
        "Work visas issued by the Polish consul in Pyongyang, Poland"
    );
    assert!(pic
        .alt
        .description
        .contains("147 in 2014, 129 in 2015, 0 in 2016 and 0 in 2017 (up to late September 2017)"));
    assert_eq!(pic.alt.table.rows.len(), 4);
    assert_eq!(pic.alt.table.rows[2], vec!["2016", "0", ""]);
    assert!(pic
        .svg
        .contains("aria-labelledby=\"w1-visas-title w1-visas-desc\""));
}

#[test]
fn line_chart_of_workers_keeps_month_precision_and_approximation() {
    let pic = render_figure(&workers(), 600.0, &Theme::dark()).unwrap();
    save("figure-workers-600-dark", &pic);
    let doc = check_common(&pic);
    let dots = with_class(&doc, "dot");
    assert_eq!(dots.len(), 2);
    let approximate: Vec<_> = dots
        .iter()
        .filter(|d| d.attribute("class").unwrap().contains("approximate"))
        .collect();
    assert_eq!(approximate.len(), 1);
    assert_eq!(approximate[0].attribute("data-date"), Some("2017-01"));
    // The approximate dot is hollow: its ring has no fill.
    assert!(approximate[0]
        .children()
        .any(|c| c.has_tag_name("circle") && c.attribute("fill") == Some("none")));
    let t = texts(&doc);
    for label in ["550", "~400", "Jul 2016", "Jan 2017"] {
        assert!(t.iter().any(|s| s == label), "no label {label:?} in {t:?}");
    }
    assert!(t
        .iter()
        .any(|s| s.contains("Approximate value (hollow dot)")));
    assert!(t.iter().any(|s| s == "Polish government estimates."));
    // A month sits in the middle of its month: the dot is centred on the
    // whisker that spans July 2016.
    let dot_x: f64 = dots[0]
        .descendants()
        .find(|c| c.has_tag_name("circle"))
        .and_then(|c| c.attribute("cx"))
        .unwrap()
        .parse()
        .unwrap();
    let cy = dots[0]
        .descendants()
        .find(|c| c.has_tag_name("circle"))
        .and_then(|c| c.attribute("cy"))
        .unwrap();
    let whisker = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("path")
                && n.attribute("stroke-width") == Some("2")
                && n.attribute("d").is_some_and(|d| {
                    let nums: Vec<&str> =
                        d.split(['M', 'L', ' ']).filter(|s| !s.is_empty()).collect();
                    nums.len() == 4 && nums[1] == cy && nums[3] == cy
                })
        })
        .unwrap();
    let d = whisker.attribute("d").unwrap();
    let nums: Vec<f64> = d
        .split(['M', 'L', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(
        (dot_x - (nums[0] + nums[2]) / 2.0).abs() <= 1.0,
        "{dot_x} vs {nums:?}"
    );
    assert!(
        nums[2] - nums[0] > 20.0,
        "a month is more than a point: {nums:?}"
    );
    assert!(pic
        .alt
        .description
        .contains("550 in July 2016 and about 400 in January 2017"));
}

#[test]
fn timeline_of_the_seed_story() {
    let pic = timeline(800.0, &Theme::light());
    save("timeline-800", &pic);
    let doc = check_common(&pic);
    let steps: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("step ")))
        .collect();
    assert_eq!(steps.len(), 6);
    for s in &steps {
        assert!(s.attribute("data-step").is_some());
        assert!(s.children().any(|c| c.has_tag_name("title")));
    }
    let announced = steps
        .iter()
        .filter(|s| s.attribute("class").unwrap().contains("status-announced"))
        .count();
    assert_eq!(announced, 1);
    let rows: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("row"))
        .map(|n| n.attribute("data-country").unwrap())
        .collect();
    assert_eq!(rows, vec!["PL", "SN", "KW", "QA"]);
    let rules: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("resolution"))
        .map(|n| n.attribute("data-resolution").unwrap())
        .collect();
    assert_eq!(rules, vec!["2371", "2375"]);
    let t = texts(&doc);
    for label in [
        "Poland",
        "Senegal",
        "Kuwait",
        "Qatar",
        "Res. 2371, 5 Aug 2017",
        "Work-permit freeze",
        "Visa suspension",
        "Residence restriction",
        "Employment-approval halt",
        "Hollow: announced",
    ] {
        assert!(t.iter().any(|s| s == label), "no label {label:?} in {t:?}");
    }
    // Kuwait's two August steps overlap in time: they are stacked, not drawn on each other.
    let kw: Vec<f64> = steps
        .iter()
        .filter(|s| s.attribute("data-country") == Some("KW"))
        .map(|s| {
            // The first shape is the bar across the month, centred on the lane.
            let bar = s.children().find(|c| c.has_tag_name("rect")).unwrap();
            bar.attribute("y").unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(kw.len(), 2);
    assert!(
        (kw[0] - kw[1]).abs() >= 10.0,
        "Kuwait's steps share a lane: {kw:?}"
    );
    assert_eq!(pic.alt.table.rows.len(), 6);
    assert_eq!(pic.alt.table.rows[0][0], "Poland");
    assert!(pic
        .alt
        .description
        .starts_with("6 steps by 4 countries, from August 2017 to 27 September 2017."));
    assert!(pic
        .alt
        .description
        .contains("resolution 2371 (5 August 2017) and resolution 2375 (11 September 2017)"));
}

#[test]
fn labels_never_overlap_at_any_width() {
    for theme in [Theme::light(), Theme::dark()] {
        for w in WIDTHS {
            let v = render_figure(&visas(), w, &theme).unwrap();
            assert_no_overlaps(&v, &format!("visas at {w}"));
            let l = render_figure(&workers(), w, &theme).unwrap();
            assert_no_overlaps(&l, &format!("workers at {w}"));
            let t = timeline(w, &theme);
            assert_no_overlaps(&t, &format!("timeline at {w}"));
            if theme == Theme::light() {
                save(&format!("figure-visas-{w}"), &v);
                save(&format!("figure-workers-{w}"), &l);
                save(&format!("timeline-{w}"), &t);
            }
        }
    }
}

#[test]
fn many_values_and_long_texts_still_do_not_overlap() {
    let mut fig = visas();
    fig.values = (1990..2024)
        .map(|y| {
            value(
                &y.to_string(),
                f64::from((y * 37) % 1000) * 1000.0,
                y % 5 == 0,
                None,
            )
        })
        .collect();
    fig.metric = Text::from("A very long metric name that certainly needs wrapping onto several lines at phone width, and then some more words");
    let mut many_countries = Vec::new();
    let mut many_steps = Vec::new();
    for i in 0..40 {
        let code = format!("C{i:02}");
        many_countries.push(Country {
            code: code.clone(),
            name: Text::from(format!("The Democratic Republic of Country Number {i}")),
            regions: vec![Region::Asia],
            un_member: true,
        });
        for j in 0..4 {
            many_steps.push(step(
                &format!("{code}-{j}"),
                &code,
                &format!("2017-{:02}", 1 + (i + j) % 12),
                Measure::ALL[(i + j) % 7],
                [Stage::Announced, Stage::InForce, Stage::Reported][j % 3],
                "x",
            ));
        }
    }
    let refs: Vec<&Step> = many_steps.iter().collect();
    for w in WIDTHS {
        let pic = render_figure(&fig, w, &Theme::light()).unwrap();
        assert_no_overlaps(&pic, &format!("34 bars at {w}"));
        save(&format!("many-bars-{w}"), &pic);
        let t =
            render_timeline(&refs, &many_countries, &resolutions(), w, &Theme::light()).unwrap();
        assert_no_overlaps(&t, &format!("40 countries at {w}"));
        save(&format!("many-countries-{w}"), &t);
    }
}

const HOSTILE: &str = "<script>alert('x')</script> </svg> \"q\" 'a' & &amp; ]]> <!-- -->";

#[test]
fn hostile_text_is_escaped_everywhere() {
    let hostile = Text::from(HOSTILE);
    let source = Source {
        publisher: hostile.clone(),
        url: "https://example.com/?a=<b>&c=\"d\"".into(),
        title: Some(hostile.clone()),
        title_inferred: false,
        date: Some(date("2017-09-28")),
        quote: None,
    };
    let mut fig = visas();
    fig.id = HOSTILE.into();
    fig.metric = hostile.clone();
    fig.unit = hostile.clone();
    fig.note = Some(hostile.clone());
    fig.sources = vec![source.clone()];
    for v in &mut fig.values {
        v.covers = Some(hostile.clone());
    }
    let mut level = fig.clone();
    level.kind = FigureKind::Level;
    let countries: Vec<Country> = countries()
        .into_iter()
        .map(|mut c| {
            c.name = hostile.clone();
            c.code = HOSTILE.into();
            c
        })
        .collect();
    let mut steps = steps();
    for s in &mut steps {
        s.id = HOSTILE.into();
        s.country = HOSTILE.into();
        s.description = hostile.clone();
        s.sources = vec![source.clone()];
    }
    let resolutions: Vec<Resolution> = resolutions()
        .into_iter()
        .map(|mut r| {
            r.id = HOSTILE.into();
            r.requires = hostile.clone();
            r
        })
        .collect();
    let refs: Vec<&Step> = steps.iter().collect();
    let opts = FigureOptions {
        id: Some(HOSTILE),
        country_name: Some(HOSTILE),
    };
    for w in WIDTHS {
        let pics = [
            render_figure_with(&fig, w, &Theme::light(), &opts).unwrap(),
            render_figure_with(&level, w, &Theme::dark(), &opts).unwrap(),
            render_timeline(&refs, &countries, &resolutions, w, &Theme::light()).unwrap(),
        ];
        for pic in &pics {
            assert!(!pic.svg.contains("<script"), "{}", pic.svg);
            assert!(!pic.svg.contains("<!--"));
            assert!(!pic.svg.contains("]]>"));
            assert_eq!(pic.svg.matches("</svg>").count(), 1);
            assert!(pic.svg.ends_with("</svg>"));
            let doc = check_common(pic);
            // The hostile text arrives intact as text, not as markup.
            assert!(doc.descendants().any(|n| n
                .text()
                .is_some_and(|t| t.contains("<script>alert('x')</script>"))));
        }
    }
}

#[test]
fn degenerate_data_never_panics() {
    let theme = Theme::light();
    let mut cases: Vec<Figure> = Vec::new();
    let base = visas();
    for values in [
        vec![],
        vec![value("2017", 0.0, false, None)],
        vec![value("2017-09-27", 5.0, true, None)],
        vec![
            value("2014", 1e300, false, None),
            value("2015", 0.0, false, None),
        ],
        vec![
            value("2014", 3.0, false, None),
            value("2015", 3.0, false, None),
            value("2016", 3.0, false, None),
        ],
        vec![
            value("2014", -40.0, false, None),
            value("2015", 12.5, false, None),
        ],
        vec![
            value("2014", f64::NAN, false, None),
            value("2015", f64::INFINITY, false, None),
        ],
        vec![
            value("2017", 1.0, false, None),
            value("2017-06", 2.0, false, None),
            value("2017-06-15", 3.0, false, None),
        ],
        vec![
            value("0001", 1.0, false, None),
            value("9999", 2.0, false, None),
        ],
    ] {
        for kind in [FigureKind::PerPeriod, FigureKind::Level] {
            let mut f = base.clone();
            f.values = values.clone();
            f.kind = kind;
            f.metric = Text::from("");
            cases.push(f);
        }
    }
    for fig in &cases {
        for w in [
            0.0,
            -5.0,
            f64::NAN,
            f64::INFINITY,
            280.0,
            333.3,
            1200.0,
            5000.0,
        ] {
            let pic = render_figure(fig, w, &theme).unwrap();
            check_common(&pic);
        }
        for w in WIDTHS {
            assert_no_overlaps(&render_figure(fig, w, &theme).unwrap(), "degenerate figure");
        }
    }

    // Timelines: empty, one step, one date for all, 200 countries, steps of unknown countries.
    let empty = render_timeline(&[], &[], &[], 600.0, &theme).unwrap();
    check_common(&empty);
    assert!(empty.alt.table.rows.is_empty());
    let no_steps = render_timeline(&[], &countries(), &resolutions(), 320.0, &theme).unwrap();
    check_common(&no_steps);
    let one = steps();
    let one_ref = [&one[0]];
    for w in WIDTHS {
        assert_no_overlaps(
            &render_timeline(&one_ref, &countries(), &[], w, &theme).unwrap(),
            "one step",
        );
    }
    let mut world = Vec::new();
    let mut world_steps = Vec::new();
    for i in 0..200 {
        let code = format!(
            "{}{}",
            (b'A' + (i / 26) as u8) as char,
            (b'A' + (i % 26) as u8) as char
        );
        world.push(Country {
            code: code.clone(),
            name: Text::from(format!("Country {code}")),
            regions: vec![Region::Europe],
            un_member: true,
        });
        world_steps.push(step(
            &format!("s{i}"),
            &code,
            "2017-09-11",
            Measure::ALL[i % 7],
            Stage::InForce,
            "x",
        ));
    }
    world_steps.push(step(
        "ghost",
        "ZZ",
        "2017",
        Measure::Other,
        Stage::Reported,
        "unknown country",
    ));
    let refs: Vec<&Step> = world_steps.iter().collect();
    for w in [280.0, 1200.0] {
        let pic = render_timeline(&refs, &world, &resolutions(), w, &theme).unwrap();
        assert_no_overlaps(&pic, "200 countries");
        let doc = check_common(&pic);
        assert_eq!(
            doc.descendants()
                .filter(|n| n.attribute("class") == Some("row"))
                .count(),
            201
        );
    }
}

#[test]
fn output_is_deterministic() {
    let a = render_figure(&visas(), 420.0, &Theme::light()).unwrap();
    let b = render_figure(&visas(), 420.0, &Theme::light()).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        timeline(420.0, &Theme::dark()),
        timeline(420.0, &Theme::dark())
    );
    assert_ne!(
        timeline(420.0, &Theme::dark()).svg,
        timeline(420.0, &Theme::light()).svg
    );
}

#[test]
fn period_bars_in_the_timeline_keep_graphic_contrast() {
    // A step dated to a month or year gets a bar across that period; it must be
    // as visible as the measure's own fill (>= 3:1 against the background).
    for theme in [Theme::light(), Theme::dark()] {
        let pic = timeline(320.0, &theme);
        let doc = check_common(&pic);
        let kuwait_visas = doc
            .descendants()
            .find(|n| n.attribute("data-step") == Some("kw-visas"))
            .expect("Kuwait's month-precision step is drawn");
        let bar = kuwait_visas
            .children()
            .find(|c| c.has_tag_name("rect"))
            .expect("a month-precision step has a period bar");
        let fill = bar.attribute("fill").unwrap_or_default();
        let want = theme.measure(Measure::VisaSuspension).fill.to_hex();
        assert_eq!(fill, want, "{:?} theme", theme.name);
        assert!(
            theme
                .measure(Measure::VisaSuspension)
                .fill
                .contrast(theme.background)
                >= 3.0
        );
    }
}

/// The synthetic 35-country tracker (schema_version 2: periods, half years,
/// findings, bounds, several sources per figure) draws at every width: each
/// picture is well-formed SVG with a text alternative, and a finding never
/// colours the map.
#[test]
fn the_v2_tracker_draws_at_every_width() {
    use sanctions_tracker::chart::map::{render_map, MapState};
    let loaded =
        sanctions_tracker::validate::load_str(include_str!("fixtures/tracker-35.json")).unwrap();
    let d = &loaded.dataset;
    let steps: Vec<&Step> = d.steps.iter().collect();
    for w in [280.0, 360.0, 1200.0] {
        for fig in &d.figures {
            let pic = render_figure(fig, w, &Theme::light()).unwrap();
            roxmltree::Document::parse(&pic.svg).unwrap();
            assert_eq!(pic.alt.table.rows.len(), fig.values.len(), "{}", fig.id);
        }
        let t = render_timeline(&steps, &d.countries, &d.resolutions, w, &Theme::dark()).unwrap();
        roxmltree::Document::parse(&t.svg).unwrap();
        assert_eq!(t.alt.table.rows.len(), d.steps.len());
        let map = render_map(d, &MapState::all(d), w, &Theme::light()).unwrap();
        roxmltree::Document::parse(&map.picture.svg).unwrap();
    }
    // A country whose only steps are findings is in the data but has no strongest measure.
    for c in &d.countries {
        if d.steps_of(&c.code).all(|s| s.is_finding()) {
            assert_eq!(d.strongest_measure(&c.code), None, "{}", c.code);
        }
    }
}
