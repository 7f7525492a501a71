//! Sampling an MRZ band for OCR: the band turned upright, deskewed, scaled to [`CAP_PX`]
//! capitals and contrast-stretched, with each line's cell geometry in the sample.

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
