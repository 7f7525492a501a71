//! `selfie_light` and `selfie_color`: the light on the face (too dark, backlit, washed out; the
//! whole frame too dark when no face is found) and a face without colour.

use super::*;

/// The face's mean luminance under which it is too dark. Tuning part: faces found in the `dark`
/// photos 3–70 (after [`crate::face::brighten`] found them), accepted and borderline 121–181.
pub const DARK_FACE: f64 = 80.0;
/// The face's mean luminance under this share of the rest of the frame's is backlit, when the face
/// is also under [`BACKLIT_FACE`] (a face lit well in front of a white wall is not). Set on the
/// backlit selfie fixture (face 95, rest 200); no photo of the tuning part is under both.
pub const BACKLIT_RATIO: f64 = 0.6;
/// A backlit face is darker than this mean luminance.
pub const BACKLIT_FACE: f64 = 115.0;
/// Share of the face's pixels clipped to white from which it is washed out.
pub const WASHED_OUT_SHARE: f64 = 0.25;
/// Light on the face: (mean luminance of the face, the upper quartile of its surroundings' — the
/// box grown by [`RING`] of its size on every side, less the box — and the share of the face
/// clipped to white).
pub fn face_light(gray: &GrayImage, m: &Face) -> (f64, f64, f64) {
    let (gw, gh) = gray.dimensions();
    let [x, y, w, h] = m.clipped(gw, gh);
    let (mut face_sum, mut face_n, mut clipped) = (0f64, 0f64, 0f64);
    let mut rest_hist = [0u32; 256];
    // the middle of the box: skin, not hair or background
    let (ix0, ix1) = (x + w / 5, x + w - w / 5);
    let (iy0, iy1) = (y + h / 5, y + h - h / 10);
    let (gx, gy) = ((w as f32 * RING) as u32, (h as f32 * RING) as u32);
    let (rx0, ry0) = (x.saturating_sub(gx), y.saturating_sub(gy));
    let (rx1, ry1) = ((x + w + gx).min(gw), (y + h + gy).min(gh));
    for py in ry0..ry1 {
        for px in rx0..rx1 {
            let v = gray.get_pixel(px, py).0[0] as f64;
            if px >= ix0 && px < ix1 && py >= iy0 && py < iy1 {
                face_sum += v;
                face_n += 1.0;
                if v >= 250.0 {
                    clipped += 1.0;
                }
            } else if !(px >= x && px < x + w && py >= y && py < y + h) {
                rest_hist[v as usize] += 1;
            }
        }
    }
    let face = face_sum / face_n.max(1.0);
    // the upper quartile: the light behind the head, not the hair and shoulders around the face
    let rest_n: u32 = rest_hist.iter().sum();
    let mut acc = 0;
    let mut rest = face;
    for (v, c) in rest_hist.iter().enumerate() {
        acc += c;
        if rest_n > 0 && acc * 4 >= rest_n * 3 {
            rest = v as f64;
            break;
        }
    }
    (face, rest, clipped / face_n.max(1.0))
}

/// How far around the face its surroundings are measured, as a share of the face box.
pub const RING: f32 = 0.75;

/// `selfie_light`: too dark, backlit or washed out.
pub(super) fn light(gray: &GrayImage, m: &Face) -> Finding {
    let (face, rest, clipped) = face_light(gray, m);
    let r = m.clipped(gray.width(), gray.height());
    if face < DARK_FACE {
        fail(
            "selfie_light",
            format!("the face is too dark (mean brightness {face:.0} of 255)"),
        )
        .with_value(face, DARK_FACE)
        .with_region(r)
        .with_advice("Turn towards a window or a lamp so that your face is evenly lit.")
    } else if face < BACKLIT_FACE && face < BACKLIT_RATIO * rest {
        fail(
            "selfie_light",
            format!("the face is backlit (face {face:.0}, background {rest:.0} of 255)"),
        )
        .with_value(face / rest, BACKLIT_RATIO)
        .with_region(r)
        .with_advice("Do not stand with a window or a lamp behind you; face the light.")
    } else if clipped > WASHED_OUT_SHARE {
        fail(
            "selfie_light",
            format!(
                "the face is washed out ({:.0} % of it is pure white)",
                clipped * 100.0
            ),
        )
        .with_value(clipped, WASHED_OUT_SHARE)
        .with_region(r)
        .with_advice("Move away from direct sunlight or a flash; use soft, even light.")
    } else {
        Finding::pass(
            "selfie_light",
            format!("the face is lit (brightness {face:.0}, background {rest:.0})"),
        )
        .with_value(face, DARK_FACE)
    }
}

/// Mean luminance of the whole frame under which a selfie without a face found fails as too
/// dark: a face cannot be found or judged in it. Tuning part: the five `dark` photos where no
/// face was found 1.0–12.7; the fixtures' dark selfie (gain 0.22) about 35.
pub const DARK_FRAME: f64 = 55.0;

/// `selfie_light` when no face was found: the frame itself too dark.
pub(super) fn frame_light(gray: &GrayImage) -> Finding {
    let n = (gray.width() as f64 * gray.height() as f64).max(1.0);
    let mean = gray.pixels().map(|p| p.0[0] as f64).sum::<f64>() / n;
    if mean < DARK_FRAME {
        fail(
            "selfie_light",
            format!("the selfie is too dark to find a face (mean brightness {mean:.0} of 255)"),
        )
        .with_value(mean, DARK_FRAME)
        .with_advice("Turn towards a window or a lamp so that your face is evenly lit.")
    } else {
        Finding::skipped("selfie_light", "no face was found to measure")
    }
}

/// The face's own colour saturation (95th percentile over its box, as
/// [`quality::color::saturation_p95`] measures a frame) under which a selfie whose frame passes
/// still warns: a black-and-white photo keeps a little colour from JPEG chroma noise, a paper
/// tint, or a coloured logo or border elsewhere in the frame, but its face stays grey. Tuning
/// part (main faces found, on the 1024 px copy): faces in colour 0.225 and up (the lowest a
/// profile, then near-dark faces at 0.250); the black-and-white magazine page 0.125 (its frame
/// 0.145, a red logo: over [`quality::color::GRAY_P95`]); set between them. Held-out part, for
/// the record: faces in colour 0.348 and up.
pub const FACE_GRAY_WARN: f64 = 0.17;

/// `selfie_color`: a black-and-white photo, measured as the document's `color` check does, and
/// then on the face itself ([`FACE_GRAY_WARN`]).
pub(super) fn color(loaded: &Loaded, work: &RgbImage, main: Option<Face>) -> Finding {
    let gray = |s: f64| {
        fail(
            "selfie_color",
            format!("the selfie is black and white (colour saturation {s:.3})"),
        )
        .with_value(s, quality::color::GRAY_P95)
        .with_advice("Take the selfie in colour, with no filter.")
    };
    if loaded.stored_gray {
        return gray(0.0);
    }
    let Some(s) = quality::color::saturation_p95(&quality::thumbnail(work)) else {
        return Finding::skipped(
            "selfie_color",
            "the selfie is too dark to tell colour from black and white",
        );
    };
    if s < quality::color::GRAY_P95 {
        return gray(s);
    }
    if let Some(m) = main {
        let [x, y, fw, fh] = m.clipped(work.width(), work.height());
        let face = image::imageops::crop_imm(work, x, y, fw, fh).to_image();
        // a face too dark to judge is left to `selfie_light`
        let fs = quality::color::saturation_p95(&face).unwrap_or(f64::INFINITY);
        if fs < FACE_GRAY_WARN {
            return Finding::warn(
                "selfie_color",
                format!(
                    "the face looks black and white (its colour saturation {fs:.3}): \
                     a black-and-white photo or a filter?"
                ),
            )
            .with_value(fs, FACE_GRAY_WARN)
            .with_region([x, y, fw, fh]);
        }
    }
    Finding::pass("selfie_color", format!("in colour (saturation {s:.3})"))
        .with_value(s, quality::color::GRAY_P95)
}
