//! Prints the faces the selfie stage finds in each photo, and its checks that fail or warn
//! (development aid):
//! `cargo run --release --example face_boxes -- a.jpg b.jpg`.
use kyc_check::{face, load, pipeline};
use std::path::Path;

fn main() {
    for path in std::env::args().skip(1) {
        let loaded = load::load_reduced(Path::new(&path), pipeline::SELFIE_DECODE_SIDE)
            .expect("a readable photo");
        let report = pipeline::selfie_report(&loaded, face::default());
        println!("{path}: {} faces", report.faces.len());
        for f in &report.faces {
            println!("  box {:?} score {:.2}", f.rect, f.score);
        }
        for f in &report.findings {
            if f.status != kyc_check::finding::Status::Pass {
                println!("  {} {:?}: {}", f.check, f.status, f.message);
            }
        }
    }
}
