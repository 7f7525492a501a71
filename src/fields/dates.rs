//! Dates: parsing what documents print (visual zone and MRZ) and comparing the typed date of
//! birth with the document's (`dob`), with a day/month swap detected and said.

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

/// Month names and abbreviations as documents print them (upper case, diacritics folded):
/// English (ICAO 9303 Part 3 recommends English three-letter abbreviations), French (bilingual
/// passports print `AUG/AOÛT`), German, Spanish, Italian, Portuguese and Dutch.
const MONTHS: [&[&str]; 12] = [
    &[
        "JAN", "JANUARY", "JANV", "JANVIER", "JANUAR", "ENE", "ENERO", "GEN", "GENNAIO", "JANEIRO",
        "JANUARI",
    ],
    &[
        "FEB",
        "FEBRUARY",
        "FEV",
        "FEVR",
        "FEVRIER",
        "FEBRUAR",
        "FEBRERO",
        "FEBBRAIO",
        "FEVEREIRO",
        "FEBRUARI",
    ],
    &[
        "MAR", "MARCH", "MARS", "MAERZ", "MARZ", "MRZ", "MARZO", "MARCO", "MAART", "MRT",
    ],
    &["APR", "APRIL", "AVR", "AVRIL", "ABR", "ABRIL", "APRILE"],
    &["MAY", "MAI", "MAYO", "MAG", "MAGGIO", "MAIO", "MEI"],
    &[
        "JUN", "JUNE", "JUIN", "JUNI", "JUNIO", "GIU", "GIUGNO", "JUNHO",
    ],
    &[
        "JUL", "JULY", "JUIL", "JUILLET", "JULI", "JULIO", "LUG", "LUGLIO", "JULHO",
    ],
    &["AUG", "AUGUST", "AOU", "AOUT", "AGO", "AGOSTO", "AUGUSTUS"],
    &[
        "SEP",
        "SEPT",
        "SEPTEMBER",
        "SEPTEMBRE",
        "SEPTIEMBRE",
        "SET",
        "SETTEMBRE",
        "SETEMBRO",
    ],
    &[
        "OCT", "OCTOBER", "OCTOBRE", "OKT", "OKTOBER", "OCTUBRE", "OTT", "OTTOBRE", "OUT",
        "OUTUBRO",
    ],
    &["NOV", "NOVEMBER", "NOVEMBRE", "NOVIEMBRE", "NOVEMBRO"],
    &[
        "DEC",
        "DECEMBER",
        "DECEMBRE",
        "DEZ",
        "DEZEMBER",
        "DIC",
        "DICIEMBRE",
        "DICEMBRE",
        "DEZEMBRO",
    ],
];

/// The month (1–12) a printed month word names, if any.
fn month_number(word: &str) -> Option<u32> {
    let folded: String = word
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'É' | 'È' | 'Ê' => 'E',
            'Û' | 'Ü' | 'Ù' => 'U',
            'Ä' => 'A',
            'Ç' => 'C',
            c => c,
        })
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    MONTHS
        .iter()
        .position(|names| names.contains(&folded.as_str()))
        .map(|i| i as u32 + 1)
}

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

/// Parses a date as a document's visual zone prints it: `12 AUG 1974`, `12 AUG/AOÛT 74`,
/// `12.08.1974`, `12/08/1974`, `12-08-74`, `1974-08-12`, `1974.08.12`, `19740812`.
/// Numeric dates are day first (ICAO 9303 Part 3 and European practice); month first is
/// accepted only where day first is impossible (`08/25/1974`). Two-digit years are resolved
/// against the local clock's today; use [`parse_printed_date_on`] to give the day.
pub fn parse_printed_date(s: &str, kind: DateKind) -> Option<NaiveDate> {
    parse_printed_date_on(s, kind, chrono::Local::now().date_naive())
}

/// [`parse_printed_date`] with an explicit `today` for two-digit years.
pub fn parse_printed_date_on(s: &str, kind: DateKind, today: NaiveDate) -> Option<NaiveDate> {
    // Split into alternating runs of digits and letters; separators (space . / - ,) split too.
    let mut numbers: Vec<&str> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut order = String::new(); // 'n' or 'w' per token, to know where the month word stood
    let mut rest = s.trim();
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            numbers.push(&rest[..end]);
            order.push('n');
            rest = &rest[end..];
        } else if c.is_alphabetic() {
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            order.push('w');
            rest = &rest[end..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }

    if words.is_empty() {
        return parse_numeric(&numbers, kind, today);
    }
    // Day, month word(s) (bilingual `AUG/AOÛT` gives two that must agree), year.
    let months: Vec<u32> = words.iter().filter_map(|w| month_number(w)).collect();
    if months.len() != words.len() || months.iter().any(|m| *m != months[0]) {
        return None;
    }
    if numbers.len() != 2 {
        return None;
    }
    let month = months[0];
    // `12 AUG 1974` (day first) or `AUG 12 1974` / `AUG 12, 1974` (month first).
    let (day, year) = (numbers[0], numbers[1]);
    let day: u32 = day.parse().ok().filter(|_| day.len() <= 2)?;
    ymd(year, month, day, kind, today)
}

/// A date from its year text (2 or 4 digits), month and day.
fn ymd(year: &str, month: u32, day: u32, kind: DateKind, today: NaiveDate) -> Option<NaiveDate> {
    match year.len() {
        4 => NaiveDate::from_ymd_opt(year.parse().ok()?, month, day),
        2 => full_year(year.parse().ok()?, month, day, kind, today),
        _ => None,
    }
}

fn parse_numeric(numbers: &[&str], kind: DateKind, today: NaiveDate) -> Option<NaiveDate> {
    match numbers {
        // 19740812 (YYYYMMDD, as inside Chinese resident ID numbers) or 12081974 (DDMMYYYY).
        [one] if one.len() == 8 => {
            let n = |r: std::ops::Range<usize>| one[r].parse::<u32>().ok();
            let year_first = NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?)
                .filter(|d| d.year() >= 1900);
            year_first.or_else(|| NaiveDate::from_ymd_opt(n(4..8)? as i32, n(2..4)?, n(0..2)?))
        }
        [a, b, c] => {
            let num = |s: &str| s.parse::<u32>().ok();
            if a.len() == 4 {
                // 1974-08-12
                NaiveDate::from_ymd_opt(a.parse().ok()?, num(b)?, num(c)?)
            } else if a.len() <= 2 && b.len() <= 2 {
                // 12.08.1974, else 08/25/1974 when day first cannot be
                ymd(c, num(b)?, num(a)?, kind, today)
                    .or_else(|| ymd(c, num(a)?, num(b)?, kind, today))
            } else {
                None
            }
        }
        _ => None,
    }
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

    fn p(s: &str, kind: DateKind) -> Option<NaiveDate> {
        parse_printed_date_on(s, kind, d(TODAY))
    }

    #[test]
    fn printed_formats() {
        let want = Some(d("1974-08-12"));
        for s in [
            "12 AUG 1974",
            "12 aug 1974",
            "12.08.1974",
            "1974-08-12",
            "12/08/1974",
            "12-08-1974",
            "1974.08.12",
            "1974/08/12",
            "12 AUG/AOÛT 74",
            "12 AUG / AOUT 1974",
            "12 AUGUST 1974",
            "12AUG74",
            "12.08.74",
            "19740812",
            "12 08 1974",
            " 12 AUG 1974 ",
        ] {
            assert_eq!(p(s, DateKind::Birth), want, "{s}");
        }
        // Day first cannot be: month first.
        assert_eq!(p("08/25/1974", DateKind::Birth), Some(d("1974-08-25")));
        // Every English month.
        for (i, m) in [
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ]
        .iter()
        .enumerate()
        {
            assert_eq!(
                p(&format!("01 {m} 2000"), DateKind::Birth),
                NaiveDate::from_ymd_opt(2000, i as u32 + 1, 1)
            );
        }
        assert_eq!(p("05 DÉC/DEC 31", DateKind::Expiry), Some(d("2031-12-05")));
        assert_eq!(p("03 OKT 2030", DateKind::Expiry), Some(d("2030-10-03")));
    }

    #[test]
    fn printed_nonsense_is_none() {
        for s in [
            "",
            "12 XYZ 1974",
            "31 FEB 1974",
            "12 AUG/SEP 1974",
            "1974",
            "12.13.1974x13",
            "AUG 1974",
        ] {
            assert_eq!(p(s, DateKind::Birth), None, "{s}");
        }
    }

    #[test]
    fn two_digit_years_by_kind() {
        assert_eq!(p("12 AUG 74", DateKind::Birth), Some(d("1974-08-12")));
        assert_eq!(p("12 AUG 24", DateKind::Birth), Some(d("2024-08-12")));
        assert_eq!(p("12 AUG 27", DateKind::Birth), Some(d("1927-08-12")));
        assert_eq!(p("12 AUG 31", DateKind::Expiry), Some(d("2031-08-12")));
        assert_eq!(p("12 AUG 24", DateKind::Issue), Some(d("2024-08-12")));
    }

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
