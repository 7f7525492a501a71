//! The words a person reads (issue 16): advice order and de-duplication, dates as people write
//! them, and the name advice (the printed spelling, with the MRZ's as the alternative).

use chrono::NaiveDate;
use kyc_check::codes::Code;
use kyc_check::facts::DocFacts;
use kyc_check::fields::names::check_name;
use kyc_check::fields::validity::{check_age, check_expiry};
use kyc_check::finding::{Finding, Status};
use kyc_check::form::Form;
use kyc_check::rules::predict;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-22")
}

#[test]
fn expired_document_advice_says_when_in_words_once() {
    let facts = DocFacts {
        expiry: Some(d("2024-05-25")),
        ..DocFacts::default()
    };
    let f = check_expiry(&Form::default(), &facts, today());
    assert_eq!(f.code, Some(Code::E018));
    // the message (JSON) keeps the ISO date
    assert!(f.message.contains("2024-05-25"), "{}", f.message);
    let codes = predict(&[f]);
    let advice = &codes[0].advice;
    assert_eq!(
        advice[0],
        "This document expired on 25 May 2024 (2 years 5 months ago): use another valid \
         document (a passport instead of an ID card, or the reverse), or renew it first."
    );
    // the code table's "Use another valid document …" said the same thing again: left out
    assert_eq!(advice.len(), 1, "{advice:?}");
}

#[test]
fn expiring_and_under_age_advice_give_dates_for_people() {
    let facts = DocFacts {
        expiry: Some(d("2026-12-10")),
        ..DocFacts::default()
    };
    let f = check_expiry(&Form::default(), &facts, today());
    assert!(
        f.advice
            .as_deref()
            .unwrap()
            .starts_with("The document expires on 10 December 2026 (in 18 days)"),
        "{:?}",
        f.advice
    );
    let f = check_age(&Form::default(), Some(d("2009-02-28")), today());
    assert_eq!(f.code, Some(Code::E020));
    assert!(
        f.advice
            .as_deref()
            .unwrap()
            .ends_with("wait until 28 February 2027 (in 3 months)."),
        "{:?}",
        f.advice
    );
}

#[test]
fn the_specific_fix_comes_first_then_general_advice_without_repeats() {
    let findings = vec![
        Finding::fail(
            "corners",
            Code::E001,
            "the top-left corner is outside the frame",
        )
        .with_advice("The top-left corner is cut off: step back or re-centre."),
        Finding::fail("margin", Code::E001, "the document runs off the top edge")
            .with_advice("Step back a little so there is background on every side."),
        Finding::pass("blur", "sharp"),
    ];
    let advice = &predict(&findings)[0].advice;
    assert_eq!(
        advice[0],
        "The top-left corner is cut off: step back or re-centre."
    );
    // the margin's advice repeats the corner's; the framing fix of the table repeats both
    assert!(!advice.iter().any(|a| a.starts_with("Step back a little")));
    assert!(!advice
        .iter()
        .any(|a| a.starts_with("Hold the phone parallel")));
    // general advice on other causes follows
    assert!(advice
        .iter()
        .any(|a| a.starts_with("Lay the document flat")));
    let mut seen = std::collections::BTreeSet::new();
    assert!(
        advice.iter().all(|a| seen.insert(a)),
        "repeated: {advice:?}"
    );
}

#[test]
fn a_name_typo_gets_no_date_advice() {
    let findings =
        vec![Finding::fail("name", Code::E005, "name differs").with_advice("Type the name: X")];
    let advice = &predict(&findings)[0].advice;
    assert_eq!(advice, &["Type the name: X"]);
}

fn mrz_facts() -> DocFacts {
    DocFacts {
        surname: Some("AASTROEM".into()),
        given_names: Some("ANNA MARIA".into()),
        mrz_surname: Some("AASTROEM".into()),
        mrz_given_names: Some("ANNA MARIA".into()),
        mrz_format: Some("TD3".into()),
        has_mrz: true,
        ..DocFacts::default()
    }
}

#[test]
fn name_advice_gives_the_printed_spelling_and_the_mrz_alternative() {
    // printed text read: ÅSTRÖM
    let printed = DocFacts {
        surname: Some("ÅSTRÖM".into()),
        ..mrz_facts()
    };
    let f = check_name(Some("ANNA MARIA ÅSURÖM"), &printed);
    assert_eq!(f.status, Status::Fail);
    let advice = f.advice.unwrap();
    assert!(
        advice.contains("given names first: ANNA MARIA ÅSTRÖM;"),
        "{advice}"
    );
    assert!(
        advice.ends_with("if the form takes no accents: ANNA MARIA AASTROEM (the MRZ spelling)"),
        "{advice}"
    );
}

#[test]
fn name_advice_without_the_printed_text_keeps_only_letters_the_mrz_confirms() {
    // only the MRZ read: the Å and Ö typed sit where the MRZ has AA and OE
    let f = check_name(Some("ANNA MARIA ÅSURÖM"), &mrz_facts());
    assert_eq!(f.status, Status::Fail);
    let advice = f.advice.unwrap();
    assert!(
        advice.contains(": ANNA MARIA ÅSTRÖM (Å, Ö as you typed them, where the MRZ has AA, OE)"),
        "{advice}"
    );
    assert!(
        advice.contains("no accents: ANNA MARIA AASTROEM"),
        "{advice}"
    );
    // typed without accents: nothing is made up, the MRZ spelling is the advice
    let f = check_name(Some("ANNA MARIA ASTRUM"), &mrz_facts());
    let advice = f.advice.unwrap();
    assert!(
        advice.ends_with("given names first: ANNA MARIA AASTROEM"),
        "{advice}"
    );
}
