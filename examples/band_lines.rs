//! Prints every MRZ band candidate of an image: score, character height and each line's first
//! and last character centres and component count (debugging band grouping).
//! Usage: cargo run --release --example band_lines -- IMAGE...
fn main() {
    for p in std::env::args().skip(1) {
        let Ok(img) = image::open(&p) else { continue };
        let img = img.to_luma8();
        println!("{p} {:?}", img.dimensions());
        for b in kyc_check::read::band::find_bands(&img) {
            println!(
                "  band score {:.2} char_h {:.1} along {:?}",
                b.score, b.char_height, b.along
            );
            for l in &b.lines {
                println!(
                    "    line first {:?} last {:?} components {}",
                    l.first, l.last, l.components
                );
            }
        }
    }
}
