//! The report for one input (one model, several printers: text, JSON, NDJSON, annotated PNG).
//!
//! JSON schema (`schema_version` 1), one object per input:
//!
//! ```text
//! { "schema_version": 1,
//!   "file": "photos/passport.jpg",
//!   "verdict": "pass" | "reject" | "error",
//!   "codes": [ { "code", "title", "difficulty", "recovery", "reasons": [..], "advice": [..] } ],
//!   "findings": [ { "check", "status": "pass"|"warn"|"fail"|"skipped", "code": "E001"|null,
//!                   "message", "value": number|null, "threshold": number|null,
//!                   "region": [x, y, w, h]|null } ],
//!   "document": { "type": "passport"|"id-card"|…|null, "corners": [[x, y] ×4]|null,
//!                 "mrz": { "format", "lines", "valid", "fields", "checks" }|null },
//!   "read": { "surname", "given_names", "dob", "doc_number", "expiry", "nationality", "sex" },
//!   "selfie": { "file", "faces": [ { "box": [x, y, w, h], "score" } ],
//!               "findings": [ findings as above, checks "selfie_*" ] },   (only with --selfie)
//!   "error": string|null,
//!   "elapsed_ms": integer }
//! ```
//!
//! `codes` holds predicted rejections only; `verdict` is `reject` exactly when it is non-empty
//! (and `error` when the file could not be read). Warnings are findings with status `warn`.
//!
//! `selfie` is the `--selfie` pre-check (checks `selfie_face`, `selfie_size`, `selfie_position`,
//! `selfie_sharpness`, `selfie_light`, `selfie_color`, `selfie_recapture`, failing with E012),
//! computed once per run and repeated in every report; its failures are among `codes`. Face
//! boxes are in pixels of the selfie as shown (EXIF orientation applied); `score` is the
//! detector's own (SeetaFace: a face from 2.0). The document's portrait is the finding `portrait`.

pub mod json;
pub mod text;

use crate::finding::Finding;
use serde::Serialize;

/// Version of the JSON layout above; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Reject,
    Error,
}

/// One predicted rejection with what led to it and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeReport {
    pub code: String,
    pub title: String,
    pub difficulty: String,
    pub recovery: String,
    pub reasons: Vec<String>,
    pub advice: Vec<String>,
}

/// What was found of the document itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocumentReport {
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub corners: Option<Vec<[f32; 2]>>,
    pub mrz: Option<serde_json::Value>,
}

/// Fields read from the document (dates as YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaceReport {
    #[serde(rename = "box")]
    pub rect: [u32; 4],
    pub score: f32,
}

/// The `--selfie` pre-check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfieReport {
    pub file: String,
    pub faces: Vec<FaceReport>,
    pub findings: Vec<Finding>,
}

/// The whole result for one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub file: String,
    pub verdict: Verdict,
    pub codes: Vec<CodeReport>,
    pub findings: Vec<Finding>,
    pub document: DocumentReport,
    pub read: ReadReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfie: Option<SelfieReport>,
    pub error: Option<String>,
    pub elapsed_ms: u64,
}

impl Report {
    /// A report for a file that could not be checked at all.
    pub fn error(file: String, message: String, elapsed_ms: u64) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            file,
            verdict: Verdict::Error,
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
            *mrz = serde_json::json!({"redacted": true});
        }
        mask_opt(&mut self.error);
    }
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

/// Removes control characters (terminal escapes) from text that came from files or OCR.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
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
    fn control_characters_are_neutralised() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }
}
