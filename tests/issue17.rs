//! Regression tests for issue 17 through the command line: `--back` pairs, the `back` column of
//! `--fields`, the bank card and `document.barcode` in JSON.

// Telling a bank card needs its printed text read (OCR).
#![cfg(feature = "ocr")]

use assert_cmd::Command;
use predicates::prelude::*;

fn kyc() -> Command {
    let mut c = Command::cargo_bin("kyc-check").unwrap();
    c.env("OMP_THREAD_LIMIT", "1")
        .args(["--today", "2026-11-22"]);
    c
}

#[test]
fn the_same_side_twice_is_e044() {
    kyc()
        .args([
            "fixtures/pair-twice-front.jpg",
            "--back",
            "fixtures/pair-twice-front2.jpg",
            "--doc-type",
            "id-card",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E044"))
        .stdout(predicate::str::contains("both photos show the front"));
}

#[test]
fn a_missing_back_is_a_usage_error() {
    kyc()
        .args([
            "fixtures/pair-right-front.jpg",
            "--back",
            "fixtures/nope.jpg",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--back"));
}

#[test]
fn fields_back_column_pairs_photos() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("values.csv");
    let root = std::env::current_dir().unwrap().join("fixtures");
    std::fs::write(
        &csv,
        format!(
            "file,doc_type,back\n{0}/pair-mixed-front.jpg,id-card,{0}/pair-mixed-back.jpg\n",
            root.display()
        ),
    )
    .unwrap();
    kyc()
        .args([
            "fixtures/pair-mixed-front.jpg",
            "--format",
            "json",
            "--fields",
        ])
        .arg(&csv)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"sides_match\""))
        .stdout(predicate::str::contains("different documents"));
}

#[test]
fn a_bank_card_is_e044_and_a_licence_back_reports_its_barcode() {
    kyc()
        .args(["fixtures/bank-desk-visa.jpg"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not an identity document"));
    let out = kyc()
        .args(["fixtures/dlb-desk-pdf417.jpg", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["document"]["barcode"];
    assert_eq!(b["format"], "PDF417", "{v}");
    assert!(b["raw_len"].as_u64().unwrap() > 100);
    assert!(b["fields"]["DAQ"].is_string());
    // absent when no barcode was decoded
    let out = kyc()
        .args(["fixtures/bank-desk-visa.jpg", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["document"].get("barcode").is_none(), "{v}");
}

fn json_of(args: &[&str]) -> (i32, serde_json::Value) {
    let out = kyc()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap(), v)
}

fn finding<'a>(v: &'a serde_json::Value, check: &str) -> &'a serde_json::Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
        .unwrap_or_else(|| panic!("no {check} finding: {v}"))
}

#[test]
fn a_bank_card_is_never_passed_even_unread() {
    // read: proven not an ID (E044)
    let (code, v) = json_of(&["fixtures/bank-wood-mastercard.jpg"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(finding(&v, "doc_kind")["status"], "fail");
    // not read: nothing proves it is an identity document, so it is unverified (exit 3)
    let (code, v) = json_of(&["fixtures/bank-wood-mastercard.jpg", "--no-ocr"]);
    assert_eq!(code, 3, "{v}");
    assert_eq!(v["verdict"], "unverified");
    assert!(
        v["unverified"][0]
            .as_str()
            .unwrap()
            .contains("expiry, age and document type were not checked"),
        "{v}"
    );
}

#[test]
fn two_id_fronts_side_by_side_are_two_documents() {
    let (code, v) = json_of(&["fixtures/two-table-fronts.jpg", "--doc-type", "id-card"]);
    assert_eq!(code, 1, "{v}");
    let d = finding(&v, "documents");
    assert_eq!(d["status"], "fail", "{d}");
    assert_eq!(d["code"], "E001", "{d}");
    let e001 = v["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "E001")
        .unwrap();
    assert!(
        e001["advice"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().starts_with("Photograph one document")),
        "{e001}"
    );
}

#[test]
fn a_licence_front_and_back_in_one_photo_is_one_document() {
    let (_, v) = json_of(&[
        "fixtures/dl-stacked-frontback.jpg",
        "--name",
        "GRACE ADAEZE OKONJO",
        "--dob",
        "1969-04-22",
        "--doc-type",
        "driving-licence",
    ]);
    assert_eq!(finding(&v, "documents")["status"], "pass", "{v}");
    assert_ne!(finding(&v, "barcode_match")["status"], "fail", "{v}");
    assert!(v["codes"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn printed_text_against_another_holders_barcode_is_e005() {
    let (code, v) = json_of(&[
        "fixtures/dl-stacked-barcode-mismatch.jpg",
        "--name",
        "FELIX HÜBNER",
        "--doc-type",
        "driving-licence",
    ]);
    assert_eq!(code, 1, "{v}");
    let m = finding(&v, "barcode_match");
    assert_eq!(m["status"], "fail", "{m}");
    assert_eq!(m["code"], "E005", "{m}");
}
