//! Runs the image-quality checks on images and writes each annotated (document outline and
//! corners, glare, blurred and covered regions) as a PNG into a directory, printing the findings.
//!
//! `cargo run --release --no-default-features --example annotate_quality -- OUT_DIR IMAGE...`
//! (an IMAGE that is not a path is looked up in fixtures/).

#[path = "../tests/common/fixtures.rs"]
mod fixtures;

use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out_dir) = args.next() else {
        eprintln!("usage: annotate_quality OUT_DIR IMAGE...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out_dir).expect("create the output directory");
    for arg in args {
        let path = if Path::new(&arg).exists() {
            PathBuf::from(&arg)
        } else {
            fixtures::fixtures_dir().join(&arg)
        };
        let loaded = fixtures::load(&path);
        let a = kyc_check::quality::assess(&loaded);
        println!("{}", path.display());
        for f in &a.findings {
            println!("  {:10} {:?} {}", f.check, f.status, f.message);
            if let Some(advice) = &f.advice {
                println!("  {:10} → {advice}", "");
            }
        }
        let out = kyc_check::annotate::draw(&loaded.image, &a.marks);
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let target = Path::new(&out_dir).join(format!("{name}.png"));
        out.save(&target).expect("write the annotated image");
    }
}
