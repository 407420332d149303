//! The world map's geometry: the compiled-in country shapes, the projection,
//! fitting a view to the story's countries, markers for countries too small to
//! tap, and hit testing. Pure and native-testable; drawing is in `chart::map`.
//!
//! Coordinates come in three kinds:
//! - longitude/latitude in degrees;
//! - *map units*: Equal Earth (Šavrič, Patterson & Jenny 2018) on a unit
//!   sphere, with `y` pointing **down** (north is negative), so the world spans
//!   about ±2.706 in `x` and ±1.317 in `y`;
//! - *pixels*: SVG user units of a picture, from a [`Viewport`].
//!
//! The shapes are Natural Earth's 1:110m countries (see `docs/map-asset.md`);
//! countries too small for that scale are known by a point ([`Place`]).

pub mod asset;
pub mod clusters;
pub mod markers;
mod names_ko;

use crate::chart::clamp_width;
use crate::error::{Error, Result};
use crate::index::CodeIndex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

pub use clusters::{Cluster, CLUSTER_RADIUS};
pub use markers::{Marker, MARKER_GAP, MARKER_HIT_RADIUS, MARKER_RADIUS, MAX_MOVE};

/// The compiled-in map asset (`assets/world-110m.bin`).
pub const WORLD_ASSET: &[u8] = include_bytes!("../assets/world-110m.bin");

/// A country whose main landmass is narrower *and* shorter than this, in
/// pixels, is too small to tap and gets a marker.
pub const SMALL_SIDE_PX: f64 = 12.0;
/// A country whose main landmass covers fewer square pixels than this (a
/// 12 px square) is too small to tap or see (the Gambia is long but thin)
/// and gets a marker.
pub const SMALL_AREA_PX: f64 = 144.0;

/// A point (map units or pixels, as the context says).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal, growing east / right.
    pub x: f64,
    /// Vertical, growing south / down.
    pub y: f64,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }

    /// Euclidean distance to another point.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// An axis-aligned rectangle (map units or pixels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Left edge.
    pub min_x: f64,
    /// Top edge.
    pub min_y: f64,
    /// Right edge.
    pub max_x: f64,
    /// Bottom edge.
    pub max_y: f64,
}

impl BBox {
    /// The empty box: the union of it and `b` is `b`.
    pub const EMPTY: BBox = BBox {
        min_x: f64::INFINITY,
        min_y: f64::INFINITY,
        max_x: f64::NEG_INFINITY,
        max_y: f64::NEG_INFINITY,
    };

    /// The smallest box holding every point (empty for none).
    pub fn of(points: impl IntoIterator<Item = Point>) -> BBox {
        points.into_iter().fold(BBox::EMPTY, BBox::with)
    }

    /// This box grown to hold `p`.
    pub fn with(self, p: Point) -> BBox {
        BBox {
            min_x: self.min_x.min(p.x),
            min_y: self.min_y.min(p.y),
            max_x: self.max_x.max(p.x),
            max_y: self.max_y.max(p.y),
        }
    }

    /// The smallest box holding both.
    pub fn union(self, other: BBox) -> BBox {
        BBox {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }

    /// True when it holds no point.
    pub fn is_empty(&self) -> bool {
        !(self.min_x <= self.max_x && self.min_y <= self.max_y)
    }

    /// Width (0 when empty).
    pub fn width(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max_x - self.min_x
        }
    }

    /// Height (0 when empty).
    pub fn height(&self) -> f64 {
        if self.is_empty() {
            0.0
        } else {
            self.max_y - self.min_y
        }
    }

    /// Its centre.
    pub fn center(&self) -> Point {
        Point::new(
            (self.min_x + self.max_x) / 2.0,
            (self.min_y + self.max_y) / 2.0,
        )
    }

    /// True when `p` is inside or on the edge.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min_x && p.x <= self.max_x && p.y >= self.min_y && p.y <= self.max_y
    }

    /// True when the two boxes share a point.
    pub fn intersects(&self, other: &BBox) -> bool {
        self.min_x <= other.max_x
            && other.min_x <= self.max_x
            && self.min_y <= other.max_y
            && other.min_y <= self.max_y
    }
}

/// One polygon of a country: an outer ring and its holes (South Africa's
/// around Lesotho), each ring closed (last point = first).
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Outer ring first, then holes.
    pub rings: Vec<Vec<Point>>,
    /// Bounding box of the outer ring.
    pub bbox: BBox,
}

impl Polygon {
    /// A polygon from its rings (outer first); `None` if it has no ring.
    pub fn new(rings: Vec<Vec<Point>>) -> Option<Polygon> {
        let bbox = BBox::of(rings.first()?.iter().copied());
        Some(Polygon { rings, bbox })
    }

    /// Area (outer ring minus holes), in squared units of its coordinates.
    pub fn area(&self) -> f64 {
        let mut rings = self.rings.iter();
        let outer = rings.next().map_or(0.0, |r| ring_area(r).abs());
        outer - rings.map(|r| ring_area(r).abs()).sum::<f64>()
    }

    /// Whether `p` is inside (even-odd over all rings, so holes are outside).
    pub fn contains(&self, p: Point) -> bool {
        if !self.bbox.contains(p) {
            return false;
        }
        let mut inside = false;
        for ring in &self.rings {
            for w in ring.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a.y > p.y) != (b.y > p.y) {
                    let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
                    if p.x < x {
                        inside = !inside;
                    }
                }
            }
        }
        inside
    }
}

/// Signed area of a closed ring (shoelace).
fn ring_area(ring: &[Point]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

/// A country drawn with shapes (or a feature without an ISO code, drawn without data).
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// ISO 3166-1 alpha-2 code; `None` for Kosovo, N. Cyprus and Somaliland.
    pub code: Option<String>,
    /// Natural Earth's short English name.
    pub name: String,
    /// Its polygons, in map units.
    pub polygons: Vec<Polygon>,
    /// Index in `polygons` of the main landmass (largest area).
    pub main: usize,
    /// Area centroid of the main landmass, map units.
    pub centroid: Point,
}

impl Shape {
    /// The main landmass (what a view is fitted to).
    pub fn main_polygon(&self) -> Option<&Polygon> {
        self.polygons.get(self.main)
    }

    /// Bounding box of the main landmass, map units.
    pub fn main_bbox(&self) -> BBox {
        self.main_polygon().map_or(BBox::EMPTY, |p| p.bbox)
    }

    /// Whether the box `b` (map units) shares a point with one of its
    /// polygons' outer rings (a label grown by a few pixels that touches
    /// its country is at it; one beside the bounding box of a sprawling
    /// country, over its neighbour, is not).
    pub fn touches(&self, b: BBox) -> bool {
        let corners = [
            Point::new(b.min_x, b.min_y),
            Point::new(b.max_x, b.min_y),
            Point::new(b.max_x, b.max_y),
            Point::new(b.min_x, b.max_y),
        ];
        self.polygons.iter().any(|p| {
            let Some(ring) = p.rings.first() else {
                return false;
            };
            if !p.bbox.intersects(&b) {
                return false;
            }
            if ring.iter().any(|&q| b.contains(q)) || corners.iter().any(|&c| p.contains(c)) {
                return true;
            }
            ring.windows(2).any(|w| {
                (0..4).any(|i| segments_cross(w[0], w[1], corners[i], corners[(i + 1) % 4]))
            })
        })
    }
}

/// Whether segments `ab` and `cd` cross.
fn segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool {
    let orient =
        |p: Point, q: Point, r: Point| (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    d1 * d2 <= 0.0 && d3 * d4 <= 0.0 && !(d1 == 0.0 && d2 == 0.0)
}

/// A country known only by a point: too small for the 1:110m shapes
/// (Singapore, Bahrain, Malta, Maldives…).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Short English name.
    pub name: String,
    /// Where it is, map units.
    pub at: Point,
}

/// The decoded world map.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// Countries with shapes, in drawing order ([`World::shapes`]).
    shapes: Vec<Shape>,
    /// Countries known only by a point ([`World::places`]).
    places: Vec<Place>,
    /// Bounding box of every shape, map units.
    pub extent: BBox,
    /// Positions in `shapes` and in `places` by code, for [`World::shape`]
    /// and [`World::place`]: the layout of every width asks for hundreds of
    /// codes, and a scan of 176 shapes for each added up.
    by_code: (CodeIndex, CodeIndex),
}

impl World {
    /// A world of these shapes and places, indexed by code.
    pub fn new(shapes: Vec<Shape>, places: Vec<Place>, extent: BBox) -> World {
        let by_code = (
            CodeIndex::new(shapes.iter().map(|s| s.code.as_deref())),
            CodeIndex::new(places.iter().map(|p| Some(p.code.as_str()))),
        );
        World {
            shapes,
            places,
            extent,
            by_code,
        }
    }

    /// Decodes an asset (see [`asset`]); a corrupt one is an [`Error::Render`].
    pub fn decode(bytes: &[u8]) -> Result<World> {
        let data = asset::decode(bytes)?;
        let unit = 1.0 / f64::from(data.scale);
        let pt = |(x, y): (i32, i32)| Point::new(f64::from(x) * unit, f64::from(y) * unit);
        let mut shapes = Vec::with_capacity(data.features.len());
        let mut extent = BBox::EMPTY;
        for f in data.features {
            let mut polygons = Vec::with_capacity(f.polygons.len());
            for rings in &f.polygons {
                let mut joined = Vec::with_capacity(rings.len());
                for refs in rings {
                    let ring: Vec<Point> = asset::join_ring(&data.arcs, refs)?
                        .into_iter()
                        .map(pt)
                        .collect();
                    if ring.len() < 4 || ring.first() != ring.last() {
                        return Err(Error::Render(format!(
                            "the map asset is corrupt: a ring of {} is not closed",
                            f.name
                        )));
                    }
                    joined.push(ring);
                }
                let polygon = Polygon::new(joined).ok_or_else(|| {
                    Error::Render(format!(
                        "the map asset is corrupt: {} has an empty polygon",
                        f.name
                    ))
                })?;
                extent = extent.union(polygon.bbox);
                polygons.push(polygon);
            }
            shapes.push(Shape {
                code: f.code,
                name: f.name,
                polygons,
                main: f.main as usize,
                centroid: pt(f.centroid),
            });
        }
        let places = data
            .points
            .into_iter()
            .map(|p| Place {
                code: p.code,
                name: p.name,
                at: pt(p.at),
            })
            .collect();
        Ok(World::new(shapes, places, extent))
    }

    /// Countries with shapes, in drawing order.
    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// Countries known only by a point.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The country with shapes that has this code.
    pub fn shape(&self, code: &str) -> Option<&Shape> {
        let at = |i: usize| self.shapes.get(i).and_then(|s| s.code.as_deref());
        self.by_code
            .0
            .find(code, at)
            .and_then(|i| self.shapes.get(i))
    }

    /// The country known only by a point that has this code.
    pub fn place(&self, code: &str) -> Option<&Place> {
        let at = |i: usize| self.places.get(i).map(|p| p.code.as_str());
        self.by_code
            .1
            .find(code, at)
            .and_then(|i| self.places.get(i))
    }

    /// Where a country's marker goes: its main landmass's centroid, or its
    /// point. `None` for a code the map does not have (Antarctica, `XK`, junk).
    pub fn centroid(&self, code: &str) -> Option<Point> {
        self.shape(code)
            .map(|s| s.centroid)
            .or_else(|| self.place(code).map(|p| p.at))
    }

    /// Natural Earth's short name for a code the map has.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.shape(code)
            .map(|s| s.name.as_str())
            .or_else(|| self.place(code).map(|p| p.name.as_str()))
    }

    /// The box a view of `code` is fitted to: its main landmass, or its point.
    pub fn fit_box(&self, code: &str) -> Option<BBox> {
        match self.shape(code) {
            Some(s) => Some(s.main_bbox()),
            None => self.place(code).map(|p| BBox::of([p.at])),
        }
    }
}

/// The compiled-in world, decoded once.
pub fn world() -> Result<&'static World> {
    static WORLD: OnceLock<Result<World>> = OnceLock::new();
    WORLD
        .get_or_init(|| World::decode(WORLD_ASSET))
        .as_ref()
        .map_err(Clone::clone)
}

/// Maps map units to the pixels of a picture `width` × `height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Picture width, pixels.
    pub width: f64,
    /// Picture height, pixels.
    pub height: f64,
    /// Pixels per map unit.
    pub scale: f64,
    /// The map-unit point at pixel (0, 0).
    pub origin: Point,
}

/// Narrowest story view, in map units (about 20° of longitude): a view of
/// one small country still shows its neighbours.
pub const MIN_SPAN: f64 = 0.35;
/// Margin around the fitted countries, as a share of their extent…
const MARGIN_SHARE: f64 = 0.12;
/// …and at least this many map units.
const MARGIN_MIN: f64 = 0.04;
/// Story views are at most this wide for their height…
const STORY_MAX_ASPECT: f64 = 2.2;
/// …and at least this wide at 280 px (a phone can scroll past a tall map)…
const STORY_MIN_ASPECT_NARROW: f64 = 1.2;
/// …rising to this at 1200 px (a desktop map should not fill the screen).
const STORY_MIN_ASPECT_WIDE: f64 = 1.6;

/// The smallest aspect ratio (width / height) of a story view at this width.
pub fn story_min_aspect(width: f64) -> f64 {
    let t = (clamp_width(width) - 280.0) / (1200.0 - 280.0);
    STORY_MIN_ASPECT_NARROW + (STORY_MIN_ASPECT_WIDE - STORY_MIN_ASPECT_NARROW) * t
}
/// Margin around the whole world, as a share of its extent.
const WORLD_MARGIN_SHARE: f64 = 0.01;

impl Viewport {
    /// A view of `bounds` (map units) at `width` pixels (clamped to the
    /// pictures' 280..=1200); the height follows from the bounds' aspect
    /// ratio, and the bounds are centred.
    pub fn of_bounds(bounds: BBox, width: f64) -> Viewport {
        let width = clamp_width(width);
        let (bw, bh) = (bounds.width().max(1e-9), bounds.height().max(1e-9));
        let height = (width * bh / bw).round().max(1.0);
        let scale = (width / bw).min(height / bh);
        let c = bounds.center();
        Viewport {
            width,
            height,
            scale,
            origin: Point::new(c.x - width / 2.0 / scale, c.y - height / 2.0 / scale),
        }
    }

    /// The whole world (every shape) at `width` pixels.
    pub fn whole_world(world: &World, width: f64) -> Viewport {
        let e = world.extent;
        if e.is_empty() {
            return Viewport::of_bounds(
                BBox::of([Point::new(-2.71, -1.32), Point::new(2.71, 1.32)]),
                width,
            );
        }
        let m = e.width().max(e.height()) * WORLD_MARGIN_SHARE;
        Viewport::of_bounds(
            BBox {
                min_x: e.min_x - m,
                min_y: e.min_y - m,
                max_x: e.max_x + m,
                max_y: e.max_y + m,
            },
            width,
        )
    }

    /// A view fitted to `codes` by each one's main landmass (or point), with
    /// margin, at least [`MIN_SPAN`] wide, with an aspect ratio between
    /// [`story_min_aspect`] and 2.2. Codes the map does not have are ignored;
    /// if none is left, the whole world.
    pub fn fit<S: AsRef<str>>(world: &World, codes: &[S], width: f64) -> Viewport {
        let bounds = codes
            .iter()
            .filter_map(|c| world.fit_box(c.as_ref()))
            .fold(BBox::EMPTY, BBox::union);
        if bounds.is_empty() {
            return Viewport::whole_world(world, width);
        }
        let mx = (bounds.width() * MARGIN_SHARE).max(MARGIN_MIN);
        let my = (bounds.height() * MARGIN_SHARE).max(MARGIN_MIN);
        let mut w = (bounds.width() + 2.0 * mx).max(MIN_SPAN);
        let mut h = (bounds.height() + 2.0 * my).max(MIN_SPAN / STORY_MAX_ASPECT);
        let aspect = w / h;
        let min_aspect = story_min_aspect(width);
        if aspect < min_aspect {
            w = h * min_aspect;
        } else if aspect > STORY_MAX_ASPECT {
            h = w / STORY_MAX_ASPECT;
        }
        let c = bounds.center();
        Viewport::of_bounds(
            BBox {
                min_x: c.x - w / 2.0,
                min_y: c.y - h / 2.0,
                max_x: c.x + w / 2.0,
                max_y: c.y + h / 2.0,
            },
            width,
        )
    }

    /// Map units to pixels.
    pub fn to_px(&self, p: Point) -> Point {
        Point::new(
            (p.x - self.origin.x) * self.scale,
            (p.y - self.origin.y) * self.scale,
        )
    }

    /// Pixels to map units.
    pub fn to_map(&self, p: Point) -> Point {
        Point::new(
            p.x / self.scale + self.origin.x,
            p.y / self.scale + self.origin.y,
        )
    }

    /// The picture's rectangle, pixels.
    pub fn frame(&self) -> BBox {
        BBox {
            min_x: 0.0,
            min_y: 0.0,
            max_x: self.width,
            max_y: self.height,
        }
    }

    /// A pixel box in map units.
    pub fn box_to_map(&self, b: BBox) -> BBox {
        if b.is_empty() {
            return b;
        }
        BBox::of([
            self.to_map(Point::new(b.min_x, b.min_y)),
            self.to_map(Point::new(b.max_x, b.max_y)),
        ])
    }

    /// A map-unit box in pixels.
    pub fn box_to_px(&self, b: BBox) -> BBox {
        if b.is_empty() {
            return b;
        }
        BBox::of([
            self.to_px(Point::new(b.min_x, b.min_y)),
            self.to_px(Point::new(b.max_x, b.max_y)),
        ])
    }

    /// Whether a country with this main landmass is too small to see or tap
    /// here (and so needs a marker).
    pub fn is_too_small(&self, main: &Polygon) -> bool {
        let b = self.box_to_px(main.bbox);
        let area = main.area() * self.scale * self.scale;
        (b.width() < SMALL_SIDE_PX && b.height() < SMALL_SIDE_PX) || area < SMALL_AREA_PX
    }
}

/// A country as drawn in one picture: its polygons in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOutShape {
    /// ISO code; `None` for features that cannot carry data.
    pub code: Option<String>,
    /// Natural Earth's short name.
    pub name: String,
    /// Polygons in the picture's pixels, simplified to what shows (points
    /// closer than half a pixel merged); polygons off the picture left out.
    pub polygons: Vec<Polygon>,
}

/// Everything a picture of the map drew that a caller needs to answer a
/// click or tap: the viewport, the shapes in pixels, the markers.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    /// How map units became pixels.
    pub viewport: Viewport,
    /// The countries drawn with shapes, in drawing order.
    pub shapes: Vec<LaidOutShape>,
    /// The markers, in priority order; none overlap.
    pub markers: Vec<Marker>,
    /// Codes asked for that the map does not have at all (no shape, no point).
    pub unknown: Vec<String>,
    /// Codes that needed a marker but found no free room (only in very crowded views).
    pub unplaced: Vec<String>,
    /// Crowded markers grouped into clusters ([`lay_out_zoomed`] only; their
    /// countries have no marker of their own).
    pub clusters: Vec<Cluster>,
}

/// Drops points closer than `tolerance` to the last kept one; keeps the ring closed.
fn simplify(ring: &[Point], tolerance: f64) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(ring.len());
    for &p in ring {
        match out.last() {
            Some(&q) if q.distance(p) < tolerance => {}
            _ => out.push(p),
        }
    }
    if let (Some(&first), Some(&last)) = (ring.first(), out.last()) {
        if last != first {
            if out.len() > 1 && last.distance(first) < tolerance {
                out.pop();
            }
            out.push(first);
        }
    }
    out
}

/// Lays out the map: every shape that shows in `viewport`, in pixels, and a
/// marker for each of `marker_codes` (in priority order) that is too small
/// here or has no shape. Codes without shape nor point go to `unknown`.
pub fn layout<S: AsRef<str>>(world: &World, viewport: Viewport, marker_codes: &[S]) -> MapLayout {
    let frame = viewport.frame();
    let mut shapes = Vec::new();
    for s in &world.shapes {
        let mut polygons = Vec::new();
        for p in &s.polygons {
            if !viewport.box_to_px(p.bbox).intersects(&frame) {
                continue;
            }
            let rings: Vec<Vec<Point>> = p
                .rings
                .iter()
                .map(|r| {
                    let px: Vec<Point> = r.iter().map(|&q| viewport.to_px(q)).collect();
                    simplify(&px, 0.5)
                })
                .filter(|r| r.len() >= 4)
                .collect();
            if let Some(polygon) = Polygon::new(rings) {
                polygons.push(polygon);
            }
        }
        if !polygons.is_empty() {
            shapes.push(LaidOutShape {
                code: s.code.clone(),
                name: s.name.clone(),
                polygons,
            });
        }
    }
    MapLayout {
        shapes,
        ..lay_out_markers(world, viewport, marker_codes)
    }
}

/// The markers of [`layout`] alone, without laying out any shape (`shapes`
/// is empty): for a map whose shapes are drawn once and only its markers
/// follow the selection. Hit test it with [`hit_test_world`].
pub fn lay_out_markers<S: AsRef<str>>(
    world: &World,
    viewport: Viewport,
    marker_codes: &[S],
) -> MapLayout {
    lay_out(world, viewport, marker_codes, false, false)
}

/// The markers of a zoomed view without its shapes, as [`lay_out_markers`]
/// gives them, but only for the countries whose anchor is inside the
/// picture (a zoomed view leaves most of the world out: those are neither
/// marked nor reported), and, when `group` is true, with crowded markers
/// grouped into [`Cluster`]s (see [`clusters`]). Codes the map does not have
/// go to `unknown`.
pub fn lay_out_zoomed<S: AsRef<str>>(
    world: &World,
    viewport: Viewport,
    marker_codes: &[S],
    group: bool,
) -> MapLayout {
    lay_out(world, viewport, marker_codes, true, group)
}

/// [`lay_out_markers`] (`in_view` and `group` false) and [`lay_out_zoomed`].
fn lay_out<S: AsRef<str>>(
    world: &World,
    viewport: Viewport,
    marker_codes: &[S],
    in_view: bool,
    group: bool,
) -> MapLayout {
    let frame = viewport.frame();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut requests = Vec::new();
    let mut unknown = Vec::new();
    for code in marker_codes {
        let code = code.as_ref();
        if !seen.insert(code) {
            continue;
        }
        let (needs, centroid) = match world.shape(code) {
            Some(s) => (
                s.main_polygon().is_some_and(|m| viewport.is_too_small(m)),
                Some(s.centroid),
            ),
            None => match world.place(code) {
                Some(p) => (true, Some(p.at)),
                None => (false, None),
            },
        };
        match centroid {
            Some(c) if needs => {
                let at = viewport.to_px(c);
                if !in_view || frame.contains(at) {
                    requests.push((code.to_owned(), at));
                }
            }
            Some(_) => {}
            None => unknown.push(code.to_owned()),
        }
    }
    let (markers, clusters, unplaced) = if group {
        let g = clusters::group_and_place(&requests, frame);
        (g.markers, g.clusters, g.unplaced)
    } else {
        let p = markers::place(&requests, frame);
        (p.markers, Vec::new(), p.unplaced)
    };
    MapLayout {
        viewport,
        shapes: Vec::new(),
        markers,
        unknown,
        unplaced,
        clusters,
    }
}

/// Whether `p` is on a cluster's tap area (a tap there zooms, it selects nothing).
fn on_cluster(layout: &MapLayout, p: Point) -> bool {
    layout
        .clusters
        .iter()
        .any(|c| c.at.distance(p) <= MARKER_HIT_RADIUS)
}

/// The marker whose tap area holds `p` (the nearest), if any.
fn marker_at(layout: &MapLayout, p: Point) -> Option<String> {
    layout
        .markers
        .iter()
        .filter(|m| m.at.distance(p) <= MARKER_HIT_RADIUS)
        .min_by(|a, b| a.at.distance(p).total_cmp(&b.at.distance(p)))
        .map(|m| m.code.clone())
}

/// [`hit_test`] for a layout from [`lay_out_markers`]: markers first, then
/// the world's own shapes (in map units, so nothing is projected per width).
/// The same answers as [`hit_test`] but where a simplified border and the
/// original one differ, by less than half a pixel.
pub fn hit_test_world(world: &World, layout: &MapLayout, x: f64, y: f64) -> Option<String> {
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    let p = Point::new(x, y);
    if let Some(code) = marker_at(layout, p) {
        return Some(code);
    }
    if on_cluster(layout, p) || !layout.viewport.frame().contains(p) {
        return None;
    }
    let q = layout.viewport.to_map(p);
    world
        .shapes
        .iter()
        .rev()
        .find(|s| s.polygons.iter().any(|poly| poly.contains(q)))
        .and_then(|s| s.code.clone())
}

/// The country under pixel (`x`, `y`) of a laid-out map: a marker first (the
/// nearest whose tap area holds the point), then a shape; `None` for the
/// sea, off the picture, and features without an ISO code.
pub fn hit_test(layout: &MapLayout, x: f64, y: f64) -> Option<String> {
    let p = Point::new(x, y);
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    if let Some(code) = marker_at(layout, p) {
        return Some(code);
    }
    if !layout.viewport.frame().contains(p) {
        return None;
    }
    // Later shapes are drawn on top.
    layout
        .shapes
        .iter()
        .rev()
        .find(|s| s.polygons.iter().any(|poly| poly.contains(p)))
        .and_then(|s| s.code.clone())
}

/// Projects longitude/latitude (degrees) with Equal Earth to map units (`y` down).
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let lambda = lon.to_radians();
    let phi = lat.clamp(-90.0, 90.0).to_radians();
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
        / (3.0 * (9.0 * A4 * t6 * t2 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, -y)
}

/// A country's Korean short name, from the Unicode CLDR (`대만` for `TW`),
/// for a code of ISO 3166-1 alpha-2 or `XK`; `None` for any other.
pub fn korean_name(code: &str) -> Option<&'static str> {
    let table = &names_ko::NAMES_KO;
    table
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .and_then(|i| table.get(i))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_the_map_knows_has_a_korean_name() {
        let table = &names_ko::NAMES_KO;
        assert!(
            table.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no code twice"
        );
        let w = world().unwrap();
        for code in w
            .shapes()
            .iter()
            .filter_map(|s| s.code.as_deref())
            .chain(w.places().iter().map(|p| p.code.as_str()))
        {
            assert!(korean_name(code).is_some(), "no Korean name for {code}");
        }
        assert_eq!(korean_name("KP"), Some("북한"));
        assert_eq!(korean_name("PL"), Some("폴란드"));
        assert_eq!(korean_name("TW"), Some("대만"));
        assert_eq!(korean_name("HK"), Some("홍콩"));
        assert_eq!(korean_name("EU"), None);
        assert_eq!(korean_name("pl"), None);
        assert_eq!(korean_name(""), None);
    }

    #[test]
    fn equal_earth_matches_reference_values() {
        // The projection's published extent: x = ±2.7064 at the equator's ends,
        // y = ±1.3173 at the poles (unit sphere).
        let (x, y) = equal_earth(180.0, 0.0);
        assert!((x - 2.7064).abs() < 1e-3, "{x}");
        assert!(y.abs() < 1e-12);
        let (x, y) = equal_earth(0.0, 90.0);
        assert!(x.abs() < 1e-12);
        assert!((y + 1.3173).abs() < 1e-3, "{y}");
        // Symmetric, and north is up (negative y).
        let (xa, ya) = equal_earth(-30.0, 45.0);
        let (xb, yb) = equal_earth(30.0, -45.0);
        assert!((xa + xb).abs() < 1e-12 && (ya + yb).abs() < 1e-12);
        assert!(ya < 0.0);
    }

    #[test]
    fn equal_earth_is_equal_area() {
        // A 1°×1° cell at the equator and at 60°N cover areas in the ratio of
        // the sphere's, sin(61°)-sin(60°) : sin(1°)-sin(0°).
        let cell = |lat: f64| {
            // Parallels are straight; the cell is nearly a trapezoid, so
            // its width is taken at mid-latitude.
            let (x0, _) = equal_earth(10.0, lat + 0.5);
            let (x1, _) = equal_earth(11.0, lat + 0.5);
            let (_, y0) = equal_earth(10.0, lat);
            let (_, y1) = equal_earth(10.0, lat + 1.0);
            (x1 - x0).abs() * (y1 - y0).abs()
        };
        let expected =
            (61f64.to_radians().sin() - 60f64.to_radians().sin()) / 1f64.to_radians().sin();
        let ratio = cell(60.0) / cell(0.0);
        assert!(
            (ratio / expected - 1.0).abs() < 1e-3,
            "{ratio} vs {expected}"
        );
    }

    const SEED: [&str; 4] = ["PL", "KW", "QA", "SN"];

    fn near(p: Point, lon: f64, lat: f64, tolerance: f64) -> bool {
        let (x, y) = equal_earth(lon, lat);
        p.distance(Point::new(x, y)) < tolerance
    }

    #[test]
    fn the_compiled_in_world_decodes() {
        let w = world().unwrap();
        assert_eq!(w.shapes.len(), 176);
        for code in SEED {
            let s = w.shape(code).unwrap();
            assert!(s.main_polygon().unwrap().contains(s.centroid), "{code}");
        }
        // Known only by a point: too small for 1:110m.
        for (code, lon, lat) in [
            ("SG", 103.8, 1.35),
            ("BH", 50.55, 26.05),
            ("MT", 14.4, 35.9),
            ("MV", 73.5, 4.2),
        ] {
            assert!(w.shape(code).is_none(), "{code}");
            let at = w.centroid(code).unwrap();
            assert!(near(at, lon, lat, 0.02), "{code} at {at:?}");
        }
        // Drawn without a code.
        let kosovo = w.shapes.iter().find(|s| s.name == "Kosovo").unwrap();
        assert_eq!(kosovo.code, None);
        assert_eq!(w.shapes.iter().filter(|s| s.code.is_none()).count(), 3);
        // Antarctica is left out, and junk is unknown.
        assert!(w.centroid("AQ").is_none());
        assert!(w.centroid("ZZ").is_none());
        assert_eq!(w.name("PL"), Some("Poland"));
    }

    #[test]
    fn the_main_landmass_is_the_largest_polygon() {
        let w = world().unwrap();
        // France's is metropolitan France, not French Guiana.
        let fr = w.shape("FR").unwrap();
        assert!(fr.polygons.len() > 1);
        assert!(near(fr.centroid, 2.5, 46.5, 0.05), "{:?}", fr.centroid);
        for s in &w.shapes {
            let main = s.main_polygon().unwrap().area();
            assert!(s.polygons.iter().all(|p| p.area() <= main), "{}", s.name);
        }
    }

    #[test]
    fn no_polygon_jumps_across_the_antimeridian() {
        let w = world().unwrap();
        let world_width = w.extent.width();
        for s in &w.shapes {
            for p in &s.polygons {
                assert!(
                    p.bbox.width() < world_width / 2.0,
                    "{} has a polygon {} wide",
                    s.name,
                    p.bbox.width()
                );
                for ring in &p.rings {
                    for seg in ring.windows(2) {
                        assert!(
                            (seg[1].x - seg[0].x).abs() < world_width / 4.0,
                            "{}",
                            s.name
                        );
                    }
                }
            }
        }
        // Russia and Fiji, cut at ±180°, have land at both edges of the world.
        for code in ["RU", "FJ"] {
            let s = w.shape(code).unwrap();
            assert!(s.polygons.iter().any(|p| p.bbox.max_x < -1.5), "{code}");
            assert!(s.polygons.iter().any(|p| p.bbox.min_x > 1.5), "{code}");
        }
    }

    #[test]
    fn a_corrupt_asset_is_an_error() {
        for n in (0..WORLD_ASSET.len()).step_by(97) {
            assert!(World::decode(&WORLD_ASSET[..n]).is_err(), "{n}");
        }
        let mut bad = WORLD_ASSET.to_vec();
        bad[0] = b'X';
        assert!(matches!(World::decode(&bad), Err(Error::Render(_))));
    }

    #[test]
    fn the_story_view_fits_the_seed_countries_with_margin() {
        let w = world().unwrap();
        for width in [280.0, 320.0, 640.0, 1200.0] {
            let v = Viewport::fit(w, &SEED, width);
            assert_eq!(v.width, width);
            let aspect = v.width / v.height;
            assert!(
                aspect >= story_min_aspect(width) - 0.01 && aspect <= 2.21,
                "{aspect}"
            );
            for code in SEED {
                let b = v.box_to_px(w.fit_box(code).unwrap());
                assert!(
                    b.min_x > 0.05 * width && b.max_x < 0.95 * width,
                    "{code} {b:?}"
                );
                assert!(b.min_y > 0.0 && b.max_y < v.height, "{code} {b:?}");
            }
            // It is a close-up: much more than the whole world's scale.
            assert!(v.scale > 2.5 * Viewport::whole_world(w, width).scale);
        }
        // Kuwait and Qatar are about 20 px apart at phone width.
        let v = Viewport::fit(w, &SEED, 320.0);
        let d = v
            .to_px(w.centroid("KW").unwrap())
            .distance(v.to_px(w.centroid("QA").unwrap()));
        assert!((15.0..30.0).contains(&d), "{d}");
    }

    #[test]
    fn fitting_uses_the_main_landmass() {
        let w = world().unwrap();
        // France alone: the view is around Europe, French Guiana is far off it.
        let v = Viewport::fit(w, &["FR"], 600.0);
        let (gx, gy) = equal_earth(-53.0, 4.0);
        assert!(!v.frame().contains(v.to_px(Point::new(gx, gy))));
        assert!(v.frame().contains(v.to_px(w.centroid("FR").unwrap())));
    }

    #[test]
    fn small_or_unknown_fits_fall_back_sensibly() {
        let w = world().unwrap();
        let none: [&str; 0] = [];
        let whole = Viewport::whole_world(w, 500.0);
        assert_eq!(Viewport::fit(w, &none, 500.0), whole);
        assert_eq!(Viewport::fit(w, &["ZZ", "AQ"], 500.0), whole);
        // One point-only country: at least MIN_SPAN wide.
        let v = Viewport::fit(w, &["SG"], 500.0);
        assert!(v.width / v.scale >= MIN_SPAN - 1e-9);
        assert!(v.frame().contains(v.to_px(w.centroid("SG").unwrap())));
        // The whole world shows every shape.
        let b = whole.box_to_px(w.extent);
        assert!(
            b.min_x >= 0.0 && b.max_x <= whole.width && b.min_y >= 0.0 && b.max_y <= whole.height
        );
    }

    #[test]
    fn pixels_and_map_units_round_trip() {
        let w = world().unwrap();
        let v = Viewport::fit(w, &SEED, 777.0);
        let p = Point::new(0.3, -0.7);
        let back = v.to_map(v.to_px(p));
        assert!(back.distance(p) < 1e-12);
    }

    #[test]
    fn markers_depend_on_size() {
        let w = world().unwrap();
        let phone = layout(w, Viewport::fit(w, &SEED, 320.0), &SEED);
        let codes: Vec<&str> = phone.markers.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["KW", "QA"]);
        let wide = layout(w, Viewport::fit(w, &SEED, 1200.0), &SEED);
        assert!(wide.markers.is_empty(), "{:?}", wide.markers);
        // Point-only countries always get one; unknown codes are reported.
        let l = layout(
            w,
            Viewport::fit(w, &["SG", "BH", "ZZ"], 1200.0),
            &["SG", "BH", "ZZ"],
        );
        let codes: Vec<&str> = l.markers.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["SG", "BH"]);
        assert_eq!(l.unknown, ["ZZ"]);
    }

    fn inside_point(l: &MapLayout, code: &str) -> Point {
        // The centroid of the main landmass, in pixels (inside for these countries).
        let w = world().unwrap();
        l.viewport.to_px(w.shape(code).unwrap().centroid)
    }

    #[test]
    fn hit_testing_finds_the_seed_countries_and_not_the_sea() {
        let w = world().unwrap();
        for width in [280.0, 320.0, 800.0, 1200.0] {
            let l = layout(w, Viewport::fit(w, &SEED, width), &SEED);
            for code in SEED {
                let p = match l.markers.iter().find(|m| m.code == code) {
                    Some(m) => m.at,
                    None => inside_point(&l, code),
                };
                assert_eq!(
                    hit_test(&l, p.x, p.y).as_deref(),
                    Some(code),
                    "{code} at {width}"
                );
            }
            // The Atlantic west of Senegal, and off the picture.
            let sea = l.viewport.to_px({
                let (x, y) = equal_earth(-25.0, 20.0);
                Point::new(x, y)
            });
            assert_eq!(hit_test(&l, sea.x, sea.y), None, "{width}");
            assert_eq!(hit_test(&l, -5.0, 10.0), None);
            assert_eq!(hit_test(&l, f64::NAN, 10.0), None);
        }
        // Mid-Atlantic in the world view.
        let l = layout(w, Viewport::whole_world(w, 600.0), &SEED);
        let (x, y) = equal_earth(-35.0, 30.0);
        let p = l.viewport.to_px(Point::new(x, y));
        assert_eq!(hit_test(&l, p.x, p.y), None);
        // Lesotho is a hole in South Africa: a point in it is Lesotho, not South Africa.
        let ls = l.viewport.to_px(w.shape("LS").unwrap().centroid);
        assert_eq!(hit_test(&l, ls.x, ls.y).as_deref(), Some("LS"));
    }

    #[test]
    fn markers_never_overlap_at_any_width() {
        let w = world().unwrap();
        let all: Vec<String> = w
            .shapes
            .iter()
            .filter_map(|s| s.code.clone())
            .chain(w.places.iter().map(|p| p.code.clone()))
            .take(200)
            .collect();
        let gulf = [
            "PL", "KW", "QA", "SN", "BH", "AE", "SA", "OM", "SG", "MT", "MV",
        ];
        for width in (280..=1200).step_by(40) {
            let width = f64::from(width);
            for (codes, story) in [(&SEED[..], true), (&gulf[..], true), (&gulf[..], false)] {
                let v = if story {
                    Viewport::fit(w, codes, width)
                } else {
                    Viewport::whole_world(w, width)
                };
                let l = layout(w, v, codes);
                assert!(l.unplaced.is_empty(), "{width}: {:?}", l.unplaced);
                check_markers(&l);
            }
            let l = layout(w, Viewport::whole_world(w, width), &all);
            check_markers(&l);
            // Every code is a shape big enough to tap, a marker, or reported.
            for code in &all {
                let marked = l.markers.iter().any(|m| &m.code == code);
                let reported = l.unplaced.contains(code) || l.unknown.contains(code);
                let big = w
                    .shape(code)
                    .and_then(Shape::main_polygon)
                    .is_some_and(|m| !l.viewport.is_too_small(m));
                assert_eq!(
                    [marked, reported, big].iter().filter(|b| **b).count(),
                    1,
                    "{code} at {width}"
                );
            }
        }
    }

    fn check_markers(l: &MapLayout) {
        for (i, a) in l.markers.iter().enumerate() {
            assert!(l.viewport.frame().contains(a.at));
            for b in &l.markers[i + 1..] {
                let d = a.at.distance(b.at);
                assert!(
                    d >= 2.0 * MARKER_HIT_RADIUS,
                    "{} and {} {d} px apart",
                    a.code,
                    b.code
                );
            }
        }
    }
}
