//! `portrait`: the document's own photo of its holder. Vendors reject a document whose portrait
//! is missing, covered or washed out (Onfido `face_detection`, Sumsub `noIdDocFacePhoto`).
//!
//! Faces are looked for on the rectified page (the whole page, so that a layout with the portrait
//! on the right still counts). A face found passes, and tells a card's front from its back. When
//! none is found:
//! - the back of an ID card (a TD1 MRZ was read) carries no portrait: skipped;
//! - glare, a flare or sheen, a finger or a washed-out patch over the layout's portrait area fails
//!   with E001;
//! - so does a placeholder silhouette printed where the photo goes ([`super::placeholder`]): a
//!   template or a mock-up, not a real document;
//! - otherwise it warns: the detector finds frontal faces only, and a photo without an outline
//!   may not show the portrait large enough, so a missing face alone is not proof.

use super::{Face, FaceDetector};
use crate::codes::Code;
use crate::document::{CARD_MM, PASSPORT_MM};
use crate::facts::Shape;
use crate::finding::Finding;
use crate::quality::{glare, occlusion, veil, Page};
use image::RgbImage;

/// Long side, px, of the copy of the page faces are looked for in. At 640 px a passport page's
/// portrait (32 mm of 125) is 164 px wide and a card's (23 mm of 85.6) 172 px: its face (about
/// half of that) is well over the detector's 40 px. Clean fixture pages (upright passports, card
/// fronts, licences) with a face found: 480 px 16/25, 640 px 19/25.
pub const PAGE_DETECT_SIDE: u32 = 640;

/// Share of the portrait area at full white (every channel ≥ 250) from which it is washed out.
/// Fixtures: clean portraits 0 % (a pale blue background of ~220), the washed-out page's 60 %+.
pub const WASHED_OUT_SHARE: f64 = 0.5;

/// What the rest of the pipeline knows about the page.
pub struct PageInfo<'a> {
    /// The rectified page (landscape), or the whole frame when no outline was found.
    pub image: &'a RgbImage,
    pub shape: Shape,
    /// No document outline was found: `image` is the whole frame.
    pub whole_frame: bool,
    /// The MRZ read is TD1: the back of an ID card.
    pub td1: bool,
}

/// Margin, mm, the layout's portrait area is grown by on every side before a face is looked for
/// in it: layouts place the photo a few millimetres apart, and the detector needs the whole head
/// in its window. Fixtures: clean pages whose face is found in the grown area, see
/// `tests/face_fixtures.rs`.
pub const AREA_MARGIN_MM: f32 = 6.0;

/// The faces found on a page of a given shape: the costly part of [`check`], which can run
/// before the rest of what the check needs is known (the pipeline looks while the MRZ is read).
pub struct Looked {
    shape: Shape,
    faces: Vec<Face>,
}

/// The page as the layout's regions see it, and its portrait area.
fn layout(image: &RgbImage, shape: Shape, whole_frame: bool) -> (Page, Option<[u32; 4]>) {
    let (w, h) = image.dimensions();
    let full = Page {
        image: image.clone(),
        px_per_mm: w.max(h) as f32
            / match shape {
                Shape::Id1 => CARD_MM.0,
                Shape::Id3 => PASSPORT_MM.0,
            },
        shape,
        to_photo: None,
        whole_frame,
    };
    let area = full
        .regions()
        .into_iter()
        .find(|(n, _)| *n == "portrait")
        .map(|(_, r)| r);
    (full, area)
}

/// Looks for faces on `image` laid out as a page of `shape` ([`find_faces`]).
pub fn look(image: &RgbImage, shape: Shape, detector: &dyn FaceDetector) -> Looked {
    let (full, area) = layout(image, shape, false);
    Looked {
        shape,
        faces: find_faces(image, area, full.px_per_mm, detector),
    }
}

/// The `portrait` finding for a page.
pub fn check(page: &PageInfo, detector: &dyn FaceDetector) -> Finding {
    check_looked(page, look(page.image, page.shape, detector), detector)
}

/// [`check`] with the faces already looked for; when they were looked for as another shape
/// than the page's, they are looked for again.
pub fn check_looked(page: &PageInfo, looked: Looked, detector: &dyn FaceDetector) -> Finding {
    let looked = if looked.shape == page.shape {
        looked
    } else {
        look(page.image, page.shape, detector)
    };
    let (full, area) = layout(page.image, page.shape, page.whole_frame);
    let faces = looked.faces;
    let kind = match page.shape {
        Shape::Id3 => "passport page",
        Shape::Id1 => "card",
    };
    if let Some(f) = faces.iter().max_by(|a, b| a.area().total_cmp(&b.area())) {
        let side = if page.shape == Shape::Id1 {
            " (so this is the card's front)"
        } else {
            ""
        };
        return Finding::pass(
            "portrait",
            format!("the holder's portrait shows a face{side}"),
        )
        .with_value(f.score as f64, detector.threshold() as f64);
    }
    if page.td1 {
        return Finding::skipped(
            "portrait",
            "the back of an ID card (its MRZ is TD1): the portrait is on the front",
        );
    }
    let mut covers = Vec::new();
    if !page.whole_frame {
        // glare hides the face only where `glare` itself would fail over a key region: a
        // speck of 0.01 % of the page on the portrait (issue 12's booklet-warmwood-clean, a
        // clean open booklet) hides nothing
        let g = glare::measure(&full);
        if g.covers.contains(&"portrait") && g.share >= glare::FAIL_KEY_SHARE {
            covers.push("glare");
        }
        // a flare or sheen over the portrait (`quality::veil`): `glare` leaves the portrait to
        // this check, which fails it only when no face shows through
        let v = veil::measure(&full);
        if v.covers.contains(&"portrait") && v.share >= glare::VEIL_FAIL_SHARE {
            covers.push("a flare or sheen");
        }
        if occlusion::measure(&full, None).covers.contains(&"portrait") {
            covers.push("a finger");
        }
        if let Some(r) = area {
            if white_share(page.image, r) >= WASHED_OUT_SHARE {
                covers.push("washed-out exposure");
            }
        }
    }
    if !covers.is_empty() {
        return Finding::fail(
            "portrait",
            Code::E001,
            format!(
                "no face can be seen in the portrait: {} covers it",
                covers.join(" and ")
            ),
        )
        .with_advice(
            "Retake the photo so that the holder's portrait is clear: no glare or flare, no finger over it.",
        );
    }
    if let Some(s) = super::placeholder::find(page.image) {
        return Finding::fail(
            "portrait",
            Code::E001,
            "the portrait is a blank silhouette, not a photo of the holder: this looks like a \
             template or a mock-up, not a photo of a real document",
        )
        .with_value(s.share as f64, super::placeholder::MIN_SHARE as f64)
        .with_advice(
            "Photograph your own document: a template, a sample or a mock-up is rejected.",
        );
    }
    let msg = if page.whole_frame {
        "no face was found on the document (no document outline was found either)".to_string()
    } else if page.shape == Shape::Id1 {
        "no face was found on the card; if this is its front, make sure the portrait is clear"
            .to_string()
    } else {
        format!("no face was found in the {kind}'s portrait; make sure it is clear and uncovered")
    };
    Finding::warn("portrait", msg)
}

/// Faces on the page, cheapest place first: the layout's portrait `area` (grown by
/// [`AREA_MARGIN_MM`]), upright and then where it lies when the page was rectified upside down
/// (the outline alone cannot tell which long side is up); only when neither holds a face, the
/// whole page upright (a layout with its portrait elsewhere). Every search is at the
/// whole page's [`PAGE_DETECT_SIDE`] scale, so a face is seen at the same size wherever it is
/// looked for. Positions are in pixels of the (upright) crop or page they were found in: only
/// whether a face was found, and its score, are used.
///
/// The area is looked in on a whole frame too (no outline found, the frame taken as the page):
/// a scan or a crop to the document has the layout's portrait where the layout puts it, and a
/// frame that is not the page only costs the two small area searches before the whole page.
/// Measured (`--no-ocr -j1`, mean time of this check per image, before → after): realdata
/// documents/ 54 → 34 ms, specimens/ 25 → 18 ms, passporteye/ 28 → 19 ms, the bench's 12 unseen
/// 12 MP photos 46 → 38 ms, fixtures 38 → 39 ms; outcomes identical on all 392 images but one
/// held-out passport (passporteye 27_pass-gbr), whose face only the area's crop shows: warn → pass.
///
/// The whole page is not searched turned as well. Over every fixture and real image (380:
/// fixtures, `specimens/`, `passporteye/`, `documents/`), each step run on its own: the area
/// finds a face on 233, the turned area on 7 more, the upright page on 30 more, and the turned
/// page on none that the others missed. That search cost a 640 px detection (~56 ms mean) on
/// every page with no face found (110 of the 380), for nothing.
fn find_faces(
    img: &RgbImage,
    area: Option<[u32; 4]>,
    px_per_mm: f32,
    detector: &dyn FaceDetector,
) -> Vec<Face> {
    let (w, h) = img.dimensions();
    // the scale of the whole page at PAGE_DETECT_SIDE (never enlarged)
    let k = (PAGE_DETECT_SIDE as f32 / w.max(h) as f32).min(1.0);
    if let Some(r) = area {
        let m = AREA_MARGIN_MM * px_per_mm;
        let x0 = (r[0] as f32 - m).max(0.0) as u32;
        let y0 = (r[1] as f32 - m).max(0.0) as u32;
        let x1 = ((r[0] + r[2]) as f32 + m).min(w as f32) as u32;
        let y1 = ((r[1] + r[3]) as f32 + m).min(h as f32) as u32;
        if x1 > x0 && y1 > y0 {
            let (cw, ch) = (x1 - x0, y1 - y0);
            let side = ((cw.max(ch) as f32 * k).round() as u32).max(1);
            let upright = image::imageops::crop_imm(img, x0, y0, cw, ch).to_image();
            let faces = super::find(detector, &upright, side);
            if !faces.is_empty() {
                return faces;
            }
            let turned = image::imageops::crop_imm(img, w - x1, h - y1, cw, ch).to_image();
            let faces = super::find(detector, &image::imageops::rotate180(&turned), side);
            if !faces.is_empty() {
                return faces;
            }
        }
    }
    super::find(detector, img, PAGE_DETECT_SIDE)
}

/// Share of a region's pixels at full white in every channel.
fn white_share(img: &RgbImage, r: [u32; 4]) -> f64 {
    let (w, h) = img.dimensions();
    let (x1, y1) = ((r[0] + r[2]).min(w), (r[1] + r[3]).min(h));
    let (mut n, mut white) = (0u64, 0u64);
    for y in r[1].min(y1)..y1 {
        for x in r[0].min(x1)..x1 {
            let p = img.get_pixel(x, y).0;
            n += 1;
            if p.iter().all(|&c| c >= 250) {
                white += 1;
            }
        }
    }
    if n == 0 {
        0.0
    } else {
        white as f64 / n as f64
    }
}
