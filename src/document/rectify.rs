//! Rectifying the document: a perspective warp of its quadrilateral to an upright rectangle of
//! the document's own proportions, at a fixed number of pixels per millimetre.
//!
//! 1. Choose the size: [`CANONICAL_PX_PER_MM`] × the shape's size in mm (landscape).
//! 2. When the document is held sideways in the photo (long side vertical), start the outline at
//!    the corner that makes the long side the top edge.
//! 3. When the photo has more than twice the pixels per mm needed, shrink it by an integer factor
//!    first (box filter over k×k blocks), so the bilinear warp does not alias fine print into false sharpness.
//! 4. Warp with [`imageproc::geometric_transformations::Projection`]; pixels from outside the
//!    frame (a corner cut off) are black.

use super::{dist, Detected};
use image::RgbImage;
use imageproc::geometric_transformations::Projection;

/// Pixels per mm of the rectified document: a passport page becomes 1000 × 704 px, a card
/// 685 × 432 px. 8 px/mm (203 dpi) resolves the fixture blur boundary (σ 0.10–0.20 mm = 0.8–1.6 px)
/// and is what most fixture photos provide (1000 px over 125 mm).
pub const CANONICAL_PX_PER_MM: f32 = 8.0;

/// The rectified size at `px_per_mm` for the document's shape, landscape.
pub fn canonical_size(d: &Detected, px_per_mm: f32) -> (u32, u32) {
    let (wmm, hmm) = d.size_mm();
    (
        ((wmm * px_per_mm).round() as u32).max(8),
        ((hmm * px_per_mm).round() as u32).max(8),
    )
}

/// The document rectified at [`CANONICAL_PX_PER_MM`].
pub fn rectify(image: &RgbImage, d: &Detected) -> RgbImage {
    rectify_at(image, d, CANONICAL_PX_PER_MM)
}

/// The document rectified at `px_per_mm` (see the module documentation).
pub fn rectify_at(image: &RgbImage, d: &Detected, px_per_mm: f32) -> RgbImage {
    let (w, h) = canonical_size(d, px_per_mm);
    // 2. long side on top
    let c = if d.landscape() {
        d.corners
    } else {
        [d.corners[3], d.corners[0], d.corners[1], d.corners[2]]
    };
    // 3. integer pre-shrink
    let native = d.long_side_px() / d.size_mm().0;
    let k = (native / px_per_mm).floor().max(1.0) as u32;
    let shrunk;
    let (src, c) = if k >= 2 {
        shrunk = shrink(image, k);
        let (sw, sh) = shrunk.dimensions();
        let fx = sw as f32 / image.width() as f32;
        let fy = sh as f32 / image.height() as f32;
        (&shrunk, c.map(|p| [p[0] * fx, p[1] * fy]))
    } else {
        (image, c)
    };
    let mut out = RgbImage::new(w, h);
    let (wf, hf) = (w as f32, h as f32);
    let from = c.map(|p| (p[0], p[1]));
    let to = [(0.0, 0.0), (wf, 0.0), (wf, hf), (0.0, hf)];
    if dist(c[0], c[2]) < 1.0 {
        return out;
    }
    if let Some(p) = Projection::from_control_points(to, from) {
        warp_bilinear(src, &p, &mut out);
    }
    out
}

/// Fills `out` by sampling `src` bilinearly at `to_src × (x, y)` for every output pixel (x, y),
/// black where the sample falls outside `src`.
///
/// The same arithmetic as `imageproc::geometric_transformations::warp_into` with
/// `Interpolation::Bilinear` (pixel centres at integer coordinates, each row blend truncated to
/// u8 before the column blend) and so the same pixels (tested): it is written for RGB bytes, with
/// no per-pixel library calls (`floor` is a cast once the sample is known to be non-negative),
/// and on x86-64 the three channels of a pixel are blended at once in SSE2 lanes ([`Bilinear`]).
fn warp_bilinear(src: &RgbImage, to_src: &Projection, out: &mut RgbImage) {
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let raw = src.as_raw();
    let stride = sw * 3;
    let width = out.width() as usize;
    crate::par::halves(out, width * 3, |first, rows| {
        // the sample positions of a row are computed before its blends: the two loops apart
        // run faster than one
        let mut at = vec![(0f32, 0f32); width];
        for (row, y) in rows.chunks_exact_mut(width * 3).zip(first..) {
            for (a, x) in at.iter_mut().zip(0..) {
                *a = *to_src * (x as f32, y as f32);
            }
            for (px, &(fx, fy)) in row.chunks_exact_mut(3).zip(&at) {
                // out of bounds (or NaN) unless both neighbours exist on both axes
                if !(fx >= 0.0 && fy >= 0.0) {
                    continue;
                }
                let (left, top) = (fx as usize, fy as usize);
                if left + 1 >= sw || top + 1 >= sh {
                    continue;
                }
                let (rw, bw) = (fx - left as f32, fy - top as f32);
                let i = top * stride + left * 3;
                px.copy_from_slice(&Bilinear::blend(raw, i, stride, rw, bw));
            }
        }
    });
}

/// The bilinear blend of one RGB pixel: the 2 × 2 neighbours from byte `i` (top left) of `raw`,
/// rows `stride` bytes apart, weighted `rw` towards the right and `bw` towards the bottom; each
/// row's blend truncated to a whole level first, as imageproc does.
struct Bilinear;

impl Bilinear {
    /// One channel, in `f32` as imageproc computes it.
    fn channel(tl: u8, tr: u8, bl: u8, br: u8, rw: f32, bw: f32) -> u8 {
        // `as u8` truncates into 0–255 exactly as imageproc's `Clamp<f32> for u8` does (the
        // values are never NaN here)
        let blend = |u: f32, v: f32, w: f32| ((1.0 - w) * u + w * v) as u8 as f32;
        let (top, bottom) = (
            blend(tl as f32, tr as f32, rw),
            blend(bl as f32, br as f32, rw),
        );
        ((1.0 - bw) * top + bw * bottom) as u8
    }

    fn scalar(raw: &[u8], i: usize, stride: usize, rw: f32, bw: f32) -> [u8; 3] {
        let j = i + stride;
        std::array::from_fn(|c| {
            Self::channel(
                raw[i + c],
                raw[i + 3 + c],
                raw[j + c],
                raw[j + 3 + c],
                rw,
                bw,
            )
        })
    }

    #[cfg(not(target_arch = "x86_64"))]
    fn blend(raw: &[u8], i: usize, stride: usize, rw: f32, bw: f32) -> [u8; 3] {
        Self::scalar(raw, i, stride, rw, bw)
    }

    /// [`Self::scalar`] with the channels in SSE2 lanes (part of every x86-64 CPU): the same
    /// IEEE operations in the same order per lane (multiplies and adds, no fused multiply-add),
    /// truncations by `cvttps2dq` (exact: a row blend lies in 0–255.x, never negative), and the
    /// final saturation to 0–255 by the packs. With a row's positions computed first, a
    /// 1000 × 704 page from a 2100 × 1400 photo took 21 ms in scalar code, 9.5 ms so
    /// (`warp_bilinear`, one thread); each neighbour's two pixels come in one 8-byte load.
    #[cfg(target_arch = "x86_64")]
    fn blend(raw: &[u8], i: usize, stride: usize, rw: f32, bw: f32) -> [u8; 3] {
        use std::arch::x86_64::*;
        // eight bytes are loaded per row (two pixels and two bytes ignored): the last pixels of
        // the buffer have no bytes to spare
        let j = i + stride;
        if j + 8 > raw.len() {
            return Self::scalar(raw, i, stride, rw, bw);
        }
        let eight = |k: usize| {
            let b: [u8; 8] = raw[k..k + 8].try_into().expect("8 bytes");
            i64::from_le_bytes(b)
        };
        // SAFETY: SSE2 is part of the x86-64 baseline; the intrinsics only touch registers
        unsafe {
            let zero = _mm_setzero_si128();
            // a row's left and right pixels as four f32 lanes each (the fourth lane ignored)
            let pair = |v: i64| {
                let words = _mm_unpacklo_epi8(_mm_cvtsi64_si128(v), zero);
                let left = _mm_cvtepi32_ps(_mm_unpacklo_epi16(words, zero));
                let right = _mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_srli_si128::<6>(words), zero));
                (left, right)
            };
            let ((tl, tr), (bl, br)) = (pair(eight(i)), pair(eight(j)));
            let one = _mm_set1_ps(1.0);
            let (r, b) = (_mm_set1_ps(rw), _mm_set1_ps(bw));
            let (r1, b1) = (_mm_sub_ps(one, r), _mm_sub_ps(one, b));
            let whole = |v: __m128| _mm_cvtepi32_ps(_mm_cvttps_epi32(v));
            let top = whole(_mm_add_ps(_mm_mul_ps(r1, tl), _mm_mul_ps(r, tr)));
            let bottom = whole(_mm_add_ps(_mm_mul_ps(r1, bl), _mm_mul_ps(r, br)));
            let v = _mm_cvttps_epi32(_mm_add_ps(_mm_mul_ps(b1, top), _mm_mul_ps(b, bottom)));
            let bytes = _mm_packus_epi16(_mm_packs_epi32(v, zero), zero);
            let [p0, p1, p2, _] = _mm_cvtsi128_si32(bytes).to_le_bytes();
            [p0, p1, p2]
        }
    }
}

/// Shrinks by an integer factor `k`, averaging each k×k block (the last partial row and column
/// of blocks are dropped). One pass over the image, summing whole rows (which the compiler
/// vectorises): ~10 ms for 12 MP, several times faster than a general resampling filter.
pub fn shrink(image: &RgbImage, k: u32) -> RgbImage {
    if k <= 1 {
        return image.clone();
    }
    let (w, h) = ((image.width() / k).max(1), (image.height() / k).max(1));
    let (kw, kh) = (
        k.min(image.width()) as usize,
        k.min(image.height()) as usize,
    );
    let raw = image.as_raw();
    let stride = image.width() as usize * 3;
    let (w, h) = (w as usize, h as usize);
    let mut out = vec![0u8; w * h * 3];
    crate::par::halves(&mut out, w * 3, |first, out| {
        let raw = &raw[first * kh * stride..];
        // a column sum of kh bytes fits 16 bits up to kh = 257: twice the lanes per instruction
        if kh * 255 <= u16::MAX as usize {
            shrink_rows::<u16>(raw, stride, (kw, kh), w, out);
        } else {
            shrink_rows::<u32>(raw, stride, (kw, kh), w, out);
        }
    });
    RgbImage::from_raw(w as u32, h as u32, out).expect("buffer of w × h × 3")
}

/// [`shrink`]'s two passes per output row, with column sums of type `T`.
fn shrink_rows<T>(raw: &[u8], stride: usize, (kw, kh): (usize, usize), w: usize, out: &mut [u8])
where
    T: Copy + Default + From<u8> + Into<u32> + std::ops::AddAssign,
{
    let div = DivBy::new((kw * kh) as u32);
    // 1. column sums of each band of kh rows, over the whole row
    let mut col = vec![T::default(); w * kw * 3];
    for (oy, out_row) in out.chunks_exact_mut(w * 3).enumerate() {
        col.iter_mut().for_each(|a| *a = T::default());
        for y in oy * kh..oy * kh + kh {
            let row = &raw[y * stride..y * stride + col.len()];
            for (a, &v) in col.iter_mut().zip(row) {
                *a += T::from(v);
            }
        }
        // 2. sums of kw neighbouring columns, per channel
        for (ox, px) in out_row.chunks_exact_mut(3).enumerate() {
            let block = &col[ox * kw * 3..(ox + 1) * kw * 3];
            let mut acc = [0u32; 3];
            for p in block.chunks_exact(3) {
                acc[0] += p[0].into();
                acc[1] += p[1].into();
                acc[2] += p[2].into();
            }
            px[0] = div.of(acc[0]) as u8;
            px[1] = div.of(acc[1]) as u8;
            px[2] = div.of(acc[2]) as u8;
        }
    }
}

/// Division of a sum of bytes by a fixed count `n`, by a multiply and a shift where that is
/// exact (a `div` instruction per channel was half of [`shrink`]'s time).
#[derive(Clone, Copy)]
struct DivBy {
    n: u32,
    /// ⌈2³² / n⌉, or 0 when the multiply is not exact for every sum of `n` bytes
    m: u64,
}

impl DivBy {
    fn new(n: u32) -> DivBy {
        let n = n.max(1);
        // x · ⌈2³²/n⌉ >> 32 = ⌊x / n⌋ whenever x · e < 2³², e = ⌈2³²/n⌉ · n − 2³² < n; the
        // values divided are at most 256 · n, so n² · 256 < 2³² is enough (n < 4096)
        let m = if (n as u64) * (n as u64) * 256 < 1u64 << 32 {
            (1u64 << 32).div_ceil(n as u64)
        } else {
            0
        };
        DivBy { n, m }
    }

    /// ⌊x / n⌋ for 0 ≤ x ≤ 256 · n.
    fn of(self, x: u32) -> u32 {
        if self.m == 0 {
            x / self.n
        } else {
            ((x as u64 * self.m) >> 32) as u32
        }
    }
}

/// A copy whose long side is about `side` px: an integer [`shrink`] down to within 2× of it, then
/// area averaging for the rest ([`resize_area`]).
pub fn downscale(image: &RgbImage, side: u32) -> RgbImage {
    let long = image.width().max(image.height());
    if long <= side {
        return image.clone();
    }
    let k = long / side;
    let coarse;
    let src = if k >= 2 {
        coarse = shrink(image, k);
        &coarse
    } else {
        image
    };
    let f = side as f32 / src.width().max(src.height()) as f32;
    if f >= 0.999 {
        return src.clone();
    }
    let (w, h) = (
        ((src.width() as f32 * f).round() as u32).max(1),
        ((src.height() as f32 * f).round() as u32).max(1),
    );
    resize_area(src, w, h)
}

/// `image` reduced to `w`×`h` by block averaging: the same pixels as
/// `image::imageops::thumbnail` (each source pixel counts in exactly one target pixel, the block
/// of target pixel x being source columns ⌈x·r⌉ to ⌈(x+1)·r⌉ − 1 for the ratio r, each mean
/// rounded to nearest), computed a row of blocks at a time: ~10× faster. Enlarging along either
/// axis is left to `thumbnail` itself.
pub fn resize_area(image: &RgbImage, w: u32, h: u32) -> RgbImage {
    let (sw, sh) = image.dimensions();
    let (w, h) = (w.max(1), h.max(1));
    if w > sw || h > sh || sw == 0 || sh == 0 {
        return image::imageops::thumbnail(image, w, h);
    }
    // block boundaries, as thumbnail computes them
    let bounds = |n_out: u32, n_in: u32| -> Vec<(usize, usize)> {
        let ratio = n_in as f32 / n_out as f32;
        (0..n_out)
            .map(|o| {
                let from = o as f32 * ratio;
                let to = from + ratio;
                let a = (from.ceil() as u32).clamp(0, n_in - 1);
                let b = (to.ceil() as u32).clamp(a, n_in);
                (a as usize, b as usize)
            })
            .collect()
    };
    let (cols, rows) = (bounds(w, sw), bounds(h, sh));
    let raw = image.as_raw();
    let stride = sw as usize * 3;
    let mut out = vec![0u8; w as usize * h as usize * 3];
    crate::par::halves(&mut out, w as usize * 3, |first, out| {
        let mut acc = vec![0u32; stride];
        let (mut divs, mut divs_height): (Vec<DivBy>, usize) = (Vec::new(), 0);
        for (&(top, bottom), out_row) in rows[first..]
            .iter()
            .zip(out.chunks_exact_mut(w as usize * 3))
        {
            acc.iter_mut().for_each(|a| *a = 0);
            for y in top..bottom {
                for (a, &v) in acc.iter_mut().zip(&raw[y * stride..(y + 1) * stride]) {
                    *a += v as u32;
                }
            }
            // the divisors of this row of blocks (block heights take one or two values, so
            // they are computed again only when the height changes)
            if divs_height != bottom - top {
                divs_height = bottom - top;
                divs = cols
                    .iter()
                    .map(|&(left, right)| DivBy::new(((right - left) * divs_height) as u32))
                    .collect();
            }
            for ((&(left, right), px), div) in
                cols.iter().zip(out_row.chunks_exact_mut(3)).zip(&divs)
            {
                let mut sum = [0u32; 3];
                for p in acc[left * 3..right * 3].chunks_exact(3) {
                    sum[0] += p[0];
                    sum[1] += p[1];
                    sum[2] += p[2];
                }
                // rounded to nearest: ⌊(x + n/2) / n⌋, x + n/2 ≤ 255.5 · n
                for c in 0..3 {
                    px[c] = div.of(sum[c] + div.n / 2).min(255) as u8;
                }
            }
        }
    });
    RgbImage::from_raw(w, h, out).expect("buffer of w × h × 3")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Shape;
    use image::Rgb;

    #[test]
    fn shrink_averages_blocks() {
        let img = RgbImage::from_fn(4, 2, |x, _| {
            if x % 2 == 0 {
                Rgb([0, 0, 0])
            } else {
                Rgb([200, 100, 50])
            }
        });
        let s = shrink(&img, 2);
        assert_eq!(s.dimensions(), (2, 1));
        assert_eq!(s.get_pixel(0, 0).0, [100, 50, 25]);
    }

    /// The multiply-and-shift division is exact over every value it is given (up to 256 · n),
    /// and division is used where it would not be.
    #[test]
    fn division_by_multiply_is_exact() {
        for n in (1..=300).chain([1000, 4000, 4095, 4096, 5000, 70_000]) {
            let d = DivBy::new(n);
            assert_eq!(d.m == 0, n >= 4096, "n {n}");
            for x in 0..=256 * n {
                assert_eq!(d.of(x), x / n, "{x} / {n}");
            }
        }
    }

    /// Both accumulator widths give each block's truncated mean (k = 3: 16-bit column sums;
    /// k = 260: 32-bit).
    #[test]
    fn shrink_is_the_block_mean_at_any_factor() {
        // the third is large enough to be split between two threads (`crate::par`)
        for (w, h, k) in [(31u32, 20u32, 3u32), (530, 263, 260), (701, 499, 2)] {
            let img = pattern(w, h);
            let s = shrink(&img, k);
            assert_eq!(s.dimensions(), (w / k, h / k));
            for (ox, oy, px) in s.enumerate_pixels() {
                for c in 0..3 {
                    let mut sum = 0u32;
                    for y in oy * k..(oy + 1) * k {
                        for x in ox * k..(ox + 1) * k {
                            sum += img.get_pixel(x, y).0[c] as u32;
                        }
                    }
                    assert_eq!(
                        px.0[c] as u32,
                        sum / (k * k),
                        "k {k} ({ox}, {oy}) channel {c}"
                    );
                }
            }
        }
    }

    /// A test image whose channels vary differently across it.
    fn pattern(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            Rgb([
                (x * 37 + y * 11) as u8,
                (x * y) as u8,
                (255 - x - y * 3) as u8,
            ])
        })
    }

    #[test]
    fn resize_area_gives_thumbnails_pixels() {
        let src = pattern(937, 131);
        for (w, h) in [(800, 112), (400, 56), (937, 131), (13, 7), (936, 130)] {
            let expected = image::imageops::thumbnail(&src, w, h);
            assert_eq!(resize_area(&src, w, h), expected, "{w}×{h}");
        }
    }

    #[test]
    fn the_lane_blend_is_the_scalar_blend() {
        // every level at the corners, weights across [0, 1) including the ends' neighbours
        let mut state = 0x9e37_79b9_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let stride = 9;
        for n in 0..200_000 {
            let raw: Vec<u8> = (0..2 * stride + 8).map(|_| next() as u8).collect();
            let raw = if n % 7 == 0 {
                raw.iter().map(|v| v | 0xf0).collect()
            } else {
                raw
            };
            let w = |v: u32| match v % 5 {
                0 => 0.0,
                1 => 1.0 - f32::EPSILON / 2.0,
                _ => (v >> 8) as f32 / (1u32 << 24) as f32,
            };
            let (rw, bw) = (w(next()), w(next()));
            for i in [0, 3] {
                assert_eq!(
                    Bilinear::blend(&raw, i, stride, rw, bw),
                    Bilinear::scalar(&raw, i, stride, rw, bw),
                    "{raw:?} at {i}, weights {rw} {bw}"
                );
            }
        }
    }

    #[test]
    fn the_warp_is_the_blend_at_each_pixels_sample() {
        // an output large enough to be split between two threads (`crate::par`)
        let src = pattern(613, 419);
        let to = [(0.0, 0.0), (400.0, 0.0), (400.0, 260.0), (0.0, 260.0)];
        let from = [(30.5, -12.0), (590.2, 40.9), (560.0, 430.3), (-8.1, 380.5)];
        let q = Projection::from_control_points(to, from).unwrap();
        let mut got = RgbImage::new(400, 260);
        warp_bilinear(&src, &q, &mut got);
        let stride = 613 * 3;
        for (x, y, px) in got.enumerate_pixels() {
            let (fx, fy) = q * (x as f32, y as f32);
            let expected = if fx >= 0.0 && fy >= 0.0 && fx + 1.0 < 613.0 && fy + 1.0 < 419.0 {
                let (left, top) = (fx as usize, fy as usize);
                let (rw, bw) = (fx - left as f32, fy - top as f32);
                Bilinear::scalar(src.as_raw(), top * stride + left * 3, stride, rw, bw)
            } else {
                [0, 0, 0]
            };
            assert_eq!(px.0, expected, "({x}, {y})");
        }
    }

    #[test]
    fn warp_gives_imageprocs_pixels() {
        use imageproc::geometric_transformations::{warp_into, Interpolation};
        let src = pattern(97, 61);
        let from = [(3.5, -4.0), (101.2, 7.9), (88.0, 70.3), (-6.1, 55.5)];
        let to = [(0.0, 0.0), (80.0, 0.0), (80.0, 50.0), (0.0, 50.0)];
        let p = Projection::from_control_points(from, to).unwrap();
        let mut expected = RgbImage::new(80, 50);
        warp_into(
            &src,
            &p,
            Interpolation::Bilinear,
            Rgb([0, 0, 0]),
            &mut expected,
        );
        let q = Projection::from_control_points(to, from).unwrap();
        let mut got = RgbImage::new(80, 50);
        warp_bilinear(&src, &q, &mut got);
        let differ = expected
            .pixels()
            .zip(got.pixels())
            .filter(|(a, b)| a != b)
            .count();
        // the two inverse matrices are computed separately: allow a few rounding differences
        assert!(differ <= 8, "{differ} of 4000 pixels differ");
    }

    #[test]
    fn rectifies_an_axis_aligned_card_to_canonical_size() {
        let mut img = RgbImage::from_pixel(400, 300, Rgb([0, 0, 0]));
        for y in 50..150 {
            for x in 50..209 {
                img.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
        let d = Detected {
            corners: [[50.0, 50.0], [209.0, 50.0], [209.0, 150.0], [50.0, 150.0]],
            shape: Some(Shape::Id1),
            aspect: 1.59,
            fills_frame: false,
            confidence: 1.0,
            doubt: None,
            set_aside: None,
        };
        let r = rectify(&img, &d);
        assert_eq!(r.dimensions(), (685, 432));
        assert_eq!(r.get_pixel(342, 216).0, [255, 255, 255]);
    }
}
