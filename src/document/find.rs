//! Finding the document's outline: colour edges, a Hough transform voted along the gradient,
//! and the quadrilateral of four lines best backed by edges.
//!
//! Method (after the "four dominant Hough lines" recipe, which survives rounded card corners and
//! corners outside the frame where contour-and-polygon approximation does not):
//! 1. Downscale so the long side is [`WORK_SIDE`] px; blur each RGB channel (σ = [`BLUR_SIGMA`]).
//! 2. Sobel on every channel, keep the strongest channel per pixel (a brown desk and a white page
//!    differ in colour as much as in brightness); thin by non-maximum suppression and keep
//!    gradients of at least [`MIN_GRADIENT`] grey levels per pixel.
//! 3. Each edge pixel votes in a (θ, ρ) accumulator, weighted by its gradient (capped), only for
//!    angles within ±2° of its own gradient direction (Hough with gradient, O'Gorman & Clowes
//!    1976). Each strong peak is refitted by least squares to the edge pixels along it, run by run
//!    (a page's edge and a table's edge in line with it become two lines); faint runs (wood grain)
//!    are dropped and the [`MAX_LINES`] strongest runs are kept.
//! 4. Every pair of near-parallel lines is combined with every roughly perpendicular pair; the
//!    quadrilateral of their intersections is kept when its aspect ratio after undoing perspective
//!    is a document's (1.2–1.9) and it covers at least [`MIN_AREA_SHARE`] of the frame. Its score
//!    is the length of its outline that runs along an edge of matching direction, minus twice the
//!    length that does not, minus three times the edge found running on past its corners (a true
//!    corner ends its edges; wood seams and table edges do not end there). A side leaving the
//!    frame counts at its full length at the support seen inside.
//! 5. The winning lines are refitted to their edge pixels by least squares and intersected again.
//! 6. An outline that matches neither shape and comes within 3.5 % of the frame is taken for
//!    part of a document cropped to the frame.
//! 7. When steps 1–5 find nothing, they run again on a coarser copy ([`SECOND_LOOK_SIDE`]), then
//!    once more allowing one side to be the frame's border (a document running off an edge); the
//!    two corners on the border are slid outwards along their sides to the nearest document
//!    proportions, so that they lie outside the frame where the document's corners would be.
//!
//! 8. The frame competes with the outline when it has a document's own proportions (a scan or an
//!    app's crop): an outline that needs a steep tilt, leaves the frame or has the other (or no)
//!    document's proportions is then not sure, and the frame is taken with `doubt` saying why.
//!
//! When nothing qualifies, the fallback says so: the document is assumed to fill the frame (a scan
//! cropped to the document) with `fills_frame` set and a low confidence.

use super::geometry::Pose;
use super::{shape_of, Detected};
use crate::facts::Shape;
use image::RgbImage;

mod edges;
mod hough;
mod quad;

pub(crate) use edges::blur;
use edges::*;
use hough::*;
use quad::*;

/// Long side of the working copy, px. Fixture documents are 600–1000 px wide at 1600 px; at 800 px
/// the outline still has ≥ 150 px per side (low-resolution fixtures: ≥ 100).
pub const WORK_SIDE: u32 = 800;
/// Long side of the second look, px, when the first finds no outline.
pub const SECOND_LOOK_SIDE: u32 = 480;
/// Gaussian σ before the gradient, px of the working copy.
const BLUR_SIGMA: f32 = 1.2;
/// Weakest edge kept, grey levels per pixel after the blur. The weakest document outline in the
/// fixtures is a pale page on a white table (contact shadow 16 %): steps of ~25 levels, ~8/px.
const MIN_GRADIENT: f32 = 2.0;
/// Angular resolution of the accumulator, degrees.
const THETA_STEP: f32 = 0.5;
/// An edge pixel votes for angles within this many degrees of its gradient direction.
const VOTE_SPREAD_DEG: f32 = 2.0; // weights fall linearly to 1 at the spread
/// Votes are weighted by gradient up to this (grey levels per px): a page on wood (steps of
/// ~100 levels, ~30/px) outvotes the wood grain (~2/px) without a white page on a white table
/// (~6/px) being drowned by text.
const VOTE_CAP: f32 = 12.0;
/// Fewest votes for a line (a pixel votes its gradient, capped at [`VOTE_CAP`], × 5 on its own
/// angle, fewer further off):
/// a side of a document at least 5 % of the frame wide.
const MIN_VOTES: u32 = 30 * 5 * 4;
/// Strongest accumulator cells examined for lines.
const MAX_PEAKS: usize = 20000;
/// Most refitted lines gathered before keeping the [`MAX_LINES`] longest.
const MAX_CANDIDATES: usize = 240;
/// Most lines carried into the quadrilateral search.
const MAX_LINES: usize = 44;
/// Smallest document area as a share of the frame (the smallest fixture documents, low-resolution
/// ones, cover 4 %).
const MIN_AREA_SHARE: f32 = 0.025;
/// A side with in-frame samples must be backed by edges over at least this share of them.
const MIN_SIDE_SUPPORT: f32 = 0.6;
/// Score weight of an in-frame stretch of outline with no edge under it (edge-backed length
/// counts 1).
const MISS_WEIGHT: f32 = 2.0;
/// Score weight of edge found beyond a corner, along the side's own line (12 % of the side's
/// length is probed): wood seams and table edges run on past the corners they would make.
const OVERSHOOT_WEIGHT: f32 = 3.0;
/// Largest angle between a document's opposite sides in the image (steep perspective makes them
/// converge: 40° of tilt in the fixtures gives up to 42°).
const PARALLEL_DEG: f32 = 50.0;
/// Largest share of the frame a quadrilateral with a side on the frame's border may cover
/// (the cut-off fixture documents cover 35–50 %, specimen scans over 85 %).
const MAX_OFF_FRAME_AREA: f32 = 0.7;
/// Lowest score accepted, as a share of the outline's in-frame length (a fully backed outline
/// with no overshoot scores 1).
const MIN_SCORE_SHARE: f32 = 0.4;
/// Long/short aspect accepted for a candidate after undoing perspective (card 1.586, page 1.42).
const ASPECT_RANGE: (f32, f32) = (1.2, 1.9);

/// Finds the document: see the module documentation. `None` only for images too small to hold one
/// (under 32 px on a side); when no outline is found the fill-the-frame fallback is returned.
pub fn find(image: &RgbImage) -> Option<Detected> {
    let (w0, h0) = image.dimensions();
    if w0 < 32 || h0 < 32 {
        return None;
    }
    // a second, coarser look when the first finds nothing: fine texture (wood grain) fades there
    // and only then one allowing a side outside the frame (the frame's border stands in for it).
    // Looks at the same working size share their edges and lines (an image no larger than a
    // look's side is searched at its own size).
    let mut prepared: Vec<Prepared> = Vec::new();
    let mut tried: Vec<(u32, bool)> = Vec::new();
    let mut found = None;
    for (side, off_frame) in [
        (WORK_SIDE, false),
        (SECOND_LOOK_SIDE, false),
        (WORK_SIDE, true),
    ] {
        let side = side.min(w0.max(h0));
        if tried.contains(&(side, off_frame)) {
            continue;
        }
        tried.push((side, off_frame));
        let at = match prepared.iter().position(|p| p.side == side) {
            Some(i) => i,
            None => {
                prepared.push(Prepared::of(image, side));
                prepared.len() - 1
            }
        };
        found = prepared[at].search(off_frame);
        if found.is_some() {
            break;
        }
    }
    let Some((corners, support)) = found else {
        return Some(fills_frame(w0, h0));
    };
    let corners = order_corners(corners);
    let pose = Pose::of(&corners, w0, h0)?;
    let aspect = if pose.aspect_wh >= 1.0 {
        pose.aspect_wh
    } else {
        1.0 / pose.aspect_wh
    };
    let shape = shape_of(aspect);
    // 6. An outline of no document's proportions that hugs the frame is part of a document
    //    cropped to the frame (a scan: its own edges are the frame's): fall back.
    if shape.is_none() && hugs_frame(&corners, w0, h0) {
        return Some(fills_frame(w0, h0));
    }
    // 8. The frame is a competing hypothesis when it has a document's own proportions (a scan
    //    or an app's crop to the document: camera frames are 4:3, 3:2 or 16:9, none of them a
    //    document's within the shape tolerance). Against it, an outline that only a steep
    //    perspective, a corner outside the frame, the other document's proportions or none can
    //    explain is not sure: the frame is taken, and the checks that need the outline skip.
    let found = Detected {
        corners,
        shape,
        aspect,
        fills_frame: false,
        confidence: support,
        doubt: None,
        set_aside: None,
    };
    if let Some(why) = doubt_against_frame(&corners, shape, pose.tilt_deg, w0, h0) {
        let mut d = fills_frame(w0, h0);
        d.doubt = Some(why);
        d.set_aside = Some((found.long_side_px(), found.shape_or_nearest()));
        return Some(d);
    }
    Some(found)
}

/// Tilt above which an outline inside a frame of a document's proportions is less likely than
/// the frame itself. Tuning part of tests/data/realdata_split.tsv, images whose frame has a
/// document's proportions and in which an outline of a document's proportions was found: 16
/// tilt 0.2–10.3° (median 0.7°), 3 tilt 26.5–50.3° (each a quadrilateral of an inner box and a
/// background or page edge; reviewers accept all three scans). Fixtures: frames are 4:3, so
/// this never applies to them.
const FRAME_DOUBT_TILT_DEG: f32 = 18.0;

/// A corner this far outside the frame (share of the frame's size) is cut off, which a scan
/// cropped to the document cannot show.
const FRAME_DOUBT_OUTSIDE: f32 = 0.01;

/// Why the outline is less likely than the frame being the document, or `None`.
fn doubt_against_frame(
    corners: &[[f32; 2]; 4],
    shape: Option<Shape>,
    tilt_deg: f32,
    w: u32,
    h: u32,
) -> Option<String> {
    let (wf, hf) = (w as f32, h as f32);
    let frame_shape = shape_of(wf.max(hf) / wf.min(hf))?;
    let frame_name = match frame_shape {
        Shape::Id1 => "an ID-1 card",
        Shape::Id3 => "a passport page",
    };
    let outside = corners.iter().any(|c| {
        c[0] < -FRAME_DOUBT_OUTSIDE * wf
            || c[0] > (1.0 + FRAME_DOUBT_OUTSIDE) * wf
            || c[1] < -FRAME_DOUBT_OUTSIDE * hf
            || c[1] > (1.0 + FRAME_DOUBT_OUTSIDE) * hf
    });
    let why = if shape.is_none() {
        "the outline found has no document's proportions"
    } else if shape != Some(frame_shape) {
        // a passport-page box inside a card-shaped scan (or the reverse) is a printed frame,
        // a portrait or data box: tuning part, 3 of 3 such outlines (DocClassifier scans)
        "the outline found has the other document's proportions"
    } else if tilt_deg > FRAME_DOUBT_TILT_DEG {
        "the outline found would need a steep tilt"
    } else if outside {
        "the outline found runs out of the frame"
    } else {
        return None;
    };
    Some(format!(
        "{why}, and the frame itself has {frame_name}'s proportions"
    ))
}

/// Steps 1–4 on a copy whose long side is `side` px: its edges and lines.
struct Prepared {
    side: u32,
    /// Working pixels per image pixel, by axis (the shrink drops partial blocks).
    scale: (f32, f32),
    edges: Edges,
    lines: Vec<Line>,
}

impl Prepared {
    fn of(image: &RgbImage, side: u32) -> Prepared {
        let (w0, h0) = image.dimensions();
        let small;
        let work = if w0.max(h0) > side {
            small = super::rectify::downscale(image, side);
            &small
        } else {
            image
        };
        let edges = Edges::of(work);
        let lines = hough(&edges);
        Prepared {
            side,
            scale: (
                work.width() as f32 / w0 as f32,
                work.height() as f32 / h0 as f32,
            ),
            edges,
            lines,
        }
    }

    /// Steps 5–7: the corners (in pixels of the image) and the outline's edge support, or `None`.
    fn search(&self, off_frame: bool) -> Option<([[f32; 2]; 4], f32)> {
        let quad = best_quad(&self.lines, &self.edges, off_frame)?;
        let mut corners = quad.refined(&self.edges);
        for c in corners.iter_mut() {
            c[0] /= self.scale.0;
            c[1] /= self.scale.1;
        }
        Some((corners, quad.support))
    }
}

/// Gap to the frame under which an outline hugs it, share of the frame's size.
const HUG_GAP: f32 = 0.035;

fn hugs_frame(c: &[[f32; 2]; 4], w: u32, h: u32) -> bool {
    let (wf, hf) = (w as f32, h as f32);
    let x0 = c.iter().map(|p| p[0]).fold(f32::MAX, f32::min);
    let x1 = c.iter().map(|p| p[0]).fold(f32::MIN, f32::max);
    let y0 = c.iter().map(|p| p[1]).fold(f32::MAX, f32::min);
    let y1 = c.iter().map(|p| p[1]).fold(f32::MIN, f32::max);
    x0 < HUG_GAP * wf || wf - x1 < HUG_GAP * wf || y0 < HUG_GAP * hf || hf - y1 < HUG_GAP * hf
}

fn fills_frame(w: u32, h: u32) -> Detected {
    let (wf, hf) = (w as f32, h as f32);
    let aspect = wf.max(hf) / wf.min(hf);
    Detected {
        corners: [[0.0, 0.0], [wf, 0.0], [wf, hf], [0.0, hf]],
        shape: shape_of(aspect),
        aspect,
        fills_frame: true,
        confidence: 0.3,
        doubt: None,
        set_aside: None,
    }
}

/// Orders four points clockwise (as displayed, y down) starting from the one nearest the top-left.
pub(crate) fn order_corners(mut c: [[f32; 2]; 4]) -> [[f32; 2]; 4] {
    let cx = c.iter().map(|p| p[0]).sum::<f32>() / 4.0;
    let cy = c.iter().map(|p| p[1]).sum::<f32>() / 4.0;
    c.sort_by(|a, b| {
        let ta = (a[1] - cy).atan2(a[0] - cx);
        let tb = (b[1] - cy).atan2(b[0] - cx);
        ta.total_cmp(&tb)
    });
    let start = (0..4)
        .min_by(|&i, &j| (c[i][0] + c[i][1]).total_cmp(&(c[j][0] + c[j][1])))
        .unwrap_or(0);
    [
        c[start],
        c[(start + 1) % 4],
        c[(start + 2) % 4],
        c[(start + 3) % 4],
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_frame_of_a_documents_proportions_competes_with_the_outline() {
        let card = [[40.0, 30.0], [816.0, 30.0], [816.0, 510.0], [40.0, 510.0]];
        // a card-shaped scan: a flat card outline inside it stands
        assert_eq!(
            doubt_against_frame(&card, Some(Shape::Id1), 2.0, 856, 540),
            None
        );
        // ...a steep one, another shape, no shape or a corner outside do not
        assert!(doubt_against_frame(&card, Some(Shape::Id1), 30.0, 856, 540).is_some());
        assert!(doubt_against_frame(&card, Some(Shape::Id3), 2.0, 856, 540).is_some());
        assert!(doubt_against_frame(&card, None, 2.0, 856, 540).is_some());
        let out = [[40.0, 30.0], [900.0, 30.0], [816.0, 510.0], [40.0, 510.0]];
        assert!(doubt_against_frame(&out, Some(Shape::Id1), 2.0, 856, 540).is_some());
        // a 4:3 camera frame is no document: the outline always stands
        assert_eq!(doubt_against_frame(&card, None, 40.0, 1024, 768), None);
    }

    /// The row-wise blur equals the plain clamped convolution, value for value.
    use super::*;
    use image::Rgb;

    /// A pale card, 1.586:1 (200 × 126 px at x 100–300, y 80–206), on a dark desk 400 × 300:
    /// the literal image every piece of the finder is tested on.
    pub(super) fn pale_card_on_dark_desk() -> RgbImage {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([50, 52, 58]));
        for y in 80..206 {
            for x in 100..300 {
                img.put_pixel(x, y, Rgb([230, 228, 220]));
            }
        }
        img
    }

    /// The card found within 3 px, fills_frame false.
    #[test]
    fn finds_a_pale_card_on_a_dark_desk() {
        let img = pale_card_on_dark_desk();
        let d = find(&img).expect("image large enough");
        assert!(!d.fills_frame, "{d:?}");
        let want = [[100.0, 80.0], [300.0, 80.0], [300.0, 206.0], [100.0, 206.0]];
        for (c, w) in d.corners.iter().zip(want) {
            assert!(
                (c[0] - w[0]).abs() < 3.0 && (c[1] - w[1]).abs() < 3.0,
                "{d:?}"
            );
        }
        assert_eq!(d.shape, Some(crate::facts::Shape::Id1));
    }

    #[test]
    fn plain_image_falls_back_to_the_frame() {
        let img = RgbImage::from_pixel(300, 200, Rgb([200, 200, 200]));
        let d = find(&img).unwrap();
        assert!(d.fills_frame);
        assert!(find(&RgbImage::new(10, 10)).is_none());
    }
}
