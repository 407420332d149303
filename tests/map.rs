//! The map through the public API: what is drawn, what is a marker, what a
//! click hits, and that nothing in the data can break the SVG.

use sanctions_tracker::chart::map::{render_map, MapPicture, MapState, MapView};
use sanctions_tracker::chart::Theme;
use sanctions_tracker::geo::{self, equal_earth, hit_test, Point, MARKER_HIT_RADIUS};
use sanctions_tracker::model::{Country, Measure, Meta, Region, Source, Stage, Step, StepKind};
use sanctions_tracker::{Dataset, PartialDate};

/// Every country code the map knows: those with shapes, then those known by a point.
fn known_codes(world: &geo::World) -> Vec<String> {
    world
        .shapes()
        .iter()
        .filter_map(|s| s.code.clone())
        .chain(world.places().iter().map(|p| p.code.clone()))
        .collect()
}

/// A dataset of these countries (named by their codes) with one step each,
/// the measures taken in turn.
fn one_step_each(codes: &[String]) -> Dataset {
    let countries: Vec<(&str, &str)> = codes.iter().map(|c| (c.as_str(), c.as_str())).collect();
    let ids: Vec<String> = codes.iter().map(|c| format!("step-{c}")).collect();
    let steps: Vec<(&str, &str, Measure)> = codes
        .iter()
        .zip(&ids)
        .enumerate()
        .map(|(i, (c, id))| (id.as_str(), c.as_str(), Measure::ALL[i % 7]))
        .collect();
    dataset(&countries, &steps)
}

fn dataset(countries: &[(&str, &str)], steps: &[(&str, &str, Measure)]) -> Dataset {
    Dataset {
        schema_version: 1,
        meta: Meta {
            kind: Default::default(),
            title: "Test".into(),
            summary: None,
            publisher: Some("Test desk".into()),
            byline: None,
            published: Some(PartialDate::year(2017)),
            as_of: None,
            source_url: Some("https://example.org/story".into()),
            credits: Vec::new(),
            licence: None,
            maintainer: None,
            updated: None,
            language: None,
            translations: Vec::new(),
        },
        resolutions: Vec::new(),
        countries: countries
            .iter()
            .map(|&(code, name)| Country {
                code: code.into(),
                name: name.into(),
                regions: vec![Region::Europe],
                un_member: true,
            })
            .collect(),
        steps: steps
            .iter()
            .map(|&(id, country, measure)| Step {
                id: id.into(),
                country: country.into(),
                kind: StepKind::Measure,
                finding: None,
                date: (PartialDate::month(2017, 9).unwrap()).into(),
                date_inferred: false,
                date_kind: Some(Stage::Reported),
                measure: Some(measure),
                description: "A step.".into(),
                resolutions: Vec::new(),
                status: Some(Stage::Reported),
                confidence: None,
                sources: vec![Source {
                    publisher: "Someone".into(),
                    url: "https://example.org/source".into(),
                    title: None,
                    title_inferred: false,
                    date: None,
                    quote: None,
                }],
                disputes: Vec::new(),
                note: None,
            })
            .collect(),
        figures: Vec::new(),
    }
}

/// The seed story's countries and the measures of its steps.
fn seed() -> Dataset {
    dataset(
        &[
            ("PL", "Poland"),
            ("KW", "Kuwait"),
            ("QA", "Qatar"),
            ("SN", "Senegal"),
        ],
        &[
            ("pl-1", "PL", Measure::WorkPermitFreeze),
            ("pl-2", "PL", Measure::WorkPermitFreeze),
            ("kw-1", "KW", Measure::VisaSuspension),
            ("kw-2", "KW", Measure::ResidenceRestriction),
            ("kw-3", "KW", Measure::ResidenceRestriction),
            ("sn-1", "SN", Measure::VisaSuspension),
            ("qa-1", "QA", Measure::EmploymentApprovalHalt),
            ("qa-2", "QA", Measure::ResidenceRestriction),
        ],
    )
}

fn render(d: &Dataset, state: &MapState, width: f64) -> MapPicture {
    render_map(d, state, width, &Theme::light()).unwrap()
}

/// The opening tag of the `<g>` of a country, if drawn.
fn country_tag<'a>(svg: &'a str, code: &str) -> Option<&'a str> {
    let needle = format!("data-code=\"{code}\"");
    svg.match_indices("<g class=\"country")
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap()])
        .find(|tag| tag.contains(&needle))
}

fn marker_codes(p: &MapPicture) -> Vec<&str> {
    p.layout.markers.iter().map(|m| m.code.as_str()).collect()
}

fn px(p: &MapPicture, lon: f64, lat: f64) -> Point {
    let (x, y) = equal_earth(lon, lat);
    p.layout.viewport.to_px(Point::new(x, y))
}

/// Every `d="…"` path's points, in pixels.
fn paths(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split(" d=\"")
        .skip(1)
        .map(|rest| {
            let d = &rest[..rest.find('"').unwrap()];
            let nums: Vec<f64> = d
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .collect();
            nums.chunks(2).map(|c| (c[0], c[1])).collect()
        })
        .collect()
}

#[test]
fn the_seed_countries_are_drawn_with_their_data() {
    let d = seed();
    let p = render(&d, &MapState::all(&d), 640.0);
    for (code, measure) in [
        ("PL", "work_permit_freeze"),
        ("KW", "residence_restriction"),
        ("QA", "residence_restriction"),
        ("SN", "visa_suspension"),
    ] {
        let tag = country_tag(&p.picture.svg, code).unwrap_or_else(|| panic!("{code}"));
        assert!(tag.contains("has-data"), "{tag}");
        assert!(tag.contains(&format!("measure-{measure}")), "{tag}");
    }
    // Neighbours are drawn, without data.
    let de = country_tag(&p.picture.svg, "DE").unwrap();
    assert!(!de.contains("has-data"));
    // Titles name the country, its strongest step and the count.
    assert!(p
        .picture
        .svg
        .contains("<title>Kuwait: Residence restriction, 3 steps</title>"));
    // Patterns carry the measure as well as colour (Solid is the only plain one).
    assert!(p
        .picture
        .svg
        .contains("<pattern id=\"map-pat-work_permit_freeze\""));
    let pl = p.picture.svg.find("data-code=\"PL\"").unwrap();
    let pl_group = &p.picture.svg[pl..pl + p.picture.svg[pl..].find("</g>").unwrap()];
    assert!(pl_group.contains("fill=\"url(#map-pat-work_permit_freeze)\""));
    assert!(!p.picture.svg.contains("style="));
}

#[test]
fn kuwait_and_qatar_are_markers_on_a_phone_but_not_on_a_desktop() {
    let d = seed();
    let state = MapState::all(&d);
    let phone = render(&d, &state, 320.0);
    assert_eq!(marker_codes(&phone), ["KW", "QA"]);
    assert!(phone
        .picture
        .svg
        .contains("<g class=\"marker has-data measure-residence_restriction\" data-code=\"KW\">"));
    let desktop = render(&d, &state, 1200.0);
    assert!(marker_codes(&desktop).is_empty());
    // Poland and Senegal are big enough at every width of the story view.
    for width in (280..=1200).step_by(40) {
        let p = render(&d, &state, f64::from(width));
        assert!(!marker_codes(&p).contains(&"PL") && !marker_codes(&p).contains(&"SN"));
    }
    // Markers are also described in words.
    assert!(phone
        .picture
        .alt
        .description
        .contains("Kuwait and Qatar are marked by a circle"));
}

#[test]
fn hit_testing_finds_the_seed_countries_and_not_the_sea() {
    let d = seed();
    let world = geo::world().unwrap();
    for view in [MapView::Story, MapView::World] {
        for width in [280.0, 320.0, 640.0, 1200.0] {
            let state = MapState {
                view,
                ..MapState::all(&d)
            };
            let p = render(&d, &state, width);
            for code in ["PL", "KW", "QA", "SN"] {
                let at = match p.layout.markers.iter().find(|m| m.code == code) {
                    Some(m) => m.at,
                    None => p.layout.viewport.to_px(world.shape(code).unwrap().centroid),
                };
                assert_eq!(
                    hit_test(&p.layout, at.x, at.y).as_deref(),
                    Some(code),
                    "{code} at {width} {view:?}"
                );
            }
            // The Atlantic off Senegal; mid-Atlantic in the world view (where
            // Senegal's marker covers the coast at phone width).
            let sea = match view {
                MapView::Story => px(&p, -25.0, 18.0),
                MapView::World => px(&p, -40.0, 25.0),
            };
            assert_eq!(hit_test(&p.layout, sea.x, sea.y), None, "{width} {view:?}");
            // The legend under the map hits nothing.
            let legend_y = p.layout.viewport.height + 5.0;
            assert!(legend_y < p.picture.height);
            assert_eq!(hit_test(&p.layout, width / 2.0, legend_y), None);
        }
    }
}

#[test]
fn a_marker_is_hit_over_its_whole_tap_area() {
    let d = seed();
    let p = render(&d, &MapState::all(&d), 320.0);
    for m in &p.layout.markers {
        let edge = MARKER_HIT_RADIUS - 0.5;
        for (dx, dy) in [(edge, 0.0), (-edge, 0.0), (0.0, edge), (0.0, -edge)] {
            assert_eq!(
                hit_test(&p.layout, m.at.x + dx, m.at.y + dy).as_deref(),
                Some(m.code.as_str())
            );
        }
    }
}

#[test]
fn the_world_view_has_russia_and_fiji_without_antimeridian_artefacts() {
    let d = seed();
    let state = MapState {
        view: MapView::World,
        ..MapState::all(&d)
    };
    for width in [280.0, 640.0, 1200.0] {
        let p = render(&d, &state, width);
        assert!(country_tag(&p.picture.svg, "RU").is_some());
        assert!(country_tag(&p.picture.svg, "FJ").is_some());
        for path in paths(&p.picture.svg) {
            let min = path.iter().map(|p| p.0).fold(f64::MAX, f64::min);
            let max = path.iter().map(|p| p.0).fold(f64::MIN, f64::max);
            assert!(
                max - min < width / 2.0,
                "a path {} px wide at {width}",
                max - min
            );
        }
        for shape in &p.layout.shapes {
            for poly in &shape.polygons {
                assert!(poly.bbox.width() < width / 2.0, "{}", shape.name);
            }
        }
        // Both ends of Russia are on the map: Chukotka at the left edge.
        let chukotka = px(&p, -175.0, 66.5);
        assert_eq!(
            hit_test(&p.layout, chukotka.x, chukotka.y).as_deref(),
            Some("RU")
        );
        let siberia = px(&p, 100.0, 62.0);
        assert_eq!(
            hit_test(&p.layout, siberia.x, siberia.y).as_deref(),
            Some("RU")
        );
    }
}

#[test]
fn selection_and_hover_are_marked() {
    let d = seed();
    let state = MapState {
        selected: Some("PL".into()),
        hovered: Some("SN".into()),
        ..MapState::all(&d)
    };
    let p = render(&d, &state, 640.0);
    assert!(country_tag(&p.picture.svg, "PL")
        .unwrap()
        .contains("selected"));
    assert!(country_tag(&p.picture.svg, "SN")
        .unwrap()
        .contains("hovered"));
    assert!(p
        .picture
        .svg
        .contains("<g class=\"selected-outline\" data-code=\"PL\">"));
    assert!(p
        .picture
        .svg
        .contains("<g class=\"hover-outline\" data-code=\"SN\">"));
    // A selected marker is outlined too.
    let state = MapState {
        selected: Some("QA".into()),
        ..MapState::all(&d)
    };
    let p = render(&d, &state, 320.0);
    assert_eq!(marker_codes(&p)[0], "QA");
    assert!(p.picture.svg.contains(
        "<g class=\"marker has-data measure-residence_restriction selected\" data-code=\"QA\">"
    ));
}

#[test]
fn the_legend_names_each_measure_shown() {
    let d = seed();
    let p = render(&d, &MapState::all(&d), 640.0);
    let svg = &p.picture.svg;
    for label in [
        "Residence restriction",
        "Work-permit freeze",
        "Visa suspension",
        "No step in the selection",
    ] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label}");
    }
    // Not shown as anyone's strongest step: not in the legend.
    assert!(!svg.contains(">Employment-approval halt</text>"));
    assert!(!svg.contains(">Expulsion or repatriation</text>"));
}

#[test]
fn the_filter_decides_the_fill() {
    let d = seed();
    // Only Kuwait's visa step and Poland are in the selection.
    let state = MapState {
        included: vec!["KW".into(), "PL".into()],
        steps: Some(vec!["kw-1".into(), "pl-1".into()]),
        ..MapState::all(&d)
    };
    let p = render(&d, &state, 640.0);
    let kw = country_tag(&p.picture.svg, "KW").unwrap();
    assert!(kw.contains("measure-visa_suspension"), "{kw}");
    assert!(!country_tag(&p.picture.svg, "SN")
        .unwrap()
        .contains("has-data"));
    assert_eq!(
        p.picture.alt.table.rows,
        [
            vec![
                "Poland".to_owned(),
                "Work-permit freeze".to_owned(),
                "1".to_owned()
            ],
            vec![
                "Kuwait".to_owned(),
                "Visa suspension".to_owned(),
                "1".to_owned()
            ],
        ]
    );
    // The story view stays fitted to the whole dataset.
    assert_eq!(
        p.layout.viewport,
        render(&d, &MapState::all(&d), 640.0).layout.viewport
    );
}

#[test]
fn the_text_alternative_is_generated_from_the_data() {
    let d = seed();
    let p = render(&d, &MapState::all(&d), 640.0);
    let alt = &p.picture.alt;
    assert_eq!(alt.table.headers, ["Country", "Strongest step", "Steps"]);
    assert_eq!(
        alt.table.rows,
        [
            ["Kuwait", "Residence restriction", "3"],
            ["Qatar", "Residence restriction", "2"],
            ["Poland", "Work-permit freeze", "2"],
            ["Senegal", "Visa suspension", "1"],
        ]
        .map(|r| r.map(str::to_owned).to_vec())
    );
    assert!(alt
        .description
        .contains("4 countries in the selection took 8 steps"));
    assert!(alt
        .description
        .contains("Kuwait (residence restriction), Qatar (residence restriction), Poland (work-permit freeze) and Senegal (visa suspension)"));
    assert!(p
        .picture
        .svg
        .contains(&format!("<title id=\"map-title\">{}</title>", alt.title)));
}

#[test]
fn names_from_the_data_are_escaped_everywhere() {
    let nasty = "<script>alert(1)</script> & \"q\" 'x' </svg>";
    let d = dataset(
        &[("PL", nasty), ("QA", nasty)],
        &[("a", "PL", Measure::Expulsion), ("b", "QA", Measure::Other)],
    );
    for width in [320.0, 1200.0] {
        let p = render(&d, &MapState::all(&d), width);
        let svg = &p.picture.svg;
        assert!(!svg.contains("<script"), "{svg}");
        assert_eq!(svg.matches("</svg>").count(), 1);
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\" 'x' &lt;/svg&gt;"));
        assert!(!svg.contains("style="));
        // Titles (country and marker) and labels all carry the escaped name.
        assert!(svg.matches("&lt;script&gt;").count() >= 2);
    }
}

#[test]
fn no_panic_for_empty_one_and_two_hundred_countries() {
    let world = geo::world().unwrap();
    let empty = dataset(&[], &[]);
    let p = render(&empty, &MapState::all(&empty), 320.0);
    assert!(p.layout.markers.is_empty());
    assert!(p.picture.alt.table.rows.is_empty());
    assert!(p
        .picture
        .alt
        .description
        .contains("No country in the selection"));
    // An empty story falls back to the whole world.
    assert_eq!(p.layout.viewport, geo::Viewport::whole_world(world, 320.0));

    let one = dataset(&[("SN", "Senegal")], &[("s", "SN", Measure::Diplomatic)]);
    let p = render(&one, &MapState::all(&one), 280.0);
    assert_eq!(p.picture.alt.table.rows.len(), 1);
    assert!(country_tag(&p.picture.svg, "SN")
        .unwrap()
        .contains("measure-diplomatic"));

    let codes: Vec<String> = known_codes(world).into_iter().take(200).collect();
    assert_eq!(codes.len(), 200);
    let many = one_step_each(&codes);
    // A country known only by a point (past the 173 with shapes).
    let small = codes[190].clone();
    assert!(world.shape(&small).is_none());
    for view in [MapView::Story, MapView::World] {
        for width in [280.0, 320.0, 1200.0] {
            let state = MapState {
                view,
                selected: Some(small.clone()),
                ..MapState::all(&many)
            };
            let p = render(&many, &state, width);
            assert_eq!(p.picture.alt.table.rows.len(), 200);
            // The selected country's marker is always placed, first.
            assert_eq!(marker_codes(&p)[0], small);
            for (i, a) in p.layout.markers.iter().enumerate() {
                for b in &p.layout.markers[i + 1..] {
                    assert!(a.at.distance(b.at) >= 2.0 * MARKER_HIT_RADIUS);
                }
            }
            // Markers that found no room are said so in words.
            if !p.layout.unplaced.is_empty() {
                assert!(p.picture.alt.description.contains("Not shown on the map"));
            }
        }
    }
}

#[test]
fn countries_without_a_shape_or_code() {
    // Singapore and Bahrain have no 1:110m shape: markers only. XK has
    // neither shape nor point: reported, not drawn.
    let d = dataset(
        &[("SG", "Singapore"), ("BH", "Bahrain"), ("XK", "Kosovo")],
        &[
            ("sg", "SG", Measure::VisaSuspension),
            ("bh", "BH", Measure::Diplomatic),
            ("xk", "XK", Measure::Other),
        ],
    );
    let p = render(&d, &MapState::all(&d), 1200.0);
    assert_eq!(marker_codes(&p), ["SG", "BH"]);
    assert!(country_tag(&p.picture.svg, "SG").is_none());
    assert!(p.picture.svg.contains("data-code=\"SG\""));
    assert_eq!(p.layout.unknown, ["XK"]);
    assert!(p
        .picture
        .alt
        .description
        .contains("Not shown on the map: Kosovo."));
    for m in &p.layout.markers {
        assert_eq!(
            hit_test(&p.layout, m.at.x, m.at.y).as_deref(),
            Some(m.code.as_str())
        );
    }

    // Natural Earth's features without an ISO code are drawn, without data,
    // and a click on them selects nothing.
    let d = seed();
    let state = MapState {
        view: MapView::World,
        ..MapState::all(&d)
    };
    let p = render(&d, &state, 1200.0);
    for name in ["Kosovo", "N. Cyprus", "Somaliland"] {
        assert!(
            p.picture.svg.contains(&format!(
                "<g class=\"country no-code\"><title>{name}</title>"
            )),
            "{name}"
        );
    }
    let somaliland = px(&p, 46.0, 9.8);
    assert_eq!(hit_test(&p.layout, somaliland.x, somaliland.y), None);
}

#[test]
fn the_same_input_gives_the_same_svg_in_both_themes() {
    let d = seed();
    let state = MapState::all(&d);
    let a = render_map(&d, &state, 500.0, &Theme::dark()).unwrap();
    let b = render_map(&d, &state, 500.0, &Theme::dark()).unwrap();
    assert_eq!(a, b);
    let light = render(&d, &state, 500.0);
    assert_ne!(a.picture.svg, light.picture.svg);
    assert!(a
        .picture
        .svg
        .contains(&format!("fill=\"{}\"", Theme::dark().background.to_hex())));
    // Same geometry whatever the theme.
    assert_eq!(a.layout, light.layout);
    // Width is clamped.
    assert_eq!(render(&d, &state, 10.0).layout.viewport.width, 280.0);
    assert_eq!(render(&d, &state, f64::NAN).layout.viewport.width, 280.0);
    assert_eq!(render(&d, &state, 1e6).layout.viewport.width, 1200.0);
}

// ---------------------------------------------------------------------------
// The map in layers (the widget's): base, markers per width, overlay per selection.

use sanctions_tracker::chart::map::{
    render_map_base, render_map_markers, render_map_overlay, MapBase, MapData,
};
use sanctions_tracker::chart::svg::num;
use sanctions_tracker::geo::hit_test_world;

fn base(d: &Dataset, view: MapView) -> MapBase {
    render_map_base(geo::world().unwrap(), d, view, &Theme::light(), "m").unwrap()
}

/// The state and data of the steps whose ids are `ids` (all when `None`).
fn selected(d: &Dataset, ids: Option<&[&str]>) -> (MapState, MapData) {
    let steps: Vec<&Step> = d
        .steps
        .iter()
        .filter(|s| ids.map_or(true, |ids| ids.contains(&s.id.as_str())))
        .collect();
    let mut included: Vec<String> = Vec::new();
    for s in &steps {
        if !included.contains(&s.country) {
            included.push(s.country.clone());
        }
    }
    let state = MapState {
        included,
        steps: ids.map(|ids| ids.iter().map(|s| s.to_string()).collect()),
        ..MapState::default()
    };
    let data = MapData::of_steps(d, steps);
    (state, data)
}

/// Parses an SVG as XML (natively; the wasm build of the tests has no XML parser).
fn assert_well_formed(svg: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    roxmltree::Document::parse(svg).expect("well-formed SVG");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_base_draws_every_country_once_as_plain_land_in_well_formed_svg() {
    let d = seed();
    let b = base(&d, MapView::Story);
    let doc = roxmltree::Document::parse(&b.svg).expect("well-formed SVG");
    let countries: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("country"))
        })
        .collect();
    assert!(countries.len() > 60, "{} countries", countries.len());
    for code in ["PL", "KW", "QA", "SN", "DE"] {
        let g = countries
            .iter()
            .find(|n| n.attribute("data-code") == Some(code))
            .unwrap_or_else(|| panic!("{code} drawn"));
        // Plain land: the fill comes from the page, once it knows the selection.
        assert_eq!(g.attribute("class"), Some("country"));
        let path = g.children().find(|c| c.has_tag_name("path")).unwrap();
        assert_eq!(path.attribute("id"), Some(b.path_id(code).as_str()));
    }
    // Dataset names in titles.
    assert!(b.svg.contains("<title>Kuwait</title>"));
    // Every measure's pattern, for whatever the selection will show.
    for m in Measure::ALL {
        if let Some(paint) = b.patterns.get(&m).cloned().flatten() {
            let id = paint.trim_start_matches("url(#").trim_end_matches(')');
            assert!(b.svg.contains(&format!("<pattern id=\"{id}\"")), "{id}");
        }
    }
    // Shapes wholly outside every width's story view are not written: not
    // Australia, while the world view has it.
    assert!(!b.svg.contains("data-code=\"AU\""));
    assert!(base(&d, MapView::World).svg.contains("data-code=\"AU\""));
    assert!(!b.svg.contains("style="));
}

#[test]
fn the_markers_of_a_width_and_where_the_base_shows() {
    let d = seed();
    let b = base(&d, MapView::Story);
    let world = geo::world().unwrap();
    let phone = render_map_markers(world, &d, &b, 320.0).unwrap();
    let codes: Vec<&str> = phone
        .layout
        .markers
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(codes, ["KW", "QA"]);
    assert_well_formed(&phone.svg);
    let kw = phone
        .svg
        .find("<g class=\"marker\" data-code=\"KW\"")
        .unwrap();
    let kw = &phone.svg[kw..kw + phone.svg[kw..].find("</g>").unwrap()];
    assert!(kw.contains("<title>Kuwait</title>"), "{kw}");
    assert!(
        kw.contains("class=\"m-fill\"") && kw.contains("class=\"m-pat\""),
        "{kw}"
    );
    // Placed where the layout says.
    let at = phone.layout.markers[0].at;
    let place = format!("transform=\"translate({} {})\"", num(at.x), num(at.y));
    assert!(kw.contains(&place), "{kw}");
    let desktop = render_map_markers(world, &d, &b, 1200.0).unwrap();
    assert!(desktop.layout.markers.is_empty());
    // The same viewport as the full map at each width: the crop and the
    // pattern scale agree with it.
    for width in [280.0, 320.0, 640.0, 1200.0] {
        let m = render_map_markers(world, &d, &b, width).unwrap();
        let full = render(&d, &MapState::all(&d), width);
        assert_eq!(m.layout.viewport, full.layout.viewport, "{width}");
        assert_eq!(m.map_height, full.layout.viewport.height);
        let [_, _, w, h] = m.crop;
        assert!((w / m.pattern_scale - width).abs() < 1e-6, "{width}");
        assert!((h / m.pattern_scale - m.map_height).abs() < 1e-6, "{width}");
    }
}

#[test]
fn the_overlay_fills_by_the_selection_and_its_legend_names_only_what_shows() {
    let d = seed();
    let b = base(&d, MapView::Story);
    let world = geo::world().unwrap();
    let markers = render_map_markers(world, &d, &b, 320.0).unwrap();

    let (state, data) = selected(&d, None);
    let all = render_map_overlay(world, &d, &b, &markers, &state, &data).unwrap();
    let fill = |o: &sanctions_tracker::chart::map::MapOverlay, code: &str| {
        o.fills.iter().find(|f| f.code == code).map(|f| f.measure)
    };
    assert_eq!(fill(&all, "KW"), Some(Measure::ResidenceRestriction));
    assert_eq!(fill(&all, "PL"), Some(Measure::WorkPermitFreeze));
    let kw = all.fills.iter().find(|f| f.code == "KW").unwrap();
    assert_eq!(kw.title, "Kuwait: Residence restriction, 3 steps");
    assert!(all.svg.contains(">Residence restriction</text>"));
    assert!(all.svg.contains(">Work-permit freeze</text>"));
    // The same fills as the full map's.
    let full = render(&d, &MapState::all(&d), 320.0);
    for f in &all.fills {
        let tag = country_tag(&full.picture.svg, &f.code).unwrap();
        assert!(
            tag.contains(&format!("measure-{}", f.measure.key())),
            "{tag}"
        );
    }
    assert_eq!(all.alt, full.picture.alt);

    // Only the visa steps: Kuwait's fill is its visa suspension, Poland and
    // Qatar have none, the legend names that one measure, and Qatar's marker
    // is not among those hit testing knows.
    let (state, data) = selected(&d, Some(&["kw-1", "sn-1"]));
    let visa = render_map_overlay(world, &d, &b, &markers, &state, &data).unwrap();
    assert_eq!(fill(&visa, "KW"), Some(Measure::VisaSuspension));
    assert_eq!(fill(&visa, "PL"), None);
    assert_eq!(fill(&visa, "QA"), None);
    assert_well_formed(&visa.svg);
    assert!(visa.svg.contains(">Visa suspension</text>"));
    assert!(!visa.svg.contains(">Residence restriction</text>"));
    assert!(!visa.svg.contains(">Work-permit freeze</text>"));
    assert!(visa.svg.contains(">No step in the selection</text>"));
    let hit: Vec<&str> = visa
        .layout
        .markers
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(hit, ["KW"]);
    // The data from steps and from a state's ids agree.
    assert_eq!(data, MapData::of_state(&d, &state));
    assert_eq!(data.len(), 2);
}

#[test]
fn hit_testing_the_layers_agrees_with_the_full_map() {
    let d = seed();
    let world = geo::world().unwrap();
    for view in [MapView::Story, MapView::World] {
        let b = base(&d, view);
        for width in [280.0, 320.0, 640.0, 1200.0] {
            let markers = render_map_markers(world, &d, &b, width).unwrap();
            let (state, data) = selected(&d, None);
            let o = render_map_overlay(world, &d, &b, &markers, &state, &data).unwrap();
            let full = render(
                &d,
                &MapState {
                    view,
                    ..MapState::all(&d)
                },
                width,
            );
            let (mut same, mut total) = (0, 0);
            let (w, h) = (width, full.picture.height);
            for i in 0..60 {
                for j in 0..40 {
                    let (x, y) = (w * (i as f64 + 0.5) / 60.0, h * (j as f64 + 0.5) / 40.0);
                    total += 1;
                    if hit_test_world(world, &o.layout, x, y) == hit_test(&full.layout, x, y) {
                        same += 1;
                    }
                }
            }
            // Only points within half a pixel of a border may differ (the
            // full map's shapes are simplified to what shows).
            assert!(
                same * 100 >= total * 98,
                "{same} of {total} at {width} {view:?}"
            );
            for code in ["PL", "KW", "QA", "SN"] {
                let at = match o.layout.markers.iter().find(|m| m.code == code) {
                    Some(m) => m.at,
                    None => o.layout.viewport.to_px(world.shape(code).unwrap().centroid),
                };
                assert_eq!(
                    hit_test_world(world, &o.layout, at.x, at.y).as_deref(),
                    Some(code)
                );
            }
            assert_eq!(hit_test_world(world, &o.layout, f64::NAN, 1.0), None);
        }
    }
}

#[test]
fn two_hundred_countries_in_layers_do_not_panic_and_markers_stay_near() {
    // Every country the map knows, with a step each.
    let world = geo::world().unwrap();
    let codes = known_codes(world);
    let d = one_step_each(&codes);
    for view in [MapView::Story, MapView::World] {
        let b = base(&d, view);
        for width in [280.0, 600.0, 1200.0] {
            let markers = render_map_markers(world, &d, &b, width).unwrap();
            for m in &markers.layout.markers {
                assert!(m.at.distance(m.anchor) <= geo::MAX_MOVE + 1e-9, "{m:?}");
            }
            let (state, data) = selected(&d, None);
            let o = render_map_overlay(world, &d, &b, &markers, &state, &data).unwrap();
            assert_eq!(o.fills.len(), codes.len());
            assert_well_formed(&o.svg);
            assert_well_formed(&markers.svg);
        }
    }
}

// Zoom (issue 10): a phone map that can be read.

use sanctions_tracker::chart::map::{render_map_markers_at, MapMarkers, MapOverlay};
use sanctions_tracker::chart::zoom::{zoom_targets, Zoom, MAX_ZOOM};

/// A tracker's 35 countries and territories (synthetic: one step each),
/// small ones among them (Malta, Bahrain, Qatar, Singapore, Taiwan, Antigua
/// and Barbuda, Fiji), with their regions.
const TRACKER_35: [(&str, &str, Region); 35] = [
    ("PE", "Peru", Region::Americas),
    ("AG", "Antigua and Barbuda", Region::Americas),
    ("PL", "Poland", Region::Europe),
    ("RU", "Russia", Region::Europe),
    ("MT", "Malta", Region::Europe),
    ("CZ", "Czechia", Region::Europe),
    ("RO", "Romania", Region::Europe),
    ("BG", "Bulgaria", Region::Europe),
    ("DE", "Germany", Region::Europe),
    ("IT", "Italy", Region::Europe),
    ("SN", "Senegal", Region::Africa),
    ("AO", "Angola", Region::Africa),
    ("NG", "Nigeria", Region::Africa),
    ("GQ", "Equatorial Guinea", Region::Africa),
    ("UG", "Uganda", Region::Africa),
    ("TZ", "Tanzania", Region::Africa),
    ("KW", "Kuwait", Region::MiddleEast),
    ("QA", "Qatar", Region::MiddleEast),
    ("AE", "United Arab Emirates", Region::MiddleEast),
    ("OM", "Oman", Region::MiddleEast),
    ("BH", "Bahrain", Region::MiddleEast),
    ("SA", "Saudi Arabia", Region::MiddleEast),
    ("CN", "China", Region::Asia),
    ("MN", "Mongolia", Region::Asia),
    ("NP", "Nepal", Region::Asia),
    ("SG", "Singapore", Region::Asia),
    ("TW", "Taiwan", Region::Asia),
    ("MY", "Malaysia", Region::Asia),
    ("TH", "Thailand", Region::Asia),
    ("VN", "Vietnam", Region::Asia),
    ("KH", "Cambodia", Region::Asia),
    ("LA", "Laos", Region::Asia),
    ("MM", "Myanmar", Region::Asia),
    ("BD", "Bangladesh", Region::Asia),
    ("FJ", "Fiji", Region::Oceania),
];

fn tracker_35() -> Dataset {
    let mut d = one_step_each(&TRACKER_35.map(|(c, _, _)| c.to_owned()));
    for (country, (_, name, region)) in d.countries.iter_mut().zip(TRACKER_35) {
        country.name = name.into();
        country.regions = vec![region];
    }
    d
}

/// How far apart two rectangles (pixel boxes) are: 0 when they touch.
fn gap(a: geo::BBox, b: geo::BBox) -> f64 {
    let dx = (b.min_x - a.max_x).max(a.min_x - b.max_x).max(0.0);
    let dy = (b.min_y - a.max_y).max(a.min_y - b.max_y).max(0.0);
    dx.hypot(dy)
}

/// A label is this close (px) to its country's shape or marker at most.
const LABEL_NEAR_PX: f64 = 6.0;

/// How far a pixel box is from a point.
fn point_gap(r: geo::BBox, p: Point) -> f64 {
    gap(r, geo::BBox::of([p]))
}

/// How far a point is from the segment `ab`.
fn point_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

/// How far a label's box (pixels) is from its country's outline or inside
/// (0 when they overlap): measured on the polygons themselves, not their
/// bounding box (beside Russia's box is over China).
fn distance_to_shape(r: geo::BBox, s: &geo::Shape, v: &geo::Viewport) -> f64 {
    let corners = [
        Point::new(r.min_x, r.min_y),
        Point::new(r.max_x, r.min_y),
        Point::new(r.max_x, r.max_y),
        Point::new(r.min_x, r.max_y),
    ];
    let mut best = f64::INFINITY;
    for p in &s.polygons {
        if corners.iter().any(|&c| p.contains(v.to_map(c))) {
            return 0.0;
        }
        let Some(ring) = p.rings.first() else {
            continue;
        };
        let px: Vec<Point> = ring.iter().map(|&q| v.to_px(q)).collect();
        for w in px.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (0..4).any(|i| crosses(a, b, corners[i], corners[(i + 1) % 4])) {
                return 0.0;
            }
            let d = point_gap(r, a).min(point_gap(r, b)).min(
                corners
                    .iter()
                    .map(|&c| point_segment(c, a, b))
                    .fold(f64::INFINITY, f64::min),
            );
            best = best.min(d);
        }
    }
    best
}

/// Whether segments `ab` and `cd` cross (touching ends do not count).
fn crosses(a: Point, b: Point, c: Point, d: Point) -> bool {
    let orient =
        |p: Point, q: Point, r: Point| (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    d1 * d2 < -1e-9 && d3 * d4 < -1e-9
}

/// The markers and overlay of `d` (everything selected) at a width and zoom.
fn zoomed_map(d: &Dataset, b: &MapBase, width: f64, zoom: &str) -> (MapMarkers, MapOverlay) {
    let world = geo::world().unwrap();
    let zoom = Zoom::parse(zoom).unwrap_or(Zoom::Whole);
    let markers = render_map_markers_at(world, d, b, width, &zoom).unwrap();
    let (state, data) = selected(d, None);
    let overlay = render_map_overlay(world, d, b, &markers, &state, &data).unwrap();
    (markers, overlay)
}

/// What the issue asks of a readable map at one width and zoom: every label
/// within a few px of its country's shape or marker and inside the map,
/// markers on their countries (short leaders that do not cross), and a
/// marker only for a country too small to tap at that zoom.
fn assert_readable(d: &Dataset, m: &MapMarkers, o: &MapOverlay, what: &str) {
    let world = geo::world().unwrap();
    let v = m.layout.viewport;
    for l in &o.labels {
        let r = geo::BBox {
            min_x: l.rect.x,
            min_y: l.rect.y,
            max_x: l.rect.x + l.rect.w,
            max_y: l.rect.y + l.rect.h,
        };
        assert!(
            r.min_x >= 0.0 && r.min_y >= 0.0 && r.max_x <= v.width && r.max_y <= v.height,
            "{what}: label {} inside the map",
            l.code
        );
        let near = match m.layout.markers.iter().find(|k| k.code == l.code) {
            Some(k) => gap(
                r,
                geo::BBox::of([k.at])
                    .union(geo::BBox::of([Point::new(
                        k.at.x + geo::MARKER_RADIUS,
                        k.at.y + geo::MARKER_RADIUS,
                    )]))
                    .union(geo::BBox::of([Point::new(
                        k.at.x - geo::MARKER_RADIUS,
                        k.at.y - geo::MARKER_RADIUS,
                    )])),
            ),
            None => {
                let s = world
                    .shape(&l.code)
                    .expect("a label without marker has a shape");
                distance_to_shape(r, s, &v)
            }
        };
        assert!(
            near <= LABEL_NEAR_PX,
            "{what}: label {} is {near:.1} px from its country",
            l.code
        );
        assert!(
            !m.layout.clusters.iter().any(|c| c.codes.contains(&l.code)),
            "{what}: {} is in a cluster and labelled",
            l.code
        );
    }
    let leaders: Vec<(Point, Point)> = m.layout.markers.iter().filter_map(|k| k.leader()).collect();
    for (i, k) in m.layout.markers.iter().enumerate() {
        assert!(
            k.at.distance(k.anchor) <= 2.0 * geo::MARKER_HIT_RADIUS,
            "{what}: marker {} moved {:.0} px off its country",
            k.code,
            k.at.distance(k.anchor)
        );
        if let Some(s) = world.shape(&k.code).and_then(|s| s.main_polygon()) {
            assert!(
                v.is_too_small(s),
                "{what}: {} is big enough to tap, not a marker",
                k.code
            );
        }
        let _ = i;
    }
    for (i, a) in leaders.iter().enumerate() {
        for b in &leaders[i + 1..] {
            assert!(!crosses(a.0, a.1, b.0, b.1), "{what}: leader lines cross");
        }
    }
    // Every country of the dataset in view and too small is a marker or in a cluster.
    for c in &d.countries {
        let Some(s) = world.shape(&c.code) else {
            continue;
        };
        let (Some(main), at) = (s.main_polygon(), v.to_px(s.centroid)) else {
            continue;
        };
        if v.frame().contains(at) && v.is_too_small(main) {
            assert!(
                m.layout.markers.iter().any(|k| k.code == c.code)
                    || m.layout.clusters.iter().any(|k| k.codes.contains(&c.code))
                    || m.layout.unplaced.contains(&c.code),
                "{what}: {} is too small and has no marker",
                c.code
            );
        }
    }
}

#[test]
fn a_phone_map_of_35_countries_is_readable_whole_and_zoomed() {
    let d = tracker_35();
    let world = geo::world().unwrap();
    let b = base(&d, MapView::Story);
    let targets = zoom_targets(world, &d);
    let keys: Vec<&str> = targets.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "whole",
            "americas",
            "europe",
            "africa",
            "middle_east",
            "asia",
            "oceania"
        ]
    );
    for width in [360.0, 1200.0] {
        for t in &targets {
            let (m, o) = zoomed_map(&d, &b, width, &t.key);
            let what = format!("{} at {width}", t.key);
            assert_readable(&d, &m, &o, &what);
            eprintln!(
                "{what}: {} labels, {} markers, {} clusters ({} countries), zoom {:.2}",
                o.labels.len(),
                m.layout.markers.len(),
                m.layout.clusters.len(),
                m.layout
                    .clusters
                    .iter()
                    .map(|c| c.codes.len())
                    .sum::<usize>(),
                m.zoom.k
            );
            // A zoom keeps the picture's size: only the crop changes.
            let (whole, _) = zoomed_map(&d, &b, width, "whole");
            assert_eq!(m.map_height, whole.map_height);
            // Zoomed in, clusters open: zooming to one shows its countries
            // apart, or in smaller clusters, each time.
            for c in &m.layout.clusters {
                let (inner, io) = zoomed_map(&d, &b, width, &c.zoom_key());
                assert!(inner.zoom.k > m.zoom.k, "{what}: {} zooms in", c.zoom_key());
                assert_readable(&d, &inner, &io, &c.zoom_key());
                for ic in &inner.layout.clusters {
                    assert!(ic.codes.len() < c.codes.len() || inner.zoom.k < MAX_ZOOM);
                }
            }
        }
    }
    // Nepal is labelled at Nepal (it was labelled over Siberia).
    let (m, o) = zoomed_map(&d, &b, 360.0, "asia");
    assert!(
        o.labels.iter().any(|l| l.code == "NP") || m.layout.markers.iter().any(|k| k.code == "NP")
    );
    // On a phone, the whole map groups the crowded small countries…
    let (m, o) = zoomed_map(&d, &b, 360.0, "whole");
    assert!(!m.layout.clusters.is_empty());
    let cluster = &m.layout.clusters[0];
    assert!(m
        .svg
        .contains(&format!("data-zoom=\"{}\"", cluster.zoom_key())));
    // …and says so in its text alternative.
    assert!(o.alt.description.contains("grouped in numbered circles"));
    // A tap on a cluster selects nothing.
    assert_eq!(
        hit_test_world(world, &o.layout, cluster.at.x, cluster.at.y),
        None
    );
    // …while at 1200 px the seed-sized countries need no cluster… and
    // zoomed to Europe on a phone, Poland is a shape.
    let (m, _) = zoomed_map(&d, &b, 360.0, "europe");
    assert!(!m.layout.markers.iter().any(|k| k.code == "PL"));
    assert!(!m
        .layout
        .clusters
        .iter()
        .any(|c| c.codes.iter().any(|x| x == "PL")));
}

#[test]
fn the_seed_story_looks_the_same_at_zoom_whole() {
    let world = geo::world().unwrap();
    let d = seed();
    let b = base(&d, MapView::Story);
    let codes: Vec<String> = d.countries.iter().map(|c| c.code.clone()).collect();
    for width in [280.0, 320.0, 600.0, 1200.0] {
        let (m, _) = zoomed_map(&d, &b, width, "whole");
        // The same viewport as the story view without zoom, and the same
        // markers as before zooming existed (no grouping, nothing left out).
        let story = geo::Viewport::fit(world, &codes, width);
        assert_eq!(m.layout.viewport, story);
        let before = geo::lay_out_markers(world, story, &codes);
        assert_eq!(m.layout.markers, before.markers, "markers at {width}");
        assert!(
            m.layout.clusters.is_empty(),
            "no cluster in the seed story at {width}"
        );
        assert_eq!(m.zoom.k, 1.0);
        assert_eq!(render_map_markers(world, &d, &b, width).unwrap(), m);
    }
    // A key that names nothing is the whole map.
    let (m, _) = zoomed_map(&d, &b, 320.0, "@nonsense");
    assert_eq!(m.zoom.k, 1.0);
}

#[test]
fn the_35_country_fixture_is_readable_at_360_and_1200_px() {
    // tests/fixtures/tracker-35.json (schema 2: Russia and Turkey in two
    // regions) and its schema-1 squeeze: the synthetic tracker at real scale.
    for text in [
        include_str!("fixtures/tracker-35.json"),
        include_str!("fixtures/tracker-35-v1.json"),
    ] {
        fixture_is_readable(sanctions_tracker::validate::load_str(text).unwrap().dataset);
    }
}

fn fixture_is_readable(d: Dataset) {
    let world = geo::world().unwrap();
    let b = base(&d, MapView::Story);
    let targets = zoom_targets(world, &d);
    assert!(targets.len() >= 6, "the whole map and five regions or more");
    for width in [360.0, 1200.0] {
        for t in &targets {
            let (m, o) = zoomed_map(&d, &b, width, &t.key);
            let what = format!("fixture {} at {width}", t.key);
            assert_readable(&d, &m, &o, &what);
            eprintln!(
                "{what}: {} labels, {} markers, {} clusters ({} countries)",
                o.labels.len(),
                m.layout.markers.len(),
                m.layout.clusters.len(),
                m.layout
                    .clusters
                    .iter()
                    .map(|c| c.codes.len())
                    .sum::<usize>(),
            );
            for c in &m.layout.clusters {
                let (inner, io) = zoomed_map(&d, &b, width, &c.zoom_key());
                assert_readable(&d, &inner, &io, &format!("{what} {}", c.zoom_key()));
            }
        }
    }
    // Nepal is labelled at Nepal or not at all, whatever the zoom.
    for zoom in ["whole", "asia"] {
        let (m, o) = zoomed_map(&d, &b, 360.0, zoom);
        if let Some(l) = o.labels.iter().find(|l| l.code == "NP") {
            let s = world.shape("NP").unwrap();
            let r = geo::BBox::of([
                Point::new(l.rect.x, l.rect.y),
                Point::new(l.rect.x + l.rect.w, l.rect.y + l.rect.h),
            ]);
            let np = m.layout.viewport.box_to_px(s.main_bbox());
            let near = m
                .layout
                .markers
                .iter()
                .find(|k| k.code == "NP")
                .map_or_else(
                    || gap(r, np),
                    |k| gap(r, geo::BBox::of([k.at])) - geo::MARKER_RADIUS,
                );
            assert!(
                near <= LABEL_NEAR_PX + geo::MARKER_RADIUS,
                "Nepal's label at {zoom}"
            );
        }
    }
}
