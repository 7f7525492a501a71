//! The face's sharpness of each selfie as it is and with sensor noise (σ 4) added, as
//! `selfie_sharpness` measures it (a 3×3 median first) and without the median (development aid,
//! stop 34; the calibration of `face::selfie::FAIL_SHARPNESS`):
//! `cargo run --release --example selfie_sharpness -- a.jpg b.jpg`.
use image::RgbImage;
use kyc_check::{document, face, load, quality};
use std::path::Path;

#[path = "../tests/common/nuisance.rs"]
#[allow(dead_code)] // the example uses only the noise
mod nuisance;
use nuisance::noisy;

fn reload(img: &RgbImage) -> RgbImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(img)
        .unwrap();
    load::decode_reduced(&bytes, 1000).unwrap().image
}

fn crop(work: &RgbImage, m: &face::Face, side: u32) -> RgbImage {
    let [x, y, w, h] = m.clipped(work.width(), work.height());
    let c = image::imageops::crop_imm(work, x, y, w, h).to_image();
    kyc_check::read::band::resize_triangle_rgb(&c, side, side)
}

fn measures(work: &RgbImage, m: &face::Face) -> Vec<f64> {
    let g = |c: &RgbImage| quality::blur::measure(c).map_or(f64::NAN, |s| s.global);
    vec![
        face::selfie::face_sharpness(work, m).unwrap_or(f64::NAN),
        g(&crop(work, m, face::selfie::CROP_SIDE)),
    ]
}

fn main() {
    println!("file\tface px\tsharpness\twith noise\twithout median\twith noise");
    for path in std::env::args().skip(1) {
        let full = load::load(Path::new(&path)).unwrap().image;
        let a = reload(&full);
        let b = reload(&noisy(&full));
        let wa = document::downscale(&a, face::selfie::WORK_SIDE);
        let wb = document::downscale(&b, face::selfie::WORK_SIDE);
        let fa = face::find_in_selfie(face::default(), &wa).faces;
        let Some(m) = fa
            .iter()
            .copied()
            .max_by(|x, y| x.area().total_cmp(&y.area()))
        else {
            println!("{path}\t-");
            continue;
        };
        let (ma, mb) = (measures(&wa, &m), measures(&wb, &m));
        println!(
            "{path}\t{:.0}\t{:.2}\t{:.2}\t{:.2}\t{:.2}",
            m.rect[2], ma[0], mb[0], ma[1], mb[1]
        );
    }
}
