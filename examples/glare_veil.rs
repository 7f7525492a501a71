//! Calibration of `glare`'s added-light measure (issue 12): the washed-out share, the key regions
//! and the lowest ink factor per fixture (with its glare label) and per real image (with its part
//! of the split and reviewer label), measured on the rectified page as `quality::assess` makes it.
//!
//! `cargo run --release --no-default-features --example glare_veil [-- realdata]`
//!
//! The measured distributions are recorded in `src/quality/veil.rs` and `glare::VEIL_FAIL_SHARE`.

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use kyc_check::document;
use kyc_check::quality::{self, veil};
use rayon::prelude::*;
use std::path::Path;

fn line(name: &str, label: &str, img: &kyc_check::load::Loaded) -> String {
    let a = quality::assess(img);
    // the page the checks measure on, as quality::assess makes it
    let work = kyc_check::load::Loaded::from_image(
        quality::work_copy(&img.image)
            .map(|(copy, _)| copy)
            .unwrap_or_else(|| img.image.clone()),
    );
    let doc = document::find(&work.image);
    let page = quality::Page::of(&work, doc.as_ref());
    let v = veil::measure(&page);
    let g = &a.findings[6];
    format!(
        "{label:10} share {:7.4} min_ink {:5.2} covers {:28} {:?} | {:?}: {} | {name}",
        v.share * 100.0,
        v.min_ink,
        v.covers.join(","),
        v.boxes,
        g.status,
        g.message
    )
}

fn main() {
    if std::env::args().any(|a| a == "realdata") {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata");
        let mut files = Vec::new();
        for folder in ["passporteye", "specimens", "documents"] {
            let text = std::fs::read_to_string(root.join(folder).join("MANIFEST.tsv")).unwrap();
            let mut lines = text.lines();
            let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
            let fi = head.iter().position(|h| *h == "file").unwrap();
            let ri = head.iter().position(|h| *h == "source_repo");
            let ai = head.iter().position(|h| *h == "reviewer_accepts");
            for l in lines.filter(|l| !l.trim().is_empty()) {
                let c: Vec<&str> = l.split('\t').collect();
                let src = ri.map(|i| c[i]).unwrap_or("passporteye");
                let acc = ai.map(|i| c[i]).unwrap_or("-");
                files.push((format!("{folder}/{}", c[fi]), format!("{src}:{acc}")));
            }
        }
        let out: Vec<String> = files
            .par_iter()
            .map(|(f, l)| match kyc_check::load::load(&root.join(f)) {
                Ok(img) => line(f, l, &img),
                Err(e) => format!("{l} ERROR {e} {f}"),
            })
            .collect();
        for l in out {
            println!("{l}");
        }
        return;
    }
    let manifest = fixtures::manifest();
    let out: Vec<String> = manifest
        .par_iter()
        .map(|f| {
            let img = fixtures::load(&fixtures::fixtures_dir().join(&f.file));
            line(&f.file, f.label("glare"), &img)
        })
        .collect();
    for l in out {
        println!("{l}");
    }
}
