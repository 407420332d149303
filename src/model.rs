//! The dataset: what a newsroom feeds the widget, as typed Rust.
//!
//! These types are the *valid* shape of the data. They are only built from
//! JSON that [`crate::validate`] has accepted, so every reference between
//! them (a step's country, a figure's source) is known to resolve. Fields a
//! source does not give are `Option`s and stay empty: never invented.
//!
//! Every human-readable text is a [`Text`]: one string, or the same text
//! per language (`{"en": …, "ko": …}`, schema_version 2).
//!
//! Format version 2 (docs/format.md) adds, all optional: a step's kind
//! (measure or finding), confidence, periods and inferred dates, disputes
//! between sources, quotes' languages and translations, figures with several
//! sources and bounded values, countries with no or two regions, and
//! compilations as well as stories. A version 1 dataset loads into the same
//! types with those fields empty.

use crate::date::{PartialDate, When};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

/// The newest dataset format version this build reads (it reads all of [`SCHEMA_VERSIONS`]).
pub const SCHEMA_VERSION: u32 = 2;

/// Every dataset format version this build reads.
pub const SCHEMA_VERSIONS: [u32; 2] = [1, 2];

/// What a step's `resolutions` entry says when a source names "a UN
/// resolution" without its number (schema_version 2).
pub const UNSPECIFIED_RESOLUTION: &str = "unspecified";

/// A human-readable text from the dataset: one string, or the same text in
/// several languages (`{"en": "Poland", "ko": "폴란드"}`, schema_version 2).
///
/// [`Text::as_str`] is the dataset's default language (`meta.language`);
/// [`Text::get`] gives another where the dataset has it, else falls back to
/// the default, so a missing translation never leaves a blank.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Text {
    /// The text in the dataset's default language.
    text: String,
    /// Every language given, as `(tag, text)` in the dataset's order (the
    /// default's included); empty for a plain string.
    langs: Vec<(String, String)>,
}

impl Text {
    /// A text given per language: `langs` as `(tag, text)` pairs in the
    /// dataset's order; `default` names the one [`Text::as_str`] gives.
    /// `None` when no pair has that language.
    pub fn translated(default: &str, langs: Vec<(String, String)>) -> Option<Text> {
        let text = langs
            .iter()
            .find(|(tag, _)| same_lang(tag, default))?
            .1
            .clone();
        Some(Text { text, langs })
    }

    /// The text in `lang` (a BCP 47 tag: `ko-KR` finds `ko`), falling back
    /// to the default language's.
    pub fn get(&self, lang: &str) -> &str {
        let exact = self
            .langs
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(lang));
        let primary = || {
            let want = primary_subtag(lang);
            self.langs
                .iter()
                .find(|(tag, _)| primary_subtag(tag).eq_ignore_ascii_case(want))
        };
        exact
            .or_else(primary)
            .map_or(self.text.as_str(), |(_, t)| t.as_str())
    }

    /// The text in the dataset's default language.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The language tags it is given in (none for a plain string).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.langs.iter().map(|(tag, _)| tag.as_str())
    }

    /// Whether it has a text in `lang` of its own (a plain string has none).
    pub fn has(&self, lang: &str) -> bool {
        self.langs.iter().any(|(tag, _)| same_lang(tag, lang))
    }
}

/// A tag's primary language subtag (`ko` of `ko-KR`).
fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or_default()
}

/// Whether two tags name the same language (same primary subtag, case ignored).
fn same_lang(a: &str, b: &str) -> bool {
    primary_subtag(a).eq_ignore_ascii_case(primary_subtag(b))
}

impl Serialize for Text {
    /// As it was given: a string, or an object of one string per language.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.langs.is_empty() {
            return serializer.serialize_str(&self.text);
        }
        let mut map = serializer.serialize_map(Some(self.langs.len()))?;
        for (tag, text) in &self.langs {
            map.serialize_entry(tag, text)?;
        }
        map.end()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::from(s.to_owned())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text {
            text,
            langs: Vec::new(),
        }
    }
}

/// A whole dataset: one story's countries, steps and figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// Format version, one of [`SCHEMA_VERSIONS`].
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

/// What a dataset is: one story's data, or a compilation kept up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// One published story's data (the default; all of version 1).
    #[default]
    Story,
    /// Many sources compiled and maintained (schema_version 2): `maintainer`
    /// and `updated` are required, `publisher`, `source_url` and `published` optional.
    Compilation,
}

impl DatasetKind {
    /// Both kinds.
    pub const ALL: [DatasetKind; 2] = [DatasetKind::Story, DatasetKind::Compilation];

    /// The JSON name (`compilation`).
    pub fn key(self) -> &'static str {
        match self {
            DatasetKind::Story => "story",
            DatasetKind::Compilation => "compilation",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().find(|k| k.key() == key)
    }

    fn is_story(&self) -> bool {
        *self == DatasetKind::Story
    }
}

/// The dataset's metadata, shown as a published graphic's title and credits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// A story's data or a compilation (schema_version 2; story when absent).
    #[serde(skip_serializing_if = "DatasetKind::is_story")]
    pub kind: DatasetKind,
    /// Headline of the graphic.
    pub title: Text,
    /// One or two sentences on what the data shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Who published the story the data comes from (always there for a story;
    /// optional for a compilation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Text>,
    /// Who wrote it, as the byline gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<Text>,
    /// When it was published (always there for a story; optional for a
    /// compilation); the data is "as of" this date unless `as_of` says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    /// The date the data is current to, when it differs from `published`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<PartialDate>,
    /// Canonical URL of the story (http or https; always there for a story).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Who keeps a compilation (schema_version 2; required for a compilation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintainer: Option<Text>,
    /// When a compilation was last updated (schema_version 2; required for a compilation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<PartialDate>,
    /// BCP 47 tag of the language of the dataset's own texts (schema_version 2; `en` when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The other languages the dataset's texts are given in (schema_version
    /// 2): a text without one of them is shown in `language` instead, and
    /// validation says where.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<String>,
    /// Other contributors, as the story credits them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Text>,
    /// Licence of the data, only when the source states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
}

impl Meta {
    /// The date the data is current to: `as_of`, else `published`, else
    /// `updated`. A validated dataset always has one.
    pub fn as_of_date(&self) -> Option<PartialDate> {
        self.as_of.or(self.published).or(self.updated)
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

/// The English label of the group of countries with no region (key `none`).
pub const NO_REGION_LABEL: &str = "Other places";

/// The key of the group of countries with no region.
pub const NO_REGION_KEY: &str = "none";

/// A country the dataset has data for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case (`PL`).
    pub code: String,
    /// Name to display, exactly as the dataset gives it.
    pub name: Text,
    /// Its regions, none to two, distinct: listed under the first; a region
    /// filter keeps it for any. Empty: the dataset gives none (schema_version 2).
    /// Written as one key, or an array of two.
    #[serde(
        rename = "region",
        serialize_with = "regions_json",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub regions: Vec<Region>,
    /// False for a territory that is not a UN member (Taiwan); true when absent.
    #[serde(skip_serializing_if = "is_true")]
    pub un_member: bool,
}

impl Country {
    /// The region it is listed under (its first), if it has one.
    pub fn region(&self) -> Option<Region> {
        self.regions.first().copied()
    }

    /// Whether one of its regions is `region`.
    pub fn in_region(&self, region: Region) -> bool {
        self.regions.contains(&region)
    }
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One region as its key, two as an array of keys.
fn regions_json<S: Serializer>(regions: &[Region], serializer: S) -> Result<S::Ok, S::Error> {
    match regions {
        [one] => one.serialize(serializer),
        many => {
            let mut seq = serializer.serialize_seq(Some(many.len()))?;
            for r in many {
                seq.serialize_element(r)?;
            }
            seq.end()
        }
    }
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

/// What a step is (schema_version 2): a government measure, or a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Something a state did (the default; every step of version 1).
    #[default]
    Measure,
    /// A finding (press finding of non-compliance, an official statement that
    /// a country has no such workers): listed and dated with its sources, but
    /// never a country's strongest measure and never colouring the map.
    Finding,
}

impl StepKind {
    /// Both kinds.
    pub const ALL: [StepKind; 2] = [StepKind::Measure, StepKind::Finding];

    /// The JSON name (`finding`).
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Measure => "measure",
            StepKind::Finding => "finding",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            StepKind::Measure => "Measure",
            StepKind::Finding => "Finding",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.key() == key)
    }

    fn is_measure(&self) -> bool {
        *self == StepKind::Measure
    }
}

/// What a finding found (schema_version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Workers found despite the sanctions (a press or UN panel finding of non-compliance).
    NonCompliance,
    /// An official statement that the country has no such workers.
    NoWorkers,
    /// Any other finding.
    Other,
}

impl FindingKind {
    /// Every kind of finding.
    pub const ALL: [FindingKind; 3] = [
        FindingKind::NonCompliance,
        FindingKind::NoWorkers,
        FindingKind::Other,
    ];

    /// The JSON name (`non_compliance`).
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::NonCompliance => "non_compliance",
            FindingKind::NoWorkers => "no_workers",
            FindingKind::Other => "other",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            FindingKind::NonCompliance => "Non-compliance found",
            FindingKind::NoWorkers => "No workers, officials say",
            FindingKind::Other => "Other finding",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// How sure the dataset's editor is of a fact (schema_version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Well sourced.
    High,
    /// Some doubt.
    Medium,
    /// Weakly sourced or contested.
    Low,
}

impl Confidence {
    /// Every level, most sure first.
    pub const ALL: [Confidence; 3] = [Confidence::High, Confidence::Medium, Confidence::Low];

    /// The JSON name (`low`).
    pub fn key(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Confidence::High => "High confidence",
            Confidence::Medium => "Medium confidence",
            Confidence::Low => "Low confidence",
        }
    }

    /// Reads a JSON name.
    pub fn from_key(key: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|c| c.key() == key)
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
    /// The words quoted, short (without quotation marks of their own).
    pub text: Text,
    /// Who said or wrote them, when the source says (always there in version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Text>,
    /// BCP 47 tag of the language of `text` (schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// True when the quote is a translation of the original words.
    pub translated: bool,
    /// A translation shown beside the original (schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<Translation>,
}

/// A translation of a quote, shown beside the original.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    /// The translated words.
    pub text: Text,
    /// BCP 47 tag of their language, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
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
    /// True when the title is the editor's description, not the source's own (schema_version 2).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub title_inferred: bool,
    /// When it was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// A short quote supporting the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
}

/// Where the sources of a step disagree, and how (schema_version 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispute {
    /// What is disputed ("date", "number expelled"), when the editor says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Text>,
    /// Two or more claims, each citing a different source of the step.
    pub claims: Vec<Claim>,
}

/// What one source says in a [`Dispute`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Index (0-based) into the step's `sources`.
    pub source: usize,
    /// What that source says.
    pub says: Text,
}

/// One step a state took to carry out the sanctions, or (schema_version 2) a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Stable id, unique among steps.
    pub id: String,
    /// Alpha-2 code of a country in the dataset.
    pub country: String,
    /// A measure (the default) or a finding.
    #[serde(skip_serializing_if = "StepKind::is_measure")]
    pub kind: StepKind,
    /// What a finding found, when the editor says (findings only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<FindingKind>,
    /// When, at the precision the source gives: a date, a half year or a period.
    pub date: When,
    /// True when the date is the editor's inference, not stated by a source.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub date_inferred: bool,
    /// What the date is: announced, in force, or only when it was reported
    /// (always there in version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_kind: Option<Stage>,
    /// Kind of measure: always there for a measure, optional for a finding
    /// (the measure it is about).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// What was done, in the dataset author's words.
    pub description: Text,
    /// Ids of the resolutions it implements, when a source names them, or
    /// [`UNSPECIFIED_RESOLUTION`] for "a UN resolution" without a number.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<String>,
    /// Whether it is announced, in force or only reported (always there in version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Stage>,
    /// How sure the editor is (schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// One or more sources.
    pub sources: Vec<Source>,
    /// Where sources disagree, claim by claim (schema_version 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<Dispute>,
    /// Where sources disagree or something needs saying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Step {
    /// The measure this step counts as for a country's strongest measure and
    /// the map's colour: its measure if it is a measure, never for a finding.
    pub fn ranked_measure(&self) -> Option<Measure> {
        match self.kind {
            StepKind::Measure => self.measure,
            StepKind::Finding => None,
        }
    }

    /// Whether it is a finding.
    pub fn is_finding(&self) -> bool {
        self.kind == StepKind::Finding
    }
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
    /// When, at the source's precision: a date, a half year or a period.
    pub date: When,
    /// The number; absent when the source only gives bounds. Exactly one
    /// of: `value`, or one or both of `at_least` and `at_most`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// A lower bound ("at least 400"; schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// An upper bound ("up to 600"; schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    /// True when the value is the peak of the period (schema_version 2).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub peak: bool,
    /// True when the source gives it as approximate ("about 400").
    pub approximate: bool,
    /// What the value covers where the source narrows it (one consulate, a part-year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Text>,
    /// Index into the figure's `sources` of the source of this value, when
    /// given (schema_version 2; the first source when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
    /// How sure the editor is of this value (schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// Why this value differs from another for the same date, or any caveat (schema_version 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl FigureValue {
    /// The number a chart draws: the value, else the lower bound, else the
    /// upper bound (NaN only for a value validation would reject).
    pub fn point(&self) -> f64 {
        self.value
            .or(self.at_least)
            .or(self.at_most)
            .unwrap_or(f64::NAN)
    }

    /// Index into the figure's `sources` of this value's source.
    pub fn source_index(&self) -> usize {
        self.source.unwrap_or(0)
    }

    /// True when the value is only bounded, not given.
    pub fn is_bound(&self) -> bool {
        self.value.is_none()
    }
}

/// A series of numbers about one country.
#[derive(Debug, Clone, PartialEq)]
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
    /// Where the numbers come from: one or more sources (version 1's single
    /// `source` is the only one). Written as `source` when there is one.
    pub sources: Vec<Source>,
    /// How sure the editor is of the series as a whole (schema_version 2).
    pub confidence: Option<Confidence>,
    /// Anything a reader must know to read the numbers right.
    pub note: Option<Text>,
}

/// Written as it is read: one source as `"source": {…}` (version 1's form),
/// several as `"sources": […]`.
impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Figure", 9)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("country", &self.country)?;
        s.serialize_field("metric", &self.metric)?;
        s.serialize_field("unit", &self.unit)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("values", &self.values)?;
        match self.sources.as_slice() {
            [one] => s.serialize_field("source", one)?,
            many => s.serialize_field("sources", many)?,
        }
        if let Some(c) = &self.confidence {
            s.serialize_field("confidence", c)?;
        }
        if let Some(n) = &self.note {
            s.serialize_field("note", n)?;
        }
        s.end()
    }
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

    /// The strongest measure among a country's steps (the first in
    /// [`Measure::ALL`]); findings never count ([`Step::ranked_measure`]).
    pub fn strongest_measure(&self, code: &str) -> Option<Measure> {
        self.steps_of(code).filter_map(Step::ranked_measure).min()
    }

    /// The dataset as pretty-printed JSON (the same format it is read from).
    pub fn to_json_pretty(&self) -> String {
        // Serializing these types cannot fail: no maps with non-string keys, no custom errors.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
