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

use chrono::NaiveDate;
use kyc_check::facts::{DocFacts, Shape};
use kyc_check::fields::{compare, CHECKS};
use kyc_check::finding::Status;
use kyc_check::form::{DocType, Form};
use serde_json::Value;
use std::collections::BTreeMap;

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn date(v: &Value, key: &str) -> Option<NaiveDate> {
    text(v, key).map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").expect("manifest date"))
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// What a perfect reader would report for this document.
fn facts_of(doc: &Value) -> DocFacts {
    let mrz_lines = list(doc, "mrz_lines");
    let has_mrz = !mrz_lines.is_empty();
    let kind = text(doc, "kind").expect("doc.kind");
    DocFacts {
        surname: text(doc, "surname"),
        given_names: text(doc, "given_names"),
        // Only the side with an MRZ shows the MRZ's names.
        mrz_surname: text(doc, "surname_mrz").filter(|_| has_mrz),
        mrz_given_names: text(doc, "given_names_mrz").filter(|_| has_mrz),
        dob: date(doc, "dob"),
        doc_number: text(doc, "doc_number"),
        doc_number_check_ok: has_mrz.then_some(true),
        expiry: date(doc, "expiry"),
        nationality: text(doc, "nationality"),
        sex: text(doc, "sex").and_then(|s| s.chars().next()),
        mrz_doc_code: mrz_lines
            .first()
            .and_then(|l| l.chars().next())
            .map(String::from),
        mrz_format: text(doc, "mrz_format"),
        has_mrz,
        shape: Some(if kind == "passport" {
            Shape::Id3
        } else {
            Shape::Id1
        }),
        doc_type: text(doc, "doc_type").and_then(|t| DocType::parse(&t)),
    }
}

fn form_of(form: &Value) -> Form {
    Form {
        doc_type: text(form, "doc_type").map(|t| DocType::parse(&t).expect("form.doc_type")),
        name: text(form, "name"),
        dob: date(form, "dob"),
        doc_number: text(form, "doc_number"),
        expiry: date(form, "expiry"),
        nationality: text(form, "nationality"),
    }
}

/// The code a failing check of this compare stage stands for in the manifest's labels.
fn code_of_check(check: &str) -> &'static str {
    match check {
        "name" | "dob" | "doc_number" | "nationality" => "E005",
        "expiry" => "E018",
        "age" => "E020",
        "doc_type" => "E044",
        other => panic!("not a compare check: {other}"),
    }
}

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
