//! `occlusion`: fingers or hands covering the document — skin-coloured blobs that enter the page
//! from its edge (the portrait's skin stays inside, away from the edges).
//!
//! Method:
//! 1. Shrink the rectified page to about [`WORK_PX_PER_MM`] px/mm.
//! 2. Skin mask by chromaticity: `r = R/(R+G+B)` in 0.37–0.47, `g` in 0.28–0.35, R > G > B,
//!    (R − B)/R ≥ 0.28 and luminance ≥ 50 (the fixture finger is (222,168,138) shaded 0.55–1:
//!    (R − B)/R = 0.38; wood (152,101,62) has r = 0.485; warm paper under a colour cast and
//!    paper blurred into wood stay under 0.28) and hue (G − B)/(R − B) ≤ 0.55 (skin 0.36, warm
//!    paper 0.64), at least [`PAPER_DISTANCE`] from the paper's own chromaticity.
//! 3. Blobs (8-connected, [`super::blobs`]) reaching within [`EDGE_MM`] of the page's edge and at least
//!    [`DEPTH_MM`] into it (a finger enters; a sliver of background along a misfitted edge does
//!    not); share = their pixels over the page's; coverage = key regions they reach.
//! 4. A hand is continuous with skin outside the document (issue 12): where a blob meets the
//!    page's edge, the photo [`OUTSIDE_MM`] beyond the outline must be skin too on at least
//!    [`OUTSIDE_SKIN_SHARE`] of that stretch (skin-toned print at a card's edge, or a portrait,
//!    has paper or background beyond it). Where that lies outside the photo, it is not known and
//!    the blob is kept.
//! 5. It fails only over the data: the blobs' pixels inside the key regions (portrait, text,
//!    MRZ) must reach [`KEY_FAIL_SHARE`] of the page. A hand holding the document by its border,
//!    off the data, is what reviewers accept: it warns.

use super::{fail, Page};
use crate::annotate::{colors, Mark, MarkShape};
use crate::finding::Finding;

pub const WORK_PX_PER_MM: f32 = 2.0;
/// A blob must reach this close to the page's edge, mm (the portrait starts 4–5 mm in).
pub const EDGE_MM: f32 = 1.5;
/// How far into the page a blob must reach, mm.
pub const DEPTH_MM: f32 = 4.0;
/// Share of the document covered that fails. Fixture labels: ≥ 1 % or over a field fails,
/// < 1 % over no field is borderline; measured: fail 1.04–12.1 % (n=10), borderline 0.45 % (n=1),
/// pass ≤ 0.28 % (n=174, all but one 0).
pub const FAIL_SHARE: f64 = 0.006;

/// How far beyond the outline the photo is sampled for the hand's continuation, mm.
pub const OUTSIDE_MM: f32 = 3.0;
/// Share of a blob's stretch along the page's edge that must have skin beyond the outline.
/// Fixture fingers and hands (issue 12 families): every one that enters the page has skin
/// beyond the edge along most of its stretch (a finger is drawn from 45 mm outside, a thumb
/// from the palm); a quarter leaves room for shading and the outline's misfit.
pub const OUTSIDE_SKIN_SHARE: f64 = 0.25;
/// Share of the page that skin must cover inside the key regions to fail. Set on the fixtures
/// (tools/fixgen, issue 12 `hand-edge-*` and the older `finger` family): a thumb on the border
/// of a passport page or a licence can reach 1–2 mm into the layout's regions here (they are
/// drawn a little larger than the print, `Page::regions`) without covering print; every finger
/// and thumb labelled over the data covers a region by far more.
pub const KEY_FAIL_SHARE: f64 = 0.004;

/// Skin must lie at least this far from the paper's own chromaticity (r, g): a warm colour
/// cast makes paper skin-coloured (measured (0.40, 0.35) under the fixtures' warm light).
pub const PAPER_DISTANCE: f32 = 0.03;

fn chroma(p: [u8; 3]) -> (f32, f32) {
    let s = (p[0] as f32 + p[1] as f32 + p[2] as f32).max(1.0);
    (p[0] as f32 / s, p[1] as f32 / s)
}

/// Median chromaticity of the brightest quarter of the page's pixels (the paper).
fn paper_chroma(img: &image::RgbImage) -> (f32, f32) {
    let mut px: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    let n = px.len();
    if n == 0 {
        return (1.0 / 3.0, 1.0 / 3.0);
    }
    let lum = |p: &[u8; 3]| p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114;
    px.select_nth_unstable_by_key(n * 3 / 4, lum);
    let bright = &mut px[n * 3 / 4..];
    let mut rs: Vec<f32> = bright.iter().map(|p| chroma(*p).0).collect();
    let mut gs: Vec<f32> = bright.iter().map(|p| chroma(*p).1).collect();
    let m = rs.len() / 2;
    let r = *rs.select_nth_unstable_by(m, |a, b| a.total_cmp(b)).1;
    let g = *gs.select_nth_unstable_by(m, |a, b| a.total_cmp(b)).1;
    (r, g)
}

fn is_skin(p: [u8; 3]) -> bool {
    let (r, g, b) = (p[0] as f32, p[1] as f32, p[2] as f32);
    let s = r + g + b;
    let lum = 0.299 * r + 0.587 * g + 0.114 * b;
    if s < 1.0 || lum < 50.0 {
        return false;
    }
    let (cr, cg) = (r / s, g / s);
    (0.37..=0.47).contains(&cr)
        && (0.28..=0.35).contains(&cg)
        && r > g
        && g > b
        && (r - b) / r >= 0.28
        && (g - b) / (r - b) <= 0.55
}

/// What the occlusion measurement found.
#[derive(Debug, Clone, Default)]
pub struct Occlusion {
    /// Share of the page in skin blobs that enter from its edge.
    pub share: f64,
    /// Share of the page in those blobs and inside a key region.
    pub key_share: f64,
    /// Key regions reached.
    pub covers: Vec<&'static str>,
    /// Blob boxes, page px.
    pub boxes: Vec<[u32; 4]>,
}

/// Whether the photo beyond the page's edge continues the blob's skin (step 4): `edge_px` are
/// the blob's pixels at the page's edge (small-image px, with the outward direction).
fn continues_outside(
    page: &Page,
    photo: &image::RgbImage,
    edge_px: &[(usize, usize, (f32, f32))],
    k: f32,
) -> bool {
    let Some(to_photo) = &page.to_photo else {
        return true;
    };
    let out = OUTSIDE_MM * page.px_per_mm;
    let (pw, ph) = photo.dimensions();
    let (mut seen, mut skin) = (0usize, 0usize);
    for &(x, y, (dx, dy)) in edge_px {
        let q = (
            x as f32 * k + k / 2.0 + dx * out,
            y as f32 * k + k / 2.0 + dy * out,
        );
        let (px, py) = *to_photo * q;
        if px < 0.0 || py < 0.0 || px >= pw as f32 || py >= ph as f32 {
            continue;
        }
        seen += 1;
        if is_skin(photo.get_pixel(px as u32, py as u32).0) {
            skin += 1;
        }
    }
    seen == 0 || skin as f64 >= OUTSIDE_SKIN_SHARE * seen as f64
}

/// Measures skin entering the page; with `photo` (the image `page` was rectified from), only
/// blobs continuous with skin beyond the outline count (step 4).
pub fn measure(page: &Page, photo: Option<&image::RgbImage>) -> Occlusion {
    let k = (page.px_per_mm / WORK_PX_PER_MM).max(1.0);
    let (pw, ph) = page.image.dimensions();
    let (w, h) = (
        ((pw as f32 / k) as usize).max(4),
        ((ph as f32 / k) as usize).max(4),
    );
    let small = crate::document::resize_area(&page.image, w as u32, h as u32);
    let paper = paper_chroma(&small);
    let skin: Vec<bool> = small
        .pixels()
        .map(|p| {
            let (r, g) = chroma(p.0);
            is_skin(p.0) && ((r - paper.0).powi(2) + (g - paper.1).powi(2)).sqrt() >= PAPER_DISTANCE
        })
        .collect();
    let edge = (EDGE_MM * page.px_per_mm / k).ceil() as usize;
    let (mut total, mut key, mut covers, mut boxes) = (0usize, 0usize, Vec::new(), Vec::new());
    let regions = page.regions();
    for blob in super::blobs::blobs(&skin, w, h) {
        let members = blob.members;
        let mut depth = 0usize;
        let mut edge_px = Vec::new();
        for &i in &members {
            let (x, y) = (i % w, i / w);
            let d = x.min(y).min(w - 1 - x).min(h - 1 - y);
            if d < edge {
                let dir = if x < edge {
                    (-1.0, 0.0)
                } else if x >= w - edge {
                    (1.0, 0.0)
                } else if y < edge {
                    (0.0, -1.0)
                } else {
                    (0.0, 1.0)
                };
                edge_px.push((x, y, dir));
            }
            depth = depth.max(d);
        }
        if edge_px.is_empty() || members.len() < 4 || (depth as f32) < DEPTH_MM * page.px_per_mm / k
        {
            continue;
        }
        if let Some(photo) = photo {
            if !continues_outside(page, photo, &edge_px, k) {
                continue;
            }
        }
        total += members.len();
        key += members
            .iter()
            .filter(|&&i| {
                let (px, py) = (((i % w) as f32 * k) as u32, ((i / w) as f32 * k) as u32);
                regions
                    .iter()
                    .any(|(_, r)| px >= r[0] && px < r[0] + r[2] && py >= r[1] && py < r[1] + r[3])
            })
            .count();
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for &i in &members {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            let (px, py) = ((x as f32 * k) as u32, (y as f32 * k) as u32);
            for r in page.regions_at(px, py) {
                if !covers.contains(&r) {
                    covers.push(r);
                }
            }
        }
        let s = |v: usize| (v as f32 * k) as u32;
        boxes.push([s(x0), s(y0), s(x1 - x0 + 1), s(y1 - y0 + 1)]);
    }
    let n = (w * h) as f64;
    Occlusion {
        share: total as f64 / n,
        key_share: key as f64 / n,
        covers,
        boxes,
    }
}

/// `image`: the photo `page` was rectified from (for the hand's continuation beyond the edge).
pub fn check(
    page: &Page,
    image: &image::RgbImage,
    photo: (u32, u32),
    marks: &mut Vec<Mark>,
) -> Finding {
    if page.whole_frame {
        return Finding::skipped(
            "occlusion",
            "no document outline found: fingers entering the document cannot be told",
        );
    }
    let Occlusion {
        share,
        key_share,
        covers,
        boxes,
    } = measure(page, Some(image));
    let pct = 100.0 * share;
    if share >= FAIL_SHARE && key_share < KEY_FAIL_SHARE {
        Finding::warn(
            "occlusion",
            format!("a finger or hand holds the document by its edge ({pct:.1} % of it), off the data"),
        )
        .with_value(key_share, KEY_FAIL_SHARE)
        .with_advice("Nothing is covered, but a document lying on a table is safer than one held in the hand.")
    } else if share >= FAIL_SHARE {
        for b in &boxes {
            marks.push(Mark {
                label: "covered".into(),
                color: colors::COVERED,
                shape: MarkShape::Rect(page.region_in_photo(*b, photo)),
            });
        }
        let over = if covers.is_empty() {
            "the edge".to_string()
        } else {
            format!("the {}", covers.join(" and the "))
        };
        fail("occlusion", format!("a finger or hand covers {pct:.1} % of the document, over {over}"))
            .with_value(share, FAIL_SHARE)
            .with_advice(format!("Lay the document on a table instead of holding it, or hold it by the very edge so nothing covers {over}."))
    } else {
        Finding::pass("occlusion", "nothing skin-coloured enters the document")
            .with_value(share, FAIL_SHARE)
    }
}
