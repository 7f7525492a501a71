//! Never claim a mismatch the document does not prove: every real image of
//! `../shared/realdata` with ground truth (`specimens/`, `documents/`), checked through the whole
//! pipeline with the form filled in exactly as the document prints it (name, date of birth,
//! document number from the ground-truth MRZ), must get no E005. A misreading of a name, a
//! number or a date must come out as a warning, never as "the information does not match".
//!
//! Fails when the data is missing and `KYC_REQUIRE_REALDATA=1` is set (as CI sets it).

use chrono::NaiveDate;
use kyc_check::codes::Code;
use kyc_check::fields::dates::{mrz_date, DateKind};
use kyc_check::finding::Status;
use kyc_check::form::Form;
use kyc_check::pipeline::{self, Options};
use rayon::prelude::*;
use std::path::Path;

fn realdata() -> Option<&'static Path> {
    let dir = Path::new("../shared/realdata");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("KYC_REQUIRE_REALDATA").is_none(),
        "../shared/realdata is missing and KYC_REQUIRE_REALDATA is set"
    );
    println!("skipped: ../shared/realdata is not here");
    None
}

/// The form a careful person fills in from the ground-truth MRZ: given names and surname with
/// fillers as spaces, the date of birth, the full document number.
fn form_of(format: &str, truth: &str, today: NaiveDate) -> Option<Form> {
    let lines: Vec<&str> = truth.split('|').collect();
    let data = match (format, &lines[..]) {
        ("TD3", [a, b]) => ::mrz::parse_td3(a, b),
        ("TD2", [a, b]) => ::mrz::parse_td2(a, b),
        ("MRVA", [a, b]) => ::mrz::parse_mrv_a(a, b),
        ("MRVB", [a, b]) => ::mrz::parse_mrv_b(a, b),
        ("TD1", [a, b, c]) => ::mrz::parse_td1(a, b, c),
        _ => return None,
    }
    .ok()?;
    let clean = |s: &str| {
        s.replace('<', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = format!("{} {}", clean(&data.given_names), clean(&data.surname));
    let dob = data.date_of_birth.calendar().and_then(|d| {
        let yymmdd = format!("{:02}{:02}{:02}", d.year % 100, d.month, d.day);
        mrz_date(&yymmdd, DateKind::Birth, today)
    });
    let number = data.full_document_number().trim_matches('<').to_string();
    Some(Form {
        name: Some(name.trim().to_string()).filter(|n| !n.is_empty()),
        dob,
        doc_number: Some(number).filter(|n| !n.is_empty()),
        ..Form::default()
    })
}

#[test]
fn realdata_correct_forms_get_no_e005() {
    let Some(dir) = realdata() else { return };
    if !cfg!(feature = "ocr") {
        println!("skipped: built without OCR");
        return;
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = Options::new(today);
    // (set, format column, ground-truth column) of each manifest
    let mut cases: Vec<(String, std::path::PathBuf, Form)> = Vec::new();
    for (set, format_col, truth_col) in [("specimens", 6, 7), ("documents", 7, 8)] {
        let manifest = std::fs::read_to_string(dir.join(set).join("MANIFEST.tsv"))
            .unwrap_or_else(|e| panic!("{set}/MANIFEST.tsv: {e}"));
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(format), Some(truth)) = (cols.get(format_col), cols.get(truth_col)) else {
                continue;
            };
            if let Some(form) = form_of(format, truth, today) {
                cases.push((
                    format!("{set}/{}", cols[0]),
                    dir.join(set).join(cols[0]),
                    form,
                ));
            }
        }
    }
    assert!(
        cases.len() >= 60,
        "only {} cases with ground truth",
        cases.len()
    );
    let results: Vec<(String, Vec<String>, Vec<String>)> = cases
        .par_iter()
        .map(|(name, path, form)| {
            let report = pipeline::check_file(path, form, &opts);
            let e005: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.code == Some(Code::E005))
                .map(|f| format!("{}: {}", f.check, f.message))
                .collect();
            let warned: Vec<String> = report
                .findings
                .iter()
                .filter(|f| {
                    f.status == Status::Warn && ["name", "dob", "doc_number"].contains(&f.check)
                })
                .map(|f| f.check.to_string())
                .collect();
            (name.clone(), e005, warned)
        })
        .collect();
    let wrong: Vec<&(String, Vec<String>, Vec<String>)> =
        results.iter().filter(|r| !r.1.is_empty()).collect();
    let warned = results.iter().filter(|r| !r.2.is_empty()).count();
    println!(
        "\nreal images with ground truth, form filled in as printed: {}; E005 on {}; a \
         name/dob/number warning (misreading suspected) on {warned}",
        results.len(),
        wrong.len()
    );
    for (name, e005, _) in &wrong {
        println!("  E005 {name}: {}", e005.join("; "));
    }
    assert!(
        wrong.is_empty(),
        "{} correctly filled forms got E005 (see above)",
        wrong.len()
    );
}
