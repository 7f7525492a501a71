//! Words for people: dates and spans of time as a person says them ("25 May 2024", "2 years
//! 6 months ago"). Used in advice, which is read, not parsed; messages and JSON keep ISO dates.

use chrono::{Datelike, Months, NaiveDate};

const MONTHS: [&str; 12] = [
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

/// `25 May 2024`: day, English month name, year; no zero padding, no weekday.
pub fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `n unit` / `n units`.
fn count(n: u32, unit: &str) -> String {
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The time from `from` to `to` (`from <= to`) in the largest units that say it: years and
/// months from one month on ("2 years 6 months", "1 year", "3 months"), else days ("18 days").
///
/// Whole months are calendar months counted with chrono's `checked_add_months`, which ends a
/// month at the last day of a shorter one: 31 January + 1 month is 29 February in 2024 (so one
/// month has passed on 29 February), and 29 February 2024 + 12 months is 28 February 2025.
pub fn span(from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let mut months = 0u32;
    while from
        .checked_add_months(Months::new(months + 1))
        .is_some_and(|d| d <= to)
    {
        months += 1;
    }
    if months == 0 {
        return count((to - from).num_days() as u32, "day");
    }
    let (years, months) = (months / 12, months % 12);
    match (years, months) {
        (0, m) => count(m, "month"),
        (y, 0) => count(y, "year"),
        (y, m) => format!("{} {}", count(y, "year"), count(m, "month")),
    }
}

/// How `d` stands relative to `today`: "2 years 6 months ago", "in 18 days", "today".
pub fn relative(d: NaiveDate, today: NaiveDate) -> String {
    if d == today {
        "today".to_string()
    } else if d < today {
        format!("{} ago", span(d, today))
    } else {
        format!("in {}", span(today, d))
    }
}

/// A date and where it stands: "25 May 2024 (2 years 6 months ago)".
pub fn dated(d: NaiveDate, today: NaiveDate) -> String {
    format!("{} ({})", date(d), relative(d, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(date(d("2024-05-25")), "25 May 2024");
        assert_eq!(date(d("2031-01-01")), "1 January 2031");
    }

    #[test]
    fn spans_use_years_and_months_then_days() {
        assert_eq!(
            dated(d("2024-05-25"), d("2026-11-22")),
            "25 May 2024 (2 years 5 months ago)"
        );
        assert_eq!(
            relative(d("2024-05-22"), d("2026-11-22")),
            "2 years 6 months ago"
        );
        assert_eq!(relative(d("2026-12-10"), d("2026-11-22")), "in 18 days");
        assert_eq!(relative(d("2025-11-22"), d("2026-11-22")), "1 year ago");
        assert_eq!(relative(d("2026-11-21"), d("2026-11-22")), "1 day ago");
        assert_eq!(relative(d("2026-11-22"), d("2026-11-22")), "today");
        assert_eq!(relative(d("2027-02-22"), d("2026-11-22")), "in 3 months");
    }

    #[test]
    fn month_ends_and_leap_days() {
        // 31 January + 1 month ends on the last day of February
        assert_eq!(span(d("2024-01-31"), d("2024-02-28")), "28 days");
        assert_eq!(span(d("2024-01-31"), d("2024-02-29")), "1 month");
        assert_eq!(span(d("2023-01-31"), d("2023-02-28")), "1 month");
        // a leap day's year ends on 28 February
        assert_eq!(span(d("2024-02-29"), d("2025-02-28")), "1 year");
        assert_eq!(span(d("2024-02-29"), d("2025-02-27")), "11 months");
        assert_eq!(span(d("2024-02-29"), d("2028-02-29")), "4 years");
        // order does not matter
        assert_eq!(span(d("2026-11-22"), d("2024-05-22")), "2 years 6 months");
    }
}
