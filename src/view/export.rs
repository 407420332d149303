//! "Download data": the steps a filter shows, as CSV or JSON text (the
//! `exportData` export).
//!
//! The rows are exactly the selection the list and the map show for the same
//! filter ([`Catalog::select`], through the view's kept selection): the
//! selected countries in the dataset's order, each one's matching steps in
//! date order. Each row has the step's id, country code and name, date as the
//! data writes it, kind, measure, status, confidence, description, and its
//! sources' URLs, titles and publishers. A citation (title, publisher or
//! maintainer, date, source URL) and the licence, when the dataset states
//! one, go with them.
//!
//! Both writers are by hand: a few dozen lines each, where the `csv` crate
//! and serde_json's serializer would add their machinery to the wasm.
//!
//! CSV (RFC 4180): fields separated by commas, records by CRLF; a field
//! holding a comma, a quote, CR or LF is quoted, its quotes doubled. A field
//! a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading `'` (OWASP, "CSV Injection").
//! The text starts with a UTF-8 byte order mark, so that Excel reads it as
//! UTF-8 (without it, it guesses the system's code page and breaks every
//! accented name); other readers skip it. After the data rows, an empty
//! record, then `Citation,<text>` and, when there is one, `Licence,<text>`.
//!
//! JSON: `{"citation", "title", "publisher"?, "maintainer"?, "published"?,
//! "updated"?, "as_of"?, "source_url"?, "licence"?, "step_count", "steps":
//! [{"id", "country_code", "country", "date", "kind", "finding"?, "measure"?,
//! "status"?, "confidence"?, "description", "note"?, "sources": [{"url",
//! "title"?, "publisher", "date"?}]}]}` (absent values are left out).

use super::{select_kept, View};
use crate::error::{Error, Result};
use crate::model::{Dataset, Meta, Step};
use crate::query::Filter;
use std::fmt::Write;

/// The byte order mark a CSV export starts with (for Excel).
pub const BOM: char = '\u{feff}';

/// The CSV export's header row (its columns, in order).
pub const CSV_COLUMNS: [&str; 14] = [
    "id",
    "country_code",
    "country",
    "date",
    "kind",
    "finding",
    "measure",
    "status",
    "confidence",
    "description",
    "note",
    "source_urls",
    "source_titles",
    "source_publishers",
];

/// What joins a step's several sources in one CSV cell.
pub const SOURCE_SEPARATOR: &str = " | ";

/// A format of "Download data".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Comma-separated values (RFC 4180, UTF-8 with BOM, CRLF).
    Csv,
    /// JSON.
    Json,
}

impl ExportFormat {
    /// Reads `"csv"` or `"json"`.
    pub fn parse(name: &str) -> Result<ExportFormat> {
        match name {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(Error::Argument(format!(
                "format: expected \"csv\" or \"json\", got {other:?}"
            ))),
        }
    }
}

impl View {
    /// The steps `filter` shows, as text in `format` (the `exportData` export).
    pub fn export_data(&mut self, filter: Filter, format: ExportFormat) -> String {
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let selection = select_kept(catalog, &mut kept.selection, filter);
        let data = catalog.dataset();
        let steps: Vec<&Step> = selection
            .codes()
            .flat_map(|code| selection.steps_of(code).unwrap_or_default())
            .filter_map(|&i| data.steps.get(i))
            .collect();
        match format {
            ExportFormat::Csv => csv(data, &steps),
            ExportFormat::Json => json(data, &steps),
        }
    }
}

/// The citation of a dataset: its title, who published or keeps it, its
/// date, and its source URL, as the dataset has them, joined by ". ".
pub fn citation(meta: &Meta) -> String {
    let mut parts = vec![meta.title.as_str().to_owned()];
    let mut who = Vec::new();
    if let Some(p) = &meta.publisher {
        who.push(p.as_str().to_owned());
    }
    if let Some(m) = &meta.maintainer {
        who.push(format!("maintained by {}", m.as_str()));
    }
    if let Some(d) = meta.published {
        who.push(format!("published {d}"));
    }
    if let Some(d) = meta.updated {
        who.push(format!("updated {d}"));
    }
    if let Some(d) = meta.as_of {
        who.push(format!("data as of {d}"));
    }
    if !who.is_empty() {
        parts.push(who.join(", "));
    }
    if let Some(url) = &meta.source_url {
        parts.push(url.clone());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(". ")
}

/// The cells of one step, in [`CSV_COLUMNS`]' order.
fn cells(data: &Dataset, step: &Step) -> [String; 14] {
    let joined = |f: &dyn Fn(&crate::model::Source) -> String| {
        step.sources
            .iter()
            .map(f)
            .collect::<Vec<_>>()
            .join(SOURCE_SEPARATOR)
    };
    [
        step.id.clone(),
        step.country.clone(),
        country_name(data, &step.country),
        step.date.to_string(),
        step.kind.key().to_owned(),
        step.finding.map(|f| f.key()).unwrap_or_default().to_owned(),
        step.measure.map(|m| m.key()).unwrap_or_default().to_owned(),
        step.status.map(|s| s.key()).unwrap_or_default().to_owned(),
        step.confidence
            .map(|c| c.key())
            .unwrap_or_default()
            .to_owned(),
        step.description.as_str().to_owned(),
        step.note
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default(),
        joined(&|s| s.url.clone()),
        joined(&|s| {
            s.title
                .as_ref()
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default()
        }),
        joined(&|s| s.publisher.as_str().to_owned()),
    ]
}

fn country_name(data: &Dataset, code: &str) -> String {
    data.country(code)
        .map(|c| c.name.as_str().to_owned())
        .unwrap_or_default()
}

/// One CSV field: formula-like text prefixed with `'`, then quoted when it
/// holds a comma, a quote, CR or LF (RFC 4180).
pub fn csv_field(text: &str) -> String {
    let guarded = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn csv_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f.as_ref())).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn csv(data: &Dataset, steps: &[&Step]) -> String {
    let mut out = String::from(BOM);
    csv_record(&mut out, &CSV_COLUMNS);
    for step in steps {
        csv_record(&mut out, &cells(data, step));
    }
    out.push_str("\r\n");
    csv_record(&mut out, &["Citation".to_owned(), citation(&data.meta)]);
    if let Some(l) = &data.meta.licence {
        csv_record(&mut out, &["Licence", l.as_str()]);
    }
    out
}

/// `text` as a JSON string.
fn json_str(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object written member by member, absent values left out.
struct Obj<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Obj<'o> {
    fn new(out: &'o mut String) -> Obj<'o> {
        out.push('{');
        Obj { out, first: true }
    }

    fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        json_str(self.out, key);
        self.out.push(':');
        self.out
    }

    fn str(&mut self, key: &str, value: &str) {
        let out = self.key(key);
        json_str(out, value);
    }

    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    fn end(self) {
        self.out.push('}');
    }
}

fn json(data: &Dataset, steps: &[&Step]) -> String {
    let meta = &data.meta;
    let mut text = String::new();
    let mut o = Obj::new(&mut text);
    o.str("citation", &citation(meta));
    o.str("title", meta.title.as_str());
    o.opt("publisher", meta.publisher.as_ref().map(|t| t.as_str()));
    o.opt("maintainer", meta.maintainer.as_ref().map(|t| t.as_str()));
    let date = |d: Option<crate::date::PartialDate>| d.map(|d| d.to_string());
    o.opt("published", date(meta.published).as_deref());
    o.opt("updated", date(meta.updated).as_deref());
    o.opt("as_of", date(meta.as_of).as_deref());
    o.opt("source_url", meta.source_url.as_deref());
    o.opt("licence", meta.licence.as_deref());
    let _ = write!(o.key("step_count"), "{}", steps.len());
    let out = o.key("steps");
    out.push('[');
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut s = Obj::new(out);
        s.str("id", &step.id);
        s.str("country_code", &step.country);
        s.str("country", &country_name(data, &step.country));
        s.str("date", &step.date.to_string());
        s.str("kind", step.kind.key());
        s.opt("finding", step.finding.map(|f| f.key()));
        s.opt("measure", step.measure.map(|m| m.key()));
        s.opt("status", step.status.map(|x| x.key()));
        s.opt("confidence", step.confidence.map(|c| c.key()));
        s.str("description", step.description.as_str());
        s.opt("note", step.note.as_ref().map(|n| n.as_str()));
        let out = s.key("sources");
        out.push('[');
        for (j, src) in step.sources.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let mut so = Obj::new(out);
            so.str("url", &src.url);
            so.opt("title", src.title.as_ref().map(|t| t.as_str()));
            so.str("publisher", src.publisher.as_str());
            so.opt("date", src.date.map(|d| d.to_string()).as_deref());
            so.end();
        }
        out.push(']');
        s.end();
    }
    out.push(']');
    o.end();
    text
}
