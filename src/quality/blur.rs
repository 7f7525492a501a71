//! `blur`: how sharp the document is, as a ratio of Laplacian energies that does not depend on
//! contrast or exposure, measured over the whole page and tile by tile over the text.
//!
//! Method ("variance of the Laplacian", Pech-Pacheco et al. 2000, made scale-free):
//! 1. Luminance of the rectified page (≤ 8 px/mm; a thumbnail is measured at its own scale).
//! 2. Two gaussian versions, σ = [`SIGMA_FINE`] and [`SIGMA_COARSE`] px, and their second
//!    differences along 8 directions (0°, 45°, 90°, 135° and the knight's moves: the Laplacian
//!    split by direction, so
//!    that motion blur, which smears one direction only, is not hidden by the others). On a sharp
//!    page most of that energy sits at fine scale, so the ratio `E_fine / E_coarse` is large; a
//!    blurred page has lost its fine scale and the ratio falls towards its floor. The lowest of the
//!    8 directions counts. Contrast and exposure cancel out.
//! 3. Tiles of [`TILE`] px whose coarse contrast is at least 35 % of the page's 90th percentile
//!    are "text" tiles; the local measure is the median ratio over them, so a sharp border or
//!    portrait cannot hide blurred text. The reported value is the lower of the two.

use super::{fail, Page};
use crate::annotate::{colors, Mark, MarkShape};
use crate::document::find::blur;
use crate::finding::Finding;

/// Fine and coarse gaussian σ, px of the page.
pub const SIGMA_FINE: f32 = 0.6;
pub const SIGMA_COARSE: f32 = 1.5;
/// Directions of the second differences: 0°, 90°, 45°, 135° and the four knight's moves
/// (±26.6°, ±63.4°), so that a smear at any angle is within 12° of one of them.
pub const DIRS: usize = 8;
/// Tile side, px of the page (6 mm at 8 px/mm: a line or two of text).
pub const TILE: usize = 48;
/// Under this the page fails. Fixture labels by total gaussian σ on the document: pass
/// < 0.10 mm, borderline 0.10–0.20, fail ≥ 0.20 mm (motion: pass < 0.35 mm smear, fail ≥ 0.8);
/// measured (calibrate_quality, value = min(global, text median)): pass ≥ 3.645 (n=166, median
/// 4.40), borderline 2.50–3.04 (n=5), fail ≤ 3.17 (n=15; gaussian 1.38–1.94, motion 2.26–3.17).
pub const FAIL_RATIO: f64 = 3.4;
/// Under this the page warns (the lowest clean fixtures, 3.6–3.8, are a soft-focus and a
/// shaken hand-held photo).
pub const WARN_RATIO: f64 = 3.8;

/// The two sharpness measures of a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sharpness {
    /// Fine/coarse Laplacian energy over the interior of the page.
    pub global: f64,
    /// Median of the same ratio over text tiles (`global` when there are fewer than 4).
    pub text: f64,
    /// The least sharp text tile, page px `[x, y, w, h]`.
    pub worst_tile: Option<[u32; 4]>,
}

impl Sharpness {
    pub fn value(&self) -> f64 {
        self.global.min(self.text)
    }
}

/// Measures a page (see the module documentation). `None` for pages under 3 tiles wide.
pub fn measure(page: &image::RgbImage) -> Option<Sharpness> {
    let (w, h) = (page.width() as usize, page.height() as usize);
    if w < 3 * TILE || h < 3 * TILE {
        return None;
    }
    let lum = super::luma(page);
    let fine = blur(&lum, w, h, SIGMA_FINE);
    let coarse = blur(&lum, w, h, SIGMA_COARSE);
    // second differences along 8 directions: motion blur smears one direction only
    let wi = w as isize;
    let steps = [
        1isize,
        wi,
        wi + 1,
        wi - 1,
        wi + 2,
        wi - 2,
        2 * wi + 1,
        2 * wi - 1,
    ];
    // interior: skip 3 % on each side (the outline and whatever lies beyond it)
    let (mx, my) = (w * 3 / 100 + 2, h * 3 / 100 + 2);
    let mut tiles: Vec<(f64, f64, [u32; 4])> = Vec::new(); // (contrast, ratio, rect)
    let (mut sf, mut sc) = ([0f64; DIRS], [0f64; DIRS]);
    let mut ty = my;
    while ty + TILE <= h - my {
        let mut tx = mx;
        while tx + TILE <= w - mx {
            let (mut ef, mut ec, mut s, mut s2, mut zeros) =
                ([0f64; DIRS], [0f64; DIRS], 0f64, 0f64, 0);
            for y in ty..ty + TILE {
                // a row of the tile at a time, one direction at a time (each sum still runs
                // over the pixels in the same order)
                let i0 = y * w + tx;
                for (d, &st) in steps.iter().enumerate() {
                    let st = st as usize; // every step points forward
                    let (fa, fi, fb) = (run(&fine, i0 - st), run(&fine, i0), run(&fine, i0 + st));
                    let (ca, ci, cb) = (
                        run(&coarse, i0 - st),
                        run(&coarse, i0),
                        run(&coarse, i0 + st),
                    );
                    let (mut sf_d, mut sc_d) = (ef[d], ec[d]);
                    for x in 0..TILE {
                        let df = fa[x] + fb[x] - 2.0 * fi[x];
                        let dc = ca[x] + cb[x] - 2.0 * ci[x];
                        sf_d += (df * df) as f64;
                        sc_d += (dc * dc) as f64;
                    }
                    (ef[d], ec[d]) = (sf_d, sc_d);
                }
                for (&c, &l) in run(&coarse, i0).iter().zip(run(&lum, i0)) {
                    let v = c as f64;
                    s += v;
                    s2 += v * v;
                    if l < 1.0 {
                        zeros += 1;
                    }
                }
            }
            let n = (TILE * TILE) as f64;
            // tiles reaching outside the photo (black fill) say nothing about sharpness
            if zeros * 20 < TILE * TILE {
                let sd = (s2 / n - (s / n).powi(2)).max(0.0).sqrt();
                for d in 0..DIRS {
                    sf[d] += ef[d];
                    sc[d] += ec[d];
                }
                if ec.iter().all(|e| *e > 0.0) {
                    let r = (0..DIRS).map(|d| ef[d] / ec[d]).fold(f64::MAX, f64::min);
                    tiles.push((sd, r, [tx as u32, ty as u32, TILE as u32, TILE as u32]));
                }
            }
            tx += TILE;
        }
        ty += TILE;
    }
    if sc.iter().any(|e| *e <= 0.0) {
        return None;
    }
    let global = (0..DIRS).map(|d| sf[d] / sc[d]).fold(f64::MAX, f64::min);
    let mut sds: Vec<f64> = tiles.iter().map(|t| t.0).collect();
    sds.sort_by(|a, b| a.total_cmp(b));
    let p90 = sds.get(sds.len() * 9 / 10).copied().unwrap_or(0.0);
    let mut text: Vec<(f64, [u32; 4])> = tiles
        .iter()
        .filter(|t| t.0 >= 0.35 * p90)
        .map(|t| (t.1, t.2))
        .collect();
    text.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (text_ratio, worst) = if text.len() >= 4 {
        (text[text.len() / 2].0, Some(text[0].1))
    } else {
        (global, None)
    };
    Some(Sharpness {
        global,
        text: text_ratio,
        worst_tile: worst,
    })
}

pub fn check(page: &Page, photo: (u32, u32), marks: &mut Vec<Mark>) -> Finding {
    let Some(s) = measure(&page.image) else {
        return Finding::skipped("blur", "the document is too small to measure sharpness");
    };
    let v = s.value();
    let part = if s.text < s.global {
        "the text"
    } else {
        "the document"
    };
    let f = if v < FAIL_RATIO {
        if let Some(t) = s.worst_tile {
            marks.push(Mark {
                label: "blurred".into(),
                color: colors::BLUR,
                shape: MarkShape::Rect(page.region_in_photo(t, photo)),
            });
        }
        fail("blur", format!("{part} is blurred (sharpness {v:.2}, needs {FAIL_RATIO:.1}){}", page.where_measured()))
            .with_advice("Hold the phone still (rest your elbows on the table), tap the document to focus and wait a moment before taking the photo; use more light rather than a longer exposure.")
    } else if v < WARN_RATIO {
        Finding::warn(
            "blur",
            format!(
                "{part} is slightly soft (sharpness {v:.2}){}",
                page.where_measured()
            ),
        )
        .with_advice("Tap the document to focus before taking the photo.")
    } else {
        Finding::pass(
            "blur",
            format!("sharp (sharpness {v:.2}){}", page.where_measured()),
        )
    };
    f.with_value(v, FAIL_RATIO)
}

/// `TILE` values of `v` from `at`.
fn run(v: &[f32], at: usize) -> &[f32] {
    &v[at..at + TILE]
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn bars(blur_sigma: f32) -> RgbImage {
        let (w, h) = (300usize, 200usize);
        let p: Vec<f32> = (0..w * h)
            .map(|i| {
                // thin bars on a wide spacing: broadband, like print (a single frequency would
                // keep its fine/coarse ratio under any blur)
                if (i % w) % 16 < 3 || (i / w) % 20 < 2 {
                    40.0
                } else {
                    220.0
                }
            })
            .collect();
        let p = if blur_sigma > 0.0 {
            blur(&p, w, h, blur_sigma)
        } else {
            p
        };
        RgbImage::from_fn(w as u32, h as u32, |x, y| {
            let v = p[y as usize * w + x as usize] as u8;
            Rgb([v, v, v])
        })
    }

    #[test]
    fn blurring_lowers_sharpness() {
        let sharp = measure(&bars(0.0)).unwrap().value();
        let soft = measure(&bars(2.0)).unwrap().value();
        assert!(sharp > soft * 1.5, "sharp {sharp} soft {soft}");
    }
}
