//! Image-quality checks: one [`Finding`] per check, in [`CHECKS`] order, each failing with
//! [`Code::E001`].
//!
//! The document is found once ([`crate::document::find`]) and rectified once, at
//! [`crate::document::CANONICAL_PX_PER_MM`] or at the photo's own scale when that is lower (a
//! thumbnail is not blurred by being small: that is `resolution`'s business). Checks that need the
//! document measure on that page; without one they measure on the whole frame and say so.
//!
//! Every threshold is calibrated on `fixtures/manifest.jsonl` and `/work/shared/realdata`
//! (`cargo run --release --no-default-features --example calibrate_quality`); each constant's
//! comment gives the measured distributions.

pub(crate) mod blobs;
pub mod blur;
pub mod color;
pub(crate) mod edited;
pub mod exposure;
pub(crate) mod framing;
pub mod glare;
pub mod occlusion;
pub(crate) mod resolution;
pub mod screen;
pub mod veil;

use crate::annotate::{colors, Mark, MarkShape};
use crate::codes::Code;
use crate::document::{self, Detected, CANONICAL_PX_PER_MM, CORNER_NAMES};
use crate::facts::Shape;
use crate::finding::Finding;
use crate::load::Loaded;
use image::RgbImage;
use imageproc::geometric_transformations::Projection;

pub use blur::Sharpness;

/// The check ids, in the order [`Assessment::findings`] holds them.
pub const CHECKS: [&str; 12] = [
    "resolution",
    "document",
    "corners",
    "margin",
    "angle",
    "blur",
    "glare",
    "exposure",
    "occlusion",
    "color",
    "edited",
    "screen",
];

/// What the image-quality stage found.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// Exactly one per check id, in [`CHECKS`] order.
    pub findings: Vec<Finding>,
    pub document: Option<Detected>,
    /// The document rectified (landscape) at [`CANONICAL_PX_PER_MM`], or at the photo's own
    /// pixels per mm when fewer; the whole frame when the document fills it.
    pub rectified: Option<RgbImage>,
    /// What to draw for `--annotate`.
    pub marks: Vec<Mark>,
}

/// The document page the checks measure on.
pub struct Page {
    pub image: RgbImage,
    /// Pixels per mm of `image`.
    pub px_per_mm: f32,
    pub shape: Shape,
    /// Maps page pixels to pixels of the photo.
    pub to_photo: Option<Projection>,
    /// No outline was found: `image` is the whole frame.
    pub whole_frame: bool,
}

impl Page {
    pub fn of(loaded: &Loaded, doc: Option<&Detected>) -> Page {
        let photo = &loaded.image;
        match doc {
            Some(d) if !d.fills_frame => {
                let native = d.long_side_px() / d.size_mm().0;
                let ppm = native.min(CANONICAL_PX_PER_MM);
                let image = document::rectify_at(photo, d, ppm);
                let (w, h) = (image.width() as f32, image.height() as f32);
                let c = if d.landscape() {
                    d.corners
                } else {
                    [d.corners[3], d.corners[0], d.corners[1], d.corners[2]]
                };
                let to_photo = Projection::from_control_points(
                    [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)],
                    c.map(|p| (p[0], p[1])),
                );
                Page {
                    image,
                    px_per_mm: ppm,
                    shape: d.shape_or_nearest(),
                    to_photo,
                    whole_frame: false,
                }
            }
            _ => {
                // the frame is the page: measure at its own scale, at most 1000 px wide
                let shape = doc.map(|d| d.shape_or_nearest()).unwrap_or(Shape::Id3);
                let (pw, ph) = photo.dimensions();
                let long_mm = match shape {
                    Shape::Id1 => document::CARD_MM.0,
                    Shape::Id3 => document::PASSPORT_MM.0,
                };
                let native = pw.max(ph) as f32 / long_mm;
                let k = (native / CANONICAL_PX_PER_MM).max(1.0);
                let image = if k > 1.0 {
                    document::downscale(photo, (pw.max(ph) as f32 / k) as u32)
                } else {
                    photo.clone()
                };
                let to_photo = Projection::scale(
                    pw as f32 / image.width() as f32,
                    ph as f32 / image.height() as f32,
                );
                Page {
                    px_per_mm: native / k,
                    image,
                    shape,
                    to_photo: Some(to_photo),
                    whole_frame: true,
                }
            }
        }
    }

    /// A rectangle of the page (page px) as the bounding box of its image in the photo.
    pub fn region_in_photo(&self, r: [u32; 4], photo: (u32, u32)) -> [u32; 4] {
        let Some(p) = &self.to_photo else {
            return r;
        };
        let [x, y, w, h] = r.map(|v| v as f32);
        let pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)].map(|q| *p * q);
        let x0 = pts.iter().map(|q| q.0).fold(f32::MAX, f32::min).max(0.0);
        let y0 = pts.iter().map(|q| q.1).fold(f32::MAX, f32::min).max(0.0);
        let x1 = pts
            .iter()
            .map(|q| q.0)
            .fold(f32::MIN, f32::max)
            .min(photo.0 as f32);
        let y1 = pts
            .iter()
            .map(|q| q.1)
            .fold(f32::MIN, f32::max)
            .min(photo.1 as f32);
        [
            x0 as u32,
            y0 as u32,
            (x1 - x0).max(1.0) as u32,
            (y1 - y0).max(1.0) as u32,
        ]
    }

    /// Key regions of the page in page pixels: (name, [x, y, w, h]). The layout is ICAO's as the
    /// fixture generator draws it (tools/fixgen/src/render.rs): on a passport page the portrait
    /// on the left, text on the right, the MRZ band in the bottom 23 %; on a card the portrait on
    /// the left of the front, the MRZ in the bottom 40 % of the back (the side is not known here,
    /// so both are listed).
    pub fn regions(&self) -> Vec<(&'static str, [u32; 4])> {
        let mm: &[(&str, [f32; 4])] = match self.shape {
            Shape::Id3 => &[
                ("portrait", [5.0, 14.0, 32.0, 42.0]),
                ("text", [41.0, 12.0, 82.0, 50.0]),
                ("MRZ", [3.0, 67.8, 119.0, 17.0]),
            ],
            Shape::Id1 => &[
                ("portrait", [4.0, 10.0, 23.0, 30.0]),
                ("text", [28.0, 3.0, 56.0, 30.0]),
                ("MRZ band", [3.0, 32.4, 80.0, 19.0]),
            ],
        };
        let (w, h) = self.image.dimensions();
        let (wmm, hmm) = match self.shape {
            Shape::Id1 => document::CARD_MM,
            Shape::Id3 => document::PASSPORT_MM,
        };
        let (sx, sy) = (w as f32 / wmm, h as f32 / hmm);
        mm.iter()
            .map(|(n, r)| {
                (
                    *n,
                    [
                        (r[0] * sx) as u32,
                        (r[1] * sy) as u32,
                        (r[2] * sx) as u32,
                        (r[3] * sy) as u32,
                    ],
                )
            })
            .collect()
    }

    /// Names of the key regions that contain the page pixel (x, y).
    pub fn regions_at(&self, x: u32, y: u32) -> Vec<&'static str> {
        self.regions()
            .into_iter()
            .filter(|(_, r)| x >= r[0] && x < r[0] + r[2] && y >= r[1] && y < r[1] + r[3])
            .map(|(n, _)| n)
            .collect()
    }

    /// "on the whole frame (no document outline found)" or "" — appended to messages.
    pub fn where_measured(&self) -> &'static str {
        if self.whole_frame {
            " (measured on the whole frame: no document outline was found)"
        } else {
            ""
        }
    }
}

/// Long side of the photo's thumbnail, px, on which whole-frame statistics are taken (darkest
/// tones for `exposure`, saturation for `color`): enough pixels for a percentile, cheap to scan.
pub const THUMB_SIDE: u32 = 400;

/// The photo reduced to [`THUMB_SIDE`] px on its long side.
pub fn thumbnail(photo: &RgbImage) -> RgbImage {
    document::downscale(photo, THUMB_SIDE)
}

/// Luminance (Rec. 601) of every pixel, 0–255.
pub(crate) fn luma(img: &RgbImage) -> Vec<f32> {
    // over the raw bytes, three at a time (an exact-size loop the compiler vectorises)
    img.as_raw()
        .chunks_exact(3)
        .map(|p| 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32)
        .collect()
}

/// Long side, px, of the copy the checks work on: a larger photo is first shrunk to about this
/// size, so that the document still has at least [`CANONICAL_PX_PER_MM`] whenever it spans half
/// of the frame's long side (a passport page over 2016 px × ½ = 1008 px is 8.1 px/mm); every
/// fixture phone photo's document spans 60–69 % of it (fixtures/manifest.jsonl `doc_width_px`
/// 2405–2778 of 4032). Checks then cost the same on any camera, and nothing they measure needs
/// more: the page is rectified at 8 px/mm anyway.
pub const WORK_MIN_SIDE: u32 = 2000;

/// Longest copy the checks take as it is. Every threshold was set on copies at most ~2016 px
/// long (the real images of ../shared/realdata are all ≤ 2000 px; the fixtures 1000–2016 px
/// after shrinking), so a photo whose integer shrink would leave it longer than this is resized
/// to [`WORK_MIN_SIDE`] by area averaging instead. Before, a 3777 px photo was checked in full
/// (3.6× the pixels of a 12 MP photo's copy, at a size no threshold had seen); an integer shrink
/// still serves photos it brings to 2000–2500 px (exact block means, and the 12 MP fixtures keep
/// their 2016 px copy).
pub const WORK_MAX_SIDE: u32 = 2500;

/// The copy of `image` the checks work on (see [`WORK_MIN_SIDE`], [`WORK_MAX_SIDE`]) and the
/// factor from its pixels to `image`'s; `None` when `image` is that copy itself.
pub fn work_copy(image: &RgbImage) -> Option<(RgbImage, f32)> {
    let long = image.width().max(image.height());
    let k = (long / WORK_MIN_SIDE).max(1);
    if long / k <= WORK_MAX_SIDE {
        return (k > 1).then(|| (document::shrink(image, k), k as f32));
    }
    let copy = document::downscale(image, WORK_MIN_SIDE);
    let f = long as f32 / copy.width().max(copy.height()) as f32;
    Some((copy, f))
}

/// Runs every image-quality check on a loaded photo. Positions in the result (corners, marks,
/// regions) are in pixels of `loaded.image`, whatever copy the checks worked on; the resolution
/// is the photo's as taken ([`Loaded::scale`]).
pub fn assess(loaded: &Loaded) -> Assessment {
    assess_with(loaded, None::<fn(&RgbImage, Option<Shape>)>).0
}

/// [`assess`], running `meanwhile` on the rectified page (and the outline's shape, when it has
/// one) in a thread of its own while the checks measure the same page, so that a spare core does
/// that work (the pipeline looks for the portrait's face this way). Its result is `None` when no
/// `meanwhile` was given or its thread could not be started.
pub fn assess_with<R: Send>(
    loaded: &Loaded,
    meanwhile: Option<impl FnOnce(&RgbImage, Option<Shape>) -> R + Send>,
) -> (Assessment, Option<R>) {
    let Some((image, k)) = work_copy(&loaded.image) else {
        return assess_at(loaded, meanwhile);
    };
    let work = Loaded {
        image,
        format: loaded.format,
        exif_software: loaded.exif_software.clone(),
        exif_orientation: loaded.exif_orientation,
        stored_gray: loaded.stored_gray,
        scale: loaded.scale * k,
    };
    let (mut a, r) = assess_at(&work, meanwhile);
    a.scale_positions(k);
    (a, r)
}

impl Assessment {
    /// Multiplies every position by `k` (from the shrunk copy's pixels to the photo's).
    fn scale_positions(&mut self, k: f32) {
        let scale_rect = |r: [u32; 4]| r.map(|v| (v as f32 * k).round() as u32);
        if let Some(d) = &mut self.document {
            d.corners = d.corners.map(|c| [c[0] * k, c[1] * k]);
        }
        for f in &mut self.findings {
            f.region = f.region.map(scale_rect);
        }
        for m in &mut self.marks {
            m.shape = match &m.shape {
                MarkShape::Polygon(p) => {
                    MarkShape::Polygon(p.iter().map(|c| [c[0] * k, c[1] * k]).collect())
                }
                MarkShape::Rect(r) => MarkShape::Rect(scale_rect(*r)),
                MarkShape::Note => MarkShape::Note,
            };
        }
    }
}

/// [`assess_with`] on the copy the checks work on.
fn assess_at<R: Send>(
    loaded: &Loaded,
    meanwhile: Option<impl FnOnce(&RgbImage, Option<Shape>) -> R + Send>,
) -> (Assessment, Option<R>) {
    let doc = document::find(&loaded.image);
    let page = Page::of(loaded, doc.as_ref());
    let shape = doc.as_ref().and_then(|d| d.shape);
    let ((findings, marks), r) = match meanwhile {
        None => (checks(loaded, doc.as_ref(), &page), None),
        Some(meanwhile) => std::thread::scope(|s| {
            let (page, doc) = (&page, doc.as_ref());
            let side = std::thread::Builder::new()
                .name("page".into())
                .spawn_scoped(s, move || meanwhile(&page.image, shape));
            // the checks only read the page: it is moved into the result after the join
            let checked = checks(loaded, doc, page);
            let r = side
                .ok()
                .map(|side| side.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (checked, r)
        }),
    };
    let assessment = Assessment {
        findings,
        document: doc,
        rectified: Some(page.image),
        marks,
    };
    (assessment, r)
}

/// Every check's finding, in [`CHECKS`] order, and what to draw.
fn checks(loaded: &Loaded, doc: Option<&Detected>, page: &Page) -> (Vec<Finding>, Vec<Mark>) {
    let photo = &loaded.image;
    let mut marks = Vec::new();
    if let Some(d) = doc.filter(|d| !d.fills_frame) {
        let shape = match d.shape {
            Some(Shape::Id1) => "ID-1 card",
            Some(Shape::Id3) => "passport page",
            None => "document",
        };
        marks.push(Mark {
            label: format!("{shape} (aspect {:.2})", d.aspect),
            color: colors::DOCUMENT,
            shape: MarkShape::Polygon(d.corners.to_vec()),
        });
    }
    let (w, h) = photo.dimensions();
    let mut findings = Vec::with_capacity(CHECKS.len());
    findings.push(resolution::check(doc, w, h, loaded.scale));
    findings.push(framing::document(doc));
    findings.push(framing::corners(doc, &loaded.image, &mut marks));
    findings.push(framing::margin(doc, &loaded.image));
    findings.push(framing::angle(doc, w, h));
    findings.push(blur::check(page, (w, h), &mut marks));
    let scan =
        page.whole_frame || doc.is_some_and(|d| !d.fills_frame && framing::tight_crop(d, photo));
    findings.push(glare::check(page, scan, (w, h), &mut marks));
    let thumb = thumbnail(photo);
    findings.push(exposure::check(page, &thumb));
    findings.push(occlusion::check(page, photo, (w, h), &mut marks));
    findings.push(color::check(loaded, &thumb));
    findings.push(edited::check(loaded.exif_software.as_deref()));
    findings.push(screen::check(loaded));
    debug_assert!(findings.iter().map(|f| f.check).eq(CHECKS));
    (findings, marks)
}

/// A failing finding of this stage.
pub(crate) fn fail(check: &'static str, message: impl Into<String>) -> Finding {
    Finding::fail(check, Code::E001, message)
}

/// Corner names for messages.
pub(crate) fn corner_name(i: usize) -> &'static str {
    CORNER_NAMES[i]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Status;
    use image::Rgb;

    /// A synthetic clean card (~100 dpi) on a dark desk.
    fn synthetic_card() -> RgbImage {
        let mut img = RgbImage::from_pixel(800, 600, Rgb([50, 52, 58]));
        for y in 150..402 {
            for x in 200..600 {
                let ink =
                    (x / 7 + y / 9) % 5 == 0 && (230..560).contains(&x) && (180..380).contains(&y);
                let v = if ink {
                    Rgb([30, 30, 40])
                } else {
                    Rgb([235, 226, 214])
                };
                img.put_pixel(x, y, v);
            }
        }
        img
    }

    /// The synthetic clean card: one finding per check, in order, and no failure other than
    /// resolution (the card is only ~100 dpi).
    #[test]
    fn clean_synthetic_card_has_every_check_in_order() {
        let a = assess(&Loaded::from_image(synthetic_card()));
        let ids: Vec<_> = a.findings.iter().map(|f| f.check).collect();
        assert_eq!(ids, CHECKS);
        assert!(a.document.is_some());
        for f in &a.findings {
            if f.check != "resolution" && f.check != "blur" {
                assert_ne!(f.status, Status::Fail, "{f:?}");
            }
        }
    }

    /// The side job sees the page the checks measured, with the outline's shape, and the checks
    /// come out as they do without it.
    #[test]
    fn assess_with_hands_the_rectified_page_to_the_side_job() {
        let loaded = Loaded::from_image(synthetic_card());
        let alone = assess(&loaded);
        let (with, side) = assess_with(
            &loaded,
            Some(|page: &RgbImage, shape: Option<Shape>| (page.clone(), shape)),
        );
        let (page, shape) = side.expect("the side job ran");
        assert_eq!(Some(&page), with.rectified.as_ref());
        assert_eq!(shape, with.document.as_ref().and_then(|d| d.shape));
        assert_eq!(shape, Some(Shape::Id1));
        assert_eq!(
            format!("{:?}", with.findings),
            format!("{:?}", alone.findings)
        );
    }
}
