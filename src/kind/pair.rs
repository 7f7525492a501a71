//! Two photos of one card (`--back`): the sides are told apart from their content and checked
//! together.
//!
//! - `sides`: the same side twice (or the same photo twice) is E044; a pair given the other way
//!   round is a warning; a photo that shows the whole document already makes the other optional.
//! - `sides_match`: the front's printed name, date of birth and number against the back's MRZ
//!   or barcode. Two or more of them disagreeing prove two different documents (E005); one alone
//!   may be a misreading of the printed text (which has no check digit) and is a warning.

use super::{Evidence, Side};
use crate::codes::Code;
use crate::facts::DocFacts;
use crate::fields::numbers;
use crate::finding::Finding;

/// The `sides` check for a pair. `same_photo`: the two files hold the same bytes.
pub fn check_sides(front: &Evidence, back: &Evidence, same_photo: bool) -> Finding {
    const CHECK: &str = "sides";
    if same_photo {
        return Finding::fail(CHECK, Code::E044, "the same photo was given for both sides")
            .with_advice(
                "Give a photo of the front as the main photo and one of the back with --back.",
            );
    }
    if !front.read || !back.read {
        return Finding::skipped(
            CHECK,
            "the photos were not read, so their sides were not told",
        );
    }
    match (front.side(), back.side()) {
        (Side::Front, Side::Back) => Finding::pass(CHECK, "the front and the back of the card"),
        (Side::Back, Side::Front) => Finding::warn(
            CHECK,
            "the sides are the other way round: the main photo shows the back, the --back photo the front",
        )
        .with_advice("Upload the front in the exchange's front slot and the back in its back slot."),
        (Side::Front, Side::Front) => same_side("front", "the portrait, names and title"),
        (Side::Back, Side::Back) => same_side("back", "the machine-readable zone or barcode"),
        (Side::Whole, _) | (_, Side::Whole) => Finding::pass(
            CHECK,
            "one photo already shows the whole document (its machine-readable zone with the printed fields)",
        ),
        _ => Finding::skipped(CHECK, "which side each photo shows could not be told"),
    }
}

fn same_side(side: &str, what: &str) -> Finding {
    Finding::fail(
        "sides",
        Code::E044,
        format!("both photos show the {side} of the card ({what} on each)"),
    )
    .with_advice(format!(
        "Photograph the other side of the card: exchanges reject the {side} uploaded twice."
    ))
}

/// The `sides_match` check: are the two photos of the same document?
pub fn check_match(front: &Evidence, back: &Evidence) -> Finding {
    const CHECK: &str = "sides_match";
    let (f, b) = (&front.facts, &back.facts);
    let mut compared = Vec::new();
    let mut differ = Vec::new();
    if let (Some(x), Some(y)) = (&f.doc_number, &b.doc_number) {
        compared.push("number");
        if numbers_differ(x, y) {
            differ.push(format!("the number ({x} on the front, {y} on the back)"));
        }
    }
    if let (Some(x), Some(y)) = (surname(f), surname(b)) {
        compared.push("name");
        if names_differ(&x, &y) {
            differ.push(format!("the surname ({x} on the front, {y} on the back)"));
        }
    }
    if let (Some(x), Some(y)) = (f.dob, b.dob) {
        compared.push("date of birth");
        if x != y {
            differ.push(format!(
                "the date of birth ({x} on the front, {y} on the back)"
            ));
        }
    }
    if compared.is_empty() {
        return Finding::skipped(
            CHECK,
            "no name, date of birth or number was read on both sides to compare",
        );
    }
    match differ.len() {
        0 => Finding::pass(
            CHECK,
            format!("the two sides agree on the {}", compared.join(", ")),
        ),
        1 => Finding::warn(
            CHECK,
            format!(
                "the two sides may not match: {} (the front's printed text may be misread)",
                differ[0]
            ),
        )
        .with_advice("Check that both photos are of the same card."),
        _ => Finding::fail(
            CHECK,
            Code::E005,
            format!(
                "the front and the back are of different documents: {} differ",
                differ.join(" and ")
            ),
        )
        .with_advice("Photograph the front and the back of the same card."),
    }
}

/// Letters of the surname, transliterated the ICAO way (`Ö` → `OE`) so that the printed name
/// compares with the MRZ's.
fn surname(f: &DocFacts) -> Option<String> {
    let s = f.mrz_surname.as_ref().or(f.surname.as_ref())?;
    let folded = crate::translit::letters(s, crate::translit::Style::Expanded);
    (folded.len() >= 2).then_some(folded)
}

/// Surnames differ when, beside neither containing the other, their longest common
/// subsequence covers less than 60 % of the longer: `ASTROM` (diacritics lost by OCR) and
/// `AASTROEM` share 6 of 8 letters; different holders' names share a few letters by chance.
pub(super) fn names_differ(a: &str, b: &str) -> bool {
    if a.contains(b) || b.contains(a) {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev = vec![0usize; b.len() + 1];
    for ca in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    prev[b.len()] * 10 < a.len().max(b.len()) * 6
}

/// Numbers differ when, after normalising, more than the confusable characters (O/0, I/1, …)
/// differ.
pub(super) fn numbers_differ(a: &str, b: &str) -> bool {
    let (a, b) = (
        numbers::normalize(a).to_uppercase(),
        numbers::normalize(b).to_uppercase(),
    );
    if a == b {
        return false;
    }
    let diffs = numbers::diff(&a, &b);
    !diffs.iter().all(|d| match d {
        numbers::CharDiff::Changed { typed, doc, .. } => numbers::confusable(*typed, *doc),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use chrono::NaiveDate;

    fn side(mrz: bool, surname: &str, number: &str, dob: (i32, u32, u32)) -> Evidence {
        Evidence {
            read: true,
            text: if mrz {
                String::new()
            } else {
                "IDENTITY CARD".into()
            },
            facts: DocFacts {
                has_mrz: mrz,
                mrz_format: mrz.then(|| "TD1".to_string()),
                surname: Some(surname.into()),
                mrz_surname: mrz.then(|| surname.to_string()),
                doc_number: Some(number.into()),
                dob: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2),
                ..DocFacts::default()
            },
            ..Evidence::default()
        }
    }

    #[test]
    fn a_right_pair_passes_the_same_side_twice_fails() {
        let front = side(false, "NAKAMURA", "IDZ2S5081", (2009, 8, 30));
        let back = side(true, "NAKAMURA", "IDZ2S5081", (2009, 8, 30));
        assert_eq!(check_sides(&front, &back, false).status, Status::Pass);
        assert_eq!(check_match(&front, &back).status, Status::Pass);
        assert_eq!(check_sides(&back, &front, false).status, Status::Warn);
        assert_eq!(check_sides(&front, &front, false).code, Some(Code::E044));
        assert_eq!(check_sides(&back, &back, false).code, Some(Code::E044));
        assert_eq!(check_sides(&front, &back, true).code, Some(Code::E044));
    }

    #[test]
    fn different_documents_need_two_disagreements() {
        let front = side(false, "NAKAMURA", "IDZ2S5081", (2009, 8, 30));
        let other = side(true, "OKAFOR", "X4B7Q1209", (1991, 2, 3));
        let f = check_match(&front, &other);
        assert_eq!(f.code, Some(Code::E005), "{}", f.message);
        // a confusable misread of the number alone is no difference
        let misread = side(true, "NAKAMURA", "1DZ25508I", (2009, 8, 30));
        assert_eq!(check_match(&front, &misread).status, Status::Pass);
        // one real difference is a warning
        let one = side(true, "NAKAMURA", "IDZ2S5099", (2009, 8, 30));
        assert_eq!(check_match(&front, &one).status, Status::Warn);
    }
}
