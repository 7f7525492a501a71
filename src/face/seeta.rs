//! SeetaFace's funnel-structured cascade (frontal faces), through the `rustface` crate (pure
//! Rust, BSD-2-Clause) rather than a detector written here.
//!
//! The model, `models/seeta_fd_frontal_v1.0.bin` (1.2 MB, BSD-2-Clause, licence beside it), is
//! the file the `rustface` 0.1.7 crate ships in its registry package, vendored unchanged and
//! compiled into the binary: nothing is read or downloaded at run time.

use super::{Face, FaceDetector};
use image::GrayImage;
use std::sync::OnceLock;

/// The model file, as published in the `rustface` 0.1.7 crate.
const MODEL: &[u8] = include_bytes!("../../models/seeta_fd_frontal_v1.0.bin");

/// Score from which a window is a face. The cascade's scores on `realdata/faces` (tuning part,
/// split by source project in `tests/data/faces_split.tsv`): see [`THRESHOLD`]'s use in
/// README "Selfie". Set on the tuning part only.
pub const THRESHOLD: f32 = 2.0;

/// Pyramid step between scales (the crate's example uses 0.8).
const PYRAMID_STEP: f32 = 0.8;
/// Sliding-window step, px (the crate's example uses 4).
const WINDOW_STEP: u32 = 4;

/// The SeetaFace detector.
pub struct Seeta {
    model: rustface::Model,
}

impl Seeta {
    /// The detector, its model parsed once per process.
    pub fn shared() -> &'static Seeta {
        static SHARED: OnceLock<Seeta> = OnceLock::new();
        SHARED.get_or_init(|| Seeta {
            model: rustface::read_model(MODEL).expect("the vendored SeetaFace model parses"),
        })
    }
}

impl FaceDetector for Seeta {
    fn name(&self) -> &'static str {
        "SeetaFace frontal v1 (rustface 0.1.7)"
    }

    fn threshold(&self) -> f32 {
        THRESHOLD
    }

    fn detect(&self, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let (w, h) = image.dimensions();
        // the cascade's window is 40 px: a smaller image cannot hold a face
        if w < 40 || h < 40 {
            return Vec::new();
        }
        // The detector keeps scratch buffers, so it is built per call (cheap: the model is
        // cloned, not parsed).
        let mut det = rustface::create_detector_with_model(self.model.clone());
        // (rustface 0.1.7 ignores the minimum face size: its pyramid always starts at the image's
        // own size, so the size of the image given is what sets the smallest face, 40 px, and
        // the cost; see `face::find_in_selfie`)
        det.set_min_face_size(40);
        det.set_score_thresh(min_score as f64);
        det.set_pyramid_scale_factor(PYRAMID_STEP);
        det.set_slide_window_step(WINDOW_STEP, WINDOW_STEP);
        let data = rustface::ImageData::new(image.as_raw(), w, h);
        let mut faces: Vec<Face> = det
            .detect(&data)
            .iter()
            .map(|f| {
                let b = f.bbox();
                Face {
                    rect: [
                        b.x() as f32,
                        b.y() as f32,
                        b.width() as f32,
                        b.height() as f32,
                    ],
                    score: f.score() as f32,
                    landmarks: None,
                }
            })
            .collect();
        faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        faces
    }
}
