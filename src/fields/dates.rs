//! Dates: the century of an MRZ date, and comparing the typed date of birth with the
//! document's (`dob`), with a day/month swap detected and said. Dates printed in the visual
//! zone are found by [`crate::read::dates`].

use crate::codes::Code;
use crate::finding::Finding;
use chrono::{Datelike, NaiveDate};

/// Which date of a document a string holds; decides the century of a two-digit year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// In the past: the most recent century that puts it on or before today.
    Birth,
    /// Usually in the future: within [`EXPIRY_YEARS_AHEAD`] years after today, else the century
    /// before (an expired document).
    Expiry,
    /// In the past, like a birth date.
    Issue,
}

/// How far in the future a two-digit expiry year may lie. Identity documents are valid for at
/// most 10 years from issue (ICAO 9303 practice for passports; REFERENCE.md "expiry within ~10
/// years of issue"), some national cards and licences 15; 20 leaves room for those and puts a
/// date further ahead in the century before (an ICAO specimen visa that expired in 1996 was read
/// as expiring in 2096 under a 50-year window).
pub const EXPIRY_YEARS_AHEAD: i32 = 20;

/// Resolves a two-digit year for a date of `kind` relative to `today`.
fn full_year(yy: u32, month: u32, day: u32, kind: DateKind, today: NaiveDate) -> Option<NaiveDate> {
    let century = today.year().div_euclid(100) * 100;
    let candidates = [century - 100, century, century + 100]
        .into_iter()
        .filter_map(|c| NaiveDate::from_ymd_opt(c + yy as i32, month, day));
    match kind {
        DateKind::Birth | DateKind::Issue => candidates.filter(|d| *d <= today).max(),
        DateKind::Expiry => candidates
            .filter(|d| d.year() <= today.year() + EXPIRY_YEARS_AHEAD)
            .max(),
    }
}

/// Parses an MRZ date field `YYMMDD` (ICAO 9303: no century), resolving the century from the
/// kind of date and `today`: a birth or issue date is the latest one on or before today; an
/// expiry date the latest one no more than [`EXPIRY_YEARS_AHEAD`] years ahead. `None` for
/// fillers (`<`, unknown parts) or an impossible date.
pub fn mrz_date(yymmdd: &str, kind: DateKind, today: NaiveDate) -> Option<NaiveDate> {
    let s = yymmdd.trim();
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    full_year(n(0..2)?, n(2..4)?, n(4..6)?, kind, today)
}

/// The same date with day and month exchanged, if that is a different, valid date.
pub fn swapped_day_month(date: NaiveDate) -> Option<NaiveDate> {
    if date.day() == date.month() {
        return None;
    }
    NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())
}

/// The `dob` check: the typed date of birth against the document's, as dates.
pub fn check_dob(typed: Option<NaiveDate>, doc: Option<NaiveDate>, doc_source: &str) -> Finding {
    const CHECK: &str = "dob";
    let Some(typed) = typed else {
        return Finding::skipped(CHECK, "no --dob given");
    };
    let Some(doc) = doc else {
        return Finding::skipped(
            CHECK,
            "the date of birth could not be read from the document",
        );
    };
    if typed == doc {
        return Finding::pass(CHECK, format!("date of birth {typed} matches {doc_source}"));
    }
    let advice = format!("Type the date of birth as {doc} (YYYY-MM-DD), not {typed}.");
    if swapped_day_month(typed) == Some(doc) {
        return Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "day and month of birth are swapped: the document says {} (day {}, month {}); type {doc}, not {typed}",
                doc,
                doc.day(),
                doc.month()
            ),
        )
        .with_advice(advice);
    }
    let mut parts = Vec::new();
    if typed.year() != doc.year() {
        parts.push(format!("year {} vs {}", typed.year(), doc.year()));
    }
    if typed.month() != doc.month() {
        parts.push(format!("month {:02} vs {:02}", typed.month(), doc.month()));
    }
    if typed.day() != doc.day() {
        parts.push(format!("day {:02} vs {:02}", typed.day(), doc.day()));
    }
    Finding::fail(
        CHECK,
        Code::E005,
        format!(
            "date of birth typed {typed}, {doc_source} says {doc} ({})",
            parts.join(", ")
        ),
    )
    .with_advice(advice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const TODAY: &str = "2026-11-22";

    #[test]
    fn mrz_century_resolution() {
        let today = d(TODAY);
        assert_eq!(
            mrz_date("740812", DateKind::Birth, today),
            Some(d("1974-08-12"))
        );
        assert_eq!(
            mrz_date("100314", DateKind::Birth, today),
            Some(d("2010-03-14"))
        );
        // Born on `today`'s month/day but in 2026 would be fine; 261123 is tomorrow → 1926.
        assert_eq!(
            mrz_date("261122", DateKind::Birth, today),
            Some(d("2026-11-22"))
        );
        assert_eq!(
            mrz_date("261123", DateKind::Birth, today),
            Some(d("1926-11-23"))
        );
        assert_eq!(
            mrz_date("310415", DateKind::Expiry, today),
            Some(d("2031-04-15"))
        );
        assert_eq!(
            mrz_date("250612", DateKind::Expiry, today),
            Some(d("2025-06-12"))
        );
        assert_eq!(
            mrz_date("460101", DateKind::Expiry, today),
            Some(d("2046-01-01"))
        );
        assert_eq!(
            mrz_date("470101", DateKind::Expiry, today),
            Some(d("1947-01-01"))
        );
        // An ICAO specimen visa that expired in 1996 (regression: read as 2096).
        assert_eq!(
            mrz_date("960101", DateKind::Expiry, today),
            Some(d("1996-01-01"))
        );
        assert_eq!(
            mrz_date("210416", DateKind::Issue, today),
            Some(d("2021-04-16"))
        );
        // Leap day: 1900 was not a leap year, 2000 was.
        assert_eq!(
            mrz_date("000229", DateKind::Birth, today),
            Some(d("2000-02-29"))
        );
        assert_eq!(
            mrz_date("960229", DateKind::Birth, today),
            Some(d("1996-02-29"))
        );
        for bad in ["74<<<<", "741312", "740832", "7408", "74081a"] {
            assert_eq!(mrz_date(bad, DateKind::Birth, today), None, "{bad}");
        }
    }

    #[test]
    fn dob_swap_is_detected_and_said() {
        let f = check_dob(Some(d("1974-12-08")), Some(d("1974-08-12")), "the document");
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.code, Some(Code::E005));
        assert!(
            f.message.contains("type 1974-08-12, not 1974-12-08"),
            "{}",
            f.message
        );
        assert!(f.advice.unwrap().contains("1974-08-12"));
        let f = check_dob(Some(d("1975-08-12")), Some(d("1974-08-12")), "the document");
        assert!(f.message.contains("year 1975 vs 1974"), "{}", f.message);
        assert_eq!(
            check_dob(Some(d("1974-08-12")), Some(d("1974-08-12")), "the document").status,
            Status::Pass
        );
        assert_eq!(
            check_dob(None, Some(d("1974-08-12")), "x").status,
            Status::Skipped
        );
        assert_eq!(
            check_dob(Some(d("1974-08-12")), None, "x").status,
            Status::Skipped
        );
        assert_eq!(swapped_day_month(d("1974-08-08")), None);
        assert_eq!(swapped_day_month(d("1974-08-13")), None);
    }
}
