//! An SVG writer behind plotters' [`DrawingBackend`], with the structure
//! plotters' own SVG backend cannot give.
//!
//! plotters asks a backend for bare shapes. The widget also needs groups with
//! ids, classes and `data-*` attributes (a country's shapes as one group, a
//! chart's bars as another), a `<title>` and `<desc>` the page's assistive
//! technology reads, and pattern fills so colour is never the only carrier of
//! meaning. So the document, [`SvgDoc`], is shared (through [`Svg`]) between
//! the caller, who opens and closes groups between plotters calls, and the
//! backend, [`SvgBackend`], which appends the shapes plotters draws.
//!
//! Output is deterministic, numbers are rounded to 0.1 px, every text and
//! attribute value is XML-escaped, and no element has a `style` attribute
//! (strict Content Security Policies block inline styles): only presentation
//! attributes (`fill`, `stroke`, `font-size`, ...) and classes.
//!
//! Text size is estimated with [`super::text`], never through plotters' font
//! code, which on wasm32 measures through the host page's DOM.

use super::text::{self, FONT_STACK};
use super::theme::{Pattern, Rgb};
use crate::error::{Error, Result};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

/// A number for SVG: rounded to 0.1, without a trailing `.0`, never `-0`;
/// non-finite numbers become `0`.
pub fn num(v: f64) -> String {
    // Integer arithmetic only: float formatting would add ~12 KB to the wasm.
    if !v.is_finite() {
        return "0".to_owned();
    }
    let tenths = (v * 10.0).round().clamp(-1e15, 1e15) as i64;
    if tenths == 0 {
        return "0".to_owned();
    }
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    if a % 10 == 0 {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// Whether a character may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(u32::from(c), 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Escapes text content: `&`, `<` and `>`; drops characters XML forbids.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value for a double-quoted attribute: also quotes and
/// white space other than a space (which XML would normalize away).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

/// Turns any text into a valid id or class token: ASCII letters, digits, `-`
/// and `_` kept, anything else replaced by `_`; a leading digit or `-` gets a
/// `_` before it. Empty input gives `_`.
pub fn token(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out
        .chars()
        .next()
        .map_or(true, |c| c.is_ascii_digit() || c == '-')
    {
        out.insert(0, '_');
    }
    out
}

/// Whether an attribute name may be set through [`Group::attr`]: lower-case
/// ASCII letters, digits and `-`, starting with a letter; never `style` or an
/// event handler (`on…`), which a Content Security Policy would block and
/// which data must never reach.
fn allowed_attr(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name != "style"
        && !name.starts_with("on")
        && name != "href"
}

/// A `<g>` element to open around the shapes drawn next: id, classes, other
/// attributes and a tooltip `<title>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    attrs: Vec<(String, String)>,
    classes: Vec<String>,
    title: Option<String>,
}

impl Group {
    /// An empty group.
    pub fn new() -> Self {
        Group::default()
    }

    /// Sets the id (passed through [`token`]). Ids must be unique on the page:
    /// build them with [`SvgDoc::scoped_id`].
    pub fn id(self, id: &str) -> Self {
        self.attr("id", &token(id))
    }

    /// Adds a class (passed through [`token`]).
    pub fn class(mut self, class: &str) -> Self {
        self.classes.push(token(class));
        self
    }

    /// Sets `data-NAME="value"`; the name is passed through [`token`] and lower-cased.
    pub fn data(self, name: &str, value: &str) -> Self {
        let name = format!(
            "data-{}",
            token(name).to_ascii_lowercase().replace('_', "-")
        );
        self.attr(&name, value)
    }

    /// Sets any other attribute (`role`, `tabindex`, `aria-label`, `fill`...).
    /// Names that are not lower-case ASCII words, `style`, `href` and event
    /// handlers (`on…`) are ignored. A second value for a name replaces the first.
    pub fn attr(mut self, name: &str, value: &str) -> Self {
        if allowed_attr(name) {
            self.attrs.retain(|(n, _)| n != name);
            self.attrs.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// A `<title>` child: the tooltip and accessible name of the group.
    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.to_owned());
        self
    }
}

/// An SVG document being written: the root's size, title and description,
/// `<defs>` and the body. Shared between caller and backend through [`Svg`].
#[derive(Debug, Clone, PartialEq)]
pub struct SvgDoc {
    id: String,
    width: f64,
    height: f64,
    scale: f64,
    title: String,
    desc: String,
    root_classes: Vec<String>,
    font_family: String,
    defs: String,
    body: String,
    depth: usize,
    fill_override: Option<String>,
    background: Option<Rgb>,
}

impl SvgDoc {
    /// A document `width` × `height` pixels whose ids start with `id` (make it
    /// unique on the page: several widgets may share one). Sizes below 1 px
    /// or not finite become 1 px.
    pub fn new(id: &str, width: f64, height: f64) -> Self {
        SvgDoc {
            id: token(id),
            width: clean_size(width),
            height: clean_size(height),
            scale: 1.0,
            title: String::new(),
            desc: String::new(),
            root_classes: Vec::new(),
            font_family: FONT_STACK.to_owned(),
            defs: String::new(),
            body: String::new(),
            depth: 0,
            fill_override: None,
            background: None,
        }
    }

    /// Backend units per pixel (default 1). plotters draws in whole backend
    /// units, so a scale of 10 gives shapes 0.1 px precision (useful for the
    /// map); then every size given to plotters (font sizes, stroke widths,
    /// coordinates) is in tenths of a pixel too. Clamped to 1..=100.
    pub fn with_scale(mut self, scale: f64) -> Self {
        self.scale = if scale.is_finite() {
            scale.clamp(1.0, 100.0)
        } else {
            1.0
        };
        self
    }

    /// Backend units per pixel.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The document's id prefix.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// An id unique to this document: `{id}-{suffix}`, made a valid token.
    pub fn scoped_id(&self, suffix: &str) -> String {
        token(&format!("{}-{}", self.id, suffix))
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }

    /// Changes the size written on the root (for a height known only after
    /// layout). A backend already made keeps the size it had.
    pub fn set_size(&mut self, width: f64, height: f64) {
        self.width = clean_size(width);
        self.height = clean_size(height);
    }

    /// The picture's title (its accessible name).
    pub fn set_title(&mut self, title: &str) {
        self.title = title.to_owned();
    }

    /// The picture's description (its accessible description).
    pub fn set_desc(&mut self, desc: &str) {
        self.desc = desc.to_owned();
    }

    /// Adds a class to the root `<svg>` (passed through [`token`]).
    pub fn add_root_class(&mut self, class: &str) {
        self.root_classes.push(token(class));
    }

    /// A background colour filling the whole picture (at its final size),
    /// drawn under everything else.
    pub fn set_background(&mut self, color: Option<Rgb>) {
        self.background = color;
    }

    /// The font family written on the root and assumed by text measuring.
    pub fn set_font_family(&mut self, family: &str) {
        self.font_family = family.to_owned();
    }

    /// Opens a `<g>`; everything drawn until the matching [`SvgDoc::close_group`] is inside it.
    pub fn open_group(&mut self, group: &Group) {
        self.body.push_str("<g");
        let mut classes = group.classes.clone();
        classes.dedup();
        if !classes.is_empty() {
            let _ = write!(self.body, " class=\"{}\"", escape_attr(&classes.join(" ")));
        }
        for (name, value) in &group.attrs {
            let _ = write!(self.body, " {name}=\"{}\"", escape_attr(value));
        }
        self.body.push('>');
        if let Some(title) = &group.title {
            let _ = write!(self.body, "<title>{}</title>", escape_text(title));
        }
        self.depth += 1;
    }

    /// Closes the innermost open group; does nothing if none is open.
    pub fn close_group(&mut self) {
        if self.depth > 0 {
            self.body.push_str("</g>");
            self.depth -= 1;
        }
    }

    /// Makes the backend fill shapes with `paint` (e.g. a pattern's
    /// `url(#…)` from [`SvgDoc::define_pattern`]) instead of plotters'
    /// colour, until set back to `None`. Strokes are not affected.
    pub fn set_fill_override(&mut self, paint: Option<String>) {
        self.fill_override = paint;
    }

    /// Defines (once) a pattern of `ink` lines or dots on a transparent
    /// ground, to lay over a colour fill, and returns its paint
    /// (`url(#id)`); `None` for [`Pattern::Solid`], which needs no overlay.
    /// `name` makes the id: `{doc id}-pat-{name}`.
    pub fn define_pattern(&mut self, name: &str, pattern: Pattern, ink: Rgb) -> Option<String> {
        let id = self.scoped_id(&format!("pat-{name}"));
        let paint = format!("url(#{id})");
        let d = match pattern {
            Pattern::Solid => return None,
            Pattern::Diagonal => "M-1 1L1 -1M0 6L6 0M5 7L7 5",
            Pattern::AntiDiagonal => "M-1 5L1 7M0 0L6 6M5 -1L7 1",
            Pattern::Crosshatch => "M0 0L6 6M0 6L6 0",
            Pattern::Horizontal => "M0 1.5H6M0 4.5H6",
            Pattern::Vertical => "M1.5 0V6M4.5 0V6",
            Pattern::Dots => "",
        };
        if self.defs.contains(&format!("id=\"{id}\"")) {
            return Some(paint);
        }
        let _ = write!(
            self.defs,
            "<pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
        );
        if pattern == Pattern::Dots {
            let _ = write!(
                self.defs,
                "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"{}\"/>",
                ink.to_hex()
            );
        } else {
            let _ = write!(
                self.defs,
                "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"1.2\" fill=\"none\"/>",
                ink.to_hex()
            );
        }
        self.defs.push_str("</pattern>");
        Some(paint)
    }

    /// Appends a complete element written by the caller. Only for markup
    /// built from constants and numbers: text from data must go through
    /// [`escape_text`] / [`escape_attr`] first.
    pub fn push_raw(&mut self, markup: &str) {
        self.body.push_str(markup);
    }

    /// The whole document as SVG text, closing any group left open.
    pub fn to_svg(&self) -> String {
        let (w, h) = (num(self.width), num(self.height));
        let title_id = self.scoped_id("title");
        let desc_id = self.scoped_id("desc");
        let mut out = String::with_capacity(self.body.len() + self.defs.len() + 512);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" font-family=\"{}\"",
            escape_attr(&self.font_family)
        );
        if !self.root_classes.is_empty() {
            let _ = write!(
                out,
                " class=\"{}\"",
                escape_attr(&self.root_classes.join(" "))
            );
        }
        let _ = write!(
            out,
            "><title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
            escape_text(&self.title),
            escape_text(&self.desc)
        );
        if !self.defs.is_empty() {
            let _ = write!(out, "<defs>{}</defs>", self.defs);
        }
        if let Some(bg) = self.background {
            let _ = write!(
                out,
                "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
                bg.to_hex()
            );
        }
        out.push_str(&self.body);
        for _ in 0..self.depth {
            out.push_str("</g>");
        }
        out.push_str("</svg>");
        out
    }

    /// Backend units to pixels, as an SVG number.
    fn px(&self, units: f64) -> String {
        num(units / self.scale)
    }

    /// Writes ` fill="#rrggbb"` (or the override) and its opacity.
    fn write_fill(&mut self, color: BackendColor) {
        if let Some(paint) = &self.fill_override {
            let _ = write!(self.body, " fill=\"{}\"", escape_attr(paint));
            return;
        }
        let _ = write!(self.body, " fill=\"{}\"", hex(color));
        if color.alpha < 1.0 {
            let _ = write!(self.body, " fill-opacity=\"{}\"", opacity(color.alpha));
        }
    }

    /// Writes ` fill="none" stroke=… stroke-width=…` and the stroke's opacity.
    fn write_stroke(&mut self, color: BackendColor, width: u32) {
        let _ = write!(
            self.body,
            " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
            hex(color),
            self.px(f64::from(width))
        );
        if color.alpha < 1.0 {
            let _ = write!(self.body, " stroke-opacity=\"{}\"", opacity(color.alpha));
        }
    }

    /// `M x y L x y x y …` for a list of points, optionally closed.
    fn path_data(&self, points: &[BackendCoord], close: bool) -> String {
        let mut d = String::with_capacity(points.len() * 10);
        for (i, &(x, y)) in points.iter().enumerate() {
            let cmd = match i {
                0 => "M",
                1 => "L",
                _ => " ",
            };
            let _ = write!(
                d,
                "{cmd}{} {}",
                self.px(f64::from(x)),
                self.px(f64::from(y))
            );
        }
        if close && !d.is_empty() {
            d.push('Z');
        }
        d
    }
}

/// Clamps a picture dimension to a finite size of at least 1 px.
fn clean_size(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(1.0, 100_000.0)
    } else {
        1.0
    }
}

/// `#rrggbb` of a plotters colour.
fn hex(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// An opacity to two decimals (`0.5`, `0.05`, `1`).
fn opacity(alpha: f64) -> String {
    let hundredths = (alpha.clamp(0.0, 1.0) * 100.0).round() as u32;
    match hundredths {
        100 => "1".to_owned(),
        0 => "0".to_owned(),
        h if h % 10 == 0 => format!("0.{}", h / 10),
        h => format!("0.{h:02}"),
    }
}

/// The document shared by a caller and its [`SvgBackend`]s.
#[derive(Debug, Clone)]
pub struct Svg(Rc<RefCell<SvgDoc>>);

impl Svg {
    /// Shares `doc`.
    pub fn new(doc: SvgDoc) -> Self {
        Svg(Rc::new(RefCell::new(doc)))
    }

    /// A plotters backend drawing into this document, sized to it (times its scale).
    pub fn backend(&self) -> SvgBackend {
        let (size, scale) = self
            .0
            .try_borrow()
            .map(|d| (d.size(), d.scale))
            .unwrap_or(((1.0, 1.0), 1.0));
        SvgBackend {
            doc: Rc::clone(&self.0),
            size: (
                (size.0 * scale).round() as u32,
                (size.1 * scale).round() as u32,
            ),
        }
    }

    /// Runs `f` on the document (to open a group, set the title...). Fails
    /// only if called from inside a backend call, which cannot happen through
    /// plotters' API.
    pub fn with<R>(&self, f: impl FnOnce(&mut SvgDoc) -> R) -> Result<R> {
        let mut doc = self
            .0
            .try_borrow_mut()
            .map_err(|_| Error::Render("the SVG document is busy".to_owned()))?;
        Ok(f(&mut doc))
    }

    /// The document as SVG text.
    pub fn to_svg(&self) -> Result<String> {
        self.0
            .try_borrow()
            .map(|d| d.to_svg())
            .map_err(|_| Error::Render("the SVG document is busy".to_owned()))
    }
}

/// The error an [`SvgBackend`] reports to plotters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgError(pub String);

impl std::fmt::Display for SvgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SvgError {}

/// Converts any plotters drawing error into the crate's error.
pub fn render_error(e: impl std::fmt::Display) -> Error {
    Error::Render(e.to_string())
}

/// plotters' [`DrawingBackend`] writing bare shapes into a shared [`SvgDoc`].
#[derive(Debug)]
pub struct SvgBackend {
    doc: Rc<RefCell<SvgDoc>>,
    size: (u32, u32),
}

type DrawResult = std::result::Result<(), DrawingErrorKind<SvgError>>;

impl SvgBackend {
    /// Runs `f` on the document, or reports that it is busy.
    fn doc(&self, f: impl FnOnce(&mut SvgDoc)) -> DrawResult {
        let mut doc = self.doc.try_borrow_mut().map_err(|_| {
            DrawingErrorKind::DrawingError(SvgError("the SVG document is busy".to_owned()))
        })?;
        f(&mut doc);
        Ok(())
    }
}

impl DrawingBackend for SvgBackend {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> DrawResult {
        Ok(())
    }

    fn present(&mut self) -> DrawResult {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> DrawResult {
        if color.alpha <= 0.0 {
            return Ok(());
        }
        self.doc(|d| {
            let one = d.px(1.0);
            let _ = write!(
                d.body,
                "<rect x=\"{}\" y=\"{}\" width=\"{one}\" height=\"{one}\"",
                d.px(f64::from(point.0)),
                d.px(f64::from(point.1))
            );
            d.write_fill(color);
            d.body.push_str("/>");
        })
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        self.doc(|d| {
            let _ = write!(
                d.body,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                d.px(f64::from(from.0)),
                d.px(f64::from(from.1)),
                d.px(f64::from(to.0)),
                d.px(f64::from(to.1))
            );
            d.write_stroke(color, style.stroke_width());
            d.body.push_str("/>");
        })
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        let (x0, x1) = (
            upper_left.0.min(bottom_right.0),
            upper_left.0.max(bottom_right.0),
        );
        let (y0, y1) = (
            upper_left.1.min(bottom_right.1),
            upper_left.1.max(bottom_right.1),
        );
        self.doc(|d| {
            let _ = write!(
                d.body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                d.px(f64::from(x0)),
                d.px(f64::from(y0)),
                d.px(f64::from(x1) - f64::from(x0)),
                d.px(f64::from(y1) - f64::from(y0))
            );
            if fill {
                d.write_fill(color);
            } else {
                d.write_stroke(color, style.stroke_width());
            }
            d.body.push_str("/>");
        })
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = path.into_iter().collect();
        if points.len() < 2 {
            return Ok(());
        }
        self.doc(|d| {
            let data = d.path_data(&points, false);
            let _ = write!(d.body, "<path d=\"{data}\"");
            d.write_stroke(color, style.stroke_width());
            d.body
                .push_str(" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
        })
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        self.doc(|d| {
            let _ = write!(
                d.body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
                d.px(f64::from(center.0)),
                d.px(f64::from(center.1)),
                d.px(f64::from(radius))
            );
            if fill {
                d.write_fill(color);
            } else {
                d.write_stroke(color, style.stroke_width());
            }
            d.body.push_str("/>");
        })
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = vert.into_iter().collect();
        if points.len() < 3 {
            return Ok(());
        }
        self.doc(|d| {
            let data = d.path_data(&points, true);
            let _ = write!(d.body, "<path d=\"{data}\"");
            d.write_fill(color);
            d.body.push_str("/>");
        })
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> DrawResult {
        let color = style.color();
        if color.alpha <= 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size();
        let bold = matches!(style.style(), FontStyle::Bold);
        let italic = matches!(style.style(), FontStyle::Italic | FontStyle::Oblique);
        let anchor = style.anchor();
        // Baseline offset from the anchor point, in the text's own frame.
        let dy = match anchor.v_pos {
            VPos::Top => text::ASCENT * size,
            VPos::Center => (text::ASCENT - text::DESCENT) / 2.0 * size,
            VPos::Bottom => -text::DESCENT * size,
        };
        let text_anchor = match anchor.h_pos {
            HPos::Left => None,
            HPos::Center => Some("middle"),
            HPos::Right => Some("end"),
        };
        let rotation = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
        };
        let family = style.family().as_str().to_owned();
        self.doc(|d| {
            let (x, y) = (f64::from(pos.0), f64::from(pos.1));
            let _ = write!(
                d.body,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
                d.px(x),
                d.px(y + dy),
                d.px(size)
            );
            if family != d.font_family && !family.is_empty() && family != "sans-serif" {
                let _ = write!(d.body, " font-family=\"{}\"", escape_attr(&family));
            }
            if bold {
                d.body.push_str(" font-weight=\"bold\"");
            }
            if italic {
                d.body.push_str(" font-style=\"italic\"");
            }
            if let Some(a) = text_anchor {
                let _ = write!(d.body, " text-anchor=\"{a}\"");
            }
            if rotation != 0 {
                let _ = write!(
                    d.body,
                    " transform=\"rotate({rotation} {} {})\"",
                    d.px(x),
                    d.px(y)
                );
            }
            d.write_fill(color);
            let _ = write!(d.body, ">{}</text>", escape_text(text));
        })
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let size = style.size();
        let bold = matches!(style.style(), FontStyle::Bold);
        let w = text::text_width(text, size, bold).ceil() as u32;
        let h = text::line_height(size).ceil() as u32;
        Ok(match style.transform() {
            FontTransform::Rotate90 | FontTransform::Rotate270 => (h, w),
            _ => (w, h),
        })
    }

    fn blit_bitmap(&mut self, _pos: BackendCoord, _size: (u32, u32), _src: &[u8]) -> DrawResult {
        Err(DrawingErrorKind::DrawingError(SvgError(
            "bitmaps are not drawn into SVG pictures".to_owned(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(1e7), "10000000");
        assert_eq!(num(0.05), "0.1");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(f64::NEG_INFINITY), "0");
        assert_eq!(num(0.5), "0.5"); // the map's border width
        assert_eq!(opacity(0.5), "0.5");
        assert_eq!(opacity(0.05), "0.05");
        assert_eq!(opacity(1.0), "1");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape_text("<script>&</svg>"),
            "&lt;script&gt;&amp;&lt;/svg&gt;"
        );
        assert_eq!(escape_attr("a\"b'c\nd"), "a&quot;b&#39;c&#10;d");
        assert_eq!(escape_text("a\u{0}b\u{1b}c"), "abc");
        assert_eq!(token("PL"), "PL");
        assert_eq!(token("1 <x>"), "_1__x_");
        assert_eq!(token(""), "_");
    }

    #[test]
    fn groups_reject_styles_and_handlers() {
        let g = Group::new()
            .id("map-PL")
            .class("country")
            .class("selected")
            .data("code", "PL\"><script>")
            .attr("style", "fill:red")
            .attr("onclick", "alert(1)")
            .attr("href", "javascript:alert(1)")
            .attr("Role", "x")
            .attr("tabindex", "0")
            .title("Poland <b>");
        let mut doc = SvgDoc::new("t", 100.0, 50.0);
        doc.open_group(&g);
        doc.close_group();
        doc.close_group();
        let svg = doc.to_svg();
        assert!(svg.contains(
            "<g class=\"country selected\" id=\"map-PL\" data-code=\"PL&quot;&gt;&lt;script&gt;\" tabindex=\"0\"><title>Poland &lt;b&gt;</title></g>"
        ), "{svg}");
        assert!(!svg.contains("style="));
        assert!(!svg.contains("onclick"));
        assert!(!svg.contains("javascript"));
        assert!(!svg.contains("Role"));
    }

    #[test]
    fn root_has_size_title_and_description() {
        let mut doc = SvgDoc::new("fig 1", 320.0, 200.5);
        doc.set_title("Visas & workers");
        doc.set_desc("<desc>");
        let svg = doc.to_svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"200.5\" viewBox=\"0 0 320 200.5\" role=\"img\" aria-labelledby=\"fig_1-title fig_1-desc\""));
        assert!(svg.contains("<title id=\"fig_1-title\">Visas &amp; workers</title>"));
        assert!(svg.contains("<desc id=\"fig_1-desc\">&lt;desc&gt;</desc>"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn plotters_draws_bare_shapes_into_open_groups() {
        let svg = Svg::new(SvgDoc::new("t", 200.0, 100.0));
        {
            let area = svg.backend().into_drawing_area();
            area.fill(&WHITE).unwrap();
            svg.with(|d| d.open_group(&Group::new().class("bars")))
                .unwrap();
            area.draw(&Rectangle::new(
                [(10, 20), (30, 90)],
                RGBColor(0, 114, 178).filled(),
            ))
            .unwrap();
            area.draw(&Circle::new((50, 50), 4, Color::stroke_width(&BLACK, 2)))
                .unwrap();
            area.draw(&PathElement::new(vec![(0, 0), (10, 10), (20, 0)], BLACK))
                .unwrap();
            area.draw(&Polygon::new(vec![(0, 0), (10, 10), (20, 0)], RED.mix(0.5)))
                .unwrap();
            svg.with(|d| d.close_group()).unwrap();
            let style = TextStyle::from((FONT_STACK, 12.0).into_font()).pos(
                plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Top),
            );
            area.draw(&Text::new("a <b> & \"c\"", (100, 10), style))
                .unwrap();
        }
        let out = svg.to_svg().unwrap();
        assert!(
            out.contains("<rect x=\"0\" y=\"0\" width=\"200\" height=\"100\" fill=\"#ffffff\"/>"),
            "{out}"
        );
        assert!(out.contains("<g class=\"bars\"><rect x=\"10\" y=\"20\" width=\"20\" height=\"70\" fill=\"#0072b2\"/>"), "{out}");
        assert!(out.contains("<circle cx=\"50\" cy=\"50\" r=\"4\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>"), "{out}");
        assert!(
            out.contains("<path d=\"M0 0L10 10 20 0\" fill=\"none\""),
            "{out}"
        );
        assert!(
            out.contains(
                "<path d=\"M0 0L10 10 20 0Z\" fill=\"#ff0000\" fill-opacity=\"0.5\"/></g>"
            ),
            "{out}"
        );
        // Top-anchored: baseline one ascent (0.905 em) below the anchor.
        assert!(
            out.contains("<text x=\"100\" y=\"20.9\" font-size=\"12\" text-anchor=\"middle\" fill=\"#000000\">a &lt;b&gt; &amp; \"c\"</text>"),
            "{out}"
        );
        assert!(!out.contains("style="));
    }

    #[test]
    fn text_size_is_estimated_in_rust() {
        let svg = Svg::new(SvgDoc::new("t", 200.0, 100.0));
        let backend = svg.backend();
        let style = TextStyle::from((FONT_STACK, 10.0).into_font());
        let (w, h) = backend.estimate_text_size("Poland", &style).unwrap();
        assert_eq!(w, 32); // 31.13 px rounded up
        assert_eq!(h, 12); // 11.17 px rounded up
    }

    #[test]
    fn scale_gives_sub_pixel_precision() {
        let svg = Svg::new(SvgDoc::new("t", 20.0, 10.0).with_scale(10.0));
        {
            let backend = svg.backend();
            assert_eq!(backend.get_size(), (200, 100));
            let area = backend.into_drawing_area();
            area.draw(&Polygon::new(vec![(5, 5), (123, 5), (123, 77)], BLACK))
                .unwrap();
        }
        let out = svg.to_svg().unwrap();
        assert!(out.contains("d=\"M0.5 0.5L12.3 0.5 12.3 7.7Z\""), "{out}");
    }

    #[test]
    fn patterns_are_defined_once() {
        let mut doc = SvgDoc::new("m", 10.0, 10.0);
        assert_eq!(doc.define_pattern("x", Pattern::Solid, Rgb(0, 0, 0)), None);
        let a = doc.define_pattern("x", Pattern::Diagonal, Rgb(0, 0, 0));
        let b = doc.define_pattern("x", Pattern::Diagonal, Rgb(0, 0, 0));
        assert_eq!(a.as_deref(), Some("url(#m-pat-x)"));
        assert_eq!(a, b);
        let svg = doc.to_svg();
        assert_eq!(svg.matches("<pattern ").count(), 1);
    }
}
