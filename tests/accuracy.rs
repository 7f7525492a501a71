//! The accuracy harness: the whole pipeline over every fixture of `fixtures/manifest.jsonl`,
//! scored per check and per code against the labels, plus the MRZ reading rates on
//! `../shared/realdata/` when it is present. Run with `--nocapture` to see the tables.
//!
//! Scoring (fixgen README, "Manifest notes"): for each check, a record is a positive when the
//! check is in `expected_fail`, tolerated when it is in `may_fail` (not counted), a negative
//! otherwise; the prediction is positive when the check's status is `fail`. A check that is
//! `skipped` is counted as skipped, never as a pass. Codes: expected from `expected_codes`, with
//! a code implied only by a `may_fail` check tolerated.
//!
//! Bars (SPEC §6): precision and recall ≥ 0.9 for every check that ran, and no clean, correctly
//! filled fixture rejected.

mod common;

use common::{code_of_check, manifest, Record};
use kyc_check::config::FieldsTable;
use kyc_check::finding::Status;
use kyc_check::pipeline::{self, Options, FORM_CHECKS, KIND_CHECKS, QUALITY_CHECKS};
use kyc_check::report::Report;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const BAR: f64 = 0.9;

/// Checks whose measured precision or recall is below the bar today, with the floor they must
/// not fall under (the numbers measured when they were entered here). Each is an open gap named
/// in the issue notes; the harness fails if one gets worse or if a check not listed misses the bar.
const KNOWN_BELOW_BAR: &[(&str, f64, f64)] = &[];

/// Clean, correctly filled fixtures predicted rejected today (the bar is 0); an open gap named in
/// the issue notes, which the harness will not let grow.
const KNOWN_CLEAN_REJECTED: usize = 0;

#[derive(Default, Debug, Clone, Copy)]
struct Confusion {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    tolerated: usize,
    skipped: usize,
}

impl Confusion {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    fn ran(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn + self.tolerated
    }
}

/// Every fixture checked, a `--back` pair's front with its back as `fields.csv`'s `back` column
/// names it (issue 17).
fn run_all(records: &[Record], ocr: bool) -> Vec<Report> {
    let fields = FieldsTable::read(Path::new("fixtures/fields.csv")).expect("fixtures/fields.csv");
    let paths: Vec<std::path::PathBuf> = records.iter().map(|r| r.path()).collect();
    let matched = fields.match_inputs(paths.iter().map(|p| p.as_path()));
    records
        .par_iter()
        .map(|r| {
            let mut opts = Options::new(r.today);
            opts.ocr = ocr;
            let back = matched.back_for(&r.path());
            pipeline::check_files(&r.path(), back.as_deref(), &r.form, &opts)
        })
        .collect()
}

fn status_of(report: &Report, check: &str) -> Option<Status> {
    report
        .findings
        .iter()
        .find(|f| f.check == check)
        .map(|f| f.status)
}

fn score(records: &[Record], reports: &[Report]) -> BTreeMap<&'static str, Confusion> {
    let mut table = BTreeMap::new();
    for check in QUALITY_CHECKS
        .iter()
        .chain(["mrz"].iter())
        .chain(FORM_CHECKS.iter())
        .chain(KIND_CHECKS.iter())
    {
        let mut c = Confusion::default();
        for (rec, rep) in records.iter().zip(reports) {
            let status = status_of(rep, check);
            if status.is_none() || status == Some(Status::Skipped) {
                c.skipped += 1;
                continue;
            }
            let predicted = status == Some(Status::Fail);
            if rec.may_fail.iter().any(|m| m == check) {
                c.tolerated += 1;
                continue;
            }
            let expected = rec.expected_fail.iter().any(|m| m == check);
            match (expected, predicted) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        table.insert(*check, c);
    }
    table
}

fn print_checks(title: &str, table: &BTreeMap<&'static str, Confusion>) {
    println!("\n{title}");
    println!(
        "{:<12} {:>4} {:>4} {:>4} {:>4} {:>6} {:>7} {:>9} {:>7}",
        "check", "TP", "FP", "FN", "TN", "toler.", "skipped", "precision", "recall"
    );
    for (check, c) in table {
        println!(
            "{:<12} {:>4} {:>4} {:>4} {:>4} {:>6} {:>7} {:>9.3} {:>7.3}",
            check,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.tolerated,
            c.skipped,
            c.precision(),
            c.recall()
        );
    }
}

/// Per code: expected vs predicted, tolerating codes implied only by `may_fail` checks.
fn print_codes(records: &[Record], reports: &[Report]) -> Vec<String> {
    let mut rows: BTreeMap<String, Confusion> = BTreeMap::new();
    let mut wrong_clean = Vec::new();
    for (rec, rep) in records.iter().zip(reports) {
        let predicted: BTreeSet<String> = rep.codes.iter().map(|c| c.code.clone()).collect();
        let expected: BTreeSet<String> = rec.expected_codes.iter().cloned().collect();
        let tolerated: BTreeSet<String> = rec
            .may_fail
            .iter()
            .map(|c| code_of_check(c).to_string())
            .collect();
        for code in ["E001", "E005", "E018", "E020", "E044"] {
            let c = rows.entry(code.to_string()).or_default();
            let p = predicted.contains(code);
            let e = expected.contains(code);
            if !e && tolerated.contains(code) {
                c.tolerated += 1;
                continue;
            }
            match (e, p) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        if rec.is_clean() && !predicted.is_subset(&tolerated) {
            wrong_clean.push(format!("{} → {:?}", rec.file, predicted));
        }
    }
    println!("\nper code (expected_codes vs predicted; codes implied by may_fail tolerated)");
    println!(
        "{:<6} {:>4} {:>4} {:>4} {:>4} {:>6} {:>9} {:>7}",
        "code", "TP", "FP", "FN", "TN", "toler.", "precision", "recall"
    );
    for (code, c) in &rows {
        println!(
            "{:<6} {:>4} {:>4} {:>4} {:>4} {:>6} {:>9.3} {:>7.3}",
            code,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.tolerated,
            c.precision(),
            c.recall()
        );
    }
    wrong_clean
}

/// Per form case: expected vs predicted form codes (E005, E018, E020, E044), E001 aside.
fn print_form_cases(records: &[Record], reports: &[Report]) -> usize {
    let mut rows: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for (rec, rep) in records.iter().zip(reports) {
        let case = common::text(&rec.raw, "form_case").unwrap_or_default();
        let tolerated: BTreeSet<String> = rec
            .may_fail
            .iter()
            .map(|c| code_of_check(c).to_string())
            .collect();
        let form_code = |c: &String| c != "E001";
        let expected: BTreeSet<String> = rec
            .expected_codes
            .iter()
            .filter(|c| form_code(c))
            .cloned()
            .collect();
        let predicted: BTreeSet<String> = rep
            .codes
            .iter()
            .map(|c| c.code.clone())
            .filter(|c| form_code(c) && (expected.contains(c) || !tolerated.contains(c)))
            .collect();
        let row = rows.entry(case).or_default();
        row.0 += 1;
        if expected == predicted {
            row.1 += 1;
        } else {
            row.2.push(format!(
                "{} expected {expected:?} got {predicted:?}",
                rec.file
            ));
        }
    }
    println!(
        "\nper form case (form codes E005/E018/E020/E044; E001 aside; may_fail codes tolerated)"
    );
    println!("{:<28} {:>4} {:>8}", "form case", "n", "exact");
    let mut wrong = 0;
    for (case, (n, ok, misses)) in &rows {
        println!("{case:<28} {n:>4} {ok:>8}");
        for m in misses {
            println!("    {m}");
        }
        wrong += n - ok;
    }
    wrong
}

fn print_misses(records: &[Record], reports: &[Report], check: &str) {
    for (rec, rep) in records.iter().zip(reports) {
        let Some(f) = rep.findings.iter().find(|f| f.check == check) else {
            continue;
        };
        if f.status == Status::Skipped || rec.may_fail.iter().any(|m| m == check) {
            continue;
        }
        let expected = rec.expected_fail.iter().any(|m| m == check);
        if expected != (f.status == Status::Fail) {
            println!(
                "  {check} {}: {} — {:?} {:?}",
                if expected { "missed" } else { "false alarm" },
                rec.file,
                f.value,
                f.message
            );
        }
    }
}

/// Every check below the bar (or below its recorded floor), with its misses printed.
fn bar_failures(
    table: &BTreeMap<&'static str, Confusion>,
    records: &[Record],
    reports: &[Report],
) -> Vec<String> {
    let mut failures = Vec::new();
    for (check, c) in table {
        if c.ran() == 0 {
            continue;
        }
        let (p, r) = (c.precision(), c.recall());
        if p < BAR || r < BAR {
            println!("\n{check} below the bar:");
            print_misses(records, reports, check);
        }
        if let Some((_, pf, rf)) = KNOWN_BELOW_BAR.iter().find(|(k, _, _)| k == check) {
            if p < *pf || r < *rf {
                failures.push(format!(
                    "{check}: precision {p:.3} recall {r:.3} fell below the recorded floor {pf:.3}/{rf:.3}"
                ));
            }
            continue;
        }
        if p < BAR || r < BAR {
            failures.push(format!(
                "{check}: precision {p:.3} recall {r:.3} (bar {BAR})"
            ));
        }
    }
    failures
}

/// Clean, correctly filled fixtures whose verdict is `unverified` with reading on (a form value
/// that could not be compared): each is printed with what was not compared. Measured at the
/// introduction of the verdict (issue 16) over the 186 fixtures: 2, both driving licences whose
/// printed number the visual-zone reader misses (dl-desk-clean-016 `5B81720Z`,
/// dl-white-phone-clean-022 `UT0O61787`). They used to `pass` with the typed number never
/// compared; `unverified` is the honest verdict. More is a reading regression.
const KNOWN_CLEAN_UNVERIFIED: usize = 2;

/// The `unverified` verdict on the fixtures: with reading off, every fixture with a form value
/// and no predicted code is `unverified` (nothing could be compared) and none is `pass`; with
/// reading on, clean fixtures are `pass` up to [`KNOWN_CLEAN_UNVERIFIED`].
fn unverified_failures(records: &[Record], reports: &[Report], ocr: bool) -> Vec<String> {
    use kyc_check::report::Verdict;
    let mut failures = Vec::new();
    let mut unverified = Vec::new();
    for (rec, rep) in records.iter().zip(reports) {
        let given = rec.form != kyc_check::form::Form::default();
        if !ocr && given && rep.verdict == Verdict::Pass {
            failures.push(format!(
                "{}: pass with reading off although form values were given",
                rec.file
            ));
        }
        if rep.verdict == Verdict::Unverified {
            assert!(rep.codes.is_empty() && !rep.unverified.is_empty());
            if rec.is_clean() {
                unverified.push(format!("{}: {}", rec.file, rep.unverified.join("; ")));
            }
        }
    }
    println!(
        "clean, correctly filled fixtures unverified: {}",
        unverified.len()
    );
    for u in &unverified {
        println!("  unverified: {u}");
    }
    if ocr && unverified.len() > KNOWN_CLEAN_UNVERIFIED {
        failures.push(format!(
            "{} clean fixtures unverified (recorded ceiling {KNOWN_CLEAN_UNVERIFIED})",
            unverified.len()
        ));
    }
    failures
}

#[test]
fn fixtures_meet_the_bars() {
    let records = manifest();
    assert!(records.len() >= 150, "{} fixtures", records.len());
    let ocr = cfg!(feature = "ocr");
    let reports = run_all(&records, ocr);
    let errors: Vec<_> = reports
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| format!("{}: {:?}", r.file, r.error))
        .collect();
    assert!(
        errors.is_empty(),
        "fixtures that could not be read: {errors:?}"
    );
    let table = score(&records, &reports);
    print_checks(
        &format!(
            "per check over {} fixtures (reading {})",
            records.len(),
            if ocr { "on" } else { "off" }
        ),
        &table,
    );
    let wrong_clean = print_codes(&records, &reports);
    let wrong_form = print_form_cases(&records, &reports);
    println!("form cases with other codes than expected: {wrong_form}");
    for w in &wrong_clean {
        println!("  clean fixture rejected: {w}");
    }
    let clean = records.iter().filter(|r| r.is_clean()).count();
    println!(
        "clean, correctly filled fixtures: {clean}, rejected: {}",
        wrong_clean.len()
    );
    let mut failures = bar_failures(&table, &records, &reports);
    failures.extend(unverified_failures(&records, &reports, ocr));
    if wrong_form > 0 {
        failures.push(format!(
            "{wrong_form} fixtures got other form codes than their form case expects"
        ));
    }
    if wrong_clean.len() > KNOWN_CLEAN_REJECTED {
        failures.push(format!(
            "{} clean fixtures rejected (recorded ceiling {KNOWN_CLEAN_REJECTED})",
            wrong_clean.len()
        ));
    }
    assert!(
        failures.is_empty(),
        "below the bar:\n{}",
        failures.join("\n")
    );
}

// ---- ../shared/realdata ----

fn realdata() -> Option<&'static Path> {
    let dir = Path::new("../shared/realdata");
    dir.is_dir().then_some(dir)
}

fn mrz_lines(report: &Report) -> Option<(Vec<String>, bool)> {
    let mrz = report.document.mrz.as_ref()?;
    let lines = mrz["lines"]
        .as_array()?
        .iter()
        .filter_map(|l| l.as_str().map(str::to_string))
        .collect();
    Some((lines, mrz["valid"].as_bool().unwrap_or(false)))
}

#[test]
fn realdata_reading_rates() {
    let Some(dir) = realdata() else {
        println!("skipped: ../shared/realdata is not here");
        return;
    };
    if !cfg!(feature = "ocr") {
        println!("skipped: built without OCR");
        return;
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = Options::new(today);
    let form = kyc_check::form::Form::default();

    // specimens: MRZ equal to the ground truth, character for character.
    let manifest = std::fs::read_to_string(dir.join("specimens/MANIFEST.tsv")).unwrap();
    let rows: Vec<Vec<String>> = manifest
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .filter(|r: &Vec<String>| r.len() > 7 && r[6] != "none")
        .collect();
    let results: Vec<(String, bool, bool, String)> = rows
        .par_iter()
        .map(|r| {
            let rep = pipeline::check_file(&dir.join("specimens").join(&r[0]), &form, &opts);
            let truth: Vec<String> = r[7].split('|').map(str::to_string).collect();
            let read = mrz_lines(&rep);
            let exact = read.as_ref().is_some_and(|(l, _)| *l == truth);
            let valid = read.as_ref().is_some_and(|(_, v)| *v);
            (
                r[0].clone(),
                exact,
                valid,
                read.map(|(l, _)| l.join("|")).unwrap_or_default(),
            )
        })
        .collect();
    println!("\nspecimens with an MRZ: {}", results.len());
    for (file, exact, valid, read) in &results {
        println!(
            "  {:<5} {:<5} {file} {read}",
            if *exact { "exact" } else { "-" },
            if *valid { "valid" } else { "-" }
        );
    }
    let exact = results.iter().filter(|r| r.1).count();
    println!(
        "specimens: MRZ exact {exact}/{} ({:.1} %), fully valid {}",
        results.len(),
        100.0 * exact as f64 / results.len().max(1) as f64,
        results.iter().filter(|r| r.2).count()
    );

    // passporteye: every check digit verifies.
    let mut files: Vec<_> = std::fs::read_dir(dir.join("passporteye"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "tsv" && e != "md"))
        .collect();
    files.sort();
    let valid: Vec<(String, bool)> = files
        .par_iter()
        .map(|p| {
            let rep = pipeline::check_file(p, &form, &opts);
            let ok = mrz_lines(&rep).is_some_and(|(_, v)| v);
            (p.file_name().unwrap().to_string_lossy().into_owned(), ok)
        })
        .collect();
    let n_valid = valid.iter().filter(|v| v.1).count();
    println!(
        "passporteye: fully valid MRZ {n_valid}/{} (PassportEye here: 10; by its file names: 19)",
        valid.len()
    );
}
