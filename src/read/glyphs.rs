//! A per-cell second opinion from OCR-B templates: is this cell a filler `<` or the character
//! Tesseract read?
//!
//! Names carry no check digit, and Tesseract's English model reads a filler as `K`, `E`, `X`,
//! `S` or `6` often enough to garble them (PassportEye's fully valid reads hold such names in 6
//! of 10 cases). The filler's chevron has no stem and no bowl, so normalised correlation against
//! the glyphs of Debian's `fonts-ocr-b` tells it apart from every letter and digit.
//!
//! 1. Render each MRZ character of `OCRB.otf` (read once from [`FONT_PATHS`]) and scale its ink
//!    box to [`TW`]×[`TH`].
//! 2. For a cell, take the ink box inside the cell's window of the binarised band, scale the
//!    gray values inside it to the same size.
//! 3. Score = Pearson correlation with each template.

use ab_glyph::{Font, FontVec, PxScale};
use image::GrayImage;
use std::sync::OnceLock;

/// Where Debian's `fonts-ocr-b` puts the OCR-B font.
pub const FONT_PATHS: [&str; 2] = [
    "/usr/share/fonts/opentype/ocr-b/OCRB.otf",
    "/usr/share/fonts/truetype/ocr-b/OCRB.ttf",
];
/// Template size, px.
const TW: usize = 16;
const TH: usize = 24;

struct Templates {
    glyphs: Vec<(char, Vec<f32>)>,
}

fn templates() -> Option<&'static Templates> {
    static CELL: OnceLock<Option<Templates>> = OnceLock::new();
    CELL.get_or_init(|| {
        let bytes = FONT_PATHS.iter().find_map(|p| std::fs::read(p).ok())?;
        let font = FontVec::try_from_vec(bytes).ok()?;
        let glyphs = super::mrz::MRZ_ALPHABET
            .chars()
            .filter_map(|c| render(&font, c).map(|v| (c, v)))
            .collect::<Vec<_>>();
        (glyphs.len() == 37).then_some(Templates { glyphs })
    })
    .as_ref()
}

/// Whether the templates could be loaded (the font is installed).
pub fn available() -> bool {
    templates().is_some()
}

fn render(font: &FontVec, c: char) -> Option<Vec<f32>> {
    let glyph = font
        .glyph_id(c)
        .with_scale_and_position(PxScale::from(96.0), ab_glyph::point(0.0, 0.0));
    let outlined = font.outline_glyph(glyph)?;
    let b = outlined.px_bounds();
    let (w, h) = (b.width().ceil() as usize, b.height().ceil() as usize);
    let mut buf = vec![0f32; w * h];
    outlined.draw(|x, y, v| {
        if (x as usize) < w && (y as usize) < h {
            buf[y as usize * w + x as usize] = v;
        }
    });
    Some(normalise(&resize(&buf, w, h)))
}

/// Area-sampled resize of a `w`×`h` darkness buffer to `TW`×`TH`.
fn resize(buf: &[f32], w: usize, h: usize) -> Vec<f32> {
    let mut out = vec![0f32; TW * TH];
    for ty in 0..TH {
        for tx in 0..TW {
            let (x0, x1) = (
                tx * w / TW,
                ((tx + 1) * w).div_ceil(TW).max(tx * w / TW + 1),
            );
            let (y0, y1) = (
                ty * h / TH,
                ((ty + 1) * h).div_ceil(TH).max(ty * h / TH + 1),
            );
            let mut sum = 0.0;
            let mut n = 0.0;
            for y in y0..y1.min(h) {
                for x in x0..x1.min(w) {
                    sum += buf[y * w + x];
                    n += 1.0;
                }
            }
            out[ty * TW + tx] = if n > 0.0 { sum / n } else { 0.0 };
        }
    }
    out
}

/// Zero mean, unit norm.
fn normalise(v: &[f32]) -> Vec<f32> {
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    let centred: Vec<f32> = v.iter().map(|x| x - mean).collect();
    let norm = centred.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
    centred.iter().map(|x| x / norm).collect()
}

/// The normalised ink of one cell window `[x0, y0, x1, y1)` of `band` (dark text on light),
/// `level` the ink threshold; `None` when the window holds no ink.
pub fn cell_vector(band: &GrayImage, window: [u32; 4], level: u8) -> Option<Vec<f32>> {
    let [x0, y0, x1, y1] = window;
    let (x1, y1) = (x1.min(band.width()), y1.min(band.height()));
    let (mut bx0, mut by0, mut bx1, mut by1) = (u32::MAX, u32::MAX, 0, 0);
    for y in y0..y1 {
        for x in x0..x1 {
            if band.get_pixel(x, y)[0] < level {
                bx0 = bx0.min(x);
                by0 = by0.min(y);
                bx1 = bx1.max(x + 1);
                by1 = by1.max(y + 1);
            }
        }
    }
    if bx0 == u32::MAX || bx1 - bx0 < 2 || by1 - by0 < 3 {
        return None;
    }
    let (w, h) = ((bx1 - bx0) as usize, (by1 - by0) as usize);
    let mut buf = vec![0f32; w * h];
    for y in 0..h {
        for x in 0..w {
            let v = band.get_pixel(bx0 + x as u32, by0 + y as u32)[0] as f32;
            buf[y * w + x] = ((level as f32 + 40.0 - v) / 80.0).clamp(0.0, 1.0);
        }
    }
    Some(normalise(&resize(&buf, w, h)))
}

/// Correlation of a cell with the template of `c` (−1…1); `None` without templates.
pub fn score(cell: &[f32], c: char) -> Option<f32> {
    let t = templates()?;
    let (_, v) = t.glyphs.iter().find(|(g, _)| *g == c)?;
    Some(v.iter().zip(cell).map(|(a, b)| a * b).sum())
}

/// The best-matching character and its correlation.
pub fn best(cell: &[f32]) -> Option<(char, f32)> {
    best_of(cell, |_| true)
}

/// The best-matching character among those `allowed` and its correlation.
pub fn best_of(cell: &[f32], allowed: impl Fn(char) -> bool) -> Option<(char, f32)> {
    let t = templates()?;
    t.glyphs
        .iter()
        .filter(|(c, _)| allowed(*c))
        .map(|(c, v)| (*c, v.iter().zip(cell).map(|(a, b)| a * b).sum::<f32>()))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template matches itself best (when the font is installed).
    #[test]
    fn templates_match_themselves() {
        let Some(t) = templates() else {
            eprintln!("fonts-ocr-b not installed: skipped");
            return;
        };
        for (c, v) in &t.glyphs {
            assert_eq!(best(v).map(|b| b.0), Some(*c));
        }
    }
}
