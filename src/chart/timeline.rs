//! Every step of a dataset (or of a selection) on one date axis: a row per
//! country, a mark per step whose shape and colour say the measure, and the
//! Security Council resolutions' adoption dates as labelled vertical rules.
//!
//! A step dated only to a month or a year sits in the middle of that period
//! with a bar across it, so that its precision shows. Steps that would
//! overlap in a row are stacked in lanes; labels that would collide are
//! dropped or shortened, never drawn over each other.
//!
//! Schema_version 2 facts show too, each explained in the legend only when
//! the data has it: a period is a bar with end caps from its first to its
//! last day, an open one ("since") runs to the axis end with an arrow; a
//! finding is a hollow diamond with a dot in the text colour, never a
//! measure's mark; medium confidence gets a dashed ring, low a dotted one;
//! an inferred date a dashed bar. Tooltip, description and table say it in words.

use super::draw::{Align, Canvas, Font, Scale};
use super::join_and;
use super::svg::Group;
use super::text::{ellipsize, wrap_lines};
use super::{clamp_width, LabelPlacer, Mark, Picture, Rect, Rgb, Table, TextAlternative, Theme};
use crate::date::{days_from_civil, When};
use crate::error::Result;
use crate::model::{Confidence, Country, Measure, Resolution, Stage, Step};

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

/// What the tooltip and table add to a step's status: its confidence when
/// it is not high (`low confidence?`) and an inferred date, in words.
fn qualifiers(s: &Step) -> Vec<&'static str> {
    let mut out = Vec::new();
    match s.confidence {
        Some(Confidence::Medium) => out.push("medium confidence?"),
        Some(Confidence::Low) => out.push("low confidence?"),
        _ => {}
    }
    if s.date_inferred {
        out.push("date inferred");
    }
    out
}

/// The status with its qualifiers: `in force; low confidence?; date inferred`.
fn status_and_qualifiers(s: &Step) -> String {
    let mut parts = vec![status_text(s)];
    parts.extend(qualifiers(s).into_iter().map(str::to_owned));
    parts.join("; ")
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
        description.push_str(&v2_summary(&all));
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
                                status_and_qualifiers(s).replace(';', ",")
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
    // A confidence column only when the data gives any confidence.
    let with_confidence = rows
        .iter()
        .any(|r| r.steps.iter().any(|s| s.confidence.is_some()));
    let mut headers: Vec<String> = ["Country", "Date", "Measure", "Status", "What was done"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if with_confidence {
        headers.insert(4, "Confidence".to_owned());
    }
    let table = Table {
        caption: "Steps by country and date".to_owned(),
        headers,
        rows: rows
            .iter()
            .flat_map(|r| {
                r.steps.iter().map(|s| {
                    let mut date = s.date.display_en();
                    if s.date_inferred {
                        date.push_str(" (date inferred)");
                    }
                    let mut row = vec![
                        r.name.clone(),
                        date,
                        step_label(s),
                        status_text(s),
                        s.description.as_str().to_owned(),
                    ];
                    if with_confidence {
                        let c = match s.confidence {
                            Some(Confidence::High) => "high",
                            Some(Confidence::Medium) => "medium?",
                            Some(Confidence::Low) => "low?",
                            None => "not given",
                        };
                        row.insert(4, c.to_owned());
                    }
                    row
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

/// `n` and a noun, plural unless `n` is 1 (`1 step`, `3 periods`).
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The description's sentences on findings, periods, confidence and
/// inferred dates: empty when the steps have none of them (schema_version 1).
fn v2_summary(all: &[&Step]) -> String {
    let count = |f: &dyn Fn(&Step) -> bool| all.iter().filter(|s| f(s)).count();
    let mut out = String::new();
    let findings = count(&|s| s.is_finding());
    if findings > 0 {
        out.push_str(&format!(
            " {} (not measures, drawn as hollow diamonds with a dot).",
            counted(findings, "finding", "findings")
        ));
    }
    let periods = count(&|s| s.date.is_period());
    if periods > 0 {
        let open = count(&|s| s.date.is_open());
        out.push_str(&format!(
            " {} drawn as spans from first to last day",
            counted(periods, "period is", "periods are")
        ));
        if open > 0 {
            out.push_str(&format!(
                ", {} to the end of the axis",
                counted(open, "open one (since a date)", "open ones (since a date)")
            ));
        }
        out.push('.');
    }
    let medium = count(&|s| s.confidence == Some(Confidence::Medium));
    let low = count(&|s| s.confidence == Some(Confidence::Low));
    if medium + low > 0 {
        let mut parts = Vec::new();
        if medium > 0 {
            parts.push(format!("{medium} of medium confidence (dashed ring)"));
        }
        if low > 0 {
            parts.push(format!("{low} of low confidence (dotted ring)"));
        }
        let noun = if medium + low == 1 { "Step" } else { "Steps" };
        out.push_str(&format!(" {noun}: {}.", join_and(&parts)));
    }
    let inferred = count(&|s| s.date_inferred);
    if inferred > 0 {
        out.push_str(&format!(
            " {} inferred by the editor (dashed bar).",
            counted(inferred, "date is", "dates are")
        ));
    }
    out
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

/// Draws a finding's mark: a hollow diamond with a dot, in the text colour
/// (no measure is drawn so).
fn finding_mark(canvas: &Canvas, (x, y): (f64, f64), r: f64, theme: &Theme) -> Result<()> {
    canvas.mark(Mark::Diamond, (x, y), r, theme.text, true, theme.background)?;
    canvas.circle((x, y), 1.0, theme.text, true, 1)
}

/// Draws the ring of a medium (dashed) or low (dotted) confidence step
/// around a mark; nothing for high or none.
fn confidence_ring(
    canvas: &Canvas,
    c: (f64, f64),
    r: f64,
    confidence: Option<Confidence>,
    theme: &Theme,
) -> Result<()> {
    let dash = match confidence {
        Some(Confidence::Medium) => "3 2",
        Some(Confidence::Low) => "1 2",
        _ => return Ok(()),
    };
    canvas.open(
        Group::new()
            .class("confidence-ring")
            .attr("stroke-dasharray", dash),
    )?;
    canvas.circle(c, r + 2.5, theme.text, false, 1)?;
    canvas.close()
}

/// Draws a dashed bar from `a` to `b` at `y` (an inferred date).
fn dashed_bar(canvas: &Canvas, (a, b): (f64, f64), y: f64, color: Rgb) -> Result<()> {
    canvas.open(
        Group::new()
            .class("inferred-bar")
            .attr("stroke-dasharray", "4 3"),
    )?;
    canvas.path(&[(a, y), (b, y)], color, 3)?;
    canvas.close()
}

/// Draws the end of an open period ("since"): an arrowhead pointing right at `x`.
fn open_end(canvas: &Canvas, x: f64, y: f64, color: Rgb) -> Result<()> {
    canvas.polygon(&[(x, y), (x - 6.0, y - 4.0), (x - 6.0, y + 4.0)], color)
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
            // An open period ("since") runs to the axis end.
            let span = (!s.date.is_day()).then(|| {
                let b = if s.date.is_open() {
                    plot_x1
                } else {
                    xs.map(end_day(&s.date))
                };
                (xs.map(s.date.day_number() as f64), b)
            });
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
                status_and_qualifiers(p.step),
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
            if let Some(c) = p.step.confidence {
                group = group.class(&format!("confidence-{}", c.key()));
            }
            if p.step.date.is_period() {
                group = group.class("period");
            }
            if p.step.date.is_open() {
                group = group.class("open");
            }
            if p.step.date_inferred {
                group = group.class("date-inferred");
            }
            canvas.open(
                group
                    .data("step", &p.step.id)
                    .data("country", &p.step.country)
                    .data("date", &p.step.date.to_string())
                    .title(&title),
            )?;
            // A finding is drawn in the text colour, a measure in its own.
            let ink = if p.step.is_finding() {
                theme.text
            } else {
                style.fill
            };
            if let Some((a, b)) = p.span {
                let b = b.max(a + 1.0);
                // Full colour: its contrast with the background is tested
                // (>= 3:1); a faded bar was too faint in the dark theme.
                if p.step.date_inferred {
                    dashed_bar(&canvas, (a, b), cy, ink)?;
                } else {
                    canvas.rect((a, cy - 1.5), (b, cy + 1.5), ink)?;
                }
                if p.step.date.is_open() {
                    open_end(&canvas, b, cy, ink)?;
                } else if p.step.date.is_period() {
                    // End caps: a period, not a date's imprecision.
                    canvas.path(&[(a, cy - 4.0), (a, cy + 4.0)], ink, 2)?;
                    canvas.path(&[(b, cy - 4.0), (b, cy + 4.0)], ink, 2)?;
                }
            } else if p.step.date_inferred {
                dashed_bar(&canvas, (p.x - r - 5.0, p.x + r + 5.0), cy, ink)?;
            }
            if p.step.is_finding() {
                finding_mark(&canvas, (p.x, cy), r, theme)?;
            } else {
                let hollow = p.step.status == Some(Stage::Announced);
                canvas.mark(
                    style.mark,
                    (p.x, cy),
                    r,
                    style.fill,
                    hollow,
                    theme.background,
                )?;
            }
            confidence_ring(&canvas, (p.x, cy), r, p.step.confidence, theme)?;
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

/// What a legend item shows beside its label.
#[derive(Clone, Copy, PartialEq)]
enum Swatch {
    /// A measure's mark in its colour.
    Measure(Measure),
    /// A hollow circle: announced.
    Hollow,
    /// A bar: a month, half year or year.
    Bar,
    /// A bar with end caps: a period.
    Period,
    /// A bar with an arrow: open since a date.
    Open,
    /// A finding's mark.
    Finding,
    /// A dashed (medium) or dotted (low) ring.
    Ring(Confidence),
    /// A dashed bar: a date inferred.
    Inferred,
}

/// The legend's items: a mark and a label per measure present, then each
/// other kind of mark the steps use (only those: schema_version 1 data
/// gets the legend it always had).
fn legend_items(all: &[&Step]) -> Vec<(&'static str, Swatch)> {
    let any = |f: &dyn Fn(&Step) -> bool| all.iter().any(|s| f(s));
    let mut items: Vec<(&'static str, Swatch)> = Measure::ALL
        .iter()
        .filter(|m| any(&|s| !s.is_finding() && drawn_measure(s) == **m))
        .map(|m| (m.label_en(), Swatch::Measure(*m)))
        .collect();
    if any(&|s| s.is_finding()) {
        items.push(("Finding (not a measure)", Swatch::Finding));
    }
    if any(&|s| s.status == Some(Stage::Announced) && !s.is_finding()) {
        items.push(("Hollow: announced", Swatch::Hollow));
    }
    if any(&|s| !s.date.is_day() && !s.date.is_period()) {
        let halves = any(&|s| matches!(s.date, When::Half { .. }));
        items.push((
            if halves {
                "Bar: month, half year or year"
            } else {
                "Bar: month or year"
            },
            Swatch::Bar,
        ));
    }
    if any(&|s| s.date.is_period() && !s.date.is_open()) {
        items.push(("Capped bar: period", Swatch::Period));
    }
    if any(&|s| s.date.is_open()) {
        items.push(("Arrow: since a date, still going", Swatch::Open));
    }
    if any(&|s| s.confidence == Some(Confidence::Medium)) {
        items.push((
            "Dashed ring: medium confidence",
            Swatch::Ring(Confidence::Medium),
        ));
    }
    if any(&|s| s.confidence == Some(Confidence::Low)) {
        items.push(("Dotted ring: low confidence", Swatch::Ring(Confidence::Low)));
    }
    if any(&|s| s.date_inferred) {
        items.push(("Dashed bar: date inferred", Swatch::Inferred));
    }
    items
}

/// The legend: [`legend_items`] flowing into lines; returns the y below it.
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
    let swatch = 16.0;
    let line_h = font.height().max(12.0) + 4.0;
    let (mut x, mut y) = (pad, top);
    canvas.open(Group::new().class("legend"))?;
    for (label, kind) in legend_items(&all) {
        let label = ellipsize(label, width - 2.0 * pad - swatch, font.size, font.bold);
        let w = swatch + font.width(&label);
        if x > pad && x + w > width - pad {
            x = pad;
            y += line_h;
        }
        let cy = y + line_h / 2.0 - 2.0;
        let mut group = Group::new().class("legend-item");
        group = match kind {
            Swatch::Measure(m) => group.class(&format!("measure-{}", m.key())),
            Swatch::Finding => group.class("legend-finding"),
            Swatch::Period => group.class("legend-period"),
            Swatch::Open => group.class("legend-open"),
            Swatch::Ring(c) => group.class(&format!("legend-confidence-{}", c.key())),
            Swatch::Inferred => group.class("legend-date-inferred"),
            Swatch::Hollow | Swatch::Bar => group,
        };
        canvas.open(group)?;
        match kind {
            Swatch::Measure(m) => {
                let s = theme.measure(m);
                canvas.mark(s.mark, (x + 5.0, cy), 5.0, s.fill, false, theme.background)?;
            }
            Swatch::Hollow => {
                canvas.mark(
                    Mark::Circle,
                    (x + 5.0, cy),
                    5.0,
                    theme.muted,
                    true,
                    theme.background,
                )?;
            }
            Swatch::Bar => {
                canvas.rect((x, cy - 1.5), (x + 11.0, cy + 1.5), theme.muted)?;
            }
            Swatch::Period => {
                canvas.rect((x, cy - 1.5), (x + 11.0, cy + 1.5), theme.muted)?;
                canvas.path(&[(x, cy - 4.0), (x, cy + 4.0)], theme.muted, 2)?;
                canvas.path(
                    &[(x + 11.0, cy - 4.0), (x + 11.0, cy + 4.0)],
                    theme.muted,
                    2,
                )?;
            }
            Swatch::Open => {
                canvas.rect((x, cy - 1.5), (x + 8.0, cy + 1.5), theme.muted)?;
                open_end(canvas, x + 12.0, cy, theme.muted)?;
            }
            Swatch::Finding => finding_mark(canvas, (x + 5.0, cy), 5.0, theme)?,
            Swatch::Ring(c) => {
                canvas.circle((x + 5.0, cy), 3.0, theme.muted, true, 1)?;
                confidence_ring(canvas, (x + 5.0, cy), 3.0, Some(c), theme)?;
            }
            Swatch::Inferred => dashed_bar(canvas, (x, x + 12.0), cy, theme.muted)?,
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
