//! A finding: what one check found on one input.

use crate::codes::Code;
use serde::Serialize;

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    /// The check could not run; the message says why. Never counted as passing.
    Skipped,
}

/// One check's result (SPEC §4): `{check, status, code, message, value, threshold, region}`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Finding {
    /// Stable check id, used in JSON: `blur`, `glare`, `name`, `expiry`, …
    pub check: &'static str,
    pub status: Status,
    /// The code this finding predicts; set only when `status` is `Fail`.
    pub code: Option<Code>,
    /// Plain words for a person.
    pub message: String,
    pub value: Option<f64>,
    pub threshold: Option<f64>,
    /// `[x, y, w, h]` in the pixels of the oriented input image.
    pub region: Option<[u32; 4]>,
    /// What to do about this particular finding; printed under the code it leads to.
    #[serde(skip)]
    pub advice: Option<String>,
    /// A form value was compared and differs from what was read, but the reading is no proof
    /// (no check digit, or a photo that spoils reading): neither a mismatch nor a match, so
    /// the verdict cannot be `pass` ([`crate::rules::unverified`]).
    #[serde(skip)]
    pub unconfirmed: bool,
}

impl Finding {
    fn new(check: &'static str, status: Status, message: impl Into<String>) -> Self {
        Finding {
            check,
            status,
            code: None,
            message: message.into(),
            value: None,
            threshold: None,
            region: None,
            advice: None,
            unconfirmed: false,
        }
    }

    pub fn pass(check: &'static str, message: impl Into<String>) -> Self {
        Self::new(check, Status::Pass, message)
    }

    pub fn warn(check: &'static str, message: impl Into<String>) -> Self {
        Self::new(check, Status::Warn, message)
    }

    pub fn fail(check: &'static str, code: Code, message: impl Into<String>) -> Self {
        Finding {
            code: Some(code),
            ..Self::new(check, Status::Fail, message)
        }
    }

    pub fn skipped(check: &'static str, why: impl Into<String>) -> Self {
        Self::new(check, Status::Skipped, why)
    }

    pub fn with_value(mut self, value: f64, threshold: f64) -> Self {
        self.value = Some(value);
        self.threshold = Some(threshold);
        self
    }

    pub fn with_region(mut self, region: [u32; 4]) -> Self {
        self.region = Some(region);
        self
    }

    pub fn with_advice(mut self, advice: impl Into<String>) -> Self {
        self.advice = Some(advice.into());
        self
    }

    /// Marks a form comparison whose difference the reading cannot prove (see `unconfirmed`).
    pub fn unconfirmed(mut self) -> Self {
        self.unconfirmed = true;
        self
    }
}
