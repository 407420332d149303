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

use crate::date::{days_from_civil, PartialDate, Precision};
use crate::error::{Error, Result};
use crate::model::{Country, Dataset, Measure, Region, Source, Stage, Step};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;
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

/// True for combining marks, which folding drops (text already in NFD form).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
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

    fn push(&mut self, text: &str) {
        self.pending_space = true;
        for c in text.chars() {
            if c.is_ascii() {
                self.lower(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(|l| self.lower(l));
            }
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
///   "as_of": "2017-09-15"
/// }
/// ```
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
/// dated `2017-09-02`). See [`Catalog::select`] for the text.
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
                "sort key {other:?} is not one of \"name\", \"first_step\", \"step_count\""
            ))),
        }
    }

    /// Compares two summaries by this key alone (ties are broken by the caller).
    fn compare(self, a: &CountrySummary, b: &CountrySummary) -> Ordering {
        match self {
            SortKey::Name => Ordering::Equal,
            SortKey::FirstStep => {
                (a.first_step.is_none(), a.first_step).cmp(&(b.first_step.is_none(), b.first_step))
            }
            SortKey::StepCount => b.step_count.cmp(&a.step_count),
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
        self.name.contains(term) || self.code == term
    }
}

/// What the catalog prepared about one step (parallel to `dataset.steps`).
#[derive(Debug, Clone)]
struct StepIndex {
    /// Folded description, quotes, speakers and note.
    text: String,
    /// Day number of the first day the step's date covers.
    first_day: i64,
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
    steps: Vec<StepIndex>,
    by_code: BTreeMap<String, usize>,
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
        self.countries
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.steps.as_slice())
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

/// The text a step is searched by: description, quotes, who said them, note.
fn step_search_text(step: &Step) -> String {
    let mut out = String::new();
    fold_into(step.description.as_str(), &mut out);
    for quote in step.sources.iter().filter_map(|s| s.quote.as_ref()) {
        fold_into(quote.text.as_str(), &mut out);
        fold_into(quote.speaker.as_str(), &mut out);
    }
    if let Some(note) = &step.note {
        fold_into(note.as_str(), &mut out);
    }
    out
}

impl Catalog {
    /// Prepares a dataset for queries (sorting and folding everything once).
    pub fn new(dataset: Dataset) -> Catalog {
        let mut by_code = BTreeMap::new();
        for (i, c) in dataset.countries.iter().enumerate() {
            by_code.entry(c.code.clone()).or_insert(i);
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
        let steps = dataset
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                if let Some(c) = by_code
                    .get(step.country.as_str())
                    .and_then(|&c| countries.get_mut(c))
                {
                    c.steps.push(i);
                }
                StepIndex {
                    text: step_search_text(step),
                    first_day: step.date.day_number(),
                }
            })
            .collect();
        for (i, figure) in dataset.figures.iter().enumerate() {
            if let Some(c) = by_code
                .get(figure.country.as_str())
                .and_then(|&c| countries.get_mut(c))
            {
                c.figures.push(i);
            }
        }
        let date_of = |i: &usize| dataset.steps.get(*i).map(|s| s.date);
        for c in &mut countries {
            c.steps.sort_by_key(date_of);
        }
        let mut by_name: Vec<usize> = (0..countries.len()).collect();
        by_name.sort_by(|&a, &b| {
            let key = |i: usize| {
                (
                    countries.get(i).map(|c| c.name.as_str()),
                    dataset.countries.get(i).map(|c| (c.name.as_str(), &c.code)),
                )
            };
            key(a).cmp(&key(b))
        });
        for (rank, i) in by_name.into_iter().enumerate() {
            if let Some(c) = countries.get_mut(i) {
                c.name_rank = rank;
            }
        }
        Catalog {
            dataset,
            countries,
            steps,
            by_code,
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
        let terms: Vec<&str> = query.split(' ').filter(|t| !t.is_empty()).collect();
        let mut unnamed: Vec<&str> = Vec::with_capacity(terms.len());

        let step_matches = |i: usize, unnamed: &[&str]| {
            let (Some(step), Some(index)) = (self.dataset.steps.get(i), self.steps.get(i)) else {
                return false;
            };
            (measures == 0 || measures & measure_bit(step.measure) != 0)
                && (filter.resolutions.is_empty()
                    || step
                        .resolutions
                        .iter()
                        .any(|r| filter.resolutions.contains(r)))
                && as_of.map_or(true, |last| index.first_day <= last)
                && unnamed.iter().all(|t| index.text.contains(t))
        };

        let mut countries = Vec::new();
        for (i, (country, index)) in self
            .dataset
            .countries
            .iter()
            .zip(&self.countries)
            .enumerate()
        {
            if regions != 0 && regions & region_bit(country.region) == 0 {
                continue;
            }
            unnamed.clear();
            unnamed.extend(terms.iter().copied().filter(|t| !index.names(t)));
            let steps: Vec<usize> = index
                .steps
                .iter()
                .copied()
                .filter(|&s| step_matches(s, &unnamed))
                .collect();
            if !steps.is_empty() {
                countries.push(SelectedCountry {
                    index: i,
                    code: country.code.clone(),
                    steps,
                });
            }
        }
        Selection {
            countries,
            total_countries: self.dataset.countries.len(),
        }
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
        let mut first: Option<PartialDate> = None;
        let mut last: Option<PartialDate> = None;
        let mut count = 0;
        for step in steps.iter().filter_map(|&i| self.dataset.steps.get(i)) {
            if step.country != country.code {
                continue;
            }
            mask |= measure_bit(step.measure);
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
            region: country.region,
            strongest: measures.first().copied(),
            measures,
            first_step: first,
            last_step: last,
            first_step_text: first.map(|d| d.display_en()),
            last_step_text: last.map(|d| d.display_en()),
            step_count: count,
            total_step_count: index.steps.len(),
            figure_count: index.figures.len(),
        }
    }

    /// One summary per selected country, over its matching steps, sorted by
    /// `key`; ties are broken by name (accents ignored), then code.
    pub fn summaries(&self, selection: &Selection, key: SortKey) -> Vec<CountrySummary> {
        let mut rows: Vec<(usize, CountrySummary)> = selection
            .countries
            .iter()
            .filter_map(|selected| {
                let (country, index) = self.resolve(selected)?;
                Some((
                    index.name_rank,
                    self.summary(country, index, &selected.steps),
                ))
            })
            .collect();
        rows.sort_by(|(ra, a), (rb, b)| key.compare(a, b).then(ra.cmp(rb)));
        rows.into_iter().map(|(_, s)| s).collect()
    }

    /// [`Catalog::summaries`] grouped by region, regions west to east
    /// ([`Region::ALL`]); regions with no selected country are left out.
    pub fn summaries_by_region(&self, selection: &Selection, key: SortKey) -> Vec<RegionGroup> {
        let mut groups: Vec<RegionGroup> = Region::ALL
            .into_iter()
            .map(|region| RegionGroup {
                region,
                label: region.label_en(),
                countries: Vec::new(),
            })
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
    /// country name, then dataset order): what the timeline draws.
    pub fn timeline(&self, selection: &Selection) -> Vec<TimelineStep> {
        let mut rows: Vec<(PartialDate, usize, usize, &Country, &Step)> = selection
            .countries
            .iter()
            .filter_map(|selected| Some((selected, self.resolve(selected)?)))
            .flat_map(|(selected, (country, index))| {
                selected.steps.iter().filter_map(move |&i| {
                    let step = self.dataset.steps.get(i)?;
                    (step.country == country.code).then_some((
                        step.date,
                        index.name_rank,
                        i,
                        country,
                        step,
                    ))
                })
            })
            .collect();
        rows.sort_by_key(|r| (r.0, r.1, r.2));
        rows.into_iter()
            .map(|(_, _, _, country, step)| TimelineStep {
                id: step.id.clone(),
                country: country.code.clone(),
                country_name: country.name.as_str().to_owned(),
                date: step.date.to_string(),
                date_text: step.date.display_en(),
                precision: step.date.precision(),
                day_number: step.date.day_number(),
                measure: step.measure,
                measure_label: step.measure.label_en(),
                resolutions: step.resolutions.clone(),
            })
            .collect()
    }

    /// Everything the details panel shows about one country: all its steps in
    /// date order, each flagged whether it matches `selection`, and its
    /// figures' ids. `None` when the dataset has no country with this code.
    pub fn country_details(&self, code: &str, selection: &Selection) -> Option<CountryDetails> {
        let &i = self.by_code.get(code)?;
        let country = self.dataset.countries.get(i)?;
        let index = self.countries.get(i)?;
        let mut matching: Vec<usize> = selection.steps_of(code).unwrap_or_default().to_vec();
        matching.sort_unstable();
        let steps: Vec<StepDetails> = index
            .steps
            .iter()
            .filter_map(|&s| {
                let step = self.dataset.steps.get(s)?;
                Some(StepDetails::new(step, matching.binary_search(&s).is_ok()))
            })
            .collect();
        Some(CountryDetails {
            code: country.code.clone(),
            name: country.name.as_str().to_owned(),
            region: country.region,
            region_label: country.region.label_en(),
            selected: selection.contains(code),
            matching_step_count: steps.iter().filter(|s| s.matches).count(),
            steps,
            figures: index
                .figures
                .iter()
                .filter_map(|&f| self.dataset.figures.get(f))
                .map(|f| f.id.clone())
                .collect(),
        })
    }
}

// ---------------------------------------------------------------------------
// What the widget renders (plain data)
// ---------------------------------------------------------------------------

/// One entry of the country list: a country summed up over its matching steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountrySummary {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Region it is listed under (its key, `middle_east`, in JSON).
    pub region: Region,
    /// Strongest measure among the matching steps (the first in [`Measure::ALL`]).
    pub strongest: Option<Measure>,
    /// Distinct measures of the matching steps, strongest first.
    pub measures: Vec<Measure>,
    /// Date of the earliest matching step (`YYYY[-MM[-DD]]` in JSON).
    pub first_step: Option<PartialDate>,
    /// Date of the latest matching step.
    pub last_step: Option<PartialDate>,
    /// `first_step` in English at its precision (`September 2017`).
    pub first_step_text: Option<String>,
    /// `last_step` in English at its precision.
    pub last_step_text: Option<String>,
    /// Number of matching steps.
    pub step_count: usize,
    /// Number of the country's steps, matching or not.
    pub total_step_count: usize,
    /// Number of the country's figures (figures are not filtered).
    pub figure_count: usize,
}

/// The countries of one region, for the map-style list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionGroup {
    /// The region (its key in JSON).
    pub region: Region,
    /// Its English label.
    pub label: &'static str,
    /// Its selected countries, in the requested order.
    pub countries: Vec<CountrySummary>,
}

/// One step on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineStep {
    /// The step's id.
    pub id: String,
    /// Its country's code.
    pub country: String,
    /// Its country's name.
    pub country_name: String,
    /// The date as in the data (`2017-09`).
    pub date: String,
    /// The date in English at its precision (`September 2017`).
    pub date_text: String,
    /// How precise the date is (`year`, `month`, `day`).
    pub precision: Precision,
    /// Days since 1970-01-01 of the date's first day: the timeline's axis.
    pub day_number: i64,
    /// Kind of step (its key in JSON).
    pub measure: Measure,
    /// English label of the measure.
    pub measure_label: &'static str,
    /// Ids of the resolutions it implements.
    pub resolutions: Vec<String>,
}

/// The details panel of one country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryDetails {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Region (its key in JSON).
    pub region: Region,
    /// English label of the region.
    pub region_label: &'static str,
    /// Whether the country is in the selection.
    pub selected: bool,
    /// Number of its steps that match the selection.
    pub matching_step_count: usize,
    /// All its steps, in date order.
    pub steps: Vec<StepDetails>,
    /// Ids of its figures, in dataset order.
    pub figures: Vec<String>,
}

/// One step as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepDetails {
    /// The step's id.
    pub id: String,
    /// Whether it matches the selection (the widget highlights these).
    pub matches: bool,
    /// The date as in the data (`2017-09`).
    pub date: String,
    /// The date in English at its precision (`September 2017`).
    pub date_text: String,
    /// How precise the date is (`year`, `month`, `day`).
    pub precision: Precision,
    /// What the date is (`announced`, `in_force`, `reported`).
    pub date_kind: Stage,
    /// English label of `date_kind`.
    pub date_kind_label: &'static str,
    /// Kind of step (its key).
    pub measure: Measure,
    /// English label of the measure.
    pub measure_label: &'static str,
    /// Where it stands (`announced`, `in_force`, `reported`).
    pub status: Stage,
    /// English label of `status`.
    pub status_label: &'static str,
    /// What was done.
    pub description: String,
    /// Ids of the resolutions it implements (may be empty).
    pub resolutions: Vec<String>,
    /// Its sources.
    pub sources: Vec<SourceDetails>,
    /// Where sources disagree or something needs saying.
    pub note: Option<String>,
}

impl StepDetails {
    fn new(step: &Step, matches: bool) -> StepDetails {
        StepDetails {
            id: step.id.clone(),
            matches,
            date: step.date.to_string(),
            date_text: step.date.display_en(),
            precision: step.date.precision(),
            date_kind: step.date_kind,
            date_kind_label: step.date_kind.label_en(),
            measure: step.measure,
            measure_label: step.measure.label_en(),
            status: step.status,
            status_label: step.status.label_en(),
            description: step.description.as_str().to_owned(),
            resolutions: step.resolutions.clone(),
            sources: step.sources.iter().map(SourceDetails::new).collect(),
            note: step.note.as_ref().map(|n| n.as_str().to_owned()),
        }
    }
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
            date: source.date.map(|d| d.to_string()),
            date_text: source.date.map(|d| d.display_en()),
            quote: source.quote.as_ref().map(|q| QuoteDetails {
                text: q.text.as_str().to_owned(),
                speaker: q.speaker.as_str().to_owned(),
                translated: q.translated,
            }),
        }
    }
}

/// A quote as the details panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteDetails {
    /// The words quoted.
    pub text: String,
    /// Who said them.
    pub speaker: String,
    /// True when the words are a translation.
    pub translated: bool,
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, FigureKind, FigureValue, Meta, Quote};
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    fn date(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn source(quote: Option<(&str, &str)>) -> Source {
        Source {
            publisher: "Agency".into(),
            url: "https://example.org/a".into(),
            title: None,
            date: None,
            quote: quote.map(|(text, speaker)| Quote {
                text: text.into(),
                speaker: speaker.into(),
                translated: false,
            }),
        }
    }

    fn step(id: &str, country: &str, on: &str, measure: Measure) -> Step {
        Step {
            id: id.into(),
            country: country.into(),
            date: date(on),
            date_kind: Stage::Reported,
            measure,
            description: format!("step {id}").as_str().into(),
            resolutions: Vec::new(),
            status: Stage::Reported,
            sources: vec![source(None)],
            note: None,
        }
    }

    fn country(code: &str, name: &str, region: Region) -> Country {
        Country {
            code: code.into(),
            name: name.into(),
            region,
        }
    }

    fn dataset(countries: Vec<Country>, steps: Vec<Step>) -> Dataset {
        Dataset {
            schema_version: crate::model::SCHEMA_VERSION,
            meta: Meta {
                title: "T".into(),
                summary: None,
                publisher: "P".into(),
                byline: None,
                published: date("2017-09-28"),
                as_of: None,
                source_url: "https://example.org".into(),
                credits: Vec::new(),
                licence: None,
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
        assert_eq!(
            step_search_text(&s),
            "decision pas de visa ministere two three sources disagree"
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
                date: date("2017-01"),
                value: 400.0,
                approximate: true,
                covers: None,
            }],
            source: source(None),
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
