//! `screen`: a screenshot (or, where it could be told, a photo of a screen). Warns, never fails.
//!
//! A screenshot is a PNG whose top band (a phone's status bar, 4 % of the height) and bottom band
//! (a viewer's toolbar, 7 %) are each one flat colour with a little drawn content (clock, icons).
//! Moiré on photos of screens is not measured: such photos pass with that said in the message.

use crate::finding::Finding;
use crate::load::Loaded;
use image::ImageFormat;

/// Share of a band that must be exactly its most common colour (±2 levels).
pub const FLAT_SHARE: f64 = 0.85;

/// Share of `rows` of the image equal to their most common colour.
fn flat_share(img: &image::RgbImage, rows: std::ops::Range<u32>) -> f64 {
    let mut counts: std::collections::HashMap<[u8; 3], usize> = std::collections::HashMap::new();
    let mut n = 0usize;
    for y in rows.clone() {
        for x in 0..img.width() {
            let p = img.get_pixel(x, y).0;
            *counts.entry(p.map(|c| c / 4)).or_default() += 1;
            n += 1;
        }
    }
    let best = counts.values().copied().max().unwrap_or(0);
    if n == 0 {
        0.0
    } else {
        best as f64 / n as f64
    }
}

pub fn is_screenshot(loaded: &Loaded) -> bool {
    if loaded.format != ImageFormat::Png {
        return false;
    }
    let img = &loaded.image;
    let h = img.height();
    let (top, bottom) = ((h as f64 * 0.04) as u32, (h as f64 * 0.07) as u32);
    if top < 4 || bottom < 4 {
        return false;
    }
    let t = flat_share(img, 0..top);
    let b = flat_share(img, h - bottom..h);
    // flat, but with something drawn on it (a bare scanner margin is entirely flat)
    (FLAT_SHARE..0.995).contains(&t) && (FLAT_SHARE..0.999).contains(&b)
}

pub fn check(loaded: &Loaded) -> Finding {
    if is_screenshot(loaded) {
        Finding::warn("screen", "this looks like a screenshot (PNG with a status bar): exchanges ask for a photo of the physical document")
            .with_advice("Photograph the physical document itself with the camera, not a screen or a digital copy.")
    } else {
        Finding::pass(
            "screen",
            "no sign of a screenshot (moiré from photographing a screen is not measured)",
        )
    }
}
