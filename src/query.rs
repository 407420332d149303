//! Queries: what the map, the country list, the timeline and the details show.
//!
//! The widget asks these on every filter change and every keystroke in the
//! search box, so a [`Catalog`] does the expensive work once when the data is
//! loaded: each country's steps sorted by date, every searchable text folded
//! (lower case, accents stripped, punctuation turned into spaces), and the
//! countries' order by name. A query then only folds the search text, compares
//! small bit masks and dates, and looks for substrings in the prepared text.
//!
//! One [`Filter`] gives one [`Selection`]; the map, the list
//! ([`Catalog::summaries_by_region`]), the timeline ([`Catalog::timeline`]) and
//! the details ([`Catalog::country_details`]) are all drawn from it, so they
//! always show the same countries and steps.

use crate::date::{days_from_civil, PartialDate, Precision, When};
use crate::error::{Error, Result};
use crate::index::{sort_keyed, CodeIndex};
use crate::model::{
    Confidence, Country, Dataset, DatasetKind, Figure, FigureKind, FigureValue, FindingKind,
    Measure, Region, Source, Stage, Step, StepKind, NO_REGION_KEY, NO_REGION_LABEL,
};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::OnceCell;
use std::fmt;

// ---------------------------------------------------------------------------
// Folding text for search
// ---------------------------------------------------------------------------

/// Base letters of U+00C0..=U+024F (Latin-1 Supplement, Latin Extended-A and
/// -B), one byte per code point; `.` means "no single base letter".
///
/// Derived from Unicode canonical decomposition (NFD, first character when the
/// rest are combining marks); the unit tests check it against the
/// `unicode-normalization` crate. A few letters that NFD leaves alone are
/// folded as a reader would type them: ð đ → d, ø → o, ħ → h, ı → i, ŀ ł → l,
/// ŉ → n, ŧ → t, ſ → s. The crate itself is not linked: its tables cost about
/// 28 KB gzip of wasm, more than a quarter of the widget's whole budget.
const LATIN_C0_24F: &[u8] = concat!(
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y",
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.lllllll",
    "lllnnnnnnn..oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs",
    "................................oo.............uu...............",
    ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....",
    "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............",
    "................",
)
.as_bytes();

/// Base letters of U+1E00..=U+1EFF (Latin Extended Additional: Vietnamese and
/// others), derived and checked like [`LATIN_C0_24F`].
const LATIN_1E00_1EFF: &[u8] = concat!(
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm",
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv",
    "wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee",
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......",
)
.as_bytes();

/// Unicode's lower-case mappings of single characters, as runs: the bits are
/// `first` (21) | `last - first` (8) | every other character only (1) | the
/// offset to add (top 32, signed). 185 runs, 1.5 KB, where `char::to_lowercase`
/// brings std's tables (about 15 KB) and their code into the wasm. Made from
/// std's `char::to_lowercase`; the unit tests check every character against it.
const LOWER_RUNS: &[u64] = &[
    0x0000002003200041,
    0x0000002002c000c0,
    0x0000002000c000d8,
    0x0000000125c00100,
    0x0000000120800132,
    0x0000000121c00139,
    0x000000012580014a,
    0xffffff8700000178,
    0x0000000120800179,
    0x000000d200000181,
    0x0000000120400182,
    0x000000ce00000186,
    0x0000000100000187,
    0x000000cd00200189,
    0x000000010000018b,
    0x0000004f0000018e,
    0x000000ca0000018f,
    0x000000cb00000190,
    0x0000000100000191,
    0x000000cd00000193,
    0x000000cf00000194,
    0x000000d300000196,
    0x000000d100000197,
    0x0000000100000198,
    0x000000d30000019c,
    0x000000d50000019d,
    0x000000d60000019f,
    0x00000001208001a0,
    0x000000da000001a6,
    0x00000001000001a7,
    0x000000da000001a9,
    0x00000001000001ac,
    0x000000da000001ae,
    0x00000001000001af,
    0x000000d9002001b1,
    0x00000001204001b3,
    0x000000db000001b7,
    0x00000001000001b8,
    0x00000001000001bc,
    0x00000002000001c4,
    0x00000001000001c5,
    0x00000002000001c7,
    0x00000001000001c8,
    0x00000002000001ca,
    0x00000001220001cb,
    0x00000001220001de,
    0x00000002000001f1,
    0x00000001204001f2,
    0xffffff9f000001f6,
    0xffffffc8000001f7,
    0x0000000124c001f8,
    0xffffff7e00000220,
    0x0000000122000222,
    0x00002a2b0000023a,
    0x000000010000023b,
    0xffffff5d0000023d,
    0x00002a280000023e,
    0x0000000100000241,
    0xffffff3d00000243,
    0x0000004500000244,
    0x0000004700000245,
    0x0000000121000246,
    0x0000000120400370,
    0x0000000100000376,
    0x000000740000037f,
    0x0000002600000386,
    0x0000002500400388,
    0x000000400000038c,
    0x0000003f0020038e,
    0x0000002002000391,
    0x00000020010003a3,
    0x00000008000003cf,
    0x0000000122c003d8,
    0xffffffc4000003f4,
    0x00000001000003f7,
    0xfffffff9000003f9,
    0x00000001000003fa,
    0xffffff7e004003fd,
    0x0000005001e00400,
    0x0000002003e00410,
    0x0000000124000460,
    0x000000012680048a,
    0x0000000f000004c0,
    0x00000001218004c1,
    0x000000012bc004d0,
    0x0000003004a00531,
    0x00001c6004a010a0,
    0x00001c60000010c7,
    0x00001c60000010cd,
    0x000097d009e013a0,
    0x0000000800a013f0,
    0x0000000100001c89,
    0xfffff44005401c90,
    0xfffff44000401cbd,
    0x0000000132801e00,
    0xffffe24100001e9e,
    0x000000012bc01ea0,
    0xfffffff800e01f08,
    0xfffffff800a01f18,
    0xfffffff800e01f28,
    0xfffffff800e01f38,
    0xfffffff800a01f48,
    0xfffffff820c01f59,
    0xfffffff800e01f68,
    0xfffffff800e01f88,
    0xfffffff800e01f98,
    0xfffffff800e01fa8,
    0xfffffff800201fb8,
    0xffffffb600201fba,
    0xfffffff700001fbc,
    0xffffffaa00601fc8,
    0xfffffff700001fcc,
    0xfffffff800201fd8,
    0xffffff9c00201fda,
    0xfffffff800201fe8,
    0xffffff9000201fea,
    0xfffffff900001fec,
    0xffffff8000201ff8,
    0xffffff8200201ffa,
    0xfffffff700001ffc,
    0xffffe2a300002126,
    0xffffdf410000212a,
    0xffffdfba0000212b,
    0x0000001c00002132,
    0x0000001001e02160,
    0x0000000100002183,
    0x0000001a032024b6,
    0x0000003005e02c00,
    0x0000000100002c60,
    0xffffd60900002c62,
    0xfffff11a00002c63,
    0xffffd61900002c64,
    0x0000000120802c67,
    0xffffd5e400002c6d,
    0xffffd60300002c6e,
    0xffffd5e100002c6f,
    0xffffd5e200002c70,
    0x0000000100002c72,
    0x0000000100002c75,
    0xffffd5c100202c7e,
    0x000000012c402c80,
    0x0000000120402ceb,
    0x0000000100002cf2,
    0x000000012580a640,
    0x000000012340a680,
    0x000000012180a722,
    0x000000012780a732,
    0x000000012040a779,
    0xffff75fc0000a77d,
    0x000000012100a77e,
    0x000000010000a78b,
    0xffff5ad80000a78d,
    0x000000012040a790,
    0x000000012240a796,
    0xffff5abc0000a7aa,
    0xffff5ab10000a7ab,
    0xffff5ab50000a7ac,
    0xffff5abf0000a7ad,
    0xffff5abc0000a7ae,
    0xffff5aee0000a7b0,
    0xffff5ad60000a7b1,
    0xffff5aeb0000a7b2,
    0x000003a00000a7b3,
    0x0000000121c0a7b4,
    0xffffffd00000a7c4,
    0xffff5abd0000a7c5,
    0xffff75c80000a7c6,
    0x000000012040a7c7,
    0xffff5a990000a7cb,
    0x0000000121c0a7cc,
    0xffff59bf0000a7dc,
    0x000000010000a7f5,
    0x000000200320ff21,
    0x0000002804e10400,
    0x00000028046104b0,
    0x0000002701410570,
    0x0000002701c1057c,
    0x0000002700c1058c,
    0x0000002700210594,
    0x0000004006410c80,
    0x0000002002a10d50,
    0x0000002003e118a0,
    0x0000002003e16e40,
    0x0000001b03016ea0,
    0x000000220421e900,
];

/// `c` in lower case, as `char::to_lowercase` gives it, for every character
/// but `İ` (U+0130), which std lowers to `i` and a combining dot above that
/// folding drops: here it is `i`.
fn lower_char(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let u = u32::from(c);
    let at = LOWER_RUNS.partition_point(|&run| (run & 0x1F_FFFF) as u32 <= u);
    let Some(&run) = at.checked_sub(1).and_then(|i| LOWER_RUNS.get(i)) else {
        return c;
    };
    let offset = u - (run & 0x1F_FFFF) as u32;
    let every_other = (run >> 29) & 1 == 1;
    if offset > ((run >> 21) & 0xFF) as u32 || (every_other && offset % 2 == 1) {
        return c;
    }
    char::from_u32(u.wrapping_add_signed((run >> 32) as u32 as i32)).unwrap_or(c)
}

/// True for combining marks, which folding drops (text already in NFD form).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// An ASCII letter or digit. (Written out so that it is inlined even at
/// `opt-level = "z"`: it runs once per byte of every text folded.)
#[inline(always)]
fn ascii_word_byte(b: u8) -> bool {
    b.wrapping_sub(b'0') < 10 || (b | 0x20).wrapping_sub(b'a') < 26
}

/// Appends folded text to `out`, separating it from what `out` already holds.
struct Folder<'a> {
    out: &'a mut String,
    pending_space: bool,
}

impl Folder<'_> {
    fn letter(&mut self, c: char) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push(c);
    }

    fn letters(&mut self, s: &str) {
        s.chars().for_each(|c| self.letter(c));
    }

    /// One already lower-cased character.
    fn lower(&mut self, c: char) {
        let table = |t: &[u8], first: u32| {
            (c as u32)
                .checked_sub(first)
                .and_then(|i| t.get(i as usize))
                .copied()
                .filter(|b| *b != b'.')
        };
        match c {
            // Apostrophes vanish so "d'Ivoire" and "d’Ivoire" both match "divoire".
            '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' => {}
            c if is_combining(c) => {}
            'ß' => self.letters("ss"),
            'æ' => self.letters("ae"),
            'œ' => self.letters("oe"),
            'þ' => self.letters("th"),
            'ĳ' => self.letters("ij"),
            c if c.is_ascii_alphanumeric() => self.letter(c),
            c if c.is_ascii() => self.pending_space = true,
            c => {
                if let Some(b) =
                    table(LATIN_C0_24F, 0xC0).or_else(|| table(LATIN_1E00_1EFF, 0x1E00))
                {
                    self.letter(char::from(b));
                } else if c.is_alphanumeric() {
                    self.letter(c);
                } else {
                    self.pending_space = true;
                }
            }
        }
    }

    /// Appends ASCII letters, digits and single inner spaces as they are
    /// (lower-cased at the end of [`Folder::push`]).
    fn ascii_run(&mut self, run: &str) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push_str(run);
    }

    fn push(&mut self, text: &str) {
        let start = self.out.len();
        self.out.reserve(text.len() + 1);
        self.pending_space = true;
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii_alphanumeric() {
                // The bulk of most text: ASCII letters and digits, words separated by
                // single spaces. Such a stretch is copied whole.
                let mut end = i;
                loop {
                    while bytes.get(end).is_some_and(|&b| ascii_word_byte(b)) {
                        end += 1;
                    }
                    if bytes.get(end) == Some(&b' ')
                        && bytes.get(end + 1).is_some_and(|&b| ascii_word_byte(b))
                    {
                        end += 1;
                    } else {
                        break;
                    }
                }
                self.ascii_run(text.get(i..end).unwrap_or_default());
                i = end;
            } else if b.is_ascii() {
                // Punctuation and spaces separate words; apostrophes join them.
                self.pending_space |= b != b'\'';
                i += 1;
            } else {
                // `i` is always on a character boundary: it only moves by whole characters.
                let c = text
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                self.lower(lower_char(c));
                i += c.len_utf8();
            }
        }
        if let Some(added) = self.out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    }
}

/// Folds text for search: lower case, accents and apostrophes dropped, every
/// run of other non-alphanumeric characters turned into one space, trimmed.
///
/// `"Sénégal"` → `"senegal"`, `"KUWAIT"` → `"kuwait"`, `"Côte d’Ivoire"` →
/// `"cote divoire"`, `"work-permit"` → `"work permit"`, `"Łódź"` → `"lodz"`.
/// Letters of other scripts are kept (lower-cased where they have case).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] appended to `out`, with a space before it if `out` is not empty.
fn fold_into(text: &str, out: &mut String) {
    Folder {
        out,
        pending_space: true,
    }
    .push(text);
}

// ---------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------

/// Reads `null` (and, from JavaScript, `undefined`) as the field's empty value.
fn nullable<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// What the reader asked to see.
///
/// JSON (or a JS object), every field optional, `null` the same as absent:
///
/// ```json
/// {
///   "measures": ["visa_suspension", "residence_restriction"],
///   "regions": ["middle_east", "africa"],
///   "resolutions": ["2371"],
///   "text": "visa",
///   "as_of": "2017-09-15",
///   "hide_low_confidence": true
/// }
/// ```
///
/// From JavaScript, `serde_wasm_bindgen::from_value::<Filter>` reads the same
/// shape (`undefined` fields are absent); map its error to [`Error::Argument`].
/// It reads any iterable as `[key, value]` pairs, so the boundary should check
/// that it was given a plain object (an empty array would read as no filter).
///
/// An empty list or text means no constraint. Within a field the values are
/// alternatives (any of them); across fields all must hold. `measures` take
/// the keys of [`Measure`], `regions` those of [`Region`]; a resolution id the
/// dataset does not have matches no step. `as_of` is a date `YYYY`, `YYYY-MM`
/// or `YYYY-MM-DD`. Unknown fields or values are an error
/// ([`Filter::from_json`]), never ignored.
///
/// A step matches when its measure, its resolutions and `as_of` pass (a step
/// counts as of a date when its first day, [`PartialDate::first_day`], is on or
/// before the *last* day that date covers: as of `2017-09` includes steps of
/// 15 September; as of `2017-09-01` includes a step dated `2017-09` but not one
/// dated `2017-09-02`), and, with `hide_low_confidence`, its confidence is
/// not `low`. Findings match a measure filter only when they name that
/// measure. See [`Catalog::select`] for the text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Filter {
    /// Measure types to keep (any of them).
    pub measures: Vec<Measure>,
    /// Regions to keep (any of them).
    pub regions: Vec<Region>,
    /// Resolution ids a step must implement (any of them).
    pub resolutions: Vec<String>,
    /// Search text; every word of it must be found (see [`Catalog::select`]).
    pub text: String,
    /// Only steps dated on or before this date.
    pub as_of: Option<PartialDate>,
    /// Leave out steps whose confidence is `low` (steps with no confidence
    /// given are kept; schema_version 2). Serialized only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hide_low_confidence: bool,
}

/// The fields of [`Filter`] as read from JSON.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct FilterFields {
    #[serde(deserialize_with = "nullable")]
    measures: Vec<Measure>,
    #[serde(deserialize_with = "nullable")]
    regions: Vec<Region>,
    #[serde(deserialize_with = "nullable")]
    resolutions: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    text: String,
    as_of: Option<PartialDate>,
    #[serde(deserialize_with = "nullable")]
    hide_low_confidence: bool,
}

/// Reads a filter only from a map (a JSON or JS object), so that every key is
/// seen and an unknown one is an error: serde-wasm-bindgen's struct reader
/// looks up only the known keys, and serde's derive also accepts an array.
impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct FilterVisitor;
        impl<'de> Visitor<'de> for FilterVisitor {
            type Value = Filter;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a filter object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Filter, A::Error> {
                let fields = FilterFields::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Filter {
                    measures: fields.measures,
                    regions: fields.regions,
                    resolutions: fields.resolutions,
                    text: fields.text,
                    as_of: fields.as_of,
                    hide_low_confidence: fields.hide_low_confidence,
                })
            }
        }
        deserializer.deserialize_map(FilterVisitor)
    }
}

impl Filter {
    /// Reads a filter from untyped JSON; anything unknown or of the wrong type
    /// is an [`Error::Argument`] naming it.
    pub fn from_json(value: &serde_json::Value) -> Result<Filter> {
        Filter::deserialize(value).map_err(|e| Error::Argument(format!("filter: {e}")))
    }

    /// True when the filter constrains nothing.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

/// Order of the country list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Alphabetical by name, accents ignored (`"name"`).
    #[default]
    Name,
    /// Earliest first matching step first (`"first_step"`).
    FirstStep,
    /// Most matching steps first (`"step_count"`).
    StepCount,
}

impl SortKey {
    /// Reads `"name"`, `"first_step"` or `"step_count"`.
    pub fn parse(key: &str) -> Result<SortKey> {
        match key {
            "name" => Ok(SortKey::Name),
            "first_step" => Ok(SortKey::FirstStep),
            "step_count" => Ok(SortKey::StepCount),
            other => Err(Error::Argument(format!(
                "sort key {} is not one of \"name\", \"first_step\", \"step_count\"",
                crate::error::quote(other)
            ))),
        }
    }

    /// A summary's place by this key alone, smallest first (ties are broken by the caller).
    fn rank(self, summary: &CountrySummary) -> u64 {
        match self {
            SortKey::Name => 0,
            SortKey::FirstStep => summary.first_step.map_or(u64::MAX, date_key),
            SortKey::StepCount => u64::MAX - summary.step_count as u64,
        }
    }
}

// ---------------------------------------------------------------------------
// Catalog and Selection
// ---------------------------------------------------------------------------

/// What the catalog prepared about one country (parallel to `dataset.countries`).
#[derive(Debug, Clone)]
struct CountryIndex {
    /// Folded display name.
    name: String,
    /// Folded code (`pl`).
    code: String,
    /// Indices into `dataset.steps`, in date order (dataset order among equal dates).
    steps: Vec<usize>,
    /// Indices into `dataset.figures`, in dataset order.
    figures: Vec<usize>,
    /// Position in the list sorted by name, then code: breaks every tie.
    name_rank: usize,
}

impl CountryIndex {
    /// A search word names this country: part of its name, or its whole code.
    fn names(&self, term: &str) -> bool {
        find(&self.name, term, 0).is_some() || self.code == term
    }
}

/// A validated dataset with everything queries need prepared once.
///
/// Build it once per loaded dataset; every query borrows it. The dataset
/// should be one [`crate::validate`] accepted; if it is not, nothing panics:
/// steps and figures of unknown countries are left out, and of two countries
/// with the same code only the first gets steps.
#[derive(Debug, Clone)]
pub struct Catalog {
    dataset: Dataset,
    countries: Vec<CountryIndex>,
    /// Index into `dataset.countries` by alpha-2 code (see [`code_slot`]).
    by_code: Vec<Option<usize>>,
    /// Day number of the first day of each step's date (parallel to `dataset.steps`).
    first_days: Vec<i64>,
    /// Every step's folded search text, made by the first search that needs it
    /// (folding is most of the cost of an index, and many readers never search).
    search: OnceCell<SearchText>,
    /// Every step of a known country, in timeline order: date, country name, dataset order.
    timeline: Vec<usize>,
}

/// The countries and steps a [`Filter`] lets through.
///
/// Made by [`Catalog::select`] and read back by the same catalog's other
/// queries. Countries are in dataset order; each one's steps are indices into
/// [`Catalog::dataset`]`.steps`, in date order. Serialized (for JS) as
/// `{"codes": ["KW", …], "country_count": 2, "total_countries": 4, "step_count": 5}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    countries: Vec<SelectedCountry>,
    total_countries: usize,
    /// Positions in `countries` by code, for [`Selection::steps_of`]: the
    /// map and the timeline ask it for every country of a filter, and a
    /// scan for each added up.
    by_code: CodeIndex,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct SelectedCountry {
    /// Index into `dataset.countries`.
    index: usize,
    code: String,
    /// Matching steps, indices into `dataset.steps`, in date order.
    steps: Vec<usize>,
}

impl Selection {
    /// Number of countries selected.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// True when nothing matches.
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }

    /// Number of countries in the dataset (for "2 of 4 countries").
    pub fn total_countries(&self) -> usize {
        self.total_countries
    }

    /// Number of matching steps over all selected countries.
    pub fn step_count(&self) -> usize {
        self.countries.iter().map(|c| c.steps.len()).sum()
    }

    /// Codes of the selected countries, in dataset order.
    pub fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        self.countries.iter().map(|c| c.code.as_str())
    }

    /// True when the country with this code is selected.
    pub fn contains(&self, code: &str) -> bool {
        self.steps_of(code).is_some()
    }

    /// A selected country's matching steps (indices into the dataset's steps,
    /// date order); `None` when the country is not selected.
    pub fn steps_of(&self, code: &str) -> Option<&[usize]> {
        let at = |i: usize| self.countries.get(i).map(|c| c.code.as_str());
        let i = self.by_code.find(code, at)?;
        self.countries.get(i).map(|c| c.steps.as_slice())
    }
}

impl Serialize for Selection {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        struct Codes<'a>(&'a Selection);
        impl Serialize for Codes<'_> {
            fn serialize<S: Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.codes())
            }
        }
        let mut s = serializer.serialize_struct("Selection", 4)?;
        s.serialize_field("codes", &Codes(self))?;
        s.serialize_field("country_count", &self.len())?;
        s.serialize_field("total_countries", &self.total_countries)?;
        s.serialize_field("step_count", &self.step_count())?;
        s.end()
    }
}

fn measure_bit(m: Measure) -> u8 {
    1 << (m as u8)
}

fn region_bit(r: Region) -> u8 {
    1 << (r as u8)
}

/// Day number of a date's last day.
fn last_day_number(date: PartialDate) -> i64 {
    let (y, m, d) = date.last_day();
    days_from_civil(y, m, d)
}

/// Every step's folded search text (description, quotes, speakers, note),
/// one after the other, each followed by a newline: one string to scan per
/// search word instead of 10,000.
#[derive(Debug, Clone)]
struct SearchText {
    text: String,
    /// Where each step's text ends in `text` (parallel to the dataset's steps).
    ends: Vec<usize>,
}

impl SearchText {
    fn new(steps: &[Step]) -> SearchText {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(steps.len());
        let mut scratch = String::new();
        for step in steps {
            step_search_text(step, &mut scratch);
            text.push_str(&scratch);
            ends.push(text.len());
            text.push('\n');
        }
        SearchText { text, ends }
    }
}

/// Folds the text a step is searched by (description, quotes, who said them,
/// their translations, note, what its disputes' claims say) into `out`,
/// which is cleared first.
fn step_search_text(step: &Step, out: &mut String) {
    out.clear();
    fold_into(step.description.as_str(), out);
    for quote in step.sources.iter().filter_map(|s| s.quote.as_ref()) {
        fold_into(quote.text.as_str(), out);
        if let Some(speaker) = &quote.speaker {
            fold_into(speaker.as_str(), out);
        }
        if let Some(t) = &quote.translation {
            fold_into(t.text.as_str(), out);
        }
    }
    if let Some(note) = &step.note {
        fold_into(note.as_str(), out);
    }
    for claim in step.disputes.iter().flat_map(|d| &d.claims) {
        fold_into(claim.says.as_str(), out);
    }
}

/// Where `needle` first occurs in `haystack` at or after byte `from`.
///
/// A plain byte search (first byte, then the rest): on UTF-8 a byte match is
/// always a character match. Written out because `str::find` brings in about
/// 5 KB (gzip) of wasm for its general-purpose searcher, and the needles here
/// are a few letters long.
fn find(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let hay = haystack.as_bytes();
    let (&first, _) = needle.as_bytes().split_first()?;
    let mut at = from;
    loop {
        at += hay.get(at..)?.iter().position(|&b| b == first)?;
        if hay.get(at..at + needle.len()) == Some(needle.as_bytes()) {
            return Some(at);
        }
        at += 1;
    }
}

/// The slot of an upper-case two-letter code (`AA` = 0 … `ZZ` = 675) in
/// [`Catalog`]'s code table; `None` for any other code.
fn code_slot(code: &str) -> Option<usize> {
    match code.as_bytes() {
        &[a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
            Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
        }
        _ => None,
    }
}

/// The index of the first country with this code.
fn country_index(by_code: &[Option<usize>], countries: &[Country], code: &str) -> Option<usize> {
    match code_slot(code) {
        Some(slot) => by_code.get(slot).copied().flatten(),
        None => countries.iter().position(|c| c.code == code),
    }
}

/// A date as a number that sorts like [`When`]: first day, then precision
/// (year, half year, month, day, period, open period).
fn date_key(date: When) -> u64 {
    let day = u64::try_from(date.day_number().saturating_add(1 << 40)).unwrap_or(0);
    day << 3 | u64::from(date.rank())
}

impl Catalog {
    /// Prepares a dataset for queries (sorting and folding everything once).
    pub fn new(dataset: Dataset) -> Catalog {
        let mut by_code = vec![None; 26 * 26];
        for (i, c) in dataset.countries.iter().enumerate() {
            if let Some(slot) = code_slot(&c.code).and_then(|s| by_code.get_mut(s)) {
                slot.get_or_insert(i);
            }
        }
        let mut countries: Vec<CountryIndex> = dataset
            .countries
            .iter()
            .map(|c| CountryIndex {
                name: fold(c.name.as_str()),
                code: fold(&c.code),
                steps: Vec::new(),
                figures: Vec::new(),
                name_rank: 0,
            })
            .collect();
        // Name order: folded name, then name, then code, then dataset order.
        let mut by_name: Vec<usize> = (0..countries.len()).collect();
        // (The index is the last key: a total order, so a stable sort is exact.)
        crate::sort::sort_stable(&mut by_name, &|&a, &b| {
            let key = |i: usize| {
                (
                    countries.get(i).map(|c| c.name.as_str()),
                    dataset.countries.get(i).map(|c| (c.name.as_str(), &c.code)),
                    i,
                )
            };
            key(a).cmp(&key(b))
        });
        for (rank, i) in by_name.into_iter().enumerate() {
            if let Some(c) = countries.get_mut(i) {
                c.name_rank = rank;
            }
        }
        // Timeline order: date, then country name, then dataset order. Within
        // one country that is date order (dataset order among equal dates),
        // the order of its own steps: one sort gives both.
        let ranks = countries.len() as u64 + 1;
        let mut first_days = Vec::with_capacity(dataset.steps.len());
        let mut owner = Vec::with_capacity(dataset.steps.len());
        let mut timeline = Vec::with_capacity(dataset.steps.len());
        for (i, step) in dataset.steps.iter().enumerate() {
            first_days.push(step.date.day_number());
            let c = country_index(&by_code, &dataset.countries, &step.country);
            owner.push(c);
            if let Some(country) = c.and_then(|c| countries.get(c)) {
                let key = date_key(step.date)
                    .saturating_mul(ranks)
                    .saturating_add(country.name_rank as u64);
                timeline.push((key, i));
            }
        }
        sort_keyed(&mut timeline);
        for &(_, i) in &timeline {
            let c = owner.get(i).copied().flatten();
            if let Some(country) = c.and_then(|c| countries.get_mut(c)) {
                country.steps.push(i);
            }
        }
        for (i, figure) in dataset.figures.iter().enumerate() {
            let c = country_index(&by_code, &dataset.countries, &figure.country);
            if let Some(country) = c.and_then(|c| countries.get_mut(c)) {
                country.figures.push(i);
            }
        }
        Catalog {
            timeline: timeline.into_iter().map(|(_, i)| i).collect(),
            dataset,
            countries,
            by_code,
            first_days,
            search: OnceCell::new(),
        }
    }

    /// The dataset the catalog was built from.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The countries and steps that pass `filter`.
    ///
    /// A step matches when its measure, resolutions and date pass the filter
    /// (see [`Filter`]) and, if there is search text, when every word of the
    /// folded text (see [`fold`]) is found in the step's own text
    /// (description, quotes, who said them, note) or names its country (part
    /// of the country's name, or its whole code). So searching "poland" keeps
    /// all of Poland's steps, "visa" keeps only the steps that mention visas,
    /// and "kuwait visa" keeps Kuwait's steps that mention visas. A country is
    /// selected when its region passes and it has at least one matching step;
    /// a country with no steps is never selected.
    pub fn select(&self, filter: &Filter) -> Selection {
        let measures = filter.measures.iter().fold(0u8, |m, &x| m | measure_bit(x));
        let regions = filter.regions.iter().fold(0u8, |m, &x| m | region_bit(x));
        let as_of = filter.as_of.map(last_day_number);
        let query = fold(&filter.text);
        let mut terms: Vec<&str> = Vec::new();
        for term in query.split(' ') {
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
        // For each word, which steps' own texts contain it: one scan of all the
        // texts per word, made only once a country's name does not account for it.
        let mut hits: Vec<Option<Vec<bool>>> = vec![None; terms.len()];
        // Per country, the words its name does not account for (indices into `terms`).
        let mut unnamed: Vec<usize> = Vec::with_capacity(terms.len());

        let step_matches = |i: usize, unnamed: &[usize], hits: &[Option<Vec<bool>>]| {
            let (Some(step), Some(&first_day)) =
                (self.dataset.steps.get(i), self.first_days.get(i))
            else {
                return false;
            };
            (measures == 0 || step.measure.is_some_and(|m| measures & measure_bit(m) != 0))
                && (filter.resolutions.is_empty()
                    || step
                        .resolutions
                        .iter()
                        .any(|r| filter.resolutions.contains(r)))
                && as_of.map_or(true, |last| first_day <= last)
                && !(filter.hide_low_confidence && step.confidence == Some(Confidence::Low))
                && unnamed
                    .iter()
                    .all(|&t| matches!(hits.get(t), Some(Some(h)) if h.get(i) == Some(&true)))
        };

        let mut countries = Vec::new();
        for (i, (country, index)) in self
            .dataset
            .countries
            .iter()
            .zip(&self.countries)
            .enumerate()
        {
            let in_regions = || {
                country
                    .regions
                    .iter()
                    .any(|&r| regions & region_bit(r) != 0)
            };
            if index.steps.is_empty() || (regions != 0 && !in_regions()) {
                continue;
            }
            unnamed.clear();
            for (t, term) in terms.iter().enumerate() {
                if index.names(term) {
                    continue;
                }
                unnamed.push(t);
                if let Some(slot @ None) = hits.get_mut(t) {
                    *slot = Some(self.steps_containing(term));
                }
            }
            let steps: Vec<usize> = index
                .steps
                .iter()
                .copied()
                .filter(|&s| step_matches(s, &unnamed, &hits))
                .collect();
            if !steps.is_empty() {
                countries.push(SelectedCountry {
                    index: i,
                    code: country.code.clone(),
                    steps,
                });
            }
        }
        let by_code = CodeIndex::new(countries.iter().map(|c| Some(c.code.as_str())));
        Selection {
            countries,
            total_countries: self.dataset.countries.len(),
            by_code,
        }
    }

    /// Which steps' search texts contain `term` (indexed like `dataset.steps`).
    fn steps_containing(&self, term: &str) -> Vec<bool> {
        let search = self
            .search
            .get_or_init(|| SearchText::new(&self.dataset.steps));
        let mut hits = vec![false; search.ends.len()];
        let mut from = 0;
        while let Some(at) = find(&search.text, term, from) {
            let step = search.ends.partition_point(|&end| end <= at);
            if let Some(hit) = hits.get_mut(step) {
                *hit = true;
            }
            // Go on after this step's text and its newline: one hit per step is enough.
            let Some(&end) = search.ends.get(step) else {
                break;
            };
            from = end + 1;
        }
        hits
    }

    /// The dataset's country and the catalog's index for a selected country,
    /// if the selection was made by this catalog.
    fn resolve(&self, selected: &SelectedCountry) -> Option<(&Country, &CountryIndex)> {
        let country = self.dataset.countries.get(selected.index)?;
        let index = self.countries.get(selected.index)?;
        (country.code == selected.code).then_some((country, index))
    }

    /// A country's summary over the given steps (indices into the dataset's steps).
    fn summary(&self, country: &Country, index: &CountryIndex, steps: &[usize]) -> CountrySummary {
        let mut mask = 0u8;
        let mut first: Option<When> = None;
        let mut last: Option<When> = None;
        let mut count = 0;
        let mut findings = 0;
        let mut low = 0;
        for step in steps.iter().filter_map(|&i| self.dataset.steps.get(i)) {
            if step.country != country.code {
                continue;
            }
            low += usize::from(step.confidence == Some(Confidence::Low));
            // Findings are counted and dated, never ranked.
            match step.ranked_measure() {
                Some(m) => mask |= measure_bit(m),
                None => findings += usize::from(step.is_finding()),
            }
            first = Some(first.map_or(step.date, |d| d.min(step.date)));
            last = Some(last.map_or(step.date, |d| d.max(step.date)));
            count += 1;
        }
        let measures: Vec<Measure> = Measure::ALL
            .into_iter()
            .filter(|&m| mask & measure_bit(m) != 0)
            .collect();
        CountrySummary {
            code: country.code.clone(),
            name: country.name.as_str().to_owned(),
            region: country.region(),
            regions: country.regions.clone(),
            un_member: country.un_member,
            strongest: measures.first().copied(),
            measures,
            first_step: first,
            last_step: last,
            first_step_text: first.map(|d| d.display_en()),
            last_step_text: last.map(|d| d.display_en()),
            step_count: count,
            finding_count: findings,
            low_confidence_count: low,
            total_step_count: index.steps.len(),
            figure_count: index.figures.len(),
        }
    }

    /// One summary per selected country, over its matching steps, sorted by
    /// `key`; ties are broken by name (accents ignored), then code.
    pub fn summaries(&self, selection: &Selection, key: SortKey) -> Vec<CountrySummary> {
        // Each summary sits at its country's name rank; the sort orders (key, rank) pairs.
        let mut by_rank: Vec<Option<CountrySummary>> = vec![None; self.countries.len()];
        let mut order = Vec::with_capacity(selection.countries.len());
        for selected in &selection.countries {
            let Some((country, index)) = self.resolve(selected) else {
                continue;
            };
            let summary = self.summary(country, index, &selected.steps);
            if let Some(slot @ None) = by_rank.get_mut(index.name_rank) {
                order.push((key.rank(&summary), index.name_rank));
                *slot = Some(summary);
            }
        }
        sort_keyed(&mut order);
        order
            .into_iter()
            .filter_map(|(_, rank)| by_rank.get_mut(rank)?.take())
            .collect()
    }

    /// [`Catalog::summaries`] grouped by region, regions west to east
    /// ([`Region::ALL`]), then the countries with no region (key `none`,
    /// "Other places"); a country with two regions is listed under its
    /// first; groups with no selected country are left out.
    pub fn summaries_by_region(&self, selection: &Selection, key: SortKey) -> Vec<RegionGroup> {
        let mut groups: Vec<RegionGroup> = Region::ALL
            .into_iter()
            .map(|region| RegionGroup {
                region: Some(region),
                label: region.label_en(),
                countries: Vec::new(),
            })
            .chain(std::iter::once(RegionGroup {
                region: None,
                label: NO_REGION_LABEL,
                countries: Vec::new(),
            }))
            .collect();
        for summary in self.summaries(selection, key) {
            if let Some(group) = groups.iter_mut().find(|g| g.region == summary.region) {
                group.countries.push(summary);
            }
        }
        groups.retain(|g| !g.countries.is_empty());
        groups
    }

    /// Each country's state as of `date`: the summaries, by name, of the
    /// countries with a step on or before it (same rule as [`Filter::as_of`]).
    pub fn state_as_of(&self, date: PartialDate) -> Vec<CountrySummary> {
        let filter = Filter {
            as_of: Some(date),
            ..Filter::default()
        };
        self.summaries(&self.select(&filter), SortKey::Name)
    }

    /// The selection's matching steps across countries, in date order (ties by
    /// country name, then dataset order): what the timeline draws. The entries
    /// borrow from the catalog; names and labels are in the summaries, in
    /// [`labels_en`] and in the details, so 10,000 steps cost no string copies.
    pub fn timeline(&self, selection: &Selection) -> Vec<TimelineStep<'_>> {
        let mut selected = vec![false; self.dataset.steps.len()];
        for country in &selection.countries {
            let Some((c, _)) = self.resolve(country) else {
                continue;
            };
            for &i in &country.steps {
                if self
                    .dataset
                    .steps
                    .get(i)
                    .is_some_and(|s| s.country == c.code)
                {
                    if let Some(flag) = selected.get_mut(i) {
                        *flag = true;
                    }
                }
            }
        }
        self.timeline
            .iter()
            .filter(|&&i| selected.get(i).copied().unwrap_or(false))
            .filter_map(|&i| self.dataset.steps.get(i))
            .map(|step| TimelineStep {
                id: &step.id,
                country: &step.country,
                date: step.date,
                precision: step.date.precision(),
                day_number: step.date.day_number(),
                last_day_number: step.date.is_period().then(|| step.date.last_day_number()),
                is_period: step.date.is_period(),
                open_ended: step.date.is_open(),
                measure: step.measure,
                kind: step.kind,
                confidence: step.confidence,
                date_inferred: step.date_inferred,
                resolutions: &step.resolutions,
            })
            .collect()
    }

    /// Where the country with this code is in the dataset's `countries`
    /// (the first, if two share it), found through the catalog's index.
    pub fn country_position(&self, code: &str) -> Option<usize> {
        country_index(&self.by_code, &self.dataset.countries, code)
    }

    /// Everything the details panel shows about one country: all its steps in
    /// date order, each flagged whether it matches `selection`, and its
    /// figures' ids. `None` when the dataset has no country with this code.
    pub fn country_details(&self, code: &str, selection: &Selection) -> Option<CountryDetails> {
        let i = country_index(&self.by_code, &self.dataset.countries, code)?;
        let country = self.dataset.countries.get(i)?;
        let index = self.countries.get(i)?;
        let mut matching = vec![false; self.dataset.steps.len()];
        for &s in selection.steps_of(code).unwrap_or_default() {
            if let Some(flag) = matching.get_mut(s) {
                *flag = true;
            }
        }
        let steps: Vec<StepDetails> = index
            .steps
            .iter()
            .filter_map(|&s| {
                let step = self.dataset.steps.get(s)?;
                Some(StepDetails::new(step, matching.get(s) == Some(&true)))
            })
            .collect();
        Some(CountryDetails {
            code: country.code.clone(),
            name: country.name.as_str().to_owned(),
            region: country.region(),
            region_label: country.region().map_or(NO_REGION_LABEL, Region::label_en),
            regions: country.regions.clone(),
            un_member: country.un_member,
            selected: selection.contains(code),
            matching_step_count: steps.iter().filter(|s| s.matches).count(),
            steps,
            figures: index
                .figures
                .iter()
                .filter_map(|&f| self.dataset.figures.get(f))
                .map(|f| f.id.clone())
                .collect(),
            figure_details: index
                .figures
                .iter()
                .filter_map(|&f| self.dataset.figures.get(f))
                .map(FigureDetails::new)
                .collect(),
        })
    }
}

// ---------------------------------------------------------------------------
// What the widget renders (plain data)
// ---------------------------------------------------------------------------

/// Writes a region as its key, and no region as `"none"` (the key of the
/// "Other places" group).
fn region_key<S: Serializer>(
    region: &Option<Region>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(region.map_or(NO_REGION_KEY, Region::key))
}

fn is_measure_kind(kind: &StepKind) -> bool {
    *kind == StepKind::Measure
}

/// Writes a date in its one-string form (`2017-09`, `2019-H2`, `2019-11/2020-02`, `2017-08-05/..`).
fn when_text<S: Serializer>(when: &When, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_str(when)
}

/// [`when_text`] for an optional date (`null` when absent).
fn opt_when_text<S: Serializer>(
    when: &Option<When>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    match when {
        Some(w) => serializer.collect_str(w),
        None => serializer.serialize_none(),
    }
}

/// One entry of the country list: a country summed up over its matching steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountrySummary {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Display name, exactly as the dataset gives it.
    pub name: String,
    /// Region it is listed under: its first (its key, `middle_east`, in
    /// JSON; `"none"` for a country the dataset gives no region).
    #[serde(serialize_with = "region_key")]
    pub region: Option<Region>,
    /// All its regions (none to two keys): a region filter keeps it for any.
    pub regions: Vec<Region>,
    /// False for a territory that is not a UN member (the widget marks it "not a UN member").
    pub un_member: bool,
    /// Strongest measure among the matching steps (the first in
    /// [`Measure::ALL`]); findings never count.
    pub strongest: Option<Measure>,
    /// Distinct measures of the matching steps that are measures (not findings), strongest first.
    pub measures: Vec<Measure>,
    /// Date of the earliest matching step, findings included (`YYYY[-MM[-DD]]`,
    /// `YYYY-H1`, `FROM/TO` or `FROM/..` in JSON).
    #[serde(serialize_with = "opt_when_text")]
    pub first_step: Option<When>,
    /// Date of the latest matching step.
    #[serde(serialize_with = "opt_when_text")]
    pub last_step: Option<When>,
    /// `first_step` in English at its precision (`September 2017`, `since 5 August 2017`).
    pub first_step_text: Option<String>,
    /// `last_step` in English at its precision.
    pub last_step_text: Option<String>,
    /// Number of matching steps (findings included).
    pub step_count: usize,
    /// How many of the matching steps are findings.
    pub finding_count: usize,
    /// How many of the matching steps are of low confidence.
    pub low_confidence_count: usize,
    /// Number of the country's steps, matching or not.
    pub total_step_count: usize,
    /// Number of the country's figures (figures are not filtered).
    pub figure_count: usize,
}

/// The countries of one region, for the map-style list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionGroup {
    /// The region (its key in JSON; `"none"` for the countries with no region, listed last).
    #[serde(serialize_with = "region_key")]
    pub region: Option<Region>,
    /// Its English label ("Other places" for `none`).
    pub label: &'static str,
    /// Its selected countries, in the requested order.
    pub countries: Vec<CountrySummary>,
}

/// One step on the timeline (borrowed from the [`Catalog`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimelineStep<'a> {
    /// The step's id.
    pub id: &'a str,
    /// Its country's code.
    pub country: &'a str,
    /// Its date, as one string (`2017-09`, `2019-H2`, `2019-11/2020-02`, `2017-08-05/..`).
    #[serde(serialize_with = "when_text")]
    pub date: When,
    /// How precise the date is (`year`, `half`, `month`, `day`; a period's start's).
    pub precision: Precision,
    /// Days since 1970-01-01 of the date's first day: the timeline's axis.
    pub day_number: i64,
    /// For a period only (absent otherwise): days since 1970-01-01 of its
    /// last day (for an open period, of its start's last day).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day_number: Option<i64>,
    /// True when the date is a period (`{"from", "to"}`), drawn as a span; absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_period: bool,
    /// True for a period with no end ("since …"); absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open_ended: bool,
    /// Kind of measure (its key in JSON); `null` for a finding that names none.
    pub measure: Option<Measure>,
    /// `"finding"` for a finding; absent for a measure.
    #[serde(skip_serializing_if = "is_measure_kind")]
    pub kind: StepKind,
    /// `high`, `medium` or `low`; absent when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// True when the date is the editor's inference; absent when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub date_inferred: bool,
    /// Ids of the resolutions it implements (`unspecified` for a resolution without its number).
    pub resolutions: &'a [String],
}

/// The details panel of one country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryDetails {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Display name, exactly as the dataset gives it.
    pub name: String,
    /// Region it is listed under (its key in JSON; `"none"` when the dataset gives none).
    #[serde(serialize_with = "region_key")]
    pub region: Option<Region>,
    /// English label of the region ("Other places" for none).
    pub region_label: &'static str,
    /// All its regions (none to two keys).
    pub regions: Vec<Region>,
    /// False for a territory that is not a UN member (shown with a mark "not a UN member").
    pub un_member: bool,
    /// Whether the country is in the selection.
    pub selected: bool,
    /// Number of its steps that match the selection.
    pub matching_step_count: usize,
    /// All its steps, in date order.
    pub steps: Vec<StepDetails>,
    /// Ids of its figures, in dataset order.
    pub figures: Vec<String>,
    /// Its figures' facts, in dataset order (parallel to `figures`).
    pub figure_details: Vec<FigureDetails>,
}

/// One step as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepDetails {
    /// The step's id.
    pub id: String,
    /// Whether it matches the selection (the widget highlights these).
    pub matches: bool,
    /// `measure` or `finding` (a finding never colours the map nor is the strongest measure).
    pub kind: StepKind,
    /// English label of `kind` (`Measure`, `Finding`).
    pub kind_label: &'static str,
    /// What a finding found (`non_compliance`, `no_workers`, `other`), when given.
    pub finding: Option<FindingKind>,
    /// English label of `finding`.
    pub finding_label: Option<&'static str>,
    /// The date as in the data, one string (`2017-09`, `2019-H2`, `2019-11/2020-02`, `2017-08-05/..`).
    pub date: String,
    /// The date in English at its precision (`September 2017`, `second half
    /// of 2019`, `November 2019 – February 2020`, `since 5 August 2017`).
    pub date_text: String,
    /// The date in short English (`Sep 2017`, `H2 2019`, `Nov 2019 – Feb 2020`, `since 5 Aug 2017`).
    pub date_short_text: String,
    /// How precise the date is (`year`, `half`, `month`, `day`; for a period, its start's).
    pub precision: Precision,
    /// True when the date is a period.
    pub is_period: bool,
    /// True for a period with no end ("since …").
    pub open_ended: bool,
    /// True when the date is the editor's inference, not stated by a source.
    pub date_inferred: bool,
    /// What the date is (`announced`, `in_force`, `reported`); `null` when not given.
    pub date_kind: Option<Stage>,
    /// English label of `date_kind`.
    pub date_kind_label: Option<&'static str>,
    /// Kind of measure (its key); `null` for a finding that names none.
    pub measure: Option<Measure>,
    /// English label of the measure.
    pub measure_label: Option<&'static str>,
    /// Where it stands (`announced`, `in_force`, `reported`); `null` when not given.
    pub status: Option<Stage>,
    /// English label of `status`.
    pub status_label: Option<&'static str>,
    /// How sure the editor is (`high`, `medium`, `low`); `null` when not given.
    pub confidence: Option<Confidence>,
    /// English label of `confidence` (`Low confidence`).
    pub confidence_label: Option<&'static str>,
    /// What was done.
    pub description: String,
    /// Ids of the resolutions it implements (may be empty; `unspecified`
    /// for "a UN resolution" without its number).
    pub resolutions: Vec<String>,
    /// Its sources.
    pub sources: Vec<SourceDetails>,
    /// Where its sources disagree, claim by claim (empty when none).
    pub disputes: Vec<DisputeDetails>,
    /// Where sources disagree or something needs saying.
    pub note: Option<String>,
}

impl StepDetails {
    fn new(step: &Step, matches: bool) -> StepDetails {
        StepDetails {
            id: step.id.clone(),
            matches,
            kind: step.kind,
            kind_label: step.kind.label_en(),
            finding: step.finding,
            finding_label: step.finding.map(FindingKind::label_en),
            date: step.date.to_string(),
            date_text: step.date.display_en(),
            date_short_text: step.date.display_short_en(),
            precision: step.date.precision(),
            is_period: step.date.is_period(),
            open_ended: step.date.is_open(),
            date_inferred: step.date_inferred,
            date_kind: step.date_kind,
            date_kind_label: step.date_kind.map(Stage::label_en),
            measure: step.measure,
            measure_label: step.measure.map(Measure::label_en),
            status: step.status,
            status_label: step.status.map(Stage::label_en),
            confidence: step.confidence,
            confidence_label: step.confidence.map(Confidence::label_en),
            description: step.description.as_str().to_owned(),
            resolutions: step.resolutions.clone(),
            sources: step.sources.iter().map(SourceDetails::new).collect(),
            disputes: step
                .disputes
                .iter()
                .map(|d| DisputeDetails {
                    about: d.about.as_ref().map(|a| a.as_str().to_owned()),
                    claims: d
                        .claims
                        .iter()
                        .map(|c| {
                            let source = step.sources.get(c.source);
                            ClaimDetails {
                                source: c.source,
                                says: c.says.as_str().to_owned(),
                                publisher: source
                                    .map(|s| s.publisher.as_str().to_owned())
                                    .unwrap_or_default(),
                                title: source
                                    .and_then(|s| s.title.as_ref())
                                    .map(|t| t.as_str().to_owned()),
                                url: source.map(|s| s.url.clone()).unwrap_or_default(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            note: step.note.as_ref().map(|n| n.as_str().to_owned()),
        }
    }
}

/// Where a step's sources disagree, as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisputeDetails {
    /// What is disputed ("date", "number expelled"), when given.
    pub about: Option<String>,
    /// Two or more claims, each from a different source.
    pub claims: Vec<ClaimDetails>,
}

/// One source's claim in a dispute, with the source it cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimDetails {
    /// Index (0-based) of the source in the step's `sources`.
    pub source: usize,
    /// What that source says.
    pub says: String,
    /// The source's publisher.
    pub publisher: String,
    /// The source's title, if it has one.
    pub title: Option<String>,
    /// The source's URL.
    pub url: String,
}

/// A source as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceDetails {
    /// Who published it.
    pub publisher: String,
    /// Link to it.
    pub url: String,
    /// Its title, if it has one.
    pub title: Option<String>,
    /// True when the title is the editor's description, not the source's own
    /// (the widget should not set it as a quoted title).
    pub title_inferred: bool,
    /// Its date as in the data, if known.
    pub date: Option<String>,
    /// Its date in English at its precision, if known.
    pub date_text: Option<String>,
    /// A supporting quote, if any.
    pub quote: Option<QuoteDetails>,
}

impl SourceDetails {
    fn new(source: &Source) -> SourceDetails {
        SourceDetails {
            publisher: source.publisher.as_str().to_owned(),
            url: source.url.clone(),
            title: source.title.as_ref().map(|t| t.as_str().to_owned()),
            title_inferred: source.title_inferred,
            date: source.date.map(|d| d.to_string()),
            date_text: source.date.map(|d| d.display_en()),
            quote: source.quote.as_ref().map(|q| QuoteDetails {
                text: q.text.as_str().to_owned(),
                speaker: q.speaker.as_ref().map(|s| s.as_str().to_owned()),
                lang: q.lang.clone(),
                translated: q.translated,
                translation: q.translation.as_ref().map(|t| TranslationDetails {
                    text: t.text.as_str().to_owned(),
                    lang: t.lang.clone(),
                }),
            }),
        }
    }
}

/// A quote as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteDetails {
    /// The words quoted (without quotation marks of their own).
    pub text: String,
    /// Who said them; `null` when the source does not say.
    pub speaker: Option<String>,
    /// BCP 47 tag of the words' language (for the `lang` attribute), when given.
    pub lang: Option<String>,
    /// True when the words are a translation.
    pub translated: bool,
    /// A translation to show beside the original, when given.
    pub translation: Option<TranslationDetails>,
}

/// A quote's translation as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationDetails {
    /// The translated words.
    pub text: String,
    /// BCP 47 tag of their language, when given.
    pub lang: Option<String>,
}

/// A figure's facts for the details panel (its chart is drawn separately).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureDetails {
    /// The figure's id.
    pub id: String,
    /// What is counted.
    pub metric: String,
    /// Unit of the values.
    pub unit: String,
    /// `per_period` or `level`.
    pub kind: FigureKind,
    /// How sure the editor is of the series (`high`, `medium`, `low`), when given.
    pub confidence: Option<Confidence>,
    /// Anything a reader must know.
    pub note: Option<String>,
    /// Its sources (values refer to them by index).
    pub sources: Vec<SourceDetails>,
    /// Its values, in dataset order.
    pub values: Vec<FigureValueDetails>,
}

/// One value of a figure, with its bounds and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureValueDetails {
    /// The date, one string (`2019`, `2019-H2`, `2019-11/2020-02`).
    pub date: String,
    /// The date in English.
    pub date_text: String,
    /// The number, when given (`null` when only bounds are).
    pub value: Option<f64>,
    /// Lower bound ("at least"), when given.
    pub at_least: Option<f64>,
    /// Upper bound ("at most"), when given.
    pub at_most: Option<f64>,
    /// True when the value is the peak of the period.
    pub peak: bool,
    /// True when the source gives it as approximate.
    pub approximate: bool,
    /// What the value covers, when the source narrows it.
    pub covers: Option<String>,
    /// Index into the figure's `sources` of this value's source (0 when not given).
    pub source: usize,
    /// How sure the editor is of this value, when given.
    pub confidence: Option<Confidence>,
    /// Why it differs from another value for the same date, or a caveat.
    pub note: Option<String>,
}

impl FigureDetails {
    fn new(figure: &Figure) -> FigureDetails {
        let text = |t: &crate::model::Text| t.as_str().to_owned();
        FigureDetails {
            id: figure.id.clone(),
            metric: text(&figure.metric),
            unit: text(&figure.unit),
            kind: figure.kind,
            confidence: figure.confidence,
            note: figure.note.as_ref().map(text),
            sources: figure.sources.iter().map(SourceDetails::new).collect(),
            values: figure
                .values
                .iter()
                .map(|v: &FigureValue| FigureValueDetails {
                    date: v.date.to_string(),
                    date_text: v.date.display_en(),
                    value: v.value,
                    at_least: v.at_least,
                    at_most: v.at_most,
                    peak: v.peak,
                    approximate: v.approximate,
                    covers: v.covers.as_ref().map(text),
                    source: v.source_index(),
                    confidence: v.confidence,
                    note: v.note.as_ref().map(text),
                })
                .collect(),
        }
    }
}

/// A key with its English label, for legends and filter controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KeyLabel {
    /// The JSON key (`visa_suspension`).
    pub key: &'static str,
    /// The English label (`Visa suspension`).
    pub label: &'static str,
}

/// Every measure, region and stage with its English label, in display order
/// (measures strongest first, regions west to east): fetched once by the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// Measures, strongest first.
    pub measures: Vec<KeyLabel>,
    /// Regions, west to east.
    pub regions: Vec<KeyLabel>,
    /// Stages (status and date kinds).
    pub stages: Vec<KeyLabel>,
    /// Step kinds (`measure`, `finding`).
    pub kinds: Vec<KeyLabel>,
    /// What findings found (`non_compliance`, `no_workers`, `other`).
    pub findings: Vec<KeyLabel>,
    /// Confidence levels, most sure first.
    pub confidences: Vec<KeyLabel>,
    /// The group of countries with no region: `{key: "none", label: "Other places"}`.
    pub no_region: KeyLabel,
}

/// What the widget shows around the pictures, once per dataset: the
/// metadata with dates in words, the counts, and the filter menus' choices
/// (only measures, regions and resolutions the dataset uses).
#[derive(Serialize)]
pub struct Overview<'a> {
    /// The dataset's title.
    pub title: &'a str,
    /// Its summary, if given.
    pub summary: Option<&'a str>,
    /// Who published the source story (`null` only for a compilation that gives none).
    pub publisher: Option<&'a str>,
    /// The story's byline, if given.
    pub byline: Option<&'a str>,
    /// Publication date, as in the JSON (`YYYY-MM-DD`; `null` only for a compilation that gives none).
    pub published: Option<String>,
    /// Publication date in words, at its precision.
    pub published_text: Option<String>,
    /// The date the data is current to, as in the JSON: `as_of`, else `published`, else `updated`.
    pub as_of: Option<String>,
    /// The as-of date in words.
    pub as_of_text: Option<String>,
    /// Canonical URL of the source story (`null` only for a compilation that gives none).
    pub source_url: Option<&'a str>,
    /// `story` or `compilation`.
    pub kind: DatasetKind,
    /// Who keeps a compilation, when given.
    pub maintainer: Option<&'a str>,
    /// When a compilation was last updated, as in the JSON.
    pub updated: Option<String>,
    /// `updated` in words.
    pub updated_text: Option<String>,
    /// BCP 47 tag of the language of the dataset's texts (`en` when the dataset does not say).
    pub language: &'a str,
    /// Credits, as given.
    pub credits: Vec<&'a str>,
    /// Licence of the data, only when the dataset states one.
    pub licence: Option<&'a str>,
    /// Number of countries in the dataset.
    pub country_count: usize,
    /// Number of steps.
    pub step_count: usize,
    /// Number of figures.
    pub figure_count: usize,
    /// The measures the steps use, strongest first.
    pub measures: Vec<KeyLabel>,
    /// The regions the countries are in, west to east.
    pub regions: Vec<KeyLabel>,
    /// The resolutions, in dataset order.
    pub resolutions: Vec<ResolutionInfo<'a>>,
    /// The format version the dataset is written in (1 or 2).
    pub schema_version: u32,
    /// What the data says of its own certainty, for the marks and the legend.
    pub certainty: Certainty,
}

/// How many of a dataset's facts carry each mark of certainty (all zero in
/// a version 1 dataset): the widget explains only the marks the data uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Certainty {
    /// Steps that are findings, not measures.
    pub findings: usize,
    /// Steps that give a confidence, any level.
    pub with_confidence: usize,
    /// Steps of low confidence.
    pub low_confidence: usize,
    /// Steps whose date is inferred.
    pub inferred_dates: usize,
    /// Sources (of steps and figures) whose title is the editor's.
    pub inferred_titles: usize,
    /// Figure values that give a confidence.
    pub values_with_confidence: usize,
}

impl Certainty {
    /// Counts the marks of `d`.
    pub fn of(d: &Dataset) -> Certainty {
        let mut c = Certainty::default();
        for s in &d.steps {
            c.findings += usize::from(s.is_finding());
            c.with_confidence += usize::from(s.confidence.is_some());
            c.low_confidence += usize::from(s.confidence == Some(Confidence::Low));
            c.inferred_dates += usize::from(s.date_inferred);
            c.inferred_titles += s.sources.iter().filter(|x| x.title_inferred).count();
        }
        for f in &d.figures {
            c.inferred_titles += f.sources.iter().filter(|x| x.title_inferred).count();
            c.values_with_confidence += f.values.iter().filter(|v| v.confidence.is_some()).count();
        }
        c
    }
}

/// A resolution for the filter menu and the details panel.
#[derive(Serialize)]
pub struct ResolutionInfo<'a> {
    /// The resolution's number.
    pub id: &'a str,
    /// Adoption date, as in the JSON.
    pub adopted: String,
    /// Adoption date in words.
    pub adopted_text: String,
    /// What it requires, in one sentence.
    pub requires: &'a str,
}

impl Catalog {
    /// What a page shows around the pictures, once per dataset: the metadata
    /// with dates in words, the counts, and the filter menus' choices (only
    /// the measures, regions and resolutions the dataset uses, strongest
    /// measure first and regions west to east).
    pub fn overview(&self) -> Overview<'_> {
        let d = self.dataset();
        let as_of = d.meta.as_of_date();
        Overview {
            title: d.meta.title.as_str(),
            summary: d.meta.summary.as_ref().map(|t| t.as_str()),
            publisher: d.meta.publisher.as_ref().map(|t| t.as_str()),
            byline: d.meta.byline.as_ref().map(|t| t.as_str()),
            published: d.meta.published.map(|p| p.to_string()),
            published_text: d.meta.published.map(|p| p.display_en()),
            as_of: as_of.map(|a| a.to_string()),
            as_of_text: as_of.map(|a| a.display_en()),
            source_url: d.meta.source_url.as_deref(),
            kind: d.meta.kind,
            maintainer: d.meta.maintainer.as_ref().map(|t| t.as_str()),
            updated: d.meta.updated.map(|u| u.to_string()),
            updated_text: d.meta.updated.map(|u| u.display_en()),
            language: d.meta.language.as_deref().unwrap_or("en"),
            credits: d.meta.credits.iter().map(|c| c.as_str()).collect(),
            licence: d.meta.licence.as_deref(),
            country_count: d.countries.len(),
            step_count: d.steps.len(),
            figure_count: d.figures.len(),
            measures: Measure::ALL
                .into_iter()
                .filter(|m| d.steps.iter().any(|s| s.measure == Some(*m)))
                .map(|m| KeyLabel {
                    key: m.key(),
                    label: m.label_en(),
                })
                .collect(),
            regions: Region::ALL
                .into_iter()
                .filter(|r| d.countries.iter().any(|c| c.in_region(*r)))
                .map(|r| KeyLabel {
                    key: r.key(),
                    label: r.label_en(),
                })
                .collect(),
            resolutions: d
                .resolutions
                .iter()
                .map(|r| ResolutionInfo {
                    id: &r.id,
                    adopted: r.adopted.to_string(),
                    adopted_text: r.adopted.display_en(),
                    requires: r.requires.as_str(),
                })
                .collect(),
            schema_version: d.schema_version,
            certainty: Certainty::of(d),
        }
    }
}

/// The English labels of every key.
pub fn labels_en() -> Labels {
    Labels {
        measures: Measure::ALL
            .into_iter()
            .map(|m| KeyLabel {
                key: m.key(),
                label: m.label_en(),
            })
            .collect(),
        regions: Region::ALL
            .into_iter()
            .map(|r| KeyLabel {
                key: r.key(),
                label: r.label_en(),
            })
            .collect(),
        stages: Stage::ALL
            .into_iter()
            .map(|s| KeyLabel {
                key: s.key(),
                label: s.label_en(),
            })
            .collect(),
        kinds: StepKind::ALL
            .into_iter()
            .map(|k| KeyLabel {
                key: k.key(),
                label: k.label_en(),
            })
            .collect(),
        findings: FindingKind::ALL
            .into_iter()
            .map(|k| KeyLabel {
                key: k.key(),
                label: k.label_en(),
            })
            .collect(),
        confidences: Confidence::ALL
            .into_iter()
            .map(|c| KeyLabel {
                key: c.key(),
                label: c.label_en(),
            })
            .collect(),
        no_region: KeyLabel {
            key: NO_REGION_KEY,
            label: NO_REGION_LABEL,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, FigureKind, FigureValue, Meta, Quote, StepKind};
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn lower_case_table_agrees_with_std_on_every_character() {
        let mut changed = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let std: Vec<char> = c.to_lowercase().collect();
            let ours = lower_char(c);
            match std.as_slice() {
                [one] => assert_eq!(ours, *one, "U+{:04X}", u32::from(c)),
                // İ: std gives i and a combining dot above, which folding drops.
                [first, mark] => {
                    assert_eq!((c, ours, *first), ('\u{130}', 'i', 'i'));
                    assert!(is_combining(*mark));
                }
                other => panic!("U+{:04X} lowers to {other:?}", u32::from(c)),
            }
            changed += usize::from(ours != c);
        }
        assert!(changed > 1_400, "{changed}");
        // Folding gives what it gave with std's to_lowercase.
        let with_std = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                out.extend(c.to_lowercase());
            }
            fold(&out)
        };
        for text in [
            "İSTANBUL",
            "ΣΟΦΊΑ Ἀθῆναι",
            "МОСКВА Ёлка",
            "ԱՐՄԵՆԻԱ",
            "ᲒᲔᲝᲠᲒᲘᲐ",
            "ＡＢＣ",
            "Ǆ ǅ ǆ",
            "ⓐⒷ",
            "𐐀𐐨",
        ] {
            assert_eq!(fold(text), with_std(text), "{text}");
        }
    }

    fn source(quote: Option<(&str, &str)>) -> Source {
        Source {
            publisher: "Agency".into(),
            url: "https://example.org/a".into(),
            title: None,
            title_inferred: false,
            date: None,
            quote: quote.map(|(text, speaker)| Quote {
                text: text.into(),
                speaker: Some(speaker.into()),
                lang: None,
                translated: false,
                translation: None,
            }),
        }
    }

    fn step(id: &str, country: &str, on: &str, measure: Measure) -> Step {
        Step {
            id: id.into(),
            country: country.into(),
            kind: StepKind::Measure,
            finding: None,
            date: (date(on)).into(),
            date_inferred: false,
            date_kind: Some(Stage::Reported),
            measure: Some(measure),
            description: format!("step {id}").as_str().into(),
            resolutions: Vec::new(),
            status: Some(Stage::Reported),
            confidence: None,
            sources: vec![source(None)],
            disputes: Vec::new(),
            note: None,
        }
    }

    fn country(code: &str, name: &str, region: Region) -> Country {
        Country {
            code: code.into(),
            name: name.into(),
            regions: vec![region],
            un_member: true,
        }
    }

    fn dataset(countries: Vec<Country>, steps: Vec<Step>) -> Dataset {
        Dataset {
            schema_version: crate::model::SCHEMA_VERSION,
            meta: Meta {
                kind: Default::default(),
                title: "T".into(),
                summary: None,
                publisher: Some("P".into()),
                byline: None,
                published: Some(date("2017-09-28")),
                as_of: None,
                source_url: Some("https://example.org".into()),
                credits: Vec::new(),
                licence: None,
                maintainer: None,
                updated: None,
                language: None,
                translations: Vec::new(),
            },
            resolutions: Vec::new(),
            countries,
            steps,
            figures: Vec::new(),
        }
    }

    /// What NFD says a code point's base letter is, if it has exactly one.
    fn nfd_base(c: char) -> Option<char> {
        let s: String = c.to_string().nfd().collect();
        let mut chars = s.chars();
        let first = chars.next()?;
        (first != c && first.is_ascii_alphabetic() && chars.all(is_combining_mark))
            .then(|| first.to_ascii_lowercase())
    }

    #[test]
    fn fold_tables_agree_with_unicode_nfd() {
        // Letters NFD leaves alone that the tables fold on purpose.
        let extra = "ÐðØøĐđĦħıĿŀŁłŉŦŧſ";
        for (table, first) in [(LATIN_C0_24F, 0xC0u32), (LATIN_1E00_1EFF, 0x1E00)] {
            assert_eq!(
                table.len(),
                if first == 0xC0 { 0x250 - 0xC0 } else { 0x100 }
            );
            for (i, &b) in table.iter().enumerate() {
                let c = char::from_u32(first + i as u32).unwrap();
                let ours = (b != b'.').then_some(char::from(b));
                if extra.contains(c) {
                    assert!(ours.is_some() && nfd_base(c).is_none(), "{c:?}");
                } else {
                    assert_eq!(ours, nfd_base(c), "U+{:04X} {c}", first + i as u32);
                }
            }
        }
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Sénégal"), "senegal");
        assert_eq!(fold("KUWAIT"), "kuwait");
        assert_eq!(fold("  Côte d’Ivoire "), "cote divoire");
        assert_eq!(fold("Côte d'Ivoire"), fold("COTE D’IVOIRE"));
        assert_eq!(fold("work-permit, visas!"), "work permit visas");
        assert_eq!(
            fold("Łódź Straße Ærø Œuvre Þór"),
            "lodz strasse aero oeuvre thor"
        );
        assert_eq!(fold("Việt Nam"), "viet nam");
        assert_eq!(fold("İstanbul"), "istanbul");
        // Already decomposed text (e + combining acute) folds the same.
        assert_eq!(fold("Se\u{301}ne\u{301}gal"), "senegal");
        // Other scripts are kept, lower-cased where they have case.
        assert_eq!(fold("РОССИЯ 조선"), "россия 조선");
        assert_eq!(fold("Resolution 2371"), "resolution 2371");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - … "), "");
    }

    #[test]
    fn fold_into_separates_fields() {
        let mut out = String::new();
        fold_into("No visas", &mut out);
        fold_into("", &mut out);
        fold_into("Minister", &mut out);
        assert_eq!(out, "no visas minister");
    }

    #[test]
    fn step_search_text_covers_description_quotes_speakers_and_note() {
        let mut s = step("a", "PL", "2017", Measure::Other);
        s.description = "Décision".into();
        s.sources = vec![
            source(Some(("Pas de VISA", "Ministère"))),
            source(None),
            source(Some(("two", "Three"))),
        ];
        s.note = Some("Sources disagree".into());
        let mut out = String::from("left over");
        step_search_text(&s, &mut out);
        assert_eq!(
            out,
            "decision pas de visa ministere two three sources disagree"
        );
    }

    #[test]
    fn find_matches_str_find() {
        let hay = "visa no visas, résidence ré rés";
        for needle in [
            "visa",
            "visas",
            "v",
            "s",
            "ré",
            "rés",
            "résidence",
            "x",
            "ss",
            "s,",
        ] {
            for from in 0..=hay.len() {
                if hay.is_char_boundary(from) {
                    let want = hay[from..].find(needle).map(|n| n + from);
                    assert_eq!(find(hay, needle, from), want, "{needle:?} from {from}");
                }
            }
        }
        assert_eq!(find(hay, "", 0), None);
        assert_eq!(find("ab", "abc", 0), None);
        assert_eq!(find("ab", "b", 5), None);
    }

    #[test]
    fn code_slots_cover_upper_case_pairs_only() {
        assert_eq!(code_slot("AA"), Some(0));
        assert_eq!(code_slot("PL"), Some(15 * 26 + 11));
        assert_eq!(code_slot("ZZ"), Some(675));
        for other in ["pl", "P", "POL", "", "P1", "ÉÉ"] {
            assert_eq!(code_slot(other), None, "{other}");
        }
        // Codes outside the table are still found, by a linear search.
        let countries = [
            country("pl", "lower", Region::Europe),
            country("PL", "Poland", Region::Europe),
        ];
        let mut table = vec![None; 26 * 26];
        table[code_slot("PL").unwrap()] = Some(1);
        assert_eq!(country_index(&table, &countries, "pl"), Some(0));
        assert_eq!(country_index(&table, &countries, "PL"), Some(1));
        assert_eq!(country_index(&table, &countries, "KW"), None);
    }

    #[test]
    fn date_keys_sort_like_dates() {
        let dates: Vec<PartialDate> = [
            "0001",
            "1969-12-31",
            "1970",
            "1970-01",
            "1970-01-01",
            "2016-12-31",
            "2017",
            "2017-01",
            "2017-01-01",
            "2017-01-02",
            "2017-09",
            "9999-12-31",
        ]
        .iter()
        .map(|s| date(s))
        .collect();
        for a in &dates {
            for b in &dates {
                assert_eq!(
                    date_key((*a).into()).cmp(&date_key((*b).into())),
                    a.cmp(b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn steps_containing_marks_each_step_once_and_never_across_steps() {
        let texts = ["visa visa", "", "no visa", "ab", "cd visas", "Visa"];
        let steps = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut s = step(&i.to_string(), "KW", "2017", Measure::Other);
                s.description = (*t).into();
                s
            })
            .collect();
        let catalog = Catalog::new(dataset(
            vec![country("KW", "Kuwait", Region::MiddleEast)],
            steps,
        ));
        assert_eq!(
            catalog.steps_containing("visa"),
            [true, false, true, false, true, true]
        );
        assert_eq!(
            catalog.steps_containing("visas"),
            [false, false, false, false, true, false]
        );
        // "ab" ends one step and "cd" starts the next: no match across them.
        assert_eq!(catalog.steps_containing("abcd"), [false; 6]);
        assert_eq!(
            catalog.steps_containing("cd"),
            [false, false, false, false, true, false]
        );
    }

    #[test]
    fn catalog_sorts_steps_by_date_and_ranks_names_without_accents() {
        let catalog = Catalog::new(dataset(
            vec![
                country("ZW", "Zimbabwe", Region::Africa),
                country("SN", "Sénégal", Region::Africa),
                country("SE", "Sweden", Region::Europe),
            ],
            vec![
                step("late", "SN", "2017-09-11", Measure::Other),
                step("year", "SN", "2017", Measure::Other),
                step("month", "SN", "2017-09", Measure::Other),
                step("early", "SN", "2016-12-31", Measure::Other),
                step("orphan", "XX", "2017", Measure::Other),
            ],
        ));
        let ids: Vec<&str> = catalog.countries[1]
            .steps
            .iter()
            .map(|&i| catalog.dataset.steps[i].id.as_str())
            .collect();
        assert_eq!(ids, ["early", "year", "month", "late"]);
        // "senegal" < "sweden" < "zimbabwe".
        let ranks: Vec<usize> = catalog.countries.iter().map(|c| c.name_rank).collect();
        assert_eq!(ranks, [2, 0, 1]);
        assert_eq!(catalog.countries[2].steps, Vec::<usize>::new());
    }

    #[test]
    fn duplicate_country_codes_and_foreign_selections_do_not_panic() {
        let one = Catalog::new(dataset(
            vec![
                country("PL", "Poland", Region::Europe),
                country("PL", "Poland again", Region::Europe),
            ],
            vec![step("a", "PL", "2017", Measure::Other)],
        ));
        let selection = one.select(&Filter::default());
        assert_eq!(selection.codes().collect::<Vec<_>>(), ["PL"]);
        assert_eq!(one.summaries(&selection, SortKey::Name)[0].name, "Poland");

        // A selection made by another catalog is not misread by this one.
        let other = Catalog::new(dataset(
            vec![country("KW", "Kuwait", Region::MiddleEast)],
            vec![step("b", "KW", "2017", Measure::Other)],
        ));
        assert!(other.summaries(&selection, SortKey::Name).is_empty());
        assert!(other.timeline(&selection).is_empty());
        let kw = other.country_details("KW", &selection).unwrap();
        assert!(!kw.selected && !kw.steps[0].matches);
    }

    #[test]
    fn terms_naming_the_country_are_not_required_of_its_steps() {
        let mut visa = step("v", "KW", "2017", Measure::VisaSuspension);
        visa.description = "No visas".into();
        let catalog = Catalog::new(dataset(
            vec![country("KW", "Kuwait", Region::MiddleEast)],
            vec![visa, step("r", "KW", "2017", Measure::ResidenceRestriction)],
        ));
        let select = |text: &str| {
            let filter = Filter {
                text: text.into(),
                ..Filter::default()
            };
            catalog
                .select(&filter)
                .steps_of("KW")
                .map(<[usize]>::to_vec)
        };
        assert_eq!(select("kuwait"), Some(vec![0, 1]));
        assert_eq!(select("kw"), Some(vec![0, 1]));
        assert_eq!(select("kuwait visa"), Some(vec![0]));
        assert_eq!(select("visa"), Some(vec![0]));
        // The code only counts as a whole word: "k" is in "kuwait", "w" is not a code.
        assert_eq!(select("kuw w"), Some(vec![0, 1]));
        assert_eq!(select("qa"), None);
    }

    #[test]
    fn filter_reads_null_as_empty_and_rejects_unknowns() {
        let filter = Filter::from_json(&serde_json::json!({
            "measures": null, "regions": null, "resolutions": null, "text": null, "as_of": null
        }))
        .unwrap();
        assert!(filter.is_empty());
        for bad in [
            serde_json::json!({"measure": ["other"]}),
            serde_json::json!({"measures": ["visa"]}),
            serde_json::json!({"regions": "europe"}),
            serde_json::json!({"as_of": "2017-13"}),
            serde_json::json!({"text": 3}),
            serde_json::json!([]),
        ] {
            assert!(
                matches!(Filter::from_json(&bad), Err(Error::Argument(m)) if m.starts_with("filter: ")),
                "{bad}"
            );
        }
    }

    #[test]
    fn summary_counts_figures_and_all_steps() {
        let mut data = dataset(
            vec![country("PL", "Poland", Region::Europe)],
            vec![
                step("a", "PL", "2017-01", Measure::Diplomatic),
                step("b", "PL", "2017-09-27", Measure::WorkPermitFreeze),
            ],
        );
        data.figures.push(Figure {
            id: "f".into(),
            country: "PL".into(),
            metric: "Workers".into(),
            unit: "workers".into(),
            kind: FigureKind::Level,
            values: vec![FigureValue {
                date: (date("2017-01")).into(),
                value: Some(400.0),
                at_least: None,
                at_most: None,
                peak: false,
                approximate: true,
                covers: None,
                source: None,
                confidence: None,
                note: None,
            }],
            sources: vec![source(None)],
            confidence: None,
            note: None,
        });
        let catalog = Catalog::new(data);
        let filter = Filter {
            measures: vec![Measure::Diplomatic],
            ..Filter::default()
        };
        let summary = &catalog.summaries(&catalog.select(&filter), SortKey::Name)[0];
        assert_eq!(
            (
                summary.step_count,
                summary.total_step_count,
                summary.figure_count
            ),
            (1, 2, 1)
        );
        assert_eq!(summary.first_step_text.as_deref(), Some("January 2017"));
    }
}
