//! The pipeline for one input: load → find and judge the document → read → compare → rules →
//! report. Free of clap and of printing.

use crate::annotate::{self, Mark, MarkShape};
use crate::barcode;
use crate::evidence;
use crate::face;
use crate::facts::{DocFacts, Shape};
use crate::fields;
use crate::finding::{Finding, Status};
use crate::form::DocType;
use crate::form::Form;
use crate::kind;
use crate::load::{self, Loaded};
use crate::ocr::OcrConfig;
use crate::quality;
use crate::read;
use crate::report::{
    self as report_mod, DocumentReport, DocumentType, MrzOutput, ReadReport, Report, Verdict,
    SCHEMA_VERSION,
};
use crate::rules;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod selfie;
pub use selfie::{attach_selfie, check_selfie, selfie_report, SELFIE_DECODE_SIDE};

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
    /// With reading on, judge the photo on a second thread while the MRZ is read. It shortens
    /// the wait only when a core is spare (fewer photos in flight than cores); otherwise it
    /// only adds memory (the 251 fixtures at `-j2` on 2 cores: 45 s either way, 321 MB
    /// against 245 MB). The answer is the same either way.
    pub overlap: bool,
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
            overlap: true,
        }
    }
}

/// The image-quality checks, in report order (SPEC §4).
pub const QUALITY_CHECKS: [&str; 12] = quality::CHECKS;

/// The document-kind checks (issue 17), in report order.
pub const KIND_CHECKS: [&str; 6] = kind::CHECKS;

/// The form checks, in report order (SPEC §4).
pub const FORM_CHECKS: [&str; 7] = fields::CHECKS;

/// The OCR engine linked into this build, for `--version`.
pub fn ocr_engine_version() -> String {
    crate::ocr::engine_version()
}

/// Checks the photo at `path` against the form values; writes the annotated PNG when
/// `opts.annotate` names a folder.
pub fn check_file(path: &Path, form: &Form, opts: &Options) -> Report {
    check_files(path, None, form, opts)
}

/// [`check_file`] with the other side of the card (`--back`, the `back` column of `--fields`)
/// checked together with it. A back photo that cannot be loaded makes the whole input an error
/// naming it.
pub fn check_files(path: &Path, back: Option<&Path>, form: &Form, opts: &Options) -> Report {
    let start = Instant::now();
    let file = path.display().to_string();
    let back_loaded = match back {
        None => None,
        Some(b) => match load_for(b, opts) {
            Ok(l) => Some(l),
            Err(e) => {
                return Report::error(
                    file,
                    format!("--back {}: {e}", b.display()),
                    start.elapsed().as_millis() as u64,
                )
            }
        },
    };
    match load_for(path, opts) {
        Ok(loaded) => {
            let (mut report, marks) = check_pair_marked(&loaded, back_loaded.as_ref(), form, opts);
            report.file = file;
            if let Some(what) = load::extra_frames(path, loaded.format) {
                report.findings.push(
                    Finding::warn(
                        "frames",
                        format!("this is {what}: only its first picture was checked"),
                    )
                    .with_advice("Send a single still photo (JPEG or PNG) of the document."),
                );
            }
            if let Some(dir) = &opts.annotate {
                let mut base = loaded.image.clone();
                if opts.redact {
                    // the MRZ spells the name and number: hide it on the copy too (before
                    // drawing, which may add a banner strip above the photo)
                    for f in report.findings.iter().filter(|f| f.check == "mrz") {
                        if let Some(r) = f.region {
                            annotate::cover(&mut base, loaded.from_photo(r));
                        }
                    }
                }
                let image = annotate::draw(&base, &marks);
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

/// Loads a photo: every pixel when it is to be read, else at a reduced scale (without reading,
/// nothing needs the photo's every pixel; the checks work on a copy of about that size anyway).
fn load_for(path: &Path, opts: &Options) -> Result<Loaded, load::LoadError> {
    if opts.ocr {
        load::load(path)
    } else {
        load::load_reduced(path, quality::WORK_MIN_SIDE)
    }
}

/// Checks a loaded photo against the form values.
pub fn check(loaded: &Loaded, form: &Form, opts: &Options) -> Report {
    check_marked(loaded, form, opts).0
}

/// [`check`], also returning what to draw for `--annotate`.
pub fn check_marked(loaded: &Loaded, form: &Form, opts: &Options) -> (Report, Vec<Mark>) {
    check_pair_marked(loaded, None, form, opts)
}

/// What one photo gave before comparing: the photo's findings, what reading found, and the
/// evidence for the `kind` stage.
struct Examined {
    findings: Vec<Finding>,
    marks: Vec<Mark>,
    detected: Option<crate::document::Detected>,
    facts: DocFacts,
    mrz: Option<read::MrzReport>,
    barcode: Option<barcode::Barcode>,
    evidence: kind::Evidence,
    /// What the printed text (and MRZ) gave, before a barcode's values were put over it.
    printed: DocFacts,
    /// Why reading could not run, when it could not.
    reading_error: Option<String>,
}

impl Examined {
    /// How far its values can be trusted, best first (for choosing between two sides).
    fn rank(&self) -> u8 {
        match (&self.mrz, &self.barcode) {
            (Some(m), _) if m.valid => 3,
            (_, Some(b)) if b.aamva.is_some() => 2,
            (Some(_), _) => 1,
            _ => 0,
        }
    }
}

/// Runs `f` with this thread's judging pool when `wanted`: one thread, made once per thread
/// that checks photos and kept (as its OCR engine is), so that no thread is started per photo.
/// `None` when not wanted (no pool is made then) or no thread could be started: the caller
/// then judges on its own thread.
fn with_judging_pool<R>(wanted: bool, f: impl FnOnce(Option<&rayon::ThreadPool>) -> R) -> R {
    thread_local! {
        static POOL: Option<rayon::ThreadPool> = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "judging".into())
            .build()
            .ok();
    }
    if !wanted {
        return f(None);
    }
    POOL.with(|pool| f(pool.as_ref()))
}

/// The faces on the rectified `page`, laid out as the outline's `shape` (a passport page when
/// the outline has none), for the `portrait` check.
fn look_for_portrait(page: &image::RgbImage, shape: Option<Shape>) -> face::portrait::Looked {
    face::portrait::look(page, shape.unwrap_or(Shape::Id3), face::portrait_detector())
}

/// Steps 1 and 2 for one photo: find and judge the document, read it (MRZ, barcode, printed
/// text).
fn examine(loaded: &Loaded, form: &Form, opts: &Options) -> Examined {
    let config = OcrConfig {
        tessdata: opts.tessdata.clone(),
        lang: opts.lang.clone(),
    };
    // One grayscale copy serves the barcode search (in its own thread while the document is
    // judged and read) and the MRZ.
    let gray = opts.ocr.then(|| image::imageops::grayscale(&loaded.image));
    let pending = gray.as_ref().map(barcode::start);
    // 1. Find the document and judge the photo; meanwhile (reading on) the MRZ is looked for
    //    and read, which needs the photo only. The MRZ is read on this thread, which keeps its
    //    OCR engine from one photo to the next; the judging runs on a second core.
    //    The faces on the document's page are looked for there too, as the outline's shape;
    //    the `portrait` check looks again only if the reading changes the shape.
    let (assessment, mrz_stage, looked) = if let Some(gray) = gray {
        let judge = || {
            let assessment = quality::assess(loaded);
            let looked = assessment.rectified.as_ref().map(|page| {
                look_for_portrait(page, assessment.document.as_ref().and_then(|d| d.shape))
            });
            (assessment, looked)
        };
        let ((assessment, looked), stage) = with_judging_pool(opts.overlap, |pool| match pool {
            // The judging runs in this worker's own one-thread pool, so that the face
            // detector's rayon work stays there: from a plain thread it would go to the global
            // pool, whose threads may all be waiting here (a caller checking photos in
            // parallel on it: deadlock). A plain thread hands it over and waits, because a
            // rayon thread waiting for another pool steals from its own meanwhile: it started
            // photo after photo (1.2 GB for the fixtures at -j2).
            Some(pool) => std::thread::scope(|s| {
                let judged = s.spawn(|| pool.install(judge));
                let stage = read::read_mrz_stage(gray, &config, opts.today);
                let judged = judged
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (judged, stage)
            }),
            None => (judge(), read::read_mrz_stage(gray, &config, opts.today)),
        });
        (assessment, Some(stage), looked)
    } else {
        // Without reading, a spare core looks for the portrait's face while this thread runs
        // the photo checks (the face search is a third of a 12 MP photo's time).
        let (assessment, looked) = with_judging_pool(opts.overlap, |pool| match pool {
            Some(pool) => quality::assess_with(
                loaded,
                Some(|page: &image::RgbImage, shape: Option<Shape>| {
                    pool.install(|| look_for_portrait(page, shape))
                }),
            ),
            None => (quality::assess(loaded), None),
        });
        (assessment, None, looked)
    };
    let mut findings = assessment.findings;
    // regions in findings are in pixels of the photo as taken
    for f in &mut findings {
        f.region = f.region.map(|r| loaded.to_photo(r));
    }
    let mut marks = assessment.marks;
    let detected = assessment.document;
    let rectified = assessment.rectified;

    // 2. Read it: MRZ, then the visual zone; a barcode.
    let mut facts = DocFacts::default();
    let mut mrz = None;
    let mut reading_error = None;
    let mut evidence = kind::Evidence::default();
    let mut code = None;
    let mut mrz_region = None;
    let mut mrz_cut = false;
    // a zone of TD1's exact shape was located but not read: the back of an ID card all the same
    let mut td1_located = false;
    if let (Some(stage), Some(pending)) = (mrz_stage, pending) {
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
        match stage.and_then(|stage| {
            let printed = read::Printed {
                wanted: printed_text,
                name: form.name.as_deref(),
            };
            read::finish_reading(stage, corners, &config, opts.today, printed)
        }) {
            Ok(reading) => {
                facts = reading.facts;
                mrz = reading.mrz;
                findings.extend(reading.findings);
                mrz_region = reading.mrz_region;
                if let Some(region) = reading.mrz_region {
                    marks.push(Mark {
                        label: "MRZ".into(),
                        color: annotate::colors::MRZ,
                        shape: MarkShape::Rect(region),
                    });
                }
                mrz_cut = reading.mrz_cut.is_some();
                td1_located = reading.mrz_located.is_some_and(|z| z.lines == 3);
                if mrz.is_none() {
                    let passport_page = form.doc_type == Some(DocType::Passport)
                        && detected
                            .as_ref()
                            .is_some_and(|d| !d.fills_frame && d.shape == Some(Shape::Id3));
                    let expected = if reading.mrz_located.is_some() {
                        Some(rules::MrzExpected::Located)
                    } else if passport_page {
                        Some(rules::MrzExpected::PassportPage)
                    } else {
                        None
                    };
                    rules::mrz_lost_to_blur(&mut findings, expected);
                }
                if let Some((edge, region)) = reading.mrz_cut {
                    if let Some(f) = findings
                        .iter_mut()
                        .find(|f| f.check == "corners" && f.status != Status::Fail)
                    {
                        *f = quality::framing::cut_through_mrz(edge.name())
                            .with_region(loaded.to_photo(region));
                    }
                }
                evidence.read = true;
                evidence.text = reading.text;
                evidence.second_mrz = reading.second_mrz;
            }
            Err(e) => {
                findings.push(read::skipped_finding(&e.to_string()));
                reading_error = Some(e.to_string());
            }
        }
        match pending.wait(barcode::BUDGET) {
            barcode::Outcome::Found(b) => {
                findings.push(barcode_finding(&b));
                code = Some(b);
            }
            barcode::Outcome::NotFound => {}
            barcode::Outcome::TimedOut(t) => findings.push(Finding::skipped(
                "barcode",
                format!(
                    "looking for a barcode was stopped after {} ms",
                    t.as_millis()
                ),
            )),
        }
    } else {
        findings.push(read::skipped_finding(if cfg!(feature = "ocr") {
            "reading turned off (--no-ocr)"
        } else {
            "reading turned off (this build has no OCR)"
        }));
    }
    // The outline's aspect (or, with no outline, the frame's: a scan cropped to the page)
    // stands for the document's shape. A document whose MRZ runs into the frame's edge is cut
    // by it: what is visible is not the page, and its aspect says nothing about the type (the
    // held-out Onfido cut-off passport page measured "card-sized" and got E044).
    let frame_disproved = mrz_cut;
    if facts.shape.is_none() && !frame_disproved {
        facts.shape = detected.as_ref().and_then(|d| d.shape);
    }
    let printed = facts.clone();
    if let Some(a) = code.as_ref().and_then(|b| b.aamva.as_ref()) {
        // The barcode's data elements over the printed text's (no MRZ on such a back).
        if !facts.has_mrz {
            use crate::facts::ValueSource::Barcode;
            let s = &mut facts.sources;
            if a.surname().is_some() || a.given_names().is_some() {
                s.name = Some(Barcode);
            }
            s.dob = a.dob().map(|_| Barcode).or(s.dob);
            s.expiry = a.expiry().map(|_| Barcode).or(s.expiry);
            s.doc_number = a.doc_number().map(|_| Barcode).or(s.doc_number);
            facts.surname = a.surname().or(facts.surname.take());
            facts.given_names = a.given_names().or(facts.given_names.take());
            facts.dob = a.dob().or(facts.dob);
            facts.expiry = a.expiry().or(facts.expiry);
            facts.doc_number = a.doc_number().or(facts.doc_number.take());
            facts.sex = a.sex().or(facts.sex);
            facts.doc_type = match a.subfile.as_deref() {
                Some("DL") => Some(DocType::DrivingLicence),
                Some("ID") => Some(DocType::IdCard),
                _ => facts.doc_type,
            };
        }
    }
    // What the reading proved weighs against the photo checks that predicted it would fail.
    let proof = rules::ReadProof {
        mrz_verified: mrz.as_ref().is_some_and(|m| m.valid),
        fields_read: facts.surname.is_some() && facts.dob.is_some() && facts.doc_number.is_some(),
        mrz_dpi: mrz.as_ref().zip(mrz_region).and_then(|(m, r)| {
            let long_px = (r[2].max(r[3]) as f32 * loaded.scale) as f64;
            quality::resolution::mrz_dpi(&m.format, long_px)
        }),
    };
    rules::weigh_against_reading(&mut findings, proof);
    // The document's own portrait (this side's rectified page).
    if let Some(page) = &rectified {
        let whole_frame = detected.as_ref().is_none_or(|d| d.fills_frame);
        let info = face::portrait::PageInfo {
            image: page,
            shape: facts.shape.unwrap_or(Shape::Id3),
            whole_frame,
            td1: mrz.as_ref().is_some_and(|m| m.format == "TD1") || td1_located,
        };
        let portrait = match looked {
            Some(looked) => face::portrait::check_looked(&info, looked, face::portrait_detector()),
            None => face::portrait::check(&info, face::portrait_detector()),
        };
        // a face on a page cut out by its outline is the document's portrait; on a whole frame
        // (no outline) it may be a person, not a document
        evidence.portrait = portrait.status == Status::Pass && !whole_frame;
        findings.push(portrait);
    }
    // A second document beside the first (reading on: the `documents` check needs it).
    if opts.ocr {
        if let Some(first) = detected.as_ref().filter(|d| !d.fills_frame) {
            evidence.beside = match crate::document::second::find_second(&loaded.image, first) {
                None => kind::Beside::Nothing,
                Some(second) => {
                    marks.push(Mark {
                        label: "second outline".into(),
                        color: annotate::colors::SECOND,
                        shape: MarkShape::Polygon(second.corners.to_vec()),
                    });
                    kind::Beside::Outline {
                        portrait: crate::document::second::shows_face(
                            &loaded.image,
                            &second,
                            face::portrait_detector(),
                        ),
                    }
                }
            };
        }
    }
    evidence.facts = facts.clone();
    evidence.mrz_valid = mrz.as_ref().is_some_and(|m| m.valid);
    evidence.barcode = code.as_ref().map(|b| b.format);
    Examined {
        findings,
        marks,
        detected,
        facts,
        mrz,
        barcode: code,
        evidence,
        printed,
        reading_error,
    }
}

/// The `barcode` finding for a decoded barcode.
fn barcode_finding(b: &barcode::Barcode) -> Finding {
    match &b.aamva {
        Some(_) => Finding::pass(
            "barcode",
            format!("{} barcode read: AAMVA licence/ID data", b.format),
        ),
        None => Finding::pass(
            "barcode",
            format!("{} barcode read (its content is not interpreted)", b.format),
        ),
    }
}

/// The other side's facts fill in what the better-sourced side lacks.
fn merge_facts(best: &DocFacts, other: &DocFacts) -> DocFacts {
    let mut out = best.clone();
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if out.$f.is_none() {
                out.$f = other.$f.clone();
            }
        )*};
    }
    fill!(
        surname,
        given_names,
        dob,
        doc_number,
        expiry,
        nationality,
        sex,
        shape,
        doc_type
    );
    // each value filled from the other side keeps its source
    let (s, o) = (&mut out.sources, &other.sources);
    if best.surname.is_none() && best.given_names.is_none() {
        s.name = o.name;
    }
    if best.dob.is_none() {
        s.dob = o.dob;
    }
    if best.doc_number.is_none() {
        s.doc_number = o.doc_number;
    }
    if best.expiry.is_none() {
        s.expiry = o.expiry;
    }
    if best.nationality.is_none() {
        s.nationality = o.nationality;
    }
    out
}

/// Checks a photo, and with `back` the other side of the card with it (`--back`), against the
/// form values; also returns what to draw for `--annotate` (on the first photo).
pub fn check_pair_marked(
    loaded: &Loaded,
    back_photo: Option<&Loaded>,
    form: &Form,
    opts: &Options,
) -> (Report, Vec<Mark>) {
    let start = Instant::now();
    let front = examine(loaded, form, opts);
    let back = back_photo.map(|b| examine(b, form, opts));
    let mut findings = front.findings.clone();
    let mut marks = front.marks.clone();

    // The side whose values are better proven is compared with the form; the other fills gaps.
    let best = match &back {
        Some(b) if b.rank() > front.rank() => b,
        _ => &front,
    };
    let mut facts = match &back {
        Some(b) if std::ptr::eq(best, b) => merge_facts(&b.facts, &front.facts),
        Some(b) => merge_facts(&front.facts, &b.facts),
        None => front.facts.clone(),
    };
    if facts.has_mrz && facts.doc_type.is_none() {
        facts.doc_type = read::zone::doc_type(&facts);
    }
    let mrz = best.mrz.clone();

    // The kind of document and its sides.
    findings.push(match &back {
        Some(b) if kind::check_kind(&front.evidence).status != Status::Pass => {
            let other = kind::check_kind(&b.evidence);
            if other.status == Status::Pass {
                other
            } else {
                kind::check_kind(&front.evidence)
            }
        }
        _ => kind::check_kind(&front.evidence),
    });
    let specimen = kind::check_specimen(&front.evidence);
    findings.push(match &back {
        Some(b) if specimen.status == Status::Pass => kind::check_specimen(&b.evidence),
        _ => specimen,
    });
    let documents = kind::check_documents(&front.evidence);
    findings.push(match &back {
        Some(b) if documents.status != Status::Fail => {
            let other = kind::check_documents(&b.evidence);
            if other.status == Status::Fail {
                other
            } else {
                documents
            }
        }
        _ => documents,
    });
    match &back {
        None => findings.push(kind::check_single_side(&front.evidence, form)),
        Some(b) => {
            let same = back_photo.is_some_and(|p| {
                p.image.dimensions() == loaded.image.dimensions()
                    && p.image.as_raw() == loaded.image.as_raw()
            });
            findings.push(kind::pair::check_sides(&front.evidence, &b.evidence, same));
            findings.push(kind::pair::check_match(&front.evidence, &b.evidence));
            // What the back photo itself fails or warns about, said of the back.
            for f in &b.findings {
                if matches!(f.status, Status::Fail | Status::Warn) {
                    let mut f = f.clone();
                    f.message = format!("back photo: {}", f.message);
                    f.region = None;
                    findings.push(f);
                }
            }
        }
    }

    // The printed text against an AAMVA barcode: the barcode's own photo's print, else (with
    // --back) the other photo's.
    let photos: Vec<&Examined> = std::iter::once(&front).chain(back.as_ref()).collect();
    if let Some((i, a)) = photos.iter().enumerate().find_map(|(i, x)| {
        x.barcode
            .as_ref()
            .and_then(|b| b.aamva.as_ref())
            .map(|a| (i, a))
    }) {
        let own = kind::printed::check_barcode_match(&photos[i].printed, a);
        findings.push(match photos.get(1 - i) {
            Some(other) if own.status == Status::Skipped => {
                kind::printed::check_barcode_match(&other.printed, a)
            }
            _ => own,
        });
    }

    // 3. Compare with the form, trusting each value only as far as the document vouches for it.
    let (facts, mut source) = match &mrz {
        Some(m) => evidence::gate(facts, Some(m.valid), &m.checks),
        None => evidence::gate(facts, None, &crate::read::MrzChecks::default()),
    };
    if mrz.is_none() && best.barcode.as_ref().is_some_and(|b| b.aamva.is_some()) {
        source = evidence::Source::Barcode;
    }
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
    // Mismatches make the banner across the top of the annotated image, wrapped, never cut.
    for f in compared.iter().filter(|f| f.status == Status::Fail) {
        marks.push(Mark {
            label: format!("{}: {}", f.check, f.message),
            color: annotate::colors::MISMATCH,
            shape: MarkShape::Note,
        });
    }
    findings.extend(compared);

    // 4. Rules and report.
    let codes = rules::predict(&findings);
    let reading_error = front
        .reading_error
        .as_deref()
        .or(back.as_ref().and_then(|b| b.reading_error.as_deref()));
    let reading = match reading_error {
        _ if !opts.ocr => rules::Reading::Off,
        Some(e) => rules::Reading::Failed(e),
        None => rules::Reading::Ran,
    };
    let unverified = rules::unverified(form, &facts, &findings, reading, back.is_some());
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
        .map(DocumentType::from)
        .or_else(|| {
            facts
                .shape
                .filter(|s| *s == Shape::Id1)
                .map(|_| DocumentType::Card)
        });
    let code = front
        .barcode
        .as_ref()
        .or(back.as_ref().and_then(|b| b.barcode.as_ref()));
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
            corners: front.detected.map(|d| {
                let k = loaded.scale;
                d.corners.iter().map(|c| [c[0] * k, c[1] * k]).collect()
            }),
            mrz: mrz.map(|m| MrzOutput::Read(Box::new(m))),
            barcode: code.map(|b| b.report()),
        },
        read: read_report(&facts),
        selfie: None,
        error: None,
        elapsed_ms: start.elapsed().as_millis() as u64,
    };
    if let Some(secrets) = &secrets {
        report.redact(secrets);
    }
    (report, marks)
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
