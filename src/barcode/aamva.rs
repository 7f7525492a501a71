//! AAMVA DL/ID data elements (AAMVA Card Design Standard, versions 01–10) from a PDF417's text.
//!
//! Parsed by hand rather than with the `aamva` crate (0.3.5, tried): that crate requires Rust
//! 1.92 (this project builds on 1.88), pulls in a second copy of `rxing` (0.8 beside our 0.9)
//! and decodes with ZXing's "try harder" mode, the one with the known infinite loop. The payload
//! is simple enough: after the header (`@`, separators, `ANSI ` + issuer number + versions +
//! subfile count + subfile designators), each subfile (`DL`, `ID`, jurisdiction's `Z?`) holds
//! elements of a three-letter code starting with `D` followed by the value, ended by a line feed.

use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The elements of one AAMVA payload.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Aamva {
    /// Issuer identification number (6 digits) from the header.
    pub iin: Option<String>,
    /// The first subfile's type: `DL` (driving licence) or `ID` (identification card).
    pub subfile: Option<String>,
    /// Every data element: code (`DCS`, `DAC`, `DAQ`, `DBB`, …) → value, trimmed.
    pub elements: BTreeMap<String, String>,
}

impl Aamva {
    fn get(&self, code: &str) -> Option<&str> {
        self.elements
            .get(code)
            .map(String::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("NONE"))
    }

    /// Family name: `DCS` (v02+), else the first part of `DAA` (v01 full name).
    pub fn surname(&self) -> Option<String> {
        self.get("DCS").map(str::to_string).or_else(|| {
            self.get("DAA")
                .and_then(|n| n.split([',', '$']).next())
                .map(|s| s.trim().to_string())
        })
    }

    /// Given names: `DAC` (first) and `DAD` (middle), else `DCT` (v02 given names).
    pub fn given_names(&self) -> Option<String> {
        let first = self.get("DAC").or_else(|| self.get("DCT"))?;
        let mut out = first.replace([',', '$'], " ");
        if let Some(m) = self.get("DAD") {
            out.push(' ');
            out.push_str(&m.replace([',', '$'], " "));
        }
        Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Customer ID number (the licence number).
    pub fn doc_number(&self) -> Option<String> {
        self.get("DAQ").map(str::to_string)
    }

    pub fn dob(&self) -> Option<NaiveDate> {
        self.date("DBB")
    }

    pub fn expiry(&self) -> Option<NaiveDate> {
        self.date("DBA")
    }

    /// `1` male, `2` female, `9` not specified (AAMVA D20 codes); also `M` / `F`.
    pub fn sex(&self) -> Option<char> {
        match self.get("DBC")? {
            "1" | "M" => Some('M'),
            "2" | "F" => Some('F'),
            _ => None,
        }
    }

    /// Country of issue: `USA` or `CAN` (`DCG`).
    pub fn country(&self) -> Option<&str> {
        self.get("DCG")
    }

    /// Dates are MMDDCCYY in US jurisdictions and CCYYMMDD in Canadian ones; the country decides
    /// when given, else the form that makes a real date (they cannot both: the year's first
    /// two digits are 19 or 20, never a month).
    fn date(&self, code: &str) -> Option<NaiveDate> {
        let v = self.get(code)?;
        if v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| v[r].parse::<u32>().ok();
        let us = || NaiveDate::from_ymd_opt(n(4..8)? as i32, n(0..2)?, n(2..4)?);
        let ca = || NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?);
        match self.country() {
            Some("CAN") => ca().or_else(us),
            _ => us().or_else(ca),
        }
    }
}

/// Parses the text of a PDF417; `None` unless it carries the AAMVA header and at least one data
/// element.
pub fn parse(text: &str) -> Option<Aamva> {
    let start = text.find("ANSI ").or_else(|| text.find("AAMVA"))?;
    let header = &text[start..];
    let iin: String = header[5..]
        .chars()
        .take(6)
        .filter(char::is_ascii_digit)
        .collect();
    let mut out = Aamva {
        iin: (iin.len() == 6).then_some(iin),
        subfile: None,
        elements: BTreeMap::new(),
    };
    for raw in header.split(['\n', '\r', '\u{1e}']) {
        let mut line = raw.trim_start();
        // the first element of a subfile follows its two-letter type: `DLDAQ…`, `IDDAQ…`, at
        // the start of a line or, for the first subfile, at the end of the header line
        if !is_code(line) || line.starts_with("DL") || line.starts_with("ID") {
            let start = (0..line.len().saturating_sub(4)).find(|&i| {
                line.is_char_boundary(i)
                    && matches!(line.get(i..i + 2), Some("DL" | "ID"))
                    && line.get(i + 2..).is_some_and(is_code)
            });
            if let Some(i) = start {
                out.subfile
                    .get_or_insert_with(|| line[i..i + 2].to_string());
                line = &line[i + 2..];
            }
        }
        if !is_code(line) {
            continue;
        }
        let (code, value) = line.split_at(3);
        out.elements
            .entry(code.to_string())
            .or_insert_with(|| value.trim().to_string());
    }
    (!out.elements.is_empty()).then_some(out)
}

/// Starts with an element code: `D` and two capitals.
fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3 && b[0] == b'D' && b[1].is_ascii_uppercase() && b[2].is_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 08 payload for a fictional holder, as the fixture generator writes it.
    const SAMPLE: &str = "@\n\u{1e}\rANSI 636000080002DL00410233ZV02740012DLDAQT64235789\nDCSSAMPLE\nDDEN\nDACJANE\nDDFN\nDADQUINN\nDDGN\nDCAD\nDCBNONE\nDCDNONE\nDBD08312023\nDBB01071990\nDBA01072031\nDBC2\nDAU064 in\nDAYBLU\nDAG123 MAIN STREET\nDAIANYTOWN\nDAJVA\nDAK000000000  \nDCF2424244747474786102204\nDCGUSA\nDCK123456789\nDDAF\nDDB06062008\r\nZVZVA01\r";

    #[test]
    fn parses_a_version_8_licence() {
        let a = parse(SAMPLE).unwrap();
        assert_eq!(a.iin.as_deref(), Some("636000"));
        assert_eq!(a.surname().as_deref(), Some("SAMPLE"));
        assert_eq!(a.given_names().as_deref(), Some("JANE QUINN"));
        assert_eq!(a.doc_number().as_deref(), Some("T64235789"));
        assert_eq!(a.dob(), NaiveDate::from_ymd_opt(1990, 1, 7));
        assert_eq!(a.expiry(), NaiveDate::from_ymd_opt(2031, 1, 7));
        assert_eq!(a.sex(), Some('F'));
        assert_eq!(a.country(), Some("USA"));
        assert_eq!(a.subfile.as_deref(), Some("DL"));
    }

    #[test]
    fn canadian_dates_and_version_1_names() {
        let text = "@\n\u{1e}\rANSI 636012010001DL00000000DLDAAHOLDER,ALEX,M\nDAQ1234-56789\nDBB19850315\nDBA20300315\nDCGCAN\r";
        let a = parse(text).unwrap();
        assert_eq!(a.surname().as_deref(), Some("HOLDER"));
        assert_eq!(a.dob(), NaiveDate::from_ymd_opt(1985, 3, 15));
        assert_eq!(a.expiry(), NaiveDate::from_ymd_opt(2030, 3, 15));
    }

    #[test]
    fn other_text_is_not_aamva() {
        assert_eq!(parse("https://example.org/x"), None);
        assert_eq!(parse("ANSI "), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("ANSI 63\u{1e}DZ"), None);
        assert!(parse("ANSI 636000080002DLDAQ1\nD").is_some());
    }
}
