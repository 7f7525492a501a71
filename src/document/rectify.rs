//! Rectifying the document: a perspective warp of its quadrilateral to an upright rectangle of
//! the document's own proportions, at a fixed number of pixels per millimetre.
//!
//! 1. Choose the size: [`CANONICAL_PX_PER_MM`] × the shape's size in mm (landscape).
//! 2. When the document is held sideways in the photo (long side vertical), start the outline at
//!    the corner that makes the long side the top edge.
//! 3. When the photo has more than twice the pixels per mm needed, shrink it by an integer factor
//!    first (box filter), so the bilinear warp does not alias fine print into false sharpness.
//! 4. Warp with [`imageproc::geometric_transformations::Projection`]; pixels from outside the
//!    frame (a corner cut off) are black.

use super::{dist, Detected};
use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};

/// Pixels per mm of the rectified document: a passport page becomes 1000 × 704 px, a card
/// 685 × 432 px. 8 px/mm (203 dpi) resolves the fixture blur boundary (σ 0.10–0.20 mm = 0.8–1.6 px)
/// and is what most fixture photos provide (1000 px over 125 mm).
pub const CANONICAL_PX_PER_MM: f32 = 8.0;

/// The rectified size at `px_per_mm` for the document's shape, landscape.
pub fn canonical_size(d: &Detected, px_per_mm: f32) -> (u32, u32) {
    let (wmm, hmm) = d.size_mm();
    (
        ((wmm * px_per_mm).round() as u32).max(8),
        ((hmm * px_per_mm).round() as u32).max(8),
    )
}

/// The document rectified at [`CANONICAL_PX_PER_MM`].
pub fn rectify(image: &RgbImage, d: &Detected) -> RgbImage {
    rectify_at(image, d, CANONICAL_PX_PER_MM)
}

/// The document rectified at `px_per_mm` (see the module documentation).
pub fn rectify_at(image: &RgbImage, d: &Detected, px_per_mm: f32) -> RgbImage {
    let (w, h) = canonical_size(d, px_per_mm);
    // 2. long side on top
    let c = if d.landscape() {
        d.corners
    } else {
        [d.corners[3], d.corners[0], d.corners[1], d.corners[2]]
    };
    // 3. integer pre-shrink
    let native = d.long_side_px() / d.size_mm().0;
    let k = (native / px_per_mm).floor().max(1.0) as u32;
    let shrunk;
    let (src, c) = if k >= 2 {
        let (sw, sh) = ((image.width() / k).max(1), (image.height() / k).max(1));
        shrunk = image::imageops::thumbnail(image, sw, sh);
        let fx = sw as f32 / image.width() as f32;
        let fy = sh as f32 / image.height() as f32;
        (&shrunk, c.map(|p| [p[0] * fx, p[1] * fy]))
    } else {
        (image, c)
    };
    let mut out = RgbImage::new(w, h);
    let (wf, hf) = (w as f32, h as f32);
    let from = c.map(|p| (p[0], p[1]));
    let to = [(0.0, 0.0), (wf, 0.0), (wf, hf), (0.0, hf)];
    if dist(c[0], c[2]) < 1.0 {
        return out;
    }
    if let Some(p) = Projection::from_control_points(from, to) {
        warp_into(src, &p, Interpolation::Bilinear, Rgb([0, 0, 0]), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Shape;

    #[test]
    fn rectifies_an_axis_aligned_card_to_canonical_size() {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([0, 0, 0]));
        for y in 50..150 {
            for x in 50..209 {
                img.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
        let d = Detected {
            corners: [[50.0, 50.0], [209.0, 50.0], [209.0, 150.0], [50.0, 150.0]],
            shape: Some(Shape::Id1),
            aspect: 1.59,
            fills_frame: false,
            confidence: 1.0,
        };
        let r = rectify(&img, &d);
        assert_eq!(r.dimensions(), (685, 432));
        assert_eq!(r.get_pixel(342, 216).0, [255, 255, 255]);
    }
}
