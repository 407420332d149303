//! Markers for countries too small to see or tap at the picture's size, and
//! for countries the 1:110m shapes do not have: a dot at the centroid, moved
//! apart from its neighbours when they would overlap, with a leader line back.
//!
//! Placement is deterministic: a few rounds of pairwise repulsion (which keeps
//! markers near their countries), then a pass that accepts markers in priority
//! order and moves any that still overlap to the nearest free spot on a spiral
//! around it. That pass makes "no two markers overlap" hold by construction;
//! a marker that finds no room in the picture within [`MAX_MOVE`] of its
//! country is reported, not drawn on top. Both passes look only at near
//! neighbours (a grid of cells), so 200 markers are placed in a few ms.

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
/// How far from its country a marker may be moved, pixels: farther, its
/// leader line would cross half the map and no longer say whose it is, so a
/// marker with no room that near is reported instead (and so that crowded
/// views are placed in bounded time).
pub const MAX_MOVE: f64 = 6.0 * MIN_DISTANCE;

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

/// Indices of points filed in cells [`MIN_DISTANCE`] wide over an area, so
/// that finding the points closer than that to a spot looks at the nine
/// cells around it rather than at every point (a crowded view of 200
/// countries tries thousands of spots).
struct Grid {
    origin: Point,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
}

impl Grid {
    fn new(area: &BBox) -> Grid {
        let size = |extent: f64| {
            let n = (extent / MIN_DISTANCE).ceil();
            if n.is_finite() {
                n.clamp(1.0, 1024.0) as usize
            } else {
                1
            }
        };
        let (cols, rows) = (size(area.width()), size(area.height()));
        Grid {
            origin: Point::new(area.min_x, area.min_y),
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    /// The cell of a point (points outside the area go to its edge cells).
    fn cell(&self, p: Point) -> (usize, usize) {
        let index = |v: f64, n: usize| {
            let i = (v / MIN_DISTANCE).floor();
            if i.is_finite() {
                i.clamp(0.0, n.saturating_sub(1) as f64) as usize
            } else {
                0
            }
        };
        (
            index(p.x - self.origin.x, self.cols),
            index(p.y - self.origin.y, self.rows),
        )
    }

    fn insert(&mut self, p: Point, index: usize) {
        let (x, y) = self.cell(p);
        if let Some(cell) = self.cells.get_mut(y * self.cols + x) {
            cell.push(index);
        }
    }

    fn clear(&mut self) {
        for cell in &mut self.cells {
            cell.clear();
        }
    }

    /// Calls `f` with every index filed in the nine cells around `p`, until it returns false.
    fn each_near(&self, p: Point, mut f: impl FnMut(usize) -> bool) -> bool {
        let (cx, cy) = self.cell(p);
        for y in cy.saturating_sub(1)..=(cy + 1).min(self.rows.saturating_sub(1)) {
            for x in cx.saturating_sub(1)..=(cx + 1).min(self.cols.saturating_sub(1)) {
                let Some(cell) = self.cells.get(y * self.cols + x) else {
                    continue;
                };
                for &i in cell {
                    if !f(i) {
                        return false;
                    }
                }
            }
        }
        true
    }
}

/// Whether two points are closer than [`MIN_DISTANCE`].
fn too_close(a: Point, b: Point) -> bool {
    let (dx, dy) = (a.x - b.x, a.y - b.y);
    dx * dx + dy * dy < MIN_DISTANCE * MIN_DISTANCE
}

/// The markers accepted so far, filed in a [`Grid`].
struct Taken {
    markers: Vec<Marker>,
    grid: Grid,
}

impl Taken {
    fn new(area: &BBox) -> Taken {
        Taken {
            markers: Vec::new(),
            grid: Grid::new(area),
        }
    }

    /// Whether no accepted marker is closer than [`MIN_DISTANCE`].
    fn is_free(&self, p: Point) -> bool {
        self.grid.each_near(p, |i| {
            self.markers.get(i).map_or(true, |m| !too_close(m.at, p))
        })
    }

    fn push(&mut self, marker: Marker) {
        self.grid.insert(marker.at, self.markers.len());
        self.markers.push(marker);
    }
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
    // them (or a fixed direction per pair when they coincide). Each round
    // looks for pairs among the neighbours its start found, in index order.
    let mut grid = Grid::new(&area);
    let mut near: Vec<usize> = Vec::new();
    for _ in 0..ROUNDS {
        grid.clear();
        for (i, &p) in pos.iter().enumerate() {
            grid.insert(p, i);
        }
        let mut moved = false;
        for i in 0..pos.len() {
            near.clear();
            let Some(&start) = pos.get(i) else { continue };
            grid.each_near(start, |j| {
                if j > i {
                    near.push(j);
                }
                true
            });
            crate::sort::sort_ord(&mut near);
            for &j in &near {
                let (Some(&a), Some(&b)) = (pos.get(i), pos.get(j)) else {
                    continue;
                };
                let (dx, dy) = (b.x - a.x, b.y - a.y);
                let d2 = dx * dx + dy * dy;
                if d2 >= MIN_DISTANCE * MIN_DISTANCE {
                    continue;
                }
                let d = d2.sqrt();
                moved = true;
                let (ux, uy) = if d > 1e-6 {
                    (dx / d, dy / d)
                } else {
                    // Golden-angle directions: distinct for each pair.
                    let angle = (i * 31 + j) as f64 * 2.399_963;
                    (angle.cos(), angle.sin())
                };
                let push = (MIN_DISTANCE - d) / 2.0 + 0.01;
                if let Some(p) = pos.get_mut(i) {
                    *p = clamp_into(Point::new(a.x - ux * push, a.y - uy * push), &area);
                }
                if let Some(p) = pos.get_mut(j) {
                    *p = clamp_into(Point::new(b.x + ux * push, b.y + uy * push), &area);
                }
            }
        }
        if !moved {
            break;
        }
    }

    // Acceptance, in priority order, with a spiral search for any still
    // overlapping or pushed too far. Once a search has found the whole area
    // full, later ones would too: the rest that overlap are reported at once.
    let mut taken = Taken::new(&area);
    let mut rings = Rings::default();
    let mut unplaced = Vec::new();
    let mut full = false;
    for (k, (code, _)) in requests.iter().enumerate() {
        let (start, anchor) = match (pos.get(k), anchors.get(k)) {
            (Some(&p), Some(&a)) => (p, a),
            _ => continue,
        };
        let spot = if taken.is_free(start) && start.distance(anchor) <= MAX_MOVE {
            Search::Found(start)
        } else if full {
            Search::Full { everywhere: true }
        } else {
            spiral_search(anchor, &area, &taken, &mut rings)
        };
        match spot {
            Search::Found(at) => taken.push(Marker {
                code: code.clone(),
                anchor,
                at,
            }),
            Search::Full { everywhere } => {
                full = full || everywhere;
                unplaced.push(code.clone());
            }
        }
    }
    Placement {
        markers: taken.markers,
        unplaced,
    }
}

/// The spots a spiral search tries, as offsets from its centre: rings of
/// growing radius, a third of a marker apart, points on each a third of a
/// marker apart. Computed once per placement and shared by its searches.
#[derive(Default)]
struct Rings(Vec<Vec<Point>>);

impl Rings {
    const STEP: f64 = MIN_DISTANCE / 3.0;

    /// Ring `k` (radius `(k + 1) * STEP`).
    fn ring(&mut self, k: usize) -> &[Point] {
        while self.0.len() <= k {
            let radius = (self.0.len() + 1) as f64 * Self::STEP;
            let n = ((std::f64::consts::TAU * radius / Self::STEP).ceil() as usize).max(6);
            let ring = (0..n)
                .map(|i| {
                    let angle = std::f64::consts::TAU * i as f64 / n as f64;
                    Point::new(radius * angle.cos(), radius * angle.sin())
                })
                .collect();
            self.0.push(ring);
        }
        self.0.get(k).map_or(&[], Vec::as_slice)
    }
}

/// What a spiral search found.
enum Search {
    /// A free spot.
    Found(Point),
    /// No free spot within [`MAX_MOVE`]; `everywhere` when that covered the whole area.
    Full { everywhere: bool },
}

/// The free spot inside `area` nearest `around`, searching rings of growing
/// radius up to [`MAX_MOVE`] from `anchor`.
fn spiral_search(anchor: Point, area: &BBox, taken: &Taken, rings: &mut Rings) -> Search {
    let around = clamp_into(anchor, area);
    let diagonal = area.width().hypot(area.height());
    // The search starts where the marker can be (inside the area), but its
    // reach counts from the anchor.
    let reach = (MAX_MOVE - around.distance(anchor)).min(diagonal);
    let mut k = 0;
    while (k + 1) as f64 * Rings::STEP <= reach {
        for d in rings.ring(k) {
            let p = Point::new(around.x + d.x, around.y + d.y);
            if area.contains(p) && taken.is_free(p) {
                return Search::Found(p);
            }
        }
        k += 1;
    }
    Search::Full {
        everywhere: reach >= diagonal,
    }
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

    #[test]
    fn no_marker_is_moved_farther_than_max_move() {
        // A dense crowd around one spot in a wide frame: those that would
        // have to go farther are reported, the rest stay near their anchor.
        let reqs: Vec<(String, Point)> = (0..200)
            .map(|i| (format!("C{i}"), Point::new(600.0 + (i % 5) as f64, 200.0)))
            .collect();
        let f = frame(1200.0, 400.0);
        let p = place(&reqs, f);
        assert_no_overlap(&p, &f);
        assert!(
            !p.unplaced.is_empty() && p.markers.len() > 20,
            "{} placed",
            p.markers.len()
        );
        for m in &p.markers {
            assert!(m.at.distance(m.anchor) <= MAX_MOVE + 1e-9, "{m:?}");
        }
        assert_eq!(p.markers.len() + p.unplaced.len(), 200);
    }
}
