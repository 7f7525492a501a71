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

/// (share of the page, key regions covered, blob boxes in page px)
pub fn measure(page: &Page) -> (f64, Vec<&'static str>, Vec<[u32; 4]>) {
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
    let (mut total, mut covers, mut boxes) = (0usize, Vec::new(), Vec::new());
    for blob in super::blobs::blobs(&skin, w, h) {
        let members = blob.members;
        let mut at_edge = false;
        let mut depth = 0usize;
        for &i in &members {
            let (x, y) = (i % w, i / w);
            let d = x.min(y).min(w - 1 - x).min(h - 1 - y);
            if d < edge {
                at_edge = true;
            }
            depth = depth.max(d);
        }
        if !at_edge || members.len() < 4 || (depth as f32) < DEPTH_MM * page.px_per_mm / k {
            continue;
        }
        total += members.len();
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
    (total as f64 / (w * h) as f64, covers, boxes)
}

pub fn check(page: &Page, photo: (u32, u32), marks: &mut Vec<Mark>) -> Finding {
    if page.whole_frame {
        return Finding::skipped(
            "occlusion",
            "no document outline found: fingers entering the document cannot be told",
        );
    }
    let (share, covers, boxes) = measure(page);
    let pct = 100.0 * share;
    if share >= FAIL_SHARE {
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
