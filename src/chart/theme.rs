//! Colours, marks and the font of the pictures, chosen by the host page.
//!
//! The page passes a theme by name (`"light"` or `"dark"`) so the pictures
//! match it. Each [`Measure`] has a fill colour *and* a mark shape and a fill
//! pattern, so colour is never the only carrier of meaning. The palettes are
//! based on Okabe and Ito's colour-blind-safe set, adjusted so that every fill
//! has at least 3:1 contrast with the background and every text 4.5:1
//! (WCAG 2.1; the tests below compute it), and so that the fills (and plain
//! land) stay at least ΔE2000 10 apart under simulated protanopia,
//! deuteranopia and tritanopia (`tests/palette.rs` computes it and says why
//! 10). Against that test, the light theme's work-permit blue is a little
//! lighter than Okabe and Ito's (`#0072CC`, not `#0072B2`, which protanopia
//! took to within 7.4 of the residence purple) and the dark theme's
//! employment green a little more yellow (`#3CEABA`, not `#3EDDB0`: 9.2
//! from the work-permit blue under tritanopia).

use super::text::FONT_STACK;
use crate::model::Measure;
use serde::{Deserialize, Deserializer, Serialize};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// From `0xRRGGBB`.
    pub const fn hex(v: u32) -> Rgb {
        Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// `#rrggbb`, as SVG presentation attributes take it.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The same colour for plotters' styles.
    pub fn to_plotters(self) -> plotters::style::RGBColor {
        plotters::style::RGBColor(self.0, self.1, self.2)
    }

    /// WCAG 2.1 relative luminance (0 black .. 1 white).
    pub fn relative_luminance(self) -> f64 {
        let [r, g, b] = self.linear();
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// WCAG 2.1 contrast ratio with `other` (1 .. 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.relative_luminance(), other.relative_luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// Linear-light RGB components (0 .. 1).
    pub fn linear(self) -> [f64; 3] {
        let f = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        [f(self.0), f(self.1), f(self.2)]
    }

    /// `self` mixed with `other`: `t` = 0 gives `self`, 1 gives `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_finite() {
            t.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The shape of a measure's mark on charts and legends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// A square.
    Square,
    /// A square standing on a corner.
    Diamond,
    /// A disc.
    Circle,
    /// A triangle pointing up.
    TriangleUp,
    /// A triangle pointing down.
    TriangleDown,
    /// A plus sign.
    Plus,
    /// A diagonal cross.
    Cross,
}

/// A fill pattern laid over a measure's colour on areas (the map, legend swatches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Plain colour.
    Solid,
    /// Lines rising to the right.
    Diagonal,
    /// Lines falling to the right.
    AntiDiagonal,
    /// Both diagonals.
    Crosshatch,
    /// Horizontal lines.
    Horizontal,
    /// Vertical lines.
    Vertical,
    /// A grid of dots.
    Dots,
}

/// How one measure is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MeasureStyle {
    /// Fill colour: at least 3:1 against the theme's background.
    pub fill: Rgb,
    /// Colour of the pattern's lines or dots over `fill` (the background colour).
    pub ink: Rgb,
    /// Mark shape on charts.
    pub mark: Mark,
    /// Pattern laid over the fill on areas.
    pub pattern: Pattern,
}

/// The theme names a page can pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
}

/// Colours and font for every picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Which theme this is.
    pub name: ThemeName,
    /// Picture background (also the sea on the map).
    pub background: Rgb,
    /// Main text: titles, labels (4.5:1 against the background).
    pub text: Rgb,
    /// Secondary text: notes, sources, tick labels (4.5:1 against the background).
    pub muted: Rgb,
    /// Grid lines (decorative).
    pub grid: Rgb,
    /// Axis lines, zero lines and rules (3:1 against the background).
    pub axis: Rgb,
    /// Bars, lines and dots of figure charts (3:1 against the background).
    pub accent: Rgb,
    /// Countries without data on the map.
    pub land: Rgb,
    /// Borders between countries on the map.
    pub border: Rgb,
    /// Outline of the selected country or item (3:1 against the background);
    /// draw it over a wider halo of the background colour so that it also
    /// stands out on every fill.
    pub selected: Rgb,
    /// Highlight of a hovered or focused item (3:1 against the background).
    pub hover: Rgb,
    /// The font stack the pictures name (its metrics are in [`super::text`]).
    pub font_family: &'static str,
    /// Styles per measure, in [`Measure::ALL`] order.
    measures: [MeasureStyle; 7],
}

/// Builds the seven measure styles from fills in [`Measure::ALL`] order.
fn measure_styles(fills: [u32; 7], ink: Rgb) -> [MeasureStyle; 7] {
    const MARKS: [(Mark, Pattern); 7] = [
        (Mark::Square, Pattern::Solid),
        (Mark::Diamond, Pattern::Crosshatch),
        (Mark::Circle, Pattern::Diagonal),
        (Mark::TriangleUp, Pattern::AntiDiagonal),
        (Mark::TriangleDown, Pattern::Horizontal),
        (Mark::Plus, Pattern::Dots),
        (Mark::Cross, Pattern::Vertical),
    ];
    let mut out = [MeasureStyle {
        fill: ink,
        ink,
        mark: Mark::Circle,
        pattern: Pattern::Solid,
    }; 7];
    for ((slot, fill), (mark, pattern)) in out.iter_mut().zip(fills).zip(MARKS) {
        *slot = MeasureStyle {
            fill: Rgb::hex(fill),
            ink,
            mark,
            pattern,
        };
    }
    out
}

impl Theme {
    /// Dark text on white.
    pub fn light() -> Theme {
        let background = Rgb::hex(0xFFFFFF);
        Theme {
            name: ThemeName::Light,
            background,
            text: Rgb::hex(0x1A1A1A),
            muted: Rgb::hex(0x595959),
            grid: Rgb::hex(0xE3E3E3),
            axis: Rgb::hex(0x6E6E6E),
            accent: Rgb::hex(0x0072B2),
            land: Rgb::hex(0xDCDCDC),
            border: background,
            selected: Rgb::hex(0x000000),
            hover: Rgb::hex(0x005A8C),
            font_family: FONT_STACK,
            measures: measure_styles(
                [
                    0xD55E00, 0xB04A8F, 0x0072CC, 0x009E73, 0x6B4B00, 0x103A5C, 0x5C5C5C,
                ],
                background,
            ),
        }
    }

    /// Light text on near-black.
    pub fn dark() -> Theme {
        let background = Rgb::hex(0x16181D);
        Theme {
            name: ThemeName::Dark,
            background,
            text: Rgb::hex(0xF2F2F2),
            muted: Rgb::hex(0xB3B3B3),
            grid: Rgb::hex(0x33363D),
            axis: Rgb::hex(0x8A8D93),
            accent: Rgb::hex(0x56B4E9),
            land: Rgb::hex(0x3A3D44),
            border: background,
            selected: Rgb::hex(0xFFFFFF),
            hover: Rgb::hex(0xFFD34D),
            font_family: FONT_STACK,
            measures: measure_styles(
                [
                    0xFF7F1A, 0xD38AB2, 0x56B4E9, 0x3CEABA, 0xF0E442, 0xB6DFF6, 0x7A7A7A,
                ],
                background,
            ),
        }
    }

    /// The theme called `name` (`"light"` or `"dark"`).
    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::light()),
            "dark" => Some(Theme::dark()),
            _ => None,
        }
    }

    /// The theme for a [`ThemeName`].
    pub fn of(name: ThemeName) -> Theme {
        match name {
            ThemeName::Light => Theme::light(),
            ThemeName::Dark => Theme::dark(),
        }
    }

    /// How `measure` is drawn.
    pub fn measure(&self, measure: Measure) -> &MeasureStyle {
        let [expulsion, residence, permit, approval, visa, diplomatic, other] = &self.measures;
        match measure {
            Measure::Expulsion => expulsion,
            Measure::ResidenceRestriction => residence,
            Measure::WorkPermitFreeze => permit,
            Measure::EmploymentApprovalHalt => approval,
            Measure::VisaSuspension => visa,
            Measure::Diplomatic => diplomatic,
            Measure::Other => other,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}

/// A theme is given by name: `"light"` or `"dark"`.
impl<'de> Deserialize<'de> for Theme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ThemeName::deserialize(deserializer).map(Theme::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratio_matches_wcag_examples() {
        assert!((Rgb::hex(0x000000).contrast(Rgb::hex(0xFFFFFF)) - 21.0).abs() < 1e-9);
        assert!((Rgb::hex(0x777777).contrast(Rgb::hex(0xFFFFFF)) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::hex(0x123456).contrast(Rgb::hex(0x123456)), 1.0);
    }

    #[test]
    fn both_themes_have_enough_contrast() {
        for theme in [Theme::light(), Theme::dark()] {
            let bg = theme.background;
            let name = theme.name;
            for (what, c) in [("text", theme.text), ("muted", theme.muted)] {
                assert!(
                    c.contrast(bg) >= 4.5,
                    "{name:?} {what}: {:.2}",
                    c.contrast(bg)
                );
            }
            for (what, c) in [
                ("axis", theme.axis),
                ("accent", theme.accent),
                ("selected", theme.selected),
                ("hover", theme.hover),
            ] {
                assert!(
                    c.contrast(bg) >= 3.0,
                    "{name:?} {what}: {:.2}",
                    c.contrast(bg)
                );
            }
            for m in Measure::ALL {
                let s = theme.measure(m);
                assert!(
                    s.fill.contrast(bg) >= 3.0,
                    "{name:?} {m:?} fill: {:.2}",
                    s.fill.contrast(bg)
                );
                // The pattern's ink stands out on its fill just as much.
                assert!(s.ink.contrast(s.fill) >= 3.0, "{name:?} {m:?} ink");
                // The selection outline (a `selected` line over a halo of the
                // background colour) is visible on every fill.
                let outline = theme.selected.contrast(s.fill).max(bg.contrast(s.fill));
                assert!(outline >= 3.0, "{name:?} {m:?} selected outline");
            }
        }
    }

    #[test]
    fn every_measure_has_its_own_mark_and_pattern() {
        let theme = Theme::light();
        for (i, a) in Measure::ALL.iter().enumerate() {
            for b in Measure::ALL.iter().skip(i + 1) {
                assert_ne!(theme.measure(*a).mark, theme.measure(*b).mark);
                assert_ne!(theme.measure(*a).pattern, theme.measure(*b).pattern);
            }
        }
    }

    #[test]
    fn deserializes_by_name() {
        let t: Theme = serde_json::from_str("\"dark\"").unwrap();
        assert_eq!(t, Theme::dark());
        assert!(serde_json::from_str::<Theme>("\"sepia\"").is_err());
        assert_eq!(Theme::by_name("light"), Some(Theme::light()));
        assert_eq!(Theme::by_name("x"), None);
    }
}
