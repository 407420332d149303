//! The map's measure fills stay distinguishable for the common colour-vision
//! deficiencies, in both themes.
//!
//! Each theme's seven measure fills are passed through Machado, Oliveira and
//! Fernandes's (2009) simulation of protanopia, deuteranopia and tritanopia
//! at severity 1.0 (the full dichromacy), applied to linear-light RGB and
//! clamped to the gamut, then compared in CIELAB (D65) by CIEDE2000. Every
//! pair must stay at least [`MIN_DE2000`] apart, with typical vision too.
//!
//! Why 10: a ΔE2000 of about 1 is a just-noticeable difference side by side,
//! 2 to 3 is what a trained eye tells apart at a glance, and categorical
//! palettes for charts are commonly held to 10 or more so that two colours are
//! told apart *across* a map, in small areas, on any screen, not only next to
//! each other. Colour is never the only carrier of a measure (each also has
//! its pattern and mark, `theme.rs`), so 10 is the bar for "distinguishable",
//! not for "legible without the pattern". The earlier CIE76 bar of 12 is kept
//! too. The plain land colour (countries without data) must stay apart from
//! every fill by the same margin, since "no data" is read from the map as
//! well.
//!
//! `cargo test --test palette -- --nocapture` prints the closest pair for
//! each theme and vision.

use sanctions_tracker::chart::{Rgb, Theme};
use sanctions_tracker::model::Measure;

/// The least CIEDE2000 distance between two fills (and land) under every vision.
const MIN_DE2000: f64 = 10.0;
/// The least CIE76 distance, as the palette was first checked.
const MIN_DE76: f64 = 12.0;

type Matrix = [[f64; 3]; 3];

/// Machado et al. (2009), table 1, severity 1.0, for linear RGB.
const VISIONS: [(&str, Matrix); 4] = [
    (
        "typical",
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
    ),
    (
        "protanopia",
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ],
    ),
    (
        "deuteranopia",
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ],
    ),
    (
        "tritanopia",
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ],
    ),
];

/// `c` (linear RGB) as seen with `m`, clamped to the gamut.
fn simulate(m: &Matrix, c: [f64; 3]) -> [f64; 3] {
    let row = |r: &[f64; 3]| (r[0] * c[0] + r[1] * c[1] + r[2] * c[2]).clamp(0.0, 1.0);
    [row(&m[0]), row(&m[1]), row(&m[2])]
}

/// CIELAB (D65 white) of a linear sRGB triple.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76: the Euclidean distance in CIELAB.
fn de76(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// CIEDE2000 (kL = kC = kH = 1), as Sharma, Wu and Dalal (2005) spell it out.
fn de2000(p: [f64; 3], q: [f64; 3]) -> f64 {
    let [l1, a1, b1] = p;
    let [l2, a2, b2] = q;
    let pow7 = |v: f64| v.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let chroma0 = c1p * c2p == 0.0;

    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if chroma0 {
        0.0
    } else if (h2p - h1p).abs() <= 180.0 {
        h2p - h1p
    } else if h2p - h1p > 180.0 {
        h2p - h1p - 360.0
    } else {
        h2p - h1p + 360.0
    };
    let dh_big = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();

    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (c1p + c2p) / 2.0;
    let hp_bar = if chroma0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(hp_bar - 30.0) + 0.24 * cos(2.0 * hp_bar) + 0.32 * cos(3.0 * hp_bar + 6.0)
            - 0.20 * cos(4.0 * hp_bar - 63.0);
    let d_theta = 30.0 * (-((hp_bar - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (pow7(cp_bar) / (pow7(cp_bar) + pow7(25.0))).sqrt();
    let s_l = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_bar;
    let s_h = 1.0 + 0.015 * cp_bar * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    let (x, y, z) = (dl / s_l, dc / s_c, dh_big / s_h);
    (x * x + y * y + z * z + r_t * y * z).sqrt()
}

/// The colours compared on one theme's map: the seven fills, then plain land.
fn map_colours(theme: &Theme) -> Vec<(String, Rgb)> {
    Measure::ALL
        .iter()
        .map(|m| (m.key().to_owned(), theme.measure(*m).fill))
        .chain([("land".to_owned(), theme.land)])
        .collect()
}

/// The closest pair of `colours` under `vision`: (ΔE2000, ΔE76, a, b), by ΔE2000.
fn closest(colours: &[(String, Rgb)], vision: &Matrix) -> (f64, f64, String, String) {
    let seen: Vec<[f64; 3]> = colours
        .iter()
        .map(|(_, c)| lab(simulate(vision, c.linear())))
        .collect();
    let mut best = (f64::INFINITY, f64::INFINITY, String::new(), String::new());
    for i in 0..colours.len() {
        for j in i + 1..colours.len() {
            let d = de2000(seen[i], seen[j]);
            best.1 = best.1.min(de76(seen[i], seen[j]));
            if d < best.0 {
                best = (d, best.1, colours[i].0.clone(), colours[j].0.clone());
            }
        }
    }
    best
}

#[test]
fn ciede2000_matches_sharmas_test_data() {
    // Pairs 1, 7, 13, 17 and 25 of Sharma, Wu and Dalal's table 1.
    let pairs = [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0009], 7.1792),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        (
            [60.2574, -34.0099, 36.2677],
            [60.4626, -34.1751, 39.4387],
            1.2644,
        ),
    ];
    for (p, q, want) in pairs {
        let got = de2000(p, q);
        assert!(
            (got - want).abs() < 1e-4,
            "{p:?} {q:?}: {got:.4}, want {want}"
        );
        assert!(
            (de2000(q, p) - want).abs() < 1e-4,
            "not symmetric for {p:?} {q:?}"
        );
    }
}

#[test]
fn lab_of_white_and_black() {
    let w = lab(Rgb::hex(0xFFFFFF).linear());
    assert!(
        (w[0] - 100.0).abs() < 1e-3 && w[1].abs() < 1e-3 && w[2].abs() < 1e-3,
        "{w:?}"
    );
    let k = lab(Rgb::hex(0x000000).linear());
    assert!(k.iter().all(|v| v.abs() < 1e-9), "{k:?}");
}

#[test]
fn a_dichromat_sees_red_and_green_closer() {
    // The simulation does what it should: pure red and green, far apart for
    // typical vision, come close under protanopia and deuteranopia but not
    // under tritanopia.
    let pair = [
        ("red".to_owned(), Rgb::hex(0xCC3311)),
        ("green".to_owned(), Rgb::hex(0x228833)),
    ];
    let [typical, protan, deutan, tritan] = VISIONS.map(|(_, m)| closest(&pair, &m).0);
    assert!(typical > 40.0, "{typical}");
    assert!(
        protan < typical / 2.0 && deutan < typical / 2.0,
        "{protan} {deutan}"
    );
    assert!(tritan > protan && tritan > deutan, "{tritan}");
}

#[test]
fn measure_fills_stay_apart_under_colour_vision_deficiencies() {
    let mut failures = Vec::new();
    for theme in [Theme::light(), Theme::dark()] {
        let colours = map_colours(&theme);
        for (vision, matrix) in &VISIONS {
            let (d2000, d76, a, b) = closest(&colours, matrix);
            println!(
                "{:?} {vision:>12}: closest {a} / {b}, ΔE2000 {d2000:.1}; least ΔE76 {d76:.1}",
                theme.name
            );
            if d2000 < MIN_DE2000 || d76 < MIN_DE76 {
                failures.push(format!(
                    "{:?}, {vision}: {a} and {b} only ΔE2000 {d2000:.1} apart (least ΔE76 {d76:.1})",
                    theme.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
