//! Prints, per image, the smallest distance of the best MRZ band's character centres to the
//! photo's edge, in character heights (the calibration of `read::band::CUT_EDGE_HEIGHTS`).
//! Usage: cargo run --release --example bands_debug -- IMAGE...
fn main() {
    for p in std::env::args().skip(1) {
        let Ok(img) = image::open(&p) else { continue };
        let img = img.to_luma8();
        let (w, h) = img.dimensions();
        let bands = kyc_check::read::band::find_bands(&img);
        let Some(b) = bands.first() else {
            println!("-\t{p}");
            continue;
        };
        let long = b.lines.iter().filter(|l| l.components >= 20).count();
        let d = b
            .lines
            .iter()
            .flat_map(|l| l.centers.iter().chain([&l.first, &l.last]))
            .map(|c| c[0].min(c[1]).min(w as f32 - c[0]).min(h as f32 - c[1]))
            .fold(f32::MAX, f32::min);
        println!("{:.2}\t{long}\t{p}", d / b.char_height);
    }
}
