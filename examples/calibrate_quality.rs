//! Calibration of the image-quality thresholds: runs `quality::assess` over the fixture manifest
//! and prints, per check, the measured value per label (pass / may_fail / fail) and the confusion
//! table; then the same checks over the real specimens in /work/shared/realdata (if present).
//!
//! `cargo run --release --no-default-features --example calibrate_quality [-- --verbose]`

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use kyc_check::finding::Status;
use kyc_check::quality::{self, CHECKS};
use rayon::prelude::*;
use std::path::Path;

fn stats(v: &mut [f64]) -> String {
    if v.is_empty() {
        return "-".into();
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    format!(
        "n={n:3} min {:9.4} med {:9.4} max {:9.4}",
        v[0],
        v[n / 2],
        v[n - 1]
    )
}

fn main() {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let manifest = fixtures::manifest();
    let rows: Vec<_> = manifest
        .par_iter()
        .map(|f| {
            let loaded = fixtures::load(&fixtures::fixtures_dir().join(&f.file));
            let a = quality::assess(&loaded);
            (f, a)
        })
        .collect();
    println!("# Fixtures ({} images)\n", rows.len());
    println!(
        "{:11} {:>4} {:>4} {:>4} {:>4} {:>5} {:>10} {:>10}",
        "check", "TP", "FP", "FN", "TN", "may", "precision", "recall"
    );
    let mut lines = Vec::new();
    for (ci, check) in CHECKS.iter().enumerate() {
        let (mut tp, mut fp, mut fnn, mut tn, mut may) = (0, 0, 0, 0, 0);
        let mut vals: [Vec<f64>; 3] = Default::default();
        let mut errors = Vec::new();
        for (f, a) in &rows {
            let finding = &a.findings[ci];
            let label = f.label(check);
            let failed = finding.status == Status::Fail;
            let slot = match label {
                "fail" => 2,
                "may_fail" => 1,
                _ => 0,
            };
            if let Some(v) = finding.value {
                vals[slot].push(v);
            }
            match (label, failed) {
                ("may_fail", _) => may += 1,
                ("fail", true) => tp += 1,
                ("fail", false) => {
                    fnn += 1;
                    errors.push(format!(
                        "  FN {check}: {} — {:?} {}",
                        f.file, finding.status, finding.message
                    ));
                }
                (_, true) => {
                    fp += 1;
                    errors.push(format!("  FP {check}: {} — {}", f.file, finding.message));
                }
                _ => tn += 1,
            }
        }
        // nothing to count (no positive, or nothing predicted): unmeasured, not 1.000
        let show = |k: usize, n: usize| {
            if n == 0 {
                "unmeasured".to_string()
            } else {
                format!("{:.3}", k as f64 / n as f64)
            }
        };
        println!(
            "{check:11} {tp:4} {fp:4} {fnn:4} {tn:4} {may:5} {:>10} {:>10}",
            show(tp, tp + fp),
            show(tp, tp + fnn)
        );
        lines.push(format!(
            "{check:11} pass:     {}\n{:11} may_fail: {}\n{:11} fail:     {}",
            stats(&mut vals[0]),
            "",
            stats(&mut vals[1]),
            "",
            stats(&mut vals[2])
        ));
        lines.extend(errors);
    }
    let clean_fails: Vec<String> = rows
        .iter()
        .filter(|(f, _)| f.is_clean())
        .flat_map(|(f, a)| {
            a.findings
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(move |x| format!("  {}: {} — {}", f.file, x.check, x.message))
        })
        .collect();
    println!(
        "\nclean fixtures with a quality fail: {}",
        clean_fails.len()
    );
    for l in &clean_fails {
        println!("{l}");
    }
    println!("\n# Measured values per label\n");
    for l in &lines {
        println!("{l}");
    }
    if verbose {
        for (f, a) in &rows {
            let vals: Vec<String> = a
                .findings
                .iter()
                .map(|x| {
                    format!(
                        "{}={}{}",
                        x.check,
                        x.value.map(|v| format!("{v:.4}")).unwrap_or("-".into()),
                        match x.status {
                            Status::Fail => "!",
                            Status::Warn => "~",
                            Status::Skipped => "?",
                            Status::Pass => "",
                        }
                    )
                })
                .collect();
            println!("{} {}", f.file, vals.join(" "));
        }
    }
    realdata(verbose);
}

fn realdata(verbose: bool) {
    let root = Path::new("/work/shared/realdata");
    if !root.is_dir() {
        println!("\n/work/shared/realdata is missing: real-image table skipped");
        return;
    }
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_lowercase();
            n.ends_with(".jpg") || n.ends_with(".png") || n.ends_with(".jpeg")
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let rows: Vec<_> = files
        .par_iter()
        .map(|p| {
            let loaded = fixtures::load(p);
            let (w, h) = loaded.image.dimensions();
            let own = own_data(&loaded);
            (p, w, h, quality::assess(&loaded), own)
        })
        .collect();
    println!(
        "\n# Real images ({}): checks that fail (F) or warn (w) other than resolution\n",
        rows.len()
    );
    let mut counts = vec![0usize; CHECKS.len()];
    let mut per_check: Vec<Vec<String>> = vec![Vec::new(); CHECKS.len()];
    for (p, w, h, a, own) in &rows {
        let rel = p.strip_prefix(root).unwrap_or(p).display().to_string();
        let mut notes = Vec::new();
        for (i, f) in a.findings.iter().enumerate() {
            match f.status {
                Status::Fail => {
                    let why = match f.check {
                        "edited" => own
                            .software
                            .as_ref()
                            .map(|s| format!("EXIF Software = {s}")),
                        "color" => own.gray.then(|| {
                            "≥ 99.5 % of pixels have R = G = B (±6): a grayscale file".to_string()
                        }),
                        _ => None,
                    };
                    if f.check != "resolution" {
                        counts[i] += 1;
                        per_check[i].push(format!(
                            "    {rel:62} value {:>9} threshold {:>9}  {}{}",
                            f.value.map(|v| format!("{v:.4}")).unwrap_or("-".into()),
                            f.threshold.map(|v| format!("{v:.4}")).unwrap_or("-".into()),
                            f.message,
                            why.as_ref()
                                .map(|w| format!("  [correct by the file's own data: {w}]"))
                                .unwrap_or_default()
                        ));
                    }
                    notes.push(format!(
                        "F:{}{}",
                        f.check,
                        if why.is_some() { "(correct)" } else { "" }
                    ));
                }
                Status::Warn if f.check != "resolution" => notes.push(format!("w:{}", f.check)),
                _ => {}
            }
        }
        let d = a.document.as_ref();
        let doc = match d {
            Some(d) if d.fills_frame => "fills-frame".to_string(),
            Some(d) => format!("found {:?} {:.2}", d.shape, d.aspect),
            None => "none".into(),
        };
        let dpi = a.findings[0]
            .value
            .map(|v| format!("{v:.0}"))
            .unwrap_or("-".into());
        println!(
            "{rel:70} {w:5}x{h:<5} dpi {dpi:>4} {doc:22} {}",
            notes.join(" ")
        );
        if verbose {
            for f in &a.findings {
                println!("      {:10} {:?} {}", f.check, f.status, f.message);
            }
        }
    }
    println!("\nreal images failing each check (excluding resolution):");
    for ((c, n), list) in CHECKS.iter().zip(counts).zip(&per_check) {
        println!("  {c:11} {n}");
        for l in list {
            println!("{l}");
        }
    }
}

/// What the file itself says, to tell a correct fail from a false one on a clean specimen.
struct OwnData {
    /// EXIF Software, when it names a photo editor.
    software: Option<String>,
    /// At least 99.5 % of pixels are colourless (R, G and B within ±6).
    gray: bool,
}

fn own_data(loaded: &kyc_check::load::Loaded) -> OwnData {
    let software = loaded.exif_software.clone().filter(|s| {
        let s = s.to_lowercase();
        [
            "photoshop",
            "gimp",
            "lightroom",
            "paint",
            "pixelmator",
            "affinity",
        ]
        .iter()
        .any(|e| s.contains(e))
    });
    let colourful = loaded
        .image
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            r.abs_diff(g) > 6 || g.abs_diff(b) > 6 || r.abs_diff(b) > 6
        })
        .count();
    let gray = (colourful as f64) < 0.005 * loaded.image.pixels().len() as f64;
    OwnData { software, gray }
}
