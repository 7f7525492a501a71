//! A portrait placeholder: the flat head-and-shoulders silhouette that templates, mock-ups and
//! "insert your photo here" pages print where the holder's photo goes. A document showing one
//! has no portrait at all (Sumsub `noIdDocFacePhoto`, Onfido `face_detection`), whatever the
//! detector says; and it is not a photo of anyone's real document.
//!
//! What is true of every such silhouette, and of no printed or photographed portrait:
//! - it is **flat**: one ink, so every pixel's 3×3 neighbourhood spans a few levels at most
//!   ([`FLAT_RANGE`]), while a photograph of a person has skin, hair and cloth texture and a
//!   camera adds noise;
//! - it is **one solid shape** (no holes: a face would be one; each line across it one run,
//!   [`ONE_RUN`]: not the surround of a head-shaped notch) whose width, read from the head
//!   towards the cut, grows from a rounded head ([`HEAD`]) through a neck, or at least a step
//!   ([`STEP`]), to shoulders that span the shape at its cut ([`SHOULDERS`]), the cut being
//!   straight (the photo frame's edge);
//! - it is the size of a portrait on the page ([`MIN_SHARE`]…[`MAX_SHARE`]).
//!
//! The page may lie in any of four ways (a booklet rectified sideways, a page upside down), so
//! the shape is read with its cut on each side of its box in turn.
//!
//! 1. Shrink the page to [`SIDE`] px (area average: what is flat stays flat, camera noise
//!    averages out).
//! 2. Mark flat pixels: the range of each channel over the 3×3 neighbourhood ≤ [`FLAT_RANGE`].
//! 3. Label the flat pixels' 8-connected blobs ([`crate::quality::blobs`]); keep those of a
//!    portrait's size that differ from the ring around them by ≥ [`CONTRAST`] levels.
//! 4. Read each blob's width profile along each of the four directions; a silhouette is a blob
//!    with no holes whose profile has a head, a step and shoulders.
//!
//! Calibration (the fixtures and the tuning part of `realdata`, on every page where the search
//! runs: no face found). Silhouettes (the 8 `mockup-*` fixtures): share 0.020–0.057, contrast
//! 46.6–204.5, one run across 0.90–0.99 of the lines, symmetry 0.88–0.97. Blobs whose profile
//! passes [`HEAD`], [`STEP`], [`SHOULDERS`], [`ROUND_TOP`] and [`ASPECT`] but are not
//! silhouettes: 30 on the other fixtures (the surround of a drawn portrait's head, open at the
//! cut: one run across at most 0.12 of the lines), none on the tuning part. Held out, measured
//! after: the mock-up `passport75` (share 0.029, contrast 129.8, one run 0.95, symmetry 0.96) is
//! found and nothing else is; a held-out specimen's dark hair in a low-resolution scan
//! (`Malta_BAD`: one run 0.98, symmetry 0.37–0.54) was found by the first draft, which had no
//! symmetry test: that is why [`SYMMETRY`] exists (issue 12's closing note, stop 33).

use crate::quality::blobs::{blobs, Blob};
use image::RgbImage;

/// Long side, px, of the copy of the page the silhouette is looked for on: the face search's
/// scale ([`super::portrait::PAGE_DETECT_SIDE`]), at which a passport page's portrait is ~160 px.
pub const SIDE: u32 = 640;

/// A pixel is flat when each channel spans at most this many levels over its 3×3 neighbourhood
/// on the [`SIDE`] copy (3 % of the range: one ink under a phone camera's noise, averaged by the
/// shrink). Set once, not tuned: with it each of the 8 `mockup-*` fixtures' silhouettes (the
/// generator's camera noise and JPEG) comes out as one blob, with specks of noise inside filled
/// as holes.
pub const FLAT_RANGE: u8 = 8;

/// A silhouette covers this share of the page at least, and at most [`MAX_SHARE`]: a portrait
/// area is 14 % of a passport page (32 × 42 mm of 125 × 88) and 17 % of a card's front, the
/// silhouette 40–75 % of it, and an open booklet halves it: 2.5–13 %; the bounds leave a
/// factor of three below and above.
pub const MIN_SHARE: f32 = 0.008;
/// See [`MIN_SHARE`].
pub const MAX_SHARE: f32 = 0.3;

/// The silhouette's mean differs from the ring of pixels just outside it by this many levels at
/// least (the largest channel difference): it is printed, not a shade of the paper. Fixture
/// silhouettes: 46.6 and over; half of that, rounded.
pub const CONTRAST: f32 = 25.0;

/// The head's width, as a share of the box's width, lies in this range.
pub const HEAD: (f32, f32) = (0.25, 0.75);

/// The rows at the cut (its last fifth) cover at least this share of the box's width: the
/// shoulders span the photo frame.
pub const SHOULDERS: f32 = 0.7;

/// The step to the shoulders: between a head row and the cut, the profile falls below the
/// straight line from the head's width to the cut's by at least this share of the box's width
/// somewhere (a neck, or the head's sides before the shoulders widen the shape). A triangle or
/// a trapezoid (a logo, a roof) widens along that line and has no step.
pub const STEP: f32 = 0.12;

/// The first twelfth of the profile (the crown) is at most this share of the head's width: the
/// head is rounded, not a bar or a stem.
pub const ROUND_TOP: f32 = 0.75;

/// At least this share of the lines across the head-to-cut direction cross the blob in one run
/// (the rest: ragged edges on a shrunk photo). Fixture silhouettes 0.90–0.99, the surrounds of
/// drawn heads at most 0.12.
pub const ONE_RUN: f32 = 0.85;

/// The blob and its mirror image about its axis overlap by at least this much (intersection
/// over union). Fixture silhouettes 0.88–0.97 (their heads drawn up to 3 % off the middle).
pub const SYMMETRY: f32 = 0.8;

/// Length along the head-to-cut direction over width: a portrait's proportions (head and
/// shoulders, 35 × 45 mm photos cropped in any way), not a band or a bar.
pub const ASPECT: (f32, f32) = (0.6, 1.8);

/// A silhouette found on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Silhouette {
    /// `[x, y, w, h]` in pixels of the page given.
    pub rect: [u32; 4],
    /// Its share of the page's area.
    pub share: f32,
}

/// The largest placeholder silhouette on `page`, if any.
pub fn find(page: &RgbImage) -> Option<Silhouette> {
    let (pw, ph) = page.dimensions();
    if pw < 8 || ph < 8 {
        return None;
    }
    // 1.
    let small = crate::document::downscale(page, SIDE);
    let (w, h) = (small.width() as usize, small.height() as usize);
    let k = pw as f32 / w as f32;
    // 2.
    let mask = flat_mask(&small);
    // 3.
    let n = (w * h) as f32;
    let mut best: Option<Silhouette> = None;
    for b in blobs(&mask, w, h) {
        let share = b.members.len() as f32 / n;
        if !(MIN_SHARE..=MAX_SHARE).contains(&share) {
            continue;
        }
        if ring_contrast(&small, &b) < CONTRAST || !is_silhouette(&b, w) {
            continue;
        }
        if best.is_none_or(|s| s.share < share) {
            let r = |v: usize| (v as f32 * k).round() as u32;
            best = Some(Silhouette {
                rect: [r(b.x0), r(b.y0), r(b.x1 + 1 - b.x0), r(b.y1 + 1 - b.y0)],
                share,
            });
        }
    }
    best
}

/// Step 2: pixels whose every channel spans at most [`FLAT_RANGE`] over the 3×3 neighbourhood
/// (clipped at the border), row-major.
fn flat_mask(img: &RgbImage) -> Vec<bool> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let raw = img.as_raw();
    // per channel, the 3-wide row min and max, then the 3-tall column min and max of those
    let mut lo = vec![[0u8; 3]; w * h];
    let mut hi = vec![[0u8; 3]; w * h];
    for y in 0..h {
        for x in 0..w {
            let (a, b) = (x.saturating_sub(1), (x + 1).min(w - 1));
            let mut l = [255u8; 3];
            let mut m = [0u8; 3];
            for xx in a..=b {
                let p = &raw[(y * w + xx) * 3..(y * w + xx) * 3 + 3];
                for c in 0..3 {
                    l[c] = l[c].min(p[c]);
                    m[c] = m[c].max(p[c]);
                }
            }
            lo[y * w + x] = l;
            hi[y * w + x] = m;
        }
    }
    let mut out = vec![false; w * h];
    for y in 0..h {
        let (a, b) = (y.saturating_sub(1), (y + 1).min(h - 1));
        for x in 0..w {
            let mut l = [255u8; 3];
            let mut m = [0u8; 3];
            for yy in a..=b {
                for c in 0..3 {
                    l[c] = l[c].min(lo[yy * w + x][c]);
                    m[c] = m[c].max(hi[yy * w + x][c]);
                }
            }
            out[y * w + x] = (0..3).all(|c| m[c] - l[c] <= FLAT_RANGE);
        }
    }
    out
}

/// Pixels between the blob and its ring are skipped: the edge's blur on the [`SIDE`] copy (the
/// camera's softness and the shrink) spans a few pixels that are neither ink nor surround.
const RING_GAP: usize = 3;
/// Width of the ring, px.
const RING: usize = 3;

/// The largest channel difference between a blob's mean and the mean of its ring: the pixels
/// [`RING_GAP`] + 1 to [`RING_GAP`] + [`RING`] px (Chebyshev) outside it.
fn ring_contrast(img: &RgbImage, b: &Blob) -> f32 {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let pad = RING_GAP + RING;
    let (bw, bh) = (b.x1 + 1 - b.x0 + 2 * pad, b.y1 + 1 - b.y0 + 2 * pad);
    // distance to the blob within the padded box, by two passes of a 3×3 max (dilation)
    let mut dist = vec![u8::MAX; bw * bh];
    for &i in &b.members {
        let (x, y) = (i % w, i / w);
        dist[(y + pad - b.y0) * bw + (x + pad - b.x0)] = 0;
    }
    for d in 1..=pad as u8 {
        let prev = dist.clone();
        for y in 0..bh {
            for x in 0..bw {
                if prev[y * bw + x] != u8::MAX {
                    continue;
                }
                let near = (y.saturating_sub(1)..(y + 2).min(bh)).any(|yy| {
                    (x.saturating_sub(1)..(x + 2).min(bw)).any(|xx| prev[yy * bw + xx] == d - 1)
                });
                if near {
                    dist[y * bw + x] = d;
                }
            }
        }
    }
    let mut sum_in = [0f64; 3];
    for &i in &b.members {
        let p = img.get_pixel((i % w) as u32, (i / w) as u32).0;
        for c in 0..3 {
            sum_in[c] += p[c] as f64;
        }
    }
    let mut sum_ring = [0f64; 3];
    let mut n_ring = 0usize;
    for by in 0..bh {
        for bx in 0..bw {
            let d = dist[by * bw + bx] as usize;
            if d <= RING_GAP || d > pad {
                continue;
            }
            let (x, y) = (
                (bx + b.x0) as isize - pad as isize,
                (by + b.y0) as isize - pad as isize,
            );
            if x < 0 || y < 0 || x >= w as isize || y >= h as isize {
                continue;
            }
            let p = img.get_pixel(x as u32, y as u32).0;
            for c in 0..3 {
                sum_ring[c] += p[c] as f64;
            }
            n_ring += 1;
        }
    }
    if n_ring == 0 {
        return 0.0;
    }
    let n_in = b.members.len() as f64;
    (0..3)
        .map(|c| (sum_in[c] / n_in - sum_ring[c] / n_ring as f64).abs() as f32)
        .fold(0.0, f32::max)
}

/// Step 4: a solid blob (no holes) whose width profile, read from some side of its box towards
/// the opposite one (the cut), is a head, a neck and shoulders.
fn is_silhouette(b: &Blob, w: usize) -> bool {
    let (bw, bh) = (b.x1 + 1 - b.x0, b.y1 + 1 - b.y0);
    let mut grid = vec![false; bw * bh];
    for &i in &b.members {
        grid[(i / w - b.y0) * bw + (i % w - b.x0)] = true;
    }
    // specks of noise inside the ink are not flat: filled, unless they add up to a real hole
    if fill_holes(&mut grid, bw, bh) * 50 > b.members.len() {
        return false;
    }
    // widths along each direction: rows counted top→bottom (cut at the bottom), bottom→top,
    // columns left→right (cut at the right), right→left
    let rows: Vec<f32> = (0..bh)
        .map(|y| grid[y * bw..(y + 1) * bw].iter().filter(|&&v| v).count() as f32)
        .collect();
    let cols: Vec<f32> = (0..bw)
        .map(|x| (0..bh).filter(|&y| grid[y * bw + x]).count() as f32)
        .collect();
    // a silhouette is one run across each line (head, neck and shoulders are convex that way);
    // the surround of a head-shaped notch is two runs, left and right of it
    let one_run = |line: &mut dyn Iterator<Item = bool>| {
        let (mut runs, mut prev) = (0, false);
        for v in line {
            if v && !prev {
                runs += 1;
            }
            prev = v;
        }
        runs <= 1
    };
    let rows_single = (0..bh)
        .filter(|&y| one_run(&mut grid[y * bw..(y + 1) * bw].iter().copied()))
        .count();
    let cols_single = (0..bw)
        .filter(|&x| one_run(&mut (0..bh).map(|y| grid[y * bw + x])))
        .count();
    // and it is mirror-symmetric about its axis (the head over the middle of the shoulders): a
    // drawn avatar is; hair, a shadow or a blot is not
    let n = grid.iter().filter(|&&v| v).count().max(1) as f32;
    let (sx, sy) = grid
        .iter()
        .enumerate()
        .filter(|(_, &v)| v)
        .fold((0.0, 0.0), |a, (i, _)| {
            (a.0 + (i % bw) as f32, a.1 + (i / bw) as f32)
        });
    let (cx, cy) = (sx / n, sy / n);
    let mirrored = |vertical: bool| {
        let mut both = 0usize;
        for (i, _) in grid.iter().enumerate().filter(|(_, &v)| v) {
            let (x, y) = ((i % bw) as f32, (i / bw) as f32);
            let (mx, my) = if vertical {
                (2.0 * cx - x, y)
            } else {
                (x, 2.0 * cy - y)
            };
            let (mx, my) = (mx.round(), my.round());
            if mx >= 0.0
                && my >= 0.0
                && (mx as usize) < bw
                && (my as usize) < bh
                && grid[my as usize * bw + mx as usize]
            {
                both += 1;
            }
        }
        both as f32 / (2.0 * n - both as f32)
    };
    let (sym_rows, sym_cols) = (mirrored(true), mirrored(false));
    let rev = |v: &[f32]| v.iter().rev().copied().collect::<Vec<f32>>();
    let across_rows = rows_single as f32 >= ONE_RUN * bh as f32 && sym_rows >= SYMMETRY;
    let across_cols = cols_single as f32 >= ONE_RUN * bw as f32 && sym_cols >= SYMMETRY;
    [
        (across_rows, rows.clone(), bw),
        (across_rows, rev(&rows), bw),
        (across_cols, cols.clone(), bh),
        (across_cols, rev(&cols), bh),
    ]
    .iter()
    .any(|(convex, p, across)| *convex && head_neck_shoulders(p, *across as f32))
}

/// Sets the blob's holes (pixels of the box not in it and not reachable from the box's border
/// through such pixels, 4-connected) and returns how many there were.
fn fill_holes(grid: &mut [bool], w: usize, h: usize) -> usize {
    let mut seen = vec![false; w * h];
    let mut stack: Vec<usize> = Vec::new();
    for x in 0..w {
        stack.push(x);
        stack.push((h - 1) * w + x);
    }
    for y in 0..h {
        stack.push(y * w);
        stack.push(y * w + w - 1);
    }
    while let Some(i) = stack.pop() {
        if grid[i] || seen[i] {
            continue;
        }
        seen[i] = true;
        let (x, y) = (i % w, i / w);
        if x > 0 {
            stack.push(i - 1);
        }
        if x + 1 < w {
            stack.push(i + 1);
        }
        if y > 0 {
            stack.push(i - w);
        }
        if y + 1 < h {
            stack.push(i + w);
        }
    }
    let mut n = 0;
    for i in 0..w * h {
        if !grid[i] && !seen[i] {
            grid[i] = true;
            n += 1;
        }
    }
    n
}

/// A width profile `p` (from the head's end to the cut) over a box `across` wide is a head, a
/// neck (or a step) and shoulders: see [`HEAD`], [`STEP`], [`SHOULDERS`], [`ASPECT`].
fn head_neck_shoulders(p: &[f32], across: f32) -> bool {
    let len = p.len();
    if len < 12 || across < 8.0 {
        return false;
    }
    let aspect = len as f32 / across;
    if !(ASPECT.0..=ASPECT.1).contains(&aspect) {
        return false;
    }
    let tail = &p[len - len / 5..];
    let shoulders = tail.iter().sum::<f32>() / tail.len() as f32 / across;
    if shoulders < SHOULDERS {
        return false;
    }
    // the head: any row in the first 70 % whose width is a head's (HEAD) and from which the
    // profile's top is rounded (the first twelfth narrower); the step: how far the profile then
    // falls below the straight line from that row to the cut's width
    let cut = len - len / 5;
    let top = p[..(len / 12).max(1)].iter().sum::<f32>() / (len / 12).max(1) as f32;
    let mut step = 0.0f32;
    for i in 0..len * 7 / 10 {
        let head = p[i];
        if !(HEAD.0..=HEAD.1).contains(&(head / across)) || top > ROUND_TOP * head {
            continue;
        }
        for j in i..cut {
            let t = (j - i) as f32 / (cut - i) as f32;
            step = step.max((head + t * (p[cut] - head) - p[j]) / across);
        }
    }
    step >= STEP
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A head (disc), neck and shoulders (half ellipse cut by the bottom) in `ink` on `paper`.
    fn silhouette(w: u32, h: u32, ink: [u8; 3], paper: [u8; 3]) -> RgbImage {
        let mut img = RgbImage::from_pixel(w, h, Rgb(paper));
        let (cx, top) = (w as f32 / 2.0, h as f32 * 0.2);
        let s = h as f32 * 0.35; // height of the portrait frame part used
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                let head = ((fx - cx) / (0.2 * s)).powi(2)
                    + ((fy - top - 0.3 * s) / (0.27 * s)).powi(2)
                    <= 1.0;
                let neck =
                    (fx - cx).abs() <= 0.09 * s && fy >= top + 0.45 * s && fy <= top + 0.7 * s;
                let sh = ((fx - cx) / (0.5 * s)).powi(2) + ((fy - top - s) / (0.3 * s)).powi(2)
                    <= 1.0
                    && fy <= top + s;
                if head || neck || sh {
                    img.put_pixel(x, y, Rgb(ink));
                }
            }
        }
        img
    }

    #[test]
    fn a_flat_silhouette_is_found() {
        let img = silhouette(400, 300, [110, 112, 108], [240, 236, 238]);
        let s = find(&img).expect("a silhouette");
        assert!(s.share > 0.02 && s.share < 0.2, "{s:?}");
    }

    #[test]
    fn a_silhouette_is_found_lying_in_any_of_four_ways() {
        let img = silhouette(400, 300, [40, 40, 60], [230, 230, 230]);
        for turned in [
            image::imageops::rotate90(&img),
            image::imageops::rotate180(&img),
            image::imageops::rotate270(&img),
        ] {
            assert!(find(&turned).is_some());
        }
    }

    #[test]
    fn a_textured_silhouette_is_not_flat() {
        // the same shape with texture over ±12 levels (a photograph's skin, cloth and noise)
        let mut img = silhouette(400, 300, [110, 112, 108], [240, 236, 238]);
        for (x, y, p) in img.enumerate_pixels_mut() {
            if p.0[0] < 200 {
                let t = ((x * 7 + y * 13) % 25) as i16 - 12;
                for c in p.0.iter_mut() {
                    *c = (*c as i16 + t).clamp(0, 255) as u8;
                }
            }
        }
        assert_eq!(find(&img), None);
    }

    #[test]
    fn flat_shapes_that_are_not_a_head_and_shoulders_are_not_silhouettes() {
        // a rectangle (a colour band), a disc (a seal), and a ring (a hole in the middle)
        let mut img = RgbImage::from_pixel(400, 300, Rgb([235, 235, 235]));
        for y in 40..120 {
            for x in 40..160 {
                img.put_pixel(x, y, Rgb([90, 30, 30]));
            }
        }
        for y in 0..300u32 {
            for x in 0..400u32 {
                let d = ((x as f32 - 290.0).powi(2) + (y as f32 - 200.0).powi(2)).sqrt();
                if d < 60.0 && d > 20.0 {
                    img.put_pixel(x, y, Rgb([30, 30, 90]));
                }
            }
        }
        assert_eq!(find(&img), None);
    }

    #[test]
    fn a_silhouette_without_a_neck_is_found() {
        // the head's lower half sunk into the shoulders: no neck shows, only the step
        let mut img = RgbImage::from_pixel(400, 300, Rgb([244, 242, 236]));
        for y in 0..300u32 {
            for x in 0..400u32 {
                let (fx, fy) = (x as f32, y as f32);
                let head = ((fx - 150.0) / 30.0).powi(2) + ((fy - 110.0) / 38.0).powi(2) <= 1.0;
                let sh = ((fx - 150.0) / 75.0).powi(2) + ((fy - 230.0) / 90.0).powi(2) <= 1.0
                    && fy <= 220.0;
                if head || sh {
                    img.put_pixel(x, y, Rgb([70, 70, 72]));
                }
            }
        }
        assert!(find(&img).is_some());
    }

    #[test]
    fn a_triangle_has_no_step_to_shoulders() {
        // a flat mountain or roof: narrow top, full base, but it widens evenly
        let mut img = RgbImage::from_pixel(400, 300, Rgb([244, 242, 236]));
        for y in 60..220u32 {
            let half = (y - 60) as f32 * 0.5;
            for x in 0..400u32 {
                if (x as f32 - 150.0).abs() <= half {
                    img.put_pixel(x, y, Rgb([70, 70, 72]));
                }
            }
        }
        assert_eq!(find(&img), None);
    }

    #[test]
    fn a_pale_silhouette_on_the_paper_is_not_contrasted_enough() {
        let img = silhouette(400, 300, [228, 226, 228], [240, 236, 238]);
        assert_eq!(find(&img), None);
    }

    #[test]
    fn tiny_pages_have_no_silhouette() {
        assert_eq!(find(&RgbImage::new(0, 0)), None);
        assert_eq!(find(&RgbImage::new(5, 400)), None);
    }
}
