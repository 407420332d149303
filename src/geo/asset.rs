//! The compiled-in world map's binary format: reading it (in the widget) and
//! writing it (in `examples/build_map_asset.rs`).
//!
//! The asset keeps TopoJSON's topology, so a border shared by two countries is
//! stored once and both countries get exactly the same line. Coordinates are
//! already projected (Equal Earth, in [map units](super)) and quantized to
//! integers; every number is a delta from one the reader already has, written
//! as a zigzag LEB128 varint, which makes the 1:110m world a few tens of
//! kilobytes before gzip (and small deltas are what gzip compresses best).
//!
//! Layout (every count and number a varint; `z` marks a zigzag-signed one):
//!
//! ```text
//! "WMAP" version=2 scale
//! arc_count   { point_count  (dxz dyz)* }*
//! feature_count {
//!     code(2 bytes, ASCII A-Z, or two zero bytes for none)
//!     name_len name(UTF-8)
//!     main_polygon
//!     polygon_count { ring_count { ref_count  ref* }* }*
//!     centroid_dxz centroid_dyz
//! }*
//! point_count { code(2 bytes) name_len name  xz yz }*
//! ```
//!
//! - An arc's first point is a delta from the previous arc's last point
//!   (from `(0, 0)` for the first arc): arcs mostly start where one ended.
//!   Each further point is a delta from the point before it.
//! - An arc reference means arc `i` (`r >= 0`) or arc `i` reversed (`r < 0`,
//!   `r = !i`), as in TopoJSON. It is written as `2 * zigzag(i - previous i)
//!   + reversed`, the previous `i` being that of the reference before it in
//!   the file (`0` for the first): a ring's arcs are mostly consecutive.
//! - The centroid is a delta from the first point of the main polygon's
//!   outer ring.
//!
//! A ring joins its arcs, dropping the first point of each arc after the
//! first (it repeats the previous arc's last point).

use crate::error::{Error, Result};

/// The four bytes every asset starts with.
pub const MAGIC: &[u8; 4] = b"WMAP";
/// The only format version this build reads.
pub const VERSION: u32 = 2;

/// A country (or a feature without an ISO code) as stored: rings are arc references.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetFeature {
    /// ISO 3166-1 alpha-2 code, upper case; `None` for features without one (Kosovo).
    pub code: Option<String>,
    /// Short English name from Natural Earth ("Dem. Rep. Congo").
    pub name: String,
    /// Index in `polygons` of the main landmass (largest area).
    pub main: u32,
    /// Area centroid of the main landmass, quantized map units.
    pub centroid: (i32, i32),
    /// Polygons, each a list of rings (outer first, then holes), each a list of arc references.
    pub polygons: Vec<Vec<Vec<i32>>>,
}

/// A country known only by a point (too small for the 1:110m shapes).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetPoint {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub code: String,
    /// Short English name.
    pub name: String,
    /// Its position, quantized map units.
    pub at: (i32, i32),
}

/// The whole asset, before arcs are joined into rings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssetData {
    /// Quantized units per map unit.
    pub scale: u32,
    /// Arcs of absolute quantized points.
    pub arcs: Vec<Vec<(i32, i32)>>,
    /// Countries with shapes, in drawing order.
    pub features: Vec<AssetFeature>,
    /// Countries with only a point.
    pub points: Vec<AssetPoint>,
}

fn corrupt(what: &str) -> Error {
    Error::Render(format!("the map asset is corrupt: {what}"))
}

fn zigzag(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

fn unzigzag(v: u32) -> i32 {
    ((v >> 1) as i32) ^ -((v & 1) as i32)
}

struct Writer(Vec<u8>);

impl Writer {
    fn uint(&mut self, mut v: u32) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }

    fn int(&mut self, v: i32) {
        self.uint(zigzag(v));
    }

    fn len(&mut self, n: usize) -> Result<()> {
        let n = u32::try_from(n).map_err(|_| Error::Render("map asset: count too large".into()))?;
        self.uint(n);
        Ok(())
    }

    fn code(&mut self, code: Option<&str>) -> Result<()> {
        match code {
            None => self.0.extend_from_slice(&[0, 0]),
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                self.0.extend_from_slice(c.as_bytes())
            }
            Some(c) => {
                return Err(Error::Render(format!(
                    "map asset: bad country code {}",
                    crate::error::quote(c)
                )))
            }
        }
        Ok(())
    }

    fn text(&mut self, s: &str) -> Result<()> {
        self.len(s.len())?;
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Writes an asset. Fails on a code that is not two upper-case ASCII letters.
pub fn encode(data: &AssetData) -> Result<Vec<u8>> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.uint(VERSION);
    w.uint(data.scale);
    w.len(data.arcs.len())?;
    let mut prev = (0i32, 0i32);
    for arc in &data.arcs {
        w.len(arc.len())?;
        for &(x, y) in arc {
            w.int(x.wrapping_sub(prev.0));
            w.int(y.wrapping_sub(prev.1));
            prev = (x, y);
        }
    }
    w.len(data.features.len())?;
    let mut prev_arc = 0i32;
    for f in &data.features {
        w.code(f.code.as_deref())?;
        w.text(&f.name)?;
        w.uint(f.main);
        w.len(f.polygons.len())?;
        for polygon in &f.polygons {
            w.len(polygon.len())?;
            for ring in polygon {
                w.len(ring.len())?;
                for &r in ring {
                    let (index, reversed) = split_ref(r);
                    let delta = zigzag(index.wrapping_sub(prev_arc));
                    w.uint(delta.wrapping_mul(2) | u32::from(reversed));
                    prev_arc = index;
                }
            }
        }
        let origin = main_start(&data.arcs, &f.polygons, f.main)
            .ok_or_else(|| Error::Render("map asset: a main polygon has no point".into()))?;
        w.int(f.centroid.0.wrapping_sub(origin.0));
        w.int(f.centroid.1.wrapping_sub(origin.1));
    }
    w.len(data.points.len())?;
    for p in &data.points {
        w.code(Some(&p.code))?;
        w.text(&p.name)?;
        w.int(p.at.0);
        w.int(p.at.1);
    }
    Ok(w.0)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| corrupt("it ends too early"))?;
        self.pos += 1;
        Ok(b)
    }

    fn uint(&mut self) -> Result<u32> {
        let mut v: u32 = 0;
        for shift in [0u32, 7, 14, 21, 28] {
            let b = self.byte()?;
            let bits = u32::from(b & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err(corrupt("a number overflows"));
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("a number is too long"))
    }

    fn int(&mut self) -> Result<i32> {
        Ok(unzigzag(self.uint()?))
    }

    /// A count of items that each take at least `min_bytes`: bounded by what is left,
    /// so a corrupt count cannot make us allocate gigabytes.
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.uint()? as usize;
        let left = self.bytes.len().saturating_sub(self.pos);
        if n.saturating_mul(min_bytes) > left {
            return Err(corrupt("a count is larger than the data"));
        }
        Ok(n)
    }

    fn code(&mut self) -> Result<Option<String>> {
        let a = self.byte()?;
        let b = self.byte()?;
        match (a, b) {
            (0, 0) => Ok(None),
            (a, b) if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
                Ok(Some([char::from(a), char::from(b)].iter().collect()))
            }
            _ => Err(corrupt("a country code is not two letters")),
        }
    }

    fn text(&mut self) -> Result<String> {
        let n = self.count(1)?;
        let end = self.pos + n;
        let slice = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| corrupt("it ends too early"))?;
        self.pos = end;
        String::from_utf8(slice.to_vec()).map_err(|_| corrupt("a name is not UTF-8"))
    }
}

/// Reads an asset. Every inconsistency (truncation, bad magic or version,
/// arc reference out of range, main polygon out of range) is an [`Error::Render`].
pub fn decode(bytes: &[u8]) -> Result<AssetData> {
    if bytes.get(..4) != Some(MAGIC.as_slice()) {
        return Err(corrupt("it does not start with WMAP"));
    }
    let mut r = Reader { bytes, pos: 4 };
    let version = r.uint()?;
    if version != VERSION {
        return Err(corrupt(&format!("version {version}, expected {VERSION}")));
    }
    let scale = r.uint()?;
    if scale == 0 {
        return Err(corrupt("scale is zero"));
    }
    let arc_count = r.count(1)?;
    let mut arcs = Vec::with_capacity(arc_count);
    let (mut x, mut y) = (0i32, 0i32);
    for _ in 0..arc_count {
        let n = r.count(2)?;
        if n < 2 {
            return Err(corrupt("an arc has fewer than two points"));
        }
        let mut arc = Vec::with_capacity(n);
        for _ in 0..n {
            x = x.wrapping_add(r.int()?);
            y = y.wrapping_add(r.int()?);
            arc.push((x, y));
        }
        arcs.push(arc);
    }
    let feature_count = r.count(7)?;
    let mut features = Vec::with_capacity(feature_count);
    let mut prev_arc = 0i32;
    for _ in 0..feature_count {
        let code = r.code()?;
        let name = r.text()?;
        let main = r.uint()?;
        let polygon_count = r.count(1)?;
        let mut polygons = Vec::with_capacity(polygon_count);
        for _ in 0..polygon_count {
            let ring_count = r.count(1)?;
            if ring_count == 0 {
                return Err(corrupt("a polygon has no ring"));
            }
            let mut rings = Vec::with_capacity(ring_count);
            for _ in 0..ring_count {
                let ref_count = r.count(1)?;
                let mut refs = Vec::with_capacity(ref_count);
                for _ in 0..ref_count {
                    let v = r.uint()?;
                    let index = prev_arc.wrapping_add(unzigzag(v >> 1));
                    if usize::try_from(index).map_or(true, |i| i >= arcs.len()) {
                        return Err(corrupt("an arc reference is out of range"));
                    }
                    prev_arc = index;
                    refs.push(if v & 1 == 1 { !index } else { index });
                }
                rings.push(refs);
            }
            polygons.push(rings);
        }
        if main as usize >= polygons.len() {
            return Err(corrupt("a main polygon index is out of range"));
        }
        let origin = main_start(&arcs, &polygons, main)
            .ok_or_else(|| corrupt("a main polygon has no point"))?;
        let centroid = (
            origin.0.wrapping_add(r.int()?),
            origin.1.wrapping_add(r.int()?),
        );
        features.push(AssetFeature {
            code,
            name,
            main,
            centroid,
            polygons,
        });
    }
    let point_count = r.count(5)?;
    let mut points = Vec::with_capacity(point_count);
    for _ in 0..point_count {
        let code = r.code()?.ok_or_else(|| corrupt("a point has no code"))?;
        let name = r.text()?;
        let at = (r.int()?, r.int()?);
        points.push(AssetPoint { code, name, at });
    }
    if r.pos != bytes.len() {
        return Err(corrupt("there are bytes after the end"));
    }
    Ok(AssetData {
        scale,
        arcs,
        features,
        points,
    })
}

/// An arc reference as (arc index, reversed).
fn split_ref(r: i32) -> (i32, bool) {
    if r < 0 {
        (!r, true)
    } else {
        (r, false)
    }
}

/// The first point of the outer ring of polygon `main`: where a feature's
/// centroid is measured from.
fn main_start(
    arcs: &[Vec<(i32, i32)>],
    polygons: &[Vec<Vec<i32>>],
    main: u32,
) -> Option<(i32, i32)> {
    let first = *polygons.get(main as usize)?.first()?.first()?;
    let (index, reversed) = split_ref(first);
    let arc = arcs.get(usize::try_from(index).ok()?)?;
    if reversed {
        arc.last().copied()
    } else {
        arc.first().copied()
    }
}

/// Joins a ring's arc references into points (quantized), the closing point repeated.
pub fn join_ring(arcs: &[Vec<(i32, i32)>], refs: &[i32]) -> Result<Vec<(i32, i32)>> {
    let mut ring: Vec<(i32, i32)> = Vec::new();
    for &a in refs {
        let (index, reversed) = split_ref(a);
        let arc = arcs
            .get(index as usize)
            .ok_or_else(|| corrupt("an arc reference is out of range"))?;
        let skip = usize::from(!ring.is_empty());
        if reversed {
            ring.extend(arc.iter().rev().skip(skip).copied());
        } else {
            ring.extend(arc.iter().skip(skip).copied());
        }
    }
    Ok(ring)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> AssetData {
        AssetData {
            scale: 10_000,
            arcs: vec![
                vec![(0, 0), (100, 0), (100, 100)],
                vec![(100, 100), (0, 100), (0, 0)],
                vec![(-5, -70_000), (i32::MAX, i32::MIN)],
            ],
            features: vec![
                AssetFeature {
                    code: Some("PL".into()),
                    name: "Poland".into(),
                    main: 0,
                    centroid: (50, 50),
                    polygons: vec![vec![vec![0, 1]]],
                },
                AssetFeature {
                    code: None,
                    name: "Kosovo \u{2014} <test>".into(),
                    main: 1,
                    centroid: (-3, 4),
                    polygons: vec![vec![vec![!1, !0]], vec![vec![2]]],
                },
            ],
            points: vec![AssetPoint {
                code: "SG".into(),
                name: "Singapore".into(),
                at: (123_456, -7_890),
            }],
        }
    }

    #[test]
    fn round_trips() {
        let data = sample();
        let bytes = encode(&data).unwrap();
        assert_eq!(decode(&bytes).unwrap(), data);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = encode(&sample()).unwrap();
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "truncated to {n} bytes");
        }
    }

    #[test]
    fn corrupt_bytes_never_panic() {
        let bytes = encode(&sample()).unwrap();
        for i in 0..bytes.len() {
            for v in [0u8, 0x7f, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] = v;
                let _ = decode(&b);
            }
        }
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert!(decode(&trailing).is_err());
        let mut version = bytes;
        version[4] = 1;
        assert!(decode(&version).is_err());
    }

    #[test]
    fn huge_counts_are_rejected_before_allocating() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&[1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert!(decode(&bytes).is_err());
    }

    #[test]
    fn an_empty_main_ring_is_refused_when_writing() {
        let mut data = sample();
        data.features[1].polygons[1] = vec![vec![]];
        assert!(encode(&data).is_err());
    }

    #[test]
    fn bad_codes_are_refused_when_writing() {
        let mut data = sample();
        data.points[0].code = "sg".into();
        assert!(encode(&data).is_err());
    }

    #[test]
    fn rings_join_arcs_in_both_directions() {
        let data = sample();
        let forward = join_ring(&data.arcs, &[0, 1]).unwrap();
        assert_eq!(
            forward,
            vec![(0, 0), (100, 0), (100, 100), (0, 100), (0, 0)]
        );
        let backward = join_ring(&data.arcs, &[!1, !0]).unwrap();
        assert_eq!(
            backward,
            vec![(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)]
        );
        assert!(join_ring(&data.arcs, &[7]).is_err());
    }
}
