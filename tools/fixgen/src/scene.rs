//! Photographing a rendered document into a scene: background, placement, perspective,
//! lighting, optical defects, sensor noise, storage orientation, JPEG/PNG encoding and EXIF.

use image::{ImageEncoder, RgbImage, Rgba, RgbaImage};
use imageproc::geometric_transformations::{warp_into, Interpolation, Projection};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::data::Doc;
use crate::render::{doc_size_mm, regions, render, Fonts, Side};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Bg {
    Desk,
    Wood,
    Clutter,
    White,
    /// Issue 12: a warm surface near skin's colour (light pine or oak with grain, or a plain
    /// skin-toned fabric or leather), its base colour drawn from the fixture's seed.
    Warm {
        rgb: [u8; 3],
        grain: bool,
    },
}

impl Bg {
    pub fn name(self) -> &'static str {
        match self {
            Bg::Desk => "desk",
            Bg::Wood => "wood",
            Bg::Clutter => "clutter",
            Bg::White => "white",
            Bg::Warm { grain: true, .. } => "warm-wood",
            Bg::Warm { grain: false, .. } => "skin-toned",
        }
    }
}

/// How the pixels are stored relative to the displayed (upright) scene.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Orient {
    Upright,
    /// Pixels rotated clockwise by 90/180/270 degrees, no EXIF tag: the document is displayed sideways.
    Pix(u32),
    /// Stored rotated, with an EXIF Orientation tag (3, 6 or 8) that makes it display upright.
    Exif(u16),
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Place {
    Free,
    /// corner index 0..4 (TL, TR, BR, BL) pushed out of the frame by this many document mm.
    CornerCut(usize, f32),
    /// document bounding box this close to the frame (fraction of the frame width) on left and right.
    TooClose(f32),
}

/// Issue 12: a hand holding the document: the palm outside the document, beyond `edge`, and
/// the thumb over the document from that edge.
#[derive(Clone, Copy, Debug)]
pub struct Hand {
    /// The document's edge the hand holds (0 top, 1 right, 2 bottom, 3 left).
    pub edge: u8,
    /// The thumb's position along that edge, document mm from its start (left or top).
    pub along: f32,
    /// How far the thumb's tip reaches into the document, mm.
    pub depth_mm: f32,
    /// Thumb width, mm.
    pub width_mm: f32,
    /// Skin colour.
    pub skin: [f32; 3],
    /// Which side the palm lies on relative to the thumb (-1 or 1, along the edge).
    pub side: f32,
}

/// Issue 12: coloured lens flare or laminate sheen: light added over the document without
/// clipping it (a screen blend towards `colour`, at most `peak` of the way).
#[derive(Clone, Copy, Debug)]
pub struct Flare {
    /// Centre, document mm.
    pub centre: (f32, f32),
    /// Gaussian sigma across, mm, and elongation along its axis.
    pub sigma_mm: f32,
    pub elong: f32,
    /// Axis angle, degrees.
    pub angle: f32,
    pub colour: [f32; 3],
    pub peak: f32,
    /// Iridescent (laminate sheen): the hue turns along the axis; on the document only.
    pub sheen: bool,
}

#[derive(Clone, Debug)]
pub struct Spec {
    pub name: String,
    pub doc: usize,
    pub side: Side,
    pub bg: Bg,
    pub w: u32,
    pub h: u32,
    /// wanted document width as a fraction of the frame width (shrunk if it does not fit).
    pub fill: f32,
    pub rot: f32,
    pub tilt_x: f32,
    pub tilt_y: f32,
    pub place: Place,
    pub blur_mm: f32,
    pub motion: Option<(f32, f32)>,
    /// glare centre (doc mm), sigma (doc mm), elongation
    pub glare: Option<(f32, f32, f32, f32)>,
    /// finger: entering edge (0 top,1 right,2 bottom,3 left), tip (doc mm), width (mm)
    pub finger: Option<(u8, f32, f32, f32)>,
    pub gain: f32,
    pub wash: f32,
    pub cast: [f32; 3],
    pub noise: f32,
    pub quality: u8,
    pub orient: Orient,
    pub software: Option<&'static str>,
    pub gray: bool,
    pub screenshot: bool,
    pub seed: u64,
    /// Something other than the document's own sides to photograph (issue 17's families).
    pub art: Option<crate::doctype::Art>,
    /// Issue 12: a hand holding the document.
    pub hand: Option<Hand>,
    /// Issue 12: coloured flare or laminate sheen.
    pub flare: Option<Flare>,
}

impl Spec {
    pub fn new(name: &str, doc: usize, side: Side, bg: Bg, seed: u64) -> Spec {
        Spec {
            name: name.to_string(),
            doc,
            side,
            bg,
            w: 1600,
            h: 1200,
            fill: 0.68,
            rot: 0.0,
            tilt_x: 0.0,
            tilt_y: 0.0,
            place: Place::Free,
            blur_mm: 0.0,
            motion: None,
            glare: None,
            finger: None,
            gain: 1.0,
            wash: 0.0,
            cast: [1.0, 1.0, 1.0],
            noise: 2.2,
            quality: 88,
            orient: Orient::Upright,
            software: None,
            gray: false,
            screenshot: false,
            seed,
            art: None,
            hand: None,
            flare: None,
        }
    }
    pub fn ext(&self) -> &'static str {
        if self.screenshot {
            "png"
        } else {
            "jpg"
        }
    }
}

pub struct Shot {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub corners: [[f32; 2]; 4],
    pub doc_w_px: f32,
    pub blur_total_mm: f32,
    pub glare_pct: f32,
    pub glare_region: Option<[i64; 4]>,
    pub glare_over: Vec<&'static str>,
    pub finger_pct: f32,
    pub finger_region: Option<[i64; 4]>,
    pub finger_over: Vec<&'static str>,
    /// Issue 12: share of the document (percent) where the flare takes text contrast down by at
    /// least [`FLARE_WASH`], and the key regions there.
    pub flare_pct: f32,
    pub flare_over: Vec<&'static str>,
    /// Issue 12: the brightest any channel gets under the flare on the document.
    pub flare_max: f32,
}

/// A flare washes text out where it takes its contrast down by this share or more.
pub const FLARE_WASH: f32 = 0.45;

/// Optical softness of every simulated camera (pixels, gaussian sigma), before any defect.
pub const BASE_BLUR_PX: f32 = 0.45;

struct Buf {
    w: usize,
    h: usize,
    d: Vec<f32>,
}

impl Buf {
    fn idx(&self, x: usize, y: usize) -> usize {
        (y * self.w + x) * 3
    }
}

fn gauss(rng: &mut ChaCha8Rng) -> f32 {
    // Irwin-Hall approximation of a unit normal (deterministic, cheap)
    let s: f32 = (0..4).map(|_| rng.gen::<f32>()).sum();
    (s - 2.0) * 1.732_050_8
}

// The committed fixtures' bytes depend on these exact constants (6.28, 6.283): `TAU` would change
// every background.
#[allow(clippy::approx_constant)]
fn background(bg: Bg, w: usize, h: usize, rng: &mut ChaCha8Rng) -> Buf {
    let mut b = Buf {
        w,
        h,
        d: vec![0.0; w * h * 3],
    };
    let ph: [f32; 4] = [
        rng.gen::<f32>() * 6.28,
        rng.gen::<f32>() * 6.28,
        rng.gen::<f32>() * 6.28,
        rng.gen::<f32>() * 6.28,
    ];
    let s = w.max(h) as f32 / 1600.0;
    for y in 0..h {
        for x in 0..w {
            let (xf, yf) = (x as f32 / s, y as f32 / s);
            let c: [f32; 3] = match bg {
                Bg::Desk => {
                    let v = 1.0 + 0.10 * (xf / 310.0 + ph[0]).sin() * (yf / 260.0 + ph[1]).cos();
                    [46.0 * v, 49.0 * v, 56.0 * v]
                }
                Bg::Wood => {
                    let g =
                        ((yf + 9.0 * (xf / 170.0 + ph[0]).sin() + 3.0 * (xf / 41.0 + ph[1]).sin())
                            * 6.283
                            / 36.0)
                            .sin();
                    let g2 = ((yf * 0.8 + 4.0 * (xf / 90.0 + ph[2]).sin()) * 6.283 / 95.0).sin();
                    let seam = if ((yf + 37.0 * ph[3]) % 290.0) < 2.5 {
                        0.55
                    } else {
                        1.0
                    };
                    let v = (1.0 + 0.05 * g + 0.06 * g2) * seam;
                    [152.0 * v, 101.0 * v, 62.0 * v]
                }
                Bg::Clutter => {
                    let v = 1.0 + 0.06 * (xf / 200.0 + ph[0]).sin();
                    [92.0 * v, 86.0 * v, 80.0 * v]
                }
                Bg::White => {
                    let v = 1.0 - 0.035 * (x as f32 / w as f32) - 0.02 * (y as f32 / h as f32);
                    [238.0 * v, 237.0 * v, 233.0 * v]
                }
                Bg::Warm { rgb, grain } => {
                    let v = if grain {
                        let g = ((yf
                            + 7.0 * (xf / 150.0 + ph[0]).sin()
                            + 2.5 * (xf / 37.0 + ph[1]).sin())
                            * 6.283
                            / 28.0)
                            .sin();
                        let g2 =
                            ((yf * 0.7 + 5.0 * (xf / 80.0 + ph[2]).sin()) * 6.283 / 110.0).sin();
                        1.0 + 0.04 * g + 0.05 * g2
                    } else {
                        // a soft weave
                        1.0 + 0.025 * (xf / 3.1).sin() * (yf / 3.3).sin()
                            + 0.04 * (xf / 260.0 + ph[3]).sin()
                    };
                    [rgb[0] as f32 * v, rgb[1] as f32 * v, rgb[2] as f32 * v]
                }
            };
            let i = b.idx(x, y);
            b.d[i] = c[0];
            b.d[i + 1] = c[1];
            b.d[i + 2] = c[2];
        }
    }
    if bg == Bg::Clutter {
        let palette: [[f32; 3]; 8] = [
            [200.0, 40.0, 40.0],
            [40.0, 90.0, 190.0],
            [230.0, 190.0, 40.0],
            [40.0, 150.0, 80.0],
            [30.0, 30.0, 30.0],
            [150.0, 60.0, 160.0],
            [230.0, 120.0, 30.0],
            [120.0, 170.0, 200.0],
        ];
        for _ in 0..14 {
            let col = palette[rng.gen_range(0..palette.len())];
            let cx = rng.gen::<f32>() * w as f32;
            let cy = rng.gen::<f32>() * h as f32;
            let rx = (0.04 + rng.gen::<f32>() * 0.12) * w as f32;
            let ry = (0.02 + rng.gen::<f32>() * 0.10) * h as f32;
            let ell = rng.gen::<bool>();
            let (x0, x1) = (
                ((cx - rx).max(0.0)) as usize,
                ((cx + rx).min(w as f32 - 1.0)) as usize,
            );
            let (y0, y1) = (
                ((cy - ry).max(0.0)) as usize,
                ((cy + ry).min(h as f32 - 1.0)) as usize,
            );
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let nx = (x as f32 - cx) / rx;
                    let ny = (y as f32 - cy) / ry;
                    if ell && nx * nx + ny * ny > 1.0 {
                        continue;
                    }
                    let shade = 1.0 - 0.25 * ny.abs();
                    let i = b.idx(x, y);
                    for (d, c) in b.d[i..i + 3].iter_mut().zip(col) {
                        *d = c * shade;
                    }
                }
            }
        }
    }
    // fine texture
    let amp = match bg {
        Bg::White => 1.0,
        Bg::Wood => 1.5,
        _ => 1.2,
    };
    for v in b.d.chunks_mut(3) {
        let n = (rng.gen::<f32>() - 0.5) * 2.0 * amp;
        for c in v.iter_mut() {
            *c += n;
        }
    }
    b
}

/// Pinhole projection of the document rectangle, centred at the origin.
fn rel_corners(dw: f32, dh: f32, rot: f32, tx: f32, ty: f32, focal: f32) -> [[f32; 2]; 4] {
    let pts = [
        [-dw / 2.0, -dh / 2.0],
        [dw / 2.0, -dh / 2.0],
        [dw / 2.0, dh / 2.0],
        [-dw / 2.0, dh / 2.0],
    ];
    let (ax, ay, r) = (tx.to_radians(), ty.to_radians(), rot.to_radians());
    let mut out = [[0.0; 2]; 4];
    for (i, p) in pts.iter().enumerate() {
        // rotate about the x axis (top edge away from the camera for positive tilt_x)
        let (x, y, z) = (p[0], p[1] * ax.cos(), -p[1] * ax.sin());
        // about the y axis
        let (x, z) = (x * ay.cos() + z * ay.sin(), -x * ay.sin() + z * ay.cos());
        let k = focal / (focal + z);
        let (x, y) = (x * k, y * k);
        out[i] = [x * r.cos() - y * r.sin(), x * r.sin() + y * r.cos()];
    }
    out
}

fn bbox(c: &[[f32; 2]; 4]) -> (f32, f32, f32, f32) {
    let xs = c.iter().map(|p| p[0]);
    let ys = c.iter().map(|p| p[1]);
    (
        xs.clone().fold(f32::MAX, f32::min),
        ys.clone().fold(f32::MAX, f32::min),
        xs.fold(f32::MIN, f32::max),
        ys.fold(f32::MIN, f32::max),
    )
}

fn inside_quad(c: &[[f32; 2]; 4], x: f32, y: f32) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let a = c[i];
        let b = c[(i + 1) % 4];
        let cr = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
        if cr != 0.0 {
            if sign == 0.0 {
                sign = cr.signum();
            } else if cr.signum() != sign {
                return false;
            }
        }
    }
    true
}

fn quad_area(c: &[[f32; 2]; 4]) -> f32 {
    let mut a = 0.0;
    for i in 0..4 {
        let p = c[i];
        let q = c[(i + 1) % 4];
        a += p[0] * q[1] - q[0] * p[1];
    }
    a.abs() / 2.0
}

fn blur_separable(b: &mut Buf, sigma: f32) {
    if sigma < 0.05 {
        return;
    }
    let r = (sigma * 3.0).ceil() as isize;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let s: f32 = k.iter().sum();
    let k: Vec<f32> = k.iter().map(|v| v / s).collect();
    let (w, h) = (b.w as isize, b.h as isize);
    let mut tmp = vec![0.0f32; b.d.len()];
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0.0f32; 3];
            for (j, kv) in k.iter().enumerate() {
                let xx = (x + j as isize - r).clamp(0, w - 1);
                let i = ((y * w + xx) * 3) as usize;
                acc[0] += kv * b.d[i];
                acc[1] += kv * b.d[i + 1];
                acc[2] += kv * b.d[i + 2];
            }
            let o = ((y * w + x) * 3) as usize;
            tmp[o..o + 3].copy_from_slice(&acc);
        }
    }
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0.0f32; 3];
            for (j, kv) in k.iter().enumerate() {
                let yy = (y + j as isize - r).clamp(0, h - 1);
                let i = ((yy * w + x) * 3) as usize;
                acc[0] += kv * tmp[i];
                acc[1] += kv * tmp[i + 1];
                acc[2] += kv * tmp[i + 2];
            }
            let o = ((y * w + x) * 3) as usize;
            b.d[o..o + 3].copy_from_slice(&acc);
        }
    }
}

fn motion_blur(b: &mut Buf, len_px: f32, angle_deg: f32) {
    let n = (len_px.ceil() as usize + 1).max(2);
    let (dx, dy) = (angle_deg.to_radians().cos(), angle_deg.to_radians().sin());
    let (w, h) = (b.w, b.h);
    let src = b.d.clone();
    let sample = |x: f32, y: f32, k: usize| -> f32 {
        let x = x.clamp(0.0, (w - 1) as f32);
        let y = y.clamp(0.0, (h - 1) as f32);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let g = |xx: usize, yy: usize| src[(yy * w + xx) * 3 + k];
        (g(x0, y0) * (1.0 - fx) + g(x1, y0) * fx) * (1.0 - fy)
            + (g(x0, y1) * (1.0 - fx) + g(x1, y1) * fx) * fy
    };
    for y in 0..h {
        for x in 0..w {
            let mut acc = [0.0f32; 3];
            for s in 0..n {
                let t = (s as f32 / (n - 1) as f32 - 0.5) * len_px;
                for (k, a) in acc.iter_mut().enumerate() {
                    *a += sample(x as f32 + t * dx, y as f32 + t * dy, k);
                }
            }
            let o = (y * w + x) * 3;
            for (d, a) in b.d[o..o + 3].iter_mut().zip(acc) {
                *d = a / n as f32;
            }
        }
    }
}

fn to_rgb(b: &Buf) -> RgbImage {
    let mut img = RgbImage::new(b.w as u32, b.h as u32);
    for (p, v) in img.pixels_mut().zip(b.d.chunks(3)) {
        p.0 = [
            v[0].round().clamp(0.0, 255.0) as u8,
            v[1].round().clamp(0.0, 255.0) as u8,
            v[2].round().clamp(0.0, 255.0) as u8,
        ];
    }
    img
}

/// Minimal EXIF APP1 segment: TIFF header (big-endian) + IFD0 with Orientation and optionally Software.
pub fn exif_app1(orientation: u16, software: Option<&str>) -> Vec<u8> {
    let n_entries: u16 = if software.is_some() { 2 } else { 1 };
    let mut tiff: Vec<u8> = vec![b'M', b'M', 0, 42, 0, 0, 0, 8];
    tiff.extend_from_slice(&n_entries.to_be_bytes());
    // Orientation 0x0112, SHORT, count 1, value left-justified
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let data_off = 8 + 2 + 12 * n_entries as u32 + 4;
    let mut data = Vec::new();
    if let Some(sw) = software {
        let mut s = sw.as_bytes().to_vec();
        s.push(0);
        tiff.extend_from_slice(&[0x01, 0x31, 0, 2]);
        tiff.extend_from_slice(&(s.len() as u32).to_be_bytes());
        tiff.extend_from_slice(&data_off.to_be_bytes());
        data = s;
    }
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    tiff.extend_from_slice(&data);
    let mut seg = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}

fn encode_jpeg(img: &RgbImage, q: u8, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("jpeg encode");
    if let Some(seg) = exif {
        assert_eq!(&out[0..2], &[0xFF, 0xD8]);
        let mut v = Vec::with_capacity(out.len() + seg.len());
        v.extend_from_slice(&out[0..2]);
        v.extend_from_slice(&seg);
        v.extend_from_slice(&out[2..]);
        out = v;
    }
    out
}

fn encode_png(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgb8,
    )
    .expect("png encode");
    out
}

fn rot_point(p: [f32; 2], deg: u32, w: f32, h: f32) -> [f32; 2] {
    match deg {
        90 => [h - p[1], p[0]],
        180 => [w - p[0], h - p[1]],
        270 => [p[1], w - p[0]],
        _ => p,
    }
}

fn rot_region(r: [i64; 4], deg: u32, w: f32, h: f32) -> [i64; 4] {
    let a = rot_point([r[0] as f32, r[1] as f32], deg, w, h);
    let b = rot_point([(r[0] + r[2]) as f32, (r[1] + r[3]) as f32], deg, w, h);
    let (x0, x1) = (a[0].min(b[0]), a[0].max(b[0]));
    let (y0, y1) = (a[1].min(b[1]), a[1].max(b[1]));
    [
        x0.round() as i64,
        y0.round() as i64,
        (x1 - x0).round() as i64,
        (y1 - y0).round() as i64,
    ]
}

fn rotate_img(img: &RgbImage, deg: u32) -> RgbImage {
    match deg {
        90 => image::imageops::rotate90(img),
        180 => image::imageops::rotate180(img),
        270 => image::imageops::rotate270(img),
        _ => img.clone(),
    }
}

fn screenshot(spec: &Spec, doc: &Doc, fonts: &Fonts) -> Shot {
    let (wmm, hmm) = doc_size_mm(doc.base);
    let (w, h) = (spec.w, spec.h);
    let ppm = w as f32 * spec.fill / wmm;
    let d = render(doc, spec.side, ppm, fonts);
    let dark = spec.bg != Bg::White;
    let bgc: [u8; 3] = if dark { [0, 0, 0] } else { [242, 242, 247] };
    let fg: [u8; 3] = if dark { [255, 255, 255] } else { [0, 0, 0] };
    let mut img = RgbImage::from_pixel(w, h, image::Rgb(bgc));
    let ox = (w - d.width()) / 2;
    let oy = (h - d.height()) / 2;
    for (x, y, p) in d.enumerate_pixels() {
        let a = p.0[3] as f32 / 255.0;
        let q = img.get_pixel_mut(ox + x, oy + y);
        for k in 0..3 {
            q.0[k] = (p.0[k] as f32 + q.0[k] as f32 * (1.0 - a))
                .round()
                .min(255.0) as u8;
        }
    }
    // status bar: clock, signal bars, battery
    let sb = (h as f32 * 0.04) as u32;
    let mut rgba = RgbaImage::from_fn(w, h, |x, y| {
        let p = img.get_pixel(x, y).0;
        Rgba([p[0], p[1], p[2], 255])
    });
    let fcol = Rgba([fg[0], fg[1], fg[2], 255]);
    let scale = ab_glyph::PxScale::from(sb as f32 * 0.55);
    imageproc::drawing::draw_text_mut(
        &mut rgba,
        fcol,
        (w as f32 * 0.06) as i32,
        (sb as f32 * 0.25) as i32,
        scale,
        &fonts.bold,
        "9:41",
    );
    for i in 0..4u32 {
        let bh = sb / 8 * (i + 1);
        let x = w - (w as f32 * 0.25) as u32 + i * (sb / 4);
        imageproc::drawing::draw_filled_rect_mut(
            &mut rgba,
            imageproc::rect::Rect::at(x as i32, (sb * 3 / 4 - bh) as i32)
                .of_size(sb / 6, bh.max(1)),
            fcol,
        );
    }
    let bx = w - (w as f32 * 0.12) as u32;
    imageproc::drawing::draw_hollow_rect_mut(
        &mut rgba,
        imageproc::rect::Rect::at(bx as i32, (sb / 4) as i32).of_size(sb, sb / 2),
        fcol,
    );
    imageproc::drawing::draw_filled_rect_mut(
        &mut rgba,
        imageproc::rect::Rect::at(bx as i32 + 2, (sb / 4) as i32 + 2)
            .of_size(sb * 7 / 10, sb / 2 - 4),
        fcol,
    );
    // viewer toolbar at the bottom
    let tb = (h as f32 * 0.07) as u32;
    for i in 0..4u32 {
        let x = w / 8 + i * w / 4 - sb / 2;
        imageproc::drawing::draw_hollow_rect_mut(
            &mut rgba,
            imageproc::rect::Rect::at(x as i32, (h - tb / 2 - sb / 2) as i32).of_size(sb, sb),
            fcol,
        );
    }
    let img = RgbImage::from_fn(w, h, |x, y| {
        let p = rgba.get_pixel(x, y).0;
        image::Rgb([p[0], p[1], p[2]])
    });
    let (dw, dh) = (d.width() as f32, d.height() as f32);
    let (fx, fy) = (ox as f32, oy as f32);
    let _ = hmm;
    Shot {
        bytes: encode_png(&img),
        width: w,
        height: h,
        corners: [[fx, fy], [fx + dw, fy], [fx + dw, fy + dh], [fx, fy + dh]],
        doc_w_px: dw,
        blur_total_mm: 0.0,
        glare_pct: 0.0,
        glare_region: None,
        glare_over: vec![],
        finger_pct: 0.0,
        finger_region: None,
        finger_over: vec![],
        flare_pct: 0.0,
        flare_over: vec![],
        flare_max: 0.0,
    }
}

pub fn shoot(spec: &Spec, doc: &Doc, fonts: &Fonts) -> Shot {
    if spec.screenshot {
        return screenshot(spec, doc, fonts);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let (wmm, hmm) = spec
        .art
        .as_ref()
        .map_or_else(|| doc_size_mm(doc.base), |a| a.size_mm());
    let (w, h) = (spec.w as usize, spec.h as usize);
    let (wf, hf) = (w as f32, h as f32);
    let focal = 0.8 * wf.max(hf);

    // --- placement ---
    let mut dw = spec.fill * wf;
    let (mx, my) = (0.06 * wf, 0.06 * hf);
    let mut rel;
    loop {
        rel = rel_corners(
            dw,
            dw * hmm / wmm,
            spec.rot,
            spec.tilt_x,
            spec.tilt_y,
            focal,
        );
        let (x0, y0, x1, y1) = bbox(&rel);
        let fits = match spec.place {
            Place::Free => x1 - x0 <= wf - 2.0 * mx && y1 - y0 <= hf - 2.0 * my,
            Place::CornerCut(..) => x1 - x0 <= wf * 0.86 && y1 - y0 <= hf * 0.86,
            Place::TooClose(m) => {
                x1 - x0 <= wf * (1.0 - 2.0 * m) + 0.5 && y1 - y0 <= hf * (1.0 - 2.0 * m) + 0.5
            }
        };
        if let Place::TooClose(m) = spec.place {
            // grow or shrink so the bounding box is exactly (1 - 2m) of the limiting dimension
            let kx = wf * (1.0 - 2.0 * m) / (x1 - x0);
            let ky = hf * (1.0 - 2.0 * m) / (y1 - y0);
            let k = kx.min(ky);
            if (k - 1.0).abs() < 1e-4 {
                break;
            }
            dw *= k;
            continue;
        }
        if fits {
            break;
        }
        dw *= 0.98;
    }
    let (x0, y0, x1, y1) = bbox(&rel);
    let (cx, cy) = match spec.place {
        Place::Free => {
            let (lo_x, hi_x) = (mx - x0, wf - mx - x1);
            let (lo_y, hi_y) = (my - y0, hf - my - y1);
            (
                lo_x + (hi_x - lo_x).max(0.0) * rng.gen::<f32>(),
                lo_y + (hi_y - lo_y).max(0.0) * rng.gen::<f32>(),
            )
        }
        Place::TooClose(m) => {
            let cx = m * wf - x0;
            let (lo_y, hi_y) = (m * hf - y0, hf - m * hf - y1);
            (cx, lo_y + (hi_y - lo_y).max(0.0) * rng.gen::<f32>())
        }
        Place::CornerCut(k, d_mm) => {
            let d = d_mm * dw / wmm;
            let c = rel[k];
            // TL -> out through the top edge, TR -> right, BR -> bottom, BL -> left (needs rot > 0)
            let t = 0.35 + 0.3 * rng.gen::<f32>();
            match k {
                0 => (mx - x0 + (wf - 2.0 * mx - (x1 - x0)) * t, -d - c[1]),
                1 => (wf + d - c[0], my - y0 + (hf - 2.0 * my - (y1 - y0)) * t),
                2 => (mx - x0 + (wf - 2.0 * mx - (x1 - x0)) * t, hf + d - c[1]),
                _ => (-d - c[0], my - y0 + (hf - 2.0 * my - (y1 - y0)) * t),
            }
        }
    };
    let corners: [[f32; 2]; 4] = [0, 1, 2, 3].map(|i| [rel[i][0] + cx, rel[i][1] + cy]);
    let scene_ppm = dw / wmm;

    // --- render and warp ---
    let ppm_r = (scene_ppm * 1.15).ceil().clamp(3.0, 24.0);
    let d = match &spec.art {
        Some(a) => a.render(ppm_r, fonts),
        None => render(doc, spec.side, ppm_r, fonts),
    };
    let (rw, rh) = (d.width() as f32, d.height() as f32);
    let proj = Projection::from_control_points(
        [(0.0, 0.0), (rw, 0.0), (rw, rh), (0.0, rh)],
        [
            (corners[0][0], corners[0][1]),
            (corners[1][0], corners[1][1]),
            (corners[2][0], corners[2][1]),
            (corners[3][0], corners[3][1]),
        ],
    )
    .expect("projection");
    let mut warped = RgbaImage::new(w as u32, h as u32);
    warp_into(
        &d,
        &proj,
        Interpolation::Bilinear,
        Rgba([0, 0, 0, 0]),
        &mut warped,
    );
    drop(d);

    let mut b = background(spec.bg, w, h, &mut rng);
    // soft contact shadow: the document's alpha shifted down-right darkens the background
    let off = (0.6 * scene_ppm).round() as i64;
    let shadow_k = if spec.bg == Bg::White { 0.16 } else { 0.3 };
    for y in 0..h {
        for x in 0..w {
            let sx = x as i64 - off;
            let sy = y as i64 - off;
            let mut sa = 0.0;
            if sx >= 0 && sy >= 0 {
                sa = warped.get_pixel(sx as u32, sy as u32).0[3] as f32 / 255.0;
            }
            let p = warped.get_pixel(x as u32, y as u32).0;
            let a = p[3] as f32 / 255.0;
            let i = b.idx(x, y);
            for (d, pk) in b.d[i..i + 3].iter_mut().zip(p) {
                let bgv = *d * (1.0 - shadow_k * sa);
                *d = pk as f32 + bgv * (1.0 - a);
            }
        }
    }
    drop(warped);
    let doc_area = quad_area(&corners);
    let to_px = |xm: f32, ym: f32| -> (f32, f32) { proj * (xm * ppm_r, ym * ppm_r) };
    let inv = proj.invert();
    let to_mm = |x: f32, y: f32| -> (f32, f32) {
        let (a, c) = inv * (x, y);
        (a / ppm_r, c / ppm_r)
    };
    let off = spec.art.as_ref().map_or((0.0, 0.0), |a| a.data_offset_mm());
    let regs: Vec<(&'static str, [f32; 4])> = regions(doc.base, spec.side)
        .into_iter()
        .map(|(n, r)| (n, [r[0] + off.0, r[1] + off.1, r[2], r[3]]))
        .collect();
    let over_of = |hits: &[bool]| -> Vec<&'static str> {
        regs.iter()
            .zip(hits)
            .filter(|(_, h)| **h)
            .map(|(r, _)| r.0)
            .collect()
    };

    // --- finger ---
    let mut finger_pct = 0.0;
    let mut finger_region = None;
    let mut finger_over = vec![];
    if let Some((edge, tx, ty, wid)) = spec.finger {
        let (sxm, sym) = match edge {
            0 => (tx, -45.0),
            1 => (wmm + 45.0, ty),
            2 => (tx, hmm + 45.0),
            _ => (-45.0, ty),
        };
        let a = to_px(sxm, sym);
        let bpt = to_px(tx, ty);
        let r = wid * scene_ppm / 2.0;
        let (vx, vy) = (bpt.0 - a.0, bpt.1 - a.1);
        let len2 = vx * vx + vy * vy;
        let len = len2.sqrt();
        let skin = [222.0f32, 168.0, 138.0];
        let (bx0, bx1) = (
            (a.0.min(bpt.0) - r - 2.0).max(0.0) as usize,
            ((a.0.max(bpt.0) + r + 2.0).min(wf - 1.0)).max(0.0) as usize,
        );
        let (by0, by1) = (
            (a.1.min(bpt.1) - r - 2.0).max(0.0) as usize,
            ((a.1.max(bpt.1) + r + 2.0).min(hf - 1.0)).max(0.0) as usize,
        );
        let mut count = 0usize;
        let mut hits = vec![false; regs.len()];
        let (mut rx0, mut ry0, mut rx1, mut ry1) = (usize::MAX, usize::MAX, 0, 0);
        for y in by0..=by1 {
            for x in bx0..=bx1 {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let traw = ((px - a.0) * vx + (py - a.1) * vy) / len2;
                let t = traw.clamp(0.0, 1.0);
                let (qx, qy) = (a.0 + t * vx, a.1 + t * vy);
                let dist = ((px - qx).powi(2) + (py - qy).powi(2)).sqrt();
                let cov = (r - dist + 0.5).clamp(0.0, 1.0);
                if cov <= 0.0 {
                    continue;
                }
                let s = (1.0 - (dist / r).min(1.0).powi(2)).sqrt();
                let along = (1.0 - traw) * len; // distance from the tip along the axis
                let shade = (0.55 + 0.45 * s) * (0.92 + 0.08 * t);
                let mut c = [skin[0] * shade, skin[1] * shade, skin[2] * shade];
                let lateral = {
                    let cr = ((px - a.0) * vy - (py - a.1) * vx) / len;
                    cr.abs()
                };
                if along > -0.3 * r && along < 1.1 * r && lateral < 0.55 * r {
                    let na = 0.55 * (1.0 - lateral / (0.55 * r)).min(0.3) / 0.3;
                    let nail = [240.0 * s.max(0.6), 205.0 * s.max(0.6), 196.0 * s.max(0.6)];
                    for (ck, nk) in c.iter_mut().zip(nail) {
                        *ck = *ck * (1.0 - na) + nk * na;
                    }
                }
                let i = b.idx(x, y);
                for (d, ck) in b.d[i..i + 3].iter_mut().zip(c) {
                    *d = *d * (1.0 - cov) + ck * cov;
                }
                if cov > 0.5 && inside_quad(&corners, px, py) {
                    count += 1;
                    rx0 = rx0.min(x);
                    ry0 = ry0.min(y);
                    rx1 = rx1.max(x);
                    ry1 = ry1.max(y);
                    let (mxm, mym) = to_mm(px, py);
                    for (j, rg) in regs.iter().enumerate() {
                        let q = rg.1;
                        if mxm >= q[0] && mxm <= q[0] + q[2] && mym >= q[1] && mym <= q[1] + q[3] {
                            hits[j] = true;
                        }
                    }
                }
            }
        }
        finger_pct = 100.0 * count as f32 / doc_area;
        if count > 0 {
            finger_region = Some([
                rx0 as i64,
                ry0 as i64,
                (rx1 - rx0 + 1) as i64,
                (ry1 - ry0 + 1) as i64,
            ]);
        }
        finger_over = over_of(&hits);
    }

    // --- issue 12: a hand holding the document (palm outside, thumb over the edge) ---
    if let Some(hd) = spec.hand {
        let (t, n, start) = match hd.edge {
            0 => ((1.0, 0.0), (0.0, -1.0), (0.0, 0.0)),
            1 => ((0.0, 1.0), (1.0, 0.0), (wmm, 0.0)),
            2 => ((1.0, 0.0), (0.0, 1.0), (0.0, hmm)),
            _ => ((0.0, 1.0), (-1.0, 0.0), (0.0, 0.0)),
        };
        let at = |along: f32, out: f32| {
            (
                start.0 + along * t.0 + out * n.0,
                start.1 + along * t.1 + out * n.1,
            )
        };
        let palm_r = 2.1 * hd.width_mm;
        let s = hd.side;
        // the palm, then the thumb from it to its tip over the document
        let palm = (
            to_px_pt(&to_px, at(hd.along + s * 1.2 * hd.width_mm, palm_r + 2.0)),
            to_px_pt(&to_px, at(hd.along + s * 2.5 * hd.width_mm, 170.0)),
        );
        let thumb = (
            to_px_pt(&to_px, at(hd.along + s * 0.8 * hd.width_mm, 30.0)),
            to_px_pt(&to_px, at(hd.along, -(hd.depth_mm - hd.width_mm / 2.0))),
        );
        // (the thumb's skin reaches its half width beyond the tip's centre: `depth_mm` in all)
        let mut hits = vec![false; regs.len()];
        let mut count = 0usize;
        let mut rb = (usize::MAX, usize::MAX, 0usize, 0usize);
        for (seg, r_mm, nail) in [(palm, palm_r, false), (thumb, hd.width_mm / 2.0, true)] {
            capsule(
                &mut b,
                seg.0,
                seg.1,
                r_mm * scene_ppm,
                hd.skin,
                nail,
                |x, y, cov| {
                    let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                    if cov > 0.5 && inside_quad(&corners, px, py) {
                        count += 1;
                        rb = (rb.0.min(x), rb.1.min(y), rb.2.max(x), rb.3.max(y));
                        let (mxm, mym) = to_mm(px, py);
                        for (j, rg) in regs.iter().enumerate() {
                            let q = rg.1;
                            if mxm >= q[0]
                                && mxm <= q[0] + q[2]
                                && mym >= q[1]
                                && mym <= q[1] + q[3]
                            {
                                hits[j] = true;
                            }
                        }
                    }
                },
            );
        }
        // a pixel under both the palm's rim and the thumb counts once: near enough, as the palm stays outside
        finger_pct = 100.0 * count as f32 / doc_area;
        if count > 0 {
            finger_region = Some([
                rb.0 as i64,
                rb.1 as i64,
                (rb.2 - rb.0 + 1) as i64,
                (rb.3 - rb.1 + 1) as i64,
            ]);
        }
        finger_over = over_of(&hits);
    }

    // --- lighting: uneven illumination, a cast shadow and vignette, exposure, colour cast,
    // washed out ---
    let gx = (rng.gen::<f32>() - 0.5) * 0.16;
    let gy = (rng.gen::<f32>() - 0.5) * 0.16;
    let shade = crate::shade::Shade::of(spec);
    for y in 0..h {
        for x in 0..w {
            let ill = spec.gain
                * (1.0 + gx * (x as f32 / wf - 0.5) + gy * (y as f32 / hf - 0.5))
                * shade.light(x as f32 + 0.5, y as f32 + 0.5, wf, hf);
            let i = b.idx(x, y);
            for k in 0..3 {
                let mut v = b.d[i + k] * ill * spec.cast[k];
                if spec.wash > 0.0 {
                    v = 255.0 * spec.wash + v * (1.0 - spec.wash) * 1.15;
                }
                b.d[i + k] = v.min(255.0);
            }
        }
    }

    // --- issue 12: coloured lens flare or laminate sheen, added light that is not clipped ---
    let (mut flare_pct, mut flare_over, mut flare_max) = (0.0, vec![], 0.0f32);
    if let Some(fl) = spec.flare {
        let c = to_px(fl.centre.0, fl.centre.1);
        let sg = fl.sigma_mm * scene_ppm;
        let (ca, sa) = (fl.angle.to_radians().cos(), fl.angle.to_radians().sin());
        let ext = sg * fl.elong * 3.5;
        let (bx0, bx1) = (
            (c.0 - ext).max(0.0) as usize,
            (c.0 + ext).min(wf - 1.0).max(0.0) as usize,
        );
        let (by0, by1) = (
            (c.1 - ext).max(0.0) as usize,
            (c.1 + ext).min(hf - 1.0).max(0.0) as usize,
        );
        let mut hits = vec![false; regs.len()];
        let mut count = 0usize;
        for y in by0..=by1 {
            for x in bx0..=bx1 {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let on_doc = inside_quad(&corners, px, py);
                if fl.sheen && !on_doc {
                    continue;
                }
                let (dx, dy) = (px - c.0, py - c.1);
                let u = (dx * ca + dy * sa) / (sg * fl.elong);
                let v = (-dx * sa + dy * ca) / sg;
                let alpha = fl.peak * (-(u * u + v * v) / 2.0).exp();
                if alpha < 0.004 {
                    continue;
                }
                let col = if fl.sheen {
                    // the hue turns along the band, pastel
                    let hsh = u * 1.3;
                    [0, 1, 2].map(|k| fl.colour[k] * (0.82 + 0.18 * (hsh + k as f32 * 2.094).cos()))
                } else {
                    fl.colour
                };
                let i = b.idx(x, y);
                let mut lo = 255.0f32;
                for (d, ck) in b.d[i..i + 3].iter_mut().zip(col) {
                    *d = 255.0 - (255.0 - d.min(255.0)) * (1.0 - alpha * ck / 255.0);
                    lo = lo.min(*d);
                }
                if on_doc {
                    flare_max = flare_max.max(lo);
                    let wash = alpha * (0.299 * col[0] + 0.587 * col[1] + 0.114 * col[2]) / 255.0;
                    if wash >= FLARE_WASH {
                        count += 1;
                        let (mxm, mym) = to_mm(px, py);
                        for (j, rg) in regs.iter().enumerate() {
                            let q = rg.1;
                            if mxm >= q[0]
                                && mxm <= q[0] + q[2]
                                && mym >= q[1]
                                && mym <= q[1] + q[3]
                            {
                                hits[j] = true;
                            }
                        }
                    }
                }
            }
        }
        flare_pct = 100.0 * count as f32 / doc_area;
        flare_over = over_of(&hits);
    }

    // --- optics ---
    let sigma_px = (BASE_BLUR_PX.powi(2) + (spec.blur_mm * scene_ppm).powi(2)).sqrt();
    blur_separable(&mut b, sigma_px);
    if let Some((len_mm, ang)) = spec.motion {
        motion_blur(&mut b, len_mm * scene_ppm, ang);
    }

    // --- sensor noise (luminance + weaker chroma) ---
    if spec.noise > 0.0 {
        for v in b.d.chunks_mut(3) {
            let nl = gauss(&mut rng) * spec.noise;
            for c in v.iter_mut() {
                *c += nl + gauss(&mut rng) * spec.noise * 0.35;
            }
        }
    }

    // --- glare: saturated colourless specular blob with a soft halo ---
    let mut glare_pct = 0.0;
    let mut glare_region = None;
    let mut glare_over = vec![];
    if let Some((gxm, gym, sig_mm, elong)) = spec.glare {
        let c = to_px(gxm, gym);
        let s = sig_mm * scene_ppm;
        let ang = rng.gen::<f32>() * std::f32::consts::PI;
        let (ca, sa) = (ang.cos(), ang.sin());
        let ext = s * elong * 4.0;
        let (bx0, bx1) = (
            (c.0 - ext).max(0.0) as usize,
            (c.0 + ext).min(wf - 1.0).max(0.0) as usize,
        );
        let (by0, by1) = (
            (c.1 - ext).max(0.0) as usize,
            (c.1 + ext).min(hf - 1.0).max(0.0) as usize,
        );
        let mut count = 0usize;
        let mut hits = vec![false; regs.len()];
        let (mut rx0, mut ry0, mut rx1, mut ry1) = (usize::MAX, usize::MAX, 0, 0);
        for y in by0..=by1 {
            for x in bx0..=bx1 {
                let (dx, dy) = (x as f32 + 0.5 - c.0, y as f32 + 0.5 - c.1);
                let u = (dx * ca + dy * sa) / (s * elong);
                let v = (-dx * sa + dy * ca) / s;
                let q = u * u + v * v;
                let alpha = (1.6 * (-q / 2.0).exp() + 0.22 * (-q / 9.0).exp()).min(1.0);
                // a specular reflection lives on the (glossy) document surface only
                if alpha < 0.004 || !inside_quad(&corners, x as f32 + 0.5, y as f32 + 0.5) {
                    continue;
                }
                let i = b.idx(x, y);
                for k in 0..3 {
                    b.d[i + k] = b.d[i + k] * (1.0 - alpha) + 255.0 * alpha;
                }
                if alpha >= 1.0 {
                    count += 1;
                    rx0 = rx0.min(x);
                    ry0 = ry0.min(y);
                    rx1 = rx1.max(x);
                    ry1 = ry1.max(y);
                    let (mxm, mym) = to_mm(x as f32 + 0.5, y as f32 + 0.5);
                    for (j, rg) in regs.iter().enumerate() {
                        let r = rg.1;
                        if mxm >= r[0] && mxm <= r[0] + r[2] && mym >= r[1] && mym <= r[1] + r[3] {
                            hits[j] = true;
                        }
                    }
                }
            }
        }
        glare_pct = 100.0 * count as f32 / doc_area;
        if count > 0 {
            glare_region = Some([
                rx0 as i64,
                ry0 as i64,
                (rx1 - rx0 + 1) as i64,
                (ry1 - ry0 + 1) as i64,
            ]);
        }
        glare_over = over_of(&hits);
    }

    if spec.gray {
        for v in b.d.chunks_mut(3) {
            let l = 0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2];
            v[0] = l;
            v[1] = l;
            v[2] = l;
        }
    }
    let img = to_rgb(&b);
    drop(b);

    let doc_w_px = {
        let e = |p: [f32; 2], q: [f32; 2]| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
        (e(corners[0], corners[1]) + e(corners[3], corners[2])) / 2.0
    };
    let blur_total_mm = sigma_px / scene_ppm;
    let (stored, exif_o, disp_deg) = match spec.orient {
        Orient::Upright => (
            img,
            if spec.software.is_some() {
                Some(1u16)
            } else {
                None
            },
            0,
        ),
        Orient::Pix(deg) => (
            rotate_img(&img, deg),
            if spec.software.is_some() {
                Some(1)
            } else {
                None
            },
            deg,
        ),
        Orient::Exif(o) => {
            let st = match o {
                6 => image::imageops::rotate270(&img),
                8 => image::imageops::rotate90(&img),
                3 => image::imageops::rotate180(&img),
                _ => img.clone(),
            };
            (st, Some(o), 0)
        }
    };
    let exif = exif_o.map(|o| exif_app1(o, spec.software));
    let bytes = encode_jpeg(&stored, spec.quality, exif);
    let (dw_disp, dh_disp) = if disp_deg == 90 || disp_deg == 270 {
        (spec.h, spec.w)
    } else {
        (spec.w, spec.h)
    };
    Shot {
        bytes,
        width: dw_disp,
        height: dh_disp,
        corners: corners.map(|p| rot_point(p, disp_deg, wf, hf)),
        doc_w_px,
        blur_total_mm,
        glare_pct,
        glare_region: glare_region.map(|r| rot_region(r, disp_deg, wf, hf)),
        glare_over,
        finger_pct,
        finger_region: finger_region.map(|r| rot_region(r, disp_deg, wf, hf)),
        finger_over,
        flare_pct,
        flare_over,
        flare_max,
    }
}

fn to_px_pt(to_px: &impl Fn(f32, f32) -> (f32, f32), p: (f32, f32)) -> (f32, f32) {
    to_px(p.0, p.1)
}

/// Issue 12: a shaded skin capsule from `a` to `b` (px), radius `r` px, a nail at `b` when
/// `nail`; `each(x, y, coverage)` for every pixel drawn.
fn capsule(
    buf: &mut Buf,
    a: (f32, f32),
    b: (f32, f32),
    r: f32,
    skin: [f32; 3],
    nail: bool,
    mut each: impl FnMut(usize, usize, f32),
) {
    let (w, h) = (buf.w as f32, buf.h as f32);
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = (vx * vx + vy * vy).max(1e-3);
    let len = len2.sqrt();
    let (bx0, bx1) = (
        (a.0.min(b.0) - r - 2.0).max(0.0) as usize,
        ((a.0.max(b.0) + r + 2.0).min(w - 1.0)).max(0.0) as usize,
    );
    let (by0, by1) = (
        (a.1.min(b.1) - r - 2.0).max(0.0) as usize,
        ((a.1.max(b.1) + r + 2.0).min(h - 1.0)).max(0.0) as usize,
    );
    for y in by0..=by1 {
        for x in bx0..=bx1 {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let traw = ((px - a.0) * vx + (py - a.1) * vy) / len2;
            let t = traw.clamp(0.0, 1.0);
            let (qx, qy) = (a.0 + t * vx, a.1 + t * vy);
            let dist = ((px - qx).powi(2) + (py - qy).powi(2)).sqrt();
            let cov = (r - dist + 0.5).clamp(0.0, 1.0);
            if cov <= 0.0 {
                continue;
            }
            let s = (1.0 - (dist / r).min(1.0).powi(2)).sqrt();
            let shade = (0.6 + 0.4 * s) * (0.93 + 0.07 * t);
            let mut c = [skin[0] * shade, skin[1] * shade, skin[2] * shade];
            if nail {
                let along = (1.0 - traw) * len;
                let lateral = (((px - a.0) * vy - (py - a.1) * vx) / len).abs();
                if along > -0.3 * r && along < 1.1 * r && lateral < 0.55 * r {
                    let na = 0.5 * (1.0 - lateral / (0.55 * r)).min(0.3) / 0.3;
                    let nl = [
                        skin[0] * 1.08 + 12.0,
                        skin[1] * 1.15 + 18.0,
                        skin[2] * 1.25 + 22.0,
                    ]
                    .map(|v| v.min(250.0) * s.max(0.6));
                    for (ck, nk) in c.iter_mut().zip(nl) {
                        *ck = *ck * (1.0 - na) + nk * na;
                    }
                }
            }
            let i = buf.idx(x, y);
            for (d, ck) in buf.d[i..i + 3].iter_mut().zip(c) {
                *d = *d * (1.0 - cov) + ck * cov;
            }
            each(x, y, cov);
        }
    }
}
