//! The selfie pre-check (`--selfie`): will the liveness step find one live-looking face, large
//! enough, centred, sharp, lit and in colour? Check ids [`CHECKS`], each failing with E012.
//!
//! Every measure is taken on a copy at most [`WORK_SIDE`] px long, faces on one at most
//! [`super::DETECT_SIDE`] px long, so the cost does not depend on the camera. Thresholds were set
//! on the tuning part of `realdata/faces` (split by source project,
//! `tests/data/faces_split.tsv`) and the selfie fixtures; each constant says what it was set from.
//! The detector's landmarks give the head's roll, turn and tilt ([`super::pose`]; each only
//! warns) and where the mouth is: a mouth and chin that do not look like skin warn as covered
//! ([`LOWER_SKIN_WARN`]). Eyes, glasses and hats are not judged (the keypoints do not say whether
//! the eyes are open or covered).
//!
//! This is not a liveness test: `selfie_recapture` reports a possible document, screen or print
//! held up to the camera, and never calls a face live.

use super::{Face, FaceDetector};
use crate::annotate::{colors, Mark, MarkShape};
use crate::codes::Code;
use crate::finding::{Finding, Status};
use crate::load::Loaded;
use crate::quality;
use image::{GrayImage, RgbImage};

/// The check ids, in the order [`check`] returns them.
pub const CHECKS: [&str; 7] = [
    "selfie_face",
    "selfie_size",
    "selfie_position",
    "selfie_sharpness",
    "selfie_light",
    "selfie_color",
    "selfie_recapture",
];

/// Long side, px, of the copy the selfie is measured on.
pub const WORK_SIDE: u32 = 1024;

/// Another face counts as a second person when its box is at least this share of the main
/// face's area; smaller ones (people far behind, faces on posters) only warn. Tuning part: no
/// photo of one person has a second detection, and every group photo where two faces were found
/// fails `selfie_face` at this share.
pub const OTHER_PERSON_AREA: f32 = 0.25;

/// The face box's share of the frame's area under which the face is too small ("move closer").
/// The detector's box covers brows to chin (about half a head). Tuning part: accepted and
/// borderline portraits 0.149–0.481; photos labelled `small_face` 0.010–0.034.
pub const MIN_FACE_SHARE: f64 = 0.02;
/// Under this share the face warns (Smart Engines asks for the head to fill 20–40 % of the frame;
/// the box is about half a head). Tuning part: between the `small_face` photos and the accepted.
pub const WARN_FACE_SHARE: f64 = 0.04;
/// Over this share the face is too close ("move back"): the face box alone fills most of the
/// frame. Tuning part: accepted and borderline at most 0.481; a face cropped to the frame 0.689.
pub const MAX_FACE_SHARE: f64 = 0.55;

/// The face box grown by this share of its size on every side must stay inside the frame (the
/// detector's box stops at the brows and chin). Tuning part: accepted portraits keep 0.15 or more
/// on every side; a larger margin (0.25 tried, with twice that above) failed posed portraits whose
/// hair touches the top of the frame, which a selfie step accepts.
pub const HEAD_MARGIN: f32 = 0.08;
/// Under this margin (the same measure as [`HEAD_MARGIN`]) on any side, the head warns: close
/// enough to the edge that its hair, forehead or chin is likely cut off. Tuning part, the main
/// face's smallest side margin over its box's size: the photo labelled `cut_by_edge` whose own
/// head is cut (a masked selfie, top of the head cut) 0.15; accepted photos 0.21 and 0.49; set
/// between them. (Held-out part, for the record: the close-up labelled `cut_by_edge` 0.15,
/// accepted portraits 0.21 and up.) A warning never fails the selfie.
pub const HEAD_ROOM_WARN: f32 = 0.18;
/// A head tilted further than this from upright, degrees ([`super::roll_deg`], from the
/// detector's landmarks), warns. Tuning part (BlazeFace back 256): most faces within ±10°; an
/// accepted portrait 24.9° (warned: a warning never fails the selfie), the masked selfies
/// 14.7–21.6°.
pub const ROLL_WARN: f32 = 20.0;
/// A head turned further than this ([`super::pose`]'s `turn`: the nose tip's offset from the
/// eyes' midpoint over the eye distance, about 0.45 for 35°) warns: the liveness step wants the
/// face straight to the camera. Tuning part (main faces, BlazeFace landmarks): accepted photos
/// 0.05 and 0.27, borderline up to 0.09, the profile 0.71 (and a face turned away in a group
/// 0.72); set between. Held-out part, for the record: accepted photos up to 0.19.
pub const TURN_WARN: f32 = 0.45;
/// A nose tip closer to the eye line than this share of the way to the mouth
/// ([`super::pose`]'s `nose_drop`) warns: the head is tilted back. Tuning part: accepted photos
/// 0.59 and 0.61, borderline 0.49–0.68, the head tilted back looking up 0.22 (and one face in a
/// group 0.25); set between, under every frontal face of both parts (held-out accepted photos
/// 0.44 and up).
pub const NOSE_DROP_WARN: f32 = 0.3;
/// The face's centre further than this share of the frame's size from the centre warns.
pub const OFF_CENTRE: f32 = 0.30;

/// The face crop's sharpness (fine/coarse Laplacian energy ratio, [`quality::blur`], of the crop
/// resized to [`CROP_SIDE`] px and cleaned of sensor noise by a 3×3 median, [`face_sharpness`])
/// under which it fails. Tuning part of `realdata/faces`: accepted and borderline faces
/// 2.79–3.27, the `blurry` photo 2.04 (2.20 with sensor noise σ 4 added), small group faces
/// 1.54–2.26; fixtures: clean selfies 3.51–3.89, the far one 2.91, the blurred one 1.49
/// (`examples/selfie_sharpness.rs` prints them). Set between the blurry photo with noise and the
/// lowest accepted face, nearer the blurred side (a warning covers the rest).
pub const FAIL_SHARPNESS: f64 = 2.3;
/// Under this the sharpness warns (tuning part: rotated and small portraits 2.32–2.50, the
/// lowest accepted face 2.79).
pub const WARN_SHARPNESS: f64 = 2.6;
/// Side of the square the face crop is resized to before measuring sharpness, px.
pub const CROP_SIDE: u32 = 160;

/// Share of skin-coloured pixels ([`skin_share`]) over the mouth and chin under which the lower
/// face warns as covered (a mask, a scarf, a hand), when the skin between the eyes is plainly
/// skin (at least [`SKIN_REFERENCE`]): judged only when the detector gives landmarks. Tuning part
/// (main faces): the two masked selfies whose masks are white 0.00 (their eyes' skin 1.00); a
/// small group face under pink light 0.00 (a false warning, in a photo that fails as a group
/// anyway); every other face 0.13 and up, accepted ones 0.51 and up; a mask the colour of skin
/// 0.71 is not seen. Held-out part, for the record: the masked crowd's main face 0.00; accepted
/// photos 0.04 (whose eyes' skin is 0.28, so not judged) and otherwise 0.23 and up.
pub const LOWER_SKIN_WARN: f64 = 0.1;
/// The skin between the eyes must be at least this share skin-coloured for [`LOWER_SKIN_WARN`]
/// to be judged (pale skin in cold light, dark skin in dim light, a grey photo: not judged).
pub const SKIN_REFERENCE: f64 = 0.6;

/// The whole selfie result: faces (in pixels of the photo as loaded), findings, marks.
#[derive(Debug, Clone)]
pub struct Selfie {
    pub faces: Vec<Face>,
    pub findings: Vec<Finding>,
    pub marks: Vec<Mark>,
}

mod light;
mod recapture;
use light::{color, frame_light, light};
pub use light::{
    face_light, BACKLIT_FACE, BACKLIT_RATIO, DARK_FACE, DARK_FRAME, FACE_GRAY_WARN, RING,
    WASHED_OUT_SHARE,
};
use recapture::recapture;
pub use recapture::RECAPTURE_SIDE;

fn fail(check: &'static str, message: impl Into<String>) -> Finding {
    Finding::fail(check, Code::E012, message)
}

/// Runs every selfie check on a loaded photo. Positions in the result are in pixels of
/// `loaded.image`. Faces: those [`super::find_in_selfie`] finds, and, on a selfie found upright
/// (or with no face), those cut by its side edges ([`super::edge`]), whose boxes reach past the
/// frame and so fail `selfie_position` when one of them is the largest. `selfie_recapture`'s
/// search for a document in the picture runs meanwhile on a thread of its own.
pub fn check(loaded: &Loaded, detector: &dyn FaceDetector) -> Selfie {
    let photo = &loaded.image;
    let pw = photo.width();
    let work = crate::document::downscale(photo, WORK_SIDE);
    let k = pw as f32 / work.width() as f32;
    let gray = image::DynamicImage::ImageRgb8(work.clone()).into_luma8();
    // the coarse gray copy both the face search and the edge search look at
    let (coarse, kc) = super::gray_copy(&work, super::COARSE_SIDE);
    let faces_in = || {
        let found = super::find_in_selfie_from(detector, &work, &coarse, kc);
        let mut faces = found.faces;
        if found.turned == 0 {
            // a group is searched with the selfie's own detector, as its tiles are
            // (see `edge_detector`)
            let edge = if faces.len() >= super::blaze::CROWD {
                detector
            } else {
                super::edge_detector()
            };
            let cut = super::edge::cut_by_edge_on(edge, &coarse, kc, &faces);
            faces.extend(cut);
        }
        (faces, found.turned)
    };
    // `selfie_recapture`'s look for an MRZ or an outline needs no face: a second core does it
    // meanwhile (the MRZ locator and the 512 px outline search, ~20 and ~17 ms of a 12 MP
    // selfie's ~150 ms)
    let ((faces, turned), seen) = std::thread::scope(|s| {
        let side = std::thread::Builder::new()
            .name("recapture".into())
            .spawn_scoped(s, || recapture::look(&work, &gray));
        let found = faces_in();
        let seen = match side {
            Ok(t) => t
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => recapture::look(&work, &gray),
        };
        (found, seen)
    });
    let mut findings = Vec::with_capacity(CHECKS.len());
    let mut marks = Vec::new();
    let main = faces
        .iter()
        .copied()
        .max_by(|a, b| a.area().total_cmp(&b.area()));
    findings.push(face_count(&work, &faces, main, turned));
    let to_photo = |r: [u32; 4]| r.map(|v| (v as f32 * k).round() as u32);
    let (w, h) = work.dimensions();
    match main {
        Some(m) => {
            findings.push(size(&m, w, h));
            findings.push(position(&m, w, h));
            findings.push(sharpness(&work, &m));
            findings.push(light(&gray, &m));
        }
        None => {
            for id in &CHECKS[1..4] {
                findings.push(Finding::skipped(id, "no face was found to measure"));
            }
            findings.push(frame_light(&gray));
        }
    }
    findings.push(color(loaded, &work, main));
    findings.push(recapture(seen, &gray, main, &mut marks));
    debug_assert!(findings.iter().map(|f| f.check).eq(CHECKS));
    for f in &mut findings {
        f.region = f.region.map(to_photo);
    }
    for m in &mut marks {
        if let MarkShape::Rect(r) = &mut m.shape {
            *r = to_photo(*r);
        }
    }
    for f in &faces {
        let main_one = Some(*f) == main;
        marks.push(Mark {
            label: format!(
                "{} ({:.1})",
                if main_one { "face" } else { "other face" },
                f.score
            ),
            color: if main_one {
                colors::DOCUMENT
            } else {
                colors::PROBLEM
            },
            shape: MarkShape::Rect(to_photo(f.clipped(w, h))),
        });
    }
    Selfie {
        faces: faces.iter().map(|f| f.scaled(k)).collect(),
        findings,
        marks,
    }
}

/// Share of `pixels` whose colour is skin's under ordinary light: red over green over blue, red
/// at least 16 levels over blue (a common rule of thumb; it misses skin under coloured light,
/// which is why [`lower_face_skin`] first checks the skin between the eyes).
fn skin_share(pixels: impl Iterator<Item = [u8; 3]>) -> f64 {
    let (mut n, mut skin) = (0usize, 0usize);
    for [r, g, b] in pixels {
        n += 1;
        skin += usize::from(r > g && g > b && r - b > 15);
    }
    if n == 0 {
        0.0
    } else {
        skin as f64 / n as f64
    }
}

/// The skin share over the mouth and chin (a box 0.6 eye distances wide and 0.4 high, centred
/// 0.15 under the mouth), and that box, when the face's landmarks are known and the skin between
/// the eyes (a square 0.24 eye distances across) is at least [`SKIN_REFERENCE`] skin.
fn lower_face_skin(work: &RgbImage, m: &Face) -> Option<(f64, [u32; 4])> {
    let l = m.landmarks?;
    let de = (l[1][0] - l[0][0]).hypot(l[1][1] - l[0][1]);
    let (w, h) = work.dimensions();
    let region = |cx: f32, cy: f32, hw: f32, hh: f32| -> Option<[u32; 4]> {
        let x0 = (cx - hw).max(0.0) as u32;
        let y0 = (cy - hh).max(0.0) as u32;
        let x1 = ((cx + hw).min(w as f32)) as u32;
        let y1 = ((cy + hh).min(h as f32)) as u32;
        (x1 > x0 && y1 > y0).then_some([x0, y0, x1 - x0, y1 - y0])
    };
    let share = |r: [u32; 4]| {
        let crop = image::imageops::crop_imm(work, r[0], r[1], r[2], r[3]);
        skin_share(crop.to_image().pixels().map(|p| p.0))
    };
    let eyes = region(
        (l[0][0] + l[1][0]) / 2.0,
        (l[0][1] + l[1][1]) / 2.0,
        0.12 * de,
        0.12 * de,
    )?;
    if share(eyes) < SKIN_REFERENCE {
        return None;
    }
    let lower = region(l[3][0], l[3][1] + 0.15 * de, 0.3 * de, 0.2 * de)?;
    Some((share(lower), lower))
}

/// `selfie_face`: exactly one person, upright (`turned`: see [`super::SelfieFaces`]); a covered
/// mouth and chin only warn ([`LOWER_SKIN_WARN`]).
fn face_count(work: &RgbImage, faces: &[Face], main: Option<Face>, turned: u16) -> Finding {
    let Some(m) = main else {
        return fail("selfie_face", "no face was found in the selfie")
            .with_value(0.0, 1.0)
            .with_advice(
                "Face the camera with your whole face in the frame, in good light, \
                 nothing covering it.",
            );
    };
    let people = faces
        .iter()
        .filter(|f| f.area() >= OTHER_PERSON_AREA * m.area())
        .count();
    let background = faces.len() - people;
    if people > 1 {
        return fail(
            "selfie_face",
            format!("{people} faces are in the selfie: only you may be in the frame"),
        )
        .with_value(people as f64, 1.0)
        .with_advice("Take the selfie alone, with nobody behind or beside you.");
    }
    if turned != 0 {
        // a liveness step looks for an upright face: one found only on a turned copy fails
        let how = if turned == 180 {
            "upside down"
        } else {
            "sideways"
        };
        return fail(
            "selfie_face",
            format!("the face is {how} (upright only with the photo turned {turned}° clockwise)"),
        )
        .with_value(turned as f64, 0.0)
        .with_advice("Hold the phone upright, with your face upright in the frame.");
    }
    if background > 0 {
        return Finding::warn(
            "selfie_face",
            format!(
                "one face, and {background} small face(s) in the background (people or \
                 pictures behind you may be taken for a second person)"
            ),
        )
        .with_value(people as f64, 1.0);
    }
    if let Some((share, r)) = lower_face_skin(work, &m) {
        if share < LOWER_SKIN_WARN {
            return Finding::warn(
                "selfie_face",
                "the mouth and chin do not look like skin: is a mask, a scarf or a hand \
                 covering them? The whole face must be visible",
            )
            .with_value(share, LOWER_SKIN_WARN)
            .with_region(r);
        }
    }
    Finding::pass("selfie_face", "one face found").with_value(1.0, 1.0)
}

/// `selfie_size`: the face's share of the frame.
fn size(m: &Face, w: u32, h: u32) -> Finding {
    let share = (m.area() / (w as f32 * h as f32)) as f64;
    let r = m.clipped(w, h);
    if share < MIN_FACE_SHARE {
        fail(
            "selfie_size",
            format!(
                "the face is too small ({:.1} % of the frame)",
                share * 100.0
            ),
        )
        .with_value(share, MIN_FACE_SHARE)
        .with_region(r)
        .with_advice("Move closer: your head should fill about a third of the frame.")
    } else if share > MAX_FACE_SHARE {
        fail(
            "selfie_size",
            format!(
                "the face is too close ({:.0} % of the frame)",
                share * 100.0
            ),
        )
        .with_value(share, MAX_FACE_SHARE)
        .with_region(r)
        .with_advice("Move the camera back so that your whole head and some space around it show.")
    } else if share < WARN_FACE_SHARE {
        Finding::warn(
            "selfie_size",
            format!(
                "the face is small ({:.1} % of the frame); move a little closer",
                share * 100.0
            ),
        )
        .with_value(share, WARN_FACE_SHARE)
        .with_region(r)
    } else {
        Finding::pass(
            "selfie_size",
            format!("the face fills {:.1} % of the frame", share * 100.0),
        )
        .with_value(share, MIN_FACE_SHARE)
    }
}

/// `selfie_position`: the head inside the frame, roughly centred.
fn position(m: &Face, w: u32, h: u32) -> Finding {
    let [x, y, fw, fh] = m.rect;
    // each side's margin to the frame's edge, over the face box's size across it
    let sides = [
        ("left", x / fw),
        ("right", (w as f32 - (x + fw)) / fw),
        ("top", y / fh),
        ("bottom", (h as f32 - (y + fh)) / fh),
    ];
    let cut: Vec<&str> = sides
        .iter()
        .filter(|(_, room)| *room < HEAD_MARGIN)
        .map(|(side, _)| *side)
        .collect();
    let room = sides.iter().map(|(_, room)| *room).fold(f32::MAX, f32::min);
    let r = m.clipped(w, h);
    if !cut.is_empty() {
        return fail(
            "selfie_position",
            format!(
                "the head is cut by the {} edge of the frame",
                cut.join(" and ")
            ),
        )
        .with_region(r)
        .with_advice("Centre your face so that your whole head is inside the frame.");
    }
    if room < HEAD_ROOM_WARN {
        return Finding::warn(
            "selfie_position",
            "the head touches the edge of the frame: part of it may be cut off; \
             leave some space around your whole head",
        )
        .with_value(room as f64, HEAD_ROOM_WARN as f64)
        .with_region(r);
    }
    if let Some(roll) = m.landmarks.map(|l| super::roll_deg(&l)) {
        if roll.abs() > ROLL_WARN && roll.abs() <= super::SIDEWAYS_DEG {
            return Finding::warn(
                "selfie_position",
                format!(
                    "the head is tilted ({:.0}° from upright); hold it straight",
                    roll.abs()
                ),
            )
            .with_value(roll.abs() as f64, ROLL_WARN as f64)
            .with_region(r);
        }
    }
    if let Some((turn, drop)) = m.landmarks.and_then(|l| super::pose(&l)) {
        if turn.abs() > TURN_WARN {
            return Finding::warn(
                "selfie_position",
                "the head is turned to the side; look straight into the camera",
            )
            .with_value(turn.abs() as f64, TURN_WARN as f64)
            .with_region(r);
        }
        if drop < NOSE_DROP_WARN {
            return Finding::warn(
                "selfie_position",
                "the head is tilted back; hold it level and look straight into the camera",
            )
            .with_value(drop as f64, NOSE_DROP_WARN as f64)
            .with_region(r);
        }
    }
    let (cx, cy) = m.center();
    let off = ((cx / w as f32 - 0.5).abs()).max((cy / h as f32 - 0.5).abs()) as f64;
    if off > OFF_CENTRE as f64 {
        Finding::warn(
            "selfie_position",
            format!(
                "the face is off-centre ({:.0} % of the frame from the middle)",
                off * 100.0
            ),
        )
        .with_value(off, OFF_CENTRE as f64)
        .with_region(r)
    } else {
        Finding::pass("selfie_position", "the face is inside the frame, centred")
            .with_value(off, OFF_CENTRE as f64)
    }
}

/// The face box as a square crop of `img`, resized to `side`.
fn face_crop(img: &RgbImage, m: &Face, side: u32) -> Option<RgbImage> {
    let [x, y, cw, ch] = m.clipped(img.width(), img.height());
    if cw < 8 || ch < 8 {
        return None;
    }
    let crop = image::imageops::crop_imm(img, x, y, cw, ch).to_image();
    Some(crate::read::band::resize_triangle_rgb(&crop, side, side))
}

/// The sharpness of the face crop (see [`FAIL_SHARPNESS`]), `None` when too small to measure.
///
/// The crop is first cleaned by a 3×3 median: sensor noise is fine-scale energy the ratio reads
/// as detail, so a noisy blurred face measured sharp (tuning part, noise σ 4 added: the
/// `blurry` photo 2.25 → 3.16 and six other faces up by 0.4–1.0 without the median; with it
/// 2.04 → 2.20, the others up by 0.1–0.45, `tests/selfie_perturb.rs`), while the edges whose
/// fine detail blur takes away pass a median unchanged.
pub fn face_sharpness(img: &RgbImage, m: &Face) -> Option<f64> {
    let crop = face_crop(img, m, CROP_SIDE)?;
    let clean = imageproc::filter::median_filter(&crop, 1, 1);
    quality::blur::measure(&clean).map(|s| s.global)
}

/// `selfie_sharpness`: blur on the face itself.
fn sharpness(img: &RgbImage, m: &Face) -> Finding {
    let r = m.clipped(img.width(), img.height());
    let Some(s) = face_sharpness(img, m) else {
        return Finding::skipped("selfie_sharpness", "the face is too small to measure");
    };
    if s < FAIL_SHARPNESS {
        fail(
            "selfie_sharpness",
            format!("the face is blurred (sharpness {s:.2})"),
        )
        .with_value(s, FAIL_SHARPNESS)
        .with_region(r)
        .with_advice("Hold the phone still, wipe the lens and let the camera focus on your face.")
    } else if s < WARN_SHARPNESS {
        Finding::warn(
            "selfie_sharpness",
            format!("the face is a little soft (sharpness {s:.2})"),
        )
        .with_value(s, WARN_SHARPNESS)
        .with_region(r)
    } else {
        Finding::pass("selfie_sharpness", format!("the face is sharp ({s:.2})"))
            .with_value(s, FAIL_SHARPNESS)
    }
}

/// Whether any selfie finding fails.
pub fn fails(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.status == Status::Fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn face(rect: [f32; 4]) -> Face {
        Face {
            rect,
            score: 0.9,
            landmarks: None,
        }
    }

    /// [`HEAD_ROOM_WARN`]: a 200 px face 30 px under the top of a 600 × 800 frame (0.15 of its
    /// size: the cut close-ups of the tuning part) warns; 50 px under it (0.25) passes; 10 px
    /// (0.05, under [`HEAD_MARGIN`]) fails.
    #[test]
    fn a_head_close_to_the_edge_warns() {
        let at = |top: f32| position(&face([200.0, top, 200.0, 200.0]), 600, 800);
        let close = at(30.0);
        assert_eq!(close.status, Status::Warn, "{}", close.message);
        assert!((close.value.unwrap() - 0.15).abs() < 1e-6);
        assert_eq!(at(50.0).status, Status::Warn, "off-centre, not head room");
        let centred = position(&face([200.0, 250.0, 200.0, 200.0]), 600, 800);
        assert_eq!(centred.status, Status::Pass, "{}", centred.message);
        let room = |top: f32| {
            position(&face([200.0, top, 200.0, 200.0]), 600, 800)
                .message
                .contains("touches")
        };
        assert!(room(30.0) && !room(50.0));
        assert_eq!(at(10.0).status, Status::Fail);
    }

    /// A face 200 px wide in the middle of a 1000 × 1000 frame, its eyes 80 px apart, with the
    /// nose tip `nose` and the mouth 80 px under the eyes.
    fn posed(nose: [f32; 2]) -> Face {
        Face {
            rect: [400.0, 380.0, 200.0, 240.0],
            score: 0.9,
            landmarks: Some([
                [460.0, 460.0],
                [540.0, 460.0],
                nose,
                [500.0, 540.0],
                [410.0, 470.0],
                [590.0, 470.0],
            ]),
        }
    }

    /// [`TURN_WARN`] and [`NOSE_DROP_WARN`]: where the nose tip lies decides. Each row: the
    /// nose tip, the status, what the message says.
    #[test]
    fn a_head_turned_to_the_side_or_tilted_back_warns() {
        let rows = [
            // 40 px (0.5 eye distances) to the side of the eyes' midpoint
            ([540.0, 500.0], Status::Warn, "turned"),
            // 16 px (0.2, as far as the accepted photos go)
            ([516.0, 500.0], Status::Pass, "centred"),
            // 16 px under the eye line, a fifth of the way to the mouth: looking up
            ([500.0, 476.0], Status::Warn, "tilted back"),
            // halfway
            ([500.0, 500.0], Status::Pass, "centred"),
        ];
        for (nose, want, says) in rows {
            let f = position(&posed(nose), 1000, 1000);
            assert_eq!(f.status, want, "{nose:?}: {}", f.message);
            assert!(f.message.contains(says), "{nose:?}: {}", f.message);
        }
    }

    /// [`LOWER_SKIN_WARN`]: a white mask over the mouth and chin of a skin-coloured face is
    /// seen; the bare face passes; skin between the eyes that does not read as skin (grey
    /// light) leaves it unjudged.
    #[test]
    fn a_covered_mouth_warns_only_when_the_eyes_skin_reads_as_skin() {
        let skin = Rgb([220, 170, 140]);
        let face_with = |upper: Rgb<u8>, lower: Rgb<u8>| {
            let mut img = RgbImage::from_pixel(1000, 1000, Rgb([40, 60, 90]));
            for y in 380..620 {
                for x in 400..600 {
                    img.put_pixel(x, y, if y < 500 { upper } else { lower });
                }
            }
            img
        };
        let m = posed([500.0, 500.0]);
        let bare = lower_face_skin(&face_with(skin, skin), &m).unwrap();
        assert!(bare.0 >= LOWER_SKIN_WARN, "{bare:?}");
        let masked = lower_face_skin(&face_with(skin, Rgb([235, 235, 235])), &m).unwrap();
        assert!(masked.0 < LOWER_SKIN_WARN, "{masked:?}");
        let grey = Rgb([200, 200, 205]);
        assert!(lower_face_skin(&face_with(grey, Rgb([235, 235, 235])), &m).is_none());
    }

    /// [`FACE_GRAY_WARN`]: a grey face in a frame a red logo keeps over the frame's own
    /// black-and-white test warns; the same face in skin tones passes.
    #[test]
    fn a_grey_face_in_a_colour_frame_warns() {
        let frame = |skin: Rgb<u8>| {
            let mut img = RgbImage::from_pixel(400, 400, Rgb([128, 128, 128]));
            for y in 0..400 {
                for x in 0..400 {
                    if x < 100 && y < 100 {
                        img.put_pixel(x, y, Rgb([220, 30, 30]));
                    } else if (120..280).contains(&x) && (120..280).contains(&y) {
                        // shading, so that the face is not one flat colour
                        let d = ((x + y) % 40) as u8;
                        let [r, g, b] = skin.0;
                        img.put_pixel(x, y, Rgb([r - d, g - d, b - d]));
                    }
                }
            }
            img
        };
        let main = Some(face([120.0, 120.0, 160.0, 160.0]));
        let grey = frame(Rgb([200, 200, 200]));
        let loaded = Loaded::from_image(grey.clone());
        let f = color(&loaded, &grey, main);
        assert_eq!(f.status, Status::Warn, "{}", f.message);
        assert_eq!(color(&loaded, &grey, None).status, Status::Pass);
        let skin = frame(Rgb([220, 170, 140]));
        let f = color(&Loaded::from_image(skin.clone()), &skin, main);
        assert_eq!(f.status, Status::Pass, "{}", f.message);
    }
}
