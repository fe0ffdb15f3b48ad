//! Opening hours: sessions per weekday (with breaks, restricted to some weeks of the month
//! or to some counters), and closures as rules (national holidays, a yearly range such as
//! the year-end holidays, a date, or "the 3rd Sunday" for a monthly system-maintenance
//! day). [`opening_at`] says whether a counter is open at a JST date-time;
//! [`next_opening`] when it next opens, skipping closures.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use super::calendar::{Date, LocalDateTime, Time, Weekday, is_national_holiday};
use super::rules::{Place, Rules, RulesProblem};

/// How far ahead [`next_opening`] looks.
const LOOKAHEAD_DAYS: i64 = 400;

/// A counter's hours.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// Days the counters are closed, whatever the sessions say.
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// When the counters are open.
    pub sessions: Vec<Session>,
}

/// One opening session, e.g. weekdays 09:00–17:00 with a lunch break.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The weekdays (`mon` … `sun`).
    pub days: Vec<Weekday>,
    /// From and to, e.g. `09:00-17:00` (the end is when the counter stops taking people).
    pub open: TimeRange,
    /// Breaks within the session, e.g. `["12:00-13:00"]`.
    #[serde(default)]
    pub breaks: Vec<TimeRange>,
    /// Only on these occurrences of the weekday in the month (`1st` … `5th`, `last`);
    /// empty: every week.
    #[serde(default)]
    pub weeks: Vec<Nth>,
    /// Only at these counters (place ids); empty: every counter.
    #[serde(default)]
    pub places: Vec<String>,
    /// An extra session (an evening or a Sunday), as opposed to the regular hours.
    #[serde(default)]
    pub extra: bool,
}

/// A time range within a day, written `HH:MM-HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    /// The start.
    pub from: Time,
    /// The end (exclusive).
    pub to: Time,
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.from, self.to)
    }
}

impl FromStr for TimeRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a time range: write HH:MM-HH:MM, e.g. 09:00-17:00");
        let (from, to) = text.split_once('-').ok_or_else(bad)?;
        let from = Time::parse(from.trim()).ok_or_else(bad)?;
        let to = Time::parse(to.trim()).ok_or_else(bad)?;
        Ok(TimeRange { from, to })
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// An occurrence of a weekday in its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Nth {
    /// The first … fifth (1–5).
    Number(u8),
    /// The last.
    Last,
}

impl Nth {
    /// Whether `date` is this occurrence of its weekday.
    pub fn matches(self, date: Date) -> bool {
        match self {
            Nth::Number(nth) => date.nth_in_month() == nth,
            Nth::Last => date.is_last_in_month(),
        }
    }
}

impl FromStr for Nth {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "1st" => Ok(Nth::Number(1)),
            "2nd" => Ok(Nth::Number(2)),
            "3rd" => Ok(Nth::Number(3)),
            "4th" => Ok(Nth::Number(4)),
            "5th" => Ok(Nth::Number(5)),
            "last" => Ok(Nth::Last),
            _ => Err(format!(
                "`{text}` is not a week: write 1st, 2nd, 3rd, 4th, 5th or last"
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Nth {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A rule for days the counters are closed. Written as a string:
/// `national-holidays`, `YYYY-MM-DD` (one date), `MM-DD..MM-DD` (every year, e.g.
/// `12-29..01-03`), or `<nth> <weekday>` (every month, e.g. `3rd sun`, `last fri`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Closure {
    /// 国民の祝日 and the holidays of the Act (substitute and citizens' holidays).
    NationalHolidays,
    /// One date.
    Date(Date),
    /// Every year from one month-day to another (wrapping over the new year).
    Yearly {
        /// (month, day) of the first closed day.
        from: (u8, u8),
        /// (month, day) of the last closed day.
        to: (u8, u8),
    },
    /// Every month, e.g. the 3rd Sunday (a system-maintenance day).
    Monthly {
        /// Which occurrence.
        nth: Nth,
        /// Of which weekday.
        day: Weekday,
    },
}

impl Closure {
    /// Whether the counters are closed on `date` by this rule.
    pub fn closes(self, date: Date) -> bool {
        match self {
            Closure::NationalHolidays => is_national_holiday(date),
            Closure::Date(closed) => closed == date,
            Closure::Yearly { from, to } => {
                let day = (date.month(), date.day());
                if from <= to {
                    from <= day && day <= to
                } else {
                    day >= from || day <= to
                }
            }
            Closure::Monthly { nth, day } => date.weekday() == day && nth.matches(date),
        }
    }
}

/// `MM-DD`.
fn month_day(text: &str) -> Option<(u8, u8)> {
    let date = Date::parse(&format!("2000-{text}"))?;
    Some((date.month(), date.day()))
}

impl FromStr for Closure {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text == "national-holidays" {
            return Ok(Closure::NationalHolidays);
        }
        if let Some(date) = Date::parse(text) {
            return Ok(Closure::Date(date));
        }
        if let Some((from, to)) = text.split_once("..")
            && let (Some(from), Some(to)) = (month_day(from), month_day(to))
        {
            return Ok(Closure::Yearly { from, to });
        }
        if let Some((nth, day)) = text.split_once(' ')
            && let (Ok(nth), Some(day)) = (nth.parse(), Weekday::from_name(day))
        {
            return Ok(Closure::Monthly { nth, day });
        }
        Err(format!(
            "`{text}` is not a closure: write national-holidays, YYYY-MM-DD, MM-DD..MM-DD or e.g. `3rd sun`"
        ))
    }
}

impl<'de> Deserialize<'de> for Closure {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl Hours {
    /// Consistency: ranges that end after they start, sessions with days, known places.
    pub(crate) fn check(&self, places: &[Place]) -> Result<(), (String, RulesProblem)> {
        for (index, session) in self.sessions.iter().enumerate() {
            let field = |leaf: &str| format!("sessions[{index}].{leaf}");
            if session.days.is_empty() {
                return Err((field("days"), RulesProblem::NoDays));
            }
            let ranges = std::iter::once(&session.open).chain(&session.breaks);
            if ranges.into_iter().any(|range| range.from >= range.to) {
                return Err((field("open"), RulesProblem::EmptyRange));
            }
            if let Some(unknown) = session
                .places
                .iter()
                .position(|id| !places.iter().any(|place| &place.id == id))
            {
                return Err((
                    format!("sessions[{index}].places[{unknown}]"),
                    RulesProblem::UnknownPlace,
                ));
            }
        }
        Ok(())
    }

    /// Whether a closure rule closes `date`.
    pub fn closed_on(&self, date: Date) -> bool {
        self.closures.iter().any(|closure| closure.closes(date))
    }

    /// The open intervals of `date` (minutes from midnight, sorted and merged) at the
    /// counter `place` (any counter when `None`).
    pub fn intervals(&self, date: Date, place: Option<&str>) -> Vec<(u16, u16)> {
        if self.closed_on(date) {
            return Vec::new();
        }
        let mut pieces: Vec<(u16, u16)> = Vec::new();
        for session in &self.sessions {
            let on_day = session.days.contains(&date.weekday())
                && (session.weeks.is_empty() || session.weeks.iter().any(|nth| nth.matches(date)));
            let at_place = match place {
                Some(place) => {
                    session.places.is_empty() || session.places.iter().any(|p| p == place)
                }
                None => true,
            };
            if !on_day || !at_place {
                continue;
            }
            let mut parts = vec![(session.open.from.minutes(), session.open.to.minutes())];
            for pause in &session.breaks {
                let (start, end) = (pause.from.minutes(), pause.to.minutes());
                parts = parts
                    .into_iter()
                    .flat_map(|(from, to)| {
                        [(from, to.min(start)), (from.max(end), to)]
                            .into_iter()
                            .filter(|(from, to)| from < to)
                    })
                    .collect();
            }
            pieces.extend(parts);
        }
        pieces.sort_unstable();
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for (from, to) in pieces {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        merged
    }
}

/// Whether a counter is open at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// Open, until this time (the end of the current interval).
    Open {
        /// When it closes (or pauses).
        until: Time,
    },
    /// Closed.
    Closed,
    /// The rules give no hours.
    Unknown,
}

/// Whether the counter `place` (any when `None`) is open at `at`.
pub fn opening_at(rules: &Rules, place: Option<&str>, at: LocalDateTime) -> Opening {
    let Some(hours) = &rules.hours else {
        return Opening::Unknown;
    };
    let now = at.time.minutes();
    hours
        .intervals(at.date, place)
        .into_iter()
        .find(|(from, to)| *from <= now && now < *to)
        .and_then(|(_, to)| Time::new(u8::try_from(to / 60).ok()?, u8::try_from(to % 60).ok()?))
        .map_or(Opening::Closed, |until| Opening::Open { until })
}

/// The first moment at or after `at` when the counter `place` (any when `None`) is open,
/// within about a year; `None` when the rules give no hours or none open in that time.
pub fn next_opening(
    rules: &Rules,
    place: Option<&str>,
    at: LocalDateTime,
) -> Option<LocalDateTime> {
    let hours = rules.hours.as_ref()?;
    let now = at.time.minutes();
    for offset in 0..LOOKAHEAD_DAYS {
        let date = at.date.add_days(offset);
        for (from, to) in hours.intervals(date, place) {
            let start = if offset == 0 {
                if to <= now {
                    continue;
                }
                from.max(now)
            } else {
                from
            };
            let time = Time::new(
                u8::try_from(start / 60).ok()?,
                u8::try_from(start % 60).ok()?,
            )?;
            return Some(LocalDateTime { date, time });
        }
    }
    None
}
