//! The selfie stage (`--selfie`): a second input with its own checks, run once per invocation and
//! attached to every document's report.

use super::Options;
use crate::annotate::{self, Mark};
use crate::face;
use crate::finding::Finding;
use crate::load::{self, Loaded};
use crate::report::{FaceReport, Report, SelfieReport, Verdict};
use crate::rules;
use std::path::Path;

/// Long side, px, a selfie is decoded at: a 12 MP JPEG decodes at ¼ scale (1008 px), which is
/// all the selfie checks measure on ([`face::selfie::WORK_SIDE`]).
pub const SELFIE_DECODE_SIDE: u32 = 1000;

/// The selfie stage (`--selfie`): loads the selfie, runs the selfie checks and writes its
/// annotated PNG when `opts.annotate` names a folder. Run once per invocation; its result is
/// attached to every document's report with [`attach_selfie`]. `Err` says why the file could not
/// be read.
pub fn check_selfie(path: &Path, opts: &Options) -> Result<SelfieReport, String> {
    let loaded = load::load_reduced(path, SELFIE_DECODE_SIDE)
        .map_err(|e| format!("--selfie {}: {e}", path.display()))?;
    let (mut report, marks) = selfie_marked(&loaded, face::default());
    report.file = path.display().to_string();
    if let Some(dir) = &opts.annotate {
        let image = annotate::draw(&loaded.image, &marks);
        let stem = format!("selfie_{}", annotate::stem_for(path));
        if let Err(e) = annotate::save_new(dir, &stem, &image) {
            return Err(format!(
                "could not write the selfie's annotated PNG into {} ({e}); check that the \
                 folder is writable and has free space",
                dir.display()
            ));
        }
    }
    Ok(report)
}

/// The selfie checks on a loaded selfie (`file` left empty); boxes in pixels of the selfie as
/// taken.
pub fn selfie_report(loaded: &Loaded, detector: &dyn face::FaceDetector) -> SelfieReport {
    selfie_marked(loaded, detector).0
}

/// [`selfie_report`], also returning what to draw on the selfie for `--annotate`.
fn selfie_marked(loaded: &Loaded, detector: &dyn face::FaceDetector) -> (SelfieReport, Vec<Mark>) {
    let result = face::selfie::check(loaded, detector);
    let mut findings = result.findings;
    for f in &mut findings {
        f.region = f.region.map(|r| loaded.to_photo(r));
    }
    let (w, h) = loaded.image.dimensions();
    let report = SelfieReport {
        file: String::new(),
        faces: result
            .faces
            .iter()
            .map(|f| FaceReport {
                rect: loaded.to_photo(f.clipped(w, h)),
                score: (f.score * 100.0).round() / 100.0,
            })
            .collect(),
        findings,
    };
    (report, result.marks)
}

/// Adds the selfie's result to a document's report: its failures join the predicted codes.
pub fn attach_selfie(report: &mut Report, selfie: &SelfieReport) {
    report.selfie = Some(selfie.clone());
    if report.verdict == Verdict::Error {
        return;
    }
    let all: Vec<Finding> = report
        .findings
        .iter()
        .chain(&selfie.findings)
        .cloned()
        .collect();
    report.codes = rules::predict(&all);
    if !report.codes.is_empty() {
        report.verdict = Verdict::Reject;
    }
}
