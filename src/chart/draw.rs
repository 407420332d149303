//! Drawing helpers shared by the charts: a plotters drawing area on our SVG
//! backend, with text positioned by its top edge and measured in Rust, the
//! measure marks, linear scales and "nice" axis ticks.
//!
//! Pictures are laid out top to bottom with a y cursor, so the canvas starts
//! tall and the document is cut to the height actually used at the end.

use super::svg::{render_error, Group, Svg, SvgBackend, SvgDoc};
use super::text;
use super::theme::{Mark, Rgb};
use super::Rect;
use crate::error::Result;
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontFamily, FontStyle, IntoFont, ShapeStyle, TextStyle};

/// Height the canvas is created with before layout knows the real one.
const PROVISIONAL_HEIGHT: f64 = 100_000.0;

/// Where a text's x coordinate is: its left edge, centre or right edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A text's font: size in px and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    pub const fn new(size: f64, bold: bool) -> Self {
        Font { size, bold }
    }

    /// Width of `s` in this font.
    pub fn width(&self, s: &str) -> f64 {
        text::text_width(s, self.size, self.bold)
    }

    /// Height of one line's box.
    pub fn height(&self) -> f64 {
        text::line_height(self.size)
    }

    /// The box of `s` drawn at `x` (aligned by `align`) with its top at `top`.
    pub fn rect(&self, s: &str, x: f64, top: f64, align: Align) -> Rect {
        let w = self.width(s);
        let left = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        Rect::new(left, top, w, self.height())
    }
}

/// A linear map from data values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scale {
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Scale {
    /// Maps `d0..d1` onto `p0..p1`; an empty domain is widened by one unit each way.
    pub fn new(d0: f64, d1: f64, p0: f64, p1: f64) -> Self {
        let (d0, d1) = if (d1 - d0).abs() > f64::EPSILON * d0.abs().max(1.0) {
            (d0, d1)
        } else {
            (d0 - 1.0, d1 + 1.0)
        };
        Scale { d0, d1, p0, p1 }
    }

    /// Pixel position of `v`.
    pub fn map(&self, v: f64) -> f64 {
        let t = (v - self.d0) / (self.d1 - self.d0);
        let p = self.p0 + t * (self.p1 - self.p0);
        if p.is_finite() {
            p
        } else {
            self.p0
        }
    }
}

/// Up to about `max_count` round tick values covering `min..=max` (1, 2 or 5
/// times a power of ten apart), starting at or below `min` and ending at or
/// above `max`. Never empty; never more than `max_count + 2` ticks.
pub(crate) fn nice_ticks(min: f64, max: f64, max_count: usize) -> Vec<f64> {
    let (min, max) = if min <= max { (min, max) } else { (max, min) };
    let span = max - min;
    if !span.is_finite() || !min.is_finite() {
        return vec![0.0];
    }
    if span == 0.0 {
        return vec![min];
    }
    let raw = span / max_count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    if !(step.is_finite() && step > 0.0) {
        return vec![min, max];
    }
    let first = (min / step).floor();
    let last = (max / step).ceil();
    let count = ((last - first) as usize).min(max_count + 2);
    (0..=count)
        .map(|i| (first + i as f64) * step)
        .map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v })
        .collect()
}

/// A plotters drawing area on a shared SVG document.
pub(crate) struct Canvas {
    svg: Svg,
    area: DrawingArea<SvgBackend, Shift>,
    family: &'static str,
    width: f64,
}

impl Canvas {
    /// A canvas `width` px wide whose ids start with `id`.
    pub fn new(id: &str, width: f64, family: &'static str) -> Self {
        let mut doc = SvgDoc::new(id, width, PROVISIONAL_HEIGHT);
        doc.set_font_family(family);
        let svg = Svg::new(doc);
        let area = svg.backend().into_drawing_area();
        Canvas {
            svg,
            area,
            family,
            width,
        }
    }

    /// The canvas width in px.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Runs `f` on the SVG document.
    pub fn doc<R>(&self, f: impl FnOnce(&mut SvgDoc) -> R) -> Result<R> {
        self.svg.with(f)
    }

    /// Opens a group around what is drawn next.
    pub fn open(&self, group: Group) -> Result<()> {
        self.svg.with(|d| d.open_group(&group))
    }

    /// Closes the innermost group.
    pub fn close(&self) -> Result<()> {
        self.svg.with(|d| d.close_group())
    }

    fn px(v: f64) -> i32 {
        if v.is_finite() {
            v.round().clamp(-1e6, 1e6) as i32
        } else {
            0
        }
    }

    fn pt((x, y): (f64, f64)) -> (i32, i32) {
        (Self::px(x), Self::px(y))
    }

    /// Draws one line of text with its top edge at `top`; returns its box.
    pub fn text(
        &self,
        s: &str,
        x: f64,
        top: f64,
        font: Font,
        color: Rgb,
        align: Align,
    ) -> Result<Rect> {
        let (x, top) = (Self::px(x), Self::px(top));
        let rect = font.rect(s, f64::from(x), f64::from(top), align);
        if s.is_empty() {
            return Ok(rect);
        }
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let weight = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        // FontFamily::Name, not `&str`: plotters' From<&str> lower-cases the
        // name, which would link std's Unicode case tables into the wasm.
        let style: TextStyle = (FontFamily::Name(self.family), font.size, weight)
            .into_font()
            .color(&color.to_plotters())
            .pos(Pos::new(h, VPos::Top));
        self.area
            .draw(&Text::new(s.to_owned(), (x, top), style))
            .map_err(render_error)?;
        Ok(rect)
    }

    /// Draws lines of text from `top`, `gap` px apart; returns the y below the last.
    #[allow(clippy::too_many_arguments)]
    pub fn lines(
        &self,
        lines: &[String],
        x: f64,
        top: f64,
        font: Font,
        color: Rgb,
        align: Align,
        gap: f64,
    ) -> Result<f64> {
        let mut y = top;
        for line in lines {
            self.text(line, x, y, font, color, align)?;
            y += font.height() + gap;
        }
        Ok(if lines.is_empty() { top } else { y - gap })
    }

    /// A filled rectangle between two corners.
    pub fn rect(&self, a: (f64, f64), b: (f64, f64), color: Rgb) -> Result<()> {
        self.area
            .draw(&Rectangle::new(
                [Self::pt(a), Self::pt(b)],
                color.to_plotters().filled(),
            ))
            .map_err(render_error)
    }

    /// An outlined rectangle between two corners.
    pub fn rect_outline(&self, a: (f64, f64), b: (f64, f64), color: Rgb, width: u32) -> Result<()> {
        let style = ShapeStyle {
            color: color.to_plotters().to_rgba(),
            filled: false,
            stroke_width: width,
        };
        self.area
            .draw(&Rectangle::new([Self::pt(a), Self::pt(b)], style))
            .map_err(render_error)
    }

    /// A polyline.
    pub fn path(&self, points: &[(f64, f64)], color: Rgb, width: u32) -> Result<()> {
        let style = ShapeStyle {
            color: color.to_plotters().to_rgba(),
            filled: false,
            stroke_width: width,
        };
        let pts: Vec<(i32, i32)> = points.iter().map(|&p| Self::pt(p)).collect();
        self.area
            .draw(&PathElement::new(pts, style))
            .map_err(render_error)
    }

    /// A filled polygon.
    pub fn polygon(&self, points: &[(f64, f64)], color: Rgb) -> Result<()> {
        let pts: Vec<(i32, i32)> = points.iter().map(|&p| Self::pt(p)).collect();
        self.area
            .draw(&Polygon::new(pts, color.to_plotters().filled()))
            .map_err(render_error)
    }

    /// A disc, or a ring of `stroke` px when `fill` is false.
    pub fn circle(&self, c: (f64, f64), r: f64, color: Rgb, fill: bool, stroke: u32) -> Result<()> {
        let style = ShapeStyle {
            color: color.to_plotters().to_rgba(),
            filled: fill,
            stroke_width: stroke,
        };
        let r = if r.is_finite() {
            r.round().max(1.0) as u32
        } else {
            1
        };
        self.area
            .draw(&Circle::new(Self::pt(c), r, style))
            .map_err(render_error)
    }

    /// A measure's mark of half-size `r` centred on `c`: filled, or hollow
    /// (outlined, its inside the `background`).
    pub fn mark(
        &self,
        mark: Mark,
        c: (f64, f64),
        r: f64,
        color: Rgb,
        hollow: bool,
        background: Rgb,
    ) -> Result<()> {
        let (x, y) = c;
        let outline: Vec<(f64, f64)> = match mark {
            Mark::Circle => {
                if hollow {
                    self.circle(c, r, background, true, 1)?;
                    return self.circle(c, r - 1.0, color, false, 2);
                }
                return self.circle(c, r, color, true, 1);
            }
            Mark::Plus | Mark::Cross => {
                let d = if mark == Mark::Cross { r * 0.8 } else { r };
                let (a, b) = if mark == Mark::Cross {
                    (
                        [(x - d, y - d), (x + d, y + d)],
                        [(x - d, y + d), (x + d, y - d)],
                    )
                } else {
                    ([(x - d, y), (x + d, y)], [(x, y - d), (x, y + d)])
                };
                let w = if hollow { 2 } else { 3 };
                self.path(&a, color, w)?;
                return self.path(&b, color, w);
            }
            Mark::Square => {
                let d = r * 0.85;
                vec![
                    (x - d, y - d),
                    (x + d, y - d),
                    (x + d, y + d),
                    (x - d, y + d),
                ]
            }
            Mark::Diamond => vec![(x, y - r * 1.1), (x + r, y), (x, y + r * 1.1), (x - r, y)],
            Mark::TriangleUp => vec![(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)],
            Mark::TriangleDown => vec![(x - r, y - r * 0.8), (x + r, y - r * 0.8), (x, y + r)],
        };
        if hollow {
            self.polygon(&outline, background)?;
            let mut closed = outline.clone();
            if let Some(&first) = outline.first() {
                closed.push(first);
            }
            self.path(&closed, color, 2)
        } else {
            self.polygon(&outline, color)
        }
    }

    /// The finished SVG, cut to `height`, with its title and description,
    /// over a background of `background`.
    pub fn finish(self, height: f64, title: &str, desc: &str, background: Rgb) -> Result<String> {
        let Canvas { svg, area, .. } = self;
        drop(area);
        let w = svg.with(|d| d.size().0)?;
        svg.with(|d| {
            d.set_size(w, height);
            d.set_title(title);
            d.set_desc(desc);
            d.set_background(Some(background));
        })?;
        svg.to_svg()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(nice_ticks(0.0, 147.0, 4), vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!(nice_ticks(0.0, 550.0, 5), vec![0.0, 200.0, 400.0, 600.0]);
        assert_eq!(nice_ticks(0.0, 0.0, 5), vec![0.0]);
        let t = nice_ticks(0.0, 1e300, 5);
        assert!(t.len() <= 7 && *t.last().unwrap() >= 1e300);
        assert_eq!(nice_ticks(0.0, f64::INFINITY, 5), vec![0.0]);
        let t = nice_ticks(-30.0, 70.0, 5);
        assert!(t.contains(&0.0) && t[0] <= -30.0 && *t.last().unwrap() >= 70.0);
    }

    #[test]
    fn scale_maps_and_survives_empty_domains() {
        let s = Scale::new(0.0, 10.0, 100.0, 200.0);
        assert_eq!(s.map(5.0), 150.0);
        let flat = Scale::new(3.0, 3.0, 0.0, 100.0);
        assert_eq!(flat.map(3.0), 50.0);
    }
}
