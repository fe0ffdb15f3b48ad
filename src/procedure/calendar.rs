//! Civil dates and times of day in Japan Standard Time (JST, UTC+9, no daylight saving),
//! the weekday of a date, its place in the month ("the 3rd Sunday"), and Japan's national
//! holidays (国民の祝日, with substitute holidays and citizens' holidays).
//!
//! No time-zone database and no clock: a front end passes "now" (e.g. through
//! [`LocalDateTime::from_unix_seconds`]); everything here is arithmetic on the proleptic
//! Gregorian calendar. The holiday rules are those of the Act on National Holidays as
//! amended up to 2018 (Mountain Day from 2016, the Emperor's Birthday on 23 February from
//! 2020) with the one-off dates of 2019, 2020 and 2021; the equinox formula holds for
//! 1980–2099, so [`is_national_holiday`] is meant for 2007–2099.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weekday {
    /// Monday (月).
    Mon,
    /// Tuesday (火).
    Tue,
    /// Wednesday (水).
    Wed,
    /// Thursday (木).
    Thu,
    /// Friday (金).
    Fri,
    /// Saturday (土).
    Sat,
    /// Sunday (日).
    Sun,
}

impl Weekday {
    /// Monday to Sunday.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The three-letter name used in rules files (`mon` … `sun`).
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// The weekday named `mon` … `sun`.
    pub fn from_name(name: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|day| day.name() == name)
    }
}

/// A civil date (year, month 1–12, day 1–31), always valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Days in `month` of `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// The date, if it exists (years 1–9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let year = parse_digits(parts.next()?, 4)?;
        let month = parse_digits(parts.next()?, 2)?;
        let day = parse_digits(parts.next()?, 2)?;
        if parts.next().is_some() {
            return None;
        }
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (H. Hinnant's civil-from-days, inverted).
    fn days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01 (clamped to years 1–9999), in the proleptic
    /// Gregorian calendar (H. Hinnant's days-to-civil algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        let year = i32::try_from(year.clamp(1, 9999)).unwrap_or(9999);
        Date {
            year,
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// The date `count` days later (earlier when negative).
    pub fn add_days(self, count: i64) -> Date {
        Date::from_days(self.days() + count)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        let index = (self.days() + 3).rem_euclid(7);
        Weekday::ALL[usize::try_from(index).unwrap_or(0)]
    }

    /// Which occurrence of its weekday in the month this is: 1 for the first, … 5.
    pub fn nth_in_month(self) -> u8 {
        (self.day - 1) / 7 + 1
    }

    /// Whether this is the last occurrence of its weekday in the month.
    pub fn is_last_in_month(self) -> bool {
        self.day + 7 > days_in_month(self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Exactly `width` ASCII digits.
fn parse_digits(text: &str, width: usize) -> Option<u32> {
    (text.len() == width && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A time of day in minutes, 00:00 to 24:00 (24:00 closes a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Time(u16);

impl Time {
    /// The time `hour:minute` (24:00 allowed).
    pub fn new(hour: u8, minute: u8) -> Option<Time> {
        let minutes = u16::from(hour) * 60 + u16::from(minute);
        (minute < 60 && minutes <= 24 * 60).then_some(Time(minutes))
    }

    /// `HH:MM` (also `H:MM`).
    pub fn parse(text: &str) -> Option<Time> {
        let (hour, minute) = text.split_once(':')?;
        if hour.is_empty() || hour.len() > 2 || !hour.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let minute = parse_digits(minute, 2)?;
        Time::new(hour.parse().ok()?, u8::try_from(minute).ok()?)
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A local date and time in JST, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalDateTime {
    /// The date.
    pub date: Date,
    /// The time of day (below 24:00).
    pub time: Time,
}

impl LocalDateTime {
    /// `YYYY-MM-DDTHH:MM` (a space may replace the `T`; `:SS` is accepted and dropped).
    pub fn parse(text: &str) -> Option<LocalDateTime> {
        let (date, time) = text.split_once(['T', ' '])?;
        let date = Date::parse(date)?;
        let time = match time.len() {
            8 => time.get(..5).filter(|_| {
                time.as_bytes().get(5) == Some(&b':') && parse_digits(&time[6..], 2).is_some()
            })?,
            _ => time,
        };
        let time = Time::parse(time).filter(|time| time.minutes() < 24 * 60)?;
        Some(LocalDateTime { date, time })
    }

    /// The JST date and time of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: i64) -> LocalDateTime {
        let local = seconds.saturating_add(9 * 3600);
        let date = Date::from_days(local.div_euclid(86_400));
        let minutes = u16::try_from(local.rem_euclid(86_400) / 60).unwrap_or(0);
        LocalDateTime {
            date,
            time: Time(minutes),
        }
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

/// The `nth` (1–5) `weekday` of a month, if the month has one.
fn nth_weekday(year: i32, month: u8, nth: u8, weekday: Weekday) -> Option<Date> {
    let first = Date::new(year, month, 1)?;
    let offset = (weekday as i64 - first.weekday() as i64).rem_euclid(7);
    let date = first.add_days(offset + 7 * (i64::from(nth) - 1));
    (date.month == month).then_some(date)
}

/// 春分の日 and 秋分の日 (the usual formula, valid 1980–2099).
fn equinox_day(year: i32, autumn: bool) -> u8 {
    let years = i64::from(year) - 1980;
    let base: i64 = if autumn { 23_248_800 } else { 20_843_100 };
    let day = (base + 242_194 * years) / 1_000_000 - years.div_euclid(4);
    u8::try_from(day).unwrap_or(20)
}

/// A national holiday by the Act itself (not a substitute or citizens' holiday).
fn is_named_holiday(date: Date) -> bool {
    let (year, month, day) = (date.year, date.month, date.day);
    let monday = |nth| nth_weekday(year, month, nth, Weekday::Mon) == Some(date);
    match (year, month, day) {
        // One-off days: the 2019 enthronement, the 2020 and 2021 Olympic moves.
        (2019, 4, 30) | (2019, 5, 1) | (2019, 5, 2) | (2019, 10, 22) => return true,
        (2020, 7, 23) | (2020, 7, 24) | (2020, 8, 10) => return true,
        (2021, 7, 22) | (2021, 7, 23) | (2021, 8, 8) => return true,
        _ => {}
    }
    let olympic_year = year == 2020 || year == 2021;
    match month {
        1 => day == 1 || monday(2),
        2 => day == 11 || (day == 23 && year >= 2020),
        3 => day == equinox_day(year, false),
        4 => day == 29,
        5 => (3..=5).contains(&day),
        7 => monday(3) && !olympic_year,
        8 => day == 11 && year >= 2016 && !olympic_year,
        9 => monday(3) || day == equinox_day(year, true),
        10 => monday(2) && !olympic_year,
        11 => day == 3 || day == 23,
        12 => day == 23 && (1989..=2018).contains(&year),
        _ => false,
    }
}

/// Whether `date` is a national holiday or a holiday under the Act (振替休日: the first
/// non-holiday after a holiday on a Sunday; 国民の休日: a day between two holidays).
pub fn is_national_holiday(date: Date) -> bool {
    if is_named_holiday(date) {
        return true;
    }
    // Substitute holiday: walk back over consecutive holidays to one on a Sunday.
    let mut back = date.add_days(-1);
    while is_named_holiday(back) {
        if back.weekday() == Weekday::Sun {
            return true;
        }
        back = back.add_days(-1);
    }
    // Citizens' holiday.
    date.weekday() != Weekday::Sun
        && is_named_holiday(date.add_days(-1))
        && is_named_holiday(date.add_days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn weekdays_and_positions() {
        assert_eq!(date("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(date("2026-05-17").weekday(), Weekday::Sun);
        assert_eq!(date("2026-05-17").nth_in_month(), 3);
        assert!(date("2026-05-31").is_last_in_month());
        assert!(!date("2026-05-24").is_last_in_month());
        assert_eq!(date("2024-02-28").add_days(1), date("2024-02-29"));
        assert_eq!(date("2025-12-31").add_days(1), date("2026-01-01"));
    }

    #[test]
    fn parsing_rejects_what_does_not_exist() {
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-2-01").is_none());
        assert!(Date::parse("２０２６-01-01").is_none());
        assert!(Time::parse("24:01").is_none());
        assert!(Time::parse("9:60").is_none());
        assert_eq!(Time::parse("9:05").map(Time::minutes), Some(545));
        assert!(LocalDateTime::parse("2026-05-07T24:00").is_none());
        assert_eq!(
            LocalDateTime::parse("2026-05-07 09:30:15").map(|at| at.to_string()),
            Some("2026-05-07T09:30".to_owned())
        );
    }

    #[test]
    fn unix_seconds_are_read_in_jst() {
        // 2026-11-26T21:40:07Z is 2026-11-27 06:40 in Japan.
        let at = LocalDateTime::from_unix_seconds(1_795_729_207);
        assert_eq!(at.to_string(), "2026-11-27T06:40");
    }

    #[test]
    fn national_holidays() {
        for holiday in [
            "2026-01-01", // 元日
            "2026-01-12", // 成人の日 (2nd Monday)
            "2026-02-11",
            "2026-02-23", // 天皇誕生日
            "2026-03-20", // 春分の日
            "2026-04-29",
            "2026-05-03",
            "2026-05-06", // 振替休日 (5 May… 3 May was a Sunday)
            "2026-07-20", // 海の日
            "2026-08-11",
            "2026-09-21", // 敬老の日
            "2026-09-22", // 国民の休日
            "2026-09-23", // 秋分の日
            "2026-10-12", // スポーツの日
            "2026-11-03",
            "2026-11-23",
            "2025-11-24", // 振替休日
            "2021-07-23", // Olympic move
            "2019-05-01",
        ] {
            assert!(is_national_holiday(date(holiday)), "{holiday}");
        }
        for ordinary in [
            "2026-05-07",
            "2026-12-23",
            "2026-07-13",
            "2020-10-12",
            "2026-09-24",
        ] {
            assert!(!is_national_holiday(date(ordinary)), "{ordinary}");
        }
    }
}
