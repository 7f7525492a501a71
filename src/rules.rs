//! Findings → predicted codes, in one place.
//!
//! A code is predicted exactly when at least one finding fails with it. Its reasons are those
//! findings' messages; its advice is each finding's own advice first (the specific thing to do),
//! then the code table's general fixes that add something (`advice.rs`).

use crate::codes::Code;
use crate::facts::DocFacts;
use crate::finding::{Finding, Status};
use crate::form::Form;
use crate::quality::resolution;
use crate::report::{CodeReport, Verdict};

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

/// Why the side photographed carries an MRZ although none was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzExpected {
    /// A zone of an MRZ's exact shape was located on it (`read::band::IcaoShape`).
    Located,
    /// The form says passport and the page found has a passport page's proportions: ICAO 9303
    /// puts an MRZ on every passport's data page.
    PassportPage,
}

/// An MRZ the side carries but that could not be read, on a photo whose `blur` check fails:
/// the zone is unreadable as photographed, so `mrz` fails with E001 too (it had said "none
/// found", or warned "found but not read"). Without a failing `blur` nothing is concluded: a
/// sharp photo whose MRZ we cannot read may still read at the exchange. Not fitted to any image:
/// it composes two measured facts (the blur, and the zone's presence) the way a reviewer does.
/// Called only when no MRZ was read (a read MRZ's warning, one misread check digit, is not
/// this function's to change).
pub fn mrz_lost_to_blur(findings: &mut [Finding], expected: Option<MrzExpected>) {
    let Some(expected) = expected else {
        return;
    };
    if !findings
        .iter()
        .any(|f| f.check == "blur" && f.status == Status::Fail)
    {
        return;
    }
    let Some(f) = findings
        .iter_mut()
        .find(|f| f.check == "mrz" && matches!(f.status, Status::Skipped | Status::Warn))
    else {
        return;
    };
    let why = match expected {
        MrzExpected::Located => "an MRZ was found on this side",
        MrzExpected::PassportPage => "a passport's data page carries one (ICAO 9303)",
    };
    let region = f.region;
    *f = Finding::fail(
        "mrz",
        Code::E001,
        format!("the MRZ cannot be read: {why}, but the photo is blurred (see `blur`)"),
    )
    .with_advice(
        "Hold the phone steady and let it focus, so that the lines of <<< characters at the \
         bottom are sharp",
    );
    f.region = region;
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
            let advice = crate::advice::compose(code, &failing);
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

/// The form checks and whether the user gave the value each one compares (SPEC §5: a given
/// value that could not be compared makes the photo `unverified`). `age` is judged from the
/// typed date of birth when the document's cannot be read, so it is not listed: `dob` already
/// says the typed date went unchecked.
fn given_values(form: &Form) -> [(&'static str, &'static str, bool); 6] {
    [
        ("name", "the name", form.name.is_some()),
        ("dob", "the date of birth", form.dob.is_some()),
        (
            "doc_number",
            "the document number",
            form.doc_number.is_some(),
        ),
        ("nationality", "the nationality", form.nationality.is_some()),
        ("expiry", "the expiry date", form.expiry.is_some()),
        ("doc_type", "the document type", form.doc_type.is_some()),
    ]
}

/// With reading turned off (`--no-ocr`), a form check is skipped because nothing was read,
/// not because "the name could not be read": say so.
pub fn mark_reading_off(findings: &mut [Finding], form: &Form) {
    let why = if cfg!(feature = "ocr") {
        "reading turned off (--no-ocr)"
    } else {
        "reading turned off (this build has no OCR)"
    };
    for (check, _, given) in given_values(form) {
        if let Some(f) = findings
            .iter_mut()
            .find(|f| f.check == check && f.status == Status::Skipped && given)
        {
            f.message = why.to_string();
        }
    }
}

/// Whether anything at all was read from the document.
pub fn anything_read(facts: &DocFacts) -> bool {
    facts.has_mrz
        || facts.surname.is_some()
        || facts.given_names.is_some()
        || facts.dob.is_some()
        || facts.doc_number.is_some()
        || facts.expiry.is_some()
}

/// Whether the document was read (OCR), for [`unverified`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading<'a> {
    /// Reading ran (whatever it found).
    Ran,
    /// Reading was turned off (`--no-ocr`, or a build without OCR).
    Off,
    /// Reading ran and failed, with why.
    Failed(&'a str),
}

/// The reason given when reading was turned off: what a photo-only run cannot see.
pub fn reading_off_reason() -> String {
    let why = if cfg!(feature = "ocr") {
        "reading turned off (--no-ocr)"
    } else {
        "reading turned off (this build has no OCR)"
    };
    format!("{why}: expiry, age and document type were not checked")
}

/// Checks whose "could not tell" outcome leaves the document itself unconfirmed, each with
/// the reason given: `doc_kind` warning (nothing read shows an identity document, so a bank or
/// loyalty card is not ruled out), and with `--back` the `sides` and `sides_match` checks
/// skipped (the pair was not confirmed to be the two sides of one document).
const UNCONFIRMED: [(&str, Status, &str); 3] = [
    (
        "doc_kind",
        Status::Warn,
        "the photo was not confirmed to show an identity document",
    ),
    (
        "sides",
        Status::Skipped,
        "the two photos were not confirmed to be the front and back",
    ),
    (
        "sides_match",
        Status::Skipped,
        "the two photos were not confirmed to be of the same document",
    ),
];

/// What could not be verified on a photo (SPEC §5), each as a short sentence; empty when
/// everything given was checked:
/// - a form value the user gave whose check was skipped (nothing to compare it with), or the
///   typed expiry date when the document's could not be read (it was judged, not compared);
/// - reading turned off or failed;
/// - the document: no outline found and nothing read from it; its kind could not be told
///   (`doc_kind` warns); with `--back`, the sides or their match could not be told.
///
/// `pair`: the photo was checked with the other side of the card (`--back`).
pub fn unverified(
    form: &Form,
    facts: &DocFacts,
    findings: &[Finding],
    reading: Reading,
    pair: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for (check, what, given) in given_values(form) {
        if !given {
            continue;
        }
        let finding = findings.iter().find(|f| f.check == check);
        let skipped = finding.is_none_or(|f| f.status == Status::Skipped);
        let uncompared = check == "expiry" && facts.expiry.is_none();
        if skipped || uncompared {
            let why = finding
                .filter(|f| f.status == Status::Skipped)
                .map(|f| f.message.clone())
                .unwrap_or_else(|| "not read from the document".to_string());
            out.push(format!("{what} you gave was not compared: {why}"));
        } else if finding.is_some_and(|f| f.unconfirmed) {
            // Compared, and different from what was read, but the reading is no proof: not a
            // mismatch to accuse, and not a match to pass either.
            out.push(format!(
                "{what} you gave differs from what was read, which is not proof either way \
                 (see the {check} warning)"
            ));
        }
    }
    let outline = findings
        .iter()
        .any(|f| f.check == "document" && f.status == Status::Pass);
    if let Reading::Failed(e) = reading {
        out.push(format!("the document could not be read ({e})"));
    } else if !outline && !anything_read(facts) {
        out.push(
            "no document outline was found and nothing was read from it: the photo was not \
             confirmed to show a document"
                .to_string(),
        );
    }
    if reading == Reading::Off {
        out.push(reading_off_reason());
    }
    for (check, status, why) in UNCONFIRMED {
        if check != "doc_kind" && !pair {
            continue;
        }
        if let Some(f) = findings
            .iter()
            .find(|f| f.check == check && f.status == status)
        {
            out.push(format!("{why} ({})", f.message));
        }
    }
    out
}

/// The verdict: `reject` when a code is predicted, else `unverified` when something given
/// could not be checked, else `pass`.
pub fn verdict(codes: &[CodeReport], unverified: &[String]) -> Verdict {
    if !codes.is_empty() {
        Verdict::Reject
    } else if !unverified.is_empty() {
        Verdict::Unverified
    } else {
        Verdict::Pass
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12's blurred-MRZ fixtures: `mrz` fails only when the side must carry an MRZ (a
    /// zone located, or a passport page the form calls a passport) and `blur` fails.
    #[test]
    fn an_mrz_lost_to_blur_fails_only_with_both_proofs() {
        let none_found = || Finding::skipped("mrz", "no MRZ on this side (none found)");
        let blur = |fails: bool| {
            if fails {
                Finding::fail("blur", Code::E001, "blurred")
            } else {
                Finding::pass("blur", "sharp")
            }
        };
        let mrz_status = |blur_fails: bool, expected: Option<MrzExpected>| {
            let mut findings = vec![blur(blur_fails), none_found()];
            mrz_lost_to_blur(&mut findings, expected);
            findings[1].status
        };
        assert_eq!(
            mrz_status(true, Some(MrzExpected::PassportPage)),
            Status::Fail
        );
        assert_eq!(mrz_status(true, Some(MrzExpected::Located)), Status::Fail);
        // a sharp photo proves nothing; nor does a blurred one without a reason for an MRZ
        assert_eq!(
            mrz_status(false, Some(MrzExpected::Located)),
            Status::Skipped
        );
        assert_eq!(mrz_status(true, None), Status::Skipped);
        // an MRZ read (pass, or failing its check digits) is left as it is
        let mut findings = vec![blur(true), Finding::pass("mrz", "read")];
        mrz_lost_to_blur(&mut findings, Some(MrzExpected::Located));
        assert_eq!(findings[1].status, Status::Pass);
    }

    #[test]
    fn a_given_value_that_was_not_compared_is_unverified() {
        let form = Form {
            name: Some("ANNA".into()),
            ..Form::default()
        };
        let findings = vec![
            Finding::pass("document", "found"),
            Finding::skipped("name", "the name could not be read from the document"),
        ];
        let facts = DocFacts {
            has_mrz: true,
            ..DocFacts::default()
        };
        let why = unverified(&form, &facts, &findings, Reading::Ran, false);
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("the name"));
        assert_eq!(verdict(&[], &why), Verdict::Unverified);
        // not given: nothing to verify
        assert!(unverified(&Form::default(), &facts, &findings, Reading::Ran, false).is_empty());
    }

    #[test]
    fn a_given_value_the_reading_neither_proves_nor_supports_is_unverified() {
        let form = Form {
            name: Some("JOHN DOE".into()),
            ..Form::default()
        };
        let facts = DocFacts {
            surname: Some("OKONJO".into()),
            ..DocFacts::default()
        };
        let mut findings = vec![
            Finding::pass("document", "found"),
            Finding::warn("name", "could not confirm the name"),
        ];
        // a warning the reading supports (say, Ø read as nothing) leaves the pass alone
        assert!(unverified(&form, &facts, &findings, Reading::Ran, false).is_empty());
        findings[1] = findings[1].clone().unconfirmed();
        let why = unverified(&form, &facts, &findings, Reading::Ran, false);
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("the name you gave differs"), "{why:?}");
    }

    #[test]
    fn no_outline_and_nothing_read_is_unverified() {
        let findings = vec![Finding::warn("document", "no document outline found")];
        let why = unverified(
            &Form::default(),
            &DocFacts::default(),
            &findings,
            Reading::Ran,
            false,
        );
        assert_eq!(why.len(), 1);
        let read = DocFacts {
            has_mrz: true,
            ..DocFacts::default()
        };
        assert!(unverified(&Form::default(), &read, &findings, Reading::Ran, false).is_empty());
    }

    #[test]
    fn reading_off_is_unverified_with_or_without_form_values() {
        let findings = vec![Finding::pass("document", "found")];
        let why = unverified(
            &Form::default(),
            &DocFacts::default(),
            &findings,
            Reading::Off,
            false,
        );
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("reading turned off"), "{why:?}");
        assert!(why[0].contains("expiry, age and document type were not checked"));
        assert_eq!(verdict(&[], &why), Verdict::Unverified);
    }

    #[test]
    fn an_untold_kind_or_untold_sides_are_unverified() {
        let read = DocFacts {
            has_mrz: true,
            ..DocFacts::default()
        };
        let mut findings = vec![
            Finding::pass("document", "found"),
            Finding::warn("doc_kind", "could not tell what kind of document this is"),
        ];
        let why = unverified(&Form::default(), &read, &findings, Reading::Ran, false);
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(why[0].contains("identity document"));
        findings[1] = Finding::pass("doc_kind", "an identity document");
        assert!(unverified(&Form::default(), &read, &findings, Reading::Ran, false).is_empty());
        // the sides of a pair: only with --back
        findings.push(Finding::skipped(
            "sides",
            "which side each photo shows could not be told",
        ));
        findings.push(Finding::skipped("sides_match", "nothing to compare"));
        assert!(unverified(&Form::default(), &read, &findings, Reading::Ran, false).is_empty());
        let why = unverified(&Form::default(), &read, &findings, Reading::Ran, true);
        assert_eq!(why.len(), 2, "{why:?}");
    }

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
