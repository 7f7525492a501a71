//! Faces cut by the frame's left or right edge.
//!
//! A detector finds a whole face; half a face at the edge of a selfie (someone beside you, or
//! your own head with the phone held off to the side) is often missed. A face is close to
//! mirror-symmetric about its upright middle line, so a strip along the edge put beside its own
//! mirror image shows a cut face whole again, centred on the seam. A face found there, across
//! the seam, is a face cut by that edge. Only the left and right edges: a face is not symmetric
//! top to bottom.

use super::{brighten, gray_copy, iou, Face, FaceDetector, COARSE_SIDE};
use image::{GrayImage, RgbImage};

/// Width of the strip along each side edge that is mirrored, as a share of the frame's width:
/// half the frame, so that a face in it is seen at the frame's own scale. Set on the fixtures:
/// the clean, backlit, grey, blurry and far selfie fixtures cut by either side edge with 35, 50
/// and 65 % of the face left inside (42 cuts; `tests/face_fixtures.rs`,
/// `cut_faces_by_strip_width`, prints the table): strips of 0.3, 0.35, 0.4, 0.45 and 0.5 of the
/// frame find 0, 2, 12, 20 and 22 of them (none with 35 % inside, none of the far selfie's small
/// face). False faces: on the tuning part of `realdata/faces`, the 251 fixtures and the 129 real
/// document photos seen as selfies, nothing is found across the seam but faces the frame really
/// cuts (the tuning part's one, found at every width; two document photos' portraits), with this
/// width and in trials at 0.25, 0.4 and 0.45.
pub const STRIP: f32 = 0.5;

/// A face found on a mirrored strip counts as cut by the edge when its centre is within this
/// share of its width from the seam. The cut faces found (tuning part, fixtures) sit within
/// 0.03 of their width of it; a face wholly inside the frame has its centre at least half its
/// width from the edge, and so has its mirror image.
pub const SEAM: f32 = 0.2;

/// A face found across the seam that overlaps a face already found this much (IoU) is that face
/// (the overlap at which BlazeFace's own detections are merged, [`super::blaze::MERGE_IOU`]).
pub const SAME_FACE_IOU: f32 = 0.3;

/// Faces cut by the left or right edge of `image` that are not among `known`, found on the
/// mirrored strips of the frame's [`COARSE_SIDE`] gray copy (brightened when nothing is found
/// in a dim one, as [`super::find`] does). Their boxes reach past the frame's edge (the face's
/// whole width, as the mirror image shows it); they carry no landmarks (half of them would be
/// the mirror image's).
pub fn cut_by_edge(detector: &dyn FaceDetector, image: &RgbImage, known: &[Face]) -> Vec<Face> {
    cut_by_edge_with(detector, image, known, STRIP)
}

/// [`cut_by_edge`] with strips `strip` of the frame's width wide (for calibrating [`STRIP`]).
pub fn cut_by_edge_with(
    detector: &dyn FaceDetector,
    image: &RgbImage,
    known: &[Face],
    strip: f32,
) -> Vec<Face> {
    let (gray, k) = gray_copy(image, COARSE_SIDE);
    search(detector, &gray, k, known, strip)
}

/// [`cut_by_edge`] given the frame's [`COARSE_SIDE`] gray copy `gray` ([`super::gray_copy`]) and
/// the factor `k` from its pixels to the frame's: the copy the selfie's own search made
/// ([`super::find_in_selfie_from`]).
pub fn cut_by_edge_on(
    detector: &dyn FaceDetector,
    gray: &GrayImage,
    k: f32,
    known: &[Face],
) -> Vec<Face> {
    search(detector, gray, k, known, STRIP)
}

/// Both strips of `gray` (frame pixels = `k` × its pixels), `strip` of its width wide.
fn search(
    detector: &dyn FaceDetector,
    gray: &GrayImage,
    k: f32,
    known: &[Face],
    strip: f32,
) -> Vec<Face> {
    let (w, h) = gray.dimensions();
    let s = ((w as f32 * strip).round() as u32).min(w);
    if s < 8 || h < 8 {
        return Vec::new();
    }
    let mut cut = Vec::new();
    for right in [false, true] {
        let mut pair = mirrored_strip(gray, s, right);
        let mut found = detector.detect(&pair, detector.threshold());
        if found.is_empty() && brighten(&mut pair) {
            found = detector.detect(&pair, detector.threshold());
        }
        for f in found {
            let [bx, by, bw, bh] = f.rect;
            if (bx + bw / 2.0 - s as f32).abs() >= SEAM * bw {
                continue;
            }
            // from the pair's pixels to the frame's: the seam is the frame's edge
            let x = if right {
                (w - s) as f32 + bx
            } else {
                bx - s as f32
            };
            let face = Face {
                rect: [x, by, bw, bh],
                score: f.score,
                landmarks: None,
            }
            .scaled(k);
            if known
                .iter()
                .chain(cut.iter())
                .all(|k| iou(k.rect, face.rect) < SAME_FACE_IOU)
            {
                cut.push(face);
            }
        }
    }
    cut
}

/// The strip `s` px wide along the left (`right` false) or right edge of `image`, beside its
/// mirror image on the outside: `[mirror | strip]` on the left, `[strip | mirror]` on the right,
/// so that the frame's edge is the seam in the middle.
fn mirrored_strip(image: &GrayImage, s: u32, right: bool) -> GrayImage {
    let (w, h) = image.dimensions();
    let mut pair = GrayImage::new(2 * s, h);
    for y in 0..h {
        for i in 0..s {
            // the pixel i px inside the edge, and its mirror i px outside it
            let (x, inside, outside) = if right {
                (w - 1 - i, s - 1 - i, s + i)
            } else {
                (i, s + i, s - 1 - i)
            };
            let p = *image.get_pixel(x, y);
            pair.put_pixel(inside, y, p);
            pair.put_pixel(outside, y, p);
        }
    }
    pair
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// The strip's pixels sit against the seam as in the frame, their mirror on the far side.
    #[test]
    fn the_frame_edge_is_the_seam() {
        let img = GrayImage::from_fn(8, 1, |x, _| Luma([x as u8]));
        let row = |pair: GrayImage| pair.pixels().map(|p| p.0[0]).collect::<Vec<u8>>();
        assert_eq!(row(mirrored_strip(&img, 2, false)), vec![1, 0, 0, 1]);
        assert_eq!(row(mirrored_strip(&img, 2, true)), vec![6, 7, 7, 6]);
    }
}
