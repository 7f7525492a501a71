//! The fixture manifest (`fixtures/manifest.jsonl`), the single source of truth for tests.
#![allow(dead_code)]

pub mod bombs;
pub mod faces;
pub mod fixtures;
pub mod nuisance;
pub mod realdata;

use chrono::NaiveDate;
use kyc_check::facts::{DocFacts, Shape};
use kyc_check::form::{DocType, Form};
use serde_json::Value;
use std::path::PathBuf;

/// One manifest line.
#[derive(Debug, Clone)]
pub struct Record {
    pub file: String,
    pub raw: Value,
    pub doc: Value,
    pub form: Form,
    pub today: NaiveDate,
    pub causes: Vec<String>,
    pub expected_codes: Vec<String>,
    pub expected_fail: Vec<String>,
    pub expected_warn: Vec<String>,
    pub may_fail: Vec<String>,
}

impl Record {
    pub fn path(&self) -> PathBuf {
        fixtures::fixtures_dir().join(&self.file)
    }

    /// A clean photo with correct form values: must never be rejected.
    pub fn is_clean(&self) -> bool {
        fixtures::is_clean_record(&self.raw)
    }
}

pub fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

pub fn date(v: &Value, key: &str) -> Option<NaiveDate> {
    text(v, key).map(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").expect("manifest date"))
}

pub fn list(v: &Value, key: &str) -> Vec<String> {
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

/// The form values the record says to type (`null` = option not given).
pub fn form_of(form: &Value) -> Form {
    Form {
        doc_type: text(form, "doc_type").map(|t| DocType::parse(&t).expect("form.doc_type")),
        name: text(form, "name"),
        dob: date(form, "dob"),
        doc_number: text(form, "doc_number"),
        expiry: date(form, "expiry"),
        nationality: text(form, "nationality"),
    }
}

/// Every record of the manifest, in file order.
pub fn manifest() -> Vec<Record> {
    let text_all = std::fs::read_to_string(fixtures::fixtures_dir().join("manifest.jsonl"))
        .expect("fixtures/manifest.jsonl");
    text_all
        .lines()
        .map(|line| {
            let raw: Value = serde_json::from_str(line).expect("manifest line is JSON");
            Record {
                file: text(&raw, "file").expect("file"),
                doc: raw["doc"].clone(),
                form: form_of(&raw["form"]),
                today: date(&raw, "today").expect("today"),
                causes: list(&raw, "causes"),
                expected_codes: list(&raw, "expected_codes"),
                expected_fail: list(&raw, "expected_fail"),
                expected_warn: list(&raw, "expected_warn"),
                may_fail: list(&raw, "may_fail"),
                raw,
            }
        })
        .collect()
}

/// The code a failing check leads to (SPEC §3, fixgen README "Manifest notes").
pub fn code_of_check(check: &str) -> &'static str {
    match check {
        "name" | "dob" | "doc_number" | "nationality" => "E005",
        "expiry" => "E018",
        "age" => "E020",
        "doc_type" | "doc_kind" | "sides" => "E044",
        "sides_match" => "E005",
        "selfie" => "E012",
        _ => "E001",
    }
}

/// What a perfect reader would report for this document.
pub fn perfect_facts(doc: &Value) -> DocFacts {
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
        // A perfect reader reads both zones, agreeing, and every check digit verifies.
        sources: {
            use kyc_check::facts::{Sources, ValueSource};
            let (name, checked) = if has_mrz {
                (ValueSource::MrzAndPrinted, ValueSource::MrzVerified)
            } else {
                (ValueSource::Printed, ValueSource::Printed)
            };
            Sources {
                name: Some(name),
                dob: Some(checked),
                doc_number: Some(checked),
                expiry: Some(checked),
                nationality: Some(checked),
            }
        },
    }
}
