//! Finding the MRZ band in an oriented photo or scan, by image processing alone (no OCR).
//!
//! An MRZ is two or three long, parallel, equally long lines of evenly spaced characters of one
//! height. The finder looks for exactly that, in any of the four orientations and with a few
//! degrees of skew:
//!
//! 1. Scale the gray image so its longer side is [`WORK_SIDE`] px (up or down).
//! 2. Mark ink: pixels darker than their local mean (box of radius [`INK_RADIUS`]) by
//!    [`INK_CONTRAST`] grey levels.
//! 3. Label 8-connected ink components and keep the character-sized ones.
//! 4. Chain each character to its nearest neighbour along the text direction (once with x as the
//!    text direction, once with y, for documents lying sideways); chains at least
//!    [`MIN_LINE_CHARS`] long become text lines, fitted by least squares (angle, extent).
//! 5. Group 2–3 neighbouring parallel lines one line pitch apart whose ends agree, or which
//!    overlap over most of the shorter and share one end at one monospaced pitch, into bands
//!    ([`group`]), each line trimmed to the zone's cell grid; ranked by how MRZ-like they are
//!    (number of lines, characters per line, length in character heights).
//!
//! The result is a rotated rectangle in the original image's pixels plus, per line, the centres
//! of its first and last characters, from which the reader derives the fixed character pitch.

use image::{GrayImage, RgbImage};
use imageproc::region_labelling::{connected_components, Connectivity};

mod group;
use group::group_bands;

/// Longer side of the working image, px. MRZ characters in the images measured come out
/// 7–30 px tall at this size (PassportEye test scans 230–2000 px wide; fixtures 1600 px; specimen
/// phone photos 4000 px with the document over ~40 % of the frame).
pub const WORK_SIDE: f32 = 1000.0;
/// Radius of the local-mean window for the ink mask, working px (about one character height).
const INK_RADIUS: u32 = 12;
/// How much darker than its neighbourhood a pixel must be to count as ink, grey levels.
/// MRZ print is near black on light paper (contrast > 80 on every scan measured); 12 keeps the
/// pale guilloche of the fixtures (contrast 5–10) out.
const INK_CONTRAST: i32 = 12;
/// Character height limits in working px.
const MIN_CHAR_H: u32 = 5;
const MAX_CHAR_H: u32 = 60;
/// A text line must hold at least this many ink components to be an MRZ line candidate
/// (TD1 lines have 30 cells; merged characters on low-resolution scans reduce the count).
const MIN_LINE_CHARS: usize = 12;
/// An MRZ line is at least this many character heights long (TD1: 30 cells at a pitch of about
/// 0.8–0.9 of the character height, i.e. ~25 heights).
const MIN_LINE_HEIGHTS: f32 = 16.0;

/// One MRZ text line found in the image, in original-image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct BandLine {
    /// Centre of the first and the last character along the text direction.
    pub first: [f32; 2],
    pub last: [f32; 2],
    /// Number of ink components on the line.
    pub components: usize,
    /// Centres of the line's ink components, in order along the line (cell centres, where
    /// characters did not merge).
    pub centers: Vec<[f32; 2]>,
}

/// A candidate MRZ band: a rotated rectangle around 2–3 lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Unit vector along the text, as found (it may point right-to-left: the reader tries both).
    pub along: [f32; 2],
    /// Lines, in order along `rot90(along)`.
    pub lines: Vec<BandLine>,
    /// Typical character height, original px.
    pub char_height: f32,
    /// How MRZ-like the band is; higher is better.
    pub score: f32,
}

impl Band {
    /// The axis-aligned box `[x, y, w, h]` around the band with half a character of margin.
    pub fn region(&self, width: u32, height: u32) -> [u32; 4] {
        let m = self.char_height;
        let xs = self.lines.iter().flat_map(|l| [l.first[0], l.last[0]]);
        let ys = self.lines.iter().flat_map(|l| [l.first[1], l.last[1]]);
        let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
        let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
        let x0 = (x0 - m).clamp(0.0, width as f32);
        let y0 = (y0 - m).clamp(0.0, height as f32);
        let x1 = (x1 + m).clamp(0.0, width as f32);
        let y1 = (y1 + m).clamp(0.0, height as f32);
        [x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32]
    }
}

/// Which edge of the photo an MRZ runs into ([`Band::frame_edge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameEdge {
    Left,
    Top,
    Right,
    Bottom,
}

impl FrameEdge {
    pub fn name(self) -> &'static str {
        match self {
            FrameEdge::Left => "left",
            FrameEdge::Top => "top",
            FrameEdge::Right => "right",
            FrameEdge::Bottom => "bottom",
        }
    }
}

/// A character centre closer than this many character heights to the photo's edge means the
/// glyph itself reaches the edge (OCR-B glyphs are ~0.6 heights wide, so a centre within ~0.3
/// heights touches it): the zone, and the document's edge beyond its margin, are cut by the
/// frame. No document prints its MRZ to its very edge. Measured (`examples/bands_debug.rs`,
/// smallest centre-to-edge distance of the best band, in heights, on ../shared/realdata): the
/// tuning part's smallest is 0.69 (a DocClassifier scan cropped tight) then 0.84 (PassportEye);
/// held-out: the two Onfido cut-off pages 0.07 and 0.09, then tight scans from 0.68
/// (Liechtenstein's card). 0.4 sits between glyph geometry and the tuning part's tight crops.
pub const CUT_EDGE_HEIGHTS: f32 = 0.4;

/// Lines shorter than this many characters are not taken as evidence of a cut (a band of
/// short text runs could be background print): an MRZ line cut by the frame still shows
/// most of its 30–44 cells.
const CUT_MIN_CHARS: usize = 20;

/// ICAO 9303 zones by their shape: label, lines, characters per line (MRV-A and MRV-B visas
/// share TD3's and TD2's shapes).
const ICAO_SHAPES: [(&str, usize, usize); 3] = [
    ("TD1", 3, 30),
    ("TD2 or MRV-B", 2, 36),
    ("TD3 or MRV-A", 2, 44),
];

/// An MRZ located by its shape alone ([`Band::icao_shape`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcaoShape {
    pub label: &'static str,
    pub lines: usize,
    pub chars: usize,
}

impl Band {
    /// The ICAO zone this band has the exact shape of, without reading a character: as many
    /// lines as the layout, each with exactly its number of ink components (one per character,
    /// `<` included: an MRZ has no spaces), all starting and all ending within one character
    /// height of each other (every MRZ line is full length). Print that happens to look like
    /// this does not also have 30, 36 or 44 separate glyphs on every line at the same pitch.
    /// Used to say "found but not read" rather than "none found" when the characters are too
    /// small or soft for OCR (held-out specimens Spain and Netherlands: 3 × 30 components,
    /// characters 10 px tall, not read).
    pub fn icao_shape(&self) -> Option<IcaoShape> {
        let n = self.lines.len();
        let &(label, lines, chars) = ICAO_SHAPES
            .iter()
            .find(|(_, l, c)| *l == n && self.lines.iter().all(|line| line.components == *c))?;
        let along = |p: [f32; 2]| p[0] * self.along[0] + p[1] * self.along[1];
        let spread = |end: fn(&BandLine) -> [f32; 2]| {
            let v = self.lines.iter().map(|l| along(end(l)));
            let (lo, hi) = v.fold((f32::MAX, f32::MIN), |a, t| (a.0.min(t), a.1.max(t)));
            hi - lo
        };
        let aligned =
            spread(|l| l.first) <= self.char_height && spread(|l| l.last) <= self.char_height;
        aligned.then_some(IcaoShape {
            label,
            lines,
            chars,
        })
    }
}

impl Band {
    /// The edge of a `width`×`height` photo that this band's characters run into, if any: the
    /// document is then cut by the frame (see [`CUT_EDGE_HEIGHTS`]). Needs two lines of at
    /// least [`CUT_MIN_CHARS`] characters, as an MRZ has.
    pub fn frame_edge(&self, width: u32, height: u32) -> Option<FrameEdge> {
        let long = self
            .lines
            .iter()
            .filter(|l| l.components >= CUT_MIN_CHARS)
            .count();
        if long < 2 {
            return None;
        }
        let m = CUT_EDGE_HEIGHTS * self.char_height;
        let (w, h) = (width as f32, height as f32);
        let mut near: Option<(f32, FrameEdge)> = None;
        for c in self.lines.iter().flat_map(|l| {
            l.centers
                .iter()
                .copied()
                .chain([l.first, l.last])
                .collect::<Vec<_>>()
        }) {
            for (d, edge) in [
                (c[0], FrameEdge::Left),
                (c[1], FrameEdge::Top),
                (w - c[0], FrameEdge::Right),
                (h - c[1], FrameEdge::Bottom),
            ] {
                if d < m && near.is_none_or(|(best, _)| d < best) {
                    near = Some((d, edge));
                }
            }
        }
        near.map(|(_, e)| e)
    }
}

/// A character-sized ink component, in the (possibly transposed) working frame.
#[derive(Debug, Clone, Copy)]
struct Comp {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Comp {
    fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    fn h(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// A fitted text line in the working frame.
#[derive(Debug, Clone)]
struct TextLine {
    /// Slope dy/dx of the fitted centre line.
    slope: f32,
    /// Centre of the first and last component.
    first: [f32; 2],
    last: [f32; 2],
    /// Upper-quartile component height.
    h: f32,
    n: usize,
    centers: Vec<[f32; 2]>,
}

impl TextLine {
    /// The median distance between neighbouring characters' centres and the fraction of those
    /// distances within 25 % of it: MRZ print is monospaced (one cell per character, fillers
    /// included), so nearly all are; proportional print mixes narrow and wide letters and
    /// word spaces.
    fn pitch(&self) -> (f32, f32) {
        let mut gaps: Vec<f32> = self
            .centers
            .windows(2)
            .map(|w| (w[1][0] - w[0][0]).abs())
            .collect();
        if gaps.is_empty() {
            return (0.0, 0.0);
        }
        gaps.sort_by(f32::total_cmp);
        let p = gaps[gaps.len() / 2];
        let near = gaps.iter().filter(|&&g| (g - p).abs() <= 0.25 * p).count();
        (p, near as f32 / gaps.len() as f32)
    }
    fn length(&self) -> f32 {
        (self.last[0] - self.first[0]).hypot(self.last[1] - self.first[1])
    }
    /// The line's centre-line height at `x`.
    fn y_at(&self, x: f32) -> f32 {
        self.first[1] + self.slope * (x - self.first[0])
    }
}

/// Frames the chaining runs in: (transposed, rotation in degrees). Chaining tolerates about
/// ±15° of skew, so ±30° turns cover photos taken at an angle up to ~45°.
const FRAMES: [(bool, f32); 6] = [
    (false, 0.0),
    (true, 0.0),
    (false, 30.0),
    (false, -30.0),
    (true, 30.0),
    (true, -30.0),
];

/// Finds candidate MRZ bands in `gray`, best first.
pub fn find_bands(gray: &GrayImage) -> Vec<Band> {
    let (w, h) = gray.dimensions();
    if w < 16 || h < 16 {
        return Vec::new();
    }
    // 1. working scale
    let scale = WORK_SIDE / w.max(h) as f32;
    let (ww, wh) = (
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let work = resize_triangle(gray, ww, wh);
    // 2–3. ink components
    let comps = ink_components(&work);
    let mut bands = Vec::new();
    // the upright and sideways frames first; turned frames only when those find nothing
    // (a photo taken at an angle: lines skewed beyond what chaining tolerates, ~15°)
    for (k, &(transposed, degrees)) in FRAMES.iter().enumerate() {
        if k >= 2 && !bands.is_empty() {
            break;
        }
        let (sin, cos) = (-degrees.to_radians()).sin_cos();
        // image (working px) -> frame, and back
        let to_frame = |p: [f32; 2]| {
            let r = [p[0] * cos - p[1] * sin, p[0] * sin + p[1] * cos];
            if transposed {
                [r[1], r[0]]
            } else {
                r
            }
        };
        let back = |p: [f32; 2]| {
            let r = if transposed { [p[1], p[0]] } else { p };
            let q = [r[0] * cos + r[1] * sin, -r[0] * sin + r[1] * cos];
            [q[0] / scale, q[1] / scale]
        };
        let frame: Vec<Comp> = comps
            .iter()
            .map(|c| {
                let centre = to_frame([c.cx(), c.cy()]);
                let (w, h) = if transposed {
                    (c.y1 - c.y0, c.x1 - c.x0)
                } else {
                    (c.x1 - c.x0, c.y1 - c.y0)
                };
                Comp {
                    x0: centre[0] - w / 2.0,
                    y0: centre[1] - h / 2.0,
                    x1: centre[0] + w / 2.0,
                    y1: centre[1] + h / 2.0,
                }
            })
            .collect();
        // 4. lines, 5. bands
        let lines = chain_lines(&frame, MIN_LINE_CHARS, MIN_LINE_HEIGHTS);
        for mut band in group_bands(&lines) {
            for l in &mut band.lines {
                l.first = back(l.first);
                l.last = back(l.last);
                for c in &mut l.centers {
                    *c = back(*c);
                }
            }
            band.char_height /= scale;
            let first = &band.lines[0];
            let (dx, dy) = (
                first.last[0] - first.first[0],
                first.last[1] - first.first[1],
            );
            let len = dx.hypot(dy).max(1e-3);
            band.along = [dx / len, dy / len];
            order_lines(&mut band);
            bands.push(band);
        }
    }
    bands.sort_by(|a, b| b.score.total_cmp(&a.score));
    bands
}

/// Whether the image's text runs mostly vertically (the document lies at 90° or 270°): counts
/// characters on text lines of at least [`TEXT_LINE_CHARS`] in each direction.
pub fn text_is_vertical(gray: &GrayImage) -> bool {
    let (w, h) = gray.dimensions();
    if w < 16 || h < 16 {
        return false;
    }
    let scale = WORK_SIDE / w.max(h) as f32;
    let work = resize_triangle(
        gray,
        ((w as f32 * scale).round() as u32).max(1),
        ((h as f32 * scale).round() as u32).max(1),
    );
    let comps = ink_components(&work);
    let transposed: Vec<Comp> = comps
        .iter()
        .map(|c| Comp {
            x0: c.y0,
            y0: c.x0,
            x1: c.y1,
            y1: c.x1,
        })
        .collect();
    let count = |frame: &[Comp]| -> usize {
        chain_lines(frame, TEXT_LINE_CHARS, 0.0)
            .iter()
            .map(|l| l.n)
            .sum()
    };
    count(&transposed) > count(&comps)
}

/// Characters on a line of printed text for [`text_is_vertical`]: words of 5+ letters.
const TEXT_LINE_CHARS: usize = 5;

/// Puts the lines in order along `rot90(along)` (downwards when `along` points right).
fn order_lines(band: &mut Band) {
    let normal = [-band.along[1], band.along[0]];
    band.lines.sort_by(|a, b| {
        let pa = a.first[0] * normal[0] + a.first[1] * normal[1];
        let pb = b.first[0] * normal[0] + b.first[1] * normal[1];
        pa.total_cmp(&pb)
    });
}

/// Ink mask by local contrast, then character-sized 8-connected components.
fn ink_components(work: &GrayImage) -> Vec<Comp> {
    let (w, h) = work.dimensions();
    // integral image of the gray values
    let iw = w as usize + 1;
    let mut integral = vec![0u64; iw * (h as usize + 1)];
    for y in 0..h as usize {
        let mut row = 0u64;
        for x in 0..w as usize {
            row += work.as_raw()[y * w as usize + x] as u64;
            integral[(y + 1) * iw + x + 1] = integral[y * iw + x + 1] + row;
        }
    }
    let r = INK_RADIUS as i64;
    let mut mask = GrayImage::new(w, h);
    for y in 0..h as i64 {
        let (y0, y1) = ((y - r).max(0) as usize, (y + r + 1).min(h as i64) as usize);
        for x in 0..w as i64 {
            let (x0, x1) = ((x - r).max(0) as usize, (x + r + 1).min(w as i64) as usize);
            let sum = integral[y1 * iw + x1] + integral[y0 * iw + x0]
                - integral[y0 * iw + x1]
                - integral[y1 * iw + x0];
            let mean = sum as i64 / ((y1 - y0) * (x1 - x0)) as i64;
            let v = work.as_raw()[y as usize * w as usize + x as usize] as i64;
            if v + INK_CONTRAST as i64 <= mean {
                mask.put_pixel(x as u32, y as u32, image::Luma([255]));
            }
        }
    }
    let labels = connected_components(&mask, Connectivity::Eight, image::Luma([0u8]));
    let mut boxes: Vec<[u32; 5]> = Vec::new(); // x0, y0, x1, y1, count
    for (x, y, l) in labels.enumerate_pixels() {
        let l = l[0] as usize;
        if l == 0 {
            continue;
        }
        if boxes.len() < l {
            boxes.resize(l, [u32::MAX, u32::MAX, 0, 0, 0]);
        }
        let b = &mut boxes[l - 1];
        b[0] = b[0].min(x);
        b[1] = b[1].min(y);
        b[2] = b[2].max(x + 1);
        b[3] = b[3].max(y + 1);
        b[4] += 1;
    }
    boxes
        .into_iter()
        .filter(|b| b[4] > 0)
        .filter(|b| {
            let (bw, bh) = (b[2] - b[0], b[3] - b[1]);
            let (small, big) = (bw.min(bh), bw.max(bh));
            // characters in either orientation: the long side is a character height, the
            // short side at least a stroke; merged pairs up to 3 heights long.
            big >= MIN_CHAR_H && small <= MAX_CHAR_H && big <= 3 * MAX_CHAR_H && small >= 1
        })
        .map(|b| Comp {
            x0: b[0] as f32,
            y0: b[1] as f32,
            x1: b[2] as f32,
            y1: b[3] as f32,
        })
        .collect()
}

/// Chains components left to right into text lines (in the frame given: x is the text
/// direction).
fn chain_lines(comps: &[Comp], min_chars: usize, min_heights: f32) -> Vec<TextLine> {
    // keep components that could be characters in this frame
    let chars: Vec<Comp> = comps
        .iter()
        .copied()
        .filter(|c| {
            let (w, h) = (c.x1 - c.x0, c.h());
            h >= MIN_CHAR_H as f32 && h <= MAX_CHAR_H as f32 && w <= 2.5 * h
        })
        .collect();
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by(|&a, &b| chars[a].x0.total_cmp(&chars[b].x0));
    let n = chars.len();
    let mut next: Vec<Option<usize>> = vec![None; n];
    let mut has_prev = vec![false; n];
    for (oi, &a) in order.iter().enumerate() {
        let ca = chars[a];
        let mut best: Option<(f32, usize)> = None;
        for &b in &order[oi + 1..] {
            let cb = chars[b];
            let hmax = ca.h().max(cb.h());
            if cb.x0 > ca.x1 + 1.2 * hmax {
                break;
            }
            if cb.cx() <= ca.cx() || has_prev[b] {
                continue;
            }
            let hmin = ca.h().min(cb.h());
            // '<' is about 0.6 of a capital's height: allow that, not more.
            if hmin < 0.4 * hmax || (cb.cy() - ca.cy()).abs() > 0.35 * hmax {
                continue;
            }
            let gap = cb.x0 - ca.x1;
            if best.is_none_or(|(g, _)| gap < g) {
                best = Some((gap, b));
            }
        }
        if let Some((_, b)) = best {
            next[a] = Some(b);
            has_prev[b] = true;
        }
    }
    let mut lines = Vec::new();
    for (start, _) in has_prev.iter().enumerate().filter(|(_, p)| !**p) {
        let mut members = vec![start];
        let mut cur = start;
        while let Some(b) = next[cur] {
            members.push(b);
            cur = b;
        }
        if members.len() < min_chars {
            continue;
        }
        if let Some(line) = fit_line(&members.iter().map(|&i| chars[i]).collect::<Vec<_>>()) {
            if line.length() >= min_heights * line.h {
                lines.push(line);
            }
        }
    }
    lines
}

/// Least-squares centre line through the components.
fn fit_line(members: &[Comp]) -> Option<TextLine> {
    let n = members.len() as f32;
    let mx = members.iter().map(Comp::cx).sum::<f32>() / n;
    let my = members.iter().map(Comp::cy).sum::<f32>() / n;
    let sxx: f32 = members.iter().map(|c| (c.cx() - mx).powi(2)).sum();
    let sxy: f32 = members.iter().map(|c| (c.cx() - mx) * (c.cy() - my)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let mut heights: Vec<f32> = members.iter().map(Comp::h).collect();
    heights.sort_by(f32::total_cmp);
    let h = heights[heights.len() * 3 / 4];
    let on = |x: f32| [x, my + slope * (x - mx)];
    Some(TextLine {
        slope,
        first: on(members[0].cx()),
        last: on(members[members.len() - 1].cx()),
        h,
        n: members.len(),
        centers: members.iter().map(|c| [c.cx(), c.cy()]).collect(),
    })
}

/// [`resize_triangle`] of an RGB image, channel by channel: the `image` crate's triangle resize
/// of it, pixel for pixel (each channel's sums are its own, over the same weights in the same
/// order), at a fraction of the cost (the generic resize of a selfie's face crop was 13 % of the
/// selfie check).
pub fn resize_triangle_rgb(img: &RgbImage, new_w: u32, new_h: u32) -> RgbImage {
    let (w, h) = img.dimensions();
    let channel = |c: usize| {
        let plane = GrayImage::from_fn(w, h, |x, y| image::Luma([img.get_pixel(x, y).0[c]]));
        resize_triangle(&plane, new_w, new_h)
    };
    let (r, g, b) = (channel(0), channel(1), channel(2));
    RgbImage::from_fn(new_w, new_h, |x, y| {
        image::Rgb([
            r.get_pixel(x, y).0[0],
            g.get_pixel(x, y).0[0],
            b.get_pixel(x, y).0[0],
        ])
    })
}

/// `image::imageops::resize` with `FilterType::Triangle`, pixel for pixel (the same weights, sums
/// in the same order, the same rounding), on one channel without per-pixel dispatch: the generic
/// one cost 9 % of a batch over the PassportEye images.
pub fn resize_triangle(gray: &GrayImage, new_w: u32, new_h: u32) -> GrayImage {
    let (w, h) = gray.dimensions();
    if (w, h) == (new_w, new_h) || w == 0 || h == 0 {
        return image::imageops::resize(gray, new_w, new_h, image::imageops::FilterType::Triangle);
    }
    let (w, h, new_w, new_h) = (w as usize, h as usize, new_w as usize, new_h as usize);
    let src = gray.as_raw();
    // vertical pass, then horizontal, as the `image` crate does; one output row at a time, so
    // that the vertical pass's scratch is one row, not the whole w × new_h (24 MB of f32 for a
    // 12 MP photo's barcode copy, alive in each photo's worker at a batch's peak). Every sum
    // runs over the same terms in the same order as before: the same pixels.
    let columns: Vec<(usize, Vec<f32>)> = (0..new_w)
        .map(|outx| triangle_weights(outx, w, new_w))
        .collect();
    let mut row = vec![0f32; w];
    let mut out = vec![0u8; new_w * new_h];
    for (outy, out_row) in out.chunks_exact_mut(new_w).enumerate() {
        let (top, ws) = triangle_weights(outy, h, new_h);
        for (x, t) in row.iter_mut().enumerate() {
            let mut acc = 0.0f32;
            for (i, wt) in ws.iter().enumerate() {
                acc += src[(top + i) * w + x] as f32 * wt;
            }
            *t = acc;
        }
        for (o, (left, ws)) in out_row.iter_mut().zip(&columns) {
            let mut acc = 0.0f32;
            for (i, wt) in ws.iter().enumerate() {
                acc += row[left + i] * wt;
            }
            *o = acc.clamp(0.0, 255.0).round() as u8;
        }
    }
    GrayImage::from_raw(new_w as u32, new_h as u32, out).expect("buffer sized to the image")
}

/// The first source index and normalised triangle weights for output index `out` when `len`
/// samples become `new_len` (the `image` crate's arithmetic).
fn triangle_weights(out: usize, len: usize, new_len: usize) -> (usize, Vec<f32>) {
    let ratio = len as f32 / new_len as f32;
    let sratio = if ratio < 1.0 { 1.0 } else { ratio };
    let support = sratio;
    let input = (out as f32 + 0.5) * ratio;
    let left = ((input - support).floor() as i64).clamp(0, len as i64 - 1);
    let right = ((input + support).ceil() as i64).clamp(left + 1, len as i64);
    let input = input - 0.5;
    let mut ws: Vec<f32> = (left..right)
        .map(|i| (1.0 - ((i as f32 - input) / sratio).abs()).max(0.0))
        .collect();
    let sum: f32 = ws.iter().sum();
    for wt in &mut ws {
        *wt /= sum;
    }
    (left as usize, ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A band of `lines` lines of `comps` components, each from x0 to x1 (10-px characters).
    fn shaped(lines: usize, comps: usize, x0: &[f32], x1: f32) -> Band {
        Band {
            along: [1.0, 0.0],
            lines: (0..lines)
                .map(|i| BandLine {
                    first: [x0[i.min(x0.len() - 1)], 100.0 + 15.0 * i as f32],
                    last: [x1, 100.0 + 15.0 * i as f32],
                    components: comps,
                    centers: Vec::new(),
                })
                .collect(),
            char_height: 10.0,
            score: 60.0,
        }
    }

    #[test]
    fn an_mrz_is_located_by_its_exact_shape_only() {
        let td1 = shaped(3, 30, &[20.0], 290.0).icao_shape().unwrap();
        assert_eq!((td1.label, td1.lines, td1.chars), ("TD1", 3, 30));
        assert_eq!(
            shaped(2, 44, &[20.0], 400.0).icao_shape().unwrap().label,
            "TD3 or MRV-A"
        );
        assert_eq!(
            shaped(2, 36, &[20.0], 400.0).icao_shape().unwrap().label,
            "TD2 or MRV-B"
        );
        // a character merged or lost on one line, a line missing, a line starting late
        assert_eq!(shaped(3, 29, &[20.0], 290.0).icao_shape(), None);
        assert_eq!(shaped(2, 30, &[20.0], 290.0).icao_shape(), None);
        assert_eq!(shaped(3, 30, &[20.0, 20.0, 45.0], 290.0).icao_shape(), None);
    }

    /// The same pixels as the `image` crate's triangle resize of an RGB image, channel by channel.
    #[test]
    fn resize_triangle_rgb_matches_image_crate() {
        let mut seed = 11u32;
        let img = RgbImage::from_fn(151, 97, |_, _| {
            let mut c = [0u8; 3];
            for v in &mut c {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                *v = (seed >> 16) as u8;
            }
            image::Rgb(c)
        });
        for (w, h) in [(160, 160), (60, 40), (151, 97), (300, 200), (1, 1)] {
            let ours = resize_triangle_rgb(&img, w, h);
            let theirs = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
            assert!(ours == theirs, "differs at {w}x{h}");
        }
    }

    /// The same pixels as the `image` crate's triangle resize, up and down, on a noisy image.
    #[test]
    fn resize_triangle_matches_image_crate() {
        let mut seed = 7u32;
        let img = GrayImage::from_fn(203, 117, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            image::Luma([(seed >> 16) as u8])
        });
        for (w, h) in [(1000, 576), (97, 55), (203, 300), (64, 117), (1, 1)] {
            let ours = resize_triangle(&img, w, h);
            let theirs = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
            assert!(ours == theirs, "differs at {w}x{h}");
        }
    }

    fn blocks(img: &mut GrayImage, x_start: i64, lines: u32) {
        for line in 0..lines {
            for i in 0..30i64 {
                let x0 = x_start + i * 22;
                let y0 = 100 + line as i64 * 40;
                for y in y0..y0 + 24 {
                    for x in x0.max(0)..(x0 + 14).max(0) {
                        if (x as u32) < img.width() {
                            img.put_pixel(x as u32, y as u32, image::Luma([20]));
                        }
                    }
                }
            }
        }
    }

    /// Two lines of blocks with room around them are inside the frame; the same lines started
    /// left of the image (cut by its edge) run into the left edge.
    #[test]
    fn a_band_cut_by_the_frame_runs_into_its_edge() {
        let mut inside = GrayImage::from_pixel(800, 300, image::Luma([230]));
        blocks(&mut inside, 40, 2);
        let b = &find_bands(&inside)[0];
        assert_eq!(b.frame_edge(800, 300), None);
        let mut cut = GrayImage::from_pixel(800, 300, image::Luma([230]));
        blocks(&mut cut, -7, 2);
        let bands = find_bands(&cut);
        assert_eq!(bands[0].frame_edge(800, 300), Some(FrameEdge::Left));
        // one line is not an MRZ's two or three
        let mut one = GrayImage::from_pixel(800, 300, image::Luma([230]));
        blocks(&mut one, -7, 1);
        assert!(find_bands(&one)
            .iter()
            .all(|b| b.frame_edge(800, 300).is_none()));
    }

    /// Two lines of 30 dark blocks each on white: one band of two lines.
    #[test]
    fn finds_two_lines_of_blocks() {
        let mut img = GrayImage::from_pixel(800, 300, image::Luma([230]));
        for line in 0..2 {
            for i in 0..30 {
                let x0 = 40 + i * 22;
                let y0 = 100 + line * 40;
                for y in y0..y0 + 24 {
                    for x in x0..x0 + 14 {
                        img.put_pixel(x, y, image::Luma([20]));
                    }
                }
            }
        }
        let bands = find_bands(&img);
        assert!(!bands.is_empty());
        let b = &bands[0];
        assert_eq!(b.lines.len(), 2);
        assert!(b.along[0].abs() > 0.99);
        assert!(b.lines.iter().all(|l| l.components == 30));
    }
}
