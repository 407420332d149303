//! The query API as the widget uses it: filters, search, as-of dates, sorting,
//! summaries, region groups, the timeline and the details panel.

use sanctions_tracker::model::{
    Confidence, Country, Dataset, Figure, FigureKind, FigureValue, Measure, Meta, Quote, Region,
    Resolution, Source, Stage, Step, StepKind, SCHEMA_VERSION,
};
use sanctions_tracker::query::{
    fold, labels_en, Catalog, Certainty, CountrySummary, Filter, SortKey,
};
use sanctions_tracker::{Error, PartialDate, Precision};
use serde_json::{json, Value};

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn source(publisher: &str) -> Source {
    Source {
        publisher: publisher.into(),
        url: "https://example.org/story".into(),
        title: None,
        title_inferred: false,
        date: None,
        quote: None,
    }
}

fn quoted(publisher: &str, text: &str, speaker: &str) -> Source {
    Source {
        quote: Some(Quote {
            text: text.into(),
            speaker: Some(speaker.into()),
            lang: None,
            translated: true,
            translation: None,
        }),
        title: Some("Statement".into()),
        title_inferred: false,
        date: Some(date("2017-09-27")),
        ..source(publisher)
    }
}

fn step(id: &str, country: &str, on: &str, measure: Measure, description: &str) -> Step {
    Step {
        id: id.into(),
        country: country.into(),
        kind: StepKind::Measure,
        finding: None,
        date: (date(on)).into(),
        date_inferred: false,
        date_kind: Some(Stage::Reported),
        measure: Some(measure),
        description: description.into(),
        resolutions: Vec::new(),
        status: Some(Stage::Reported),
        confidence: None,
        sources: vec![source("VOA")],
        disputes: Vec::new(),
        note: None,
    }
}

fn with_resolutions(mut s: Step, ids: &[&str]) -> Step {
    s.resolutions = ids.iter().map(|id| id.to_string()).collect();
    s
}

fn country(code: &str, name: &str, region: Region) -> Country {
    Country {
        code: code.into(),
        name: name.into(),
        regions: vec![region],
        un_member: true,
    }
}

fn empty_dataset() -> Dataset {
    Dataset {
        schema_version: SCHEMA_VERSION,
        meta: Meta {
            kind: Default::default(),
            title: "Workers abroad".into(),
            summary: None,
            publisher: Some("VOA".into()),
            byline: None,
            published: Some(date("2017-09-28")),
            as_of: None,
            source_url: Some("https://example.org/story".into()),
            credits: Vec::new(),
            licence: None,
            maintainer: None,
            updated: None,
            language: None,
            translations: Vec::new(),
        },
        resolutions: Vec::new(),
        countries: Vec::new(),
        steps: Vec::new(),
        figures: Vec::new(),
    }
}

fn figure(id: &str, country: &str) -> Figure {
    Figure {
        id: id.into(),
        country: country.into(),
        metric: "Work visas issued".into(),
        unit: "visas".into(),
        kind: FigureKind::PerPeriod,
        values: vec![FigureValue {
            date: date("2014").into(),
            value: Some(147.0),
            at_least: None,
            at_most: None,
            peak: false,
            approximate: false,
            covers: None,
            source: None,
            confidence: None,
            note: None,
        }],
        sources: vec![source("Polish foreign ministry")],
        confidence: None,
        note: None,
    }
}

/// A dataset shaped like the seed story, plus a country without steps.
fn story() -> Dataset {
    let mut data = empty_dataset();
    data.resolutions = vec![
        Resolution {
            id: "2371".into(),
            adopted: date("2017-08-05"),
            requires: "Caps the number of work authorizations.".into(),
        },
        Resolution {
            id: "2375".into(),
            adopted: date("2017-09-11"),
            requires: "Bans new work authorizations.".into(),
        },
    ];
    data.countries = vec![
        country("PL", "Poland", Region::Europe),
        country("KW", "Kuwait", Region::MiddleEast),
        country("SN", "Senegal", Region::Africa),
        country("QA", "Qatar", Region::MiddleEast),
        country("MX", "Mexico", Region::Americas),
    ];
    let mut pl_statement = step(
        "pl-no-new-permits",
        "PL",
        "2017-09-27",
        Measure::WorkPermitFreeze,
        "Does not intend to issue new work permits.",
    );
    pl_statement.sources = vec![quoted(
        "Polish foreign ministry",
        "Poland does not intend to issue new work permits",
        "Artur Lompart",
    )];
    pl_statement.note = Some("A general ban would be discrimination by nationality.".into());
    data.steps = vec![
        with_resolutions(
            step(
                "kw-visas",
                "KW",
                "2017-08",
                Measure::VisaSuspension,
                "No entry visas of any kind.",
            ),
            &["2371"],
        ),
        pl_statement,
        step(
            "pl-no-visas",
            "PL",
            "2017",
            Measure::VisaSuspension,
            "No work visas issued in 2016 and 2017.",
        ),
        with_resolutions(
            step(
                "kw-residency",
                "KW",
                "2017-08",
                Measure::ResidenceRestriction,
                "Expired résidency permits not renewed; holders asked to leave.",
            ),
            &["2371"],
        ),
        step(
            "sn-visas",
            "SN",
            "2017-09-28",
            Measure::VisaSuspension,
            "Entry and short-stay visas suspended for North Korean workers.",
        ),
        with_resolutions(
            step(
                "qa-approvals",
                "QA",
                "2017-09-28",
                Measure::EmploymentApprovalHalt,
                "No more approvals of employment requests.",
            ),
            &["2375"],
        ),
        step(
            "pl-withhold",
            "PL",
            "2017-09",
            Measure::WorkPermitFreeze,
            "Provincial offices told to withhold decisions on work-permit applications.",
        ),
    ];
    data.figures = vec![figure("pl-visas", "PL"), figure("pl-workers", "PL")];
    data
}

fn filter(value: serde_json::Value) -> Filter {
    Filter::from_json(&value).unwrap()
}

fn codes(catalog: &Catalog, f: &Filter) -> Vec<String> {
    catalog.select(f).codes().map(str::to_owned).collect()
}

fn step_ids(catalog: &Catalog, f: &Filter, code: &str) -> Vec<String> {
    let selection = catalog.select(f);
    selection
        .steps_of(code)
        .unwrap_or_default()
        .iter()
        .map(|&i| catalog.dataset().steps[i].id.clone())
        .collect()
}

#[test]
fn empty_filter_selects_every_country_with_steps_in_dataset_order() {
    let catalog = Catalog::new(story());
    let selection = catalog.select(&Filter::default());
    assert_eq!(
        selection.codes().collect::<Vec<_>>(),
        ["PL", "KW", "SN", "QA"]
    );
    assert_eq!(selection.len(), 4);
    assert_eq!(selection.total_countries(), 5);
    assert_eq!(selection.step_count(), 7);
    assert!(!selection.contains("MX"));
    // Steps come back in date order: 2017 < 2017-09 < 2017-09-27.
    assert_eq!(
        step_ids(&catalog, &Filter::default(), "PL"),
        ["pl-no-visas", "pl-withhold", "pl-no-new-permits"]
    );
}

#[test]
fn each_filter_alone() {
    let catalog = Catalog::new(story());
    let by_measure = filter(json!({"measures": ["visa_suspension"]}));
    assert_eq!(codes(&catalog, &by_measure), ["PL", "KW", "SN"]);
    assert_eq!(step_ids(&catalog, &by_measure, "PL"), ["pl-no-visas"]);

    let two_measures =
        filter(json!({"measures": ["residence_restriction", "employment_approval_halt"]}));
    assert_eq!(codes(&catalog, &two_measures), ["KW", "QA"]);

    let by_region = filter(json!({"regions": ["middle_east"]}));
    assert_eq!(codes(&catalog, &by_region), ["KW", "QA"]);
    assert_eq!(
        step_ids(&catalog, &by_region, "KW"),
        ["kw-visas", "kw-residency"]
    );
    let americas = filter(json!({"regions": ["americas"]}));
    assert!(catalog.select(&americas).is_empty());

    let by_resolution = filter(json!({"resolutions": ["2371"]}));
    assert_eq!(codes(&catalog, &by_resolution), ["KW"]);
    let either = filter(json!({"resolutions": ["2371", "2375"]}));
    assert_eq!(codes(&catalog, &either), ["KW", "QA"]);
    let unknown = filter(json!({"resolutions": ["1718"]}));
    assert!(catalog.select(&unknown).is_empty());

    let by_text = filter(json!({"text": "permit"}));
    assert_eq!(codes(&catalog, &by_text), ["PL", "KW"]);

    let by_date = filter(json!({"as_of": "2017-08-31"}));
    assert_eq!(codes(&catalog, &by_date), ["PL", "KW"]);
    assert_eq!(step_ids(&catalog, &by_date, "PL"), ["pl-no-visas"]);
}

#[test]
fn filters_combine_with_and_across_fields() {
    let catalog = Catalog::new(story());
    let f = filter(json!({
        "measures": ["visa_suspension", "work_permit_freeze"],
        "regions": ["europe", "africa"],
        "text": "visas",
        "as_of": "2017-09-27"
    }));
    // Senegal's step is dated the 28th; Poland's visa step matches, its permit steps do not mention visas.
    assert_eq!(codes(&catalog, &f), ["PL"]);
    assert_eq!(step_ids(&catalog, &f, "PL"), ["pl-no-visas"]);

    let f = filter(
        json!({"measures": ["visa_suspension"], "resolutions": ["2371"], "regions": ["europe"]}),
    );
    assert!(catalog.select(&f).is_empty());
    let f = filter(
        json!({"measures": ["visa_suspension"], "resolutions": ["2371"], "regions": ["middle_east"]}),
    );
    assert_eq!(step_ids(&catalog, &f, "KW"), ["kw-visas"]);
}

#[test]
fn text_search_ignores_case_and_accents() {
    let mut data = story();
    data.countries[2].name = "Sénégal".into();
    let catalog = Catalog::new(data);
    for text in ["senegal", "SÉNÉGAL", "Sénégal", "sene"] {
        assert_eq!(
            codes(&catalog, &filter(json!({"text": text}))),
            ["SN"],
            "{text}"
        );
    }
    for text in ["KUWAIT", "kuwait", "Kuwaït", "kw"] {
        let f = filter(json!({"text": text}));
        assert_eq!(codes(&catalog, &f), ["KW"], "{text}");
        // A country found by name keeps all its steps.
        assert_eq!(step_ids(&catalog, &f, "KW").len(), 2);
    }
    // "résidency" in the data, "RESIDENCY" typed.
    let f = filter(json!({"text": "RESIDENCY"}));
    assert_eq!(step_ids(&catalog, &f, "KW"), ["kw-residency"]);
    // Every word must be found, in any order.
    let f = filter(json!({"text": "leave permits"}));
    assert_eq!(codes(&catalog, &f), ["KW"]);
    let f = filter(json!({"text": "kuwait approvals"}));
    assert!(catalog.select(&f).is_empty());
    // Punctuation does not matter.
    let f = filter(json!({"text": "work permit"}));
    assert_eq!(
        step_ids(&catalog, &f, "PL"),
        ["pl-withhold", "pl-no-new-permits"]
    );
    // Blank text is no constraint.
    assert_eq!(catalog.select(&filter(json!({"text": "  - "}))).len(), 4);
}

#[test]
fn text_search_covers_quotes_speakers_and_notes() {
    let catalog = Catalog::new(story());
    for text in [
        "intend to issue",
        "lompart",
        "discrimination by nationality",
    ] {
        let f = filter(json!({"text": text}));
        assert_eq!(codes(&catalog, &f), ["PL"], "{text}");
        assert_eq!(
            step_ids(&catalog, &f, "PL"),
            ["pl-no-new-permits"],
            "{text}"
        );
    }
    // Publishers are not searched.
    assert!(catalog.select(&filter(json!({"text": "voa"}))).is_empty());
}

#[test]
fn searching_visa_highlights_only_the_steps_that_mention_visas() {
    let catalog = Catalog::new(story());
    let selection = catalog.select(&filter(json!({"text": "visa"})));
    assert_eq!(selection.codes().collect::<Vec<_>>(), ["PL", "KW", "SN"]);
    let details = catalog.country_details("PL", &selection).unwrap();
    let flags: Vec<(&str, bool)> = details
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.matches))
        .collect();
    assert_eq!(
        flags,
        [
            ("pl-no-visas", true),
            ("pl-withhold", false),
            ("pl-no-new-permits", false)
        ]
    );
    assert_eq!(details.matching_step_count, 1);
    assert!(details.selected);
    // The list entry sums up the matching steps only.
    let pl = &catalog.summaries(&selection, SortKey::Name)[1];
    assert_eq!(pl.code, "PL");
    assert_eq!((pl.step_count, pl.total_step_count), (1, 3));
    assert_eq!(pl.strongest, Some(Measure::VisaSuspension));
}

#[test]
fn as_of_counts_months_and_years_from_their_first_day() {
    let mut data = empty_dataset();
    data.countries = vec![
        country("AE", "Year", Region::Asia),
        country("BG", "Month", Region::Asia),
        country("CN", "Day", Region::Asia),
    ];
    data.steps = vec![
        step("y", "AE", "2017", Measure::Other, "year"),
        step("m", "BG", "2017-09", Measure::Other, "month"),
        step("d", "CN", "2017-09-15", Measure::Other, "day"),
    ];
    let catalog = Catalog::new(data);
    let at = |d: &str| codes(&catalog, &filter(json!({ "as_of": d })));
    assert!(at("2016-12-31").is_empty());
    assert_eq!(at("2017-01-01"), ["AE"]);
    assert_eq!(at("2017-08-31"), ["AE"]);
    assert_eq!(at("2017-09-01"), ["AE", "BG"]);
    assert_eq!(at("2017-09-14"), ["AE", "BG"]);
    assert_eq!(at("2017-09-15"), ["AE", "BG", "CN"]);
    // A month or year given as the as-of date runs to its last day.
    assert_eq!(at("2017-08"), ["AE"]);
    assert_eq!(at("2017-09"), ["AE", "BG", "CN"]);
    assert!(at("2016").is_empty());
    assert_eq!(at("2017"), ["AE", "BG", "CN"]);

    let state = catalog.state_as_of(date("2017-09-01"));
    let names: Vec<&str> = state.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Month", "Year"]);
    assert_eq!(state[0].last_step, Some(date("2017-09").into()));
}

#[test]
fn state_as_of_follows_a_country_over_time() {
    let catalog = Catalog::new(story());
    let poland = |d: &str| -> Option<CountrySummary> {
        catalog
            .state_as_of(date(d))
            .into_iter()
            .find(|s| s.code == "PL")
    };
    let jan = poland("2017-01-01").unwrap();
    assert_eq!(jan.strongest, Some(Measure::VisaSuspension));
    assert_eq!(jan.step_count, 1);
    let sep = poland("2017-09-27").unwrap();
    assert_eq!(sep.strongest, Some(Measure::WorkPermitFreeze));
    assert_eq!(
        sep.measures,
        [Measure::WorkPermitFreeze, Measure::VisaSuspension]
    );
    assert_eq!(sep.step_count, 3);
    assert!(poland("2016-12-31").is_none());
}

#[test]
fn summaries_report_strongest_measures_dates_and_counts() {
    let catalog = Catalog::new(story());
    let all = catalog.summaries(&catalog.select(&Filter::default()), SortKey::Name);
    let pl = all.iter().find(|s| s.code == "PL").unwrap();
    assert_eq!(pl.name, "Poland");
    assert_eq!(pl.region, Some(Region::Europe));
    assert_eq!(pl.strongest, Some(Measure::WorkPermitFreeze));
    assert_eq!(
        pl.measures,
        [Measure::WorkPermitFreeze, Measure::VisaSuspension]
    );
    assert_eq!(pl.first_step, Some(date("2017").into()));
    assert_eq!(pl.last_step, Some(date("2017-09-27").into()));
    assert_eq!(pl.first_step_text.as_deref(), Some("2017"));
    assert_eq!(pl.last_step_text.as_deref(), Some("27 September 2017"));
    assert_eq!((pl.step_count, pl.figure_count), (3, 2));

    let kw = all.iter().find(|s| s.code == "KW").unwrap();
    // Residence restriction is stronger than visa suspension.
    assert_eq!(kw.strongest, Some(Measure::ResidenceRestriction));
    assert_eq!(kw.strongest, catalog.dataset().strongest_measure("KW"));
    assert_eq!(kw.first_step, kw.last_step);
    assert_eq!(kw.figure_count, 0);

    let value = serde_json::to_value(pl).unwrap();
    assert_eq!(value["region"], "europe");
    assert_eq!(value["strongest"], "work_permit_freeze");
    assert_eq!(
        value["measures"],
        json!(["work_permit_freeze", "visa_suspension"])
    );
    assert_eq!(value["first_step"], "2017");
    assert_eq!(value["last_step"], "2017-09-27");
    assert_eq!(value["step_count"], 3);
}

/// Four countries built so that each sort key has ties.
fn ties() -> Catalog {
    let mut data = empty_dataset();
    data.countries = vec![
        country("BE", "Belgium", Region::Europe),
        country("AT", "Österreich", Region::Europe),
        country("AL", "Albania", Region::Europe),
        country("CD", "Congo", Region::Africa),
        country("CG", "Congo", Region::Africa),
    ];
    data.steps = vec![
        step("be1", "BE", "2017-09", Measure::Other, "b"),
        step("be2", "BE", "2017-10", Measure::Other, "b"),
        step("at1", "AT", "2017-09", Measure::Other, "a"),
        step("al1", "AL", "2017-08-01", Measure::Other, "a"),
        step("al2", "AL", "2017-12", Measure::Other, "a"),
        step("cg1", "CG", "2017-09", Measure::Other, "c"),
        step("cd1", "CD", "2017-09", Measure::Other, "c"),
    ];
    Catalog::new(data)
}

fn order(catalog: &Catalog, key: SortKey) -> Vec<String> {
    catalog
        .summaries(&catalog.select(&Filter::default()), key)
        .into_iter()
        .map(|s| s.code)
        .collect()
}

#[test]
fn sort_by_name_ignores_accents_and_breaks_ties_by_code() {
    let catalog = ties();
    // Albania, Belgium, Congo (CD), Congo (CG), Österreich as "osterreich".
    assert_eq!(
        order(&catalog, SortKey::Name),
        ["AL", "BE", "CD", "CG", "AT"]
    );
}

#[test]
fn sort_by_first_step_breaks_ties_by_name_then_code() {
    let catalog = ties();
    // AL 2017-08-01 first; then every 2017-09 by name: Belgium, Congo CD, Congo CG, Österreich.
    assert_eq!(
        order(&catalog, SortKey::FirstStep),
        ["AL", "BE", "CD", "CG", "AT"]
    );
    let mut data = catalog.dataset().clone();
    data.steps[3].date = date("2017-09-30").into();
    // Now AL's first step is after the others.
    assert_eq!(
        order(&Catalog::new(data), SortKey::FirstStep),
        ["BE", "CD", "CG", "AT", "AL"]
    );
}

#[test]
fn sort_by_step_count_puts_most_first_and_breaks_ties_by_name() {
    let catalog = ties();
    assert_eq!(
        order(&catalog, SortKey::StepCount),
        ["AL", "BE", "CD", "CG", "AT"]
    );
    let f = filter(json!({"as_of": "2017-09-30"}));
    let by_count: Vec<(String, usize)> = catalog
        .summaries(&catalog.select(&f), SortKey::StepCount)
        .into_iter()
        .map(|s| (s.code, s.step_count))
        .collect();
    // One step each by then: pure name order.
    assert_eq!(
        by_count,
        [
            ("AL".to_owned(), 1),
            ("BE".to_owned(), 1),
            ("CD".to_owned(), 1),
            ("CG".to_owned(), 1),
            ("AT".to_owned(), 1)
        ]
    );
}

#[test]
fn sort_keys_read_from_json_and_text() {
    assert_eq!(
        serde_json::from_value::<SortKey>(json!("first_step")).unwrap(),
        SortKey::FirstStep
    );
    assert_eq!(SortKey::parse("step_count").unwrap(), SortKey::StepCount);
    assert_eq!(SortKey::parse("name").unwrap(), SortKey::Name);
    assert!(matches!(SortKey::parse("date"), Err(Error::Argument(_))));
    assert!(serde_json::from_value::<SortKey>(json!("Name")).is_err());
}

#[test]
fn region_groups_run_west_to_east_and_skip_empty_regions() {
    let catalog = Catalog::new(story());
    let groups = catalog.summaries_by_region(&catalog.select(&Filter::default()), SortKey::Name);
    let shape: Vec<(&str, Vec<&str>)> = groups
        .iter()
        .map(|g| {
            (
                g.label,
                g.countries.iter().map(|c| c.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("Europe", vec!["PL"]),
            ("Africa", vec!["SN"]),
            ("Middle East", vec!["KW", "QA"]),
        ]
    );
    let value = serde_json::to_value(&groups).unwrap();
    assert_eq!(value[2]["region"], "middle_east");
    assert_eq!(value[2]["label"], "Middle East");
    assert_eq!(value[2]["countries"][1]["name"], "Qatar");

    let by_count =
        catalog.summaries_by_region(&catalog.select(&Filter::default()), SortKey::StepCount);
    let me: Vec<&str> = by_count[2]
        .countries
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(me, ["KW", "QA"]);
}

#[test]
fn details_list_every_step_in_date_order_with_plain_data() {
    let catalog = Catalog::new(story());
    let selection = catalog.select(&Filter::default());
    let details = catalog.country_details("PL", &selection).unwrap();
    assert_eq!(details.name, "Poland");
    assert_eq!(details.region_label, "Europe");
    assert_eq!(details.figures, ["pl-visas", "pl-workers"]);
    let ids: Vec<&str> = details.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["pl-no-visas", "pl-withhold", "pl-no-new-permits"]);
    assert!(details.steps.iter().all(|s| s.matches));
    let texts: Vec<(&str, Precision)> = details
        .steps
        .iter()
        .map(|s| (s.date_text.as_str(), s.precision))
        .collect();
    assert_eq!(
        texts,
        [
            ("2017", Precision::Year),
            ("September 2017", Precision::Month),
            ("27 September 2017", Precision::Day)
        ]
    );

    let value = serde_json::to_value(&details).unwrap();
    let last = &value["steps"][2];
    assert_eq!(last["date"], "2017-09-27");
    assert_eq!(last["precision"], "day");
    assert_eq!(last["measure"], "work_permit_freeze");
    assert_eq!(last["measure_label"], "Work-permit freeze");
    assert_eq!(last["status"], "reported");
    assert_eq!(last["status_label"], "Reported");
    assert_eq!(last["date_kind_label"], "Reported");
    assert_eq!(
        last["note"],
        "A general ban would be discrimination by nationality."
    );
    let source = &last["sources"][0];
    assert_eq!(source["publisher"], "Polish foreign ministry");
    assert_eq!(source["url"], "https://example.org/story");
    assert_eq!(source["title"], "Statement");
    assert_eq!(source["date_text"], "27 September 2017");
    assert_eq!(source["quote"]["speaker"], "Artur Lompart");
    assert_eq!(source["quote"]["translated"], true);
    assert_eq!(value["steps"][0]["note"], serde_json::Value::Null);
    assert_eq!(
        value["steps"][0]["sources"][0]["quote"],
        serde_json::Value::Null
    );

    let kw = serde_json::to_value(catalog.country_details("KW", &selection).unwrap()).unwrap();
    assert_eq!(kw["steps"][0]["resolutions"], json!(["2371"]));
    assert_eq!(kw["region"], "middle_east");

    assert!(catalog.country_details("FR", &selection).is_none());
    assert!(catalog.country_details("pl", &selection).is_none());
}

#[test]
fn a_country_without_steps_is_never_selected_but_has_details() {
    let mut data = story();
    data.figures.push(figure("mx-figure", "MX"));
    let catalog = Catalog::new(data);
    let selection = catalog.select(&filter(json!({"text": "mexico"})));
    assert!(selection.is_empty());
    assert!(catalog.summaries(&selection, SortKey::Name).is_empty());
    let details = catalog.country_details("MX", &selection).unwrap();
    assert!(details.steps.is_empty());
    assert!(!details.selected);
    assert_eq!(details.matching_step_count, 0);
    assert_eq!(details.figures, ["mx-figure"]);
}

#[test]
fn an_empty_dataset_answers_every_query_with_nothing() {
    let catalog = Catalog::new(empty_dataset());
    let selection = catalog.select(&filter(json!({"text": "visa", "as_of": "2017"})));
    assert!(selection.is_empty());
    assert_eq!(selection.total_countries(), 0);
    assert!(catalog.select(&Filter::default()).is_empty());
    assert!(catalog.summaries(&selection, SortKey::FirstStep).is_empty());
    assert!(catalog
        .summaries_by_region(&selection, SortKey::Name)
        .is_empty());
    assert!(catalog.timeline(&selection).is_empty());
    assert!(catalog.state_as_of(date("2017")).is_empty());
    assert!(catalog.country_details("PL", &selection).is_none());
}

#[test]
fn timeline_lists_matching_steps_across_countries_by_date() {
    let catalog = Catalog::new(story());
    let selection = catalog.select(&filter(
        json!({"regions": ["europe", "middle_east", "africa"]}),
    ));
    let timeline = catalog.timeline(&selection);
    let ids: Vec<&str> = timeline.iter().map(|t| t.id).collect();
    // Equal dates go by country name, then dataset order: Kuwait's two 2017-08 steps keep
    // theirs, and on 2017-09-28 Qatar comes before Senegal although the data lists Senegal first.
    assert_eq!(
        ids,
        [
            "pl-no-visas",
            "kw-visas",
            "kw-residency",
            "pl-withhold",
            "pl-no-new-permits",
            "qa-approvals",
            "sn-visas"
        ]
    );
    assert_eq!(timeline[1].country, "KW");
    assert_eq!(timeline[1].date, date("2017-08").into());
    assert_eq!(timeline[1].precision, Precision::Month);
    assert_eq!(timeline[1].day_number, date("2017-08-01").day_number());
    assert_eq!(timeline[1].resolutions, ["2371"]);
    assert_eq!(timeline.len(), selection.step_count());
    let value = serde_json::to_value(timeline[1]).unwrap();
    assert_eq!(
        value,
        json!({"id": "kw-visas", "country": "KW", "date": "2017-08", "precision": "month",
               "day_number": 17379, "measure": "visa_suspension", "resolutions": ["2371"]})
    );
    // Narrowing the selection narrows the timeline the same way.
    let visas = catalog.select(&filter(json!({"text": "visas"})));
    let ids: Vec<&str> = catalog.timeline(&visas).iter().map(|t| t.id).collect();
    assert_eq!(ids, ["pl-no-visas", "kw-visas", "sn-visas"]);
}

#[test]
fn filter_json_shape_and_errors() {
    let f = filter(json!({
        "measures": ["expulsion", "other"],
        "regions": ["oceania"],
        "resolutions": ["2375"],
        "text": "Visa",
        "as_of": "2017-09"
    }));
    assert_eq!(f.measures, [Measure::Expulsion, Measure::Other]);
    assert_eq!(f.regions, [Region::Oceania]);
    assert_eq!(f.resolutions, ["2375"]);
    assert_eq!(f.text, "Visa");
    assert_eq!(f.as_of, Some(date("2017-09")));
    assert!(!f.is_empty());
    // It writes back the same shape.
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        json!({
            "measures": ["expulsion", "other"],
            "regions": ["oceania"],
            "resolutions": ["2375"],
            "text": "Visa",
            "as_of": "2017-09"
        })
    );
    assert!(filter(json!({})).is_empty());

    for (bad, mentions) in [
        (json!({"measures": ["sanction"]}), "sanction"),
        (json!({"regions": ["Europe"]}), "Europe"),
        (json!({"as_of": "2017-02-30"}), "2017-02-30"),
        (json!({"text": ["a"]}), "invalid type"),
        (json!({"colour": "red"}), "colour"),
        (json!("visa"), "invalid type"),
        (json!([]), "invalid type"),
        (json!(null), "invalid type"),
    ] {
        match Filter::from_json(&bad) {
            Err(Error::Argument(message)) => assert!(message.contains(mentions), "{message}"),
            other => panic!("{bad} gave {other:?}"),
        }
    }
}

#[test]
fn selection_serializes_to_what_the_count_line_needs() {
    let catalog = Catalog::new(story());
    let selection = catalog.select(&filter(json!({"regions": ["middle_east"]})));
    assert_eq!(
        serde_json::to_value(&selection).unwrap(),
        json!({"codes": ["KW", "QA"], "country_count": 2, "total_countries": 5, "step_count": 3})
    );
}

#[test]
fn labels_cover_every_key_in_display_order() {
    let labels = labels_en();
    let measures: Vec<&str> = labels.measures.iter().map(|k| k.key).collect();
    let all: Vec<&str> = Measure::ALL.iter().map(|m| m.key()).collect();
    assert_eq!(measures, all);
    assert_eq!(labels.regions[0].label, "Americas");
    assert_eq!(labels.regions[5].key, "oceania");
    assert_eq!(labels.stages.len(), 3);
    assert_eq!(fold("Œuvre"), "oeuvre");
}

/// A small deterministic generator, so the big dataset is the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// 200 countries, 10,000 steps, dates at every precision, some accented words.
fn generated() -> Dataset {
    let mut rng = Lcg(2017);
    let mut data = empty_dataset();
    for i in 0..200u32 {
        let a = char::from(b'A' + (i / 26) as u8);
        let b = char::from(b'A' + (i % 26) as u8);
        let region = Region::ALL[rng.next(6) as usize];
        data.countries.push(country(
            &format!("{a}{b}"),
            &format!("Pays {i} {}", if i % 7 == 0 { "Réunion" } else { "Land" }),
            region,
        ));
    }
    let words = [
        "visas",
        "permits",
        "résidence",
        "approvals",
        "workers",
        "ministry",
    ];
    for i in 0..10_000u32 {
        let country = data.countries[rng.next(200) as usize].code.clone();
        let year = 2014 + rng.next(5) as i32;
        let on = match rng.next(3) {
            0 => format!("{year}"),
            1 => format!("{year}-{:02}", 1 + rng.next(12)),
            _ => format!("{year}-{:02}-{:02}", 1 + rng.next(12), 1 + rng.next(28)),
        };
        let measure = Measure::ALL[rng.next(7) as usize];
        let description = format!(
            "Step {i} on {} and {}",
            words[rng.next(6) as usize],
            words[rng.next(6) as usize]
        );
        let mut s = step(&format!("s{i}"), &country, &on, measure, &description);
        if rng.next(2) == 0 {
            s.resolutions = vec![["2371", "2375"][rng.next(2) as usize].to_owned()];
        }
        data.steps.push(s);
    }
    data
}

/// What select + summaries must give, computed the slow, obvious way.
fn expected(data: &Dataset, f: &Filter) -> Vec<(String, usize, Option<Measure>)> {
    let terms: Vec<String> = fold(&f.text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let mut out = Vec::new();
    for c in &data.countries {
        if !f.regions.is_empty() && !f.regions.iter().any(|r| c.in_region(*r)) {
            continue;
        }
        let name = fold(c.name.as_str());
        let matching: Vec<&Step> = data
            .steps
            .iter()
            .filter(|s| s.country == c.code)
            .filter(|s| f.measures.is_empty() || s.measure.is_some_and(|m| f.measures.contains(&m)))
            .filter(|s| {
                f.resolutions.is_empty() || s.resolutions.iter().any(|r| f.resolutions.contains(r))
            })
            .filter(|s| f.as_of.map_or(true, |d| s.date.first_day() <= d.last_day()))
            .filter(|s| {
                let text = fold(s.description.as_str());
                terms.iter().all(|t| {
                    name.contains(t.as_str())
                        || c.code.to_lowercase() == *t
                        || text.contains(t.as_str())
                })
            })
            .collect();
        if !matching.is_empty() {
            let strongest = matching.iter().filter_map(|s| s.ranked_measure()).min();
            out.push((c.code.clone(), matching.len(), strongest));
        }
    }
    out.sort();
    out
}

#[test]
fn ten_thousand_steps_over_two_hundred_countries() {
    let data = generated();
    let catalog = Catalog::new(data.clone());
    let filters = [
        json!({}),
        json!({"text": "visas"}),
        json!({"text": "RESIDENCE"}),
        json!({"text": "reunion permits"}),
        json!({"text": "step 4242"}),
        json!({"text": "ab"}),
        json!({"measures": ["expulsion", "diplomatic"], "as_of": "2016-06"}),
        json!({"regions": ["asia", "europe"], "resolutions": ["2375"], "text": "work"}),
        json!({"as_of": "2014-01-01"}),
        json!({"text": "nothing like this"}),
    ];
    let mut nonempty = 0;
    for f in filters {
        let f = filter(f);
        let selection = catalog.select(&f);
        let mut got: Vec<(String, usize, Option<Measure>)> = catalog
            .summaries(&selection, SortKey::StepCount)
            .into_iter()
            .map(|s| (s.code, s.step_count, s.strongest))
            .collect();
        got.sort();
        let want = expected(&data, &f);
        assert_eq!(got, want, "{f:?}");
        nonempty += usize::from(!want.is_empty());

        let summaries = catalog.summaries(&selection, SortKey::StepCount);
        assert!(summaries
            .windows(2)
            .all(|w| w[0].step_count >= w[1].step_count));
        let grouped: usize = catalog
            .summaries_by_region(&selection, SortKey::Name)
            .iter()
            .map(|g| g.countries.len())
            .sum();
        assert_eq!(grouped, selection.len());
        assert_eq!(catalog.timeline(&selection).len(), selection.step_count());
    }
    // The filters above are not all trivially empty.
    assert!(nonempty >= 8, "{nonempty}");
    let all = catalog.select(&Filter::default());
    assert_eq!(all.step_count(), 10_000);
    // Orders, computed the obvious way: a country's steps by date, then
    // dataset order; the timeline by date, country name (folded, then as
    // written), then dataset order.
    let mut timeline = Vec::new();
    for c in &data.countries {
        let mut want: Vec<usize> = (0..data.steps.len())
            .filter(|&i| data.steps[i].country == c.code)
            .collect();
        want.sort_by_key(|&i| (data.steps[i].date, i));
        assert_eq!(all.steps_of(&c.code).unwrap_or(&[]), want.as_slice());
        timeline.extend(want.iter().map(|&i| {
            (
                data.steps[i].date,
                fold(c.name.as_str()),
                c.name.as_str(),
                i,
            )
        }));
    }
    timeline.sort();
    let want: Vec<&str> = timeline
        .iter()
        .map(|t| data.steps[t.3].id.as_str())
        .collect();
    let got: Vec<&str> = catalog.timeline(&all).iter().map(|t| t.id).collect();
    assert_eq!(got, want);
}

#[test]
fn overview_lists_only_what_the_seed_uses_in_display_order() {
    let catalog = Catalog::new(sanctions_tracker::seed::load().unwrap().dataset);
    let o = catalog.overview();
    assert_eq!(o.published.as_deref(), Some("2017-09-28"));
    assert_eq!(o.published_text.as_deref(), Some("28 September 2017"));
    assert_eq!(o.as_of_text.as_deref(), Some("28 September 2017"));
    assert_eq!((o.country_count, o.step_count, o.figure_count), (4, 8, 2));
    let measures: Vec<_> = o.measures.iter().map(|m| m.key).collect();
    assert_eq!(
        measures,
        [
            "residence_restriction",
            "work_permit_freeze",
            "employment_approval_halt",
            "visa_suspension"
        ]
    );
    let regions: Vec<_> = o.regions.iter().map(|r| r.key).collect();
    assert_eq!(regions, ["europe", "africa", "middle_east"]);
    let resolutions: Vec<_> = o
        .resolutions
        .iter()
        .map(|r| (r.id, r.adopted_text.as_str()))
        .collect();
    assert_eq!(
        resolutions,
        [("2371", "5 August 2017"), ("2375", "11 September 2017")]
    );
    assert_eq!(o.licence, None);
}

// --- schema_version 2: findings, regions, the new facts (issue 10) ----------

/// The synthetic 35-country tracker (schema_version 2) that bench/gen-tracker.mjs writes.
fn tracker() -> Catalog {
    let text = include_str!("fixtures/tracker-35.json");
    Catalog::new(sanctions_tracker::validate::load_str(text).unwrap().dataset)
}

/// A small version 2 dataset: a finding (about an expulsion) and a measure
/// in Russia (two regions), a measure in Taiwan (not a UN member), and a
/// finding alone in Turkey (no region).
fn v2_catalog() -> Catalog {
    let data = json!({
        "schema_version": 2,
        "meta": {"kind": "compilation", "title": "T", "maintainer": "Desk", "updated": "2020-12"},
        "resolutions": [{"id": "2397", "adopted": "2017-12-22", "requires": "Repatriation."}],
        "countries": [
            {"code": "RU", "name": "Russia", "region": ["europe", "asia"]},
            {"code": "TW", "name": "Taiwan", "region": "asia", "un_member": false},
            {"code": "TR", "name": "Turkey"}
        ],
        "steps": [
            {"id": "ru-found", "country": "RU", "kind": "finding", "finding": "non_compliance",
             "measure": "expulsion", "date": {"from": "2019-11", "to": "2020-02"}, "date_inferred": true,
             "confidence": "low", "description": "Workers found on a site.",
             "sources": [
                {"publisher": "Paper A", "url": "https://example.org/a", "title": "Sites", "title_inferred": true},
                {"publisher": "Paper B", "url": "https://example.org/b",
                 "quote": {"text": "Personne", "lang": "fr", "translation": {"text": "No one", "lang": "en"}}}
             ],
             "disputes": [{"about": "number", "claims": [{"source": 0, "says": "31"}, {"source": 1, "says": "none"}]}]},
            {"id": "ru-visas", "country": "RU", "measure": "visa_suspension", "date": "2018-H1",
             "resolutions": ["unspecified"], "description": "Visas suspended.",
             "sources": [{"publisher": "Agency", "url": "https://example.org/ru"}]},
            {"id": "tw-permits", "country": "TW", "measure": "work_permit_freeze", "date": {"from": "2017-08-05"},
             "description": "No new permits.", "sources": [{"publisher": "Agency", "url": "https://example.org/tw"}]},
            {"id": "tr-none", "country": "TR", "kind": "finding", "finding": "no_workers", "date": "2019",
             "description": "No such workers, officials say.",
             "sources": [{"publisher": "Agency", "url": "https://example.org/tr"}]}
        ],
        "figures": [{
            "id": "ru-workers", "country": "RU", "metric": "Workers", "unit": "workers", "kind": "level",
            "values": [
                {"date": "2017", "value": 30000, "source": 0},
                {"date": "2017", "value": 40000, "source": 1, "note": "Counts seasonal workers."},
                {"date": "2018-H1", "at_least": 10000, "at_most": 20000, "confidence": "medium"}
            ],
            "sources": [{"publisher": "Paper A", "url": "https://example.org/a"},
                        {"publisher": "Paper B", "url": "https://example.org/b"}]
        }]
    });
    Catalog::new(
        sanctions_tracker::validate::load_value(data)
            .unwrap()
            .dataset,
    )
}

#[test]
fn findings_never_are_the_strongest_measure() {
    let catalog = v2_catalog();
    let all = catalog.select(&Filter::default());
    let summaries = catalog.summaries(&all, SortKey::Name);
    let ru = summaries.iter().find(|s| s.code == "RU").unwrap();
    // The finding is about an expulsion, but only the visa suspension counts.
    assert_eq!(ru.strongest, Some(Measure::VisaSuspension));
    assert_eq!(ru.measures, [Measure::VisaSuspension]);
    assert_eq!((ru.step_count, ru.finding_count), (2, 1));
    let tr = summaries.iter().find(|s| s.code == "TR").unwrap();
    assert_eq!((tr.strongest, tr.measures.len()), (None, 0));
    assert_eq!((tr.step_count, tr.finding_count), (1, 1));
    assert_eq!(
        catalog.dataset().strongest_measure("RU"),
        Some(Measure::VisaSuspension)
    );
    assert_eq!(catalog.dataset().strongest_measure("TR"), None);
    // A measure filter keeps a finding only when it is about that measure.
    let expulsions = catalog.select(&filter(json!({"measures": ["expulsion"]})));
    assert_eq!(expulsions.codes().collect::<Vec<_>>(), ["RU"]);
    let ru = &catalog.summaries(&expulsions, SortKey::Name)[0];
    assert_eq!(
        (ru.strongest, ru.step_count, ru.finding_count),
        (None, 1, 1)
    );
    // The overview's measure menu lists what steps name.
    let measures: Vec<_> = catalog.overview().measures.iter().map(|m| m.key).collect();
    assert_eq!(
        measures,
        ["expulsion", "work_permit_freeze", "visa_suspension"]
    );
}

#[test]
fn countries_are_listed_under_their_first_region_and_found_by_any() {
    let catalog = v2_catalog();
    let all = catalog.select(&Filter::default());
    let groups = catalog.summaries_by_region(&all, SortKey::Name);
    let listed: Vec<(Option<Region>, &str, Vec<&str>)> = groups
        .iter()
        .map(|g| {
            (
                g.region,
                g.label,
                g.countries.iter().map(|c| c.code.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (Some(Region::Europe), "Europe", vec!["RU"]),
            (Some(Region::Asia), "Asia", vec!["TW"]),
            (None, "Other places", vec!["TR"]),
        ]
    );
    let json = serde_json::to_value(&groups).unwrap();
    assert_eq!(json[2]["region"], "none");
    assert_eq!(json[0]["countries"][0]["region"], "europe");
    assert_eq!(
        json[0]["countries"][0]["regions"],
        json!(["europe", "asia"])
    );
    assert_eq!(json[2]["countries"][0]["regions"], json!([]));
    // A region filter keeps a country for any of its regions; a country with none is never kept.
    let asia = catalog.select(&filter(json!({"regions": ["asia"]})));
    assert_eq!(asia.codes().collect::<Vec<_>>(), ["RU", "TW"]);
    let europe = catalog.select(&filter(json!({"regions": ["europe"]})));
    assert_eq!(europe.codes().collect::<Vec<_>>(), ["RU"]);
    let regions: Vec<_> = catalog.overview().regions.iter().map(|r| r.key).collect();
    assert_eq!(regions, ["europe", "asia"]);
    assert_eq!(labels_en().no_region.key, "none");
    assert_eq!(labels_en().no_region.label, "Other places");
}

#[test]
fn details_carry_the_v2_facts() {
    let catalog = v2_catalog();
    let all = catalog.select(&Filter::default());
    let ru = serde_json::to_value(catalog.country_details("RU", &all).unwrap()).unwrap();
    assert_eq!(ru["un_member"], true);
    assert_eq!(ru["regions"], json!(["europe", "asia"]));
    let visas = &ru["steps"][0];
    assert_eq!(visas["id"], "ru-visas");
    assert_eq!(visas["date"], "2018-H1");
    assert_eq!(visas["date_text"], "first half of 2018");
    assert_eq!(visas["date_short_text"], "H1 2018");
    assert_eq!(visas["precision"], "half");
    assert_eq!(visas["status"], Value::Null);
    assert_eq!(visas["date_kind"], Value::Null);
    assert_eq!(visas["resolutions"], json!(["unspecified"]));
    let found = &ru["steps"][1];
    assert_eq!(found["kind"], "finding");
    assert_eq!(found["kind_label"], "Finding");
    assert_eq!(found["finding"], "non_compliance");
    assert_eq!(found["measure"], "expulsion");
    assert_eq!(found["confidence"], "low");
    assert_eq!(found["confidence_label"], "Low confidence");
    assert_eq!(found["date"], "2019-11/2020-02");
    assert_eq!(found["date_text"], "November 2019 \u{2013} February 2020");
    assert_eq!(
        (found["is_period"].clone(), found["open_ended"].clone()),
        (json!(true), json!(false))
    );
    assert_eq!(found["date_inferred"], true);
    assert_eq!(found["sources"][0]["title_inferred"], true);
    let quote = &found["sources"][1]["quote"];
    assert_eq!(quote["lang"], "fr");
    assert_eq!(quote["speaker"], Value::Null);
    assert_eq!(
        quote["translation"],
        json!({"text": "No one", "lang": "en"})
    );
    assert_eq!(
        found["disputes"],
        json!([{"about": "number", "claims": [
            {"source": 0, "says": "31", "publisher": "Paper A", "title": "Sites", "url": "https://example.org/a"},
            {"source": 1, "says": "none", "publisher": "Paper B", "title": null, "url": "https://example.org/b"}
        ]}])
    );
    let figure = &ru["figure_details"][0];
    assert_eq!(ru["figures"], json!(["ru-workers"]));
    assert_eq!(figure["sources"].as_array().unwrap().len(), 2);
    assert_eq!(figure["values"][1]["source"], 1);
    assert_eq!(figure["values"][1]["note"], "Counts seasonal workers.");
    let bound = &figure["values"][2];
    assert_eq!(
        (
            bound["value"].clone(),
            bound["at_least"].clone(),
            bound["at_most"].clone()
        ),
        (Value::Null, json!(10000.0), json!(20000.0))
    );
    assert_eq!(
        (bound["source"].clone(), bound["confidence"].clone()),
        (json!(0), json!("medium"))
    );
    let tw = serde_json::to_value(catalog.country_details("TW", &all).unwrap()).unwrap();
    assert_eq!(tw["un_member"], false);
    assert_eq!(tw["name"], "Taiwan");
    assert_eq!(tw["steps"][0]["date_text"], "since 5 August 2017");
    let tr = serde_json::to_value(catalog.country_details("TR", &all).unwrap()).unwrap();
    assert_eq!(
        (tr["region"].clone(), tr["region_label"].clone()),
        (json!("none"), json!("Other places"))
    );
}

#[test]
fn the_timeline_gives_periods_as_spans() {
    let catalog = v2_catalog();
    let all = catalog.select(&Filter::default());
    let timeline = catalog.timeline(&all);
    let ids: Vec<&str> = timeline.iter().map(|t| t.id).collect();
    assert_eq!(ids, ["tw-permits", "ru-visas", "tr-none", "ru-found"]);
    let found = serde_json::to_value(timeline[3]).unwrap();
    assert_eq!(found["date"], "2019-11/2020-02");
    assert_eq!(found["kind"], "finding");
    assert_eq!(found["confidence"], "low");
    assert_eq!(found["date_inferred"], true);
    assert_eq!(found["is_period"], true);
    assert_eq!(found["day_number"], date("2019-11-01").day_number());
    assert_eq!(found["last_day_number"], date("2020-02-29").day_number());
    let open = serde_json::to_value(timeline[0]).unwrap();
    assert_eq!(open["date"], "2017-08-05/..");
    assert_eq!(open["open_ended"], true);
}

#[test]
fn the_35_country_tracker_lists_every_country_once() {
    let catalog = tracker();
    let all = catalog.select(&Filter::default());
    let groups = catalog.summaries_by_region(&all, SortKey::Name);
    let listed: usize = groups.iter().map(|g| g.countries.len()).sum();
    assert_eq!(listed, all.len());
    assert_eq!(groups.last().map(|g| g.label), Some("Other places"));
    for summary in catalog.summaries(&all, SortKey::FirstStep) {
        if let Some(strongest) = summary.strongest {
            assert!(summary.measures.contains(&strongest));
        }
        assert!(summary.finding_count <= summary.step_count);
    }
    // No finding ranks: the strongest measure comes from measures only.
    let d = catalog.dataset();
    for c in &d.countries {
        let ranked = d
            .steps_of(&c.code)
            .filter(|s| !s.is_finding())
            .filter_map(|s| s.measure)
            .min();
        assert_eq!(d.strongest_measure(&c.code), ranked, "{}", c.code);
    }
}

#[test]
fn low_confidence_steps_can_be_hidden() {
    let catalog = v2_catalog();
    let hidden = catalog.select(&filter(json!({"hide_low_confidence": true})));
    // The Russian finding is low confidence; the rest give none and stay.
    assert_eq!(hidden.step_count(), 3);
    assert_eq!(hidden.steps_of("RU").map(<[usize]>::len), Some(1));
    let shown = catalog.select(&filter(json!({"hide_low_confidence": null})));
    assert_eq!(shown.step_count(), 4);
    assert!(Filter::from_json(&json!({"hide_low_confidence": "yes"})).is_err());
}

#[test]
fn a_resolution_without_its_number_is_found_as_unspecified() {
    let catalog = v2_catalog();
    let unspecified = catalog.select(&filter(json!({"resolutions": ["unspecified"]})));
    assert_eq!(unspecified.codes().collect::<Vec<_>>(), ["RU"]);
    assert_eq!(unspecified.step_count(), 1);
    // A numbered resolution's filter does not match it.
    let numbered = catalog.select(&filter(json!({"resolutions": ["2397"]})));
    assert!(numbered.is_empty());
}

#[test]
fn the_overview_counts_the_marks_of_certainty_the_data_uses() {
    // A story that uses none of them counts none.
    let plain = Catalog::new(story());
    let none = plain.overview();
    assert_eq!(none.schema_version, story().schema_version);
    assert_eq!(none.certainty, Certainty::default());
    // The 35-country tracker: counted from the data itself.
    let text = include_str!("fixtures/tracker-35.json");
    let data = sanctions_tracker::validate::load_str(text).unwrap().dataset;
    let count = |f: &dyn Fn(&Step) -> bool| data.steps.iter().filter(|s| f(s)).count();
    let expected = Certainty {
        findings: count(&|s| s.is_finding()),
        with_confidence: count(&|s| s.confidence.is_some()),
        low_confidence: count(&|s| s.confidence == Some(Confidence::Low)),
        inferred_dates: count(&|s| s.date_inferred),
        inferred_titles: data
            .steps
            .iter()
            .flat_map(|s| &s.sources)
            .chain(data.figures.iter().flat_map(|f| &f.sources))
            .filter(|s| s.title_inferred)
            .count(),
        values_with_confidence: data
            .figures
            .iter()
            .flat_map(|f| &f.values)
            .filter(|v| v.confidence.is_some())
            .count(),
    };
    let catalog = Catalog::new(data.clone());
    let got = catalog.overview();
    assert_eq!(got.schema_version, 2);
    assert_eq!(got.certainty, expected);
    assert!(expected.findings > 0 && expected.low_confidence > 0 && expected.inferred_dates > 0);
    assert!(expected.inferred_titles > 0 && expected.values_with_confidence > 0);
    // Each country's summary counts its low-confidence steps.
    let summed: usize = catalog
        .summaries(&catalog.select(&Filter::default()), SortKey::Name)
        .iter()
        .map(|c| c.low_confidence_count)
        .sum();
    assert_eq!(summed, expected.low_confidence);
}
