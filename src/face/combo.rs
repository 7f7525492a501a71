//! Two detectors as one ([`Combined`]): the second as a fallback when the first finds nothing,
//! or the union of both with overlapping boxes merged. Scores are put on one scale: each
//! detector's score divided by its own threshold, so that 1.0 is the threshold of both.

use super::{Face, FaceDetector};
use image::GrayImage;

/// How the second detector is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only when the first finds nothing.
    Fallback,
    /// Always; a box of the second overlapping one of the first (IoU ≥ [`SAME_FACE_IOU`]) is
    /// the same face and dropped (the first's box and landmarks are kept).
    Union,
}

/// Boxes of the two detectors overlapping this much are the same face.
pub const SAME_FACE_IOU: f32 = 0.3;

/// Two detectors as one.
pub struct Combined {
    pub first: &'static dyn FaceDetector,
    pub second: &'static dyn FaceDetector,
    pub mode: Mode,
    pub name: &'static str,
}

impl Combined {
    fn run(&self, d: &dyn FaceDetector, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let t = d.threshold();
        d.detect(image, min_score * t)
            .into_iter()
            .map(|f| Face {
                score: f.score / t,
                ..f
            })
            .collect()
    }
}

impl FaceDetector for Combined {
    fn name(&self) -> &'static str {
        self.name
    }

    fn threshold(&self) -> f32 {
        1.0
    }

    fn detect(&self, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let mut faces = self.run(self.first, image, min_score);
        if self.mode == Mode::Fallback && !faces.is_empty() {
            return faces;
        }
        for f in self.run(self.second, image, min_score) {
            if faces
                .iter()
                .all(|g| super::iou(g.rect, f.rect) < SAME_FACE_IOU)
            {
                faces.push(f);
            }
        }
        faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        faces
    }
}
