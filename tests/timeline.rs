//! The timeline of a real tracker's span (the synthetic 35-country fixture:
//! steps from October 2016 to 2020, four resolutions within thirteen months):
//! every resolution keeps a label at every width from 280 to 1200 px, no
//! rule runs through a label, and no two labels overlap.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use sanctions_tracker::chart::{render_timeline, Rect, Theme};
use sanctions_tracker::model::Step;
use sanctions_tracker::validate::load_str;

const FIXTURE: &str = include_str!("fixtures/tracker-35-v1.json");
const WIDTHS: [f64; 6] = [280.0, 320.0, 360.0, 600.0, 900.0, 1200.0];

/// A resolution's rule (x, top, bottom) and its label's box, if it has one.
struct Rule {
    id: String,
    x: f64,
    top: f64,
    bottom: f64,
    label: Option<Rect>,
}

fn rules(svg: &str) -> Vec<Rule> {
    let doc = roxmltree::Document::parse(svg).expect("the timeline is well-formed XML");
    doc.descendants()
        .filter(|n| n.attribute("class") == Some("resolution"))
        .map(|g| {
            let id = g
                .attribute("data-resolution")
                .unwrap_or_default()
                .to_owned();
            let d = g
                .descendants()
                .find(|n| n.has_tag_name("path"))
                .and_then(|p| p.attribute("d"))
                .expect("a rule");
            let nums: Vec<f64> = d
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().expect("a number"))
                .collect();
            assert!(nums.len() >= 4, "rule path {d}");
            let label = g
                .descendants()
                .find(|n| n.has_tag_name("text"))
                .map(|t| common::text_box(t).1);
            Rule {
                id,
                x: nums[0],
                top: nums[1].min(nums[3]),
                bottom: nums[1].max(nums[3]),
                label,
            }
        })
        .collect()
}

#[test]
fn every_resolution_keeps_a_label_at_every_width() {
    let loaded = load_str(FIXTURE).expect("the fixture loads");
    let data = &loaded.dataset;
    let steps: Vec<&Step> = data.steps.iter().collect();
    for w in WIDTHS {
        let pic = render_timeline(
            &steps,
            &data.countries,
            &data.resolutions,
            w,
            &Theme::light(),
        )
        .expect("the timeline draws");
        let rules = rules(&pic.svg);
        assert_eq!(rules.len(), 4, "at {w} px");
        for r in &rules {
            let label = r
                .label
                .unwrap_or_else(|| panic!("resolution {} has no label at {w} px", r.id));
            assert!(
                label.x >= 0.0 && label.right() <= w,
                "{} label {label:?} inside at {w} px",
                r.id
            );
            for o in &rules {
                if o.id == r.id {
                    continue;
                }
                // No rule through another's label: a rule that passes the
                // label's height and lies within its width.
                let through = o.x >= label.x - 1.0
                    && o.x <= label.right() + 1.0
                    && o.top < label.bottom() - 1.0
                    && o.bottom > label.y + 1.0;
                assert!(
                    !through,
                    "rule {} runs through label {} at {w} px",
                    o.id, r.id
                );
                if let Some(ol) = o.label {
                    let overlap = label.x < ol.right()
                        && ol.x < label.right()
                        && label.y < ol.bottom()
                        && ol.y < label.bottom();
                    assert!(!overlap, "labels {} and {} overlap at {w} px", r.id, o.id);
                }
            }
        }
    }
}
