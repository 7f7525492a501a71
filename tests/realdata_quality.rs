//! The quality stage on real captures (issue 12): `../shared/realdata`, split by source project
//! into a tuning and a held-out part (`tests/data/realdata_split.tsv`), with the table printed
//! for both parts (`--nocapture`). Missing data fails when `KYC_REQUIRE_REALDATA` is set (CI).
//!
//! Bars asserted on both parts: every capture a reviewer rejects (`no`) gets E001; no E001 from
//! `resolution` on an image whose MRZ verified; and `reviewer_accepts=yes` gets E001 at most
//! 10 % of the time (the bar, [`YES_E001_CEILING`]).
#![cfg(feature = "ocr")]

mod common;

use common::realdata::{self, Part};

/// The highest share of `reviewer_accepts=yes` captures allowed to get E001, per part: the
/// issue's bar, 10 %, on both parts.
const YES_E001_CEILING: [(Part, f64); 2] = [(Part::Tune, 0.10), (Part::Heldout, 0.10)];

#[test]
fn realdata_quality_bars() {
    let Some(root) = realdata::root_or_skip() else {
        return;
    };
    let images = realdata::images(&root);
    assert!(
        images.len() >= 120,
        "only {} real images listed",
        images.len()
    );
    let outcomes = realdata::run(&root, &images);
    let errors: Vec<_> = outcomes
        .iter()
        .filter_map(|o| {
            o.report
                .error
                .as_ref()
                .map(|e| format!("{}: {e}", o.image.rel))
        })
        .collect();
    assert!(
        errors.is_empty(),
        "real images that did not load: {errors:?}"
    );
    println!("\n{}", realdata::table(&outcomes));

    let mut failures = Vec::new();
    for o in &outcomes {
        if o.image.accepts == "no" && !o.e001 {
            failures.push(format!(
                "{}: a reviewer rejects it, but no E001",
                o.image.rel
            ));
        }
        if o.mrz_valid && o.e001_checks.iter().any(|c| c == "resolution") {
            failures.push(format!(
                "{}: E001 from resolution although the MRZ verified",
                o.image.rel
            ));
        }
    }
    for (part, ceiling) in YES_E001_CEILING {
        let (k, n) = realdata::stats(&outcomes, part).label("yes");
        assert!(
            n > 0,
            "the {} part has no reviewer_accepts=yes capture",
            part.name()
        );
        let r = k as f64 / n as f64;
        if r > ceiling {
            failures.push(format!(
                "{} part: reviewer_accepts=yes gets E001 {k}/{n} = {r:.2}, above the recorded {ceiling:.2}",
                part.name()
            ));
        }
    }
    for f in &failures {
        println!("  {f}");
    }
    assert!(failures.is_empty(), "{} real-data failures", failures.len());
}
