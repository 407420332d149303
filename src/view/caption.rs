//! "Download image": a picture the widget shows (map, timeline, a figure
//! chart) with a caption band drawn in: the dataset's title and the
//! picture's name above it, the source and a credit line below (the
//! `captioned` export).
//!
//! The picture comes as the SVG text the widget shows (the page serializes
//! its `<svg>`, at the size shown); it is placed unchanged under the title
//! band. The text is laid out here with the pictures' metrics
//! ([`crate::chart::text`]) and names the pictures' font stack, which ends
//! with the generic `sans-serif`: an SVG drawn through an `<img>` (as the PNG
//! download is) cannot load a page's fonts, and must still show its text.

use crate::chart::svg::{escape_attr, escape_text, num};
use crate::chart::text::{line_height, wrap_lines, FONT_STACK};
use crate::chart::Theme;
use crate::model::Meta;
use std::fmt::Write;

/// Space around the caption's text, in px.
const PAD: f64 = 12.0;
const TITLE_PX: f64 = 17.0;
const LABEL_PX: f64 = 13.0;
const FOOT_PX: f64 = 11.0;

/// A captioned picture: its SVG text and size in px (before `scale`).
#[derive(Debug, Clone, PartialEq)]
pub struct Captioned {
    /// The SVG document.
    pub svg: String,
    /// Its width in px at scale 1.
    pub width: f64,
    /// Its height in px at scale 1.
    pub height: f64,
}

/// The source line of a dataset: `Source: publisher, date. URL`, or a
/// compilation's maintainer and update.
pub fn source_line(meta: &Meta) -> String {
    let mut who = Vec::new();
    if let Some(p) = &meta.publisher {
        who.push(p.as_str().to_owned());
    }
    if let Some(m) = &meta.maintainer {
        who.push(format!("maintained by {}", m.as_str()));
    }
    if let Some(d) = meta.published.or(meta.updated) {
        who.push(d.display_en());
    }
    let mut line = String::from("Source");
    if !who.is_empty() {
        let _ = write!(line, ": {}", who.join(", "));
    }
    if let Some(url) = &meta.source_url {
        let _ = write!(line, ". {url}");
    }
    line
}

/// The credit line of a dataset: its byline and credits, its licence when
/// it has one, and the tool that drew it.
pub fn credit_line(meta: &Meta) -> String {
    let mut parts = Vec::new();
    if let Some(b) = &meta.byline {
        parts.push(format!("By {}", b.as_str()));
    }
    parts.extend(meta.credits.iter().map(|c| c.as_str().to_owned()));
    if let Some(l) = &meta.licence {
        parts.push(format!("Licence: {l}"));
    }
    parts.push("Graphic: sanctions-tracker".to_owned());
    parts.join(" · ")
}

/// `picture` (an SVG document `width` × `height` px) under a band with the
/// dataset's title and `label`, over a band with its source and credit
/// lines, in `theme`'s colours; drawn `scale` times larger (its viewBox
/// stays the 1× size).
pub fn captioned(
    meta: &Meta,
    picture: &str,
    label: &str,
    width: f64,
    height: f64,
    theme: &Theme,
    scale: f64,
) -> Captioned {
    let (width, height) = (width.max(1.0), height.max(0.0));
    let inner = (width - 2.0 * PAD).max(40.0);
    let mut text = String::new();
    let mut y = PAD;
    let lines = |text: &mut String, y: &mut f64, s: &str, px: f64, bold: bool, fill: String| {
        for line in wrap_lines(s, inner, px, bold, 3) {
            *y += px;
            let _ = write!(
                text,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{} fill=\"{fill}\">{}</text>",
                num(PAD),
                num(*y),
                num(px),
                if bold { " font-weight=\"bold\"" } else { "" },
                escape_text(&line)
            );
            *y += line_height(px) - px + 2.0;
        }
    };
    let (ink, muted) = (theme.text.to_hex(), theme.muted.to_hex());
    lines(&mut text, &mut y, meta.title.as_str(), TITLE_PX, true, ink);
    lines(&mut text, &mut y, label, LABEL_PX, false, muted.clone());
    y += PAD / 2.0;
    let top = y.round();
    let mut foot = String::new();
    let mut fy = top + height + PAD / 2.0;
    lines(
        &mut foot,
        &mut fy,
        &source_line(meta),
        FOOT_PX,
        false,
        muted.clone(),
    );
    lines(
        &mut foot,
        &mut fy,
        &credit_line(meta),
        FOOT_PX,
        false,
        muted,
    );
    let total = (fy + PAD).round();
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let mut svg = String::with_capacity(picture.len() + text.len() + foot.len() + 512);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"{}\"><title>{}</title><rect width=\"100%\" height=\"100%\" fill=\"{}\"/>{text}<g transform=\"translate(0 {})\">{picture}</g>{foot}</svg>",
        num(width * scale),
        num(total * scale),
        num(width),
        num(total),
        escape_attr(FONT_STACK),
        escape_text(&format!("{} – {label}", meta.title.as_str())),
        theme.background.to_hex(),
        num(top),
    );
    Captioned {
        svg,
        width,
        height: total,
    }
}
