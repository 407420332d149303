//! A chart per [`Figure`]: bars for counts per period, a line with dots for
//! levels at points in time.
//!
//! Dates keep their precision: a year's bar spans the year, a month's value
//! sits in the middle of the month with a whisker across it, never on a day.
//! A zero is drawn (a stub on the baseline) and labelled "0", so it does not
//! look missing; an approximate value is labelled "~400" and drawn hollow or
//! lighter. Notes on what a value covers get a marker and a line under the
//! chart, and the source is the footer.

use super::draw::{nice_ticks, Align, Canvas, Font, Scale};
use super::join_and;
use super::svg::Group;
use super::text::wrap_lines;
use super::{
    clamp_width, format_number, LabelPlacer, Picture, Rect, Table, TextAlternative, Theme,
};
use crate::date::{days_from_civil, Precision, When};
use crate::error::Result;
use crate::model::{Figure, FigureKind, FigureValue, Source};
use crate::query::fold;

/// What a figure chart may be told besides the figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FigureOptions<'a> {
    /// Prefix of the SVG's ids; unique on the page (default `fig-{figure id}`).
    pub id: Option<&'a str>,
    /// Name of the figure's country, for the title and description.
    pub country_name: Option<&'a str>,
}

/// Superscript markers for notes on what values cover.
const MARKERS: [&str; 9] = [
    "\u{b9}", "\u{b2}", "\u{b3}", "\u{2074}", "\u{2075}", "\u{2076}", "\u{2077}", "\u{2078}",
    "\u{2079}",
];

/// The marker of the `i`-th note.
fn marker(i: usize) -> String {
    MARKERS
        .get(i)
        .map_or_else(|| format!("({})", i + 1), |m| (*m).to_owned())
}

/// Days since 1970-01-01 just after the last day a date covers.
fn end_day(d: &When) -> f64 {
    let (y, m, day) = d.last_day();
    days_from_civil(y, m, day) as f64 + 1.0
}

/// A value as a chart label: `147`, `~400`, `≥400`, `≤600`, `400–600`, `peak 900`.
fn short_value(v: &FigureValue) -> String {
    let n = match (v.value, v.at_least, v.at_most) {
        (Some(x), _, _) => format_number(x),
        (None, Some(lo), Some(hi)) => format!("{}\u{2013}{}", format_number(lo), format_number(hi)),
        (None, Some(lo), None) => format!("\u{2265}{}", format_number(lo)),
        (None, None, Some(hi)) => format!("\u{2264}{}", format_number(hi)),
        (None, None, None) => String::new(),
    };
    let n = if v.approximate { format!("~{n}") } else { n };
    if v.peak {
        format!("peak {n}")
    } else {
        n
    }
}

/// A value in words: `147`, `about 400`, `at least 400`, `at most 600`,
/// `between 400 and 600`, `400 (peak)`.
fn long_value(v: &FigureValue) -> String {
    let n = match (v.value, v.at_least, v.at_most) {
        (Some(x), _, _) => format_number(x),
        (None, Some(lo), Some(hi)) => {
            format!("between {} and {}", format_number(lo), format_number(hi))
        }
        (None, Some(lo), None) => format!("at least {}", format_number(lo)),
        (None, None, Some(hi)) => format!("at most {}", format_number(hi)),
        (None, None, None) => String::new(),
    };
    let n = if v.approximate {
        format!("about {n}")
    } else {
        n
    };
    if v.peak {
        format!("{n} (peak)")
    } else {
        n
    }
}

/// The source lines of a figure: one "Source: …" line, or "Sources: a; b".
fn sources_line(sources: &[Source]) -> String {
    match sources {
        [one] => source_line(one),
        many => {
            let parts: Vec<String> = many
                .iter()
                .map(|s| {
                    source_line(s)
                        .strip_prefix("Source: ")
                        .map(str::to_owned)
                        .unwrap_or_default()
                })
                .collect();
            format!("Sources: {}", parts.join("; "))
        }
    }
}

/// "Source: publisher, “title”, date."
fn source_line(s: &Source) -> String {
    let mut line = format!("Source: {}", s.publisher.as_str());
    if let Some(t) = &s.title {
        line.push_str(&format!(", \u{201c}{}\u{201d}", t.as_str()));
    }
    if let Some(d) = &s.date {
        line.push_str(&format!(", {}", d.display_en()));
    }
    line
}

/// The word for the periods of per-period values: `year`, `month` or `period`.
fn period_word(values: &[&FigureValue]) -> &'static str {
    let mut precisions = values.iter().map(|v| v.date.precision());
    match precisions.next() {
        Some(first) if values.iter().all(|v| v.date.precision() == first) => match first {
            Precision::Year => "year",
            Precision::Half => "half year",
            Precision::Month => "month",
            Precision::Day => "day",
        },
        _ => "period",
    }
}

/// Notes on what values cover: each distinct text once, with its marker and dates.
struct CoverNote {
    text: String,
    marker: String,
    dates: Vec<String>,
}

fn cover_notes(values: &[&FigureValue]) -> Vec<CoverNote> {
    let mut notes: Vec<CoverNote> = Vec::new();
    for v in values {
        let Some(c) = &v.covers else { continue };
        let text = c.as_str().trim();
        if text.is_empty() {
            continue;
        }
        if let Some(n) = notes.iter_mut().find(|n| n.text == text) {
            n.dates.push(v.date.display_en());
        } else {
            notes.push(CoverNote {
                text: text.to_owned(),
                marker: marker(notes.len()),
                dates: vec![v.date.display_en()],
            });
        }
    }
    notes
}

/// The marker of a value's cover note, if it has one.
fn marker_of<'a>(v: &FigureValue, notes: &'a [CoverNote]) -> Option<&'a str> {
    let text = v.covers.as_ref()?.as_str().trim();
    notes
        .iter()
        .find(|n| n.text == text)
        .map(|n| n.marker.as_str())
}

/// Whether `text` contains the words of `words` in a row, compared as search
/// compares them ([`fold`]: case, accents and punctuation ignored), so
/// "Workers in CÔTE D’IVOIRE" names "Côte d'Ivoire" and "Nigeria" does not
/// name "Niger".
fn names_words(text: &str, words: &str) -> bool {
    let words = fold(words);
    !words.is_empty() && format!(" {} ", fold(text)).contains(&format!(" {words} "))
}

/// The text alternative of a figure chart.
fn figure_alt(fig: &Figure, values: &[&FigureValue], opts: &FigureOptions) -> TextAlternative {
    let metric = fig.metric.as_str();
    let unit = fig.unit.as_str();
    // The country is appended unless the metric already names it
    // ("North Korean workers employed in Poland", not "…in Poland, Poland").
    let title = match opts.country_name.map(str::trim) {
        Some(c) if !c.is_empty() && !names_words(metric, c) => format!("{metric}, {c}"),
        _ => metric.to_owned(),
    };
    let mut description = String::new();
    if values.is_empty() {
        description.push_str(&format!("{metric}: no values to chart."));
    } else {
        let kind = match fig.kind {
            FigureKind::PerPeriod => {
                format!("Bar chart of {unit} per {}", period_word(values))
            }
            FigureKind::Level => format!("Line chart of {unit} at the dates reported"),
        };
        let described = |v: &&FigureValue| {
            let mut s = format!("{} in {}", long_value(v), v.date.display_en());
            if let Some(c) = &v.covers {
                if !c.as_str().trim().is_empty() {
                    s.push_str(&format!(" ({})", c.as_str().trim()));
                }
            }
            s
        };
        if values.len() <= 12 {
            let items: Vec<String> = values.iter().map(described).collect();
            description.push_str(&format!("{kind}: {}.", join_and(&items)));
        } else {
            let first = values
                .first()
                .map(|v| v.date.display_en())
                .unwrap_or_default();
            let last = values
                .last()
                .map(|v| v.date.display_en())
                .unwrap_or_default();
            let min = values.iter().min_by(|a, b| a.point().total_cmp(&b.point()));
            let max = values.iter().max_by(|a, b| a.point().total_cmp(&b.point()));
            description.push_str(&format!(
                "{kind}: {} values from {first} to {last}",
                values.len()
            ));
            if let (Some(min), Some(max)) = (min, max) {
                description.push_str(&format!(
                    ", lowest {}, highest {}",
                    described(min),
                    described(max)
                ));
            }
            description.push('.');
        }
    }
    if let Some(note) = &fig.note {
        if !note.as_str().trim().is_empty() {
            description.push_str(&format!(" {}", note.as_str().trim()));
            if !description.ends_with('.') {
                description.push('.');
            }
        }
    }
    description.push_str(&format!(" {}.", sources_line(&fig.sources)));
    let table = Table {
        caption: format!("{title} ({unit})"),
        headers: vec![
            "Date".to_owned(),
            format!("{metric} ({unit})"),
            "Note".to_owned(),
        ],
        rows: values
            .iter()
            .map(|v| {
                vec![
                    v.date.display_en(),
                    long_value(v),
                    v.covers
                        .as_ref()
                        .map(|c| c.as_str().trim().to_owned())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    };
    TextAlternative {
        title,
        description,
        table,
    }
}

/// Renders `fig` as a chart `width` px wide (clamped to 280..=1200).
pub fn render_figure(fig: &Figure, width: f64, theme: &Theme) -> Result<Picture> {
    render_figure_with(fig, width, theme, &FigureOptions::default())
}

/// Fonts and spacing of a figure chart at one width.
struct Style {
    pad: f64,
    title: Font,
    subtitle: Font,
    label: Font,
    value: Font,
    note: Font,
}

impl Style {
    fn for_width(width: f64) -> Style {
        let narrow = width < 400.0;
        Style {
            pad: if narrow { 8.0 } else { 12.0 },
            title: Font::new(if narrow { 15.0 } else { 17.0 }, true),
            subtitle: Font::new(if narrow { 12.0 } else { 13.0 }, false),
            label: Font::new(if narrow { 11.0 } else { 12.0 }, false),
            value: Font::new(if narrow { 11.0 } else { 12.0 }, true),
            note: Font::new(11.0, false),
        }
    }
}

/// [`render_figure`] with options (id prefix, country name).
pub fn render_figure_with(
    fig: &Figure,
    width: f64,
    theme: &Theme,
    opts: &FigureOptions,
) -> Result<Picture> {
    let width = clamp_width(width);
    let st = Style::for_width(width);
    let inner = width - 2.0 * st.pad;
    let mut values: Vec<&FigureValue> = fig
        .values
        .iter()
        .filter(|v| v.point().is_finite())
        .collect();
    super::sort_stable(&mut values, &|a, b| a.date.cmp(&b.date));
    let notes = cover_notes(&values);
    let alt = figure_alt(fig, &values, opts);

    let id = opts
        .id
        .map_or_else(|| format!("fig-{}", fig.id), str::to_owned);
    let canvas = Canvas::new(&id, width, theme.font_family);
    canvas.doc(|d| d.add_root_class("figure-chart"))?;
    let mut y = st.pad;

    let title = wrap_lines(&alt.title, inner, st.title.size, true, 3);
    y = canvas.lines(&title, st.pad, y, st.title, theme.text, Align::Left, 2.0)? + 4.0;
    let subtitle = match fig.kind {
        FigureKind::PerPeriod => format!("{} per {}", fig.unit.as_str(), period_word(&values)),
        FigureKind::Level => format!("{}, at the dates reported", fig.unit.as_str()),
    };
    let subtitle = wrap_lines(&subtitle, inner, st.subtitle.size, false, 2);
    y = canvas.lines(
        &subtitle,
        st.pad,
        y,
        st.subtitle,
        theme.muted,
        Align::Left,
        2.0,
    )? + 10.0;

    if values.is_empty() {
        let msg = wrap_lines("No values to chart.", inner, st.label.size, false, 1);
        y = canvas.lines(&msg, st.pad, y, st.label, theme.muted, Align::Left, 2.0)? + 10.0;
    } else {
        y = draw_plot(&canvas, fig.kind, &values, &notes, y, &st, theme)? + 10.0;
    }

    // Notes: approximate values, what values cover, the figure's note, the source.
    let mut footer: Vec<String> = Vec::new();
    if values.iter().any(|v| v.approximate) {
        footer.push(match fig.kind {
            FigureKind::PerPeriod => "~ Approximate value (lighter bar).".to_owned(),
            FigureKind::Level => "~ Approximate value (hollow dot).".to_owned(),
        });
    }
    for n in &notes {
        footer.push(format!("{} {}: {}", n.marker, join_and(&n.dates), n.text));
    }
    if let Some(note) = &fig.note {
        if !note.as_str().trim().is_empty() {
            footer.push(note.as_str().trim().to_owned());
        }
    }
    for item in &footer {
        let lines = wrap_lines(item, inner, st.note.size, false, 6);
        y = canvas.lines(&lines, st.pad, y, st.note, theme.muted, Align::Left, 1.0)? + 3.0;
    }
    let source = wrap_lines(&sources_line(&fig.sources), inner, st.note.size, false, 4);
    canvas.open(Group::new().class("source"))?;
    y = canvas.lines(
        &source,
        st.pad,
        y + 3.0,
        st.note,
        theme.muted,
        Align::Left,
        1.0,
    )?;
    canvas.close()?;
    y += st.pad;

    let height = y.ceil();
    let svg = canvas.finish(height, &alt.title, &alt.description, theme.background)?;
    Ok(Picture { svg, height, alt })
}

/// Draws axes, bars or line and dots, value and date labels from `top`;
/// returns the y below the date labels.
fn draw_plot(
    canvas: &Canvas,
    kind: FigureKind,
    values: &[&FigureValue],
    notes: &[CoverNote],
    top: f64,
    st: &Style,
    theme: &Theme,
) -> Result<f64> {
    let width = canvas.width();
    let plot_h = (width * 0.4).clamp(130.0, 260.0);
    let vmin = values.iter().map(|v| v.point()).fold(0.0, f64::min);
    let vmax = values.iter().map(|v| v.point()).fold(0.0, f64::max);
    let max_ticks = ((plot_h / 40.0) as usize).clamp(3, 6);
    let ticks = nice_ticks(vmin, vmax, max_ticks);
    let d0 = ticks.first().copied().unwrap_or(0.0);
    let mut d1 = ticks.last().copied().unwrap_or(1.0);
    if d1 <= d0 {
        d1 = d0 + 1.0;
    }
    let tick_labels: Vec<String> = ticks.iter().map(|t| format_number(*t)).collect();
    let axis_w = tick_labels
        .iter()
        .map(|t| st.label.width(t))
        .fold(0.0, f64::max)
        .min(width * 0.3);
    let plot_left = st.pad + axis_w + 6.0;
    let plot_right = width - st.pad;
    let headroom = st.value.height() + 5.0;
    let plot_top = top + headroom;
    let plot_bottom = plot_top + plot_h;
    let ys = Scale::new(d0, d1, plot_bottom, plot_top);
    let base = ys.map(0.0);

    let mut placer = LabelPlacer::new(Some(Rect::new(0.0, top, width, 1e9)), 2.0);

    // Grid and tick labels.
    canvas.open(Group::new().class("axis").class("y-axis"))?;
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let py = ys.map(*t);
        if *t != 0.0 {
            canvas.path(&[(plot_left, py), (plot_right, py)], theme.grid, 1)?;
        }
        let rect = st.label.rect(
            label,
            plot_left - 6.0,
            py - st.label.height() / 2.0,
            Align::Right,
        );
        if placer.place(rect) {
            canvas.text(
                label,
                plot_left - 6.0,
                rect.y,
                st.label,
                theme.muted,
                Align::Right,
            )?;
        }
    }
    canvas.close()?;

    // The x scale: the periods' full extent, with room around points.
    let x0 = values
        .iter()
        .map(|v| v.date.day_number() as f64)
        .fold(f64::INFINITY, f64::min);
    let x1 = values
        .iter()
        .map(|v| end_day(&v.date))
        .fold(f64::NEG_INFINITY, f64::max);
    let (x0, x1) = match kind {
        FigureKind::PerPeriod => (x0, x1),
        FigureKind::Level => {
            let pad = ((x1 - x0) * 0.1).max(20.0);
            (x0 - pad, x1 + pad)
        }
    };
    let xs = Scale::new(x0, x1, plot_left, plot_right);

    let mut value_labels: Vec<(String, f64, f64, f64)> = Vec::new(); // text, x, top-above, top-below
    let mut marks: Vec<Rect> = Vec::new(); // bars and dots: labels keep off them
    let mut date_labels: Vec<(String, f64)> = Vec::new();
    let value_text = |v: &FigureValue| {
        let mut s = short_value(v);
        if let Some(m) = marker_of(v, notes) {
            s.push_str(m);
        }
        s
    };

    match kind {
        FigureKind::PerPeriod => {
            canvas.open(Group::new().class("bars"))?;
            for v in values {
                let px0 = xs.map(v.date.day_number() as f64);
                let px1 = xs.map(end_day(&v.date));
                let gap = ((px1 - px0) * 0.15).clamp(1.0, 14.0);
                let (mut bx0, mut bx1) = (px0 + gap, px1 - gap);
                if bx1 - bx0 < 4.0 {
                    let c = (px0 + px1) / 2.0;
                    bx0 = c - 2.0;
                    bx1 = c + 2.0;
                }
                let cx = (bx0 + bx1) / 2.0;
                let py = ys.map(v.point());
                let mut group = Group::new()
                    .class("bar")
                    .data("date", &v.date.to_string())
                    .title(&format!("{}: {}", v.date.display_en(), long_value(v)));
                if v.approximate {
                    group = group.class("approximate");
                }
                if v.point() == 0.0 {
                    group = group.class("zero");
                }
                canvas.open(group)?;
                if v.point() == 0.0 {
                    // A zero is a visible stub on the baseline, not a gap.
                    canvas.rect((bx0, base - 3.0), (bx1, base), theme.accent)?;
                } else if v.approximate {
                    let light = theme.accent.mix(theme.background, 0.55);
                    canvas.rect((bx0, py.min(base)), (bx1, py.max(base)), light)?;
                    canvas.rect_outline(
                        (bx0, py.min(base)),
                        (bx1, py.max(base)),
                        theme.accent,
                        1,
                    )?;
                } else {
                    canvas.rect((bx0, py.min(base)), (bx1, py.max(base)), theme.accent)?;
                }
                canvas.close()?;
                let above = py.min(base)
                    - 3.0
                    - st.value.height()
                    - if v.point() == 0.0 { 3.0 } else { 0.0 };
                let below = py.max(base) + 3.0;
                let (first, second) = if v.point() < 0.0 {
                    (below, above)
                } else {
                    (above, below)
                };
                let (top_y, bottom_y) = if v.point() == 0.0 {
                    (base - 3.0, base)
                } else {
                    (py.min(base), py.max(base))
                };
                marks.push(Rect::new(bx0, top_y, bx1 - bx0, bottom_y - top_y));
                value_labels.push((value_text(v), cx, first, second));
                date_labels.push((v.date.display_short_en(), (px0 + px1) / 2.0));
            }
            canvas.close()?;
        }
        FigureKind::Level => {
            let points: Vec<(f64, f64)> = values
                .iter()
                .map(|v| (xs.map(v.date.mid_day_number()), ys.map(v.point())))
                .collect();
            canvas.open(Group::new().class("line"))?;
            // Whiskers across the month or year a value is dated to.
            for (v, &(_, py)) in values.iter().zip(&points) {
                if v.date.precision() != Precision::Day {
                    let wx0 = xs.map(v.date.day_number() as f64);
                    let wx1 = xs.map(end_day(&v.date));
                    if wx1 - wx0 >= 6.0 {
                        let c = theme.accent.mix(theme.background, 0.4);
                        canvas.path(&[(wx0, py), (wx1, py)], c, 2)?;
                        canvas.path(&[(wx0, py - 3.0), (wx0, py + 3.0)], c, 1)?;
                        canvas.path(&[(wx1, py - 3.0), (wx1, py + 3.0)], c, 1)?;
                    }
                }
            }
            if points.len() > 1 {
                canvas.path(&points, theme.accent, 2)?;
            }
            canvas.close()?;
            canvas.open(Group::new().class("dots"))?;
            let r = 4.5;
            for (v, &(px, py)) in values.iter().zip(&points) {
                let mut group = Group::new()
                    .class("dot")
                    .data("date", &v.date.to_string())
                    .title(&format!("{}: {}", v.date.display_en(), long_value(v)));
                if v.approximate {
                    group = group.class("approximate");
                }
                canvas.open(group)?;
                if v.approximate {
                    canvas.circle((px, py), r, theme.background, true, 1)?;
                    canvas.circle((px, py), r - 1.0, theme.accent, false, 2)?;
                } else {
                    canvas.circle((px, py), r, theme.accent, true, 1)?;
                }
                canvas.close()?;
                let above = py - r - 4.0 - st.value.height();
                let below = py + r + 4.0;
                let (first, second) = if v.point() < 0.0 {
                    (below, above)
                } else {
                    (above, below)
                };
                marks.push(Rect::new(px - r, py - r, 2.0 * r, 2.0 * r));
                value_labels.push((value_text(v), px, first, second));
                date_labels.push((v.date.display_short_en(), px));
            }
            canvas.close()?;
        }
    }

    // The baseline, over the bars' feet.
    canvas.open(Group::new().class("axis").class("baseline"))?;
    canvas.path(&[(plot_left, base), (plot_right, base)], theme.axis, 1)?;
    canvas.close()?;

    // Value labels: above (or below) each mark, dropped where they would collide.
    // Reserve the marks' date labels' row first so value labels never sit on it.
    // Below the plot, clear of the lowest tick label (centred on the bottom line).
    let date_top = plot_bottom + st.label.height() / 2.0 + 3.0;
    let tick_boxes: Vec<Rect> = placer.placed().to_vec();
    for m in &marks {
        placer.reserve(*m);
    }
    placer.reserve(Rect::new(0.0, date_top, width, st.label.height()));
    canvas.open(Group::new().class("value-labels"))?;
    for (label, x, first, second) in &value_labels {
        for top in [*first, *second] {
            let rect = fit_inside(st.value.rect(label, *x, top, Align::Center), width);
            if placer.place(rect) {
                canvas.text(label, rect.x, rect.y, st.value, theme.text, Align::Left)?;
                break;
            }
        }
    }
    canvas.close()?;

    // Date labels: first and last first, then the others, each dropped if it collides.
    let mut dates = LabelPlacer::new(Some(Rect::new(0.0, date_top - 1.0, width, 1e9)), 6.0);
    for b in tick_boxes {
        dates.reserve(b);
    }
    let n = date_labels.len();
    let order = [0, n.saturating_sub(1)]
        .into_iter()
        .chain(1..n.saturating_sub(1))
        .take(n)
        .collect::<Vec<_>>();
    let mut seen = vec![false; n];
    canvas.open(Group::new().class("axis").class("x-axis"))?;
    for i in order {
        let (Some((label, x)), Some(done)) = (date_labels.get(i), seen.get_mut(i)) else {
            continue;
        };
        if *done {
            continue;
        }
        *done = true;
        let rect = fit_inside(st.label.rect(label, *x, date_top, Align::Center), width);
        if dates.place(rect) {
            canvas.text(label, rect.x, rect.y, st.label, theme.muted, Align::Left)?;
        }
    }
    canvas.close()?;
    Ok(date_top + st.label.height())
}

/// Shifts a label box sideways so that it lies within the picture, 2 px from its edges.
fn fit_inside(rect: Rect, width: f64) -> Rect {
    let mut r = rect;
    if r.right() > width - 2.0 {
        r.x = width - 2.0 - r.w;
    }
    if r.x < 2.0 {
        r.x = 2.0;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;
    use crate::PartialDate;

    fn value(date: &str, v: f64, approximate: bool, covers: Option<&str>) -> FigureValue {
        FigureValue {
            date: (PartialDate::parse(date).unwrap()).into(),
            value: Some(v),
            at_least: None,
            at_most: None,
            peak: false,
            approximate,
            covers: covers.map(Text::from),
            source: None,
            confidence: None,
            note: None,
        }
    }

    fn figure(kind: FigureKind, values: Vec<FigureValue>) -> Figure {
        Figure {
            id: "f".into(),
            country: "PL".into(),
            metric: Text::from("Work visas issued"),
            unit: Text::from("visas"),
            kind,
            values,
            sources: vec![Source {
                publisher: Text::from("Example News"),
                url: "https://example.com".into(),
                title: None,
                title_inferred: false,
                date: None,
                quote: None,
            }],
            confidence: None,
            note: None,
        }
    }

    #[test]
    fn describes_values_in_words() {
        let fig = figure(
            FigureKind::Level,
            vec![
                value("2016-07", 550.0, false, None),
                value("2017-01", 400.0, true, None),
            ],
        );
        let pic = render_figure(&fig, 600.0, &Theme::light()).unwrap();
        assert!(pic
            .alt
            .description
            .contains("550 in July 2016 and about 400 in January 2017"));
        assert_eq!(pic.alt.table.rows.len(), 2);
        assert_eq!(pic.alt.table.rows[1][1], "about 400");
    }

    #[test]
    fn title_names_the_country_once() {
        let mut fig = figure(
            FigureKind::Level,
            vec![value("2016-07", 550.0, false, None)],
        );
        let opts = FigureOptions {
            id: None,
            country_name: Some("Poland"),
        };
        let title = |fig: &Figure| {
            render_figure_with(fig, 600.0, &Theme::light(), &opts)
                .unwrap()
                .alt
                .title
        };
        assert_eq!(title(&fig), "Work visas issued, Poland");
        fig.metric = Text::from("North Korean workers employed in Poland");
        assert_eq!(title(&fig), "North Korean workers employed in Poland");
        fig.metric = Text::from("Workers in POLAND");
        assert_eq!(title(&fig), "Workers in POLAND");
        fig.metric = Text::from("Workers in Polandia");
        assert_eq!(title(&fig), "Workers in Polandia, Poland");
    }

    #[test]
    fn country_in_metric_is_found_across_case_and_accents() {
        assert!(names_words(
            "Travailleurs en CÔTE D’IVOIRE",
            "Côte d'Ivoire"
        ));
        assert!(names_words("Workers (Türkiye)", "TÜRKIYE"));
        assert!(!names_words("Workers in Nigeria", "Niger"));
        assert!(!names_words("Workers", "—"));
    }

    #[test]
    fn a_year_bar_spans_its_year() {
        let fig = figure(
            FigureKind::PerPeriod,
            vec![
                value("2014", 147.0, false, None),
                value("2015", 129.0, false, None),
            ],
        );
        let pic = render_figure(&fig, 600.0, &Theme::light()).unwrap();
        // Two bars of equal width, each most of half the plot.
        let widths: Vec<f64> = pic
            .svg
            .split("<g class=\"bar\"")
            .skip(1)
            .filter_map(|s| {
                let w = s.split("width=\"").nth(1)?.split('"').next()?;
                w.parse().ok()
            })
            .collect();
        assert_eq!(widths.len(), 2);
        assert!((widths[0] - widths[1]).abs() <= 1.0);
        assert!(widths[0] > 150.0, "{widths:?}");
    }

    #[test]
    fn markers_number_distinct_cover_notes() {
        let values = [
            value("2016", 0.0, false, Some("one consulate")),
            value("2017", 0.0, false, Some("one consulate")),
            value("2018", 1.0, false, Some("to June")),
        ];
        let refs: Vec<&FigureValue> = values.iter().collect();
        let notes = cover_notes(&refs);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].dates, vec!["2016".to_owned(), "2017".to_owned()]);
        assert_eq!(marker(0), "\u{b9}");
        assert_eq!(marker(12), "(13)");
    }
}
