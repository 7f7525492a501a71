//! Nuisance changes to good real captures (issue 12: be right on photos never seen). A photo a
//! reviewer accepts stays acceptable when it is saved at a lower JPEG quality, enlarged, a little
//! darker or brighter, warmer, noisier, under a soft shadow, or photographed with some dark or
//! pale table around it; none of these may turn it into an E001, nor stop its MRZ from verifying. Each good
//! capture of `../shared/realdata` (`yes`, or unlabelled with every MRZ check digit verified)
//! that gets no E001 as it is, is checked again after each change; the tables give, per change
//! and part, how many now get E001 and from which checks, and how many of the MRZs verified as
//! they are no longer verify. The test fails when a change makes more good captures E001 than
//! [`Change::ceiling`] records, or more MRZs stop verifying than [`Change::mrz_ceiling`] records
//! (today's level: the goal is none, and the README's "Nuisance changes" says which mechanisms
//! are behind the rest). Missing data fails when `KYC_REQUIRE_REALDATA` is set (CI).
#![cfg(feature = "ocr")]

mod common;

use common::nuisance;
use common::realdata::{self, Part};
use image::{Rgb, RgbImage};
use kyc_check::finding::Status;
use kyc_check::form::Form;
use kyc_check::load;
use kyc_check::pipeline::{self, Options};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// A change a reviewer does not care about, applied to the decoded photo; the result is saved as
/// JPEG (quality 90 unless the change is the quality) and decoded again, as a file would be.
struct Change {
    name: &'static str,
    apply: fn(&RgbImage) -> (RgbImage, u8),
    /// The most good captures (tuning, held-out) this change may turn into an E001: where the
    /// code is today (stop 33, and lower since), so that it can only go down. The goal is none.
    ceiling: (usize, usize),
    /// The most MRZs verified as they are that may fail to verify after the change (tuning,
    /// held-out), recorded at stop 36 when this was first counted.
    mrz_ceiling: (usize, usize),
}

const CHANGES: [Change; 9] = [
    Change {
        name: "JPEG quality 70",
        apply: |i| (i.clone(), 70),
        ceiling: (1, 2),
        mrz_ceiling: (0, 0),
    },
    Change {
        name: "enlarged 1.5× (bicubic)",
        apply: |i| (nuisance::scaled(i, 3, 2), 90),
        // stop 35: 6 before `veil::MIN_WASH_SPREAD`
        ceiling: (5, 4),
        mrz_ceiling: (0, 0),
    },
    Change {
        name: "darker (gamma 1.25)",
        apply: |i| (nuisance::gamma(i, 1.25), 90),
        ceiling: (6, 2),
        mrz_ceiling: (2, 1),
    },
    Change {
        name: "brighter (gamma 0.8)",
        apply: |i| (nuisance::gamma(i, 0.8), 90),
        ceiling: (2, 2),
        mrz_ceiling: (0, 0),
    },
    Change {
        name: "warm light (R ×1.08, B ×0.88)",
        apply: |i| (nuisance::warm(i), 90),
        ceiling: (2, 3),
        mrz_ceiling: (0, 0),
    },
    Change {
        name: "sensor noise (σ 4)",
        apply: |i| (nuisance::noisy(i), 90),
        ceiling: (5, 1),
        mrz_ceiling: (0, 0),
    },
    Change {
        name: "on a dark table (12 % border)",
        apply: |i| (nuisance::on_table(i, Rgb([38, 36, 40]), 12, false), 90),
        // stop 35: 15, 14 before clipped white in the outline's error band and straight strips
        // (a scan's margin, the gap between two scans) stopped counting as glare (13, 13), and
        // evenly pale print as a flare (`veil::MIN_WASH_SPREAD`: 8, 9), and white with print
        // at full darkness beside it as a highlight (`glare::PRINT_BESIDE`)
        ceiling: (8, 8),
        mrz_ceiling: (3, 1),
    },
    Change {
        name: "on a pale table (even border)",
        apply: |i| (nuisance::on_table(i, Rgb([235, 235, 232]), 12, true), 90),
        // stop 36: 5, 3 (resolution 1, 2) before `resolution` stopped failing an outline set
        // aside for the frame on that guess (`Detected::set_aside`): with an even border a
        // card's frame can have a passport page's proportions, and the card was failed as a
        // frame-sized passport page
        ceiling: (4, 1),
        mrz_ceiling: (1, 0),
    },
    Change {
        name: "a soft shadow across it (×0.6)",
        apply: |i| (nuisance::shadow(i, 0.6), 90),
        // stop 36: 30, 22 (MRZs no longer verifying 44, 29) before a band under uneven light was
        // read again with the light divided out (`read::sample::flatten`)
        ceiling: (1, 2),
        mrz_ceiling: (1, 0),
    },
];

/// Per change and part: captures with E001, captures checked, and E001 by check.
type Cell = (usize, usize, BTreeMap<String, usize>);

/// One changed capture: the change, the part, the image, its E001 checks, and for an MRZ
/// verified as it is, whether it still verifies.
type Outcome = (usize, Part, String, Vec<String>, Option<bool>);

fn e001_checks(report: &kyc_check::report::Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail && f.code.is_some_and(|c| c.info().id == "E001"))
        .map(|f| f.check.to_string())
        .collect()
}

#[test]
fn nuisance_changes_do_not_make_good_captures_e001() {
    let Some(root) = realdata::root_or_skip() else {
        return;
    };
    let images = realdata::images(&root);
    let outcomes = realdata::run(&root, &images);
    let good: Vec<_> = outcomes
        .iter()
        .filter(|o| {
            !o.e001 && (o.image.accepts == "yes" || (o.image.accepts == "-" && o.mrz_valid))
        })
        .collect();
    assert!(good.len() >= 60, "only {} good captures", good.len());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = Options::new(today);
    let form = Form::default();
    let jobs: Vec<(usize, usize)> = (0..CHANGES.len())
        .flat_map(|c| (0..good.len()).map(move |g| (c, g)))
        .collect();
    let results: Vec<Outcome> = jobs
        .par_iter()
        .map(|&(c, g)| {
            let o = good[g];
            let loaded = load::load(&root.join(&o.image.rel)).expect("loads");
            let (img, q) = (CHANGES[c].apply)(&loaded.image);
            let mut bytes = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, q)
                .encode_image(&img)
                .expect("encodes");
            let changed = load::decode(&bytes).expect("decodes");
            let report = pipeline::check(&changed, &form, &opts);
            // for an MRZ verified as it is: whether it still verifies
            let still_verifies = o.mrz_valid.then(|| {
                report
                    .document
                    .mrz
                    .as_ref()
                    .and_then(|m| m.read())
                    .is_some_and(|m| m.valid)
            });
            (
                c,
                o.image.part,
                o.image.rel.clone(),
                e001_checks(&report),
                still_verifies,
            )
        })
        .collect();

    let mut table: BTreeMap<(usize, &str), Cell> = BTreeMap::new();
    let mut detail = Vec::new();
    // per change and part: verified MRZs that no longer verify, and verified MRZs checked
    let mut mrz: BTreeMap<(usize, &str), (usize, usize)> = BTreeMap::new();
    for (c, part, rel, checks, still) in &results {
        if let Some(still) = still {
            let m = mrz.entry((*c, part.name())).or_default();
            m.1 += 1;
            if !still {
                m.0 += 1;
                detail.push(format!(
                    "  {}: {rel}: MRZ no longer verifies",
                    CHANGES[*c].name
                ));
            }
        }
        let e = table.entry((*c, part.name())).or_default();
        e.1 += 1;
        if !checks.is_empty() {
            e.0 += 1;
            for k in checks {
                *e.2.entry(k.clone()).or_default() += 1;
            }
            detail.push(format!(
                "  {}: {rel}: {}",
                CHANGES[*c].name,
                checks.join(", ")
            ));
        }
    }
    println!(
        "\ngood captures without E001 as they are, E001 after a nuisance change (tuning | held-out):"
    );
    for (c, change) in CHANGES.iter().enumerate() {
        let cell = |p: &str| {
            table
                .get(&(c, p))
                .map(|(k, n, by)| {
                    let by: Vec<String> = by.iter().map(|(k, v)| format!("{k} {v}")).collect();
                    format!(
                        "{}{}",
                        realdata::rate(*k, *n),
                        if by.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", by.join(", "))
                        }
                    )
                })
                .unwrap_or_default()
        };
        println!(
            "{:<32} {:<36} {}",
            change.name,
            cell(Part::Tune.name()),
            cell(Part::Heldout.name())
        );
    }
    println!(
        "\nMRZs verified as they are that no longer verify after the change (tuning | held-out):"
    );
    for (c, change) in CHANGES.iter().enumerate() {
        let cell = |p: &str| {
            mrz.get(&(c, p))
                .map(|(k, n)| realdata::rate(*k, *n))
                .unwrap_or_default()
        };
        println!(
            "{:<32} {:<20} {}",
            change.name,
            cell(Part::Tune.name()),
            cell(Part::Heldout.name())
        );
    }
    for d in &detail {
        println!("{d}");
    }
    let mut over = Vec::new();
    for (c, change) in CHANGES.iter().enumerate() {
        for (part, i) in [(Part::Tune, 0), (Part::Heldout, 1)] {
            let p = part.name();
            let e001 = table.get(&(c, p)).map_or(0, |e| e.0);
            let lost = mrz.get(&(c, p)).map_or(0, |e| e.0);
            let (ceiling, mrz_ceiling) = (
                [change.ceiling.0, change.ceiling.1][i],
                [change.mrz_ceiling.0, change.mrz_ceiling.1][i],
            );
            for (k, max, what) in [
                (e001, ceiling, "good captures get E001"),
                (lost, mrz_ceiling, "verified MRZs no longer verify"),
            ] {
                if k > max {
                    over.push(format!(
                        "{} ({p}): {k} {what}, more than the recorded {max}",
                        change.name
                    ));
                }
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}
