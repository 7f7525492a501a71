//! The rejection-code table: the one place that says what each code means, how hard it is to
//! recover from, what causes it and what fixes it.
//!
//! The codes are the labels widely published for crypto-exchange KYC rejections (see the README):
//! they are not an exchange's official API.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A predicted rejection code.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Code {
    E001,
    E005,
    E012,
    E018,
    E020,
    E031,
    E044,
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info().id)
    }
}

/// One row of the code table.
#[derive(Debug, Clone, Serialize)]
pub struct CodeInfo {
    #[serde(rename = "code")]
    pub id: &'static str,
    pub title: &'static str,
    pub difficulty: &'static str,
    pub recovery: &'static str,
    /// Whether kyc-check can predict the code offline at all.
    pub predicted_offline: bool,
    pub causes: &'static [&'static str],
    pub fixes: &'static [&'static str],
    /// When each of `fixes` (same order) is printed under a prediction: see [`FixScope`] and
    /// `advice.rs`.
    #[serde(skip)]
    pub fix_scope: &'static [FixScope],
}

/// When one of a code's general fixes is worth printing under a prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixScope {
    /// Applies to every photo given the code; left out when a failing check named here gave
    /// its own, more precise advice on the same thing (a near-duplicate).
    General(&'static [&'static str]),
    /// Applies only when a check named here failed, and only when that check gave no advice
    /// of its own (which says the same thing for this photo).
    Only(&'static [&'static str]),
}

impl Code {
    /// Every code, in table order.
    pub const ALL: [Code; 7] = [
        Code::E001,
        Code::E005,
        Code::E012,
        Code::E018,
        Code::E020,
        Code::E031,
        Code::E044,
    ];

    /// The table row for this code.
    pub fn info(self) -> &'static CodeInfo {
        &TABLE[Code::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every code has a row")]
    }
}

/// The code table itself (SPEC §3). Advice printed for a predicted code is the row's `fixes`
/// plus whatever the findings that led to it say specifically.
pub static TABLE: [CodeInfo; 7] = [
    CodeInfo {
        id: "E001",
        title: "document photo blurry, reflective or otherwise unreadable",
        difficulty: "low",
        recovery: "~30 minutes",
        predicted_offline: true,
        causes: &[
            "blur or camera shake",
            "glare or flash reflection",
            "a corner cut off, or the document cropped too close",
            "fingers or objects covering the document",
            "a steep angle",
            "too dark or washed out",
            "too low a resolution",
            "a black-and-white photo or scan",
            "an image edited or filtered in an app",
            "key information (number, dates, MRZ) unreadable",
        ],
        fixes: &[
            "Lay the document flat on a plain, dark, non-reflective surface in even daylight, flash off.",
            "Hold the phone parallel to the document, fill most of the frame and keep all four corners visible with a small margin.",
            "Tap to focus and hold still; retake rather than edit or filter the photo.",
        ],
        fix_scope: &[
            FixScope::General(&["glare", "exposure"]),
            FixScope::General(&["angle", "corners", "margin", "resolution"]),
            FixScope::General(&["blur", "edited", "color"]),
        ],
    },
    CodeInfo {
        id: "E005",
        title: "entered information does not match the document",
        difficulty: "medium",
        recovery: "1–2 hours",
        predicted_offline: true,
        causes: &[
            "a typo in the name or document number",
            "names in a different order or spacing",
            "day and month of birth swapped",
            "confusable characters typed wrongly (1/7, 6/8, 0/O)",
            "a non-Latin name romanised differently from the document",
        ],
        fixes: &[
            "Type every value exactly as the document prints it, in the document's name order.",
            "Enter dates as YYYY-MM-DD and check day and month.",
        ],
        fix_scope: &[
            FixScope::General(&["name", "dob", "doc_number", "expiry", "nationality"]),
            FixScope::Only(&["dob", "expiry", "age"]),
        ],
    },
    CodeInfo {
        id: "E012",
        title: "liveness / face check failure",
        difficulty: "low",
        recovery: "~15 minutes",
        predicted_offline: true,
        causes: &[
            "too dark or backlit (facing away from a window)",
            "hat, mask or sunglasses",
            "face not centred, blurry",
        ],
        fixes: &[
            "Face a window or lamp, remove hat, mask and sunglasses, and keep your face centred in the oval.",
        ],
        fix_scope: &[
            FixScope::General(&["selfie_light"]),
        ],
    },
    CodeInfo {
        id: "E018",
        title: "document expired or expiring (less than 30 days left)",
        difficulty: "high: needs a new document",
        recovery: "7–15 days",
        predicted_offline: true,
        causes: &["the document has expired", "fewer than 30 days of validity left"],
        fixes: &[
            "Use another valid document (a passport instead of an ID card, or the reverse), or renew this one first.",
        ],
        fix_scope: &[
            FixScope::General(&["expiry"]),
        ],
    },
    CodeInfo {
        id: "E020",
        title: "holder under 18",
        difficulty: "cannot be fixed",
        recovery: "—",
        predicted_offline: true,
        causes: &["the holder is under 18 on the day of submission"],
        fixes: &["Exchanges do not verify minors; wait until your 18th birthday."],
        fix_scope: &[
            FixScope::General(&["age"]),
        ],
    },
    CodeInfo {
        id: "E031",
        title: "same document already verified on another account",
        difficulty: "high: needs a support ticket",
        recovery: "3–5 days",
        predicted_offline: false,
        causes: &["the document was already used to verify another account"],
        fixes: &["Not checkable offline: contact the exchange's support from the original account."],
        fix_scope: &[
            FixScope::General(&[]),
        ],
    },
    CodeInfo {
        id: "E044",
        title: "wrong or unsupported document type",
        difficulty: "medium",
        recovery: "immediately",
        predicted_offline: true,
        causes: &[
            "passport selected but an ID card uploaded, or the reverse",
            "an unsupported document (temporary ID, student card, a visa alone)",
        ],
        fixes: &["Select in the form the type of the document you photograph."],
        fix_scope: &[
            FixScope::Only(&["doc_type"]),
        ],
    },
];

/// Advice on staying safe, printed once per run.
pub const SECURITY_NOTE: &str = "Submit only through the exchange's official app or site, delete the photos afterwards, and never send them to anyone over chat: nobody legitimate asks for them there.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fix_has_a_scope() {
        for info in &TABLE {
            assert_eq!(info.fixes.len(), info.fix_scope.len(), "{}", info.id);
        }
    }

    #[test]
    fn every_code_has_its_own_row() {
        for code in Code::ALL {
            assert_eq!(code.info().id, format!("{code:?}"));
        }
    }
}
