fn main() {
    let a: Vec<String> = std::env::args().collect();
    let img = image::open(&a[1]).unwrap().to_rgb8();
    let gray = image::imageops::grayscale(&img);
    let b = &kyc_check::read::band::find_bands(&gray)[0];
    let x0 = (b.lines[0].first[0] - b.char_height * 0.1).max(0.0) as u32;
    let (w, h) = img.dimensions();
    image::imageops::crop_imm(&img, x0, 0, w - x0, h)
        .to_image()
        .save(&a[2])
        .unwrap();
}
