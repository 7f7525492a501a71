//! A second document beside the first (Onfido `two_documents_uploaded`): once the document's
//! outline is found, the parts of the photo beside it (left, right, above, below its bounding box)
//! are searched for another outline with [`super::find`].
//!
//! An outline alone does not prove two documents: the front and the back of one card laid side
//! by side, or a card on a passport's cover, give two outlines too. So this module only finds
//! the outline and whether it shows a face (a portrait); the `documents` check (`kind`) decides
//! from the evidence of both outlines (two portraits, or two MRZs) whether two identity
//! documents are proven.
//!
//! Searching strips beside the first outline rather than painting the first one over keeps the
//! finder from seeing the painted patch's own border as an outline.

use super::{Detected, CARD_MM};
use image::RgbImage;

/// Gap left between the first outline's bounding box and a strip searched, as a share of the
/// photo's long side (a rotated document's bounding box already overshoots its corners).
const GAP_SHARE: f32 = 0.01;

/// Smallest second document accepted, as a share of the first outline's area: an ID-1 card is
/// 0.42 of a passport page, so a card beside a passport still counts; the wood seams, books and
/// labels that the finder can take for a small outline on the fixture backgrounds are smaller.
const MIN_AREA_OF_FIRST: f32 = 0.35;

/// A strip is searched only when the first document's short side, scaled by this, fits into
/// both its sides (a second document of the same size, a little tilted, needs at least that).
const MIN_STRIP_OF_SHORT_SIDE: f32 = 0.6;

/// Slack, share of the strip's size, for a corner of the second outline outside its strip: a
/// document cut by the strip's border is not whole, and a half-seen outline proves nothing.
const INSIDE_SLACK: f32 = 0.01;

/// Looks for a second document's outline beside `first` (corners in pixels of `image`). `None`
/// when the first fills the frame, when no strip beside it is large enough, or when no strip
/// holds an outline of a document's proportions and size.
pub fn find_second(image: &RgbImage, first: &Detected) -> Option<Detected> {
    if first.fills_frame {
        return None;
    }
    let (w, h) = image.dimensions();
    let (wf, hf) = (w as f32, h as f32);
    let xs = first.corners.map(|c| c[0]);
    let ys = first.corners.map(|c| c[1]);
    let gap = GAP_SHARE * wf.max(hf);
    let x0 = (xs.iter().copied().fold(f32::MAX, f32::min) - gap).max(0.0);
    let x1 = (xs.iter().copied().fold(f32::MIN, f32::max) + gap).min(wf);
    let y0 = (ys.iter().copied().fold(f32::MAX, f32::min) - gap).max(0.0);
    let y1 = (ys.iter().copied().fold(f32::MIN, f32::max) + gap).min(hf);
    let first_area = quad_area(&first.corners);
    let short = first.long_side_px() * CARD_MM.1 / CARD_MM.0;
    let need = MIN_STRIP_OF_SHORT_SIDE * short;
    // [x, y, w, h] of the strips left, right, above and below
    let strips = [
        [0.0, 0.0, x0, hf],
        [x1, 0.0, wf - x1, hf],
        [0.0, 0.0, wf, y0],
        [0.0, y1, wf, hf - y1],
    ];
    let mut best: Option<Detected> = None;
    for s in strips {
        if s[2] < need || s[3] < need {
            continue;
        }
        let (sx, sy) = (s[0].round() as u32, s[1].round() as u32);
        let (sw, sh) = (
            (s[2].round() as u32).min(w - sx),
            (s[3].round() as u32).min(h - sy),
        );
        let crop = unlike_a_document(image::imageops::crop_imm(image, sx, sy, sw, sh).to_image());
        let Some(d) = super::find(&crop) else {
            continue;
        };
        if d.fills_frame || d.doubt.is_some() || d.shape.is_none() {
            continue;
        }
        let slack = INSIDE_SLACK * sw.max(sh) as f32;
        let inside = d.corners.iter().all(|c| {
            c[0] >= -slack
                && c[1] >= -slack
                && c[0] <= sw as f32 + slack
                && c[1] <= sh as f32 + slack
        });
        if !inside || quad_area(&d.corners) < MIN_AREA_OF_FIRST * first_area {
            continue;
        }
        let placed = Detected {
            corners: d.corners.map(|c| [c[0] + sx as f32, c[1] + sy as f32]),
            ..d
        };
        if best
            .as_ref()
            .is_none_or(|b| quad_area(&b.corners) < quad_area(&placed.corners))
        {
            best = Some(placed);
        }
    }
    best
}

/// Long/short aspect a strip is brought to when it has about a document's own (the finder takes
/// a frame of a document's proportions for a scan of one and doubts any outline inside it:
/// `find`, step 8). Card 1.586 and page 1.42 with the finder's 5 % tolerance end below 1.67.
const STRIP_ASPECT: f32 = 1.8;

/// The strip, lengthened along its long side by repeating its last column or row until its
/// aspect is [`STRIP_ASPECT`] when it is between 1.3 and that: no new edge, and positions in it
/// are unchanged.
fn unlike_a_document(strip: RgbImage) -> RgbImage {
    let (w, h) = strip.dimensions();
    let (long, short) = (w.max(h) as f32, w.min(h) as f32);
    if short < 1.0 || !(1.3..STRIP_ASPECT).contains(&(long / short)) {
        return strip;
    }
    let grown = (short * STRIP_ASPECT).ceil() as u32;
    let (nw, nh) = if w >= h { (grown, h) } else { (w, grown) };
    RgbImage::from_fn(nw, nh, |x, y| *strip.get_pixel(x.min(w - 1), y.min(h - 1)))
}

/// Whether a face shows on the document cut out by `d` (looked for upright and turned over, as
/// the `portrait` check does).
pub fn shows_face(
    image: &RgbImage,
    d: &Detected,
    detector: &dyn crate::face::FaceDetector,
) -> bool {
    let page = super::rectify(image, d);
    let side = crate::face::portrait::PAGE_DETECT_SIDE;
    !crate::face::find(detector, &page, side).is_empty()
        || !crate::face::find(detector, &image::imageops::rotate180(&page), side).is_empty()
}

/// Area of a quadrilateral (shoelace formula), px².
fn quad_area(c: &[[f32; 2]; 4]) -> f32 {
    let mut a = 0.0;
    for i in 0..4 {
        let (p, q) = (c[i], c[(i + 1) % 4]);
        a += p[0] * q[1] - q[0] * p[1];
    }
    a.abs() / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Pale cards (200 × 126 px) on a dark desk, side by side, starting at these x.
    fn cards(at: &[u32]) -> RgbImage {
        let mut img = RgbImage::from_pixel(640, 300, Rgb([50, 52, 58]));
        for (x0, x1) in at.iter().map(|&x| (x, x + 200)) {
            for y in 80..206 {
                for x in x0..x1 {
                    img.put_pixel(x, y, Rgb([230, 228, 220]));
                }
            }
        }
        img
    }

    #[test]
    fn a_second_card_beside_the_first_is_found() {
        let img = cards(&[60, 360]);
        let first = crate::document::find(&img).unwrap();
        assert!(!first.fills_frame, "{first:?}");
        let second = find_second(&img, &first).expect("the other card");
        let cx = |d: &Detected| d.corners.iter().map(|c| c[0]).sum::<f32>() / 4.0;
        // the other card: its centre 300 px from the first's
        assert!((cx(&second) - cx(&first)).abs() > 250.0, "{second:?}");
        // one card alone: nothing beside it
        let one = cards(&[60]);
        let d = crate::document::find(&one).unwrap();
        assert!(find_second(&one, &d).is_none());
    }

    #[test]
    fn the_shoelace_area_of_a_rectangle() {
        let r = [[0.0, 0.0], [4.0, 0.0], [4.0, 3.0], [0.0, 3.0]];
        assert_eq!(quad_area(&r), 12.0);
    }
}
