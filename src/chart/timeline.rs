//! Every step of a dataset (or of a selection) on one date axis: a row per
//! country, a mark per step whose shape and colour say the measure, and the
//! Security Council resolutions' adoption dates as labelled vertical rules.
//!
//! A step dated only to a month or a year sits in the middle of that period
//! with a bar across it, so that its precision shows. Steps that would
//! overlap in a row are stacked in lanes; labels that would collide are
//! dropped or shortened, never drawn over each other.

use super::draw::{Align, Canvas, Font, Scale};
use super::join_and;
use super::svg::Group;
use super::text::{ellipsize, wrap_lines};
use super::{clamp_width, LabelPlacer, Picture, Rect, Table, TextAlternative, Theme};
use crate::date::{days_from_civil, When};
use crate::error::Result;
use crate::model::{Country, Measure, Resolution, Stage, Step};

/// What a timeline may be told besides its data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimelineOptions<'a> {
    /// Prefix of the SVG's ids; unique on the page (default `timeline`).
    pub id: Option<&'a str>,
    /// Title (default "Steps taken, country by country").
    pub title: Option<&'a str>,
}

const DEFAULT_TITLE: &str = "Steps taken, country by country";

/// Days since 1970-01-01 just after the last day a date covers.
fn end_day(d: &When) -> f64 {
    let (y, m, day) = d.last_day();
    days_from_civil(y, m, day) as f64 + 1.0
}

/// Sorts steps by date, keeping dataset order among equal dates (one
/// instantiation of the sort for the whole module: each costs wasm size).
fn sort_by_date(steps: &mut [&Step]) {
    super::sort_stable(steps, &|a, b| a.date.cmp(&b.date));
}

/// One row: a country and its steps in date order.
struct Row<'a> {
    code: &'a str,
    name: String,
    steps: Vec<&'a Step>,
}

/// Rows in the order of `countries`, then countries the list lacks (named
/// by code) in order of first appearance; only countries with steps.
fn rows<'a>(steps: &[&'a Step], countries: &'a [Country]) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    for c in countries {
        if rows.iter().any(|r| r.code == c.code) {
            continue;
        }
        let mut own: Vec<&Step> = steps
            .iter()
            .copied()
            .filter(|s| s.country == c.code)
            .collect();
        if own.is_empty() {
            continue;
        }
        sort_by_date(&mut own);
        rows.push(Row {
            code: &c.code,
            name: c.name.as_str().to_owned(),
            steps: own,
        });
    }
    for s in steps {
        if rows.iter().any(|r| r.code == s.country) {
            continue;
        }
        let mut own: Vec<&Step> = steps
            .iter()
            .copied()
            .filter(|t| t.country == s.country)
            .collect();
        sort_by_date(&mut own);
        rows.push(Row {
            code: &s.country,
            name: s.country.clone(),
            steps: own,
        });
    }
    rows
}

/// The tooltip and table text of a step's status.
fn status_text(s: &Step) -> String {
    match s.status {
        Some(Stage::InForce) => "in force".to_owned(),
        Some(Stage::Announced) => "announced".to_owned(),
        Some(Stage::Reported) => "reported".to_owned(),
        None => "status not given".to_owned(),
    }
}

/// The measure whose colour and mark a step is drawn with: its own, or
/// "other" for a finding that names none.
fn drawn_measure(s: &Step) -> Measure {
    s.measure.unwrap_or(Measure::Other)
}

/// A step's measure in words; a finding says so (`finding: expulsion or repatriation`).
fn step_words(s: &Step) -> String {
    match (s.is_finding(), s.measure) {
        (false, m) => super::measure_words(m.unwrap_or(Measure::Other)),
        (true, Some(m)) => format!("finding: {}", super::measure_words(m)),
        (true, None) => "finding".to_owned(),
    }
}

/// A step's measure label for the table (`Finding` for a finding without one).
fn step_label(s: &Step) -> String {
    match (s.is_finding(), s.measure) {
        (false, m) => m.unwrap_or(Measure::Other).label_en().to_owned(),
        (true, Some(m)) => format!("Finding: {}", m.label_en()),
        (true, None) => "Finding".to_owned(),
    }
}

fn timeline_alt(
    rows: &[Row],
    resolutions: &[Resolution],
    title: &str,
    count: usize,
) -> TextAlternative {
    let mut description = String::new();
    if count == 0 {
        description.push_str("No steps to show.");
    } else {
        let all: Vec<&Step> = rows.iter().flat_map(|r| r.steps.iter().copied()).collect();
        let first = all.iter().map(|s| s.date).min();
        let last = all.iter().map(|s| s.date).max();
        description.push_str(&format!(
            "{count} step{} by {} countr{}",
            if count == 1 { "" } else { "s" },
            rows.len(),
            if rows.len() == 1 { "y" } else { "ies" }
        ));
        if let (Some(a), Some(b)) = (first, last) {
            if a == b {
                description.push_str(&format!(", in {}", a.display_en()));
            } else {
                description.push_str(&format!(", from {} to {}", a.display_en(), b.display_en()));
            }
        }
        description.push('.');
        let counts: Vec<String> = Measure::ALL
            .iter()
            .filter_map(|m| {
                let n = all
                    .iter()
                    .filter(|s| s.ranked_measure() == Some(*m))
                    .count();
                (n > 0).then(|| format!("{} ({n})", m.label_en()))
            })
            .collect();
        description.push_str(&format!(" By measure: {}.", join_and(&counts)));
        if rows.len() <= 10 {
            let per_country: Vec<String> = rows
                .iter()
                .map(|r| {
                    let items: Vec<String> = r
                        .steps
                        .iter()
                        .map(|s| {
                            format!(
                                "{} ({}, {})",
                                step_words(s),
                                s.date.display_en(),
                                status_text(s)
                            )
                        })
                        .collect();
                    format!("{}: {}", r.name, join_and(&items))
                })
                .collect();
            description.push_str(&format!(" {}.", per_country.join("; ")));
        }
    }
    if !resolutions.is_empty() {
        let items: Vec<String> = resolutions
            .iter()
            .map(|r| format!("resolution {} ({})", r.id, r.adopted.display_en()))
            .collect();
        description.push_str(&format!(
            " Vertical lines mark the adoption of {}.",
            join_and(&items)
        ));
    }
    let table = Table {
        caption: "Steps by country and date".to_owned(),
        headers: ["Country", "Date", "Measure", "Status", "What was done"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        rows: rows
            .iter()
            .flat_map(|r| {
                r.steps.iter().map(|s| {
                    vec![
                        r.name.clone(),
                        s.date.display_en(),
                        step_label(s),
                        status_text(s),
                        s.description.as_str().to_owned(),
                    ]
                })
            })
            .collect(),
    };
    TextAlternative {
        title: title.to_owned(),
        description: description.trim().to_owned(),
        table,
    }
}

/// Renders `steps` on a date axis, one row per country (in the order of
/// `countries`; only countries with steps), `width` px wide (clamped to
/// 280..=1200), with `resolutions` as vertical rules.
pub fn render_timeline(
    steps: &[&Step],
    countries: &[Country],
    resolutions: &[Resolution],
    width: f64,
    theme: &Theme,
) -> Result<Picture> {
    render_timeline_with(
        steps,
        countries,
        resolutions,
        width,
        theme,
        &TimelineOptions::default(),
    )
}

/// A step's mark, placed.
struct Placed<'a> {
    step: &'a Step,
    x: f64,
    span: Option<(f64, f64)>,
    lane: usize,
}

/// [`render_timeline`] with options (id prefix, title).
pub fn render_timeline_with(
    steps: &[&Step],
    countries: &[Country],
    resolutions: &[Resolution],
    width: f64,
    theme: &Theme,
    opts: &TimelineOptions,
) -> Result<Picture> {
    let width = clamp_width(width);
    let narrow = width < 480.0;
    let pad = if narrow { 8.0 } else { 12.0 };
    let inner = width - 2.0 * pad;
    let title_font = Font::new(if narrow { 15.0 } else { 17.0 }, true);
    let sub_font = Font::new(if narrow { 12.0 } else { 13.0 }, false);
    let label_font = Font::new(if narrow { 11.0 } else { 12.0 }, false);
    let name_font = Font::new(12.0, true);

    let rows = rows(steps, countries);
    let count: usize = rows.iter().map(|r| r.steps.len()).sum();
    let title = opts
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(DEFAULT_TITLE);
    let alt = timeline_alt(&rows, resolutions, title, count);

    let canvas = Canvas::new(opts.id.unwrap_or("timeline"), width, theme.font_family);
    canvas.doc(|d| d.add_root_class("timeline"))?;
    let mut y = pad;
    let lines = wrap_lines(title, inner, title_font.size, true, 3);
    y = canvas.lines(&lines, pad, y, title_font, theme.text, Align::Left, 2.0)? + 4.0;
    if count == 0 {
        let msg = wrap_lines("No steps to show.", inner, sub_font.size, false, 1);
        y = canvas.lines(&msg, pad, y, sub_font, theme.muted, Align::Left, 2.0)? + pad;
        let height = y.ceil();
        let svg = canvas.finish(height, &alt.title, &alt.description, theme.background)?;
        return Ok(Picture { svg, height, alt });
    }
    let sub = format!(
        "{count} step{} by {} countr{}, dated as precisely as the sources give",
        if count == 1 { "" } else { "s" },
        rows.len(),
        if rows.len() == 1 { "y" } else { "ies" }
    );
    let lines = wrap_lines(&sub, inner, sub_font.size, false, 3);
    y = canvas.lines(&lines, pad, y, sub_font, theme.muted, Align::Left, 2.0)? + 8.0;

    y = draw_legend(&canvas, &rows, y, pad, label_font, theme)? + 10.0;

    // The date scale.
    let mut d0 = f64::INFINITY;
    let mut d1 = f64::NEG_INFINITY;
    for s in rows.iter().flat_map(|r| r.steps.iter()) {
        d0 = d0.min(s.date.day_number() as f64);
        d1 = d1.max(end_day(&s.date));
    }
    for r in resolutions {
        d0 = d0.min(r.adopted.day_number() as f64);
        d1 = d1.max(end_day(&When::Date(r.adopted)));
    }
    let margin = ((d1 - d0) * 0.04).max(10.0);
    let (d0, d1) = (d0 - margin, d1 + margin);

    // Row labels: in a column on the left when there is room, else above each row.
    let label_w = if narrow {
        0.0
    } else {
        rows.iter()
            .map(|r| name_font.width(&r.name))
            .fold(0.0, f64::max)
            .min(width * 0.25)
            .min(180.0)
    };
    let plot_x0 = if narrow {
        pad + 6.0
    } else {
        pad + label_w + 12.0
    };
    let plot_x1 = width - pad - 6.0;
    let xs = Scale::new(d0, d1, plot_x0, plot_x1);

    let r = if narrow { 4.5 } else { 5.0 };
    let lane_h = 2.0 * r + 5.0;

    // Resolution labels in lanes above the rows, one lane per resolution at
    // most (four at most). A rule runs down from its label's lane (from the
    // rows' top when it has no label), so a label may sit over a later rule
    // that starts in a lower lane: close resolutions (2371 and 2375 are five
    // weeks apart, a few px at phone width) get a label each, stepped down
    // like stairs, instead of one label for the lot. A label never crosses
    // a rule, nor a rule a label.
    let res_font = label_font;
    let lane_label_h = res_font.height() + 6.0;
    let max_lanes = resolutions.len().clamp(2, 4);
    let mut res_placer = LabelPlacer::new(Some(Rect::new(0.0, 0.0, width, 1e9)), 4.0);
    let mut res_labels: Vec<(String, Rect, f64, &Resolution)> = Vec::new();
    let mut by_date: Vec<&Resolution> = resolutions.iter().collect();
    super::sort_stable(&mut by_date, &|a, b| a.adopted.cmp(&b.adopted));
    for res in by_date {
        let x = xs.map(res.adopted.mid_day_number());
        let long = format!("Res. {}, {}", res.id, res.adopted.display_short_en());
        let short = format!("Res. {}", res.id);
        // First as before: a place clear of every other rule, in the top
        // two lanes; only then the stairs.
        'placing: for stairs in [false, true] {
            for text in [&long, &short] {
                for lane in 0..if stairs { max_lanes } else { 2 } {
                    let top = lane as f64 * lane_label_h;
                    for align in [Align::Left, Align::Right] {
                        let ax = if align == Align::Left {
                            x + 3.0
                        } else {
                            x - 3.0
                        };
                        let rect = res_font.rect(text, ax, top, align);
                        let over = |ox: f64| ox >= rect.x - 2.0 && ox <= rect.right() + 2.0;
                        let clear = if stairs {
                            // No rule through this label, nor this rule through a label.
                            !res_labels.iter().any(|(_, other, ox, _)| {
                                (other.y <= rect.y + 0.5 && over(*ox))
                                    || (other.y + 0.5 >= rect.y
                                        && x >= other.x - 2.0
                                        && x <= other.right() + 2.0)
                            })
                        } else {
                            !resolutions.iter().any(|o| {
                                !std::ptr::eq(o, res) && over(xs.map(o.adopted.mid_day_number()))
                            })
                        };
                        if clear
                            && rect.x >= 2.0
                            && rect.right() <= width - 2.0
                            && res_placer.place(rect)
                        {
                            res_labels.push((text.clone(), rect, x, res));
                            break 'placing;
                        }
                    }
                }
            }
        }
    }
    let res_lanes = res_labels
        .iter()
        .map(|(_, rect, _, _)| (rect.y / lane_label_h).round() as usize + 1)
        .max()
        .unwrap_or(0);
    let band_top = y;
    let rows_top = band_top + res_lanes as f64 * lane_label_h + 2.0;

    // Place marks in lanes, row by row.
    let mut layout: Vec<(f64, f64, usize, Vec<Placed>)> = Vec::new(); // top, height, lanes, marks
    let mut row_y = rows_top;
    for row in &rows {
        let mut lane_ends: Vec<f64> = Vec::new();
        let mut placed = Vec::new();
        for s in &row.steps {
            let x = xs.map(s.date.mid_day_number());
            let span = (!s.date.is_day())
                .then(|| (xs.map(s.date.day_number() as f64), xs.map(end_day(&s.date))));
            let (lo, hi) = span.map_or((x - r, x + r), |(a, b)| (a.min(x - r), b.max(x + r)));
            let lane = match lane_ends.iter().position(|&end| lo >= end + 2.0) {
                Some(l) => l,
                None => {
                    lane_ends.push(f64::NEG_INFINITY);
                    lane_ends.len() - 1
                }
            };
            if let Some(end) = lane_ends.get_mut(lane) {
                *end = hi;
            }
            placed.push(Placed {
                step: s,
                x,
                span,
                lane,
            });
        }
        let lanes = lane_ends.len().max(1);
        let name_h = if narrow {
            name_font.height() + 2.0
        } else {
            0.0
        };
        let h = name_h + lanes as f64 * lane_h + 6.0;
        layout.push((row_y, h, lanes, placed));
        row_y += h;
    }
    let rows_bottom = row_y;

    // Time ticks and grid.
    let axis_top = rows_bottom + 4.0;
    draw_time_axis(
        &canvas,
        &xs,
        d0,
        d1,
        (rows_top, rows_bottom),
        axis_top,
        label_font,
        theme,
    )?;

    // Resolution rules and labels.
    canvas.open(Group::new().class("resolutions"))?;
    for (text, rect, x, res) in &res_labels {
        canvas.open(
            Group::new()
                .class("resolution")
                .data("resolution", &res.id)
                .title(&format!(
                    "Resolution {}, adopted {}: {}",
                    res.id,
                    res.adopted.display_en(),
                    res.requires.as_str()
                )),
        )?;
        canvas.path(&[(*x, band_top + rect.y), (*x, rows_bottom)], theme.axis, 1)?;
        canvas.text(
            text,
            rect.x,
            band_top + rect.y,
            res_font,
            theme.text,
            Align::Left,
        )?;
        canvas.close()?;
    }
    // Rules whose label did not fit are still drawn.
    for res in resolutions {
        if res_labels.iter().any(|(_, _, _, r)| std::ptr::eq(*r, res)) {
            continue;
        }
        let x = xs.map(res.adopted.mid_day_number());
        canvas.open(
            Group::new()
                .class("resolution")
                .data("resolution", &res.id)
                .title(&format!(
                    "Resolution {}, adopted {}",
                    res.id,
                    res.adopted.display_en()
                )),
        )?;
        canvas.path(&[(x, rows_top), (x, rows_bottom)], theme.axis, 1)?;
        canvas.close()?;
    }
    canvas.close()?;

    // Rows: name, separator, marks.
    canvas.open(Group::new().class("rows"))?;
    for (row, (top, h, _lanes, placed)) in rows.iter().zip(&layout) {
        canvas.open(Group::new().class("row").data("country", row.code))?;
        canvas.path(&[(pad, top + h), (width - pad, top + h)], theme.grid, 1)?;
        let marks_top = if narrow {
            let name = ellipsize(&row.name, inner, name_font.size, true);
            canvas.text(&name, pad, top + 2.0, name_font, theme.text, Align::Left)?;
            top + name_font.height() + 4.0
        } else {
            let name = ellipsize(&row.name, label_w, name_font.size, true);
            let ty = top + 3.0 + lane_h / 2.0 - name_font.height() / 2.0;
            canvas.text(&name, pad, ty, name_font, theme.text, Align::Left)?;
            top + 3.0
        };
        for p in placed {
            let cy = marks_top + p.lane as f64 * lane_h + lane_h / 2.0;
            let style = theme.measure(drawn_measure(p.step));
            let title = format!(
                "{}: {}, {} ({}). {}",
                row.name,
                step_label(p.step),
                p.step.date.display_en(),
                status_text(p.step),
                p.step.description.as_str()
            );
            let mut group = Group::new().class("step");
            if let Some(m) = p.step.measure {
                group = group.class(&format!("measure-{}", m.key()));
            }
            if p.step.is_finding() {
                group = group.class("kind-finding");
            }
            if let Some(status) = p.step.status {
                group = group.class(&format!("status-{}", status.key()));
            }
            canvas.open(
                group
                    .data("step", &p.step.id)
                    .data("country", &p.step.country)
                    .data("date", &p.step.date.to_string())
                    .title(&title),
            )?;
            if let Some((a, b)) = p.span {
                // Full measure colour: its contrast with the background is
                // tested (>= 3:1); a faded bar was too faint in the dark theme.
                canvas.rect((a, cy - 1.5), (b.max(a + 1.0), cy + 1.5), style.fill)?;
            }
            let hollow = p.step.status == Some(Stage::Announced);
            canvas.mark(
                style.mark,
                (p.x, cy),
                r,
                style.fill,
                hollow,
                theme.background,
            )?;
            canvas.close()?;
        }
        canvas.close()?;
    }
    canvas.close()?;

    let y = axis_top + label_font.height() + 4.0 + pad;
    let height = y.ceil();
    let svg = canvas.finish(height, &alt.title, &alt.description, theme.background)?;
    Ok(Picture { svg, height, alt })
}

/// The legend: a mark and a label per measure present, flowing into lines;
/// returns the y below it.
fn draw_legend(
    canvas: &Canvas,
    rows: &[Row],
    top: f64,
    pad: f64,
    font: Font,
    theme: &Theme,
) -> Result<f64> {
    let width = canvas.width();
    let all: Vec<&Step> = rows.iter().flat_map(|r| r.steps.iter().copied()).collect();
    let mut items: Vec<(String, Option<Measure>, bool, bool)> = Measure::ALL
        .iter()
        .filter(|m| all.iter().any(|s| drawn_measure(s) == **m))
        .map(|m| (m.label_en().to_owned(), Some(*m), false, false))
        .collect();
    if all.iter().any(|s| s.status == Some(Stage::Announced)) {
        items.push(("Hollow: announced".to_owned(), None, true, false));
    }
    if all.iter().any(|s| !s.date.is_day()) {
        items.push(("Bar: month or year".to_owned(), None, false, true));
    }
    let swatch = 16.0;
    let line_h = font.height().max(12.0) + 4.0;
    let (mut x, mut y) = (pad, top);
    canvas.open(Group::new().class("legend"))?;
    for (label, measure, hollow, span) in items {
        let label = ellipsize(&label, width - 2.0 * pad - swatch, font.size, font.bold);
        let w = swatch + font.width(&label);
        if x > pad && x + w > width - pad {
            x = pad;
            y += line_h;
        }
        let cy = y + line_h / 2.0 - 2.0;
        let mut group = Group::new().class("legend-item");
        if let Some(m) = measure {
            group = group.class(&format!("measure-{}", m.key()));
        }
        canvas.open(group)?;
        match measure {
            Some(m) => {
                let s = theme.measure(m);
                canvas.mark(s.mark, (x + 5.0, cy), 5.0, s.fill, false, theme.background)?;
            }
            None if hollow => {
                canvas.mark(
                    super::Mark::Circle,
                    (x + 5.0, cy),
                    5.0,
                    theme.muted,
                    true,
                    theme.background,
                )?;
            }
            None if span => {
                canvas.rect((x, cy - 1.5), (x + 11.0, cy + 1.5), theme.muted)?;
            }
            None => {}
        }
        canvas.text(
            &label,
            x + swatch,
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

/// Month names for tick labels.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Vertical grid lines at year or month starts over the rows, and their
/// labels below, thinned so that they never collide.
#[allow(clippy::too_many_arguments)]
fn draw_time_axis(
    canvas: &Canvas,
    xs: &Scale,
    d0: f64,
    d1: f64,
    (rows_top, rows_bottom): (f64, f64),
    label_top: f64,
    font: Font,
    theme: &Theme,
) -> Result<()> {
    let width = canvas.width();
    let year_of = |day: f64| -> i32 {
        // 365.2425 days a year from 1970; refined below.
        (1970.0 + (day / 365.2425).floor()).clamp(-9999.0, 9999.0) as i32
    };
    let (y0, y1) = (year_of(d0) - 1, year_of(d1) + 1);
    let px_per_year = xs.map(365.2425) - xs.map(0.0);
    let year_label_w = font.width("2017") + 10.0;
    // Month ticks when a year is wide enough for several month labels.
    let months = px_per_year >= (font.width("Sep") + 10.0) * 4.0 && (d1 - d0) < 3.0 * 365.0;
    let mut ticks: Vec<(f64, String, bool)> = Vec::new(); // day, label, major
    if months {
        for year in y0..=y1 {
            for (m, name) in (1u8..=12).zip(MONTHS) {
                let day = days_from_civil(year, m, 1) as f64;
                if day >= d0 && day <= d1 {
                    let label = if m == 1 || ticks.is_empty() {
                        format!("{name} {year}")
                    } else {
                        name.to_owned()
                    };
                    ticks.push((day, label, m == 1));
                }
            }
        }
    } else {
        let every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .find(|n| f64::from(*n) * px_per_year >= year_label_w)
            .unwrap_or(1000);
        for year in y0..=y1 {
            if year.rem_euclid(every) != 0 {
                continue;
            }
            let day = days_from_civil(year, 1, 1) as f64;
            if day >= d0 && day <= d1 {
                ticks.push((day, year.to_string(), true));
            }
        }
    }
    let mut placer = LabelPlacer::new(Some(Rect::new(0.0, label_top - 1.0, width, 1e9)), 8.0);
    canvas.open(Group::new().class("axis").class("x-axis"))?;
    canvas.path(
        &[(xs.map(d0), rows_bottom), (xs.map(d1), rows_bottom)],
        theme.axis,
        1,
    )?;
    // Majors first, so that "Jan 2017" wins over its neighbours.
    let majors = ticks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.2)
        .map(|(i, _)| i);
    let minors = ticks
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.2)
        .map(|(i, _)| i);
    let order: Vec<usize> = majors.chain(minors).collect();
    let mut shown = vec![false; ticks.len()];
    for i in order {
        let Some((day, label, _)) = ticks.get(i) else {
            continue;
        };
        let x = xs.map(*day);
        let rect = font.rect(label, x, label_top, Align::Center);
        if rect.x >= 2.0 && rect.right() <= width - 2.0 && placer.place(rect) {
            if let Some(s) = shown.get_mut(i) {
                *s = true;
            }
        }
    }
    for ((day, label, major), show) in ticks.iter().zip(&shown) {
        let x = xs.map(*day);
        let color = if *major {
            theme.grid.mix(theme.axis, 0.3)
        } else {
            theme.grid
        };
        canvas.path(&[(x, rows_top), (x, rows_bottom)], color, 1)?;
        canvas.path(&[(x, rows_bottom), (x, rows_bottom + 3.0)], theme.axis, 1)?;
        if *show {
            canvas.text(label, x, label_top, font, theme.muted, Align::Center)?;
        }
    }
    canvas.close()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Region, Source, StepKind, Text};
    use crate::PartialDate;

    fn step(id: &str, country: &str, date: &str, measure: Measure, status: Stage) -> Step {
        Step {
            id: id.into(),
            country: country.into(),
            kind: StepKind::Measure,
            finding: None,
            date: (PartialDate::parse(date).unwrap()).into(),
            date_inferred: false,
            date_kind: Some(status),
            measure: Some(measure),
            description: Text::from("did something"),
            resolutions: vec![],
            status: Some(status),
            confidence: None,
            sources: vec![Source {
                publisher: Text::from("VOA"),
                url: "https://example.com".into(),
                title: None,
                title_inferred: false,
                date: None,
                quote: None,
            }],
            disputes: Vec::new(),
            note: None,
        }
    }

    #[test]
    fn overlapping_steps_get_lanes_and_rows_follow_country_order() {
        let steps = [
            step(
                "a",
                "PL",
                "2017-09",
                Measure::WorkPermitFreeze,
                Stage::Announced,
            ),
            step("b", "PL", "2017-09-20", Measure::Diplomatic, Stage::InForce),
            step("c", "XX", "2017-08", Measure::Other, Stage::Reported),
        ];
        let refs: Vec<&Step> = steps.iter().collect();
        let countries = [Country {
            code: "PL".into(),
            name: Text::from("Poland"),
            regions: vec![Region::Europe],
            un_member: true,
        }];
        let rows = rows(&refs, &countries);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Poland");
        assert_eq!(rows[1].name, "XX");
        let pic = render_timeline(&refs, &countries, &[], 600.0, &Theme::light()).unwrap();
        assert_eq!(pic.svg.matches("class=\"step ").count(), 3);
        assert_eq!(pic.alt.table.rows.len(), 3);
        assert!(pic.alt.description.starts_with("3 steps by 2 countries"));
    }
}
