//! The current UTC time as an ISO 8601 string, for trace headers and audit records (no
//! time-zone database needed: the library's calendar turns days since the epoch into a
//! date).

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DDTHH:MM:SSZ` for now.
pub fn utc_now() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    format_utc(seconds)
}

/// Now as Unix seconds, for judging certificate dates (`info`, `status`).
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970-01-01T00:00:00Z (the date from the
/// library's calendar, [`mynapin::procedure::calendar::Date::from_days`]).
pub fn format_utc(seconds: u64) -> String {
    let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX);
    let date = mynapin::procedure::calendar::Date::from_days(days);
    let of_day = seconds % 86_400;
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::format_utc;

    #[test]
    fn known_instants() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_795_729_207), "2026-11-26T21:40:07Z");
    }
}
