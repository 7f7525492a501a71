//! Accuracy of the image-quality checks over the fixture manifest (issue 4): per check, precision
//! and recall of `fail` ≥ 0.9 (a check in `may_fail` is left out of that check's count;
//! `expected_warn` counts as negative), and no quality fail at all on a clean fixture.
//! Also: every real specimen in ../shared/realdata is assessed without panicking (a missing
//! folder fails with `KYC_REQUIRE_REALDATA` set, as in CI, and is skipped with a message otherwise).

mod common;

use common::fixtures;
use kyc_check::finding::Status;
use kyc_check::quality::{self, CHECKS};
use rayon::prelude::*;

const BAR: f64 = 0.9;

/// Checks below the bar today, with the floor (precision, recall) they must not fall under.
/// (`glare` left this list with issue 12's added-light measure, `quality::veil`.)
const KNOWN_BELOW_BAR: &[(&str, f64, f64)] = &[];

#[test]
fn quality_checks_meet_the_bar_on_the_fixtures() {
    let manifest = fixtures::manifest();
    assert!(
        manifest.len() > 150,
        "manifest has {} records",
        manifest.len()
    );
    let rows: Vec<_> = manifest
        .par_iter()
        .map(|f| {
            let loaded = fixtures::load(&fixtures::fixtures_dir().join(&f.file));
            (f, quality::assess(&loaded))
        })
        .collect();
    let mut failures = Vec::new();
    println!(
        "{:11} {:>4} {:>4} {:>4} {:>4} {:>5} {:>10} {:>10}",
        "check", "TP", "FP", "FN", "TN", "may", "precision", "recall"
    );
    for (ci, check) in CHECKS.iter().enumerate() {
        let (mut tp, mut fp, mut fnn, mut tn, mut may) = (0, 0, 0, 0, 0);
        for (f, a) in &rows {
            assert_eq!(a.findings.len(), CHECKS.len(), "{}", f.file);
            assert_eq!(a.findings[ci].check, *check, "{}", f.file);
            let failed = a.findings[ci].status == Status::Fail;
            match (f.label(check), failed) {
                ("may_fail", _) => may += 1,
                ("fail", true) => tp += 1,
                ("fail", false) => fnn += 1,
                (_, true) => fp += 1,
                _ => tn += 1,
            }
        }
        // `None`: nothing to count (no positive, or nothing predicted): unmeasured, not 1.000
        let precision = (tp + fp > 0).then(|| tp as f64 / (tp + fp) as f64);
        let recall = (tp + fnn > 0).then(|| tp as f64 / (tp + fnn) as f64);
        let show = |v: Option<f64>| v.map_or("unmeasured".to_string(), |v| format!("{v:.3}"));
        println!(
            "{check:11} {tp:4} {fp:4} {fnn:4} {tn:4} {may:5} {:>10} {:>10}",
            show(precision),
            show(recall)
        );
        let (precision, recall) = (precision.unwrap_or(1.0), recall.unwrap_or(1.0));
        if let Some((_, pf, rf)) = KNOWN_BELOW_BAR.iter().find(|(k, _, _)| k == check) {
            if precision < *pf || recall < *rf {
                failures.push(format!(
                    "{check}: precision {precision:.3}, recall {recall:.3} fell below the recorded floor {pf:.3}/{rf:.3}"
                ));
            }
        } else if precision < BAR || recall < BAR {
            failures.push(format!(
                "{check}: precision {precision:.3}, recall {recall:.3}"
            ));
        }
    }
    for (f, a) in &rows {
        if f.is_clean() {
            for x in a.findings.iter().filter(|x| x.status == Status::Fail) {
                failures.push(format!(
                    "clean fixture {} fails {}: {}",
                    f.file, x.check, x.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "below the bar:\n{}",
        failures.join("\n")
    );
}

#[test]
fn real_specimens_are_assessed() {
    let Some(root) = common::realdata::root_or_skip() else {
        return;
    };
    let root = root.join("specimens");
    let files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_lowercase();
            n.ends_with(".jpg") || n.ends_with(".png")
        })
        .map(|e| e.into_path())
        .collect();
    assert!(!files.is_empty());
    for p in files {
        let a = quality::assess(&fixtures::load(&p));
        assert_eq!(a.findings.len(), CHECKS.len(), "{}", p.display());
    }
}

/// Checks a real clean scan may fail by the file's own data: `resolution` (small renderings),
/// `edited` (EXIF Software names a photo editor), `color` (a grayscale file).
const REAL_EXEMPT: [&str; 3] = ["resolution", "edited", "color"];

/// Remaining fails of other checks on clean real scans (issue 4, bar 2: zero). Not reached yet:
/// passporteye 62_pass-aus is a phone photo whose page really runs off the frame (corners,
/// margin; blur 3.39 against 3.4 at a steep angle to the camera): a PassportEye test image,
/// but not a clean scan. And yushulx id_card_smith, a crude mock-up whose thin grey print never
/// gets darker than 139 of 255, fails `exposure` (washed out) since issue 12 removed the
/// exposure condition that existed for it alone (it changed nothing on the held-out part, and
/// it exempted a washed-out photo whose MRZ ink survives). Lower this as the causes are fixed.
const REAL_MAX_REMAINING: usize = 4;

#[test]
fn clean_real_scans_fail_no_quality_check_but_resolution() {
    let Some(root) = common::realdata::root_or_skip() else {
        return;
    };
    let mut files = Vec::new();
    let pe = root.join("passporteye");
    for e in walkdir::WalkDir::new(&pe)
        .into_iter()
        .filter_map(Result::ok)
    {
        let n = e.file_name().to_string_lossy().to_lowercase();
        if n.ends_with(".jpg") || n.ends_with(".png") {
            files.push(e.into_path());
        }
    }
    let manifest = std::fs::read_to_string(root.join("specimens/MANIFEST.tsv"))
        .expect("specimens/MANIFEST.tsv");
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() > 5 && matches!(cols[5], "scan" | "synthetic") {
            files.push(root.join("specimens").join(cols[0]));
        }
    }
    assert!(files.len() > 70, "only {} real clean scans", files.len());
    files.sort();
    let fails: Vec<String> = files
        .par_iter()
        .flat_map(|p| {
            let a = quality::assess(&fixtures::load(p));
            let rel = p.strip_prefix(&root).unwrap_or(p).display().to_string();
            a.findings
                .into_iter()
                .filter(|f| f.status == Status::Fail && !REAL_EXEMPT.contains(&f.check))
                .map(|f| format!("  {rel}: {} — {}", f.check, f.message))
                .collect::<Vec<_>>()
        })
        .collect();
    eprintln!(
        "{} clean real scans; quality fails other than {REAL_EXEMPT:?}: {}",
        files.len(),
        fails.len()
    );
    for f in &fails {
        eprintln!("{f}");
    }
    assert!(
        fails.len() <= REAL_MAX_REMAINING,
        "{} fails on clean real scans (at most {REAL_MAX_REMAINING} known):\n{}",
        fails.len(),
        fails.join("\n")
    );
}

/// `--no-ocr` decodes large JPEGs at a reduced scale (`load::load_reduced`). On every fixture
/// photo large enough for that (the 12 MP phone photos), each check must fail exactly when it
/// fails on the photo decoded in full (a pass may become a warn or back: measured, one glare
/// highlight of 0.01 % of the page over the MRZ), and the document's corners (in the photo's pixels) must agree
/// within 0.5 % of the frame.
#[test]
fn reduced_decoding_judges_like_full_decoding() {
    use kyc_check::load;
    let manifest = fixtures::manifest();
    let mut compared = 0;
    println!(
        "{:40} {:>5} {:>9} {:>9}",
        "fixture", "scale", "blur full", "reduced"
    );
    for f in &manifest {
        let path = fixtures::fixtures_dir().join(&f.file);
        let reduced = load::load_reduced(&path, quality::WORK_MIN_SIDE).unwrap();
        if reduced.scale == 1.0 {
            continue;
        }
        compared += 1;
        let full = fixtures::load(&path);
        // libjpeg-turbo rounds each scaled side up: within one pixel of the scale
        let (fw, fh) = full.image.dimensions();
        assert!(
            (reduced.image.width() as f32 * reduced.scale - fw as f32).abs() <= reduced.scale
                && (reduced.image.height() as f32 * reduced.scale - fh as f32).abs()
                    <= reduced.scale,
            "{}: orientation or size differs",
            f.file
        );
        let (a, b) = (quality::assess(&full), quality::assess(&reduced));
        let value = |x: &quality::Assessment, check: &str| {
            x.findings
                .iter()
                .find(|g| g.check == check)
                .and_then(|g| g.value)
        };
        println!(
            "{:40} {:>5} {:>9.3} {:>9.3}",
            f.file,
            reduced.scale,
            value(&a, "blur").unwrap_or(f64::NAN),
            value(&b, "blur").unwrap_or(f64::NAN)
        );
        for (x, y) in a.findings.iter().zip(&b.findings) {
            if x.status != y.status {
                println!(
                    "  {} {:?} → {:?}: {}",
                    x.check, x.status, y.status, y.message
                );
            }
            assert_eq!(
                x.status == Status::Fail,
                y.status == Status::Fail,
                "{} {}: {} vs {}",
                f.file,
                x.check,
                x.message,
                y.message
            );
        }
        let (w, h) = full.image.dimensions();
        let k = reduced.scale;
        if let (Some(d), Some(e)) = (&a.document, &b.document) {
            for (p, q) in d.corners.iter().zip(&e.corners) {
                assert!(
                    (p[0] - q[0] * k).abs() < 0.01 * w as f32
                        && (p[1] - q[1] * k).abs() < 0.01 * h as f32,
                    "{}: corner {p:?} vs {q:?} × {k}",
                    f.file
                );
            }
        }
    }
    assert!(
        compared >= 8,
        "only {compared} fixtures were decoded at a reduced scale"
    );
}

/// Every camera's photo reaches the checks at about the same size (`quality::WORK_MIN_SIDE`,
/// `load::load_reduced`'s eighths): each 12 MP fixture, made into an 8 MP (3264 px) and a 5 MP
/// (2592 px) photo, is judged as the 12 MP one is. Before, a photo 2000–3999 px long was checked
/// in full, at a size no threshold had been set on (3.6× the pixels of a 12 MP photo's copy).
#[test]
fn other_camera_sizes_are_judged_like_twelve_megapixels() {
    use kyc_check::load;
    let mut compared = 0;
    for f in &fixtures::manifest() {
        let path = fixtures::fixtures_dir().join(&f.file);
        let twelve = load::load_reduced(&path, quality::WORK_MIN_SIDE).unwrap();
        if twelve.scale != 2.0 {
            continue;
        }
        let full = fixtures::load(&path).image;
        let a = quality::assess(&twelve);
        for long in [3264u32, 2592] {
            let (w, h) = full.dimensions();
            let k = long as f32 / w.max(h) as f32;
            let (sw, sh) = ((w as f32 * k).round() as u32, (h as f32 * k).round() as u32);
            let small = image::imageops::thumbnail(&full, sw, sh);
            let mut bytes = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 92)
                .encode_image(&small)
                .unwrap();
            let other = load::decode_reduced(&bytes, quality::WORK_MIN_SIDE).unwrap();
            let long_seen = other.image.width().max(other.image.height());
            assert!(
                long_seen <= quality::WORK_MAX_SIDE,
                "{} at {long} px: decoded at {long_seen} px",
                f.file
            );
            let b = quality::assess(&other);
            compared += 1;
            for (x, y) in a.findings.iter().zip(&b.findings) {
                assert_eq!(
                    x.status == Status::Fail,
                    y.status == Status::Fail,
                    "{} at {long} px, {}: {} vs {}",
                    f.file,
                    x.check,
                    x.message,
                    y.message
                );
            }
        }
    }
    assert!(compared >= 16, "only {compared} photos compared");
}

/// Issue 12: coloured lens flare and laminate sheen that are not clipped to 255 are glare when
/// they wash the print out over the data (`flare-*`, `sheen-*` labelled to fail), and a faint
/// sheen off the data is not (`sheen-faint-*`, `flare-faint-*`, labelled clean). One strong
/// flare is still missed (flare-orange-idfront: its washed print is too light to count as heavy
/// print, `quality::veil`); the bar is the accuracy test's 0.9, this test names the family.
#[test]
fn issue12_unclipped_flare_and_sheen_over_the_data_fail_glare() {
    let gi = CHECKS.iter().position(|c| *c == "glare").unwrap();
    let family: Vec<_> = fixtures::manifest()
        .into_iter()
        .filter(|f| f.file.starts_with("flare-") || f.file.starts_with("sheen-"))
        .collect();
    assert_eq!(family.len(), 9, "the flare/sheen family changed");
    let (mut caught, mut labelled) = (0, 0);
    for f in &family {
        let a = quality::assess(&fixtures::load(&fixtures::fixtures_dir().join(&f.file)));
        let failed = a.findings[gi].status == Status::Fail;
        if f.label("glare") == "fail" {
            labelled += 1;
            caught += failed as usize;
        } else {
            assert!(!failed, "{}: {}", f.file, a.findings[gi].message);
        }
    }
    assert_eq!(labelled, 6);
    assert!(caught >= 5, "only {caught} of {labelled} flares fail glare");
}
