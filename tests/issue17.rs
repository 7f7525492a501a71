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
