//! Compare: what the user will type into the exchange's form against what the document says
//! (SPEC §4 "compare"), plus the checks that need only dates (expiry, age).
//!
//! [`compare`] returns one finding per check id, always in the order `name`, `dob`,
//! `doc_number`, `nationality`, `expiry`, `age`, `doc_type`. A check with nothing to compare is
//! `skipped` with the reason. With empty [`DocFacts`] (no OCR) `expiry` and `age` still run
//! from the form's values.
//!
//! | check | module | fails with |
//! | --- | --- | --- |
//! | `name` | [`names`] (+ [`hanzi`]) | E005 |
//! | `dob` | [`dates`] | E005 |
//! | `doc_number` | [`numbers`] (+ [`china`]) | E005 |
//! | `nationality` | [`nationality`] | E005 |
//! | `expiry` | [`validity`] | E018 (E005 when only the typed date is wrong) |
//! | `age` | [`validity`] | E020 (E005 for a date of birth after today) |
//! | `doc_type` | [`doctype`] | E044 |
//!
//! The document's date of birth is the one read, else the one inside a valid mainland-China
//! resident ID number; it is authoritative for `age`. A 29 February birthday falls on 1 March
//! in other years ([`validity::anniversary`]).

pub(crate) mod china;
pub mod dates;
pub(crate) mod doctype;
pub(crate) mod hanzi;
pub mod names;
pub mod nationality;
pub mod numbers;
pub(crate) mod spelling;
pub mod validity;

use crate::facts::DocFacts;
use crate::finding::Finding;
use crate::form::Form;
use chrono::NaiveDate;

/// The check ids [`compare`] returns, in its order.
pub const CHECKS: [&str; 7] = [
    "name",
    "dob",
    "doc_number",
    "nationality",
    "expiry",
    "age",
    "doc_type",
];

/// Compares the form with the document's facts on `today`.
pub fn compare(form: &Form, facts: &DocFacts, today: NaiveDate) -> Vec<Finding> {
    let (doc_dob, dob_source) = document_dob(facts);
    vec![
        names::check_name(form.name.as_deref(), facts),
        dates::check_dob(form.dob, doc_dob, dob_source),
        numbers::check_doc_number(form.doc_number.as_deref(), facts, form.dob),
        nationality::check_nationality(form.nationality.as_deref(), facts.nationality.as_deref()),
        validity::check_expiry(form, facts, today),
        validity::check_age(form, doc_dob, today),
        doctype::check_doc_type(form.doc_type, facts),
    ]
}

/// Every name and number string the findings of [`compare`] may quote (as typed, upper-cased,
/// normalised, per part), longest first: what `--redact` must mask in their messages and
/// advice. Single letters are left out.
pub fn quoted_identifiers(form: &Form, facts: &DocFacts) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        for v in [
            s.to_string(),
            s.to_uppercase(),
            numbers::normalize(s),
            s.to_uppercase().replace(' ', ""),
        ] {
            if v.chars().count() >= 2 && !out.contains(&v) {
                out.push(v);
            }
        }
        for part in names::parts(s) {
            if part.chars().count() >= 2 && !out.contains(&part) {
                out.push(part);
            }
        }
    };
    let halves = [
        (&facts.surname, &facts.given_names),
        (&facts.mrz_surname, &facts.mrz_given_names),
    ];
    for (surname, given) in halves {
        for half in [surname, given].into_iter().flatten() {
            add(half);
        }
        if let (Some(s), Some(g)) = (surname, given) {
            add(&format!("{g} {s}"));
            add(&format!("{s}{g}"));
        }
    }
    for value in [&form.name, &form.doc_number, &facts.doc_number]
        .into_iter()
        .flatten()
    {
        add(value);
        // as the name check compares it: composed (NFC), invisible characters removed
        add(&names::clean_typed(value).0);
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out
}

/// The document's date of birth: as read, else the one inside a well-formed mainland-China
/// resident ID number.
fn document_dob(facts: &DocFacts) -> (Option<NaiveDate>, &'static str) {
    if facts.dob.is_some() {
        return (facts.dob, "the document");
    }
    let inside = facts
        .doc_number
        .as_deref()
        .map(china::normalize)
        .filter(|n| china::is_valid(n))
        .and_then(|n| china::birth_date(&n));
    (inside, "the birth date inside the document number")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn one_finding_per_check_in_order() {
        let found = compare(&Form::default(), &DocFacts::default(), d("2026-11-22"));
        let ids: Vec<&str> = found.iter().map(|f| f.check).collect();
        assert_eq!(ids, CHECKS);
        assert!(found.iter().all(|f| f.status == Status::Skipped));
    }

    #[test]
    fn without_ocr_expiry_and_age_still_run() {
        let form = Form {
            name: Some("ANNA MARIA ERIKSSON".into()),
            dob: Some(d("2010-03-14")),
            doc_number: Some("L898902C3".into()),
            expiry: Some(d("2026-09-30")),
            nationality: Some("UTO".into()),
            doc_type: Some(crate::form::DocType::Passport),
        };
        let found = compare(&form, &DocFacts::default(), d("2026-11-22"));
        let status: Vec<Status> = found.iter().map(|f| f.status).collect();
        use Status::*;
        assert_eq!(
            status,
            [Skipped, Skipped, Skipped, Skipped, Fail, Fail, Skipped]
        );
        assert_eq!(
            found[0].message,
            "the name could not be read from the document"
        );
        assert_eq!(found[4].code, Some(crate::codes::Code::E018));
        assert_eq!(found[5].code, Some(crate::codes::Code::E020));
    }

    #[test]
    fn china_number_gives_the_document_dob() {
        let facts = DocFacts {
            doc_number: Some("11010519491231002X".into()),
            ..DocFacts::default()
        };
        let form = Form {
            dob: Some(d("1949-12-13")),
            doc_number: Some("11010519491231002X".into()),
            ..Form::default()
        };
        let found = compare(&form, &facts, d("2026-11-22"));
        assert_eq!(found[1].status, Status::Fail);
        assert!(
            found[1].message.contains("inside the document number"),
            "{}",
            found[1].message
        );
        assert_eq!(found[2].status, Status::Pass);
    }

    /// Odd input never panics and always gives the seven findings.
    #[test]
    fn odd_input() {
        let long = "Ö".repeat(5000);
        let many = "A ".repeat(2000);
        let odd = [
            "",
            " ",
            "<<<",
            "-",
            "'",
            "\u{0}",
            "\u{202E}ANNA",
            "张三",
            "１１〇１〇５１９４９１２３１〇〇２Ｘ",
            "ÅÄÖÜØÑßÆÞĲŒ",
            long.as_str(),
            many.as_str(),
            "12 AUG/AOÛT 74",
            "99999999999999999999999",
        ];
        for a in odd {
            for b in odd {
                let form = Form {
                    doc_type: None,
                    name: Some(a.into()),
                    dob: Some(d("1974-08-12")),
                    doc_number: Some(a.into()),
                    expiry: None,
                    nationality: Some(a.into()),
                };
                let facts = DocFacts {
                    surname: Some(b.into()),
                    given_names: Some(a.into()),
                    mrz_surname: Some(b.into()),
                    mrz_given_names: Some(b.into()),
                    doc_number: Some(b.into()),
                    nationality: Some(b.into()),
                    mrz_doc_code: Some(b.into()),
                    ..DocFacts::default()
                };
                assert_eq!(compare(&form, &facts, d("2026-11-22")).len(), CHECKS.len());
                let _ = crate::read::dates::find_dates(a);
                let _ = dates::mrz_date(a, dates::DateKind::Expiry, d("2026-11-22"));
            }
        }
    }

    /// Masking every quoted identifier leaves no name part or number in any message.
    #[test]
    fn quoted_identifiers_cover_every_message() {
        let facts = DocFacts {
            surname: Some("ÅSTRÖM".into()),
            given_names: Some("ANNA MARIA".into()),
            mrz_surname: Some("AASTROEM".into()),
            mrz_given_names: Some("ANNA MARIA".into()),
            mrz_format: Some("TD3".into()),
            doc_number: Some("L898902C3".into()),
            doc_number_check_ok: Some(true),
            dob: Some(d("1974-08-12")),
            ..DocFacts::default()
        };
        for (name, number) in [
            ("Anna Maria Asurom", "l8989o2c3"),
            ("Åström Anna", "L898902C"),
            ("Anna M Åström", "L898902C3"),
        ] {
            let form = Form {
                name: Some(name.into()),
                doc_number: Some(number.into()),
                ..Form::default()
            };
            let masks = quoted_identifiers(&form, &facts);
            for f in compare(&form, &facts, d("2026-11-22")) {
                for text in [Some(f.message.clone()), f.advice.clone()]
                    .into_iter()
                    .flatten()
                {
                    let mut masked = text.clone();
                    for m in &masks {
                        masked = masked.replace(m.as_str(), "***");
                    }
                    for leak in [
                        "ANNA",
                        "MARIA",
                        "ÅSTRÖM",
                        "AASTROEM",
                        "ASUROM",
                        "Asurom",
                        "L898902C",
                        "L8989O2C3",
                    ] {
                        assert!(
                            !masked.contains(leak),
                            "{leak} in {masked:?} (from {text:?})"
                        );
                    }
                }
            }
        }
    }
}
