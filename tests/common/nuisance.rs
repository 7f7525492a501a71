//! Changes to a photo that a reviewer or a liveness step does not care about, shared by
//! `tests/realdata_perturb.rs` (documents) and `tests/selfie_perturb.rs` (selfies), and by
//! `examples/selfie_sharpness.rs` (through `#[path]`). Deterministic: the same photo always gets
//! the same change.

use image::{imageops::FilterType, Rgb, RgbImage};

/// Each pixel through `f`.
pub fn map(img: &RgbImage, f: impl Fn([u8; 3]) -> [u8; 3]) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        Rgb(f(img.get_pixel(x, y).0))
    })
}

/// Every channel through a gamma curve (over 1 darker, under 1 brighter).
pub fn gamma(img: &RgbImage, gamma: f32) -> RgbImage {
    let t: Vec<u8> = (0..256)
        .map(|v| (255.0 * (v as f32 / 255.0).powf(gamma)).round() as u8)
        .collect();
    map(img, |p| p.map(|v| t[v as usize]))
}

/// Resized by `num / den` (bicubic, as a phone or an editor would).
pub fn scaled(img: &RgbImage, num: u32, den: u32) -> RgbImage {
    let (w, h) = img.dimensions();
    image::imageops::resize(
        img,
        (w * num / den).max(1),
        (h * num / den).max(1),
        FilterType::CatmullRom,
    )
}

/// Warmer light: red × 1.08, blue × 0.88.
pub fn warm(img: &RgbImage) -> RgbImage {
    map(img, |[r, g, b]| {
        [
            (r as f32 * 1.08).min(255.0) as u8,
            g,
            (b as f32 * 0.88) as u8,
        ]
    })
}

/// Sensor noise of σ ≈ 4 levels on every channel (a sum of four uniforms from a fixed xorshift
/// seed: roughly normal).
pub fn noisy(img: &RgbImage) -> RgbImage {
    let mut s = 0x2545_f491_u32;
    let mut noise = move || {
        let mut t = 0.0;
        for _ in 0..4 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            t += (s >> 8) as f32 / (1u32 << 24) as f32 - 0.5;
        }
        t * 13.9
    };
    let mut o = img.clone();
    for p in o.pixels_mut() {
        for v in &mut p.0 {
            *v = (*v as f32 + noise()).round().clamp(0.0, 255.0) as u8;
        }
    }
    o
}

/// A soft shadow across the photo, as a phone or a hand between the lamp and the document casts
/// one: right of the middle the light falls to `k` of itself, over a ramp of 8 % of the width.
pub fn shadow(img: &RgbImage, k: f32) -> RgbImage {
    let w = img.width() as f32;
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let t = ((x as f32 - 0.5 * w) / (0.08 * w) + 0.5).clamp(0.0, 1.0);
        let light = 1.0 - (1.0 - k) * t;
        Rgb(img
            .get_pixel(x, y)
            .0
            .map(|v| (v as f32 * light).round() as u8))
    })
}

/// The photo set on a table of `colour`, a border around it of `percent` % of each side, or,
/// `even`, of the long side all round (a scan or a rendering photographed lying on a desk: the
/// even border changes the frame's proportions, as a photo of a document does).
pub fn on_table(img: &RgbImage, colour: Rgb<u8>, percent: u32, even: bool) -> RgbImage {
    let (w, h) = img.dimensions();
    let (bx, by) = if even {
        let b = w.max(h) * percent / 100;
        (b, b)
    } else {
        (w * percent / 100, h * percent / 100)
    };
    let mut o = RgbImage::from_pixel(w + 2 * bx, h + 2 * by, colour);
    image::imageops::overlay(&mut o, img, bx as i64, by as i64);
    o
}
