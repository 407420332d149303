//! Validation: reads a dataset's untyped tree once, lists *every* problem in
//! it with the JSON path it is about, and builds the typed dataset as it goes.
//!
//! Serde's derived deserializer stops at the first error and says little about
//! where it is; a newsroom fixing an export needs the whole list at once. So
//! this module walks the [`Node`] tree that [`crate::untyped::parse`] reads
//! from the JSON text (in the browser too), checks every rule, and each check
//! returns the value it accepted, from which the [`Dataset`] is put together:
//! one pass, no second reading by serde. Warnings (unknown fields, unused
//! countries, dates after the dataset's own date) are reported but do not
//! reject the data.
//!
//! The walk is linear in the size of the document: ids and references are
//! checked through hash maps, paths are only rendered to text for a problem.

use crate::date::{PartialDate, When};
use crate::error::{json_string, quote, Error, Problem, Result};
use crate::model::{
    Claim, Confidence, Country, Dataset, DatasetKind, Dispute, Figure, FigureKind, FigureValue,
    FindingKind, Measure, Meta, Quote, Region, Resolution, Source, Stage, Step, StepKind, Text,
    Translation, SCHEMA_VERSION, SCHEMA_VERSIONS, UNSPECIFIED_RESOLUTION,
};
use crate::untyped::{self, Node};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::{BuildHasherDefault, Hasher};

/// A dataset that passed validation, with the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The typed dataset.
    pub dataset: Dataset,
    /// Problems that do not reject the data.
    pub warnings: Vec<Problem>,
}

/// Parses JSON text and validates it ([`crate::untyped::parse`], then
/// [`load_node`]): the one pipeline of the browser, the command line and the
/// seed story. A syntax error is [`Error::Json`] with line and column.
pub fn load_str(text: &str) -> Result<Loaded> {
    // A string read straight from the text can only hold U+FFFD if the text
    // does; one search of the text for U+FFFD's first byte (memchr) is cheaper
    // than a search per string (4 ms of the 10,000-step load). Strings with
    // escapes are always searched.
    let may_hold_fffd = text.as_bytes().contains(&0xEF) && text.contains('\u{FFFD}');
    match untyped::parse(text) {
        Ok(tree) => check(&tree, may_hold_fffd),
        // Half of a surrogate pair, escaped (text cut inside an emoji by a
        // writer that escapes it, as JSON.stringify does): read as U+FFFD,
        // which `Checker::string` warns about, as JSON.parse would read it.
        Err(error) => match untyped::replace_lone_surrogates(text) {
            Some(fixed) => check(&untyped::parse(&fixed)?, true),
            None => Err(error),
        },
    }
}

/// Validates an untyped tree and, if it has no errors, returns the typed dataset.
///
/// On any error the result is [`Error::Invalid`] with every problem found,
/// warnings included (their [`crate::Severity`] tells them apart).
pub fn load_node(tree: &Node) -> Result<Loaded> {
    check(tree, true)
}

/// [`load_node`], told whether a string borrowed from the text may hold U+FFFD.
fn check(tree: &Node, may_hold_fffd: bool) -> Result<Loaded> {
    let mut checker = Checker {
        may_hold_fffd,
        ..Checker::default()
    };
    let dataset = checker.dataset(tree);
    let Checker {
        mut problems,
        errors,
        ..
    } = checker;
    match dataset {
        Some(dataset) if errors == 0 => Ok(Loaded {
            dataset,
            warnings: problems,
        }),
        None if errors == 0 => {
            problems.push(Problem::error("$", UNREAD));
            Err(Error::Invalid(problems))
        }
        _ => Err(Error::Invalid(problems)),
    }
}

/// Every problem (errors and warnings) in an untyped tree, in the order the
/// document is checked: schema version, meta, resolutions, countries, steps,
/// figures, then dataset-wide warnings. Any tree is accepted as input; this
/// never panics.
pub fn validate_node(tree: &Node) -> Vec<Problem> {
    match load_node(tree) {
        Ok(loaded) => loaded.warnings,
        Err(Error::Invalid(problems)) => problems,
        Err(other) => other.problems(),
    }
}

/// [`load_node`] on a [`serde_json::Value`] (for tests and native tools that
/// build data as values; the widget reads text). A value nested more than
/// [`untyped::MAX_DEPTH`] levels deep is an [`Error::Argument`].
pub fn load_value(value: Value) -> Result<Loaded> {
    load_node(&value_tree(&value)?)
}

/// [`validate_node`] on a [`serde_json::Value`].
pub fn validate_value(value: &Value) -> Vec<Problem> {
    match value_tree(value) {
        Ok(tree) => validate_node(&tree),
        Err(e) => e.problems(),
    }
}

fn value_tree(value: &Value) -> Result<Node<'_>> {
    Node::from_value(value).ok_or_else(|| {
        Error::Argument(format!(
            "the dataset is nested more than {} levels deep",
            untyped::MAX_DEPTH
        ))
    })
}

/// What a value that passed its checks but could not be built says: a fault
/// of this module, never of the data (the tests check it never happens).
const UNREAD: &str =
    "passed validation but could not be read (a fault in the validator; please report it)";
// ---------------------------------------------------------------------------
// The format's field lists. The JSON Schema (schema/dataset.schema.json) and
// the tests check that these agree with it.

/// Fields of the dataset object.
pub const DATASET_FIELDS: &[&str] = &[
    "schema_version",
    "meta",
    "resolutions",
    "countries",
    "steps",
    "figures",
];
/// Fields of `meta`.
pub const META_FIELDS: &[&str] = &[
    "kind",
    "title",
    "summary",
    "publisher",
    "byline",
    "published",
    "as_of",
    "source_url",
    "credits",
    "licence",
    "maintainer",
    "updated",
    "language",
    "translations",
];
/// Fields of a resolution.
pub const RESOLUTION_FIELDS: &[&str] = &["id", "adopted", "requires"];
/// Fields of a country.
pub const COUNTRY_FIELDS: &[&str] = &["code", "name", "region", "un_member"];
/// Fields of a step.
pub const STEP_FIELDS: &[&str] = &[
    "id",
    "country",
    "kind",
    "finding",
    "date",
    "date_inferred",
    "date_kind",
    "measure",
    "description",
    "resolutions",
    "status",
    "confidence",
    "sources",
    "disputes",
    "note",
];
/// Fields of a period (`{"from": D, "to": D}`).
pub const PERIOD_FIELDS: &[&str] = &["from", "to"];
/// Fields of a step's dispute.
pub const DISPUTE_FIELDS: &[&str] = &["about", "claims"];
/// Fields of a dispute's claim.
pub const CLAIM_FIELDS: &[&str] = &["source", "says"];
/// Fields of a source.
pub const SOURCE_FIELDS: &[&str] = &[
    "publisher",
    "url",
    "title",
    "title_inferred",
    "date",
    "quote",
];
/// Fields of a quote.
pub const QUOTE_FIELDS: &[&str] = &["text", "speaker", "lang", "translated", "translation"];
/// Fields of a quote's translation.
pub const TRANSLATION_FIELDS: &[&str] = &["text", "lang"];
/// Fields of a figure.
pub const FIGURE_FIELDS: &[&str] = &[
    "id",
    "country",
    "metric",
    "unit",
    "kind",
    "values",
    "source",
    "sources",
    "confidence",
    "note",
];
/// Fields of one dated value of a figure.
pub const FIGURE_VALUE_FIELDS: &[&str] = &[
    "date",
    "value",
    "at_least",
    "at_most",
    "peak",
    "approximate",
    "covers",
    "source",
    "confidence",
    "note",
];
/// JSON names of [`crate::model::FigureKind`].
pub const FIGURE_KINDS: &[&str] = &["per_period", "level"];

const TEXT: &str = "text (a non-empty string)";
const DATE: &str = "a date (YYYY, YYYY-MM or YYYY-MM-DD)";
const DATE_FORMATS: &str = "YYYY, YYYY-MM or YYYY-MM-DD";
const WHEN: &str =
    "a date (YYYY, YYYY-MM, YYYY-MM-DD or a half year YYYY-H1/YYYY-H2) or a period {\"from\": …, \"to\": …}";
const WHEN_FORMATS: &str = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1 or YYYY-H2";
const LANG: &str = "a BCP 47 language tag, such as \"fr\", \"de\", \"ko\", \"en\" or \"zh-Hant\"";
const URL: &str = "an http(s) URL with a host, such as \"https://example.org/story\"";
/// How many known names a message lists before "and N more".
const LIST_LIMIT: usize = 8;

// ---------------------------------------------------------------------------
// JSON paths, built on the stack and rendered only when a problem is found.

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// A JSON path as a chain of links from the current value up to the root.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            seg: Seg::Key(key),
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Index(index),
        }
    }

    /// `steps[3].date`; `$` for the root; keys that are not plain names are
    /// quoted (`meta["a b"]`).
    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut link = Some(self);
        while let Some(p) = link {
            segs.push(p.seg);
            link = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(key) if is_plain_name(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Seg::Key(key) => {
                    if out.is_empty() {
                        out.push('$');
                    }
                    out.push('[');
                    json_string(&mut out, key);
                    out.push(']');
                }
                Seg::Index(i) => {
                    if out.is_empty() {
                        out.push('$');
                    }
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        if out.is_empty() {
            out.push('$');
        }
        out
    }
}

fn is_plain_name(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

// ---------------------------------------------------------------------------
// Describing what was expected and what was found. Expectations are only
// rendered to text when a problem is reported.

/// `what (shape)`: `a step (an object)`.
struct Kind<'a>(&'a str, &'static str);

impl fmt::Display for Kind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0, self.1)
    }
}

/// `what (one of: a, b, c)`.
struct OneOf<'a>(&'a str, &'a [&'a str]);

impl fmt::Display for OneOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (one of: {})", self.0, self.1.join(", "))
    }
}

/// A short description of a JSON value for messages: `"2017-13-01"`, `the number 42`, `an object`.
fn found(value: &Node) -> String {
    match value {
        Node::Null => "null".to_owned(),
        Node::Bool(b) => b.to_string(),
        Node::Number(n) => format!("the number {}", n),
        Node::String(s) => quote(s),
        Node::Array(items) if items.is_empty() => "an empty array".to_owned(),
        Node::Array(_) => "an array".to_owned(),
        Node::Object(_) => "an object".to_owned(),
    }
}

/// `a, b, c and 4 more`.
fn list(names: &[&str]) -> String {
    let shown = names.iter().take(LIST_LIMIT).copied().collect::<Vec<_>>();
    let mut out = shown.join(", ");
    if names.len() > LIST_LIMIT {
        let _ = write!(out, " and {} more", names.len() - LIST_LIMIT);
    }
    out
}

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" on short names only.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let get = |d: &[usize], i: usize, j: usize| d.get(i * width + j).copied().unwrap_or(0);
    for (k, slot) in d.iter_mut().enumerate() {
        let (i, j) = (k / width, k % width);
        if i == 0 || j == 0 {
            *slot = i + j;
        }
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a.get(i - 1) != b.get(j - 1));
            let mut best = (get(&d, i - 1, j) + 1)
                .min(get(&d, i, j - 1) + 1)
                .min(get(&d, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                best = best.min(get(&d, i - 2, j - 2) + 1);
            }
            if let Some(slot) = d.get_mut(i * width + j) {
                *slot = best;
            }
        }
    }
    get(&d, a.len(), b.len())
}

/// The known name closest to `name`, if it is close enough to be a typo:
/// same name up to case, `-` or space for `_`, or one or two edits away.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    if name.len() > 40 {
        return None;
    }
    let normal: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if let Some(k) = known.iter().find(|k| **k == normal) {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (edit_distance(&normal, k), *k))
        .filter(|(d, k)| *d <= 2 && *d * 3 <= k.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Why `url` is not an http(s) URL with a host, if it is not. Byte-level on
/// purpose: every source of every step has a URL.
fn url_problem(url: &str) -> Option<&'static str> {
    let bad_char = if url.is_ascii() {
        url.bytes().any(|b| b <= b' ' || b == 0x7f)
    } else {
        url.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if bad_char {
        return Some("contains spaces or control characters");
    }
    let Some(rest) = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))
    else {
        return Some("is not an http(s) URL");
    };
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let host_port = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or(""),
        None => authority,
    };
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        let Some((inside, after)) = v6.split_once(']') else {
            return Some("has an unclosed [IPv6] host");
        };
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return Some("has a bad port");
        }
        if inside.is_empty()
            || !inside
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Some("has a bad [IPv6] host");
        }
        inside
    } else {
        let (host, port) = host_port.split_once(':').unwrap_or((host_port, ""));
        if !is_port(port) {
            return Some("has a bad port");
        }
        host
    };
    let host_chars_ok = if host.is_ascii() {
        host.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b':'))
    } else {
        host.chars().all(|c| {
            !c.is_ascii() || c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':')
        })
    };
    match host.as_bytes() {
        [] => Some("has no host"),
        [b'.' | b'-', ..] => Some("has a malformed host"),
        bytes if !host_chars_ok || bytes.windows(2).any(|w| w == b"..") => {
            Some("has a malformed host")
        }
        _ => None,
    }
}

/// `s` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Whether `s` looks like a number written as text (`"400"`, `" 1,200 "`).
fn looks_numeric(s: &str) -> bool {
    let s = s.trim();
    s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'))
}

/// Whether `s` is empty or only white space; the common case (a visible
/// ASCII first character) without decoding.
fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => s.trim().is_empty(),
    }
}

/// The alpha-2 codes of ISO 3166-1, as celes lists them, one bit per code in
/// a 26 × 26 table built at compile time: the wasm carries 104 bytes rather
/// than celes' lookup maps of every country's names (about 20 KB gzipped).
const ALPHA2: [u32; 26] = {
    let countries = celes::Country::get_countries();
    let mut table = [0u32; 26];
    let mut i = 0;
    while i < countries.len() {
        let code = countries[i].alpha2.as_bytes();
        if code.len() == 2 && code[0].is_ascii_uppercase() && code[1].is_ascii_uppercase() {
            table[(code[0] - b'A') as usize] |= 1 << (code[1] - b'A');
        }
        i += 1;
    }
    table
};

/// Whether `code` is an ISO 3166-1 alpha-2 code, upper case (`PL`).
fn is_alpha2(code: &str) -> bool {
    match *code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => ALPHA2
            .get(usize::from(a - b'A'))
            .is_some_and(|row| (row >> (b - b'A')) & 1 == 1),
        _ => false,
    }
}

fn is_port(port: &str) -> bool {
    port.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` has the shape of a date (digits and dashes in the right places),
/// to tell "not a date" from "no such day".
fn date_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let dash = |i: usize| b.get(i) == Some(&b'-');
    match b.len() {
        4 => (0..4).all(digit),
        7 => (0..4).all(digit) && dash(4) && (5..7).all(digit),
        10 => (0..4).all(digit) && dash(4) && (5..7).all(digit) && dash(7) && (8..10).all(digit),
        _ => false,
    }
}

/// Whether `tag` has the shape of a BCP 47 language tag: a primary
/// language of two or three letters, then subtags of one to eight letters
/// or digits (`fr`, `zh-Hant`, `de-CH`, `sr-Latn-RS`).
fn is_lang_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary_ok = subtags
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Quotation marks a quote may open with and close with.
const OPENING_MARKS: &[char] = &[
    '"', '\u{201c}', '\u{201d}', '\u{ab}', '\u{bb}', '\u{201e}', '\u{2018}', '\u{2019}', '\u{300c}',
];
const CLOSING_MARKS: &[char] = &[
    '"', '\u{201d}', '\u{201c}', '\u{bb}', '\u{ab}', '\u{2019}', '\u{2018}', '\u{300d}',
];

/// If `text` begins and ends with quotation marks of its own (`“…”`,
/// `«…»`, `„…“`, `「…」`, `"…"`), and neither mark occurs inside (as in
/// `"a" and "b"`), the text inside them, trimmed, and the two marks.
fn tidy_quote(text: &str) -> Option<(&str, char, char)> {
    let mut chars = text.chars();
    let open = chars.next()?;
    let close = chars.next_back()?;
    if !OPENING_MARKS.contains(&open) || !CLOSING_MARKS.contains(&close) {
        return None;
    }
    let inner = chars.as_str();
    if inner.contains(open) || inner.contains(close) || is_blank(inner) {
        return None;
    }
    Some((inner.trim(), open, close))
}

/// A count as messages write it (`400`, `2.5`).
fn format_count(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// What checking one figure value needs to know about the others.
struct ValueContext<'c> {
    /// Index of the value among the figure's values.
    index: usize,
    /// Number of sources the figure has.
    source_count: usize,
    /// (date, source) → index of the first value for it.
    dates: &'c mut FastMap<(When, usize), usize>,
    /// The previous value's date and index.
    previous: &'c mut Option<(When, usize)>,
    /// Whether values out of date order were already warned about.
    order_warned: &'c mut bool,
}

// ---------------------------------------------------------------------------
// The walk.

/// An object's members, in source order.
type Members<'v> = [(Cow<'v, str>, Node<'v>)];

/// An object being checked. It counts the known fields found in it, so that
/// once every member was one, an absent optional field costs nothing, and
/// at the end, looking for unknown and repeated fields costs nothing either.
/// Each known field is looked up once, through [`Obj::get`], which starts
/// where the last one was found: fields written in the usual order are found
/// at the first comparison.
struct Obj<'v> {
    members: &'v Members<'v>,
    found: Cell<usize>,
    next: Cell<usize>,
}

impl<'v> Obj<'v> {
    fn get(&self, key: &str) -> Option<&'v Node<'v>> {
        let members = self.members;
        if self.found.get() == members.len() {
            // Every member was some other known field: `key` is absent.
            return None;
        }
        let mut i = self.next.get();
        for _ in 0..members.len() {
            if i >= members.len() {
                i = 0;
            }
            if let Some((name, value)) = members.get(i) {
                if name.as_bytes() == key.as_bytes() {
                    self.found.set(self.found.get() + 1);
                    self.next.set(i + 1);
                    return Some(value);
                }
            }
            i += 1;
        }
        None
    }

    /// The member `key`, without counting it as found.
    fn peek(&self, key: &str) -> Option<&'v Node<'v>> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}

/// The multiply-rotate hash rustc uses (FxHash), finalized: ids and codes are short, and
/// SipHash's protection is moot where the data is the page's own (and
/// wasm32-unknown-unknown has no random keys anyway).
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf.iter_mut().zip(chunk).for_each(|(b, c)| *b = *c);
            self.add(u64::from_le_bytes(buf) ^ ((chunk.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// Mixes the high bits down (splitmix64's finalizer): the multiply only
    /// carries upwards, and the table picks buckets by the low bits, so
    /// without this, ids that differ only at the end ("s-1", "s-2") collide.
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A country of the dataset, as far as steps and figures need it.
struct CountryEntry {
    index: usize,
    used: bool,
}

#[derive(Default)]
struct Checker<'v> {
    problems: Vec<Problem>,
    errors: usize,
    /// The date the data is current to, and the field it comes from.
    as_of: Option<(PartialDate, &'static str)>,
    countries: FastMap<&'v str, CountryEntry>,
    /// Country codes in dataset order (first use of each).
    country_order: Vec<&'v str>,
    resolutions: FastMap<&'v str, usize>,
    /// Resolution ids in dataset order (first use of each).
    resolution_order: Vec<&'v str>,
    country_list: Option<String>,
    resolution_list: Option<String>,
    /// Whether a string borrowed from the text may hold U+FFFD (when not,
    /// only strings that had escapes are searched for it).
    may_hold_fffd: bool,
    /// The dataset's schema_version (the newest when it has none readable).
    version: u32,
    /// `meta.language`, when it is a language tag (every text must have it);
    /// empty: English.
    lang: String,
    /// `meta.translations`: the other languages texts should be given in.
    translations: Vec<String>,
}

impl<'v> Checker<'v> {
    fn error(&mut self, path: &Path, message: impl Into<String>) {
        self.errors += 1;
        self.problems.push(Problem::error(path.render(), message));
    }

    fn warn(&mut self, path: &Path, message: impl Into<String>) {
        self.problems.push(Problem::warning(path.render(), message));
    }

    /// Adds an item a list check built to `into`. An item that could not be
    /// built is always explained by an error already reported; should a
    /// check ever fail silently, the data is still rejected, never cut short.
    fn keep<T>(&mut self, path: &Path, errors_before: usize, item: Option<T>, into: &mut Vec<T>) {
        match item {
            Some(item) => into.push(item),
            None if self.errors == errors_before => self.error(path, UNREAD),
            None => {}
        }
    }

    // --- generic pieces ----------------------------------------------------

    /// The value of a field, reporting it when required and missing or `null`.
    /// `null` in an optional field is taken as absent.
    fn field(
        &mut self,
        path: &Path,
        value: Option<&'v Node<'v>>,
        need: Need,
        expected: &str,
    ) -> Option<&'v Node<'v>> {
        match (value, need) {
            (Some(Node::Null), Need::Optional) => None,
            (Some(Node::Null), Need::Required) => {
                self.error(path, format!("expected {expected}, found null"));
                None
            }
            (Some(v), _) => Some(v),
            (None, Need::Required) => {
                self.error(path, format!("missing required field; expected {expected}"));
                None
            }
            (None, Need::Optional) => None,
        }
    }

    fn wrong_type(&mut self, path: &Path, expected: &dyn fmt::Display, value: &Node) {
        self.error(path, format!("expected {expected}, found {}", found(value)));
    }

    fn object(&mut self, path: &Path, value: &'v Node<'v>, what: &str) -> Option<Obj<'v>> {
        match value {
            Node::Object(members) => Some(Obj {
                members,
                found: Cell::new(0),
                next: Cell::new(0),
            }),
            other => {
                self.wrong_type(path, &Kind(what, "an object"), other);
                None
            }
        }
    }

    fn array(&mut self, path: &Path, value: &'v Node<'v>, what: &str) -> Option<&'v [Node<'v>]> {
        match value {
            Node::Array(items) => Some(items),
            other => {
                self.wrong_type(path, &Kind(what, "an array"), other);
                None
            }
        }
    }

    /// A string that must not be blank (ids, codes).
    fn string(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        expected: &dyn fmt::Display,
    ) -> Option<&'v str> {
        match value {
            Node::String(s) if is_blank(s) => {
                self.error(
                    path,
                    format!("empty string ({}); expected {expected}", quote(s)),
                );
                None
            }
            Node::String(s) => {
                let unescaped = matches!(s, Cow::Owned(_));
                if (unescaped || self.may_hold_fffd) && s.contains('\u{FFFD}') {
                    self.warn(
                        path,
                        "contains \u{FFFD} (U+FFFD), the mark of a character that could not be read \
                         (for example text cut in the middle of an emoji); check the source text",
                    );
                }
                Some(s)
            }
            Node::Number(n) => {
                let message = format!(
                    "expected {expected}, found the number {n} (write it in quotes: \"{n}\")"
                );
                self.error(path, message);
                None
            }
            other => {
                self.wrong_type(path, expected, other);
                None
            }
        }
    }

    /// A human-readable text. Every text of the format goes through here, so
    /// per-language texts (`{"en": …, "ko": …}`) and "missing translation"
    /// warnings are added in this one place.
    fn text(&mut self, path: &Path, value: &'v Node<'v>) -> Option<Text> {
        if let Node::Object(members) = value {
            if !self.needs_v2(path, "a text given per language") {
                return None;
            }
            return self.text_per_language(path, members);
        }
        let text = self.string(path, value, &TEXT).map(Text::from)?;
        if !self.translations.is_empty() {
            self.missing_translations(path, &text);
        }
        Some(text)
    }

    /// The dataset's default language (`meta.language`, else English).
    fn default_lang(&self) -> &str {
        if self.lang.is_empty() {
            "en"
        } else {
            &self.lang
        }
    }

    /// A text per language, `{"en": …, "ko": …}`: every key a language tag,
    /// every value a text, the default language's there.
    fn text_per_language(
        &mut self,
        path: &Path,
        members: &'v [(Cow<'v, str>, Node<'v>)],
    ) -> Option<Text> {
        let mut langs: Vec<(String, String)> = Vec::with_capacity(members.len());
        let mut ok = true;
        for (tag, node) in members {
            let p = path.key(tag);
            if !is_lang_tag(tag) {
                self.error(
                    &p,
                    format!(
                        "{} is not a language tag; a text per language is keyed by {LANG}",
                        quote(tag)
                    ),
                );
                ok = false;
                continue;
            }
            if langs.iter().any(|(t, _)| t.eq_ignore_ascii_case(tag)) {
                self.error(&p, format!("the {} text is given twice", quote(tag)));
                ok = false;
                continue;
            }
            match self.string(&p, node, &TEXT) {
                Some(text) => langs.push((tag.to_string(), text.to_owned())),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let default = self.default_lang().to_owned();
        let Some(text) = Text::translated(&default, langs) else {
            let given: Vec<String> = members.iter().map(|(t, _)| quote(t)).collect();
            self.error(
                path,
                format!(
                    "no text in the dataset's language {} (meta.language; given: {}): readers of any \
                     other language see that one",
                    quote(&default),
                    given.join(", ")
                ),
            );
            return None;
        };
        for tag in text.languages() {
            let declared = tag.eq_ignore_ascii_case(&default)
                || self
                    .translations
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(tag));
            if !declared {
                self.warn(
                    &path.key(tag),
                    format!(
                        "{} is not in meta.translations: add it there, and validation lists every text \
                         that has no {} version",
                        quote(tag),
                        quote(tag)
                    ),
                );
            }
        }
        self.missing_translations(path, &text);
        Some(text)
    }

    /// Warns of each language of `meta.translations` that `text` lacks.
    fn missing_translations(&mut self, path: &Path, text: &Text) {
        let missing: Vec<String> = self
            .translations
            .iter()
            .filter(|t| !text.has(t))
            .map(|t| quote(t))
            .collect();
        if missing.is_empty() {
            return;
        }
        let message = format!(
            "no {} text: readers in {} see the {} text",
            missing.join(" or "),
            if missing.len() == 1 {
                "that language"
            } else {
                "those languages"
            },
            quote(self.default_lang())
        );
        self.warn(path, message);
    }

    /// `meta.translations`: a list of language tags, none the default's.
    fn translations_field(&mut self, path: &Path, object: &Obj<'v>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let Some(v) = self.v2_get(path, object, "translations") else {
            return out;
        };
        let p = path.key("translations");
        let Some(items) = self.array(
            &p,
            v,
            "the languages texts are translated into (language tags)",
        ) else {
            return out;
        };
        for (i, item) in items.iter().enumerate() {
            let q = p.index(i);
            let Some(tag) = self.string(&q, item, &LANG) else {
                continue;
            };
            if !is_lang_tag(tag) {
                self.error(
                    &q,
                    format!("{} is not a language tag; expected {LANG}", quote(tag)),
                );
            } else if tag.eq_ignore_ascii_case(self.default_lang()) {
                self.warn(
                    &q,
                    format!(
                        "{} is the dataset's own language (meta.language), not a translation",
                        quote(tag)
                    ),
                );
            } else if out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                self.warn(&q, format!("{} is listed twice", quote(tag)));
            } else {
                out.push(tag.to_owned());
            }
        }
        out
    }

    fn date(&mut self, path: &Path, value: &'v Node<'v>) -> Option<PartialDate> {
        let text = self.string(path, value, &DATE)?;
        let date = PartialDate::parse(text);
        if date.is_none() {
            let message = if date_shaped(text) {
                format!(
                    "{} is not a date ({DATE_FORMATS}): there is no such month or day",
                    quote(text)
                )
            } else {
                format!("{} is not a date ({DATE_FORMATS})", quote(text))
            };
            self.error(path, message);
        }
        date
    }

    fn url(&mut self, path: &Path, value: &'v Node<'v>) -> Option<String> {
        let url = self.string(path, value, &URL)?;
        match url_problem(url) {
            Some(why) => {
                self.error(path, format!("{} {why}; expected {URL}", quote(url)));
                None
            }
            None => Some(url.to_owned()),
        }
    }

    fn boolean(&mut self, path: &Path, value: &'v Node<'v>) -> Option<bool> {
        match value {
            Node::Bool(b) => Some(*b),
            other => {
                self.wrong_type(path, &"true or false", other);
                None
            }
        }
    }

    /// One of a closed set of names; `what` names the set ("a measure").
    fn one_of(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'v str> {
        let name = self.string(path, value, &OneOf(what, allowed))?;
        if allowed.contains(&name) {
            return Some(name);
        }
        let mut message = format!(
            "{} is not {what}; expected one of: {}",
            quote(name),
            allowed.join(", ")
        );
        if let Some(k) = closest(name, allowed) {
            let _ = write!(message, "; did you mean \"{k}\"?");
        }
        self.error(path, message);
        None
    }

    /// Warns about every member of `object` not in `known`, and rejects a
    /// field given twice (`JSON.parse` would silently keep the last one).
    fn unknown_fields(&mut self, path: &Path, object: &Obj<'v>, known: &[&str]) {
        let members = object.members;
        if object.found.get() == members.len() {
            return;
        }
        // Short objects (all real ones) are scanned; long ones hashed.
        let mut seen: FastMap<&str, ()> = FastMap::default();
        for (i, (key, _)) in members.iter().enumerate() {
            let twice = if members.len() <= 16 {
                members.iter().take(i).any(|(k, _)| k == key)
            } else {
                seen.insert(key, ()).is_some()
            };
            if twice {
                self.error(
                    &path.key(key),
                    "this field is given twice in the object; keep one (a JSON reader would silently use the last)",
                );
                continue;
            }
            if known.contains(&key.as_ref()) {
                continue;
            }
            let message = match closest(key, known) {
                Some(k) => format!("unknown field, ignored; did you mean \"{k}\"?"),
                None => format!("unknown field, ignored; known fields: {}", known.join(", ")),
            };
            self.warn(&path.key(key), message);
        }
    }

    /// The text field `key` of `object`.
    fn text_field(&mut self, path: &Path, object: &Obj<'v>, key: &str, need: Need) -> Option<Text> {
        let p = path.key(key);
        let v = self.field(&p, object.get(key), need, TEXT)?;
        self.text(&p, v)
    }

    fn date_field(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        key: &str,
        need: Need,
    ) -> Option<PartialDate> {
        let p = path.key(key);
        let v = self.field(&p, object.get(key), need, DATE)?;
        self.date(&p, v)
    }

    /// An optional `true` or `false`, `false` when absent.
    fn bool_field(&mut self, path: &Path, object: &Obj<'v>, key: &str) -> bool {
        let p = path.key(key);
        self.field(&p, object.get(key), Need::Optional, "true or false")
            .and_then(|v| self.boolean(&p, v))
            .unwrap_or(false)
    }

    fn url_field(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        key: &str,
        need: Need,
    ) -> Option<String> {
        let p = path.key(key);
        let v = self.field(&p, object.get(key), need, URL)?;
        self.url(&p, v)
    }

    /// A stable id, unique among `seen` (id → index of its first use under `list`).
    fn id_field(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        seen: &mut FastMap<&'v str, usize>,
        index: usize,
        list: &str,
    ) -> Option<&'v str> {
        let p = path.key("id");
        let v = self.field(
            &p,
            object.get("id"),
            Need::Required,
            "a unique id (a string)",
        )?;
        let id = self.string(&p, v, &"a unique id (a string)")?;
        if let Some(first) = seen.get(id) {
            let message = format!(
                "duplicate id {}, already used by {list}[{first}]",
                quote(id)
            );
            self.error(&p, message);
        } else {
            seen.insert(id, index);
        }
        Some(id)
    }

    /// The items of the optional array field `key` of the dataset (none when absent).
    fn list_field(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        key: &str,
        what: &str,
    ) -> &'v [Node<'v>] {
        self.field(path, object.get(key), Need::Optional, "an array")
            .and_then(|v| self.array(path, v, what))
            .unwrap_or_default()
    }

    // --- the format --------------------------------------------------------

    fn dataset(&mut self, value: &'v Node<'v>) -> Option<Dataset> {
        let root = Path::ROOT;
        let object = self.object(&root, value, "a dataset")?;
        let object = &object;
        let schema_version = self.schema_version(&root, object);
        self.version = schema_version.unwrap_or(SCHEMA_VERSION);
        let p = root.key("meta");
        let meta = self
            .field(
                &p,
                object.get("meta"),
                Need::Required,
                "the dataset's metadata (an object)",
            )
            .and_then(|v| self.meta(&p, v));
        let p = root.key("resolutions");
        let items = self.list_field(&p, object, "resolutions", "the resolutions");
        let mut resolutions = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (q, before) = (p.index(i), self.errors);
            let built = self.resolution(&q, item, i);
            self.keep(&q, before, built, &mut resolutions);
        }
        let p = root.key("countries");
        let items = self.list_field(&p, object, "countries", "the countries");
        let mut countries = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (q, before) = (p.index(i), self.errors);
            let built = self.country(&q, item, i);
            self.keep(&q, before, built, &mut countries);
        }
        let p = root.key("steps");
        let items = self.list_field(&p, object, "steps", "the steps");
        let mut steps = Vec::with_capacity(items.len());
        let mut ids = FastMap::with_capacity_and_hasher(items.len(), Default::default());
        for (i, item) in items.iter().enumerate() {
            let (q, before) = (p.index(i), self.errors);
            let built = self.step(&q, item, i, &mut ids);
            self.keep(&q, before, built, &mut steps);
        }
        let p = root.key("figures");
        let items = self.list_field(&p, object, "figures", "the figures");
        let mut figures = Vec::with_capacity(items.len());
        let mut ids = FastMap::with_capacity_and_hasher(items.len(), Default::default());
        for (i, item) in items.iter().enumerate() {
            let (q, before) = (p.index(i), self.errors);
            let built = self.figure(&q, item, i, &mut ids);
            self.keep(&q, before, built, &mut figures);
        }
        self.unknown_fields(&root, object, DATASET_FIELDS);
        self.unused_countries(&root.key("countries"));
        Some(Dataset {
            schema_version: schema_version?,
            meta: meta?,
            resolutions,
            countries,
            steps,
            figures,
        })
    }

    fn schema_version(&mut self, path: &Path, object: &Obj<'v>) -> Option<u32> {
        let p = path.key("schema_version");
        let expected = "the number 1 or 2";
        let v = self.field(&p, object.get("schema_version"), Need::Required, expected)?;
        match v {
            // `1.0` is the same number (JSON.parse and JSON Schema read it so).
            Node::Number(n) => {
                if let Some(version) = SCHEMA_VERSIONS
                    .into_iter()
                    .find(|k| n.as_f64() == Some(f64::from(*k)))
                {
                    return Some(version);
                }
                self.error(
                    &p,
                    format!("schema version {} is not supported; this build reads schema_version 1 or 2", n),
                )
            }
            other => self.wrong_type(&p, &expected, other),
        }
        None
    }

    // --- version 2 ---------------------------------------------------------

    /// Reports that `what` needs schema_version 2 when the dataset is
    /// version 1; true when it may be read.
    fn needs_v2(&mut self, path: &Path, what: &str) -> bool {
        if self.version >= 2 {
            return true;
        }
        self.error(
            path,
            format!("{what} needs schema_version 2 (the dataset says schema_version 1)"),
        );
        false
    }

    /// The value of the optional field `key`, which version 2 added: absent
    /// (and an error) in a version 1 dataset; `null` is absent.
    fn v2_get(&mut self, path: &Path, object: &Obj<'v>, key: &str) -> Option<&'v Node<'v>> {
        let v = object.get(key)?;
        if v.is_null() || !self.needs_v2(&path.key(key), "this field") {
            return None;
        }
        Some(v)
    }

    /// An optional `true` or `false` field that version 2 added; `default` when absent.
    fn v2_bool(&mut self, path: &Path, object: &Obj<'v>, key: &str, default: bool) -> bool {
        self.v2_get(path, object, key)
            .and_then(|v| self.boolean(&path.key(key), v))
            .unwrap_or(default)
    }

    /// An optional name of a closed set, a field version 2 added.
    fn v2_one_of(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        key: &str,
        what: &str,
        allowed: &[&str],
    ) -> Option<&'v str> {
        let v = self.v2_get(path, object, key)?;
        self.one_of(&path.key(key), v, what, allowed)
    }

    /// An optional confidence (`high`, `medium`, `low`).
    fn confidence(&mut self, path: &Path, object: &Obj<'v>) -> Option<Confidence> {
        let levels = Confidence::ALL.map(Confidence::key);
        self.v2_one_of(path, object, "confidence", "a confidence", &levels)
            .and_then(Confidence::from_key)
    }

    /// An optional BCP 47 language tag, a field version 2 added.
    fn lang_field(&mut self, path: &Path, object: &Obj<'v>, key: &str) -> Option<String> {
        let v = self.v2_get(path, object, key)?;
        let p = path.key(key);
        let tag = self.string(&p, v, &LANG)?;
        if is_lang_tag(tag) {
            return Some(tag.to_owned());
        }
        self.error(
            &p,
            format!("{} is not a language tag; expected {LANG}", quote(tag)),
        );
        None
    }

    /// An index into a list of `count` sources (`whose`: "this step's").
    fn source_index(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        count: usize,
        whose: &str,
    ) -> Option<usize> {
        let index = match value {
            Node::Number(n) => n.as_u64(),
            _ => None,
        };
        let Some(index) = index else {
            self.wrong_type(
                path,
                &format!("the index of one of {whose} sources (a whole number, 0 for the first)"),
                value,
            );
            return None;
        };
        match usize::try_from(index) {
            Ok(i) if i < count => Some(i),
            _ => {
                let message = match count {
                    1 => format!("{index} is not one of {whose} sources (it has 1, index 0)"),
                    n => format!("{index} is not one of {whose} sources (it has {n})"),
                };
                self.error(path, message);
                None
            }
        }
    }

    /// A step's or a figure value's date: a date, a half year (`2019-H2`)
    /// or a period (`{"from": D, "to": D}`, `{"from": D}`), the last two
    /// only in version 2.
    fn when_field(&mut self, path: &Path, object: &Obj<'v>, key: &str) -> Option<When> {
        let p = path.key(key);
        let v = self.field(&p, object.get(key), Need::Required, DATE)?;
        self.when(&p, v)
    }

    fn when(&mut self, path: &Path, value: &'v Node<'v>) -> Option<When> {
        match value {
            Node::Object(_) => {
                if !self.needs_v2(path, "a period ({\"from\": …, \"to\": …})") {
                    return None;
                }
                let object = self.object(path, value, "a period")?;
                let object = &object;
                let from = self.period_end(path, object, "from", Need::Required);
                let to = self.period_end(path, object, "to", Need::Optional);
                self.unknown_fields(path, object, PERIOD_FIELDS);
                let from = from?;
                if let Some(to) = to {
                    if to.first_day() < from.first_day() {
                        let message =
                            format!("\"{to}\" is before the period's start (from \"{from}\"); expected from <= to");
                        self.error(&path.key("to"), message);
                        return None;
                    }
                }
                Some(When::Period { from, to })
            }
            Node::String(s) if When::parse(s).is_some_and(|w| !matches!(w, When::Date(_))) => {
                let text: &str = s;
                if !self.needs_v2(path, &format!("{} (a half year)", quote(text))) {
                    return None;
                }
                When::parse(text)
            }
            _ => {
                let expected: &dyn fmt::Display = if self.version >= 2 { &WHEN } else { &DATE };
                let text = self.string(path, value, expected)?;
                let date = PartialDate::parse(text);
                if date.is_none() {
                    let formats = if self.version >= 2 {
                        WHEN_FORMATS
                    } else {
                        DATE_FORMATS
                    };
                    let message = if date_shaped(text) {
                        format!(
                            "{} is not a date ({formats}): there is no such month or day",
                            quote(text)
                        )
                    } else {
                        format!("{} is not a date ({formats})", quote(text))
                    };
                    self.error(path, message);
                }
                date.map(When::Date)
            }
        }
    }

    /// `from` or `to` of a period: a date, not a half year.
    fn period_end(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        key: &str,
        need: Need,
    ) -> Option<PartialDate> {
        let p = path.key(key);
        let v = self.field(&p, object.get(key), need, DATE)?;
        if let Some(When::Half { year, second }) = v.as_str().and_then(When::parse) {
            let (from, to) = if second { ("07", "12") } else { ("01", "06") };
            let message = format!(
                "a period's {key} is a date ({DATE_FORMATS}), not a half year; for {} write \"{year}-{}\"",
                quote(v.as_str().unwrap_or_default()),
                if key == "from" { from } else { to }
            );
            self.error(&p, message);
            return None;
        }
        self.date(&p, v)
    }

    // --- the parts ---------------------------------------------------------

    fn meta(&mut self, path: &Path, value: &'v Node<'v>) -> Option<Meta> {
        let object = self.object(path, value, "the dataset's metadata")?;
        let object = &object;
        let kinds = DatasetKind::ALL.map(DatasetKind::key);
        let kind = match self.v2_get(path, object, "kind") {
            Some(v) => self.one_of(&path.key("kind"), v, "a dataset kind", &kinds),
            None => Some("story"),
        }
        .and_then(DatasetKind::from_key);
        let compilation = kind == Some(DatasetKind::Compilation);
        // A compilation need not have one publisher, URL or date.
        let story_need = if compilation {
            Need::Optional
        } else {
            Need::Required
        };
        // The languages first: every text of the dataset is read against them.
        if let Some(Node::String(tag)) = object.peek("language") {
            if is_lang_tag(tag) {
                self.lang = tag.to_string();
            }
        }
        self.translations = self.translations_field(path, object);
        let translations = self.translations.clone();
        let title = self.text_field(path, object, "title", Need::Required);
        let summary = self.text_field(path, object, "summary", Need::Optional);
        let publisher = self.text_field(path, object, "publisher", story_need);
        let byline = self.text_field(path, object, "byline", Need::Optional);
        let published = self.date_field(path, object, "published", story_need);
        let as_of = self.date_field(path, object, "as_of", Need::Optional);
        let source_url = self.url_field(path, object, "source_url", story_need);
        let p = path.key("credits");
        let mut credits = Vec::new();
        if let Some(v) = self.field(
            &p,
            object.get("credits"),
            Need::Optional,
            "an array of texts",
        ) {
            if let Some(items) = self.array(&p, v, "the credits, as texts") {
                for (i, item) in items.iter().enumerate() {
                    credits.extend(self.text(&p.index(i), item));
                }
            }
        }
        let p = path.key("licence");
        let licence = self
            .field(&p, object.get("licence"), Need::Optional, "a string")
            .and_then(|v| self.string(&p, v, &"the licence's name (a string)"))
            .map(str::to_owned);
        let (mut maintainer, mut updated) = (None, None);
        if compilation {
            // Only a version 2 dataset gets here (kind is version 2).
            maintainer = self.text_field(path, object, "maintainer", Need::Required);
            updated = self.date_field(path, object, "updated", Need::Required);
        } else {
            let p = path.key("maintainer");
            if let Some(v) = self.v2_get(path, object, "maintainer") {
                maintainer = self.text(&p, v);
            }
            let p = path.key("updated");
            if let Some(v) = self.v2_get(path, object, "updated") {
                updated = self.date(&p, v);
            }
        }
        let language = self.lang_field(path, object, "language");
        let given = |key: &str| object.peek(key).is_some_and(|v| !v.is_null());
        self.as_of = match (as_of, published, updated) {
            (Some(d), _, _) => Some((d, "meta.as_of")),
            _ if given("as_of") => None,
            (None, Some(d), _) => Some((d, "meta.published")),
            _ if given("published") => None,
            (None, None, Some(d)) => Some((d, "meta.updated")),
            _ => None,
        };
        self.unknown_fields(path, object, META_FIELDS);
        let complete = if compilation {
            maintainer.is_some() && updated.is_some()
        } else {
            publisher.is_some() && published.is_some() && source_url.is_some()
        };
        if !complete {
            return None;
        }
        Some(Meta {
            kind: kind?,
            title: title?,
            summary,
            publisher,
            byline,
            published,
            as_of,
            source_url,
            maintainer,
            updated,
            language,
            translations,
            credits,
            licence,
        })
    }

    fn resolution(&mut self, path: &Path, value: &'v Node<'v>, index: usize) -> Option<Resolution> {
        let object = self.object(path, value, "a resolution")?;
        let object = &object;
        let mut seen = std::mem::take(&mut self.resolutions);
        let id = self.id_field(path, object, &mut seen, index, "resolutions");
        if let Some(id) = id {
            if seen.get(id) == Some(&index) {
                self.resolution_order.push(id);
            }
        }
        self.resolutions = seen;
        if let Some(id) = id {
            if self.version >= 2 && !id.bytes().all(|b| b.is_ascii_digit()) {
                let message = format!(
                    "{} is not a resolution number; expected its digits, such as \"2371\"",
                    quote(id)
                );
                self.error(&path.key("id"), message);
            }
        }
        let adopted = self.date_field(path, object, "adopted", Need::Required);
        let requires = self.text_field(path, object, "requires", Need::Required);
        self.unknown_fields(path, object, RESOLUTION_FIELDS);
        Some(Resolution {
            id: id?.to_owned(),
            adopted: adopted?,
            requires: requires?,
        })
    }

    fn country(&mut self, path: &Path, value: &'v Node<'v>, index: usize) -> Option<Country> {
        let object = self.object(path, value, "a country")?;
        let object = &object;
        let p = path.key("code");
        let expected =
            "an ISO 3166-1 alpha-2 country code (two upper-case letters, such as \"PL\")";
        let code = self
            .field(&p, object.get("code"), Need::Required, expected)
            .and_then(|v| self.string(&p, v, &expected));
        if let Some(code) = code {
            self.country_code(&p, code);
            if let Some(first) = self.countries.get(code) {
                let message = format!(
                    "duplicate country {}, already listed as countries[{}]",
                    quote(code),
                    first.index
                );
                self.error(&p, message);
            } else {
                self.countries
                    .insert(code, CountryEntry { index, used: false });
                self.country_order.push(code);
            }
        }
        let name = self.text_field(path, object, "name", Need::Required);
        let regions = self.regions(path, object);
        let un_member = self.v2_bool(path, object, "un_member", true);
        self.unknown_fields(path, object, COUNTRY_FIELDS);
        Some(Country {
            code: code?.to_owned(),
            name: name?,
            regions: regions?,
            un_member,
        })
    }

    /// A country's region: one key, or (version 2) an array of one or two
    /// distinct keys, or (version 2) none.
    fn regions(&mut self, path: &Path, object: &Obj<'v>) -> Option<Vec<Region>> {
        let p = path.key("region");
        let keys = Region::ALL.map(Region::key);
        let need = if self.version >= 2 {
            Need::Optional
        } else {
            Need::Required
        };
        let Some(v) = self.field(&p, object.get("region"), need, "a region") else {
            return (need == Need::Optional).then(Vec::new);
        };
        let Node::Array(items) = v else {
            let region = self.one_of(&p, v, "a region", &keys)?;
            return Region::from_key(region).map(|r| vec![r]);
        };
        if !self.needs_v2(&p, "a list of regions") {
            return None;
        }
        if items.is_empty() || items.len() > 2 {
            let message = format!(
                "{} regions; expected one or two (leave the field out when the sources give none)",
                items.len()
            );
            self.error(&p, message);
            return None;
        }
        let mut regions = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let q = p.index(i);
            let region = self
                .one_of(&q, item, "a region", &keys)
                .and_then(Region::from_key);
            if let Some(region) = region {
                if regions.contains(&region) {
                    let message = format!("region \"{}\" is listed twice", region.key());
                    self.error(&q, message);
                    return None;
                }
                regions.push(region);
            }
        }
        (regions.len() == items.len()).then_some(regions)
    }

    fn country_code(&mut self, path: &Path, code: &str) {
        if is_alpha2(code) {
            return;
        }
        let upper = code.to_ascii_uppercase();
        let message = if code.len() == 2 && code != upper && is_alpha2(&upper) {
            format!("{} is not an ISO 3166-1 alpha-2 code: codes are upper case; did you mean \"{upper}\"?", quote(code))
        } else if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            format!(
                "{} is not an ISO 3166-1 alpha-2 code: it has three letters; expected two, such as \"PL\"",
                quote(code)
            )
        } else {
            format!(
                "{} is not an ISO 3166-1 alpha-2 country code; expected two upper-case letters, such as \"PL\"",
                quote(code)
            )
        };
        self.error(path, message);
    }

    /// A reference to one of the dataset's countries; marks it used.
    fn country_ref(&mut self, path: &Path, object: &Obj<'v>) -> Option<&'v str> {
        let p = path.key("country");
        let expected = "the code of one of the dataset's countries";
        let code = self
            .field(&p, object.get("country"), Need::Required, expected)
            .and_then(|v| self.string(&p, v, &expected))?;
        if let Some(entry) = self.countries.get_mut(code) {
            entry.used = true;
            return Some(code);
        }
        let known = self.country_list.get_or_insert_with(|| {
            if self.country_order.is_empty() {
                "the dataset has none".to_owned()
            } else {
                list(&self.country_order)
            }
        });
        let mut message = format!(
            "{} is not one of the dataset's countries ({known})",
            quote(code)
        );
        for other_case in [code.to_ascii_uppercase(), code.to_ascii_lowercase()] {
            if other_case != code && self.countries.contains_key(other_case.as_str()) {
                let _ = write!(message, "; did you mean \"{other_case}\"?");
                break;
            }
        }
        self.error(&p, message);
        None
    }

    /// A reference to one of the dataset's resolutions, or (version 2)
    /// [`UNSPECIFIED_RESOLUTION`].
    fn resolution_ref(&mut self, path: &Path, value: &'v Node<'v>) -> Option<&'v str> {
        let expected = "the id of one of the dataset's resolutions (a string)";
        let id = self.string(path, value, &expected)?;
        if self.resolutions.contains_key(id) {
            return Some(id);
        }
        if id == UNSPECIFIED_RESOLUTION {
            return self
                .needs_v2(path, "\"unspecified\" (a resolution without its number)")
                .then_some(id);
        }
        let known = self.resolution_list.get_or_insert_with(|| {
            if self.resolution_order.is_empty() {
                "the dataset has none".to_owned()
            } else {
                list(&self.resolution_order)
            }
        });
        let mut message = format!(
            "{} is not one of the dataset's resolutions ({known})",
            quote(id)
        );
        if self.version >= 2 {
            message.push_str(
                "; write \"unspecified\" for a resolution a source mentions without its number",
            );
        }
        self.error(path, message);
        None
    }

    fn step(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        index: usize,
        ids: &mut FastMap<&'v str, usize>,
    ) -> Option<Step> {
        let object = self.object(path, value, "a step")?;
        let object = &object;
        let id = self.id_field(path, object, ids, index, "steps");
        let country = self.country_ref(path, object);
        let kinds = StepKind::ALL.map(StepKind::key);
        let kind = match self.v2_one_of(path, object, "kind", "a step kind", &kinds) {
            Some(k) => StepKind::from_key(k),
            None if object.peek("kind").is_some_and(|v| !v.is_null()) => None,
            None => Some(StepKind::Measure),
        };
        let findings = FindingKind::ALL.map(FindingKind::key);
        let finding = self
            .v2_one_of(path, object, "finding", "a kind of finding", &findings)
            .and_then(FindingKind::from_key);
        if finding.is_some() && kind == Some(StepKind::Measure) {
            self.error(
                &path.key("finding"),
                "only a step of kind \"finding\" says what was found; add \"kind\": \"finding\" or leave this field out",
            );
        }
        let date = self.when_field(path, object, "date");
        if let Some(date) = date {
            self.not_after_as_of(&path.key("date"), date, "step");
        }
        let date_inferred = self.v2_bool(path, object, "date_inferred", false);
        let stage_need = if self.version >= 2 {
            Need::Optional
        } else {
            Need::Required
        };
        let stages = Stage::ALL.map(Stage::key);
        let p = path.key("date_kind");
        let date_kind = self
            .field(&p, object.get("date_kind"), stage_need, "what the date is")
            .and_then(|v| self.one_of(&p, v, "what the date is", &stages))
            .and_then(Stage::from_key);
        let p = path.key("measure");
        let measures = Measure::ALL.map(Measure::key);
        let measure_need = if kind == Some(StepKind::Finding) {
            Need::Optional
        } else {
            Need::Required
        };
        let measure = self
            .field(&p, object.get("measure"), measure_need, "a measure")
            .and_then(|v| self.one_of(&p, v, "a measure", &measures))
            .and_then(Measure::from_key);
        let description = self.text_field(path, object, "description", Need::Required);
        let p = path.key("resolutions");
        let mut resolutions = Vec::new();
        if let Some(v) = self.field(
            &p,
            object.get("resolutions"),
            Need::Optional,
            "an array of resolution ids",
        ) {
            if let Some(items) = self.array(&p, v, "the ids of the resolutions the step implements")
            {
                resolutions.reserve(items.len());
                let mut seen: FastMap<&str, usize> = FastMap::default();
                for (i, item) in items.iter().enumerate() {
                    let q = p.index(i);
                    if let Some(id) = self.resolution_ref(&q, item) {
                        // Short lists (all real ones) are scanned; long ones hashed.
                        let twice = if items.len() <= 16 {
                            items.iter().take(i).any(|e| e.as_str() == Some(id))
                        } else {
                            seen.insert(id, i).is_some()
                        };
                        if twice {
                            self.warn(&q, format!("resolution {} is listed twice", quote(id)));
                        }
                        resolutions.push(id.to_owned());
                    }
                }
            }
        }
        let p = path.key("status");
        let status = self
            .field(&p, object.get("status"), stage_need, "a status")
            .and_then(|v| self.one_of(&p, v, "a status", &stages))
            .and_then(Stage::from_key);
        if let (Some(Stage::InForce), Some(Stage::Announced)) = (date_kind, status) {
            self.warn(
                path,
                "date_kind is \"in_force\" but status is \"announced\": a step with a date in force is normally in force",
            );
        }
        let confidence = self.confidence(path, object);
        let p = path.key("sources");
        let mut sources = Vec::new();
        let mut source_count = 0;
        if let Some(v) = self.field(
            &p,
            object.get("sources"),
            Need::Required,
            "an array of one or more sources",
        ) {
            if let Some(items) = self.array(&p, v, "one or more sources") {
                if items.is_empty() {
                    self.error(&p, "no sources; expected at least one");
                }
                source_count = items.len();
                sources.reserve(items.len());
                for (i, item) in items.iter().enumerate() {
                    let (q, before) = (p.index(i), self.errors);
                    let built = self.source(&q, item);
                    self.keep(&q, before, built, &mut sources);
                }
            }
        }
        let disputes = self.disputes(path, object, source_count);
        let note = self.text_field(path, object, "note", Need::Optional);
        self.unknown_fields(path, object, STEP_FIELDS);
        let kind = kind?;
        if kind == StepKind::Measure && measure.is_none() {
            return None;
        }
        Some(Step {
            id: id?.to_owned(),
            country: country?.to_owned(),
            kind,
            finding,
            date: date?,
            date_inferred,
            date_kind: if stage_need == Need::Required {
                Some(date_kind?)
            } else {
                date_kind
            },
            measure,
            description: description?,
            resolutions,
            status: if stage_need == Need::Required {
                Some(status?)
            } else {
                status
            },
            confidence,
            sources,
            disputes: disputes?,
            note,
        })
    }

    /// A step's disputes: each names what is disputed and two or more
    /// claims, each citing a different one of the step's `source_count` sources.
    fn disputes(
        &mut self,
        path: &Path,
        object: &Obj<'v>,
        source_count: usize,
    ) -> Option<Vec<Dispute>> {
        let Some(v) = self.v2_get(path, object, "disputes") else {
            return Some(Vec::new());
        };
        let p = path.key("disputes");
        let items = self.array(&p, v, "the step's disputes")?;
        let mut disputes = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (q, before) = (p.index(i), self.errors);
            let built = self.dispute(&q, item, source_count);
            self.keep(&q, before, built, &mut disputes);
        }
        Some(disputes)
    }

    fn dispute(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        source_count: usize,
    ) -> Option<Dispute> {
        let object = self.object(path, value, "a dispute")?;
        let object = &object;
        let about = self.text_field(path, object, "about", Need::Optional);
        let p = path.key("claims");
        let items = self
            .field(
                &p,
                object.get("claims"),
                Need::Required,
                "an array of two or more claims",
            )
            .and_then(|v| self.array(&p, v, "two or more claims"));
        let mut claims = Vec::new();
        if let Some(items) = items {
            if items.len() < 2 {
                let message = format!(
                    "{} claim(s); a dispute needs at least two, each citing a different source",
                    items.len()
                );
                self.error(&p, message);
            }
            for (i, item) in items.iter().enumerate() {
                let q = p.index(i);
                let before = self.errors;
                let Some(claim_object) = &self.object(&q, item, "a claim") else {
                    continue;
                };
                let r = q.key("source");
                let source = self
                    .field(
                        &r,
                        claim_object.get("source"),
                        Need::Required,
                        "the index of one of this step's sources",
                    )
                    .and_then(|v| self.source_index(&r, v, source_count, "this step's"));
                if let Some(source) = source {
                    if let Some(j) = claims.iter().position(|c: &Claim| c.source == source) {
                        let message = format!(
                            "sources[{source}] is already cited by claims[{j}]; the claims of a dispute cite different sources"
                        );
                        self.error(&r, message);
                    }
                }
                let says = self.text_field(&q, claim_object, "says", Need::Required);
                self.unknown_fields(&q, claim_object, CLAIM_FIELDS);
                let built = match (source, says) {
                    (Some(source), Some(says)) => Some(Claim { source, says }),
                    _ => None,
                };
                self.keep(&q, before, built, &mut claims);
            }
        }
        self.unknown_fields(path, object, DISPUTE_FIELDS);
        items?;
        Some(Dispute { about, claims })
    }

    fn not_after_as_of(&mut self, path: &Path, date: When, what: &str) {
        if let Some((limit, field)) = self.as_of {
            if date.first_day() > limit.last_day() {
                self.warn(
                    path,
                    format!(
                        "{what} dated \"{date}\", after the dataset's date ({field} \"{limit}\")"
                    ),
                );
            }
        }
    }

    fn source(&mut self, path: &Path, value: &'v Node<'v>) -> Option<Source> {
        let object = self.object(path, value, "a source")?;
        let object = &object;
        let publisher = self.text_field(path, object, "publisher", Need::Required);
        let url = self.url_field(path, object, "url", Need::Required);
        let title = self.text_field(path, object, "title", Need::Optional);
        let title_inferred = self.v2_bool(path, object, "title_inferred", false);
        let date = self.date_field(path, object, "date", Need::Optional);
        let p = path.key("quote");
        let mut quote = None;
        if let Some(v) = self.field(&p, object.get("quote"), Need::Optional, "a quote") {
            quote = self.quote(&p, v);
        }
        self.unknown_fields(path, object, SOURCE_FIELDS);
        Some(Source {
            publisher: publisher?,
            url: url?,
            title,
            title_inferred,
            date,
            quote,
        })
    }

    fn quote(&mut self, path: &Path, value: &'v Node<'v>) -> Option<Quote> {
        let object = &self.object(path, value, "a quote")?;
        let text = self.quote_text(path, object);
        let need = if self.version >= 2 {
            Need::Optional
        } else {
            Need::Required
        };
        let speaker = self.text_field(path, object, "speaker", need);
        let lang = self.lang_field(path, object, "lang");
        let translated = self.bool_field(path, object, "translated");
        let mut translation = None;
        if let Some(v) = self.v2_get(path, object, "translation") {
            let p = path.key("translation");
            if let Some(t) = &self.object(&p, v, "a translation") {
                let text = self.quote_text(&p, t);
                let lang = self.lang_field(&p, t, "lang");
                self.unknown_fields(&p, t, TRANSLATION_FIELDS);
                translation = Some(Translation { text: text?, lang });
            }
        }
        self.unknown_fields(path, object, QUOTE_FIELDS);
        if need == Need::Required && speaker.is_none() {
            return None;
        }
        Some(Quote {
            text: text?,
            speaker,
            lang,
            translated,
            translation,
        })
    }

    /// The `text` of a quote or translation; in version 2, without
    /// quotation marks of its own around it (removed, with a warning).
    fn quote_text(&mut self, path: &Path, object: &Obj<'v>) -> Option<Text> {
        let p = path.key("text");
        let v = self.field(&p, object.get("text"), Need::Required, TEXT)?;
        let text = self.string(&p, v, &TEXT)?;
        if self.version >= 2 {
            if let Some((inner, open, close)) = tidy_quote(text) {
                self.warn(
                    &p,
                    format!(
                        "the text begins with {open} and ends with {close}: these quotation marks were removed (the widget sets quotes in its own marks)"
                    ),
                );
                return Some(Text::from(inner));
            }
        }
        Some(Text::from(text))
    }

    fn figure(
        &mut self,
        path: &Path,
        value: &'v Node<'v>,
        index: usize,
        ids: &mut FastMap<&'v str, usize>,
    ) -> Option<Figure> {
        let object = self.object(path, value, "a figure")?;
        let object = &object;
        let id = self.id_field(path, object, ids, index, "figures");
        let country = self.country_ref(path, object);
        let metric = self.text_field(path, object, "metric", Need::Required);
        let unit = self.text_field(path, object, "unit", Need::Required);
        let p = path.key("kind");
        let kinds = FigureKind::ALL.map(FigureKind::key);
        let kind = self
            .field(&p, object.get("kind"), Need::Required, "a figure kind")
            .and_then(|v| self.one_of(&p, v, "a figure kind", &kinds))
            .and_then(FigureKind::from_key);
        // How many sources the values may cite (read before the values, as written).
        let source_count = match object.peek("sources") {
            Some(Node::Array(items)) if self.version >= 2 => items.len(),
            _ => 1,
        };
        let p = path.key("values");
        let values = self
            .field(
                &p,
                object.get("values"),
                Need::Required,
                "an array of one or more dated values",
            )
            .and_then(|v| self.array(&p, v, "one or more dated values"))
            .map(|items| self.figure_values(&p, items, source_count));
        let sources = self.figure_sources(path, object);
        let confidence = self.confidence(path, object);
        let note = self.text_field(path, object, "note", Need::Optional);
        self.unknown_fields(path, object, FIGURE_FIELDS);
        Some(Figure {
            id: id?.to_owned(),
            country: country?.to_owned(),
            metric: metric?,
            unit: unit?,
            kind: kind?,
            values: values?,
            sources: sources?,
            confidence,
            note,
        })
    }

    /// A figure's `source` (one) or, in version 2, `sources` (one or more), not both.
    fn figure_sources(&mut self, path: &Path, object: &Obj<'v>) -> Option<Vec<Source>> {
        let many = self.v2_get(path, object, "sources");
        let one = object.get("source").filter(|v| !v.is_null());
        let p = path.key("source");
        match (one, many) {
            (Some(_), Some(_)) => {
                self.error(
                    &path.key("sources"),
                    "give either \"source\" (one source) or \"sources\" (one or more), not both",
                );
                None
            }
            (Some(v), None) => self.source(&p, v).map(|s| vec![s]),
            (None, Some(v)) => {
                let q = path.key("sources");
                let items = self.array(&q, v, "one or more sources")?;
                if items.is_empty() {
                    self.error(&q, "no sources; expected at least one");
                    return None;
                }
                let mut sources = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let (r, before) = (q.index(i), self.errors);
                    let built = self.source(&r, item);
                    self.keep(&r, before, built, &mut sources);
                }
                Some(sources)
            }
            (None, None)
                if self.version >= 2 && object.peek("sources").map_or(true, Node::is_null) =>
            {
                self.error(
                    &path.key("sources"),
                    "missing required field; expected one or more sources (an array), or \"source\" (one)",
                );
                None
            }
            (None, None) if self.version >= 2 => None,
            (None, None) => {
                self.field(
                    &p,
                    object.peek("source"),
                    Need::Required,
                    "a source (an object)",
                );
                None
            }
        }
    }

    fn figure_values(
        &mut self,
        path: &Path,
        items: &'v [Node<'v>],
        source_count: usize,
    ) -> Vec<FigureValue> {
        if items.is_empty() {
            self.error(path, "no values; expected at least one dated value");
        }
        let mut values = Vec::with_capacity(items.len());
        // (date, source) → index of the first value for it.
        let mut dates: FastMap<(When, usize), usize> = FastMap::default();
        let mut previous: Option<(When, usize)> = None;
        let mut order_warned = false;
        // Values kept, with their index among the items (for the conflict warnings).
        let mut kept: Vec<usize> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (p, before) = (path.index(i), self.errors);
            let mut context = ValueContext {
                index: i,
                source_count,
                dates: &mut dates,
                previous: &mut previous,
                order_warned: &mut order_warned,
            };
            let built = self.figure_value(&p, item, &mut context);
            let had = values.len();
            self.keep(&p, before, built, &mut values);
            if values.len() > had {
                kept.push(i);
            }
        }
        if source_count > 1 {
            self.conflicting_values(path, &values, &kept);
        }
        values
    }

    /// Warns where two sources give different numbers for one date and
    /// neither value has a note saying why.
    fn conflicting_values(&mut self, path: &Path, values: &[FigureValue], kept: &[usize]) {
        let mut first: FastMap<When, usize> = FastMap::default();
        for (k, v) in values.iter().enumerate() {
            let Some(&j) = first.get(&v.date) else {
                first.insert(v.date, k);
                continue;
            };
            let (Some(other), Some(&at), Some(&at_other)) =
                (values.get(j), kept.get(k), kept.get(j))
            else {
                continue;
            };
            let numbers = |v: &FigureValue| (v.value, v.at_least, v.at_most);
            if other.source_index() != v.source_index()
                && numbers(other) != numbers(v)
                && other.note.is_none()
                && v.note.is_none()
            {
                let message = format!(
                    "values[{at_other}] gives another number for \"{}\" from another source (sources[{}]); both are kept and drawn: add a \"note\" to say why they differ",
                    v.date,
                    other.source_index()
                );
                self.warn(&path.index(at).key("date"), message);
            }
        }
    }

    fn figure_value(
        &mut self,
        path: &Path,
        item: &'v Node<'v>,
        context: &mut ValueContext,
    ) -> Option<FigureValue> {
        let object = self.object(path, item, "a dated value")?;
        let object = &object;
        let date = self.when_field(path, object, "date");
        // The source, read first: duplicates are per source.
        let p = path.key("source");
        let source = self
            .v2_get(path, object, "source")
            .and_then(|v| self.source_index(&p, v, context.source_count, "this figure's"));
        let i = context.index;
        if let Some(date) = date {
            let q = path.key("date");
            let key = (date, source.unwrap_or(0));
            if let Some(first) = context.dates.get(&key) {
                let message = if context.source_count > 1 {
                    format!("duplicate date \"{date}\" from the same source (sources[{}]): this figure already has a value for it from that source at values[{first}]", key.1)
                } else {
                    format!("duplicate date \"{date}\": this figure already has a value for it at values[{first}]")
                };
                self.error(&q, message);
            } else {
                context.dates.insert(key, i);
            }
            if let Some((before, j)) = *context.previous {
                if date < before && !*context.order_warned {
                    *context.order_warned = true;
                    self.warn(
                        &q,
                        format!("\"{date}\" comes before values[{j}] (\"{before}\"); values should be in date order"),
                    );
                }
            }
            *context.previous = Some((date, i));
            self.not_after_as_of(&q, date, "value");
        }
        let q = path.key("value");
        let given = |key: &str| object.peek(key).is_some_and(|v| !v.is_null());
        let bounded = self.version >= 2 && (given("at_least") || given("at_most"));
        let value_need = if bounded {
            Need::Optional
        } else {
            Need::Required
        };
        let expected = if self.version >= 2 {
            "a number (zero or more), or \"at_least\" and/or \"at_most\""
        } else {
            "a number (zero or more)"
        };
        let value = self
            .field(&q, object.get("value"), value_need, expected)
            .and_then(|v| self.count(&q, v));
        let p = path.key("at_least");
        let at_least = self
            .v2_get(path, object, "at_least")
            .and_then(|v| self.count(&p, v));
        let p = path.key("at_most");
        let at_most = self
            .v2_get(path, object, "at_most")
            .and_then(|v| self.count(&p, v));
        if bounded && given("value") {
            self.error(
                &q,
                "give either \"value\" or the bounds \"at_least\"/\"at_most\", not both",
            );
        }
        if let (Some(low), Some(high)) = (at_least, at_most) {
            if high < low {
                let message = format!(
                    "at_most ({}) is less than at_least ({}); expected at_least <= at_most",
                    format_count(high),
                    format_count(low)
                );
                self.error(&path.key("at_most"), message);
            }
        }
        let peak = self.v2_bool(path, object, "peak", false);
        let approximate = self.bool_field(path, object, "approximate");
        let covers = self.text_field(path, object, "covers", Need::Optional);
        let confidence = self.confidence(path, object);
        let note = match self.v2_get(path, object, "note") {
            Some(v) => self.text(&path.key("note"), v),
            None => None,
        };
        self.unknown_fields(path, object, FIGURE_VALUE_FIELDS);
        if value.is_none() && at_least.is_none() && at_most.is_none() {
            return None;
        }
        Some(FigureValue {
            date: date?,
            value,
            at_least,
            at_most,
            peak,
            approximate,
            covers,
            source,
            confidence,
            note,
        })
    }

    /// A count: a finite number, zero or more.
    fn count(&mut self, path: &Path, value: &'v Node<'v>) -> Option<f64> {
        match value {
            Node::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => return Some(x),
                Some(x) if x.is_finite() => {
                    self.error(
                        path,
                        format!("{} is negative; expected a count of zero or more", n),
                    );
                }
                _ => self.error(
                    path,
                    format!(
                        "{} is not a finite number; expected a count of zero or more",
                        n
                    ),
                ),
            },
            Node::String(s) if looks_numeric(s) => self.error(
                path,
                format!(
                    "expected a number, found the string {} (write the number without quotes)",
                    quote(s)
                ),
            ),
            other => self.wrong_type(path, &"a number (zero or more)", other),
        }
        None
    }

    /// Warns about countries no step or figure refers to.
    fn unused_countries(&mut self, path: &Path) {
        let unused: Vec<(usize, &'v str)> = self
            .country_order
            .iter()
            .filter_map(|code| {
                let entry = self.countries.get(code)?;
                (!entry.used).then_some((entry.index, *code))
            })
            .collect();
        for (index, code) in unused {
            self.warn(
                &path.index(index),
                format!("country {} has no steps and no figures", quote(code)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_surrogate_escape_loads_as_u_fffd_with_a_warning() {
        let text = crate::seed::SEED_JSON.replacen("\"title\": \"", "\"title\": \"\\ud83d ", 1);
        assert_ne!(text, crate::seed::SEED_JSON);
        let loaded = load_str(&text).expect("loads");
        assert!(loaded.dataset.meta.title.as_str().starts_with("\u{FFFD} "));
        let warnings: Vec<_> = loaded
            .warnings
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert!(
            warnings
                .iter()
                .any(|(path, message)| *path == "meta.title" && message.contains("U+FFFD")),
            "{warnings:?}"
        );
        // U+FFFD written as it is, or as an escape, is warned about too.
        for mark in ["\u{FFFD}", "\\uFFFD"] {
            let text = crate::seed::SEED_JSON.replacen(
                "\"title\": \"",
                &format!("\"title\": \"{mark}"),
                1,
            );
            let loaded = load_str(&text).expect("loads");
            assert!(
                loaded
                    .warnings
                    .iter()
                    .any(|p| p.path == "meta.title" && p.message.contains("U+FFFD")),
                "{mark}: {:?}",
                loaded.warnings
            );
        }
        // The seed has neither: no warning.
        assert!(load_str(crate::seed::SEED_JSON)
            .unwrap()
            .warnings
            .is_empty());
        // Other syntax errors are still errors, with their position.
        let bad = crate::seed::SEED_JSON.replacen("\"title\": \"", "\"title\": \"\\x", 1);
        assert!(matches!(load_str(&bad), Err(Error::Json { .. })));
    }

    #[test]
    fn renders_paths() {
        let root = Path::ROOT;
        assert_eq!(root.render(), "$");
        let steps = root.key("steps");
        let step = steps.index(3);
        assert_eq!(step.key("date").render(), "steps[3].date");
        let sources = step.key("sources");
        assert_eq!(
            sources.index(1).key("url").render(),
            "steps[3].sources[1].url"
        );
        assert_eq!(root.key("meta").key("a b").render(), "meta[\"a b\"]");
        assert_eq!(root.key("9x").render(), "$[\"9x\"]");
    }

    #[test]
    fn alpha2_table_agrees_with_celes() {
        let mut valid = 0;
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                let celes = celes::Country::from_alpha2(&code).is_ok();
                assert_eq!(is_alpha2(&code), celes, "{code}");
                assert!(!is_alpha2(&code.to_ascii_lowercase()));
                valid += usize::from(celes);
            }
        }
        assert!(valid >= 249, "{valid}");
        for bad in ["", "P", "PLN", "P1", "Ä", "ÄÖ"] {
            assert!(!is_alpha2(bad));
        }
    }

    #[test]
    fn quotes_strings_as_json_does() {
        for s in [
            "plain",
            "a \"b\" c",
            "back\\slash",
            "\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            "é😀",
        ] {
            let mut out = String::new();
            json_string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
        let long = "x".repeat(100);
        assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(60)));
    }

    #[test]
    fn json_errors_count_columns_in_characters() {
        let Err(Error::Json {
            line,
            column,
            message,
        }) = load_str("{\n \"é😀\": x}")
        else {
            panic!("expected a JSON error");
        };
        assert_eq!((line, column), (2, 8), "the x, 8th character (12th byte)");
        assert!(!message.contains("line"), "{message}");
    }

    #[test]
    fn checks_urls() {
        for good in [
            "https://example.org",
            "http://example.org/a?b#c",
            "HTTPS://Example.org:8080/x",
            "https://user@host.example/",
            "https://[::1]:80/",
            "https://한국.kr/",
        ] {
            assert_eq!(url_problem(good), None, "{good}");
        }
        for bad in [
            "ftp://example.org",
            "example.org",
            "https://",
            "https:///path",
            "https://exa mple.org",
            "https://host:port/",
            "https://.example.org",
            "javascript:alert(1)",
            "https://[::1/",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("descripton", STEP_FIELDS), Some("description"));
        assert_eq!(
            closest("In force", &["announced", "in_force"]),
            Some("in_force")
        );
        assert_eq!(closest("dat", STEP_FIELDS), Some("date"));
        assert_eq!(closest("zzzzzz", STEP_FIELDS), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(closest("titel", META_FIELDS), Some("title"));
    }

    #[test]
    fn figure_kinds_match_the_model() {
        use crate::model::FigureKind;
        for kind in [FigureKind::PerPeriod, FigureKind::Level] {
            // A new variant makes this match fail to compile, so FIGURE_KINDS is revisited.
            match kind {
                FigureKind::PerPeriod | FigureKind::Level => {}
            }
            let key = serde_json::to_value(kind).unwrap();
            assert!(FIGURE_KINDS.contains(&key.as_str().unwrap()));
        }
        assert_eq!(FIGURE_KINDS.len(), 2);
    }

    #[test]
    fn date_shape() {
        assert!(date_shaped("2017-02-30"));
        assert!(date_shaped("2017-13"));
        assert!(!date_shaped("2017-1-1"));
        assert!(!date_shaped("١٢٣٤"));
    }

    #[test]
    fn tidies_quotes_wrapped_in_their_own_marks_only() {
        assert_eq!(
            tidy_quote("\u{201c}Yes\u{201d}"),
            Some(("Yes", '\u{201c}', '\u{201d}'))
        );
        assert_eq!(
            tidy_quote("\u{ab} Oui \u{bb}"),
            Some(("Oui", '\u{ab}', '\u{bb}'))
        );
        assert_eq!(
            tidy_quote("\u{201e}Ja\u{201c}"),
            Some(("Ja", '\u{201e}', '\u{201c}'))
        );
        assert_eq!(
            tidy_quote("\u{300c}\u{c608}\u{300d}"),
            Some(("\u{c608}", '\u{300c}', '\u{300d}'))
        );
        assert_eq!(tidy_quote("\"a\""), Some(("a", '"', '"')));
        for keep in [
            "plain",
            "\"a\" and \"b\"",
            "\u{2018}it\u{2019}s\u{2019}",
            "\"\"",
            "\"",
            "\u{201c} \u{201d}",
            "a \u{201c}b\u{201d}",
            "",
        ] {
            assert_eq!(tidy_quote(keep), None, "{keep}");
        }
    }

    #[test]
    fn checks_language_tags() {
        for good in [
            "fr",
            "de",
            "ko",
            "en",
            "zh-Hant",
            "de-CH",
            "sr-Latn-RS",
            "yue",
        ] {
            assert!(is_lang_tag(good), "{good}");
        }
        for bad in [
            "",
            "f",
            "French",
            "fr_FR",
            "fr-",
            "-fr",
            "zh-Hantxxxxx",
            "1a",
            "fr-ü",
        ] {
            assert!(!is_lang_tag(bad), "{bad}");
        }
    }

    #[test]
    fn formats_counts_for_messages() {
        assert_eq!(format_count(400.0), "400");
        assert_eq!(format_count(2.5), "2.5");
    }
}
