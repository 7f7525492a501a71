//! Face detection and the selfie pre-check on the real photos of `../shared/realdata/faces`
//! (91 photos from ten public projects; `MANIFEST.tsv`: faces seen by eye, the largest face's
//! box, labels, whether a selfie step would accept the photo).
//!
//! The photos are split by source project (`tests/data/faces_split.tsv`) into a tuning part, on
//! which the thresholds were set, and a held-out part; every table prints both. Bars (issue 14):
//! - detection (IoU ≥ 0.4 with `main_face_box`): recall ≥ 0.95 on frontal faces over 5 % of the
//!   frame; precision ≥ 0.95; the face count exactly right on ≥ 90 % of the photos;
//! - selfie: no E012 on ≥ 90 % of the photos marked `kyc_selfie_ok=yes`; E012 or a warning on
//!   ≥ 90 % of those marked `no`, naming the right check for the labels of [`LABEL_CHECKS`].
//!
//! Counting: a photo of at most one face is fully verifiable (a detection that does not overlap
//! the box is a false positive); on a group photo only the box of the largest face is known, so
//! detections past the manifest's count are false positives.
//!
//! Asserted, for the detector in use ([`face::default`], BlazeFace back 256, tiled for groups):
//! the bars met today (precision ≥ 0.95; recall ≥ 0.95; no E012 on ≥ 90 % of
//! the accepted photos; E012 or a warning on ≥ 90 % of the rejected ones; every `no_face`,
//! `dark`, `blurry` and `black_and_white` photo flagged by its check), and floors just under
//! today's results for the bars not met yet (face count, `cut_by_edge` flagged on the held-out part:
//! README "Selfie" gives the numbers), so that a regression fails. `FACES_COMPARE=1` prints the
//! same tables for every detector compared ([`detectors`]; or a comma-separated list of their
//! names).
//!
//! Missing data fails the test when `KYC_REQUIRE_REALDATA=1` (as in CI) and is reported as
//! skipped otherwise. Run with `--nocapture` for the tables.

mod common;

use common::faces::FacePhoto;
use kyc_check::face::blaze::Blaze;
use kyc_check::face::combo::{Combined, Mode};
use kyc_check::face::{self, iou, seeta, FaceDetector};
use kyc_check::finding::Status;
use kyc_check::load;
use kyc_check::pipeline;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Labels and the selfie check that must fail or warn on a photo carrying them.
const LABEL_CHECKS: [(&str, &str); 7] = [
    ("no_face", "selfie_face"),
    ("group", "selfie_face"),
    ("cut_by_edge", "selfie_position"),
    ("black_and_white", "selfie_color"),
    ("dark", "selfie_light"),
    ("blurry", "selfie_sharpness"),
    ("id_card_photo", "selfie_recapture"),
];

#[derive(Default)]
struct Part {
    photos: usize,
    recall_n: usize,
    recall_hit: usize,
    iou_sum: f64,
    tp: usize,
    fp: usize,
    count_ok: usize,
    yes_n: usize,
    yes_ok: usize,
    no_n: usize,
    no_flagged: usize,
    labels: BTreeMap<&'static str, (usize, usize)>,
    ms: f64,
    notes: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The detectors compared (`FACES_COMPARE=1` prints them all; otherwise only the one in use,
/// [`face::default`], is run). Thresholds are each detector's own, set on the tuning part.
fn detectors() -> Vec<(&'static str, &'static dyn FaceDetector)> {
    static UNION: OnceLock<Combined> = OnceLock::new();
    static FALLBACK: OnceLock<Combined> = OnceLock::new();
    let union = UNION.get_or_init(|| Combined {
        first: Blaze::back(),
        second: seeta::Seeta::shared(),
        mode: Mode::Union,
        name: "BlazeFace back 256 ∪ SeetaFace",
    });
    let fallback = FALLBACK.get_or_init(|| Combined {
        first: Blaze::back(),
        second: seeta::Seeta::shared(),
        mode: Mode::Fallback,
        name: "BlazeFace back 256, SeetaFace when it finds none",
    });
    vec![
        ("seeta", seeta::Seeta::shared()),
        ("blaze-front", Blaze::front()),
        ("blaze-back", Blaze::back()),
        ("back+seeta union", union),
        ("back>seeta fallback", fallback),
        ("blaze-tiled", kyc_check::face::blaze::Tiled::back()),
    ]
}

#[test]
fn faces_realdata_detection_and_selfie_bars() {
    let Some(photos) = common::faces::photos() else {
        return;
    };
    let verbose = std::env::var("FACES_VERBOSE").is_ok();
    if let Ok(which) = std::env::var("FACES_COMPARE") {
        for (name, det) in detectors()
            .into_iter()
            .filter(|(name, _)| which == "1" || which.split(',').any(|w| w == *name))
        {
            println!("\n=== {name}: {}", det.name());
            print_tables(&measure(&photos, det, verbose));
        }
    }
    println!("\n=== in use: {}", face::default().name());
    let parts = measure(&photos, face::default(), verbose);
    print_tables(&parts);
    assert_bars(&parts);
}

/// `face::find_in_the_dark` (renderings of a dim frame: luminance, green and brightest channel,
/// brightened and smoothed up to 2 px) must not invent a face: every photo of `realdata/faces`
/// with no face and nothing drawn (`no_face` without `cartoon_or_drawing`: a landscape, animals,
/// cars, a white frame), darkened to 2–14 % of its levels, shows no face. (Drawn and rendered
/// faces do turn up once darkened, brightened and smoothed: 16 of their 32 darkened frames, the
/// same with and without the green and brightest renderings and the 2 px blur.)
#[test]
fn darkened_photos_without_a_face_show_none() {
    let Some(photos) = common::faces::photos() else {
        return;
    };
    let mut frames = 0;
    let mut found = Vec::new();
    for photo in &photos {
        let drawn = photo.labels.iter().any(|l| l == "cartoon_or_drawing");
        if photo.faces != 0 || !photo.labels.iter().any(|l| l == "no_face") || drawn {
            continue;
        }
        let loaded = load::load_reduced(&photo.path, pipeline::SELFIE_DECODE_SIDE)
            .expect("a readable photo");
        let img = kyc_check::document::downscale(&loaded.image, face::selfie::WORK_SIDE);
        for percent in [2u32, 3, 4, 6, 8, 10, 12, 14] {
            let mut dark = img.clone();
            for p in dark.pixels_mut() {
                for v in &mut p.0 {
                    *v = (*v as f32 * percent as f32 / 100.0).round() as u8;
                }
            }
            frames += 1;
            let faces = face::find_in_selfie(face::default(), &dark).faces;
            if !faces.is_empty() {
                found.push(format!(
                    "{} at {percent} %: {} face(s)",
                    photo.file,
                    faces.len()
                ));
            }
        }
    }
    println!("darkened no-face frames: {frames}, with a face: {found:?}");
    assert!(frames >= 40, "only {frames} darkened frames");
    assert!(found.is_empty(), "{found:?}");
}

/// Runs the selfie stage with `detector` on every photo, each part of the split apart.
fn measure(
    photos: &[FacePhoto],
    detector: &dyn FaceDetector,
    verbose: bool,
) -> BTreeMap<&'static str, Part> {
    let mut parts: BTreeMap<&'static str, Part> = BTreeMap::new();
    for photo in photos {
        let (file, n_faces, truth, ok) =
            (&photo.file, photo.faces, photo.main_box, photo.ok.as_str());
        let part_name = photo.part;
        let labels: Vec<&str> = photo.labels.iter().map(String::as_str).collect();
        let part = parts.entry(part_name).or_default();
        let path = &photo.path;
        let (w, h) = {
            let l = load::load(path).expect("a readable photo");
            l.image.dimensions()
        };
        let t = std::time::Instant::now();
        let loaded =
            load::load_reduced(path, pipeline::SELFIE_DECODE_SIDE).expect("a readable selfie");
        let report = pipeline::selfie_report(&loaded, detector);
        part.ms += t.elapsed().as_secs_f64() * 1000.0;
        part.photos += 1;
        let dets: Vec<[f32; 4]> = report
            .faces
            .iter()
            .map(|f| f.rect.map(|v| v as f32))
            .collect();
        let best = truth.map_or(0.0, |t| {
            dets.iter().map(|d| iou(*d, t)).fold(0.0f32, f32::max)
        });
        if let Some(t) = truth {
            let frontal = !labels.contains(&"profile") && !labels.contains(&"cartoon_or_drawing");
            if frontal && (t[2] * t[3]) as f64 / (w as f64 * h as f64) > 0.05 {
                part.recall_n += 1;
                if best >= 0.4 {
                    part.recall_hit += 1;
                    part.iou_sum += best as f64;
                } else {
                    part.notes
                        .push(format!("missed   {file} (best IoU {best:.2})"));
                }
            }
        }
        if n_faces <= 1 {
            let tp = usize::from(truth.is_some() && best >= 0.4);
            part.tp += tp;
            part.fp += dets.len() - tp;
        } else {
            part.tp += dets.len().min(n_faces);
            part.fp += dets.len().saturating_sub(n_faces);
        }
        if dets.len() == n_faces {
            part.count_ok += 1;
        } else {
            part.notes.push(format!(
                "count    {file}: {} found, {n_faces} seen",
                dets.len()
            ));
        }
        let status = |check: &str| {
            report
                .findings
                .iter()
                .find(|f| f.check == check)
                .map(|f| f.status)
        };
        let any_fail = report.findings.iter().any(|f| f.status == Status::Fail);
        let any_flag = report
            .findings
            .iter()
            .any(|f| matches!(f.status, Status::Fail | Status::Warn));
        match ok {
            "yes" => {
                part.yes_n += 1;
                if any_fail {
                    part.notes.push(format!("yes→E012 {file}"));
                } else {
                    part.yes_ok += 1;
                }
            }
            "no" => {
                part.no_n += 1;
                if any_flag {
                    part.no_flagged += 1;
                } else {
                    part.notes
                        .push(format!("no→clean {file} [{}]", labels.join(",")));
                }
            }
            _ => {}
        }
        for (label, check) in LABEL_CHECKS {
            if labels.contains(&label) {
                let e = part.labels.entry(label).or_default();
                e.0 += 1;
                if matches!(status(check), Some(Status::Fail | Status::Warn)) {
                    e.1 += 1;
                } else {
                    part.notes.push(format!(
                        "label    {file}: {label} but {check} {:?}",
                        status(check)
                    ));
                }
            }
        }
        if verbose {
            let summary: Vec<String> = report
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{}={:?}{}",
                        &f.check[7.min(f.check.len())..],
                        f.status,
                        f.value.map(|v| format!("({v:.3})")).unwrap_or_default()
                    )
                })
                .collect();
            let boxes: Vec<String> = report
                .faces
                .iter()
                .map(|f| format!("{:?}@{:.2}", f.rect, f.score))
                .collect();
            println!(
                "{part_name:<8} {ok:<10} {:<60} n={} {} [{}] {}",
                file,
                dets.len(),
                summary.join(" "),
                labels.join(","),
                boxes.join(" ")
            );
        }
    }
    parts
}

fn print_tables(parts: &BTreeMap<&str, Part>) {
    println!("\nDetection on realdata/faces (IoU ≥ 0.4 with main_face_box)");
    println!(
        "{:<9} {:>6} {:>16} {:>8} {:>16} {:>16} {:>9}",
        "part", "photos", "recall (>5 %)", "mean IoU", "precision", "count exact", "ms/photo"
    );
    for (name, p) in parts {
        println!(
            "{:<9} {:>6} {:>9} {:>6.3} {:>8.2} {:>9} {:>6.3} {:>9} {:>6.3} {:>9.1}",
            name,
            p.photos,
            format!("{}/{}", p.recall_hit, p.recall_n),
            ratio(p.recall_hit, p.recall_n),
            p.iou_sum / p.recall_hit.max(1) as f64,
            format!("{}/{}", p.tp, p.tp + p.fp),
            ratio(p.tp, p.tp + p.fp),
            format!("{}/{}", p.count_ok, p.photos),
            ratio(p.count_ok, p.photos),
            p.ms / p.photos.max(1) as f64
        );
    }
    println!("\nSelfie checks on realdata/faces");
    println!(
        "{:<9} {:>20} {:>20}   per label: flagged by the named check",
        "part", "yes: no E012", "no: E012 or warning"
    );
    for (name, p) in parts {
        let per_label: Vec<String> = p
            .labels
            .iter()
            .map(|(l, (n, hit))| format!("{l} {hit}/{n}"))
            .collect();
        println!(
            "{:<9} {:>13} {:>6.3} {:>13} {:>6.3}   {}",
            name,
            format!("{}/{}", p.yes_ok, p.yes_n),
            ratio(p.yes_ok, p.yes_n),
            format!("{}/{}", p.no_flagged, p.no_n),
            ratio(p.no_flagged, p.no_n),
            per_label.join(", ")
        );
    }
    for (name, p) in parts {
        for n in &p.notes {
            println!("  {name}: {n}");
        }
    }
}

/// The bars met are asserted; the rest have floors under today's results.
fn assert_bars(parts: &BTreeMap<&str, Part>) {
    let mut problems = Vec::new();
    for (name, p) in parts {
        let mut bar = |what: &str, value: f64, min: f64| {
            if value < min {
                problems.push(format!("{name}: {what} {value:.3} < {min}"));
            }
        };
        bar("precision", ratio(p.tp, p.tp + p.fp), 0.95);
        bar(
            "accepted photos without E012",
            ratio(p.yes_ok, p.yes_n),
            0.9,
        );
        // recall: the bar (0.95), met on both parts since faces cut by the frame's side
        // edges are looked for (`face::edge`: tuning 24/25, held-out 34/35) and dim frames in
        // more renderings (`face::find_in_the_dark`: tuning 25/25). The face count (bar 0.9;
        // tuning 40/45, held-out 41/46) has floors at today's results
        let held = *name == "held-out";
        bar("recall", ratio(p.recall_hit, p.recall_n), 0.95);
        bar(
            "face count exact",
            ratio(p.count_ok, p.photos),
            if held { 41.0 / 46.0 } else { 40.0 / 45.0 },
        );
        // the bar, met on both parts (tuning 38/39, held-out 17/18)
        bar("rejected photos flagged", ratio(p.no_flagged, p.no_n), 0.9);
        for label in ["no_face", "dark", "blurry", "black_and_white"] {
            if let Some((n, hit)) = p.labels.get(label) {
                bar(&format!("{label} flagged"), ratio(*hit, *n), 1.0);
            }
        }
        // not met on the held-out part (the bar is 0.9): tuning 2/2, held-out 4/6 (a profile
        // cut by the edge, a crowd's largest face not found), 4/6 as a floor
        if let Some((n, hit)) = p.labels.get("cut_by_edge") {
            bar(
                "cut_by_edge flagged",
                ratio(*hit, *n),
                if held { 0.66 } else { 1.0 },
            );
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
