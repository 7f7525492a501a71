//! The selfie pre-check on the synthetic selfies (`fixtures/selfie-*.jpg`, labelled in
//! `fixtures/selfies.jsonl`: a drawn face, no real person, one defect each) and the document's
//! `portrait` check on the document fixtures (`fixtures/manifest.jsonl`).

mod common;

use common::{manifest, Record};
use kyc_check::finding::Status;
use kyc_check::pipeline::{self, Options};
use serde_json::Value;
use std::path::Path;

fn opts() -> Options {
    let mut o = Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    o.ocr = false;
    o
}

#[test]
fn selfie_fixtures_fail_the_check_their_defect_names() {
    let text = std::fs::read_to_string("fixtures/selfies.jsonl").expect("fixtures/selfies.jsonl");
    let mut problems = Vec::new();
    let mut n = 0;
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let file = rec["file"].as_str().unwrap();
        let defect = rec["defect"].as_str().unwrap();
        let list = |k: &str| -> Vec<String> {
            rec[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let report = pipeline::check_selfie(&Path::new("fixtures").join(file), &opts())
            .expect("a readable selfie");
        n += 1;
        let status = |c: &str| {
            report
                .findings
                .iter()
                .find(|f| f.check == c)
                .map(|f| f.status)
        };
        let summary: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{}={:?}({:.2})", f.check, f.status, f.value.unwrap_or(-1.0)))
            .collect();
        println!(
            "{file:<28} faces={} {}",
            report.faces.len(),
            summary.join(" ")
        );
        // every drawn face must be found by the detector (the no-face scene and the held-up
        // document aside)
        if !["no_face", "id_card_photo"].contains(&defect) && report.faces.is_empty() {
            problems.push(format!("{file}: the drawn face was not detected"));
        }
        let expected = list("expected_fail");
        for c in &expected {
            if status(c) != Some(Status::Fail) {
                problems.push(format!("{file}: {c} should fail, is {:?}", status(c)));
            }
        }
        for c in list("expected_warn_or_fail") {
            if !matches!(status(&c), Some(Status::Fail | Status::Warn)) {
                problems.push(format!("{file}: {c} should warn, is {:?}", status(&c)));
            }
        }
        // no other check fails (a clean selfie passes every check)
        for f in &report.findings {
            if f.status == Status::Fail && !expected.iter().any(|c| c == f.check) {
                // a selfie without a face cannot be measured further: selfie_face fails too
                let tolerated = defect == "id_card_photo" && f.check == "selfie_face";
                if !tolerated {
                    problems.push(format!(
                        "{file}: {} fails unexpectedly: {}",
                        f.check, f.message
                    ));
                }
            }
        }
    }
    assert!(n >= 10, "only {n} selfie fixtures");
    assert!(problems.is_empty(), "{problems:#?}");
}

fn check_portrait(rec: &Record) -> (Status, String) {
    let report = pipeline::check_file(&rec.path(), &rec.form, &opts());
    let f = report
        .findings
        .iter()
        .find(|f| f.check == "portrait")
        .unwrap_or_else(|| panic!("{}: no portrait finding", rec.file));
    (f.status, f.message.clone())
}

/// A glare or finger defect over the portrait that the fixture labels expect to fail.
fn portrait_covered(rec: &Record) -> bool {
    rec.raw["defects"].as_array().is_some_and(|d| {
        d.iter().any(|d| {
            d["where"] == "portrait"
                && ((d["kind"] == "glare" && rec.expected_fail.iter().any(|c| c == "glare"))
                    || (d["kind"] == "finger"
                        && rec.expected_fail.iter().any(|c| c == "occlusion")))
        })
    })
}

#[test]
fn portrait_covered_by_glare_or_a_finger_fails_and_clean_pages_pass() {
    let records = manifest();
    let covered: Vec<&Record> = records.iter().filter(|r| portrait_covered(r)).collect();
    assert!(
        covered.len() >= 4,
        "fixtures with the portrait covered: {}",
        covered.len()
    );
    let mut problems = Vec::new();
    for rec in &covered {
        let (status, msg) = check_portrait(rec);
        println!("covered {:<36} {status:?} {msg}", rec.file);
        if status != Status::Fail {
            problems.push(format!("{}: portrait {status:?} ({msg})", rec.file));
        }
    }
    // clean, upright passport pages and card fronts show their portrait's face
    let clean: Vec<&Record> = records
        .iter()
        .filter(|r| r.is_clean() && !r.file.starts_with("td1b"))
        .collect();
    let mut passed = 0;
    for rec in &clean {
        let (status, msg) = check_portrait(rec);
        println!("clean   {:<36} {status:?} {msg}", rec.file);
        if status == Status::Fail {
            problems.push(format!("{}: clean page fails portrait ({msg})", rec.file));
        }
        if status == Status::Pass {
            passed += 1;
        }
    }
    println!(
        "clean pages whose portrait face was found: {passed}/{}",
        clean.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        passed * 10 >= clean.len() * 7,
        "portrait face found on {passed}/{} clean pages",
        clean.len()
    );
}
