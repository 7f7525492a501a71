//! Faces: finding them offline ([`FaceDetector`], [`seeta`]), pre-checking a selfie for the
//! liveness step ([`selfie`], check ids `selfie_*`, E012) and checking the document's own portrait
//! ([`portrait`], check id `portrait`, E001).
//!
//! Nothing here recognises anyone: the selfie is never compared with the portrait (that needs a
//! face-recognition model this project does not ship).

pub mod portrait;
pub(crate) mod seeta;
pub mod selfie;

use image::{GrayImage, RgbImage};

/// One face found in an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// `[x, y, w, h]` in pixels of the image given to the detector (may reach past its edges).
    pub rect: [f32; 4],
    /// The detector's confidence, on its own scale (see [`FaceDetector::threshold`]).
    pub score: f32,
}

impl Face {
    /// Area of the box, px².
    pub fn area(&self) -> f32 {
        self.rect[2] * self.rect[3]
    }

    /// Centre of the box.
    pub fn center(&self) -> (f32, f32) {
        (
            self.rect[0] + self.rect[2] / 2.0,
            self.rect[1] + self.rect[3] / 2.0,
        )
    }

    /// The box clipped to a `w`×`h` image, as whole pixels (at least 1×1).
    pub fn clipped(&self, w: u32, h: u32) -> [u32; 4] {
        let x0 = self.rect[0].clamp(0.0, w.saturating_sub(1) as f32);
        let y0 = self.rect[1].clamp(0.0, h.saturating_sub(1) as f32);
        let x1 = (self.rect[0] + self.rect[2]).clamp(x0 + 1.0, w as f32);
        let y1 = (self.rect[1] + self.rect[3]).clamp(y0 + 1.0, h as f32);
        [x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32]
    }

    /// The same face in an image `k` times larger.
    pub fn scaled(&self, k: f32) -> Face {
        Face {
            rect: self.rect.map(|v| v * k),
            score: self.score,
        }
    }
}

/// Intersection over union of two `[x, y, w, h]` boxes.
pub fn iou(a: [f32; 4], b: [f32; 4]) -> f32 {
    let x0 = a[0].max(b[0]);
    let y0 = a[1].max(b[1]);
    let x1 = (a[0] + a[2]).min(b[0] + b[2]);
    let y1 = (a[1] + a[3]).min(b[1] + b[3]);
    let inter = (x1 - x0).max(0.0) * (y1 - y0).max(0.0);
    let union = a[2] * a[3] + b[2] * b[3] - inter;
    if union <= 0.0 {
        0.0
    } else {
        inter / union
    }
}

/// A face detector. Kept small so that another model can replace the one in use ([`default`]).
pub trait FaceDetector: Send + Sync {
    /// A short name for reports and benchmarks.
    fn name(&self) -> &'static str;
    /// The score from which a detection counts as a face.
    fn threshold(&self) -> f32;
    /// Every candidate face in `image` scoring at least `min_score`, best first. The smallest
    /// face found is the detector's own (about 40 px); callers choose the image's size.
    fn detect(&self, image: &GrayImage, min_score: f32) -> Vec<Face>;
}

/// The detector in use: SeetaFace's frontal cascade ([`seeta::Seeta`]), chosen on
/// `realdata/faces` (README "Selfie": recall, precision, box overlap and speed of the two
/// detectors measured).
pub fn default() -> &'static dyn FaceDetector {
    seeta::Seeta::shared()
}

/// Long side, px, of the copy faces are looked for in: the detector's smallest face (40 px) is
/// then 6 % of the frame's long side, smaller than any face a selfie step accepts (Smart Engines
/// asks for 20–40 % of the frame), and detection costs the same on any camera. (480 px was
/// tried: held-out recall 32/35 instead of 33/35 and the backlit selfie fixture's face lost.)
pub const DETECT_SIDE: u32 = 640;

/// Long side, px, of the coarse copy a selfie's faces are looked for in first
/// ([`find_in_selfie`]): half of [`DETECT_SIDE`], a quarter of its cost.
pub const COARSE_SIDE: u32 = 328;

/// On the coarse copy, a face at least this wide, px, settles the search: anyone large enough
/// to count as a second person (a quarter of its area, [`selfie::OTHER_PERSON_AREA`], so half
/// its width: 50 px) is then over the detector's 40-px window there too, with a margin for the
/// box's jitter between pyramid levels. (2× the window, 80 px, was tried first: the same
/// detections on the tuning part, but one held-out group photo lost a low-scoring face, so the
/// margin was kept.) A typical selfie's face (20–40 % of the frame) is over it: the fine pass
/// is then not run.
pub const COARSE_ENOUGH: f32 = 100.0;

/// A selfie's faces, in pixels of `image`: on the [`COARSE_SIDE`] copy first; when no face
/// there is [`COARSE_ENOUGH`], on the [`DETECT_SIDE`] copy (small and distant faces).
/// `selfie/stage-12mp` (criterion, -j1): see `benches/selfie.rs`.
pub fn find_in_selfie(detector: &dyn FaceDetector, image: &RgbImage) -> Vec<Face> {
    let long = image.width().max(image.height());
    let coarse = find(detector, image, COARSE_SIDE);
    let k = long.max(COARSE_SIDE) as f32 / COARSE_SIDE as f32;
    if coarse.iter().any(|f| f.rect[2] / k >= COARSE_ENOUGH) {
        return coarse;
    }
    find(detector, image, DETECT_SIDE)
}

/// Faces in `image` at [`FaceDetector::threshold`], found on a copy at most `side` px long and
/// given in pixels of `image`.
pub fn find(detector: &dyn FaceDetector, image: &RgbImage, side: u32) -> Vec<Face> {
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let small = if w.max(h) > side {
        crate::document::downscale(image, side)
    } else {
        image.clone()
    };
    let k = w as f32 / small.width() as f32;
    let mut gray = image::DynamicImage::ImageRgb8(small).into_luma8();
    let mut faces = detector.detect(&gray, detector.threshold());
    if faces.is_empty() && brighten(&mut gray) {
        faces = detector.detect(&gray, detector.threshold());
    }
    faces.into_iter().map(|f| f.scaled(k)).collect()
}

/// An underexposed frame (its 99th percentile of luminance under [`DIM_P99`]) is stretched so
/// that this percentile reaches 230, with a gamma of 0.6 to lift the shadows; a face the cascade
/// cannot see in the dark is often found after. Returns whether the image was changed.
pub fn brighten(gray: &mut GrayImage) -> bool {
    let mut hist = [0usize; 256];
    for p in gray.pixels() {
        hist[p.0[0] as usize] += 1;
    }
    let n = gray.width() as usize * gray.height() as usize;
    let mut acc = 0;
    let mut p99 = 255;
    for (v, c) in hist.iter().enumerate() {
        acc += c;
        if acc * 100 >= n * 99 {
            p99 = v;
            break;
        }
    }
    if p99 as f32 >= DIM_P99 {
        return false;
    }
    let top = (p99 as f32).max(8.0);
    let lut: Vec<u8> = (0..256)
        .map(|v| (230.0 * (v as f32 / top).min(1.0).powf(0.6)).round() as u8)
        .collect();
    for p in gray.pixels_mut() {
        p.0[0] = lut[p.0[0] as usize];
    }
    true
}

/// A frame whose 99th percentile of luminance is under this is underexposed (see [`brighten`]).
/// Only tried when nothing was found; on the tuning part it raised recall (faces over 5 % of the
/// frame) from 16/25 to 18/25, all in the `dark` photos, and added no false detection.
pub const DIM_P99: f32 = 160.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iou_of_boxes() {
        assert!((iou([0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0]) - 1.0).abs() < 1e-6);
        assert!((iou([0.0, 0.0, 10.0, 10.0], [5.0, 0.0, 10.0, 10.0]) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(iou([0.0, 0.0, 10.0, 10.0], [20.0, 0.0, 10.0, 10.0]), 0.0);
    }

    #[test]
    fn clipped_box_stays_inside() {
        let f = Face {
            rect: [-10.0, 90.0, 50.0, 50.0],
            score: 1.0,
        };
        assert_eq!(f.clipped(100, 100), [0, 90, 40, 10]);
    }
}
