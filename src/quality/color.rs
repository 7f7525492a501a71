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

/// Pixels whose brightest channel is under this are too dark for their saturation to mean
/// anything (a step of one level in a channel is a saturation step of 1/12 there).
pub const LIT_FLOOR: f32 = 12.0;

/// The 95th percentile of saturation, from the photo's [`super::thumbnail`], over the pixels lit
/// enough to show colour (their brightest channel at least a quarter of the image's 99th
/// percentile and at least [`LIT_FLOOR`]). `None` when the image is too dark to tell colour from
/// grey: its brightest 1 % under [`LIT_FLOOR`]. Such a frame was once scored 0, "black and
/// white": a dark selfie darkened a little more (`tests/selfie_perturb.rs`, gamma 1.25) failed
/// `selfie_color` on three dark photos of the tuning part.
pub fn saturation_p95(small: &image::RgbImage) -> Option<f64> {
    let mut maxes: Vec<u8> = small
        .pixels()
        .map(|p| p.0[0].max(p.0[1]).max(p.0[2]))
        .collect();
    if maxes.is_empty() {
        return None;
    }
    let n = maxes.len();
    let p99 = *maxes.select_nth_unstable(n * 99 / 100).1 as f32;
    if p99 < LIT_FLOOR {
        return None;
    }
    let floor = (0.25 * p99).max(LIT_FLOOR);
    let mut s: Vec<f32> = small
        .pixels()
        .filter_map(|p| {
            let mx = *p.0.iter().max()? as f32;
            let mn = *p.0.iter().min()? as f32;
            (mx >= floor).then(|| (mx - mn) / mx)
        })
        .collect();
    let n = s.len();
    // not empty: the 99th percentile's pixels reach the floor
    Some(
        *s.select_nth_unstable_by(n * 95 / 100, |a, b| a.total_cmp(b))
            .1 as f64,
    )
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
    let Some(s) = saturation_p95(thumb) else {
        return Finding::skipped(
            "color",
            "the image is too dark to tell colour from black and white",
        );
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    #[test]
    fn grey_is_zero_and_colour_is_not() {
        let grey = RgbImage::from_fn(40, 30, |x, _| {
            let v = 40 + x as u8 * 4;
            Rgb([v, v, v])
        });
        assert_eq!(saturation_p95(&grey), Some(0.0));
        let warm = RgbImage::from_fn(40, 30, |x, _| Rgb([90 + x as u8, 70, 50]));
        assert!(saturation_p95(&warm).unwrap() > 0.3);
    }

    /// A frame whose brightest 1 % is under [`LIT_FLOOR`] is not judged: nothing in it is lit
    /// enough to show colour (it was scored 0, black and white).
    #[test]
    fn a_frame_too_dark_to_show_colour_is_not_judged() {
        let dark = RgbImage::from_fn(40, 30, |x, y| Rgb([(x % 7) as u8, (y % 5) as u8, 3]));
        assert_eq!(saturation_p95(&dark), None);
        let mut lit = dark.clone();
        // a few lit, coloured pixels over 1 % of the frame: judged again
        for x in 0..20 {
            lit.put_pixel(x, 0, Rgb([60, 30, 20]));
        }
        assert!(saturation_p95(&lit).is_some());
        let loaded = Loaded::from_image(dark.clone());
        assert_eq!(
            check(&loaded, &dark).status,
            crate::finding::Status::Skipped
        );
    }
}
