//! Drawing what was found on a copy of the photo: the document outline and corners, glare blobs,
//! blurred and covered regions, each labelled.
//!
//! Labels use DejaVu Sans read at run time from [`FONT_PATH`]; when the font is missing the marks
//! are drawn without labels. Nothing is written to disk here: the caller saves the image.

use ab_glyph::{FontVec, PxScale};
use image::{Rgb, RgbImage};
use imageproc::drawing::{
    draw_filled_rect_mut, draw_hollow_circle_mut, draw_line_segment_mut, draw_text_mut, text_size,
};
use imageproc::rect::Rect;
use std::sync::OnceLock;

/// The label font (Debian/Ubuntu `fonts-dejavu-core`).
pub const FONT_PATH: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    pub color: [u8; 3],
    pub shape: MarkShape,
}

/// Where to draw it, in pixels of the oriented image.
#[derive(Debug, Clone, PartialEq)]
pub enum MarkShape {
    /// A closed outline; its vertices get small circles (a document's corners).
    Polygon(Vec<[f32; 2]>),
    /// `[x, y, w, h]`.
    Rect([u32; 4]),
}

/// Colours used by the quality checks.
pub mod colors {
    pub const DOCUMENT: [u8; 3] = [0, 200, 60];
    pub const PROBLEM: [u8; 3] = [230, 30, 30];
    pub const GLARE: [u8; 3] = [255, 170, 0];
    pub const BLUR: [u8; 3] = [200, 0, 200];
    pub const COVERED: [u8; 3] = [0, 140, 255];
}

fn font() -> Option<&'static FontVec> {
    static FONT: OnceLock<Option<FontVec>> = OnceLock::new();
    FONT.get_or_init(|| {
        std::fs::read(FONT_PATH)
            .ok()
            .and_then(|b| FontVec::try_from_vec(b).ok())
    })
    .as_ref()
}

/// A copy of `image` with `marks` drawn on it. Line width and text size follow the image size.
pub fn draw(image: &RgbImage, marks: &[Mark]) -> RgbImage {
    let mut out = image.clone();
    let (w, h) = out.dimensions();
    let thick = ((w.max(h) as f32 / 500.0).round() as i32).max(1);
    let scale = PxScale::from((w.max(h) as f32 / 45.0).clamp(12.0, 90.0));
    for m in marks {
        let col = Rgb(m.color);
        let anchor = match &m.shape {
            MarkShape::Polygon(pts) if !pts.is_empty() => {
                for i in 0..pts.len() {
                    let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                    thick_line(&mut out, a, b, thick, col);
                }
                for p in pts {
                    let r = thick * 4;
                    for k in 0..thick {
                        draw_hollow_circle_mut(&mut out, (p[0] as i32, p[1] as i32), r + k, col);
                    }
                }
                let top = pts
                    .iter()
                    .min_by(|a, b| (a[0] + a[1]).total_cmp(&(b[0] + b[1])))
                    .copied()
                    .unwrap_or([0.0, 0.0]);
                (top[0], top[1])
            }
            MarkShape::Polygon(_) => continue,
            MarkShape::Rect([x, y, rw, rh]) => {
                let (x, y, rw, rh) = (*x as f32, *y as f32, *rw as f32, *rh as f32);
                let pts = [[x, y], [x + rw, y], [x + rw, y + rh], [x, y + rh]];
                for i in 0..4 {
                    thick_line(&mut out, pts[i], pts[(i + 1) % 4], thick, col);
                }
                (x, y)
            }
        };
        if let (Some(f), false) = (font(), m.label.is_empty()) {
            label(&mut out, f, scale, anchor, &m.label, col);
        }
    }
    out
}

fn thick_line(img: &mut RgbImage, a: [f32; 2], b: [f32; 2], thick: i32, col: Rgb<u8>) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (nx, ny) = (-dy / len, dx / len);
    for k in 0..thick {
        let o = k as f32 - (thick - 1) as f32 / 2.0;
        draw_line_segment_mut(
            img,
            (a[0] + nx * o, a[1] + ny * o),
            (b[0] + nx * o, b[1] + ny * o),
            col,
        );
    }
}

/// Text on a filled box of the mark's colour, above the anchor when there is room.
fn label(
    img: &mut RgbImage,
    f: &FontVec,
    scale: PxScale,
    at: (f32, f32),
    text: &str,
    col: Rgb<u8>,
) {
    let (tw, th) = text_size(scale, f, text);
    let pad = 3;
    let (w, h) = img.dimensions();
    let x = (at.0.max(0.0) as i32)
        .min(w as i32 - tw as i32 - 2 * pad)
        .max(0);
    let mut y = at.1 as i32 - th as i32 - 2 * pad - 2;
    if y < 0 {
        y = (at.1.max(0.0) as i32 + 2)
            .min(h as i32 - th as i32 - 2 * pad)
            .max(0);
    }
    draw_filled_rect_mut(
        img,
        Rect::at(x, y).of_size(tw + 2 * pad as u32, th + 2 * pad as u32),
        col,
    );
    let lum = 0.299 * col.0[0] as f32 + 0.587 * col.0[1] as f32 + 0.114 * col.0[2] as f32;
    let fg = if lum > 140.0 {
        Rgb([0, 0, 0])
    } else {
        Rgb([255, 255, 255])
    };
    draw_text_mut(img, fg, x + pad, y + pad, scale, f, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_outline_and_rect_in_their_colours() {
        let img = RgbImage::from_pixel(200, 100, Rgb([128, 128, 128]));
        let marks = [
            Mark {
                label: String::new(),
                color: [255, 0, 0],
                shape: MarkShape::Polygon(vec![
                    [20.0, 20.0],
                    [180.0, 20.0],
                    [180.0, 80.0],
                    [20.0, 80.0],
                ]),
            },
            Mark {
                label: "glare".into(),
                color: [0, 0, 255],
                shape: MarkShape::Rect([100, 40, 30, 20]),
            },
        ];
        let out = draw(&img, &marks);
        assert_eq!(out.get_pixel(100, 20).0, [255, 0, 0]);
        assert_eq!(out.get_pixel(115, 60).0, [0, 0, 255]);
        assert_eq!(out.get_pixel(60, 50).0, [128, 128, 128]);
    }
}
