//! Pictures of the dataset, drawn with plotters into SVG strings.
//!
//! Every picture is a pure function of the data, a width and a [`Theme`], and
//! comes back as a [`Picture`]: the SVG text, its height, and a
//! [`TextAlternative`] (title, description, data table) for readers who do
//! not see it. The same code runs natively (tests, static fallbacks) and in
//! the browser, because text is measured in Rust ([`text`]) and written by
//! our own backend ([`svg`]), never through the page's DOM.

mod draw;
pub mod figure;
pub mod map;
pub mod svg;
pub mod text;
pub mod theme;
pub mod timeline;
pub mod zoom;

pub use figure::{render_figure, render_figure_with, FigureOptions};
pub use svg::{Group, Svg, SvgBackend, SvgDoc};
pub use theme::{Mark, MeasureStyle, Pattern, Rgb, Theme, ThemeName};
pub use timeline::{render_timeline, render_timeline_with, TimelineOptions};

use serde::Serialize;

/// Narrowest width a picture is laid out for, in pixels.
pub const MIN_WIDTH: f64 = 280.0;
/// Widest width a picture is laid out for, in pixels.
pub const MAX_WIDTH: f64 = 1200.0;

/// A requested width clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`] (not finite: the minimum).
pub fn clamp_width(width: f64) -> f64 {
    if width.is_finite() {
        width.clamp(MIN_WIDTH, MAX_WIDTH)
    } else {
        MIN_WIDTH
    }
}

/// A data table: what a picture shows, for screen readers and as a fallback.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Table {
    /// What the table holds.
    pub caption: String,
    /// Column headings.
    pub headers: Vec<String>,
    /// One row per item, as many cells as `headers`.
    pub rows: Vec<Vec<String>>,
}

/// A picture's text alternative: the same information without the picture.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TextAlternative {
    /// Short title (also the SVG's `<title>`).
    pub title: String,
    /// One paragraph generated from the data (also the SVG's `<desc>`).
    pub description: String,
    /// The data drawn.
    pub table: Table,
}

/// A rendered picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Picture {
    /// The SVG document (no XML declaration; ready to put into HTML).
    pub svg: String,
    /// Its height in pixels (the width is the one asked for, clamped).
    pub height: f64,
    /// Its text alternative.
    pub alt: TextAlternative,
}

/// An axis-aligned rectangle in picture pixels (label boxes, hit areas).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// Whether the two overlap by more than `tolerance` px (touching is not overlapping).
    pub fn overlaps(&self, other: &Rect, tolerance: f64) -> bool {
        self.x + tolerance < other.right()
            && other.x + tolerance < self.right()
            && self.y + tolerance < other.bottom()
            && other.y + tolerance < self.bottom()
    }

    /// The rectangle grown by `d` on every side.
    pub fn inflate(&self, d: f64) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + 2.0 * d, self.h + 2.0 * d)
    }

    /// Whether `(x, y)` is inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.right() && y >= self.y && y <= self.bottom()
    }
}

/// Places labels greedily, most important first: a label whose box would
/// overlap one already placed (or leave the bounds) is refused, so labels
/// that would collide are dropped, never drawn over each other.
#[derive(Debug, Clone, Default)]
pub struct LabelPlacer {
    placed: Vec<Rect>,
    bounds: Option<Rect>,
    gap: f64,
}

impl LabelPlacer {
    /// A placer keeping `gap` px between labels, inside `bounds` if given.
    pub fn new(bounds: Option<Rect>, gap: f64) -> Self {
        LabelPlacer {
            placed: Vec::new(),
            bounds,
            gap: gap.max(0.0),
        }
    }

    /// Whether `rect` is free (inside the bounds, clear of every placed label).
    pub fn fits(&self, rect: &Rect) -> bool {
        let inside = self.bounds.map_or(true, |b| {
            rect.x >= b.x - 0.01
                && rect.y >= b.y - 0.01
                && rect.right() <= b.right() + 0.01
                && rect.bottom() <= b.bottom() + 0.01
        });
        inside
            && !self.placed.iter().any(|p| {
                p.inflate(self.gap / 2.0)
                    .overlaps(&rect.inflate(self.gap / 2.0), 0.0)
            })
    }

    /// Places `rect` if it fits; returns whether it did.
    pub fn place(&mut self, rect: Rect) -> bool {
        let ok = self.fits(&rect);
        if ok {
            self.placed.push(rect);
        }
        ok
    }

    /// Reserves `rect` whether or not it fits (titles, axes).
    pub fn reserve(&mut self, rect: Rect) {
        self.placed.push(rect);
    }

    /// Every box placed or reserved so far.
    pub fn placed(&self) -> &[Rect] {
        &self.placed
    }
}

/// Formats a number for a label: thousands separated by commas, at most
/// one decimal (two below 1), scientific beyond 10^15, `–` if not finite.
pub fn format_number(v: f64) -> String {
    // Integer arithmetic only: float formatting would add ~12 KB to the wasm.
    if !v.is_finite() {
        return "\u{2013}".to_owned();
    }
    let a = v.abs();
    if a >= 1e15 {
        let mut exp = a.log10().floor() as i32;
        let mut hundredths = (a / 10f64.powi(exp) * 100.0).round() as u64;
        if hundredths >= 1000 {
            hundredths /= 10;
            exp += 1;
        }
        let sign = if v < 0.0 { "\u{2212}" } else { "" };
        return format!("{sign}{}.{:02}e{exp}", hundredths / 100, hundredths % 100);
    }
    let decimals: u32 = if a == a.trunc() {
        0
    } else if a < 1.0 {
        2
    } else {
        1
    };
    let factor = 10u64.pow(decimals);
    let scaled = (a * factor as f64).round() as u64;
    let int = (scaled / factor).to_string();
    let mut frac = if decimals == 0 {
        String::new()
    } else {
        format!("{:0width$}", scaled % factor, width = decimals as usize)
    };
    while frac.ends_with('0') {
        frac.pop();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && scaled > 0 {
        "\u{2212}"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

pub(crate) use crate::sort::sort_stable;

/// The lower-case English label of a measure, for running text (the labels
/// are ASCII: no Unicode case tables needed).
pub(crate) fn measure_words(m: crate::model::Measure) -> String {
    m.label_en().to_ascii_lowercase()
}

/// `a, b and c`: a list in English, for descriptions and notes.
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_labels() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(147.0), "147");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(-1500.0), "\u{2212}1,500");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(0.25), "0.25");
        assert_eq!(format_number(1e20), "1.00e20");
        assert_eq!(format_number(9.999e17), "1.00e18");
        assert_eq!(format_number(-2.5e300), "\u{2212}2.50e300");
        assert_eq!(format_number(0.999), "1");
        assert_eq!(format_number(1.96), "2");
        assert_eq!(format_number(999_999.96), "1,000,000");
        assert_eq!(format_number(f64::NAN), "\u{2013}");
        assert_eq!(format_number(-0.001), "0");
    }

    #[test]
    fn sort_stable_keeps_the_order_of_equals() {
        let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_stable(&mut v, &|a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        sort_stable(&mut v, &|a, b| b.0.cmp(&a.0));
        assert_eq!(v, [(2, 'a'), (2, 'c'), (1, 'b'), (1, 'e'), (0, 'd')]);
        let mut empty: [u8; 0] = [];
        sort_stable(&mut empty, &|a, b| a.cmp(b));
        let mut many: Vec<usize> = (0..100).map(|i| (i * 37) % 100).collect();
        sort_stable(&mut many, &|a, b| a.cmp(b));
        assert_eq!(many, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn placer_refuses_overlaps_and_out_of_bounds() {
        let mut p = LabelPlacer::new(Some(Rect::new(0.0, 0.0, 100.0, 100.0)), 2.0);
        assert!(p.place(Rect::new(0.0, 0.0, 10.0, 10.0)));
        assert!(!p.place(Rect::new(5.0, 5.0, 10.0, 10.0)));
        assert!(!p.place(Rect::new(11.0, 0.0, 10.0, 10.0))); // closer than the gap
        assert!(p.place(Rect::new(12.0, 0.0, 10.0, 10.0)));
        assert!(!p.place(Rect::new(95.0, 0.0, 10.0, 10.0)));
        assert_eq!(p.placed().len(), 2);
        assert_eq!(clamp_width(10.0), MIN_WIDTH);
        assert_eq!(clamp_width(5000.0), MAX_WIDTH);
        assert_eq!(clamp_width(f64::NAN), MIN_WIDTH);
    }
}
