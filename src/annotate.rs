//! Drawing what was found on a copy of the photo: the document outline and corners, glare blobs,
//! blurred and covered regions, each labelled.
//!
//! Labels use DejaVu Sans read at run time from [`FONT_PATH`]; when the font is missing the marks
//! are drawn without labels. [`save_new`] writes the result without ever replacing a file.

use ab_glyph::{FontVec, PxScale};
use image::{Rgb, RgbImage};
use imageproc::drawing::{
    draw_filled_rect_mut, draw_hollow_circle_mut, draw_line_segment_mut, draw_text_mut, text_size,
};
use imageproc::rect::Rect;
use std::path::{Path, PathBuf};
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
pub(crate) mod colors {
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

/// Paints `[x, y, w, h]` black (what `--redact` hides on the annotated copy: the MRZ).
pub fn cover(image: &mut RgbImage, [x, y, w, h]: [u32; 4]) {
    draw_filled_rect_mut(
        image,
        Rect::at(x as i32, y as i32).of_size(w.max(1), h.max(1)),
        Rgb([0, 0, 0]),
    );
}

/// Writes `image` as a PNG into `dir` under a new name: `<stem>.annotated.png`, or
/// `<stem>-2.annotated.png`, `-3`, … when that name is taken. Never replaces or follows
/// anything already there (an input photo, a planted symlink, an earlier annotation):
/// 1. the PNG is encoded in memory, then written to a temporary file created exclusively
///    (`create_new` is `O_CREAT | O_EXCL`, which refuses an existing name or symlink);
/// 2. it is linked under the final name with `link(2)`, which fails if that name exists,
///    and the temporary name is removed. A failed write removes what it wrote.
///
/// Returns the path written.
pub fn save_new(dir: &Path, stem: &str, image: &RgbImage) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(std::io::Error::other)?;
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{stem}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let written = file.write_all(&png).and_then(|()| file.sync_data());
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let result = (1..10_000)
        .map(|k| {
            dir.join(if k == 1 {
                format!("{stem}{SUFFIX}")
            } else {
                format!("{stem}-{k}{SUFFIX}")
            })
        })
        .find_map(|name| match std::fs::hard_link(&tmp, &name) {
            Ok(()) => Some(Ok(name)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
            Err(e) => Some(Err(e)),
        })
        .unwrap_or_else(|| Err(std::io::ErrorKind::AlreadyExists.into()));
    let _ = std::fs::remove_file(&tmp);
    result
}

/// The end of every annotated PNG's name ([`crate::batch::ANNOTATION_SUFFIX`]).
const SUFFIX: &str = crate::batch::ANNOTATION_SUFFIX;

/// A readable name stem for an input's annotation: its file name without the extension,
/// with control, separator and invisible characters replaced by `_`.
pub fn stem_for(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "photo".into());
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || c == '/' || c == '\\' || crate::report::is_invisible_format(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.').to_string();
    if clean.is_empty() {
        "photo".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_new_never_replaces_and_never_follows_a_symlink() {
        let dir = tempfile::TempDir::new().unwrap();
        let img = RgbImage::from_pixel(4, 4, Rgb([1, 2, 3]));
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("p.annotated.png")).unwrap();
        let first = save_new(dir.path(), "p", &img).unwrap();
        assert_eq!(first, dir.path().join("p-2.annotated.png"));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        let second = save_new(dir.path(), "p", &img).unwrap();
        assert_eq!(second, dir.path().join("p-3.annotated.png"));
        // no temporary file is left behind
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

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
