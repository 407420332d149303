//! The map and the charts rendered by the core and put into a real page, in
//! headless Chromium (`wasm-pack test --headless --chrome`): what the native
//! tests (tests/render.rs, tests/map.rs) can only check as XML, checked here
//! as the browser lays it out.
//!
//! Each SVG is parsed with `DOMParser` as `image/svg+xml` (a strict XML
//! parse: any escaping mistake is a `<parsererror>`), imported into the
//! document and measured: the map's country groups and markers, the box of
//! Poland and hit testing at its centre, every text element's rendered width
//! against the Rust estimate the layout relied on, text boxes that never
//! overlap, the bars of the visas chart, and no inline `style` anywhere (a
//! strict Content Security Policy would block it).
#![cfg(target_arch = "wasm32")]

use sanctions_tracker::chart::map::{render_map, MapPicture, MapState, MapView};
use sanctions_tracker::chart::text::{text_width, FONT_STACK};
use sanctions_tracker::chart::{render_figure_with, render_timeline, FigureOptions, Theme};
use sanctions_tracker::geo::hit_test;
use sanctions_tracker::model::{Figure, Text};
use sanctions_tracker::Dataset;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Document, DomParser, Element, SupportedType, SvgGraphicsElement, SvgTextContentElement,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Widths every picture is checked at: the narrowest, a phone, a column, the widest.
const WIDTHS: [f64; 4] = [280.0, 320.0, 600.0, 1200.0];

/// How far the browser's text width may be from the Rust estimate, as a
/// fraction plus pixels: kerning, which the estimate ignores (Chromium 2025
/// with Debian's Liberation Sans 1.07: within 0.6 % on every seed label).
const TEXT_TOLERANCE: (f64, f64) = (0.02, 0.5);

/// The seed dataset as the widget loads it: `JSON.parse`, then
/// serde-wasm-bindgen into an untyped tree, then validation.
fn seed() -> Dataset {
    let js = js_sys::JSON::parse(sanctions_tracker::seed::SEED_JSON).unwrap();
    let tree: serde_json::Value = serde_wasm_bindgen::from_value(js).unwrap();
    sanctions_tracker::validate::load_value(tree)
        .unwrap()
        .dataset
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A picture on the page: its root `<svg>`, removed from the page when dropped.
struct Mounted(Element);

impl Drop for Mounted {
    fn drop(&mut self) {
        self.0.remove();
    }
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.0.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.dyn_into::<Element>().unwrap())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.0
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
    }
}

/// Parses `svg` as SVG/XML, checks it parsed cleanly, and appends it to the body.
fn mount(svg: &str) -> Mounted {
    let parser = DomParser::new().unwrap();
    let parsed = parser
        .parse_from_string(svg, SupportedType::ImageSvgXml)
        .unwrap();
    let errors = parsed.get_elements_by_tag_name("parsererror");
    assert_eq!(
        errors.length(),
        0,
        "the SVG does not parse: {:?}\n{svg}",
        errors.item(0).and_then(|e| e.text_content())
    );
    let root = parsed.document_element().unwrap();
    assert_eq!(root.tag_name(), "svg");
    assert_eq!(
        root.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    let doc = document();
    let imported = doc.import_node_with_deep(&root, true).unwrap();
    doc.body().unwrap().append_child(&imported).unwrap();
    Mounted(imported.dyn_into::<Element>().unwrap())
}

/// (x, y, width, height) of an element's box in the SVG's user units (= picture pixels).
fn bbox(e: &Element) -> (f64, f64, f64, f64) {
    let r = e
        .dyn_ref::<SvgGraphicsElement>()
        .unwrap_or_else(|| panic!("<{}> is not drawn", e.tag_name()))
        .get_b_box()
        .unwrap();
    (
        f64::from(r.x()),
        f64::from(r.y()),
        f64::from(r.width()),
        f64::from(r.height()),
    )
}

/// Checks every picture shares: drawn at the width asked, no inline style, no script.
fn check_common(m: &Mounted, width: f64, height: f64) {
    let rect = m.0.get_bounding_client_rect();
    assert!(
        (rect.width() - width).abs() < 0.5,
        "{} px wide",
        rect.width()
    );
    assert!(
        (rect.height() - height).abs() < 0.5,
        "{} px high",
        rect.height()
    );
    let styled = m.all("[style]");
    assert!(
        styled.is_empty(),
        "{} elements have a style attribute, first <{}>",
        styled.len(),
        styled[0].tag_name()
    );
    assert!(m.all("script").is_empty());
    assert!(m.all("foreignObject").is_empty());
}

/// Whether the browser sets `family` in a face of its own (compared with
/// monospace, whose widths differ from any proportional face).
fn font_installed(family: &str) -> bool {
    let probe = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"40\">\
        <text id=\"a\" x=\"0\" y=\"20\" font-size=\"16\" font-family=\"FAMILY, monospace\">Ill Www 0123</text>\
        <text id=\"b\" x=\"0\" y=\"20\" font-size=\"16\" font-family=\"monospace\">Ill Www 0123</text>\
        </svg>"
        .replace("FAMILY", family);
    let m = mount(&probe);
    let len = |id: &str| {
        m.one(id)
            .dyn_into::<SvgTextContentElement>()
            .unwrap()
            .get_computed_text_length()
    };
    (len("#a") - len("#b")).abs() > 1.0
}

/// Every text element's rendered width against the Rust estimate (when the
/// browser has Liberation Sans), and no two text boxes overlapping.
fn check_text(m: &Mounted, what: &str, liberation: bool) {
    let texts = m.all("text");
    assert!(!texts.is_empty(), "{what}: no text");
    let mut boxes = Vec::new();
    for t in &texts {
        let content = t.text_content().unwrap_or_default();
        if content.trim().is_empty() {
            continue;
        }
        let size: f64 = t
            .closest("[font-size]")
            .unwrap()
            .and_then(|e| e.get_attribute("font-size"))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no font-size for {content:?}"));
        let bold = t
            .closest("[font-weight]")
            .unwrap()
            .and_then(|e| e.get_attribute("font-weight"))
            .is_some_and(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600));
        let measured = f64::from(
            t.dyn_ref::<SvgTextContentElement>()
                .unwrap()
                .get_computed_text_length(),
        );
        let estimate = text_width(&content, size, bold);
        assert!(measured > 0.0, "{what}: {content:?} has no width");
        if liberation {
            let (frac, px) = TEXT_TOLERANCE;
            assert!(
                (measured - estimate).abs() <= estimate * frac + px,
                "{what}: {content:?} at {size}px{}: browser {measured:.1} px, Rust {estimate:.1} px",
                if bold { " bold" } else { "" }
            );
        }
        boxes.push((content, bbox(t)));
    }
    for (i, (a, ra)) in boxes.iter().enumerate() {
        for (b, rb) in &boxes[i + 1..] {
            let overlap_x = (ra.0 + ra.2).min(rb.0 + rb.2) - ra.0.max(rb.0);
            let overlap_y = (ra.1 + ra.3).min(rb.1 + rb.3) - ra.1.max(rb.1);
            assert!(
                overlap_x <= 1.0 || overlap_y <= 1.0,
                "{what}: {a:?} {ra:?} overlaps {b:?} {rb:?}"
            );
        }
    }
}

fn map(data: &Dataset, view: MapView, width: f64, theme: &Theme) -> MapPicture {
    let state = MapState {
        view,
        ..MapState::all(data)
    };
    render_map(data, &state, width, theme).unwrap()
}

#[wasm_bindgen_test]
fn the_font_stack_is_measured_as_the_browser_sets_it() {
    // Text widths are only compared when the browser has the face the Rust
    // metrics are of (Debian's chromium recommends fonts-liberation); the
    // note shows in the runner's output when a test fails or with --nocapture.
    assert!(FONT_STACK.starts_with("\"Liberation Sans\""));
    if !font_installed("Liberation Sans") {
        console_log!(
            "note: Liberation Sans is not installed in this browser; text widths are not compared \
             (Debian: apt-get install fonts-liberation)"
        );
        return;
    }
    let sample = "Łódź, Kuwait & Qatar: 147 visas in 2014 (~400 workers)";
    let escaped = sample.replace('&', "&amp;");
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"60\" font-family='{FONT_STACK}'>\
         <text id=\"r\" x=\"0\" y=\"20\" font-size=\"13\">{escaped}</text>\
         <text id=\"b\" x=\"0\" y=\"45\" font-size=\"17\" font-weight=\"bold\">{escaped}</text></svg>"
    );
    let m = mount(&svg);
    for (id, size, bold) in [("#r", 13.0, false), ("#b", 17.0, true)] {
        let measured = f64::from(
            m.one(id)
                .dyn_into::<SvgTextContentElement>()
                .unwrap()
                .get_computed_text_length(),
        );
        let estimate = text_width(sample, size, bold);
        let (frac, px) = TEXT_TOLERANCE;
        assert!(
            (measured - estimate).abs() <= estimate * frac + px,
            "{id}: browser {measured:.1} px, Rust {estimate:.1} px"
        );
    }
}

#[wasm_bindgen_test]
fn hangul_is_measured_as_the_browser_sets_it() {
    // Korean text falls through the stack's Latin faces to Noto Sans CJK KR
    // (Debian's fonts-noto-cjk, which `make test` installs); the Rust
    // metrics are that face's. Samples: the Korean forms lang.rs writes,
    // mixed with Latin and digits, in both weights.
    if !font_installed("Liberation Sans") || !font_installed("Noto Sans CJK KR") {
        console_log!(
            "note: Liberation Sans or Noto Sans CJK KR is not installed in this browser; Hangul \
             widths are not compared (Debian: apt-get install fonts-liberation fonts-noto-cjk)"
        );
        return;
    }
    let samples = [
        "2017년 9월 27일",
        "약 400명 · 결의 2375호",
        "추방·송환, 노동허가 동결 (Poland 147)",
        "중동 ㄱ 北朝鮮",
    ];
    let mut texts = String::new();
    for (i, s) in samples.iter().enumerate() {
        for (j, (size, weight)) in [(13.0, "normal"), (17.0, "bold")].into_iter().enumerate() {
            texts.push_str(&format!(
                "<text id=\"t{i}-{j}\" x=\"0\" y=\"{}\" font-size=\"{size}\" font-weight=\"{weight}\">{s}</text>",
                20 + 25 * (2 * i + j)
            ));
        }
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"240\" font-family='{FONT_STACK}'>{texts}</svg>"
    );
    let m = mount(&svg);
    for (i, s) in samples.iter().enumerate() {
        for (j, (size, bold)) in [(13.0, false), (17.0, true)].into_iter().enumerate() {
            let measured = f64::from(
                m.one(&format!("#t{i}-{j}"))
                    .dyn_into::<SvgTextContentElement>()
                    .unwrap()
                    .get_computed_text_length(),
            );
            let estimate = text_width(s, size, bold);
            let (frac, px) = TEXT_TOLERANCE;
            assert!(
                (measured - estimate).abs() <= estimate * frac + px,
                "{s:?} at {size}px: browser {measured:.1} px, Rust {estimate:.1} px"
            );
        }
    }
}

#[wasm_bindgen_test]
fn the_map_draws_the_story_countries() {
    let data = seed();
    let liberation = font_installed("Liberation Sans");
    for theme in [Theme::light(), Theme::dark()] {
        for view in [MapView::Story, MapView::World] {
            for w in WIDTHS {
                let what = format!("map {view:?} {w} {:?}", theme.name);
                let pic = map(&data, view, w, &theme);
                let m = mount(&pic.picture.svg);
                check_common(&m, w, pic.picture.height);
                for code in ["PL", "KW", "QA", "SN"] {
                    let sel = format!("g.country[data-code=\"{code}\"]");
                    assert!(
                        !m.all(&format!("g.country.has-data[data-code=\"{code}\"]"))
                            .is_empty(),
                        "{what}: {code} is not filled"
                    );
                    assert!(
                        !m.all(&format!("{sel} path")).is_empty(),
                        "{what}: {code} has no shape"
                    );
                }
                check_text(&m, &what, liberation);
            }
        }
    }
}

#[wasm_bindgen_test]
fn at_phone_width_kuwait_and_qatar_are_markers() {
    let data = seed();
    let pic = map(&data, MapView::Story, 320.0, &Theme::light());
    let m = mount(&pic.picture.svg);
    let mut markers: Vec<String> = m
        .all("g.marker[data-code]")
        .iter()
        .filter_map(|g| g.get_attribute("data-code"))
        .collect();
    markers.sort();
    assert_eq!(markers, ["KW", "QA"]);
    for code in ["KW", "QA"] {
        let g = m.one(&format!("g.marker[data-code=\"{code}\"]"));
        let (x, y, w, h) = bbox(&g);
        assert!(w > 0.0 && h > 0.0, "{code} marker is not drawn");
        // The marker as the browser drew it is where hit testing finds it.
        assert_eq!(
            hit_test(&pic.layout, x + w / 2.0, y + h / 2.0).as_deref(),
            Some(code),
            "{code} marker at ({x}, {y}, {w}, {h})"
        );
    }
    // Two markers drawn apart: their boxes do not overlap.
    let (a, b) = (
        bbox(&m.one("g.marker[data-code=\"KW\"]")),
        bbox(&m.one("g.marker[data-code=\"QA\"]")),
    );
    let apart = a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
    assert!(apart, "markers overlap: {a:?} {b:?}");
}

#[wasm_bindgen_test]
fn poland_as_drawn_is_where_hit_testing_finds_it() {
    let data = seed();
    for view in [MapView::Story, MapView::World] {
        for w in WIDTHS {
            let pic = map(&data, view, w, &Theme::light());
            let m = mount(&pic.picture.svg);
            let (x, y, bw, bh) = bbox(&m.one("g.country[data-code=\"PL\"]"));
            assert!(
                bw > 1.0 && bh > 1.0,
                "{view:?} {w}: Poland's box {bw} x {bh}"
            );
            assert!(x >= 0.0 && x + bw <= w, "{view:?} {w}: Poland is cut off");
            let (cx, cy) = (x + bw / 2.0, y + bh / 2.0);
            assert_eq!(
                hit_test(&pic.layout, cx, cy).as_deref(),
                Some("PL"),
                "{view:?} {w}: centre ({cx}, {cy}) of Poland's drawn box"
            );
            // Just outside the drawn box is not Poland (unless a marker for
            // Poland, whose tap area is wider than the shape, is there).
            if !pic.layout.markers.iter().any(|mk| mk.code == "PL") {
                assert_ne!(
                    hit_test(&pic.layout, x - 2.0, y - 2.0).as_deref(),
                    Some("PL"),
                    "{view:?} {w}: ({}, {}) is off Poland's box",
                    x - 2.0,
                    y - 2.0
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn the_visas_chart_has_four_bars_in_proportion() {
    let data = seed();
    let liberation = font_installed("Liberation Sans");
    let fig = data
        .figures
        .iter()
        .find(|f| f.id == "pl-work-visas")
        .unwrap();
    let opts = FigureOptions {
        id: None,
        country_name: Some("Poland"),
    };
    for theme in [Theme::light(), Theme::dark()] {
        for w in WIDTHS {
            let pic = render_figure_with(fig, w, &theme, &opts).unwrap();
            let m = mount(&pic.svg);
            check_common(&m, w, pic.height);
            let bars = m.all("g.bar");
            let dates: Vec<String> = bars
                .iter()
                .filter_map(|b| b.get_attribute("data-date"))
                .collect();
            assert_eq!(dates, ["2014", "2015", "2016", "2017"], "at {w}");
            let heights: Vec<f64> = bars.iter().map(|b| bbox(b).3).collect();
            // 147 and 129 in proportion; the zeros are stubs, far lower.
            let ratio = heights[0] / heights[1];
            assert!(
                (ratio - 147.0 / 129.0).abs() < 0.03,
                "at {w}: heights {heights:?}"
            );
            assert!(heights[2] < heights[1] / 10.0 && heights[3] < heights[1] / 10.0);
            check_text(&m, &format!("visas chart {w}"), liberation);
        }
    }
}

#[wasm_bindgen_test]
fn every_figure_and_the_timeline_lay_out_in_the_browser() {
    let data = seed();
    let liberation = font_installed("Liberation Sans");
    let steps: Vec<_> = data.steps.iter().collect();
    for theme in [Theme::light(), Theme::dark()] {
        for w in WIDTHS {
            for fig in &data.figures {
                let opts = FigureOptions {
                    id: None,
                    country_name: data.country(&fig.country).map(|c| c.name.as_str()),
                };
                let pic = render_figure_with(fig, w, &theme, &opts).unwrap();
                let m = mount(&pic.svg);
                check_common(&m, w, pic.height);
                check_text(&m, &format!("{} {w}", fig.id), liberation);
            }
            let pic =
                render_timeline(&steps, &data.countries, &data.resolutions, w, &theme).unwrap();
            let m = mount(&pic.svg);
            check_common(&m, w, pic.height);
            let mut drawn: Vec<String> = m
                .all("g.step[data-step]")
                .iter()
                .filter_map(|g| g.get_attribute("data-step"))
                .collect();
            drawn.sort();
            let mut ids: Vec<String> = data.steps.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            assert_eq!(drawn, ids, "timeline at {w}");
            for g in m.all("g.step") {
                let (_, _, bw, bh) = bbox(&g);
                assert!(bw > 0.0 && bh > 0.0, "a step is not drawn at {w}");
            }
            check_text(&m, &format!("timeline {w}"), liberation);
        }
    }
}

#[wasm_bindgen_test]
fn hostile_text_stays_text_in_the_browser() {
    let data = seed();
    let hostile = "</svg><script>alert(\"x\")</script> & 'quotes' <b>";
    let mut fig: Figure = data.figures[0].clone();
    fig.metric = Text::from(hostile);
    fig.unit = Text::from(hostile);
    let opts = FigureOptions {
        id: Some(hostile),
        country_name: Some(hostile),
    };
    let pic = render_figure_with(&fig, 600.0, &Theme::light(), &opts).unwrap();
    let m = mount(&pic.svg);
    assert!(m.all("script").is_empty());
    assert!(m.all("b").is_empty());
    let title = m.one("title").text_content().unwrap();
    assert!(title.contains(hostile), "{title:?}");
}
