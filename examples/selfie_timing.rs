//! Times each part of the selfie stage on one selfie (development aid), median of `N` runs:
//! `cargo run --release --example selfie_timing -- fixtures/selfie-clean-a.jpg [--12mp]`
//! (`--12mp` enlarges the photo to 3024×4032 and encodes it as a phone would, as the
//! `selfie/stage-12mp` benchmark does).
use kyc_check::face;
use std::time::Instant;

const N: usize = 9;

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..N)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[N / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a selfie path");
    let big = args.next().as_deref() == Some("--12mp");
    let mut bytes = std::fs::read(&path).expect("a readable file");
    if big {
        let small = image::load_from_memory(&bytes).unwrap().into_rgb8();
        let big =
            image::imageops::resize(&small, 3024, 4032, image::imageops::FilterType::Triangle);
        bytes.clear();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&big)
            .unwrap();
    }
    let l = kyc_check::load::decode_reduced(&bytes, 1000).unwrap();
    if let Ok(part) = std::env::var("ONLY") {
        // one part, many times, for `perf stat`
        let work = kyc_check::document::downscale(&l.image, face::selfie::WORK_SIDE);
        for _ in 0..20 {
            match part.as_str() {
                "detect" => drop(face::find_in_selfie(face::default(), &work).faces),
                "none" => {}
                _ => drop(kyc_check::pipeline::selfie_report(&l, face::default())),
            }
        }
        return;
    }
    let ms = median_ms(|| {
        kyc_check::load::decode_reduced(&bytes, 1000).unwrap();
    });
    println!(
        "load      {ms:>6.1} ms ({}x{})",
        l.image.width(),
        l.image.height()
    );
    let work = kyc_check::document::downscale(&l.image, face::selfie::WORK_SIDE);
    let ms = median_ms(|| {
        kyc_check::document::downscale(&l.image, face::selfie::WORK_SIDE);
    });
    println!("downscale {ms:>6.1} ms");
    let mut faces = Vec::new();
    let ms = median_ms(|| faces = face::find_in_selfie(face::default(), &work).faces);
    println!("detect    {ms:>6.1} ms ({} faces)", faces.len());
    let gray = image::DynamicImage::ImageRgb8(work.clone()).into_luma8();
    let mut n = 0;
    let ms = median_ms(|| n = kyc_check::read::band::find_bands(&gray).len());
    println!("mrz bands {ms:>6.1} ms ({n})");
    let small = kyc_check::document::downscale(&work, face::selfie::RECAPTURE_SIDE);
    let mut found = false;
    let ms = median_ms(|| found = kyc_check::document::find(&small).is_some());
    println!(
        "doc find  {ms:>6.1} ms ({found}, at {} px)",
        small.width().max(small.height())
    );
    let mut r = None;
    let ms = median_ms(|| r = Some(kyc_check::pipeline::selfie_report(&l, face::default())));
    println!(
        "checks    {ms:>6.1} ms ({} findings)",
        r.map_or(0, |r| r.findings.len())
    );
    let ms = median_ms(|| {
        let l = kyc_check::load::decode_reduced(&bytes, 1000).unwrap();
        kyc_check::pipeline::selfie_report(&l, face::default());
    });
    println!("stage     {ms:>6.1} ms");
}
