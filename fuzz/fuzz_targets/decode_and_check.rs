//! Any bytes through the loader and, when they decode, the whole check with reading off: nothing
//! may panic, and a refusal must say what to do (SPEC §6 Reliability).
//!
//! `cargo +nightly fuzz run decode_and_check fuzz/corpus/decode_and_check -- -max_len=1048576`
//! (seed the corpus with `fixtures/*` and small images; see `fuzz/README.md`).

#![no_main]

use chrono::NaiveDate;
use kyc_check::finding::Status;
use kyc_check::form::{DocType, Form};
use kyc_check::load::decode;
use kyc_check::pipeline::{check, Options};
use kyc_check::report::Verdict;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match decode(data) {
        Ok(loaded) => {
            let (w, h) = loaded.image.dimensions();
            assert!(w > 0 && h > 0, "decoded to {w}×{h}");
            let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
            let mut opts = Options::new(today);
            opts.ocr = false;
            let form = Form {
                doc_type: Some(DocType::Passport),
                name: Some("Anna Maria Åström".into()),
                dob: NaiveDate::from_ymd_opt(1974, 8, 12),
                doc_number: Some("L898902C3".into()),
                expiry: NaiveDate::from_ymd_opt(2031, 4, 15),
                nationality: Some("UTO".into()),
            };
            let report = check(&loaded, &form, &opts);
            assert_ne!(report.verdict, Verdict::Error);
            for f in &report.findings {
                assert!(!f.message.is_empty(), "{} has no message", f.check);
                assert_eq!(f.status == Status::Fail, f.code.is_some(), "{}", f.check);
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("; "), "no advice in {message:?}");
        }
    }
});
