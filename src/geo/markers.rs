//! Markers for countries too small to see or tap at the picture's size, and
//! for countries the 1:110m shapes do not have: a dot at the centroid, moved
//! apart from its neighbours when they would overlap, with a leader line back.
//!
//! Placement is deterministic: a few rounds of pairwise repulsion (which keeps
//! markers near their countries), then a pass that accepts markers in priority
//! order and moves any that still overlap to the nearest free spot on a spiral
//! around it. That pass makes "no two markers overlap" hold by construction;
//! a marker that finds no room in the picture is reported, not drawn on top.

use super::{BBox, Point};

/// Drawn radius of a marker, pixels.
pub const MARKER_RADIUS: f64 = 7.0;
/// Radius of a marker's tap area, pixels (a 24 px target, WCAG 2.5.8).
pub const MARKER_HIT_RADIUS: f64 = 12.0;
/// Gap left between two markers' tap areas, pixels.
pub const MARKER_GAP: f64 = 2.0;

/// Centres closer than this overlap.
const MIN_DISTANCE: f64 = 2.0 * MARKER_HIT_RADIUS + MARKER_GAP;
/// Rounds of repulsion.
const ROUNDS: usize = 60;

/// A marker on the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// ISO code of the country.
    pub code: String,
    /// Where the country is (its centroid), pixels.
    pub anchor: Point,
    /// Where the marker is drawn, pixels.
    pub at: Point,
}

impl Marker {
    /// Whether it was moved off its country far enough to need a leader line.
    pub fn needs_leader(&self) -> bool {
        self.at.distance(self.anchor) > MARKER_RADIUS + 1.0
    }

    /// The leader line from the marker's edge to its anchor, if it needs one.
    pub fn leader(&self) -> Option<(Point, Point)> {
        if !self.needs_leader() {
            return None;
        }
        let d = self.at.distance(self.anchor);
        let t = MARKER_RADIUS / d;
        let start = Point::new(
            self.at.x + (self.anchor.x - self.at.x) * t,
            self.at.y + (self.anchor.y - self.at.y) * t,
        );
        Some((start, self.anchor))
    }
}

/// Markers placed, and the codes that found no room.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placement {
    /// Placed markers, in the requests' order; no two closer than their tap areas allow.
    pub markers: Vec<Marker>,
    /// Codes that found no free spot inside the picture.
    pub unplaced: Vec<String>,
}

fn clamp_into(p: Point, area: &BBox) -> Point {
    Point::new(
        p.x.clamp(area.min_x, area.max_x.max(area.min_x)),
        p.y.clamp(area.min_y, area.max_y.max(area.min_y)),
    )
}

fn is_free(p: Point, taken: &[Marker]) -> bool {
    taken.iter().all(|m| m.at.distance(p) >= MIN_DISTANCE)
}

/// Places a marker for each `(code, anchor)` (pixels, priority order: earlier
/// requests keep their spot) inside `frame`, so that no two tap areas overlap
/// and each tap area lies inside the frame.
pub fn place(requests: &[(String, Point)], frame: BBox) -> Placement {
    let area = BBox {
        min_x: frame.min_x + MARKER_HIT_RADIUS,
        min_y: frame.min_y + MARKER_HIT_RADIUS,
        max_x: frame.max_x - MARKER_HIT_RADIUS,
        max_y: frame.max_y - MARKER_HIT_RADIUS,
    };
    let anchors: Vec<Point> = requests
        .iter()
        .map(|(_, a)| {
            if a.x.is_finite() && a.y.is_finite() {
                *a
            } else {
                area.center()
            }
        })
        .collect();
    let mut pos: Vec<Point> = anchors.iter().map(|&a| clamp_into(a, &area)).collect();

    // Repulsion: overlapping pairs are pushed apart along the line joining
    // them (or a fixed direction per pair when they coincide).
    for _ in 0..ROUNDS {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let (a, b) = (pos[i], pos[j]);
                let d = a.distance(b);
                if d >= MIN_DISTANCE {
                    continue;
                }
                moved = true;
                let (ux, uy) = if d > 1e-6 {
                    ((b.x - a.x) / d, (b.y - a.y) / d)
                } else {
                    // Golden-angle directions: distinct for each pair.
                    let angle = (i * 31 + j) as f64 * 2.399_963;
                    (angle.cos(), angle.sin())
                };
                let push = (MIN_DISTANCE - d) / 2.0 + 0.01;
                pos[i] = clamp_into(Point::new(a.x - ux * push, a.y - uy * push), &area);
                pos[j] = clamp_into(Point::new(b.x + ux * push, b.y + uy * push), &area);
            }
        }
        if !moved {
            break;
        }
    }

    // Acceptance, in priority order, with a spiral search for any still overlapping.
    let mut placement = Placement::default();
    for (k, (code, _)) in requests.iter().enumerate() {
        let (start, anchor) = match (pos.get(k), anchors.get(k)) {
            (Some(&p), Some(&a)) => (p, a),
            _ => continue,
        };
        let spot = if is_free(start, &placement.markers) {
            Some(start)
        } else {
            spiral_search(anchor, &area, &placement.markers)
        };
        match spot {
            Some(at) => placement.markers.push(Marker {
                code: code.clone(),
                anchor,
                at,
            }),
            None => placement.unplaced.push(code.clone()),
        }
    }
    placement
}

/// The free spot inside `area` nearest `around`, searching rings of growing radius.
fn spiral_search(around: Point, area: &BBox, taken: &[Marker]) -> Option<Point> {
    let around = clamp_into(around, area);
    let reach = area.width().hypot(area.height());
    let step = MIN_DISTANCE / 3.0;
    let mut radius = step;
    while radius <= reach + step {
        // Points on the circle about a third of a marker apart.
        let n = ((std::f64::consts::TAU * radius / step).ceil() as usize).max(6);
        for i in 0..n {
            let angle = std::f64::consts::TAU * i as f64 / n as f64;
            let p = Point::new(
                around.x + radius * angle.cos(),
                around.y + radius * angle.sin(),
            );
            if area.contains(p) && is_free(p, taken) {
                return Some(p);
            }
        }
        radius += step;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(w: f64, h: f64) -> BBox {
        BBox {
            min_x: 0.0,
            min_y: 0.0,
            max_x: w,
            max_y: h,
        }
    }

    fn assert_no_overlap(p: &Placement, frame: &BBox) {
        for (i, a) in p.markers.iter().enumerate() {
            assert!(a.at.x >= frame.min_x + MARKER_HIT_RADIUS - 1e-9);
            assert!(a.at.x <= frame.max_x - MARKER_HIT_RADIUS + 1e-9);
            assert!(a.at.y >= frame.min_y + MARKER_HIT_RADIUS - 1e-9);
            assert!(a.at.y <= frame.max_y - MARKER_HIT_RADIUS + 1e-9);
            for b in &p.markers[i + 1..] {
                let d = a.at.distance(b.at);
                assert!(
                    d >= MIN_DISTANCE - 1e-9,
                    "{} and {} are {d} apart",
                    a.code,
                    b.code
                );
            }
        }
    }

    #[test]
    fn far_apart_markers_stay_on_their_anchors() {
        let reqs = vec![
            ("AA".to_string(), Point::new(50.0, 50.0)),
            ("BB".to_string(), Point::new(150.0, 50.0)),
        ];
        let p = place(&reqs, frame(300.0, 200.0));
        assert_eq!(p.markers.len(), 2);
        for m in &p.markers {
            assert_eq!(m.at, m.anchor);
            assert!(m.leader().is_none());
        }
    }

    #[test]
    fn close_markers_are_spread_with_leaders() {
        // Kuwait and Qatar at phone width: about 20 px apart.
        let reqs = vec![
            ("KW".to_string(), Point::new(200.0, 100.0)),
            ("QA".to_string(), Point::new(212.0, 116.0)),
        ];
        let f = frame(320.0, 220.0);
        let p = place(&reqs, f);
        assert_eq!(p.markers.len(), 2);
        assert_no_overlap(&p, &f);
        // Each moved only what was needed (26 - 20 = 6 px between them), so
        // each stays on its country and needs no leader line.
        for m in &p.markers {
            let moved = m.at.distance(m.anchor);
            assert!(moved > 0.0 && moved < 4.0, "{m:?}");
            assert!(m.leader().is_none());
        }
        // Anchors 4 px apart need moving further: leader lines appear.
        let reqs = vec![
            ("BH".to_string(), Point::new(200.0, 100.0)),
            ("QA".to_string(), Point::new(203.0, 103.0)),
        ];
        let p = place(&reqs, f);
        assert_no_overlap(&p, &f);
        for m in &p.markers {
            let (from, to) = m.leader().expect("a leader line");
            assert_eq!(to, m.anchor);
            assert!((from.distance(m.at) - MARKER_RADIUS).abs() < 1e-9);
        }
    }

    #[test]
    fn coincident_and_edge_markers_are_separated() {
        let reqs: Vec<(String, Point)> = (0..12)
            .map(|i| (format!("C{i}"), Point::new(0.0, 0.0)))
            .collect();
        let f = frame(280.0, 120.0);
        let p = place(&reqs, f);
        assert_eq!(p.markers.len(), 12);
        assert_no_overlap(&p, &f);
    }

    #[test]
    fn a_crowd_too_big_for_the_frame_is_placed_without_overlap_and_the_rest_reported() {
        let reqs: Vec<(String, Point)> = (0..300)
            .map(|i| (format!("C{i}"), Point::new(140.0 + (i % 7) as f64, 60.0)))
            .collect();
        let f = frame(280.0, 120.0);
        let p = place(&reqs, f);
        assert_no_overlap(&p, &f);
        assert!(!p.unplaced.is_empty());
        assert_eq!(p.markers.len() + p.unplaced.len(), 300);
        // Earlier requests win.
        assert_eq!(p.markers[0].code, "C0");
    }

    #[test]
    fn non_finite_anchors_do_not_panic() {
        let reqs = vec![
            ("AA".to_string(), Point::new(f64::NAN, 3.0)),
            (
                "BB".to_string(),
                Point::new(f64::INFINITY, f64::NEG_INFINITY),
            ),
        ];
        let f = frame(280.0, 140.0);
        let p = place(&reqs, f);
        assert_no_overlap(&p, &f);
        assert_eq!(p.markers.len(), 2);
    }
}
