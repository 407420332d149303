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

pub mod asset;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
