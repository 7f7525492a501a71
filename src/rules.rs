//! Findings → predicted codes, in one place.
//!
//! A code is predicted exactly when at least one finding fails with it. Its reasons are those
//! findings' messages; its advice is each finding's own advice first (the specific thing to do),
//! then the code table's general fixes.

use crate::codes::Code;
use crate::finding::{Finding, Status};
use crate::quality::resolution;
use crate::report::CodeReport;

/// What the reading stage proved about the photo, for the rules that weigh photo checks
/// against it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReadProof {
    /// An MRZ was found and every check digit verified.
    pub mrz_verified: bool,
    /// The identifying fields came out of it: surname, date of birth and document number.
    pub fields_read: bool,
    /// The print's effective dpi measured on the MRZ band (see `resolution::mrz_dpi`).
    pub mrz_dpi: Option<f64>,
}

/// Photo checks whose failure only predicts that the document cannot be read, each with how it
/// reads once a reading has succeeded (`None`: the failure stands).
type Reweigh = fn(&Finding, &ReadProof) -> Option<Finding>;
const DISPROVED_BY_READING: &[(&str, Reweigh)] = &[("resolution", |f, proof| {
    resolution::read_anyway(f, proof.mrz_dpi)
})];

/// Weighs the photo checks against the reading: a failure that predicts "unreadable" is replaced
/// by its check's softer verdict when the MRZ verified and the fields were read.
pub fn weigh_against_reading(findings: &mut [Finding], proof: ReadProof) {
    if !(proof.mrz_verified && proof.fields_read) {
        return;
    }
    for f in findings.iter_mut().filter(|f| f.status == Status::Fail) {
        if let Some((_, reweigh)) = DISPROVED_BY_READING.iter().find(|(c, _)| *c == f.check) {
            if let Some(mut soft) = reweigh(f, &proof) {
                soft.region = f.region;
                *f = soft;
            }
        }
    }
}

/// The predicted rejections for a set of findings, in code-table order.
pub fn predict(findings: &[Finding]) -> Vec<CodeReport> {
    Code::ALL
        .iter()
        .filter_map(|&code| {
            let failing: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.status == Status::Fail && f.code == Some(code))
                .collect();
            if failing.is_empty() {
                return None;
            }
            let info = code.info();
            let mut advice: Vec<String> = Vec::new();
            for f in &failing {
                if let Some(a) = &f.advice {
                    if !advice.contains(a) {
                        advice.push(a.clone());
                    }
                }
            }
            advice.extend(info.fixes.iter().map(|s| s.to_string()));
            Some(CodeReport {
                code: info.id.to_string(),
                title: info.title.to_string(),
                difficulty: info.difficulty.to_string(),
                recovery: info.recovery.to_string(),
                reasons: failing.iter().map(|f| f.message.clone()).collect(),
                advice,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_predict_codes() {
        let findings = vec![
            Finding::pass("blur", "sharp"),
            Finding::warn("expiry", "59 days left"),
            Finding::skipped("glare", "not implemented yet"),
            Finding::fail("age", Code::E020, "the holder is 16").with_advice("wait"),
        ];
        let codes = predict(&findings);
        assert_eq!(codes.len(), 1);
        assert_eq!(codes[0].code, "E020");
        assert_eq!(codes[0].reasons, vec!["the holder is 16"]);
        assert_eq!(codes[0].advice[0], "wait");
    }

    #[test]
    fn a_verified_reading_disproves_only_unreadable_claims() {
        let mut findings = vec![
            Finding::fail("resolution", Code::E001, "100 dpi").with_value(100.0, 142.0),
            Finding::fail("blur", Code::E001, "blurred").with_value(1.0, 3.0),
        ];
        let half = ReadProof {
            mrz_verified: true,
            fields_read: false,
            mrz_dpi: None,
        };
        weigh_against_reading(&mut findings, half);
        assert_eq!(findings[0].status, Status::Fail);
        let read = ReadProof {
            mrz_verified: true,
            fields_read: true,
            mrz_dpi: None,
        };
        weigh_against_reading(&mut findings, read);
        assert_eq!(findings[0].status, Status::Warn);
        assert_eq!(findings[1].status, Status::Fail);
    }

    #[test]
    fn codes_come_in_table_order() {
        let findings = vec![
            Finding::fail("doc_type", Code::E044, "card, not passport"),
            Finding::fail("blur", Code::E001, "blurred"),
        ];
        let ids: Vec<String> = predict(&findings).into_iter().map(|c| c.code).collect();
        assert_eq!(ids, ["E001", "E044"]);
    }
}
