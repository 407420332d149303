//! A chart per [`Figure`]: bars for counts per period, a line with dots for
//! levels at points in time.
//!
//! Dates keep their precision: a year's bar spans the year, a month's value
//! sits in the middle of the month with a whisker across it, never on a day.
//! A zero is drawn (a stub on the baseline) and labelled "0", so it does not
//! look missing; an approximate value is labelled "~400" and drawn hollow or
//! lighter. Notes on what a value covers get a marker and a line under the
//! chart, and the source is the footer.
//!
//! Schema_version 2 values are drawn as they are known: a lower bound
//! ("≥ 120") as a bar or dot with an arrow up, its open end; an upper bound
//! ("≤ 40") as a dashed outline (bars) or a dot with an arrow down; both
//! ("120-300") as a whisker between them; a peak of a period across the
//! period; a value of medium or low confidence with a dashed or dotted
//! outline and a "?". Values that different sources give for the same date
//! are both drawn, side by side, each source in its own colour and shape
//! named in a legend, with the values' notes under the chart. The text
//! alternative says bound, source and confidence per value.

use super::draw::{nice_ticks, Align, Canvas, Font, Scale};
use super::join_and;
use super::svg::Group;
use super::text::{wrap, wrap_lines};
use super::{
    clamp_width, format_number, LabelPlacer, Picture, Rect, Rgb, Table, TextAlternative, Theme,
};
use crate::date::{days_from_civil, Precision, When};
use crate::error::Result;
use crate::model::Measure;
use crate::model::{Confidence, Figure, FigureKind, FigureValue, Source};
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

/// What a value is known as: given, a lower or upper bound, or both.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    /// The value itself.
    Exact,
    /// Only a lower bound.
    AtLeast,
    /// Only an upper bound.
    AtMost,
    /// Between two bounds (lower, upper).
    Range(f64, f64),
}

/// How `v` is bounded.
fn bound(v: &FigureValue) -> Bound {
    match (v.value, v.at_least, v.at_most) {
        (None, Some(lo), Some(hi)) => Bound::Range(lo, hi),
        (None, Some(_), None) => Bound::AtLeast,
        (None, None, Some(_)) => Bound::AtMost,
        _ => Bound::Exact,
    }
}

/// The highest number drawn for `v`: its upper bound for a range, else its point.
fn top_point(v: &FigureValue) -> f64 {
    match bound(v) {
        Bound::Range(lo, hi) => lo.max(hi),
        _ => v.point(),
    }
}

/// Whether a value's confidence is medium or low (marked with "?").
fn doubtful(v: &FigureValue) -> bool {
    matches!(v.confidence, Some(Confidence::Medium | Confidence::Low))
}

/// A value as a chart label: `147`, `~400`, `≥ 400`, `≤ 600`, `400-600`,
/// `peak 900`, and `?` after a value of medium or low confidence.
fn short_value(v: &FigureValue) -> String {
    let approx = if v.approximate { "~" } else { "" };
    let num = |x: f64| format!("{approx}{}", format_number(x));
    let n = match (v.value, v.at_least, v.at_most) {
        (Some(x), _, _) => num(x),
        (None, Some(lo), Some(hi)) => format!("{}-{}", num(lo), format_number(hi)),
        (None, Some(lo), None) => format!("\u{2265} {}", num(lo)),
        (None, None, Some(hi)) => format!("\u{2264} {}", num(hi)),
        (None, None, None) => String::new(),
    };
    let n = if v.peak { format!("peak {n}") } else { n };
    if doubtful(v) {
        format!("{n}?")
    } else {
        n
    }
}

/// The table's word for how a value is known.
fn bound_words(v: &FigureValue) -> &'static str {
    match (bound(v), v.peak, v.approximate) {
        (Bound::AtLeast, _, _) => "lower bound",
        (Bound::AtMost, _, _) => "upper bound",
        (Bound::Range(..), _, _) => "between bounds",
        (Bound::Exact, true, _) => "peak of the period",
        (Bound::Exact, false, true) => "approximate",
        (Bound::Exact, false, false) => "exact",
    }
}

/// The table's and description's words for a confidence.
fn confidence_words(c: Option<Confidence>) -> &'static str {
    match c {
        Some(Confidence::High) => "high",
        Some(Confidence::Medium) => "medium?",
        Some(Confidence::Low) => "low?",
        None => "not given",
    }
}

/// The name of the figure's `i`-th source: its publisher, with its title
/// (or its number) when another source has the same publisher.
fn source_label(fig: &Figure, i: usize) -> String {
    let Some(source) = fig.sources.get(i) else {
        return String::new();
    };
    let publisher = source.publisher.as_str();
    let shared = fig
        .sources
        .iter()
        .filter(|s| s.publisher.as_str() == publisher)
        .count()
        > 1;
    match (&source.title, shared) {
        (_, false) => publisher.to_owned(),
        (Some(t), true) => format!("{publisher}, \u{201c}{}\u{201d}", t.as_str()),
        (None, true) => format!("{publisher} ({})", i + 1),
    }
}

/// The name of the value's source (the first when it names none).
fn publisher_of(fig: &Figure, v: &FigureValue) -> String {
    let i = v.source_index();
    source_label(fig, if i < fig.sources.len() { i } else { 0 })
}

/// Whether two values of the same date come from different sources (both
/// are kept and drawn side by side).
fn has_conflicts(values: &[&FigureValue]) -> bool {
    values.iter().enumerate().any(|(i, a)| {
        values
            .iter()
            .skip(i + 1)
            .any(|b| a.date == b.date && a.source_index() != b.source_index())
    })
}

/// For each value, its place among the values of its date and their number.
fn slots(values: &[&FigureValue]) -> Vec<(usize, usize)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let same = |w: &&&FigureValue| w.date == v.date;
            let k = values.iter().take(i).filter(same).count();
            (k, values.iter().filter(same).count())
        })
        .collect()
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
        let conflicts = has_conflicts(values);
        let described = |v: &&FigureValue| {
            let mut s = format!("{} in {}", long_value(v), v.date.display_en());
            if let Some(c) = &v.covers {
                if !c.as_str().trim().is_empty() {
                    s.push_str(&format!(" ({})", c.as_str().trim()));
                }
            }
            if conflicts {
                s.push_str(&format!(" according to {}", publisher_of(fig, v)));
            }
            if doubtful(v) {
                s.push_str(&format!(
                    " ({} confidence)",
                    confidence_words(v.confidence).trim_end_matches('?')
                ));
            }
            if let Some(n) = &v.note {
                if !n.as_str().trim().is_empty() {
                    s.push_str(&format!(" ({})", n.as_str().trim().trim_end_matches('.')));
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
        if conflicts {
            description.push_str(
                " Where two sources give different values for the same date, both are kept and drawn side by side.",
            );
        }
    }
    if let Some(c) = fig.confidence {
        description.push_str(&format!(
            " Confidence in the series: {}.",
            confidence_words(Some(c)).trim_end_matches('?')
        ));
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
    // Bound, source and confidence columns only when the figure has them.
    let with_bound = values.iter().any(|v| v.is_bound() || v.peak);
    let with_source = fig.sources.len() > 1;
    let with_confidence = values.iter().any(|v| v.confidence.is_some());
    let mut headers = vec!["Date".to_owned(), format!("{metric} ({unit})")];
    for (on, name) in [
        (with_bound, "Bound"),
        (with_source, "Source"),
        (with_confidence, "Confidence"),
    ] {
        if on {
            headers.push(name.to_owned());
        }
    }
    headers.push("Note".to_owned());
    let table = Table {
        caption: format!("{title} ({unit})"),
        headers,
        rows: values
            .iter()
            .map(|v| {
                let mut row = vec![v.date.display_en(), long_value(v)];
                if with_bound {
                    row.push(bound_words(v).to_owned());
                }
                if with_source {
                    row.push(publisher_of(fig, v));
                }
                if with_confidence {
                    row.push(confidence_words(v.confidence).to_owned());
                }
                let note: Vec<&str> = [v.covers.as_ref(), v.note.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|t| t.as_str().trim())
                    .filter(|t| !t.is_empty())
                    .collect();
                row.push(note.join("; "));
                row
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
        let conflicts = has_conflicts(&values);
        if conflicts {
            y = draw_source_legend(&canvas, fig, &values, y, &st, theme)? + 6.0;
        }
        let plot = Plot {
            fig,
            values: &values,
            notes: &notes,
            conflicts,
        };
        y = draw_plot(&canvas, &plot, y, &st, theme)? + 10.0;
    }

    // Notes: approximate values, what values cover, the figure's note, the
    // source, each wrapped whole (never cut with an ellipsis: on a phone a
    // long note takes more lines; issue 10).
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
    footer.extend(v2_footer(fig, &values));
    if let Some(note) = &fig.note {
        if !note.as_str().trim().is_empty() {
            footer.push(note.as_str().trim().to_owned());
        }
    }
    for item in &footer {
        let lines = wrap(item, inner, st.note.size, false);
        y = canvas.lines(&lines, st.pad, y, st.note, theme.muted, Align::Left, 1.0)? + 3.0;
    }
    let source = wrap(&sources_line(&fig.sources), inner, st.note.size, false);
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

/// The footer's lines on bounds, peaks, confidence and values sources
/// disagree on: only those the values have.
fn v2_footer(fig: &Figure, values: &[&FigureValue]) -> Vec<String> {
    let any = |f: &dyn Fn(&FigureValue) -> bool| values.iter().any(|v| f(v));
    let bars = fig.kind == FigureKind::PerPeriod;
    let mut out = Vec::new();
    if any(&|v| bound(v) == Bound::AtLeast) {
        out.push(format!(
            "\u{2265} At least: the {} is the lower bound, the arrow up its open end.",
            if bars { "bar" } else { "dot" }
        ));
    }
    if any(&|v| bound(v) == Bound::AtMost) {
        out.push(if bars {
            "\u{2264} At most: a dashed outline up to the upper bound.".to_owned()
        } else {
            "\u{2264} At most: the dot is the upper bound, the arrow down its open end.".to_owned()
        });
    }
    if any(&|v| matches!(bound(v), Bound::Range(..))) {
        out.push("a-b Between two bounds: the whisker spans them.".to_owned());
    }
    if any(&|v| v.peak) {
        out.push("Peak: the highest value of the period, drawn across it.".to_owned());
    }
    for (c, how) in [(Confidence::Medium, "dashed"), (Confidence::Low, "dotted")] {
        if any(&|v| v.confidence == Some(c)) {
            out.push(format!(
                "? {} confidence ({how} outline).",
                if c == Confidence::Medium {
                    "Medium"
                } else {
                    "Low"
                }
            ));
        }
    }
    if has_conflicts(values) {
        out.push("Sources differ for some dates: both values are drawn side by side.".to_owned());
        for v in values {
            if let Some(n) = v.note.as_ref().filter(|n| !n.as_str().trim().is_empty()) {
                out.push(format!(
                    "{}, {}: {}",
                    v.date.display_short_en(),
                    publisher_of(fig, v),
                    n.as_str().trim()
                ));
            }
        }
    }
    out
}

/// Colours of the values of each source when sources disagree: the
/// accent, then two measure colours (each >= 3:1 against the background).
fn source_ink(theme: &Theme, series: usize) -> Rgb {
    match series {
        0 => theme.accent,
        1 => theme.measure(Measure::Expulsion).fill,
        _ => theme.measure(Measure::EmploymentApprovalHalt).fill,
    }
}

/// The legend naming each source whose values are drawn, with its colour
/// and mark (bars: squares; levels: a circle for the first, squares for the
/// others); returns the y below it.
fn draw_source_legend(
    canvas: &Canvas,
    fig: &Figure,
    values: &[&FigureValue],
    top: f64,
    st: &Style,
    theme: &Theme,
) -> Result<f64> {
    let width = canvas.width();
    let font = st.label;
    let line_h = font.height().max(12.0) + 4.0;
    let (mut x, mut y) = (st.pad, top);
    canvas.open(Group::new().class("legend").class("source-legend"))?;
    for i in 0..fig.sources.len() {
        if !values.iter().any(|v| v.source_index() == i) {
            continue;
        }
        let label = super::text::ellipsize(
            &source_label(fig, i),
            width - 2.0 * st.pad - 16.0,
            font.size,
            font.bold,
        );
        let w = 16.0 + font.width(&label);
        if x > st.pad && x + w > width - st.pad {
            x = st.pad;
            y += line_h;
        }
        let cy = y + line_h / 2.0 - 2.0;
        canvas.open(
            Group::new()
                .class("legend-item")
                .data("source", &i.to_string()),
        )?;
        let ink = source_ink(theme, i);
        if i == 0 && fig.kind == FigureKind::Level {
            canvas.circle((x + 5.0, cy), 4.5, ink, true, 1)?;
        } else {
            canvas.rect((x + 1.0, cy - 4.0), (x + 9.0, cy + 4.0), ink)?;
        }
        canvas.text(
            &label,
            x + 16.0,
            cy - font.height() / 2.0,
            font,
            theme.text,
            Align::Left,
        )?;
        canvas.close()?;
        x += w + 14.0;
    }
    canvas.close()?;
    Ok(y + line_h)
}

/// What [`draw_plot`] draws: the figure, the values in date order,
/// the cover notes and whether sources disagree on a date.
struct Plot<'a> {
    fig: &'a Figure,
    values: &'a [&'a FigureValue],
    notes: &'a [CoverNote],
    conflicts: bool,
}

/// Draws an arrowhead (chevron) at `(x, y)` pointing up or down: a bound's open end.
fn chevron(canvas: &Canvas, (x, y): (f64, f64), up: bool, ink: Rgb) -> Result<()> {
    let d = if up { 4.0 } else { -4.0 };
    canvas.path(&[(x - 4.0, y + d), (x, y), (x + 4.0, y + d)], ink, 2)
}

/// Draws a vertical whisker with caps from `y0` to `y1` at `x`: two bounds.
fn whisker(canvas: &Canvas, x: f64, (y0, y1): (f64, f64), ink: Rgb) -> Result<()> {
    canvas.path(&[(x, y0), (x, y1)], ink, 2)?;
    canvas.path(&[(x - 4.0, y0), (x + 4.0, y0)], ink, 2)?;
    canvas.path(&[(x - 4.0, y1), (x + 4.0, y1)], ink, 2)
}

/// Opens a group whose strokes are dashed (medium confidence) or dotted (low).
fn open_doubt(canvas: &Canvas, c: Option<Confidence>) -> Result<bool> {
    let dash = match c {
        Some(Confidence::Medium) => "3 2",
        Some(Confidence::Low) => "1 2",
        _ => return Ok(false),
    };
    canvas.open(
        Group::new()
            .class("confidence-outline")
            .attr("stroke-dasharray", dash),
    )?;
    Ok(true)
}

/// Draws axes, bars or line and dots, value and date labels from `top`;
/// returns the y below the date labels.
fn draw_plot(canvas: &Canvas, plot: &Plot, top: f64, st: &Style, theme: &Theme) -> Result<f64> {
    let Plot {
        fig,
        values,
        notes,
        conflicts,
    } = *plot;
    let kind = fig.kind;
    let width = canvas.width();
    let plot_h = (width * 0.4).clamp(130.0, 260.0);
    let vmin = values.iter().map(|v| v.point()).fold(0.0, f64::min);
    let vmax = values.iter().map(|v| top_point(v)).fold(0.0, f64::max);
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

    let slots = slots(values);
    // The tooltip: date, value, and the source, confidence and note when given.
    let tooltip = |v: &FigureValue| {
        let mut t = format!("{}: {}", v.date.display_en(), long_value(v));
        if conflicts {
            t.push_str(&format!(" ({})", publisher_of(fig, v)));
        }
        if doubtful(v) {
            t.push_str(&format!(
                ", {} confidence?",
                confidence_words(v.confidence).trim_end_matches('?')
            ));
        }
        if let Some(n) = v.note.as_ref().filter(|n| !n.as_str().trim().is_empty()) {
            t.push_str(&format!(". {}", n.as_str().trim()));
        }
        t
    };
    // Classes saying how a value is known.
    let classed = |mut group: Group, v: &FigureValue| {
        group = match bound(v) {
            Bound::Exact => group,
            Bound::AtLeast => group.class("bound-at-least"),
            Bound::AtMost => group.class("bound-at-most"),
            Bound::Range(..) => group.class("bound-range"),
        };
        if v.peak {
            group = group.class("peak");
        }
        if let Some(c) = v.confidence {
            group = group.class(&format!("confidence-{}", c.key()));
        }
        if conflicts {
            group = group.data("source", &v.source_index().to_string());
        }
        group
    };
    let ink_of = |v: &FigureValue| {
        if conflicts {
            source_ink(theme, v.source_index())
        } else {
            theme.accent
        }
    };

    // Periods that overlap (Nov 2018 - Feb 2019 and 2019): each bar gets an
    // outline in the background colour, so that one does not merge into the other.
    let overlapping = values.iter().enumerate().any(|(i, a)| {
        values.iter().skip(i + 1).any(|b| {
            a.date != b.date
                && (a.date.day_number() as f64) < end_day(&b.date)
                && (b.date.day_number() as f64) < end_day(&a.date)
        })
    });

    match kind {
        FigureKind::PerPeriod => {
            canvas.open(Group::new().class("bars"))?;
            for (v, &(k, n)) in values.iter().zip(&slots) {
                let px0 = xs.map(v.date.day_number() as f64);
                let px1 = xs.map(end_day(&v.date));
                let gap = ((px1 - px0) * 0.15).clamp(1.0, 14.0);
                let (mut bx0, mut bx1) = (px0 + gap, px1 - gap);
                if n > 1 {
                    // Values of one date from different sources: side by side.
                    let w = (bx1 - bx0) / n as f64;
                    let left = bx0 + w * k as f64;
                    bx0 = left + if k > 0 { 1.0 } else { 0.0 };
                    bx1 = left + w - if k + 1 < n { 1.0 } else { 0.0 };
                }
                if bx1 - bx0 < 4.0 {
                    let c = (bx0 + bx1) / 2.0;
                    bx0 = c - 2.0;
                    bx1 = c + 2.0;
                }
                let cx = (bx0 + bx1) / 2.0;
                let py = ys.map(v.point());
                let ink = ink_of(v);
                let mut group = Group::new()
                    .class("bar")
                    .data("date", &v.date.to_string())
                    .title(&tooltip(v));
                if v.approximate {
                    group = group.class("approximate");
                }
                if v.point() == 0.0 {
                    group = group.class("zero");
                }
                canvas.open(classed(group, v))?;
                let b = bound(v);
                let (lo, hi) = (py.min(base), py.max(base));
                let mut top_y = lo;
                if v.point() == 0.0 && b == Bound::Exact {
                    // A zero is a visible stub on the baseline, not a gap.
                    canvas.rect((bx0, base - 3.0), (bx1, base), ink)?;
                    top_y = base - 3.0;
                } else if b == Bound::AtMost {
                    // Only an upper bound: an outline up to it, dashed, barely filled.
                    let light = ink.mix(theme.background, 0.85);
                    canvas.rect((bx0, lo), (bx1, hi), light)?;
                    canvas.open(Group::new().attr("stroke-dasharray", "4 2"))?;
                    canvas.rect_outline((bx0, lo), (bx1, hi), ink, 1)?;
                    canvas.close()?;
                } else if v.approximate {
                    let light = ink.mix(theme.background, 0.55);
                    canvas.rect((bx0, lo), (bx1, hi), light)?;
                    canvas.rect_outline((bx0, lo), (bx1, hi), ink, 1)?;
                } else {
                    canvas.rect((bx0, lo), (bx1, hi), ink)?;
                }
                if overlapping && v.point() != 0.0 {
                    // Just outside the bar, so that its own outline stays.
                    let (a, b) = ((bx0 - 1.0, lo - 1.0), (bx1 + 1.0, hi));
                    canvas.rect_outline(a, b, theme.background, 1)?;
                }
                match b {
                    Bound::AtLeast => {
                        chevron(canvas, (cx, lo - 8.0), true, ink)?;
                        canvas.path(&[(cx, lo), (cx, lo - 8.0)], ink, 2)?;
                        top_y = lo - 9.0;
                    }
                    Bound::Range(_, upper) => {
                        let uy = ys.map(upper);
                        whisker(canvas, cx, (lo, uy), ink)?;
                        top_y = uy.min(lo) - 1.0;
                    }
                    _ => {}
                }
                if open_doubt(canvas, v.confidence)? {
                    canvas.rect_outline(
                        (bx0 - 2.0, top_y - 2.0),
                        (bx1 + 2.0, hi),
                        theme.text,
                        1,
                    )?;
                    canvas.close()?;
                    top_y -= 2.0;
                }
                canvas.close()?;
                let above = top_y - 3.0 - st.value.height();
                let below = hi + 3.0;
                let (first, second) = if v.point() < 0.0 {
                    (below, above)
                } else {
                    (above, below)
                };
                let bottom_y = if v.point() == 0.0 { base } else { hi };
                marks.push(Rect::new(bx0, top_y, bx1 - bx0, bottom_y - top_y));
                value_labels.push((value_text(v), cx, first, second));
                if k == 0 {
                    date_labels.push((v.date.display_short_en(), (px0 + px1) / 2.0));
                }
            }
            canvas.close()?;
        }
        FigureKind::Level => {
            let r = 4.5;
            let points: Vec<(f64, f64)> = values
                .iter()
                .zip(&slots)
                .map(|(v, &(k, n))| {
                    // Values of one date from different sources: a little apart.
                    let dx = (k as f64 - (n as f64 - 1.0) / 2.0) * (r + 1.0);
                    (xs.map(v.date.mid_day_number()) + dx, ys.map(v.point()))
                })
                .collect();
            canvas.open(Group::new().class("line"))?;
            // Whiskers across the month, year or period a value is dated to.
            for (v, &(_, py)) in values.iter().zip(&points) {
                if !v.date.is_day() {
                    let wx0 = xs.map(v.date.day_number() as f64);
                    let wx1 = xs.map(end_day(&v.date));
                    if wx1 - wx0 >= 6.0 {
                        let c = ink_of(v).mix(theme.background, 0.4);
                        canvas.path(&[(wx0, py), (wx1, py)], c, 2)?;
                        canvas.path(&[(wx0, py - 3.0), (wx0, py + 3.0)], c, 1)?;
                        canvas.path(&[(wx1, py - 3.0), (wx1, py + 3.0)], c, 1)?;
                    }
                }
            }
            // The line joins the first value of each date (the others are dots).
            let line: Vec<(f64, f64)> = points
                .iter()
                .zip(&slots)
                .filter(|(_, &(k, _))| k == 0)
                .map(|(p, _)| *p)
                .collect();
            if line.len() > 1 {
                canvas.path(&line, theme.accent, 2)?;
            }
            canvas.close()?;
            canvas.open(Group::new().class("dots"))?;
            for ((v, &(px, py)), &(k, _)) in values.iter().zip(&points).zip(&slots) {
                let ink = ink_of(v);
                let mut group = Group::new()
                    .class("dot")
                    .data("date", &v.date.to_string())
                    .title(&tooltip(v));
                if v.approximate {
                    group = group.class("approximate");
                }
                canvas.open(classed(group, v))?;
                let square = conflicts && v.source_index() > 0;
                if square {
                    // A second source's value: a square of its own colour.
                    let d = r * 0.9;
                    if v.approximate {
                        canvas.rect((px - d, py - d), (px + d, py + d), theme.background)?;
                        canvas.rect_outline((px - d, py - d), (px + d, py + d), ink, 2)?;
                    } else {
                        canvas.rect((px - d, py - d), (px + d, py + d), ink)?;
                    }
                } else if v.approximate {
                    canvas.circle((px, py), r, theme.background, true, 1)?;
                    canvas.circle((px, py), r - 1.0, ink, false, 2)?;
                } else {
                    canvas.circle((px, py), r, ink, true, 1)?;
                }
                let (mut top_y, mut bottom_y) = (py - r, py + r);
                match bound(v) {
                    Bound::AtLeast => {
                        canvas.path(&[(px, py - r), (px, py - r - 8.0)], ink, 2)?;
                        chevron(canvas, (px, py - r - 8.0), true, ink)?;
                        top_y -= 9.0;
                    }
                    Bound::AtMost => {
                        canvas.path(&[(px, py + r), (px, py + r + 8.0)], ink, 2)?;
                        chevron(canvas, (px, py + r + 8.0), false, ink)?;
                        bottom_y += 9.0;
                    }
                    Bound::Range(_, upper) => {
                        let uy = ys.map(upper);
                        whisker(canvas, px, (py, uy), ink)?;
                        top_y = top_y.min(uy - 1.0);
                    }
                    Bound::Exact => {}
                }
                if open_doubt(canvas, v.confidence)? {
                    canvas.circle((px, py), r + 2.5, theme.text, false, 1)?;
                    canvas.close()?;
                    top_y = top_y.min(py - r - 3.0);
                    bottom_y = bottom_y.max(py + r + 3.0);
                }
                canvas.close()?;
                let above = top_y - 4.0 - st.value.height();
                let below = bottom_y + 4.0;
                let (first, second) = if v.point() < 0.0 {
                    (below, above)
                } else {
                    (above, below)
                };
                marks.push(Rect::new(px - r, top_y, 2.0 * r, bottom_y - top_y));
                value_labels.push((value_text(v), px, first, second));
                if k == 0 {
                    date_labels.push((v.date.display_short_en(), px));
                }
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
    fn a_long_note_and_source_wrap_whole_at_phone_width() {
        let mut fig = figure(
            FigureKind::Level,
            vec![value("2016-07", 550.0, false, None)],
        );
        let note = "A long note on how to read these numbers. ".repeat(12) + "Last words.";
        fig.note = Some(Text::from(note.as_str()));
        fig.sources[0].title = Some(Text::from(
            "A report with a title long enough to take several lines on a phone, \
             and then some more words, so that it wraps more than four times at 280 px \
             in the chart's small type under the plot",
        ));
        let pic = render_figure(&fig, 280.0, &Theme::light()).unwrap();
        assert!(
            !pic.svg.contains(super::super::text::ELLIPSIS),
            "nothing cut"
        );
        assert!(pic.svg.contains("Last words."), "the note's end is drawn");
        assert!(
            pic.svg.contains("under the plot"),
            "the source's end is drawn"
        );
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
