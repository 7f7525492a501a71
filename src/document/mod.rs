//! Finding the document in the photo: its four corners, its shape (ID-1 card or passport page)
//! from the aspect ratio after undoing perspective, and the document rectified to a canonical size.
//!
//! [`find`] works on a downscaled copy (long side [`WORK_SIDE`] px) and returns corners in
//! the pixels of the full image; [`rectify`] warps the document to [`canonical_size`].

pub(crate) mod find;
mod geometry;
mod rectify;
pub mod second;

pub use find::{find, SECOND_LOOK_SIDE, WORK_SIDE};
pub use geometry::{Pose, FOCAL_PER_LONG_SIDE};
pub use rectify::{
    canonical_size, downscale, rectify, rectify_at, resize_area, shrink, CANONICAL_PX_PER_MM,
};

use crate::facts::Shape;

/// ID-1 card width and height, mm (ISO/IEC 7810).
pub const CARD_MM: (f32, f32) = (85.60, 53.98);
/// ID-3 passport data page width and height, mm (ICAO 9303).
pub const PASSPORT_MM: (f32, f32) = (125.0, 88.0);
/// Relative tolerance on the aspect ratio to name a shape (Acuant: ±5 %).
pub const ASPECT_TOLERANCE: f32 = 0.05;

/// A document found in an image.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    /// TL, TR, BR, BL in pixels of the oriented image (may lie outside the frame). "Top-left" is
    /// the corner that is top-left as the photo is displayed, whatever the document's own
    /// orientation (a passport photographed upside down still has its TL at the display's TL).
    pub corners: [[f32; 2]; 4],
    /// From the aspect ratio after undoing perspective; `None` when it matches neither shape.
    pub shape: Option<Shape>,
    /// Long side over short side after undoing perspective (≥ 1).
    pub aspect: f32,
    /// No outline was found: the corners are the frame's, as for a scan cropped to the document.
    pub fills_frame: bool,
    /// 0–1: the share of the outline backed by image edges (0.3 for the fill-the-frame fallback).
    pub confidence: f32,
    /// Why an outline that was found was set aside for the frame (not sure which is the
    /// document): then `fills_frame` is set and every check that needs the outline is skipped.
    pub doubt: Option<String>,
    /// The outline set aside (with [`Detected::doubt`]): its long side, px, and its shape (or the
    /// nearer one), for a measure that must not accuse on the strength of a guess between the
    /// two (`quality::resolution`).
    pub set_aside: Option<(f32, Shape)>,
}

impl Detected {
    /// The document's size in mm, long side first, for its shape (passport page when unknown but
    /// closer to 1.42, card otherwise).
    pub fn size_mm(&self) -> (f32, f32) {
        size_mm(self.shape_or_nearest())
    }

    /// The shape, or the nearer of the two when the aspect matches neither within tolerance.
    pub fn shape_or_nearest(&self) -> Shape {
        self.shape.unwrap_or_else(|| nearest_shape(self.aspect))
    }

    /// Mean length in pixels of the two long sides (the document's width however it is turned).
    pub fn long_side_px(&self) -> f32 {
        let c = &self.corners;
        let top = dist(c[0], c[1]) + dist(c[3], c[2]);
        let left = dist(c[0], c[3]) + dist(c[1], c[2]);
        top.max(left) / 2.0
    }

    /// Whether the document stands upright-ish in the photo (long side horizontal).
    pub fn landscape(&self) -> bool {
        let c = &self.corners;
        dist(c[0], c[1]) + dist(c[3], c[2]) >= dist(c[0], c[3]) + dist(c[1], c[2])
    }
}

/// A document of `shape`'s size in mm, long side first.
pub fn size_mm(shape: Shape) -> (f32, f32) {
    match shape {
        Shape::Id1 => CARD_MM,
        Shape::Id3 => PASSPORT_MM,
    }
}

/// Shape from an aspect ratio (long/short), within [`ASPECT_TOLERANCE`].
pub fn shape_of(aspect: f32) -> Option<Shape> {
    let card = CARD_MM.0 / CARD_MM.1;
    let page = PASSPORT_MM.0 / PASSPORT_MM.1;
    let near = |a: f32, r: f32| (a / r - 1.0).abs() <= ASPECT_TOLERANCE;
    match (near(aspect, card), near(aspect, page)) {
        (true, true) => Some(nearest_shape(aspect)),
        (true, false) => Some(Shape::Id1),
        (false, true) => Some(Shape::Id3),
        (false, false) => None,
    }
}

fn nearest_shape(aspect: f32) -> Shape {
    let card = CARD_MM.0 / CARD_MM.1;
    let page = PASSPORT_MM.0 / PASSPORT_MM.1;
    if (aspect / card).ln().abs() < (aspect / page).ln().abs() {
        Shape::Id1
    } else {
        Shape::Id3
    }
}

pub(crate) fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// Names of the corners in [`Detected::corners`] order.
pub const CORNER_NAMES: [&str; 4] = ["top-left", "top-right", "bottom-right", "bottom-left"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_from_aspect() {
        assert_eq!(shape_of(1.586), Some(Shape::Id1));
        assert_eq!(shape_of(1.42), Some(Shape::Id3));
        assert_eq!(shape_of(1.30), None);
        assert_eq!(shape_of(1.80), None);
    }
}
