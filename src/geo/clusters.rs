//! Clusters: crowded markers grouped into one disc that zooms in when
//! activated, instead of being pushed far from their countries with long,
//! crossing leader lines (the Gulf states, the Balkans or South-East Asia on a
//! phone).
//!
//! Grouping is deterministic centroid linkage in pixels: the two groups whose
//! centres are closest are merged while they are nearer than
//! [`CLUSTER_DISTANCE`]; a group of at least [`CLUSTER_MIN`] countries
//! becomes a cluster, a smaller one stays single markers (two neighbours sit
//! side by side with short leaders). Clusters and the remaining markers are
//! then placed together by [`super::markers::place`], and a single marker
//! that finds no room joins the nearest cluster rather than being dropped.

use super::markers::{self, Marker, MAX_MOVE};
use super::{BBox, Point};

/// Marker anchors closer than this (pixels) are grouped: two markers' tap
/// areas plus their gap, so any nearer pair could only be drawn apart with a
/// leader.
pub const CLUSTER_DISTANCE: f64 = 2.0 * markers::MARKER_HIT_RADIUS + markers::MARKER_GAP;
/// The fewest countries a cluster holds.
pub const CLUSTER_MIN: usize = 3;
/// Drawn radius of a cluster's disc, pixels (its tap area is a marker's).
pub const CLUSTER_RADIUS: f64 = 10.0;

/// Countries grouped under one disc.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The countries' codes, in the requests' (priority) order.
    pub codes: Vec<String>,
    /// The centre of their anchors, pixels.
    pub anchor: Point,
    /// Where the disc is drawn, pixels.
    pub at: Point,
    /// The box of their anchors, pixels.
    pub bounds: BBox,
}

impl Cluster {
    /// Its zoom key (see `chart::zoom`): `c:` and the codes joined by `+`.
    pub fn zoom_key(&self) -> String {
        format!("c:{}", self.codes.join("+"))
    }
}

/// Markers and clusters placed, and the codes that found no room.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grouped {
    /// Single markers, in the requests' order.
    pub markers: Vec<Marker>,
    /// Clusters, largest group first among equals in the requests' order.
    pub clusters: Vec<Cluster>,
    /// Codes with neither a marker nor a cluster.
    pub unplaced: Vec<String>,
}

/// One group while merging: indices into the requests and the sum of their anchors.
struct Group {
    members: Vec<usize>,
    sum: Point,
}

impl Group {
    fn centre(&self) -> Point {
        let n = self.members.len().max(1) as f64;
        Point::new(self.sum.x / n, self.sum.y / n)
    }
}

/// Whether any [`CLUSTER_MIN`] of these anchors (pixels) would be grouped.
pub fn would_group(anchors: &[Point]) -> bool {
    linkage(anchors)
        .iter()
        .any(|g| g.members.len() >= CLUSTER_MIN)
}

/// Centroid linkage of `anchors` (pixels): the groups left when no two
/// centres are nearer than [`CLUSTER_DISTANCE`]; members in index order.
///
/// The closest pair of groups is merged while one is near enough; among
/// pairs at the same distance, the first by position (the groups keep their
/// order, a merged group taking the place of its first). Only the pairs
/// near enough are kept, with their distances, and a merge recomputes the
/// merged group's pairs alone, so a whole world's markers (200 and more, on
/// every width change) cost a few thousand cheap comparisons, not n³
/// distances.
fn linkage(anchors: &[Point]) -> Vec<Group> {
    // `None`: merged into an earlier group. A group's index never changes,
    // and the survivors keep their relative order.
    let mut groups: Vec<Option<Group>> = anchors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Some(Group {
                members: vec![i],
                sum: *a,
            })
        })
        .collect();
    let mut centres: Vec<Point> = anchors.to_vec();
    // The pairs (i < j) nearer than CLUSTER_DISTANCE, with their distance.
    let mut near: Vec<(usize, usize, f64)> = Vec::new();
    for i in 0..centres.len() {
        for j in i + 1..centres.len() {
            if let Some(d) = near_enough(centres[i], centres[j]) {
                near.push((i, j, d));
            }
        }
    }
    loop {
        // The closest; the first by (i, j) among equals, as a scan would find.
        let best = near.iter().copied().reduce(|best, p| {
            let closer = p.2 < best.2 || (p.2 == best.2 && (p.0, p.1) < (best.0, best.1));
            if closer {
                p
            } else {
                best
            }
        });
        let Some((i, j, _)) = best else { break };
        let Some(b) = groups.get_mut(j).and_then(Option::take) else {
            break;
        };
        let Some(a) = groups.get_mut(i).and_then(Option::as_mut) else {
            break;
        };
        a.members.extend(b.members);
        crate::sort::sort_ord(&mut a.members);
        a.sum = Point::new(a.sum.x + b.sum.x, a.sum.y + b.sum.y);
        let c = a.centre();
        if let Some(slot) = centres.get_mut(i) {
            *slot = c;
        }
        near.retain(|&(x, y, _)| x != i && y != i && x != j && y != j);
        for (k, g) in groups.iter().enumerate() {
            if k == i || g.is_none() {
                continue;
            }
            let Some(&other) = centres.get(k) else {
                continue;
            };
            if let Some(d) = near_enough(c, other) {
                near.push(if k < i { (k, i, d) } else { (i, k, d) });
            }
        }
    }
    groups.into_iter().flatten().collect()
}

/// The distance between two centres if it is below [`CLUSTER_DISTANCE`]
/// (exactly as [`Point::distance`] gives it); a pair farther apart along
/// either axis is passed over without computing it.
fn near_enough(a: Point, b: Point) -> Option<f64> {
    if (a.x - b.x).abs() >= CLUSTER_DISTANCE || (a.y - b.y).abs() >= CLUSTER_DISTANCE {
        return None;
    }
    let d = a.distance(b);
    (d < CLUSTER_DISTANCE).then_some(d)
}

/// Groups `requests` (code and anchor in pixels, priority order) that crowd
/// each other, and places markers and clusters inside `frame`.
pub fn group_and_place(requests: &[(String, Point)], frame: BBox) -> Grouped {
    let anchors: Vec<Point> = requests.iter().map(|r| r.1).collect();
    let groups = linkage(&anchors);

    // Singles first (in priority order), then the clusters, as requests of
    // the marker placement; a cluster's request is named by its index.
    let mut singles: Vec<usize> = Vec::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    for g in &groups {
        if g.members.len() >= CLUSTER_MIN {
            let anchors = g
                .members
                .iter()
                .filter_map(|&i| requests.get(i))
                .map(|r| r.1);
            clusters.push(Cluster {
                codes: g
                    .members
                    .iter()
                    .filter_map(|&i| requests.get(i))
                    .map(|r| r.0.clone())
                    .collect(),
                anchor: g.centre(),
                at: g.centre(),
                bounds: BBox::of(anchors),
            });
        } else {
            singles.extend(&g.members);
        }
    }
    crate::sort::sort_ord(&mut singles);
    let mut asked: Vec<(String, Point)> = singles
        .iter()
        .filter_map(|&i| requests.get(i).cloned())
        .collect();
    for (k, c) in clusters.iter().enumerate() {
        asked.push((format!("#{k}"), c.anchor));
    }
    let placed = markers::place(&asked, frame);

    let mut out = Grouped::default();
    let mut cluster_placed = vec![false; clusters.len()];
    for m in placed.markers {
        match cluster_index(&m.code) {
            Some(k) => {
                if let (Some(c), Some(p)) = (clusters.get_mut(k), cluster_placed.get_mut(k)) {
                    c.at = m.at;
                    *p = true;
                }
            }
            None => out.markers.push(m),
        }
    }
    let mut unplaced_clusters: Vec<String> = Vec::new();
    for (c, placed) in clusters.iter().zip(&cluster_placed) {
        if !placed {
            unplaced_clusters.extend(c.codes.iter().cloned());
        }
    }
    let mut kept: Vec<Cluster> = clusters
        .into_iter()
        .zip(cluster_placed)
        .filter_map(|(c, p)| p.then_some(c))
        .collect();
    // A single with no room joins the nearest cluster within reach.
    for code in placed.unplaced {
        if cluster_index(&code).is_some() {
            continue;
        }
        let anchor = requests.iter().find(|r| r.0 == code).map(|r| r.1);
        let nearest = anchor.and_then(|a| {
            kept.iter_mut()
                .filter(|c| c.at.distance(a) <= MAX_MOVE)
                .min_by(|x, y| x.at.distance(a).total_cmp(&y.at.distance(a)))
                .map(|c| (c, a))
        });
        match nearest {
            Some((c, a)) => {
                c.codes.push(code);
                c.bounds = c.bounds.with(a);
            }
            None => out.unplaced.push(code),
        }
    }
    out.unplaced.extend(unplaced_clusters);
    out.clusters = kept;
    out
}

/// The cluster a placement request names (`#k`), if it is one.
fn cluster_index(code: &str) -> Option<usize> {
    code.strip_prefix('#').and_then(|k| k.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> BBox {
        BBox::of([Point::new(0.0, 0.0), Point::new(400.0, 300.0)])
    }

    fn req(code: &str, x: f64, y: f64) -> (String, Point) {
        (code.to_owned(), Point::new(x, y))
    }

    #[test]
    fn three_crowded_markers_become_one_cluster_and_a_pair_stays_apart() {
        let g = group_and_place(
            &[
                req("KW", 100.0, 100.0),
                req("BH", 108.0, 106.0),
                req("QA", 112.0, 110.0),
                req("PL", 300.0, 50.0),
                req("CZ", 310.0, 55.0),
            ],
            frame(),
        );
        assert_eq!(g.clusters.len(), 1);
        assert_eq!(g.clusters[0].codes, ["KW", "BH", "QA"]);
        assert_eq!(g.clusters[0].zoom_key(), "c:KW+BH+QA");
        let codes: Vec<&str> = g.markers.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["PL", "CZ"]);
        assert!(g.unplaced.is_empty());
        // The cluster stays on its countries.
        assert!(g.clusters[0].at.distance(g.clusters[0].anchor) < 1.0);
    }

    /// The linkage as first written: every pair's distance at every merge.
    fn linkage_by_scanning(anchors: &[Point]) -> Vec<Vec<usize>> {
        let mut groups: Vec<Group> = anchors
            .iter()
            .enumerate()
            .map(|(i, a)| Group {
                members: vec![i],
                sum: *a,
            })
            .collect();
        loop {
            let mut best: Option<(usize, usize, f64)> = None;
            for i in 0..groups.len() {
                for j in i + 1..groups.len() {
                    let d = groups[i].centre().distance(groups[j].centre());
                    if d < CLUSTER_DISTANCE && best.map_or(true, |(_, _, bd)| d < bd) {
                        best = Some((i, j, d));
                    }
                }
            }
            let Some((i, j, _)) = best else { break };
            let b = groups.remove(j);
            let a = &mut groups[i];
            a.members.extend(b.members);
            a.members.sort_unstable();
            a.sum = Point::new(a.sum.x + b.sum.x, a.sum.y + b.sum.y);
        }
        groups.into_iter().map(|g| g.members).collect()
    }

    #[test]
    fn the_linkage_merges_as_scanning_every_pair_would() {
        // Crowded and sparse point sets (a fixed xorshift), on a grid too
        // (many equal distances: the order among ties must hold).
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut merged = 0;
        for (n, side) in [
            (5, 40.0),
            (40, 120.0),
            (120, 300.0),
            (250, 900.0),
            (60, 60.0),
        ] {
            for _ in 0..4 {
                let points: Vec<Point> = (0..n)
                    .map(|_| Point::new(next() * side, next() * side * 0.6))
                    .collect();
                let fast: Vec<Vec<usize>> =
                    linkage(&points).into_iter().map(|g| g.members).collect();
                assert_eq!(
                    fast,
                    linkage_by_scanning(&points),
                    "{n} points in {side} px"
                );
                merged += fast.iter().filter(|g| g.len() > 1).count();
            }
        }
        assert!(merged > 20, "the sets must crowd: {merged} merged groups");
        let grid: Vec<Point> = (0..64)
            .map(|k| Point::new((k % 8) as f64 * 15.0, (k / 8) as f64 * 15.0))
            .collect();
        let fast: Vec<Vec<usize>> = linkage(&grid).into_iter().map(|g| g.members).collect();
        assert_eq!(fast, linkage_by_scanning(&grid));
        let odd = [
            Point::new(f64::NAN, 1.0),
            Point::new(1.0, 1.0),
            Point::new(2.0, 2.0),
            Point::new(f64::INFINITY, 0.0),
        ];
        let fast: Vec<Vec<usize>> = linkage(&odd).into_iter().map(|g| g.members).collect();
        assert_eq!(fast, linkage_by_scanning(&odd));
    }

    #[test]
    fn markers_far_apart_are_not_grouped() {
        let g = group_and_place(
            &[
                req("A", 50.0, 50.0),
                req("B", 150.0, 50.0),
                req("C", 250.0, 50.0),
            ],
            frame(),
        );
        assert!(g.clusters.is_empty());
        assert_eq!(g.markers.len(), 3);
        assert!(g.markers.iter().all(|m| !m.needs_leader()));
    }

    #[test]
    fn nothing_to_place_and_points_that_are_not_finite() {
        assert_eq!(group_and_place(&[], frame()), Grouped::default());
        let g = group_and_place(&[req("A", f64::NAN, 0.0), req("B", 10.0, 10.0)], frame());
        assert_eq!(g.markers.len() + g.unplaced.len(), 2);
    }
}
