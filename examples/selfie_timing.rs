//! Times each part of the selfie stage on one selfie (development aid):
//! `cargo run --release --example selfie_timing -- fixtures/selfie-clean-a.jpg`
use kyc_check::face;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("a selfie path");
    let t = Instant::now();
    let l = kyc_check::load::load_reduced(std::path::Path::new(&path), 1000).unwrap();
    println!(
        "load      {:>6.1} ms ({}x{})",
        t.elapsed().as_secs_f64() * 1e3,
        l.image.width(),
        l.image.height()
    );
    let t = Instant::now();
    let work = kyc_check::document::downscale(&l.image, face::selfie::WORK_SIDE);
    println!("downscale {:>6.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let faces = face::find(face::default(), &work, face::DETECT_SIDE);
    println!(
        "detect    {:>6.1} ms ({} faces)",
        t.elapsed().as_secs_f64() * 1e3,
        faces.len()
    );
    let gray = image::DynamicImage::ImageRgb8(work.clone()).into_luma8();
    let t = Instant::now();
    let b = kyc_check::read::band::find_bands(&gray);
    println!(
        "mrz bands {:>6.1} ms ({})",
        t.elapsed().as_secs_f64() * 1e3,
        b.len()
    );
    let t = Instant::now();
    let d = kyc_check::document::find(&work);
    println!(
        "doc find  {:>6.1} ms ({})",
        t.elapsed().as_secs_f64() * 1e3,
        d.is_some()
    );
    let t = Instant::now();
    let r = kyc_check::pipeline::selfie_report(&l, face::default());
    println!(
        "all       {:>6.1} ms ({} findings)",
        t.elapsed().as_secs_f64() * 1e3,
        r.findings.len()
    );
}
