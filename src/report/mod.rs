//! The report for one input (one model, several printers: text, JSON, NDJSON, annotated PNG).
//!
//! JSON schema (`schema_version` 2), one object per input:
//!
//! ```text
//! { "schema_version": 2,
//!   "file": "photos/passport.jpg",
//!   "verdict": "pass" | "reject" | "unverified" | "error",
//!   "unverified": [ string ]          (only when the verdict is "unverified": what was not checked)
//!   "codes": [ { "code", "title", "difficulty", "recovery", "reasons": [..], "advice": [..] } ],
//!   "findings": [ { "check", "status": "pass"|"warn"|"fail"|"skipped", "code": "E001"|null,
//!                   "message", "value": number|null, "threshold": number|null,
//!                   "region": [x, y, w, h]|null } ],
//!   "document": { "type": "passport"|"id-card"|"driving-licence"|"residence-permit"|"card"|null, "corners": [[x, y] ×4]|null,
//!                 "mrz": { "format", "lines", "valid", "fields", "checks" }|null,
//!                 "barcode": { "format": "PDF417"|"QR"|"AZTEC", "fields": {AAMVA code: value},
//!                              "raw_len": integer } (only when a barcode was decoded) },
//!   "read": { "surname", "given_names", "dob", "doc_number", "expiry", "nationality", "sex" },
//!   "selfie": { "file", "faces": [ { "box": [x, y, w, h], "score" } ],
//!               "findings": [ findings as above, checks "selfie_*" ] },   (only with --selfie)
//!   "error": string|null,
//!   "elapsed_ms": integer }
//! ```
//!
//! `codes` holds predicted rejections only; `verdict` is `reject` exactly when it is non-empty,
//! `unverified` when it is empty but a form value the user gave could not be compared with the
//! document, or the document itself could not be found or read (`unverified` then says which),
//! and `error` when the file could not be checked. Warnings are findings with status `warn`.
//!
//! The same layout as a JSON Schema: `schema/report.schema.json` ([`json_schema`]).
//! `document.type` `"card"` is an ID-1 sized card whose kind could not be told ([`DocumentType`]).
//!
//! Schema history: 2 added the `unverified` verdict and key (a photo that used to `pass` with
//! its form values unchecked).
//!
//! `selfie` is the `--selfie` pre-check (checks `selfie_face`, `selfie_size`, `selfie_position`,
//! `selfie_sharpness`, `selfie_light`, `selfie_color`, `selfie_recapture`, failing with E012),
//! computed once per run and repeated in every report; its failures are among `codes`. Face
//! boxes are in pixels of the selfie as shown (EXIF orientation applied); `score` is the
//! detector's own (SeetaFace: a face from 2.0). The document's portrait is the finding `portrait`.

pub mod json;
pub mod text;

use crate::finding::Finding;
use crate::form::DocType;
use crate::read::MrzReport;
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the JSON layout above; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// The outcome for one input (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Everything given was checked and no rejection is predicted.
    Pass,
    /// At least one rejection is predicted.
    Reject,
    /// No rejection predicted, but something given could not be checked: a form value that
    /// could not be compared, or a document that could not be found or read.
    Unverified,
    /// The file could not be checked at all.
    Error,
}

/// One predicted rejection with what led to it and what to do.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CodeReport {
    /// `E001` … `E044` (`kyc-check --list-codes`).
    #[schemars(extend("pattern" = "^E[0-9]{3}$"))]
    pub code: String,
    pub title: String,
    pub difficulty: String,
    pub recovery: String,
    pub reasons: Vec<String>,
    pub advice: Vec<String>,
}

/// What was found of the document itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DocumentReport {
    /// The kind of document found; `null` when it could not be told.
    #[serde(rename = "type")]
    pub doc_type: Option<DocumentType>,
    /// The document's corners (top-left, top-right, bottom-right, bottom-left) in pixels of the
    /// photo as taken; `null` when no outline was found.
    #[schemars(length(min = 4, max = 4))]
    pub corners: Option<Vec<[f32; 2]>>,
    /// The machine-readable zone read; `null` when none was found.
    pub mrz: Option<MrzOutput>,
    /// The barcode decoded (PDF417 / QR / Aztec), absent when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<crate::barcode::BarcodeReport>,
}

/// The kind of document found (`document.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentType {
    Passport,
    IdCard,
    DrivingLicence,
    ResidencePermit,
    /// A card of the ID-1 size (85.6 × 54 mm: identity cards, driving licences, residence
    /// permits, bank cards) whose kind could not be told: no MRZ, barcode or printed heading
    /// said which it is. Never compared with `--doc-type`.
    Card,
}

impl From<DocType> for DocumentType {
    fn from(t: DocType) -> DocumentType {
        match t {
            DocType::Passport => DocumentType::Passport,
            DocType::IdCard => DocumentType::IdCard,
            DocType::DrivingLicence => DocumentType::DrivingLicence,
            DocType::ResidencePermit => DocumentType::ResidencePermit,
        }
    }
}

/// `document.mrz`: the zone as read, or with `--redact` only the fact that one was read.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MrzOutput {
    Read(Box<MrzReport>),
    Redacted(Redacted),
}

impl MrzOutput {
    /// The zone as read; `None` once redacted.
    pub fn read(&self) -> Option<&MrzReport> {
        match self {
            MrzOutput::Read(m) => Some(m),
            MrzOutput::Redacted(_) => None,
        }
    }
}

/// What `--redact` leaves of a value that would spell names and numbers: `{"redacted": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Redacted {
    #[schemars(extend("const" = true))]
    pub redacted: bool,
}

impl Redacted {
    pub const MARK: Redacted = Redacted { redacted: true };
}

/// Fields read from the document (dates as YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReadReport {
    pub surname: Option<String>,
    pub given_names: Option<String>,
    pub dob: Option<String>,
    pub doc_number: Option<String>,
    pub expiry: Option<String>,
    pub nationality: Option<String>,
    pub sex: Option<String>,
}

/// One face found in the selfie.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FaceReport {
    /// `[x, y, w, h]` in pixels of the selfie as shown, clipped to it (a face cut by the frame's
    /// edge: the part inside the frame).
    #[serde(rename = "box")]
    pub rect: [u32; 4],
    pub score: f32,
}

/// The `--selfie` pre-check.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SelfieReport {
    pub file: String,
    pub faces: Vec<FaceReport>,
    pub findings: Vec<Finding>,
}

/// The whole result for one input.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Report {
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    pub file: String,
    pub verdict: Verdict,
    /// Why the verdict is `unverified`: each thing that could not be checked. Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<String>,
    pub codes: Vec<CodeReport>,
    pub findings: Vec<Finding>,
    pub document: DocumentReport,
    pub read: ReadReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfie: Option<SelfieReport>,
    pub error: Option<String>,
    pub elapsed_ms: u64,
}

/// The JSON Schema (draft 2020-12) of one report, generated from these types with `schemars`
/// and committed as `schema/report.schema.json` (`tests/schema.rs` keeps the two equal).
pub fn json_schema() -> String {
    // the contract of what is written: a key serde leaves out when empty is not required
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Report>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

impl Report {
    /// A report for a file that could not be checked at all.
    pub fn error(file: String, message: String, elapsed_ms: u64) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            file,
            verdict: Verdict::Error,
            unverified: Vec::new(),
            codes: Vec::new(),
            findings: Vec::new(),
            document: DocumentReport::default(),
            read: ReadReport::default(),
            selfie: None,
            error: Some(message),
            elapsed_ms,
        }
    }

    /// Masks names and document numbers in every string of the report (`--redact`).
    pub fn redact(&mut self, secrets: &[String]) {
        let mask = |s: &mut String| *s = redact_text(s, secrets);
        let mask_opt = |s: &mut Option<String>| {
            if let Some(v) = s {
                *v = redact_text(v, secrets);
            }
        };
        for c in &mut self.codes {
            c.reasons.iter_mut().for_each(mask);
            c.advice.iter_mut().for_each(mask);
        }
        self.unverified.iter_mut().for_each(mask);
        for f in &mut self.findings {
            mask(&mut f.message);
            mask_opt(&mut f.advice);
        }
        let r = &mut self.read;
        for v in [&mut r.surname, &mut r.given_names, &mut r.doc_number] {
            if v.is_some() {
                *v = Some("[redacted]".into());
            }
        }
        if let Some(mrz) = &mut self.document.mrz {
            *mrz = MrzOutput::Redacted(Redacted::MARK);
        }
        if let Some(b) = &mut self.document.barcode {
            b.fields = crate::barcode::BarcodeFields::Redacted(Redacted::MARK);
        }
        mask_opt(&mut self.error);
    }
}

/// The checks whose messages spell out names and document numbers.
const IDENTIFIER_CHECKS: [&str; 2] = ["name", "doc_number"];

/// `--redact` for findings, before codes and annotation labels are made from them: every secret
/// is masked, and a name or number check that quotes characters says only the positions where
/// the values differ (a per-character diff after "[redacted]" spelled most of the number).
pub fn redact_findings(findings: &mut [Finding], secrets: &[String]) {
    for f in findings.iter_mut() {
        if IDENTIFIER_CHECKS.contains(&f.check) && f.status != crate::finding::Status::Skipped {
            let positions = character_positions(&f.message);
            let what = if f.check == "name" {
                "the name"
            } else {
                "the document number"
            };
            f.message = match (f.status, positions.is_empty()) {
                (crate::finding::Status::Pass, _) => format!("{what} matches the document"),
                (_, true) => format!("{what} differs from the document (details redacted)"),
                (_, false) => format!(
                    "{what} differs from the document at character{} {} (details redacted)",
                    if positions.len() == 1 { "" } else { "s" },
                    positions.join(", ")
                ),
            };
            if f.advice.is_some() {
                f.advice = Some(format!(
                    "Copy {what} character by character from the document."
                ));
            }
        } else {
            f.message = redact_text(&f.message, secrets);
            if let Some(a) = &mut f.advice {
                *a = redact_text(a, secrets);
            }
        }
    }
}

/// The numbers after "character " in a message, in order, without repeats.
fn character_positions(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in message.match_indices("character ") {
        let digits: String = message[i + "character ".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() && !out.contains(&digits) {
            out.push(digits);
        }
    }
    out
}

/// Replaces every secret (and each word of it of 3+ characters) by `█` runs, ignoring case.
pub fn redact_text(text: &str, secrets: &[String]) -> String {
    let mut words: Vec<String> = Vec::new();
    for s in secrets {
        let s = s.trim();
        if s.chars().count() >= 3 {
            words.push(s.to_string());
        }
        for w in s.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 3 {
                words.push(w.to_string());
            }
        }
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut out = text.to_string();
    for w in words {
        out = replace_ci(&out, &w, "[redacted]");
    }
    out
}

fn replace_ci(haystack: &str, needle: &str, with: &str) -> String {
    let lower_h: Vec<char> = haystack.chars().flat_map(char::to_lowercase).collect();
    let lower_n: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = haystack.chars().collect();
    if lower_h.len() != chars.len() || lower_n.is_empty() {
        return haystack.replace(needle, with);
    }
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + lower_n.len() <= lower_h.len() && lower_h[i..i + lower_n.len()] == lower_n[..] {
            out.push_str(with);
            i += lower_n.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Makes text that came from file names, the command line or OCR safe to print on one line of
/// a terminal: control characters (newline, escape, …), bidirectional overrides and invisible
/// format characters (zero-width space/joiner, BOM, …) are shown as visible escapes (`\n`,
/// `\u{202e}`), so a file name cannot forge a result line or reorder what is shown.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible_format(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Unicode format characters (general category Cf) and the other invisible characters that
/// can reorder or hide text: bidi embeddings/overrides/isolates and marks, zero-width
/// characters, the BOM, interlinear annotation marks, tag characters.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x0600..=0x0605 | 0x06DD | 0x070F | 0x08E2 | 0x115F | 0x1160
        | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF9..=0xFFFB
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_names_and_numbers_in_any_case() {
        let secrets = vec!["Anna Maria Eriksson".to_string(), "L898902C3".to_string()];
        let out = redact_text(
            "typed ERIKSON, document ERIKSSON; number L898902C3",
            &secrets,
        );
        assert!(!out.contains("ERIKSSON"));
        assert!(!out.contains("L898902C3"));
        assert!(
            out.contains("ERIKSON"),
            "a different word is not a secret: {out}"
        );
    }

    #[test]
    fn redacted_number_findings_say_positions_only() {
        let mut findings = vec![Finding::fail(
            "doc_number",
            crate::codes::Code::E005,
            "document number L898902C4 does not match the document's L898902C3: character 9: \
             typed 4 (digit), document 3 (digit); character 2, 8 (digit), is missing",
        )
        .with_advice("Type L898902C3; watch 8/B")];
        redact_findings(&mut findings, &["L898902C3".into(), "L898902C4".into()]);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "the document number differs from the document at characters 9, 2 (details redacted)"
        );
        for leak in ["L89", "8902", "typed 4", "8/B"] {
            assert!(!f.message.contains(leak) && !f.advice.as_ref().unwrap().contains(leak));
        }
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize("x.jpg\nPASS  y.jpg"), "x.jpg\\nPASS  y.jpg");
        assert_eq!(sanitize("abc\u{202e}gpj.exe"), "abc\\u{202e}gpj.exe");
        assert_eq!(sanitize("AN\u{200d}NA"), "AN\\u{200d}NA");
        assert_eq!(sanitize("ÅSTRÖM"), "ÅSTRÖM");
    }
}
