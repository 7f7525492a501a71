//! Dates as documents print them in the visual zone: `12 AUG 1974`, `12 AUG/AOÛT 74`,
//! `12.08.1974`, `12/08/1974`, `12-08-1974`, `1974-08-12`.
//!
//! Day-first is assumed for numeric dates (ICAO 9303 Part 3 §3.2 and the EU licence format);
//! a two-digit year is resolved by the caller's role (birth: never in the future; other dates:
//! 20xx).

use chrono::{Datelike, NaiveDate};

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub date: NaiveDate,
    /// Whether the year was printed with two digits (its century was guessed as 20xx).
    pub short_year: bool,
    /// Byte offsets of the match in the (upper-cased) text.
    pub start: usize,
    pub end: usize,
}

impl Found {
    /// The date read as a birth date: a two-digit year that lands after `today` is 19xx.
    pub fn as_birth(&self, today: NaiveDate) -> NaiveDate {
        if self.short_year && self.date > today {
            self.date
                .with_year(self.date.year() - 100)
                .unwrap_or(self.date)
        } else {
            self.date
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(String),
    Word(String),
    Sep(char),
}

/// Splits text into numbers, words and date separators; spaces separate but are dropped.
/// OCR confusions inside numbers (`O`→0, `I`/`l`→1) are not repaired here: the caller compares.
fn tokens(text: &str) -> Vec<(Tok, usize, usize)> {
    let mut out: Vec<(Tok, usize, usize)> = Vec::new();
    for (i, ch) in text.char_indices() {
        let end = i + ch.len_utf8();
        let kind = if ch.is_ascii_digit() {
            0
        } else if ch.is_alphabetic() {
            1
        } else if matches!(ch, '.' | '/' | '-') {
            2
        } else {
            3
        };
        match (kind, out.last_mut()) {
            (0, Some((Tok::Num(s), _, e))) if *e == i => {
                s.push(ch);
                *e = end;
            }
            (1, Some((Tok::Word(s), _, e))) if *e == i => {
                s.extend(ch.to_uppercase());
                *e = end;
            }
            (0, _) => out.push((Tok::Num(ch.to_string()), i, end)),
            (1, _) => out.push((Tok::Word(ch.to_uppercase().collect()), i, end)),
            (2, _) => out.push((Tok::Sep(ch), i, end)),
            _ => {}
        }
    }
    out
}

/// Month names and abbreviations as documents print them (upper case, diacritics folded): the
/// one table (issue 16). English (ICAO 9303 Part 3 recommends English three-letter
/// abbreviations), French (bilingual passports print `AUG/AOÛT`), German, Spanish, Italian,
/// Portuguese and Dutch.
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

/// The month (1–12) a printed month word names: a name or abbreviation of [`MONTHS`], or a word
/// of 4+ letters that starts with a 3+ letter entry (`AUGU`, OCR-cut or run-on words).
fn month(word: &str) -> Option<u32> {
    let w: String = word
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
    if w.len() < 3 {
        return None;
    }
    let exact = MONTHS.iter().position(|names| names.contains(&w.as_str()));
    let prefix = || {
        MONTHS.iter().position(|names| {
            names
                .iter()
                .any(|n| w.len() > 3 && n.len() >= 3 && w.starts_with(n))
        })
    };
    exact.or_else(prefix).map(|i| i as u32 + 1)
}

/// Four-digit years an identity document can print: no holder alive was born before 1900, and
/// no document issued today is valid past 2099 (ICAO 9303 documents are valid at most ten years;
/// the EU licence 15). A year outside is a misread digit (`0981` for 1981, seen on a held-out
/// specimen, DocClassifier's Slovak card), not a date: the field is then left to another date or
/// to unread, rather than carrying a birth date 1045 years old.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

fn year(s: &str) -> Option<(i32, bool)> {
    match s.len() {
        4 => s
            .parse()
            .ok()
            .filter(|y| YEARS.contains(y))
            .map(|y| (y, false)),
        2 => s.parse::<i32>().ok().map(|y| (2000 + y, true)),
        _ => None,
    }
}

/// Every date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<Found> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((found, used)) = date_at(&toks[i..]) {
            out.push(found);
            i += used;
        } else {
            i += 1;
        }
    }
    out
}

fn date_at(t: &[(Tok, usize, usize)]) -> Option<(Found, usize)> {
    let num = |k: usize| match t.get(k) {
        Some((Tok::Num(s), _, _)) => Some(s.as_str()),
        _ => None,
    };
    let sep = |k: usize| match t.get(k) {
        Some((Tok::Sep(c), _, _)) => Some(*c),
        _ => None,
    };
    let word = |k: usize| match t.get(k) {
        Some((Tok::Word(s), _, _)) => Some(s.as_str()),
        _ => None,
    };
    let make = |y: i32, m: u32, d: u32, short: bool, used: usize| {
        NaiveDate::from_ymd_opt(y, m, d).map(|date| {
            (
                Found {
                    date,
                    short_year: short,
                    start: t[0].1,
                    end: t[used - 1].2,
                },
                used,
            )
        })
    };
    let a = num(0)?;
    // 1974-08-12
    if a.len() == 4 && sep(1) == Some('-') && sep(3) == Some('-') {
        let (m, d) = (num(2)?, num(4)?);
        let (y, _) = year(a)?;
        return make(y, m.parse().ok()?, d.parse().ok()?, false, 5);
    }
    if a.len() > 2 {
        return None;
    }
    let d: u32 = a.parse().ok()?;
    // 12.08.1974, 12/08/1974, 12-08-74
    if let (Some(s1), Some(m), Some(s2), Some(y)) = (sep(1), num(2), sep(3), num(4)) {
        // `3. 12.08.1974`: a field number before the date is not its day
        let continues = sep(5) == Some(s1) && num(6).is_some();
        if s1 == s2 && m.len() <= 2 && !continues {
            let (y, short) = year(y)?;
            return make(y, m.parse().ok()?, d, short, 5);
        }
    }
    // 12 AUG 1974, 12 AUG/AOÛT 74
    let m = month(word(1)?)?;
    let mut k = 2;
    if sep(k) == Some('/') && word(k + 1).and_then(month).is_some() {
        k += 2;
    }
    let (y, short) = year(num(k)?)?;
    make(y, m, d, short, k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> NaiveDate {
        let f = find_dates(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        f[0].date
    }

    /// A year no document carries is a misread digit, not a date (`0981` for 1981).
    #[test]
    fn a_year_no_document_can_carry_is_a_misread() {
        assert!(find_dates("Date of birth 11.11.0981").is_empty());
        assert!(find_dates("0981-11-11 3011-11-11").is_empty());
        assert!(find_dates("11 NOV 1899").is_empty());
        assert_eq!(
            one("11.11.1981"),
            NaiveDate::from_ymd_opt(1981, 11, 11).unwrap()
        );
        assert_eq!(
            one("01.01.2099"),
            NaiveDate::from_ymd_opt(2099, 1, 1).unwrap()
        );
    }

    #[test]
    fn printed_formats() {
        let d = NaiveDate::from_ymd_opt(1974, 8, 12).unwrap();
        assert_eq!(one("Date of birth 12 AUG 1974"), d);
        assert_eq!(one("3. 12.08.1974 UTOPIA"), d);
        assert_eq!(one("1974-08-12"), d);
        assert_eq!(one("12/08/1974"), d);
        assert_eq!(one("12AUG1974"), d);
        let short = find_dates("12 AUG/AOÛT 74")[0];
        assert!(short.short_year);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(short.as_birth(today), d);
        assert!(find_dates("31.02.1990 and 99/99/99").is_empty());
    }

    #[test]
    fn one_month_table_in_every_language() {
        let d = |m| NaiveDate::from_ymd_opt(2030, m, 3).unwrap();
        for (text, m) in [
            ("03 OKT 2030", 10),
            ("03 DÉC/DEC 2030", 12),
            ("03 MÄRZ 2030", 3),
            ("03 MAERZ 2030", 3),
            ("03 AGOSTO 2030", 8),
            ("03 SEPTEMBRE 2030", 9),
            ("03 MEI 2030", 5),
            ("03 JUILLET 2030", 7),
        ] {
            assert_eq!(one(text), d(m), "{text}");
        }
        assert!(find_dates("03 XYZ 2030").is_empty());
    }
}
