//! `glare`: specular highlights on the document — clipped, colourless blobs brighter than the
//! paper around them — their share of the document and what they cover.
//!
//! Method:
//! 1. On the rectified page, mark pixels whose darkest channel is at least [`CLIPPED`]
//!    (saturated and colourless).
//! 2. Estimate the paper's own level (the [`PAPER_PERCENTILE`]th percentile of luminance). When
//!    the paper itself is clipped, a highlight cannot be told from paper: the share is 0 and
//!    `exposure` reports the washed-out page. (A plain "bright and colourless" rule calls 81 % of a
//!    clean white scan glare; REFERENCE.md.)
//! 3. Leave out, on a page cut out along a found outline, the band of [`EDGE_BAND_MM`] along its
//!    edges ([`judged`]): the outline's own error and a card's rounded corners, where the
//!    surround (a white table, a scan's white margin) shows at full white.
//! 4. Label 8-connected blobs of clipped pixels ([`super::blobs`]), drop specks under [`MIN_BLOB_SHARE`] of the page,
//!    on a whole-frame page blobs touching the frame (a scanner's white margin), and straight
//!    strips ([`is_strip`]: a margin, the gap between two scans, a printed white band).
//! 5. Drop blobs with print inside them (white printed areas: an MRZ band at full white), and
//!    blobs with print at full darkness right beside them ([`print_beside`]: the white between
//!    an MRZ's characters, a white field's edge); a highlight lifts the print around it.
//! 6. Share = blob pixels / page pixels; coverage = the key regions (MRZ, portrait, text) the
//!    blobs touch.
//! 7. Added light that is not clipped (coloured lens flare, laminate sheen; issue 12) is measured
//!    by [`super::veil`]: print washed out relative to the document's own print, with ink and
//!    paper lifted in every channel. Over the MRZ or the text from [`VEIL_FAIL_SHARE`] it fails,
//!    before the clipped-paper skip of step 2 (it does not need unclipped paper); elsewhere, and
//!    over the portrait alone, it warns (the `portrait` check fails a flare that hides the face).

use super::{fail, Page};
use crate::annotate::{colors, Mark, MarkShape};
use crate::finding::Finding;

/// Darkest channel at or above this is clipped. A specular highlight is 255 in every channel;
/// printed white is not: the fixtures' MRZ band is (249, 249, 245) and reaches 248 with noise.
pub const CLIPPED: u8 = 254;
/// Percentile of page luminance taken as the paper's level.
pub const PAPER_PERCENTILE: usize = 70;
/// Paper at or above this level is itself at full white: glare cannot be measured.
/// Measured: clean pages' paper 150–243; the "slightly bright (0.20)" clean page 255.
pub const PAPER_CLIPPED: f32 = 247.0;
/// Width, mm, of the band along a found outline's edges where clipped white is not judged: the
/// outline is known to about this much, so what lies there may be the table (a white one is
/// clipped) or a scan's white margin. Fixtures, the worst corner of each found outline against
/// the true one (`examples/outline_error.rs`, 256 outlines): median 0.48 mm, p75 0.73 mm,
/// p90 1.46 mm. A sliver of the surround is thinner than a corner's error, since a side's error
/// is at most its worse corner's. The band also covers a card's rounded corners: `document::find`
/// puts a corner where the straight sides meet, and the surround between that point and ISO/IEC
/// 7810's 3.18 mm arc reaches r(1 − 1/√2) = 0.93 mm in.
pub const EDGE_BAND_MM: f32 = 1.0;
/// A clipped blob spanning at least this share of the page's width (or height) ...
pub const STRIP_SPAN: f32 = 0.4;
/// ... while at least this many times longer than it is thick is a straight strip, not a
/// highlight: the white margin of a scan, the white gap between two scans set side by side, a
/// printed white band. A highlight is a light's reflection, compact: the fixtures' glare blobs
/// are 0.4–1.6 times as wide as tall (boxes up to 180 × 227 px on a 1000 px page), and a strip
/// rule set at 8 and 0.4 removes none of them (`glare` on the fixtures unchanged). Real images
/// on a dark table (`tests/realdata_perturb.rs`'s last change): strips of 54–88 mm × 1–5 mm
/// along and through the scans of `passporteye` and `Arg0s1080__mrz`.
pub const STRIP_ASPECT: f32 = 8.0;

/// Whether a clipped blob with this bounding box (`bw × bh` px, on a `w × h` page) is a
/// straight strip ([`STRIP_SPAN`], [`STRIP_ASPECT`]).
pub fn is_strip(bw: usize, bh: usize, w: usize, h: usize) -> bool {
    let (bw, bh) = (bw as f32, bh as f32);
    (bw >= STRIP_SPAN * w as f32 && bw >= STRIP_ASPECT * bh)
        || (bh >= STRIP_SPAN * h as f32 && bh >= STRIP_ASPECT * bw)
}

/// Whether pixel `(x, y)` of a `w × h` page is judged for glare: not within `band_px` of its
/// edges ([`EDGE_BAND_MM`]; 0 on a whole-frame page, which judges every pixel).
pub fn judged(x: usize, y: usize, w: usize, h: usize, band_px: usize) -> bool {
    x >= band_px && y >= band_px && x + band_px < w && y + band_px < h
}

/// Width, mm, of the ring around a clipped blob that [`print_beside`] looks at.
pub const BESIDE_MM: f32 = 0.5;
/// A blob is printed white beside print when the darkest 5 % of the ring [`BESIDE_MM`] around
/// it lies within this share of the way from the document's ink (its 2nd percentile of
/// luminance) to its paper ([`PAPER_PERCENTILE`]). A highlight is brightest at its clipped core
/// and lifts whatever lies around it, print included, so the print just outside the core is
/// washed towards the paper; print on a white field keeps its full darkness up to the white's
/// edge. Measured (fixtures; real images set on a dark table as `tests/realdata_perturb.rs`
/// does): the fixtures' glare blobs labelled to fail 0.74–1.05, labelled borderline 0.62 and
/// up; the false blobs on the real pages −0.14–1.34, a quarter of them under 0.6 (white between
/// MRZ characters and around printed fields). Fixtures' `glare` unchanged but a clean booklet's
/// warning (0.09) gone.
pub const PRINT_BESIDE: f32 = 0.6;

/// The document has print to look for beside a blob when its ink is this many levels under its
/// paper (as `veil::MIN_TEXT_CONTRAST`: above JPEG and camera noise).
pub const MIN_PRINT_CONTRAST: f32 = 25.0;

/// Whether a clipped blob has print at full darkness right beside it ([`PRINT_BESIDE`]):
/// `lum` is the page's luminance (`w × h`), `ink` and `paper` the document's levels, `ring_px`
/// the ring's width.
pub fn print_beside(
    lum: &[f32],
    (w, h): (usize, usize),
    blob: &super::blobs::Blob,
    (ink, paper): (f32, f32),
    ring_px: usize,
) -> bool {
    use imageproc::distance_transform::{distance_transform, Norm};
    let (x0, y0) = (
        blob.x0.saturating_sub(ring_px),
        blob.y0.saturating_sub(ring_px),
    );
    let (x1, y1) = (
        (blob.x1 + ring_px).min(w - 1),
        (blob.y1 + ring_px).min(h - 1),
    );
    let mut mask = image::GrayImage::new((x1 - x0 + 1) as u32, (y1 - y0 + 1) as u32);
    for &i in &blob.members {
        mask.put_pixel((i % w - x0) as u32, (i / w - y0) as u32, image::Luma([255]));
    }
    let dist = distance_transform(&mask, Norm::LInf);
    let mut ring: Vec<f32> = dist
        .enumerate_pixels()
        .filter(|(_, _, d)| (1..=ring_px).contains(&(d.0[0] as usize)))
        .map(|(x, y, _)| lum[(y as usize + y0) * w + x as usize + x0])
        .collect();
    // a page without print (its ink as light as its paper) has none beside anything
    if ring.is_empty() || paper - ink < MIN_PRINT_CONTRAST {
        return false;
    }
    let k = ring.len() / 20;
    let dark = *ring.select_nth_unstable_by(k, |a, b| a.total_cmp(b)).1;
    (dark - ink) / (paper - ink).max(1.0) < PRINT_BESIDE
}

/// Blobs smaller than this share of the page are specks (text holes, JPEG noise).
pub const MIN_BLOB_SHARE: f64 = 0.00005;
/// Print is darker than this share of the paper's level.
pub const INK_LEVEL: f32 = 0.6;
/// A clipped blob whose central 60 % holds more print than this share is printed white, not
/// a highlight. Without this rule 14 clean fixtures failed (MRZ band at full white, 4.9–14 %
/// of the page); with it none do and every glare fixture still fails.
pub const MAX_INK_SHARE: f64 = 0.02;
/// Glare over the MRZ, portrait or text fails from this share of the document. Fixture labels:
/// ≥ 0.15 % over a key area fails, < 0.15 % over one is borderline; clean highlights (0.02 %,
/// 0.12 % off the text) pass. Measured share of the rectified page: pass ≤ 0.10 % (n=160),
/// borderline 0.05–0.49 % (n=4), fail 0.26–4.3 % (n=10, all over a key region).
pub const FAIL_KEY_SHARE: f64 = 0.0017;
/// Glare anywhere fails from this share (Regula's `maxGlaringPart` sample: 1 %; fixture labels:
/// ≥ 1 % fails, 0.25–1 % off key areas is borderline).
pub const FAIL_ANY_SHARE: f64 = 0.006;

/// A highlight off the MRZ, portrait and text warns only from this share: below it, it covers
/// nothing a reviewer reads and does not change the odds, so the check passes. Fixture labels:
/// clean highlights off the text (0.02 %, 0.12 %) pass, 0.25–1 % off key areas is borderline;
/// of the 14 glare warnings on the fixtures before this rule, 5 were highlights of 0.02–0.10 %
/// off the text on photos with no glare defect (two labelled "clean: tiny highlight off the
/// text"): they now pass; the borderline one off the text (labelled 0.48 %) still warns.
pub const WARN_OFF_KEY_SHARE: f64 = 0.0025;

/// Whether glare that does not fail is worth a warning: over a key region, or off them from
/// [`WARN_OFF_KEY_SHARE`].
pub fn warns(share: f64, covers_key: bool) -> bool {
    share > 0.0 && (covers_key || share >= WARN_OFF_KEY_SHARE)
}

/// What the glare measurement found.
#[derive(Debug, Clone, PartialEq)]
pub struct Glare {
    /// Share of the page's pixels in glare blobs.
    pub share: f64,
    /// Key regions touched.
    pub covers: Vec<&'static str>,
    /// Blob bounding boxes, page px.
    pub blobs: Vec<[u32; 4]>,
    /// The paper itself is clipped: glare was not measured.
    pub paper_clipped: bool,
}

pub fn measure(page: &Page) -> Glare {
    let img = &page.image;
    let (w, h) = (img.width() as usize, img.height() as usize);
    let lum = super::luma(img);
    let mut sorted: Vec<f32> = lum.iter().copied().filter(|v| *v >= 1.0).collect();
    let none = Glare {
        share: 0.0,
        covers: vec![],
        blobs: vec![],
        paper_clipped: false,
    };
    if sorted.is_empty() {
        return none;
    }
    let k = (sorted.len() * PAPER_PERCENTILE / 100).min(sorted.len() - 1);
    let paper = *sorted.select_nth_unstable_by(k, |a, b| a.total_cmp(b)).1;
    if paper >= PAPER_CLIPPED {
        return Glare {
            paper_clipped: true,
            ..none
        };
    }
    // the document's ink: its 2nd percentile (below the paper's, already partitioned there)
    let k_ink = sorted.len() / 50;
    let ink = *sorted[..=k]
        .select_nth_unstable_by(k_ink, |a, b| a.total_cmp(b))
        .1;
    let band = if page.whole_frame {
        0
    } else {
        ((EDGE_BAND_MM * page.px_per_mm).round() as usize).max(2)
    };
    let clipped: Vec<bool> = img
        .enumerate_pixels()
        .map(|(x, y, p)| {
            p.0.iter().all(|&c| c >= CLIPPED) && judged(x as usize, y as usize, w, h, band)
        })
        .collect();
    let min_blob = ((MIN_BLOB_SHARE * (w * h) as f64) as usize).max(4);
    let ring_px = ((BESIDE_MM * page.px_per_mm).round() as usize).max(2);
    let (mut total, mut covers, mut blobs) = (0usize, Vec::new(), Vec::new());
    for blob in super::blobs::blobs(&clipped, w, h) {
        let (x0, y0, x1, y1) = (blob.x0, blob.y0, blob.x1, blob.y1);
        let members = &blob.members;
        if members.len() < min_blob {
            continue;
        }
        if page.whole_frame && (x0 == 0 || y0 == 0 || x1 == w - 1 || y1 == h - 1) {
            continue;
        }
        if is_strip(x1 - x0 + 1, y1 - y0 + 1, w, h) {
            continue;
        }
        // printed white (an MRZ band) has print inside it; a highlight washes the print out
        let (cx0, cx1) = (x0 + (x1 - x0) / 5, x1 - (x1 - x0) / 5);
        let (cy0, cy1) = (y0 + (y1 - y0) / 5, y1 - (y1 - y0) / 5);
        let (mut ink_px, mut n) = (0usize, 0usize);
        for y in cy0..=cy1 {
            for x in cx0..=cx1 {
                n += 1;
                if lum[y * w + x] < INK_LEVEL * paper {
                    ink_px += 1;
                }
            }
        }
        if ink_px as f64 > MAX_INK_SHARE * n as f64 {
            continue;
        }
        if print_beside(&lum, (w, h), &blob, (ink, paper), ring_px) {
            continue;
        }
        total += members.len();
        for &i in members.iter().step_by(7) {
            for r in page.regions_at((i % w) as u32, (i / w) as u32) {
                if !covers.contains(&r) {
                    covers.push(r);
                }
            }
        }
        blobs.push([
            x0 as u32,
            y0 as u32,
            (x1 - x0 + 1) as u32,
            (y1 - y0 + 1) as u32,
        ]);
    }
    Glare {
        share: total as f64 / (w * h) as f64,
        covers,
        blobs,
        paper_clipped: false,
    }
}

/// Added light (a flare or sheen, [`super::veil`]) over the MRZ, portrait or text fails from
/// this share of the document. Fixture label (tools/fixgen issue12.rs): print washed out
/// (contrast down by 45 % or more) on ≥ 0.5 % of the document over a key region fails. Measured
/// on fixtures/manifest.jsonl (the tuning data; the realdata tuning part has no flare): the six
/// flare/sheen fixtures labelled to fail 0.58–3.81 % (flare-orange-idfront 0, missed); every
/// other fixture 0 except a finger over the MRZ (td3-clutter-finger-133, 0.59 %, failed by
/// `occlusion` anyway) and one clean photo off the key regions (0.44 %, warns). Three cells
/// (the smallest group, [`super::veil::MIN_CELLS`]) are 0.44 % of a passport page.
pub const VEIL_FAIL_SHARE: f64 = 0.004;

/// `scan`: the image is a scan, a rendering or a tight crop (no outline found, or the frame beyond
/// the outline is the document itself; see [`super::framing::tight_crop`]).
pub fn check(page: &Page, scan: bool, photo: (u32, u32), marks: &mut Vec<Mark>) -> Finding {
    let g = measure(page);
    let v = super::veil::measure(page);
    let where_ = page.where_measured();
    let over_of = |covers: &[&str]| {
        if covers.is_empty() {
            "off the text".to_string()
        } else {
            format!("over the {}", covers.join(" and the "))
        }
    };
    // Added light that washes the print out (issue 12): a coloured flare or laminate sheen that
    // is not clipped. On a scan it only warns, as clipped white does below: a scanner's lamp
    // makes no flare.
    let veil_over = over_of(&v.covers);
    let veil_pct = 100.0 * v.share;
    for b in &v.boxes {
        marks.push(Mark {
            label: "flare".into(),
            color: colors::GLARE,
            shape: MarkShape::Rect(page.region_in_photo(*b, photo)),
        });
    }
    // Over the portrait alone it warns: a portrait is a photograph, not print on the page, and
    // the veil's measure (ink and paper against the document's own print) misreads another
    // design's portrait as washed out (issue 12's `design-*` fixtures: two clean pages, 1.38 and
    // 3.09 %, portrait only). The `portrait` check fails a flare there when no face shows
    // through it.
    let veil_fails = v.covers.iter().any(|c| *c != "portrait");
    if !scan && v.share >= VEIL_FAIL_SHARE && veil_fails {
        return fail(
            "glare",
            format!("a flare or sheen washes out the print {veil_over} ({veil_pct:.2} % of the document){where_}"),
        )
        .with_advice(format!(
            "Move away from the lamp or window, or tilt the document, until the coloured haze {veil_over} disappears; diffuse daylight works best."
        ))
        .with_value(v.share, VEIL_FAIL_SHARE);
    }
    if g.paper_clipped {
        return Finding::skipped(
            "glare",
            "the paper itself is at full white, so highlights cannot be told from it (see exposure)",
        );
    }
    let pct = 100.0 * g.share;
    let over = over_of(&g.covers);
    // On a scan (no outline found, or a tight crop whose surround is the document itself) full
    // white is the scanner's or renderer's white (form fields, white print at 255), not a
    // reflection from a lamp: it warns. Every glare fixture is a photo with background around
    // the page (surround colour distance ≥ 132); the real scans that failed here (passporteye
    // *-polx 3.3–6.4 %, Spain 0.29 %, Netherland 0.51 %, Arg0s1080 USA visa 0.47 %) are clean.
    let fails =
        !scan && (g.share >= FAIL_ANY_SHARE || (g.share >= FAIL_KEY_SHARE && !g.covers.is_empty()));
    for b in &g.blobs {
        marks.push(Mark {
            label: "glare".into(),
            color: colors::GLARE,
            shape: MarkShape::Rect(page.region_in_photo(*b, photo)),
        });
    }
    let threshold = if g.covers.is_empty() {
        FAIL_ANY_SHARE
    } else {
        FAIL_KEY_SHARE
    };
    let f = if fails {
        fail("glare", format!("glare covers {pct:.2} % of the document, {over}{where_}"))
            .with_advice(format!(
                "Turn the flash off and tilt the document or move away from the lamp until the reflection {over} disappears; diffuse daylight works best."
            ))
    } else if warns(g.share, !g.covers.is_empty()) {
        Finding::warn(
            "glare",
            format!("a small highlight ({pct:.2} % of the document) {over}{where_}"),
        )
        .with_advice("Tilt the document slightly away from the light to remove the reflection.")
    } else if v.share > 0.0 {
        let faint = if v.share >= VEIL_FAIL_SHARE {
            ""
        } else {
            "faint "
        };
        Finding::warn(
            "glare",
            format!("a {faint}flare or sheen washes out the print {veil_over} ({veil_pct:.2} % of the document){where_}"),
        )
        .with_advice("Tilt the document slightly away from the light to remove the haze.")
    } else if g.share > 0.0 {
        Finding::pass(
            "glare",
            format!("only a small highlight ({pct:.2} % of the document) off the text{where_}"),
        )
    } else {
        Finding::pass("glare", format!("no glare{where_}"))
    };
    f.with_value(g.share, threshold)
}

#[cfg(test)]
mod warning_tests {
    use super::*;

    #[test]
    fn a_small_highlight_off_the_text_passes_without_a_warning() {
        // td3-wood-highlight-clean-042 (0.02 %) and td3-desk-glare-113 (0.10 %): clean
        assert!(!warns(0.0002, false));
        assert!(!warns(0.0010, false));
        // the borderline one off the text (0.48 %) and any over the MRZ, portrait or text warn
        assert!(warns(0.0048, false));
        assert!(warns(0.0001, true));
        assert!(!warns(0.0, true));
    }
}

#[cfg(test)]
mod surround_tests {
    use super::*;
    use crate::facts::Shape;
    use image::{Rgb, RgbImage};

    /// An ID-1 card page at 8 px/mm on tinted paper (230), with `paint` applied.
    fn card(paint: impl Fn(u32, u32) -> bool) -> Page {
        const S: u32 = 8;
        let (w, h) = (86 * S, 54 * S);
        let img = RgbImage::from_fn(w, h, |x, y| {
            Rgb(if paint(x, y) {
                [255; 3]
            } else {
                [230, 228, 222]
            })
        });
        Page {
            image: img,
            px_per_mm: S as f32,
            shape: Shape::Id1,
            to_photo: None,
            whole_frame: false,
        }
    }

    #[test]
    fn a_white_table_in_the_outlines_error_and_a_cards_rounded_corners_is_not_glare() {
        // a 0.75 mm sliver along the top and the left (the outline 6 px outside the card), and
        // the white table in the four corners outside ISO/IEC 7810's 3.18 mm card corner
        let (w, h) = (86.0 * 8.0, 54.0 * 8.0);
        let r = 3.18 * 8.0;
        let g = measure(&card(|x, y| {
            let (x, y) = (x as f32 + 0.5, y as f32 + 0.5);
            let (cx, cy) = (x.min(w - x), y.min(h - y));
            let outside_arc = cx < r && cy < r && (r - cx).powi(2) + (r - cy).powi(2) > r * r;
            x < 6.0 || y < 6.0 || outside_arc
        }));
        assert_eq!(g.share, 0.0, "{g:?}");
    }

    #[test]
    fn a_highlight_by_the_edge_is_still_glare() {
        // a round highlight 3 mm across whose edge reaches the card's edge: the part beyond the
        // 1 mm band still counts
        let g = measure(&card(|x, y| {
            (x as f32 - 12.0).powi(2) + (y as f32 - 200.0).powi(2) < 12.0f32.powi(2) * 4.0
        }));
        assert!(g.share > 0.002, "{g:?}");
    }

    #[test]
    fn a_white_strip_through_the_page_is_not_glare_but_a_compact_blob_of_its_area_is() {
        // the white gap between two scans side by side: 2.5 mm wide, the page's full height
        let strip = measure(&card(|x, _| (340..360).contains(&x)));
        assert_eq!(strip.share, 0.0, "{strip:?}");
        // the same area as a square highlight (about 93 px a side)
        let blob = measure(&card(|x, y| {
            (300..393).contains(&x) && (150..243).contains(&y)
        }));
        assert!(blob.share > 0.02, "{blob:?}");
    }

    #[test]
    fn white_between_print_is_not_glare_but_a_highlight_over_print_is() {
        // a white band (at 255, as a rendering's MRZ band) whose dark characters run its full
        // height and cut it into pieces: each piece has no print inside, but print right beside
        let mut page = card(|_, y| (300..360).contains(&y));
        for (x, y, p) in page.image.enumerate_pixels_mut() {
            if (300..360).contains(&y) && x % 14 < 6 {
                *p = Rgb([30, 30, 40]);
            }
        }
        let g = measure(&page);
        assert_eq!(g.share, 0.0, "{g:?}");
        // a highlight over print: light added on a radial falloff, clipped at its core, the
        // strokes around the core lifted towards white
        let (w, h) = (86 * 8, 54 * 8);
        let mut img = RgbImage::from_fn(w, h, |x, y| {
            Rgb(if y % 8 < 2 && x % 5 < 3 {
                [30, 30, 40]
            } else {
                [230, 228, 222]
            })
        });
        for (x, y, p) in img.enumerate_pixels_mut() {
            let d2 = (x as f32 - 300.0).powi(2) + (y as f32 - 200.0).powi(2);
            let light = 1.6 * (-d2 / (2.0 * 40.0f32.powi(2))).exp();
            for v in p.0.iter_mut() {
                *v = (255.0 - (255.0 - *v as f32) * (1.0 - light).max(0.0)) as u8;
            }
        }
        let page = Page {
            image: img,
            px_per_mm: 8.0,
            shape: Shape::Id1,
            to_photo: None,
            whole_frame: false,
        };
        let g = measure(&page);
        assert!(g.share > 0.005, "{g:?}");
    }

    #[test]
    fn judged_leaves_out_the_band() {
        let (w, h, band) = (800, 500, 8);
        assert!(!judged(7, 250, w, h, band));
        assert!(judged(8, 250, w, h, band));
        assert!(judged(400, 491, w, h, band));
        assert!(!judged(400, 492, w, h, band));
        assert!(!judged(w - 1, 0, w, h, band));
        // a whole-frame page judges everything
        assert!(judged(0, 0, w, h, 0));
    }

    #[test]
    fn strips_are_long_and_thin() {
        assert!(is_strip(20, 432, 688, 432));
        assert!(is_strip(300, 30, 688, 432));
        // long but thick: a large highlight
        assert!(!is_strip(300, 120, 688, 432));
        // thin but short
        assert!(!is_strip(80, 5, 688, 432));
    }
}
