//! Zooming the map: which part of the whole view a reader looks at.
//!
//! A zoom is named by one string, so that a page can keep it in its view
//! state and a shareable link can carry it:
//! - `"whole"` (or `""`): the whole view;
//! - a region's key (`"europe"`, `"middle_east"` …): the dataset's countries
//!   of that region;
//! - `"c:KW+QA+BH"`: a cluster's countries (see [`crate::geo::clusters`]);
//! - `"@x,y,k"`: free, for zooming in and out, panning and pinching: the
//!   centre as a share of the whole view's width and height (0 to 1) and
//!   the zoom factor `k` (1 to [`MAX_ZOOM`]).
//!
//! Every zoom resolves to a centre and a factor ([`ZoomAt`]) and so to a
//! [`Viewport`] of the same size as the whole view's, `k` times its scale:
//! the picture keeps its size, only the part of the base it shows changes.
//! Markers, clusters and labels are then laid out for that viewport, so a
//! country big enough to tap at that zoom is a shape, not a marker.
//! Unknown regions or codes and malformed keys resolve to the whole view.

use crate::geo::{BBox, Point, Viewport, World};
use crate::model::{Dataset, Region};
use std::collections::BTreeSet;

/// The largest zoom factor (the 1:110m shapes get coarse beyond it; at it,
/// markers are never grouped, so a cluster always ends in markers).
pub const MAX_ZOOM: f64 = 16.0;
/// The factor a zoom-in or zoom-out step multiplies or divides by.
pub const ZOOM_STEP: f64 = 2.0;
/// The margin around a target's countries, as a share of their extent…
const TARGET_MARGIN: f64 = 0.2;
/// …and at least this share of the whole view (so one small country is
/// shown with its neighbours, and a target never zooms past what helps).
const TARGET_MIN_SHARE: f64 = 0.12;
/// A country's part of a region's box, map units from its centroid at most
/// (Russia's main landmass would make Europe's box span Siberia).
const REGION_CLIP: f64 = 0.2;

/// A zoom as its key names it.
#[derive(Debug, Clone, PartialEq)]
pub enum Zoom {
    /// The whole view.
    Whole,
    /// The dataset's countries of a region.
    Region(Region),
    /// A cluster's countries.
    Codes(Vec<String>),
    /// A centre and a factor.
    At(ZoomAt),
}

/// A zoom resolved: the centre as a share of the whole view's width and
/// height, and the factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomAt {
    /// Centre, share of the whole view's width (0 to 1).
    pub x: f64,
    /// Centre, share of the whole view's height (0 to 1).
    pub y: f64,
    /// Zoom factor, 1 to [`MAX_ZOOM`].
    pub k: f64,
}

impl ZoomAt {
    /// The whole view.
    pub const WHOLE: ZoomAt = ZoomAt {
        x: 0.5,
        y: 0.5,
        k: 1.0,
    };

    /// The same zoom with `k` within 1..=[`MAX_ZOOM`] and the centre where
    /// the zoomed view stays inside the whole one (not finite: the whole view).
    pub fn clamped(self) -> ZoomAt {
        if !(self.x.is_finite() && self.y.is_finite() && self.k.is_finite()) {
            return ZoomAt::WHOLE;
        }
        let k = self.k.clamp(1.0, MAX_ZOOM);
        let half = 0.5 / k;
        ZoomAt {
            x: self.x.clamp(half, 1.0 - half),
            y: self.y.clamp(half, 1.0 - half),
            k,
        }
    }

    /// Its key (`@x,y,k`, to 4 decimals).
    pub fn key(&self) -> String {
        format!(
            "@{},{},{}",
            four_places(self.x),
            four_places(self.y),
            four_places(self.k)
        )
    }
}

impl Zoom {
    /// The zoom a key names; `None` for one that names nothing (the caller
    /// shows the whole view).
    pub fn parse(key: &str) -> Option<Zoom> {
        let key = key.trim();
        if key.is_empty() || key == "whole" {
            return Some(Zoom::Whole);
        }
        if let Some(rest) = key.strip_prefix("c:") {
            let codes: Vec<String> = rest
                .split('+')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            return (!codes.is_empty()).then_some(Zoom::Codes(codes));
        }
        if let Some(rest) = key.strip_prefix('@') {
            let mut parts = rest.split(',').map(decimal);
            let (Some(Some(x)), Some(Some(y)), Some(Some(k)), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            return Some(Zoom::At(ZoomAt { x, y, k }.clamped()));
        }
        Region::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .map(Zoom::Region)
    }
}

/// A number to at most four decimals, without trailing zeros (`0.25`,
/// `3`), in integer arithmetic: float formatting is not linked otherwise
/// (`chart::svg::num` avoids it too). With it and `str::parse::<f64>` the
/// release wasm was 17 KB larger (13.6 KB gzip).
fn four_places(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_owned();
    }
    let n = (v * 10_000.0).round().clamp(-1e15, 1e15) as i64;
    let sign = if n < 0 { "-" } else { "" };
    let a = n.unsigned_abs();
    let (int, mut frac) = (a / 10_000, a % 10_000);
    if frac == 0 {
        return format!("{sign}{int}");
    }
    let mut width = 4;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    format!("{sign}{int}.{frac:0width$}")
}

/// A plain decimal number (`-0.25`, `3`, `.5`): what a free zoom's key
/// holds. Not `str::parse::<f64>`, whose exact algorithm is large (see
/// [`four_places`]); four decimals need no more than this.
fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty() || int.len() + frac.len() > 15 {
        return None;
    }
    // At most 15 digits: the mantissa is an exact integer, and one division
    // by an exact power of ten rounds the quotient correctly.
    let mut mantissa = 0.0;
    let mut power = 1.0;
    for c in int.chars() {
        mantissa = mantissa * 10.0 + f64::from(c.to_digit(10)?);
    }
    for c in frac.chars() {
        mantissa = mantissa * 10.0 + f64::from(c.to_digit(10)?);
        power *= 10.0;
    }
    let v = mantissa / power;
    Some(if negative { -v } else { v })
}

/// A named zoom a page offers as a button: the whole view or a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoomTarget {
    /// Its key (`whole`, `europe` …).
    pub key: String,
    /// Its name on the button ("Whole map", "Europe").
    pub label: String,
}

/// The zoom targets of a dataset: the whole view, then each region that
/// has a country with a step (west to east) and that `world` can show.
pub fn zoom_targets(world: &World, dataset: &Dataset) -> Vec<ZoomTarget> {
    let mut out = vec![ZoomTarget {
        key: "whole".to_owned(),
        label: "Whole map".to_owned(),
    }];
    let with_steps = countries_with_steps(dataset);
    for region in Region::ALL {
        if !region_box(world, dataset, &with_steps, region).is_empty() {
            out.push(ZoomTarget {
                key: region.key().to_owned(),
                label: region.label_en().to_owned(),
            });
        }
    }
    out
}

/// The codes of the countries that have a step (a set: 10,000 steps in 200
/// countries would otherwise be two million comparisons).
fn countries_with_steps(dataset: &Dataset) -> BTreeSet<&str> {
    let mut set = BTreeSet::new();
    for s in &dataset.steps {
        set.insert(s.country.as_str());
    }
    set
}

/// The box (map units) of the dataset's countries with steps (`with_steps`)
/// in `region`, each clipped to [`REGION_CLIP`] around its centroid.
fn region_box(
    world: &World,
    dataset: &Dataset,
    with_steps: &BTreeSet<&str>,
    region: Region,
) -> BBox {
    let mut b = BBox::EMPTY;
    for c in &dataset.countries {
        if !c.in_region(region) || !with_steps.contains(c.code.as_str()) {
            continue;
        }
        let (Some(fit), Some(at)) = (world.fit_box(&c.code), world.centroid(&c.code)) else {
            continue;
        };
        let clip = BBox {
            min_x: fit.min_x.max(at.x - REGION_CLIP),
            min_y: fit.min_y.max(at.y - REGION_CLIP),
            max_x: fit.max_x.min(at.x + REGION_CLIP),
            max_y: fit.max_y.min(at.y + REGION_CLIP),
        };
        b = b.union(clip.with(at));
    }
    b
}

/// The box (map units) of these countries' main landmasses or points.
fn codes_box<S: AsRef<str>>(world: &World, codes: &[S]) -> BBox {
    codes
        .iter()
        .filter_map(|c| world.fit_box(c.as_ref()))
        .fold(BBox::EMPTY, BBox::union)
}

/// The zoom that shows `bounds` (map units) in `whole` with margin, at
/// least [`TARGET_MIN_SHARE`] of the whole view; the whole view for an
/// empty box.
pub fn fit(whole: Viewport, bounds: BBox) -> ZoomAt {
    fit_at_least(whole, bounds, TARGET_MIN_SHARE)
}

/// [`fit`] showing at least `min_share` of the whole view.
fn fit_at_least(whole: Viewport, bounds: BBox, min_share: f64) -> ZoomAt {
    if bounds.is_empty() {
        return ZoomAt::WHOLE;
    }
    let b = whole.box_to_px(bounds);
    let (w, h) = (whole.width.max(1.0), whole.height.max(1.0));
    let bw = (b.width() * (1.0 + 2.0 * TARGET_MARGIN)).max(w * min_share);
    let bh = (b.height() * (1.0 + 2.0 * TARGET_MARGIN)).max(h * min_share);
    let c = b.center();
    ZoomAt {
        x: c.x / w,
        y: c.y / h,
        k: (w / bw).min(h / bh),
    }
    .clamped()
}

/// Where `zoom` looks in `whole` (the view at zoom 1, at the picture's width).
pub fn resolve(world: &World, dataset: &Dataset, whole: Viewport, zoom: &Zoom) -> ZoomAt {
    match zoom {
        Zoom::Whole => ZoomAt::WHOLE,
        Zoom::Region(r) => fit(
            whole,
            region_box(world, dataset, &countries_with_steps(dataset), *r),
        ),
        Zoom::Codes(codes) => cluster_zoom(world, whole, codes),
        Zoom::At(at) => at.clamped(),
    }
}

/// The zoom factors a cluster's zoom tries, smallest first.
const CLUSTER_STEPS: [f64; 9] = [1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 10.0, 12.0, 16.0];
/// A cluster's zoom goes this much beyond the factor that parts its
/// countries, for room around them.
const CLUSTER_ROOM: f64 = 1.3;

/// The zoom on a cluster's countries: centred on them, and only as far in as
/// parts them (no [`crate::geo::clusters::CLUSTER_MIN`] of them grouped
/// any more), with some room; at most as far as their box fits, which may be
/// all the way ([`MAX_ZOOM`], where nothing is grouped), so activating
/// clusters always ends in markers.
fn cluster_zoom(world: &World, whole: Viewport, codes: &[String]) -> ZoomAt {
    let fitted = fit_at_least(whole, codes_box(world, codes), 1.0 / MAX_ZOOM);
    let anchors: Vec<Point> = codes
        .iter()
        .filter_map(|c| world.centroid(c))
        .map(|c| whole.to_px(c))
        .collect();
    let parted = CLUSTER_STEPS
        .into_iter()
        .find(|&k| {
            let scaled: Vec<Point> = anchors
                .iter()
                .map(|p| Point::new(p.x * k, p.y * k))
                .collect();
            !crate::geo::clusters::would_group(&scaled)
        })
        .unwrap_or(MAX_ZOOM);
    ZoomAt {
        k: (parted * CLUSTER_ROOM).min(fitted.k),
        ..fitted
    }
    .clamped()
}

/// The viewport of `whole` zoomed to `at`: the same picture size, `k` times
/// the scale, centred on `at`.
pub fn zoomed(whole: Viewport, at: ZoomAt) -> Viewport {
    let at = at.clamped();
    let scale = whole.scale * at.k;
    let centre = whole.to_map(Point::new(at.x * whole.width, at.y * whole.height));
    Viewport {
        width: whole.width,
        height: whole.height,
        scale,
        origin: Point::new(
            centre.x - whole.width / 2.0 / scale,
            centre.y - whole.height / 2.0 / scale,
        ),
    }
}

/// How a zoom is named to a reader: "Whole map", "Europe", "Kuwait, Qatar
/// and Bahrain", "2.5 times"; `name` gives a country's name from its code.
pub fn zoom_label(zoom: &Zoom, at: ZoomAt, name: impl Fn(&str) -> String) -> String {
    match zoom {
        Zoom::Whole => "Whole map".to_owned(),
        Zoom::Region(r) => r.label_en().to_owned(),
        Zoom::Codes(codes) => {
            let names: Vec<String> = codes.iter().map(|c| name(c)).collect();
            match names.as_slice() {
                [] => "Whole map".to_owned(),
                [one] => one.clone(),
                [a, b] => format!("{a} and {b}"),
                [a, b, c] => format!("{a}, {b} and {c}"),
                [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
            }
        }
        Zoom::At(_) if at.k <= 1.0 => "Whole map".to_owned(),
        Zoom::At(_) => format!("{} times", crate::chart::svg::num(at.k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_bad_ones_name_nothing() {
        assert_eq!(Zoom::parse("whole"), Some(Zoom::Whole));
        assert_eq!(Zoom::parse(""), Some(Zoom::Whole));
        assert_eq!(Zoom::parse("europe"), Some(Zoom::Region(Region::Europe)));
        assert_eq!(
            Zoom::parse("c:KW+QA"),
            Some(Zoom::Codes(vec!["KW".into(), "QA".into()]))
        );
        assert_eq!(
            Zoom::parse("@0.5,0.5,2"),
            Some(Zoom::At(ZoomAt {
                x: 0.5,
                y: 0.5,
                k: 2.0
            }))
        );
        // Clamped: the view stays inside the whole one.
        assert_eq!(
            Zoom::parse("@0,1,100"),
            Some(Zoom::At(ZoomAt {
                x: 0.5 / MAX_ZOOM,
                y: 1.0 - 0.5 / MAX_ZOOM,
                k: MAX_ZOOM
            }))
        );
        assert_eq!(four_places(0.25), "0.25");
        assert_eq!(four_places(0.03125), "0.0313");
        assert_eq!(four_places(3.0), "3");
        assert_eq!(four_places(-1.5), "-1.5");
        assert_eq!(four_places(0.0007), "0.0007");
        assert_eq!(decimal("0.1234"), Some(0.1234));
        assert_eq!(decimal("-2.5"), Some(-2.5));
        assert_eq!(decimal(".5"), Some(0.5));
        assert_eq!(decimal("16"), Some(16.0));
        for bad in ["", ".", "-", "1e3", "1.2.3", "x", "NaN", "0x10"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
        for bad in ["mars", "c:", "@1,2", "@a,b,c", "@1,2,3,4", "@NaN,0.5,2"] {
            assert_eq!(Zoom::parse(bad), None, "{bad}");
        }
        let at = ZoomAt {
            x: 0.25,
            y: 0.75,
            k: 3.0,
        };
        assert_eq!(Zoom::parse(&at.key()), Some(Zoom::At(at)));
    }

    #[test]
    fn a_zoomed_viewport_keeps_its_size_and_centre() {
        let whole = Viewport {
            width: 400.0,
            height: 200.0,
            scale: 100.0,
            origin: Point::new(-2.0, -1.0),
        };
        assert_eq!(zoomed(whole, ZoomAt::WHOLE), whole);
        let v = zoomed(
            whole,
            ZoomAt {
                x: 0.75,
                y: 0.5,
                k: 4.0,
            },
        );
        assert_eq!((v.width, v.height, v.scale), (400.0, 200.0, 400.0));
        // The whole view's point at 75 % across is the zoomed view's centre.
        let c = whole.to_map(Point::new(300.0, 100.0));
        let p = v.to_px(c);
        assert!((p.x - 200.0).abs() < 1e-9 && (p.y - 100.0).abs() < 1e-9);
        // Fitting a box gives a view that holds it.
        let b = BBox::of([Point::new(0.5, -0.2), Point::new(0.9, 0.1)]);
        let at = fit(whole, b);
        let v = zoomed(whole, at);
        let px = v.box_to_px(b);
        assert!(px.min_x >= 0.0 && px.max_x <= 400.0 && px.min_y >= 0.0 && px.max_y <= 200.0);
        assert!(at.k > 1.0);
        assert_eq!(fit(whole, BBox::EMPTY), ZoomAt::WHOLE);
    }

    #[test]
    fn labels_name_the_zoom() {
        let name = |c: &str| c.to_lowercase();
        let at = ZoomAt::WHOLE;
        assert_eq!(zoom_label(&Zoom::Whole, at, name), "Whole map");
        assert_eq!(zoom_label(&Zoom::Region(Region::Asia), at, name), "Asia");
        let codes = |v: &[&str]| Zoom::Codes(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            zoom_label(&codes(&["KW", "QA", "BH"]), at, name),
            "kw, qa and bh"
        );
        assert_eq!(
            zoom_label(&codes(&["KW", "QA", "BH", "AE"]), at, name),
            "kw, qa and 2 more"
        );
        let at = ZoomAt {
            x: 0.5,
            y: 0.5,
            k: 2.5,
        };
        assert_eq!(zoom_label(&Zoom::At(at), at, name), "2.5 times");
    }
}
