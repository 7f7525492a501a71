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
    if let Some(why) = doubt_against_frame(&corners, shape, pose.tilt_deg, w0, h0) {
        let mut d = fills_frame(w0, h0);
        d.doubt = Some(why);
        return Some(d);
    }
    Some(Detected {
        corners,
        shape,
        aspect,
        fills_frame: false,
        confidence: support,
        doubt: None,
    })
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

/// Thinned colour edges of the working copy.
struct Edges {
    w: usize,
    h: usize,
    /// Gradient direction in radians, [0, π), for edge pixels; NaN elsewhere.
    angle: Vec<f32>,
    /// Gradient magnitude, grey levels per px.
    mag: Vec<f32>,
    /// Per pixel, a bit for each of 8 direction bins (22.5° each) present within 3 px (a line ±0.4° off
    /// drifts 3 px over a 500 px side).
    near: Vec<u8>,
}

const BINS: f32 = 8.0;

fn bin_of(angle: f32) -> u8 {
    ((angle / std::f32::consts::PI * BINS) as i32).rem_euclid(BINS as i32) as u8
}

impl Edges {
    fn of(img: &RgbImage) -> Edges {
        let (w, h) = (img.width() as usize, img.height() as usize);
        // 1. blurred planes (split in one pass)
        let mut split: Vec<Vec<f32>> = (0..3).map(|_| Vec::with_capacity(w * h)).collect();
        for px in img.pixels() {
            for (plane, &v) in split.iter_mut().zip(&px.0) {
                plane.push(v as f32);
            }
        }
        let planes: Vec<Vec<f32>> = split.iter().map(|p| blur(p, w, h, BLUR_SIGMA)).collect();
        // 2. strongest channel's Sobel gradient: the channel with the largest squared magnitude
        //    (the first of equals), one square root per pixel
        let mut gx = vec![0f32; w * h];
        let mut gy = vec![0f32; w * h];
        let mut mag = vec![0f32; w * h];
        let mut best = vec![0f32; w];
        for y in 1..h.saturating_sub(1) {
            best.iter_mut().for_each(|b| *b = 0.0);
            let (gxr, gyr) = (&mut gx[y * w..(y + 1) * w], &mut gy[y * w..(y + 1) * w]);
            for p in &planes {
                let (up, mid, dn) = (
                    &p[(y - 1) * w..y * w],
                    &p[y * w..(y + 1) * w],
                    &p[(y + 1) * w..(y + 2) * w],
                );
                for x in 1..w - 1 {
                    let sx = (up[x + 1] + 2.0 * mid[x + 1] + dn[x + 1])
                        - (up[x - 1] + 2.0 * mid[x - 1] + dn[x - 1]);
                    let sy = (dn[x - 1] + 2.0 * dn[x] + dn[x + 1])
                        - (up[x - 1] + 2.0 * up[x] + up[x + 1]);
                    let q = sx * sx + sy * sy;
                    if q > best[x] {
                        best[x] = q;
                        gxr[x] = sx;
                        gyr[x] = sy;
                    }
                }
            }
            for (m, q) in mag[y * w..(y + 1) * w].iter_mut().zip(&best) {
                *m = q.sqrt() / 8.0;
            }
        }
        // non-maximum suppression along the gradient, quantised to the nearest of the 8
        // neighbours: (round(cos a), round(sin a)) for the gradient's angle a in [0, π), found
        // by comparing squares (|cos a| ≥ ½ ⇔ 3u² ≥ v²) rather than with trigonometry; the angle
        // itself is computed only for the pixels kept
        let mut angle = vec![f32::NAN; w * h];
        let mut near = vec![0u8; w * h];
        for y in 3..h.saturating_sub(3) {
            for x in 3..w - 3 {
                let i = y * w + x;
                let m = mag[i];
                if m < MIN_GRADIENT {
                    continue;
                }
                let (gxi, gyi) = (gx[i], gy[i]);
                let (u, v) = if gyi < 0.0 || (gyi == 0.0 && gxi < 0.0) {
                    (-gxi, -gyi)
                } else {
                    (gxi, gyi)
                };
                let dx = if 3.0 * u * u >= v * v {
                    if u > 0.0 {
                        1
                    } else {
                        -1
                    }
                } else {
                    0
                };
                let dy = isize::from(3.0 * v * v >= u * u);
                let j1 = (i as isize + dy * w as isize + dx) as usize;
                let j2 = (i as isize - dy * w as isize - dx) as usize;
                if m < mag[j1] || m <= mag[j2] {
                    continue;
                }
                let a = gyi.atan2(gxi).rem_euclid(std::f32::consts::PI);
                angle[i] = a;
                let bit = 1u8 << bin_of(a);
                for yy in y - 3..=y + 3 {
                    near[yy * w + x - 3..=yy * w + x + 3]
                        .iter_mut()
                        .for_each(|n| *n |= bit);
                }
            }
        }
        Edges {
            w,
            h,
            angle,
            mag,
            near,
        }
    }

    /// Whether (x, y) lies within 3 px of an edge whose direction is within one bin of `bin`.
    fn backs(&self, x: f32, y: f32, bin: u8) -> bool {
        // round half up: x, y ≥ 0 here (a cast saturates anything below to 0, as `round` would)
        let (xi, yi) = ((x + 0.5) as usize, (y + 0.5) as usize);
        let m = self.near[yi * self.w + xi];
        let b = bin as i32;
        let mask = (1u8 << b) | (1u8 << (b + 1).rem_euclid(8)) | (1u8 << (b - 1).rem_euclid(8));
        m & mask != 0
    }
}

/// Separable gaussian blur of a single plane (edges clamped).
///
/// The taps are summed in the same order for every pixel, so the interior loops (no clamping,
/// whole rows at a time, which the compiler vectorises) give the same values as the clamped ones.
pub(crate) fn blur(p: &[f32], w: usize, h: usize, sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil() as isize;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let s: f32 = k.iter().sum();
    let k: Vec<f32> = k.iter().map(|v| v / s).collect();
    let ru = r as usize;
    // 1. Horizontal pass: clamped taps only near the left and right edges.
    let mut tmp = vec![0f32; w * h];
    for y in 0..h {
        let row = &p[y * w..(y + 1) * w];
        let out = &mut tmp[y * w..(y + 1) * w];
        // interior, a whole run per tap (taps added in the same order as at the edges)
        if w > 2 * ru {
            let n = w - 2 * ru;
            let dst = &mut out[ru..ru + n];
            for (t, kv) in k.iter().enumerate() {
                for (d, v) in dst.iter_mut().zip(&row[t..t + n]) {
                    *d += kv * v;
                }
            }
        }
        // the edges, with clamped taps
        for (x, o) in out.iter_mut().enumerate() {
            if x >= ru && x + ru < w {
                continue;
            }
            let mut acc = 0.0;
            for (t, kv) in k.iter().enumerate() {
                let xx = (x as isize + t as isize - r).clamp(0, w as isize - 1) as usize;
                acc += kv * row[xx];
            }
            *o = acc;
        }
    }
    // 2. Vertical pass, a whole row at a time: out[y] = Σ k[t] · tmp[clamp(y + t − r)].
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let dst = &mut out[y * w..(y + 1) * w];
        for (t, kv) in k.iter().enumerate() {
            let yy = (y as isize + t as isize - r).clamp(0, h as isize - 1) as usize;
            let src = &tmp[yy * w..(yy + 1) * w];
            for (d, v) in dst.iter_mut().zip(src) {
                *d += kv * v;
            }
        }
    }
    out
}

/// A line `x cos θ + y sin θ = ρ`.
#[derive(Debug, Clone, Copy)]
struct Line {
    theta: f32,
    rho: f32,
    /// A border of the frame, standing in for a side of the document that lies outside it.
    frame: bool,
}

impl Line {
    fn intersect(&self, o: &Line) -> Option<[f32; 2]> {
        let (a1, b1) = (self.theta.cos(), self.theta.sin());
        let (a2, b2) = (o.theta.cos(), o.theta.sin());
        let det = a1 * b2 - a2 * b1;
        if det.abs() < 1e-4 {
            return None;
        }
        Some([
            (self.rho * b2 - o.rho * b1) / det,
            (a1 * o.rho - a2 * self.rho) / det,
        ])
    }
}

/// Angle between two line directions, degrees in [0, 90].
fn angle_between(a: &Line, b: &Line) -> f32 {
    let d = (a.theta - b.theta).to_degrees().rem_euclid(180.0);
    d.min(180.0 - d)
}

fn hough(e: &Edges) -> Vec<Line> {
    let n_theta = (180.0 / THETA_STEP) as usize;
    let diag = ((e.w * e.w + e.h * e.h) as f32).sqrt().ceil() as usize;
    let n_rho = 2 * diag + 1;
    let mut acc = vec![0u32; n_theta * n_rho];
    let trig: Vec<(f32, f32)> = (0..n_theta)
        .map(|t| {
            let th = (t as f32 * THETA_STEP).to_radians();
            (th.cos(), th.sin())
        })
        .collect();
    let spread = (VOTE_SPREAD_DEG / THETA_STEP) as isize;
    for y in 0..e.h {
        for x in 0..e.w {
            let a = e.angle[y * e.w + x];
            if a.is_nan() {
                continue;
            }
            let weight = (e.mag[y * e.w + x].min(VOTE_CAP) + 0.5) as u32;
            let t0 = (a.to_degrees() / THETA_STEP + 0.5) as isize; // a ≥ 0: rounds half up
            for dt in -spread..=spread {
                let t = (t0 + dt).rem_euclid(n_theta as isize) as usize;
                let (c, s) = trig[t];
                let rho = x as f32 * c + y as f32 * s;
                // half away from zero, as `round` (without its library call)
                let r = ((rho + 0.5f32.copysign(rho)) as isize + diag as isize) as usize;
                acc[t * n_rho + r] += (spread + 1 - dt.abs()) as u32 * weight;
            }
        }
    }
    let mut peaks: Vec<(u32, usize, usize)> = Vec::new();
    for t in 0..n_theta {
        for r in 0..n_rho {
            // votes of a line split over neighbouring ρ bins (paper edge and its contact shadow)
            let v = acc[t * n_rho + r]
                + (acc[t * n_rho + r.saturating_sub(1)] + acc[t * n_rho + (r + 1).min(n_rho - 1)])
                    / 2;
            if v >= MIN_VOTES {
                peaks.push((v, t, r));
            }
        }
    }
    peaks.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
    let same = |l: &Line, c: &Line, deg: f32, px: f32| {
        if angle_between(l, c) > deg {
            return false;
        }
        let flipped = (l.theta - c.theta).abs() > std::f32::consts::FRAC_PI_2;
        let dr = if flipped {
            (l.rho + c.rho).abs()
        } else {
            (l.rho - c.rho).abs()
        };
        dr < px
    };
    let mut lines: Vec<(Line, usize)> = Vec::new();
    let mut raw: Vec<Line> = Vec::new();
    for (_, t, r) in peaks.into_iter().take(MAX_PEAKS) {
        let peak = Line {
            theta: (t as f32 * THETA_STEP).to_radians(),
            rho: r as f32 - diag as f32,
            frame: false,
        };
        if raw.iter().any(|l| same(l, &peak, 3.0, 8.0)) {
            continue;
        }
        raw.push(peak);
        for (cand, strength) in sharpen(e, &peak) {
            // refitted lines are precise: only a near-copy is the same line (a seam 5 px from a
            // page's edge is another line)
            if !lines.iter().any(|(l, _)| same(l, &cand, 1.0, 3.0)) {
                lines.push((cand, strength));
            }
        }
        if lines.len() >= MAX_CANDIDATES {
            break;
        }
    }
    // the longest, strongest runs of edge win: wood grain and text give many short or faint ones
    lines.sort_by_key(|l| std::cmp::Reverse(l.1));
    lines.truncate(MAX_LINES);
    let mut lines: Vec<Line> = lines.into_iter().map(|(l, _)| l).collect();
    // a side lying wholly outside the frame is stood in for by the frame's border
    lines.extend(frame_lines(e.w, e.h));
    lines
}

struct Quad {
    /// Working-copy pixels, in no particular order.
    corners: [[f32; 2]; 4],
    /// The sides' lines: corner i lies on lines[i] and lines[(i + 1) % 4].
    lines: [Line; 4],
    support: f32,
}

impl Quad {
    /// 5. Refits each side to the edge pixels along it and intersects again.
    fn refined(&self, e: &Edges) -> [[f32; 2]; 4] {
        let c = self.corners;
        // side i runs from corner (i + 3) % 4 to corner i along lines[i]
        let fitted: Vec<Line> = (0..4)
            .map(|i| {
                let l = &self.lines[i];
                if l.frame {
                    *l
                } else {
                    refit(e, l, c[(i + 3) % 4], c[i]).unwrap_or(*l)
                }
            })
            .collect();
        let mut out = c;
        for i in 0..4 {
            if let Some(p) = fitted[i].intersect(&fitted[(i + 1) % 4]) {
                if super::dist(p, c[i]) < 6.0 {
                    out[i] = p;
                }
            }
        }
        self.extended(out, e.w as u32, e.h as u32)
    }

    /// 7. When a side is the frame's border, the document runs off the frame there: slide the two
    ///    corners on the border outwards along their sides until the outline has the nearest
    ///    document proportions (ID-1 1.586 or passport 1.42) it can reach, so that the corners
    ///    lie where the document's would be, outside the frame.
    fn extended(&self, c: [[f32; 2]; 4], w: u32, h: u32) -> [[f32; 2]; 4] {
        let Some(f) = self.lines.iter().position(|l| l.frame) else {
            return c;
        };
        let (near_a, far_a) = (f, (f + 1) % 4);
        let (near_b, far_b) = ((f + 3) % 4, (f + 2) % 4);
        let at = |t: f32| -> [[f32; 2]; 4] {
            let mut o = c;
            for (n, fa) in [(near_a, far_a), (near_b, far_b)] {
                o[n] = [
                    c[fa][0] + t * (c[n][0] - c[fa][0]),
                    c[fa][1] + t * (c[n][1] - c[fa][1]),
                ];
            }
            o
        };
        let aspect = |q: &[[f32; 2]; 4]| -> Option<f32> {
            let p = Pose::of(&order_corners(*q), w, h)?;
            Some(p.aspect_wh.max(1.0 / p.aspect_wh))
        };
        let Some(a0) = aspect(&c) else {
            return c;
        };
        let extended_len = super::dist(c[near_a], c[far_a]) + super::dist(c[near_b], c[far_b]);
        let other_len = super::dist(c[near_a], c[near_b]) + super::dist(c[far_a], c[far_b]);
        let shapes = [
            super::PASSPORT_MM.0 / super::PASSPORT_MM.1,
            super::CARD_MM.0 / super::CARD_MM.1,
        ];
        let target = if extended_len >= other_len {
            shapes
                .iter()
                .copied()
                .filter(|s| *s > a0)
                .fold(f32::MAX, f32::min)
        } else {
            shapes
                .iter()
                .copied()
                .filter(|s| *s < a0)
                .fold(f32::MIN, f32::max)
        };
        if !target.is_finite() || target == f32::MAX || target == f32::MIN {
            return c;
        }
        let mut t = 1.0;
        while t < 1.8 {
            t += 0.01;
            let q = at(t);
            match aspect(&q) {
                Some(a) if (a - target).abs() < 0.01 || (a > target) == (a0 < target) => return q,
                Some(_) => {}
                None => return c,
            }
        }
        c
    }
}

/// Edge pixels within 2.5 px of `line` between a and b (ends trimmed by 3 %) whose direction is
/// within 6° of the line's, with their position along a→b: (t, x, y), sorted by t.
fn support_points(e: &Edges, line: &Line, a: [f32; 2], b: [f32; 2]) -> Vec<(f32, f64, f64)> {
    let (nx, ny) = (line.theta.cos(), line.theta.sin());
    let len = super::dist(a, b);
    if len < 2.0 {
        return Vec::new();
    }
    let (ux, uy) = ((b[0] - a[0]) / len, (b[1] - a[1]) / len);
    let th = line.theta.rem_euclid(std::f32::consts::PI);
    let mut idx: Vec<usize> = Vec::new();
    for i in 0..=len.ceil() as usize {
        let t = i as f32;
        if t < 0.03 * len || t > 0.97 * len {
            continue;
        }
        for o in -5..=5 {
            let o = o as f32 * 0.5;
            let (x, y) = (a[0] + ux * t + nx * o, a[1] + uy * t + ny * o);
            if x < 0.0 || y < 0.0 || x > (e.w - 1) as f32 || y > (e.h - 1) as f32 {
                continue;
            }
            let k = (y + 0.5) as usize * e.w + (x + 0.5) as usize;
            let ang = e.angle[k];
            if ang.is_nan() {
                continue;
            }
            let d = (ang - th).abs();
            if d.min(std::f32::consts::PI - d) <= 6f32.to_radians() {
                idx.push(k);
            }
        }
    }
    idx.sort_unstable();
    idx.dedup();
    let mut pts: Vec<(f32, f64, f64)> = idx
        .into_iter()
        .map(|k| {
            let (x, y) = ((k % e.w) as f32, (k / e.w) as f32);
            ((x - a[0]) * ux + (y - a[1]) * uy, x as f64, y as f64)
        })
        .collect();
    pts.sort_by(|p, q| p.0.total_cmp(&q.0));
    pts
}

/// Total-least-squares line through points; `None` for fewer than 10.
fn tls(pts: &[(f32, f64, f64)]) -> Option<Line> {
    if pts.len() < 10 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.2).sum::<f64>() / n;
    let (mut sxx, mut syy, mut sxy) = (0f64, 0f64, 0f64);
    for &(_, x, y) in pts {
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
        sxy += (x - mx) * (y - my);
    }
    // the line's direction is the scatter matrix's major axis; its normal is θ
    let phi = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let theta = (phi + std::f64::consts::FRAC_PI_2).rem_euclid(std::f64::consts::PI) as f32;
    let rho = (mx * (theta as f64).cos() + my * (theta as f64).sin()) as f32;
    Some(Line {
        theta,
        rho,
        frame: false,
    })
}

/// Least-squares refit of `line` to its edge pixels between a and b.
fn refit(e: &Edges, line: &Line, a: [f32; 2], b: [f32; 2]) -> Option<Line> {
    tls(&support_points(e, line, a, b))
}

/// Largest gap (px) within one run of edge pixels along a line.
const RUN_GAP: f32 = 8.0;
/// Weakest mean gradient of a run kept as a line (grey levels per px): wood grain runs at 2–3,
/// the faintest document edge in the fixtures (a pale page on a white table, no shadow side) ~6.
const MIN_RUN_GRADIENT: f32 = 3.0;
/// Shortest run refitted as a line of its own, px.
const MIN_RUN: f32 = 50.0;

/// The part of `line` inside the frame, as two points.
fn clip(line: &Line, w: usize, h: usize) -> Option<([f32; 2], [f32; 2])> {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    let borders = frame_lines(w, h);
    let mut pts: Vec<[f32; 2]> = borders
        .iter()
        .filter_map(|b| line.intersect(b))
        .filter(|p| p[0] >= -0.5 && p[0] <= wf + 0.5 && p[1] >= -0.5 && p[1] <= hf + 0.5)
        .collect();
    pts.sort_by(|p, q| (p[0] + 3.0 * p[1]).total_cmp(&(q[0] + 3.0 * q[1])));
    match pts.as_slice() {
        [first, .., last] if super::dist(*first, *last) > 2.0 => Some((*first, *last)),
        _ => None,
    }
}

/// The four borders of a w×h frame as lines.
fn frame_lines(w: usize, h: usize) -> [Line; 4] {
    let (wf, hf) = ((w - 1) as f32, (h - 1) as f32);
    [
        Line {
            theta: std::f32::consts::FRAC_PI_2,
            rho: 0.0,
            frame: true,
        },
        Line {
            theta: std::f32::consts::FRAC_PI_2,
            rho: hf,
            frame: true,
        },
        Line {
            theta: 0.0,
            rho: 0.0,
            frame: true,
        },
        Line {
            theta: 0.0,
            rho: wf,
            frame: true,
        },
    ]
}

/// Refits a Hough line to the edge pixels along it, run by run: a page's edge and a table edge
/// or a patch of clutter nearly in line with it are separate runs and become separate lines, each
/// landing on the edge it came from (a single fit across both would match neither).
fn sharpen(e: &Edges, line: &Line) -> Vec<(Line, usize)> {
    let Some((a, b)) = clip(line, e.w, e.h) else {
        return Vec::new();
    };
    let pts = support_points(e, line, a, b);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=pts.len() {
        if i == pts.len() || pts[i].0 - pts[i - 1].0 > RUN_GAP {
            let run = &pts[start..i];
            if run.len() >= 2 && run[run.len() - 1].0 - run[0].0 >= MIN_RUN {
                let mags = run.iter().map(|p| e.mag[p.2 as usize * e.w + p.1 as usize]);
                let mean = mags.clone().sum::<f32>() / run.len() as f32;
                if mean < MIN_RUN_GRADIENT {
                    start = i;
                    continue;
                }
                if let Some(l) = tls(run) {
                    let strength = mags.map(|m| m.min(VOTE_CAP) as usize).sum::<usize>();
                    // once more over the refitted line's own pixels along the run
                    let (ra, rb) = (
                        [
                            a[0] + (b[0] - a[0]) * run[0].0 / super::dist(a, b),
                            a[1] + (b[1] - a[1]) * run[0].0 / super::dist(a, b),
                        ],
                        [
                            a[0] + (b[0] - a[0]) * run[run.len() - 1].0 / super::dist(a, b),
                            a[1] + (b[1] - a[1]) * run[run.len() - 1].0 / super::dist(a, b),
                        ],
                    );
                    out.push((refit(e, &l, ra, rb).unwrap_or(l), strength));
                }
            }
            start = i;
        }
    }
    out
}

/// Edge support of the segment a→b lying on `line`: (in-frame samples, backed samples).
fn side_support(e: &Edges, line: &Line, a: [f32; 2], b: [f32; 2]) -> (u32, u32) {
    let len = super::dist(a, b);
    let n = (len / 1.5).ceil().max(1.0) as usize;
    let bin = bin_of(line.theta.rem_euclid(std::f32::consts::PI));
    let (mut inside, mut hits) = (0, 0);
    let (xmax, ymax) = ((e.w - 3) as f32, (e.h - 3) as f32);
    // skip the ends: rounded card corners leave the outline there
    for i in 0..=n {
        let t = i as f32 / n as f32;
        if !(0.03..=0.97).contains(&t) {
            continue;
        }
        let (x, y) = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
        if x < 2.0 || y < 2.0 || x > xmax || y > ymax {
            continue;
        }
        inside += 1;
        if e.backs(x, y, bin) {
            hits += 1;
        }
    }
    (inside, hits)
}

fn best_quad(lines: &[Line], e: &Edges, off_frame: bool) -> Option<Quad> {
    let (wf, hf) = (e.w as f32, e.h as f32);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            if (lines[i].frame || lines[j].frame)
                && (!off_frame || lines[i].frame == lines[j].frame)
            {
                continue;
            }
            if angle_between(&lines[i], &lines[j]) > PARALLEL_DEG {
                continue;
            }
            // separation at the frame centre
            let c = [wf / 2.0, hf / 2.0];
            let d = |l: &Line| c[0] * l.theta.cos() + c[1] * l.theta.sin() - l.rho;
            let same_dir = (lines[i].theta.cos() * lines[j].theta.cos()
                + lines[i].theta.sin() * lines[j].theta.sin())
                > 0.0;
            let sep = if same_dir {
                (d(&lines[i]) - d(&lines[j])).abs()
            } else {
                (d(&lines[i]) + d(&lines[j])).abs()
            };
            if sep < 0.08 * wf.min(hf) {
                continue;
            }
            pairs.push((i, j));
        }
    }
    let mut best: Option<(f32, Quad)> = None;
    for (p, &(a1, a2)) in pairs.iter().enumerate() {
        for &(b1, b2) in &pairs[p + 1..] {
            if a1 == b1 || a1 == b2 || a2 == b1 || a2 == b2 {
                continue;
            }
            let (la1, la2, lb1, lb2) = (&lines[a1], &lines[a2], &lines[b1], &lines[b2]);
            if [la1, la2, lb1, lb2].iter().filter(|l| l.frame).count() > 1 {
                continue;
            }
            let cross = angle_between(la1, lb1);
            if cross < 50.0 {
                continue;
            }
            let (Some(c0), Some(c1), Some(c2), Some(c3)) = (
                la1.intersect(lb1),
                lb1.intersect(la2),
                la2.intersect(lb2),
                lb2.intersect(la1),
            ) else {
                continue;
            };
            let cs = [c0, c1, c2, c3];
            if cs
                .iter()
                .any(|c| c[0] < -0.5 * wf || c[0] > 1.5 * wf || c[1] < -0.5 * hf || c[1] > 1.5 * hf)
            {
                continue;
            }
            let area = polygon_area(&cs);
            if area < MIN_AREA_SHARE * wf * hf || !convex(&cs) {
                continue;
            }
            // a document running off one edge of a photo leaves background on the others; one
            // covering most of the frame is a scan cropped to it (its own edges are the frame's)
            let off = [la1, la2, lb1, lb2].iter().any(|l| l.frame);
            if off && area > MAX_OFF_FRAME_AREA * wf * hf {
                continue;
            }
            let ordered = order_corners(cs);
            let Some(pose) = Pose::of(&ordered, e.w as u32, e.h as u32) else {
                continue;
            };
            let asp = pose.aspect_wh.max(1.0 / pose.aspect_wh);
            if asp < ASPECT_RANGE.0 || asp > ASPECT_RANGE.1 {
                continue;
            }
            let sides = [(la1, c3, c0), (lb1, c0, c1), (la2, c1, c2), (lb2, c2, c3)];
            let mut ok = true;
            let (mut inside, mut hits, mut overshoot) = (0u32, 0u32, 0u32);
            let mut seen_sides = 0;
            for (l, a, b) in sides {
                if l.frame {
                    continue;
                }
                let (n, k) = side_support(e, l, a, b);
                if n >= 10 {
                    if (k as f32) < MIN_SIDE_SUPPORT * n as f32 {
                        ok = false;
                        break;
                    }
                    seen_sides += 1;
                }
                // a side running out of the frame counts at its full length (up to 1.5× its
                // in-frame part), at the support ratio seen in the frame: a cut-off corner
                // must not make a smaller quadrilateral inside the document look better
                let full = (super::dist(a, b) / 1.5).min(1.5 * n as f32).max(n as f32);
                let scale = if n > 0 { full / n as f32 } else { 0.0 };
                inside += (n as f32 * scale) as u32;
                hits += (k as f32 * scale) as u32;
                // a true corner ends the edge: an edge running on past it is a longer line
                let ext = 0.12 * super::dist(a, b);
                let u = [
                    (b[0] - a[0]) / super::dist(a, b),
                    (b[1] - a[1]) / super::dist(a, b),
                ];
                let a_out = [a[0] - u[0] * ext, a[1] - u[1] * ext];
                let b_out = [b[0] + u[0] * ext, b[1] + u[1] * ext];
                overshoot += side_support(e, l, a_out, a).1 + side_support(e, l, b, b_out).1;
            }
            if !ok || seen_sides < 3 {
                continue;
            }
            let score = hits as f32
                - MISS_WEIGHT * (inside - hits) as f32
                - OVERSHOOT_WEIGHT * overshoot as f32;
            // the outline must be mostly backed by edges and not run on past its corners
            if score < MIN_SCORE_SHARE * inside as f32 {
                continue;
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((
                    score,
                    Quad {
                        corners: cs,
                        lines: [*la1, *lb1, *la2, *lb2],
                        support: hits as f32 / inside.max(1) as f32,
                    },
                ));
            }
        }
    }
    best.map(|(_, q)| q)
}

fn polygon_area(c: &[[f32; 2]; 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let j = (i + 1) % 4;
        s += c[i][0] * c[j][1] - c[j][0] * c[i][1];
    }
    s.abs() / 2.0
}

fn convex(c: &[[f32; 2]; 4]) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b, d) = (c[i], c[(i + 1) % 4], c[(i + 2) % 4]);
        let z = (b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]);
        if z.abs() < 1e-6 {
            return false;
        }
        if sign == 0.0 {
            sign = z.signum();
        } else if z.signum() != sign {
            return false;
        }
    }
    true
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
    #[test]
    fn blur_matches_the_plain_clamped_convolution() {
        let (w, h, sigma) = (23usize, 17usize, 1.2f32);
        let p: Vec<f32> = (0..w * h).map(|i| ((i * 37) % 101) as f32).collect();
        let r = (3.0 * sigma).ceil() as isize;
        let k: Vec<f32> = (-r..=r)
            .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
            .collect();
        let sum: f32 = k.iter().sum();
        let k: Vec<f32> = k.iter().map(|v| v / sum).collect();
        let at = |v: &[f32], x: isize, y: isize| {
            v[y.clamp(0, h as isize - 1) as usize * w + x.clamp(0, w as isize - 1) as usize]
        };
        let mut tmp = vec![0f32; w * h];
        for y in 0..h as isize {
            for x in 0..w as isize {
                let mut acc = 0.0;
                for (t, kv) in k.iter().enumerate() {
                    acc += kv * at(&p, x + t as isize - r, y);
                }
                tmp[y as usize * w + x as usize] = acc;
            }
        }
        let fast = blur(&p, w, h, sigma);
        for y in 0..h as isize {
            for x in 0..w as isize {
                let mut acc = 0.0;
                for (t, kv) in k.iter().enumerate() {
                    acc += kv * at(&tmp, x, y + t as isize - r);
                }
                assert_eq!(fast[y as usize * w + x as usize], acc, "({x}, {y})");
            }
        }
    }
    use super::*;
    use image::Rgb;

    /// A pale card, 1.586:1, on a dark desk: found within 3 px, fills_frame false.
    #[test]
    fn finds_a_pale_card_on_a_dark_desk() {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([50, 52, 58]));
        for y in 80..206 {
            for x in 100..300 {
                img.put_pixel(x, y, Rgb([230, 228, 220]));
            }
        }
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
