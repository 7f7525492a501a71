//! Nuisance changes to real selfies and face photos (issue 14: be right on photos never seen).
//! A change a liveness step does not care about — a lower JPEG quality, a smaller or larger
//! camera, a little darker or brighter, warmer light, sensor noise, the front camera's mirror
//! image — must not change what the selfie check says: the faces it counts, whether it predicts
//! E012, whether it flags the photo at all. Every photo of `../shared/realdata/faces` is checked
//! as it is (saved again at JPEG quality 90, as every changed copy is) and after each change; the
//! table gives, per change and part, how many photos changed their face count, their E012
//! verdict or their flag, and which checks moved. It fails when a change moves more photos than
//! [`Change::ceiling`] records (today's level; the goal is none). Missing data fails when
//! `KYC_REQUIRE_REALDATA=1` (CI).

mod common;

use common::faces::{self, FacePhoto};
use common::nuisance;
use image::RgbImage;
use kyc_check::face;
use kyc_check::finding::Status;
use kyc_check::load;
use kyc_check::pipeline;
use kyc_check::report::SelfieReport;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A change to the decoded photo; the result is saved as JPEG (quality 90 unless the change is
/// the quality) and decoded again as the selfie stage decodes a file.
struct Change {
    name: &'static str,
    apply: fn(&RgbImage) -> (RgbImage, u8),
    /// The most photos (tuning, held-out) whose E012 verdict this change may turn either way:
    /// the level of stop 34, so that it can only go down (README "Nuisance changes to selfies"
    /// says what moves them).
    ceiling: (usize, usize),
}

const CHANGES: [Change; 8] = [
    Change {
        name: "JPEG quality 70",
        apply: |i| (i.clone(), 70),
        ceiling: (0, 1),
    },
    Change {
        name: "smaller camera (0.75×)",
        apply: |i| (nuisance::scaled(i, 3, 4), 90),
        ceiling: (3, 0),
    },
    Change {
        name: "enlarged 1.5× (bicubic)",
        apply: |i| (nuisance::scaled(i, 3, 2), 90),
        ceiling: (2, 2),
    },
    Change {
        name: "darker (gamma 1.25)",
        apply: |i| (nuisance::gamma(i, 1.25), 90),
        ceiling: (2, 2),
    },
    Change {
        name: "brighter (gamma 0.8)",
        apply: |i| (nuisance::gamma(i, 0.8), 90),
        ceiling: (1, 4),
    },
    Change {
        name: "warm light (R ×1.08, B ×0.88)",
        apply: |i| (nuisance::warm(i), 90),
        ceiling: (1, 1),
    },
    Change {
        name: "sensor noise (σ 4)",
        apply: |i| (nuisance::noisy(i), 90),
        ceiling: (2, 0),
    },
    Change {
        name: "mirrored (front camera)",
        apply: |i| (image::imageops::flip_horizontal(i), 90),
        ceiling: (2, 2),
    },
];

/// What the selfie check said of one photo.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    faces: usize,
    e012: bool,
    flagged: bool,
    /// Checks failing or warning, with their status.
    checks: Vec<String>,
}

fn said(report: &SelfieReport) -> Said {
    let checks: Vec<String> = report
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Fail | Status::Warn))
        .map(|f| {
            let s = if f.status == Status::Fail {
                "fail"
            } else {
                "warn"
            };
            format!("{} {s}", f.check)
        })
        .collect();
    Said {
        faces: report.faces.len(),
        e012: report.findings.iter().any(|f| f.status == Status::Fail),
        flagged: !checks.is_empty(),
        checks,
    }
}

/// The selfie check of `img` saved as JPEG at quality `q` and decoded again.
fn check(img: &RgbImage, q: u8) -> Said {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, q)
        .encode_image(img)
        .expect("encodes");
    let loaded = load::decode_reduced(&bytes, pipeline::SELFIE_DECODE_SIDE).expect("decodes");
    said(&pipeline::selfie_report(&loaded, face::default()))
}

/// `f` of every index below `n`, on two plain threads. Not rayon: a rayon worker waiting for
/// rten's own pool takes other jobs meanwhile, so selfie checks nest on one stack (it overflowed)
/// and one may re-enter a model's `OnceLock` while it is being filled (it hung). The product
/// checks its one selfie outside any rayon pool.
fn each<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let out = Mutex::new(Vec::with_capacity(n));
    std::thread::scope(|s| {
        for _ in 0..2 {
            std::thread::Builder::new()
                .stack_size(8 << 20)
                .spawn_scoped(s, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let r = f(i);
                    out.lock().unwrap().push((i, r));
                })
                .expect("a worker thread");
        }
    });
    let mut out = out.into_inner().unwrap();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Per change and part: photos whose count, E012 verdict and flag moved, photos checked, and
/// the checks that moved (appeared or went) with how often.
#[derive(Default)]
struct Cell {
    count: usize,
    e012: usize,
    flag: usize,
    n: usize,
    moved: BTreeMap<String, usize>,
}

#[test]
fn nuisance_changes_do_not_change_the_selfie_verdict() {
    let Some(photos) = faces::photos() else {
        return;
    };
    let originals: Vec<(&FacePhoto, RgbImage, Said)> = each(photos.len(), |i| {
        let p = &photos[i];
        let image = load::load(&p.path).expect("a readable photo").image;
        let base = check(&image, 90);
        (p, image, base)
    });
    let jobs: Vec<(usize, usize)> = (0..CHANGES.len())
        .flat_map(|c| (0..originals.len()).map(move |i| (c, i)))
        .collect();
    let results: Vec<(usize, usize, Said)> = each(jobs.len(), |j| {
        let (c, i) = jobs[j];
        let (img, q) = (CHANGES[c].apply)(&originals[i].1);
        (c, i, check(&img, q))
    });

    let mut table: BTreeMap<(usize, &str), Cell> = BTreeMap::new();
    let mut detail = Vec::new();
    for (c, i, after) in &results {
        let (photo, _, before) = &originals[*i];
        let cell = table.entry((*c, photo.part)).or_default();
        cell.n += 1;
        if after == before {
            continue;
        }
        cell.count += usize::from(after.faces != before.faces);
        cell.e012 += usize::from(after.e012 != before.e012);
        cell.flag += usize::from(after.flagged != before.flagged);
        let mut moved = Vec::new();
        for k in &after.checks {
            if !before.checks.contains(k) {
                moved.push(format!("+{k}"));
            }
        }
        for k in &before.checks {
            if !after.checks.contains(k) {
                moved.push(format!("-{k}"));
            }
        }
        for m in &moved {
            *cell.moved.entry(m.clone()).or_default() += 1;
        }
        detail.push(format!(
            "  {} ({}): {} [{}]: faces {} → {}, E012 {} → {}; {}",
            CHANGES[*c].name,
            photo.part,
            photo.file,
            photo.ok,
            before.faces,
            after.faces,
            before.e012,
            after.e012,
            moved.join(", ")
        ));
    }
    println!("\nselfie check after a nuisance change: photos whose face count | E012 verdict | flag moved");
    println!("{:<32} {:<28} {:<28}", "change", "tuning", "held-out");
    for (c, change) in CHANGES.iter().enumerate() {
        let cell = |p: &str| {
            table.get(&(c, p)).map_or(String::new(), |e| {
                format!("{} | {} | {} of {}", e.count, e.e012, e.flag, e.n)
            })
        };
        println!(
            "{:<32} {:<28} {:<28}",
            change.name,
            cell("tuning"),
            cell("held-out")
        );
    }
    for (c, change) in CHANGES.iter().enumerate() {
        for p in ["tuning", "held-out"] {
            if let Some(e) = table.get(&(c, p)) {
                if !e.moved.is_empty() {
                    let by: Vec<String> = e.moved.iter().map(|(k, v)| format!("{k} {v}")).collect();
                    println!("  {} ({p}) moved: {}", change.name, by.join(", "));
                }
            }
        }
    }
    for d in &detail {
        println!("{d}");
    }
    let mut over = Vec::new();
    for (c, change) in CHANGES.iter().enumerate() {
        for (p, max) in [("tuning", change.ceiling.0), ("held-out", change.ceiling.1)] {
            let k = table.get(&(c, p)).map_or(0, |e| e.e012);
            if k > max {
                over.push(format!(
                    "{} ({p}): {k} photos' E012 verdict moved, more than the recorded {max}",
                    change.name
                ));
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}
