//! Step 2 of the outline search: thinned colour edges (Sobel on each channel, the strongest
//! channel per pixel, non-maximum suppression) and the blur before them.

use super::*;

/// Thinned colour edges of the working copy.
pub(super) struct Edges {
    pub(super) w: usize,
    pub(super) h: usize,
    /// Gradient direction in radians, [0, π), for edge pixels; NaN elsewhere.
    pub(super) angle: Vec<f32>,
    /// Gradient magnitude, grey levels per px.
    pub(super) mag: Vec<f32>,
    /// Per pixel, a bit for each of 8 direction bins (22.5° each) present within 3 px (a line ±0.4° off
    /// drifts 3 px over a 500 px side).
    pub(super) near: Vec<u8>,
}

pub(super) const BINS: f32 = 8.0;

pub(super) fn bin_of(angle: f32) -> u8 {
    ((angle / std::f32::consts::PI * BINS) as i32).rem_euclid(BINS as i32) as u8
}

impl Edges {
    pub(super) fn of(img: &RgbImage) -> Edges {
        let (w, h) = (img.width() as usize, img.height() as usize);
        // 1. blurred planes (split in one pass)
        let planes: Vec<Vec<f32>> = (0..3)
            .map(|c| {
                let plane: Vec<f32> = img
                    .as_raw()
                    .chunks_exact(3)
                    .map(|px| px[c] as f32)
                    .collect();
                blur(&plane, w, h, BLUR_SIGMA)
            })
            .collect();
        // 2. strongest channel's Sobel gradient: the channel with the largest squared magnitude
        //    (the first of equals), one square root per pixel
        let mut gx = vec![0f32; w * h];
        let mut gy = vec![0f32; w * h];
        let mut mag = vec![0f32; w * h];
        let mut best = vec![0f32; w];
        for y in 1..h.saturating_sub(1) {
            best.iter_mut().for_each(|b| *b = 0.0);
            let (gxr, gyr) = (&mut gx[y * w..(y + 1) * w], &mut gy[y * w..(y + 1) * w]);
            // columns 1..w−1 as slices of one length, and a select by bit mask instead of a
            // branch, so that the compiler vectorises the loop (the same arithmetic, in the same
            // order; a plain `if` select was compiled back into a branch)
            let n = w.saturating_sub(2);
            let (bs, gxs, gys) = (&mut best[1..1 + n], &mut gxr[1..1 + n], &mut gyr[1..1 + n]);
            for p in &planes {
                let row = |r: usize, dx: usize| &p[r * w + dx..r * w + dx + n];
                let (ul, uc, ur) = (row(y - 1, 0), row(y - 1, 1), row(y - 1, 2));
                let (ml, mr) = (row(y, 0), row(y, 2));
                let (dl, dc, dr) = (row(y + 1, 0), row(y + 1, 1), row(y + 1, 2));
                for i in 0..n {
                    let sx = (ur[i] + 2.0 * mr[i] + dr[i]) - (ul[i] + 2.0 * ml[i] + dl[i]);
                    let sy = (dl[i] + 2.0 * dc[i] + dr[i]) - (ul[i] + 2.0 * uc[i] + ur[i]);
                    let q = sx * sx + sy * sy;
                    let keep = u32::from(q > bs[i]).wrapping_neg();
                    let pick = |new: f32, old: f32| {
                        f32::from_bits((new.to_bits() & keep) | (old.to_bits() & !keep))
                    };
                    bs[i] = pick(q, bs[i]);
                    gxs[i] = pick(sx, gxs[i]);
                    gys[i] = pick(sy, gys[i]);
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
        // each kept pixel's direction bit, spread over its 7 × 7 neighbourhood afterwards
        let mut bits = vec![0u8; w * h];
        crate::par::halves2(&mut angle, &mut bits, w, w, |first, angle, bits| {
            let end = first + angle.len() / w.max(1);
            for y in first.max(3)..end.min(h.saturating_sub(3)) {
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
                    angle[i - first * w] = a;
                    bits[i - first * w] = 1u8 << bin_of(a);
                }
            }
        });
        let near = dilate3(&bits, w, h);
        Edges {
            w,
            h,
            angle,
            mag,
            near,
        }
    }

    /// Whether (x, y) lies within 3 px of an edge whose direction is within one bin of `bin`.
    pub(super) fn backs(&self, x: f32, y: f32, bin: u8) -> bool {
        // round half up: x, y ≥ 0 here (a cast saturates anything below to 0, as `round` would)
        let (xi, yi) = ((x + 0.5) as usize, (y + 0.5) as usize);
        let m = self.near[yi * self.w + xi];
        let b = bin as i32;
        let mask = (1u8 << b) | (1u8 << (b + 1).rem_euclid(8)) | (1u8 << (b - 1).rem_euclid(8));
        m & mask != 0
    }
}

/// Each pixel's bits OR-ed over the 7 × 7 square around it (clipped at the borders): a
/// horizontal pass of 7 then a vertical one, whole rows at a time, rather than painting a square
/// round every edge pixel (the same result at a fraction of the cost).
fn dilate3(bits: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut across = vec![0u8; w * h];
    for (src, dst) in bits.chunks_exact(w).zip(across.chunks_exact_mut(w)) {
        for d in -3isize..=3 {
            // dst[x] |= src[x + d] wherever both exist
            let (from, to) = if d < 0 {
                (0, (-d) as usize)
            } else {
                (d as usize, 0)
            };
            let n = w.saturating_sub(d.unsigned_abs());
            for (o, &v) in dst[to..to + n].iter_mut().zip(&src[from..from + n]) {
                *o |= v;
            }
        }
    }
    let mut near = vec![0u8; w * h];
    for y in 0..h {
        let dst = &mut near[y * w..(y + 1) * w];
        for yy in y.saturating_sub(3)..(y + 4).min(h) {
            for (o, &v) in dst.iter_mut().zip(&across[yy * w..(yy + 1) * w]) {
                *o |= v;
            }
        }
    }
    near
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
    crate::par::halves(&mut tmp, w, |first, rows| {
        for (y, out) in (first..).zip(rows.chunks_exact_mut(w)) {
            let row = &p[y * w..(y + 1) * w];
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
    });
    // 2. Vertical pass, a whole row at a time: out[y] = Σ k[t] · tmp[clamp(y + t − r)].
    let mut out = vec![0f32; w * h];
    crate::par::halves(&mut out, w, |first, rows| {
        for (y, dst) in (first..).zip(rows.chunks_exact_mut(w)) {
            for (t, kv) in k.iter().enumerate() {
                let yy = (y as isize + t as isize - r).clamp(0, h as isize - 1) as usize;
                let src = &tmp[yy * w..(yy + 1) * w];
                for (d, v) in dst.iter_mut().zip(src) {
                    *d += kv * v;
                }
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edge pixels lie on the card's border with the border's direction; none inside the card.
    #[test]
    fn edges_of_a_card_lie_on_its_border_across_it() {
        let e = Edges::of(&super::super::tests::pale_card_on_dark_desk());
        let at = |x: usize, y: usize| (e.angle[y * e.w + x], e.mag[y * e.w + x]);
        // left side (x = 99.5): a horizontal gradient, angle 0 (mod π)
        let left = (98..=101).find_map(|x| {
            let (a, m) = at(x, 143);
            (!a.is_nan()).then_some((a, m))
        });
        let (a, m) = left.expect("an edge pixel on the left side");
        assert!(a.min(std::f32::consts::PI - a) < 0.1, "angle {a}");
        assert!(m > MIN_GRADIENT, "magnitude {m}");
        // top side (y = 79.5): a vertical gradient, angle π/2
        let top = (78..=81).find_map(|y| {
            let (a, _) = at(200, y);
            (!a.is_nan()).then_some(a)
        });
        let a = top.expect("an edge pixel on the top side");
        assert!((a - std::f32::consts::FRAC_PI_2).abs() < 0.1, "angle {a}");
        // bottom side (y = 205.5), in the half of the rows thinned on the second thread
        let bottom = (204..=207).find_map(|y| {
            let (a, _) = at(200, y);
            (!a.is_nan()).then_some(a)
        });
        let a = bottom.expect("an edge pixel on the bottom side");
        assert!((a - std::f32::consts::FRAC_PI_2).abs() < 0.1, "angle {a}");
        // the card's inside and the desk are flat
        assert!(at(200, 143).0.is_nan());
        assert!(at(30, 30).0.is_nan());
    }

    #[test]
    fn blur_matches_the_plain_clamped_convolution() {
        // large enough for both passes to be split between two threads (`crate::par`)
        let (w, h, sigma) = (300usize, 230usize, 1.2f32);
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

    /// The separable dilation equals painting the 7 × 7 square round each marked pixel
    /// (clipped at the borders).
    #[test]
    fn dilation_matches_painting_a_square_round_each_bit() {
        let (w, h) = (19usize, 13usize);
        let bits: Vec<u8> = (0..w * h)
            .map(|i| {
                if (i * 7919) % 23 == 0 {
                    1u8 << (i % 8)
                } else {
                    0
                }
            })
            .collect();
        let mut painted = vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let b = bits[y * w + x];
                for yy in y.saturating_sub(3)..(y + 4).min(h) {
                    for xx in x.saturating_sub(3)..(x + 4).min(w) {
                        painted[yy * w + xx] |= b;
                    }
                }
            }
        }
        assert_eq!(dilate3(&bits, w, h), painted);
    }
}
