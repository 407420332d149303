//! The languages of the interface (English and Korean): which one a page
//! asks for, and the words and formats Rust writes in it, so that the text
//! drawn in the pictures (axes, legends, labels, text alternatives) matches
//! the widget's page text.
//!
//! Dates follow each language's usual long and short forms: `27 September
//! 2017` / `27 Sep 2017` in English, `2017년 9월 27일` / `2017. 9. 27.` in
//! Korean; numbers are grouped by thousands with commas in both (Korean
//! writes `1,234` too). The labels of the fixed vocabularies (measures,
//! regions, stages, confidence, findings) are this module's; the dataset's
//! own texts come translated in the dataset, never from here.

use crate::date::{PartialDate, When, MONTHS as MONTHS_EN};
use crate::model::{Confidence, FindingKind, Measure, Region, Stage, StepKind, Text};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the default, and the fallback for any other language).
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The language of a BCP 47 tag (`ko`, `ko-KR`, `en-GB`, case
    /// ignored): `None` for one the interface does not have (the caller
    /// falls back to English) or an empty tag.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.key()))
    }

    /// Its BCP 47 primary subtag (`en`, `ko`).
    pub fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// A date at its own precision, long: `27 September 2017`,
    /// `September 2017`, `2017`; `2017년 9월 27일`, `2017년 9월`, `2017년`.
    pub fn date(self, d: &PartialDate) -> String {
        let (y, m, day) = (d.year_value(), d.month_value(), d.day_value());
        match self {
            Lang::En => {
                let month = |m: u8| month_en(m);
                match (m, day) {
                    (Some(m), Some(day)) => format!("{day} {} {y}", month(m)),
                    (Some(m), None) => format!("{} {y}", month(m)),
                    _ => y.to_string(),
                }
            }
            Lang::Ko => match (m, day) {
                (Some(m), Some(day)) => format!("{y}년 {m}월 {day}일"),
                (Some(m), None) => format!("{y}년 {m}월"),
                _ => format!("{y}년"),
            },
        }
    }

    /// A date, short: `27 Sep 2017`, `Sep 2017`, `2017`; `2017. 9. 27.`,
    /// `2017. 9.`, `2017`.
    pub fn date_short(self, d: &PartialDate) -> String {
        let (y, m, day) = (d.year_value(), d.month_value(), d.day_value());
        match self {
            Lang::En => {
                let month = |m: u8| month_en(m).get(..3).unwrap_or("?");
                match (m, day) {
                    (Some(m), Some(day)) => format!("{day} {} {y}", month(m)),
                    (Some(m), None) => format!("{} {y}", month(m)),
                    _ => y.to_string(),
                }
            }
            Lang::Ko => match (m, day) {
                (Some(m), Some(day)) => format!("{y}. {m}. {day}."),
                (Some(m), None) => format!("{y}. {m}."),
                _ => y.to_string(),
            },
        }
    }

    /// When a step happened, long: a date, `second half of 2019` /
    /// `2019년 하반기`, `November 2019 – February 2020` / `2019년 11월~2020년
    /// 2월`, `since 5 August 2017` / `2017년 8월 5일부터`.
    pub fn when(self, w: &When) -> String {
        self.when_with(w, Lang::date)
    }

    /// When a step happened, short: `H2 2019` / `2019년 하반기`, `Nov 2019 –
    /// Feb 2020` / `2019. 11.~2020. 2.`, `since 5 Aug 2017` / `2017. 8. 5.부터`.
    pub fn when_short(self, w: &When) -> String {
        match (self, w) {
            (Lang::En, When::Half { year, second }) => {
                format!("H{} {year}", if *second { 2 } else { 1 })
            }
            _ => self.when_with(w, Lang::date_short),
        }
    }

    fn when_with(self, w: &When, date: fn(Lang, &PartialDate) -> String) -> String {
        match (self, w) {
            (_, When::Date(d)) => date(self, d),
            (Lang::En, When::Half { year, second }) => {
                format!(
                    "{} half of {year}",
                    if *second { "second" } else { "first" }
                )
            }
            (Lang::Ko, When::Half { year, second }) => {
                format!("{year}년 {}", if *second { "하반기" } else { "상반기" })
            }
            (Lang::En, When::Period { from, to: Some(to) }) => {
                format!("{} \u{2013} {}", date(self, from), date(self, to))
            }
            (Lang::Ko, When::Period { from, to: Some(to) }) => {
                format!("{}~{}", date(self, from), date(self, to))
            }
            (Lang::En, When::Period { from, to: None }) => format!("since {}", date(self, from)),
            (Lang::Ko, When::Period { from, to: None }) => format!("{}부터", date(self, from)),
        }
    }

    /// A number grouped by thousands (`1,234`, `-5,000`, `2.5`), as both
    /// languages write it; up to two decimals, trailing zeros dropped; not
    /// finite: `?`.
    pub fn number(self, n: f64) -> String {
        if !n.is_finite() {
            return "?".to_owned();
        }
        let rounded = (n * 100.0).round() / 100.0;
        let negative = rounded < 0.0;
        let abs = rounded.abs();
        let whole = abs.trunc();
        let digits = format!("{whole:.0}");
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 4);
        let first = digits.len() % 3;
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (i + 3 - first) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let cents = ((abs - whole) * 100.0).round() as u32;
        if cents > 0 {
            grouped.push('.');
            grouped.push_str(format!("{cents:02}").trim_end_matches('0'));
        }
        if negative && grouped != "0" {
            grouped.insert(0, '-');
        }
        grouped
    }

    /// An approximate count: `about 400` / `약 400`.
    pub fn about(self, n: f64) -> String {
        match self {
            Lang::En => format!("about {}", self.number(n)),
            Lang::Ko => format!("약 {}", self.number(n)),
        }
    }

    /// A lower or upper bound: `at least 31` / `31 이상`, `at most 31` / `31 이하`.
    pub fn bound(self, n: f64, at_least: bool) -> String {
        match (self, at_least) {
            (Lang::En, true) => format!("at least {}", self.number(n)),
            (Lang::En, false) => format!("at most {}", self.number(n)),
            (Lang::Ko, true) => format!("{} 이상", self.number(n)),
            (Lang::Ko, false) => format!("{} 이하", self.number(n)),
        }
    }

    /// A UN Security Council resolution's short name: `Res. 2371` / `결의 2371호`.
    pub fn resolution(self, id: &str) -> String {
        match self {
            Lang::En => format!("Res. {id}"),
            Lang::Ko => format!("결의 {id}호"),
        }
    }

    /// A country's name: the dataset's in this language, else (Korean) the
    /// CLDR's Korean name of its code, else the dataset's own.
    pub fn country(self, code: &str, name: &Text) -> String {
        match self {
            Lang::Ko if !name.has("ko") => crate::geo::korean_name(code)
                .unwrap_or(name.as_str())
                .to_owned(),
            _ => name.get(self.key()).to_owned(),
        }
    }

    /// A measure's label for legends and badges.
    pub fn measure(self, m: Measure) -> &'static str {
        match self {
            Lang::En => m.label_en(),
            Lang::Ko => match m {
                Measure::Expulsion => "추방·송환",
                Measure::ResidenceRestriction => "체류 제한",
                Measure::WorkPermitFreeze => "노동허가 동결",
                Measure::EmploymentApprovalHalt => "고용 승인 중단",
                Measure::VisaSuspension => "비자 발급 중단",
                Measure::Diplomatic => "외교적 조치",
                Measure::Other => "기타",
            },
        }
    }

    /// A region's label.
    pub fn region(self, r: Region) -> &'static str {
        match self {
            Lang::En => r.label_en(),
            Lang::Ko => match r {
                Region::Americas => "아메리카",
                Region::Europe => "유럽",
                Region::Africa => "아프리카",
                Region::MiddleEast => "중동",
                Region::Asia => "아시아",
                Region::Oceania => "오세아니아",
            },
        }
    }

    /// The label of the countries with no region.
    pub fn no_region(self) -> &'static str {
        match self {
            Lang::En => crate::model::NO_REGION_LABEL,
            Lang::Ko => "기타 지역",
        }
    }

    /// A step's stage.
    pub fn stage(self, s: Stage) -> &'static str {
        match self {
            Lang::En => s.label_en(),
            Lang::Ko => match s {
                Stage::Announced => "발표",
                Stage::InForce => "시행",
                Stage::Reported => "보도",
            },
        }
    }

    /// A confidence level.
    pub fn confidence(self, c: Confidence) -> &'static str {
        match self {
            Lang::En => c.label_en(),
            Lang::Ko => match c {
                Confidence::High => "신뢰도 높음",
                Confidence::Medium => "신뢰도 중간",
                Confidence::Low => "신뢰도 낮음",
            },
        }
    }

    /// What a step is.
    pub fn step_kind(self, k: StepKind) -> &'static str {
        match self {
            Lang::En => k.label_en(),
            Lang::Ko => match k {
                StepKind::Measure => "조치",
                StepKind::Finding => "확인 사항",
            },
        }
    }

    /// What a finding found.
    pub fn finding(self, f: FindingKind) -> &'static str {
        match self {
            Lang::En => f.label_en(),
            Lang::Ko => match f {
                FindingKind::NonCompliance => "위반 확인",
                FindingKind::NoWorkers => "노동자 없음(당국 발표)",
                FindingKind::Other => "기타 확인 사항",
            },
        }
    }

    /// A count of steps: `1 step`, `3 steps` / `3건`.
    pub fn steps(self, n: usize) -> String {
        match self {
            Lang::En if n == 1 => "1 step".to_owned(),
            Lang::En => format!("{} steps", self.number(n as f64)),
            Lang::Ko => format!("{}건", self.number(n as f64)),
        }
    }
}

/// An English month name (`?` for a month that is not one).
fn month_en(m: u8) -> &'static str {
    usize::from(m)
        .checked_sub(1)
        .and_then(|i| MONTHS_EN.get(i))
        .copied()
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn a_country_is_named_by_the_dataset_else_by_cldr() {
        let plain = Text::from("Poland");
        assert_eq!(Lang::En.country("PL", &plain), "Poland");
        assert_eq!(Lang::Ko.country("PL", &plain), "폴란드");
        let given = Text::translated(
            "en",
            vec![
                ("en".into(), "Taiwan".into()),
                ("ko".into(), "타이완".into()),
            ],
        )
        .unwrap();
        assert_eq!(Lang::Ko.country("TW", &given), "타이완");
        assert_eq!(Lang::En.country("TW", &given), "Taiwan");
        // A code CLDR does not name keeps the dataset's name.
        assert_eq!(Lang::Ko.country("EU", &Text::from("Europe")), "Europe");
    }

    #[test]
    fn a_tag_names_its_language_and_others_fall_back() {
        assert_eq!(Lang::from_tag("ko"), Some(Lang::Ko));
        assert_eq!(Lang::from_tag("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_tag(" KO_kr "), Some(Lang::Ko));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag("kok"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::default(), Lang::En);
    }

    #[test]
    fn english_dates_are_the_ones_the_widget_wrote() {
        for s in ["2017", "2017-09", "2017-09-27", "2016-12-01"] {
            assert_eq!(Lang::En.date(&d(s)), d(s).display_en());
            assert_eq!(Lang::En.date_short(&d(s)), d(s).display_short_en());
        }
        for s in ["2017-09-27", "2019-H2", "2019-H1"] {
            let w = When::parse(s).unwrap();
            assert_eq!(Lang::En.when(&w), w.display_en());
            assert_eq!(Lang::En.when_short(&w), w.display_short_en());
        }
        let period = When::Period {
            from: d("2019-11"),
            to: Some(d("2020-02")),
        };
        assert_eq!(Lang::En.when(&period), period.display_en());
        assert_eq!(Lang::En.when_short(&period), period.display_short_en());
        let open = When::Period {
            from: d("2017-08-05"),
            to: None,
        };
        assert_eq!(Lang::En.when(&open), "since 5 August 2017");
        assert_eq!(Lang::En.when_short(&open), open.display_short_en());
    }

    #[test]
    fn korean_dates() {
        assert_eq!(Lang::Ko.date(&d("2017-09-27")), "2017년 9월 27일");
        assert_eq!(Lang::Ko.date(&d("2017-09")), "2017년 9월");
        assert_eq!(Lang::Ko.date(&d("2017")), "2017년");
        assert_eq!(Lang::Ko.date_short(&d("2017-09-27")), "2017. 9. 27.");
        assert_eq!(Lang::Ko.date_short(&d("2017-09")), "2017. 9.");
        assert_eq!(
            Lang::Ko.when(&When::parse("2019-H2").unwrap()),
            "2019년 하반기"
        );
        assert_eq!(
            Lang::Ko.when(&When::parse("2019-H1").unwrap()),
            "2019년 상반기"
        );
        let period = When::Period {
            from: d("2019-11"),
            to: Some(d("2020-02")),
        };
        assert_eq!(Lang::Ko.when(&period), "2019년 11월~2020년 2월");
        assert_eq!(Lang::Ko.when_short(&period), "2019. 11.~2020. 2.");
        let open = When::Period {
            from: d("2017-08-05"),
            to: None,
        };
        assert_eq!(Lang::Ko.when(&open), "2017년 8월 5일부터");
    }

    #[test]
    fn numbers_are_grouped_and_bounded_in_each_language() {
        for (n, s) in [
            (0.0, "0"),
            (7.0, "7"),
            (147.0, "147"),
            (1234.0, "1,234"),
            (1_234_567.0, "1,234,567"),
            (100_000.0, "100,000"),
            (-5000.0, "-5,000"),
            (2.5, "2.5"),
            (1234.567, "1,234.57"),
            (-0.001, "0"),
            (f64::NAN, "?"),
            (f64::INFINITY, "?"),
        ] {
            assert_eq!(Lang::En.number(n), s, "{n}");
            assert_eq!(Lang::Ko.number(n), s, "{n}");
        }
        assert_eq!(Lang::En.about(400.0), "about 400");
        assert_eq!(Lang::Ko.about(400.0), "약 400");
        assert_eq!(Lang::En.bound(31.0, true), "at least 31");
        assert_eq!(Lang::Ko.bound(31.0, true), "31 이상");
        assert_eq!(Lang::Ko.bound(1500.0, false), "1,500 이하");
        assert_eq!(Lang::En.steps(1), "1 step");
        assert_eq!(Lang::En.steps(1200), "1,200 steps");
        assert_eq!(Lang::Ko.steps(3), "3건");
        assert_eq!(Lang::Ko.resolution("2375"), "결의 2375호");
        assert_eq!(Lang::En.resolution("2375"), "Res. 2375");
    }

    #[test]
    fn every_label_has_both_languages_and_no_two_measures_share_one() {
        for lang in Lang::ALL {
            let measures: Vec<&str> = Measure::ALL.into_iter().map(|m| lang.measure(m)).collect();
            for (i, a) in measures.iter().enumerate() {
                assert!(!a.is_empty());
                assert!(!measures[i + 1..].contains(a), "{lang:?}: {a} twice");
            }
            for r in Region::ALL {
                assert!(!lang.region(r).is_empty());
            }
            for s in Stage::ALL {
                assert!(!lang.stage(s).is_empty());
            }
            for c in Confidence::ALL {
                assert!(!lang.confidence(c).is_empty());
            }
            for f in FindingKind::ALL {
                assert!(!lang.finding(f).is_empty());
            }
            for k in StepKind::ALL {
                assert!(!lang.step_kind(k).is_empty());
            }
            assert!(!lang.no_region().is_empty());
        }
        // Korean labels are Korean, not English left in place.
        for m in Measure::ALL {
            assert_ne!(Lang::Ko.measure(m), Lang::En.measure(m));
            assert!(Lang::Ko
                .measure(m)
                .chars()
                .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)));
        }
    }
}
