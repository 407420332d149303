//! The shipped seed dataset holds every fact of the seed story, and only those.

use sanctions_tracker::model::{Dataset, FigureKind, Measure, Region, Stage};
use sanctions_tracker::{seed, PartialDate, Precision};

const STORY_URL: &str =
    "https://www.globalsecurity.org/wmd/library/news/dprk/2017/dprk-170928-voa01.htm";

fn dataset() -> Dataset {
    let loaded = seed::load().expect("the seed dataset validates");
    assert!(
        loaded.warnings.is_empty(),
        "seed warnings: {:?}",
        loaded.warnings
    );
    loaded.dataset
}

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).expect(s)
}

fn step<'a>(ds: &'a Dataset, id: &str) -> &'a sanctions_tracker::model::Step {
    ds.steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("step {id}"))
}

fn quotes(ds: &Dataset, country: &str) -> Vec<String> {
    ds.steps_of(country)
        .flat_map(|s| s.sources.iter())
        .filter_map(|s| s.quote.as_ref())
        .map(|q| q.text.as_str().to_owned())
        .collect()
}

#[test]
fn the_served_file_is_the_compiled_in_default() {
    let served = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/data/north-korean-workers-2017.json"
    ))
    .unwrap();
    assert_eq!(served, seed::SEED_JSON);
}

#[test]
fn metadata_names_the_story_and_its_credits() {
    let ds = dataset();
    let m = &ds.meta;
    assert_eq!(m.published, Some(date("2017-09-28")));
    assert_eq!(m.published.unwrap().precision(), Precision::Day);
    assert_eq!(m.source_url.as_deref(), Some(STORY_URL));
    assert_eq!(m.byline.as_ref().unwrap().as_str(), "Kim Youngnam");
    assert!(m
        .publisher
        .as_ref()
        .unwrap()
        .as_str()
        .contains("Voice of America"));
    assert!(m.credits.iter().any(|c| c.as_str().contains("Jenny Lee")));
    assert!(m
        .credits
        .iter()
        .any(|c| c.as_str().contains("GlobalSecurity.org")));
    assert_eq!(m.licence, None, "the story states no licence");
}

#[test]
fn resolutions_2371_and_2375_with_adoption_dates_and_worker_provisions() {
    let ds = dataset();
    let r2371 = ds.resolution("2371").unwrap();
    assert_eq!(r2371.adopted, date("2017-08-05"));
    assert!(r2371.requires.as_str().contains("hire additional"));
    let r2375 = ds.resolution("2375").unwrap();
    assert_eq!(r2375.adopted, date("2017-09-11"));
    assert!(r2375.requires.as_str().contains("renew"));
    assert_eq!(ds.resolutions.len(), 2);
}

#[test]
fn the_four_countries_and_their_regions() {
    let ds = dataset();
    let got: Vec<_> = ds
        .countries
        .iter()
        .map(|c| (c.code.as_str(), c.name.as_str(), c.region().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("PL", "Poland", Region::Europe),
            ("KW", "Kuwait", Region::MiddleEast),
            ("QA", "Qatar", Region::MiddleEast),
            ("SN", "Senegal", Region::Africa),
        ]
    );
}

#[test]
fn poland_work_permits_statement_and_labour_ministry_instruction() {
    let ds = dataset();
    let statement = step(&ds, "pl-no-new-work-permits");
    assert_eq!(statement.country, "PL");
    assert_eq!(statement.date, date("2017-09-27").into());
    assert_eq!(statement.date_kind, Some(Stage::Announced));
    assert_eq!(statement.measure, Some(Measure::WorkPermitFreeze));
    assert_eq!(statement.resolutions, ["2371", "2375"]);
    assert!(statement.description.as_str().contains("new work permits"));

    let instruction = step(&ds, "pl-withhold-work-permit-decisions");
    assert_eq!(instruction.measure, Some(Measure::WorkPermitFreeze));
    // The story gives no date for the instruction: it carries the publication date, as reported.
    assert_eq!(instruction.date, date("2017-09-28").into());
    assert_eq!(instruction.date_kind, Some(Stage::Reported));
    assert!(instruction.resolutions.is_empty());
    assert!(instruction.description.as_str().contains("common position"));
    assert!(instruction.description.as_str().contains("voivodship"));
    assert_eq!(ds.strongest_measure("PL"), Some(Measure::WorkPermitFreeze));
}

#[test]
fn poland_position_that_a_ban_would_discriminate_by_nationality() {
    let ds = dataset();
    let q = quotes(&ds, "PL");
    assert!(q.iter().any(
        |t| t == "an unequivocal demonstration of discrimination on the grounds of nationality"
    ));
    assert!(q.iter().any(|t| t.contains("withhold all decisions")));
    let note = step(&ds, "pl-no-new-work-permits").note.as_ref().unwrap();
    assert!(note.as_str().contains("discriminate by nationality"));
}

#[test]
fn poland_work_visas_by_year() {
    let ds = dataset();
    let fig = ds.figures.iter().find(|f| f.id == "pl-work-visas").unwrap();
    assert_eq!(fig.country, "PL");
    assert_eq!(fig.kind, FigureKind::PerPeriod);
    let values: Vec<_> = fig
        .values
        .iter()
        .map(|v| (v.date.to_string(), v.value.unwrap(), v.approximate))
        .collect();
    assert_eq!(
        values,
        [
            ("2014".to_owned(), 147.0, false),
            ("2015".to_owned(), 129.0, false),
            ("2016".to_owned(), 0.0, false),
            ("2017".to_owned(), 0.0, false),
        ]
    );
    for v in &fig.values[..2] {
        assert!(v
            .covers
            .as_ref()
            .unwrap()
            .as_str()
            .contains("consul in Pyongyang"));
    }
    let partial_year = fig.values[3].covers.as_ref().unwrap().as_str();
    assert!(partial_year.contains("28 September 2017"));
}

#[test]
fn poland_workers_employed_estimates() {
    let ds = dataset();
    let fig = ds
        .figures
        .iter()
        .find(|f| f.id == "pl-workers-employed")
        .unwrap();
    assert_eq!(fig.kind, FigureKind::Level);
    let values: Vec<_> = fig
        .values
        .iter()
        .map(|v| (v.date, v.value.unwrap(), v.approximate))
        .collect();
    assert_eq!(
        values,
        [
            (date("2016-07").into(), 550.0, false),
            (date("2017-01").into(), 400.0, true)
        ]
    );
    assert!(fig
        .note
        .as_ref()
        .unwrap()
        .as_str()
        .contains("government estimates"));
}

#[test]
fn kuwait_visas_residency_transfer_and_renewal_from_its_2371_report() {
    let ds = dataset();
    let mut measures: Vec<_> = ds.steps_of("KW").filter_map(|s| s.measure).collect();
    measures.sort();
    assert_eq!(
        measures,
        [
            Measure::ResidenceRestriction,
            Measure::ResidenceRestriction,
            Measure::VisaSuspension
        ]
    );
    for s in ds.steps_of("KW") {
        assert_eq!(s.date, date("2017-08").into(), "{}: late August 2017", s.id);
        assert_eq!(s.date.precision(), Precision::Month);
        assert_eq!(s.resolutions, ["2371"]);
    }
    assert!(step(&ds, "kw-no-entry-visas")
        .description
        .as_str()
        .contains("entry visas of any kind"));
    assert!(step(&ds, "kw-no-residency-transfer")
        .description
        .as_str()
        .contains("from one company to another"));
    assert!(quotes(&ds, "KW")
        .iter()
        .any(|q| q.starts_with("Expired residency permits are not renewed")));
    assert_eq!(
        ds.strongest_measure("KW"),
        Some(Measure::ResidenceRestriction)
    );
}

#[test]
fn senegal_suspended_entry_and_short_stay_visas() {
    let ds = dataset();
    let steps: Vec<_> = ds.steps_of("SN").collect();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].measure, Some(Measure::VisaSuspension));
    assert!(steps[0]
        .description
        .as_str()
        .contains("entry and short-stay visas"));
    assert_eq!(steps[0].date, date("2017-09-28").into());
    assert_eq!(steps[0].date_kind, Some(Stage::Reported));
    assert!(
        steps[0].resolutions.is_empty(),
        "the story names no resolution"
    );
}

#[test]
fn qatar_halted_employment_approvals_and_residence_renewals() {
    let ds = dataset();
    let measures: Vec<_> = ds.steps_of("QA").filter_map(|s| s.measure).collect();
    assert_eq!(
        measures,
        [
            Measure::EmploymentApprovalHalt,
            Measure::ResidenceRestriction
        ]
    );
    assert_eq!(
        ds.strongest_measure("QA"),
        Some(Measure::ResidenceRestriction)
    );
    for s in ds.steps_of("QA") {
        assert_eq!(s.date_kind, Some(Stage::Reported));
    }
}

#[test]
fn every_step_and_figure_cites_the_story() {
    let ds = dataset();
    for s in &ds.steps {
        assert!(!s.sources.is_empty(), "{}", s.id);
        assert!(s.sources.iter().all(|src| src.url == STORY_URL), "{}", s.id);
    }
    for f in &ds.figures {
        assert_eq!(f.sources[0].url, STORY_URL, "{}", f.id);
    }
    for q in ds
        .steps
        .iter()
        .flat_map(|s| &s.sources)
        .filter_map(|s| s.quote.as_ref())
    {
        assert!(!q.speaker.as_ref().unwrap().as_str().is_empty());
        assert!(!q.translated, "the story quotes English originals");
        let words = q.text.as_str().split_whitespace().count();
        assert!(words <= 25, "quotes stay short: {words} words");
    }
}

#[test]
fn seed_round_trips_through_json() {
    let ds = dataset();
    let again = sanctions_tracker::validate::load_str(&ds.to_json_pretty()).unwrap();
    assert_eq!(again.dataset, ds);
}
