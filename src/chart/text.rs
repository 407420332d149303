//! Text measured in Rust, with the metrics of the font the pictures name.
//!
//! On wasm32, plotters measures text by adding a `<span>` with an inline
//! `style` to the host page (blocked by a strict Content Security Policy,
//! distorted by host CSS), and natively it guesses. The pictures instead name
//! the font stack [`FONT_STACK`], whose first face, Liberation Sans, is
//! metric-compatible with Arial and Helvetica, and every label is measured
//! here from its advance widths, so the same SVG comes out everywhere and
//! labels can be laid out so that they never overlap.
//!
//! Widths for U+0020..=U+017F (ASCII, Latin-1, Latin Extended-A) are the
//! advance widths of Liberation Sans Regular and Bold (equal to the Helvetica
//! AFM widths for ASCII). Hangul is set in the stack's CJK face, Noto Sans
//! CJK KR (Debian's fonts-noto-cjk), whose Hangul syllables and jamo all
//! advance [`HANGUL_EM`] in both weights; CJK ideographs, kana, CJK
//! punctuation and full-width forms count 1 em, as in that face; anything
//! else a default of 0.6 em. tests/render_browser.rs checks both against the
//! browser's own measure where the faces are installed.

/// The font stack every picture names; the metrics below are Liberation Sans'.
pub const FONT_STACK: &str =
    "\"Liberation Sans\", Arial, Helvetica, \"Noto Sans CJK KR\", sans-serif";

/// Advance of every Hangul syllable and jamo in Noto Sans CJK KR (920/1000
/// em in Regular and Bold alike), in em.
pub const HANGUL_EM: f64 = 0.92;

/// Distance from the baseline to the top of the line box, in em.
pub const ASCENT: f64 = 0.905;
/// Distance from the baseline to the bottom of the line box, in em.
pub const DESCENT: f64 = 0.212;
/// Height of capital letters, in em.
pub const CAP_HEIGHT: f64 = 0.688;

/// Width of characters this module has no table for, in em.
const DEFAULT_EM: f64 = 0.6;

/// The ellipsis appended by [`ellipsize`].
pub const ELLIPSIS: char = '\u{2026}';

/// Advance widths (1/1000 em) of Liberation Sans Regular for U+0020..=U+017F.
#[rustfmt::skip]
const REGULAR: [u16; 352] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549,
    333, 333, 333, 576, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667,
    667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584,
    778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556,
    556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556, 556, 500,
    556, 500, 667, 556, 667, 556, 667, 556, 722, 500, 722, 500, 722, 500, 722, 500, 722, 615, 722,
    556, 667, 556, 667, 556, 667, 556, 667, 556, 667, 556, 778, 556, 778, 556, 778, 556, 778, 556,
    722, 556, 722, 556, 278, 278, 278, 278, 278, 278, 278, 222, 278, 278, 735, 444, 500, 222, 667,
    500, 500, 556, 222, 556, 222, 556, 292, 556, 334, 556, 222, 722, 556, 722, 556, 722, 556, 604,
    723, 556, 778, 556, 778, 556, 778, 556, 1000, 944, 722, 333, 722, 333, 722, 333, 667, 500, 667,
    500, 667, 500, 667, 500, 611, 278, 611, 375, 611, 278, 722, 556, 722, 556, 722, 556, 722, 556,
    722, 556, 722, 556, 944, 722, 667, 500, 667, 611, 500, 611, 500, 611, 500, 222,
];

/// Advance widths (1/1000 em) of Liberation Sans Bold for U+0020..=U+017F.
#[rustfmt::skip]
const BOLD: [u16; 352] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549,
    333, 333, 333, 576, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722,
    722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584,
    778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556,
    556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611, 611, 611, 611, 611, 556,
    611, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 719, 722,
    611, 667, 556, 667, 556, 667, 556, 667, 556, 667, 556, 778, 611, 778, 611, 778, 611, 778, 611,
    722, 611, 722, 611, 278, 278, 278, 278, 278, 278, 278, 278, 278, 278, 785, 556, 556, 278, 722,
    556, 556, 611, 278, 611, 278, 611, 385, 611, 479, 611, 278, 722, 611, 722, 611, 722, 611, 708,
    723, 611, 778, 611, 778, 611, 778, 611, 1000, 944, 722, 389, 722, 389, 722, 389, 667, 556, 667,
    556, 667, 556, 667, 556, 611, 333, 611, 479, 611, 333, 722, 611, 722, 611, 722, 611, 722, 611,
    722, 611, 722, 611, 944, 778, 667, 556, 667, 611, 500, 611, 500, 611, 500, 278,
];

/// Advance width of one character, in em.
pub fn advance_em(c: char, bold: bool) -> f64 {
    let cp = u32::from(c);
    if (0x20..0x180).contains(&cp) {
        let table = if bold { &BOLD } else { &REGULAR };
        let index = (cp - 0x20) as usize;
        return table
            .get(index)
            .map_or(DEFAULT_EM, |&w| f64::from(w) / 1000.0);
    }
    let (regular, heavy) = match cp {
        // Tab counts as a space; other C0 controls and zero-width characters take no room.
        0x09 => (0.278, 0.278),
        0x00..=0x1F | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFEFF => (0.0, 0.0),
        // Combining diacritical marks sit on the previous letter.
        0x0300..=0x036F => (0.0, 0.0),
        0x2002 => (0.5, 0.5),
        0x2003 => (1.0, 1.0),
        0x2009 | 0x202F => (0.2, 0.2),
        0x2010 | 0x2011 => (0.333, 0.333),
        0x2012 | 0x2013 => (0.556, 0.556),
        0x2014 | 0x2015 => (1.0, 1.0),
        0x2018..=0x201B => (0.222, 0.278),
        0x201C..=0x201F => (0.333, 0.5),
        0x2020 | 0x2021 => (0.556, 0.556),
        0x2022 => (0.35, 0.35),
        0x2026 | 0x2030 => (1.0, 1.0),
        0x2039 | 0x203A => (0.333, 0.333),
        0x2070..=0x209F => (0.333, 0.333),
        0x20AC => (0.556, 0.556),
        0x2212 => (0.584, 0.584),
        0x2248 | 0x2260 | 0x2264 | 0x2265 => (0.549, 0.549),
        // Hangul syllables and jamo, in Noto Sans CJK KR.
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF => {
            (HANGUL_EM, HANGUL_EM)
        }
        // CJK, kana, full-width forms and emoji: one em.
        0x2E80..=0x303F
        | 0x3040..=0x30FF
        | 0x3190..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => (1.0, 1.0),
        _ => (DEFAULT_EM, DEFAULT_EM * 1.05),
    };
    if bold {
        heavy
    } else {
        regular
    }
}

/// Width in pixels of `text` set in the picture font at `size_px`.
pub fn text_width(text: &str, size_px: f64, bold: bool) -> f64 {
    text.chars().map(|c| advance_em(c, bold)).sum::<f64>() * size_px.max(0.0)
}

/// Height of one line of text (ascent plus descent) at `size_px`.
pub fn line_height(size_px: f64) -> f64 {
    (ASCENT + DESCENT) * size_px.max(0.0)
}

/// Whether a character may start a new line on its own (CJK ideographs and
/// kana are set without spaces between words).
fn breaks_anywhere(c: char) -> bool {
    matches!(u32::from(c), 0x2E80..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF01..=0xFF60)
}

/// Splits one word that is wider than `max_width` into pieces that fit
/// (each at least one character, so that the result is never empty).
fn split_word(word: &str, max_width: f64, size: f64, bold: bool) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut width = 0.0;
    for c in word.chars() {
        let w = advance_em(c, bold) * size;
        if !current.is_empty() && width + w > max_width {
            pieces.push(std::mem::take(&mut current));
            width = 0.0;
        }
        current.push(c);
        width += w;
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Breaks `text` into lines no wider than `max_width` pixels at `size_px`:
/// between words where possible, inside a word (or between CJK characters)
/// where it must. Runs of white space collapse; an empty text gives no lines.
/// A line is only wider than `max_width` when one character is.
pub fn wrap(text: &str, max_width: f64, size_px: f64, bold: bool) -> Vec<String> {
    let space = advance_em(' ', bold) * size_px;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    for word in text.split_whitespace() {
        // Words of CJK text may break between any two characters.
        let pieces = if word.chars().any(breaks_anywhere) {
            word.chars().map(String::from).collect::<Vec<_>>()
        } else {
            vec![word.to_owned()]
        };
        let mut first_piece = true;
        for piece in pieces {
            let gap = if line.is_empty() || !first_piece {
                0.0
            } else {
                space
            };
            let w = text_width(&piece, size_px, bold);
            if width + gap + w <= max_width {
                if gap > 0.0 {
                    line.push(' ');
                }
                line.push_str(&piece);
                width += gap + w;
            } else {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut parts = split_word(&piece, max_width, size_px, bold);
                let last = parts.pop().unwrap_or_default();
                lines.extend(parts);
                width = text_width(&last, size_px, bold);
                line = last;
            }
            first_piece = false;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` unchanged if it fits in `max_width`, else its longest prefix that
/// fits with an ellipsis appended; empty if not even the ellipsis fits.
pub fn ellipsize(text: &str, max_width: f64, size_px: f64, bold: bool) -> String {
    if text_width(text, size_px, bold) <= max_width {
        return text.to_owned();
    }
    let budget = max_width - advance_em(ELLIPSIS, bold) * size_px;
    if budget < 0.0 {
        return String::new();
    }
    let mut out = String::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = advance_em(c, bold) * size_px;
        if width + w > budget {
            break;
        }
        out.push(c);
        width += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push(ELLIPSIS);
    out
}

/// [`wrap`] to at most `max_lines` lines, the last one ellipsized if text was cut.
pub fn wrap_lines(
    text: &str,
    max_width: f64,
    size_px: f64,
    bold: bool,
    max_lines: usize,
) -> Vec<String> {
    let mut lines = wrap(text, max_width, size_px, bold);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let cut = format!("{last}{ELLIPSIS}");
            *last = ellipsize(&cut, max_width, size_px, bold);
        }
        lines.retain(|l| !l.is_empty());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_widths_match_helvetica_metrics() {
        // "Poland" in Helvetica: P 667, o 556, l 222, a 556, n 556, d 556 = 3113/1000 em.
        assert!((text_width("Poland", 10.0, false) - 31.13).abs() < 1e-9);
        // Bold: P 667, o 611, l 278, a 556, n 611, d 611 = 3334.
        assert!((text_width("Poland", 10.0, true) - 33.34).abs() < 1e-9);
        assert!((text_width("0123456789", 1.0, false) - 5.56).abs() < 1e-9);
    }

    #[test]
    fn latin_extended_and_wide_scripts() {
        // ł (U+0142) is 222 like l; é is 556 like e.
        assert!((advance_em('ł', false) - 0.222).abs() < 1e-9);
        assert!((advance_em('é', false) - 0.556).abs() < 1e-9);
        assert!((text_width("북한", 12.0, false) - 2.0 * 0.92 * 12.0).abs() < 1e-9);
        assert!(
            (text_width("2017년 9월", 10.0, true) - text_width("2017 9", 10.0, true) - 2.0 * 9.2)
                .abs()
                < 1e-9
        );
        assert_eq!(text_width("北朝鮮", 10.0, true), 30.0);
        assert_eq!(text_width("", 12.0, false), 0.0);
        assert!((advance_em('Ж', false) - DEFAULT_EM).abs() < 1e-9);
    }

    #[test]
    fn wrap_keeps_every_line_within_width() {
        let text = "Work visas issued by the Polish consulate in Pyongyang to North Korean workers";
        for max in [40.0, 80.0, 120.0, 300.0] {
            let lines = wrap(text, max, 12.0, false);
            assert!(!lines.is_empty());
            for l in &lines {
                assert!(text_width(l, 12.0, false) <= max, "{l:?} wider than {max}");
            }
            let rejoined: String = lines
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(rejoined, original);
        }
        assert_eq!(wrap("a  b", 1000.0, 12.0, false), vec!["a b".to_owned()]);
        assert!(wrap("   ", 100.0, 12.0, false).is_empty());
    }

    #[test]
    fn wrap_breaks_cjk_and_overlong_words() {
        let lines = wrap("北朝鮮労働者の送還", 30.0, 10.0, false);
        assert!(lines.iter().all(|l| text_width(l, 10.0, false) <= 30.0));
        assert_eq!(lines.concat(), "北朝鮮労働者の送還");
        let long = "Supercalifragilisticexpialidocious";
        let lines = wrap(long, 50.0, 12.0, false);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), long);
        // A width narrower than one character still makes progress.
        assert_eq!(wrap("WW", 1.0, 12.0, false).len(), 2);
    }

    #[test]
    fn ellipsize_fits_or_is_empty() {
        assert_eq!(ellipsize("Qatar", 100.0, 12.0, false), "Qatar");
        let cut = ellipsize("Democratic Republic of the Congo", 80.0, 12.0, false);
        assert!(cut.ends_with(ELLIPSIS));
        assert!(text_width(&cut, 12.0, false) <= 80.0);
        assert_eq!(ellipsize("Qatar", 2.0, 12.0, false), "");
        let lines = wrap_lines("one two three four five six seven", 40.0, 12.0, false, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with(ELLIPSIS));
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 40.0));
    }
}
