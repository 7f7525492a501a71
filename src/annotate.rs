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
    /// No shape: the label is a line of the banner across the top (a mismatch with the form),
    /// wrapped to the image's width, never cut.
    Note,
}

/// Colours of the marks, each with its meaning in the legend.
pub(crate) mod colors {
    pub const DOCUMENT: [u8; 3] = [0, 200, 60];
    pub const PROBLEM: [u8; 3] = [230, 30, 30];
    pub const GLARE: [u8; 3] = [255, 170, 0];
    pub const BLUR: [u8; 3] = [200, 0, 200];
    pub const COVERED: [u8; 3] = [0, 140, 255];
    /// The MRZ that was read: its own colour, not a problem's.
    pub const MRZ: [u8; 3] = [0, 215, 215];
    /// A value typed into the form that the document contradicts (the banner).
    pub const MISMATCH: [u8; 3] = PROBLEM;
    /// A second document (or a second MRZ) in the same photo.
    pub const SECOND: [u8; 3] = [255, 100, 0];

    /// The legend's words for a colour.
    pub fn meaning(c: [u8; 3]) -> &'static str {
        match c {
            DOCUMENT => "document found",
            PROBLEM => "problem / form mismatch",
            GLARE => "glare",
            BLUR => "blurred",
            COVERED => "covered",
            MRZ => "MRZ read",
            SECOND => "second document",
            _ => "other",
        }
    }
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

/// A box taken by text: `(x, y, w, h)`.
type Boxed = (i32, i32, i32, i32);

fn overlaps(a: Boxed, b: Boxed) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// A copy of `image` with `marks` drawn on it. Line width and text size follow the image size.
/// Shapes first; then the banner (the `Note` marks, wrapped, in a white strip added above the
/// photo, so the image grows by its height), the legend
/// (bottom left, one row per colour used) and each shape's label, placed where it overlaps no
/// text already drawn.
pub fn draw(image: &RgbImage, marks: &[Mark]) -> RgbImage {
    let mut out = image.clone();
    let (w, h) = out.dimensions();
    let thick = ((w.max(h) as f32 / 500.0).round() as i32).max(1);
    let scale = PxScale::from((w.max(h) as f32 / 45.0).clamp(12.0, 90.0));
    let mut anchors: Vec<((f32, f32), &Mark)> = Vec::new();
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
            MarkShape::Polygon(_) | MarkShape::Note => continue,
            MarkShape::Rect([x, y, rw, rh]) => {
                let (x, y, rw, rh) = (*x as f32, *y as f32, *rw as f32, *rh as f32);
                let pts = [[x, y], [x + rw, y], [x + rw, y + rh], [x, y + rh]];
                for i in 0..4 {
                    thick_line(&mut out, pts[i], pts[(i + 1) % 4], thick, col);
                }
                (x, y)
            }
        };
        anchors.push((anchor, m));
    }
    let Some(f) = font() else {
        return out;
    };
    let line_h = scale.y.ceil() as i32 + 2 * PAD;
    // the banner: every note wrapped to the width, in a strip added above the photo so that it
    // covers nothing
    let margin = 4;
    let mut banner: Vec<(String, [u8; 3])> = Vec::new();
    for m in marks.iter().filter(|m| m.shape == MarkShape::Note) {
        for line in wrap(f, scale, &m.label, w as i32 - 2 * margin - 2 * PAD) {
            banner.push((line, m.color));
        }
    }
    let top = if banner.is_empty() {
        0
    } else {
        banner.len() as i32 * line_h + 2 * margin
    };
    if top > 0 {
        let mut canvas = RgbImage::from_pixel(w, h + top as u32, Rgb([255, 255, 255]));
        image::imageops::replace(&mut canvas, &out, 0, top as i64);
        out = canvas;
    }
    let h = h + top as u32;
    let mut taken: Vec<Boxed> = vec![(0, 0, w as i32, top)];
    for (i, (line, color)) in banner.iter().enumerate() {
        text_box(
            &mut out,
            f,
            scale,
            (margin, margin + i as i32 * line_h),
            line,
            Rgb(*color),
        );
    }
    // the legend: one row per colour drawn, bottom left
    let mut used: Vec<[u8; 3]> = Vec::new();
    for m in marks
        .iter()
        .filter(|m| m.shape != MarkShape::Note || !m.label.is_empty())
    {
        if !used.contains(&m.color) {
            used.push(m.color);
        }
    }
    if !used.is_empty() {
        let row = line_h;
        let mut y = h as i32 - margin - row * used.len() as i32;
        for c in used {
            let b = text_box(&mut out, f, scale, (margin, y), colors::meaning(c), Rgb(c));
            taken.push(b);
            y += row;
        }
    }
    // the shapes' labels, each where it overlaps no text
    for ((ax, ay), m) in anchors {
        if m.label.is_empty() {
            continue;
        }
        let (tw, _) = text_size(scale, f, &m.label);
        let (bw, bh) = (tw as i32 + 2 * PAD, line_h);
        let clamp = |x: i32, y: i32| (x.min(w as i32 - bw).max(0), y.min(h as i32 - bh).max(0));
        let (ax, ay) = (ax as i32, ay as i32 + top);
        let mut candidates = vec![clamp(ax, ay - bh - 2), clamp(ax, ay + 2)];
        for k in 1..40 {
            candidates.push(clamp(ax, ay + 2 + k * bh));
            candidates.push(clamp(ax, ay - bh - 2 - k * bh));
        }
        let at = candidates
            .iter()
            .copied()
            .find(|&(x, y)| !taken.iter().any(|t| overlaps(*t, (x, y, bw, bh))))
            .unwrap_or(candidates[0]);
        let b = text_box(&mut out, f, scale, at, &m.label, Rgb(m.color));
        taken.push(b);
    }
    out
}

/// Padding around label text, in pixels.
const PAD: i32 = 3;

/// `text` broken into lines no wider than `width` pixels, at spaces (a word longer than the
/// width stands alone on its line).
fn wrap(f: &FontVec, scale: PxScale, text: &str, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_size(scale, f, &candidate).0 as i32 > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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

/// Text on a filled box of the mark's colour at `at`; returns the box.
fn text_box(
    img: &mut RgbImage,
    f: &FontVec,
    scale: PxScale,
    at: (i32, i32),
    text: &str,
    col: Rgb<u8>,
) -> Boxed {
    let (tw, _) = text_size(scale, f, text);
    let (bw, bh) = (tw + 2 * PAD as u32, scale.y.ceil() as u32 + 2 * PAD as u32);
    draw_filled_rect_mut(img, Rect::at(at.0, at.1).of_size(bw, bh), col);
    let lum = 0.299 * col.0[0] as f32 + 0.587 * col.0[1] as f32 + 0.114 * col.0[2] as f32;
    let fg = if lum > 140.0 {
        Rgb([0, 0, 0])
    } else {
        Rgb([255, 255, 255])
    };
    draw_text_mut(img, fg, at.0 + PAD, at.1 + PAD, scale, f, text);
    (at.0, at.1, bw as i32, bh as i32)
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
        assert_eq!(out.get_pixel(40, 20).0, [255, 0, 0]);
        assert_eq!(out.get_pixel(115, 60).0, [0, 0, 255]);
        assert_eq!(out.get_pixel(60, 50).0, [128, 128, 128]);
    }

    #[test]
    fn a_long_mismatch_is_wrapped_above_the_photo_not_cut() {
        let Some(f) = font() else {
            println!("skipped: {FONT_PATH} is missing, so no text is drawn");
            return;
        };
        let img = RgbImage::from_pixel(400, 300, Rgb([128, 128, 128]));
        let long = "name: name ANNA MARIA ÅSURÖM does not match the document (surname AASTROEM, \
                    given names ANNA MARIA): surname: typed ÅSURÖM, document AASTROEM";
        let scale = PxScale::from((400.0f32 / 45.0).clamp(12.0, 90.0));
        let lines = wrap(f, scale, long, 400 - 8 - 2 * PAD);
        assert!(lines.len() >= 2, "{lines:?}");
        // every word is kept: nothing is cut
        assert_eq!(
            lines.join(" "),
            long.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let marks = [Mark {
            label: long.into(),
            color: colors::MISMATCH,
            shape: MarkShape::Note,
        }];
        let out = draw(&img, &marks);
        // the photo is below the banner strip, untouched
        assert!(out.height() > 300);
        let top = out.height() - 300;
        assert_eq!(out.get_pixel(200, top + 150).0, [128, 128, 128]);
    }

    #[test]
    fn labels_do_not_overlap() {
        assert!(overlaps((0, 0, 10, 10), (5, 5, 10, 10)));
        assert!(!overlaps((0, 0, 10, 10), (10, 0, 10, 10)));
    }
}
