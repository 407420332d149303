//! Helpers shared by the picture tests (`mod common;` in each).

use sanctions_tracker::chart::text::{text_width, ASCENT, DESCENT};
use sanctions_tracker::chart::Rect;

/// The content and box of one `<text>` element, from its attributes and the
/// font metrics.
pub fn text_box(n: roxmltree::Node) -> (String, Rect) {
    let num = |a: &str| n.attribute(a).map_or(0.0, |v| v.parse::<f64>().unwrap());
    let (x, y, size) = (num("x"), num("y"), num("font-size"));
    let bold = n.attribute("font-weight") == Some("bold");
    let content: String = n
        .descendants()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let w = text_width(&content, size, bold);
    let left = match n.attribute("text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    (
        content,
        Rect::new(left, y - ASCENT * size, w, (ASCENT + DESCENT) * size),
    )
}

/// The box of every `<text>` element.
#[allow(dead_code)] // not every test binary lists them all
pub fn text_boxes(doc: &roxmltree::Document) -> Vec<(String, Rect)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(text_box)
        .collect()
}
