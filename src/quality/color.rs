//! `color`: a black-and-white photo or scan, from the spread of colour saturation.
//!
//! HSV saturation `(max − min) / max` does not change with exposure; its 95th percentile over a
//! ≤ 400 px copy (pixels at least a quarter as bright as the brightest, so that a near-black
//! corner does not count) is 0 for a grey image (a JPEG of R = G = B decodes to R = G = B) and
//! above 0.02 for every colour photo, even dark or washed out.

use super::fail;
use crate::finding::Finding;
use crate::load::Loaded;

/// Under this 95th percentile of saturation the image is black and white. Measured: grayscale
/// fixtures 0.0000 (n=6), every other fixture ≥ 0.028 (n=180, a washed-out page; median 0.60).
pub const GRAY_P95: f64 = 0.012;

/// The 95th percentile of saturation, from the photo's [`super::thumbnail`].
pub fn saturation_p95(small: &image::RgbImage) -> f64 {
    let mut maxes: Vec<u8> = small
        .pixels()
        .map(|p| p.0[0].max(p.0[1]).max(p.0[2]))
        .collect();
    if maxes.is_empty() {
        return 0.0;
    }
    let n = maxes.len();
    let p99 = *maxes.select_nth_unstable(n * 99 / 100).1 as f32;
    let floor = (0.25 * p99).max(12.0);
    let mut s: Vec<f32> = small
        .pixels()
        .filter_map(|p| {
            let mx = *p.0.iter().max()? as f32;
            let mn = *p.0.iter().min()? as f32;
            (mx >= floor).then(|| (mx - mn) / mx)
        })
        .collect();
    if s.is_empty() {
        return 0.0;
    }
    let n = s.len();
    *s.select_nth_unstable_by(n * 95 / 100, |a, b| a.total_cmp(b))
        .1 as f64
}

/// `thumb` is the photo's [`super::thumbnail`].
pub fn check(loaded: &Loaded, thumb: &image::RgbImage) -> Finding {
    if loaded.stored_gray {
        return fail(
            "color",
            "the image is stored in grayscale: a black-and-white photo or scan",
        )
        .with_value(0.0, GRAY_P95)
        .with_advice(
            "Send a colour photo of the original document (not a black-and-white copy or scan).",
        );
    }
    let s = saturation_p95(thumb);
    if s < GRAY_P95 {
        fail(
            "color",
            format!("the image is black and white (colour saturation {s:.3})"),
        )
        .with_value(s, GRAY_P95)
        .with_advice(
            "Send a colour photo of the original document; turn off any mono or noir filter.",
        )
    } else {
        Finding::pass("color", format!("colour image (saturation {s:.2})")).with_value(s, GRAY_P95)
    }
}
