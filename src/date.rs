//! Dates that keep the precision their source gave.
//!
//! A source may say "2017", "January 2017" or "27 September 2017". A
//! [`PartialDate`] stores exactly that much, is written in JSON as `YYYY`,
//! `YYYY-MM` or `YYYY-MM-DD`, and is never silently widened to a day.
//!
//! Since schema_version 2 a step or a figure value may also be dated by a
//! [`When`]: a [`PartialDate`], a half year (`2019-H2`), or a period
//! (`{"from": "2019-11", "to": "2020-02"}`, or `{"from": "2017-08-05"}` for
//! "since 5 August 2017", an open end).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// How much of a date the source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Only the year.
    Year,
    /// A half year (`2019-H2`; schema_version 2, only in a [`When`]).
    Half,
    /// Year and month.
    Month,
    /// A single day.
    Day,
}

/// A calendar date known to year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// English month names (also [`crate::lang`]'s).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Number of days in `month` (1-12) of `year`, proleptic Gregorian.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// A date known only to the year.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the month; `None` if the month is not 1-12.
    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A date known to the day; `None` if that day does not exist.
    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(
            PartialDate {
                year,
                month: Some(month),
                day: Some(day),
            },
        )
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year, two-digit
    /// month and day). Returns `None` for anything else, including days that
    /// do not exist such as `2017-02-29`.
    pub fn parse(text: &str) -> Option<Self> {
        fn digits(s: &str, n: usize) -> Option<u32> {
            (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        }
        let mut parts = text.split('-');
        let year = digits(parts.next()?, 4)? as i32;
        let Some(month) = parts.next() else {
            return Some(Self::year(year));
        };
        let month = u8::try_from(digits(month, 2)?).ok()?;
        let Some(day) = parts.next() else {
            return Self::month(year, month);
        };
        let day = u8::try_from(digits(day, 2)?).ok()?;
        if parts.next().is_some() {
            return None;
        }
        Self::day(year, month, day)
    }

    /// The year.
    pub fn year_value(&self) -> i32 {
        self.year
    }

    /// The month (1-12), if known.
    pub fn month_value(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, if known.
    pub fn day_value(&self) -> Option<u8> {
        self.day
    }

    /// How precise this date is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day the date covers (1 Jan for a year, the 1st for a month).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers (31 Dec for a year, month end for a month).
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// Days since 1970-01-01 of the first day covered: a linear axis for charts.
    pub fn day_number(&self) -> i64 {
        let (y, m, d) = self.first_day();
        days_from_civil(y, m, d)
    }

    /// Days since 1970-01-01 of the middle of the period covered: where a
    /// chart should place a year or month so that it is not drawn as a day.
    pub fn mid_day_number(&self) -> f64 {
        let (y, m, d) = self.last_day();
        (self.day_number() as f64 + days_from_civil(y, m, d) as f64) / 2.0
    }

    /// English text at the date's own precision: `2017`, `January 2017`, `27 September 2017`.
    pub fn display_en(&self) -> String {
        let month = |m: u8| {
            MONTHS
                .get(usize::from(m).wrapping_sub(1))
                .copied()
                .unwrap_or("?")
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month(m), self.year),
            (Some(m), None) => format!("{} {}", month(m), self.year),
            _ => self.year.to_string(),
        }
    }

    /// Short English text: `2017`, `Jan 2017`, `27 Sep 2017`.
    pub fn display_short_en(&self) -> String {
        let month = |m: u8| {
            MONTHS
                .get(usize::from(m).wrapping_sub(1))
                .map(|s| &s[..3])
                .unwrap_or("?")
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", month(m), self.year),
            (Some(m), None) => format!("{} {}", month(m), self.year),
            _ => self.year.to_string(),
        }
    }
}

/// When a step happened or a figure value holds: a date at its precision,
/// a half year, or a period (schema_version 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// A year, month or day (`2017`, `2017-09`, `2017-09-27`).
    Date(PartialDate),
    /// The first (`second == false`, `2019-H1`) or second (`2019-H2`) half of a year.
    Half {
        /// The year.
        year: i32,
        /// True for July to December.
        second: bool,
    },
    /// From one date to another (`{"from": D, "to": D}`), or open-ended
    /// ("since D", `{"from": D}`) when `to` is `None`.
    Period {
        /// First date of the period (its first day is the period's first day).
        from: PartialDate,
        /// Last date of the period (its last day is the period's last day); `None`: still going.
        to: Option<PartialDate>,
    },
}

impl From<PartialDate> for When {
    fn from(date: PartialDate) -> When {
        When::Date(date)
    }
}

impl When {
    /// Reads a date string: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a half year
    /// `YYYY-H1` / `YYYY-H2`. Periods are objects and are read by the validator.
    pub fn parse(text: &str) -> Option<When> {
        if let Some(date) = PartialDate::parse(text) {
            return Some(When::Date(date));
        }
        let (year, half) = text.split_once('-')?;
        let second = match half {
            "H1" => false,
            "H2" => true,
            _ => return None,
        };
        (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
            .then(|| year.parse().ok())
            .flatten()
            .map(|year| When::Half { year, second })
    }

    /// The single date, when this is one (not a half year or a period).
    pub fn as_date(&self) -> Option<PartialDate> {
        match self {
            When::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// True for a period (`{"from", "to"}` or open-ended).
    pub fn is_period(&self) -> bool {
        matches!(self, When::Period { .. })
    }

    /// True for an open-ended period ("since D").
    pub fn is_open(&self) -> bool {
        matches!(self, When::Period { to: None, .. })
    }

    /// True for a single day: the only kind of date a chart draws as a point, not a span.
    pub fn is_day(&self) -> bool {
        matches!(self, When::Date(d) if d.precision() == Precision::Day)
    }

    /// How precise the date is; for a period, the precision of its start.
    pub fn precision(&self) -> Precision {
        match self {
            When::Date(d) => d.precision(),
            When::Half { .. } => Precision::Half,
            When::Period { from, .. } => from.precision(),
        }
    }

    /// The first day covered.
    pub fn first_day(&self) -> (i32, u8, u8) {
        match self {
            When::Date(d) => d.first_day(),
            When::Half { year, second } => (*year, if *second { 7 } else { 1 }, 1),
            When::Period { from, .. } => from.first_day(),
        }
    }

    /// The last day covered. An open-ended period has no last day: this is
    /// the last day of its start (callers that draw "since" to a chart's end
    /// check [`When::is_open`]).
    pub fn last_day(&self) -> (i32, u8, u8) {
        match self {
            When::Date(d) => d.last_day(),
            When::Half { year, second } => {
                if *second {
                    (*year, 12, 31)
                } else {
                    (*year, 6, 30)
                }
            }
            When::Period { from, to } => to.unwrap_or(*from).last_day(),
        }
    }

    /// Days since 1970-01-01 of the first day covered.
    pub fn day_number(&self) -> i64 {
        let (y, m, d) = self.first_day();
        days_from_civil(y, m, d)
    }

    /// Days since 1970-01-01 of the last day covered (see [`When::last_day`]).
    pub fn last_day_number(&self) -> i64 {
        let (y, m, d) = self.last_day();
        days_from_civil(y, m, d)
    }

    /// Days since 1970-01-01 of the middle of what is covered.
    pub fn mid_day_number(&self) -> f64 {
        (self.day_number() as f64 + self.last_day_number() as f64) / 2.0
    }

    /// English text: `27 September 2017`, `second half of 2019`,
    /// `November 2019 – February 2020`, `since 5 August 2017`.
    pub fn display_en(&self) -> String {
        match self {
            When::Date(d) => d.display_en(),
            When::Half { year, second } => {
                format!(
                    "{} half of {year}",
                    if *second { "second" } else { "first" }
                )
            }
            When::Period { from, to: Some(to) } => {
                format!("{} \u{2013} {}", from.display_en(), to.display_en())
            }
            When::Period { from, to: None } => format!("since {}", from.display_en()),
        }
    }

    /// Short English text: `27 Sep 2017`, `H2 2019`, `Nov 2019 – Feb 2020`, `since 5 Aug 2017`.
    pub fn display_short_en(&self) -> String {
        match self {
            When::Date(d) => d.display_short_en(),
            When::Half { year, second } => format!("H{} {year}", if *second { 2 } else { 1 }),
            When::Period { from, to: Some(to) } => {
                format!(
                    "{} \u{2013} {}",
                    from.display_short_en(),
                    to.display_short_en()
                )
            }
            When::Period { from, to: None } => format!("since {}", from.display_short_en()),
        }
    }

    /// Where this sorts among values with the same first day: year, half
    /// year, month, day, period, open period (0 to 5).
    pub(crate) fn rank(&self) -> u8 {
        match self {
            When::Date(d) => match d.precision() {
                Precision::Year => 0,
                Precision::Half => 1,
                Precision::Month => 2,
                Precision::Day => 3,
            },
            When::Half { .. } => 1,
            When::Period { to: Some(_), .. } => 4,
            When::Period { to: None, .. } => 5,
        }
    }

    /// Sorts dates, half years and periods together: first day, then
    /// coarser first (a year, its half, its month, its day, then a period
    /// starting that day), then last day. For dates alone this is [`PartialDate`]'s order.
    fn sort_key(&self) -> WhenKey {
        let rank = self.rank();
        // Periods with the same days: the one written more coarsely first, so
        // that the order agrees with equality.
        let ends = match self {
            When::Period { from, to } => [
                from.precision(),
                to.map_or(Precision::Year, |t| t.precision()),
            ],
            _ => [Precision::Year; 2],
        };
        (self.first_day(), rank, self.last_day(), ends)
    }
}

/// What [`When`] sorts by: first day, rank, last day, precisions of a period's ends.
type WhenKey = ((i32, u8, u8), u8, (i32, u8, u8), [Precision; 2]);

impl Ord for When {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            // The common case, and the same order (see sort_key), without
            // working out both last days.
            (When::Date(a), When::Date(b)) => a.cmp(b),
            _ => self.sort_key().cmp(&other.sort_key()),
        }
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for When {
    /// A one-string form: `2017-09`, `2019-H2`, `2019-11/2020-02` and
    /// `2017-08-05/..` for an open end (ISO 8601-2 interval notation).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Date(d) => write!(f, "{d}"),
            When::Half { year, second } => write!(f, "{year:04}-H{}", if *second { 2 } else { 1 }),
            When::Period { from, to: Some(to) } => write!(f, "{from}/{to}"),
            When::Period { from, to: None } => write!(f, "{from}/.."),
        }
    }
}

impl Serialize for When {
    /// The JSON form it is read from: a string, or `{"from", "to"}` for a period.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            When::Period { from, to } => {
                let mut s = serializer.serialize_struct("Period", 2)?;
                s.serialize_field("from", from)?;
                if let Some(to) = to {
                    s.serialize_field("to", to)?;
                }
                s.end()
            }
            other => serializer.collect_str(other),
        }
    }
}

/// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Orders by first day covered, then coarser precision first (2017 before 2017-01).
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then(self.precision().cmp(&other.precision()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    /// The JSON form: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                crate::error::quote(&text)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            PartialDate::parse("2017").map(|d| d.precision()),
            Some(Precision::Year)
        );
        assert_eq!(
            PartialDate::parse("2017-01").map(|d| d.precision()),
            Some(Precision::Month)
        );
        assert_eq!(
            PartialDate::parse("2017-09-27").map(|d| d.precision()),
            Some(Precision::Day)
        );
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2017-13-01",
            "2017-02-29",
            "2017-00",
            "2017-04-31",
            "17-01-01",
            "2017-1-1",
            "2017-01-01-01",
            "",
            "abcd",
            "2017-01-",
            "+017",
            "2017-09-27T00:00",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
        assert!(PartialDate::parse("2016-02-29").is_some());
    }

    #[test]
    fn orders_by_first_day_then_precision() {
        let y = PartialDate::parse("2017").unwrap();
        let m = PartialDate::parse("2017-01").unwrap();
        let d = PartialDate::parse("2017-01-01").unwrap();
        let later = PartialDate::parse("2016-12-31").unwrap();
        assert!(later < y && y < m && m < d);
    }

    #[test]
    fn round_trips_and_displays() {
        for s in ["2014", "2016-07", "2017-09-27"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            PartialDate::parse("2016-07").unwrap().display_en(),
            "July 2016"
        );
        assert_eq!(
            PartialDate::parse("2017-09-27").unwrap().display_short_en(),
            "27 Sep 2017"
        );
        assert_eq!(PartialDate::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(
            PartialDate::parse("2017-08-05").unwrap().day_number(),
            17383
        );
    }

    #[test]
    fn reads_half_years_and_nothing_else_as_when() {
        assert_eq!(
            When::parse("2019-H2"),
            Some(When::Half {
                year: 2019,
                second: true
            })
        );
        assert_eq!(
            When::parse("2017-09"),
            PartialDate::parse("2017-09").map(When::Date)
        );
        for bad in [
            "2019-H3",
            "2019-h1",
            "19-H1",
            "2019-H1-01",
            "H1",
            "2019-",
            "+019-H1",
        ] {
            assert_eq!(When::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn when_covers_its_days_and_reads_in_english() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        let half = When::parse("2019-H1").unwrap();
        assert_eq!(
            (half.first_day(), half.last_day()),
            ((2019, 1, 1), (2019, 6, 30))
        );
        assert_eq!(half.display_en(), "first half of 2019");
        assert_eq!(half.display_short_en(), "H1 2019");
        assert_eq!(half.to_string(), "2019-H1");
        assert_eq!(half.precision(), Precision::Half);
        let period = When::Period {
            from: d("2019-11"),
            to: Some(d("2020-02")),
        };
        assert_eq!(period.first_day(), (2019, 11, 1));
        assert_eq!(period.last_day(), (2020, 2, 29));
        assert_eq!(period.display_en(), "November 2019 \u{2013} February 2020");
        assert_eq!(period.display_short_en(), "Nov 2019 \u{2013} Feb 2020");
        assert_eq!(period.to_string(), "2019-11/2020-02");
        assert!(period.is_period() && !period.is_open() && !period.is_day());
        let since = When::Period {
            from: d("2017-08-05"),
            to: None,
        };
        assert_eq!(since.display_en(), "since 5 August 2017");
        assert_eq!(since.display_short_en(), "since 5 Aug 2017");
        assert_eq!(since.to_string(), "2017-08-05/..");
        assert_eq!(since.last_day_number(), since.day_number());
        assert!(since.is_open());
        assert!(When::Date(d("2017-08-05")).is_day());
        assert_eq!(
            serde_json::to_value(period).unwrap(),
            serde_json::json!({"from": "2019-11", "to": "2020-02"})
        );
        assert_eq!(
            serde_json::to_value(since).unwrap(),
            serde_json::json!({"from": "2017-08-05"})
        );
        assert_eq!(
            serde_json::to_value(half).unwrap(),
            serde_json::json!("2019-H1")
        );
        assert_eq!(
            When::Date(d("2017-09")).mid_day_number(),
            d("2017-09").mid_day_number()
        );
    }

    #[test]
    fn when_orders_like_dates_then_halves_and_periods() {
        let w = |s: &str| When::parse(s).unwrap();
        let period = |a: &str, b: Option<&str>| When::Period {
            from: PartialDate::parse(a).unwrap(),
            to: b.map(|b| PartialDate::parse(b).unwrap()),
        };
        let ordered = [
            w("2018-12-31"),
            w("2019"),
            w("2019-H1"),
            w("2019-01"),
            w("2019-01-01"),
            period("2019-01", Some("2019-01-02")),
            period("2019-01-01", Some("2019-01-02")),
            period("2019-01-01", Some("2019-03")),
            period("2019-01-01", None),
            w("2019-H2"),
        ];
        for pair in ordered.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
        // Dates alone keep PartialDate's order, and the order of the key
        // the other kinds sort by (Ord compares two dates directly).
        let dates: Vec<PartialDate> = [
            "2016",
            "2016-12",
            "2016-12-31",
            "2017",
            "2017-01",
            "2017-01-01",
            "2017-02-28",
            "2017-12",
            "2017-12-31",
            "2018",
        ]
        .iter()
        .filter_map(|s| PartialDate::parse(s))
        .collect();
        for a in &dates {
            for b in &dates {
                let (wa, wb) = (When::Date(*a), When::Date(*b));
                assert_eq!(wa.cmp(&wb), wa.sort_key().cmp(&wb.sort_key()), "{a} vs {b}");
            }
        }
        for (a, b) in [("2017", "2017-01"), ("2016-12-31", "2017")] {
            assert_eq!(
                w(a).cmp(&w(b)),
                PartialDate::parse(a).cmp(&PartialDate::parse(b))
            );
        }
    }
}
