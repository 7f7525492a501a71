//! The selfie pre-check on the synthetic selfies (`fixtures/selfie-*.jpg`, labelled in
//! `fixtures/selfies.jsonl`: a drawn face, no real person, one defect each) and the document's
//! `portrait` check on the document fixtures (`fixtures/manifest.jsonl`).
//!
//! The selfie checks are run here with SeetaFace's cascade ([`drawn`]), not with the selfie's
//! own detector (BlazeFace, [`face::default`]): BlazeFace, a network trained on photographs,
//! does not find two of the drawn faces (`selfie-clean-b.jpg`, and the second person of
//! `selfie-two-people.jpg`), so with it these fixtures would test the drawing, not the checks.
//! The selfie's detector is measured on real photos (`tests/faces_realdata.rs`); the turned and
//! dark selfies below are run with both.

mod common;

use common::{manifest, Record};
use kyc_check::face;
use kyc_check::finding::Status;
use kyc_check::pipeline::{self, Options};
use serde_json::Value;
use std::path::Path;

/// The detector that finds the fixtures' drawn faces: SeetaFace (see the module's note).
fn drawn() -> &'static dyn face::FaceDetector {
    face::seeta::Seeta::shared()
}

fn opts() -> Options {
    let mut o = Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    o.ocr = false;
    o
}

#[test]
fn selfie_fixtures_fail_the_check_their_defect_names() {
    let text = std::fs::read_to_string("fixtures/selfies.jsonl").expect("fixtures/selfies.jsonl");
    let mut problems = Vec::new();
    let mut n = 0;
    for line in text.lines() {
        let rec: Value = serde_json::from_str(line).unwrap();
        let file = rec["file"].as_str().unwrap();
        let defect = rec["defect"].as_str().unwrap();
        let list = |k: &str| -> Vec<String> {
            rec[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        let l = kyc_check::load::load_reduced(
            &Path::new("fixtures").join(file),
            pipeline::SELFIE_DECODE_SIDE,
        )
        .expect("a readable selfie");
        let report = pipeline::selfie_report(&l, drawn());
        n += 1;
        let status = |c: &str| {
            report
                .findings
                .iter()
                .find(|f| f.check == c)
                .map(|f| f.status)
        };
        let summary: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{}={:?}({:.2})", f.check, f.status, f.value.unwrap_or(-1.0)))
            .collect();
        println!(
            "{file:<28} faces={} {}",
            report.faces.len(),
            summary.join(" ")
        );
        // every drawn face must be found by the detector (the no-face scene and the held-up
        // document aside)
        if !["no_face", "id_card_photo"].contains(&defect) && report.faces.is_empty() {
            problems.push(format!("{file}: the drawn face was not detected"));
        }
        // and a scene without a face gives none, upright or turned
        if defect == "no_face" && !report.faces.is_empty() {
            problems.push(format!("{file}: a face found in a scene without one"));
        }
        let expected = list("expected_fail");
        for c in &expected {
            if status(c) != Some(Status::Fail) {
                problems.push(format!("{file}: {c} should fail, is {:?}", status(c)));
            }
        }
        for c in list("expected_warn_or_fail") {
            if !matches!(status(&c), Some(Status::Fail | Status::Warn)) {
                problems.push(format!("{file}: {c} should warn, is {:?}", status(&c)));
            }
        }
        // no other check fails (a clean selfie passes every check)
        for f in &report.findings {
            if f.status == Status::Fail && !expected.iter().any(|c| c == f.check) {
                // a held-up card is not a selfie: its own small portrait (found sideways, on a
                // turned copy) fails selfie_face and selfie_size too
                let tolerated =
                    defect == "id_card_photo" && ["selfie_face", "selfie_size"].contains(&f.check);
                if !tolerated {
                    problems.push(format!(
                        "{file}: {} fails unexpectedly: {}",
                        f.check, f.message
                    ));
                }
            }
        }
    }
    assert!(n >= 10, "only {n} selfie fixtures");
    assert!(problems.is_empty(), "{problems:#?}");
}

fn check_portrait(rec: &Record) -> (Status, String) {
    let report = pipeline::check_file(&rec.path(), &rec.form, &opts());
    let f = report
        .findings
        .iter()
        .find(|f| f.check == "portrait")
        .unwrap_or_else(|| panic!("{}: no portrait finding", rec.file));
    (f.status, f.message.clone())
}

/// A glare or finger defect over the portrait that the fixture labels expect to fail.
fn portrait_covered(rec: &Record) -> bool {
    rec.raw["defects"].as_array().is_some_and(|d| {
        d.iter().any(|d| {
            d["where"] == "portrait"
                && ((d["kind"] == "glare" && rec.expected_fail.iter().any(|c| c == "glare"))
                    || (d["kind"] == "finger"
                        && rec.expected_fail.iter().any(|c| c == "occlusion")))
        })
    })
}

#[test]
fn portrait_covered_by_glare_or_a_finger_fails_and_clean_pages_pass() {
    let records = manifest();
    let covered: Vec<&Record> = records.iter().filter(|r| portrait_covered(r)).collect();
    assert!(
        covered.len() >= 4,
        "fixtures with the portrait covered: {}",
        covered.len()
    );
    let mut problems = Vec::new();
    for rec in &covered {
        let (status, msg) = check_portrait(rec);
        println!("covered {:<36} {status:?} {msg}", rec.file);
        if status != Status::Fail {
            problems.push(format!("{}: portrait {status:?} ({msg})", rec.file));
        }
    }
    // clean, upright passport pages and card fronts show their portrait's face
    let clean: Vec<&Record> = records
        .iter()
        .filter(|r| r.is_clean() && !r.file.starts_with("td1b"))
        .collect();
    let mut passed = 0;
    for rec in &clean {
        let (status, msg) = check_portrait(rec);
        println!("clean   {:<36} {status:?} {msg}", rec.file);
        if status == Status::Fail {
            problems.push(format!("{}: clean page fails portrait ({msg})", rec.file));
        }
        if status == Status::Pass {
            passed += 1;
        }
    }
    println!(
        "clean pages whose portrait face was found: {passed}/{}",
        clean.len()
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(
        passed * 10 >= clean.len() * 7,
        "portrait face found on {passed}/{} clean pages",
        clean.len()
    );
}

/// Issue 12's mock-ups (`mockup-*`, defect `placeholder_portrait`): a placeholder silhouette
/// where the photo goes fails `portrait` as a silhouette (`face::placeholder`), on passport
/// pages, card fronts, licences and open booklets alike.
#[test]
fn placeholder_portraits_fail_as_silhouettes() {
    let records = manifest();
    let mockups: Vec<&Record> = records
        .iter()
        .filter(|r| {
            r.raw["defects"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["kind"] == "placeholder_portrait"))
        })
        .collect();
    assert!(mockups.len() >= 8, "mock-up fixtures: {}", mockups.len());
    let mut problems = Vec::new();
    for rec in &mockups {
        let (status, msg) = check_portrait(rec);
        println!("mock-up {:<36} {status:?} {msg}", rec.file);
        if status != Status::Fail || !msg.contains("silhouette") {
            problems.push(format!("{}: portrait {status:?} ({msg})", rec.file));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A clean selfie fixture, as loaded.
fn clean_selfie(name: &str) -> image::RgbImage {
    kyc_check::load::load(&Path::new("fixtures").join(name))
        .expect("a clean selfie fixture")
        .image
}

fn loaded(image: image::RgbImage) -> kyc_check::load::Loaded {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    kyc_check::load::decode(&png).unwrap()
}

/// `face::find_in_selfie`'s coarse pass (`COARSE_SIDE`, `COARSE_ENOUGH`) gives the box the
/// fine pass gives: the selfie checks measure the same face either way.
#[test]
fn the_coarse_pass_gives_the_fine_pass_box() {
    for name in [
        "selfie-clean-a.jpg",
        "selfie-clean-b.jpg",
        "selfie-clean-d.jpg",
    ] {
        let img = kyc_check::document::downscale(&clean_selfie(name), face::selfie::WORK_SIDE);
        let found = face::find_in_selfie(drawn(), &img);
        let fine = face::find(drawn(), &img, face::DETECT_SIDE);
        assert_eq!(found.faces.len(), 1, "{name}: {:?}", found.faces);
        assert_eq!(fine.len(), 1, "{name}: {fine:?}");
        let overlap = face::iou(found.faces[0].rect, fine[0].rect);
        println!(
            "{name}: coarse {:?} fine {:?} IoU {overlap:.2}",
            found.faces[0].rect, fine[0].rect
        );
        assert!(overlap >= 0.8, "{name}: IoU {overlap:.2}");
        assert_eq!(found.turned, 0);
    }
}

/// `face::find_in_selfie`'s turned passes: a selfie taken sideways or upside down has its face found on a
/// turned copy, and `selfie_face` fails saying so, the box given on the photo as it is.
#[test]
fn a_turned_selfie_is_found_and_fails_selfie_face() {
    let upright = clean_selfie("selfie-clean-a.jpg");
    for (turned, img, detector) in [
        (270, image::imageops::rotate90(&upright), face::default()),
        (90, image::imageops::rotate270(&upright), face::default()),
        (180, image::imageops::rotate180(&upright), face::default()),
        (270, image::imageops::rotate90(&upright), drawn()),
        (90, image::imageops::rotate270(&upright), drawn()),
        (180, image::imageops::rotate180(&upright), drawn()),
    ] {
        let (w, h) = img.dimensions();
        let report = pipeline::selfie_report(&loaded(img), detector);
        let f = report
            .findings
            .iter()
            .find(|f| f.check == "selfie_face")
            .unwrap();
        println!(
            "{} turned {turned}: {:?} {} {:?}",
            detector.name(),
            f.status,
            f.message,
            report.faces
        );
        assert_eq!(f.status, Status::Fail, "turned {turned}: {}", f.message);
        assert_eq!(f.value, Some(turned as f64), "turned {turned}");
        assert_eq!(report.faces.len(), 1);
        let [x, y, fw, fh] = report.faces[0].rect;
        assert!(
            x + fw <= w && y + fh <= h,
            "turned {turned}: box off the photo"
        );
    }
}

/// `face::DARK_SMOOTH_SIGMAS`: a selfie in near darkness (a clean fixture darkened to 3–12 % of
/// its levels), where the stretch of `face::brighten` alone often finds nothing, is found more
/// often by SeetaFace with the brightened frame smoothed. BlazeFace (the selfie's detector) finds
/// it at every level.
#[test]
fn a_selfie_in_near_darkness_is_found_brightened_and_smoothed() {
    let img = kyc_check::document::downscale(
        &clean_selfie("selfie-clean-a.jpg"),
        face::selfie::WORK_SIDE,
    );
    for detector in [drawn(), face::default()] {
        let (mut plain, mut smoothed) = (0, 0);
        for percent in 3..=12 {
            let mut dark = img.clone();
            for p in dark.pixels_mut() {
                for c in &mut p.0 {
                    *c = (*c as f32 * percent as f32 / 100.0).round() as u8;
                }
            }
            let by_find = !face::find(detector, &dark, face::DETECT_SIDE).is_empty();
            let found = face::find_in_selfie(detector, &dark);
            println!(
                "{} {percent} %: brightened {by_find}, all passes {:?}",
                detector.name(),
                found.faces
            );
            assert!(found.faces.len() <= 1, "{percent} %: {:?}", found.faces);
            plain += usize::from(by_find);
            smoothed += usize::from(!found.faces.is_empty());
        }
        println!(
            "{}: found brightened {plain}/10, with the smoothed pass {smoothed}/10",
            detector.name()
        );
        if detector.name() == drawn().name() {
            assert!(
                smoothed >= plain + 2 && smoothed >= 8,
                "{plain} → {smoothed}"
            );
        } else {
            assert_eq!(smoothed, 10, "{}", detector.name());
        }
    }
}

/// `face::edge`: a clean selfie cut through the middle of its face by the left or the right edge
/// of the frame has the cut face found across the mirrored strip's seam (its box reaching past
/// that edge, about as wide as the whole face), and `selfie_position` fails naming that edge; the
/// uncut selfie has no face cut by an edge.
#[test]
fn a_face_cut_in_half_by_the_frame_edge_is_found_and_fails_selfie_position() {
    for name in ["selfie-clean-a.jpg", "selfie-clean-c.jpg"] {
        let img = kyc_check::document::downscale(&clean_selfie(name), face::selfie::WORK_SIDE);
        let whole = face::find_in_selfie(face::default(), &img).faces;
        assert_eq!(whole.len(), 1, "{name}: {whole:?}");
        let uncut = face::edge::cut_by_edge(face::edge_detector(), &img, &whole);
        assert!(uncut.is_empty(), "{name}: {uncut:?}");
        let [fx, _, fw, _] = whole[0].rect;
        let mid = (fx + fw / 2.0).round() as u32;
        let (w, h) = img.dimensions();
        for (side, x0, cw) in [("right", 0, mid), ("left", mid, w - mid)] {
            let cut = image::imageops::crop_imm(&img, x0, 0, cw, h).to_image();
            let found = face::edge::cut_by_edge(face::edge_detector(), &cut, &[]);
            println!("{name} cut by the {side} edge: {found:?}");
            assert_eq!(found.len(), 1, "{name} {side}: {found:?}");
            let [x, _, bw, _] = found[0].rect;
            let edge = if side == "right" { cw as f32 } else { 0.0 };
            assert!(
                (x + bw / 2.0 - edge).abs() < 0.2 * bw && (bw / fw - 1.0).abs() < 0.3,
                "{name} {side}: {:?} against the whole face {:?}",
                found[0].rect,
                whole[0].rect
            );
            let report = pipeline::selfie_report(&loaded(cut), face::default());
            let pos = report
                .findings
                .iter()
                .find(|f| f.check == "selfie_position")
                .unwrap();
            assert_eq!(pos.status, Status::Fail, "{name} {side}: {}", pos.message);
            assert!(pos.message.contains(side), "{name} {side}: {}", pos.message);
        }
    }
}

/// `face::edge::STRIP`'s calibration table: the selfie fixtures whose one face is found, each
/// cut by either side edge with 35, 50 and 65 % of the face left in the frame, and how many of
/// the cut faces are found with strips of each width. The width in use finds the most.
#[test]
fn cut_faces_by_strip_width() {
    let strips = [0.3f32, 0.35, 0.4, 0.45, 0.5];
    let mut found = [0usize; 5];
    let mut cuts = 0;
    for name in [
        "selfie-clean-a.jpg",
        "selfie-clean-b.jpg",
        "selfie-clean-c.jpg",
        "selfie-clean-d.jpg",
        "selfie-far.jpg",
        "selfie-backlit.jpg",
        "selfie-gray.jpg",
        "selfie-blurry.jpg",
    ] {
        let img = kyc_check::document::downscale(&clean_selfie(name), face::selfie::WORK_SIDE);
        let whole = face::find_in_selfie(face::default(), &img).faces;
        if whole.len() != 1 {
            println!("{name}: {} faces found, not cut", whole.len());
            continue;
        }
        let [fx, _, fw, _] = whole[0].rect;
        let (w, h) = img.dimensions();
        for left_in in [0.35f32, 0.5, 0.65] {
            // cut by the right edge, then by the left, `left_in` of the face inside the frame
            let right = ((fx + left_in * fw).round() as u32).min(w);
            let left = ((fx + (1.0 - left_in) * fw).round() as u32).min(w);
            for (x0, cw) in [(0, right), (left, w - left)] {
                let cut = image::imageops::crop_imm(&img, x0, 0, cw, h).to_image();
                cuts += 1;
                let hits: Vec<usize> = strips
                    .iter()
                    .map(|&s| {
                        face::edge::cut_by_edge_with(face::edge_detector(), &cut, &[], s).len()
                    })
                    .collect();
                println!("{name} {left_in} inside, x0 {x0}: {hits:?}");
                for (n, hit) in found.iter_mut().zip(hits) {
                    *n += usize::from(hit > 0);
                }
            }
        }
    }
    println!("strip width → cut faces found of {cuts}");
    for (s, n) in strips.iter().zip(found) {
        println!("  {s:.2}  {n}");
    }
    let chosen = strips
        .iter()
        .position(|&s| s == face::edge::STRIP)
        .expect("STRIP is among the widths measured");
    assert_eq!(found[chosen], *found.iter().max().unwrap(), "{found:?}");
    assert!(found[chosen] * 2 >= cuts, "{found:?} of {cuts}");
}
