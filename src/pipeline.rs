//! The pipeline for one input: load → find and judge the document → read → compare → rules →
//! report. Free of clap and of printing.

use crate::annotate::{self, Mark, MarkShape};
use crate::evidence;
use crate::facts::{DocFacts, Shape};
use crate::fields;
use crate::finding::{Finding, Status};
use crate::form::DocType;
use crate::form::Form;
use crate::load::{self, Loaded};
use crate::ocr::OcrConfig;
use crate::quality;
use crate::read;
use crate::report::{
    self as report_mod, DocumentReport, ReadReport, Report, Verdict, SCHEMA_VERSION,
};
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
pub const QUALITY_CHECKS: [&str; 12] = quality::CHECKS;

/// The form checks, in report order (SPEC §4).
pub const FORM_CHECKS: [&str; 7] = fields::CHECKS;

const NOT_YET: &str = "not implemented yet";

/// The OCR engine linked into this build, for `--version`.
pub fn ocr_engine_version() -> String {
    crate::ocr::engine_version()
}

/// Checks the photo at `path` against the form values; writes the annotated PNG when
/// `opts.annotate` names a folder.
pub fn check_file(path: &Path, form: &Form, opts: &Options) -> Report {
    let start = Instant::now();
    let file = path.display().to_string();
    // Without reading, nothing needs the photo's every pixel: a large JPEG decodes at a reduced
    // scale (the checks work on a copy of about that size anyway).
    let loaded = if opts.ocr {
        load::load(path)
    } else {
        load::load_reduced(path, quality::WORK_MIN_SIDE)
    };
    match loaded {
        Ok(loaded) => {
            let (mut report, marks) = check_marked(&loaded, form, opts);
            report.file = file;
            if let Some(dir) = &opts.annotate {
                let mut image = annotate::draw(&loaded.image, &marks);
                if opts.redact {
                    // the MRZ spells the name and number: hide it on the copy too
                    let k = loaded.scale.max(1);
                    for f in report.findings.iter().filter(|f| f.check == "mrz") {
                        if let Some(r) = f.region {
                            annotate::cover(&mut image, r.map(|v| v / k));
                        }
                    }
                }
                if let Err(e) = annotate::save_new(dir, &annotate::stem_for(path), &image) {
                    // the check ran, but what was asked for is missing: this file's error
                    report.verdict = Verdict::Error;
                    report.error = Some(format!(
                        "could not write the annotated PNG into {} ({e}); check that the \
                         folder is writable and has free space",
                        dir.display()
                    ));
                }
            }
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            report
        }
        Err(e) => Report::error(file, e.to_string(), start.elapsed().as_millis() as u64),
    }
}

/// Checks a loaded photo against the form values.
pub fn check(loaded: &Loaded, form: &Form, opts: &Options) -> Report {
    check_marked(loaded, form, opts).0
}

/// [`check`], also returning what to draw for `--annotate`.
pub fn check_marked(loaded: &Loaded, form: &Form, opts: &Options) -> (Report, Vec<Mark>) {
    let start = Instant::now();
    // 1. Find the document and judge the photo.
    let assessment = quality::assess(loaded);
    let mut findings = assessment.findings;
    // regions in findings are in pixels of the photo as taken
    for f in &mut findings {
        f.region = f.region.map(|r| r.map(|v| v * loaded.scale));
    }
    let mut marks = assessment.marks;
    let detected = assessment.document;

    // 2. Read it: MRZ, then the visual zone.
    let mut facts = DocFacts::default();
    let mut mrz = None;
    let mut mrz_region = None;
    let mut reading_error = None;
    if opts.ocr {
        let config = OcrConfig {
            tessdata: opts.tessdata.clone(),
            lang: opts.lang.clone(),
        };
        let corners = detected
            .as_ref()
            .filter(|d| !d.fills_frame)
            .map(|d| d.corners);
        // The printed text is read only when the form gives something it could supply.
        let printed_text = form.name.is_some()
            || form.dob.is_some()
            || form.doc_number.is_some()
            || form.expiry.is_some()
            || form.doc_type.is_some();
        match read::read_for(&loaded.image, corners, &config, opts.today, printed_text) {
            Ok(reading) => {
                facts = reading.facts;
                mrz = reading.mrz;
                findings.extend(reading.findings);
                mrz_region = reading.mrz_region;
                if let Some(region) = reading.mrz_region {
                    marks.push(Mark {
                        label: "MRZ".into(),
                        color: MRZ_COLOR,
                        shape: MarkShape::Rect(region),
                    });
                }
            }
            Err(e) => {
                findings.push(read::skipped_finding(&e.to_string()));
                reading_error = Some(e.to_string());
            }
        }
    } else {
        findings.push(read::skipped_finding(if cfg!(feature = "ocr") {
            "reading turned off (--no-ocr)"
        } else {
            "reading turned off (this build has no OCR)"
        }));
    }
    if facts.shape.is_none() {
        facts.shape = detected.as_ref().and_then(|d| d.shape);
    }
    // What the reading proved weighs against the photo checks that predicted it would fail.
    let proof = rules::ReadProof {
        mrz_verified: mrz.as_ref().is_some_and(|m| m.valid),
        fields_read: facts.surname.is_some() && facts.dob.is_some() && facts.doc_number.is_some(),
        mrz_dpi: mrz.as_ref().zip(mrz_region).and_then(|(m, r)| {
            let long_px = (r[2].max(r[3]) * loaded.scale) as f64;
            quality::resolution::mrz_dpi(&m.format, long_px)
        }),
    };
    rules::weigh_against_reading(&mut findings, proof);

    // 3. Compare with the form, trusting each value only as far as the document vouches for it.
    let (facts, source) = match &mrz {
        Some(m) => evidence::gate(facts, Some(m.valid), &m.checks),
        None => evidence::gate(facts, None, &crate::read::MrzChecks::default()),
    };
    let mut compared = fields::compare(form, &facts, opts.today);
    let photo_failures: Vec<&str> = findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .map(|f| f.check)
        .collect();
    evidence::temper(
        &mut compared,
        source,
        form,
        &facts,
        opts.today,
        &photo_failures,
    );
    if !opts.ocr {
        rules::mark_reading_off(&mut compared, form);
    }
    // Redacted before anything is made from them (codes, annotation labels): the name and
    // number checks then say only where the values differ, never which characters.
    let secrets = opts
        .redact
        .then(|| fields::quoted_identifiers(form, &facts));
    if let Some(secrets) = &secrets {
        report_mod::redact_findings(&mut compared, secrets);
    }
    // Mismatches are listed down the left edge of the annotated image, one line each.
    let line_px = (loaded.image.width().max(loaded.image.height()) / 40).max(14);
    for (i, f) in compared
        .iter()
        .filter(|f| f.status == Status::Fail)
        .enumerate()
    {
        let mut label: String = format!("{}: {}", f.check, f.message);
        if label.chars().count() > 70 {
            label = label.chars().take(69).collect::<String>() + "…";
        }
        marks.push(Mark {
            label,
            color: MISMATCH_COLOR,
            shape: MarkShape::Rect([4, 4 + i as u32 * line_px * 3 / 2, 1, 1]),
        });
    }
    findings.extend(compared);
    if opts.selfie.is_some() {
        findings.push(Finding::skipped("selfie", NOT_YET));
    }

    // 4. Rules and report.
    let codes = rules::predict(&findings);
    let unverified = rules::unverified(form, &facts, &findings, reading_error.as_deref());
    let verdict = rules::verdict(&codes, &unverified);
    debug_assert!(findings
        .iter()
        .all(|f| (f.status == Status::Fail) == f.code.is_some()));
    let doc_type = facts
        .doc_type
        .or(match facts.shape {
            Some(Shape::Id3) => Some(DocType::Passport),
            _ => None,
        })
        .map(|t| t.id().to_string())
        .or_else(|| {
            facts
                .shape
                .filter(|s| *s == Shape::Id1)
                .map(|_| "card".to_string())
        });
    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        file: String::new(),
        verdict,
        unverified,
        codes,
        findings,
        document: DocumentReport {
            doc_type,
            // in pixels of the photo as taken
            corners: detected.map(|d| {
                let k = loaded.scale as f32;
                d.corners.iter().map(|c| [c[0] * k, c[1] * k]).collect()
            }),
            mrz: mrz.and_then(|m| serde_json::to_value(m).ok()),
        },
        read: read_report(&facts),
        error: None,
        elapsed_ms: start.elapsed().as_millis() as u64,
    };
    if let Some(secrets) = &secrets {
        report.redact(secrets);
    }
    (report, marks)
}

/// Annotation colours for what reading and comparing found.
const MRZ_COLOR: [u8; 3] = [0, 120, 255];
const MISMATCH_COLOR: [u8; 3] = [230, 30, 30];

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
