//! Reading the document: find and OCR the MRZ, verify it with the `mrz` crate, then OCR the
//! visual zone for what the MRZ does not give (or when there is no MRZ).
//!
//! [`read`] is the stage's entry point. It returns a [`Reading`]: the MRZ as printed (after
//! check-digit-proven repair only), the facts the comparing stage needs, and exactly one finding
//! with check id `mrz`.

pub mod ablation;
pub mod band;
mod cells;
pub mod dates;
mod decode;
pub(crate) mod glyphs;
pub(crate) mod grid;
pub mod mrz;
mod pool;
pub(crate) mod repair;
pub mod sample;
pub mod viz;
pub mod zone;

use crate::facts::DocFacts;
use crate::finding::Finding;
use crate::ocr::OcrConfig;
use chrono::NaiveDate;
use image::RgbImage;
use serde::Serialize;

/// What reading found on one document.
#[derive(Debug, Clone)]
pub struct Reading {
    pub mrz: Option<MrzReport>,
    /// Every field that could be read; names with spaces between parts, no fillers.
    pub facts: DocFacts,
    /// Exactly one finding: check `mrz`.
    pub findings: Vec<Finding>,
    /// `[x, y, w, h]` of the MRZ band in the oriented image (for annotation).
    pub mrz_region: Option<[u32; 4]>,
    /// The printed text read (visual zone), lines joined by `\n`; empty when not read.
    pub text: String,
    /// The photo's edge the MRZ band runs into, when it does: the document is cut by the frame
    /// ([`band::Band::frame_edge`]); with the band's `[x, y, w, h]`.
    pub mrz_cut: Option<(band::FrameEdge, [u32; 4])>,
    /// The document number of a second, separate MRZ that verifies, when the photo holds one
    /// (two documents in one photo; see [`crate::kind::second_mrz`]).
    pub second_mrz: Option<String>,
    /// A zone with an ICAO MRZ's exact shape that could not be read ([`band::Band::icao_shape`]).
    pub mrz_located: Option<band::IcaoShape>,
}

/// The MRZ as read, for `document.mrz` in the JSON report. Keys are declared in alphabetical
/// order: the JSON has always listed them so (schema 1 and 2 printed this as a sorted map).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MrzReport {
    /// Per printed check digit: `true` verified, `false` failed; absent where the format prints
    /// none.
    pub checks: MrzChecks,
    /// The fields as the zone prints them (fillers turned to spaces by the `mrz` crate).
    pub fields: MrzFields,
    /// `TD1`, `TD2`, `TD3`, `MRVA`, `MRVB` (ICAO 9303 layouts).
    #[schemars(extend("enum" = ["TD1", "TD2", "TD3", "MRVA", "MRVB"]))]
    pub format: String,
    /// Each line at full length (30, 36 or 44) with every filler `<`, after check-digit-proven
    /// repair only.
    pub lines: Vec<String>,
    /// True only when every check digit the format prints verifies.
    pub valid: bool,
}

/// The fields of a parsed MRZ, as printed (dates `YYYY-MM-DD` with the `mrz` crate's century,
/// or with `?` where a digit is unknown). Alphabetical, like [`MrzReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MrzFields {
    pub dob: String,
    /// `P`, `I`, `ID`, `V`, … (ICAO 9303 document code).
    pub document_code: String,
    /// The document number with its overflow (TD1 long numbers) joined back.
    pub document_number: String,
    pub expiry: String,
    pub given_names: String,
    /// ICAO 9303 three-letter code of the issuing state.
    pub issuing_state: String,
    pub nationality: String,
    /// The first optional-data field, where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional_data: Option<String>,
    /// The second optional-data field (TD1 line 2), where the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optional_data_2: Option<String>,
    /// `M`, `F` or `X` (unspecified).
    pub sex: String,
    pub surname: String,
}

/// The outcome of each check digit an MRZ prints (`None`: the format prints none there).
/// Serialised as a map of the digits the format prints, e.g. `{"document_number": true, …}`,
/// keys in alphabetical order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MrzChecks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub composite: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dob: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personal_number: Option<bool>,
}

impl MrzChecks {
    /// The check digits the `mrz` crate verified on a parsed zone.
    pub fn of(c: &::mrz::Checks) -> MrzChecks {
        MrzChecks {
            document_number: c.document_number,
            dob: c.date_of_birth,
            expiry: c.date_of_expiry,
            personal_number: c.personal_number,
            composite: c.composite,
        }
    }

    /// The names of the check digits that failed, for messages (`document number`, `dob` …).
    pub fn failed(&self) -> Vec<&'static str> {
        [
            ("document number", self.document_number),
            ("dob", self.dob),
            ("expiry", self.expiry),
            ("personal number", self.personal_number),
            ("composite", self.composite),
        ]
        .into_iter()
        .filter(|(_, ok)| *ok == Some(false))
        .map(|(name, _)| name)
        .collect()
    }
}

/// Why reading could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("reading skipped: {0}")]
    Ocr(#[from] crate::ocr::OcrError),
}

/// Reads the MRZ and the visual zone of `image` (oriented for display). `corners` are the
/// document's TL, TR, BR, BL when the document finder found them; reading works without them.
/// `today` resolves two-digit birth years (a birth date is never in the future).
pub fn read(
    image: &RgbImage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
) -> Result<Reading, ReadError> {
    read_detailed(image, corners, config, today).map(|(reading, _)| reading)
}

/// [`read`], reading the printed text only when `printed_text` is true (the form gives a value
/// it could supply). The MRZ is always read: it decides the `mrz` check. The printed-text pass
/// costs 150–600 ms, more than the MRZ itself.
pub fn read_for(
    image: &RgbImage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
    printed_text: bool,
) -> Result<Reading, ReadError> {
    let stage = read_mrz_stage(image::imageops::grayscale(image), config, today)?;
    let printed = Printed {
        wanted: printed_text,
        name: None,
    };
    finish_reading(stage, corners, config, today, printed)
}

/// What the form asks of the printed text (the costly full-text pass, 150–600 ms).
#[derive(Debug, Clone, Copy, Default)]
pub struct Printed<'a> {
    /// The form gives a value the printed text could supply: read it whenever a verified MRZ
    /// cannot supply every value (it does not verify, or its name field is full).
    pub wanted: bool,
    /// The name typed into the form: the MRZ's name field carries no check digit, so when it
    /// disagrees with the typed name the printed name is read as a second source before the
    /// difference is held against the person (a shadow across the MRZ read a fixture's OTTO as
    /// OTIO while every check digit verified).
    pub name: Option<&'a str>,
}

/// The first part of reading: the MRZ looked for and read. It needs only the photo (not the
/// document's outline), so the pipeline runs it while the photo is judged;
/// [`finish_reading`] then adds the printed text.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
pub struct MrzStage {
    gray: image::GrayImage,
    found: Option<mrz::MrzRead>,
    bands: Vec<band::Band>,
}

/// The MRZ part of [`read_for`] (see [`MrzStage`]), on the photo's grayscale copy (the
/// pipeline makes one copy for this and the barcode search).
pub fn read_mrz_stage(
    gray: image::GrayImage,
    config: &OcrConfig,
    today: NaiveDate,
) -> Result<MrzStage, ReadError> {
    #[cfg(feature = "ocr")]
    {
        let (found, bands) =
            crate::ocr::with_engine(config, |engine| mrz::read_mrz_bands(engine, &gray, today))??;
        Ok(MrzStage { gray, found, bands })
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = (gray, config, today);
        Err(ReadError::Ocr(crate::ocr::OcrError::Unavailable))
    }
}

/// The rest of [`read_for`] after [`read_mrz_stage`].
pub fn finish_reading(
    stage: MrzStage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
    printed: Printed<'_>,
) -> Result<Reading, ReadError> {
    #[cfg(feature = "ocr")]
    {
        finish_with_ocr(stage, corners, config, today, printed).map(|(reading, _)| reading)
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = (stage, corners, config, today, printed);
        Err(ReadError::Ocr(crate::ocr::OcrError::Unavailable))
    }
}

/// [`read`], also returning what the visual zone alone gave (for measuring it).
pub fn read_detailed(
    image: &RgbImage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
) -> Result<(Reading, viz::VizRead), ReadError> {
    #[cfg(feature = "ocr")]
    {
        read_with_ocr(image, corners, config, today, true)
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = (image, corners, config, today);
        Err(ReadError::Ocr(crate::ocr::OcrError::Unavailable))
    }
}

/// Whether the MRZ's name field runs to its last cell (the name may have been truncated).
pub fn name_field_full(report: &MrzReport) -> bool {
    let line = match report.format.as_str() {
        "TD1" => report.lines.get(2),
        _ => report.lines.first(),
    };
    line.is_some_and(|l| !l.ends_with('<'))
}

/// The `mrz` finding of a zone that was found.
///
/// - Every check digit verifies: pass.
/// - The failures are what **one misread character** gives (at most one field's check digit,
///   with or without the composite, which covers that field): a warning, not E001. One wrong
///   character is as likely this tool's reading as the photo (a mod-10 digit is off for any
///   single substitution), so it proves nothing about the photo; the quality checks judge that.
/// - Two or more fields fail: the band is unreadable as photographed (no single misreading
///   explains it): E001.
///
/// Not fitted to any image: it follows from how the ICAO 9303 check digits cover the fields.
/// Measured on ../shared/realdata (`examples/realdata_table.rs`, both parts): the zones that
/// fail on captures a reviewer accepts all fail one field at most (document number + composite,
/// or the composite alone). Of the 5 images failing two fields or more, 4 also fail
/// `resolution` (24–83 dpi); the fifth is a US resident-card specimen that prints a wrong check
/// digit.
pub fn mrz_finding(report: &MrzReport) -> Finding {
    use crate::codes::Code;
    if report.valid {
        return Finding::pass(
            "mrz",
            format!("{} MRZ read; every check digit verifies", report.format),
        );
    }
    let failed = report.checks.failed();
    let fields = failed.iter().filter(|f| **f != "composite").count();
    if fields <= 1 && !failed.is_empty() {
        return Finding::warn(
            "mrz",
            format!(
                "the MRZ ({}) was read but its check digits do not verify: {}; one misread \
                 character explains this, so it may be this tool's reading rather than the photo",
                report.format,
                failed.join(", ")
            ),
        )
        .with_advice(
            "Check that the lines of <<< characters at the bottom are sharp and free of glare on \
             your photo; if they are, the photo is fine, and type the values from the document \
             itself",
        );
    }
    Finding::fail(
        "mrz",
        Code::E001,
        format!(
            "the MRZ ({}) was found but its check digits do not verify: {}",
            report.format,
            failed.join(", ")
        ),
    )
    .with_advice(
        "Retake the photo so that the two or three lines of <<< characters at the bottom are \
         sharp, evenly lit and free of glare",
    )
}

/// The `mrz` finding for a zone located by its shape but not read: a warning, not a rejection
/// (the exchange's reader may do better than ours; the quality checks judge the photo itself).
#[cfg(feature = "ocr")]
fn unread_finding(shape: band::IcaoShape, char_height: f32) -> Finding {
    Finding::warn(
        "mrz",
        format!(
            "an MRZ was found ({}: {} lines of {} characters, {:.0} px tall) but could not be \
             read: fields are read from the printed text instead",
            shape.label, shape.lines, shape.chars, char_height
        ),
    )
    .with_advice(
        "If the exchange reads this side, photograph it closer and sharper so that the lines of \
         <<< characters are clear",
    )
}

/// The `mrz` finding for a build or run without OCR: skipped, saying why.
pub fn skipped_finding(why: &str) -> Finding {
    Finding::skipped("mrz", format!("MRZ not read: {why}"))
}

#[cfg(feature = "ocr")]
fn read_with_ocr(
    image: &RgbImage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
    printed_text: bool,
) -> Result<(Reading, viz::VizRead), ReadError> {
    let stage = read_mrz_stage(image::imageops::grayscale(image), config, today)?;
    let printed = Printed {
        wanted: printed_text,
        name: None,
    };
    finish_with_ocr(stage, corners, config, today, printed)
}

#[cfg(feature = "ocr")]
fn finish_with_ocr(
    stage: MrzStage,
    corners: Option<[[f32; 2]; 4]>,
    config: &OcrConfig,
    today: NaiveDate,
    printed: Printed<'_>,
) -> Result<(Reading, viz::VizRead), ReadError> {
    let MrzStage { gray, found, bands } = stage;
    // The band read, else the most MRZ-like one (a zone cut by the frame often does not read).
    let (w, h) = gray.dimensions();
    let mrz_cut = found
        .as_ref()
        .map(|m| &m.band)
        .or(bands.first())
        .and_then(|b| b.frame_edge(w, h).map(|e| (e, b.region(w, h))));
    // an unread zone of an MRZ's exact shape: found, though not read
    let located = found
        .is_none()
        .then(|| {
            bands
                .iter()
                .find_map(|b| b.icao_shape().map(|shape| (shape, b)))
        })
        .flatten();
    let mut facts = DocFacts::default();
    let mut findings = Vec::new();
    let (report, region) = match &found {
        Some(read) => {
            let region = read.region;
            let finding = mrz_finding(&read.report);
            findings.push(finding.with_region(region));
            zone::fill_facts(&read.data, &mut facts, today);
            (Some(read.report.clone()), Some(region))
        }
        None => {
            findings.push(match located {
                Some((shape, band)) => {
                    unread_finding(shape, band.char_height).with_region(band.region(w, h))
                }
                None => Finding::skipped(
                    "mrz",
                    "no MRZ on this side of the document (none found): fields are read from the \
                     printed text instead",
                ),
            });
            (None, None)
        }
    };
    // The visual zone: the only source without an MRZ, the second source when the MRZ does
    // not verify or its name field is full (the name may be truncated there). A verified MRZ
    // with room left in its name field already gives every field, so the (costly: 150–600 ms)
    // full-text pass is skipped then, unless its name (no check digit) fails the typed one.
    // Without an MRZ the printed text is always read: it is also what tells an identity document
    // from a bank card (`kind`).
    let need_viz = match &found {
        None => true,
        Some(m) => {
            printed.wanted
                && (!m.report.valid
                    || name_field_full(&m.report)
                    || printed.name.is_some_and(|typed| {
                        crate::fields::names::check_name(Some(typed), &facts).status
                            == crate::finding::Status::Fail
                    }))
        }
    };
    let viz = if need_viz {
        crate::ocr::with_engine(config, |engine| {
            viz::read_viz(engine, &gray, found.as_ref(), corners, today)
        })??
    } else {
        viz::VizRead::default()
    };
    viz::merge(&viz, &mut facts);
    let second_mrz = match found.as_ref().filter(|m| m.report.valid) {
        Some(m) => crate::ocr::with_engine(config, |engine| {
            crate::kind::second_mrz(engine, &gray, m.region, &m.bands, today)
        })??,
        None => None,
    };
    if facts.has_mrz {
        facts.doc_type = zone::doc_type(&facts);
    }
    Ok((
        Reading {
            mrz: report,
            facts,
            findings,
            mrz_region: region,
            mrz_cut,
            text: viz.text.clone(),
            second_mrz,
            mrz_located: located.map(|(shape, _)| shape),
        },
        viz,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_with(checks: MrzChecks) -> MrzReport {
        let valid = checks.failed().is_empty();
        MrzReport {
            checks,
            fields: MrzFields {
                dob: "1974-08-12".into(),
                document_code: "P".into(),
                document_number: "L898902C3".into(),
                expiry: "2032-04-15".into(),
                given_names: "ANNA MARIA".into(),
                issuing_state: "UTO".into(),
                nationality: "UTO".into(),
                optional_data: None,
                optional_data_2: None,
                sex: "F".into(),
                surname: "ERIKSSON".into(),
            },
            format: "TD3".into(),
            lines: Vec::new(),
            valid,
        }
    }

    /// One misread character fails at most one field's digit and the composite: a warning. Two
    /// fields failing is E001.
    #[test]
    fn mrz_finding_fails_only_when_no_single_misread_explains_it() {
        use crate::finding::Status;
        let all = MrzChecks {
            document_number: Some(true),
            dob: Some(true),
            expiry: Some(true),
            personal_number: Some(true),
            composite: Some(true),
        };
        assert_eq!(mrz_finding(&report_with(all)).status, Status::Pass);
        let one_field = MrzChecks {
            document_number: Some(false),
            composite: Some(false),
            ..all
        };
        let f = mrz_finding(&report_with(one_field));
        assert_eq!(f.status, Status::Warn, "{}", f.message);
        assert!(f.code.is_none());
        let composite_only = MrzChecks {
            composite: Some(false),
            ..all
        };
        assert_eq!(
            mrz_finding(&report_with(composite_only)).status,
            Status::Warn
        );
        let two_fields = MrzChecks {
            document_number: Some(false),
            dob: Some(false),
            composite: Some(false),
            ..all
        };
        let f = mrz_finding(&report_with(two_fields));
        assert_eq!(f.status, Status::Fail);
        assert_eq!(f.code, Some(crate::codes::Code::E001));
    }

    /// Without the `ocr` feature reading is refused with a reason, never faked.
    #[cfg(not(feature = "ocr"))]
    #[test]
    fn read_without_ocr_is_skipped() {
        let img = RgbImage::new(10, 10);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let err = read(&img, None, &OcrConfig::default(), today).unwrap_err();
        assert!(err.to_string().contains("without the `ocr` feature"));
        assert_eq!(
            skipped_finding("no OCR").status,
            crate::finding::Status::Skipped
        );
    }

    /// A blank image has no MRZ: the finding is skipped, saying so.
    #[cfg(feature = "ocr")]
    #[test]
    fn blank_image_has_no_mrz() {
        let img = RgbImage::from_pixel(400, 300, image::Rgb([240, 240, 240]));
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let r = read(&img, None, &OcrConfig::default(), today).unwrap();
        assert!(r.mrz.is_none());
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].status, crate::finding::Status::Skipped);
        assert!(r.findings[0].message.contains("no MRZ"));
    }
}
