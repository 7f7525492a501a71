//! The accuracy harness: the whole pipeline over every fixture of `fixtures/manifest.jsonl`,
//! scored per check and per code against the labels. Run with `--nocapture` to see the tables.
//! (Reading on `../shared/realdata` is asserted in `read_fixtures.rs`; the quality stage on it in
//! `realdata_quality.rs`.)
//!
//! Scoring (fixgen README, "Manifest notes"): for each check, a record is a positive when the
//! check is in `expected_fail`, tolerated when it is in `may_fail` (not counted), a negative
//! otherwise; the prediction is positive when the check's status is `fail`. A check that is
//! `skipped` is counted as skipped, never as a pass; on a positive record it is also a miss
//! (FN). A check with no positive record has no recall: it is reported as unmeasured. Codes: expected from `expected_codes`, with
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

const BAR: f64 = 0.9;

/// Checks whose measured precision or recall is below the bar today, with the floor they must
/// not fall under (the numbers measured when they were entered here). Each is an open gap named
/// in the issue notes; the harness fails if one gets worse or if a check not listed misses the bar.
///
/// (`mrz` left this list with issue 12: its five fixtures (blur 0.5–0.8 mm, motion 2–4 mm on a
/// TD3 page or a TD1 back) came out `skipped`, "no MRZ found". They now fail it by
/// `rules::mrz_lost_to_blur`: `blur` fails and the side must carry an MRZ, because a zone of an
/// MRZ's exact shape was located or the form says passport on a passport-shaped page.)
///
/// (`doc_number` left this list with issue 12: hand-edge-licence-left's 5B81720Z, which
/// Tesseract returns as 5B81720zZ, is no longer upper-cased into 5B81720ZZ but refused, see
/// `read::viz::clean_number`.)
const KNOWN_BELOW_BAR: &[(&str, f64, f64)] = &[];

/// Clean, correctly filled fixtures predicted rejected today (the bar is 0); an open gap named in
/// the issue notes, which the harness will not let grow.
/// Issue 12's families added one, hand-edge-licence-left (a false E005: its number read as
/// 5B81720ZZ), now unverified instead (see [`KNOWN_CLEAN_UNVERIFIED`]). (booklet-warmwood-clean
/// was the second until `portrait` stopped calling a 0.01 % highlight on the portrait glare that
/// hides the face.)
const KNOWN_CLEAN_REJECTED: usize = 0;

/// Fixtures whose form codes differ from their form case's (hand-edge-licence-left was one until
/// its misread number was refused instead of compared).
const KNOWN_WRONG_FORM: usize = 0;

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
    /// `None` when nothing was predicted positive: unmeasured, not perfect.
    fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0).then(|| self.tp as f64 / (self.tp + self.fp) as f64)
    }
    /// `None` when no record is positive: unmeasured, not perfect.
    fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
    fn ran(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn + self.tolerated
    }
}

/// The labels as they stand once the photo has been read (SPEC: a `resolution` fail predicts an
/// unreadable document, which a verified MRZ with its fields read disproves; `rules.rs`,
/// issue 12). On a record labelled to fail `resolution` whose report shows a verified MRZ, the
/// expected outcome is a warning: `resolution` leaves `expected_fail` for `expected_warn`, and
/// E001 leaves `expected_codes` unless another expected check gives it. Returns the adjusted
/// records and, for each adjusted one, the status `resolution` came out with (it must be `Warn`:
/// detected, and softened).
fn after_reading(records: Vec<Record>, reports: &[Report]) -> (Vec<Record>, Vec<(String, Status)>) {
    let mut softened = Vec::new();
    let records = records
        .into_iter()
        .zip(reports)
        .map(|(mut rec, rep)| {
            let verified = rep
                .document
                .mrz
                .as_ref()
                .and_then(|m| m.read())
                .is_some_and(|m| m.valid);
            if verified && rec.expected_fail.iter().any(|c| c == "resolution") {
                rec.expected_fail.retain(|c| c != "resolution");
                rec.expected_warn.push("resolution".into());
                if !rec.expected_fail.iter().any(|c| code_of_check(c) == "E001") {
                    rec.expected_codes.retain(|c| c != "E001");
                }
                softened.push((
                    rec.file.clone(),
                    status_of(rep, "resolution").unwrap_or(Status::Skipped),
                ));
            }
            rec
        })
        .collect();
    (records, softened)
}

/// A precision or recall for the tables: `unmeasured` when there was nothing to count.
fn ratio(v: Option<f64>) -> String {
    v.map_or("unmeasured".into(), |v| format!("{v:.3}"))
}

/// Every fixture checked, a `--back` pair's front with its back as `fields.csv`'s `back` column
/// names it (issue 17).
fn run_all(records: &[Record], ocr: bool) -> Vec<Report> {
    let fields = FieldsTable::read(&common::fixtures::fixtures_dir().join("fields.csv"))
        .expect("fields.csv");
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
        .chain(["mrz", "portrait"].iter())
        .chain(FORM_CHECKS.iter())
        .chain(KIND_CHECKS.iter())
    {
        let mut c = Confusion::default();
        for (rec, rep) in records.iter().zip(reports) {
            let status = status_of(rep, check);
            let tolerated = rec.may_fail.iter().any(|m| m == check);
            let expected = rec.expected_fail.iter().any(|m| m == check);
            if status.is_none() || status == Some(Status::Skipped) {
                c.skipped += 1;
                // an expected failure that did not run is a miss
                if expected && !tolerated {
                    c.fn_ += 1;
                }
                continue;
            }
            let predicted = status == Some(Status::Fail);
            if tolerated {
                c.tolerated += 1;
                continue;
            }
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
        "{:<12} {:>4} {:>4} {:>4} {:>4} {:>6} {:>7} {:>10} {:>10}",
        "check", "TP", "FP", "FN", "TN", "toler.", "skipped", "precision", "recall"
    );
    for (check, c) in table {
        println!(
            "{:<12} {:>4} {:>4} {:>4} {:>4} {:>6} {:>7} {:>10} {:>10}",
            check,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.tolerated,
            c.skipped,
            ratio(c.precision()),
            ratio(c.recall())
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
        "{:<6} {:>4} {:>4} {:>4} {:>4} {:>6} {:>10} {:>10}",
        "code", "TP", "FP", "FN", "TN", "toler.", "precision", "recall"
    );
    for (code, c) in &rows {
        println!(
            "{:<6} {:>4} {:>4} {:>4} {:>4} {:>6} {:>10} {:>10}",
            code,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.tolerated,
            ratio(c.precision()),
            ratio(c.recall())
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
        // unmeasured (nothing to count) is reported in the table, not a miss of the bar
        let (p, r) = (c.precision().unwrap_or(1.0), c.recall().unwrap_or(1.0));
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
/// compared; `unverified` is the honest verdict. More is a reading regression. Since issue 12
/// gave "clean fixture" one definition (the `clean: …` fixtures count too), a third:
/// td1f-white-white-clean-037 (white card on a white table), whose date of birth is not read.
/// Issue 12's families added three: booklet-fabric-clean (name and date of birth read
/// differently, number not read on the data page of an open booklet), hand-edge-idfront-left
/// (name not read) and warm-fabric-idfront (number not read). Then hand-edge-licence-left: its
/// number 5B81720Z comes back from Tesseract as 5B81720zZ (one glyph emitted twice); it was
/// upper-cased into 5B81720ZZ and rejected with a false E005, and is now refused (not read),
/// so the fixture moved from rejected to unverified. Issue 12's `design-*` family (stop 33: the
/// same pages in other colour schemes, card portraits on the right) added three ID-card fronts
/// whose printed name or number the reader misses on a layout it was not tuned on
/// (design-idfront-right-desk, design-idfront-right-wood, design-idfront-left-white); the second
/// was a false E005 (`IA5S81706` read `1A5S8170`, last character lost) before `evidence` took a
/// lost edge character for a misreading.
const KNOWN_CLEAN_UNVERIFIED: usize = 9;

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
    let (records, softened) = after_reading(records, &reports);
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
    println!(
        "low-dpi fixtures whose verified reading turned the resolution fail into a warning: {}",
        softened.len()
    );
    for (file, status) in &softened {
        println!("  {file}: resolution {status:?}");
        if *status != Status::Warn {
            failures.push(format!(
                "{file}: low dpi, MRZ verified: resolution should warn, is {status:?}"
            ));
        }
    }
    failures.extend(unverified_failures(&records, &reports, ocr));
    if wrong_form > KNOWN_WRONG_FORM {
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
