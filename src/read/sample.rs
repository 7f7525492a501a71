//! Sampling an MRZ band for OCR: the band turned upright, deskewed, scaled to [`CAP_PX`]
//! capitals and contrast-stretched, with each line's cell geometry in the sample; and, for a
//! band under uneven light, that light divided out ([`flatten`]).

use super::band::Band;
use super::grid::LineGeom;
use image::GrayImage;

/// Character height the band is scaled to before OCR, px. Measured (specimens exact / PassportEye
/// images fully valid): 24 px 34/50 and 23/34; 30 px 33/50 and 25/34; 36 px 31/50 and 24/34.
pub(super) const CAP_PX: f32 = 30.0;

/// A band sampled for OCR and its lines' geometry (see [`sample`]).
pub(super) type Sampled = (GrayImage, Vec<LineGeom>);

/// Samples the band upright (text along +x, lines downward), deskewed, with capitals
/// [`CAP_PX`] tall, contrast stretched; returns it with each line's cell geometry in it.
pub fn sample(gray: &GrayImage, band: &Band) -> Sampled {
    let u = band.along;
    let v = [-u[1], u[0]];
    let dot = |p: [f32; 2], d: [f32; 2]| p[0] * d[0] + p[1] * d[1];
    let h = band.char_height.max(1.0);
    let k = CAP_PX / h;
    let s_all = band
        .lines
        .iter()
        .flat_map(|l| [dot(l.first, u), dot(l.last, u)]);
    let t_all = band
        .lines
        .iter()
        .flat_map(|l| [dot(l.first, v), dot(l.last, v)]);
    let (s0, s1) = s_all.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
    let (t0, t1) = t_all.fold((f32::MAX, f32::MIN), |a, x| (a.0.min(x), a.1.max(x)));
    // margins: a character and a half along the line (the end cells' half-widths plus white),
    // a character height across
    let (ms, mt) = (1.5 * h, 1.2 * h);
    let (s0, s1, t0, t1) = (s0 - ms, s1 + ms, t0 - mt, t1 + mt);
    let (w, hgt) = (
        ((s1 - s0) * k).ceil().clamp(1.0, 4000.0) as u32,
        ((t1 - t0) * k).ceil().clamp(1.0, 1000.0) as u32,
    );
    let mut out = resample(gray, u, [s0, t0], [w, hgt], k);
    stretch(&mut out);
    let geoms = band
        .lines
        .iter()
        .map(|l| LineGeom {
            first_x: (dot(l.first, u) - s0) * k,
            last_x: (dot(l.last, u) - s0) * k,
            y: ((dot(l.first, v) + dot(l.last, v)) / 2.0 - t0) * k,
            centers: l.centers.iter().map(|c| (dot(*c, u) - s0) * k).collect(),
        })
        .collect();
    (out, geoms)
}

/// Samples a rotated rectangle of `gray`: output pixel `(i, j)` comes from the point
/// `s·u + t·v` with `s = origin[0] + (i + ½)/k`, `t = origin[1] + (j + ½)/k` (`v = rot90(u)`),
/// bilinear; outside the image is white.
pub fn resample(
    gray: &GrayImage,
    u: [f32; 2],
    origin: [f32; 2],
    size: [u32; 2],
    k: f32,
) -> GrayImage {
    let v = [-u[1], u[0]];
    let mut out = GrayImage::new(size[0], size[1]);
    let (gw, gh) = (gray.width() as f32, gray.height() as f32);
    for j in 0..size[1] {
        let t = origin[1] + (j as f32 + 0.5) / k;
        for i in 0..size[0] {
            let s = origin[0] + (i as f32 + 0.5) / k;
            let x = s * u[0] + t * v[0];
            let y = s * u[1] + t * v[1];
            let value = if x < 0.0 || y < 0.0 || x >= gw - 1.0 || y >= gh - 1.0 {
                255.0
            } else {
                bilinear(gray, x, y)
            };
            out.put_pixel(i, j, image::Luma([value as u8]));
        }
    }
    out
}

pub(super) fn bilinear(gray: &GrayImage, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (x0, y0) = (x0 as u32, y0 as u32);
    let p = |dx: u32, dy: u32| gray.get_pixel(x0 + dx, y0 + dy)[0] as f32;
    let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
    let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Side, px of the sample, of the blocks [`flatten`] takes the paper's level in: a third of a
/// capital, so that a block holds a few strokes at most.
const PAPER_BLOCK: u32 = (CAP_PX / 3.0) as u32;

/// Blocks each side of a block over which [`flatten`] closes the blocks' levels: a window of 5
/// blocks (50 px, 1.7 capitals) always holds paper, since ICAO 9303's OCR-B leaves about a
/// third of a capital between characters and three quarters of one between lines, while a
/// shadow or a lamp's falloff is far wider.
const PAPER_CLOSE: usize = 2;

/// [`flatten`] divides the light out only when the paper's darker level (the 5th percentile of
/// the blocks' closed levels) is under this share of its brighter one (the 95th). It runs only
/// on a band no pass read a verified zone from (`mrz::flattened_ways`), so on an evenly lit
/// band it would cost an OCR pass and gain nothing: dividing by the blocks' levels, which vary
/// by a few grey levels with noise and blur, changed the characters of 9 of the 88 real zones
/// that verify, 4 of them into a wrong zone that still verifies, when it was tried on every
/// band first. Measured on the bands that reach it (`../shared/realdata`, 129 images, the
/// stretched sample): as they are, tuning part 22 bands, 0.75 and 0.76 and then 0.88 and up;
/// held-out 20 bands, 0.88 and up; under a soft shadow that keeps 0.7 of the light, tuning 56
/// of 58 bands 0.36–0.70 (two other bands 0.98), held-out 43 bands 0.49–0.69. One threshold
/// over a shadowed band fails long before the shadow is dark: Otsu's level splits the two paper
/// levels (the lit and the shadowed paper outnumber the print) once they differ enough; before
/// this, 14 of the tuning part's 53 verified zones still verified under that shadow (11 of 35
/// held-out), 4 under one keeping 0.55 of the light (1 of 35).
pub const FLATTEN_BELOW: f32 = 0.85;

/// The 5th over the 95th percentile of `levels` ([`FLATTEN_BELOW`]).
fn paper_spread(levels: &[u8]) -> f32 {
    let mut v = levels.to_vec();
    v.sort_unstable();
    let q = |f: f32| v[((v.len() - 1) as f32 * f) as usize] as f32;
    q(0.05) / q(0.95).max(1.0)
}

/// Divides out uneven light over the band: the shadow of a phone or hand across it, a lamp's
/// falloff. The paper's level is taken around every pixel (the brightest pixel of each
/// [`PAPER_BLOCK`], closed over [`PAPER_CLOSE`] blocks: the largest of the window's levels, then
/// the smallest of those, which fills the ink's gaps but keeps a shadow's edge where it is,
/// interpolated between block centres) and each pixel is scaled by 255 over it. Under a shadow
/// the paper is darker than the print in full light, so one threshold over the band (Tesseract's
/// Otsu, [`super::cells`]'s) turns the shadowed half black; once divided, paper is paper on both
/// sides. An evenly lit band is left as it is ([`FLATTEN_BELOW`]); whether it was flattened.
pub(super) fn flatten(img: &mut GrayImage) -> bool {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return false;
    }
    let b = PAPER_BLOCK;
    let (gw, gh) = (w.div_ceil(b) as usize, h.div_ceil(b) as usize);
    let mut grid = vec![0u8; gw * gh];
    for (x, y, p) in img.enumerate_pixels() {
        let g = &mut grid[(y / b) as usize * gw + (x / b) as usize];
        *g = (*g).max(p[0]);
    }
    let grid = close(&grid, gw, gh, PAPER_CLOSE);
    if paper_spread(&grid) >= FLATTEN_BELOW {
        return false;
    }
    // the level at block centres, bilinear between them (clamped at the sides)
    let at = |gx: isize, gy: isize| {
        let gx = gx.clamp(0, gw as isize - 1) as usize;
        let gy = gy.clamp(0, gh as isize - 1) as usize;
        grid[gy * gw + gx] as f32
    };
    for y in 0..h {
        let fy = (y as f32 + 0.5) / b as f32 - 0.5;
        let (gy, ty) = (fy.floor() as isize, fy - fy.floor());
        for x in 0..w {
            let fx = (x as f32 + 0.5) / b as f32 - 0.5;
            let (gx, tx) = (fx.floor() as isize, fx - fx.floor());
            let top = at(gx, gy) * (1.0 - tx) + at(gx + 1, gy) * tx;
            let bottom = at(gx, gy + 1) * (1.0 - tx) + at(gx + 1, gy + 1) * tx;
            let paper = (top * (1.0 - ty) + bottom * ty).max(1.0);
            let p = img.get_pixel_mut(x, y);
            p[0] = (p[0] as f32 * 255.0 / paper).round().min(255.0) as u8;
        }
    }
    stretch(img);
    true
}

/// Grey-level closing of a `gw × gh` grid over a square window `r` cells each side: the
/// window's maximum, then the minimum of those.
fn close(grid: &[u8], gw: usize, gh: usize, r: usize) -> Vec<u8> {
    let pass = |src: &[u8], take: fn(u8, u8) -> u8| {
        let mut rows = src.to_vec();
        for y in 0..gh {
            for x in 0..gw {
                let (a, z) = (x.saturating_sub(r), (x + r).min(gw - 1));
                rows[y * gw + x] = src[y * gw + a..=y * gw + z]
                    .iter()
                    .copied()
                    .reduce(take)
                    .unwrap();
            }
        }
        let mut out = rows.clone();
        for y in 0..gh {
            for x in 0..gw {
                let (a, z) = (y.saturating_sub(r), (y + r).min(gh - 1));
                out[y * gw + x] = (a..=z).map(|yy| rows[yy * gw + x]).reduce(take).unwrap();
            }
        }
        out
    };
    pass(&pass(grid, u8::max), u8::min)
}

/// Stretches the 1st–99th percentile of grey levels to 0–255.
pub(super) fn stretch(img: &mut GrayImage) {
    let mut hist = [0usize; 256];
    for p in img.pixels() {
        hist[p[0] as usize] += 1;
    }
    let n = img.as_raw().len();
    let level = |q: f32| {
        let target = (n as f32 * q) as usize;
        let mut acc = 0;
        for (v, c) in hist.iter().enumerate() {
            acc += c;
            if acc > target {
                return v as f32;
            }
        }
        255.0
    };
    let (lo, hi) = (level(0.01), level(0.99));
    if hi - lo < 10.0 {
        return;
    }
    for p in img.pixels_mut() {
        p[0] = (((p[0] as f32 - lo) / (hi - lo)) * 255.0).clamp(0.0, 255.0) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A band of "characters" (dark bars, as tall as a capital, a third of one apart) on paper
    /// at 220, its right half under a shadow that halves the light.
    fn shadowed_band() -> GrayImage {
        let cap = CAP_PX as u32;
        GrayImage::from_fn(40 * cap / 2, 3 * cap, |x, y| {
            let light = if x < 10 * cap { 1.0 } else { 0.5 };
            let in_line = (cap..2 * cap).contains(&y);
            let ink = in_line && (x % (cap * 2 / 3)) < cap / 3;
            image::Luma([((if ink { 40.0 } else { 220.0 }) * light) as u8])
        })
    }

    #[test]
    fn a_shadow_across_the_band_is_divided_out() {
        let mut img = shadowed_band();
        let cap = CAP_PX as u32;
        // before: the shadowed paper (110) is darker than Otsu's level between the lit paper
        // and the ink, so one threshold turns the shadowed half black
        let level = imageproc::contrast::otsu_level(&img);
        assert!(img.get_pixel(15 * cap, cap / 2)[0] <= level);
        assert!(flatten(&mut img));
        let level = imageproc::contrast::otsu_level(&img);
        // after: paper is above the level and ink at or below it (imageproc's convention) on
        // both sides, away from the shadow's edge
        for x in [2 * cap, 5 * cap, 15 * cap, 18 * cap] {
            assert!(
                img.get_pixel(x, cap / 2)[0] > level,
                "paper above the line at {x}"
            );
            assert!(
                img.get_pixel(x, 5 * cap / 2)[0] > level,
                "paper below the line at {x}"
            );
        }
        for x in (0..40 * cap / 2).filter(|x| x % (cap * 2 / 3) == cap / 6) {
            if x.abs_diff(10 * cap) > cap {
                assert!(img.get_pixel(x, 3 * cap / 2)[0] <= level, "ink at {x}");
            }
        }
    }

    #[test]
    fn an_evenly_lit_band_is_left_as_it_is() {
        let cap = CAP_PX as u32;
        let mut img = GrayImage::from_fn(600, 90, |x, y| {
            let ink = (cap..2 * cap).contains(&y) && (x % 20) < 10;
            image::Luma([if ink { 40 } else { 220 }])
        });
        // with noise: the blocks' levels vary by a few grey levels
        let mut seed = 7u32;
        for p in img.pixels_mut() {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            p[0] = p[0].saturating_sub((seed >> 16) as u8 % 12);
        }
        let plain = img.clone();
        assert!(!flatten(&mut img));
        assert_eq!(img, plain);
    }
}
