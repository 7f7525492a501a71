//! Faces: finding them offline ([`FaceDetector`], [`seeta`]), pre-checking a selfie for the
//! liveness step ([`selfie`], check ids `selfie_*`, E012) and checking the document's own portrait
//! ([`portrait`], check id `portrait`, E001).
//!
//! Nothing here recognises anyone: the selfie is never compared with the portrait (that needs a
//! face-recognition model this project does not ship).

pub mod blaze;
pub mod combo;
pub mod edge;
pub mod placeholder;
pub mod portrait;
pub mod seeta;
pub mod selfie;

use image::{GrayImage, RgbImage};

/// One face found in an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    /// `[x, y, w, h]` in pixels of the image given to the detector (may reach past its edges).
    pub rect: [f32; 4],
    /// The detector's confidence, on its own scale (see [`FaceDetector::threshold`]).
    pub score: f32,
    /// Six keypoints `[x, y]` in the same pixels, when the detector gives them (BlazeFace): the
    /// eye on the image's left, the other eye, the nose tip, the mouth's centre, the ear
    /// (tragion) on the image's left, the other ear. See [`LANDMARKS`].
    pub landmarks: Option<[[f32; 2]; 6]>,
}

/// What each of [`Face::landmarks`] is, in order.
pub const LANDMARKS: [&str; 6] = [
    "left eye (image)",
    "right eye (image)",
    "nose tip",
    "mouth centre",
    "left ear (image)",
    "right ear (image)",
];

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
            landmarks: self.landmarks.map(|l| l.map(|p| [p[0] * k, p[1] * k])),
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
    /// The side, px, every image is resized to before detection, for a detector with a fixed
    /// input (BlazeFace); `None` for one that searches the image at its own size (SeetaFace).
    fn input_side(&self) -> Option<u32> {
        None
    }
    /// Whether a larger image shows the detector smaller faces although its input is fixed
    /// (it searches tiles of it, [`blaze::Tiled`]): a group found on the coarse copy is then
    /// looked for again on the fine one ([`find_in_selfie`]).
    fn tiles(&self) -> bool {
        false
    }
}

/// The selfie's detector: BlazeFace's back-camera model ([`blaze::Blaze::back`]), chosen on the
/// tuning part of `realdata/faces` over SeetaFace's cascade ([`seeta::Seeta`]), BlazeFace's
/// front model and two combinations ([`combo`]), and for a group photo also run on tiles and
/// upside down ([`blaze::Tiled`]: faces counted exactly, tuning part 35/45 → 37/45): README
/// "Selfie" has the table.
pub fn default() -> &'static dyn FaceDetector {
    blaze::Tiled::back()
}

/// The document portrait's detector: SeetaFace's cascade. BlazeFace finds more of the clean
/// fixture pages' printed portraits (41/42 against 39/42) but also the faces under the glare
/// and the finger of three of the four covered fixture pages, which must fail `portrait`
/// (`tests/face_fixtures.rs`).
pub fn portrait_detector() -> &'static dyn FaceDetector {
    seeta::Seeta::shared()
}

/// The detector that looks for faces cut by a selfie's side edges ([`edge`]) when the selfie
/// shows fewer than a group's faces ([`blaze::CROWD`]; a group is searched with the selfie's own
/// detector): BlazeFace's front (128 px) model, which costs a quarter of the back model's
/// 20 ms a search. A face cut by the edge of a selfie is large (the person beside you), which is
/// what the front model is for. Measured on the tuning part of `realdata/faces`, the fixtures and
/// the real document photos (471 images): the front model finds the one cut face of the tuning
/// part and the portraits cut off by the edge of two document photos, and no face elsewhere;
/// the search costs about 10 ms a selfie (the back model's two searches 25 ms: `selfie/stage-12mp`
/// 131 → 156 ms, over the 150 ms bar).
pub fn edge_detector() -> &'static dyn FaceDetector {
    blaze::Blaze::front()
}

/// Long side, px, of the copy faces are looked for in: the detector's smallest face (40 px) is
/// then 6 % of the frame's long side, smaller than any face a selfie step accepts (Smart Engines
/// asks for 20–40 % of the frame), and detection costs the same on any camera. (480 px was
/// tried: held-out recall 32/35 instead of 33/35 and the backlit selfie fixture's face lost.)
pub const DETECT_SIDE: u32 = 640;

/// Long side, px, of the coarse copy a selfie's faces are looked for in first
/// ([`find_in_selfie`]): about a quarter of the cost of [`DETECT_SIDE`]. It is 640 × 0.8³, so
/// that its pyramid levels are the fine copy's from the fourth on and a face's box comes out as
/// the fine pass would give it (320 px was tried: boxes a few % off, and two borderline
/// portraits' `selfie_position` flipped).
pub const COARSE_SIDE: u32 = 328;

/// On the coarse copy, a face at least this wide, px, settles the search: anyone large enough
/// to count as a second person (a quarter of its area, [`selfie::OTHER_PERSON_AREA`], so half
/// its width: 50 px) is then over the detector's 40-px window there too, with a margin for the
/// box's jitter between pyramid levels. (2× the window, 80 px, was tried first: the same
/// detections on the tuning part, but one held-out group photo lost a low-scoring face, so the
/// margin was kept.) A typical selfie's face (20–40 % of the frame) is over it: the fine pass
/// is then not run.
pub const COARSE_ENOUGH: f32 = 100.0;

/// Gaussian blurs, px on the coarse copy, over a brightened dim frame before faces are looked
/// for in it again, the lighter first ([`find_in_the_dark`]). In near darkness the stretch of
/// [`brighten`] lifts the sensor's noise with the face, and the noise's grain grows as the light
/// falls; a face of the smallest size a selfie step accepts (5 % of the frame: 16 px on the
/// coarse copy) keeps its eyes-nose-mouth pattern under 2 px. Tuning part, the 9 `dark` photos:
/// 1.0 px found 2 more faces than no blur when it was set (histogram equalisation instead 1);
/// 2.0 px with the green and brightest-channel renderings found 2 more again (`image2` in the
/// brightest channel, `image29` in luminance; 3.0 px found nothing more, and `image27`'s
/// standing man is still not found); held-out: no photo is dim enough to reach this search.
/// False faces: none on the photos without a face darkened to 2–14 %
/// (`tests/faces_realdata.rs`, `darkened_photos_without_a_face_show_none`). Fixtures: a clean
/// selfie darkened to 2–14 % of its levels, found at 34 of 52 gains brightened, 44 of 52 with
/// 1.0 px.
pub const DARK_SMOOTH_SIGMAS: [f32; 2] = [1.0, 2.0];

/// A dim frame's renderings a face is looked for in ([`find_in_the_dark`]), each brightened:
/// - luminance, as everywhere else;
/// - the green channel: a camera's sensor has two green photosites for each red and blue one,
///   so in low light green is its least noisy channel, and the coloured (magenta, purple)
///   noise of a dark photo lies in red and blue;
/// - each pixel's brightest channel: a face lit by one coloured light (a screen, a lamp) is
///   brighter there than in luminance, which averages the lit channel with two dark ones.
const LOW_LIGHT_PLANES: usize = 3;

/// The [`LOW_LIGHT_PLANES`] renderings of `small`, each [`brighten`]ed when it is dim.
fn low_light_planes(small: &RgbImage, luma: GrayImage) -> [GrayImage; LOW_LIGHT_PLANES] {
    let plane = |f: fn([u8; 3]) -> u8| {
        GrayImage::from_fn(small.width(), small.height(), |x, y| {
            image::Luma([f(small.get_pixel(x, y).0)])
        })
    };
    let mut planes = [luma, plane(|p| p[1]), plane(|p| p[0].max(p[1]).max(p[2]))];
    for p in &mut planes {
        brighten(p);
    }
    planes
}

/// A dim frame's faces ([`find_in_selfie`]'s third search): on the coarse copy, each of the
/// [`LOW_LIGHT_PLANES`] renderings smoothed by each of [`DARK_SMOOTH_SIGMAS`] in turn (lightest
/// blur first), then the fine copy's luminance smoothed by the lightest, until one shows a face
/// at the detector's threshold. Given in pixels of `image`. Up to 7 detections (5 more than before
/// the green and brightest renderings and the 2 px blur: +110 ms on a dim selfie without a face, 365 against 255 ms),
/// only on a dim frame where no other search found a face; the fine copy's other renderings and
/// blurs found nothing more on the tuning part.
fn find_in_the_dark(
    detector: &dyn FaceDetector,
    image: &RgbImage,
    gray: &GrayImage,
    k: f32,
) -> Option<Vec<Face>> {
    let look = |plane: &GrayImage, sigma: f32, k: f32| {
        let faces = detector.detect(&image::imageops::blur(plane, sigma), detector.threshold());
        (!faces.is_empty()).then(|| faces.into_iter().map(|f| f.scaled(k)).collect())
    };
    let coarse = crate::document::downscale(image, COARSE_SIDE);
    let planes = low_light_planes(&coarse, gray.clone());
    for sigma in DARK_SMOOTH_SIGMAS {
        if let Some(faces) = planes.iter().find_map(|p| look(p, sigma, k)) {
            return Some(faces);
        }
    }
    // the fine copy only when the coarse one showed nothing
    let (mut fine, k_fine) = gray_copy(image, DETECT_SIDE);
    brighten(&mut fine);
    look(&fine, DARK_SMOOTH_SIGMAS[0], k_fine)
}

/// Where a selfie's faces were found.
#[derive(Debug, Clone, Default)]
pub struct SelfieFaces {
    /// In pixels of the selfie as given (upright or not).
    pub faces: Vec<Face>,
    /// Clockwise degrees (90, 180, 270) the photo had to be turned for its face to be found
    /// upright; 0 when found as taken.
    pub turned: u16,
}

/// A selfie's faces, cheapest search first, each later one only when the earlier found nothing:
/// - the [`COARSE_SIDE`] copy: done when a face there is [`COARSE_ENOUGH`] (or always for a
///   detector with a fixed input no larger, except that a group found by a detector that
///   [`FaceDetector::tiles`] is looked for again on the [`DETECT_SIDE`] copy);
/// - the [`DETECT_SIDE`] copy (small and distant faces; [`find`] brightens a dim frame);
/// - a dim frame brightened and smoothed, on the coarse copy and then the fine one, in luminance,
///   the green channel and the brightest channel ([`find_in_the_dark`]): in near darkness the
///   stretch of [`brighten`] lifts the sensor's noise and the coarse steps of a few dark levels
///   with the face;
/// - the coarse copy turned a quarter turn either way and upside down, then the fine copy
///   turned a quarter turn either way, at the detector's own threshold. Tuning part: the two turned portraits score 41.8 and 43.4 once upright, the
///   best window on a turned photo without a face 1.9; the fixtures' drawn faces score 3–5 once
///   upright. A false face found turned changes only the message: `selfie_face` fails on a
///   turned face as on no face.
///
/// `selfie/stage-12mp` (criterion, -j1) times it: see `benches/selfie.rs`.
pub fn find_in_selfie(detector: &dyn FaceDetector, image: &RgbImage) -> SelfieFaces {
    if image.width() == 0 || image.height() == 0 {
        return SelfieFaces::default();
    }
    let (gray, k) = gray_copy(image, COARSE_SIDE);
    find_in_selfie_from(detector, image, &gray, k)
}

/// [`find_in_selfie`] given the image's [`COARSE_SIDE`] gray copy `gray` ([`gray_copy`]) and the
/// factor `k` from its pixels to `image`'s, for a caller that searches that copy again (the
/// selfie check's edge search, [`edge::cut_by_edge_on`]).
pub fn find_in_selfie_from(
    detector: &dyn FaceDetector,
    image: &RgbImage,
    gray: &GrayImage,
    k: f32,
) -> SelfieFaces {
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return SelfieFaces::default();
    }
    let (gw, gh) = gray.dimensions();
    // a face found upright may still lie sideways or upside down: BlazeFace finds turned faces
    // too. Its landmarks tell a face lying sideways; an upside-down face gets upright-looking
    // landmarks, so a face found with a modest score is looked for upside down as well.
    let upright = |faces: Vec<Face>| {
        let Some(main) = faces
            .iter()
            .max_by(|a, b| a.area().total_cmp(&b.area()))
            .copied()
        else {
            return SelfieFaces::default();
        };
        let Some(l) = main.landmarks else {
            return SelfieFaces { faces, turned: 0 };
        };
        let turned = upright_turn(&l);
        let best = faces.iter().map(|f| f.score).fold(f32::MIN, f32::max);
        if turned == 0 && best < FLIP_CHECK_BELOW * detector.threshold() {
            let flipped = detector.detect(&image::imageops::rotate180(gray), best);
            if flipped.iter().any(|f| f.score > best) {
                return SelfieFaces {
                    faces: flipped
                        .into_iter()
                        .map(|f| turned_back(f, 180, gw, gh).scaled(k))
                        .collect(),
                    turned: 180,
                };
            }
        }
        SelfieFaces { faces, turned }
    };
    let mut coarse = detector.detect(gray, detector.threshold());
    let dim = (luma_p99(gray) as f32) < DIM_P99;
    if coarse.is_empty() && dim {
        let mut lifted = gray.clone();
        brighten(&mut lifted);
        coarse = detector.detect(&lifted, detector.threshold());
    }
    // a detector whose input is no larger than the coarse copy sees nothing more on the fine one
    let fixed_small = detector
        .input_side()
        .is_some_and(|side| side <= COARSE_SIDE);
    if coarse
        .iter()
        .any(|f| f.rect[2] >= COARSE_ENOUGH || fixed_small)
    {
        // a group: its smaller faces are looked for on the fine copy, which a tiling detector
        // shows the model in parts; kept when more are found there
        if detector.tiles() && coarse.len() >= 2 {
            let fine = find(detector, image, DETECT_SIDE);
            if fine.len() > coarse.len() {
                return upright(fine);
            }
        }
        return upright(coarse.into_iter().map(|f| f.scaled(k)).collect());
    }
    let fine = find(detector, image, DETECT_SIDE);
    if !fine.is_empty() {
        return upright(fine);
    }
    if dim {
        if let Some(faces) = find_in_the_dark(detector, image, gray, k) {
            return upright(faces);
        }
    }
    // upside down only on the coarse copy: a phone is more often held sideways than upside down
    let turns: [(u32, &[u16]); 2] = [(COARSE_SIDE, &[90, 270, 180]), (DETECT_SIDE, &[90, 270])];
    for (side, turns) in turns {
        let (copy, k) = if side == COARSE_SIDE {
            (gray.clone(), k)
        } else {
            gray_copy(image, side)
        };
        let (gw, gh) = copy.dimensions();
        for &turned in turns {
            let turned_copy = match turned {
                90 => image::imageops::rotate90(&copy),
                270 => image::imageops::rotate270(&copy),
                _ => image::imageops::rotate180(&copy),
            };
            let faces = detector.detect(&turned_copy, detector.threshold());
            if !faces.is_empty() {
                return SelfieFaces {
                    faces: faces
                        .into_iter()
                        .map(|f| turned_back(f, turned, gw, gh).scaled(k))
                        .collect(),
                    turned,
                };
            }
        }
    }
    SelfieFaces::default()
}

/// A face found upright (with landmarks) scoring under this many times the detector's threshold
/// is also looked for on the copy turned upside down; a better score there means the face is
/// upside down. Tuning part (BlazeFace back 256, 328 px copy): the upside-down portrait scores
/// 0.717 upright and 0.860 turned; no other photo scores over 0.5 turned.
pub const FLIP_CHECK_BELOW: f32 = 1.2;

/// The face's roll, degrees: the direction from its mouth to the middle of its eyes, 0 when it
/// points straight up the image, positive clockwise (towards the image's right), −180…180.
pub fn roll_deg(l: &[[f32; 2]; 6]) -> f32 {
    let eyes = [(l[0][0] + l[1][0]) / 2.0, (l[0][1] + l[1][1]) / 2.0];
    let (dx, dy) = (eyes[0] - l[3][0], eyes[1] - l[3][1]);
    dx.atan2(-dy).to_degrees()
}

/// The head's turn and tilt from its landmarks, the eyes levelled first (so that roll does not
/// count): `turn` is the nose tip's sideways offset from the eyes' midpoint over the distance
/// between the eyes (0 facing the camera, about ±0.7 in profile; positive towards the image's
/// right), and `nose_drop` is how far the nose tip lies from the eye line towards the mouth, over
/// the eye-to-mouth distance (about half in a face looking straight ahead; it shrinks as the head
/// tilts back). `None` when the eyes coincide or the mouth is on the eye line.
pub fn pose(l: &[[f32; 2]; 6]) -> Option<(f32, f32)> {
    let eyes = [(l[0][0] + l[1][0]) / 2.0, (l[0][1] + l[1][1]) / 2.0];
    let (dx, dy) = (l[1][0] - l[0][0], l[1][1] - l[0][1]);
    let span = dx.hypot(dy);
    if span < 1e-3 {
        return None;
    }
    let (c, s) = (dx / span, dy / span);
    // a point in the levelled frame: along the eye line, and down from it
    let level = |p: [f32; 2]| {
        let (x, y) = (p[0] - eyes[0], p[1] - eyes[1]);
        (x * c + y * s, -x * s + y * c)
    };
    let (nose_x, nose_y) = level(l[2]);
    let (_, mouth_y) = level(l[3]);
    if mouth_y.abs() < 1e-3 {
        return None;
    }
    Some((nose_x / span, nose_y / mouth_y))
}

/// A face rolled further than this from upright, degrees, lies sideways (further than 180 less
/// this, upside down). Tuning part (BlazeFace back 256): faces found upright roll −14.5…+24.9°;
/// the sideways portrait 81° (found on the turned copy).
pub const SIDEWAYS_DEG: f32 = 60.0;

/// Clockwise degrees (0, 90, 180, 270) the photo must be turned for a face with landmarks `l`
/// to be upright ([`roll_deg`], [`SIDEWAYS_DEG`]).
pub fn upright_turn(l: &[[f32; 2]; 6]) -> u16 {
    let a = roll_deg(l);
    if a.abs() <= SIDEWAYS_DEG {
        0
    } else if a.abs() >= 180.0 - SIDEWAYS_DEG {
        180
    } else if a < 0.0 {
        // up points left: a clockwise quarter turn brings it up
        90
    } else {
        270
    }
}

/// A face found on a copy of a `w`×`h` image turned `turned` degrees clockwise, as a box on
/// the image itself.
pub fn turned_back(f: Face, turned: u16, w: u32, h: u32) -> Face {
    let [x, y, fw, fh] = f.rect;
    let (w, h) = (w as f32, h as f32);
    let rect = match turned {
        // the copy's (x, y) is the image's (y, h - x) for a clockwise quarter turn
        90 => [y, h - (x + fw), fh, fw],
        270 => [w - (y + fh), x, fh, fw],
        180 => [w - (x + fw), h - (y + fh), fw, fh],
        _ => f.rect,
    };
    let point = |[px, py]: [f32; 2]| match turned {
        90 => [py, h - px],
        270 => [w - py, px],
        180 => [w - px, h - py],
        _ => [px, py],
    };
    Face {
        rect,
        score: f.score,
        landmarks: f.landmarks.map(|l| l.map(point)),
    }
}

/// A gray copy of `image` at most `side` px long, and the factor from its pixels to `image`'s.
pub fn gray_copy(image: &RgbImage, side: u32) -> (GrayImage, f32) {
    let (w, h) = image.dimensions();
    let small = if w.max(h) > side {
        crate::document::downscale(image, side)
    } else {
        image.clone()
    };
    let k = w as f32 / small.width() as f32;
    (image::DynamicImage::ImageRgb8(small).into_luma8(), k)
}

/// Faces in `image` at [`FaceDetector::threshold`], found on a copy at most `side` px long and
/// given in pixels of `image`.
pub fn find(detector: &dyn FaceDetector, image: &RgbImage, side: u32) -> Vec<Face> {
    let (w, h) = image.dimensions();
    if w == 0 || h == 0 {
        return Vec::new();
    }
    let (mut gray, k) = gray_copy(image, side);
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
    let p99 = luma_p99(gray);
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

/// The 99th percentile of a gray image's values.
fn luma_p99(gray: &GrayImage) -> u8 {
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
            p99 = v as u8;
            break;
        }
    }
    p99
}

/// A frame whose 99th percentile of luminance is under this is underexposed (see [`brighten`]).
/// Only tried when nothing was found; on the tuning part it raised recall (faces over 5 % of the
/// frame) from 16/25 to 18/25, all in the `dark` photos, and added no false detection.
pub const DIM_P99: f32 = 160.0;

#[cfg(test)]
mod tests {

    /// [`low_light_planes`]: luminance as given, the green channel and the brightest channel,
    /// each stretched by [`brighten`] when dim; a plane already bright is left as it is.
    #[test]
    fn low_light_planes_are_luma_green_and_brightest_brightened() {
        // dim: red 20, green 10, blue 40 on the left half; black on the right
        let img = RgbImage::from_fn(8, 4, |x, _| {
            image::Rgb(if x < 4 { [20, 10, 40] } else { [0, 0, 0] })
        });
        let luma = image::imageops::grayscale(&img);
        let [l, g, b] = low_light_planes(&img, luma.clone());
        let mut want = luma.clone();
        assert!(brighten(&mut want));
        assert_eq!(l, want);
        // the green plane's 99th percentile (10) is stretched to 230; black stays black
        assert_eq!(g.get_pixel(0, 0).0[0], 230);
        assert_eq!(g.get_pixel(7, 0).0[0], 0);
        // the brightest channel is blue (40), stretched to 230 as well
        assert_eq!(b.get_pixel(0, 0).0[0], 230);
        // each plane is judged on its own: a bright plane is left as it is, a dim one stretched
        let bright = RgbImage::from_fn(4, 4, |_, _| image::Rgb([200, 100, 250]));
        let [_, g, b] = low_light_planes(&bright, image::imageops::grayscale(&bright));
        assert_eq!((g.get_pixel(0, 0).0[0], b.get_pixel(0, 0).0[0]), (230, 250));
    }

    /// [`pose`] levels the eyes first: a face rolled 90° (eyes one above the other) with its nose
    /// tip straight between them and halfway to the mouth is facing the camera.
    #[test]
    fn pose_of_a_rolled_face_levels_the_eyes_first() {
        // eyes at (100, 100) and (100, 180): the face lies on its side, mouth to the left
        let l = [
            [100.0, 100.0],
            [100.0, 180.0],
            [60.0, 140.0],
            [20.0, 140.0],
            [110.0, 90.0],
            [110.0, 190.0],
        ];
        let (turn, drop) = pose(&l).unwrap();
        assert!(turn.abs() < 1e-5, "{turn}");
        assert!((drop - 0.5).abs() < 1e-5, "{drop}");
        let mut away = l;
        away[2] = [60.0, 164.0]; // 24 px along the eye line: 0.3 of the eye distance
        assert!((pose(&away).unwrap().0 - 0.3).abs() < 1e-5);
        assert!(pose(&[[5.0, 5.0]; 6]).is_none());
    }
    use super::*;

    #[test]
    fn iou_of_boxes() {
        assert!((iou([0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0]) - 1.0).abs() < 1e-6);
        assert!((iou([0.0, 0.0, 10.0, 10.0], [5.0, 0.0, 10.0, 10.0]) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(iou([0.0, 0.0, 10.0, 10.0], [20.0, 0.0, 10.0, 10.0]), 0.0);
    }

    #[test]
    fn turned_faces_come_back_to_the_image() {
        // a 100×60 image: a 10×20 box at (5, 7) on each turned copy
        let f = Face {
            rect: [5.0, 7.0, 10.0, 20.0],
            score: 9.0,
            landmarks: Some([[5.0, 7.0]; 6]),
        };
        // clockwise quarter turn: the copy is 60×100, its (x, y) is the image's (y, 60 - x)
        assert_eq!(turned_back(f, 90, 100, 60).rect, [7.0, 45.0, 20.0, 10.0]);
        assert_eq!(turned_back(f, 270, 100, 60).rect, [73.0, 5.0, 20.0, 10.0]);
        assert_eq!(turned_back(f, 180, 100, 60).rect, [85.0, 33.0, 10.0, 20.0]);
        assert_eq!(turned_back(f, 0, 100, 60).rect, f.rect);
        // a keypoint at the box's top-left corner comes back to the corner the box's turn puts
        // it on
        assert_eq!(
            turned_back(f, 90, 100, 60).landmarks.unwrap()[0],
            [7.0, 55.0]
        );
        assert_eq!(
            turned_back(f, 270, 100, 60).landmarks.unwrap()[0],
            [93.0, 5.0]
        );
        assert_eq!(
            turned_back(f, 180, 100, 60).landmarks.unwrap()[0],
            [95.0, 53.0]
        );
    }

    #[test]
    fn turned_copies_agree_with_the_image_crate() {
        // one bright pixel at (3, 1) of a 5×4 image, found again after each turn
        let mut img = GrayImage::new(5, 4);
        img.put_pixel(3, 1, image::Luma([255]));
        for (turned, copy) in [
            (90, image::imageops::rotate90(&img)),
            (270, image::imageops::rotate270(&img)),
            (180, image::imageops::rotate180(&img)),
        ] {
            let (x, y, _) = copy.enumerate_pixels().find(|p| p.2 .0[0] == 255).unwrap();
            let on_copy = Face {
                rect: [x as f32, y as f32, 1.0, 1.0],
                score: 1.0,
                landmarks: None,
            };
            assert_eq!(
                turned_back(on_copy, turned, 5, 4).rect,
                [3.0, 1.0, 1.0, 1.0],
                "turned {turned}"
            );
        }
    }

    #[test]
    fn p99_of_a_dark_frame() {
        let mut g = GrayImage::from_pixel(10, 10, image::Luma([20]));
        g.put_pixel(0, 0, image::Luma([250]));
        assert_eq!(luma_p99(&g), 20);
        let mut b = g.clone();
        assert!(brighten(&mut b));
        assert!(b.get_pixel(5, 5).0[0] >= 200);
    }

    #[test]
    fn which_way_is_up_from_landmarks() {
        // eyes at y = 10, mouth at y = 30: upright
        let mut l = [[0.0; 2]; 6];
        l[0] = [10.0, 10.0];
        l[1] = [30.0, 10.0];
        l[3] = [20.0, 30.0];
        assert!(roll_deg(&l).abs() < 1e-3);
        assert_eq!(upright_turn(&l), 0);
        // mouth above the eyes: upside down
        l[3] = [20.0, -10.0];
        assert_eq!(upright_turn(&l), 180);
        // eyes to the left of the mouth: the head points left, a clockwise turn fixes it
        l[0] = [0.0, 10.0];
        l[1] = [0.0, 30.0];
        l[3] = [20.0, 20.0];
        assert_eq!(upright_turn(&l), 90);
        assert!((roll_deg(&l) + 90.0).abs() < 1e-3);
        l[3] = [-20.0, 20.0];
        assert_eq!(upright_turn(&l), 270);
    }

    #[test]
    fn clipped_box_stays_inside() {
        let f = Face {
            rect: [-10.0, 90.0, 50.0, 50.0],
            score: 1.0,
            landmarks: None,
        };
        assert_eq!(f.clipped(100, 100), [0, 90, 40, 10]);
    }
}
