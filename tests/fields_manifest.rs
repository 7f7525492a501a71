//! The compare stage over the whole fixture manifest, as a perfect reader would see each
//! document: every labelled form mistake is caught, nothing else fails.
//!
//! For each record of `fixtures/manifest.jsonl` the document facts are built from its `doc`
//! truth (names as printed and as the MRZ carries them, dates, number with a verified check
//! digit where there is an MRZ, nationality, MRZ document code, shape from the kind), the form
//! from its `form`, and `fields::compare` runs on its `today`. Then, for the checks `name`,
//! `dob`, `doc_number`, `nationality`, `expiry`, `age`, `doc_type`:
//! - every check in `expected_fail` fails and every one in `expected_warn` warns;
//! - no other check fails unless it is in `may_fail`;
//! - records whose form case is `correct` get no failure at all.
//!
//! A table of form case → expected vs predicted codes is printed (`--nocapture`).

mod common;

use common::{code_of_check, date, form_of, list, perfect_facts as facts_of, text};
use kyc_check::facts::DocFacts;
use kyc_check::fields::{compare, CHECKS};
use kyc_check::finding::Status;
use serde_json::Value;
use std::collections::BTreeMap;

/// `E005×3 E018×1`, or `—`.
fn tally(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return "—".to_string();
    }
    counts
        .iter()
        .map(|(k, n)| format!("{k}×{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Default)]
struct Row {
    records: usize,
    expected_fail: BTreeMap<String, usize>,
    predicted_fail: BTreeMap<String, usize>,
    expected_warn: BTreeMap<String, usize>,
    predicted_warn: BTreeMap<String, usize>,
    wrong: usize,
}

/// How the facts are made from a record's `doc`, and which checks are expected to run.
struct Reader {
    title: &'static str,
    facts: fn(&Value) -> DocFacts,
    /// Checks that have nothing to compare with this reader: expected `skipped`.
    skipped: &'static [&'static str],
}

/// Runs compare over the manifest with one reader; prints the table; returns the problems.
fn run(reader: &Reader) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/manifest.jsonl");
    let manifest = std::fs::read_to_string(path).expect("fixtures/manifest.jsonl");
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    let mut records = 0;

    for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
        let rec: Value = serde_json::from_str(line).expect("manifest line is JSON");
        records += 1;
        let file = text(&rec, "file").unwrap_or_default();
        let case = text(&rec, "form_case").expect("form_case");
        let today = date(&rec, "today").expect("today");
        let expected_fail = list(&rec, "expected_fail");
        let expected_warn = list(&rec, "expected_warn");
        let may_fail = list(&rec, "may_fail");

        let found = compare(&form_of(&rec["form"]), &(reader.facts)(&rec["doc"]), today);
        let ids: Vec<&str> = found.iter().map(|f| f.check).collect();
        assert_eq!(ids, CHECKS, "{file}: one finding per check, in order");

        let row = rows.entry(case.clone()).or_default();
        row.records += 1;
        let mut wrong = false;
        for f in &found {
            let check = f.check;
            let runs = !reader.skipped.contains(&check);
            let want_fail = runs && expected_fail.iter().any(|c| c == check);
            let want_warn = runs && expected_warn.iter().any(|c| c == check);
            let tolerated = may_fail.iter().any(|c| c == check);
            if want_fail {
                *row.expected_fail
                    .entry(code_of_check(check).into())
                    .or_default() += 1;
            }
            if want_warn {
                *row.expected_warn.entry(check.into()).or_default() += 1;
            }
            let code = f.code.map(|c| c.to_string());
            match f.status {
                Status::Fail => {
                    *row.predicted_fail
                        .entry(code.clone().expect("a failure has a code"))
                        .or_default() += 1;
                }
                Status::Warn => *row.predicted_warn.entry(check.into()).or_default() += 1,
                _ => {}
            }
            let problem = if !runs && f.status != Status::Skipped {
                Some("should be skipped")
            } else if want_fail && f.status != Status::Fail {
                Some("should fail")
            } else if want_fail && code.as_deref() != Some(code_of_check(check)) {
                Some("fails with the wrong code")
            } else if want_warn && f.status != Status::Warn {
                Some("should warn")
            } else if !want_warn && f.status == Status::Warn {
                Some("should not warn")
            } else if !want_fail && f.status == Status::Fail && (!tolerated || case == "correct") {
                Some("should not fail")
            } else {
                None
            };
            if let Some(p) = problem {
                wrong = true;
                problems.push(format!(
                    "{file} [{case}] {check} {p}: {:?} {:?} {}",
                    f.status, f.code, f.message
                ));
            }
            // Every mismatch says exactly what to type.
            if f.status == Status::Fail && code.as_deref() == Some("E005") {
                assert!(
                    f.advice.is_some(),
                    "{file}: E005 without advice: {}",
                    f.message
                );
            }
            if f.status == Status::Skipped {
                assert!(
                    !f.message.is_empty(),
                    "{file}: {check} skipped without a reason"
                );
            }
        }
        if wrong {
            row.wrong += 1;
        }
    }

    println!(
        "\nfields::compare over {records} manifest records — {}\n",
        reader.title
    );
    println!(
        "{:<28} {:>4}  {:<16} {:<16} {:<18} {:<18} {:>5}",
        "form_case",
        "n",
        "expected fail",
        "predicted fail",
        "expected warn",
        "predicted warn",
        "wrong"
    );
    for (case, row) in &rows {
        println!(
            "{:<28} {:>4}  {:<16} {:<16} {:<18} {:<18} {:>5}",
            case,
            row.records,
            tally(&row.expected_fail),
            tally(&row.predicted_fail),
            tally(&row.expected_warn),
            tally(&row.predicted_warn),
            row.wrong
        );
    }
    for p in &problems {
        println!("  {p}");
    }
    assert!(records > 100, "the manifest has {records} records");
    assert!(
        rows.len() >= 14,
        "every form case is present: {:?}",
        rows.keys().collect::<Vec<_>>()
    );
    problems
}

#[test]
fn fields_manifest_perfect_reader() {
    let problems = run(&Reader {
        title: "perfect reader (visual zone and MRZ)",
        facts: facts_of,
        skipped: &[],
    });
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The same documents when only the MRZ's names are read (the visual zone's OCR failed): the
/// reader fills surname/given names from the MRZ, which carries no diacritics.
fn facts_mrz_names(doc: &Value) -> DocFacts {
    let mut facts = facts_of(doc);
    if facts.has_mrz {
        facts.surname = facts.mrz_surname.clone();
        facts.given_names = facts.mrz_given_names.clone();
    }
    facts
}

#[test]
fn fields_manifest_mrz_names_only() {
    let problems = run(&Reader {
        title: "names read from the MRZ only",
        facts: facts_mrz_names,
        skipped: &[],
    });
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Nothing read (`--no-ocr` or a build without Tesseract): expiry and age still run from the
/// form's values; everything that needs the document is skipped.
#[test]
fn fields_manifest_without_ocr() {
    let problems = run(&Reader {
        title: "nothing read (--no-ocr)",
        facts: |_| DocFacts::default(),
        skipped: &["name", "dob", "doc_number", "nationality", "doc_type"],
    });
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
