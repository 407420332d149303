//! The dataset: what a newsroom feeds the widget, as typed Rust.
//!
//! These types are the *valid* shape of the data. They are only built from
//! JSON that [`crate::validate`] has accepted, so every reference between
//! them (a step's country, a figure's source) is known to resolve. Fields a
//! source does not give are `Option`s and stay empty: never invented.
//!
//! Every human-readable text is a [`Text`], so that giving texts per language
//! (`{"en": …, "ko": …}`) later changes this one type, not every field.

use crate::date::PartialDate;
use serde::{Deserialize, Serialize};

/// The only dataset format version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A human-readable text from the dataset.
///
/// Today a plain string. Per-language texts will become a second variant
/// here; callers already go through [`Text::get`] with a language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    /// The text in `lang` (falling back to the dataset's only text for now).
    pub fn get(&self, _lang: &str) -> &str {
        &self.0
    }

    /// The text in the dataset's default language.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.to_owned())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s)
    }
}

/// A whole dataset: one story's countries, steps and figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// Format version; must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Where the data comes from and who made it.
    pub meta: Meta,
    /// The Security Council resolutions steps can refer to.
    pub resolutions: Vec<Resolution>,
    /// The countries steps and figures can refer to.
    pub countries: Vec<Country>,
    /// What each state did, one entry per step.
    pub steps: Vec<Step>,
    /// Numbers reported about a country, charted in the widget.
    pub figures: Vec<Figure>,
}

/// The dataset's metadata, shown as a published graphic's title and credits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// Headline of the graphic.
    pub title: Text,
    /// One or two sentences on what the data shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Who published the story the data comes from.
    pub publisher: Text,
    /// Who wrote it, as the byline gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<Text>,
    /// When it was published; the data is "as of" this date unless `as_of` says otherwise.
    pub published: PartialDate,
    /// The date the data is current to, when it differs from `published`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<PartialDate>,
    /// Canonical URL of the story (http or https).
    pub source_url: String,
    /// Other contributors, as the story credits them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Text>,
    /// Licence of the data, only when the source states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

impl Meta {
    /// The date the data is current to.
    pub fn as_of_date(&self) -> PartialDate {
        self.as_of.unwrap_or(self.published)
    }
}

/// A UN Security Council resolution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// Its number, e.g. `"2371"`.
    pub id: String,
    /// Date of adoption.
    pub adopted: PartialDate,
    /// What it requires about the subject of the dataset, in one sentence.
    pub requires: Text,
}

/// A world region, in the west-to-east order the country list uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// North, Central and South America and the Caribbean.
    Americas,
    /// Europe, including Russia and Turkey.
    Europe,
    /// Africa, including North Africa.
    Africa,
    /// The Middle East and the Gulf.
    MiddleEast,
    /// Central, South, South-East and East Asia.
    Asia,
    /// Australia, New Zealand and the Pacific.
    Oceania,
}

impl Region {
    /// Every region, west to east.
    pub const ALL: [Region; 6] = [
        Region::Americas,
        Region::Europe,
        Region::Africa,
        Region::MiddleEast,
        Region::Asia,
        Region::Oceania,
    ];

    /// The JSON name (`middle_east`).
    pub fn key(self) -> &'static str {
        match self {
            Region::Americas => "americas",
            Region::Europe => "europe",
            Region::Africa => "africa",
            Region::MiddleEast => "middle_east",
            Region::Asia => "asia",
            Region::Oceania => "oceania",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Region::Americas => "Americas",
            Region::Europe => "Europe",
            Region::Africa => "Africa",
            Region::MiddleEast => "Middle East",
            Region::Asia => "Asia",
            Region::Oceania => "Oceania",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// A country the dataset has data for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`PL`).
    pub code: String,
    /// Name to display.
    pub name: Text,
    /// Region it is listed under.
    pub region: Region,
}

/// Kind of step a state took, strongest first: the order is the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Workers expelled or sent home.
    Expulsion,
    /// Residence permits not renewed or not transferable.
    ResidenceRestriction,
    /// No new work permits (or decisions on them withheld).
    WorkPermitFreeze,
    /// Approvals of employment requests halted.
    EmploymentApprovalHalt,
    /// Entry or work visas suspended.
    VisaSuspension,
    /// Diplomatic statements or steps.
    Diplomatic,
    /// Anything else.
    Other,
}

impl Measure {
    /// Every measure, strongest first.
    pub const ALL: [Measure; 7] = [
        Measure::Expulsion,
        Measure::ResidenceRestriction,
        Measure::WorkPermitFreeze,
        Measure::EmploymentApprovalHalt,
        Measure::VisaSuspension,
        Measure::Diplomatic,
        Measure::Other,
    ];

    /// The JSON name (`work_permit_freeze`).
    pub fn key(self) -> &'static str {
        match self {
            Measure::Expulsion => "expulsion",
            Measure::ResidenceRestriction => "residence_restriction",
            Measure::WorkPermitFreeze => "work_permit_freeze",
            Measure::EmploymentApprovalHalt => "employment_approval_halt",
            Measure::VisaSuspension => "visa_suspension",
            Measure::Diplomatic => "diplomatic",
            Measure::Other => "other",
        }
    }

    /// English label for legends and badges.
    pub fn label_en(self) -> &'static str {
        match self {
            Measure::Expulsion => "Expulsion or repatriation",
            Measure::ResidenceRestriction => "Residence restriction",
            Measure::WorkPermitFreeze => "Work-permit freeze",
            Measure::EmploymentApprovalHalt => "Employment-approval halt",
            Measure::VisaSuspension => "Visa suspension",
            Measure::Diplomatic => "Diplomatic",
            Measure::Other => "Other",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// Where a step stands, or what its date means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Announced, not (yet) known to be in force.
    Announced,
    /// In force.
    InForce,
    /// Only known from a report: the source gives no other date or stage.
    Reported,
}

impl Stage {
    /// Every stage.
    pub const ALL: [Stage; 3] = [Stage::Announced, Stage::InForce, Stage::Reported];

    /// The JSON name (`in_force`).
    pub fn key(self) -> &'static str {
        match self {
            Stage::Announced => "announced",
            Stage::InForce => "in_force",
            Stage::Reported => "reported",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Stage::Announced => "Announced",
            Stage::InForce => "In force",
            Stage::Reported => "Reported",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A quotation from a source, with who said it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The words quoted, short.
    pub text: Text,
    /// Who said or wrote them.
    pub speaker: Text,
    /// True when the quote is a translation of the original words.
    pub translated: bool,
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Who published it.
    pub publisher: Text,
    /// Link to it (http or https).
    pub url: String,
    /// Its title, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// When it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// A short quote supporting the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
}

/// One step a state took to carry out the sanctions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Stable id, unique among steps.
    pub id: String,
    /// Alpha-2 code of a country in the dataset.
    pub country: String,
    /// When, at the precision the source gives.
    pub date: PartialDate,
    /// What the date is: announced, in force, or only when it was reported.
    pub date_kind: Stage,
    /// Kind of step.
    pub measure: Measure,
    /// What was done, in the dataset author's words.
    pub description: Text,
    /// Ids of the resolutions it implements, when a source names them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<String>,
    /// Whether it is announced, in force or only reported.
    pub status: Stage,
    /// One or more sources.
    pub sources: Vec<Source>,
    /// Where sources disagree or something needs saying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// How a figure's values are to be read (and charted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// A count over each period (visas issued per year): bars.
    PerPeriod,
    /// A level at points in time (workers employed): line and dots.
    Level,
}

/// One dated value of a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureValue {
    /// When, at the source's precision.
    pub date: PartialDate,
    /// The number.
    pub value: f64,
    /// True when the source gives it as approximate ("about 400").
    pub approximate: bool,
    /// What the value covers where the source narrows it (one consulate, a part-year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Text>,
}

/// A series of numbers about one country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Stable id, unique among figures.
    pub id: String,
    /// Alpha-2 code of a country in the dataset.
    pub country: String,
    /// What is counted ("Work visas issued").
    pub metric: Text,
    /// Unit of the values ("visas", "workers").
    pub unit: Text,
    /// Counts per period or levels at points in time.
    pub kind: FigureKind,
    /// The values, in date order.
    pub values: Vec<FigureValue>,
    /// Where the numbers come from.
    pub source: Source,
    /// Anything a reader must know to read the numbers right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl FigureKind {
    /// Both kinds.
    pub const ALL: [FigureKind; 2] = [FigureKind::PerPeriod, FigureKind::Level];

    /// The JSON name (`per_period`).
    pub fn key(self) -> &'static str {
        match self {
            FigureKind::PerPeriod => "per_period",
            FigureKind::Level => "level",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<FigureKind> {
        FigureKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl Dataset {
    /// The country with this code, if the dataset has it.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The resolution with this id, if the dataset has it.
    pub fn resolution(&self, id: &str) -> Option<&Resolution> {
        self.resolutions.iter().find(|r| r.id == id)
    }

    /// The steps of one country, in dataset order.
    pub fn steps_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps.iter().filter(move |s| s.country == code)
    }

    /// The figures of one country, in dataset order.
    pub fn figures_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Figure> + 'a {
        self.figures.iter().filter(move |f| f.country == code)
    }

    /// The strongest measure among a country's steps (the first in [`Measure::ALL`]).
    pub fn strongest_measure(&self, code: &str) -> Option<Measure> {
        self.steps_of(code).map(|s| s.measure).min()
    }

    /// The dataset as pretty-printed JSON (the same format it is read from).
    pub fn to_json_pretty(&self) -> String {
        // Serializing these types cannot fail: no maps with non-string keys, no custom errors.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
