//! The pipeline for one input: load → find and judge the document → read → compare → rules →
//! report. Free of clap and of printing.

use crate::facts::DocFacts;
use crate::fields;
use crate::finding::{Finding, Status};
use crate::form::Form;
use crate::load::{self, Loaded};
use crate::report::{DocumentReport, ReadReport, Report, Verdict, SCHEMA_VERSION};
use crate::rules;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a check needs besides the photo and the form.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date expiry and age are judged against.
    pub today: NaiveDate,
    /// Whether to read the document (OCR); false for `--no-ocr`.
    pub ocr: bool,
    /// Tesseract data folder (`--tessdata`), `None` for the system's.
    pub tessdata: Option<PathBuf>,
    /// Tesseract languages (`--lang`).
    pub lang: String,
    /// Folder for annotated PNGs (`--annotate`).
    pub annotate: Option<PathBuf>,
    /// A selfie to pre-check for the liveness step (`--selfie`).
    pub selfie: Option<PathBuf>,
    /// Mask names and document numbers in every output (`--redact`).
    pub redact: bool,
}

impl Options {
    /// Options for tests and benchmarks: reading on, the system's Tesseract data, no annotation.
    pub fn new(today: NaiveDate) -> Options {
        Options {
            today,
            ocr: true,
            tessdata: None,
            lang: "eng".into(),
            annotate: None,
            selfie: None,
            redact: false,
        }
    }
}

/// The image-quality checks, in report order (SPEC §4).
pub const QUALITY_CHECKS: [&str; 12] = [
    "resolution",
    "document",
    "corners",
    "margin",
    "angle",
    "blur",
    "glare",
    "exposure",
    "occlusion",
    "color",
    "edited",
    "screen",
];

/// The form checks, in report order (SPEC §4).
pub const FORM_CHECKS: [&str; 7] = [
    "name",
    "dob",
    "doc_number",
    "nationality",
    "expiry",
    "age",
    "doc_type",
];

const NOT_YET: &str = "not implemented yet";

/// The OCR engine linked into this build, for `--version`.
pub fn ocr_engine_version() -> String {
    if cfg!(feature = "ocr") {
        "tesseract (not wired yet)".into()
    } else {
        "built without OCR".into()
    }
}

/// Checks the photo at `path` against the form values.
pub fn check_file(path: &Path, form: &Form, opts: &Options) -> Report {
    let start = Instant::now();
    let file = path.display().to_string();
    match load::load(path) {
        Ok(loaded) => {
            let mut report = check(&loaded, form, opts);
            report.file = file;
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            report
        }
        Err(e) => Report::error(file, e.to_string(), start.elapsed().as_millis() as u64),
    }
}

/// Checks a loaded photo against the form values.
pub fn check(loaded: &Loaded, form: &Form, opts: &Options) -> Report {
    let start = Instant::now();
    let _ = loaded;
    let mut findings: Vec<Finding> = QUALITY_CHECKS
        .iter()
        .map(|c| Finding::skipped(c, NOT_YET))
        .collect();

    let facts = DocFacts::default();
    findings.push(if opts.ocr {
        Finding::skipped("mrz", NOT_YET)
    } else {
        Finding::skipped("mrz", "reading turned off (--no-ocr)")
    });
    findings.extend(fields::compare(form, &facts, opts.today));
    if opts.selfie.is_some() {
        findings.push(Finding::skipped("selfie", NOT_YET));
    }

    let codes = rules::predict(&findings);
    let verdict = if codes.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Reject
    };
    debug_assert!(findings
        .iter()
        .all(|f| (f.status == Status::Fail) == f.code.is_some()));
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        file: String::new(),
        verdict,
        codes,
        findings,
        document: DocumentReport::default(),
        read: read_report(&facts),
        error: None,
        elapsed_ms: start.elapsed().as_millis() as u64,
    };
    if opts.redact {
        report.redact(&fields::quoted_identifiers(form, &facts));
    }
    report
}

fn read_report(facts: &DocFacts) -> ReadReport {
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    ReadReport {
        surname: facts.surname.clone(),
        given_names: facts.given_names.clone(),
        dob: date(facts.dob),
        doc_number: facts.doc_number.clone(),
        expiry: date(facts.expiry),
        nationality: facts.nationality.clone(),
        sex: facts.sex.map(String::from),
    }
}
