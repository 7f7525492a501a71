//! Findings → predicted codes, in one place.
//!
//! A code is predicted exactly when at least one finding fails with it. Its reasons are those
//! findings' messages; its advice is each finding's own advice first (the specific thing to do),
//! then the code table's general fixes.

use crate::codes::Code;
use crate::finding::{Finding, Status};
use crate::report::CodeReport;

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
    fn codes_come_in_table_order() {
        let findings = vec![
            Finding::fail("doc_type", Code::E044, "card, not passport"),
            Finding::fail("blur", Code::E001, "blurred"),
        ];
        let ids: Vec<String> = predict(&findings).into_iter().map(|c| c.code).collect();
        assert_eq!(ids, ["E001", "E044"]);
    }
}
