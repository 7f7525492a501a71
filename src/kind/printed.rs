//! `barcode_match`: the printed text against the AAMVA barcode's data elements (Jumio
//! `MISMATCH_PRINTED_BARCODE_DATA`).
//!
//! The barcode is exact (PDF417 carries Reed-Solomon error correction: a payload decodes whole or
//! not at all); the printed text is OCR with no check digit. So one field that differs may be a
//! misreading of the print and only warns; two or more fields differing prove that the print and
//! the barcode belong to different holders (an edited licence, or the back of another licence):
//! E005. Compared: the surname, date of birth, document number and expiry date, each only when
//! both sides gave it.

use super::pair::{names_differ, numbers_differ};
use crate::barcode::aamva::Aamva;
use crate::codes::Code;
use crate::facts::DocFacts;
use crate::finding::Finding;

/// The check's id.
pub const CHECK: &str = "barcode_match";

/// Letters of a name, transliterated the ICAO way and upper-cased (AAMVA fields are ASCII).
fn letters(s: &str) -> String {
    ::mrz::transliterate(s, ::mrz::TransliterationStyle::Simple)
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_uppercase()
}

/// The `barcode_match` finding: `printed` holds what the printed text gave (before the barcode's
/// values were put over it).
pub fn check_barcode_match(printed: &DocFacts, code: &Aamva) -> Finding {
    let mut compared = Vec::new();
    let mut differ = Vec::new();
    if let (Some(p), Some(b)) = (printed.surname.as_deref(), code.surname()) {
        let (p, b) = (letters(p), letters(&b));
        // the printed full name may hold the surname with the given names around it
        let whole = printed
            .given_names
            .as_deref()
            .map(|g| letters(g) + &p)
            .unwrap_or_default();
        if p.len() >= 2 && b.len() >= 2 {
            compared.push("surname");
            if names_differ(&p, &b) && !whole.contains(&b) {
                differ.push(format!("the surname ({p} printed, {b} in the barcode)"));
            }
        }
    }
    if let (Some(p), Some(b)) = (printed.dob, code.dob()) {
        compared.push("date of birth");
        if p != b {
            differ.push(format!(
                "the date of birth ({p} printed, {b} in the barcode)"
            ));
        }
    }
    if let (Some(p), Some(b)) = (printed.doc_number.as_deref(), code.doc_number()) {
        compared.push("number");
        if numbers_differ(p, &b) {
            differ.push(format!("the number ({p} printed, {b} in the barcode)"));
        }
    }
    if let (Some(p), Some(b)) = (printed.expiry, code.expiry()) {
        compared.push("expiry date");
        if p != b {
            differ.push(format!("the expiry date ({p} printed, {b} in the barcode)"));
        }
    }
    if compared.is_empty() {
        return Finding::skipped(
            CHECK,
            "no name, date of birth, number or expiry date was read from the printed text to \
             compare with the barcode",
        );
    }
    match differ.len() {
        0 => Finding::pass(
            CHECK,
            format!(
                "the printed text agrees with the barcode on the {}",
                compared.join(", ")
            ),
        ),
        1 => Finding::warn(
            CHECK,
            format!(
                "the printed text may not match the barcode: {} (the print may be misread)",
                differ[0]
            ),
        )
        .with_advice("Make sure the printed text is sharp and unobstructed."),
        _ => Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "the printed text does not match the barcode: {} differ",
                differ.join(" and ")
            ),
        )
        .with_advice(
            "The printed data and the barcode must belong to the same licence: photograph both \
             sides of one document, and never an edited one.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use chrono::NaiveDate;

    fn code(surname: &str, number: &str, dob: &str, expiry: &str) -> Aamva {
        let mut a = Aamva::default();
        for (k, v) in [
            ("DCS", surname),
            ("DAQ", number),
            ("DBB", dob),
            ("DBA", expiry),
        ] {
            a.elements.insert(k.into(), v.into());
        }
        a
    }

    fn printed(surname: &str, number: &str, dob: (i32, u32, u32)) -> DocFacts {
        DocFacts {
            surname: Some(surname.into()),
            doc_number: Some(number.into()),
            dob: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2),
            ..DocFacts::default()
        }
    }

    #[test]
    fn two_differences_are_e005_one_warns() {
        let a = code("OKONJO", "5B81720Z", "04221969", "04212033");
        assert!(a.dob().is_some(), "the test's dates parse");
        let same = printed("OKONJO", "5B8172OZ", (1969, 4, 22));
        assert_eq!(check_barcode_match(&same, &a).status, Status::Pass);
        let one = printed("OKONJO", "5B81720Z", (1969, 4, 23));
        assert_eq!(check_barcode_match(&one, &a).status, Status::Warn);
        let other = printed("HUEBNER", "UT0O61787", (1998, 9, 9));
        let f = check_barcode_match(&other, &a);
        assert_eq!(f.code, Some(Code::E005), "{}", f.message);
        // diacritics printed, ASCII in the barcode: the same name
        let b = code("HUBNER", "UT0O61787", "09091998", "09082029");
        let umlaut = printed("HÜBNER", "UT0O61787", (1998, 9, 9));
        assert_eq!(check_barcode_match(&umlaut, &b).status, Status::Pass);
        assert_eq!(
            check_barcode_match(&DocFacts::default(), &a).status,
            Status::Skipped
        );
    }
}
