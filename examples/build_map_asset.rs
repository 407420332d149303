//! Builds `assets/world-110m.bin`, the world map compiled into the widget.
//!
//! Regenerate (see docs/map-asset.md):
//!
//! ```text
//! mkdir -p /tmp/atlas && cd /tmp/atlas && npm install --no-save world-atlas@2.0.2
//! cd -   # back to the repository
//! cargo run --example build_map_asset -- \
//!     /tmp/atlas/node_modules/world-atlas/countries-110m.json assets/world-110m.bin \
//!     /tmp/atlas/node_modules/world-atlas/countries-50m.json
//! ```
//!
//! Input: world-atlas's TopoJSON (Natural Earth admin-0 countries, public
//! domain; package ISC). Arcs are delta-encoded and quantized with a
//! `transform`; `objects.countries` geometries carry the ISO 3166-1 numeric
//! code as a string id ("616"), or no id (Kosovo, N. Cyprus, Somaliland).
//!
//! What it does:
//! - decodes the 1:110m arcs, checks no segment jumps across the antimeridian
//!   (world-atlas already cuts shapes at ±180°), projects them with Equal Earth
//!   and quantizes them to 1/SCALE map unit, keeping the topology (shared borders once);
//! - maps numeric codes to alpha-2 with the `celes` crate; features without an id
//!   are kept, drawn without data; Antarctica is left out (no story needs it
//!   and it would take a fifth of the world view's height);
//! - marks each country's main landmass (largest projected area; Equal Earth
//!   is equal-area) and stores its area centroid;
//! - for ISO countries absent from 1:110m, stores the area centroid of their
//!   largest polygon in the 1:50m file (Singapore, Bahrain, Malta, Maldives…);
//!   the few that neither file has as their own feature come from
//!   `EXTRA_POINTS` below.
//! - writes the binary format documented in `src/geo/asset.rs`.

use sanctions_tracker::geo::asset::{self, AssetData, AssetFeature, AssetPoint};
use sanctions_tracker::geo::equal_earth;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;

/// Quantized units per map unit: 1/4000 of the unit sphere is about 1.6 km,
/// 0.06 px when the whole world is 1200 px wide and under 1 px in the tightest
/// view `geo::Viewport` fits. Finer costs bytes (1/10000: 26.7 KB gzip, against
/// 22.4 KB) for detail the 1:110m shapes do not have.
const SCALE: f64 = 4_000.0;

/// Numeric codes of features left out of the map.
const SKIP: &[&str] = &["010"]; // Antarctica

/// ISO countries that are not a feature of their own in Natural Earth's 1:50m
/// admin-0 countries (France's overseas departments and Svalbard are drawn as
/// part of France and Norway; the rest are specks), placed by hand:
/// (alpha-2, name, longitude, latitude). Each is the approximate centre of the
/// territory's main island or land, rounded to 0.05°, and was checked against
/// Natural Earth's 1:10m shapes (world-atlas `countries-10m.json`): every point
/// is within 0.6° of the territory's own coastline vertices, French Guiana's
/// 1° inland. Left out: the U.S. Minor Outlying Islands (scattered over the
/// Pacific, no one point), Antarctica (see `SKIP`) and Kosovo (`XK` is not an
/// ISO code; Natural Earth's Kosovo shape has none).
const EXTRA_POINTS: &[(&str, &str, f64, f64)] = &[
    ("BQ", "Caribbean Netherlands", -68.3, 12.2),
    ("BV", "Bouvet I.", 3.4, -54.4),
    ("CC", "Cocos Is.", 96.8, -12.2),
    ("CX", "Christmas I.", 105.6, -10.5),
    ("GF", "French Guiana", -53.0, 4.0),
    ("GI", "Gibraltar", -5.35, 36.15),
    ("GP", "Guadeloupe", -61.55, 16.25),
    ("MQ", "Martinique", -61.0, 14.65),
    ("RE", "Réunion", 55.5, -21.1),
    ("SJ", "Svalbard", 16.0, 78.5),
    ("TK", "Tokelau", -171.8, -9.2),
    ("TV", "Tuvalu", 179.2, -8.5),
    ("YT", "Mayotte", 45.15, -12.8),
];

/// Points in lon/lat degrees or map units.
type Ring = Vec<(f64, f64)>;
type Arcs = Vec<Ring>;
type Res<T> = Result<T, Box<dyn Error>>;

/// Decodes a TopoJSON topology's arcs to longitude/latitude.
fn decode_arcs(topo: &Value) -> Result<Arcs, Box<dyn Error>> {
    let t = &topo["transform"];
    let num = |v: &Value| v.as_f64().ok_or("transform is not a number");
    let (sx, sy) = (num(&t["scale"][0])?, num(&t["scale"][1])?);
    let (tx, ty) = (num(&t["translate"][0])?, num(&t["translate"][1])?);
    let mut arcs = Vec::new();
    for arc in topo["arcs"].as_array().ok_or("no arcs")? {
        let (mut x, mut y) = (0i64, 0i64);
        let mut points = Vec::new();
        for p in arc.as_array().ok_or("arc is not an array")? {
            x += p[0].as_i64().ok_or("arc point is not an integer")?;
            y += p[1].as_i64().ok_or("arc point is not an integer")?;
            points.push((x as f64 * sx + tx, y as f64 * sy + ty));
        }
        arcs.push(points);
    }
    Ok(arcs)
}

/// Longitude difference wrapped into (-180, 180].
fn wrap(d: f64) -> f64 {
    let w = (d + 180.0).rem_euclid(360.0) - 180.0;
    if w == -180.0 {
        180.0
    } else {
        w
    }
}

/// Cuts a closed lon/lat ring that steps across the antimeridian into rings
/// that each stay on one side, closed along the ±180° meridian (densified to
/// 1° so the projected edge follows the curved meridian). A ring that does not
/// cross comes back as it is.
///
/// The ring is unwrapped to continuous longitudes, split into chains at each
/// crossing of the cut meridian `m`, and each side's chains are joined along
/// the meridian: for a simple polygon, the sorted crossings pair up into the
/// stretches of the meridian inside the polygon.
fn cut_antimeridian(ring: &[(f64, f64)]) -> Res<Vec<Ring>> {
    if !ring.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0) {
        return Ok(vec![ring.to_vec()]);
    }
    let mut u: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for &(lon, lat) in ring {
        let x = match u.last() {
            None => lon,
            Some(&(pu, _)) => pu + wrap(lon - (pu + 180.0).rem_euclid(360.0) + 180.0),
        };
        u.push((x, lat));
    }
    let (first, last) = (u[0], u[u.len() - 1]);
    if (first.0 - last.0).abs() > 1e-9 || first.1 != last.1 {
        return Err("a ring crossing the antimeridian winds around a pole".into());
    }
    u.pop();
    let umin = u.iter().map(|p| p.0).fold(f64::MAX, f64::min);
    let umax = u.iter().map(|p| p.0).fold(f64::MIN, f64::max);
    let m = 180.0 + 360.0 * ((umax - 180.0) / 360.0).floor();
    if m <= umin {
        return Err("a ring steps across ±180 but its unwrapped extent does not".into());
    }
    let east = |p: (f64, f64)| p.0 >= m;
    // Start strictly west of the cut.
    let start = u
        .iter()
        .position(|p| !east(*p))
        .ok_or("no point west of the cut")?;
    u.rotate_left(start);
    let n = u.len();

    struct Chain {
        east: bool,
        points: Vec<(f64, f64)>,
        start: Option<usize>,
        end: Option<usize>,
    }
    let mut crossings: Vec<f64> = Vec::new();
    let mut chains = vec![Chain {
        east: false,
        points: vec![u[0]],
        start: None,
        end: None,
    }];
    for i in 0..n {
        let (p, q) = (u[i], u[(i + 1) % n]);
        if east(p) != east(q) {
            let t = (m - p.0) / (q.0 - p.0);
            let x = (m, p.1 + t * (q.1 - p.1));
            let id = crossings.len();
            crossings.push(x.1);
            let chain = chains.last_mut().ok_or("no chain")?;
            chain.points.push(x);
            chain.end = Some(id);
            chains.push(Chain {
                east: east(q),
                points: vec![x],
                start: Some(id),
                end: None,
            });
        }
        if i + 1 < n {
            chains.last_mut().ok_or("no chain")?.points.push(q);
        }
    }
    // The last chain runs back to the start: it continues into the first.
    let tail = chains.pop().ok_or("no chain")?;
    let head = chains.first_mut().ok_or("no chain")?;
    let mut points = tail.points;
    points.extend(head.points.iter().copied());
    head.points = points;
    head.start = tail.start;

    let mut order: Vec<usize> = (0..crossings.len()).collect();
    order.sort_by(|&a, &b| crossings[a].total_cmp(&crossings[b]).then(a.cmp(&b)));
    let mut partner = vec![0; crossings.len()];
    for pair in order.chunks(2) {
        let [a, b] = pair else {
            return Err("odd number of crossings".into());
        };
        partner[*a] = *b;
        partner[*b] = *a;
    }

    let mut out = Vec::new();
    let mut used = vec![false; chains.len()];
    for c0 in 0..chains.len() {
        if used[c0] {
            continue;
        }
        let side = chains[c0].east;
        let mut piece: Vec<(f64, f64)> = Vec::new();
        let mut c = c0;
        loop {
            used[c] = true;
            for &p in &chains[c].points {
                if piece.last() != Some(&p) {
                    piece.push(p);
                }
            }
            let end = chains[c].end.ok_or("open chain")?;
            let next_start = partner[end];
            // Along the meridian from this chain's end to the next chain's start.
            let (a, b) = (crossings[end], crossings[next_start]);
            let steps = ((b - a).abs().ceil() as usize).max(1);
            for k in 1..steps {
                piece.push((m, a + (b - a) * k as f64 / steps as f64));
            }
            let next = chains
                .iter()
                .position(|ch| ch.east == side && ch.start == Some(next_start))
                .ok_or("crossings do not pair up")?;
            if next == c0 {
                break;
            }
            if used[next] {
                return Err("chains loop".into());
            }
            c = next;
        }
        let shift = if side { m + 180.0 } else { m - 180.0 };
        let mut ring: Vec<(f64, f64)> = piece.iter().map(|&(x, y)| (x - shift, y)).collect();
        let distinct = ring
            .iter()
            .map(|&(x, y)| ((x * 1e6) as i64, (y * 1e6) as i64))
            .collect::<BTreeSet<_>>();
        if distinct.len() >= 3 {
            ring.push(ring[0]);
            out.push(ring);
        }
    }
    Ok(out)
}

/// A geometry's polygons → rings → arc references.
fn polygons(geometry: &Value) -> Result<Vec<Vec<Vec<i32>>>, Box<dyn Error>> {
    let refs = |ring: &Value| -> Result<Vec<i32>, Box<dyn Error>> {
        ring.as_array()
            .ok_or("ring is not an array")?
            .iter()
            .map(|a| Ok(i32::try_from(a.as_i64().ok_or("arc ref")?)?))
            .collect()
    };
    let polygon = |p: &Value| -> Result<Vec<Vec<i32>>, Box<dyn Error>> {
        p.as_array().ok_or("polygon")?.iter().map(refs).collect()
    };
    match geometry["type"].as_str() {
        Some("Polygon") => Ok(vec![polygon(&geometry["arcs"])?]),
        Some("MultiPolygon") => geometry["arcs"]
            .as_array()
            .ok_or("multipolygon")?
            .iter()
            .map(polygon)
            .collect(),
        other => Err(format!("unexpected geometry type {other:?}").into()),
    }
}

fn join<T: Copy>(arcs: &[Vec<T>], refs: &[i32]) -> Vec<T> {
    let mut ring = Vec::new();
    for &a in refs {
        let (i, rev) = if a < 0 { (!a, true) } else { (a, false) };
        let arc = &arcs[i as usize];
        let skip = usize::from(!ring.is_empty());
        if rev {
            ring.extend(arc.iter().rev().skip(skip).copied());
        } else {
            ring.extend(arc.iter().skip(skip).copied());
        }
    }
    ring
}

/// Signed area and area centroid of a ring in the plane.
fn ring_moments(ring: &[(f64, f64)]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a / 2.0, cx / 6.0, cy / 6.0)
}

/// Area and centroid of a polygon (outer ring minus holes), in map units.
fn polygon_area_centroid(rings: &[Vec<(f64, f64)>]) -> (f64, (f64, f64)) {
    let (mut area, mut mx, mut my) = (0.0, 0.0, 0.0);
    for (i, ring) in rings.iter().enumerate() {
        let (a, cx, cy) = ring_moments(ring);
        // The outer ring counts positive and holes negative, whatever the winding.
        let sign = if i == 0 { a.signum() } else { -a.signum() };
        area += a * sign;
        mx += cx * sign;
        my += cy * sign;
    }
    if area.abs() < 1e-18 {
        let p = rings
            .first()
            .and_then(|r| r.first())
            .copied()
            .unwrap_or((0.0, 0.0));
        return (0.0, p);
    }
    (area, (mx / area, my / area))
}

fn project_ring(ring: &[(f64, f64)]) -> Vec<(f64, f64)> {
    ring.iter()
        .map(|&(lon, lat)| equal_earth(lon, lat))
        .collect()
}

fn quantize(v: f64) -> i32 {
    (v * SCALE).round() as i32
}

fn alpha2(id: &str) -> Option<&'static str> {
    let n: usize = id.parse().ok()?;
    celes::Country::from_value(n).ok().map(|c| c.alpha2)
}

/// For each feature with an ISO code, a point at the area centroid of its largest
/// polygon (among those that do not cross the antimeridian).
fn feature_centroids(topo: &Value, arcs: &Arcs) -> Res<Vec<AssetPoint>> {
    let mut out = Vec::new();
    for g in topo["objects"]["countries"]["geometries"]
        .as_array()
        .ok_or("no geometries")?
    {
        let Some(code) = g["id"].as_str().and_then(alpha2) else {
            continue;
        };
        let name = g["properties"]["name"].as_str().unwrap_or(code).to_owned();
        let mut best = (f64::MIN, (0.0, 0.0));
        for p in polygons(g)? {
            let lonlat: Vec<Ring> = p.iter().map(|r| join(arcs, r)).collect();
            if lonlat
                .iter()
                .any(|r| r.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0))
            {
                continue;
            }
            let rings: Vec<Ring> = lonlat.iter().map(|r| project_ring(r)).collect();
            let (area, c) = polygon_area_centroid(&rings);
            if area > best.0 {
                best = (area, c);
            }
        }
        let (x, y) = best.1;
        out.push(AssetPoint {
            code: code.to_owned(),
            name,
            at: (quantize(x), quantize(y)),
        });
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: build_map_asset countries-110m.json OUT.bin [countries-50m.json]".into(),
        );
    };
    let input_50m = match rest.first() {
        Some(p) => p.clone(),
        None => input.replace("countries-110m.json", "countries-50m.json"),
    };
    let topo: Value = serde_json::from_str(&std::fs::read_to_string(input)?)?;
    let mut lonlat = decode_arcs(&topo)?;

    struct Raw {
        code: Option<String>,
        name: String,
        polygons: Vec<Vec<Vec<i32>>>,
    }
    let geometries = topo["objects"]["countries"]["geometries"]
        .as_array()
        .ok_or("no geometries")?;
    let mut raw = Vec::new();
    let mut unknown_ids = Vec::new();
    for g in geometries {
        let id = g["id"].as_str();
        if id.is_some_and(|id| SKIP.contains(&id)) {
            continue;
        }
        let name = g["properties"]["name"]
            .as_str()
            .ok_or("feature without a name")?
            .to_owned();
        let code = match id {
            None => None,
            Some(id) => match alpha2(id) {
                Some(c) => Some(c.to_owned()),
                None => {
                    unknown_ids.push(format!("{id} {name}"));
                    None
                }
            },
        };
        raw.push(Raw {
            code,
            name,
            polygons: polygons(g)?,
        });
    }
    if !unknown_ids.is_empty() {
        eprintln!("numeric ids celes does not know (kept without code): {unknown_ids:?}");
    }

    // Rings that step across the antimeridian (Fiji, Russia's Chukotka and
    // Wrangel Island in world-atlas 2.0.2) are cut into one ring per side,
    // each stored as a new arc of its own.
    for f in &mut raw {
        let mut polys = Vec::new();
        for p in std::mem::take(&mut f.polygons) {
            let outer = join(&lonlat, &p[0]);
            if !outer.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0) {
                polys.push(p);
                continue;
            }
            // The new arcs repeat the points of any border the ring shares, so
            // neighbours still meet exactly.
            if p.len() > 1 {
                return Err(format!(
                    "{}: cannot cut a ring with holes at the antimeridian",
                    f.name
                )
                .into());
            }
            let pieces = cut_antimeridian(&outer)?;
            eprintln!(
                "{}: cut a ring at the antimeridian into {} pieces",
                f.name,
                pieces.len()
            );
            for piece in pieces {
                lonlat.push(piece);
                polys.push(vec![vec![i32::try_from(lonlat.len() - 1)?]]);
            }
        }
        f.polygons = polys;
    }

    let mut used_arcs = BTreeSet::new();
    for ring in raw.iter().flat_map(|f| f.polygons.iter().flatten()) {
        for &a in ring {
            used_arcs.insert(if a < 0 { !a } else { a });
        }
    }
    // No segment of what is drawn may jump across the antimeridian: that would
    // draw a line across the world.
    for &i in &used_arcs {
        for w in lonlat[i as usize].windows(2) {
            if (w[1].0 - w[0].0).abs() > 180.0 {
                return Err(
                    format!("arc {i} crosses the antimeridian: {:?} -> {:?}", w[0], w[1]).into(),
                );
            }
        }
    }

    // Project and quantize every arc; drop points that quantize onto their predecessor.
    let quantized: Vec<Vec<(i32, i32)>> = lonlat
        .iter()
        .map(|arc| {
            let mut q: Vec<(i32, i32)> = Vec::with_capacity(arc.len());
            for (i, &(lon, lat)) in arc.iter().enumerate() {
                let (x, y) = equal_earth(lon, lat);
                let p = (quantize(x), quantize(y));
                if q.last() != Some(&p) || i + 1 == arc.len() && q.len() < 2 {
                    q.push(p);
                }
            }
            q
        })
        .collect();

    let mut features = Vec::new();
    let mut codes = BTreeSet::new();
    for f in raw {
        // Main landmass: largest area, measured on the quantized shapes actually stored.
        let mut main = 0;
        let mut best = f64::MIN;
        let mut centroid = (0.0, 0.0);
        for (i, p) in f.polygons.iter().enumerate() {
            let rings: Vec<Vec<(f64, f64)>> = p
                .iter()
                .map(|r| {
                    join(&quantized, r)
                        .iter()
                        .map(|&(x, y)| (f64::from(x), f64::from(y)))
                        .collect()
                })
                .collect();
            let (area, c) = polygon_area_centroid(&rings);
            if area > best {
                best = area;
                main = i;
                centroid = c;
            }
        }
        if let Some(c) = &f.code {
            codes.insert(c.clone());
        }
        features.push(AssetFeature {
            code: f.code,
            name: f.name,
            main: u32::try_from(main)?,
            centroid: (centroid.0.round() as i32, centroid.1.round() as i32),
            polygons: f.polygons,
        });
    }

    // Renumber arcs, keeping only those used (Antarctica's go).
    let renumber: HashMap<i32, i32> = used_arcs
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new as i32))
        .collect();
    let arcs: Vec<Vec<(i32, i32)>> = used_arcs
        .iter()
        .map(|&i| quantized[i as usize].clone())
        .collect();
    for f in &mut features {
        for p in &mut f.polygons {
            for ring in p {
                for a in ring.iter_mut() {
                    let (old, rev) = if *a < 0 { (!*a, true) } else { (*a, false) };
                    let new = renumber[&old];
                    *a = if rev { !new } else { new };
                }
            }
        }
    }

    // Points for ISO countries the 1:110m shapes lack.
    let topo50: Value = serde_json::from_str(&std::fs::read_to_string(&input_50m)?)?;
    let arcs50 = decode_arcs(&topo50)?;
    let mut points: BTreeMap<String, AssetPoint> = BTreeMap::new();
    for point in feature_centroids(&topo50, &arcs50)? {
        if !codes.contains(&point.code) && point.code != "AQ" {
            points.insert(point.code.clone(), point);
        }
    }
    for &(code, name, lon, lat) in EXTRA_POINTS {
        if codes.contains(code) || points.contains_key(code) {
            return Err(format!("{code} is in EXTRA_POINTS but the data has it").into());
        }
        let (x, y) = equal_earth(lon, lat);
        let at = (quantize(x), quantize(y));
        points.insert(
            code.to_owned(),
            AssetPoint {
                code: code.to_owned(),
                name: name.to_owned(),
                at,
            },
        );
    }
    let missing: Vec<&str> = celes::Country::get_countries()
        .iter()
        .map(|c| c.alpha2)
        .filter(|c| !codes.contains(*c) && !points.contains_key(*c))
        .collect();
    eprintln!("ISO countries not on the map: {missing:?}");

    let data = AssetData {
        scale: SCALE as u32,
        arcs,
        features,
        points: points.into_values().collect(),
    };
    let bytes = asset::encode(&data)?;
    // Check it reads back exactly.
    if asset::decode(&bytes)? != data {
        return Err("the asset does not read back".into());
    }
    std::fs::write(output, &bytes)?;
    let n_points: usize = data.arcs.iter().map(Vec::len).sum();
    eprintln!(
        "wrote {output}: {} bytes, {} arcs ({n_points} points), {} countries with shapes, {} points",
        bytes.len(),
        data.arcs.len(),
        data.features.len(),
        data.points.len()
    );
    Ok(())
}
